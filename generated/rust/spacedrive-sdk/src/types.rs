//! Wire types, generated from `schema/` by `sdext codegen`. DO NOT EDIT.
//!
//! Every type, field and enum value is documented from its schema's `description` (and
//! `x-descriptions` for enum values). Optional fields are `Option`s left out of the JSON when
//! `None`; every enum has an `Unknown` fallback for values a newer host may send.
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
    /// `embedded`: the host's own engines (Tesseract, ONNX embeddings, rules), offline.
    #[serde(rename = "embedded")]
    Embedded,
    /// `openai`: an OpenAI-compatible HTTP API the host is configured with.
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
    /// The API key (never logged, never handed back).
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `16384`.
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
    /// The user name.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `1024`.
    pub username: String,
    /// The password (never logged, never handed back).
    ///
    /// Constraints (checked by the host): `maxLength` `16384`.
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

/// Input of `action:jobs.cancel.input.v1` (`SpacedriveClient::cancel_job`): Ask a job to stop.
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

/// Output of `action:jobs.cancel.input.v1` (`SpacedriveClient::cancel_job`): Ask a job to stop.
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

/// A label to rank the text against.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ClassLabel {
    /// The label, as answered in `labels`.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `200`.
    pub name: String,
    /// One line on what the label means; improves the choice markedly.
    ///
    /// Constraints (checked by the host): `maxLength` `2000`.
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
    /// `embedding_similarity`: labels ranked by the cosine similarity of sentence embeddings.
    #[serde(rename = "embedding_similarity")]
    EmbeddingSimilarity,
    /// `rule_based_extraction`: fields extracted by the host's receipt rules.
    #[serde(rename = "rule_based_extraction")]
    RuleBasedExtraction,
    /// `llm`: answered by the configured OpenAI-compatible model.
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

/// Input of `query:ai.classify_text.v1` (`SpacedriveClient::classify_text`): Classify a text among labels, or extract fields from it as JSON.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ClassifyTextInput {
    /// The text to classify or read, e.g. an OCR result.
    ///
    /// Constraints (checked by the host): `maxLength` `200000`.
    pub text: String,
    /// The instruction, e.g. `Extract receipt data` (used by LLM backends).
    ///
    /// Constraints (checked by the host): `maxLength` `4000`.
    pub prompt: String,
    /// Candidate labels: classify among these.
    ///
    /// Constraints (checked by the host): `minItems` `1`, `maxItems` `200`.
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

/// Output of `query:ai.classify_text.v1` (`SpacedriveClient::classify_text`): Classify a text among labels, or extract fields from it as JSON.
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

/// Input of `action:vdfs.create_entry.input.v1` (`SpacedriveClient::create_entry`): Create an entry in the library's VDFS.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateEntryInput {
    /// Display name.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `1024`.
    pub name: String,
    /// Virtual path inside the library.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `4096`.
    pub path: String,
    /// Type of the entry, e.g. `FinancialDocument`.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `128`.
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

/// Output of `action:vdfs.create_entry.input.v1` (`SpacedriveClient::create_entry`): Create an entry in the library's VDFS.
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

/// Input of `action:libraries.create.input.v1` (`SpacedriveClient::create_library`): Create a library.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateLibraryInput {
    /// Display name.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `256`.
    pub name: String,
}

impl CreateLibraryInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into() }
    }
}

/// Output of `action:libraries.create.input.v1` (`SpacedriveClient::create_library`): Create a library.
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
    /// `oauth2`: an OAuth2 access token, optionally refreshable.
    #[serde(rename = "oauth2")]
    Oauth2,
    /// `api_key`: an API key sent in a header.
    #[serde(rename = "api_key")]
    ApiKey,
    /// `basic`: a user name and password.
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

/// Input of `action:credentials.delete.input.v1` (`SpacedriveClient::delete_credential`): Delete a credential of the calling extension.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeleteCredentialInput {
    /// Name of the credential in the caller's scope, chosen by the extension, e.g. `gmail`.
    ///
    /// Constraints (checked by the host): `pattern` `"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$"`.
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

/// Output of `action:credentials.delete.input.v1` (`SpacedriveClient::delete_credential`): Delete a credential of the calling extension.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeleteCredentialOutput {
    /// Name of the credential in the caller's scope, chosen by the extension, e.g. `gmail`.
    ///
    /// Constraints (checked by the host): `pattern` `"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$"`.
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

