//! `<manifest>`: the archive ID and title, its videos and its timeline.

use super::reader::{at, walk, Node};
use super::{Manifest, TimelineEvent, Video, XmlError};

/// Parses the body of `GET /archive/getmanifest/<archiveId>`.
///
/// Every `<video>` directly inside `<manifest><resources>` and every
/// `<event>` directly inside `<manifest><timeline>` is kept, in document
/// order; other elements and attributes are ignored. `archiveid` and each
/// video's `id` are required and must not be empty.
pub fn parse_manifest(body: &[u8]) -> Result<Manifest, XmlError> {
    let mut archive_id = None;
    let mut title = String::new();
    let mut videos = Vec::new();
    let mut timeline = Vec::new();
    walk(body, |path, node| {
        let Node::Open(element) = node else {
            return Ok(());
        };
        match element.name.as_str() {
            "manifest" if path.is_empty() => {
                archive_id = element.attr("archiveid").filter(|id| !id.is_empty()).map(str::to_owned);
                title = element.attr_or_empty("title");
            }
            root if path.is_empty() => return Err(XmlError::unexpected_root(root)),
            "video" if at(path, &["manifest", "resources"]) => videos.push(Video {
                id: element.attr("id").filter(|id| !id.is_empty()).ok_or(XmlError::MissingField("id"))?.to_owned(),
                length: element.attr_or_empty("length"),
                name: element.attr_or_empty("name"),
            }),
            "event" if at(path, &["manifest", "timeline"]) => timeline.push(TimelineEvent {
                event_type: element.attr_or_empty("type"),
                id: element.attr_or_empty("id"),
                offset: element.attr_or_empty("offset"),
            }),
            _ => {}
        }
        Ok(())
    })?;
    Ok(Manifest { archive_id: archive_id.ok_or(XmlError::MissingField("archiveid"))?, title, videos, timeline })
}

#[cfg(test)]
mod tests {
    use super::super::test_writer::{manifest, write, Noise};
    use super::*;
    use proptest::prelude::*;

    fn video(id: &str, length: &str, name: &str) -> Video {
        Video { id: id.into(), length: length.into(), name: name.into() }
    }

    fn event(event_type: &str, id: &str, offset: &str) -> TimelineEvent {
        TimelineEvent { event_type: event_type.into(), id: id.into(), offset: offset.into() }
    }

    fn parse(body: &str) -> Result<Manifest, XmlError> {
        parse_manifest(body.as_bytes())
    }

    #[test]
    fn protocol_sample() {
        let body = r#"<manifest archiveid="5f74aee5-ab3f-421b-b124-ed2a698ee939" title="My archive">
  <resources>
    <video id="7d6e9fcd-0f43-45c5-a4e1-d3e2e8b1a1e4" length="42" name="Bob"/>
  </resources>
  <timeline>
    <event type="RECORD_START" id="7d6e9fcd-0f43-45c5-a4e1-d3e2e8b1a1e4" offset="0"/>
  </timeline>
</manifest>"#;
        let id = "7d6e9fcd-0f43-45c5-a4e1-d3e2e8b1a1e4";
        assert_eq!(
            parse(body),
            Ok(Manifest {
                archive_id: "5f74aee5-ab3f-421b-b124-ed2a698ee939".into(),
                title: "My archive".into(),
                videos: vec![video(id, "42", "Bob")],
                timeline: vec![event("RECORD_START", id, "0")],
            })
        );
    }

    #[test]
    fn several_videos_and_events_in_document_order() {
        let body = r#"<manifest archiveid="a"><resources><video id="v1" length="1" name="one"/><video id="v2" length="2" name="two"/><video id="v3" length="3" name="three"/></resources><timeline><event type="RECORD_START" id="v1" offset="0"/><event type="PLAYBACK_START" id="v2" offset="5"/><event type="RECORD_STOP" id="v1" offset="9"/></timeline></manifest>"#;
        let manifest = parse(body).unwrap();
        assert_eq!(manifest.videos, vec![video("v1", "1", "one"), video("v2", "2", "two"), video("v3", "3", "three")]);
        assert_eq!(
            manifest.timeline,
            vec![event("RECORD_START", "v1", "0"), event("PLAYBACK_START", "v2", "5"), event("RECORD_STOP", "v1", "9"),]
        );
    }

