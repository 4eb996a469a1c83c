"""The guest/host ABI (docs/abi.md) on wasmtime's C API.

`spacedrive_call` and `spacedrive_log` are defined with wasmtime's *unchecked* host
function API through ctypes: arguments and the result travel in one raw value array, so a
call avoids wasmtime-py's per-value conversion (about 6 us per returned value; `nox -s
bench` compares the call path with a bare import). Guest memory is reached through its
base address, fetched on every call because `memory.grow` may move it; every
pointer/length pair is bounds-checked before it is touched. Answers go into the response
buffer the SDK exports; only answers that do not fit take the slower call back into the
guest's `wasm_alloc`.

Host-side failures are answered with error envelopes, never traps. The exceptions, which
abort the guest's call with a trap the host makes (`capi.trap_new`) and record why in
`GuestBinding.failure` for the instance to report and be replaced:
- host calls nested deeper than `MAX_CALL_DEPTH` (a guest function the host invoked while
  serving a host call, such as `wasm_alloc` for the answer, called the host again):
  `reentry_limit`;
- a trap inside a guest function the host invoked (`wasm_alloc`): the instance is poisoned,
  so the call it served cannot go on either;
- the last-resort guard: any exception escaping a host function (a host bug): `host_error`.
No Python exception ever leaves a callback into wasmtime: ctypes would print it and hand
wasmtime an undefined result, which it reads as a trap pointer.
"""

from __future__ import annotations

import ctypes
import logging
import struct
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import wasmtime
from spacedrive_wire import MAX_METHOD_BYTES

from spacedrive_host.api.operations import Caller, OperationRouter
from spacedrive_host.core.errors import ErrorCode, LoadErrorCode, error_envelope, escape_control
from spacedrive_host.core.limits import LogBudget

from . import capi
from .capi import CALLBACK, Val16, store_context

__all__ = ["CALLBACK", "MAX_METHOD_BYTES", "GuestBinding", "HostAbi", "Val16", "store_context"]

log = logging.getLogger("spacedrive.abi")

IMPORT_MODULE = "spacedrive"
LOG_LEVELS = {0: logging.DEBUG, 1: logging.INFO, 2: logging.WARNING, 3: logging.ERROR}
PANIC_LEVEL = 4
"""`spacedrive_log` level of a panic report: the SDK's panic hook sends the panic's message and
location just before the abort, and the host reports the trap as `panicked` with it."""
MAX_PANIC_REPORT = 2048
MAX_LOG_MESSAGE = 64 * 1024
MAX_CALL_DEPTH = 4
"""How deeply host calls from one instance may nest (each level: a guest function the host
invoked while serving a host call, e.g. `wasm_alloc`, called the host again)."""
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024

_caller_context = capi.caller_context
_memory_data = capi.memory_data
_memory_data_size = capi.memory_data_size
_memory_data_size_of = capi.memory_data_size_of
_func_call_unchecked = capi.func_call_unchecked
_error_delete = capi.error_delete
_trap_delete = capi.trap_delete
_trap_new = capi.trap_new
_define_unchecked = capi.define_unchecked
_set_epoch_deadline = capi.set_epoch_deadline
_monotonic = time.monotonic
_vp = ctypes.c_void_p

_memmove = ctypes.memmove
_memory_view_at = capi.memory_view_at
_u32 = capi.u32
_call_args = struct.Struct("<I12xI12xI12xI12xI")  # five i32 in 16-byte wasmtime_val_raw_t slots
_CallSlots = ctypes.c_char * _call_args.size
"""The arguments-and-results array of one `spacedrive_call`, as a buffer (read and written in place)."""
_log_slots = ctypes.c_char * 36
MAX_CACHED_LIBRARY_IDS = 64
_NO_MEMORY = memoryview(b"")
"""The view before the first look at guest memory (empty: every access is out of bounds)."""
_log_args = struct.Struct("<I12xI12xI")
RawCallback = Callable[[int, int], int]
"""(store context address, args-and-results address) -> 0, or a `wasm_trap_t*` that aborts the
guest; writes results itself."""
GuestFailure = wasmtime.Trap | tuple[LoadErrorCode, str]
"""Why the host aborted a guest's call: a trap of a guest function the host invoked, or a code
and message of the host's own."""


