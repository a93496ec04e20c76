//! The N-API surface: typed napi-rs arguments for everything but the hot
//! paths: the token functions (`tokens`, raw N-API calls in `input`) and
//! the settling of REST calls (`completions`). No logic lives here: each
//! export converts, calls the core, and converts back.
//!
//! Every export catches panics (`catch_unwind`), so none can reach Node as
//! an abort; the core is written not to panic in the first place.
//!
//! The SDK state travels as an `External` handle rather than a class
//! instance: napi-rs checks a class instance's identity on every method
//! call, which costs more than signing a token.

mod completions;
#[cfg(feature = "bench-floor")]
pub mod floor;
mod input;
pub mod outcome;
pub mod rest;
pub mod sdk;
mod signers;
mod throw;
pub mod tokens;
mod uv;

use std::sync::Arc;

use napi::bindgen_prelude::External;

/// The native state of one SDK object; REST calls in flight hold a clone.
pub type SdkHandle = External<Arc<crate::sdk::Sdk>>;
