"""The AI operations end to end: a Rust guest calls the typed SDK methods (`client.ocr`,
`client.classify_text`, `client.generate_embedding`) through `spacedrive_call`."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import AiConfig, HostConfig
from spacedrive_host.runtime.extension import Extension
from support.ai_samples import RECEIPT_LINES, TextPage, encode, make_pdf, render_lines
from support.helpers import MakeExtension, run_step
from support.openai_standin import StandIn

pytestmark = pytest.mark.guests

AI_PERMISSIONS = {"methods": ["ai.*"], "libraries": ["*"]}


class Guest:
    def __init__(self, extension: Extension) -> None:
        self.extension = extension

    def step(self, call: str, **args: Any) -> dict[str, Any]:
        return run_step(self.extension, call, **args)


@pytest.fixture
def e2e_wasm(guest_wasm: dict[str, Path]) -> Path:
    return guest_wasm["e2e"]


@pytest.fixture
def guest(host: Host, e2e_wasm: Path, make_extension: MakeExtension) -> Guest:
    return Guest(host.load_extension(make_extension(e2e_wasm, ext_id="e2e-ai", permissions=AI_PERMISSIONS)))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_ocr_of_a_pdf_through_the_sdk(guest: Guest) -> None:
    pdf = make_pdf([TextPage(["Invoice 2026-001", "Total: 58,20 EUR"])])
    answer = guest.step("ocr", data=b64(pdf))["ok"]
    assert answer["text"] == "Invoice 2026-001\nTotal: 58,20 EUR"
    assert answer["pages"] == [{"page": 1, "source": "text_layer", "text": answer["text"]}]
    assert (answer["mime_type"], answer["page_count"], answer["confidence"]) == ("application/pdf", 1, 1.0)


def test_ocr_of_a_scanned_image_with_options(guest: Guest) -> None:
    png = encode(render_lines(RECEIPT_LINES), "PNG")
    answer = guest.step("ocr", data=b64(png), options={"language": "eng"})["ok"]
    assert answer["text"].split("\n") == list(RECEIPT_LINES)
    assert answer["pages"][0]["source"] == "ocr" and answer["engine"].startswith("tesseract")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ({"data": b64(b"these bytes are no document")}, "invalid_input", "neither a PDF nor an image"),
        ({"data": b64(b"%PDF-1.7 broken")}, "invalid_input", "PDF could not be opened"),
        ({"data": b64(b"\x89PNG\r\n\x1a\n"), "options": {"language": "klingon"}}, "invalid_input", "not installed"),
        ({"data": b64(b"x"), "options": {"max_pages": 0}}, "invalid_input", "invalid input"),
    ],
    ids=["garbage", "broken-pdf", "language", "max-pages"],
)
def test_ocr_errors_reach_the_guest_typed(guest: Guest, args: dict[str, Any], code: str, message: str) -> None:
    error = guest.step("ocr", **args)["error"]
    assert error["code"] == code
    assert error["variant"] == "Some(InvalidInput)"
    assert message in error["message"]


def test_classify_text_returns_the_extracted_json(guest: Guest) -> None:
    text = "CORNER BAKERY\nDate: March 3, 2026\nCroissant 2.40\nTOTAL 58,20 EUR"
    result = guest.step("classify_text", text=text, prompt="Extract receipt data")["ok"]
    assert result == {"merchant": "CORNER BAKERY", "date": "2026-03-03", "total": 58.2, "currency": "EUR"}


def test_classify_text_with_labels(guest: Guest) -> None:
    labels = [
        {"name": "receipt", "description": "a proof of purchase from a shop"},
        {"name": "recipe", "description": "cooking instructions with ingredients and steps"},
    ]
    input_ = {"text": "TOTAL 7.75 USD, paid by card. Thanks for visiting!", "prompt": "Classify", "labels": labels}
    answer = guest.step("classify_text_with", input=input_)["ok"]
    assert answer["result"]["label"] == "receipt"
    assert [pair[0] for pair in answer["labels"]] == ["receipt", "recipe"]
    assert (answer["method"], answer["backend"], answer["model"]) == (
        "embedding_similarity",
        "embedded",
        "all-MiniLM-L6-v2-int8",
    )


def test_classify_text_rejects_labels_and_fields_together(guest: Guest) -> None:
    input_ = {"text": "t", "prompt": "p", "labels": [{"name": "a"}], "fields": {"x": "y"}}
    error = guest.step("classify_text_with", input=input_)["error"]
    assert error["code"] == "invalid_input" and "not both" in error["message"]


def test_generate_embedding(guest: Guest) -> None:
    answer = guest.step("generate_embedding", texts=["a cat on a mat", "a kitten on a rug", "stock prices fell"])["ok"]
    assert (answer["count"], answer["dimension"], answer["model"], answer["backend"]) == (
        3,
        384,
        "all-MiniLM-L6-v2-int8",
        "embedded",
    )
    assert all(abs(norm - 1.0) < 1e-5 for norm in answer["norms"])
    cat, kitten, stocks = answer["embeddings"]

    def dot(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert dot(cat, kitten) > dot(cat, stocks)


def test_generate_embedding_needs_a_text(guest: Guest) -> None:
    error = guest.step("generate_embedding", texts=[])["error"]
    assert error["code"] == "invalid_input"


def test_ai_calls_need_the_permission(host: Host, e2e_wasm: Path, make_extension: MakeExtension) -> None:
    permissions = {"methods": ["ai.ocr"], "libraries": ["*"]}
    guest = Guest(host.load_extension(make_extension(e2e_wasm, ext_id="e2e-ai", permissions=permissions)))
    assert guest.step("classify_text", text="x", prompt="y")["error"]["code"] == "permission_denied"
    assert guest.step("generate_embedding", texts=["x"])["error"]["code"] == "permission_denied"
    assert "ok" in guest.step("ocr", data=b64(make_pdf([TextPage(["allowed"])])))


def test_llm_backend_failures_reach_the_guest(tmp_path: Path, e2e_wasm: Path, make_extension: MakeExtension) -> None:
    with StandIn(delay_s=2.0) as standin:
        config = AiConfig(
            backend="openai", base_url=standin.base_url, chat_model="fail-500", embedding_model="slow", timeout_s=0.5
        )
        with Host(tmp_path / "data", HostConfig(ai=config)) as host:
            extension = make_extension(e2e_wasm, ext_id="e2e-ai", permissions=AI_PERMISSIONS)
            guest = Guest(host.load_extension(extension))
            upstream = guest.step("classify_text", text="x", prompt="y")["error"]
            timeout = guest.step("generate_embedding", texts=["x"])["error"]
    assert (upstream["code"], upstream["variant"]) == ("upstream_error", "Some(UpstreamError)")
    assert (timeout["code"], timeout["variant"]) == ("timeout", "Some(Timeout)")