class GuestAborted(Exception):
    """Raised inside a host function when the guest's call must end in a trap; the reason is
    already in `GuestBinding.failure`."""


MAX_CACHED_SLOTS = 32
_slots_at: dict[int, Any] = {}
"""`_CallSlots` objects by address. wasmtime hands a host function its arguments in an array on the
calling thread's stack, at the same address for every call from the same depth: one object per
address replaces a ctypes object made on every call."""


def _call_slots(address: int) -> Any:
    slots = _slots_at.get(address)
    if slots is None:
        if len(_slots_at) >= MAX_CACHED_SLOTS:
            _slots_at.clear()
        slots = _slots_at[address] = _CallSlots.from_address(address)
    return slots


def new_trap(message: str) -> int:
    """A fresh `wasm_trap_t*` to return from a host function (0 if none could be made)."""
    raw = message.encode()
    return _trap_new(raw, len(raw)) or 0


@dataclass
class GuestBinding:
    """What the host functions need to serve one instance: its memory, exports and caller identity."""

    context: int
    memory: Any
    alloc: Any | None
    caller: Caller
    router: OperationRouter
    logger: logging.Logger
    response_ptr: int = 0
    response_capacity: int = 0
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    log_budget: LogBudget | None = None
    deadline: float | None = None
    """`time.monotonic()` by which the current call into the guest must end; bounds host operations."""
    calls: int = 0
    largest_request: int = 0
    largest_response: int = 0
    depth: int = 0
    """Host calls from this instance in progress right now (nested when above 1)."""
    panic_report: str | None = None
    """What the guest's panic hook reported during the current call (level 4), if anything."""
    failure: GuestFailure | None = None
    """Why the host aborted the current guest call with a trap (first cause wins); the instance
    reads it to report the right code and is replaced."""
    _memory_address: int = field(init=False)
    _base: int = field(init=False, default=0)
    _size: int = field(init=False, default=-1)
    _view: memoryview = field(init=False, default=_NO_MEMORY)
    _size_args: tuple[ctypes.c_void_p, ctypes.c_void_p] = field(init=False)
    """`_memory_data_size_of`'s arguments, made once: converting two ints on each call costs more than the call."""
    _library_ids: dict[bytes, uuid.UUID] = field(init=False, default_factory=dict)
    """Library ids the guest sent, decoded once (a UUID costs about a microsecond to build)."""

    def __post_init__(self) -> None:
        self._memory_address = ctypes.addressof(self.memory)
        self._size_args = (ctypes.c_void_p(self.context), ctypes.c_void_p(self._memory_address))

    def memory_view(self) -> tuple[int, int]:
        """(base address, size in bytes) of guest memory right now."""
        size = _memory_data_size(self.context, self._memory_address)
        if size != self._size:
            self._remap(size)
        return self._base, size

    def view(self) -> memoryview:
        """Guest memory as a writable byte view, valid until the guest runs again (it may grow memory).

        Linear memory never shrinks and only moves when it grows, so the base is fetched and the
        view made again only when the size changed: one C call on the hot path, and reads and
        writes are slices of the view instead of a ctypes call each (docs/abi.md, "Costs").
        """
        size = _memory_data_size_of(*self._size_args)
        if size != self._size:
            self._remap(size)
        return self._view

    def _remap(self, size: int) -> None:
        self._base = _memory_data(self.context, self._memory_address) or 0
        self._size = size
        self._view = _memory_view_at(self._base, size)

    def read(self, ptr: int, length: int) -> bytes | None:
        memory = self.view()
        if ptr + length > len(memory):
            return None
        return memory[ptr : ptr + length].tobytes()

    def guest_alloc(self, size: int) -> int:
        """Call the guest's `wasm_alloc(size)`; 0 if it is missing or returns a bad pointer.

        A trap (or a wasmtime error) in it poisons the instance: raises `GuestAborted`."""
        if self.alloc is None:
            return 0
        values = (Val16 * 1)()
        _u32.pack_into(values[0].raw, 0, size)
        trap = ctypes.c_void_p()
        error = _func_call_unchecked(
            self.context, ctypes.addressof(self.alloc), ctypes.addressof(values), 1, ctypes.byref(trap)
        )
        if error:
            self.abort_with((LoadErrorCode.trapped, f"wasm_alloc failed: {capi.take_error(error)}"))
        if trap.value:
            self.abort_with(capi.take_trap(trap.value))
        ptr: int = _u32.unpack_from(values[0].raw, 0)[0]
        return ptr if ptr > 0 and ptr + size <= len(self.view()) else 0

    def abort_with(self, failure: GuestFailure) -> None:
        """Record why the guest's call must end (the first cause wins) and raise `GuestAborted`."""
        if self.failure is None:
            self.failure = failure
        raise GuestAborted

    def deliver(self, answer: bytes, memory: memoryview) -> int:
        """Place `[u32 length][answer]` in guest memory; returns its address (0 if impossible)."""
        length = len(answer)
        total = length + 4
        if total <= self.response_capacity:
            ptr = self.response_ptr
        else:
            ptr = self.guest_alloc(total)
            if ptr == 0:
                return 0
            memory = self.view()  # wasm_alloc may have grown (and moved) memory
        _u32.pack_into(memory, ptr, length)
        memory[ptr + 4 : ptr + total] = answer
        return ptr

    def call(self, args: int) -> int:
        """Serve one `spacedrive_call`: read, route, answer. Returns 0, or a trap that aborts the guest."""
        if self.failure is not None or self.depth >= MAX_CALL_DEPTH:
            if self.failure is None:
                self.failure = (
                    LoadErrorCode.reentry_limit,
                    f"host calls nested more than {MAX_CALL_DEPTH} deep: a guest function the host invoked while "
                    "serving a host call (wasm_alloc, ...) called the host again",
                )
            return new_trap("spacedrive: call aborted")
        self.depth += 1
        try:
            self._serve(args)
        except GuestAborted:
            return new_trap("spacedrive: call aborted")
        finally:
            self.depth -= 1
        return 0

    def _serve(self, args: int) -> None:
        self.calls += 1
        slots = _slots_at.get(args) or _call_slots(args)
        method_ptr, method_len, library_ptr, payload_ptr, payload_len = _call_args.unpack_from(slots)
        memory = self.view()
        size = len(memory)
        answer: bytes
        if method_ptr + method_len > size:
            answer = error_envelope(ErrorCode.invalid_pointer, "method pointer/length lies outside guest memory")
        elif payload_ptr + payload_len > size:
            answer = error_envelope(ErrorCode.invalid_pointer, "payload pointer/length lies outside guest memory")
        elif library_ptr and library_ptr + 16 > size:
            answer = error_envelope(ErrorCode.invalid_pointer, "library id pointer lies outside guest memory")
        elif method_len > MAX_METHOD_BYTES:
            answer = error_envelope(
                ErrorCode.unknown_method,
                f"method string of {method_len} bytes is longer than the {MAX_METHOD_BYTES} bytes any method may have",
            )
        elif payload_len > self.caller.max_payload_bytes:
            answer = error_envelope(
                ErrorCode.payload_too_large,
                f"request payload of {payload_len} bytes exceeds the cap of {self.caller.max_payload_bytes}",
            )
        else:  # routed here, not in a helper: a Python call with its arguments costs as much as a check
            method: str | None
            try:
                method = str(memory[method_ptr : method_ptr + method_len], "utf-8")
            except UnicodeDecodeError:
                method = None
            if method is None:
                answer = error_envelope(ErrorCode.invalid_json, "the method string is not UTF-8")
            else:
                library_id = self._library_id(memory, library_ptr) if library_ptr else None
                payload = memory[payload_ptr : payload_ptr + payload_len].tobytes()
                answer = self.router.execute_json_operation(method, library_id, payload, self.caller, self.deadline)
        self.largest_request = max(self.largest_request, payload_len)
        self.largest_response = max(self.largest_response, len(answer))
        _u32.pack_into(slots, 0, self.deliver(answer, memory))
        deadline = self.deadline
        if deadline is not None and _monotonic() >= deadline:
            _set_epoch_deadline(self.context, 0)  # the budget went on host work: trap at the guest's next check

    def _library_id(self, memory: memoryview, library_ptr: int) -> uuid.UUID:
        raw_id = memory[library_ptr : library_ptr + 16].tobytes()
        library_id = self._library_ids.get(raw_id)
        if library_id is None:
            if len(self._library_ids) >= MAX_CACHED_LIBRARY_IDS:
                self._library_ids.clear()
            library_id = self._library_ids[raw_id] = uuid.UUID(bytes=raw_id)
        return library_id

    def log(self, args: int) -> int:
        """Serve one `spacedrive_log`. Every call counts against the log budget, even one with a bad
        pointer; the text is escaped so that it cannot forge log records."""
        level, ptr, length = _log_args.unpack_from(_log_slots.from_address(args))
        length = min(length, MAX_LOG_MESSAGE)
        if level == PANIC_LEVEL and self.panic_report is None:
            raw = self.read(ptr, min(length, MAX_PANIC_REPORT))
            if raw is not None:
                self.panic_report = escape_control(raw.decode("utf-8", "replace"))
        if self.log_budget is not None and not self.log_budget.admit(length):
            return 0
        raw = self.read(ptr, length)
        if raw is None:
            self.logger.warning("spacedrive_log with an out-of-bounds message pointer (ignored)")
            return 0
        self.logger.log(LOG_LEVELS.get(level, logging.WARNING), "%s", escape_control(raw.decode("utf-8", "replace")))
        return 0


