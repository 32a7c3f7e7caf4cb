//! TimeML I/O and TempEval-3-style scoring.
//!
//! Reading keeps the characters of `<TEXT>` exactly as they are in the file (entities
//! included) so that re-tagged output has identical text, as the TempEval-3 scorers require.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chronicle_core::TimexType;
use chrono::NaiveDate;

use crate::annotate;

/// Errors from TimeML reading and writing.
#[derive(Debug, thiserror::Error)]
pub enum TimemlError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not usable TimeML.
    #[error("{path}: malformed TimeML: {reason}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// A gold TIMEX3 inside `<TEXT>`, in byte offsets of [`TimemlDoc::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTimex {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// `type` attribute as written (DATE, TIME, DURATION, SET).
    pub kind: String,
    /// `value` attribute.
    pub value: String,
}

/// A parsed TimeML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimemlDoc {
    /// Everything before the content of `<TEXT>` (including the `<TEXT>` tag).
    pub head: String,
    /// The content of `<TEXT>` with every tag removed, characters otherwise unchanged.
    pub text: String,
    /// Everything after the content of `<TEXT>` (from `</TEXT>` on).
    pub tail: String,
    /// The document creation time, when the file gives one.
    pub dct: Option<NaiveDate>,
    /// The TIMEX3 tags that were inside `<TEXT>` (the DCT excluded).
    pub gold: Vec<GoldTimex>,
}

fn malformed(path: &Path, reason: impl Into<String>) -> TimemlError {
    TimemlError::Malformed {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// `name="value"` pairs of a tag's inside.
fn attrs(tag: &str) -> HashMap<&str, &str> {
    let mut out = HashMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq]
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let after = &rest[eq + 2..];
        let Some(close) = after.find('"') else { break };
        out.insert(name, &after[..close]);
        rest = &after[close + 1..];
    }
    out
}

fn parse_date(v: &str) -> Option<NaiveDate> {
    let d = v.get(..10)?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

impl TimemlDoc {
    /// Parses TimeML source; `path` only names the file in errors.
    pub fn parse(src: &str, path: &Path) -> Result<Self, TimemlError> {
        let open = src
            .find("<TEXT>")
            .ok_or_else(|| malformed(path, "no <TEXT> element"))?;
        let body_start = open + "<TEXT>".len();
        let body_len = src[body_start..]
            .find("</TEXT>")
            .ok_or_else(|| malformed(path, "<TEXT> is not closed"))?;
        let body = &src[body_start..body_start + body_len];
        let dct = Self::find_dct(src);

        let mut text = String::with_capacity(body.len());
        let mut gold = Vec::new();
        let mut open_timex: Option<(usize, String, String, bool)> = None;
        let mut rest = body;
        while let Some(lt) = rest.find('<') {
            text.push_str(&rest[..lt]);
            let after = &rest[lt..];
            let gt = after.find('>').ok_or_else(|| {
                malformed(
                    path,
                    format!(
                        "unclosed tag inside <TEXT> near byte {}",
                        body_start + body.len() - after.len()
                    ),
                )
            })?;
            let tag = &after[1..gt];
            if let Some(inner) = tag.strip_prefix("TIMEX3") {
                if open_timex.is_some() {
                    return Err(malformed(path, "nested TIMEX3 inside <TEXT>"));
                }
                let a = attrs(inner);
                let is_dct = a.get("functionInDocument") == Some(&"CREATION_TIME");
                let kind = a.get("type").copied().unwrap_or("").to_string();
                let value = a.get("value").copied().unwrap_or("").to_string();
                if inner.trim_end().ends_with('/') {
                    // an empty (non-consuming) timex: nothing to score
                } else {
                    open_timex = Some((text.len(), kind, value, is_dct));
                }
            } else if tag == "/TIMEX3" {
                let (start, kind, value, is_dct) = open_timex
                    .take()
                    .ok_or_else(|| malformed(path, "</TIMEX3> without an opening tag"))?;
                if !is_dct && text.len() > start {
                    gold.push(GoldTimex {
                        start,
                        end: text.len(),
                        kind,
                        value,
                    });
                }
            }
            rest = &after[gt + 1..];
        }
        if rest.contains('>') && rest.contains('<') {
            return Err(malformed(path, "stray tag text inside <TEXT>"));
        }
        text.push_str(rest);
        if open_timex.is_some() {
            return Err(malformed(path, "TIMEX3 not closed inside <TEXT>"));
        }
        Ok(TimemlDoc {
            head: src[..body_start].to_string(),
            text,
            tail: src[body_start + body_len..].to_string(),
            dct,
            gold,
        })
    }

    /// Reads and parses a `.tml` file.
    pub fn read(path: &Path) -> Result<Self, TimemlError> {
        let src = std::fs::read_to_string(path).map_err(|source| TimemlError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&src, path)
    }

    fn find_dct(src: &str) -> Option<NaiveDate> {
        if let Some(a) = src.find("<DCT>") {
            let inside = &src[a..];
            let end = inside.find("</DCT>").unwrap_or(inside.len());
            let inside = &inside[..end];
            if let Some(t) = inside.find("<TIMEX3") {
                let tag_end = inside[t..].find('>').map_or(inside.len(), |g| t + g);
                if let Some(v) = attrs(&inside[t..tag_end]).get("value") {
                    if let Some(d) = parse_date(v) {
                        return Some(d);
                    }
                }
            }
        }
        // Any TIMEX3 marked as the creation time.
        let mut rest = src;
        while let Some(t) = rest.find("<TIMEX3") {
            let after = &rest[t..];
            let end = after.find('>').unwrap_or(after.len());
            let a = attrs(&after[..end]);
            if a.get("functionInDocument") == Some(&"CREATION_TIME") {
                if let Some(d) = a.get("value").and_then(|v| parse_date(v)) {
                    return Some(d);
                }
            }
            rest = &after[end.min(after.len())..];
            if end == 0 {
                break;
            }
        }
        None
    }

    /// The document with its own tags in `<TEXT>` replaced by ours (text unchanged);
    /// event-level elements outside `<TEXT>` (MAKEINSTANCE, TLINK, SLINK, ALINK) are dropped.
    pub fn retag(&self) -> String {
        let found = annotate(&self.text, self.dct);
        let mut out =
            String::with_capacity(self.head.len() + self.text.len() * 2 + self.tail.len());
        out.push_str(&self.head);
        let mut pos = 0;
        for (n, t) in found.iter().enumerate() {
            let (s, e) = (t.span.start as usize, t.span.end as usize);
            if s < pos || e > self.text.len() {
                continue;
            }
            out.push_str(&self.text[pos..s]);
            let _ = write!(
                out,
                "<TIMEX3 tid=\"t{}\" type=\"{}\" value=\"{}\">{}</TIMEX3>",
                n + 1,
                type_name(t.kind),
                t.value,
                &self.text[s..e]
            );
            pos = e;
        }
        out.push_str(&self.text[pos..]);
        out.push_str(&strip_links(&self.tail));
        out
    }
}

fn strip_links(tail: &str) -> String {
    tail.lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("<MAKEINSTANCE")
                || t.starts_with("<TLINK")
                || t.starts_with("<SLINK")
                || t.starts_with("<ALINK"))
        })
        .fold(String::with_capacity(tail.len()), |mut acc, l| {
            acc.push_str(l);
            acc.push('\n');
            acc
        })
}

