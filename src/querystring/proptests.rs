//! Property tests for `querystring.escape`: the output is ASCII made of
//! unreserved characters and `%XX` escapes only, it equals a simple
//! reference escaper (Node's behaviour, surrogate pairing included), and
//! percent-decoding it gives back the UTF-8 of any valid string.

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

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b)
}

fn escape(units: &[u16]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    escape_into(&mut out, units).map(|()| out)
}

/// Node's `querystring.escape`, written the obvious way: each code point
/// (a surrogate taking the next unit as its low half, whatever it is) as
/// its UTF-8 bytes, each byte kept or written `%XX`.
fn reference_escape(units: &[u16]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let c = u32::from(units[i]);
        let cp = if (0xD800..0xE000).contains(&c) {
            i += 1;
            let low = u32::from(*units.get(i).ok_or(Error::UriMalformed)?);
            0x10000 + (((c & 0x3FF) << 10) | (low & 0x3FF))
        } else {
            c
        };
        let ch = char::from_u32(cp).expect("a BMP non-surrogate or a supplementary code point");
        let mut buf = [0u8; 4];
        for &b in ch.encode_utf8(&mut buf).as_bytes() {
            if is_unreserved(b) {
                out.push(b);
            } else {
                out.extend_from_slice(format!("%{b:02X}").as_bytes());
            }
        }
        i += 1;
    }
    Ok(out)
}

/// Checks the escaped form's grammar and returns its percent-decoded bytes.
fn percent_decode_checked(escaped: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < escaped.len() {
        let b = escaped[i];
        if b == b'%' {
            let hex = escaped.get(i + 1..i + 3).ok_or("truncated escape")?;
            if !hex.iter().all(|h| h.is_ascii_digit() || (b'A'..=b'F').contains(h)) {
                return Err(format!("bad escape {:?}", String::from_utf8_lossy(hex)));
            }
            let text = std::str::from_utf8(hex).unwrap();
            let byte = u8::from_str_radix(text, 16).unwrap();
            if is_unreserved(byte) {
                return Err(format!("unreserved byte {byte:#x} escaped"));
            }
            out.push(byte);
            i += 3;
        } else if is_unreserved(b) {
            out.push(b);
            i += 1;
        } else {
            return Err(format!("reserved byte {b:#x} left bare"));
        }
    }
    Ok(out)
}

/// Valid strings, biased toward what needs escaping.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "(?s).{0,24}",
        "[-_.!~*'()a-zA-Z0-9 &=%+:;/?#@\\[\\]\"<>{}|^`\\\\]{0,24}",
        "[\u{80}-\u{7ff}\u{800}-\u{ffff}\u{10000}-\u{10ffff}]{0,8}",
    ]
}

/// Arbitrary UTF-16, biased toward surrogates (paired, lone, at the end).
fn units() -> impl Strategy<Value = Vec<u16>> {
    let unit = prop_oneof![
        3 => any::<u16>(),
        2 => 0xD800u16..0xE000,
        2 => 0u16..0x80,
    ];
    prop::collection::vec(unit, 0..32)
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn valid_strings_escape_to_unreserved_ascii_and_decode_back(s in text()) {
        let units: Vec<u16> = s.encode_utf16().collect();
        let escaped = escape(&units).expect("a valid string always escapes");
        prop_assert!(escaped.is_ascii());
        let decoded = percent_decode_checked(&escaped).map_err(TestCaseError::fail)?;
        prop_assert_eq!(decoded, s.as_bytes());
        prop_assert_eq!(Ok(escaped), reference_escape(&units));
    }

    #[test]
    fn arbitrary_utf16_escapes_like_node_or_fails_with_uri_malformed(units in units()) {
        let mut out = b"prefix".to_vec();
        let result = escape_into(&mut out, &units);
        let expected = reference_escape(&units);
        match (&result, &expected) {
            (Ok(()), Ok(reference)) => {
                prop_assert_eq!(&out[6..], &reference[..]);
                let decoded = percent_decode_checked(&out[6..]).map_err(TestCaseError::fail)?;
                // Surrogates pair with whatever follows, so the bytes are always UTF-8.
                prop_assert!(std::str::from_utf8(&decoded).is_ok());
                if let Ok(valid) = String::from_utf16(&units) {
                    prop_assert_eq!(decoded, valid.into_bytes());
                }
            }
            (Err(Error::UriMalformed), Err(Error::UriMalformed)) => {
                // Only a surrogate with nothing after it fails.
                prop_assert!(units.last().is_some_and(|u| (0xD800..0xE000).contains(u)));
            }
            _ => prop_assert!(false, "escape {:?}, reference {:?}", result, expected),
        }
    }

    #[test]
    fn fields_are_key_equals_value_pairs_joined_by_ampersands(
        key in text(),
        items in prop::collection::vec(text(), 0..5),
        as_list in any::<bool>(),
        prior in prop::option::of("[a-z]{1,4}=[a-z]{0,4}"),
    ) {
        let key_units: Vec<u16> = key.encode_utf16().collect();
        let item_units: Vec<Vec<u16>> = items.iter().map(|s| s.encode_utf16().collect()).collect();
        let (value, expected_values): (Value<'_>, Vec<String>) = if as_list {
            (Value::List(item_units.iter().map(|u| Value::Str(u)).collect()), items.clone())
        } else {
            let first = item_units.first().map(Vec::as_slice).unwrap_or(&[]);
            (Value::Str(first), vec![items.first().cloned().unwrap_or_default()])
        };
        let mut out = prior.clone().unwrap_or_default().into_bytes();
        append_field(&mut out, 0, Key::Caller(&key_units), &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        let pairs: Vec<&str> = text.split('&').filter(|p| !p.is_empty()).collect();
        let skip = usize::from(prior.is_some());
        prop_assert_eq!(pairs.len(), skip + expected_values.len(), "{}", text);
        for (pair, value) in pairs[skip..].iter().zip(expected_values) {
            let (k, v) = pair.split_once('=').unwrap();
            prop_assert_eq!(percent_decode_checked(k.as_bytes()).unwrap(), key.as_bytes());
            prop_assert_eq!(percent_decode_checked(v.as_bytes()).unwrap(), value.as_bytes());
        }
    }
}
