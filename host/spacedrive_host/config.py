"""Host configuration. Every setting has an embedded default, so `Host(data_dir)` runs with
nothing to install or start; a JSON file can override any of them (`HostConfig.load`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from .limits import LimitsConfig

T = TypeVar("T")


@dataclass(frozen=True)
class FailurePolicy:
    """What repeated failures (traps, bad answers, failed re-initialisation) of one extension do."""

    backoff_after: int = 3
    """Consecutive failures after which calls are refused for a while (status `backing_off`)."""
    backoff_initial_ms: int = 500
    """The first pause; it doubles with every further failure."""
    backoff_max_ms: int = 30_000
    disable_after: int = 8
    """Consecutive failures after which the extension is disabled until reloaded or enabled."""


@dataclass(frozen=True)
class RuntimeConfig:
    """The wasm runtime: module cache, instance pools, hot reload, failure handling."""

    module_cache: bool = True
    """Keep compiled modules under `<data_dir>/cache/modules` (keyed by content hash and wasmtime version)."""
    max_wasm_stack_bytes: int = 512 * 1024
    """The wasm call stack of one call (wasmtime's default); deeper recursion traps (`stack_overflow`)."""
    hot_reload: bool = True
    """Watch each loaded extension's manifest and .wasm and reload it when they change."""
    watch_interval_ms: int = 250
    watch_debounce_ms: int = 150
    """A change is acted on once the files have stayed the same this long (partial writes)."""
    failures: FailurePolicy = field(default_factory=FailurePolicy)


@dataclass(frozen=True)
class HostConfig:
    """Top-level host settings; sections are added as dataclass fields with defaults."""

    limits: LimitsConfig = field(default_factory=LimitsConfig)
    runtime: RuntimeConfig = field(default_factory=RuntimeConfig)

    @classmethod
    def load(cls, path: Path) -> HostConfig:
        return from_dict(cls, json.loads(path.read_text(encoding="utf-8")), str(path))


def from_dict(cls: type[T], data: Any, where: str) -> T:
    """Build a (nested) frozen dataclass from a dict, rejecting unknown keys by name."""
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected an object")
    default = cls()
    assert is_dataclass(default)
    known = {f.name: f for f in fields(default)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ValueError(f"{where}: unknown setting {key!r} (known: {', '.join(sorted(known))})")
        current = getattr(default, key)
        changes[key] = from_dict(type(current), value, f"{where}.{key}") if is_dataclass(current) else value
    return replace(default, **changes)  # type: ignore[type-var]
