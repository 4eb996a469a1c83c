"""The rate limiter and the job slots on their own: exact counts, concurrency, refill."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.core.limits import RateLimitGroup
from spacedrive_host.core.quota import BATCH_MAX, JobSlots, RateLimiter
from spacedrive_wire._runtime import OperationSpec
from spacedrive_wire.operations import REGISTRY

PING = REGISTRY["query:core.ping.v1"]
CREATE = REGISTRY["action:vdfs.create_entry.input.v1"]
NO_REFILL = 1e-9


def admitted(limiter: RateLimiter, spec: OperationSpec[Any, Any], attempts: int) -> int:
    count = 0
    for _ in range(attempts):
        try:
            limiter.acquire(spec)
        except OperationError as exc:
            assert exc.code is ErrorCode.rate_limited
        else:
            count += 1
    return count


@pytest.mark.parametrize("burst", [1, 2, 100, 127, 128, 1000, 5000])
def test_a_bucket_admits_exactly_its_burst_before_refilling(burst: int) -> None:
    limiter = RateLimiter([RateLimitGroup("all", ("*",), NO_REFILL, burst)], "ext")
    assert admitted(limiter, PING, burst + 50) == burst


def test_concurrent_callers_never_get_more_than_the_burst() -> None:
    burst = 4000
    limiter = RateLimiter([RateLimitGroup("all", ("*",), NO_REFILL, burst)], "ext")
    counts: list[int] = []
    barrier = threading.Barrier(4)

    def hammer() -> None:
        barrier.wait()
        counts.append(admitted(limiter, PING, 2000))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert burst - 4 * BATCH_MAX <= sum(counts) <= burst


def test_a_call_draws_from_every_matching_group_all_or_nothing() -> None:
    limiter = RateLimiter(
        [RateLimitGroup("all", ("*",), NO_REFILL, 5), RateLimitGroup("vdfs", ("vdfs.*",), NO_REFILL, 2)], "ext"
    )
    assert admitted(limiter, CREATE, 3) == 2
    with pytest.raises(OperationError) as caught:
        limiter.acquire(CREATE)
    assert caught.value.details["group"] == "vdfs"
    assert admitted(limiter, PING, 10) == 3, "the refused vdfs calls took no token from the all bucket"


def test_tokens_come_back_at_the_configured_rate() -> None:
    limiter = RateLimiter([RateLimitGroup("all", ("*",), 50.0, 1)], "ext")
    limiter.acquire(PING)
    with pytest.raises(OperationError) as caught:
        limiter.acquire(PING)
    retry_after_ms = caught.value.details["retry_after_ms"]
    assert 0 < retry_after_ms <= 20
    time.sleep(retry_after_ms / 1000 + 0.01)
    limiter.acquire(PING)


def test_job_slots_are_counted_across_threads() -> None:
    slots = JobSlots(3, "ext")
    taken: list[object] = []
    refused: list[OperationError] = []
    lock = threading.Lock()

    def take() -> None:
        try:
            slot = slots.acquire()
        except OperationError as exc:
            with lock:
                refused.append(exc)
        else:
            with lock:
                taken.append(slot)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(taken) == 3
    assert len(refused) == 5
    assert all(exc.code is ErrorCode.resource_exhausted for exc in refused)
    assert slots.running == 3
