//! Where REST calls go: `sdk.api_url` turned into a base URL, and request
//! paths built from IDs that each stay one path segment.

use crate::error::Error;

/// A base URL such as `https://api.opentok.com` or `http://127.0.0.1:9000/prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    base: String,
    /// `base` parsed, once: a request's URL is this with its path and query
    /// set, so the host is not parsed (and IDNA-mapped) again per call.
    parsed: reqwest::Url,
}

/// Characters that pass through a path segment unescaped (RFC 3986 unreserved).
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Control characters, and the line and paragraph separators some parsers treat as line ends.
fn has_control(value: &str) -> bool {
    value.chars().any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
}

impl Endpoint {
    /// A bare `host[:port]` means HTTPS, as in the original; a full
    /// `http://` or `https://` URL, with an optional path prefix, is used as is.
    pub fn parse(api_url: &str) -> Result<Self, Error> {
        let invalid = |reason: &str| Error::InvalidArgValue { name: "api_url".into(), reason: reason.into() };
        let trimmed = api_url.trim();
        if trimmed.is_empty() {
            return Err(invalid("must be a host name or an http(s) URL, got an empty string"));
        }
        if has_control(trimmed) || trimmed.contains(char::is_whitespace) {
            return Err(invalid("must not contain white space or control characters"));
        }
        let base = if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
            trimmed.to_owned()
        } else if trimmed.contains("://") {
            return Err(invalid("must use http:// or https://"));
        } else {
            format!("https://{trimmed}")
        };
        let base = base.trim_end_matches('/').to_owned();
        match reqwest::Url::parse(&base) {
            Ok(parsed) if parsed.host_str().is_some_and(|host| !host.is_empty()) => Ok(Endpoint { base, parsed }),
            _ => Err(invalid(&format!("is not a valid URL: {base:?}"))),
        }
    }

    /// The URL a request for `path` (which starts with `/`) is sent to, with
    /// `query` form-encoded after it.
    pub fn request_url(&self, path: &str, query: &[(&str, String)]) -> reqwest::Url {
        let mut url = self.parsed.clone();
        let prefix = url.path().trim_end_matches('/');
        let mut full = String::with_capacity(prefix.len() + path.len());
        full.push_str(prefix);
        full.push_str(path);
        url.set_path(&full);
        if !query.is_empty() {
            let mut text = String::with_capacity(16 * query.len());
            push_query(&mut text, query);
            url.set_query(Some(&text));
        }
        url
    }

    /// The URL of `path` (which starts with `/`) with `query` form-encoded
    /// after it, as text: what [`request_url`](Self::request_url) is checked against.
    #[cfg(test)]
    pub fn url(&self, path: &str, query: &[(&str, String)]) -> String {
        let mut url = String::with_capacity(self.base.len() + path.len() + 16 * query.len());
        url.push_str(&self.base);
        url.push_str(path);
        if !query.is_empty() {
            url.push('?');
            push_query(&mut url, query);
        }
        url
    }

    /// Scheme, host and port, for error messages (no path, no query).
    pub fn origin(&self) -> &str {
        let after_scheme = self.base.find("://").map_or(0, |i| i + 3);
        self.base[after_scheme..].find('/').map_or(&self.base, |i| &self.base[..after_scheme + i])
    }
}

/// `id` percent-encoded as exactly one path segment (RFC 3986 unreserved kept).
pub fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xF) as usize] as char);
        }
    }
    out
}

/// Appends `query` as `name=value` pairs joined by `&`, form-encoded.
fn push_query(out: &mut String, query: &[(&str, String)]) {
    for (i, (name, value)) in query.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_form_encoded(out, name);
        out.push('=');
        push_form_encoded(out, value);
    }
}

