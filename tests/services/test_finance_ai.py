"""The Finance example extension on the seed's flow: email -> entry, email sidecar, OCR of
the attached receipt, `classify_text` extraction -> receipt.json and metadata."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacedrive_codegen import toolchain
from spacedrive_host.app.host import Host
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.store.library import Library
from support.finance import finance_extension_dir

ROOT = Path(__file__).resolve().parents[2]
FINANCE = ROOT / "extensions" / "finance"
SAMPLE = FINANCE / "samples" / "receipt.eml"

pytestmark = pytest.mark.guests


@pytest.fixture(scope="session")
def finance_dir(tmp_path_factory: pytest.TempPathFactory, wasm_toolchain: toolchain.WasmToolchain) -> Path:
    """A copy of the extension directory with a freshly built finance.wasm."""
    return finance_extension_dir(tmp_path_factory.mktemp("finance"), wasm_toolchain)


@pytest.fixture
def loaded(tmp_path: Path, finance_dir: Path) -> Iterator[tuple[Host, Library, Extension]]:
    with Host(tmp_path / "data") as host:
        yield host, host.create_library("Test"), host.load_extension(finance_dir)


def process(extension: Extension, library: Library, email: str) -> dict[str, Any]:
    request = {"library_id": str(library.id), "email": email}
    answer: dict[str, Any] = json.loads(extension.call_json("process_email", json.dumps(request).encode()))
    assert "ok" in answer, answer
    result: dict[str, Any] = answer["ok"]
    return result


def sidecar(host: Host, library: Library, entry_id: str, name: str) -> bytes:
    answer = host.call("query:vdfs.read_sidecar.v1", {"entry_id": entry_id, "filename": name}, library.id)
    assert "ok" in answer, answer
    return base64.b64decode(answer["ok"]["data"])


def test_sample_receipt_is_read_from_its_scanned_attachment(loaded: tuple[Host, Library, Extension]) -> None:
    host, library, extension = loaded
    email = SAMPLE.read_text(encoding="utf-8")
    result = process(extension, library, email)
    entry_id = result["entry_id"]
    record = library.get_entry(uuid.UUID(entry_id))
    assert {k: record.metadata[k] for k in ("source", "merchant", "date", "total", "currency", "needs_review")} == {
        "needs_review": False,
        "source": "email",
        "merchant": "STARBUCKS",
        "date": "2026-03-03",
        "total": 7.75,
        "currency": "USD",
    }
    receipt = json.loads(sidecar(host, library, entry_id, "receipt.json"))
    assert receipt["ocr"]["attachment"] == "receipt.pdf"
    assert receipt["ocr"]["pages"] == [{"page": 1, "source": "ocr"}]  # a scan: no text layer
    assert "TOTAL 7.75 USD" in sidecar(host, library, entry_id, "ocr.txt").decode()
    assert sidecar(host, library, entry_id, "receipt.pdf").startswith(b"%PDF-")
    assert sidecar(host, library, entry_id, "email.eml").decode() == email
    assert result["receipt"] == receipt


def test_email_without_attachment_is_read_from_its_text(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    email = (
        "From: Blue Bottle <receipts@bluebottle.example>\nSubject: Receipt\n\n"
        "Thanks for visiting Blue Bottle Coffee!\nMarch 3, 2026\nLatte 5.50\nTotal 58,20 EUR\n"
    )
    result = process(extension, library, email)
    assert result["receipt"]["ocr"] is None
    record = library.get_entry(uuid.UUID(result["entry_id"]))
    assert record.name == "Receipt: Blue Bottle Coffee"  # named after the extracted merchant
    assert {k: record.metadata[k] for k in ("merchant", "date", "total", "currency")} == {
        "merchant": "Blue Bottle Coffee",
        "date": "2026-03-03",
        "total": 58.2,
        "currency": "EUR",
    }


def test_unreadable_attachment_falls_back_to_the_email_text(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    garbage = base64.b64encode(b"not an image at all").decode()
    email = (
        "From: shop@corner.example\nContent-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\n"
        "Corner Shop\nTOTAL 3.20 GBP\n--XX\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n"
        f"{garbage}\n--XX--\n"
    )
    result = process(extension, library, email)
    assert result["receipt"]["ocr"] is None
    assert (result["receipt"]["total"], result["receipt"]["currency"]) == (3.2, "GBP")
