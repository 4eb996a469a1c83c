"""Amounts and currencies in receipt text: every decimal and thousands convention, codes,
symbols and words, and the country or language cues that name a currency the amounts do not.

Shared by the receipt rules and by `fields.coerce` (an LLM's "12,50 €" is read the same way).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from . import receipt_words_payment as words
from .receipt_dates import DATE_PATTERNS

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


def currency_token(token: str | None) -> str | None:
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
        currency = currency_token(m.group("pre")) or currency_token(m.group("post"))
        decimals = bool(re.search(r"[.,]\d{1,2}$", m.group("number")))
        found.append(Amount(-value if negative else value, m.start(), m.end(), currency, decimals))
    return found


def _strip_non_amounts(line: str) -> str:
    """Blank out what looks like a number but is not an amount (keeping positions)."""

    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(0))

    for pattern in DATE_PATTERNS:
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
        dollar = dollar_country(text)
        counts[dollar] += counts.pop("USD")
    return counts.most_common(1)[0][0]


def dollar_country(text: str) -> str:
    for code, cues in words.DOLLAR_COUNTRIES:
        if any(re.search(cue, text, re.I if cue.islower() else 0) for cue in cues):
            return code
    return "USD"


def locale_currency(text: str) -> str | None:
    for code, cues in words.LOCALE_CURRENCY:
        if any(re.search(cue, text, 0 if code in ("GBP", "CAD") else re.I) for cue in cues):
            return code
    return None
