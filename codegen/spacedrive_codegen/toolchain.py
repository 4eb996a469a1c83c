"""Find or provision a Rust toolchain that builds wasm32-unknown-unknown guests.

Two ways are supported, tried in this order:

1. ``rustup-target``: a rustup toolchain with the prebuilt wasm32 std.
2. ``debian-build-std`` / ``debian-build-std-offline``: Debian's ``rustc-web``
   compiler with the std library rebuilt from ``rust-web-src`` (``-Zbuild-std``),
   linked by ``wasm-ld`` from ``lld-19``. This works where the rustup dist server
   is unreachable, and with the vendored Debian crates it works fully offline.

Everything is passed to cargo through the environment and ``--config`` flags, so
the crates being built need no toolchain-specific config files.

C guests (``build-c``) are compiled by clang for wasm32 without libc and linked by
``wasm-ld``: Debian's ``clang-19`` and ``lld-19``, installed with apt-get when missing.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import shutil
import subprocess
import sys
import threading
import tomllib
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

__all__ = [
    "CToolchain",
    "ToolchainError",
    "WasmToolchain",
    "build",
    "build_c",
    "main",
    "provision",
    "provision_c",
    "with_profile",
]

TARGET = "wasm32-unknown-unknown"

DEBIAN_TOOLCHAIN_PACKAGES: tuple[str, ...] = (
    "rustc-web",
    "cargo-web",
    "rust-web-src",
    "lld-19",
)
DEBIAN_CRATE_PACKAGES: tuple[str, ...] = (
    "librust-serde-dev",
    "librust-serde-derive-dev",
    "librust-serde-json-dev",
)
DEBIAN_PACKAGES = DEBIAN_TOOLCHAIN_PACKAGES + DEBIAN_CRATE_PACKAGES

DEBIAN_CARGO = Path("/usr/bin/cargo")
DEBIAN_RUSTC = Path("/usr/bin/rustc")
DEBIAN_WASM_LD = Path("/usr/lib/llvm-19/bin/wasm-ld")
DEBIAN_STD_SRC = Path("/usr/lib/rustlib/src/rust/library")
DEBIAN_STD_VENDOR = DEBIAN_STD_SRC / "vendor"
DEBIAN_REGISTRY = Path("/usr/share/cargo/registry")

CRATES_IO_PROBE_URL = "https://index.crates.io/config.json"
CRATES_IO_PROBE_TIMEOUT = 5.0
RUSTUP_ADD_TIMEOUT = 20.0
QUERY_TIMEOUT = 30.0
APT_TIMEOUT = 1800.0
CARGO_UPDATE_TIMEOUT = 600.0
ERROR_TAIL_LINES = 60

# The release profile every guest gets; wasm32 has no unwinding, and small code
# matters more than build time for guests.
PROFILE_CONFIG: tuple[str, ...] = (
    'profile.release.panic="abort"',
    'profile.release.opt-level="s"',
    "profile.release.lto=true",
    "profile.release.codegen-units=1",
)

VENDORED_SOURCE_SETTING = 'source.crates-io.replace-with="vendored"'


class ToolchainError(Exception):
    """No usable wasm32 toolchain, or a build failed; the message says what to do."""


@dataclass(frozen=True)
class WasmToolchain:
    """How to call cargo so that it builds for wasm32-unknown-unknown."""

    cargo: Path
    env: Mapping[str, str]
    cargo_args: tuple[str, ...]
    strategy: str
    notes: tuple[str, ...]


def _run(
    cmd: Sequence[str | Path],
    *,
    timeout: float = QUERY_TIMEOUT,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str] | None:
    """Run a command for its output; None when it cannot run or times out."""
    try:
        return subprocess.run(
            [str(c) for c in cmd],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=None if env is None else {**os.environ, **env},
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def _error_line(text: str) -> str:
    """The first ``error:`` line (else the last line), to quote a failing tool briefly."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.lower().startswith("error")]
    return (errors or lines or ["no output"])[0 if errors else -1]


