"""`sdext run`: load one extension, run its init, invoke an export or deliver an event, and show
its logs and what it used against each of its limits."""

from __future__ import annotations

import json
import logging
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacedrive_wire.models import EventName

from .errors import ExtensionError
from .extension import Extension
from .host import Host

LIBRARY_PLACEHOLDER = "$LIBRARY"


@dataclass(frozen=True)
class Usage:
    memory_bytes: int
    elapsed_ms: float
    host_calls: int
    largest_request: int
    largest_response: int
    logs_dropped: int


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname.lower():<7} {record.getMessage()}")


def measure(extension: Extension, elapsed_ms: float) -> Usage:
    """Peak memory (linear memory never shrinks), calls and payload sizes of the live instances."""
    memory = calls = request = response = 0
    with extension.lease() as instance:
        memory = instance.memory_size
        binding = instance.binding
        calls, request, response = binding.calls, binding.largest_request, binding.largest_response
    return Usage(memory, elapsed_ms, calls, request, response, extension.status.logs_dropped)


def usage_table(usage: Usage, extension: Extension) -> list[str]:
    limits = extension.limits
    rows = [
        ("memory (peak)", f"{usage.memory_bytes:,} B", f"{limits.memory_bytes:,} B"),
        ("time of the call", f"{usage.elapsed_ms:.1f} ms", f"{limits.time_per_call_ms:,} ms"),
        ("host calls made", f"{usage.host_calls:,}", f"{limits.calls_per_second:,.0f}/s"),
        ("largest request payload", f"{usage.largest_request:,} B", f"{limits.request_bytes:,} B"),
        ("largest response", f"{usage.largest_response:,} B", f"{limits.response_bytes:,} B"),
        ("log lines dropped", f"{usage.logs_dropped:,}", f"{limits.log_lines_per_window:,} lines/window"),
    ]
    return [f"  {name:<26}{used:>18}   limit {limit}" for name, used, limit in rows]


def run_extension(
    directory: Path,
    *,
    export: str | None,
    event: str | None,
    payload: str,
    data_dir: Path | None,
) -> int:
    """Returns the process exit status: 0 ok, 1 the extension answered an error, 2 it could not run."""
    collector = _Collect()
    ext_logger = logging.getLogger("spacedrive.ext")
    ext_logger.addHandler(collector)
    ext_logger.setLevel(logging.DEBUG)
    with Host(data_dir or Path(tempfile.mkdtemp(prefix="sdext-run-"))) as host:
        library = host.create_library("sdext run")
        text = payload.replace(LIBRARY_PLACEHOLDER, str(library.id))
        try:
            extension = host.load_extension(directory)
        except ExtensionError as exc:
            print(f"load failed [{exc.code}]: {exc.message}")
            return 2
        print(
            f"loaded {extension.id!r} {extension.manifest.version} (ABI {extension.abi_info.abi}); library {library.id}"
        )
        status = 0
        start = time.perf_counter()
        try:
            if export:
                answer: Any = json.loads(extension.call_json(export, text.encode()) or b"null")
                print(f"{export} -> {json.dumps(answer, indent=2, ensure_ascii=False)}")
                status = 1 if isinstance(answer, dict) and "error" in answer else 0
            if event:
                sequence = host.events.emit(EventName(event), library.id, json.loads(text))
                if sequence is None:
                    print(f"{extension.id!r} does not subscribe to {event}")
                    status = 2
                else:
                    host.events.wait_idle(timeout=extension.limits.time_per_call_ms / 1000 + 5)
                    stats = host.events.stats
                    print(f"event {event} #{sequence}: delivered {stats.delivered}, failed {stats.failed}")
                    status = 1 if stats.failed else status
        except ExtensionError as exc:
            print(f"failed [{exc.code}]: {exc.message}")
            status = 2
        except ValueError as exc:
            print(f"bad input: {exc}")
            status = 2
        elapsed_ms = (time.perf_counter() - start) * 1000
        print("logs:")
        print("\n".join(f"  {line}" for line in collector.lines) or "  (none)")
        print("resource use:")
        print("\n".join(usage_table(measure(extension, elapsed_ms), extension)))
        print(f"status: {extension.status.state} {extension.status.reason or ''}".rstrip())
    ext_logger.removeHandler(collector)
    return status
