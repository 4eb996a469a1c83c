"""What a job type is and what it gets while it runs.

A job type is a name, a Pydantic model of its parameters and a function
`run(ctx, params) -> result`. The core job types are declared in schema/jobs.json: their
typed parameters and result come from the generated `JobSpec` registry, and
`JobType.implementing(spec, run)` is the one function a new one needs (registered in
`registry.py`, which binds them to the registry at start-up). The function reports progress
with `ctx.progress` and calls `ctx.checkpoint()` between units of work: that is where a
cancel request or a host shutdown stops it (cooperative cancellation).

Heavy work goes through `ctx.map(work, payloads)`: `work(engines, payload) -> result` is a
module-level function of plain, picklable data, and the jobs backend decides where it runs
(`LocalExecutor`: right here, on the job's thread; the Ray backend: on actors that keep the
AI engines loaded, docs/jobs.md). Everything that touches the library (reading sidecars,
writing results, events) stays in `run`, on the host.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict
from spacedrive_wire._runtime import JobSpec, WireModel

if TYPE_CHECKING:
    from spacedrive_host.core.config import HostConfig
    from spacedrive_host.services.ai.backends import AiEngines
    from spacedrive_host.services.vdfs import Vdfs
    from spacedrive_host.store.library import Library

StopReason = Literal["cancelled", "shutdown"]


class JobStopped(Exception):
    """Raised by `JobContext.checkpoint` when the job must stop; the runner records why."""

    def __init__(self, reason: StopReason) -> None:
        super().__init__(reason)
        self.reason = reason


class JobParams(BaseModel):
    """Base of job parameter models: unknown parameters are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=BaseModel)
R = TypeVar("R", bound=WireModel)

Work = Callable[["AiEngines", Any], Any]
"""A unit of a job's heavy work: a module-level function of the AI engines and a picklable payload."""


class JobServices(Protocol):
    """The services a running job may use (the host's `HostServices` provides them)."""

    @property
    def config(self) -> HostConfig: ...
    @property
    def ai(self) -> AiEngines: ...
    @property
    def vdfs(self) -> Vdfs: ...


class Executor(Protocol):
    """Where `JobContext.map` runs a job's work units (the jobs backend)."""

    def map(self, work: Work, payloads: Iterable[Any], ctx: JobContext) -> Iterator[Any]: ...


class LocalExecutor:
    """The thread backend: work units run one after another on the job's own worker thread."""

    def map(self, work: Work, payloads: Iterable[Any], ctx: JobContext) -> Iterator[Any]:
        engines = ctx.services.ai
        for payload in payloads:
            ctx.checkpoint()
            yield work(engines, payload)


LOCAL = LocalExecutor()


class JobContext:
    """Handed to a running job: its library, the host services, progress reporting and checkpoints."""

    def __init__(
        self,
        job_id: uuid.UUID,
        library: Library,
        services: JobServices,
        report: Callable[[int, int | None, str | None], None],
        stop_reason: Callable[[], StopReason | None],
        stop_signal: threading.Event,
        executor: Executor = LOCAL,
    ) -> None:
        self.job_id = job_id
        self.library = library
        self.services = services
        self._report = report
        self._stop_reason = stop_reason
        self._stop_signal = stop_signal
        self._executor = executor

    def map(self, work: Work, payloads: Iterable[Any]) -> Iterator[Any]:
        """`work(engines, payload)` for each payload, results in payload order, run where the jobs
        backend says. Payloads are drawn lazily (a bounded number in flight); stop iterating (e.g.
        `checkpoint()` raising) and the rest is abandoned."""
        return self._executor.map(work, payloads, self)

    def progress(self, done: int, total: int | None = None, message: str | None = None) -> None:
        """Record progress; the runner persists it at most every `jobs.progress_interval` seconds."""
        self._report(done, total, message)

    def checkpoint(self) -> None:
        """Raise `JobStopped` if the job was cancelled or the host is stopping."""
        reason = self._stop_reason()
        if reason is not None:
            raise JobStopped(reason)

    def sleep(self, seconds: float) -> None:
        """Wait up to `seconds`, waking at once (and raising `JobStopped`) on cancel or shutdown."""
        self._stop_signal.wait(seconds)
        self.checkpoint()


@dataclass(frozen=True)
class JobType(Generic[P]):
    """A job type the runner can run: parameters are validated with `params` at dispatch; a
    result of the type's `result` model (or a plain JSON object) is stored when it completes."""

    name: str
    summary: str
    params: type[P]
    run: Callable[[JobContext, P], BaseModel | dict[str, Any]]
    spec: JobSpec[Any, Any] | None = None
    """The registry entry this implements (None: a type outside the schema, for tests and tools)."""

    @classmethod
    def implementing(cls, spec: JobSpec[Any, R], run: Callable[[JobContext, Any], R]) -> JobType[Any]:
        """The implementation of a job type of schema/jobs.json."""
        return cls(spec.name, spec.summary, spec.params_model, run, spec)
