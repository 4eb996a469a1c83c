//! Core job types an extension can dispatch, generated from `schema/jobs.json`. DO NOT EDIT.
//!
//! ```no_run
//! use spacedrive_sdk::jobs::{self, OcrBatch};
//! use spacedrive_sdk::types::OcrBatchParams;
//! use spacedrive_sdk::{Result, SpacedriveClient, Uuid};
//!
//! fn read_scans(client: &SpacedriveClient, entry_id: Uuid) -> Result<()> {
//!     let job_id = client.dispatch::<OcrBatch>(&OcrBatchParams::new(vec![entry_id], "scan.png"))?;
//!     let job = client.get_job_status(job_id)?;
//!     if let Some(result) = jobs::result_of::<OcrBatch>(&job)? {
//!         spacedrive_sdk::log::info(&format!("{} entries read", result.processed));
//!     }
//!     Ok(())
//! }
//! ```

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::uuid::Uuid;

/// A core job type: its name and the types of its parameters and result.
pub trait Job {
    /// Name of the job type (the `job_type` of `jobs.dispatch`).
    const NAME: &'static str;
    /// What the job's progress (`done`/`total`) counts.
    const PROGRESS: &'static str;
    /// Its parameters.
    type Params: Serialize + DeserializeOwned;
    /// Its result, in [`crate::types::Job::result`] once the job completed.
    type Result: Serialize + DeserializeOwned;
}

/// `embed_sidecars`: Embed every entry's text sidecars into the library's vector index (resumable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbedSidecars;

impl Job for EmbedSidecars {
    const NAME: &'static str = "embed_sidecars";
    const PROGRESS: &'static str = "sidecars looked at";
    type Params = crate::types::EmbedSidecarsParams;
    type Result = crate::types::EmbedSidecarsResult;
}

/// `mailbox_import`: Split a mailbox sidecar (mbox, or a zip of .eml files or a Maildir) into one Email entry per message not yet imported (keyed by Message-ID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailboxImport;

impl Job for MailboxImport {
    const NAME: &'static str = "mailbox_import";
    const PROGRESS: &'static str = "messages read";
    type Params = crate::types::MailboxImportParams;
    type Result = crate::types::MailboxImportResult;
}

/// `ocr_batch`: Recognise the text of one sidecar of each listed entry and store it as a text sidecar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OcrBatch;

impl Job for OcrBatch {
    const NAME: &'static str = "ocr_batch";
    const PROGRESS: &'static str = "entries processed";
    type Params = crate::types::OcrBatchParams;
    type Result = crate::types::OcrBatchResult;
}

/// `sidecar_checksum`: Verify every sidecar file of the library against its recorded size and SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SidecarChecksum;

impl Job for SidecarChecksum {
    const NAME: &'static str = "sidecar_checksum";
    const PROGRESS: &'static str = "sidecars checked";
    type Params = crate::types::SidecarChecksumParams;
    type Result = crate::types::SidecarChecksumResult;
}

/// Every job type's name.
pub const NAMES: &[&str] = &[
    "embed_sidecars",
    "mailbox_import",
    "ocr_batch",
    "sidecar_checksum",
];

impl crate::SpacedriveClient {
    /// Dispatches a job of type `J` with typed parameters; returns the job's id.
    pub fn dispatch<J: Job>(&self, params: &J::Params) -> Result<Uuid> {
        let params: BTreeMap<String, Value> = match serde_json::to_value(params) {
            Ok(Value::Object(map)) => map.into_iter().collect(),
            Ok(other) => {
                return Err(Error::Encode(format!(
                    "job parameters must be an object, not {other}"
                )))
            }
            Err(e) => return Err(Error::Encode(e.to_string())),
        };
        self.dispatch_job(J::NAME, params)
    }
}

/// The typed result of `job` if it is a completed job of type `J` (`None` before it completed).
pub fn result_of<J: Job>(job: &crate::types::Job) -> Result<Option<J::Result>> {
    if job.job_type != J::NAME {
        return Err(Error::Decode(format!(
            "job {} is a `{}` job, not `{}`",
            job.job_id,
            job.job_type,
            J::NAME
        )));
    }
    match &job.result {
        None => Ok(None),
        Some(map) => {
            let value = Value::Object(map.clone().into_iter().collect());
            serde_json::from_value(value)
                .map(Some)
                .map_err(|e| Error::Decode(e.to_string()))
        }
    }
}