/// Input of `action:vdfs.delete_sidecar.input.v1` (`SpacedriveClient::delete_sidecar`): Delete a sidecar file of an entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeleteSidecarInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// The sidecar's file name.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `255`.
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

/// Output of `action:vdfs.delete_sidecar.input.v1` (`SpacedriveClient::delete_sidecar`): Delete a sidecar file of an entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeleteSidecarOutput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// The deleted sidecar's file name.
    pub filename: String,
    /// Bytes given back to the library's quota.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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

/// Input of `action:jobs.dispatch.input.v1` (`SpacedriveClient::dispatch_job`): Start a core job on the library.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DispatchJobInput {
    /// A registered job type, e.g. `sidecar_checksum`.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `64`, `pattern` `"^[a-z][a-z0-9_]*$"`.
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

/// Output of `action:jobs.dispatch.input.v1` (`SpacedriveClient::dispatch_job`): Start a core job on the library.
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
    /// The sidecar that could not be embedded.
    pub filename: String,
    /// Why it could not be embedded.
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
    ///
    /// Constraints (checked by the host): `minItems` `1`, `maxItems` `100`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sidecars: Option<Vec<String>>,
    /// Texts per embedding call (default 32).
    ///
    /// Constraints (checked by the host): `minimum` `1`, `maximum` `256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<i64>,
}

/// What `embed_sidecars` did. Sidecars already embedded with the same content and model are skipped, so a second run after a cancel or a restart goes on where the first stopped. Failures are all counted; at most 100 are listed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EmbedSidecarsResult {
    /// The embedding model whose vectors were stored.
    pub model: String,
    /// Sidecars embedded and stored by this run.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub embedded: i64,
    /// Sidecars already embedded with their current content.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub skipped: i64,
    /// Sidecars whose file could not be read.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub failures: i64,
    /// The first failed sidecars, with why.
    ///
    /// Constraints (checked by the host): `maxItems` `100`.
    pub failed: Vec<EmbedSidecarsFailure>,
    /// Vectors of this model the library holds now.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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
    ///
    /// Constraints (checked by the host): `minimum` `1`.
    pub sequence: i64,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub emitted_at: String,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
    /// 0 for an event caused from outside any event callback; one more than its cause for an event caused by an operation an event callback made.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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
    ///
    /// Constraints (checked by the host): `minimum` `1`.
    pub sequence: i64,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub emitted_at: String,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
    /// Causal depth (see `EntryCreatedEvent.depth`).
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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

