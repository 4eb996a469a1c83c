"""What the AI handlers and the engines exchange: request and result values, and the
protocols an engine implements.

A module of its own so that the engines (`classify.py`, `openai_compat.py`) and the wiring
that chooses between them (`backends.py`) all depend on it and not on each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .embeddings import FloatArray
    from .fields import FieldSpec


@dataclass(frozen=True)
class LabelSpec:
    name: str
    description: str | None = None


@dataclass(frozen=True)
class ClassifyResult:
    result: Any
    labels: list[tuple[str, float]] | None
    method: str
    backend: str
    model: str
    receipt: dict[str, Any] | None = None
    """Everything the embedded rules read, when asked for the default receipt fields (`Receipt` in defs.json)."""


@dataclass(frozen=True)
class EmbeddingResult:
    vectors: list[list[float]]
    model: str
    dimension: int
    backend: str


class EmbeddingBackend(Protocol):
    def embed(self, texts: list[str]) -> EmbeddingResult: ...


class SentenceModel(Protocol):
    """A loaded embedding model: `SentenceEmbedder` (exact, numpy) or `OnnxSentenceEmbedder` (int8)."""

    name: str
    dimension: int

    def embed(self, texts: list[str], batch_size: int = 32) -> FloatArray: ...


class ClassifyBackend(Protocol):
    def classify(
        self, text: str, prompt: str, labels: list[LabelSpec] | None, fields: list[FieldSpec] | None
    ) -> ClassifyResult: ...
