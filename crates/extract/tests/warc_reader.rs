//! WARC reading: plain and multi-member gzip, skipped records, fallbacks, cut records.

use chronicle_extract::warc::warc_reader;
use chronicle_extract::ExtractError;
use std::io::Write;

fn page(n: usize) -> String {
    format!(
        "<html><head><title>Story {n} | Bay News</title></head><body><article><h1>Story {n}</h1>{}</article></body></html>",
        "<p>The bay council approved the new ferry timetable after a long meeting on Thursday, and residents welcomed the change.</p>".repeat(4)
    )
}

fn record(kind: &str, uri: &str, ctype: &str, body: &str) -> Vec<u8> {
    let mut w = Vec::new();
    let _ = write!(
        w,
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2020-02-03T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{kind}>\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
        body.len()
    );
    w
}

fn response(n: usize) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{}",
        page(n)
    );
    record(
        "response",
        &format!("https://bay.example/story-{n}"),
        "application/http; msgtype=response",
        &http,
    )
}

fn stream() -> Vec<u8> {
    let mut v = record(
        "warcinfo",
        "",
        "application/warc-fields",
        "software: test\r\n",
    );
    v.extend(record(
        "request",
        "https://bay.example/story-1",
        "application/http; msgtype=request",
        "GET / HTTP/1.1\r\n\r\n",
    ));
    v.extend(response(1));
    let img = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\u{1}PNG";
    v.extend(record(
        "response",
        "https://bay.example/a.png",
        "application/http; msgtype=response",
        img,
    ));
    v.extend(response(2));
    v
}

#[test]
fn reads_pages_and_counts_skipped() {
    let mut r = warc_reader(std::io::Cursor::new(stream())).unwrap_or_else(|e| panic!("{e}"));
    let pages: Vec<_> = r
        .by_ref()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_default();
    assert_eq!(pages.len(), 2);
    assert_eq!(
        pages[0].target_uri.as_deref(),
        Some("https://bay.example/story-1")
    );
    assert_eq!(pages[0].extracted.title.as_deref(), Some("Story 1"));
    assert!(pages[1].extracted.text.contains("ferry timetable"));
    // No date in the page: the WARC-Date is the fallback.
    assert_eq!(pages[0].extracted.date_ymd().as_deref(), Some("2020-02-03"));
    assert_eq!(r.stats.pages, 2);
    assert_eq!(r.stats.skipped, 3);
}

#[test]
fn multi_member_gzip() {
    let mut gz = Vec::new();
    for rec in [response(1), response(2), response(3)] {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = e.write_all(&rec);
        gz.extend(e.finish().unwrap_or_default());
    }
    let r = warc_reader(std::io::Cursor::new(gz)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.filter(|p| p.is_ok()).count(), 3);
}

#[test]
fn cut_record_gives_one_error_and_stops() {
    let mut v = response(1);
    let second = response(2);
    v.extend_from_slice(&second[..second.len() / 2]);
    let items: Vec<_> = warc_reader(std::io::Cursor::new(v))
        .unwrap_or_else(|e| panic!("{e}"))
        .collect();
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert!(matches!(&items[1], Err(ExtractError::Warc { reason, .. }) if reason.contains("cut")));
}

#[test]
fn truncated_gzip_warc_errors_cleanly() {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = e.write_all(&stream());
    let gz = e.finish().unwrap_or_default();
    let cut = gz[..gz.len() * 2 / 3].to_vec();
    let items: Vec<_> = warc_reader(std::io::Cursor::new(cut))
        .unwrap_or_else(|e| panic!("{e}"))
        .collect();
    assert!(items.last().is_some_and(|i| i.is_err()));
}

#[test]
fn garbage_and_empty_streams() {
    assert_eq!(
        warc_reader(std::io::Cursor::new(Vec::new()))
            .map(|r| r.count())
            .unwrap_or(99),
        0
    );
    let items: Vec<_> = warc_reader(std::io::Cursor::new(b"hello world\n".to_vec()))
        .unwrap_or_else(|e| panic!("{e}"))
        .collect();
    assert_eq!(items.len(), 1);
    assert!(items[0].is_err());
}
