"""`nox -s publish_sdk`: everything short of uploading the generated SDK to crates.io.

1. `generated/` must be exactly what codegen produces (the session runs the drift check first);
2. the schemas are compared with the last released set (`sdk-release/`, see release.py); a
   breaking change without a declared major release is refused;
3. both crates (`spacedrive-sdk` and its proc-macro crate `spacedrive-sdk-macros`, released
   together with one version) are staged outside the repository as one workspace, the SDK with
   its generated CHANGELOG entry, packaged with `cargo package --workspace` and verified with
   `cargo publish --dry-run --workspace` (cargo packages the SDK against the macro crate it has
   just packaged, through a temporary local registry, so neither needs to be on crates.io);
4. a fresh extension crate, also outside the repository, is built for wasm32 against the
   packaged `.crate` files (unpacked, as crates.io would serve them) and run in a host.

`--record` also writes the release into `sdk-release/` (its schema set, version and changelog),
for the commit that accompanies a real upload. Staging happens outside the checkout because
cargo leaves out files git ignores when it packages a crate inside a repository.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from . import toolchain
from .generate import Layout
from .parser import parse_schema_dir
from .release import RELEASE_DIR, ReleaseError, ReleasePlan, changelog_entry, check_release, plan

CRATE = "spacedrive-sdk"
MACROS_CRATE = "spacedrive-sdk-macros"
CRATES = (MACROS_CRATE, CRATE)
"""Released together, with one version; the SDK depends on the macro crate with `=version`."""
PROBE_LIB = """\
use spacedrive_sdk::{export, types::PingInput, Result, SpacedriveClient};

#[export]
fn probe(message: String) -> Result<Vec<String>> {
    Ok(SpacedriveClient::core().ping(PingInput::new(message))?.echo)
}
"""


def run(command: list[str], cwd: Path) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, check=True)


def changelog(root: Path, release: ReleasePlan) -> str:
    """The changelog with the planned release's entry inserted after the title."""
    existing = (root / RELEASE_DIR / "CHANGELOG.md").read_text(encoding="utf-8")
    head, _, rest = existing.partition("\n## ")
    entry = changelog_entry(release)
    return f"{head.rstrip()}\n\n{entry}\n## {rest}" if rest else f"{head.rstrip()}\n\n{entry}"


def stage(root: Path, work: Path, release: ReleasePlan) -> Path:
    """Copies of the generated crates, the SDK with its changelog, as one workspace outside the
    repository; returns the workspace directory."""
    workspace = work / "crates"
    for name in CRATES:
        shutil.copytree(
            root / "generated" / "rust" / name, workspace / name, ignore=shutil.ignore_patterns("target", "Cargo.lock")
        )
    (workspace / CRATE / "CHANGELOG.md").write_text(changelog(root, release), encoding="utf-8")
    members = ", ".join(json.dumps(name) for name in CRATES)
    (workspace / "Cargo.toml").write_text(f'[workspace]\nresolver = "2"\nmembers = [{members}]\n', encoding="utf-8")
    return workspace


def package(workspace: Path, target_dir: Path, version: str) -> list[Path]:
    """`cargo package` and `cargo publish --dry-run` of both crates; the .crate files."""
    cargo = shutil.which("cargo") or "cargo"
    run([cargo, "package", "--workspace", "--allow-dirty", "--no-verify", "--target-dir", str(target_dir)], workspace)
    run([cargo, "publish", "--dry-run", "--workspace", "--allow-dirty", "--target-dir", str(target_dir)], workspace)
    packaged = [target_dir / "package" / f"{name}-{version}.crate" for name in CRATES]
    for path in packaged:
        if not path.is_file():
            raise FileNotFoundError(f"cargo package did not produce {path}")
    return packaged


def probe_extension(root: Path, work: Path, packaged: list[Path]) -> None:
    """Build and run an extension against the unpacked .crate files, as an author outside the repo
    would: the SDK by path, its macro crate as the registry version it names (patched to the
    unpacked copy, which is what crates.io would serve)."""
    registry = work / "registry"
    for crate_file in packaged:
        with tarfile.open(crate_file) as tar:
            tar.extractall(registry, filter="data")
    version = packaged[0].name.removeprefix(f"{MACROS_CRATE}-").removesuffix(".crate")
    sdk, macros = registry / f"{CRATE}-{version}", registry / f"{MACROS_CRATE}-{version}"
    probe = work / "probe"
    (probe / "src").mkdir(parents=True)
    (probe / "Cargo.toml").write_text(
        '[package]\nname = "probe"\nversion = "0.1.0"\nedition = "2021"\n\n[lib]\ncrate-type = ["cdylib"]\n\n'
        f"[dependencies]\nspacedrive-sdk = {{ path = {json.dumps(sdk.as_posix())} }}\n\n"
        f"[patch.crates-io]\n{MACROS_CRATE} = {{ path = {json.dumps(macros.as_posix())} }}\n\n"
        '[profile.release]\nopt-level = "s"\nlto = true\npanic = "abort"\n',
        encoding="utf-8",
    )
    (probe / "src" / "lib.rs").write_text(PROBE_LIB, encoding="utf-8")
    tools = toolchain.provision(state_dir=root / "build" / "toolchain")
    [wasm] = toolchain.build(probe / "Cargo.toml", toolchain=tools, target_dir=work / "probe-target")
    shutil.copyfile(wasm, probe / "probe.wasm")
    manifest = {"id": "probe", "name": "Probe", "version": "0.1.0", "wasm": "probe.wasm"}
    (probe / "manifest.json").write_text(json.dumps(manifest | {"permissions": {"methods": ["core.ping"]}}))

    from spacedrive_host.app.host import Host  # the host is a test dependency of this step only

    with Host(work / "data") as host:
        answer = json.loads(host.load_extension(probe).call_json("probe", b'"from the packaged crate"'))
    if answer != {"ok": ["from the packaged crate"]}:
        raise RuntimeError(f"the probe extension built against the packaged crate answered {answer}")
    print(f"probe extension built against {', '.join(p.name for p in packaged)}: {answer}")


def record(root: Path, release: ReleasePlan) -> None:
    """Write the planned release into sdk-release/ (to commit with the upload)."""
    release_dir = root / RELEASE_DIR
    (release_dir / "CHANGELOG.md").write_text(changelog(root, release), encoding="utf-8")
    shutil.rmtree(release_dir / "schema")
    shutil.copytree(root / "schema", release_dir / "schema")
    info = release_dir / "release.toml"
    lines = info.read_text(encoding="utf-8").splitlines()
    info.write_text(
        "\n".join(f'released = "{release.version}"' if line.startswith("released =") else line for line in lines)
        + "\n",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--record", action="store_true", help="write the release into sdk-release/")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    release = plan(root, parse_schema_dir(Layout(root).schema_dir))
    try:
        check_release(release)
    except ReleaseError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{CRATE} {release.version}: {len(release.changes)} change(s) since {release.released}")
    print(changelog_entry(release))
    with tempfile.TemporaryDirectory(prefix="publish-sdk-") as tmp:
        work = Path(tmp)
        workspace = stage(root, work, release)
        packaged = package(workspace, work / "target", release.version)
        (root / "build").mkdir(exist_ok=True)
        for crate_file in packaged:
            shutil.copyfile(crate_file, root / "build" / crate_file.name)
        probe_extension(root, work, packaged)
    if args.record:
        record(root, release)
        print(f"recorded {release.version} in {RELEASE_DIR}/: commit it with the upload")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
