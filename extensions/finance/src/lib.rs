//! Finance: an example Spacedrive extension that turns emailed receipts into library entries.
//!
//! Given an e-mail (an export call with the raw message, or an `Email` entry the host's
//! `mailbox_import` job created) it parses it with `mail-parser`, picks the part that is the
//! receipt (a PDF, or an image that is not a logo, else the body text), reads it with the
//! host's OCR, asks the host's AI for the receipt fields, and stores one `FinancialDocument`
//! entry with sidecars and metadata. Mail that holds no receipt gets an error of its own and
//! stores nothing (docs/finance.md). A summary export totals the stored receipts per month,
//! category and currency.

mod gmail;
mod mail;
mod operations;
mod summary;

use std::collections::BTreeMap;

use spacedrive_sdk::jobs::MailboxImport;
use spacedrive_sdk::serde::Serialize;
use spacedrive_sdk::serde_json::{self, json, Value};
use spacedrive_sdk::types::MailboxImportParams;
use spacedrive_sdk::types::{
    ClassLabel, ClassifyTextInput, CreateEntryInput, Entry, EntryCreatedEvent, ErrorCode,
    ListEntriesInput, OcrOptions, SidecarFormat, SidecarWrittenEvent, WriteSidecarInput,
};
use spacedrive_sdk::{export, log, methods, Error, Extension, Result, SpacedriveClient, Uuid};

use mail::Mail;

/// The entry type of stored receipts.
pub const RECEIPT_TYPE: &str = "FinancialDocument";
/// The entry type the host's `mailbox_import` job gives each imported message.
pub const EMAIL_TYPE: &str = "Email";
/// The sidecar holding an imported message's raw bytes.
pub const EMAIL_SIDECAR: &str = "email.eml";
/// The receipt fields a stored receipt should have; a missing one marks it for review.
const REQUIRED: [&str; 4] = ["merchant", "date", "total", "currency"];
/// Below this per-field confidence a receipt is marked for review.
const REVIEW_BELOW: f64 = 0.5;

// -- errors ------------------------------------------------------------------------------

/// The extension's own error codes (`Error::custom`): they travel as
/// `{"code": "invalid_input", "details": {"code": "finance.<name>", ...}}` and clients
/// branch on `details.code` (docs/finance.md).
pub(crate) fn finance_error(code: &str, message: impl Into<String>, extra: Value) -> Error {
    Error::custom(format!("finance.{code}"), message).with_details(extra)
}

// -- inputs and outputs ------------------------------------------------------------------

/// The exports' inputs are the types generated from `operations/` (`sdext codegen --extension`);
/// the host has validated each against its schema before the export runs.
type ProcessEmail = operations::ProcessEmailInput;
type ProcessEntry = operations::ProcessEntryInput;
type ImportMailbox = operations::ImportMailboxInput;
type SummaryRequest = operations::SummaryInput;

#[derive(Serialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub(crate) struct Processed {
    pub entry_id: Uuid,
    /// True when a receipt for this message was already stored (nothing new was stored).
    pub duplicate: bool,
    pub receipt: Value,
}

/// Whether an error is one of the extension's own (`details.code` is `finance.*`).
pub(crate) fn is_finance_error(error: &Error) -> bool {
    error
        .custom_code()
        .is_some_and(|code| code.starts_with("finance."))
}

/// Where a message came from: an export call, an imported `Email` entry, or Gmail (by id).
pub(crate) enum Origin {
    Call,
    EmailEntry(Uuid),
    Gmail(String),
}

// -- the pipeline ------------------------------------------------------------------------

/// A stable key for a message: its Message-ID, else a hash of its bytes. The same message
/// always gets the same key, so importing or sending it again stores nothing new.
fn message_key(mail: &Mail, raw: &[u8]) -> String {
    match mail.message_id.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => key_from_message_id(id),
        _ => format!("fnv-{:016x}", fnv1a64(raw)),
    }
}

