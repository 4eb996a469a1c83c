"""Which engine serves which AI operation, chosen by the host configuration (`AiConfig`).

    AiEngines
    ├── ocr         OcrEngine (always local: Tesseract + PDFium)
    ├── embeddings  EmbeddedEmbeddings (all-MiniLM-L6-v2: int8 on ONNX Runtime, or exact in numpy)
    │                                                            | OpenAiCompatClient
    └── classifier  EmbeddedClassifier (similarity + rules)        | OpenAiCompatClient

Engines load their models lazily, on first use, and share them process-wide, so building
an `AiEngines` is cheap and `Host(data_dir)` starts without loading anything.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from spacedrive_host.core.errors import ErrorCode, OperationError

from .interfaces import ClassifyBackend, EmbeddingBackend, EmbeddingResult, SentenceModel

if TYPE_CHECKING:
    from spacedrive_host.core.config import AiConfig

    from .ocr import OcrEngine


log = logging.getLogger("spacedrive.ai")


EMBEDDING_ENGINES = ("onnx", "exact")
"""`onnx`: int8 all-MiniLM-L6-v2 on ONNX Runtime (default); `exact`: the float32 numpy pass."""


class EmbeddedEmbeddings:
    """The packaged sentence-embedding model on the chosen engine, loaded on first use.

    A custom `model_dir` always runs on the exact engine (there is no ONNX file for it)."""

    backend = "embedded"

    def __init__(self, model_dir: Path | None = None, engine: str = "onnx") -> None:
        if engine not in EMBEDDING_ENGINES:
            raise ValueError(f"unknown embedding engine {engine!r} (known: {', '.join(EMBEDDING_ENGINES)})")
        self.model_dir = model_dir
        self.engine = "exact" if model_dir is not None else engine

    def model(self) -> SentenceModel:
        from .embeddings import ModelFilesError, shared_embedder
        from .onnx_embeddings import shared_onnx_embedder

        try:
            if self.engine == "onnx":
                return shared_onnx_embedder()
            return shared_embedder(self.model_dir)
        except ModelFilesError as exc:
            log.error("embedding model unavailable: %s", exc)
            raise OperationError(
                ErrorCode.internal, "the embedded embedding model is not installed on this host"
            ) from None

    def embed(self, texts: list[str]) -> EmbeddingResult:
        model = self.model()
        vectors = model.embed(texts)
        return EmbeddingResult(vectors.astype(float).tolist(), model.name, model.dimension, self.backend)


def _default_ocr() -> OcrEngine:
    from .ocr import OcrEngine

    return OcrEngine()


def _default_embeddings() -> EmbeddedEmbeddings:
    return EmbeddedEmbeddings()


def _default_classifier() -> ClassifyBackend:
    from .classify import EmbeddedClassifier

    return EmbeddedClassifier(EmbeddedEmbeddings().model)


@dataclass
class AiEngines:
    """The engines the AI handlers call."""

    ocr: OcrEngine = field(default_factory=_default_ocr)
    embeddings: EmbeddingBackend = field(default_factory=_default_embeddings)
    classifier: ClassifyBackend = field(default_factory=_default_classifier)

    def embedding_model_name(self) -> str:
        """The `model` that `embeddings.embed` answers with (what stored vectors are keyed by)."""
        if isinstance(self.embeddings, EmbeddedEmbeddings):
            return self.embeddings.model().name
        return self.embeddings.embed(["model"]).model

    @classmethod
    def from_config(cls, config: AiConfig) -> AiEngines:
        from .classify import EmbeddedClassifier
        from .ocr import OcrEngine
        from .openai_compat import OpenAiCompatClient

        local = EmbeddedEmbeddings(
            Path(config.embedded_model_dir) if config.embedded_model_dir else None, config.embedding_engine
        )
        remote = OpenAiCompatClient(
            base_url=config.base_url,
            chat_model=config.chat_model,
            embedding_model=config.embedding_model,
            api_key_env=config.api_key_env,
            timeout_s=config.timeout_s,
        )
        embedding_backend = config.embedding_backend or config.backend
        classifier: ClassifyBackend = remote if config.backend == "openai" else EmbeddedClassifier(local.model)
        embeddings: EmbeddingBackend = remote if embedding_backend == "openai" else local
        ocr = OcrEngine(
            default_language=config.ocr_language,
            render_scale=config.ocr_render_scale,
            max_pages=config.ocr_max_pages,
            max_image_pixels=config.ocr_max_image_pixels,
        )
        return cls(ocr=ocr, embeddings=embeddings, classifier=classifier)
