"""Hot reload: a polling thread that reloads an extension when its manifest or .wasm changes.

Polling `stat` of two files per extension is cheap, needs no dependency and behaves the
same on every filesystem. A change is acted on once the files' (mtime, size, inode) have
stayed the same for the debounce time, so a module being written in pieces is not loaded
half-written; if a settled file is still broken, the reload fails, the old version keeps
serving, and the next change is tried again.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from spacedrive_host.core.errors import ExtensionError

from .extension import Extension
from .periodic import PeriodicThread

log = logging.getLogger("spacedrive.watcher")

Signature = tuple[tuple[int, int, int] | None, ...]


def signature(paths: tuple[Path, ...]) -> Signature:
    result: list[tuple[int, int, int] | None] = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            result.append(None)
        else:
            result.append((st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(result)


@dataclass
class _Watched:
    extension: Extension
    seen: Signature | None = None
    changed_at: float = 0.0
    applied: Signature | None = None


class ExtensionWatcher:
    def __init__(self, interval_s: float, debounce_s: float) -> None:
        self.interval_s = interval_s
        self.debounce_s = debounce_s
        self._watched: dict[str, _Watched] = {}
        self._lock = threading.Lock()
        self._thread = PeriodicThread("spacedrive-watcher", interval_s, self._poll_all)

    def watch(self, extension: Extension) -> None:
        """Start watching; the first poll compares contents, so a change made during loading is seen."""
        with self._lock:
            self._watched[extension.id] = _Watched(extension)
        self._thread.start()

    def forget(self, extension_id: str) -> None:
        with self._lock:
            self._watched.pop(extension_id, None)

    def is_settled(self, extension: Extension) -> bool:
        """Whether the watcher has acted on the extension's files as they are now."""
        with self._lock:
            entry = self._watched.get(extension.id)
        return entry is not None and entry.applied == signature(extension.watch_paths())

    def _poll_all(self) -> None:
        with self._lock:
            entries = list(self._watched.values())
        for entry in entries:
            if self._thread.stopping:
                return
            self.poll(entry)

    def poll(self, entry: _Watched) -> None:
        extension = entry.extension
        if not extension.loaded:
            return
        current = signature(extension.watch_paths())
        now = time.monotonic()
        if current != entry.seen:
            entry.seen, entry.changed_at = current, now
            return
        if current == entry.applied or now - entry.changed_at < self.debounce_s:
            return
        entry.applied = current
        try:
            if extension.reload(force=False):
                log.info("hot reload of %r after a change to %s", extension.id, extension.directory)
        except ExtensionError:
            pass  # recorded in extension.status.last_reload_error and logged by reload()
        except Exception:
            log.exception("hot reload of %r failed unexpectedly", extension.id)

    def stop(self) -> None:
        self._thread.stop()
