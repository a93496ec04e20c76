//! Converting the arguments of the exported calls, throwing the SDK's
//! TypeErrors for values of the wrong type.

use napi::sys::ValueType;
use napi::{Env, JsValue, Unknown};

use super::{input, throw};
use crate::error::Error;
use crate::http::{parse_ca, parse_timeout_ms, ClientOptions};
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
pub fn with_api_key<T>(
    env: &Env,
    value: &Unknown<'_>,
    f: impl FnOnce(ApiKey<'_>) -> Result<T, Error>,
) -> napi::Result<T> {
    let (raw_env, v) = raw(value);
    let result = match input::type_of(raw_env, v)? {
        ValueType::napi_string => f(ApiKey::Text(&String::from_utf16_lossy(&input::utf16(raw_env, v)?))),
        ValueType::napi_number => f(ApiKey::Number(&input::coerce_to_string(raw_env, v)?)),
        _ => Err(Error::invalid_type("apiKey", "a non-empty string or a finite number")),
    };
    result.map_err(|e| throw(env, e))
}

fn is_nullish(kind: i32) -> bool {
    kind == ValueType::napi_undefined || kind == ValueType::napi_null
}

/// An optional string argument: `undefined` or `null` for none.
pub fn optional_string(env: &Env, value: &Unknown<'_>, name: &str) -> napi::Result<Option<String>> {
    let (raw_env, v) = raw(value);
    if is_nullish(input::type_of(raw_env, v)?) {
        return Ok(None);
    }
    string(env, value, name, "a string").map(Some)
}

/// `options.timeout` (milliseconds) and `options.ca` (PEM, string or Buffer).
pub fn client_options(env: &Env, timeout: &Unknown<'_>, ca: &Unknown<'_>) -> napi::Result<ClientOptions> {
    let mut options = ClientOptions::default();
    let (raw_env, t) = raw(timeout);
    match input::type_of(raw_env, t)? {
        kind if is_nullish(kind) => {}
        ValueType::napi_number => {
            options.timeout = parse_timeout_ms(input::number(raw_env, t)?).map_err(|e| throw(env, e))?
        }
        _ => return Err(throw(env, Error::invalid_type("options.timeout", "a number of milliseconds"))),
    }
    let (_, c) = raw(ca);
    let pem = match input::type_of(raw_env, c)? {
        kind if is_nullish(kind) => None,
        ValueType::napi_string => Some(String::from_utf16_lossy(&input::utf16(raw_env, c)?).into_bytes()),
        _ => match input::buffer_bytes(raw_env, c)? {
            Some(bytes) => Some(bytes),
            None => return Err(throw(env, Error::invalid_type("options.ca", "a PEM string or Buffer"))),
        },
    };
    if let Some(pem) = pem {
        options.extra_roots = parse_ca(&pem).map_err(|e| throw(env, e))?;
    }
    Ok(options)
}
