//! How REST calls run and come back: one I/O thread for the process, and
//! one thread-safe function per JS thread that settles the promises.
//!
//! napi-rs's `spawn_future` creates a thread-safe function per call and
//! runs on a multi-threaded runtime; at one call at a time, creating it and
//! waking worker threads that then look for work to steal cost more than
//! the HTTP exchange. Here a call costs one promise, one task on the I/O
//! thread and one queued completion; completions that arrive together are
//! settled in one wake-up of the JS thread.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::ptr;
use std::sync::{Arc, OnceLock, RwLock};

use napi::sys::{self, napi_env, napi_threadsafe_function, napi_value};
use tokio::runtime::Handle;

/// The runtime every REST call runs on: current-thread, driven by one
/// dedicated thread. The JS thread is single too, so one I/O thread keeps
/// up with it, and an idle one sleeps in one place.
fn io_runtime() -> Result<&'static Handle, String> {
    static IO: OnceLock<Result<Handle, String>> = OnceLock::new();
    IO.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("could not start the I/O runtime: {e}"))?;
        let handle = runtime.handle().clone();
        std::thread::Builder::new()
            .name("opentok-native-io".into())
            .spawn(move || runtime.block_on(std::future::pending::<()>()))
            .map_err(|e| format!("could not start the I/O thread: {e}"))?;
        Ok(handle)
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// A raw pointer that is only dereferenced on the thread it belongs to, or
/// handed to N-API calls that may be made from any thread.
struct SendPtr<T>(*mut T);
unsafe impl<T> Send for SendPtr<T> {}
unsafe impl<T> Sync for SendPtr<T> {}

/// The thread-safe function of one JS thread, while it is open: Node
/// deletes it when the environment is torn down, and the finalizer empties
/// this first (waiting for any call in progress), so no call reaches a deleted one.
type Settler = Arc<RwLock<Option<SendPtr<sys::napi_threadsafe_function__>>>>;

/// What the JS thread keeps: its thread-safe function and how many calls are
/// in flight (the function keeps the event loop alive only while some are).
struct Completions {
    settler: Settler,
    tsfn: napi_threadsafe_function,
    in_flight: Cell<usize>,
}

thread_local! {
    static COMPLETIONS: RefCell<Option<Completions>> = const { RefCell::new(None) };
}

/// A finished call, queued for the JS thread.
struct Completion {
    deferred: SendPtr<sys::napi_deferred__>,
    json: String,
}

fn check(status: sys::napi_status, what: &str) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::new(napi::Status::from(status), format!("{what} failed")))
    }
}

unsafe extern "C" fn finalize(_env: napi_env, data: *mut std::ffi::c_void, _hint: *mut std::ffi::c_void) {
    // SAFETY: `data` is the Box<Settler> leaked when the function was created.
    let settler = Box::from_raw(data as *mut Settler);
    *settler.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    let _ = COMPLETIONS.try_with(|completions| completions.borrow_mut().take());
}

/// Settles one promise on the JS thread: resolves it with the outcome's JSON text.
unsafe extern "C" fn settle(
    env: napi_env,
    _callback: napi_value,
    _context: *mut std::ffi::c_void,
    data: *mut std::ffi::c_void,
) {
    // SAFETY: `data` is a Box<Completion> queued by `spawn`.
    let completion = Box::from_raw(data as *mut Completion);
    if env.is_null() {
        return; // the environment is going away: nothing left to settle
    }
    let mut text = ptr::null_mut();
    let status =
        sys::napi_create_string_utf8(env, completion.json.as_ptr().cast(), completion.json.len() as isize, &mut text);
    if status == sys::Status::napi_ok {
        sys::napi_resolve_deferred(env, completion.deferred.0, text);
    } else {
        let mut message = ptr::null_mut();
        let why = "could not hand the REST answer to JavaScript";
        sys::napi_create_string_utf8(env, why.as_ptr().cast(), why.len() as isize, &mut message);
        let mut error = ptr::null_mut();
        sys::napi_create_error(env, ptr::null_mut(), message, &mut error);
        sys::napi_reject_deferred(env, completion.deferred.0, error);
    }
    end_call(env);
}

