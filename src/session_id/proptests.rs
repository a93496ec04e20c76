//! Property tests for session-ID decoding: records of arbitrary fields,
//! encoded every way the server (or an old SDK) may have written them, decode
//! back to the same fields; the owner check accepts exactly the owning key;
//! nothing panics on arbitrary input.
//!
//! Case counts are moderate for `cargo test`; `PROPTEST_CASES=100000` stresses.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use proptest::prelude::*;

use super::*;

/// `cases` unless `PROPTEST_CASES` is set.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// One record field: any text without the `~` separator (control
/// characters, newlines and astral characters included).
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "(?s)[^~]{0,20}",
        1 => "[0-9 :.+-]{0,30}",
    ]
}

fn api_key() -> impl Strategy<Value = String> {
    prop_oneof!["[0-9]{1,12}", "[0-9A-Za-z]{1,16}"]
}

/// A whole record: field 0, the owning key, then any number of fields.
fn record() -> impl Strategy<Value = (String, Vec<String>)> {
    (field(), api_key(), prop::collection::vec(field(), 0..6)).prop_map(|(first, key, rest)| {
        let mut fields = vec![first, key.clone()];
        fields.extend(rest);
        (key, fields)
    })
}

/// The ways a record turns up as an ID: either version prefix, base64url
/// unpadded (the server's form) or padded, or the standard alphabet.
fn encoding() -> impl Strategy<Value = (&'static str, u8)> {
    (prop::sample::select(vec!["1_", "2_"]), 0u8..4)
}

fn encode_id(prefix: &str, engine: u8, record: &str) -> String {
    let body = match engine {
        0 => URL_SAFE_NO_PAD.encode(record),
        1 => URL_SAFE.encode(record),
        2 => STANDARD.encode(record),
        _ => STANDARD_NO_PAD.encode(record),
    };
    format!("{prefix}{body}")
}

/// Keys that are not `key` but close to it, or anything else.
fn other_key(key: &str) -> impl Strategy<Value = String> {
    let key = key.to_owned();
    let (k1, k2, k3, k4) = (key.clone(), key.clone(), key.clone(), key.clone());
    prop_oneof![
        "(?s).{0,16}",
        api_key(),
        "(?s).{1,3}".prop_map(move |suffix| format!("{k1}{suffix}")),
        any::<prop::sample::Index>().prop_map(move |i| k2[..i.index(k2.len())].to_owned()),
        Just(k3.to_ascii_lowercase()),
        Just(format!(" {k4}")),
        Just(format!("{key}~")),
    ]
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn records_round_trip_through_every_encoding((key, fields) in record(), (prefix, engine) in encoding()) {
        let id = encode_id(prefix, engine, &fields.join("~"));
        let decoded = decode(&id);
        prop_assert_eq!(decoded.as_ref().map(|r| &r.fields), Some(&fields), "id {}", id);
        let decoded = decoded.unwrap();
        prop_assert_eq!(decoded.api_key(), key.as_str());
        prop_assert_eq!(decoded.location(), fields.get(2).map(String::as_str).unwrap_or(""));
        prop_assert_eq!(check_owner(&utf16(&id), &key), Ok(()));
    }

    #[test]
    fn the_owner_check_refuses_every_other_key(
        ((key, fields), other) in record().prop_flat_map(|(key, fields)| {
            let other = other_key(&key);
            (Just((key, fields)), other)
        }),
        (prefix, engine) in encoding(),
    ) {
        prop_assume!(other != key);
        let id = encode_id(prefix, engine, &fields.join("~"));
        prop_assert_eq!(check_owner(&utf16(&id), &other), Err(Error::InvalidSessionId));
    }

    #[test]
    fn a_record_without_an_owner_does_not_decode(
        first in field(),
        rest in prop::collection::vec(field(), 0..4),
        (prefix, engine) in encoding(),
        key in api_key(),
    ) {
        // Field 1 empty, or no field 1 at all.
        let record = if rest.is_empty() { first } else { format!("{first}~~{}", rest.join("~")) };
        let id = encode_id(prefix, engine, &record);
        prop_assert_eq!(decode(&id), None);
        prop_assert_eq!(check_owner(&utf16(&id), &key), Err(Error::InvalidSessionId));
        prop_assert_eq!(check_owner(&utf16(&id), ""), Err(Error::InvalidSessionId));
    }

    #[test]
    fn a_modified_id_never_changes_owner_silently(
        (key, fields) in record(),
        (prefix, engine) in encoding(),
        at in any::<prop::sample::Index>(),
        replacement in 0x20u8..0x7f,
    ) {
        // Any one character replaced: either not an ID, or an ID whose owner
        // is what the (re-decoded) record says.
        let id = encode_id(prefix, engine, &fields.join("~"));
        let mut bytes = id.into_bytes();
        let i = at.index(bytes.len());
        bytes[i] = replacement;
        let id = String::from_utf8(bytes).unwrap();
        if let Some(record) = decode(&id) {
            prop_assert_eq!(check_owner(&utf16(&id), record.api_key()), Ok(()));
            if record.api_key() != key {
                prop_assert_eq!(check_owner(&utf16(&id), &key), Err(Error::InvalidSessionId));
            }
        }
    }
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn arbitrary_strings_never_panic(id in "(?s).{0,80}", key in "(?s).{0,12}") {
        let decoded = decode(&id);
        let checked = check_owner(&utf16(&id), &key);
        if let Some(record) = &decoded {
            prop_assert!(record.fields.len() >= 2 && !record.api_key().is_empty());
            prop_assert_eq!(check_owner(&utf16(&id), record.api_key()), Ok(()));
        }
        if checked.is_ok() {
            prop_assert!(!key.is_empty());
        }
    }

    #[test]
    fn id_like_strings_never_panic(id in "[12]_[A-Za-z0-9_+/=-]{0,64}", key in "[0-9]{0,8}") {
        let decoded = decode(&id);
        let checked = check_owner(&utf16(&id), &key);
        match (&decoded, &checked) {
            (Some(record), Ok(())) => prop_assert_eq!(record.api_key(), key.as_str()),
            (Some(record), Err(e)) => {
                prop_assert_eq!(e, &Error::InvalidSessionId);
                prop_assert_ne!(record.api_key(), key.as_str());
            }
            // The record may own `key` but hold bytes that are not UTF-8.
            (None, _) => {}
        }
    }

    #[test]
    fn arbitrary_utf16_never_panics(units in prop::collection::vec(any::<u16>(), 0..64), key in "[0-9]{0,8}") {
        match check_owner(&units, &key) {
            Ok(()) => prop_assert!(!key.is_empty()),
            Err(e) if units.is_empty() => prop_assert_eq!(e, Error::MissingSessionId),
            Err(e) => prop_assert_eq!(e, Error::InvalidSessionId),
        }
    }
}
