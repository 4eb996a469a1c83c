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
        sidecar = host.call(
            "query:vdfs.read_sidecar.v1", {"entry_id": entry_id, "filename": "receipt.json"}, library.id
        )
        record = library.get_entry(uuid.UUID(entry_id))
        print(f"5. entry {entry_id}: {record.name!r} at {record.path!r} ({record.entry_type})")
        print(f"   metadata: {json.dumps(record.metadata, sort_keys=True)}")
        receipt = base64.b64decode(sidecar["ok"]["data"]).decode()
        print(f"   sidecar receipt.json ({sidecar['ok']['size']} bytes):")
        print("\n".join("     " + line for line in receipt.splitlines()))
        print(f"   host calls made by the extension: {extension.host_calls}")
    return 0
