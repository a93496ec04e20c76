//! The token exports. Signing and verifying are the hot path: raw N-API
//! functions shared by every SDK object, which find the object's signer by
//! a small integer handle (`signers`), read their arguments and create the
//! token with as few N-API calls as possible, and write into buffers kept
//! from call to call. The common options cross as typed arguments; any
//! other request as one string in the wire form of `options_wire`.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use napi::bindgen_prelude::JsObjectValue;
use napi::bindgen_prelude::Object;
use napi::sys::{napi_callback_info, napi_env, napi_value, ValueType};
use napi::Env;
use napi_derive::napi;

use super::input::{self, arguments, guard, Failure};
use super::outcome::DecodedTokenObject;
use super::signers::{self, Signer};
use super::throw::throw;
use super::SdkHandle;
use crate::decimal::push_decimal_units;
use crate::error::Error;
use crate::token::{self, CommonOptions, Rules, Scratch, TokenFormat};
use crate::value::Scalar;

/// An option value read into `units`: where its text is, and what kind it is.
enum Read {
    Absent,
    Str(Range<usize>),
    Num(Range<usize>),
    /// A whole number from 0 to 2^53 - 1: its digits and its value.
    Whole(Range<usize>, u64),
}

/// `String(n)` for a number JavaScript would write as an integer; `None` otherwise.
fn push_integer(units: &mut Vec<u16>, n: f64) -> Option<Range<usize>> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    // A whole number survives the round trip through i64 (compared so, not
    // with `fract`, which is a libm call); NaN and the infinities do not.
    let integer = n as i64;
    if integer as f64 != n || n.abs() > MAX_SAFE {
        return None;
    }
    let start = units.len();
    // -0 writes as "0", as in JavaScript.
    if integer < 0 {
        units.push(b'-' as u16);
    }
    push_decimal_units(units, integer.unsigned_abs());
    Some(start..units.len())
}

/// One typed option argument: a string, a number, or `undefined` (left out).
/// `number_first`: the option is usually a number (`expire_time`), so its
/// type is asked first; other options are tried as strings first.
fn read_option(
    env: napi_env,
    name: &str,
    value: napi_value,
    number_first: bool,
    units: &mut Vec<u16>,
) -> Result<Read, Failure> {
    if !number_first {
        if let Ok(range) = input::read_utf16(env, value, units) {
            return Ok(Read::Str(range));
        }
    }
    match input::type_of(env, value)? {
        ValueType::napi_undefined => Ok(Read::Absent),
        ValueType::napi_string => Ok(Read::Str(input::read_utf16(env, value, units)?)),
        ValueType::napi_number => {
            let n = input::number(env, value)?;
            match push_integer(units, n) {
                // `n` is whole and at most 2^53 - 1 here, so `as` is exact.
                Some(range) if n >= 0.0 => Ok(Read::Whole(range, n as u64)),
                Some(range) => Ok(Read::Num(range)),
                None => Ok(Read::Num(input::read_utf16(env, input::coerce_to_string(env, value)?, units)?)),
            }
        }
        _ => Err(Error::invalid_type(name, "a string or a number", "another type").into()),
    }
}

/// The option read at `read`, as the core takes it.
fn value<'a>(read: &Read, units: &'a [u16]) -> Option<Scalar<'a>> {
    match read {
        Read::Absent => None,
        Read::Str(range) => Some(Scalar::Str(&units[range.clone()])),
        Read::Num(range) => Some(Scalar::Num(&units[range.clone()])),
        Read::Whole(range, n) => Some(Scalar::Whole(&units[range.clone()], *n)),
    }
}

/// Makes `value`, the session of a `common` call, the one the signer keeps,
/// checked; `undefined` leaves the one kept from the last call.
fn keep_session(env: napi_env, signer: &Signer, value: napi_value) -> Result<(), Failure> {
    if input::type_of(env, value)? == ValueType::napi_undefined {
        return Ok(());
    }
    let mut units = signer.units.borrow_mut();
    units.clear();
    input::read_utf16(env, value, &mut units)
        .map_err(|_| Error::invalid_type("session_id", "a string", "another type"))?;
    let mut kept = signer.session.borrow_mut();
    *kept = None;
    *kept = Some(signer.sdk.tokens().check_session(&units)?);
    Ok(())
}

/// `common(sessionId, role, connectionData, expireTime, expireFirst)`: the
/// options as typed arguments, `expireFirst` when the caller's object names
/// `expire_time` before `connection_data` (their order in the token).
/// `sessionId` may be `undefined` for the session of the last call.
unsafe extern "C" fn sign_common(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || {
        let [handle, session, role, data, expire, expire_first] = arguments::<6>(env, info)?;
        let signer = &*signer_of(env, handle)?;
        keep_session(env, signer, session)?;
        let kept = signer.session.borrow();
        let Some(session) = kept.as_ref() else { return Err(Failure::Core(Error::MissingSessionId)) };
        let mut units = signer.units.borrow_mut();
        units.clear();
        let role = read_option(env, "role", role, false, &mut units)?;
        let data = read_option(env, "connection_data", data, false, &mut units)?;
        let expire = read_option(env, "expire_time", expire, true, &mut units)?;
        let options = CommonOptions {
            role: value(&role, &units),
            connection_data: value(&data, &units),
            expire_time: value(&expire, &units),
            expire_first: input::boolean_value(env, expire_first),
        };
        let mut scratch = signer.scratch.borrow_mut();
        signer.sdk.tokens().generate_common(&mut scratch, signer.format, session, &options, signer.rules)?;
        input::ascii_string(env, scratch.token())
    })
}

