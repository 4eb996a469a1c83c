"""Shared fixtures: a host on a temporary data dir, a library, and the Rust guests (built once)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from spacedrive_codegen import toolchain
from spacedrive_host.app.host import Host
from spacedrive_host.store.library import Library

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"


@pytest.fixture(scope="session")
def guest_wasm() -> dict[str, Path]:
    """The Rust test guests, built from the generated SDK (a no-op when nox built them already)."""
    tools = toolchain.provision(state_dir=BUILD / "toolchain")
    built = toolchain.build(ROOT / "tests" / "guests" / "Cargo.toml", toolchain=tools, target_dir=BUILD / "wasm-target")
    return {path.stem.removeprefix("guest_"): path for path in built}


C_GUEST_SOURCE = ROOT / "tests" / "guests" / "c" / "guest.c"


@pytest.fixture(scope="session")
def c_guest_wasm() -> Path:
    """The C test guest, built by Debian's clang and wasm-ld without libc (as nox builds it)."""
    tools = toolchain.provision_c(state_dir=BUILD / "toolchain")
    return toolchain.build_c([C_GUEST_SOURCE], BUILD / "c-guest" / "guest.wasm", toolchain=tools)


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Host]:
    with Host(tmp_path / "data") as h:
        yield h


@pytest.fixture
def library(host: Host) -> Library:
    return host.create_library("Test library")


MakeExtension = Callable[..., Path]


@pytest.fixture
def make_extension(tmp_path: Path) -> MakeExtension:
    """Write an extension directory: a manifest (defaults + overrides) next to a copy of a .wasm."""
    counter = iter(range(1000))

    def make(wasm: Path | bytes, *, ext_id: str = "test", **manifest: Any) -> Path:
        directory = tmp_path / f"ext-{ext_id}-{next(counter)}"
        directory.mkdir()
        data = wasm if isinstance(wasm, bytes) else wasm.read_bytes()
        (directory / "module.wasm").write_bytes(data)
        content = {"id": ext_id, "name": ext_id.title(), "version": "0.1.0", "wasm": "module.wasm"} | manifest
        (directory / "manifest.json").write_text(json.dumps(content))
        return directory

    return make
