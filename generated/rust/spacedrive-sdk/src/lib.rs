//! Spacedrive extension SDK 0.2.0 (host ABI 1), generated from
//! `schema/` by `sdext codegen`. DO NOT EDIT: change the schemas or `sdk-rust-template/`.
//!
//! An extension is a WebAssembly module (`wasm32-unknown-unknown`) with a `manifest.json`
//! next to it. It exports JSON functions the host calls and calls the host back through one
//! import, `spacedrive_call(method, library_id, payload)`: every wire operation is one typed
//! method on [`SpacedriveClient`]. This page is the guide; each item's page is its reference.
//!
//! # Quick start
//!
//! `sdext new notes` scaffolds all of this; by hand it is three files. `Cargo.toml`:
//!
//! ```toml
//! [package]
//! name = "notes"
//! version = "0.1.0"
//! edition = "2021"
//!
//! [lib]
//! crate-type = ["cdylib"]
//!
//! [dependencies]
//! spacedrive-sdk = "0.2.0"
//!
//! [profile.release]
//! opt-level = "s"
//! lto = true
//! panic = "abort"
//! ```
//!
//! `src/lib.rs`: exports are plain functions under [`#[export]`](export); lifecycle and events
//! are methods of one [`Extension`] type registered with [`register_extension!`]:
//!
//! ```no_run
//! use spacedrive_sdk::serde::Deserialize;
//! use spacedrive_sdk::types::{CreateEntryInput, EntryCreatedEvent};
//! use spacedrive_sdk::{export, log, Extension, Result, SpacedriveClient, Uuid};
//!
//! #[derive(Deserialize)]
//! #[serde(crate = "spacedrive_sdk::serde")]
//! struct AddNote {
//!     library_id: Uuid,
//!     text: String,
//! }
//!
//! /// Called by the host (or `sdext run notes --export add_note`) with `{"library_id", "text"}`.
//! #[export]
//! fn add_note(request: AddNote) -> Result<Uuid> {
//!     let client = SpacedriveClient::new(request.library_id);
//!     let entry_id = client.create_entry(CreateEntryInput::new("Note", "notes/1.txt", "Note"))?;
//!     client.write_sidecar(entry_id, "note.txt", request.text.as_bytes())?;
//!     Ok(entry_id)
//! }
//!
//! #[derive(Default)]
//! struct Notes;
//!
//! impl Extension for Notes {
//!     fn init(&mut self) -> Result<()> {
//!         log::info("notes ready");
//!         Ok(())
//!     }
//!
//!     fn on_entry_created(&mut self, event: EntryCreatedEvent) -> Result<()> {
//!         log::info(&format!("new entry {}", event.entry.name));
//!         Ok(())
//!     }
//! }
//!
//! spacedrive_sdk::register_extension!(Notes);
//! # fn main() {}
//! ```
//!
//! `manifest.json` (below), then `sdext build notes` (compiles, strips, checks the manifest
//! against the module's exports and prints the size) and `sdext run notes --export add_note
//! --json '{"library_id": "$LIBRARY", "text": "hi"}'`.
//!
//! # The manifest
//!
//! ```json
//! {"id": "notes", "name": "Notes", "version": "0.1.0", "wasm": "notes.wasm",
//!  "permissions": {"methods": ["vdfs.*"], "libraries": ["*"]},
//!  "events": {"entry.created": "on_entry_created"},
//!  "limits": {"time_per_call_ms": 5000}}
//! ```
//!
//! Unknown fields are errors. Permissions are data and deny by default: `methods` lists what
//! the extension may call (a full method such as `query:ai.ocr.v1`, a short name `ai.ocr`, a
//! domain `vdfs.*`); each method of [`SpacedriveClient`] names its permission. `libraries`
//! is `["*"]` or library ids; `allowed_domains` the hosts `http_request` may reach. `events`
//! maps an event to the export that receives it; `limits` asks for other resource limits
//! (module [`limits`]).
//!
//! # Exports
//!
//! [`#[export]`](export) turns `fn name(input: I) -> Result<O>` into the JSON export `name`
//! (`I: DeserializeOwned`, `O: Serialize`; at most one argument). The host hands it the call's
//! JSON and answers the caller with `{"ok": O}` or the error's envelope. Other programs call
//! exports through the host; an extension can also declare them as **operations** with JSON
//! Schemas in `operations/<name>.v<N>.json` (docs/extension-operations.md): the host then
//! validates every call's input before the export runs and its output after, the daemon RPC
//! and `sdext call` serve them as `ext:<extension id>.<name>.v<N>`, and `sdext codegen
//! --extension DIR` writes `src/operations.rs` with their Rust types:
//!
//! ```no_run
//! # mod operations {
//! #     use spacedrive_sdk::serde::{Deserialize, Serialize};
//! #     #[derive(Deserialize)]
//! #     #[serde(crate = "spacedrive_sdk::serde")]
//! #     pub struct SummaryInput { pub library_id: spacedrive_sdk::Uuid }
//! #     #[derive(Serialize)]
//! #     #[serde(crate = "spacedrive_sdk::serde")]
//! #     pub struct SummaryOutput { pub receipts: i64 }
//! # }
//! use operations::{SummaryInput, SummaryOutput};
//! use spacedrive_sdk::types::ListEntriesInput;
//! use spacedrive_sdk::{export, Result, SpacedriveClient};
//!
//! #[export]
//! fn summary(request: SummaryInput) -> Result<SummaryOutput> {
//!     let client = SpacedriveClient::new(request.library_id);
//!     let entries = client.list_entries(ListEntriesInput::default())?;
//!     Ok(SummaryOutput { receipts: entries.entries.len() as i64 })
//! }
//! # fn main() {}
//! ```
//!
//! # Events
//!
//! Implement the [`Extension`] method of an event (every method has a default) and subscribe
//! in the manifest, `"events": {"<event>": "<method>"}`. Events arrive after the operation that
//! caused them returned, in order per extension, at most once. The events and their payloads:
//!
//! - `entry.created`: [`Extension::on_entry_created`], payload [`types::EntryCreatedEvent`].
//! - `entry.updated`: [`Extension::on_entry_updated`], payload [`types::EntryUpdatedEvent`].
//! - `job.finished`: [`Extension::on_job_finished`], payload [`types::JobFinishedEvent`].
//! - `sidecar.deleted`: [`Extension::on_sidecar_deleted`], payload [`types::SidecarDeletedEvent`].
//! - `sidecar.written`: [`Extension::on_sidecar_written`], payload [`types::SidecarWrittenEvent`].
//!
//! # Calling the host
//!
//! [`SpacedriveClient::new`] binds a client to a library ([`SpacedriveClient::core`] for
//! operations of no library). Each method's page gives its wire method, its permission and
//! every error code it may answer with. Paged listings follow their cursors for you (the
//! `_with` variant returns one page). Jobs: `client.dispatch::<J>(&params)` (module [`jobs`]).
//! [`SpacedriveClient::call`] calls any method by name, e.g. one newer than this SDK.
//!
//! # Errors
//!
//! Errors are values. A failed host call is [`Error::Host`] with a wire [`ErrorCode`]: branch
//! on [`Error::code`], never on messages. In an export, `?` converts any
//! `std::error::Error`; an extension's own cases are [`Error::custom`] codes in its own
//! namespace, carried by a wire code:
//!
//! ```
//! use spacedrive_sdk::{Error, ErrorCode, Result};
//!
//! fn parse_total(text: &str) -> Result<i64> {
//!     if text.is_empty() {
//!         return Err(Error::custom("notes.empty", "no total"));
//!     }
//!     Ok(text.trim().parse::<i64>()?) // a ParseIntError converts with `?`
//! }
//!
//! assert_eq!(parse_total(" 12 ").ok(), Some(12));
//! let empty = parse_total("").unwrap_err();
//! assert_eq!(empty.code(), Some(ErrorCode::InvalidInput));
//! assert_eq!(empty.custom_code(), Some("notes.empty"));
//! assert!(parse_total("twelve").is_err());
//! ```
//!
//! A panic aborts the call: the SDK's panic hook sends its message and location to the host,
//! which answers the caller `panicked` and replaces the instance.
//!
//! # Limits
//!
//! Every call runs under limits that are on by default (memory, time per call, payload sizes,
//! logs, rate limits); the manifest's `limits` may ask for more up to the host's ceiling.
//! Each breach has its own code (`time_limit`, `memory_limit`, `rate_limited`, ...).
//!
//! ```
//! use spacedrive_sdk::limits;
//!
//! assert!(limits::TIME_PER_CALL_MS.default <= limits::TIME_PER_CALL_MS.ceiling);
//! assert_eq!(limits::MEMORY_BYTES.key, "memory_bytes");
//! assert!(spacedrive_sdk::json_limits::MAX_DEPTH < 128);
//! ```
//!
//! Method strings are at most [`abi::MAX_METHOD_BYTES`] bytes; free-form JSON values (entry
//! metadata, job parameters) stay within [`json_limits`].
//!
//! # Testing with `sdext run`
//!
//! `sdext run DIR --export NAME --json '{...}'` loads the built extension in a host on a
//! temporary data directory, runs `plugin_init`, calls the export (`$LIBRARY` in the JSON
//! becomes a fresh library's id), waits for the events the call caused and prints the answer,
//! the extension's logs and its callbacks' logs, and what it used against each limit.
//! `sdext run DIR --event entry.created` causes the event for real in a fresh library.
//! Exit status: 0 ok, 1 the extension answered an error, 2 it could not run. The functions
//! under [`#[export]`](export) stay ordinary Rust functions, so logic without host calls is
//! tested with `cargo test` as well.
//!
//! # Versions
//!
//! The module carries the ABI and SDK version it was built with ([`ABI_VERSION`],
//! [`SDK_VERSION`]) in a custom section; a host refuses a module of another ABI with a
//! message. A breaking change of an operation is a new `.vN` method; old ones stay served.
#![forbid(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

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
