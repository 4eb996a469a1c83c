//! Limits guest: misbehaves on request (spins, grows memory without bound, recurses without
//! end, floods the log) so that the host's limits can be tested from a real Rust module.

use std::sync::atomic::{AtomicU32, Ordering};

use serde::Deserialize;
use serde_json::{json, Value};
use spacedrive_sdk::types::PingInput;
use spacedrive_sdk::{export, log, Extension, SpacedriveClient};

/// Calls served by this instance: a fresh instance starts again at 0.
static CALLS: AtomicU32 = AtomicU32::new(0);

#[derive(Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
enum Request {
    /// Answers with this instance's call count.
    Count,
    /// Calls `core.ping` through the SDK and reports the result.
    Ping { message: String },
    /// Loops forever.
    Spin,
    /// Pushes `chunk` bytes at a time onto a vector that is never freed, without end.
    Grow { chunk: usize },
    /// Recurses without end.
    Recurse,
    /// Runs `n` rounds of arithmetic and returns the result.
    Burn { n: u64 },
    /// Writes `n` log lines.
    Flood { n: u32 },
    /// Panics (an abort with `panic = "abort"`).
    Panic,
}

/// Recursion that cannot be turned into a loop: each frame keeps a buffer alive across the call.
#[inline(never)]
#[allow(unconditional_recursion)]
fn recurse(depth: u64) -> u64 {
    let mut frame = [0u8; 256];
    frame[(depth % 256) as usize] = depth as u8;
    let below = recurse(std::hint::black_box(depth + 1));
    below.wrapping_add(u64::from(
        std::hint::black_box(&frame)[(depth % 7) as usize],
    ))
}

fn burn(n: u64) -> u64 {
    let mut acc = 0x9E37_79B9_7F4A_7C15u64;
    for i in 0..n {
        acc = acc.rotate_left(5) ^ i.wrapping_mul(0x100_0000_01B3);
    }
    acc
}

fn run(request: Request) -> Value {
    let count = CALLS.fetch_add(1, Ordering::Relaxed) + 1;
    match request {
        Request::Count => json!({ "calls": count }),
        Request::Ping { message } => match SpacedriveClient::core().ping(PingInput::new(message)) {
            Ok(output) => json!({ "ok": output.echo }),
            Err(error) => json!({ "error": error.code().map(|c| c.as_str()) }),
        },
        Request::Spin => loop {
            std::hint::spin_loop();
        },
        Request::Grow { chunk } => {
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                hoard.push(vec![1u8; chunk]);
                std::hint::black_box(&hoard);
            }
        }
        Request::Recurse => json!({ "depth": recurse(0) }),
        Request::Burn { n } => json!({ "result": burn(n).to_string() }),
        Request::Flood { n } => {
            for i in 0..n {
                log::info(&format!("flood line {i}"));
            }
            json!({ "lines": n })
        }
        Request::Panic => panic!("asked to panic"),
    }
}

/// `{"do": "..."}` -> `{"ok": ...}`.
#[export]
fn run_request(request: Request) -> spacedrive_sdk::Result<Value> {
    Ok(run(request))
}

/// Logs its lifecycle, which the tests count.
#[derive(Default)]
struct Limits;

impl Extension for Limits {
    fn init(&mut self) -> spacedrive_sdk::Result<()> {
        log::info("limits guest init");
        Ok(())
    }

    fn cleanup(&mut self) -> spacedrive_sdk::Result<()> {
        log::info("limits guest cleanup");
        Ok(())
    }
}

spacedrive_sdk::register_extension!(Limits);
