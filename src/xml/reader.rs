//! One pass over a document with quick-xml: checks well-formedness, decodes
//! names, attributes, text, CDATA and references, and hands each element
//! and piece of text to a visitor together with the path of open elements.
//! Iterative: the path lives on the heap, so nesting depth cannot overflow
//! the stack.

use std::borrow::Cow;

use quick_xml::encoding::Decoder;
use quick_xml::escape::{resolve_predefined_entity, EscapeError};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use super::XmlError;

/// A start or self-closing tag with every attribute decoded.
pub(crate) struct Element {
    pub(crate) name: String,
    attributes: Vec<(String, String)>,
}

impl Element {
    /// The value of attribute `key`, if present.
    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The value of attribute `key`, or "" when it is absent.
    pub(crate) fn attr_or_empty(&self, key: &str) -> String {
        self.attr(key).unwrap_or_default().to_owned()
    }
}

/// What the visitor is shown.
pub(crate) enum Node<'n> {
    /// An element starts; the path holds its ancestors.
    Open(&'n Element),
    /// Character data (a text run, a CDATA section or one resolved
    /// reference); the path ends with the element that holds it.
    Text(&'n str),
}

/// Whether `path` is exactly the element names `names`.
pub(crate) fn at(path: &[String], names: &[&str]) -> bool {
    path.iter().map(String::as_str).eq(names.iter().copied())
}

/// Reads all of `body`, calling `visit` for each element and text, and
/// fails on anything that is not a single well-formed UTF-8 document.
pub(crate) fn walk<F>(body: &[u8], mut visit: F) -> Result<(), XmlError>
where
    F: FnMut(&[String], Node<'_>) -> Result<(), XmlError>,
{
    let text = std::str::from_utf8(body)
        .map_err(|e| XmlError::malformed(format_args!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
    // quick-xml skips one leading UTF-8 BOM by itself.
    let mut reader = Reader::from_str(text);
    reader.config_mut().enable_all_checks(true);
    let decoder = reader.decoder();
    let mut path: Vec<String> = Vec::new();
    let mut seen_root = false;
    loop {
        let offset = reader.buffer_position();
        let event = reader.read_event().map_err(|e| failure(reader.error_position(), e))?;
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                if seen_root && path.is_empty() {
                    return Err(XmlError::malformed("more than one root element"));
                }
                seen_root = true;
                let element = element(start, decoder).map_err(|e| failure(offset, e))?;
                visit(&path, Node::Open(&element))?;
                if matches!(event, Event::Start(_)) {
                    path.push(element.name);
                }
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(text) => {
                let text = text.xml10_content().map_err(|e| failure(offset, e))?;
                character_data(&path, &text, &mut visit)?;
            }
            Event::CData(cdata) => {
                let text = cdata.xml10_content().map_err(|e| failure(offset, e))?;
                character_data(&path, &text, &mut visit)?;
            }
            Event::GeneralRef(reference) => {
                let text = resolve(&reference).map_err(|e| failure(offset, e))?;
                character_data(&path, &text, &mut visit)?;
            }
            Event::DocType(_) => return Err(XmlError::malformed("DOCTYPE is not allowed")),
            Event::Decl(_) if seen_root => return Err(XmlError::malformed("XML declaration after the root element")),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    match path.last() {
        Some(open) => Err(XmlError::malformed(format_args!("input ends inside <{open}>"))),
        None if !seen_root => Err(XmlError::malformed("no root element")),
        None => Ok(()),
    }
}

/// A quick-xml failure as `Malformed`, with the byte offset where it was found.
fn failure<E: Into<quick_xml::Error>>(position: u64, error: E) -> XmlError {
    let error: quick_xml::Error = error.into();
    XmlError::malformed(format_args!("byte {position}: {error}"))
}

fn element(start: &BytesStart<'_>, decoder: Decoder) -> Result<Element, quick_xml::Error> {
    let name = decoder.decode(start.name().as_ref())?.into_owned();
    let attributes = start
        .attributes()
        .map(|attribute| {
            let attribute = attribute?;
            let key = decoder.decode(attribute.key.as_ref())?.into_owned();
            let value = attribute.decode_and_unescape_value(decoder)?.into_owned();
            Ok((key, value))
        })
        .collect::<Result<_, quick_xml::Error>>()?;
    Ok(Element { name, attributes })
}

/// The text a `&...;` stands for: a character reference or one of the five
/// predefined entities. Anything else would need a DTD, which is refused.
fn resolve(reference: &BytesRef<'_>) -> Result<Cow<'static, str>, quick_xml::Error> {
    if let Some(ch) = reference.resolve_char_ref()? {
        return Ok(Cow::Owned(ch.to_string()));
    }
    let name = reference.decode()?;
    resolve_predefined_entity(&name)
        .map(Cow::Borrowed)
        .ok_or_else(|| EscapeError::UnrecognizedEntity(0..name.len(), name.into_owned()).into())
}

fn character_data<F>(path: &[String], text: &str, visit: &mut F) -> Result<(), XmlError>
where
    F: FnMut(&[String], Node<'_>) -> Result<(), XmlError>,
{
    if !path.is_empty() {
        return visit(path, Node::Text(text));
    }
    if text.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
        Ok(())
    } else {
        Err(XmlError::malformed("text outside the root element"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every node as text: `<name a=v>` for an element at its depth,
    /// otherwise the character data with the name of its element.
    fn trace(body: &[u8]) -> Result<Vec<String>, XmlError> {
        let mut seen = Vec::new();
        walk(body, |path, node| {
            seen.push(match node {
                Node::Open(e) => format!("{}<{} id={:?}>", path.len(), e.name, e.attr("id")),
                Node::Text(t) => format!("{}:{t:?}", path.join("/")),
            });
            Ok(())
        })?;
        Ok(seen)
    }

    #[test]
    fn paths_text_and_references() {
        let seen = trace(b"<a id='1'><b>x&amp;<![CDATA[<y>]]>&#x41;</b><c/></a>").unwrap();
        assert_eq!(
            seen,
            [
                "0<a id=Some(\"1\")>",
                "1<b id=None>",
                "a/b:\"x\"",
                "a/b:\"&\"",
                "a/b:\"<y>\"",
                "a/b:\"A\"",
                "1<c id=None>",
            ]
        );
    }

    #[test]
    fn prolog_and_epilog_may_hold_only_space_comments_and_pis() {
        let body = b"\xEF\xBB\xBF<?xml version='1.0'?>\r\n<!-- c --><?pi data?>\n<a/>\n<!-- after -->\n";
        assert_eq!(trace(body).unwrap(), ["0<a id=None>"]);
        for body in [&b"x<a/>"[..], b"<a/>&amp;", b"<a/><![CDATA[x]]>", b"<a/><b/>", b"<a/><?xml version='1.0'?>"] {
            assert!(matches!(trace(body), Err(XmlError::Malformed(_))), "{body:?}");
        }
    }

    #[test]
    fn bom_only_at_the_start_and_only_utf8() {
        assert!(matches!(trace(b"\xEF\xBB\xBF\xEF\xBB\xBF<a/>"), Err(XmlError::Malformed(_))));
        assert!(matches!(trace(b"\xFF\xFE<\x00a\x00/\x00>\x00"), Err(XmlError::Malformed(_))));
    }

    #[test]
    fn malformed_reports_where() {
        assert_eq!(
            trace(b"<a><b></c></a>"),
            Err(XmlError::Malformed("byte 6: ill-formed document: expected `</b>`, but `</c>` was found".into()))
        );
        assert_eq!(trace(b"<a><b>"), Err(XmlError::Malformed("input ends inside <b>".into())));
        assert_eq!(trace(b"  "), Err(XmlError::Malformed("no root element".into())));
        assert_eq!(trace(b"<a>\xC3</a>"), Err(XmlError::Malformed("invalid UTF-8 at byte 3".into())));
    }

    #[test]
    fn visitor_errors_stop_the_walk() {
        let mut opened = 0;
        let result = walk(b"<a><b/><c/></a>", |_, node| {
            if let Node::Open(_) = node {
                opened += 1;
            }
            Err(XmlError::MissingField("stop"))
        });
        assert_eq!((result, opened), (Err(XmlError::MissingField("stop")), 1));
    }

    #[test]
    fn path_matching() {
        let path = ["manifest".to_owned(), "resources".to_owned()];
        assert!(at(&path, &["manifest", "resources"]));
        assert!(!at(&path, &["manifest"]));
        assert!(!at(&path[..1], &["manifest", "resources"]));
        assert!(at(&[], &[]));
    }
}
