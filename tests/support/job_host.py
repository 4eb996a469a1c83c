"""Child process of the job restart test: a host that runs a job which reports progress 3 and
then waits forever. Prints `<library id> <job id>` once that progress is in jobs.db, then
blocks until the test kills it with SIGKILL."""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any

from spacedrive_host.api.jobs import BUILTIN_JOB_TYPES
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import HostConfig, JobsConfig
from spacedrive_host.services.jobs import JobContext, JobParams, JobType


class StallParams(JobParams):
    pass


def stall(ctx: JobContext, params: StallParams) -> dict[str, Any]:
    ctx.progress(3, 10, "stalled at 3")
    while True:
        ctx.sleep(1.0)


def main() -> None:
    data_dir = Path(sys.argv[1])
    job_types = {**BUILTIN_JOB_TYPES, "stall": JobType("stall", "waits forever", StallParams, stall)}
    host = Host(data_dir, HostConfig(jobs=JobsConfig(progress_interval=0.0)), job_types=job_types)
    library = host.create_library("restart")
    job_id = host.call("action:jobs.dispatch.input.v1", {"job_type": "stall"}, library.id)["ok"]["job_id"]
    db = sqlite3.connect(data_dir / "jobs.db")
    for _ in range(10_000):
        if db.execute("SELECT done FROM jobs WHERE id = ?", (job_id,)).fetchone() == (3,):
            break
        time.sleep(0.005)
    print(library.id, job_id, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
