"""No guest can abort the host process: for every guest function the host invokes, a guest that
re-enters the host, traps, loops or overflows its stack there gets an error code, and the host,
a bystander extension and later calls all go on.

Each site runs in a subprocess (tests/support/hostile_sites.py), so a crash of the host process (before
the last-resort guard: SIGABRT, "double free or corruption") fails one test instead of ending
the test run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.hostile_sites import BEHAVIOURS, SITES

TESTS = Path(__file__).resolve().parents[1]
NESTED_IN_A_HOST_CALL = {"wasm_alloc_answer", "wasm_alloc_input"}
"""Sites reached while the host serves a host call (the input buffer's `wasm_alloc` re-enters
through the answer's)."""


def expected(site: str) -> dict[str, str]:
    if site == "plugin_cleanup":  # cleanup failures are logged; unloading goes on
        return dict.fromkeys(BEHAVIOURS, "ok")
    return {
        "reenter_call": "reentry_limit" if site in NESTED_IN_A_HOST_CALL else "ok",
        "reenter_log": "ok",
        "trap": "trapped",
        "loop": "time_limit",
        "overflow": "stack_overflow",
    }


@pytest.mark.parametrize("site", SITES)
def test_a_hostile_guest_function_gets_an_error_and_the_host_survives(site: str) -> None:
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-m", "support.hostile_sites", site],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert done.returncode == 0, f"the host process died ({done.returncode}):\n{done.stderr[-3000:]}"
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert {b: report[b] for b in BEHAVIOURS} == expected(site)
    assert all(report[f"bystander after {b}"] for b in BEHAVIOURS), report
    assert "Exception ignored on calling ctypes callback" not in done.stderr
