"""`list_entries` skips the exact cut by bytes when a bound on the page's size fits the cap: the
bound must never be below what the router then writes, whatever the stored text holds."""

from __future__ import annotations

import json
import random
import uuid

from spacedrive_host.api.handlers.vdfs import (
    EMPTY_LIST,
    _cursor_bound,
    _entry_fields,
    _entry_json_bound,
    encode_cursor,
)
from spacedrive_host.api.paging import PageCutter
from spacedrive_host.store.records import encode_metadata
from spacedrive_wire._runtime import dump_json
from spacedrive_wire.models import Entry, ListEntriesOutput
from spacedrive_wire.operations import VDFS_LIST_ENTRIES_V1

ALPHABET = ["a", "Z", "/", " ", '"', "\\", "\x00", "\x1f", "\x7f", "é", "€", "\u2028", "😀", "\ufeff"]


def text(rng: random.Random, longest: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, longest)))


def value(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randint(0, 7 if depth < 3 else 4)
    if kind == 0:
        return text(rng, 8)
    if kind == 1:
        return rng.choice([0, 1, -1, 2**63 - 1, -(2**63), 2**64 - 1])
    if kind == 2:
        return rng.choice([0.1, 1e16, 1e-7, -2.2250738585072014e-308, 1.7976931348623157e308, 123456.789])
    if kind == 3:
        return rng.choice([True, False, None])
    if kind == 4:
        return ""
    if kind == 5:
        return [value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {text(rng, 4): value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def row(rng: random.Random) -> tuple[str, str, str, str, str, str, str]:
    metadata = {text(rng, 6): value(rng) for _ in range(rng.randint(0, 4))}
    stamp = rng.choice(["2026-01-01T00:00:00Z", "2026-03-03T10:00:00.123456Z"])
    return (str(uuid.uuid4()), text(rng, 30), text(rng, 60), text(rng, 10), encode_metadata(metadata), stamp, stamp)


def test_the_size_bounds_are_never_below_the_encoded_sizes() -> None:
    rng = random.Random(11)
    for _ in range(400):
        stored = row(rng)
        entry = Entry.model_validate(_entry_fields(stored))
        assert _entry_json_bound(stored) >= len(dump_json(entry, has_nullable=False))
        assert _cursor_bound(stored) >= len(encode_cursor(stored))


def test_a_page_under_its_bound_is_answered_whole_within_the_cap() -> None:
    rng = random.Random(12)
    page = [row(rng) for _ in range(50)]
    bound = sum(_entry_json_bound(r) for r in page) + len(page) + _cursor_bound(page[-1])
    cap = bound + PageCutter(1 << 30, VDFS_LIST_ENTRIES_V1, EMPTY_LIST).fixed
    answer = ListEntriesOutput.model_validate(
        {"entries": [_entry_fields(r) for r in page], "next_cursor": encode_cursor(page[-1])}
    )
    assert len(b'{"ok":' + dump_json(answer, has_nullable=False) + b"}") <= cap
    assert json.loads(dump_json(answer, has_nullable=False))["entries"][0]["entry_id"] == page[0][0]
