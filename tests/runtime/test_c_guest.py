"""A second guest language: the C guest in tests/guests/c/, written from docs/abi.md alone
(clang for wasm32, no libc, no SDK), run through the host."""

from __future__ import annotations

import json
import logging
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
import wasmtime
from spacedrive_codegen import toolchain
from spacedrive_host.app.host import Host
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.runtime.module_checks import read_abi_info
from spacedrive_host.store.library import Library
from support import wat_guests
from support.helpers import ROOT, MakeExtension

pytestmark = pytest.mark.guests

PERMISSIONS = {"methods": ["core.ping", "vdfs.create_entry", "vdfs.list_entries"], "libraries": ["*"]}


@pytest.fixture
def c_guest(host: Host, c_guest_wasm: Path, make_extension: MakeExtension) -> Extension:
    return host.load_extension(make_extension(c_guest_wasm, ext_id="cguest", permissions=PERMISSIONS))


def call(extension: Extension, method: str, library_id: object, payload: Any) -> dict[str, Any]:
    """Ask the guest's `call` export to make one `spacedrive_call`; returns its answer."""
    request = f'["{method}", "{library_id or ""}", {json.dumps(payload)}]'
    answer: dict[str, Any] = json.loads(extension.call_json("call", request.encode()))
    return answer


def test_the_module_is_small_has_the_marker_and_imports_only_the_abi(c_guest_wasm: Path) -> None:
    data = c_guest_wasm.read_bytes()
    assert len(data) < 8192
    info = read_abi_info(data, "cguest")
    assert (info.abi, info.sdk) == (1, "c-guest")
    module = wasmtime.Module(wasmtime.Engine(), data)
    assert {(i.module, i.name) for i in module.imports} == {
        ("spacedrive", "spacedrive_call"),
        ("spacedrive", "spacedrive_log"),
    }
    assert {e.name for e in module.exports} >= {"memory", "wasm_alloc", "wasm_free", "plugin_init", "call", "echo"}


def test_ping_round_trip(c_guest: Extension) -> None:
    assert call(c_guest, "query:core.ping.v1", None, {"message": "from C", "count": 2}) == {
        "ok": {"echo": ["from C", "from C"], "count": 2}
    }


def test_a_library_scoped_call_sends_the_uuid_bytes_in_rfc_4122_order(c_guest: Extension, library: Library) -> None:
    entry = {"name": "From C", "path": "c/1.txt", "entry_type": "Note"}
    created = call(c_guest, "action:vdfs.create_entry.input.v1", library.id, entry)
    entry_id = uuid.UUID(created["ok"]["entry_id"])
    assert library.get_entry(entry_id).name == "From C"
    listed = call(c_guest, "query:vdfs.list_entries.v1", library.id, {})
    assert [e["entry_id"] for e in listed["ok"]["entries"]] == [str(entry_id)]
    # The guest writes the bytes in the order the text shows them; had it used the
    # mixed-endian GUID layout (uuid.bytes_le), the host would read another library id.
    swapped = uuid.UUID(bytes=library.id.bytes_le)
    assert swapped != library.id
    refused = call(c_guest, "query:vdfs.list_entries.v1", swapped, {})
    assert refused["ok"]["refused"]["error"]["code"] == "library_not_found"


def test_logs_reach_python_logging(
    host: Host, c_guest_wasm: Path, make_extension: MakeExtension, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="spacedrive.ext")
    extension = host.load_extension(make_extension(c_guest_wasm, ext_id="cguest", permissions=PERMISSIONS))
    assert extension.call_json("log", b'"hello from C"') == b"", "0 means no answer"
    lines = [(r.name, r.levelno, r.getMessage()) for r in caplog.records if r.name.startswith("spacedrive.ext")]
    assert ("spacedrive.ext.cguest", logging.INFO, "c guest ready") in lines
    assert ("spacedrive.ext.cguest", logging.WARNING, '"hello from C"') in lines


def test_the_guest_handles_an_error_envelope(c_guest: Extension, library: Library) -> None:
    answer = call(c_guest, "action:vdfs.write_sidecar.input.v1", library.id, {})
    assert answer["ok"]["refused"]["error"]["code"] == "permission_denied"
    assert call(c_guest, "query:nothing.here.v1", None, {})["ok"]["refused"]["error"]["code"] == "unknown_method"
    assert call(c_guest, "query:core.ping.v1", None, {"count": 2})["ok"]["refused"]["error"]["code"] == "invalid_input"
    assert call(c_guest, "query:core.ping.v1", None, {"message": "still fine"})["ok"]["echo"] == ["still fine"]


