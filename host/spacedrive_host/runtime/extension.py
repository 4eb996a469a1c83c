"""One extension: its versions, their instance pools, and its lifecycle.

Loading checks, in order: the manifest (jsonschema, errors name the field; limits within
the host's ceilings), the .wasm file, the ABI marker the SDK writes into the
`spacedrive_abi` custom section, the module (from the compiled-module cache), the required
exports and their signatures, the imports; then it makes one instance and runs its
`plugin_init`. Every instance whose `plugin_init` succeeded gets exactly one
`plugin_cleanup`: on unload, on reload, or when a trap poisons it.

A reload prepares the new version completely (first instance initialised) before it swaps
it in: calls in flight finish on the old version's instances, new calls go to the new one.
If anything fails, the old version keeps serving and the error is recorded in
`status.last_reload_error`. Repeated failures of calls back off and then disable the
extension (`status`, `config.RuntimeConfig.failures`).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import wasmtime
from spacedrive_wire.manifest import ExtensionManifest
from spacedrive_wire.models import EventName

from spacedrive_host.api.operations import Caller, OperationRouter
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.core.limits import ExtensionLimits
from spacedrive_host.core.quota import JobSlots
from spacedrive_host.runtime.instance import GuestInstance

from .engine import WasmRuntime
from .extension_operations import ServedOperation
from .health import ExtensionState, Health
from .manifest import MANIFEST_FILE, load_manifest
from .module_checks import AbiInfo, check_callbacks
from .versions import Version, VersionInputs, build_version

log = logging.getLogger("spacedrive.extension")


@dataclass(frozen=True)
class ExtensionStatus:
    """A snapshot of an extension's health, for `sdext`, the daemon and tests."""

    state: ExtensionState
    reason: str | None
    """Why it is backing off or disabled."""
    last_error: LoadErrorCode | None
    consecutive_failures: int
    failures: int
    retry_after_s: float | None
    """Seconds until calls are let through again (backing off)."""
    version: int
    """Increments with every successful (re)load."""
    last_reload_error: str | None
    instances: int
    logs_dropped: int


