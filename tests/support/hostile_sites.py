"""A guest misbehaving inside one guest function the host invokes, run in a process of its own.

`python hostile_sites.py SITE` loads, for each behaviour in `BEHAVIOURS`, a WAT guest whose
function at SITE starts with that behaviour, triggers the site, and prints one JSON object:
behaviour -> outcome (`ok` or the `ExtensionError` code), plus whether a well-behaved bystander
extension in the same host still answered afterwards. A crash of the host process is then a
non-zero exit of this program: tests/runtime/test_reentry.py runs it in a subprocess for that reason.
"""

from __future__ import annotations

import json
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from spacedrive_host.app.host import Host
from spacedrive_host.core.errors import ExtensionError
from spacedrive_host.runtime.extension import Extension

from support import wat_guests

PING = b"query:core.ping.v1"
PING_PAYLOAD = b'{"message":"x"}'
DATA = (
    f'(data (i32.const 16) "{wat_guests.wat_bytes(PING)}") (data (i32.const 64) "{wat_guests.wat_bytes(PING_PAYLOAD)}")'
    + wat_guests.answer_segment(1024, b'{"ok":1}')
)

BEHAVIOURS = {
    "reenter_call": f"(drop (call $call (i32.const 16) (i32.const {len(PING)}) (i32.const 0) (i32.const 64) "
    f"(i32.const {len(PING_PAYLOAD)})))",
    "reenter_log": f"(call $log (i32.const 1) (i32.const 16) (i32.const {len(PING)}))",
    "trap": "unreachable",
    "loop": "(loop $spin (br $spin))",
    "overflow": "(call $recurse)",
}
"""WAT statements put at the start of the function at the site."""

SITES = (
    "wasm_alloc_answer",
    "wasm_alloc_input",
    "wasm_free",
    "spacedrive_response_buffer",
    "plugin_init",
    "plugin_cleanup",
    "event_callback",
    "json_export",
)
"""Every guest function the host invokes; `wasm_alloc` is reached two ways (for a host call's
answer, nested inside that host call, and for a JSON export's input)."""


def hostile_guest(site: str, behaviour: str) -> bytes:
    hook = dict.fromkeys(("alloc", "free", "buffer", "init", "cleanup", "event", "export"), "")
    slot = {
        "wasm_alloc_answer": "alloc",
        "wasm_alloc_input": "alloc",
        "wasm_free": "free",
        "spacedrive_response_buffer": "buffer",
        "plugin_init": "init",
        "plugin_cleanup": "cleanup",
        "event_callback": "event",
        "json_export": "export",
    }[site]
    hook[slot] = BEHAVIOURS[behaviour]
    alloc = f"""
  (func (export "wasm_alloc") (param $size i32) (result i32) (local $ptr i32)
    {hook["alloc"]}
    (local.set $ptr (global.get $bump))
    (global.set $bump (i32.add (global.get $bump) (i32.and (i32.add (local.get $size) (i32.const 7)) (i32.const -8))))
    (local.get $ptr))
  (func (export "wasm_free") (param i32 i32) {hook["free"]})
"""
    # A response buffer of capacity 0 (its descriptor at 512 is zeroed): answers still go through wasm_alloc.
    buffer = f'(func (export "spacedrive_response_buffer") (result i32) {hook["buffer"]} (i32.const 512))'
    body = f"""
  (func $recurse (call $recurse))
  {buffer if site == "spacedrive_response_buffer" else ""}
  (func (export "plugin_init") (result i32) {hook["init"]} (i32.const 0))
  (func (export "plugin_cleanup") (result i32) {hook["cleanup"]} (i32.const 0))
  (func (export "on_event") (param i32 i32) (result i32) {hook["event"]} (i32.const 0))
  (func (export "echo") (param i32 i32) (result i32) {hook["export"]} (i32.const 1024))
"""
    return wat_guests.guest(body, alloc=alloc, data=DATA)


def write_extension(directory: Path, ext_id: str, wasm: bytes, **manifest: object) -> Path:
    directory.mkdir(parents=True)
    (directory / "module.wasm").write_bytes(wasm)
    content = {
        "id": ext_id,
        "name": ext_id,
        "version": "0.1.0",
        "wasm": "module.wasm",
        "permissions": {"methods": ["*"], "libraries": ["*"]},
        "limits": {"time_per_call_ms": 200},
    } | manifest
    (directory / "manifest.json").write_text(json.dumps(content))
    return directory


def outcome(action: Callable[[], object]) -> str:
    try:
        action()
    except ExtensionError as exc:
        return str(exc.code)
    return "ok"


def bystander_answers(bystander: Extension) -> bool:
    ptr = bystander.call_raw("forward", 16, len(PING), 0, 64, len(PING_PAYLOAD))
    return ptr != 0 and "ok" in json.loads(bystander.read_answer(ptr))


def run_case(host: Host, root: Path, site: str, behaviour: str, library_id: uuid.UUID) -> str:
    ext_id = f"{site}-{behaviour}".replace("_", "-")
    directory = write_extension(
        root / ext_id, ext_id, hostile_guest(site, behaviour), events={"entry.created": "on_event"}
    )
    if site in ("spacedrive_response_buffer", "plugin_init"):
        return outcome(lambda: host.load_extension(directory))
    ext = host.load_extension(directory)
    if site == "wasm_alloc_answer":
        return outcome(lambda: ext.call_raw("forward", 16, len(PING), 0, 64, len(PING_PAYLOAD)))
    if site in ("wasm_alloc_input", "wasm_free", "json_export"):
        return outcome(lambda: ext.call_json("echo", b"{}"))
    if site == "plugin_cleanup":
        return outcome(lambda: host.unload_extension(ext_id))
    entry = {"name": "n", "path": f"{ext_id}.txt", "entry_type": "Note"}
    host.call("action:vdfs.create_entry.input.v1", entry, library_id)
    host.events.wait_idle(30)
    error = ext.status.last_error
    host.unload_extension(ext_id)
    return "ok" if error is None else str(error)


def main(site: str) -> None:
    root = Path(tempfile.mkdtemp(prefix="hostile-"))
    report: dict[str, object] = {}
    with Host(root / "data") as host:
        library = host.create_library("L")
        bystander = host.load_extension(write_extension(root / "bystander", "bystander", wat_guests.guest(data=DATA)))
        for behaviour in BEHAVIOURS:
            report[behaviour] = run_case(host, root, site, behaviour, library.id)
            report[f"bystander after {behaviour}"] = bystander_answers(bystander)
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
