//! Muting: one stream, every stream of a session (with exceptions), and
//! ending the mute of the session.

use reqwest::Method;
use serde::Deserialize;

use crate::calls::{id_segment, params, project_path, Call, CallScope};
use crate::error::Error;
use crate::rest::{check_id, Auth, Request};

pub const CALLS: &[Call] = &[
    Call { name: "forceMuteStream", prepare: |scope, json| mute_stream(scope, params(json)?) },
    Call { name: "forceMuteAll", prepare: |scope, json| mute_all(scope, params(json)?) },
    Call { name: "disableForceMute", prepare: |scope, json| disable_mute(scope, params(json)?) },
];

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MuteStream {
    pub session_id: String,
    pub stream_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MuteAll {
    pub session_id: String,
    pub excluded_stream_ids: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionId {
    pub session_id: String,
}

/// `POST /session/<sid>/stream/<stid>/mute` with `{}`.
pub fn mute_stream(scope: &CallScope<'_>, params: MuteStream) -> Result<Request, Error> {
    let session = id_segment("session", "sessionId", &params.session_id)?;
    let tail = format!("{session}{}/mute", id_segment("stream", "streamId", &params.stream_id)?);
    Request::new::<()>("forceMuteStream", Method::POST, project_path(scope, &tail), Auth::Project)
        .with_json(&serde_json::json!({}))
}

/// `POST /session/<sid>/mute` with `{excludedStreamIds?, active: true}`.
pub fn mute_all(scope: &CallScope<'_>, params: MuteAll) -> Result<Request, Error> {
    let tail = format!("{}/mute", id_segment("session", "sessionId", &params.session_id)?);
    let mut body = serde_json::Map::new();
    if let Some(excluded) = params.excluded_stream_ids {
        for id in &excluded {
            check_id("excludedStreamIds", id)?;
        }
        body.insert("excludedStreamIds".into(), excluded.into());
    }
    body.insert("active".into(), true.into());
    Request::new::<()>("forceMuteAll", Method::POST, project_path(scope, &tail), Auth::Project).with_json(&body)
}

/// `POST /session/<sid>/mute` with `{active: false}`.
pub fn disable_mute(scope: &CallScope<'_>, params: SessionId) -> Result<Request, Error> {
    let tail = format!("{}/mute", id_segment("session", "sessionId", &params.session_id)?);
    Request::new::<()>("disableForceMute", Method::POST, project_path(scope, &tail), Auth::Project)
        .with_json(&serde_json::json!({ "active": false }))
}

#[cfg(test)]
mod tests {
    use crate::calls::testing::{called, describe};

    #[test]
    fn mutes_one_stream() {
        let path = "/v2/project/123456/session/S/stream/ST%2F1/mute";
        let json = r#"{"sessionId":"S","streamId":"ST/1"}"#;
        assert_eq!(describe("forceMuteStream", json).unwrap(), called("POST", path, "{}"));
        assert!(describe("forceMuteStream", r#"{"sessionId":"S","streamId":""}"#).is_err());
    }

    #[test]
    fn mutes_all_but_the_excluded_and_ends_the_mute() {
        let path = "/v2/project/123456/session/S/mute";
        let json = r#"{"sessionId":"S","excludedStreamIds":["a","b"]}"#;
        let body = r#"{"excludedStreamIds":["a","b"],"active":true}"#;
        assert_eq!(describe("forceMuteAll", json).unwrap(), called("POST", path, body));
        assert_eq!(describe("forceMuteAll", r#"{"sessionId":"S"}"#).unwrap().2, r#"{"active":true}"#);
        assert!(describe("forceMuteAll", r#"{"sessionId":"S","excludedStreamIds":[""]}"#).is_err());
        let off = describe("disableForceMute", r#"{"sessionId":"S"}"#).unwrap();
        assert_eq!(off, called("POST", path, r#"{"active":false}"#));
    }
}