/// Message-ID without angle brackets, with anything but `[A-Za-z0-9._@+=-]` as `_`; long
/// ids are cut and get a hash suffix. The host's `mailbox_import` job computes the same.
fn key_from_message_id(id: &str) -> String {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
    let clean: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._@+=-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.len() <= 160 {
        clean
    } else {
        format!("{}-{:016x}", &clean[..140], fnv1a64(id.as_bytes()))
    }
}

fn fnv1a64(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn receipt_path(key: &str) -> String {
    format!("receipts/{key}")
}

/// The stored receipt of a message key, if any.
fn find_receipt(client: &SpacedriveClient, key: &str) -> Result<Option<Entry>> {
    let path = receipt_path(key);
    let mut input = ListEntriesInput {
        entry_type: Some(RECEIPT_TYPE.into()),
        path_prefix: Some(path.clone()),
        ..Default::default()
    };
    loop {
        let page = client.list_entries(input.clone())?;
        if let Some(entry) = page.entries.into_iter().find(|e| e.path == path) {
            return Ok(Some(entry));
        }
        match page.next_cursor {
            Some(cursor) => input.cursor = Some(cursor),
            None => return Ok(None),
        }
    }
}

/// What the receipt was read from.
struct Source {
    text: String,
    /// The attachment and its OCR, when the receipt came from one.
    attachment: Option<(mail::Candidate, spacedrive_sdk::types::OcrOutput)>,
}

/// Picks the receipt: the first candidate attachment whose OCR reads like a receipt, else
/// the body text if it does. Fails with `finance.*` errors before anything is stored.
fn choose_source(client: &SpacedriveClient, parsed: Mail) -> Result<(Source, Value)> {
    let Mail {
        text: body,
        candidates,
        skipped,
        ..
    } = parsed;
    let mut tried = Vec::new();
    let mut unreadable = 0;
    let mut without_amount: Option<(mail::Candidate, spacedrive_sdk::types::OcrOutput)> = None;
    for candidate in candidates {
        match client.ocr(candidate.data.as_slice(), OcrOptions::default()) {
            Ok(ocr) if mail::has_amount(&ocr.text) => {
                tried.push(json!({"filename": candidate.filename, "result": "receipt"}));
                let notes = json!({"tried": tried, "skipped": skipped_json(&skipped)});
                return Ok((
                    Source {
                        text: ocr.text.clone(),
                        attachment: Some((candidate, ocr)),
                    },
                    notes,
                ));
            }
            Ok(ocr) if !ocr.text.trim().is_empty() => {
                tried.push(json!({"filename": candidate.filename, "result": "no amount"}));
                without_amount.get_or_insert((candidate, ocr));
            }
            Ok(_) => {
                unreadable += 1;
                tried.push(json!({"filename": candidate.filename, "result": "no text"}));
            }
            Err(error) => {
                unreadable += 1;
                log::warn(&format!("OCR of {} failed: {error}", candidate.filename));
                tried.push(json!({"filename": candidate.filename, "result": "unreadable", "error": error.code().map(|c| c.as_str())}));
            }
        }
    }
    let notes = json!({"tried": tried, "skipped": skipped_json(&skipped)});
    if mail::has_amount(&body) {
        return Ok((
            Source {
                text: body,
                attachment: None,
            },
            notes,
        ));
    }
    if unreadable > 0 {
        return Err(finance_error(
            "unreadable_attachment",
            "the attachment could not be read, and the mail text holds no receipt",
            notes,
        ));
    }
    let message = if without_amount.is_some() {
        "the attachments were read but hold no amount, nor does the mail text"
    } else {
        "no receipt found: no PDF or image attachment, and no amount in the mail text"
    };
    Err(finance_error("no_receipt", message, notes))
}

fn skipped_json(skipped: &[mail::Skipped]) -> Value {
    skipped
        .iter()
        .map(|s| json!({"filename": s.filename, "media_type": s.media_type, "reason": s.reason}))
        .collect()
}

/// Spending categories, scored by the host's classifier (embedding similarity by default).
const CATEGORIES: [(&str, &str); 7] = [
    (
        "food & drink",
        "a cafe, coffee shop, restaurant, bakery or bar receipt for food and drinks",
    ),
    (
        "groceries",
        "a supermarket or grocery store receipt for food and household goods",
    ),
    (
        "transport",
        "a taxi, ride, train, bus, fuel or parking receipt",
    ),
    ("travel", "a hotel, flight or travel booking invoice"),
    (
        "electronics",
        "an electronics, computer, phone or software purchase",
    ),
    (
        "utilities & subscriptions",
        "a bill for electricity, internet, phone plan, streaming or another subscription",
    ),
    ("other", "a purchase of anything else"),
];

fn categorise(client: &SpacedriveClient, text: &str) -> (String, Option<f64>) {
    let mut input = ClassifyTextInput::new(text, "Which spending category is this receipt?");
    input.labels = Some(
        CATEGORIES
            .iter()
            .map(|(name, description)| ClassLabel {
                name: (*name).into(),
                description: Some((*description).into()),
            })
            .collect(),
    );
    match client.classify_text_with(input) {
        Ok(output) => {
            let label = output.result.get("label").and_then(Value::as_str);
            let score = output.result.get("score").and_then(Value::as_f64);
            (label.unwrap_or("other").to_string(), score)
        }
        Err(error) => {
            log::warn(&format!("categorising failed: {error}"));
            ("other".into(), None)
        }
    }
}

fn present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        _ => true,
    }
}

