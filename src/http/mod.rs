//! The HTTP side of the SDK: endpoints, the pooled client, answers.

mod client;
mod endpoint;
mod response;

pub use client::{parse_ca, parse_timeout_ms, ApiClient, ClientOptions, Trace};
pub use endpoint::{check_header_value, check_id, Endpoint};
