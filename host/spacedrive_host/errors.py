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

__all__ = [
    "ErrorCode",
    "ExtensionError",
    "LoadErrorCode",
    "OperationError",
    "SpacedriveError",
    "error_envelope",
    "escape_control",
    "preview",
]


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
    reentry_limit = "reentry_limit"
    """Host calls nested deeper than the ABI allows: a guest function the host invoked while serving
    a host call (e.g. `wasm_alloc` for an answer) called the host again, and again (docs/abi.md)."""
    host_error = "host_error"
    """A host function failed unexpectedly while serving the guest; the call was aborted with a trap
    (a host bug, logged by the host)."""
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


PREVIEW_CHARS = 64
"""The most of any guest- or client-supplied text a message or log line repeats."""


def preview(text: str | bytes, limit: int = PREVIEW_CHARS) -> str:
    """A short, printable excerpt of untrusted input for messages: at most `limit` characters,
    quoted with `repr` (which escapes control characters), and how much was cut."""
    if isinstance(text, bytes):
        head = text[: limit * 4].decode("utf-8", errors="replace")[:limit]
        whole = len(head.encode("utf-8", errors="replace")) >= len(text)
        return repr(head) if whole else f"{head!r}... ({len(text)} bytes in all)"
    cut = len(text) - limit
    return repr(text) if cut <= 0 else f"{text[:limit]!r}... ({cut} more characters)"


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))} | {0x2028: "\\u2028", 0x2029: "\\u2029"}


def escape_control(text: str) -> str:
    """`text` with control characters (C0, DEL, C1, line/paragraph separators) as `\\xNN` escapes, so
    untrusted text cannot start a new log record or rewrite a terminal line."""
    return text.translate(_CONTROL)


def error_envelope(code: ErrorCode, message: str, details: Any = None) -> bytes:
    """`{"error": {"code", "message"[, "details"]}}` as compact UTF-8 JSON."""
    body: dict[str, Any] = {"code": code.value, "message": message}
    if details is not None:
        body["details"] = details
    return json.dumps({"error": body}, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")
