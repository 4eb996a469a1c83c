//! The operations of the `finance` extension, generated from `operations/` by
//! `sdext codegen --extension`. DO NOT EDIT: change the operation files and rerun it.
//!
//! Each operation is served by a JSON export; the host validates its input against the
//! schema before the export runs and its answer after, so an export may rely on the types
//! below (docs/extension-operations.md).
#![allow(dead_code, unused_imports, clippy::derive_partial_eq_without_eq)]

use std::collections::BTreeMap;

use spacedrive_sdk::serde::{Deserialize, Serialize};
use spacedrive_sdk::{Bytes, Uuid, Value};

/// An operation this extension serves: its wire method, its export and its types.
pub trait Operation {
    /// The wire method, `ext:<extension>.<name>.v<N>`.
    const METHOD: &'static str;
    /// The JSON export that serves it.
    const EXPORT: &'static str;
    /// What the host hands the export (validated against the schema).
    type Input: spacedrive_sdk::serde::de::DeserializeOwned;
    /// What the export answers with (validated by the host before the caller sees it).
    type Output: Serialize;
}

/// Store Gmail OAuth2 tokens in the host's credential store.
///
/// `ext:finance.connect_gmail.v1`, served by the export `connect_gmail`.
///
/// Stores the tokens an OAuth2 consent flow gave the app; the host keeps the refresh token and client secret and never hands them back. With a refresh token the host refreshes the access token at `token_endpoint` (default Google's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectGmailV1;

impl Operation for ConnectGmailV1 {
    const METHOD: &'static str = "ext:finance.connect_gmail.v1";
    const EXPORT: &'static str = "connect_gmail";
    type Input = ConnectGmailInput;
    type Output = ConnectGmailOutput;
}

/// Read one page of Gmail search results and store the receipts among them.
///
/// `ext:finance.fetch_gmail.v1`, served by the export `fetch_gmail`.
///
/// Lists messages matching `query` through `http.request` with the stored OAuth2 token (a 401 forces one refresh and one retry) and sends each through the same pipeline as `process_email`; `next_page_token` continues.
///
/// Errors it answers with besides the host's:
/// - `invalid_input`: the credential is not an OAuth2 token (`details.code` `finance.gmail_credential`).
/// - `upstream_error`: the Gmail API answered other than 200 (`details.code` `finance.gmail_http`, `details.status`).
/// - `not_found`: no credential of that name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchGmailV1;

impl Operation for FetchGmailV1 {
    const METHOD: &'static str = "ext:finance.fetch_gmail.v1";
    const EXPORT: &'static str = "fetch_gmail";
    type Input = FetchGmailInput;
    type Output = FetchGmailOutput;
}

/// Import a mailbox with the host's mailbox_import job.
///
/// `ext:finance.import_mailbox.v1`, served by the export `import_mailbox`.
///
/// Starts the host's `mailbox_import` job on a mailbox sidecar (mbox, a zip of `.eml` files or a Maildir); it creates one `Email` entry per new message, each read on `entry.created`.
///
/// Errors it answers with besides the host's:
/// - `not_found`: the entry does not exist.
/// - `resource_exhausted`: the extension already runs as many jobs as it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportMailboxV1;

impl Operation for ImportMailboxV1 {
    const METHOD: &'static str = "ext:finance.import_mailbox.v1";
    const EXPORT: &'static str = "import_mailbox";
    type Input = ImportMailboxInput;
    type Output = ImportMailboxOutput;
}

/// Read one e-mailed receipt and store it as a FinancialDocument entry.
///
/// `ext:finance.process_email.v1`, served by the export `process_email`.
///
/// Parses the raw message, picks the part that is the receipt (PDF or image attachment by OCR, else the mail text), extracts merchant, date, total and currency with the host's AI and stores one entry with sidecars and metadata. A message already stored (same Message-ID) answers `duplicate: true` and stores nothing. Give the mail as exactly one of `email` and `email_base64`.
///
/// Errors it answers with besides the host's:
/// - `invalid_input`: the mail holds no receipt: `details.code` is `finance.empty_mail`, `finance.no_receipt` or `finance.unreadable_attachment` (nothing stored); or neither or both of `email` and `email_base64` were given.
/// - `sidecar_too_large`: a sidecar of the receipt is over the host's limit (the entry is marked `incomplete`).
/// - `library_quota_exceeded`: the library is full (the entry is marked `incomplete`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessEmailV1;

impl Operation for ProcessEmailV1 {
    const METHOD: &'static str = "ext:finance.process_email.v1";
    const EXPORT: &'static str = "process_email";
    type Input = ProcessEmailInput;
    type Output = ProcessEmailOutput;
}

