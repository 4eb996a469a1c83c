//! Events guest: event callbacks that record what they receive (decoded with the generated
//! event types and re-encoded, so the tests also check the Rust types against what the host
//! sends), callbacks that call the host again from inside a delivery, and callbacks that fail.
//! Which export gets which event is up to each test's manifest.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use spacedrive_sdk::types::{
    CreateEntryInput, EntryCreatedEvent, EntryUpdatedEvent, JobFinishedEvent, SidecarDeletedEvent,
    SidecarWrittenEvent,
};
use spacedrive_sdk::{export, Error, ErrorBody, ErrorCode, Extension, SpacedriveClient, Uuid};

thread_local! {
    static RECORDED: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

fn record(what: Value) {
    RECORDED.with(|r| r.borrow_mut().push(what));
}

/// Records `{"export", "event": <re-encoded>}` for an event decoded as `E`.
fn on_event<E: Serialize>(export: &str, event: &E) -> Result<(), Error> {
    record(json!({ "export": export, "event": serde_json::to_value(event)? }));
    spacedrive_sdk::log::info(&format!("{export} received an event"));
    Ok(())
}

/// The typed callbacks `register_extension!` exports, one per event (`on_<event>`).
#[derive(Default)]
struct Events;

impl Extension for Events {
    fn on_entry_created(&mut self, event: EntryCreatedEvent) -> Result<(), Error> {
        on_event("on_entry_created", &event)
    }

    fn on_entry_updated(&mut self, event: EntryUpdatedEvent) -> Result<(), Error> {
        on_event("on_entry_updated", &event)
    }

    fn on_sidecar_written(&mut self, event: SidecarWrittenEvent) -> Result<(), Error> {
        on_event("on_sidecar_written", &event)
    }

    fn on_sidecar_deleted(&mut self, event: SidecarDeletedEvent) -> Result<(), Error> {
        on_event("on_sidecar_deleted", &event)
    }

    fn on_job_finished(&mut self, event: JobFinishedEvent) -> Result<(), Error> {
        on_event("on_job_finished", &event)
    }
}

spacedrive_sdk::register_extension!(Events);

fn create_child(event: &EntryCreatedEvent, metadata: Value) -> Result<(), Error> {
    let client = SpacedriveClient::new(event.library_id);
    let mut input = CreateEntryInput::new("child", format!("{}/child", event.entry.path), "Child");
    input.metadata = serde_json::from_value(metadata).ok();
    let child = client.create_entry(input)?;
    record(json!({ "export": "created_child", "parent": event.entry.entry_id, "child": child }));
    Ok(())
}

/// On `entry.created`: while the entry's metadata says `spawn: n > 0`, create a child
/// entry with `spawn: n - 1` (a host call from inside a delivery, which emits another event).
#[export]
fn spawn_children(event: EntryCreatedEvent) -> Result<(), Error> {
    on_event("spawn_children", &event)?;
    match event.entry.metadata.get("spawn").and_then(Value::as_i64) {
        Some(n) if n > 0 => create_child(&event, json!({ "spawn": n - 1 })),
        _ => Ok(()),
    }
}

/// On `entry.created`: always create another entry, a chain only the host's depth limit ends.
#[export]
fn spawn_forever(event: EntryCreatedEvent) -> Result<(), Error> {
    on_event("spawn_forever", &event)?;
    create_child(&event, json!({}))
}

/// On `entry.created`: dispatch a job on the event's library: the one the entry's metadata
/// names (`{"job": {"job_type": ..., "params": {...}}}`), else `sidecar_checksum`.
#[export]
fn dispatch_on_event(event: EntryCreatedEvent) -> Result<(), Error> {
    on_event("dispatch_on_event", &event)?;
    {
        let client = SpacedriveClient::new(event.library_id);
        let job = event.entry.metadata.get("job");
        let job_type = job
            .and_then(|j| j.get("job_type"))
            .and_then(Value::as_str)
            .unwrap_or("sidecar_checksum");
        let params: BTreeMap<String, Value> = job
            .and_then(|j| j.get("params"))
            .and_then(|p| serde_json::from_value(p.clone()).ok())
            .unwrap_or_default();
        let job_id = client.dispatch_job(job_type, params)?;
        record(json!({ "export": "dispatched", "job_id": job_id }));
        Ok(())
    }
}

/// Traps (the panic aborts: `unreachable`) on whatever event it gets.
#[export]
fn trap_on_event(_: Value) -> Result<(), Error> {
    panic!("this callback always traps");
}

/// Answers every event with an error envelope.
#[export]
fn fail_on_event(_: Value) -> Result<(), Error> {
    Err(Error::Host(ErrorBody::new(
        ErrorCode::Internal,
        "this callback always fails",
    )))
}

#[derive(Deserialize)]
struct CreateRequest {
    library_id: Uuid,
    path: String,
}

/// A command (not a callback): creates an entry, then records that the call returned. When
/// this extension also records `entry.created`, the order of the two records shows whether
/// the event was delivered inside the call or after it.
#[export]
fn create_entry(request: CreateRequest) -> Result<Uuid, Error> {
    let client = SpacedriveClient::new(request.library_id);
    let entry_id = client.create_entry(CreateEntryInput::new("made", request.path, "Made"))?;
    record(json!({ "export": "create_entry returned", "entry_id": entry_id }));
    Ok(entry_id)
}

/// Everything recorded so far, in order (and forgets it).
#[export]
fn recorded() -> Result<Vec<Value>, Error> {
    Ok(RECORDED.with(|r| std::mem::take(&mut *r.borrow_mut())))
}
