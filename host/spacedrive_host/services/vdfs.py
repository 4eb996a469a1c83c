"""The VDFS service: every change to a library's entries and sidecars goes validate -> store -> emit here.

Handlers (`api/handlers/vdfs.py`) and job implementations adapt their inputs to these calls and
nothing else writes entries or sidecars, so a sidecar's declared format is checked, the storage
limits apply and the event is emitted the same way whoever writes. Events are emitted after the
change is committed (docs/events.md).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from spacedrive_wire.models import Entry, SidecarFormat, SidecarInfo

from spacedrive_host.core.config import VdfsConfig
from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.store.library import Library
from spacedrive_host.store.records import EntryRecord, SidecarRecord

from . import emitters
from .events import EventBus

TEXT_SUFFIXES = (".txt", ".md", ".csv", ".eml")


def entry_model(record: EntryRecord) -> Entry:
    """The wire model of a stored entry."""
    return Entry(
        entry_id=record.entry_id,
        name=record.name,
        path=record.path,
        entry_type=record.entry_type,
        metadata=record.metadata,
        created_at=record.created_at,
        updated_at=record.updated_at,
    )


def sidecar_info(record: SidecarRecord) -> SidecarInfo:
    """The wire model of a stored sidecar's description."""
    return SidecarInfo(
        filename=record.filename,
        format=SidecarFormat(record.format),
        size=record.size,
        sha256=record.sha256,
        updated_at=record.updated_at,
    )


def guess_format(filename: str) -> SidecarFormat:
    """The format of a sidecar written without one, from its name."""
    lower = filename.lower()
    if lower.endswith(".json"):
        return SidecarFormat.json
    if lower.endswith(TEXT_SUFFIXES):
        return SidecarFormat.text
    return SidecarFormat.binary


def check_format(data: bytes, fmt: SidecarFormat, filename: str) -> None:
    """`invalid_input` unless `data` is what `fmt` says (UTF-8 text; JSON)."""
    if fmt is SidecarFormat.binary:
        return
    try:
        text = data.decode("utf-8")
        if fmt is SidecarFormat.json:
            json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OperationError(
            ErrorCode.invalid_input, f"sidecar {filename!r} declared as {fmt.value} but is not: {exc}"
        ) from None


@dataclass(frozen=True)
class NewEntry:
    """An entry to create (see `Vdfs.create_entry_with_sidecar`)."""

    name: str
    path: str
    entry_type: str
    metadata: dict[str, Any]


class Vdfs:
    """Writes to libraries: checks, stores within the configured limits, then emits the event."""

    def __init__(self, events: EventBus, limits: VdfsConfig) -> None:
        self.events = events
        self.limits = limits

    def create_entry(self, library: Library, name: str, path: str, entry_type: str, metadata: dict[str, Any]) -> Entry:
        record = library.create_entry(name, path, entry_type, metadata, self.limits)
        entry = entry_model(record)
        emitters.entry_created(self.events, library.id, entry)
        return entry

    def update_metadata(
        self, library: Library, entry_id: uuid.UUID, metadata: dict[str, Any], *, replace: bool
    ) -> EntryRecord:
        record = library.update_metadata(entry_id, metadata, replace=replace, limits=self.limits)
        emitters.entry_updated(self.events, library.id, entry_model(record))
        return record

    def write_sidecar(
        self, library: Library, entry_id: uuid.UUID, filename: str, data: bytes, fmt: SidecarFormat | None = None
    ) -> SidecarRecord:
        """Store a sidecar (format guessed from the name when not given, and checked either way)."""
        fmt = fmt or guess_format(filename)
        check_format(data, fmt, filename)
        record = library.write_sidecar(entry_id, filename, data, fmt.value, limits=self.limits)
        emitters.sidecar_written(self.events, library.id, record.entry_id, sidecar_info(record))
        return record

    def create_entry_with_sidecar(
        self,
        library: Library,
        entry: NewEntry | EntryRecord,
        filename: str,
        data: bytes,
        fmt: SidecarFormat | None = None,
    ) -> tuple[EntryRecord, SidecarRecord]:
        """Create an entry (or complete one created before an interruption) with its first sidecar.
        `entry.created` follows `sidecar.written`, so a callback on it finds the sidecar there."""
        fmt = fmt or guess_format(filename)
        check_format(data, fmt, filename)
        record = (
            entry
            if isinstance(entry, EntryRecord)
            else library.create_entry(entry.name, entry.path, entry.entry_type, entry.metadata, self.limits)
        )
        sidecar = library.write_sidecar(record.entry_id, filename, data, fmt.value, limits=self.limits)
        emitters.sidecar_written(self.events, library.id, record.entry_id, sidecar_info(sidecar))
        emitters.entry_created(self.events, library.id, entry_model(record))
        return record, sidecar

    def delete_sidecar(self, library: Library, entry_id: uuid.UUID, filename: str) -> SidecarRecord:
        record = library.delete_sidecar(entry_id, filename)
        emitters.sidecar_deleted(self.events, library.id, record.entry_id, record.filename)
        return record
