"""The embedded classifier: embedding similarity for labels, rule-based extraction for fields.

Not a language model, and it says so in every answer (`method`): labels are scored by
the cosine similarity between the text's embedding and each label's embedding (of its
description when it has one, else of its name), with the shared all-MiniLM-L6-v2 model (the configured engine);
fields come from the rules in `extract.py`. The prompt is not interpreted here (it is
for LLM backends); the embedded classifier records it nowhere and needs none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from .embeddings import FloatArray
from .extract import RULES_NAME, extract_with_receipt
from .fields import RECEIPT_FIELDS, FieldSpec, parse_fields
from .interfaces import ClassifyResult, LabelSpec, SentenceModel


def label_text(label: LabelSpec) -> str:
    """What a label is embedded as: its description when it has one (a sentence defining
    the class compares better with a document than a bare word: "receipt" and "recipe"
    sit close together), else its name with underscores read as spaces."""
    return label.description or label.name.replace("_", " ")


class EmbeddedClassifier:
    """Labels by embedding similarity, fields by rules; label vectors are cached."""

    backend = "embedded"

    def __init__(self, embedder: Callable[[], SentenceModel], cache_size: int = 2048) -> None:
        self._embedder = embedder
        self._cache: dict[str, FloatArray] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def _label_vectors(self, model: SentenceModel, texts: list[str]) -> FloatArray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vectors = model.embed(missing)
            with self._lock:
                if len(self._cache) + len(missing) > self._cache_size:
                    self._cache.clear()
                self._cache.update(zip(missing, vectors, strict=True))
        with self._lock:
            return np.stack([self._cache[t] for t in texts])

    def classify(
        self, text: str, prompt: str, labels: list[LabelSpec] | None, fields: list[FieldSpec] | None
    ) -> ClassifyResult:
        if labels:
            model = self._embedder()
            label_texts = [label_text(label) for label in labels]
            text_vector = model.embed([text])[0]
            scores = self._label_vectors(model, label_texts) @ text_vector
            ranked = sorted(
                ((label.name, round(float(score), 4)) for label, score in zip(labels, scores, strict=True)),
                key=lambda pair: -pair[1],
            )
            best, best_score = ranked[0]
            return ClassifyResult(
                result={"label": best, "score": best_score},
                labels=ranked,
                method="embedding_similarity",
                backend=self.backend,
                model=model.name,
            )
        wanted = fields if fields is not None else parse_fields(RECEIPT_FIELDS)
        result, receipt = extract_with_receipt(text, wanted)
        return ClassifyResult(
            result=result,
            labels=None,
            method="rule_based_extraction",
            backend=self.backend,
            model=RULES_NAME,
            receipt=receipt.as_dict() if fields is None else None,
        )
