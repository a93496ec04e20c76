//! The pooled HTTP client of one SDK object: sends a request, bounds the
//! whole call by the timeout, reads at most 1 MiB, and sorts every failure
//! into an [`ApiError`].

use std::time::Duration;

use reqwest::{Certificate, RequestBuilder};

use super::response::{classify, read_limited, MAX_BODY_BYTES};
use crate::error::{ApiError, ApiErrorKind, Error};

pub const USER_AGENT: &str = concat!("opentok-native/", env!("CARGO_PKG_VERSION"));
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(20_000);

/// What the SDK's options say about connections.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub timeout: Duration,
    /// Extra trusted CAs, beside the built-in roots.
    pub extra_roots: Vec<Certificate>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions { timeout: DEFAULT_TIMEOUT, extra_roots: Vec::new() }
    }
}

/// `options.timeout`: whole milliseconds above zero, at most 2^31 - 1 (as Node's timers).
pub fn parse_timeout_ms(ms: f64) -> Result<Duration, Error> {
    if ms.fract() == 0.0 && (1.0..=2_147_483_647.0).contains(&ms) {
        Ok(Duration::from_millis(ms as u64))
    } else {
        Err(Error::out_of_range(
            "options.timeout",
            format!("must be a whole number of milliseconds from 1 to 2147483647, got {ms}"),
        ))
    }
}

/// Reads PEM certificates for `options.ca`.
pub fn parse_ca(pem: &[u8]) -> Result<Vec<Certificate>, Error> {
    let invalid = |reason: String| Error::InvalidArgValue { name: "options.ca".into(), reason };
    let certs = Certificate::from_pem_bundle(pem).map_err(|e| invalid(format!("is not readable PEM: {e}")))?;
    if certs.is_empty() {
        return Err(invalid("holds no PEM certificate".into()));
    }
    // The PEM reader checks only the armour; building a TLS setup with the
    // certificates decodes them, so a bad one fails here and not at the first call.
    let mut probe = reqwest::Client::builder().tls_built_in_root_certs(false);
    for cert in &certs {
        probe = probe.add_root_certificate(cert.clone());
    }
    probe.build().map_err(|e| invalid(format!("holds a certificate that cannot be read: {}", root_cause(&e))))?;
    Ok(certs)
}

/// Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    timeout: Duration,
}

impl ApiClient {
    pub fn new(options: &ClientOptions) -> Result<Self, ApiError> {
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            // The headers carry credentials: never follow a redirect.
            .redirect(reqwest::redirect::Policy::none());
        for cert in &options.extra_roots {
            builder = builder.add_root_certificate(cert.clone());
        }
        let http = builder.build().map_err(|e| {
            ApiError::new(ApiErrorKind::Network, "connect", format!("could not set up HTTPS: {}", root_cause(&e)))
        })?;
        Ok(ApiClient { http, timeout: options.timeout })
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Sends `request`: the body of a successful answer, and what was done.
    pub async fn call(&self, operation: &'static str, request: RequestBuilder) -> (Result<Vec<u8>, ApiError>, Trace) {
        let request = match request.build() {
            Ok(request) => request,
            Err(e) => return (Err(transport_error(operation, &e, None)), Trace::default()),
        };
        let mut trace =
            Trace { method: request.method().to_string(), path: request.url().path().to_owned(), status: None };
        // reqwest names no URL in errors met while reading a body: keep our own.
        let place = format!("{}{}", request.url().origin().ascii_serialization(), request.url().path());
        let exchange = async {
            let response =
                self.http.execute(request).await.map_err(|e| transport_error(operation, &e, Some(&place)))?;
            let status = response.status();
            let location =
                response.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let body = read_limited(response, status.is_success()).await.map_err(|e| match e {
                BodyError::TooLarge => ApiError::new(
                    ApiErrorKind::BadResponse,
                    operation,
                    format!("the response body is larger than {} MiB", MAX_BODY_BYTES >> 20),
                ),
                BodyError::Transport(e) => transport_error(operation, &e, Some(&place)),
            })?;
            classify(operation, status, location.as_deref(), body).map(|body| (status.as_u16(), body))
        };
        let result = match tokio::time::timeout(self.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(ApiError::new(
                ApiErrorKind::Timeout,
                operation,
                format!("no complete answer within {} ms", self.timeout.as_millis()),
            )),
        };
        trace.status = match &result {
            Ok((status, _)) => Some(*status),
            Err(e) => e.status,
        };
        (result.map(|(_, body)| body), trace)
    }
}

/// What a call did, for `NODE_DEBUG=opentok`: no host, no query, no headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    pub method: String,
    pub path: String,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
}

/// Why a body could not be read.
pub enum BodyError {
    TooLarge,
    Transport(reqwest::Error),
}

/// The innermost message of an error chain ("Connection refused (os error 111)").
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

fn transport_error(operation: &'static str, error: &reqwest::Error, place: Option<&str>) -> ApiError {
    let kind = if error.is_timeout() { ApiErrorKind::Timeout } else { ApiErrorKind::Network };
    let place = place.unwrap_or("the server");
    let doing = if error.is_body() || error.is_decode() {
        "the connection broke while reading the response from"
    } else {
        "could not reach"
    };
    let mut api = ApiError::new(kind, operation, format!("{doing} {place}: {}", root_cause(error)));
    api.status = error.status().map(|s| s.as_u16());
    api
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_are_whole_positive_milliseconds() {
        assert_eq!(parse_timeout_ms(1500.0).unwrap(), Duration::from_millis(1500));
        for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 2_147_483_648.0] {
            assert!(parse_timeout_ms(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ca_must_hold_a_readable_certificate() {
        assert!(parse_ca(b"not a pem").is_err());
        assert!(parse_ca(b"").is_err());
        let not_a_certificate = b"-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n";
        let err = parse_ca(not_a_certificate).unwrap_err();
        assert_eq!(err.code(), "ERR_INVALID_ARG_VALUE");
    }
}
