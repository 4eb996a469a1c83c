"""`sdext build` respects the crate's own release profile: the size-minded defaults fill in only
what it leaves out, and nothing `provision` imposes overrides it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from spacedrive_codegen import toolchain
from spacedrive_codegen.building import SIZE_DEFAULTS, profile_manifest, release_profile
from spacedrive_codegen.scaffold import ScaffoldError, new_extension
from support.helpers import ROOT


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


@pytest.mark.guests
def test_a_scaffolded_crate_tests_builds_and_runs(tmp_path: Path) -> None:
    """`sdext new` -> its own `cargo test` -> `sdext build` -> `sdext run` of its export and of its
    event handler, outside the repository."""
    env = dict(
        os.environ,
        XDG_CACHE_HOME=str(ROOT / "build" / "cache"),
        CARGO_TARGET_DIR=str(ROOT / "build" / "tour-target"),
    )
    sdext = shutil.which("sdext") or str(Path(sys.executable).with_name("sdext"))

    def run(*argv: str, cwd: Path = tmp_path) -> str:
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{argv}\n{done.stdout}\n{done.stderr}"
        return done.stdout

    run(sdext, "new", "hello-world")
    crate = tmp_path / "hello-world"
    assert "test result: ok. 1 passed" in run("cargo", "test", "--quiet", cwd=crate)
    run(sdext, "build", "hello-world")
    greeted = run(sdext, "run", "hello-world", "--export", "greet", "--json", '{"name": "you"}')
    assert '"message": "Hello, you!"' in greeted and "greeting you" in greeted
    event = run(sdext, "run", "hello-world", "--event", "entry.created")
    assert "new entry: sample.txt" in event


def test_a_scaffold_refuses_a_name_no_manifest_can_use(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError):
        new_extension(tmp_path / "Hello World")
    new_extension(tmp_path / "ok")
    with pytest.raises(ScaffoldError):
        new_extension(tmp_path / "ok")
