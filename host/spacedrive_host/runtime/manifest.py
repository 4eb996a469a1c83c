"""Loading and validating `manifest.json` against the generated manifest schema."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
from spacedrive_wire.manifest import ExtensionManifest

from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.core.permissions import Permissions

MANIFEST_FILE = "manifest.json"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("spacedrive_wire").joinpath("manifest.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _field(path: Any) -> str:
    return ".".join(str(p) for p in path) or "(root)"


def parse_manifest(raw: Any, source: str = MANIFEST_FILE) -> ExtensionManifest:
    """Validate a decoded manifest; errors name the offending field."""
    errors = sorted(_validator().iter_errors(raw), key=lambda e: list(e.absolute_path))
    if errors:
        problems = "; ".join(f"{_field(e.absolute_path)}: {e.message}" for e in errors)
        raise ExtensionError(LoadErrorCode.manifest_invalid, f"{source}: {problems}")
    return ExtensionManifest.model_validate(raw)


def load_manifest(directory: Path) -> ExtensionManifest:
    path = directory / MANIFEST_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExtensionError(LoadErrorCode.manifest_invalid, f"{path} does not exist") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExtensionError(LoadErrorCode.manifest_invalid, f"{path} is not valid JSON: {exc}") from None
    return parse_manifest(raw, str(path))


def manifest_permissions(manifest: ExtensionManifest) -> Permissions:
    granted = manifest.permissions
    if granted is None:
        return Permissions()
    methods = [m.root for m in granted.methods or ()]
    libraries = [lib.root for lib in granted.libraries or ()]
    domains = [domain.root for domain in granted.allowed_domains or ()]
    return Permissions.from_lists(methods, libraries, domains)
