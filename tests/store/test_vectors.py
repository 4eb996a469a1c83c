"""The vector index (sqlite-vec in the library database), `ai.search_similar` and the
`embed_sidecars` job: exact results against numpy brute force, list_entries' filters,
triggers that drop stale embeddings, resumable and cancellable indexing, permissions."""

from __future__ import annotations

import base64
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from spacedrive_host.app.host import Host
from spacedrive_host.store.library import Library
from spacedrive_host.store.sqlite_vec import connect
from spacedrive_host.store.vectors import VectorIndex, vector_index
from support.data_helpers import wait_for, wait_job
from support.helpers import MakeExtension, run_step

DIM = 16
PATHS = ["a/", "a/b/", "a/b/c/long-directory-name/", "b/", "été/", "a/b%", "z"]
TYPES = ["Doc", "Note", "FinancialDocument"]


def brute_force(
    rows: list[tuple[str, str, str, str, np.ndarray]],
    query: np.ndarray,
    k: int,
    entry_type: str | None = None,
    path_prefix: str | None = None,
    exclude: str | None = None,
) -> list[tuple[str, str]]:
    """(entry_id, filename) of the k nearest entries by cosine distance, best sidecar per entry."""
    best: dict[str, tuple[float, str]] = {}
    for entry_id, filename, kind, path, vector in rows:
        if entry_type is not None and kind != entry_type:
            continue
        if path_prefix is not None and not path.startswith(path_prefix):
            continue
        if entry_id == exclude:
            continue
        distance = 1.0 - float(vector @ query)
        if entry_id not in best or distance < best[entry_id][0]:
            best[entry_id] = (distance, filename)
    ranked = sorted(best.items(), key=lambda item: (item[1][0], item[0]))
    return [(entry_id, filename) for entry_id, (_, filename) in ranked[:k]]


def add_text(host: Host, library: Library, path: str, entry_type: str, texts: dict[str, str]) -> str:
    entry = host.call(
        "action:vdfs.create_entry.input.v1", {"name": path, "path": path, "entry_type": entry_type}, library.id
    )
    entry_id: str = entry["ok"]["entry_id"]
    for filename, text in texts.items():
        data = base64.b64encode(text.encode()).decode()
        answer = host.call(
            "action:vdfs.write_sidecar.input.v1", {"entry_id": entry_id, "filename": filename, "data": data}, library.id
        )
        assert "ok" in answer, answer
    return entry_id


@pytest.fixture
def filled(library: Library) -> tuple[VectorIndex, list[tuple[str, str, str, str, np.ndarray]]]:
    """300 entries over PATHS x TYPES, 1-3 sidecars each, random unit vectors stored directly."""
    rng = np.random.default_rng(7)
    index = vector_index(library)
    rows = []
    items = []
    for i in range(300):
        path = f"{PATHS[i % len(PATHS)]}{i:04d}"
        kind = TYPES[i % len(TYPES)]
        entry = library.create_entry(f"e{i}", path, kind, {})
        for s in range(1 + i % 3):
            filename = f"t{s}.txt"
            record = library.write_sidecar(entry.entry_id, filename, f"text {i} {s}".encode(), "text")
            vector = rng.standard_normal(DIM).astype(np.float32)
            vector /= np.linalg.norm(vector)
            items.append((entry.entry_id, filename, record.sha256, vector))
            rows.append((str(entry.entry_id), filename, kind, path, vector))
    assert index.upsert(items, "m") == len(items)
    return index, rows


def test_sqlite_vec_is_loaded_on_library_connections(tmp_path: Path) -> None:
    db = connect(tmp_path / "x.db")
    assert db.execute("SELECT vec_version()").fetchone()[0].startswith("v0.1.")


@pytest.mark.parametrize(
    "filters",
    [{}, {"entry_type": "Note"}, {"path_prefix": "a/b/"}, {"path_prefix": "a/b"}, {"path_prefix": "été/"},
     {"path_prefix": "a/b/c/long-directory-name/0"}, {"entry_type": "Doc", "path_prefix": "a/"},
     {"path_prefix": "nothing"}],
)  # fmt: skip
def test_search_is_exact_with_list_entries_filters(
    filled: tuple[VectorIndex, list[Any]], filters: dict[str, str], library: Library
) -> None:
    index, rows = filled
    rng = np.random.default_rng(11)
    for k in (1, 5, 40, 400):
        query = rng.standard_normal(DIM).astype(np.float32)
        query /= np.linalg.norm(query)
        found = index.search(query, "m", k, **filters)  # type: ignore[arg-type]
        assert [(str(n.entry_id), n.filename) for n in found] == brute_force(rows, query, k, **filters)
    # the filter selects what list_entries selects
    if filters:
        listed = {str(e.entry_id) for e in library.list_entries(limit=10_000, **filters)}  # type: ignore[arg-type]
        assert listed == {r[0] for r in rows if brute_force([r], r[4], 1, **filters)}


