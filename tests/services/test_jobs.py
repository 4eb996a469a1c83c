"""Jobs: dispatch, status and cancellation from the Rust guest, the `sidecar_checksum` job on
real files, the runner's worker threads and queue limit, and state that survives a restart
(including a host killed with SIGKILL)."""

from __future__ import annotations

import base64
import hashlib
import signal
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacedrive_host.api.jobs import BUILTIN_JOB_TYPES
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import HostConfig, JobsConfig
from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.services.jobs import JobContext, JobType
from spacedrive_host.store.library import Library
from support.ai_samples import RECEIPT_LINES, encode, render_lines
from support.data_helpers import Gate, GateParams, job_status, wait_for, wait_job
from support.helpers import ROOT, MakeExtension, run_step

JOBS = {"permissions": {"methods": ["jobs.*", "vdfs.*"], "libraries": ["*"]}}


def boom_internal(ctx: JobContext, params: GateParams) -> dict[str, Any]:
    raise ValueError("secret detail")


def boom_coded(ctx: JobContext, params: GateParams) -> dict[str, Any]:
    raise OperationError(ErrorCode.not_found, "the thing the job needed is gone")


@pytest.fixture
def gate() -> Gate:
    return Gate()


def make_host(path: Path, gate: Gate, **jobs: Any) -> Host:
    extra = {
        "gate": gate.job_type,
        "boom": JobType("boom", "raises", GateParams, boom_internal),
        "boom_coded": JobType("boom_coded", "raises with a code", GateParams, boom_coded),
    }
    config = HostConfig(jobs=JobsConfig(**({"progress_interval": 0.0} | jobs)))
    return Host(path, config, job_types={**BUILTIN_JOB_TYPES, **extra})


@pytest.fixture
def jobs_host(tmp_path: Path, gate: Gate) -> Iterator[Host]:
    with make_host(tmp_path / "jobs", gate) as host:
        yield host


@pytest.fixture
def lib(jobs_host: Host) -> Library:
    return jobs_host.create_library("jobs")


@pytest.fixture
def guest(jobs_host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension) -> Extension:
    return jobs_host.load_extension(make_extension(guest_wasm["e2e"], ext_id="jobs", **JOBS))


def dispatch(host: Host, library: Library, job_type: str, **params: Any) -> str:
    answer = host.call("action:jobs.dispatch.input.v1", {"job_type": job_type, "params": params}, library.id)
    assert "ok" in answer, answer
    job_id: str = answer["ok"]["job_id"]
    return job_id


def add_sidecars(host: Host, library: Library, count: int) -> list[tuple[str, str]]:
    made = []
    for i in range(count):
        entry = host.call(
            "action:vdfs.create_entry.input.v1", {"name": "n", "path": f"p{i}", "entry_type": "t"}, library.id
        )
        entry_id = entry["ok"]["entry_id"]
        data = base64.b64encode(f"sidecar {i}".encode()).decode()
        host.call(
            "action:vdfs.write_sidecar.input.v1", {"entry_id": entry_id, "filename": "s.txt", "data": data}, library.id
        )
        made.append((entry_id, hashlib.sha256(f"sidecar {i}".encode()).hexdigest()))
    return made


# -- sidecar_checksum ------------------------------------------------------------------------
def test_sidecar_checksum_through_the_sdk(guest: Extension, jobs_host: Host, lib: Library) -> None:
    add_sidecars(jobs_host, lib, 4)
    job_id = run_step(guest, "dispatch_job", lib.id, job_type="sidecar_checksum", params={})["ok"]
    wait_job(jobs_host, lib.id, job_id)
    job = run_step(guest, "get_job_status", lib.id, job_id=job_id)["ok"]
    assert (job["state"], job["job_type"], job["library_id"]) == ("completed", "sidecar_checksum", str(lib.id))
    assert job["result"] == {"checked": 4, "ok": 4, "problems": 0, "mismatched": [], "missing": []}
    assert (job["progress"]["done"], job["progress"]["total"]) == (4, 4)
    assert job["dispatched_by"] == "extension 'jobs'"
    assert job["error"] is None
    assert job["created_at"] <= job["started_at"] <= job["finished_at"]


