"""What handlers and jobs can reach: the host's shared services, passed in their contexts.

The container only holds services; the application (`app/host.py`) builds them from the
configuration, so nothing here starts threads or opens files as a side effect of a default.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacedrive_host.core.config import HostConfig
from spacedrive_host.store.library_store import LibraryStore

from .ai.backends import AiEngines
from .credentials.vault import CredentialVault
from .events import EventBus
from .http.egress import HttpEgress
from .jobs import JobRunner
from .vdfs import Vdfs


@dataclass(frozen=True)
class HostServices:
    config: HostConfig
    libraries: LibraryStore
    vdfs: Vdfs
    """Writes to entries and sidecars: validate -> store -> emit."""
    http: HttpEgress
    """Outbound HTTP for extensions and OAuth2 refreshes."""
    credentials: CredentialVault | None
    """The encrypted credential store (None: no store)."""
    ai: AiEngines
    """OCR, embedding and classification engines (models load on first use)."""
    events: EventBus
    """Event delivery to subscribed extensions."""
    jobs: JobRunner
    """The job runner."""
