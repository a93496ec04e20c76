//! The XML bodies of the OpenTok REST API: archive manifests, created
//! sessions, and the `<Errors>` and `<errorPayload>` error documents (see
//! docs/protocol.md).
//!
//! Parsing is strict about well-formedness (quick-xml checks end tags) and
//! never expands entities beyond the five predefined ones and character
//! references: a `<!DOCTYPE` is rejected outright.

mod error_payload;
mod errors;
mod manifest;
mod reader;
mod session;
#[cfg(test)]
mod test_writer;

pub use error_payload::parse_error_payload;
pub use errors::parse_server_error;
pub use manifest::parse_manifest;
pub use session::parse_created_session_id;

use std::fmt;

use serde::Serialize;

/// An archive manifest (`GET /archive/getmanifest/<archiveId>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub archive_id: String,
    pub title: String,
    pub videos: Vec<Video>,
    pub timeline: Vec<TimelineEvent>,
}

/// One `<video>` of a manifest's `<resources>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Video {
    pub id: String,
    pub length: String,
    pub name: String,
}

/// One `<event>` of a manifest's `<timeline>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEvent {
    #[serde(rename = "type")]
    pub event_type: String,
    pub id: String,
    pub offset: String,
}

/// Why a body could not be read. Messages never echo more than about 100
/// bytes of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlError {
    /// Not well-formed XML, or XML this module refuses (DOCTYPE).
    Malformed(String),
    /// A required attribute or element is absent or empty.
    MissingField(&'static str),
    /// The document element is not the one expected (its name, clipped).
    UnexpectedRoot(String),
}

/// Longest piece of a body (or of a message built from it) an error carries.
const MAX_ECHO: usize = 100;

impl XmlError {
    pub(crate) fn malformed(detail: impl fmt::Display) -> Self {
        XmlError::Malformed(clip(&detail.to_string()))
    }

    pub(crate) fn unexpected_root(name: &str) -> Self {
        XmlError::UnexpectedRoot(clip(name))
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XmlError::Malformed(detail) => write!(f, "malformed XML: {detail}"),
            XmlError::MissingField(field) => write!(f, "missing field `{field}`"),
            XmlError::UnexpectedRoot(name) => write!(f, "unexpected root element <{name}>"),
        }
    }
}

impl std::error::Error for XmlError {}

/// `text` cut to at most [`MAX_ECHO`] bytes on a character boundary.
fn clip(text: &str) -> String {
    if text.len() <= MAX_ECHO {
        return text.to_owned();
    }
    let mut end = MAX_ECHO;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every error's Display stays short whatever the body held.
    fn assert_short(err: &XmlError) {
        assert!(err.to_string().len() <= MAX_ECHO + 40, "{err}");
    }

    fn run_all(body: &[u8]) {
        if let Err(e) = parse_manifest(body) {
            assert_short(&e);
        }
        if let Err(e) = parse_created_session_id(body) {
            assert_short(&e);
        }
        let _ = parse_server_error(body);
    }

    const TOKENS: &[&str] = &[
        "<",
        ">",
        "</",
        "/>",
        "<?xml version=\"1.0\"?>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<!DOCTYPE x>",
        "manifest",
        "resources",
        "video",
        "timeline",
        "event",
        "sessions",
        "Session",
        "session_id",
        "Errors",
        "error",
        " ",
        "\n",
        "=",
        "\"",
        "'",
        "id",
        "archiveid",
        "code",
        "message",
        "&amp;",
        "&#233;",
        "&#x1F600;",
        "&#0;",
        "&bogus;",
        "&",
        "x",
        "\u{FEFF}",
        "é",
        "\u{0}",
    ];

    fn token_soup() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(prop::sample::select(TOKENS), 0..40).prop_map(|tokens| tokens.concat().into_bytes())
    }

    fn mutated_sample() -> impl Strategy<Value = Vec<u8>> {
        let sample = br#"<?xml version="1.0"?><manifest archiveid="a" title="t"><resources><video id="v" length="1" name="n"/></resources><timeline><event type="RECORD_START" id="v" offset="0"/></timeline></manifest>"#;
        (prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6), any::<prop::sample::Index>())
            .prop_map(move |(edits, cut)| {
                let mut bytes = sample.to_vec();
                for (at, byte) in edits {
                    let i = at.index(bytes.len());
                    bytes[i] = byte;
                }
                bytes.truncate(cut.index(bytes.len() + 1));
                bytes
            })
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..512)) {
            run_all(&body);
        }

        #[test]
        fn token_soup_never_panics(body in token_soup()) {
            run_all(&body);
        }

        #[test]
        fn mutated_documents_never_panic(body in mutated_sample()) {
            run_all(&body);
        }
    }

    #[test]
    fn deep_nesting_is_handled_without_recursion() {
        let open = "<a>".repeat(200_000);
        let body = format!(r#"<manifest archiveid="x">{open}"#);
        assert!(matches!(parse_manifest(body.as_bytes()), Err(XmlError::Malformed(_))));
        let body = format!(r#"<manifest archiveid="x">{open}{}</manifest>"#, "</a>".repeat(200_000));
        assert_eq!(parse_manifest(body.as_bytes()).map(|m| m.archive_id), Ok("x".to_owned()));
    }

    #[test]
    fn long_names_are_clipped_in_errors() {
        let name = "é".repeat(500);
        let body = format!("<{name}/>");
        match parse_manifest(body.as_bytes()) {
            Err(XmlError::UnexpectedRoot(root)) => assert!(root.len() <= MAX_ECHO + 3),
            other => panic!("{other:?}"),
        }
        let body = format!("<manifest archiveid='x'><{name}></b></manifest>");
        let err = parse_manifest(body.as_bytes()).unwrap_err();
        assert!(matches!(err, XmlError::Malformed(_)));
        assert_short(&err);
    }

    #[test]
    fn display_is_short_and_readable() {
        assert_eq!(XmlError::MissingField("archiveid").to_string(), "missing field `archiveid`");
        assert_eq!(XmlError::unexpected_root("html").to_string(), "unexpected root element <html>");
        assert!(XmlError::malformed("x").to_string().starts_with("malformed XML: "));
    }
}
