"""Errors are values with stable codes.

SpacedriveError                 every error the host raises carries .code and .message
├── OperationError              a wire error: becomes {"error": {...}} in an envelope;
│                               .code is the schema's ErrorCode
└── ExtensionError              loading or running an extension failed; .code is one
                                of the extension codes (manifest_invalid, time_limit, ...)

All codes are one closed set, `ErrorCode`, generated from schema/errors.json.
"""

from __future__ import annotations

import json
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


LoadErrorCode = ErrorCode
"""The codes an `ExtensionError` carries (`manifest_invalid`, `time_limit`, ...): the same closed set
as operation errors, from schema/errors.json, so every SDK can name them."""


class ExtensionError(SpacedriveError):
    code: ErrorCode

    def __init__(self, code: ErrorCode, message: str, extension_id: str | None = None) -> None:
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
