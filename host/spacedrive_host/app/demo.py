"""The main job: build the Finance extension from the generated SDK, load it in a host on the
embedded defaults (SQLite library, sidecar files), import a generated mailbox of ten receipt
e-mails (one malformed) twice, and print what was extracted, the errors and the summary."""

from __future__ import annotations

import base64
import importlib.util
import json
import logging
import tempfile
import time
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

from spacedrive_host.store.library import Library

from .host import Host


def _samples(extension_dir: Path) -> ModuleType:
    """The extension's mailbox generator (extensions/finance/samples/receipts_mailbox.py)."""
    path = extension_dir / "samples" / "receipts_mailbox.py"
    spec = importlib.util.spec_from_file_location("finance_receipts_mailbox", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_demo(extension_dir: Path, wasm: Path, data_dir: Path | None, sample: Path | None) -> int:
    """Steps 2 onwards of `sdext demo` (step 1, building `wasm`, is the toolchain's: `spacedrive_codegen`)."""
    logging.basicConfig(level=logging.WARNING, format="  log %(name)s: %(message)s")
    print(f"   {wasm}: {wasm.stat().st_size} bytes")
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="spacedrive-demo-"))
    mbox = sample or data_dir / "receipts.mbox"
    if sample is None:
        labels = [label for label, _ in _samples(extension_dir).write_mbox(mbox)]
        print(f"2. generated {mbox} ({len(labels)} mails: {', '.join(labels)})")
    else:
        print(f"2. mailbox {mbox}")
    with Host(data_dir) as host:
        library = host.create_library("Demo library")
        extension = host.load_extension(extension_dir)
        print(f"3. host on {data_dir}: library {library.id}; extension {extension.id!r} {extension.manifest.version}")
        mailbox_entry = _store_mailbox(host, library, mbox)
        for run in (1, 2):
            job = _import(host, extension, library, mailbox_entry)
            result = job["result"] or {}
            print(
                f"{3 + run}. import #{run} (job mailbox_import, {job['state']}, progress "
                f"{job['progress']['done']}/{job['progress']['total']}): {result.get('imported')} new messages, "
                f"{result.get('skipped')} already imported, {result.get('failures')} failed"
            )
            receipts = library.list_entries(entry_type="FinancialDocument", limit=1000)
            print(f"   receipts stored: {len(receipts)}")
        _print_table(library)
        answer = json.loads(extension.call_json("summary", json.dumps({"library_id": str(library.id)}).encode()))
        if "error" in answer:
            print(f"   summary failed: {answer['error']}")
            return 1
        _print_summary(answer["ok"])
        print(f"   host calls made by the extension: {extension.host_calls}")
    return 0


def _store_mailbox(host: Host, library: Library, mbox: Path) -> str:
    created = host.call(
        "action:vdfs.create_entry.input.v1",
        {"name": mbox.name, "path": f"imports/{mbox.name}", "entry_type": "Mailbox"},
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


def _import(host: Host, extension: Any, library: Library, mailbox_entry: str) -> dict[str, Any]:
    request = {"library_id": str(library.id), "entry_id": mailbox_entry}
    answer = json.loads(extension.call_json("import_mailbox", json.dumps(request).encode()))
    if "error" in answer:
        raise SystemExit(f"import_mailbox failed: {answer['error']}")
    job_id = answer["ok"]["job_id"]
    while True:
        status = host.call("query:jobs.get_status.v1", {"job_id": job_id}, library.id)["ok"]["job"]
        if status["state"] not in ("queued", "running", "cancelling"):
            break
        time.sleep(0.1)
    host.events.wait_idle(timeout=600)
    job: dict[str, Any] = status
    return job


def _print_table(library: Library) -> None:
    print("6. what was read from each mail:")
    header = f"   {'subject':<26} {'merchant':<22} {'date':<10} {'total':>8} {'cur':<4} {'category':<16} review / error"
    print(header)
    print("   " + "-" * (len(header) - 3))
    for email in library.list_entries(entry_type="Email", limit=1000):
        meta = email.metadata
        subject = email.name[:26]
        if meta.get("finance_status") == "error":
            error = meta.get("finance_error") or {}
            blank = f"{'-':<22} {'-':<10} {'-':>8} {'-':<4} {'-':<16}"
            print(f"   {subject:<26} {blank} {error.get('code')}: {error.get('message')}")
            continue
        receipt_id = meta.get("receipt_entry_id")
        if receipt_id is None:
            print(f"   {subject:<26} (not processed: {meta.get('finance_status', 'no callback yet')})")
            continue
        r = library.get_entry(uuid.UUID(receipt_id)).metadata
        total = f"{r['total']:.2f}" if isinstance(r.get("total"), int | float) else "-"
        review = "needs review: missing " + ", ".join(r.get("missing_fields", [])) if r.get("needs_review") else ""
        print(
            f"   {subject:<26} {str(r.get('merchant', '-'))[:22]:<22} {r.get('date', '-'):<10} {total:>8} "
            f"{r.get('currency', '-'):<4} {str(r.get('category', '-'))[:16]:<16} {review}"
        )


def _print_summary(summary: dict[str, Any]) -> None:
    print(
        f"7. summary (export `summary`): {summary['receipts']} receipts, {summary['needs_review']} to review, "
        f"{summary['not_counted']} without amount or currency (not summed)"
    )
    print(
        "   per month:    "
        + "; ".join(f"{r['month']} {r['total']:.2f} {r['currency']} ({r['count']})" for r in summary["by_month"])
    )
    print(
        "   per category: "
        + "; ".join(f"{r['category']} {r['total']:.2f} {r['currency']}" for r in summary["by_category"])
    )
    print(
        "   per currency: "
        + "; ".join(f"{r['total']:.2f} {r['currency']} ({r['count']})" for r in summary["by_currency"])
    )
