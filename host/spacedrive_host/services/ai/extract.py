"""Rule-based receipt extraction: the embedded default of `ai.classify_text` for fields.

Not a language model: regular expressions and scored heuristics over the lines of a
receipt, an invoice or an order e-mail, in English, German, French, Spanish, Italian and
Japanese wording (receipt_words.py), as printed or as OCR and HTML-to-text leave it
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
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from typing import Any

from . import receipt_words as words

RULES_NAME = "spacedrive receipt rules v2"

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
ZERO_DECIMAL = frozenset(("JPY", "KRW", "HUF"))
CURRENCY_SYMBOLS = {
    "US$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "NZ$": "NZD", "S$": "SGD", "HK$": "HKD",
    "MX$": "MXN", "R$": "BRL", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "円": "JPY", "₹": "INR", "₩": "KRW",
    "zł": "PLN", "Fr.": "CHF", "CHF": "CHF",
}  # fmt: skip
CURRENCY_WORDS = {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pounds": "GBP", "yen": "JPY"}

_SYMBOLS = "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
_CODES = "|".join(sorted(CURRENCY_CODES))
_CURRENCY = re.compile(
    rf"(?<![A-Za-z])(?P<code>{_CODES})(?![A-Za-z])|(?P<symbol>{_SYMBOLS})|\\(?=\s?\d)(?P<yen>)"
    r"|(?<![A-Za-z])(?P<word>euros?|dollars?|pounds|yen)(?![A-Za-z])",
    re.IGNORECASE,
)


def _words(patterns: Iterable[str]) -> str:
    """Alternatives matched as whole words (Latin patterns) or anywhere (CJK patterns)."""
    latin: list[str] = []
    other: list[str] = []
    for p in patterns:
        (other if re.match(r"[\u3000-\u9fff]", p) else latin).append(p)
    parts = []
    if latin:
        parts.append(r"(?<![^\W\d_])(?:" + "|".join(latin) + r")(?![^\W\d_])")
    if other:
        parts.append("(?:" + "|".join(other) + ")")
    return "|".join(parts)


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(_words(patterns), re.IGNORECASE)


_GRAND_TOTAL = _compile(words.GRAND_TOTAL)
_TOTAL = _compile(words.TOTAL)
_NOT_TOTAL = _compile(words.NOT_TOTAL)
_INCLUDED_TAX = re.compile(words.INCLUDED_TAX, re.IGNORECASE)
_SUBTOTAL = _compile(words.SUBTOTAL)
_NET = _compile(words.NET)
_TAX = _compile(words.TAX)
_TIP = _compile(words.TIP)
_TITLES = re.compile(r"^\W*(?:" + "|".join(words.TITLES) + r")\W*$", re.IGNORECASE)
_THANKS = re.compile(r"(?:" + "|".join(words.THANKS) + r")\s+(?P<value>[^!.\n]+(?:\.[^\s!.\n][^!.\n]*)*)", re.I)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<value>[^.|\n]+?)(?:\.|\s*\||\s*all rights|$)", re.I)
_ADDRESS = _compile(words.ADDRESS)
_PAYMENT = {kind: _compile(patterns) for kind, patterns in words.PAYMENT.items()}
_DATE_LABEL = _compile(words.DATE_LABELS)
_OTHER_DATE = _compile(words.OTHER_DATE_LABELS)

# -- numbers and currencies

_NUMBER = (
    r"\d{1,3}(?:[,.'’]\d{3})+(?:[.,]\d{1,2})?"  # 1,234.56  1.234,56  1'234.56  12,345
    r"|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d{1,2})?"  # 1 234,56
    r"|\d+[.,]\d{1,2}"  # 58,20  7.75
    r"|\d+"
)
_AMOUNT = re.compile(
    # glued to a word only with cents ("Total18.90": HTML cells joined without a space)
    rf"(?:(?<![\w.,/'’-])|(?<=[^\W\d_]{{3}})(?=\d[\d.,'’]*[.,]\d{{2}}(?!\d)))(?P<lparen>\()?(?P<sign>[-−–])?\s?(?P<pre>(?:{_SYMBOLS}|\\|{_CODES})\s?)?(?P<sign2>[-−–])?\s?"
    rf"(?P<number>{_NUMBER})(?![\d]|[.,]\d)(?P<post>\s?(?:{_SYMBOLS}|{_CODES})(?![A-Za-z]))?(?P<trail>-(?!\d))?"
    r"(?P<rparen>\))?(?!\s?%|\d|[./:-]\d)",
    re.IGNORECASE,
)


def parse_amount(text: str) -> float | None:
    """A number written in any convention: "1,234.56", "1.234,56", "1 234,56", "58,20", "2,360" (three digits
    after the only separator are thousands)."""
    raw = re.sub(r"[\s'’\u00a0\u202f\u2009]", "", text.strip())
    if not raw or not re.fullmatch(r"[\d.,]+", raw) or not raw[0].isdigit():
        return None
    last_dot, last_comma = raw.rfind("."), raw.rfind(",")
    decimal = max(last_dot, last_comma)
    if decimal >= 0 and len(raw) - decimal - 1 == 3 and (last_dot < 0 or last_comma < 0):
        decimal = -1  # "1,234" or "1.234": thousands
    if decimal < 0:
        digits = raw.replace(".", "").replace(",", "")
        return float(digits) if digits else None
    integer = raw[:decimal].replace(".", "").replace(",", "")
    fraction = raw[decimal + 1 :]
    if not fraction.isdigit() or (integer and not integer.isdigit()):
        return None
    return float(f"{integer or 0}.{fraction}")


@dataclass(frozen=True)
class Amount:
    value: float
    start: int
    end: int
    currency: str | None
    decimals: bool  # written with a decimal part


def _currency_of(match: re.Match[str]) -> str:
    if match.group("code"):
        return match.group("code").upper()
    if match.group("symbol") is not None:
        symbol = match.group("symbol")
        return CURRENCY_SYMBOLS.get(symbol, CURRENCY_SYMBOLS.get(symbol.upper(), "USD"))
    if match.group("yen") is not None:
        return "JPY"
    return CURRENCY_WORDS[match.group("word").lower()]


def _currency_token(token: str | None) -> str | None:
    if not token or not token.strip():
        return None
    match = _CURRENCY.search(token.strip())
    return _currency_of(match) if match else None


def amounts(line: str) -> list[Amount]:
    """The amounts written in a line (dates, times, percentages, card and phone numbers left out)."""
    cleaned = _strip_non_amounts(line)
    found = []
    for m in _AMOUNT.finditer(cleaned):
        value = parse_amount(m.group("number"))
        if value is None:
            continue
        negative = bool(
            m.group("sign") or m.group("sign2") or m.group("trail") or (m.group("lparen") and m.group("rparen"))
        )
        currency = _currency_token(m.group("pre")) or _currency_token(m.group("post"))
        decimals = bool(re.search(r"[.,]\d{1,2}$", m.group("number")))
        found.append(Amount(-value if negative else value, m.start(), m.end(), currency, decimals))
    return found


def _strip_non_amounts(line: str) -> str:
    """Blank out what looks like a number but is not an amount (keeping positions)."""

    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(0))

    for pattern in _DATE_PATTERNS:
        line = pattern.sub(blank, line)
    line = re.sub(r"\b\d{1,2}:\d{2}(?::\d{2})?\b", blank, line)  # times
    line = re.sub(r"(?:[*xX#•]{2,}|[#№])\s*\d+", blank, line)  # card numbers, store numbers
    line = re.sub(r"\b\d+(?:[.,]\d+)?\s?%", blank, line)  # rates
    line = re.sub(r"\b(?:tel|phone|fax)\.?:?\s*[+\d][\d ()./-]{5,}", blank, line, flags=re.I)
    return line


def find_currency(text: str) -> str | None:
    """The currency named in `text` (code, symbol or word): the most frequent, codes and specific symbols first."""
    found = [_currency_of(m) for m in _CURRENCY.finditer(text)]
    if not found:
        return None
    counts = Counter(found)
    if "USD" in counts and not re.search(r"US\$|USD|\bdollars?\b", text, re.I):
        dollar = _dollar_country(text)
        counts[dollar] += counts.pop("USD")
    return counts.most_common(1)[0][0]


def _dollar_country(text: str) -> str:
    for code, cues in words.DOLLAR_COUNTRIES:
        if any(re.search(cue, text, re.I if cue.islower() else 0) for cue in cues):
            return code
    return "USD"


def _locale_currency(text: str) -> str | None:
    for code, cues in words.LOCALE_CURRENCY:
        if any(re.search(cue, text, 0 if code in ("GBP", "CAD") else re.I) for cue in cues):
            return code
    return None


# -- dates


def _month_number() -> dict[str, int]:
    table = {}
    for number, names in words.MONTHS.items():
        for name in names:
            table[name] = int(number)
    return table


_MONTH_NAMES = _month_number()
_MONTH = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
_MONTH_RE = re.compile(rf"^(?:{_MONTH})$", re.I)
_SEP = r"[./-]"
_YMD = re.compile(r"(?<![\d.,/-])((?:19|20)\d{2})\s?([./-]|年)\s?(\d{1,2})\s?(?:\2|月)\s?(\d{1,2})日?(?![\d])")
_DMY = re.compile(rf"(?<![\d.,/-])(\d{{1,2}})\s?({_SEP})\s?(\d{{1,2}})\s?\2\s?(\d{{4}}|\d{{2}})(?![\d]|[.,]\d)")
_D_MONTH_Y = re.compile(
    rf"(?<![\w])(\d{{1,2}})(?:st|nd|rd|th|er|º|°)?\.?(?:\s+de)?[\s./-]*({_MONTH})\.?(?:\s+de)?[\s./,-]*((?:19|20)\d{{2}}|'?\d{{2}})(?![\d])",
    re.I,
)
_MONTH_D_Y = re.compile(
    rf"(?<![\w])({_MONTH})\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})(?![\d])",
    re.I,
)
_DATE_PATTERNS = (_YMD, _DMY, _D_MONTH_Y, _MONTH_D_Y)


def _valid(year: int, month: int, day: int) -> str | None:
    if year < 100:
        year += 2000
    if not 1990 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(name: str) -> int | None:
    low = name.lower().rstrip(".")
    if low in _MONTH_NAMES:
        return _MONTH_NAMES[low]
    for key, number in _MONTH_NAMES.items():
        if _MONTH_RE.match(low) and re.fullmatch(key, low):
            return number
    return None


def date_matches(text: str, month_first: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of every date in `text`, in order, overlapping matches dropped."""
    found: list[tuple[int, int, str]] = []
    for m in _YMD.finditer(text):
        if (iso := _valid(int(m[1]), int(m[3]), int(m[4]))) is not None:
            found.append((m.start(), m.end(), iso))
    for m in _DMY.finditer(text):
        first, second, year = int(m[1]), int(m[3]), int(m[4].lstrip("'"))
        orders = (
            [(second, first), (first, second)] if month_first and m[2] != "." else [(first, second), (second, first)]
        )
        for day, month in orders:
            if (iso := _valid(year, month, day)) is not None:
                found.append((m.start(), m.end(), iso))
                break
    for m in _D_MONTH_Y.finditer(text):
        named = _month(m[2])
        if named and (iso := _valid(int(m[3].lstrip("'")), named, int(m[1]))) is not None:
            found.append((m.start(), m.end(), iso))
    for m in _MONTH_D_Y.finditer(text):
        named = _month(m[1])
        if named and (iso := _valid(int(m[3]), named, int(m[2]))) is not None:
            found.append((m.start(), m.end(), iso))
    found.sort()
    kept: list[tuple[int, int, str]] = []
    for item in found:
        if kept and item[0] < kept[-1][1]:
            if item[1] - item[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = item  # the longer reading of the same characters
            continue
        kept.append(item)
    return kept


def find_dates(text: str, prefer_day_first: bool = True) -> list[str]:
    """ISO 8601 dates found in `text`, in order of appearance."""
    return [iso for _, _, iso in date_matches(text, month_first=not prefer_day_first)]


def parse_date(text: str, prefer_day_first: bool = True) -> str | None:
    dates = find_dates(text, prefer_day_first)
    return dates[0] if dates else None


# -- receipts


@dataclass(frozen=True)
class Line:
    index: int
    text: str
    amounts: tuple[Amount, ...]

    @property
    def label(self) -> str:
        """The line without its amounts and currency marks."""
        out, last = [], 0
        for a in self.amounts:
            out.append(self.text[last : a.start])
            last = a.end
        out.append(self.text[last:])
        return re.sub(r"\s+", " ", "".join(out)).strip(" :=.-–|\t")

    @property
    def amount_only(self) -> bool:
        return bool(self.amounts) and not re.search(r"[^\W\d_]{2,}", self.label)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u2212", "-").replace("\u2013", "-").replace("—", "-")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in _normalise(text).splitlines() if line.strip()]


def _parsed(lines: list[str]) -> list[Line]:
    return [Line(i, line, tuple(amounts(line))) for i, line in enumerate(lines)]


def _next_amount(lines: list[Line], index: int) -> Line | None:
    """The amount-only line that follows a label alone on its line (columns split by OCR or HTML cells)."""
    for follower in lines[index + 1 : index + 4]:
        if follower.amount_only:
            return follower
        if _TOTAL.search(follower.text) or re.search(r"[^\W\d_]{3,}", follower.text):
            return None
    return None


def _value_of(lines: list[Line], line: Line) -> tuple[Amount | None, Line]:
    if line.amounts:
        return line.amounts[-1], line
    if len(line.label) <= 40 and (follower := _next_amount(lines, line.index)) is not None:
        return follower.amounts[-1], follower
    return None, line


def total_priority(label: str) -> int | None:
    """0 for a grand-total label, 1 for a plain total, None for anything else (sub-total, tax, change...)."""
    grand = _GRAND_TOTAL.search(label)
    if grand is not None:
        rest = _INCLUDED_TAX.sub(" ", label[: grand.start()] + " " + label[grand.end() :])
        rest = re.sub(r"\b(?:[A-Z]{3})\b", " ", rest)
        return None if _NOT_TOTAL.search(rest) else 0
    stripped = _INCLUDED_TAX.sub(" ", label)
    if _NOT_TOTAL.search(stripped) or not _TOTAL.search(stripped):
        return None
    return 1


@dataclass
class _Found:
    value: Any = None
    confidence: float = 0.0
    line: int | None = None


def find_total(lines: list[Line]) -> tuple[_Found, str | None]:
    """The grand total, and the currency written next to it."""
    candidates: list[tuple[int, float, int, Amount, Line]] = []
    for line in lines:
        label = line.label
        if not label or len(label) > 60:
            continue
        priority = total_priority(label)
        if priority is None:
            continue
        amount, source = _value_of(lines, line)
        if amount is None:
            continue
        candidates.append((priority, -abs(amount.value), -line.index, amount, source))
    currency_line: str | None = None
    if candidates:
        priority, _, _, amount, source = min(candidates)
        confidence = 0.9 if priority == 0 else 0.75
        if len({c[3].value for c in candidates if c[0] == priority}) > 1:
            confidence -= 0.15
        currency_line = source.text
        return _Found(amount.value, confidence, source.index), amount.currency or _currency_token(currency_line)
    # No labelled total: the amount paid (a payment line), else the largest amount with decimals.
    values = [a for line in lines for a in line.amounts if a.decimals and not _is_cash_or_change(line)]
    if not values:
        return _Found(), None
    counts = Counter(a.value for a in values)
    best = max(values, key=lambda a: (counts[a.value] > 1, abs(a.value)))
    return _Found(best.value, 0.35), best.currency


_CASH = _compile(words.PAYMENT["cash"])


def _is_cash_or_change(line: Line) -> bool:
    return bool(re.search(r"change|r[üu]ckgeld|rendu|cambio|resto|釣|tendered|gegeben|お預", line.label, re.I))


def _labelled_amount(lines: list[Line], label: re.Pattern[str], exclude: re.Pattern[str] | None = None) -> _Found:
    for line in lines:
        if label.search(line.label) and not (exclude and exclude.search(line.label)):
            amount, source = _value_of(lines, line)
            if amount is not None:
                return _Found(amount.value, 0.7, source.index)
    return _Found()


def find_payment(lines: list[Line], after: int) -> str | None:
    for line in lines[after:]:
        for kind, pattern in _PAYMENT.items():
            if pattern.search(line.text):
                return kind
    return None


_MAIL_HOSTS = frozenset(
    ("mail", "email", "e-mail", "receipts", "receipt", "noreply", "no-reply", "billing", "info", "shop")
)
_MERCHANT_LABEL = re.compile(
    r"^\s*(merchant|store|vendor|seller|shop|company|sold\s+by|issued\s+by|from|händler|verkäufer|vendeur|"
    r"commerçant|vendedor|comercio|negozio|venditore)\s*[:\-]\s*(?P<value>.+?)\s*$",
    re.I,
)
_LABEL_LINE = re.compile(r"^[^\W\d][\w .#/-]{0,30}:\s")
_EMAIL_HEADER = re.compile(r"^(from|to|subject|date|content-[a-z-]+|mime-version|message-id):", re.I)
_POSTCODE = re.compile(
    r"\b\d{4,5}\s+\w|\b\w+,?\s+[A-Z]{2}\s+\d{5}\b|\b[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"
    r"|\b\d{3}-\d{4}\b|^\d+[-\s]"
)


def _sender_name(address: str) -> str:
    """ "Starbucks <receipts@starbucks.example>" -> "Starbucks"; "receipts@mail.starbucks.example" -> "Starbucks"."""
    name = address.split("<", maxsplit=1)[0].strip().strip('"')
    if name and "@" not in name:
        return name
    labels = [part for part in address.rsplit("@", 1)[1].strip(" >").split(".")[:-1] if part not in _MAIL_HOSTS]
    return labels[0].capitalize() if labels else address.strip()


_CONTACT = re.compile(r"\b(?:tel|phone|fax|vat|tax\s+id|ust|siret|nif|cif|iva|abn)\b", re.I)


def _name_like(line: Line) -> bool:
    text = line.text
    letters = sum(c.isalpha() for c in text)
    if letters < 3 or letters < len(text) * 0.6 or len(text) > 48 or not re.search(r"[^\W\d_]{2,}", text):
        return False
    if _TITLES.match(text) or _LABEL_LINE.match(text) or _POSTCODE.search(text):
        return False
    if _ADDRESS.search(text) and (re.search(r"\d|@|www\.|https?:", text) or _CONTACT.search(text)):
        return False  # "12 Market Street", "Tel. ...": an address; "Maple Street Market": a name
    if line.amounts or date_matches(text) or _TOTAL.search(text) or _THANKS.search(text) or _TAX.search(text):
        return False
    return not re.search(r"[|_~<>{}\[\]=]|\s[^\W\d_]\s[^\W\d_]\s", text)  # OCR debris


def _close(a: str, b: str) -> bool:
    na = "".join(c for c in a.casefold() if c.isalnum())
    nb = "".join(c for c in b.casefold() if c.isalnum())
    return bool(na and nb) and (na in nb or nb in na)


def find_merchant(lines: list[Line], raw: list[str]) -> _Found:
    for line in lines:
        if (m := _MERCHANT_LABEL.match(line.text)) is not None:
            value = m.group("value")
            return _Found(_sender_name(value) if "@" in value else value, 0.9, line.index)
    named: list[str] = []
    for line in lines:
        for pattern in (_THANKS, _COPYRIGHT):
            if (m := pattern.search(line.text)) is not None:
                value = re.sub(r"\s+(?:and|und|et|y|e)\s.*$|[,;:!]+$", "", m.group("value").strip(" ,;:!")).strip()
                if 2 <= len(value) <= 48 and not _TITLES.match(value):
                    named.append(value)
    header = [line for line in lines[:12] if _name_like(line)]
    for candidate in header:
        if any(_close(candidate.text, name) for name in named):
            return _Found(candidate.text, 0.95, candidate.index)
    if named:
        return _Found(named[0], 0.7, None)
    if header:
        return _Found(header[0].text, 0.6, header[0].index)
    return _Found()


def find_date(lines: list[Line], month_first: bool) -> _Found:
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
        return _Found()
    score, index, iso = best
    confidence = 0.9 if score >= 3 else 0.8 if count == 1 else 0.65 if score >= 0 else 0.4
    return _Found(iso, confidence, index)


_PAGE = re.compile(r"^(?:page|seite|p[aá]gina|pagina)\b", re.I)
_ITEM_STOP = re.compile(_words((*words.SUBTOTAL, *words.TOTAL, *words.TAX, *words.NET, *words.TIP)), re.I)


def find_items(lines: list[Line], start: int, stop: int) -> list[dict[str, Any]]:
    """Lines between the date/header and the first sub-total or total that carry a name and an amount."""
    items = []
    for line in lines[start:stop]:
        label = line.label
        if not line.amounts or not re.search(r"[^\W\d_]{2,}", label) or _ITEM_STOP.search(label):
            continue
        if (
            date_matches(line.text)
            or _ADDRESS.search(line.text)
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


def _symbol_read_as_digit(total: float, lines: list[Line], total_line: int | None, *parts: float | None) -> float:
    """OCR sometimes reads a currency sign as a digit ("€13.236,07" -> "513.236,07"): when the total is another
    amount of the receipt (the sub-total and its sums, what was paid) with one more leading digit, take that."""
    subtotal, *rest = parts
    others: set[float] = set()
    if subtotal is not None:
        others = {subtotal, round(subtotal + sum(p or 0 for p in rest), 2), round(subtotal + (rest[0] or 0), 2)}
    if total_line is not None:
        paid = [line for line in lines[total_line + 1 : total_line + 3] if not _is_cash_or_change(line)]
        others |= {a.value for line in paid if not _CASH.search(line.label) for a in line.amounts}
    written = f"{abs(total):.2f}"
    for other in sorted(others, key=abs, reverse=True):
        if other and abs(total) > 5 * abs(other) and written[1:] == f"{abs(other):.2f}":
            return other if total > 0 else -abs(other)
    return total


def extract_receipt(text: str) -> Receipt:
    raw = _lines(text)
    lines = _parsed(raw)
    joined = "\n".join(raw)
    total, total_currency = find_total(lines)
    currency_confidence = 0.95
    currency = total_currency
    if currency == "USD" and not re.search(r"US\$|USD", joined):
        currency = _dollar_country(joined)
    if currency is None:
        currency, currency_confidence = find_currency(joined), 0.8
    if currency is None:
        currency, currency_confidence = _locale_currency(joined), 0.5
    month_first = currency == "USD"
    merchant = find_merchant(lines, raw)
    date = find_date(lines, month_first)
    subtotal = _labelled_amount(lines, _SUBTOTAL)
    tax = _labelled_amount(lines, _TAX, exclude=_SUBTOTAL)
    tip = _labelled_amount(lines, _TIP)
    if total.value is not None:
        total.value = _symbol_read_as_digit(total.value, lines, total.line, subtotal.value, tax.value, tip.value)
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


def coerce(value: Any, field: FieldSpec, currency: str | None = None) -> Any:
    """A found value converted to the field's type (None when it does not convert)."""
    if value is None:
        return None
    if field.type in ("number", "integer"):
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            found = amounts(str(value))
            if not found:
                return None
            number = found[0].value
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
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            else parse_date(str(value), currency != "USD")
        )
    return str(value)


def extract_fields(text: str, fields: list[FieldSpec]) -> dict[str, Any]:
    """One value (or None) per wanted field."""
    return extract_with_receipt(text, fields)[0]


def extract_with_receipt(text: str, fields: list[FieldSpec]) -> tuple[dict[str, Any], Receipt]:
    """One value (or None) per wanted field, and the whole receipt they were read from."""
    lines = _lines(text)
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
