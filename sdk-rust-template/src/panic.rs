//! The SDK's panic hook. Copied by `sdext codegen`. DO NOT EDIT the generated copy.
//!
//! Extensions are built with `panic = "abort"`: a panic ends in a trap, and the host would see
//! only `unreachable`. The hook sends the panic's message and location to the host first (log
//! level 4, docs/abi.md), so the host reports the failed call as `panicked` with that text.
//! It is installed when the host first calls into the SDK (`spacedrive_response_buffer`, right
//! after instantiation) and by every export the SDK wraps.

use std::sync::Once;

/// `spacedrive_log` level of a panic report.
pub const PANIC_LEVEL: u32 = 4;

static INSTALL: Once = Once::new();

/// Installs the hook (once; later calls do nothing).
pub fn install_hook() {
    INSTALL.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            crate::abi::log(PANIC_LEVEL, &info.to_string());
        }));
    });
}
