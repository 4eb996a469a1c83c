"""Instances of an extension's module and the pool that serves concurrent calls.

A wasmtime Store is single-threaded, so an extension that serves calls from several threads
may have a small pool of instances, each in its own Store with its own `GuestBinding` and its
own linear memory. They are made from one `InstancePre` (imports resolved once), lazily, up
to `limits.instances` (1 by default: memory state stays coherent across calls).

Calls into the guest go through wasmtime's unchecked C API (`capi`), as host calls do: a
wasmtime-py `Func.__call__` costs about 6 us per argument, the unchecked call well under
one. Every call arms the store first: the epoch deadline from `time_per_call_ms`, fuel when
metered, and the binding's deadline that bounds host operations. A trap poisons the
instance: the pool drops it and the next call gets a fresh one.
"""

from __future__ import annotations

import ctypes
import logging
import struct
import time
from dataclasses import dataclass, field
from typing import Any

import wasmtime
from wasmtime import _ffi as ffi

from spacedrive_host.api.operations import Caller, OperationRouter
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.core.limits import ExtensionLimits, LogBudget

from . import capi
from .abi import GuestBinding
from .answers import check_answer
from .engine import WasmRuntime
from .traps import classify_instantiation_error, classify_trap

log = logging.getLogger("spacedrive.instance")

STORE_INSTANCES = 1
STORE_MEMORIES = 1
STORE_TABLES = 4
MAX_CALL_SLOTS = 8
_u32 = capi.u32
_string_at = ctypes.string_at
_memmove = ctypes.memmove
_monotonic = time.monotonic
_set_epoch_deadline = capi.set_epoch_deadline
_call_unchecked = capi.func_call_unchecked
_two_args = struct.Struct("<I12xI")
_descriptor = struct.Struct("<II")
_ENCODED = {name: name.encode() for name in ("memory", "wasm_alloc", "wasm_free", "spacedrive_response_buffer")}


def _i32_signature(func_type: wasmtime.FuncType) -> tuple[int, int] | None:
    """(parameters, results) of a function taking and returning only i32, else None."""
    params, results = [str(p) for p in func_type.params], [str(r) for r in func_type.results]
    if any(t != "i32" for t in params + results) or len(results) > 1 or len(params) > MAX_CALL_SLOTS:
        return None
    return len(params), len(results)


@dataclass(frozen=True)
class ModuleTemplate:
    """A compiled module ready to instantiate, with the i32 signatures of its function exports."""

    module: wasmtime.Module
    pre: wasmtime.InstancePre
    digest: str
    signatures: dict[str, tuple[int, int] | None]
    """Every function export: (params, results) if all-i32, else None (not callable here)."""
    exports: frozenset[str]
    pre_address: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pre_address", capi.address(self.pre))

    @classmethod
    def create(cls, runtime: WasmRuntime, module: wasmtime.Module, digest: str, owner: str) -> ModuleTemplate:
        """Resolve the imports once; an import the host lacks (or with another signature) is `abi_mismatch`."""
        try:
            pre = runtime.abi.linker.instantiate_pre(module)
        except wasmtime.WasmtimeError as exc:
            raise ExtensionError(
                LoadErrorCode.abi_mismatch, f"the module's imports do not match this host's: {exc}", owner
            ) from None
        exports = module.exports
        signatures = {e.name: _i32_signature(e.type) for e in exports if isinstance(e.type, wasmtime.FuncType)}
        return cls(module, pre, digest, signatures, frozenset(e.name for e in exports))


@dataclass
class InstanceSettings:
    """Everything an instance of one extension version needs besides its module."""

    runtime: WasmRuntime
    router: OperationRouter
    caller: Caller
    limits: ExtensionLimits
    logger: logging.Logger
    log_budget: LogBudget | None
    owner: str


