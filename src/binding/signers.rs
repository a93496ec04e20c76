//! The token signers of a JS thread, found by number. The token functions
//! are shared by every SDK object: a function per object would make the one
//! JS call site that calls them see many targets, and V8 calls a call site
//! of many targets by its slow path. Each SDK object holds a handle, a
//! small integer, whose entry here is freed when the object holding it is
//! collected.

use std::cell::RefCell;
use std::ptr;
use std::rc::Rc;
use std::sync::Arc;

use napi::bindgen_prelude::{JsObjectValue, JsValue, Object};
use napi::sys::{self, napi_env};
use napi::Env;

use crate::sdk::Sdk;
use crate::token::{CheckedSession, Rules, Scratch, TokenFormat};

/// What one signer holds: its SDK, what it makes, and its buffers.
pub struct Signer {
    pub sdk: Arc<Sdk>,
    pub format: TokenFormat,
    pub rules: Rules,
    pub units: RefCell<Vec<u16>>,
    pub bytes: RefCell<Vec<u8>>,
    pub scratch: RefCell<Scratch>,
    /// The session `common` was last given: `common(handle, undefined, ...)` signs for it again.
    pub session: RefCell<Option<Arc<CheckedSession>>>,
}

#[derive(Default)]
struct Registry {
    entries: Vec<Option<Rc<Signer>>>,
    free: Vec<u32>,
}

thread_local! {
    static SIGNERS: RefCell<Registry> = RefCell::new(Registry::default());
}

/// The signer of `handle`, while its holder lives.
pub fn get(handle: u32) -> Option<Rc<Signer>> {
    SIGNERS.with(|signers| signers.borrow().entries.get(handle as usize).cloned().flatten())
}

fn insert(signer: Signer) -> u32 {
    SIGNERS.with(|signers| {
        let mut signers = signers.borrow_mut();
        let signer = Some(Rc::new(signer));
        match signers.free.pop() {
            Some(handle) => {
                signers.entries[handle as usize] = signer;
                handle
            }
            None => {
                signers.entries.push(signer);
                (signers.entries.len() - 1) as u32
            }
        }
    })
}

unsafe extern "C" fn release(_env: napi_env, data: *mut std::ffi::c_void, _hint: *mut std::ffi::c_void) {
    let handle = data as usize as u32;
    let _ = SIGNERS.try_with(|signers| {
        let mut signers = signers.borrow_mut();
        if let Some(entry) = signers.entries.get_mut(handle as usize) {
            *entry = None;
            signers.free.push(handle);
        }
    });
}

/// `{ handle }`, the holder of a new signer: collecting it frees the signer.
pub fn holder<'env>(env: &'env Env, signer: Signer) -> napi::Result<Object<'env>> {
    let handle = insert(signer);
    let mut object = Object::new(env)?;
    object.set_named_property("handle", handle)?;
    let status = unsafe {
        sys::napi_add_finalizer(
            env.raw(),
            object.raw(),
            handle as usize as *mut std::ffi::c_void,
            Some(release),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    if status != sys::Status::napi_ok {
        unsafe { release(env.raw(), handle as usize as *mut std::ffi::c_void, ptr::null_mut()) };
        return Err(napi::Error::new(napi::Status::from(status), "creating a token signer failed"));
    }
    Ok(object)
}
