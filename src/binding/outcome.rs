//! What the exports hand back. A REST failure travels as data, not as a
//! rejection, so `lib/` can build an `OpenTokError` with `status` and the
//! server's code and message; a REST outcome crosses as one JSON text
//! (one string to create, one `JSON.parse`) rather than an object built
//! property by property.

use napi_derive::napi;

use serde::Serialize;

use crate::rest::Outcome;
use crate::token::DecodedToken;

/// What a call did, for `NODE_DEBUG=opentok`.
#[derive(Serialize)]
struct TraceJson<'a> {
    method: &'a str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    attempts: u32,
}

/// A failed call, as `lib/errors.js` builds its `OpenTokError` from it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FailureJson<'a> {
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_message: Option<&'a str>,
}

/// A REST call's outcome as one JSON text, parsed once in JS:
/// `{"trace":{...},"value":<answer>}` or `{"trace":{...},"error":{...}}`.
pub fn outcome_json((result, trace): Outcome) -> String {
    let trace = TraceJson { method: &trace.method, path: &trace.path, status: trace.status, attempts: trace.attempts };
    // Serializing these plain structs cannot fail.
    let mut json = serde_json::to_string(&trace).map(|t| format!("{{\"trace\":{t}")).unwrap_or_default();
    match result {
        Ok(value) => {
            json.push_str(",\"value\":");
            json.push_str(&value);
        }
        Err(error) => {
            let failure = FailureJson {
                code: error.kind.code(),
                message: error.to_string(),
                status: error.status,
                server_code: error.server.as_ref().map(|s| s.code.as_str()),
                server_message: error.server.as_ref().map(|s| s.message.as_str()),
            };
            json.push_str(",\"error\":");
            json.push_str(&serde_json::to_string(&failure).unwrap_or_default());
        }
    }
    json.push('}');
    json
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
