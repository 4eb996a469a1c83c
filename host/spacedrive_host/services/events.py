"""Events: the host tells subscribed extensions what happened, after it happened.

Handlers emit an event once their change is committed. Emitting only enqueues: each
subscribing extension has its own queue and dispatcher thread, which calls the export the
manifest names with the event JSON (`Listener.call_json`). So a callback never runs inside
the call that caused it, and a callback may call the host again (that call's events are
queued behind the current one) without deadlock. The rules (docs/events.md):

- order: one subscriber receives events in `sequence` order, one at a time;
- at most once: an event is delivered to a subscriber once or not at all (no retries; what is
  queued when the extension unloads or the host stops is dropped);
- depth: an event caused by an operation an event callback made has `depth` one more than
  the event being delivered; beyond `events.max_depth` it is not emitted, which bounds
  chains of callbacks that cause each other;
- isolation: a callback that traps, returns an error or takes long only affects its own
  extension's queue; every failure is logged and counted in `EventBus.stats`;
- scope: a subscriber only receives events of libraries its manifest allows.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from spacedrive_wire._runtime import dump_json
from spacedrive_wire.events import EVENTS
from spacedrive_wire.models import EventName

from spacedrive_host.core.config import EventsConfig
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.store.records import utc_now

log = logging.getLogger("spacedrive.events")


class Listener(Protocol):
    """What the bus delivers to: an extension as the runtime presents it."""

    @property
    def id(self) -> str: ...

    def subscriptions(self) -> dict[EventName, str]:
        """Event name -> the export to call, checked against the current version's module."""
        ...

    def allows_library(self, library_id: uuid.UUID) -> bool: ...

    def call_json(self, export: str, payload: bytes) -> bytes: ...


@dataclass(frozen=True)
class Cause:
    """The event whose callback is running on this thread (see `current_cause`)."""

    sequence: int
    depth: int


_delivering = threading.local()


def current_cause() -> Cause | None:
    """The event being delivered on this thread, if any: operations called from a callback run here."""
    cause: Cause | None = getattr(_delivering, "cause", None)
    return cause


@contextmanager
def caused_by(cause: Cause | None) -> Iterator[None]:
    """Make events emitted on this thread nest under `cause` (a delivery, or a job dispatched by one)."""
    previous = current_cause()
    _delivering.cause = cause
    try:
        yield
    finally:
        _delivering.cause = previous


@dataclass
class EventStats:
    """Counters for tests, benchmarks and operators."""

    emitted: int = 0
    """Events queued for at least one subscriber."""
    delivered: int = 0
    """Callbacks that returned without an error."""
    failed: int = 0
    """Callbacks that trapped, returned an error envelope or an unreadable answer."""
    dropped_overflow: int = 0
    """Deliveries dropped because a subscriber's queue was full."""
    dropped_depth: int = 0
    """Events not emitted because they were nested deeper than `max_depth`."""
    dropped_unsubscribed: int = 0
    """Deliveries still queued when their extension unloaded or the host stopped."""


@dataclass(frozen=True)
class _Pending:
    name: EventName
    sequence: int
    depth: int
    payload: bytes


class _Subscriber:
    """One extension's queue and the dispatcher thread that drains it."""

    def __init__(self, bus: EventBus, extension: Listener, callbacks: dict[EventName, str]) -> None:
        self.bus = bus
        self.extension = extension
        self.callbacks = callbacks
        self._queue: deque[_Pending] = deque()
        self._ready = threading.Condition()
        self._closed = False
        self.thread = threading.Thread(target=self._run, name=f"spacedrive-events-{extension.id}", daemon=True)

    def wants(self, name: EventName, library_id: uuid.UUID) -> bool:
        return name in self.callbacks and self.extension.allows_library(library_id)

    def offer(self, event: _Pending) -> bool:
        with self._ready:
            if self._closed or len(self._queue) >= self.bus.config.max_queue:
                return False
            self._queue.append(event)
            self._ready.notify()
            return True

    def close(self) -> int:
        """Stop taking events; returns how many queued ones are dropped."""
        with self._ready:
            self._closed = True
            dropped = len(self._queue)
            self._queue.clear()
            self._ready.notify()
            return dropped

    def _run(self) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if self._closed:
                    return
                event = self._queue.popleft()
            ok = self._deliver(event)
            self.bus._delivered(ok)

    def _deliver(self, event: _Pending) -> bool:
        export = self.callbacks[event.name]
        try:
            with caused_by(Cause(event.sequence, event.depth)):
                answer = self.extension.call_json(export, event.payload)
        except ExtensionError as exc:
            log.error("extension %r: %s callback `%s` failed: %s", self.extension.id, event.name, export, exc)
            return False
        except Exception:
            log.exception("extension %r: %s callback `%s` failed", self.extension.id, event.name, export)
            return False
        if not answer:
            return True
        envelope = json.loads(answer)  # call_json has checked it is an envelope (answers.check_answer)
        if "error" in envelope:
            log.warning(
                "extension %r: %s callback `%s` returned an error: %s",
                self.extension.id,
                event.name,
                export,
                envelope["error"],
            )
            return False
        return True


