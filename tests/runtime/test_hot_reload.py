"""Hot reload: the watcher picks up a changed .wasm or manifest, swaps atomically (calls in
flight finish on the old version, new calls go to the new one), and a broken new version
leaves the old one serving with the error recorded. Two extensions under concurrent load
while one is reloaded over and over: no call fails."""

from __future__ import annotations

import json
import logging
import threading
import time
import types
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from spacedrive_host.api.handlers import ALL_MODULES, core
from spacedrive_host.api.operations import OperationContext, operation
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import HostConfig
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.runtime.health import ExtensionState
from spacedrive_wire.models import PingInput, PingOutput
from spacedrive_wire.operations import REGISTRY
from support.helpers import MakeExtension
from support.wat_guests import guest, versioned_guest


def watching_config(interval_ms: int = 20, debounce_ms: int = 60) -> HostConfig:
    base = HostConfig()
    runtime = replace(base.runtime, hot_reload=True, watch_interval_ms=interval_ms, watch_debounce_ms=debounce_ms)
    return replace(base, runtime=runtime)


@pytest.fixture
def watching_host(tmp_path: Path) -> Iterator[Host]:
    with Host(tmp_path / "watched", watching_config()) as host:
        yield host


def version_of(extension: Extension) -> int:
    answer: int = json.loads(extension.call_json("version", b""))["ok"]
    return answer


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Poll `condition()` until true; a bounded wait, not a timing assertion."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.005)


def replace_file(path: Path, data: bytes) -> None:
    """Write next to `path`, then rename over it (how build tools and editors save)."""
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def rewrite_manifest(directory: Path, **changes: Any) -> None:
    manifest = json.loads((directory / "manifest.json").read_text())
    replace_file(directory / "manifest.json", json.dumps(manifest | changes).encode())


