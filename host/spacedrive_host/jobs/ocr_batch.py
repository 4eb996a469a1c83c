"""`ocr_batch`: recognise the text of one sidecar (an image or a PDF) of each listed entry and
store it as a text sidecar, with the host's OCR engine (`ai.ocr`, docs/ai.md). An entry
that fails (no such entry or sidecar, unreadable document, quota) is reported in the result
and the batch goes on."""

from __future__ import annotations

from spacedrive_wire import jobs
from spacedrive_wire.models import OcrBatchFailure, OcrBatchParams, OcrBatchResult

from .. import emitters
from ..errors import OperationError
from ..handlers.vdfs import sidecar_info
from .base import JobContext, JobType

MAX_REPORTED = 100
DEFAULT_OUTPUT = "ocr.txt"


def run(ctx: JobContext, params: OcrBatchParams) -> OcrBatchResult:
    library, ocr = ctx.library, ctx.services.ai.ocr
    total = len(params.entry_ids)
    processed = characters = 0
    failed: list[OcrBatchFailure] = []
    output = params.output or DEFAULT_OUTPUT
    ctx.progress(0, total, "recognising text")
    for done, entry_id in enumerate(params.entry_ids, 1):
        ctx.checkpoint()
        try:
            _, document = library.read_sidecar(entry_id, params.source)
            result = ocr.recognise(document, language=params.language, force_ocr=bool(params.force_ocr))
            record = library.write_sidecar(
                entry_id, output, result.text.encode("utf-8"), "text", limits=ctx.services.config.vdfs
            )
        except OperationError as exc:
            failed.append(OcrBatchFailure(entry_id=entry_id, code=exc.code, message=exc.message))
        else:
            emitters.sidecar_written(ctx.services.events, library.id, entry_id, sidecar_info(record))
            processed += 1
            characters += len(result.text)
        ctx.progress(done, total, "recognising text")
    return OcrBatchResult(
        processed=processed, characters=characters, failures=len(failed), failed=failed[:MAX_REPORTED]
    )


OCR_BATCH = JobType.implementing(jobs.OCR_BATCH, run)
