"""Core-scope operations."""

from __future__ import annotations

from spacedrive_wire.models import PingInput, PingOutput
from spacedrive_wire.operations import CORE_PING_V1

from spacedrive_host.api.operations import OperationContext, operation


@operation(CORE_PING_V1)
def ping(ctx: OperationContext, request: PingInput) -> PingOutput:
    count = request.count or 1
    return PingOutput(echo=[request.message] * count, count=count)
