"""Codegen for the data operations: `sdk.args: []` gives a method without arguments, and the
event payloads of schema/events.json become types in both languages."""

from __future__ import annotations

import json

from spacedrive_codegen.parser import parse_schema_dir
from spacedrive_wire import models
from support.helpers import ROOT

API = parse_schema_dir(ROOT / "schema")
GENERATED_RUST = ROOT / "generated" / "rust" / "spacedrive-sdk" / "src"


def test_empty_args_make_a_method_without_arguments() -> None:
    op = next(op for op in API.operations if op.method == "query:libraries.list.v1")
    assert (op.sdk.positional, op.sdk.args) == (True, ())
    client = (GENERATED_RUST / "client.rs").read_text()
    assert "pub fn list_libraries(&self) -> Result<Vec<LibraryInfo>>" in client
    assert "`client.list_libraries()`" in (ROOT / "generated" / "docs" / "operations.md").read_text()


def test_without_args_a_method_takes_the_input_struct() -> None:
    op = next(op for op in API.operations if op.method == "query:vdfs.list_entries.v1")
    assert not op.sdk.positional
    assert "pub fn list_entries(&self, input: ListEntriesInput)" in (GENERATED_RUST / "client.rs").read_text()


def test_every_event_payload_is_a_type_in_python_and_rust() -> None:
    events = json.loads((ROOT / "schema" / "events.json").read_text())["$defs"]
    rust = (GENERATED_RUST / "types.rs").read_text()
    contract = (GENERATED_RUST / "contract.rs").read_text()
    for name, node in events.items():
        assert hasattr(models, name), name
        kind = "enum" if "enum" in node else "struct"
        assert f"pub {kind} {name} " in rust, name
        assert f'"{name}" => roundtrip_as::<{name}>' in contract, name
    assert [v.value for v in models.EventName] == events["EventName"]["enum"]
