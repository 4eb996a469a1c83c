"""`ocr_batch`: recognise the text of one sidecar (an image or a PDF) of each listed entry and
store it as a text sidecar, with the host's OCR engine (`ai.ocr`, docs/ai.md). An entry
that fails (no such entry or sidecar, unreadable document, quota) is reported in the result
and the batch goes on."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from pydantic import Field, field_validator

from .. import emitters
from ..errors import OperationError
from ..handlers.vdfs import sidecar_info
from ..library import check_sidecar_name
from .base import JobContext, JobParams, JobType

MAX_REPORTED = 100


class OcrBatchParams(JobParams):
    entry_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=1000)]
    """The entries to process, in order."""
    source: str
    """The sidecar holding each entry's document, e.g. `scan.png` or `statement.pdf`."""
    output: str = "ocr.txt"
    """The text sidecar written for each entry."""
    language: str | None = None
    """Tesseract language(s) (default: the host's `ai.ocr_language`)."""
    force_ocr: bool = False
    """Recognise PDF pages even when they have a text layer."""

    @field_validator("source", "output")
    @classmethod
    def _plain_file_name(cls, name: str) -> str:
        try:
            check_sidecar_name(name)
        except OperationError as exc:
            raise ValueError(exc.message) from None
        return name


def run(ctx: JobContext, params: OcrBatchParams) -> dict[str, Any]:
    library, ocr = ctx.library, ctx.services.ai.ocr
    total = len(params.entry_ids)
    processed = characters = 0
    failed: list[dict[str, str]] = []
    ctx.progress(0, total, "recognising text")
    for done, entry_id in enumerate(params.entry_ids, 1):
        ctx.checkpoint()
        try:
            _, document = library.read_sidecar(entry_id, params.source)
            result = ocr.recognise(document, language=params.language, force_ocr=params.force_ocr)
            record = library.write_sidecar(
                entry_id, params.output, result.text.encode("utf-8"), "text", limits=ctx.services.config.vdfs
            )
        except OperationError as exc:
            failed.append({"entry_id": str(entry_id), "code": exc.code.value, "message": exc.message})
        else:
            emitters.sidecar_written(ctx.services.events, library.id, entry_id, sidecar_info(record))
            processed += 1
            characters += len(result.text)
        ctx.progress(done, total, "recognising text")
    return {"processed": processed, "characters": characters, "failures": len(failed), "failed": failed[:MAX_REPORTED]}


OCR_BATCH = JobType(
    name="ocr_batch",
    summary="Recognise the text of one sidecar of each listed entry and store it as a text sidecar.",
    params=OcrBatchParams,
    run=run,
)
