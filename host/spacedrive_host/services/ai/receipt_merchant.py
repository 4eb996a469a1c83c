"""The merchant of a receipt: a labelled line, else the heading (titles, addresses and phone
lines skipped), checked against "thank you for shopping at X" and copyright lines.
"""

from __future__ import annotations

import re

from . import receipt_words_merchant as words
from .receipt_dates import date_matches
from .receipt_lines import Found, Line, compile_words
from .receipt_totals import TAX_LABEL, TOTAL_LABEL

_TITLES = re.compile(r"^\W*(?:" + "|".join(words.TITLES) + r")\W*$", re.IGNORECASE)
_THANKS = re.compile(r"(?:" + "|".join(words.THANKS) + r")\s+(?P<value>[^!.\n]+(?:\.[^\s!.\n][^!.\n]*)*)", re.I)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<value>[^.|\n]+?)(?:\.|\s*\||\s*all rights|$)", re.I)
ADDRESS_WORD = compile_words(words.ADDRESS)

_MAIL_HOSTS = frozenset(
    ("mail", "email", "e-mail", "receipts", "receipt", "noreply", "no-reply", "billing", "info", "shop")
)
_MERCHANT_LABEL = re.compile(
    r"^\s*(merchant|store|vendor|seller|shop|company|sold\s+by|issued\s+by|from|händler|verkäufer|vendeur|"
    r"commerçant|vendedor|comercio|negozio|venditore)\s*[:\-]\s*(?P<value>.+?)\s*$",
    re.I,
)
_LABEL_LINE = re.compile(r"^[^\W\d][\w .#/-]{0,30}:\s")
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
    if ADDRESS_WORD.search(text) and (re.search(r"\d|@|www\.|https?:", text) or _CONTACT.search(text)):
        return False  # "12 Market Street", "Tel. ...": an address; "Maple Street Market": a name
    if line.amounts or date_matches(text) or TOTAL_LABEL.search(text) or _THANKS.search(text) or TAX_LABEL.search(text):
        return False
    return not re.search(r"[|_~<>{}\[\]=]|\s[^\W\d_]\s[^\W\d_]\s", text)  # OCR debris


def _close(a: str, b: str) -> bool:
    na = "".join(c for c in a.casefold() if c.isalnum())
    nb = "".join(c for c in b.casefold() if c.isalnum())
    return bool(na and nb) and (na in nb or nb in na)


def find_merchant(lines: list[Line], raw: list[str]) -> Found:
    for line in lines:
        if (m := _MERCHANT_LABEL.match(line.text)) is not None:
            value = m.group("value")
            return Found(_sender_name(value) if "@" in value else value, 0.9, line.index)
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
            return Found(candidate.text, 0.95, candidate.index)
    if named:
        return Found(named[0], 0.7, None)
    if header:
        return Found(header[0].text, 0.6, header[0].index)
    return Found()
