"""A library's sidecar contents on disk: `sidecars/<entry-uuid>/<sha256>.bin`, written atomically.

A write goes to a temp file that is fsynced, renamed to its content-addressed name and its
directory fsynced, so a crash leaves the old complete file or the new one, never half a file.
Which files are still referenced is the database's to say (`Library`); this only stores,
removes and sweeps.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

TEMP_PREFIX = ".tmp-"


def _fsync_directory(directory: Path) -> None:
    """Make a rename or a new name in `directory` durable before the database refers to it."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class SidecarFiles:
    """The content-addressed files under one library's `sidecars/` directory."""

    def __init__(self, root: Path, probe: Callable[[str], None]) -> None:
        self.root = root
        self._probe = probe
        """Called at `after_temp` (the crash tests kill the process there)."""

    def path(self, entry_id: uuid.UUID, digest: str) -> Path:
        return self.root / str(entry_id) / f"{digest}.bin"

    def store(self, entry_id: uuid.UUID, digest: str, data: bytes) -> None:
        """Temp file, fsync, rename to the content-addressed name, fsync the directory."""
        directory = self.root / str(entry_id)
        final = directory / f"{digest}.bin"
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

    def remove(self, entry_id: uuid.UUID, digest: str) -> int:
        """Remove one content file; 1 if it was there."""
        try:
            self.path(entry_id, digest).unlink()
        except FileNotFoundError:
            return 0
        return 1

    def sweep(self, referenced: set[tuple[str, str]]) -> int:
        """Remove temp files and content files whose (entry id, digest) is not in `referenced`."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for directory in self.root.iterdir():
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
