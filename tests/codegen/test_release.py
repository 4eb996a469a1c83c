"""The SDK version is derived from sdk-release/ and the schema changes since; breaking changes
need a declared major release."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from spacedrive_codegen.parser import parse_schema_dir
from spacedrive_codegen.release import ReleaseError, bump, changelog_entry, check_release, plan
from support.helpers import ROOT, copy_project


@pytest.mark.parametrize(
    ("version", "kind", "expected"),
    [
        ("0.1.0", "major", "0.2.0"),
        ("0.1.0", "minor", "0.1.1"),
        ("0.1.3", "patch", "0.1.4"),
        ("1.4.2", "major", "2.0.0"),
        ("1.4.2", "minor", "1.5.0"),
        ("1.4.2", "patch", "1.4.3"),
    ],
)
def test_bumps_follow_cargo_compatibility(version: str, kind: str, expected: str) -> None:
    assert bump(version, kind) == expected  # type: ignore[arg-type]


def release_project(tmp_path: Path, declared: str) -> Path:
    project = copy_project(tmp_path)
    info = project / "sdk-release" / "release.toml"
    info.write_text(re.sub(r'(?m)^next = ".*"$', f'next = "{declared}"', info.read_text()))
    (project / "sdk-release" / "schema").rename(project / "old-release")
    import shutil

    shutil.copytree(project / "schema", project / "sdk-release" / "schema")  # released == current
    return project


def test_unchanged_schemas_keep_the_released_version(tmp_path: Path) -> None:
    project = release_project(tmp_path, "major")
    release = plan(project, parse_schema_dir(project / "schema"))
    assert release.changes == () and release.version == "0.1.0"
    check_release(release)


def test_a_breaking_change_needs_a_declared_major_release(tmp_path: Path) -> None:
    project = release_project(tmp_path, "minor")
    ping = project / "schema" / "operations" / "core" / "ping.v1.json"
    op = json.loads(ping.read_text())
    op["output"]["required"].remove("count")
    ping.write_text(json.dumps(op))
    release = plan(project, parse_schema_dir(project / "schema", lenient=True))
    assert release.needed == "major"
    with pytest.raises(ReleaseError, match=r'declare next = "major" or add a new \.vN method'):
        check_release(release)

    info = project / "sdk-release" / "release.toml"
    info.write_text(info.read_text().replace('next = "minor"', 'next = "major"'))
    release = plan(project, parse_schema_dir(project / "schema", lenient=True))
    check_release(release)
    assert release.version == "0.2.0"
    entry = changelog_entry(release)
    assert entry.startswith("## 0.2.0 (") and "### Breaking" in entry and "output.count" in entry


def test_the_repository_release_record_is_consistent() -> None:
    """What CI's publish_sdk checks: the current schemas are allowed by the declared release, and the
    generated crate carries the derived version."""
    release = plan(ROOT, parse_schema_dir(ROOT / "schema"))
    check_release(release)
    cargo = (ROOT / "generated" / "rust" / "spacedrive-sdk" / "Cargo.toml").read_text()
    assert f'version = "{release.version}"' in cargo
