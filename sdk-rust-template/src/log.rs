//! Logging through the host (`spacedrive_log`); lines carry the extension id on the host side.

/// Log levels of `spacedrive_log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Level {
    /// Detail for debugging (0).
    Debug = 0,
    /// Normal operation (1).
    Info = 1,
    /// Something unexpected the extension handled (2).
    Warn = 2,
    /// A failure (3).
    Error = 3,
}

/// Writes `message` at `level`.
pub fn log(level: Level, message: &str) {
    crate::abi::log(level as u32, message);
}

/// Writes a debug line.
pub fn debug(message: &str) {
    log(Level::Debug, message);
}

/// Writes an info line.
pub fn info(message: &str) {
    log(Level::Info, message);
}

/// Writes a warning.
pub fn warn(message: &str) {
    log(Level::Warn, message);
}

/// Writes an error line.
pub fn error(message: &str) {
    log(Level::Error, message);
}
