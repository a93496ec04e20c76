//! `querystring.escape` over arbitrary UTF-16: ASCII in the escaped form,
//! percent-decoding to UTF-8 (to the input's own UTF-8 when it is valid),
//! and failing only on a surrogate left with nothing to pair with.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opentok_native::error::Error;
use opentok_native::querystring::{append_field, escape_into, Key};
use opentok_native::value::Value;

mod common;

fn percent_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'%' {
            let hex = std::str::from_utf8(&text[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

/// Whether the scan Node does ends on a surrogate with no unit after it.
fn ends_unpaired(units: &[u16]) -> bool {
    let mut i = 0;
    while i < units.len() {
        if (0xD800..0xE000).contains(&units[i]) {
            i += 1;
            if i == units.len() {
                return true;
            }
        }
        i += 1;
    }
    false
}

fuzz_target!(|data: &[u8]| {
    let units = common::units(data);
    let mut out = Vec::new();
    match escape_into(&mut out, &units) {
        Ok(()) => {
            assert!(!ends_unpaired(&units));
            assert!(common::is_escaped_form(&out), "{}", String::from_utf8_lossy(&out));
            let decoded = percent_decode(&out);
            let text = std::str::from_utf8(&decoded).expect("escaped bytes are UTF-8");
            if let Ok(valid) = String::from_utf16(&units) {
                assert_eq!(text, valid);
            }
        }
        Err(err) => {
            assert_eq!(err, Error::UriMalformed);
            assert!(ends_unpaired(&units));
        }
    }
    // The same units as a key and as each kind of value.
    let mut field = Vec::new();
    let half = units.len() / 2;
    let (key, value) = units.split_at(half);
    for value in
        [Value::Str(value), Value::Num(value), Value::BigInt(value), Value::List(vec![Value::Str(value), Value::Empty])]
    {
        field.clear();
        let _ = append_field(&mut field, 0, Key::Caller(key), &value);
        assert!(field.is_ascii());
    }
});
