"""Building one version of an extension: a function of what is on disk and the host's runtime.

Read the manifest's limits against the host's ceilings, read and check the module (ABI marker,
exports, event callbacks, the `ext:` operations it declares), compile it through the module
cache, and start a pool with one initialised instance. Nothing here touches the `Extension`:
it swaps the result in (or keeps serving its current version when this raises).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import wasmtime
from spacedrive_wire.manifest import ExtensionManifest

from spacedrive_host.api.operations import Caller, OperationRouter
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.core.limits import ExtensionLimits, LogBudget, rate_limit_groups, resolve_limits
from spacedrive_host.core.quota import JobSlots, RateLimiter

from .engine import WasmRuntime
from .extension_operations import ServedOperation, load_operations
from .instance import GuestInstance, InstanceSettings, ModuleTemplate
from .manifest import manifest_permissions
from .module_checks import AbiInfo, check_callbacks, check_exports, read_abi_info
from .pool import InstancePool


@dataclass
class Version:
    """One loaded version of an extension: what was read from disk and the pool serving it."""

    number: int
    manifest: ExtensionManifest
    abi_info: AbiInfo
    limits: ExtensionLimits
    caller: Caller
    template: ModuleTemplate
    settings: InstanceSettings
    pool: InstancePool
    log_budget: LogBudget | None
    wasm_path: Path
    operations: dict[str, ServedOperation]
    """The `ext:` operations this version serves (docs/extension-operations.md)."""


@dataclass(frozen=True)
class VersionInputs:
    """What a version is built from besides the runtime: where, whose, which number, which manifest."""

    directory: Path
    extension_id: str
    number: int
    manifest: ExtensionManifest
    job_slots: JobSlots
    """The extension's concurrent-jobs cap, shared by all its versions."""
    logger: logging.Logger


def build_version(
    inputs: VersionInputs,
    runtime: WasmRuntime,
    router: OperationRouter,
    *,
    current: Version | None = None,
    on_init: Callable[[], None],
    on_discard: Callable[[GuestInstance], None],
) -> Version | None:
    """A ready version (first instance initialised), or None if it is the same as `current`
    (same manifest, same module). `on_init` counts each `plugin_init` that succeeded; `on_discard`
    cleans up instances the pool drops."""
    if inputs.manifest.id != inputs.extension_id:
        raise ExtensionError(
            LoadErrorCode.manifest_invalid,
            f"manifest.json: id: changed to {inputs.manifest.id!r} (ids are fixed)",
            inputs.extension_id,
        )
    config = runtime.config
    limits = resolve_limits(inputs.manifest, config.limits)
    groups = rate_limit_groups(inputs.manifest, limits, config.limits)
    wasm_path = inputs.directory / inputs.manifest.wasm
    try:
        module_bytes = wasm_path.read_bytes()
    except OSError as exc:
        raise ExtensionError(
            LoadErrorCode.wasm_missing, f"cannot read {wasm_path}: {exc}", inputs.extension_id
        ) from None
    abi_info = read_abi_info(module_bytes, inputs.extension_id)
    try:
        cached = runtime.compile(module_bytes)
    except wasmtime.WasmtimeError as exc:
        raise ExtensionError(LoadErrorCode.wasm_invalid, f"{wasm_path}: {exc}", inputs.extension_id) from None
    if current is not None and current.manifest == inputs.manifest and current.template.digest == cached.digest:
        return None
    check_exports(cached.module, inputs.extension_id)
    check_callbacks(inputs.manifest, cached.module, inputs.extension_id)
    operations = load_operations(inputs.directory, inputs.extension_id, inputs.manifest, cached.module)
    template = ModuleTemplate.create(runtime, cached.module, cached.digest, inputs.extension_id)
    enforce = runtime.enforce
    owner = f"extension {inputs.extension_id!r}"
    caller = Caller(
        owner,
        manifest_permissions(inputs.manifest),
        max_payload_bytes=limits.request_bytes,
        max_response_bytes=limits.response_bytes,
        rate_limiter=RateLimiter(groups, owner) if enforce else None,
        job_slots=inputs.job_slots,
    )
    window_s = config.limits.log_window_ms / 1000.0
    log_budget = (
        LogBudget(limits.log_lines_per_window, limits.log_bytes_per_window, window_s, owner) if enforce else None
    )
    settings = InstanceSettings(runtime, router, caller, limits, inputs.logger, log_budget, inputs.extension_id)

    def make_instance() -> GuestInstance:
        instance = GuestInstance(template, settings)
        try:
            instance.init()
        except BaseException:
            instance.close()
            raise
        on_init()
        return instance

    pool = InstancePool(make_instance, limits.instances, on_discard, inputs.extension_id)
    pool.seed(make_instance())
    return Version(
        inputs.number,
        inputs.manifest,
        abi_info,
        limits,
        caller,
        template,
        settings,
        pool,
        log_budget,
        wasm_path,
        operations,
    )
