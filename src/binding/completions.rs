//! How REST calls run and come back: one I/O thread for the process, and
//! per JS thread a queue of finished calls and one libuv async handle that
//! wakes the thread to settle them.
//!
//! napi-rs's `spawn_future` creates a thread-safe function per call and
//! runs on a multi-threaded runtime; at one call at a time, creating it and
//! waking worker threads that then look for work to steal cost more than
//! the HTTP exchange. Node-API's own thread-safe function, one per JS
//! thread, still cost a second sleep of the JS thread per call: Node holds
//! its queue's mutex while it wakes the loop, so the woken JS thread
//! usually found it held and waited on it. Here a call costs one promise,
//! one task on the I/O thread and one push to a queue whose lock is never
//! held across a system call; completions that arrive together are settled
//! in one wake-up of the JS thread.

use std::alloc::Layout;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::ptr;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use napi::sys::{self, napi_async_cleanup_hook_handle, napi_async_context, napi_env, napi_value};
use tokio::runtime::Handle;

use super::uv::{self, uv};

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
/// handed to functions that may be called from any thread.
struct SendPtr<T>(*mut T);
unsafe impl<T> Send for SendPtr<T> {}
unsafe impl<T> Sync for SendPtr<T> {}

/// A finished call, queued for the JS thread.
struct Completion {
    deferred: SendPtr<sys::napi_deferred__>,
    json: String,
}

/// What the I/O thread shares with one JS thread.
struct Shared {
    /// Finished calls, waiting for the JS thread.
    queue: Mutex<Vec<Completion>>,
    /// The JS thread's async handle while it is open. The cleanup hook
    /// empties this first (waiting for any wake in progress), so no wake
    /// reaches a closed handle.
    wake: RwLock<Option<SendPtr<std::ffi::c_void>>>,
}

/// What the JS thread keeps: its environment, its async handle and how
/// many calls are in flight (the handle keeps the event loop alive only
/// while some are).
struct Completions {
    env: napi_env,
    shared: Arc<Shared>,
    handle: uv::Handle,
    /// The async context the promises are settled in, as Node's own
    /// callbacks are (async_hooks, and microtasks run once all are settled).
    context: napi_async_context,
    in_flight: Cell<usize>,
}

thread_local! {
    static COMPLETIONS: RefCell<Option<Completions>> = const { RefCell::new(None) };
    /// The cleanup hook to report done once the closed handle is freed.
    static CLOSING: Cell<Option<napi_async_cleanup_hook_handle>> = const { Cell::new(None) };
}

fn check(status: sys::napi_status, what: &str) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::new(napi::Status::from(status), format!("{what} failed")))
    }
}

fn handle_layout(size: usize) -> Layout {
    // libuv handles hold pointers and 64-bit fields; 16 covers every platform's alignment.
    Layout::from_size_align(size, 16).expect("a uv_async_t is a few hundred bytes")
}

/// Settles one promise: resolves it with the outcome's JSON text.
unsafe fn settle(env: napi_env, completion: Completion) {
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
}

