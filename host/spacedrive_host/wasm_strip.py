"""Strip a built module of what only debuggers read, keeping what the host reads.

`sdext build` runs this on every module it builds (docs/runtime.md, "Building"). It removes
DWARF (`.debug_*`), `producers`, `target_features` and source-map sections, and rewrites the
`name` section to hold only the function names trap classification needs
(`traps.keeps_function_name`: Rust's allocation-failure handlers): with those names gone a
module that runs out of memory far below its limit would be reported as `trapped` instead of
`memory_limit`. Every other custom section (the `spacedrive_abi` marker among them) and every
non-custom section is copied byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .wasm_sections import WASM_MAGIC, _leb128

DEBUG_SECTIONS = frozenset({"producers", "target_features", "sourceMappingURL", "external_debug_info"})
"""Custom sections only tools read (besides `.debug_*` and the `name` section)."""
NAME_SECTION = "name"
FUNCTION_NAMES = 1
"""The `name` section's subsection of function names (module = 0, locals = 2, ...)."""


@dataclass(frozen=True)
class Stripped:
    """The stripped module, its size before, and the function names it kept."""

    module: bytes
    size_before: int
    kept_names: tuple[str, ...]


def leb128(value: int) -> bytes:
    """Unsigned LEB128."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _name_entry(data: bytes, offset: int) -> tuple[int, bytes, int]:
    index, offset = _leb128(data, offset)
    length, offset = _leb128(data, offset)
    if offset + length > len(data):
        raise ValueError("a function name runs past the end of the name section")
    return index, data[offset : offset + length], offset + length


def filter_names(content: bytes, keep: Callable[[str], bool]) -> tuple[bytes | None, tuple[str, ...]]:
    """The `name` section's content with only the kept function names (None: nothing kept)."""
    offset = 0
    kept: list[tuple[int, bytes]] = []
    while offset < len(content):
        subsection = content[offset]
        size, start = _leb128(content, offset + 1)
        end = start + size
        if end > len(content):
            raise ValueError("a name subsection runs past the end of the name section")
        if subsection == FUNCTION_NAMES:
            count, cursor = _leb128(content, start)
            for _ in range(count):
                index, name, cursor = _name_entry(content, cursor)
                if keep(name.decode("utf-8", errors="replace")):
                    kept.append((index, name))
        offset = end
    if not kept:
        return None, ()
    body = leb128(len(kept)) + b"".join(leb128(index) + leb128(len(name)) + name for index, name in kept)
    names = tuple(name.decode("utf-8", errors="replace") for _, name in kept)
    return bytes([FUNCTION_NAMES]) + leb128(len(body)) + body, names


def strip_module(module: bytes, keep_function_name: Callable[[str], bool]) -> Stripped:
    """`module` without debug sections and with a name section cut down to the kept names."""
    if not module.startswith(WASM_MAGIC):
        raise ValueError("not a WebAssembly binary module (bad magic or version)")
    out = bytearray(WASM_MAGIC)
    kept_names: tuple[str, ...] = ()
    offset = len(WASM_MAGIC)
    while offset < len(module):
        section_id = module[offset]
        size, start = _leb128(module, offset + 1)
        end = start + size
        if end > len(module):
            raise ValueError("section runs past the end of the module")
        if section_id != 0:
            out += module[offset:end]
            offset = end
            continue
        name_len, name_start = _leb128(module, start)
        name = module[name_start : name_start + name_len].decode("utf-8", errors="replace")
        content = module[name_start + name_len : end]
        if name == NAME_SECTION:
            filtered, kept_names = filter_names(content, keep_function_name)
            if filtered is not None:
                payload = leb128(len(NAME_SECTION)) + NAME_SECTION.encode() + filtered
                out += b"\x00" + leb128(len(payload)) + payload
        elif not (name.startswith(".debug") or name in DEBUG_SECTIONS):
            out += module[offset:end]
        offset = end
    return Stripped(bytes(out), len(module), kept_names)
