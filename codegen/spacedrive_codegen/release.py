"""The SDK's version, derived from the last release and what changed since.

`sdk-release/` holds the last published schema set (`schema/`), its version and the declared
kind of the next release (`release.toml`), and the changelog. The SDK version codegen writes
is derived, never typed by hand: the released version when the schemas are unchanged since,
else that version bumped by the declared kind (Cargo's rules: for 0.x versions a breaking
bump raises the minor number). `check_release` refuses a breaking change when the declared
kind is not `major`: the way out is a major release or a new `.vN` method.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from .ir import Api
from .parser import parse_schema_dir
from .schema_diff import Change, diff_apis

RELEASE_DIR = "sdk-release"
UNRELEASED_VERSION = "0.0.0"
Bump = Literal["patch", "minor", "major"]
BUMPS: tuple[Bump, ...] = ("patch", "minor", "major")


class ReleaseError(Exception):
    """The schema changes since the last release need a bigger release than the one declared."""


@dataclass(frozen=True)
class ReleasePlan:
    released: str
    """The last published version (`sdk-release/release.toml`)."""
    declared: Bump
    """The kind of the next release, as declared in `release.toml`."""
    changes: tuple[Change, ...]
    """What changed since the released schema set."""

    @property
    def needed(self) -> Bump | None:
        """The smallest release kind the changes allow (None: nothing changed)."""
        if not self.changes:
            return None
        return "major" if any(c.breaking for c in self.changes) else "minor"

    @property
    def version(self) -> str:
        return self.released if not self.changes else bump(self.released, self.declared)


def bump(version: str, kind: Bump) -> str:
    """`version` raised by `kind`, with Cargo's compatibility rules for 0.x versions."""
    major, minor, patch = (int(part) for part in version.split("-", maxsplit=1)[0].split("."))
    if kind == "major":
        return f"{major + 1}.0.0" if major else f"0.{minor + 1}.0"
    if kind == "minor":
        return f"{major}.{minor + 1}.0" if major else f"0.{minor}.{patch + 1}"
    return f"{major}.{minor}.{patch + 1}"


def plan(root: Path, api: Api) -> ReleasePlan:
    """What the next release is, from `sdk-release/` under `root` and the current IR."""
    release_dir = root / RELEASE_DIR
    info_path = release_dir / "release.toml"
    if not info_path.is_file():
        return ReleasePlan(UNRELEASED_VERSION, "major", ())
    info = tomllib.loads(info_path.read_text(encoding="utf-8"))
    declared = info.get("next", "minor")
    if declared not in BUMPS:
        raise ReleaseError(f"{info_path}: `next` must be one of {', '.join(BUMPS)}, not {declared!r}")
    released = parse_schema_dir(release_dir / "schema", lenient=True)
    current = replace(api, sdk_version=str(info["released"]))
    return ReleasePlan(str(info["released"]), declared, tuple(diff_apis(released, current)))


def with_version(api: Api, root: Path) -> Api:
    """The IR with its derived SDK version."""
    return replace(api, sdk_version=plan(root, api).version)


def check_release(release: ReleasePlan) -> None:
    """Refuse changes that need a bigger release than the declared one."""
    needed = release.needed
    if needed is not None and BUMPS.index(needed) > BUMPS.index(release.declared):
        breaking = "\n  ".join(str(c) for c in release.changes if c.breaking)
        raise ReleaseError(
            f"breaking changes since {release.released}, but sdk-release/release.toml declares a "
            f'{release.declared} release; declare next = "major" or add a new .vN method instead:\n  {breaking}'
        )


def changelog_entry(release: ReleasePlan, today: dt.date | None = None) -> str:
    """A Markdown changelog section for the planned release."""
    day = (today or dt.date.today()).isoformat()
    lines = [f"## {release.version} ({day})", ""]
    if not release.changes:
        lines.append("No schema changes.")
    for title, breaking in (("Breaking", True), ("Added and changed", False)):
        picked = [c for c in release.changes if c.breaking == breaking]
        if picked:
            lines += [f"### {title}", ""] + [f"- `{c.where}`: {c.message}" for c in picked] + [""]
    return "\n".join(lines).rstrip() + "\n"