def _tail(text: str, n: int = ERROR_TAIL_LINES) -> str:
    """The last lines of some output, for error messages."""
    return "\n".join(text.splitlines()[-n:])


def _config_args(*settings: str) -> list[str]:
    """Turn ``key=value`` cargo settings into ``--config`` flags."""
    args: list[str] = []
    for setting in settings:
        args += ["--config", setting]
    return args


def _toml_str(value: str) -> str:
    """Quote a string for a cargo ``--config`` value (JSON strings are TOML strings)."""
    return json.dumps(value)


def _crates_io_reachable() -> bool:
    """Probe crates.io's sparse index, which is what cargo itself would use."""
    try:
        with urllib.request.urlopen(CRATES_IO_PROBE_URL, timeout=CRATES_IO_PROBE_TIMEOUT) as response:
            return bool(response.status == 200)
    except (OSError, http.client.HTTPException, ValueError):
        return False


def _tool_version(binary: Path, env: Mapping[str, str] | None = None) -> str:
    """``binary --version``, for the notes."""
    result = _run([binary, "--version"], env=env)
    if result is None or result.returncode != 0:
        return f"{binary} (version unknown)"
    return result.stdout.strip()


# --- rustup -----------------------------------------------------------------


def _find_rustup() -> Path | None:
    """The rustup binary, also when ~/.cargo/bin is not on PATH."""
    found = shutil.which("rustup")
    if found:
        return Path(found)
    home_rustup = Path.home() / ".cargo" / "bin" / "rustup"
    return home_rustup if home_rustup.is_file() else None


def _rustup_toolchains(rustup: Path) -> list[str]:
    """Installed rustup toolchains, the active one first."""
    listing = _run([rustup, "toolchain", "list"])
    if listing is None or listing.returncode != 0:
        return []
    names = [
        line.split()[0] for line in listing.stdout.splitlines() if line.strip() and not line.startswith("no installed")
    ]
    active = _run([rustup, "show", "active-toolchain"])
    if active is not None and active.returncode == 0 and active.stdout.split():
        first = active.stdout.split()[0]
        if first in names:
            names.remove(first)
            names.insert(0, first)
    return names


def _rustup_bin_dir(rustup: Path, toolchain: str) -> Path | None:
    """The bin directory of a rustup toolchain (holding the real cargo and rustc)."""
    which = _run([rustup, "which", "--toolchain", toolchain, "rustc"])
    if which is None or which.returncode != 0 or not which.stdout.strip():
        return None
    return Path(which.stdout.strip()).parent


def _has_wasm_std(bin_dir: Path) -> bool:
    """Whether the toolchain's sysroot holds a prebuilt wasm32 std."""
    return (bin_dir.parent / "lib" / "rustlib" / TARGET / "lib").is_dir()


def _rustup_toolchain(install: bool, offline: bool | None, notes: list[str]) -> WasmToolchain | None:
    """A rustup toolchain with the wasm32 target, adding the target if allowed."""
    rustup = _find_rustup()
    if rustup is None:
        notes.append("wasm32 std from rustup: not available (rustup not installed)")
        return None
    toolchains = _rustup_toolchains(rustup)
    if not toolchains:
        notes.append("wasm32 std from rustup: not available (no rustup toolchains)")
        return None
    for name in toolchains:
        bin_dir = _rustup_bin_dir(rustup, name)
        if bin_dir is not None and _has_wasm_std(bin_dir):
            notes.append(f"wasm32 std from rustup: already installed in {name}")
            return _rustup_result(name, bin_dir, notes)
    if not install:
        notes.append("wasm32 std from rustup: not installed (not trying to add it: install=False)")
        return None
    if offline:
        notes.append("wasm32 std from rustup: not installed (not trying to add it: offline)")
        return None
    active = toolchains[0]
    added = _run(
        [rustup, "target", "add", TARGET, "--toolchain", active],
        timeout=RUSTUP_ADD_TIMEOUT,
    )
    bin_dir = _rustup_bin_dir(rustup, active)
    if added is not None and added.returncode == 0 and bin_dir and _has_wasm_std(bin_dir):
        notes.append(f"wasm32 std from rustup: added to {active} (rustup target add)")
        return _rustup_result(active, bin_dir, notes)
    if added is None:
        reason = f"rustup target add gave no answer within {RUSTUP_ADD_TIMEOUT:.0f} s"
    else:
        reason = f"rustup target add failed: {_error_line(added.stderr)}"
    notes.append(f"wasm32 std from rustup: not available ({reason})")
    return None


