"""One daemon thread that runs a function at a fixed period, started lazily and stopped once."""

from __future__ import annotations

import threading
from collections.abc import Callable


class PeriodicThread:
    """Calls `tick()` every `period_s` from `start()` until `stop()`; a stopped thread never restarts."""

    def __init__(self, name: str, period_s: float, tick: Callable[[], None]) -> None:
        self.name = name
        self.period_s = period_s
        self._tick = tick
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def start(self) -> None:
        with self._lock:
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.period_s):
            self._tick()

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
