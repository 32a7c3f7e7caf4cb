//! Paths to records: folder walking, reader choice, per-record results.

use crate::{decode_bytes, parse_jsonl_line, parse_plain_text, parse_seed_text, IngestError};
use chronicle_core::{Article, IngestInfo, PubDate};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Options every reader honours.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Publication date for inputs that carry none (`--date`).
    pub date: Option<PubDate>,
    /// Outlet name for inputs that carry none (`--source`).
    pub source: Option<String>,
    /// Largest accepted single article (bytes of one file or one JSONL line).
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            date: None,
            source: None,
            max_bytes: 20 * 1024 * 1024,
        }
    }
}

/// The input formats Chronicle recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Seed-style dated text or plain text (`.txt`, `.text`).
    Text,
    /// JSON Lines, one article per line (`.jsonl`, `.ndjson`).
    Jsonl,
    /// An HTML page (`.html`, `.htm`, optionally `.gz`).
    Html,
    /// A web archive (`.warc`, `.warc.gz`): its HTML response records.
    Warc,
    /// An RSS or Atom feed (`.rss`, `.atom`, `.xml`): its items.
    Feed,
}

impl InputFormat {
    /// The format a file name implies, if any.
    pub fn from_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = name.rsplit('.').next()?;
        match ext {
            "txt" | "text" => Some(InputFormat::Text),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "warc" => Some(InputFormat::Warc),
            "rss" | "atom" | "xml" => Some(InputFormat::Feed),
            _ => None,
        }
    }

    /// The format the content implies: JSON objects on lines, markup, else text.
    pub fn sniff(bytes: &[u8]) -> Self {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
        let head = head.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with('{') {
            InputFormat::Jsonl
        } else if head.starts_with("warc/") {
            InputFormat::Warc
        } else if head.starts_with("<!doctype html") || head.starts_with("<html") {
            InputFormat::Html
        } else if head.starts_with("<?xml") || head.starts_with("<rss") || head.starts_with("<feed")
        {
            if head.contains("<html") {
                InputFormat::Html
            } else {
                InputFormat::Feed
            }
        } else {
            InputFormat::Text
        }
    }
}

/// One record's outcome, for callers that want the origin of successes too.
pub type Record = Result<Article, IngestError>;

/// Reads every article under `path`: a file, or a folder walked recursively in name
/// order (hidden files and files of unknown type are skipped). Yields one result per
/// article or per failed record; never stops early on a bad record.
pub fn read_path(path: &Path, options: &ReadOptions) -> impl Iterator<Item = Record> {
    PathRecords::new(path, options.clone())
}

/// Reads articles from standard input, sniffing the format from the content.
pub fn read_stdin(options: &ReadOptions) -> Vec<Record> {
    let mut bytes = Vec::new();
    let limit = options.max_bytes.saturating_mul(64);
    match std::io::stdin().lock().take(limit).read_to_end(&mut bytes) {
        Ok(_) => read_bytes(&bytes, "<stdin>", None, options),
        Err(source) => vec![Err(IngestError::Io {
            path: PathBuf::from("<stdin>"),
            source,
        })],
    }
}

/// Reads articles from bytes already in memory; `format` `None` sniffs the content.
pub fn read_bytes(
    bytes: &[u8],
    what: &str,
    format: Option<InputFormat>,
    options: &ReadOptions,
) -> Vec<Record> {
    match format.unwrap_or_else(|| InputFormat::sniff(bytes)) {
        InputFormat::Jsonl => BufReader::new(bytes)
            .lines()
            .enumerate()
            .filter_map(|(i, line)| jsonl_record(what, i + 1, line, options))
            .collect(),
        InputFormat::Text => vec![text_article(bytes, what, options)],
        InputFormat::Html => vec![html_article(bytes, what, None, options)],
        InputFormat::Feed => feed_articles(bytes, what, options),
        InputFormat::Warc => {
            match chronicle_extract::warc::warc_reader(std::io::Cursor::new(bytes.to_vec())) {
                Ok(reader) => warc_articles(reader, what.to_string(), options.clone()).collect(),
                Err(e) => vec![Err(extract_error(what, e))],
            }
        }
    }
}

fn extract_error(what: &str, e: chronicle_extract::ExtractError) -> IngestError {
    IngestError::BadRecord {
        what: what.to_string(),
        reason: e.to_string(),
    }
}

