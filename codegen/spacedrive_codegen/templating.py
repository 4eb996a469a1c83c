"""The one Jinja2 environment codegen renders with."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATE_DIRS = (Path(__file__).parent / "templates",)


@cache
def environment(sdk_template_dir: Path | None = None) -> jinja2.Environment:
    dirs = [*TEMPLATE_DIRS, *([sdk_template_dir] if sdk_template_dir else [])]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["rust_doc"] = rust_doc
    env.filters["py_doc"] = lambda text: " ".join(str(text).split())
    env.filters["py_str"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    env.filters["md_cell"] = lambda text: " ".join(str(text).split()).replace("|", "\\|")
    return env


def rust_doc(text: str, indent: int = 0) -> str:
    """Render text as `///` doc comment lines (empty text renders nothing)."""
    pad = " " * indent
    lines = [line.rstrip() for line in str(text).strip().splitlines()]
    return "".join(f"{pad}///{' ' if line else ''}{line}\n" for line in lines) if text.strip() else ""


def render(template: str, sdk_template_dir: Path | None = None, **context: Any) -> str:
    return environment(sdk_template_dir).get_template(template).render(**context)
