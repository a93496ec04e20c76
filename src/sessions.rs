//! Creating sessions, on both wires: `POST /session/create` signed with a
//! JWT (today's service) and `POST /hl/session/create` with the partner
//! header (0.3.x).

use std::net::Ipv4Addr;

use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::calls::{params, Call, CallScope, Protocol};
use crate::error::Error;
use crate::querystring::escape_into;
use crate::rest::{Answer, Auth, Reply, Request};
use crate::xml;

pub const CALLS: &[Call] = &[Call { name: "createSession", prepare: |scope, json| create(scope, params(json)?) }];

/// A caller's session property: its name and its value as `String(value)`.
pub type Property = (String, String);

/// The parameters of `createSession`, in the order the caller gave them.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateSession {
    pub location: Option<String>,
    #[serde(default)]
    pub properties: Vec<Property>,
}

pub fn create(scope: &CallScope<'_>, params: CreateSession) -> Result<Request, Error> {
    let CreateSession { location, properties } = params;
    Ok(match scope.protocol {
        Protocol::Current => {
            let form = current_form(location.as_deref(), &properties)?;
            Request::new::<CreatedSessionId>("createSession", Method::POST, "/session/create".into(), Auth::Project)
                .with_form(form)
        }
        Protocol::Legacy => {
            let form = legacy_form(scope.api_key, location.as_deref(), &properties)?;
            Request::new::<LegacySessionId>("createSession", Method::POST, "/hl/session/create".into(), Auth::Partner)
                .with_form(form)
        }
    })
}

/// The session ID of today's answer: the JSON array
/// `[{"session_id": ..}]`, or the sessions XML some deployments send.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct CreatedSessionId(pub String);

#[derive(Deserialize)]
struct CreatedSession {
    session_id: String,
}

impl Answer for CreatedSessionId {
    const ACCEPT: Option<&'static str> = Some("application/json");

    fn read(reply: &Reply<'_>) -> Result<Self, String> {
        if !reply.is_json() && reply.body.trim_ascii_start().starts_with(b"<") {
            return LegacySessionId::read(reply).map(|LegacySessionId(id)| CreatedSessionId(id));
        }
        let sessions: Vec<CreatedSession> = reply.json()?;
        match sessions.into_iter().next() {
            Some(session) if !session.session_id.trim().is_empty() => Ok(CreatedSessionId(session.session_id)),
            _ => Err("the answer holds no session_id".into()),
        }
    }
}

/// The session ID of the 0.3.x answer, the sessions XML.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct LegacySessionId(pub String);

impl Answer for LegacySessionId {
    const ACCEPT: Option<&'static str> = None;

    fn read(reply: &Reply<'_>) -> Result<Self, String> {
        xml::parse_created_session_id(reply.body).map(LegacySessionId).map_err(|e| e.to_string())
    }
}

fn push_pair(form: &mut Vec<u8>, name: &str, value: &str) -> Result<(), Error> {
    if !form.is_empty() {
        form.push(b'&');
    }
    escape_into(form, &name.encode_utf16().collect::<Vec<_>>())?;
    form.push(b'=');
    escape_into(form, &value.encode_utf16().collect::<Vec<_>>())
}

/// `mediaMode` of the newer SDKs, as the `p2p.preference` the server reads.
fn p2p_preference(media_mode: &str) -> Result<&'static str, Error> {
    match media_mode {
        "relayed" => Ok("enabled"),
        "routed" => Ok("disabled"),
        other => Err(Error::out_of_range(
            "properties.mediaMode",
            format!("must be \"relayed\" or \"routed\", got {other:?}"),
        )),
    }
}

/// Whether `text` is a dotted-quad IPv4 address (no leading zeros, no
/// spaces), the only location hint the service takes: anything else is left
/// out of the request rather than sent.
pub fn is_ipv4(text: &str) -> bool {
    text.parse::<Ipv4Addr>().is_ok()
}

