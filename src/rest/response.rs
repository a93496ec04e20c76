//! Reading and judging a reply: the size limit, the status, and the error
//! documents of both wires.

use reqwest::{Response, StatusCode};

use crate::error::{ApiError, ApiErrorKind, ServerError};
use crate::xml;

pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Why a body could not be read.
pub enum BodyError {
    TooLarge,
    Transport(reqwest::Error),
}

/// Reads the body, at most [`MAX_BODY_BYTES`]. A larger body of a success is
/// an error; of a failure it is cut short, since only its start is used.
pub async fn read_limited(mut response: Response, is_success: bool) -> Result<Vec<u8>, BodyError> {
    if is_success && response.content_length().is_some_and(|len| len > MAX_BODY_BYTES as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            if is_success {
                return Err(BodyError::TooLarge);
            }
            body.extend_from_slice(&chunk[..MAX_BODY_BYTES - body.len()]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn kind_for_status(code: u16) -> ApiErrorKind {
    match code {
        401 | 403 => ApiErrorKind::Auth,
        404 => ApiErrorKind::NotFound,
        408 | 429 => ApiErrorKind::Server,
        400..=499 => ApiErrorKind::Request,
        _ => ApiErrorKind::Server,
    }
}

/// The `{"code": .., "message": ..}` document of today's service; `code` may
/// be a number or a string.
fn json_server_error(body: &[u8]) -> Option<ServerError> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let message = value.get("message")?.as_str()?.to_owned();
    let code = match value.get("code") {
        Some(serde_json::Value::String(code)) => code.clone(),
        Some(serde_json::Value::Number(code)) => code.to_string(),
        _ => String::new(),
    };
    Some(ServerError { code, message })
}

/// What the server said in an error document of either wire, if it sent one.
/// The body is read for what it is, whatever its label says: a proxy or a
/// mislabelled error page must not hide the server's code and message.
fn server_error(content_type: &str, body: &[u8]) -> Option<ServerError> {
    let json = || json_server_error(body);
    let xml = || xml::parse_server_error(body).or_else(|| xml::parse_error_payload(body));
    if content_type.contains("json") {
        json().or_else(xml)
    } else {
        xml().or_else(json)
    }
}

/// The body of a successful answer, or the error the status or an error
/// document stands for. A legacy `<Errors>` document counts even with HTTP
/// 200, as the 0.3.x server sent some that way.
pub fn classify(
    operation: &'static str,
    status: StatusCode,
    content_type: &str,
    location: Option<&str>,
    body: Vec<u8>,
) -> Result<Vec<u8>, ApiError> {
    let server = if status.is_success() { xml::parse_server_error(&body) } else { server_error(content_type, &body) };
    if status.is_success() && server.is_none() {
        return Ok(body);
    }
    let kind = match (&server, status.is_success()) {
        (Some(err), true) => err.code.parse().map_or(ApiErrorKind::Server, kind_for_status),
        _ => kind_for_status(status.as_u16()),
    };
    let mut detail = format!("HTTP {}", status.as_u16());
    if let Some(reason) = status.canonical_reason() {
        detail = format!("{detail} {reason}");
    }
    if status.is_redirection() {
        detail.push_str(&format!(
            " to {} (redirects are not followed: the request carries credentials)",
            location.unwrap_or("?")
        ));
    }
    if let Some(err) = &server {
        detail.push_str(&format!(": {} (code {})", err.message, err.code));
    }
    Err(ApiError { kind, operation, detail, status: Some(status.as_u16()), server })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORBIDDEN: &[u8] =
        br#"<Errors><error code="403"><forbidden message="Invalid partner credentials"/></error></Errors>"#;

    fn fail(status: u16, content_type: &str, body: &[u8]) -> ApiError {
        classify("op", StatusCode::from_u16(status).unwrap(), content_type, None, body.to_vec()).unwrap_err()
    }

    #[test]
    fn success_passes_the_body_through() {
        assert_eq!(classify("op", StatusCode::OK, "text/plain", None, b"http://x".to_vec()).unwrap(), b"http://x");
    }

    #[test]
    fn statuses_map_to_kinds() {
        let kind = |code: u16| fail(code, "", b"").kind;
        assert_eq!(kind(401), ApiErrorKind::Auth);
        assert_eq!(kind(403), ApiErrorKind::Auth);
        assert_eq!(kind(404), ApiErrorKind::NotFound);
        assert_eq!(kind(400), ApiErrorKind::Request);
        assert_eq!(kind(409), ApiErrorKind::Request);
        assert_eq!(kind(429), ApiErrorKind::Server);
        assert_eq!(kind(500), ApiErrorKind::Server);
        assert_eq!(kind(302), ApiErrorKind::Server);
    }

    #[test]
    fn errors_documents_count_even_with_http_200() {
        let err = classify("createSession", StatusCode::OK, "text/xml", None, FORBIDDEN.to_vec()).unwrap_err();
        assert_eq!(err.kind, ApiErrorKind::Auth);
        assert_eq!(err.server.as_ref().unwrap().message, "Invalid partner credentials");
        assert_eq!(err.to_string(), "createSession failed: HTTP 200 OK: Invalid partner credentials (code 403)");
    }

    #[test]
    fn reads_the_json_and_xml_errors_of_todays_service() {
        let err = fail(403, "application/json", br#"{"code":-1,"message":"Invalid signature","description":"x"}"#);
        assert_eq!(err.server, Some(ServerError { code: "-1".into(), message: "Invalid signature".into() }));
        assert_eq!(err.to_string(), "op failed: HTTP 403 Forbidden: Invalid signature (code -1)");
        let err = fail(400, "application/json; charset=utf-8", br#"{"code":"1004","message":"bad"}"#);
        assert_eq!((err.kind, err.server.unwrap().code), (ApiErrorKind::Request, "1004".to_owned()));
        let xml = b"<errorPayload><code>1004</code><message>Invalid location</message></errorPayload>";
        let err = fail(400, "text/xml", xml);
        assert_eq!(err.server, Some(ServerError { code: "1004".into(), message: "Invalid location".into() }));
        assert_eq!(fail(500, "application/json", b"{not json").server, None);
        assert_eq!(fail(403, "text/xml", FORBIDDEN).server.unwrap().code, "403");
        assert_eq!(fail(403, "application/json", FORBIDDEN).server.unwrap().code, "403", "mislabelled XML");
        assert_eq!(fail(403, "text/html", br#"{"code":1,"message":"m"}"#).server.unwrap().message, "m");
    }

    #[test]
    fn redirects_name_their_target() {
        let found = StatusCode::FOUND;
        let err = classify("op", found, "", Some("http://elsewhere/"), Vec::new()).unwrap_err();
        assert!(err.detail.contains("http://elsewhere/"), "{}", err.detail);
        assert_eq!(err.status, Some(302));
    }
}
