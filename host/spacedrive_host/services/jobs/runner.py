"""The job runner: a queue, worker threads, cooperative cancellation, state in SQLite.

    dispatch -> queued -> running -> completed | failed | cancelled
                  |          `-> cancelling -> cancelled   (cancel while running)
                  `-> cancelled                             (cancel while queued)
    host stops: queued/running/cancelling -> interrupted    (never run again)

Live state is kept in memory while a job is active and written to the store on every
state change (progress at most every `jobs.progress_interval` seconds); `get` answers from
memory for active jobs and from the store otherwise. `job.finished` is emitted after the
final state is stored, so a callback that reads the job sees it finished.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pydantic
from pydantic import BaseModel
from spacedrive_wire._runtime import WireModel, dump_json
from spacedrive_wire.json_limits import FREE_FORM_JSON
from spacedrive_wire.models import EventName, Job, JobState

from spacedrive_host.core.config import JobsConfig
from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.core.quota import JobSlot
from spacedrive_host.services import emitters
from spacedrive_host.services.events import EventBus, caused_by, current_cause
from spacedrive_host.store.library import Library
from spacedrive_host.store.records import utc_now

from .base import LOCAL, Executor, JobContext, JobParams, JobServices, JobStopped, JobType, StopReason
from .store import FINAL, JobRecord, JobStore

log = logging.getLogger("spacedrive.jobs")


@dataclass
class _Active:
    """A job that is queued, running or cancelling."""

    record: JobRecord
    job_type: JobType[Any]
    params: JobParams
    library: Library
    services: JobServices
    stop: threading.Event = field(default_factory=threading.Event)
    slot: JobSlot | None = None
    """The dispatching caller's concurrent-jobs slot, released when the job leaves `_active`."""

    def leave(self) -> None:
        if self.slot is not None:
            self.slot.release()

    persisted_at: float = 0.0