def _rustup_result(toolchain: str, bin_dir: Path, notes: list[str]) -> WasmToolchain:
    """Call the toolchain's own binaries so rust-toolchain files cannot switch it."""
    env = {
        "RUSTUP_TOOLCHAIN": toolchain,
        "RUSTC": str(bin_dir / "rustc"),
        "PATH": os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]),
    }
    notes.append(f"compiler: {_tool_version(bin_dir / 'rustc', env)} (prebuilt wasm32 std)")
    return WasmToolchain(
        cargo=bin_dir / "cargo",
        env=env,
        cargo_args=tuple(_config_args(*PROFILE_CONFIG)),
        strategy="rustup-target",
        notes=tuple(notes),
    )


# --- Debian -----------------------------------------------------------------


def _apt_command(packages: Sequence[str]) -> str:
    """The exact shell command that installs the given Debian packages."""
    return "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y " + " ".join(packages)


def _missing_debian_packages(packages: Sequence[str]) -> list[str]:
    """Packages dpkg does not report as installed."""
    query = _run(["dpkg-query", "-W", "-f=${Package} ${db:Status-Status}\n", *packages])
    if query is None:
        raise ToolchainError(
            "No wasm32 toolchain: rustup has no wasm32-unknown-unknown target and this "
            "is not a Debian system (dpkg-query not found). Install one with "
            f"`rustup target add {TARGET}`."
        )
    installed = {
        fields[0].split(":")[0]
        for fields in (line.split() for line in query.stdout.splitlines())
        if len(fields) == 2 and fields[1] == "installed"
    }
    return [p for p in packages if p not in installed]


def _apt_install(packages: Sequence[str]) -> None:
    """apt-get install; refresh the package lists once only if that fails."""
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    install_cmd = ["apt-get", "install", "-y", *packages]
    result = _run(install_cmd, timeout=APT_TIMEOUT, env=env)
    if result is not None and result.returncode == 0:
        return
    update = _run(["apt-get", "update"], timeout=APT_TIMEOUT, env=env)
    result = _run(install_cmd, timeout=APT_TIMEOUT, env=env)
    if result is not None and result.returncode == 0:
        return
    detail = "timed out or could not run" if result is None else _tail(result.stdout + result.stderr)
    if update is not None and update.returncode != 0:
        detail += "\napt-get update also failed:\n" + _tail(update.stdout + update.stderr, 10)
    raise ToolchainError(f"Installing {' '.join(packages)} failed. Try by hand: {_apt_command(packages)}\n{detail}")


def _ensure_debian_packages(packages: Sequence[str], install: bool, notes: list[str]) -> None:
    """Make sure the packages are installed, or say exactly how to install them."""
    missing = _missing_debian_packages(packages)
    if not missing:
        notes.append(f"Debian packages present: {' '.join(packages)}")
        return
    if not install:
        raise ToolchainError(
            f"Missing Debian packages for the wasm32 toolchain: {' '.join(missing)} "
            f"(not installing: install=False). Run as root: {_apt_command(missing)}"
        )
    if os.geteuid() != 0:
        raise ToolchainError(
            f"Missing Debian packages for the wasm32 toolchain: {' '.join(missing)}, "
            f"and installing them needs root. Run as root: {_apt_command(missing)}"
        )
    _apt_install(missing)
    still_missing = _missing_debian_packages(missing)
    if still_missing:
        raise ToolchainError(
            f"apt-get reported success but {' '.join(still_missing)} is still not "
            f"installed. Try by hand: {_apt_command(still_missing)}"
        )
    notes.append(f"Debian packages installed with apt-get: {' '.join(missing)}")


