//! Finance: an example Spacedrive extension, following the seed's flow. Given an emailed
//! receipt it creates a `FinancialDocument` entry, stores the email as a sidecar, runs OCR
//! on the attached receipt (PDF or image), asks the host to extract the receipt fields
//! from the text, and stores them as the `receipt.json` sidecar and as entry metadata,
//! all through the generated `SpacedriveClient`.
//!
//! Without an attachment the email's own text is read instead.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use spacedrive_sdk::abi::handle_json_export;
use spacedrive_sdk::types::{CreateEntryInput, OcrOptions};
use spacedrive_sdk::{log, Bytes, Result, SpacedriveClient, Uuid};

#[derive(Deserialize)]
struct ProcessEmail {
    library_id: Uuid,
    /// The raw RFC 5322 message.
    email: String,
}

#[derive(Serialize)]
struct Processed {
    entry_id: Uuid,
    receipt: Value,
}

/// One MIME part (or the whole message when it is not multipart).
struct Part<'a> {
    headers: &'a str,
    body: &'a str,
}

/// Splits a message (or part) at its first blank line.
fn split_head(message: &str) -> Part<'_> {
    let (headers, body) = message
        .split_once("\r\n\r\n")
        .or_else(|| message.split_once("\n\n"))
        .unwrap_or((message, ""));
    Part { headers, body }
}

/// A header's value, unfolded, by case-insensitive name.
fn header(headers: &str, name: &str) -> Option<String> {
    let mut lines = headers.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !key.trim().eq_ignore_ascii_case(name) {
            continue;
        }
        let mut value = value.trim().to_string();
        while let Some(next) = lines.peek() {
            if !next.starts_with([' ', '\t']) {
                break;
            }
            value.push(' ');
            value.push_str(next.trim());
            lines.next();
        }
        return Some(value);
    }
    None
}

/// A parameter of a structured header value, e.g. `boundary` of a Content-Type.
fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|param| {
        let (key, val) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| val.trim().trim_matches('"').to_string())
    })
}

fn media_type(headers: &str) -> String {
    header(headers, "Content-Type")
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_else(|| "text/plain".into())
}

/// The parts of a multipart body, or the message itself as its only part.
fn parts(message: &str) -> Vec<Part<'_>> {
    let top = split_head(message);
    let boundary = header(top.headers, "Content-Type")
        .filter(|v| v.to_ascii_lowercase().starts_with("multipart/"))
        .and_then(|v| parameter(&v, "boundary"));
    let Some(boundary) = boundary else {
        return vec![top];
    };
    let delimiter = format!("--{boundary}");
    top.body
        .split(delimiter.as_str())
        .skip(1) // the preamble
        .take_while(|chunk| !chunk.starts_with("--"))
        .map(|chunk| split_head(chunk.trim_start_matches(['\r', '\n'])))
        .collect()
}

/// A document attachment: its file name, media type and decoded bytes.
struct Attachment {
    filename: String,
    media_type: String,
    data: Vec<u8>,
}