pub(crate) fn process(client: &SpacedriveClient, raw: &[u8], origin: Origin) -> Result<Processed> {
    let Some(parsed) = mail::parse(raw).filter(|m| !m.is_empty()) else {
        return Err(finance_error(
            "empty_mail",
            "the mail is empty: no text and no attachment",
            json!({}),
        ));
    };
    let key = message_key(&parsed, raw);
    if let Some(existing) = find_receipt(client, &key)? {
        let receipt = Value::Object(existing.metadata.into_iter().collect());
        return Ok(Processed {
            entry_id: existing.entry_id,
            duplicate: true,
            receipt,
        });
    }
    let subject = parsed.subject.clone();
    let sender = parsed.sender.clone();
    let message_id = parsed.message_id.clone();
    let (source, notes) = choose_source(client, parsed)?;

    // Extraction: whatever fields the host returns are kept; the required ones are checked.
    // Called untyped, so that a host whose answer carries more than this SDK knows (the
    // typed `receipt` with per-field confidence) is read too.
    let input = ClassifyTextInput::new(source.text.as_str(), "Extract receipt data");
    let mut extracted: Value = client.call(methods::AI_CLASSIFY_TEXT_V1, &input)?;
    let typed = match extracted.get_mut("receipt").map(Value::take) {
        Some(Value::Object(map)) => map,
        _ => Default::default(),
    };
    let mut fields: BTreeMap<String, Value> = match extracted.get_mut("result").map(Value::take) {
        Some(Value::Object(map)) => map.into_iter().collect(),
        _ => BTreeMap::new(),
    };
    // Scalar extras the extractor read (subtotal, tax, tip, payment method) are kept as fields.
    for (name, value) in &typed {
        let scalar = matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_));
        if scalar && name != "needs_review" && !fields.contains_key(name) {
            fields.insert(name.clone(), value.clone());
        }
    }
    let extractor_review = typed.get("needs_review").and_then(Value::as_bool) == Some(true);
    // Per-field confidence: the extractor's own when it gives one (`confidence: {field:
    // score}`), else the OCR confidence for text read from a scan and 1.0 for mail text.
    let given = match typed
        .get("confidence")
        .cloned()
        .or_else(|| fields.remove("confidence"))
    {
        Some(Value::Object(map)) => map,
        _ => Default::default(),
    };
    fields.remove("confidence");
    let base = source
        .attachment
        .as_ref()
        .map_or(1.0, |(_, ocr)| ocr.confidence);
    let mut confidence = serde_json::Map::new();
    let mut field_sources = serde_json::Map::new();
    for name in REQUIRED {
        let value = fields.get(name).cloned().unwrap_or(Value::Null);
        if present(&value) {
            let score = given.get(name).and_then(Value::as_f64).unwrap_or(base);
            confidence.insert(name.into(), json!(score));
            field_sources.insert(name.into(), json!("extracted"));
        } else if name == "merchant" && sender.is_some() {
            fields.insert(name.into(), json!(sender));
            confidence.insert(name.into(), json!(REVIEW_BELOW));
            field_sources.insert(name.into(), json!("sender"));
        } else {
            fields.remove(name);
            confidence.insert(name.into(), json!(0.0));
        }
    }
    let missing: Vec<&str> = REQUIRED
        .into_iter()
        .filter(|name| !fields.contains_key(*name))
        .collect();
    let low: Vec<&str> = REQUIRED
        .into_iter()
        .filter(|name| {
            fields.contains_key(*name) && confidence[*name].as_f64().unwrap_or(0.0) < REVIEW_BELOW
        })
        .collect();
    let needs_review = !missing.is_empty() || !low.is_empty() || extractor_review;
    let (category, category_score) = categorise(client, &source.text);

    let merchant = fields
        .get("merchant")
        .and_then(Value::as_str)
        .unwrap_or("unknown merchant")
        .to_string();
    let mut metadata: BTreeMap<String, Value> = fields.clone();
    metadata.insert("source".into(), json!("email"));
    metadata.insert(
        "read_from".into(),
        json!(if source.attachment.is_some() {
            "attachment"
        } else {
            "text"
        }),
    );
    metadata.insert("message_key".into(), json!(key));
    metadata.insert("category".into(), json!(category));
    metadata.insert("needs_review".into(), json!(needs_review));
    if needs_review {
        metadata.insert("missing_fields".into(), json!(missing));
        metadata.insert("low_confidence_fields".into(), json!(low));
    }
    match &origin {
        Origin::Call => {}
        Origin::EmailEntry(id) => {
            metadata.insert("email_entry_id".into(), json!(id));
        }
        Origin::Gmail(id) => {
            metadata.insert("gmail_id".into(), json!(id));
        }
    }

    let mut receipt = json!({
        "fields": fields,
        "confidence": confidence,
        "field_sources": field_sources,
        "needs_review": needs_review,
        "missing_fields": missing,
        "low_confidence_fields": low,
        "category": {"label": category, "score": category_score},
        "extracted": Value::Object(typed),
        "message_id": message_id,
        "message_key": key,
        "subject": subject,
        "sender": sender,
        "source": notes,
        "ocr": Value::Null,
        "text": source.text,
    });
    // The flat fields too, for readers of the previous receipt.json.
    for (name, value) in &fields {
        receipt[name.as_str()] = value.clone();
    }

    // Everything was read: now store.
    let mut input = CreateEntryInput::new(
        format!("Receipt: {merchant}"),
        receipt_path(&key),
        RECEIPT_TYPE,
    );
    input.metadata = Some(metadata.clone());
    let entry_id = client.create_entry(input)?;
    if let Some((attachment, ocr)) = &source.attachment {
        receipt["ocr"] = json!({
            "attachment": attachment.filename,
            "media_type": attachment.media_type,
            "engine": ocr.engine,
            "confidence": ocr.confidence,
            "pages": ocr.pages.iter().map(|p| json!({"page": p.page, "source": p.source.as_str()})).collect::<Vec<_>>(),
        });
    }
    let stored = store_sidecars(client, entry_id, raw, &origin, &source, &receipt);
    if let Err(error) = stored {
        // The entry exists but is incomplete (a quota, say): say so on it rather than leave a
        // receipt that looks whole, then fail.
        let mark: BTreeMap<String, Value> = [
            ("needs_review".to_string(), json!(true)),
            ("incomplete".to_string(), json!(error.to_string())),
        ]
        .into();
        if let Err(also) = client.update_metadata(entry_id, mark) {
            log::warn(&format!(
                "could not mark entry {entry_id} incomplete: {also}"
            ));
        }
        return Err(error);
    }
    log::info(&format!(
        "receipt from {merchant} stored as entry {entry_id}{}",
        if needs_review { " (needs review)" } else { "" }
    ));
    Ok(Processed {
        entry_id,
        duplicate: false,
        receipt,
    })
}