def test_its_own_error_envelope_is_an_answer(c_guest: Extension) -> None:
    answer = json.loads(c_guest.call_json("call", b'"not an array"'))
    assert answer["error"]["code"] == "invalid_input"


@pytest.mark.parametrize(
    "envelope",
    [
        {"ok": None},
        {"ok": {"nested": [1, 2.5, "x"]}},
        {"error": {"code": "not_found", "message": "no such thing"}},
        {"error": {"code": "conflict", "message": "taken", "details": {"id": 1}}},
    ],
)
def test_an_envelope_is_answered_unchanged(c_guest: Extension, envelope: dict[str, Any]) -> None:
    body = json.dumps(envelope).encode()
    assert c_guest.call_json("echo", body) == body


def test_zero_means_no_answer(c_guest: Extension) -> None:
    assert c_guest.call_json("echo", b"") == b""


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (b"hello", "not JSON"),
        (b'{"ok": 1}\0', "not JSON"),
        (b'{"ok": NaN}', "not JSON"),
        (b'"ok"', "not an envelope"),
        (b"[]", "not an envelope"),
        (b"{}", "not an envelope"),
        (b'{"result": 1}', "not an envelope"),
        (b'{"ok": 1, "error": {"code": "internal", "message": "both"}}', "not an envelope"),
        (b'{"ok": 1, "extra": 2}', "not an envelope"),
        (b'{"error": "oops"}', '"error" must be an object'),
        (b'{"error": {"code": "internal"}}', 'must have "code" and "message"'),
        (b'{"error": {"code": "internal", "message": "x", "hint": "y"}}', 'must have "code" and "message"'),
        (b'{"error": {"code": "teapot", "message": "x"}}', 'error code "teapot" is not one of the codes'),
        (b'{"error": {"code": "unknown", "message": "x"}}', 'error code "unknown" is not one of the codes'),
        (b'{"error": {"code": 7, "message": "x"}}', "error code 7 is not one of the codes"),
        (b'{"error": {"code": "internal", "message": 7}}', '"message" must be a string'),
        (b'{"ok": "\xff"}', "not UTF-8"),
        (b'{"ok": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
    ],
)
def test_an_answer_that_is_not_an_envelope_is_bad_answer(c_guest: Extension, answer: bytes, problem: str) -> None:
    with pytest.raises(ExtensionError) as caught:
        c_guest.call_json("echo", answer)
    assert caught.value.code is LoadErrorCode.bad_answer
    assert problem in caught.value.message
    assert c_guest.call_json("echo", b'{"ok": 1}') == b'{"ok": 1}', "the instance keeps serving"


def _doc_block(language: str, containing: str) -> str:
    """The fenced block of docs/abi.md in `language` that contains `containing`."""
    text = (ROOT / "docs" / "abi.md").read_text(encoding="utf-8")
    blocks: list[tuple[str, str]] = re.findall(r"^```(\w*)\n(.*?)^```$", text, flags=re.DOTALL | re.MULTILINE)
    return next(body for lang, body in blocks if lang == language and containing in body)


def _compile_c(source: str, tmp_path: Path, tools: toolchain.CToolchain) -> bytes:
    path = tmp_path / "marker.c"
    path.write_text(source + '\n__attribute__((export_name("f"))) int f(void) { return 1; }\n', encoding="utf-8")
    return toolchain.build_c([path], tmp_path / "marker.wasm", toolchain=tools).read_bytes()


def test_the_c_marker_snippet_in_docs_abi_md_makes_a_marker(tmp_path: Path, c_toolchain: toolchain.CToolchain) -> None:
    info = read_abi_info(_compile_c(_doc_block("c", "custom_section"), tmp_path, c_toolchain), "doc")
    assert (info.abi, info.sdk) == (1, "my-c-guest")


def test_a_c_section_attribute_makes_no_marker_as_docs_abi_md_says(
    tmp_path: Path, c_toolchain: toolchain.CToolchain
) -> None:
    source = '__attribute__((used, section("spacedrive_abi"))) static const char abi[] = "{\\"abi\\":1}";'
    with pytest.raises(ExtensionError) as caught:
        read_abi_info(_compile_c(source, tmp_path, c_toolchain), "doc")
    assert "has no `spacedrive_abi` section" in caught.value.message


