#![no_main]
//! Any text through plain-text cleaning.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = chronicle_extract::clean_plain_text(&text);
});