/// Writes the receipt's sidecars: the mail (unless it came from an `Email` entry, which has
/// it), the receipt attachment and its OCR text, and `receipt.json`. Raw mail and
/// attachments are written as binary: 8-bit mail need not be UTF-8.
fn store_sidecars(
    client: &SpacedriveClient,
    entry_id: Uuid,
    raw: &[u8],
    origin: &Origin,
    source: &Source,
    receipt: &Value,
) -> Result<()> {
    let binary = |filename: &str, data: &[u8]| {
        let mut input = WriteSidecarInput::new(entry_id, filename, data);
        input.format = Some(SidecarFormat::Binary);
        client.write_sidecar_with(input).map(|_| ())
    };
    if !matches!(origin, Origin::EmailEntry(_)) {
        binary(EMAIL_SIDECAR, raw)?;
    }
    if let Some((attachment, ocr)) = &source.attachment {
        let name = attachment.filename.as_str();
        let name = if [EMAIL_SIDECAR, "ocr.txt", "receipt.json"].contains(&name) {
            format!("attachment-{name}")
        } else {
            name.to_string()
        };
        binary(&name, &attachment.data)?;
        client.write_sidecar(entry_id, "ocr.txt", ocr.text.as_str())?;
    }
    let receipt_json = serde_json::to_vec_pretty(receipt).unwrap_or_default();
    client.write_sidecar(entry_id, "receipt.json", receipt_json)?;
    Ok(())
}