def test_search_excludes_the_query_entry_and_other_models(filled: tuple[VectorIndex, list[Any]]) -> None:
    index, rows = filled
    entry_id, filename, _, _, vector = rows[10]
    stored = index.get(uuid.UUID(entry_id), "m", filename)
    assert stored is not None and np.array_equal(stored.vector, vector)
    found = index.search(vector, "m", 5, exclude=uuid.UUID(entry_id))
    assert [(str(n.entry_id), n.filename) for n in found] == brute_force(rows, vector, 5, exclude=entry_id)
    assert index.search(vector, "other-model", 5) == []
    assert index.search(np.ones(8, dtype=np.float32), "m", 5) == []  # no vectors of that dimension


def test_deleted_or_rewritten_sidecars_leave_the_index(library: Library) -> None:
    index = vector_index(library)
    entry = library.create_entry("e", "p", "Doc", {})
    first = library.write_sidecar(entry.entry_id, "a.txt", b"one", "text")
    second = library.write_sidecar(entry.entry_id, "b.txt", b"two", "text")
    vector = np.eye(DIM, dtype=np.float32)[0]
    items = [(entry.entry_id, "a.txt", first.sha256, vector), (entry.entry_id, "b.txt", second.sha256, vector)]
    index.upsert(items, "m")
    assert index.count("m") == 2
    library.write_sidecar(entry.entry_id, "a.txt", b"changed", "text")
    assert index.indexed("m") == {(str(entry.entry_id), "b.txt"): second.sha256}
    library.delete_sidecar(entry.entry_id, "b.txt")
    assert index.count() == 0
    assert index.search(vector, "m", 3) == []
    # an embedding of content that changed meanwhile is not stored
    assert index.upsert([(entry.entry_id, "a.txt", first.sha256, vector)], "m") == 0


def test_the_index_survives_reopening(tmp_path: Path) -> None:
    with Host(tmp_path / "d") as host:
        library = host.create_library("v")
        add_text(host, library, "p/1", "Doc", {"n.txt": "a cat on a mat"})
        add_text(host, library, "p/2", "Doc", {"n.txt": "stock prices fell"})
        job = host.call("action:jobs.dispatch.input.v1", {"job_type": "embed_sidecars"}, library.id)["ok"]["job_id"]
        assert wait_job(host, library.id, job)["state"] == "completed"
        library_id = library.id
    with Host(tmp_path / "d") as host:
        answer = host.call("query:ai.search_similar.v1", {"text": "kitten", "k": 1}, library_id)
        assert [r["entry"]["path"] for r in answer["ok"]["results"]] == ["p/1"]


# -- the operation and the job --------------------------------------------------------------------
def test_embed_job_then_search_by_text_and_by_entry(host: Host, library: Library) -> None:
    cat = add_text(host, library, "pets/cat", "Note", {"note.txt": "A cat sits on the mat.", "img.bin": "x"})
    kitten = add_text(host, library, "pets/kitten", "Note", {"note.txt": "A kitten is resting on a rug."})
    add_text(host, library, "money/stocks", "Note", {"note.txt": "The stock market fell sharply today."})
    receipt = add_text(host, library, "money/receipt", "FinancialDocument", {"ocr.txt": "Coffee 4.50 TOTAL 7.75 USD"})
    job_id = host.call("action:jobs.dispatch.input.v1", {"job_type": "embed_sidecars"}, library.id)["ok"]["job_id"]
    job = wait_job(host, library.id, job_id)
    assert job["state"] == "completed", job
    result = job["result"]
    assert (result["embedded"], result["skipped"], result["indexed"]) == (4, 0, 4)  # img.bin is binary: not embedded
    assert result["model"] == "all-MiniLM-L6-v2-int8"
    assert job["progress"]["done"] == job["progress"]["total"] == 4

    answer = host.call("query:ai.search_similar.v1", {"text": "a little cat", "k": 2}, library.id)["ok"]
    assert answer["model"] == "all-MiniLM-L6-v2-int8"
    assert [r["entry"]["entry_id"] for r in answer["results"]] == [cat, kitten]
    assert answer["results"][0]["sidecar"] == "note.txt" and 0 < answer["results"][0]["score"] <= 1
    by_entry = host.call("query:ai.search_similar.v1", {"entry_id": cat, "k": 1}, library.id)["ok"]
    assert [r["entry"]["entry_id"] for r in by_entry["results"]] == [kitten]
    filtered = host.call(
        "query:ai.search_similar.v1", {"text": "a little cat", "entry_type": "FinancialDocument"}, library.id
    )["ok"]
    assert [r["entry"]["entry_id"] for r in filtered["results"]] == [receipt]
    prefixed = host.call("query:ai.search_similar.v1", {"text": "cat", "path_prefix": "money/", "k": 5}, library.id)
    assert {r["entry"]["path"] for r in prefixed["ok"]["results"]} == {"money/stocks", "money/receipt"}

    # again: nothing changed, nothing embedded; a changed and a new sidecar are embedded
    add_text(host, library, "pets/dog", "Note", {"note.txt": "A dog sleeps by the door."})
    data = base64.b64encode(b"A cat and a kitten play with a ball.").decode()
    host.call("action:vdfs.write_sidecar.input.v1", {"entry_id": cat, "filename": "note.txt", "data": data}, library.id)
    again = host.call("action:jobs.dispatch.input.v1", {"job_type": "embed_sidecars"}, library.id)["ok"]["job_id"]
    result = wait_job(host, library.id, again)["result"]
    assert (result["embedded"], result["skipped"], result["indexed"]) == (2, 3, 5)


