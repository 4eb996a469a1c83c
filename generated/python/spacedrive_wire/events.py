"""Event registry, generated from schema/events.json by `sdext codegen`. DO NOT EDIT.

Each constant is an `EventSpec[Payload]`: the host binds one emitter to each at start-up,
and validates every payload it emits with the spec's model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._runtime import EventSpec
from .models import (
    EntryCreatedEvent,
    EntryUpdatedEvent,
    JobFinishedEvent,
    SidecarDeletedEvent,
    SidecarWrittenEvent,
)

ENTRY_CREATED: EventSpec[EntryCreatedEvent] = EventSpec(
    name="entry.created",
    scope="library",
    summary="`entry.created`: an entry was created (`vdfs.create_entry`).",
    payload_model=EntryCreatedEvent,
)
ENTRY_UPDATED: EventSpec[EntryUpdatedEvent] = EventSpec(
    name="entry.updated",
    scope="library",
    summary="`entry.updated`: an entry's metadata changed (`vdfs.update_metadata`); `entry` is the entry as stored afterwards.",
    payload_model=EntryUpdatedEvent,
)
JOB_FINISHED: EventSpec[JobFinishedEvent] = EventSpec(
    name="job.finished",
    scope="library",
    summary="`job.finished`: a job reached `completed`, `failed` or `cancelled` (not `interrupted`: the host is stopping then).",
    payload_model=JobFinishedEvent,
)
SIDECAR_DELETED: EventSpec[SidecarDeletedEvent] = EventSpec(
    name="sidecar.deleted",
    scope="library",
    summary="`sidecar.deleted`: a sidecar was deleted (`vdfs.delete_sidecar`).",
    payload_model=SidecarDeletedEvent,
)
SIDECAR_WRITTEN: EventSpec[SidecarWrittenEvent] = EventSpec(
    name="sidecar.written",
    scope="library",
    summary="`sidecar.written`: a sidecar was created or replaced (`vdfs.write_sidecar`).",
    payload_model=SidecarWrittenEvent,
)

EVENTS: Mapping[str, EventSpec[Any]] = {
    ENTRY_CREATED.name: ENTRY_CREATED,
    ENTRY_UPDATED.name: ENTRY_UPDATED,
    JOB_FINISHED.name: JOB_FINISHED,
    SIDECAR_DELETED.name: SIDECAR_DELETED,
    SIDECAR_WRITTEN.name: SIDECAR_WRITTEN,
}
