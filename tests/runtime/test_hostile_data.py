"""Hostile data: what one extension stores never breaks another, quotas count every byte,
and an error answer never hides a committed write (docs/data.md, docs/schema-subset.md).

Each class is tested across every operation (or every action) the registry has, not only
the example that first showed it: free-form values beyond the limits, NaN and Infinity,
integers outside what both languages hold, pages larger than the caller's cap, metadata
that fills a library, and answers refused after their write.
"""

from __future__ import annotations

import base64
import copy
import json
import math
import random
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest
from spacedrive_codegen.ir import Field, StructType, TypeRef
from spacedrive_codegen.parser import parse_schema_dir
from spacedrive_host.api.jobs import BUILTIN_JOB_TYPES
from spacedrive_host.api.operations import Caller
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import HostConfig, VdfsConfig
from spacedrive_host.core.errors import OperationError
from spacedrive_host.core.permissions import Permissions
from spacedrive_host.services.jobs import JobContext, JobType
from spacedrive_host.store.library import Library
from spacedrive_wire import models
from spacedrive_wire.json_limits import FREE_FORM_JSON
from spacedrive_wire.operations import REGISTRY
from support.data_helpers import Gate, GateParams, wait_for, wait_job
from support.helpers import ROOT, MakeExtension, run_step

API = parse_schema_dir(ROOT / "schema")
LIMITS = API.json_limits
VDFS = {"permissions": {"methods": ["vdfs.*", "libraries.*"], "libraries": ["*"]}}
I64_MIN, I64_MAX, U64_MAX = -(2**63), 2**63 - 1, 2**64 - 1


def nested(depth: int, leaf: Any = 1) -> Any:
    """A value `depth` containers deep (alternating objects and arrays)."""
    value = leaf
    for level in range(depth):
        value = {"k": value} if level % 2 else [value]
    return value


def free_form_paths(struct: StructType, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Field]]:
    """Every free-form field (untyped value or map of them) reachable through nested structs."""
    for field in struct.fields:
        path = (*prefix, field.json_name)
        ref: TypeRef = field.type
        if ref.free_form:
            yield path, field
        elif ref.kind == "named":
            named = API.type_named(ref.name or "")
            if isinstance(named, StructType):
                yield from free_form_paths(named, path)


FREE_FORM_INPUTS = [
    pytest.param(op, path, id=f"{op.method}-{'.'.join(path)}")
    for op in API.operations
    for path, _ in free_form_paths(op.input)
]
"""Every (operation, free-form input field): the class, not the example of entry metadata."""

