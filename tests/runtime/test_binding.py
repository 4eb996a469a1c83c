"""Start-up fails loudly, naming the operation, when handlers and the registry disagree."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from spacedrive_host.api.handlers import ALL_MODULES, core, vdfs
from spacedrive_host.api.operations import BindingError, bind_handlers, operation
from spacedrive_host.app.host import Host
from spacedrive_wire._runtime import OperationSpec
from spacedrive_wire.models import PingInput, PingOutput
from spacedrive_wire.operations import CORE_PING_V1, REGISTRY


def module_without(module: types.ModuleType, name: str) -> types.ModuleType:
    copy = types.ModuleType(module.__name__)
    copy.__dict__.update({k: v for k, v in vars(module).items() if k != name})
    return copy


def test_every_registry_entry_has_exactly_one_handler() -> None:
    assert set(bind_handlers(ALL_MODULES)) == set(REGISTRY)


def test_deleting_a_handler_fails_start_up_naming_the_operation(tmp_path: Path) -> None:
    with pytest.raises(BindingError, match=r"operation 'query:vdfs.read_sidecar.v1' has no handler"):
        Host(tmp_path, handler_modules=[module_without(m, "read_sidecar") if m is vdfs else m for m in ALL_MODULES])


def test_a_handler_for_an_operation_the_registry_lacks_fails(tmp_path: Path) -> None:
    stale = OperationSpec(
        method="query:core.pong.v1", kind="query", scope="core", domain="core", name="pong", version=1,
        permission="core.pong", summary="", input_model=PingInput, output_model=PingOutput, output_has_nullable=False,
    )  # fmt: skip
    extra = types.ModuleType("extra")

    @operation(stale)
    def pong(ctx: object, request: PingInput) -> PingOutput:
        raise AssertionError("never called")

    extra.pong = pong  # type: ignore[attr-defined]
    with pytest.raises(BindingError, match=r"handler extra.pong names operation 'query:core.pong.v1', which is not"):
        Host(tmp_path, handler_modules=[*ALL_MODULES, extra])


def test_two_handlers_for_one_operation_fail(tmp_path: Path) -> None:
    twin = types.ModuleType("twin")
    twin.ping = operation(CORE_PING_V1)(core.ping)  # type: ignore[attr-defined]
    with pytest.raises(BindingError, match=r"operation 'query:core.ping.v1' has two handlers"):
        Host(tmp_path, handler_modules=[*ALL_MODULES, twin])


def test_a_handler_returning_the_wrong_type_is_an_internal_error_not_a_crash(tmp_path: Path) -> None:
    broken = types.ModuleType("broken")

    @operation(CORE_PING_V1)
    def ping(ctx: object, request: PingInput) -> PingOutput:
        return request  # type: ignore[return-value]

    broken.ping = ping  # type: ignore[attr-defined]
    with Host(tmp_path, handler_modules=[broken, *(m for m in ALL_MODULES if m is not core)]) as host:
        answer = host.call("query:core.ping.v1", {"message": "x"})
    assert answer["error"]["code"] == "internal"
    assert "PingInput" not in answer["error"]["message"]
