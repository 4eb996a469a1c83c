"""VDFS queries, sidecar listing and deletion, storage limits, and crash safety of sidecar
writes: from the Rust guest through `SpacedriveClient`, on real SQLite and real files."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import HostConfig, VdfsConfig
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.store.library import REPLACED_BATCH, Library
from spacedrive_host.store.library_schema import SCHEMA_V0, entry_row_bytes, sidecar_row_bytes
from support.data_helpers import library_snapshot, version_bytes
from support.helpers import ROOT, MakeExtension, run_step

VDFS = {"permissions": {"methods": ["vdfs.*", "libraries.*"], "libraries": ["*"]}}


@pytest.fixture
def e2e(host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension) -> Extension:
    return host.load_extension(make_extension(guest_wasm["e2e"], ext_id="e2e", **VDFS))


def create(host: Host, library: Library, path: str, entry_type: str = "Doc", name: str = "n") -> str:
    answer = host.call(
        "action:vdfs.create_entry.input.v1", {"name": name, "path": path, "entry_type": entry_type}, library.id
    )
    entry_id: str = answer["ok"]["entry_id"]
    return entry_id


def write(host: Host, library: Library, entry_id: str, filename: str, data: bytes) -> dict[str, Any]:
    payload = {"entry_id": entry_id, "filename": filename, "data": base64.b64encode(data).decode()}
    answer: dict[str, Any] = host.call("action:vdfs.write_sidecar.input.v1", payload, library.id)
    return answer


def files_of(library: Library, entry_id: str) -> list[str]:
    directory = library.path / "sidecars" / entry_id
    return sorted(p.name for p in directory.iterdir()) if directory.is_dir() else []


# -- get_entry / list_entries ----------------------------------------------------------------
def test_get_entry_returns_the_stored_entry(e2e: Extension, host: Host, library: Library) -> None:
    entry_id = create(host, library, "a/b.txt", "Note", name="B")
    host.call("action:vdfs.update_metadata.input.v1", {"entry_id": entry_id, "metadata": {"k": [1, 2]}}, library.id)
    got = run_step(e2e, "get_entry", library.id, entry_id=entry_id)["ok"]
    assert (got["entry_id"], got["name"], got["path"], got["entry_type"]) == (entry_id, "B", "a/b.txt", "Note")
    assert got["metadata"] == {"k": [1, 2]}
    missing = run_step(e2e, "get_entry", library.id, entry_id=str(uuid.uuid4()))
    assert missing["error"]["variant"] == "Some(NotFound)"


PATHS = [
    ("docs/a.txt", "Note"),
    ("docs/b.txt", "Note"),
    ("docs/sub/c.pdf", "Pdf"),
    ("docs%/d.txt", "Note"),  # '%' and '_' are LIKE wildcards: a prefix must match them literally
    ("docs_x/e.txt", "Note"),
    ("doc", "Note"),
    ("épices/f.txt", "Note"),
    ("zeta", "Pdf"),
]


@pytest.fixture
def populated(host: Host, library: Library) -> list[tuple[str, str, str]]:
    """(path, id, type) of entries, with two entries on the same path (ordered by id)."""
    made = [(path, create(host, library, path, kind), kind) for path, kind in [*PATHS, ("docs/a.txt", "Note")]]
    return sorted(made)


@pytest.mark.parametrize(
    ("filters", "limit"),
    [({}, 3), ({}, 1000), ({"path_prefix": "docs/"}, 2), ({"entry_type": "Note"}, 4), ({"path_prefix": "docs%"}, 1)],
)
def test_list_entries_pages_through_everything_in_path_order(
    e2e: Extension, library: Library, populated: list[tuple[str, str, str]], filters: dict[str, str], limit: int
) -> None:
    expected = [
        path
        for path, _, kind in populated
        if path.startswith(filters.get("path_prefix", "")) and kind == filters.get("entry_type", kind)
    ]
    report = run_step(e2e, "list_entries_all", library.id, input=filters | {"limit": limit})
    pages = report["ok"]["pages"]
    assert [path for page in pages for path in page] == expected
    assert all(len(page) <= limit for page in pages)
    assert len(pages) == max(1, -(-len(expected) // limit))


def test_list_entries_defaults_and_last_page(e2e: Extension, library: Library, populated: list[Any]) -> None:
    report = run_step(e2e, "list_entries", library.id, input={})["ok"]
    assert [e["path"] for e in report["entries"]] == [path for path, _, _ in populated]
    assert "next_cursor" not in report


def test_a_cursor_continues_after_its_entry_when_entries_change(
    e2e: Extension, host: Host, library: Library, populated: list[Any]
) -> None:
    first = run_step(e2e, "list_entries", library.id, input={"limit": 3})["ok"]
    last_path = first["entries"][-1]["path"]
    create(host, library, "a-before-everything")
    create(host, library, "zz-after-everything")
    rest = run_step(e2e, "list_entries_all", library.id, input={"cursor": first["next_cursor"], "limit": 100})
    paths = [p for page in rest["ok"]["pages"] for p in page]
    assert "a-before-everything" not in paths
    assert "zz-after-everything" in paths
    assert paths == sorted(paths)
    assert all(p >= last_path for p in paths)
    assert len(paths) == len(populated) - 3 + 1


@pytest.mark.parametrize(
    "bad",
    [
        {"cursor": "not-a-cursor!"},
        {"cursor": base64.urlsafe_b64encode(b'{"p": 1}').decode()},
        {"limit": 0},
        {"limit": 1001},
    ],
)
def test_bad_list_input_is_invalid_input(e2e: Extension, library: Library, bad: dict[str, Any]) -> None:
    report = run_step(e2e, "list_entries", library.id, input=bad)
    assert report["error"]["variant"] == "Some(InvalidInput)"


# -- list_sidecars / delete_sidecar ----------------------------------------------------------
def test_list_and_delete_sidecars(e2e: Extension, host: Host, library: Library) -> None:
    entry_id = create(host, library, "e")
    write(host, library, entry_id, "b.json", b'{"x": 1}')
    write(host, library, entry_id, "a.txt", b"hello")
    listed = run_step(e2e, "list_sidecars", library.id, entry_id=entry_id)["ok"]
    assert [(s["filename"], s["format"], s["size"]) for s in listed] == [("a.txt", "text", 5), ("b.json", "json", 8)]
    assert listed[0]["sha256"] == hashlib.sha256(b"hello").hexdigest()

    assert run_step(e2e, "delete_sidecar", library.id, entry_id=entry_id, filename="a.txt") == {"ok": None}
    kept = hashlib.sha256(b'{"x": 1}').hexdigest()
    assert files_of(library, entry_id) == [f"{kept}.bin"]
    assert [s["filename"] for s in run_step(e2e, "list_sidecars", library.id, entry_id=entry_id)["ok"]] == ["b.json"]
    assert library.stats().sidecar_bytes == 8
    again = run_step(e2e, "delete_sidecar", library.id, entry_id=entry_id, filename="a.txt")
    assert again["error"]["variant"] == "Some(NotFound)"
    read = host.call("query:vdfs.read_sidecar.v1", {"entry_id": entry_id, "filename": "a.txt"}, library.id)
    assert read["error"]["code"] == "not_found"


def test_sidecars_with_the_same_bytes_share_a_file_until_the_last_goes(
    e2e: Extension, host: Host, library: Library
) -> None:
    entry_id = create(host, library, "e")
    write(host, library, entry_id, "one.bin", b"same")
    write(host, library, entry_id, "two.bin", b"same")
    assert len(files_of(library, entry_id)) == 1
    run_step(e2e, "delete_sidecar", library.id, entry_id=entry_id, filename="one.bin")
    assert host.call("query:vdfs.read_sidecar.v1", {"entry_id": entry_id, "filename": "two.bin"}, library.id)["ok"]
    run_step(e2e, "delete_sidecar", library.id, entry_id=entry_id, filename="two.bin")
    assert files_of(library, entry_id) == []


def test_sidecar_errors_name_what_is_missing(e2e: Extension, host: Host, library: Library) -> None:
    no_entry = run_step(e2e, "list_sidecars", library.id, entry_id=str(uuid.uuid4()))
    assert no_entry["error"]["variant"] == "Some(NotFound)"
    entry_id = create(host, library, "e")
    bad_name = run_step(e2e, "delete_sidecar", library.id, entry_id=entry_id, filename="../x")
    assert bad_name["error"]["variant"] == "Some(InvalidInput)"


# -- limits ----------------------------------------------------------------------------------
ENTRY_ROW = entry_row_bytes("n", "e", "Doc", "{}")
"""What the one entry of the quota tests counts (`create(host, library, "e")`)."""
SIDECAR_ROW = sidecar_row_bytes("a.bin")
"""What the row of a sidecar named like `a.bin` counts besides its bytes."""
QUOTA = 2500 + ENTRY_ROW + 3 * SIDECAR_ROW
"""Room for one entry and three sidecars of 2500 bytes in all."""


@pytest.fixture
def small_host(tmp_path: Path) -> Iterator[Host]:
    config = HostConfig(vdfs=VdfsConfig(max_sidecar_bytes=1000, max_library_bytes=QUOTA))
    with Host(tmp_path / "small", config) as h:
        yield h


def test_size_limits_have_their_own_codes_and_write_nothing(
    small_host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    e2e = small_host.load_extension(make_extension(guest_wasm["e2e"], ext_id="e2e", **VDFS))
    library = small_host.create_library("small")
    entry_id = create(small_host, library, "e")

    def put(filename: str, size: int) -> dict[str, Any]:
        return run_step(e2e, "write_sidecar_sized", library.id, entry_id=entry_id, filename=filename, size=size)

    too_large = put("big.bin", 1001)
    assert too_large["error"]["variant"] == "Some(SidecarTooLarge)"
    assert files_of(library, entry_id) == []
    assert put("a.bin", 1000) == {"ok": None}
    assert put("b.bin", 999) == {"ok": None}
    before = (files_of(library, entry_id), library.stats())
    over = put("c.bin", 502)
    assert over["error"]["variant"] == "Some(LibraryQuotaExceeded)"
    assert (files_of(library, entry_id), library.stats()) == before
    raw = small_host.call(
        "action:vdfs.write_sidecar.input.v1",
        {"entry_id": entry_id, "filename": "c.bin", "data": base64.b64encode(b"y" * 502).decode()},
        library.id,
    )
    used = ENTRY_ROW + 1999 + 2 * SIDECAR_ROW
    assert raw["error"]["details"] == {"limit": QUOTA, "used": used, "needed": 502 + SIDECAR_ROW}
    assert put("c.bin", 501) == {"ok": None}  # exactly at the quota
    assert put("a.bin", 1000) == {"ok": None}  # replacing counts the old size as freed
    assert run_step(e2e, "delete_sidecar", library.id, entry_id=entry_id, filename="b.bin") == {"ok": None}
    assert put("d.bin", 999) == {"ok": None}  # deleting gave the room back
    info = run_step(e2e, "get_library", None, library=str(library.id))["ok"]
    assert (info["sidecar_bytes"], info["used_bytes"], info["quota_bytes"]) == (2500, QUOTA, QUOTA)


def test_concurrent_writes_never_exceed_the_quota(small_host: Host) -> None:
    library = small_host.create_library("race")
    entry_id = create(small_host, library, "e")
    results: list[dict[str, Any]] = []
    lock = threading.Lock()

    def writer(i: int) -> None:
        answer = write(small_host, library, entry_id, f"f{i}.bin", bytes([i]) * 600)
        with lock:
            results.append(answer)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum("ok" in r for r in results) == 3  # 3 * (600 + row) <= QUOTA - ENTRY_ROW < 4 * (600 + row)
    assert {r["error"]["code"] for r in results if "error" in r} == {"library_quota_exceeded"}
    assert library.stats().sidecar_bytes == 1800
    assert library.stats().used_bytes <= QUOTA
    assert len(files_of(library, entry_id)) == 3


# -- crash safety ----------------------------------------------------------------------------
def start_writer(library: Library, entry_id: str, first: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "support.crash_writer",
            str(library.path),
            entry_id,
            "--first",
            str(first),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT / "tests",
    )


@pytest.fixture
def crash_library(tmp_path: Path) -> tuple[Path, str]:
    """A closed library with one entry whose sidecar `data.bin` holds version 0."""
    with Host(tmp_path / "crash") as host:
        library = host.create_library("crash")
        entry_id = create(host, library, "e")
        assert "ok" in write(host, library, entry_id, "data.bin", version_bytes(0))
        return library.path, entry_id


def reopen_and_check(library_dir: Path, entry_id: str) -> bytes:
    """The invariants on the raw files, then open the library (which cleans up) and read the sidecar."""
    contents = library_snapshot(library_dir)
    visible = contents[(entry_id, "data.bin")]
    library = Library(library_dir)
    try:
        assert sorted(p.name for p in (library_dir / "sidecars" / entry_id).iterdir()) == [
            f"{hashlib.sha256(visible).hexdigest()}.bin"
        ]  # no temp files or orphans survive the open
        _, data = library.read_sidecar(uuid.UUID(entry_id), "data.bin")
        assert data == visible
    finally:
        library.close()
    return visible


@pytest.mark.parametrize(
    ("kill_at", "visible"),
    [("after_temp", 0), ("after_rename", 0), ("in_transaction", 0), ("after_commit", 1)],
)
def test_sigkill_at_each_write_step_leaves_old_or_new_never_half(
    crash_library: tuple[Path, str], kill_at: str, visible: int
) -> None:
    library_dir, entry_id = crash_library
    library = Library(library_dir)
    library.close()
    child = start_writer(library, entry_id, 1, "--kill-at", kill_at)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, stderr
    leftovers = [p.name for p in (library_dir / "sidecars" / entry_id).iterdir()]
    assert len(leftovers) == 2  # the old file plus the temp or new file the kill left behind
    assert reopen_and_check(library_dir, entry_id) == version_bytes(visible)


def test_sigkill_at_random_moments_of_a_write_loop(crash_library: tuple[Path, str]) -> None:
    library_dir, entry_id = crash_library
    library = Library(library_dir)
    library.close()
    rng = random.Random(1234)
    version = 1
    for _ in range(8):
        child = start_writer(library, entry_id, version, "--loop")
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            child.kill()
            raise AssertionError(f"the writer did not start: {child.communicate(timeout=60)[1]}")
        acknowledged = version - 1
        for _ in range(rng.randint(0, 12)):
            line = child.stdout.readline().split()
            acknowledged = int(line[1])
        threading.Event().wait(rng.uniform(0, 0.01))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        data = reopen_and_check(library_dir, entry_id)
        candidates = {v: version_bytes(v) for v in range(acknowledged, acknowledged + 200)}
        seen = [v for v, content in candidates.items() if content == data]
        assert seen, "the sidecar holds bytes no write produced"
        assert seen[0] >= acknowledged  # a write that returned is never lost
        version = seen[0] + 1


def test_readers_in_the_host_see_complete_versions_while_a_writer_replaces(host: Host, library: Library) -> None:
    entry_id = create(host, library, "e")
    write(host, library, entry_id, "data.bin", version_bytes(0))
    versions = {hashlib.sha256(version_bytes(v)).hexdigest() for v in range(60)}
    stop = threading.Event()
    bad: list[str] = []

    def read_loop() -> None:
        while not stop.is_set():
            answer = host.call("query:vdfs.read_sidecar.v1", {"entry_id": entry_id, "filename": "data.bin"}, library.id)
            digest = hashlib.sha256(base64.b64decode(answer["ok"]["data"])).hexdigest()
            if digest not in versions or digest != answer["ok"]["sha256"]:
                bad.append(digest)

    readers = [threading.Thread(target=read_loop) for _ in range(3)]
    for reader in readers:
        reader.start()
    for v in range(1, 60):
        write(host, library, entry_id, "data.bin", version_bytes(v))
    stop.set()
    for reader in readers:
        reader.join()
    assert bad == []
    assert len(files_of(library, entry_id)) <= REPLACED_BATCH  # replaced versions are removed in batches
    library.remove_replaced()
    assert len(files_of(library, entry_id)) == 1


def test_replaced_versions_are_removed_in_batches_and_on_close(tmp_path: Path) -> None:
    """A replaced version's file outlives its row until a batch is full (or the library closes); a
    version written again meanwhile keeps its file, and readers only ever see the current one."""
    library = Library.create(tmp_path / str(uuid.uuid4()), "batches")
    entry_id = library.create_entry("e", "e", "t", {}).entry_id
    directory = library.path / "sidecars" / str(entry_id)
    library.write_sidecar(entry_id, "a.bin", b"v0", "binary")
    library.write_sidecar(entry_id, "a.bin", b"v1", "binary")
    library.write_sidecar(entry_id, "a.bin", b"v0", "binary")  # the pending file is named again: kept
    assert library.read_sidecar(entry_id, "a.bin")[1] == b"v0"
    assert len(list(directory.iterdir())) == 2
    for version in range(2, REPLACED_BATCH + 2):
        library.write_sidecar(entry_id, "a.bin", f"v{version}".encode(), "binary")
    assert len(list(directory.iterdir())) < REPLACED_BATCH  # a full batch was removed
    library.write_sidecar(entry_id, "a.bin", b"last", "binary")
    library.close()
    assert [p.name for p in directory.iterdir()] == [f"{hashlib.sha256(b'last').hexdigest()}.bin"]


# -- the database ----------------------------------------------------------------------------
def test_library_database_is_wal_and_migrates_an_old_one(tmp_path: Path) -> None:
    path = tmp_path / str(uuid.uuid4())
    (path / "sidecars" / "e").mkdir(parents=True)
    db = sqlite3.connect(path / "library.db")
    for statement in SCHEMA_V0:
        db.execute(statement)
    db.execute("INSERT INTO library VALUES (?, 'old', '2026-01-01T00:00:00Z')", (path.name,))
    db.execute("INSERT INTO entries VALUES ('e', 'n', 'p', 't', '{}', 'x', 'x')")
    db.execute("INSERT INTO sidecars VALUES ('e', 'a', 'binary', 7, 'd', 'x'), ('e', 'b', 'binary', 5, 'd', 'x')")
    db.commit()
    db.close()
    library = Library(path)
    try:
        assert library.stats().sidecar_bytes == 12
        assert library.name == "old"
        raw = sqlite3.connect(path / "library.db")
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert raw.execute("PRAGMA user_version").fetchone() == (2,)
        assert library.stats().row_bytes == entry_row_bytes("n", "p", "t", "{}") + 2 * sidecar_row_bytes("a")
        raw.close()
    finally:
        library.close()


def test_limits_come_from_the_host_config_file(tmp_path: Path) -> None:
    path = tmp_path / "host.json"
    path.write_text(json.dumps({"vdfs": {"max_sidecar_bytes": 10}, "jobs": {"workers": 1}, "events": {"max_depth": 2}}))
    config = HostConfig.load(path)
    assert (config.vdfs.max_sidecar_bytes, config.vdfs.max_library_bytes) == (10, VdfsConfig().max_library_bytes)
    assert (config.jobs.workers, config.events.max_depth) == (1, 2)
    path.write_text(json.dumps({"vdfs": {"max_sidecar_byte": 10}}))
    with pytest.raises(ValueError, match="max_sidecar_byte"):
        HostConfig.load(path)
