"""Extension operations at run time: `ext:<extension>.<name>.v<N>` methods served by JSON exports.

An extension declares them in `operations/*.json` (docs/extension-operations.md); `sdext codegen
--extension` checks those files and compiles them into `operations.compiled.json`, which is what
the host reads when the extension loads (the host does not depend on codegen). Every operation
gets Pydantic models built from it on the wire runtime of the host's own operations (`WireModel`,
`Int64`, `Base64Data`, the free-form JSON limits), so both kinds validate alike. A call is checked
in both directions:

    method -> the extension and operation (unknown_method)
    payload: size cap (payload_too_large), strict JSON (invalid_json), input model (invalid_input)
    -> the export (its own envelope; a run failure keeps its code: time_limit, panicked, ...)
    -> an `ok` answer must match the output model, else `bad_answer` naming the fields

Only trusted callers (the daemon RPC, Python code holding the `Host`, `sdext run`) reach them: a
guest's `spacedrive_call` of an `ext:` method is `permission_denied` (the router says so).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic
import wasmtime
from pydantic import AwareDatetime, Field
from spacedrive_wire._runtime import Base64Data, Int64, WireModel
from spacedrive_wire.json_limits import JsonObject, JsonValue
from spacedrive_wire.manifest import ExtensionManifest

from spacedrive_host.api.operations import EXTENSION_METHOD_PREFIX
from spacedrive_host.core.errors import (
    ExtensionError,
    LoadErrorCode,
)

OPERATIONS_DIR = "operations"
BUNDLE_FILE = "operations.compiled.json"
BUNDLE_FORMAT = 1
"""The format of `operations.compiled.json` this host reads (codegen's `extension_ops.bundle`)."""
RESERVED_EXPORTS = frozenset(
    {"memory", "wasm_alloc", "wasm_free", "plugin_init", "plugin_cleanup", "spacedrive_response_buffer"}
)
"""Exports the ABI gives a meaning of their own (docs/abi.md): never an operation's."""
REGENERATE = "run `sdext codegen --extension DIR` (or `sdext build DIR`)"

_PRIMITIVES: dict[str, Any] = {
    "string": str,
    "integer": Int64,
    "number": float,
    "boolean": bool,
    "bytes": Base64Data,
    "uuid": uuid.UUID,
    "datetime": AwareDatetime,
    "any": JsonValue,
}
_CONSTRAINTS = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "minItems": "min_length",
    "maxItems": "max_length",
}


class _ModelBuilder:
    """Pydantic models for the named types of a compiled bundle, built once per type."""

    def __init__(self, types: dict[str, Any]) -> None:
        self.types = types
        self.models: dict[str, Any] = {}

    def annotation(self, ref: dict[str, Any]) -> Any:
        kind = ref["kind"]
        if kind == "array":
            return list[self.annotation(ref["item"])]  # type: ignore[misc]
        if kind == "map":
            item = ref["item"]
            if item == {"kind": "primitive", "primitive": "any"}:
                return JsonObject
            return dict[str, self.annotation(item)]  # type: ignore[misc]
        if kind == "named":
            return self.named(ref["name"])
        return _PRIMITIVES[ref["primitive"]]

    def named(self, name: str) -> Any:
        if name in self.models:
            return self.models[name]
        node = self.types[name]
        model: Any = Literal[tuple(node["values"])] if node["kind"] == "enum" else self.struct(name, node["fields"])
        self.models[name] = model
        return model

    def has_nullable(self, name: str, seen: frozenset[str] = frozenset()) -> bool:
        """Whether a nullable field is in type `name` or any struct it holds (dump_json's `has_nullable`)."""
        node = self.types[name]
        for f in node.get("fields", ()):
            if f["nullable"]:
                return True
            ref = f["type"]
            while "item" in ref:
                ref = ref["item"]
            if ref["kind"] == "named" and ref["name"] not in seen and self.has_nullable(ref["name"], seen | {name}):
                return True
        return False

    def struct(self, name: str, fields_in: list[dict[str, Any]]) -> type[WireModel]:
        fields: dict[str, Any] = {}
        for f in fields_in:
            annotation = self.annotation(f["type"])
            constraints = {_CONSTRAINTS[k]: v for k, v in f["constraints"].items()}
            if constraints:
                annotation = Annotated[annotation, Field(**constraints)]
            if f["nullable"] or not f["required"]:  # an optional field sent as null is read as absent, as host ops do
                annotation = annotation | None
            # Attributes get a prefix and the JSON name as alias: a property may be called `json`,
            # `copy` or `model_x`, which BaseModel's own attributes would shadow or refuse.
            default = ... if f["required"] else None
            fields[f"f_{f['name']}"] = (annotation, Field(default, alias=f["name"]))
        model: type[WireModel] = pydantic.create_model(name, __base__=WireModel, **fields)
        return model