def _require_files(paths: Sequence[Path], packages: Sequence[str]) -> None:
    """Fail clearly if an installed package does not provide the expected files."""
    absent = [str(p) for p in paths if not p.exists()]
    if absent:
        raise ToolchainError(
            f"Expected files are missing: {', '.join(absent)}. They come from the "
            f"Debian packages {' '.join(packages)}; reinstall with: "
            f"{_apt_command(packages)} --reinstall"
        )


def _crate_dirs() -> dict[str, Path]:
    """Every vendored crate directory by name; std's own vendor dir wins on clashes."""
    crates: dict[str, Path] = {}
    for root in (DEBIAN_STD_VENDOR, DEBIAN_REGISTRY):
        if not root.is_dir():
            continue
        for entry in sorted(root.iterdir()):
            if entry.name not in crates and (entry / "Cargo.toml").is_file():
                crates[entry.name] = entry
    return crates


def _vendor_is_current(vendor: Path, crates: Mapping[str, Path]) -> bool:
    """Whether the symlink directory matches the installed crates exactly."""
    if not vendor.is_dir():
        return False
    entries = {e.name: e for e in vendor.iterdir()}
    if entries.keys() != crates.keys():
        return False
    return all(
        entries[name].is_symlink() and os.readlink(entries[name]) == str(target) for name, target in crates.items()
    )


def _ensure_vendor_dir(state_dir: Path) -> tuple[Path, int]:
    """One cargo directory source over all Debian-vendored crates (cargo takes one dir)."""
    crates = _crate_dirs()
    if not crates:
        raise ToolchainError(
            f"No vendored crates found in {DEBIAN_STD_VENDOR} or {DEBIAN_REGISTRY}. "
            f"Install them with: {_apt_command(DEBIAN_PACKAGES)}"
        )
    vendor = state_dir / "vendor"
    if _vendor_is_current(vendor, crates):
        return vendor, len(crates)
    state_dir.mkdir(parents=True, exist_ok=True)
    fresh = state_dir / f"vendor.new.{os.getpid()}"
    stale = state_dir / f"vendor.old.{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    for name, target in crates.items():
        (fresh / name).symlink_to(target, target_is_directory=True)
    if vendor.is_symlink() or vendor.is_file():
        vendor.unlink()
    elif vendor.exists():
        vendor.rename(stale)
    fresh.rename(vendor)
    shutil.rmtree(stale, ignore_errors=True)
    return vendor, len(crates)


def _vendored_source_args(state_dir: Path, notes: list[str]) -> list[str]:
    """cargo flags that take every crate from the vendored Debian directory."""
    vendor, count = _ensure_vendor_dir(state_dir)
    notes.append(
        f"crates from: vendored Debian registry at {vendor} ({count} crates from "
        f"{DEBIAN_STD_VENDOR} and {DEBIAN_REGISTRY}; offline)"
    )
    return [
        "--offline",
        *_config_args(
            VENDORED_SOURCE_SETTING,
            f"source.vendored.directory={_toml_str(str(vendor))}",
        ),
    ]


