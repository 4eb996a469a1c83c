"""Resource limits and quotas: each breach gets its own code, the host stays up, and another
loaded extension keeps answering. Guests: the Rust `limits` guest and WAT modules."""

from __future__ import annotations

import json
import logging
import time
import types
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from spacedrive_host.api.handlers import ALL_MODULES, core
from spacedrive_host.api.operations import OperationContext, operation
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import HostConfig
from spacedrive_host.core.errors import ErrorCode, ExtensionError, LoadErrorCode, OperationError
from spacedrive_host.core.limits import LimitsConfig, MiB
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.runtime.health import ExtensionState
from spacedrive_wire.models import PingInput, PingOutput
from spacedrive_wire.operations import REGISTRY
from support import wat_guests
from support.helpers import MakeExtension, run_step
from support.wat_guests import answer_segment, guest

PING = {"methods": ["core.ping"]}
PING_METHOD = "query:core.ping.v1"
OTHER_DOMAINS = [module for module in ALL_MODULES if module is not core]
"""Handler modules besides `core`, whose ping the tests replace with a probe."""


def ask(extension: Extension, **request: Any) -> Any:
    return json.loads(extension.call_json("run_request", json.dumps(request).encode()))


def limits_config(**changes: Any) -> HostConfig:
    """Default config with `LimitsConfig` fields changed (hot reload off: these tests do not need it)."""
    base = HostConfig()
    return replace(base, limits=replace(base.limits, **changes), runtime=replace(base.runtime, hot_reload=False))


@pytest.fixture
def limited(host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension) -> Extension:
    directory = make_extension(
        guest_wasm["limits"],
        ext_id="limited",
        permissions=PING,
        limits={"time_per_call_ms": 300, "memory_bytes": 16 * MiB},
    )
    return host.load_extension(directory)


@pytest.fixture
def bystander(host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension) -> Extension:
    return host.load_extension(make_extension(guest_wasm["e2e"], ext_id="bystander", permissions=PING))


def assert_bystander_answers(bystander: Extension) -> None:
    assert run_step(bystander, "ping", input={"message": "still here"}) == {"ok": {"echo": ["still here"], "count": 1}}


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        ({"do": "spin"}, LoadErrorCode.time_limit),
        ({"do": "grow", "chunk": 1 << 20}, LoadErrorCode.memory_limit),
        ({"do": "grow", "chunk": 64}, LoadErrorCode.memory_limit),
        ({"do": "grow", "chunk": 64 << 20}, LoadErrorCode.memory_limit),
        ({"do": "recurse"}, LoadErrorCode.stack_overflow),
        ({"do": "panic"}, LoadErrorCode.panicked),
    ],
    ids=["loop", "grow-1MiB", "grow-64B", "one-allocation-over-the-limit", "deep-recursion", "panic"],
)
def test_each_breach_has_its_code_and_the_instance_is_replaced(
    limited: Extension, bystander: Extension, request_: dict[str, Any], code: LoadErrorCode
) -> None:
    assert ask(limited, do="count") == {"ok": {"calls": 1}}
    with pytest.raises(ExtensionError) as caught:
        limited.call_json("run_request", json.dumps(request_).encode())
    assert caught.value.code is code, caught.value
    assert_bystander_answers(bystander)
    assert ask(limited, do="count") == {"ok": {"calls": 1}}, "a fresh instance counts from 1 again"
    assert limited.status.state is ExtensionState.loaded
    assert limited.status.last_error is code


WAT_MISBEHAVIOUR = """
  (func $rec (export "recurse") (param i32) (result i32)
    (i32.add (call $rec (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "spin") (loop $l (br $l)))
  (func (export "grow") (result i32)
    (block $full (loop $l
      (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
      (br $l)))
    unreachable)
"""


