"""Build an extension crate to wasm and place the module next to its manifest."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from spacedrive_host.runtime.manifest import load_manifest

from spacedrive_codegen import toolchain


def build_extension(extension_dir: Path, *, target_dir: Path, state_dir: Path) -> Path:
    """Compile the crate in `extension_dir` and copy its .wasm to the name the manifest gives."""
    manifest = load_manifest(extension_dir)
    package = tomllib.loads((extension_dir / "Cargo.toml").read_text(encoding="utf-8"))["package"]["name"]
    tools = toolchain.provision(state_dir=state_dir)
    built = toolchain.build(extension_dir / "Cargo.toml", toolchain=tools, target_dir=target_dir, packages=[package])
    destination = extension_dir / manifest.wasm
    shutil.copyfile(built[0], destination)
    return destination
