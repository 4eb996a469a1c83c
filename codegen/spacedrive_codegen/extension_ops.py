"""Extension operations: an extension's own exports declared with JSON Schemas (docs/extension-operations.md).

An extension directory may hold `operations/<name>.v<N>.json`, one file per operation, in the
schema subset of `schema/` (docs/schema-subset.md). This module checks them with the same
parser as `schema/` into an `ExtensionApi`, and renders the typed Rust module the extension
crate compiles (`src/operations.rs`, written by `sdext codegen --extension DIR`). The host
reads the same files when it loads the extension and validates every call against them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from .ir import EnumType, ErrorCase, ExtensionApi, ExtensionOperation, StructType, TypeRef
from .openapi_out import extension_openapi_document
from .parser import MAX_METHOD_BYTES, SchemaError, SchemaProblem, _Doc, _Parser, describe_io, pascal_case
from .rust_out import rustfmt
from .templating import render

OPERATIONS_DIR = "operations"
RUST_MODULE = "src/operations.rs"
OPENAPI_FILE = "openapi.json"
MANIFEST_FILE = "manifest.json"
URI_BASE = "https://spacedrive.dev/extensions"
FILE_RE = re.compile(r"^([a-z][a-z0-9_]{0,63})\.v([1-9][0-9]{0,8})\.json$")
EXPORT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
METHOD_PREFIX = "ext:"
RESERVED_EXPORTS = frozenset(
    {"memory", "wasm_alloc", "wasm_free", "plugin_init", "plugin_cleanup", "spacedrive_response_buffer"}
)
"""Exports the ABI gives a meaning of their own (docs/abi.md)."""

OPERATION_FILE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Extension operation file",
    "description": "The shape of every file under <extension>/operations/: one operation the extension serves.",
    "type": "object",
    "additionalProperties": False,
    "required": ["method", "summary", "description", "input", "output", "examples"],
    "properties": {
        "$schema": {"const": "https://json-schema.org/draft/2020-12/schema"},
        "$comment": {"type": "string"},
        "method": {"type": "string"},
        "export": {"type": "string"},
        "summary": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "errors": {
            "type": "object",
            "description": "Wire error codes the export answers with -> when (details.code names the case).",
            "additionalProperties": {"type": "string", "minLength": 1},
        },
        "input": {"type": "object"},
        "output": {"type": "object"},
        "examples": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "input", "output"],
                "properties": {"name": {"type": "string", "minLength": 1}, "input": {}, "output": {}},
            },
        },
    },
}


def method_of(extension_id: str, name: str, version: int) -> str:
    """The wire method of an extension operation: `ext:<extension id>.<name>.v<N>`."""
    return f"{METHOD_PREFIX}{extension_id}.{name}.v{version}"


def _wire_error_codes() -> frozenset[str]:
    """The closed set of wire codes (schema/errors.json, as generated into the Python wire package)."""
    from spacedrive_wire.models import ErrorCode

    return frozenset(code.value for code in ErrorCode)


def extension_id_of(directory: Path) -> str:
    """The `id` of the extension's manifest (the namespace of its operations)."""
    path = directory / MANIFEST_FILE
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SchemaError([SchemaProblem(MANIFEST_FILE, "", f"cannot read the manifest: {exc}")]) from None
    extension_id = manifest.get("id") if isinstance(manifest, dict) else None
    if not isinstance(extension_id, str) or not extension_id:
        raise SchemaError([SchemaProblem(MANIFEST_FILE, "/id", "the manifest has no extension id")])
    return extension_id


