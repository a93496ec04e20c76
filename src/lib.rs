//! opentok-native: the OpenTok server SDK core in Rust. This file holds only
//! the N-API surface; each concern lives in its own module.
//!
//! The SDK state travels as an `External` handle rather than a class
//! instance: napi-rs checks a class instance's identity on every method
//! call, which costs more than signing a token.

pub mod error;
pub mod options_wire;
pub mod sdk;
pub mod session_id;
pub mod token;
pub mod xml;

mod binding;

use napi::bindgen_prelude::External;
use napi::{Env, Unknown};
use napi_derive::napi;

use binding::{args, input};

/// The native state of one SDK object.
pub type SdkHandle = External<sdk::Sdk>;

/// Creates the state of an `OpenTokSDK`: credentials checked, HMAC keyed.
#[napi(js_name = "OpenTokSDK", ts_return_type = "ExternalObject<'OpenTokSDK'>")]
pub fn open_tok_sdk(env: Env, api_key: Unknown, api_secret: Unknown) -> napi::Result<SdkHandle> {
    let secret = args::string(&env, &api_secret, "apiSecret", "a non-empty string")?;
    args::with_api_key(&env, &api_key, |key| sdk::Sdk::new(key, &secret)).map(External::new)
}

/// Signs a T1 token for a request in the wire form of `options_wire`.
#[napi(ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, request: string", ts_return_type = "string")]
pub fn generate_token<'env>(env: &'env Env, sdk: &SdkHandle, request: Unknown<'env>) -> napi::Result<Unknown<'env>> {
    let wire = args::utf16(env, &request, "request")?;
    let token = sdk.generate_token(&wire).map_err(|e| binding::throw(env, e))?;
    let value = input::ascii_string(env.raw(), &token)?;
    // SAFETY: `value` was just created in this env.
    Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), value) })
}
