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
pub mod jobs;
pub mod limits;
pub mod log;
pub mod methods;
pub mod panic;
pub mod types;
mod uuid;

pub use bytes::Bytes;
pub use client::SpacedriveClient;
pub use error::{Error, ErrorBody, ErrorCode, Result};
pub use serde_json::Value;
pub use uuid::{Uuid, UuidParseError};

/// Version of the host ABI this SDK speaks; recorded in the `spacedrive_abi` custom section.
pub const ABI_VERSION: u32 = 1;
/// Version of this SDK crate.
pub const SDK_VERSION: &str = "0.2.0";
