"""Schema checker and parser: `schema/` -> `ir.Api`.

Every problem is reported with the file name and a JSON pointer; all problems are
collected before failing so that one run shows them all. The supported JSON Schema
subset is written down in docs/schema-subset.md; anything outside it is rejected here
rather than rendered into code that silently means something else.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import jsonschema
import referencing
import referencing.jsonschema

from .ir import (
    RUST_KEYWORDS,
    Api,
    EnumType,
    EnumVariant,
    ErrorCase,
    ErrorCode,
    Event,
    Example,
    Field,
    Job,
    JsonLimits,
    Limit,
    ManifestSchema,
    NamedType,
    Operation,
    SdkMethod,
    StructType,
    TypeRef,
)

ABI_VERSION = 1
SDK_VERSION = "0.0.0"
"""Placeholder: the SDK version is derived from sdk-release/ (release.py) when codegen runs."""
MAX_METHOD_BYTES = 256
"""The longest method string the ABI carries (docs/abi.md): the host refuses longer ones before
copying them, and the SDKs and the checker hold methods to it."""

METHOD_RE = re.compile(r"^(query|action):([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)(\.input)?\.v([1-9][0-9]*)$")
PROPERTY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TITLE_RE = re.compile(r"^[A-Z][A-Za-z0-9]*$")
ENUM_VALUE_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
JOB_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
JOB_KEYS = ("name", "summary", "result", "progress")
SHARED_FILES = ("defs.json", "errors.json", "events.json", "jobs.json")
JSON_LIMITS_KEY = "x-free-form-json"
MAX_FREE_FORM_DEPTH = 64
"""serde_json refuses input nested deeper than 128: free-form values stay well below it,
leaving room for the envelope and the typed structs around them."""

COMMON_ERRORS = (
    ("invalid_json", "the payload is not strict JSON."),
    ("invalid_input", "the input does not match the schema."),
    ("rate_limited", "one of the caller's rate limits is exhausted (`details.retry_after_ms`)."),
    ("payload_too_large", "the request or the answer is over the caller's cap (manifest `limits`)."),
    ("internal", "a bug in the host."),
)
"""What every operation may answer with (operations.py: the router checks these before and after a handler)."""
LIBRARY_ERRORS = (
    ("library_required", "no library id was given."),
    ("library_not_found", "the library does not exist."),
)
IO_POINTERS = ("/input", "/output")
"""An operation's input and output types are described by the operation (`describe_io`)."""
ANNOTATIONS = {"title", "description", "$comment", "deprecated"}
KEYWORDS_BY_TYPE: dict[str, set[str]] = {
    "string": {"minLength", "maxLength", "pattern", "format", "contentEncoding", "enum"},
    "integer": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"},
    "number": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"},
    "boolean": set(),
    "array": {"items", "minItems", "maxItems"},
    "object": {"properties", "required", "additionalProperties"},
}
STRING_FORMATS = {"uuid": "uuid", "date-time": "datetime"}
CONSTRAINT_KEYWORDS = (
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
)


@dataclass(frozen=True)
class SchemaProblem:
    file: str
    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}#{self.pointer}: {self.message}"


class SchemaError(Exception):
    """Raised with every problem found; `problems` keeps them as values."""

    def __init__(self, problems: list[SchemaProblem]) -> None:
        self.problems = problems
        super().__init__("schema check failed:\n" + "\n".join(f"  {p}" for p in problems))


def pascal_case(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text) if part)


def _rust_variant(value: str) -> str:
    """The Rust variant name of an enum value: PascalCase, `_` appended to a keyword (`Self`)."""
    name = pascal_case(value)
    if name[:1].isdigit():
        return f"V{name}"
    return f"{name}_" if name in RUST_KEYWORDS else name


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@dataclass
class _Doc:
    rel: str
    uri: str
    content: Any


