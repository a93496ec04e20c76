//! The SDK's connection options and the pooled HTTP client built from them.

use std::time::Duration;

use reqwest::Certificate;

use crate::error::Error;

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

/// The pooled HTTP client of one SDK object.
pub(super) fn build_client(options: &ClientOptions) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        // The headers carry credentials: never follow a redirect.
        .redirect(reqwest::redirect::Policy::none());
    for cert in &options.extra_roots {
        builder = builder.add_root_certificate(cert.clone());
    }
    builder.build().map_err(|e| format!("could not set up HTTPS: {}", root_cause(&e)))
}

/// The innermost message of an error chain ("Connection refused (os error 111)").
pub(super) fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
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
