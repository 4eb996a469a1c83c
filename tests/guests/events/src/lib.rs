//! Events guest: event callbacks that record what they receive (decoded with the generated
//! event types and re-encoded, so the tests also check the Rust types against what the host
//! sends), callbacks that call the host again from inside a delivery, and callbacks that fail.
//! Which export gets which event is up to each test's manifest.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use spacedrive_sdk::abi::handle_json_export;
use spacedrive_sdk::types::{
    CreateEntryInput, EntryCreatedEvent, EntryUpdatedEvent, JobFinishedEvent, SidecarDeletedEvent,
    SidecarWrittenEvent,
};
use spacedrive_sdk::{Error, ErrorBody, ErrorCode, SpacedriveClient, Uuid};

thread_local! {
    static RECORDED: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

fn record(what: Value) {
    RECORDED.with(|r| r.borrow_mut().push(what));
}

/// Decodes the event as `E`, records `{"export", "event": <re-encoded>}` and runs `then`.
fn on_event<E: DeserializeOwned + Serialize>(
    ptr: u32,
    len: u32,
    export: &str,
    then: impl FnOnce(&E) -> Result<(), Error>,
) -> u32 {
    handle_json_export(ptr, len, |event: E| {
        let encoded = serde_json::to_value(&event).map_err(|e| Error::Encode(e.to_string()))?;
        record(json!({ "export": export, "event": encoded }));
        spacedrive_sdk::log::info(&format!("{export} received an event"));
        then(&event)
    })
}

#[no_mangle]
pub extern "C" fn on_entry_created(ptr: u32, len: u32) -> u32 {
    on_event::<EntryCreatedEvent>(ptr, len, "on_entry_created", |_| Ok(()))
}

#[no_mangle]
pub extern "C" fn on_entry_updated(ptr: u32, len: u32) -> u32 {
    on_event::<EntryUpdatedEvent>(ptr, len, "on_entry_updated", |_| Ok(()))
}

#[no_mangle]
pub extern "C" fn on_sidecar_written(ptr: u32, len: u32) -> u32 {
    on_event::<SidecarWrittenEvent>(ptr, len, "on_sidecar_written", |_| Ok(()))
}

#[no_mangle]
pub extern "C" fn on_sidecar_deleted(ptr: u32, len: u32) -> u32 {
    on_event::<SidecarDeletedEvent>(ptr, len, "on_sidecar_deleted", |_| Ok(()))
}

#[no_mangle]
pub extern "C" fn on_job_finished(ptr: u32, len: u32) -> u32 {
    on_event::<JobFinishedEvent>(ptr, len, "on_job_finished", |_| Ok(()))
}

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
#[no_mangle]
pub extern "C" fn spawn_children(ptr: u32, len: u32) -> u32 {
    on_event::<EntryCreatedEvent>(ptr, len, "spawn_children", |event| {
        match event.entry.metadata.get("spawn").and_then(Value::as_i64) {
            Some(n) if n > 0 => create_child(event, json!({ "spawn": n - 1 })),
            _ => Ok(()),
        }
    })
}

/// On `entry.created`: always create another entry, a chain only the host's depth limit ends.
#[no_mangle]
pub extern "C" fn spawn_forever(ptr: u32, len: u32) -> u32 {
    on_event::<EntryCreatedEvent>(ptr, len, "spawn_forever", |event| {
        create_child(event, json!({}))
    })
}

/// On `entry.created`: dispatch a job on the event's library: the one the entry's metadata
/// names (`{"job": {"job_type": ..., "params": {...}}}`), else `sidecar_checksum`.
#[no_mangle]
pub extern "C" fn dispatch_on_event(ptr: u32, len: u32) -> u32 {
    on_event::<EntryCreatedEvent>(ptr, len, "dispatch_on_event", |event| {
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
    })
}

/// Traps (the panic aborts: `unreachable`) on whatever event it gets.
#[no_mangle]
pub extern "C" fn trap_on_event(_ptr: u32, _len: u32) -> u32 {
    panic!("this callback always traps");
}

/// Answers every event with an error envelope.
#[no_mangle]
pub extern "C" fn fail_on_event(ptr: u32, len: u32) -> u32 {
    handle_json_export(ptr, len, |_: Value| -> Result<(), Error> {
        Err(Error::Host(ErrorBody {
            code: ErrorCode::Internal,
            message: "this callback always fails".into(),
            details: None,
        }))
    })
}

#[derive(Deserialize)]
struct CreateRequest {
    library_id: Uuid,
    path: String,
}

/// A command (not a callback): creates an entry, then records that the call returned. When
/// this extension also records `entry.created`, the order of the two records shows whether
/// the event was delivered inside the call or after it.
#[no_mangle]
pub extern "C" fn create_entry(ptr: u32, len: u32) -> u32 {
    handle_json_export(ptr, len, |request: CreateRequest| {
        let client = SpacedriveClient::new(request.library_id);
        let entry_id = client.create_entry(CreateEntryInput::new("made", request.path, "Made"))?;
        record(json!({ "export": "create_entry returned", "entry_id": entry_id }));
        Ok(entry_id)
    })
}

/// Everything recorded so far, in order (and forgets it).
#[no_mangle]
pub extern "C" fn recorded(ptr: u32, len: u32) -> u32 {
    handle_json_export(ptr, len, |_: Value| {
        Ok(RECORDED.with(|r| std::mem::take(&mut *r.borrow_mut())))
    })
}
