//! Converting the arguments of the exported calls, throwing the SDK's
//! TypeErrors for values of the wrong type.

use napi::sys::ValueType;
use napi::{Env, JsValue, Unknown};

use super::{input, throw};
use crate::error::Error;
use crate::sdk::ApiKey;

fn raw(value: &Unknown<'_>) -> (napi::sys::napi_env, napi::sys::napi_value) {
    let v = value.value();
    (v.env, v.value)
}

/// A string argument's UTF-16 code units.
pub fn utf16(env: &Env, value: &Unknown<'_>, name: &str) -> napi::Result<Vec<u16>> {
    let (raw_env, v) = raw(value);
    match input::type_of(raw_env, v)? {
        ValueType::napi_string => input::utf16(raw_env, v),
        _ => Err(throw(env, Error::invalid_type(name, "a string"))),
    }
}

/// A required string argument.
pub fn string(env: &Env, value: &Unknown<'_>, name: &str, expected: &'static str) -> napi::Result<String> {
    let (raw_env, v) = raw(value);
    match input::type_of(raw_env, v)? {
        ValueType::napi_string => Ok(String::from_utf16_lossy(&input::utf16(raw_env, v)?)),
        _ => Err(throw(env, Error::invalid_type(name, expected))),
    }
}

/// Runs `f` with the API key argument, a string or a number.
pub fn with_api_key<T>(env: &Env, value: &Unknown<'_>, f: impl FnOnce(ApiKey<'_>) -> Result<T, Error>) -> napi::Result<T> {
    let (raw_env, v) = raw(value);
    let result = match input::type_of(raw_env, v)? {
        ValueType::napi_string => f(ApiKey::Text(&String::from_utf16_lossy(&input::utf16(raw_env, v)?))),
        ValueType::napi_number => f(ApiKey::Number(&input::coerce_to_string(raw_env, v)?)),
        _ => Err(Error::invalid_type("apiKey", "a non-empty string or a finite number")),
    };
    result.map_err(|e| throw(env, e))
}
