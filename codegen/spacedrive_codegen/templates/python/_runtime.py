"""Runtime support for the generated wire models: the base model, bytes on the wire, the
operation spec type and wire JSON encoding. Copied verbatim into generated/ by codegen.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema


class WireModel(BaseModel):
    """Base of every generated model: unknown fields are errors, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


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
    data = model.model_dump(mode="json", by_alias=True)
    _prune(model, data)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _prune(model: BaseModel, data: dict[str, Any]) -> None:
    for name, info in type(model).model_fields.items():
        key = info.alias or name
        value = getattr(model, name)
        if value is None:
            if not info.is_required():
                data.pop(key, None)
        elif key in data:
            _prune_value(value, data[key])


def _prune_value(value: Any, data: Any) -> None:
    if isinstance(value, BaseModel) and isinstance(data, dict):
        _prune(value, data)
    elif isinstance(value, list) and isinstance(data, list):
        for item, item_data in zip(value, data, strict=False):
            _prune_value(item, item_data)
    elif isinstance(value, dict) and isinstance(data, dict):
        for key, item in value.items():
            if key in data:
                _prune_value(item, data[key])