def test_search_errors(host: Host, library: Library) -> None:
    entry = add_text(host, library, "p", "Doc", {"n.txt": "hello"})
    search = "query:ai.search_similar.v1"
    assert host.call(search, {}, library.id)["error"]["code"] == "invalid_input"
    assert host.call(search, {"text": "x", "entry_id": entry}, library.id)["error"]["code"] == "invalid_input"
    assert host.call(search, {"text": "x", "sidecar": "n.txt"}, library.id)["error"]["code"] == "invalid_input"
    assert host.call(search, {"entry_id": entry}, library.id)["error"]["code"] == "not_found"  # not embedded yet
    assert host.call(search, {"entry_id": str(uuid.uuid4())}, library.id)["error"]["code"] == "not_found"
    assert host.call(search, {"text": "x"}, None)["error"]["code"] == "library_required"
    assert host.call(search, {"text": "x"}, library.id)["ok"]["results"] == []
    bad_params = {"job_type": "embed_sidecars", "params": {"sidecars": ["../x"]}}
    bad = host.call("action:jobs.dispatch.input.v1", bad_params, library.id)["ok"]["job_id"]
    failed = wait_job(host, library.id, bad)
    assert (failed["state"], failed["error"]["code"]) == ("failed", "invalid_input")


def test_embed_job_is_cancellable_and_resumes(host: Host, library: Library) -> None:
    for i in range(40):
        add_text(host, library, f"docs/{i:02d}", "Doc", {"t.txt": f"document number {i} about topic {i % 7}"})
    params = {"batch_size": 1}
    job_id = host.call("action:jobs.dispatch.input.v1", {"job_type": "embed_sidecars", "params": params}, library.id)
    job_id = job_id["ok"]["job_id"]
    wait_for(lambda: host.jobs.get(uuid.UUID(job_id), library.id).progress.done >= 2, "some progress")
    host.call("action:jobs.cancel.input.v1", {"job_id": job_id}, library.id)
    cancelled = wait_job(host, library.id, job_id)
    assert cancelled["state"] == "cancelled"
    indexed = vector_index(library).count()
    assert 2 <= indexed < 40
    resumed = host.call("action:jobs.dispatch.input.v1", {"job_type": "embed_sidecars"}, library.id)["ok"]["job_id"]
    result = wait_job(host, library.id, resumed)["result"]
    assert (result["skipped"], result["embedded"], result["indexed"]) == (indexed, 40 - indexed, 40)


@pytest.mark.guests
def test_search_from_a_guest_is_scoped_and_permissioned(
    host: Host, library: Library, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    cat = add_text(host, library, "pets/cat", "Note", {"note.txt": "A cat sits on the mat."})
    add_text(host, library, "money/stocks", "Note", {"note.txt": "The stock market fell sharply today."})
    job = host.call("action:jobs.dispatch.input.v1", {"job_type": "embed_sidecars"}, library.id)["ok"]["job_id"]
    wait_job(host, library.id, job)
    other = host.create_library("other")
    permissions = {"methods": ["ai.search_similar"], "libraries": [str(library.id)]}
    guest = host.load_extension(make_extension(guest_wasm["e2e"], ext_id="search", permissions=permissions))
    answer = run_step(guest, "search_similar", library.id, input={"text": "kitten", "k": 1})["ok"]
    assert answer["model"] == "all-MiniLM-L6-v2-int8"
    assert answer["results"] == [[cat, "pets/cat", "note.txt", answer["results"][0][3]]]
    denied = run_step(guest, "search_similar", other.id, input={"text": "kitten"})["error"]
    assert denied["code"] == "permission_denied"
    host.unload_extension("search")
    no_method = {"methods": ["ai.generate_embedding"], "libraries": ["*"]}
    guest = host.load_extension(make_extension(guest_wasm["e2e"], ext_id="search2", permissions=no_method))
    assert run_step(guest, "search_similar", library.id, input={"text": "x"})["error"]["code"] == "permission_denied"
