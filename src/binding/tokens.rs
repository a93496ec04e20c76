use napi::sys::ValueType;
use napi::{Env, JsValue, Unknown};
use napi_derive::napi;

use super::input;
use super::outcome::DecodedTokenObject;
use super::throw::throw;
use super::SdkHandle;
use crate::error::Error;
use crate::token::{self, Rules, TokenFormat};

/// Reads the one string argument of the token exports.
fn request_units(env: &Env, request: &Unknown<'_>) -> napi::Result<Vec<u16>> {
    let raw = request.value();
    if input::type_of(raw.env, raw.value)? != ValueType::napi_string {
        return Err(throw(env, Error::invalid_type("request", "a string", "another type")));
    }
    input::utf16(raw.env, raw.value)
}

/// A token as a JS string, created without transcoding (tokens are ASCII).
fn token_value<'env>(env: &'env Env, token: &str) -> napi::Result<Unknown<'env>> {
    let value = input::ascii_string(env.raw(), token)?;
    // SAFETY: `value` was just created in this env.
    Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), value) })
}

/// Signs a T1 token, the options checked, for a request in the wire form of
/// `options_wire`. The token exports read their one string argument and
/// create the token string with raw N-API calls: tokens are the hot path,
/// and this costs less than napi-rs's conversions.
#[napi(catch_unwind, ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, request: string", ts_return_type = "string")]
pub fn generate_token<'env>(env: &'env Env, sdk: &SdkHandle, request: Unknown<'env>) -> napi::Result<Unknown<'env>> {
    let token = sdk.generate_token(&request_units(env, &request)?).map_err(|e| throw(env, e))?;
    token_value(env, &token)
}

/// Signs a JWT client token, the options checked as for T1 (`tokenFormat: 'JWT'`).
#[napi(catch_unwind, ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, request: string", ts_return_type = "string")]
pub fn generate_jwt<'env>(env: &'env Env, sdk: &SdkHandle, request: Unknown<'env>) -> napi::Result<Unknown<'env>> {
    let wire = request_units(env, &request)?;
    let token = sdk.sign_token(TokenFormat::Jwt, Rules::Checked, &wire).map_err(|e| throw(env, e))?;
    token_value(env, &token)
}

/// Signs a client token of `format` (`'T1'` or `'JWT'`) checking only the
/// session's owner: the 2.x surface checks the options with 2.x's rules.
#[napi(
    catch_unwind,
    ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, format: 'T1' | 'JWT', request: string",
    ts_return_type = "string"
)]
pub fn sign_token<'env>(
    env: &'env Env,
    sdk: &SdkHandle,
    format: String,
    request: Unknown<'env>,
) -> napi::Result<Unknown<'env>> {
    let format = match format.as_str() {
        "T1" => TokenFormat::T1,
        "JWT" => TokenFormat::Jwt,
        other => {
            return Err(throw(env, Error::out_of_range("format", format!("must be 'T1' or 'JWT', got {other:?}"))))
        }
    };
    let wire = request_units(env, &request)?;
    let token = sdk.sign_token(format, Rules::Unchecked, &wire).map_err(|e| throw(env, e))?;
    token_value(env, &token)
}

/// The parts of a T1 or JWT client token; a TypeError for what is not one.
#[napi(catch_unwind)]
pub fn decode_token(env: Env, token: String) -> napi::Result<DecodedTokenObject> {
    token::decode(&token).map(DecodedTokenObject::from).map_err(|e| throw(&env, e))
}

/// Whether `token` is this SDK's, correctly signed (compared in constant time).
#[napi(catch_unwind, ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, token: string")]
pub fn verify_token(sdk: &SdkHandle, token: String) -> bool {
    sdk.verify_token(&token)
}
