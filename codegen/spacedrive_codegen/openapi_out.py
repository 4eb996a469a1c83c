"""OpenAPI 3.1 description of the daemon RPC (`sdext serve`), rendered from the IR.

Every status the daemon can answer an operation with is listed, each with its JSON body:
200 `{"ok": <output>}`; an error envelope under the status its error code maps to
(`x-http-status` in schema/errors.json); and the transport statuses (401 bad token, 400
malformed request or library header, 408 request not received in time, 413 body over the
cap, 503 too many connections). An optional field may also be sent as null, which the host
reads as absent (answers leave it out). The library header is a plain string with a UUID pattern
(no `format: uuid`), so generated clients take and send it as a string.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from .ir import Api, EnumType, ExtensionApi, Field, NamedType, Operation, TypeRef

COMPONENTS = "#/components/schemas/"
LIBRARY_HEADER = "X-Spacedrive-Library"
UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

TRANSPORT_STATUSES: dict[int, str] = {
    400: f"The HTTP request is malformed, or the `{LIBRARY_HEADER}` header is not a UUID (`invalid_input`).",
    401: "Missing or wrong bearer token (`permission_denied`); nothing else is checked first.",
    408: "The request head or body was not received within the read timeout (`timeout`); the connection is closed.",
    413: "The request body (chunked or not) is over the daemon's cap (`payload_too_large`); the connection is closed.",
    503: "The daemon is at its connection cap and every connection is busy (`resource_exhausted`).",
}
"""Statuses the daemon itself answers with, before or around the operation (docs/daemon.md)."""


def _type_schema(ref: TypeRef, prefix: str = "") -> dict[str, Any]:
    if ref.kind == "named":
        return {"$ref": f"{COMPONENTS}{prefix}{ref.name}"}
    if ref.kind == "array":
        assert ref.item is not None
        return {"type": "array", "items": _type_schema(ref.item, prefix)}
    if ref.kind == "map":
        assert ref.item is not None
        if ref.free_form:
            return {"type": "object", "additionalProperties": True}
        return {"type": "object", "additionalProperties": _type_schema(ref.item, prefix)}
    return {
        "string": {"type": "string"},
        "integer": {"type": "integer", "format": "int64"},
        "number": {"type": "number"},
        "boolean": {"type": "boolean"},
        "bytes": {"type": "string", "contentEncoding": "base64"},
        "uuid": {"type": "string", "format": "uuid"},
        "datetime": {"type": "string", "format": "date-time"},
        "any": {},
    }[ref.primitive or "any"]


def _field_schema(field: Field, prefix: str = "") -> dict[str, Any]:
    schema = _type_schema(field.type, prefix)
    schema.update(dict(field.constraints))
    if (field.nullable or not field.required) and schema:  # the host reads an optional field's null as absent
        schema = {"anyOf": [schema, {"type": "null"}]}
    if field.description:
        schema["description"] = field.description
    return schema


def _type_components(types: tuple[NamedType, ...], prefix: str = "") -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for t in types:
        if isinstance(t, EnumType):
            schema: dict[str, Any] = {"title": t.name, "type": "string", "enum": [v.value for v in t.variants]}
        else:
            schema = {
                "title": t.name,
                "type": "object",
                "additionalProperties": False,
                "properties": {f.json_name: _field_schema(f, prefix) for f in t.fields},
                "required": [f.json_name for f in t.fields if f.required],
            }
        if t.description:
            schema["description"] = t.description
        schemas[prefix + t.name] = schema
    return schemas


def _components(api: Api) -> dict[str, Any]:
    schemas = _type_components(api.types)
    for op in api.operations:
        schemas[_ok_name(op)] = {
            "title": _ok_name(op),
            "description": f"The answer of `{op.method}` when it succeeds.",
            "type": "object",
            "additionalProperties": False,
            "required": ["ok"],
            "properties": {"ok": {"$ref": f"{COMPONENTS}{op.output.name}"}},
        }
    return schemas


def _ok_name(op: Operation) -> str:
    return f"{op.output.name}Envelope"


def _error_statuses(api: Api) -> dict[int, str]:
    """Every error status with what it means: the transport's own, then the codes mapped to it."""
    codes: dict[int, list[str]] = defaultdict(list)
    for code in api.error_codes:
        codes[code.http_status].append(code.value)
    statuses = set(codes) | set(TRANSPORT_STATUSES)
    described: dict[int, str] = {}
    for status in sorted(statuses):
        parts = []
        if status in TRANSPORT_STATUSES:
            parts.append(TRANSPORT_STATUSES[status])
        if codes[status]:
            listed = ", ".join(f"`{c}`" for c in codes[status])
            parts.append(f"The operation's error envelope with code {listed}.")
        described[status] = " ".join(parts)
    return described