def _debian_toolchain(install: bool, offline: bool, state_dir: Path, notes: list[str]) -> WasmToolchain:
    """Debian's rustc-web with std rebuilt for wasm32 and linked by wasm-ld."""
    _ensure_debian_packages(DEBIAN_PACKAGES, install, notes)
    _require_files(
        [
            DEBIAN_CARGO,
            DEBIAN_RUSTC,
            DEBIAN_WASM_LD,
            DEBIAN_STD_SRC / "std" / "Cargo.toml",
        ],
        DEBIAN_TOOLCHAIN_PACKAGES,
    )
    env = {
        "RUSTC_BOOTSTRAP": "1",
        "RUSTC": str(DEBIAN_RUSTC),
        "PATH": os.pathsep.join([str(DEBIAN_RUSTC.parent), os.environ.get("PATH", "")]),
        "CARGO_HOME": str(state_dir / "cargo-home"),
    }
    notes.append(f"compiler: Debian rustc-web {_tool_version(DEBIAN_RUSTC, env)} + build-std")
    notes.append(f"linker: {DEBIAN_WASM_LD}; CARGO_HOME={env['CARGO_HOME']}")
    args = [
        "-Zbuild-std=std,panic_abort",
        *_config_args(
            f"target.{TARGET}.linker={_toml_str(str(DEBIAN_WASM_LD))}",
            *PROFILE_CONFIG,
        ),
    ]
    if offline:
        args += _vendored_source_args(state_dir, notes)
        strategy = "debian-build-std-offline"
    else:
        notes.append("crates from: crates.io (std's own dependencies too)")
        strategy = "debian-build-std"
    return WasmToolchain(
        cargo=DEBIAN_CARGO,
        env=env,
        cargo_args=tuple(args),
        strategy=strategy,
        notes=tuple(notes),
    )


# --- public API ---------------------------------------------------------------


def provision(*, install: bool = True, offline: bool | None = None, state_dir: Path) -> WasmToolchain:
    """Find or set up a wasm32 toolchain; ``offline=None`` probes crates.io."""
    state_dir = state_dir.resolve()
    notes: list[str] = []
    if offline is None:
        offline_now = not _crates_io_reachable()
        notes.append(
            "crates.io: " + ("not reachable, working offline" if offline_now else "reachable") + " (auto-detected)"
        )
    else:
        offline_now = offline
        notes.append("crates.io: " + ("not used (offline forced)" if offline else "used"))
    found = _rustup_toolchain(install, offline, notes)
    if found is None:
        state_dir.mkdir(parents=True, exist_ok=True)
        return _debian_toolchain(install, offline_now, state_dir, notes)
    if not offline_now:
        return WasmToolchain(
            cargo=found.cargo,
            env=found.env,
            cargo_args=found.cargo_args,
            strategy=found.strategy,
            notes=(*found.notes, "crates from: crates.io"),
        )
    found_notes = list(found.notes)
    state_dir.mkdir(parents=True, exist_ok=True)
    _ensure_debian_packages(DEBIAN_CRATE_PACKAGES, install, found_notes)
    source_args = _vendored_source_args(state_dir, found_notes)
    return WasmToolchain(
        cargo=found.cargo,
        env=found.env,
        cargo_args=(*found.cargo_args, *source_args),
        strategy=found.strategy,
        notes=tuple(found_notes),
    )


def _pump(stream: IO[str], tail: collections.deque[str]) -> None:
    """Pass cargo's progress through to our stderr while keeping its tail."""
    for line in stream:
        sys.stderr.write(line)
        sys.stderr.flush()
        tail.append(line)


def _package_name(manifest: str, cache: dict[str, str | None]) -> str | None:
    """The package name declared in a Cargo.toml."""
    if manifest not in cache:
        try:
            with open(manifest, "rb") as f:
                package = tomllib.load(f).get("package", {})
            name = package.get("name") if isinstance(package, dict) else None
            cache[manifest] = name if isinstance(name, str) else None
        except (OSError, tomllib.TOMLDecodeError):
            cache[manifest] = None
    return cache[manifest]


def _wasm_artifacts(message: Mapping[str, Any], cache: dict[str, str | None]) -> tuple[str | None, list[Path]]:
    """The package name and .wasm files of a local cdylib in a cargo JSON message."""
    if message.get("reason") != "compiler-artifact":
        return None, []
    target = message.get("target")
    package_id = message.get("package_id")
    filenames = message.get("filenames")
    manifest = message.get("manifest_path")
    if not (
        isinstance(target, dict)
        and "cdylib" in target.get("kind", [])
        and isinstance(package_id, str)
        and isinstance(filenames, list)
        and isinstance(manifest, str)
    ):
        return None, []
    if not (package_id.startswith("path+") or "(path+" in package_id):
        return None, []
    wasm = [Path(f) for f in filenames if isinstance(f, str) and f.endswith(".wasm")]
    return _package_name(manifest, cache), wasm


