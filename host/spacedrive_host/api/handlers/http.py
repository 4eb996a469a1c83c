"""`http.request`: the egress proxy for extensions (docs/http.md)."""

from __future__ import annotations

from spacedrive_wire.models import HttpHeader, HttpRequestInput, HttpRequestOutput
from spacedrive_wire.operations import HTTP_REQUEST_V1

from spacedrive_host.api.operations import OperationContext, operation
from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.services.http.messages import EgressRequest


@operation(HTTP_REQUEST_V1)
def request(ctx: OperationContext, request: HttpRequestInput) -> HttpRequestOutput:
    if request.body is not None and request.body_text is not None:
        raise OperationError(ErrorCode.invalid_input, "give `body` or `body_text`, not both")
    egress = ctx.services.http
    config = egress.config
    wanted = request.timeout_ms / 1000 if request.timeout_ms is not None else config.default_timeout_seconds
    body = request.body_text.encode("utf-8") if request.body_text is not None else request.body
    response = egress.send(
        EgressRequest(
            url=request.url,
            method=request.method or "GET",
            headers=tuple((h.name, h.value) for h in request.headers or ()),
            body=body,
            timeout=ctx.time_budget(min(wanted, config.max_timeout_seconds)),
            max_response_bytes=request.max_response_bytes,
            follow_redirects=request.follow_redirects is not False,
        ),
        ctx.caller.permissions.allows_domain,
    )
    try:
        text: str | None = response.body.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    return HttpRequestOutput(
        status=response.status,
        reason=response.reason or None,
        headers=[HttpHeader(name=name, value=value) for name, value in response.headers],
        body=response.body,
        body_text=text,
        final_url=response.url,
        redirects=response.redirects,
    )
