//! Finance: an example Spacedrive extension. Given an emailed receipt it creates a
//! `FinancialDocument` entry, stores the email and the extracted receipt as sidecars and
//! records the key fields as entry metadata, all through the generated `SpacedriveClient`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use spacedrive_sdk::abi::handle_json_export;
use spacedrive_sdk::types::CreateEntryInput;
use spacedrive_sdk::{log, Result, SpacedriveClient, Uuid};

#[derive(Deserialize)]
struct ProcessEmail {
    library_id: Uuid,
    /// The raw RFC 5322 message.
    email: String,
}

#[derive(Serialize)]
struct Processed {
    entry_id: Uuid,
    receipt: Receipt,
}

#[derive(Serialize, Default)]
struct Receipt {
    merchant: Option<String>,
    subject: Option<String>,
    total: Option<f64>,
    currency: Option<String>,
    lines: Vec<String>,
}

fn header<'a>(email: &'a str, name: &str) -> Option<&'a str> {
    email
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
        })
}

fn body(email: &str) -> &str {
    email
        .split_once("\n\n")
        .or_else(|| email.split_once("\r\n\r\n"))
        .map_or("", |(_, body)| body)
}

/// Finds `TOTAL <amount> [CURRENCY]` in the body (decimal point or comma).
fn total(body: &str) -> (Option<f64>, Option<String>) {
    for line in body.lines() {
        let upper = line.to_uppercase();
        if let Some(rest) = upper.trim().strip_prefix("TOTAL") {
            let mut words = rest.split_whitespace();
            let amount = words.next().and_then(|w| {
                w.trim_start_matches(['$', ':'])
                    .replace(',', ".")
                    .parse::<f64>()
                    .ok()
            });
            let currency = words.next().map(str::to_string);
            return (amount, currency);
        }
    }
    (None, None)
}

fn merchant(email: &str) -> Option<String> {
    let from = header(email, "From")?;
    let domain = from.rsplit('@').next()?.trim_end_matches('>');
    let name = domain.split('.').next()?;
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
}

fn extract(email: &str) -> Receipt {
    let body = body(email);
    let (total, currency) = total(body);
    Receipt {
        merchant: merchant(email),
        subject: header(email, "Subject").map(str::to_string),
        total,
        currency,
        lines: body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

fn process(request: ProcessEmail) -> Result<Processed> {
    let client = SpacedriveClient::new(request.library_id);
    let receipt = extract(&request.email);
    let merchant = receipt.merchant.clone().unwrap_or_else(|| "unknown".into());
    let mut input = CreateEntryInput::new(
        format!("Receipt: {merchant}"),
        format!("receipts/{merchant}.eml").to_lowercase(),
        "FinancialDocument",
    );
    input.metadata = Some([("source".to_string(), json!("email"))].into());
    let entry_id = client.create_entry(input)?;
    client.write_sidecar(entry_id, "email.eml", request.email.as_bytes())?;
    let receipt_json = serde_json::to_vec_pretty(&receipt).unwrap_or_default();
    client.write_sidecar(entry_id, "receipt.json", receipt_json)?;
    let metadata: Value = json!({
        "merchant": receipt.merchant,
        "total": receipt.total,
        "currency": receipt.currency,
    });
    if let Value::Object(map) = metadata {
        client.update_metadata(
            entry_id,
            map.into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )?;
    }
    log::info(&format!(
        "receipt from {merchant} stored as entry {entry_id}"
    ));
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
