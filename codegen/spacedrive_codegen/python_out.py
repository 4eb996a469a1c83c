"""Python output: Pydantic v2 models (via datamodel-code-generator) and the operation registry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from datamodel_code_generator import InputFileType, PythonVersion, generate
from datamodel_code_generator.enums import DataModelType
from datamodel_code_generator.format import Formatter

from .ir import Api, EnumType, Field, StructType, TypeRef
from .templating import render

PACKAGE = "spacedrive_wire"
BYTES_TYPE = f"{PACKAGE}._runtime.Base64Data"
INT64_TYPE = f"{PACKAGE}._runtime.Int64"
JSON_VALUE_TYPE = f"{PACKAGE}.json_limits.JsonValue"
JSON_OBJECT_TYPE = f"{PACKAGE}.json_limits.JsonObject"
RUNTIME_SOURCE = Path(__file__).parent / "templates" / "python" / "_runtime.py"


def _dmcg(schema: dict[str, Any]) -> str:
    """Run datamodel-code-generator with the options that make its output deterministic."""
    result = generate(
        json.dumps(schema, sort_keys=False),
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.PydanticV2BaseModel,
        base_class=f"{PACKAGE}._runtime.WireModel",
        use_annotated=True,
        field_constraints=True,
        disable_timestamp=True,
        keep_model_order=True,
        use_standard_collections=True,
        use_union_operator=True,
        use_schema_description=True,
        use_field_description=True,
        target_python_version=PythonVersion.PY_311,
        formatters=[Formatter.BUILTIN],
    )
    assert isinstance(result, str)
    return result.replace("#   filename:  <stdin>\n", "#   source: schema/ (run `sdext codegen`)\n")


def _type_schema(ref: TypeRef) -> dict[str, Any]:
    if ref.kind == "named":
        return {"$ref": f"#/$defs/{ref.name}"}
    if ref.kind == "array":
        assert ref.item is not None
        return {"type": "array", "items": _type_schema(ref.item)}
    if ref.kind == "map":
        assert ref.item is not None
        if ref.free_form:
            return {"type": "object", "customTypePath": JSON_OBJECT_TYPE}
        return {"type": "object", "additionalProperties": _type_schema(ref.item)}
    return {
        "string": {"type": "string"},
        "integer": {"type": "integer", "customTypePath": INT64_TYPE},
        "number": {"type": "number"},
        "boolean": {"type": "boolean"},
        "bytes": {"type": "string", "customTypePath": BYTES_TYPE},
        "uuid": {"type": "string", "format": "uuid"},
        "datetime": {"type": "string", "format": "date-time"},
        "any": {"customTypePath": JSON_VALUE_TYPE},
    }[ref.primitive or "any"]


def _field_schema(field: Field) -> dict[str, Any]:
    schema = _type_schema(field.type)
    schema.update(dict(field.constraints))
    if field.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    if field.description:
        schema["description"] = field.description
    return schema


def models_schema(api: Api) -> dict[str, Any]:
    """One JSON Schema with every named type in $defs, normalised from the IR for dmcg."""
    defs: dict[str, Any] = {}
    for t in api.types:
        if isinstance(t, EnumType):
            defs[t.name] = {"title": t.name, "type": "string", "enum": [v.value for v in t.variants]}
        else:
            defs[t.name] = {
                "title": t.name,
                "type": "object",
                "additionalProperties": False,
                "properties": {f.json_name: _field_schema(f) for f in t.fields},
                "required": [f.json_name for f in t.fields if f.required],
            }
        if t.description:
            defs[t.name]["description"] = t.description
    first = api.types[0].name
    return {"title": first, "$ref": f"#/$defs/{first}", "$defs": defs}


def _may_be_null(field: Field) -> bool:
    """A required field of any JSON type may hold null, which must stay in the answer."""
    return field.required and field.type.kind == "primitive" and field.type.primitive == "any"


def nullable_types(api: Api) -> frozenset[str]:
    """Names of struct types with a required field that may be null anywhere inside them."""
    structs = {t.name: t for t in api.types if isinstance(t, StructType)}
    memo: dict[str, bool] = {}

    def refers(ref: TypeRef) -> bool:
        if ref.kind in ("array", "map"):
            assert ref.item is not None
            return refers(ref.item)
        return ref.kind == "named" and ref.name in structs and visit(structs[ref.name])

    def visit(struct: StructType) -> bool:
        if struct.name not in memo:
            memo[struct.name] = False  # cycles: assume no until proven
            memo[struct.name] = any(f.nullable or _may_be_null(f) or refers(f.type) for f in struct.fields)
        return memo[struct.name]

    return frozenset(name for name, s in structs.items() if visit(s))


def python_files(api: Api) -> dict[str, str]:
    """Relative path under generated/python -> file content."""
    base = f"{PACKAGE}/"
    if api.manifest is None:
        raise ValueError("the IR has no manifest schema (schema/manifest.json)")
    manifest_schema = api.manifest.document
    nullable = nullable_types(api)
    return {
        "pyproject.toml": render("python/pyproject.toml.j2", api=api),
        base + "__init__.py": render("python/__init__.py.j2", api=api),
        base + "_runtime.py": RUNTIME_SOURCE.read_text(encoding="utf-8"),
        base + "json_limits.py": render("python/json_limits.py.j2", api=api),
        base + "models.py": _dmcg(models_schema(api)),
        base + "manifest.py": _dmcg(api.manifest.for_models),
        base + "limits.py": render("python/limits.py.j2", api=api),
        base + "events.py": render("python/events.py.j2", api=api),
        base + "jobs.py": render(
            "python/jobs.py.j2",
            api=api,
            model_names=sorted({n for job in api.jobs for n in (job.params.name, job.result.name)}),
        ),
        base + "operations.py": render(
            "python/operations.py.j2",
            api=api,
            nullable=nullable,
            model_names=sorted({n for op in api.operations for n in (op.input.name, op.output.name)}),
        ),
        base + "manifest.schema.json": json.dumps(manifest_schema, indent=2, ensure_ascii=False) + "\n",
        base + "py.typed": "",
    }
