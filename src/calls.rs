//! Every REST call the binding can run, by the name JavaScript uses. Each
//! resource module lists its calls in a `CALLS` table next to their
//! descriptions; this module only gathers the tables.

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::rest::{check_id, segment, Request};
use crate::{archives, legacy_archives, moderation, sessions, signals, streams};

/// Which wire an SDK object speaks for the calls that exist on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protocol {
    /// Today's service: `X-OPENTOK-AUTH` JWTs and JSON answers.
    #[default]
    Current,
    /// The retired 0.3.x wire (`X-TB-PARTNER-AUTH`, XML), for servers that still speak it.
    Legacy,
}

impl Protocol {
    pub fn parse(name: &str) -> Result<Self, Error> {
        match name {
            "current" => Ok(Protocol::Current),
            "legacy" => Ok(Protocol::Legacy),
            other => {
                Err(Error::out_of_range("options.protocol", format!("must be 'current' or 'legacy', got {other:?}")))
            }
        }
    }
}

/// What a description may depend on besides its parameters.
#[derive(Debug, Clone, Copy)]
pub struct CallScope<'a> {
    pub api_key: &'a str,
    pub protocol: Protocol,
}

/// A REST call: its JavaScript name, and how its JSON parameters become a request.
pub struct Call {
    pub name: &'static str,
    pub prepare: fn(&CallScope<'_>, &str) -> Result<Request, Error>,
}

const RESOURCES: &[&[Call]] =
    &[sessions::CALLS, legacy_archives::CALLS, archives::CALLS, signals::CALLS, moderation::CALLS, streams::CALLS];

pub fn find(name: &str) -> Option<&'static Call> {
    RESOURCES.iter().flat_map(|calls| calls.iter()).find(|call| call.name == name)
}

/// The path of `tail` (which starts with `/`) under the v2 project prefix `/v2/project/<apiKey>`.
pub fn project_path(scope: &CallScope<'_>, tail: &str) -> String {
    format!("/v2/project/{}{tail}", segment(scope.api_key))
}

/// `/<kind>/<id>`: an ID checked (see [`check_id`]) and encoded as one path segment.
pub fn id_segment(kind: &str, name: &str, id: &str) -> Result<String, Error> {
    check_id(name, id)?;
    Ok(format!("/{kind}/{}", segment(id)))
}

/// A call's parameters from the JSON text `lib/` sends. `lib/` checks their
/// types, so a failure here is a bug of the caller, reported as such.
pub fn params<P: DeserializeOwned>(json: &str) -> Result<P, Error> {
    serde_json::from_str(json).map_err(|e| Error::InvalidArgValue {
        name: "params".into(),
        reason: format!("do not describe this call: {e}"),
    })
}

/// What the tests of the resource modules compare: each call's method, path and body.
#[cfg(test)]
pub mod testing {
    use super::*;
    use crate::rest::{Auth, Body};

    pub const SCOPE: CallScope<'static> = CallScope { api_key: "123456", protocol: Protocol::Current };

    /// The (method, path, body) of call `name` with JSON params `json`; it must be JWT-signed.
    pub fn describe(name: &str, json: &str) -> Result<(String, String, String), Error> {
        let request = (find(name).expect("a listed call").prepare)(&SCOPE, json)?;
        let body = match request.body() {
            Body::Json(text) | Body::Form(text) => text.clone(),
            Body::Empty => String::new(),
        };
        assert_eq!(request.auth(), &Auth::Project);
        Ok((request.method().to_string(), request.path().to_owned(), body))
    }

    pub fn called(method: &str, path: &str, body: &str) -> (String, String, String) {
        (method.into(), path.into(), body.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_call_is_found_by_its_name_once() {
        let names: Vec<&str> = RESOURCES.iter().flat_map(|calls| calls.iter().map(|c| c.name)).collect();
        for name in &names {
            assert_eq!(names.iter().filter(|n| *n == name).count(), 1, "{name} is listed twice");
            assert_eq!(find(name).map(|c| c.name), Some(*name));
        }
        assert!(find("noSuchCall").is_none());
    }

    #[test]
    fn v2_paths_carry_the_encoded_key_and_one_segment_per_id() {
        let scope = CallScope { api_key: "12 34", protocol: Protocol::Current };
        assert_eq!(project_path(&scope, "/archive"), "/v2/project/12%2034/archive");
        assert_eq!(id_segment("session", "sessionId", "a/b?c").unwrap(), "/session/a%2Fb%3Fc");
        assert_eq!(id_segment("session", "sessionId", "").unwrap_err().code(), "ERR_INVALID_ARG_VALUE");
        assert!(id_segment("archive", "archiveId", "..").is_err());
    }

    #[test]
    fn protocols_are_named_current_or_legacy() {
        assert_eq!(Protocol::parse("current"), Ok(Protocol::Current));
        assert_eq!(Protocol::parse("legacy"), Ok(Protocol::Legacy));
        assert_eq!(Protocol::parse("v1").unwrap_err().code(), "ERR_OUT_OF_RANGE");
    }
}
