"""Extension logs and reloads on the console, for `sdext serve` (the dev loop: edit, `sdext build`,
and the running host reloads the module and shows what it logs).

Guest lines arrive on `spacedrive.ext.<id>` loggers (docs/abi.md), reloads and failures on the
same loggers and on `spacedrive.watcher`; this prints them to a stream as
`12:00:00 info  notes: greeting you`.
"""

from __future__ import annotations

import logging
import time
from typing import TextIO

CONSOLE_LOGGERS = ("spacedrive.ext", "spacedrive.watcher", "spacedrive.extension")
"""Guest logs and lifecycle (one logger per extension below `spacedrive.ext`), hot reloads."""


class ConsoleFormatter(logging.Formatter):
    """`HH:MM:SS level  source: message`; the source is the extension id for guest lines."""

    def format(self, record: logging.LogRecord) -> str:
        source = record.name.removeprefix("spacedrive.ext.").removeprefix("spacedrive.")
        stamp = time.strftime("%H:%M:%S", time.localtime(record.created))
        line = f"{stamp} {record.levelname.lower():<7}{source}: {record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def show_extension_logs(stream: TextIO, level: int = logging.INFO) -> logging.Handler:
    """Print extension logs and reloads at `level` and above to `stream`; returns the handler
    (remove it from `CONSOLE_LOGGERS` to stop)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(ConsoleFormatter())
    handler.setLevel(level)
    for name in CONSOLE_LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        if logger.getEffectiveLevel() > level:
            logger.setLevel(level)
    return handler
