"""`ocr_batch`: recognise the text of one sidecar (an image or a PDF) of each listed entry and
store it as a text sidecar, with the host's OCR engine (`ai.ocr`, docs/ai.md). An entry
that fails (no such entry or sidecar, unreadable document, quota) is reported in the result
and the batch goes on."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, field_validator

from ..errors import ErrorCode, OperationError
from ..handlers.vdfs import sidecar_info
from ..library import check_sidecar_name
from .base import JobContext, JobParams, JobType

if TYPE_CHECKING:
    from ..ai.backends import AiEngines

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


def recognise(engines: AiEngines, payload: dict[str, Any]) -> dict[str, Any]:
    """One document's text (runs where the jobs backend puts it): `{"text"}` or `{"error": [code, message]}`."""
    if "error" in payload:
        return payload  # the host could not read the document
    try:
        result = engines.ocr.recognise(payload["document"], language=payload["language"], force_ocr=payload["force"])
    except OperationError as exc:
        return {"error": [exc.code.value, exc.message]}
    return {"text": result.text}


def run(ctx: JobContext, params: OcrBatchParams) -> dict[str, Any]:
    library = ctx.library
    total = len(params.entry_ids)
    processed = characters = 0
    failed: list[dict[str, str]] = []
    ctx.progress(0, total, "recognising text")

    def documents() -> Iterator[dict[str, Any]]:
        for entry_id in params.entry_ids:
            try:
                _, document = library.read_sidecar(entry_id, params.source)
            except OperationError as exc:
                yield {"error": [exc.code.value, exc.message]}
            else:
                yield {"document": document, "language": params.language, "force": params.force_ocr}

    for done, (entry_id, answer) in enumerate(zip(params.entry_ids, ctx.map(recognise, documents()), strict=True), 1):
        ctx.checkpoint()
        try:
            if "error" in answer:
                raise OperationError(ErrorCode(answer["error"][0]), answer["error"][1])
            text = answer["text"]
            record = library.write_sidecar(
                entry_id, params.output, text.encode("utf-8"), "text", limits=ctx.services.config.vdfs
            )
        except OperationError as exc:
            failed.append({"entry_id": str(entry_id), "code": exc.code.value, "message": exc.message})
        else:
            ctx.services.events.sidecar_written(library.id, entry_id, sidecar_info(record))
            processed += 1
            characters += len(text)
        ctx.progress(done, total, "recognising text")
    return {"processed": processed, "characters": characters, "failures": len(failed), "failed": failed[:MAX_REPORTED]}


OCR_BATCH = JobType(
    name="ocr_batch",
    summary="Recognise the text of one sidecar of each listed entry and store it as a text sidecar.",
    params=OcrBatchParams,
    run=run,
)
