//! Steps for the library, VDFS query, sidecar and job operations (one match arm per SDK
//! method), kept apart from the other steps so that each domain's steps live in one place.

use serde_json::{json, Value};
use spacedrive_sdk::types::ListEntriesInput;
use spacedrive_sdk::{Error, SpacedriveClient, Uuid};

use super::{arg, report};

/// Pages through `vdfs.list_entries` with the given filters, following `next_cursor`.
fn list_all(client: &SpacedriveClient, args: &Value) -> Result<Value, Error> {
    let mut input: ListEntriesInput = arg(args, "input")?;
    let mut pages = Vec::new();
    for _ in 0..10_000 {
        let page = client.list_entries(input.clone())?;
        let paths: Vec<&str> = page.entries.iter().map(|e| e.path.as_str()).collect();
        pages.push(json!(paths));
        match page.next_cursor {
            Some(cursor) => input.cursor = Some(cursor),
            None => return Ok(json!({ "pages": pages })),
        }
    }
    Err(Error::Decode(
        "list_entries never reached the last page".into(),
    ))
}

/// Runs one data step; `None` when `call` is not one of them.
pub(crate) fn run(call: &str, client: &SpacedriveClient, args: &Value) -> Option<Value> {
    Some(match call {
        "create_library" => {
            report(arg::<String>(args, "name").and_then(|name| client.create_library(name)))
        }
        "list_libraries" => report(client.list_libraries()),
        "get_library" => report(arg::<Uuid>(args, "library").and_then(|id| client.get_library(id))),
        "get_entry" => report(arg::<Uuid>(args, "entry_id").and_then(|id| client.get_entry(id))),
        "list_entries" => report(
            arg::<ListEntriesInput>(args, "input").and_then(|input| client.list_entries(input)),
        ),
        "list_entries_all" => report(list_all(client, args)),
        "list_sidecars" => {
            report(arg::<Uuid>(args, "entry_id").and_then(|id| client.list_sidecars(id)))
        }
        // Every sidecar through the SDK (which follows the cursors), reported briefly so that
        // the export's own answer stays small under a small response cap.
        "list_sidecars_summary" => report(arg::<Uuid>(args, "entry_id").and_then(|id| {
            let names: Vec<String> = client
                .list_sidecars(id)?
                .into_iter()
                .map(|s| s.filename)
                .collect();
            Ok(json!({ "count": names.len(), "first": names.first(), "last": names.last() }))
        })),
        "delete_sidecar" => report((|| {
            client.delete_sidecar(
                arg::<Uuid>(args, "entry_id")?,
                arg::<String>(args, "filename")?,
            )
        })()),
        "write_sidecar_sized" => report((|| {
            let size: usize = arg(args, "size")?;
            let data = vec![b'x'; size];
            client.write_sidecar(
                arg::<Uuid>(args, "entry_id")?,
                arg::<String>(args, "filename")?,
                data,
            )
        })()),
        "dispatch_job" => report((|| {
            let params: std::collections::BTreeMap<String, Value> = arg(args, "params")?;
            client.dispatch_job(arg::<String>(args, "job_type")?, params)
        })()),
        "get_job_status" => {
            report(arg::<Uuid>(args, "job_id").and_then(|id| client.get_job_status(id)))
        }
        "cancel_job" => report(arg::<Uuid>(args, "job_id").and_then(|id| client.cancel_job(id))),
        _ => return None,
    })
}
