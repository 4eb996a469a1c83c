"""`sdext run`: load an extension, invoke an export or deliver an event, report usage against limits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from spacedrive_codegen.cli import main
from support.helpers import MakeExtension

ALLOW = {"permissions": {"methods": ["*"], "libraries": ["*"]}}


def usage(output: str, row: str) -> str:
    match = re.search(rf"^  {re.escape(row)}\s+(\S+)", output, re.M)
    assert match, output
    return match.group(1)


def test_run_an_export_and_report_usage(
    guest_wasm: dict[str, Path], make_extension: MakeExtension, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = make_extension(guest_wasm["e2e"], ext_id="runner", **ALLOW)
    step = {
        "call": "create_entry",
        "library_id": "$LIBRARY",
        "args": {"input": {"name": "n", "path": "p", "entry_type": "t"}},
    }
    status = main(
        ["run", str(directory), "--export", "run_step", "--json", json.dumps(step), "--data-dir", str(tmp_path / "d")]
    )
    output = capsys.readouterr().out
    assert status == 0, output
    assert "e2e guest initialised" in output
    assert usage(output, "host calls made") == "1"
    assert int(usage(output, "memory (peak)").replace(",", "")) >= 65536
    assert int(usage(output, "largest request payload").replace(",", "")) > 20
    assert "limit 67,108,864 B" in output


def test_an_error_answer_exits_1_and_a_missing_export_exits_2(
    guest_wasm: dict[str, Path], make_extension: MakeExtension, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = make_extension(guest_wasm["e2e"], ext_id="runner2")  # no permissions: every call is denied
    step = {"call": "ping", "args": {"input": {"message": "x"}}}
    assert main(["run", str(directory), "--export", "run_step", "--json", json.dumps(step)]) == 0
    assert "permission_denied" in capsys.readouterr().out
    assert main(["run", str(directory), "--export", "nope"]) == 2
    assert "missing_export" in capsys.readouterr().out


def test_deliver_an_event(
    guest_wasm: dict[str, Path], make_extension: MakeExtension, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = make_extension(
        guest_wasm["events"], ext_id="listener", events={"entry.created": "on_entry_created"}, **ALLOW
    )
    entry = {
        "entry_id": "0b6f3c1e-8a51-4c1f-9f0e-2d7c1b5e4a10", "name": "n", "path": "p", "entry_type": "t",
        "metadata": {}, "created_at": "2026-03-03T10:00:00Z", "updated_at": "2026-03-03T10:00:00Z",
    }  # fmt: skip
    status = main(["run", str(directory), "--event", "entry.created", "--json", json.dumps({"entry": entry})])
    output = capsys.readouterr().out
    assert status == 0, output
    assert "events delivered 1, failed 0" in output


def test_an_event_without_json_is_caused_for_real_and_its_callback_logs_show(
    guest_wasm: dict[str, Path], make_extension: MakeExtension, capsys: pytest.CaptureFixture[str]
) -> None:
    events = {"entry.created": "on_entry_created", "sidecar.written": "on_sidecar_written"}
    directory = make_extension(guest_wasm["events"], ext_id="real", events=events, **ALLOW)
    assert main(["run", str(directory), "--event", "sidecar.written"]) == 0
    output = capsys.readouterr().out
    assert "on_entry_created received an event" in output
    assert "on_sidecar_written received an event" in output
    assert "events delivered 2, failed 0" in output


def test_run_waits_for_the_events_its_export_caused(
    guest_wasm: dict[str, Path], make_extension: MakeExtension, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = make_extension(
        guest_wasm["events"], ext_id="causer", events={"entry.created": "on_entry_created"}, **ALLOW
    )
    request = json.dumps({"library_id": "$LIBRARY", "path": "made.txt"})
    assert main(["run", str(directory), "--export", "create_entry", "--json", request]) == 0
    output = capsys.readouterr().out
    assert "on_entry_created received an event" in output
    assert "events delivered 1, failed 0" in output