/// A call of this JS thread is in flight: the first one holds the event loop.
/// Returns the settler its completion goes through.
fn begin_call(env: napi_env) -> napi::Result<Settler> {
    COMPLETIONS.with(|completions| {
        let mut completions = completions.borrow_mut();
        let c = match &mut *completions {
            Some(c) => c,
            none => none.insert(create_completions(env)?),
        };
        let in_flight = c.in_flight.get();
        if in_flight == 0 {
            unsafe { sys::napi_ref_threadsafe_function(env, c.tsfn) };
        }
        c.in_flight.set(in_flight + 1);
        Ok(Arc::clone(&c.settler))
    })
}

/// A call of this JS thread is settled: the last one lets the event loop go.
fn end_call(env: napi_env) {
    let _ = COMPLETIONS.try_with(|completions| {
        if let Some(c) = completions.borrow().as_ref() {
            let left = c.in_flight.get() - 1;
            c.in_flight.set(left);
            if left == 0 {
                unsafe { sys::napi_unref_threadsafe_function(env, c.tsfn) };
            }
        }
    });
}

/// The completions of this JS thread, made on its first call.
fn create_completions(env: napi_env) -> napi::Result<Completions> {
    let name = "opentok-native REST";
    let mut resource_name = ptr::null_mut();
    check(
        unsafe { sys::napi_create_string_utf8(env, name.as_ptr().cast(), name.len() as isize, &mut resource_name) },
        "naming the REST completions",
    )?;
    let settler: Settler = Arc::new(RwLock::new(None));
    let finalize_data = Box::into_raw(Box::new(Arc::clone(&settler))) as *mut std::ffi::c_void;
    let mut tsfn = ptr::null_mut();
    let status = unsafe {
        sys::napi_create_threadsafe_function(
            env,
            ptr::null_mut(),
            ptr::null_mut(),
            resource_name,
            0,
            1,
            finalize_data,
            Some(finalize),
            ptr::null_mut(),
            Some(settle),
            &mut tsfn,
        )
    };
    if status != sys::Status::napi_ok {
        drop(unsafe { Box::from_raw(finalize_data as *mut Settler) });
        return Err(napi::Error::new(napi::Status::from(status), "creating the REST completions failed"));
    }
    // Idle until a call is in flight: an app with nothing to wait for exits.
    check(unsafe { sys::napi_unref_threadsafe_function(env, tsfn) }, "unref")?;
    *settler.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(SendPtr(tsfn));
    Ok(Completions { settler, tsfn, in_flight: Cell::new(0) })
}

/// Runs `call` on the I/O thread; the promise returned resolves to the JSON
/// text it produces.
pub fn spawn(env: napi_env, call: impl Future<Output = String> + Send + 'static) -> napi::Result<napi_value> {
    let io = io_runtime().map_err(|reason| napi::Error::new(napi::Status::GenericFailure, reason))?;
    let settler = begin_call(env)?;
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    if let Err(e) = check(unsafe { sys::napi_create_promise(env, &mut deferred, &mut promise) }, "creating a promise") {
        end_call(env);
        return Err(e);
    }
    let deferred = SendPtr(deferred);
    io.spawn(async move {
        let json = call.await;
        let completion = Box::into_raw(Box::new(Completion { deferred, json }));
        let open = settler.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        let queued = match open.as_ref() {
            // SAFETY: the function is open (the finalizer waits for this read lock).
            Some(tsfn) => unsafe {
                sys::napi_call_threadsafe_function(
                    tsfn.0,
                    completion.cast(),
                    sys::ThreadsafeFunctionCallMode::nonblocking,
                )
            },
            None => sys::Status::napi_closing,
        };
        if queued != sys::Status::napi_ok {
            // The environment is gone: nobody is waiting for this promise.
            drop(unsafe { Box::from_raw(completion) });
        }
    });
    Ok(promise)
}
