"""`embed_sidecars`: embed the text sidecars of every entry of the library into its vector index
(`vectors.py`), so that `ai.search_similar` can find them.

Resumable: a sidecar whose current content is already embedded with the engine's model is
skipped, so dispatching the job again after a cancel, a failure or a host restart goes on
where it stopped (and after new or changed sidecars, embeds just those). Cancellable between
batches; progress counts sidecars looked at. Texts are embedded in batches of `batch_size`
by the jobs backend (`ctx.map`); vectors are stored one transaction per batch.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from spacedrive_wire import jobs
from spacedrive_wire.models import EmbedSidecarsFailure, EmbedSidecarsParams, EmbedSidecarsResult

from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.services.jobs.base import JobContext, JobType
from spacedrive_host.store.library import Library
from spacedrive_host.store.records import SidecarRecord, check_sidecar_name
from spacedrive_host.store.vectors import vector_index

if TYPE_CHECKING:
    from spacedrive_host.services.ai.backends import AiEngines

PAGE = 500
MAX_REPORTED = 100
MAX_TEXT_BYTES = 32 * 1024
"""Bytes of a sidecar that are embedded: the model reads 256 word pieces, far fewer than this."""


DEFAULT_BATCH = 32


def embed_texts(engines: AiEngines, texts: list[str]) -> dict[str, Any]:
    """Embed one batch (runs where the jobs backend puts it)."""
    answer = engines.embeddings.embed(texts)
    return {"model": answer.model, "vectors": answer.vectors}


def _wanted(record: SidecarRecord, names: set[str] | None) -> bool:
    return record.filename in names if names is not None else record.format == "text"


def run(ctx: JobContext, params: EmbedSidecarsParams) -> EmbedSidecarsResult:
    library = ctx.library
    index = vector_index(library)
    model = ctx.services.ai.embedding_model_name()
    names = set(params.sidecars) if params.sidecars is not None else None
    for name in sorted(names or ()):
        check_sidecar_name(name)  # invalid_input (the schema's item pattern is not enforced on list items)
    total = _count(library, names)
    done_before = index.indexed(model)
    state = {"seen": 0, "skipped": 0}
    failed: list[EmbedSidecarsFailure] = []
    batch_size = params.batch_size or DEFAULT_BATCH
    ctx.progress(0, total, f"embedding text sidecars with {model}")

    def batches() -> Iterator[list[tuple[uuid.UUID, str, str, str]]]:
        batch: list[tuple[uuid.UUID, str, str, str]] = []
        for record in _all_sidecars(library):
            if not _wanted(record, names):
                continue
            state["seen"] += 1
            if done_before.get((str(record.entry_id), record.filename)) == record.sha256:
                state["skipped"] += 1
                continue
            try:
                with library.sidecar_file(record).open("rb") as handle:
                    raw = handle.read(MAX_TEXT_BYTES)
            except OSError as exc:
                failed.append(
                    EmbedSidecarsFailure(entry_id=record.entry_id, filename=record.filename, message=str(exc))
                )
                continue
            batch.append((record.entry_id, record.filename, record.sha256, raw.decode("utf-8", errors="ignore")))
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    pending: list[list[tuple[uuid.UUID, str, str, str]]] = []

    def payloads() -> Iterator[list[str]]:
        for batch in batches():
            pending.append(batch)
            yield [text for _, _, _, text in batch]

    embedded = 0
    for answer in ctx.map(embed_texts, payloads()):
        ctx.checkpoint()
        batch = pending.pop(0)
        if answer["model"] != model:
            raise OperationError(
                ErrorCode.internal, f"the engine answered with model {answer['model']}, expected {model}"
            )
        items = [(e, f, sha, vector) for (e, f, sha, _), vector in zip(batch, answer["vectors"], strict=True)]
        embedded += index.upsert(items, model)
        ctx.progress(min(state["seen"], total), total, f"embedding text sidecars with {model}")
    ctx.progress(total, total, f"embedding text sidecars with {model}")
    return EmbedSidecarsResult(
        model=model,
        embedded=embedded,
        skipped=state["skipped"],
        failures=len(failed),
        failed=failed[:MAX_REPORTED],
        indexed=index.count(model),
    )


def _count(library: Library, names: set[str] | None) -> int:
    with library.transaction() as db:
        if names is None:
            return int(db.execute("SELECT COUNT(*) FROM sidecars WHERE format = 'text'").fetchone()[0])
        marks = ", ".join("?" * len(names))
        query = f"SELECT COUNT(*) FROM sidecars WHERE filename IN ({marks})"
        return int(db.execute(query, sorted(names)).fetchone()[0])


def _all_sidecars(library: Library) -> Iterator[SidecarRecord]:
    after: tuple[str, str] | None = None
    while page := library.sidecar_page(after, PAGE):
        yield from page
        after = (str(page[-1].entry_id), page[-1].filename)


EMBED_SIDECARS = JobType.implementing(jobs.EMBED_SIDECARS, run)
