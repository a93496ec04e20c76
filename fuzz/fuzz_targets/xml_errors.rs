//! `<Errors>` documents: any body is read or refused, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opentok_native::xml::parse_server_error;

fuzz_target!(|body: &[u8]| {
    if let Some(error) = parse_server_error(body) {
        // Both come out of well-formed XML text, so neither holds a NUL
        // that was not written as a reference; just touch them.
        let _ = (error.code.len(), error.message.len());
    }
});
