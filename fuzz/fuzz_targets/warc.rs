#![no_main]
//! Any bytes as a WARC stream: every record gives a page or an error, and iteration ends.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(reader) = chronicle_extract::warc::warc_reader(std::io::Cursor::new(data.to_vec())) {
        for _ in reader.take(10_000) {}
    }
});
