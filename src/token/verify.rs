//! Checking a T1 token's signature without building its decoded form: the
//! body is decoded into a buffer kept per thread and the header compared in
//! place. A header this cannot read as the SDK writes it (escapes, a long
//! body) goes through [`decode`], so the answer is the same either way.

use std::cell::RefCell;

use base64::Engine;

use super::decode::{self, decode, signature_bytes, LENIENT_STANDARD};
use super::{TokenEncoder, TOKEN_SENTINEL};

/// Bodies up to this many bytes decode in place (a token with 1,000
/// characters of connection data fits).
const SHORT_BODY: usize = 2048;

thread_local! {
    /// Where bodies are decoded: kept from call to call, so that a check
    /// neither allocates nor clears a buffer once this has grown.
    static BODY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// What a T1 header says, read in place.
enum Head<'a> {
    /// `partner_id` and the signature's bytes.
    Signed(&'a [u8], [u8; 20]),
    /// Surely not a token: no `partner_id`, or a `sig` that is not 40 hex digits.
    Malformed,
    /// A field needs unescaping: left to `decode`.
    Escaped,
}

/// `partner_id` and `sig` of a `partner_id=<key>&sig=<hex>` header.
fn read_head(head: &[u8]) -> Head<'_> {
    if head.iter().any(|&b| b == b'%' || b == b'+') {
        return Head::Escaped;
    }
    let (mut partner_id, mut sig) = (None, None);
    for pair in head.split(|&b| b == b'&').filter(|pair| !pair.is_empty()) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(eq) => (&pair[..eq], &pair[eq + 1..]),
            None => (pair, &[][..]),
        };
        // The first of a repeated name counts, as in `decode`.
        match name {
            b"partner_id" if partner_id.is_none() => partner_id = Some(value),
            b"sig" if sig.is_none() => sig = Some(value),
            _ => {}
        }
    }
    let partner_id = partner_id.filter(|p| !p.is_empty());
    let sig = sig.and_then(|s| std::str::from_utf8(s).ok()).and_then(signature_bytes);
    match (partner_id, sig) {
        (Some(partner_id), Some(sig)) => Head::Signed(partner_id, sig),
        _ => Head::Malformed,
    }
}

impl TokenEncoder {
    /// [`verify`](Self::verify) for a token starting with `T1==`.
    pub(super) fn verify_t1(&self, token: &str) -> bool {
        let body = token[TOKEN_SENTINEL.len()..].trim_end();
        let checked = BODY.try_with(|buffer| {
            let mut buffer = buffer.try_borrow_mut().ok()?;
            if buffer.len() < SHORT_BODY {
                buffer.resize(SHORT_BODY, 0);
            }
            let len = LENIENT_STANDARD.decode_slice(body, &mut buffer[..SHORT_BODY]).ok()?;
            Some(self.verify_payload(&buffer[..len]))
        });
        match checked {
            Ok(Some(Some(valid))) => valid,
            _ => self.verify_decoded(token),
        }
    }

    /// A T1 payload's verdict; `None` when only [`decode`] can read its header.
    fn verify_payload(&self, payload: &[u8]) -> Option<bool> {
        if !payload.is_ascii() && std::str::from_utf8(payload).is_err() {
            return Some(false);
        }
        if let Some(sig) = self.own_head(payload) {
            let data = &payload[self.payload_prefix.len() + 41..];
            return Some(self.verify_t1_parts(self.api_key.as_bytes(), &sig, data));
        }
        let Some(colon) = payload.iter().position(|&b| b == b':') else { return Some(false) };
        match read_head(&payload[..colon]) {
            Head::Signed(partner_id, sig) => Some(self.verify_t1_parts(partner_id, &sig, &payload[colon + 1..])),
            Head::Malformed => Some(false),
            Head::Escaped => None,
        }
    }

    /// The signature of a payload whose header is exactly the one this key
    /// writes, `partner_id=<key>&sig=<40 hex digits>:`, found without
    /// scanning; `None` for any other header, which `read_head` reads. A
    /// key with a character `read_head` treats specially never matches.
    fn own_head(&self, payload: &[u8]) -> Option<[u8; 20]> {
        let key = self.api_key.as_bytes();
        if key.is_empty() || key.iter().any(|b| b"&=%+:".contains(b)) {
            return None;
        }
        let rest = payload.strip_prefix(self.payload_prefix.as_slice())?;
        let hex = rest.get(..40).filter(|_| rest.get(40) == Some(&b':'))?;
        signature_bytes(std::str::from_utf8(hex).ok()?)
    }

