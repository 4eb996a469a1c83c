"""`nox -s publish_sdk`: everything short of uploading the generated SDK to crates.io.

1. `generated/` must be exactly what codegen produces (the session runs the drift check first);
2. the schemas are compared with the last released set (`sdk-release/`, see release.py); a
   breaking change without a declared major release is refused;
3. the crate is staged outside the repository with its generated CHANGELOG entry, packaged with
   `cargo package` and verified with `cargo publish --dry-run`;
4. a fresh extension crate, also outside the repository, is built for wasm32 against the
   packaged `.crate` (unpacked, as crates.io would serve it) and run in a host.

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
PROBE_LIB = """\
use spacedrive_sdk::{abi::handle_json_export, types::PingInput, SpacedriveClient};

#[no_mangle]
pub extern "C" fn probe(ptr: u32, len: u32) -> u32 {
    handle_json_export(ptr, len, |message: String| {
        Ok(SpacedriveClient::core().ping(PingInput::new(message))?.echo)
    })
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
    """A copy of the generated crate with its changelog, outside the repository."""
    crate = work / CRATE
    shutil.copytree(root / "generated" / "rust" / CRATE, crate, ignore=shutil.ignore_patterns("target", "Cargo.lock"))
    (crate / "CHANGELOG.md").write_text(changelog(root, release), encoding="utf-8")
    return crate


def package(crate: Path, target_dir: Path, version: str) -> Path:
    cargo = shutil.which("cargo") or "cargo"
    run([cargo, "package", "--allow-dirty", "--no-verify", "--target-dir", str(target_dir)], crate)
    run([cargo, "publish", "--dry-run", "--allow-dirty", "--target-dir", str(target_dir)], crate)
    packaged = target_dir / "package" / f"{CRATE}-{version}.crate"
    if not packaged.is_file():
        raise FileNotFoundError(f"cargo package did not produce {packaged}")
    return packaged


def probe_extension(root: Path, work: Path, packaged: Path) -> None:
    """Build and run an extension against the unpacked .crate, as an author outside the repo would."""
    with tarfile.open(packaged) as tar:
        tar.extractall(work / "registry", filter="data")
    sdk = next((work / "registry").iterdir())
    probe = work / "probe"
    (probe / "src").mkdir(parents=True)
    (probe / "Cargo.toml").write_text(
        '[package]\nname = "probe"\nversion = "0.1.0"\nedition = "2021"\n\n[lib]\ncrate-type = ["cdylib"]\n\n'
        f"[dependencies]\nspacedrive-sdk = {{ path = {json.dumps(sdk.as_posix())} }}\n\n"
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
    print(f"probe extension built against {packaged.name}: {answer}")


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
        crate = stage(root, work, release)
        packaged = package(crate, work / "target", release.version)
        shutil.copyfile(packaged, (root / "build").joinpath(packaged.name))
        probe_extension(root, work, packaged)
    if args.record:
        record(root, release)
        print(f"recorded {release.version} in {RELEASE_DIR}/: commit it with the upload")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
