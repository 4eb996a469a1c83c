//! Contract guest: decodes schema examples with the generated serde types and re-encodes
//! them, so the host can check both languages agree on one set of vectors.

use serde::Deserialize;
use serde_json::Value;
use spacedrive_sdk::{Error, ErrorBody, ErrorCode};

#[derive(Deserialize)]
struct Vector {
    r#type: String,
    value: Value,
}

/// `{"type": "PingInput", "value": {...}}` -> `{"ok": <value decoded and re-encoded>}`.
#[spacedrive_sdk::export]
fn roundtrip(vector: Vector) -> Result<Value, Error> {
    let bytes = serde_json::to_vec(&vector.value)?;
    let encoded = spacedrive_sdk::contract::roundtrip(&vector.r#type, &bytes)
        .map_err(|message| Error::Host(ErrorBody::new(ErrorCode::InvalidInput, message)))?;
    Ok(serde_json::from_slice::<Value>(&encoded)?)
}
