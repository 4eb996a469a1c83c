//! Errors of SDK calls and of exports. Copied by `sdext codegen`. DO NOT EDIT the generated copy.
//!
//! [`Error`] works like `anyhow::Error`: any `std::error::Error` converts into it, so `?`
//! works on `serde_json::Error`, `uuid::Error`, `std::num::ParseIntError` and every other
//! error inside an export. For that, `Error` itself does not implement `std::error::Error`
//! (it would then conflict with its own blanket `From`).
//!
//! On the wire an error is `{"code", "message", "details"}` with `code` from the closed set
//! in `schema/errors.json`. An extension's own error cases stay inside that set: they
//! travel with a wire code (`invalid_input` unless chosen otherwise) and name the case in
//! `details.code`, namespaced by the extension's id (`finance.no_receipt`); the host refuses
//! an answer whose `details.code` is outside the extension's namespace (docs/abi.md,
//! "Extension error codes").

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use crate::types::{ErrorBody, ErrorCode};

/// What a host call or an export can fail with. Branch on [`Error::code`] (the wire code) and
/// [`Error::custom_code`] (an extension's own code), never on messages.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The host answered with an error envelope.
    Host(ErrorBody),
    /// The host's answer was not the expected JSON (an SDK/host version mismatch).
    Decode(String),
    /// The input could not be encoded as JSON.
    Encode(String),
    /// The host could not answer at all (`spacedrive_call` returned 0).
    HostUnavailable,
    /// An error of the extension's own, made with [`Error::custom`]: a wire code and the
    /// extension's code in `details.code`.
    Custom(ErrorBody),
    /// Any other error, converted with `?` from a `std::error::Error`: its message and those
    /// of its sources. An export answers it as `internal`.
    Other(String),
}

/// Result of an SDK call or an export; `E` defaults to [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// An error of the extension's own. `code` is namespaced by the extension's id
    /// (`"finance.no_receipt"`: the id, a dot, then lower-case letters, digits and `_`); the
    /// wire code is `invalid_input` unless [`Error::with_wire_code`] says otherwise.
    ///
    /// ```
    /// use spacedrive_sdk::{Error, ErrorCode};
    ///
    /// let error = Error::custom("finance.no_receipt", "the mail has no receipt")
    ///     .with_details(spacedrive_sdk::serde_json::json!({"subject": "Hello"}));
    /// assert_eq!(error.code(), Some(ErrorCode::InvalidInput));
    /// assert_eq!(error.custom_code(), Some("finance.no_receipt"));
    /// ```
    pub fn custom(code: impl Into<String>, message: impl Into<String>) -> Self {
        let mut details = Map::new();
        details.insert("code".to_string(), Value::String(code.into()));
        Error::Custom(ErrorBody {
            code: ErrorCode::InvalidInput,
            message: message.into(),
            details: Some(Value::Object(details)),
        })
    }

    /// The same error with another wire code (a [`Error::custom`] or host error; others are
    /// returned unchanged).
    pub fn with_wire_code(mut self, code: ErrorCode) -> Self {
        if let Error::Custom(body) | Error::Host(body) = &mut self {
            body.code = code;
        }
        self
    }

    /// The same error with the fields of `extra` (a JSON object) added to its `details`
    /// (a [`Error::custom`] or host error; others are returned unchanged). `code` is kept.
    pub fn with_details(mut self, extra: Value) -> Self {
        if let (Error::Custom(body) | Error::Host(body), Value::Object(extra)) = (&mut self, extra)
        {
            let details = body
                .details
                .get_or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(details) = details {
                for (key, value) in extra {
                    if !(key == "code" && details.contains_key("code")) {
                        details.insert(key, value);
                    }
                }
            }
        }
        self
    }

    /// The wire error code: the host's, or that of a [`Error::custom`] error; `None` for
    /// errors raised inside the guest.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Error::Host(body) | Error::Custom(body) => Some(body.code),
            _ => None,
        }
    }

    /// An extension's own error code (`details.code`, e.g. `finance.no_receipt`), also when it
    /// comes back through the host.
    pub fn custom_code(&self) -> Option<&str> {
        match self {
            Error::Host(body) | Error::Custom(body) => body
                .details
                .as_ref()
                .and_then(|details| details.get("code"))
                .and_then(Value::as_str),
            _ => None,
        }
    }

    /// Human-readable message.
    pub fn message(&self) -> &str {
        match self {
            Error::Host(body) | Error::Custom(body) => &body.message,
            Error::Decode(message) | Error::Encode(message) | Error::Other(message) => message,
            Error::HostUnavailable => "the host could not answer",
        }
    }

    /// The error as a wire error body for an export's answer. Guest-side errors, and host
    /// errors whose code this SDK does not know (`ErrorCode::Unknown`, not a wire code: the
    /// host refuses it in an answer as `bad_answer`), become `internal`.
    pub fn into_body(self) -> ErrorBody {
        match self {
            Error::Host(body) | Error::Custom(body) if body.code == ErrorCode::Unknown => {
                ErrorBody {
                    code: ErrorCode::Internal,
                    message: format!(
                        "the host answered an error code this SDK does not know: {}",
                        body.message
                    ),
                    details: body.details,
                }
            }
            Error::Host(body) | Error::Custom(body) => body,
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

impl<E: std::error::Error> From<E> for Error {
    /// Any error converts (this is what makes `?` work): its message, then its sources'.
    fn from(error: E) -> Self {
        let mut message = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Error::Other(message)
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Error::Host(body) | Error::Custom(body) => {
                write!(f, "{}: {}", body.code.as_str(), body.message)?;
                match self.custom_code() {
                    Some(code) => write!(f, " ({code})"),
                    None => Ok(()),
                }
            }
            Error::Decode(message) => write!(f, "could not decode the host's answer: {message}"),
            Error::Encode(message) => write!(f, "could not encode the input: {message}"),
            Error::HostUnavailable => f.write_str("the host could not answer"),
            Error::Other(message) => f.write_str(message),
        }
    }
}

/// The envelope every answer travels in: `{"ok": output}` or `{"error": body}`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Envelope<O> {
    #[serde(rename = "ok")]
    Ok(O),
    #[serde(rename = "error")]
    Error(ErrorBody),
}
