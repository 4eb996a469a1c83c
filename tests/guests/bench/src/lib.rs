//! Benchmark guest: loops of host calls, timed from the host around one export call. Its
//! exports are deliberately raw (`(n: u32) -> u32`, not JSON): the benchmark measures the host
//! call alone, without an export's JSON envelope around it.

use spacedrive_sdk::types::PingInput;
use spacedrive_sdk::SpacedriveClient;

#[link(wasm_import_module = "spacedrive_bench")]
extern "C" {
    fn noop(value: u32) -> u32;
}

/// Calls `core.ping` through the typed client `n` times; returns how many succeeded.
#[no_mangle]
pub extern "C" fn bench_ping(n: u32) -> u32 {
    let client = SpacedriveClient::core();
    let mut ok = 0;
    for _ in 0..n {
        if client.ping(PingInput::new("hello")).is_ok() {
            ok += 1;
        }
    }
    ok
}

/// Calls a host import that does nothing `n` times: the floor of a host call.
#[no_mangle]
pub extern "C" fn bench_noop(n: u32) -> u32 {
    let mut acc = 0u32;
    for i in 0..n {
        // SAFETY: a plain import taking and returning an integer.
        acc = acc.wrapping_add(unsafe { noop(i) });
    }
    acc
}
