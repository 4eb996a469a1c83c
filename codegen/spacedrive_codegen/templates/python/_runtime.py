"""Runtime support for the generated wire models: the base model, bytes on the wire, the
operation spec type and wire JSON encoding. Copied verbatim into generated/ by codegen.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1
U64_MAX = 2**64 - 1


class WireModel(BaseModel):
    """Base of every generated model: unknown fields are errors, assignments are validated,
    and a typed number must be finite (NaN and Infinity are not JSON) in answers as in requests."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


Int64 = Annotated[int, Field(strict=True, ge=I64_MIN, le=I64_MAX)]
"""A schema `integer`: an i64, as in the Rust SDK; strict, so `true`, `1.0` and `"2"` are refused as in the schema."""


def _pointer(path: tuple[str | int, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path) or "/"


@dataclass(frozen=True)
class JsonLimits:
    """Limits of a free-form JSON value (schema/defs.json `x-free-form-json`; docs/schema-subset.md).

    Depth counts containers (`{}` and `[]` are 1 deep, a scalar 0); strings, object keys and
    the whole value are measured in UTF-8 bytes of compact JSON; integers fit i64 or u64;
    numbers are finite. Every value within these limits decodes in the Rust SDK.
    """

    max_depth: int
    max_string_bytes: int
    max_total_bytes: int

    def check(self, value: Any) -> Any:
        """Pydantic validator: `value` unchanged, or ValueError naming the first problem and where."""
        problem = self.problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    def _string(self, text: str, path: tuple[str | int, ...], what: str) -> str | None:
        if len(text) * 4 <= self.max_string_bytes:
            return None
        if len(text) > self.max_string_bytes or len(text.encode("utf-8", "surrogatepass")) > self.max_string_bytes:
            return f"{what} at {_pointer(path)} is longer than {self.max_string_bytes} bytes"
        return None

    def problem(self, value: Any) -> str | None:
        """What is wrong with `value` as a free-form JSON value, with a JSON pointer; None if nothing.

        The walk also adds up a bound on the value's size as JSON (a character takes at most 6
        bytes, a number at most 24): only a value whose bound passes `max_total_bytes` is
        encoded to measure it exactly, which would otherwise be most of the cost of a check."""
        stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
        bound = 0
        surrogates = False
        while stack:
            item, path = stack.pop()
            if item is None or isinstance(item, bool):
                bound += 6
                continue
            if isinstance(item, int):
                if not I64_MIN <= item <= U64_MAX:
                    return f"integer at {_pointer(path)} is outside the i64/u64 range"
                bound += 21
            elif isinstance(item, float):
                if not math.isfinite(item):
                    return f"number at {_pointer(path)} is not finite (NaN and Infinity are not JSON)"
                bound += 25
            elif isinstance(item, str):
                problem = self._string(item, path, "string")
                if problem is not None:
                    return problem
                bound += 6 * len(item) + 3
                surrogates = surrogates or _has_lone_surrogate(item)
            elif isinstance(item, list | dict):
                if len(path) >= self.max_depth:
                    return f"value at {_pointer(path)} is nested deeper than {self.max_depth} levels"
                bound += 3
                if isinstance(item, list):
                    stack.extend((v, (*path, i)) for i, v in enumerate(item))
                    continue
                for key, v in item.items():
                    if not isinstance(key, str):
                        return f"object key {key!r} at {_pointer(path)} is not a string"
                    problem = self._string(key, (*path, key), "object key")
                    if problem is not None:
                        return problem
                    bound += 6 * len(key) + 4
                    surrogates = surrogates or _has_lone_surrogate(key)
                    stack.append((v, (*path, key)))
            else:
                return f"{type(item).__name__} at {_pointer(path)} is not a JSON value"
        if surrogates:
            return "the value holds a string that is not valid Unicode (a lone surrogate)"
        if bound <= self.max_total_bytes:
            return None
        size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8"))
        if size > self.max_total_bytes:
            return f"the value takes {size} bytes as JSON, more than {self.max_total_bytes}"
        return None


def _has_lone_surrogate(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _decode_base64(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError(f"invalid base64: {exc}") from None
    return value


def _encode_base64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


Base64Data = Annotated[
    bytes,
    BeforeValidator(_decode_base64),
    PlainSerializer(_encode_base64, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "contentEncoding": "base64"}),
]
"""Bytes that travel as a standard (padded, strict) base64 string in JSON."""

InputT = TypeVar("InputT", bound=WireModel)
OutputT = TypeVar("OutputT", bound=WireModel)


@dataclass(frozen=True)
class OperationSpec(Generic[InputT, OutputT]):
    """One registry entry: what codegen knows about a wire operation."""

    method: str
    kind: Literal["query", "action"]
    scope: Literal["library", "core"]
    domain: str
    name: str
    version: int
    permission: str
    summary: str
    input_model: type[InputT]
    output_model: type[OutputT]
    output_has_nullable: bool

    @property
    def needs_library(self) -> bool:
        return self.scope == "library"


PayloadT = TypeVar("PayloadT", bound=WireModel)


@dataclass(frozen=True)
class EventSpec(Generic[PayloadT]):
    """One registry entry: what codegen knows about an event extensions can subscribe to."""

    name: str
    scope: Literal["library"]
    summary: str
    payload_model: type[PayloadT]


ParamsT = TypeVar("ParamsT", bound=WireModel)
ResultT = TypeVar("ResultT", bound=WireModel)


@dataclass(frozen=True)
class JobSpec(Generic[ParamsT, ResultT]):
    """One registry entry: a core job type, with the models of its parameters and result."""

    name: str
    summary: str
    progress: str
    """What the job's progress counts."""
    params_model: type[ParamsT]
    result_model: type[ResultT]


def dump_json(model: WireModel, *, has_nullable: bool = True) -> bytes:
    """Wire JSON of a model: optional fields that are None are left out, required nullable ones are null.

    `has_nullable=False` (known from the schema) takes pydantic's native exclude_none path.
    """
    serializer = type(model).__pydantic_serializer__
    if not has_nullable:
        return serializer.to_json(model, by_alias=True, exclude_none=True)
    data = serializer.to_python(model, mode="json", by_alias=True)
    _prune(model, data)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


_FIELDS: dict[type[BaseModel], tuple[tuple[str, str, bool], ...]] = {}
"""(attribute, JSON key, required) of each model class's fields, read once: `is_required()` per field
and call was most of the cost of pruning."""
_SCALARS = (str, int, float, bool)


def _fields(cls: type[BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = tuple((name, info.alias or name, info.is_required()) for name, info in cls.model_fields.items())
        _FIELDS[cls] = fields
    return fields


def _prune(model: BaseModel, data: dict[str, Any]) -> None:
    for name, key, required in _FIELDS.get(type(model)) or _fields(type(model)):
        value = getattr(model, name)
        if value is None:
            if not required:
                data.pop(key, None)
        elif key in data and not isinstance(value, _SCALARS):
            _prune_value(value, data[key])


def _prune_value(value: Any, data: Any) -> None:
    if isinstance(value, _SCALARS):
        return
    if isinstance(value, BaseModel) and isinstance(data, dict):
        _prune(value, data)
    elif isinstance(value, list) and isinstance(data, list):
        for item, item_data in zip(value, data, strict=False):
            _prune_value(item, item_data)
    elif isinstance(value, dict) and isinstance(data, dict):
        for key, item in value.items():
            if key in data:
                _prune_value(item, data[key])
