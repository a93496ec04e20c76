//! Reading T1 tokens back: `T1==` + base64 of `partner_id=<key>&sig=<hex>:<data>`.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

use crate::error::Error;

const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A token's parts. `fields` are the signed data's pairs, in order,
/// decoded as `querystring.parse` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedToken {
    pub partner_id: String,
    /// Lowercase hex HMAC-SHA1 of `data`.
    pub signature: String,
    /// The signed querystring, exactly as signed.
    pub data: String,
    pub fields: Vec<(String, String)>,
}

impl DecodedToken {
    /// The first value of a data field.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn malformed(why: &str) -> Error {
    Error::InvalidArgValue { name: "token".into(), reason: format!("is not a T1 token: {why}") }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `querystring.unescape` after `+` → space: `%XX` decoded, bad escapes kept.
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (unescape(name), unescape(value))
        })
        .collect()
}

/// The 20-byte signature of a token, from its 40 hex digits.
pub fn signature_bytes(signature: &str) -> Option<[u8; 20]> {
    let bytes = signature.as_bytes();
    if bytes.len() != 40 {
        return None;
    }
    let mut out = [0u8; 20];
    for (i, chunk) in bytes.chunks_exact(2).enumerate() {
        out[i] = hex_value(chunk[0])? << 4 | hex_value(chunk[1])?;
    }
    Some(out)
}

pub fn decode(token: &str) -> Result<DecodedToken, Error> {
    let body = token.strip_prefix(super::TOKEN_SENTINEL).ok_or_else(|| malformed("it does not start with T1=="))?;
    let payload = LENIENT_STANDARD.decode(body.trim_end()).map_err(|_| malformed("its body is not base64"))?;
    let payload = String::from_utf8(payload).map_err(|_| malformed("its body is not UTF-8 text"))?;
    let (head, data) = payload.split_once(':').ok_or_else(|| malformed("it has no ':' between signature and data"))?;
    let head = pairs(head);
    let find = |name: &str| head.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let partner_id = find("partner_id").filter(|p| !p.is_empty()).ok_or_else(|| malformed("it names no partner_id"))?;
    let signature = find("sig").ok_or_else(|| malformed("it has no sig"))?;
    if signature_bytes(&signature).is_none() {
        return Err(malformed("its sig is not 40 hex digits"));
    }
    Ok(DecodedToken {
        partner_id,
        signature: signature.to_ascii_lowercase(),
        data: data.to_owned(),
        fields: pairs(data),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Made by opentok@0.3.0 (see token/tests.rs).
    const ORIGINAL: &str = "T1==cGFydG5lcl9pZD0xNDk3MTI5MiZzaWc9MWIwMWRhOGI1ZDI3YmJkMzg5ZWJjOTlkMjk4NTAzMWQ5NDk4YjkxNjpzZXNzaW9uX2lkPTFfTVg0eE5EazNNVEk1TW41LU1qQXhNaTB3TlMweE5pQXlNem95TWpvek5DNDROelEwT0Rjck1EQTZNREItTUM0MU1ESTROVEkyT1RBMU16Ui0mY3JlYXRlX3RpbWU9MTcwMDAwMDAwMCZub25jZT03JnJvbGU9bW9kZXJhdG9yJmV4cGlyZV90aW1lPTE3MDAwODY0MDAmY29ubmVjdGlvbl9kYXRhPXVzZXJJZCUzQTQyJTIwJUMzJUE5JUYwJTlGJTk4JTgwJTI2JTNE";

    #[test]
    fn reads_a_token_of_the_original_module() {
        let t = decode(ORIGINAL).unwrap();
        assert_eq!(t.partner_id, "14971292");
        assert_eq!(t.signature, "1b01da8b5d27bbd389ebc99d2985031d9498b916");
        assert_eq!(t.field("role"), Some("moderator"));
        assert_eq!(t.field("create_time"), Some("1700000000"));
        assert_eq!(t.field("expire_time"), Some("1700086400"));
        assert_eq!(t.field("connection_data"), Some("userId:42 é😀&="));
        assert!(t.data.starts_with("session_id=1_MX4"));
    }

    #[test]
    fn unescapes_like_querystring_parse() {
        assert_eq!(unescape("a+b%20c%zz%4"), "a b c%zz%4");
        assert_eq!(
            pairs("a=1&&b&c=x%3Dy"),
            vec![("a".into(), "1".into()), ("b".into(), "".into()), ("c".into(), "x=y".into())]
        );
    }

    #[test]
    fn refuses_what_is_not_a_t1_token() {
        for bad in ["", "T1==", "T2==abc", "T1==!!!!", "T1==cGFydG5lcl9pZD0x", "T1==cGFydG5lcl9pZD0xJnNpZz1hYmM6eA=="] {
            let err = decode(bad).unwrap_err();
            assert_eq!(err.code(), "ERR_INVALID_ARG_VALUE", "{bad:?}");
        }
    }
}
