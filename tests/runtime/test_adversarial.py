"""One host, one well-behaved extension with data, and a gauntlet of attacks from others.

After every attack the host is up, the well-behaved extension still answers, and nothing it
wrote is lost. The codes each attack got are collected into one table (printed with -s),
which is what the issue's closing note quotes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spacedrive_host.app.host import Host
from spacedrive_host.core.errors import ExtensionError
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.store.library import Library
from support import wat_guests
from support.helpers import MakeExtension, run_step

ALL = {"methods": ["*"], "libraries": ["*"]}
MiB = 1024 * 1024
METHOD = b"query:core.ping.v1"
DATA = '(data (i32.const 16) "query:core.ping.v1") (data (i32.const 64) "{\\"message\\":\\"x\\"}")'
Attack = Callable[[Host, dict[str, Path], MakeExtension], str]
FREE = '(func (export "wasm_free") (param i32 i32))'
ALLOC_ZERO = '(func (export "wasm_alloc") (param i32) (result i32) (i32.const 0))' + FREE
ALLOC_GARBAGE = '(func (export "wasm_alloc") (param i32) (result i32) (i32.const -16))' + FREE
ALLOC_TRAP = '(func (export "wasm_alloc") (param i32) (result i32) unreachable)' + FREE
ALLOC_I64 = '(func (export "wasm_alloc") (param i64) (result i32) (i32.const 0))' + FREE
NOT_UTF8 = '(data (i32.const 16) "\\ff\\fe\\fd") (data (i32.const 64) "{}")'
GROW = {"do": "grow", "chunk": 1 << 20}


def raised(action: Callable[[], object]) -> str:
    try:
        result = action()
    except ExtensionError as exc:
        return str(exc.code)
    return f"no error ({result!r})"


def answered(ext: Extension, *args: int) -> str:
    ptr = ext.call_raw("forward", *args)
    if ptr == 0:
        return "0 (no answer buffer)"
    envelope = json.loads(ext.read_answer(ptr))
    return str(envelope["error"]["code"]) if "error" in envelope else "ok"


def limits_guest(host: Host, wasm: dict[str, Path], make: MakeExtension, request: dict[str, Any]) -> str:
    ext = host.load_extension(
        make(
            wasm["limits"],
            ext_id="attacker",
            permissions=ALL,
            limits={"time_per_call_ms": 300, "memory_bytes": 16 * MiB},
        )
    )
    return raised(lambda: ext.call_json("run_request", json.dumps(request).encode()))


def wat_attacker(host: Host, make: MakeExtension, **guest: Any) -> Extension:
    return host.load_extension(make(wat_guests.guest(data=DATA, **guest), ext_id="wat-attacker", permissions=ALL))


ATTACKS: dict[str, tuple[Attack, set[str]]] = {
    "loop forever": (lambda h, w, m: limits_guest(h, w, m, {"do": "spin"}), {"time_limit"}),
    "grow memory without bound": (lambda h, w, m: limits_guest(h, w, m, GROW), {"memory_limit"}),
    "overflow the stack": (lambda h, w, m: limits_guest(h, w, m, {"do": "recurse"}), {"stack_overflow"}),
    "panic (abort)": (lambda h, w, m: limits_guest(h, w, m, {"do": "panic"}), {"panicked"}),
    "out-of-bounds payload pointer": (
        lambda h, w, m: answered(wat_attacker(h, m), 16, 18, 0, 2 * 65536 - 2, 16),
        {"invalid_pointer"},
    ),
    "wrapping pointer/length pair": (
        lambda h, w, m: answered(wat_attacker(h, m), 16, 18, 0, 0xFFFFFFF0, 0x20),
        {"invalid_pointer"},
    ),
    "library id pointer past the end": (
        lambda h, w, m: answered(wat_attacker(h, m), 16, 18, 2 * 65536 - 4, 64, 17),
        {"invalid_pointer"},
    ),
    "method that is not UTF-8": (
        lambda h, w, m: answered(
            h.load_extension(
                m(wat_guests.guest(data=NOT_UTF8), ext_id="u", permissions=ALL)
            ),
            16, 3, 0, 64, 2,
        ),
        {"invalid_json"},
    ),
    "huge request payload (17 MiB)": (
        lambda h, w, m: answered(wat_attacker(h, m, pages=17 * 16 + 2), 16, 18, 0, 65536, 17 * MiB),
        {"payload_too_large"},
    ),
    "wasm_alloc returns 0 (answer over the response buffer)": (
        lambda h, w, m: answered(
            wat_attacker(h, m, alloc=ALLOC_ZERO),
            16, 18, 0, 64, 17,
        ),
        {"0 (no answer buffer)"},
    ),
    "wasm_alloc returns garbage": (
        lambda h, w, m: answered(
            wat_attacker(h, m, alloc=ALLOC_GARBAGE),
            16, 18, 0, 64, 17,
        ),
        {"0 (no answer buffer)"},
    ),
    "wasm_alloc traps while the host delivers an answer": (
        lambda h, w, m: raised(lambda: answered(wat_attacker(h, m, alloc=ALLOC_TRAP), 16, 18, 0, 64, 17)),
        {"trapped"},
    ),
    "missing required export": (
        lambda h, w, m: raised(lambda: h.load_extension(m(wat_guests.guest(alloc=FREE), ext_id="x"))),
        {"missing_export"},
    ),
    "export with the wrong signature": (
        lambda h, w, m: raised(
            lambda: h.load_extension(
                m(wat_guests.guest(alloc=ALLOC_I64), ext_id="y")
            )
        ),
        {"bad_export"},
    ),
    "incompatible ABI version": (
        lambda h, w, m: raised(lambda: h.load_extension(m(wat_guests.guest(abi=7), ext_id="z"))),
        {"abi_mismatch"},
    ),
    "malformed manifest": (
        lambda h, w, m: raised(
            lambda: h.load_extension(m(wat_guests.guest(), ext_id="w", permissions={"methods": "all"}))
        ),
        {"manifest_invalid"},
    ),
    "not a wasm module": (
        lambda h, w, m: raised(lambda: h.load_extension(m(b"\0asm\x01\0\0\0\x01\xff\xff", ext_id="v"))),
        {"wasm_invalid", "abi_mismatch"},
    ),
}  # fmt: skip


def test_the_gauntlet(
    host: Host,
    library: Library,
    guest_wasm: dict[str, Path],
    make_extension: MakeExtension,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = host.load_extension(make_extension(guest_wasm["e2e"], ext_id="good", permissions=ALL))
    entry = run_step(good, "create_entry", library.id, input={"name": "keep", "path": "k", "entry_type": "t"})["ok"]
    run_step(good, "write_sidecar", library.id, entry_id=entry, filename="keep.txt", text="precious")
    digest = hashlib.sha256(b"precious").hexdigest()

    table = []
    for name, (attack, expected) in ATTACKS.items():
        got = attack(host, guest_wasm, make_extension)
        table.append((name, got))
        for ext_id in [e for e in list(host.extensions) if e != "good"]:
            host.unload_extension(ext_id)
        assert got in expected, f"{name}: got {got}, expected one of {expected}"
        assert run_step(good, "ping", input={"message": name})["ok"]["echo"] == [name]
        read = run_step(good, "read_sidecar", library.id, entry_id=entry, filename="keep.txt")
        assert read["ok"]["text"] == "precious" and read["ok"]["sha256"] == digest, name

    assert library.get_entry(uuid.UUID(entry)).name == "keep"
    with sqlite3.connect(library.path / "library.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with capsys.disabled():
        print("\nattack -> code")
        for name, got in table:
            print(f"  {name:<58}{got}")
