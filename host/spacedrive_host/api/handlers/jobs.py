"""Job operations (library scope): dispatch core jobs, read their status, cancel them."""

from __future__ import annotations

from spacedrive_wire.models import (
    CancelJobInput,
    CancelJobOutput,
    DispatchJobInput,
    DispatchJobOutput,
    GetJobStatusInput,
    GetJobStatusOutput,
)
from spacedrive_wire.operations import JOBS_CANCEL_V1, JOBS_DISPATCH_V1, JOBS_GET_STATUS_V1

from spacedrive_host.api.operations import OperationContext, operation


@operation(JOBS_DISPATCH_V1)
def dispatch(ctx: OperationContext, request: DispatchJobInput) -> DispatchJobOutput:
    library = ctx.require_library()
    slot = ctx.caller.acquire_job_slot()  # the caller's cap on concurrent jobs: resource_exhausted when full
    try:
        job = ctx.services.jobs.dispatch(
            ctx.services, library, request.job_type, request.params or {}, ctx.caller.id, slot=slot
        )
    except BaseException:
        slot.release()
        raise
    return DispatchJobOutput(job_id=job.job_id, job=job)


@operation(JOBS_GET_STATUS_V1)
def get_status(ctx: OperationContext, request: GetJobStatusInput) -> GetJobStatusOutput:
    return GetJobStatusOutput(job=ctx.services.jobs.get(request.job_id, ctx.require_library().id))


@operation(JOBS_CANCEL_V1)
def cancel(ctx: OperationContext, request: CancelJobInput) -> CancelJobOutput:
    return CancelJobOutput(job=ctx.services.jobs.cancel(request.job_id, ctx.require_library().id))
