"""The Rust SDK's authoring surface, end to end through the host: `#[spacedrive_sdk::export]`,
`register_extension!` (lifecycle and event callbacks), errors that take `?` on any std error,
extension error codes in the extension's own namespace; and what `sdext build` does with a
module (manifest check, stripping that keeps trap classification right)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import wasmtime
from spacedrive_host.app.host import Host
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.core.limits import MiB
from spacedrive_host.runtime.answers import custom_code_problem
from spacedrive_host.runtime.build_check import manifest_problems, module_exports, registered_callbacks
from spacedrive_host.runtime.traps import keeps_function_name
from spacedrive_host.runtime.wasm_sections import custom_sections
from spacedrive_host.runtime.wasm_strip import strip_module
from spacedrive_wire.models import EventName
from support.helpers import MakeExtension

pytestmark = pytest.mark.guests


def call(host: Host, make_extension: MakeExtension, wasm: Path, export: str, payload: Any, ext_id: str = "e2e") -> Any:
    extension = host.load_extension(make_extension(wasm, ext_id=ext_id))
    return json.loads(extension.call_json(export, json.dumps(payload).encode()))


# -- errors -----------------------------------------------------------------------------


def test_an_extension_error_code_in_its_own_namespace_reaches_the_caller(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    answer = call(host, make_extension, guest_wasm["e2e"], "fail_with", {"code": "e2e.broken", "wire": "conflict"})
    assert answer == {
        "error": {
            "code": "conflict",
            "message": "asked to fail",
            "details": {"code": "e2e.broken", "hint": "from the e2e guest"},
        }
    }


@pytest.mark.parametrize("code", ["finance.no_receipt", "broken", "e2e.", "e2e.Upper", "e2ex.broken"])
def test_an_error_code_outside_the_extension_namespace_is_a_bad_answer(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension, code: str
) -> None:
    with pytest.raises(ExtensionError) as info:
        call(host, make_extension, guest_wasm["e2e"], "fail_with", {"code": code, "wire": "conflict"})
    assert info.value.code is LoadErrorCode.bad_answer
    assert "details.code" in info.value.message


def test_custom_code_rules() -> None:
    assert custom_code_problem(None, "finance") is None
    assert custom_code_problem([{"code": "x"}], "finance") is None  # validation details are a list
    assert custom_code_problem({"id": 1}, "finance") is None
    assert custom_code_problem({"code": "finance.no_receipt"}, "finance") is None
    assert custom_code_problem({"code": "finance.gmail.http_401"}, "finance") is None
    assert custom_code_problem({"code": 3}, "finance") is not None
    assert custom_code_problem({"code": "notes.no_receipt"}, "finance") is not None


def test_question_mark_on_a_std_error_answers_internal_with_its_message(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    """`text.parse::<i64>()?` inside an export: the SDK's `Error` takes any `std::error::Error`."""
    extension = host.load_extension(make_extension(guest_wasm["e2e"], ext_id="e2e"))
    answer = json.loads(extension.call_json("parse_number", b'"not a number"'))
    assert answer == {"error": {"code": "internal", "message": "invalid digit found in string"}}
    assert json.loads(extension.call_json("parse_number", b'" 42 "')) == {"ok": 42}


def test_an_export_named_by_the_macro_argument_is_exported_under_that_name(guest_wasm: dict[str, Path]) -> None:
    exports = module_exports(guest_wasm["e2e"].read_bytes())
    assert "parse_number" in exports
    assert not any(name.startswith("__spacedrive") or name == "parse" for name in exports)


# -- register_extension! ----------------------------------------------------------------


def test_register_extension_writes_the_lifecycle_and_one_callback_per_event(guest_wasm: dict[str, Path]) -> None:
    module = guest_wasm["events"].read_bytes()
    callbacks = registered_callbacks(module)
    assert set(callbacks) == {event.value for event in EventName}
    exports = module_exports(module)
    assert {"plugin_init", "plugin_cleanup", *callbacks.values()} <= exports.keys()
    assert callbacks["entry.created"] == "on_entry_created"


def test_init_runs_through_the_trait(host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension) -> None:
    extension = host.load_extension(make_extension(guest_wasm["limits"], ext_id="lifecycle"))
    assert extension.status.state.value == "loaded"


# -- sdext build's module checks --------------------------------------------------------


def test_manifest_events_are_checked_against_the_module(guest_wasm: dict[str, Path]) -> None:
    module = guest_wasm["events"].read_bytes()
    assert manifest_problems({"entry.created": "on_entry_created", "sidecar.written": "spawn_children"}, module) == []
    problems = manifest_problems({"entry.created": "on_entry_create", "sidecar.written": "on_entry_created"}, module)
    assert len(problems) == 2
    assert "`on_entry_create`, which the module does not export" in problems[0]
    assert "register_extension! exports `on_entry_created`" in problems[0]
    assert 'the callback register_extension! wrote for "entry.created"' in problems[1]
    assert "`on_sidecar_written`" in problems[1]


def test_a_module_without_the_abi_exports_is_named() -> None:
    problems = manifest_problems({"entry.created": "f"}, bytes(wasmtime.wat2wasm('(module (func (export "f")))')))
    assert [p.split("`")[1] for p in problems] == ["memory", "wasm_alloc", "wasm_free"]


def test_stripping_keeps_only_what_the_host_reads(guest_wasm: dict[str, Path]) -> None:
    module = guest_wasm["limits"].read_bytes()
    stripped = strip_module(module, keeps_function_name)
    assert len(stripped.module) < len(module)
    before, after = custom_sections(module), custom_sections(stripped.module)
    assert after["spacedrive_abi"] == before["spacedrive_abi"]
    assert after["spacedrive_callbacks"] == before["spacedrive_callbacks"]
    assert not any(name.startswith(".debug") or name == "producers" for name in after)
    assert stripped.kept_names and all(keeps_function_name(name) for name in stripped.kept_names)
    assert module_exports(stripped.module) == module_exports(module)


@pytest.mark.parametrize(("keep", "code"), [(keeps_function_name, "memory_limit"), (lambda _: False, "trapped")])
def test_a_stripped_module_that_fails_one_big_allocation_is_still_memory_limit(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension, keep: Any, code: str
) -> None:
    """One allocation far over the limit fails while memory is nearly empty, so only the
    allocation-failure handler's name in the backtrace tells it from a plain trap: stripping
    keeps exactly those names (and without them the trap would be `trapped`)."""
    wasm = strip_module(guest_wasm["limits"].read_bytes(), keep).module
    directory = make_extension(wasm, ext_id="stripped", limits={"memory_bytes": 64 * MiB})
    extension = host.load_extension(directory)
    with pytest.raises(ExtensionError) as info:
        extension.call_json("run_request", json.dumps({"do": "grow", "chunk": 1 << 30}).encode())
    assert info.value.code.value == code