def _operation(op: Operation, error_statuses: dict[int, str]) -> dict[str, Any]:
    parameters = []
    if op.scope == "library":
        parameters.append(
            {
                "name": LIBRARY_HEADER,
                "in": "header",
                "required": True,
                "schema": {"type": "string", "pattern": UUID_PATTERN},
                "description": "Id (UUID) of the library the operation works on.",
            }
        )
    error_body = {"application/json": {"schema": {"$ref": f"{COMPONENTS}ErrorEnvelope"}}}
    responses: dict[str, Any] = {
        "200": {
            "description": "The operation succeeded: its output.",
            "content": {"application/json": {"schema": {"$ref": f"{COMPONENTS}{_ok_name(op)}"}}},
        }
    }
    for status, description in error_statuses.items():
        responses[str(status)] = {"description": description, "content": error_body}
    responses["401"]["headers"] = {
        "WWW-Authenticate": {"required": True, "schema": {"type": "string"}, "description": "`Bearer`"}
    }
    return {
        "operationId": op.constant.lower(),
        "summary": op.summary,
        "description": op.description,
        "tags": [op.domain],
        "parameters": parameters,
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"{COMPONENTS}{op.input.name}"}}},
        },
        "responses": responses,
    }


def openapi_document(api: Api) -> str:
    error_statuses = _error_statuses(api)
    paths = {f"/v1/operations/{op.method}": {"post": _operation(op, error_statuses)} for op in api.operations}
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "Spacedrive daemon RPC",
            "version": api.sdk_version,
            "description": "execute_json_operation over loopback HTTP (`sdext serve`, docs/daemon.md). Every "
            'answer has a JSON body: `{"ok": output}` with 200, or `{"error": {code, message, details}}` with '
            "the status its code maps to. Generated from schema/ by `sdext codegen`. DO NOT EDIT.",
        },
        "servers": [{"url": "http://127.0.0.1:{port}", "variables": {"port": {"default": "0"}}}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "schemas": _components(api),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


EXTENSION_STATUSES: dict[int, str] = {
    401: TRANSPORT_STATUSES[401],
    400: "Malformed HTTP, or the payload is not strict JSON (`invalid_json`).",
    404: "No loaded extension declares this operation (`unknown_method`).",
    413: "The body is over the daemon's cap or the extension's `limits.request_bytes` (`payload_too_large`).",
    422: "The input does not match the operation's schema (`invalid_input`, `details` name the fields), or the "
    "export refused it with its own case in `details.code`.",
    502: "The export's answer does not match the output schema (`bad_answer`), or it panicked (`panicked`).",
    504: "The export ran out of time (`time_limit`).",
}
"""Statuses of every extension operation besides its declared errors' (docs/extension-operations.md)."""


def extension_openapi_document(ext: ExtensionApi, http_status: dict[str, int]) -> str:
    """OpenAPI 3.1 of one extension's operations as the daemon serves them (`ext:<id>.<name>.v<N>`).

    Types are components named `<extension id>.<Type>` so that documents of several extensions and
    the host's can be merged. `http_status` maps each wire error code to the daemon's status."""
    prefix = f"{ext.extension}."
    envelope = {
        "title": "ErrorEnvelope",
        "type": "object",
        "additionalProperties": False,
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "details": {}},
            }
        },
    }
    schemas = _type_components(ext.types, prefix) | {"ErrorEnvelope": envelope}
    paths: dict[str, Any] = {}
    for op in ext.operations:
        ok_name = f"{prefix}{op.output.name}Envelope"
        schemas[ok_name] = {
            "title": ok_name,
            "type": "object",
            "additionalProperties": False,
            "required": ["ok"],
            "properties": {"ok": {"$ref": f"{COMPONENTS}{prefix}{op.output.name}"}},
        }
        statuses = dict(EXTENSION_STATUSES)
        for case in op.errors:
            status = http_status.get(case.code, 500)
            statuses[status] = f"{statuses[status]} " if status in statuses else ""
            statuses[status] += f"`{case.code}`: {case.when}"
        error_body = {"application/json": {"schema": {"$ref": f"{COMPONENTS}ErrorEnvelope"}}}
        responses: dict[str, Any] = {
            "200": {
                "description": "The export's validated output.",
                "content": {"application/json": {"schema": {"$ref": f"{COMPONENTS}{ok_name}"}}},
            }
        }
        for status in sorted(statuses):
            responses[str(status)] = {"description": statuses[status], "content": error_body}
        paths[f"/v1/operations/{op.method}"] = {
            "post": {
                "operationId": f"{ext.extension}_{op.name}_v{op.version}".replace("-", "_"),
                "summary": op.summary,
                "description": op.description,
                "tags": [ext.extension],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": f"{COMPONENTS}{prefix}{op.input.name}"}}},
                },
                "responses": responses,
            }
        }
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": f"Operations of the {ext.extension} extension",
            "version": "1",
            "description": "Served by the daemon RPC (`sdext serve --extension DIR`, docs/daemon.md) once the "
            "extension is loaded. Generated from operations/ by `sdext codegen --extension`. DO NOT EDIT.",
        },
        "servers": [{"url": "http://127.0.0.1:{port}", "variables": {"port": {"default": "0"}}}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
