"""What the host's checks of an extension operation cost, next to a baseline measured in the same run.

    ext:echo.echo.v1 through Host.execute_json_operation     vs  Extension.call_json("echo") on the same
        (size cap, strict JSON, input model, export,               payload: the export alone
         output model, re-encoding)

The guest is a WAT module whose export answers `{"ok": <its input>}`, so the guest's own work is
a memory copy and the difference is the host's validation in both directions. Payloads: a small
object, and one with a list of 1 000 items. Medians of paired samples; compare the ratios.
Not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from spacedrive_codegen.extension_ops import generate_extension  # noqa: E402
from spacedrive_host.app.host import Host  # noqa: E402
from support.echo_operations import ECHO, echo_operation  # noqa: E402
from support.wat_guests import guest  # noqa: E402


def timed_us(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1e6


def paired_us(baseline: Callable[[], object], subject: Callable[[], object], repeats: int) -> tuple[float, float]:
    baseline()
    subject()
    pairs = [(timed_us(baseline), timed_us(subject)) for _ in range(repeats)]
    return statistics.median(b for b, _ in pairs), statistics.median(s for _, s in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "echo"
        directory.mkdir()
        (directory / "module.wasm").write_bytes(guest(ECHO, pages=80))
        manifest = {"id": "echo", "name": "Echo", "version": "0.1.0", "wasm": "module.wasm"}
        (directory / "manifest.json").write_text(json.dumps(manifest))
        operation = echo_operation()
        operation["input"]["properties"]["tags"]["maxItems"] = 1000
        operation["output"]["properties"]["tags"]["maxItems"] = 1000
        (directory / "operations").mkdir()
        (directory / "operations" / "echo.v1.json").write_text(json.dumps(operation))
        generate_extension(directory)  # operations.compiled.json, what the host loads
        with Host(Path(tmp) / "data") as host:
            extension = host.load_extension(directory)
            payloads = {
                "small": json.dumps({"n": 3, "note": "hello"}).encode(),
                "1000 tags": json.dumps({"n": 3, "tags": ["a", "b"] * 500}).encode(),
            }
            print(f"{'payload':<12}{'export alone':>16}{'as operation':>16}{'ratio':>8}")
            for name, payload in payloads.items():
                assert json.loads(host.execute_json_operation("ext:echo.echo.v1", None, payload)).get("ok")
                base, subject = paired_us(
                    lambda p=payload: extension.call_json("echo", p),  # type: ignore[misc]
                    lambda p=payload: host.execute_json_operation("ext:echo.echo.v1", None, p),  # type: ignore[misc]
                    args.repeats,
                )
                print(f"{name:<12}{base:>13.1f} us{subject:>13.1f} us{subject / base:>7.2f}x")


if __name__ == "__main__":
    main()
