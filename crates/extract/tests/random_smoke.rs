//! Stable-Rust randomized smoke test of every reader: mutated pages, WARC streams,
//! feeds and texts (byte flips, cuts, splices, random tags) must give a result or a
//! typed error, never a panic or a hang. `CHRONICLE_SMOKE_ITERS` sets the number of
//! rounds (default 300, so the default test run stays quick).

use chronicle_extract::{clean_plain_text, extract_html, feed::read_feed, warc::warc_reader};
use std::io::Write;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ferry service resumes | Island Post</title>
<meta property="og:site_name" content="Island Post"><script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry service resumes","datePublished":"2022-06-01","author":{"name":"Cora Vale"}}</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Ferry service resumes</h1><p>The ferry between the two islands resumed service on Monday after a month of repairs to the pier, the operator said.</p>
<p>Passengers queued from early morning, and the first crossing left on time, carrying cars, bicycles and a school group.</p><table><tr><td>Dep</td><td>Arr</td></tr></table><ul><li>One</li></ul></article><footer>© Island Post</footer></body></html>"#;

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Island Post</title>
<item><title>Ferry</title><link>https://post.example/ferry</link><pubDate>Wed, 01 Jun 2022 08:00:00 GMT</pubDate><description>Short.</description><content:encoded><![CDATA[<p>The ferry resumed service.</p>]]></content:encoded></item></channel></rss>"#;

fn warc_bytes() -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{PAGE}");
    let mut w = Vec::new();
    for (t, body) in [
        ("warcinfo", "software: test\r\n".to_string()),
        ("response", http),
    ] {
        let _ = write!(
            w,
            "WARC/1.0\r\nWARC-Type: {t}\r\nWARC-Target-URI: https://post.example/2022/06/01/ferry\r\nWARC-Date: 2022-06-01T09:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
            body.len()
        );
    }
    w
}

fn mutate(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut v = base.to_vec();
    for _ in 0..=rng.below(8) {
        match rng.below(6) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            1 if !v.is_empty() => {
                let cut = rng.below(v.len());
                v.truncate(cut);
            }
            2 if !v.is_empty() => {
                let a = rng.below(v.len());
                let b = (a + rng.below(200)).min(v.len());
                let chunk = v[a..b].to_vec();
                let at = rng.below(v.len());
                v.splice(at..at, chunk);
            }
            3 => {
                let tags: [&[u8]; 8] = [
                    b"<div>",
                    b"</div>",
                    b"<p>",
                    b"<script>",
                    b"<!--",
                    b"<![CDATA[",
                    b"\xff\xfe",
                    b"</html>",
                ];
                let t = tags[rng.below(tags.len())];
                let at = rng.below(v.len() + 1);
                v.splice(at..at, t.iter().copied());
            }
            4 if !v.is_empty() => {
                let a = rng.below(v.len());
                let b = (a + rng.below(100)).min(v.len());
                v.drain(a..b);
            }
            _ => {
                let at = rng.below(v.len() + 1);
                let n = rng.below(64);
                let junk: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                v.splice(at..at, junk);
            }
        }
    }
    v
}

#[test]
fn random_inputs_never_panic() {
    let iters: usize = std::env::var("CHRONICLE_SMOKE_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let warc = warc_bytes();
    // The unmutated inputs work.
    assert!(extract_html(PAGE.as_bytes(), None)
        .map(|e| e.text.contains("ferry"))
        .unwrap_or(false));
    assert_eq!(read_feed(FEED.as_bytes()).map(|f| f.len()).unwrap_or(0), 1);
    let pages: Vec<_> = warc_reader(std::io::Cursor::new(warc.clone()))
        .map(|r| r.collect::<Vec<_>>())
        .unwrap_or_default();
    assert_eq!(pages.iter().filter(|p| p.is_ok()).count(), 1);
    let start = std::time::Instant::now();
    for _ in 0..iters {
        let page = mutate(&mut rng, PAGE.as_bytes());
        let _ = extract_html(&page, None);
        let _ = clean_plain_text(&String::from_utf8_lossy(&page));
        let feed = mutate(&mut rng, FEED.as_bytes());
        let _ = read_feed(&feed);
        let w = mutate(&mut rng, &warc);
        if let Ok(r) = warc_reader(std::io::Cursor::new(w)) {
            assert!(r.take(1000).count() <= 1000);
        }
    }
    eprintln!("{iters} rounds in {:?}", start.elapsed());
}
