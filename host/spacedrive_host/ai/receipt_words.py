"""The words receipts use, by role, in English, German, French, Spanish, Italian and
Japanese (and what OCR makes of them: accents are optional). `extract.py` compiles them.

Each tuple lists regular-expression fragments matched case-insensitively on word
boundaries; keep them short and general (a role, not a shop's wording).
"""

from __future__ import annotations

MONTHS: dict[str, tuple[str, ...]] = {
    # month number -> names and abbreviations (en, de, fr, es, it, nl-ish abbreviations come along)
    "1": ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "genn?"),
    "2": ("february", "feb", "februar", "février", "fevrier", "févr", "fevr", "fév", "fev", "febrero", "febbraio"),
    "3": ("march", "mar", "märz", "maerz", "marz", "mrz", "mars", "marzo"),
    "4": ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    "5": ("may", "mai", "mayo", "maggio", "magg?"),
    "6": ("june", "jun", "juni", "juin", "junio", "giugno", "giu"),
    "7": ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug"),
    "8": ("august", "aug", "août", "aout", "agosto", "ago"),
    "9": ("september", "sept?", "septembre", "septiembre", "setiembre", "settembre", "sett?"),
    "10": ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott"),
    "11": ("november", "nov", "novembre", "noviembre"),
    "12": ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre"),
}

# Labels of the transaction date (positive) and of every other date a receipt prints.
DATE_LABELS = (
    r"date", r"dated", r"datum", r"fecha", r"data", r"belegdatum", r"rechnungsdatum", r"kaufdatum", r"verkaufsdatum",
    r"leistungsdatum", r"date\s+d'achat", r"date\s+de\s+(?:vente|facture|commande)", r"facture\s+du", r"^le",
    r"order\s+(?:date|placed)", r"ordered(?:\s+on)?", r"invoice\s+date", r"purchased?(?:\s+on)?", r"transaction",
    r"issued(?:\s+on)?", r"sold\s+on", r"fecha\s+de\s+(?:compra|emisi[oó]n|factura)", r"data\s+(?:acquisto|emissione)",
    r"日付", r"ご?注文日", r"購入日", r"発行日", r"お買上げ日",
)  # fmt: skip
OTHER_DATE_LABELS = (
    r"until", r"till", r"through", r"thru", r"expires?", r"expiry", r"exp", r"valid", r"due", r"by", r"before",
    r"delivery", r"delivered", r"ship(?:ped|ping)?", r"arrives?", r"since", r"up\s+to", r"returns?", r"refunds?",
    r"survey", r"offer", r"points?", r"rewards?", r"member", r"birth", r"period", r"from", r"bis", r"gültig",
    r"gultig", r"fällig", r"fallig", r"zahlbar", r"umtausch", r"aktion", r"seit", r"punkte", r"jusqu", r"valable",
    r"valables", r"échéance", r"echeance", r"échange", r"echange", r"offre", r"livraison", r"hasta", r"v[aá]lid[oa]s?",
    r"vencimiento", r"cambios?", r"entrega", r"entro", r"fino", r"scadenza", r"validi", r"consegna", r"期限", r"有効",
    r"返品", r"お届け",
)  # fmt: skip

