//! Archive manifests: any body parses or fails with a short error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opentok_native::xml::parse_manifest;

fuzz_target!(|body: &[u8]| {
    match parse_manifest(body) {
        Ok(manifest) => {
            assert!(!manifest.archive_id.is_empty());
            assert!(manifest.videos.iter().all(|video| !video.id.is_empty()));
        }
        // Errors never echo more than about 100 bytes of the body.
        Err(err) => assert!(err.to_string().len() <= 160, "{err}"),
    }
});