/// The async handle's callback, on the JS thread: settles every call queued.
unsafe extern "C" fn on_wake(_handle: uv::Handle) {
    // Nothing stays borrowed while promises settle: their reactions, run
    // when the callback scope closes, may start calls of their own.
    let Some((env, shared, context)) =
        COMPLETIONS.try_with(|c| c.borrow().as_ref().map(|c| (c.env, Arc::clone(&c.shared), c.context))).ok().flatten()
    else {
        return;
    };
    let batch = std::mem::take(&mut *shared.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
    if batch.is_empty() {
        return;
    }
    let mut handles = ptr::null_mut();
    if sys::napi_open_handle_scope(env, &mut handles) != sys::Status::napi_ok {
        return;
    }
    let mut scope = ptr::null_mut();
    let opened = sys::napi_open_callback_scope(env, ptr::null_mut(), context, &mut scope) == sys::Status::napi_ok;
    for completion in batch {
        settle(env, completion);
        end_call();
    }
    if opened {
        // Runs the microtasks (the promises' reactions) and process.nextTick callbacks.
        sys::napi_close_callback_scope(env, scope);
    }
    sys::napi_close_handle_scope(env, handles);
}

/// The environment is going away: no wake may reach the handle any more,
/// the calls still in flight are forgotten, and the handle is closed.
unsafe extern "C" fn cleanup(hook: napi_async_cleanup_hook_handle, _arg: *mut std::ffi::c_void) {
    let Some(c) = COMPLETIONS.try_with(|c| c.borrow_mut().take()).ok().flatten() else {
        sys::napi_remove_async_cleanup_hook(hook);
        return;
    };
    *c.shared.wake.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    c.shared.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clear();
    sys::napi_async_destroy(c.env, c.context);
    match uv() {
        Ok(uv) => {
            CLOSING.with(|closing| closing.set(Some(hook)));
            (uv.close)(c.handle, on_closed);
        }
        Err(_) => {
            sys::napi_remove_async_cleanup_hook(hook);
        }
    }
}

/// The handle is closed: its memory is freed, and Node may finish tearing down.
unsafe extern "C" fn on_closed(handle: uv::Handle) {
    if let Ok(uv) = uv() {
        std::alloc::dealloc(handle.cast(), handle_layout(uv.async_size));
    }
    if let Some(hook) = CLOSING.with(Cell::take) {
        sys::napi_remove_async_cleanup_hook(hook);
    }
}

/// A call of this JS thread is in flight: the first one holds the event loop.
/// Returns what its completion goes through.
fn begin_call(env: napi_env) -> napi::Result<Arc<Shared>> {
    let uv = uv().map_err(|reason| napi::Error::new(napi::Status::GenericFailure, reason))?;
    COMPLETIONS.with(|completions| {
        let mut completions = completions.borrow_mut();
        let c = match &mut *completions {
            Some(c) => c,
            none => none.insert(create_completions(env, uv)?),
        };
        let in_flight = c.in_flight.get();
        if in_flight == 0 {
            unsafe { (uv.ref_handle)(c.handle) };
        }
        c.in_flight.set(in_flight + 1);
        Ok(Arc::clone(&c.shared))
    })
}

/// A call of this JS thread is settled: the last one lets the event loop go.
fn end_call() {
    let _ = COMPLETIONS.try_with(|completions| {
        if let (Some(c), Ok(uv)) = (completions.borrow().as_ref(), uv()) {
            let left = c.in_flight.get() - 1;
            c.in_flight.set(left);
            if left == 0 {
                unsafe { (uv.unref_handle)(c.handle) };
            }
        }
    });
}

/// The completions of this JS thread, made on its first call.
fn create_completions(env: napi_env, uv: &uv::Uv) -> napi::Result<Completions> {
    let mut event_loop = ptr::null_mut();
    check(unsafe { sys::napi_get_uv_event_loop(env, &mut event_loop) }, "finding the event loop")?;
    let name = "opentok-native REST";
    let mut resource_name = ptr::null_mut();
    check(
        unsafe { sys::napi_create_string_utf8(env, name.as_ptr().cast(), name.len() as isize, &mut resource_name) },
        "naming the REST completions",
    )?;
    let mut resource = ptr::null_mut();
    check(unsafe { sys::napi_create_object(env, &mut resource) }, "creating the REST completions")?;
    let mut context = ptr::null_mut();
    check(unsafe { sys::napi_async_init(env, resource, resource_name, &mut context) }, "creating an async context")?;

    let layout = handle_layout(uv.async_size);
    let handle: uv::Handle = unsafe { std::alloc::alloc(layout) }.cast();
    if handle.is_null() {
        unsafe { sys::napi_async_destroy(env, context) };
        return Err(napi::Error::new(napi::Status::GenericFailure, "out of memory for the REST completions"));
    }
    if unsafe { (uv.async_init)(event_loop, handle, on_wake) } != 0 {
        unsafe {
            std::alloc::dealloc(handle.cast(), layout);
            sys::napi_async_destroy(env, context);
        }
        return Err(napi::Error::new(napi::Status::GenericFailure, "creating the REST completions failed"));
    }
    // Idle until a call is in flight: an app with nothing to wait for exits.
    unsafe { (uv.unref_handle)(handle) };
    let mut hook = ptr::null_mut();
    let added = unsafe { sys::napi_add_async_cleanup_hook(env, Some(cleanup), ptr::null_mut(), &mut hook) };
    if added != sys::Status::napi_ok {
        // Not closed by a hook, so not opened at all: close it now.
        unsafe {
            (uv.close)(handle, on_closed);
            sys::napi_async_destroy(env, context);
        }
        return Err(napi::Error::new(napi::Status::from(added), "registering the REST cleanup failed"));
    }
    let shared = Arc::new(Shared { queue: Mutex::new(Vec::new()), wake: RwLock::new(Some(SendPtr(handle))) });
    Ok(Completions { env, shared, handle, context, in_flight: Cell::new(0) })
}

/// Runs `call` on the I/O thread; the promise returned resolves to the JSON
/// text it produces.
pub fn spawn(env: napi_env, call: impl Future<Output = String> + Send + 'static) -> napi::Result<napi_value> {
    let io = io_runtime().map_err(|reason| napi::Error::new(napi::Status::GenericFailure, reason))?;
    let shared = begin_call(env)?;
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    if let Err(e) = check(unsafe { sys::napi_create_promise(env, &mut deferred, &mut promise) }, "creating a promise") {
        end_call();
        return Err(e);
    }
    let deferred = SendPtr(deferred);
    io.spawn(async move {
        let json = call.await;
        let wake = shared.wake.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Once the handle is gone, so is the environment: nobody waits for this promise.
        if let (Some(handle), Ok(uv)) = (wake.as_ref(), uv()) {
            shared.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(Completion { deferred, json });
            // SAFETY: the handle is open (the cleanup hook waits for this read lock).
            unsafe { (uv.async_send)(handle.0) };
        }
    });
    Ok(promise)
}
