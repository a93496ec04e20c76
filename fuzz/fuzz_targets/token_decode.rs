//! Reading and verifying T1 tokens. Mode (first byte % 3): the rest is the
//! token as is; or a payload written as `T1==` + base64; or the data part
//! after a well-formed `partner_id=..&sig=..:` head.
#![no_main]

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use opentok_native::token::{decode, TokenEncoder};

mod common;

fuzz_target!(|data: &[u8]| {
    let (mode, rest) = common::mode(data);
    let token = match mode % 3 {
        0 => String::from_utf8_lossy(rest).into_owned(),
        1 => format!("T1=={}", STANDARD.encode(rest)),
        _ => {
            let mut payload = b"partner_id=14971292&sig=1b01da8b5d27bbd389ebc99d2985031d9498b916:".to_vec();
            payload.extend_from_slice(rest);
            format!("T1=={}", STANDARD.encode(&payload))
        }
    };
    let decoded = decode(&token);
    if let Ok(decoded) = &decoded {
        assert!(!decoded.partner_id.is_empty());
        assert_eq!(decoded.signature.len(), 40);
        assert!(decoded.signature.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        let _ = decoded.field("role");
    }
    let encoder = TokenEncoder::new(common::API_KEY, common::SECRET);
    if encoder.verify(&token) {
        // Only a token carrying this key's signature over its data verifies.
        let decoded = decoded.expect("a verified token decodes");
        assert_eq!(decoded.partner_id, common::API_KEY);
    }
});