    #[test]
    fn any_attribute_order_and_single_quotes() {
        let body = r#"<manifest title='T' archiveid="a"><resources><video name='n' length="7" id='v'/></resources><timeline><event offset='3' id="v" type='X'/></timeline></manifest>"#;
        let manifest = parse(body).unwrap();
        assert_eq!((manifest.archive_id.as_str(), manifest.title.as_str()), ("a", "T"));
        assert_eq!(manifest.videos, vec![video("v", "7", "n")]);
        assert_eq!(manifest.timeline, vec![event("X", "v", "3")]);
    }

    #[test]
    fn entities_and_numeric_character_references() {
        let body = r#"<manifest archiveid="a&amp;b" title="&lt;Tom &amp; Jerry&gt; &quot;live&quot; &apos;n&apos; caf&#233; &#x1F600;"><resources><video id="v" name='O&apos;Brien &#60;3'/></resources></manifest>"#;
        let manifest = parse(body).unwrap();
        assert_eq!(manifest.archive_id, "a&b");
        assert_eq!(manifest.title, "<Tom & Jerry> \"live\" 'n' café 😀");
        assert_eq!(manifest.videos, vec![video("v", "", "O'Brien <3")]);
    }

    #[test]
    fn white_space_newlines_declaration_bom_and_comments() {
        let body = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- archive -->\n<manifest\n\tarchiveid = \"a\"\r\n\ttitle=\"t\" >\n  <!-- videos -->\n  <resources >\n\n    <video\n id=\"v\"\n length=\"1\"\n name=\"n\"\n />\n  </resources\n>\n  <timeline>\t<event type=\"S\" id=\"v\" offset=\"0\" />\t</timeline>\n</manifest>\n<!-- trailing -->\n";
        let manifest = parse(body).unwrap();
        assert_eq!(manifest.archive_id, "a");
        assert_eq!(manifest.videos, vec![video("v", "1", "n")]);
        assert_eq!(manifest.timeline, vec![event("S", "v", "0")]);
    }

