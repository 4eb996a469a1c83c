//! Errors of SDK calls. Copied by `sdext codegen`. DO NOT EDIT the generated copy.

use serde::{Deserialize, Serialize};

pub use crate::types::{ErrorBody, ErrorCode};

/// What a host call can fail with. Branch on [`Error::code`], never on messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The host answered with an error envelope.
    Host(ErrorBody),
    /// The host's answer was not the expected JSON (an SDK/host version mismatch).
    Decode(String),
    /// The input could not be encoded as JSON.
    Encode(String),
    /// The host could not answer at all (`spacedrive_call` returned 0).
    HostUnavailable,
}

/// Result of an SDK call.
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// The host's error code, or `None` for errors raised inside the guest.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Error::Host(body) => Some(body.code),
            _ => None,
        }
    }

    /// Human-readable message.
    pub fn message(&self) -> &str {
        match self {
            Error::Host(body) => &body.message,
            Error::Decode(message) | Error::Encode(message) => message,
            Error::HostUnavailable => "the host could not answer",
        }
    }

    /// The error as a wire error body for an export's answer. Guest-side errors, and host
    /// errors whose code this SDK does not know (`ErrorCode::Unknown`, not a wire code: the
    /// host refuses it in an answer as `bad_answer`), become `internal`.
    pub fn into_body(self) -> ErrorBody {
        match self {
            Error::Host(body) if body.code == ErrorCode::Unknown => ErrorBody {
                code: ErrorCode::Internal,
                message: format!("the host answered an error code this SDK does not know: {}", body.message),
                details: body.details,
            },
            Error::Host(body) => body,
            other => ErrorBody {
                code: ErrorCode::Internal,
                message: other.message().to_string(),
                details: None,
            },
        }
    }
}

impl From<ErrorBody> for Error {
    fn from(body: ErrorBody) -> Self {
        Error::Host(body)
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Error::Host(body) => write!(f, "{}: {}", body.code.as_str(), body.message),
            Error::Decode(message) => write!(f, "could not decode the host's answer: {message}"),
            Error::Encode(message) => write!(f, "could not encode the input: {message}"),
            Error::HostUnavailable => f.write_str("the host could not answer"),
        }
    }
}

impl std::error::Error for Error {}

/// The envelope every answer travels in: `{"ok": output}` or `{"error": body}`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Envelope<O> {
    #[serde(rename = "ok")]
    Ok(O),
    #[serde(rename = "error")]
    Error(ErrorBody),
}
