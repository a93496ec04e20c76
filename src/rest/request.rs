//! A REST call described as data: what to send, and which answer type reads
//! the reply.

use reqwest::Method;
use serde::Serialize;

use super::answer::{read_as, Answer, ReadAnswer};
use crate::error::Error;

/// How a request proves who sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// `X-OPENTOK-AUTH`: an HS256 JWT of the project, made fresh for each attempt.
    Project,
    /// `X-TB-PARTNER-AUTH: <apiKey>:<apiSecret>`, the retired 0.3.x header.
    Partner,
    /// `X-TB-TOKEN-AUTH: <client token>`, the header of the OpenTok 1.0 archive calls.
    Token(String),
}

/// What a request carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Empty,
    /// `application/x-www-form-urlencoded`, already escaped.
    Form(String),
    /// `application/json`.
    Json(String),
}

/// One REST call. Build it with [`Request::new`] and the `with_*` methods.
#[derive(Debug, Clone)]
pub struct Request {
    /// The SDK call, as JS names it (`createSession`): errors and traces say it.
    pub(super) operation: &'static str,
    pub(super) method: Method,
    /// The path below the endpoint, each ID already one encoded segment (see [`super::segment`]).
    pub(super) path: String,
    pub(super) query: Vec<(&'static str, String)>,
    pub(super) auth: Auth,
    pub(super) body: Body,
    pub(super) accept: Option<&'static str>,
    pub(super) read: ReadAnswer,
}

impl Request {
    /// A call of `operation` whose successful answer `A` reads.
    pub fn new<A: Answer>(operation: &'static str, method: Method, path: String, auth: Auth) -> Self {
        Request {
            operation,
            method,
            path,
            query: Vec::new(),
            auth,
            body: Body::Empty,
            accept: A::ACCEPT,
            read: read_as::<A>,
        }
    }

    pub fn with_form(mut self, form: String) -> Self {
        self.body = Body::Form(form);
        self
    }

    /// The request with `body` as its JSON body.
    pub fn with_json(mut self, body: &impl Serialize) -> Result<Self, Error> {
        let json = serde_json::to_string(body).map_err(|e| Error::InvalidArgValue {
            name: "body".into(),
            reason: format!("cannot be sent as JSON: {e}"),
        })?;
        self.body = Body::Json(json);
        Ok(self)
    }

    /// Adds `name=value` to the query when there is a value.
    pub fn with_query(mut self, name: &'static str, value: Option<String>) -> Self {
        if let Some(value) = value {
            self.query.push((name, value));
        }
        self
    }

    pub fn operation(&self) -> &'static str {
        self.operation
    }

    pub fn method(&self) -> &Method {
        &self.method
    }

    pub fn query(&self) -> &[(&'static str, String)] {
        &self.query
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    pub fn body(&self) -> &Body {
        &self.body
    }
}
