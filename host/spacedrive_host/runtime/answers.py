"""What a JSON export may answer (docs/abi.md, "What an export's answer means").

An export returns 0 (no answer: the call completed and has nothing to report) or a pointer
to `[u32 length][envelope]`. The envelope is UTF-8 JSON, an object with exactly one key:
`{"ok": <any JSON>}` or `{"error": {"code": <a code of schema/errors.json>, "message":
<string>[, "details": <any JSON>]}}`. Anything else is the guest's bug: `bad_answer`.
"""

from __future__ import annotations

import json
from typing import Any

from spacedrive_wire.models import ErrorCode

from spacedrive_host.core.errors import ExtensionError, LoadErrorCode

ERROR_CODES = frozenset(code.value for code in ErrorCode)
ERROR_FIELDS = frozenset({"code", "message", "details"})
QUOTE_BYTES = 80
"""How much of a bad answer an error message quotes."""


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
