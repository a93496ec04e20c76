//! The buffers a token is written into. The token exports keep one per
//! signer and reuse it, so that a token costs no allocation once they have
//! grown to its size.

use std::sync::Arc;

use super::CheckedSession;

/// Work buffers and the finished token.
#[derive(Debug, Default)]
pub struct Scratch {
    /// T1: `partner_id=<key>&sig=<hex>:<data>`, before base64.
    pub(super) payload: Vec<u8>,
    /// The session whose field `payload` still holds after its signature
    /// (the common path keeps it there from token to token).
    pub(super) prefilled: Option<Arc<CheckedSession>>,
    /// JWT: the claims, as JSON text.
    pub(super) claims: String,
    pub(super) token: String,
}

impl Scratch {
    /// The token last written (ASCII).
    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn into_token(self) -> String {
        self.token
    }
}