class HostAbi:
    """A linker with the `spacedrive` imports, shared by every instance of one engine."""

    def __init__(self, engine: wasmtime.Engine) -> None:
        self.engine = engine
        self.linker = wasmtime.Linker(engine)
        self.bindings: dict[int, GuestBinding] = {}
        self._keep: list[Any] = []
        i32 = wasmtime.ValType.i32()
        self.define(IMPORT_MODULE, "spacedrive_call", [i32] * 5, [i32], self._on_call)
        self.define(IMPORT_MODULE, "spacedrive_log", [i32] * 3, [], self._on_log)

    def define(
        self, module: str, name: str, params: list[wasmtime.ValType], results: list[wasmtime.ValType], fn: RawCallback
    ) -> None:
        """Define an unchecked host function. `fn(context, args_address)` returns 0 or a trap; the
        trampoline is the last-resort guard that no exception ever crosses into wasmtime."""

        def trampoline(env: int, caller: int, args: int, nargs: int) -> int:
            try:
                trap = fn(_caller_context(caller), args)
                return trap if type(trap) is int else 0  # ctypes must get an int back, whatever fn did
            except BaseException:
                try:
                    log.exception("host function %s.%s failed; the guest's call is aborted", module, name)
                    binding = self.bindings.get(_caller_context(caller))
                    if binding is not None and binding.failure is None:
                        binding.failure = (LoadErrorCode.host_error, f"host function {name} failed (see the host log)")
                    return new_trap(f"spacedrive: host function {name} failed")
                except BaseException:
                    return 0  # nothing more can be done safely; 0 lets the guest go on

        callback = CALLBACK(trampoline)
        functype = wasmtime.FuncType(params, results)
        module_b, name_b = module.encode(), name.encode()
        error = _define_unchecked(
            ctypes.cast(self.linker.ptr(), _vp), module_b, len(module_b), name_b, len(name_b),
            ctypes.cast(functype.ptr(), _vp), callback, None, None,
        )  # fmt: skip
        if error:
            _error_delete(error)
            raise RuntimeError(f"could not define host function {module}.{name}")
        self._keep.extend([callback, functype])

    def _on_call(self, context: int, args: int) -> int:
        binding = self.bindings.get(context)
        if binding is None:  # a start function calling before the instance is bound: no answer
            _memmove(args, b"\0" * 4, 4)
            return 0
        return binding.call(args)

    def _on_log(self, context: int, args: int) -> int:
        binding = self.bindings.get(context)
        return 0 if binding is None else binding.log(args)

    def bind(self, binding: GuestBinding) -> None:
        """Route host calls from the binding's store (context address) to it."""
        self.bindings[binding.context] = binding

    def unbind(self, binding: GuestBinding) -> None:
        self.bindings.pop(binding.context, None)
