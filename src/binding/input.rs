//! Raw N-API calls for the token hot path: functions, reading arguments and
//! creating results with as few calls as possible, and panics and errors
//! turned into JS exceptions.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use napi::sys::{self, napi_callback_info, napi_env, napi_value};
use napi::Env;

use super::throw::throw;
use crate::error::Error;

/// Why a raw export stopped: a core error to throw, an exception already
/// pending, or an N-API call that failed (kept cheap: a typed read that
/// fails is how the exports find out a value's type).
pub enum Failure {
    Core(Error),
    Pending,
    Napi,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Core(error)
    }
}

/// Turns a failed N-API status into a failure.
pub fn check(status: sys::napi_status) -> Result<(), Failure> {
    match status {
        sys::Status::napi_ok => Ok(()),
        sys::Status::napi_pending_exception => Err(Failure::Pending),
        _ => Err(Failure::Napi),
    }
}

/// Runs the body of a raw export: a panic or a failure becomes a JS exception.
pub fn guard(env: napi_env, body: impl FnOnce() -> Result<napi_value, Failure>) -> napi_value {
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => return value,
        Ok(Err(failure)) => failure,
        Err(_) => Failure::Core(Error::InvalidArgValue {
            name: "call".into(),
            reason: "failed in the native code unexpectedly (a bug; please report it)".into(),
        }),
    };
    let error = match failure {
        Failure::Core(error) => error,
        Failure::Napi => {
            Error::InvalidArgValue { name: "argument".into(), reason: "could not be read (N-API failure)".into() }
        }
        Failure::Pending => return ptr::null_mut(),
    };
    let _ = throw(&Env::from_raw(env), error);
    ptr::null_mut()
}

/// The first `N` arguments of a call in progress (missing ones `undefined`).
///
/// # Safety
/// `info` must be the callback info of a call in progress.
pub unsafe fn arguments<const N: usize>(env: napi_env, info: napi_callback_info) -> Result<[napi_value; N], Failure> {
    let mut argv = [ptr::null_mut(); N];
    let mut argc = N;
    check(sys::napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), ptr::null_mut(), ptr::null_mut()))?;
    Ok(argv)
}

/// The first `N` arguments and the native state of a function created by
/// [`bound_function`] with state of type `T` (the floor's functions).
///
/// # Safety
/// As [`arguments`], for a function made by `bound_function::<T>`.
#[cfg(feature = "bench-floor")]
pub unsafe fn bound_arguments<'s, T, const N: usize>(
    env: napi_env,
    info: napi_callback_info,
) -> Result<([napi_value; N], &'s T), Failure> {
    let mut argv = [ptr::null_mut(); N];
    let mut argc = N;
    let mut data = ptr::null_mut();
    check(sys::napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), ptr::null_mut(), &mut data))?;
    // SAFETY: the function was created with a `Box<T>` as its data, freed only by its finalizer.
    Ok((argv, &*(data as *const T)))
}

/// A JS function `name` that calls `callback`, with no state of its own.
pub fn function(
    env: &Env,
    name: &str,
    callback: unsafe extern "C" fn(napi_env, napi_callback_info) -> napi_value,
) -> napi::Result<napi_value> {
    let mut function = ptr::null_mut();
    let status = unsafe {
        sys::napi_create_function(
            env.raw(),
            name.as_ptr().cast(),
            name.len() as isize,
            Some(callback),
            ptr::null_mut(),
            &mut function,
        )
    };
    if status != sys::Status::napi_ok {
        return Err(napi::Error::new(napi::Status::from(status), format!("creating {name} failed")));
    }
    Ok(function)
}

/// A JS function `name` that calls `callback` with `state`, which lives as
/// long as the function does (freed by its finalizer).
#[cfg(feature = "bench-floor")]
pub fn bound_function<T: 'static>(
    env: &Env,
    name: &str,
    callback: unsafe extern "C" fn(napi_env, napi_callback_info) -> napi_value,
    state: T,
) -> napi::Result<napi_value> {
    unsafe extern "C" fn finalize<T>(_env: napi_env, data: *mut std::ffi::c_void, _hint: *mut std::ffi::c_void) {
        // SAFETY: `data` is the Box leaked below, finalized once.
        drop(Box::from_raw(data as *mut T));
    }
    let status_error = |status| napi::Error::new(napi::Status::from(status), format!("creating {name} failed"));
    let data = Box::into_raw(Box::new(state)) as *mut std::ffi::c_void;
    let mut function = ptr::null_mut();
    // SAFETY: plain N-API calls on this env; `data` stays valid until the finalizer runs.
    unsafe {
        let status = sys::napi_create_function(
            env.raw(),
            name.as_ptr().cast(),
            name.len() as isize,
            Some(callback),
            data,
            &mut function,
        );
        if status != sys::Status::napi_ok {
            drop(Box::from_raw(data as *mut T));
            return Err(status_error(status));
        }
        let status =
            sys::napi_add_finalizer(env.raw(), function, data, Some(finalize::<T>), ptr::null_mut(), ptr::null_mut());
        if status != sys::Status::napi_ok {
            // The state stays allocated (leaked): the function may still be reachable and use it.
            return Err(status_error(status));
        }
    }
    Ok(function)
}

