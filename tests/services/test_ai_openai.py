"""The `openai` backend against a local stand-in server (tests/support/openai_standin.py).

No OpenAI-compatible server (Ollama, llama-server) or model can be installed here, so
these tests check the wire protocol, the configuration and the error mapping against a
real HTTP server on 127.0.0.1 whose answers are derived from the requests.
"""

from __future__ import annotations

import base64
import json
import math
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import AiConfig, HostConfig
from support.ai_samples import encode, render_lines
from support.openai_standin import DIMENSION, StandIn, cosine, hashed_vector


@pytest.fixture
def standin() -> Iterator[StandIn]:
    with StandIn(delay_s=2.0) as server:
        yield server


def make_host(tmp_path: Path, standin: StandIn, **settings: Any) -> Host:
    options: dict[str, Any] = {
        "backend": "openai",
        "base_url": standin.base_url,
        "chat_model": "standin-chat",
        "embedding_model": "standin-embed",
        "api_key_env": "SPACEDRIVE_TEST_AI_KEY",
        "timeout_s": 5.0,
        **settings,
    }
    return Host(tmp_path, HostConfig(ai=AiConfig(**options)))


def test_embeddings_come_from_the_server_normalised_in_order(
    tmp_path: Path, standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPACEDRIVE_TEST_AI_KEY", "sk-local-test")
    texts = ["coffee receipt from the bakery", "bakery coffee receipt", "rental contract for the flat"]
    with make_host(tmp_path, standin) as host:
        answer = host.call("query:ai.generate_embedding.v1", {"texts": texts})["ok"]
    assert answer["backend"] == "openai" and answer["model"] == "standin-embed"
    assert answer["dimension"] == DIMENSION
    vectors = answer["embeddings"]
    assert [round(math.sqrt(sum(x * x for x in v)), 6) for v in vectors] == [1.0, 1.0, 1.0]
    for text, vector in zip(texts, vectors, strict=True):  # in input order, though the server listed them reversed
        assert cosine(vector, hashed_vector(text)) > 0.999999
    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2])
    (request,) = standin.requests
    assert request.path == "/v1/embeddings"
    assert request.body == {"model": "standin-embed", "input": texts}
    assert request.headers["Authorization"] == "Bearer sk-local-test"


def test_labels_go_through_a_json_schema_chat_completion(tmp_path: Path, standin: StandIn) -> None:
    labels = [{"name": "invoice", "description": "a bill"}, {"name": "receipt"}, {"name": "contract"}]
    text = "Thanks for your purchase, here is your receipt. TOTAL 7.75 USD"
    with make_host(tmp_path, standin) as host:
        answer = host.call("query:ai.classify_text.v1", {"text": text, "prompt": "Classify", "labels": labels})["ok"]
    assert answer["result"] == {"label": "receipt", "score": 0.9}
    assert answer["labels"][0] == {"label": "receipt", "score": 0.9}
    assert {entry["label"] for entry in answer["labels"]} == {"invoice", "receipt", "contract"}
    assert (answer["method"], answer["backend"], answer["model"]) == ("llm", "openai", "standin-chat")
    (request,) = standin.requests
    assert request.path == "/v1/chat/completions"
    assert "Authorization" not in request.headers  # the key's variable is not set
    body = request.body
    assert body["model"] == "standin-chat" and body["temperature"] == 0
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema" and response_format["json_schema"]["strict"] is True
    assert response_format["json_schema"]["schema"]["properties"]["label"]["enum"] == ["invoice", "receipt", "contract"]
    user = body["messages"][-1]["content"]
    assert user.startswith("Classify\n") and "- invoice: a bill" in user and text in user


def test_fields_and_default_receipt_extraction(tmp_path: Path, standin: StandIn) -> None:
    text = "Merchant: Corner Bakery\nDate: 2026-03-03\nTotal: 58,20\nCurrency: EUR\nPaid: yes"
    with make_host(tmp_path, standin) as host:
        receipt = host.call("query:ai.classify_text.v1", {"text": text, "prompt": "Extract receipt data"})["ok"]
        fields = {"paid": {"type": "boolean"}, "tip": {"type": "number"}}
        chosen = host.call("query:ai.classify_text.v1", {"text": text, "prompt": "Read", "fields": fields})["ok"]
    assert receipt["result"] == {"merchant": "Corner Bakery", "date": "2026-03-03", "total": 58.2, "currency": "EUR"}
    assert chosen["result"] == {"paid": True, "tip": None}
    schema = standin.requests[0].body["response_format"]["json_schema"]["schema"]
    assert schema["required"] == ["merchant", "date", "total", "currency"]
    assert schema["properties"]["total"]["type"] == ["number", "null"]