def test_the_wat_marker_bytes_in_docs_abi_md_are_exact() -> None:
    snippet = _doc_block("wat", "@custom").replace("  ...)", ")")
    listed = bytes.fromhex(_doc_block("", "00 24 0e").replace("\n", " "))
    module = bytes(wasmtime.wat2wasm(snippet))
    assert module[8:] == listed
    assert read_abi_info(module, "doc").sdk == "wat"


def test_provisioning_installs_debian_clang_and_lld_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    installed: list[list[str]] = []
    monkeypatch.setattr(toolchain, "_debian_c_present", lambda: False)
    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.setattr(toolchain, "_missing_debian_packages", lambda wanted: [] if installed else list(wanted))
    monkeypatch.setattr("os.geteuid", lambda: 0)
    monkeypatch.setattr(toolchain, "_apt_install", lambda packages: installed.append(list(packages)))
    tools = toolchain.provision_c(state_dir=ROOT / "build" / "toolchain")
    assert installed == [["clang-19", "lld-19"]]
    assert "Debian packages installed with apt-get: clang-19 lld-19" in tools.notes
    assert tools.clang == toolchain.DEBIAN_CLANG


def test_without_install_provisioning_says_what_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(toolchain, "_debian_c_present", lambda: False)
    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.setattr(toolchain, "_missing_debian_packages", list)
    with pytest.raises(toolchain.ToolchainError) as caught:
        toolchain.provision_c(install=False, state_dir=ROOT / "build" / "toolchain")
    assert "apt-get install -y clang-19 lld-19" in str(caught.value)


@pytest.mark.parametrize(
    ("import_", "named"),
    [
        ('(import "env" "memcpy" (func (param i32 i32 i32) (result i32)))', "env::memcpy"),
        ('(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))', "fd_write"),
        ('(import "spacedrive" "spacedrive_log" (func (param i32 i32)))', "spacedrive_log"),
        ('(import "spacedrive" "spacedrive_call" (func (param i32 i32 i32 i32) (result i32)))', "spacedrive_call"),
        ('(import "spacedrive" "table" (table 1 funcref))', "spacedrive::table"),
        ('(import "spacedrive" "counter" (global i32))', "spacedrive::counter"),
    ],
)
def test_imports_other_than_the_two_functions_are_refused(
    host: Host, make_extension: MakeExtension, import_: str, named: str
) -> None:
    wasm = bytes(
        wasmtime.wat2wasm(
            f"""(module {wat_guests.abi_section()} {import_}
          (memory (export "memory") 1)
          (func (export "wasm_alloc") (param i32) (result i32) (i32.const 0))
          (func (export "wasm_free") (param i32 i32)))"""
        )
    )
    with pytest.raises(ExtensionError) as caught:
        host.load_extension(make_extension(wasm, ext_id="imports"))
    assert caught.value.code is LoadErrorCode.abi_mismatch
    assert named in caught.value.message


def test_an_imported_memory_is_refused(host: Host, make_extension: MakeExtension) -> None:
    wasm = bytes(
        wasmtime.wat2wasm(
            f"""(module {wat_guests.abi_section()} (import "env" "memory" (memory 1))
          (export "memory" (memory 0))
          (func (export "wasm_alloc") (param i32) (result i32) (i32.const 0))
          (func (export "wasm_free") (param i32 i32)))"""
        )
    )
    with pytest.raises(ExtensionError) as caught:
        host.load_extension(make_extension(wasm, ext_id="imports"))
    assert caught.value.code is LoadErrorCode.abi_mismatch
    assert "env::memory" in caught.value.message


def test_a_log_level_outside_0_to_3_logs_as_warn(
    host: Host, make_extension: MakeExtension, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="spacedrive.ext")
    extension = host.load_extension(
        make_extension(wat_guests.guest(data='(data (i32.const 16) "odd level")'), ext_id="levels")
    )
    extension.call_raw("log", 9, 16, 9)
    assert ("spacedrive.ext.levels", logging.WARNING, "odd level") in [
        (r.name, r.levelno, r.getMessage()) for r in caplog.records
    ]
