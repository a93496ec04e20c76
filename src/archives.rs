//! The archives of the v2 API: start, stop, get, list and delete an archive,
//! change its layout and the streams it records. Archives reach JavaScript
//! whole, every key the service sent kept.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::calls::{id_segment, params, project_path, Call, CallScope};
use crate::error::Error;
use crate::rest::{check_id, Answer, Auth, Reply, Request, Resource};

pub const CALLS: &[Call] = &[
    Call { name: "startArchive", prepare: |scope, json| start(scope, params(json)?) },
    Call { name: "stopArchive", prepare: |scope, json| stop(scope, params(json)?) },
    Call { name: "getArchive", prepare: |scope, json| get(scope, params(json)?) },
    Call { name: "listArchives", prepare: |scope, json| list(scope, params(json)?) },
    Call { name: "deleteArchive", prepare: |scope, json| delete(scope, params(json)?) },
    Call { name: "setArchiveLayout", prepare: |scope, json| set_layout(scope, params(json)?) },
    Call { name: "addArchiveStream", prepare: |scope, json| add_stream(scope, params(json)?) },
    Call { name: "removeArchiveStream", prepare: |scope, json| remove_stream(scope, params(json)?) },
];

/// One archive, as the service described it.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct Archive(pub Resource);

impl Answer for Archive {
    const ACCEPT: Option<&'static str> = Some("application/json");

    fn read(reply: &Reply<'_>) -> Result<Self, String> {
        reply.resource().map(Archive)
    }
}

/// A page of archives and how many there are in all.
#[derive(Debug, Serialize, Deserialize)]
pub struct ArchiveList {
    #[serde(default)]
    pub count: u64,
    pub items: Vec<Resource>,
}

impl Answer for ArchiveList {
    const ACCEPT: Option<&'static str> = Some("application/json");