def test_upstream_500_is_upstream_error(tmp_path: Path, standin: StandIn) -> None:
    with make_host(tmp_path, standin, chat_model="fail-500", embedding_model="fail-500") as host:
        chat = host.call("query:ai.classify_text.v1", {"text": "x", "prompt": "y"})
        embed = host.call("query:ai.generate_embedding.v1", {"texts": ["x"]})
    for answer in (chat, embed):
        assert answer["error"]["code"] == "upstream_error"
        assert "HTTP 500" in answer["error"]["message"]
        assert answer["error"]["details"]["status"] == 500
        assert "model crashed" in answer["error"]["details"]["body"]


def test_slow_server_is_a_timeout(tmp_path: Path, standin: StandIn) -> None:
    with make_host(tmp_path, standin, chat_model="slow", timeout_s=0.5) as host:
        started = time.monotonic()
        answer = host.call("query:ai.classify_text.v1", {"text": "x", "prompt": "y"})
        elapsed = time.monotonic() - started
    assert answer["error"]["code"] == "timeout"
    assert "within 0.5 s" in answer["error"]["message"]
    assert elapsed < 1.5


def test_unreachable_server_is_upstream_error(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = AiConfig(
        backend="openai", base_url=f"http://127.0.0.1:{port}/v1", chat_model="m", embedding_model="e", timeout_s=2
    )
    with Host(tmp_path, HostConfig(ai=config)) as host:
        answer = host.call("query:ai.generate_embedding.v1", {"texts": ["x"]})
    assert answer["error"]["code"] == "upstream_error"
    assert "unreachable" in answer["error"]["message"]


def test_answer_that_breaks_the_protocol_is_upstream_error(tmp_path: Path, standin: StandIn) -> None:
    with make_host(tmp_path, standin, chat_model="not-json") as host:
        answer = host.call("query:ai.classify_text.v1", {"text": "x", "prompt": "y"})
    assert answer["error"]["code"] == "upstream_error"
    assert "not JSON" in answer["error"]["message"]


def test_embeddings_can_stay_embedded_while_classification_uses_the_llm(tmp_path: Path, standin: StandIn) -> None:
    with make_host(tmp_path, standin, embedding_backend="embedded", embedding_model="") as host:
        answer = host.call("query:ai.generate_embedding.v1", {"texts": ["local"]})["ok"]
        png = base64.b64encode(encode(render_lines(["TOTAL 4.50 USD"]), "PNG")).decode()
        ocr = host.call("query:ai.ocr.v1", {"data": png})["ok"]
    assert (answer["backend"], answer["dimension"]) == ("embedded", 384)
    assert ocr["text"] == "TOTAL 4.50 USD"  # OCR is always local
    assert standin.requests == []


def test_config_file_selects_the_backend(tmp_path: Path, standin: StandIn) -> None:
    path = tmp_path / "host.json"
    settings = {"backend": "openai", "base_url": standin.base_url, "chat_model": "c", "embedding_model": "e"}
    path.write_text(json.dumps({"ai": settings}), encoding="utf-8")
    config = HostConfig.load(path)
    assert config.ai.backend == "openai" and config.ai.timeout_s == 60.0
    with Host(tmp_path / "data", config) as host:
        assert host.call("query:ai.generate_embedding.v1", {"texts": ["a"]})["ok"]["backend"] == "openai"


def test_default_config_is_embedded() -> None:
    assert AiConfig().backend == "embedded" and HostConfig().ai == AiConfig()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"backend": "gpt"}, "backend must be one of embedded, openai"),
        ({"backend": "openai", "embedding_model": "e"}, "chat_model is required"),
        ({"embedding_backend": "openai"}, "embedding_model is required"),
        ({"timeout_s": 0}, "timeout_s must be a positive number"),
        ({"base_url": "ftp://x"}, "base_url must be an http(s) URL"),
        ({"ocr_max_pages": 0}, "ocr_max_pages must be a positive integer"),
    ],
)
def test_bad_ai_config_is_rejected_by_name(tmp_path: Path, settings: dict[str, Any], message: str) -> None:
    path = tmp_path / "host.json"
    path.write_text(json.dumps({"ai": settings}), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)):
        HostConfig.load(path)


def test_unknown_ai_setting_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "host.json"
    path.write_text(json.dumps({"ai": {"modle": "x"}}), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown setting 'modle'"):
        HostConfig.load(path)
