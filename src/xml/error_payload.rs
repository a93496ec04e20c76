//! `<errorPayload>`: the XML error document of today's service, sent to
//! clients that do not ask for JSON.

use super::reader::{at, walk, Node};
use super::XmlError;
use crate::error::ServerError;

/// Reads `<errorPayload><code>..</code><message>..</message></errorPayload>`:
/// the trimmed texts of the first `<code>` and `<message>`. `None` unless the
/// body is well-formed XML with that root and a non-empty message.
pub fn parse_error_payload(body: &[u8]) -> Option<ServerError> {
    let mut code = String::new();
    let mut message = String::new();
    walk(body, |path, node| {
        match node {
            Node::Open(element) if path.is_empty() && element.name != "errorPayload" => {
                return Err(XmlError::unexpected_root(&element.name))
            }
            Node::Text(text) if at(path, &["errorPayload", "code"]) => code.push_str(text),
            Node::Text(text) if at(path, &["errorPayload", "message"]) => message.push_str(text),
            _ => {}
        }
        Ok(())
    })
    .ok()?;
    let message = message.trim();
    (!message.is_empty()).then(|| ServerError { code: code.trim().to_owned(), message: message.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_code_and_message() {
        let body = b"<?xml version=\"1.0\"?><errorPayload><code> 1004 </code><message>Invalid &amp; old</message></errorPayload>";
        assert_eq!(
            parse_error_payload(body),
            Some(ServerError { code: "1004".into(), message: "Invalid & old".into() })
        );
    }

    #[test]
    fn anything_else_is_none() {
        assert_eq!(parse_error_payload(b"<errorPayload><code>1</code></errorPayload>"), None);
        assert_eq!(parse_error_payload(b"<Errors><message>x</message></Errors>"), None);
        assert_eq!(parse_error_payload(b"<errorPayload><message>x</message>"), None);
        assert_eq!(parse_error_payload(b"not xml"), None);
    }
}
