"""`sdext`: the command line of the extension platform."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _codegen_extension(directory: Path, check: bool) -> int:
    """`sdext codegen --extension DIR`: the extension's typed operations module (docs/extension-operations.md)."""
    from spacedrive_codegen.extension_ops import generate_extension
    from spacedrive_codegen.parser import SchemaError

    try:
        state = generate_extension(directory, check_only=check)
    except SchemaError as exc:
        print(exc, file=sys.stderr)
        return 2
    if check and state.stale:
        for path in state.stale:
            print(f"{path} is stale; run `sdext codegen --extension {directory}`", file=sys.stderr)
        return 1
    for path in state.stale:
        print(f"{path}: written")
    if not state.stale:
        print(f"{directory}: generated files up to date")
    return 0


def _codegen(args: argparse.Namespace) -> int:
    from spacedrive_codegen.generate import find_root, run
    from spacedrive_codegen.parser import SchemaError

    if args.extension:
        return _codegen_extension(Path(args.extension), args.check)
    root = find_root(Path(args.root) if args.root else None)
    try:
        drift = run(root, check_only=args.check)
    except SchemaError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.check:
        if drift.clean:
            print("generated/ is up to date")
            return 0
        print("generated/ is stale; run `sdext codegen` (or `nox -s codegen`):", file=sys.stderr)
        for label, paths in (("changed", drift.changed), ("missing", drift.missing), ("extra", drift.extra)):
            for path in paths:
                print(f"  {label}: generated/{path}", file=sys.stderr)
        return 1
    written = len(drift.changed) + len(drift.missing) + len(drift.extra)
    print(f"codegen: {written} file(s) updated in {root / 'generated'}" if written else "codegen: no changes")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from spacedrive_host.app.demo import run_demo

    from .building import build_extension
    from .generate import find_root

    root = find_root()
    extension_dir = root / "extensions" / "finance"
    print(f"1. building {extension_dir.relative_to(root)} against generated/rust/spacedrive-sdk")
    build = root / "build"
    wasm = build_extension(extension_dir, target_dir=build / "wasm-target", state_dir=build / "toolchain")
    data_dir = Path(args.data_dir) if args.data_dir else None
    return run_demo(extension_dir, wasm, data_dir, Path(args.sample) if args.sample else None)


