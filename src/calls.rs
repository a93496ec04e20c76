//! Every REST call the binding can run, by the name JavaScript uses. Each
//! resource module lists its calls in a `CALLS` table next to their
//! descriptions; this module only gathers the tables.

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::rest::Request;
use crate::{legacy_archives, sessions};

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

const RESOURCES: &[&[Call]] = &[sessions::CALLS, legacy_archives::CALLS];

pub fn find(name: &str) -> Option<&'static Call> {
    RESOURCES.iter().flat_map(|calls| calls.iter()).find(|call| call.name == name)
}

/// A call's parameters from the JSON text `lib/` sends. `lib/` checks their
/// types, so a failure here is a bug of the caller, reported as such.
pub fn params<P: DeserializeOwned>(json: &str) -> Result<P, Error> {
    serde_json::from_str(json).map_err(|e| Error::InvalidArgValue {
        name: "params".into(),
        reason: format!("do not describe this call: {e}"),
    })
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
    fn protocols_are_named_current_or_legacy() {
        assert_eq!(Protocol::parse("current"), Ok(Protocol::Current));
        assert_eq!(Protocol::parse("legacy"), Ok(Protocol::Legacy));
        assert_eq!(Protocol::parse("v1").unwrap_err().code(), "ERR_OUT_OF_RANGE");
    }
}
