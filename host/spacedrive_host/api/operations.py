"""The operation registry at run time: handlers bound to generated specs, and
`execute_json_operation`, the one entry point shared by extensions and the daemon RPC.

Handlers are plain functions decorated with `@operation(SPEC)`; the decorator is typed
by the generated `OperationSpec[Input, Output]`, so mypy checks each handler's signature
against the schema. `bind_handlers` fails loudly, naming the operation, when a registry
entry has no handler or a handler names an operation the registry does not have.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pydantic
from spacedrive_wire._runtime import OperationSpec, WireModel, dump_json
from spacedrive_wire.operations import REGISTRY

from spacedrive_host.core.binding import bind_marked
from spacedrive_host.core.errors import ErrorCode, OperationError, error_envelope, preview
from spacedrive_host.core.permissions import Permissions
from spacedrive_host.core.quota import JobSlot, JobSlots, RateLimiter

if TYPE_CHECKING:
    from spacedrive_host.services.container import HostServices
    from spacedrive_host.store.library import Library

log = logging.getLogger("spacedrive.operations")

I = TypeVar("I", bound=WireModel)  # noqa: E741
O = TypeVar("O", bound=WireModel)  # noqa: E741
Handler = Callable[["OperationContext", I], O]

MAX_PAYLOAD_BYTES = 16 * 1024 * 1024
"""Default request payload cap for callers that set none."""
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
"""Default answer cap for callers that set none."""
NON_JSON_TOKENS = (b"NaN", b"Infinity")
EXTENSION_METHOD_PREFIX = "ext:"
"""Methods of extension operations (`ext:<extension>.<name>.v<N>`): not in this registry, and
never callable by a guest (`Host.execute_json_operation` serves them to trusted callers)."""


@dataclass(frozen=True)
class Caller:
    """Who is calling: an extension (with its manifest's permissions) or the daemon/host."""

    id: str
    permissions: Permissions
    max_payload_bytes: int = MAX_PAYLOAD_BYTES
    max_response_bytes: int = MAX_RESPONSE_BYTES
    """The largest answer this caller takes: listings cut their pages to fit it (docs/data.md)."""
    rate_limiter: RateLimiter | None = None
    """Token buckets checked before each operation (none: unlimited)."""
    job_slots: JobSlots | None = None
    """The cap on concurrent jobs (none: unlimited)."""

    @classmethod
    def trusted(cls, name: str = "host") -> Caller:
        return cls(name, Permissions.allow_all())

    def acquire_job_slot(self) -> JobSlot:
        """A slot for one job under this caller's cap; raises `resource_exhausted` when none is free.
        Release it (or use it as a context manager) when the job ends."""
        return self.job_slots.acquire() if self.job_slots is not None else JobSlot(None)


@dataclass(slots=True)
class OperationContext:
    """What a handler gets besides its input (built once per call: a plain slotted class is cheapest)."""

    services: HostServices
    caller: Caller
    library: Library | None
    deadline: float | None = None
    """`time.monotonic()` value by which the calling guest's time budget runs out, if it has one."""

    def time_budget(self, wanted: float) -> float:
        """Seconds a host operation may take: `wanted`, capped by what is left of the caller's budget."""
        if self.deadline is None:
            return wanted
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise OperationError(ErrorCode.timeout, "the caller's time budget is used up")
        return min(wanted, left)

    def require_library(self) -> Library:
        if self.library is None:  # the router checks scope first; this guards direct calls
            raise OperationError(ErrorCode.library_required, "this operation needs a library")
        return self.library


def operation(spec: OperationSpec[I, O]) -> Callable[[Handler[I, O]], Handler[I, O]]:
    """Marks a function as the handler of `spec`."""

    def mark(fn: Handler[I, O]) -> Handler[I, O]:
        fn.__spacedrive_operation__ = spec  # type: ignore[attr-defined]
        return fn

    return mark


@dataclass(frozen=True)
class BoundOperation(Generic[I, O]):
    spec: OperationSpec[I, O]
    handler: Handler[I, O]


class BindingError(Exception):
    """The handlers do not match the generated registry."""


def bind_handlers(
    modules: Iterable[ModuleType], registry: Mapping[str, OperationSpec[Any, Any]] = REGISTRY
) -> dict[str, BoundOperation[Any, Any]]:
    marked, problems = bind_marked(
        modules, "__spacedrive_operation__", OperationSpec, lambda spec: spec.method, registry,
        thing="handler", kind="operation",
    )  # fmt: skip
    bound = {method: BoundOperation(spec, handler) for method, (spec, handler) in marked.items()}
    if problems:
        raise BindingError("handlers do not match the operation registry:\n  " + "\n  ".join(problems))
    return bound


def validation_details(exc: pydantic.ValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": [str(part) for part in err["loc"]], "msg": err["msg"], "type": err["type"]}
        for err in exc.errors(include_url=False, include_context=False, include_input=False)
    ]


def _reject_constant(token: str) -> Any:
    raise OperationError(ErrorCode.invalid_json, f"payload is not strict JSON: {token} is not a JSON value")


def check_strict_json(payload: bytes) -> None:
    """Refuse `NaN`, `Infinity` and `-Infinity`, which Python's json module and pydantic accept.

    A byte search keeps the common path free: only a payload holding one of the tokens (in a
    string, or as a bare literal) is parsed here to tell the two apart.
    """
    if b"NaN" in payload or b"Infinity" in payload:  # NON_JSON_TOKENS, unrolled: a generator costs 1 us
        with contextlib.suppress(ValueError, RecursionError):  # not JSON at all: pydantic says where
            json.loads(payload, parse_constant=_reject_constant)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the router needs to run one operation, looked up once: pydantic's model classmethods
    (`model_validate_json`, `dump_json`) each add a Python layer of about a microsecond around the
    validator and serializer they call, which is as much as a small operation's own work."""

    spec: OperationSpec[Any, Any]
    handler: Handler[Any, Any]
    validate_json: Callable[[bytes], Any]
    output_model: type[WireModel]
    to_json: Callable[..., bytes] | None
    """The output serializer when the output has no required nullable field (pydantic's own
    exclude_none path gives the wire JSON); else None and `dump_json` prunes."""
    is_action: bool
    library_scoped: bool

    @classmethod
    def of(cls, bound: BoundOperation[Any, Any]) -> _Plan:
        spec = bound.spec
        to_json = None if spec.output_has_nullable else spec.output_model.__pydantic_serializer__.to_json
        return cls(
            spec, bound.handler, spec.input_model.__pydantic_validator__.validate_json, spec.output_model, to_json,
            spec.kind == "action", spec.scope == "library",
        )  # fmt: skip


class OperationRouter:
    """Routes JSON calls to bound handlers, validating input and output with the generated models."""

    def __init__(self, bound: Mapping[str, BoundOperation[Any, Any]], services: HostServices) -> None:
        self._bound = dict(bound)
        self._plans = {method: _Plan.of(entry) for method, entry in self._bound.items()}
        self.services = services

    @property
    def methods(self) -> list[str]:
        return sorted(self._bound)

    def execute_json_operation(
        self, method: str, library_id: uuid.UUID | None, payload: bytes, caller: Caller, deadline: float | None = None
    ) -> bytes:
        """Run one operation; always returns an envelope (`{"ok": ...}` or `{"error": ...}`) as bytes.

        The answer fits `caller.max_response_bytes`, except the `ok` answer of an action: the
        write is committed by then, and an error would hide it (docs/data.md, "Answers").
        """
        try:
            answer = self._execute(method, library_id, payload, caller, deadline)
        except OperationError as exc:
            answer = exc.envelope()
        except Exception:
            log.exception("operation %s from %s failed", method, caller.id)
            answer = error_envelope(ErrorCode.internal, f"internal error in {method}")
        if len(answer) <= caller.max_response_bytes:
            return answer
        plan = self._plans.get(method)
        if plan is not None and plan.is_action and answer.startswith(b'{"ok":'):
            log.warning(
                "%s: answer of %d bytes to %s is over its cap of %d; delivered, as the write is committed",
                method, len(answer), caller.id, caller.max_response_bytes,
            )  # fmt: skip
            return answer
        return error_envelope(
            ErrorCode.payload_too_large,
            f"response of {len(answer)} bytes exceeds the cap of {caller.max_response_bytes}",
            {"limit": caller.max_response_bytes, "size": len(answer)},
        )

    def _execute(
        self, method: str, library_id: uuid.UUID | None, payload: bytes, caller: Caller, deadline: float | None
    ) -> bytes:
        plan = self._plans.get(method)
        if plan is None:
            if method.startswith(EXTENSION_METHOD_PREFIX):
                raise OperationError(
                    ErrorCode.permission_denied,
                    f"{caller.id} may not call {preview(method)}: extension operations are served to the daemon "
                    "RPC and the host only (docs/extension-operations.md)",
                )
            raise OperationError(ErrorCode.unknown_method, f"no operation {preview(method)}")
        spec = plan.spec
        if not caller.permissions.allows_method(spec):
            raise OperationError(ErrorCode.permission_denied, f"{caller.id} may not call {method}")
        if len(payload) > caller.max_payload_bytes:
            raise OperationError(
                ErrorCode.payload_too_large,
                f"request payload of {len(payload)} bytes exceeds the cap of {caller.max_payload_bytes}",
            )
        if caller.rate_limiter is not None:
            caller.rate_limiter.acquire(spec)
        library = None
        if plan.library_scoped:
            if library_id is None:
                raise OperationError(ErrorCode.library_required, f"{method} needs a library id")
            if not caller.permissions.allows_library(library_id):
                raise OperationError(ErrorCode.permission_denied, f"{caller.id} may not use library {library_id}")
            library = self.services.libraries.get(library_id)
            if library is None:
                raise OperationError(ErrorCode.library_not_found, f"no library {library_id}")
        if b"NaN" in payload or b"Infinity" in payload:  # check_strict_json's own test, inlined
            check_strict_json(payload)
        try:
            request = plan.validate_json(payload)
        except pydantic.ValidationError as exc:
            errors = exc.errors(include_url=False)
            if errors and errors[0]["type"] == "json_invalid":
                raise OperationError(ErrorCode.invalid_json, f"payload is not valid JSON: {errors[0]['msg']}") from None
            raise OperationError(
                ErrorCode.invalid_input, f"invalid input for {method}", validation_details(exc)
            ) from None
        response = plan.handler(OperationContext(self.services, caller, library, deadline), request)
        if type(response) is not plan.output_model:
            log.error("handler of %s returned %s, not %s", method, type(response), spec.output_model)
            raise OperationError(ErrorCode.internal, f"internal error in {method}")
        to_json = plan.to_json
        if to_json is not None:
            return b'{"ok":' + to_json(response, by_alias=True, exclude_none=True) + b"}"
        return b'{"ok":' + dump_json(response, has_nullable=True) + b"}"