// -- exports -----------------------------------------------------------------------------

/// `{"library_id", "email" | "email_base64"}` -> `{"ok": {"entry_id", "duplicate", "receipt"}}`, or an
/// error whose `details.code` is `finance.empty_mail`, `finance.no_receipt` or
/// `finance.unreadable_attachment` (nothing stored).
#[export]
fn process_email(request: ProcessEmail) -> Result<Processed> {
    let client = SpacedriveClient::new(request.library_id);
    let raw = match (request.email, request.email_base64) {
        (Some(text), None) => text.into_bytes(),
        (None, Some(bytes)) => bytes.into_vec(),
        _ => {
            return Err(Error::Host(spacedrive_sdk::ErrorBody::new(
                ErrorCode::InvalidInput,
                "give the mail as exactly one of `email` and `email_base64`",
            )))
        }
    };
    process(&client, &raw, Origin::Call)
}

/// The extension's lifecycle and event callbacks (manifest: `"entry.created":
/// "on_entry_created"`, `"sidecar.written": "on_sidecar_written"`).
#[derive(Default)]
struct Finance;

impl Extension for Finance {
    fn init(&mut self) -> Result<()> {
        log::info("finance extension ready");
        Ok(())
    }

    /// An `Email` entry (from the host's `mailbox_import` job, or any client that stores raw
    /// mail) is read as a receipt once its `email.eml` sidecar is there; the outcome is
    /// recorded on the email entry's metadata (`finance_status`).
    fn on_entry_created(&mut self, event: EntryCreatedEvent) -> Result<()> {
        if event.entry.entry_type != EMAIL_TYPE {
            return Ok(());
        }
        let client = SpacedriveClient::new(event.library_id);
        process_new_email(&client, event.entry.entry_id).map(drop)
    }

