"""Helpers shared by several test modules."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacedrive_host.runtime.extension import Extension

ROOT = Path(__file__).resolve().parents[2]

MakeExtension = Callable[..., Path]
"""The `make_extension` fixture: writes an extension directory (manifest + .wasm) and returns it."""


def run_step(extension: Extension, call: str, library_id: object = None, **args: Any) -> dict[str, Any]:
    """Run one SDK call in the e2e guest; returns its report ({"ok": ...} or {"error": ...})."""
    payload = {"call": call, "library_id": str(library_id) if library_id else None, "args": args}
    answer = json.loads(extension.call_json("run_step", json.dumps(payload).encode()))
    assert "ok" in answer, answer
    report: dict[str, Any] = answer["ok"]
    return report


def copy_project(destination: Path) -> Path:
    """A copy of the codegen inputs (schema/, templates) to edit in tests."""
    for name in ("schema", "sdk-rust-template", "sdk-release"):
        shutil.copytree(ROOT / name, destination / name)
    (destination / "pyproject.toml").write_text("")
    return destination