/// What went wrong: a code of the closed set, a message for people and optional details.
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
    /// `invalid_json`: The payload is not valid UTF-8 JSON, or the method string is not UTF-8.
    #[serde(rename = "invalid_json")]
    InvalidJson,
    /// `invalid_input`: The payload is JSON but does not match the operation's input schema; `details` lists each problem with its location. On the daemon RPC also a malformed HTTP request or `X-Spacedrive-Library` header (status 400).
    #[serde(rename = "invalid_input")]
    InvalidInput,
    /// `unknown_method`: No operation with this method string is registered. On the daemon RPC also a path outside `/v1/operations/` (404) or an HTTP method other than POST (405, with `Allow`).
    #[serde(rename = "unknown_method")]
    UnknownMethod,
    /// `invalid_pointer`: A pointer/length pair passed by the guest lies outside its linear memory (or wraps around).
    #[serde(rename = "invalid_pointer")]
    InvalidPointer,
    /// `permission_denied`: The extension's manifest does not allow this method or library. On the daemon RPC also a missing or wrong bearer token (status 401).
    #[serde(rename = "permission_denied")]
    PermissionDenied,
    /// `library_required`: The operation is library-scoped and no library id was given.
    #[serde(rename = "library_required")]
    LibraryRequired,
    /// `library_not_found`: No library with this id exists.
    #[serde(rename = "library_not_found")]
    LibraryNotFound,
    /// `not_found`: The entry, sidecar or other object named in the input does not exist.
    #[serde(rename = "not_found")]
    NotFound,
    /// `conflict`: The request conflicts with the current state (e.g. a duplicate).
    #[serde(rename = "conflict")]
    Conflict,
    /// `rate_limited`: The extension exceeded its rate limit; retry later.
    #[serde(rename = "rate_limited")]
    RateLimited,
    /// `resource_exhausted`: A resource limit (memory, the job queue) was reached; storage limits have their own codes. On the daemon RPC also: every connection up to the cap is running a request.
    #[serde(rename = "resource_exhausted")]
    ResourceExhausted,
    /// `payload_too_large`: The request or response payload exceeds its size cap. On the daemon RPC: a request body over the daemon's cap.
    #[serde(rename = "payload_too_large")]
    PayloadTooLarge,
    /// `sidecar_too_large`: The sidecar is larger than the host's per-sidecar limit (`vdfs.max_sidecar_bytes`); nothing was written. `details` has `limit` and `size`.
    #[serde(rename = "sidecar_too_large")]
    SidecarTooLarge,
    /// `library_quota_exceeded`: Storing the sidecar would take the library over its storage quota (`vdfs.max_library_bytes`); nothing was written. `details` has `limit`, `used` and `needed`.
    #[serde(rename = "library_quota_exceeded")]
    LibraryQuotaExceeded,
    /// `timeout`: The operation did not finish within its time budget. On the daemon RPC also a request body not received within the read deadline (status 408).
    #[serde(rename = "timeout")]
    Timeout,
    /// `upstream_error`: A remote service used by the operation failed.
    #[serde(rename = "upstream_error")]
    UpstreamError,
    /// `internal`: A bug or unexpected failure in the host; the message carries no internals.
    #[serde(rename = "internal")]
    Internal,
    /// `blocked_address`: An outbound request would reach a private, loopback, link-local, CGNAT, multicast, unspecified or cloud-metadata address (checked after DNS resolution and on every redirect) that the host configuration does not allow.
    #[serde(rename = "blocked_address")]
    BlockedAddress,
    /// `response_too_large`: An upstream response body exceeds the size cap of the request or of the host configuration.
    #[serde(rename = "response_too_large")]
    ResponseTooLarge,
    /// `manifest_invalid`: Extension load: the manifest is not valid JSON, breaks its schema, or asks for more than a host ceiling (the message names the field).
    #[serde(rename = "manifest_invalid")]
    ManifestInvalid,
    /// `wasm_missing`: Extension load: the module file the manifest names does not exist.
    #[serde(rename = "wasm_missing")]
    WasmMissing,
    /// `wasm_invalid`: Extension load: the file is not a valid WebAssembly module (or cannot be compiled).
    #[serde(rename = "wasm_invalid")]
    WasmInvalid,
    /// `abi_mismatch`: Extension load: the module's `spacedrive_abi` section is missing, malformed or names another ABI version, or it imports functions this host does not provide.
    #[serde(rename = "abi_mismatch")]
    AbiMismatch,
    /// `missing_export`: Extension: a required export (`memory`, `wasm_alloc`, `wasm_free`, an event callback, a called export) is missing.
    #[serde(rename = "missing_export")]
    MissingExport,
    /// `bad_export`: Extension: an export has the wrong kind or signature.
    #[serde(rename = "bad_export")]
    BadExport,
    /// `init_failed`: Extension load: `plugin_init` returned non-zero.
    #[serde(rename = "init_failed")]
    InitFailed,
    /// `trapped`: Extension: the guest trapped for a reason of its own (a bug: unreachable, out-of-bounds access, a panic).
    #[serde(rename = "trapped")]
    Trapped,
    /// `panicked`: Extension: the guest panicked; the message is the panic's own message and source location, as the SDK's panic hook reported them before the abort.
    #[serde(rename = "panicked")]
    Panicked,
    /// `time_limit`: Extension: a call ran past `time_per_call_ms` (epoch interruption).
    #[serde(rename = "time_limit")]
    TimeLimit,
    /// `memory_limit`: Extension: the guest's memory could not grow within `memory_bytes` (or its minimum exceeds it).
    #[serde(rename = "memory_limit")]
    MemoryLimit,
    /// `table_limit`: Extension: a table's minimum size exceeds `table_elements`.
    #[serde(rename = "table_limit")]
    TableLimit,
    /// `resource_limit`: Extension: the module declares more memories or tables than one store allows.
    #[serde(rename = "resource_limit")]
    ResourceLimit,
    /// `fuel_exhausted`: Extension: a call used up `fuel_per_call` (hosts that meter fuel).
    #[serde(rename = "fuel_exhausted")]
    FuelExhausted,
    /// `stack_overflow`: Extension: the wasm call stack, or the guest's own stack in linear memory, overflowed.
    #[serde(rename = "stack_overflow")]
    StackOverflow,
    /// `bad_answer`: Extension: a JSON export answered with something that is not a usable answer buffer or envelope.
    #[serde(rename = "bad_answer")]
    BadAnswer,
    /// `not_loaded`: Extension: no extension with this id is loaded (or it was unloaded).
    #[serde(rename = "not_loaded")]
    NotLoaded,
    /// `reentrant_call`: Extension: a thread that holds all of an extension's instances called into it again (it would deadlock).
    #[serde(rename = "reentrant_call")]
    ReentrantCall,
    /// `reentry_limit`: Extension: host calls nested deeper than the ABI allows (a guest function the host invoked while serving a host call, e.g. `wasm_alloc`, called the host again and again).
    #[serde(rename = "reentry_limit")]
    ReentryLimit,
    /// `host_error`: Extension: a host function failed unexpectedly while serving the guest; the call was aborted with a trap (a host bug, logged by the host).
    #[serde(rename = "host_error")]
    HostError,
    /// `backing_off`: Extension: calls are refused for a while after repeated failures (`retry_after_s` in the status).
    #[serde(rename = "backing_off")]
    BackingOff,
    /// `disabled`: Extension: too many consecutive failures; the extension is disabled until reloaded or enabled.
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

