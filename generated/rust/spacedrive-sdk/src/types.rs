//! Wire types, generated from `schema/` by `sdext codegen`. DO NOT EDIT.
#![allow(clippy::derive_partial_eq_without_eq)]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::bytes::Bytes;
use crate::uuid::Uuid;

/// Which kind of engine answered an AI operation: `embedded` (runs inside the host on CPU, from installed packages) or `openai` (an OpenAI-compatible server named in the host configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AiBackend {
    #[serde(rename = "embedded")]
    Embedded,
    #[serde(rename = "openai")]
    Openai,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl AiBackend {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            AiBackend::Embedded => "embedded",
            AiBackend::Openai => "openai",
            AiBackend::Unknown => "unknown",
        }
    }
}

/// An API key.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ApiKeyCredential {
    pub key: String,
}

impl ApiKeyCredential {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(key: impl Into<String>) -> Self {
        Self { key: key.into() }
    }
}

/// A user name and password (e.g. for HTTP Basic or WebDAV).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BasicCredential {
    pub username: String,
    pub password: String,
}

impl BasicCredential {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }
}

/// CancelJobInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CancelJobInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub job_id: Uuid,
}

impl CancelJobInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(job_id: impl Into<Uuid>) -> Self {
        Self {
            job_id: job_id.into(),
        }
    }
}

/// CancelJobOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CancelJobOutput {
    /// A job run by the host's job runner on one library.
    pub job: Job,
}

impl CancelJobOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(job: impl Into<Job>) -> Self {
        Self { job: job.into() }
    }
}

/// ClassLabel
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ClassLabel {
    pub name: String,
    /// One line on what the label means; improves the choice markedly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl ClassLabel {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
        }
    }
}

/// How the answer was produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ClassifyMethod {
    #[serde(rename = "embedding_similarity")]
    EmbeddingSimilarity,
    #[serde(rename = "rule_based_extraction")]
    RuleBasedExtraction,
    #[serde(rename = "llm")]
    Llm,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl ClassifyMethod {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            ClassifyMethod::EmbeddingSimilarity => "embedding_similarity",
            ClassifyMethod::RuleBasedExtraction => "rule_based_extraction",
            ClassifyMethod::Llm => "llm",
            ClassifyMethod::Unknown => "unknown",
        }
    }
}

/// ClassifyTextInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ClassifyTextInput {
    /// The text to classify or read, e.g. an OCR result.
    pub text: String,
    /// The instruction, e.g. `Extract receipt data` (used by LLM backends).
    pub prompt: String,
    /// Candidate labels: classify among these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<ClassLabel>>,
    /// Fields to extract, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, Value>>,
}

impl ClassifyTextInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(text: impl Into<String>, prompt: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            prompt: prompt.into(),
            labels: None,
            fields: None,
        }
    }
}

/// ClassifyTextOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassifyTextOutput {
    /// The extracted object, or `{"label": <best>, "score": <its score>}`.
    pub result: Value,
    /// Every candidate label with its score, best first (classification only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<LabelScore>>,
    /// How the answer was produced.
    pub method: ClassifyMethod,
    /// Which kind of engine answered an AI operation: `embedded` (runs inside the host on CPU, from installed packages) or `openai` (an OpenAI-compatible server named in the host configuration).
    pub backend: AiBackend,
    /// The model or rule set that answered, e.g. `all-MiniLM-L6-v2`.
    pub model: String,
    /// With neither labels nor fields and the embedded rules: everything read from the receipt (subtotal, tax, tip, payment method, line items), with a confidence per field and `needs_review`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Receipt>,
}

impl ClassifyTextOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        result: impl Into<Value>,
        method: impl Into<ClassifyMethod>,
        backend: impl Into<AiBackend>,
        model: impl Into<String>,
    ) -> Self {
        Self {
            result: result.into(),
            labels: None,
            method: method.into(),
            backend: backend.into(),
            model: model.into(),
            receipt: None,
        }
    }
}

/// CreateEntryInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateEntryInput {
    /// Display name.
    pub name: String,
    /// Virtual path inside the library.
    pub path: String,
    /// Type of the entry, e.g. `FinancialDocument`.
    pub entry_type: String,
    /// Initial metadata (default: empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, Value>>,
}

impl CreateEntryInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        name: impl Into<String>,
        path: impl Into<String>,
        entry_type: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            path: path.into(),
            entry_type: entry_type.into(),
            metadata: None,
        }
    }
}

/// CreateEntryOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateEntryOutput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// An entry of the virtual distributed file system (VDFS) of a library.
    pub entry: Entry,
}

impl CreateEntryOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entry_id: impl Into<Uuid>, entry: impl Into<Entry>) -> Self {
        Self {
            entry_id: entry_id.into(),
            entry: entry.into(),
        }
    }
}

/// CreateLibraryInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateLibraryInput {
    /// Display name.
    pub name: String,
}

impl CreateLibraryInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into() }
    }
}

/// CreateLibraryOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateLibraryOutput {
    /// A library: a directory with an embedded SQLite database and its sidecar files, with its usage of the host's per-library storage quota.
    pub library: LibraryInfo,
}

impl CreateLibraryOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(library: impl Into<LibraryInfo>) -> Self {
        Self {
            library: library.into(),
        }
    }
}

/// What a credential holds: `oauth2` (an access token, refreshed by the host when it can), `api_key` or `basic` (user name and password).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CredentialKind {
    #[serde(rename = "oauth2")]
    Oauth2,
    #[serde(rename = "api_key")]
    ApiKey,
    #[serde(rename = "basic")]
    Basic,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl CredentialKind {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            CredentialKind::Oauth2 => "oauth2",
            CredentialKind::ApiKey => "api_key",
            CredentialKind::Basic => "basic",
            CredentialKind::Unknown => "unknown",
        }
    }
}

/// DeleteCredentialInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeleteCredentialInput {
    /// Name of the credential in the caller's scope, chosen by the extension, e.g. `gmail`.
    pub credential_id: String,
}

impl DeleteCredentialInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(credential_id: impl Into<String>) -> Self {
        Self {
            credential_id: credential_id.into(),
        }
    }
}

/// DeleteCredentialOutput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeleteCredentialOutput {
    /// Name of the credential in the caller's scope, chosen by the extension, e.g. `gmail`.
    pub credential_id: String,
}

impl DeleteCredentialOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(credential_id: impl Into<String>) -> Self {
        Self {
            credential_id: credential_id.into(),
        }
    }
}

/// DeleteSidecarInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeleteSidecarInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    pub filename: String,
}

impl DeleteSidecarInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entry_id: impl Into<Uuid>, filename: impl Into<String>) -> Self {
        Self {
            entry_id: entry_id.into(),
            filename: filename.into(),
        }
    }
}

/// DeleteSidecarOutput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeleteSidecarOutput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    pub filename: String,
    /// Bytes given back to the library's quota.
    pub size: i64,
}

impl DeleteSidecarOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        entry_id: impl Into<Uuid>,
        filename: impl Into<String>,
        size: impl Into<i64>,
    ) -> Self {
        Self {
            entry_id: entry_id.into(),
            filename: filename.into(),
            size: size.into(),
        }
    }
}

/// DispatchJobInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DispatchJobInput {
    /// A registered job type, e.g. `sidecar_checksum`.
    pub job_type: String,
    /// Parameters of the job type (default: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<BTreeMap<String, Value>>,
}

impl DispatchJobInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(job_type: impl Into<String>) -> Self {
        Self {
            job_type: job_type.into(),
            params: None,
        }
    }
}

/// DispatchJobOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DispatchJobOutput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub job_id: Uuid,
    /// A job run by the host's job runner on one library.
    pub job: Job,
}

impl DispatchJobOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(job_id: impl Into<Uuid>, job: impl Into<Job>) -> Self {
        Self {
            job_id: job_id.into(),
            job: job.into(),
        }
    }
}

/// One sidecar `embed_sidecars` could not read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EmbedSidecarsFailure {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    pub filename: String,
    pub message: String,
}

impl EmbedSidecarsFailure {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        entry_id: impl Into<Uuid>,
        filename: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            entry_id: entry_id.into(),
            filename: filename.into(),
            message: message.into(),
        }
    }
}

/// Parameters of `embed_sidecars`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EmbedSidecarsParams {
    /// Sidecar names to embed, e.g. `["ocr.txt"]` (default: every sidecar of format `text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sidecars: Option<Vec<String>>,
    /// Texts per embedding call (default 32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<i64>,
}

/// What `embed_sidecars` did. Sidecars already embedded with the same content and model are skipped, so a second run after a cancel or a restart goes on where the first stopped. Failures are all counted; at most 100 are listed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EmbedSidecarsResult {
    /// The embedding model whose vectors were stored.
    pub model: String,
    /// Sidecars embedded and stored by this run.
    pub embedded: i64,
    /// Sidecars already embedded with their current content.
    pub skipped: i64,
    /// Sidecars whose file could not be read.
    pub failures: i64,
    /// The first failed sidecars, with why.
    pub failed: Vec<EmbedSidecarsFailure>,
    /// Vectors of this model the library holds now.
    pub indexed: i64,
}

impl EmbedSidecarsResult {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        model: impl Into<String>,
        embedded: impl Into<i64>,
        skipped: impl Into<i64>,
        failures: impl Into<i64>,
        failed: impl Into<Vec<EmbedSidecarsFailure>>,
        indexed: impl Into<i64>,
    ) -> Self {
        Self {
            model: model.into(),
            embedded: embedded.into(),
            skipped: skipped.into(),
            failures: failures.into(),
            failed: failed.into(),
            indexed: indexed.into(),
        }
    }
}

/// An entry of the virtual distributed file system (VDFS) of a library.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Entry {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// Display name.
    pub name: String,
    /// Virtual path inside the library, `/`-separated.
    pub path: String,
    /// Type of the entry, e.g. `FinancialDocument`.
    pub entry_type: String,
    /// Free-form JSON metadata of an entry: a map from key to any JSON value.
    pub metadata: BTreeMap<String, Value>,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub created_at: String,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub updated_at: String,
}

impl Entry {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        entry_id: impl Into<Uuid>,
        name: impl Into<String>,
        path: impl Into<String>,
        entry_type: impl Into<String>,
        metadata: impl Into<BTreeMap<String, Value>>,
        created_at: impl Into<String>,
        updated_at: impl Into<String>,
    ) -> Self {
        Self {
            entry_id: entry_id.into(),
            name: name.into(),
            path: path.into(),
            entry_type: entry_type.into(),
            metadata: metadata.into(),
            created_at: created_at.into(),
            updated_at: updated_at.into(),
        }
    }
}

/// `entry.created`: an entry was created (`vdfs.create_entry`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryCreatedEvent {
    /// Names of the events an extension can subscribe to.
    pub event: EventName,
    /// Position of the event in the host's emission order (from 1 for each host start).
    pub sequence: i64,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub emitted_at: String,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
    /// 0 for an event caused from outside any event callback; one more than its cause for an event caused by an operation an event callback made.
    pub depth: i64,
    /// `sequence` of the event whose callback caused this event; null at depth 0.
    pub caused_by: Option<i64>,
    /// An entry of the virtual distributed file system (VDFS) of a library.
    pub entry: Entry,
}

impl EntryCreatedEvent {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        event: impl Into<EventName>,
        sequence: impl Into<i64>,
        emitted_at: impl Into<String>,
        library_id: impl Into<Uuid>,
        depth: impl Into<i64>,
        caused_by: impl Into<Option<i64>>,
        entry: impl Into<Entry>,
    ) -> Self {
        Self {
            event: event.into(),
            sequence: sequence.into(),
            emitted_at: emitted_at.into(),
            library_id: library_id.into(),
            depth: depth.into(),
            caused_by: caused_by.into(),
            entry: entry.into(),
        }
    }
}

/// `entry.updated`: an entry's metadata changed (`vdfs.update_metadata`); `entry` is the entry as stored afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryUpdatedEvent {
    /// Names of the events an extension can subscribe to.
    pub event: EventName,
    /// Position of the event in the host's emission order (from 1 for each host start).
    pub sequence: i64,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub emitted_at: String,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
    /// Causal depth (see `EntryCreatedEvent.depth`).
    pub depth: i64,
    /// `sequence` of the causing event; null at depth 0.
    pub caused_by: Option<i64>,
    /// An entry of the virtual distributed file system (VDFS) of a library.
    pub entry: Entry,
}

impl EntryUpdatedEvent {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        event: impl Into<EventName>,
        sequence: impl Into<i64>,
        emitted_at: impl Into<String>,
        library_id: impl Into<Uuid>,
        depth: impl Into<i64>,
        caused_by: impl Into<Option<i64>>,
        entry: impl Into<Entry>,
    ) -> Self {
        Self {
            event: event.into(),
            sequence: sequence.into(),
            emitted_at: emitted_at.into(),
            library_id: library_id.into(),
            depth: depth.into(),
            caused_by: caused_by.into(),
            entry: entry.into(),
        }
    }
}

/// ErrorBody
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable, machine-readable error codes: one closed set for operation errors (answers of `spacedrive_call` and the daemon RPC) and for loading and running extensions (descriptions starting `Extension`). Clients branch on these, never on messages.
    pub code: ErrorCode,
    /// Human-readable explanation; not for parsing.
    pub message: String,
    /// Optional structured context, e.g. a list of validation problems.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Value>,
}

impl ErrorBody {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(code: impl Into<ErrorCode>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            details: None,
        }
    }
}