def _matches(wanted: str, name: str | None, wasm: Sequence[Path]) -> bool:
    """Whether a ``-p`` spec names this package (by name, or by its .wasm file name)."""
    return wanted == name or any(p.stem == wanted.replace("-", "_") for p in wasm)


def _run_cargo(
    cmd: Sequence[str], toolchain: WasmToolchain, cache: dict[str, str | None]
) -> tuple[int, list[str], list[tuple[str | None, list[Path]]]]:
    """Run cargo, streaming its progress; returns exit code, output tail, artifacts."""
    tail: collections.deque[str] = collections.deque(maxlen=ERROR_TAIL_LINES)
    artifacts: list[tuple[str | None, list[Path]]] = []
    try:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env={**os.environ, **toolchain.env},
        )
    except OSError as e:
        raise ToolchainError(f"Cannot run {toolchain.cargo}: {e}") from e
    stdout, stderr = proc.stdout, proc.stderr
    if stdout is None or stderr is None:
        raise ToolchainError("cargo's output pipes could not be opened")
    pump = threading.Thread(target=_pump, args=(stderr, tail), daemon=True)
    pump.start()
    with proc:
        for line in stdout:
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                tail.append(line)
                continue
            if isinstance(message, dict):
                name, wasm = _wasm_artifacts(message, cache)
                if wasm:
                    artifacts.append((name, wasm))
        returncode = proc.wait()
    pump.join()
    return returncode, list(tail), artifacts


def _lock_outside_vendor(toolchain: WasmToolchain, tail: Sequence[str]) -> bool:
    """Whether cargo failed only because Cargo.lock pins versions the vendor dir lacks.

    A lock file written by an online build names current crates.io versions, which
    the older Debian crates cannot satisfy.
    """
    text = "".join(tail)
    return (
        VENDORED_SOURCE_SETTING in toolchain.cargo_args and "failed to select a version" in text and "locked to" in text
    )


def _relock_from_vendor(manifest_path: Path, toolchain: WasmToolchain) -> None:
    """Re-resolve Cargo.lock against the vendored crates, so the build can go on."""
    args = toolchain.cargo_args
    keep: list[str] = []
    for i, arg in enumerate(args):
        if arg == "--offline":
            keep.append(arg)
        elif arg == "--config" and i + 1 < len(args):
            keep += [arg, args[i + 1]]
    sys.stderr.write(
        f"note: {manifest_path.parent / 'Cargo.lock'} pins crate versions the vendored "
        "Debian registry lacks; re-resolving it offline with `cargo update`\n"
    )
    result = _run(
        [toolchain.cargo, "update", "--manifest-path", manifest_path, *keep],
        timeout=CARGO_UPDATE_TIMEOUT,
        env=toolchain.env,
    )
    if result is None or result.returncode != 0:
        detail = "timed out" if result is None else _tail(result.stderr)
        raise ToolchainError(
            f"Cargo.lock next to {manifest_path} pins crate versions that the vendored "
            "Debian registry does not have, and re-resolving it failed; the crate may "
            f"need newer crates than Debian ships, or build it online.\n{detail}"
        )


def build(
    manifest_path: Path,
    *,
    toolchain: WasmToolchain,
    target_dir: Path,
    packages: Sequence[str] = (),
    release: bool = True,
) -> list[Path]:
    """cargo build for wasm32; returns the .wasm files of the built cdylib packages."""
    cmd = [
        str(toolchain.cargo),
        "build",
        "--manifest-path",
        str(manifest_path),
        "--target",
        TARGET,
        "--target-dir",
        str(target_dir),
        "--message-format=json-render-diagnostics",
    ]
    if release:
        cmd.append("--release")
    for package in packages:
        cmd += ["-p", package]
    cmd += toolchain.cargo_args
    cache: dict[str, str | None] = {}
    returncode, tail, artifacts = _run_cargo(cmd, toolchain, cache)
    if returncode != 0 and _lock_outside_vendor(toolchain, tail):
        _relock_from_vendor(manifest_path, toolchain)
        returncode, tail, artifacts = _run_cargo(cmd, toolchain, cache)
    if returncode != 0:
        raise ToolchainError(
            f"cargo build for {TARGET} failed (exit {returncode}) for {manifest_path} "
            f"[{toolchain.strategy}]; last output:\n{''.join(tail)}"
        )
    wanted = [p.split("@")[0] for p in packages]
    result: set[Path] = set()
    for name, wasm in artifacts:
        if not wanted or any(_matches(w, name, wasm) for w in wanted):
            result.update(p for p in wasm if p.is_file())
    lacking = [w for w in wanted if not any(_matches(w, n, ps) for n, ps in artifacts)]
    if lacking:
        raise ToolchainError(
            f"cargo built {', '.join(lacking)} but produced no .wasm for it; "
            'does its Cargo.toml say [lib] crate-type = ["cdylib"]?'
        )
    return sorted(result)


