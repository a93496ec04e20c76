//! Node's `querystring.stringify` for one `key=value` field, reproduced code
//! unit for code unit so tokens match the JavaScript module byte for byte.

use crate::error::Error;
use crate::value::Value;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// What `querystring.escape` leaves as it is: `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
const fn unreserved_table() -> [bool; 128] {
    let mut table = [false; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        table[c] =
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')');
        c += 1;
    }
    table
}
const UNRESERVED: [bool; 128] = unreserved_table();

fn push_escaped(out: &mut Vec<u8>, byte: u32) {
    out.extend_from_slice(&[b'%', HEX[(byte >> 4) as usize & 0xF], HEX[byte as usize & 0xF]]);
}

/// `querystring.escape` over UTF-16 code units. Like Node, a surrogate is
/// paired with whatever unit follows it, and only one at the very end fails.
pub fn escape_into(out: &mut Vec<u8>, units: &[u16]) -> Result<(), Error> {
    // One pass, a byte per plain unit: most values (roles, app data) are
    // mostly plain, and their bytes fit the room reserved here.
    out.reserve(units.len());
    let mut i = 0;
    while let Some(&unit) = units.get(i) {
        let c = unit as u32;
        if c < 0x80 && UNRESERVED[c as usize] {
            out.push(c as u8);
        } else if c < 0x80 {
            push_escaped(out, c);
        } else if c < 0x800 {
            push_escaped(out, 0xC0 | (c >> 6));
            push_escaped(out, 0x80 | (c & 0x3F));
        } else if !(0xD800..0xE000).contains(&c) {
            push_escaped(out, 0xE0 | (c >> 12));
            push_escaped(out, 0x80 | ((c >> 6) & 0x3F));
            push_escaped(out, 0x80 | (c & 0x3F));
        } else {
            i += 1;
            let low = *units.get(i).ok_or(Error::UriMalformed)? as u32 & 0x3FF;
            let cp = 0x10000 + (((c & 0x3FF) << 10) | low);
            push_escaped(out, 0xF0 | (cp >> 18));
            push_escaped(out, 0x80 | ((cp >> 12) & 0x3F));
            push_escaped(out, 0x80 | ((cp >> 6) & 0x3F));
            push_escaped(out, 0x80 | (cp & 0x3F));
        }
        i += 1;
    }
    Ok(())
}

/// One value as `querystring`'s `encodeStringified` writes it. A number's
/// JS text only needs escaping for the `+` of `1e+21`, which this does.
fn write_scalar(out: &mut Vec<u8>, value: &Value<'_>) -> Result<(), Error> {
    match value {
        Value::Num(_) if value.is_non_finite_number() => Ok(()),
        Value::Str(units) | Value::Num(units) | Value::BigInt(units) => escape_into(out, units),
        Value::Bool(b) => {
            out.extend_from_slice(if *b { b"true" } else { b"false" });
            Ok(())
        }
        Value::List(_) | Value::Null | Value::Empty => Ok(()),
    }
}

/// A field's key: the caller's (escaped) or one of the fixed ASCII names.
#[derive(Clone, Copy)]
pub enum Key<'a> {
    Caller(&'a [u16]),
    Fixed(&'static str),
}

/// Appends `key=value` (or, for an array, one pair per element) to the
/// querystring that starts at `out[start..]`, after an `&` when it is not
/// empty. An empty array writes nothing, as in Node.
pub fn append_field(out: &mut Vec<u8>, start: usize, key: Key<'_>, value: &Value<'_>) -> Result<(), Error> {
    let items = match value {
        Value::List(items) => items.as_slice(),
        scalar => std::slice::from_ref(scalar),
    };
    for item in items {
        if out.len() > start {
            out.push(b'&');
        }
        match key {
            Key::Caller(units) => escape_into(out, units)?,
            Key::Fixed(name) => out.extend_from_slice(name.as_bytes()),
        }
        out.push(b'=');
        write_scalar(out, item)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    fn field(key: &str, value: Value<'_>) -> String {
        let mut out = Vec::new();
        append_field(&mut out, 0, Key::Caller(&u(key)), &value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_reserved_and_unicode_like_node() {
        assert_eq!(field("k", Value::Str(&u("userId:42"))), "k=userId%3A42");
        assert_eq!(field("k", Value::Str(&u("a b&c=d+e/f?"))), "k=a%20b%26c%3Dd%2Be%2Ff%3F");
        assert_eq!(field("k", Value::Str(&u("-_.!~*'()"))), "k=-_.!~*'()");
        assert_eq!(field("k", Value::Str(&u("é€😀"))), "k=%C3%A9%E2%82%AC%F0%9F%98%80");
        assert_eq!(field("clé", Value::Str(&[])), "cl%C3%A9=");
    }

    #[test]
    fn lone_surrogates_behave_as_in_node() {
        // Node pairs a high surrogate with whatever follows: qs.escape('\ud800A') === '%F0%90%81%81'.
        let mut out = Vec::new();
        escape_into(&mut out, &[0xD800, 0x41]).unwrap();
        assert_eq!(out, b"%F0%90%81%81");
        assert_eq!(escape_into(&mut Vec::new(), &[0x41, 0xDC00]), Err(Error::UriMalformed));
    }

    #[test]
    fn writes_every_javascript_type_like_querystring() {
        assert_eq!(field("n", Value::Num(&u("42"))), "n=42");
        assert_eq!(field("n", Value::Num(&u("1e+21"))), "n=1e%2B21");
        assert_eq!(field("n", Value::Num(&u("-1e-7"))), "n=-1e-7");
        assert_eq!(field("n", Value::Num(&u("NaN"))), "n=");
        assert_eq!(field("n", Value::Num(&u("-Infinity"))), "n=");
        assert_eq!(field("b", Value::Bool(true)), "b=true");
        assert_eq!(
            field("big", Value::BigInt(&u("-123456789012345678901234567890"))),
            "big=-123456789012345678901234567890"
        );
        assert_eq!(field("o", Value::Empty), "o=");
        let items = vec![Value::Num(&[0x31]), Value::Str(&[0x78, 0x20, 0x79]), Value::Empty];
        assert_eq!(field("a", Value::List(items)), "a=1&a=x%20y&a=");
        assert_eq!(field("a", Value::List(vec![])), "");
    }
}
#[cfg(test)]
mod proptests;