/// Stable, machine-readable error codes: one closed set for operation errors (answers of `spacedrive_call` and the daemon RPC) and for loading and running extensions (descriptions starting `Extension`). Clients branch on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ErrorCode {
    #[serde(rename = "invalid_json")]
    InvalidJson,
    #[serde(rename = "invalid_input")]
    InvalidInput,
    #[serde(rename = "unknown_method")]
    UnknownMethod,
    #[serde(rename = "invalid_pointer")]
    InvalidPointer,
    #[serde(rename = "permission_denied")]
    PermissionDenied,
    #[serde(rename = "library_required")]
    LibraryRequired,
    #[serde(rename = "library_not_found")]
    LibraryNotFound,
    #[serde(rename = "not_found")]
    NotFound,
    #[serde(rename = "conflict")]
    Conflict,
    #[serde(rename = "rate_limited")]
    RateLimited,
    #[serde(rename = "resource_exhausted")]
    ResourceExhausted,
    #[serde(rename = "payload_too_large")]
    PayloadTooLarge,
    #[serde(rename = "sidecar_too_large")]
    SidecarTooLarge,
    #[serde(rename = "library_quota_exceeded")]
    LibraryQuotaExceeded,
    #[serde(rename = "timeout")]
    Timeout,
    #[serde(rename = "upstream_error")]
    UpstreamError,
    #[serde(rename = "internal")]
    Internal,
    #[serde(rename = "blocked_address")]
    BlockedAddress,
    #[serde(rename = "response_too_large")]
    ResponseTooLarge,
    #[serde(rename = "manifest_invalid")]
    ManifestInvalid,
    #[serde(rename = "wasm_missing")]
    WasmMissing,
    #[serde(rename = "wasm_invalid")]
    WasmInvalid,
    #[serde(rename = "abi_mismatch")]
    AbiMismatch,
    #[serde(rename = "missing_export")]
    MissingExport,
    #[serde(rename = "bad_export")]
    BadExport,
    #[serde(rename = "init_failed")]
    InitFailed,
    #[serde(rename = "trapped")]
    Trapped,
    #[serde(rename = "panicked")]
    Panicked,
    #[serde(rename = "time_limit")]
    TimeLimit,
    #[serde(rename = "memory_limit")]
    MemoryLimit,
    #[serde(rename = "table_limit")]
    TableLimit,
    #[serde(rename = "resource_limit")]
    ResourceLimit,
    #[serde(rename = "fuel_exhausted")]
    FuelExhausted,
    #[serde(rename = "stack_overflow")]
    StackOverflow,
    #[serde(rename = "bad_answer")]
    BadAnswer,
    #[serde(rename = "not_loaded")]
    NotLoaded,
    #[serde(rename = "reentrant_call")]
    ReentrantCall,
    #[serde(rename = "reentry_limit")]
    ReentryLimit,
    #[serde(rename = "host_error")]
    HostError,
    #[serde(rename = "backing_off")]
    BackingOff,
    #[serde(rename = "disabled")]
    Disabled,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl ErrorCode {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::UnknownMethod => "unknown_method",
            ErrorCode::InvalidPointer => "invalid_pointer",
            ErrorCode::PermissionDenied => "permission_denied",
            ErrorCode::LibraryRequired => "library_required",
            ErrorCode::LibraryNotFound => "library_not_found",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ResourceExhausted => "resource_exhausted",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::SidecarTooLarge => "sidecar_too_large",
            ErrorCode::LibraryQuotaExceeded => "library_quota_exceeded",
            ErrorCode::Timeout => "timeout",
            ErrorCode::UpstreamError => "upstream_error",
            ErrorCode::Internal => "internal",
            ErrorCode::BlockedAddress => "blocked_address",
            ErrorCode::ResponseTooLarge => "response_too_large",
            ErrorCode::ManifestInvalid => "manifest_invalid",
            ErrorCode::WasmMissing => "wasm_missing",
            ErrorCode::WasmInvalid => "wasm_invalid",
            ErrorCode::AbiMismatch => "abi_mismatch",
            ErrorCode::MissingExport => "missing_export",
            ErrorCode::BadExport => "bad_export",
            ErrorCode::InitFailed => "init_failed",
            ErrorCode::Trapped => "trapped",
            ErrorCode::Panicked => "panicked",
            ErrorCode::TimeLimit => "time_limit",
            ErrorCode::MemoryLimit => "memory_limit",
            ErrorCode::TableLimit => "table_limit",
            ErrorCode::ResourceLimit => "resource_limit",
            ErrorCode::FuelExhausted => "fuel_exhausted",
            ErrorCode::StackOverflow => "stack_overflow",
            ErrorCode::BadAnswer => "bad_answer",
            ErrorCode::NotLoaded => "not_loaded",
            ErrorCode::ReentrantCall => "reentrant_call",
            ErrorCode::ReentryLimit => "reentry_limit",
            ErrorCode::HostError => "host_error",
            ErrorCode::BackingOff => "backing_off",
            ErrorCode::Disabled => "disabled",
            ErrorCode::Unknown => "unknown",
        }
    }
}

/// ErrorEnvelope
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

impl ErrorEnvelope {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(error: impl Into<ErrorBody>) -> Self {
        Self {
            error: error.into(),
        }
    }
}

/// Names of the events an extension can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum EventName {
    #[serde(rename = "entry.created")]
    EntryCreated,
    #[serde(rename = "entry.updated")]
    EntryUpdated,
    #[serde(rename = "sidecar.written")]
    SidecarWritten,
    #[serde(rename = "sidecar.deleted")]
    SidecarDeleted,
    #[serde(rename = "job.finished")]
    JobFinished,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl EventName {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            EventName::EntryCreated => "entry.created",
            EventName::EntryUpdated => "entry.updated",
            EventName::SidecarWritten => "sidecar.written",
            EventName::SidecarDeleted => "sidecar.deleted",
            EventName::JobFinished => "job.finished",
            EventName::Unknown => "unknown",
        }
    }
}

/// GenerateEmbeddingInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GenerateEmbeddingInput {
    /// The texts to embed.
    pub texts: Vec<String>,
}

impl GenerateEmbeddingInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(texts: impl Into<Vec<String>>) -> Self {
        Self {
            texts: texts.into(),
        }
    }
}

/// GenerateEmbeddingOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenerateEmbeddingOutput {
    /// One unit-length vector per input text.
    pub embeddings: Vec<Vec<f64>>,
    /// The model that produced the vectors.
    pub model: String,
    /// Length of every vector.
    pub dimension: i64,
    /// Which kind of engine answered an AI operation: `embedded` (runs inside the host on CPU, from installed packages) or `openai` (an OpenAI-compatible server named in the host configuration).
    pub backend: AiBackend,
}

impl GenerateEmbeddingOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        embeddings: impl Into<Vec<Vec<f64>>>,
        model: impl Into<String>,
        dimension: impl Into<i64>,
        backend: impl Into<AiBackend>,
    ) -> Self {
        Self {
            embeddings: embeddings.into(),
            model: model.into(),
            dimension: dimension.into(),
            backend: backend.into(),
        }
    }
}

/// GetCredentialInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GetCredentialInput {
    /// Name of the credential in the caller's scope, chosen by the extension, e.g. `gmail`.
    pub credential_id: String,
    /// Refresh an OAuth2 token that expires within this many seconds (default 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_valid_seconds: Option<i64>,
    /// Refresh an OAuth2 token even if it is still valid (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_refresh: Option<bool>,
}

impl GetCredentialInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(credential_id: impl Into<String>) -> Self {
        Self {
            credential_id: credential_id.into(),
            min_valid_seconds: None,
            force_refresh: None,
        }
    }
}

/// GetCredentialOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetCredentialOutput {
    /// Name of the credential in the caller's scope, chosen by the extension, e.g. `gmail`.
    pub credential_id: String,
    /// What a credential holds: `oauth2` (an access token, refreshed by the host when it can), `api_key` or `basic` (user name and password).
    pub kind: CredentialKind,
    /// The usable part of an OAuth2 credential. The refresh token and client secret stay in the host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2: Option<OAuth2Token>,
    /// An API key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<ApiKeyCredential>,
    /// A user name and password (e.g. for HTTP Basic or WebDAV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic: Option<BasicCredential>,
    /// Whether this call refreshed the token.
    pub refreshed: bool,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub updated_at: String,
}

impl GetCredentialOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        credential_id: impl Into<String>,
        kind: impl Into<CredentialKind>,
        refreshed: impl Into<bool>,
        updated_at: impl Into<String>,
    ) -> Self {
        Self {
            credential_id: credential_id.into(),
            kind: kind.into(),
            oauth2: None,
            api_key: None,
            basic: None,
            refreshed: refreshed.into(),
            updated_at: updated_at.into(),
        }
    }
}

/// GetEntryInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GetEntryInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
}

impl GetEntryInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entry_id: impl Into<Uuid>) -> Self {
        Self {
            entry_id: entry_id.into(),
        }
    }
}

/// GetEntryOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetEntryOutput {
    /// An entry of the virtual distributed file system (VDFS) of a library.
    pub entry: Entry,
}

impl GetEntryOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entry: impl Into<Entry>) -> Self {
        Self {
            entry: entry.into(),
        }
    }
}

/// GetJobStatusInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GetJobStatusInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub job_id: Uuid,
}

impl GetJobStatusInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(job_id: impl Into<Uuid>) -> Self {
        Self {
            job_id: job_id.into(),
        }
    }
}

/// GetJobStatusOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetJobStatusOutput {
    /// A job run by the host's job runner on one library.
    pub job: Job,
}

impl GetJobStatusOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(job: impl Into<Job>) -> Self {
        Self { job: job.into() }
    }
}

/// GetLibraryInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GetLibraryInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
}

impl GetLibraryInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(library_id: impl Into<Uuid>) -> Self {
        Self {
            library_id: library_id.into(),
        }
    }
}

/// GetLibraryOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetLibraryOutput {
    /// A library: a directory with an embedded SQLite database and its sidecar files, with its usage of the host's per-library storage quota.
    pub library: LibraryInfo,
}

impl GetLibraryOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(library: impl Into<LibraryInfo>) -> Self {
        Self {
            library: library.into(),
        }
    }
}

/// One HTTP header field. Names are case-insensitive; a name may repeat.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

impl HttpHeader {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// HttpRequestInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HttpRequestInput {
    /// HTTP method (default `GET`); `CONNECT` and `TRACE` are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Absolute `http` or `https` URL, without user info.
    pub url: String,
    /// Request headers. `Host`, `Content-Length`, `Transfer-Encoding`, `Connection` and other hop-by-hop headers are set by the host and refused here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Vec<HttpHeader>>,
    /// Request body as bytes; or give `body_text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Bytes>,
    /// Request body as UTF-8 text; or give `body`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// Time for the whole exchange, redirects included (default and cap: host configuration; always capped by the caller's time budget).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<i64>,
    /// Largest body to accept (default and cap: host configuration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_response_bytes: Option<i64>,
    /// Follow 301, 302, 303, 307 and 308 answers (default true); false returns them as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_redirects: Option<bool>,
}

impl HttpRequestInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            method: None,
            url: url.into(),
            headers: None,
            body: None,
            body_text: None,
            timeout_ms: None,
            max_response_bytes: None,
            follow_redirects: None,
        }
    }
}

/// HttpRequestOutput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HttpRequestOutput {
    pub status: i64,
    /// The status line's reason phrase, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Response headers in the order received.
    pub headers: Vec<HttpHeader>,
    /// The response body's bytes (as sent: no content decoding).
    pub body: Bytes,
    /// The body as text, present when it is valid UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// The URL that gave this response, after redirects.
    pub final_url: String,
    /// How many redirects were followed.
    pub redirects: i64,
}

impl HttpRequestOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        status: impl Into<i64>,
        headers: impl Into<Vec<HttpHeader>>,
        body: impl Into<Bytes>,
        final_url: impl Into<String>,
        redirects: impl Into<i64>,
    ) -> Self {
        Self {
            status: status.into(),
            reason: None,
            headers: headers.into(),
            body: body.into(),
            body_text: None,
            final_url: final_url.into(),
            redirects: redirects.into(),
        }
    }
}

/// A job run by the host's job runner on one library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub job_id: Uuid,
    /// The registered job type, e.g. `sidecar_checksum`.
    pub job_type: String,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
    /// Where a job is: `queued` -> `running` -> `completed`, `failed` or `cancelled`; `cancelling` while a cancel request waits for the job's next checkpoint; `interrupted` when the host stopped before the job finished (it is not run again). `completed`, `failed`, `cancelled` and `interrupted` are final.
    pub state: JobState,
    /// How far a job got. Persisted while it runs (at most `jobs.progress_interval` seconds stale), so it survives a host restart.
    pub progress: JobProgress,
    /// The job's result once `completed`; null otherwise.
    pub result: Option<BTreeMap<String, Value>>,
    /// Why the job `failed`; null otherwise.
    pub error: Option<ErrorBody>,
    /// Who dispatched the job: `daemon` or `extension '<id>'`.
    pub dispatched_by: String,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub created_at: String,
    /// When a worker started the job; null while queued or if it never ran.
    pub started_at: Option<String>,
    /// When the job reached a final state; null until then.
    pub finished_at: Option<String>,
}

impl Job {
    /// A value with the required fields set and every optional field `None`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        job_id: impl Into<Uuid>,
        job_type: impl Into<String>,
        library_id: impl Into<Uuid>,
        state: impl Into<JobState>,
        progress: impl Into<JobProgress>,
        result: impl Into<Option<BTreeMap<String, Value>>>,
        error: impl Into<Option<ErrorBody>>,
        dispatched_by: impl Into<String>,
        created_at: impl Into<String>,
        started_at: impl Into<Option<String>>,
        finished_at: impl Into<Option<String>>,
    ) -> Self {
        Self {
            job_id: job_id.into(),
            job_type: job_type.into(),
            library_id: library_id.into(),
            state: state.into(),
            progress: progress.into(),
            result: result.into(),
            error: error.into(),
            dispatched_by: dispatched_by.into(),
            created_at: created_at.into(),
            started_at: started_at.into(),
            finished_at: finished_at.into(),
        }
    }
}

/// `job.finished`: a job reached `completed`, `failed` or `cancelled` (not `interrupted`: the host is stopping then).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobFinishedEvent {
    /// Names of the events an extension can subscribe to.
    pub event: EventName,
    /// Position of the event in the host's emission order (from 1 for each host start).
    pub sequence: i64,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub emitted_at: String,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
    /// Causal depth: one more than the event whose callback dispatched the job, else 0.
    pub depth: i64,
    /// `sequence` of the event whose callback dispatched the job; null at depth 0.
    pub caused_by: Option<i64>,
    /// A job run by the host's job runner on one library.
    pub job: Job,
}

impl JobFinishedEvent {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        event: impl Into<EventName>,
        sequence: impl Into<i64>,
        emitted_at: impl Into<String>,
        library_id: impl Into<Uuid>,
        depth: impl Into<i64>,
        caused_by: impl Into<Option<i64>>,
        job: impl Into<Job>,
    ) -> Self {
        Self {
            event: event.into(),
            sequence: sequence.into(),
            emitted_at: emitted_at.into(),
            library_id: library_id.into(),
            depth: depth.into(),
            caused_by: caused_by.into(),
            job: job.into(),
        }
    }
}

/// How far a job got. Persisted while it runs (at most `jobs.progress_interval` seconds stale), so it survives a host restart.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct JobProgress {
    /// Units of work done.
    pub done: i64,
    /// Units of work in all; null while unknown.
    pub total: Option<i64>,
    /// What the job is doing, for display.
    pub message: Option<String>,
}

impl JobProgress {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        done: impl Into<i64>,
        total: impl Into<Option<i64>>,
        message: impl Into<Option<String>>,
    ) -> Self {
        Self {
            done: done.into(),
            total: total.into(),
            message: message.into(),
        }
    }
}

/// Where a job is: `queued` -> `running` -> `completed`, `failed` or `cancelled`; `cancelling` while a cancel request waits for the job's next checkpoint; `interrupted` when the host stopped before the job finished (it is not run again). `completed`, `failed`, `cancelled` and `interrupted` are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum JobState {
    #[serde(rename = "queued")]
    Queued,
    #[serde(rename = "running")]
    Running,
    #[serde(rename = "cancelling")]
    Cancelling,
    #[serde(rename = "cancelled")]
    Cancelled,
    #[serde(rename = "completed")]
    Completed,
    #[serde(rename = "failed")]
    Failed,
    #[serde(rename = "interrupted")]
    Interrupted,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl JobState {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Cancelling => "cancelling",
            JobState::Cancelled => "cancelled",
            JobState::Completed => "completed",
            JobState::Failed => "failed",
            JobState::Interrupted => "interrupted",
            JobState::Unknown => "unknown",
        }
    }
}

