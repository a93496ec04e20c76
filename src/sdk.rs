//! One SDK object's state: its key, the token encoder keyed once with its
//! secret, the wire it speaks and the [`Caller`] that runs its REST calls.

use std::sync::{Arc, Mutex};

use crate::calls::{self, CallScope, Protocol};
use crate::error::Error;
use crate::options_wire;
use crate::rest::{Caller, ClientOptions, Credentials, Endpoint, Outcome, Request};
use crate::token::{Rules, Scratch, TokenEncoder, TokenFormat};
use crate::value::Value;

/// What an SDK object is made with besides its credentials.
#[derive(Debug, Clone, Default)]
pub struct SdkOptions {
    pub client: ClientOptions,
    pub protocol: Protocol,
}

pub struct Sdk {
    encoder: TokenEncoder,
    caller: Caller,
    protocol: Protocol,
    /// The last `api_url` and its parsed endpoint: it rarely changes between calls.
    last_endpoint: Mutex<Option<(String, Arc<Endpoint>)>>,
}

/// Shows the API key only: the secret must never reach a log line.
impl std::fmt::Debug for Sdk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sdk").field("api_key", &self.api_key()).finish_non_exhaustive()
    }
}

/// A REST call checked and described, ready to run; it holds its SDK object
/// so the call outlives the JavaScript reference that started it.
pub struct PreparedCall {
    sdk: Arc<Sdk>,
    endpoint: Arc<Endpoint>,
    request: Request,
}

impl PreparedCall {
    pub async fn run(self) -> Outcome {
        self.sdk.caller.execute(&self.endpoint, self.request).await
    }
}

impl Sdk {
    /// `api_key` is the text JavaScript's `String(apiKey)` gives.
    pub fn new(api_key: &str, api_secret: &str, options: SdkOptions) -> Result<Self, Error> {
        let empty = |name: &str| Error::InvalidArgValue { name: name.into(), reason: "must not be empty".into() };
        if api_key.is_empty() {
            return Err(empty("apiKey"));
        }
        if api_secret.is_empty() {
            return Err(empty("apiSecret"));
        }
        let credentials = Credentials { api_key: api_key.to_owned(), api_secret: api_secret.to_owned() };
        Ok(Sdk {
            encoder: TokenEncoder::new(api_key, api_secret.as_bytes()),
            caller: Caller::new(credentials, options.client),
            protocol: options.protocol,
            last_endpoint: Mutex::new(None),
        })
    }

    pub fn api_key(&self) -> &str {
        self.encoder.api_key()
    }

    /// Checks the parameters of REST call `operation` and describes it; bad
    /// input fails here, before anything is sent.
    pub fn prepare(self: &Arc<Self>, operation: &str, api_url: &str, params: &str) -> Result<PreparedCall, Error> {
        let call = calls::find(operation).ok_or_else(|| Error::InvalidArgValue {
            name: "operation".into(),
            reason: format!("names no REST call: {operation:?}"),
        })?;
        let endpoint = self.endpoint(api_url)?;
        let scope = CallScope { api_key: self.api_key(), protocol: self.protocol };
        let request = (call.prepare)(&scope, params)?;
        Ok(PreparedCall { sdk: Arc::clone(self), endpoint, request })
    }

    fn endpoint(&self, api_url: &str) -> Result<Arc<Endpoint>, Error> {
        // A poisoned lock only means a panic mid-compare; the cache stays usable.
        let mut last = self.last_endpoint.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, endpoint)) = last.as_ref().filter(|(url, _)| url == api_url) {
            return Ok(Arc::clone(endpoint));
        }
        let endpoint = Arc::new(Endpoint::parse(api_url)?);
        *last = Some((api_url.to_owned(), Arc::clone(&endpoint)));
        Ok(endpoint)
    }

    pub fn verify_token(&self, token: &str) -> bool {
        self.encoder.verify(token)
    }

    /// The token signer of this key.
    pub fn tokens(&self) -> &TokenEncoder {
        &self.encoder
    }

    /// A client token of `format` for a request in the wire form of [`options_wire`], into `scratch`.
    pub fn sign_wire_into(
        &self,
        scratch: &mut Scratch,
        format: TokenFormat,
        rules: Rules,
        wire: &[u16],
    ) -> Result<(), Error> {
        let request = options_wire::parse(wire)?;
        let session_id = match request.session_id {
            None => return Err(Error::MissingSessionId),
            Some(Value::Str(units)) => units,
            Some(other) => return Err(Error::invalid_type("session_id", "a string", other.describe())),
        };
        self.encoder.generate_into(scratch, format, session_id, &request.fields, rules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sdk(key: &str, secret: &str) -> Result<Arc<Sdk>, Error> {
        Sdk::new(key, secret, SdkOptions::default()).map(Arc::new)
    }

    #[test]
    fn refuses_empty_credentials() {
        assert_eq!(sdk("", "s").unwrap_err().code(), "ERR_INVALID_ARG_VALUE");
        let err = sdk("1", "").unwrap_err();
        assert!(err.to_string().contains("apiSecret"), "{err}");
    }

    #[test]
    fn generates_from_the_wire_form() {
        let sdk = sdk("14971292", "s3cr3t").unwrap();
        let generate_token = |wire: &[u16]| {
            let mut scratch = Scratch::default();
            sdk.sign_wire_into(&mut scratch, TokenFormat::T1, Rules::Checked, wire).map(|()| scratch.into_token())
        };
        let session = "1_MX4xNDk3MTI5Mn5-MjAxMi0wNS0xNiAyMzoyMjozNC44NzQ0ODcrMDA6MDB-MC41MDI4NTI2OTA1MzR-";
        let wire = |w: String| w.encode_utf16().collect::<Vec<u16>>();
        let token = generate_token(&wire(format!("s{}:{session}4:roles10:subscriber", session.len()))).unwrap();
        assert!(token.starts_with("T1=="));
        assert_eq!(generate_token(&wire("u".into())), Err(Error::MissingSessionId));
        assert_eq!(generate_token(&wire("s0:".into())), Err(Error::MissingSessionId));
        let err = generate_token(&wire("n2:42".into())).unwrap_err();
        assert_eq!(err.to_string(), "The \"session_id\" argument must be a string, got type number");
        let bad_role = wire(format!("s{}:{session}4:roles5:owner", session.len()));
        assert_eq!(generate_token(&bad_role).unwrap_err().code(), "ERR_OUT_OF_RANGE");
    }

    #[test]
    fn prepares_only_known_calls_with_their_parameters() {
        let sdk = sdk("123456", "s3cr3t").unwrap();
        let call = sdk.prepare("createSession", "http://127.0.0.1:1", r#"{"properties":[["e2ee","true"]]}"#);
        assert!(call.is_ok());
        let err = |op: &str, url: &str, params: &str| sdk.prepare(op, url, params).err().unwrap().to_string();
        assert!(err("dropTables", "http://h", "{}").contains("names no REST call"));
        assert!(err("createSession", "ftp://h", "{}").contains("api_url"));
        assert!(err("createSession", "http://h", r#"{"nope":1}"#).contains("params"));
    }

    #[test]
    fn debug_output_holds_no_secret() {
        let sdk = sdk("123456", "very-secret-value").unwrap();
        assert!(!format!("{sdk:?}").contains("very-secret-value"));
    }
}
