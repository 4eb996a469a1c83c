"""Events from the host to extensions: manifest subscriptions checked at load, typed payloads
decoded by the Rust event types, asynchronous delivery (never inside the emitting call),
re-entrant callbacks, the depth limit, failure isolation, library scope and ordering."""

from __future__ import annotations

import base64
import json
import logging
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import EventsConfig, HostConfig
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.store.library import Library
from spacedrive_wire.models import EventName
from support.ai_samples import RECEIPT_LINES, encode, render_lines
from support.data_helpers import recorded, wait_for, wait_job
from support.helpers import ROOT, MakeExtension

ALL = {"methods": ["vdfs.*", "jobs.*"], "libraries": ["*"]}
RECORD_ALL = {
    "entry.created": "on_entry_created",
    "entry.updated": "on_entry_updated",
    "sidecar.written": "on_sidecar_written",
    "sidecar.deleted": "on_sidecar_deleted",
    "job.finished": "on_job_finished",
}


@pytest.fixture
def load_events(host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension) -> Iterator[Any]:
    def load(ext_id: str, events: dict[str, str], permissions: dict[str, Any] = ALL, on: Host = host) -> Extension:
        return on.load_extension(
            make_extension(guest_wasm["events"], ext_id=ext_id, permissions=permissions, events=events)
        )

    yield load


def settle(host: Host) -> None:
    assert host.events.wait_idle(20), "events were not delivered"


def create(host: Host, library: Library, path: str = "p", metadata: dict[str, Any] | None = None) -> str:
    payload = {"name": "n", "path": path, "entry_type": "t", "metadata": metadata or {}}
    answer = host.call("action:vdfs.create_entry.input.v1", payload, library.id)
    entry_id: str = answer["ok"]["entry_id"]
    return entry_id


def events_of(items: list[dict[str, Any]], export: str | None = None) -> list[dict[str, Any]]:
    return [item["event"] for item in items if "event" in item and (export is None or item["export"] == export)]


