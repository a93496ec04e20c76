//! The HTTP side of the SDK: endpoints, the pooled client, answers.

mod client;
mod endpoint;
mod response;

pub use client::{parse_ca, parse_timeout_ms, ApiClient, ClientOptions, Trace, DEFAULT_TIMEOUT, USER_AGENT};
pub use endpoint::{check_header_value, check_id, Endpoint};
pub use response::MAX_BODY_BYTES;
