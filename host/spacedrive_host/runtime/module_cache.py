"""Compiled modules cached on disk and in memory.

Compiling a module with Cranelift takes tens of milliseconds; deserializing a precompiled
artifact takes tens of microseconds (docs/runtime.md, "Measured"). Artifacts are keyed by the SHA-256 of
the .wasm bytes and a fingerprint of the wasmtime version and the engine settings that
change generated code, and written atomically (temporary file, then rename). The cache
directory belongs to the host: `Module.deserialize_file` trusts what it reads and maps
the file into memory, so nothing else may write there (rewriting a mapped artifact in
place would crash the process; the host only ever renames new files into place). An
artifact wasmtime refuses (another version, a damaged file) is deleted and the module
compiled again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import wasmtime

log = logging.getLogger("spacedrive.module_cache")

MEMORY_ENTRIES = 32


@dataclass(frozen=True)
class CachedModule:
    module: wasmtime.Module
    digest: str
    """SHA-256 of the .wasm bytes."""
    source: str
    """Where it came from: `memory`, `disk` or `compiled`."""


class ModuleCache:
    def __init__(self, engine: wasmtime.Engine, directory: Path | None, fingerprint: str) -> None:
        self.engine = engine
        self.directory = directory
        self.fingerprint = hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
        self._memory: OrderedDict[str, wasmtime.Module] = OrderedDict()
        self._lock = threading.Lock()
        self.counts = {"memory": 0, "disk": 0, "compiled": 0}
        """Loads served from each source."""

    def path_for(self, digest: str) -> Path | None:
        return self.directory / f"{digest}-{self.fingerprint}.cwasm" if self.directory is not None else None

    def load(self, wasm: bytes) -> CachedModule:
        """The compiled module for `wasm`; raises `wasmtime.WasmtimeError` if it does not compile."""
        digest = hashlib.sha256(wasm).hexdigest()
        with self._lock:
            module = self._memory.get(digest)
            if module is not None:
                self._memory.move_to_end(digest)
                self.counts["memory"] += 1
                return CachedModule(module, digest, "memory")
        path = self.path_for(digest)
        source = "disk"
        module = self._read(path) if path is not None else None
        if module is None:
            module = wasmtime.Module(self.engine, wasm)
            source = "compiled"
            if path is not None:
                self._write(path, bytes(module.serialize()))
        self._remember(digest, module)
        with self._lock:
            self.counts[source] += 1
        return CachedModule(module, digest, source)

    def _remember(self, digest: str, module: wasmtime.Module) -> None:
        with self._lock:
            self._memory[digest] = module
            while len(self._memory) > MEMORY_ENTRIES:
                self._memory.popitem(last=False)

    def forget_memory(self) -> None:
        """Drop the in-memory entries (the next load reads the disk)."""
        with self._lock:
            self._memory.clear()

    def _read(self, path: Path) -> wasmtime.Module | None:
        if not path.is_file():
            return None
        try:
            return wasmtime.Module.deserialize_file(self.engine, str(path))
        except wasmtime.WasmtimeError as exc:
            log.warning("discarding unusable compiled module %s: %s", path, exc)
            path.unlink(missing_ok=True)
            return None

    def _write(self, path: Path, artifact: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".cwasm")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(artifact)
                os.replace(tmp, path)
            finally:
                Path(tmp).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not cache the compiled module at %s: %s", path, exc)