/// LabelScore
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LabelScore {
    pub label: String,
    pub score: f64,
}

impl LabelScore {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(label: impl Into<String>, score: impl Into<f64>) -> Self {
        Self {
            label: label.into(),
            score: score.into(),
        }
    }
}

/// A library: a directory with an embedded SQLite database and its sidecar files, with its usage of the host's per-library storage quota.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LibraryInfo {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
    /// Display name.
    pub name: String,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub created_at: String,
    /// Number of entries.
    pub entry_count: i64,
    /// Number of sidecars of all entries.
    pub sidecar_count: i64,
    /// Bytes of sidecar data stored (the sum of the sidecars' sizes).
    pub sidecar_bytes: i64,
    /// Bytes counted against `quota_bytes`: `sidecar_bytes` plus the rows of entries (metadata included) and sidecars.
    pub used_bytes: i64,
    /// The host's per-library limit on `used_bytes` (setting `vdfs.max_library_bytes`).
    pub quota_bytes: i64,
}

impl LibraryInfo {
    /// A value with the required fields set and every optional field `None`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        library_id: impl Into<Uuid>,
        name: impl Into<String>,
        created_at: impl Into<String>,
        entry_count: impl Into<i64>,
        sidecar_count: impl Into<i64>,
        sidecar_bytes: impl Into<i64>,
        used_bytes: impl Into<i64>,
        quota_bytes: impl Into<i64>,
    ) -> Self {
        Self {
            library_id: library_id.into(),
            name: name.into(),
            created_at: created_at.into(),
            entry_count: entry_count.into(),
            sidecar_count: sidecar_count.into(),
            sidecar_bytes: sidecar_bytes.into(),
            used_bytes: used_bytes.into(),
            quota_bytes: quota_bytes.into(),
        }
    }
}

/// ListCredentialsInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListCredentialsInput {
    /// `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// ListCredentialsOutput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListCredentialsOutput {
    pub credential_ids: Vec<String>,
    /// Cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl ListCredentialsOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(credential_ids: impl Into<Vec<String>>) -> Self {
        Self {
            credential_ids: credential_ids.into(),
            next_cursor: None,
        }
    }
}

/// ListEntriesInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListEntriesInput {
    /// Only entries of this type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_type: Option<String>,
    /// Only entries whose path starts with this string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    /// Page size (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// ListEntriesOutput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListEntriesOutput {
    pub entries: Vec<Entry>,
    /// Cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl ListEntriesOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entries: impl Into<Vec<Entry>>) -> Self {
        Self {
            entries: entries.into(),
            next_cursor: None,
        }
    }
}

/// ListLibrariesInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListLibrariesInput {
    /// `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// ListLibrariesOutput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListLibrariesOutput {
    pub libraries: Vec<LibraryInfo>,
    /// Cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl ListLibrariesOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(libraries: impl Into<Vec<LibraryInfo>>) -> Self {
        Self {
            libraries: libraries.into(),
            next_cursor: None,
        }
    }
}

/// ListSidecarsInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListSidecarsInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

impl ListSidecarsInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entry_id: impl Into<Uuid>) -> Self {
        Self {
            entry_id: entry_id.into(),
            cursor: None,
        }
    }
}

/// ListSidecarsOutput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListSidecarsOutput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    pub sidecars: Vec<SidecarInfo>,
    /// Cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl ListSidecarsOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entry_id: impl Into<Uuid>, sidecars: impl Into<Vec<SidecarInfo>>) -> Self {
        Self {
            entry_id: entry_id.into(),
            sidecars: sidecars.into(),
            next_cursor: None,
        }
    }
}

/// One message `mailbox_import` could not store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailboxImportFailure {
    /// The message's key (its Message-ID, or a hash of its bytes); for an archive member too large to store, its name.
    pub message_key: String,
    /// Stable, machine-readable error codes: one closed set for operation errors (answers of `spacedrive_call` and the daemon RPC) and for loading and running extensions (descriptions starting `Extension`). Clients branch on these, never on messages.
    pub code: ErrorCode,
    pub message: String,
}

impl MailboxImportFailure {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        message_key: impl Into<String>,
        code: impl Into<ErrorCode>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            message_key: message_key.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Parameters of `mailbox_import`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MailboxImportParams {
    /// The entry holding the mailbox.
    pub entry_id: Uuid,
    /// Its sidecar (default `mailbox.mbox`): an mbox file, or a zip archive of `.eml` files or of a Maildir (files under `cur/` and `new/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl MailboxImportParams {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entry_id: impl Into<Uuid>) -> Self {
        Self {
            entry_id: entry_id.into(),
            source: None,
        }
    }
}

/// What `mailbox_import` did. Failed messages are all counted; at most 100 are listed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MailboxImportResult {
    /// Messages in the mailbox.
    pub messages: i64,
    /// Messages stored as new `Email` entries (or completed: an entry left without its `email.eml`).
    pub imported: i64,
    /// Messages whose key already had an `Email` entry: imported before.
    pub skipped: i64,
    /// Messages that could not be stored.
    pub failures: i64,
    /// The first failed messages, with why.
    pub failed: Vec<MailboxImportFailure>,
}

impl MailboxImportResult {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        messages: impl Into<i64>,
        imported: impl Into<i64>,
        skipped: impl Into<i64>,
        failures: impl Into<i64>,
        failed: impl Into<Vec<MailboxImportFailure>>,
    ) -> Self {
        Self {
            messages: messages.into(),
            imported: imported.into(),
            skipped: skipped.into(),
            failures: failures.into(),
            failed: failed.into(),
        }
    }
}

/// How to apply `metadata` (default `merge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum MetadataUpdateMode {
    #[serde(rename = "merge")]
    Merge,
    #[serde(rename = "replace")]
    Replace,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl MetadataUpdateMode {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            MetadataUpdateMode::Merge => "merge",
            MetadataUpdateMode::Replace => "replace",
            MetadataUpdateMode::Unknown => "unknown",
        }
    }
}

/// How the client authenticates at the token endpoint (RFC 6749 section 2.3.1): `client_secret_basic` (HTTP Basic, which every server must support) or `client_secret_post` (`client_id`/`client_secret` in the form body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum OAuth2ClientAuth {
    #[serde(rename = "client_secret_basic")]
    ClientSecretBasic,
    #[serde(rename = "client_secret_post")]
    ClientSecretPost,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl OAuth2ClientAuth {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            OAuth2ClientAuth::ClientSecretBasic => "client_secret_basic",
            OAuth2ClientAuth::ClientSecretPost => "client_secret_post",
            OAuth2ClientAuth::Unknown => "unknown",
        }
    }
}

/// An OAuth2 token as stored by an extension, with what the host needs to refresh it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OAuth2Credential {
    pub access_token: String,
    /// Default `Bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Lets the host refresh the access token; needs `token_endpoint` and `client_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Seconds from now until the access token expires (as in a token response); or give `expires_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// When the access token expires; or give `expires_in`. Neither: it never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// The `https` URL of the token endpoint; its host must be in the manifest's `permissions.allowed_domains`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Absent for public clients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// Default `client_secret_basic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_auth: Option<OAuth2ClientAuth>,
    /// Granted scopes; a refresh answer with a `scope` replaces them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
}

impl OAuth2Credential {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(access_token: impl Into<String>) -> Self {
        Self {
            access_token: access_token.into(),
            token_type: None,
            refresh_token: None,
            expires_in: None,
            expires_at: None,
            token_endpoint: None,
            client_id: None,
            client_secret: None,
            client_auth: None,
            scopes: None,
        }
    }
}

