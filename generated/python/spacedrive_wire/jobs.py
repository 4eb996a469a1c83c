"""Job type registry, generated from schema/jobs.json by `sdext codegen`. DO NOT EDIT.

Each constant is a `JobSpec[Params, Result]`: the host binds one implementation to each at
start-up, validates parameters at dispatch and results at the end with the spec's models.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._runtime import JobSpec
from .models import (
    EmbedSidecarsParams,
    EmbedSidecarsResult,
    MailboxImportParams,
    MailboxImportResult,
    OcrBatchParams,
    OcrBatchResult,
    SidecarChecksumParams,
    SidecarChecksumResult,
)

EMBED_SIDECARS: JobSpec[EmbedSidecarsParams, EmbedSidecarsResult] = JobSpec(
    name="embed_sidecars",
    summary="Embed every entry's text sidecars into the library's vector index (resumable).",
    progress="sidecars looked at",
    params_model=EmbedSidecarsParams,
    result_model=EmbedSidecarsResult,
)
MAILBOX_IMPORT: JobSpec[MailboxImportParams, MailboxImportResult] = JobSpec(
    name="mailbox_import",
    summary="Split a mailbox sidecar (mbox, or a zip of .eml files or a Maildir) into one Email entry per message not yet imported (keyed by Message-ID).",
    progress="messages read",
    params_model=MailboxImportParams,
    result_model=MailboxImportResult,
)
OCR_BATCH: JobSpec[OcrBatchParams, OcrBatchResult] = JobSpec(
    name="ocr_batch",
    summary="Recognise the text of one sidecar of each listed entry and store it as a text sidecar.",
    progress="entries processed",
    params_model=OcrBatchParams,
    result_model=OcrBatchResult,
)
SIDECAR_CHECKSUM: JobSpec[SidecarChecksumParams, SidecarChecksumResult] = JobSpec(
    name="sidecar_checksum",
    summary="Verify every sidecar file of the library against its recorded size and SHA-256.",
    progress="sidecars checked",
    params_model=SidecarChecksumParams,
    result_model=SidecarChecksumResult,
)

JOBS: Mapping[str, JobSpec[Any, Any]] = {
    EMBED_SIDECARS.name: EMBED_SIDECARS,
    MAILBOX_IMPORT.name: MAILBOX_IMPORT,
    OCR_BATCH.name: OCR_BATCH,
    SIDECAR_CHECKSUM.name: SIDECAR_CHECKSUM,
}