class Extension:
    """A loaded extension. Calls are served by a pool of instances of its current version."""

    def __init__(self, directory: Path, extension_id: str, runtime: WasmRuntime, router: OperationRouter) -> None:
        self.directory = directory
        self.id = extension_id
        self.logger = logging.getLogger(f"spacedrive.ext.{extension_id}")
        self._runtime = runtime
        self._router = router
        self._version: Version | None = None
        self._last: Version | None = None
        self._reload_lock = threading.RLock()
        self._state_lock = threading.Lock()
        """Guards the counters below (health has its own lock)."""
        self.health = Health(runtime.config.runtime.failures, extension_id, self.logger)
        self._last_reload_error: str | None = None
        self._retired_calls = 0
        self._retired_logs_dropped = 0
        self.job_slots = JobSlots(runtime.config.limits.defaults.concurrent_jobs, f"extension {extension_id!r}")
        """The cap on this extension's concurrent jobs (kept across reloads); see `Caller.acquire_job_slot`."""
        self.reload_listeners: list[Callable[[Extension], None]] = []
        """Called after a reload swapped a new version in (the host refreshes event subscriptions)."""
        self.init_count = 0
        self.cleanup_count = 0
        """`plugin_init` successes and `plugin_cleanup` calls over the extension's life (always paired)."""

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, directory: Path, *, runtime: WasmRuntime, router: OperationRouter) -> Extension:
        runtime.start()
        manifest = load_manifest(directory)
        extension = cls(directory, manifest.id, runtime, router)
        version = extension._prepare(1, manifest)
        assert version is not None
        extension._version = extension._last = version
        extension.job_slots.limit = version.limits.concurrent_jobs
        return extension

    def _prepare(self, number: int, manifest: ExtensionManifest, current: Version | None = None) -> Version | None:
        """Build a version from the directory (`versions.build_version`); None if it is the same as `current`."""
        return build_version(
            VersionInputs(self.directory, self.id, number, manifest, self.job_slots, self.logger),
            self._runtime,
            self._router,
            current=current,
            on_init=self._initialised,
            on_discard=self._discard,
        )

    def _initialised(self) -> None:
        with self._state_lock:
            self.init_count += 1

    def _discard(self, instance: GuestInstance) -> None:
        """Clean up an instance leaving service (poisoned, or its version retired)."""
        initialised = instance.initialised
        instance.cleanup()
        instance.close()
        with self._state_lock:
            self.cleanup_count += initialised
            self._retired_calls += instance.binding.calls

    def _retire(self, version: Version) -> None:
        for instance in version.pool.retire():
            self._discard(instance)
        if version.log_budget is not None:
            self._retired_logs_dropped += version.log_budget.dropped_total

    # -- the current version -------------------------------------------------------------
    def _current(self) -> Version:
        version = self._version or self._last
        if version is None:
            raise ExtensionError(LoadErrorCode.not_loaded, "the extension is not loaded", self.id)
        return version

    @property
    def manifest(self) -> ExtensionManifest:
        return self._current().manifest

    @property
    def abi_info(self) -> AbiInfo:
        return self._current().abi_info

    @property
    def limits(self) -> ExtensionLimits:
        return self._current().limits

    @property
    def caller(self) -> Caller:
        return self._current().caller

    @property
    def module(self) -> wasmtime.Module:
        return self._current().template.module

    def watch_paths(self) -> tuple[Path, Path]:
        """The files whose change triggers a hot reload: the manifest and the current .wasm."""
        return self.directory / MANIFEST_FILE, self._current().wasm_path

    # -- calls ---------------------------------------------------------------------------
    def _acquire(self) -> tuple[Version, GuestInstance]:
        while True:
            version = self._version
            if version is None:
                raise ExtensionError(LoadErrorCode.not_loaded, "the extension is not loaded", self.id)
            if self.health.state is not ExtensionState.loaded:
                self.health.check()
            try:
                instance = version.pool.acquire()
            except ExtensionError as exc:
                self.health.failed(exc)
                raise
            if instance is not None:
                return version, instance

    def call_json(self, export: str, payload: bytes) -> bytes:
        """Call a JSON export `fn(ptr, len) -> ptr` (docs/abi.md); returns the guest's JSON answer.
        Raises `ExtensionError` with the cause (`time_limit`, `memory_limit`, `disabled`, ...)."""
        version, instance = self._acquire()
        try:
            answer = instance.call_json(export, payload)
        except ExtensionError as exc:
            version.pool.release(instance)
            self.health.failed(exc)
            raise
        version.pool.release(instance)
        if self.health.consecutive:
            self.health.succeeded()
        return answer

    @contextmanager
    def lease(self) -> Iterator[GuestInstance]:
        """One instance for several steps (call an export, then read what it returned). Failures
        inside count like failed calls; a trap poisons the instance."""
        version, instance = self._acquire()
        try:
            yield instance
        except ExtensionError as exc:
            self.health.failed(exc)
            raise
        finally:
            version.pool.release(instance)

    def call_raw(self, export: str, *args: int) -> int:
        """Call an export taking and returning i32 values (for tools and tests of the ABI). Sequential
        calls from one thread get the same instance, so `read_answer` reads what this returned."""
        with self.lease() as instance:
            result = instance.call(export, *args)
        if self.health.consecutive:
            self.health.succeeded()
        return result

    def read_answer(self, ptr: int) -> bytes:
        """The `[u32 length][bytes]` buffer at `ptr` in guest memory (see `call_raw`)."""
        with self.lease() as instance:
            return instance.read_answer(ptr)

    @property
    def operations(self) -> dict[str, ServedOperation]:
        """The `ext:` operations the current version serves."""
        return self._current().operations

    def subscriptions(self) -> dict[EventName, str]:
        """The current manifest's event subscriptions, each export checked (for the event bus)."""
        return check_callbacks(self.manifest, self.module, self.id)

    def allows_library(self, library_id: uuid.UUID) -> bool:
        return self.caller.permissions.allows_library(library_id)

    def has_export(self, name: str) -> bool:
        return name in self._current().template.exports

    @property
    def host_calls(self) -> int:
        version = self._version
        live = sum(i.binding.calls for i in version.pool.live) if version is not None else 0
        return self._retired_calls + live

    # -- lifecycle -----------------------------------------------------------------------
    def reload(self, *, force: bool = True) -> bool:
        """Load the directory again and swap the new version in atomically. With `force=False`
        an unchanged manifest and module are left alone (returns False). On failure the current
        version keeps serving, the error is recorded in `status.last_reload_error` and raised."""
        with self._reload_lock:
            current = self._version
            if current is None:
                raise ExtensionError(LoadErrorCode.not_loaded, "the extension is not loaded", self.id)
            try:
                new = self._prepare(current.number + 1, load_manifest(self.directory), None if force else current)
            except ExtensionError as exc:
                self._last_reload_error = f"{exc.code}: {exc.detail}"
                self.logger.error("reload of %r failed, version %d keeps serving: %s", self.id, current.number, exc)
                raise
            if new is None:
                return False
            self.job_slots.limit = new.limits.concurrent_jobs
            self._version = self._last = new
            self.health.reset()
            self._last_reload_error = None
            self._retire(current)
            self.logger.info("extension %r reloaded: version %d serves", self.id, new.number)
        for listener in self.reload_listeners:
            try:
                listener(self)
            except Exception:
                self.logger.exception("a reload listener of %r failed", self.id)
        return True

    def enable(self) -> None:
        """Let calls through again after back-off or disabling (a successful reload does this too)."""
        self.health.reset()

    def unload(self) -> None:
        """Stop serving: wait for calls in flight, then run `plugin_cleanup` in every instance."""
        with self._reload_lock:
            version, self._version = self._version, None
            self.health.unloaded()
        if version is not None:
            self._retire(version)

    @property
    def loaded(self) -> bool:
        return self._version is not None

    @property
    def status(self) -> ExtensionStatus:
        version = self._version
        health = self.health.snapshot()
        dropped = self._retired_logs_dropped
        if version is not None and version.log_budget is not None:
            dropped += version.log_budget.dropped_total
        return ExtensionStatus(
            state=health.state,
            reason=health.reason,
            last_error=health.last_error,
            consecutive_failures=health.consecutive_failures,
            failures=health.failures,
            retry_after_s=health.retry_after_s,
            version=self._last.number if self._last is not None else 0,
            last_reload_error=self._last_reload_error,
            instances=len(version.pool.live) if version is not None else 0,
            logs_dropped=dropped,
        )
