"""What a library stores, as values: entry and sidecar records, names and metadata checks, timestamps."""

from __future__ import annotations

import json
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from spacedrive_wire.json_limits import FREE_FORM_JSON

from spacedrive_host.core.errors import ErrorCode, OperationError

MAX_SIDECAR_NAME = 255
MAX_LIBRARY_NAME = 256


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch: objects merge recursively, null deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text)


def check_sidecar_name(filename: str) -> None:
    """Reject names that could escape the entry's directory or confuse tools."""
    problem = None
    if not filename or len(filename.encode("utf-8")) > MAX_SIDECAR_NAME:
        problem = f"must be 1 to {MAX_SIDECAR_NAME} bytes"
    elif "/" in filename or "\\" in filename:
        problem = "must not contain path separators"
    elif filename in (".", "..") or ".." in filename:
        problem = "must not contain '..'"
    elif _has_control_characters(filename):
        problem = "must not contain control characters"
    if problem:
        raise OperationError(ErrorCode.invalid_input, f"invalid sidecar filename {filename!r}: {problem}")


def check_library_name(name: str) -> None:
    problem = None
    if not name.strip() or len(name) > MAX_LIBRARY_NAME:
        problem = f"must have 1 to {MAX_LIBRARY_NAME} characters, not only white space"
    elif _has_control_characters(name):
        problem = "must not contain control characters"
    if problem:
        raise OperationError(ErrorCode.invalid_input, f"invalid library name {name!r}: {problem}")


@dataclass(frozen=True)
class EntryRecord:
    entry_id: uuid.UUID
    name: str
    path: str
    entry_type: str
    metadata: dict[str, Any]
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class SidecarRecord:
    entry_id: uuid.UUID
    filename: str
    format: str
    size: int
    sha256: str
    updated_at: str


@dataclass(frozen=True)
class LibraryStats:
    entry_count: int
    sidecar_count: int
    sidecar_bytes: int
    row_bytes: int = 0
    """Bytes of entry and sidecar rows (`entry_row_bytes`, `sidecar_row_bytes`)."""

    @property
    def used_bytes(self) -> int:
        """What counts against `max_library_bytes`: sidecar contents and rows."""
        return self.sidecar_bytes + self.row_bytes


def encode_metadata(metadata: dict[str, Any]) -> str:
    """Stored JSON of entry metadata; `invalid_input` if it breaks the free-form JSON limits
    (strict JSON: no NaN or Infinity), so nothing the SDKs cannot decode is ever stored."""
    problem = FREE_FORM_JSON.problem(metadata)
    if problem is not None:
        raise OperationError(ErrorCode.invalid_input, f"metadata: {problem}", {"loc": ["metadata"], "msg": problem})
    return json.dumps(metadata, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
