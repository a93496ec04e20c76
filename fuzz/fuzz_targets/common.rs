//! Helpers shared by the fuzz targets.
#![allow(dead_code)]

/// Fuzzer bytes as UTF-16 code units: each byte is one unit, except `0xFF`,
/// which takes the next two bytes (little-endian) as one unit. ASCII inputs
/// and dictionary words stay easy to find, and every u16 (lone surrogates
/// included) stays reachable.
pub fn units(data: &[u8]) -> Vec<u16> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] == 0xFF {
            let lo = data.get(i + 1).copied().unwrap_or(0);
            let hi = data.get(i + 2).copied().unwrap_or(0);
            out.push(u16::from_le_bytes([lo, hi]));
            i += 3;
        } else {
            out.push(u16::from(data[i]));
            i += 1;
        }
    }
    out
}

/// Splits off a leading mode byte: `(mode, rest)`.
pub fn mode(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((&m, rest)) => (m, rest),
        None => (0, data),
    }
}

pub const API_KEY: &str = "14971292";
pub const SECRET: &[u8] = b"a1b2c3d4e5f6";
pub const SESSION: &str = "1_MX4xNDk3MTI5Mn5-MjAxMi0wNS0xNiAyMzoyMjozNC44NzQ0ODcrMDA6MDB-MC41MDI4NTI2OTA1MzR-";
pub const NOW: u64 = 1_700_000_000;

/// Whether a `%XX`-escaped string uses only unreserved characters and
/// uppercase `%XX` escapes, as Node's `querystring.escape` writes.
pub fn is_escaped_form(text: &[u8]) -> bool {
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b);
    let hex = |b: u8| b.is_ascii_digit() || (b'A'..=b'F').contains(&b);
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'%' {
            match text.get(i + 1..i + 3) {
                Some(&[a, b]) if hex(a) && hex(b) => i += 3,
                _ => return false,
            }
        } else if unreserved(text[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}
