"""Host configuration. Every setting has an embedded default, so `Host(data_dir)` runs with
nothing to install or start; a JSON file can override any of them (`HostConfig.load`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class VdfsConfig:
    """Storage limits of libraries (docs/data.md). A write that would break one stores nothing."""

    max_sidecar_bytes: int = 8 * 1024 * 1024
    """Largest sidecar accepted (`sidecar_too_large` above it)."""
    max_library_bytes: int = 1024 * 1024 * 1024
    """Sidecar bytes one library may hold in all (`library_quota_exceeded` above it)."""


@dataclass(frozen=True)
class JobsConfig:
    """The job runner (docs/jobs.md)."""

    workers: int = 2
    """Worker threads running jobs; more jobs than workers wait `queued`."""
    max_queued: int = 1000
    """Jobs queued or running at once, over all libraries (`resource_exhausted` above it)."""
    progress_interval: float = 0.25
    """Seconds between writes of a running job's progress to SQLite (state changes are written at once)."""
    stop_timeout: float = 5.0
    """Seconds `Host.close` waits for running jobs to reach a checkpoint and stop."""


@dataclass(frozen=True)
class EventsConfig:
    """Event delivery to extensions (docs/events.md)."""

    max_queue: int = 10_000
    """Events waiting for one subscriber; more are dropped for that subscriber (and counted)."""
    max_depth: int = 8
    """How deep events caused by event callbacks may nest; deeper ones are not emitted (and counted)."""
    stop_timeout: float = 5.0
    """Seconds unsubscribing waits for a callback in flight to return."""


@dataclass(frozen=True)
class HostConfig:
    """Top-level host settings; sections are added as dataclass fields with defaults."""

    vdfs: VdfsConfig = VdfsConfig()
    jobs: JobsConfig = JobsConfig()
    events: EventsConfig = EventsConfig()

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
