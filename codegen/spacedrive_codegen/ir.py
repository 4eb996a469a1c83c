"""The intermediate representation codegen renders from.

Schemas are parsed once into these frozen dataclasses (see `parser.py`); templates only
ever see the IR, never raw schema dicts, so every naming decision (Rust identifiers,
escaped keywords, enum variants) is taken in exactly one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

Primitive = Literal["string", "integer", "number", "boolean", "bytes", "uuid", "datetime", "any"]
TypeKind = Literal["primitive", "array", "map", "named"]
Kind = Literal["query", "action"]
Scope = Literal["library", "core"]

RUST_KEYWORDS = frozenset(
    [
        "as",
        "async",
        "await",
        "break",
        "const",
        "continue",
        "crate",
        "dyn",
        "else",
        "enum",
        "extern",
        "false",
        "fn",
        "for",
        "if",
        "impl",
        "in",
        "let",
        "loop",
        "match",
        "mod",
        "move",
        "mut",
        "pub",
        "ref",
        "return",
        "self",
        "Self",
        "static",
        "struct",
        "super",
        "trait",
        "true",
        "type",
        "unsafe",
        "use",
        "where",
        "while",
        "abstract",
        "become",
        "box",
        "do",
        "final",
        "macro",
        "override",
        "priv",
        "try",
        "typeof",
        "unsized",
        "virtual",
        "yield",
    ]
)


@dataclass(frozen=True)
class TypeRef:
    """The type of a field: a primitive, a container of another type, or a named type."""

    kind: TypeKind
    primitive: Primitive | None = None
    item: TypeRef | None = None
    name: str | None = None

    @property
    def rust(self) -> str:
        if self.kind == "array":
            assert self.item is not None
            return f"Vec<{self.item.rust}>"
        if self.kind == "map":
            assert self.item is not None
            return f"BTreeMap<String, {self.item.rust}>"
        if self.kind == "named":
            assert self.name is not None
            return self.name
        return RUST_PRIMITIVES[self.primitive or "any"]

    @property
    def doc(self) -> str:
        """The type as shown in the Markdown reference."""
        if self.kind == "array":
            assert self.item is not None
            return f"array of {self.item.doc}"
        if self.kind == "map":
            assert self.item is not None
            return f"map of string to {self.item.doc}"
        if self.kind == "named":
            return f"[`{self.name}`](#{(self.name or '').lower()})"
        return DOC_PRIMITIVES[self.primitive or "any"]

    @property
    def rust_defaultable(self) -> bool:
        return self.kind != "named"

    @property
    def free_form(self) -> bool:
        """An untyped JSON value, or a map of them: the free-form JSON limits (`JsonLimits`) apply."""
        untyped = self.item if self.kind == "map" and self.item is not None else self
        return untyped.kind == "primitive" and untyped.primitive == "any"


RUST_PRIMITIVES: dict[str, str] = {
    "string": "String",
    "integer": "i64",
    "number": "f64",
    "boolean": "bool",
    "bytes": "Bytes",
    "uuid": "Uuid",
    "datetime": "String",
    "any": "Value",
}

DOC_PRIMITIVES: dict[str, str] = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "bytes": "bytes (base64 string)",
    "uuid": "UUID string",
    "datetime": "RFC 3339 timestamp",
    "any": "any JSON value",
}


@dataclass(frozen=True)
class Field:
    json_name: str
    type: TypeRef
    required: bool
    nullable: bool
    description: str
    constraints: tuple[tuple[str, Any], ...] = ()

    @property
    def constraint_doc(self) -> str:
        return ", ".join(f"{k} {json.dumps(v)}" for k, v in self.constraints)

    @property
    def doc(self) -> str:
        """The field's documentation: its description, then its constraints (which the host enforces)."""
        parts = [self.description.strip()]
        if self.constraints:
            shown = ", ".join(f"`{k}` `{json.dumps(v)}`" for k, v in self.constraints)
            parts.append(f"Constraints (checked by the host): {shown}.")
        return "\n\n".join(p for p in parts if p)

    @property
    def rust_name(self) -> str:
        return f"r#{self.json_name}" if self.json_name in RUST_KEYWORDS else self.json_name

    @property
    def rust_type(self) -> str:
        inner = self.type.rust
        return inner if self.required and not self.nullable else f"Option<{inner}>"

    @property
    def optional(self) -> bool:
        return not self.required


