"""Binding hand-written functions to a generated registry, by a marker the decorator sets.

Handlers (`api/operations.py`) and emitters (`services/emitters.py`) are bound the same way at
start-up: every marked function must name an entry of the registry, no entry may have two, and
every entry must have one. All mismatches are collected so the error lists them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any, TypeVar

S = TypeVar("S")


def bind_marked(
    modules: Iterable[ModuleType],
    marker: str,
    spec_type: type[S],
    key: Callable[[S], str],
    registry: Mapping[str, S],
    *,
    thing: str,
    kind: str,
) -> tuple[dict[str, tuple[S, Any]], list[str]]:
    """Registry key -> (spec, function) for the functions marked with `marker`, and the problems
    found, worded with `thing` (handler, emitter) and `kind` (operation, event)."""
    bound: dict[str, tuple[S, Any]] = {}
    problems: list[str] = []
    for module in modules:
        for name, value in sorted(vars(module).items()):
            spec = getattr(value, marker, None)
            if not isinstance(spec, spec_type):
                continue
            where, name_of = f"{module.__name__}.{name}", key(spec)
            if registry.get(name_of) is not spec:
                problems.append(f"{thing} {where} names {kind} {name_of!r}, which is not in the registry")
            elif name_of in bound:
                problems.append(f"{kind} {name_of!r} has two {thing}s: {where} and another")
            else:
                bound[name_of] = (spec, value)
    problems.extend(f"{kind} {missing!r} has no {thing}" for missing in sorted(set(registry) - set(bound)))
    return bound, problems
