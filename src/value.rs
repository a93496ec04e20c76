//! Option values as JavaScript hands them over. Everything stays in the
//! UTF-16 code units JavaScript has, so escaping sees exactly what the
//! original module saw, and numbers keep V8's own `String(n)` text.

use std::mem::ManuallyDrop;

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Str(&'a [u16]),
    /// A number, as JavaScript's `String(n)` writes it (`NaN`, `1e+21`, ...).
    Num(&'a [u16]),
    /// A BigInt, in decimal.
    BigInt(&'a [u16]),
    Bool(bool),
    /// An array: querystring writes one `key=value` pair per element.
    List(Vec<Value<'a>>),
    /// `null`, which querystring writes as an empty string.
    Null,
    /// Anything else querystring writes as an empty string (objects, functions, symbols).
    Empty,
}

/// An option the token exports take as a typed argument: a string or a
/// number. Unlike [`Value`] it owns nothing, so it is `Copy` and has no drop
/// glue for the hot path to call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar<'a> {
    Str(&'a [u16]),
    Num(&'a [u16]),
    /// A whole number from 0 to 2^53 - 1, as its digits and its value, so
    /// that the rules need not read the digits back.
    Whole(&'a [u16], u64),
}

impl<'a> Scalar<'a> {
    /// The same option as a [`Value`], for the checks and writers that take
    /// one; never dropped, since a string or a number owns nothing.
    pub fn value(self) -> ManuallyDrop<Value<'a>> {
        ManuallyDrop::new(match self {
            Scalar::Str(units) => Value::Str(units),
            Scalar::Num(units) | Scalar::Whole(units, _) => Value::Num(units),
        })
    }
}

/// A caller's option: its key and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Field<'a> {
    pub key: &'a [u16],
    pub value: Value<'a>,
}

/// Whether UTF-16 `units` spell the ASCII string `name`.
pub fn units_eq(units: &[u16], name: &str) -> bool {
    units.len() == name.len() && units.iter().zip(name.bytes()).all(|(&u, b)| u == b as u16)
}

impl Value<'_> {
    /// What the value is, as argument errors say it ("type number", "null").
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Str(_) => "type string",
            Value::Num(_) => "type number",
            Value::BigInt(_) => "type bigint",
            Value::Bool(_) => "type boolean",
            Value::List(_) => "an array",
            Value::Null => "null",
            Value::Empty => "type object",
        }
    }

    /// A number's value, for the rules that need it.
    pub fn number(&self) -> Option<f64> {
        let Value::Num(text) = self else { return None };
        // Whole numbers below 10^15 (Unix seconds, say) are exact as digits: no float parsing.
        if !text.is_empty() && text.len() <= 15 && text.iter().all(|u| (b'0' as u16..=b'9' as u16).contains(u)) {
            return Some(text.iter().fold(0u64, |n, &u| n * 10 + (u - b'0' as u16) as u64) as f64);
        }
        // A JS number's text is ASCII and short (at most 25 characters); read it without allocating.
        let mut ascii = [0u8; 32];
        if text.len() > ascii.len() || text.iter().any(|&u| u >= 0x80) {
            return None;
        }
        for (byte, &unit) in ascii.iter_mut().zip(text.iter()) {
            *byte = unit as u8;
        }
        std::str::from_utf8(&ascii[..text.len()]).ok()?.parse().ok()
    }

    pub fn is_non_finite_number(&self) -> bool {
        matches!(self, Value::Num(text) if units_eq(text, "NaN") || units_eq(text, "Infinity") || units_eq(text, "-Infinity"))
    }

    /// The value as a Rust string when it is a JS string.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Str(units) => Some(String::from_utf16_lossy(units)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn numbers_keep_their_javascript_text_and_value() {
        let text = u("1e+21");
        assert_eq!(Value::Num(&text).number(), Some(1e21));
        for non_finite in ["NaN", "Infinity", "-Infinity"] {
            let text = u(non_finite);
            assert!(Value::Num(&text).is_non_finite_number());
        }
        let text = u("12");
        assert!(!Value::Num(&text).is_non_finite_number());
        assert!(!Value::Str(&u("NaN")).is_non_finite_number());
    }
}
