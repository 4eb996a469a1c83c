"""The ABI boundary with hand-written WAT guests: bounds checks, bad strings, caps, exports, ABI marker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import wasmtime
from spacedrive_host.app.host import Host
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.runtime.abi import GuestBinding
from spacedrive_host.runtime.extension import Extension
from support import wat_guests
from support.helpers import MakeExtension

METHOD = "query:core.ping.v1"
PAYLOAD = '{"message":"wat"}'
DATA = f'(data (i32.const 16) "{METHOD}") (data (i32.const 64) "{PAYLOAD.replace(chr(34), chr(92) + chr(34))}")'
PING = {"permissions": {"methods": ["*"], "libraries": ["*"]}}
PAGE = 65536


@pytest.fixture
def wat(host: Host, make_extension: MakeExtension) -> Extension:
    return host.load_extension(make_extension(wat_guests.guest(data=DATA), ext_id="wat", **PING))


def forward(ext: Extension, *args: int) -> dict[str, object]:
    ptr = ext.call_raw("forward", *args)
    assert ptr != 0
    answer: dict[str, object] = json.loads(ext.read_answer(ptr))
    return answer


def code(answer: dict[str, object]) -> object:
    error = answer.get("error")
    assert isinstance(error, dict), answer
    return error["code"]


def test_a_well_formed_call_is_answered_through_wasm_alloc(wat: Extension) -> None:
    assert forward(wat, 16, len(METHOD), 0, 64, len(PAYLOAD)) == {"ok": {"echo": ["wat"], "count": 1}}


@pytest.mark.parametrize(
    "args",
    [
        (2 * PAGE - 4, 18, 0, 64, 17),  # method runs past the end
        (16, 18, 0, 2 * PAGE, 1),  # payload starts at the end
        (16, 18, 0, 0xFFFFFFF0, 0x20),  # payload pair wraps around 2^32
        (0xFFFFFFFF, 2, 0, 64, 17),  # method pair wraps
        (16, 18, 2 * PAGE - 8, 64, 17),  # library id needs 16 bytes
        (16, 0xFFFFFFFF, 0, 64, 17),  # length near 2^32
    ],
)
def test_out_of_bounds_pointers_are_error_values(wat: Extension, args: tuple[int, ...]) -> None:
    assert code(forward(wat, *args)) == "invalid_pointer"
    assert forward(wat, 16, len(METHOD), 0, 64, len(PAYLOAD))["ok"]  # the instance still works


def test_a_method_that_is_not_utf8_is_rejected(host: Host, make_extension: MakeExtension) -> None:
    data = '(data (i32.const 16) "query:\\ff\\fe") (data (i32.const 64) "{}")'
    ext = host.load_extension(make_extension(wat_guests.guest(data=data), ext_id="utf", **PING))
    answer = forward(ext, 16, 8, 0, 64, 2)
    assert code(answer) == "invalid_json"
    assert "UTF-8" in str(answer["error"])


@pytest.mark.parametrize(
    ("payload", "length", "expected"),
    [("{nope", 5, "invalid_json"), ('{"message": 5}', 14, "invalid_input"), ("\\ff\\fe", 2, "invalid_json")],
)
def test_malformed_payloads(
    host: Host, make_extension: MakeExtension, payload: str, length: int, expected: str
) -> None:
    data = f'(data (i32.const 16) "{METHOD}") (data (i32.const 64) "{payload.replace(chr(34), chr(92) + chr(34))}")'
    ext = host.load_extension(make_extension(wat_guests.guest(data=data), ext_id="bad", **PING))
    assert code(forward(ext, 16, len(METHOD), 0, 64, length)) == expected


def test_an_oversized_payload_is_refused_before_it_is_read(host: Host, make_extension: MakeExtension) -> None:
    pages = 17 * 16 + 2  # 17 MiB of memory, over the default 16 MiB request cap
    ext = host.load_extension(make_extension(wat_guests.guest(data=DATA, pages=pages), ext_id="big", **PING))
    answer = forward(ext, 16, len(METHOD), 0, PAGE, 17 * 1024 * 1024)
    assert code(answer) == "payload_too_large"


FREE = '(func (export "wasm_free") (param i32 i32))'


def test_wasm_alloc_returning_zero_makes_the_call_answer_zero(host: Host, make_extension: MakeExtension) -> None:
    alloc = '(func (export "wasm_alloc") (param i32) (result i32) (i32.const 0))' + FREE
    ext = host.load_extension(make_extension(wat_guests.guest(data=DATA, alloc=alloc), ext_id="zero", **PING))
    assert ext.call_raw("forward", 16, len(METHOD), 0, 64, len(PAYLOAD)) == 0


def test_wasm_alloc_returning_garbage_is_not_written_to(host: Host, make_extension: MakeExtension) -> None:
    alloc = '(func (export "wasm_alloc") (param i32) (result i32) (i32.const -16))' + FREE
    ext = host.load_extension(make_extension(wat_guests.guest(data=DATA, alloc=alloc), ext_id="garbage", **PING))
    assert ext.call_raw("forward", 16, len(METHOD), 0, 64, len(PAYLOAD)) == 0


def test_a_trap_in_wasm_alloc_poisons_and_replaces_the_instance(host: Host, make_extension: MakeExtension) -> None:
    """`arm` makes this instance's `wasm_alloc` trap from then on: the host call that needed it fails
    the guest's call with the trap's own code, and the next call runs on a fresh (unarmed) instance."""
    alloc = (
        """
  (global $armed (mut i32) (i32.const 0))
  (func (export "arm") (global.set $armed (i32.const 1)))
  (func (export "wasm_alloc") (param $size i32) (result i32) (local $ptr i32)
    (if (global.get $armed) (then unreachable))
    (local.set $ptr (global.get $bump))
    (global.set $bump (i32.add (global.get $bump) (i32.and (i32.add (local.get $size) (i32.const 7)) (i32.const -8))))
    (local.get $ptr))
