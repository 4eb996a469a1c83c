"""Resource limits of extensions, generated from schema/manifest.json by `sdext codegen`. DO NOT EDIT.

`ExtensionLimits` holds the host's built-in defaults (`x-host-default`), `LimitCeilings` the most
a manifest may ask for (`x-host-ceiling`); field names are the manifest's `limits` keys.
"""

from __future__ import annotations

from dataclasses import dataclass

LIMIT_NAMES: tuple[str, ...] = (
    "memory_bytes",
    "time_per_call_ms",
    "fuel_per_call",
    "request_bytes",
    "response_bytes",
    "log_lines_per_window",
    "log_bytes_per_window",
    "table_elements",
    "instances",
    "concurrent_jobs",
    "calls_per_second",
    "calls_burst",
)


@dataclass(frozen=True)
class ExtensionLimits:
    """The limits one extension runs under (defaults; a host config or the manifest may change them)."""

    memory_bytes: int = 67108864
    """Linear memory of one instance in bytes; a `memory.grow` beyond it fails."""
    time_per_call_ms: int = 2000
    """Wall time of one call into the extension, host operations included."""
    fuel_per_call: int = 2000000000
    """Instructions (wasmtime fuel) per call, on hosts that meter fuel."""
    request_bytes: int = 4194304
    """Largest payload of one `spacedrive_call`."""
    response_bytes: int = 16777216
    """Largest answer of one host call, and of one JSON export to the host."""
    log_lines_per_window: int = 200
    """Log lines per log window; further lines are dropped and counted."""
    log_bytes_per_window: int = 262144
    """Log bytes per log window; further lines are dropped and counted."""
    table_elements: int = 20000
    """Elements of one wasm table."""
    instances: int = 1
    """Instances serving concurrent calls (default 1). Each has its own linear memory: ask for more only if the exports keep no state in memory between calls."""
    concurrent_jobs: int = 4
    """Jobs of this extension running at once."""
    calls_per_second: float = 10000.0
    """Refill rate of the token bucket every host call draws from."""
    calls_burst: int = 10000
    """Capacity of that bucket: calls allowed at once after a pause."""


@dataclass(frozen=True)
class LimitCeilings(ExtensionLimits):
    """The most a manifest may ask for."""

    memory_bytes: int = 1073741824
    time_per_call_ms: int = 60000
    fuel_per_call: int = 1000000000000
    request_bytes: int = 67108864
    response_bytes: int = 67108864
    log_lines_per_window: int = 10000
    log_bytes_per_window: int = 8388608
    table_elements: int = 1000000
    instances: int = 16
    concurrent_jobs: int = 64
    calls_per_second: float = 1000000.0
    calls_burst: int = 1000000
