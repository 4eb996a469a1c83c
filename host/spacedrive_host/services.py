"""What handlers can reach: the host's shared services, passed in the operation context."""

from __future__ import annotations

from dataclasses import dataclass, field

from .ai.backends import AiEngines
from .config import HostConfig
from .credentials import CredentialVault
from .egress import HttpEgress
from .events import EventBus
from .jobs import JobRunner
from .library import LibraryStore


@dataclass
class HostServices:
    config: HostConfig
    libraries: LibraryStore
    http: HttpEgress = field(default_factory=lambda: HttpEgress(HostConfig().http))
    """Outbound HTTP for extensions and OAuth2 refreshes; `Host` builds it from `config.http`."""
    credentials: CredentialVault | None = None
    """The encrypted credential store; `Host` puts it under its data dir (None: no store)."""
    ai: AiEngines = field(default_factory=AiEngines)
    """OCR, embedding and classification engines (models load on first use)."""
    events: EventBus = field(default_factory=EventBus)
    """Event delivery to subscribed extensions (`Host` passes one built from `config.events`)."""
    jobs: JobRunner = field(default_factory=JobRunner)
    """The job runner (`Host` passes one persisting to `<data_dir>/jobs.db`)."""
