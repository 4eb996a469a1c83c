"""Why a guest trapped, from wasmtime's trap code and backtrace, as a `LoadErrorCode`.

- `interrupt` (the epoch deadline passed) -> `time_limit`
- `out of fuel` -> `fuel_exhausted`
- `stack overflow` (the wasm call stack) -> `stack_overflow`
- an out-of-bounds access from a function recursing through the whole backtrace (Rust's
  shadow stack in linear memory ran out) -> `stack_overflow`
- `unreachable` with Rust's allocation-failure handler in the backtrace (its demangled path
  is one of `ALLOC_FAILURE_PATHS`, compared whole: a guest function merely named `boom` or
  `oom_report` is not one), or while the memory holds more than half its limit (a failed
  `memory.grow`, then an abort) -> `memory_limit`
- anything else -> `trapped`

A failed `memory.grow` is not a trap in WebAssembly: the guest sees -1 and usually aborts,
so the memory case is read from the backtrace and the memory size at the time of the trap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import wasmtime
from rust_demangler import demangle

from .errors import LoadErrorCode

ALLOC_FAILURE_PATHS = frozenset(
    [
        "std::alloc::rust_oom",
        "alloc::alloc::handle_alloc_error",
        "__rustc::__rust_alloc_error_handler",
        "__rust_alloc_error_handler",
        "__rg_oom",
        "__rdl_oom",
    ]
)
"""Demangled paths of the functions Rust's standard library runs when an allocation fails."""
_LEGACY_HASH = re.compile(r"::h[0-9a-f]{16}$")
RECURSION_FRAMES = 16


@dataclass(frozen=True)
class TrapCause:
    code: LoadErrorCode
    summary: str
    detail: str
    """The last line of wasmtime's message (e.g. `wasm trap: interrupt`)."""


def _detail(trap: wasmtime.Trap) -> str:
    lines = [line.strip() for line in trap.message.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "trap"


def _frame_names(trap: wasmtime.Trap) -> list[str]:
    return [frame.func_name or f"#{frame.func_index}" for frame in trap.frames]


def rust_path(symbol: str) -> str:
    """The demangled path of a Rust symbol (v0 or legacy, without the legacy hash); other names as they are."""
    try:
        return _LEGACY_HASH.sub("", demangle(symbol))
    except Exception:  # rust_demangler raises its own exception types for anything not mangled
        return symbol


def keeps_function_name(name: str) -> bool:
    """Whether `sdext build` keeps a function's name when it strips a module (wasm_strip.py):
    exactly the names `classify_trap` reads, Rust's allocation-failure handlers."""
    return rust_path(name) in ALLOC_FAILURE_PATHS


def classify_trap(trap: wasmtime.Trap, *, memory_size: int, memory_limit: int | None, time_limit_ms: int) -> TrapCause:
    code = trap.trap_code
    detail = _detail(trap)
    if code is wasmtime.TrapCode.INTERRUPT:
        return TrapCause(LoadErrorCode.time_limit, f"ran past its time limit of {time_limit_ms} ms", detail)
    if code is wasmtime.TrapCode.OUT_OF_FUEL:
        return TrapCause(LoadErrorCode.fuel_exhausted, "used up its fuel", detail)
    if code is wasmtime.TrapCode.STACK_OVERFLOW:
        return TrapCause(LoadErrorCode.stack_overflow, "overflowed its call stack", detail)
    names = _frame_names(trap)
    if code is wasmtime.TrapCode.MEMORY_OUT_OF_BOUNDS and len(names) >= RECURSION_FRAMES and len(set(names)) == 1:
        return TrapCause(LoadErrorCode.stack_overflow, "overflowed its stack in linear memory (deep recursion)", detail)
    if code is wasmtime.TrapCode.UNREACHABLE:
        oom_frame = any(rust_path(name) in ALLOC_FAILURE_PATHS for name in names)
        near_limit = memory_limit is not None and memory_size * 2 > memory_limit
        if oom_frame or near_limit:
            limit = f" of {memory_limit} bytes" if memory_limit is not None else ""
            return TrapCause(
                LoadErrorCode.memory_limit,
                f"aborted when its memory ({memory_size} bytes) could not grow within the limit{limit}",
                detail,
            )
    return TrapCause(LoadErrorCode.trapped, "trapped", detail)


def classify_instantiation_error(message: str) -> LoadErrorCode:
    """Instantiation fails with an error (not a trap) when the module's own minimums or counts
    exceed the store's limits, e.g. `memory minimum size of 100 pages exceeds memory limits`."""
    lowered = message.lower()
    if "count too high" in lowered:
        return LoadErrorCode.resource_limit
    if "memory minimum size" in lowered:
        return LoadErrorCode.memory_limit
    if "table minimum size" in lowered:
        return LoadErrorCode.table_limit
    return LoadErrorCode.wasm_invalid
