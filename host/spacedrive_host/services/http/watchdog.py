"""The egress watchdog: one thread that shuts a connection's socket down when its exchange outlives
its deadline, so a server dribbling bytes cannot hold a call past its budget."""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from typing import Protocol


class Pinned(Protocol):
    """A connection whose socket the watchdog may shut down (egress's pinned connection)."""

    pinned_sock: socket.socket | None


class Watch:
    """One exchange's deadline; `fire` shuts the current connection's socket down (a blocked read returns)."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.fired = False
        self.done = False
        self._lock = threading.Lock()
        self._conn: Pinned | None = None

    def watch(self, conn: Pinned) -> None:
        with self._lock:
            self._conn = conn

    def fire(self) -> None:
        with self._lock:
            if self.done:
                return
            self.fired = True
            sock = self._conn.pinned_sock if self._conn is not None else None
            if sock is not None:  # the plain-socket method: touches neither the TLS state nor the wrapper
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def finish(self) -> None:
        with self._lock:
            self.done = True


class Watchdog:
    """One thread for all exchanges of an egress, waking at the earliest deadline (a timer thread per
    request cost about 140 us, a quarter of a loopback request)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Watch]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None
        self._closed = False

    def start(self, deadline: float) -> Watch:
        watch = Watch(deadline)
        with self._cond:
            heapq.heappush(self._heap, (deadline, next(self._order), watch))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="egress-watchdog", daemon=True)
                self._thread.start()
            elif self._heap[0][2] is watch:
                self._cond.notify()
        return watch

    def _run(self) -> None:
        with self._cond:
            while not self._closed:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)[2].fire()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