/// An article from an extraction result; `None` url/date fall back to the hints.
fn extracted_article(
    ex: chronicle_extract::Extracted,
    what: &str,
    reader: &str,
    url_hint: Option<String>,
    date_hint: Option<PubDate>,
    options: &ReadOptions,
) -> Record {
    if !ex.is_article || ex.text.trim().is_empty() {
        let why = if ex.notes.is_empty() {
            "no article text found".to_string()
        } else {
            ex.notes.join("; ")
        };
        return Err(IngestError::BadRecord {
            what: what.to_string(),
            reason: format!("not an article page ({why})"),
        });
    }
    let url = ex.canonical_url.or(url_hint);
    let mut article = Article::new(
        ex.text,
        url,
        ingest_info(what.to_string(), reader, ex.notes),
    );
    article.title = ex.title;
    article.byline = ex.author;
    article.source = ex.site_name.or_else(|| options.source.clone());
    article.published = ex.date.or(date_hint).or_else(|| options.date.clone());
    article.language = ex.language;
    Ok(article)
}

fn html_article(
    bytes: &[u8],
    what: &str,
    url_hint: Option<String>,
    options: &ReadOptions,
) -> Record {
    let bytes =
        chronicle_extract::gunzip_if_needed(bytes.to_vec()).map_err(|e| extract_error(what, e))?;
    let ex = chronicle_extract::extract_html(&bytes, url_hint.as_deref())
        .map_err(|e| extract_error(what, e))?;
    extracted_article(ex, what, "html", url_hint, None, options)
}

fn feed_articles(bytes: &[u8], what: &str, options: &ReadOptions) -> Vec<Record> {
    let items = match chronicle_extract::feed::read_feed(bytes) {
        Ok(items) => items,
        Err(e) => return vec![Err(extract_error(what, e))],
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("{what}#item{}", i + 1);
            if item.text.trim().is_empty() {
                return Err(IngestError::Empty(at));
            }
            let notes = if item.summary_only {
                vec!["summary only: the feed carries no full text".to_string()]
            } else {
                Vec::new()
            };
            let mut article = Article::new(item.text, item.url, ingest_info(at, "feed", notes));
            article.title = item.title;
            article.byline = item.author;
            article.source = item.feed_title.or_else(|| options.source.clone());
            article.published = item.date.or_else(|| options.date.clone());
            Ok(article)
        })
        .collect()
}

/// The HTML response records of a WARC stream as articles, one result per record.
fn warc_articles<R: std::io::BufRead>(
    reader: chronicle_extract::warc::WarcReader<R>,
    what: String,
    options: ReadOptions,
) -> impl Iterator<Item = Record> {
    reader.enumerate().map(move |(i, page)| {
        let at = format!("{what}#record{}", i + 1);
        let page = page.map_err(|e| extract_error(&at, e))?;
        let at = match &page.target_uri {
            Some(uri) => format!("{at} ({uri})"),
            None => at,
        };
        let date = page
            .warc_date
            .as_deref()
            .and_then(|d| PubDate::parse(d).ok());
        extracted_article(page.extracted, &at, "warc", page.target_uri, date, &options)
    })
}

struct PathRecords {
    files: VecDeque<PathBuf>,
    current: Option<Box<dyn Iterator<Item = Record>>>,
    pending: VecDeque<Record>,
    options: ReadOptions,
}

impl PathRecords {
    fn new(path: &Path, options: ReadOptions) -> Self {
        let mut files = VecDeque::new();
        let mut pending = VecDeque::new();
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        if InputFormat::from_path(e.path()).is_some() {
                            files.push_back(e.into_path());
                        }
                    }
                    Ok(_) => {}
                    Err(err) => pending.push_back(Err(IngestError::Io {
                        path: err
                            .path()
                            .map(Path::to_path_buf)
                            .unwrap_or_else(|| path.to_path_buf()),
                        source: err.into(),
                    })),
                }
            }
        } else {
            files.push_back(path.to_path_buf());
        }
        PathRecords {
            files,
            current: None,
            pending,
            options,
        }
    }

    fn open(&self, path: &Path) -> Box<dyn Iterator<Item = Record>> {
        let what = path.display().to_string();
        let io_err = |source| {
            Box::new(std::iter::once(Err(IngestError::Io {
                path: path.to_path_buf(),
                source,
            }))) as Box<dyn Iterator<Item = Record>>
        };
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => return io_err(e),
        };
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let format = InputFormat::from_path(path);
        if format == Some(InputFormat::Warc) {
            return match chronicle_extract::warc::warc_reader(file) {
                Ok(reader) => Box::new(warc_articles(reader, what, self.options.clone())),
                Err(e) => Box::new(std::iter::once(Err(extract_error(&what, e)))),
            };
        }
        if format == Some(InputFormat::Jsonl) {
            let options = self.options.clone();
            let reader = BufReader::new(file);
            return Box::new(
                reader
                    .split(b'\n')
                    .enumerate()
                    .filter_map(move |(i, line)| {
                        let line = line.map(|bytes| {
                            String::from_utf8(bytes).unwrap_or_else(|e| {
                                String::from_utf8_lossy(e.as_bytes()).into_owned()
                            })
                        });
                        jsonl_record(&what, i + 1, line, &options)
                    }),
            );
        }
        if size > self.options.max_bytes {
            return Box::new(std::iter::once(Err(IngestError::TooLarge {
                what,
                size,
                limit: self.options.max_bytes,
            })));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        if let Err(e) = file
            .take(self.options.max_bytes + 1)
            .read_to_end(&mut bytes)
        {
            return io_err(e);
        }
        Box::new(read_bytes(&bytes, &what, format, &self.options).into_iter())
    }
}