/// The usable part of an OAuth2 credential. The refresh token and client secret stay in the host.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OAuth2Token {
    pub access_token: String,
    /// e.g. `Bearer`: send `Authorization: <token_type> <access_token>`.
    pub token_type: String,
    /// Absent when the token does not expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Seconds left until `expires_at` (negative when expired and not refreshable); absent with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
}

impl OAuth2Token {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(access_token: impl Into<String>, token_type: impl Into<String>) -> Self {
        Self {
            access_token: access_token.into(),
            token_type: token_type.into(),
            expires_at: None,
            expires_in: None,
            scopes: None,
        }
    }
}

/// One entry `ocr_batch` could not process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrBatchFailure {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// Stable, machine-readable error codes: one closed set for operation errors (answers of `spacedrive_call` and the daemon RPC) and for loading and running extensions (descriptions starting `Extension`). Clients branch on these, never on messages.
    pub code: ErrorCode,
    pub message: String,
}

impl OcrBatchFailure {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        entry_id: impl Into<Uuid>,
        code: impl Into<ErrorCode>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            entry_id: entry_id.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Parameters of `ocr_batch`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OcrBatchParams {
    /// The entries to process, in order.
    pub entry_ids: Vec<Uuid>,
    /// The sidecar holding each entry's document, e.g. `scan.png` or `statement.pdf`.
    pub source: String,
    /// The text sidecar written for each entry (default `ocr.txt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// Tesseract language(s), e.g. `eng+deu` (default: the host's `ai.ocr_language`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Recognise PDF pages even when they have a text layer (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_ocr: Option<bool>,
}

impl OcrBatchParams {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entry_ids: impl Into<Vec<Uuid>>, source: impl Into<String>) -> Self {
        Self {
            entry_ids: entry_ids.into(),
            source: source.into(),
            output: None,
            language: None,
            force_ocr: None,
        }
    }
}

/// What `ocr_batch` did. Failed entries are all counted; at most 100 are listed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OcrBatchResult {
    /// Entries whose text sidecar was written.
    pub processed: i64,
    /// Characters recognised in all.
    pub characters: i64,
    /// Entries that failed.
    pub failures: i64,
    /// The first failed entries, with why.
    pub failed: Vec<OcrBatchFailure>,
}

impl OcrBatchResult {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        processed: impl Into<i64>,
        characters: impl Into<i64>,
        failures: impl Into<i64>,
        failed: impl Into<Vec<OcrBatchFailure>>,
    ) -> Self {
        Self {
            processed: processed.into(),
            characters: characters.into(),
            failures: failures.into(),
            failed: failed.into(),
        }
    }
}

/// OcrInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OcrInput {
    /// The document's bytes (base64 on the wire).
    pub data: Bytes,
    /// Type hint, e.g. `application/pdf`; used only when the bytes do not tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// How to recognise (every field optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<OcrOptions>,
}

impl OcrInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(data: impl Into<Bytes>) -> Self {
        Self {
            data: data.into(),
            mime_type: None,
            options: None,
        }
    }
}

/// How Tesseract segments an image or scanned page: `single_column` (default) reads each row across the page, so a price stays on its item's line (receipts, invoices, forms); `auto` finds columns and blocks (articles, multi-column pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum OcrLayout {
    #[serde(rename = "single_column")]
    SingleColumn,
    #[serde(rename = "auto")]
    Auto,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl OcrLayout {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            OcrLayout::SingleColumn => "single_column",
            OcrLayout::Auto => "auto",
            OcrLayout::Unknown => "unknown",
        }
    }
}

/// How to recognise (every field optional).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OcrOptions {
    /// Tesseract language code(s), e.g. `eng` or `eng+deu`, or `auto`: read with `eng`, guess the document's language from its words (German, French, Spanish, Italian) and, when that language is installed, read again with it so accents and umlauts survive. Default: the host's `ai.ocr_language`, `auto`. A language whose data is not installed is `invalid_input`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Recognise PDF pages even when they have a text layer (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_ocr: Option<bool>,
    /// Read at most this many PDF pages (default and upper bound: the host's `ai.ocr_max_pages`, 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pages: Option<i64>,
    /// Prepare photos and scans before recognition (default true): lighting flattened, page deskewed, small text scaled up. False recognises the pixels as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preprocess: Option<bool>,
    /// How Tesseract segments an image or scanned page: `single_column` (default) reads each row across the page, so a price stays on its item's line (receipts, invoices, forms); `auto` finds columns and blocks (articles, multi-column pages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<OcrLayout>,
}

/// OcrOutput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OcrOutput {
    /// The text of all pages read, pages separated by a blank line.
    pub text: String,
    /// Overall confidence: the page confidences weighted by text length (0 when no text was found).
    pub confidence: f64,
    /// One result per page read, in order.
    pub pages: Vec<OcrPage>,
    /// Pages in the document (more than `pages` holds when `max_pages` cut it short).
    pub page_count: i64,
    /// The type the host read the data as, e.g. `image/png`.
    pub mime_type: String,
    /// What produced the text, with versions, e.g. `tesseract 5.5.4 (tesserocr 2.13.0, tessdata_fast)`.
    pub engine: String,
    /// The Tesseract language(s) that read the recognised pages (with `auto`: the one chosen); absent when no page was recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl OcrOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        text: impl Into<String>,
        confidence: impl Into<f64>,
        pages: impl Into<Vec<OcrPage>>,
        page_count: impl Into<i64>,
        mime_type: impl Into<String>,
        engine: impl Into<String>,
    ) -> Self {
        Self {
            text: text.into(),
            confidence: confidence.into(),
            pages: pages.into(),
            page_count: page_count.into(),
            mime_type: mime_type.into(),
            engine: engine.into(),
            language: None,
        }
    }
}

/// OcrPage
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrPage {
    /// Page number, from 1.
    pub page: i64,
    pub text: String,
    /// 1 for a text layer; Tesseract's mean word confidence for recognised pages.
    pub confidence: f64,
    /// Where the page's text came from.
    pub source: OcrSource,
}

impl OcrPage {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        page: impl Into<i64>,
        text: impl Into<String>,
        confidence: impl Into<f64>,
        source: impl Into<OcrSource>,
    ) -> Self {
        Self {
            page: page.into(),
            text: text.into(),
            confidence: confidence.into(),
            source: source.into(),
        }
    }
}

/// Where the page's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum OcrSource {
    #[serde(rename = "text_layer")]
    TextLayer,
    #[serde(rename = "ocr")]
    Ocr,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl OcrSource {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            OcrSource::TextLayer => "text_layer",
            OcrSource::Ocr => "ocr",
            OcrSource::Unknown => "unknown",
        }
    }
}

/// How it was paid, when printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum PaymentMethod {
    #[serde(rename = "card")]
    Card,
    #[serde(rename = "cash")]
    Cash,
    #[serde(rename = "mobile")]
    Mobile,
    #[serde(rename = "paypal")]
    Paypal,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl PaymentMethod {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            PaymentMethod::Card => "card",
            PaymentMethod::Cash => "cash",
            PaymentMethod::Mobile => "mobile",
            PaymentMethod::Paypal => "paypal",
            PaymentMethod::Unknown => "unknown",
        }
    }
}

/// PingInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PingInput {
    /// Text to echo.
    pub message: String,
    /// How many times to repeat the message (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
}

impl PingInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            count: None,
        }
    }
}

/// PingOutput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PingOutput {
    /// The message, `count` times.
    pub echo: Vec<String>,
    /// The count that was used.
    pub count: i64,
}

