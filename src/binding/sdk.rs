use std::sync::Arc;

use napi::bindgen_prelude::{Buffer, External};
use napi::Env;
use napi_derive::napi;

use super::throw::throw;
use super::SdkHandle;
use crate::calls::Protocol;
use crate::error::Error;
use crate::rest::{parse_ca, parse_proxy, parse_timeout_ms, ClientOptions, Trust, TrustStore};
use crate::sdk::{Sdk, SdkOptions};

/// The roots Node trusts by default, shared by every SDK object of the process.
pub type TrustStoreHandle = External<Arc<TrustStore>>;

/// The options of an SDK object, their types already checked by `lib/`.
#[napi(object)]
pub struct NativeOptions {
    /// Milliseconds for each whole REST call.
    pub timeout: Option<f64>,
    /// The certificates to trust instead of Node's default roots, PEM.
    pub ca: Option<Vec<Buffer>>,
    /// An `http(s)://` proxy URL for every request, instead of the environment's.
    pub proxy: Option<String>,
    /// `'current'` (the default) or `'legacy'`.
    pub protocol: Option<String>,
}

fn sdk_options(options: NativeOptions, node_roots: &TrustStoreHandle) -> Result<SdkOptions, Error> {
    let mut client = ClientOptions::default();
    if let Some(ms) = options.timeout {
        client.timeout = parse_timeout_ms(ms)?;
    }
    client.trust = match options.ca {
        Some(pems) => {
            let mut certs = Vec::new();
            for pem in &pems {
                certs.extend(parse_ca(pem)?);
            }
            Trust::Only(certs)
        }
        None => Trust::Node(Arc::clone(node_roots)),
    };
    client.proxy = options.proxy.as_deref().map(parse_proxy).transpose()?;
    let protocol = options.protocol.as_deref().map(Protocol::parse).transpose()?.unwrap_or_default();
    Ok(SdkOptions { client, protocol })
}

/// The roots Node's `https` trusts by default (PEM), read when first needed.
#[napi(js_name = "TrustStore", ts_return_type = "ExternalObject<'TrustStore'>")]
pub fn trust_store(pem: Buffer) -> TrustStoreHandle {
    External::new(Arc::new(TrustStore::new(pem.to_vec())))
}

/// Creates the state of an SDK object: options checked, HMAC keyed.
#[napi(
    catch_unwind,
    js_name = "OpenTokSDK",
    ts_args_type = "apiKey: string, apiSecret: string, options: NativeOptions, nodeRoots: ExternalObject<'TrustStore'>",
    ts_return_type = "ExternalObject<'OpenTokSDK'>"
)]
pub fn open_tok_sdk(
    env: Env,
    api_key: String,
    api_secret: String,
    options: NativeOptions,
    node_roots: &TrustStoreHandle,
) -> napi::Result<SdkHandle> {
    let sdk = sdk_options(options, node_roots).and_then(|options| Sdk::new(&api_key, &api_secret, options));
    sdk.map(|sdk| External::new(Arc::new(sdk))).map_err(|e| throw(&env, e))
}