/// An error answer, `{"error": ErrorBody}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    /// The error.
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
    /// `entry.created`: an entry was created (payload `EntryCreatedEvent`).
    #[serde(rename = "entry.created")]
    EntryCreated,
    /// `entry.updated`: an entry's metadata changed (payload `EntryUpdatedEvent`).
    #[serde(rename = "entry.updated")]
    EntryUpdated,
    /// `sidecar.written`: a sidecar was written or replaced (payload `SidecarWrittenEvent`).
    #[serde(rename = "sidecar.written")]
    SidecarWritten,
    /// `sidecar.deleted`: a sidecar was deleted (payload `SidecarDeletedEvent`).
    #[serde(rename = "sidecar.deleted")]
    SidecarDeleted,
    /// `job.finished`: a job reached a final state (payload `JobFinishedEvent`).
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

/// Input of `query:ai.generate_embedding.v1` (`SpacedriveClient::generate_embedding`): Turn texts into L2-normalised embedding vectors.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GenerateEmbeddingInput {
    /// The texts to embed.
    ///
    /// Constraints (checked by the host): `minItems` `1`, `maxItems` `256`.
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

/// Output of `query:ai.generate_embedding.v1` (`SpacedriveClient::generate_embedding`): Turn texts into L2-normalised embedding vectors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenerateEmbeddingOutput {
    /// One unit-length vector per input text.
    pub embeddings: Vec<Vec<f64>>,
    /// The model that produced the vectors.
    pub model: String,
    /// Length of every vector.
    ///
    /// Constraints (checked by the host): `minimum` `1`.
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

/// Input of `query:credentials.get.v1` (`SpacedriveClient::get_credential`): Get a credential of the calling extension, refreshing an expiring OAuth2 token first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GetCredentialInput {
    /// Name of the credential in the caller's scope, chosen by the extension, e.g. `gmail`.
    ///
    /// Constraints (checked by the host): `pattern` `"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$"`.
    pub credential_id: String,
    /// Refresh an OAuth2 token that expires within this many seconds (default 60).
    ///
    /// Constraints (checked by the host): `minimum` `0`, `maximum` `86400`.
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

/// Output of `query:credentials.get.v1` (`SpacedriveClient::get_credential`): Get a credential of the calling extension, refreshing an expiring OAuth2 token first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetCredentialOutput {
    /// Name of the credential in the caller's scope, chosen by the extension, e.g. `gmail`.
    ///
    /// Constraints (checked by the host): `pattern` `"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$"`.
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

/// Input of `query:vdfs.get_entry.v1` (`SpacedriveClient::get_entry`): Read one entry of the library's VDFS.
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

/// Output of `query:vdfs.get_entry.v1` (`SpacedriveClient::get_entry`): Read one entry of the library's VDFS.
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

/// Input of `query:jobs.get_status.v1` (`SpacedriveClient::get_job_status`): Read a job's state, progress and result.
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

/// Output of `query:jobs.get_status.v1` (`SpacedriveClient::get_job_status`): Read a job's state, progress and result.
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

/// Input of `query:libraries.get.v1` (`SpacedriveClient::get_library`): Describe one library.
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

/// Output of `query:libraries.get.v1` (`SpacedriveClient::get_library`): Describe one library.
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
    /// The header name (case-insensitive).
    ///
    /// Constraints (checked by the host): `pattern` `"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$"`.
    pub name: String,
    /// The header value.
    ///
    /// Constraints (checked by the host): `maxLength` `65536`.
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

