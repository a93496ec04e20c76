//! The floor of the benchmarks (cargo feature `bench-floor`, never in the
//! shipped addon): exports with the argument and result shapes of the real
//! ones, so `npm run bench` can print each call's cost as a multiple of
//! what the addon itself cannot avoid. Each comes in two depths:
//!
//! - crossing: reads no argument, does nothing, returns a result of the
//!   real one's shape (a new string of the token's length, `true`);
//! - signing: the same, plus what the real call cannot skip: reading its
//!   arguments (strings copied out, numbers read) and the cryptography, on a
//!   token made beforehand: HMAC (from key state prepared once, the session
//!   field already absorbed, as the real signer keeps it) and base64 of the
//!   result, or base64-decoding the token given and HMAC for a verify.
//!
//! The REST floor is `restCall`'s shape: its string arguments read, a
//! promise settled from the I/O thread, through the same completions, with
//! an outcome given beforehand; no HTTP.

use std::cell::RefCell;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use napi::bindgen_prelude::{JsObjectValue, Object, Unknown};
use napi::sys::{napi_callback_info, napi_env, napi_value};
use napi::Env;
use napi_derive::napi;
use sha1::Sha1;
use sha2::Sha256;

use super::completions;
use super::input::{self, bound_arguments, guard, Failure};
use super::throw::throw;
use crate::base64_text::push_base64;
use crate::error::Error;

/// The work a signing floor repeats per call.
enum Work {
    /// The token as it is, handed back.
    None(String),
    /// T1: HMAC-SHA1 of the data after the session field, hex into the payload, base64.
    T1 { mac: Hmac<Sha1>, rest: Vec<u8>, payload: RefCell<Vec<u8>>, sig_at: usize },
    /// JWT: base64url of the claims, HMAC-SHA256 of `header.claims`, base64url of the MAC.
    Jwt { mac: Hmac<Sha256>, claims: Vec<u8> },
}

struct FloorSigner {
    work: Work,
    out: RefCell<String>,
    /// Where the arguments are read to (signing floors read them, crossing floors do not).
    units: RefCell<Vec<u16>>,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl FloorSigner {
    fn new(token: &str, signing: bool) -> Result<Self, Error> {
        let bad = || Error::InvalidArgValue { name: "token".into(), reason: "is not a token of this addon".into() };
        let work = if !signing {
            Work::None(token.to_owned())
        } else if let Some(body) = token.strip_prefix("T1==") {
            let payload = STANDARD.decode(body).map_err(|_| bad())?;
            let colon = payload.iter().position(|&b| b == b':').ok_or_else(bad)?;
            let data = &payload[colon + 1..];
            let session_end = data.iter().position(|&b| b == b'&').unwrap_or(data.len());
            let mut mac = Hmac::<Sha1>::new_from_slice(b"floor secret").expect("any key length");
            mac.update(&data[..session_end]);
            let rest = data[session_end..].to_vec();
            Work::T1 { mac, rest, sig_at: colon - 40, payload: RefCell::new(payload) }
        } else {
            let claims = token.split('.').nth(1).ok_or_else(bad)?;
            let claims = URL_SAFE_NO_PAD.decode(claims).map_err(|_| bad())?;
            Work::Jwt { mac: Hmac::<Sha256>::new_from_slice(b"floor secret").expect("any key length"), claims }
        };
        Ok(FloorSigner { work, out: RefCell::new(String::with_capacity(token.len())), units: RefCell::new(Vec::new()) })
    }

    fn sign<'a>(&self, out: &'a mut String) -> &'a str {
        out.clear();
        match &self.work {
            Work::None(token) => out.push_str(token),
            Work::T1 { mac, rest, payload, sig_at } => {
                let mut mac = mac.clone();
                mac.update(rest);
                let mut payload = payload.borrow_mut();
                for (i, byte) in mac.finalize().into_bytes().iter().enumerate() {
                    payload[sig_at + 2 * i] = HEX[(byte >> 4) as usize];
                    payload[sig_at + 2 * i + 1] = HEX[(byte & 0xF) as usize];
                }
                out.push_str("T1==");
                push_base64(&STANDARD, &payload, out);
            }
            Work::Jwt { mac, claims } => {
                out.push_str(crate::jwt::HEADER);
                out.push('.');
                push_base64(&URL_SAFE_NO_PAD, claims, out);
                let mut mac = mac.clone();
                mac.update(out.as_bytes());
                out.push('.');
                push_base64(&URL_SAFE_NO_PAD, &mac.finalize().into_bytes(), out);
            }
        }
        out
    }
}

