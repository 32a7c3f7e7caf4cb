//! A streaming WARC reader: `.warc` and `.warc.gz` (one gzip member per record, as
//! Common Crawl writes, through `flate2`'s `MultiGzDecoder`). It yields one extracted
//! article per HTML `response` (or `resource`) record; other records are skipped and
//! counted. `WARC-Target-URI` and `WARC-Date` are fallbacks for the URL and the date.
//! A record cut short, or a corrupt gzip stream, gives an error for that record and
//! ends the iteration cleanly.
//!
//! Our own parser rather than the `warc` crate: it is ~150 lines, streams from any
//! `Read`, bounds every header and body, and reports the byte offset of a bad record.

use crate::{extract_html_with_charset, ExtractError, Extracted};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Largest record body read into memory; larger records are skipped.
pub const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;
const MAX_HEADER_LINE: usize = 64 * 1024;
const MAX_HEADERS: usize = 512;

/// A raw record: lower-cased headers, body, and the byte offset where it starts.
type RawRecord = (Vec<(String, String)>, Vec<u8>, u64);

/// An HTTP response split into status, lower-cased headers and body.
type HttpParts<'a> = (u16, Vec<(String, String)>, &'a [u8]);

/// One article from a WARC file.
#[derive(Debug, Clone)]
pub struct WarcPage {
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Date`.
    pub warc_date: Option<String>,
    /// `WARC-Record-ID`.
    pub record_id: Option<String>,
    /// What was extracted (url and date already filled from the record headers when the
    /// page had none).
    pub extracted: Extracted,
}

/// Counts of what a reader saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WarcStats {
    /// HTML response records extracted.
    pub pages: usize,
    /// Records of other types, or responses that are not HTML.
    pub skipped: usize,
    /// Records that gave an error.
    pub errors: usize,
}

/// Iterator over the HTML pages of a WARC stream.
pub struct WarcReader<R: BufRead> {
    r: R,
    offset: u64,
    done: bool,
    /// What has been seen so far.
    pub stats: WarcStats,
}

/// Opens a `.warc` or `.warc.gz` file (gzip detected by its magic number).
pub fn open_warc(path: &Path) -> Result<WarcReader<BufReader<Box<dyn Read>>>, ExtractError> {
    let f = std::fs::File::open(path).map_err(|source| ExtractError::Io {
        path: path.display().to_string(),
        source,
    })?;
    warc_reader(f)
}

/// Wraps any reader of WARC data, plain or gzipped.
pub fn warc_reader<R: Read + 'static>(
    r: R,
) -> Result<WarcReader<BufReader<Box<dyn Read>>>, ExtractError> {
    let mut br = BufReader::new(r);
    let head = br.fill_buf().map_err(|e| ExtractError::Warc {
        offset: 0,
        reason: e.to_string(),
    })?;
    let gz = head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b;
    let inner: Box<dyn Read> = if gz {
        Box::new(flate2::bufread::MultiGzDecoder::new(br))
    } else {
        Box::new(br)
    };
    Ok(WarcReader {
        r: BufReader::with_capacity(64 * 1024, inner),
        offset: 0,
        done: false,
        stats: WarcStats::default(),
    })
}

impl<R: BufRead> WarcReader<R> {
    fn err(&mut self, offset: u64, reason: impl Into<String>) -> ExtractError {
        self.done = true;
        self.stats.errors += 1;
        ExtractError::Warc {
            offset,
            reason: reason.into(),
        }
    }

    /// Reads one line (up to `\n`), bounded. `Ok(None)` at end of stream.
    fn line(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let mut buf = Vec::new();
        let n = (&mut self.r)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut buf)?;
        self.offset += n as u64;
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(buf))
    }

    /// Reads the next record; `Ok(None)` at a clean end of stream.
    fn next_record(&mut self) -> Result<Option<RawRecord>, ExtractError> {
        // Skip blank lines between records.
        let start;
        loop {
            let at = self.offset;
            match self.line() {
                Ok(None) => return Ok(None),
                Ok(Some(l)) => {
                    let t = String::from_utf8_lossy(&l);
                    let t = t.trim();
                    if t.is_empty() {
                        continue;
                    }
                    if !t.starts_with("WARC/") {
                        return Err(self.err(
                            at,
                            format!(
                                "expected a WARC version line, found {:?}",
                                t.chars().take(40).collect::<String>()
                            ),
                        ));
                    }
                    start = at;
                    break;
                }
                Err(e) => return Err(self.err(at, format!("read error: {e}"))),
            }
        }
        let mut headers = Vec::new();
        loop {
            match self.line() {
                Ok(None) => return Err(self.err(start, "record cut inside its headers")),
                Ok(Some(l)) => {
                    let t = String::from_utf8_lossy(&l);
                    let t = t.trim_end_matches(['\r', '\n']);
                    if t.is_empty() {
                        break;
                    }
                    if headers.len() >= MAX_HEADERS {
                        return Err(self.err(start, "too many header lines"));
                    }
                    if let Some((k, v)) = t.split_once(':') {
                        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                    }
                }
                Err(e) => return Err(self.err(start, format!("read error in headers: {e}"))),
            }
        }
        let len: u64 = match headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .map(|(_, v)| v.parse::<u64>())
        {
            Some(Ok(n)) => n,
            Some(Err(_)) => return Err(self.err(start, "Content-Length is not a number")),
            None => return Err(self.err(start, "no Content-Length header")),
        };
        let mut body = Vec::new();
        let keep = len <= MAX_RECORD_BYTES;
        let got = if keep {
            (&mut self.r).take(len).read_to_end(&mut body)
        } else {
            std::io::copy(&mut (&mut self.r).take(len), &mut std::io::sink()).map(|n| n as usize)
        };
        match got {
            Ok(n) if n as u64 == len => self.offset += len,
            Ok(n) => {
                return Err(self.err(start, format!("record cut short: {n} of {len} body bytes")))
            }
            Err(e) => return Err(self.err(start, format!("read error in body: {e}"))),
        }
        if !keep {
            self.stats.skipped += 1;
            return Ok(Some((Vec::new(), Vec::new(), start)));
        }
        Ok(Some((headers, body, start)))
    }
}

fn header<'a>(h: &'a [(String, String)], k: &str) -> Option<&'a str> {
    h.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

/// Splits an HTTP response into its headers (lower-cased names) and body.
fn split_http(raw: &[u8]) -> Option<HttpParts<'_>> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| {
            raw.windows(2)
                .position(|w| w == b"\n\n")
                .map(|p| (p, p + 2))
        })?;
    let head = String::from_utf8_lossy(&raw[..end.0]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status: u16 = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some((status, headers, &raw[end.1..]))
}

fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let nl = body[i..].iter().position(|&b| b == b'\n')? + i;
        let size_str = String::from_utf8_lossy(&body[i..nl]);
        let size = usize::from_str_radix(size_str.trim().split(';').next()?.trim(), 16).ok()?;
        i = nl + 1;
        if size == 0 {
            return Some(out);
        }
        let end = i.checked_add(size)?;
        out.extend_from_slice(body.get(i..end)?);
        i = end;
        while i < body.len() && (body[i] == b'\r' || body[i] == b'\n') {
            i += 1;
            if i >= body.len() {
                return Some(out);
            }
            if body[i - 1] == b'\n' {
                break;
            }
        }
        if i >= body.len() {
            return Some(out);
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<WarcPage, ExtractError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            let (h, body, start) = match self.next_record() {
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Ok(Some(r)) => r,
                Err(e) => return Some(Err(e)),
            };
            if h.is_empty() {
                continue;
            }
            let wtype = header(&h, "warc-type").unwrap_or("").to_ascii_lowercase();
            let ctype = header(&h, "content-type")
                .unwrap_or("")
                .to_ascii_lowercase();
            let (html, charset): (Vec<u8>, Option<String>) =
                if wtype == "response" && ctype.contains("application/http") {
                    let Some((status, hh, payload)) = split_http(&body) else {
                        self.stats.skipped += 1;
                        continue;
                    };
                    let pct = header(&hh, "content-type")
                        .unwrap_or("text/html")
                        .to_ascii_lowercase();
                    if !(200..300).contains(&status) || !(pct.contains("html") || pct.is_empty()) {
                        self.stats.skipped += 1;
                        continue;
                    }
                    let mut payload = payload.to_vec();
                    if header(&hh, "transfer-encoding")
                        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
                    {
                        if let Some(d) = dechunk(&payload) {
                            payload = d;
                        }
                    }
                    if header(&hh, "content-encoding")
                        .is_some_and(|t| t.to_ascii_lowercase().contains("gzip"))
                    {
                        match crate::gunzip_if_needed(payload) {
                            Ok(p) => payload = p,
                            Err(e) => {
                                self.stats.errors += 1;
                                return Some(Err(ExtractError::Warc {
                                    offset: start,
                                    reason: format!("payload: {e}"),
                                }));
                            }
                        }
                    }
                    let cs = pct.split(';').find_map(|p| {
                        p.trim()
                            .strip_prefix("charset=")
                            .map(|c| c.trim_matches('"').to_string())
                    });
                    (payload, cs)
                } else if wtype == "resource" && ctype.contains("html") {
                    (body, None)
                } else {
                    self.stats.skipped += 1;
                    continue;
                };
            let uri = header(&h, "warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string());
            let wdate = header(&h, "warc-date").map(str::to_string);
            let rid = header(&h, "warc-record-id").map(str::to_string);
            match extract_html_with_charset(&html, uri.as_deref(), charset.as_deref()) {
                Ok(mut ex) => {
                    if ex.canonical_url.is_none() {
                        ex.canonical_url = uri.clone();
                    }
                    if ex.date.is_none() {
                        if let Some(d) = wdate.as_deref().and_then(crate::meta::parse_date) {
                            ex.date = Some(d);
                            ex.notes.push("date from WARC-Date".into());
                        }
                    }
                    self.stats.pages += 1;
                    return Some(Ok(WarcPage {
                        target_uri: uri,
                        warc_date: wdate,
                        record_id: rid,
                        extracted: ex,
                    }));
                }
                Err(ExtractError::Empty) => {
                    self.stats.skipped += 1;
                    continue;
                }
                Err(e) => {
                    self.stats.errors += 1;
                    return Some(Err(ExtractError::Warc {
                        offset: start,
                        reason: e.to_string(),
                    }));
                }
            }
        }
    }
}
