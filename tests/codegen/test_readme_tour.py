"""The README's five-minute tour, extracted from README.md and run exactly as written: the
crate builds with `sdext build` in a directory with no project around it, the module loads,
and the Python snippet adds a note."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.helpers import ROOT

pytestmark = pytest.mark.guests


def tour_blocks() -> dict[str, str]:
    """The tour's code blocks by language (one each), dedented."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme[readme.index("## A five-minute tour") :]
    tour = tour[: tour.index("\n## ", 3)]
    blocks: dict[str, str] = {}
    for match in re.finditer(r"^( *)```(\w+)\n(.*?)^\1```$", tour, re.M | re.S):
        indent, language, body = match.groups()
        assert language not in blocks, f"two {language} blocks in the tour"
        blocks[language] = "".join(line.removeprefix(indent) + "\n" for line in body.splitlines())
    return blocks


def test_the_tour_has_what_an_author_needs() -> None:
    assert set(tour_blocks()) == {"toml", "rust", "json", "python"}


def test_the_readme_tour_builds_and_runs_as_written(tmp_path: Path) -> None:
    blocks = tour_blocks()
    (tmp_path / "generated").symlink_to(ROOT / "generated", target_is_directory=True)
    crate = tmp_path / "notes"
    (crate / "src").mkdir(parents=True)
    (crate / "Cargo.toml").write_text(blocks["toml"])
    (crate / "src" / "lib.rs").write_text(blocks["rust"])
    (crate / "manifest.json").write_text(blocks["json"])
    json.loads(blocks["json"])

    env = dict(os.environ, XDG_CACHE_HOME=str(ROOT / "build" / "cache"))
    sdext = Path(sys.executable).with_name("sdext")
    built = subprocess.run(
        [str(sdext), "build", "notes"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert built.returncode == 0, built.stderr
    assert (crate / "notes.wasm").is_file()

    ran = subprocess.run(
        [sys.executable, "-c", blocks["python"]], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    answer = json.loads(ran.stdout.strip().splitlines()[-1].removeprefix("b'").removesuffix("'"))
    assert "ok" in answer, answer
