//! The token-request wire, then the token it asks for: the wire parses or
//! fails, and whatever parses is signed (against a fixed session when the
//! wire names none it owns) or refused with a documented error; a signed
//! token always decodes and verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opentok_native::error::Error;
use opentok_native::options_wire::parse;
use opentok_native::token::{decode, TokenEncoder};
use opentok_native::value::Value;

mod common;

fuzz_target!(|data: &[u8]| {
    let wire = common::units(data);
    let Ok(request) = parse(&wire) else { return };
    let fallback: Vec<u16> = common::SESSION.encode_utf16().collect();
    let session = match request.session_id {
        Some(Value::Str(units)) if !units.is_empty() => units,
        _ => &fallback[..],
    };
    let encoder = TokenEncoder::new(common::API_KEY, common::SECRET);
    match encoder.encode(session, &request.fields, common::NOW, 7) {
        Ok(token) => {
            assert!(token.is_ascii());
            assert!(encoder.verify(&token), "{token}");
            let decoded = decode(&token).expect("a signed token decodes");
            assert_eq!(decoded.partner_id, common::API_KEY);
            assert!(common::is_escaped_form(decoded.data.replace(['&', '='], "").as_bytes()), "{}", decoded.data);
        }
        Err(
            Error::InvalidSessionId
            | Error::MissingSessionId
            | Error::UriMalformed
            | Error::OutOfRange { .. }
            | Error::InvalidArgType { .. },
        ) => {}
        Err(other) => panic!("undocumented error {other:?}"),
    }
});
