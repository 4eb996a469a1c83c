"""Job records and their SQLite store (`<data_dir>/jobs.db`, WAL).

Every state change is handed to the store at once (progress while running at most every
`jobs.progress_interval` seconds) and written by one writer thread, which commits whatever
is pending in one transaction and keeps only the latest row of each job: a job that is
queued, runs and completes between two commits costs one row write, and no caller waits
for SQLite (that was most of a trivial job's cost). `get` sees pending rows, so readers
through the store never see an older state than the runner has. What a SIGKILL can lose is
the rows not yet committed, a few milliseconds' worth (docs/jobs.md). `close` (and
`flush`) write everything pending. On start, jobs the previous host left queued, running
or cancelling are marked `interrupted`: they are never run twice.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacedrive_wire.models import Job, JobState

from spacedrive_host.services.events import Cause
from spacedrive_host.store.records import utc_now

log = logging.getLogger("spacedrive.jobs")

WRITE_DELAY = 0.002
"""Seconds the writer waits after the first pending change, so that a burst commits together."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    library_id TEXT NOT NULL,
    job_type TEXT NOT NULL,
    params TEXT NOT NULL,
    state TEXT NOT NULL,
    done INTEGER NOT NULL,
    total INTEGER,
    message TEXT,
    result TEXT,
    error_code TEXT,
    error_message TEXT,
    dispatched_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_library ON jobs (library_id, created_at);
"""
COLUMNS = (
    "id, library_id, job_type, params, state, done, total, message, result, error_code, error_message, "
    "dispatched_by, created_at, started_at, finished_at"
)
UNFINISHED = (JobState.queued, JobState.running, JobState.cancelling)
FINAL = frozenset({JobState.completed, JobState.failed, JobState.cancelled, JobState.interrupted})


@dataclass
class JobRecord:
    """A job as the runner tracks it; mutated only under the runner's lock."""

    job_id: uuid.UUID
    library_id: uuid.UUID
    job_type: str
    params: dict[str, Any]
    state: JobState
    dispatched_by: str
    created_at: str
    done: int = 0
    total: int | None = None
    message: str | None = None
    result: dict[str, Any] | None = None
    error_code: str | None = None
    error_message: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    cause: Cause | None = field(default=None, compare=False)
    """The event whose callback dispatched the job (not persisted): job.finished nests under it."""
    _fixed: tuple[str, str, str, str] | None = field(default=None, init=False, repr=False, compare=False)

    def to_model(self) -> Job:
        error = {"code": self.error_code, "message": self.error_message or ""} if self.error_code else None
        return Job.model_validate(
            {
                "job_id": self.job_id,
                "job_type": self.job_type,
                "library_id": self.library_id,
                "state": self.state,
                "progress": {"done": self.done, "total": self.total, "message": self.message},
                "result": self.result,
                "error": error,
                "dispatched_by": self.dispatched_by,
                "created_at": self.created_at,
                "started_at": self.started_at,
                "finished_at": self.finished_at,
            }
        )

    def row(self) -> tuple[Any, ...]:
        fixed = self._fixed
        if fixed is None:  # what never changes, encoded once (a job is saved three times at least)
            fixed = self._fixed = (str(self.job_id), str(self.library_id), self.job_type, json.dumps(self.params))
        return (
            *fixed,
            self.state.value,
            self.done,
            self.total,
            self.message,
            None if self.result is None else json.dumps(self.result),
            self.error_code,
            self.error_message,
            self.dispatched_by,
            self.created_at,
            self.started_at,
            self.finished_at,
        )

    @classmethod
    def from_row(cls, row: Any) -> JobRecord:
        return cls(
            job_id=uuid.UUID(row[0]),
            library_id=uuid.UUID(row[1]),
            job_type=row[2],
            params=json.loads(row[3]),
            state=JobState(row[4]),
            done=row[5],
            total=row[6],
            message=row[7],
            result=None if row[8] is None else json.loads(row[8]),
            error_code=row[9],
            error_message=row[10],
            dispatched_by=row[11],
            created_at=row[12],
            started_at=row[13],
            finished_at=row[14],
        )


class JobStore:
    """The jobs table; `":memory:"` for a runner that persists nothing (tests of other parts)."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self._lock = threading.Lock()  # the connection
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._changes = threading.Condition()  # guards the three fields below
        self._pending: dict[str, tuple[Any, ...]] = {}
        self._writing: dict[str, tuple[Any, ...]] = {}
        self._writer: threading.Thread | None = None
        self._writer_idle = False
        self._closed = False

    def save(self, record: JobRecord) -> None:
        """Record the job's current state; the writer thread commits it shortly."""
        row = record.row()
        with self._changes:
            if self._closed:
                raise RuntimeError("the job store is closed")
            self._pending[row[0]] = row
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_loop, name="spacedrive-jobs-db", daemon=True)
                self._writer.start()
            elif self._writer_idle:
                self._changes.notify_all()

    def _write_loop(self) -> None:
        statement = f"INSERT OR REPLACE INTO jobs ({COLUMNS}) VALUES ({', '.join('?' * 15)})"
        while True:
            with self._changes:
                while not self._pending and not self._closed:
                    self._writer_idle = True
                    self._changes.notify_all()  # for `flush`
                    self._changes.wait()
                    self._writer_idle = False
                if not self._pending:
                    return
            if not self._closed:
                time.sleep(WRITE_DELAY)  # let a burst of changes gather into one transaction
            with self._changes:
                self._writing, self._pending = self._pending, {}
            try:
                with self._lock:
                    self._db.execute("BEGIN")
                    self._db.executemany(statement, list(self._writing.values()))
                    self._db.execute("COMMIT")
            except sqlite3.Error:  # a full disk, say: keep the rows for the next round
                log.exception("writing job states failed; retrying")
                with self._lock:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                with self._changes:
                    self._pending = {**self._writing, **self._pending}
                    self._writing = {}
                    self._changes.wait(0.5)
                continue
            with self._changes:
                self._writing = {}

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every saved state is committed; False on timeout."""
        with self._changes:
            self._changes.notify_all()
            return self._changes.wait_for(
                lambda: self._writer is None or (not self._pending and not self._writing and self._writer_idle),
                timeout,
            )

    def get(self, job_id: uuid.UUID) -> JobRecord | None:
        key = str(job_id)
        with self._changes:
            row = self._pending.get(key) or self._writing.get(key)
        if row is None:
            with self._lock:
                row = self._db.execute(f"SELECT {COLUMNS} FROM jobs WHERE id = ?", (key,)).fetchone()
        return JobRecord.from_row(row) if row else None

    def interrupt_unfinished(self) -> int:
        """Mark what a stopped host left unfinished as `interrupted`; returns how many."""
        states = [s.value for s in UNFINISHED]
        with self._lock:
            cursor = self._db.execute(
                f"UPDATE jobs SET state = ?, finished_at = ? WHERE state IN ({', '.join('?' * len(states))})",
                (JobState.interrupted.value, utc_now(), *states),
            )
        return cursor.rowcount

    def close(self) -> None:
        """Write what is pending, stop the writer, close the database."""
        with self._changes:
            self._closed = True
            self._changes.notify_all()
            writer = self._writer
        if writer is not None:
            writer.join()
        with self._lock:
            self._db.close()