/// Input of `query:http.request.v1` (`SpacedriveClient::http_request`): Make an HTTP(S) request through the host's egress proxy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HttpRequestInput {
    /// HTTP method (default `GET`); `CONNECT` and `TRACE` are refused.
    ///
    /// Constraints (checked by the host): `pattern` `"^[A-Z][A-Z_-]{0,31}$"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Absolute `http` or `https` URL, without user info.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `8192`.
    pub url: String,
    /// Request headers. `Host`, `Content-Length`, `Transfer-Encoding`, `Connection` and other hop-by-hop headers are set by the host and refused here.
    ///
    /// Constraints (checked by the host): `maxItems` `128`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Vec<HttpHeader>>,
    /// Request body as bytes; or give `body_text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Bytes>,
    /// Request body as UTF-8 text; or give `body`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// Time for the whole exchange, redirects included (default and cap: host configuration; always capped by the caller's time budget).
    ///
    /// Constraints (checked by the host): `minimum` `1`, `maximum` `600000`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<i64>,
    /// Largest body to accept (default and cap: host configuration).
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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

/// Output of `query:http.request.v1` (`SpacedriveClient::http_request`): Make an HTTP(S) request through the host's egress proxy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HttpRequestOutput {
    /// The HTTP status of the final response (after redirects).
    ///
    /// Constraints (checked by the host): `minimum` `100`, `maximum` `999`.
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
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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
    ///
    /// Constraints (checked by the host): `minimum` `1`.
    pub sequence: i64,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub emitted_at: String,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
    /// Causal depth: one more than the event whose callback dispatched the job, else 0.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub done: i64,
    /// Units of work in all; null while unknown.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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
    /// `queued`: waiting for a worker.
    #[serde(rename = "queued")]
    Queued,
    /// `running`: running; `progress` moves.
    #[serde(rename = "running")]
    Running,
    /// `cancelling`: cancel requested; stops at its next checkpoint.
    #[serde(rename = "cancelling")]
    Cancelling,
    /// `cancelled`: stopped by a cancel request (final).
    #[serde(rename = "cancelled")]
    Cancelled,
    /// `completed`: finished; `result` holds its typed result (final).
    #[serde(rename = "completed")]
    Completed,
    /// `failed`: stopped by an error; `error` says which (final).
    #[serde(rename = "failed")]
    Failed,
    /// `interrupted`: the host stopped while it ran (final; marked on the next start).
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

/// A label and how well the text matches it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LabelScore {
    /// The label.
    pub label: String,
    /// How well the text matches it; higher is closer.
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
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub entry_count: i64,
    /// Number of sidecars of all entries.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub sidecar_count: i64,
    /// Bytes of sidecar data stored (the sum of the sidecars' sizes).
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub sidecar_bytes: i64,
    /// Bytes counted against `quota_bytes`: `sidecar_bytes` plus the rows of entries (metadata included) and sidecars.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub used_bytes: i64,
    /// The host's per-library limit on `used_bytes` (setting `vdfs.max_library_bytes`).
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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

/// Input of `query:credentials.list.v1` (`SpacedriveClient::list_credentials`): List the ids of the calling extension's credentials.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListCredentialsInput {
    /// `next_cursor` of the previous page.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `8192`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// Output of `query:credentials.list.v1` (`SpacedriveClient::list_credentials`): List the ids of the calling extension's credentials.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListCredentialsOutput {
    /// Ids of the calling extension's stored credentials.
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

/// Input of `query:vdfs.list_entries.v1` (`SpacedriveClient::list_entries`): List entries of the library's VDFS, filtered and paginated.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListEntriesInput {
    /// Only entries of this type.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `128`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_type: Option<String>,
    /// Only entries whose path starts with this string.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `4096`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    /// Page size (default 100).
    ///
    /// Constraints (checked by the host): `minimum` `1`, `maximum` `1000`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `8192`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// Output of `query:vdfs.list_entries.v1` (`SpacedriveClient::list_entries`): List entries of the library's VDFS, filtered and paginated.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListEntriesOutput {
    /// The entries of this page.
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

/// Input of `query:libraries.list.v1` (`SpacedriveClient::list_libraries`): List the libraries the caller may use.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListLibrariesInput {
    /// `next_cursor` of the previous page.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `8192`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// Output of `query:libraries.list.v1` (`SpacedriveClient::list_libraries`): List the libraries the caller may use.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListLibrariesOutput {
    /// The libraries the caller may use.
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

