//! End-to-end guest: runs one typed SDK call per request and reports the typed result or
//! the typed error, so the host-side tests see exactly what an extension sees.

mod data;

use serde::Deserialize;
use serde_json::{json, Value};
use spacedrive_sdk::types::{
    ClassifyTextInput, CreateEntryInput, OcrOptions, PingInput, SearchSimilarInput,
};
use spacedrive_sdk::{log, Error, ErrorCode, SpacedriveClient, Uuid};

mod net;

#[derive(Deserialize)]
struct Step {
    /// Which SDK call to make.
    call: String,
    /// Library to bind the client to (none: a core client).
    library_id: Option<Uuid>,
    /// Arguments of the call.
    #[serde(default)]
    args: Value,
}

fn report<T: serde::Serialize>(result: Result<T, Error>) -> Value {
    match result {
        Ok(value) => json!({ "ok": value }),
        Err(error) => json!({
            "error": {
                "code": error.code().map(|c| c.as_str()),
                "variant": format!("{:?}", error.code()),
                "message": error.message(),
            }
        }),
    }
}

fn arg<T: serde::de::DeserializeOwned>(args: &Value, name: &str) -> Result<T, Error> {
    serde_json::from_value(args.get(name).cloned().unwrap_or(Value::Null))
        .map_err(|e| Error::Encode(format!("argument {name}: {e}")))
}

fn run(step: &Step) -> Value {
    let client = step
        .library_id
        .map_or_else(SpacedriveClient::core, SpacedriveClient::new);
    let args = &step.args;
    match step.call.as_str() {
        "ping" => report(arg::<PingInput>(args, "input").and_then(|input| client.ping(input))),
        "create_entry" => report(
            arg::<CreateEntryInput>(args, "input").and_then(|input| client.create_entry(input)),
        ),
        "write_sidecar" => report((|| {
            let entry_id: Uuid = arg(args, "entry_id")?;
            let filename: String = arg(args, "filename")?;
            let text: String = arg(args, "text")?;
            client.write_sidecar(entry_id, filename, text.as_bytes())
        })()),
        "read_sidecar" => report((|| {
            let output = client.read_sidecar(
                arg::<Uuid>(args, "entry_id")?,
                arg::<String>(args, "filename")?,
            )?;
            Ok(json!({
                "text": String::from_utf8_lossy(&output.data),
                "format": output.format.as_str(),
                "size": output.size,
                "sha256": output.sha256,
            }))
        })()),
        "update_metadata" => report((|| {
            let metadata: std::collections::BTreeMap<String, Value> = arg(args, "metadata")?;
            client.update_metadata(arg::<Uuid>(args, "entry_id")?, metadata)
        })()),
        "ocr" => report((|| {
            // The document arrives as base64 (the step's JSON); the SDK sends it as bytes.
            let pdf: Vec<u8> = arg::<spacedrive_sdk::Bytes>(args, "data")?.into_vec();
            let options: Option<OcrOptions> = arg(args, "options")?;
            // The seed's call: `client.ocr(&pdf, OcrOptions::default())`.
            let output = client.ocr(&pdf, options.unwrap_or_default())?;
            Ok(json!({
                "text": output.text,
                "confidence": output.confidence,
                "pages": output.pages.iter().map(|p| json!({
                    "page": p.page, "source": p.source.as_str(), "text": p.text,
                })).collect::<Vec<_>>(),
                "page_count": output.page_count,
                "mime_type": output.mime_type,
                "engine": output.engine,
            }))
        })()),
        "classify_text" => report((|| {
            let text: String = arg(args, "text")?;
            let prompt: String = arg(args, "prompt")?;
            // The seed's call: `client.classify_text(&ocr.text, "Extract receipt data")`.
            client.classify_text(&text, prompt)
        })()),
        "search_similar" => report((|| {
            let input: SearchSimilarInput = arg(args, "input")?;
            let output = client.search_similar(input)?;
            Ok(json!({
                "results": output
                    .results
                    .iter()
                    .map(|r| json!([r.entry.entry_id.to_string(), r.entry.path, r.sidecar, r.score]))
                    .collect::<Vec<_>>(),
                "model": output.model,
            }))
        })()),
        "classify_text_with" => report((|| {
            let input: ClassifyTextInput = arg(args, "input")?;
            let output = client.classify_text_with(input)?;
            Ok(json!({
                "result": output.result,
                "labels": output.labels.map(|labels| labels.iter().map(|l| json!([l.label, l.score])).collect::<Vec<_>>()),
                "method": output.method.as_str(),
                "backend": output.backend.as_str(),
                "model": output.model,
            }))
        })()),
        "generate_embedding" => report((|| {
            let texts: Vec<String> = arg(args, "texts")?;
            let output = client.generate_embedding(texts)?;
            let norms: Vec<f64> = output
                .embeddings
                .iter()
                .map(|v| v.iter().map(|x| x * x).sum::<f64>().sqrt())
                .collect();
            Ok(json!({
                "count": output.embeddings.len(),
                "dimension": output.dimension,
                "model": output.model,
                "backend": output.backend.as_str(),
                "norms": norms,
                "embeddings": output.embeddings,
            }))
        })()),
        "call" => report((|| {
            let method: String = arg(args, "method")?;
            client.call::<Value, Value>(&method, &args["input"])
        })()),
        "log" => {
            log::info(&format!("e2e guest says {}", args["message"]));
            json!({ "ok": null })
        }
        net_step if net::STEPS.contains(&net_step) => net::run(&client, net_step, args),
        other => data::run(other, &client, args).unwrap_or_else(
            || json!({ "error": { "code": null, "message": format!("unknown step {other}") } }),
        ),
    }
}

/// `{"call": "...", "library_id": "...", "args": {...}}` -> `{"ok": {"ok"|"error": ...}}`.
#[spacedrive_sdk::export]
fn run_step(step: Step) -> spacedrive_sdk::Result<Value> {
    Ok(run(&step))
}

#[derive(Deserialize)]
struct FailWith {
    /// The extension's own code, e.g. `e2e.broken` (details.code).
    code: String,
    /// The wire code, e.g. `conflict`.
    wire: ErrorCode,
}

/// Fails with an extension error code of the caller's choosing (docs/abi.md).
#[spacedrive_sdk::export]
fn fail_with(request: FailWith) -> spacedrive_sdk::Result<()> {
    Err(Error::custom(request.code, "asked to fail")
        .with_wire_code(request.wire)
        .with_details(json!({"hint": "from the e2e guest"})))
}

/// `?` on a `std::error::Error` (`ParseIntError`): an `internal` error with its message.
#[spacedrive_sdk::export(name = "parse_number")]
fn parse(text: String) -> spacedrive_sdk::Result<i64> {
    Ok(text.trim().parse::<i64>()?)
}

/// Logs its lifecycle, which the tests check.
#[derive(Default)]
struct E2e;

impl spacedrive_sdk::Extension for E2e {
    fn init(&mut self) -> spacedrive_sdk::Result<()> {
        log::info("e2e guest initialised");
        Ok(())
    }

    fn cleanup(&mut self) -> spacedrive_sdk::Result<()> {
        log::info("e2e guest cleaned up");
        Ok(())
    }
}

spacedrive_sdk::register_extension!(E2e);