def test_a_changed_wasm_is_reloaded_and_init_cleanup_stay_paired(
    watching_host: Host, make_extension: MakeExtension, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    directory = make_extension(versioned_guest(1), ext_id="hot")
    extension = watching_host.load_extension(directory)
    assert version_of(extension) == 1
    replace_file(directory / "module.wasm", versioned_guest(2))
    wait_for(lambda: extension.status.version == 2, "the watcher to reload")
    assert version_of(extension) == 2
    messages = [r.getMessage() for r in caplog.records if r.name == "spacedrive.ext.hot"]
    assert messages[:3] == ["init v1", "init v2", "cleanup v1"]


def test_an_unchanged_rewrite_is_not_a_reload(watching_host: Host, make_extension: MakeExtension) -> None:
    directory = make_extension(versioned_guest(1), ext_id="same")
    extension = watching_host.load_extension(directory)
    replace_file(directory / "module.wasm", versioned_guest(1))
    rewrite_manifest(directory)
    watcher = watching_host.watcher
    assert watcher is not None
    wait_for(lambda: watcher.is_settled(extension), "the watcher to look")
    assert extension.status.version == 1
    assert extension.init_count == 1


METHOD = "query:core.ping.v1"
PAYLOAD = '{"message":"wat"}'
OTHER_DOMAINS = [module for module in ALL_MODULES if module is not core]
"""Handler modules besides `core`, whose ping the test replaces with a blocking one."""
PING_DATA = f'(data (i32.const 16) "{METHOD}") (data (i32.const 64) "{PAYLOAD.replace(chr(34), chr(92) + chr(34))}")'


def forwarded_ping(extension: Extension) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(
        extension.read_answer(extension.call_raw("forward", 16, len(METHOD), 0, 64, len(PAYLOAD)))
    )
    return answer


def test_a_changed_manifest_is_reloaded(watching_host: Host, make_extension: MakeExtension) -> None:
    directory = make_extension(guest(data=PING_DATA), ext_id="grants")
    extension = watching_host.load_extension(directory)
    assert forwarded_ping(extension)["error"]["code"] == "permission_denied"
    rewrite_manifest(directory, permissions={"methods": ["core.ping"]})
    wait_for(lambda: extension.status.version == 2, "the watcher to reload the manifest")
    assert forwarded_ping(extension) == {"ok": {"echo": ["wat"], "count": 1}}


def _broken_wasm(directory: Path) -> None:
    replace_file(directory / "module.wasm", b"\0asm\x01\0\0\0garbage")


def _bad_json(directory: Path) -> None:
    replace_file(directory / "manifest.json", b"{ not json")


def _over_ceiling(directory: Path) -> None:
    rewrite_manifest(directory, limits={"memory_bytes": 1 << 40})


def _init_fails(directory: Path) -> None:
    replace_file(directory / "module.wasm", versioned_guest(2, init_status=3))


def _abi_mismatch(directory: Path) -> None:
    replace_file(directory / "module.wasm", versioned_guest(2, abi=2))


def _missing_export(directory: Path) -> None:
    replace_file(
        directory / "module.wasm", guest(alloc='(func (export "wasm_alloc") (param i32) (result i32) (i32.const 0))')
    )


BREAKAGES = [
    (_broken_wasm, LoadErrorCode.wasm_invalid),
    (_bad_json, LoadErrorCode.manifest_invalid),
    (_over_ceiling, LoadErrorCode.manifest_invalid),
    (_init_fails, LoadErrorCode.init_failed),
    (_abi_mismatch, LoadErrorCode.abi_mismatch),
    (_missing_export, LoadErrorCode.missing_export),
]
BREAKAGE_IDS = ["bad-wasm", "bad-json", "over-ceiling", "init-fails", "abi-mismatch", "missing-export"]


def test_host_reload_extension(host: Host, make_extension: MakeExtension) -> None:
    directory = make_extension(versioned_guest(1), ext_id="manual")
    extension = host.load_extension(directory)
    replace_file(directory / "module.wasm", versioned_guest(2))
    assert host.reload_extension("manual") is extension
    assert version_of(extension) == 2
    with pytest.raises(ExtensionError) as caught:
        host.reload_extension("nobody")
    assert caught.value.code is LoadErrorCode.not_loaded


@pytest.mark.parametrize(("breakage", "code"), BREAKAGES, ids=BREAKAGE_IDS)
def test_a_broken_new_version_leaves_the_old_one_serving(
    host: Host, make_extension: MakeExtension, breakage: Callable[[Path], None], code: LoadErrorCode
) -> None:
    directory = make_extension(versioned_guest(1), ext_id="steady")
    extension = host.load_extension(directory)
    breakage(directory)
    with pytest.raises(ExtensionError) as caught:
        extension.reload()
    assert caught.value.code is code
    status = extension.status
    assert status.state is ExtensionState.loaded
    assert status.version == 1
    assert status.last_reload_error is not None and status.last_reload_error.startswith(code.value)
    assert version_of(extension) == 1


@pytest.mark.parametrize(("breakage", "code"), BREAKAGES, ids=BREAKAGE_IDS)
def test_the_watcher_records_a_broken_version_and_takes_the_fixed_one(
    watching_host: Host, make_extension: MakeExtension, breakage: Callable[[Path], None], code: LoadErrorCode
) -> None:
    directory = make_extension(versioned_guest(1), ext_id="watched")
    good_manifest = (directory / "manifest.json").read_bytes()
    extension = watching_host.load_extension(directory)
    breakage(directory)
    wait_for(lambda: extension.status.last_reload_error is not None, "the watcher to try the broken version")
    assert (extension.status.last_reload_error or "").startswith(code.value)
    assert version_of(extension) == 1
    replace_file(directory / "manifest.json", good_manifest)
    replace_file(directory / "module.wasm", versioned_guest(3))
    wait_for(lambda: extension.status.version == 2, "the watcher to take the fixed version")
    assert version_of(extension) == 3
    assert extension.status.last_reload_error is None


def test_a_module_written_in_pieces_is_loaded_once_it_settles(tmp_path: Path, make_extension: MakeExtension) -> None:
    with Host(tmp_path / "pieces", watching_config(interval_ms=10, debounce_ms=1_000)) as host:
        directory = make_extension(versioned_guest(1), ext_id="pieces")
        extension = host.load_extension(directory)
        whole = versioned_guest(2)
        with (directory / "module.wasm").open("wb") as out:
            out.write(whole[: len(whole) // 2])
            out.flush()
            time.sleep(0.05)
            out.write(whole[len(whole) // 2 :])
        wait_for(lambda: extension.status.version == 2, "the settled module to load")
        assert version_of(extension) == 2
        assert extension.status.last_reload_error is None, "the half-written module was never tried"


def _blocking_core(entered: threading.Event, release: threading.Event) -> types.ModuleType:
    """A core module whose ping blocks until the test releases it: a call held in flight."""
    module = types.ModuleType("blocking_core")

    @operation(REGISTRY[METHOD])
    def ping(ctx: OperationContext, request: PingInput) -> PingOutput:
        entered.set()
        release.wait(ctx.time_budget(30.0))
        return PingOutput(echo=[request.message], count=1)

    module.ping = ping  # type: ignore[attr-defined]
    return module


def test_calls_in_flight_finish_on_the_old_version_while_new_calls_reach_the_new_one(
    tmp_path: Path, make_extension: MakeExtension, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    entered, release = threading.Event(), threading.Event()
    config = replace(HostConfig(), runtime=replace(HostConfig().runtime, hot_reload=False))
    with Host(tmp_path / "swap", config, handler_modules=[_blocking_core(entered, release), *OTHER_DOMAINS]) as host:
        grants = {"permissions": {"methods": ["core.ping"]}, "limits": {"time_per_call_ms": 60_000, "instances": 2}}
        directory = make_extension(versioned_guest(1, data=PING_DATA), ext_id="swap", **grants)
        extension = host.load_extension(directory)
        in_flight: list[Any] = []

        def held_call() -> None:
            with extension.lease() as instance:
                ptr = instance.call("forward", 16, len(METHOD), 0, 64, len(PAYLOAD))
                in_flight.append(json.loads(instance.read_answer(ptr)))
                in_flight.append(json.loads(instance.call_json("version", b"")))

        holder = threading.Thread(target=held_call)
        holder.start()
        assert entered.wait(30), "the held call reached the host"
        replace_file(directory / "module.wasm", versioned_guest(2, data=PING_DATA))
        reloader = threading.Thread(target=extension.reload)
        reloader.start()
        wait_for(lambda: extension.status.version == 2, "the swap")
        assert version_of(extension) == 2, "a new call reaches the new version while the old one is busy"
        assert in_flight == [] and reloader.is_alive(), "the old version waits for its call in flight"
        release.set()
        holder.join()
        reloader.join()
        assert in_flight == [{"ok": {"echo": ["wat"], "count": 1}}, {"ok": 1}], "the held call ended on version 1"
    messages = [r.getMessage() for r in caplog.records if r.name == "spacedrive.ext.swap"]
    assert messages.index("init v2") < messages.index("cleanup v1")


def test_two_extensions_under_concurrent_load_while_one_is_reloaded_repeatedly(
    tmp_path: Path, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    with Host(tmp_path / "storm", watching_config(interval_ms=10, debounce_ms=20)) as host:
        hot_dir = make_extension(versioned_guest(1), ext_id="hot", limits={"instances": 2})
        hot = host.load_extension(hot_dir)
        steady = host.load_extension(
            make_extension(
                guest_wasm["limits"],
                ext_id="steady",
                permissions={"methods": ["core.ping"]},
                limits={"calls_per_second": 1_000_000, "calls_burst": 1_000_000},
            )
        )
        stop = threading.Event()
        failures: list[str] = []
        calls = {"hot": 0, "steady": 0}
        seen_versions: set[int] = set()

        def call_hot() -> None:
            while not stop.is_set():
                try:
                    seen_versions.add(version_of(hot))
                    calls["hot"] += 1
                except Exception as exc:
                    failures.append(f"hot: {exc!r}")

        def call_steady() -> None:
            while not stop.is_set():
                try:
                    answer = json.loads(steady.call_json("run_request", b'{"do":"ping","message":"s"}'))
                    if answer != {"ok": {"ok": ["s"]}}:
                        failures.append(f"steady answered {answer}")
                    calls["steady"] += 1
                except Exception as exc:
                    failures.append(f"steady: {exc!r}")

        threads = [threading.Thread(target=fn) for fn in (call_hot, call_hot, call_steady, call_steady)]
        for thread in threads:
            thread.start()
        reloads = 0
        try:
            for round_ in range(24):
                wanted = 2 + round_ % 2
                replace_file(hot_dir / "module.wasm", versioned_guest(wanted))
                if round_ % 3 == 0:
                    wait_for(lambda w=wanted: version_of(hot) == w, "the watcher to reload")  # type: ignore[misc]
                else:
                    hot.reload(force=False)
                assert version_of(hot) == wanted, "a new call after the swap reaches the new version"
                reloads += 1
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        assert failures == []
        assert reloads == 24
        assert hot.status.version >= 24
        assert seen_versions <= {1, 2, 3}
        assert calls["hot"] > 0 and calls["steady"] > 0
        assert hot.init_count == hot.cleanup_count + hot.status.instances


def test_event_subscriptions_follow_a_reload(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    library = host.create_library("events")
    permissions = {"methods": ["vdfs.*"], "libraries": ["*"]}
    directory = make_extension(guest_wasm["events"], ext_id="listener", permissions=permissions)
    extension = host.load_extension(directory)
    rewrite_manifest(directory, events={"entry.created": "no_such_export"})
    with pytest.raises(ExtensionError) as caught:
        extension.reload()
    assert caught.value.code is LoadErrorCode.missing_export
    assert extension.status.version == 1
    rewrite_manifest(directory, events={"entry.created": "on_entry_created"})
    extension.reload()
    created = host.call("action:vdfs.create_entry.input.v1", {"name": "n", "path": "p", "entry_type": "t"}, library.id)
    assert host.events.wait_idle(20)
    answer = json.loads(extension.call_json("recorded", b""))
    assert [item["event"]["entry"]["entry_id"] for item in answer["ok"]] == [created["ok"]["entry_id"]]
