#![no_main]
//! Any bytes as an RSS/Atom/JSON feed.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = chronicle_extract::feed::read_feed(data);
});
