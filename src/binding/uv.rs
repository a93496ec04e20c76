//! The few libuv functions the REST completions use, found in the host
//! process: Node exports libuv to addons as it exports Node-API (and
//! `napi_get_uv_event_loop` hands out the loop to use them on).

use std::ffi::{c_int, c_void};
use std::sync::OnceLock;

use napi::sys::uv_loop_s;

/// A `uv_async_t` or any other handle, as libuv's functions take it.
pub type Handle = *mut c_void;

/// `UV_ASYNC` in libuv's `uv_handle_type` (the same in every libuv 1.x).
const UV_ASYNC: c_int = 1;

pub struct Uv {
    pub async_init: unsafe extern "C" fn(*mut uv_loop_s, Handle, unsafe extern "C" fn(Handle)) -> c_int,
    /// Safe to call from any thread; wakes the loop once for any number of sends.
    pub async_send: unsafe extern "C" fn(Handle) -> c_int,
    pub close: unsafe extern "C" fn(Handle, unsafe extern "C" fn(Handle)),
    pub ref_handle: unsafe extern "C" fn(Handle),
    pub unref_handle: unsafe extern "C" fn(Handle),
    /// The size of a `uv_async_t`, from `uv_handle_size`.
    pub async_size: usize,
}

/// libuv's functions, looked up once.
pub fn uv() -> Result<&'static Uv, String> {
    static UV: OnceLock<Result<Uv, String>> = OnceLock::new();
    UV.get_or_init(|| unsafe { load() }.map_err(|e| format!("could not find libuv in the host process: {e}")))
        .as_ref()
        .map_err(Clone::clone)
}

/// Where libuv may be: the process itself (node), or the library an embedder links it from.
#[cfg(unix)]
fn hosts() -> Vec<Result<libloading::Library, libloading::Error>> {
    vec![Ok(libloading::os::unix::Library::this().into())]
}

#[cfg(windows)]
fn hosts() -> Vec<Result<libloading::Library, libloading::Error>> {
    use libloading::os::windows::Library;
    vec![
        Library::this().map(Into::into),
        Library::open_already_loaded("libnode.dll").map(Into::into),
        Library::open_already_loaded("node.dll").map(Into::into),
    ]
}

/// # Safety
/// The symbols looked up are libuv's, whose signatures are the ones declared in [`Uv`].
unsafe fn load() -> Result<Uv, libloading::Error> {
    let mut last = None;
    for host in hosts() {
        match host.and_then(|host| load_from(&host).map(|uv| (uv, host))) {
            Ok((uv, host)) => {
                // The functions live as long as the process: the library is never unloaded.
                std::mem::forget(host);
                return Ok(uv);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.expect("there is at least one place to look"))
}

unsafe fn load_from(host: &libloading::Library) -> Result<Uv, libloading::Error> {
    let handle_size: unsafe extern "C" fn(c_int) -> usize = *host.get(b"uv_handle_size\0")?;
    Ok(Uv {
        async_init: *host.get(b"uv_async_init\0")?,
        async_send: *host.get(b"uv_async_send\0")?,
        close: *host.get(b"uv_close\0")?,
        ref_handle: *host.get(b"uv_ref\0")?,
        unref_handle: *host.get(b"uv_unref\0")?,
        async_size: handle_size(UV_ASYNC),
    })
}
