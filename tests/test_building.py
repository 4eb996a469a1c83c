"""`sdext build` respects the crate's own release profile: the size-minded defaults fill in only
what it leaves out, and nothing `provision` imposes overrides it."""

from __future__ import annotations

from pathlib import Path

from spacedrive_codegen import toolchain
from spacedrive_host.building import SIZE_DEFAULTS, profile_manifest, release_profile


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_crates_own_profile_is_read(tmp_path: Path) -> None:
    crate = tmp_path / "notes"
    write(crate / "Cargo.toml", '[package]\nname = "notes"\n\n[profile.release]\nopt-level = 3\nstrip = true\n')
    source, profile = release_profile(crate)
    assert source == crate / "Cargo.toml"
    assert profile == {"opt-level": 3, "strip": True}
    assert [key for key in SIZE_DEFAULTS if key not in profile] == ["lto", "codegen-units", "panic"]


def test_a_workspace_members_profile_is_the_workspace_roots(tmp_path: Path) -> None:
    root = write(tmp_path / "Cargo.toml", '[workspace]\nmembers = ["a"]\n\n[profile.release]\nlto = "thin"\n')
    member = tmp_path / "a"
    write(member / "Cargo.toml", '[package]\nname = "a"\n')
    assert profile_manifest(member.resolve()) == root.resolve()
    assert release_profile(member)[1] == {"lto": "thin"}


def test_with_profile_drops_what_provision_imposes() -> None:
    imposed = toolchain.WasmToolchain(
        cargo=Path("cargo"),
        env={},
        cargo_args=("-Zbuild-std=std,panic_abort", *[a for s in toolchain.PROFILE_CONFIG for a in ("--config", s)]),
        strategy="test",
        notes=(),
    )
    chosen = toolchain.with_profile(imposed, ["profile.release.lto=true"])
    assert chosen.cargo_args == ("-Zbuild-std=std,panic_abort", "--config", "profile.release.lto=true")
