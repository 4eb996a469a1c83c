"""`sdext serve` shows the extensions' logs and their hot reloads on the console (the dev loop:
edit, `sdext build`, and the running host picks the new module up)."""

from __future__ import annotations

import json
import logging
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
from spacedrive_host.app.console_log import show_extension_logs

pytestmark = pytest.mark.guests


def test_console_lines_name_the_extension() -> None:
    stream = StringIO()
    handler = show_extension_logs(stream)
    try:
        logging.getLogger("spacedrive.ext.notes").info("greeting %s", "you")
        logging.getLogger("spacedrive.ext.notes").debug("not shown at info")
    finally:
        for name in ("spacedrive.ext", "spacedrive.watcher", "spacedrive.extension"):
            logging.getLogger(name).removeHandler(handler)
    assert stream.getvalue().endswith(" info   notes: greeting you\n")
    assert "not shown" not in stream.getvalue()


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


def wait_for(lines: queue.Queue[str], needle: str, seen: list[str], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if needle in line:
            return
    raise AssertionError(f"{needle!r} never showed; got:\n{''.join(seen)}")


def test_serve_shows_extension_logs_and_reloads(tmp_path: Path, guest_wasm: dict[str, Path]) -> None:
    extension = tmp_path / "limits"
    extension.mkdir()
    shutil.copyfile(guest_wasm["limits"], extension / "limits.wasm")
    manifest = {"id": "limits", "name": "Limits", "version": "0.1.0", "wasm": "limits.wasm"}
    (extension / "manifest.json").write_text(json.dumps(manifest))
    sdext = shutil.which("sdext") or str(Path(sys.executable).with_name("sdext"))
    command = [sdext, "serve", "--data-dir", str(tmp_path / "data"), "--extension", str(extension)]
    server = subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=dict(os.environ)
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(server.stderr, lines), daemon=True).start()
    seen: list[str] = []
    try:
        wait_for(lines, "limits: limits guest init", seen)
        manifest["version"] = "0.1.1"
        (extension / "manifest.json").write_text(json.dumps(manifest))
        wait_for(lines, "reloaded: version 2 serves", seen)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert any("limits: limits guest cleanup" in line for line in seen), "".join(seen)
