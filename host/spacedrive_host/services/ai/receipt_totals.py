"""The amounts of a receipt found by their labels: the grand total (over sub-totals, tax, tip,
change and the like), sub-total, tax and tip, and the payment method.
"""

from __future__ import annotations

import re
from collections import Counter

from . import receipt_words_payment as payment_words
from . import receipt_words_totals as words
from .receipt_amounts import Amount, currency_token
from .receipt_lines import Found, Line, compile_words

_GRAND_TOTAL = compile_words(words.GRAND_TOTAL)
TOTAL_LABEL = compile_words(words.TOTAL)
_NOT_TOTAL = compile_words(words.NOT_TOTAL)
_INCLUDED_TAX = re.compile(words.INCLUDED_TAX, re.IGNORECASE)
SUBTOTAL_LABEL = compile_words(words.SUBTOTAL)
TAX_LABEL = compile_words(words.TAX)
TIP_LABEL = compile_words(words.TIP)
_PAYMENT = {kind: compile_words(patterns) for kind, patterns in payment_words.PAYMENT.items()}
_CASH = compile_words(payment_words.PAYMENT["cash"])


def _next_amount(lines: list[Line], index: int) -> Line | None:
    """The amount-only line that follows a label alone on its line (columns split by OCR or HTML cells)."""
    for follower in lines[index + 1 : index + 4]:
        if follower.amount_only:
            return follower
        if TOTAL_LABEL.search(follower.text) or re.search(r"[^\W\d_]{3,}", follower.text):
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
    if _NOT_TOTAL.search(stripped) or not TOTAL_LABEL.search(stripped):
        return None
    return 1


def find_total(lines: list[Line]) -> tuple[Found, str | None]:
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
        return Found(amount.value, confidence, source.index), amount.currency or currency_token(currency_line)
    # No labelled total: the amount paid (a payment line), else the largest amount with decimals.
    values = [a for line in lines for a in line.amounts if a.decimals and not _is_cash_or_change(line)]
    if not values:
        return Found(), None
    counts = Counter(a.value for a in values)
    best = max(values, key=lambda a: (counts[a.value] > 1, abs(a.value)))
    return Found(best.value, 0.35), best.currency


def _is_cash_or_change(line: Line) -> bool:
    return bool(re.search(r"change|r[üu]ckgeld|rendu|cambio|resto|釣|tendered|gegeben|お預", line.label, re.I))


def labelled_amount(lines: list[Line], label: re.Pattern[str], exclude: re.Pattern[str] | None = None) -> Found:
    for line in lines:
        if label.search(line.label) and not (exclude and exclude.search(line.label)):
            amount, source = _value_of(lines, line)
            if amount is not None:
                return Found(amount.value, 0.7, source.index)
    return Found()


def find_payment(lines: list[Line], after: int) -> str | None:
    for line in lines[after:]:
        for kind, pattern in _PAYMENT.items():
            if pattern.search(line.text):
                return kind
    return None


def symbol_read_as_digit(total: float, lines: list[Line], total_line: int | None, *parts: float | None) -> float:
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
