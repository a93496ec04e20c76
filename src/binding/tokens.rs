use napi::sys::ValueType;
use napi::{Env, JsValue, Unknown};
use napi_derive::napi;

use super::input;
use super::outcome::DecodedTokenObject;
use super::throw::throw;
use super::SdkHandle;
use crate::error::Error;
use crate::token;

/// Signs a T1 token for a request in the wire form of `options_wire`. The
/// one raw N-API export: tokens are the hot path, and reading the request
/// string and creating the token string directly costs less than napi-rs's
/// conversions.
#[napi(catch_unwind, ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, request: string", ts_return_type = "string")]
pub fn generate_token<'env>(env: &'env Env, sdk: &SdkHandle, request: Unknown<'env>) -> napi::Result<Unknown<'env>> {
    let raw = request.value();
    if input::type_of(raw.env, raw.value)? != ValueType::napi_string {
        return Err(throw(env, Error::invalid_type("request", "a string", "another type")));
    }
    let wire = input::utf16(raw.env, raw.value)?;
    let token = sdk.generate_token(&wire).map_err(|e| throw(env, e))?;
    let value = input::ascii_string(env.raw(), &token)?;
    // SAFETY: `value` was just created in this env.
    Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), value) })
}

/// The parts of a T1 token; a TypeError for what is not one.
#[napi(catch_unwind)]
pub fn decode_token(env: Env, token: String) -> napi::Result<DecodedTokenObject> {
    token::decode(&token).map(DecodedTokenObject::from).map_err(|e| throw(&env, e))
}

/// Whether `token` is this SDK's, correctly signed (compared in constant time).
#[napi(catch_unwind, ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, token: string")]
pub fn verify_token(sdk: &SdkHandle, token: String) -> bool {
    sdk.verify_token(&token)
}
