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
    """Why an extension could not be loaded or run."""

    manifest_invalid = "manifest_invalid"
    wasm_missing = "wasm_missing"
    wasm_invalid = "wasm_invalid"
    abi_mismatch = "abi_mismatch"
    missing_export = "missing_export"
    bad_export = "bad_export"
    init_failed = "init_failed"
    trapped = "trapped"
    time_limit = "time_limit"
    memory_limit = "memory_limit"
    fuel_exhausted = "fuel_exhausted"
    stack_overflow = "stack_overflow"
    bad_answer = "bad_answer"
    not_loaded = "not_loaded"
    disabled = "disabled"


class ExtensionError(SpacedriveError):
    code: LoadErrorCode

    def __init__(self, code: LoadErrorCode, message: str, extension_id: str | None = None) -> None:
        prefix = f"extension {extension_id!r}: " if extension_id else ""
        super().__init__(code, prefix + message)
        self.code = code
        self.extension_id = extension_id


def error_envelope(code: ErrorCode, message: str, details: Any = None) -> bytes:
    """`{"error": {"code", "message"[, "details"]}}` as compact UTF-8 JSON."""
    body: dict[str, Any] = {"code": code.value, "message": message}
    if details is not None:
        body["details"] = details
    return json.dumps({"error": body}, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")
