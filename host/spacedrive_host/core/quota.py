"""Per-extension quotas checked on the call path: token-bucket rate limits per method group,
and the cap on concurrent jobs that the jobs runner takes slots from.

    limiter.acquire(spec)          # in the router, before the handler: may raise rate_limited
    with caller.acquire_job_slot():  # in the jobs runner: may raise resource_exhausted
        run the job
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Sequence
from typing import Any, NoReturn

from spacedrive_wire._runtime import OperationSpec

from .errors import ErrorCode, OperationError
from .limits import RateLimitGroup
from .permissions import method_matches

_monotonic = time.monotonic


BATCH_MAX = 32
"""Tokens a bucket with a large burst hands out at once to its lock-free path (see `RateLimiter`)."""


class _Bucket:
    __slots__ = ("batch", "burst", "group", "rate", "stamp", "tickets", "tokens", "window")

    def __init__(self, group: RateLimitGroup, now: float) -> None:
        self.group = group
        self.rate = group.per_second
        self.burst = float(group.burst)
        self.tokens = self.burst
        self.stamp = now
        self.batch = max(1, min(BATCH_MAX, group.burst // 64))
        self.tickets = itertools.count()
        self.window = (0, 0)
        """Tickets in [start, end) are paid for (tokens already taken from the bucket)."""

    def refill(self, now: float) -> float:
        tokens = self.tokens + (now - self.stamp) * self.rate
        self.tokens = tokens = tokens if tokens < self.burst else self.burst
        self.stamp = now
        return tokens


class RateLimiter:
    """Token buckets of one extension. A call draws one token from every bucket whose group
    matches its method, all or nothing; an empty bucket answers `rate_limited` with
    `retry_after_ms` in the details. Thread-safe (an extension's instances share it).

    This runs on every host call, so the common case (a method under one bucket) avoids the
    lock: a call takes a ticket (`itertools.count`, atomic in CPython) and passes if the
    ticket lies in the window of tickets already paid for; otherwise it takes the lock and
    pays for a batch of burst/64 tokens (at least 1, at most `BATCH_MAX`). Tokens paid in
    advance can be spent after the bucket has refilled, so over any interval a bucket may
    admit up to burst/64 calls more than an exact token bucket; buckets with a burst under
    128 are exact. The lock is never held across a call that could raise.
    """

    def __init__(self, groups: Sequence[RateLimitGroup], owner: str) -> None:
        now = time.monotonic()
        self.owner = owner
        self.groups = tuple(groups)
        self._buckets = [_Bucket(group, now) for group in self.groups]
        self._by_method: dict[str, tuple[_Bucket, ...]] = {}
        self._single: dict[str, _Bucket] = {}
        """Methods under exactly one bucket: the lock-free path."""
        self._lock = threading.Lock()

    def _matching(self, spec: OperationSpec[Any, Any]) -> tuple[_Bucket, ...]:
        buckets = self._by_method.get(spec.method)
        if buckets is None:
            buckets = tuple(b for b in self._buckets if any(method_matches(p, spec) for p in b.group.methods))
            self._by_method[spec.method] = buckets
        return buckets

    def acquire(self, spec: OperationSpec[Any, Any]) -> None:
        """Draw one token from every matching bucket, or raise `rate_limited` and draw none."""
        bucket = self._single.get(spec.method)
        if bucket is not None:
            ticket = next(bucket.tickets)
            start, end = bucket.window
            if not start <= ticket < end:
                self._pay_batch(bucket, ticket)
            return
        buckets = self._matching(spec)
        if len(buckets) == 1:
            self._single[spec.method] = buckets[0]
            self.acquire(spec)
        elif buckets:
            self._draw_each(buckets)

    def _pay_batch(self, bucket: _Bucket, ticket: int) -> None:
        lock = self._lock
        lock.acquire()
        start, end = bucket.window
        if start <= ticket < end:  # another caller paid for a batch that covers this ticket
            lock.release()
            return
        tokens = bucket.refill(_monotonic())
        if tokens < 1.0:
            lock.release()
            self._refuse(bucket)
        if ticket < start:  # issued before the current window was paid for: pays for itself alone
            bucket.tokens = tokens - 1.0
            lock.release()
            return
        size = bucket.batch if bucket.batch <= tokens else int(tokens)
        bucket.tokens = tokens - size
        bucket.window = (ticket, ticket + size)
        lock.release()

    def _draw_each(self, buckets: tuple[_Bucket, ...]) -> None:
        lock = self._lock
        lock.acquire()
        now = _monotonic()
        for bucket in buckets:
            if bucket.refill(now) < 1.0:
                lock.release()
                self._refuse(bucket)
        for bucket in buckets:
            bucket.tokens -= 1.0
        lock.release()

    def _refuse(self, bucket: _Bucket) -> NoReturn:
        retry_after_ms = math.ceil((1.0 - bucket.tokens) / bucket.rate * 1000.0)
        group = bucket.group
        raise OperationError(
            ErrorCode.rate_limited,
            f"{self.owner} exceeded its rate limit {group.name!r} "
            f"({group.per_second:g}/s, burst {group.burst}); retry in {retry_after_ms} ms",
            {
                "group": group.name,
                "retry_after_ms": retry_after_ms,
                "per_second": group.per_second,
                "burst": group.burst,
            },
        )


class JobSlot:
    """One running job's place under the cap; `release` (or leaving the `with` block) frees it once."""

    __slots__ = ("_slots",)

    def __init__(self, slots: JobSlots | None) -> None:
        self._slots = slots

    def release(self) -> None:
        slots, self._slots = self._slots, None
        if slots is not None:
            slots._release()

    def __enter__(self) -> JobSlot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class JobSlots:
    """The cap on an extension's concurrently running jobs. It outlives reloads: jobs started
    by an old version still count against the new version's cap (`limit` is updated)."""

    def __init__(self, limit: int, owner: str) -> None:
        self.limit = limit
        self.owner = owner
        self._running = 0
        self._lock = threading.Lock()

    @property
    def running(self) -> int:
        return self._running

    def acquire(self) -> JobSlot:
        """Take a slot, or raise `resource_exhausted` (details: `limit`, `running`) when all are taken."""
        with self._lock:
            if self._running >= self.limit:
                raise OperationError(
                    ErrorCode.resource_exhausted,
                    f"{self.owner} already runs {self._running} job(s), its cap of concurrent jobs is {self.limit}",
                    {"resource": "concurrent_jobs", "limit": self.limit, "running": self._running},
                )
            self._running += 1
        return JobSlot(self)

    def _release(self) -> None:
        with self._lock:
            self._running -= 1
