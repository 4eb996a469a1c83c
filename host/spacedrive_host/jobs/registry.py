"""The job types the host registers: the one place to add one (e.g. an OCR batch job)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import JobType
from .embed_sidecars import EMBED_SIDECARS
from .ocr_batch import OCR_BATCH
from .sidecar_checksum import SIDECAR_CHECKSUM


def job_types(*types: JobType[Any]) -> Mapping[str, JobType[Any]]:
    """Index job types by name, refusing duplicates."""
    indexed: dict[str, JobType[Any]] = {}
    for job_type in types:
        if job_type.name in indexed:
            raise ValueError(f"job type {job_type.name!r} is registered twice")
        indexed[job_type.name] = job_type
    return indexed


BUILTIN_JOB_TYPES = job_types(SIDECAR_CHECKSUM, OCR_BATCH, EMBED_SIDECARS)
