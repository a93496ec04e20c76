//! Raw N-API calls for the token hot path: reading the request string and
//! creating the token string with as few calls as possible.

use std::ptr;

use napi::sys::{self, napi_env, napi_value};

/// Turns a failed N-API status into an error.
fn check(status: sys::napi_status) -> napi::Result<()> {
    match status {
        sys::Status::napi_ok => Ok(()),
        sys::Status::napi_pending_exception => Err(napi::Error::from_status(napi::Status::PendingException)),
        other => Err(napi::Error::new(napi::Status::from(other), "reading a JavaScript value failed")),
    }
}

pub fn type_of(env: napi_env, value: napi_value) -> napi::Result<i32> {
    let mut kind = 0;
    check(unsafe { sys::napi_typeof(env, value, &mut kind) })?;
    Ok(kind)
}

/// A JS string's UTF-16 code units; strings that fit the first buffer take a single call.
pub fn utf16(env: napi_env, value: napi_value) -> napi::Result<Vec<u16>> {
    const FIRST_TRY: usize = 512;
    let mut units: Vec<u16> = Vec::with_capacity(FIRST_TRY);
    let mut copied = 0usize;
    check(unsafe { sys::napi_get_value_string_utf16(env, value, units.as_mut_ptr(), FIRST_TRY, &mut copied) })?;
    if copied + 1 < FIRST_TRY {
        // SAFETY: N-API wrote `copied` units (plus a terminator) into the buffer.
        unsafe { units.set_len(copied) };
        return Ok(units);
    }
    // It may have been cut short: ask for the length and read it whole.
    let mut len = 0usize;
    check(unsafe { sys::napi_get_value_string_utf16(env, value, ptr::null_mut(), 0, &mut len) })?;
    let mut units = vec![0u16; len + 1];
    check(unsafe { sys::napi_get_value_string_utf16(env, value, units.as_mut_ptr(), len + 1, &mut copied) })?;
    units.truncate(copied);
    Ok(units)
}

/// A string made of bytes below 0x80 (a token), created without transcoding.
pub fn ascii_string(env: napi_env, ascii: &str) -> napi::Result<napi_value> {
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_create_string_latin1(env, ascii.as_ptr().cast(), ascii.len() as isize, &mut value) })?;
    Ok(value)
}