# Grand-total labels, strongest first; generic ones after; never-total labels.
GRAND_TOTAL = (
    r"grand\s+total", r"total\s+due", r"amount\s+due", r"balance\s+(?:due|to\s+pay)", r"total\s+to\s+pay",
    r"total\s+(?:paid|charged|payable|amount)", r"amount\s+(?:paid|charged|payable)", r"order\s+total", r"total\s+price",
    r"invoice\s+total", r"total\s+(?:\(?(?:inc|incl|including)\.?\s+(?:tax|vat|gst)\)?)", r"total\s+\(?tax\s+incl\.?\)?",
    r"gesamtbetrag", r"gesamtsumme", r"endbetrag", r"rechnungsbetrag", r"zu\s+zahlen", r"zahlbetrag", r"bruttobetrag",
    r"summe\s+brutto", r"total\s+ttc", r"montant\s+ttc", r"net\s+[aà]\s+payer", r"total\s+[aà]\s+payer",
    r"montant\s+(?:total|d[uû]|pay[ée])", r"reste\s+[aà]\s+payer", r"importe\s+total", r"total\s+a\s+pagar",
    r"total\s+\(?iva\s+incl", r"importe\s+a\s+pagar", r"total\s+factura", r"totale\s+complessivo",
    r"totale\s+da\s+pagare", r"importo\s+(?:pagato|totale|dovuto)", r"totale\s+(?:euro|eur|documento|fattura)",
    r"お?支払い?合計", r"ご請求額", r"お会計", r"合計金額", r"税込合計",
)  # fmt: skip
TOTAL = (r"total", r"summe", r"gesamt", r"totale", r"importe", r"montant", r"betrag", r"amount", r"sum", r"合計", r"計")
NOT_TOTAL = (
    # sub-totals and before-tax amounts
    r"sub[\s-]?totale?", r"sous[\s-]?total", r"zwischensumme", r"parziale", r"小計", r"warenwert", r"net(?:to)?",
    r"nett?o?betrag", r"ht", r"hors\s+taxes?", r"excl?\.?", r"excluding", r"ex\.?\s+vat", r"before\s+tax", r"pre[\s-]?tax",
    r"sin\s+iva", r"base\s+imp(?:onible)?\.?", r"imponibile", r"taxable",
    # taxes (a total "incl. tax" is stripped of that phrase before this test)
    r"tax(?:es)?", r"vat", r"mwst\.?", r"ust\.?", r"steuer", r"tva", r"iva", r"gst", r"hst", r"pst", r"qst", r"tps",
    r"tvq", r"消費税", r"内税", r"外税",
    # tips, change, tendered cash, savings, loyalty, counts, balances of something else
    r"tip", r"gratuity", r"pourboire", r"propina", r"mancia", r"trinkgeld", r"service\s+charge", r"coperto",
    r"change", r"r[üu]ckgeld", r"rendu", r"monnaie", r"cambio", r"resto", r"お釣り?", r"おつり", r"釣銭",
    r"cash", r"tendered", r"gegeben", r"esp[eè]ces", r"efectivo", r"contanti", r"お?預り?", r"bar",
    r"sav(?:ed|ings?)", r"sparen", r"ersparnis", r"[ée]conomis[ée]", r"ahorrado", r"ahorro", r"risparmiat[oi]",
    r"discount", r"rabatt", r"remise", r"descuento", r"sconto", r"promotions?", r"coupon",
    r"points?", r"punkte", r"punti", r"puntos", r"fid[ée]lit[ée]", r"cagnotte", r"rewards?", r"clubcard", r"payback",
    r"items?", r"qty", r"quantity", r"artikel", r"articles?", r"art[ií]culos?", r"pezzi", r"anzahl", r"nombre", r"n[ºo°]",
    r"previous", r"gift\s+card", r"card\s+balance", r"remaining", r"up\s+to", r"deposit", r"pfand",
)  # fmt: skip
INCLUDED_TAX = (
    r"\(?\s*(?:inc|incl|including|inkl|includes|incluye|incluido|inclusa?|incluse?|compris|tax\s+incl|iva\s+incl|ttc)"
    r"\.?\s*(?:tax|vat|mwst|ust|tva|iva|gst)?\.?\s*\)?"
)
SUBTOTAL = (r"sub[\s-]?totale?", r"sous[\s-]?total", r"zwischensumme", r"subtotale", r"parziale", r"小計", r"warenwert")
NET = (r"total\s+ht", r"montant\s+ht", r"netto", r"nettobetrag", r"net\s+total", r"base\s+imponible", r"imponibile",
       r"total\s+(?:excl|ex)\.?\s+vat", r"total\s+\(ex\s+vat\)", r"total\s+sin\s+iva")  # fmt: skip
TAX = (r"sales\s+tax", r"tax(?:es)?", r"vat", r"mwst\.?", r"ust\.?", r"steuer", r"tva", r"iva", r"gst(?:/hst)?", r"hst",
       r"pst", r"qst", r"tps", r"tvq", r"消費税", r"内消費税")  # fmt: skip
TIP = (r"tip", r"gratuity", r"pourboire", r"propina", r"mancia", r"trinkgeld", r"service\s+charge", r"service")

PAYMENT: dict[str, tuple[str, ...]] = {
    "card": (r"visa", r"master\s*card", r"mastercard", r"amex", r"american\s+express", r"maestro", r"debit", r"credit",
             r"card", r"carte", r"cb", r"tarjeta", r"carta", r"bancomat", r"interac", r"ec[\s-]?karte", r"girocard",
             r"karte", r"kartenzahlung", r"contactless", r"クレジット"),  # fmt: skip
    "cash": (r"cash", r"bar", r"esp[eè]ces", r"efectivo", r"contanti", r"現金", r"お?預り"),
    "mobile": (r"apple\s+pay", r"google\s+pay", r"paypay", r"suica", r"bizum", r"satispay", r"twint"),
    "paypal": (r"paypal",),
}

