"""Read custom sections of a .wasm file without instantiating it (the SDK's ABI marker)."""

from __future__ import annotations

WASM_MAGIC = b"\0asm\x01\0\0\0"


def _leb128(data: bytes, offset: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if offset >= len(data):
            raise ValueError("truncated LEB128")
        byte = data[offset]
        offset += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, offset
        shift += 7
        if shift > 35:
            raise ValueError("LEB128 too long")


def custom_sections(module: bytes) -> dict[str, list[bytes]]:
    """Name -> contents of every custom section with that name, in module order (a name may
    appear more than once; callers decide what that means)."""
    if not module.startswith(WASM_MAGIC):
        raise ValueError("not a WebAssembly binary module (bad magic or version)")
    sections: dict[str, list[bytes]] = {}
    offset = len(WASM_MAGIC)
    while offset < len(module):
        section_id = module[offset]
        size, start = _leb128(module, offset + 1)
        end = start + size
        if end > len(module):
            raise ValueError("section runs past the end of the module")
        if section_id == 0:
            name_len, name_start = _leb128(module, start)
            if name_start + name_len > end:
                raise ValueError("a custom section's name runs past the end of the section")
            name = module[name_start : name_start + name_len].decode("utf-8", errors="replace")
            sections.setdefault(name, []).append(module[name_start + name_len : end])
        offset = end
    return sections
