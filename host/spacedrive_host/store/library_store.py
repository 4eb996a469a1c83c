"""All libraries of a data directory: created, opened once and shared, listed, closed."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

from .library import Library


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
