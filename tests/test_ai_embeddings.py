"""The embedded sentence-embedding model: all-MiniLM-L6-v2 run in numpy."""

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
from spacedrive_host.ai.embeddings import (
    SentenceEmbedder,
    default_model_dir,
    read_safetensors,
    shared_embedder,
)

DATA = Path(__file__).parent / "data"
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
    from spacedrive_host.ai.embeddings import ModelFilesError

    bad = tmp_path / "x.safetensors"
    bad.write_bytes(b"\xff" * 16)
    with pytest.raises(ModelFilesError):
        read_safetensors(bad)


def test_missing_model_dir_is_a_clear_error(tmp_path: Path) -> None:
    from spacedrive_host.ai.embeddings import ModelFilesError

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
    from spacedrive_host.ai.backends import AiEngines
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

    from ai_samples import encode, render_lines

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
