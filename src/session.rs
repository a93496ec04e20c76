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

/// `partner_id=<apiKey>`, then `location` when non-empty, then each property.
pub fn create_form(api_key: &str, location: Option<&str>, properties: &[Property]) -> Result<String, Error> {
    let has = |name: &str| properties.iter().any(|(n, _)| n == name);
    if has("mediaMode") && has("p2p.preference") {
        return Err(Error::out_of_range("properties", "give mediaMode or p2p.preference, not both"));
    }
    let mut form = b"partner_id=".to_vec();
    escape_into(&mut form, &api_key.encode_utf16().collect::<Vec<_>>())?;
    if let Some(location) = location.filter(|l| !l.is_empty()) {
        push_pair(&mut form, "location", location)?;
    }
    for (name, value) in properties {
        match name.as_str() {
            "" => return Err(Error::out_of_range("properties", "property names must not be empty")),
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
