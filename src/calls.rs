//! The three REST calls of the SDK, each split in two: building the request
//! checks every argument at once (so bad input throws where it was passed),
//! and running it does the network part.

use reqwest::header::CONTENT_TYPE;
use reqwest::RequestBuilder;

use crate::error::{ApiError, ApiErrorKind, Error};
use crate::http::{check_header_value, check_id, ApiClient, Endpoint, Trace};
use crate::session::{create_form, Property};
use crate::xml::{self, Manifest};

const SESSION_CREATE: &str = "/hl/session/create";
const GET_MANIFEST: &str = "/archive/getmanifest/";
const GET_URL: &str = "/hl/archive/url/";

/// A checked request, ready to send.
pub struct Call<T> {
    client: ApiClient,
    operation: &'static str,
    request: RequestBuilder,
    parse: fn(&'static str, Vec<u8>) -> Result<T, ApiError>,
    /// The credential the request carries, scrubbed from any error text.
    credential: String,
}

impl<T> Call<T> {
    pub async fn run(self) -> (Result<T, ApiError>, Trace) {
        let (body, trace) = self.client.call(self.operation, self.request).await;
        let result = body.and_then(|body| (self.parse)(self.operation, body));
        (result.map_err(|e| e.redacted(&[&self.credential])), trace)
    }
}

fn bad_response(operation: &'static str, detail: impl std::fmt::Display) -> ApiError {
    ApiError::new(ApiErrorKind::BadResponse, operation, format!("unexpected response: {detail}"))
}

fn parse_session_id(operation: &'static str, body: Vec<u8>) -> Result<String, ApiError> {
    xml::parse_created_session_id(&body).map_err(|e| bad_response(operation, e))
}

fn parse_manifest(operation: &'static str, body: Vec<u8>) -> Result<Manifest, ApiError> {
    xml::parse_manifest(&body).map_err(|e| bad_response(operation, e))
}

/// The download URL answer: one http(s) URL as plain text.
fn parse_url(operation: &'static str, body: Vec<u8>) -> Result<String, ApiError> {
    let text = String::from_utf8(body).map_err(|_| bad_response(operation, "the URL is not UTF-8 text"))?;
    let url = text.trim();
    let is_http = url.starts_with("http://") || url.starts_with("https://");
    if !is_http || url.chars().any(|c| c.is_whitespace() || c.is_control()) || reqwest::Url::parse(url).is_err() {
        let shown: String = url.chars().take(80).collect();
        return Err(bad_response(operation, format!("expected a download URL, got {shown:?}")));
    }
    Ok(url.to_owned())
}

pub fn create_session(
    client: ApiClient,
    api_url: &str,
    api_key: &str,
    api_secret: &str,
    location: Option<&str>,
    properties: &[Property],
) -> Result<Call<String>, Error> {
    let endpoint = Endpoint::parse(api_url)?;
    let form = create_form(api_key, location, properties)?;
    let request = client
        .http()
        .post(endpoint.url(SESSION_CREATE, &[]))
        .header("X-TB-PARTNER-AUTH", format!("{api_key}:{api_secret}"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form);
    let credential = api_secret.to_owned();
    Ok(Call { client, operation: "createSession", request, parse: parse_session_id, credential })
}

fn token_request(client: &ApiClient, url: String, token: &str) -> RequestBuilder {
    client.http().get(url).header("X-TB-TOKEN-AUTH", token)
}

pub fn get_archive_manifest(
    client: ApiClient,
    api_url: &str,
    archive_id: &str,
    token: &str,
) -> Result<Call<Manifest>, Error> {
    let endpoint = Endpoint::parse(api_url)?;
    check_id("archiveId", archive_id)?;
    check_header_value("token", token)?;
    let request = token_request(&client, endpoint.url(GET_MANIFEST, &[archive_id]), token);
    Ok(Call { client, operation: "getArchiveManifest", request, parse: parse_manifest, credential: token.to_owned() })
}

pub fn download_archive_url(
    client: ApiClient,
    api_url: &str,
    archive_id: &str,
    video_id: &str,
    token: &str,
) -> Result<Call<String>, Error> {
    let endpoint = Endpoint::parse(api_url)?;
    check_id("archiveId", archive_id)?;
    check_id("videoId", video_id)?;
    check_header_value("token", token)?;
    let request = token_request(&client, endpoint.url(GET_URL, &[archive_id, video_id]), token);
    Ok(Call { client, operation: "downloadArchiveURL", request, parse: parse_url, credential: token.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_urls_must_be_http_urls() {
        assert_eq!(parse_url("op", b"  http://127.0.0.1:1/a.flv\n".to_vec()).unwrap(), "http://127.0.0.1:1/a.flv");
        assert_eq!(parse_url("op", b"https://x.example/v?sig=1".to_vec()).unwrap(), "https://x.example/v?sig=1");
        for bad in [&b""[..], b"ftp://x", b"<html>", b"http://a b", b"\xff\xfe"] {
            let err = parse_url("op", bad.to_vec()).unwrap_err();
            assert_eq!(err.kind, ApiErrorKind::BadResponse);
        }
    }

    #[test]
    fn bad_xml_is_a_bad_response() {
        assert_eq!(
            parse_session_id("createSession", b"<sessions>".to_vec()).unwrap_err().kind,
            ApiErrorKind::BadResponse
        );
        assert_eq!(parse_manifest("op", b"garbage".to_vec()).unwrap_err().kind, ApiErrorKind::BadResponse);
    }
}
