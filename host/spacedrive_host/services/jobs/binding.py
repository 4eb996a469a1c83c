"""Binding job implementations to the generated job registry.

`bind_job_types` checks them against the generated `JobSpec` registry when the host starts,
as handlers are checked against operations: a job type without an implementation, two
implementations, or an implementation of a job type the registry lacks stops the start,
naming it. Adding a job type is a schema edit, `sdext codegen` and one `run` function.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacedrive_wire._runtime import JobSpec
from spacedrive_wire.jobs import JOBS

from .base import JobType


class JobBindingError(Exception):
    """The job implementations do not match the generated job registry."""


def bind_job_types(
    types: Mapping[str, JobType[Any]], registry: Mapping[str, JobSpec[Any, Any]] = JOBS
) -> dict[str, JobType[Any]]:
    """Check job implementations against the registry; raises `JobBindingError` listing every
    mismatch. Types that implement no spec (`spec is None`: tests, tools) are passed through."""
    problems: list[str] = []
    for name, job_type in sorted(types.items()):
        if name != job_type.name:
            problems.append(f"job type {job_type.name!r} is registered as {name!r}")
        elif job_type.spec is not None and registry.get(name) is not job_type.spec:
            problems.append(f"job type {name!r} is implemented but not in the registry (schema/jobs.json)")
    implemented = {name for name, job_type in types.items() if job_type.spec is not None}
    problems.extend(f"job type {name!r} has no implementation" for name in sorted(set(registry) - implemented))
    if problems:
        raise JobBindingError("job implementations do not match the job registry:\n  " + "\n  ".join(problems))
    return dict(types)


def job_types(*types: JobType[Any]) -> Mapping[str, JobType[Any]]:
    """Index job types by name, refusing duplicates (for hosts and tests adding their own)."""
    indexed: dict[str, JobType[Any]] = {}
    for job_type in types:
        if job_type.name in indexed:
            raise ValueError(f"job type {job_type.name!r} is registered twice")
        indexed[job_type.name] = job_type
    return indexed