/// The one location sent: the `location` argument when it is an IPv4
/// address, else a `location` property that is, else none.
pub fn sent_location<'a>(location: Option<&'a str>, properties: &'a [Property]) -> Option<&'a str> {
    location
        .filter(|l| is_ipv4(l))
        .or_else(|| properties.iter().find(|(n, v)| n == "location" && is_ipv4(v)).map(|(_, v)| v.as_str()))
}

/// The caller's properties but `location` (sent once, by [`sent_location`]),
/// `mediaMode` written as `p2p.preference`.
fn push_properties(form: &mut Vec<u8>, properties: &[Property]) -> Result<(), Error> {
    let has = |name: &str| properties.iter().any(|(n, _)| n == name);
    if has("mediaMode") && has("p2p.preference") {
        return Err(Error::out_of_range("properties", "give mediaMode or p2p.preference, not both"));
    }
    for (name, value) in properties {
        match name.as_str() {
            "" => return Err(Error::out_of_range("properties", "property names must not be empty")),
            "location" => {}
            "mediaMode" => push_pair(form, "p2p.preference", p2p_preference(value)?)?,
            _ => push_pair(form, name, value)?,
        }
    }
    Ok(())
}

fn into_text(form: Vec<u8>) -> String {
    // escape_into writes ASCII only.
    String::from_utf8(form).unwrap_or_default()
}

/// Today's form: the [`sent_location`], then each property.
pub fn current_form(location: Option<&str>, properties: &[Property]) -> Result<String, Error> {
    let mut form = Vec::new();
    if let Some(location) = sent_location(location, properties) {
        push_pair(&mut form, "location", location)?;
    }
    push_properties(&mut form, properties)?;
    Ok(into_text(form))
}