HOSTILE = {
    "nested_150_deep": nested(150),
    "one_level_too_deep": nested(LIMITS.max_depth),  # + the wrapping object below = max_depth + 1
    "400_digit_integer": int("9" * 400),
    "above_u64": U64_MAX + 1,
    "below_i64": I64_MIN - 1,
    "float_overflowing_to_infinity": "<1e400>",  # written as the bare number 1e400 (json.dumps would say Infinity)
    "long_string": "x" * (LIMITS.max_string_bytes + 1),
    "long_multibyte_string": "é" * (LIMITS.max_string_bytes // 2 + 1),
    "long_key": {"k" * (LIMITS.max_string_bytes + 1): 1},
    "too_large_in_all": ["y" * 1000] * (LIMITS.max_total_bytes // 1000 + 1),
    "multi_megabyte_string": "z" * (3 * 1024 * 1024),
}


def example_input(op: Any) -> dict[str, Any]:
    value: dict[str, Any] = copy.deepcopy(op.examples[0].input)
    return value


def set_path(payload: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        payload = payload.setdefault(key, {})
    payload[path[-1]] = value


@pytest.fixture
def library(host: Host) -> Library:
    return host.create_library("hostile")


# -- 3. free-form JSON limits ----------------------------------------------------------------
@pytest.mark.parametrize("hostile", sorted(HOSTILE))
@pytest.mark.parametrize(("op", "path"), FREE_FORM_INPUTS)
def test_free_form_values_beyond_the_limits_are_invalid_input_for_every_operation(
    host: Host, library: Library, op: Any, path: tuple[str, ...], hostile: str
) -> None:
    payload = example_input(op)
    set_path(payload, path, {"value": HOSTILE[hostile]})
    text = json.dumps(payload).replace('"<1e400>"', "1e400")
    raw = host.execute_json_operation(op.method, library.id, text.encode())
    answer = json.loads(raw)
    assert answer.get("error", {}).get("code") == "invalid_input", answer
    locs = [detail["loc"] for detail in answer["error"]["details"]]
    assert list(path) in locs, f"the error names the field {path}: {locs}"


@pytest.mark.parametrize(("op", "path"), FREE_FORM_INPUTS)
def test_free_form_values_at_the_limits_are_accepted_for_every_operation(op: Any, path: tuple[str, ...]) -> None:
    payload = example_input(op)
    set_path(payload, path, at_the_limits())
    REGISTRY[op.method].input_model.model_validate_json(json.dumps(payload))


def at_the_limits() -> dict[str, Any]:
    """A value on every edge at once: deepest nesting, extreme integers, longest string, largest floats."""
    value: dict[str, Any] = {
        "deep": nested(LIMITS.max_depth - 1, leaf="bottom"),
        "integers": [I64_MIN, I64_MAX, U64_MAX, 0, -1],
        "floats": [1.7976931348623157e308, -1.7976931348623157e308, 5e-324, 0.1, -0.0, 1e-7, 123456789.125],
        "string": "s" * LIMITS.max_string_bytes,
        "multibyte": "é" * (LIMITS.max_string_bytes // 2),
        "k" * LIMITS.max_string_bytes: None,
        "unicode": '\u2028\u2029\x00\x1f"\\/ ünïcødé 🦀',
        "empty": [{}, [], ""],
        "flags": [True, False, None],
    }
    assert FREE_FORM_JSON.problem(value) is None
    return value


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("method", sorted(REGISTRY))
def test_nan_and_infinity_are_invalid_json_for_every_operation(
    host: Host, library: Library, method: str, token: str
) -> None:
    example = json.dumps(example_input(API_OPS[method]))
    payload = (example[:-1] + ("," if example != "{}" else "") + f'"not_json":{token}}}').encode()
    answer = json.loads(host.execute_json_operation(method, library.id, payload))
    assert answer.get("error", {}).get("code") == "invalid_json", answer


API_OPS = {op.method: op for op in API.operations}


def test_nan_in_metadata_is_refused_and_nothing_is_stored(host: Host, library: Library) -> None:
    payload = b'{"name": "n", "path": "p", "entry_type": "t", "metadata": {"x": NaN}}'
    answer = json.loads(host.execute_json_operation("action:vdfs.create_entry.input.v1", library.id, payload))
    assert answer["error"]["code"] == "invalid_json"
    text = b'{"name": "n", "path": "p", "entry_type": "t", "metadata": {"x": "NaN and Infinity in a string"}}'
    assert "ok" in json.loads(host.execute_json_operation("action:vdfs.create_entry.input.v1", library.id, text))
    assert library.stats().entry_count == 1


TYPED_INTEGER_INPUTS = [
    pytest.param(op, field.json_name, id=f"{op.method}-{field.json_name}")
    for op in API.operations
    for field in op.input.fields
    if field.type.kind == "primitive" and field.type.primitive == "integer"
]


@pytest.mark.parametrize(("op", "name"), TYPED_INTEGER_INPUTS)
@pytest.mark.parametrize("value", [I64_MAX + 1, I64_MIN - 1, int("9" * 400)])
def test_typed_integers_are_i64_for_every_operation(
    host: Host, library: Library, op: Any, name: str, value: int
) -> None:
    payload = example_input(op) | {name: value}
    answer = json.loads(host.execute_json_operation(op.method, library.id, json.dumps(payload).encode()))
    assert answer["error"]["code"] == "invalid_input"
    assert [name] in [detail["loc"] for detail in answer["error"]["details"]]


NOW = "2026-01-01T00:00:00Z"


def test_i64_integers_fit_every_integer_type_of_the_models() -> None:
    assert models.SidecarInfo(filename="a", format="binary", size=I64_MAX, sha256="x", updated_at=NOW).size == I64_MAX
    with pytest.raises(pydantic.ValidationError):
        models.SidecarInfo(filename="a", format="binary", size=I64_MAX + 1, sha256="x", updated_at=NOW)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_answers_never_carry_nan_or_infinity(bad: float) -> None:
    """Host output is strict JSON too: a model holding NaN cannot even be built."""
    with pytest.raises(pydantic.ValidationError):
        models.Entry(
            entry_id=uuid.uuid4(), name="n", path="p", entry_type="t", metadata={"x": [bad]},
            created_at="2026-01-01T00:00:00Z", updated_at="2026-01-01T00:00:00Z",
        )  # fmt: skip
    with pytest.raises(pydantic.ValidationError):
        models.ClassifyTextOutput(result={"score": bad}, method="rule_based_extraction", backend="embedded", model="m")
    with pytest.raises(pydantic.ValidationError):
        models.LabelScore(label="a", score=bad)


def test_the_storage_layer_refuses_what_the_wire_would(library: Library) -> None:
    """Direct callers of the library (jobs, the host itself) cannot store an undecodable value either."""
    for value in (nested(150), {"x": math.nan}, {"x": int("9" * 400)}, {"x": "s" * (LIMITS.max_string_bytes + 1)}):
        with pytest.raises(OperationError) as caught:
            library.create_entry("n", "p", "t", {"v": value})
        assert caught.value.code == "invalid_input"
    assert library.stats().entry_count == 0


def test_a_merge_patch_that_grows_past_the_limits_is_refused_before_it_is_written(host: Host, library: Library) -> None:
    half = "h" * (LIMITS.max_string_bytes - 10)
    first = {f"a{i}": half for i in range(LIMITS.max_total_bytes // LIMITS.max_string_bytes - 1)}
    created = host.call(
        "action:vdfs.create_entry.input.v1", {"name": "n", "path": "p", "entry_type": "t", "metadata": first},
        library.id,
    )  # fmt: skip
    entry_id = created["ok"]["entry_id"]
    patch = {f"b{i}": half for i in range(3)}  # valid alone; together with `first` too large
    answer = host.call("action:vdfs.update_metadata.input.v1", {"entry_id": entry_id, "metadata": patch}, library.id)
    assert answer["error"]["code"] == "invalid_input", answer
    stored = host.call("query:vdfs.get_entry.v1", {"entry_id": entry_id}, library.id)["ok"]["entry"]["metadata"]
    assert stored == first


def test_a_job_result_outside_the_limits_fails_the_job_and_its_status_stays_readable(tmp_path: Path) -> None:
    def bad_result(ctx: JobContext, params: GateParams) -> dict[str, Any]:
        return {"score": math.nan, "deep": nested(150)}

    job_types = {**BUILTIN_JOB_TYPES, "bad": JobType("bad", "returns NaN", GateParams, bad_result)}
    with Host(tmp_path / "jobs", job_types=job_types) as host:
        library = host.create_library("jobs")
        job_id = host.call("action:jobs.dispatch.input.v1", {"job_type": "bad", "params": {}}, library.id)["ok"][
            "job_id"
        ]
        job = wait_job(host, library.id, job_id)
        assert (job["state"], job["result"], job["error"]["code"]) == ("failed", None, "internal")


# -- the Rust SDK decodes whatever the host accepts ------------------------------------------
def random_value(rng: random.Random, depth: int) -> Any:
    """A random JSON value within the limits, biased towards the edges."""
    kind = rng.choice(["int", "float", "str", "bool", "null", "list", "dict"] if depth > 0 else ["int", "float", "str"])
    if kind == "int":
        return rng.choice([I64_MIN, I64_MAX, U64_MAX, 0, -1, rng.randint(I64_MIN, U64_MAX)])
    if kind == "float":
        return rng.choice([5e-324, 1.7976931348623157e308, -2.2250738585072014e-308, rng.uniform(-1e300, 1e300)])
    if kind == "str":
        return "".join(rng.choice('aé🦀"\\\n\u2028\x00') for _ in range(rng.randint(0, 40)))
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "null":
        return None
    if kind == "list":
        return [random_value(rng, depth - 1) for _ in range(rng.randint(0, 3))]
    return {f"k{i}é": random_value(rng, depth - 1) for i in range(rng.randint(0, 3))}


@pytest.fixture
def e2e(host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension) -> Any:
    return host.load_extension(make_extension(guest_wasm["e2e"], ext_id="e2e", **VDFS))


def test_hostile_but_accepted_metadata_comes_back_through_list_entries_in_the_rust_sdk(
    host: Host, library: Library, e2e: Any
) -> None:
    rng = random.Random(7)
    values = [at_the_limits()] + [{"random": random_value(rng, LIMITS.max_depth - 1)} for _ in range(20)]
    values.append({"deepest": nested(LIMITS.max_depth - 2, leaf=[U64_MAX, I64_MIN, 5e-324])})
    for i, metadata in enumerate(values):
        answer = host.call(
            "action:vdfs.create_entry.input.v1",
            {"name": f"n{i}", "path": f"p/{i:03}", "entry_type": "Hostile", "metadata": metadata},
            library.id,
        )
        assert "ok" in answer, (i, str(answer)[:300])
    listed = run_step(e2e, "list_entries", library.id, input={"entry_type": "Hostile", "limit": 1000})
    assert "ok" in listed, str(listed)[:500]
    assert [e["metadata"] for e in listed["ok"]["entries"]] == values
    assert "next_cursor" not in listed["ok"]


@pytest.fixture(scope="module")
def contract_guest(guest_wasm: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    data = tmp_path_factory.mktemp("hostile-contract")
    directory = data / "ext"
    directory.mkdir()
    (directory / "contract.wasm").write_bytes(guest_wasm["contract"].read_bytes())
    manifest = {"id": "contract", "name": "Contract", "version": "0.1.0", "wasm": "contract.wasm"}
    (directory / "manifest.json").write_text(json.dumps(manifest))
    with Host(data / "data") as host:
        yield host.load_extension(directory)


@pytest.mark.parametrize("seed", range(5))
def test_any_accepted_free_form_value_decodes_in_the_rust_sdk_types(contract_guest: Any, seed: int) -> None:
    rng = random.Random(seed)
    metadata = at_the_limits() | {"v": random_value(rng, LIMITS.max_depth - 1)}
    entry = {
        "entry_id": str(uuid.uuid4()), "name": "n", "path": "p", "entry_type": "t", "metadata": metadata,
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
    }  # fmt: skip
    models.Entry.model_validate_json(json.dumps(entry))  # accepted by the host's models
    answer = json.loads(
        contract_guest.call_json(
            "roundtrip", json.dumps({"type": "ListEntriesOutput", "value": {"entries": [entry]}}).encode()
        )
    )
    assert answer == {"ok": {"entries": [entry]}}


# -- listings fit the response cap ------------------------------------------------------------
def caller(cap: int) -> Caller:
    return Caller("capped", Permissions.allow_all(), max_response_bytes=cap)


def fill(host: Host, library: Library, count: int, rng: random.Random) -> list[str]:
    paths = []
    for i in range(count):
        size = rng.choice([0, 10, 1000, 50_000, LIMITS.max_string_bytes])
        metadata = {f"f{j}": "m" * size for j in range(rng.randint(0, 3))}
        path = f"docs/{i:04}"
        answer = host.call(
            "action:vdfs.create_entry.input.v1", {"name": "n", "path": path, "entry_type": "t", "metadata": metadata},
            library.id,
        )  # fmt: skip
        assert "ok" in answer, str(answer)[:300]
        paths.append(path)
    return paths


@pytest.mark.parametrize("cap", [300_000, 700_000, 2_000_000])
def test_every_page_of_list_entries_fits_the_callers_response_cap(host: Host, library: Library, cap: int) -> None:
    paths = fill(host, library, 40, random.Random(cap))
    seen: list[str] = []
    request: dict[str, Any] = {"limit": 1000}
    for _ in range(100):
        raw = host.router.execute_json_operation(
            "query:vdfs.list_entries.v1", library.id, json.dumps(request).encode(), caller(cap)
        )
        assert len(raw) <= cap
        page = json.loads(raw)["ok"]
        seen += [e["path"] for e in page["entries"]]
        if "next_cursor" not in page:
            break
        request["cursor"] = page["next_cursor"]
    assert seen == paths


def test_an_entry_larger_than_the_cap_is_refused_with_a_cursor_past_it(host: Host, library: Library) -> None:
    for path, size in (("a", 10), ("b", 60_000), ("c", 10)):
        answer = host.call(
            "action:vdfs.create_entry.input.v1",
            {"name": "n", "path": path, "entry_type": "t", "metadata": {"m": "x" * size, "n": "y" * size}},
            library.id,
        )
        assert "ok" in answer
    cap = 50_000
    first = json.loads(host.router.execute_json_operation("query:vdfs.list_entries.v1", library.id, b"{}", caller(cap)))
    assert [e["path"] for e in first["ok"]["entries"]] == ["a"]
    stuck = host.router.execute_json_operation(
        "query:vdfs.list_entries.v1",
        library.id,
        json.dumps({"cursor": first["ok"]["next_cursor"]}).encode(),
        caller(cap),
    )
    error = json.loads(stuck)["error"]
    assert len(stuck) <= cap and error["code"] == "payload_too_large"
    rest = json.loads(
        host.router.execute_json_operation(
            "query:vdfs.list_entries.v1", library.id, json.dumps({"cursor": error["details"]["next_cursor"]}).encode(),
            caller(cap),
        )
    )  # fmt: skip
    assert [e["path"] for e in rest["ok"]["entries"]] == ["c"]


def test_the_rust_sdk_pages_through_entries_under_a_small_response_cap(
    host: Host, library: Library, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    paths = fill(host, library, 30, random.Random(1))
    small = host.load_extension(
        make_extension(guest_wasm["e2e"], ext_id="small", limits={"response_bytes": 400_000}, **VDFS)
    )
    listed = run_step(small, "list_entries_all", library.id, input={"limit": 1000})
    assert "ok" in listed, str(listed)[:300]
    pages = listed["ok"]["pages"]
    assert [p for page in pages for p in page] == paths
    assert len(pages) > 1


def fill_listing(host: Host, library: Library, listing: str, count: int) -> tuple[dict[str, Any], str, list[str]]:
    """`count` items in one of the other listings; returns its input, its items field and their keys."""
    if listing == "query:vdfs.list_sidecars.v1":
        entry_id = _entry(host, library)
        names = [f"sidecar-{i:03}-{'n' * 150}.txt" for i in range(count)]
        for name in names:
            payload = {"entry_id": entry_id, "filename": name, "data": base64.b64encode(b"x").decode()}
            assert "ok" in host.call("action:vdfs.write_sidecar.input.v1", payload, library.id)
        return {"entry_id": entry_id}, "sidecars", names
    if listing == "query:libraries.list.v1":
        made = [str(library.id)] + [str(host.create_library(f"library {i} " + "l" * 200).id) for i in range(count - 1)]
        return {}, "libraries", made
    ids = [f"cred-{i:03}-" + "c" * 110 for i in range(count)]
    for credential_id in ids:
        credential: dict[str, Any] = {"credential_id": credential_id, "kind": "api_key", "api_key": {"key": "k"}}
        stored = host.router.execute_json_operation(
            "action:credentials.store.input.v1", None, json.dumps(credential).encode(), caller(1 << 24)
        )
        assert "ok" in json.loads(stored)
    return {}, "credential_ids", ids


def item_key(item: Any) -> str:
    if isinstance(item, str):
        return item
    return str(item.get("filename") or item.get("library_id"))


@pytest.mark.parametrize(
    "listing", ["query:vdfs.list_sidecars.v1", "query:libraries.list.v1", "query:credentials.list.v1"]
)
def test_every_page_of_the_other_listings_fits_the_response_cap(host: Host, library: Library, listing: str) -> None:
    request, field, keys = fill_listing(host, library, listing, 40)
    cap = 3000
    seen: list[str] = []
    pages = 0
    for _ in range(100):
        raw = host.router.execute_json_operation(listing, library.id, json.dumps(request).encode(), caller(cap))
        assert len(raw) <= cap, len(raw)
        page = json.loads(raw)["ok"]
        seen += [item_key(item) for item in page[field]]
        pages += 1
        if "next_cursor" not in page:
            break
        request["cursor"] = page["next_cursor"]
    assert seen == keys
    assert pages > 1
    bad = json.loads(
        host.router.execute_json_operation(
            listing, library.id, json.dumps(request | {"cursor": "bad"}).encode(), caller(cap)
        )
    )
    assert bad["error"]["code"] == "invalid_input"


def test_the_rust_sdk_lists_every_sidecar_under_a_small_response_cap(
    host: Host, library: Library, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    request, _, names = fill_listing(host, library, "query:vdfs.list_sidecars.v1", 60)
    small = host.load_extension(
        make_extension(guest_wasm["e2e"], ext_id="small", limits={"response_bytes": 4096}, **VDFS)
    )
    summary = run_step(small, "list_sidecars_summary", library.id, entry_id=request["entry_id"])
    assert summary == {"ok": {"count": 60, "first": names[0], "last": names[-1]}}


# -- 4. quotas count every byte ----------------------------------------------------------------
@pytest.fixture
def quota_host(tmp_path: Path) -> Iterator[Host]:
    with Host(tmp_path / "quota", HostConfig(vdfs=VdfsConfig(max_library_bytes=1024 * 1024))) as h:
        yield h


def test_metadata_fills_the_quota_and_is_refused_before_anything_is_written(quota_host: Host) -> None:
    library = quota_host.create_library("q")
    big = {f"f{i}": "m" * (LIMITS.max_string_bytes - 100) for i in range(3)}
    refused = None
    for i in range(100):
        answer = quota_host.call(
            "action:vdfs.create_entry.input.v1",
            {"name": "n", "path": f"p{i}", "entry_type": "t", "metadata": big},
            library.id,
        )
        if "error" in answer:
            refused = answer["error"]
            break
    assert refused is not None and refused["code"] == "library_quota_exceeded", "metadata must count"
    stats = library.stats()
    assert refused["details"]["limit"] == 1024 * 1024
    assert refused["details"]["used"] == stats.used_bytes
    assert stats.used_bytes + refused["details"]["needed"] > 1024 * 1024 >= stats.used_bytes
    assert stats.entry_count == i, "the refused entry was not written"
    db = library.path / "library.db"
    library._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert db.stat().st_size < 3 * 1024 * 1024, "the database stays near the quota"


def test_growing_metadata_and_sidecars_share_one_quota(quota_host: Host) -> None:
    library = quota_host.create_library("q")
    entry_id = quota_host.call(
        "action:vdfs.create_entry.input.v1", {"name": "n", "path": "p", "entry_type": "t"}, library.id
    )["ok"]["entry_id"]
    data = base64.b64encode(b"d" * (1024 * 1024 - 20_000)).decode()
    written = quota_host.call(
        "action:vdfs.write_sidecar.input.v1", {"entry_id": entry_id, "filename": "s.bin", "data": data}, library.id
    )
    assert "ok" in written, written
    before = library.stats()
    patch = {"m": "x" * 30_000}
    answer = quota_host.call(
        "action:vdfs.update_metadata.input.v1", {"entry_id": entry_id, "metadata": patch}, library.id
    )
    assert answer["error"]["code"] == "library_quota_exceeded"
    assert library.stats() == before
    assert (
        quota_host.call("query:vdfs.get_entry.v1", {"entry_id": entry_id}, library.id)["ok"]["entry"]["metadata"] == {}
    )
    shrink = quota_host.call(
        "action:vdfs.delete_sidecar.input.v1", {"entry_id": entry_id, "filename": "s.bin"}, library.id
    )
    assert "ok" in shrink
    assert "ok" in quota_host.call(
        "action:vdfs.update_metadata.input.v1", {"entry_id": entry_id, "metadata": patch}, library.id
    )
    info = quota_host.call("query:libraries.get.v1", {"library_id": str(library.id)})["ok"]["library"]
    assert info["used_bytes"] == library.stats().used_bytes > info["sidecar_bytes"] == 0


# -- 5. an error answer never hides a committed write -------------------------------------------
Scenario = Callable[[Host, Library], tuple[dict[str, Any], Callable[[dict[str, Any]], bool]]]
"""Sets up what an action needs; returns its input and a check that its write is visible."""


def _entry(host: Host, library: Library) -> str:
    answer = host.call("action:vdfs.create_entry.input.v1", {"name": "n", "path": "p", "entry_type": "t"}, library.id)
    entry_id: str = answer["ok"]["entry_id"]
    return entry_id


def _sidecar(host: Host, library: Library, entry_id: str) -> None:
    payload = {"entry_id": entry_id, "filename": "s.txt", "data": base64.b64encode(b"hello").decode()}
    assert "ok" in host.call("action:vdfs.write_sidecar.input.v1", payload, library.id)


def create_library(host: Host, library: Library) -> Any:
    return {
        "name": "made by an action"
    }, lambda ok: host.libraries.get(uuid.UUID(ok["library"]["library_id"])) is not None


def create_entry(host: Host, library: Library) -> Any:
    return {"name": "n", "path": "new", "entry_type": "t", "metadata": {"k": "v" * 100}}, (
        lambda ok: library.get_entry(uuid.UUID(ok["entry_id"])).metadata == {"k": "v" * 100}
    )


def update_metadata(host: Host, library: Library) -> Any:
    entry_id = _entry(host, library)
    return {"entry_id": entry_id, "metadata": {"k": "v" * 100}}, (
        lambda ok: library.get_entry(uuid.UUID(entry_id)).metadata == {"k": "v" * 100}
    )


def write_sidecar(host: Host, library: Library) -> Any:
    entry_id = _entry(host, library)
    payload = {"entry_id": entry_id, "filename": "w.txt", "data": base64.b64encode(b"text").decode()}
    return payload, lambda ok: library.read_sidecar(uuid.UUID(entry_id), "w.txt")[1] == b"text"


def delete_sidecar(host: Host, library: Library) -> Any:
    entry_id = _entry(host, library)
    _sidecar(host, library, entry_id)
    return {"entry_id": entry_id, "filename": "s.txt"}, lambda ok: library.list_sidecars(uuid.UUID(entry_id)) == []


def dispatch_job(host: Host, library: Library) -> Any:
    def visible(ok: dict[str, Any]) -> bool:
        return "ok" in host.call("query:jobs.get_status.v1", {"job_id": ok["job_id"]}, library.id)

    return {"job_type": "gate", "params": {"items": 1}}, visible


def cancel_job(host: Host, library: Library) -> Any:
    job_id = host.call("action:jobs.dispatch.input.v1", {"job_type": "gate", "params": {"items": 1}}, library.id)["ok"][
        "job_id"
    ]

    def cancelled(ok: dict[str, Any]) -> bool:
        state = host.call("query:jobs.get_status.v1", {"job_id": job_id}, library.id)["ok"]["job"]["state"]
        return state in ("cancelling", "cancelled")

    return {"job_id": job_id}, cancelled


def store_credential(host: Host, library: Library) -> Any:
    def stored(ok: dict[str, Any]) -> bool:
        answer = host.router.execute_json_operation(
            "query:credentials.get.v1", None, b'{"credential_id": "k"}', caller(16 * 1024 * 1024)
        )
        return "ok" in json.loads(answer)

    return {"credential_id": "k", "kind": "api_key", "api_key": {"key": "secret"}}, stored


def delete_credential(host: Host, library: Library) -> Any:
    payload = b'{"credential_id": "k", "kind": "api_key", "api_key": {"key": "secret"}}'
    stored = host.router.execute_json_operation("action:credentials.store.input.v1", None, payload, caller(1 << 24))
    assert "ok" in json.loads(stored)

    def deleted(ok: dict[str, Any]) -> bool:
        answer = host.router.execute_json_operation("query:credentials.list.v1", None, b"{}", caller(1 << 24))
        ids: list[str] = json.loads(answer)["ok"]["credential_ids"]
        return ids == []

    return {"credential_id": "k"}, deleted


SCENARIOS: dict[str, Scenario] = {
    "action:libraries.create.input.v1": create_library,
    "action:vdfs.create_entry.input.v1": create_entry,
    "action:vdfs.update_metadata.input.v1": update_metadata,
    "action:vdfs.write_sidecar.input.v1": write_sidecar,
    "action:vdfs.delete_sidecar.input.v1": delete_sidecar,
    "action:jobs.dispatch.input.v1": dispatch_job,
    "action:jobs.cancel.input.v1": cancel_job,
    "action:credentials.store.input.v1": store_credential,
    "action:credentials.delete.input.v1": delete_credential,
}
ACTIONS = sorted(method for method, spec in REGISTRY.items() if spec.kind == "action")


def test_every_action_has_a_scenario() -> None:
    assert sorted(SCENARIOS) == ACTIONS, "add a scenario for each new action below"


@pytest.fixture
def action_host(tmp_path: Path) -> Iterator[Host]:
    gate = Gate()
    with Host(tmp_path / "actions", job_types={**BUILTIN_JOB_TYPES, "gate": gate.job_type}) as h:
        yield h
        gate.release(10)


@pytest.mark.parametrize("method", ACTIONS)
def test_an_action_that_committed_answers_ok_even_over_the_response_cap(action_host: Host, method: str) -> None:
    """The rule of docs/data.md: every check that can fail runs before the commit; after it,
    the answer is the action's `ok`, never `payload_too_large` (a retry would write twice)."""
    library = action_host.create_library("actions")
    payload, committed = SCENARIOS[method](action_host, library)
    cap = 16  # smaller than any action's answer
    raw = action_host.router.execute_json_operation(method, library.id, json.dumps(payload).encode(), caller(cap))
    answer = json.loads(raw)
    assert "ok" in answer, answer
    assert len(raw) > cap
    assert wait_for(lambda: committed(answer["ok"]), f"{method}'s write to be visible")


def test_an_sdk_create_entry_over_the_response_cap_answers_ok_and_writes_once(
    host: Host, library: Library, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    """Through the real ABI: the host's answer (the whole entry) is over the extension's cap,
    but the entry is committed, so the SDK gets its id rather than an error that invites a retry."""
    small = host.load_extension(
        make_extension(guest_wasm["e2e"], ext_id="small", limits={"response_bytes": 256}, **VDFS)
    )
    entry = {"name": "n", "path": "p", "entry_type": "t", "metadata": {"note": "x" * 300}}
    report = run_step(small, "create_entry", library.id, input=entry)
    assert "ok" in report, report
    assert library.stats().entry_count == 1
    assert str(library.list_entries()[0].entry_id) == report["ok"]
    listed = run_step(small, "list_entries", library.id, input={})
    assert listed["error"]["code"] == "payload_too_large", "a query over the cap is still refused"


@pytest.mark.parametrize("method", ACTIONS)
def test_an_action_refused_for_its_input_writes_nothing(action_host: Host, method: str) -> None:
    """Errors come before the commit: the same scenario with one invalid field changes nothing."""
    library = action_host.create_library("actions")
    payload, _ = SCENARIOS[method](action_host, library)
    before = (library.stats(), action_host.libraries.list(), action_host.call("query:credentials.list.v1", {}))
    payload["unexpected_field"] = {"hostile": nested(150)}
    raw = action_host.router.execute_json_operation(method, library.id, json.dumps(payload).encode(), caller(1 << 24))
    assert json.loads(raw)["error"]["code"] == "invalid_input"
    after = (library.stats(), action_host.libraries.list(), action_host.call("query:credentials.list.v1", {}))
    assert before == after
