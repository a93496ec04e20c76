//! JWT client tokens (opentok-node 2.19+'s default): the options of a T1
//! token as the claims of an HS256 JWT signed with the API secret.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::{find, is_session_alias, rules, CheckedSession, CommonOptions, DecodedToken, Scratch, TokenEncoder, FIXED};
use std::fmt::Write;

use crate::error::Error;
use crate::value::{units_eq, Field, Value};

/// The default role, as a JSON string.
const DEFAULT_ROLE_JSON: &str = "\"publisher\"";

/// A token lives this long when the options name no `expire_time`.
const DEFAULT_LIFETIME_SECS: u64 = 24 * 60 * 60;

/// Claims the service expects in every client token, with their defaults as JSON.
const TRAILING: [(&str, &str); 2] = [("initial_layout_class_list", "\"\""), ("scope", "\"session.connect\"")];

impl TokenEncoder {
    /// A JWT client token, the rules already checked.
    pub(super) fn encode_jwt_into(
        &self,
        scratch: &mut Scratch,
        session: &CheckedSession,
        fields: &[Field<'_>],
        now: u64,
        default_nonce: u32,
    ) -> Result<(), Error> {
        scratch.claims.clear();
        write_claims(&mut scratch.claims, &self.jwt_claims_prefix, &session.json, fields, now, default_nonce);
        scratch.token.clear();
        self.jwt.sign_into(scratch.claims.as_bytes(), &mut scratch.token);
        Ok(())
    }

    /// The JWT of the common request (`common`), the rules already checked:
    /// the claims `write_claims` writes for the same options, without
    /// looking them up by name.
    pub(super) fn write_jwt_common(
        &self,
        scratch: &mut Scratch,
        session: &CheckedSession,
        options: &CommonOptions<'_>,
        now: u64,
        nonce: u32,
    ) -> Result<(), Error> {
        let expire = options.expire_time.and_then(|v| rules::scalar_seconds("", v).ok());
        let expire_time = expire.unwrap_or(now + DEFAULT_LIFETIME_SECS);
        let json = &mut scratch.claims;
        json.clear();
        json.push_str(&self.jwt_claims_prefix);
        push_number(json, now);
        json.push_str(",\"exp\":");
        push_number(json, expire_time);
        push_claim(json, "session_id", |out| out.push_str(&session.json));
        push_claim(json, "create_time", |out| push_number(out, now));
        push_claim(json, "nonce", |out| push_number(out, nonce.into()));
        match options.role {
            Some(role) => push_claim(json, "role", |out| push_value(out, &role.value())),
            None => push_claim(json, "role", |out| out.push_str(DEFAULT_ROLE_JSON)),
        }
        push_claim(json, "expire_time", |out| push_number(out, expire_time));
        if let Some(data) = options.connection_data {
            push_claim(json, "connection_data", |out| push_value(out, &data.value()));
        }
        for (name, default) in TRAILING {
            push_claim(json, name, |out| out.push_str(default));
        }
        json.push('}');
        scratch.token.clear();
        self.jwt.sign_into(json.as_bytes(), &mut scratch.token);
        Ok(())
    }

    /// Whether `token`, already read as the JWT `decoded`, is this key's with a valid HS256 signature.
    pub(super) fn verify_jwt(&self, token: &str, decoded: &DecodedToken) -> bool {
        let Some((signed, signature)) = token.rsplit_once('.') else { return false };
        let Ok(signature) = URL_SAFE_NO_PAD.decode(signature) else { return false };
        // Both checks run whatever the first says, so timing tells nothing.
        let key_matches = decoded.partner_id == self.api_key();
        let signature_matches = self.jwt.verifies(signed.as_bytes(), &signature);
        key_matches & signature_matches
    }
}

/// Whole seconds of a time option, when it holds them.
fn seconds(value: Option<&Value<'_>>) -> Option<u64> {
    value.and_then(|v| rules::unix_seconds("", v).ok())
}

/// `iss`, `ist`, `iat`, `exp`, `session_id`, then the fields of a T1 token
/// in T1 order (defaults filled in, `expire_time` among them), then
/// `initial_layout_class_list` and `scope` unless the options give them.
fn write_claims(
    json: &mut String,
    prefix: &str,
    session_json: &str,
    fields: &[Field<'_>],
    now: u64,
    default_nonce: u32,
) {
    let create_time = seconds(find(fields, "create_time")).unwrap_or(now);
    let expire_time = seconds(find(fields, "expire_time")).unwrap_or(create_time + DEFAULT_LIFETIME_SECS);
    json.push_str(prefix);
    push_number(json, now);
    json.push_str(",\"exp\":");
    push_number(json, expire_time);
    push_claim(json, "session_id", |out| out.push_str(session_json));
    for name in FIXED {
        match (name, find(fields, name)) {
            ("create_time", _) => push_claim(json, name, |out| push_number(out, create_time)),
            (_, Some(value)) => push_claim(json, name, |out| push_value(out, value)),
            ("nonce", None) => push_claim(json, name, |out| push_number(out, default_nonce.into())),
            (_, None) => push_claim(json, name, |out| out.push_str(DEFAULT_ROLE_JSON)),
        }
    }
    push_claim(json, "expire_time", |out| push_number(out, expire_time));
    for field in fields {
        let placed =
            is_session_alias(field.key) || FIXED.iter().chain(&["expire_time"]).any(|name| units_eq(field.key, name));
        if !placed {
            json.push(',');
            push_units(json, field.key);
            json.push(':');
            push_value(json, &field.value);
        }
    }
    for (name, default) in TRAILING {
        if find(fields, name).is_none() {
            push_claim(json, name, |out| out.push_str(default));
        }
    }
    json.push('}');
}

fn push_number(out: &mut String, n: u64) {
    // SAFETY: decimal digits are ASCII, so the String stays UTF-8.
    crate::decimal::push_decimal(unsafe { out.as_mut_vec() }, n);
}

fn push_claim(json: &mut String, name: &str, value: impl FnOnce(&mut String)) {
    json.push_str(",\"");
    json.push_str(name);
    json.push_str("\":");
    value(json);
}

/// A JSON value for an option as JavaScript gave it: numbers stay numbers
/// (`null` for NaN and the infinities, which JSON lacks), `null` and
/// objects are `null`, arrays are arrays.
fn push_value(out: &mut String, value: &Value<'_>) {
    match value {
        Value::Str(units) => push_units(out, units),
        Value::Num(_) if value.is_non_finite_number() => out.push_str("null"),
        Value::Num(units) | Value::BigInt(units) => out.extend(units.iter().map(|&u| char::from(u as u8))),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null | Value::Empty => out.push_str("null"),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_value(out, item);
            }
            out.push(']');
        }
    }
}

