//! `<Errors>`: the error document the OpenTok server answers with.

use super::reader::{at, walk, Node};
use super::XmlError;
use crate::error::ServerError;

/// Reads an `<Errors><error code=".."><kind message=".."/></error></Errors>`
/// document. `None` unless the body is well-formed XML whose root is
/// `<Errors>` holding an `<error>`.
///
/// Only the first `<error>` counts. Its message is the first child's
/// non-blank `message` attribute, else that child's trimmed text, else the
/// child's element name; "" when the `<error>` has no child element.
pub fn parse_server_error(body: &[u8]) -> Option<ServerError> {
    let mut errors = 0usize;
    let mut code = None;
    let mut children = 0usize;
    let mut child: Option<(String, Option<String>)> = None;
    let mut text = String::new();
    walk(body, |path, node| {
        match node {
            Node::Open(element) if path.is_empty() && element.name != "Errors" => {
                return Err(XmlError::unexpected_root(&element.name))
            }
            Node::Open(element) if element.name == "error" && at(path, &["Errors"]) => {
                errors += 1;
                if errors == 1 {
                    code = Some(element.attr_or_empty("code"));
                }
            }
            Node::Open(element) if errors == 1 && at(path, &["Errors", "error"]) => {
                children += 1;
                if children == 1 {
                    let message = element.attr("message").filter(|m| !m.trim().is_empty());
                    child = Some((element.name.clone(), message.map(str::to_owned)));
                }
            }
            Node::Text(part)
                if errors == 1 && children == 1 && path.len() == 3 && at(&path[..2], &["Errors", "error"]) =>
            {
                text.push_str(part);
            }
            _ => {}
        }
        Ok(())
    })
    .ok()?;
    let message = match child {
        None => String::new(),
        Some((_, Some(message))) => message,
        Some((name, None)) => match text.trim() {
            "" => name,
            trimmed => trimmed.to_owned(),
        },
    };
    Some(ServerError { code: code?, message })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Option<ServerError> {
        parse_server_error(body.as_bytes())
    }

    fn error(code: &str, message: &str) -> Option<ServerError> {
        Some(ServerError { code: code.into(), message: message.into() })
    }

    #[test]
    fn recorded_response() {
        let body = r#"<Errors><error code="403"><forbidden message="Invalid partner credentials"/></error></Errors>"#;
        assert_eq!(parse(body), error("403", "Invalid partner credentials"));
    }

    #[test]
    fn declaration_white_space_quotes_and_entities() {
        let body = "\u{FEFF}<?xml version=\"1.0\"?>\n<Errors>\n  <error code='404'>\n    <notFound extra=\"1\" message='Archive &quot;x&quot; &amp; co &#233;'></notFound>\n  </error>\n</Errors>\n";
        assert_eq!(parse(body), error("404", "Archive \"x\" & co é"));
    }

    #[test]
    fn message_falls_back_to_text_then_element_name() {
        assert_eq!(
            parse("<Errors><error code='500'><internal> Something <![CDATA[broke]]> </internal></error></Errors>"),
            error("500", "Something broke")
        );
        assert_eq!(parse("<Errors><error code='400'><badRequest/></error></Errors>"), error("400", "badRequest"));
        assert_eq!(
            parse("<Errors><error code='400'><badRequest message=' '>text</badRequest></error></Errors>"),
            error("400", "text")
        );
    }

    #[test]
    fn first_error_and_first_child_win() {
        let body = "<Errors><error code='403'><forbidden message='a'/><other message='b'/></error><error code='500'><x message='c'/></error></Errors>";
        assert_eq!(parse(body), error("403", "a"));
    }

    #[test]
    fn error_without_child_or_code() {
        assert_eq!(parse("<Errors><error code='503'/></Errors>"), error("503", ""));
        assert_eq!(parse("<Errors><error><forbidden message='m'/></error></Errors>"), error("", "m"));
    }

    #[test]
    fn none_unless_an_errors_document_with_an_error() {
        for body in [
            "<Errors/>",
            "<Errors><warning code='1'/></Errors>",
            "<errors><error code='403'/></errors>",
            "<sessions><Session><session_id>x</session_id></Session></sessions>",
            "<manifest archiveid='a'/>",
            "<html><body>502 Bad Gateway</body></html>",
            "Internal Server Error",
            "",
            "<Errors><error code='403'><forbidden message='m'/></error>",
            "<Errors><error code='403'><forbidden message='m'></error></Errors>",
            "<!DOCTYPE Errors><Errors><error code='403'/></Errors>",
        ] {
            assert_eq!(parse(body), None, "{body}");
        }
        assert_eq!(parse_server_error(b"<Errors><error code='\xff'/></Errors>"), None);
    }
}
