#![no_main]
//! Any bytes as an HTML page: extraction must return, never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = chronicle_extract::extract_html(data, Some("https://example.org/2021/03/07/x"));
    let _ = chronicle_extract::gunzip_if_needed(data.to_vec());
});