def event_validator(name: str) -> jsonschema.Draft202012Validator:
    resources = [
        (content["$id"], Resource.from_contents(content))
        for content in (json.loads(p.read_text()) for p in (ROOT / "schema").glob("*.json"))
    ]
    return jsonschema.Draft202012Validator(
        {"$ref": f"https://spacedrive.dev/schema/events.json#/$defs/{name}"},
        registry=Registry().with_resources(resources),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


# -- subscriptions ---------------------------------------------------------------------------
def test_the_manifest_lists_exactly_the_events_of_the_schema() -> None:
    manifest = json.loads((ROOT / "schema" / "manifest.json").read_text())
    assert manifest["properties"]["events"]["propertyNames"] == {"$ref": "events.json#/$defs/EventName"}
    generated = json.loads(resources.files("spacedrive_wire").joinpath("manifest.schema.json").read_text("utf-8"))
    assert sorted(generated["properties"]["events"]["propertyNames"]["enum"]) == sorted(n.value for n in EventName)


@pytest.mark.parametrize(
    ("events", "code", "says"),
    [
        ({"entry.created": "no_such_export"}, LoadErrorCode.missing_export, "no_such_export"),
        ({"entry.created": "wasm_free"}, LoadErrorCode.bad_export, "(i32, i32) -> i32"),
        ({"entry.created": "memory"}, LoadErrorCode.bad_export, "memory"),
        ({"entry.deleted": "on_entry_created"}, LoadErrorCode.manifest_invalid, "events"),
        ({"entry.created": "bad name!"}, LoadErrorCode.manifest_invalid, "events"),
    ],
)
def test_bad_subscriptions_fail_the_load(
    host: Host, load_events: Any, events: dict[str, str], code: LoadErrorCode, says: str
) -> None:
    with pytest.raises(ExtensionError) as raised:
        load_events("bad", events)
    assert raised.value.code == code
    assert says in raised.value.message
    assert "bad" not in host.extensions
    assert host.events.subscribers == []


# -- delivery --------------------------------------------------------------------------------
def test_every_event_arrives_typed_and_in_order(host: Host, library: Library, load_events: Any) -> None:
    recorder = load_events("recorder", RECORD_ALL)
    entry_id = create(host, library, "docs/a.txt", {"k": 1})
    host.call(
        "action:vdfs.update_metadata.input.v1", {"entry_id": entry_id, "metadata": {"k": None, "v": 2}}, library.id
    )
    data = base64.b64encode(b"hello").decode()
    host.call(
        "action:vdfs.write_sidecar.input.v1", {"entry_id": entry_id, "filename": "a.txt", "data": data}, library.id
    )
    host.call("action:vdfs.delete_sidecar.input.v1", {"entry_id": entry_id, "filename": "a.txt"}, library.id)
    job_id = host.call("action:jobs.dispatch.input.v1", {"job_type": "sidecar_checksum"}, library.id)["ok"]["job_id"]
    wait_job(host, library.id, job_id)
    settle(host)
    events = events_of(recorded(recorder))
    assert [e["event"] for e in events] == [name.value for name in EventName]
    assert [e["sequence"] for e in events] == sorted({e["sequence"] for e in events})
    assert all(e["library_id"] == str(library.id) and e["depth"] == 0 and e["caused_by"] is None for e in events)
    created, updated, written, deleted, finished = events
    assert (created["entry"]["entry_id"], created["entry"]["metadata"]) == (entry_id, {"k": 1})
    assert updated["entry"]["metadata"] == {"v": 2}
    assert (written["entry_id"], written["sidecar"]["filename"], written["sidecar"]["size"]) == (entry_id, "a.txt", 5)
    assert (deleted["entry_id"], deleted["filename"]) == (entry_id, "a.txt")
    assert (finished["job"]["job_id"], finished["job"]["state"]) == (job_id, "completed")
    # what the Rust types re-encoded is valid against the event schemas
    for event, title in zip(events, ["EntryCreatedEvent", "EntryUpdatedEvent", "SidecarWrittenEvent",
                                     "SidecarDeletedEvent", "JobFinishedEvent"], strict=True):  # fmt: skip
        event_validator(title).validate(event)
    assert host.events.stats.delivered == 5
    assert host.events.stats.failed == 0


def test_delivery_happens_after_the_emitting_call_returns(host: Host, library: Library, load_events: Any) -> None:
    """The extension creates an entry from one of its own exports and also receives entry.created:
    had the event been delivered inside the host call, its record would come first."""
    ext = load_events("self", {"entry.created": "on_entry_created"})
    request = json.dumps({"library_id": str(library.id), "path": "mine"}).encode()
    entry_id = json.loads(ext.call_json("create_entry", request))["ok"]
    settle(host)
    items = recorded(ext)
    assert [item["export"] for item in items] == ["create_entry returned", "on_entry_created"]
    assert items[1]["event"]["entry"]["entry_id"] == entry_id


def test_a_callback_can_call_the_host_again(host: Host, library: Library, load_events: Any) -> None:
    spawner = load_events("spawner", {"entry.created": "spawn_children"})
    root = create(host, library, "root", {"spawn": 4})
    settle(host)
    events = events_of(recorded(spawner))
    assert [e["depth"] for e in events] == [0, 1, 2, 3, 4]
    assert [e["caused_by"] for e in events] == [None, *(e["sequence"] for e in events[:-1])]
    assert events[0]["entry"]["entry_id"] == root
    assert len(library.list_entries(limit=100)) == 5


def test_the_depth_limit_ends_endless_chains(tmp_path: Path, load_events: Any) -> None:
    with Host(tmp_path / "deep", HostConfig(events=EventsConfig(max_depth=3))) as deep:
        library = deep.create_library("deep")
        forever = load_events("forever", {"entry.created": "spawn_forever"}, on=deep)
        create(deep, library)
        settle(deep)
        assert [e["depth"] for e in events_of(recorded(forever))] == [0, 1, 2, 3]
        assert len(library.list_entries(limit=100)) == 5  # the entry made at depth 3 exists; its event does not
        assert deep.events.stats.dropped_depth == 1
        assert deep.call("query:core.ping.v1", {"message": "still here"})["ok"]["count"] == 1


def test_job_finished_nests_under_the_event_that_dispatched_the_job(
    host: Host, library: Library, load_events: Any
) -> None:
    dispatcher = load_events("dispatcher", {"entry.created": "dispatch_on_event", "job.finished": "on_job_finished"})
    create(host, library)
    items: list[dict[str, Any]] = []

    def finished() -> bool:
        items.extend(recorded(dispatcher))
        return any(i["export"] == "on_job_finished" for i in items)

    wait_for(finished, "job.finished")
    created = next(i["event"] for i in items if i["export"] == "dispatch_on_event")
    dispatched = next(i["job_id"] for i in items if i["export"] == "dispatched")
    done = next(i["event"] for i in items if i["export"] == "on_job_finished")
    assert done["job"]["job_id"] == dispatched
    assert done["job"]["dispatched_by"] == "extension 'dispatcher'"
    assert (done["depth"], done["caused_by"]) == (1, created["sequence"])


def test_what_a_job_emits_nests_under_the_event_that_dispatched_it(
    host: Host, library: Library, load_events: Any
) -> None:
    """An `ocr_batch` job dispatched from a callback writes a sidecar: its sidecar.written is one level deeper."""
    scanned = create(host, library, "scan")
    data = base64.b64encode(encode(render_lines(RECEIPT_LINES), "PNG")).decode()
    host.call(
        "action:vdfs.write_sidecar.input.v1", {"entry_id": scanned, "filename": "scan.png", "data": data}, library.id
    )
    settle(host)
    ext = load_events(
        "ocr",
        {
            "entry.created": "dispatch_on_event",
            "sidecar.written": "on_sidecar_written",
            "job.finished": "on_job_finished",
        },
    )
    job = {"job_type": "ocr_batch", "params": {"entry_ids": [scanned], "source": "scan.png"}}
    create(host, library, "trigger", {"job": job})
    items: list[dict[str, Any]] = []

    def finished() -> bool:
        items.extend(recorded(ext))
        return any(i["export"] == "on_job_finished" for i in items)

    wait_for(finished, "job.finished")
    trigger = next(i["event"] for i in items if i["export"] == "dispatch_on_event")
    written = next(i["event"] for i in items if i["export"] == "on_sidecar_written")
    done = next(i["event"] for i in items if i["export"] == "on_job_finished")
    assert (written["entry_id"], written["sidecar"]["filename"]) == (scanned, "ocr.txt")
    assert (written["depth"], written["caused_by"]) == (1, trigger["sequence"])
    assert (done["job"]["state"], done["job"]["result"]["processed"]) == ("completed", 1)


def test_failing_callbacks_are_logged_and_isolated(
    host: Host, library: Library, load_events: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="spacedrive.events")
    load_events("trapper", {"entry.created": "trap_on_event"})
    load_events("failer", {"entry.created": "fail_on_event"})
    recorder = load_events("recorder", {"entry.created": "on_entry_created"})
    made = [create(host, library, f"p{i}") for i in range(3)]
    settle(host)
    assert [e["entry"]["entry_id"] for e in events_of(recorded(recorder))] == made
    assert (host.events.stats.delivered, host.events.stats.failed) == (3, 6)
    messages = [r.getMessage() for r in caplog.records if r.name == "spacedrive.events"]
    assert sum("'trapper'" in m and "trap" in m for m in messages) == 3
    assert sum("'failer'" in m and "always fails" in m for m in messages) == 3
    assert {"trapper", "failer", "recorder"} <= set(host.extensions)


def test_subscribers_only_get_events_of_their_libraries(host: Host, load_events: Any) -> None:
    mine, theirs = host.create_library("mine"), host.create_library("theirs")
    scoped = load_events("scoped", {"entry.created": "on_entry_created"}, {"methods": [], "libraries": [str(mine.id)]})
    create(host, theirs, "not for you")
    kept = create(host, mine, "for you")
    settle(host)
    assert [e["entry"]["entry_id"] for e in events_of(recorded(scoped))] == [kept]


def test_concurrent_emitters_give_each_subscriber_an_ordered_stream(
    host: Host, library: Library, load_events: Any
) -> None:
    first = load_events("first", {"entry.created": "on_entry_created"})
    second = load_events("second", {"entry.created": "on_entry_created"})
    made: list[str] = []
    lock = threading.Lock()

    def emitter(n: int) -> None:
        for i in range(25):
            entry_id = create(host, library, f"t{n}/{i}")
            with lock:
                made.append(entry_id)

    threads = [threading.Thread(target=emitter, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    settle(host)
    streams = [events_of(recorded(ext)) for ext in (first, second)]
    for events in streams:
        sequences = [e["sequence"] for e in events]
        assert sequences == sorted(sequences) and len(set(sequences)) == 100
        assert sorted(e["entry"]["entry_id"] for e in events) == sorted(made)
    assert [e["sequence"] for e in streams[0]] == [e["sequence"] for e in streams[1]]


def test_unloading_stops_delivery(host: Host, library: Library, load_events: Any) -> None:
    recorder = load_events("gone", {"entry.created": "on_entry_created"})
    create(host, library)
    settle(host)
    assert len(events_of(recorded(recorder))) == 1
    host.unload_extension("gone")
    emitted = host.events.stats.emitted
    create(host, library)
    settle(host)
    assert host.events.stats.emitted == emitted  # nobody listens: nothing is even queued
    assert host.events.subscribers == []
