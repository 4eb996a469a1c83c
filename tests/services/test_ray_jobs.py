"""The Ray jobs backend: `ocr_batch` and `embed_sidecars` over 200 documents on a local Ray
instance (`ray.init(num_cpus=2)`) give exactly what the thread backend gives; cancellation
stops a Ray job with nothing written after it; the thread backend needs no Ray.

Bounded in time: one Ray instance for the module, every wait has a deadline (RAY_WAIT)."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import HostConfig, JobsConfig
from spacedrive_host.store.library import Library
from spacedrive_host.store.vectors import vector_index
from support.ai_samples import encode, render_lines
from support.data_helpers import wait_for, wait_job

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install -e 'host[ray]'; nox installs it)")

DOCUMENTS = 200
RAY_WAIT = 240.0
"""Seconds one job may take before the test fails (a bound, not a speed assertion)."""
WORDS = ["coffee", "invoice", "rent", "salary", "flight", "doctor", "grocery", "tax", "energy", "insurance"]


def document(i: int) -> bytes:
    lines = [f"{WORDS[i % len(WORDS)].upper()} {i:03d}", f"TOTAL {i}.{i % 100:02d} EUR"]
    return encode(render_lines(lines, size=20, margin=10), "PNG")


@pytest.fixture(scope="module")
def ray_instance() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
    try:
        yield
    finally:
        ray.shutdown()


def fill(host: Host, library: Library, count: int = DOCUMENTS) -> list[str]:
    ids = []
    for i in range(count):
        entry = host.call(
            "action:vdfs.create_entry.input.v1", {"name": f"d{i}", "path": f"docs/{i:03d}", "entry_type": "Scan"},
            library.id,
        )  # fmt: skip
        entry_id = entry["ok"]["entry_id"]
        data = base64.b64encode(document(i)).decode()
        written = host.call(
            "action:vdfs.write_sidecar.input.v1", {"entry_id": entry_id, "filename": "scan.png", "data": data},
            library.id,
        )  # fmt: skip
        assert "ok" in written, written
        ids.append(entry_id)
    return ids


def run_job(host: Host, library: Library, job_type: str, params: dict[str, Any]) -> dict[str, Any]:
    answer = host.call("action:jobs.dispatch.input.v1", {"job_type": job_type, "params": params}, library.id)
    job = wait_job(host, library.id, answer["ok"]["job_id"], timeout=RAY_WAIT) if "ok" in answer else answer
    assert job.get("state") == "completed", job
    return job


def process_all(data_dir: Path, config: HostConfig) -> dict[str, Any]:
    """OCR then embed every document; what the library ends up holding, by entry path."""
    with Host(data_dir, config) as host:
        library = host.create_library("scans")
        ids = fill(host, library)
        ocr = run_job(host, library, "ocr_batch", {"entry_ids": ids, "source": "scan.png"})
        embedded = run_job(host, library, "embed_sidecars", {"sidecars": ["ocr.txt"]})
        texts, vectors = {}, {}
        index = vector_index(library)
        for entry_id in ids:
            path = library.get_entry(uuid.UUID(entry_id)).path
            texts[path] = library.read_sidecar(uuid.UUID(entry_id), "ocr.txt")[1].decode()
            stored = index.get(uuid.UUID(entry_id), embedded["result"]["model"], "ocr.txt")
            assert stored is not None
            vectors[path] = stored.vector
        return {"ocr": ocr, "embed": embedded, "texts": texts, "vectors": vectors}


def test_ray_backend_gives_what_the_thread_backend_gives(tmp_path: Path, ray_instance: None) -> None:
    threads = process_all(tmp_path / "threads", HostConfig())
    on_ray = process_all(tmp_path / "ray", HostConfig(jobs=JobsConfig(backend="ray", progress_interval=0.0)))
    assert threads["ocr"]["result"] == on_ray["ocr"]["result"]
    assert threads["ocr"]["result"]["processed"] == DOCUMENTS and threads["ocr"]["result"]["failures"] == 0
    assert on_ray["ocr"]["progress"] == {"done": DOCUMENTS, "total": DOCUMENTS, "message": "recognising text"}
    assert threads["texts"] == on_ray["texts"]
    assert threads["texts"]["docs/007"].splitlines() == ["TAX 007", "TOTAL 7.07 EUR"]
    assert threads["embed"]["result"] == on_ray["embed"]["result"]
    assert on_ray["embed"]["result"]["embedded"] == DOCUMENTS
    assert threads["vectors"].keys() == on_ray["vectors"].keys()
    for path, vector in threads["vectors"].items():
        assert np.array_equal(vector, on_ray["vectors"][path]), path


def test_cancelling_a_ray_job_stops_it_with_nothing_written_after(tmp_path: Path, ray_instance: None) -> None:
    config = HostConfig(jobs=JobsConfig(backend="ray", progress_interval=0.0, ray_in_flight=1))
    with Host(tmp_path / "d", config) as host:
        library = host.create_library("scans")
        ids = fill(host, library, 60)
        answer = host.call(
            "action:jobs.dispatch.input.v1",
            {"job_type": "ocr_batch", "params": {"entry_ids": ids, "source": "scan.png"}},
            library.id,
        )
        job_id = answer["ok"]["job_id"]
        wait_for(lambda: host.jobs.get(uuid.UUID(job_id), library.id).progress.done >= 3, "progress", RAY_WAIT)
        host.call("action:jobs.cancel.input.v1", {"job_id": job_id}, library.id)
        job = wait_job(host, library.id, job_id, timeout=RAY_WAIT)
        assert job["state"] == "cancelled"
        written = [i for i in ids if any(s.filename == "ocr.txt" for s in library.list_sidecars(uuid.UUID(i)))]
        assert 3 <= len(written) < len(ids)
        assert written == ids[: len(written)]  # in order, and none after the stop
        assert job["progress"]["done"] == len(written)


def test_the_thread_backend_is_the_default_and_needs_no_ray(tmp_path: Path) -> None:
    """In a process where `import ray` fails, jobs run as before."""
    probe = f"""
