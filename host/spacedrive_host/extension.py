"""One loaded extension: manifest, compiled module, instance and its lifecycle.

Loading checks, in order: the manifest (jsonschema, errors name the field), the .wasm
file, the ABI marker the SDK writes into the `spacedrive_abi` custom section, the
required exports and their signatures; then it instantiates and runs `plugin_init`.
`unload` runs `plugin_cleanup`, so init and cleanup are always paired.
"""

from __future__ import annotations

import json
import logging
import struct
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import wasmtime
from spacedrive_wire import ABI_VERSION
from spacedrive_wire.manifest import ExtensionManifest

from .abi import GuestBinding, HostAbi, store_context
from .errors import ExtensionError, LoadErrorCode
from .manifest import load_manifest, manifest_permissions
from .operations import Caller, OperationRouter
from .wasm_sections import custom_sections

ABI_SECTION = "spacedrive_abi"
_u32 = struct.Struct("<I")


@dataclass(frozen=True)
class AbiInfo:
    """What the guest's `spacedrive_abi` custom section says it was built against."""

    abi: int
    sdk: str | None


def read_abi_info(module_bytes: bytes, extension_id: str) -> AbiInfo:
    try:
        sections = custom_sections(module_bytes)
    except ValueError as exc:
        raise ExtensionError(LoadErrorCode.wasm_invalid, str(exc), extension_id) from None
    raw = sections.get(ABI_SECTION)
    rebuild = "rebuild it against the current spacedrive-sdk (`sdext codegen`, then cargo build)"
    if raw is None:
        raise ExtensionError(
            LoadErrorCode.abi_mismatch,
            f"the module has no `{ABI_SECTION}` section, so its ABI version is unknown; {rebuild}",
            extension_id,
        )
    try:
        info = json.loads(raw)
        abi_info = AbiInfo(int(info["abi"]), info.get("sdk"))
    except (ValueError, KeyError, TypeError):
        raise ExtensionError(
            LoadErrorCode.abi_mismatch, f"unreadable `{ABI_SECTION}` section {raw!r}; {rebuild}", extension_id
        ) from None
    if abi_info.abi != ABI_VERSION:
        raise ExtensionError(
            LoadErrorCode.abi_mismatch,
            f"built for host ABI {abi_info.abi} (SDK {abi_info.sdk}), this host speaks ABI {ABI_VERSION}; {rebuild}",
            extension_id,
        )
    return abi_info


