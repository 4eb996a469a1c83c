"""AI operations: OCR, classification/extraction and embeddings (engines in `..ai`)."""

from __future__ import annotations

from spacedrive_wire.models import (
    AiBackend,
    ClassifyMethod,
    ClassifyTextInput,
    ClassifyTextOutput,
    GenerateEmbeddingInput,
    GenerateEmbeddingOutput,
    LabelScore,
    OcrInput,
    OcrOutput,
    OcrPage,
    OcrSource,
    Receipt,
    SearchSimilarInput,
    SearchSimilarOutput,
    SimilarEntry,
)
from spacedrive_wire.operations import (
    AI_CLASSIFY_TEXT_V1,
    AI_GENERATE_EMBEDDING_V1,
    AI_OCR_V1,
    AI_SEARCH_SIMILAR_V1,
)

from spacedrive_host.api.operations import OperationContext, operation
from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.services.ai.fields import parse_fields
from spacedrive_host.services.ai.interfaces import LabelSpec
from spacedrive_host.services.vdfs import entry_model
from spacedrive_host.store.vectors import vector_index

DEFAULT_K = 10


@operation(AI_OCR_V1)
def ocr(ctx: OperationContext, request: OcrInput) -> OcrOutput:
    options = request.options
    result = ctx.services.ai.ocr.recognise(
        request.data,
        mime_type=request.mime_type,
        language=options.language if options else None,
        force_ocr=bool(options and options.force_ocr),
        max_pages=options.max_pages if options else None,
        preprocess=not (options and options.preprocess is False),
        layout=options.layout.value if options and options.layout else "single_column",
    )
    return OcrOutput(
        text=result.text,
        confidence=result.confidence,
        pages=[
            OcrPage(page=p.page, text=p.text, confidence=p.confidence, source=OcrSource(p.source)) for p in result.pages
        ],
        page_count=result.page_count,
        mime_type=result.mime_type,
        engine=result.engine,
        language=result.language,
    )


@operation(AI_CLASSIFY_TEXT_V1)
def classify_text(ctx: OperationContext, request: ClassifyTextInput) -> ClassifyTextOutput:
    if request.labels is not None and request.fields is not None:
        raise OperationError(ErrorCode.invalid_input, "give either labels (classify) or fields (extract), not both")
    labels = None
    if request.labels is not None:
        names = [label.name for label in request.labels]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise OperationError(ErrorCode.invalid_input, f"duplicate label names: {', '.join(duplicates)}")
        labels = [LabelSpec(label.name, label.description) for label in request.labels]
    fields = None
    if request.fields is not None:
        if not request.fields:
            raise OperationError(ErrorCode.invalid_input, "fields is empty: name at least one field")
        try:
            fields = parse_fields(request.fields)
        except ValueError as exc:
            raise OperationError(ErrorCode.invalid_input, str(exc)) from None
    answer = ctx.services.ai.classifier.classify(request.text, request.prompt, labels, fields)
    return ClassifyTextOutput(
        result=answer.result,
        labels=[LabelScore(label=name, score=score) for name, score in answer.labels] if answer.labels else None,
        method=ClassifyMethod(answer.method),
        backend=AiBackend(answer.backend),
        model=answer.model,
        receipt=Receipt.model_validate(answer.receipt) if answer.receipt is not None else None,
    )


@operation(AI_GENERATE_EMBEDDING_V1)
def generate_embedding(ctx: OperationContext, request: GenerateEmbeddingInput) -> GenerateEmbeddingOutput:
    answer = ctx.services.ai.embeddings.embed(list(request.texts))
    return GenerateEmbeddingOutput(
        embeddings=answer.vectors,
        model=answer.model,
        dimension=answer.dimension,
        backend=AiBackend(answer.backend),
    )


@operation(AI_SEARCH_SIMILAR_V1)
def search_similar(ctx: OperationContext, request: SearchSimilarInput) -> SearchSimilarOutput:
    if (request.text is None) == (request.entry_id is None):
        raise OperationError(ErrorCode.invalid_input, "give exactly one of text and entry_id")
    if request.sidecar is not None and request.entry_id is None:
        raise OperationError(ErrorCode.invalid_input, "sidecar is only meaningful with entry_id")
    library = ctx.require_library()
    index = vector_index(library)
    if request.text is not None:
        answer = ctx.services.ai.embeddings.embed([request.text])
        model, vector = answer.model, answer.vectors[0]
    else:
        assert request.entry_id is not None
        library.get_entry(request.entry_id)  # not_found first
        model = ctx.services.ai.embedding_model_name()
        stored = index.get(request.entry_id, model, request.sidecar)
        if stored is None:
            which = f"sidecar {request.sidecar!r}" if request.sidecar else "sidecar"
            message = f"entry {request.entry_id} has no {which} embedded with {model} (run embed_sidecars)"
            raise OperationError(ErrorCode.not_found, message)
        vector = stored.vector
    neighbours = index.search(
        vector,
        model,
        request.k or DEFAULT_K,
        entry_type=request.entry_type,
        path_prefix=request.path_prefix,
        exclude=request.entry_id,
    )
    results = [
        SimilarEntry(
            entry=entry_model(library.get_entry(n.entry_id)), sidecar=n.filename, score=round(1.0 - n.distance, 6)
        )
        for n in neighbours
    ]
    return SearchSimilarOutput(results=results, model=model)
