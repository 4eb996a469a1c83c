"""The main job: build the Finance extension from the generated SDK, load it in a host on the
embedded defaults (SQLite library, sidecar files), process a sample receipt, show the result."""

from __future__ import annotations

import base64
import json
import logging
import tempfile
import uuid
from pathlib import Path

from .building import build_extension
from .host import Host


def run_demo(root: Path, data_dir: Path | None, sample: Path | None) -> int:
    logging.basicConfig(level=logging.INFO, format="  log %(name)s: %(message)s")
    extension_dir = root / "extensions" / "finance"
    sample = sample or extension_dir / "samples" / "receipt.eml"
    print(f"1. building {extension_dir.relative_to(root)} against generated/rust/spacedrive-sdk")
    build = root / "build"
    wasm = build_extension(extension_dir, target_dir=build / "wasm-target", state_dir=build / "toolchain")
    print(f"   {wasm.relative_to(root)}: {wasm.stat().st_size} bytes")
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="spacedrive-demo-"))
    with Host(data_dir) as host:
        library = host.create_library("Demo library")
        print(f"2. host on {data_dir}: library {library.id} (SQLite at {library.path / 'library.db'})")
        extension = host.load_extension(extension_dir)
        print(f"3. loaded extension {extension.id!r} {extension.manifest.version} (ABI {extension.abi_info.abi})")
        request = {"library_id": str(library.id), "email": sample.read_text(encoding="utf-8")}
        print(f"4. process_email({sample.name})")
        answer = json.loads(extension.call_json("process_email", json.dumps(request).encode()))
        if "error" in answer:
            print(f"   failed: {answer['error']}")
            return 1
        entry_id = answer["ok"]["entry_id"]
        record = library.get_entry(uuid.UUID(entry_id))
        print(f"5. entry {entry_id}: {record.name!r} at {record.path!r} ({record.entry_type})")
        receipt = json.loads(_sidecar(host, library.id, entry_id, "receipt.json"))
        ocr = receipt.get("ocr")
        if ocr:
            sources = ", ".join(f"page {p['page']}: {p['source']}" for p in ocr["pages"])
            print(f"   ai.ocr of {ocr['attachment']} ({ocr['media_type']}): {ocr['engine']}")
            print(f"     confidence {ocr['confidence']:.2f}; {sources}; text (sidecar ocr.txt):")
            text = _sidecar(host, library.id, entry_id, "ocr.txt")
            print("\n".join("       | " + line for line in text.splitlines()))
        ai = host.config.ai
        how = (
            "embedded: rule-based field extraction, not an LLM"
            if ai.backend == "embedded"
            else f"{ai.backend}: {ai.chat_model} at {ai.base_url}"
        )
        fields = {key: receipt.get(key) for key in ("merchant", "date", "total", "currency")}
        print(f"   ai.classify_text ({how}): {json.dumps(fields)}")
        print(f"   metadata: {json.dumps(record.metadata, sort_keys=True)}")
        names = ["email.eml", *([ocr["attachment"], "ocr.txt"] if ocr else []), "receipt.json"]
        print(f"   sidecars: {', '.join(names)}")
        print(f"   host calls made by the extension: {extension.host_calls}")
    return 0


def _sidecar(host: Host, library_id: uuid.UUID, entry_id: str, filename: str) -> str:
    answer = host.call("query:vdfs.read_sidecar.v1", {"entry_id": entry_id, "filename": filename}, library_id)
    return base64.b64decode(answer["ok"]["data"]).decode("utf-8")
