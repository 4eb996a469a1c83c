"""The README's five-minute tour, extracted from README.md and run exactly as written in a
temporary directory outside the repository: `sdext new` -> the edit -> `sdext build` ->
`sdext run`, with nothing but the installed `sdext` (its SDK is the checkout's generated
crate). The manifest `sdext new` writes is the one the README shows."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.helpers import ROOT

pytestmark = pytest.mark.guests


def tour_blocks() -> dict[str, list[str]]:
    """The tour's code blocks by language, in order, dedented."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme[readme.index("## A five-minute tour") :]
    tour = tour[: tour.index("\n## ", 3)]
    blocks: dict[str, list[str]] = {}
    for match in re.finditer(r"^( *)```(\w+)\n(.*?)^\1```$", tour, re.M | re.S):
        indent, language, body = match.groups()
        blocks.setdefault(language, []).append("".join(line.removeprefix(indent) + "\n" for line in body.splitlines()))
    return blocks


def test_the_tour_has_what_an_author_needs() -> None:
    blocks = tour_blocks()
    assert set(blocks) == {"sh", "json", "rust"}
    commands = [line.split()[:2] for block in blocks["sh"] for line in block.splitlines()]
    assert commands == [["sdext", "new"], ["sdext", "build"], ["sdext", "run"]]
    assert 'extern "C"' not in blocks["rust"][0]


def run_sh(block: str, cwd: Path, env: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    """Each line of a `sh` block, as a shell would split and find it (on PATH, else next to this
    interpreter, where nox installs it)."""
    done = []
    for line in block.splitlines():
        argv = shlex.split(line)
        argv[0] = shutil.which(argv[0], path=env.get("PATH")) or str(Path(sys.executable).with_name(argv[0]))
        result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
        done.append(result)
    return done


def test_the_readme_tour_runs_as_written_outside_the_repository(tmp_path: Path) -> None:
    assert not tmp_path.resolve().is_relative_to(ROOT.resolve())
    blocks = tour_blocks()
    new, build_and_run = blocks["sh"]
    env = dict(
        os.environ,
        XDG_CACHE_HOME=str(ROOT / "build" / "cache"),
        CARGO_TARGET_DIR=str(ROOT / "build" / "tour-target"),  # reused across runs; the tour itself needs none
    )
    run_sh(new, tmp_path, env)
    crate = tmp_path / "notes"
    assert json.loads((crate / "manifest.json").read_text()) == json.loads(blocks["json"][0])

    started = time.perf_counter()
    (crate / "src" / "lib.rs").write_text(blocks["rust"][0])  # the edit
    built, ran = run_sh(build_and_run, tmp_path, env)
    elapsed = time.perf_counter() - started

    assert (crate / "notes.wasm").is_file()
    assert re.search(r"notes\.wasm: [\d,]+ bytes \(stripped from [\d,]+", built.stdout), built.stdout
    answer, _ = json.JSONDecoder().raw_decode(ran.stdout[ran.stdout.index("add_note -> ") + len("add_note -> ") :])
    assert re.fullmatch(r"[0-9a-f-]{36}", answer["ok"]), ran.stdout
    assert "noted notes/1.txt" in ran.stdout  # the entry.created callback ran and its log shows
    print(f"edit -> sdext build -> sdext run: {elapsed:.1f} s")
