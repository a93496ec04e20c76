//! Session-ID decoding and the owner check. Mode bit 0 of the first byte:
//! the rest is the ID as is, or a record to encode as `1_` + base64url (so
//! the fuzzer reaches the record parser without finding base64 first).
//! Bytes after the first `\n` are the API key to check against.
#![no_main]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use opentok_native::error::Error;
use opentok_native::session_id::{check_owner, decode};

mod common;

fuzz_target!(|data: &[u8]| {
    let (mode, rest) = common::mode(data);
    let (id, key) = match rest.iter().position(|&b| b == b'\n') {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &b""[..]),
    };
    let key = String::from_utf8_lossy(key);
    let id_units = if mode & 1 == 0 {
        common::units(id)
    } else {
        format!("1_{}", URL_SAFE_NO_PAD.encode(id)).encode_utf16().collect()
    };
    let id_text = String::from_utf16_lossy(&id_units);

    let decoded = decode(&id_text);
    let checked = check_owner(&id_units, &key);
    if id_units.is_empty() {
        assert_eq!(checked, Err(Error::MissingSessionId));
    }
    if let Some(record) = &decoded {
        assert!(record.fields.len() >= 2);
        assert!(!record.api_key().is_empty());
        let owner_units: Vec<u16> = id_text.encode_utf16().collect();
        assert_eq!(check_owner(&owner_units, record.api_key()), Ok(()));
        if id_units == owner_units {
            assert_eq!(checked.is_ok(), record.api_key() == key);
        }
    }
    if checked.is_ok() {
        assert!(!key.is_empty());
    }
});