@dataclass(frozen=True)
class StructType:
    name: str
    description: str
    fields: tuple[Field, ...]
    source: str = field(compare=False)
    """Where it is first defined (file#pointer); the same title may be repeated with the same shape."""

    @property
    def rust_default(self) -> bool:
        """Whether `#[derive(Default)]` is possible (named field types may lack Default)."""
        return all(f.optional or f.nullable or f.type.rust_defaultable for f in self.fields)

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)


@dataclass(frozen=True)
class ErrorCase:
    """One error an operation may answer with: a wire code and when it happens."""

    code: str
    rust_name: str
    """The `ErrorCode` variant, e.g. `NotFound`."""
    when: str


@dataclass(frozen=True)
class EnumVariant:
    value: str
    rust_name: str
    description: str = ""
    """From the enum's `x-descriptions` (required for every value)."""

    @property
    def doc(self) -> str:
        return f"`{self.value}`: {self.description}" if self.description else f"`{self.value}`."


@dataclass(frozen=True)
class EnumType:
    name: str
    description: str
    variants: tuple[EnumVariant, ...]
    source: str = field(compare=False)
    open: bool = True
    """Whether decoders accept values they do not know (a newer host's): the Rust enum gets an
    `Unknown` fallback and `#[non_exhaustive]`. Every enum of the wire is open."""


NamedType = StructType | EnumType


@dataclass(frozen=True)
class Example:
    name: str
    input: Any
    output: Any


@dataclass(frozen=True)
class SdkMethod:
    """How the operation appears on the Rust `SpacedriveClient`."""

    name: str
    args: tuple[Field, ...]
    returns: Field | None
    returns_unit: bool
    positional: bool = False
    """Whether the schema lists `args` (possibly none): then the method takes them instead of the input struct."""
    follows_cursor: bool = False
    """Whether the operation is paged (optional input `cursor`, optional output `next_cursor`) and the
    method returns one output field: then it follows the cursors and returns the items of every page."""


@dataclass(frozen=True)
class Operation:
    method: str
    kind: Kind
    scope: Scope
    domain: str
    name: str
    version: int
    summary: str
    description: str
    input: StructType
    output: StructType
    examples: tuple[Example, ...]
    sdk: SdkMethod
    source: str
    errors: tuple[ErrorCase, ...] = ()
    """Every error code the operation may answer with and when: the ones every operation of its
    scope may (schema checks, permissions, limits) and the ones its file declares, in the order
    of schema/errors.json."""

    @property
    def permission(self) -> str:
        """The short name manifests use to allow this operation, e.g. `vdfs.create_entry`."""
        return f"{self.domain}.{self.name}"

    @property
    def constant(self) -> str:
        """Identifier of the operation's constant, e.g. `VDFS_CREATE_ENTRY_V1`."""
        return f"{self.domain}_{self.name}_v{self.version}".upper()

    @property
    def sdk_returns_rust(self) -> str:
        """The Rust type the SDK method returns: `()`, the type of the output field it names, or
        the whole output struct."""
        if self.sdk.returns_unit:
            return "()"
        return self.sdk.returns.rust_type if self.sdk.returns is not None else self.output.name


@dataclass(frozen=True)
class ExtensionOperation:
    """One operation an extension serves from a JSON export, declared in `<extension>/operations/`.

    Its method is `ext:<extension id>.<name>.v<N>` (docs/extension-operations.md); the host
    validates its input before the export runs and its answer after."""

    extension: str
    name: str
    version: int
    export: str
    """The JSON export `(ptr, len) -> ptr` that serves it."""
    summary: str
    description: str
    input: StructType
    output: StructType
    examples: tuple[Example, ...]
    errors: tuple[ErrorCase, ...]
    """The errors the export itself declares (the host adds its own: docs/extension-operations.md)."""
    source: str

    @property
    def method(self) -> str:
        return f"ext:{self.extension}.{self.name}.v{self.version}"

    @property
    def constant(self) -> str:
        """Identifier of the method's constant, e.g. `PROCESS_EMAIL_V1`."""
        return f"{self.name}_v{self.version}".upper()

    @property
    def rust_type(self) -> str:
        """Name of the Rust marker type of the operation, e.g. `ProcessEmailV1`."""
        return "".join(part.capitalize() for part in self.name.split("_")) + f"V{self.version}"


@dataclass(frozen=True)
class ExtensionApi:
    """The operations of one extension and the types they use, by method and by name."""

    extension: str
    operations: tuple[ExtensionOperation, ...]
    types: tuple[NamedType, ...]

    def type_named(self, name: str) -> NamedType:
        for t in self.types:
            if t.name == name:
                return t
        raise KeyError(name)


