"""Build an extension crate to wasm and place the module next to its manifest (`sdext build`).

- The crate's own `[profile.release]` (its workspace root's, as cargo reads it) decides every
  setting it makes; only settings it leaves out get the size-minded defaults of
  `SIZE_DEFAULTS`, and the build says which it filled in.
- The built module is checked against the manifest (`spacedrive_host.runtime.build_check`) and fails naming every
  mismatch.
- The module is stripped (`spacedrive_host.runtime.wasm_strip`: debug sections and all function names but those trap
  classification reads) and its size printed.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.runtime.build_check import manifest_problems
from spacedrive_host.runtime.manifest import load_manifest
from spacedrive_host.runtime.traps import keeps_function_name
from spacedrive_host.runtime.wasm_strip import strip_module

from spacedrive_codegen import toolchain

SIZE_DEFAULTS: dict[str, str] = {"opt-level": '"s"', "lto": "true", "codegen-units": "1", "panic": '"abort"'}
"""Release-profile settings for a crate that does not make them (TOML values): small modules
matter more than build time, and wasm32 has no unwinding."""


@dataclass(frozen=True)
class BuiltExtension:
    """What `sdext build` made: the module next to the manifest and what it did to get there."""

    wasm: Path
    size: int
    """Bytes of the stripped module."""
    unstripped: int
    """Bytes of the module cargo built."""
    defaults: tuple[str, ...]
    """The `SIZE_DEFAULTS` settings filled in, as `key = value`."""
    profile_source: Path
    """The Cargo.toml whose `[profile.release]` cargo used."""


def _read_toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def profile_manifest(crate_dir: Path) -> Path:
    """The Cargo.toml whose profiles cargo uses for the crate: the nearest one at or above it
    with a `[workspace]` table (a workspace root), else the crate's own."""
    own = crate_dir / "Cargo.toml"
    for directory in (crate_dir, *crate_dir.parents):
        candidate = directory / "Cargo.toml"
        if candidate.is_file() and "workspace" in _read_toml(candidate):
            return candidate
    return own


def release_profile(crate_dir: Path) -> tuple[Path, dict[str, Any]]:
    """Where the crate's release profile comes from and its settings."""
    source = profile_manifest(crate_dir.resolve())
    profile = _read_toml(source).get("profile", {}).get("release", {})
    return source, profile if isinstance(profile, dict) else {}


def build(
    extension_dir: Path,
    *,
    target_dir: Path,
    state_dir: Path,
    log: Callable[[str], None] = lambda _: None,
) -> BuiltExtension:
    """Compile, check against the manifest, strip, and write the .wasm the manifest names."""
    manifest = load_manifest(extension_dir)
    package = _read_toml(extension_dir / "Cargo.toml")["package"]["name"]
    source, profile = release_profile(extension_dir)
    defaults = tuple(f"{key} = {value}" for key, value in SIZE_DEFAULTS.items() if key not in profile)
    if defaults:
        log(f"[profile.release] of {source} leaves out {', '.join(defaults)}: sdext build uses these")
    tools = toolchain.with_profile(
        toolchain.provision(state_dir=state_dir),
        [f"profile.release.{key}={value}" for key, value in SIZE_DEFAULTS.items() if key not in profile],
    )
    built = toolchain.build(extension_dir / "Cargo.toml", toolchain=tools, target_dir=target_dir, packages=[package])
    module = built[0].read_bytes()
    events = {str(event): str(export) for event, export in (manifest.events or {}).items()}
    problems = manifest_problems(events, module)
    if problems:
        raise ExtensionError(
            LoadErrorCode.missing_export,
            f"{extension_dir / 'manifest.json'} does not match the module built from {package}:\n  - "
            + "\n  - ".join(problems),
            manifest.id,
        )
    stripped = strip_module(module, keeps_function_name)
    destination = extension_dir / manifest.wasm
    partial = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    partial.write_bytes(stripped.module)
    partial.replace(destination)
    return BuiltExtension(destination, len(stripped.module), len(module), defaults, source)


def build_extension(extension_dir: Path, *, target_dir: Path, state_dir: Path) -> Path:
    """`build`, for callers that only need the module's path."""
    return build(extension_dir, target_dir=target_dir, state_dir=state_dir).wasm


__all__ = ["SIZE_DEFAULTS", "BuiltExtension", "build", "build_extension", "profile_manifest", "release_profile"]
