//! Receipts from Gmail through the host's egress proxy (`http.request`) with an OAuth2
//! token from the host's credential store (`credentials.get`, which refreshes an expiring
//! token; a 401 forces one refresh and one retry). The Gmail API's shapes:
//!
//! - `GET /gmail/v1/users/me/messages?q=...&maxResults=...&pageToken=...`
//!   -> `{"messages": [{"id", "threadId"}], "nextPageToken"?, "resultSizeEstimate"}`
//! - `GET /gmail/v1/users/me/messages/{id}?format=raw` -> `{"id", "threadId", "raw"}` with
//!   `raw` the RFC 5322 message in base64url.
//!
//! One call reads one page; `next_page_token` continues. Each message goes through the same
//! pipeline as any other mail, so a message already stored (same Message-ID) stores nothing.

use spacedrive_sdk::serde_json::{self, json, Value};
use spacedrive_sdk::types::{
    CredentialKind, ErrorCode, GetCredentialInput, HttpHeader, HttpRequestInput, OAuth2Credential,
    StoreCredentialInput,
};
use spacedrive_sdk::{Bytes, Error, Result, SpacedriveClient};

use crate::{process, Origin};

pub const GMAIL_API: &str = "https://gmail.googleapis.com";
pub const GOOGLE_TOKEN_ENDPOINT: &str = "https://oauth2.googleapis.com/token";
const DEFAULT_CREDENTIAL: &str = "gmail";
const DEFAULT_QUERY: &str = "receipt OR invoice OR order";

fn default_credential() -> String {
    DEFAULT_CREDENTIAL.into()
}

/// Generated from `operations/connect_gmail.v1.json`.
pub type ConnectGmail = crate::operations::ConnectGmailInput;

/// Stores the tokens an OAuth2 consent flow gave the app; the host keeps the refresh token
/// and client secret and never hands them back.
pub fn connect(request: ConnectGmail) -> Result<Value> {
    let client = SpacedriveClient::core();
    let credential_id = request.credential_id.unwrap_or_else(default_credential);
    let mut input = StoreCredentialInput::new(credential_id.clone(), CredentialKind::Oauth2);
    let refreshable = request.refresh_token.is_some();
    input.oauth2 = Some(OAuth2Credential {
        refresh_token: request.refresh_token,
        expires_in: request.expires_in,
        token_endpoint: refreshable.then(|| {
            request
                .token_endpoint
                .unwrap_or_else(|| GOOGLE_TOKEN_ENDPOINT.into())
        }),
        client_id: request.client_id,
        client_secret: request.client_secret,
        scopes: request.scopes,
        ..OAuth2Credential::new(request.access_token)
    });
    client.store_credential(input)?;
    Ok(json!({"credential_id": credential_id, "refreshable": refreshable}))
}

/// Generated from `operations/fetch_gmail.v1.json`.
pub type FetchGmail = crate::operations::FetchGmailInput;

struct Gmail<'a> {
    client: &'a SpacedriveClient,
    credential_id: String,
    token: String,
    refreshed: bool,
}

