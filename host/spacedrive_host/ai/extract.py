"""Rule-based field extraction: the embedded default of `ai.classify_text` for fields.

Not a language model: regular expressions and a few heuristics that read receipts and
invoices (merchant, date, total, currency, subtotal, tax) and `Label: value` lines for
any other field. Amounts are read in both conventions ("1,234.56", "1.234,56",
"58,20 EUR", "$7.75"); dates as ISO 8601, dd.mm.yyyy, d/m/y or m/d/y, and with English or
German month names ("March 3, 2026", "3 Mar 2026", "3. März 2026"); dates come out as ISO
8601 (`YYYY-MM-DD`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

RULES_NAME = "spacedrive receipt rules v1"

RECEIPT_FIELDS: dict[str, dict[str, Any]] = {
    "merchant": {"type": "string", "description": "Name of the shop or company that issued the receipt."},
    "date": {"type": "string", "format": "date", "description": "Date of the purchase, ISO 8601."},
    "total": {"type": "number", "description": "Total amount paid."},
    "currency": {"type": "string", "description": "ISO 4217 currency code of the total."},
}
"""What `classify_text` extracts when the caller names neither labels nor fields."""

CURRENCY_CODES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "CHF",
        "JPY",
        "CAD",
        "AUD",
        "NZD",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "HUF",
        "INR",
        "CNY",
        "BRL",
        "MXN",
        "ZAR",
        "SGD",
        "HKD",
        "KRW",
        "TRY",
        "RON",
        "BGN",
    ]
)
CURRENCY_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "zł": "PLN"}
CURRENCY_WORDS = {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pounds": "GBP"}

MONTHS = {
    **{
        m: i + 1
        for i, m in enumerate(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ]
        )
    },
    **{
        m: i + 1
        for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
    },
    "sept": 9,
    **{
        m: i + 1
        for i, m in enumerate(
            [
                "januar",
                "februar",
                "märz",
                "april",
                "mai",
                "juni",
                "juli",
                "august",
                "september",
                "oktober",
                "november",
                "dezember",
            ]
        )
    },
    "maerz": 3,
    "mrz": 3,
    "okt": 10,
    "dez": 12,
}
_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))

_NUMBER = r"\d{1,3}(?:[.,']\d{3})+(?:[.,]\d{1,2})?|\d+[.,]\d{1,2}|\d+"
_AMOUNT = re.compile(rf"(?<![\d.,])(?P<number>{_NUMBER})(?![\d.,]*\d)")
_DECIMAL_AMOUNT = re.compile(r"(?<![\d.,])(?P<number>\d{1,3}(?:[.,']\d{3})*[.,]\d{2}|\d+[.,]\d{2})(?![\d.,]*\d)")
_CODES = "|".join(sorted(CURRENCY_CODES))
_CURRENCY = re.compile(
    rf"(?<![A-Za-z])(?P<code>{_CODES})(?![A-Za-z])|(?P<symbol>US\$|[$€£¥₹₩]|zł)|\b(?P<word>euros?|dollars?|pounds)\b",
    re.IGNORECASE,
)

_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DOT_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d])")
_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
_MONTH_FIRST = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)

# Total labels by priority (lower wins); sub-totals, tax totals and the like never count.
_TOTAL_LABELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(r"\b(grand\s+total|total\s+due|amount\s+due|balance\s+due|total\s+amount|amount\s+paid)\b", re.I)),
    (1, re.compile(r"\b(total|gesamtbetrag|gesamtsumme|gesamt|summe|montant\s+total|importe\s+total|totale)\b", re.I)),
    (2, re.compile(r"\b(amount|betrag|sum)\b", re.I)),
)
_NOT_TOTAL = re.compile(
    r"\b(sub[\s-]?total|zwischensumme|total\s+(tax|vat|savings|items?|qty|quantity|discount)|tax|vat|mwst|change|tip)\b",
    re.I,
)
_SUBTOTAL = re.compile(r"\b(sub[\s-]?total|zwischensumme|net\s+amount|netto)\b", re.I)
_TAX = re.compile(r"\b(sales\s+tax|tax|vat|mwst|ust|tva|iva|gst)\b", re.I)
_DATE_LABEL = re.compile(r"\b(date|datum|dated|issued|fecha)\b", re.I)
_MERCHANT_LABEL = re.compile(
    r"^\s*(merchant|store|vendor|seller|shop|company|sold\s+by|issued\s+by|from)\s*[:\-]\s*(?P<value>.+?)\s*$", re.I
)
_THANKS = re.compile(
    r"\bthanks?(?:\s+you)?\s+for\s+(?:visiting|shopping\s+at|shopping\s+with|dining\s+at|choosing|your\s+order\s+at)\s+"
    r"(?P<value>[^!.\n]+)",
    re.I,
)
_NOT_MERCHANT = re.compile(
    r"^(receipt|invoice|tax\s+invoice|bill|order|quittung|rechnung|kassenbon|beleg|welcome|copy|customer\s+copy)\b|"
    r"\b(tel|phone|fax|www\.|http|street|st\.|road|avenue|ave\.|str\.|strasse|straße|vat\s+no|tax\s+id)\b",
    re.I,
)
_LABEL_LINE = re.compile(r"^[^\W\d][\w .#/-]{0,30}:\s")
_EMAIL_HEADER = re.compile(r"^(from|to|subject|date|content-[a-z-]+|mime-version|message-id):", re.I)

SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        ("merchant", "vendor", "store", "seller", "shop", "merchant_name", "store_name", "company", "payee"), "merchant"
    ),
    **dict.fromkeys(
        ("total", "amount", "total_amount", "grand_total", "amount_due", "total_due", "sum", "amount_paid"), "total"
    ),
    **dict.fromkeys(
        ("date", "purchase_date", "transaction_date", "receipt_date", "invoice_date", "issue_date"), "date"
    ),
    **dict.fromkeys(("currency", "currency_code"), "currency"),
    **dict.fromkeys(("subtotal", "sub_total", "net_amount", "net"), "subtotal"),
    **dict.fromkeys(("tax", "vat", "tax_amount", "sales_tax", "vat_amount"), "tax"),
}


@dataclass(frozen=True)
class FieldSpec:
    """One wanted field: a JSON-Schema-like `{"type", "format", "description"}`."""

    name: str
    type: str = "string"
    format: str | None = None
    description: str = ""

    @classmethod
    def parse(cls, name: str, spec: Any) -> FieldSpec:
        if isinstance(spec, str):
            return cls(name, description=spec)
        if spec is None or spec is True:
            return cls(name)
        if not isinstance(spec, Mapping):
            raise ValueError(f"field {name!r}: expected an object like {{'type': 'string'}} or a description string")
        kind = spec.get("type", "string")
        if isinstance(kind, list):  # ["number", "null"]
            kind = next((k for k in kind if k != "null"), "string")
        if kind not in ("string", "number", "integer", "boolean"):
            raise ValueError(f"field {name!r}: type {kind!r} is not one of string, number, integer, boolean")
        fmt = spec.get("format")
        description = spec.get("description", "")
        if fmt is not None and not isinstance(fmt, str):
            raise ValueError(f"field {name!r}: format must be a string")
        if not isinstance(description, str):
            raise ValueError(f"field {name!r}: description must be a string")
        return cls(name, str(kind), fmt, description)

    def json_schema(self) -> dict[str, Any]:
        """The field as a nullable JSON Schema property (for LLM structured output)."""
        schema: dict[str, Any] = {"type": [self.type, "null"]}
        if self.format:
            schema["format"] = self.format
        if self.description:
            schema["description"] = self.description
        return schema


def parse_fields(fields: Mapping[str, Any]) -> list[FieldSpec]:
    return [FieldSpec.parse(name, spec) for name, spec in fields.items()]


# -- numbers and currencies


def parse_amount(text: str) -> float | None:
    """A number written with either decimal convention: "1,234.56", "1.234,56", "58,20", "7.75"."""
    raw = text.strip().replace("'", "").replace(" ", "").replace("\u00a0", "")
    if not raw or not re.fullmatch(r"[\d.,]+", raw) or not raw[0].isdigit():
        return None
    last_dot, last_comma = raw.rfind("."), raw.rfind(",")
    decimal = max(last_dot, last_comma)
    if decimal >= 0 and len(raw) - decimal - 1 == 3 and (last_dot < 0 or last_comma < 0):
        # "1,234" or "1.234": one kind of separator before three digits is a thousands separator
        decimal = -1
    if decimal < 0:
        digits = raw.replace(".", "").replace(",", "")
        return float(digits) if digits else None
    integer = raw[:decimal].replace(".", "").replace(",", "")
    fraction = raw[decimal + 1 :]
    if not fraction.isdigit() or (integer and not integer.isdigit()):
        return None
    return float(f"{integer or 0}.{fraction}")


def _currency_of(match: re.Match[str]) -> str:
    if match.group("code"):
        return match.group("code").upper()
    if match.group("symbol"):
        return CURRENCY_SYMBOLS[match.group("symbol")]
    return CURRENCY_WORDS[match.group("word").lower()]


def find_currency(text: str) -> str | None:
    """The currency named in `text` (code, symbol or word); the most frequent when several are."""
    found = [_currency_of(m) for m in _CURRENCY.finditer(text)]
    if not found:
        return None
    return Counter(found).most_common(1)[0][0]


def _amounts(line: str, decimals_only: bool) -> list[float]:
    pattern = _DECIMAL_AMOUNT if decimals_only else _AMOUNT
    values = []
    for match in pattern.finditer(_strip_dates(line)):
        value = parse_amount(match.group("number"))
        if value is not None:
            values.append(value)
    return values


def _strip_dates(line: str) -> str:
    for pattern in (_ISO_DATE, _DOT_DATE, _SLASH_DATE, _MONTH_FIRST, _DAY_FIRST):
        line = pattern.sub(" ", line)
    return re.sub(r"\b\d{1,2}:\d{2}(:\d{2})?\b", " ", line)  # times


# -- dates


def _valid(year: int, month: int, day: int) -> str | None:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str, prefer_day_first: bool = True) -> list[str]:
    """ISO 8601 dates found in `text`, in order of appearance."""
    found: list[tuple[int, str]] = []
    for m in _ISO_DATE.finditer(text):
        if (iso := _valid(int(m[1]), int(m[2]), int(m[3]))) is not None:
            found.append((m.start(), iso))
    for m in _DOT_DATE.finditer(text):
        if (iso := _valid(int(m[3]), int(m[2]), int(m[1]))) is not None:
            found.append((m.start(), iso))
    for m in _SLASH_DATE.finditer(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if first > 12 or (prefer_day_first and second <= 12):
            day, month = first, second
        else:
            month, day = first, second
        if (iso := _valid(year, month, day)) is not None:
            found.append((m.start(), iso))
    for m in _MONTH_FIRST.finditer(text):
        if (iso := _valid(int(m[3]), MONTHS[m[1].lower()], int(m[2]))) is not None:
            found.append((m.start(), iso))
    for m in _DAY_FIRST.finditer(text):
        if (iso := _valid(int(m[3]), MONTHS[m[2].lower()], int(m[1]))) is not None:
            found.append((m.start(), iso))
    return [iso for _, iso in sorted(found)]


def parse_date(text: str, prefer_day_first: bool = True) -> str | None:
    dates = find_dates(text, prefer_day_first)
    return dates[0] if dates else None


# -- receipts


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def find_total(lines: list[str]) -> tuple[float | None, str | None]:
    """The total and the line it was read from."""
    best: tuple[int, int, float, str] | None = None
    for index, line in enumerate(lines):
        if _NOT_TOTAL.search(line):
            continue
        for priority, pattern in _TOTAL_LABELS:
            match = pattern.search(line)
            if match is None:
                continue
            after = line[match.end() :]
            values = _amounts(after, decimals_only=False) or _amounts(line, decimals_only=False)
            source = line
            if not values and index + 1 < len(lines):  # the amount in the next line (split columns)
                values = _amounts(lines[index + 1], decimals_only=True)
                source = f"{line} {lines[index + 1]}"
            if values and (best is None or priority < best[0]):
                best = (priority, index, values[-1], source)
            break
    if best is not None:
        return best[2], best[3]
    # No labelled total: the largest amount with two decimals.
    candidates = [(value, line) for line in lines for value in _amounts(line, decimals_only=True)]
    if not candidates:
        return None, None
    value, line = max(candidates, key=lambda c: c[0])
    return value, line


def _labelled_amount(lines: list[str], label: re.Pattern[str]) -> float | None:
    for line in lines:
        match = label.search(line)
        if match and not re.search(r"\bno\b|number|id\b|#", line[match.end() : match.end() + 6], re.I):
            values = _amounts(line[match.end() :], decimals_only=True)
            if values:
                return values[-1]
    return None


_MAIL_HOSTS = frozenset(
    ("mail", "email", "e-mail", "receipts", "receipt", "noreply", "no-reply", "billing", "info", "shop")
)


def _sender_name(address: str) -> str:
    """ "Starbucks <receipts@starbucks.example>" -> "Starbucks"; "receipts@mail.starbucks.example" -> "Starbucks"."""
    name = address.split("<", maxsplit=1)[0].strip().strip('"')
    if name and "@" not in name:
        return name
    labels = [part for part in address.rsplit("@", 1)[1].strip(" >").split(".")[:-1] if part not in _MAIL_HOSTS]
    return labels[0].capitalize() if labels else address.strip()


def find_merchant(lines: list[str]) -> str | None:
    for line in lines:
        if (m := _MERCHANT_LABEL.match(line)) is not None:
            value = m.group("value")
            return _sender_name(value) if "@" in value else value
    for line in lines:
        if (m := _THANKS.search(line)) is not None:
            return m.group("value").strip(" ,;:")
    for line in lines:
        letters = sum(c.isalpha() for c in line)
        if letters < 2 or letters < len(line) / 2 or _LABEL_LINE.match(line) or _NOT_MERCHANT.search(line):
            continue
        if find_dates(line) or _DECIMAL_AMOUNT.search(line) or _TOTAL_LABELS[1][1].search(line):
            continue
        return line
    return None


def find_date(lines: list[str], currency: str | None) -> str | None:
    day_first = currency != "USD"
    for line in lines:
        if _DATE_LABEL.search(line) and not _EMAIL_HEADER.match(line) and (iso := parse_date(line, day_first)):
            return iso
    for line in lines:
        if not _EMAIL_HEADER.match(line) and (iso := parse_date(line, day_first)):
            return iso
    return parse_date("\n".join(lines), day_first)  # dates only in e-mail headers


@dataclass(frozen=True)
class Receipt:
    merchant: str | None
    date: str | None
    total: float | None
    currency: str | None
    subtotal: float | None
    tax: float | None

    def get(self, canonical: str) -> Any:
        return getattr(self, canonical)


def extract_receipt(text: str) -> Receipt:
    lines = _lines(text)
    total, total_line = find_total(lines)
    currency = (find_currency(total_line) if total_line else None) or find_currency(text)
    return Receipt(
        merchant=find_merchant(lines),
        date=find_date(lines, currency),
        total=total,
        currency=currency,
        subtotal=_labelled_amount(lines, _SUBTOTAL),
        tax=_labelled_amount([line for line in lines if not _SUBTOTAL.search(line)], _TAX),
    )


# -- any field


def _label_value(lines: list[str], field: FieldSpec) -> str | None:
    """The value of a `Label: value` line whose label is the field's name (or its title words)."""
    words = field.name.replace("_", " ").replace("-", " ").strip()
    label = r"\s+".join(re.escape(w) for w in words.split())
    pattern = re.compile(rf"^\s*{label}\s*(?:no\.?|number|#)?\s*[:#=\-]\s*(?P<value>.+?)\s*$", re.I)
    for line in lines:
        if (m := pattern.match(line)) is not None:
            return m.group("value")
    return None


