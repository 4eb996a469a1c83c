"""The Finance extension on real mail: MIME shapes read with mail-parser (HTML-only,
quoted-printable Latin-1, inline logos, forwarded messages, several attachments), the
`finance.*` errors that store nothing, partial receipts marked for review, idempotency by
Message-ID, the host's `mailbox_import` job (progress, cancel, resume, a rerun stores
nothing) feeding the extension through `entry.created`, and the spending summary."""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import mailbox
import threading
import uuid
import zipfile
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from spacedrive_codegen import toolchain
from spacedrive_host.api.jobs import BUILTIN_JOB_TYPES, mailbox_import
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import CredentialsConfig, HostConfig, HttpConfig, JobsConfig, VdfsConfig
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.runtime.extension_operations import models_by_export
from spacedrive_host.services.jobs import JobContext, JobType
from spacedrive_host.store.library import Library
from spacedrive_wire.models import MailboxImportParams, MailboxImportResult
from support.data_helpers import wait_for, wait_job
from support.finance import finance_extension_dir
from support.netservers import Handler, Reply, Seen, TestCA, serving

ROOT = Path(__file__).resolve().parents[2]
FINANCE = ROOT / "extensions" / "finance"
RECEIPT = "FinancialDocument"


def _load_samples() -> ModuleType:
    spec = importlib.util.spec_from_file_location("finance_samples", FINANCE / "samples" / "receipts_mailbox.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


samples = _load_samples()


@pytest.fixture(scope="module")
def finance_wasm_dir(tmp_path_factory: pytest.TempPathFactory, wasm_toolchain: toolchain.WasmToolchain) -> Path:
    return finance_extension_dir(tmp_path_factory.mktemp("finance-ext"), wasm_toolchain)


@pytest.fixture
def loaded(tmp_path: Path, finance_wasm_dir: Path) -> Iterator[tuple[Host, Library, Extension]]:
    with Host(tmp_path / "data", HostConfig(jobs=JobsConfig(progress_interval=0.0))) as host:
        yield host, host.create_library("Test"), host.load_extension(finance_wasm_dir)


OPERATIONS = models_by_export(FINANCE, "finance")
"""The schemas of the exports (extensions/finance/operations/, docs/extension-operations.md)."""


def call(extension: Extension, export: str, **request: Any) -> dict[str, Any]:
    """Call an export; every `ok` answer must match the output schema its operation declares."""
    answer: dict[str, Any] = json.loads(extension.call_json(export, json.dumps(request, default=str).encode()))
    if "ok" in answer and export in OPERATIONS:
        OPERATIONS[export][1].model_validate(answer["ok"])
    return answer


def process(extension: Extension, library: Library, email: str | EmailMessage) -> dict[str, Any]:
    return call(extension, "process_email", library_id=library.id, email=str(email))


def processed(extension: Extension, library: Library, email: str | EmailMessage) -> dict[str, Any]:
    answer = process(extension, library, email)
    assert "ok" in answer, answer
    result: dict[str, Any] = answer["ok"]
    return result


def finance_code(answer: dict[str, Any]) -> str:
    assert "error" in answer, answer
    assert answer["error"]["code"] == "invalid_input"  # the wire code stays in the closed set
    code: str = answer["error"]["details"]["code"]
    return code


def receipts(library: Library) -> list[Any]:
    return library.list_entries(entry_type=RECEIPT, limit=1000)


def by_label(label: str) -> EmailMessage:
    mail: EmailMessage = dict(samples.mails())[label]
    return mail


# -- bad input: its own error, nothing stored ------------------------------------------------


def test_mail_without_receipt_is_no_receipt_and_stores_nothing(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    email = "From: Shop <receipts@shop.example>\nSubject: Receipt\nMessage-ID: <a1@shop>\n\nYour receipt is attached.\n"
    answer = process(extension, library, email)
    assert finance_code(answer) == "finance.no_receipt"
    assert receipts(library) == []
    assert library.list_entries(limit=1000) == []


def test_corrupt_pdf_is_unreadable_attachment_and_stores_nothing(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    answer = process(extension, library, by_label("malformed: corrupt PDF"))
    assert finance_code(answer) == "finance.unreadable_attachment"
    tried = answer["error"]["details"]["tried"]
    assert tried == [{"filename": "receipt.pdf", "result": "unreadable", "error": "invalid_input"}]
    assert library.list_entries(limit=1000) == []


@pytest.mark.parametrize(
    "email",
    [
        "",
        "   \n",
        "From: a@b.example\nSubject: nothing\nMessage-ID: <e@b>\n\n",
        "From: a@b.example\nSubject: x\n\n \n\n",
    ],
    ids=["empty", "blank", "headers only", "blank body"],
)
def test_empty_mail_is_empty_mail_and_stores_nothing(loaded: tuple[Host, Library, Extension], email: str) -> None:
    _, library, extension = loaded
    assert finance_code(process(extension, library, email)) == "finance.empty_mail"
    assert library.list_entries(limit=1000) == []


def test_unreadable_attachment_with_a_receipt_in_the_text_uses_the_text(
    loaded: tuple[Host, Library, Extension],
) -> None:
    _, library, extension = loaded
    mail = by_label("malformed: corrupt PDF")
    mail.replace_header("Message-ID", "<corrupt-but-text@shop>")
    body = mail.get_body(("plain",))
    assert isinstance(body, EmailMessage)
    body.set_content("Corner Shop\nDate: 2026-03-14\nTOTAL 3.20 GBP\n")
    result = processed(extension, library, mail)
    assert result["receipt"]["ocr"] is None
    assert result["receipt"]["source"]["tried"][0]["result"] == "unreadable"
    assert (result["receipt"]["total"], result["receipt"]["currency"]) == (3.2, "GBP")


# -- MIME shapes -----------------------------------------------------------------------------


def test_html_only_mail_is_read_as_text_with_line_breaks(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    receipt = processed(extension, library, by_label("HTML only"))["receipt"]
    assert receipt["text"].splitlines()[:2] == ["CityCab", "Thanks for riding with CityCab."]
    assert {k: receipt[k] for k in ("merchant", "date", "total", "currency")} == {
        "merchant": "CityCab",
        "date": "2026-03-10",
        "total": 18.9,
        "currency": "EUR",
    }


def test_quoted_printable_latin1_mail_is_decoded(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    mail = by_label("quoted-printable Latin-1")
    assert "=E4" in str(mail)  # really quoted-printable Latin-1 on the wire
    receipt = processed(extension, library, mail)["receipt"]
    assert "Bäckerei Müller" in receipt["text"] and "Käsekuchen" in receipt["text"]
    assert (receipt["merchant"], receipt["total"], receipt["currency"]) == ("Bäckerei Müller", 12.4, "EUR")


def test_8bit_latin1_mail_is_given_as_bytes(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    raw = (
        "From: Caf\xe9 <caisse@cafe.example>\r\nSubject: Ticket\r\nMessage-ID: <8bit@cafe>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "Caf\xe9 de la Gare\r\nDate: 12.03.2026\r\nCr\xe8me br\xfbl\xe9e 6,50\r\nTotal 6,50 EUR\r\n"
    ).encode("latin-1")
    answer = call(extension, "process_email", library_id=library.id, email_base64=base64.b64encode(raw).decode())
    assert "ok" in answer, answer
    receipt = answer["ok"]["receipt"]
    assert "Crème brûlée" in receipt["text"]
    assert (receipt["merchant"], receipt["total"], receipt["currency"]) == ("Café de la Gare", 6.5, "EUR")
    both = call(extension, "process_email", library_id=library.id, email="x", email_base64="eA==")
    assert both["error"]["code"] == "invalid_input"


def test_inline_logo_in_multipart_related_is_not_the_receipt(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    result = processed(extension, library, by_label("HTML + inline logo"))
    receipt = result["receipt"]
    assert receipt["ocr"] is None  # the logo was not OCR'd
    assert receipt["source"]["skipped"][0]["filename"] == "logo.png"
    assert "cid" in receipt["source"]["skipped"][0]["reason"]
    assert (receipt["merchant"], receipt["total"], receipt["currency"]) == ("Page & Co Books", 31.5, "GBP")
    names = {s.filename for s in library.list_sidecars(uuid.UUID(result["entry_id"]))}
    assert names == {"email.eml", "receipt.json"}


def test_large_inline_image_referenced_by_cid_is_skipped_too(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    mail = by_label("HTML + inline logo")
    mail.replace_header("Message-ID", "<big-banner@pageandco>")
    banner = samples.photo(["PAGE & CO BOOKS", "SPRING SALE", "UP TO 50% OFF"])
    assert len(banner) > 4096
    mail.add_related(banner, maintype="image", subtype="png", cid="<banner@pageandco>", disposition="inline")
    receipt = processed(extension, library, mail)["receipt"]
    assert receipt["ocr"] is None
    assert [s["filename"] for s in receipt["source"]["skipped"]] == ["logo.png", "attachment"]


def test_forwarded_message_is_read_with_the_shop_as_merchant(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    receipt = processed(extension, library, by_label("forwarded (message/rfc822)"))["receipt"]
    assert receipt["sender"] == "Hotel Alpina"
    assert (receipt["merchant"], receipt["date"], receipt["total"], receipt["currency"]) == (
        "Hotel Alpina",
        "2026-02-02",
        420.0,
        "CHF",
    )


def test_of_several_attachments_the_one_with_an_amount_is_the_receipt(
    loaded: tuple[Host, Library, Extension],
) -> None:
    _, library, extension = loaded
    result = processed(extension, library, by_label("text PDF + terms PDF"))
    receipt = result["receipt"]
    assert receipt["ocr"]["attachment"] == "invoice.pdf"
    assert receipt["ocr"]["pages"] == [{"page": 1, "source": "text_layer"}]
    assert receipt["source"]["tried"] == [
        {"filename": "terms.pdf", "result": "no amount"},
        {"filename": "invoice.pdf", "result": "receipt"},
    ]
    assert (receipt["merchant"], receipt["total"], receipt["currency"]) == ("NORDIC ELECTRONICS", 249.0, "EUR")
    names = {s.filename for s in library.list_sidecars(uuid.UUID(result["entry_id"]))}
    assert names == {"email.eml", "invoice.pdf", "ocr.txt", "receipt.json"}


def test_png_photo_attachment_is_ocrd(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    receipt = processed(extension, library, by_label("PNG photo"))["receipt"]
    assert receipt["ocr"]["media_type"] == "image/png"
    assert (receipt["merchant"], receipt["total"], receipt["currency"]) == ("FRESHMART", 23.47, "GBP")
    assert 0 < receipt["confidence"]["total"] <= 1


# -- partial receipts ------------------------------------------------------------------------


def test_partial_receipt_is_stored_for_review_without_silent_nulls(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    result = processed(extension, library, by_label("partial (no date, no currency)"))
    receipt = result["receipt"]
    assert receipt["needs_review"] is True
    assert receipt["missing_fields"] == ["date", "currency"]
    assert receipt["confidence"] == expected_confidence(receipt, fallback=1.0)  # 1.0: the mail's own text
    assert receipt["confidence"]["date"] == 0.0 and receipt["confidence"]["currency"] == 0.0
    metadata = library.get_entry(uuid.UUID(result["entry_id"])).metadata
    assert metadata["needs_review"] is True
    assert metadata["missing_fields"] == ["date", "currency"]
    assert None not in metadata.values()
    assert "date" not in metadata and "currency" not in metadata
    assert metadata["total"] == 15.0


def expected_confidence(receipt: dict[str, Any], fallback: float) -> dict[str, float]:
    """The extractor's own per-field confidence where it gives one (the typed `receipt` of
    `ai.classify_text`), else `fallback`; 0 for a missing field, 0.5 for a merchant taken
    from the sender."""
    given = receipt["extracted"].get("confidence") or {}
    expected = {}
    for name in ("merchant", "date", "total", "currency"):
        if receipt["field_sources"].get(name) == "sender":
            expected[name] = 0.5
        elif name in receipt["fields"]:
            expected[name] = given.get(name, fallback)
        else:
            expected[name] = 0.0
    return expected


def test_fields_read_from_a_scan_carry_a_confidence(loaded: tuple[Host, Library, Extension]) -> None:
    """Without per-field confidence from the extractor, fields read from OCR text get the OCR's."""
    _, library, extension = loaded
    receipt = processed(extension, library, by_label("scanned PDF"))["receipt"]
    assert receipt["confidence"] == expected_confidence(receipt, fallback=receipt["ocr"]["confidence"])
    assert receipt["field_sources"]["total"] == "extracted"
    low = any(score < 0.5 for score in receipt["confidence"].values())
    assert receipt["needs_review"] is (low or receipt["extracted"].get("needs_review") is True)


def test_a_store_that_fails_midway_marks_the_entry_incomplete(tmp_path: Path, finance_wasm_dir: Path) -> None:
    """The entry exists once the sidecars are written: a write refused (here: over the host's
    sidecar limit) leaves it marked `incomplete` and `needs_review`, never looking whole."""
    config = HostConfig(vdfs=VdfsConfig(max_sidecar_bytes=8192))
    with Host(tmp_path / "data", config) as host:
        library = host.create_library("Small")
        extension = host.load_extension(finance_wasm_dir)
        answer = process(extension, library, by_label("PNG photo"))
        assert answer["error"]["code"] == "sidecar_too_large", answer
        (entry,) = receipts(library)
        assert entry.metadata["needs_review"] is True
        assert "sidecar_too_large" in entry.metadata["incomplete"]


# -- idempotency -----------------------------------------------------------------------------


def test_the_same_message_twice_stores_one_receipt(loaded: tuple[Host, Library, Extension]) -> None:
    _, library, extension = loaded
    mail = by_label("multipart/alternative")
    first = processed(extension, library, mail)
    second = processed(extension, library, mail)
    assert (first["duplicate"], second["duplicate"]) == (False, True)
    assert second["entry_id"] == first["entry_id"]
    assert len(receipts(library)) == 1
    entry = receipts(library)[0]
    assert entry.path == "receipts/alternative.2026@samples.finance.example"
    assert entry.metadata["message_key"] == "alternative.2026@samples.finance.example"


def test_message_keys_agree_between_the_job_and_the_extension() -> None:
    assert mailbox_import.message_key("<abc/def@x.example>", b"") == "abc_def@x.example"
    assert mailbox_import.message_key(None, b"raw") == f"fnv-{mailbox_import.fnv1a64(b'raw'):016x}"
    assert mailbox_import.fnv1a64(b"") == 0xCBF29CE484222325
    assert mailbox_import.fnv1a64(b"a") == 0xAF63DC4C8601EC8C  # the FNV-1a 64 test vector
    long = mailbox_import.message_key("<" + "x" * 200 + "@y>", b"")
    assert len(long) == 157 and long.startswith("x" * 140 + "-")


# -- the mailbox import job ------------------------------------------------------------------


def store_mailbox(host: Host, library: Library, mbox: Path) -> str:
    created = host.call(
        "action:vdfs.create_entry.input.v1",
        {"name": "box", "path": "imports/box.mbox", "entry_type": "Mailbox"},
        library.id,
    )
    entry_id: str = created["ok"]["entry_id"]
    data = base64.b64encode(mbox.read_bytes()).decode()
    written = host.call(
        "action:vdfs.write_sidecar.input.v1",
        {"entry_id": entry_id, "filename": "mailbox.mbox", "data": data, "format": "binary"},
        library.id,
    )
    assert "ok" in written, written
    return entry_id


def dispatch_import(host: Host, library: Library, entry_id: str) -> str:
    answer = host.call(
        "action:jobs.dispatch.input.v1", {"job_type": "mailbox_import", "params": {"entry_id": entry_id}}, library.id
    )
    assert "ok" in answer, answer
    job_id: str = answer["ok"]["job_id"]
    return job_id


def test_import_of_the_sample_mailbox_twice_stores_nothing_new(
    loaded: tuple[Host, Library, Extension], tmp_path: Path
) -> None:
    host, library, extension = loaded
    samples.write_mbox(tmp_path / "demo.mbox")
    box = store_mailbox(host, library, tmp_path / "demo.mbox")

    started = call(extension, "import_mailbox", library_id=library.id, entry_id=box)
    job = wait_job(host, library.id, started["ok"]["job_id"])
    assert job["state"] == "completed", job
    assert job["result"] == {"messages": 10, "imported": 10, "skipped": 0, "failures": 0, "failed": []}
    assert job["progress"]["done"] == job["progress"]["total"] == 10
    assert host.events.wait_idle(timeout=300)
    emails = library.list_entries(entry_type="Email", limit=1000)
    assert len(emails) == 10
    status = {e.name: e.metadata.get("finance_status") for e in emails}
    assert status == {e.name: "error" if e.name == "Receipt" else "receipt" for e in emails}
    (bad,) = [e for e in emails if e.name == "Receipt"]
    assert bad.metadata["finance_error"]["code"] == "finance.unreadable_attachment"
    stored = receipts(library)
    assert len(stored) == 9
    assert all(r.metadata["email_entry_id"] for r in stored)

    second = wait_job(host, library.id, dispatch_import(host, library, box))
    assert second["result"]["imported"] == 0 and second["result"]["skipped"] == 10
    assert host.events.wait_idle(timeout=60)
    assert len(library.list_entries(entry_type="Email", limit=1000)) == 10
    assert len(receipts(library)) == 9

    summary = call(extension, "summary", library_id=library.id)["ok"]
    assert summary["receipts"] == 9 and summary["not_counted"] == 1
    assert summary["needs_review"] == sum(r.metadata["needs_review"] for r in stored) >= 1
    by_currency = {r["currency"]: (r["total"], r["count"]) for r in summary["by_currency"]}
    assert by_currency == {"CHF": (420.0, 1), "EUR": (280.3, 3), "GBP": (54.97, 2), "USD": (20.74, 2)}
    by_month = {(r["month"], r["currency"]): r["total"] for r in summary["by_month"]}
    assert by_month[("2026-02", "GBP")] == 54.97 and by_month[("2026-03", "EUR")] == 31.3
    assert sum(r["count"] for r in summary["rows"]) == 8


class ImportGate:
    """`mailbox_import` that stops after `after` messages until released (to cancel it there)."""

    def __init__(self, after: int) -> None:
        self.after = after
        self.reached = threading.Event()
        self.release = threading.Event()
        self.job_type = JobType("mailbox_import_gated", "gated import", MailboxImportParams, self._run)

    def _run(self, ctx: JobContext, params: MailboxImportParams) -> MailboxImportResult:
        def report(done: int, total: int | None, message: str | None) -> None:
            ctx.progress(done, total, message)
            if done == self.after:
                self.reached.set()
                self.release.wait(20)

        def stop_reason() -> None:
            ctx.checkpoint()  # raises when the real job was cancelled

        gated = JobContext(ctx.job_id, ctx.library, ctx.services, report, stop_reason, threading.Event())
        return mailbox_import.run(gated, params)


def write_plain_mbox(path: Path, count: int) -> None:
    box = mailbox.mbox(path)
    for i in range(count):
        mail = EmailMessage()
        mail["From"] = "shop@example.org"
        mail["Subject"] = f"Receipt {i}"
        mail["Message-ID"] = f"<m{i}@example.org>"
        mail.set_content(f"Shop {i}\nTOTAL {i}.50 EUR\n")
        box.add(mail)
    box.close()


def test_import_cancelled_midway_resumes_without_duplicates(tmp_path: Path) -> None:
    gate = ImportGate(after=3)
    config = HostConfig(jobs=JobsConfig(progress_interval=0.0))
    with Host(tmp_path / "data", config, job_types={**BUILTIN_JOB_TYPES, gate.job_type.name: gate.job_type}) as host:
        library = host.create_library("Import")
        write_plain_mbox(tmp_path / "box.mbox", 8)
        box = store_mailbox(host, library, tmp_path / "box.mbox")
        answer = host.call(
            "action:jobs.dispatch.input.v1", {"job_type": gate.job_type.name, "params": {"entry_id": box}}, library.id
        )
        job_id = answer["ok"]["job_id"]
        assert gate.reached.wait(20)
        cancelled = host.call("action:jobs.cancel.input.v1", {"job_id": job_id}, library.id)
        assert cancelled["ok"]["job"]["state"] == "cancelling"
        gate.release.set()
        job = wait_job(host, library.id, job_id)
        assert job["state"] == "cancelled"
        assert (job["progress"]["done"], job["progress"]["total"]) == (3, 8)
        assert len(library.list_entries(entry_type="Email")) == 3

        resumed = wait_job(host, library.id, dispatch_import(host, library, box))
        assert resumed["result"] == {"messages": 8, "imported": 5, "skipped": 3, "failures": 0, "failed": []}
        emails = library.list_entries(entry_type="Email")
        assert sorted(e.metadata["message_key"] for e in emails) == sorted(f"m{i}@example.org" for i in range(8))
        assert all(e.metadata["message_id"] == f"<{e.metadata['message_key']}>" for e in emails)


def test_import_completes_an_entry_left_without_its_sidecar(tmp_path: Path) -> None:
    with Host(tmp_path / "data", HostConfig(jobs=JobsConfig(progress_interval=0.0))) as host:
        library = host.create_library("Import")
        write_plain_mbox(tmp_path / "box.mbox", 2)
        box = store_mailbox(host, library, tmp_path / "box.mbox")
        half = library.create_entry("Receipt 0", "mail/m0@example.org.eml", "Email", {})
        result = wait_job(host, library.id, dispatch_import(host, library, box))["result"]
        assert (result["imported"], result["skipped"]) == (2, 0)
        assert [s.filename for s in library.list_sidecars(half.entry_id)] == ["email.eml"]
        assert len(library.list_entries(entry_type="Email")) == 2


def test_zipped_folder_of_eml_and_maildir_are_imported(tmp_path: Path) -> None:
    """A zip of `.eml` files or of a Maildir (`cur/`, `new/`) is read like an mbox; other
    members are ignored and a member too large to store is a failure, not a crash."""
    mails = [bytes(mail) for _, mail in samples.mails()[:3]]
    archive = tmp_path / "mail.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("export/a.eml", mails[0])
        zipped.writestr("Maildir/cur/1700000000.M1P2.host:2,S", mails[1])
        zipped.writestr("Maildir/new/1700000001.M2P3.host", mails[2])
        zipped.writestr("Maildir/tmp/ignored", mails[2])
        zipped.writestr("README.txt", b"not mail")
        zipped.writestr("big.eml", b"x" * 9000)
    config = HostConfig(jobs=JobsConfig(progress_interval=0.0), vdfs=VdfsConfig(max_sidecar_bytes=64 * 1024))
    with Host(tmp_path / "data", config) as host:
        library = host.create_library("Import")
        entry = library.create_entry("mail.zip", "imports/mail.zip", "Mailbox", {})
        library.write_sidecar(entry.entry_id, "mail.zip", archive.read_bytes(), "binary")
        answer = host.call(
            "action:jobs.dispatch.input.v1",
            {"job_type": "mailbox_import", "params": {"entry_id": str(entry.entry_id), "source": "mail.zip"}},
            library.id,
        )
        result = wait_job(host, library.id, answer["ok"]["job_id"])["result"]
        assert (result["messages"], result["imported"], result["failures"]) == (4, 4, 0)
        keys = {e.metadata["message_key"] for e in library.list_entries(entry_type="Email")}
        assert {f"{i}.2026@samples.finance.example" for i in ("scanned-pdf", "text-pdf", "png-photo")} < keys

        small = HostConfig(vdfs=VdfsConfig(max_sidecar_bytes=8192))
    with Host(tmp_path / "data2", small) as host:
        library = host.create_library("Small")
        entry = library.create_entry("mail.zip", "imports/mail.zip", "Mailbox", {})
        library.write_sidecar(entry.entry_id, "mail.zip", archive.read_bytes(), "binary")
        answer = host.call(
            "action:jobs.dispatch.input.v1",
            {"job_type": "mailbox_import", "params": {"entry_id": str(entry.entry_id), "source": "mail.zip"}},
            library.id,
        )
        result = wait_job(host, library.id, answer["ok"]["job_id"])["result"]
        too_large = sum(len(m) > 8192 for m in mails) + 1  # + big.eml
        assert (result["messages"], result["failures"], result["imported"]) == (4, too_large, 4 - too_large)
        assert {f["code"] for f in result["failed"]} == {"sidecar_too_large"}
        assert "big.eml" in {f["message_key"] for f in result["failed"]}


def test_import_of_a_broken_archive_fails_with_invalid_input(tmp_path: Path) -> None:
    with Host(tmp_path / "data") as host:
        library = host.create_library("Import")
        entry = library.create_entry("mail.zip", "imports/mail.zip", "Mailbox", {})
        library.write_sidecar(entry.entry_id, "mailbox.mbox", b"PK\x03\x04 not really a zip", "binary")
        job = wait_job(host, library.id, dispatch_import(host, library, str(entry.entry_id)))
        assert job["state"] == "failed" and job["error"]["code"] == "invalid_input"


def test_a_damaged_archive_member_is_a_failure_and_the_rest_is_imported(tmp_path: Path) -> None:
    mails = [bytes(mail) for _, mail in samples.mails()[3:5]]  # HTML only, quoted-printable
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zipped:
        zipped.writestr("a.eml", mails[0])
        zipped.writestr("b.eml", mails[1])
    data = bytearray(buffer.getvalue())
    at = data.index(b"CityCab")
    data[at] ^= 0x20  # a.eml no longer matches its CRC
    with Host(tmp_path / "data", HostConfig(jobs=JobsConfig(progress_interval=0.0))) as host:
        library = host.create_library("Import")
        entry = library.create_entry("mail.zip", "imports/mail.zip", "Mailbox", {})
        library.write_sidecar(entry.entry_id, "mailbox.mbox", bytes(data), "binary")
        job = wait_job(host, library.id, dispatch_import(host, library, str(entry.entry_id)))
        assert job["state"] == "completed"
        assert (job["result"]["imported"], job["result"]["failures"]) == (1, 1)
        assert job["result"]["failed"][0]["code"] == "invalid_input"
        (imported,) = library.list_entries(entry_type="Email")
        assert imported.metadata["message_key"] == "quoted-printable.2026@samples.finance.example"


def test_import_of_a_missing_sidecar_fails_with_not_found(tmp_path: Path) -> None:
    with Host(tmp_path / "data") as host:
        library = host.create_library("Import")
        entry = library.create_entry("box", "imports/box", "Mailbox", {})
        job = wait_job(host, library.id, dispatch_import(host, library, str(entry.entry_id)))
        assert job["state"] == "failed" and job["error"]["code"] == "not_found"


def test_new_eml_entries_are_processed_on_entry_created(loaded: tuple[Host, Library, Extension]) -> None:
    """An Email entry made by the import is read through the extension's event callback."""
    host, library, _ = loaded
    path = library.path / "one.mbox"
    write_plain_mbox(path, 1)
    box = store_mailbox(host, library, path)
    wait_job(host, library.id, dispatch_import(host, library, box))
    assert host.events.wait_idle(timeout=120)
    (email,) = library.list_entries(entry_type="Email")
    receipt_id = wait_for(lambda: library.get_entry(email.entry_id).metadata.get("receipt_entry_id"), "the receipt")
    receipt = library.get_entry(uuid.UUID(receipt_id))
    assert receipt.metadata["total"] == 0.5 and receipt.metadata["email_entry_id"] == str(email.entry_id)


def test_email_entry_whose_mail_arrives_after_it_is_read_on_sidecar_written(
    loaded: tuple[Host, Library, Extension],
) -> None:
    """A client that creates the entry first and writes the mail second: `entry.created` finds
    no mail yet and leaves it; `sidecar.written` reads it, once."""
    host, library, _ = loaded
    created = host.call(
        "action:vdfs.create_entry.input.v1",
        {"name": "ride", "path": "inbox/ride.eml", "entry_type": "Email"},
        library.id,
    )
    entry_id = created["ok"]["entry_id"]
    assert host.events.wait_idle(timeout=60)
    assert "finance_status" not in library.get_entry(uuid.UUID(entry_id)).metadata
    mail = base64.b64encode(bytes(by_label("HTML only"))).decode()
    written = host.call(
        "action:vdfs.write_sidecar.input.v1",
        {"entry_id": entry_id, "filename": "email.eml", "data": mail, "format": "binary"},
        library.id,
    )
    assert "ok" in written, written
    assert host.events.wait_idle(timeout=120)
    assert library.get_entry(uuid.UUID(entry_id)).metadata["finance_status"] == "receipt"
    (receipt,) = receipts(library)
    assert receipt.metadata["merchant"] == "CityCab"


# -- Gmail through http.request with an OAuth2 credential -------------------------------------

GMAIL = "gmail.googleapis.com"
OAUTH = "oauth2.googleapis.com"
CLIENT_ID, CLIENT_SECRET, REFRESH = "finance-client", "client-S3CR3T", "refresh-S3CR3T"


class FakeGmail:
    """The Gmail API's documented shapes on loopback: `users.messages.list` (q, maxResults,
    pageToken -> messages [{id, threadId}], nextPageToken) and `users.messages.get` with
    `format=raw` (raw = base64url RFC 5322), accepting only the latest token its OAuth2 token
    endpoint (refresh_token grant, client Basic auth) issued."""

    def __init__(self, messages: dict[str, bytes]) -> None:
        self.messages = messages
        self.issued: list[str] = []
        self.lock = threading.Lock()

    def routes(self) -> dict[str, Any]:
        routes: dict[str, Any] = {"/token": self.token, "/gmail/v1/users/me/messages": self.list}
        for gmail_id in self.messages:
            routes[f"/gmail/v1/users/me/messages/{gmail_id}"] = self.get
        return routes

    def token(self, handler: Handler, seen: Seen) -> Reply:
        form = parse_qs(seen.body.decode())
        basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if seen.headers.get("authorization") != f"Basic {basic}" or form.get("refresh_token") != [REFRESH]:
            return Reply(400, b'{"error": "invalid_grant"}', [("Content-Type", "application/json")])
        with self.lock:
            self.issued.append(f"access-{len(self.issued) + 1}")
            body = {"access_token": self.issued[-1], "token_type": "Bearer", "expires_in": 3599}
        return Reply(200, json.dumps(body).encode(), [("Content-Type", "application/json")])

    def _authorised(self, seen: Seen) -> bool:
        with self.lock:
            return bool(self.issued) and seen.headers.get("authorization") == f"Bearer {self.issued[-1]}"

    def list(self, handler: Handler, seen: Seen) -> Reply:
        if not self._authorised(seen):
            return Reply(401, b'{"error": {"code": 401, "status": "UNAUTHENTICATED"}}')
        query = parse_qs(urlsplit(seen.path).query)
        ids = list(self.messages)
        size = int(query.get("maxResults", ["100"])[0])
        start = int(query.get("pageToken", ["0"])[0])
        page: dict[str, Any] = {
            "messages": [{"id": i, "threadId": f"t-{i}"} for i in ids[start : start + size]],
            "resultSizeEstimate": len(ids),
        }
        if start + size < len(ids):
            page["nextPageToken"] = str(start + size)
        return Reply(200, json.dumps(page).encode(), [("Content-Type", "application/json")])

    def get(self, handler: Handler, seen: Seen) -> Reply:
        if not self._authorised(seen):
            return Reply(401, b"{}")
        split = urlsplit(seen.path)
        if parse_qs(split.query).get("format") != ["raw"]:
            return Reply(400, b'{"error": "format"}')
        gmail_id = split.path.rsplit("/", 1)[1]
        raw = base64.urlsafe_b64encode(self.messages[gmail_id]).decode().rstrip("=")
        body = {"id": gmail_id, "threadId": f"t-{gmail_id}", "raw": raw}
        return Reply(200, json.dumps(body).encode(), [("Content-Type", "application/json")])


def test_gmail_fetch_pages_refreshes_the_token_and_stores_nothing_twice(tmp_path: Path, finance_wasm_dir: Path) -> None:
    ca_dir = tmp_path / "ca"
    ca_dir.mkdir()
    ca = TestCA(ca_dir)
    html, alternative = bytes(by_label("HTML only")), bytes(by_label("multipart/alternative"))
    messages = {
        "18c1": html,
        "18c2": alternative,
        "18c3": b"From: shop@x.example\r\nSubject: Receipt\r\nMessage-ID: <n@x>\r\n\r\nYour receipt is attached.\r\n",
        "18c4": html,  # the same message again (a copy in another label): stored once
    }
    fake = FakeGmail(messages)
    config = HostConfig(
        http=HttpConfig(
            allow_networks=("127.0.0.1/32",),
            hosts={GMAIL: ("127.0.0.1",), OAUTH: ("127.0.0.1",)},
            ca_file=str(ca.ca_file),
        ),
        credentials=CredentialsConfig(key_source="file"),
    )
    with (
        serving(fake.routes(), tls=ca.server_context([GMAIL, OAUTH])) as server,
        Host(tmp_path / "data", config) as host,
    ):
        library = host.create_library("Mail")
        extension = host.load_extension(finance_wasm_dir)
        connected = call(
            extension,
            "connect_gmail",
            access_token="stale-token",
            refresh_token=REFRESH,
            expires_in=3600,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            token_endpoint=server.url(OAUTH, "/token", scheme="https"),
        )
        assert connected == {"ok": {"credential_id": "gmail", "refreshable": True}}
        api = f"https://{GMAIL}:{server.port}"

        first = call(
            extension, "fetch_gmail", library_id=library.id, query="receipt OR invoice", max_messages=2, api_base=api
        )
        assert "ok" in first, first
        page = first["ok"]
        assert (page["stored"], page["duplicates"], page["errors"], page["token_refreshed"]) == (2, 0, 0, True)
        assert page["next_page_token"] == "2"
        assert fake.issued == ["access-1"]  # the stale token got a 401, then one refresh

        second = call(extension, "fetch_gmail", library_id=library.id, page_token="2", max_messages=2, api_base=api)[
            "ok"
        ]
        assert [m["status"] for m in second["messages"]] == ["error", "duplicate"]
        assert second["messages"][0]["error"]["code"] == "finance.no_receipt"
        assert second["next_page_token"] is None and second["token_refreshed"] is False

        again = call(extension, "fetch_gmail", library_id=library.id, max_messages=2, api_base=api)["ok"]
        assert (again["stored"], again["duplicates"]) == (0, 2)
        stored = receipts(library)
        assert sorted(r.metadata["gmail_id"] for r in stored) == ["18c1", "18c2"]
        assert {r.metadata["merchant"] for r in stored} == {"CityCab", "Streamflix"}

        lists = [s for s in server.seen if s.path.startswith("/gmail/v1/users/me/messages?")]
        assert parse_qs(urlsplit(lists[0].path).query)["q"] == ["receipt OR invoice"]
        assert all(s.server_name in (GMAIL, OAUTH) for s in server.seen)
        assert REFRESH not in json.dumps([first, second, again])
