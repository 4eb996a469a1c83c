"""Extension operations at run time: `ext:<extension>.<name>.v<N>` methods served by JSON exports.

An extension declares them in `operations/*.json` (docs/extension-operations.md). When it loads,
the files are checked with codegen's parser (`spacedrive_codegen.extension_ops`) and every
operation gets Pydantic models built from the same IR that renders its Rust types, on the wire
runtime of the host's own operations (`WireModel`, `Int64`, `Base64Data`, the free-form JSON
limits), so both kinds validate alike. A call is checked in both directions:

    method -> the extension and operation (unknown_method)
    payload: size cap (payload_too_large), strict JSON (invalid_json), input model (invalid_input)
    -> the export (its own envelope; a run failure keeps its code: time_limit, panicked, ...)
    -> an `ok` answer must match the output model, else `bad_answer` naming the fields

Only trusted callers (the daemon RPC, Python code holding the `Host`) reach them: a guest's
`spacedrive_call` of an `ext:` method is `permission_denied` (the router says so).
"""

from __future__ import annotations

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
from spacedrive_codegen.extension_ops import METHOD_PREFIX, parse_extension_operations
from spacedrive_codegen.ir import EnumType, ExtensionApi, ExtensionOperation, StructType, TypeRef
from spacedrive_codegen.parser import SchemaError
from spacedrive_wire._runtime import Base64Data, Int64, WireModel, dump_json
from spacedrive_wire.json_limits import JsonObject, JsonValue
from spacedrive_wire.manifest import ExtensionManifest

from .errors import ErrorCode, ExtensionError, LoadErrorCode, OperationError, error_envelope, preview
from .operations import _validation_details, check_strict_json

if TYPE_CHECKING:
    from .extension import Extension

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
    """Pydantic models for the named types of one extension's operations, built once per type."""

    def __init__(self, api: ExtensionApi) -> None:
        self.api = api
        self.models: dict[str, Any] = {}

    def annotation(self, ref: TypeRef) -> Any:
        if ref.kind == "array":
            assert ref.item is not None
            return list[self.annotation(ref.item)]  # type: ignore[misc]
        if ref.kind == "map":
            assert ref.item is not None
            return JsonObject if ref.free_form else dict[str, self.annotation(ref.item)]  # type: ignore[misc]
        if ref.kind == "named":
            assert ref.name is not None
            return self.named(ref.name)
        return _PRIMITIVES[ref.primitive or "any"]

    def named(self, name: str) -> Any:
        if name in self.models:
            return self.models[name]
        named = self.api.type_named(name)
        if isinstance(named, EnumType):
            model: Any = Literal[tuple(v.value for v in named.variants)]
        else:
            model = self.struct(named)
        self.models[name] = model
        return model

    def has_nullable(self, struct: StructType, seen: frozenset[str] = frozenset()) -> bool:
        """Whether a nullable field is in `struct` or any struct it holds (dump_json's `has_nullable`)."""
        for f in struct.fields:
            if f.nullable:
                return True
            ref = f.type
            while ref.item is not None:
                ref = ref.item
            if ref.kind == "named" and ref.name not in seen:
                named = self.api.type_named(ref.name or "")
                if isinstance(named, StructType) and self.has_nullable(named, seen | {struct.name}):
                    return True
        return False

    def struct(self, struct: StructType) -> type[WireModel]:
        fields: dict[str, Any] = {}
        for f in struct.fields:
            annotation = self.annotation(f.type)
            constraints = {_CONSTRAINTS[k]: v for k, v in f.constraints}
            if constraints:
                annotation = Annotated[annotation, Field(**constraints)]
            if f.nullable or f.optional:  # an optional field may be sent as null: read as absent, as host ops do
                annotation = annotation | None
            # Attributes get a prefix and the JSON name as alias: a property may be called `json`,
            # `copy` or `model_x`, which BaseModel's own attributes would shadow or refuse.
            fields[f"f_{f.json_name}"] = (annotation, Field(... if f.required else None, alias=f.json_name))
        model: type[WireModel] = pydantic.create_model(struct.name, __base__=WireModel, **fields)
        return model


def models_by_export(api: ExtensionApi) -> dict[str, tuple[type[WireModel], type[WireModel]]]:
    """The input and output models of each operation, by export (for tests and tools)."""
    builder = _ModelBuilder(api)
    return {op.export: (builder.named(op.input.name), builder.named(op.output.name)) for op in api.operations}


@dataclass(frozen=True)
class ServedOperation:
    """One operation of a loaded extension, with the models its calls are checked against."""

    spec: ExtensionOperation
    input_model: type[WireModel]
    output_model: type[WireModel]
    output_has_nullable: bool
    """Whether the output holds a nullable field anywhere (else the answer takes pydantic's fast path)."""


def load_operations(
    directory: Path, extension_id: str, manifest: ExtensionManifest, module: wasmtime.Module
) -> dict[str, ServedOperation]:
    """The operations `directory` declares, checked against the manifest and module of a version.

    A bad operation file is `manifest_invalid` (with file and JSON pointer); an operation whose
    export is missing or not `(i32, i32) -> i32` is `missing_export` / `bad_export`."""
    callbacks = frozenset(manifest.events.values()) if manifest.events else frozenset()
    try:
        api = parse_extension_operations(directory, extension_id, reserved_exports=callbacks)
    except SchemaError as exc:
        problems = "; ".join(str(p) for p in exc.problems)
        raise ExtensionError(LoadErrorCode.manifest_invalid, f"operations/: {problems}", extension_id) from None
    builder = _ModelBuilder(api)
    served: dict[str, ServedOperation] = {}
    exports = {e.name: e.type for e in module.exports}
    for op in api.operations:
        export_type = exports.get(op.export)
        if export_type is None:
            raise ExtensionError(
                LoadErrorCode.missing_export,
                f"{op.method} is served by `{op.export}`, which is not exported",
                extension_id,
            )
        if not isinstance(export_type, wasmtime.FuncType) or (
            [str(p) for p in export_type.params],
            [str(r) for r in export_type.results],
        ) != (["i32", "i32"], ["i32"]):
            raise ExtensionError(
                LoadErrorCode.bad_export,
                f"export `{op.export}` of {op.method} is not `(i32, i32) -> i32`",
                extension_id,
            )
        served[op.method] = ServedOperation(
            op, builder.named(op.input.name), builder.named(op.output.name), builder.has_nullable(op.output)
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
        return next((method for method, served in entry[1].items() if served.spec.export == export), None)

    def lookup(self, method: str) -> tuple[Extension, ServedOperation] | None:
        extension_id = method[len(METHOD_PREFIX) :].split(".", 1)[0]
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
        answer = extension.call_json(served.spec.export, payload)
        if not answer:
            raise OperationError(
                ErrorCode.bad_answer, f"`{served.spec.export}` gave no answer; {method} declares an output"
            )
        value = _ok_value(answer)
        if value is None:
            return answer  # the export's own error envelope (check_answer has checked its shape and code)
        try:
            output = served.output_model.model_validate_json(value)
        except pydantic.ValidationError as exc:
            raise OperationError(
                ErrorCode.bad_answer,
                f"`{served.spec.export}` answered an output that does not match the schema of {method}",
                _validation_details(exc),
            ) from None
        return b'{"ok":' + dump_json(output, has_nullable=served.output_has_nullable) + b"}"