    #[test]
    fn empty_archive_and_no_timeline() {
        let empty = Manifest { archive_id: "a".into(), title: String::new(), videos: vec![], timeline: vec![] };
        assert_eq!(parse(r#"<manifest archiveid="a"/>"#), Ok(empty.clone()));
        assert_eq!(parse(r#"<manifest archiveid="a" title=""><resources/></manifest>"#), Ok(empty.clone()));
        assert_eq!(
            parse(r#"<manifest archiveid="a"><resources></resources><timeline></timeline></manifest>"#),
            Ok(empty)
        );
        let manifest = parse(r#"<manifest archiveid="a"><resources><video id="v"/></resources></manifest>"#).unwrap();
        assert_eq!(manifest.videos, vec![video("v", "", "")]);
        assert!(manifest.timeline.is_empty());
    }

    #[test]
    fn open_close_video_tags() {
        let body = r#"<manifest archiveid="a"><resources><video id="v1" length="1" name="x"></video><video id="v2">
        </video></resources><timeline><event type="S" id="v1" offset="0"></event></timeline></manifest>"#;
        let manifest = parse(body).unwrap();
        assert_eq!(manifest.videos, vec![video("v1", "1", "x"), video("v2", "", "")]);
        assert_eq!(manifest.timeline, vec![event("S", "v1", "0")]);
    }

    #[test]
    fn unknown_elements_and_attributes_are_ignored() {
        let body = r#"<manifest archiveid="a" version="2" xmlns:x="urn:x"><owner name="z"><video id="not-a-resource"/></owner><resources count="2"><video id="v" codec="flv" length="1" name="n"><thumb src="t"/><video id="nested"/></video><audio id="a1"/></resources><video id="stray"/><timeline><note/><event type="S" id="v" offset="0" extra="1"/></timeline><event type="stray"/></manifest>"#;
        let manifest = parse(body).unwrap();
        assert_eq!(manifest.videos, vec![video("v", "1", "n")]);
        assert_eq!(manifest.timeline, vec![event("S", "v", "0")]);
    }

    #[test]
    fn missing_event_attributes_default_to_empty() {
        let manifest =
            parse(r#"<manifest archiveid="a"><timeline><event/><event type="S"/></timeline></manifest>"#).unwrap();
        assert_eq!(manifest.timeline, vec![event("", "", ""), event("S", "", "")]);
    }

    #[test]
    fn required_fields() {
        assert_eq!(parse(r#"<manifest title="t"/>"#), Err(XmlError::MissingField("archiveid")));
        assert_eq!(parse(r#"<manifest archiveid=""/>"#), Err(XmlError::MissingField("archiveid")));
        let no_id = r#"<manifest archiveid="a"><resources><video name="n"/></resources></manifest>"#;
        assert_eq!(parse(no_id), Err(XmlError::MissingField("id")));
        let empty_id = r#"<manifest archiveid="a"><resources><video id=""/></resources></manifest>"#;
        assert_eq!(parse(empty_id), Err(XmlError::MissingField("id")));
    }

    #[test]
    fn unexpected_root() {
        assert_eq!(parse("<html><body/></html>"), Err(XmlError::UnexpectedRoot("html".into())));
        assert_eq!(parse("<Manifest archiveid='a'/>"), Err(XmlError::UnexpectedRoot("Manifest".into())));
        let errors = r#"<Errors><error code="404"><notFound message="Archive not found"/></error></Errors>"#;
        assert_eq!(parse(errors), Err(XmlError::UnexpectedRoot("Errors".into())));
    }

    #[test]
    fn malformed_variants() {
        for body in [
            "",
            "not xml at all",
            r#"<manifest archiveid="a">"#,
            r#"<manifest archiveid="a"><resources></manifest>"#,
            r#"<manifest archiveid="a"></resources></manifest>"#,
            r#"<manifest archiveid="a"><resources><video id="v"/></resources>"#,
            r#"<manifest archiveid="a"><resources><video id="v""#,
            r#"<manifest archiveid="a" title="unterminated/>"#,
            r#"<manifest archiveid=a/>"#,
            r#"<manifest archiveid="a" archiveid="b"/>"#,
            r#"<manifest archiveid="a" title="Tom & Jerry"/>"#,
            r#"<manifest archiveid="a" title="&nbsp;"/>"#,
            r#"<manifest archiveid="a" title="&#0;"/>"#,
            r#"<manifest archiveid="a" title="&#xD800;"/>"#,
            r#"<manifest archiveid="a">&unknown;</manifest>"#,
            r#"<manifest archiveid="a"/><manifest archiveid="b"/>"#,
            r#"<manifest archiveid="a"/>trailing"#,
            r#"<manifest archiveid="a"><!-- never closed </manifest>"#,
            r#"<manifest archiveid="a"><![CDATA[never closed</manifest>"#,
            r#"<manifest archiveid="a"><?xml version="1.0"?></manifest>"#,
        ] {
            assert!(matches!(parse(body), Err(XmlError::Malformed(_))), "{body:?} -> {:?}", parse(body));
        }
        assert!(matches!(parse_manifest(b"<manifest archiveid=\"\xff\"/>"), Err(XmlError::Malformed(_))));
    }

    #[test]
    fn doctype_is_rejected() {
        for body in [
            r#"<!DOCTYPE manifest><manifest archiveid="a"/>"#,
            r#"<?xml version="1.0"?><!DOCTYPE manifest [<!ENTITY t "expanded">]><manifest archiveid="a" title="&t;"/>"#,
            r#"<!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><manifest archiveid="&xxe;"/>"#,
        ] {
            assert_eq!(parse(body), Err(XmlError::Malformed("DOCTYPE is not allowed".into())));
        }
    }

    proptest! {
        #[test]
        fn written_manifests_parse_back_equal(
            manifest in manifest(),
            bytes in prop::collection::vec(any::<u8>(), 1..64),
        ) {
            let body = write(&manifest, &mut Noise::new(bytes));
            prop_assert_eq!(parse(&body), Ok(manifest), "{}", body);
        }
    }
}
