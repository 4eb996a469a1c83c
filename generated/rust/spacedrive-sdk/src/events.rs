//! The events an extension can subscribe to, generated from `schema/events.json`. DO NOT EDIT.
//!
//! Subscribe in `manifest.json` (`"events": {"entry.created": "on_entry_created"}`); the export
//! receives the event's payload type as JSON.

/// One event: its name in the manifest and its delivery scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventSpec {
    /// Name of the event, the key in the manifest's `events` map.
    pub name: &'static str,
    /// `library`: delivered to subscribers allowed the event's library.
    pub scope: &'static str,
}

/// `entry.created`: an entry was created (`vdfs.create_entry`). Payload: [`crate::types::EntryCreatedEvent`].
pub const ENTRY_CREATED: EventSpec = EventSpec {
    name: "entry.created",
    scope: "library",
};

/// `entry.updated`: an entry's metadata changed (`vdfs.update_metadata`); `entry` is the entry as stored afterwards. Payload: [`crate::types::EntryUpdatedEvent`].
pub const ENTRY_UPDATED: EventSpec = EventSpec {
    name: "entry.updated",
    scope: "library",
};

/// `job.finished`: a job reached `completed`, `failed` or `cancelled` (not `interrupted`: the host is stopping then). Payload: [`crate::types::JobFinishedEvent`].
pub const JOB_FINISHED: EventSpec = EventSpec {
    name: "job.finished",
    scope: "library",
};

/// `sidecar.deleted`: a sidecar was deleted (`vdfs.delete_sidecar`). Payload: [`crate::types::SidecarDeletedEvent`].
pub const SIDECAR_DELETED: EventSpec = EventSpec {
    name: "sidecar.deleted",
    scope: "library",
};

/// `sidecar.written`: a sidecar was created or replaced (`vdfs.write_sidecar`). Payload: [`crate::types::SidecarWrittenEvent`].
pub const SIDECAR_WRITTEN: EventSpec = EventSpec {
    name: "sidecar.written",
    scope: "library",
};

/// Every event, by name.
pub const ALL: &[EventSpec] = &[
    ENTRY_CREATED,
    ENTRY_UPDATED,
    JOB_FINISHED,
    SIDECAR_DELETED,
    SIDECAR_WRITTEN,
];
