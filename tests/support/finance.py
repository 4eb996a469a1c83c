"""The Finance extension built from the checkout, for the tests that load it."""

from __future__ import annotations

from pathlib import Path

from spacedrive_codegen import toolchain

from support.helpers import ROOT

FINANCE = ROOT / "extensions" / "finance"


def finance_extension_dir(directory: Path, tools: toolchain.WasmToolchain) -> Path:
    """`directory` holding Finance's manifest and a freshly built finance.wasm (cargo skips an
    unchanged build)."""
    (wasm,) = toolchain.build(
        ROOT / "extensions" / "Cargo.toml",
        toolchain=tools,
        target_dir=ROOT / "build" / "wasm-target",
        packages=["finance"],
    )
    (directory / "manifest.json").write_bytes((FINANCE / "manifest.json").read_bytes())
    (directory / "finance.wasm").write_bytes(wasm.read_bytes())
    return directory
