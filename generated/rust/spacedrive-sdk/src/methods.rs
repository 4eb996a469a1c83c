//! Wire method strings, generated from `schema/operations` by `sdext codegen`. DO NOT EDIT.

/// `action:credentials.delete.input.v1`: Delete a credential of the calling extension.
pub const CREDENTIALS_DELETE_V1: &str = "action:credentials.delete.input.v1";

/// `action:credentials.store.input.v1`: Store (create or replace) a credential of the calling extension.
pub const CREDENTIALS_STORE_V1: &str = "action:credentials.store.input.v1";

/// `action:jobs.cancel.input.v1`: Ask a job to stop.
pub const JOBS_CANCEL_V1: &str = "action:jobs.cancel.input.v1";

/// `action:jobs.dispatch.input.v1`: Start a core job on the library.
pub const JOBS_DISPATCH_V1: &str = "action:jobs.dispatch.input.v1";

/// `action:libraries.create.input.v1`: Create a library.
pub const LIBRARIES_CREATE_V1: &str = "action:libraries.create.input.v1";

/// `action:vdfs.create_entry.input.v1`: Create an entry in the library's VDFS.
pub const VDFS_CREATE_ENTRY_V1: &str = "action:vdfs.create_entry.input.v1";

/// `action:vdfs.delete_sidecar.input.v1`: Delete a sidecar file of an entry.
pub const VDFS_DELETE_SIDECAR_V1: &str = "action:vdfs.delete_sidecar.input.v1";

/// `action:vdfs.update_metadata.input.v1`: Update an entry's metadata.
pub const VDFS_UPDATE_METADATA_V1: &str = "action:vdfs.update_metadata.input.v1";

/// `action:vdfs.write_sidecar.input.v1`: Write (create or replace) a sidecar file of an entry.
pub const VDFS_WRITE_SIDECAR_V1: &str = "action:vdfs.write_sidecar.input.v1";

/// `query:ai.classify_text.v1`: Classify a text among labels, or extract fields from it as JSON.
pub const AI_CLASSIFY_TEXT_V1: &str = "query:ai.classify_text.v1";

/// `query:ai.generate_embedding.v1`: Turn texts into L2-normalised embedding vectors.
pub const AI_GENERATE_EMBEDDING_V1: &str = "query:ai.generate_embedding.v1";

/// `query:ai.ocr.v1`: Recognise the text of an image or a PDF.
pub const AI_OCR_V1: &str = "query:ai.ocr.v1";

/// `query:ai.search_similar.v1`: Find the k entries whose embedded sidecars are most similar to a text or to an entry.
pub const AI_SEARCH_SIMILAR_V1: &str = "query:ai.search_similar.v1";

/// `query:core.ping.v1`: Echo a message back: a smoke test of the whole call path.
pub const CORE_PING_V1: &str = "query:core.ping.v1";

/// `query:credentials.get.v1`: Get a credential of the calling extension, refreshing an expiring OAuth2 token first.
pub const CREDENTIALS_GET_V1: &str = "query:credentials.get.v1";

/// `query:credentials.list.v1`: List the ids of the calling extension's credentials.
pub const CREDENTIALS_LIST_V1: &str = "query:credentials.list.v1";

/// `query:http.request.v1`: Make an HTTP(S) request through the host's egress proxy.
pub const HTTP_REQUEST_V1: &str = "query:http.request.v1";

/// `query:jobs.get_status.v1`: Read a job's state, progress and result.
pub const JOBS_GET_STATUS_V1: &str = "query:jobs.get_status.v1";

/// `query:libraries.get.v1`: Describe one library.
pub const LIBRARIES_GET_V1: &str = "query:libraries.get.v1";

/// `query:libraries.list.v1`: List the libraries the caller may use.
pub const LIBRARIES_LIST_V1: &str = "query:libraries.list.v1";

/// `query:vdfs.get_entry.v1`: Read one entry of the library's VDFS.
pub const VDFS_GET_ENTRY_V1: &str = "query:vdfs.get_entry.v1";

/// `query:vdfs.list_entries.v1`: List entries of the library's VDFS, filtered and paginated.
pub const VDFS_LIST_ENTRIES_V1: &str = "query:vdfs.list_entries.v1";

/// `query:vdfs.list_sidecars.v1`: List the sidecar files of an entry.
pub const VDFS_LIST_SIDECARS_V1: &str = "query:vdfs.list_sidecars.v1";

/// `query:vdfs.read_sidecar.v1`: Read a sidecar file of an entry.
pub const VDFS_READ_SIDECAR_V1: &str = "query:vdfs.read_sidecar.v1";

/// Every method this SDK knows, sorted.
pub const ALL: &[&str] = &[
    CREDENTIALS_DELETE_V1,
    CREDENTIALS_STORE_V1,
    JOBS_CANCEL_V1,
    JOBS_DISPATCH_V1,
    LIBRARIES_CREATE_V1,
    VDFS_CREATE_ENTRY_V1,
    VDFS_DELETE_SIDECAR_V1,
    VDFS_UPDATE_METADATA_V1,
    VDFS_WRITE_SIDECAR_V1,
    AI_CLASSIFY_TEXT_V1,
    AI_GENERATE_EMBEDDING_V1,
    AI_OCR_V1,
    AI_SEARCH_SIMILAR_V1,
    CORE_PING_V1,
    CREDENTIALS_GET_V1,
    CREDENTIALS_LIST_V1,
    HTTP_REQUEST_V1,
    JOBS_GET_STATUS_V1,
    LIBRARIES_GET_V1,
    LIBRARIES_LIST_V1,
    VDFS_GET_ENTRY_V1,
    VDFS_LIST_ENTRIES_V1,
    VDFS_LIST_SIDECARS_V1,
    VDFS_READ_SIDECAR_V1,
];
