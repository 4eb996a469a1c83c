"""What handlers can reach: the host's shared services, passed in the operation context."""

from __future__ import annotations

from dataclasses import dataclass, field

from .ai.backends import AiEngines
from .config import HostConfig
from .library import LibraryStore


@dataclass
class HostServices:
    config: HostConfig
    libraries: LibraryStore
    ai: AiEngines = field(default_factory=AiEngines)
    """OCR, embedding and classification engines (models load on first use)."""