/// A JSON string of UTF-16 `units`.
pub(super) fn json_units(units: &[u16]) -> String {
    let mut out = String::with_capacity(units.len() + 2);
    push_units(&mut out, units);
    out
}

/// A JSON string of UTF-16 `units`; a lone surrogate is kept as a `\u` escape.
fn push_units(out: &mut String, units: &[u16]) {
    out.push('"');
    // Most strings (session IDs, roles, app data) are printable ASCII without quotes or backslashes.
    if units.iter().all(|&u| (0x20..0x80).contains(&u) && u != b'"' as u16 && u != b'\\' as u16) {
        // SAFETY: the units are ASCII, so the String stays UTF-8.
        unsafe { out.as_mut_vec() }.extend(units.iter().map(|&u| u as u8));
        out.push('"');
        return;
    }
    for unit in char::decode_utf16(units.iter().copied()) {
        match unit {
            Ok('"') => out.push_str("\\\""),
            Ok('\\') => out.push_str("\\\\"),
            Ok(c) if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            Ok(c) => out.push(c),
            Err(lone) => {
                let _ = write!(out, "\\u{:04x}", lone.unpaired_surrogate());
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::super::{Rules, TokenFormat};
    use super::*;

    const KEY: &str = "14971292";
    const SESSION: &str = "1_MX4xNDk3MTI5Mn5-MjAxMi0wNS0xNiAyMzoyMjozNC44NzQ0ODcrMDA6MDB-MC41MDI4NTI2OTA1MzR-";
    const NOW: u64 = 1_700_000_000;

    fn u(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    fn payload(token: &str) -> serde_json::Value {
        let claims = token.split('.').nth(1).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap()
    }

    #[test]
    fn claims_follow_the_client_token_format() {
        let encoder = TokenEncoder::new(KEY, b"s3cr3t");
        let (role, data) = (u("moderator"), u("userId:42 \"é\""));
        let fields = [
            Field { key: &u("role"), value: Value::Str(&role) },
            Field { key: &u("connection_data"), value: Value::Str(&data) },
        ];
        let token = encoder.encode_as(TokenFormat::Jwt, &u(SESSION), &fields, NOW, 7, Rules::Checked).unwrap();
        assert!(token.starts_with(crate::jwt::HEADER));
        assert_eq!(
            payload(&token),
            serde_json::json!({
                "iss": KEY, "ist": "project", "iat": NOW, "exp": NOW + 86_400, "session_id": SESSION,
                "create_time": NOW, "nonce": 7, "role": "moderator", "expire_time": NOW + 86_400,
                "connection_data": "userId:42 \"é\"", "initial_layout_class_list": "", "scope": "session.connect"
            })
        );
        assert!(encoder.verify(&token));
        assert!(!TokenEncoder::new("other", b"s3cr3t").verify(&token));
        assert!(!TokenEncoder::new(KEY, b"wrong").verify(&token));
    }

    #[test]
    fn times_given_as_text_are_numbers_and_rules_apply_when_checked() {
        let encoder = TokenEncoder::new(KEY, b"s3cr3t");
        let expire = u(&(NOW + 60).to_string());
        let fields = [Field { key: &u("expire_time"), value: Value::Str(&expire) }];
        let token = encoder.encode_as(TokenFormat::Jwt, &u(SESSION), &fields, NOW, 1, Rules::Checked).unwrap();
        assert_eq!(payload(&token)["exp"], NOW + 60);
        assert_eq!(payload(&token)["expire_time"], NOW + 60);
        let role = u("publisheronly");
        let fields = [Field { key: &u("role"), value: Value::Str(&role) }];
        assert!(encoder.encode_as(TokenFormat::Jwt, &u(SESSION), &fields, NOW, 1, Rules::Checked).is_err());
        let token = encoder.encode_as(TokenFormat::Jwt, &u(SESSION), &fields, NOW, 1, Rules::Unchecked).unwrap();
        assert_eq!(payload(&token)["role"], "publisheronly");
        assert!(
            encoder.encode_as(TokenFormat::Jwt, &u("1_bm90IG1pbmU"), &[], NOW, 1, Rules::Unchecked).is_err(),
            "owner checked"
        );
    }

    #[test]
    fn strings_escape_as_json_including_lone_surrogates() {
        let mut out = String::new();
        push_units(&mut out, &[0x41, 0x0A, 0xD800, 0x22]);
        assert_eq!(out, r#""A\u000a\ud800\"""#);
    }
}
