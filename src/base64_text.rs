//! Base64 appended to a `String` in place. The `base64` crate's
//! `encode_string` checks its own output as UTF-8 once more before
//! appending it, which costs a token about as much as its hex signature.

use base64::Engine;

/// `engine`'s encoding of `input`, appended to `out`.
pub fn push_base64(engine: &impl Engine, input: &[u8], out: &mut String) {
    let padding = base64::engine::Config::encode_padding(engine.config());
    let len = base64::encoded_len(input.len(), padding).expect("a token's length is far from usize::MAX");
    let start = out.len();
    // SAFETY: base64 writes ASCII only, so `out` stays UTF-8; it fills all `len` bytes added.
    let bytes = unsafe { out.as_mut_vec() };
    bytes.resize(start + len, 0);
    let written = engine.encode_slice(input, &mut bytes[start..]).expect("the room was sized by encoded_len");
    debug_assert_eq!(written, len);
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

    use super::*;

    #[test]
    fn appends_what_encode_string_appends() {
        for len in 0..70 {
            let input: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            for engine in [&STANDARD, &URL_SAFE_NO_PAD] {
                let (mut ours, mut theirs) = ("T1==".to_owned(), "T1==".to_owned());
                push_base64(engine, &input, &mut ours);
                engine.encode_string(&input, &mut theirs);
                assert_eq!(ours, theirs, "{len} bytes");
            }
        }
    }
}
