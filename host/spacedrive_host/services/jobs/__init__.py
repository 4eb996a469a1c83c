"""The jobs service: job types bound to the registry, a runner with worker threads, state in SQLite."""

from .base import JobContext, JobParams, JobStopped, JobType
from .binding import JobBindingError, bind_job_types, job_types
from .runner import JobRunner
from .store import JobRecord, JobStore

__all__ = [
    "JobBindingError",
    "JobContext",
    "JobParams",
    "JobRecord",
    "JobRunner",
    "JobStopped",
    "JobStore",
    "JobType",
    "bind_job_types",
    "job_types",
]
