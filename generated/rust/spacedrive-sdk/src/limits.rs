//! Resource limits an extension runs under, generated from `schema/manifest.json`. DO NOT EDIT.
//!
//! A manifest's `limits` section may ask for any value up to the ceiling; without one the
//! host's default applies (a host configuration may change both).

/// One limit: its manifest key, the host's built-in default and ceiling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit<T> {
    /// Key under `limits` in `manifest.json`.
    pub key: &'static str,
    /// The host's built-in default.
    pub default: T,
    /// The most a manifest may ask for.
    pub ceiling: T,
}

/// Linear memory of one instance in bytes; a `memory.grow` beyond it fails.
pub const MEMORY_BYTES: Limit<u64> = Limit {
    key: "memory_bytes",
    default: 67108864,
    ceiling: 1073741824,
};

/// Wall time of one call into the extension, host operations included.
pub const TIME_PER_CALL_MS: Limit<u64> = Limit {
    key: "time_per_call_ms",
    default: 2000,
    ceiling: 60000,
};

/// Instructions (wasmtime fuel) per call, on hosts that meter fuel.
pub const FUEL_PER_CALL: Limit<u64> = Limit {
    key: "fuel_per_call",
    default: 2000000000,
    ceiling: 1000000000000,
};

/// Largest payload of one `spacedrive_call`.
pub const REQUEST_BYTES: Limit<u64> = Limit {
    key: "request_bytes",
    default: 4194304,
    ceiling: 67108864,
};

/// Largest answer of one host call, and of one JSON export to the host.
pub const RESPONSE_BYTES: Limit<u64> = Limit {
    key: "response_bytes",
    default: 16777216,
    ceiling: 67108864,
};

/// Log lines per log window; further lines are dropped and counted.
pub const LOG_LINES_PER_WINDOW: Limit<u64> = Limit {
    key: "log_lines_per_window",
    default: 200,
    ceiling: 10000,
};

/// Log bytes per log window; further lines are dropped and counted.
pub const LOG_BYTES_PER_WINDOW: Limit<u64> = Limit {
    key: "log_bytes_per_window",
    default: 262144,
    ceiling: 8388608,
};

/// Elements of one wasm table.
pub const TABLE_ELEMENTS: Limit<u64> = Limit {
    key: "table_elements",
    default: 20000,
    ceiling: 1000000,
};

/// Instances serving concurrent calls (default 1). Each has its own linear memory: ask for more only if the exports keep no state in memory between calls.
pub const INSTANCES: Limit<u64> = Limit {
    key: "instances",
    default: 1,
    ceiling: 16,
};

/// Jobs of this extension running at once.
pub const CONCURRENT_JOBS: Limit<u64> = Limit {
    key: "concurrent_jobs",
    default: 4,
    ceiling: 64,
};

/// Refill rate of the token bucket every host call draws from.
pub const CALLS_PER_SECOND: Limit<f64> = Limit {
    key: "calls_per_second",
    default: 10000.0,
    ceiling: 1000000.0,
};

/// Capacity of that bucket: calls allowed at once after a pause.
pub const CALLS_BURST: Limit<u64> = Limit {
    key: "calls_burst",
    default: 10000,
    ceiling: 1000000,
};

/// Every limit's manifest key, in schema order.
pub const KEYS: &[&str] = &[
    "memory_bytes",
    "time_per_call_ms",
    "fuel_per_call",
    "request_bytes",
    "response_bytes",
    "log_lines_per_window",
    "log_bytes_per_window",
    "table_elements",
    "instances",
    "concurrent_jobs",
    "calls_per_second",
    "calls_burst",
];
