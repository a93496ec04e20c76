//! Reading and judging an answer: size limit, status, Errors documents.

use reqwest::{Response, StatusCode};

use super::client::BodyError;
use crate::error::{ApiError, ApiErrorKind};
use crate::xml;

pub const MAX_BODY_BYTES: usize = 1 << 20;

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

fn kind_for_code(code: u16) -> ApiErrorKind {
    match code {
        401 | 403 => ApiErrorKind::Auth,
        404 => ApiErrorKind::NotFound,
        _ => ApiErrorKind::Server,
    }
}

/// The body of a successful answer, or the error the status or an Errors
/// document (which the server may send with HTTP 200) stands for.
pub fn classify(
    operation: &'static str,
    status: StatusCode,
    location: Option<&str>,
    body: Vec<u8>,
) -> Result<Vec<u8>, ApiError> {
    let server = xml::parse_server_error(&body);
    if status.is_success() && server.is_none() {
        return Ok(body);
    }
    let kind = match (&server, status.is_success()) {
        (Some(err), true) => err.code.parse().map_or(ApiErrorKind::Server, kind_for_code),
        _ => kind_for_code(status.as_u16()),
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

    #[test]
    fn success_passes_the_body_through() {
        assert_eq!(classify("op", StatusCode::OK, None, b"http://x".to_vec()).unwrap(), b"http://x");
    }

    #[test]
    fn statuses_map_to_kinds() {
        let kind = |code: u16| classify("op", StatusCode::from_u16(code).unwrap(), None, Vec::new()).unwrap_err().kind;
        assert_eq!(kind(401), ApiErrorKind::Auth);
        assert_eq!(kind(403), ApiErrorKind::Auth);
        assert_eq!(kind(404), ApiErrorKind::NotFound);
        assert_eq!(kind(500), ApiErrorKind::Server);
        assert_eq!(kind(302), ApiErrorKind::Server);
    }

    #[test]
    fn errors_documents_count_even_with_http_200() {
        let err = classify("createSession", StatusCode::OK, None, FORBIDDEN.to_vec()).unwrap_err();
        assert_eq!(err.kind, ApiErrorKind::Auth);
        assert_eq!(err.server.as_ref().unwrap().message, "Invalid partner credentials");
        assert_eq!(err.to_string(), "createSession failed: HTTP 200 OK: Invalid partner credentials (code 403)");
    }

    #[test]
    fn redirects_name_their_target() {
        let err = classify("op", StatusCode::FOUND, Some("http://elsewhere/"), Vec::new()).unwrap_err();
        assert!(err.detail.contains("http://elsewhere/"), "{}", err.detail);
        assert_eq!(err.status, Some(302));
    }
}
