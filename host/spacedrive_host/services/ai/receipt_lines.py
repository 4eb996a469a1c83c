"""A receipt's text as the rules see it: normalised lines, each with its amounts and its label,
and the regular expressions built from the vocabulary (`receipt_words_*.py`).

The common ground of the field finders (`receipt_totals.py`, `receipt_merchant.py`,
`extract.py`), so none of them imports another for its basics.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .receipt_amounts import Amount, amounts


def word_pattern(patterns: Iterable[str]) -> str:
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


def compile_words(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(word_pattern(patterns), re.IGNORECASE)


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


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in _normalise(text).splitlines() if line.strip()]


def parse_lines(lines: list[str]) -> list[Line]:
    return [Line(i, line, tuple(amounts(line))) for i, line in enumerate(lines)]


@dataclass
class Found:
    """A field's value, how sure the rules are of it (0..1) and the line it was read from."""

    value: Any = None
    confidence: float = 0.0
    line: int | None = None
