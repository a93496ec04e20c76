//! Glue between N-API values and the core: reading arguments, throwing errors.

pub mod args;
pub mod input;
pub mod outcome;
mod throw;

pub use throw::throw;
