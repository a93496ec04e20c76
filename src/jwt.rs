//! HS256 JSON Web Tokens, signed with the API secret: the `X-OPENTOK-AUTH`
//! header of REST calls, and JWT client tokens.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
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
        token.push_str(HEADER);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(claims_json, &mut token);
        let mut mac = self.mac.clone();
        mac.update(token.as_bytes());
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(mac.finalize().into_bytes(), &mut token);
        token
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
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// A JSON string literal of `text` (quotes and escapes included).
pub fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The claims of a REST JWT: `iss` the API key, `ist` project, `iat`, `exp`
/// at most 300 s later, and a random `jti`.
pub fn project_claims(api_key: &str, iat: u64) -> String {
    format!(
        r#"{{"iss":{},"ist":"project","iat":{iat},"exp":{},"jti":"{}"}}"#,
        json_string(api_key),
        iat + REST_JWT_LIFETIME_SECS,
        random_uuid()
    )
}

#[cfg(test)]
mod tests {
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
        let claims: serde_json::Value = serde_json::from_str(&project_claims("12\"34", 1_700_000_000)).unwrap();
        assert_eq!(claims["iss"], "12\"34");
        assert_eq!(claims["ist"], "project");
        assert_eq!(claims["iat"], 1_700_000_000);
        assert_eq!(claims["exp"], 1_700_000_300);
        let jti = claims["jti"].as_str().unwrap();
        assert_eq!(jti.len(), 36);
        assert_eq!(&jti[14..15], "4");
        assert_ne!(project_claims("1", 1), project_claims("1", 1), "each jti is fresh");
    }
}