class _Parser:
    def __init__(self, schema_dir: Path, *, lenient: bool = False) -> None:
        self.schema_dir = schema_dir
        self.lenient = lenient
        """For comparing schema sets: read sets from before events and limits carried their metadata
        (`x-event`, `x-host-default`, ...), leaving out what lacks it, and skip the examples."""
        self.problems: list[SchemaProblem] = []
        self.docs: dict[str, _Doc] = {}
        self.types: dict[str, NamedType] = {}
        self.type_origin: dict[str, str] = {}

    # -- loading ---------------------------------------------------------------------
    def problem(self, file: str, pointer: str, message: str) -> None:
        found = SchemaProblem(file, pointer, message)
        if found not in self.problems:  # a shared definition is parsed once per reference to it
            self.problems.append(found)

    def load(self) -> list[_Doc]:
        files = sorted(p for p in self.schema_dir.rglob("*.json"))
        loaded = []
        for path in files:
            rel = path.relative_to(self.schema_dir).as_posix()
            try:
                content = json.loads(path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                self.problem(rel, "", f"not valid JSON: {exc}")
                continue
            uri = content.get("$id") if isinstance(content, dict) else None
            if not isinstance(uri, str) or not uri.endswith("/" + rel):
                self.problem(rel, "/$id", f"$id must end with the file's path /{rel}")
                uri = f"https://spacedrive.dev/schema/{rel}"
            doc = _Doc(rel, uri, content)
            self.docs[uri] = doc
            loaded.append(doc)
        return loaded

    def registry(self) -> referencing.Registry[Any]:
        resources = [
            (d.uri, referencing.Resource.from_contents(d.content, referencing.jsonschema.DRAFT202012))
            for d in self.docs.values()
        ]
        return referencing.Registry().with_resources(resources)

    def resolve_ref(self, doc: _Doc, pointer: str, ref: str) -> tuple[_Doc, str, Any] | None:
        target_uri, fragment = urldefrag(urljoin(doc.uri, ref))
        target = self.docs.get(target_uri)
        if target is None:
            self.problem(doc.rel, pointer, f"$ref {ref!r} points at no file under schema/")
            return None
        if target.rel not in SHARED_FILES or not fragment.startswith("/$defs/") or fragment.count("/") != 2:
            self.problem(
                doc.rel, pointer, f"$ref {ref!r}: refs may only name shared definitions (defs.json#/$defs/Name)"
            )
            return None
        node = target.content.get("$defs", {}).get(fragment.split("/")[2])
        if node is None:
            self.problem(doc.rel, pointer, f"$ref {ref!r} names no definition")
            return None
        return target, fragment, node

    # -- types -----------------------------------------------------------------------
    def register(self, named: NamedType, where: str) -> None:
        existing = self.types.get(named.name)
        if existing is None:
            self.types[named.name] = named
            self.type_origin[named.name] = where
        elif existing != named:
            self.problem(
                named.source.split("#")[0],
                named.source.split("#")[1],
                f"type name {named.name!r} is already defined differently at {self.type_origin[named.name]}",
            )

    def parse_type(self, doc: _Doc, pointer: str, node: Any) -> tuple[TypeRef, bool, str]:
        """Return (type, nullable, description) of a schema node, reporting what's outside the subset."""
        if node is True or node == {}:
            return TypeRef("primitive", primitive="any"), False, ""
        if not isinstance(node, dict):
            self.problem(doc.rel, pointer, "a schema must be an object")
            return TypeRef("primitive", primitive="any"), False, ""
        description = str(node.get("description", ""))
        value_descriptions = node.get("x-descriptions")
        node = {k: v for k, v in node.items() if not k.startswith("x-")}
        if set(node) <= ANNOTATIONS:
            return TypeRef("primitive", primitive="any"), False, description
        if "$ref" in node:
            extra = set(node) - ANNOTATIONS - {"$ref"}
            if extra:
                self.problem(doc.rel, pointer, f"keywords next to $ref are outside the subset: {sorted(extra)}")
            resolved = self.resolve_ref(doc, pointer + "/$ref", node["$ref"])
            if resolved is None:
                return TypeRef("primitive", primitive="any"), False, description
            target, fragment, target_node = resolved
            name = fragment.split("/")[2]
            ref_type, nullable, target_description = self.parse_type(target, fragment, target_node)
            if ref_type.kind == "named" and ref_type.name != name:
                self.problem(target.rel, fragment, f"definition {name!r} must have title {name!r}")
            return ref_type, nullable, description or target_description
        if "anyOf" in node:
            options = node["anyOf"]
            nulls = [o for o in options if o == {"type": "null"}] if isinstance(options, list) else []
            if not isinstance(options, list) or len(options) != 2 or len(nulls) != 1:
                self.problem(doc.rel, pointer + "/anyOf", "anyOf is only supported as [<schema>, {'type': 'null'}]")
                return TypeRef("primitive", primitive="any"), False, description
            extra = set(node) - ANNOTATIONS - {"anyOf"}
            if extra:
                self.problem(doc.rel, pointer, f"keywords next to anyOf are outside the subset: {sorted(extra)}")
            index = 0 if options[1] == {"type": "null"} else 1
            inner, _, inner_description = self.parse_type(doc, f"{pointer}/anyOf/{index}", options[index])
            return inner, True, description or inner_description
        json_type = node.get("type")
        nullable = False
        if isinstance(json_type, list):
            non_null = [t for t in json_type if t != "null"]
            if len(json_type) != 2 or len(non_null) != 1:
                self.problem(doc.rel, pointer + "/type", "a type list must be [<type>, 'null']")
                return TypeRef("primitive", primitive="any"), False, description
            json_type, nullable = non_null[0], True
        if json_type not in KEYWORDS_BY_TYPE:
            self.problem(doc.rel, pointer, f"unsupported or missing type {json_type!r} (see docs/schema-subset.md)")
            return TypeRef("primitive", primitive="any"), nullable, description
        extra = set(node) - ANNOTATIONS - {"type"} - KEYWORDS_BY_TYPE[json_type]
        if extra:
            self.problem(doc.rel, pointer, f"keywords outside the supported subset: {sorted(extra)}")
        if json_type == "string":
            return self.parse_string(doc, pointer, node, value_descriptions), nullable, description
        if json_type == "array":
            if "items" not in node:
                self.problem(doc.rel, pointer, "an array needs `items`")
                return TypeRef("array", item=TypeRef("primitive", primitive="any")), nullable, description
            item, item_nullable, _ = self.parse_type(doc, pointer + "/items", node["items"])
            if item_nullable:
                self.problem(doc.rel, pointer + "/items", "nullable array items are outside the subset")
            return TypeRef("array", item=item), nullable, description
        if json_type == "object":
            return self.parse_object(doc, pointer, node), nullable, description
        return TypeRef("primitive", primitive=json_type), nullable, description

    def parse_string(self, doc: _Doc, pointer: str, node: dict[str, Any], value_descriptions: Any = None) -> TypeRef:
        if "enum" in node:
            values = node["enum"]
            title = node.get("title")
            if not isinstance(title, str) or not TITLE_RE.match(title):
                self.problem(doc.rel, pointer, "a string enum needs a PascalCase `title` (its type name)")
                return TypeRef("primitive", primitive="string")
            if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
                self.problem(doc.rel, pointer + "/enum", "enum must be a non-empty list of strings")
                return TypeRef("primitive", primitive="string")
            for i, v in enumerate(values):
                if not ENUM_VALUE_RE.match(v):
                    self.problem(doc.rel, f"{pointer}/enum/{i}", f"enum value {v!r} must match {ENUM_VALUE_RE.pattern}")
            if "unknown" in values:
                self.problem(doc.rel, pointer + "/enum", "`unknown` is reserved for values a decoder does not know")
            if not str(node.get("description", "")).strip() and not self.lenient:
                self.problem(doc.rel, pointer, f"enum {title!r} needs a `description` (it documents the SDKs)")
            if not isinstance(value_descriptions, dict):
                value_descriptions = {}
            for i, v in enumerate(values):
                text = value_descriptions.get(v)
                if not self.lenient and not (isinstance(text, str) and text.strip()):
                    self.problem(doc.rel, f"{pointer}/enum/{i}", f"enum value {v!r} has no x-descriptions entry")
            for extra in sorted(set(value_descriptions) - set(values)) if not self.lenient else ():
                self.problem(doc.rel, f"{pointer}/x-descriptions/{_escape(str(extra))}", f"{extra!r} is not a value")
            variants = tuple(EnumVariant(v, _rust_variant(v), str(value_descriptions.get(v, ""))) for v in values)
            if len({v.rust_name for v in variants}) != len(variants):
                self.problem(doc.rel, pointer + "/enum", "enum values collide once turned into identifiers")
            self.register(EnumType(title, str(node.get("description", "")), variants, f"{doc.rel}#{pointer}"), doc.rel)
            return TypeRef("named", name=title)
        if "format" in node:
            fmt = node["format"]
            if fmt not in STRING_FORMATS:
                self.problem(doc.rel, pointer + "/format", f"format {fmt!r} is outside the subset (uuid, date-time)")
            else:
                return TypeRef("primitive", primitive=STRING_FORMATS[fmt])  # type: ignore[arg-type]
        if "contentEncoding" in node:
            if node["contentEncoding"] != "base64":
                self.problem(doc.rel, pointer + "/contentEncoding", "only base64 is supported")
            return TypeRef("primitive", primitive="bytes")
        return TypeRef("primitive", primitive="string")

    def parse_object(self, doc: _Doc, pointer: str, node: dict[str, Any]) -> TypeRef:
        properties = node.get("properties")
        additional = node.get("additionalProperties", True)
        if properties is None:
            if "required" in node:
                self.problem(doc.rel, pointer + "/required", "`required` without `properties`")
            if additional is True or additional == {}:
                return TypeRef("map", item=TypeRef("primitive", primitive="any"))
            if additional is False:
                self.problem(doc.rel, pointer, "an object with no properties and no additionalProperties is empty")
                return TypeRef("map", item=TypeRef("primitive", primitive="any"))
            item, item_nullable, _ = self.parse_type(doc, pointer + "/additionalProperties", additional)
            if item_nullable:
                self.problem(doc.rel, pointer + "/additionalProperties", "nullable map values are outside the subset")
            return TypeRef("map", item=item)
        title = node.get("title")
        if not isinstance(title, str) or not TITLE_RE.match(title):
            self.problem(doc.rel, pointer, "an object with properties needs a PascalCase `title` (its type name)")
            title = "Invalid"
        if additional is not False:
            self.problem(doc.rel, pointer, "an object with properties must set additionalProperties: false")
        if pointer not in IO_POINTERS and not str(node.get("description", "")).strip() and not self.lenient:
            self.problem(doc.rel, pointer, f"type {title!r} needs a `description` (it documents the SDKs)")
        if not isinstance(properties, dict):
            self.problem(doc.rel, pointer + "/properties", "properties must be an object")
            return TypeRef("named", name=title)
        required = node.get("required", [])
        for name in required:
            if name not in properties:
                self.problem(doc.rel, pointer + "/required", f"required names unknown property {name!r}")
        fields = []
        for prop, sub in properties.items():
            sub_pointer = f"{pointer}/properties/{_escape(prop)}"
            if not PROPERTY_RE.match(prop):
                self.problem(doc.rel, sub_pointer, f"property name {prop!r} must be snake_case")
            field_type, nullable, description = self.parse_type(doc, sub_pointer, sub)
            is_required = prop in required
            if nullable and not is_required:
                self.problem(
                    doc.rel,
                    sub_pointer,
                    "a field may be optional (absent = no value) or nullable (required, null = no value), not both",
                )
            if not description.strip() and not self.lenient:
                self.problem(doc.rel, sub_pointer, "every property needs a `description` (it documents the SDKs)")
            constraints = tuple((k, sub[k]) for k in CONSTRAINT_KEYWORDS if isinstance(sub, dict) and k in sub)
            fields.append(Field(prop, field_type, is_required, nullable, description, constraints))
        self.register(
            StructType(title, str(node.get("description", "")), tuple(fields), f"{doc.rel}#{pointer}"), doc.rel
        )
        return TypeRef("named", name=title)

    # -- operations ------------------------------------------------------------------
    def parse_operation(self, doc: _Doc, validator_registry: referencing.Registry[Any]) -> Operation | None:
        meta = self.docs.get("https://spacedrive.dev/schema/meta/operation.schema.json")
        content = doc.content
        if meta is not None:
            meta_validator = jsonschema.Draft202012Validator(meta.content)
            for error in sorted(meta_validator.iter_errors(content), key=lambda e: list(e.absolute_path)):
                self.problem(doc.rel, _pointer(error.absolute_path), error.message)
        if not isinstance(content, dict) or not all(k in content for k in ("method", "kind", "scope")):
            return None
        method = content["method"]
        match = METHOD_RE.match(method) if isinstance(method, str) else None
        if match is not None and len(method.encode()) > MAX_METHOD_BYTES:
            self.problem(doc.rel, "/method", f"method is longer than the ABI's {MAX_METHOD_BYTES} bytes")
            return None
        if match is None:
            self.problem(
                doc.rel,
                "/method",
                f"method {method!r} must look like query:<domain>.<name>.v<N> or action:<domain>.<name>.input.v<N>",
            )
            return None
        prefix, domain, name, input_suffix, version = match.groups()
        if prefix != content["kind"]:
            self.problem(doc.rel, "/kind", f"kind {content['kind']!r} does not match the method prefix {prefix!r}")
        if (prefix == "action") != bool(input_suffix):
            self.problem(doc.rel, "/method", "action methods end in .input.v<N>; query methods do not")
        expected_rel = f"operations/{domain}/{name}.v{version}.json"
        if doc.rel != expected_rel:
            self.problem(doc.rel, "/method", f"method {method!r} belongs in schema/{expected_rel}")
        in_type, _, _ = self.parse_type(doc, "/input", content.get("input", {}))
        out_type, _, _ = self.parse_type(doc, "/output", content.get("output", {}))
        if in_type.kind != "named" or out_type.kind != "named":
            self.problem(doc.rel, "", "input and output must both be objects with a title")
            return None
        input_struct = self.types.get(in_type.name or "")
        output_struct = self.types.get(out_type.name or "")
        if not isinstance(input_struct, StructType) or not isinstance(output_struct, StructType):
            return None
        examples = () if self.lenient else self.check_examples(doc, validator_registry)
        sdk = self.parse_sdk(doc, name, input_struct, output_struct)
        errors = self.operation_errors(doc, f"{domain}.{name}", content["scope"])
        return Operation(
            errors=errors,
            method=method,
            kind=prefix,  # type: ignore[arg-type]
            scope=content["scope"],
            domain=domain,
            name=name,
            version=int(version),
            summary=content.get("summary", ""),
            description=content.get("description", ""),
            input=input_struct,
            output=output_struct,
            examples=examples,
            sdk=sdk,
            source=doc.rel,
        )

    def operation_errors(self, doc: _Doc, permission: str, scope: str) -> tuple[ErrorCase, ...]:
        """What the operation may answer with: the cases of every operation of its scope, then the
        ones its file declares (`errors`: code -> when), merged per code in the order of errors.json."""
        cases: dict[str, list[str]] = {code: [text] for code, text in COMMON_ERRORS}
        cases["permission_denied"] = [f"the caller's manifest does not allow `{permission}`."]
        if scope == "library":
            cases["permission_denied"] = [f"the caller's manifest does not allow `{permission}` or the library."]
            cases.update({code: [text] for code, text in LIBRARY_ERRORS})
        declared = doc.content.get("errors", {})
        order = self.error_code_order()
        for code, when in declared.items() if isinstance(declared, dict) else ():
            if order and code not in order:
                if not self.lenient:  # a compared schema set may have removed a code: the diff reports that
                    self.problem(doc.rel, f"/errors/{_escape(code)}", f"{code!r} is not an error code of errors.json")
                continue
            cases.setdefault(code, []).append(str(when))
        ranked = sorted(cases, key=lambda code: order.index(code) if code in order else len(order))
        return tuple(ErrorCase(code, pascal_case(code), _either(cases[code])) for code in ranked)

    def error_code_order(self) -> list[str]:
        doc = self.docs.get("https://spacedrive.dev/schema/errors.json")
        values = doc.content.get("$defs", {}).get("ErrorCode", {}).get("enum", []) if doc is not None else []
        return [v for v in values if isinstance(v, str)]

    def check_examples(self, doc: _Doc, validator_registry: referencing.Registry[Any]) -> tuple[Example, ...]:
        examples = doc.content.get("examples")
        if not isinstance(examples, list) or not examples:
            self.problem(doc.rel, "/examples", "every operation needs at least one example (input + output)")
            return ()
        result = []
        for i, example in enumerate(examples):
            if not isinstance(example, dict) or not {"name", "input", "output"} <= set(example):
                continue
            for part in ("input", "output"):
                schema = {"$ref": f"{doc.uri}#/{part}"}
                validator = jsonschema.Draft202012Validator(
                    schema, registry=validator_registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
                )
                for error in sorted(validator.iter_errors(example[part]), key=lambda e: list(e.absolute_path)):
                    self.problem(
                        doc.rel,
                        f"/examples/{i}/{part}{_pointer(error.absolute_path)}",
                        f"example does not validate: {error.message}",
                    )
            result.append(Example(str(example["name"]), example["input"], example["output"]))
        return tuple(result)

    def parse_sdk(self, doc: _Doc, name: str, input_struct: StructType, output_struct: StructType) -> SdkMethod:
        sdk = doc.content.get("sdk", {})
        if not isinstance(sdk, dict):
            sdk = {}
        inputs = {f.json_name: f for f in input_struct.fields}
        args: list[Field] = []
        arg_names = sdk.get("args")
        if arg_names is not None:
            for i, arg in enumerate(arg_names):
                if arg not in inputs:
                    self.problem(doc.rel, f"/sdk/args/{i}", f"{arg!r} is not an input field")
                else:
                    args.append(inputs[arg])
            for field_name, f in inputs.items():
                if field_name not in arg_names and f.required:
                    self.problem(doc.rel, "/sdk/args", f"required input field {field_name!r} must be an argument")
        returns = sdk.get("returns")
        returns_field = None
        if returns is not None and returns != "unit":
            outputs = {f.json_name: f for f in output_struct.fields}
            if returns not in outputs:
                self.problem(doc.rel, "/sdk/returns", f"{returns!r} is neither 'unit' nor an output field")
            else:
                returns_field = outputs[returns]
        return SdkMethod(
            str(sdk.get("method", name)),
            tuple(args),
            returns_field,
            returns == "unit",
            positional=arg_names is not None,
            follows_cursor=returns_field is not None
            and returns_field.type.kind == "array"
            and _is_cursor(inputs.get("cursor"))
            and _is_cursor({f.json_name: f for f in output_struct.fields}.get("next_cursor")),
        )

    def json_limits(self) -> JsonLimits:
        """The limits of free-form JSON values, declared once in defs.json."""
        doc = self.docs.get("https://spacedrive.dev/schema/defs.json")
        node = doc.content.get(JSON_LIMITS_KEY) if doc is not None else None
        fallback = JsonLimits(max_depth=1, max_string_bytes=1, max_total_bytes=1)
        if node is None and self.lenient:  # a schema set from before the limits: it had none
            return JsonLimits(max_depth=2**31, max_string_bytes=2**62, max_total_bytes=2**62)
        if not isinstance(node, dict):
            self.problem(
                "defs.json", f"/{JSON_LIMITS_KEY}", "the limits of free-form JSON values must be declared here"
            )
            return fallback
        values: dict[str, int] = {}
        for key in ("max_depth", "max_string_bytes", "max_total_bytes"):
            value = node.get(key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                self.problem("defs.json", f"/{JSON_LIMITS_KEY}/{key}", "must be a positive integer")
                value = 1
            values[key] = value
        extra = set(node) - set(values) - ANNOTATIONS
        if extra:
            self.problem("defs.json", f"/{JSON_LIMITS_KEY}", f"unknown keys {sorted(extra)}")
        if values["max_depth"] > MAX_FREE_FORM_DEPTH:
            self.problem(
                "defs.json",
                f"/{JSON_LIMITS_KEY}/max_depth",
                f"at most {MAX_FREE_FORM_DEPTH}, so that the Rust SDK (serde_json, limit 128) decodes every value",
            )
        if values["max_string_bytes"] > values["max_total_bytes"]:
            self.problem("defs.json", f"/{JSON_LIMITS_KEY}/max_string_bytes", "must not exceed max_total_bytes")
        return JsonLimits(**values)

    def limits(self) -> tuple[Limit, ...]:
        """The manifest's `limits` properties, each with `x-host-default` and `x-host-ceiling`."""
        doc = self.docs.get("https://spacedrive.dev/schema/manifest.json")
        if doc is None:
            self.problem("manifest.json", "", "schema/manifest.json is required")
            return ()
        properties = doc.content.get("properties", {}).get("limits", {}).get("properties", {})
        limits = []
        for name, node in properties.items():
            pointer = f"/properties/limits/properties/{_escape(name)}"
            kind = node.get("type") if isinstance(node, dict) else None
            if kind not in ("integer", "number"):
                self.problem(doc.rel, pointer, "a limit must be an integer or a number")
                continue
            default, ceiling = node.get("x-host-default"), node.get("x-host-ceiling")
            numeric = (int,) if kind == "integer" else (int, float)
            if not all(isinstance(v, numeric) and not isinstance(v, bool) for v in (default, ceiling)):
                if self.lenient:
                    continue
                self.problem(doc.rel, pointer, f"a limit needs `x-host-default` and `x-host-ceiling` of type {kind}")
                continue
            assert isinstance(default, int | float) and isinstance(ceiling, int | float)
            low = node.get("minimum", node.get("exclusiveMinimum"))
            if default > ceiling or (isinstance(low, int | float) and default < low):
                self.problem(
                    doc.rel, pointer, f"need minimum <= x-host-default ({default}) <= x-host-ceiling ({ceiling})"
                )
                continue
            limits.append(Limit(name, kind, default, ceiling, str(node.get("description", ""))))
        return tuple(limits)

    def events(self) -> tuple[Event, ...]:
        """Payload definitions of events.json that name an event (`x-event`), one per `EventName`."""
        doc = self.docs.get("https://spacedrive.dev/schema/events.json")
        if doc is None:
            self.problem("events.json", "", "schema/events.json with $defs/EventName is required")
            return ()
        defs = doc.content.get("$defs", {})
        names = defs.get("EventName", {}).get("enum", [])
        events: dict[str, Event] = {}
        for def_name, node in sorted(defs.items()):
            if not isinstance(node, dict) or "x-event" not in node:
                continue
            pointer = f"/$defs/{_escape(def_name)}"
            name, scope = node["x-event"], node.get("x-scope")
            payload = self.types.get(def_name)
            if name not in names:
                self.problem(doc.rel, pointer + "/x-event", f"event {name!r} is not an EventName value")
            elif name in events:
                self.problem(doc.rel, pointer + "/x-event", f"event {name!r} has two payload definitions")
            elif scope != "library":
                self.problem(doc.rel, pointer + "/x-scope", "an event's x-scope must be `library`")
            elif isinstance(payload, StructType):
                events[name] = Event(name, payload, "library", payload.description)
        for i, name in enumerate(names):
            if name not in events and not self.lenient:
                self.problem(doc.rel, f"/$defs/EventName/enum/{i}", f"event {name!r} has no payload (x-event)")
        return tuple(events[name] for name in sorted(events))

    def jobs(self) -> tuple[Job, ...]:
        """Parameter definitions of jobs.json marked with `x-job` (name, summary, result, progress)."""
        doc = self.docs.get("https://spacedrive.dev/schema/jobs.json")
        if doc is None:
            return ()
        jobs: dict[str, Job] = {}
        for def_name, node in sorted(doc.content.get("$defs", {}).items()):
            if not isinstance(node, dict) or "x-job" not in node:
                continue
            pointer = f"/$defs/{_escape(def_name)}/x-job"
            meta = node["x-job"]
            if not isinstance(meta, dict) or not all(isinstance(meta.get(k), str) for k in JOB_KEYS):
                self.problem(doc.rel, pointer, f"x-job must be an object with string {', '.join(JOB_KEYS)}")
                continue
            name, params, result = meta["name"], self.types.get(def_name), self.types.get(meta["result"])
            if not JOB_NAME_RE.match(name):
                self.problem(doc.rel, pointer + "/name", f"job type name {name!r} must match {JOB_NAME_RE.pattern}")
            elif name in jobs:
                self.problem(doc.rel, pointer + "/name", f"job type {name!r} is defined twice")
            elif not isinstance(result, StructType) or result.source.split("#")[0] != doc.rel:
                self.problem(doc.rel, pointer + "/result", f"{meta['result']!r} is not an object defined in jobs.json")
            elif isinstance(params, StructType):
                jobs[name] = Job(name, meta["summary"], meta["progress"], params, result)
        return tuple(jobs[name] for name in sorted(jobs))

    def error_codes(self) -> tuple[ErrorCode, ...]:
        doc = self.docs.get("https://spacedrive.dev/schema/errors.json")
        if doc is None:
            self.problem("errors.json", "", "schema/errors.json with $defs/ErrorCode is required")
            return ()
        node = doc.content.get("$defs", {}).get("ErrorCode", {})
        values = node.get("enum", [])
        descriptions = node.get("x-descriptions", {})
        statuses = node.get("x-http-status", {})
        codes = []
        for i, value in enumerate(values):
            if value not in descriptions:
                self.problem(doc.rel, f"/$defs/ErrorCode/enum/{i}", f"error code {value!r} has no x-descriptions entry")
            status = statuses.get(value, 500 if self.lenient else None)
            if not (isinstance(status, int) and not isinstance(status, bool) and 400 <= status <= 599):
                self.problem(
                    doc.rel,
                    f"/$defs/ErrorCode/x-http-status/{_escape(str(value))}",
                    f"error code {value!r} needs an x-http-status entry (the daemon's HTTP status, 400-599)",
                )
                status = 500
            codes.append(ErrorCode(value, pascal_case(value), str(descriptions.get(value, "")), status))
        for extra in sorted(set(statuses) - set(values)) if not self.lenient else ():
            self.problem(doc.rel, f"/$defs/ErrorCode/x-http-status/{_escape(extra)}", f"{extra!r} is not an error code")
        return tuple(codes)


def _either(cases: list[str]) -> str:
    """Several cases of one code as one sentence: `a; or b.`"""
    return "; or ".join(case.rstrip(".") for case in cases) + "."


def describe_io(types: dict[str, NamedType], input_struct: StructType, output_struct: StructType, what: str) -> None:
    """Give an operation's input and output types without a description of their own one naming
    the operation (`what`), in `types` (the parser's registry, rendered into the SDKs)."""
    for struct, role in ((input_struct, "Input"), (output_struct, "Output")):
        current = types.get(struct.name)
        if isinstance(current, StructType) and not current.description.strip():
            types[struct.name] = replace(current, description=f"{role} of {what}")


def _is_cursor(field: Field | None) -> bool:
    """An optional string field: the `cursor` / `next_cursor` pair of a paged operation."""
    return field is not None and field.optional and field.type == TypeRef("primitive", primitive="string")


def _pointer(path: Any) -> str:
    return "".join(f"/{_escape(str(p))}" for p in path)


def _inline_event_names(node: Any, events: tuple[Event, ...]) -> Any:
    """`node` with every reference to `EventName` replaced by the IR's event names (see `ManifestSchema`)."""
    if isinstance(node, dict):
        if node.get("$ref") == "events.json#/$defs/EventName":
            return {"enum": [event.name for event in events]}
        return {key: _inline_event_names(value, events) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_event_names(item, events) for item in node]
    return node


def parse_schema_dir(schema_dir: Path, *, lenient: bool = False) -> Api:
    """Check every file under `schema_dir` and build the IR, or raise SchemaError with all problems.
    `lenient` reads older schema sets whose events, limits and error codes lack their metadata (for diffs)."""
    parser = _Parser(schema_dir, lenient=lenient)
    docs = parser.load()
    registry = parser.registry()
    # Shared definitions first, so that their types are named by their $defs key.
    for doc in docs:
        if doc.rel in SHARED_FILES:
            for def_name, def_node in sorted(doc.content.get("$defs", {}).items()):
                parser.parse_type(doc, f"/$defs/{def_name}", def_node)
    operations = []
    for doc in docs:
        if doc.rel.startswith("operations/"):
            op = parser.parse_operation(doc, registry)
            if op is not None:
                operations.append(op)
    for op in operations:
        describe_io(
            parser.types, op.input, op.output, f"`{op.method}` (`SpacedriveClient::{op.sdk.name}`): {op.summary}"
        )
    codes = parser.error_codes()
    json_limits = parser.json_limits()
    limits = parser.limits()
    events = parser.events()
    jobs = parser.jobs()
    seen_sdk: dict[str, str] = {}
    for op in operations:
        other = seen_sdk.setdefault(op.sdk.name, op.method)
        if other != op.method:
            parser.problem(op.source, "/sdk/method", f"SDK method name {op.sdk.name!r} is also used by {other}")
    if parser.problems:
        raise SchemaError(parser.problems)
    manifest_doc = next((d.content for d in docs if d.rel == "manifest.json"), None)
    manifest = ManifestSchema(_inline_event_names(manifest_doc, events)) if manifest_doc is not None else None
    return Api(
        operations=tuple(sorted(operations, key=lambda o: o.method)),
        types=tuple(sorted(parser.types.values(), key=lambda t: t.name)),
        error_codes=codes,
        abi_version=ABI_VERSION,
        sdk_version=SDK_VERSION,
        max_method_bytes=MAX_METHOD_BYTES,
        json_limits=json_limits,
        limits=limits,
        events=events,
        jobs=jobs,
        manifest=manifest,
    )