    /// An `Email` entry whose `email.eml` arrived after its `entry.created` (a client that
    /// creates the entry, then writes the mail) is read now.
    fn on_sidecar_written(&mut self, event: SidecarWrittenEvent) -> Result<()> {
        if event.sidecar.filename != EMAIL_SIDECAR {
            return Ok(());
        }
        let client = SpacedriveClient::new(event.library_id);
        process_new_email(&client, event.entry_id).map(drop)
    }
}

spacedrive_sdk::register_extension!(Finance);

/// Reads an `Email` entry that has its mail and no outcome yet; anything else is left alone,
/// so the two events of one import read each message once.
fn process_new_email(client: &SpacedriveClient, entry_id: Uuid) -> Result<Value> {
    let entry = client.get_entry(entry_id)?;
    if entry.entry_type != EMAIL_TYPE || entry.metadata.contains_key("finance_status") {
        return Ok(Value::Null);
    }
    match process_email_entry(client, entry_id) {
        Err(error) if error.code() == Some(ErrorCode::NotFound) => Ok(Value::Null), // no mail yet
        other => other,
    }
}

/// `{"library_id", "entry_id"}`: reads an `Email` entry again (e.g. after a failed
/// callback); the same as what `entry.created` does.
#[export]
fn process_entry(request: ProcessEntry) -> Result<Value> {
    let client = SpacedriveClient::new(request.library_id);
    process_email_entry(&client, request.entry_id)
}

fn process_email_entry(client: &SpacedriveClient, entry_id: Uuid) -> Result<Value> {
    let raw = client
        .read_sidecar(entry_id, EMAIL_SIDECAR)?
        .data
        .into_vec();
    let status = match process(client, &raw, Origin::EmailEntry(entry_id)) {
        Ok(done) => json!({
            "finance_status": if done.duplicate { "duplicate" } else { "receipt" },
            "receipt_entry_id": done.entry_id,
        }),
        Err(error) if is_finance_error(&error) => {
            json!({
                "finance_status": "error",
                "finance_error": {"code": error.custom_code(), "message": error.message()},
            })
        }
        Err(other) => return Err(other),
    };
    let metadata: BTreeMap<String, Value> = match &status {
        Value::Object(map) => map.clone().into_iter().collect(),
        _ => BTreeMap::new(),
    };
    client.update_metadata(entry_id, metadata)?;
    Ok(status)
}

/// `{"library_id", "entry_id", "source"?}` -> `{"ok": {"job_id"}}`: starts the host's
/// `mailbox_import` job, which creates one `Email` entry per new message; each is then read
/// on `entry.created`.
#[export]
fn import_mailbox(request: ImportMailbox) -> Result<Value> {
    let client = SpacedriveClient::new(request.library_id);
    let mut params = MailboxImportParams::new(request.entry_id);
    params.source = request.source;
    let job_id = client.dispatch::<MailboxImport>(&params)?;
    Ok(json!({ "job_id": job_id }))
}

/// `{"access_token", "refresh_token"?, "expires_in"?, "client_id"?, "client_secret"?,
/// "token_endpoint"?, "scopes"?, "credential_id"?}`: stores the Gmail OAuth2 tokens in the
/// host's credential store (docs/finance.md).
#[export]
fn connect_gmail(request: gmail::ConnectGmail) -> Result<Value> {
    gmail::connect(request)
}

/// `{"library_id", "query"?, "page_token"?, "max_messages"?}`: reads one page of Gmail
/// search results through `http.request` and stores the receipts among them.
#[export]
fn fetch_gmail(request: gmail::FetchGmail) -> Result<Value> {
    gmail::fetch(request)
}

/// `{"library_id"}` -> spending per month, category and currency over the stored receipts.
#[export]
fn summary(request: SummaryRequest) -> Result<Value> {
    let client = SpacedriveClient::new(request.library_id);
    summary::summarise(&client)
}
