//! HS256 JSON Web Tokens, signed with the API secret: the `X-OPENTOK-AUTH`
//! header of REST calls, and JWT client tokens.

use crate::base64_text::push_base64;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// base64url of `{"alg":"HS256","typ":"JWT"}`, the header of every token made here.
pub const HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// The longest the service lets a REST JWT live: `exp` at most 5 minutes after `iat`.
pub const REST_JWT_LIFETIME_SECS: u64 = 300;

/// Signs JWTs with one secret; the HMAC key schedule is computed once.
#[derive(Clone)]
pub struct JwtSigner {
    mac: Hmac<Sha256>,
}

impl JwtSigner {
    pub fn new(secret: &[u8]) -> Self {
        JwtSigner { mac: Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length") }
    }

    /// `header.claims.signature`, each part base64url without padding.
    pub fn sign(&self, claims_json: &[u8]) -> String {
        let mut token = String::with_capacity(HEADER.len() + 2 + claims_json.len().div_ceil(3) * 4 + 43);
        self.sign_into(claims_json, &mut token);
        token
    }

    /// [`sign`](Self::sign), appended to `token`.
    pub fn sign_into(&self, claims_json: &[u8], token: &mut String) {
        let start = token.len();
        token.push_str(HEADER);
        token.push('.');
        push_base64(&URL_SAFE_NO_PAD, claims_json, token);
        let mut mac = self.mac.clone();
        mac.update(&token.as_bytes()[start..]);
        token.push('.');
        push_base64(&URL_SAFE_NO_PAD, &mac.finalize().into_bytes(), token);
    }

    /// Whether `signature` (raw bytes) signs `signed` (`header.claims`), compared in constant time.
    pub fn verifies(&self, signed: &[u8], signature: &[u8]) -> bool {
        let mut mac = self.mac.clone();
        mac.update(signed);
        mac.verify_slice(signature).is_ok()
    }
}

impl std::fmt::Debug for JwtSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtSigner { .. }")
    }
}

/// A random (version 4) UUID, for `jti`.
pub fn random_uuid() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes[6] = (bytes[6] & 0x0F) | 0x40;
    bytes[8] = (bytes[8] & 0x3F) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut uuid = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            uuid.push('-');
        }
        uuid.push(HEX[(b >> 4) as usize] as char);
        uuid.push(HEX[(b & 0xF) as usize] as char);
    }
    uuid
}

/// A JSON string literal of `text` (quotes and escapes included).
pub fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The start of a REST JWT's claims for `api_key`, made once per SDK object.
pub fn project_claims_prefix(api_key: &str) -> String {
    format!(r#"{{"iss":{},"ist":"project","iat":"#, json_string(api_key))
}

/// The claims of a REST JWT after `prefix` ([`project_claims_prefix`]):
/// `iat`, `exp` 300 s later, and a random `jti`.
pub fn project_claims(prefix: &str, iat: u64) -> String {
    let mut claims = String::with_capacity(prefix.len() + 80);
    claims.push_str(prefix);
    claims.push_str(&iat.to_string());
    claims.push_str(",\"exp\":");
    claims.push_str(&(iat + REST_JWT_LIFETIME_SECS).to_string());
    claims.push_str(",\"jti\":\"");
    claims.push_str(&random_uuid());
    claims.push_str("\"}");
    claims
}

#[cfg(test)]
mod tests {
    use base64::Engine;

    use super::*;

    #[test]
    fn the_header_is_hs256() {
        let header = URL_SAFE_NO_PAD.decode(HEADER).unwrap();
        assert_eq!(header, br#"{"alg":"HS256","typ":"JWT"}"#);
    }

    #[test]
    fn signs_and_verifies_as_node_crypto_does() {
        // Computed with node:crypto: createHmac('sha256', 'secret').update(HEADER + '.e30').digest('base64url').
        let token = JwtSigner::new(b"secret").sign(b"{}");
        assert_eq!(token, format!("{HEADER}.e30.t-IDcSemACt8x4iTMCda8Yhe3iZaWbvV5XKSTbuAn0M"));
        let (signed, signature) = token.rsplit_once('.').unwrap();
        let signer = JwtSigner::new(b"secret");
        assert!(signer.verifies(signed.as_bytes(), &URL_SAFE_NO_PAD.decode(signature).unwrap()));
        assert!(!JwtSigner::new(b"other").verifies(signed.as_bytes(), &URL_SAFE_NO_PAD.decode(signature).unwrap()));
    }

    #[test]
    fn project_claims_name_the_key_and_live_300_seconds() {
        let prefix = project_claims_prefix("12\"34");
        let claims: serde_json::Value = serde_json::from_str(&project_claims(&prefix, 1_700_000_000)).unwrap();
        assert_eq!(claims["iss"], "12\"34");
        assert_eq!(claims["ist"], "project");
        assert_eq!(claims["iat"], 1_700_000_000);
        assert_eq!(claims["exp"], 1_700_000_300);
        let jti = claims["jti"].as_str().unwrap();
        assert_eq!(jti.len(), 36);
        assert_eq!(&jti[14..15], "4");
        assert_ne!(project_claims(&prefix, 1), project_claims(&prefix, 1), "each jti is fresh");
    }
}