def parse_extension_operations(
    directory: Path, extension_id: str | None = None, *, reserved_exports: frozenset[str] = frozenset()
) -> ExtensionApi:
    """Check `directory/operations/*.json` and build the IR, or raise SchemaError with every problem.

    `reserved_exports` are exports with another role (the manifest's event callbacks): an
    operation may not be served by one of them."""
    extension_id = extension_id or extension_id_of(directory)
    ops_dir = directory / OPERATIONS_DIR
    parser = _Parser(ops_dir)
    docs: list[_Doc] = []
    for path in sorted(ops_dir.glob("*.json")) if ops_dir.is_dir() else ():
        rel = f"{OPERATIONS_DIR}/{path.name}"
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            parser.problem(rel, "", f"not valid JSON: {exc}")
            continue
        doc = _Doc(rel, f"{URI_BASE}/{extension_id}/{rel}", loaded)
        parser.docs[doc.uri] = doc
        docs.append(doc)
    registry = parser.registry()
    meta = jsonschema.Draft202012Validator(OPERATION_FILE_SCHEMA)
    wire_codes = _wire_error_codes()
    operations: list[ExtensionOperation] = []
    exports: dict[str, str] = {}
    for doc in docs:
        problems_before = len(parser.problems)
        content: dict[str, Any] = doc.content
        for error in sorted(meta.iter_errors(content), key=lambda e: list(e.absolute_path)):
            where = "".join(f"/{p}" for p in error.absolute_path)
            parser.problem(doc.rel, where, error.message)
        if len(parser.problems) > problems_before:
            continue
        match = FILE_RE.match(doc.rel.split("/", 1)[1])
        if match is None:
            parser.problem(doc.rel, "", "an operation file is named <name>.v<N>.json (snake_case name, N >= 1)")
            continue
        name, version = match.group(1), int(match.group(2))
        method = method_of(extension_id, name, version)
        if content["method"] != method:
            parser.problem(doc.rel, "/method", f"must be {method!r} (extension id, file name and version)")
        if len(method.encode()) > MAX_METHOD_BYTES:
            parser.problem(doc.rel, "/method", f"method is longer than the ABI's {MAX_METHOD_BYTES} bytes")
        export = str(content.get("export", name))
        if not EXPORT_RE.match(export) or export in RESERVED_EXPORTS or export in reserved_exports:
            parser.problem(doc.rel, "/export", f"{export!r} is not a free JSON export name (reserved or malformed)")
        elif export in exports:
            parser.problem(doc.rel, "/export", f"export {export!r} already serves {exports[export]}")
        exports.setdefault(export, method)
        errors = []
        for code, when in content.get("errors", {}).items():
            if code not in wire_codes:
                parser.problem(doc.rel, f"/errors/{code}", f"{code!r} is not a wire error code (schema/errors.json)")
            errors.append(ErrorCase(code, pascal_case(code), when))
        in_type, _, _ = parser.parse_type(doc, "/input", content["input"])
        out_type, _, _ = parser.parse_type(doc, "/output", content["output"])
        input_struct = parser.types.get(in_type.name or "") if in_type.kind == "named" else None
        output_struct = parser.types.get(out_type.name or "") if out_type.kind == "named" else None
        if not isinstance(input_struct, StructType) or not isinstance(output_struct, StructType):
            parser.problem(doc.rel, "", "input and output must both be objects with a title")
            continue
        examples = parser.check_examples(doc, registry)
        operations.append(
            ExtensionOperation(
                extension=extension_id,
                name=name,
                version=version,
                export=export,
                summary=content["summary"],
                description=content["description"],
                input=input_struct,
                output=output_struct,
                examples=examples,
                errors=tuple(errors),
                source=doc.rel,
            )
        )
    for op in operations:
        describe_io(parser.types, op.input, op.output, f"`{op.method}` (export `{op.export}`): {op.summary}")
    markers = {op.rust_type: op for op in operations}
    for type_name, origin in parser.type_origin.items():
        if type_name in markers:
            parser.problem(origin, "", f"type name {type_name!r} is the marker type of {markers[type_name].method}")
    if parser.problems:
        raise SchemaError(parser.problems)
    return ExtensionApi(
        extension=extension_id,
        operations=tuple(sorted(operations, key=lambda o: o.method)),
        types=tuple(sorted(parser.types.values(), key=lambda t: t.name)),
    )


