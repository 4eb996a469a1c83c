"""OpenAPI 3.1 description of the daemon RPC (`sdext serve`), generated from the same IR."""

from __future__ import annotations

import json
from typing import Any

from .ir import Api
from .python_out import BYTES_TYPE, INT64_TYPE, JSON_OBJECT_TYPE, JSON_VALUE_TYPE, models_schema

CUSTOM_TYPES: dict[str, dict[str, Any]] = {
    BYTES_TYPE: {"contentEncoding": "base64"},
    INT64_TYPE: {"format": "int64"},
    JSON_OBJECT_TYPE: {"additionalProperties": True},
    JSON_VALUE_TYPE: {},
}
"""What each Python-only type annotation of the models schema means in OpenAPI."""


def _openapi(node: Any) -> Any:
    """The models schema in OpenAPI terms: Python type paths replaced, refs pointed at components."""
    if isinstance(node, list):
        return [_openapi(item) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key == "customTypePath":
            result.update(CUSTOM_TYPES[value])
        elif key == "$ref" and isinstance(value, str):
            result[key] = value.replace("#/$defs/", "#/components/schemas/")
        else:
            result[key] = _openapi(value)
    return result


def _components(api: Api) -> dict[str, Any]:
    components: dict[str, Any] = _openapi(models_schema(api)["$defs"])
    return components


def openapi_document(api: Api) -> str:
    paths: dict[str, Any] = {}
    for op in api.operations:
        parameters = []
        if op.scope == "library":
            parameters.append(
                {
                    "name": "X-Spacedrive-Library",
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string", "format": "uuid"},
                    "description": "Library the operation works on.",
                }
            )
        envelope = {
            "oneOf": [
                {
                    "type": "object",
                    "required": ["ok"],
                    "additionalProperties": False,
                    "properties": {"ok": {"$ref": f"#/components/schemas/{op.output.name}"}},
                },
                {"$ref": "#/components/schemas/ErrorEnvelope"},
            ]
        }
        paths[f"/v1/operations/{op.method}"] = {
            "post": {
                "operationId": op.constant.lower(),
                "summary": op.summary,
                "description": op.description,
                "tags": [op.domain],
                "parameters": parameters,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{op.input.name}"}}},
                },
                "responses": {
                    "200": {
                        "description": "The operation's envelope: its output, or an error value.",
                        "content": {"application/json": {"schema": envelope}},
                    },
                    "401": {"description": "Missing or wrong bearer token."},
                    "413": {"description": "Request body over the cap."},
                },
            }
        }
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "Spacedrive daemon RPC",
            "version": api.sdk_version,
            "description": "execute_json_operation over loopback HTTP (`sdext serve`). Generated from schema/ by "
            "`sdext codegen`. DO NOT EDIT.",
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