/// Input of `query:vdfs.list_sidecars.v1` (`SpacedriveClient::list_sidecars`): List the sidecar files of an entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListSidecarsInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// `next_cursor` of the previous page.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `8192`.
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

/// Output of `query:vdfs.list_sidecars.v1` (`SpacedriveClient::list_sidecars`): List the sidecar files of an entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListSidecarsOutput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// The entry's sidecars.
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
    /// Why the message was not imported.
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
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `255`, `pattern` `"^\\.?[^./\\\\\\x00-\\x1f\\x7f-\\x9f]+(?:\\.[^./\\\\\\x00-\\x1f\\x7f-\\x9f]+)*\\.?$"`.
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
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub messages: i64,
    /// Messages stored as new `Email` entries (or completed: an entry left without its `email.eml`).
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub imported: i64,
    /// Messages whose key already had an `Email` entry: imported before.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub skipped: i64,
    /// Messages that could not be stored.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub failures: i64,
    /// The first failed messages, with why.
    ///
    /// Constraints (checked by the host): `maxItems` `100`.
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
    /// `merge`: the given keys are set, the others kept.
    #[serde(rename = "merge")]
    Merge,
    /// `replace`: the metadata becomes exactly the given object.
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
    /// `client_secret_basic`: client id and secret in an HTTP Basic header at the token endpoint (RFC 6749 2.3.1).
    #[serde(rename = "client_secret_basic")]
    ClientSecretBasic,
    /// `client_secret_post`: client id and secret in the token request's form body.
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
    /// The current access token.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `16384`.
    pub access_token: String,
    /// Default `Bearer`.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `64`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Lets the host refresh the access token; needs `token_endpoint` and `client_id`.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `16384`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Seconds from now until the access token expires (as in a token response); or give `expires_at`.
    ///
    /// Constraints (checked by the host): `minimum` `0`, `maximum` `315360000`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// When the access token expires; or give `expires_in`. Neither: it never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// The `https` URL of the token endpoint; its host must be in the manifest's `permissions.allowed_domains`.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `2048`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_endpoint: Option<String>,
    /// The OAuth2 client id (needed to refresh).
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `1024`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Absent for public clients.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `4096`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// Default `client_secret_basic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_auth: Option<OAuth2ClientAuth>,
    /// Granted scopes; a refresh answer with a `scope` replaces them.
    ///
    /// Constraints (checked by the host): `maxItems` `100`.
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
    /// A valid access token (refreshed by the host when it was about to expire).
    pub access_token: String,
    /// e.g. `Bearer`: send `Authorization: <token_type> <access_token>`.
    pub token_type: String,
    /// Absent when the token does not expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Seconds left until `expires_at` (negative when expired and not refreshable); absent with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// Scopes granted.
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
    /// Why the entry could not be read.
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
    ///
    /// Constraints (checked by the host): `minItems` `1`, `maxItems` `1000`.
    pub entry_ids: Vec<Uuid>,
    /// The sidecar holding each entry's document, e.g. `scan.png` or `statement.pdf`.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `255`, `pattern` `"^\\.?[^./\\\\\\x00-\\x1f\\x7f-\\x9f]+(?:\\.[^./\\\\\\x00-\\x1f\\x7f-\\x9f]+)*\\.?$"`.
    pub source: String,
    /// The text sidecar written for each entry (default `ocr.txt`).
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `255`, `pattern` `"^\\.?[^./\\\\\\x00-\\x1f\\x7f-\\x9f]+(?:\\.[^./\\\\\\x00-\\x1f\\x7f-\\x9f]+)*\\.?$"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// Tesseract language(s), e.g. `eng+deu` (default: the host's `ai.ocr_language`).
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `64`.
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
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub processed: i64,
    /// Characters recognised in all.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub characters: i64,
    /// Entries that failed.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub failures: i64,
    /// The first failed entries, with why.
    ///
    /// Constraints (checked by the host): `maxItems` `100`.
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

/// Input of `query:ai.ocr.v1` (`SpacedriveClient::ocr`): Recognise the text of an image or a PDF.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OcrInput {
    /// The document's bytes (base64 on the wire).
    pub data: Bytes,
    /// Type hint, e.g. `application/pdf`; used only when the bytes do not tell.
    ///
    /// Constraints (checked by the host): `maxLength` `255`.
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
    /// `single_column`: each row read across the page (receipts, invoices, forms); the default.
    #[serde(rename = "single_column")]
    SingleColumn,
    /// `auto`: columns and blocks found first (articles, multi-column pages).
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
    ///
    /// Constraints (checked by the host): `maxLength` `64`, `pattern` `"^[A-Za-z0-9_]+(\\+[A-Za-z0-9_]+)*$"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Recognise PDF pages even when they have a text layer (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_ocr: Option<bool>,
    /// Read at most this many PDF pages (default and upper bound: the host's `ai.ocr_max_pages`, 50).
    ///
    /// Constraints (checked by the host): `minimum` `1`, `maximum` `1000`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pages: Option<i64>,
    /// Prepare photos and scans before recognition (default true): lighting flattened, page deskewed, small text scaled up. False recognises the pixels as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preprocess: Option<bool>,
    /// How Tesseract segments an image or scanned page: `single_column` (default) reads each row across the page, so a price stays on its item's line (receipts, invoices, forms); `auto` finds columns and blocks (articles, multi-column pages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<OcrLayout>,
}

