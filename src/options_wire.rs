//! The compact form in which `index.js` hands a token request to the core:
//! one UTF-16 string, so a token costs one N-API crossing instead of several
//! per option. `lib/options-wire.js` writes it; this module reads it.
//!
//! ```text
//! wire    := session field*
//! session := 'u' | value            'u': undefined or null (no session ID)
//! field   := len ':' key value      key: `len` UTF-16 units
//! value   := 's' len ':' units      string
//!          | 'n' len ':' units      number, as String(n) writes it
//!          | 'g' len ':' units      BigInt, in decimal
//!          | 't' | 'f'              true, false
//!          | 'z'                    null: written empty
//!          | 'e'                    object, function, symbol: written empty
//!          | 'a' count ':' item*    array (top level only); items are values, not arrays
//! ```

use crate::error::Error;
use crate::value::{Field, Value};

/// A parsed token request: the session ID value and the caller's options.
#[derive(Debug, PartialEq)]
pub struct TokenRequest<'a> {
    pub session_id: Option<Value<'a>>,
    pub fields: Vec<Field<'a>>,
}

struct Reader<'a> {
    units: &'a [u16],
    pos: usize,
}

/// Only a caller other than `lib/options-wire.js` can send a malformed wire.
fn malformed() -> Error {
    Error::InvalidArgValue { name: "request".into(), reason: "is not a token request in the options wire form".into() }
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Result<u16, Error> {
        let unit = *self.units.get(self.pos).ok_or_else(malformed)?;
        self.pos += 1;
        Ok(unit)
    }

    /// Decimal digits up to a ':'.
    fn count(&mut self) -> Result<usize, Error> {
        let mut n: usize = 0;
        loop {
            match self.next()? {
                u if u == b':' as u16 => return Ok(n),
                u @ 0x30..=0x39 => {
                    n = n.checked_mul(10).and_then(|n| n.checked_add((u - 0x30) as usize)).ok_or_else(malformed)?;
                }
                _ => return Err(malformed()),
            }
        }
    }

    fn units(&mut self) -> Result<&'a [u16], Error> {
        let len = self.count()?;
        let end = self.pos.checked_add(len).filter(|end| *end <= self.units.len()).ok_or_else(malformed)?;
        let slice = &self.units[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn value(&mut self, in_array: bool) -> Result<Value<'a>, Error> {
        // A tag is one ASCII unit; any other unit (even one whose low byte is a tag) is malformed.
        let tag = u8::try_from(self.next()?).unwrap_or(0);
        Ok(match tag {
            b's' => Value::Str(self.units()?),
            b'n' => Value::Num(self.units()?),
            b'g' => Value::BigInt(self.units()?),
            b't' => Value::Bool(true),
            b'f' => Value::Bool(false),
            b'z' => Value::Null,
            b'e' => Value::Empty,
            b'a' if !in_array => {
                let count = self.count()?;
                // Every item takes at least one unit: a count past the end is malformed.
                if count > self.units.len() - self.pos {
                    return Err(malformed());
                }
                Value::List((0..count).map(|_| self.value(true)).collect::<Result<_, _>>()?)
            }
            _ => return Err(malformed()),
        })
    }
}

pub fn parse(units: &[u16]) -> Result<TokenRequest<'_>, Error> {
    let mut reader = Reader { units, pos: 0 };
    let session_id = if units.first() == Some(&(b'u' as u16)) {
        reader.pos = 1;
        None
    } else {
        Some(reader.value(true)?)
    };
    let mut fields = Vec::new();
    while reader.pos < units.len() {
        let key = reader.units()?;
        let value = reader.value(false)?;
        fields.push(Field { key, value });
    }
    Ok(TokenRequest { session_id, fields })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn reads_every_kind_of_value() {
        let wire = u("s3:abc4:roles9:moderator1:nn5:1e+211:bt1:ze1:la3:s1:xn3:1.5f1:gg2:-71:0z");
        let req = parse(&wire).unwrap();
        let abc = u("abc");
        assert_eq!(req.session_id, Some(Value::Str(&abc)));
        let keys: Vec<String> = req.fields.iter().map(|f| String::from_utf16_lossy(f.key)).collect();
        assert_eq!(keys, ["role", "n", "b", "z", "l", "g", "0"]);
        assert_eq!(req.fields[1].value, Value::Num(&u("1e+21")));
        assert_eq!(req.fields[2].value, Value::Bool(true));
        assert_eq!(req.fields[3].value, Value::Empty);
        assert_eq!(
            req.fields[4].value,
            Value::List(vec![Value::Str(&u("x")), Value::Num(&u("1.5")), Value::Bool(false)])
        );
        assert_eq!(req.fields[5].value, Value::BigInt(&u("-7")));
        assert_eq!(req.fields[6].value, Value::Null);
    }

    #[test]
    fn keys_and_strings_may_hold_anything_including_the_separators() {
        let wire: Vec<u16> = u("u3:a:bs4:").into_iter().chain([0xD800, b':' as u16, 0, 0x41]).collect();
        let req = parse(&wire).unwrap();
        assert_eq!(req.session_id, None);
        assert_eq!(req.fields[0].key, &u("a:b")[..]);
        assert_eq!(req.fields[0].value, Value::Str(&[0xD800, b':' as u16, 0, 0x41]));
    }

    #[test]
    fn malformed_wire_is_an_error_not_a_panic() {
        for bad in
            ["", "s", "s5:ab", "u1:", "u1:kx", "u1:ka9:", "u1:ka1:a0:", "s99999999999999999999999:", "u2:k", "uk:s1:x"]
        {
            assert!(parse(&u(bad)).is_err(), "{bad:?} parsed");
        }
    }
}
#[cfg(test)]
mod proptests;
