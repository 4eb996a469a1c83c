"""Job implementations: thin adapters over the services, one per job type of schema/jobs.json."""

from .registry import BUILTIN_JOB_TYPES

__all__ = ["BUILTIN_JOB_TYPES"]