def _schema_diff(args: argparse.Namespace) -> int:
    from spacedrive_codegen.parser import SchemaError
    from spacedrive_codegen.schema_diff import diff_apis, load_api, report

    try:
        changes = diff_apis(load_api(args.old), load_api(args.new))
    except (FileNotFoundError, SchemaError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(report(changes))
    return 1 if any(change.breaking for change in changes) else 0


def _build(args: argparse.Namespace) -> int:
    from spacedrive_host.core.errors import ExtensionError

    from spacedrive_codegen.generate import find_root
    from spacedrive_codegen.toolchain import ToolchainError

    from .building import build

    extension_dir = Path(args.extension_dir)
    if (extension_dir / "operations").is_dir():  # the typed operations module first (docs/extension-operations.md)
        status = _codegen_extension(extension_dir, check=False)
        if status != 0:
            return status
    try:
        root = find_root()
        target_dir, state_dir = root / "build" / "wasm-target", root / "build" / "toolchain"
    except FileNotFoundError:  # a crate anywhere on disk: cargo's own target dir, a per-user cache
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "spacedrive"
        target_dir, state_dir = extension_dir / "target", cache / "toolchain"
    if os.environ.get("CARGO_TARGET_DIR"):  # cargo's own variable, as cargo itself honours it
        target_dir = Path(os.environ["CARGO_TARGET_DIR"])
    try:
        built = build(
            extension_dir, target_dir=target_dir, state_dir=state_dir, log=lambda line: print(line, file=sys.stderr)
        )
    except (ToolchainError, ExtensionError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(
        f"{built.wasm}: {built.size:,} bytes (stripped from {built.unstripped:,}; profile from {built.profile_source})"
    )
    return 0


def _new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_extension

    try:
        crate = new_extension(Path(args.name), sdk=Path(args.sdk) if args.sdk else None)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(
        f'created {crate}: `sdext build {crate}`, then `sdext run {crate} --export greet --json \'{{"name": "you"}}\'`'
    )
    return 0


def default_data_dir() -> Path:
    return Path(os.environ.get("SDEXT_DATA_DIR") or Path.home() / ".local" / "share" / "sdext")


def _serve(args: argparse.Namespace) -> int:
    import signal
    import threading

    from spacedrive_host.app.console_log import show_extension_logs
    from spacedrive_host.app.daemon import DaemonServer
    from spacedrive_host.app.host import Host
    from spacedrive_host.core.config import HostConfig
    from spacedrive_host.core.errors import ExtensionError

    if not args.quiet:
        show_extension_logs(sys.stderr, logging.DEBUG if args.verbose else logging.INFO)
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    config = HostConfig.load(Path(args.config)) if args.config else HostConfig()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with Host(data_dir, config) as host:
        for directory in args.extension:
            try:
                extension = host.load_extension(Path(directory))
            except ExtensionError as exc:
                print(f"not loaded: {exc}", file=sys.stderr)
                return 2
            print(f"loaded extension {extension.id!r} from {directory}")
        server = DaemonServer(host, ("127.0.0.1", args.port))
        server.serve_in_thread()
        path = server.endpoint.write(data_dir)
        print(f"serving execute_json_operation on {server.endpoint.url} (token in {path})", flush=True)
        stop.wait()
        server.shutdown()
        server.server_close()
        path.unlink(missing_ok=True)
    return 0


def _call(args: argparse.Namespace) -> int:
    import json
    import uuid

    from spacedrive_host.app.daemon import Endpoint
    from spacedrive_host.app.rpc_client import RpcClient, RpcError

    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    try:
        endpoint = Endpoint.read(data_dir)
    except (OSError, ValueError, KeyError) as exc:
        print(f"no daemon endpoint in {data_dir} (is `sdext serve` running?): {exc}", file=sys.stderr)
        return 2
    try:
        payload = json.loads(args.json)
    except json.JSONDecodeError as exc:
        print(f"--json is not valid JSON: {exc}", file=sys.stderr)
        return 2
    try:
        library_id = uuid.UUID(args.library) if args.library else None
        envelope = RpcClient(endpoint).call(args.method, payload, library_id)
    except ValueError as exc:
        print(f"--library: {exc}", file=sys.stderr)
        return 2
    except (RpcError, OSError) as exc:
        print(f"daemon RPC failed: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(envelope, indent=2, ensure_ascii=False))
    return 0 if "ok" in envelope else 1


def _run(args: argparse.Namespace) -> int:
    from spacedrive_host.app.runner import run_extension

    if not args.export and not args.event:
        print("give --export NAME or --event NAME", file=sys.stderr)
        return 2
    data_dir = Path(args.data_dir) if args.data_dir else None
    return run_extension(
        Path(args.extension_dir), export=args.export, event=args.event, payload=args.json, data_dir=data_dir
    )


def _jobs(args: argparse.Namespace) -> int:
    from rich.console import Console
    from spacedrive_host.app.jobs_view import show_jobs

    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    return show_jobs(
        data_dir, Console(), library=args.library, show_all=args.all, watch=not args.no_watch, interval=args.interval
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sdext", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    codegen = sub.add_parser("codegen", help="write generated/ from schema/ (or --check it)")
    codegen.add_argument("--check", action="store_true", help="list stale files and exit non-zero")
    codegen.add_argument("--root", help="project root (default: found from the current directory)")
    codegen.add_argument(
        "--extension", metavar="DIR", help="instead: write DIR/src/operations.rs from DIR/operations/*.json"
    )
    codegen.set_defaults(func=_codegen)
    schema = sub.add_parser("schema", help="work with schema sets").add_subparsers(dest="schema_command", required=True)
    diff = schema.add_parser("diff", help="classify every change from OLD to NEW; exit 1 on a breaking one")
    diff.add_argument("old", help="a schema directory (or a checkout holding schema/) or a git ref")
    diff.add_argument("new", help="the same, for the newer side")
    diff.set_defaults(func=_schema_diff)
    new = sub.add_parser("new", help="scaffold an extension crate (manifest, one export, one event handler, a test)")
    new.add_argument("name", help="directory to create; its name is the crate's and the extension's id")
    new.add_argument("--sdk", help="path of the spacedrive-sdk crate to depend on (default: this checkout's)")
    new.set_defaults(func=_new)
    build = sub.add_parser("build", help="compile an extension crate to wasm next to its manifest")
    build.add_argument("extension_dir")
    build.set_defaults(func=_build)
    demo = sub.add_parser("demo", help="build the Finance extension and import a generated mailbox of receipts")
    demo.add_argument("--data-dir", help="host data directory (default: a fresh temporary one)")
    demo.add_argument("--sample", help="an mbox file to import (default: ten generated receipt mails)")
    demo.set_defaults(func=_demo)
    serve = sub.add_parser("serve", help="run a host and expose execute_json_operation to local clients")
    serve.add_argument("--data-dir", help="host data directory (default: $SDEXT_DATA_DIR or ~/.local/share/sdext)")
    serve.add_argument("--port", type=int, default=0, help="loopback port (default: any free one)")
    serve.add_argument("--config", help="host configuration JSON file")
    serve.add_argument("--extension", action="append", default=[], help="extension directory to load (repeatable)")
    serve.add_argument("--verbose", action="store_true", help="show the extensions' debug lines too")
    serve.add_argument("--quiet", action="store_true", help="do not show extension logs and reloads")
    serve.set_defaults(func=_serve)
    call = sub.add_parser("call", help="call an operation on a running `sdext serve`")
    call.add_argument("method", help="wire method, e.g. query:core.ping.v1 or ext:finance.summary.v1")
    call.add_argument("--library", help="library id for library-scoped operations")
    call.add_argument("--json", default="{}", help="the operation's JSON input")
    call.add_argument("--data-dir", help="the daemon's data directory")
    call.set_defaults(func=_call)
    run = sub.add_parser("run", help="load an extension, invoke an export or deliver an event, show resource use")
    run.add_argument("extension_dir")
    run.add_argument("--export", help="JSON export to call, e.g. process_email")
    run.add_argument(
        "--event",
        help="event to deliver, e.g. entry.created: caused for real in a fresh library, or with --json its fields",
    )
    run.add_argument("--json", help="input JSON (default {}); $LIBRARY is replaced by a fresh library's id")
    run.add_argument("--data-dir", help="host data directory (default: a fresh temporary one)")
    run.set_defaults(func=_run)
    jobs = sub.add_parser("jobs", help="list the jobs of a data directory; live progress bars for running ones")
    jobs.add_argument("--data-dir", help="host data directory (default: $SDEXT_DATA_DIR or ~/.local/share/sdext)")
    jobs.add_argument("--library", help="only the jobs of this library id")
    jobs.add_argument("--all", action="store_true", help="every job, not only the newest 50")
    jobs.add_argument("--no-watch", action="store_true", help="list and exit, without following running jobs")
    jobs.add_argument("--interval", type=float, default=0.25, help="seconds between refreshes of the bars")
    jobs.set_defaults(func=_jobs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
