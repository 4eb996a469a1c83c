"""Rust output: the `spacedrive-sdk` crate rendered from `sdk-rust-template/`, and its
proc-macro crate `spacedrive-sdk-macros` from `sdk-rust-template/macros/` (written next to it,
in `generated/rust/spacedrive-sdk-macros/`: a proc-macro crate is a crate of its own).

Files ending in `.j2` are rendered with the IR; every other file is copied as is.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .ir import Api
from .templating import render

CRATE_DIR = "spacedrive-sdk"
MACROS_DIR = "spacedrive-sdk-macros"
MACROS_TEMPLATE_DIR = "macros"
"""Where the proc-macro crate's sources live under sdk-rust-template/."""


def abi_section(api: Api) -> str:
    """Content of the `spacedrive_abi` custom section the host reads before instantiating."""
    return json.dumps({"abi": api.abi_version, "sdk": api.sdk_version}, separators=(",", ":"))


def callbacks_section(api: Api) -> str:
    """Content of the `spacedrive_callbacks` custom section `register_extension!` writes: event
    name -> the export it registers for it, which `sdext build` checks manifests against."""
    return json.dumps({event.name: event.callback for event in api.events}, separators=(",", ":"))


class RustfmtMissing(RuntimeError):
    """rustfmt is needed so that generated Rust is formatted the way `cargo fmt` checks it."""


def rustfmt(source: str, name: str) -> str:
    """Format Rust source with rustfmt (edition 2021), which is stable across versions by design."""
    binary = shutil.which("rustfmt")
    if binary is None:
        raise RustfmtMissing("rustfmt not found on PATH; install it with `rustup component add rustfmt`")
    result = subprocess.run(
        [binary, "--edition", "2021", "--emit", "stdout"],
        input=source,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"rustfmt failed on generated {name}:\n{result.stderr}")
    return result.stdout


def rust_files(api: Api, template_dir: Path) -> dict[str, str]:
    """Relative path under generated/rust -> file content."""
    files: dict[str, str] = {}
    for path in sorted(p for p in template_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(template_dir).as_posix()
        if rel.endswith(".j2"):
            rel = rel[:-3]
            content = render(
                path.relative_to(template_dir).as_posix(),
                sdk_template_dir=template_dir,
                api=api,
                abi_section=abi_section(api),
                callbacks_section=callbacks_section(api),
            )
        else:
            content = path.read_text(encoding="utf-8")
        crate, _, inner = rel.partition("/")
        output = f"{MACROS_DIR}/{inner}" if crate == MACROS_TEMPLATE_DIR else f"{CRATE_DIR}/{rel}"
        files[output] = rustfmt(content, rel) if rel.endswith(".rs") else content
    return files
