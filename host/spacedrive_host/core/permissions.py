"""Manifest permissions as data, deny by default (in the spirit of Extism's manifest).

A method is allowed when any pattern matches it:
- a full method string: `query:ai.ocr.v1`
- a short name, any version and kind: `ai.ocr`
- a domain glob: `vdfs.*`; `*` allows everything.
A library is allowed when the list holds `*` or its id.
An outbound HTTP host is allowed when `allowed_domains` holds its exact (lower-case, IDNA) name
or a `*.parent` pattern with the host strictly below `parent`; `*` (trusted callers only, the
manifest schema refuses it) allows every host.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from spacedrive_wire._runtime import OperationSpec


@dataclass(frozen=True)
class Permissions:
    methods: tuple[str, ...] = ()
    libraries: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    _cache: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def allow_all(cls) -> Permissions:
        return cls(methods=("*",), libraries=("*",), allowed_domains=("*",))

    @classmethod
    def from_lists(
        cls,
        methods: Iterable[str] | None,
        libraries: Iterable[str] | None,
        allowed_domains: Iterable[str] | None = None,
    ) -> Permissions:
        return cls(
            methods=tuple(methods or ()),
            libraries=tuple(libraries or ()),
            allowed_domains=tuple(d.lower().rstrip(".") for d in allowed_domains or ()),
        )

    def allows_method(self, spec: OperationSpec[Any, Any]) -> bool:
        cached = self._cache.get(spec.method)
        if cached is None:
            cached = self._cache[spec.method] = any(method_matches(p, spec) for p in self.methods)
        return cached

    def allows_library(self, library_id: UUID) -> bool:
        return "*" in self.libraries or str(library_id) in self.libraries

    def allows_domain(self, host: str) -> bool:
        """`host` must already be normalised (lower case, IDNA, no trailing dot), as the egress does."""
        for pattern in self.allowed_domains:
            if pattern in ("*", host):
                return True
            if pattern.startswith("*.") and host.endswith(pattern[1:]):
                return True
        return False


def method_matches(pattern: str, spec: OperationSpec[Any, Any]) -> bool:
    """Whether one permission-syntax pattern (full method, short name, `domain.*`, `*`) covers `spec`."""
    if pattern in ("*", spec.method, spec.permission):
        return True
    return pattern.endswith(".*") and pattern[:-2] == spec.domain
