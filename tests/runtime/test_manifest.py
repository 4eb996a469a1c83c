"""Manifests: validated against the schema with errors naming the field; permissions deny by default."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.core.permissions import Permissions
from spacedrive_host.runtime.manifest import manifest_permissions, parse_manifest
from spacedrive_wire._runtime import OperationSpec
from spacedrive_wire.operations import CORE_PING_V1, VDFS_CREATE_ENTRY_V1, VDFS_READ_SIDECAR_V1

BASE = {"id": "finance", "name": "Finance", "version": "1.2.3", "wasm": "finance.wasm"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": "Not An Id"}, "id:"),
        ({"version": "one"}, "version:"),
        ({"wasm": "../escape.wasm"}, "wasm:"),
        ({"surprise": True}, "(root): Additional properties are not allowed ('surprise' was unexpected)"),
        ({"permissions": {"methods": ["not a method!"]}}, "permissions.methods.0:"),
        ({"permissions": {"libraries": ["nope"]}}, "permissions.libraries.0:"),
        ({"permissions": {"net": []}}, "permissions: Additional properties are not allowed"),
    ],
)
def test_manifest_errors_name_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ExtensionError) as info:
        parse_manifest(BASE | change)
    assert info.value.code is LoadErrorCode.manifest_invalid
    assert field in info.value.message


def test_missing_required_fields_are_named() -> None:
    with pytest.raises(ExtensionError, match="'wasm' is a required property"):
        parse_manifest({k: v for k, v in BASE.items() if k != "wasm"})


def test_no_permissions_section_allows_nothing() -> None:
    permissions = manifest_permissions(parse_manifest(BASE))
    assert not permissions.allows_method(CORE_PING_V1)
    assert not permissions.allows_library(uuid.uuid4())


@pytest.mark.parametrize(
    ("pattern", "allowed"),
    [
        ("query:core.ping.v1", {"query:core.ping.v1"}),
        ("core.ping", {"query:core.ping.v1"}),
        ("vdfs.*", {"action:vdfs.create_entry.input.v1", "query:vdfs.read_sidecar.v1"}),
        ("vdfs.create_entry", {"action:vdfs.create_entry.input.v1"}),
        ("*", {"query:core.ping.v1", "action:vdfs.create_entry.input.v1", "query:vdfs.read_sidecar.v1"}),
        ("core.*", {"query:core.ping.v1"}),
        ("query:vdfs.read_sidecar.v2", set()),
    ],
)
def test_method_patterns(pattern: str, allowed: set[str]) -> None:
    permissions = Permissions.from_lists([pattern], [])
    specs: list[OperationSpec[Any, Any]] = [CORE_PING_V1, VDFS_CREATE_ENTRY_V1, VDFS_READ_SIDECAR_V1]
    assert {s.method for s in specs if permissions.allows_method(s)} == allowed


def test_library_allow_list() -> None:
    mine, other = uuid.uuid4(), uuid.uuid4()
    assert Permissions.from_lists([], [str(mine)]).allows_library(mine)
    assert not Permissions.from_lists([], [str(mine)]).allows_library(other)
    assert Permissions.from_lists([], ["*"]).allows_library(other)