impl Iterator for PathRecords {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(r) = self.pending.pop_front() {
                return Some(r);
            }
            if let Some(cur) = self.current.as_mut() {
                if let Some(r) = cur.next() {
                    return Some(r);
                }
                self.current = None;
            }
            let path = self.files.pop_front()?;
            self.current = Some(self.open(&path));
        }
    }
}

fn ingest_info(input: String, reader: &str, notes: Vec<String>) -> IngestInfo {
    IngestInfo {
        input,
        reader: reader.to_string(),
        ingested_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        notes,
    }
}

fn text_article(bytes: &[u8], what: &str, options: &ReadOptions) -> Record {
    if bytes.len() as u64 > options.max_bytes {
        return Err(IngestError::TooLarge {
            what: what.to_string(),
            size: bytes.len() as u64,
            limit: options.max_bytes,
        });
    }
    let decoded = decode_bytes(bytes, what)?;
    let mut notes = Vec::new();
    if decoded.guessed {
        notes.push(format!("encoding guessed as {}", decoded.encoding));
    }
    if decoded.had_errors {
        notes.push("some bytes were not valid in that encoding and were replaced".into());
    }
    let (header, reader) = match parse_seed_text(&decoded.text) {
        Ok(Some(h)) => (h, "seed-text"),
        Ok(None) => (parse_plain_text(&decoded.text), "plain-text"),
        Err(e) => {
            return Err(IngestError::BadRecord {
                what: what.to_string(),
                reason: format!("bad date line: {e}"),
            })
        }
    };
    if let Some(section) = &header.section {
        notes.push(format!("section label {section:?}"));
    }
    // Text flattened from a web page keeps its furniture (read-time labels, photo
    // credits, related-headline lists, "Contact us"): keep only the story.
    // The cleaner looks for the story's run of lines; a short text may have no run it
    // trusts, and then the text is kept whole rather than lost.
    let cleaned = chronicle_extract::clean_plain_text(&header.body);
    let body = if cleaned.trim().is_empty() {
        header.body.clone()
    } else {
        cleaned
    };
    let lines = |t: &str| t.lines().filter(|l| !l.trim().is_empty()).count();
    let dropped = lines(&header.body).saturating_sub(lines(&body));
    if dropped > 0 {
        notes.push(format!("removed {dropped} lines of site furniture"));
    }
    if body.trim().is_empty() {
        return Err(IngestError::Empty(what.to_string()));
    }
    let mut article = Article::new(body, None, ingest_info(what.to_string(), reader, notes));
    article.title = header.title;
    article.byline = header.byline;
    article.source = header.source.or_else(|| options.source.clone());
    article.published = header.date.or_else(|| options.date.clone());
    Ok(article)
}

