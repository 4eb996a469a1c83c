"""Errors are values with stable codes.

SpacedriveError                 every error the host raises carries .code and .message
├── OperationError              a wire error: becomes {"error": {...}} in an envelope;
│                               .code is the schema's ErrorCode
└── ExtensionError              loading or running an extension failed; .code is a
                                LoadErrorCode (manifest_invalid, abi_mismatch, ...)
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from spacedrive_wire.models import ErrorCode

__all__ = ["ErrorCode", "ExtensionError", "LoadErrorCode", "OperationError", "SpacedriveError", "error_envelope"]


class SpacedriveError(Exception):
    code: str
    message: str

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class OperationError(SpacedriveError):
    """An operation failed in a way the caller should see: turned into an error envelope."""

    code: ErrorCode

    def __init__(self, code: ErrorCode, message: str, details: Any = None) -> None:
        super().__init__(code, message)
        self.code = code
        self.details = details

    def envelope(self) -> bytes:
        return error_envelope(self.code, self.message, self.details)


class LoadErrorCode(StrEnum):
    """Why an extension could not be loaded or run (docs/runtime.md: which limit gives which code)."""

    manifest_invalid = "manifest_invalid"
    """The manifest is not valid JSON, breaks its schema, or asks for more than a host ceiling."""
    wasm_missing = "wasm_missing"
    wasm_invalid = "wasm_invalid"
    abi_mismatch = "abi_mismatch"
    missing_export = "missing_export"
    bad_export = "bad_export"
    init_failed = "init_failed"
    trapped = "trapped"
    """The guest trapped for a reason of its own (a bug: unreachable, out-of-bounds access, ...)."""
    time_limit = "time_limit"
    """A call ran past `time_per_call_ms` (epoch interruption)."""
    memory_limit = "memory_limit"
    """The guest's memory could not grow within `memory_bytes` (or its minimum exceeds it)."""
    table_limit = "table_limit"
    """A table's minimum size exceeds `table_elements`."""
    resource_limit = "resource_limit"
    """The module declares more memories or tables than one store allows."""
    fuel_exhausted = "fuel_exhausted"
    """A call used up `fuel_per_call` (hosts that meter fuel)."""
    stack_overflow = "stack_overflow"
    """The wasm call stack, or the guest's own stack in linear memory, overflowed."""
    payload_too_large = "payload_too_large"
    """A JSON export answered with more than `response_bytes`."""
    bad_answer = "bad_answer"
    """A JSON export answered something that is not an envelope, or a buffer outside its memory (docs/abi.md)."""
    not_loaded = "not_loaded"
    reentrant_call = "reentrant_call"
    """A thread that holds all of an extension's instances called into it again (it would deadlock)."""
    backing_off = "backing_off"
    """Calls are refused for a while after repeated failures (`ExtensionStatus.retry_after_s`)."""
    disabled = "disabled"
    """Too many consecutive failures: the extension is disabled until reloaded or enabled."""


class ExtensionError(SpacedriveError):
    code: LoadErrorCode

    def __init__(self, code: LoadErrorCode, message: str, extension_id: str | None = None) -> None:
        prefix = f"extension {extension_id!r}: " if extension_id else ""
        super().__init__(code, prefix + message)
        self.code = code
        self.extension_id = extension_id
        self.detail = message
        """The message without the extension prefix."""


def error_envelope(code: ErrorCode, message: str, details: Any = None) -> bytes:
    """`{"error": {"code", "message"[, "details"]}}` as compact UTF-8 JSON."""
    body: dict[str, Any] = {"code": code.value, "message": message}
    if details is not None:
        body["details"] = details
    return json.dumps({"error": body}, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")
