"""One maximal host call in a fresh process: `python peak_call.py CAP` writes a sidecar whose
request is just under CAP bytes and prints the growth of the process's peak RSS (after a
warm-up call on the same path) as JSON. Used by tests/runtime/test_guest_input.py."""

from __future__ import annotations

import ctypes
import json
import resource
import sys
import tempfile
from pathlib import Path

from spacedrive_host.app.host import Host
from spacedrive_host.core.config import HostConfig, VdfsConfig

from support import wat_guests

MiB = 1024 * 1024
METHOD = b"action:vdfs.write_sidecar.input.v1"


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(cap: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="peak-"))
    config = HostConfig(vdfs=VdfsConfig(max_sidecar_bytes=cap, max_library_bytes=4 * cap))
    with Host(root / "data", config) as host:
        library = host.create_library("L")
        created = host.call(
            "action:vdfs.create_entry.input.v1", {"name": "n", "path": "n", "entry_type": "Note"}, library.id
        )
        entry_id = created["ok"]["entry_id"] if isinstance(created["ok"], dict) else created["ok"]
        head = json.dumps({"entry_id": entry_id, "filename": "big.bin", "data": ""}).encode()[:-2]
        data = b"A" * ((cap - len(head) - 2) // 4 * 4)
        payload = head + data + b'"}'
        directory = root / "ext"
        directory.mkdir()
        pages = (131072 + len(payload)) // 65536 + 2
        segment = f'(data (i32.const 16) "{METHOD.decode()}")'
        (directory / "module.wasm").write_bytes(wat_guests.guest(data=segment, pages=pages))
        manifest = {
            "id": "big",
            "name": "big",
            "version": "0.1.0",
            "wasm": "module.wasm",
            "permissions": {"methods": ["*"], "libraries": ["*"]},
            "limits": {"request_bytes": cap, "memory_bytes": (pages + 16) * 65536},
        }
        (directory / "manifest.json").write_text(json.dumps(manifest))
        ext = host.load_extension(directory)
        with ext.lease() as instance:
            base, _ = instance.binding.memory_view()
            ctypes.memmove(base + 1024, library.id.bytes, 16)
            ctypes.memmove(base + 131072, payload, len(payload))
        ext.call_raw("forward", 16, len(METHOD), 1024, 131072, 2)  # warm-up on the same path (bad JSON)
        before = peak_rss()
        answer = json.loads(ext.read_answer(ext.call_raw("forward", 16, len(METHOD), 1024, 131072, len(payload))))
        growth = peak_rss() - before
    print(json.dumps({"answer": answer, "payload": len(payload), "peak_growth": growth}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
