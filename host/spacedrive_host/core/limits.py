"""Resource limits: defaults and ceilings from the schema, per-extension overrides from the manifest.

`ExtensionLimits` and `LimitCeilings` are generated from schema/manifest.json (`x-host-default`,
`x-host-ceiling`); a host configuration may change both. Every limit is on by default
(docs/runtime.md lists them with the error code of each breach).
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

from spacedrive_wire.limits import ExtensionLimits, LimitCeilings
from spacedrive_wire.manifest import ExtensionManifest

from .errors import ExtensionError, LoadErrorCode

__all__ = [
    "ExtensionLimits",
    "LimitCeilings",
    "LimitsConfig",
    "LogBudget",
    "RateLimitGroup",
    "rate_limit_groups",
    "resolve_limits",
]

log = logging.getLogger("spacedrive.limits")

MiB = 1024 * 1024


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
