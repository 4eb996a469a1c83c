"""Hand-written WAT guests for ABI edge cases that safe Rust cannot express."""

from __future__ import annotations

import json

import wasmtime

PREAMBLE = """
  (import "spacedrive" "spacedrive_call" (func $call (param i32 i32 i32 i32 i32) (result i32)))
  (import "spacedrive" "spacedrive_log" (func $log (param i32 i32 i32)))
  (global $bump (mut i32) (i32.const 65536))
"""

ALLOC = """
  (func (export "wasm_alloc") (param $size i32) (result i32) (local $ptr i32)
    (local.set $ptr (global.get $bump))
    (global.set $bump (i32.add (global.get $bump) (i32.and (i32.add (local.get $size) (i32.const 7)) (i32.const -8))))
    (local.get $ptr))
  (func (export "wasm_free") (param i32 i32))
"""

FORWARD = """
  (func (export "forward") (param i32 i32 i32 i32 i32) (result i32)
    (call $call (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)))
  (func (export "log") (param i32 i32 i32)
    (call $log (local.get 0) (local.get 1) (local.get 2)))
"""


def abi_section(abi: int = 1) -> str:
    text = json.dumps({"abi": abi, "sdk": "wat"}).replace('"', '\\"')
    return f'(@custom "spacedrive_abi" "{text}")'


def guest(
    body: str = "", *, pages: int = 2, abi: int | None = 1, alloc: str = ALLOC, forward: bool = True, data: str = ""
) -> bytes:
    """A module with the spacedrive imports, memory, a bump allocator and `forward`/`log` exports."""
    parts = [
        "(module",
        abi_section(abi) if abi is not None else "",
        PREAMBLE,
        f'(memory (export "memory") {pages})',
        data,
        alloc,
        FORWARD if forward else "",
        body,
        ")",
    ]
    return bytes(wasmtime.wat2wasm("\n".join(parts)))


def wat_bytes(data: bytes) -> str:
    """`data` as the body of a WAT string literal."""
    return "".join(f"\\{byte:02x}" for byte in data)


def answer_segment(offset: int, answer: bytes) -> str:
    """A data segment holding `[u32 length][answer]` at `offset`: a JSON export's return value."""
    return f'(data (i32.const {offset}) "{wat_bytes(len(answer).to_bytes(4, "little") + answer)}")'


def versioned_guest(version: int, *, init_status: int = 0, abi: int | None = 1, data: str = "") -> bytes:
    """A guest whose JSON export `version` answers `{"ok": version}`; `slow(ptr, len)` logs
    `slow call started`, spins `len` x 10^7 iterations, logs `slow call done` and answers the
    same. `plugin_init` logs `init v<N>` and returns `init_status`; `plugin_cleanup` logs
    `cleanup v<N>`. `data` adds segments below offset 1024 (for `forward`)."""
    started, init, cleanup = b"slow call started", f"init v{version}".encode(), f"cleanup v{version}".encode()
    done = b"slow call done"
    segments = "\n".join(
        [
            data,
            answer_segment(1024, json.dumps({"ok": version}).encode()),
            f'(data (i32.const 2048) "{wat_bytes(started)}")',
            f'(data (i32.const 2112) "{wat_bytes(init)}")',
            f'(data (i32.const 2176) "{wat_bytes(cleanup)}")',
            f'(data (i32.const 2240) "{wat_bytes(done)}")',
        ]
    )
    body = f"""
  (func (export "version") (param i32 i32) (result i32) (i32.const 1024))
  (func (export "slow") (param $ptr i32) (param $len i32) (result i32) (local $i i32)
    (call $log (i32.const 1) (i32.const 2048) (i32.const {len(started)}))
    (local.set $i (i32.mul (local.get $len) (i32.const 10000000)))
    (block $done (loop $spin
      (br_if $done (i32.eqz (local.get $i)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br $spin)))
    (call $log (i32.const 1) (i32.const 2240) (i32.const {len(done)}))
    (i32.const 1024))
  (func (export "plugin_init") (result i32)
    (call $log (i32.const 1) (i32.const 2112) (i32.const {len(init)}))
    (i32.const {init_status}))
  (func (export "plugin_cleanup") (result i32)
    (call $log (i32.const 1) (i32.const 2176) (i32.const {len(cleanup)}))
    (i32.const 0))
"""
    return guest(body, abi=abi, data=segments)
