"""One emitter per event of schema/events.json: the function that says what an event carries.

Emitters are bound to the generated `EventSpec` registry at start-up (`bind_emitters`), as
handlers are to operations: an event without an emitter, an event with two, or an emitter
naming an event the registry lacks stops the host from starting, naming it. The code that
commits a change calls the emitter; the bus validates the payload with the spec's model.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from spacedrive_wire._runtime import EventSpec
from spacedrive_wire.events import (
    ENTRY_CREATED,
    ENTRY_UPDATED,
    EVENTS,
    JOB_FINISHED,
    SIDECAR_DELETED,
    SIDECAR_WRITTEN,
)
from spacedrive_wire.models import Entry, EventName, Job, SidecarInfo

from spacedrive_host.core.binding import bind_marked

if TYPE_CHECKING:
    from .events import Cause, EventBus

__all__ = ["EmitterBindingError", "bind_emitters", "emitter"]

F = TypeVar("F", bound=Callable[..., None])


def emitter(spec: EventSpec[Any]) -> Callable[[F], F]:
    """Marks a function as the emitter of `spec`'s event."""

    def mark(fn: F) -> F:
        fn.__spacedrive_event__ = spec  # type: ignore[attr-defined]
        return fn

    return mark


class EmitterBindingError(Exception):
    """The emitters do not match the generated event registry."""


def bind_emitters(
    modules: Iterable[ModuleType], registry: Mapping[str, EventSpec[Any]] = EVENTS
) -> dict[str, Callable[..., None]]:
    """Event name -> its emitter; raises `EmitterBindingError` listing every mismatch."""
    marked, problems = bind_marked(
        modules, "__spacedrive_event__", EventSpec, lambda spec: spec.name, registry, thing="emitter", kind="event"
    )
    bound: dict[str, Callable[..., None]] = {name: fn for name, (_, fn) in marked.items()}
    if problems:
        raise EmitterBindingError("emitters do not match the event registry:\n  " + "\n  ".join(problems))
    return bound


@emitter(ENTRY_CREATED)
def entry_created(bus: EventBus, library_id: uuid.UUID, entry: Entry) -> None:
    bus.emit(EventName.entry_created, library_id, {"entry": entry})


@emitter(ENTRY_UPDATED)
def entry_updated(bus: EventBus, library_id: uuid.UUID, entry: Entry) -> None:
    bus.emit(EventName.entry_updated, library_id, {"entry": entry})


@emitter(SIDECAR_WRITTEN)
def sidecar_written(bus: EventBus, library_id: uuid.UUID, entry_id: uuid.UUID, sidecar: SidecarInfo) -> None:
    bus.emit(EventName.sidecar_written, library_id, {"entry_id": entry_id, "sidecar": sidecar})


@emitter(SIDECAR_DELETED)
def sidecar_deleted(bus: EventBus, library_id: uuid.UUID, entry_id: uuid.UUID, filename: str) -> None:
    bus.emit(EventName.sidecar_deleted, library_id, {"entry_id": entry_id, "filename": filename})


@emitter(JOB_FINISHED)
def job_finished(bus: EventBus, job: Job, cause: Cause | None) -> None:
    bus.emit(EventName.job_finished, job.library_id, {"job": job}, cause)