/// Output of `query:ai.ocr.v1` (`SpacedriveClient::ocr`): Recognise the text of an image or a PDF.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OcrOutput {
    /// The text of all pages read, pages separated by a blank line.
    pub text: String,
    /// Overall confidence: the page confidences weighted by text length (0 when no text was found).
    ///
    /// Constraints (checked by the host): `minimum` `0`, `maximum` `1`.
    pub confidence: f64,
    /// One result per page read, in order.
    pub pages: Vec<OcrPage>,
    /// Pages in the document (more than `pages` holds when `max_pages` cut it short).
    ///
    /// Constraints (checked by the host): `minimum` `1`.
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

/// The text of one page (an image is one page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrPage {
    /// Page number, from 1.
    ///
    /// Constraints (checked by the host): `minimum` `1`.
    pub page: i64,
    /// The page's text.
    pub text: String,
    /// 1 for a text layer; Tesseract's mean word confidence for recognised pages.
    ///
    /// Constraints (checked by the host): `minimum` `0`, `maximum` `1`.
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
    /// `text_layer`: the PDF page's own text layer, no OCR needed.
    #[serde(rename = "text_layer")]
    TextLayer,
    /// `ocr`: recognised from the rendered page or image by Tesseract.
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
    /// `card`: a debit or credit card.
    #[serde(rename = "card")]
    Card,
    /// `cash`: cash.
    #[serde(rename = "cash")]
    Cash,
    /// `mobile`: a phone wallet (Apple Pay, Google Pay, ...).
    #[serde(rename = "mobile")]
    Mobile,
    /// `paypal`: PayPal.
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

/// Input of `query:core.ping.v1` (`SpacedriveClient::ping`): Echo a message back: a smoke test of the whole call path.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PingInput {
    /// Text to echo.
    ///
    /// Constraints (checked by the host): `maxLength` `4096`.
    pub message: String,
    /// How many times to repeat the message (default 1).
    ///
    /// Constraints (checked by the host): `minimum` `1`, `maximum` `100`.
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

/// Output of `query:core.ping.v1` (`SpacedriveClient::ping`): Echo a message back: a smoke test of the whole call path.
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

/// Input of `query:vdfs.read_sidecar.v1` (`SpacedriveClient::read_sidecar`): Read a sidecar file of an entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReadSidecarInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// The sidecar's file name.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `255`.
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

/// Output of `query:vdfs.read_sidecar.v1` (`SpacedriveClient::read_sidecar`): Read a sidecar file of an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadSidecarOutput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// The sidecar's file name.
    pub filename: String,
    /// What the bytes of a sidecar are: `json` (UTF-8 JSON, checked on write), `text` (UTF-8 text, checked on write) or `binary` (anything).
    pub format: SidecarFormat,
    /// The sidecar's bytes.
    pub data: Bytes,
    /// Its size in bytes.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub size: i64,
    /// SHA-256 of the bytes, lower-case hex.
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
    /// Confidence of `merchant`, 0 to 1.
    ///
    /// Constraints (checked by the host): `minimum` `0`, `maximum` `1`.
    pub merchant: f64,
    /// Confidence of `date`, 0 to 1.
    ///
    /// Constraints (checked by the host): `minimum` `0`, `maximum` `1`.
    pub date: f64,
    /// Confidence of `total`, 0 to 1.
    ///
    /// Constraints (checked by the host): `minimum` `0`, `maximum` `1`.
    pub total: f64,
    /// Confidence of `currency`, 0 to 1.
    ///
    /// Constraints (checked by the host): `minimum` `0`, `maximum` `1`.
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