impl PingOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(echo: impl Into<Vec<String>>, count: impl Into<i64>) -> Self {
        Self {
            echo: echo.into(),
            count: count.into(),
        }
    }
}

/// ReadSidecarInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReadSidecarInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    pub filename: String,
}

impl ReadSidecarInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entry_id: impl Into<Uuid>, filename: impl Into<String>) -> Self {
        Self {
            entry_id: entry_id.into(),
            filename: filename.into(),
        }
    }
}

/// ReadSidecarOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadSidecarOutput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    pub filename: String,
    /// What the bytes of a sidecar are: `json` (UTF-8 JSON, checked on write), `text` (UTF-8 text, checked on write) or `binary` (anything).
    pub format: SidecarFormat,
    pub data: Bytes,
    pub size: i64,
    pub sha256: String,
}

impl ReadSidecarOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        entry_id: impl Into<Uuid>,
        filename: impl Into<String>,
        format: impl Into<SidecarFormat>,
        data: impl Into<Bytes>,
        size: impl Into<i64>,
        sha256: impl Into<String>,
    ) -> Self {
        Self {
            entry_id: entry_id.into(),
            filename: filename.into(),
            format: format.into(),
            data: data.into(),
            size: size.into(),
            sha256: sha256.into(),
        }
    }
}

/// The fields read from a receipt, an invoice or an order e-mail, each `null` when not found. Amounts are in `currency`; a refund's are negative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    /// Name of the shop or company.
    pub merchant: Option<String>,
    /// Date of the transaction, ISO 8601 (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The grand total paid (tax and tip included).
    pub total: Option<f64>,
    /// ISO 4217 code of the amounts.
    pub currency: Option<String>,
    /// Sum of the items before tax and tip, when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtotal: Option<f64>,
    /// Tax (VAT, sales tax), added or included, when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<f64>,
    /// Tip, gratuity or service charge, when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip: Option<f64>,
    /// How it was paid, when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
    /// The item lines read, in order.
    pub line_items: Vec<ReceiptLineItem>,
    /// How sure the reader is of each main field, 0..1 (0 when not found).
    pub confidence: ReceiptConfidence,
    /// True when a main field is missing or below 0.6 confidence: show it to the user.
    pub needs_review: bool,
}

impl Receipt {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        merchant: impl Into<Option<String>>,
        date: impl Into<Option<String>>,
        total: impl Into<Option<f64>>,
        currency: impl Into<Option<String>>,
        line_items: impl Into<Vec<ReceiptLineItem>>,
        confidence: impl Into<ReceiptConfidence>,
        needs_review: impl Into<bool>,
    ) -> Self {
        Self {
            merchant: merchant.into(),
            date: date.into(),
            total: total.into(),
            currency: currency.into(),
            subtotal: None,
            tax: None,
            tip: None,
            payment_method: None,
            line_items: line_items.into(),
            confidence: confidence.into(),
            needs_review: needs_review.into(),
        }
    }
}

/// How sure the reader is of each main field, 0..1 (0 when not found).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReceiptConfidence {
    pub merchant: f64,
    pub date: f64,
    pub total: f64,
    pub currency: f64,
}

impl ReceiptConfidence {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        merchant: impl Into<f64>,
        date: impl Into<f64>,
        total: impl Into<f64>,
        currency: impl Into<f64>,
    ) -> Self {
        Self {
            merchant: merchant.into(),
            date: date.into(),
            total: total.into(),
            currency: currency.into(),
        }
    }
}

/// ReceiptLineItem
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReceiptLineItem {
    pub description: String,
    /// When printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<f64>,
    /// The line's amount (quantity times unit price).
    pub amount: f64,
}

impl ReceiptLineItem {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(description: impl Into<String>, amount: impl Into<f64>) -> Self {
        Self {
            description: description.into(),
            quantity: None,
            amount: amount.into(),
        }
    }
}

/// SearchSimilarInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchSimilarInput {
    /// Find entries similar to this text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Find entries similar to this entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<Uuid>,
    /// With `entry_id`: which of its embedded sidecars to compare with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sidecar: Option<String>,
    /// How many entries to return at most (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<i64>,
    /// Only entries of this type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_type: Option<String>,
    /// Only entries whose path starts with this string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
}

/// SearchSimilarOutput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchSimilarOutput {
    /// Best first.
    pub results: Vec<SimilarEntry>,
    /// The embedding model whose vectors were searched.
    pub model: String,
}

impl SearchSimilarOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(results: impl Into<Vec<SimilarEntry>>, model: impl Into<String>) -> Self {
        Self {
            results: results.into(),
            model: model.into(),
        }
    }
}

/// `sidecar_checksum` takes no parameters: the whole library is checked.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SidecarChecksumParams {}

/// What `sidecar_checksum` found. Problems are all counted; at most 100 of each kind are listed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SidecarChecksumResult {
    /// Sidecars checked.
    pub checked: i64,
    /// Sidecars whose size and SHA-256 match their row.
    pub ok: i64,
    /// Mismatched plus missing sidecars.
    pub problems: i64,
    /// Sidecars whose bytes differ from what their row records.
    pub mismatched: Vec<SidecarMismatch>,
    /// Sidecars whose file is gone.
    pub missing: Vec<SidecarLocation>,
}

impl SidecarChecksumResult {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        checked: impl Into<i64>,
        ok: impl Into<i64>,
        problems: impl Into<i64>,
        mismatched: impl Into<Vec<SidecarMismatch>>,
        missing: impl Into<Vec<SidecarLocation>>,
    ) -> Self {
        Self {
            checked: checked.into(),
            ok: ok.into(),
            problems: problems.into(),
            mismatched: mismatched.into(),
            missing: missing.into(),
        }
    }
}

/// `sidecar.deleted`: a sidecar was deleted (`vdfs.delete_sidecar`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SidecarDeletedEvent {
    /// Names of the events an extension can subscribe to.
    pub event: EventName,
    /// Position of the event in the host's emission order (from 1 for each host start).
    pub sequence: i64,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub emitted_at: String,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
    /// Causal depth (see `EntryCreatedEvent.depth`).
    pub depth: i64,
    /// `sequence` of the causing event; null at depth 0.
    pub caused_by: Option<i64>,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// The deleted sidecar's file name.
    pub filename: String,
}

impl SidecarDeletedEvent {
    /// A value with the required fields set and every optional field `None`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        event: impl Into<EventName>,
        sequence: impl Into<i64>,
        emitted_at: impl Into<String>,
        library_id: impl Into<Uuid>,
        depth: impl Into<i64>,
        caused_by: impl Into<Option<i64>>,
        entry_id: impl Into<Uuid>,
        filename: impl Into<String>,
    ) -> Self {
        Self {
            event: event.into(),
            sequence: sequence.into(),
            emitted_at: emitted_at.into(),
            library_id: library_id.into(),
            depth: depth.into(),
            caused_by: caused_by.into(),
            entry_id: entry_id.into(),
            filename: filename.into(),
        }
    }
}

/// What the bytes of a sidecar are: `json` (UTF-8 JSON, checked on write), `text` (UTF-8 text, checked on write) or `binary` (anything).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum SidecarFormat {
    #[serde(rename = "json")]
    Json,
    #[serde(rename = "text")]
    Text,
    #[serde(rename = "binary")]
    Binary,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl SidecarFormat {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            SidecarFormat::Json => "json",
            SidecarFormat::Text => "text",
            SidecarFormat::Binary => "binary",
            SidecarFormat::Unknown => "unknown",
        }
    }
}

