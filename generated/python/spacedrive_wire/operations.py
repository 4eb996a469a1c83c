"""Operation registry, generated from schema/operations by `sdext codegen`. DO NOT EDIT.

Each constant is an `OperationSpec[Input, Output]`: host handlers are bound to these, so
their signatures are checked against the schema by mypy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._runtime import OperationSpec
from .models import (
    CancelJobInput,
    CancelJobOutput,
    ClassifyTextInput,
    ClassifyTextOutput,
    CreateEntryInput,
    CreateEntryOutput,
    CreateLibraryInput,
    CreateLibraryOutput,
    DeleteCredentialInput,
    DeleteCredentialOutput,
    DeleteSidecarInput,
    DeleteSidecarOutput,
    DispatchJobInput,
    DispatchJobOutput,
    GenerateEmbeddingInput,
    GenerateEmbeddingOutput,
    GetCredentialInput,
    GetCredentialOutput,
    GetEntryInput,
    GetEntryOutput,
    GetJobStatusInput,
    GetJobStatusOutput,
    GetLibraryInput,
    GetLibraryOutput,
    HttpRequestInput,
    HttpRequestOutput,
    ListCredentialsInput,
    ListCredentialsOutput,
    ListEntriesInput,
    ListEntriesOutput,
    ListLibrariesInput,
    ListLibrariesOutput,
    ListSidecarsInput,
    ListSidecarsOutput,
    OcrInput,
    OcrOutput,
    PingInput,
    PingOutput,
    ReadSidecarInput,
    ReadSidecarOutput,
    SearchSimilarInput,
    SearchSimilarOutput,
    StoreCredentialInput,
    StoreCredentialOutput,
    UpdateMetadataInput,
    UpdateMetadataOutput,
    WriteSidecarInput,
    WriteSidecarOutput,
)

CREDENTIALS_DELETE_V1: OperationSpec[DeleteCredentialInput, DeleteCredentialOutput] = OperationSpec(
    method="action:credentials.delete.input.v1",
    kind="action",
    scope="core",
    domain="credentials",
    name="delete",
    version=1,
    permission="credentials.delete",
    summary="Delete a credential of the calling extension.",
    input_model=DeleteCredentialInput,
    output_model=DeleteCredentialOutput,
    output_has_nullable=False,
)

CREDENTIALS_STORE_V1: OperationSpec[StoreCredentialInput, StoreCredentialOutput] = OperationSpec(
    method="action:credentials.store.input.v1",
    kind="action",
    scope="core",
    domain="credentials",
    name="store",
    version=1,
    permission="credentials.store",
    summary="Store (create or replace) a credential of the calling extension.",
    input_model=StoreCredentialInput,
    output_model=StoreCredentialOutput,
    output_has_nullable=False,
)

JOBS_CANCEL_V1: OperationSpec[CancelJobInput, CancelJobOutput] = OperationSpec(
    method="action:jobs.cancel.input.v1",
    kind="action",
    scope="library",
    domain="jobs",
    name="cancel",
    version=1,
    permission="jobs.cancel",
    summary="Ask a job to stop.",
    input_model=CancelJobInput,
    output_model=CancelJobOutput,
    output_has_nullable=True,
)

JOBS_DISPATCH_V1: OperationSpec[DispatchJobInput, DispatchJobOutput] = OperationSpec(
    method="action:jobs.dispatch.input.v1",
    kind="action",
    scope="library",
    domain="jobs",
    name="dispatch",
    version=1,
    permission="jobs.dispatch",
    summary="Start a core job on the library.",
    input_model=DispatchJobInput,
    output_model=DispatchJobOutput,
    output_has_nullable=True,
)

LIBRARIES_CREATE_V1: OperationSpec[CreateLibraryInput, CreateLibraryOutput] = OperationSpec(
    method="action:libraries.create.input.v1",
    kind="action",
    scope="core",
    domain="libraries",
    name="create",
    version=1,
    permission="libraries.create",
    summary="Create a library.",
    input_model=CreateLibraryInput,
    output_model=CreateLibraryOutput,
    output_has_nullable=False,
)

VDFS_CREATE_ENTRY_V1: OperationSpec[CreateEntryInput, CreateEntryOutput] = OperationSpec(
    method="action:vdfs.create_entry.input.v1",
    kind="action",
    scope="library",
    domain="vdfs",
    name="create_entry",
    version=1,
    permission="vdfs.create_entry",
    summary="Create an entry in the library's VDFS.",
    input_model=CreateEntryInput,
    output_model=CreateEntryOutput,
    output_has_nullable=False,
)

VDFS_DELETE_SIDECAR_V1: OperationSpec[DeleteSidecarInput, DeleteSidecarOutput] = OperationSpec(
    method="action:vdfs.delete_sidecar.input.v1",
    kind="action",
    scope="library",
    domain="vdfs",
    name="delete_sidecar",
    version=1,
    permission="vdfs.delete_sidecar",
    summary="Delete a sidecar file of an entry.",
    input_model=DeleteSidecarInput,
    output_model=DeleteSidecarOutput,
    output_has_nullable=False,
)

VDFS_UPDATE_METADATA_V1: OperationSpec[UpdateMetadataInput, UpdateMetadataOutput] = OperationSpec(
    method="action:vdfs.update_metadata.input.v1",
    kind="action",
    scope="library",
    domain="vdfs",
    name="update_metadata",
    version=1,
    permission="vdfs.update_metadata",
    summary="Update an entry's metadata.",
    input_model=UpdateMetadataInput,
    output_model=UpdateMetadataOutput,
    output_has_nullable=False,
)

VDFS_WRITE_SIDECAR_V1: OperationSpec[WriteSidecarInput, WriteSidecarOutput] = OperationSpec(
    method="action:vdfs.write_sidecar.input.v1",
    kind="action",
    scope="library",
    domain="vdfs",
    name="write_sidecar",
    version=1,
    permission="vdfs.write_sidecar",
    summary="Write (create or replace) a sidecar file of an entry.",
    input_model=WriteSidecarInput,
    output_model=WriteSidecarOutput,
    output_has_nullable=False,
)

AI_CLASSIFY_TEXT_V1: OperationSpec[ClassifyTextInput, ClassifyTextOutput] = OperationSpec(
    method="query:ai.classify_text.v1",
    kind="query",
    scope="core",
    domain="ai",
    name="classify_text",
    version=1,
    permission="ai.classify_text",
    summary="Classify a text among labels, or extract fields from it as JSON.",
    input_model=ClassifyTextInput,
    output_model=ClassifyTextOutput,
    output_has_nullable=True,
)

AI_GENERATE_EMBEDDING_V1: OperationSpec[GenerateEmbeddingInput, GenerateEmbeddingOutput] = OperationSpec(
    method="query:ai.generate_embedding.v1",
    kind="query",
    scope="core",
    domain="ai",
    name="generate_embedding",
    version=1,
    permission="ai.generate_embedding",
    summary="Turn texts into L2-normalised embedding vectors.",
    input_model=GenerateEmbeddingInput,
    output_model=GenerateEmbeddingOutput,
    output_has_nullable=False,
)

AI_OCR_V1: OperationSpec[OcrInput, OcrOutput] = OperationSpec(
    method="query:ai.ocr.v1",
    kind="query",
    scope="core",
    domain="ai",
    name="ocr",
    version=1,
    permission="ai.ocr",
    summary="Recognise the text of an image or a PDF.",
    input_model=OcrInput,
    output_model=OcrOutput,
    output_has_nullable=False,
)

AI_SEARCH_SIMILAR_V1: OperationSpec[SearchSimilarInput, SearchSimilarOutput] = OperationSpec(
    method="query:ai.search_similar.v1",
    kind="query",
    scope="library",
    domain="ai",
    name="search_similar",
    version=1,
    permission="ai.search_similar",
    summary="Find the k entries whose embedded sidecars are most similar to a text or to an entry.",
    input_model=SearchSimilarInput,
    output_model=SearchSimilarOutput,
    output_has_nullable=False,
)

CORE_PING_V1: OperationSpec[PingInput, PingOutput] = OperationSpec(
    method="query:core.ping.v1",
    kind="query",
    scope="core",
    domain="core",
    name="ping",
    version=1,
    permission="core.ping",
    summary="Echo a message back: a smoke test of the whole call path.",
    input_model=PingInput,
    output_model=PingOutput,
    output_has_nullable=False,
)

CREDENTIALS_GET_V1: OperationSpec[GetCredentialInput, GetCredentialOutput] = OperationSpec(
    method="query:credentials.get.v1",
    kind="query",
    scope="core",
    domain="credentials",
    name="get",
    version=1,
    permission="credentials.get",
    summary="Get a credential of the calling extension, refreshing an expiring OAuth2 token first.",
    input_model=GetCredentialInput,
    output_model=GetCredentialOutput,
    output_has_nullable=False,
)

CREDENTIALS_LIST_V1: OperationSpec[ListCredentialsInput, ListCredentialsOutput] = OperationSpec(
    method="query:credentials.list.v1",
    kind="query",
    scope="core",
    domain="credentials",
    name="list",
    version=1,
    permission="credentials.list",
    summary="List the ids of the calling extension's credentials.",
    input_model=ListCredentialsInput,
    output_model=ListCredentialsOutput,
    output_has_nullable=False,
)

HTTP_REQUEST_V1: OperationSpec[HttpRequestInput, HttpRequestOutput] = OperationSpec(
    method="query:http.request.v1",
    kind="query",
    scope="core",
    domain="http",
    name="request",
    version=1,
    permission="http.request",
    summary="Make an HTTP(S) request through the host's egress proxy.",
    input_model=HttpRequestInput,
    output_model=HttpRequestOutput,
    output_has_nullable=False,
)

JOBS_GET_STATUS_V1: OperationSpec[GetJobStatusInput, GetJobStatusOutput] = OperationSpec(
    method="query:jobs.get_status.v1",
    kind="query",
    scope="library",
    domain="jobs",
    name="get_status",
    version=1,
    permission="jobs.get_status",
    summary="Read a job's state, progress and result.",
    input_model=GetJobStatusInput,
    output_model=GetJobStatusOutput,
    output_has_nullable=True,
)

LIBRARIES_GET_V1: OperationSpec[GetLibraryInput, GetLibraryOutput] = OperationSpec(
    method="query:libraries.get.v1",
    kind="query",
    scope="core",
    domain="libraries",
    name="get",
    version=1,
    permission="libraries.get",
    summary="Describe one library.",
    input_model=GetLibraryInput,
    output_model=GetLibraryOutput,
    output_has_nullable=False,
)

LIBRARIES_LIST_V1: OperationSpec[ListLibrariesInput, ListLibrariesOutput] = OperationSpec(
    method="query:libraries.list.v1",
    kind="query",
    scope="core",
    domain="libraries",
    name="list",
    version=1,
    permission="libraries.list",
    summary="List the libraries the caller may use.",
    input_model=ListLibrariesInput,
    output_model=ListLibrariesOutput,
    output_has_nullable=False,
)

VDFS_GET_ENTRY_V1: OperationSpec[GetEntryInput, GetEntryOutput] = OperationSpec(
    method="query:vdfs.get_entry.v1",
    kind="query",
    scope="library",
    domain="vdfs",
    name="get_entry",
    version=1,
    permission="vdfs.get_entry",
    summary="Read one entry of the library's VDFS.",
    input_model=GetEntryInput,
    output_model=GetEntryOutput,
    output_has_nullable=False,
)

VDFS_LIST_ENTRIES_V1: OperationSpec[ListEntriesInput, ListEntriesOutput] = OperationSpec(
    method="query:vdfs.list_entries.v1",
    kind="query",
    scope="library",
    domain="vdfs",
    name="list_entries",
    version=1,
    permission="vdfs.list_entries",
    summary="List entries of the library's VDFS, filtered and paginated.",
    input_model=ListEntriesInput,
    output_model=ListEntriesOutput,
    output_has_nullable=False,
)

VDFS_LIST_SIDECARS_V1: OperationSpec[ListSidecarsInput, ListSidecarsOutput] = OperationSpec(
    method="query:vdfs.list_sidecars.v1",
    kind="query",
    scope="library",
    domain="vdfs",
    name="list_sidecars",
    version=1,
    permission="vdfs.list_sidecars",
    summary="List the sidecar files of an entry.",
    input_model=ListSidecarsInput,
    output_model=ListSidecarsOutput,
    output_has_nullable=False,
)

VDFS_READ_SIDECAR_V1: OperationSpec[ReadSidecarInput, ReadSidecarOutput] = OperationSpec(
    method="query:vdfs.read_sidecar.v1",
    kind="query",
    scope="library",
    domain="vdfs",
    name="read_sidecar",
    version=1,
    permission="vdfs.read_sidecar",
    summary="Read a sidecar file of an entry.",
    input_model=ReadSidecarInput,
    output_model=ReadSidecarOutput,
    output_has_nullable=False,
)


REGISTRY: Mapping[str, OperationSpec[Any, Any]] = {
    CREDENTIALS_DELETE_V1.method: CREDENTIALS_DELETE_V1,
    CREDENTIALS_STORE_V1.method: CREDENTIALS_STORE_V1,
    JOBS_CANCEL_V1.method: JOBS_CANCEL_V1,
    JOBS_DISPATCH_V1.method: JOBS_DISPATCH_V1,
    LIBRARIES_CREATE_V1.method: LIBRARIES_CREATE_V1,
    VDFS_CREATE_ENTRY_V1.method: VDFS_CREATE_ENTRY_V1,
    VDFS_DELETE_SIDECAR_V1.method: VDFS_DELETE_SIDECAR_V1,
    VDFS_UPDATE_METADATA_V1.method: VDFS_UPDATE_METADATA_V1,
    VDFS_WRITE_SIDECAR_V1.method: VDFS_WRITE_SIDECAR_V1,
    AI_CLASSIFY_TEXT_V1.method: AI_CLASSIFY_TEXT_V1,
    AI_GENERATE_EMBEDDING_V1.method: AI_GENERATE_EMBEDDING_V1,
    AI_OCR_V1.method: AI_OCR_V1,
    AI_SEARCH_SIMILAR_V1.method: AI_SEARCH_SIMILAR_V1,
    CORE_PING_V1.method: CORE_PING_V1,
    CREDENTIALS_GET_V1.method: CREDENTIALS_GET_V1,
    CREDENTIALS_LIST_V1.method: CREDENTIALS_LIST_V1,
    HTTP_REQUEST_V1.method: HTTP_REQUEST_V1,
    JOBS_GET_STATUS_V1.method: JOBS_GET_STATUS_V1,
    LIBRARIES_GET_V1.method: LIBRARIES_GET_V1,
    LIBRARIES_LIST_V1.method: LIBRARIES_LIST_V1,
    VDFS_GET_ENTRY_V1.method: VDFS_GET_ENTRY_V1,
    VDFS_LIST_ENTRIES_V1.method: VDFS_LIST_ENTRIES_V1,
    VDFS_LIST_SIDECARS_V1.method: VDFS_LIST_SIDECARS_V1,
    VDFS_READ_SIDECAR_V1.method: VDFS_READ_SIDECAR_V1,
}
"""Every wire operation, by method string."""

NULLABLE_TYPES: frozenset[str] = frozenset({"CancelJobOutput", "ClassifyTextOutput", "DispatchJobOutput", "EntryCreatedEvent", "EntryUpdatedEvent", "GetJobStatusOutput", "Job", "JobFinishedEvent", "JobProgress", "Receipt", "SidecarDeletedEvent", "SidecarWrittenEvent"})
"""Types with a required field that may be null somewhere inside: they take the slower exact JSON path."""

ERROR_HTTP_STATUS: Mapping[str, int] = {
    "invalid_json": 400,
    "invalid_input": 422,
    "unknown_method": 404,
    "invalid_pointer": 400,
    "permission_denied": 403,
    "library_required": 400,
    "library_not_found": 404,
    "not_found": 404,
    "conflict": 409,
    "rate_limited": 429,
    "resource_exhausted": 503,
    "payload_too_large": 413,
    "sidecar_too_large": 413,
    "library_quota_exceeded": 507,
    "timeout": 504,
    "upstream_error": 502,
    "internal": 500,
    "blocked_address": 403,
    "response_too_large": 502,
    "manifest_invalid": 422,
    "wasm_missing": 404,
    "wasm_invalid": 422,
    "abi_mismatch": 422,
    "missing_export": 422,
    "bad_export": 422,
    "init_failed": 502,
    "trapped": 502,
    "panicked": 502,
    "time_limit": 504,
    "memory_limit": 502,
    "table_limit": 502,
    "resource_limit": 502,
    "fuel_exhausted": 502,
    "stack_overflow": 502,
    "bad_answer": 502,
    "not_loaded": 404,
    "reentrant_call": 409,
    "reentry_limit": 508,
    "host_error": 500,
    "backing_off": 503,
    "disabled": 503,
}
"""The HTTP status the daemon RPC answers an error envelope with, by error code (`x-http-status` in schema/errors.json)."""
