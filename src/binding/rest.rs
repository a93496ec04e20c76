use napi::bindgen_prelude::PromiseRaw;
use napi::Env;
use napi_derive::napi;

use super::outcome::RestOutcome;
use super::throw::throw;
use super::SdkHandle;

/// Runs REST call `operation` with its JSON `params`. Bad parameters throw
/// here; a call that was sent resolves to an outcome, failed or not.
#[napi(
    catch_unwind,
    ts_args_type = "sdk: ExternalObject<'OpenTokSDK'>, operation: string, apiUrl: string, params: string"
)]
pub fn rest_call<'env>(
    env: &'env Env,
    sdk: &SdkHandle,
    operation: String,
    api_url: String,
    params: String,
) -> napi::Result<PromiseRaw<'env, RestOutcome>> {
    let call = sdk.prepare(&operation, &api_url, &params).map_err(|e| throw(env, e))?;
    env.spawn_future(async move { Ok(RestOutcome::from(call.run().await)) })
}
