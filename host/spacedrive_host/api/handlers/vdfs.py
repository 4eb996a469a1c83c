"""VDFS operations: entries, metadata and sidecars of a library (adapters over `services/vdfs.py`)."""

from __future__ import annotations

import base64
import binascii
import json

from pydantic_core import from_json
from spacedrive_wire.models import (
    CreateEntryInput,
    CreateEntryOutput,
    DeleteSidecarInput,
    DeleteSidecarOutput,
    Entry,
    GetEntryInput,
    GetEntryOutput,
    ListEntriesInput,
    ListEntriesOutput,
    ListSidecarsInput,
    ListSidecarsOutput,
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
    VDFS_DELETE_SIDECAR_V1,
    VDFS_GET_ENTRY_V1,
    VDFS_LIST_ENTRIES_V1,
    VDFS_LIST_SIDECARS_V1,
    VDFS_READ_SIDECAR_V1,
    VDFS_UPDATE_METADATA_V1,
    VDFS_WRITE_SIDECAR_V1,
)

from spacedrive_host.api.operations import OperationContext, operation
from spacedrive_host.api.paging import MAX_PAGE_ITEMS, PageCutter, cut_page
from spacedrive_host.api.paging import decode_cursor as decode_key
from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.services.vdfs import entry_model, sidecar_info

DEFAULT_PAGE = 100


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        path, entry_id = raw["p"], raw["i"]
        if not isinstance(path, str) or not isinstance(entry_id, str):
            raise TypeError
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise OperationError(ErrorCode.invalid_input, "malformed cursor: pass back a `next_cursor` unchanged") from None
    return path, entry_id


@operation(VDFS_CREATE_ENTRY_V1)
def create_entry(ctx: OperationContext, request: CreateEntryInput) -> CreateEntryOutput:
    library = ctx.require_library()
    entry = ctx.services.vdfs.create_entry(
        library, request.name, request.path, request.entry_type, request.metadata or {}
    )
    return CreateEntryOutput(entry_id=entry.entry_id, entry=entry)


@operation(VDFS_GET_ENTRY_V1)
def get_entry(ctx: OperationContext, request: GetEntryInput) -> GetEntryOutput:
    return GetEntryOutput(entry=entry_model(ctx.require_library().get_entry(request.entry_id)))


EntryRow = tuple[str, str, str, str, str, str, str]
ENTRY_JSON_FIXED = (
    len(b'{"entry_id":"","name":"","path":"","entry_type":"","metadata":,"created_at":"","updated_at":""}')
    + 36
    + 2 * 40
)
"""An entry's JSON besides its name, path, type and metadata: keys, the id, two timestamps (at most
40 bytes each as pydantic writes them) and punctuation."""
CURSOR_JSON_FIXED = len(b'{"p":"","i":""}') + 36
EMPTY_LIST = ListEntriesOutput(entries=[], next_cursor="")


def _entry_fields(row: EntryRow) -> dict[str, object]:
    """The row as the answer's entry, to validate. The stored metadata is strict compact JSON
    (`encode_metadata`): pydantic's parser reads it to the same value as `json.loads`, in a third of the time."""
    return {
        "entry_id": row[0], "name": row[1], "path": row[2], "entry_type": row[3], "metadata": from_json(row[4]),
        "created_at": row[5], "updated_at": row[6],
    }  # fmt: skip


