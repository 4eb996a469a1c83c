"""Dates in receipt text: numeric formats and month names in six languages, read to ISO 8601.

Apart from the receipt rules because amounts need them too: a date is blanked out before
amounts are read from a line (`receipt_amounts.py`).
"""

from __future__ import annotations

import datetime as dt
import re

from . import receipt_words_dates as words


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
DATE_PATTERNS = (_YMD, _DMY, _D_MONTH_Y, _MONTH_D_Y)


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