fn jsonl_record(
    what: &str,
    line_no: usize,
    line: std::io::Result<String>,
    options: &ReadOptions,
) -> Option<Record> {
    let at = format!("{what}:{line_no}");
    let line = match line {
        Ok(l) => l,
        Err(source) => {
            return Some(Err(IngestError::Io {
                path: PathBuf::from(at),
                source,
            }))
        }
    };
    let line = line.trim_start_matches('\u{feff}').trim();
    if line.is_empty() {
        return None;
    }
    if line.len() as u64 > options.max_bytes {
        return Some(Err(IngestError::TooLarge {
            what: at,
            size: line.len() as u64,
            limit: options.max_bytes,
        }));
    }
    let bad = |reason: String| IngestError::BadRecord {
        what: at.clone(),
        reason,
    };
    let record = match parse_jsonl_line(line) {
        Ok(r) => r,
        Err(reason) => return Some(Err(bad(reason))),
    };
    let published = match record.date_string() {
        Some(s) => match PubDate::parse(&s) {
            Ok(d) => Some(d),
            Err(e) => return Some(Err(bad(e.to_string()))),
        },
        None => options.date.clone(),
    };
    let Some(text) = record.text.as_deref().filter(|t| !t.trim().is_empty()) else {
        let html = record.html.as_deref().unwrap_or("");
        let mut r = html_article(html.as_bytes(), &at, record.url.clone(), options);
        if let Ok(a) = &mut r {
            a.ingest.reader = "jsonl-html".into();
            a.title = record.title.clone().or(a.title.take());
            a.source = record.source.clone().or(a.source.take());
            a.published = published.or(a.published.take());
        }
        return Some(r);
    };
    let text = text.replace("\r\n", "\n").trim().to_string();
    let mut article = Article::new(
        text,
        record.url.clone(),
        ingest_info(at, "jsonl", Vec::new()),
    );
    article.title = record.title.clone().filter(|t| !t.trim().is_empty());
    article.byline = record.author_string();
    article.source = record.source.clone().or_else(|| options.source.clone());
    article.published = published;
    article.language = record.language.clone();
    Some(Ok(article))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        let mut f = File::create(&p).expect("create");
        f.write_all(bytes).expect("write");
        p
    }

    #[test]
    fn folder_of_mixed_inputs_yields_each_record_and_each_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(
            dir.path(),
            "a.txt",
            b"date 2024-03-01 Talks open\nThe talks opened.",
        );
        write(dir.path(), "b.txt", b"");
        write(dir.path(), "notes.md", b"# not an article");
        write(
            dir.path(),
            "c.jsonl",
            b"{\"url\":\"https://x.test/1\",\"title\":\"One\",\"date\":\"2024-03-02\",\"text\":\"First.\"}\nnot json\n{\"title\":\"no text\"}\n\n{\"text\":\"Second.\",\"date\":\"someday\"}\n",
        );
        let results: Vec<Record> = read_path(dir.path(), &ReadOptions::default()).collect();
        let ok: Vec<&Article> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        let errs: Vec<String> = results
            .iter()
            .filter_map(|r| r.as_ref().err().map(|e| e.to_string()))
            .collect();
        assert_eq!(ok.len(), 2, "{errs:?}");
        assert_eq!(ok[0].title.as_deref(), Some("Talks open"));
        assert_eq!(ok[1].url.as_deref(), Some("https://x.test/1"));
        assert_eq!(errs.len(), 4, "{errs:?}");
        assert!(errs
            .iter()
            .any(|e| e.contains("b.txt") && e.contains("empty")));
        assert!(errs
            .iter()
            .any(|e| e.contains("c.jsonl:2") && e.contains("not valid JSON")));
        assert!(errs.iter().any(|e| e.contains("c.jsonl:3")));
        assert!(errs
            .iter()
            .any(|e| e.contains("c.jsonl:5") && e.contains("someday")));
    }

    #[test]
    fn missing_path_and_oversized_file_are_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing: Vec<Record> =
            read_path(&dir.path().join("nope.txt"), &ReadOptions::default()).collect();
        assert!(matches!(missing.as_slice(), [Err(IngestError::Io { .. })]));
        let big = write(dir.path(), "big.txt", &vec![b'a'; 2048]);
        let opts = ReadOptions {
            max_bytes: 1024,
            ..ReadOptions::default()
        };
        let r: Vec<Record> = read_path(&big, &opts).collect();
        match r.as_slice() {
            [Err(e @ IngestError::TooLarge { .. })] => assert!(e.to_string().contains("big.txt")),
            other => panic!("expected TooLarge, got {other:?}"),
        }
    }

    #[test]
    fn plain_text_takes_date_and_source_from_options() {
        let opts = ReadOptions {
            date: PubDate::parse("2024-05-06").ok(),
            source: Some("Local Desk".into()),
            ..ReadOptions::default()
        };
        let r = read_bytes(
            b"Flood warning issued\nRivers rose overnight.",
            "x",
            None,
            &opts,
        );
        let a = r[0].as_ref().expect("reads");
        assert_eq!(
            a.published.as_ref().map(|d| d.date_string()).as_deref(),
            Some("2024-05-06")
        );
        assert_eq!(a.source.as_deref(), Some("Local Desk"));
        assert_eq!(a.ingest.reader, "plain-text");
    }

    #[test]
    fn same_text_gives_same_id() {
        let opts = ReadOptions::default();
        let a = read_bytes(b"date 2024-01-01 T\nSame body.", "a", None, &opts);
        let b = read_bytes(b"date 2024-01-01 T\r\nSame  body.\r\n", "b", None, &opts);
        let (Ok(a), Ok(b)) = (&a[0], &b[0]) else {
            panic!("both read")
        };
        assert_eq!(a.id, b.id);
    }
}
