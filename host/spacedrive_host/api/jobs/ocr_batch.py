"""`ocr_batch`: recognise the text of one sidecar (an image or a PDF) of each listed entry and
store it as a text sidecar, with the host's OCR engine (`ai.ocr`, docs/ai.md). An entry
that fails (no such entry or sidecar, unreadable document, quota) is reported in the result
and the batch goes on. Recognition is the job's `ctx.map` work (`recognise`), so the jobs
backend decides where it runs; reading documents and writing texts stay on the host."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from spacedrive_wire import jobs
from spacedrive_wire.models import OcrBatchFailure, OcrBatchParams, OcrBatchResult, SidecarFormat

from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.services.jobs.base import JobContext, JobType

if TYPE_CHECKING:
    from spacedrive_host.services.ai.backends import AiEngines

MAX_REPORTED = 100
DEFAULT_OUTPUT = "ocr.txt"


def recognise(engines: AiEngines, payload: dict[str, Any]) -> dict[str, Any]:
    """One document's text (runs where the jobs backend puts it): `{"text"}` or `{"error": [code, message]}`."""
    if "error" in payload:
        return payload  # the host could not read the document
    try:
        result = engines.ocr.recognise(payload["document"], language=payload["language"], force_ocr=payload["force"])
    except OperationError as exc:
        return {"error": [exc.code.value, exc.message]}
    return {"text": result.text}


def run(ctx: JobContext, params: OcrBatchParams) -> OcrBatchResult:
    library = ctx.library
    total = len(params.entry_ids)
    processed = characters = 0
    failed: list[OcrBatchFailure] = []
    output = params.output or DEFAULT_OUTPUT
    ctx.progress(0, total, "recognising text")

    def documents() -> Iterator[dict[str, Any]]:
        for entry_id in params.entry_ids:
            try:
                _, document = library.read_sidecar(entry_id, params.source)
            except OperationError as exc:
                yield {"error": [exc.code.value, exc.message]}
            else:
                yield {"document": document, "language": params.language, "force": bool(params.force_ocr)}

    for done, (entry_id, answer) in enumerate(zip(params.entry_ids, ctx.map(recognise, documents()), strict=True), 1):
        ctx.checkpoint()
        try:
            if "error" in answer:
                raise OperationError(ErrorCode(answer["error"][0]), answer["error"][1])
            text = answer["text"]
            ctx.services.vdfs.write_sidecar(library, entry_id, output, text.encode("utf-8"), SidecarFormat.text)
        except OperationError as exc:
            failed.append(OcrBatchFailure(entry_id=entry_id, code=exc.code, message=exc.message))
        else:
            processed += 1
            characters += len(text)
        ctx.progress(done, total, "recognising text")
    return OcrBatchResult(
        processed=processed, characters=characters, failures=len(failed), failed=failed[:MAX_REPORTED]
    )


OCR_BATCH = JobType.implementing(jobs.OCR_BATCH, run)
