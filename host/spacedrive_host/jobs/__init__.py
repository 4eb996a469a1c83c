"""Core jobs: a registry of job types, a runner with worker threads, state in SQLite."""

from .base import JobContext, JobParams, JobStopped, JobType
from .registry import BUILTIN_JOB_TYPES, JobBindingError, bind_job_types, job_types
from .runner import JobRunner
from .store import JobRecord, JobStore

__all__ = [
    "BUILTIN_JOB_TYPES",
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