/// Read an imported Email entry again.
///
/// `ext:finance.process_entry.v1`, served by the export `process_entry`.
///
/// Does what the `entry.created` callback does for an `Email` entry with an `email.eml` sidecar (e.g. after a failed callback) and records the outcome on the entry's metadata (`finance_status`).
///
/// Errors it answers with besides the host's:
/// - `not_found`: the entry or its `email.eml` sidecar does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessEntryV1;

impl Operation for ProcessEntryV1 {
    const METHOD: &'static str = "ext:finance.process_entry.v1";
    const EXPORT: &'static str = "process_entry";
    type Input = ProcessEntryInput;
    type Output = ProcessEntryOutput;
}

/// Spending per month, category and currency over the stored receipts.
///
/// `ext:finance.summary.v1`, served by the export `summary`.
///
/// Totals the stored receipts in cents, never across currencies. Receipts without a total or currency are counted in `not_counted` and left out of the sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryV1;

impl Operation for SummaryV1 {
    const METHOD: &'static str = "ext:finance.summary.v1";
    const EXPORT: &'static str = "summary";
    type Input = SummaryInput;
    type Output = SummaryOutput;
}

/// Input of `ext:finance.connect_gmail.v1` (export `connect_gmail`): Store Gmail OAuth2 tokens in the host's credential store.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct ConnectGmailInput {
    /// Name of the credential (default `gmail`).
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `128`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<String>,
    /// The OAuth2 access token.
    ///
    /// Constraints (checked by the host): `minLength` `1`.
    pub access_token: String,
    /// The refresh token, if the consent gave one.
    ///
    /// Constraints (checked by the host): `minLength` `1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Seconds until the access token expires, from the token response.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// The OAuth2 client id (needed to refresh).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The OAuth2 client secret (needed to refresh).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// Where to refresh (default `https://oauth2.googleapis.com/token`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_endpoint: Option<String>,
    /// Scopes granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
}

impl ConnectGmailInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(access_token: impl Into<String>) -> Self {
        Self {
            credential_id: None,
            access_token: access_token.into(),
            refresh_token: None,
            expires_in: None,
            client_id: None,
            client_secret: None,
            token_endpoint: None,
            scopes: None,
        }
    }
}

/// Output of `ext:finance.connect_gmail.v1` (export `connect_gmail`): Store Gmail OAuth2 tokens in the host's credential store.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct ConnectGmailOutput {
    /// Name the credential is stored under.
    pub credential_id: String,
    /// Whether the host can refresh it (a refresh token was given).
    pub refreshable: bool,
}

impl ConnectGmailOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(credential_id: impl Into<String>, refreshable: impl Into<bool>) -> Self {
        Self {
            credential_id: credential_id.into(),
            refreshable: refreshable.into(),
        }
    }
}

/// Input of `ext:finance.fetch_gmail.v1` (export `fetch_gmail`): Read one page of Gmail search results and store the receipts among them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct FetchGmailInput {
    /// The library to work in (the extension's manifest must allow it).
    pub library_id: Uuid,
    /// Gmail search, e.g. `from:shop.example after:2026/01/01` (default `receipt OR invoice OR order`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// `next_page_token` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
    /// Messages per call (default 20).
    ///
    /// Constraints (checked by the host): `minimum` `1`, `maximum` `100`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_messages: Option<i64>,
    /// The credential `connect_gmail` stored (default `gmail`).
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `128`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<String>,
    /// The API's origin; only tests change it (a loopback server with the same shapes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_base: Option<String>,
}

impl FetchGmailInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(library_id: impl Into<Uuid>) -> Self {
        Self {
            library_id: library_id.into(),
            query: None,
            page_token: None,
            max_messages: None,
            credential_id: None,
            api_base: None,
        }
    }
}

/// Output of `ext:finance.fetch_gmail.v1` (export `fetch_gmail`): Read one page of Gmail search results and store the receipts among them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct FetchGmailOutput {
    /// What happened to each message of the page.
    pub messages: Vec<GmailMessageResult>,
    /// Receipts stored.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub stored: i64,
    /// Messages already stored.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub duplicates: i64,
    /// Messages without a readable receipt.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub errors: i64,
    /// Where the next page starts; null on the last page.
    pub next_page_token: Option<String>,
    /// Whether the access token was refreshed during the call.
    pub token_refreshed: bool,
}