@pytest.mark.parametrize(
    ("export", "args", "code"),
    [
        ("recurse", (0,), LoadErrorCode.stack_overflow),
        ("spin", (), LoadErrorCode.time_limit),
        ("grow", (), LoadErrorCode.memory_limit),
    ],
)
def test_wat_breaches(
    host: Host,
    bystander: Extension,
    make_extension: MakeExtension,
    export: str,
    args: tuple[int, ...],
    code: LoadErrorCode,
) -> None:
    directory = make_extension(
        guest(WAT_MISBEHAVIOUR), ext_id="wat", limits={"time_per_call_ms": 200, "memory_bytes": 4 * MiB}
    )
    extension = host.load_extension(directory)
    with pytest.raises(ExtensionError) as caught:
        extension.call_raw(export, *args)
    assert caught.value.code is code, caught.value
    assert_bystander_answers(bystander)
    assert extension.status.state is ExtensionState.loaded


def test_fuel_is_metered_when_the_host_turns_it_on(
    tmp_path: Path, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    with Host(tmp_path / "fuel", limits_config(fuel=True)) as host:
        directory = make_extension(guest_wasm["limits"], ext_id="fuel", limits={"fuel_per_call": 2_000_000})
        extension = host.load_extension(directory)
        assert "result" in ask(extension, do="burn", n=1_000)["ok"]
        with pytest.raises(ExtensionError) as caught:
            ask(extension, do="burn", n=100_000_000)
        assert caught.value.code is LoadErrorCode.fuel_exhausted
        assert "result" in ask(extension, do="burn", n=1_000)["ok"], "every call gets its full budget"


def test_payload_caps_are_answered_to_the_guest_as_errors(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    directory = make_extension(
        guest_wasm["limits"], ext_id="caps", permissions=PING, limits={"request_bytes": 64, "response_bytes": 64}
    )
    extension = host.load_extension(directory)
    assert ask(extension, do="ping", message="short") == {"ok": {"ok": ["short"]}}
    assert ask(extension, do="ping", message="x" * 80) == {"ok": {"error": "payload_too_large"}}, "request over 64"
    assert ask(extension, do="ping", message="y" * 40) == {"ok": {"error": "payload_too_large"}}, "answer over 64"
    assert ask(extension, do="count")["ok"]["calls"] == 4, "errors are values: the instance kept serving"


def test_a_json_export_answer_over_the_cap_is_refused(host: Host, make_extension: MakeExtension) -> None:
    big = json.dumps({"ok": "z" * 200}).encode()
    body = '(func (export "big") (param i32 i32) (result i32) (i32.const 1024))'
    directory = make_extension(
        guest(body, data=answer_segment(1024, big)), ext_id="big", limits={"response_bytes": 128}
    )
    extension = host.load_extension(directory)
    with pytest.raises(ExtensionError) as caught:
        extension.call_json("big", b"")
    assert caught.value.code is LoadErrorCode.payload_too_large


def test_log_volume_is_capped_dropped_lines_are_counted_with_one_warning(
    tmp_path: Path, guest_wasm: dict[str, Path], make_extension: MakeExtension, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with Host(tmp_path / "logs", limits_config(log_window_ms=600_000)) as host:
        directory = make_extension(guest_wasm["limits"], ext_id="chatty", limits={"log_lines_per_window": 10})
        extension = host.load_extension(directory)  # plugin_init logs one line
        assert ask(extension, do="flood", n=50) == {"ok": {"lines": 50}}
        assert extension.status.logs_dropped == 41
    flood = [r for r in caplog.records if r.getMessage().startswith("flood line")]
    warnings = [r for r in caplog.records if "log cap" in r.getMessage()]
    assert len(flood) == 9
    assert len(warnings) == 1


@pytest.fixture
def fast_ping_host(tmp_path: Path) -> Iterator[Host]:
    with Host(tmp_path / "rate", limits_config()) as host:
        yield host


def test_rate_limit_groups_answer_rate_limited_with_retry_after(
    fast_ping_host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    directory = make_extension(
        guest_wasm["limits"],
        ext_id="rated",
        permissions={"methods": ["core.ping", "vdfs.*"]},
        rate_limits={"pings": {"methods": ["core.ping"], "per_second": 0.001, "burst": 2}},
    )
    extension = fast_ping_host.load_extension(directory)
    assert ask(extension, do="ping", message="1") == {"ok": {"ok": ["1"]}}
    assert ask(extension, do="ping", message="2") == {"ok": {"ok": ["2"]}}
    assert ask(extension, do="ping", message="3") == {"ok": {"error": "rate_limited"}}
    envelope = json.loads(
        fast_ping_host.router.execute_json_operation(PING_METHOD, None, b'{"message":"x"}', extension.caller)
    )
    details = envelope["error"]["details"]
    assert envelope["error"]["code"] == "rate_limited"
    assert details["group"] == "pings"
    assert details["retry_after_ms"] > 0
    daemon = fast_ping_host.call(PING_METHOD, {"message": "daemon"})
    assert daemon["ok"]["echo"] == ["daemon"], "other callers have their own buckets"


def test_the_all_calls_bucket_applies_to_every_method(
    fast_ping_host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    directory = make_extension(
        guest_wasm["limits"], ext_id="slow", permissions=PING, limits={"calls_per_second": 0.001, "calls_burst": 1}
    )
    extension = fast_ping_host.load_extension(directory)
    assert ask(extension, do="ping", message="1") == {"ok": {"ok": ["1"]}}
    envelope = json.loads(
        fast_ping_host.router.execute_json_operation(PING_METHOD, None, b'{"message":"x"}', extension.caller)
    )
    assert envelope["error"]["details"]["group"] == "all_calls"


def test_a_denied_call_takes_no_token(
    fast_ping_host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    directory = make_extension(
        guest_wasm["limits"], ext_id="denied", limits={"calls_per_second": 0.001, "calls_burst": 1}
    )
    extension = fast_ping_host.load_extension(directory)
    assert ask(extension, do="ping", message="1") == {"ok": {"error": "permission_denied"}}
    assert ask(extension, do="ping", message="2") == {"ok": {"error": "permission_denied"}}


def test_concurrent_jobs_cap(host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension) -> None:
    directory = make_extension(guest_wasm["limits"], ext_id="jobs", limits={"concurrent_jobs": 2})
    extension = host.load_extension(directory)
    first, second = extension.caller.acquire_job_slot(), extension.caller.acquire_job_slot()
    with pytest.raises(OperationError) as caught:
        extension.caller.acquire_job_slot()
    assert caught.value.code is ErrorCode.resource_exhausted
    assert caught.value.details == {"resource": "concurrent_jobs", "limit": 2, "running": 2}
    first.release()
    first.release()  # releasing twice frees one slot only
    with extension.caller.acquire_job_slot():
        assert extension.job_slots.running == 2
    second.release()
    assert extension.job_slots.running == 0


@pytest.mark.parametrize(
    ("manifest", "field"),
    [
        ({"limits": {"memory_bytes": 2 << 30}}, "limits.memory_bytes"),
        ({"limits": {"time_per_call_ms": 3_600_000}}, "limits.time_per_call_ms"),
        ({"limits": {"instances": 99}}, "limits.instances"),
        ({"limits": {"memory_bytes": 1}}, "limits.memory_bytes"),
        ({"limits": {"memory": 1}}, "limits"),
        ({"rate_limits": {"x": {"methods": ["*"], "per_second": 1e9}}}, "rate_limits.x.per_second"),
        ({"rate_limits": {"x": {"methods": [], "per_second": 1}}}, "rate_limits.x.methods"),
        ({"rate_limits": {"Bad Name": {"methods": ["*"], "per_second": 1}}}, "rate_limits"),
    ],
)
def test_manifest_limits_outside_the_schema_or_the_ceilings_are_refused_naming_the_field(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension, manifest: dict[str, Any], field: str
) -> None:
    with pytest.raises(ExtensionError) as caught:
        host.load_extension(make_extension(guest_wasm["limits"], ext_id="greedy", **manifest))
    assert caught.value.code is LoadErrorCode.manifest_invalid
    assert f"{field}:" in caught.value.message
    assert "greedy" not in host.extensions


@pytest.mark.parametrize(
    ("pages", "body", "limits", "code"),
    [
        (64, "", {"memory_bytes": 1 * MiB}, LoadErrorCode.memory_limit),
        (1, "(table 100 funcref)", {"table_elements": 10}, LoadErrorCode.table_limit),
    ],
)
def test_a_module_whose_minimums_exceed_the_limits_is_refused_at_load(
    host: Host, make_extension: MakeExtension, pages: int, body: str, limits: dict[str, int], code: LoadErrorCode
) -> None:
    wasm = guest(body, pages=pages)
    with pytest.raises(ExtensionError) as caught:
        host.load_extension(make_extension(wasm, ext_id="big", limits=limits))
    assert caught.value.code is code


def test_a_module_with_two_memories_is_refused(host: Host, make_extension: MakeExtension) -> None:
    with pytest.raises(ExtensionError) as caught:
        host.load_extension(make_extension(guest("(memory $second 1)"), ext_id="two"))
    assert caught.value.code is LoadErrorCode.resource_limit


def _probe_module(seen: list[tuple[float | None, float]], sleep: bool) -> types.ModuleType:
    """A core module whose ping records the deadline it got (and can use up the budget)."""
    module = types.ModuleType("probe_core")

    @operation(REGISTRY[PING_METHOD])
    def ping(ctx: OperationContext, request: PingInput) -> PingOutput:
        seen.append((ctx.deadline, ctx.time_budget(60.0)))
        if sleep:
            time.sleep(ctx.time_budget(60.0))
        return PingOutput(echo=[request.message], count=1)

    module.ping = ping  # type: ignore[attr-defined]
    return module


def test_the_call_budget_bounds_host_operations(
    tmp_path: Path, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    seen: list[tuple[float | None, float]] = []
    with Host(
        tmp_path / "probe", limits_config(), handler_modules=[_probe_module(seen, False), *OTHER_DOMAINS]
    ) as host:
        extension = host.load_extension(
            make_extension(guest_wasm["limits"], ext_id="probe", permissions=PING, limits={"time_per_call_ms": 500})
        )
        assert ask(extension, do="ping", message="m") == {"ok": {"ok": ["m"]}}
        assert host.call(PING_METHOD, {"message": "d"})["ok"]["echo"] == ["d"]
    (guest_deadline, guest_budget), (daemon_deadline, daemon_budget) = seen
    assert guest_deadline is not None
    assert 0 < guest_budget <= 0.5
    assert daemon_deadline is None
    assert daemon_budget == 60.0


def test_a_host_operation_that_uses_up_the_budget_ends_in_time_limit(
    tmp_path: Path, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    seen: list[tuple[float | None, float]] = []
    with Host(
        tmp_path / "sleepy", limits_config(), handler_modules=[_probe_module(seen, True), *OTHER_DOMAINS]
    ) as host:
        extension = host.load_extension(
            make_extension(guest_wasm["limits"], ext_id="sleepy", permissions=PING, limits={"time_per_call_ms": 200})
        )
        with pytest.raises(ExtensionError) as caught:
            ask(extension, do="ping", message="m")
        assert caught.value.code is LoadErrorCode.time_limit
        assert len(seen) == 1


def test_host_config_sections_load_from_json_and_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "host.json"
    path.write_text(json.dumps({"limits": {"defaults": {"time_per_call_ms": 750}, "ceilings": {"instances": 8}}}))
    config = HostConfig.load(path)
    assert config.limits.defaults.time_per_call_ms == 750
    assert config.limits.defaults.memory_bytes == LimitsConfig().defaults.memory_bytes
    assert config.limits.ceilings.instances == 8
    assert config.limits.ceilings.memory_bytes == LimitsConfig().ceilings.memory_bytes
    path.write_text(json.dumps({"limits": {"defaults": {"instances": 32}}}))
    with pytest.raises(ValueError, match=r"limits\.defaults\.instances"):
        Host(tmp_path / "bad", HostConfig.load(path))
    path.write_text(json.dumps({"limits": {"defaults": {"memory": 1}}}))
    with pytest.raises(ValueError, match="unknown setting 'memory'"):
        HostConfig.load(path)


def test_the_concurrent_jobs_cap_applies_to_dispatched_jobs(
    tmp_path: Path, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    config = replace(limits_config(), jobs=replace(HostConfig().jobs, workers=0))  # no workers: jobs stay queued
    with Host(tmp_path / "jobs", config) as host:
        library = host.create_library("jobs")
        grants = {"methods": ["jobs.*"], "libraries": ["*"]}
        extension = host.load_extension(
            make_extension(guest_wasm["limits"], ext_id="jobber", permissions=grants, limits={"concurrent_jobs": 2})
        )

        def dispatch() -> Any:
            payload = b'{"job_type":"sidecar_checksum"}'
            return json.loads(
                host.router.execute_json_operation(
                    "action:jobs.dispatch.input.v1", library.id, payload, extension.caller
                )
            )

        first, second = dispatch(), dispatch()
        refused = dispatch()
        assert refused["error"]["code"] == "resource_exhausted"
        assert refused["error"]["details"] == {"resource": "concurrent_jobs", "limit": 2, "running": 2}
        assert host.call("action:jobs.dispatch.input.v1", {"job_type": "sidecar_checksum"}, library.id)["ok"], (
            "other callers have their own cap"
        )
        cancel = {"job_id": first["ok"]["job_id"]}
        assert host.call("action:jobs.cancel.input.v1", cancel, library.id)["ok"]["job"]["state"] == "cancelled"
        assert "ok" in dispatch(), "a finished job gives its slot back"
        assert "ok" in second


@pytest.mark.parametrize("name", ["boom", "oom", "handle_alloc_error", "rust_oom_report"])
def test_trap_classification_is_not_fooled_by_function_names(
    host: Host, make_extension: MakeExtension, name: str
) -> None:
    """A plain `unreachable` in a function whose name merely contains `oom` (or even spells an
    allocation hook's last segment) is `trapped`, not `memory_limit`: only the whole demangled
    paths of Rust's allocation-failure handlers count."""
    body = f'(func ${name} (export "{name}") (param i32 i32) (result i32) unreachable)'
    ext = host.load_extension(make_extension(wat_guests.guest(body), ext_id="names", limits={"memory_bytes": 64 * MiB}))
    with pytest.raises(ExtensionError) as info:
        ext.call_json(name, b"{}")
    assert info.value.code is LoadErrorCode.trapped


def test_rust_allocation_failure_paths_are_recognised_whole() -> None:
    from spacedrive_host.runtime.traps import ALLOC_FAILURE_PATHS, rust_path

    assert rust_path("_RNvNtCsebHcaeoSrxy_3std5alloc8rust_oom") in ALLOC_FAILURE_PATHS
    assert rust_path("_ZN5alloc5alloc18handle_alloc_error17h0123456789abcdefE") in ALLOC_FAILURE_PATHS
    assert rust_path("_RNvCs1234_7mycrate4boom") == "mycrate::boom"
    assert rust_path("boom") == "boom"


def test_a_panic_is_reported_with_its_message_and_location(limited: Extension) -> None:
    """The SDK's panic hook sends the panic's text before the abort: the host's error says what
    panicked and where, not just `unreachable`."""
    with pytest.raises(ExtensionError) as info:
        ask(limited, do="panic")
    assert info.value.code is LoadErrorCode.panicked
    assert "asked to panic" in info.value.message
    assert "src/lib.rs:" in info.value.message


def test_a_panic_report_without_a_panic_is_not_a_panic(host: Host, make_extension: MakeExtension) -> None:
    """A level-4 log line alone changes nothing: only an abort (`unreachable`) right after it in the
    same call is reported as `panicked`; a later loop is still `time_limit`."""
    report = "(call $log (i32.const 4) (i32.const 16) (i32.const 5))"
    body = f"""
  (func (export "report") (param i32 i32) (result i32) {report} (i32.const 0))
  (func (export "spin") (param i32 i32) (result i32) {report} (loop $l (br $l)) (i32.const 0))
"""
    module = wat_guests.guest(body, data='(data (i32.const 16) "fake!")')
    ext = host.load_extension(make_extension(module, ext_id="fake", limits={"time_per_call_ms": 100}))
    assert ext.call_json("report", b"{}") == b""
    with pytest.raises(ExtensionError) as info:
        ext.call_json("spin", b"{}")
    assert info.value.code is LoadErrorCode.time_limit
