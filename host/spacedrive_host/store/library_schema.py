"""The library database's schema: tables, the triggers that keep the quota's byte counts, migrations.

`PRAGMA user_version` says which migrations a database has had (`Library._migrate` applies the rest).
"""

from __future__ import annotations

import sqlite3
import uuid

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


def entry_row_sql(row: str) -> str:
    """SQL for `entry_row_bytes` of the row `row` (NEW or OLD, or a table) in a trigger or query."""
    return (
        f"({_blob_length(f'{row}.name')} + 3 * {_blob_length(f'{row}.path')} + "
        f"2 * {_blob_length(f'{row}.entry_type')} + {_blob_length(f'{row}.metadata')} + {ENTRY_ROW_OVERHEAD})"
    )


def sidecar_row_sql(row: str) -> str:
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
        (SELECT COALESCE(SUM({entry_row_sql("entries")}), 0) FROM entries)
        + (SELECT COALESCE(SUM({sidecar_row_sql("sidecars")}), 0) FROM sidecars)""",
    f"""CREATE TRIGGER entries_bytes_insert AFTER INSERT ON entries
        BEGIN UPDATE library SET row_bytes = row_bytes + {entry_row_sql("NEW")}; END""",
    f"""CREATE TRIGGER entries_bytes_update AFTER UPDATE ON entries
        BEGIN UPDATE library SET row_bytes = row_bytes - {entry_row_sql("OLD")} + {entry_row_sql("NEW")}; END""",
    f"""CREATE TRIGGER entries_bytes_delete AFTER DELETE ON entries
        BEGIN UPDATE library SET row_bytes = row_bytes - {entry_row_sql("OLD")}; END""",
    f"""CREATE TRIGGER sidecars_rows_insert AFTER INSERT ON sidecars
        BEGIN UPDATE library SET row_bytes = row_bytes + {sidecar_row_sql("NEW")}; END""",
    f"""CREATE TRIGGER sidecars_rows_delete AFTER DELETE ON sidecars
        BEGIN UPDATE library SET row_bytes = row_bytes - {sidecar_row_sql("OLD")}; END""",
]
MIGRATIONS = {1: SCHEMA_V1, 2: SCHEMA_V2}


def _apply(db: sqlite3.Connection, statements: list[str], version: int | None = None) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        for statement in statements:
            db.execute(statement)
        if version is not None:
            db.execute(f"PRAGMA user_version = {version}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def migrate(db: sqlite3.Connection, library_id: uuid.UUID) -> None:
    """Bring the database to SCHEMA_VERSION, one numbered step at a time, each in one transaction."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"library {library_id} has database version {version}; this host knows up to {SCHEMA_VERSION}"
        )
    _apply(db, SCHEMA_V0)
    for step in range(version + 1, SCHEMA_VERSION + 1):
        _apply(db, MIGRATIONS[step], step)