def rust_module(api: ExtensionApi) -> str:
    """The Rust module of the extension's operations (`src/operations.rs`), formatted."""
    return rustfmt(render("rust/extension_operations.rs.j2", api=api), RUST_MODULE)


BUNDLE_FILE = "operations.compiled.json"
BUNDLE_FORMAT = 1


def _type_json(ref: TypeRef) -> dict[str, Any]:
    if ref.kind in ("array", "map"):
        assert ref.item is not None
        return {"kind": ref.kind, "item": _type_json(ref.item)}
    if ref.kind == "named":
        return {"kind": "named", "name": ref.name}
    return {"kind": "primitive", "primitive": ref.primitive}


def source_digests(directory: Path) -> dict[str, str]:
    """SHA-256 of every operation file, by path relative to the extension directory."""
    ops_dir = directory / OPERATIONS_DIR
    files = sorted(ops_dir.glob("*.json")) if ops_dir.is_dir() else []
    return {f"{OPERATIONS_DIR}/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def bundle(api: ExtensionApi, sources: dict[str, str]) -> str:
    """What the host reads at load time (`operations.compiled.json`): the checked operations and their
    types, resolved, with the digests of the files they came from. The host never runs this checker
    (spacedrive-host does not depend on spacedrive-codegen); it refuses a bundle whose sources changed."""
    types: dict[str, Any] = {}
    for t in api.types:
        if isinstance(t, EnumType):
            types[t.name] = {"kind": "enum", "values": [v.value for v in t.variants]}
        else:
            assert isinstance(t, StructType)
            fields = [
                {
                    "name": f.json_name,
                    "type": _type_json(f.type),
                    "required": f.required,
                    "nullable": f.nullable,
                    "constraints": dict(f.constraints),
                }
                for f in t.fields
            ]
            types[t.name] = {"kind": "struct", "fields": fields}
    document = {
        "format": BUNDLE_FORMAT,
        "generated_by": "sdext codegen --extension; DO NOT EDIT",
        "extension": api.extension,
        "sources": sources,
        "operations": [
            {"method": op.method, "export": op.export, "input": op.input.name, "output": op.output.name}
            for op in api.operations
        ],
        "types": types,
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def openapi(api: ExtensionApi) -> str:
    """The OpenAPI document of the extension's operations (`openapi.json` next to the manifest)."""
    from spacedrive_wire.operations import ERROR_HTTP_STATUS

    return extension_openapi_document(api, dict(ERROR_HTTP_STATUS))


@dataclass(frozen=True)
class ModuleState:
    """Whether the generated files (`src/operations.rs`, `openapi.json`, `operations.compiled.json`) are
    what the operation files give."""

    path: Path
    """The Rust module."""
    expected: str
    """The Rust module's expected content."""
    stale: tuple[Path, ...]
    """The generated files that differ (or are missing)."""


def generate_extension(directory: Path, *, check_only: bool = False) -> ModuleState:
    """Write (or, with `check_only`, compare) the extension's generated Rust module and OpenAPI document."""
    manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
    events = manifest.get("events") if isinstance(manifest, dict) else None
    callbacks = frozenset(v for v in events.values() if isinstance(v, str)) if isinstance(events, dict) else frozenset()
    api = parse_extension_operations(directory, reserved_exports=callbacks)
    files = {
        directory / RUST_MODULE: rust_module(api),
        directory / OPENAPI_FILE: openapi(api),
        directory / BUNDLE_FILE: bundle(api, source_digests(directory)),
    }
    stale = []
    for path, expected in files.items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == expected:
            continue
        stale.append(path)
        if not check_only:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(expected)
    return ModuleState(directory / RUST_MODULE, files[directory / RUST_MODULE], tuple(stale))
