"""VDFS operations: entries, metadata and sidecars of a library."""

from __future__ import annotations

import json

from spacedrive_wire.models import (
    CreateEntryInput,
    CreateEntryOutput,
    Entry,
    MetadataUpdateMode,
    ReadSidecarInput,
    ReadSidecarOutput,
    SidecarFormat,
    UpdateMetadataInput,
    UpdateMetadataOutput,
    WriteSidecarInput,
    WriteSidecarOutput,
)
from spacedrive_wire.operations import (
    VDFS_CREATE_ENTRY_V1,
    VDFS_READ_SIDECAR_V1,
    VDFS_UPDATE_METADATA_V1,
    VDFS_WRITE_SIDECAR_V1,
)

from ..errors import ErrorCode, OperationError
from ..library import EntryRecord
from ..operations import OperationContext, operation

TEXT_SUFFIXES = (".txt", ".md", ".csv", ".eml")


def entry_model(record: EntryRecord) -> Entry:
    return Entry(
        entry_id=record.entry_id,
        name=record.name,
        path=record.path,
        entry_type=record.entry_type,
        metadata=record.metadata,
        created_at=record.created_at,
        updated_at=record.updated_at,
    )


def guess_format(filename: str) -> SidecarFormat:
    lower = filename.lower()
    if lower.endswith(".json"):
        return SidecarFormat.json
    if lower.endswith(TEXT_SUFFIXES):
        return SidecarFormat.text
    return SidecarFormat.binary


def check_format(data: bytes, fmt: SidecarFormat, filename: str) -> None:
    if fmt is SidecarFormat.binary:
        return
    try:
        text = data.decode("utf-8")
        if fmt is SidecarFormat.json:
            json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OperationError(
            ErrorCode.invalid_input, f"sidecar {filename!r} declared as {fmt.value} but is not: {exc}"
        ) from None


@operation(VDFS_CREATE_ENTRY_V1)
def create_entry(ctx: OperationContext, request: CreateEntryInput) -> CreateEntryOutput:
    record = ctx.require_library().create_entry(request.name, request.path, request.entry_type, request.metadata or {})
    return CreateEntryOutput(entry_id=record.entry_id, entry=entry_model(record))


@operation(VDFS_UPDATE_METADATA_V1)
def update_metadata(ctx: OperationContext, request: UpdateMetadataInput) -> UpdateMetadataOutput:
    replace = request.mode is MetadataUpdateMode.replace
    record = ctx.require_library().update_metadata(request.entry_id, request.metadata, replace=replace)
    return UpdateMetadataOutput(
        entry_id=record.entry_id,
        metadata=record.metadata,
        updated_at=record.updated_at,
    )


@operation(VDFS_WRITE_SIDECAR_V1)
def write_sidecar(ctx: OperationContext, request: WriteSidecarInput) -> WriteSidecarOutput:
    fmt = request.format or guess_format(request.filename)
    check_format(request.data, fmt, request.filename)
    record = ctx.require_library().write_sidecar(request.entry_id, request.filename, request.data, fmt.value)
    return WriteSidecarOutput(
        entry_id=record.entry_id,
        filename=record.filename,
        format=SidecarFormat(record.format),
        size=record.size,
        sha256=record.sha256,
    )


@operation(VDFS_READ_SIDECAR_V1)
def read_sidecar(ctx: OperationContext, request: ReadSidecarInput) -> ReadSidecarOutput:
    record, data = ctx.require_library().read_sidecar(request.entry_id, request.filename)
    return ReadSidecarOutput(
        entry_id=record.entry_id,
        filename=record.filename,
        format=SidecarFormat(record.format),
        data=data,
        size=record.size,
        sha256=record.sha256,
    )