def with_profile(toolchain: WasmToolchain, settings: Sequence[str]) -> WasmToolchain:
    """The same toolchain with `settings` (``profile.release.<key>=<value>``) in place of the
    release profile `provision` imposes, so that a crate's own ``[profile.release]`` decides
    everything it sets (`sdext build`)."""
    imposed = set(PROFILE_CONFIG)
    args: list[str] = []
    pending = list(toolchain.cargo_args)
    while pending:
        arg = pending.pop(0)
        if arg == "--config" and pending and pending[0] in imposed:
            pending.pop(0)
            continue
        args.append(arg)
    return WasmToolchain(
        cargo=toolchain.cargo,
        env=toolchain.env,
        cargo_args=(*args, *_config_args(*settings)),
        strategy=toolchain.strategy,
        notes=toolchain.notes,
    )


# --- C guests -----------------------------------------------------------------

DEBIAN_C_PACKAGES: tuple[str, ...] = ("clang-19", "lld-19")
DEBIAN_CLANG = Path("/usr/bin/clang-19")
DEBIAN_C_WASM_LD = Path("/usr/bin/wasm-ld-19")
C_FLAGS: tuple[str, ...] = (
    f"--target={TARGET}",
    "-O2",
    "-nostdlib",
    "-ffreestanding",
    "-std=c11",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wl,--no-entry",
    "-Wl,--strip-debug",
    "-Wl,-z,stack-size=65536",
)
"""No libc, no start function; the imports and exports are declared in the source with
``import_module``/``import_name`` and ``export_name`` attributes (docs/abi.md)."""
C_PROBE = '__attribute__((export_name("f"))) int f(void) { return 1; }\n'


@dataclass(frozen=True)
class CToolchain:
    """A clang that compiles and links C for wasm32-unknown-unknown."""

    clang: Path
    notes: tuple[str, ...]


def _clang_links_wasm(clang: Path, scratch: Path) -> str | None:
    """None if ``clang`` compiles and links a trivial wasm32 module, else why not."""
    scratch.mkdir(parents=True, exist_ok=True)
    source = scratch / "probe.c"
    source.write_text(C_PROBE, encoding="utf-8")
    result = _run([clang, *C_FLAGS, "-o", scratch / "probe.wasm", source])
    if result is None:
        return f"{clang} could not run"
    return None if result.returncode == 0 else _error_line(result.stderr)


def _debian_c_present() -> bool:
    return DEBIAN_CLANG.is_file() and DEBIAN_C_WASM_LD.is_file()


