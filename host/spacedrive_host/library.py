"""Libraries: a directory with an embedded SQLite database (WAL) and its sidecar files.

    <data_dir>/libraries/<library-uuid>/
        library.db                  entries, sidecars (SQLite, WAL journal)
        sidecars/<entry-uuid>/      one file per sidecar content, named <sha256>.bin

Sidecar writes are atomic: the bytes go to a temp file that is fsynced and renamed to
its content-addressed name (and the directory fsynced), then one SQLite transaction
points the sidecar row at it. A crash at any point leaves the row on the old complete
file or the new one, never on half a file; files no row points at are removed after the
commit and, for what a crash left behind, by `vacuum` when the library is opened. The
tests kill a writing process with SIGKILL at each step to prove it (tests/test_e2e_vdfs.py).

One host process owns a data directory: `vacuum` at open assumes nobody else writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from spacedrive_wire.json_limits import FREE_FORM_JSON

from .config import VdfsConfig
from .errors import ErrorCode, OperationError
from .sqlite_vec_ext import connect as connect_database

SCHEMA_VERSION = 2
"""`PRAGMA user_version` of the library database this code writes; see `_migrate`."""

SCHEMA_V0 = [
    "CREATE TABLE IF NOT EXISTS library (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS entries (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, path TEXT NOT NULL, entry_type TEXT NOT NULL,
        metadata TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS sidecars (
        entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE, filename TEXT NOT NULL,
        format TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, updated_at TEXT NOT NULL,
        PRIMARY KEY (entry_id, filename))""",
]
SCHEMA_V1 = [
    # Bytes of sidecar data, kept by triggers so that the quota check is one row read.
    "ALTER TABLE library ADD COLUMN sidecar_bytes INTEGER NOT NULL DEFAULT 0",
    "UPDATE library SET sidecar_bytes = (SELECT COALESCE(SUM(size), 0) FROM sidecars)",
    """CREATE TRIGGER sidecars_bytes_insert AFTER INSERT ON sidecars
        BEGIN UPDATE library SET sidecar_bytes = sidecar_bytes + NEW.size; END""",
    """CREATE TRIGGER sidecars_bytes_update AFTER UPDATE OF size ON sidecars
        BEGIN UPDATE library SET sidecar_bytes = sidecar_bytes - OLD.size + NEW.size; END""",
    """CREATE TRIGGER sidecars_bytes_delete AFTER DELETE ON sidecars
        BEGIN UPDATE library SET sidecar_bytes = sidecar_bytes - OLD.size; END""",
    "CREATE INDEX entries_by_path ON entries (path, id)",
    "CREATE INDEX entries_by_type ON entries (entry_type, path, id)",
]
ENTRY_ROW_OVERHEAD = 256
"""Bytes counted per entry row beyond its text values: id, timestamps, index keys and SQLite's bookkeeping."""
SIDECAR_ROW_OVERHEAD = 192
"""Bytes counted per sidecar row beyond its file name and content: ids, digest, timestamp, bookkeeping."""


def _blob_length(column: str) -> str:
    return f"length(CAST({column} AS BLOB))"


def _entry_row_sql(row: str) -> str:
    """SQL for `entry_row_bytes` of the row `row` (NEW or OLD, or a table) in a trigger or query."""
    return (
        f"({_blob_length(f'{row}.name')} + 3 * {_blob_length(f'{row}.path')} + "
        f"2 * {_blob_length(f'{row}.entry_type')} + {_blob_length(f'{row}.metadata')} + {ENTRY_ROW_OVERHEAD})"
    )


def _sidecar_row_sql(row: str) -> str:
    return f"(2 * {_blob_length(f'{row}.filename')} + {SIDECAR_ROW_OVERHEAD})"


def entry_row_bytes(name: str, path: str, entry_type: str, metadata_json: str) -> int:
    """What an entry row counts against the library quota: its text values in UTF-8 (the path
    three times and the type twice, for the indexes that repeat them) plus a fixed overhead."""
    size = len(name.encode()) + 3 * len(path.encode()) + 2 * len(entry_type.encode())
    return size + len(metadata_json.encode()) + ENTRY_ROW_OVERHEAD


def sidecar_row_bytes(filename: str) -> int:
    """What a sidecar row counts against the quota besides its content (the name twice: row and key)."""
    return 2 * len(filename.encode()) + SIDECAR_ROW_OVERHEAD


