//! What the exports hand back. A REST failure travels as data, not as a
//! rejection, so `lib/` can build an `OpenTokError` with `status` and the
//! server's code and message.

use napi_derive::napi;

use crate::error::ApiError;
use crate::rest::{Outcome, Trace};
use crate::token::DecodedToken;

/// What a call did, for `NODE_DEBUG=opentok`.
#[napi(object)]
pub struct TraceObject {
    pub method: String,
    pub path: String,
    pub status: Option<u32>,
    pub attempts: u32,
}

impl From<Trace> for TraceObject {
    fn from(t: Trace) -> Self {
        TraceObject { method: t.method, path: t.path, status: t.status.map(u32::from), attempts: t.attempts }
    }
}

#[napi(object)]
pub struct NativeFailure {
    pub code: String,
    pub message: String,
    pub status: Option<u32>,
    pub server_code: Option<String>,
    pub server_message: Option<String>,
}

impl From<ApiError> for NativeFailure {
    fn from(error: ApiError) -> Self {
        NativeFailure {
            code: error.kind.code().to_owned(),
            message: error.to_string(),
            status: error.status.map(u32::from),
            server_code: error.server.as_ref().map(|s| s.code.clone()),
            server_message: error.server.map(|s| s.message),
        }
    }
}

/// A REST call's result: the JSON text of its answer, or why it failed.
#[napi(object)]
pub struct RestOutcome {
    pub value: Option<String>,
    pub error: Option<NativeFailure>,
    pub trace: TraceObject,
}

impl From<Outcome> for RestOutcome {
    fn from((result, trace): Outcome) -> Self {
        let (value, error) = match result {
            Ok(json) => (Some(json), None),
            Err(e) => (None, Some(e.into())),
        };
        RestOutcome { value, error, trace: trace.into() }
    }
}

#[napi(object)]
pub struct TokenFieldObject {
    pub name: String,
    pub value: String,
}

/// A decoded client token: its parts and its fields (T1) or claims (JWT) in order.
#[napi(object)]
pub struct DecodedTokenObject {
    /// `'T1'` or `'JWT'`.
    pub format: String,
    pub partner_id: String,
    pub signature: String,
    pub data: String,
    pub fields: Vec<TokenFieldObject>,
}

impl From<DecodedToken> for DecodedTokenObject {
    fn from(t: DecodedToken) -> Self {
        DecodedTokenObject {
            format: t.format.name().to_owned(),
            partner_id: t.partner_id,
            signature: t.signature,
            data: t.data,
            fields: t.fields.into_iter().map(|(name, value)| TokenFieldObject { name, value }).collect(),
        }
    }
}
