//! Contract guest: decodes schema examples with the generated serde types and re-encodes
//! them, so the host can check both languages agree on one set of vectors.

use serde::Deserialize;
use serde_json::Value;
use spacedrive_sdk::abi::handle_json_export;
use spacedrive_sdk::{Error, ErrorBody, ErrorCode};

#[derive(Deserialize)]
struct Vector {
    r#type: String,
    value: Value,
}

/// `{"type": "PingInput", "value": {...}}` -> `{"ok": <value decoded and re-encoded>}`.
#[no_mangle]
pub extern "C" fn roundtrip(ptr: u32, len: u32) -> u32 {
    handle_json_export(ptr, len, |vector: Vector| {
        let bytes = serde_json::to_vec(&vector.value).map_err(|e| Error::Encode(e.to_string()))?;
        let encoded =
            spacedrive_sdk::contract::roundtrip(&vector.r#type, &bytes).map_err(|message| {
                Error::Host(ErrorBody {
                    code: ErrorCode::InvalidInput,
                    message,
                    details: None,
                })
            })?;
        serde_json::from_slice::<Value>(&encoded).map_err(|e| Error::Decode(e.to_string()))
    })
}
