"""The Ray jobs backend (`jobs.backend = "ray"`): job work units run on Ray actors.

    host (Ray driver)                                   Ray cluster
    JobRunner -> job thread: run(ctx, params)
        reads sidecars from the library  --payload-->   EngineActor (one per CPU slot)
        writes results, events, progress <--result---     AiEngines loaded once per actor

Only `ctx.map` work crosses to the cluster: plain payloads (document bytes, texts) go to
the actors through Ray's object store, results (text, vectors) come back to the job's
thread, which writes them into the library and the jobs database exactly as the thread
backend does. So libraries, sidecars and `jobs.db` stay on the host's disk; workers need
the project's Python package (and its AI models, which are PyPI packages) installed, not
the data. At most `ray_in_flight` units per actor are outstanding; a cancelled or stopped
job stops submitting, cancels what is queued and drops what comes back.

Ray is an optional dependency (`pip install 'spacedrive-ext[ray]'`); importing this module
does not import it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from spacedrive_host.core.errors import ErrorCode, OperationError

from .base import JobContext, Work

if TYPE_CHECKING:
    from spacedrive_host.core.config import AiConfig, JobsConfig

log = logging.getLogger("spacedrive.jobs.ray")

LOCAL_INIT = {"include_dashboard": False, "log_to_driver": False, "_node_ip_address": "127.0.0.1"}
"""How a host starts its own local Ray instance when no address is configured: loopback only."""


class RayUnavailable(OperationError):
    """`jobs.backend` is `ray` but Ray cannot be imported: the job fails with `internal` and says why."""

    def __init__(self, message: str) -> None:
        super().__init__(ErrorCode.internal, message)


class EngineHost:
    """The body of a Ray actor: the AI engines, loaded once, and the work units they run."""

    def __init__(self, ai: dict[str, Any]) -> None:
        from spacedrive_host.core.config import AiConfig, from_dict
        from spacedrive_host.services.ai.backends import AiEngines

        self.engines = AiEngines.from_config(from_dict(AiConfig, ai, "ai"))

    def run(self, work: Work, payload: Any) -> Any:
        return work(self.engines, payload)


def import_ray() -> Any:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # Ray's usage reporting is opt-out
    try:
        import ray
    except ImportError:
        raise RayUnavailable(
            "jobs.backend is 'ray' but Ray is not installed: pip install 'spacedrive-ext[ray]'"
        ) from None
    return ray


class RayExecutor:
    """Runs `JobContext.map` work on a pool of Ray actors shared by all jobs of the host."""

    def __init__(self, jobs: JobsConfig, ai: AiConfig) -> None:
        self.ray = ray = import_ray()
        self._owns_ray = not ray.is_initialized()  # started here: shut down in `close`
        if self._owns_ray:
            if jobs.ray_address:
                ray.init(address=jobs.ray_address, log_to_driver=False)
            else:
                ray.init(num_cpus=jobs.ray_actors or None, **LOCAL_INIT)
        count = jobs.ray_actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor = ray.remote(num_cpus=1)(EngineHost)
        self._actors = [actor.remote(asdict(ai)) for _ in range(count)]
        self._in_flight = jobs.ray_in_flight
        self._next = 0
        self._lock = threading.Lock()
        log.info("Ray jobs backend: %d actors", count)

    @property
    def actors(self) -> int:
        return len(self._actors)

    def _submit(self, work: Work, payload: Any) -> Any:
        with self._lock:
            actor = self._actors[self._next % len(self._actors)]
            self._next += 1
        return actor.run.remote(work, payload)

    def map(self, work: Work, payloads: Iterable[Any], ctx: JobContext) -> Iterator[Any]:
        window = self._in_flight * len(self._actors)
        pending: deque[Any] = deque()
        try:
            for payload in payloads:
                ctx.checkpoint()
                pending.append(self._submit(work, payload))
                if len(pending) >= window:
                    yield self._get(pending.popleft(), ctx)
            while pending:
                yield self._get(pending.popleft(), ctx)
        finally:
            for ref in pending:  # stopped early: nothing more is applied
                self.ray.cancel(ref)

    def _get(self, ref: Any, ctx: JobContext) -> Any:
        while True:
            ready, _ = self.ray.wait([ref], timeout=0.5)
            if ready:
                try:
                    return self.ray.get(ref)
                except self.ray.exceptions.RayTaskError as exc:
                    cause = getattr(exc, "cause", None)
                    if isinstance(cause, OperationError):
                        raise cause from None  # the same failure the thread backend reports
                    raise
            ctx.checkpoint()

    def close(self) -> None:
        """Kill the actors; disconnect from (or stop) the Ray instance this executor started."""
        for actor in self._actors:
            self.ray.kill(actor)
        self._actors = []
        if self._owns_ray:
            self.ray.shutdown()
