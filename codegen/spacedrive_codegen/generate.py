"""Orchestrates codegen: parse `schema/`, render every output, write or check `generated/`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .ir import Api
from .openapi_out import openapi_document
from .parser import parse_schema_dir
from .python_out import python_files
from .release import with_version
from .rust_out import rust_files
from .templating import render

GENERATED_BANNER_DIRS = ("python", "rust", "docs")


@dataclass(frozen=True)
class Layout:
    """Where codegen reads from and writes to, relative to the project root."""

    root: Path

    @property
    def schema_dir(self) -> Path:
        return self.root / "schema"

    @property
    def sdk_template_dir(self) -> Path:
        return self.root / "sdk-rust-template"

    @property
    def generated_dir(self) -> Path:
        return self.root / "generated"


def find_root(start: Path | None = None) -> Path:
    """The project root: the nearest directory above `start` holding schema/ and pyproject.toml."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "schema").is_dir() and (candidate / "pyproject.toml").is_file():
            return candidate
    raise FileNotFoundError(f"no project root (schema/ + pyproject.toml) above {here}")


def render_all(api: Api, layout: Layout) -> dict[str, str]:
    """Every generated file: path relative to generated/ -> content."""
    files: dict[str, str] = {}
    files.update({f"python/{k}": v for k, v in python_files(api).items()})
    files.update({f"rust/{k}": v for k, v in rust_files(api, layout.sdk_template_dir).items()})
    files["docs/operations.md"] = render("docs/operations.md.j2", api=api)
    files["docs/openapi.json"] = openapi_document(api)
    return dict(sorted(files.items()))


@dataclass(frozen=True)
class Drift:
    """Differences between `generated/` on disk and what codegen produces."""

    changed: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]

    @property
    def clean(self) -> bool:
        return not (self.changed or self.missing or self.extra)


def _on_disk(generated_dir: Path) -> set[str]:
    found = set()
    for sub in GENERATED_BANNER_DIRS:
        base = generated_dir / sub
        if base.is_dir():
            for path in base.rglob("*"):
                ignored = (
                    "__pycache__" in path.parts
                    or "target" in path.parts
                    or path.name == "Cargo.lock"
                    or any(part.endswith(".egg-info") for part in path.parts)  # an editable install's metadata
                )
                if path.is_file() and not ignored:
                    found.add(path.relative_to(generated_dir).as_posix())
    return found


def check(files: dict[str, str], generated_dir: Path) -> Drift:
    present = _on_disk(generated_dir)
    changed, missing = [], []
    for rel, content in files.items():
        path = generated_dir / rel
        if rel not in present:
            missing.append(rel)
        elif path.read_bytes() != content.encode("utf-8"):
            changed.append(rel)
    extra = sorted(present - set(files))
    return Drift(tuple(changed), tuple(missing), tuple(extra))


def write(files: dict[str, str], generated_dir: Path) -> Drift:
    """Make generated/ exactly `files`; returns what was different before."""
    drift = check(files, generated_dir)
    for rel in (*drift.changed, *drift.missing):
        path = generated_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(files[rel])
    for rel in drift.extra:
        (generated_dir / rel).unlink()
    return drift


def load(root: Path) -> Api:
    """The IR of the project at `root`, with the SDK version derived from its sdk-release/."""
    return with_version(parse_schema_dir(Layout(root).schema_dir), root)


def run(root: Path, *, check_only: bool = False) -> Drift:
    layout = Layout(root)
    files = render_all(load(root), layout)
    return check(files, layout.generated_dir) if check_only else write(files, layout.generated_dir)
