"""Guest input is never amplified, and guest text cannot forge log records.

- A method string longer than the ABI's cap is refused before the host copies it, and no
  answer repeats more than a short prefix of anything a guest sent.
- The host's peak memory for one call stays within a small multiple of the request cap
  (measured in a subprocess: peak RSS is per process).
- Every `spacedrive_log` call counts against the log budget, even one with a bad pointer, and
  control characters in log text are escaped.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from spacedrive_host.app.host import Host
from spacedrive_host.core.errors import PREVIEW_CHARS
from spacedrive_host.runtime.abi import MAX_METHOD_BYTES
from support import wat_guests
from support.helpers import MakeExtension

TESTS = Path(__file__).resolve().parents[1]
MiB = 1024 * 1024
ALL = {"permissions": {"methods": ["*"], "libraries": ["*"]}}
BAD_POINTER = 0xFFFFFFF0
SPAM = f"""
  (func (export "spam") (param $n i32) (result i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (call $log (i32.const 2) (i32.const {BAD_POINTER}) (i32.const 100))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (i32.const 0))
"""


def envelope(ext_answer: bytes) -> dict[str, object]:
    answer: dict[str, object] = json.loads(ext_answer)
    return answer


@pytest.mark.parametrize("length", [MAX_METHOD_BYTES + 1, 20 * MiB])
def test_an_over_long_method_is_refused_with_a_short_answer(
    host: Host, make_extension: MakeExtension, length: int
) -> None:
    pages = length // 65536 + 2
    ext = host.load_extension(make_extension(wat_guests.guest(pages=pages), ext_id="long", **ALL))
    raw = ext.read_answer(ext.call_raw("forward", 0, length, 0, 0, 2))
    assert len(raw) < 400
    error = envelope(raw)["error"]
    assert isinstance(error, dict)
    assert error["code"] == "unknown_method"
    assert str(MAX_METHOD_BYTES) in error["message"]


def test_an_unknown_method_is_echoed_as_a_short_prefix_only(host: Host, make_extension: MakeExtension) -> None:
    method = "query:" + "x" * (MAX_METHOD_BYTES - 6)
    data = f'(data (i32.const 16) "{method}") (data (i32.const 1024) "{{}}")'
    ext = host.load_extension(make_extension(wat_guests.guest(data=data), ext_id="echo", **ALL))
    error = envelope(ext.read_answer(ext.call_raw("forward", 16, len(method), 0, 1024, 2)))["error"]
    assert isinstance(error, dict)
    assert error["code"] == "unknown_method"
    assert "x" * (PREVIEW_CHARS + 1) not in error["message"]
    assert len(error["message"]) < 200


def test_peak_memory_of_a_maximal_call_is_a_small_multiple_of_the_request_cap() -> None:
    """A write_sidecar request at a 16 MiB request cap, measured as the growth of peak RSS in a
    fresh process after a warm-up call on the same path."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    cap = 16 * MiB
    done = subprocess.run(
        [sys.executable, "-m", "support.peak_call", str(cap)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["answer"]["ok"]["size"] > 11 * MiB
    assert report["payload"] > cap - 1024
    print(f"peak RSS growth for a {report['payload']} byte request: {report['peak_growth'] / MiB:.1f} MiB")
    assert report["peak_growth"] < 6 * cap


def test_log_calls_with_bad_pointers_count_against_the_log_budget(
    host: Host, make_extension: MakeExtension, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    ext = host.load_extension(
        make_extension(wat_guests.guest(SPAM), ext_id="spam", limits={"log_lines_per_window": 20}, **ALL)
    )
    ext.call_raw("spam", 100_000)
    lines = [r for r in caplog.records if r.name.endswith("spam") or "spam" in r.getMessage()]
    assert len(lines) <= 22
    assert ext.status.logs_dropped >= 100_000 - 20


def test_control_characters_in_guest_logs_are_escaped(
    host: Host, make_extension: MakeExtension, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    text = "real line\nERROR spacedrive.host: forged record\r\x1b[2J\u2028end".encode()
    data = f'(data (i32.const 16) "{wat_guests.wat_bytes(text)}")'
    ext = host.load_extension(make_extension(wat_guests.guest(data=data), ext_id="forger", **ALL))
    ext.call_raw("log", 1, 16, len(text))
    [record] = [r for r in caplog.records if "forged record" in r.getMessage()]
    message = record.getMessage()
    assert not any(ch in message for ch in "\n\r\x1b\u2028")
    assert "real line\\x0aERROR" in message