fn attachment(parts: &[Part<'_>]) -> Option<Attachment> {
    parts.iter().find_map(|part| {
        let media_type = media_type(part.headers);
        if media_type != "application/pdf" && !media_type.starts_with("image/") {
            return None;
        }
        let encoding = header(part.headers, "Content-Transfer-Encoding").unwrap_or_default();
        if !encoding.eq_ignore_ascii_case("base64") {
            return None;
        }
        let base64: String = part
            .body
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        // The SDK's `Bytes` decodes strict standard base64, exactly what MIME uses.
        let data: Bytes = serde_json::from_value(Value::String(base64)).ok()?;
        let filename = header(part.headers, "Content-Disposition")
            .and_then(|v| parameter(&v, "filename"))
            .or_else(|| header(part.headers, "Content-Type").and_then(|v| parameter(&v, "name")))
            .filter(|name| {
                !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != ".."
            })
            .unwrap_or_else(|| "attachment".into());
        Some(Attachment {
            filename,
            media_type,
            data: data.into_vec(),
        })
    })
}

fn text_body(parts: &[Part<'_>]) -> String {
    parts
        .iter()
        .find(|part| media_type(part.headers) == "text/plain")
        .map(|part| part.body.trim().to_string())
        .unwrap_or_default()
}

/// The sender's name from the From header: the display name, else the domain.
fn sender(email: &str) -> Option<String> {
    let from = header(split_head(email).headers, "From")?;
    if let Some((name, _)) = from.split_once('<') {
        let name = name.trim().trim_matches('"');
        if !name.is_empty() {
            return Some(name.to_string());
        }
    }
    let domain = from.rsplit('@').next()?.trim_end_matches('>');
    let name = domain.split('.').next()?;
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
}

fn process(request: ProcessEmail) -> Result<Processed> {
    let client = SpacedriveClient::new(request.library_id);
    let email = &request.email;
    let head = split_head(email);
    let subject = header(head.headers, "Subject");
    let parts = parts(email);
    let from = sender(email).unwrap_or_else(|| "unknown".into());

    let mut input = CreateEntryInput::new(
        format!("Receipt: {from}"),
        format!("receipts/{}.eml", from.to_lowercase().replace(' ', "-")),
        "FinancialDocument",
    );
    input.metadata = Some([("source".to_string(), json!("email"))].into());
    let entry_id = client.create_entry(input)?;
    client.write_sidecar(entry_id, "email.eml", email.as_bytes())?;

    // OCR of the attached receipt; the email's text when there is none (or it cannot be read).
    let mut ocr_info = Value::Null;
    let mut text = text_body(&parts);
    if let Some(attachment) = attachment(&parts) {
        client.write_sidecar(entry_id, attachment.filename.as_str(), &attachment.data)?;
        match client.ocr(&attachment.data, OcrOptions::default()) {
            Ok(ocr) => {
                client.write_sidecar(entry_id, "ocr.txt", ocr.text.as_str())?;
                ocr_info = json!({
                    "attachment": attachment.filename,
                    "media_type": attachment.media_type,
                    "engine": ocr.engine,
                    "confidence": ocr.confidence,
                    "pages": ocr.pages.iter().map(|p| json!({"page": p.page, "source": p.source.as_str()})).collect::<Vec<_>>(),
                });
                text = ocr.text;
            }
            Err(error) => log::warn(&format!(
                "OCR of {} failed, reading the email text: {error}",
                attachment.filename
            )),
        }
    }

    let extracted = client.classify_text(&text, "Extract receipt data")?;
    let field = |name: &str| extracted.get(name).cloned().unwrap_or(Value::Null);
    let merchant = match field("merchant") {
        Value::Null => json!(from),
        found => found,
    };
    let receipt = json!({
        "merchant": merchant,
        "date": field("date"),
        "total": field("total"),
        "currency": field("currency"),
        "subject": subject,
        "ocr": ocr_info,
        "text": text,
    });
    let receipt_json = serde_json::to_vec_pretty(&receipt).unwrap_or_default();
    client.write_sidecar(entry_id, "receipt.json", receipt_json)?;
    let metadata: BTreeMap<String, Value> = ["merchant", "date", "total", "currency"]
        .into_iter()
        .map(|key| (key.to_string(), receipt[key].clone()))
        .collect();
    client.update_metadata(entry_id, metadata)?;
    let name = receipt["merchant"].as_str().unwrap_or("unknown");
    log::info(&format!("receipt from {name} stored as entry {entry_id}"));
    Ok(Processed { entry_id, receipt })
}

/// `{"library_id": "...", "email": "..."}` -> `{"ok": {"entry_id": "...", "receipt": {...}}}`.
#[no_mangle]
pub extern "C" fn process_email(ptr: u32, len: u32) -> u32 {
    handle_json_export(ptr, len, process)
}

#[no_mangle]
pub extern "C" fn plugin_init() -> i32 {
    log::info("finance extension ready");
    0
}