    /// The general path: the token decoded as `decodeToken` reads it.
    fn verify_decoded(&self, token: &str) -> bool {
        let Ok(decoded) = decode(token) else { return false };
        let Some(signature) = decode::signature_bytes(&decoded.signature) else { return false };
        self.verify_t1_parts(decoded.partner_id.as_bytes(), &signature, decoded.data.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::STANDARD;
    use hmac::{Hmac, Mac};
    use sha1::Sha1;

    use super::*;

    const KEY: &str = "14971292";
    const SECRET: &[u8] = b"a1b2c3d4e5f6";

    fn sig(data: &str, secret: &[u8]) -> String {
        let mut mac = Hmac::<Sha1>::new_from_slice(secret).unwrap();
        mac.update(data.as_bytes());
        mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }

    fn t1(payload: &[u8]) -> String {
        format!("T1=={}", STANDARD.encode(payload))
    }

    /// Tokens the fast path reads in place, and tokens it hands to `decode`;
    /// each with the answer both paths must give.
    fn cases() -> Vec<(&'static str, String, bool)> {
        let data = "session_id=1_x&create_time=1&nonce=2&role=publisher";
        let good = sig(data, SECRET);
        let long_data = format!("{data}&connection_data={}", "x".repeat(3000));
        vec![
            ("as the SDK writes it", t1(format!("partner_id={KEY}&sig={good}:{data}").as_bytes()), true),
            ("upper-case hex", t1(format!("partner_id={KEY}&sig={}:{data}", good.to_uppercase()).as_bytes()), true),
            ("fields swapped", t1(format!("sig={good}&partner_id={KEY}:{data}").as_bytes()), true),
            (
                "first partner_id counts",
                t1(format!("partner_id={KEY}&partner_id=1&sig={good}:{data}").as_bytes()),
                true,
            ),
            ("other key first", t1(format!("partner_id=1&partner_id={KEY}&sig={good}:{data}").as_bytes()), false),
            ("escaped key", t1(format!("partner_id=%31{}&sig={good}:{data}", &KEY[1..]).as_bytes()), true),
            ("escaped name", t1(format!("partner%5Fid={KEY}&sig={good}:{data}").as_bytes()), true),
            (
                "body over the in-place buffer",
                t1(format!("partner_id={KEY}&sig={}:{long_data}", sig(&long_data, SECRET)).as_bytes()),
                true,
            ),
            (
                "unpadded base64",
                t1(format!("partner_id={KEY}&sig={good}:{data}").as_bytes()).trim_end_matches('=').to_owned(),
                true,
            ),
            ("trailing newline", format!("{}\n", t1(format!("partner_id={KEY}&sig={good}:{data}").as_bytes())), true),
            ("wrong secret", t1(format!("partner_id={KEY}&sig={}:{data}", sig(data, b"other")).as_bytes()), false),
            ("data changed", t1(format!("partner_id={KEY}&sig={good}:{data}x").as_bytes()), false),
            ("short sig", t1(format!("partner_id={KEY}&sig={}:{data}", &good[2..]).as_bytes()), false),
            ("no partner_id", t1(format!("sig={good}:{data}").as_bytes()), false),
            ("empty partner_id", t1(format!("partner_id=&sig={good}:{data}").as_bytes()), false),
            ("no colon", t1(format!("partner_id={KEY}&sig={good}").as_bytes()), false),
            ("not UTF-8", t1(&[b"partner_id=1&sig=".as_slice(), &[0xFF], b":x"].concat()), false),
            ("not base64", "T1==!!!!".to_owned(), false),
            ("more header after sig", t1(format!("partner_id={KEY}&sig={good}&x=1:{data}").as_bytes()), true),
            (
                "UTF-8 data",
                t1(format!("partner_id={KEY}&sig={}:{data}é", sig(&format!("{data}é"), SECRET)).as_bytes()),
                true,
            ),
        ]
    }

    #[test]
    fn keys_with_header_characters_never_take_the_shortcut() {
        for key in ["1&2", "1=2", "1%32", "1+2", "1:2"] {
            let encoder = TokenEncoder::new(key, SECRET);
            let data = "session_id=1_x&create_time=1&nonce=2&role=publisher";
            let token = t1(format!("partner_id={key}&sig={}:{data}", sig(data, SECRET)).as_bytes());
            assert_eq!(encoder.verify(&token), encoder.verify_decoded(&token), "{key}");
        }
    }

    #[test]
    fn the_fast_path_answers_as_the_decoded_one() {
        let encoder = TokenEncoder::new(KEY, SECRET);
        for (what, token, expected) in cases() {
            assert_eq!(encoder.verify(&token), expected, "{what}");
            assert_eq!(encoder.verify_decoded(&token), expected, "{what} (decoded)");
        }
    }
}