SCHEMA_V2 = [
    # Bytes of rows (entries with their metadata, sidecar rows), kept by triggers next to
    # sidecar_bytes: the quota counts both (docs/data.md).
    "ALTER TABLE library ADD COLUMN row_bytes INTEGER NOT NULL DEFAULT 0",
    f"""UPDATE library SET row_bytes =
        (SELECT COALESCE(SUM({_entry_row_sql("entries")}), 0) FROM entries)
        + (SELECT COALESCE(SUM({_sidecar_row_sql("sidecars")}), 0) FROM sidecars)""",
    f"""CREATE TRIGGER entries_bytes_insert AFTER INSERT ON entries
        BEGIN UPDATE library SET row_bytes = row_bytes + {_entry_row_sql("NEW")}; END""",
    f"""CREATE TRIGGER entries_bytes_update AFTER UPDATE ON entries
        BEGIN UPDATE library SET row_bytes = row_bytes - {_entry_row_sql("OLD")} + {_entry_row_sql("NEW")}; END""",
    f"""CREATE TRIGGER entries_bytes_delete AFTER DELETE ON entries
        BEGIN UPDATE library SET row_bytes = row_bytes - {_entry_row_sql("OLD")}; END""",
    f"""CREATE TRIGGER sidecars_rows_insert AFTER INSERT ON sidecars
        BEGIN UPDATE library SET row_bytes = row_bytes + {_sidecar_row_sql("NEW")}; END""",
    f"""CREATE TRIGGER sidecars_rows_delete AFTER DELETE ON sidecars
        BEGIN UPDATE library SET row_bytes = row_bytes - {_sidecar_row_sql("OLD")}; END""",
]
MIGRATIONS = {1: SCHEMA_V1, 2: SCHEMA_V2}

MAX_SIDECAR_NAME = 255
MAX_LIBRARY_NAME = 256
TEMP_PREFIX = ".tmp-"
REPLACED_BATCH = 64
"""Files of replaced sidecar versions removed together (docs/data.md, step 4): each removal is a
journal transaction the next fsync must commit, and one for many costs about as much as one."""

WriteProbe = Callable[[str], None]
"""Called at each step of a sidecar write: `after_temp`, `after_rename`, `in_transaction`, `after_commit`."""


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


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text)


def check_sidecar_name(filename: str) -> None:
    """Reject names that could escape the entry's directory or confuse tools."""
    problem = None
    if not filename or len(filename.encode("utf-8")) > MAX_SIDECAR_NAME:
        problem = f"must be 1 to {MAX_SIDECAR_NAME} bytes"
    elif "/" in filename or "\\" in filename:
        problem = "must not contain path separators"
    elif filename in (".", "..") or ".." in filename:
        problem = "must not contain '..'"
    elif _has_control_characters(filename):
        problem = "must not contain control characters"
    if problem:
        raise OperationError(ErrorCode.invalid_input, f"invalid sidecar filename {filename!r}: {problem}")


def check_library_name(name: str) -> None:
    problem = None
    if not name.strip() or len(name) > MAX_LIBRARY_NAME:
        problem = f"must have 1 to {MAX_LIBRARY_NAME} characters, not only white space"
    elif _has_control_characters(name):
        problem = "must not contain control characters"
    if problem:
        raise OperationError(ErrorCode.invalid_input, f"invalid library name {name!r}: {problem}")


