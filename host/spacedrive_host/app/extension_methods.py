"""The `ext:` methods of loaded extensions: which extension serves a method, and one checked call.

What an operation is and how it is checked against a version's module is the runtime's
(`runtime/extension_operations.py`); this keeps the current operations of every loaded extension
for the trusted callers (`Host.execute_json_operation`, the daemon RPC, `sdext run`).
"""

from __future__ import annotations

import json
import re
import threading

import pydantic
from spacedrive_wire._runtime import dump_json

from spacedrive_host.api.operations import EXTENSION_METHOD_PREFIX, check_strict_json, validation_details
from spacedrive_host.core.errors import ErrorCode, ExtensionError, OperationError, error_envelope, preview
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.runtime.extension_operations import ServedOperation

_OK_KEY = re.compile(rb'\s*\{\s*"ok"\s*:')
_ERROR_KEY = re.compile(rb'\s*\{\s*"error"\s*:')


def _ok_value(answer: bytes) -> bytes | None:
    """The JSON of an `{"ok": value}` answer's value, None for an error envelope.

    `check_answer` has parsed the answer: an object with exactly one key. The common spellings
    are sliced (the value runs from the key's `:` to the last `}`); any other spelling of the key
    (escapes) is decoded, so no `ok` answer escapes the output check."""
    match = _OK_KEY.match(answer)
    if match is not None:
        return answer[match.end() : answer.rindex(b"}")]
    if _ERROR_KEY.match(answer) is not None:
        return None
    envelope = json.loads(answer)
    return json.dumps(envelope["ok"]).encode() if "ok" in envelope else None


class ExtensionOperations:
    """The `ext:` methods of every loaded extension (the host keeps one; the daemon reaches it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_extension: dict[str, tuple[Extension, dict[str, ServedOperation]]] = {}

    def register(self, extension: Extension) -> None:
        """Serve the operations of the extension's current version (again after each reload)."""
        served = extension.operations
        with self._lock:
            self._by_extension[extension.id] = (extension, served)

    def unregister(self, extension_id: str) -> None:
        with self._lock:
            self._by_extension.pop(extension_id, None)

    def methods(self) -> list[str]:
        with self._lock:
            return sorted(m for _, served in self._by_extension.values() for m in served)

    def method_of_export(self, extension_id: str, export: str) -> str | None:
        """The method an export serves, if it is declared as an operation (`sdext run` validates through it)."""
        with self._lock:
            entry = self._by_extension.get(extension_id)
        if entry is None:
            return None
        return next((method for method, served in entry[1].items() if served.export == export), None)

    def lookup(self, method: str) -> tuple[Extension, ServedOperation] | None:
        extension_id = method[len(EXTENSION_METHOD_PREFIX) :].split(".", 1)[0]
        with self._lock:
            entry = self._by_extension.get(extension_id)
        if entry is None or method not in entry[1]:
            return None
        return entry[0], entry[1][method]

    def execute(self, method: str, payload: bytes) -> bytes:
        """Run one extension operation; always an envelope (`{"ok": ...}` or `{"error": ...}`)."""
        try:
            return self._execute(method, payload)
        except OperationError as exc:
            return exc.envelope()
        except ExtensionError as exc:
            return error_envelope(exc.code, exc.message, {"extension": exc.extension_id})

    def _execute(self, method: str, payload: bytes) -> bytes:
        found = self.lookup(method)
        if found is None:
            raise OperationError(ErrorCode.unknown_method, f"no extension operation {preview(method)}")
        extension, served = found
        cap = extension.limits.request_bytes
        if len(payload) > cap:
            raise OperationError(
                ErrorCode.payload_too_large,
                f"request payload of {len(payload)} bytes exceeds the cap of {cap} (limits.request_bytes)",
                {"limit": cap, "size": len(payload)},
            )
        check_strict_json(payload)
        try:
            served.input_model.model_validate_json(payload)
        except pydantic.ValidationError as exc:
            errors = exc.errors(include_url=False)
            if errors and errors[0]["type"] == "json_invalid":
                raise OperationError(ErrorCode.invalid_json, f"payload is not valid JSON: {errors[0]['msg']}") from None
            raise OperationError(
                ErrorCode.invalid_input, f"invalid input for {method}", validation_details(exc)
            ) from None
        answer = extension.call_json(served.export, payload)
        if not answer:
            raise OperationError(ErrorCode.bad_answer, f"`{served.export}` gave no answer; {method} declares an output")
        value = _ok_value(answer)
        if value is None:
            return answer  # the export's own error envelope (check_answer has checked its shape and code)
        try:
            output = served.output_model.model_validate_json(value)
        except pydantic.ValidationError as exc:
            raise OperationError(
                ErrorCode.bad_answer,
                f"`{served.export}` answered an output that does not match the schema of {method}",
                validation_details(exc),
            ) from None
        return b'{"ok":' + dump_json(output, has_nullable=served.output_has_nullable) + b"}"
