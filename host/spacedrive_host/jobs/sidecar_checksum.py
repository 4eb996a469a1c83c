"""`sidecar_checksum`: read every sidecar file of the library and compare it with the size and
SHA-256 its row records. Finds files damaged or removed behind the host's back."""

from __future__ import annotations

import hashlib
from typing import Any

from ..errors import OperationError
from .base import JobContext, JobParams, JobType

PAGE = 200
MAX_REPORTED = 100
"""Problems listed in the result (all are counted)."""


class SidecarChecksumParams(JobParams):
    """No parameters: the whole library is checked."""


def run(ctx: JobContext, params: SidecarChecksumParams) -> dict[str, Any]:
    library = ctx.library
    total = library.stats().sidecar_count
    ctx.progress(0, total, "checking sidecars")
    checked = ok = 0
    mismatched: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    after: tuple[str, str] | None = None
    while page := library.sidecar_page(after, PAGE):
        for listed in page:
            ctx.checkpoint()
            where = {"entry_id": str(listed.entry_id), "filename": listed.filename}
            try:
                # Row and bytes are read under the library's lock, so a concurrent replace is no false alarm.
                record, data = library.read_sidecar(listed.entry_id, listed.filename)
            except OperationError:
                continue  # deleted since the page was read
            except FileNotFoundError:
                missing.append(where)
            else:
                actual = hashlib.sha256(data).hexdigest()
                if actual != record.sha256 or len(data) != record.size:
                    mismatched.append(where | {"expected": record.sha256, "actual": actual, "size": len(data)})
                else:
                    ok += 1
            checked += 1
            ctx.progress(checked, max(total, checked), "checking sidecars")
        after = (str(page[-1].entry_id), page[-1].filename)
    return {
        "checked": checked,
        "ok": ok,
        "problems": len(mismatched) + len(missing),
        "mismatched": mismatched[:MAX_REPORTED],
        "missing": missing[:MAX_REPORTED],
    }


SIDECAR_CHECKSUM = JobType(
    name="sidecar_checksum",
    summary="Verify every sidecar file of the library against its recorded size and SHA-256.",
    params=SidecarChecksumParams,
    run=run,
)
