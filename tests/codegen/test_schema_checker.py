"""The schema checker rejects, naming the file and the JSON pointer, everything codegen cannot honour."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spacedrive_codegen.parser import SchemaError, parse_schema_dir
from support.helpers import copy_project

PING = Path("operations/core/ping.v1.json")
Edit = Callable[[dict[str, Any]], None]


def problems_after(tmp_path: Path, edit: Edit, file: Path = PING) -> list[str]:
    project = copy_project(tmp_path)
    path = project / "schema" / file
    content = json.loads(path.read_text())
    edit(content)
    path.write_text(json.dumps(content))
    with pytest.raises(SchemaError) as info:
        parse_schema_dir(project / "schema")
    return [str(p) for p in info.value.problems]


def set_key(key: str, value: Any) -> Edit:
    return lambda c: c.__setitem__(key, value)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (set_key("method", "query:core.Ping.v1"), "operations/core/ping.v1.json#/method: method 'query:core.Ping.v1'"),
        (set_key("method", "query:core.ping"), "operations/core/ping.v1.json#/method: method 'query:core.ping'"),
        (set_key("method", "action:core.ping.v1"), "#/method: action methods end in .input.v<N>"),
        (set_key("kind", "action"), "#/kind: kind 'action' does not match the method prefix 'query'"),
        (set_key("method", "query:core.pong.v1"), "#/method: method 'query:core.pong.v1' belongs in schema/"),
        (set_key("examples", []), "operations/core/ping.v1.json#/examples"),
        (
            lambda c: c["examples"][0]["input"].__setitem__("count", 0),
            "operations/core/ping.v1.json#/examples/0/input/count: example does not validate",
        ),
        (
            lambda c: c["examples"][1]["output"].pop("count"),
            "operations/core/ping.v1.json#/examples/1/output: example does not validate",
        ),
        (
            lambda c: c["input"]["properties"].__setitem__("x", {"oneOf": [{"type": "string"}]}),
            "#/input/properties/x: unsupported or missing type",
        ),
        (
            lambda c: c["input"]["properties"].__setitem__("x", {"type": "string", "format": "email"}),
            "#/input/properties/x/format: format 'email' is outside the subset",
        ),
        (
            lambda c: c["input"]["properties"].__setitem__("x", {"type": ["string", "null"]}),
            "#/input/properties/x: a field may be optional (absent = no value) or nullable",
        ),
        (
            lambda c: c["input"]["properties"].__setitem__(
                "x", {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}
            ),
            "#/input/properties/x: an object with properties needs a PascalCase `title`",
        ),
        (
            lambda c: c["input"]["properties"].__setitem__("x", {"type": "string", "enum": ["a", "b"]}),
            "#/input/properties/x: a string enum needs a PascalCase `title`",
        ),
        (
            lambda c: c["input"]["properties"].__setitem__("camelCase", {"type": "string"}),
            "#/input/properties/camelCase: property name 'camelCase' must be snake_case",
        ),
        (
            lambda c: c["input"]["properties"].__setitem__("x", {"$ref": "../vdfs/create_entry.v1.json#/input"}),
            "#/input/properties/x/$ref: $ref '../vdfs/create_entry.v1.json#/input': refs may only name shared",
        ),
        (
            lambda c: c["input"].__setitem__("patternProperties", {}),
            "#/input: keywords outside the supported subset: ['patternProperties']",
        ),
        (
            lambda c: c["output"].__setitem__("title", "PingInput"),
            "type name 'PingInput' is already defined differently",
        ),
        (
            lambda c: c.__setitem__("sdk", {"method": "ping", "args": ["nope"]}),
            "#/sdk/args/0: 'nope' is not an input field",
        ),
        (
            lambda c: c.__setitem__("sdk", {"method": "create_entry"}),
            "#/sdk/method: SDK method name 'create_entry' is also used by",
        ),
    ],
)
def test_checker_names_file_and_pointer(tmp_path: Path, edit: Edit, expected: str) -> None:
    problems = problems_after(tmp_path, edit)
    assert any(expected in p for p in problems), "\n".join(problems)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    def two_defects(content: dict[str, Any]) -> None:
        content["kind"] = "action"
        content["examples"][0]["input"]["count"] = "three"

    problems = problems_after(tmp_path, two_defects)
    assert any("#/kind" in p for p in problems)
    assert any("#/examples/0/input/count" in p for p in problems)


def test_a_ref_to_a_missing_definition_is_named(tmp_path: Path) -> None:
    problems = problems_after(
        tmp_path,
        lambda c: c["input"]["properties"].__setitem__("x", {"$ref": "../../defs.json#/$defs/Nope"}),
    )
    assert any(
        "#/input/properties/x/$ref: $ref '../../defs.json#/$defs/Nope' names no definition" in p for p in problems
    )


def test_a_file_that_is_not_json_is_named(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "schema" / "operations" / "core" / "broken.v1.json").write_text("{not json")
    with pytest.raises(SchemaError) as info:
        parse_schema_dir(project / "schema")
    assert any(
        p.file == "operations/core/broken.v1.json" and "not valid JSON" in p.message for p in info.value.problems
    )


def test_the_repository_schemas_pass() -> None:
    api = parse_schema_dir(Path(__file__).resolve().parents[2] / "schema")
    assert {op.method for op in api.operations} >= {"query:core.ping.v1", "action:vdfs.create_entry.input.v1"}


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda c: c["$defs"]["ErrorCode"]["x-http-status"].pop("conflict"),
            "errors.json#/$defs/ErrorCode/x-http-status/conflict: error code 'conflict' needs an x-http-status",
        ),
        (
            lambda c: c["$defs"]["ErrorCode"]["x-http-status"].__setitem__("conflict", 200),
            "errors.json#/$defs/ErrorCode/x-http-status/conflict: error code 'conflict' needs an x-http-status",
        ),
        (
            lambda c: c["$defs"]["ErrorCode"]["x-http-status"].__setitem__("nope", 400),
            "errors.json#/$defs/ErrorCode/x-http-status/nope: 'nope' is not an error code",
        ),
    ],
)
def test_every_error_code_has_the_http_status_the_daemon_answers_with(
    tmp_path: Path, edit: Edit, expected: str
) -> None:
    problems = problems_after(tmp_path, edit, Path("errors.json"))
    assert any(expected in p for p in problems), problems
