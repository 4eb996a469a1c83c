//! Spacedrive extension SDK, generated from `schema/` by `sdext codegen`. DO NOT EDIT.
//!
//! Every wire operation is one typed method on [`SpacedriveClient`]; all of them go
//! through the single host import `spacedrive_call(method, library_id, payload)`.
//!
//! ```ignore
//! use spacedrive_sdk::{SpacedriveClient, types::CreateEntryInput};
//!
//! let client = SpacedriveClient::new(library_id);
//! let entry_id = client.create_entry(CreateEntryInput::new("Receipt", "receipts/new.eml", "FinancialDocument"))?;
//! client.write_sidecar(entry_id, "email.json", b"{}".as_slice())?;
//! ```
#![forbid(unsafe_op_in_unsafe_fn)]

pub mod abi;
mod bytes;
mod client;
#[cfg(feature = "contract")]
pub mod contract;
mod error;
pub mod events;
pub mod extension;
pub mod jobs;
pub mod limits;
pub mod log;
pub mod methods;
pub mod panic;
pub mod types;

pub use bytes::Bytes;
pub use client::SpacedriveClient;
pub use error::{Error, ErrorBody, ErrorCode, Result};
pub use extension::Extension;
/// Re-exported so that extensions need no `serde` dependency of their own: derive with
/// `#[derive(spacedrive_sdk::serde::Deserialize)]` and `#[serde(crate = "spacedrive_sdk::serde")]`,
/// or `use spacedrive_sdk::serde::{self, Deserialize}`.
pub use serde;
/// Re-exported so that extensions need no `serde_json` dependency of their own.
pub use serde_json;
pub use serde_json::Value;
/// Makes a function a JSON export the host can call; see the macro crate's documentation.
pub use spacedrive_sdk_macros::export;
/// Re-exported: the crate of [`Uuid`].
pub use uuid;
pub use uuid::Uuid;

/// The error of parsing a [`Uuid`] from text.
pub type UuidParseError = uuid::Error;

/// Version of the host ABI this SDK speaks; recorded in the `spacedrive_abi` custom section.
pub const ABI_VERSION: u32 = 1;
/// Version of this SDK crate.
pub const SDK_VERSION: &str = "0.2.0";

/// Limits of free-form JSON values (entry metadata, job params, any untyped value), from
/// `schema/defs.json`. The host refuses a value beyond them with `invalid_input`, and every
/// value it accepts decodes here: integers fit `i64` or `u64`, numbers are finite `f64`.
pub mod json_limits {
    /// Containers nested in one value (`{}` and `[]` are 1 deep); well under serde_json's 128.
    pub const MAX_DEPTH: usize = 32;
    /// UTF-8 bytes of one string or object key.
    pub const MAX_STRING_BYTES: usize = 65536;
    /// UTF-8 bytes of the whole value as compact JSON.
    pub const MAX_TOTAL_BYTES: usize = 262144;
}
