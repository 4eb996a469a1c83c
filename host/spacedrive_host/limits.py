"""Resource limits: written defaults, per-extension overrides from the manifest, host-wide ceilings.

Every limit is on by default (docs/runtime.md lists them with the error code of each breach).
A manifest's `limits` may raise or lower any of them within the host's ceilings; a request
above a ceiling is refused at load, naming the field. `rate_limits` adds named token buckets
on groups of methods, checked on top of the all-calls bucket (`calls_per_second`).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field, fields, replace
from typing import Any

from spacedrive_wire.manifest import ExtensionManifest

from .errors import ExtensionError, LoadErrorCode

log = logging.getLogger("spacedrive.limits")

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclass(frozen=True)
class ExtensionLimits:
    """The limits one extension runs under. These defaults apply when neither the host
    configuration nor the manifest says otherwise; field names are the manifest's keys."""

    memory_bytes: int = 64 * MiB
    """Linear memory of one instance; a `memory.grow` beyond it fails (-> `memory_limit`)."""
    time_per_call_ms: int = 2_000
    """Wall time of one call into the guest, host operations included (-> `time_limit`)."""
    fuel_per_call: int = 2_000_000_000
    """Instructions (wasmtime fuel) per call when the host meters fuel (-> `fuel_exhausted`)."""
    request_bytes: int = 4 * MiB
    """Payload of one `spacedrive_call` (-> `payload_too_large` for the guest)."""
    response_bytes: int = 16 * MiB
    """Answer of one host call, and of one JSON export to the host (-> `payload_too_large`)."""
    log_lines_per_window: int = 200
    """Log lines per log window; further lines are dropped and counted."""
    log_bytes_per_window: int = 256 * KiB
    """Log bytes per log window; further lines are dropped and counted."""
    table_elements: int = 20_000
    """Elements of one wasm table (function pointers)."""
    instances: int = 1
    """Instances in the pool serving concurrent calls. Each has its own linear memory, so only an
    extension that keeps no state in memory between calls should ask for more than one."""
    concurrent_jobs: int = 4
    """Jobs of this extension running at once (-> `resource_exhausted`)."""
    calls_per_second: float = 10_000.0
    """Refill rate of the all-calls token bucket (-> `rate_limited`)."""
    calls_burst: int = 10_000
    """Capacity of the all-calls token bucket."""


@dataclass(frozen=True)
class LimitCeilings(ExtensionLimits):
    """The most a manifest may ask for."""

    memory_bytes: int = 1 * GiB
    time_per_call_ms: int = 60_000
    fuel_per_call: int = 1_000_000_000_000
    request_bytes: int = 64 * MiB
    response_bytes: int = 64 * MiB
    log_lines_per_window: int = 10_000
    log_bytes_per_window: int = 8 * MiB
    table_elements: int = 1_000_000
    instances: int = 16
    concurrent_jobs: int = 64
    calls_per_second: float = 1_000_000.0
    calls_burst: int = 1_000_000


@dataclass(frozen=True)
class LimitsConfig:
    """`HostConfig.limits`: defaults, ceilings and the switches that apply to every extension."""

    enforce: bool = True
    """False turns off epoch interruption, store limits, rate limits and log caps: for
    benchmarks and debugging only (payload caps and permissions stay)."""
    fuel: bool = False
    """Meter wasmtime fuel (a deterministic instruction budget). Costs 0-37% guest speed
    (docs/runtime.md), so it is off by default; the time limit always applies."""
    epoch_tick_ms: int = 10
    """Period of the engine-wide epoch ticker: the resolution of the time limit."""
    log_window_ms: int = 1_000
    defaults: ExtensionLimits = field(default_factory=ExtensionLimits)
    ceilings: LimitCeilings = field(default_factory=LimitCeilings)

    def check(self) -> None:
        """Refuse defaults above the ceilings, naming the setting."""
        for f in fields(ExtensionLimits):
            value, ceiling = getattr(self.defaults, f.name), getattr(self.ceilings, f.name)
            if value > ceiling:
                raise ValueError(f"limits.defaults.{f.name}: {value} exceeds limits.ceilings.{f.name} ({ceiling})")
        if self.epoch_tick_ms < 1 or self.log_window_ms < 1:
            raise ValueError("limits.epoch_tick_ms and limits.log_window_ms must be at least 1")


@dataclass(frozen=True)
class RateLimitGroup:
    """A named token bucket over the methods its patterns match (permission syntax)."""

    name: str
    methods: tuple[str, ...]
    per_second: float
    burst: int


ALL_CALLS_GROUP = "all_calls"


def _refuse(extension_id: str, where: str, value: Any, ceiling: Any) -> ExtensionError:
    return ExtensionError(
        LoadErrorCode.manifest_invalid,
        f"manifest.json: {where}: {value} exceeds this host's ceiling of {ceiling}",
        extension_id,
    )


def resolve_limits(manifest: ExtensionManifest, config: LimitsConfig) -> ExtensionLimits:
    """The host defaults overridden by the manifest's `limits`, each checked against its ceiling."""
    requested = manifest.limits.model_dump(exclude_none=True) if manifest.limits is not None else {}
    for name, value in requested.items():
        ceiling = getattr(config.ceilings, name)
        if value > ceiling:
            raise _refuse(manifest.id, f"limits.{name}", value, ceiling)
    return replace(config.defaults, **requested)


def rate_limit_groups(
    manifest: ExtensionManifest, limits: ExtensionLimits, config: LimitsConfig
) -> list[RateLimitGroup]:
    """The all-calls bucket plus the manifest's `rate_limits` groups (checked against the ceilings)."""
    groups = [RateLimitGroup(ALL_CALLS_GROUP, ("*",), limits.calls_per_second, limits.calls_burst)]
    for name, spec in sorted((manifest.rate_limits or {}).items()):
        burst = spec.burst if spec.burst is not None else max(1, int(spec.per_second))
        if spec.per_second > config.ceilings.calls_per_second:
            raise _refuse(
                manifest.id, f"rate_limits.{name}.per_second", spec.per_second, config.ceilings.calls_per_second
            )
        if burst > config.ceilings.calls_burst:
            raise _refuse(manifest.id, f"rate_limits.{name}.burst", burst, config.ceilings.calls_burst)
        groups.append(RateLimitGroup(name, tuple(m.root for m in spec.methods), spec.per_second, burst))
    return groups


class LogBudget:
    """Log volume cap of one extension: lines and bytes per window. Excess lines are dropped
    and counted; the first drop in a window logs one warning, the next window reports the count."""

    def __init__(self, lines: int, size: int, window_s: float, owner: str) -> None:
        self.lines, self.size, self.window_s, self.owner = lines, size, window_s, owner
        self.dropped_total = 0
        self._lock = threading.Lock()
        self._window_start = time.monotonic()
        self._used_lines = self._used_bytes = self._dropped = 0

    def admit(self, length: int) -> bool:
        with self._lock:
            now = time.monotonic()
            if now - self._window_start >= self.window_s:
                if self._dropped:
                    log.warning("%s: log cap dropped %d line(s) in the last window", self.owner, self._dropped)
                self._window_start, self._used_lines, self._used_bytes, self._dropped = now, 0, 0, 0
            if self._used_lines + 1 > self.lines or self._used_bytes + length > self.size:
                if not self._dropped:
                    log.warning(
                        "%s: log cap of %d lines / %d bytes per %.3g s reached; dropping lines until the window ends",
                        self.owner, self.lines, self.size, self.window_s,
                    )  # fmt: skip
                self._dropped += 1
                self.dropped_total += 1
                return False
            self._used_lines += 1
            self._used_bytes += length
            return True