def encode_cursor(row: EntryRow) -> str:
    """An opaque cursor: the (path, id) of the last entry of a page, as unpadded base64url JSON."""
    raw = json.dumps({"p": row[2], "i": row[0]}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _entry_json_bound(row: EntryRow) -> int:
    """At least the bytes of the row's entry in the answer: a character takes at most 6 bytes in
    JSON (`\\u001f`), and the metadata's stored compact JSON at most 6 per character once re-encoded."""
    return 6 * (len(row[1]) + len(row[2]) + len(row[3]) + len(row[4])) + ENTRY_JSON_FIXED


def _cursor_bound(row: EntryRow) -> int:
    """At least the length of `encode_cursor(row)`: its JSON escapes non-ASCII, up to 12 bytes a character."""
    return (12 * len(row[2]) + CURSOR_JSON_FIXED) * 4 // 3 + 4


@operation(VDFS_LIST_ENTRIES_V1)
def list_entries(ctx: OperationContext, request: ListEntriesInput) -> ListEntriesOutput:
    """One page. The rows are validated once, as the answer's entries; the page is cut by bytes
    (`PageCutter`, exact) only when a bound on its size says it might not fit the caller's cap."""
    limit = request.limit or DEFAULT_PAGE
    cap = ctx.caller.max_response_bytes
    rows, stopped = ctx.require_library().entry_rows(
        entry_type=request.entry_type,
        path_prefix=request.path_prefix,
        after=decode_cursor(request.cursor) if request.cursor else None,
        limit=limit + 1,
        max_bytes=cap,  # a page never holds more than its answer can
    )
    page = rows[:limit]
    cutter = PageCutter(cap, VDFS_LIST_ENTRIES_V1, EMPTY_LIST)
    bound = sum(_entry_json_bound(row) for row in page) + len(page) + (_cursor_bound(page[-1]) if page else 0)
    if bound <= cutter.budget:
        count = len(page)
    else:
        entries = [Entry.model_validate(_entry_fields(row)) for row in page]
        count = cutter.fit([(entry, encode_cursor(row)) for entry, row in zip(entries, page, strict=True)])
    more = stopped or count < len(rows)  # cut by bytes, or the extra row read to see whether more follow
    next_cursor = encode_cursor(rows[count - 1]) if more else None
    return ListEntriesOutput.model_validate(
        {"entries": [_entry_fields(row) for row in page[:count]], "next_cursor": next_cursor}
    )


@operation(VDFS_UPDATE_METADATA_V1)
def update_metadata(ctx: OperationContext, request: UpdateMetadataInput) -> UpdateMetadataOutput:
    replace = request.mode is MetadataUpdateMode.replace
    record = ctx.services.vdfs.update_metadata(
        ctx.require_library(), request.entry_id, request.metadata, replace=replace
    )
    return UpdateMetadataOutput(
        entry_id=record.entry_id,
        metadata=record.metadata,
        updated_at=record.updated_at,
    )


@operation(VDFS_WRITE_SIDECAR_V1)
def write_sidecar(ctx: OperationContext, request: WriteSidecarInput) -> WriteSidecarOutput:
    record = ctx.services.vdfs.write_sidecar(
        ctx.require_library(), request.entry_id, request.filename, request.data, request.format
    )
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


@operation(VDFS_LIST_SIDECARS_V1)
def list_sidecars(ctx: OperationContext, request: ListSidecarsInput) -> ListSidecarsOutput:
    after = decode_key(request.cursor, 1)[0] if request.cursor else None
    records = ctx.require_library().list_sidecars(request.entry_id, after, MAX_PAGE_ITEMS + 1)
    candidates = [(sidecar_info(r), (r.filename,)) for r in records[:MAX_PAGE_ITEMS]]
    empty = ListSidecarsOutput(entry_id=request.entry_id, sidecars=[], next_cursor="")
    sidecars, next_cursor = cut_page(
        ctx.caller.max_response_bytes, VDFS_LIST_SIDECARS_V1, empty, candidates, len(records) > MAX_PAGE_ITEMS
    )
    return ListSidecarsOutput(entry_id=request.entry_id, sidecars=sidecars, next_cursor=next_cursor)


@operation(VDFS_DELETE_SIDECAR_V1)
def delete_sidecar(ctx: OperationContext, request: DeleteSidecarInput) -> DeleteSidecarOutput:
    record = ctx.services.vdfs.delete_sidecar(ctx.require_library(), request.entry_id, request.filename)
    return DeleteSidecarOutput(entry_id=record.entry_id, filename=record.filename, size=record.size)
