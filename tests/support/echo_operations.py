"""An echo guest with one declared operation, for the extension-operation tests and benchmark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from support.wat_guests import wat_bytes

ECHO_PREFIX = b'{"ok":'
ECHO = f"""
  (data (i32.const 1024) "{wat_bytes(ECHO_PREFIX)}")
  (func (export "echo") (param $p i32) (param $n i32) (result i32) (local $out i32)
    (local.set $out (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)))
    (global.set $bump (i32.const 65536))
    (i32.store (local.get $out) (i32.add (local.get $n) (i32.const 7)))
    (memory.copy (i32.add (local.get $out) (i32.const 4)) (i32.const 1024) (i32.const 6))
    (memory.copy (i32.add (local.get $out) (i32.const 10)) (local.get $p) (local.get $n))
    (i32.store8 (i32.add (i32.add (local.get $out) (i32.const 10)) (local.get $n)) (i32.const 125))
    (local.get $out))
  (func (export "on_event") (param i32 i32) (result i32) (i32.const 0))
"""
"""`echo(input)` answers `{"ok": input}`: whatever the host let in comes back as the output. The
answer is built right after the input, and the bump allocator starts over (the host reads the
answer before it allocates again), so calls do not use memory up."""


def echo_operation(**overrides: Any) -> dict[str, Any]:
    item = {"title": "Tag", "type": "string", "enum": ["a", "b"], "x-descriptions": {"a": "first", "b": "second"},
            "description": "A tag."}  # fmt: skip
    properties = {
        "n": {"type": "integer", "minimum": 0, "description": "A count."},
        "tags": {"type": "array", "items": item, "maxItems": 3, "description": "Tags."},
        "note": {"type": "string", "maxLength": 64, "description": "A note."},
        "json": {"type": "boolean", "description": "A name BaseModel has an attribute of."},
        "model_config": {"type": "integer", "description": "A name pydantic reserves."},
    }
    return {
        "method": "ext:echo.echo.v1",
        "summary": "Echo.",
        "description": "Answers its input.",
        "errors": {"invalid_input": "never"},
        "input": {"title": "EchoIn", "type": "object", "additionalProperties": False, "required": ["n"],
                  "properties": properties},
        "output": {"title": "EchoOut", "type": "object", "additionalProperties": False, "required": ["n"],
                   "properties": properties | {"n": {"type": "integer", "maximum": 10, "description": "At most 10."}}},
        "examples": [{"name": "one", "input": {"n": 1}, "output": {"n": 1}}],
    } | overrides  # fmt: skip


def write_operations(directory: Path, **files: dict[str, Any]) -> None:
    (directory / "operations").mkdir(exist_ok=True)
    for name, content in files.items():
        (directory / "operations" / name).write_text(json.dumps(content))
