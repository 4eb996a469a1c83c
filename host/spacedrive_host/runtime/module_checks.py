"""What a module must carry before the host instantiates it: the ABI marker the SDK writes into
the `spacedrive_abi` custom section, the required exports with their signatures, and the event
callbacks the manifest names (checked on every new version, before a hot reload swaps it in)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import wasmtime
from spacedrive_wire import ABI_VERSION
from spacedrive_wire.manifest import ExtensionManifest
from spacedrive_wire.models import EventName

from spacedrive_host.core.errors import ExtensionError, LoadErrorCode

from .wasm_sections import custom_sections

CALLBACK_SIGNATURE = (("i32", "i32"), ("i32",))

ABI_SECTION = "spacedrive_abi"


@dataclass(frozen=True)
class AbiInfo:
    """What the guest's `spacedrive_abi` custom section says it was built against."""

    abi: int
    sdk: str | None


ABI_MARKER_MAX_BYTES = 1024
"""The largest `spacedrive_abi` section the host reads (the SDK's is about 30 bytes)."""
ABI_MARKER_HELP = "see the ABI version rules in docs/abi.md"
_JSON_TYPES: dict[type, str] = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array"}


def _json_type(value: object) -> str:
    """The JSON type name of a decoded value (`null`, `boolean`, `number`, ...)."""
    return "null" if value is None else _JSON_TYPES.get(type(value), "object")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"has the field `{key}` twice")
        seen[key] = value
    return seen


def _no_constant(name: str) -> object:
    raise ValueError(f"contains {name}, which is not JSON")


def parse_abi_marker(raw: bytes) -> AbiInfo:
    """The content of a `spacedrive_abi` section, parsed strictly (docs/abi.md, "ABI version"):
    UTF-8 JSON text (no byte-order mark, no trailing NUL) of an object with an integer `abi`
    and optionally a non-empty string `sdk`, and no other fields. Raises `ValueError` naming
    the problem; the version itself is checked by `read_abi_info`."""
    if len(raw) > ABI_MARKER_MAX_BYTES:
        raise ValueError(f"is {len(raw)} bytes, over the {ABI_MARKER_MAX_BYTES}-byte limit")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ValueError("starts with a UTF-8 byte-order mark; the section must start with `{`")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"is not valid UTF-8 (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})") from None
    if raw.endswith(b"\0"):
        raise ValueError(
            "ends with a NUL byte (a C string literal's terminator?): the section must hold the JSON "
            "text alone; emit it with `.ascii`, not `.asciz`, or from an array sized without the NUL"
        )
    try:
        marker = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"is not JSON: {exc.msg} at character {exc.pos}") from None
    except RecursionError:
        raise ValueError("is nested too deeply") from None
    if not isinstance(marker, dict):
        raise ValueError(f"must be a JSON object, not {_json_type(marker)}")
    if "abi" not in marker:
        raise ValueError("has no `abi` field")
    abi = marker["abi"]
    if type(abi) is not int:
        raise ValueError(f"`abi` must be a JSON integer such as 1, not {_json_type(abi)} {json.dumps(abi)}")
    if abi < 1:
        raise ValueError(f"`abi` must be a positive integer, not {abi}")
    sdk = marker.get("sdk")
    if abi != ABI_VERSION:  # another version's marker may have other fields; the version decides
        return AbiInfo(abi, sdk if isinstance(sdk, str) else None)
    if "sdk" in marker and (not isinstance(sdk, str) or not sdk):
        raise ValueError(f"`sdk` must be a non-empty string, not {_json_type(sdk)} {json.dumps(sdk)}")
    unknown = sorted(set(marker) - {"abi", "sdk"})
    if unknown:
        names = ", ".join(f"`{name}`" for name in unknown)
        raise ValueError(f"has unknown field(s) {names}; an ABI {ABI_VERSION} marker has `abi` and optionally `sdk`")
    return AbiInfo(abi, sdk)


def read_abi_info(module_bytes: bytes, extension_id: str) -> AbiInfo:
    """Read and check the module's `spacedrive_abi` section; every problem is `abi_mismatch`."""
    try:
        sections = custom_sections(module_bytes)
    except ValueError as exc:
        raise ExtensionError(LoadErrorCode.wasm_invalid, str(exc), extension_id) from None
    found = sections.get(ABI_SECTION, [])
    rebuild = "rebuild it against the current spacedrive-sdk (`sdext codegen`, then cargo build)"
    if not found:
        raise ExtensionError(
            LoadErrorCode.abi_mismatch,
            f"the module has no `{ABI_SECTION}` section, so its ABI version is unknown; {rebuild}, "
            f"or {ABI_MARKER_HELP}",
            extension_id,
        )
    if len(found) > 1:
        raise ExtensionError(
            LoadErrorCode.abi_mismatch,
            f"the module has {len(found)} `{ABI_SECTION}` sections; exactly one is allowed ({ABI_MARKER_HELP})",
            extension_id,
        )
    try:
        abi_info = parse_abi_marker(found[0])
    except ValueError as exc:
        raise ExtensionError(
            LoadErrorCode.abi_mismatch,
            f"the `{ABI_SECTION}` section {exc}; it holds {found[0][:80]!r} ({ABI_MARKER_HELP})",
            extension_id,
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


def check_callbacks(manifest: ExtensionManifest, module: wasmtime.Module, extension_id: str) -> dict[EventName, str]:
    """The manifest's subscriptions, with each export checked to exist as `(i32, i32) -> i32`
    (also run on a new version before a hot reload swaps it in)."""
    subscriptions = manifest.events or {}
    exports = {e.name: e.type for e in module.exports}
    checked: dict[EventName, str] = {}
    for name, export in subscriptions.items():
        export_name = str(export)
        export_type = exports.get(export_name)
        if export_type is None:
            raise ExtensionError(
                LoadErrorCode.missing_export,
                f"manifest subscribes export `{export_name}` to {name}, but the module has no such export",
                extension_id,
            )
        signature = (
            (tuple(str(p) for p in export_type.params), tuple(str(r) for r in export_type.results))
            if isinstance(export_type, wasmtime.FuncType)
            else None
        )
        if signature != CALLBACK_SIGNATURE:
            raise ExtensionError(
                LoadErrorCode.bad_export,
                f"event callback `{export_name}` (for {name}) must be a function (i32, i32) -> i32",
                extension_id,
            )
        checked[EventName(name)] = export_name
    return checked