/// TIMEX3 type name.
pub fn type_name(k: TimexType) -> &'static str {
    match k {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

/// Every `.tml` file under `dir`, sorted.
pub fn tml_files(dir: &Path) -> Result<Vec<PathBuf>, TimemlError> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| TimemlError::Io {
            path: dir.to_path_buf(),
            source: e.into(),
        })?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|x| x == "tml") {
            out.push(entry.path().to_path_buf());
        }
    }
    Ok(out)
}

/// What [`retag_dir`] did: files written, files skipped (with why), files without a DCT.
#[derive(Debug, Default)]
pub struct RetagReport {
    /// Files written to the output folder.
    pub written: usize,
    /// Input files that could not be read or parsed; each was skipped.
    pub skipped: Vec<TimemlError>,
    /// Written files that had no usable `<DCT>`: their values stay relative or X-filled.
    pub without_dct: Vec<PathBuf>,
}

/// Re-tags every `.tml` file under `input` into the same relative path under `output`.
/// A file that cannot be read or is malformed is skipped and reported; the others go on.
/// Failing to write the output is an error, since every later file would fail the same way.
pub fn retag_dir(input: &Path, output: &Path) -> Result<RetagReport, TimemlError> {
    let mut report = RetagReport::default();
    for f in tml_files(input)? {
        let doc = match TimemlDoc::read(&f) {
            Ok(doc) => doc,
            Err(e) => {
                report.skipped.push(e);
                continue;
            }
        };
        let rel = f.strip_prefix(input).unwrap_or(f.as_path());
        let dst = output.join(rel);
        if let Some(parent) = dst.parent() {
            std::fs::create_dir_all(parent).map_err(|source| TimemlError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&dst, doc.retag()).map_err(|source| TimemlError::Io {
            path: dst.clone(),
            source,
        })?;
        if doc.dct.is_none() {
            report.without_dct.push(f);
        }
        report.written += 1;
    }
    Ok(report)
}

/// TempEval-3-style counts and scores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalReport {
    /// Documents scored.
    pub docs: usize,
    /// Gold expressions.
    pub gold: usize,
    /// System expressions.
    pub system: usize,
    /// Gold expressions overlapped by a system one (one-to-one).
    pub relaxed: usize,
    /// Gold expressions with an identical system extent.
    pub strict: usize,
    /// Relaxed matches with the same type.
    pub type_ok: usize,
    /// Relaxed matches with the same value.
    pub value_ok: usize,
    /// One line per error (missed, spurious, wrong value), for an error dump.
    pub errors: Vec<String>,
}