impl Gmail<'_> {
    fn token(client: &SpacedriveClient, credential_id: &str, force: bool) -> Result<String> {
        let input = GetCredentialInput {
            credential_id: credential_id.into(),
            min_valid_seconds: None,
            force_refresh: force.then_some(true),
        };
        let credential = client.get_credential_with(input)?;
        match credential.oauth2 {
            Some(token) => Ok(token.access_token),
            None => Err(crate::finance_error(
                "gmail_credential",
                format!("credential {credential_id:?} is not an OAuth2 token"),
                json!({}),
            )),
        }
    }

    /// GET `url` as JSON with the bearer token; a 401 refreshes the token once and retries.
    fn get(&mut self, url: &str) -> Result<Value> {
        loop {
            let mut request = HttpRequestInput::new(url);
            request.headers = Some(vec![
                HttpHeader::new("Authorization", format!("Bearer {}", self.token)),
                HttpHeader::new("Accept", "application/json"),
            ]);
            let response = self.client.http_request(request)?;
            if response.status == 401 && !self.refreshed {
                self.refreshed = true;
                self.token = Self::token(self.client, &self.credential_id, true)?;
                continue;
            }
            if response.status != 200 {
                return Err(Error::custom(
                    "finance.gmail_http",
                    format!("the Gmail API answered {}", response.status),
                )
                .with_wire_code(ErrorCode::UpstreamError)
                .with_details(json!({"status": response.status})));
            }
            let text = response.body_text.unwrap_or_default();
            return serde_json::from_str(&text).map_err(|e| {
                Error::custom(
                    "finance.gmail_http",
                    format!("the Gmail API answered something that is not JSON: {e}"),
                )
                .with_wire_code(ErrorCode::UpstreamError)
                .with_details(json!({"status": 200}))
            });
        }
    }
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters stay).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// base64url (padded or not) to bytes, with the SDK's strict standard-base64 decoder.
fn base64url(raw: &str) -> Option<Vec<u8>> {
    let mut standard: String = raw
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            other => other,
        })
        .collect();
    while !standard.len().is_multiple_of(4) {
        standard.push('=');
    }
    let bytes: Bytes = serde_json::from_value(Value::String(standard)).ok()?;
    Some(bytes.into_vec())
}

pub fn fetch(request: FetchGmail) -> Result<Value> {
    let client = SpacedriveClient::new(request.library_id);
    let base = request.api_base.unwrap_or_else(|| GMAIL_API.into());
    let base = base.trim_end_matches('/');
    let credential_id = request.credential_id.unwrap_or_else(default_credential);
    let token = Gmail::token(&client, &credential_id, false)?;
    let mut gmail = Gmail {
        client: &client,
        credential_id,
        token,
        refreshed: false,
    };
    let query = request.query.unwrap_or_else(|| DEFAULT_QUERY.into());
    let max = request.max_messages.unwrap_or(20).clamp(1, 100);
    let mut url = format!(
        "{base}/gmail/v1/users/me/messages?q={}&maxResults={max}",
        encode(&query)
    );
    if let Some(page) = &request.page_token {
        url.push_str(&format!("&pageToken={}", encode(page)));
    }
    let listing = gmail.get(&url)?;
    let ids: Vec<String> = listing["messages"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|m| m["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut results = Vec::new();
    let (mut stored, mut duplicates, mut errors) = (0, 0, 0);
    for id in ids {
        let message = gmail.get(&format!(
            "{base}/gmail/v1/users/me/messages/{}?format=raw",
            encode(&id)
        ))?;
        let Some(raw) = message["raw"].as_str().and_then(base64url) else {
            errors += 1;
            results.push(json!({"id": id, "status": "error", "error": {"code": "finance.gmail_http", "message": "no raw message in the answer"}}));
            continue;
        };
        match process(&client, &raw, Origin::Gmail(id.clone())) {
            Ok(done) if done.duplicate => {
                duplicates += 1;
                results.push(json!({"id": id, "status": "duplicate", "entry_id": done.entry_id}));
            }
            Ok(done) => {
                stored += 1;
                results.push(json!({"id": id, "status": "stored", "entry_id": done.entry_id}));
            }
            Err(error) if crate::is_finance_error(&error) => {
                errors += 1;
                let (code, message) = (error.custom_code(), error.message());
                results.push(json!({"id": id, "status": "error", "error": {"code": code, "message": message}}));
            }
            Err(other) => return Err(other),
        }
    }
    Ok(json!({
        "messages": results,
        "stored": stored,
        "duplicates": duplicates,
        "errors": errors,
        "next_page_token": listing.get("nextPageToken").cloned().unwrap_or(Value::Null),
        "token_refreshed": gmail.refreshed,
    }))
}
