//! Every failure the SDK can report, with the JS error class and `code` it becomes.

use std::fmt;

/// Which JavaScript error constructor an [`Error`] is thrown as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsErrorKind {
    Error,
    TypeError,
    RangeError,
}

/// What went wrong in a call to the OpenTok REST API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// 401/403, or an Errors document with such a code.
    Auth,
    /// 404, or an Errors document with that code.
    NotFound,
    /// Another 4xx: the service refused the request as it was given (400, 405, 409, 413, ...).
    Request,
    /// 5xx, 408, 429 and any other non-2xx status, redirects included.
    Server,
    /// A body that does not parse, lacks a field, or is too large.
    BadResponse,
    /// Refused, reset, DNS or TLS failure.
    Network,
    /// The whole call took longer than the SDK's timeout.
    Timeout,
}

impl ApiErrorKind {
    pub fn code(self) -> &'static str {
        match self {
            ApiErrorKind::Auth => "OPENTOK_AUTH",
            ApiErrorKind::NotFound => "OPENTOK_NOT_FOUND",
            ApiErrorKind::Request => "OPENTOK_REQUEST",
            ApiErrorKind::Server => "OPENTOK_SERVER",
            ApiErrorKind::BadResponse => "OPENTOK_BAD_RESPONSE",
            ApiErrorKind::Network => "OPENTOK_NETWORK",
            ApiErrorKind::Timeout => "OPENTOK_TIMEOUT",
        }
    }
}

/// A failed REST call: which call, why, and what the server said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub kind: ApiErrorKind,
    /// The SDK call that failed, as JS names it (`createSession`, ...).
    pub operation: &'static str,
    pub detail: String,
    pub status: Option<u16>,
    /// `code` and `message` of the server's error document, when it sent one.
    pub server: Option<ServerError>,
}

/// What a server's error document says: the legacy `<Errors>`, today's JSON
/// `{"code", "message"}` or its XML `<errorPayload>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError {
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(kind: ApiErrorKind, operation: &'static str, detail: impl Into<String>) -> Self {
        ApiError { kind, operation, detail: detail.into(), status: None, server: None }
    }
}

impl ApiError {
    /// The error with every occurrence of `secrets` in server-supplied text
    /// replaced, for a server that echoes credentials back.
    pub fn redacted(mut self, secrets: &[&str]) -> Self {
        let scrub = |text: &mut String| {
            for secret in secrets.iter().filter(|s| !s.is_empty()) {
                if text.contains(secret) {
                    *text = text.replace(secret, "[redacted]");
                }
            }
        };
        scrub(&mut self.detail);
        if let Some(server) = &mut self.server {
            scrub(&mut server.code);
            scrub(&mut server.message);
        }
        self
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: {}", self.operation, self.detail)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// An argument or option of the wrong JS type; `got` says what it was ("type number", "null").
    InvalidArgType { name: String, expected: &'static str, got: &'static str },
    /// An argument of the right type whose content cannot be used (control
    /// characters in an ID, an unreadable certificate, ...).
    InvalidArgValue { name: String, reason: String },
    /// An argument or option of the right type whose value breaks a rule.
    OutOfRange { name: String, rule: String },
    /// No session ID, or an empty one.
    MissingSessionId,
    /// A session ID that does not decode, or belongs to another API key.
    InvalidSessionId,
    /// A string the querystring encoder cannot escape (a lone surrogate at the end),
    /// as Node's `querystring` reports it.
    UriMalformed,
    /// A REST call that failed.
    Api(ApiError),
}

impl Error {
    pub fn invalid_type(name: impl Into<String>, expected: &'static str, got: &'static str) -> Self {
        Error::InvalidArgType { name: name.into(), expected, got }
    }

    pub fn out_of_range(name: impl Into<String>, rule: impl Into<String>) -> Self {
        Error::OutOfRange { name: name.into(), rule: rule.into() }
    }

    /// The `code` property of the JS error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidArgType { .. } => "ERR_INVALID_ARG_TYPE",
            Error::InvalidArgValue { .. } => "ERR_INVALID_ARG_VALUE",
            Error::OutOfRange { .. } => "ERR_OUT_OF_RANGE",
            Error::MissingSessionId | Error::InvalidSessionId => "OPENTOK_INVALID_SESSION_ID",
            Error::UriMalformed => "ERR_INVALID_URI",
            Error::Api(api) => api.kind.code(),
        }
    }

    pub fn js_kind(&self) -> JsErrorKind {
        match self {
            Error::InvalidArgType { .. } | Error::InvalidArgValue { .. } => JsErrorKind::TypeError,
            Error::OutOfRange { .. } => JsErrorKind::RangeError,
            Error::MissingSessionId | Error::InvalidSessionId | Error::UriMalformed | Error::Api(_) => {
                JsErrorKind::Error
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The wording of lib/errors.js, which builds the JS side's argument errors.
            Error::InvalidArgType { name, expected, got } => {
                write!(f, "The \"{name}\" argument must be {expected}, got {got}")
            }
            Error::InvalidArgValue { name, reason } => write!(f, "The \"{name}\" argument {reason}"),
            Error::OutOfRange { name, rule } => write!(f, "The value of \"{name}\" is out of range: {rule}"),
            // The next two messages are the ones the opentok module has always used.
            Error::MissingSessionId => f.write_str("Null or empty session ID are not valid"),
            Error::InvalidSessionId => f.write_str("An invalid session ID was passed"),
            Error::UriMalformed => f.write_str("URI malformed"),
            Error::Api(api) => api.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<ApiError> for Error {
    fn from(api: ApiError) -> Self {
        Error::Api(api)
    }
}

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
        let e = Error::invalid_type("role", "a string", "type number");
        assert_eq!(e.to_string(), "The \"role\" argument must be a string, got type number");
        assert_eq!((e.code(), e.js_kind()), ("ERR_INVALID_ARG_TYPE", JsErrorKind::TypeError));
        let e = Error::out_of_range("connection_data", "at most 1000 characters, got 1001");
        assert!(e.to_string().contains("connection_data"));
        assert!(e.to_string().contains("at most 1000 characters"));
        assert_eq!((e.code(), e.js_kind()), ("ERR_OUT_OF_RANGE", JsErrorKind::RangeError));
    }

    #[test]
    fn redaction_scrubs_what_a_server_echoes() {
        let mut api = ApiError::new(ApiErrorKind::Auth, "createSession", "HTTP 403: bad key 1:s3cr3t");
        api.server = Some(ServerError { code: "403".into(), message: "you sent 1:s3cr3t".into() });
        let api = api.redacted(&["s3cr3t", ""]);
        assert_eq!(api.detail, "HTTP 403: bad key 1:[redacted]");
        assert_eq!(api.server.unwrap().message, "you sent 1:[redacted]");
    }

    #[test]
    fn api_errors_say_which_call_failed() {
        let e = Error::from(ApiError::new(ApiErrorKind::Timeout, "createSession", "no answer within 20000 ms"));
        assert_eq!(e.to_string(), "createSession failed: no answer within 20000 ms");
        assert_eq!((e.code(), e.js_kind()), ("OPENTOK_TIMEOUT", JsErrorKind::Error));
    }
}
