"""Library operations from the Rust guest through `SpacedriveClient`: create, list and get,
with library-scoped permissions, on real directories and SQLite databases."""

from __future__ import annotations

import base64
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import HostConfig
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.store.library import Library
from support.helpers import MakeExtension, run_step

EVERY_LIBRARY = {"permissions": {"methods": ["libraries.*"], "libraries": ["*"]}}


def load(host: Host, wasm: Path, make_extension: MakeExtension, ext_id: str, **manifest: Any) -> Extension:
    return host.load_extension(make_extension(wasm, ext_id=ext_id, **manifest))


def library_dirs(host: Host) -> list[str]:
    return sorted(p.name for p in host.libraries.root.iterdir())


def test_create_list_get(
    host: Host, library: Library, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    ext = load(host, guest_wasm["e2e"], make_extension, "libs", **EVERY_LIBRARY)
    created = run_step(ext, "create_library", name="Receipts")["ok"]
    new_id = created["library_id"]
    assert created["name"] == "Receipts"
    assert (created["entry_count"], created["sidecar_count"], created["sidecar_bytes"]) == (0, 0, 0)
    assert created["quota_bytes"] == HostConfig().vdfs.max_library_bytes

    database = host.libraries.root / new_id / "library.db"
    raw = sqlite3.connect(database)
    assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert raw.execute("SELECT id, name FROM library").fetchall() == [(new_id, "Receipts")]
    raw.close()

    listed = run_step(ext, "list_libraries")["ok"]
    assert [lib["library_id"] for lib in listed] == [str(library.id), new_id]  # oldest first
    assert run_step(ext, "get_library", library=new_id)["ok"] == created


def test_counts_follow_entries_and_sidecars(
    host: Host, library: Library, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    ext = load(host, guest_wasm["e2e"], make_extension, "libs", **EVERY_LIBRARY)
    for i in range(3):
        entry = host.call(
            "action:vdfs.create_entry.input.v1", {"name": "n", "path": f"p{i}", "entry_type": "t"}, library.id
        )
        payload = {
            "entry_id": entry["ok"]["entry_id"],
            "filename": "s.bin",
            "data": base64.b64encode(b"x" * (i + 1)).decode(),
        }
        host.call("action:vdfs.write_sidecar.input.v1", payload, library.id)
    info = run_step(ext, "get_library", library=str(library.id))["ok"]
    assert (info["entry_count"], info["sidecar_count"], info["sidecar_bytes"]) == (3, 3, 6)


def test_list_shows_only_libraries_the_manifest_allows(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    a, b, c = (host.create_library(name) for name in "ABC")
    ext = load(
        host,
        guest_wasm["e2e"],
        make_extension,
        "some",
        permissions={"methods": ["libraries.*"], "libraries": [str(a.id), str(c.id)]},
    )
    assert [lib["name"] for lib in run_step(ext, "list_libraries")["ok"]] == ["A", "C"]
    assert run_step(ext, "get_library", library=str(a.id))["ok"]["name"] == "A"
    denied = run_step(ext, "get_library", library=str(b.id))
    assert denied["error"]["variant"] == "Some(PermissionDenied)"
    # a library that does not exist is refused the same way, so existence does not leak
    unknown = run_step(ext, "get_library", library=str(uuid.uuid4()))
    assert unknown["error"]["variant"] == "Some(PermissionDenied)"


def test_get_of_a_missing_library_is_library_not_found(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    ext = load(host, guest_wasm["e2e"], make_extension, "libs", **EVERY_LIBRARY)
    missing = str(uuid.uuid4())
    report = run_step(ext, "get_library", library=missing)
    assert report["error"]["variant"] == "Some(LibraryNotFound)"
    assert missing in report["error"]["message"]


def test_creating_needs_every_library_and_the_method(
    host: Host, library: Library, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    before = library_dirs(host)
    scoped = load(
        host,
        guest_wasm["e2e"],
        make_extension,
        "scoped",
        permissions={"methods": ["libraries.*"], "libraries": [str(library.id)]},
    )
    report = run_step(scoped, "create_library", name="Mine")
    assert report["error"]["variant"] == "Some(PermissionDenied)"
    listing_only = load(
        host,
        guest_wasm["e2e"],
        make_extension,
        "lister",
        permissions={"methods": ["libraries.list"], "libraries": ["*"]},
    )
    assert run_step(listing_only, "create_library", name="Mine")["error"]["variant"] == "Some(PermissionDenied)"
    assert [lib["name"] for lib in run_step(listing_only, "list_libraries")["ok"]] == ["Test library"]
    assert library_dirs(host) == before


@pytest.mark.parametrize("name", ["", "   ", "tab\tname", "nul\x00", "x" * 257])
def test_bad_names_are_invalid_input_and_create_nothing(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension, name: str
) -> None:
    ext = load(host, guest_wasm["e2e"], make_extension, "libs", **EVERY_LIBRARY)
    report = run_step(ext, "create_library", name=name)
    assert report["error"]["variant"] == "Some(InvalidInput)"
    assert library_dirs(host) == []


def test_libraries_outlive_the_host(tmp_path: Path, guest_wasm: dict[str, Path], make_extension: MakeExtension) -> None:
    with Host(tmp_path / "data") as first:
        ext = load(first, guest_wasm["e2e"], make_extension, "libs", **EVERY_LIBRARY)
        created = run_step(ext, "create_library", name="Kept")["ok"]
    with Host(tmp_path / "data") as second:
        listed = second.call("query:libraries.list.v1", {})["ok"]["libraries"]
        assert listed == [created]