/// `wire(request)`: any request, in the wire form of `options_wire`.
unsafe extern "C" fn sign_wire(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || {
        let [handle, request] = arguments::<2>(env, info)?;
        let signer = &*signer_of(env, handle)?;
        if input::type_of(env, request)? != ValueType::napi_string {
            return Err(Error::invalid_type("request", "a string", "another type").into());
        }
        let mut units = signer.units.borrow_mut();
        units.clear();
        input::read_utf16(env, request, &mut units)?;
        let mut scratch = signer.scratch.borrow_mut();
        signer.sdk.sign_wire_into(&mut scratch, signer.format, signer.rules, &units)?;
        input::ascii_string(env, scratch.token())
    })
}

fn parse_format(format: &str) -> Result<TokenFormat, Error> {
    match format {
        "T1" => Ok(TokenFormat::T1),
        "JWT" => Ok(TokenFormat::Jwt),
        other => Err(Error::out_of_range("format", format!("must be 'T1' or 'JWT', got {other:?}"))),
    }
}

/// A signer of an SDK object for tokens of `format`, with the 0.3.x rules
/// checked, or (`checked: false`, the 2.x surface, which checks 2.x's rules
/// itself) only the session's owner; its holder `{ handle }` is what the
/// token functions take first.
#[napi(
    catch_unwind,
    ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, format: 'T1' | 'JWT', checked: boolean",
    ts_return_type = "{ handle: number }"
)]
pub fn token_signer<'env>(
    env: &'env Env,
    sdk: &SdkHandle,
    format: String,
    checked: bool,
) -> napi::Result<Object<'env>> {
    let format = parse_format(&format).map_err(|e| throw(env, e))?;
    let rules = if checked { Rules::Checked } else { Rules::Unchecked };
    let signer = Signer {
        sdk: Arc::clone(sdk),
        format,
        rules,
        units: RefCell::new(Vec::new()),
        bytes: RefCell::new(Vec::new()),
        scratch: RefCell::new(Scratch::default()),
        session: RefCell::new(None),
    };
    signers::holder(env, signer)
}

/// The signer a token function's first argument names.
fn signer_of(env: napi_env, handle: napi_value) -> Result<std::rc::Rc<Signer>, Failure> {
    let mut number = 0u32;
    // A handle is a number this module handed out; anything else names no signer.
    let status = unsafe { napi::sys::napi_get_value_uint32(env, handle, &mut number) };
    let found = if status == napi::sys::Status::napi_ok { signers::get(number) } else { None };
    found.ok_or_else(|| Failure::Core(Error::invalid_type("signer", "a token signer of this module", "another value")))
}

/// The token functions, shared by every signer: `common(handle, sessionId,
/// role, connectionData, expireTime, expireFirst)`, `wire(handle, request)`
/// and `verify(handle, token)`.
#[napi(
    catch_unwind,
    ts_return_type = "{ common(handle: number, sessionId: string | undefined, role?: string | number, connectionData?: string | number, expireTime?: string | number, expireFirst?: boolean): string; wire(handle: number, request: string): string; verify(handle: number, token: string): boolean }"
)]
pub fn token_functions(env: &Env) -> napi::Result<Object<'_>> {
    let mut functions = Object::new(env)?;
    set_raw(env, &mut functions, "common", input::function(env, "common", sign_common)?)?;
    set_raw(env, &mut functions, "wire", input::function(env, "wire", sign_wire)?)?;
    set_raw(env, &mut functions, "verify", input::function(env, "verify", verify)?)?;
    Ok(functions)
}

fn set_raw(env: &Env, object: &mut Object<'_>, name: &str, value: napi_value) -> napi::Result<()> {
    // SAFETY: `value` was just created in this env.
    object.set_named_property(name, unsafe { napi::bindgen_prelude::Unknown::from_raw_unchecked(env.raw(), value) })
}

/// `verify(handle, token)`: whether `token` is the signer's SDK object's,
/// correctly signed (compared in constant time).
unsafe extern "C" fn verify(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || {
        let [handle, token] = arguments::<2>(env, info)?;
        let verifier = &*signer_of(env, handle)?;
        if input::type_of(env, token)? != ValueType::napi_string {
            return Err(Error::invalid_type("token", "a string", "another type").into());
        }
        let mut bytes = verifier.bytes.borrow_mut();
        input::read_utf8(env, token, &mut bytes)?;
        // Every token is ASCII (base64 and dots), so anything else is no token.
        // SAFETY: ASCII bytes are UTF-8.
        let valid = bytes.is_ascii() && verifier.sdk.verify_token(unsafe { std::str::from_utf8_unchecked(&bytes) });
        input::boolean(env, valid)
    })
}

/// The parts of a T1 or JWT client token; a TypeError for what is not one.
#[napi(catch_unwind)]
pub fn decode_token(env: Env, token: String) -> napi::Result<DecodedTokenObject> {
    token::decode(&token).map(DecodedTokenObject::from).map_err(|e| throw(&env, e))
}

#[cfg(test)]
mod tests {
    use super::push_integer;

    fn text(n: f64) -> Option<String> {
        let mut units = Vec::new();
        push_integer(&mut units, n).map(|range| String::from_utf16(&units[range]).unwrap())
    }

    #[test]
    fn integers_are_written_as_javascript_writes_them() {
        assert_eq!(text(0.0).as_deref(), Some("0"));
        assert_eq!(text(-0.0).as_deref(), Some("0"));
        assert_eq!(text(1_796_000_000.0).as_deref(), Some("1796000000"));
        assert_eq!(text(-42.0).as_deref(), Some("-42"));
        assert_eq!(text(9_007_199_254_740_991.0).as_deref(), Some("9007199254740991"));
        // Left to JavaScript's own String(n).
        for other in [1.5, 9_007_199_254_740_992.0, 1e21, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(text(other), None, "{other}");
        }
    }
}
