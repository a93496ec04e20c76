//! The streams of a session: one, all of them, and their layout classes.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::calls::{id_segment, params, project_path, Call, CallScope};
use crate::error::Error;
use crate::rest::{check_id, Answer, Auth, Reply, Request, Resource};

pub const CALLS: &[Call] = &[
    Call { name: "getStream", prepare: |scope, json| get(scope, params(json)?) },
    Call { name: "listStreams", prepare: |scope, json| list(scope, params(json)?) },
    Call { name: "setStreamClassLists", prepare: |scope, json| set_class_lists(scope, params(json)?) },
];

/// One stream, as the service described it.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct Stream(pub Resource);

impl Answer for Stream {
    const ACCEPT: Option<&'static str> = Some("application/json");

    fn read(reply: &Reply<'_>) -> Result<Self, String> {
        reply.resource().map(Stream)
    }
}

/// The streams of a session. A body without `items` is a session without streams.
#[derive(Debug, Serialize, Deserialize)]
pub struct StreamList {
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub items: Vec<Resource>,
}

impl Answer for StreamList {
    const ACCEPT: Option<&'static str> = Some("application/json");

    fn read(reply: &Reply<'_>) -> Result<Self, String> {
        let list: StreamList = reply.json()?;
        match list.items.iter().position(|item| !matches!(item.get("id"), Some(Value::String(_)))) {
            Some(i) => Err(format!("stream {i} of the list has no \"id\"")),
            None => Ok(list),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StreamId {
    pub session_id: String,
    pub stream_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionId {
    pub session_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClassLists {
    pub session_id: String,
    pub items: Vec<ClassList>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClassList {
    pub id: String,
    pub layout_class_list: Vec<String>,
}

fn streams_path(scope: &CallScope<'_>, session_id: &str) -> Result<String, Error> {
    Ok(project_path(scope, &format!("{}/stream", id_segment("session", "sessionId", session_id)?)))
}

/// `GET /session/<sid>/stream/<stid>`.
pub fn get(scope: &CallScope<'_>, params: StreamId) -> Result<Request, Error> {
    check_id("streamId", &params.stream_id)?;
    let path = format!("{}/{}", streams_path(scope, &params.session_id)?, crate::rest::segment(&params.stream_id));
    Ok(Request::new::<Stream>("getStream", Method::GET, path, Auth::Project))
}

/// `GET /session/<sid>/stream`.
pub fn list(scope: &CallScope<'_>, params: SessionId) -> Result<Request, Error> {
    Ok(Request::new::<StreamList>("listStreams", Method::GET, streams_path(scope, &params.session_id)?, Auth::Project))
}

/// `PUT /session/<sid>/stream` with `{items: [{id, layoutClassList}]}`.
pub fn set_class_lists(scope: &CallScope<'_>, params: ClassLists) -> Result<Request, Error> {
    for item in &params.items {
        check_id("id", &item.id)?;
    }
    let path = streams_path(scope, &params.session_id)?;
    Request::new::<()>("setStreamClassLists", Method::PUT, path, Auth::Project)
        .with_json(&serde_json::json!({ "items": params.items }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::testing::{called, describe};

    #[test]
    fn describes_the_stream_calls() {
        let one = r#"{"sessionId":"S","streamId":"ST 1"}"#;
        let path = "/v2/project/123456/session/S/stream";
        assert_eq!(describe("getStream", one).unwrap(), called("GET", &format!("{path}/ST%201"), ""));
        assert_eq!(describe("listStreams", r#"{"sessionId":"S"}"#).unwrap(), called("GET", path, ""));
        let json =
            r#"{"sessionId":"S","items":[{"id":"a","layoutClassList":["x","y"]},{"id":"b","layoutClassList":[]}]}"#;
        let body = r#"{"items":[{"id":"a","layoutClassList":["x","y"]},{"id":"b","layoutClassList":[]}]}"#;
        assert_eq!(describe("setStreamClassLists", json).unwrap(), called("PUT", path, body));
        assert!(describe("getStream", r#"{"sessionId":"S","streamId":""}"#).is_err());
        assert!(describe("setStreamClassLists", r#"{"sessionId":"S","items":[{"id":"a"}]}"#).is_err());
    }

    #[test]
    fn reads_streams_whole() {
        let reply = |body| Reply { content_type: "application/json", body };
        let body = br#"{"id":"ST","videoType":"camera","name":"n","layoutClassList":["a"]}"#;
        assert_eq!(serde_json::to_string(&Stream::read(&reply(body)).unwrap()).unwrap().as_bytes(), body);
        let list = StreamList::read(&reply(b"{}")).unwrap();
        assert_eq!((list.count, list.items.len()), (0, 0));
        assert!(StreamList::read(&reply(br#"{"items":[{}]}"#)).is_err());
    }
}
