//! `<sessions>`: the ID of a session just created.

use super::reader::{at, walk, Node};
use super::XmlError;

/// Parses the body of `POST /hl/session/create`: the trimmed text (plain,
/// CDATA or references) of the first `<session_id>` of the first
/// `<Session>` under `<sessions>`.
pub fn parse_created_session_id(body: &[u8]) -> Result<String, XmlError> {
    let mut sessions = 0usize;
    let mut ids = 0usize;
    let mut id = String::new();
    walk(body, |path, node| {
        match node {
            Node::Open(element) if path.is_empty() && element.name != "sessions" => {
                return Err(XmlError::unexpected_root(&element.name))
            }
            Node::Open(element) if element.name == "Session" && at(path, &["sessions"]) => {
                sessions += 1;
            }
            Node::Open(element)
                if element.name == "session_id" && sessions == 1 && at(path, &["sessions", "Session"]) =>
            {
                ids += 1;
            }
            Node::Text(text) if sessions == 1 && ids == 1 && at(path, &["sessions", "Session", "session_id"]) => {
                id.push_str(text);
            }
            _ => {}
        }
        Ok(())
    })?;
    match id.trim() {
        "" => Err(XmlError::MissingField("session_id")),
        trimmed => Ok(trimmed.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<String, XmlError> {
        parse_created_session_id(body.as_bytes())
    }

    const SESSION_ID: &str = "1_MX4xNDk3MTI5Mn5-MjAxMi0wNS0xNiAyMzoyMjozNC44NzQ0ODcrMDA6MDB-MC41MDI4NTI2OTA1MzR-";

    #[test]
    fn recorded_response_with_declaration_and_standalone() {
        let body = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sessions><Session><session_id>{SESSION_ID}</session_id><partner_id>123456</partner_id><create_dt>Wed Mar 19 23:35:24 PDT 2014</create_dt></Session></sessions>"#
        );
        assert_eq!(parse(&body), Ok(SESSION_ID.to_owned()));
    }

    #[test]
    fn white_space_bom_comments_and_unknown_elements() {
        let body = format!(
            "\u{FEFF}<?xml version='1.0'?>\n<!-- c -->\n<sessions count='1'>\n  <Session>\n    <partner_id>1</partner_id>\n    <session_id>\n      {SESSION_ID}\n    </session_id>\n  </Session>\n</sessions>\n"
        );
        assert_eq!(parse(&body), Ok(SESSION_ID.to_owned()));
    }

    #[test]
    fn cdata_entities_and_comments_inside_the_text() {
        assert_eq!(
            parse("<sessions><Session><session_id><![CDATA[1_ab<c>]]></session_id></Session></sessions>"),
            Ok("1_ab<c>".to_owned())
        );
        assert_eq!(
            parse("<sessions><Session><session_id> 1_a<!-- x -->&amp;b&#x43;<![CDATA[d]]> </session_id></Session></sessions>"),
            Ok("1_a&bCd".to_owned())
        );
    }

    #[test]
    fn first_session_and_first_id_win() {
        let body = "<sessions><Session><session_id>one</session_id><session_id>two</session_id></Session><Session><session_id>three</session_id></Session></sessions>";
        assert_eq!(parse(body), Ok("one".to_owned()));
        let nested = "<sessions><Session><session_id>a<b>ignored</b>c</session_id></Session></sessions>";
        assert_eq!(parse(nested), Ok("ac".to_owned()));
    }

    #[test]
    fn missing_or_empty_session_id() {
        for body in [
            "<sessions/>",
            "<sessions><Session/></sessions>",
            "<sessions><Session><partner_id>1</partner_id></Session></sessions>",
            "<sessions><Session><session_id/></Session></sessions>",
            "<sessions><Session><session_id> \n </session_id></Session></sessions>",
            "<sessions><session_id>misplaced</session_id></sessions>",
            "<sessions><Session/><Session><session_id>second</session_id></Session></sessions>",
        ] {
            assert_eq!(parse(body), Err(XmlError::MissingField("session_id")), "{body}");
        }
    }

    #[test]
    fn unexpected_root() {
        let errors = r#"<Errors><error code="403"><forbidden message="Invalid partner credentials"/></error></Errors>"#;
        assert_eq!(parse(errors), Err(XmlError::UnexpectedRoot("Errors".into())));
        assert_eq!(
            parse("<Session><session_id>x</session_id></Session>"),
            Err(XmlError::UnexpectedRoot("Session".into()))
        );
    }

    #[test]
    fn malformed_variants() {
        for body in [
            "",
            "1_MX4xNDk3MTI5Mn5",
            "<sessions><Session><session_id>x</session_id></Session>",
            "<sessions><Session><session_id>x</Session></sessions>",
            "<sessions><Session><session_id>x&</session_id></Session></sessions>",
            "<sessions><Session><session_id>x</session_id></Session></sessions><sessions/>",
            "<!DOCTYPE sessions [<!ENTITY id 'x'>]><sessions><Session><session_id>&id;</session_id></Session></sessions>",
        ] {
            assert!(matches!(parse(body), Err(XmlError::Malformed(_))), "{body} -> {:?}", parse(body));
        }
        assert!(matches!(
            parse_created_session_id(b"<sessions><Session><session_id>\xc3\x28</session_id></Session></sessions>"),
            Err(XmlError::Malformed(_))
        ));
    }
}
