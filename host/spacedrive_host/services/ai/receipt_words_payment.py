"""How a receipt was paid (card, cash, mobile, PayPal) and the cues that tell its currency when
the amounts do not (which country's "$", which language). `receipt_totals.py` and
`receipt_amounts.py` compile them.

The payment fragments are matched case-insensitively on word boundaries; the currency cues
are searched anywhere, some case-sensitively (`receipt_amounts.py`). Keep them short and
general (a role, not a shop's wording).
"""

from __future__ import annotations

PAYMENT: dict[str, tuple[str, ...]] = {
    "card": (
        r"visa",
        r"master\s*card",
        r"mastercard",
        r"amex",
        r"american\s+express",
        r"maestro",
        r"debit",
        r"credit",
        r"card",
        r"carte",
        r"cb",
        r"tarjeta",
        r"carta",
        r"bancomat",
        r"interac",
        r"ec[\s-]?karte",
        r"girocard",
        r"karte",
        r"kartenzahlung",
        r"contactless",
        r"クレジット",
    ),
    "cash": (r"cash", r"bar", r"esp[eè]ces", r"efectivo", r"contanti", r"現金", r"お?預り"),
    "mobile": (r"apple\s+pay", r"google\s+pay", r"paypay", r"suica", r"bizum", r"satispay", r"twint"),
    "paypal": (r"paypal",),
}

# "$" is the dollar of more than one country: what else in the text says which.
DOLLAR_COUNTRIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "CAD",
        (
            r"C\$",
            r"CA\$",
            r"CAD",
            r"gst",
            r"hst",
            r"pst",
            r"qst",
            r"tps",
            r"tvq",
            r"interac",
            r"[A-Z]\d[A-Z]\s?\d[A-Z]\d",
            r",\s*(?:ON|QC|BC|AB|MB|NS|NB|SK|NL|PE)\b",
            r"canada",
        ),
    ),
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
    (
        "EUR",
        (
            r"\bmwst\b",
            r"\bust\b",
            r"\bsumme\b",
            r"\bzwischensumme\b",
            r"\btva\b",
            r"\bttc\b",
            r"\biva\b",
            r"\btotale\b",
            r"\bimporte\b",
            r"\bmontant\b",
            r"\bgesamt",
            r"\bcontanti\b",
            r"\befectivo\b",
        ),
    ),
    ("USD", (r"\bsales\s+tax\b", r"\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b")),
)
