"""`sdext`: the command line of the extension platform."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _codegen(args: argparse.Namespace) -> int:
    from spacedrive_codegen.generate import find_root, run
    from spacedrive_codegen.parser import SchemaError

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
    from spacedrive_codegen.generate import find_root

    from .demo import run_demo

    data_dir = Path(args.data_dir) if args.data_dir else None
    return run_demo(find_root(), data_dir, Path(args.sample) if args.sample else None)


def _build(args: argparse.Namespace) -> int:
    from spacedrive_codegen.generate import find_root
    from spacedrive_codegen.toolchain import ToolchainError

    from .building import build_extension
    from .errors import ExtensionError

    root = find_root()
    try:
        wasm = build_extension(
            Path(args.extension_dir), target_dir=root / "build" / "wasm-target", state_dir=root / "build" / "toolchain"
        )
    except (ToolchainError, ExtensionError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(wasm)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sdext", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    codegen = sub.add_parser("codegen", help="write generated/ from schema/ (or --check it)")
    codegen.add_argument("--check", action="store_true", help="list stale files and exit non-zero")
    codegen.add_argument("--root", help="project root (default: found from the current directory)")
    codegen.set_defaults(func=_codegen)
    build = sub.add_parser("build", help="compile an extension crate to wasm next to its manifest")
    build.add_argument("extension_dir")
    build.set_defaults(func=_build)
    demo = sub.add_parser("demo", help="build the Finance extension and process a sample receipt")
    demo.add_argument("--data-dir", help="host data directory (default: a fresh temporary one)")
    demo.add_argument("--sample", help="an .eml file to process (default: the bundled receipt)")
    demo.set_defaults(func=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