fn prf(hit: usize, sys: usize, gold: usize) -> (f64, f64, f64) {
    let p = if sys == 0 {
        0.0
    } else {
        hit as f64 / sys as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        hit as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

impl EvalReport {
    /// Scores one document's system output against its gold tags.
    pub fn add(&mut self, name: &str, doc: &TimemlDoc) {
        let sys = annotate(&doc.text, doc.dct);
        self.docs += 1;
        self.gold += doc.gold.len();
        self.system += sys.len();
        let mut used = vec![false; sys.len()];
        for g in &doc.gold {
            let hit = sys.iter().enumerate().find(|(k, s)| {
                !used[*k] && (s.span.start as usize) < g.end && g.start < s.span.end as usize
            });
            let gtext = doc
                .text
                .get(g.start..g.end)
                .unwrap_or("")
                .replace('\n', " ");
            match hit {
                Some((k, s)) => {
                    used[k] = true;
                    self.relaxed += 1;
                    let (ss, se) = (s.span.start as usize, s.span.end as usize);
                    let stext = doc.text.get(ss..se).unwrap_or("").replace('\n', " ");
                    if ss == g.start && se == g.end {
                        self.strict += 1;
                    } else {
                        self.errors
                            .push(format!("EXTENT\t{name}\t{gtext}\t{stext}"));
                    }
                    if type_name(s.kind) == g.kind {
                        self.type_ok += 1;
                    } else {
                        self.errors.push(format!(
                            "TYPE\t{name}\t{gtext}\t{}\t{}",
                            g.kind,
                            type_name(s.kind)
                        ));
                    }
                    if s.value == g.value {
                        self.value_ok += 1;
                    } else {
                        let dct = doc.dct.map(|d| d.to_string()).unwrap_or_default();
                        let ctx = context(&doc.text, g.start, g.end);
                        self.errors.push(format!(
                            "VALUE\t{name}\t{dct}\t{gtext}\t{}\t{}\t{ctx}",
                            g.value, s.value
                        ));
                    }
                }
                None => {
                    let ctx = context(&doc.text, g.start, g.end);
                    self.errors.push(format!(
                        "MISS\t{name}\t{gtext}\t{}\t{}\t{ctx}",
                        g.kind, g.value
                    ));
                }
            }
        }
        for (k, s) in sys.iter().enumerate() {
            if !used[k] {
                let (ss, se) = (s.span.start as usize, s.span.end as usize);
                let stext = doc.text.get(ss..se).unwrap_or("").replace('\n', " ");
                let ctx = context(&doc.text, ss, se);
                self.errors
                    .push(format!("SPURIOUS\t{name}\t{stext}\t{}\t{ctx}", s.value));
            }
        }
    }

    /// Relaxed extent (precision, recall, F1).
    pub fn relaxed_prf(&self) -> (f64, f64, f64) {
        prf(self.relaxed, self.system, self.gold)
    }

    /// Strict extent (precision, recall, F1).
    pub fn strict_prf(&self) -> (f64, f64, f64) {
        prf(self.strict, self.system, self.gold)
    }

    /// Type accuracy over relaxed matches.
    pub fn type_accuracy(&self) -> f64 {
        if self.relaxed == 0 {
            0.0
        } else {
            self.type_ok as f64 / self.relaxed as f64
        }
    }

    /// Value accuracy over relaxed matches.
    pub fn value_accuracy(&self) -> f64 {
        if self.relaxed == 0 {
            0.0
        } else {
            self.value_ok as f64 / self.relaxed as f64
        }
    }

    /// Value F1 = relaxed F1 × value accuracy.
    pub fn value_f1(&self) -> f64 {
        self.relaxed_prf().2 * self.value_accuracy()
    }

    /// Human-readable summary (percentages).
    pub fn summary(&self) -> String {
        let (rp, rr, rf) = self.relaxed_prf();
        let (sp, sr, sf) = self.strict_prf();
        format!(
            "docs {}  gold {}  system {}\n\
             relaxed  P {:.2}  R {:.2}  F1 {:.2}\n\
             strict   P {:.2}  R {:.2}  F1 {:.2}\n\
             type accuracy {:.2}  value accuracy {:.2}  value F1 {:.2}",
            self.docs,
            self.gold,
            self.system,
            rp * 100.0,
            rr * 100.0,
            rf * 100.0,
            sp * 100.0,
            sr * 100.0,
            sf * 100.0,
            self.type_accuracy() * 100.0,
            self.value_accuracy() * 100.0,
            self.value_f1() * 100.0
        )
    }
}

fn context(text: &str, s: usize, e: usize) -> String {
    let mut a = s.saturating_sub(50);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (e + 40).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{}[{}]{}", &text[a..s], &text[s..e], &text[e..b]).replace('\n', " ")
}

/// Scores the tagger on every `.tml` file under `dir`.
pub fn evaluate_dir(dir: &Path) -> Result<EvalReport, TimemlError> {
    let mut rep = EvalReport::default();
    for f in tml_files(dir)? {
        let doc = TimemlDoc::read(&f)?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        rep.add(&name, &doc);
    }
    Ok(rep)
}

/// Throughput of [`annotate`] over a corpus.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BenchReport {
    /// Documents in the corpus.
    pub docs: usize,
    /// Tokens processed (all passes).
    pub tokens: usize,
    /// Passes over the corpus.
    pub passes: usize,
    /// Wall-clock seconds spent annotating.
    pub seconds: f64,
}

impl BenchReport {
    /// Tokens per second.
    pub fn tokens_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.tokens as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// Annotates the `<TEXT>` of every `.tml` file under `dir` repeatedly for at least
/// `min_seconds` on the calling thread and reports tokens per second.
pub fn bench_dir(dir: &Path, min_seconds: f64) -> Result<BenchReport, TimemlError> {
    let docs: Vec<TimemlDoc> = tml_files(dir)?
        .iter()
        .map(|f| TimemlDoc::read(f))
        .collect::<Result<_, _>>()?;
    let per_pass: usize = docs.iter().map(|d| crate::count_tokens(&d.text)).sum();
    let start = std::time::Instant::now();
    let mut passes = 0;
    let mut found = 0usize;
    while passes == 0 || start.elapsed().as_secs_f64() < min_seconds {
        for d in &docs {
            found += annotate(&d.text, d.dct).len();
        }
        passes += 1;
        if docs.is_empty() {
            break;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    std::hint::black_box(found);
    Ok(BenchReport {
        docs: docs.len(),
        tokens: per_pass * passes,
        passes,
        seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<?xml version=\"1.0\" ?>\n<TimeML>\n<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2021-03-04\" functionInDocument=\"CREATION_TIME\">March 4, 2021</TIMEX3></DCT>\n<TEXT>\nThe council <EVENT eid=\"e1\">voted</EVENT> <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2021-03-03\">yesterday</TIMEX3> after &amp; debating for <TIMEX3 tid=\"t2\" type=\"DURATION\" value=\"P2W\">two weeks</TIMEX3>.\n</TEXT>\n<MAKEINSTANCE eventID=\"e1\" eiid=\"ei1\"/>\n</TimeML>\n";

    #[test]
    fn parses_dct_text_and_gold() {
        let d = TimemlDoc::parse(DOC, Path::new("x.tml")).unwrap();
        assert_eq!(d.dct, NaiveDate::from_ymd_opt(2021, 3, 4));
        assert!(!d.text.contains('<'));
        assert_eq!(d.gold.len(), 2);
        assert_eq!(&d.text[d.gold[0].start..d.gold[0].end], "yesterday");
        assert_eq!(d.gold[1].value, "P2W");
    }

    #[test]
    fn retagging_keeps_text_identical() {
        let d = TimemlDoc::parse(DOC, Path::new("x.tml")).unwrap();
        let out = d.retag();
        let again = TimemlDoc::parse(&out, Path::new("y.tml")).unwrap();
        assert_eq!(again.text, d.text);
        assert!(!out.contains("MAKEINSTANCE"));
        let values: Vec<&str> = again.gold.iter().map(|g| g.value.as_str()).collect();
        assert_eq!(values, ["2021-03-03", "P2W"]);
    }

    #[test]
    fn scoring_counts_matches() {
        let d = TimemlDoc::parse(DOC, Path::new("x.tml")).unwrap();
        let mut r = EvalReport::default();
        r.add("x", &d);
        assert_eq!(
            (r.gold, r.system, r.relaxed, r.strict, r.value_ok),
            (2, 2, 2, 2, 2)
        );
        assert!((r.value_f1() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn malformed_files_name_the_file() {
        for bad in [
            "<TimeML>no text</TimeML>",
            "<TEXT>open",
            "<TEXT>a <TIMEX3 tid=\"t1\">b</TEXT>",
            "<TEXT>a </TIMEX3></TEXT>",
            "<TEXT>a <EVENT </TEXT>",
        ] {
            let e = TimemlDoc::parse(bad, Path::new("bad.tml")).unwrap_err();
            assert!(e.to_string().contains("bad.tml"), "{e}");
        }
    }
}
