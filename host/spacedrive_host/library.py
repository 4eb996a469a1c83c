"""Libraries: a directory with an embedded SQLite database (WAL) and its sidecar files.

    <data_dir>/libraries/<library-uuid>/
        library.db                  entries, sidecars (SQLite, WAL journal)
        sidecars/<entry-uuid>/      one file per sidecar version, named <sha256>.bin

Sidecar writes are atomic: the bytes go to a temp file that is fsynced and renamed to
its content-addressed name, then one SQLite transaction points the sidecar row at it.
A crash at any point leaves the row on the old complete file or the new one, never on
half a file; files no row points at are removed after the commit (and by `vacuum`).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import ErrorCode, OperationError

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS library (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entries (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    entry_type TEXT NOT NULL,
    metadata TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sidecars (
    entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    format TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (entry_id, filename)
);
"""

MAX_SIDECAR_NAME = 255


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch: objects merge recursively, null deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def check_sidecar_name(filename: str) -> None:
    """Reject names that could escape the entry's directory or confuse tools."""
    problem = None
    if not filename or len(filename.encode("utf-8")) > MAX_SIDECAR_NAME:
        problem = f"must be 1 to {MAX_SIDECAR_NAME} bytes"
    elif "/" in filename or "\\" in filename:
        problem = "must not contain path separators"
    elif filename in (".", "..") or ".." in filename:
        problem = "must not contain '..'"
    elif any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in filename):
        problem = "must not contain control characters"
    if problem:
        raise OperationError(ErrorCode.invalid_input, f"invalid sidecar filename {filename!r}: {problem}")


@dataclass(frozen=True)
class EntryRecord:
    entry_id: uuid.UUID
    name: str
    path: str
    entry_type: str
    metadata: dict[str, Any]
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class SidecarRecord:
    entry_id: uuid.UUID
    filename: str
    format: str
    size: int
    sha256: str
    updated_at: str


class Library:
    """One library: its SQLite database and sidecar files. Thread-safe (one connection, one lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.id = uuid.UUID(path.name)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path / "library.db", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA_SQL)
        row = self._db.execute("SELECT name, created_at FROM library").fetchone()
        self.name: str = row[0] if row else ""
        self.created_at: str = row[1] if row else ""

    @classmethod
    def create(cls, path: Path, name: str) -> Library:
        path.mkdir(parents=True)
        (path / "sidecars").mkdir()
        library = cls(path)
        library.name, library.created_at = name, utc_now()
        with library.transaction() as db:
            db.execute("INSERT INTO library VALUES (?, ?, ?)", (str(library.id), name, library.created_at))
        return library

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # -- entries ---------------------------------------------------------------------
    def create_entry(self, name: str, path: str, entry_type: str, metadata: dict[str, Any]) -> EntryRecord:
        now = utc_now()
        record = EntryRecord(uuid.uuid4(), name, path, entry_type, metadata, now, now)
        with self.transaction() as db:
            db.execute(
                "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
                (str(record.entry_id), name, path, entry_type, json.dumps(metadata), now, now),
            )
        return record

    def get_entry(self, entry_id: uuid.UUID) -> EntryRecord:
        with self._lock:
            row = self._db.execute("SELECT * FROM entries WHERE id = ?", (str(entry_id),)).fetchone()
        if row is None:
            raise OperationError(ErrorCode.not_found, f"no entry {entry_id} in library {self.id}")
        return EntryRecord(uuid.UUID(row[0]), row[1], row[2], row[3], json.loads(row[4]), row[5], row[6])

    def update_metadata(self, entry_id: uuid.UUID, metadata: dict[str, Any], *, replace: bool) -> EntryRecord:
        with self.transaction() as db:
            current = self.get_entry(entry_id)
            merged = dict(metadata) if replace else merge_patch(current.metadata, metadata)
            now = utc_now()
            db.execute(
                "UPDATE entries SET metadata = ?, updated_at = ? WHERE id = ?",
                (json.dumps(merged), now, str(entry_id)),
            )
        return EntryRecord(
            current.entry_id, current.name, current.path, current.entry_type, merged, current.created_at, now
        )

    # -- sidecars --------------------------------------------------------------------
    def _sidecar_dir(self, entry_id: uuid.UUID) -> Path:
        return self.path / "sidecars" / str(entry_id)

    def write_sidecar(self, entry_id: uuid.UUID, filename: str, data: bytes, fmt: str) -> SidecarRecord:
        check_sidecar_name(filename)
        self.get_entry(entry_id)
        digest = hashlib.sha256(data).hexdigest()
        directory = self._sidecar_dir(entry_id)
        directory.mkdir(parents=True, exist_ok=True)
        final = directory / f"{digest}.bin"
        if not final.exists():
            temp = directory / f".tmp-{uuid.uuid4().hex}"
            with temp.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, final)
        record = SidecarRecord(entry_id, filename, fmt, len(data), digest, utc_now())
        with self.transaction() as db:
            previous = db.execute(
                "SELECT sha256 FROM sidecars WHERE entry_id = ? AND filename = ?", (str(entry_id), filename)
            ).fetchone()
            db.execute(
                "INSERT OR REPLACE INTO sidecars VALUES (?, ?, ?, ?, ?, ?)",
                (str(entry_id), filename, fmt, len(data), digest, record.updated_at),
            )
        if previous and previous[0] != digest:
            self._remove_unreferenced(entry_id, previous[0])
        return record

    def read_sidecar(self, entry_id: uuid.UUID, filename: str) -> tuple[SidecarRecord, bytes]:
        check_sidecar_name(filename)
        with self._lock:
            row = self._db.execute(
                "SELECT format, size, sha256, updated_at FROM sidecars WHERE entry_id = ? AND filename = ?",
                (str(entry_id), filename),
            ).fetchone()
            data = (self._sidecar_dir(entry_id) / f"{row[2]}.bin").read_bytes() if row else b""
        if row is None:
            self.get_entry(entry_id)
            raise OperationError(ErrorCode.not_found, f"entry {entry_id} has no sidecar {filename!r}")
        return SidecarRecord(entry_id, filename, row[0], row[1], row[2], row[3]), data

    def _remove_unreferenced(self, entry_id: uuid.UUID, digest: str) -> None:
        with self._lock:
            used = self._db.execute(
                "SELECT 1 FROM sidecars WHERE entry_id = ? AND sha256 = ?", (str(entry_id), digest)
            ).fetchone()
            if used is None:
                (self._sidecar_dir(entry_id) / f"{digest}.bin").unlink(missing_ok=True)


class LibraryStore:
    """All libraries under one directory; opened libraries are cached and shared."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._open: dict[uuid.UUID, Library] = {}
        self._lock = threading.Lock()

    def create(self, name: str) -> Library:
        library = Library.create(self.root / str(uuid.uuid4()), name)
        with self._lock:
            self._open[library.id] = library
        return library

    def get(self, library_id: uuid.UUID) -> Library | None:
        library = self._open.get(library_id)
        if library is not None:
            return library
        path = self.root / str(library_id)
        if not (path / "library.db").is_file():
            return None
        with self._lock:
            if library_id not in self._open:
                self._open[library_id] = Library(path)
            return self._open[library_id]

    def list(self) -> list[Library]:
        found = []
        for path in sorted(self.root.iterdir()):
            try:
                library_id = uuid.UUID(path.name)
            except ValueError:
                continue
            library = self.get(library_id)
            if library is not None:
                found.append(library)
        return found

    def close(self) -> None:
        with self._lock:
            for library in self._open.values():
                library.close()
            self._open.clear()
