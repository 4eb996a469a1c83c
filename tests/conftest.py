"""Shared fixtures: a host on a temporary data dir, a library, the toolchains and the Rust and C guests.

Tests never provision a toolchain (no rustup, no apt-get): the toolchain fixtures find what
`nox -s guests` (or `nox -s tests`) set up and fail naming that command when it is missing.
Every test that needs one (rustfmt included: codegen formats the Rust it renders), directly or
through a guest fixture, gets the `guests` marker, so `pytest -m "not guests"` runs on a machine
without Rust or clang.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacedrive_codegen import toolchain
from spacedrive_host.app.host import Host
from spacedrive_host.store.library import Library
from support.helpers import MakeExtension

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
C_GUEST_SOURCE = ROOT / "tests" / "guests" / "c" / "guest.c"
GUEST_FIXTURES = frozenset({"rustfmt", "cargo", "wasm_toolchain", "c_toolchain", "guest_wasm", "c_guest_wasm"})
"""Fixtures that need the Rust toolchain or clang: a test using any of them is marked `guests`."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if GUEST_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.guests)


@pytest.fixture(scope="session")
def rustfmt() -> Path:
    """rustfmt, which codegen runs on the Rust SDK it renders (tests that regenerate the SDK need it)."""
    found = shutil.which("rustfmt")
    if found is None:
        pytest.fail("rustfmt is not on PATH: `rustup component add rustfmt` (nox -s guests provisions Rust)")
    return Path(found)


@pytest.fixture(scope="session")
def cargo() -> Path:
    """The host's cargo (the SDK's docs and doctests build for the host target)."""
    found = shutil.which("cargo")
    if found is None:
        pytest.fail("cargo is not on PATH: run `nox -s guests` first (it provisions Rust)")
    return Path(found)


@pytest.fixture(scope="session")
def wasm_toolchain() -> toolchain.WasmToolchain:
    """The wasm32 Rust toolchain nox provisioned (found, never installed)."""
    try:
        return toolchain.provision(install=False, state_dir=BUILD / "toolchain")
    except toolchain.ToolchainError as exc:
        pytest.fail(f"no wasm32 toolchain: run `nox -s guests` first ({exc})")


@pytest.fixture(scope="session")
def c_toolchain() -> toolchain.CToolchain:
    """clang and wasm-ld for the C guest (found, never installed)."""
    try:
        return toolchain.provision_c(install=False, state_dir=BUILD / "toolchain")
    except toolchain.ToolchainError as exc:
        pytest.fail(f"no C wasm toolchain: run `nox -s guests` first ({exc})")


@pytest.fixture(scope="session")
def guest_wasm(wasm_toolchain: toolchain.WasmToolchain) -> dict[str, Path]:
    """The Rust test guests, built from the generated SDK (a no-op when nox built them already)."""
    built = toolchain.build(
        ROOT / "tests" / "guests" / "Cargo.toml", toolchain=wasm_toolchain, target_dir=BUILD / "wasm-target"
    )
    return {path.stem.removeprefix("guest_"): path for path in built}


@pytest.fixture(scope="session")
def c_guest_wasm(c_toolchain: toolchain.CToolchain) -> Path:
    """The C test guest, built by Debian's clang and wasm-ld without libc (as nox builds it)."""
    return toolchain.build_c([C_GUEST_SOURCE], BUILD / "c-guest" / "guest.wasm", toolchain=c_toolchain)


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Host]:
    with Host(tmp_path / "data") as h:
        yield h


@pytest.fixture
def library(host: Host) -> Library:
    return host.create_library("Test library")


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
