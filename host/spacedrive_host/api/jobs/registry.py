"""The core job types the host runs: one implementation per job type of schema/jobs.json,
checked against the generated registry when a host starts (`bind_job_types`)."""

from __future__ import annotations

from spacedrive_host.services.jobs.binding import job_types

from .embed_sidecars import EMBED_SIDECARS
from .mailbox_import import MAILBOX_IMPORT
from .ocr_batch import OCR_BATCH
from .sidecar_checksum import SIDECAR_CHECKSUM

BUILTIN_JOB_TYPES = job_types(SIDECAR_CHECKSUM, OCR_BATCH, MAILBOX_IMPORT, EMBED_SIDECARS)
"""The host's implementations of the job types of schema/jobs.json (checked when a host starts)."""
