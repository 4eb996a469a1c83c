"""Instance pools: up to N live instances of one extension version, handed out first come, first served."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from threading import get_ident

from spacedrive_host.core.errors import ExtensionError, LoadErrorCode

from .instance import GuestInstance

Factory = Callable[[], GuestInstance]


class _Waiter:
    """A caller queued for an instance: `gate` is held until the pool hands it one (or a free
    slot to create one in, or None when the pool retires)."""

    __slots__ = ("create", "gate", "instance")

    def __init__(self) -> None:
        self.gate = threading.Lock()
        self.gate.acquire()
        self.instance: GuestInstance | None = None
        self.create = False


class InstancePool:
    """Up to `size` instances of one extension version. `acquire` lends a free one, makes a new
    one while under the cap, or queues; `None` means the pool was retired (the caller retries on
    the extension's current version). Queued callers are served first come, first served: a
    returned instance is handed to the oldest waiter, so busy callers cannot starve a newcomer.
    Poisoned instances are dropped on release and their slot goes to a waiter. A thread that
    already holds an instance and would have to wait for another gets `reentrant_call`
    instead of a deadlock."""

    def __init__(
        self, factory: Factory, size: int, on_discard: Callable[[GuestInstance], None], owner: str | None = None
    ) -> None:
        self._factory = factory
        self.size = size
        self.owner = owner
        self._on_discard = on_discard
        self._idle: list[GuestInstance] = []
        self._live: set[GuestInstance] = set()
        self._waiters: deque[_Waiter] = deque()
        self._creating = 0
        self._lock = threading.Lock()
        self._returned = threading.Condition(self._lock)
        self.retired = False

    def seed(self, instance: GuestInstance) -> None:
        with self._lock:
            self._live.add(instance)
            self._idle.append(instance)

    @property
    def live(self) -> list[GuestInstance]:
        with self._lock:
            return list(self._live)

    def acquire(self) -> GuestInstance | None:
        me = get_ident()
        with self._lock:
            if self.retired:
                return None
            if self._idle and not self._waiters:
                instance = self._idle.pop()
                instance.holder = me
                return instance
            if len(self._live) + self._creating < self.size:
                self._creating += 1
                waiter = None
            else:
                if any(lent.holder == me for lent in self._live):
                    raise ExtensionError(
                        LoadErrorCode.reentrant_call,
                        f"this thread already holds one of its {self.size} instance(s), all busy: waiting would "
                        "deadlock (a host operation calling back into the extension that called it)",
                        self.owner,
                    )
                waiter = _Waiter()
                self._waiters.append(waiter)
        if waiter is not None:
            waiter.gate.acquire()
            if not waiter.create:
                if waiter.instance is not None:
                    waiter.instance.holder = me
                return waiter.instance
        instance = self._create()
        instance.holder = me
        return instance

    def _create(self) -> GuestInstance:
        """Make an instance in a slot already counted in `_creating`."""
        try:
            instance = self._factory()
        except BaseException:
            with self._lock:
                self._creating -= 1
                self._pass_slot_on()
                self._returned.notify_all()
            raise
        with self._lock:
            self._creating -= 1
            self._live.add(instance)
            self._returned.notify_all()
        return instance

    def _pass_slot_on(self) -> None:
        """A slot came free (with the lock held): let the oldest waiter create an instance in it."""
        if self._waiters and not self.retired:
            waiter = self._waiters.popleft()
            waiter.create = True
            self._creating += 1
            waiter.gate.release()

    def release(self, instance: GuestInstance) -> None:
        instance.holder = 0
        with self._lock:
            keep = instance.poisoned is None and not self.retired
            if keep and self._waiters:
                waiter = self._waiters.popleft()
                waiter.instance = instance
                waiter.gate.release()
            elif keep:
                self._idle.append(instance)
            else:
                self._live.discard(instance)
                self._pass_slot_on()
            self._returned.notify_all()
        if not keep:
            self._on_discard(instance)

    def retire(self) -> list[GuestInstance]:
        """Stop lending; wait for calls in flight to come back; return the idle instances to clean up
        (instances still out when a call ends are cleaned up on release)."""
        with self._lock:
            self.retired = True
            while self._waiters:
                self._waiters.popleft().gate.release()
            while len(self._idle) < len(self._live) or self._creating:
                self._returned.wait()
            idle, self._idle = self._idle, []
            self._live.clear()
            return idle
