"""Costs of the data layer, next to baselines measured in the same run.

    sidecar write (4 KiB) through execute_json_operation          vs  the file steps alone
        (temp file + fsync + rename + directory fsync)
    list_entries, a page of 100 of 10 000 entries                 vs  the same SELECT in raw SQLite
    event delivery: emit -> queue -> dispatcher thread -> guest     vs  calling the guest's callback
        callback (latency of one event; throughput of a burst)          directly on the emitting thread
    job runner: dispatch -> worker -> completed, trivial jobs      vs  running the job function inline
    vector search, k=10 of 100 000 x 384 (sqlite-vec, exact)        vs  numpy brute force over the same
        unfiltered, entry_type filter, path_prefix filter              vectors (results must be identical)

Each figure is the median of several runs; compare the ratios (absolute times drift with
load on shared machines). Not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import targets
from spacedrive_codegen import toolchain
from spacedrive_host.api.jobs import BUILTIN_JOB_TYPES
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import HostConfig, JobsConfig
from spacedrive_host.services.jobs import JobContext, JobParams, JobType
from spacedrive_host.store.library import Library

ROOT = Path(__file__).resolve().parent.parent


def timed_us(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1e6


def median_us(run: Callable[[], object], repeats: int) -> float:
    run()  # warm up
    return statistics.median(timed_us(run) for _ in range(repeats))


def paired_samples(
    baseline: Callable[[], object], subject: Callable[[], object], repeats: int
) -> tuple[list[float], list[float]]:
    """Samples of both, taken alternately so that load drifting during the run hits both alike."""
    baseline()
    subject()
    pairs = [(timed_us(baseline), timed_us(subject)) for _ in range(repeats)]
    return [b for b, _ in pairs], [s for _, s in pairs]


def paired_us(baseline: Callable[[], object], subject: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Medians of both, sampled alternately (`paired_samples`)."""
    base, subject_samples = paired_samples(baseline, subject, repeats)
    return statistics.median(base), statistics.median(subject_samples)


def row(label: str, value: float, unit: str, baseline: float | None = None) -> None:
    ratio = f"  x{value / baseline:.2f}" if baseline else ""
    print(f"  {label:<58} {value:>10.1f} {unit}{ratio}")


# -- sidecars and queries --------------------------------------------------------------------
def bench_sidecars(host: Host, library: Library, repeats: int) -> None:
    entry_id = host.call("action:vdfs.create_entry.input.v1", {"name": "b", "path": "b", "entry_type": "t"}, library.id)
    eid = entry_id["ok"]["entry_id"]
    counter = iter(range(10**9))
    directory = Path(tempfile.mkdtemp(dir=library.path))

    def payload() -> bytes:
        data = os.urandom(4096)
        return json.dumps({"entry_id": eid, "filename": "s.bin", "data": base64.b64encode(data).decode()}).encode()

    def via_operation() -> None:
        host.execute_json_operation("action:vdfs.write_sidecar.input.v1", library.id, payload())

    def file_steps() -> None:
        data = os.urandom(4096)
        temp = directory / f".tmp-{next(counter)}"
        with temp.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, directory / f"{next(counter)}.bin")
        fd = os.open(directory, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)

    base_samples, samples = paired_samples(file_steps, via_operation, repeats)
    base, subject = statistics.median(base_samples), statistics.median(samples)
    print("sidecar write, 4 KiB (median per write; fsync-bound, so medians, not the best)")
    row("baseline: temp file + fsync + rename + dir fsync", base, "us")
    row("vdfs.write_sidecar via execute_json_operation", subject, "us", base)
    # Replaced versions' files are removed in batches (docs/data.md): the mean includes those writes.
    mean_base, mean = statistics.fmean(base_samples), statistics.fmean(samples)
    row("  same, means (a write that removes a batch included)", mean, "us", mean_base)
    targets.record("bench_data", "sidecar_write_4k", subject, base, f"means: {mean:.0f} vs {mean_base:.0f} us")


