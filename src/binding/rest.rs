use napi::bindgen_prelude::Unknown;
use napi::Env;
use napi_derive::napi;

use super::completions;
use super::outcome::outcome_json;
use super::throw::throw;
use super::SdkHandle;

/// Runs REST call `operation` with its JSON `params`. Bad parameters throw
/// here; a call that was sent resolves to its outcome as JSON text
/// (`{"trace", "value"}` or `{"trace", "error"}`), failed or not.
#[napi(
    catch_unwind,
    ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, operation: string, apiUrl: string, params: string",
    ts_return_type = "Promise<string>"
)]
pub fn rest_call<'env>(
    env: &'env Env,
    sdk: &SdkHandle,
    operation: String,
    api_url: String,
    params: String,
) -> napi::Result<Unknown<'env>> {
    let call = sdk.prepare(&operation, &api_url, &params).map_err(|e| throw(env, e))?;
    let promise = completions::spawn(env.raw(), async move { outcome_json(call.run().await) })?;
    // SAFETY: `promise` was just created in this env.
    Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), promise) })
}
