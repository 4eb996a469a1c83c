"""Connections to library databases with the sqlite-vec extension (`vec0` tables, vector functions).

sqlite-vec ships as a loadable SQLite extension in its PyPI wheel. Python's `sqlite3` can
load it only when CPython was built with loadable extensions, and many builds are not
(pyenv's default build, for one: `Connection.enable_load_extension` is missing). So:

1. where `_sqlite3` is linked against a shared SQLite that exports `sqlite3_auto_extension`
   (Debian's and pyenv's builds), the extension's entry point is registered there once per
   process, through ctypes: every connection opened afterwards has it, exactly as if it were
   compiled in (SQLite's documented way to add a statically known extension);
2. otherwise, `enable_load_extension` + `sqlite_vec.load` on the connection;
3. neither: `VectorExtensionMissing`, naming what is needed.
"""

from __future__ import annotations

import ctypes
import sqlite3
import threading
from pathlib import Path


class VectorExtensionMissing(RuntimeError):
    """sqlite-vec could not be loaded into this Python's SQLite."""


_registered: dict[str, bool] = {}  # "auto_extension" -> whether it worked (tried once per process)
_lock = threading.Lock()
_handles: list[ctypes.CDLL] = []  # keep the libraries loaded for the life of the process


def _register_auto_extension() -> bool:
    """Register sqlite-vec's entry point with `sqlite3_auto_extension` of the SQLite `_sqlite3` uses."""
    with _lock:
        if "auto_extension" not in _registered:
            _registered["auto_extension"] = False
            try:
                import _sqlite3

                import sqlite_vec

                sqlite = ctypes.CDLL(_sqlite3.__file__)  # symbol lookup goes through its libsqlite3
                vec = ctypes.CDLL(sqlite_vec.loadable_path() + ".so")
                auto_extension = sqlite.sqlite3_auto_extension
                entry = vec.sqlite3_vec_init
            except (ImportError, OSError, AttributeError):
                return False
            auto_extension.argtypes = [ctypes.c_void_p]
            auto_extension.restype = ctypes.c_int
            if auto_extension(ctypes.cast(entry, ctypes.c_void_p)) == 0:
                _handles.extend((sqlite, vec))
                _registered["auto_extension"] = True
        return _registered["auto_extension"]


def _has_vec(db: sqlite3.Connection) -> bool:
    try:
        db.execute("SELECT vec_version()").fetchone()
    except sqlite3.OperationalError:
        return False
    return True


MMAP_BYTES = 1 << 30
"""Reads through mmap (address space, not memory): a k-NN scan reads every vector, and through
mmap it runs about twice as fast as through SQLite's page cache (benchmarks/bench_data.py)."""


def connect(path: Path | str) -> sqlite3.Connection:
    """`sqlite3.connect(path)` (autocommit, any thread) with sqlite-vec available on the connection."""
    _register_auto_extension()
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    if _has_vec(db):
        return db
    enable = getattr(db, "enable_load_extension", None)
    if enable is not None:
        try:
            import sqlite_vec

            enable(True)
            try:
                sqlite_vec.load(db)
            finally:
                enable(False)
        except (ImportError, sqlite3.OperationalError) as exc:
            db.close()
            raise VectorExtensionMissing(f"sqlite-vec could not be loaded: {exc}") from None
        return db
    db.close()
    raise VectorExtensionMissing(
        "sqlite-vec cannot be loaded: this Python's sqlite3 has no loadable extensions and its SQLite library "
        "does not export sqlite3_auto_extension (install the `sqlite-vec` package; use a Python built with "
        "--enable-loadable-sqlite-extensions)"
    )
