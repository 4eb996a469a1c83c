"""`sdext run`: load one extension, run its init, invoke an export or deliver an event, and show
its logs and what it used against each of its limits.

An event given without `--json` is caused for real: the runner performs the operations that
emit it in the fresh library (`SAMPLE_CAUSES`), so the callback gets a real entry. After an
export or an event the runner waits until every event they caused was delivered, so the
callbacks' logs show too."""

from __future__ import annotations

import json
import logging
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacedrive_wire.models import EventName

from spacedrive_host.core.errors import ExtensionError
from spacedrive_host.runtime.extension import Extension

from .host import Host

LIBRARY_PLACEHOLDER = "$LIBRARY"
SAMPLE_ENTRY = {"name": "sample.txt", "path": "sdext-run/sample.txt", "entry_type": "Note"}
SAMPLE_SIDECAR = {"filename": "sample.txt", "data": "aGVsbG8gZnJvbSBzZGV4dCBydW4=", "format": "text"}
SAMPLE_CAUSES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "entry.created": [("action:vdfs.create_entry.input.v1", SAMPLE_ENTRY)],
    "entry.updated": [
        ("action:vdfs.create_entry.input.v1", SAMPLE_ENTRY),
        ("action:vdfs.update_metadata.input.v1", {"metadata": {"reviewed": True}}),
    ],
    "sidecar.written": [
        ("action:vdfs.create_entry.input.v1", SAMPLE_ENTRY),
        ("action:vdfs.write_sidecar.input.v1", SAMPLE_SIDECAR),
    ],
    "sidecar.deleted": [
        ("action:vdfs.create_entry.input.v1", SAMPLE_ENTRY),
        ("action:vdfs.write_sidecar.input.v1", SAMPLE_SIDECAR),
        ("action:vdfs.delete_sidecar.input.v1", {"filename": SAMPLE_SIDECAR["filename"]}),
    ],
    "job.finished": [("action:jobs.dispatch.input.v1", {"job_type": "sidecar_checksum", "params": {}})],
}
"""For each event, the operations that cause it (each after the first gets the new entry's id)."""


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


def cause_for_real(host: Host, library_id: uuid.UUID, event: str) -> int | None:
    """Perform the sample operations that emit `event`; the number of events emitted, or None if
    nobody subscribed to any of them."""
    steps = SAMPLE_CAUSES.get(event)
    if steps is None:
        raise ValueError(f"no sample cause for {event!r}; give its fields with --json")
    emitted = host.events.stats.emitted
    entry_id: str | None = None
    for method, payload in steps:
        body = payload if entry_id is None else {"entry_id": entry_id, **payload}
        answer = host.call(method, body, library_id)
        if "error" in answer:
            raise ValueError(f"{method} failed: {answer['error']['message']}")
        entry_id = entry_id or answer["ok"].get("entry_id")
    return host.events.stats.emitted if host.events.stats.emitted > emitted else None


def run_extension(
    directory: Path,
    *,
    export: str | None,
    event: str | None,
    payload: str | None,
    data_dir: Path | None,
) -> int:
    """Returns the process exit status: 0 ok, 1 the extension answered an error, 2 it could not run."""
    collector = _Collect()
    ext_logger = logging.getLogger("spacedrive.ext")
    ext_logger.addHandler(collector)
    ext_logger.setLevel(logging.DEBUG)
    with Host(data_dir or Path(tempfile.mkdtemp(prefix="sdext-run-"))) as host:
        library = host.create_library("sdext run")
        text = (payload or "{}").replace(LIBRARY_PLACEHOLDER, str(library.id))
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
                method = host.extension_operations.method_of_export(extension.id, export)
                if method is not None:  # declared as an operation: checked both ways, as the daemon does
                    print(f"{export} serves {method}: input and answer are checked against its schemas")
                    raw = host.execute_json_operation(method, None, text.encode())
                else:
                    raw = extension.call_json(export, text.encode())
                answer: Any = json.loads(raw or b"null")
                print(f"{export} -> {json.dumps(answer, indent=2, ensure_ascii=False)}")
                status = 1 if isinstance(answer, dict) and "error" in answer else 0
            if event:
                if payload is None:
                    sequence = cause_for_real(host, library.id, event)
                else:
                    sequence = host.events.emit(EventName(event), library.id, json.loads(text))
                if sequence is None:
                    print(f"{extension.id!r} does not subscribe to {event}")
                    status = 2
            host.events.wait_idle(timeout=extension.limits.time_per_call_ms / 1000 + 5)
            stats = host.events.stats
            if stats.emitted:
                print(f"events delivered {stats.delivered}, failed {stats.failed} (of {stats.emitted} emitted)")
                status = 1 if stats.failed and status == 0 else status
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
