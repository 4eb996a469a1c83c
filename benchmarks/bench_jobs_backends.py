"""Throughput of the jobs backends on this machine: `ocr_batch` and `embed_sidecars` over the
same documents with the thread backend (the default) and on a local Ray instance.

    python benchmarks/bench_jobs_backends.py [--documents N] [--ray-cpus N]

Ray start-up and actor start-up (model loading) are excluded: each backend runs one warm-up
job first. Prints documents per second for both, measured in the same run. Needs the `ray`
extra; without it only the thread backend is measured.
"""

from __future__ import annotations

import argparse
import base64
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from spacedrive_host.app.host import Host  # noqa: E402
from spacedrive_host.core.config import HostConfig, JobsConfig  # noqa: E402
from spacedrive_host.store.library import Library  # noqa: E402
from support.ai_samples import encode, render_lines  # noqa: E402

WORDS = ["coffee", "invoice", "rent", "salary", "flight", "doctor", "grocery", "tax", "energy", "insurance"]


def fill(host: Host, library: Library, count: int) -> list[str]:
    ids = []
    for i in range(count):
        entry = host.call(
            "action:vdfs.create_entry.input.v1", {"name": f"d{i}", "path": f"d/{i:05d}", "entry_type": "Scan"},
            library.id,
        )  # fmt: skip
        png = encode(render_lines([f"{WORDS[i % 10].upper()} {i:05d}", f"TOTAL {i}.{i % 100:02d} EUR"], size=20), "PNG")
        data = base64.b64encode(png).decode()
        host.call(
            "action:vdfs.write_sidecar.input.v1", {"entry_id": entry["ok"]["entry_id"], "filename": "scan.png",
                                                   "data": data}, library.id,
        )  # fmt: skip
        ids.append(entry["ok"]["entry_id"])
    return ids


def timed_job(host: Host, library: Library, job_type: str, params: dict[str, Any]) -> float:
    answer = host.call("action:jobs.dispatch.input.v1", {"job_type": job_type, "params": params}, library.id)
    started = time.perf_counter()
    host.jobs.wait_idle(3600)
    elapsed = time.perf_counter() - started
    job = host.jobs.get(uuid.UUID(answer["ok"]["job_id"]), library.id)
    assert job.state.value == "completed", job
    return elapsed


def measure(data_dir: Path, config: HostConfig, documents: int) -> tuple[float, float]:
    with Host(data_dir, config) as host:
        warm = host.create_library("warm-up")
        warm_ids = fill(host, warm, 4)
        timed_job(host, warm, "ocr_batch", {"entry_ids": warm_ids, "source": "scan.png"})
        timed_job(host, warm, "embed_sidecars", {})
        library = host.create_library("bench")
        ids = fill(host, library, documents)
        ocr = timed_job(host, library, "ocr_batch", {"entry_ids": ids, "source": "scan.png"})
        embed = timed_job(host, library, "embed_sidecars", {"sidecars": ["ocr.txt"]})
    return documents / ocr, documents / embed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--ray-cpus", type=int, default=2)
    args = parser.parse_args()
    print(f"jobs backends: {args.documents} scanned receipts (PNG), ocr_batch then embed_sidecars; documents/s")
    with tempfile.TemporaryDirectory() as tmp:
        ocr, embed = measure(Path(tmp) / "threads", HostConfig(), args.documents)
        label = "thread backend (default; one job runs on one worker thread)"
        print(f"  {label:<62} ocr {ocr:7.1f}/s   embed {embed:7.1f}/s")
        try:
            import ray
        except ImportError:
            print("  ray backend: Ray is not installed (pip install -e 'host[ray]')")
            return 0
        ray.init(num_cpus=args.ray_cpus, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
        try:
            config = HostConfig(jobs=JobsConfig(backend="ray"))
            ocr_r, embed_r = measure(Path(tmp) / "ray", config, args.documents)
        finally:
            ray.shutdown()
        label = f"ray backend (local, {args.ray_cpus} actors)"
        ratios = f"(x{ocr_r / ocr:.2f} / x{embed_r / embed:.2f})"
        print(f"  {label:<62} ocr {ocr_r:7.1f}/s   embed {embed_r:7.1f}/s   {ratios}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
