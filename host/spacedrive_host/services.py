"""What handlers can reach: the host's shared services, passed in the operation context."""

from __future__ import annotations

from dataclasses import dataclass

from .config import HostConfig
from .library import LibraryStore


@dataclass
class HostServices:
    config: HostConfig
    libraries: LibraryStore