def test_sidecar_checksum_finds_damaged_and_missing_files(jobs_host: Host, lib: Library) -> None:
    (damaged, damaged_sha), (gone, gone_sha), *_ = add_sidecars(jobs_host, lib, 3)
    damaged_file = lib.path / "sidecars" / damaged / f"{damaged_sha}.bin"
    damaged_file.write_bytes(b"X" * len(damaged_file.read_bytes()))
    (lib.path / "sidecars" / gone / f"{gone_sha}.bin").unlink()
    job = wait_job(jobs_host, lib.id, dispatch(jobs_host, lib, "sidecar_checksum"))
    result = job["result"]
    assert (result["checked"], result["ok"], result["problems"]) == (3, 1, 2)
    assert result["missing"] == [{"entry_id": gone, "filename": "s.txt"}]
    [mismatch] = result["mismatched"]
    assert (mismatch["entry_id"], mismatch["expected"]) == (damaged, damaged_sha)
    assert mismatch["actual"] == hashlib.sha256(damaged_file.read_bytes()).hexdigest()


def test_ocr_batch_writes_a_text_sidecar_per_entry_and_reports_failures(
    guest: Extension, jobs_host: Host, lib: Library
) -> None:
    scan = base64.b64encode(encode(render_lines(RECEIPT_LINES), "PNG")).decode()
    entries = []
    for i in range(2):
        entry = jobs_host.call(
            "action:vdfs.create_entry.input.v1", {"name": "r", "path": f"r{i}", "entry_type": "t"}, lib.id
        )["ok"]["entry_id"]
        payload = {"entry_id": entry, "filename": "scan.png", "data": scan}
        assert "ok" in jobs_host.call("action:vdfs.write_sidecar.input.v1", payload, lib.id)
        entries.append(entry)
    no_scan = jobs_host.call("action:vdfs.create_entry.input.v1", {"name": "x", "path": "x", "entry_type": "t"}, lib.id)
    entry_ids = [entries[0], no_scan["ok"]["entry_id"], entries[1]]
    job_id = run_step(
        guest, "dispatch_job", lib.id, job_type="ocr_batch", params={"entry_ids": entry_ids, "source": "scan.png"}
    )["ok"]
    job = wait_job(jobs_host, lib.id, job_id)
    assert job["state"] == "completed", job
    result = job["result"]
    assert (result["processed"], result["failures"]) == (2, 1)
    assert result["failed"][0]["entry_id"] == no_scan["ok"]["entry_id"]
    assert result["failed"][0]["code"] == "not_found"
    assert (job["progress"]["done"], job["progress"]["total"]) == (3, 3)
    for entry in entries:
        text = run_step(guest, "read_sidecar", lib.id, entry_id=entry, filename="ocr.txt")["ok"]["text"]
        assert "CORNER BAKERY" in text and "Cappuccino" in text
    bad = run_step(
        guest, "dispatch_job", lib.id, job_type="ocr_batch", params={"entry_ids": entries, "source": "../etc/passwd"}
    )
    assert bad["error"]["variant"] == "Some(InvalidInput)"
    empty = run_step(guest, "dispatch_job", lib.id, job_type="ocr_batch", params={"entry_ids": [], "source": "a.png"})
    assert empty["error"]["variant"] == "Some(InvalidInput)"


# -- errors ----------------------------------------------------------------------------------
def test_dispatch_rejects_unknown_types_and_bad_params(guest: Extension, jobs_host: Host, lib: Library) -> None:
    unknown = jobs_host.call("action:jobs.dispatch.input.v1", {"job_type": "nope"}, lib.id)
    assert unknown["error"]["code"] == "invalid_input"
    assert "sidecar_checksum" in unknown["error"]["details"]["known"]
    via_sdk = run_step(guest, "dispatch_job", lib.id, job_type="nope", params={})
    assert via_sdk["error"]["variant"] == "Some(InvalidInput)"
    bad_params = run_step(guest, "dispatch_job", lib.id, job_type="sidecar_checksum", params={"bogus": 1})
    assert bad_params["error"]["variant"] == "Some(InvalidInput)"
    bad_name = run_step(guest, "dispatch_job", lib.id, job_type="Not-A-Type", params={})
    assert bad_name["error"]["variant"] == "Some(InvalidInput)"


