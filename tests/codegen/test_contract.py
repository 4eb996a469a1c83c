"""Contract tests: one set of vectors (the schema examples), both languages.

Every example validates against its schema, parses into the generated Pydantic model and
dumps back equal, and the Rust contract guest decodes it with the generated serde types
and re-encodes it to an equal JSON value. Drift tests compare what the runtimes have
(registry, error codes, SDK methods) with what the schemas say.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from spacedrive_codegen.ir import EnumType
from spacedrive_codegen.parser import parse_schema_dir
from spacedrive_host.app.host import Host
from spacedrive_host.runtime.extension import Extension
from spacedrive_wire import models
from spacedrive_wire._runtime import dump_json
from spacedrive_wire.operations import REGISTRY
from support.helpers import ROOT

API = parse_schema_dir(ROOT / "schema")
VECTORS = [
    pytest.param(op, part, getattr(op, part).name, getattr(example, part), id=f"{op.method}-{example.name}-{part}")
    for op in API.operations
    for example in op.examples
    for part in ("input", "output")
]


def schema_validator(op_source: str, part: str) -> jsonschema.Draft202012Validator:
    from referencing import Registry, Resource

    resources = []
    for path in (ROOT / "schema").rglob("*.json"):
        content = json.loads(path.read_text())
        resources.append((content.get("$id", ""), Resource.from_contents(content)))
    uri = json.loads((ROOT / "schema" / op_source).read_text())["$id"]
    return jsonschema.Draft202012Validator(
        {"$ref": f"{uri}#/{part}"},
        registry=Registry().with_resources(resources),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


@pytest.mark.parametrize(("op", "part", "type_name", "value"), VECTORS)
def test_example_validates_and_round_trips_in_python(op: Any, part: str, type_name: str, value: Any) -> None:
    schema_validator(op.source, part).validate(value)
    model_cls = getattr(models, type_name)
    spec = REGISTRY[op.method]
    model = model_cls.model_validate_json(json.dumps(value))
    has_nullable = spec.output_has_nullable if part == "output" else True
    assert json.loads(dump_json(model, has_nullable=has_nullable)) == value


@pytest.fixture(scope="module")
def contract_guest(guest_wasm: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Extension:
    data = tmp_path_factory.mktemp("contract")
    host = Host(data / "data")
    directory = data / "ext"
    directory.mkdir()
    (directory / "contract.wasm").write_bytes(guest_wasm["contract"].read_bytes())
    manifest = {"id": "contract", "name": "Contract", "version": "0.1.0", "wasm": "contract.wasm"}
    (directory / "manifest.json").write_text(json.dumps(manifest))
    return host.load_extension(directory)


def rust_roundtrip(guest: Extension, type_name: str, value: Any) -> Any:
    answer = json.loads(guest.call_json("roundtrip", json.dumps({"type": type_name, "value": value}).encode()))
    assert "ok" in answer, answer
    return answer["ok"]


@pytest.mark.parametrize(("op", "part", "type_name", "value"), VECTORS)
def test_example_round_trips_through_the_rust_sdk_types(
    contract_guest: Extension, op: Any, part: str, type_name: str, value: Any
) -> None:
    assert rust_roundtrip(contract_guest, type_name, value) == value


def test_rust_rejects_a_vector_of_the_wrong_shape(contract_guest: Extension) -> None:
    answer = json.loads(contract_guest.call_json("roundtrip", b'{"type": "PingInput", "value": {"count": 2}}'))
    assert answer["error"]["code"] == "invalid_input"
    assert "message" in answer["error"]["message"]


def test_rust_error_envelope_matches_python(contract_guest: Extension) -> None:
    envelope = {"error": {"code": "library_not_found", "message": "no library", "details": {"id": "x"}}}
    assert rust_roundtrip(contract_guest, "ErrorEnvelope", envelope) == envelope
    unknown = {"error": {"code": "a_code_from_the_future", "message": "m"}}
    assert rust_roundtrip(contract_guest, "ErrorEnvelope", unknown)["error"]["code"] == "unknown"


ENUMS = [t.name for t in parse_schema_dir(ROOT / "schema").types if isinstance(t, EnumType)]


@pytest.mark.parametrize("enum", ENUMS)
def test_every_enum_decodes_a_value_from_a_newer_host_as_unknown(contract_guest: Extension, enum: str) -> None:
    assert rust_roundtrip(contract_guest, enum, "a.value-from_the-future") == "unknown"


GENERATED_RUST = ROOT / "generated" / "rust" / "spacedrive-sdk" / "src"


def test_error_codes_agree_between_schema_python_and_rust() -> None:
    schema_codes = json.loads((ROOT / "schema" / "errors.json").read_text())["$defs"]["ErrorCode"]["enum"]
    python_codes = [code.value for code in models.ErrorCode]
    rust_codes = re.findall(r'ErrorCode::\w+ => "(\w+)"', (GENERATED_RUST / "types.rs").read_text())
    assert python_codes == schema_codes, f"expected Python ErrorCode values {schema_codes}"
    assert [c for c in rust_codes if c != "unknown"] == schema_codes, f"expected Rust ErrorCode values {schema_codes}"


def test_registry_and_sdk_methods_agree_with_the_schemas() -> None:
    schema_methods = sorted(
        json.loads(path.read_text())["method"] for path in (ROOT / "schema" / "operations").rglob("*.json")
    )
    rust_methods = sorted(re.findall(r'pub const \w+: &str = "([^"]+)";', (GENERATED_RUST / "methods.rs").read_text()))
    assert sorted(REGISTRY) == schema_methods
    assert rust_methods == schema_methods
    client = (GENERATED_RUST / "client.rs").read_text()
    for op in API.operations:
        assert f"pub fn {op.sdk.name}(" in client, f"SpacedriveClient lacks {op.sdk.name} for {op.method}"


def test_a_required_field_of_any_type_keeps_its_null() -> None:
    spec = REGISTRY["query:ai.classify_text.v1"]
    output = models.ClassifyTextOutput(
        result=None, method=models.ClassifyMethod("rule_based_extraction"), backend=models.AiBackend("embedded"),
        model="rules",
    )  # fmt: skip
    dumped = json.loads(dump_json(output, has_nullable=spec.output_has_nullable))
    assert dumped["result"] is None
    assert "labels" not in dumped
