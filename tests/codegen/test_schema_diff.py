"""`sdext schema diff`: each kind of schema change, classified as breaking or not."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spacedrive_codegen.cli import main
from spacedrive_codegen.parser import parse_schema_dir
from spacedrive_codegen.schema_diff import Change, diff_apis
from support.helpers import ROOT

Edit = Callable[[Path], None]
PING = "operations/core/ping.v1.json"


def edit_json(path: Path, change: Callable[[Any], object]) -> None:
    content = json.loads(path.read_text())
    change(content)
    path.write_text(json.dumps(content, indent=2))


def ping(change: Callable[[Any], object]) -> Edit:
    return lambda schema: edit_json(schema / PING, change)


def defs(name: str, change: Callable[[Any], object], file: str = "defs.json") -> Edit:
    return lambda schema: edit_json(schema / file, lambda d: change(d["$defs"][name]))


def with_ping_mode(values: list[str]) -> Callable[[Any], None]:
    """An enum reachable from an input only (ping's `mode`)."""

    def change(op: Any) -> None:
        op["input"]["properties"]["mode"] = {"title": "PingMode", "type": "string", "enum": values}

    return change


def add_ping_v2(schema: Path) -> None:
    v2 = schema / "operations/core/ping.v2.json"
    shutil.copy(schema / PING, v2)

    def version_2(op: Any) -> None:
        op.update(method="query:core.ping.v2", sdk={"method": "ping_v2"})
        op["$id"] = op["$id"].replace("ping.v1", "ping.v2")
        op["input"]["title"], op["output"]["title"] = "PingV2Input", "PingV2Output"

    edit_json(v2, version_2)


def limit(name: str, values: dict[str, Any]) -> Edit:
    return lambda s: edit_json(
        s / "manifest.json", lambda d: d["properties"]["limits"]["properties"][name].update(values)
    )


def changes(tmp_path: Path, edit: Edit, base: Edit | None = None) -> list[Change]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(ROOT / "schema", old)
    if base is not None:
        base(old)
    shutil.copytree(old, new)
    edit(new)
    return diff_apis(parse_schema_dir(old, lenient=True), parse_schema_dir(new, lenient=True))


CASES: list[tuple[str, Edit, Edit | None, bool, str]] = [
    ("operation removed", lambda s: (s / PING).unlink(), None, True, "operation removed"),
    ("operation added", add_ping_v2, None, False, "operation added"),
    ("scope changed", ping(lambda d: d.update(scope="library")), None, True, "scope changed from core to library"),
    ("input field removed", ping(lambda d: d["input"]["properties"].pop("count")), None, True, "input field removed"),
    (
        "required input field added",
        ping(lambda d: (d["input"]["properties"].update(tag={"type": "string"}), d["input"]["required"].append("tag"))),
        None,
        True,
        "required input field added",
    ),
    (
        "optional input field added",
        ping(lambda d: d["input"]["properties"].update(tag={"type": "string"})),
        None,
        False,
        "optional field added",
    ),
    (
        "optional input field made required",
        ping(lambda d: d["input"]["required"].append("count")),
        None,
        True,
        "optional input field made required",
    ),
    (
        "field type changed",
        ping(lambda d: d["input"]["properties"].update(count={"type": "string"})),
        None,
        True,
        "type changed from integer to string",
    ),
    (
        "input constraint narrowed",
        ping(lambda d: d["input"]["properties"]["message"].update(maxLength=10)),
        None,
        True,
        "maxLength 4096 -> 10",
    ),
    (
        "input constraint widened",
        ping(lambda d: d["input"]["properties"]["message"].update(maxLength=8192)),
        None,
        False,
        "maxLength 4096 -> 8192",
    ),
    (
        "input pattern added",
        ping(lambda d: d["input"]["properties"]["message"].update(pattern="^[a-z]*$")),
        None,
        True,
        "pattern none -> '^[a-z]*$'",
    ),
    (
        "output field added",
        ping(lambda d: d["output"]["properties"].update(note={"type": "string"})),
        None,
        False,
        "optional field added",
    ),
    (
        "required output field removed",
        ping(lambda d: (d["output"]["properties"].pop("count"), d["output"]["required"].remove("count"))),
        None,
        True,
        "output field removed",
    ),
    (
        "required output field made optional",
        ping(lambda d: d["output"]["required"].remove("count")),
        None,
        True,
        "required output field made optional",
    ),
    (
        "enum value removed",
        defs("SidecarFormat", lambda d: d["enum"].remove("binary")),
        None,
        True,
        "enum value 'binary' removed",
    ),
    (
        "output enum widened",
        defs("JobState", lambda d: d["enum"].append("paused")),
        None,
        True,
        "enum value 'paused' added to an output",
    ),
    (
        "input-only enum widened",
        ping(with_ping_mode(["fast", "slow"])),
        ping(with_ping_mode(["fast"])),
        False,
        "enum value 'slow' added to an input",
    ),
    (
        "error code removed",
        lambda s: edit_json(s / "errors.json", lambda d: d["$defs"]["ErrorCode"]["enum"].remove("conflict")),
        None,
        True,
        "error code 'conflict' removed",
    ),
    (
        "event removed",
        lambda s: edit_json(
            s / "events.json",
            lambda d: (d["$defs"]["EventName"]["enum"].remove("job.finished"), d["$defs"].pop("JobFinishedEvent")),
        ),
        None,
        True,
        "event removed",
    ),
    (
        "event payload field removed",
        defs(
            "SidecarDeletedEvent",
            lambda d: (d["properties"].pop("filename"), d["required"].remove("filename")),
            "events.json",
        ),
        None,
        True,
        "output field removed",
    ),
    (
        "job type removed",
        lambda s: edit_json(
            s / "jobs.json",
            lambda d: (d["$defs"].pop("SidecarChecksumParams"), d["$defs"].pop("SidecarChecksumResult")),
        ),
        None,
        True,
        "job type removed",
    ),
    (
        "job parameter made required",
        defs("OcrBatchParams", lambda d: d["required"].append("output"), "jobs.json"),
        None,
        True,
        "optional input field made required",
    ),
    (
        "limit ceiling lowered",
        lambda s: edit_json(
            s / "manifest.json",
            lambda d: d["properties"]["limits"]["properties"]["instances"].update({"x-host-ceiling": 8}),
        ),
        None,
        True,
        "ceiling lowered from 16 to 8",
    ),
    (
        "free-form JSON limit lowered",
        lambda s: edit_json(s / "defs.json", lambda d: d["x-free-form-json"].update(max_depth=8)),
        None,
        True,
        "max_depth 32 -> 8",
    ),
    (
        "limit default changed",
        lambda s: edit_json(
            s / "manifest.json",
            lambda d: d["properties"]["limits"]["properties"]["instances"].update({"x-host-default": 2}),
        ),
        None,
        False,
        "default changed from 1 to 2",
    ),
]


@pytest.mark.parametrize(("edit", "base", "breaking", "says"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_change_kind_is_classified(
    tmp_path: Path, edit: Edit, base: Edit | None, breaking: bool, says: str
) -> None:
    found = changes(tmp_path, edit, base)
    matching = [c for c in found if says in c.message]
    assert matching, "\n".join(map(str, found))
    assert {c.breaking for c in matching} == {breaking}, "\n".join(map(str, found))
    assert any(c.breaking for c in found) == breaking, "\n".join(map(str, found))


def test_no_change_is_no_change() -> None:
    api = parse_schema_dir(ROOT / "schema")
    assert diff_apis(api, api) == []


def test_the_command_compares_directories_and_git_refs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "schema", repo / "schema")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "v1"], check=True)
    edit_json(repo / "schema" / PING, lambda d: d["output"]["required"].remove("count"))

    assert main(["schema", "diff", str(ROOT / "schema"), str(ROOT / "schema")]) == 0
    assert "no changes" in capsys.readouterr().out
    old_cwd = Path.cwd()
    try:
        import os

        os.chdir(repo)
        assert main(["schema", "diff", "HEAD", "."]) == 1
    finally:
        os.chdir(old_cwd)
    out = capsys.readouterr().out
    assert "BREAKING" in out and "query:core.ping.v1 output.count" in out
    assert main(["schema", "diff", "no-such-ref", "."]) == 2
