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

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any

import pydantic_core
from spacedrive_wire._runtime import OperationSpec, WireModel, dump_json

from spacedrive_host.core.errors import ErrorCode, OperationError

ENVELOPE_BYTES = len(b'{"ok":}')


class PageCutter:
    """How many items of a page fit the cap. `empty` is the answer with no items and an empty
    cursor; each item costs its JSON, a comma, and the cursor that would follow it."""

    def __init__(self, cap: int, spec: OperationSpec[Any, Any], empty: WireModel) -> None:
        self.cap = cap
        self.has_nullable = spec.output_has_nullable
        self.fixed = ENVELOPE_BYTES + len(dump_json(empty, has_nullable=self.has_nullable))
        self.budget = cap - self.fixed

    def size(self, item: Any) -> int:
        """Bytes of one item inside the answer, encoded as the router encodes answers."""
        if isinstance(item, WireModel):
            return len(dump_json(item, has_nullable=self.has_nullable))
        return len(pydantic_core.to_json(item))

    def fit(self, items: Sequence[tuple[Any, str]]) -> int:
        """The number of leading `(item, cursor after it)` pairs that fit; `payload_too_large` if not one does."""
        used = 0
        for index, (item, cursor) in enumerate(items):
            used += self.size(item) + (1 if index else 0)
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


MAX_PAGE_ITEMS = 1000
"""Items a listing without a `limit` reads per page at most (before the cut by bytes)."""


def encode_cursor(*key: str) -> str:
    """An opaque cursor: the sort key of the last item of a page, as unpadded base64url JSON."""
    raw = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, parts: int) -> tuple[str, ...]:
    """The sort key in a cursor from `encode_cursor`; `invalid_input` for anything else."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(key, list) or len(key) != parts or not all(isinstance(k, str) for k in key):
            raise TypeError
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise OperationError(ErrorCode.invalid_input, "malformed cursor: pass back a `next_cursor` unchanged") from None
    return tuple(key)


def cut_page(
    cap: int,
    spec: OperationSpec[Any, Any],
    empty: WireModel,
    items: Sequence[tuple[Any, tuple[str, ...]]],
    more: bool,
) -> tuple[list[Any], str | None]:
    """The items of a page that fit `cap`, and the cursor of the next page (None on the last).

    `items` are the candidates in order with their sort keys; `more` says whether items
    follow them."""
    cursors = [encode_cursor(*key) for _, key in items]
    count = PageCutter(cap, spec, empty).fit([(item, cursor) for (item, _), cursor in zip(items, cursors, strict=True)])
    next_cursor = cursors[count - 1] if count and (more or count < len(items)) else None
    return [item for item, _ in items[:count]], next_cursor
