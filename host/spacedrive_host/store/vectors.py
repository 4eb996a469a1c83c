"""The vector index of a library: one embedding per (entry, sidecar, model), exact k-NN search.

Stored in the library's own database (docs/data.md), created on first use:

    embeddings              id, entry_id, filename, model, dimension, sha256 (of the sidecar
                            content embedded), updated_at; UNIQUE (entry_id, filename, model)
    vec_embeddings_<dim>    sqlite-vec `vec0` table, rowid = embeddings.id: the float32 vector,
                            `model` as partition key

Search is exact: sqlite-vec's `vec0` k-NN scans every vector of the model's partition and
ranks by cosine distance (no approximate index). `list_entries`' filters become a
`rowid IN (SELECT ...)` constraint of that scan, selected from `entries` with its indexes
(sqlite-vec 0.1.9's own text metadata columns fail on range comparisons of strings longer
than 12 bytes, so paths are not copied into the vec0 table). An entry with several
embedded sidecars counts once, with its best sidecar: the query asks for more neighbours
until k distinct entries are found (or the partition is exhausted); beyond sqlite-vec's k
limit it falls back to a full SQL scan with `vec_distance_cosine`, exact too. Triggers
keep the index honest: a sidecar deleted or rewritten with other bytes drops its
embeddings (the `embed_sidecars` job makes them again).
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from spacedrive_host.store.library import Library, _prefix_upper_bound
from spacedrive_host.store.records import utc_now

if TYPE_CHECKING:
    import sqlite3

MAX_VEC_K = 4096
"""sqlite-vec's largest `k` in one k-NN query."""

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS embeddings (
        id INTEGER PRIMARY KEY,
        entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        filename TEXT NOT NULL, model TEXT NOT NULL, dimension INTEGER NOT NULL,
        sha256 TEXT NOT NULL, updated_at TEXT NOT NULL,
        UNIQUE (entry_id, filename, model))""",
    """CREATE TRIGGER IF NOT EXISTS embeddings_sidecar_deleted AFTER DELETE ON sidecars
        BEGIN DELETE FROM embeddings WHERE entry_id = OLD.entry_id AND filename = OLD.filename; END""",
    """CREATE TRIGGER IF NOT EXISTS embeddings_sidecar_rewritten AFTER UPDATE OF sha256 ON sidecars
        WHEN OLD.sha256 != NEW.sha256
        BEGIN DELETE FROM embeddings WHERE entry_id = OLD.entry_id AND filename = OLD.filename; END""",
]


def _vector_schema(dimension: int) -> list[str]:
    table = f"vec_embeddings_{dimension}"
    return [
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING vec0(
            model text partition key, embedding float[{dimension}] distance_metric=cosine)""",
        f"""CREATE TRIGGER IF NOT EXISTS embeddings_gone_{dimension} AFTER DELETE ON embeddings
            WHEN OLD.dimension = {dimension} BEGIN DELETE FROM {table} WHERE rowid = OLD.id; END""",
    ]


@dataclass(frozen=True)
class Neighbour:
    entry_id: uuid.UUID
    filename: str
    distance: float
    """Cosine distance (1 - cosine similarity)."""


@dataclass(frozen=True)
class StoredEmbedding:
    entry_id: uuid.UUID
    filename: str
    model: str
    sha256: str
    vector: Any  # float32 numpy array