class EventBus:
    """Queues events for subscribed extensions and delivers them on per-extension dispatcher threads."""

    def __init__(self, config: EventsConfig | None = None) -> None:
        self.config = config or EventsConfig()
        self.stats = EventStats()
        self._subscribers: dict[str, _Subscriber] = {}
        self._lock = threading.Condition()
        self._sequence = 0
        self._pending = 0

    # -- subscriptions ---------------------------------------------------------------
    def subscribe(self, extension: Listener) -> None:
        """Start delivering the events the extension's manifest subscribes to (checked first)."""
        callbacks = extension.subscriptions()
        if not callbacks:
            return
        subscriber = _Subscriber(self, extension, callbacks)
        with self._lock:
            if extension.id in self._subscribers:
                raise ExtensionError(LoadErrorCode.init_failed, "already subscribed", extension.id)
            self._subscribers[extension.id] = subscriber
        subscriber.thread.start()

    def refresh(self, extension: Listener) -> None:
        """After a reload: deliver by the new manifest's subscriptions (queued events are kept)."""
        callbacks = extension.subscriptions()
        with self._lock:
            subscriber = self._subscribers.get(extension.id)
            if subscriber is not None and callbacks:
                subscriber.callbacks = callbacks
                return
        if subscriber is not None:
            self.unsubscribe(extension.id)
        elif callbacks:
            self.subscribe(extension)

    def unsubscribe(self, extension_id: str) -> None:
        """Stop delivering to the extension: drops what is queued, waits for a callback in flight."""
        with self._lock:
            subscriber = self._subscribers.pop(extension_id, None)
        if subscriber is None:
            return
        dropped = subscriber.close()
        if subscriber.thread is not threading.current_thread():
            subscriber.thread.join(self.config.stop_timeout)
            if subscriber.thread.is_alive():
                log.warning("extension %r: an event callback is still running after unsubscribe", extension_id)
        with self._lock:
            self.stats.dropped_unsubscribed += dropped
            self._settle(dropped)

    def has_subscribers(self, name: EventName) -> bool:
        """Whether anyone subscribes to `name` (lets emitters skip building a payload nobody gets)."""
        with self._lock:
            return any(name in s.callbacks for s in self._subscribers.values())

    @property
    def subscribers(self) -> list[str]:
        with self._lock:
            return list(self._subscribers)

    def close(self) -> None:
        for extension_id in self.subscribers:
            self.unsubscribe(extension_id)

    # -- emitting --------------------------------------------------------------------
    def emit(
        self, name: EventName, library_id: uuid.UUID, fields: dict[str, Any], cause: Cause | None = None
    ) -> int | None:
        """Queue an event for its subscribers; returns its sequence, or None when nobody receives it.

        `cause` defaults to the event being delivered on this thread, if any.
        """
        cause = cause if cause is not None else current_cause()
        depth = 0 if cause is None else cause.depth + 1
        with self._lock:
            targets = [s for s in self._subscribers.values() if s.wants(name, library_id)]
            if not targets:
                return None
            if depth > self.config.max_depth:
                self.stats.dropped_depth += 1
                log.warning(
                    "%s in library %s not emitted: caused by event %s, it would nest %d deep (events.max_depth %d)",
                    name,
                    library_id,
                    cause.sequence if cause else None,
                    depth,
                    self.config.max_depth,
                )
                return None
            self._sequence += 1
            header = {
                "event": name,
                "sequence": self._sequence,
                "emitted_at": utc_now(),
                "library_id": library_id,
                "depth": depth,
                "caused_by": cause.sequence if cause else None,
            }
            payload = dump_json(EVENTS[name].payload_model.model_validate(header | fields))
            event = _Pending(name, self._sequence, depth, payload)
            self.stats.emitted += 1
            for subscriber in targets:
                if subscriber.offer(event):
                    self._pending += 1
                else:
                    self.stats.dropped_overflow += 1
                    log.warning("extension %r: event queue full, %s dropped", subscriber.extension.id, name)
            return self._sequence

    # -- bookkeeping -----------------------------------------------------------------
    def _delivered(self, ok: bool) -> None:
        with self._lock:
            if ok:
                self.stats.delivered += 1
            else:
                self.stats.failed += 1
            self._settle(1)

    def _settle(self, count: int) -> None:
        self._pending -= count
        if self._pending <= 0:
            self._lock.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every queued event was delivered (or dropped); False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._pending <= 0, timeout)
