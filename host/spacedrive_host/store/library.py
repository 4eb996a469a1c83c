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
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from spacedrive_host.core.config import VdfsConfig
from spacedrive_host.core.errors import ErrorCode, OperationError

from .library_schema import entry_row_bytes, entry_row_sql, migrate, sidecar_row_bytes
from .records import (
    EntryRecord,
    LibraryStats,
    SidecarRecord,
    check_library_name,
    check_sidecar_name,
    encode_metadata,
    merge_patch,
    utc_now,
)
from .sidecar_files import SidecarFiles
from .sqlite_vec import connect as connect_database

REPLACED_BATCH = 64
"""Files of replaced sidecar versions removed together (docs/data.md, step 4): each removal is a
journal transaction the next fsync must commit, and one for many costs about as much as one."""

WriteProbe = Callable[[str], None]
"""Called at each step of a sidecar write: `after_temp`, `after_rename`, `in_transaction`, `after_commit`."""


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
        self.files = SidecarFiles(path / "sidecars", self._probe)
        self._replaced: set[tuple[uuid.UUID, str]] = set()
        """(entry, digest) of replaced sidecar versions whose files are still to be removed."""
        self._db = connect_database(path / "library.db")  # with sqlite-vec, for the vector index (vectors.py)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        migrate(self._db, self.id)
        row = self._db.execute("SELECT name, created_at FROM library").fetchone()
        self.name: str = row[0] if row else ""
        self.created_at: str = row[1] if row else ""
        self.vacuum()

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
            query = f"SELECT {entry_row_sql('entries')} FROM entries WHERE id = ?"
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
    def sidecar_file(self, record: SidecarRecord) -> Path:
        """Where the bytes of `record` live."""
        return self.files.path(record.entry_id, record.sha256)

    def _probe(self, point: str) -> None:
        if self.write_probe is not None:
            self.write_probe(point)

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
        final = self.files.path(entry_id, digest)
        if not final.exists():
            self.files.store(entry_id, digest, data)
        self._probe("after_rename")
        record = SidecarRecord(entry_id, filename, fmt, len(data), digest, utc_now())
        try:
            with self.transaction() as db:
                if limits is not None:  # again, under the lock: another write may have used the room
                    self._check_quota(db, entry_id, filename, len(data), limits)
                if not final.exists():  # a concurrent cleanup removed shared content: store it again
                    self.files.store(entry_id, digest, data)
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
            return self.files.remove(entry_id, digest)

    def vacuum(self) -> int:
        """Remove what interrupted writes left behind: temp files and files no sidecar row names."""
        with self._lock:
            referenced = {
                (row[0], row[1]) for row in self._db.execute("SELECT DISTINCT entry_id, sha256 FROM sidecars")
            }
            return self.files.sweep(referenced)