@dataclass(frozen=True)
class ErrorCode:
    value: str
    rust_name: str
    description: str
    http_status: int
    """The status the daemon RPC answers an error envelope with this code with (`x-http-status`)."""


@dataclass(frozen=True)
class JsonLimits:
    """Limits of every free-form JSON value (schema/defs.json `x-free-form-json`).

    Depth counts containers: `{}` and `[]` are 1 deep, a scalar 0. Strings (and object
    keys) and the whole value are measured in UTF-8 bytes of compact JSON. Integers must
    fit i64 or u64 and numbers must be finite, so that serde_json's `Value` holds them exactly.
    """

    max_depth: int
    max_string_bytes: int
    max_total_bytes: int


@dataclass(frozen=True)
class Event:
    """One event of schema/events.json: its name, payload type and delivery scope."""

    name: str
    payload: StructType
    scope: Literal["library"]
    description: str

    @property
    def constant(self) -> str:
        """Identifier of the event's constant, e.g. `ENTRY_CREATED`."""
        return self.name.replace(".", "_").upper()

    @property
    def variant(self) -> str:
        """Name of the `EventName` member (Python) for the event, e.g. `entry_created`."""
        return self.name.replace(".", "_")

    @property
    def callback(self) -> str:
        """The `Extension` trait method and the export `register_extension!` writes for the
        event, e.g. `on_entry_created` (the name a manifest's `events` entry gives)."""
        return f"on_{self.variant}"


@dataclass(frozen=True)
class Job:
    """One core job type of schema/jobs.json: typed parameters and result."""

    name: str
    summary: str
    progress: str
    """What the job's progress counts, e.g. `entries processed`."""
    params: StructType
    result: StructType

    @property
    def constant(self) -> str:
        """Identifier of the job type's constant, e.g. `OCR_BATCH`."""
        return self.name.upper()

    @property
    def rust_type(self) -> str:
        """Name of the Rust marker type of the job, e.g. `OcrBatch`."""
        return "".join(part.capitalize() for part in self.name.split("_"))


@dataclass(frozen=True)
class Limit:
    """One resource limit of the manifest (`limits.<name>`), with the host's default and ceiling."""

    name: str
    kind: Literal["integer", "number"]
    default: int | float
    ceiling: int | float
    description: str

    @property
    def python_type(self) -> str:
        return "int" if self.kind == "integer" else "float"

    @property
    def rust_type(self) -> str:
        return "u64" if self.kind == "integer" else "f64"

    @property
    def constant(self) -> str:
        """Identifier of the limit's constant, e.g. `MEMORY_BYTES`."""
        return self.name.upper()

    def literal(self, value: int | float) -> str:
        """`value` as a literal of the limit's type (the same text in Python and Rust)."""
        return str(int(value)) if self.kind == "integer" else repr(float(value))


@dataclass(frozen=True)
class ManifestSchema:
    """The extension manifest's JSON Schema, self-contained: references to `EventName` are replaced
    by the events of the IR, so jsonschema (the host, at load) and the Python model see the same
    closed set of event names. Its limits are `Api.limits`."""

    document: dict[str, Any] = field(compare=False)

    @property
    def for_models(self) -> dict[str, Any]:
        """The document without `$schema`/`$id`, as datamodel-code-generator takes it."""
        return {k: v for k, v in self.document.items() if k not in ("$schema", "$id")}


@dataclass(frozen=True)
class Api:
    """Everything codegen knows, in a fixed order (operations by method, types by name)."""

    operations: tuple[Operation, ...]
    types: tuple[NamedType, ...]
    error_codes: tuple[ErrorCode, ...]
    abi_version: int
    sdk_version: str
    max_method_bytes: int
    """The longest method string the ABI carries."""
    json_limits: JsonLimits
    """The limits of every free-form JSON value (schema/defs.json `x-free-form-json`)."""
    limits: tuple[Limit, ...] = ()
    """The manifest's resource limits, in schema order."""
    events: tuple[Event, ...] = ()
    """The events extensions can subscribe to, by name."""
    jobs: tuple[Job, ...] = ()
    """The core job types extensions can dispatch, by name."""
    manifest: ManifestSchema | None = None
    """The extension manifest's JSON Schema (None only in IR built by hand for tests)."""

    def type_named(self, name: str) -> NamedType:
        for t in self.types:
            if t.name == name:
                return t
        raise KeyError(name)
