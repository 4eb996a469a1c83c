//! Steps for the `credentials` and `http` operations: each goes through the typed SDK
//! methods, as an extension would.

use serde_json::{json, Value};
use spacedrive_sdk::types::{
    ApiKeyCredential, BasicCredential, CredentialKind, GetCredentialInput, HttpHeader,
    HttpRequestInput, HttpRequestOutput, ListCredentialsInput, OAuth2Credential,
    StoreCredentialInput,
};
use spacedrive_sdk::{Error, SpacedriveClient};

use crate::{arg, report};

/// The steps this module runs.
pub const STEPS: &[&str] = &[
    "store_api_key",
    "store_basic",
    "store_oauth2",
    "get_credential",
    "delete_credential",
    "list_credentials",
    "http_request",
    "call_api_with_credential",
];

/// The compact view of a response the tests check (the body as text when it is UTF-8).
fn response(output: HttpRequestOutput) -> Value {
    json!({
        "status": output.status,
        "headers": output.headers.iter().map(|h| json!([h.name, h.value])).collect::<Vec<_>>(),
        "body_len": output.body.len(),
        "body_text": output.body_text,
        "final_url": output.final_url,
        "redirects": output.redirects,
    })
}

pub fn run(client: &SpacedriveClient, call: &str, args: &Value) -> Value {
    match call {
        "store_api_key" => report((|| {
            let mut input = StoreCredentialInput::new(
                arg::<String>(args, "credential_id")?,
                CredentialKind::ApiKey,
            );
            input.api_key = Some(ApiKeyCredential::new(arg::<String>(args, "key")?));
            client.store_credential_with(input)
        })()),
        "store_basic" => report((|| {
            let mut input = StoreCredentialInput::new(
                arg::<String>(args, "credential_id")?,
                CredentialKind::Basic,
            );
            input.basic = Some(BasicCredential::new(
                arg::<String>(args, "username")?,
                arg::<String>(args, "password")?,
            ));
            client.store_credential(input)
        })()),
        "store_oauth2" => report((|| {
            let mut input = StoreCredentialInput::new(
                arg::<String>(args, "credential_id")?,
                CredentialKind::Oauth2,
            );
            input.oauth2 = Some(arg::<OAuth2Credential>(args, "oauth2")?);
            client.store_credential_with(input)
        })()),
        "get_credential" => report((|| {
            let credential_id: String = arg(args, "credential_id")?;
            match arg::<Option<bool>>(args, "force_refresh")? {
                None => client.get_credential(credential_id),
                Some(force) => client.get_credential_with(GetCredentialInput {
                    force_refresh: Some(force),
                    ..GetCredentialInput::new(credential_id)
                }),
            }
        })()),
        "delete_credential" => {
            report(arg::<String>(args, "credential_id").and_then(|id| client.delete_credential(id)))
        }
        "list_credentials" => report(client.list_credentials(ListCredentialsInput::default())),
        "http_request" => report(
            arg::<HttpRequestInput>(args, "input")
                .and_then(|input| client.http_request(input))
                .map(response),
        ),
        "call_api_with_credential" => report((|| {
            // What an extension does: a fresh token from the host, then the API call with it.
            let credential = client.get_credential(arg::<String>(args, "credential_id")?)?;
            let token = credential
                .oauth2
                .ok_or_else(|| Error::Decode("not an OAuth2 credential".to_string()))?;
            let mut request = HttpRequestInput::new(arg::<String>(args, "url")?);
            request.headers = Some(vec![HttpHeader::new(
                "Authorization",
                format!("{} {}", token.token_type, token.access_token),
            )]);
            let output = client.http_request(request)?;
            Ok(json!({ "refreshed": credential.refreshed, "response": response(output) }))
        })()),
        other => {
            json!({ "error": { "code": null, "message": format!("unknown net step {other}") } })
        }
    }
}
