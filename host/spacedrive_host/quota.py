"""Per-extension quotas checked on the call path: token-bucket rate limits per method group,
and the cap on concurrent jobs that the jobs runner takes slots from.

    limiter.acquire(spec)          # in the router, before the handler: may raise rate_limited
    with caller.acquire_job_slot():  # in the jobs runner: may raise resource_exhausted
        run the job
"""

from __future__ import annotations

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


class _Bucket:
    __slots__ = ("burst", "group", "rate", "stamp", "tokens")

    def __init__(self, group: RateLimitGroup, now: float) -> None:
        self.group = group
        self.rate = group.per_second
        self.burst = float(group.burst)
        self.tokens = self.burst
        self.stamp = now


class RateLimiter:
    """Token buckets of one extension. A call draws one token from every bucket whose group
    matches its method, all or nothing; an empty bucket answers `rate_limited` with
    `retry_after_ms` in the details. Thread-safe (an extension's instances share it)."""

    def __init__(self, groups: Sequence[RateLimitGroup], owner: str) -> None:
        now = time.monotonic()
        self.owner = owner
        self.groups = tuple(groups)
        self._buckets = [_Bucket(group, now) for group in self.groups]
        self._by_method: dict[str, tuple[_Bucket, ...]] = {}
        self._lock = threading.Lock()

    def _matching(self, spec: OperationSpec[Any, Any]) -> tuple[_Bucket, ...]:
        buckets = self._by_method.get(spec.method)
        if buckets is None:
            buckets = tuple(b for b in self._buckets if any(method_matches(p, spec) for p in b.group.methods))
            self._by_method[spec.method] = buckets
        return buckets

    def acquire(self, spec: OperationSpec[Any, Any]) -> None:
        """Draw one token from every matching bucket, or raise `rate_limited` and draw none.
        (On every host call: written for speed, with an explicit lock and no helper calls.)"""
        buckets = self._by_method.get(spec.method)
        if buckets is None:
            buckets = self._matching(spec)
        lock = self._lock
        lock.acquire()
        now = _monotonic()
        empty = None
        for bucket in buckets:
            tokens = bucket.tokens + (now - bucket.stamp) * bucket.rate
            bucket.tokens = tokens if tokens < bucket.burst else bucket.burst
            bucket.stamp = now
            if tokens < 1.0:
                empty = bucket
        if empty is None:
            for bucket in buckets:
                bucket.tokens -= 1.0
        lock.release()
        if empty is not None:
            self._refuse(empty)

    def _refuse(self, bucket: _Bucket) -> NoReturn:
        retry_after_ms = math.ceil((1.0 - bucket.tokens) / bucket.rate * 1000.0)
        group = bucket.group
        raise OperationError(
            ErrorCode.rate_limited,
            f"{self.owner} exceeded its rate limit {group.name!r} "
            f"({group.per_second:g}/s, burst {group.burst}); retry in {retry_after_ms} ms",
            {"group": group.name, "retry_after_ms": retry_after_ms, "per_second": group.per_second, "burst": group.burst},
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