/// What is stored about one sidecar file of an entry (its bytes are read with `vdfs.read_sidecar`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SidecarInfo {
    /// Sidecar file name, e.g. `receipt.json`.
    pub filename: String,
    /// What the bytes of a sidecar are: `json` (UTF-8 JSON, checked on write), `text` (UTF-8 text, checked on write) or `binary` (anything).
    pub format: SidecarFormat,
    /// Size in bytes.
    pub size: i64,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub updated_at: String,
}

impl SidecarInfo {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        filename: impl Into<String>,
        format: impl Into<SidecarFormat>,
        size: impl Into<i64>,
        sha256: impl Into<String>,
        updated_at: impl Into<String>,
    ) -> Self {
        Self {
            filename: filename.into(),
            format: format.into(),
            size: size.into(),
            sha256: sha256.into(),
            updated_at: updated_at.into(),
        }
    }
}

/// One sidecar of one entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SidecarLocation {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    pub filename: String,
}

impl SidecarLocation {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entry_id: impl Into<Uuid>, filename: impl Into<String>) -> Self {
        Self {
            entry_id: entry_id.into(),
            filename: filename.into(),
        }
    }
}

/// A sidecar whose file does not match its row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SidecarMismatch {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    pub filename: String,
    /// SHA-256 the row records.
    pub expected: String,
    /// SHA-256 of the file's bytes.
    pub actual: String,
    /// Size of the file in bytes.
    pub size: i64,
}

impl SidecarMismatch {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        entry_id: impl Into<Uuid>,
        filename: impl Into<String>,
        expected: impl Into<String>,
        actual: impl Into<String>,
        size: impl Into<i64>,
    ) -> Self {
        Self {
            entry_id: entry_id.into(),
            filename: filename.into(),
            expected: expected.into(),
            actual: actual.into(),
            size: size.into(),
        }
    }
}

/// `sidecar.written`: a sidecar was created or replaced (`vdfs.write_sidecar`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SidecarWrittenEvent {
    /// Names of the events an extension can subscribe to.
    pub event: EventName,
    /// Position of the event in the host's emission order (from 1 for each host start).
    pub sequence: i64,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub emitted_at: String,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
    /// Causal depth (see `EntryCreatedEvent.depth`).
    pub depth: i64,
    /// `sequence` of the causing event; null at depth 0.
    pub caused_by: Option<i64>,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// What is stored about one sidecar file of an entry (its bytes are read with `vdfs.read_sidecar`).
    pub sidecar: SidecarInfo,
}

impl SidecarWrittenEvent {
    /// A value with the required fields set and every optional field `None`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        event: impl Into<EventName>,
        sequence: impl Into<i64>,
        emitted_at: impl Into<String>,
        library_id: impl Into<Uuid>,
        depth: impl Into<i64>,
        caused_by: impl Into<Option<i64>>,
        entry_id: impl Into<Uuid>,
        sidecar: impl Into<SidecarInfo>,
    ) -> Self {
        Self {
            event: event.into(),
            sequence: sequence.into(),
            emitted_at: emitted_at.into(),
            library_id: library_id.into(),
            depth: depth.into(),
            caused_by: caused_by.into(),
            entry_id: entry_id.into(),
            sidecar: sidecar.into(),
        }
    }
}

/// SimilarEntry
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarEntry {
    /// An entry of the virtual distributed file system (VDFS) of a library.
    pub entry: Entry,
    /// The entry's sidecar whose embedding matched best.
    pub sidecar: String,
    /// Cosine similarity (1 = same direction).
    pub score: f64,
}

impl SimilarEntry {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entry: impl Into<Entry>, sidecar: impl Into<String>, score: impl Into<f64>) -> Self {
        Self {
            entry: entry.into(),
            sidecar: sidecar.into(),
            score: score.into(),
        }
    }
}

/// StoreCredentialInput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreCredentialInput {
    /// Name of the credential in the caller's scope, chosen by the extension, e.g. `gmail`.
    pub credential_id: String,
    /// What a credential holds: `oauth2` (an access token, refreshed by the host when it can), `api_key` or `basic` (user name and password).
    pub kind: CredentialKind,
    /// An OAuth2 token as stored by an extension, with what the host needs to refresh it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2: Option<OAuth2Credential>,
    /// An API key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<ApiKeyCredential>,
    /// A user name and password (e.g. for HTTP Basic or WebDAV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic: Option<BasicCredential>,
}

impl StoreCredentialInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(credential_id: impl Into<String>, kind: impl Into<CredentialKind>) -> Self {
        Self {
            credential_id: credential_id.into(),
            kind: kind.into(),
            oauth2: None,
            api_key: None,
            basic: None,
        }
    }
}

/// StoreCredentialOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreCredentialOutput {
    /// Name of the credential in the caller's scope, chosen by the extension, e.g. `gmail`.
    pub credential_id: String,
    /// What a credential holds: `oauth2` (an access token, refreshed by the host when it can), `api_key` or `basic` (user name and password).
    pub kind: CredentialKind,
    /// Whether a credential with this id existed and was replaced.
    pub replaced: bool,
}

impl StoreCredentialOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        credential_id: impl Into<String>,
        kind: impl Into<CredentialKind>,
        replaced: impl Into<bool>,
    ) -> Self {
        Self {
            credential_id: credential_id.into(),
            kind: kind.into(),
            replaced: replaced.into(),
        }
    }
}

/// UpdateMetadataInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UpdateMetadataInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// Free-form JSON metadata of an entry: a map from key to any JSON value.
    pub metadata: BTreeMap<String, Value>,
    /// How to apply `metadata` (default `merge`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<MetadataUpdateMode>,
}

impl UpdateMetadataInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(entry_id: impl Into<Uuid>, metadata: impl Into<BTreeMap<String, Value>>) -> Self {
        Self {
            entry_id: entry_id.into(),
            metadata: metadata.into(),
            mode: None,
        }
    }
}

/// UpdateMetadataOutput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UpdateMetadataOutput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// Free-form JSON metadata of an entry: a map from key to any JSON value.
    pub metadata: BTreeMap<String, Value>,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub updated_at: String,
}

impl UpdateMetadataOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        entry_id: impl Into<Uuid>,
        metadata: impl Into<BTreeMap<String, Value>>,
        updated_at: impl Into<String>,
    ) -> Self {
        Self {
            entry_id: entry_id.into(),
            metadata: metadata.into(),
            updated_at: updated_at.into(),
        }
    }
}

/// WriteSidecarInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WriteSidecarInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// Sidecar file name, e.g. `receipt.json`.
    pub filename: String,
    /// The file's bytes, base64-encoded on the wire.
    pub data: Bytes,
    /// What the bytes are (default: guessed from the extension: `.json` -> json, `.txt`/`.md` -> text, else binary).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<SidecarFormat>,
}

impl WriteSidecarInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        entry_id: impl Into<Uuid>,
        filename: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        Self {
            entry_id: entry_id.into(),
            filename: filename.into(),
            data: data.into(),
            format: None,
        }
    }
}

/// WriteSidecarOutput
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WriteSidecarOutput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    pub filename: String,
    /// What the bytes of a sidecar are: `json` (UTF-8 JSON, checked on write), `text` (UTF-8 text, checked on write) or `binary` (anything).
    pub format: SidecarFormat,
    /// Size in bytes.
    pub size: i64,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
}

impl WriteSidecarOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        entry_id: impl Into<Uuid>,
        filename: impl Into<String>,
        format: impl Into<SidecarFormat>,
        size: impl Into<i64>,
        sha256: impl Into<String>,
    ) -> Self {
        Self {
            entry_id: entry_id.into(),
            filename: filename.into(),
            format: format.into(),
            size: size.into(),
            sha256: sha256.into(),
        }
    }
}