/// Appends `text` with `application/x-www-form-urlencoded` escaping, as `URLSearchParams` writes it.
fn push_form_encoded(out: &mut String, text: &str) {
    for b in text.bytes() {
        match b {
            b'*' | b'-' | b'.' | b'_' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' => out.push(b as char),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xF) as usize] as char);
            }
        }
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// An archive or video ID: non-empty, no control characters, and not `.` or
/// `..`, which URL parsers would resolve away even when percent-encoded.
pub fn check_id(name: &str, id: &str) -> Result<(), Error> {
    let invalid = |reason: &str| Error::InvalidArgValue { name: name.into(), reason: reason.into() };
    if id.is_empty() {
        return Err(invalid("must not be empty"));
    }
    if has_control(id) {
        return Err(invalid("must not contain control characters"));
    }
    if id == "." || id == ".." {
        return Err(invalid("must not be \".\" or \"..\""));
    }
    Ok(())
}

/// A value sent in a header (a token): visible ASCII only.
pub fn check_header_value(name: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return Err(Error::InvalidArgValue {
            name: name.into(),
            reason: "must be a non-empty string of printable ASCII characters (no control characters)".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_hosts_mean_https_and_urls_are_kept() {
        assert_eq!(Endpoint::parse("api.opentok.com").unwrap().base, "https://api.opentok.com");
        assert_eq!(Endpoint::parse("localhost:9000").unwrap().base, "https://localhost:9000");
        assert_eq!(Endpoint::parse("http://127.0.0.1:9000").unwrap().base, "http://127.0.0.1:9000");
        assert_eq!(Endpoint::parse("https://h.example/v2/").unwrap().base, "https://h.example/v2");
        let url = Endpoint::parse("http://127.0.0.1:9000/prefix").unwrap().url("/hl/session/create", &[]);
        assert_eq!(url, "http://127.0.0.1:9000/prefix/hl/session/create");
    }

    #[test]
    fn request_urls_are_the_urls_parsed() {
        let query = [("offset", "10".to_owned()), ("sessionId", "S x/y&é*".to_owned())];
        for base in ["http://127.0.0.1:9000", "https://h.example/prefix/", "api.opentok.com", "http://[::1]:8080/a/b"] {
            let e = Endpoint::parse(base).unwrap();
            for path in ["/session/create", &format!("/v2/project/1/archive/{}", segment("../a b/%"))] {
                for query in [&query[..], &[]] {
                    let expected = reqwest::Url::parse(&e.url(path, query)).unwrap();
                    assert_eq!(e.request_url(path, query), expected, "{base} {path} {query:?}");
                }
            }
        }
    }

    #[test]
    fn refuses_what_is_not_an_endpoint() {
        for bad in ["", "  ", "ftp://x", "http://", "http://a b", "ho\nst", "https://"] {
            assert!(Endpoint::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn ids_stay_one_path_segment_each() {
        let e = Endpoint::parse("http://h").unwrap();
        let path = format!("/hl/archive/url/{}/{}", segment("a/b"), segment("../c"));
        assert_eq!(e.url(&path, &[]), "http://h/hl/archive/url/a%2Fb/..%2Fc");
        assert_eq!(segment("5f74aee5-ab3f"), "5f74aee5-ab3f");
        assert_eq!(segment("a?b#c%d é"), "a%3Fb%23c%25d%20%C3%A9");
        let parsed = reqwest::Url::parse(&e.url(&format!("/archive/getmanifest/{}", segment("../../x")), &[])).unwrap();
        assert_eq!(parsed.path(), "/archive/getmanifest/..%2F..%2Fx");
    }

    #[test]
    fn queries_are_form_encoded_as_url_search_params_does() {
        let e = Endpoint::parse("https://h.example/prefix").unwrap();
        let query = [("offset", "10".to_owned()), ("sessionId", "S x/y&é*".to_owned())];
        assert_eq!(e.url("/v2/a", &query), "https://h.example/prefix/v2/a?offset=10&sessionId=S+x%2Fy%26%C3%A9*");
        assert_eq!(e.origin(), "https://h.example");
        assert_eq!(Endpoint::parse("127.0.0.1:9").unwrap().origin(), "https://127.0.0.1:9");
    }

    #[test]
    fn ids_and_tokens_with_control_characters_are_refused() {
        assert!(check_id("archiveId", "abc").is_ok());
        assert!(check_id("archiveId", "a\r\nX-Injected: 1").is_err());
        assert!(check_id("archiveId", "a\u{2028}b").is_err());
        assert!(check_id("videoId", "a\u{85}b").is_err());
        assert!(check_id("archiveId", "..").is_err());
        assert!(check_id("archiveId", "").is_err());
        assert!(check_header_value("token", "T1==abc").is_ok());
        assert!(check_header_value("token", "T1==abc\r\nX: y").is_err());
        assert!(check_header_value("token", "T1==\u{e9}").is_err());
    }
}
