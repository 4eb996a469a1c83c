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
import re
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import pydantic
import wasmtime
from pydantic import AwareDatetime, Field
from spacedrive_wire._runtime import Base64Data, Int64, WireModel, dump_json
from spacedrive_wire.json_limits import JsonObject, JsonValue
from spacedrive_wire.manifest import ExtensionManifest

from .errors import ErrorCode, ExtensionError, LoadErrorCode, OperationError, error_envelope, preview
from .operations import EXTENSION_METHOD_PREFIX, _validation_details, check_strict_json

if TYPE_CHECKING:
    from .extension import Extension

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


_OK_KEY = re.compile(rb'\s*\{\s*"ok"\s*:')
_ERROR_KEY = re.compile(rb'\s*\{\s*"error"\s*:')


def _ok_value(answer: bytes) -> bytes | None:
    """The JSON of an `{"ok": value}` answer's value, None for an error envelope.

    `check_answer` has parsed the answer: an object with exactly one key. The common spellings
    are sliced (the value runs from the key's `:` to the last `}`); any other spelling of the key
    (escapes) is decoded, so no `ok` answer escapes the output check."""
    match = _OK_KEY.match(answer)
    if match is not None:
        return answer[match.end() : answer.rindex(b"}")]
    if _ERROR_KEY.match(answer) is not None:
        return None
    envelope = json.loads(answer)
    return json.dumps(envelope["ok"]).encode() if "ok" in envelope else None


class ExtensionOperations:
    """The `ext:` methods of every loaded extension (the host keeps one; the daemon reaches it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_extension: dict[str, tuple[Extension, dict[str, ServedOperation]]] = {}

    def register(self, extension: Extension) -> None:
        """Read the extension's operations (again, after a reload); raises ExtensionError if they are bad."""
        served = load_operations(extension.directory, extension.id, extension.manifest, extension.module)
        with self._lock:
            self._by_extension[extension.id] = (extension, served)

    def unregister(self, extension_id: str) -> None:
        with self._lock:
            self._by_extension.pop(extension_id, None)

    def methods(self) -> list[str]:
        with self._lock:
            return sorted(m for _, served in self._by_extension.values() for m in served)

    def method_of_export(self, extension_id: str, export: str) -> str | None:
        """The method an export serves, if it is declared as an operation (`sdext run` validates through it)."""
        with self._lock:
            entry = self._by_extension.get(extension_id)
        if entry is None:
            return None
        return next((method for method, served in entry[1].items() if served.export == export), None)

    def lookup(self, method: str) -> tuple[Extension, ServedOperation] | None:
        extension_id = method[len(EXTENSION_METHOD_PREFIX) :].split(".", 1)[0]
        with self._lock:
            entry = self._by_extension.get(extension_id)
        if entry is None or method not in entry[1]:
            return None
        return entry[0], entry[1][method]

    def execute(self, method: str, payload: bytes) -> bytes:
        """Run one extension operation; always an envelope (`{"ok": ...}` or `{"error": ...}`)."""
        try:
            return self._execute(method, payload)
        except OperationError as exc:
            return exc.envelope()
        except ExtensionError as exc:
            return error_envelope(exc.code, exc.message, {"extension": exc.extension_id})

    def _execute(self, method: str, payload: bytes) -> bytes:
        found = self.lookup(method)
        if found is None:
            raise OperationError(ErrorCode.unknown_method, f"no extension operation {preview(method)}")
        extension, served = found
        cap = extension.limits.request_bytes
        if len(payload) > cap:
            raise OperationError(
                ErrorCode.payload_too_large,
                f"request payload of {len(payload)} bytes exceeds the cap of {cap} (limits.request_bytes)",
                {"limit": cap, "size": len(payload)},
            )
        check_strict_json(payload)
        try:
            served.input_model.model_validate_json(payload)
        except pydantic.ValidationError as exc:
            errors = exc.errors(include_url=False)
            if errors and errors[0]["type"] == "json_invalid":
                raise OperationError(ErrorCode.invalid_json, f"payload is not valid JSON: {errors[0]['msg']}") from None
            raise OperationError(
                ErrorCode.invalid_input, f"invalid input for {method}", _validation_details(exc)
            ) from None
        answer = extension.call_json(served.export, payload)
        if not answer:
            raise OperationError(ErrorCode.bad_answer, f"`{served.export}` gave no answer; {method} declares an output")
        value = _ok_value(answer)
        if value is None:
            return answer  # the export's own error envelope (check_answer has checked its shape and code)
        try:
            output = served.output_model.model_validate_json(value)
        except pydantic.ValidationError as exc:
            raise OperationError(
                ErrorCode.bad_answer,
                f"`{served.export}` answered an output that does not match the schema of {method}",
                _validation_details(exc),
            ) from None
        return b'{"ok":' + dump_json(output, has_nullable=served.output_has_nullable) + b"}"
