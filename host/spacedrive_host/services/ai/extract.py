"""Rule-based receipt extraction: the embedded default of `ai.classify_text` for fields.

Not a language model: regular expressions and scored heuristics over the lines of a
receipt, an invoice or an order e-mail, in English, German, French, Spanish, Italian and
Japanese wording (receipt_words_*.py), as printed or as OCR and HTML-to-text leave it
(cells on lines of their own, lost accents, rotated columns).

- total: the grand total over sub-total, net (HT, netto), tax, tip, change, cash, savings
  and balance lines; a total "incl. tax" is still a total; the amount may sit on the next
  line; negative (refund) amounts kept;
- amounts: every decimal and thousands convention (`1,234.56`, `1.234,56`, `1 234,56`,
  `1'234.56`), zero-decimal currencies (`¥2,360`, `2,360円`);
- currency: ISO codes and symbols, `$` told apart by country cues (GST/HST, provinces ->
  CAD), else the language of the receipt (MwSt, TVA, IVA -> EUR; 円 -> JPY);
- date: every date in common numeric formats and with month names in six languages, the
  transaction date chosen by its label and context ("valid until", "due", "return by"
  lose), ISO 8601 out;
- merchant: a labelled line, the heading of the receipt (titles, addresses and phone lines
  skipped), checked against "thank you for shopping at X" lines;
- subtotal, tax, tip, payment method, line items; a confidence per field and
  `needs_review` when one of the four main fields is missing or unsure.

Here the `Receipt` is put together (its date and line items found here) and any other
wanted field read; each main field has its own module: `receipt_totals.py` (total,
sub-total, tax, tip, payment), `receipt_merchant.py`, `receipt_dates.py`,
`receipt_amounts.py` (amounts, currency), over the lines of `receipt_lines.py`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from typing import Any

from . import receipt_words_dates as date_words
from . import receipt_words_totals as total_words
from .fields import FieldSpec, coerce
from .receipt_amounts import ZERO_DECIMAL, dollar_country, find_currency, locale_currency
from .receipt_dates import date_matches, parse_date
from .receipt_lines import Found, Line, compile_words, parse_lines, split_lines, word_pattern
from .receipt_merchant import ADDRESS_WORD, find_merchant
from .receipt_totals import (
    SUBTOTAL_LABEL,
    TAX_LABEL,
    TIP_LABEL,
    find_payment,
    find_total,
    labelled_amount,
    symbol_read_as_digit,
)

RULES_NAME = "spacedrive receipt rules v2"

_DATE_LABEL = compile_words(date_words.DATE_LABELS)
_OTHER_DATE = compile_words(date_words.OTHER_DATE_LABELS)
_EMAIL_HEADER = re.compile(r"^(from|to|subject|date|content-[a-z-]+|mime-version|message-id):", re.I)


def find_date(lines: list[Line], month_first: bool) -> Found:
    best: tuple[float, int, str] | None = None
    count = 0
    for line in lines:
        if _EMAIL_HEADER.match(line.text) and not line.text.lower().startswith("date"):
            continue
        for start, _, iso in date_matches(line.text, month_first):
            count += 1
            before = line.text[:start]
            score = 0.0
            if _DATE_LABEL.search(before):
                score += 3
            if _OTHER_DATE.search(before):
                score -= 5
            if re.search(r"\d{1,2}:\d{2}", line.text):
                score += 1
            if _EMAIL_HEADER.match(line.text):
                score -= 1
            if best is None or score > best[0]:
                best = (score, line.index, iso)
    if best is None:
        return Found()
    score, index, iso = best
    confidence = 0.9 if score >= 3 else 0.8 if count == 1 else 0.65 if score >= 0 else 0.4
    return Found(iso, confidence, index)


_PAGE = re.compile(r"^(?:page|seite|p[aá]gina|pagina)\b", re.I)
_ITEM_STOP = re.compile(
    word_pattern((*total_words.SUBTOTAL, *total_words.TOTAL, *total_words.TAX, *total_words.NET, *total_words.TIP)),
    re.I,
)


def find_items(lines: list[Line], start: int, stop: int) -> list[dict[str, Any]]:
    """Lines between the date/header and the first sub-total or total that carry a name and an amount."""
    items = []
    for line in lines[start:stop]:
        label = line.label
        if not line.amounts or not re.search(r"[^\W\d_]{2,}", label) or _ITEM_STOP.search(label):
            continue
        if (
            date_matches(line.text)
            or ADDRESS_WORD.search(line.text)
            or _OTHER_DATE.search(line.text)
            or _PAGE.search(label)
        ):
            continue
        quantity = None
        counted = [a for a in line.amounts[:-1] if not a.decimals and 0 < a.value < 1000]
        if counted:
            quantity = counted[-1].value
        elif qty := re.search(r"(?:^|\s)(\d{1,3})\s*(?:x|×|st(?:k|ück)?|pcs?)$", label, re.I):
            quantity = float(qty.group(1))
            label = label[: qty.start()].strip()
        items.append({"description": label, "quantity": quantity, "amount": line.amounts[-1].value})
    return items


@dataclass(frozen=True)
class Receipt:
    """What the rules read from a receipt; `confidence` per field (0..1), `needs_review` when a main field is
    missing or unsure."""

    merchant: str | None
    date: str | None
    total: float | None
    currency: str | None
    subtotal: float | None = None
    tax: float | None = None
    tip: float | None = None
    payment_method: str | None = None
    line_items: tuple[dict[str, Any], ...] = ()
    confidence: dict[str, float] = dataclass_field(default_factory=dict)
    needs_review: bool = True

    def get(self, canonical: str) -> Any:
        return getattr(self, canonical)

    def as_dict(self) -> dict[str, Any]:
        """The `Receipt` wire shape: optional fields left out when not found."""
        out = asdict(self)
        out["line_items"] = [{k: v for k, v in item.items() if v is not None} for item in self.line_items]
        return {k: v for k, v in out.items() if v is not None or k in ("merchant", "date", "total", "currency")}


REVIEW_BELOW = 0.6
"""A main field read with less confidence than this sets `needs_review`."""


def _round(value: float | None, currency: str | None) -> float | None:
    if value is None:
        return None
    return round(value, 0 if currency in ZERO_DECIMAL else 2)


def extract_receipt(text: str) -> Receipt:
    raw = split_lines(text)
    lines = parse_lines(raw)
    joined = "\n".join(raw)
    total, total_currency = find_total(lines)
    currency_confidence = 0.95
    currency = total_currency
    if currency == "USD" and not re.search(r"US\$|USD", joined):
        currency = dollar_country(joined)
    if currency is None:
        currency, currency_confidence = find_currency(joined), 0.8
    if currency is None:
        currency, currency_confidence = locale_currency(joined), 0.5
    month_first = currency == "USD"
    merchant = find_merchant(lines, raw)
    date = find_date(lines, month_first)
    subtotal = labelled_amount(lines, SUBTOTAL_LABEL)
    tax = labelled_amount(lines, TAX_LABEL, exclude=SUBTOTAL_LABEL)
    tip = labelled_amount(lines, TIP_LABEL)
    if total.value is not None:
        total.value = symbol_read_as_digit(total.value, lines, total.line, subtotal.value, tax.value, tip.value)
    if total.value is not None and subtotal.value is not None:
        parts = subtotal.value + (tip.value or 0)
        if any(abs(total.value - x) < 0.011 for x in (parts, parts + (tax.value or 0))):
            total.confidence = min(1.0, total.confidence + 0.1)
    total_line = total.line if total.line is not None else len(lines)
    first_item = (date.line + 1) if date.line is not None and date.line < total_line else 0
    items = find_items(lines, first_item, total_line)
    confidence = {
        "merchant": merchant.confidence,
        "date": date.confidence,
        "total": round(total.confidence, 2),
        "currency": currency_confidence if currency else 0.0,
    }
    return Receipt(
        merchant=merchant.value,
        date=date.value,
        total=_round(total.value, currency),
        currency=currency,
        subtotal=_round(subtotal.value, currency),
        tax=_round(tax.value, currency),
        tip=_round(tip.value, currency),
        payment_method=find_payment(lines, total_line),
        line_items=tuple(items),
        confidence=confidence,
        needs_review=min(confidence.values()) < REVIEW_BELOW,
    )


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
    **dict.fromkeys(("tip", "gratuity"), "tip"),
    **dict.fromkeys(("payment_method", "payment", "paid_with"), "payment_method"),
}


# -- any field


def _label_value(lines: list[str], field: FieldSpec) -> str | None:
    """The value of a `Label: value` line whose label is the field's name (or its title words)."""
    name = field.name.replace("_", " ").replace("-", " ").strip()
    label = r"\s+".join(re.escape(w) for w in name.split())
    pattern = re.compile(rf"^\s*{label}\s*(?:no\.?|number|#)?\s*[:#=\-]\s*(?P<value>.+?)\s*$", re.I)
    for line in lines:
        if (m := pattern.match(line)) is not None:
            return m.group("value")
    return None


def extract_fields(text: str, fields: list[FieldSpec]) -> dict[str, Any]:
    """One value (or None) per wanted field."""
    return extract_with_receipt(text, fields)[0]


def extract_with_receipt(text: str, fields: list[FieldSpec]) -> tuple[dict[str, Any], Receipt]:
    """One value (or None) per wanted field, and the whole receipt they were read from."""
    lines = split_lines(text)
    receipt = extract_receipt(text)
    out: dict[str, Any] = {}
    for field in fields:
        canonical = SYNONYMS.get(field.name.lower())
        raw = receipt.get(canonical) if canonical is not None else None
        if raw is None:
            raw = _label_value(lines, field)
        if raw is not None and canonical == "date" and not isinstance(raw, float):
            raw = parse_date(raw, receipt.currency != "USD") or raw
        out[field.name] = coerce(raw, field, receipt.currency)
    return out, receipt
