//! Reading client tokens back: T1 (`T1==` + base64 of
//! `partner_id=<key>&sig=<hex>:<data>`) and JWT (`header.claims.signature`).

use base64::alphabet;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

use crate::error::Error;

pub(super) const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFormat {
    T1,
    Jwt,
}

impl TokenFormat {
    pub fn name(self) -> &'static str {
        match self {
            TokenFormat::T1 => "T1",
            TokenFormat::Jwt => "JWT",
        }
    }
}

/// A token's parts. `fields` are the signed data's pairs (T1, decoded as
/// `querystring.parse` does) or claims (JWT; strings as they are, other
/// values as JSON text), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedToken {
    pub format: TokenFormat,
    /// The API key: T1's `partner_id`, a JWT's `iss`.
    pub partner_id: String,
    /// T1: lower-case hex HMAC-SHA1 of `data`; JWT: the base64url signature.
    pub signature: String,
    /// What is signed: the T1 querystring, or the JWT's claims as JSON text.
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

fn malformed_jwt(why: &str) -> Error {
    Error::InvalidArgValue { name: "token".into(), reason: format!("is not a JWT client token: {why}") }
}

/// A JWT client token: HS256, claims an object whose `iss` is the API key.
fn decode_jwt(token: &str) -> Result<DecodedToken, Error> {
    let parts: Vec<&str> = token.trim_end().split('.').collect();
    let [header, claims, signature] = parts.as_slice() else { return Err(malformed_jwt("it has not three parts")) };
    let json = |part: &str| {
        let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|_| malformed_jwt("a part is not base64url"))?;
        let text = String::from_utf8(bytes).map_err(|_| malformed_jwt("a part is not UTF-8 text"))?;
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|_| malformed_jwt("a part is not JSON"))?;
        Ok::<_, Error>((text, value))
    };
    let (_, header) = json(header)?;
    if header.get("alg").and_then(|a| a.as_str()) != Some("HS256") {
        return Err(malformed_jwt("it is not signed with HS256"));
    }
    let (data, claims) = json(claims)?;
    let serde_json::Value::Object(claims) = claims else { return Err(malformed_jwt("its claims are not an object")) };
    let text = |value: &serde_json::Value| value.as_str().map_or_else(|| value.to_string(), str::to_owned);
    let partner_id = claims.get("iss").map(text).filter(|iss| !iss.is_empty());
    let partner_id = partner_id.ok_or_else(|| malformed_jwt("it names no iss"))?;
    let fields = claims.iter().map(|(name, value)| (name.clone(), text(value))).collect();
    Ok(DecodedToken { format: TokenFormat::Jwt, partner_id, signature: (*signature).to_owned(), data, fields })
}

/// Reads a T1 or JWT client token, without checking its signature.
pub fn decode(token: &str) -> Result<DecodedToken, Error> {
    if !token.starts_with(super::TOKEN_SENTINEL) && token.bytes().filter(|&b| b == b'.').count() == 2 {
        return decode_jwt(token);
    }
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
        format: TokenFormat::T1,
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