def test_jobs_are_visible_only_in_their_library(guest: Extension, jobs_host: Host, lib: Library) -> None:
    other = jobs_host.create_library("other")
    job_id = dispatch(jobs_host, lib, "sidecar_checksum")
    wait_job(jobs_host, lib.id, job_id)
    for library_id, ask in ((other.id, job_id), (lib.id, str(uuid.uuid4()))):
        assert run_step(guest, "get_job_status", library_id, job_id=ask)["error"]["variant"] == "Some(NotFound)"
        assert run_step(guest, "cancel_job", library_id, job_id=ask)["error"]["variant"] == "Some(NotFound)"


def test_failed_jobs_carry_an_error_code(jobs_host: Host, lib: Library) -> None:
    coded = wait_job(jobs_host, lib.id, dispatch(jobs_host, lib, "boom_coded"))
    assert coded["state"] == "failed"
    assert coded["error"] == {"code": "not_found", "message": "the thing the job needed is gone"}
    internal = wait_job(jobs_host, lib.id, dispatch(jobs_host, lib, "boom"))
    assert (internal["state"], internal["error"]["code"]) == ("failed", "internal")
    assert "secret" not in internal["error"]["message"]
    assert internal["result"] is None


# -- cancellation ----------------------------------------------------------------------------
def test_cancel_running_job_goes_through_cancelling_and_progress_stops(
    guest: Extension, jobs_host: Host, lib: Library, gate: Gate
) -> None:
    job_id = dispatch(jobs_host, lib, "gate", items=5)
    gate.release(2)
    wait_for(lambda: job_status(jobs_host, lib.id, job_id)["progress"]["done"] == 2, "progress 2")
    cancelling = run_step(guest, "cancel_job", lib.id, job_id=job_id)["ok"]
    assert (cancelling["state"], cancelling["progress"]["done"]) == ("cancelling", 2)
    cancelled = wait_job(jobs_host, lib.id, job_id)
    assert (cancelled["state"], cancelled["progress"]["done"], cancelled["result"]) == ("cancelled", 2, None)
    gate.release(3)
    for _ in range(20):  # permits are free now, yet the stopped job takes none
        assert job_status(jobs_host, lib.id, job_id)["progress"]["done"] == 2
    assert gate.runs == 1
    assert run_step(guest, "cancel_job", lib.id, job_id=job_id)["ok"]["state"] == "cancelled"


def test_cancel_queued_job_means_it_never_runs(tmp_path: Path, gate: Gate) -> None:
    with make_host(tmp_path / "one", gate, workers=1) as host:
        library = host.create_library("one")
        first = dispatch(host, library, "gate", items=1)
        wait_job(host, library.id, first, ("running",))
        second = dispatch(host, library, "gate", items=1)
        assert job_status(host, library.id, second)["state"] == "queued"
        cancelled = host.call("action:jobs.cancel.input.v1", {"job_id": second}, library.id)["ok"]["job"]
        assert (cancelled["state"], cancelled["started_at"]) == ("cancelled", None)
        gate.release(2)
        assert wait_job(host, library.id, first)["state"] == "completed"
        assert gate.runs == 1


def test_cancelling_a_finished_job_is_a_conflict(guest: Extension, jobs_host: Host, lib: Library) -> None:
    job_id = dispatch(jobs_host, lib, "sidecar_checksum")
    wait_job(jobs_host, lib.id, job_id)
    report = run_step(guest, "cancel_job", lib.id, job_id=job_id)
    assert report["error"]["variant"] == "Some(Conflict)"
    assert job_status(jobs_host, lib.id, job_id)["state"] == "completed"


