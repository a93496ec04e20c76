//! Decoding OpenTok session IDs: `1_` or `2_`, then unpadded base64url of a
//! `~`-separated record whose field 1 is the API key that owns the session.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

use crate::error::Error;

/// Accepts padded or unpadded input and stray trailing bits, as Node's
/// `Buffer.from(s, 'base64')` does for the IDs the server hands out.
const LENIENT_URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The fields of a decoded session ID record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionIdRecord {
    pub fields: Vec<String>,
}

impl SessionIdRecord {
    /// The API key that owns the session.
    pub fn api_key(&self) -> &str {
        &self.fields[1]
    }

    /// The location hint the session was created with (may be empty).
    pub fn location(&self) -> &str {
        self.fields.get(2).map(String::as_str).unwrap_or("")
    }
}

/// The decoded bytes of a session ID's record; `None` when it is not one.
fn record_bytes(session_id: &[u8]) -> Option<Vec<u8>> {
    let body = session_id.strip_prefix(b"1_").or_else(|| session_id.strip_prefix(b"2_"))?;
    if body.iter().any(|b| matches!(b, b'+' | b'/')) {
        // Some older IDs use the standard alphabet; fold it into the URL-safe one.
        let folded: Vec<u8> = body
            .iter()
            .map(|&b| match b {
                b'+' => b'-',
                b'/' => b'_',
                b => b,
            })
            .collect();
        return LENIENT_URL_SAFE.decode(folded).ok();
    }
    LENIENT_URL_SAFE.decode(body).ok()
}

/// Field 1 of a record: the owning API key, when present and non-empty.
fn owner_field(record: &[u8]) -> Option<&[u8]> {
    record.split(|&b| b == b'~').nth(1).filter(|key| !key.is_empty())
}

/// Decodes a session ID; `None` when it is not one.
pub fn decode(session_id: &str) -> Option<SessionIdRecord> {
    let bytes = record_bytes(session_id.as_bytes())?;
    owner_field(&bytes)?;
    let text = String::from_utf8(bytes).ok()?;
    Some(SessionIdRecord { fields: text.split('~').map(str::to_owned).collect() })
}

/// Checks that `session_id` (UTF-16, as JS has it) is present and belongs to
/// `api_key`, with the errors (and messages) of the original module.
pub fn check_owner(session_id: &[u16], api_key: &str) -> Result<(), Error> {
    if session_id.is_empty() {
        return Err(Error::MissingSessionId);
    }
    let ascii: Option<Vec<u8>> = session_id.iter().map(|&u| u8::try_from(u).ok().filter(u8::is_ascii)).collect();
    let record = ascii.as_deref().and_then(record_bytes).ok_or(Error::InvalidSessionId)?;
    match owner_field(&record) {
        Some(owner) if owner == api_key.as_bytes() => Ok(()),
        _ => Err(Error::InvalidSessionId),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROTOCOL_EXAMPLE: &str = "1_MX4xNDk3MTI5Mn5-MjAxMi0wNS0xNiAyMzoyMjozNC44NzQ0ODcrMDA6MDB-MC41MDI4NTI2OTA1MzR-";

    #[test]
    fn decodes_the_protocol_example() {
        let record = decode(PROTOCOL_EXAMPLE).unwrap();
        assert_eq!(record.fields.join("~"), "1~14971292~~2012-05-16 23:22:34.874487+00:00~0.502852690534~");
        assert_eq!(record.api_key(), "14971292");
        assert_eq!(record.location(), "");
    }

    #[test]
    fn accepts_version_two_prefix_padding_and_standard_alphabet() {
        let body = &PROTOCOL_EXAMPLE[2..];
        assert!(decode(&format!("2_{body}")).is_some());
        let padded = format!("1_{body}{}", "=".repeat((4 - body.len() % 4) % 4));
        assert_eq!(decode(&padded).unwrap().api_key(), "14971292");
        let standard = PROTOCOL_EXAMPLE.replace('-', "+");
        assert_eq!(decode(&standard).unwrap().api_key(), "14971292");
    }

    #[test]
    fn rejects_what_is_not_a_session_id() {
        for bad in ["", "1_", "3_MX4xfg", "MX4xNDk3MTI5Mn5-", "1_!!!!", "1_bm90aGluZw", "1_fn4"] {
            assert!(decode(bad).is_none(), "{bad:?} decoded");
        }
    }

    #[test]
    fn owner_check_has_the_original_errors() {
        let check = |id: &str, key: &str| check_owner(&id.encode_utf16().collect::<Vec<_>>(), key);
        assert_eq!(check("", "1"), Err(Error::MissingSessionId));
        assert_eq!(check("garbage", "14971292"), Err(Error::InvalidSessionId));
        assert_eq!(check(PROTOCOL_EXAMPLE, "1497129"), Err(Error::InvalidSessionId));
        assert_eq!(check(&format!("{PROTOCOL_EXAMPLE}é"), "14971292"), Err(Error::InvalidSessionId));
        assert_eq!(check(PROTOCOL_EXAMPLE, "14971292"), Ok(()));
    }
}
#[cfg(test)]
mod proptests;
