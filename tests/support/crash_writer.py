"""Child process of the crash tests: writes versions of one sidecar into a library and is
killed with SIGKILL, either by itself at a named step of a write (`--kill-at`) or by the test
at a random moment (`--loop`). Prints `committed <version>` after each write returns."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import uuid
from pathlib import Path

from spacedrive_host.store.library import Library

from support.data_helpers import version_bytes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("library_dir", type=Path)
    parser.add_argument("entry_id", type=uuid.UUID)
    parser.add_argument("--first", type=int, required=True, help="first version to write")
    parser.add_argument("--kill-at", help="write step at which to SIGKILL this process")
    parser.add_argument("--loop", action="store_true", help="write versions until killed")
    args = parser.parse_args()
    library = Library(args.library_dir)
    if args.kill_at:
        target = args.kill_at

        def probe(point: str) -> None:
            if point == target:
                os.kill(os.getpid(), signal.SIGKILL)

        library.write_probe = probe
    version = args.first
    print("ready", flush=True)
    while True:
        library.write_sidecar(args.entry_id, "data.bin", version_bytes(version), "binary")
        print(f"committed {version}", flush=True)
        version += 1
        if not args.loop:
            sys.exit(3)  # the probe should have killed us


if __name__ == "__main__":
    main()