def bench_listing(host: Host, library: Library, repeats: int) -> None:
    with library.transaction() as db:
        for i in range(10_000):
            db.execute(
                "INSERT INTO entries VALUES (?, ?, ?, ?, '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                (str(uuid.uuid4()), f"n{i}", f"docs/{i % 100:03d}/{i:05d}.txt", "Doc" if i % 3 else "Pdf"),
            )
    raw = sqlite3.connect(library.path / "library.db")
    middle = "docs/050/"

    def baseline() -> None:
        rows = raw.execute(
            "SELECT * FROM entries WHERE path >= ? AND path < ? ORDER BY path, id LIMIT 101", (middle, "docs/0500")
        ).fetchall()
        [json.loads(r[4]) for r in rows]

    first_page = json.dumps({"path_prefix": "docs/", "limit": 100}).encode()
    answer = json.loads(host.execute_json_operation("query:vdfs.list_entries.v1", library.id, first_page))
    cursor_page = json.dumps({"cursor": answer["ok"]["next_cursor"], "limit": 100}).encode()

    def via_operation() -> None:
        host.execute_json_operation("query:vdfs.list_entries.v1", library.id, cursor_page)

    base_samples, samples = paired_samples(baseline, via_operation, repeats * 10)
    base, subject = min(base_samples), min(samples)
    print(f"list_entries, page of 100 of 10 000 entries (best of {len(samples)} alternating pages)")
    row("baseline: the range SELECT in raw SQLite (+ metadata JSON decode)", base, "us")
    row("vdfs.list_entries with a cursor via execute_json_operation", subject, "us", base)
    row("  same, medians", statistics.median(samples), "us", statistics.median(base_samples))
    targets.record("bench_data", "list_entries_page", subject, base)
    raw.close()


# -- events ----------------------------------------------------------------------------------
def events_extension(tmp: Path, wasm: Path, ext_id: str, events: dict[str, str]) -> Path:
    ext_dir = tmp / ext_id
    ext_dir.mkdir()
    (ext_dir / "events.wasm").write_bytes(wasm.read_bytes())
    manifest = {
        "id": ext_id, "name": ext_id, "version": "0.1.0", "wasm": "events.wasm",
        "permissions": {"methods": [], "libraries": ["*"]}, "events": events,
    }  # fmt: skip
    (ext_dir / "manifest.json").write_text(json.dumps(manifest))
    return ext_dir


def bench_events(host: Host, library: Library, wasm: Path, tmp: Path, repeats: int, burst: int) -> None:
    create = json.dumps({"name": "n", "path": "p", "entry_type": "t"}).encode()
    sample_event = json.dumps(
        {"event": "entry.created", "sequence": 1, "emitted_at": "2026-01-01T00:00:00Z", "library_id": str(library.id),
         "depth": 0, "caused_by": None, "entry": {"entry_id": str(uuid.uuid4()), "name": "n", "path": "p",
         "entry_type": "t", "metadata": {}, "created_at": "2026-01-01T00:00:00Z",
         "updated_at": "2026-01-01T00:00:00Z"}}
    ).encode()  # fmt: skip
    # Baselines: nobody subscribed; the same callback called inline on this thread. The subscription
    # is switched off and on between samples, so that both are measured under the same load.
    direct = host.load_extension(events_extension(tmp, wasm, "direct", {}))
    subscribed = host.load_extension(events_extension(tmp, wasm, "subscribed", {"entry.created": "on_entry_created"}))

    def emit() -> None:
        host.execute_json_operation("action:vdfs.create_entry.input.v1", library.id, create)

    def inline_one() -> None:
        emit()
        direct.call_json("on_entry_created", sample_event)

    def queued_one() -> None:
        emit()
        host.events.wait_idle(10)

    def inline_burst() -> None:
        for _ in range(burst):
            inline_one()

    def queued_burst() -> None:
        for _ in range(burst):
            emit()
        host.events.wait_idle(60)

    def paired(baseline: Callable[[], object], subject: Callable[[], object], count: int) -> tuple[float, float]:
        pairs = []
        for _ in range(count):
            host.events.unsubscribe("subscribed")
            before = timed_us(baseline)
            host.events.subscribe(subscribed)
            pairs.append((before, timed_us(subject)))
            direct.call_json("recorded", b"")
            subscribed.call_json("recorded", b"")
        return statistics.median(b for b, _ in pairs), statistics.median(s for _, s in pairs)

    base, latency = paired(inline_one, queued_one, repeats * 10)
    inline, queued = paired(inline_burst, queued_burst, repeats)
    print("events (one subscriber; entry.created -> Rust callback decoding the typed event)")
    row("baseline: create_entry, then the callback called inline", base, "us")
    row("one event: create_entry -> queue -> dispatcher thread -> callback", latency, "us", base)
    row(f"baseline: burst of {burst}, per event (create_entry + inline callback)", inline / burst, "us")
    row(f"burst of {burst} delivered by the dispatcher thread, per event", queued / burst, "us", inline / burst)
    host.unload_extension("direct")
    host.unload_extension("subscribed")


# -- jobs ------------------------------------------------------------------------------------
class NoParams(JobParams):
    pass


