"""`sdext jobs`: the listing read from jobs.db, and live progress bars that follow running jobs
until they finish (driven by a gate job), without changing anything."""

from __future__ import annotations

import io
import threading
from pathlib import Path

from rich.console import Console
from spacedrive_codegen.cli import main
from spacedrive_host.api.jobs import BUILTIN_JOB_TYPES
from spacedrive_host.app.host import Host
from spacedrive_host.app.jobs_view import follow, read_jobs, show_jobs
from spacedrive_host.core.config import HostConfig, JobsConfig
from support.data_helpers import Gate, wait_for, wait_job


def test_lists_jobs_and_follows_running_ones(tmp_path: Path) -> None:
    gate = Gate()
    config = HostConfig(jobs=JobsConfig(progress_interval=0.0))
    with Host(tmp_path, config, job_types={**BUILTIN_JOB_TYPES, "gate": gate.job_type}) as host:
        library = host.create_library("v")
        done = host.call("action:jobs.dispatch.input.v1", {"job_type": "sidecar_checksum"}, library.id)["ok"]["job_id"]
        wait_job(host, library.id, done)
        running = host.call("action:jobs.dispatch.input.v1", {"job_type": "gate", "params": {"items": 4}}, library.id)
        running_id = running["ok"]["job_id"]
        gate.release(1)
        wait_for(lambda: any(r.done == 1 for r in read_jobs(tmp_path) if r.job_id == running_id), "progress in jobs.db")

        rows = read_jobs(tmp_path)
        assert [(r.job_type, r.state) for r in rows] == [("gate", "running"), ("sidecar_checksum", "completed")]
        assert read_jobs(tmp_path, library="nope") == []

        out = io.StringIO()
        console = Console(file=out, width=160, force_terminal=False)
        polled = threading.Event()
        follower = threading.Thread(
            target=follow, args=(tmp_path, console), kwargs={"interval": 0.02, "timeout": 60, "on_poll": polled.set}
        )
        follower.start()
        assert polled.wait(30)  # the follower has seen the job running before it finishes
        gate.release(3)
        follower.join(90)
        assert not follower.is_alive()
        text = out.getvalue()
        assert "gate" in text and "4/4" in text and "completed" in text

        listing = io.StringIO()
        assert show_jobs(tmp_path, Console(file=listing, width=160), watch=True) == 0  # nothing running: returns
        assert "sidecar_checksum" in listing.getvalue() and running_id[:8] in listing.getvalue()


def test_cli_without_jobs(tmp_path: Path, capsys: object) -> None:
    assert main(["jobs", "--data-dir", str(tmp_path), "--no-watch"]) == 0