@dataclass(frozen=True)
class ServedOperation:
    """One operation of a loaded extension, with the models its calls are checked against."""

    method: str
    export: str
    input_model: type[WireModel]
    output_model: type[WireModel]
    output_has_nullable: bool
    """Whether the output holds a nullable field anywhere (else the answer takes pydantic's fast path)."""


def source_digests(directory: Path) -> dict[str, str]:
    """SHA-256 of every operation file (what the bundle records), by path relative to `directory`."""
    ops_dir = directory / OPERATIONS_DIR
    files = sorted(ops_dir.glob("*.json")) if ops_dir.is_dir() else []
    return {f"{OPERATIONS_DIR}/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def read_bundle(directory: Path, extension_id: str) -> dict[str, Any] | None:
    """The extension's compiled operations, None if it declares none. Refused (`manifest_invalid`):
    operation files without a bundle, a bundle of other files (stale) or of another extension."""
    path = directory / BUNDLE_FILE
    sources = source_digests(directory)
    if not path.is_file():
        if sources:
            raise ExtensionError(
                LoadErrorCode.manifest_invalid, f"operations/ has no {BUNDLE_FILE}; {REGENERATE}", extension_id
            )
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ExtensionError(
            LoadErrorCode.manifest_invalid, f"{BUNDLE_FILE}: {exc}; {REGENERATE}", extension_id
        ) from None
    if not isinstance(document, dict) or document.get("format") != BUNDLE_FORMAT:
        raise ExtensionError(
            LoadErrorCode.manifest_invalid, f"{BUNDLE_FILE} is not format {BUNDLE_FORMAT}; {REGENERATE}", extension_id
        )
    if document.get("extension") != extension_id:
        raise ExtensionError(
            LoadErrorCode.manifest_invalid,
            f"{BUNDLE_FILE} is for extension {document.get('extension')!r}; {REGENERATE}",
            extension_id,
        )
    if sources and document.get("sources") != sources:
        raise ExtensionError(
            LoadErrorCode.manifest_invalid,
            f"operations/ changed since {BUNDLE_FILE} was compiled; {REGENERATE}",
            extension_id,
        )
    return document


def models_by_export(directory: Path, extension_id: str) -> dict[str, tuple[type[WireModel], type[WireModel]]]:
    """The input and output models of each operation, by export (for tests and tools)."""
    document = read_bundle(directory, extension_id) or {"operations": [], "types": {}}
    builder = _ModelBuilder(document["types"])
    return {op["export"]: (builder.named(op["input"]), builder.named(op["output"])) for op in document["operations"]}


def load_operations(
    directory: Path, extension_id: str, manifest: ExtensionManifest, module: wasmtime.Module
) -> dict[str, ServedOperation]:
    """The operations `directory` declares, checked against the manifest and module of a version.

    A missing, stale or foreign bundle and an operation served by an event callback or an ABI
    export are `manifest_invalid`; an operation whose export is missing or not
    `(i32, i32) -> i32` is `missing_export` / `bad_export`."""
    document = read_bundle(directory, extension_id)
    if document is None:
        return {}
    callbacks = frozenset(manifest.events.values()) if manifest.events else frozenset()
    builder = _ModelBuilder(document["types"])
    served: dict[str, ServedOperation] = {}
    exports = {e.name: e.type for e in module.exports}
    for op in document["operations"]:
        method, export = op["method"], op["export"]
        if not method.startswith(f"{EXTENSION_METHOD_PREFIX}{extension_id}."):
            raise ExtensionError(LoadErrorCode.manifest_invalid, f"{BUNDLE_FILE}: {method!r} is not ours", extension_id)
        if export in callbacks or export in RESERVED_EXPORTS:
            raise ExtensionError(
                LoadErrorCode.manifest_invalid,
                f"{method} is served by `{export}`, an event callback or ABI export; give it an export of its own",
                extension_id,
            )
        export_type = exports.get(export)
        if export_type is None:
            raise ExtensionError(
                LoadErrorCode.missing_export, f"{method} is served by `{export}`, which is not exported", extension_id
            )
        if not isinstance(export_type, wasmtime.FuncType) or (
            [str(p) for p in export_type.params],
            [str(r) for r in export_type.results],
        ) != (["i32", "i32"], ["i32"]):
            raise ExtensionError(
                LoadErrorCode.bad_export, f"export `{export}` of {method} is not `(i32, i32) -> i32`", extension_id
            )
        served[method] = ServedOperation(
            method,
            export,
            builder.named(op["input"]),
            builder.named(op["output"]),
            builder.has_nullable(op["output"]),
        )
    return served
