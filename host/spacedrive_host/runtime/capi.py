"""Private prototypes of the wasmtime C functions on the hot paths, typed with plain integers.

wasmtime-py wraps every call in Python objects and per-value conversions (docs/abi.md);
the host's call path, instantiation and export calls go straight to the C API instead.
`CDLL` item access makes a new function object, so wasmtime-py's own prototypes stay
untouched. Functions that can run guest code release the GIL while they run (ctypes
`CDLL`), so guests in different stores run in parallel; short accessors keep it.
"""

from __future__ import annotations

import ctypes
import struct
from typing import Any

import wasmtime
from wasmtime import _ffi as ffi

_dll = ffi.dll


_held = ctypes.PyDLL(_dll._name)
"""The same library, loaded so that calls keep the GIL: for short accessors that never run wasm.
Releasing and re-taking the GIL around them costs more than they do, and under concurrent
callers every release is a chance for a convoy. Anything that can run guest code releases
it (`_dll`), so that guests run in parallel and the epoch ticker can always interrupt them."""


def _c(name: str, restype: Any, *argtypes: Any, keep_gil: bool = False) -> Any:
    fn = (_held if keep_gil else _dll)[name]
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn


def _quick(name: str, restype: Any, *argtypes: Any) -> Any:
    return _c(name, restype, *argtypes, keep_gil=True)


_vp, _sz, _u64, _i64 = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint64, ctypes.c_int64

caller_context = _quick("wasmtime_caller_context", _vp, _vp)
memory_data = _quick("wasmtime_memory_data", _vp, _vp, _vp)
memory_data_size = _quick("wasmtime_memory_data_size", _sz, _vp, _vp)
memory_data_size_of = _held["wasmtime_memory_data_size"]
"""The same without argument types: called with two `c_void_p` objects made once (no conversion)."""
memory_data_size_of.restype = _sz
error_delete = _quick("wasmtime_error_delete", None, _vp)
trap_delete = _quick("wasm_trap_delete", None, _vp)
trap_new = _quick("wasmtime_trap_new", _vp, ctypes.c_char_p, _sz)
"""A new `wasm_trap_t*` with a message; returned from a host function, it traps the guest
(wasmtime takes ownership)."""
store_context_of = _quick("wasmtime_store_context", _vp, _vp)
store_limiter = _quick("wasmtime_store_limiter", None, _vp, _i64, _i64, _i64, _i64, _i64)
set_epoch_deadline = _quick("wasmtime_context_set_epoch_deadline", None, _vp, _u64)
set_fuel = _quick("wasmtime_context_set_fuel", _vp, _vp, _u64)
get_fuel = _quick("wasmtime_context_get_fuel", _vp, _vp, _vp)
instance_export_get = _quick("wasmtime_instance_export_get", ctypes.c_bool, _vp, _vp, ctypes.c_char_p, _sz, _vp)
func_call_unchecked = _c("wasmtime_func_call_unchecked", _vp, _vp, _vp, _vp, _sz, _vp)
instance_pre_instantiate = _c("wasmtime_instance_pre_instantiate", _vp, _vp, _vp, _vp, _vp)
store_new = _c("wasmtime_store_new", _vp, _vp, _vp, _vp)
store_delete = _c("wasmtime_store_delete", None, _vp)
_memory_view_from = ctypes.pythonapi.PyMemoryView_FromMemory
_memory_view_from.restype = ctypes.py_object
_memory_view_from.argtypes = [ctypes.c_void_p, ctypes.c_ssize_t, ctypes.c_int]
_PYBUF_WRITE = 0x200


def memory_view_at(address: int, size: int) -> memoryview:
    """A writable byte view of `size` bytes at `address`, without copying. The caller guarantees that
    the memory stays where it is while the view is used (guest memory: until it grows)."""
    if not address or size <= 0:
        return memoryview(bytearray())
    view: memoryview = _memory_view_from(address, size, _PYBUF_WRITE)
    return view


CALLBACK = ctypes.CFUNCTYPE(_sz, _vp, _vp, _vp, _sz)
define_unchecked = _c(
    "wasmtime_linker_define_func_unchecked", _vp, _vp, ctypes.c_char_p, _sz, ctypes.c_char_p, _sz, _vp, CALLBACK,
    _vp, _vp,
)  # fmt: skip

EXTERN_FUNC: int = ffi.WASMTIME_EXTERN_FUNC.value
EXTERN_MEMORY: int = ffi.WASMTIME_EXTERN_MEMORY.value
EXTERN_PAYLOAD_OFFSET: int = ffi.wasmtime_extern_t.of.offset
"""Offset of the func/memory union inside `wasmtime_extern_t`."""

u32 = struct.Struct("<I")


class Val16(ctypes.Structure):
    """One `wasmtime_val_raw_t` slot (16 bytes) of an unchecked call."""

    _fields_ = [("raw", ctypes.c_uint8 * 16)]


def address(obj: Any) -> int:
    """Address of a wasmtime-py managed object's C pointer (a store, linker, module...)."""
    value: int = ctypes.cast(obj.ptr(), _vp).value or 0
    return value


def store_context(store: wasmtime.Store) -> int:
    value: int = ctypes.cast(store._context(), _vp).value or 0
    return value


def take_trap(trap_address: int) -> wasmtime.Trap:
    """Wrap a raw `wasm_trap_t*` (ownership passes to the returned object)."""
    return wasmtime.Trap._from_ptr(ctypes.cast(trap_address, ctypes.POINTER(ffi.wasm_trap_t)))


def take_error(error_address: int) -> wasmtime.WasmtimeError:
    """Wrap a raw `wasmtime_error_t*` (ownership passes to the returned object)."""
    return wasmtime.WasmtimeError._from_ptr(ctypes.cast(error_address, ctypes.POINTER(ffi.wasmtime_error_t)))