def _functype(params: int, results: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return ("i32",) * params, ("i32",) * results


REQUIRED_FUNCTIONS = {"wasm_alloc": _functype(1, 1), "wasm_free": _functype(2, 0)}
OPTIONAL_FUNCTIONS = {
    "plugin_init": _functype(0, 1),
    "plugin_cleanup": _functype(0, 1),
    "spacedrive_response_buffer": _functype(0, 1),
}


def _signature(func_type: wasmtime.FuncType) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(str(p) for p in func_type.params), tuple(str(r) for r in func_type.results)


def check_exports(module: wasmtime.Module, extension_id: str) -> None:
    exports = {e.name: e.type for e in module.exports}
    if not isinstance(exports.get("memory"), wasmtime.MemoryType):
        raise ExtensionError(LoadErrorCode.missing_export, "the module exports no `memory`", extension_id)
    for name, wanted in (REQUIRED_FUNCTIONS | OPTIONAL_FUNCTIONS).items():
        export_type = exports.get(name)
        if export_type is None:
            if name in REQUIRED_FUNCTIONS:
                raise ExtensionError(LoadErrorCode.missing_export, f"the module exports no `{name}`", extension_id)
            continue
        if not isinstance(export_type, wasmtime.FuncType) or _signature(export_type) != wanted:
            raise ExtensionError(
                LoadErrorCode.bad_export,
                f"export `{name}` must be a function {wanted[0]} -> {wanted[1]}",
                extension_id,
            )


class Extension:
    """A loaded extension with one instance. Calls into it are serialised by a lock."""

    def __init__(
        self,
        manifest: ExtensionManifest,
        directory: Path,
        module: wasmtime.Module,
        abi_info: AbiInfo,
        host_abi: HostAbi,
        router: OperationRouter,
    ) -> None:
        self.manifest = manifest
        self.id = manifest.id
        self.directory = directory
        self.module = module
        self.abi_info = abi_info
        self.logger = logging.getLogger(f"spacedrive.ext.{manifest.id}")
        self.caller = Caller(f"extension {manifest.id!r}", manifest_permissions(manifest))
        self._abi = host_abi
        self._router = router
        self._lock = threading.RLock()
        self._store: wasmtime.Store | None = None
        self._exports: dict[str, Any] = {}
        self._binding: GuestBinding | None = None

    # -- loading ---------------------------------------------------------------------
    @classmethod
    def load(cls, directory: Path, *, host_abi: HostAbi, router: OperationRouter) -> Extension:
        manifest = load_manifest(directory)
        wasm_path = directory / manifest.wasm
        try:
            module_bytes = wasm_path.read_bytes()
        except OSError as exc:
            raise ExtensionError(LoadErrorCode.wasm_missing, f"cannot read {wasm_path}: {exc}", manifest.id) from None
        abi_info = read_abi_info(module_bytes, manifest.id)
        try:
            module = wasmtime.Module(host_abi.engine, module_bytes)
        except wasmtime.WasmtimeError as exc:
            raise ExtensionError(LoadErrorCode.wasm_invalid, f"{wasm_path}: {exc}", manifest.id) from None
        check_exports(module, manifest.id)
        extension = cls(manifest, directory, module, abi_info, host_abi, router)
        extension.start()
        return extension

    def start(self) -> None:
        """Instantiate and run `plugin_init`; a non-zero result or a trap fails the load."""
        with self._lock:
            self._instantiate()
            status = self._call_export("plugin_init") if "plugin_init" in self._exports else 0
            if status != 0:
                self._teardown()
                raise ExtensionError(LoadErrorCode.init_failed, f"plugin_init returned {status}", self.id)

    def _instantiate(self) -> None:
        store = wasmtime.Store(self._abi.engine)
        try:
            instance = self._abi.linker.instantiate(store, self.module)
        except (wasmtime.WasmtimeError, wasmtime.Trap) as exc:
            raise ExtensionError(LoadErrorCode.wasm_invalid, f"cannot instantiate: {exc}", self.id) from None
        exports = instance.exports(store)
        self._exports = {e.name: exports[e.name] for e in self.module.exports}
        memory = self._exports["memory"]
        binding = GuestBinding(
            context=store_context(store),
            memory=memory._memory,
            alloc=self._exports["wasm_alloc"]._func,
            caller=self.caller,
            router=self._router,
            logger=self.logger,
        )
        self._store = store
        self._binding = binding
        self._abi.bind(store, binding)
        if "spacedrive_response_buffer" in self._exports:
            descriptor = self._call_export("spacedrive_response_buffer")
            raw = binding.read(descriptor, 8)
            if raw is not None:
                ptr, capacity = struct.unpack("<II", raw)
                _, size = binding.memory_view()
                if ptr + capacity <= size:
                    binding.response_ptr, binding.response_capacity = ptr, capacity

    # -- calls -----------------------------------------------------------------------
    def _call_export(self, name: str, *args: int) -> int:
        if self._store is None:
            raise ExtensionError(LoadErrorCode.not_loaded, "the extension is not loaded", self.id)
        try:
            result = self._exports[name](self._store, *args)
        except (wasmtime.Trap, wasmtime.WasmtimeError) as exc:
            raise ExtensionError(LoadErrorCode.trapped, f"{name} trapped: {exc}", self.id) from None
        return int(result) if result is not None else 0

    def has_export(self, name: str) -> bool:
        return name in self._exports

    def call_raw(self, export: str, *args: int) -> int:
        """Call an export taking and returning integers (for tools and tests of the ABI)."""
        with self._lock:
            if export not in self._exports:
                raise ExtensionError(LoadErrorCode.missing_export, f"no export `{export}`", self.id)
            return self._call_export(export, *args)

    def read_answer(self, ptr: int) -> bytes:
        """The `[u32 length][bytes]` buffer at `ptr` in guest memory."""
        with self._lock:
            binding = self._binding
            if binding is None:
                raise ExtensionError(LoadErrorCode.not_loaded, "the extension is not loaded", self.id)
            header = binding.read(ptr, 4)
            body = binding.read(ptr + 4, _u32.unpack(header)[0]) if header else None
            if body is None:
                raise ExtensionError(LoadErrorCode.bad_answer, f"no answer buffer at {ptr}", self.id)
            return body

    def call_json(self, export: str, payload: bytes) -> bytes:
        """Call a JSON export `fn(ptr, len) -> ptr` (docs/abi.md); returns the guest's JSON answer."""
        with self._lock:
            if export not in self._exports:
                raise ExtensionError(LoadErrorCode.missing_export, f"no export `{export}`", self.id)
            binding = self._binding
            assert binding is not None and self._store is not None
            ptr = self._call_export("wasm_alloc", len(payload)) if payload else 0
            if payload:
                _, size = binding.memory_view()
                if ptr == 0 or ptr + len(payload) > size:
                    raise ExtensionError(LoadErrorCode.bad_answer, f"wasm_alloc returned {ptr}", self.id)
                self._exports["memory"].write(self._store, payload, ptr)
            answer_ptr = self._call_export(export, ptr, len(payload))
            if answer_ptr == 0:
                return b""
            header = binding.read(answer_ptr, 4)
            length = _u32.unpack(header)[0] if header else 0
            body = binding.read(answer_ptr + 4, length) if header else None
            if body is None:
                raise ExtensionError(
                    LoadErrorCode.bad_answer, f"`{export}` returned an out-of-bounds answer pointer", self.id
                )
            self._call_export("wasm_free", answer_ptr, length + 4)
            return body

    @property
    def host_calls(self) -> int:
        return self._binding.calls if self._binding else 0

    # -- teardown --------------------------------------------------------------------
    def _teardown(self) -> None:
        if self._binding is not None:
            self._abi.unbind(self._binding)
        self._binding = None
        self._exports = {}
        self._store = None

    def unload(self) -> None:
        """Run `plugin_cleanup` (if exported) and drop the instance."""
        with self._lock:
            if self._store is None:
                return
            try:
                if "plugin_cleanup" in self._exports:
                    status = self._call_export("plugin_cleanup")
                    if status != 0:
                        self.logger.warning("plugin_cleanup returned %s", status)
            except ExtensionError as exc:
                self.logger.warning("plugin_cleanup failed: %s", exc.message)
            finally:
                self._teardown()

    @property
    def loaded(self) -> bool:
        return self._store is not None
