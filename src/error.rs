//! Every failure the SDK can report, with the JS error class and `code` it becomes.

use std::fmt;

/// Which JavaScript error constructor an [`Error`] is thrown as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsErrorKind {
    Error,
    TypeError,
    RangeError,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// An argument or option of the wrong JS type.
    InvalidArgType { name: String, expected: &'static str },
    /// An argument or option of the right type whose value breaks a rule.
    OutOfRange { name: String, rule: String },
    /// No session ID, or an empty one.
    MissingSessionId,
    /// A session ID that does not decode, or belongs to another API key.
    InvalidSessionId,
    /// A string the querystring encoder cannot escape (a lone surrogate at the end),
    /// as Node's `querystring` reports it.
    UriMalformed,
}

impl Error {
    pub fn invalid_type(name: impl Into<String>, expected: &'static str) -> Self {
        Error::InvalidArgType { name: name.into(), expected }
    }

    pub fn out_of_range(name: impl Into<String>, rule: impl Into<String>) -> Self {
        Error::OutOfRange { name: name.into(), rule: rule.into() }
    }

    /// The `code` property of the JS error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidArgType { .. } => "ERR_INVALID_ARG_TYPE",
            Error::OutOfRange { .. } => "ERR_OUT_OF_RANGE",
            Error::MissingSessionId | Error::InvalidSessionId => "OPENTOK_INVALID_SESSION_ID",
            Error::UriMalformed => "ERR_INVALID_URI",
        }
    }

    pub fn js_kind(&self) -> JsErrorKind {
        match self {
            Error::InvalidArgType { .. } => JsErrorKind::TypeError,
            Error::OutOfRange { .. } => JsErrorKind::RangeError,
            Error::MissingSessionId | Error::InvalidSessionId | Error::UriMalformed => {
                JsErrorKind::Error
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgType { name, expected } => {
                write!(f, "The \"{name}\" argument must be {expected}")
            }
            Error::OutOfRange { name, rule } => write!(f, "The value of \"{name}\" is out of range: {rule}"),
            // The next two messages are the ones the opentok module has always used.
            Error::MissingSessionId => f.write_str("Null or empty session ID are not valid"),
            Error::InvalidSessionId => f.write_str("An invalid session ID was passed"),
            Error::UriMalformed => f.write_str("URI malformed"),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_id_messages_are_the_original_modules() {
        assert_eq!(Error::MissingSessionId.to_string(), "Null or empty session ID are not valid");
        assert_eq!(Error::InvalidSessionId.to_string(), "An invalid session ID was passed");
        assert_eq!(Error::InvalidSessionId.js_kind(), JsErrorKind::Error);
    }

    #[test]
    fn argument_errors_name_the_option_and_the_rule() {
        let e = Error::invalid_type("role", "a string");
        assert_eq!(e.to_string(), "The \"role\" argument must be a string");
        assert_eq!((e.code(), e.js_kind()), ("ERR_INVALID_ARG_TYPE", JsErrorKind::TypeError));
        let e = Error::out_of_range("connection_data", "at most 1000 characters, got 1001");
        assert!(e.to_string().contains("connection_data"));
        assert!(e.to_string().contains("at most 1000 characters"));
        assert_eq!((e.code(), e.js_kind()), ("ERR_OUT_OF_RANGE", JsErrorKind::RangeError));
    }
}