"""
        + FREE
    )
    ext = host.load_extension(make_extension(wat_guests.guest(data=DATA, alloc=alloc), ext_id="trap", **PING))
    ext.call_raw("arm")
    with pytest.raises(ExtensionError) as info:
        ext.call_raw("forward", 16, len(METHOD), 0, 64, len(PAYLOAD))
    assert info.value.code is LoadErrorCode.trapped
    assert "wasm_alloc" in info.value.message
    answer = json.loads(ext.read_answer(ext.call_raw("forward", 16, len(METHOD), 0, 64, len(PAYLOAD))))
    assert answer["ok"]["echo"] == ["wat"]


def test_log_with_a_bad_pointer_is_ignored(wat: Extension, caplog: pytest.LogCaptureFixture) -> None:
    wat.call_raw("log", 1, 0xFFFFFFF0, 100)
    assert any("out-of-bounds" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("module", "error"),
    [
        (wat_guests.guest(abi=None), "has no `spacedrive_abi` section"),
        (wat_guests.guest(abi=99), "built for host ABI 99 (SDK wat), this host speaks ABI 1; rebuild it"),
    ],
)
def test_an_incompatible_abi_is_refused_with_what_to_rebuild(
    host: Host, make_extension: MakeExtension, module: bytes, error: str
) -> None:
    with pytest.raises(ExtensionError) as info:
        host.load_extension(make_extension(module, ext_id="abi"))
    assert info.value.code is LoadErrorCode.abi_mismatch
    assert error in info.value.message


@pytest.mark.parametrize(
    ("alloc", "code_", "text"),
    [
        ('(func (export "wasm_free") (param i32 i32))', LoadErrorCode.missing_export, "no `wasm_alloc`"),
        (
            '(func (export "wasm_alloc") (param i64) (result i32) (i32.const 0))' + FREE,
            LoadErrorCode.bad_export,
            "export `wasm_alloc` must be a function ('i32',) -> ('i32',)",
        ),
    ],
)
def test_missing_or_mistyped_exports_are_refused(
    host: Host, make_extension: MakeExtension, alloc: str, code_: LoadErrorCode, text: str
) -> None:
    with pytest.raises(ExtensionError) as info:
        host.load_extension(make_extension(wat_guests.guest(alloc=alloc), ext_id="exports"))
    assert info.value.code is code_
    assert text in info.value.message


def test_plugin_init_failure_fails_the_load(host: Host, make_extension: MakeExtension) -> None:
    body = '(func (export "plugin_init") (result i32) (i32.const 7))'
    with pytest.raises(ExtensionError) as info:
        host.load_extension(make_extension(wat_guests.guest(body), ext_id="init"))
    assert info.value.code is LoadErrorCode.init_failed
    assert "returned 7" in info.value.message
    assert "init" not in host.extensions


def test_garbage_instead_of_wasm_is_refused(host: Host, make_extension: MakeExtension) -> None:
    with pytest.raises(ExtensionError) as info:
        host.load_extension(make_extension(b"\0asm\x01\0\0\0\xffgarbage", ext_id="junk"))
    assert info.value.code in (LoadErrorCode.wasm_invalid, LoadErrorCode.abi_mismatch)


def test_other_extensions_keep_answering(host: Host, make_extension: MakeExtension, tmp_path: Path) -> None:
    good = host.load_extension(make_extension(wat_guests.guest(data=DATA), ext_id="good", **PING))
    bad = host.load_extension(make_extension(wat_guests.guest(data=DATA), ext_id="bad2", **PING))
    for _ in range(3):
        assert code(forward(bad, 0xFFFFFFFF, 2, 0, 64, 17)) == "invalid_pointer"
    assert forward(good, 16, len(METHOD), 0, 64, len(PAYLOAD))["ok"]


@pytest.mark.parametrize("fault", [RuntimeError("bug"), RecursionError(), KeyboardInterrupt()])
def test_an_exception_in_a_host_function_aborts_the_call_with_host_error(
    host: Host, make_extension: MakeExtension, monkeypatch: pytest.MonkeyPatch, fault: BaseException
) -> None:
    """The last-resort guard: nothing raised while serving a host call crosses into wasmtime (ctypes
    would hand it an undefined trap pointer); the guest's call ends with `host_error` and the next
    call, on a fresh instance, works."""
    ext = host.load_extension(make_extension(wat_guests.guest(data=DATA), ext_id="fault", **PING))

    def explode(*args: object) -> bytes:
        raise fault

    with monkeypatch.context() as patch:
        patch.setattr(GuestBinding, "_serve", explode)
        with pytest.raises(ExtensionError) as info:
            ext.call_raw("forward", 16, len(METHOD), 0, 64, len(PAYLOAD))
        assert info.value.code is LoadErrorCode.host_error
        patch.setattr(GuestBinding, "log", explode)
        with pytest.raises(ExtensionError) as info:
            ext.call_raw("log", 1, 16, 4)
        assert info.value.code is LoadErrorCode.host_error
    answer = json.loads(ext.read_answer(ext.call_raw("forward", 16, len(METHOD), 0, 64, len(PAYLOAD))))
    assert answer["ok"]["echo"] == ["wat"]


@pytest.mark.parametrize("returned", [None, "not a trap", 2.5, object()])
def test_a_host_function_returning_something_odd_does_not_reach_wasmtime(
    host: Host, make_extension: MakeExtension, returned: object
) -> None:
    """Whatever a host function's Python body returns, the trampoline hands wasmtime an int (a
    non-int once crashed the process: ctypes could not convert it and passed garbage on)."""
    name = f"odd_{abs(hash(repr(returned)))}"
    i32 = wasmtime.ValType.i32()
    host.abi.define("spacedrive_test", name, [i32], [i32], lambda context, args: returned)  # type: ignore[arg-type,return-value]
    module = f"""(module {wat_guests.abi_section()}
  (import "spacedrive_test" "{name}" (func $odd (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "wasm_alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "wasm_free") (param i32 i32))
  (func (export "odd") (param i32) (result i32) (call $odd (local.get 0))))"""
    ext = host.load_extension(make_extension(bytes(wasmtime.wat2wasm(module)), ext_id="odd"))
    assert ext.call_raw("odd", 7) == 7
