"""Boundary artefacts besides operations flow from schema/ too: adding one is a schema edit and
`sdext codegen`, and it reaches the host (Python) and the SDK (Rust).

Each test edits a copy of the schemas, regenerates into the copy, and runs the host against the
copy's generated package in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from spacedrive_codegen.cli import main
from spacedrive_codegen.parser import SchemaError, parse_schema_dir
from spacedrive_host.core.limits import ExtensionLimits, LimitCeilings
from support.helpers import ROOT, copy_project

NEW_LIMIT = {
    "type": "integer",
    "x-host-default": 5,
    "x-host-ceiling": 50,
    "minimum": 0,
    "description": "A limit added by a test.",
}

LIMIT_SCRIPT = """
import json, sys
from pathlib import Path
from spacedrive_host.core.config import HostConfig
from spacedrive_host.core.errors import ExtensionError
from spacedrive_host.core.limits import ExtensionLimits, LimitsConfig, resolve_limits
from spacedrive_wire.manifest import ExtensionManifest

base = {"id": "x", "name": "X", "version": "0.1.0", "wasm": "x.wasm"}
config = LimitsConfig()
print(ExtensionLimits().parallel_uploads)
asked = ExtensionManifest.model_validate(base | {"limits": {"parallel_uploads": 7}})
print(resolve_limits(asked, config).parallel_uploads)
try:
    resolve_limits(ExtensionManifest.model_validate(base | {"limits": {"parallel_uploads": 51}}), config)
except ExtensionError as exc:
    print(exc.code, "limits.parallel_uploads" in exc.message)
"""


def regenerate(project: Path) -> Path:
    (project / "generated").mkdir()
    assert main(["codegen", "--root", str(project)]) == 0
    return project / "generated"


def run_against(generated: Path, script: str) -> list[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(generated / "python"), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")[:-1]


def test_limits_come_from_the_manifest_schema() -> None:
    """Drift: the host's defaults and ceilings are the schema's, key for key."""
    api = parse_schema_dir(ROOT / "schema")
    manifest = json.loads((ROOT / "schema" / "manifest.json").read_text())
    keys = list(manifest["properties"]["limits"]["properties"])
    assert [limit.name for limit in api.limits] == keys
    for limit in api.limits:
        assert getattr(ExtensionLimits(), limit.name) == limit.default
        assert getattr(LimitCeilings(), limit.name) == limit.ceiling


@pytest.mark.usefixtures("rustfmt")
def test_a_new_manifest_limit_is_a_schema_edit_that_reaches_python_and_rust(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    path = project / "schema" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["properties"]["limits"]["properties"]["parallel_uploads"] = NEW_LIMIT
    path.write_text(json.dumps(manifest, indent=2))
    generated = regenerate(project)

    assert run_against(generated, LIMIT_SCRIPT) == ["5", "7", "manifest_invalid True"]
    rust = (generated / "rust" / "spacedrive-sdk" / "src" / "limits.rs").read_text()
    assert "pub const PARALLEL_UPLOADS: Limit<u64> = Limit {" in rust
    assert '"parallel_uploads"' in rust


def test_a_limit_without_host_default_or_ceiling_is_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    path = project / "schema" / "manifest.json"
    manifest = json.loads(path.read_text())
    limits = manifest["properties"]["limits"]["properties"]
    limits["bare"] = {"type": "integer", "description": "no default"}
    limits["inverted"] = NEW_LIMIT | {"x-host-default": 60}
    path.write_text(json.dumps(manifest))
    with pytest.raises(SchemaError) as info:
        parse_schema_dir(project / "schema")
    problems = {p.pointer: p.message for p in info.value.problems}
    assert "x-host-default" in problems["/properties/limits/properties/bare"]
    assert "x-host-ceiling (50)" in problems["/properties/limits/properties/inverted"]


ARCHIVED_EVENT = {
    "title": "EntryArchivedEvent",
    "x-event": "entry.archived",
    "x-scope": "library",
    "description": "`entry.archived`: an event added by a test.",
    "type": "object",
    "additionalProperties": False,
    "required": ["event", "sequence", "emitted_at", "library_id", "depth", "caused_by", "entry_id"],
    "properties": {
        "event": {"$ref": "#/$defs/EventName"},
        "sequence": {"type": "integer", "minimum": 1, "description": "Delivery order."},
        "emitted_at": {"$ref": "defs.json#/$defs/Timestamp"},
        "library_id": {"$ref": "defs.json#/$defs/Uuid"},
        "depth": {"type": "integer", "minimum": 0, "description": "Causal depth."},
        "caused_by": {"type": ["integer", "null"], "description": "The causing event's sequence."},
        "entry_id": {"$ref": "defs.json#/$defs/Uuid"},
    },
}

EVENT_SCRIPT = """
import sys, tempfile, types, uuid
from pathlib import Path
from spacedrive_host.services import emitters
from spacedrive_host.services.emitters import EmitterBindingError, bind_emitters, emitter
from spacedrive_host.services.events import EventBus
from spacedrive_host.app.host import Host
from spacedrive_host.runtime.manifest import parse_manifest
from spacedrive_wire.events import EVENTS
from spacedrive_wire.models import EventName

