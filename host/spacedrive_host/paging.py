"""Listing pages cut by bytes: the answer of a listing always fits the caller's response cap.

A listing first takes up to `limit` items, then keeps as many as fit: the encoded answer
(envelope, fixed fields, items, the cursor of the next page) must not exceed
`Caller.max_response_bytes`. Sizes are measured with the encoder the router uses for the
answer, so the cut is exact. The per-value limits of the schema bound one item far below the
default cap (16 MiB); a caller whose cap cannot hold even the first item gets
`payload_too_large` with the cursor after that item in `details.next_cursor`, so it can
still page past it (docs/data.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacedrive_wire._runtime import OperationSpec, WireModel, dump_json

from .errors import ErrorCode, OperationError

ENVELOPE_BYTES = len(b'{"ok":}')


class PageCutter:
    """How many items of a page fit the cap. `empty` is the answer with no items and an empty
    cursor; each item costs its JSON, a comma, and the cursor that would follow it."""

    def __init__(self, cap: int, spec: OperationSpec[Any, Any], empty: WireModel) -> None:
        self.cap = cap
        self.has_nullable = spec.output_has_nullable
        self.fixed = ENVELOPE_BYTES + len(dump_json(empty, has_nullable=self.has_nullable))
        self.budget = cap - self.fixed

    def fit(self, items: Sequence[tuple[WireModel, str]]) -> int:
        """The number of leading `(item, cursor after it)` pairs that fit; `payload_too_large` if not one does."""
        used = 0
        for index, (item, cursor) in enumerate(items):
            used += len(dump_json(item, has_nullable=self.has_nullable)) + (1 if index else 0)
            if used + len(cursor) > self.budget:
                if index == 0:
                    raise OperationError(
                        ErrorCode.payload_too_large,
                        f"the next item alone takes {used} bytes, more than this caller's response cap allows; "
                        "`details.next_cursor` skips it",
                        {"limit": self.cap, "size": self.fixed + used + len(cursor), "next_cursor": cursor},
                    )
                return index
        return len(items)
