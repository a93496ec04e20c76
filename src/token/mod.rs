//! T1 tokens: the field order and escaping of the original module, checked
//! against the server's rules, signed with HMAC-SHA1.

mod common;
mod decode;
mod jwt;
pub mod rules;
mod scratch;
mod verify;

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use rand::Rng;
use sha1::Sha1;

use crate::base64_text::push_base64;
use crate::decimal::push_decimal;
use crate::error::Error;
use crate::querystring::{append_field, Key};
use crate::session_id;
use crate::value::{units_eq, Field, Value};
pub use common::CommonOptions;
pub use decode::{decode, DecodedToken, TokenFormat};
pub use scratch::Scratch;

pub const TOKEN_SENTINEL: &str = "T1==";
const DEFAULT_ROLE: &[u8] = b"publisher";
/// The original draws the nonce as `Math.floor(Math.random() * 999999)`.
const NONCE_BOUND: u32 = 999_999;
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

/// The fixed fields the original always writes, in its order, after `session_id`.
const FIXED: [&str; 3] = ["create_time", "nonce", "role"];

/// Whether a token's options are checked against the service's rules first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// The rules of docs/protocol.md, with the SDK's messages (the 0.3.x surface).
    Checked,
    /// Only the session's owner: the caller (the 2.x surface, with 2.x's
    /// own rules and messages) has checked the rest.
    Unchecked,
}

/// Signs tokens for one API key. The HMAC key schedules are computed once
/// here and cloned for each token.
pub struct TokenEncoder {
    api_key: String,
    /// HS256 with the secret, for JWT client tokens.
    jwt: crate::jwt::JwtSigner,
    /// `{"iss":<apiKey>,"ist":"project","iat":`, the fixed start of every JWT client token's claims.
    jwt_claims_prefix: String,
    /// `partner_id=<apiKey>&sig=`, the fixed start of every token's payload.
    payload_prefix: Vec<u8>,
    mac: Hmac<Sha1>,
    /// The last session this key signed for: apps sign many tokens for one
    /// session, and checking, escaping and hashing its ID each time costs
    /// more than a compare.
    last_session: Mutex<Option<Arc<CheckedSession>>>,
}

/// A session ID checked to belong to this key, with its `session_id=...`
/// field and the HMAC state after absorbing that field.
pub struct CheckedSession {
    units: Vec<u16>,
    field: Vec<u8>,
    mac: Hmac<Sha1>,
    /// The ID as a JSON string, for JWT claims.
    json: String,
}

impl std::fmt::Debug for CheckedSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckedSession")
            .field("session_id", &String::from_utf16_lossy(&self.units))
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for TokenEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenEncoder").field("api_key", &self.api_key).finish_non_exhaustive()
    }
}

/// The key's value when it is an array index ("0", "7", not "07"), which a
/// JS object orders before its other keys, ascending.
fn array_index(key: &[u16]) -> Option<u32> {
    if key.is_empty() || key.len() > 10 || (key[0] == b'0' as u16 && key.len() > 1) {
        return None;
    }
    let mut n: u64 = 0;
    for &unit in key {
        let digit = unit.checked_sub(b'0' as u16).filter(|d| *d <= 9)?;
        n = n * 10 + digit as u64;
    }
    (n < u32::MAX as u64).then_some(n as u32)
}

/// Keys that name the session: the session ID is passed on its own, so they
/// are folded into the single `session_id` field.
fn is_session_alias(key: &[u16]) -> bool {
    units_eq(key, "session_id") || units_eq(key, "sessionId") || units_eq(key, "session")
}

fn find<'f, 'a>(fields: &'f [Field<'a>], name: &str) -> Option<&'f Value<'a>> {
    fields.iter().find(|f| units_eq(f.key, name)).map(|f| &f.value)
}

