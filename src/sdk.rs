//! One SDK object's state: its credentials, the token encoder keyed once
//! with its secret, and its HTTP client, made on first use.

use std::sync::OnceLock;

use crate::calls::{self, Call};
use crate::error::{ApiError, Error};
use crate::http::{ApiClient, ClientOptions};
use crate::options_wire;
use crate::session::Property;
use crate::token::{TokenEncoder, Value};
use crate::xml::Manifest;

/// An API key as JavaScript gives it: a string, or a number with the text
/// `String(apiKey)` gives (so `123456` reads `"123456"` in tokens).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ApiKey<'a> {
    Text(&'a str),
    Number(&'a str),
}

impl ApiKey<'_> {
    fn to_text(self) -> Result<String, Error> {
        match self {
            ApiKey::Text(text) if !text.is_empty() => Ok(text.to_owned()),
            ApiKey::Number(text) if !matches!(text, "NaN" | "Infinity" | "-Infinity") => Ok(text.to_owned()),
            _ => Err(Error::invalid_type("apiKey", "a non-empty string or a finite number")),
        }
    }
}

pub struct Sdk {
    encoder: TokenEncoder,
    api_secret: String,
    client_options: ClientOptions,
    /// Built on the first REST call, so token-only users never load TLS roots.
    client: OnceLock<Result<ApiClient, ApiError>>,
}

/// Shows the API key only: the secret must never reach a log line.
impl std::fmt::Debug for Sdk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sdk").field("api_key", &self.api_key()).finish_non_exhaustive()
    }
}

impl Sdk {
    pub fn new(api_key: ApiKey<'_>, api_secret: &str, client_options: ClientOptions) -> Result<Self, Error> {
        let api_key = api_key.to_text()?;
        if api_secret.is_empty() {
            return Err(Error::invalid_type("apiSecret", "a non-empty string"));
        }
        Ok(Sdk {
            encoder: TokenEncoder::new(&api_key, api_secret.as_bytes()),
            api_secret: api_secret.to_owned(),
            client_options,
            client: OnceLock::new(),
        })
    }

    fn client(&self) -> Result<ApiClient, Error> {
        let client = self.client.get_or_init(|| ApiClient::new(&self.client_options));
        client.clone().map_err(Error::Api)
    }

    pub fn verify_token(&self, token: &str) -> bool {
        self.encoder.verify(token)
    }

    pub fn create_session(
        &self,
        api_url: &str,
        location: Option<&str>,
        properties: &[Property],
    ) -> Result<Call<String>, Error> {
        calls::create_session(self.client()?, api_url, self.api_key(), &self.api_secret, location, properties)
    }

    pub fn get_archive_manifest(&self, api_url: &str, archive_id: &str, token: &str) -> Result<Call<Manifest>, Error> {
        calls::get_archive_manifest(self.client()?, api_url, archive_id, token)
    }

    pub fn download_archive_url(
        &self,
        api_url: &str,
        archive_id: &str,
        video_id: &str,
        token: &str,
    ) -> Result<Call<String>, Error> {
        calls::download_archive_url(self.client()?, api_url, archive_id, video_id, token)
    }

    pub fn api_key(&self) -> &str {
        self.encoder.api_key()
    }

    /// A token for a request in the wire form of [`options_wire`].
    pub fn generate_token(&self, wire: &[u16]) -> Result<String, Error> {
        let request = options_wire::parse(wire)?;
        let session_id = match request.session_id {
            None => return Err(Error::MissingSessionId),
            Some(Value::Str(units)) => units,
            Some(_) => return Err(Error::invalid_type("session_id", "a string")),
        };
        self.encoder.generate(session_id, &request.fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_keys_read_as_javascript_prints_them() {
        let sdk = Sdk::new(ApiKey::Number("123456"), "s3cr3t", ClientOptions::default()).unwrap();
        assert_eq!(sdk.api_key(), "123456");
    }

    #[test]
    fn refuses_empty_or_non_finite_credentials() {
        assert!(Sdk::new(ApiKey::Text(""), "s", ClientOptions::default()).is_err());
        assert!(Sdk::new(ApiKey::Number("NaN"), "s", ClientOptions::default()).is_err());
        let err = Sdk::new(ApiKey::Text("1"), "", ClientOptions::default()).unwrap_err();
        assert_eq!(err.code(), "ERR_INVALID_ARG_TYPE");
        assert!(err.to_string().contains("apiSecret"));
    }

    #[test]
    fn generates_from_the_wire_form() {
        let sdk = Sdk::new(ApiKey::Text("14971292"), "s3cr3t", ClientOptions::default()).unwrap();
        let session = "1_MX4xNDk3MTI5Mn5-MjAxMi0wNS0xNiAyMzoyMjozNC44NzQ0ODcrMDA6MDB-MC41MDI4NTI2OTA1MzR-";
        let wire = |w: String| w.encode_utf16().collect::<Vec<u16>>();
        let token = sdk.generate_token(&wire(format!("s{}:{session}4:roles10:subscriber", session.len()))).unwrap();
        assert!(token.starts_with("T1=="));
        assert_eq!(sdk.generate_token(&wire("u".into())), Err(Error::MissingSessionId));
        assert_eq!(sdk.generate_token(&wire("s0:".into())), Err(Error::MissingSessionId));
        assert_eq!(sdk.generate_token(&wire("n2:42".into())).unwrap_err().code(), "ERR_INVALID_ARG_TYPE");
        let bad_role = wire(format!("s{}:{session}4:roles5:owner", session.len()));
        assert_eq!(sdk.generate_token(&bad_role).unwrap_err().code(), "ERR_OUT_OF_RANGE");
    }

    #[test]
    fn debug_output_holds_no_secret() {
        let sdk = Sdk::new(ApiKey::Text("123456"), "very-secret-value", ClientOptions::default()).unwrap();
        assert!(!format!("{sdk:?}").contains("very-secret-value"));
    }
}