    fn read(reply: &Reply<'_>) -> Result<Self, String> {
        let list: ArchiveList = reply.json()?;
        match list.items.iter().position(|item| !matches!(item.get("id"), Some(Value::String(_)))) {
            Some(i) => Err(format!("archive {i} of the list has no \"id\"")),
            None => Ok(list),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartArchive {
    pub session_id: String,
    /// The archive's options (`name`, `hasAudio`, `outputMode`, `layout`, ...), sent as given.
    #[serde(default)]
    pub options: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ArchiveId {
    pub archive_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListArchives {
    pub offset: Option<u64>,
    pub count: Option<u64>,
    pub session_id: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ArchiveLayout {
    #[serde(skip_serializing)]
    pub archive_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stylesheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screenshare_type: Option<String>,
}

/// A stream to add to an archive, with what of it the archive records.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddStream {
    pub archive_id: String,
    pub stream_id: String,
    pub has_audio: bool,
    pub has_video: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RemoveStream {
    pub archive_id: String,
    pub stream_id: String,
}

fn archive_path(scope: &CallScope<'_>, archive_id: &str, tail: &str) -> Result<String, Error> {
    Ok(project_path(scope, &format!("{}{tail}", id_segment("archive", "archiveId", archive_id)?)))
}

/// `POST /archive` with `{sessionId, ...options}`.
pub fn start(scope: &CallScope<'_>, params: StartArchive) -> Result<Request, Error> {
    check_id("sessionId", &params.session_id)?;
    let mut body = Map::new();
    body.insert("sessionId".into(), Value::String(params.session_id));
    body.extend(params.options.into_iter().filter(|(name, _)| name != "sessionId"));
    Request::new::<Archive>("startArchive", Method::POST, project_path(scope, "/archive"), Auth::Project)
        .with_json(&body)
}

pub fn stop(scope: &CallScope<'_>, params: ArchiveId) -> Result<Request, Error> {
    let path = archive_path(scope, &params.archive_id, "/stop")?;
    Request::new::<Archive>("stopArchive", Method::POST, path, Auth::Project).with_json(&Map::new())
}

pub fn get(scope: &CallScope<'_>, params: ArchiveId) -> Result<Request, Error> {
    let path = archive_path(scope, &params.archive_id, "")?;
    Ok(Request::new::<Archive>("getArchive", Method::GET, path, Auth::Project))
}

/// `GET /archive?offset&count&sessionId`, each only when given.
pub fn list(scope: &CallScope<'_>, params: ListArchives) -> Result<Request, Error> {
    if let Some(session_id) = &params.session_id {
        check_id("sessionId", session_id)?;
    }
    Ok(Request::new::<ArchiveList>("listArchives", Method::GET, project_path(scope, "/archive"), Auth::Project)
        .with_query("offset", params.offset.map(|n| n.to_string()))
        .with_query("count", params.count.map(|n| n.to_string()))
        .with_query("sessionId", params.session_id))
}

pub fn delete(scope: &CallScope<'_>, params: ArchiveId) -> Result<Request, Error> {
    let path = archive_path(scope, &params.archive_id, "")?;
    Ok(Request::new::<()>("deleteArchive", Method::DELETE, path, Auth::Project))
}

/// `PUT /archive/<id>/layout` with `{type, stylesheet?, screenshareType?}`.
pub fn set_layout(scope: &CallScope<'_>, params: ArchiveLayout) -> Result<Request, Error> {
    let path = archive_path(scope, &params.archive_id, "/layout")?;
    Request::new::<()>("setArchiveLayout", Method::PUT, path, Auth::Project).with_json(&params)
}

/// `PATCH /archive/<id>/streams` with `{hasAudio, hasVideo, addStream}`.
pub fn add_stream(scope: &CallScope<'_>, params: AddStream) -> Result<Request, Error> {
    check_id("streamId", &params.stream_id)?;
    let path = archive_path(scope, &params.archive_id, "/streams")?;
    let body = serde_json::json!({
        "hasAudio": params.has_audio, "hasVideo": params.has_video, "addStream": params.stream_id,
    });
    Request::new::<()>("addArchiveStream", Method::PATCH, path, Auth::Project).with_json(&body)
}

/// `PATCH /archive/<id>/streams` with `{removeStream}`.
pub fn remove_stream(scope: &CallScope<'_>, params: RemoveStream) -> Result<Request, Error> {
    check_id("streamId", &params.stream_id)?;
    let path = archive_path(scope, &params.archive_id, "/streams")?;
    let body = serde_json::json!({ "removeStream": params.stream_id });
    Request::new::<()>("removeArchiveStream", Method::PATCH, path, Auth::Project).with_json(&body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::find;

    use crate::calls::testing::{called, describe, SCOPE};

    #[test]
    fn start_sends_the_session_then_the_options_as_given() {
        let json =
            r#"{"sessionId":"S","options":{"name":"n","hasAudio":false,"sessionId":"X","layout":{"type":"pip"}}}"#;
        let expected = r#"{"sessionId":"S","name":"n","hasAudio":false,"layout":{"type":"pip"}}"#;
        assert_eq!(describe("startArchive", json).unwrap(), called("POST", "/v2/project/123456/archive", expected));
        let plain = describe("startArchive", r#"{"sessionId":"S"}"#).unwrap();
        assert_eq!(plain.2, r#"{"sessionId":"S"}"#);
        assert!(describe("startArchive", r#"{"sessionId":""}"#).is_err());
    }

    #[test]
    fn archive_ids_are_one_segment() {
        let id = r#"{"archiveId":"A/B c"}"#;
        assert_eq!(
            describe("stopArchive", id).unwrap(),
            called("POST", "/v2/project/123456/archive/A%2FB%20c/stop", "{}")
        );
        assert_eq!(describe("getArchive", id).unwrap(), called("GET", "/v2/project/123456/archive/A%2FB%20c", ""));
        assert_eq!(
            describe("deleteArchive", id).unwrap(),
            called("DELETE", "/v2/project/123456/archive/A%2FB%20c", "")
        );
        for call in ["stopArchive", "getArchive", "deleteArchive"] {
            assert!(describe(call, r#"{"archiveId":".."}"#).is_err(), "{call}");
        }
    }

    #[test]
    fn list_sends_only_what_is_given() {
        let request = (find("listArchives").unwrap().prepare)(&SCOPE, r#"{"offset":10,"sessionId":"S x"}"#).unwrap();
        assert_eq!(request.query(), &[("offset", "10".to_owned()), ("sessionId", "S x".to_owned())]);
        let request = (find("listArchives").unwrap().prepare)(&SCOPE, "{}").unwrap();
        assert!(request.query().is_empty());
        assert!(describe("listArchives", r#"{"count":-1}"#).is_err());
    }

    #[test]
    fn layout_leaves_out_what_is_not_given() {
        let json = r#"{"archiveId":"A","type":"custom","stylesheet":"s{}"}"#;
        let expected = r#"{"type":"custom","stylesheet":"s{}"}"#;
        assert_eq!(
            describe("setArchiveLayout", json).unwrap(),
            called("PUT", "/v2/project/123456/archive/A/layout", expected)
        );
        let json = r#"{"archiveId":"A","type":"bestFit","screenshareType":"pip"}"#;
        assert_eq!(describe("setArchiveLayout", json).unwrap().2, r#"{"type":"bestFit","screenshareType":"pip"}"#);
    }

    #[test]
    fn streams_are_added_with_what_they_record_or_removed() {
        let add = r#"{"archiveId":"A","streamId":"ST","hasAudio":true,"hasVideo":false}"#;
        let expected = r#"{"hasAudio":true,"hasVideo":false,"addStream":"ST"}"#;
        let path = "/v2/project/123456/archive/A/streams";
        assert_eq!(describe("addArchiveStream", add).unwrap(), called("PATCH", path, expected));
        let remove = r#"{"archiveId":"A","streamId":"ST"}"#;
        assert_eq!(describe("removeArchiveStream", remove).unwrap(), called("PATCH", path, r#"{"removeStream":"ST"}"#));
        assert!(describe("removeArchiveStream", r#"{"archiveId":"A","streamId":""}"#).is_err());
        assert!(describe("addArchiveStream", r#"{"archiveId":"A","streamId":"ST"}"#).is_err());
    }

    fn reply(body: &[u8]) -> Reply<'_> {
        Reply { content_type: "application/json", body }
    }

    #[test]
    fn archives_and_lists_keep_every_key() {
        let body = br#"{"id":"A","status":"started","createdAt":1,"url":null,"extra":{"x":1}}"#;
        let archive = Archive::read(&reply(body)).unwrap();
        assert_eq!(serde_json::to_string(&archive).unwrap().as_bytes(), body);
        let list = ArchiveList::read(&reply(br#"{"items":[{"id":"A","k":1}]}"#)).unwrap();
        assert_eq!(serde_json::to_string(&list).unwrap(), r#"{"count":0,"items":[{"id":"A","k":1}]}"#);
        assert!(ArchiveList::read(&reply(br#"{"count":3}"#)).is_err());
        assert!(ArchiveList::read(&reply(br#"{"count":1,"items":[{"name":"x"}]}"#)).is_err());
        assert!(Archive::read(&reply(b"")).is_err());
    }
}