impl TokenEncoder {
    pub fn new(api_key: &str, api_secret: &[u8]) -> Self {
        TokenEncoder {
            api_key: api_key.to_owned(),
            payload_prefix: format!("partner_id={api_key}&sig=").into_bytes(),
            mac: Hmac::<Sha1>::new_from_slice(api_secret).expect("HMAC takes a key of any length"),
            jwt: crate::jwt::JwtSigner::new(api_secret),
            jwt_claims_prefix: crate::jwt::project_claims_prefix(api_key),
            last_session: Mutex::new(None),
        }
    }

    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// A token for `session_id` with the caller's options, stamped with the
    /// current time and a random nonce unless the options fix them.
    pub fn generate(&self, session_id: &[u16], fields: &[Field<'_>]) -> Result<String, Error> {
        let mut scratch = Scratch::default();
        self.generate_into(&mut scratch, TokenFormat::T1, session_id, fields, Rules::Checked)?;
        Ok(scratch.into_token())
    }

    /// A token of `format` written into `scratch` (read it with [`Scratch::token`]):
    /// once the buffers have grown, a token costs no allocation.
    pub fn generate_into(
        &self,
        scratch: &mut Scratch,
        format: TokenFormat,
        session_id: &[u16],
        fields: &[Field<'_>],
        rules: Rules,
    ) -> Result<(), Error> {
        let session = self.check_session(session_id)?;
        self.generate_for(scratch, format, &session, fields, rules)
    }

    /// [`generate_into`](Self::generate_into) for a session already checked.
    pub fn generate_for(
        &self,
        scratch: &mut Scratch,
        format: TokenFormat,
        session: &CheckedSession,
        fields: &[Field<'_>],
        rules: Rules,
    ) -> Result<(), Error> {
        let (now, nonce) = now_and_nonce();
        self.encode_for(scratch, format, session, fields, now, nonce, rules)
    }

    /// The deterministic core of [`generate_for`](Self::generate_for): the
    /// rules checked (when asked), then the token of `format` written.
    #[allow(clippy::too_many_arguments)]
    fn encode_for(
        &self,
        scratch: &mut Scratch,
        format: TokenFormat,
        session: &CheckedSession,
        fields: &[Field<'_>],
        now: u64,
        default_nonce: u32,
        rules: Rules,
    ) -> Result<(), Error> {
        if rules == Rules::Checked {
            check_rules(fields, now)?;
        }
        match format {
            TokenFormat::T1 => self.encode_into(scratch, session, fields, now, default_nonce),
            TokenFormat::Jwt => self.encode_jwt_into(scratch, session, fields, now, default_nonce),
        }
    }

    /// [`encode_for`](Self::encode_for) into a token of its own, for a session not yet checked.
    fn encode_as(
        &self,
        format: TokenFormat,
        session_id: &[u16],
        fields: &[Field<'_>],
        now: u64,
        default_nonce: u32,
        rules: Rules,
    ) -> Result<String, Error> {
        let mut scratch = Scratch::default();
        let session = self.check_session(session_id)?;
        self.encode_for(&mut scratch, format, &session, fields, now, default_nonce, rules)?;
        Ok(scratch.into_token())
    }

    /// The deterministic core of [`generate`](Self::generate).
    pub fn encode(&self, session_id: &[u16], fields: &[Field<'_>], now: u64, nonce: u32) -> Result<String, Error> {
        self.encode_as(TokenFormat::T1, session_id, fields, now, nonce, Rules::Checked)
    }

    /// A T1 token, the rules already checked.
    fn encode_into(
        &self,
        scratch: &mut Scratch,
        session: &CheckedSession,
        fields: &[Field<'_>],
        now: u64,
        default_nonce: u32,
    ) -> Result<(), Error> {
        scratch.prefilled = None;
        let data_start = self.start_payload(&mut scratch.payload);
        let payload = &mut scratch.payload;
        token_data(payload, data_start, &session.field, fields, now, default_nonce)?;
        let data = &payload[data_start..];
        // Without array-index keys the data starts with the session field,
        // whose HMAC state is already computed.
        let mac = match data.strip_prefix(session.field.as_slice()) {
            Some(rest) => {
                let mut mac = session.mac.clone();
                mac.update(rest);
                mac
            }
            None => {
                let mut mac = self.mac.clone();
                mac.update(data);
                mac
            }
        };
        self.finish_payload(scratch, data_start, mac);
        Ok(())
    }

    /// Starts the payload, `partner_id=<key>&sig=<hex>:<data>`, with room
    /// for the signature; the data goes from the offset returned.
    fn start_payload(&self, payload: &mut Vec<u8>) -> usize {
        payload.clear();
        payload.extend_from_slice(&self.payload_prefix);
        payload.extend_from_slice(&[0; 40]);
        payload.push(b':');
        payload.len()
    }

    /// Writes the signature (`mac` has absorbed the data) into the payload,
    /// and the token, `T1==` + base64 of the payload, into `scratch.token`.
    fn finish_payload(&self, scratch: &mut Scratch, data_start: usize, mac: Hmac<Sha1>) {
        let digest = mac.finalize().into_bytes();
        let signature = &mut scratch.payload[self.payload_prefix.len()..data_start - 1];
        for (hex, byte) in signature.chunks_exact_mut(2).zip(digest) {
            hex[0] = HEX_LOWER[(byte >> 4) as usize];
            hex[1] = HEX_LOWER[(byte & 0xF) as usize];
        }
        let token = &mut scratch.token;
        token.clear();
        token.push_str(TOKEN_SENTINEL);
        push_base64(&STANDARD, &scratch.payload, token);
    }

    /// Whether `token` is a T1 or JWT client token of this key with a valid signature;
    /// the signature is compared in constant time.
    pub fn verify(&self, token: &str) -> bool {
        if token.starts_with(TOKEN_SENTINEL) {
            return self.verify_t1(token);
        }
        match decode(token) {
            Ok(decoded) if decoded.format == TokenFormat::Jwt => self.verify_jwt(token, &decoded),
            _ => false,
        }
    }

    /// Whether the 20 bytes of `signature` sign `data` for this key (`partner_id`);
    /// both checks run whatever the first says, so timing tells nothing.
    fn verify_t1_parts(&self, partner_id: &[u8], signature: &[u8; 20], data: &[u8]) -> bool {
        let mut mac = self.mac.clone();
        mac.update(data);
        let key_matches = partner_id == self.api_key.as_bytes();
        let signature_matches = mac.verify_slice(signature).is_ok();
        key_matches & signature_matches
    }

    /// `session_id`, checked to be this key's (the last one is kept: apps
    /// sign many tokens for one session).
    pub fn check_session(&self, session_id: &[u16]) -> Result<Arc<CheckedSession>, Error> {
        // A poisoned lock only means another thread panicked mid-compare; the cache stays usable.
        let mut last = self.last_session.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(cached) = last.as_ref().filter(|cached| cached.units == session_id) {
            return Ok(Arc::clone(cached));
        }
        session_id::check_owner(session_id, &self.api_key)?;
        let mut field = Vec::with_capacity(16 + session_id.len());
        append_field(&mut field, 0, Key::Fixed("session_id"), &Value::Str(session_id))?;
        let mut mac = self.mac.clone();
        mac.update(&field);
        let json = jwt::json_units(session_id);
        let fresh = Arc::new(CheckedSession { units: session_id.to_vec(), field, mac, json });
        *last = Some(Arc::clone(&fresh));
        Ok(fresh)
    }
}

/// Now in Unix seconds, and a nonce as the original draws it.
fn now_and_nonce() -> (u64, u32) {
    (unix_seconds_now(), rand::rng().random_range(0..NONCE_BOUND))
}

/// The time in whole seconds. On Linux from the coarse clock, which the
/// kernel updates every tick (a few milliseconds) and which costs a fraction
/// of the precise one: tokens count seconds. The coarse clock runs up to a
/// tick behind, so in the last ticks of a second it may still name the one
/// before (a token made just after `Date.now()` turned a second would say
/// it was made before); there the precise clock answers.
#[cfg(target_os = "linux")]
fn unix_seconds_now() -> u64 {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes the timespec it is given.
    let read = unsafe { libc::clock_gettime(libc::CLOCK_REALTIME_COARSE, &mut now) } == 0;
    if read && now.tv_sec > 0 && now.tv_nsec < coarse_certain_below_ns() {
        return now.tv_sec as u64;
    }
    precise_unix_seconds()
}

/// Below this many nanoseconds into a second, the coarse clock's second is
/// the true one: two of its steps short of the next second (0 when its step
/// cannot be read, or is too long to trust, so that the precise clock always
/// answers).
#[cfg(target_os = "linux")]
fn coarse_certain_below_ns() -> libc::c_long {
    static BOUND: std::sync::OnceLock<libc::c_long> = std::sync::OnceLock::new();
    *BOUND.get_or_init(|| {
        let mut step = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: clock_getres writes the timespec it is given.
        let read = unsafe { libc::clock_getres(libc::CLOCK_REALTIME_COARSE, &mut step) } == 0;
        const SECOND_NS: libc::c_long = 1_000_000_000;
        if read && step.tv_sec == 0 && step.tv_nsec < SECOND_NS / 10 {
            SECOND_NS - 2 * step.tv_nsec
        } else {
            0
        }
    })
}

#[cfg(not(target_os = "linux"))]
fn unix_seconds_now() -> u64 {
    precise_unix_seconds()
}

fn precise_unix_seconds() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Checks the options the server has rules for.
fn check_rules(fields: &[Field<'_>], now: u64) -> Result<(), Error> {
    let create_time = match find(fields, "create_time") {
        Some(value) => rules::unix_seconds("create_time", value)?,
        None => now,
    };
    if let Some(value) = find(fields, "role") {
        rules::check_role(value)?;
    }
    if let Some(value) = find(fields, "nonce") {
        rules::check_nonce(value)?;
    }
    if let Some(value) = find(fields, "expire_time") {
        rules::check_expire_time(value, create_time, now)?;
    }
    if let Some(value) = find(fields, "connection_data") {
        rules::check_connection_data(value)?;
    }
    Ok(())
}

/// The querystring the token signs, in the original module's order:
/// array-index keys, then `session_id`, `create_time`, `nonce`, `role`,
/// then the caller's other options in their order, appended to `data[start..]`.
fn token_data(
    data: &mut Vec<u8>,
    start: usize,
    session_field: &[u8],
    fields: &[Field<'_>],
    now: u64,
    default_nonce: u32,
) -> Result<(), Error> {
    // Collecting into a Vec allocates only when there are array-index keys.
    let mut indexed: Vec<(u32, &Field<'_>)> =
        fields.iter().filter_map(|f| array_index(f.key).map(|i| (i, f))).collect();
    indexed.sort_by_key(|(i, _)| *i);

    for (_, field) in &indexed {
        append_field(data, start, Key::Caller(field.key), &field.value)?;
    }
    if data.len() > start {
        data.push(b'&');
    }
    data.extend_from_slice(session_field);
    for name in FIXED {
        match find(fields, name) {
            Some(value) => append_field(data, start, Key::Fixed(name), value)?,
            None => {
                data.extend_from_slice(b"&");
                data.extend_from_slice(name.as_bytes());
                data.push(b'=');
                match name {
                    "create_time" => push_decimal(data, now),
                    "nonce" => push_decimal(data, default_nonce.into()),
                    _ => data.extend_from_slice(DEFAULT_ROLE),
                }
            }
        }
    }
    for field in fields {
        let placed = is_session_alias(field.key)
            || FIXED.iter().any(|name| units_eq(field.key, name))
            || array_index(field.key).is_some();
        if !placed {
            append_field(data, start, Key::Caller(field.key), &field.value)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
