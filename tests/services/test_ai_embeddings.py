"""The embedded sentence-embedding model: all-MiniLM-L6-v2 run exactly in numpy (the reference)
and as int8 weights on ONNX Runtime (the default engine)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from spacedrive_host.core.config import AiConfig
from spacedrive_host.services.ai.backends import AiEngines, EmbeddedEmbeddings
from spacedrive_host.services.ai.embeddings import (
    SentenceEmbedder,
    default_model_dir,
    read_safetensors,
    shared_embedder,
)
from spacedrive_host.services.ai.onnx_embeddings import (
    ONNX_MODEL_SHA256,
    OnnxSentenceEmbedder,
    default_onnx_model,
    shared_onnx_embedder,
)
from support.ai_samples import EMBEDDING_SENTENCES

DATA = Path(__file__).resolve().parents[1] / "data"
MODEL_FILES_SHA256 = {
    # sentence-transformers/all-MiniLM-L6-v2 at revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}


@pytest.fixture(scope="module")
def model() -> SentenceEmbedder:
    return shared_embedder()


def test_model_files_are_the_pinned_ones() -> None:
    directory = default_model_dir()
    for name, expected in MODEL_FILES_SHA256.items():
        assert hashlib.sha256((directory / name).read_bytes()).hexdigest() == expected, name


def test_matches_the_sentence_transformers_reference(model: SentenceEmbedder) -> None:
    """Reference vectors computed once with sentence-transformers + torch (tests/data/README.md)."""
    reference = json.loads((DATA / "minilm_reference.json").read_text(encoding="utf-8"))
    ours = model.embed(reference["texts"])
    theirs = np.array(reference["embeddings"], dtype=np.float32)
    cosines = (ours * theirs).sum(axis=1) / np.linalg.norm(theirs, axis=1)
    assert cosines.min() >= 0.9999, dict(zip(reference["texts"], cosines.tolist(), strict=True))
    assert np.abs(ours - theirs).max() < 1e-4


def test_vectors_are_unit_length_with_384_dimensions(model: SentenceEmbedder) -> None:
    vectors = model.embed(["one", "two words", "", "a much longer sentence " * 100])
    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert model.dimension == 384 and model.name == "all-MiniLM-L6-v2"


def test_related_sentences_are_closer_than_unrelated(model: SentenceEmbedder) -> None:
    cat, kitten, market, rug = model.embed(
        ["A cat sits on the mat.", "A kitten is resting on a rug.", "The stock market fell sharply today.", "a rug"]
    )
    assert cat @ kitten > cat @ market + 0.3
    assert cat @ kitten > kitten @ market + 0.3
    invoice, bill, recipe = model.embed(
        ["Invoice: payment due in 30 days", "Please pay this bill by the end of the month", "Bake the cake for 40 min"]
    )
    assert invoice @ bill > invoice @ recipe
    assert rug @ kitten > rug @ market


def test_batch_equals_singles(model: SentenceEmbedder) -> None:
    texts = ["short", "a somewhat longer sentence about receipts", "x " * 300, "Café déjà vu, 58,20 EUR"]
    batch = model.embed(texts)
    singles = np.stack([model.embed([t])[0] for t in texts])
    assert np.abs(batch - singles).max() < 1e-5
    assert np.abs(model.embed(texts, batch_size=1) - batch).max() < 1e-5


def test_long_texts_are_truncated_to_the_model_limit(model: SentenceEmbedder) -> None:
    assert model.max_tokens == 256
    long = " ".join(f"word{i}" for i in range(2000))
    assert len(model.tokenize([long])[0]) == 256
    assert model.embed([long]).shape == (1, 384)


def test_one_shared_instance_serves_concurrent_threads(model: SentenceEmbedder) -> None:
    assert shared_embedder() is model
    texts = [f"sentence number {i} about something" for i in range(16)]
    expected = model.embed(texts)
    with ThreadPoolExecutor(max_workers=4) as pool:
        rows = list(pool.map(lambda t: model.embed([t])[0], texts))
    assert np.abs(np.stack(rows) - expected).max() < 1e-5


def test_safetensors_reader_rejects_garbage(tmp_path: Path) -> None:
    from spacedrive_host.services.ai.embeddings import ModelFilesError

    bad = tmp_path / "x.safetensors"
    bad.write_bytes(b"\xff" * 16)
    with pytest.raises(ModelFilesError):
        read_safetensors(bad)


def test_missing_model_dir_is_a_clear_error(tmp_path: Path) -> None:
    from spacedrive_host.services.ai.embeddings import ModelFilesError

    with pytest.raises(ModelFilesError, match="model file missing"):
        SentenceEmbedder(tmp_path, "nothing")


OFFLINE_PROBE = textwrap.dedent(
    """
    import base64, json, sys
    events = []
    def audit(event, args):
        if event.startswith(("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request")):
            events.append(event)
    sys.addaudithook(audit)
    from spacedrive_host.services.ai.backends import AiEngines
    engines = AiEngines()
    vectors = engines.embeddings.embed(["offline please"]).vectors
    label = engines.classifier.classify("TOTAL 4.50 USD", "", None, None).result
    png = base64.b64decode(sys.argv[1])
    text = engines.ocr.recognise(png).text
    print(json.dumps({"events": events, "dims": len(vectors[0]), "total": label["total"], "text": text,
                      "hub_loaded": "huggingface_hub" in sys.modules, "torch_loaded": "torch" in sys.modules}))
    """
)


def test_models_load_and_run_without_any_network_use() -> None:
    import base64

    from support.ai_samples import encode, render_lines

    png = base64.b64encode(encode(render_lines(["TOTAL 4.50 USD"]), "PNG")).decode()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "NO_PROXY": "*"}
    out = subprocess.run(
        [sys.executable, "-c", OFFLINE_PROBE, png], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report == {
        "events": [],
        "dims": 384,
        "total": 4.5,
        "text": "TOTAL 4.50 USD",
        "hub_loaded": False,
        "torch_loaded": False,
    }


# -- the int8 ONNX engine (default) --------------------------------------------------------------


@pytest.fixture(scope="module")
def onnx_model() -> OnnxSentenceEmbedder:
    return shared_onnx_embedder()


def test_onnx_model_file_is_the_pinned_one() -> None:
    assert hashlib.sha256(default_onnx_model().read_bytes()).hexdigest() == ONNX_MODEL_SHA256


def test_onnx_is_the_default_engine_and_exact_stays_selectable() -> None:
    assert EmbeddedEmbeddings().model().name == "all-MiniLM-L6-v2-int8"
    assert AiEngines().embeddings.embed(["x"]).model == "all-MiniLM-L6-v2-int8"
    exact = AiEngines.from_config(AiConfig(embedding_engine="exact"))
    assert exact.embeddings.embed(["x"]).model == "all-MiniLM-L6-v2"
    assert exact.embedding_model_name() == "all-MiniLM-L6-v2"
    with pytest.raises(ValueError, match="embedding_engine"):
        AiConfig(embedding_engine="fast")


def test_onnx_matches_the_exact_engine_on_the_fixed_sentences(
    model: SentenceEmbedder, onnx_model: OnnxSentenceEmbedder
) -> None:
    texts = list(EMBEDDING_SENTENCES)
    cosines = (onnx_model.embed(texts) * model.embed(texts)).sum(axis=1)
    assert cosines.min() >= 0.999, dict(zip(texts, cosines.tolist(), strict=True))


def test_onnx_edge_cases_stay_close(model: SentenceEmbedder, onnx_model: OnnxSentenceEmbedder) -> None:
    """Texts outside the fixed set: empty, one character, truncated (docs/ai.md lists their cosines)."""
    texts = ["", "x", " ".join(f"word{i}" for i in range(2000)), "日本語"]
    cosines = (onnx_model.embed(texts) * model.embed(texts)).sum(axis=1)
    assert cosines.min() >= 0.995, cosines.tolist()


def test_onnx_vectors_batch_and_threads(onnx_model: OnnxSentenceEmbedder) -> None:
    texts = ["short", "a somewhat longer sentence about receipts", "x " * 300, "Café déjà vu, 58,20 EUR"]
    batch = onnx_model.embed(texts)
    assert batch.shape == (4, 384) and np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    singles = np.stack([onnx_model.embed([t])[0] for t in texts])
    assert np.abs(batch - singles).max() < 1e-4
    with ThreadPoolExecutor(max_workers=4) as pool:
        rows = list(pool.map(lambda t: onnx_model.embed([t])[0], texts))
    assert np.abs(np.stack(rows) - singles).max() < 1e-6
    assert len(onnx_model.tokenize([" ".join(f"w{i}" for i in range(2000))])[0]) == 256


NATIVE_PROBE = textwrap.dedent(
    """
    import sys
    from spacedrive_host.services.ai.onnx_embeddings import shared_onnx_embedder
    vectors = shared_onnx_embedder().embed(["is anybody listening?", "no network please"])
    import onnxruntime, os, time
    time.sleep(1.0)  # give a telemetry thread time to try
    print(vectors.shape[1], os.environ.get("ORT_DISABLE_TELEMETRY"), "onnxruntime" in sys.modules)
    """
)


def _non_loopback(line: str) -> str | None:
    """The address of an AF_INET/AF_INET6 connect/sendto/sendmsg in an strace line unless it is loopback."""
    if "AF_INET" not in line:
        return None
    for marker in ('inet_addr("', 'inet_pton(AF_INET6, "'):
        if marker in line:
            address = line.split(marker, 1)[1].split('"', 1)[0]
            return None if address.startswith("127.") or address == "::1" else address
    return line.strip()  # an inet address strace did not print in a known form: count it


def test_onnx_engine_opens_no_network_connection_even_natively() -> None:
    """Load + embed under strace: no connect/sendto/sendmsg to a non-loopback address from any thread,
    native ones included (ONNX Runtime's telemetry would be C++, invisible to a Python audit hook)."""
    import shutil
    import tempfile

    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed (apt-get install strace); the audit-hook test still ran")
    with tempfile.TemporaryDirectory() as tmp:
        trace = Path(tmp) / "trace.txt"
        env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}  # the module must set it
        out = subprocess.run(
            [strace, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace), sys.executable, "-c",
             NATIVE_PROBE],
            capture_output=True, text=True, env=env, timeout=180, check=False,
        )  # fmt: skip
        if out.returncode != 0 and "ptrace" in out.stderr:
            pytest.skip(f"strace cannot trace here: {out.stderr.strip()[:200]}")
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.split() == ["384", "1", "True"]
        lines = trace.read_text(encoding="utf-8", errors="replace").splitlines()
    outside = [address for line in lines if (address := _non_loopback(line))]
    assert outside == [], outside
