use std::sync::Arc;

use napi::bindgen_prelude::{Buffer, External};
use napi::Env;
use napi_derive::napi;

use super::throw::throw;
use super::SdkHandle;
use crate::calls::Protocol;
use crate::error::Error;
use crate::rest::{parse_ca, parse_timeout_ms, ClientOptions};
use crate::sdk::{Sdk, SdkOptions};

/// The options of an SDK object, their types already checked by `lib/`.
#[napi(object)]
pub struct NativeOptions {
    /// Milliseconds for each whole REST call.
    pub timeout: Option<f64>,
    /// Extra trusted CA certificates, PEM.
    pub ca: Option<Vec<Buffer>>,
    /// `'current'` (the default) or `'legacy'`.
    pub protocol: Option<String>,
}

fn sdk_options(options: NativeOptions) -> Result<SdkOptions, Error> {
    let mut client = ClientOptions::default();
    if let Some(ms) = options.timeout {
        client.timeout = parse_timeout_ms(ms)?;
    }
    for pem in options.ca.iter().flatten() {
        client.extra_roots.extend(parse_ca(pem)?);
    }
    let protocol = options.protocol.as_deref().map(Protocol::parse).transpose()?.unwrap_or_default();
    Ok(SdkOptions { client, protocol })
}

/// Creates the state of an SDK object: options checked, HMAC keyed.
#[napi(catch_unwind, js_name = "OpenTokSDK", ts_return_type = "ExternalObject<'OpenTokSDK'>")]
pub fn open_tok_sdk(env: Env, api_key: String, api_secret: String, options: NativeOptions) -> napi::Result<SdkHandle> {
    let sdk = sdk_options(options).and_then(|options| Sdk::new(&api_key, &api_secret, options));
    sdk.map(|sdk| External::new(Arc::new(sdk))).map_err(|e| throw(&env, e))
}
