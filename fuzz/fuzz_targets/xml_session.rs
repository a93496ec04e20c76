//! Created-session bodies: any body gives a non-empty trimmed ID or a short error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opentok_native::xml::parse_created_session_id;

fuzz_target!(|body: &[u8]| {
    match parse_created_session_id(body) {
        Ok(id) => {
            assert!(!id.is_empty());
            assert_eq!(id.trim(), id);
        }
        Err(err) => assert!(err.to_string().len() <= 160, "{err}"),
    }
});
