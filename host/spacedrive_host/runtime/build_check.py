"""Check a built module against its manifest before anything loads it (`sdext build`).

The host finds the same problems at load time; finding them at build time names every one
of them at once, next to the source:

- the ABI's required exports (`memory`, `wasm_alloc`, `wasm_free`) are there;
- every `events` entry of the manifest names a function the module exports;
- an entry does not name the callback `register_extension!` wrote for another event (it
  would decode the wrong payload): the macro records its callbacks in the module's
  `spacedrive_callbacks` custom section (event name -> export name).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from .wasm_sections import WASM_MAGIC, _leb128, custom_sections

EXPORT_SECTION = 7
FUNCTION_KIND, MEMORY_KIND = 0, 2
REQUIRED_EXPORTS = {"memory": MEMORY_KIND, "wasm_alloc": FUNCTION_KIND, "wasm_free": FUNCTION_KIND}
CALLBACKS_SECTION = "spacedrive_callbacks"


def module_exports(module: bytes) -> dict[str, int]:
    """Export name -> kind (0 function, 1 table, 2 memory, 3 global) of a binary module."""
    if not module.startswith(WASM_MAGIC):
        raise ValueError("not a WebAssembly binary module (bad magic or version)")
    offset = len(WASM_MAGIC)
    while offset < len(module):
        section_id = module[offset]
        size, start = _leb128(module, offset + 1)
        if section_id == EXPORT_SECTION:
            exports: dict[str, int] = {}
            count, cursor = _leb128(module, start)
            for _ in range(count):
                length, cursor = _leb128(module, cursor)
                name = module[cursor : cursor + length].decode("utf-8", errors="replace")
                kind = module[cursor + length]
                _, cursor = _leb128(module, cursor + length + 1)
                exports[name] = kind
            return exports
        offset = start + size
    return {}


def registered_callbacks(module: bytes) -> dict[str, str]:
    """Event name -> export that `register_extension!` wrote for it ({} without the macro)."""
    sections = custom_sections(module).get(CALLBACKS_SECTION, [])
    if len(sections) != 1:
        return {}
    try:
        found = json.loads(sections[0].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(event): str(export) for event, export in found.items()}


def manifest_problems(events: Mapping[str, str], module: bytes) -> list[str]:
    """Every mismatch between a manifest's `events` map and the module, as sentences."""
    exports = module_exports(module)
    callbacks = registered_callbacks(module)
    event_of = {export: event for event, export in callbacks.items()}
    problems = [
        f"the module does not export `{name}` (every extension needs it; docs/abi.md)"
        for name, kind in REQUIRED_EXPORTS.items()
        if exports.get(name) != kind
    ]
    for event, export in sorted(events.items()):
        where = f"manifest.json events[{json.dumps(event)}] names `{export}`"
        if exports.get(export) != FUNCTION_KIND:
            hint = f" (register_extension! exports `{callbacks[event]}` for it)" if event in callbacks else ""
            problems.append(f"{where}, which the module does not export{hint}")
        elif event_of.get(export, event) != event:
            problems.append(
                f"{where}, the callback register_extension! wrote for {json.dumps(event_of[export])}; "
                f"{json.dumps(event)}'s callback is `{callbacks.get(event, '(none)')}`"
            )
    return problems
