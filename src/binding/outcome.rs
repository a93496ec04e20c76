//! What the network calls resolve to. A failure travels as data, not as a
//! rejection, so `index.js` can build an `OpenTokError` with `status` and the
//! server's code and message.

use napi_derive::napi;

use crate::error::ApiError;
use crate::http::Trace;
use crate::token::DecodedToken;
use crate::xml::Manifest;

/// What a call did, for `NODE_DEBUG=opentok`.
#[napi(object)]
pub struct TraceObject {
    pub method: String,
    pub path: String,
    pub status: Option<u32>,
}

impl From<Trace> for TraceObject {
    fn from(t: Trace) -> Self {
        TraceObject { method: t.method, path: t.path, status: t.status.map(u32::from) }
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

#[napi(object)]
pub struct TextOutcome {
    pub value: Option<String>,
    pub error: Option<NativeFailure>,
    pub trace: TraceObject,
}

/// A call's result as the `value` / `error` pair of an outcome.
fn split<T, V: From<T>>(result: Result<T, ApiError>) -> (Option<V>, Option<NativeFailure>) {
    match result {
        Ok(value) => (Some(value.into()), None),
        Err(e) => (None, Some(e.into())),
    }
}

impl From<(Result<String, ApiError>, Trace)> for TextOutcome {
    fn from((result, trace): (Result<String, ApiError>, Trace)) -> Self {
        let (value, error) = split(result);
        TextOutcome { value, error, trace: trace.into() }
    }
}

#[napi(object)]
pub struct VideoObject {
    pub id: String,
    pub length: String,
    pub name: String,
}

#[napi(object)]
pub struct TimelineEventObject {
    #[napi(js_name = "type")]
    pub event_type: String,
    pub id: String,
    pub offset: String,
}

#[napi(object)]
pub struct ManifestObject {
    pub archive_id: String,
    pub title: String,
    pub videos: Vec<VideoObject>,
    pub timeline: Vec<TimelineEventObject>,
}

impl From<Manifest> for ManifestObject {
    fn from(m: Manifest) -> Self {
        ManifestObject {
            archive_id: m.archive_id,
            title: m.title,
            videos: m.videos.into_iter().map(|v| VideoObject { id: v.id, length: v.length, name: v.name }).collect(),
            timeline: m
                .timeline
                .into_iter()
                .map(|e| TimelineEventObject { event_type: e.event_type, id: e.id, offset: e.offset })
                .collect(),
        }
    }
}

#[napi(object)]
pub struct ManifestOutcome {
    pub value: Option<ManifestObject>,
    pub error: Option<NativeFailure>,
    pub trace: TraceObject,
}

impl From<(Result<Manifest, ApiError>, Trace)> for ManifestOutcome {
    fn from((result, trace): (Result<Manifest, ApiError>, Trace)) -> Self {
        let (value, error) = split(result);
        ManifestOutcome { value, error, trace: trace.into() }
    }
}

#[napi(object)]
pub struct TokenFieldObject {
    pub name: String,
    pub value: String,
}

/// A decoded T1 token: its parts and its data fields in order.
#[napi(object)]
pub struct DecodedTokenObject {
    pub partner_id: String,
    pub signature: String,
    pub data: String,
    pub fields: Vec<TokenFieldObject>,
}

impl From<DecodedToken> for DecodedTokenObject {
    fn from(t: DecodedToken) -> Self {
        DecodedTokenObject {
            partner_id: t.partner_id,
            signature: t.signature,
            data: t.data,
            fields: t.fields.into_iter().map(|(name, value)| TokenFieldObject { name, value }).collect(),
        }
    }
}
