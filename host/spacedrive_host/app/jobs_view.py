"""`sdext jobs`: the jobs of a data directory, and live progress bars for the running ones.

Reads `<data_dir>/jobs.db` read-only (SQLite WAL allows it while a host writes), so it works
with or without a running daemon and never changes a job. Progress is what the runner
persisted: at most `jobs.progress_interval` seconds old (docs/jobs.md).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

ACTIVE = ("queued", "running", "cancelling")


@dataclass(frozen=True)
class JobRow:
    job_id: str
    library_id: str
    job_type: str
    state: str
    done: int
    total: int | None
    message: str | None
    error_code: str | None
    created_at: str
    finished_at: str | None


def read_jobs(data_dir: Path, library: str | None = None, limit: int | None = 50) -> list[JobRow]:
    """Newest first; `limit` None: all of them."""
    path = data_dir / "jobs.db"
    if not path.is_file():
        return []
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        query = (
            "SELECT id, library_id, job_type, state, done, total, message, error_code, created_at, finished_at "
            "FROM jobs"
        )
        params: list[object] = []
        if library:
            query += " WHERE library_id = ?"
            params.append(library)
        query += " ORDER BY created_at DESC"
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        return [JobRow(*row) for row in db.execute(query, params).fetchall()]
    except sqlite3.OperationalError:  # no jobs table yet
        return []
    finally:
        db.close()


def jobs_table(rows: list[JobRow]) -> Table:
    table = Table(title=f"{len(rows)} job(s), newest first", title_justify="left")
    for column in ("job", "type", "library", "state", "progress", "created", "finished"):
        table.add_column(column, no_wrap=column != "progress")
    for row in rows:
        progress = f"{row.done}/{row.total}" if row.total is not None else str(row.done)
        if row.message:
            progress += f" {row.message}"
        state = row.state + (f" ({row.error_code})" if row.error_code else "")
        table.add_row(
            row.job_id[:8], row.job_type, row.library_id[:8], state, progress, row.created_at[:19],
            (row.finished_at or "")[:19],
        )  # fmt: skip
    return table


def follow(
    data_dir: Path,
    console: Console,
    library: str | None = None,
    interval: float = 0.25,
    timeout: float | None = None,
    on_poll: Callable[[], None] | None = None,
) -> None:
    """Progress bars for queued and running jobs until none is left (or `timeout` seconds pass);
    `on_poll` is called after each read of jobs.db."""
    columns = (
        TextColumn("{task.fields[job]} {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[state]} {task.fields[note]}"),
        TimeElapsedColumn(),
    )
    deadline = None if timeout is None else time.monotonic() + timeout
    tasks: dict[str, TaskID] = {}
    with Progress(*columns, console=console, transient=False) as progress:
        while True:
            rows = read_jobs(data_dir, library, limit=None)
            active = 0
            for row in rows:
                task = tasks.get(row.job_id)
                if task is None:
                    if row.state not in ACTIVE:
                        continue
                    task = tasks[row.job_id] = progress.add_task(
                        row.job_type, total=row.total, job=row.job_id[:8], state=row.state, note=""
                    )
                finished = row.state not in ACTIVE
                active += not finished
                total = row.total if row.total is not None else (row.done if finished else None)
                progress.update(task, completed=row.done, total=total, state=row.state, note=row.message or "")
                if finished:
                    progress.stop_task(task)
            if on_poll is not None:
                on_poll()
            if not active or (deadline is not None and time.monotonic() > deadline):
                return
            time.sleep(interval)


def show_jobs(
    data_dir: Path,
    console: Console,
    *,
    library: str | None = None,
    show_all: bool = False,
    watch: bool = True,
    interval: float = 0.25,
) -> int:
    rows = read_jobs(data_dir, library, limit=None if show_all else 50)
    if not rows:
        console.print(f"no jobs in {data_dir}")
        return 0
    console.print(jobs_table(rows))
    if watch and any(row.state in ACTIVE for row in rows):
        follow(data_dir, console, library, interval)
    return 0