impl FetchGmailOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        messages: impl Into<Vec<GmailMessageResult>>,
        stored: impl Into<i64>,
        duplicates: impl Into<i64>,
        errors: impl Into<i64>,
        next_page_token: impl Into<Option<String>>,
        token_refreshed: impl Into<bool>,
    ) -> Self {
        Self {
            messages: messages.into(),
            stored: stored.into(),
            duplicates: duplicates.into(),
            errors: errors.into(),
            next_page_token: next_page_token.into(),
            token_refreshed: token_refreshed.into(),
        }
    }
}

/// One of the extension's own errors, recorded instead of raised.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct FinanceError {
    /// The extension's own case, e.g. `finance.no_receipt` (docs/finance.md).
    pub code: String,
    /// What went wrong, for people.
    pub message: String,
}

impl FinanceError {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }
}

/// The outcome, also recorded on the entry's metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
#[non_exhaustive]
pub enum FinanceStatus {
    /// `receipt`: a receipt was stored.
    #[serde(rename = "receipt")]
    Receipt,
    /// `duplicate`: the receipt was already stored.
    #[serde(rename = "duplicate")]
    Duplicate,
    /// `error`: the mail holds no receipt; `finance_error` says why.
    #[serde(rename = "error")]
    Error,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl FinanceStatus {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            FinanceStatus::Receipt => "receipt",
            FinanceStatus::Duplicate => "duplicate",
            FinanceStatus::Error => "error",
            FinanceStatus::Unknown => "unknown",
        }
    }
}

/// One message of the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct GmailMessageResult {
    /// Gmail's message id.
    pub id: String,
    /// The outcome.
    pub status: GmailMessageStatus,
    /// The FinancialDocument entry (stored or duplicate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<Uuid>,
    /// One of the extension's own errors, recorded instead of raised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<FinanceError>,
}

impl GmailMessageResult {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(id: impl Into<String>, status: impl Into<GmailMessageStatus>) -> Self {
        Self {
            id: id.into(),
            status: status.into(),
            entry_id: None,
            error: None,
        }
    }
}

/// The outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
#[non_exhaustive]
pub enum GmailMessageStatus {
    /// `stored`: a receipt was stored.
    #[serde(rename = "stored")]
    Stored,
    /// `duplicate`: its receipt was already stored.
    #[serde(rename = "duplicate")]
    Duplicate,
    /// `error`: it holds no receipt or could not be read; `error` says why.
    #[serde(rename = "error")]
    Error,
    /// A value this SDK version does not know (sent by a newer host).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl GmailMessageStatus {
    /// The wire string of this value.
    pub fn as_str(&self) -> &'static str {
        match self {
            GmailMessageStatus::Stored => "stored",
            GmailMessageStatus::Duplicate => "duplicate",
            GmailMessageStatus::Error => "error",
            GmailMessageStatus::Unknown => "unknown",
        }
    }
}

/// Input of `ext:finance.import_mailbox.v1` (export `import_mailbox`): Import a mailbox with the host's mailbox_import job.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct ImportMailboxInput {
    /// The library to work in (the extension's manifest must allow it).
    pub library_id: Uuid,
    /// The entry holding the mailbox as a sidecar.
    pub entry_id: Uuid,
    /// The sidecar's name (default `mailbox.mbox`).
    ///
    /// Constraints (checked by the host): `minLength` `1`, `maxLength` `255`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl ImportMailboxInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(library_id: impl Into<Uuid>, entry_id: impl Into<Uuid>) -> Self {
        Self {
            library_id: library_id.into(),
            entry_id: entry_id.into(),
            source: None,
        }
    }
}

/// Output of `ext:finance.import_mailbox.v1` (export `import_mailbox`): Import a mailbox with the host's mailbox_import job.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct ImportMailboxOutput {
    /// The job; follow it with `jobs.get_status` or `sdext jobs`.
    pub job_id: Uuid,
}

impl ImportMailboxOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(job_id: impl Into<Uuid>) -> Self {
        Self {
            job_id: job_id.into(),
        }
    }
}

/// Input of `ext:finance.process_email.v1` (export `process_email`): Read one e-mailed receipt and store it as a FinancialDocument entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct ProcessEmailInput {
    /// The library to work in (the extension's manifest must allow it).
    pub library_id: Uuid,
    /// The raw RFC 5322 message as text.
    ///
    /// Constraints (checked by the host): `minLength` `1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The raw message as bytes (8-bit mail that is not UTF-8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_base64: Option<Bytes>,
}

impl ProcessEmailInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(library_id: impl Into<Uuid>) -> Self {
        Self {
            library_id: library_id.into(),
            email: None,
            email_base64: None,
        }
    }
}