TITLES = (
    r"receipt", r"sales\s+receipt", r"vat\s+receipt", r"your\s+receipt", r"customer\s+copy", r"merchant\s+copy",
    r"welcome", r"invoice", r"tax\s+invoice", r"bill", r"order", r"order\s+confirmation", r"refund", r"return",
    r"return\s+receipt", r"refund\s+receipt", r"credit\s+note", r"copy", r"duplicate", r"kassenbon", r"kassenbeleg",
    r"quittung", r"rechnung", r"beleg", r"bon", r"storno", r"r[üu]ckgabe", r"gutschrift", r"ticket", r"ticket\s+de\s+caisse",
    r"ticket\s+client", r"facture", r"re[çc]u", r"avoir", r"remboursement", r"retour", r"retour\s+marchandise",
    r"factura", r"factura\s+simplificada", r"factura\s+rectificativa", r"recibo", r"devoluci[óo]n", r"abono",
    r"scontrino", r"ricevuta", r"documento\s+commerciale", r"reso", r"nota\s+di\s+credito", r"rimborso", r"fattura",
    r"領収書", r"レシート", r"お買上げ明細",
)  # fmt: skip

THANKS = (
    r"thanks?(?:\s+you)?\s+for\s+(?:visiting|shopping\s+(?:at|with)|dining\s+(?:at|with)|choosing|your\s+(?:order|visit|purchase)\s+(?:at|with)|ordering\s+from|coming\s+to)",
    r"vielen\s+dank\s+f[üu]r\s+ihren\s+(?:einkauf|besuch)\s+(?:bei|im|in\s+der)",
    r"danke\s+f[üu]r\s+ihren\s+(?:einkauf|besuch)\s+(?:bei|im)",
    r"merci\s+(?:de\s+votre\s+visite|pour\s+votre\s+(?:achat|visite|commande))\s+(?:chez|[àa])",
    r"gracias\s+por\s+(?:su|tu)\s+(?:visita|compra)\s+(?:a|en)",
    r"grazie\s+per\s+(?:aver\s+scelto|l'acquisto\s+(?:da|presso)|la\s+visita\s+(?:da|presso))",
    r"welcome\s+to", r"willkommen\s+(?:bei|im)", r"bienvenue\s+chez", r"bienvenido\s+a", r"benvenuti\s+(?:da|in)",
)  # fmt: skip

ADDRESS = (
    r"tel", r"phone", r"fax", r"www\.", r"https?:", r"@", r"street", r"st\.?", r"road", r"rd\.?", r"avenue", r"ave\.?",
    r"lane", r"square", r"suite", r"blvd", r"str\.?", r"stra(?:ss|ß)e", r"allee", r"platz", r"weg", r"gasse", r"rue",
    r"place", r"boulevard", r"bd", r"av\.?", r"avda\.?", r"calle", r"c/", r"plaza", r"paseo", r"via", r"viale",
    r"corso", r"piazza", r"vat\s+(?:no|reg)", r"tax\s+id", r"ust[\s-]?id", r"steuer[\s-]?nr", r"siret", r"siren",
    r"nif", r"cif", r"p\.?\s*iva", r"partita\s+iva", r"abn", r"gst\s+(?:no|#|reg)", r"store\s*#", r"filiale",
    r"magasin", r"tienda", r"negozio", r"cashier", r"kasse", r"caisse", r"caja", r"cassa", r"terminal", r"table",
)  # fmt: skip

# "$" is the dollar of more than one country: what else in the text says which.
DOLLAR_COUNTRIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("CAD", (r"C\$", r"CA\$", r"CAD", r"gst", r"hst", r"pst", r"qst", r"tps", r"tvq", r"interac",
             r"[A-Z]\d[A-Z]\s?\d[A-Z]\d", r",\s*(?:ON|QC|BC|AB|MB|NS|NB|SK|NL|PE)\b", r"canada")),  # fmt: skip
    ("AUD", (r"A\$", r"AU\$", r"AUD", r"\babn\b", r"australia", r"\b(?:NSW|VIC|QLD|WA\s+\d{4}|TAS)\b")),
    ("NZD", (r"NZ\$", r"NZD", r"new\s+zealand")),
    ("SGD", (r"S\$", r"SGD", r"singapore")),
    ("HKD", (r"HK\$", r"HKD", r"hong\s+kong")),
    ("MXN", (r"MX\$", r"MXN", r"m[eé]xico")),
)

# Currencies told by the language or country of a receipt that names none.
LOCALE_CURRENCY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("JPY", (r"円", r"消費税", r"合計", r"[\u3040-\u30ff]")),
    ("GBP", (r"\bvat\b.*\b[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b", r"\b[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b")),
    ("CAD", (r"\b(?:GST|HST|PST|QST|TPS|TVQ|Interac)\b", r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b")),
    ("EUR", (r"\bmwst\b", r"\bust\b", r"\bsumme\b", r"\bzwischensumme\b", r"\btva\b", r"\bttc\b", r"\biva\b",
             r"\btotale\b", r"\bimporte\b", r"\bmontant\b", r"\bgesamt", r"\bcontanti\b", r"\befectivo\b")),  # fmt: skip
    ("USD", (r"\bsales\s+tax\b", r"\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b")),
)