/// The 0.3.x form: `partner_id=<apiKey>`, then the [`sent_location`], then each property.
pub fn legacy_form(api_key: &str, location: Option<&str>, properties: &[Property]) -> Result<String, Error> {
    let mut form = Vec::new();
    push_pair(&mut form, "partner_id", api_key)?;
    if let Some(location) = sent_location(location, properties) {
        push_pair(&mut form, "location", location)?;
    }
    push_properties(&mut form, properties)?;
    Ok(into_text(form))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> Vec<Property> {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn writes_partner_location_and_properties_in_order() {
        let properties = props(&[("p2p.preference", "enabled"), ("x y", "a&b")]);
        let form = legacy_form("123456", Some("10.1.2.3"), &properties).unwrap();
        assert_eq!(form, "partner_id=123456&location=10.1.2.3&p2p.preference=enabled&x%20y=a%26b");
    }

    #[test]
    fn leaves_out_an_empty_location() {
        assert_eq!(legacy_form("1", Some(""), &[]).unwrap(), "partner_id=1");
        assert_eq!(legacy_form("1", None, &[]).unwrap(), "partner_id=1");
    }

    #[test]
    fn sends_a_location_only_when_it_is_ipv4() {
        for ip in ["10.1.2.3", "127.0.0.1", "0.0.0.0", "255.255.255.255"] {
            assert_eq!(legacy_form("1", Some(ip), &[]).unwrap(), format!("partner_id=1&location={ip}"));
            assert_eq!(current_form(Some(ip), &[]).unwrap(), format!("location={ip}"));
        }
        let others = ["localhost", "example.com", "::1", "2001:db8::1", "01.2.3.4", "1.2.3", "1.2.3.4 ", "256.1.1.1"];
        for other in others {
            assert_eq!(legacy_form("1", Some(other), &[]).unwrap(), "partner_id=1", "{other:?}");
            assert_eq!(legacy_form("1", None, &props(&[("location", other)])).unwrap(), "partner_id=1", "{other:?}");
            assert_eq!(current_form(None, &props(&[("location", other)])).unwrap(), "", "{other:?}");
        }
    }

    #[test]
    fn sends_one_location_the_argument_first() {
        let both = props(&[("location", "1.2.3.4"), ("p2p.preference", "enabled")]);
        let form = |location| legacy_form("1", location, &both).unwrap();
        assert_eq!(form(Some("10.1.2.3")), "partner_id=1&location=10.1.2.3&p2p.preference=enabled");
        assert_eq!(form(Some("localhost")), "partner_id=1&location=1.2.3.4&p2p.preference=enabled");
        assert_eq!(form(None), "partner_id=1&location=1.2.3.4&p2p.preference=enabled");
        let twice = props(&[("location", "host"), ("location", "5.6.7.8")]);
        assert_eq!(legacy_form("1", None, &twice).unwrap(), "partner_id=1&location=5.6.7.8");
        assert_eq!(current_form(Some("10.1.2.3"), &both).unwrap(), "location=10.1.2.3&p2p.preference=enabled");
    }

    #[test]
    fn maps_media_mode_to_p2p_preference() {
        let form = |pairs| legacy_form("1", None, &props(pairs));
        assert_eq!(form(&[("mediaMode", "relayed")]).unwrap(), "partner_id=1&p2p.preference=enabled");
        assert_eq!(form(&[("mediaMode", "routed")]).unwrap(), "partner_id=1&p2p.preference=disabled");
        assert!(form(&[("mediaMode", "p2p")]).unwrap_err().to_string().contains("mediaMode"));
        assert!(form(&[("mediaMode", "routed"), ("p2p.preference", "enabled")]).is_err());
    }

    #[test]
    fn todays_form_has_no_partner_id_and_only_ipv4_locations() {
        let properties = props(&[("mediaMode", "routed"), ("archiveMode", "always"), ("e2ee", "true")]);
        assert_eq!(
            current_form(Some("10.1.2.3"), &properties).unwrap(),
            "location=10.1.2.3&p2p.preference=disabled&archiveMode=always&e2ee=true"
        );
        for not_ipv4 in ["localhost", "", "::1", "10.1.2", "10.1.2.3.4"] {
            assert_eq!(current_form(Some(not_ipv4), &[]).unwrap(), "", "{not_ipv4:?}");
        }
    }

    fn reply<'a>(content_type: &'a str, body: &'a [u8]) -> Reply<'a> {
        Reply { content_type, body }
    }

    #[test]
    fn reads_the_json_array_and_the_xml_answer() {
        let json =
            br#"[{"session_id":"2_MX4xfg","project_id":"1","partner_id":"1","create_dt":"x","media_server_url":""}]"#;
        assert_eq!(CreatedSessionId::read(&reply("application/json", json)).unwrap().0, "2_MX4xfg");
        let xml = b"<sessions><Session><session_id>1_MX4xfg</session_id></Session></sessions>";
        assert_eq!(CreatedSessionId::read(&reply("text/xml", xml)).unwrap().0, "1_MX4xfg");
        assert_eq!(CreatedSessionId::read(&reply("", xml)).unwrap().0, "1_MX4xfg");
        assert!(CreatedSessionId::read(&reply("application/json", b"[]")).is_err());
        assert!(CreatedSessionId::read(&reply("application/json", br#"[{"session_id":" "}]"#)).is_err());
        assert!(CreatedSessionId::read(&reply("application/json", br#"{"session_id":"x"}"#)).is_err());
        assert!(LegacySessionId::read(&reply("text/xml", b"<sessions>")).is_err());
    }

    #[test]
    fn describes_each_wire() {
        let current = CallScope { api_key: "123456", protocol: Protocol::Current };
        let request = create(&current, CreateSession { location: None, properties: props(&[("e2ee", "true")]) });
        let request = request.unwrap();
        assert_eq!((request.path(), request.auth()), ("/session/create", &Auth::Project));
        assert_eq!(request.body(), &crate::rest::Body::Form("e2ee=true".into()));
        let legacy = CallScope { protocol: Protocol::Legacy, ..current };
        let request = create(&legacy, CreateSession { location: Some("10.0.0.1".into()), properties: vec![] }).unwrap();
        assert_eq!((request.path(), request.auth()), ("/hl/session/create", &Auth::Partner));
        assert_eq!(request.body(), &crate::rest::Body::Form("partner_id=123456&location=10.0.0.1".into()));
    }
}