def _fsync_directory(directory: Path) -> None:
    """Make a rename or a new name in `directory` durable before the database refers to it."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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


@dataclass(frozen=True)
class LibraryStats:
    entry_count: int
    sidecar_count: int
    sidecar_bytes: int
    row_bytes: int = 0
    """Bytes of entry and sidecar rows (`entry_row_bytes`, `sidecar_row_bytes`)."""

    @property
    def used_bytes(self) -> int:
        """What counts against `max_library_bytes`: sidecar contents and rows."""
        return self.sidecar_bytes + self.row_bytes


def encode_metadata(metadata: dict[str, Any]) -> str:
    """Stored JSON of entry metadata; `invalid_input` if it breaks the free-form JSON limits
    (strict JSON: no NaN or Infinity), so nothing the SDKs cannot decode is ever stored."""
    problem = FREE_FORM_JSON.problem(metadata)
    if problem is not None:
        raise OperationError(ErrorCode.invalid_input, f"metadata: {problem}", {"loc": ["metadata"], "msg": problem})
    return json.dumps(metadata, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _entry(row: Any) -> EntryRecord:
    return EntryRecord(uuid.UUID(row[0]), row[1], row[2], row[3], json.loads(row[4]), row[5], row[6])


def _sidecar(row: Any) -> SidecarRecord:
    return SidecarRecord(uuid.UUID(row[0]), row[1], row[2], row[3], row[4], row[5])


def _prefix_upper_bound(prefix: str) -> str | None:
    """The smallest string greater than every string starting with `prefix` (None: no bound)."""
    for i in range(len(prefix) - 1, -1, -1):
        code = ord(prefix[i]) + 1
        if code == 0xD800:
            code = 0xE000  # SQLite stores UTF-8: skip the surrogates
        if code <= 0x10FFFF:
            return prefix[:i] + chr(code)
    return None


ENTRY_COLUMNS = "id, name, path, entry_type, metadata, created_at, updated_at"
SIDECAR_COLUMNS = "entry_id, filename, format, size, sha256, updated_at"


class Library:
    """One library: its SQLite database and sidecar files. Thread-safe (one connection, one lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.id = uuid.UUID(path.name)
        self.write_probe: WriteProbe | None = None
        """Test seam: the crash tests set it in a child process to SIGKILL itself at a write step."""
        self._lock = threading.RLock()
        self._replaced: set[tuple[uuid.UUID, str]] = set()
        """(entry, digest) of replaced sidecar versions whose files are still to be removed."""
        self._db = connect_database(path / "library.db")  # with sqlite-vec, for the vector index (vectors.py)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()
        row = self._db.execute("SELECT name, created_at FROM library").fetchone()
        self.name: str = row[0] if row else ""
        self.created_at: str = row[1] if row else ""
        self.vacuum()

    def _migrate(self) -> None:
        """Bring the database to SCHEMA_VERSION, one numbered step at a time, each in one transaction."""
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"library {self.id} has database version {version}; this host knows up to {SCHEMA_VERSION}"
            )
        with self.transaction() as db:
            for statement in SCHEMA_V0:
                db.execute(statement)
        for step in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction() as db:
                for statement in MIGRATIONS[step]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {step}")

    @classmethod
    def create(cls, path: Path, name: str) -> Library:
        check_library_name(name)
        path.mkdir(parents=True)
        (path / "sidecars").mkdir()
        library = cls(path)
        library.name, library.created_at = name, utc_now()
        with library.transaction() as db:
            db.execute(
                "INSERT INTO library (id, name, created_at) VALUES (?, ?, ?)",
                (str(library.id), name, library.created_at),
            )
        return library

    def close(self) -> None:
        with self._lock:
            self.remove_replaced()
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

    def stats(self) -> LibraryStats:
        with self._lock:
            entries = self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
            sidecars = self._db.execute("SELECT COUNT(*) FROM sidecars").fetchone()[0]
            used = self._db.execute("SELECT sidecar_bytes, row_bytes FROM library").fetchone()
        return LibraryStats(entries, sidecars, *(used or (0, 0)))

    def _require_room(self, db: sqlite3.Connection, needed: int, limits: VdfsConfig | None, what: str) -> None:
        """Refuse a write that grows the library by `needed` bytes past its quota (before writing anything).
        Call it inside the write's transaction, so that concurrent writes cannot overshoot together."""
        if limits is None or needed <= 0:
            return
        used = sum(db.execute("SELECT sidecar_bytes, row_bytes FROM library").fetchone() or (0, 0))
        if used + needed > limits.max_library_bytes:
            raise OperationError(
                ErrorCode.library_quota_exceeded,
                f"{what} needs {needed} bytes; library {self.id} uses {used} of its quota of "
                f"{limits.max_library_bytes}",
                {"limit": limits.max_library_bytes, "used": used, "needed": needed},
            )

    # -- entries ---------------------------------------------------------------------
    def create_entry(
        self, name: str, path: str, entry_type: str, metadata: dict[str, Any], limits: VdfsConfig | None = None
    ) -> EntryRecord:
        """Insert an entry; checks the metadata and the quota before writing anything."""
        encoded = encode_metadata(metadata)
        now = utc_now()
        record = EntryRecord(uuid.uuid4(), name, path, entry_type, metadata, now, now)
        with self.transaction() as db:
            self._require_room(db, entry_row_bytes(name, path, entry_type, encoded), limits, "the new entry")
            db.execute(
                f"INSERT INTO entries ({ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (str(record.entry_id), name, path, entry_type, encoded, now, now),
            )
        return record

    def get_entry(self, entry_id: uuid.UUID) -> EntryRecord:
        with self._lock:
            row = self._db.execute(f"SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?", (str(entry_id),)).fetchone()
        if row is None:
            raise OperationError(ErrorCode.not_found, f"no entry {entry_id} in library {self.id}")
        return _entry(row)

    def _require_entry(self, entry_id: uuid.UUID) -> None:
        """`not_found` as `get_entry` says it, without reading the entry."""
        with self._lock:
            row = self._db.execute("SELECT 1 FROM entries WHERE id = ?", (str(entry_id),)).fetchone()
        if row is None:
            raise OperationError(ErrorCode.not_found, f"no entry {entry_id} in library {self.id}")

    def list_entries(
        self,
        *,
        entry_type: str | None = None,
        path_prefix: str | None = None,
        after: tuple[str, str] | None = None,
        limit: int = 100,
    ) -> list[EntryRecord]:
        """Entries ordered by (path, id), starting after the (path, id) pair `after`, at most `limit`."""
        return self.entry_page(entry_type=entry_type, path_prefix=path_prefix, after=after, limit=limit)[0]

    def entry_page(
        self,
        *,
        entry_type: str | None = None,
        path_prefix: str | None = None,
        after: tuple[str, str] | None = None,
        limit: int = 100,
        max_bytes: int | None = None,
    ) -> tuple[list[EntryRecord], bool]:
        """Like `list_entries`, but stops reading once the rows' text (names, paths, types,
        metadata) passes `max_bytes`; the row that passes it is included. Returns the entries
        and whether it stopped there (more entries may follow)."""
        rows, stopped = self.entry_rows(
            entry_type=entry_type, path_prefix=path_prefix, after=after, limit=limit, max_bytes=max_bytes
        )
        return [_entry(row) for row in rows], stopped

    def entry_rows(
        self,
        *,
        entry_type: str | None = None,
        path_prefix: str | None = None,
        after: tuple[str, str] | None = None,
        limit: int = 100,
        max_bytes: int | None = None,
    ) -> tuple[list[tuple[str, str, str, str, str, str, str]], bool]:
        """`entry_page` as the raw rows (`ENTRY_COLUMNS`, metadata as stored JSON text): for the
        listing operation, which validates them once, as its answer."""
        clauses: list[str] = []
        params: list[Any] = []
        if entry_type is not None:
            clauses.append("entry_type = ?")
            params.append(entry_type)
        if path_prefix is not None:
            clauses.append("path >= ?")
            params.append(path_prefix)
            upper = _prefix_upper_bound(path_prefix)
            if upper is not None:
                clauses.append("path < ?")
                params.append(upper)
        if after is not None:
            clauses.append("(path, id) > (?, ?)")
            params.extend(after)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = []
        read, stopped = 0, False
        with self._lock:
            cursor = self._db.execute(
                f"SELECT {ENTRY_COLUMNS} FROM entries {where} ORDER BY path, id LIMIT ?", (*params, limit)
            )
            for row in cursor:
                rows.append(row)
                read += len(row[1]) + len(row[2]) + len(row[3]) + len(row[4])
                if max_bytes is not None and read > max_bytes:
                    stopped = True  # these rows cannot all fit one answer: no need to read more
                    break
            cursor.close()
        return rows, stopped

    def update_metadata(
        self, entry_id: uuid.UUID, metadata: dict[str, Any], *, replace: bool, limits: VdfsConfig | None = None
    ) -> EntryRecord:
        """Merge-patch (or replace) an entry's metadata. The result is checked against the
        free-form JSON limits and the quota before it is written: a merge of two valid values
        may be too large."""
        with self.transaction() as db:
            current = self.get_entry(entry_id)
            merged = dict(metadata) if replace else merge_patch(current.metadata, metadata)
            encoded = encode_metadata(merged)
            query = f"SELECT {_entry_row_sql('entries')} FROM entries WHERE id = ?"
            old: int = db.execute(query, (str(entry_id),)).fetchone()[0]
            new = entry_row_bytes(current.name, current.path, current.entry_type, encoded)
            self._require_room(db, new - old, limits, "the new metadata")
            now = utc_now()
            db.execute(
                "UPDATE entries SET metadata = ?, updated_at = ? WHERE id = ?",
                (encoded, now, str(entry_id)),
            )
        return EntryRecord(
            current.entry_id, current.name, current.path, current.entry_type, merged, current.created_at, now
        )

    # -- sidecars --------------------------------------------------------------------
    def _sidecar_dir(self, entry_id: uuid.UUID) -> Path:
        return self.path / "sidecars" / str(entry_id)

    def sidecar_file(self, record: SidecarRecord) -> Path:
        """Where the bytes of `record` live."""
        return self._sidecar_dir(record.entry_id) / f"{record.sha256}.bin"

    def _probe(self, point: str) -> None:
        if self.write_probe is not None:
            self.write_probe(point)

    def _store_file(self, directory: Path, final: Path, data: bytes) -> None:
        """Temp file, fsync, rename to the content-addressed name, fsync the directory."""
        if not directory.is_dir():
            directory.mkdir(parents=True, exist_ok=True)
            _fsync_directory(directory.parent)
        temp = directory / f"{TEMP_PREFIX}{uuid.uuid4().hex}"
        try:
            with temp.open("xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            self._probe("after_temp")
            os.replace(temp, final)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        _fsync_directory(directory)

    def _check_quota(
        self, db: sqlite3.Connection, entry_id: uuid.UUID, filename: str, size: int, limits: VdfsConfig
    ) -> None:
        """Room for sidecar `filename` of `size` bytes; a replaced version's bytes count as freed."""
        replaced = db.execute(
            "SELECT size FROM sidecars WHERE entry_id = ? AND filename = ?", (str(entry_id), filename)
        ).fetchone()
        needed = size if replaced else size + sidecar_row_bytes(filename)
        freed = replaced[0] if replaced else 0
        self._require_room(db, needed - freed, limits, f"sidecar {filename!r} ({size} bytes)")

    def write_sidecar(
        self, entry_id: uuid.UUID, filename: str, data: bytes, fmt: str, limits: VdfsConfig | None = None
    ) -> SidecarRecord:
        """Store `data` as sidecar `filename`; checks every limit before writing anything."""
        check_sidecar_name(filename)
        if limits is not None and len(data) > limits.max_sidecar_bytes:
            raise OperationError(
                ErrorCode.sidecar_too_large,
                f"sidecar {filename!r} has {len(data)} bytes, over the limit of {limits.max_sidecar_bytes}",
                {"limit": limits.max_sidecar_bytes, "size": len(data)},
            )
        self._require_entry(entry_id)
        if limits is not None:
            with self._lock:
                self._check_quota(self._db, entry_id, filename, len(data), limits)
        digest = hashlib.sha256(data).hexdigest()
        directory = self._sidecar_dir(entry_id)
        final = directory / f"{digest}.bin"
        if not final.exists():
            self._store_file(directory, final, data)
        self._probe("after_rename")
        record = SidecarRecord(entry_id, filename, fmt, len(data), digest, utc_now())
        try:
            with self.transaction() as db:
                if limits is not None:  # again, under the lock: another write may have used the room
                    self._check_quota(db, entry_id, filename, len(data), limits)
                if not final.exists():  # a concurrent cleanup removed shared content: store it again
                    self._store_file(directory, final, data)
                previous = db.execute(
                    "SELECT sha256 FROM sidecars WHERE entry_id = ? AND filename = ?", (str(entry_id), filename)
                ).fetchone()
                db.execute(
                    f"INSERT INTO sidecars ({SIDECAR_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (entry_id, filename) DO UPDATE SET "
                    "format = excluded.format, size = excluded.size, sha256 = excluded.sha256, "
                    "updated_at = excluded.updated_at",
                    (str(entry_id), filename, fmt, len(data), digest, record.updated_at),
                )
                self._probe("in_transaction")
        except OperationError:
            self._remove_unreferenced(entry_id, digest)
            raise
        self._probe("after_commit")
        if previous and previous[0] != digest:
            with self._lock:
                self._replaced.add((entry_id, previous[0]))
                full = len(self._replaced) >= REPLACED_BATCH
            if full:
                self.remove_replaced()
        return record

    def remove_replaced(self) -> int:
        """Remove the files of replaced sidecar versions that no row names any more (a batch of them
        at a time, and all of them on close); returns how many were removed."""
        removed = 0
        with self._lock:
            batch, self._replaced = self._replaced, set()
            for entry_id, digest in batch:
                removed += self._remove_unreferenced(entry_id, digest)
        return removed

    def read_sidecar(self, entry_id: uuid.UUID, filename: str) -> tuple[SidecarRecord, bytes]:
        check_sidecar_name(filename)
        with self._lock:
            row = self._db.execute(
                f"SELECT {SIDECAR_COLUMNS} FROM sidecars WHERE entry_id = ? AND filename = ?",
                (str(entry_id), filename),
            ).fetchone()
            record = _sidecar(row) if row else None
            data = self.sidecar_file(record).read_bytes() if record else b""
        if record is None:
            self.get_entry(entry_id)
            raise OperationError(ErrorCode.not_found, f"entry {entry_id} has no sidecar {filename!r}")
        return record, data

    def list_sidecars(self, entry_id: uuid.UUID, after: str | None = None, limit: int = -1) -> list[SidecarRecord]:
        """The entry's sidecars by file name, after the name `after`, at most `limit` (-1: all)."""
        self.get_entry(entry_id)
        with self._lock:
            rows = self._db.execute(
                f"SELECT {SIDECAR_COLUMNS} FROM sidecars WHERE entry_id = ? AND filename > ? ORDER BY filename LIMIT ?",
                (str(entry_id), after or "", limit),
            ).fetchall()
        return [_sidecar(row) for row in rows]

    def sidecar_page(self, after: tuple[str, str] | None, limit: int) -> list[SidecarRecord]:
        """All sidecars of the library in (entry_id, filename) order, a page at a time."""
        where, params = ("WHERE (entry_id, filename) > (?, ?)", after) if after else ("", ())
        with self._lock:
            rows = self._db.execute(
                f"SELECT {SIDECAR_COLUMNS} FROM sidecars {where} ORDER BY entry_id, filename LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [_sidecar(row) for row in rows]

    def delete_sidecar(self, entry_id: uuid.UUID, filename: str) -> SidecarRecord:
        check_sidecar_name(filename)
        with self.transaction() as db:
            row = db.execute(
                f"SELECT {SIDECAR_COLUMNS} FROM sidecars WHERE entry_id = ? AND filename = ?",
                (str(entry_id), filename),
            ).fetchone()
            if row is not None:
                db.execute("DELETE FROM sidecars WHERE entry_id = ? AND filename = ?", (str(entry_id), filename))
        if row is None:
            self.get_entry(entry_id)
            raise OperationError(ErrorCode.not_found, f"entry {entry_id} has no sidecar {filename!r}")
        record = _sidecar(row)
        self._remove_unreferenced(entry_id, record.sha256)
        return record

    def _remove_unreferenced(self, entry_id: uuid.UUID, digest: str) -> int:
        with self._lock:
            used = self._db.execute(
                "SELECT 1 FROM sidecars WHERE entry_id = ? AND sha256 = ?", (str(entry_id), digest)
            ).fetchone()
            if used is not None:
                return 0
            self._replaced.discard((entry_id, digest))
            try:
                (self._sidecar_dir(entry_id) / f"{digest}.bin").unlink()
            except FileNotFoundError:
                return 0
            return 1

    def vacuum(self) -> int:
        """Remove what interrupted writes left behind: temp files and files no sidecar row names."""
        removed = 0
        root = self.path / "sidecars"
        if not root.is_dir():
            return 0
        with self._lock:
            referenced = {
                (row[0], row[1]) for row in self._db.execute("SELECT DISTINCT entry_id, sha256 FROM sidecars")
            }
            for directory in root.iterdir():
                if not directory.is_dir():
                    continue
                for path in directory.iterdir():
                    stale = path.name.startswith(TEMP_PREFIX) or (
                        path.suffix == ".bin" and (directory.name, path.stem) not in referenced
                    )
                    if stale:
                        path.unlink(missing_ok=True)
                        removed += 1
        return removed


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