pub fn type_of(env: napi_env, value: napi_value) -> Result<i32, Failure> {
    let mut kind = 0;
    check(unsafe { sys::napi_typeof(env, value, &mut kind) })?;
    Ok(kind)
}

/// Appends a JS string's UTF-16 code units to `units` and returns where they
/// are; a short string takes a single call once `units` has grown.
pub fn read_utf16(env: napi_env, value: napi_value, units: &mut Vec<u16>) -> Result<std::ops::Range<usize>, Failure> {
    let start = units.len();
    if units.capacity() - start < 64 {
        units.reserve(256);
    }
    let spare = units.capacity() - start;
    let mut copied = 0usize;
    // SAFETY: N-API writes at most `spare` units (a terminator included) into the spare capacity.
    check(unsafe { sys::napi_get_value_string_utf16(env, value, units.as_mut_ptr().add(start), spare, &mut copied) })?;
    if copied + 1 < spare {
        unsafe { units.set_len(start + copied) };
        return Ok(start..start + copied);
    }
    // It may have been cut short: ask for the length and read it whole.
    let mut len = 0usize;
    check(unsafe { sys::napi_get_value_string_utf16(env, value, ptr::null_mut(), 0, &mut len) })?;
    units.reserve(len + 1);
    check(unsafe {
        sys::napi_get_value_string_utf16(env, value, units.as_mut_ptr().add(start), len + 1, &mut copied)
    })?;
    unsafe { units.set_len(start + copied) };
    Ok(start..start + copied)
}

/// A JS string's UTF-8 bytes into `bytes` (cleared first).
pub fn read_utf8(env: napi_env, value: napi_value, bytes: &mut Vec<u8>) -> Result<(), Failure> {
    bytes.clear();
    if bytes.capacity() < 512 {
        bytes.reserve(512);
    }
    let mut copied = 0usize;
    let spare = bytes.capacity();
    check(unsafe { sys::napi_get_value_string_utf8(env, value, bytes.as_mut_ptr().cast(), spare, &mut copied) })?;
    if copied + 1 >= spare {
        let mut len = 0usize;
        check(unsafe { sys::napi_get_value_string_utf8(env, value, ptr::null_mut(), 0, &mut len) })?;
        bytes.reserve(len + 1);
        check(unsafe {
            sys::napi_get_value_string_utf8(env, value, bytes.as_mut_ptr().cast(), bytes.capacity(), &mut copied)
        })?;
    }
    // SAFETY: N-API wrote `copied` bytes.
    unsafe { bytes.set_len(copied) };
    Ok(())
}

pub fn number(env: napi_env, value: napi_value) -> Result<f64, Failure> {
    let mut n = 0.0;
    check(unsafe { sys::napi_get_value_double(env, value, &mut n) })?;
    Ok(n)
}

/// `String(value)`, as JavaScript writes it.
pub fn coerce_to_string(env: napi_env, value: napi_value) -> Result<napi_value, Failure> {
    let mut text = ptr::null_mut();
    check(unsafe { sys::napi_coerce_to_string(env, value, &mut text) })?;
    Ok(text)
}

pub fn boolean_value(env: napi_env, value: napi_value) -> bool {
    let mut b = false;
    // Anything but a boolean reads as false.
    unsafe { sys::napi_get_value_bool(env, value, &mut b) };
    b
}

pub fn boolean(env: napi_env, b: bool) -> Result<napi_value, Failure> {
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_get_boolean(env, b, &mut value) })?;
    Ok(value)
}

/// A string made of bytes below 0x80 (a token), created without transcoding.
pub fn ascii_string(env: napi_env, ascii: &str) -> Result<napi_value, Failure> {
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_create_string_latin1(env, ascii.as_ptr().cast(), ascii.len() as isize, &mut value) })?;
    Ok(value)
}
