"""Lifecycle: load, unload, reload; plugin_init/plugin_cleanup pairing; traps that replace the
instance; back-off and disabling; the instance pool; the compiled-module cache; the ABI marker."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import wasmtime
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import FailurePolicy, HostConfig
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.runtime.health import ExtensionState
from spacedrive_host.runtime.module_checks import ABI_SECTION, read_abi_info
from spacedrive_wire import ABI_VERSION
from support.helpers import MakeExtension
from support.wat_guests import abi_section, guest, versioned_guest

PING = {"methods": ["core.ping"]}


def ask(extension: Extension, **request: Any) -> Any:
    return json.loads(extension.call_json("run_request", json.dumps(request).encode()))


def runtime_config(**changes: Any) -> HostConfig:
    base = HostConfig()
    return replace(base, runtime=replace(base.runtime, hot_reload=False, **changes))


def state(extension: Extension) -> ExtensionState:
    """The current state (a call, so that mypy does not narrow it across calls that change it)."""
    return extension.status.state


def lines(caplog: pytest.LogCaptureFixture, text: str) -> int:
    return sum(1 for record in caplog.records if record.getMessage() == text)


def wait_for(condition: Any, what: str, timeout: float = 30.0) -> None:
    """Poll `condition()` until true; a bounded wait, not a timing assertion."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.005)


