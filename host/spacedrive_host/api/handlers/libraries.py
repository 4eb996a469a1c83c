"""Library operations (core scope): create, list and describe libraries.

Library permissions are checked here rather than by the router, since these operations
name libraries in their input: `list` leaves out what the caller may not use, `get`
refuses it before looking it up (so existence does not leak), and `create` needs access to
every library (`"libraries": ["*"]`), as the caller could not use the new one otherwise.
"""

from __future__ import annotations

from spacedrive_wire.models import (
    CreateLibraryInput,
    CreateLibraryOutput,
    GetLibraryInput,
    GetLibraryOutput,
    LibraryInfo,
    ListLibrariesInput,
    ListLibrariesOutput,
)
from spacedrive_wire.operations import LIBRARIES_CREATE_V1, LIBRARIES_GET_V1, LIBRARIES_LIST_V1

from spacedrive_host.api.operations import OperationContext, operation
from spacedrive_host.api.paging import MAX_PAGE_ITEMS, cut_page, decode_cursor
from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.store.library import Library


def library_info(ctx: OperationContext, library: Library) -> LibraryInfo:
    stats = library.stats()
    return LibraryInfo(
        library_id=library.id,
        name=library.name,
        created_at=library.created_at,
        entry_count=stats.entry_count,
        sidecar_count=stats.sidecar_count,
        sidecar_bytes=stats.sidecar_bytes,
        used_bytes=stats.used_bytes,
        quota_bytes=ctx.services.config.vdfs.max_library_bytes,
    )


@operation(LIBRARIES_CREATE_V1)
def create_library(ctx: OperationContext, request: CreateLibraryInput) -> CreateLibraryOutput:
    if "*" not in ctx.caller.permissions.libraries:
        raise OperationError(
            ErrorCode.permission_denied,
            f'{ctx.caller.id} may not create libraries: that needs access to every library ("libraries": ["*"])',
        )
    library = ctx.services.libraries.create(request.name)
    return CreateLibraryOutput(library=library_info(ctx, library))


@operation(LIBRARIES_LIST_V1)
def list_libraries(ctx: OperationContext, request: ListLibrariesInput) -> ListLibrariesOutput:
    after = decode_cursor(request.cursor, 2) if request.cursor else None
    allowed = [lib for lib in ctx.services.libraries.list() if ctx.caller.permissions.allows_library(lib.id)]
    keyed = sorted(((lib.created_at, str(lib.id)), lib) for lib in allowed)
    keyed = [(key, lib) for key, lib in keyed if after is None or key > after]
    candidates = [(library_info(ctx, lib), key) for key, lib in keyed[:MAX_PAGE_ITEMS]]
    libraries, next_cursor = cut_page(
        ctx.caller.max_response_bytes, LIBRARIES_LIST_V1, ListLibrariesOutput(libraries=[], next_cursor=""),
        candidates, len(keyed) > MAX_PAGE_ITEMS,
    )  # fmt: skip
    return ListLibrariesOutput(libraries=libraries, next_cursor=next_cursor)


@operation(LIBRARIES_GET_V1)
def get_library(ctx: OperationContext, request: GetLibraryInput) -> GetLibraryOutput:
    if not ctx.caller.permissions.allows_library(request.library_id):
        raise OperationError(ErrorCode.permission_denied, f"{ctx.caller.id} may not use library {request.library_id}")
    library = ctx.services.libraries.get(request.library_id)
    if library is None:
        raise OperationError(ErrorCode.library_not_found, f"no library {request.library_id}")
    return GetLibraryOutput(library=library_info(ctx, library))
