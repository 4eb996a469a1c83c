"""What a JSON export may answer (docs/abi.md, "What an export's answer means").

An export returns 0 (no answer: the call completed and has nothing to report) or a pointer
to `[u32 length][envelope]`. The envelope is UTF-8 JSON, an object with exactly one key:
`{"ok": <any JSON>}` or `{"error": {"code": <a code of schema/errors.json>, "message":
<string>[, "details": <any JSON>]}}`. Anything else is the guest's bug: `bad_answer`.

An extension's own error cases travel inside the closed set of codes, named in
`details.code`; that code must lie in the extension's own namespace (`<id>.<name>`, e.g.
`finance.no_receipt`), so that no extension can answer with another's codes
(docs/abi.md, "Extension error codes").
"""

from __future__ import annotations

import json
import re
from typing import Any

from spacedrive_wire.models import ErrorCode

from .errors import ExtensionError, LoadErrorCode

ERROR_CODES = frozenset(code.value for code in ErrorCode)
ERROR_FIELDS = frozenset({"code", "message", "details"})
QUOTE_BYTES = 80
"""How much of a bad answer an error message quotes."""
CUSTOM_CODE_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}(\.[a-z][a-z0-9_]{0,63}){0,3}")
"""What follows `<extension id>.` in an extension's own error code (`details.code`)."""


def custom_code_problem(details: Any, owner: str) -> str | None:
    """Why an error's `details.code` is not an extension error code of `owner`, or None when
    it is one (or there is none)."""
    if not isinstance(details, dict) or "code" not in details:
        return None
    code = details["code"]
    if not isinstance(code, str):
        return '"details.code" must be a string'
    namespace, dot, name = code.partition(".")
    if namespace != owner or not dot:
        return f"details.code {json.dumps(code)[:QUOTE_BYTES]} is outside the extension's namespace `{owner}.`"
    if not CUSTOM_CODE_NAME.fullmatch(name):
        return f"details.code {json.dumps(code)[:QUOTE_BYTES]} is not `{owner}.<lower-case name>`"
    return None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def check_answer(body: bytes, export: str, owner: str) -> None:
    """Raise `bad_answer`, naming the problem, unless `body` is an envelope."""

    def bad(problem: str) -> ExtensionError:
        return ExtensionError(
            LoadErrorCode.bad_answer,
            f"`{export}` answered {body[:QUOTE_BYTES]!r}{'...' if len(body) > QUOTE_BYTES else ''}: {problem}; "
            'an answer is {"ok": ...} or {"error": {"code", "message"[, "details"]}} (docs/abi.md)',
            owner,
        )

    try:
        envelope = json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise bad("not UTF-8") from None
    except ValueError:
        raise bad("not JSON (return 0 for no answer)" if not body else "not JSON") from None
    except RecursionError:
        raise bad("nested too deeply") from None
    if not isinstance(envelope, dict) or len(envelope) != 1 or not envelope.keys() <= {"ok", "error"}:
        raise bad('not an envelope: an object with exactly one key, "ok" or "error"')
    if "ok" in envelope:
        return
    error = envelope["error"]
    if not isinstance(error, dict):
        raise bad('"error" must be an object')
    if not error.keys() <= ERROR_FIELDS or not {"code", "message"} <= error.keys():
        raise bad('"error" must have "code" and "message", may have "details", and nothing else')
    code = error["code"]
    if not isinstance(code, str) or code not in ERROR_CODES:
        raise bad(f"error code {json.dumps(code)} is not one of the codes in schema/errors.json")
    if not isinstance(error["message"], str):
        raise bad('"message" must be a string')
    problem = custom_code_problem(error.get("details"), owner)
    if problem is not None:
        raise bad(problem)