def noop_report(done: int, total: int | None, message: str | None) -> None:
    pass


def no_stop() -> None:
    return None


def trivial(ctx: JobContext, params: NoParams) -> dict[str, Any]:
    ctx.progress(1, 1)
    ctx.checkpoint()
    return {"ok": True}


def run_jobs(host: Host, library: Library, count: int) -> None:
    """Dispatch `count` trivial jobs and wait until the runner is idle again."""
    payload = json.dumps({"job_type": "trivial"}).encode()
    last = b""
    for _ in range(count):
        last = host.execute_json_operation("action:jobs.dispatch.input.v1", library.id, payload)
    host.jobs.wait_idle(120)
    job_id = json.loads(last)["ok"]["job_id"]
    state = json.loads(
        host.execute_json_operation("query:jobs.get_status.v1", library.id, json.dumps({"job_id": job_id}).encode())
    )
    assert state["ok"]["job"]["state"] == "completed", state


def run_inline(host: Host, library: Library, count: int) -> None:
    for _ in range(count):
        context = JobContext(uuid.uuid4(), library, host.services, noop_report, no_stop, threading.Event())
        trivial(context, NoParams())


def cpu_and_wall_us(run: Callable[[], object], repeats: int, count: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (all its threads) per unit: CPU time is
    what the host spends, and is far less disturbed than wall time by other processes on a busy machine."""
    run()  # warm up
    walls, cpus = [], []
    for _ in range(repeats):
        cpu, wall = time.process_time(), time.perf_counter()
        run()
        walls.append((time.perf_counter() - wall) * 1e6 / count)
        cpus.append((time.process_time() - cpu) * 1e6 / count)
    return statistics.median(walls), statistics.median(cpus)


def bench_jobs(tmp: Path, repeats: int, count: int) -> None:
    job_types = {**BUILTIN_JOB_TYPES, "trivial": JobType("trivial", "does nothing", NoParams, trivial)}
    print(f"job runner ({count} trivial jobs through jobs.dispatch, 2 workers; median per job, wall / CPU)")
    base = 0.0
    for label, interval in (("progress persisted every 0.25 s (default)", 0.25), ("every progress persisted", 0.0)):
        config = HostConfig(jobs=JobsConfig(progress_interval=interval))
        with Host(tmp / f"jobs-{interval}", config, job_types=job_types) as host:
            library = host.create_library("jobs")
            if not base:
                base, base_cpu = cpu_and_wall_us(lambda: run_inline(host, library, count), repeats, count)  # noqa: B023
                row("baseline: the job function called inline (wall)", base, "us")
                row("baseline: the job function called inline (CPU)", base_cpu, "us")
            wall, cpu = cpu_and_wall_us(lambda: run_jobs(host, library, count), repeats, count)  # noqa: B023
            row(f"dispatch -> completed, {label} (wall)", wall, "us", base)
            row(f"dispatch -> completed, {label} (CPU)", cpu, "us", base_cpu)
            print(f"  {'':<58} {1e6 / wall:>10.0f} jobs/s; runner overhead {wall - base:.0f} us per job")
            if interval:
                targets.record("bench_data", "job_overhead_us", wall - base, base,
                               f"dispatch->completed {wall:.0f} us wall, inline {base:.0f} us")  # fmt: skip


# -- vector index -----------------------------------------------------------------------------
def fill_vectors(library: Library, count: int, dimension: int) -> tuple[Any, list[str], list[str], list[str]]:
    """`count` entries (3 types, 100 path prefixes), one text sidecar row each (no files: search reads
    none), and a random unit vector per sidecar stored through the index."""
    import numpy as np
    from spacedrive_host.store.vectors import vector_index

    rng = np.random.default_rng(2026)
    vectors = rng.standard_normal((count, dimension)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [str(uuid.uuid4()) for _ in range(count)]
    types = [("Doc", "Note", "Scan")[i % 3] for i in range(count)]
    paths = [f"dir{i % 100:02d}/file{i:06d}" for i in range(count)]
    with library.transaction() as db:
        db.executemany(
            "INSERT INTO entries (id, name, path, entry_type, metadata, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, '{}', '', '')",
            [(ids[i], f"e{i}", paths[i], types[i]) for i in range(count)],
        )
        db.executemany(
            "INSERT INTO sidecars (entry_id, filename, format, size, sha256, updated_at) "
            "VALUES (?, 't.txt', 'text', 1, ?, '')",
            [(ids[i], f"{i:064x}") for i in range(count)],
        )
    index = vector_index(library)
    for start in range(0, count, 5000):
        index.upsert(
            [(uuid.UUID(ids[i]), "t.txt", f"{i:064x}", vectors[i]) for i in range(start, min(start + 5000, count))], "m"
        )
    return vectors, ids, types, paths


def bench_vectors(tmp: Path, count: int, queries: int) -> None:
    import numpy as np
    from spacedrive_host.store.vectors import vector_index

    dimension, k = 384, 10
    print(f"vector search: k={k} nearest of {count} x {dimension} float32 vectors; median of {queries} queries")
    library = Library.create(tmp / str(uuid.uuid4()), "vectors")
    started = time.perf_counter()
    vectors, ids, types, paths = fill_vectors(library, count, dimension)
    print(f"  {'(indexing ' + str(count) + ' vectors into sqlite-vec)':<58} {time.perf_counter() - started:>10.1f} s")
    index = vector_index(library)
    id_array = np.array(ids)
    type_array = np.array(types)
    prefix_array = np.array([p[:6] for p in paths])
    rng = np.random.default_rng(7)
    total_mismatches = 0
    cases: list[tuple[str, dict[str, str], Any]] = [
        ("unfiltered", {}, None),
        ("entry_type = 'Note' (1/3 of the entries)", {"entry_type": "Note"}, type_array == "Note"),
        ("path_prefix 'dir42/' (1/100 of the entries)", {"path_prefix": "dir42/"}, prefix_array == "dir42/"),
    ]
    for label, filters, mask in cases:
        ours, brute, mismatches = [], [], 0
        candidates = np.flatnonzero(mask) if mask is not None else None
        for _ in range(queries):
            query = rng.standard_normal(dimension).astype(np.float32)
            query /= np.linalg.norm(query)
            started = time.perf_counter()
            found = index.search(query, "m", k, **filters)  # type: ignore[arg-type]
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            if candidates is None:
                distances = 1.0 - vectors @ query
                top = np.argpartition(distances, k)[:k]
                expected = id_array[top[np.argsort(distances[top], kind="stable")]]
            else:
                distances = 1.0 - vectors[candidates] @ query
                top = np.argpartition(distances, k)[:k]
                expected = id_array[candidates[top[np.argsort(distances[top], kind="stable")]]]
            brute.append(time.perf_counter() - started)
            mismatches += [str(n.entry_id) for n in found] != expected.tolist()
        row(f"numpy brute force, {label}", statistics.median(brute) * 1e3, "ms")
        row(f"sqlite-vec search, {label}", statistics.median(ours) * 1e3, "ms", statistics.median(brute) * 1e3)
        print(f"  {'':<58} {'identical' if not mismatches else f'{mismatches} of {queries} DIFFER'}")
        total_mismatches += mismatches
        if not filters:
            medians = f"medians {statistics.median(ours) * 1e3:.1f} vs {statistics.median(brute) * 1e3:.1f} ms"
            targets.record("bench_data", "search_vs_numpy", min(ours) * 1e3, min(brute) * 1e3, medians)
    targets.record("bench_data", "search_identical", total_mismatches, None, f"{len(cases) * queries} queries")
    library.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--burst", type=int, default=500, help="events per burst")
    parser.add_argument("--jobs", type=int, default=300, help="jobs per burst")
    parser.add_argument("--vectors", type=int, default=100_000, help="vectors in the search benchmark")
    parser.add_argument("--queries", type=int, default=20, help="queries per search case")
    parser.add_argument("--only", choices=["jobs", "vectors"], help="run one part only")
    args = parser.parse_args()
    if args.only:
        with tempfile.TemporaryDirectory() as tmp_name:
            if args.only == "jobs":
                bench_jobs(Path(tmp_name), args.repeats, args.jobs)
            else:
                bench_vectors(Path(tmp_name), args.vectors, args.queries)
        return 0
    tools = toolchain.provision(state_dir=ROOT / "build" / "toolchain")
    built = toolchain.build(
        ROOT / "tests" / "guests" / "Cargo.toml", toolchain=tools, target_dir=ROOT / "build" / "wasm-target",
        packages=["guest-events"],
    )  # fmt: skip
    print(f"python {sys.version.split()[0]}; medians of {args.repeats} runs; ratios against the baseline above each")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with Host(tmp / "data") as host:
            library = host.create_library("bench")
            bench_sidecars(host, library, args.repeats * 10)
            bench_listing(host, library, args.repeats)
            bench_events(host, host.create_library("events"), built[0], tmp, args.repeats, args.burst)
        bench_jobs(tmp, args.repeats, args.jobs)
        bench_vectors(tmp, args.vectors, args.queries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
