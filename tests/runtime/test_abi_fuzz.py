"""Property-based fuzzing of the ABI boundary: whatever pointers, lengths, methods and payloads a
guest passes, the host answers with a well-formed envelope (or 0), never crashes, and the
instance and its neighbours keep working."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacedrive_host.app.host import Host
from spacedrive_host.runtime.extension import Extension
from support import wat_guests

PAGES = 2
MEMORY = PAGES * 65536
SCRATCH = 1024  # the fuzzer writes method and payload bytes here
ERROR_CODES = {
    "invalid_pointer",
    "invalid_json",
    "invalid_input",
    "unknown_method",
    "payload_too_large",
    "library_required",
    "library_not_found",
    "permission_denied",
}
WRITE = """
  (func (export "poke") (param $ptr i32) (param $byte i32) (i32.store8 (local.get $ptr) (local.get $byte)))
"""
u32 = st.integers(min_value=0, max_value=2**32 - 1)
near = st.integers(min_value=MEMORY - 64, max_value=MEMORY + 64)


@pytest.fixture(scope="module")
def fuzz_host(tmp_path_factory: pytest.TempPathFactory) -> Host:
    return Host(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def guests(fuzz_host: Host, tmp_path_factory: pytest.TempPathFactory) -> tuple[Extension, Extension]:
    made: list[Extension] = []
    for name in ("target", "bystander"):
        directory = tmp_path_factory.mktemp(name)
        (directory / "m.wasm").write_bytes(wat_guests.guest(WRITE, pages=PAGES))
        manifest = {"id": name, "name": name, "version": "0.1.0", "wasm": "m.wasm", "permissions": {"methods": ["*"]}}
        (directory / "manifest.json").write_text(json.dumps(manifest))
        made.append(fuzz_host.load_extension(directory))
    return made[0], made[1]


def write(ext: Extension, at: int, data: bytes) -> None:
    for offset, byte in enumerate(data):
        ext.call_raw("poke", at + offset, byte)


def check_answer(ext: Extension, ptr: int) -> None:
    if ptr == 0:
        return
    envelope = json.loads(ext.read_answer(ptr))
    assert set(envelope) in ({"ok"}, {"error"}), envelope
    if "error" in envelope:
        assert envelope["error"]["code"] in ERROR_CODES, envelope


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method_ptr=st.one_of(u32, near),
    method_len=st.one_of(u32, st.integers(0, 64)),
    library_ptr=st.one_of(st.just(0), u32, near),
    payload_ptr=st.one_of(u32, near),
    payload_len=st.one_of(u32, st.integers(0, 64)),
)
def test_random_pointer_pairs_get_envelopes(
    guests: tuple[Extension, Extension],
    method_ptr: int,
    method_len: int,
    library_ptr: int,
    payload_ptr: int,
    payload_len: int,
) -> None:
    target, _ = guests
    check_answer(target, target.call_raw("forward", method_ptr, method_len, library_ptr, payload_ptr, payload_len))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=st.one_of(
        st.binary(max_size=40), st.sampled_from([b"query:core.ping.v1", b"action:vdfs.create_entry.input.v1"])
    ),
    payload=st.one_of(
        st.binary(max_size=80),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
            max_leaves=8,
        ).map(lambda v: json.dumps(v).encode()),
    ),
    with_library=st.booleans(),
)
def test_random_methods_and_payloads_get_envelopes(
    guests: tuple[Extension, Extension], method: bytes, payload: bytes, with_library: bool
) -> None:
    target, bystander = guests
    write(target, SCRATCH, method)
    write(target, SCRATCH + 64, payload)
    library_ptr = SCRATCH + 256 if with_library else 0
    ptr = target.call_raw("forward", SCRATCH, len(method), library_ptr, SCRATCH + 64, len(payload))
    check_answer(target, ptr)
    write(bystander, SCRATCH, b"query:core.ping.v1")
    write(bystander, SCRATCH + 64, b'{"message":"ok"}')
    answer = json.loads(bystander.read_answer(bystander.call_raw("forward", SCRATCH, 18, 0, SCRATCH + 64, 16)))
    assert answer == {"ok": {"echo": ["ok"], "count": 1}}
