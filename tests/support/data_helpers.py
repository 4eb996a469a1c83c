"""Helpers for the library, VDFS, jobs and events tests: bounded waits, a controllable job type
and the consistency check the crash tests run on a library directory."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from spacedrive_host.app.host import Host
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.services.jobs import JobContext, JobParams, JobType

T = TypeVar("T")
FINAL_STATES = ("completed", "failed", "cancelled", "interrupted")
WAIT = 20.0
"""Seconds a wait may take before the test fails (a bound on loops, not a speed assertion)."""


def wait_for(probe: Callable[[], T | None], what: str, timeout: float = WAIT) -> T:
    """Poll `probe` until it returns something other than None/False."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None and value is not False:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.002)


def job_status(host: Host, library_id: uuid.UUID, job_id: str) -> dict[str, Any]:
    answer = host.call("query:jobs.get_status.v1", {"job_id": job_id}, library_id)
    assert "ok" in answer, answer
    job: dict[str, Any] = answer["ok"]["job"]
    return job


def wait_job(
    host: Host, library_id: uuid.UUID, job_id: str, states: tuple[str, ...] = FINAL_STATES, timeout: float = WAIT
) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        job = job_status(host, library_id, job_id)
        return job if job["state"] in states else None

    return wait_for(probe, f"job {job_id} to reach {states}", timeout)


def recorded(extension: Extension) -> list[dict[str, Any]]:
    """What the events guest recorded since the last call."""
    answer = json.loads(extension.call_json("recorded", b""))
    assert "ok" in answer, answer
    items: list[dict[str, Any]] = answer["ok"]
    return items


class GateParams(JobParams):
    items: int = 3


class Gate:
    """A job type the test drives: each unit of work waits for a permit, with a checkpoint
    before and after, so cancellation and shutdown land at known points."""

    def __init__(self, name: str = "gate") -> None:
        self.permits = threading.Semaphore(0)
        self.runs = 0
        self.job_type = JobType(name=name, summary="test gate", params=GateParams, run=self._run)

    def release(self, count: int = 1) -> None:
        self.permits.release(count)

    def _run(self, ctx: JobContext, params: GateParams) -> dict[str, Any]:
        self.runs += 1
        ctx.progress(0, params.items)
        for done in range(1, params.items + 1):
            while not self.permits.acquire(timeout=0.005):
                ctx.checkpoint()
            ctx.checkpoint()
            ctx.progress(done, params.items)
        return {"items": params.items}


def library_snapshot(library_dir: Path) -> dict[tuple[str, str], bytes]:
    """Check a library directory the way a crash must leave it, without opening it through
    `Library` (which would clean up): the database passes integrity_check, the usage counter
    matches, and every sidecar row names a complete file with the recorded size and SHA-256.
    Returns the bytes each row points at."""
    db = sqlite3.connect(f"file:{library_dir / 'library.db'}?mode=ro", uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        used, total = db.execute(
            "SELECT sidecar_bytes, (SELECT COALESCE(SUM(size), 0) FROM sidecars) FROM library"
        ).fetchone()
        assert used == total
        rows = db.execute("SELECT entry_id, filename, size, sha256 FROM sidecars").fetchall()
    finally:
        db.close()
    contents = {}
    for entry_id, filename, size, digest in rows:
        data = (library_dir / "sidecars" / entry_id / f"{digest}.bin").read_bytes()
        assert len(data) == size, (entry_id, filename)
        assert hashlib.sha256(data).hexdigest() == digest, (entry_id, filename)
        contents[(entry_id, filename)] = data
    return contents


def version_bytes(version: int, size: int = 64 * 1024) -> bytes:
    """Deterministic content of version `version` of the crash tests' sidecar."""
    seed = hashlib.sha256(str(version).encode()).digest()
    return (seed * (size // len(seed) + 1))[:size]
