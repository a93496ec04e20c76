//! opentok-native: the OpenTok server SDK core in Rust. Each concern lives
//! in its own module, testable without Node; `binding` holds the N-API
//! surface and nothing else.

pub mod archives;
pub mod base64_text;
pub mod calls;
pub mod decimal;
pub mod error;
pub mod jwt;
pub mod legacy_archives;
pub mod moderation;
pub mod options_wire;
pub mod querystring;
pub mod rest;
pub mod sdk;
pub mod session_id;
pub mod sessions;
pub mod signals;
pub mod streams;
pub mod token;
pub mod value;
pub mod xml;

#[cfg(test)]
mod test_strategies;

// Public only so that the exports, which napi-rs registers itself, are not dead code to rustc.
pub mod binding;
