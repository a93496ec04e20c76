//! opentok-native: the OpenTok server SDK core in Rust. This file holds only
//! the N-API surface; each concern lives in its own module.
//!
//! Every export catches panics (`catch_unwind`), so none can reach Node as
//! an abort; the core is written not to panic in the first place.
//!
//! The SDK state travels as an `External` handle rather than a class
//! instance: napi-rs checks a class instance's identity on every method
//! call, which costs more than signing a token.

pub mod calls;
pub mod error;
pub mod http;
pub mod options_wire;
pub mod querystring;
pub mod sdk;
pub mod session;
pub mod session_id;
pub mod token;
pub mod xml;

#[cfg(test)]
mod test_strategies;

mod binding;

use std::sync::Arc;

use napi::bindgen_prelude::{External, PromiseRaw};
use napi::{Env, Unknown};
use napi_derive::napi;

use binding::outcome::{DecodedTokenObject, ManifestOutcome, TextOutcome};
use binding::{args, input, throw};

/// The native state of one SDK object, shared with the calls in flight.
pub type SdkHandle = External<Arc<sdk::Sdk>>;

/// Creates the state of an `OpenTokSDK`: credentials and options checked, HMAC keyed.
#[napi(catch_unwind, js_name = "OpenTokSDK", ts_return_type = "ExternalObject<'OpenTokSDK'>")]
pub fn open_tok_sdk(
    env: Env,
    api_key: Unknown,
    api_secret: Unknown,
    timeout: Unknown,
    ca: Unknown,
) -> napi::Result<SdkHandle> {
    let secret = args::string(&env, &api_secret, "apiSecret", "a non-empty string")?;
    let options = args::client_options(&env, &timeout, &ca)?;
    let sdk = args::with_api_key(&env, &api_key, |key| sdk::Sdk::new(key, &secret, options))?;
    Ok(External::new(Arc::new(sdk)))
}

/// Signs a T1 token for a request in the wire form of `options_wire`.
#[napi(catch_unwind, ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, request: string", ts_return_type = "string")]
pub fn generate_token<'env>(env: &'env Env, sdk: &SdkHandle, request: Unknown<'env>) -> napi::Result<Unknown<'env>> {
    let wire = args::utf16(env, &request, "request")?;
    let token = sdk.generate_token(&wire).map_err(|e| throw(env, e))?;
    let value = input::ascii_string(env.raw(), &token)?;
    // SAFETY: `value` was just created in this env.
    Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), value) })
}

/// The parts of a T1 token; a TypeError for what is not one.
#[napi(catch_unwind)]
pub fn decode_token(env: Env, token: Unknown) -> napi::Result<DecodedTokenObject> {
    let token = args::string(&env, &token, "token", "a string")?;
    token::decode(&token).map(DecodedTokenObject::from).map_err(|e| throw(&env, e))
}

/// Whether `token` is this SDK's, correctly signed (compared in constant time).
#[napi(catch_unwind, ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, token: string")]
pub fn verify_token(env: Env, sdk: &SdkHandle, token: Unknown) -> napi::Result<bool> {
    let token = args::string(&env, &token, "token", "a string")?;
    Ok(sdk.verify_token(&token))
}

/// Creates a session; `properties` are `[name, String(value)]` pairs.
#[napi(
    catch_unwind,
    ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, apiUrl: string, location: string | undefined, properties: Array<[string, string]>"
)]
pub fn create_session<'env>(
    env: &'env Env,
    sdk: &SdkHandle,
    api_url: Unknown<'env>,
    location: Unknown<'env>,
    properties: Vec<Vec<String>>,
) -> napi::Result<PromiseRaw<'env, TextOutcome>> {
    let api_url = args::string(env, &api_url, "api_url", "a string")?;
    let location = args::optional_string(env, &location, "location")?;
    let properties = properties
        .into_iter()
        .map(|pair| <[String; 2]>::try_from(pair).map(|[name, value]| (name, value)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| throw(env, error::Error::invalid_type("properties", "a list of [name, value] pairs")))?;
    let call = sdk.create_session(&api_url, location.as_deref(), &properties).map_err(|e| throw(env, e))?;
    env.spawn_future(async move { Ok(TextOutcome::from(call.run().await)) })
}

#[napi(
    catch_unwind,
    ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, apiUrl: string, archiveId: string, token: string"
)]
pub fn get_archive_manifest<'env>(
    env: &'env Env,
    sdk: &SdkHandle,
    api_url: Unknown<'env>,
    archive_id: Unknown<'env>,
    token: Unknown<'env>,
) -> napi::Result<PromiseRaw<'env, ManifestOutcome>> {
    let api_url = args::string(env, &api_url, "api_url", "a string")?;
    let archive_id = args::string(env, &archive_id, "archiveId", "a string")?;
    let token = args::string(env, &token, "token", "a string")?;
    let call = sdk.get_archive_manifest(&api_url, &archive_id, &token).map_err(|e| throw(env, e))?;
    env.spawn_future(async move { Ok(ManifestOutcome::from(call.run().await)) })
}

#[napi(
    catch_unwind,
    js_name = "downloadArchiveURL",
    ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, apiUrl: string, archiveId: string, videoId: string, token: string"
)]
pub fn download_archive_url<'env>(
    env: &'env Env,
    sdk: &SdkHandle,
    api_url: Unknown<'env>,
    archive_id: Unknown<'env>,
    video_id: Unknown<'env>,
    token: Unknown<'env>,
) -> napi::Result<PromiseRaw<'env, TextOutcome>> {
    let api_url = args::string(env, &api_url, "api_url", "a string")?;
    let archive_id = args::string(env, &archive_id, "archiveId", "a string")?;
    let video_id = args::string(env, &video_id, "videoId", "a string")?;
    let token = args::string(env, &token, "token", "a string")?;
    let call = sdk.download_archive_url(&api_url, &archive_id, &video_id, &token).map_err(|e| throw(env, e))?;
    env.spawn_future(async move { Ok(TextOutcome::from(call.run().await)) })
}