# -- the runner ------------------------------------------------------------------------------
def test_the_queue_limit_is_resource_exhausted(tmp_path: Path, gate: Gate) -> None:
    with make_host(tmp_path / "limit", gate, workers=1, max_queued=2) as host:
        library = host.create_library("limit")
        first = dispatch(host, library, "gate", items=1)
        dispatch(host, library, "gate", items=1)
        full = host.call("action:jobs.dispatch.input.v1", {"job_type": "gate"}, library.id)
        assert full["error"]["code"] == "resource_exhausted"
        assert full["error"]["details"] == {"limit": 2}
        gate.release(1)
        wait_job(host, library.id, first)
        assert "ok" in host.call("action:jobs.dispatch.input.v1", {"job_type": "sidecar_checksum"}, library.id)
        gate.release(1)


def test_workers_run_jobs_at_the_same_time(jobs_host: Host, lib: Library, gate: Gate) -> None:
    jobs = [dispatch(jobs_host, lib, "gate", items=1) for _ in range(2)]
    for job_id in jobs:  # both running while neither has a permit: two worker threads
        wait_job(jobs_host, lib.id, job_id, ("running",))
    gate.release(2)
    assert [wait_job(jobs_host, lib.id, job_id)["state"] for job_id in jobs] == ["completed", "completed"]


def test_progress_is_in_sqlite_while_the_job_runs(jobs_host: Host, lib: Library, gate: Gate) -> None:
    job_id = dispatch(jobs_host, lib, "gate", items=4)
    gate.release(2)
    wait_for(lambda: job_status(jobs_host, lib.id, job_id)["progress"]["done"] == 2, "progress 2")
    raw = sqlite3.connect(f"file:{jobs_host.data_dir / 'jobs.db'}?mode=ro", uri=True)
    row = "SELECT state, done, total FROM jobs WHERE id = ?"
    # committed by the store's writer thread a few milliseconds later (docs/jobs.md)
    wait_for(lambda: raw.execute(row, (job_id,)).fetchone() == ("running", 2, 4), "progress 2 in jobs.db")
    raw.close()
    gate.release(2)


# -- restarts --------------------------------------------------------------------------------
def test_finished_jobs_survive_a_restart(tmp_path: Path, gate: Gate) -> None:
    with make_host(tmp_path / "data", gate) as host:
        library = host.create_library("restart")
        add_sidecars(host, library, 2)
        before = wait_job(host, library.id, dispatch(host, library, "sidecar_checksum"))
    with make_host(tmp_path / "data", gate) as host:
        assert job_status(host, library.id, before["job_id"]) == before
        assert host.jobs.interrupted_at_start == 0


def test_close_interrupts_running_and_queued_jobs(tmp_path: Path, gate: Gate) -> None:
    with make_host(tmp_path / "data", gate, workers=1) as host:
        library = host.create_library("close")
        running = dispatch(host, library, "gate", items=3)
        gate.release(1)
        wait_for(lambda: job_status(host, library.id, running)["progress"]["done"] == 1, "progress 1")
        queued = dispatch(host, library, "gate", items=3)
    with make_host(tmp_path / "data", gate) as host:
        stopped = job_status(host, library.id, running)
        assert (stopped["state"], stopped["progress"]["done"]) == ("interrupted", 1)
        never = job_status(host, library.id, queued)
        assert (never["state"], never["started_at"]) == ("interrupted", None)
        assert gate.runs == 1


def test_a_killed_host_leaves_running_jobs_interrupted_on_start(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "support.job_host", str(tmp_path / "data")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT / "tests",
    )
    assert child.stdout is not None
    line = child.stdout.readline().split()
    child.send_signal(signal.SIGKILL)
    _, stderr = child.communicate(timeout=60)
    assert len(line) == 2, stderr
    library_id, job_id = uuid.UUID(line[0]), line[1]
    raw = sqlite3.connect(tmp_path / "data" / "jobs.db")
    assert raw.execute("SELECT state FROM jobs WHERE id = ?", (job_id,)).fetchone() == ("running",)
    raw.close()
    with Host(tmp_path / "data") as host:
        assert host.jobs.interrupted_at_start == 1
        job = job_status(host, library_id, job_id)
        assert (job["state"], job["progress"]["done"], job["progress"]["total"]) == ("interrupted", 3, 10)
        assert job["finished_at"] is not None
