//! The REST core. A call to the OpenTok REST API is a [`Request`]: data that
//! says what to send (method, path, auth, body) and which [`Answer`] type
//! reads the reply. One function, [`Caller::execute`], runs every request: it
//! applies the timeout, the body cap and the no-redirect rule, signs it,
//! classifies failures into [`ApiError`](crate::error::ApiError)s and scrubs
//! credentials from them. Adding a call adds a description, not machinery.

mod answer;
mod caller;
mod client;
mod clock;
mod endpoint;
mod request;
mod response;
mod tls;

pub use answer::{Answer, Reply, Resource};
pub use caller::{Caller, Credentials, Outcome, Trace};
pub use client::{parse_proxy, parse_timeout_ms, ClientOptions, DEFAULT_TIMEOUT, USER_AGENT};
pub use endpoint::{check_header_value, check_id, segment, Endpoint};
pub use request::{Auth, Body, Request};
pub use tls::{parse_ca, Trust, TrustStore};
