"""`sidecar_checksum`: read every sidecar file of the library and compare it with the size and
SHA-256 its row records. Finds files damaged or removed behind the host's back."""

from __future__ import annotations

import hashlib

from spacedrive_wire import jobs
from spacedrive_wire.models import SidecarChecksumParams, SidecarChecksumResult, SidecarLocation, SidecarMismatch

from spacedrive_host.core.errors import OperationError
from spacedrive_host.services.jobs.base import JobContext, JobType

PAGE = 200
MAX_REPORTED = 100
"""Problems listed in the result (all are counted)."""


def run(ctx: JobContext, params: SidecarChecksumParams) -> SidecarChecksumResult:
    library = ctx.library
    total = library.stats().sidecar_count
    ctx.progress(0, total, "checking sidecars")
    checked = ok = 0
    mismatched: list[SidecarMismatch] = []
    missing: list[SidecarLocation] = []
    after: tuple[str, str] | None = None
    while page := library.sidecar_page(after, PAGE):
        for listed in page:
            ctx.checkpoint()
            where = SidecarLocation(entry_id=listed.entry_id, filename=listed.filename)
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
                    mismatched.append(
                        SidecarMismatch(
                            entry_id=listed.entry_id,
                            filename=listed.filename,
                            expected=record.sha256,
                            actual=actual,
                            size=len(data),
                        )
                    )
                else:
                    ok += 1
            checked += 1
            ctx.progress(checked, max(total, checked), "checking sidecars")
        after = (str(page[-1].entry_id), page[-1].filename)
    return SidecarChecksumResult(
        checked=checked,
        ok=ok,
        problems=len(mismatched) + len(missing),
        mismatched=mismatched[:MAX_REPORTED],
        missing=missing[:MAX_REPORTED],
    )


SIDECAR_CHECKSUM = JobType.implementing(jobs.SIDECAR_CHECKSUM, run)
