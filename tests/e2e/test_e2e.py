"""End to end: a Rust guest built from the generated SDK calls each operation through
`SpacedriveClient` and gets typed results and typed errors."""

from __future__ import annotations

import base64
import hashlib
import logging
import uuid
from pathlib import Path

import pytest
from spacedrive_host.app.host import Host
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.store.library import Library
from support.helpers import MakeExtension, run_step

ALL_VDFS = {"permissions": {"methods": ["core.ping", "vdfs.*"], "libraries": ["*"]}}


@pytest.fixture
def e2e(host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension) -> Extension:
    return host.load_extension(make_extension(guest_wasm["e2e"], ext_id="e2e", **ALL_VDFS))


def test_ping_returns_the_typed_output(e2e: Extension) -> None:
    report = run_step(e2e, "ping", input={"message": "hi", "count": 3})
    assert report == {"ok": {"echo": ["hi", "hi", "hi"], "count": 3}}


def test_vdfs_flow_writes_real_rows_and_files(e2e: Extension, library: Library) -> None:
    created = run_step(
        e2e, "create_entry", library.id, input={"name": "Receipt", "path": "r/1.eml", "entry_type": "Doc"}
    )
    entry_id = uuid.UUID(created["ok"])
    assert library.get_entry(entry_id).name == "Receipt"

    written = run_step(e2e, "write_sidecar", library.id, entry_id=str(entry_id), filename="notes.txt", text="héllo")
    assert written == {"ok": None}
    read = run_step(e2e, "read_sidecar", library.id, entry_id=str(entry_id), filename="notes.txt")
    digest = hashlib.sha256("héllo".encode()).hexdigest()
    assert read == {"ok": {"text": "héllo", "format": "text", "size": 6, "sha256": digest}}
    assert (library.path / "sidecars" / str(entry_id) / f"{digest}.bin").read_bytes() == "héllo".encode()

    run_step(e2e, "update_metadata", library.id, entry_id=str(entry_id), metadata={"a": {"b": 1, "c": 2}})
    merged = run_step(e2e, "update_metadata", library.id, entry_id=str(entry_id), metadata={"a": {"c": None}, "d": 3})
    assert merged["ok"]["metadata"] == {"a": {"b": 1}, "d": 3}
    assert library.get_entry(entry_id).metadata == {"a": {"b": 1}, "d": 3}


def test_sidecar_larger_than_the_response_buffer_takes_the_alloc_path(e2e: Extension, library: Library) -> None:
    created = run_step(e2e, "create_entry", library.id, input={"name": "Big", "path": "big", "entry_type": "Doc"})
    text = "x" * 200_000  # the base64 answer is ~267 KB, far over the 64 KiB response buffer
    run_step(e2e, "write_sidecar", library.id, entry_id=created["ok"], filename="big.txt", text=text)
    read = run_step(e2e, "read_sidecar", library.id, entry_id=created["ok"], filename="big.txt")
    assert read["ok"]["size"] == 200_000
    assert read["ok"]["text"] == text


@pytest.mark.parametrize(
    ("call", "args", "code", "variant"),
    [
        ("call", {"method": "query:nope.v1", "input": {}}, "unknown_method", "UnknownMethod"),
        (
            "call",
            {"method": "query:core.ping.v1", "input": {"message": "x", "count": 0}},
            "invalid_input",
            "InvalidInput",
        ),
        (
            "call",
            {"method": "query:core.ping.v1", "input": {"message": "x", "extra": 1}},
            "invalid_input",
            "InvalidInput",
        ),
        ("call", {"method": "query:core.ping.v1", "input": "not an object"}, "invalid_input", "InvalidInput"),
        (
            "create_entry",
            {"input": {"name": "x", "path": "p", "entry_type": "t"}},
            "library_required",
            "LibraryRequired",
        ),
    ],
)
def test_typed_errors(e2e: Extension, call: str, args: dict[str, object], code: str, variant: str) -> None:
    report = run_step(e2e, call, None, **args)
    assert report["error"]["code"] == code
    assert report["error"]["variant"] == f"Some({variant})"


