"""Codegen: deterministic output, drift detection, and a schema change reaching both languages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from spacedrive_codegen import toolchain
from spacedrive_codegen.cli import main
from spacedrive_codegen.generate import Layout, check, load, render_all, run
from spacedrive_codegen.parser import parse_schema_dir
from support.helpers import ROOT, copy_project


def test_output_is_deterministic() -> None:
    layout = Layout(ROOT)
    first = render_all(parse_schema_dir(layout.schema_dir), layout)
    second = render_all(parse_schema_dir(layout.schema_dir), layout)
    assert first == second


def test_generated_tree_is_up_to_date() -> None:
    drift = run(ROOT, check_only=True)
    assert drift.clean, f"run `sdext codegen`: changed={drift.changed} missing={drift.missing} extra={drift.extra}"


def test_hand_edit_of_a_generated_file_is_detected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_project(tmp_path)
    shutil.copytree(ROOT / "generated", project / "generated")
    assert main(["codegen", "--check", "--root", str(project)]) == 0
    edited = project / "generated" / "rust" / "spacedrive-sdk" / "src" / "client.rs"
    edited.write_text(edited.read_text() + "\n// hand edit\n")
    (project / "generated" / "python" / "spacedrive_wire" / "stray.py").write_text("")
    assert main(["codegen", "--check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "changed: generated/rust/spacedrive-sdk/src/client.rs" in err
    assert "extra: generated/python/spacedrive_wire/stray.py" in err
    assert main(["codegen", "--root", str(project)]) == 0
    assert check(render_all(load(project), Layout(project)), project / "generated").clean


def add_optional_ping_field(project: Path) -> None:
    path = project / "schema" / "operations" / "core" / "ping.v1.json"
    schema = json.loads(path.read_text())
    schema["input"]["properties"]["tag"] = {"type": "string", "description": "A label to echo."}
    schema["examples"].append(
        {"name": "tagged", "input": {"message": "m", "tag": "t"}, "output": {"echo": ["m"], "count": 1}}
    )
    path.write_text(json.dumps(schema, indent=2))


CONTRACT_SCRIPT = """
import json, sys
from spacedrive_wire import models
from spacedrive_wire._runtime import dump_json
value = {"message": "m", "tag": "t"}
model = models.PingInput.model_validate_json(json.dumps(value))
assert model.tag == "t", model
assert json.loads(dump_json(model)) == value
print("python-ok")
"""


def test_optional_field_reaches_python_and_rust_and_the_contract_holds(
    tmp_path: Path, wasm_toolchain: toolchain.WasmToolchain
) -> None:
    project = copy_project(tmp_path)
    (project / "generated").mkdir()
    add_optional_ping_field(project)
    assert main(["codegen", "--root", str(project)]) == 0
    generated = project / "generated"
    python_models = (generated / "python" / "spacedrive_wire" / "models.py").read_text()
    rust_types = (generated / "rust" / "spacedrive-sdk" / "src" / "types.rs").read_text()
    assert "tag: str | None = None" in python_models
    assert "pub tag: Option<String>," in rust_types
    assert python_models != (ROOT / "generated" / "python" / "spacedrive_wire" / "models.py").read_text()

    env = dict(os.environ, PYTHONPATH=str(generated / "python"))
    result = subprocess.run(
        [sys.executable, "-c", CONTRACT_SCRIPT], env=env, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "python-ok", result.stderr

    # Rust: build the contract guest against the modified SDK and round-trip the new example.
    guest = project / "guest"
    shutil.copytree(ROOT / "tests" / "guests" / "contract", guest)
    cargo = (guest / "Cargo.toml").read_text()
    cargo = cargo.replace('spacedrive-sdk = { workspace = true, features = ["contract"] }', "")
    cargo = cargo.replace("serde = { workspace = true }", 'serde = { version = "1", features = ["derive"] }')
    cargo = cargo.replace("serde_json = { workspace = true }", 'serde_json = "1"')
    sdk_path = (generated / "rust" / "spacedrive-sdk").as_posix()
    cargo += f'spacedrive-sdk = {{ path = "{sdk_path}", features = ["contract"] }}\n\n[workspace]\n'
    (guest / "Cargo.toml").write_text(cargo)
    tools = wasm_toolchain
    wasm = toolchain.build(guest / "Cargo.toml", toolchain=tools, target_dir=ROOT / "build" / "wasm-target-codegen")

    from spacedrive_host.app.host import Host

    ext = project / "ext"
    ext.mkdir()
    shutil.copyfile(wasm[0], ext / "c.wasm")
    (ext / "manifest.json").write_text(json.dumps({"id": "c", "name": "C", "version": "0.1.0", "wasm": "c.wasm"}))
    with Host(project / "data") as host:
        guest_ext = host.load_extension(ext)
        vector = {"type": "PingInput", "value": {"message": "m", "tag": "t"}}
        answer = json.loads(guest_ext.call_json("roundtrip", json.dumps(vector).encode()))
    assert answer == {"ok": {"message": "m", "tag": "t"}}
