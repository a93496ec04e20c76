//! Throwing core errors as JS errors of the right class, with their `code`.

use napi::Env;

use crate::error::{Error, JsErrorKind};

/// Throws `err` in `env` and returns the error that tells napi-rs an
/// exception is already pending.
pub fn throw(env: &Env, err: Error) -> napi::Error {
    let message = err.to_string();
    let code = Some(err.code());
    let thrown = match err.js_kind() {
        JsErrorKind::TypeError => env.throw_type_error(&message, code),
        JsErrorKind::RangeError => env.throw_range_error(&message, code),
        JsErrorKind::Error => env.throw_error(&message, code),
    };
    match thrown {
        Ok(()) => napi::Error::from_status(napi::Status::PendingException),
        Err(e) => e,
    }
}
