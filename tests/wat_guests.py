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