def test_missing_library_is_library_not_found(e2e: Extension) -> None:
    missing = uuid.uuid4()
    report = run_step(e2e, "create_entry", missing, input={"name": "x", "path": "p", "entry_type": "t"})
    assert report["error"]["code"] == "library_not_found"
    assert str(missing) in report["error"]["message"]


def test_missing_entry_and_sidecar_are_not_found(e2e: Extension, library: Library) -> None:
    report = run_step(e2e, "read_sidecar", library.id, entry_id=str(uuid.uuid4()), filename="a.txt")
    assert report["error"]["code"] == "not_found"
    created = run_step(e2e, "create_entry", library.id, input={"name": "x", "path": "p", "entry_type": "t"})
    report = run_step(e2e, "read_sidecar", library.id, entry_id=created["ok"], filename="a.txt")
    assert report["error"]["code"] == "not_found"


@pytest.mark.parametrize("filename", ["../evil", "a/b", "..", "nul\x00byte", "tab\tname", "x" * 256])
def test_bad_sidecar_names_are_rejected_and_nothing_is_written(e2e: Extension, library: Library, filename: str) -> None:
    created = run_step(e2e, "create_entry", library.id, input={"name": "x", "path": "p", "entry_type": "t"})
    report = run_step(e2e, "write_sidecar", library.id, entry_id=created["ok"], filename=filename, text="x")
    assert report["error"]["code"] == "invalid_input"
    assert not (library.path / "sidecars" / created["ok"]).exists() or not any(
        (library.path / "sidecars" / created["ok"]).iterdir()
    )


def test_denied_method_and_library(
    host: Host, library: Library, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    other = host.create_library("Other")
    only_ping = host.load_extension(
        make_extension(
            guest_wasm["e2e"],
            ext_id="limited",
            permissions={"methods": ["query:core.ping.v1", "vdfs.create_entry"], "libraries": [str(library.id)]},
        )
    )
    assert run_step(only_ping, "ping", input={"message": "ok"})["ok"]["count"] == 1
    denied = run_step(only_ping, "write_sidecar", library.id, entry_id=str(uuid.uuid4()), filename="a", text="x")
    assert denied["error"]["code"] == "permission_denied"
    assert denied["error"]["variant"] == "Some(PermissionDenied)"
    created = run_step(only_ping, "create_entry", library.id, input={"name": "x", "path": "p", "entry_type": "t"})
    assert "ok" in created
    other_library = run_step(only_ping, "create_entry", other.id, input={"name": "x", "path": "p", "entry_type": "t"})
    assert other_library["error"]["code"] == "permission_denied"


def test_no_permissions_means_nothing_is_allowed(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    bare = host.load_extension(make_extension(guest_wasm["e2e"], ext_id="bare"))
    assert run_step(bare, "ping", input={"message": "x"})["error"]["code"] == "permission_denied"


def test_logs_carry_the_extension_id_and_init_cleanup_are_paired(
    host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    extension = host.load_extension(make_extension(guest_wasm["e2e"], ext_id="logger", **ALL_VDFS))
    run_step(extension, "log", message="hello")
    host.unload_extension("logger")
    lines = [(r.name, r.getMessage()) for r in caplog.records if r.name.startswith("spacedrive.ext.")]
    assert lines == [
        ("spacedrive.ext.logger", "e2e guest initialised"),
        ("spacedrive.ext.logger", 'e2e guest says "hello"'),
        ("spacedrive.ext.logger", "e2e guest cleaned up"),
    ]


def test_bytes_travel_as_base64(host: Host, library: Library) -> None:
    created = host.call("action:vdfs.create_entry.input.v1", {"name": "n", "path": "p", "entry_type": "t"}, library.id)
    entry_id = created["ok"]["entry_id"]
    payload = {"entry_id": entry_id, "filename": "b.bin", "data": base64.b64encode(b"\x00\xff").decode()}
    assert host.call("action:vdfs.write_sidecar.input.v1", payload, library.id)["ok"]["format"] == "binary"
    bad = dict(payload, data="not base64!")
    assert host.call("action:vdfs.write_sidecar.input.v1", bad, library.id)["error"]["code"] == "invalid_input"
