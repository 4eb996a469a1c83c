"""OpenAPI 3.1 description of the daemon RPC (`sdext serve`), generated from the same IR."""

from __future__ import annotations

import json
from typing import Any

from .ir import Api
from .python_out import BYTES_TYPE, models_schema


def _components(api: Api) -> dict[str, Any]:
    text = json.dumps(models_schema(api)["$defs"])
    text = text.replace("#/$defs/", "#/components/schemas/")
    text = text.replace(f'"customTypePath": "{BYTES_TYPE}"', '"contentEncoding": "base64"')
    components: dict[str, Any] = json.loads(text)
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