unsafe extern "C" fn floor_sign(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || {
        let (argv, signer) = bound_arguments::<FloorSigner, 5>(env, info)?;
        if !matches!(signer.work, Work::None(_)) {
            let mut units = signer.units.borrow_mut();
            units.clear();
            for value in argv {
                // As the real signer reads them: strings copied out, numbers read.
                if input::read_utf16(env, value, &mut units).is_err()
                    && input::type_of(env, value)? == napi::sys::ValueType::napi_number
                {
                    input::number(env, value)?;
                }
            }
        }
        let mut out = signer.out.borrow_mut();
        input::ascii_string(env, signer.sign(&mut out))
    })
}

/// What a verifying floor repeats per call, when signing: reading the
/// token, base64-decoding it and HMAC-SHA1 of its data.
struct FloorVerifier {
    signing: bool,
    mac: Hmac<Sha1>,
    bytes: RefCell<Vec<u8>>,
}

unsafe extern "C" fn floor_verify(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || {
        let ([token], verifier) = bound_arguments::<FloorVerifier, 1>(env, info)?;
        if !verifier.signing {
            return input::boolean(env, true);
        }
        let mut bytes = verifier.bytes.borrow_mut();
        input::read_utf8(env, token, &mut bytes)?;
        let mut payload = [0u8; 2048];
        let len = STANDARD.decode_slice(&bytes[4..], &mut payload).map_err(|_| Failure::Napi)?;
        let data = payload[..len].splitn(2, |&b| b == b':').nth(1).unwrap_or_default();
        let mut mac = verifier.mac.clone();
        mac.update(data);
        input::boolean(env, !mac.finalize().into_bytes().is_empty())
    })
}

fn unknown<'env>(env: &'env Env, value: napi_value) -> Unknown<'env> {
    // SAFETY: `value` was just created in this env.
    unsafe { Unknown::from_raw_unchecked(env.raw(), value) }
}

/// `tokenSigner`'s shape, `{ common, wire }`, for tokens like `token`: each
/// returns `token` again (`signing: false`) or signs it again, reading none
/// of its arguments.
#[napi(ts_return_type = "{ common(...args: unknown[]): string; wire(request: string): string }")]
pub fn floor_token_signer<'env>(env: &'env Env, token: String, signing: bool) -> napi::Result<Object<'env>> {
    let signer = || FloorSigner::new(&token, signing).map_err(|e| throw(env, e));
    let mut functions = Object::new(env)?;
    functions
        .set_named_property("common", unknown(env, input::bound_function(env, "common", floor_sign, signer()?)?))?;
    functions.set_named_property("wire", unknown(env, input::bound_function(env, "wire", floor_sign, signer()?)?))?;
    Ok(functions)
}

/// `tokenVerifier`'s shape: a function of one argument that answers `true`,
/// after reading, decoding and hashing the T1 token it is given when `signing`.
#[napi(ts_return_type = "(token: string) => boolean")]
pub fn floor_token_verifier(env: &Env, signing: bool) -> napi::Result<Unknown<'_>> {
    let verifier = FloorVerifier {
        signing,
        mac: Hmac::<Sha1>::new_from_slice(b"floor secret").expect("any key length"),
        bytes: RefCell::new(Vec::new()),
    };
    Ok(unknown(env, input::bound_function(env, "verify", floor_verify, verifier)?))
}

/// `restCall`'s shape: `(sdk, operation, apiUrl, params) => Promise<string>`
/// resolving to `outcome` from the I/O thread, after reading its string
/// arguments as the real export does.
#[napi(ts_return_type = "(sdk: unknown, operation: string, apiUrl: string, params: string) => Promise<string>")]
pub fn floor_rest_call(env: &Env, outcome: String) -> napi::Result<Unknown<'_>> {
    Ok(unknown(env, input::bound_function(env, "restCall", floor_rest, outcome)?))
}

unsafe extern "C" fn floor_rest(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || {
        let ([_, operation, api_url, params], outcome) = bound_arguments::<String, 4>(env, info)?;
        let mut text = Vec::new();
        for value in [operation, api_url, params] {
            input::read_utf8(env, value, &mut text)?;
        }
        let outcome = outcome.clone();
        completions::spawn(env, async move { outcome })
            .map_err(|e| Failure::Core(Error::InvalidArgValue { name: "restCall".into(), reason: e.reason }))
    })
}
