//! The OpenTok 1.0 archive calls of the 0.3.x surface: an archive's manifest
//! and one video's download URL, authorised by a moderator token. The
//! service retired them in 2014; they are kept for servers that still
//! answer them.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::calls::{params, Call, CallScope};
use crate::error::Error;
use crate::rest::{check_header_value, check_id, segment, Answer, Auth, Reply, Request};
use crate::xml::{self, Manifest};

pub const CALLS: &[Call] = &[
    Call { name: "getArchiveManifest", prepare: |scope, json| manifest(scope, params(json)?) },
    Call { name: "downloadArchiveURL", prepare: |scope, json| download_url(scope, params(json)?) },
];

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetManifest {
    pub archive_id: String,
    pub token: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetDownloadUrl {
    pub archive_id: String,
    pub video_id: String,
    pub token: String,
}

pub fn manifest(_: &CallScope<'_>, params: GetManifest) -> Result<Request, Error> {
    check_id("archiveId", &params.archive_id)?;
    check_header_value("token", &params.token)?;
    let path = format!("/archive/getmanifest/{}", segment(&params.archive_id));
    Ok(Request::new::<Manifest>("getArchiveManifest", Method::GET, path, Auth::Token(params.token)))
}

pub fn download_url(_: &CallScope<'_>, params: GetDownloadUrl) -> Result<Request, Error> {
    check_id("archiveId", &params.archive_id)?;
    check_id("videoId", &params.video_id)?;
    check_header_value("token", &params.token)?;
    let path = format!("/hl/archive/url/{}/{}", segment(&params.archive_id), segment(&params.video_id));
    Ok(Request::new::<DownloadUrl>("downloadArchiveURL", Method::GET, path, Auth::Token(params.token)))
}

impl Answer for Manifest {
    const ACCEPT: Option<&'static str> = None;

    fn read(reply: &Reply<'_>) -> Result<Self, String> {
        xml::parse_manifest(reply.body).map_err(|e| e.to_string())
    }
}

/// One video's download URL: an http(s) URL as plain text.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct DownloadUrl(pub String);

impl Answer for DownloadUrl {
    const ACCEPT: Option<&'static str> = None;

    fn read(reply: &Reply<'_>) -> Result<Self, String> {
        let text = std::str::from_utf8(reply.body).map_err(|_| "the URL is not UTF-8 text".to_owned())?;
        let url = text.trim();
        let is_http = url.starts_with("http://") || url.starts_with("https://");
        let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
        if !is_http || !clean || reqwest::Url::parse(url).is_err() {
            let shown: String = url.chars().take(80).collect();
            return Err(format!("expected a download URL, got {shown:?}"));
        }
        Ok(DownloadUrl(url.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(body: &[u8]) -> Result<String, String> {
        DownloadUrl::read(&Reply { content_type: "text/plain", body }).map(|u| u.0)
    }

    #[test]
    fn download_urls_must_be_http_urls() {
        assert_eq!(url(b"  http://127.0.0.1:1/a.flv\n").unwrap(), "http://127.0.0.1:1/a.flv");
        assert_eq!(url(b"https://x.example/v?sig=1").unwrap(), "https://x.example/v?sig=1");
        for bad in [&b""[..], b"ftp://x", b"<html>", b"http://a b", b"\xff\xfe"] {
            assert!(url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn bad_xml_does_not_read_as_a_manifest() {
        assert!(Manifest::read(&Reply { content_type: "text/xml", body: b"garbage" }).is_err());
    }

    #[test]
    fn ids_stay_one_segment_and_tokens_go_in_the_header() {
        let scope = CallScope { api_key: "1", protocol: crate::calls::Protocol::Legacy };
        let params = GetDownloadUrl { archive_id: "a/b".into(), video_id: "v?1".into(), token: "T1==x".into() };
        let request = download_url(&scope, params).unwrap();
        assert_eq!(request.path(), "/hl/archive/url/a%2Fb/v%3F1");
        assert_eq!(request.auth(), &Auth::Token("T1==x".into()));
        let bad = GetManifest { archive_id: "a\r\nX: 1".into(), token: "T1==x".into() };
        assert_eq!(manifest(&scope, bad).unwrap_err().code(), "ERR_INVALID_ARG_VALUE");
    }
}
