"""The library store: SQLite rows and sidecar files, merge-patch metadata, name checks."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from spacedrive_host.core.errors import OperationError
from spacedrive_host.store.library_store import LibraryStore
from spacedrive_host.store.records import check_sidecar_name, merge_patch


@pytest.mark.parametrize(
    ("target", "patch", "result"),
    [
        ({"a": 1}, {"b": 2}, {"a": 1, "b": 2}),
        ({"a": 1}, {"a": None}, {}),
        ({"a": {"b": 1, "c": 2}}, {"a": {"c": None, "d": 3}}, {"a": {"b": 1, "d": 3}}),
        ({"a": [1, 2]}, {"a": [3]}, {"a": [3]}),
        ({"a": {"b": 1}}, {"a": 5}, {"a": 5}),
        ({}, {"a": {"b": None}}, {"a": {}}),
    ],
)
def test_merge_patch_follows_rfc_7386(target: dict[str, Any], patch: dict[str, Any], result: dict[str, Any]) -> None:
    assert merge_patch(target, patch) == result


@pytest.mark.parametrize("name", ["receipt.json", "a b.txt", "ünïcode.md", "x" * 255])
def test_good_sidecar_names(name: str) -> None:
    check_sidecar_name(name)


@pytest.mark.parametrize("name", ["", ".", "..", "../x", "a/b", "a\\b", "a\x00b", "a\nb", "\u202eevil", "é" * 200])
def test_bad_sidecar_names(name: str) -> None:
    with pytest.raises(OperationError):
        check_sidecar_name(name)


def test_libraries_persist_and_reopen(tmp_path: Path) -> None:
    store = LibraryStore(tmp_path)
    library = store.create("Photos")
    entry = library.create_entry("n", "p", "t", {"k": 1})
    library.write_sidecar(entry.entry_id, "a.txt", b"one", "text")
    store.close()

    reopened = LibraryStore(tmp_path)
    again = reopened.get(library.id)
    assert again is not None and again.name == "Photos"
    assert again.get_entry(entry.entry_id).metadata == {"k": 1}
    assert again.read_sidecar(entry.entry_id, "a.txt")[1] == b"one"
    assert [lib.id for lib in reopened.list()] == [library.id]
    assert reopened.get(uuid.uuid4()) is None
    with sqlite3.connect(library.path / "library.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reopened.close()


def test_replacing_a_sidecar_removes_the_old_file(tmp_path: Path) -> None:
    library = LibraryStore(tmp_path).create("L")
    entry = library.create_entry("n", "p", "t", {})
    first = library.write_sidecar(entry.entry_id, "a.txt", b"one", "text")
    second = library.write_sidecar(entry.entry_id, "a.txt", b"two", "text")
    assert library.remove_replaced() == 1  # replaced versions go in batches (docs/data.md)
    files = sorted(p.name for p in (library.path / "sidecars" / str(entry.entry_id)).iterdir())
    assert files == [f"{second.sha256}.bin"]
    assert first.sha256 != second.sha256
    assert library.read_sidecar(entry.entry_id, "a.txt")[1] == b"two"