class GuestInstance:
    """One Store holding one instance of the module. Not thread-safe: the pool lends it to one
    caller at a time."""

    def __init__(self, template: ModuleTemplate, settings: InstanceSettings) -> None:
        self.template = template
        self.settings = settings
        self.owner = settings.owner
        self.poisoned: str | None = None
        """Why the instance may no longer be used (a trap), or None."""
        self.holder = 0
        """Thread ident of the caller it is lent to (0 when idle)."""
        self.initialised = False
        runtime, limits = settings.runtime, settings.limits
        self._enforce = runtime.enforce
        self._fuel = limits.fuel_per_call if runtime.fuel else 0
        self._ticks = runtime.epoch_ticks(limits.time_per_call_ms)
        self._time_s = limits.time_per_call_ms / 1000.0
        self._slots = ctypes.create_string_buffer(16 * MAX_CALL_SLOTS)
        self._slots_address = ctypes.addressof(self._slots)
        self._trap = ctypes.c_void_p()
        self._trap_address = ctypes.addressof(self._trap)
        self._instance = ffi.wasmtime_instance_t()
        self._externs: dict[str, Any] = {}
        self._funcs: dict[str, int] = {}
        # A raw store: wasmtime-py's Store wrapper costs a third of an instantiation, and
        # nothing here needs it. `close` deletes it.
        self.store = capi.store_new(runtime.engine_address, None, None)
        self.context: int = capi.store_context_of(self.store)
        try:
            if self._enforce:
                capi.store_limiter(
                    self.store, limits.memory_bytes, limits.table_elements, STORE_INSTANCES, STORE_TABLES,
                    STORE_MEMORIES,
                )  # fmt: skip
                self._arm_store()
            self._instantiate()
            memory = self._extern("memory", capi.EXTERN_MEMORY)
            alloc = self._extern("wasm_alloc", capi.EXTERN_FUNC)
            if memory is None or alloc is None:
                raise ExtensionError(
                    LoadErrorCode.missing_export, "the module lacks `memory` or `wasm_alloc`", self.owner
                )
        except BaseException:
            capi.store_delete(self.store)
            self.store = 0
            raise
        self.binding = GuestBinding(
            context=self.context,
            memory=memory.of.memory,
            alloc=alloc.of.func,
            caller=settings.caller,
            router=settings.router,
            logger=settings.logger,
            max_response_bytes=limits.response_bytes,
            log_budget=settings.log_budget,
        )
        runtime.abi.bind(self.binding)
        self._alloc = self._func("wasm_alloc")
        if "wasm_free" not in template.signatures:  # looked up on first use (call_json), checked now
            self.close()
            raise ExtensionError(LoadErrorCode.missing_export, "no function export `wasm_free`", self.owner)
        if "spacedrive_response_buffer" in template.signatures:
            try:
                self._register_response_buffer()
            except BaseException:
                self.close()
                raise

    # -- set-up ------------------------------------------------------------------------
    def _instantiate(self) -> None:
        error = capi.instance_pre_instantiate(
            self.template.pre_address, self.context, ctypes.addressof(self._instance), self._trap_address
        )
        if error:
            message = str(capi.take_error(error))
            raise ExtensionError(classify_instantiation_error(message), f"cannot instantiate: {message}", self.owner)
        if self._trap.value:
            trap = capi.take_trap(self._trap.value)
            self._trap.value = None
            cause = classify_trap(
                trap, memory_size=0, memory_limit=None, time_limit_ms=self.settings.limits.time_per_call_ms
            )
            raise ExtensionError(cause.code, f"the start function {cause.summary}: {cause.detail}", self.owner)

    def _extern(self, name: str, kind: int) -> Any:
        item = ffi.wasmtime_extern_t()
        raw = _ENCODED.get(name) or name.encode()
        found = capi.instance_export_get(
            self.context, ctypes.addressof(self._instance), raw, len(raw), ctypes.addressof(item)
        )
        found_kind: int = item.kind  # type: ignore[assignment]  # ctypes unwraps c_uint8 fields to int
        if not found or found_kind != kind:
            return None
        self._externs[name] = item
        return item

    def _func(self, name: str) -> int:
        """Address of the `wasmtime_func_t` of an export (looked up once per instance)."""
        address = self._funcs.get(name)
        if address is None:
            item = self._externs.get(name) or self._extern(name, capi.EXTERN_FUNC)
            if item is None:
                raise ExtensionError(LoadErrorCode.missing_export, f"no function export `{name}`", self.owner)
            address = self._funcs[name] = ctypes.addressof(item) + capi.EXTERN_PAYLOAD_OFFSET
        return address

    def _register_response_buffer(self) -> None:
        descriptor = self._invoke("spacedrive_response_buffer", self._func("spacedrive_response_buffer"), 0, 1)
        memory = self.binding.view()
        if descriptor + 8 <= len(memory):
            ptr, capacity = _descriptor.unpack_from(memory, descriptor)
            if ptr + capacity <= len(memory):
                self.binding.response_ptr, self.binding.response_capacity = ptr, capacity

    # -- calls -------------------------------------------------------------------------
    def _arm_store(self) -> None:
        """Give the store a full budget: epoch deadline and fuel."""
        _set_epoch_deadline(self.context, self._ticks)
        if self._fuel:
            self._refuel()

    def _refuel(self) -> None:
        error = capi.set_fuel(self.context, self._fuel)
        if error:
            capi.error_delete(error)

    def _arm(self) -> None:
        """Give the next call its full budget, including the deadline that bounds host operations."""
        self.binding.panic_report = None
        if self._enforce:
            _set_epoch_deadline(self.context, self._ticks)
            if self._fuel:
                self._refuel()
            self.binding.deadline = _monotonic() + self._time_s

    def _invoke(self, name: str, func: int, nparams: int, nresults: int) -> int:
        """Call `func` with the arguments already in the slots; returns the i32 result (or 0)."""
        error = _call_unchecked(self.context, func, self._slots_address, max(nparams, nresults), self._trap_address)
        if error or self._trap.value or self.binding.failure is not None:
            self._fail(name, error)
        return _u32.unpack_from(self._slots, 0)[0] if nresults else 0

    def _fail(self, name: str, error: int) -> None:
        """Poison the instance and raise the cause: the host's recorded reason for aborting the call
        (`GuestBinding.failure`: a nested guest trap, `reentry_limit`, `host_error`) comes first."""
        trap = capi.take_trap(self._trap.value) if self._trap.value else None
        self._trap.value = None
        failure, self.binding.failure = self.binding.failure, None
        if error:
            message = str(capi.take_error(error))
            if failure is None:
                failure = (LoadErrorCode.trapped, f"failed: {message}")
        if isinstance(failure, tuple):
            code, detail = failure
            self.poisoned = f"`{name}` aborted: {detail}"
            raise ExtensionError(code, self.poisoned, self.owner)
        if isinstance(failure, wasmtime.Trap):
            trap, name = failure, f"{name}` -> host -> `wasm_alloc"
        if trap is None:  # unreachable: _invoke fails only with an error, a trap or a recorded failure
            raise ExtensionError(LoadErrorCode.trapped, f"`{name}` failed", self.owner)
        report = self.binding.panic_report
        if report is not None and trap.trap_code is wasmtime.TrapCode.UNREACHABLE:
            self.poisoned = f"`{name}` panicked: {report}"
            raise ExtensionError(LoadErrorCode.panicked, self.poisoned, self.owner)
        _, size = self.binding.memory_view()
        limits = self.settings.limits
        cause = classify_trap(
            trap,
            memory_size=size,
            memory_limit=limits.memory_bytes if self._enforce else None,
            time_limit_ms=limits.time_per_call_ms,
        )
        self.poisoned = f"`{name}` {cause.summary} ({cause.detail})"
        raise ExtensionError(cause.code, self.poisoned, self.owner)

    def call(self, name: str, *args: int) -> int:
        """Call an i32 export with a fresh budget."""
        signature = self.template.signatures.get(name, ...)
        if signature is ...:
            raise ExtensionError(LoadErrorCode.missing_export, f"no function export `{name}`", self.owner)
        if signature is None or signature[0] != len(args):
            raise ExtensionError(
                LoadErrorCode.bad_export,
                f"export `{name}` is not a function of {len(args)} i32 argument(s) returning at most one i32",
                self.owner,
            )
        func = self._func(name)
        self._arm()
        for index, value in enumerate(args):
            _u32.pack_into(self._slots, 16 * index, value & 0xFFFFFFFF)
        return self._invoke(name, func, signature[0], signature[1])

    def has_export(self, name: str) -> bool:
        return name in self.template.signatures

    def call_json(self, export: str, payload: bytes) -> bytes:
        """Call a JSON export `fn(ptr, len) -> ptr` (docs/abi.md); returns the guest's envelope, or
        b"" when it returned 0 (no answer). An answer that is not an envelope is `bad_answer`."""
        signature = self.template.signatures.get(export, ...)
        if signature is ...:
            raise ExtensionError(LoadErrorCode.missing_export, f"no export `{export}`", self.owner)
        if signature != (2, 1):
            raise ExtensionError(LoadErrorCode.bad_export, f"export `{export}` is not `(i32, i32) -> i32`", self.owner)
        func = self._func(export)
        binding = self.binding
        self._arm()
        length = len(payload)
        ptr = 0
        if length:
            _u32.pack_into(self._slots, 0, length)
            ptr = self._invoke("wasm_alloc", self._alloc, 1, 1)
            base, size = binding.memory_view()
            if ptr == 0 or ptr + length > size:
                raise ExtensionError(
                    LoadErrorCode.bad_answer, f"wasm_alloc({length}) returned {ptr}, not a usable buffer", self.owner
                )
            _memmove(base + ptr, payload, length)
        _two_args.pack_into(self._slots, 0, ptr, length)
        answer_ptr = self._invoke(export, func, 2, 1)
        if answer_ptr == 0:
            return b""
        base, size = binding.memory_view()
        if answer_ptr + 4 > size:
            raise ExtensionError(LoadErrorCode.bad_answer, f"`{export}` returned an out-of-bounds pointer", self.owner)
        answer_length: int = _u32.unpack(_string_at(base + answer_ptr, 4))[0]
        if answer_length > binding.max_response_bytes:
            raise ExtensionError(
                LoadErrorCode.payload_too_large,
                f"`{export}` answered {answer_length} bytes, over the cap of {binding.max_response_bytes}",
                self.owner,
            )
        if answer_ptr + 4 + answer_length > size:
            raise ExtensionError(LoadErrorCode.bad_answer, f"`{export}` returned an out-of-bounds answer", self.owner)
        body = _string_at(base + answer_ptr + 4, answer_length)
        _two_args.pack_into(self._slots, 0, answer_ptr, answer_length + 4)
        self._invoke("wasm_free", self._func("wasm_free"), 2, 0)
        check_answer(body, export, self.owner)
        return body

    def read(self, ptr: int, length: int) -> bytes | None:
        return self.binding.read(ptr, length)

    def read_answer(self, ptr: int) -> bytes:
        """The `[u32 length][bytes]` buffer at `ptr` in this instance's memory."""
        header = self.read(ptr, 4)
        body = self.read(ptr + 4, _u32.unpack(header)[0]) if header else None
        if body is None:
            raise ExtensionError(LoadErrorCode.bad_answer, f"no answer buffer at {ptr}", self.owner)
        return body

    # -- lifecycle ---------------------------------------------------------------------
    def init(self) -> None:
        """Run `plugin_init` if exported; a non-zero status or a trap raises (and the instance is unusable)."""
        if "plugin_init" in self.template.signatures:
            status = self.call("plugin_init")
            if status != 0:
                self.poisoned = f"plugin_init returned {status}"
                raise ExtensionError(LoadErrorCode.init_failed, self.poisoned, self.owner)
        self.initialised = True

    def cleanup(self) -> None:
        """Run `plugin_cleanup` once for an initialised instance (even a poisoned one, with a fresh budget)."""
        if not self.initialised:
            return
        self.initialised = False
        if "plugin_cleanup" not in self.template.signatures:
            return
        try:
            status = self.call("plugin_cleanup")
        except ExtensionError as exc:
            self.settings.logger.warning("plugin_cleanup failed: %s", exc.message)
            return
        if status != 0:
            self.settings.logger.warning("plugin_cleanup returned %s", status)

    def close(self) -> None:
        """Forget the binding and delete the store (once); the instance must not be used after."""
        store, self.store = self.store, 0
        if store:
            self.settings.runtime.abi.unbind(self.binding)
            capi.store_delete(store)

    def __del__(self) -> None:
        store = getattr(self, "store", 0)
        if store:
            self.close()

    @property
    def memory_size(self) -> int:
        return self.binding.memory_view()[1]
