//! The floor of the benchmarks (cargo feature `bench-floor`, never in the
//! shipped addon): exports with the argument and result shapes of the real
//! ones that do no work, so `npm run bench` can print each call's cost as a
//! multiple of what merely crossing into the addon costs.

use napi::bindgen_prelude::{JsObjectValue, Object, Unknown};
use napi::sys::{napi_callback_info, napi_env, napi_value};
use napi::Env;
use napi_derive::napi;

use super::input::{self, arguments, guard};

/// A string of a token's length, to hand back as the token.
struct FloorToken(String);

unsafe extern "C" fn floor_token(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || {
        let ([_, _, _, _, _], token) = arguments::<FloorToken, 5>(env, info)?;
        input::ascii_string(env, &token.0)
    })
}

unsafe extern "C" fn floor_verify(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || {
        let ([_], ()) = arguments::<(), 1>(env, info)?;
        input::boolean(env, true)
    })
}

fn unknown<'env>(env: &'env Env, value: napi_value) -> Unknown<'env> {
    // SAFETY: `value` was just created in this env.
    unsafe { Unknown::from_raw_unchecked(env.raw(), value) }
}

/// `tokenSigner`'s shape: `{ common, wire }`, each returning a new string of
/// `length` characters and reading none of its arguments.
#[napi(ts_return_type = "{ common(...args: unknown[]): string; wire(request: string): string }")]
pub fn floor_token_signer<'env>(env: &'env Env, length: u32) -> napi::Result<Object<'env>> {
    let text = || FloorToken("A".repeat(length as usize));
    let mut functions = Object::new(env)?;
    functions.set_named_property("common", unknown(env, input::bound_function(env, "common", floor_token, text())?))?;
    functions.set_named_property("wire", unknown(env, input::bound_function(env, "wire", floor_token, text())?))?;
    Ok(functions)
}

/// `tokenVerifier`'s shape: a function of one argument that answers `true`.
#[napi(ts_return_type = "(token: string) => boolean")]
pub fn floor_token_verifier(env: &Env) -> napi::Result<Unknown<'_>> {
    Ok(unknown(env, input::bound_function(env, "verify", floor_verify, ())?))
}