def provision_c(*, install: bool = True, state_dir: Path) -> CToolchain:
    """Debian's clang-19 + wasm-ld-19 (installed with apt-get if missing), else a ``clang`` on
    PATH that can link wasm32."""
    notes: list[str] = []
    scratch = state_dir.resolve() / "c-probe"
    if not _debian_c_present():
        other = shutil.which("clang")
        if other is not None and _clang_links_wasm(Path(other), scratch) is None:
            notes.append(f"C compiler: {_tool_version(Path(other)).splitlines()[0]} ({other}, links wasm32)")
            return CToolchain(Path(other), tuple(notes))
        try:
            _ensure_debian_packages(DEBIAN_C_PACKAGES, install, notes)
        except ToolchainError as exc:
            raise ToolchainError(f"No C compiler for {TARGET}: {exc}") from None
        _require_files([DEBIAN_CLANG, DEBIAN_C_WASM_LD], DEBIAN_C_PACKAGES)
    else:
        notes.append(f"Debian packages present: {' '.join(DEBIAN_C_PACKAGES)}")
    problem = _clang_links_wasm(DEBIAN_CLANG, scratch)
    if problem is not None:
        raise ToolchainError(f"{DEBIAN_CLANG} cannot build {TARGET} modules: {problem}")
    notes.append(f"C compiler: {_tool_version(DEBIAN_CLANG).splitlines()[0]}; linker {DEBIAN_C_WASM_LD}")
    return CToolchain(DEBIAN_CLANG, tuple(notes))


def build_c(sources: Sequence[Path], output: Path, *, toolchain: CToolchain) -> Path:
    """Compile and link C sources into one wasm32 module at ``output`` (written atomically)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f"{output.name}.{os.getpid()}.tmp")
    cmd: list[str | Path] = [toolchain.clang, *C_FLAGS, "-o", partial, *sources]
    result = _run(cmd, timeout=APT_TIMEOUT)
    if result is None or result.returncode != 0:
        partial.unlink(missing_ok=True)
        detail = "timed out or could not run" if result is None else _tail(result.stderr)
        raise ToolchainError(f"clang for {TARGET} failed: {' '.join(map(str, cmd))}\n{detail}")
    partial.replace(output)
    return output


# --- command line -------------------------------------------------------------


def _repo_root() -> Path:
    """The directory holding pyproject.toml above this file, else the cwd."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    return Path.cwd()


def main(argv: Sequence[str] | None = None) -> int:
    """``provision`` prints what was set up; ``build`` also prints the .wasm paths."""
    root = _repo_root()
    parser = argparse.ArgumentParser(
        prog="python -m spacedrive_codegen.toolchain",
        description=f"Provision a toolchain for {TARGET} and build guests: Rust crates, or C (build-c).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--offline", action="store_true", help="use only vendored crates")
    common.add_argument("--no-install", action="store_true", help="do not apt-get/rustup anything")
    common.add_argument("--state-dir", type=Path, default=root / "build" / "toolchain", help="cache dir")
    sub.add_parser("provision", parents=[common], help="set up and describe the toolchain")
    build_parser = sub.add_parser("build", parents=[common], help="build a crate")
    build_parser.add_argument("manifest", type=Path, help="path to Cargo.toml")
    build_parser.add_argument("--target-dir", type=Path, default=root / "build" / "wasm-target")
    build_parser.add_argument("-p", "--package", action="append", default=[], dest="packages")
    build_parser.add_argument("--debug", action="store_true", help="dev profile")
    c_parser = sub.add_parser("build-c", parents=[common], help="build a C guest (clang, no libc)")
    c_parser.add_argument("sources", type=Path, nargs="+", help="C source files")
    c_parser.add_argument("-o", "--output", type=Path, required=True, help="the .wasm to write")
    args = parser.parse_args(argv)
    try:
        if args.command == "build-c":
            c_tools = provision_c(install=not args.no_install, state_dir=args.state_dir)
            for note in c_tools.notes:
                print(note, file=sys.stderr)
            print(build_c(args.sources, args.output, toolchain=c_tools))
            return 0
        toolchain = provision(
            install=not args.no_install,
            offline=True if args.offline else None,
            state_dir=args.state_dir,
        )
        if args.command == "provision":
            print(f"strategy: {toolchain.strategy}")
            for note in toolchain.notes:
                print(note)
            return 0
        for note in toolchain.notes:
            print(note, file=sys.stderr)
        wasm = build(
            args.manifest,
            toolchain=toolchain,
            target_dir=args.target_dir,
            packages=args.packages,
            release=not args.debug,
        )
    except ToolchainError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for path in wasm:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
