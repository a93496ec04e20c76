//! Sending signals to the clients of a session, and disconnecting one.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::calls::{id_segment, params, project_path, Call, CallScope};
use crate::error::Error;
use crate::rest::{Auth, Request};

pub const CALLS: &[Call] = &[
    Call { name: "signal", prepare: |scope, json| signal(scope, params(json)?) },
    Call { name: "forceDisconnect", prepare: |scope, json| force_disconnect(scope, params(json)?) },
];

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Signal {
    pub session_id: String,
    /// One connection, or every connection of the session when absent.
    pub connection_id: Option<String>,
    /// `{ type, data }`, sent as given.
    pub payload: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Connection {
    pub session_id: String,
    pub connection_id: String,
}

/// `POST /session/<sid>[/connection/<cid>]/signal` with the payload.
pub fn signal(scope: &CallScope<'_>, params: Signal) -> Result<Request, Error> {
    let mut tail = id_segment("session", "sessionId", &params.session_id)?;
    if let Some(connection_id) = &params.connection_id {
        tail.push_str(&id_segment("connection", "connectionId", connection_id)?);
    }
    tail.push_str("/signal");
    Request::new::<()>("signal", Method::POST, project_path(scope, &tail), Auth::Project).with_json(&params.payload)
}

/// `DELETE /session/<sid>/connection/<cid>`.
pub fn force_disconnect(scope: &CallScope<'_>, params: Connection) -> Result<Request, Error> {
    let tail = format!(
        "{}{}",
        id_segment("session", "sessionId", &params.session_id)?,
        id_segment("connection", "connectionId", &params.connection_id)?
    );
    Ok(Request::new::<()>("forceDisconnect", Method::DELETE, project_path(scope, &tail), Auth::Project))
}

#[cfg(test)]
mod tests {
    use crate::calls::testing::{called, describe};

    #[test]
    fn signals_go_to_the_session_or_one_connection() {
        let all = r#"{"sessionId":"S 1","payload":{"type":"chat","data":"hi"}}"#;
        let body = r#"{"type":"chat","data":"hi"}"#;
        assert_eq!(describe("signal", all).unwrap(), called("POST", "/v2/project/123456/session/S%201/signal", body));
        let one = r#"{"sessionId":"S","connectionId":"C/1","payload":{"data":"x"}}"#;
        let path = "/v2/project/123456/session/S/connection/C%2F1/signal";
        assert_eq!(describe("signal", one).unwrap(), called("POST", path, r#"{"data":"x"}"#));
        assert!(describe("signal", r#"{"sessionId":"S","connectionId":"","payload":{}}"#).is_err());
        assert!(describe("signal", r#"{"sessionId":"S","payload":"text"}"#).is_err());
    }

    #[test]
    fn disconnects_name_the_connection() {
        let json = r#"{"sessionId":"S","connectionId":"C?x"}"#;
        let path = "/v2/project/123456/session/S/connection/C%3Fx";
        assert_eq!(describe("forceDisconnect", json).unwrap(), called("DELETE", path, ""));
        assert!(describe("forceDisconnect", r#"{"sessionId":"S","connectionId":""}"#).is_err());
    }
}