import sys, json, base64
sys.modules["ray"] = None  # import ray -> ImportError
from pathlib import Path
from spacedrive_host.app.host import Host
with Host(Path({str(tmp_path / "d")!r})) as host:
    assert host.config.jobs.backend == "threads"
    library = host.create_library("x")
    e = host.call("action:vdfs.create_entry.input.v1", {{"name": "n", "path": "p", "entry_type": "t"}}, library.id)
    e = e["ok"]["entry_id"]
    host.call("action:vdfs.write_sidecar.input.v1",
              {{"entry_id": e, "filename": "n.txt", "data": base64.b64encode(b"hello").decode()}}, library.id)
    job = host.call("action:jobs.dispatch.input.v1", {{"job_type": "embed_sidecars"}}, library.id)["ok"]["job_id"]
    host.jobs.wait_idle(120)
    print(json.dumps(host.call("query:jobs.get_status.v1", {{"job_id": job}}, library.id)["ok"]["job"]["state"]))
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=180, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == "completed"


def test_ray_backend_without_ray_fails_the_job_clearly(tmp_path: Path) -> None:
    probe = f"""
import sys, json
sys.modules["ray"] = None
from pathlib import Path
from spacedrive_host.core.config import HostConfig, JobsConfig
from spacedrive_host.app.host import Host
with Host(Path({str(tmp_path / "d")!r}), HostConfig(jobs=JobsConfig(backend="ray"))) as host:
    library = host.create_library("x")
    job = host.call("action:jobs.dispatch.input.v1", {{"job_type": "sidecar_checksum"}}, library.id)["ok"]["job_id"]
    host.jobs.wait_idle(60)
    print(json.dumps(host.call("query:jobs.get_status.v1", {{"job_id": job}}, library.id)["ok"]["job"]["error"]))
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    error = json.loads(out.stdout.strip().splitlines()[-1])
    assert error["code"] == "internal" and "pip install 'spacedrive-ext[ray]'" in error["message"]
    with pytest.raises(ValueError, match=r"jobs\.backend"):
        JobsConfig(backend="dask")