class VectorIndex:
    """The embeddings of one library (thread-safe: every statement runs under the library's lock)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._dimensions: set[int] = set()
        with library.transaction() as db:
            for statement in SCHEMA:
                db.execute(statement)
            rows = db.execute("SELECT name FROM sqlite_master WHERE name LIKE 'vec_embeddings_%' AND type = 'table'")
            for (name,) in rows.fetchall():
                suffix = name.removeprefix("vec_embeddings_")
                if suffix.isdigit():
                    self._dimensions.add(int(suffix))

    def _ensure_dimension(self, db: sqlite3.Connection, dimension: int) -> str:
        if dimension not in self._dimensions:
            for statement in _vector_schema(dimension):
                db.execute(statement)
            self._dimensions.add(dimension)
        return f"vec_embeddings_{dimension}"

    # -- writing ---------------------------------------------------------------------
    def upsert(self, items: Sequence[tuple[uuid.UUID, str, str, Any]], model: str) -> int:
        """Store (entry_id, filename, sha256, vector) items for `model` in one transaction; returns how many.
        An item whose entry is gone is skipped (it was deleted while being embedded)."""
        if not items:
            return 0
        now = utc_now()
        stored = 0
        with self.library.transaction() as db:
            for entry_id, filename, sha256, vector in items:
                array = np.ascontiguousarray(vector, dtype=np.float32)
                table = self._ensure_dimension(db, int(array.shape[0]))
                current = db.execute(
                    "SELECT sha256 FROM sidecars WHERE entry_id = ? AND filename = ?", (str(entry_id), filename)
                ).fetchone()
                if current is None or current[0] != sha256:
                    continue  # entry or sidecar changed while it was being embedded: not indexed
                db.execute(
                    "DELETE FROM embeddings WHERE entry_id = ? AND filename = ? AND model = ?",
                    (str(entry_id), filename, model),
                )
                cursor = db.execute(
                    "INSERT INTO embeddings (entry_id, filename, model, dimension, sha256, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (str(entry_id), filename, model, int(array.shape[0]), sha256, now),
                )
                db.execute(
                    f"INSERT INTO {table} (rowid, model, embedding) VALUES (?, ?, ?)",
                    (cursor.lastrowid, model, array.tobytes()),
                )
                stored += 1
        return stored

    # -- reading ---------------------------------------------------------------------
    def indexed(self, model: str) -> dict[tuple[str, str], str]:
        """(entry_id, filename) -> sha256 of every sidecar embedded with `model`."""
        with self.library.transaction() as db:
            rows = db.execute("SELECT entry_id, filename, sha256 FROM embeddings WHERE model = ?", (model,))
            return {(row[0], row[1]): row[2] for row in rows.fetchall()}

    def count(self, model: str | None = None) -> int:
        with self.library.transaction() as db:
            if model is None:
                return int(db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0])
            return int(db.execute("SELECT COUNT(*) FROM embeddings WHERE model = ?", (model,)).fetchone()[0])

    def get(self, entry_id: uuid.UUID, model: str, filename: str | None = None) -> StoredEmbedding | None:
        """The stored vector of an entry's sidecar (`filename`, or its first embedded one by name)."""
        with self.library.transaction() as db:
            query = "SELECT id, filename, dimension, sha256 FROM embeddings WHERE entry_id = ? AND model = ?"
            params: list[Any] = [str(entry_id), model]
            if filename is not None:
                query += " AND filename = ?"
                params.append(filename)
            row = db.execute(query + " ORDER BY filename LIMIT 1", params).fetchone()
            if row is None:
                return None
            blob = db.execute(f"SELECT embedding FROM vec_embeddings_{row[2]} WHERE rowid = ?", (row[0],)).fetchone()
        vector = np.frombuffer(blob[0], dtype=np.float32).copy()
        return StoredEmbedding(entry_id, row[1], model, row[3], vector)

    def search(
        self,
        vector: Any,
        model: str,
        k: int,
        *,
        entry_type: str | None = None,
        path_prefix: str | None = None,
        exclude: uuid.UUID | None = None,
    ) -> list[Neighbour]:
        """The k entries nearest to `vector` (cosine distance; ties by entry id), each with its nearest
        sidecar, among vectors of `model` whose entries pass the filters (as `list_entries` applies them)."""
        query = np.ascontiguousarray(vector, dtype=np.float32)
        dimension = int(query.shape[0])
        if dimension not in self._dimensions:
            return []
        table = f"vec_embeddings_{dimension}"
        clauses, params = [], []
        if entry_type is not None:
            clauses.append("n.entry_type = ?")
            params.append(entry_type)
        if path_prefix is not None:
            clauses.append("n.path >= ?")
            params.append(path_prefix)
            upper = _prefix_upper_bound(path_prefix)
            if upper is not None:
                clauses.append("n.path < ?")
                params.append(upper)
        filters = ""
        if clauses:  # the candidates, as list_entries selects them
            filters = (
                " AND v.rowid IN (SELECT m.id FROM entries n JOIN embeddings m ON m.entry_id = n.id "
                f"WHERE m.model = ? AND {' AND '.join(clauses)})"
            )
            params.insert(0, model)
        skip = str(exclude) if exclude is not None else None
        fetch = k + (1 if skip else 0)
        with self.library.transaction() as db:
            while True:
                if fetch <= MAX_VEC_K:
                    rows = db.execute(
                        f"SELECT e.entry_id, e.filename, v.distance FROM {table} v JOIN embeddings e ON e.id = v.rowid "
                        f"WHERE v.embedding MATCH ? AND v.k = ? AND v.model = ?{filters} ORDER BY v.distance",
                        (query.tobytes(), fetch, model, *params),
                    ).fetchall()
                else:  # more than sqlite-vec answers at once: a full exact scan in SQL
                    rows = db.execute(
                        f"SELECT e.entry_id, e.filename, vec_distance_cosine(v.embedding, ?) AS d "
                        f"FROM {table} v JOIN embeddings e ON e.id = v.rowid WHERE v.model = ?{filters} ORDER BY d",
                        (query.tobytes(), model, *params),
                    ).fetchall()
                best: dict[str, Neighbour] = {}
                for entry_id, filename, distance in rows:
                    if entry_id != skip and entry_id not in best:
                        best[entry_id] = Neighbour(uuid.UUID(entry_id), filename, float(distance))
                if len(best) >= k or len(rows) < fetch or fetch > MAX_VEC_K:
                    break
                fetch *= 4
        ranked = sorted(best.values(), key=lambda n: (n.distance, str(n.entry_id)))
        return ranked[:k]


_indexes: weakref.WeakKeyDictionary[Library, VectorIndex] = weakref.WeakKeyDictionary()
_indexes_lock = threading.Lock()


def vector_index(library: Library) -> VectorIndex:
    """The library's vector index (created, with its tables, on first use)."""
    with _indexes_lock:
        index = _indexes.get(library)
        if index is None:
            index = _indexes[library] = VectorIndex(library)
        return index