/// Output of `ext:finance.process_email.v1` (export `process_email`): Read one e-mailed receipt and store it as a FinancialDocument entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct ProcessEmailOutput {
    /// The FinancialDocument entry (the stored one when `duplicate`).
    pub entry_id: Uuid,
    /// True when this message was already stored; nothing new was stored.
    pub duplicate: bool,
    /// What was read: fields, confidence, field sources, review flags, category and source (the content of `receipt.json`, docs/finance.md).
    pub receipt: BTreeMap<String, Value>,
}

impl ProcessEmailOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        entry_id: impl Into<Uuid>,
        duplicate: impl Into<bool>,
        receipt: impl Into<BTreeMap<String, Value>>,
    ) -> Self {
        Self {
            entry_id: entry_id.into(),
            duplicate: duplicate.into(),
            receipt: receipt.into(),
        }
    }
}

/// Input of `ext:finance.process_entry.v1` (export `process_entry`): Read an imported Email entry again.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct ProcessEntryInput {
    /// The library to work in (the extension's manifest must allow it).
    pub library_id: Uuid,
    /// The `Email` entry.
    pub entry_id: Uuid,
}

impl ProcessEntryInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(library_id: impl Into<Uuid>, entry_id: impl Into<Uuid>) -> Self {
        Self {
            library_id: library_id.into(),
            entry_id: entry_id.into(),
        }
    }
}

/// Output of `ext:finance.process_entry.v1` (export `process_entry`): Read an imported Email entry again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct ProcessEntryOutput {
    /// The outcome, also recorded on the entry's metadata.
    pub finance_status: FinanceStatus,
    /// The FinancialDocument entry, unless the outcome is `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_entry_id: Option<Uuid>,
    /// One of the extension's own errors, recorded instead of raised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finance_error: Option<FinanceError>,
}

impl ProcessEntryOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(finance_status: impl Into<FinanceStatus>) -> Self {
        Self {
            finance_status: finance_status.into(),
            receipt_entry_id: None,
            finance_error: None,
        }
    }
}

/// A total over some receipts of one currency.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct SpendingRow {
    /// `YYYY-MM`, or `undated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<String>,
    /// The spending category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// ISO 4217 code.
    pub currency: String,
    /// Sum of the totals.
    pub total: f64,
    /// Receipts summed.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub count: i64,
}

impl SpendingRow {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(currency: impl Into<String>, total: impl Into<f64>, count: impl Into<i64>) -> Self {
        Self {
            month: None,
            category: None,
            currency: currency.into(),
            total: total.into(),
            count: count.into(),
        }
    }
}

/// Input of `ext:finance.summary.v1` (export `summary`): Spending per month, category and currency over the stored receipts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct SummaryInput {
    /// The library to work in (the extension's manifest must allow it).
    pub library_id: Uuid,
}

impl SummaryInput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(library_id: impl Into<Uuid>) -> Self {
        Self {
            library_id: library_id.into(),
        }
    }
}

/// Output of `ext:finance.summary.v1` (export `summary`): Spending per month, category and currency over the stored receipts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct SummaryOutput {
    /// Stored receipts.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub receipts: i64,
    /// Receipts marked for review.
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub needs_review: i64,
    /// Receipts without a total or currency (not summed).
    ///
    /// Constraints (checked by the host): `minimum` `0`.
    pub not_counted: i64,
    /// Totals per month and currency.
    pub by_month: Vec<SpendingRow>,
    /// Totals per category and currency.
    pub by_category: Vec<SpendingRow>,
    /// Totals per currency.
    pub by_currency: Vec<SpendingRow>,
    /// Totals per month, category and currency.
    pub rows: Vec<SpendingRow>,
}

impl SummaryOutput {
    /// A value with the required fields set and every optional field `None`.
    pub fn new(
        receipts: impl Into<i64>,
        needs_review: impl Into<i64>,
        not_counted: impl Into<i64>,
        by_month: impl Into<Vec<SpendingRow>>,
        by_category: impl Into<Vec<SpendingRow>>,
        by_currency: impl Into<Vec<SpendingRow>>,
        rows: impl Into<Vec<SpendingRow>>,
    ) -> Self {
        Self {
            receipts: receipts.into(),
            needs_review: needs_review.into(),
            not_counted: not_counted.into(),
            by_month: by_month.into(),
            by_category: by_category.into(),
            by_currency: by_currency.into(),
            rows: rows.into(),
        }
    }
}