def test_init_and_cleanup_are_paired_through_traps_pool_growth_reloads_and_unload(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    directory = make_extension(
        guest_wasm["limits"], ext_id="paired", permissions=PING, limits={"instances": 3, "time_per_call_ms": 200}
    )
    extension = host.load_extension(directory)
    for _ in range(2):
        with pytest.raises(ExtensionError):
            ask(extension, do="panic")
        assert ask(extension, do="count") == {"ok": {"calls": 1}}
    barrier = threading.Barrier(3)

    def busy() -> None:
        barrier.wait()
        for _ in range(20):
            ask(extension, do="burn", n=200_000)

    threads = [threading.Thread(target=busy) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= extension.status.instances <= 3
    extension.reload()
    extension.reload()
    host.unload_extension("paired")
    inits, cleanups = lines(caplog, "limits guest init"), lines(caplog, "limits guest cleanup")
    assert inits >= 5, "1 + 2 replacements + 2 reloads at least"
    assert inits == cleanups == extension.init_count == extension.cleanup_count
    assert not extension.loaded
    with pytest.raises(ExtensionError) as caught:
        ask(extension, do="count")
    assert caught.value.code is LoadErrorCode.not_loaded


def test_a_trap_replaces_only_the_trapped_instance(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    extension = host.load_extension(make_extension(guest_wasm["limits"], ext_id="one", permissions=PING))
    assert [ask(extension, do="count")["ok"]["calls"] for _ in range(3)] == [1, 2, 3]
    with pytest.raises(ExtensionError) as caught:
        ask(extension, do="panic")
    assert caught.value.code is LoadErrorCode.panicked
    assert [ask(extension, do="count")["ok"]["calls"] for _ in range(2)] == [1, 2]
    assert ask(extension, do="ping", message="x") == {"ok": {"ok": ["x"]}}


def test_host_errors_are_values_and_do_not_replace_the_instance(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    extension = host.load_extension(make_extension(guest_wasm["limits"], ext_id="denied"))
    assert ask(extension, do="ping", message="x") == {"ok": {"error": "permission_denied"}}
    assert ask(extension, do="count") == {"ok": {"calls": 2}}
    assert extension.status.failures == 0


@pytest.fixture
def fragile_host(tmp_path: Path) -> Iterator[Host]:
    policy = FailurePolicy(backoff_after=2, backoff_initial_ms=40, backoff_max_ms=80, disable_after=4)
    with Host(tmp_path / "fragile", runtime_config(failures=policy)) as host:
        yield host


def test_repeated_failures_back_off_then_disable_with_a_visible_reason(
    fragile_host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    extension = fragile_host.load_extension(make_extension(guest_wasm["limits"], ext_id="fragile"))
    with pytest.raises(ExtensionError):
        ask(extension, do="panic")
    assert extension.status.state is ExtensionState.loaded
    with pytest.raises(ExtensionError):
        ask(extension, do="panic")
    status = extension.status
    assert status.state is ExtensionState.backing_off
    assert status.retry_after_s is not None and status.retry_after_s > 0
    assert status.reason is not None and "panicked" in status.reason
    with pytest.raises(ExtensionError) as refused:
        ask(extension, do="count")
    assert refused.value.code is LoadErrorCode.backing_off
    for _ in range(2):
        wait_for(lambda: (extension.status.retry_after_s or 0) == 0, "the back-off to pass")
        with pytest.raises(ExtensionError) as caught:
            ask(extension, do="panic")
        assert caught.value.code is LoadErrorCode.panicked
    status = extension.status
    assert status.state is ExtensionState.disabled
    assert status.consecutive_failures == 4
    assert status.reason is not None and "4 consecutive failures" in status.reason
    with pytest.raises(ExtensionError) as disabled:
        ask(extension, do="count")
    assert disabled.value.code is LoadErrorCode.disabled
    assert "panicked" in disabled.value.message
    extension.enable()
    assert ask(extension, do="count") == {"ok": {"calls": 1}}
    assert extension.status.state is ExtensionState.loaded


def test_a_success_after_the_back_off_restores_the_extension(
    fragile_host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    extension = fragile_host.load_extension(make_extension(guest_wasm["limits"], ext_id="recovers"))
    for _ in range(2):
        with pytest.raises(ExtensionError):
            ask(extension, do="panic")
    assert extension.status.state is ExtensionState.backing_off
    wait_for(lambda: (extension.status.retry_after_s or 0) == 0, "the back-off to pass")
    assert ask(extension, do="count") == {"ok": {"calls": 1}}
    assert state(extension) is ExtensionState.loaded
    assert extension.status.consecutive_failures == 0


def test_a_disabled_extension_is_enabled_again_by_a_successful_reload(
    fragile_host: Host, make_extension: MakeExtension
) -> None:
    directory = make_extension(guest('(func (export "boom") unreachable)'), ext_id="boom")
    extension = fragile_host.load_extension(directory)
    while extension.status.state is not ExtensionState.disabled:
        with pytest.raises(ExtensionError):
            extension.call_raw("boom")
        wait_for(lambda: (extension.status.retry_after_s or 0) == 0, "the back-off to pass")
    extension.reload()
    assert state(extension) is ExtensionState.loaded
    assert extension.status.version == 2


@pytest.mark.parametrize(
    ("wasm", "code"),
    [
        (versioned_guest(1, init_status=7), LoadErrorCode.init_failed),
        (guest('(func (export "plugin_init") (result i32) (loop $l (br $l)) (i32.const 0))'), LoadErrorCode.time_limit),
        (guest('(func (export "plugin_init") (result i32) unreachable)'), LoadErrorCode.trapped),
    ],
    ids=["non-zero", "loops", "traps"],
)
def test_a_failing_plugin_init_fails_the_load_and_runs_no_cleanup(
    host: Host, make_extension: MakeExtension, wasm: bytes, code: LoadErrorCode, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with pytest.raises(ExtensionError) as caught:
        host.load_extension(make_extension(wasm, ext_id="bad-init", limits={"time_per_call_ms": 100}))
    assert caught.value.code is code
    assert "bad-init" not in host.extensions
    assert lines(caplog, "cleanup v1") == 0


def test_unload_waits_for_calls_in_flight_then_cleans_up(
    host: Host, make_extension: MakeExtension, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    directory = make_extension(versioned_guest(1), ext_id="inflight", limits={"time_per_call_ms": 30_000})
    extension = host.load_extension(directory)
    answers: list[bytes] = []
    slow = threading.Thread(target=lambda: answers.append(extension.call_json("slow", b"x" * 5)))
    slow.start()
    wait_for(lambda: lines(caplog, "slow call started") == 1, "the slow call to start")
    host.unload_extension("inflight")
    slow.join()
    assert [json.loads(answer) for answer in answers] == [{"ok": 1}], "the call in flight was not cut short"
    messages = [r.getMessage() for r in caplog.records if r.name == "spacedrive.ext.inflight"]
    assert messages == ["init v1", "slow call started", "slow call done", "cleanup v1"]


def test_the_pool_serves_concurrent_callers_with_at_most_its_size(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    extension = host.load_extension(make_extension(guest_wasm["limits"], ext_id="pool", limits={"instances": 2}))
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def caller() -> None:
        try:
            barrier.wait()
            for _ in range(25):
                assert "result" in ask(extension, do="burn", n=100_000)["ok"]
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=caller) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert 1 <= extension.status.instances <= 2


def test_compiled_modules_are_cached_on_disk_and_a_damaged_artifact_is_recompiled(
    tmp_path: Path, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    directory = make_extension(guest_wasm["limits"], ext_id="cached")
    data = tmp_path / "shared-data"
    with Host(data, runtime_config()) as first:
        first.load_extension(directory)
        assert first.runtime.modules.counts == {"memory": 0, "disk": 0, "compiled": 1}
    artifacts = list((data / "cache" / "modules").glob("*.cwasm"))
    assert len(artifacts) == 1
    with Host(data, runtime_config()) as second:
        assert ask(second.load_extension(directory), do="count") == {"ok": {"calls": 1}}
        assert second.runtime.modules.counts == {"memory": 0, "disk": 1, "compiled": 0}
    # An unusable artifact (another build, a damaged copy) arrives as a new file, like the
    # host's own atomic writes; rewriting a mapped artifact in place is not supported.
    damaged = tmp_path / "damaged.cwasm"
    damaged.write_bytes(b"not a compiled module")
    damaged.replace(artifacts[0])
    with Host(data, runtime_config()) as third:
        assert ask(third.load_extension(directory), do="count") == {"ok": {"calls": 1}}
        assert third.runtime.modules.counts == {"memory": 0, "disk": 0, "compiled": 1}
    with Host(data, replace(runtime_config(), limits=replace(HostConfig().limits, fuel=True))) as fuelled:
        fuelled.load_extension(directory)
        assert fuelled.runtime.modules.counts["compiled"] == 1, "another engine configuration, another artifact"
    assert len(list((data / "cache" / "modules").glob("*.cwasm"))) == 2


def test_the_rust_sdk_records_the_abi_version(guest_wasm: dict[str, Path]) -> None:
    info = read_abi_info(guest_wasm["limits"].read_bytes(), "limits")
    assert info.abi == ABI_VERSION
    assert info.sdk
    assert ABI_SECTION == "spacedrive_abi"


def test_imports_the_host_does_not_provide_are_an_abi_mismatch(host: Host, make_extension: MakeExtension) -> None:
    wasm = bytes(
        wasmtime.wat2wasm(
            f"""(module {abi_section()}
          (import "spacedrive" "spacedrive_teleport" (func (param i32)))
          (memory (export "memory") 1)
          (func (export "wasm_alloc") (param i32) (result i32) (i32.const 0))
          (func (export "wasm_free") (param i32 i32)))"""
        )
    )
    with pytest.raises(ExtensionError) as caught:
        host.load_extension(make_extension(wasm, ext_id="teleport"))
    assert caught.value.code is LoadErrorCode.abi_mismatch
    assert "spacedrive_teleport" in caught.value.message


def test_the_id_cannot_change_in_a_reload(host: Host, make_extension: MakeExtension) -> None:
    directory = make_extension(versioned_guest(1), ext_id="fixed")
    extension = host.load_extension(directory)
    manifest = json.loads((directory / "manifest.json").read_text())
    (directory / "manifest.json").write_text(json.dumps(manifest | {"id": "renamed"}))
    with pytest.raises(ExtensionError) as caught:
        extension.reload()
    assert caught.value.code is LoadErrorCode.manifest_invalid
    assert "id:" in caught.value.message
    assert json.loads(extension.call_json("version", b"")) == {"ok": 1}


def test_calling_back_into_a_busy_extension_from_the_same_thread_fails_instead_of_deadlocking(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    extension = host.load_extension(make_extension(guest_wasm["limits"], ext_id="single", limits={"instances": 1}))
    with extension.lease() as held:
        assert json.loads(held.call_json("run_request", b'{"do":"count"}')) == {"ok": {"calls": 1}}
        with pytest.raises(ExtensionError) as caught:
            ask(extension, do="count")
        assert caught.value.code is LoadErrorCode.reentrant_call
    assert ask(extension, do="count") == {"ok": {"calls": 2}}
    assert extension.status.failures == 0