/// One line of the receipt.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReceiptLineItem {
    /// What was bought, as printed.
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

/// Input of `query:ai.search_similar.v1` (`SpacedriveClient::search_similar`): Find the k entries whose embedded sidecars are most similar to a text or to an entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchSimilarInput {
    /// Find entries similar to this text.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `100000`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Find entries similar to this entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<Uuid>,
    /// With `entry_id`: which of its embedded sidecars to compare with.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `255`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sidecar: Option<String>,
    /// How many entries to return at most (default 10).
    ///
    /// Constraints (checked by the host): `minimum` `1`, `maximum` `1000`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<i64>,
    /// Only entries of this type.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `128`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_type: Option<String>,
    /// Only entries whose path starts with this string.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `4096`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
}

/// Output of `query:ai.search_similar.v1` (`SpacedriveClient::search_similar`): Find the k entries whose embedded sidecars are most similar to a text or to an entry.
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
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub checked: i64,
    /// Sidecars whose size and SHA-256 match their row.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub ok: i64,
    /// Mismatched plus missing sidecars.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub problems: i64,
    /// Sidecars whose bytes differ from what their row records.
    ///
    /// Constraints (checked by the host): `maxItems` `100`.
    pub mismatched: Vec<SidecarMismatch>,
    /// Sidecars whose file is gone.
    ///
    /// Constraints (checked by the host): `maxItems` `100`.
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
    ///
    /// Constraints (checked by the host): `minimum` `1`.
    pub sequence: i64,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub emitted_at: String,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
    /// Causal depth (see `EntryCreatedEvent.depth`).
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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
    /// `json`: UTF-8 JSON.
    #[serde(rename = "json")]
    Json,
    /// `text`: UTF-8 text.
    #[serde(rename = "text")]
    Text,
    /// `binary`: anything else (images, PDFs, raw mail).
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
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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
    /// The sidecar's file name.
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
    /// The sidecar's file name.
    pub filename: String,
    /// SHA-256 the row records.
    pub expected: String,
    /// SHA-256 of the file's bytes.
    pub actual: String,
    /// Size of the file in bytes.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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
    ///
    /// Constraints (checked by the host): `minimum` `1`.
    pub sequence: i64,
    /// An RFC 3339 UTC timestamp, e.g. `2026-03-03T10:00:00Z`.
    pub emitted_at: String,
    /// A UUID in its canonical lower-case hyphenated text form.
    pub library_id: Uuid,
    /// Causal depth (see `EntryCreatedEvent.depth`).
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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

/// An entry similar to the query, with its score.
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

/// Input of `action:credentials.store.input.v1` (`SpacedriveClient::store_credential`): Store (create or replace) a credential of the calling extension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreCredentialInput {
    /// Name of the credential in the caller's scope, chosen by the extension, e.g. `gmail`.
    ///
    /// Constraints (checked by the host): `pattern` `"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$"`.
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

/// Output of `action:credentials.store.input.v1` (`SpacedriveClient::store_credential`): Store (create or replace) a credential of the calling extension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreCredentialOutput {
    /// Name of the credential in the caller's scope, chosen by the extension, e.g. `gmail`.
    ///
    /// Constraints (checked by the host): `pattern` `"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$"`.
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

/// Input of `action:vdfs.update_metadata.input.v1` (`SpacedriveClient::update_metadata`): Update an entry's metadata.
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

/// Output of `action:vdfs.update_metadata.input.v1` (`SpacedriveClient::update_metadata`): Update an entry's metadata.
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

/// Input of `action:vdfs.write_sidecar.input.v1` (`SpacedriveClient::write_sidecar`): Write (create or replace) a sidecar file of an entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WriteSidecarInput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// Sidecar file name, e.g. `receipt.json`.
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `255`.
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

/// Output of `action:vdfs.write_sidecar.input.v1` (`SpacedriveClient::write_sidecar`): Write (create or replace) a sidecar file of an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WriteSidecarOutput {
    /// A UUID in its canonical lower-case hyphenated text form.
    pub entry_id: Uuid,
    /// The written sidecar's file name.
    pub filename: String,
    /// What the bytes of a sidecar are: `json` (UTF-8 JSON, checked on write), `text` (UTF-8 text, checked on write) or `binary` (anything).
    pub format: SidecarFormat,
    /// Size in bytes.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
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
