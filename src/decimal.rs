//! Whole numbers in decimal, written in place: for the digits of a token's
//! times and nonce (bytes) and of a number option (UTF-16 code units).

use std::mem::MaybeUninit;

const PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/// How many decimal digits `n` has.
fn decimal_len(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// Appends `n` in decimal to `out` (bytes).
pub fn push_decimal(out: &mut Vec<u8>, n: u64) {
    push_digits(out, n);
}

/// Appends `n` in decimal to `out` (UTF-16 code units).
pub fn push_decimal_units(out: &mut Vec<u16>, n: u64) {
    push_digits(out, n);
}

/// Four digits a step (two pairs from a table), straight into the spare
/// capacity: a copy from a buffer on the stack costs a call to memmove (for
/// a length known only at run time) or a stalled load (a whole buffer read
/// back right after its bytes were stored one by one), about 2% of a token
/// for each number.
fn push_digits<T: Copy + From<u8>>(out: &mut Vec<T>, mut n: u64) {
    let pair = |k: usize| [PAIRS[2 * k].into(), PAIRS[2 * k + 1].into()];
    let len = decimal_len(n);
    out.reserve(len);
    let at = out.len();
    let digits: &mut [MaybeUninit<T>] = &mut out.spare_capacity_mut()[..len];
    let mut end = len;
    while n >= 10_000 {
        let four = (n % 10_000) as usize;
        n /= 10_000;
        end -= 4;
        let [hi, lo] = [pair(four / 100), pair(four % 100)];
        for (slot, digit) in digits[end..end + 4].iter_mut().zip([hi[0], hi[1], lo[0], lo[1]]) {
            slot.write(digit);
        }
    }
    // Below 10,000 now: `end` digits left, from 1 to 4.
    if n >= 100 {
        end -= 2;
        let [a, b] = pair(n as usize % 100);
        digits[end].write(a);
        digits[end + 1].write(b);
        n /= 100;
    }
    if n >= 10 {
        let [a, b] = pair(n as usize);
        digits[0].write(a);
        digits[1].write(b);
    } else {
        digits[0].write((b'0' + n as u8).into());
    }
    // SAFETY: the `len` elements after `at` are initialised: the steps
    // above wrote `end..len`, then `0..end`.
    unsafe { out.set_len(at + len) };
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: [u64; 12] = [0, 7, 9, 10, 99, 100, 101, 999, 999_999, 1_700_000_000, 9_007_199_254_740_991, u64::MAX];

    #[test]
    fn digits_are_those_of_to_string_after_what_was_there() {
        for n in CASES {
            let mut bytes = b"x=".to_vec();
            push_decimal(&mut bytes, n);
            assert_eq!(String::from_utf8(bytes).unwrap(), format!("x={n}"));
            let mut units: Vec<u16> = "x=".encode_utf16().collect();
            push_decimal_units(&mut units, n);
            assert_eq!(String::from_utf16(&units).unwrap(), format!("x={n}"));
            assert_eq!(decimal_len(n), n.to_string().len());
        }
    }

    #[test]
    fn every_number_below_a_million_and_each_power_of_ten_boundary() {
        let mut out = Vec::new();
        let boundaries = (1..20).flat_map(|k| [10u64.pow(k) - 1, 10u64.pow(k)]);
        for n in (0..1_000_000).chain(boundaries) {
            out.clear();
            push_decimal(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes(), "{n}");
        }
    }
}
