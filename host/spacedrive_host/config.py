"""Host configuration. Every setting has an embedded default, so `Host(data_dir)` runs with
nothing to install or start; a JSON file can override any of them (`HostConfig.load`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class HostConfig:
    """Top-level host settings; sections are added as dataclass fields with defaults."""

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
