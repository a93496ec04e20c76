//! The SDK's connection options and the pooled HTTP client built from them.

use std::time::Duration;

use super::tls::{client_config, Trust};
use crate::error::Error;

pub const USER_AGENT: &str = concat!("opentok-native/", env!("CARGO_PKG_VERSION"));
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(20_000);

/// The proxy variables reqwest reads when a client is built, upper case first.
const PROXY_VARIABLES: [&str; 6] = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

/// What the SDK's options say about connections.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub timeout: Duration,
    pub trust: Trust,
    /// `options.proxy`: every request goes through it, whatever the environment says.
    pub proxy: Option<reqwest::Url>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions { timeout: DEFAULT_TIMEOUT, trust: Trust::default(), proxy: None }
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

/// `options.proxy`: an `http://` or `https://` URL, credentials allowed.
pub fn parse_proxy(text: &str) -> Result<reqwest::Url, Error> {
    let invalid = |reason: &str| Error::InvalidArgValue { name: "options.proxy".into(), reason: reason.into() };
    let url = reqwest::Url::parse(text).map_err(|_| invalid("must be an http:// or https:// URL"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("must be an http:// or https:// URL with a host"));
    }
    Ok(url)
}

/// The pooled HTTP client of one SDK object.
pub(super) fn build_client(options: &ClientOptions) -> Result<reqwest::Client, String> {
    let tls = client_config(&options.trust).map_err(|e| format!("could not set up HTTPS: {e}"))?;
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .use_preconfigured_tls(tls)
        // The headers carry credentials: never follow a redirect.
        .redirect(reqwest::redirect::Policy::none())
        // The service speaks HTTP/1.1; no HTTP/2 negotiation per connection.
        .http1_only();
    if let Some(proxy) = &options.proxy {
        let proxy = reqwest::Proxy::all(proxy.as_str()).map_err(|e| format!("could not use the proxy: {e}"))?;
        builder = builder.proxy(proxy);
    }
    builder.build().map_err(|e| format!("could not set up HTTPS: {}", root_cause(&e)))
}

/// The credentials of the proxies the client may use (`options.proxy`, else
/// the environment's), as they could show in error text: never to be shown.
pub(super) fn proxy_credentials(options: &ClientOptions) -> Vec<String> {
    let urls: Vec<reqwest::Url> = match &options.proxy {
        Some(url) => vec![url.clone()],
        None => PROXY_VARIABLES
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .filter_map(|value| {
                let with_scheme = if value.contains("://") { value } else { format!("http://{value}") };
                reqwest::Url::parse(&with_scheme).ok()
            })
            .collect(),
    };
    let mut secrets = Vec::new();
    for url in urls {
        let decoded = |text: &str| percent_decode(text);
        if !url.username().is_empty() {
            secrets.push(url.username().to_owned());
            secrets.push(decoded(url.username()));
        }
        if let Some(password) = url.password() {
            secrets.push(password.to_owned());
            secrets.push(decoded(password));
        }
    }
    secrets.retain(|s| !s.is_empty());
    secrets
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(hi << 4 | lo);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
    fn proxies_are_http_urls_whose_credentials_are_secrets() {
        let url = parse_proxy("http://us%3Aer:p%40ss@127.0.0.1:3128").unwrap();
        assert_eq!(url.port(), Some(3128));
        for bad in ["", "127.0.0.1:3128", "socks5://h:1", "http://"] {
            assert_eq!(parse_proxy(bad).unwrap_err().code(), "ERR_INVALID_ARG_VALUE", "{bad:?}");
        }
        let options = ClientOptions { proxy: Some(url), ..ClientOptions::default() };
        let secrets = proxy_credentials(&options);
        for expected in ["us%3Aer", "us:er", "p%40ss", "p@ss"] {
            assert!(secrets.contains(&expected.to_owned()), "{expected} in {secrets:?}");
        }
    }

    #[test]
    fn clients_build_for_every_trust() {
        assert!(build_client(&ClientOptions::default()).is_ok());
    }
}
