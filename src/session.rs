//! The form body of a create-session request.

use crate::error::Error;
use crate::querystring::escape_into;

/// A caller's session property: its name and its value as `String(value)`.
pub type Property = (String, String);

fn push_pair(form: &mut Vec<u8>, name: &str, value: &str) -> Result<(), Error> {
    form.push(b'&');
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
    text.parse::<std::net::Ipv4Addr>().is_ok()
}

/// The one location sent: the `location` argument when it is an IPv4
/// address, else a `location` property that is, else none.
pub fn sent_location<'a>(location: Option<&'a str>, properties: &'a [Property]) -> Option<&'a str> {
    location
        .filter(|l| is_ipv4(l))
        .or_else(|| properties.iter().find(|(n, v)| n == "location" && is_ipv4(v)).map(|(_, v)| v.as_str()))
}

/// `partner_id=<apiKey>`, then the [`sent_location`], once, then each
/// property other than `location`.
pub fn create_form(api_key: &str, location: Option<&str>, properties: &[Property]) -> Result<String, Error> {
    let has = |name: &str| properties.iter().any(|(n, _)| n == name);
    if has("mediaMode") && has("p2p.preference") {
        return Err(Error::out_of_range("properties", "give mediaMode or p2p.preference, not both"));
    }
    let mut form = b"partner_id=".to_vec();
    escape_into(&mut form, &api_key.encode_utf16().collect::<Vec<_>>())?;
    if let Some(location) = sent_location(location, properties) {
        push_pair(&mut form, "location", location)?;
    }
    for (name, value) in properties {
        match name.as_str() {
            "" => return Err(Error::out_of_range("properties", "property names must not be empty")),
            "location" => {}
            "mediaMode" => push_pair(&mut form, "p2p.preference", p2p_preference(value)?)?,
            _ => push_pair(&mut form, name, value)?,
        }
    }
    Ok(String::from_utf8(form).expect("escaped form is ASCII"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> Vec<Property> {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn writes_partner_location_and_properties_in_order() {
        let form =
            create_form("123456", Some("10.1.2.3"), &props(&[("p2p.preference", "enabled"), ("x y", "a&b")])).unwrap();
        assert_eq!(form, "partner_id=123456&location=10.1.2.3&p2p.preference=enabled&x%20y=a%26b");
    }

    #[test]
    fn leaves_out_an_empty_location() {
        assert_eq!(create_form("1", Some(""), &[]).unwrap(), "partner_id=1");
        assert_eq!(create_form("1", None, &[]).unwrap(), "partner_id=1");
    }

    #[test]
    fn sends_a_location_only_when_it_is_ipv4() {
        for ip in ["10.1.2.3", "127.0.0.1", "0.0.0.0", "255.255.255.255"] {
            assert_eq!(create_form("1", Some(ip), &[]).unwrap(), format!("partner_id=1&location={ip}"));
        }
        for other in [
            "localhost",
            "example.com",
            "::1",
            "2001:db8::1",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4 ",
            "256.1.1.1",
            "1.2.3.4:80",
        ] {
            assert_eq!(create_form("1", Some(other), &[]).unwrap(), "partner_id=1", "{other:?}");
            assert_eq!(create_form("1", None, &props(&[("location", other)])).unwrap(), "partner_id=1", "{other:?}");
        }
    }

    #[test]
    fn sends_one_location_the_argument_first() {
        let both = props(&[("location", "1.2.3.4"), ("p2p.preference", "enabled")]);
        assert_eq!(
            create_form("1", Some("10.1.2.3"), &both).unwrap(),
            "partner_id=1&location=10.1.2.3&p2p.preference=enabled"
        );
        assert_eq!(
            create_form("1", Some("localhost"), &both).unwrap(),
            "partner_id=1&location=1.2.3.4&p2p.preference=enabled"
        );
        assert_eq!(create_form("1", None, &both).unwrap(), "partner_id=1&location=1.2.3.4&p2p.preference=enabled");
        let twice = props(&[("location", "host"), ("location", "5.6.7.8")]);
        assert_eq!(create_form("1", None, &twice).unwrap(), "partner_id=1&location=5.6.7.8");
    }

    #[test]
    fn maps_media_mode_to_p2p_preference() {
        assert_eq!(
            create_form("1", None, &props(&[("mediaMode", "relayed")])).unwrap(),
            "partner_id=1&p2p.preference=enabled"
        );
        assert_eq!(
            create_form("1", None, &props(&[("mediaMode", "routed")])).unwrap(),
            "partner_id=1&p2p.preference=disabled"
        );
        let err = create_form("1", None, &props(&[("mediaMode", "p2p")])).unwrap_err();
        assert!(err.to_string().contains("mediaMode"));
        assert!(create_form("1", None, &props(&[("mediaMode", "routed"), ("p2p.preference", "enabled")])).is_err());
    }
}