class _JobIds:
    """Random (version 4) job ids from a buffer of OS randomness: `uuid.uuid4()` makes one getrandom
    call per id, and on a busy host every call that releases the GIL lets the worker threads in
    before the dispatching thread gets it back (measured: most of a dispatch's cost)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buffer = b""
        self._offset = 0

    def new(self) -> uuid.UUID:
        with self._lock:
            if self._offset + 16 > len(self._buffer):
                self._buffer, self._offset = os.urandom(4096), 0
            raw = self._buffer[self._offset : self._offset + 16]
            self._offset += 16
        return uuid.UUID(bytes=raw, version=4)


class JobRunner:
    """Runs jobs of registered types on worker threads (started on the first dispatch)."""

    def __init__(
        self,
        store: JobStore | None = None,
        *,
        events: EventBus | None = None,
        config: JobsConfig | None = None,
        job_types: Mapping[str, JobType[Any]],
    ) -> None:
        self.store = store or JobStore(":memory:")
        self.events = events
        self.config = config or JobsConfig()
        self.job_types = dict(job_types)
        self.interrupted_at_start = self.store.interrupt_unfinished()
        mutex = threading.RLock()
        self._lock = threading.Condition(mutex)
        self._job_ready = threading.Condition(mutex)  # same lock: wakes one idle worker per queued job
        self._active: dict[uuid.UUID, _Active] = {}
        self._queue: deque[uuid.UUID] = deque()
        self._workers: list[threading.Thread] = []
        self._stopping = False
        self._executor: Executor | None = None if self.config.backend == "ray" else LOCAL
        self._executor_lock = threading.Lock()
        self._ids = _JobIds()

    def executor(self, services: JobServices) -> Executor:
        """Where jobs' `ctx.map` work runs: this thread (`threads`) or Ray actors (`ray`, built on first use)."""
        if self._executor is None:
            with self._executor_lock:
                if self._executor is None:
                    from .ray_backend import RayExecutor

                    self._executor = RayExecutor(self.config, services.config.ai)
        return self._executor

    # -- operations ------------------------------------------------------------------
    def dispatch(
        self,
        services: JobServices,
        library: Library,
        job_type: str,
        params: dict[str, Any],
        dispatched_by: str,
        slot: JobSlot | None = None,
    ) -> Job:
        """Queue a job; the calling thread's current event (if any) becomes its cause. `slot` (the
        caller's concurrent-jobs slot) is released when the job finishes, however it ends."""
        kind = self.job_types.get(job_type)
        if kind is None:
            raise OperationError(
                ErrorCode.invalid_input, f"no job type {job_type!r}", {"known": sorted(self.job_types)}
            )
        try:
            parsed = kind.params.model_validate(params)
        except pydantic.ValidationError as exc:
            details = [
                {"loc": [str(p) for p in e["loc"]], "msg": e["msg"], "type": e["type"]}
                for e in exc.errors(include_url=False, include_context=False, include_input=False)
            ]
            raise OperationError(
                ErrorCode.invalid_input, f"invalid params for job type {job_type!r}", details
            ) from None
        record = JobRecord(
            job_id=self._ids.new(),
            library_id=library.id,
            job_type=job_type,
            params=parsed.model_dump(mode="json"),
            state=JobState.queued,
            dispatched_by=dispatched_by,
            created_at=utc_now(),
            cause=current_cause(),
        )
        with self._lock:
            if self._stopping:
                raise OperationError(ErrorCode.resource_exhausted, "the job runner is stopping")
            if len(self._active) >= self.config.max_queued:
                raise OperationError(
                    ErrorCode.resource_exhausted,
                    f"{len(self._active)} jobs are queued or running, the limit is {self.config.max_queued}",
                    {"limit": self.config.max_queued},
                )
            self.store.save(record)
            self._active[record.job_id] = _Active(record, kind, parsed, library, services, slot=slot)
            self._queue.append(record.job_id)
            self._start_workers()
            self._job_ready.notify()  # one worker; `wait_idle` cares only about jobs leaving
            return record.to_model()

    def get(self, job_id: uuid.UUID, library_id: uuid.UUID) -> Job:
        with self._lock:
            active = self._active.get(job_id)
            record = copy.copy(active.record) if active else None
        if record is None:
            record = self.store.get(job_id)
        if record is None or record.library_id != library_id:
            raise OperationError(ErrorCode.not_found, f"no job {job_id} in library {library_id}")
        return record.to_model()

    def cancel(self, job_id: uuid.UUID, library_id: uuid.UUID) -> Job:
        finished: JobRecord | None = None
        with self._lock:
            active = self._active.get(job_id)
            if active is not None and active.record.library_id == library_id:
                record = active.record
                if record.state is JobState.queued:
                    record.state, record.finished_at = JobState.cancelled, utc_now()
                    del self._active[job_id]
                    active.leave()
                    self._lock.notify_all()
                    finished = copy.copy(record)
                elif record.state is JobState.running:
                    record.state = JobState.cancelling
                    active.stop.set()
                self.store.save(record)
                snapshot = record.to_model()
            else:
                snapshot = None
        if finished is not None:
            self._announce(finished)
        if snapshot is not None:
            return snapshot
        stored = self.store.get(job_id)
        if stored is None or stored.library_id != library_id:
            raise OperationError(ErrorCode.not_found, f"no job {job_id} in library {library_id}")
        if stored.state is not JobState.cancelled:
            raise OperationError(ErrorCode.conflict, f"job {job_id} is already {stored.state.value}")
        return stored.to_model()

    # -- workers ---------------------------------------------------------------------
    def _start_workers(self) -> None:
        while len(self._workers) < self.config.workers:
            worker = threading.Thread(target=self._work, name=f"spacedrive-job-{len(self._workers)}", daemon=True)
            self._workers.append(worker)
            worker.start()

    def _next(self) -> _Active | None:
        """The next queued job, marked running; None when the runner stops."""
        with self._lock:
            while True:
                while not self._queue and not self._stopping:
                    self._job_ready.wait()
                if self._stopping:
                    return None
                active = self._active.get(self._queue.popleft())
                if active is not None and active.record.state is JobState.queued:
                    active.record.state, active.record.started_at = JobState.running, utc_now()
                    self.store.save(active.record)
                    active.persisted_at = time.monotonic()
                    return active

    def _work(self) -> None:
        while (active := self._next()) is not None:
            self._run(active)

    def _run(self, active: _Active) -> None:
        record = active.record
        state, result, error = JobState.completed, None, None
        try:
            context = JobContext(
                record.job_id,
                active.library,
                active.services,
                lambda done, total, message: self._progress(active, done, total, message),
                lambda: self._stop_reason(active),
                active.stop,
                self.executor(active.services),
            )
            with caused_by(record.cause):  # what the job emits nests under what dispatched it
                result = self._result_json(active.job_type, active.job_type.run(context, active.params))
            problem = FREE_FORM_JSON.problem(result)
            if problem is not None:  # stored, it would break every get_job_status of this job
                log.error("job %s (%s) returned a result outside the free-form limits: %s", record.job_id,
                          record.job_type, problem)  # fmt: skip
                state, result = JobState.failed, None
                error = (ErrorCode.internal.value, f"job {record.job_type} returned an invalid result: {problem}")
        except JobStopped as stop:
            state = JobState.cancelled if stop.reason == "cancelled" else JobState.interrupted
        except OperationError as exc:
            state, error = JobState.failed, (exc.code.value, exc.message)
        except Exception as exc:
            log.exception("job %s (%s) failed", record.job_id, record.job_type)
            state, error = JobState.failed, (ErrorCode.internal.value, f"{type(exc).__name__} in job {record.job_type}")
        with self._lock:
            record.state, record.result, record.finished_at = state, result, utc_now()
            if error is not None:
                record.error_code, record.error_message = error
            self.store.save(record)
            self._active.pop(record.job_id, None)
            active.leave()
            self._lock.notify_all()
            finished = copy.copy(record)
        if state is not JobState.interrupted:
            self._announce(finished)

    @staticmethod
    def _result_json(job_type: JobType[Any], result: BaseModel | dict[str, Any]) -> dict[str, Any]:
        """The result as stored: a job type of the schema must return its result model."""
        if job_type.spec is not None and type(result) is not job_type.spec.result_model:
            raise TypeError(f"job {job_type.name} returned {type(result).__name__}, not {job_type.spec.result_model}")
        if isinstance(result, WireModel):
            data: dict[str, Any] = json.loads(dump_json(result))
            return data
        return result.model_dump(mode="json") if isinstance(result, BaseModel) else result

    def _progress(self, active: _Active, done: int, total: int | None, message: str | None) -> None:
        with self._lock:
            record = active.record
            record.done, record.total, record.message = done, total, message
            now = time.monotonic()
            if now - active.persisted_at >= self.config.progress_interval:
                self.store.save(record)
                active.persisted_at = now

    def _stop_reason(self, active: _Active) -> StopReason | None:
        with self._lock:
            if active.record.state is JobState.cancelling:
                return "cancelled"
            return "shutdown" if self._stopping else None

    def _announce(self, record: JobRecord) -> None:
        assert record.state in FINAL
        if self.events is not None and self.events.has_subscribers(EventName.job_finished):
            emitters.job_finished(self.events, record.to_model(), record.cause)

    # -- lifecycle -------------------------------------------------------------------
    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no job is queued or running; False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._active, timeout)

    def close(self) -> None:
        """Stop: queued jobs become `interrupted`, running ones stop at their next checkpoint."""
        with self._lock:
            self._stopping = True
            for active in list(self._active.values()):
                active.stop.set()
                if active.record.state is JobState.queued:
                    active.record.state, active.record.finished_at = JobState.interrupted, utc_now()
                    self.store.save(active.record)
                    del self._active[active.record.job_id]
                    active.leave()
            self._lock.notify_all()
            self._job_ready.notify_all()
            workers = list(self._workers)
        deadline = time.monotonic() + self.config.stop_timeout
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        stuck = [w.name for w in workers if w.is_alive()]
        if stuck:
            log.warning(
                "jobs still running after %ss on %s; they are marked interrupted on the next start",
                self.config.stop_timeout,
                stuck,
            )
            self.store.flush(self.config.stop_timeout)
        else:
            self.store.close()
        if self._executor is not None and hasattr(self._executor, "close"):
            self._executor.close()
