"""What handlers can reach: the host's shared services, passed in the operation context."""

from __future__ import annotations

from dataclasses import dataclass

from .library import LibraryStore


@dataclass
class HostServices:
    libraries: LibraryStore
