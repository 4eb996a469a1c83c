"""Limits of free-form JSON values, generated from schema/defs.json `x-free-form-json` by `sdext codegen`. DO NOT EDIT.

Every untyped value and every `additionalProperties: true` map of the wire models has one
of these types, so the limits hold wherever a model is built: requests and answers alike.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator

from ._runtime import JsonLimits

FREE_FORM_JSON = JsonLimits(
    max_depth=32,
    max_string_bytes=65536,
    max_total_bytes=262144,
)

JsonValue = Annotated[Any, AfterValidator(FREE_FORM_JSON.check)]
"""Any JSON value within `FREE_FORM_JSON`."""

JsonObject = Annotated[dict[str, Any], AfterValidator(FREE_FORM_JSON.check)]
"""A JSON object (string keys, any values) within `FREE_FORM_JSON`."""