def coerce(value: Any, field: FieldSpec, currency: str | None = None) -> Any:
    """A found value converted to the field's type (None when it does not convert)."""
    if value is None:
        return None
    if field.type in ("number", "integer"):
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            amounts = _amounts(str(value), decimals_only=False)
            if not amounts:
                return None
            number = amounts[0]
        if field.type == "integer":
            return int(number) if number.is_integer() else None
        return number
    if field.type == "boolean":
        word = str(value).strip().lower()
        return (
            True
            if word in ("yes", "true", "y", "1", "paid", "ja")
            else False
            if word in ("no", "false", "n", "0", "nein")
            else None
        )
    if field.format == "date":
        return (
            value
            if isinstance(value, str) and _ISO_DATE.fullmatch(value)
            else parse_date(str(value), currency != "USD")
        )
    return str(value)


def extract_fields(text: str, fields: list[FieldSpec]) -> dict[str, Any]:
    """One value (or None) per wanted field."""
    lines = _lines(text)
    receipt = extract_receipt(text)
    out: dict[str, Any] = {}
    for field in fields:
        canonical = SYNONYMS.get(field.name.lower())
        raw = _label_value(lines, field)
        if raw is None and canonical is not None:
            raw = receipt.get(canonical)
        elif raw is not None and canonical == "date":
            raw = parse_date(raw, receipt.currency != "USD") or raw
        out[field.name] = coerce(raw, field, receipt.currency)
    return out
