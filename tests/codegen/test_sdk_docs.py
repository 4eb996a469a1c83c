"""The generated SDK's documentation: every public item documented from the schemas (the checker
requires the descriptions), each client method's permission and error codes decided in the IR,
`cargo doc` clean under `-D missing_docs`, and the doctests compiled and run on the host target."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from spacedrive_codegen.ir import EnumType, StructType
from spacedrive_codegen.parser import COMMON_ERRORS, LIBRARY_ERRORS, SchemaError, parse_schema_dir
from support.helpers import ROOT, copy_project

SDK = ROOT / "generated" / "rust" / "spacedrive-sdk"


def test_every_type_field_and_enum_value_has_a_description() -> None:
    api = parse_schema_dir(ROOT / "schema")
    for named in api.types:
        assert named.description.strip(), named.name
        if isinstance(named, StructType):
            assert all(f.doc.strip() for f in named.fields), named.name
        else:
            assert isinstance(named, EnumType)
            assert all(v.description.strip() for v in named.variants), named.name


def test_each_operation_lists_its_permission_and_every_error_code_in_schema_order() -> None:
    api = parse_schema_dir(ROOT / "schema")
    order = [code.value for code in api.error_codes]
    client = (SDK / "src" / "client.rs").read_text()
    for op in api.operations:
        codes = [case.code for case in op.errors]
        assert codes == sorted(codes, key=order.index), op.method
        expected = {code for code, _ in COMMON_ERRORS} | {"permission_denied"}
        if op.scope == "library":
            expected |= {code for code, _ in LIBRARY_ERRORS}
        declared = json.loads((ROOT / "schema" / op.source).read_text())["errors"]
        assert set(codes) == expected | set(declared), op.method
        doc = client.split(f"pub fn {op.sdk.name}(", 1)[0].rsplit("    }\n", 1)[-1]
        assert f"`{op.method}`" in doc and f"Permission: `{op.permission}`" in doc, op.method
        for case in op.errors:
            assert f"[`{case.rust_name}`](crate::ErrorCode::{case.rust_name})" in doc, (op.method, case.code)


def test_the_checker_requires_descriptions_and_known_error_codes(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    path = project / "schema" / "operations" / "core" / "ping.v1.json"
    ping = json.loads(path.read_text())
    del ping["input"]["properties"]["message"]["description"]
    ping["errors"] = {"no_such_code": "never"}
    path.write_text(json.dumps(ping))
    defs_path = project / "schema" / "defs.json"
    defs = json.loads(defs_path.read_text())
    del defs["$defs"]["SidecarFormat"]["x-descriptions"]["binary"]
    defs_path.write_text(json.dumps(defs))
    with pytest.raises(SchemaError) as caught:
        parse_schema_dir(project / "schema")
    text = str(caught.value)
    assert "operations/core/ping.v1.json#/input/properties/message: every property needs a `description`" in text
    assert "operations/core/ping.v1.json#/errors/no_such_code" in text
    assert "defs.json#/$defs/SidecarFormat/enum/2: enum value 'binary' has no x-descriptions entry" in text


def test_no_doctest_of_the_sdk_is_ignored() -> None:
    """Every example in the SDK's docs is compiled (`no_run` where it needs a host) or run."""
    for path in sorted(SDK.rglob("*.rs")):
        assert not re.search(r"```\w*,?ignore", path.read_text()), path


def test_cargo_doc_is_clean_with_missing_docs_denied(cargo: Path) -> None:
    env = {**os.environ, "RUSTDOCFLAGS": "-D missing_docs -D warnings"}
    target = str(ROOT / "build" / "doc-target")
    command = [str(cargo), "doc", "--no-deps", "--manifest-path", str(SDK / "Cargo.toml"), "--target-dir", target]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr[-4000:]


def test_the_doctests_compile_and_run_on_the_host(cargo: Path) -> None:
    target = str(ROOT / "build" / "doc-target")
    command = [str(cargo), "test", "--doc", "--manifest-path", str(SDK / "Cargo.toml"), "--target-dir", target]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    summary = re.search(r"test result: ok\. (\d+) passed; 0 failed; (\d+) ignored", result.stdout)
    assert summary is not None and int(summary.group(1)) >= 6 and summary.group(2) == "0", result.stdout[-2000:]
