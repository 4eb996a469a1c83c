"""What varies by country in the generated receipts: languages, label wording, number,
currency and date formats, merchant names, tax rules and distractor lines.

Every list is sampled at random by `generate.py`; nothing here is copied from the
extractor's rules (the extractor must read wording it was not tuned on).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Locale:
    code: str
    country: str
    language: str
    currency: str
    decimals: int
    # (thousands separator, decimal separator) styles in use
    number_styles: tuple[tuple[str, str], ...]
    # how an amount is shown: "{n}" is the number; "{s}" the symbol; "{c}" the ISO code
    amount_styles: tuple[str, ...]
    total_styles: tuple[str, ...]  # how the grand total is shown (may name the code)
    symbol: str
    date_styles: tuple[str, ...]  # strftime-like keys understood by generate.format_date
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    total_labels: tuple[str, ...]
    subtotal_labels: tuple[str, ...]
    net_labels: tuple[str, ...]  # before tax, shown on the same receipt as the total (HT, netto)
    tax_labels: tuple[str, ...]  # "{r}" is the rate
    tip_labels: tuple[str, ...]
    date_labels: tuple[str, ...]
    time_labels: tuple[str, ...]
    payment_labels: tuple[tuple[str, str], ...]  # (printed, canonical)
    cash_labels: tuple[str, str]  # (tendered, change)
    refund_titles: tuple[str, ...]
    receipt_titles: tuple[str, ...]
    thanks: tuple[str, ...]  # "{m}" is the merchant
    distractor_dates: tuple[str, ...]  # "{d}" is a date that is not the transaction date
    distractor_totals: tuple[str, ...]  # "{a}" an amount that is not the grand total
    merchant_first: tuple[str, ...]
    merchant_second: tuple[str, ...]
    merchant_suffixes: tuple[str, ...]
    streets: tuple[str, ...]
    cities: tuple[str, ...]
    items: tuple[str, ...]
    column_heads: tuple[tuple[str, str, str], ...]  # item, qty, amount column headings
    tax_included: bool  # VAT inside the prices (Europe, Japan) or added on top (US, Canada)
    tax_rates: tuple[float, ...]
    tips: bool = False
    latin: bool = True  # the language can be drawn with a Latin font
    extra: dict[str, tuple[str, ...]] = field(default_factory=dict)


EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

US = Locale(
    code="US",
    country="United States",
    language="en",
    currency="USD",
    decimals=2,
    number_styles=((",", "."), ("", ".")),
    amount_styles=("${n}", "{n}", "$ {n}"),
    total_styles=("${n}", "{n}", "$ {n}", "{n} USD", "USD {n}", "US${n}"),
    symbol="$",
    date_styles=("m/d/Y", "m/d/y", "b d, Y", "B d, Y", "Y-m-d", "a b d Y", "m-d-Y"),
    months=EN_MONTHS,
    weekdays=EN_DAYS,
    total_labels=("TOTAL", "Total", "Grand Total", "Amount Due", "Total Due", "TOTAL CHARGED", "Amount Paid", "Balance Due"),
    subtotal_labels=("Subtotal", "SUBTOTAL", "Sub-total", "Merchandise Subtotal", "Items Subtotal"),
    net_labels=(),
    tax_labels=("Sales Tax", "Tax", "TAX {r}%", "State Tax {r}%", "Sales Tax ({r}%)"),
    tip_labels=("Tip", "Gratuity", "TIP"),
    date_labels=("Date:", "Date", "DATE", "Transaction Date:", "Purchased:", "Order Date:"),
    time_labels=("Time:", ""),
    payment_labels=(("VISA **** {4}", "card"), ("Mastercard xxxx{4}", "card"), ("AMEX ****{4}", "card"),
                    ("Debit Card ****{4}", "card"), ("Apple Pay", "mobile"), ("CASH", "cash")),  # fmt: skip
    cash_labels=("Cash Tendered", "Change Due"),
    refund_titles=("REFUND", "RETURN RECEIPT", "Refund Receipt"),
    receipt_titles=("RECEIPT", "Sales Receipt", "Customer Copy", "*** WELCOME ***", ""),
    thanks=("Thank you for shopping at {m}!", "Thanks for visiting {m}", "Thank you! Please come again", "Have a nice day"),
    distractor_dates=("Returns accepted until {d}", "Offer expires {d}", "Rewards valid through {d}", "Member since {d}",
                      "Total savings up to {d}", "Survey must be completed by {d}"),  # fmt: skip
    distractor_totals=("You saved {a}", "Total Savings {a}", "Rewards balance {a}", "Gift card balance {a}",
                       "Total items 3", "Previous balance {a}"),  # fmt: skip
    merchant_first=("Blue Ridge", "Harbor", "Maple Street", "Golden Gate", "Sunset", "Liberty", "Redwood", "Lone Star",
                    "Brooklyn", "Cascade", "Pioneer", "Hudson Valley"),  # fmt: skip
    merchant_second=("Coffee Co.", "Hardware", "Market", "Diner", "Books", "Pharmacy", "Grill", "Outfitters",
                     "Bagels", "Deli", "Auto Parts", "Pet Supply"),  # fmt: skip
    merchant_suffixes=("", "", "", " Inc.", " LLC"),
    streets=("1200 Pine St", "45 W 23rd Street", "880 Market Ave", "17 Elm Rd Suite 4"),
    cities=("Seattle, WA 98101", "New York, NY 10010", "Austin, TX 78701", "Denver, CO 80202"),
    items=("Coffee Lg", "Bagel w/ cream cheese", "Paper towels", "AA Batteries 8pk", "Dog food 15lb", "Notebook",
           "Sandwich", "Iced Tea", "Wrench set", "Shampoo", "Burger", "Fries", "Salad"),  # fmt: skip
    column_heads=(("Item", "Qty", "Total"), ("Description", "Qty", "Amount"), ("ITEM", "QTY", "PRICE")),
    tax_included=False,
    tax_rates=(6.0, 7.25, 8.875, 9.5),
    tips=True,
)

UK = Locale(
    code="UK",
    country="United Kingdom",
    language="en",
    currency="GBP",
    decimals=2,
    number_styles=((",", "."), ("", ".")),
    amount_styles=("£{n}", "{n}"),
    total_styles=("£{n}", "GBP {n}", "{n} GBP", "£ {n}"),
    symbol="£",
    date_styles=("d/m/Y", "d b Y", "d B Y", "d/m/y", "a d b Y", "Y-m-d", "d-b-Y"),
    months=EN_MONTHS,
    weekdays=EN_DAYS,
    total_labels=("TOTAL", "Total", "Order total", "Total to pay", "Amount paid", "BALANCE TO PAY", "Total (inc. VAT)",
                  "TOTAL (tax incl.)"),  # fmt: skip
    subtotal_labels=("Subtotal", "Sub total", "Item(s) subtotal"),
    net_labels=("Total excl. VAT", "Net total", "Total (ex VAT)"),
    tax_labels=("VAT {r}%", "VAT", "VAT @ {r}%", "Includes VAT {r}%"),
    tip_labels=("Service charge", "Gratuity"),
    date_labels=("Date:", "Date", "Order placed:", "Transaction date"),
    time_labels=("Time:", ""),
    payment_labels=(("Visa Debit ****{4}", "card"), ("Contactless MASTERCARD", "card"), ("CASH", "cash"),
                    ("PayPal", "paypal")),  # fmt: skip
    cash_labels=("Cash", "Change"),
    refund_titles=("REFUND", "Refund receipt", "Credit note"),
    receipt_titles=("RECEIPT", "VAT RECEIPT", "Your receipt", ""),
    thanks=("Thank you for shopping at {m}", "Thanks for your order!", "Please retain this receipt"),
    distractor_dates=("Total up to {d}", "Points expire {d}", "Refunds within 28 days, by {d}",
                      "Clubcard points valid to {d}", "Estimated delivery {d}"),  # fmt: skip
    distractor_totals=("Clubcard points 124", "You saved {a}", "Points balance {a}", "Total items 4",
                       "Promotions total {a}"),  # fmt: skip
    merchant_first=("The Crown", "Oakwood", "Thames", "Highland", "Kingsway", "Brighton", "Camden", "Yorkshire",
                    "Elm Tree", "Wessex"),  # fmt: skip
    merchant_second=("Books", "Grocers", "Pharmacy", "Tea Rooms", "Hardware", "Butchers", "Bakery", "Cycles",
                     "Fishmongers", "Stationers"),  # fmt: skip
    merchant_suffixes=("", "", " Ltd", " plc"),
    streets=("14 High Street", "2 Church Lane", "221 Baker St", "7 Market Square"),
    cities=("London SW1A 1AA", "Leeds LS1 4DY", "Bristol BS1 5TR", "York YO1 7HH"),
    items=("Semi-skimmed milk 2L", "Sourdough loaf", "Tea bags 80", "Paperback", "Bike lights", "Pasty", "Scones x4",
           "Cheddar 400g", "Envelopes", "Flat white"),  # fmt: skip
    column_heads=(("Item", "Qty", "Total"), ("Description", "Qty", "Price"), ("Product", "Quantity", "Total")),
    tax_included=True,
    tax_rates=(20.0, 5.0),
)

DE = Locale(
    code="DE",
    country="Germany",
    language="de",
    currency="EUR",
    decimals=2,
    number_styles=((".", ","), ("", ",")),
    amount_styles=("{n}", "{n} €", "{n} EUR"),
    total_styles=("{n} €", "{n} EUR", "EUR {n}", "{n}"),
    symbol="€",
    date_styles=("d.m.Y", "d.m.y", "d. B Y", "d.m.Y", "a d.m.Y", "Y-m-d"),
    months=("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
            "Dezember"),  # fmt: skip
    weekdays=("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
    total_labels=("SUMME", "Summe", "Gesamtbetrag", "Zu zahlen", "Gesamt", "Endbetrag", "Rechnungsbetrag",
                  "Betrag (inkl. MwSt.)"),  # fmt: skip
    subtotal_labels=("Zwischensumme", "Zwischensumme", "Warenwert"),
    net_labels=("Netto", "Summe netto", "Nettobetrag"),
    tax_labels=("MwSt {r}%", "USt. {r} %", "inkl. MwSt. {r}%", "MwSt.-Betrag"),
    tip_labels=("Trinkgeld",),
    date_labels=("Datum:", "Datum", "Belegdatum:", "Rechnungsdatum:", "Kaufdatum"),
    time_labels=("Uhrzeit:", ""),
    payment_labels=(("EC-Karte", "card"), ("Girocard", "card"), ("BAR", "cash"), ("Kartenzahlung VISA", "card")),
    cash_labels=("Gegeben BAR", "Rückgeld"),
    refund_titles=("STORNO", "Rückgabe", "Gutschrift"),
    receipt_titles=("Kassenbon", "Rechnung", "Quittung", "Beleg", ""),
    thanks=("Vielen Dank für Ihren Einkauf bei {m}", "Vielen Dank und auf Wiedersehen!", "Danke für Ihren Besuch"),
    distractor_dates=("Umtausch bis {d}", "Gutschein gültig bis {d}", "Payback-Punkte gültig bis {d}",
                      "Aktion gilt bis {d}", "Fällig am {d}"),  # fmt: skip
    distractor_totals=("Sie sparen {a}", "Payback-Punkte 58", "Rabatt gesamt {a}", "Anzahl Artikel 5"),
    merchant_first=("Bäckerei", "Metzgerei", "Buchhandlung", "Apotheke am", "Café", "Getränkemarkt", "Blumen",
                    "Drogerie", "Eisenwaren"),  # fmt: skip
    merchant_second=("Müller", "Schäfer", "Weiß", "Köhler", "Größmann", "Rathausplatz", "Schlüter", "Bäumer",
                     "Jünger", "Hoffmann"),  # fmt: skip
    merchant_suffixes=("", "", " GmbH", " e.K.", " & Söhne"),
    streets=("Hauptstraße 12", "Bahnhofstr. 4", "Marktplatz 1", "Königsallee 27"),
    cities=("10115 Berlin", "80331 München", "50667 Köln", "20095 Hamburg"),
    items=("Brötchen", "Vollkornbrot", "Milch 1L", "Käse", "Äpfel 1kg", "Kaffee", "Zahnpasta", "Schrauben", "Blumenstrauß",
           "Apfelschorle", "Brezel"),  # fmt: skip
    column_heads=(("Artikel", "Menge", "Betrag"), ("Bezeichnung", "Anz.", "Summe"), ("Position", "Stk", "Gesamt")),
    tax_included=True,
    tax_rates=(19.0, 7.0),
)

FR = Locale(
    code="FR",
    country="France",
    language="fr",
    currency="EUR",
    decimals=2,
    number_styles=((" ", ","), ("\u202f", ","), ("", ","), (".", ",")),
    amount_styles=("{n} €", "{n}", "{n} EUR", "{n}€"),
    total_styles=("{n} €", "{n} EUR", "{n}€", "EUR {n}"),
    symbol="€",
    date_styles=("d/m/Y", "Le d B Y", "d B Y", "d/m/y", "A d B Y", "d.m.Y", "d-m-Y"),
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
            "décembre"),  # fmt: skip
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    total_labels=("TOTAL TTC", "Total TTC", "Montant TTC", "Net à payer", "TOTAL", "Montant total", "Total à payer"),
    subtotal_labels=("Sous-total", "SOUS-TOTAL", "Sous total"),
    net_labels=("Total HT", "Montant HT", "TOTAL HT"),
    tax_labels=("TVA {r}%", "TVA", "Dont TVA {r} %", "TVA ({r}%)"),
    tip_labels=("Pourboire", "Service"),
    date_labels=("Date :", "Date", "Date d'achat :", "Facture du"),
    time_labels=("Heure :", ""),
    payment_labels=(("CB **** {4}", "card"), ("Carte bancaire", "card"), ("ESPECES", "cash"), ("Paiement CB", "card")),
    cash_labels=("Espèces", "Rendu monnaie"),
    refund_titles=("AVOIR", "REMBOURSEMENT", "Retour marchandise"),
    receipt_titles=("Ticket de caisse", "FACTURE", "Reçu", "TICKET CLIENT", ""),
    thanks=("Merci de votre visite chez {m}", "Merci et à bientôt !", "Merci pour votre achat"),
    distractor_dates=("Échange possible jusqu'au {d}", "Bon valable jusqu'au {d}", "Points fidélité valables au {d}",
                      "Offre valable jusqu'au {d}", "Échéance : {d}"),  # fmt: skip
    distractor_totals=("Vous avez économisé {a}", "Cagnotte fidélité {a}", "Nombre d'articles 4", "Remise totale {a}"),
    merchant_first=("Boulangerie", "Librairie", "Café", "Pharmacie", "Brasserie", "Fromagerie", "Épicerie", "Quincaillerie",
                    "Pâtisserie"),  # fmt: skip
    merchant_second=("du Marché", "Lefèvre", "Saint-Honoré", "de la Gare", "Élise", "Bérénice", "du Château",
                     "Gaillard", "des Halles"),  # fmt: skip
    merchant_suffixes=("", "", " SARL", " SAS"),
    streets=("12 rue de la Paix", "3 place du Marché", "45 avenue Victor Hugo", "8 bd Haussmann"),
    cities=("75002 Paris", "69001 Lyon", "33000 Bordeaux", "13001 Marseille"),
    items=("Baguette", "Croissant", "Pain au chocolat", "Café crème", "Comté 250g", "Livre de poche", "Doliprane",
           "Tarte aux pommes", "Eau minérale", "Vis à bois"),  # fmt: skip
    column_heads=(("Article", "Qté", "Montant"), ("Désignation", "Qté", "Total"), ("Produit", "Quantité", "Prix")),
    tax_included=True,
    tax_rates=(20.0, 5.5, 10.0),
)

ES = Locale(
    code="ES",
    country="Spain",
    language="es",
    currency="EUR",
    decimals=2,
    number_styles=((".", ","), ("", ",")),
    amount_styles=("{n} €", "{n}", "{n}€", "{n} EUR"),
    total_styles=("{n} €", "{n} EUR", "{n}€", "EUR {n}"),
    symbol="€",
    date_styles=("d/m/Y", "d de B de Y", "d-m-Y", "d/m/y", "d.m.Y"),
    months=("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
            "noviembre", "diciembre"),  # fmt: skip
    weekdays=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    total_labels=("TOTAL", "Total", "Importe total", "TOTAL A PAGAR", "Total (IVA incl.)", "Importe"),
    subtotal_labels=("Subtotal", "SUBTOTAL"),
    net_labels=("Base imponible", "Base Imp.", "Total sin IVA"),
    tax_labels=("IVA {r}%", "IVA", "Cuota IVA {r}%"),
    tip_labels=("Propina",),
    date_labels=("Fecha:", "Fecha", "Fecha de compra:"),
    time_labels=("Hora:", ""),
    payment_labels=(("Tarjeta **** {4}", "card"), ("EFECTIVO", "cash"), ("Pago con tarjeta", "card"), ("Bizum", "mobile")),
    cash_labels=("Efectivo", "Cambio"),
    refund_titles=("DEVOLUCIÓN", "Abono", "Factura rectificativa"),
    receipt_titles=("TICKET", "Factura simplificada", "Recibo", ""),
    thanks=("Gracias por su visita a {m}", "¡Gracias por su compra!", "Vuelva pronto"),
    distractor_dates=("Cambios hasta el {d}", "Oferta válida hasta {d}", "Puntos válidos hasta {d}", "Vencimiento {d}"),
    distractor_totals=("Ha ahorrado {a}", "Saldo de puntos {a}", "Nº artículos 3", "Descuento total {a}"),
    merchant_first=("Panadería", "Farmacia", "Librería", "Ferretería", "Bar", "Frutería", "Pastelería", "Mercado"),
    merchant_second=("La Estrella", "Muñoz", "El Rincón", "Sol", "Peña", "Castañeda", "San Andrés", "La Almudena"),
    merchant_suffixes=("", "", " S.L.", " S.A."),
    streets=("Calle Mayor 10", "Avda. de la Constitución 5", "Plaza España 3", "C/ Alcalá 120"),
    cities=("28013 Madrid", "08002 Barcelona", "41001 Sevilla", "46001 Valencia"),
    items=("Barra de pan", "Café con leche", "Croissant", "Jamón serrano", "Aceite de oliva", "Tornillos", "Libro",
           "Zumo de naranja", "Tortilla"),  # fmt: skip
    column_heads=(("Artículo", "Cant.", "Importe"), ("Descripción", "Uds", "Total"), ("Producto", "Cant", "Precio")),
    tax_included=True,
    tax_rates=(21.0, 10.0),
)

IT = Locale(
    code="IT",
    country="Italy",
    language="it",
    currency="EUR",
    decimals=2,
    number_styles=((".", ","), ("", ",")),
    amount_styles=("{n}", "€ {n}", "{n} €", "EUR {n}"),
    total_styles=("€ {n}", "EUR {n}", "{n} €", "{n} EUR"),
    symbol="€",
    date_styles=("d/m/Y", "d B Y", "d-m-Y", "d/m/y", "d.m.Y"),
    months=("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
            "novembre", "dicembre"),  # fmt: skip
    weekdays=("lun", "mar", "mer", "gio", "ven", "sab", "dom"),
    total_labels=("TOTALE", "Totale", "TOTALE COMPLESSIVO", "Totale da pagare", "Importo pagato", "TOTALE EURO"),
    subtotal_labels=("Subtotale", "SUBTOTALE", "Parziale"),
    net_labels=("Imponibile", "Totale imponibile"),
    tax_labels=("IVA {r}%", "di cui IVA", "IVA {r} %"),
    tip_labels=("Mancia", "Coperto"),
    date_labels=("Data:", "Data", "Data acquisto:"),
    time_labels=("Ora:", ""),
    payment_labels=(("Carta di credito", "card"), ("Bancomat", "card"), ("CONTANTI", "cash"), ("Pagamento elettronico", "card")),
    cash_labels=("Contanti", "Resto"),
    refund_titles=("RESO", "Nota di credito", "RIMBORSO"),
    receipt_titles=("DOCUMENTO COMMERCIALE", "Scontrino", "Ricevuta", ""),
    thanks=("Grazie per aver scelto {m}", "Grazie e arrivederci", "Arrivederci!"),
    distractor_dates=("Cambio merce entro il {d}", "Buono valido fino al {d}", "Punti validi fino al {d}", "Scadenza {d}"),
    distractor_totals=("Hai risparmiato {a}", "Saldo punti {a}", "Numero pezzi 3", "Sconto totale {a}"),
    merchant_first=("Panificio", "Farmacia", "Libreria", "Trattoria", "Caffè", "Gelateria", "Pasticceria", "Ferramenta"),
    merchant_second=("Rossi", "Bianchi", "del Corso", "La Pergola", "Sant'Anna", "Esposito", "Colombo", "da Nicolò"),
    merchant_suffixes=("", "", " S.r.l.", " S.n.c."),
    streets=("Via Roma 15", "Corso Italia 8", "Piazza Duomo 2", "Via Garibaldi 44"),
    cities=("20121 Milano", "00184 Roma", "50122 Firenze", "10121 Torino"),
    items=("Cornetto", "Cappuccino", "Pane", "Mozzarella", "Prosciutto", "Acqua naturale", "Libro", "Gelato", "Chiodi"),
    column_heads=(("Articolo", "Q.tà", "Importo"), ("Descrizione", "Qtà", "Prezzo"), ("Prodotto", "Pz", "Totale")),
    tax_included=True,
    tax_rates=(22.0, 10.0, 4.0),
)

JP = Locale(
    code="JP",
    country="Japan",
    language="ja",
    currency="JPY",
    decimals=0,
    number_styles=((",", "."), ("", ".")),
    amount_styles=("¥{n}", "{n}", "\\{n}"),
    total_styles=("¥{n}", "JPY {n}", "{n} JPY", "¥ {n}"),
    symbol="¥",
    date_styles=("Y/m/d (a)", "Y/m/d", "Y-m-d", "Y.m.d", "b d, Y"),
    months=EN_MONTHS,
    weekdays=EN_DAYS,
    total_labels=("TOTAL", "Total", "Grand Total", "Amount"),
    subtotal_labels=("Subtotal", "SUBTOTAL"),
    net_labels=(),
    tax_labels=("Tax {r}%", "(Incl. tax {r}%)", "Consumption tax"),
    tip_labels=(),
    date_labels=("Date:", "Date", ""),
    time_labels=("", "Time:"),
    payment_labels=(("CREDIT ****{4}", "card"), ("Suica", "mobile"), ("CASH", "cash"), ("PayPay", "mobile")),
    cash_labels=("Cash", "Change"),
    refund_titles=("REFUND", "RETURN"),
    receipt_titles=("RECEIPT", "Receipt", ""),
    thanks=("Thank you for visiting {m}", "Thank you very much", "Arigato gozaimashita"),
    distractor_dates=("Points valid until {d}", "Coupon expires {d}", "Returns until {d}"),
    distractor_totals=("Points balance 120", "You saved {a}", "Items 3"),
    merchant_first=("Sakura", "Fuji", "Midori", "Hoshi", "Kawa", "Yama", "Tokyo", "Asahi"),
    merchant_second=("Mart", "Coffee", "Books", "Ramen", "Drug", "Bakery", "Electric", "Sushi"),
    merchant_suffixes=("", "", " Co., Ltd."),
    streets=("1-2-3 Shibuya", "4-5-6 Umeda", "2-8 Nishiki"),
    cities=("Tokyo 150-0002", "Osaka 530-0001", "Kyoto 604-8001"),
    items=("Onigiri", "Green tea", "Ramen set", "Notebook", "Batteries", "Melon pan", "Coffee", "Bento"),
    column_heads=(("Item", "Qty", "Amount"), ("ITEM", "QTY", "PRICE")),
    tax_included=True,
    tax_rates=(10.0, 8.0),
    extra={
        # Japanese wording, used where the format can carry CJK text (HTML mails)
        "merchant_ja": ("さくら書店", "富士マート", "みどり薬局", "ほし珈琲", "あさひベーカリー", "山田電機"),
        "total_ja": ("合計", "お支払い合計", "ご請求額"),
        "subtotal_ja": ("小計",),
        "tax_ja": ("消費税 {r}%", "(内消費税 {r}%)"),
        "date_ja": ("ご注文日", "日付", "購入日"),
        "items_ja": ("おにぎり", "緑茶", "ノート", "電池", "メロンパン", "弁当"),
        "thanks_ja": ("ご利用ありがとうございました",),
        "distractor_ja": ("ポイント有効期限 {d}", "返品期限 {d}"),
    },
)

CA = Locale(
    code="CA",
    country="Canada",
    language="en",
    currency="CAD",
    decimals=2,
    number_styles=((",", "."), ("", ".")),
    amount_styles=("${n}", "{n}", "$ {n}"),
    total_styles=("${n}", "{n}", "CAD {n}", "{n} CAD", "C${n}", "CA$ {n}"),
    symbol="$",
    date_styles=("Y-m-d", "b d, Y", "d/m/Y", "B d, Y", "Y/m/d"),
    months=EN_MONTHS,
    weekdays=EN_DAYS,
    total_labels=("TOTAL", "Total", "Grand Total", "Amount Due", "Total Paid"),
    subtotal_labels=("Subtotal", "SUBTOTAL", "Sub-Total"),
    net_labels=(),
    tax_labels=("GST {r}%", "HST {r}%", "GST/HST", "PST {r}%", "QST"),
    tip_labels=("Tip", "Gratuity"),
    date_labels=("Date:", "Date", "Transaction Date"),
    time_labels=("Time:", ""),
    payment_labels=(("Interac Debit ****{4}", "card"), ("VISA ****{4}", "card"), ("CASH", "cash"),
                    ("Mastercard Tap", "card")),  # fmt: skip
    cash_labels=("Cash", "Change"),
    refund_titles=("REFUND", "RETURN"),
    receipt_titles=("RECEIPT", "Customer Copy", ""),
    thanks=("Thanks for visiting {m}!", "Thank you / Merci", "See you soon, eh!"),
    distractor_dates=("Return by {d}", "Offer valid until {d}", "PC Optimum points expire {d}"),
    distractor_totals=("You saved {a}", "Points earned 450", "Gift card balance {a}"),
    merchant_first=("Maple Leaf", "Northern", "Lakeshore", "Timber", "Rideau", "Prairie", "Okanagan", "Bay Street"),
    merchant_second=("Café", "Outfitters", "Grocery", "Hardware", "Books", "Poutinerie", "Pharmacy", "Bakery"),
    merchant_suffixes=("", "", " Ltd.", " Inc."),
    streets=("100 Queen St W", "250 Rue Sainte-Catherine", "88 Granville St", "12 Sparks St"),
    cities=("Toronto, ON M5H 2N2", "Montréal, QC H2X 1Y4", "Vancouver, BC V6C 1T2", "Ottawa, ON K1P 5B7"),
    items=("Double-double", "Maple syrup 500ml", "Toque", "Poutine", "Butter tarts x6", "Hockey tape", "Bagel"),
    column_heads=(("Item", "Qty", "Total"), ("Description", "Qty", "Amount")),
    tax_included=False,
    tax_rates=(5.0, 13.0, 14.975),
    tips=True,
)

LOCALES: tuple[Locale, ...] = (US, UK, DE, FR, ES, IT, JP, CA)
