//! Wire types, generated from `schema/` by `sdext codegen`. DO NOT EDIT.
#![allow(clippy::derive_partial_eq_without_eq)]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::bytes::Bytes;
use crate::uuid::Uuid;

/// Which kind of engine answered an AI operation: `embedded` (runs inside the host on CPU, from installed packages) or `openai` (an OpenAI-compatible server named in the host configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AiBackend {
    #[serde(rename = "embedded")]
    Embedded,
    #[serde(rename = "openai")]
    Openai,
}

impl AiBackend {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            AiBackend::Embedded => "embedded",
            AiBackend::Openai => "openai",
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
pub enum ClassifyMethod {
    #[serde(rename = "embedding_similarity")]
    EmbeddingSimilarity,
    #[serde(rename = "rule_based_extraction")]
    RuleBasedExtraction,
    #[serde(rename = "llm")]
    Llm,
}

impl ClassifyMethod {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            ClassifyMethod::EmbeddingSimilarity => "embedding_similarity",
            ClassifyMethod::RuleBasedExtraction => "rule_based_extraction",
            ClassifyMethod::Llm => "llm",
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

/// What a credential holds: `oauth2` (an access token, refreshed by the host when it can), `api_key` or `basic` (user name and password).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CredentialKind {
    #[serde(rename = "oauth2")]
    Oauth2,
    #[serde(rename = "api_key")]
    ApiKey,
    #[serde(rename = "basic")]
    Basic,
}

impl CredentialKind {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            CredentialKind::Oauth2 => "oauth2",
            CredentialKind::ApiKey => "api_key",
            CredentialKind::Basic => "basic",
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

/// ErrorBody
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable, machine-readable error codes. Clients branch on these, never on messages.
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

/// Stable, machine-readable error codes. Clients branch on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// A code this SDK version does not know (sent by a newer host).
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
            ErrorCode::Timeout => "timeout",
            ErrorCode::UpstreamError => "upstream_error",
            ErrorCode::Internal => "internal",
            ErrorCode::BlockedAddress => "blocked_address",
            ErrorCode::ResponseTooLarge => "response_too_large",
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

/// ListCredentialsInput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListCredentialsInput {}

/// ListCredentialsOutput
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListCredentialsOutput {
    pub credential_ids: Vec<String>,
}

impl ListCredentialsOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(credential_ids: impl Into<Vec<String>>) -> Self {
        Self {
            credential_ids: credential_ids.into(),
        }
    }
}

/// How to apply `metadata` (default `merge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MetadataUpdateMode {
    #[serde(rename = "merge")]
    Merge,
    #[serde(rename = "replace")]
    Replace,
}

impl MetadataUpdateMode {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            MetadataUpdateMode::Merge => "merge",
            MetadataUpdateMode::Replace => "replace",
        }
    }
}

/// How the client authenticates at the token endpoint (RFC 6749 section 2.3.1): `client_secret_basic` (HTTP Basic, which every server must support) or `client_secret_post` (`client_id`/`client_secret` in the form body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OAuth2ClientAuth {
    #[serde(rename = "client_secret_basic")]
    ClientSecretBasic,
    #[serde(rename = "client_secret_post")]
    ClientSecretPost,
}

impl OAuth2ClientAuth {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            OAuth2ClientAuth::ClientSecretBasic => "client_secret_basic",
            OAuth2ClientAuth::ClientSecretPost => "client_secret_post",
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

/// How to recognise (every field optional).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OcrOptions {
    /// Tesseract language code(s), e.g. `eng` or `eng+deu` (default: the host's `ai.ocr_language`, `eng`). A language whose data is not installed is `invalid_input`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Recognise PDF pages even when they have a text layer (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_ocr: Option<bool>,
    /// Read at most this many PDF pages (default and upper bound: the host's `ai.ocr_max_pages`, 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pages: Option<i64>,
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
pub enum OcrSource {
    #[serde(rename = "text_layer")]
    TextLayer,
    #[serde(rename = "ocr")]
    Ocr,
}

impl OcrSource {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            OcrSource::TextLayer => "text_layer",
            OcrSource::Ocr => "ocr",
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

/// What the bytes of a sidecar are: `json` (UTF-8 JSON, checked on write), `text` (UTF-8 text, checked on write) or `binary` (anything).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SidecarFormat {
    #[serde(rename = "json")]
    Json,
    #[serde(rename = "text")]
    Text,
    #[serde(rename = "binary")]
    Binary,
}

impl SidecarFormat {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            SidecarFormat::Json => "json",
            SidecarFormat::Text => "text",
            SidecarFormat::Binary => "binary",
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