try:
    Host(Path(tempfile.mkdtemp()))
except EmitterBindingError as exc:
    print("refused:", "'entry.archived' has no emitter" in str(exc))

# The one function a new event needs:
@emitter(EVENTS["entry.archived"])
def entry_archived(bus: EventBus, library_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    bus.emit(EventName.entry_archived, library_id, {"entry_id": entry_id})

extra = types.ModuleType("archive_emitters")
extra.entry_archived = entry_archived
print("bound:", sorted(bind_emitters([emitters, extra])) == sorted(EVENTS))
manifest = {"id": "x", "name": "X", "version": "0.1.0", "wasm": "x.wasm", "events": {"entry.archived": "on_archived"}}
print("subscribable:", parse_manifest(manifest, "x").events is not None)
"""


def test_events_come_from_the_event_schemas() -> None:
    """Drift: one emitter per event of schema/events.json, and the registry matches the schema."""
    from spacedrive_host.services import emitters
    from spacedrive_host.services.emitters import bind_emitters
    from spacedrive_wire.events import EVENTS

    api = parse_schema_dir(ROOT / "schema")
    assert sorted(EVENTS) == [event.name for event in api.events]
    assert sorted(bind_emitters([emitters])) == sorted(EVENTS)
    for event in api.events:
        assert EVENTS[event.name].payload_model.__name__ == event.payload.name


@pytest.mark.usefixtures("rustfmt")
def test_a_new_event_is_a_schema_edit_and_one_emitter(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    path = project / "schema" / "events.json"
    events = json.loads(path.read_text())
    events["$defs"]["EventName"]["enum"].append("entry.archived")
    events["$defs"]["EventName"]["x-descriptions"]["entry.archived"] = "an entry was archived (a test's event)."
    events["$defs"]["EntryArchivedEvent"] = ARCHIVED_EVENT
    path.write_text(json.dumps(events, indent=2))
    generated = regenerate(project)

    assert run_against(generated, EVENT_SCRIPT) == ["refused: True", "bound: True", "subscribable: True"]
    rust_events = (generated / "rust" / "spacedrive-sdk" / "src" / "events.rs").read_text()
    assert 'pub const ENTRY_ARCHIVED: EventSpec = EventSpec {\n    name: "entry.archived",' in rust_events
    assert "pub struct EntryArchivedEvent {" in (generated / "rust" / "spacedrive-sdk" / "src" / "types.rs").read_text()


WORD_COUNT_PARAMS = {
    "title": "WordCountParams",
    "description": "Parameters of `word_count`.",
    "x-job": {
        "name": "word_count",
        "summary": "Count the words of one text sidecar of each listed entry.",
        "result": "WordCountResult",
        "progress": "entries counted",
    },
    "type": "object",
    "additionalProperties": False,
    "required": ["entry_ids", "source"],
    "properties": {
        "entry_ids": {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "defs.json#/$defs/Uuid"},
            "description": "Entries.",
        },
        "source": {"type": "string", "minLength": 1, "description": "The text sidecar's name."},
    },
}
WORD_COUNT_RESULT = {
    "title": "WordCountResult",
    "description": "Words counted by `word_count`.",
    "type": "object",
    "additionalProperties": False,
    "required": ["words"],
    "properties": {"words": {"type": "integer", "minimum": 0, "description": "Words counted."}},
}

JOB_SCRIPT = """
import tempfile, time
from pathlib import Path
from spacedrive_host.app.host import Host
from spacedrive_host.api.jobs import BUILTIN_JOB_TYPES
from spacedrive_host.services.jobs import JobBindingError, JobType
from spacedrive_wire.jobs import JOBS
from spacedrive_wire.models import WordCountParams, WordCountResult

try:
    Host(Path(tempfile.mkdtemp()))
except JobBindingError as exc:
    print("refused:", "'word_count' has no implementation" in str(exc))

# The one function a new job type needs:
def count_words(ctx, params: WordCountParams) -> WordCountResult:
    words = sum(len(ctx.library.read_sidecar(e, params.source)[1].split()) for e in params.entry_ids)
    return WordCountResult(words=words)

types = {**BUILTIN_JOB_TYPES, "word_count": JobType.implementing(JOBS["word_count"], count_words)}
with Host(Path(tempfile.mkdtemp()), job_types=types) as host:
    library = host.create_library("L")
    new_entry = {"name": "n", "path": "n.txt", "entry_type": "Note"}
    entry = host.call("action:vdfs.create_entry.input.v1", new_entry, library.id)
    entry_id = entry["ok"]["entry_id"]
    note = {"entry_id": entry_id, "filename": "n.txt", "data": "b25lIHR3byB0aHJlZQ=="}  # "one two three"
    host.call("action:vdfs.write_sidecar.input.v1", note, library.id)
    untyped = {"job_type": "word_count", "params": {"source": "n.txt"}}
    bad = host.call("action:jobs.dispatch.input.v1", untyped, library.id)
    print("typed params:", bad["error"]["code"])
    params = {"entry_ids": [entry_id], "source": "n.txt"}
    job = host.call("action:jobs.dispatch.input.v1", {"job_type": "word_count", "params": params}, library.id)
    job_id = job["ok"]["job_id"]
    for _ in range(200):
        status = host.call("query:jobs.get_status.v1", {"job_id": job_id}, library.id)["ok"]["job"]
        if status["state"] == "completed":
            break
        time.sleep(0.05)
    print("result:", status["result"])
"""


@pytest.mark.usefixtures("rustfmt")
def test_a_new_job_type_is_a_schema_edit_and_one_function(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    path = project / "schema" / "jobs.json"
    jobs = json.loads(path.read_text())
    jobs["$defs"]["WordCountParams"] = WORD_COUNT_PARAMS
    jobs["$defs"]["WordCountResult"] = WORD_COUNT_RESULT
    path.write_text(json.dumps(jobs, indent=2))
    generated = regenerate(project)

    assert run_against(generated, JOB_SCRIPT) == [
        "refused: True",
        "typed params: invalid_input",
        "result: {'words': 3}",
    ]
    rust_jobs = (generated / "rust" / "spacedrive-sdk" / "src" / "jobs.rs").read_text()
    assert "impl Job for WordCount {" in rust_jobs
    assert "type Result = crate::types::WordCountResult;" in rust_jobs
    assert "pub struct WordCountParams {" in (generated / "rust" / "spacedrive-sdk" / "src" / "types.rs").read_text()


def test_job_types_come_from_the_job_schemas() -> None:
    from spacedrive_host.api.jobs import BUILTIN_JOB_TYPES
    from spacedrive_host.services.jobs import bind_job_types
    from spacedrive_wire.jobs import JOBS

    api = parse_schema_dir(ROOT / "schema")
    assert sorted(JOBS) == [job.name for job in api.jobs]
    assert bind_job_types(BUILTIN_JOB_TYPES) == dict(BUILTIN_JOB_TYPES)
    for job in api.jobs:
        assert BUILTIN_JOB_TYPES[job.name].params is JOBS[job.name].params_model
        assert JOBS[job.name].result_model.__name__ == job.result.name
