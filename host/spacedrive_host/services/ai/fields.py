"""The fields a caller asks `ai.classify_text` for, and a found value converted to a field's type.

Shared by every classifier (the embedded rules and OpenAI-compatible servers), so it does
not depend on how a value was found.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .receipt_amounts import amounts
from .receipt_dates import parse_date

RECEIPT_FIELDS: dict[str, dict[str, Any]] = {
    "merchant": {"type": "string", "description": "Name of the shop or company that issued the receipt."},
    "date": {"type": "string", "format": "date", "description": "Date of the purchase, ISO 8601."},
    "total": {"type": "number", "description": "Total amount paid."},
    "currency": {"type": "string", "description": "ISO 4217 currency code of the total."},
}
"""What `classify_text` extracts when the caller names neither labels nor fields."""


@dataclass(frozen=True)
class FieldSpec:
    """One wanted field: a JSON-Schema-like `{"type", "format", "description"}`."""

    name: str
    type: str = "string"
    format: str | None = None
    description: str = ""

    @classmethod
    def parse(cls, name: str, spec: Any) -> FieldSpec:
        if isinstance(spec, str):
            return cls(name, description=spec)
        if spec is None or spec is True:
            return cls(name)
        if not isinstance(spec, Mapping):
            raise ValueError(f"field {name!r}: expected an object like {{'type': 'string'}} or a description string")
        kind = spec.get("type", "string")
        if isinstance(kind, list):  # ["number", "null"]
            kind = next((k for k in kind if k != "null"), "string")
        if kind not in ("string", "number", "integer", "boolean"):
            raise ValueError(f"field {name!r}: type {kind!r} is not one of string, number, integer, boolean")
        fmt = spec.get("format")
        description = spec.get("description", "")
        if fmt is not None and not isinstance(fmt, str):
            raise ValueError(f"field {name!r}: format must be a string")
        if not isinstance(description, str):
            raise ValueError(f"field {name!r}: description must be a string")
        return cls(name, str(kind), fmt, description)

    def json_schema(self) -> dict[str, Any]:
        """The field as a nullable JSON Schema property (for LLM structured output)."""
        schema: dict[str, Any] = {"type": [self.type, "null"]}
        if self.format:
            schema["format"] = self.format
        if self.description:
            schema["description"] = self.description
        return schema


def parse_fields(fields: Mapping[str, Any]) -> list[FieldSpec]:
    return [FieldSpec.parse(name, spec) for name, spec in fields.items()]


def coerce(value: Any, field: FieldSpec, currency: str | None = None) -> Any:
    """A found value converted to the field's type (None when it does not convert)."""
    if value is None:
        return None
    if field.type in ("number", "integer"):
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            found = amounts(str(value))
            if not found:
                return None
            number = found[0].value
        if field.type == "integer":
            return int(number) if number.is_integer() else None
        return number
    if field.type == "boolean":
        word = str(value).strip().lower()
        return (
            True
            if word in ("yes", "true", "y", "1", "paid", "ja")
            else False
            if word in ("no", "false", "n", "0", "nein")
            else None
        )
    if field.format == "date":
        return (
            value
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            else parse_date(str(value), currency != "USD")
        )
    return str(value)
