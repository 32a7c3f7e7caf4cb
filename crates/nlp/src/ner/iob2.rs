//! The UNER IOB2 column format: `# comment` lines, then one token per line
//! with tab-separated columns `ID WORD TAG EXTRA...` (UNER writes two extra
//! columns, `-` or an annotator name), sentences separated by blank lines.
//! Reading keeps every column so writing reproduces the input with only the
//! tag column changed. The silver files of `eval/ner/make_silver.py` use the
//! same layout with UPOS in the fourth column.

use chronicle_core::EntityType;

use super::NerError;

/// One token row: all its columns (at least three).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The columns, in order: ID, WORD, TAG, extras.
    pub cols: Vec<String>,
}

/// One sentence: its comment lines (with `#`) and tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comment lines before the tokens.
    pub comments: Vec<String>,
    /// Token rows.
    pub tokens: Vec<Token>,
}

impl Sentence {
    /// The words (second column).
    pub fn words(&self) -> Vec<&str> {
        self.tokens.iter().map(|t| t.cols[1].as_str()).collect()
    }

    /// The fourth column when it looks like a UPOS tag (silver files), else
    /// empty strings.
    pub fn upos(&self) -> Vec<&str> {
        self.tokens
            .iter()
            .map(|t| match t.cols.get(3).map(String::as_str) {
                Some(u) if !u.is_empty() && u != "-" && u != "_" => u,
                _ => "",
            })
            .collect()
    }

    /// The entity spans of the tag column as `(start, end, label)`, IOB2
    /// read leniently (an `I-` after `O` or another label opens a span).
    pub fn spans(&self) -> Vec<(usize, usize, String)> {
        let tags: Vec<&str> = self.tokens.iter().map(|t| t.cols[2].as_str()).collect();
        iob2_spans(&tags)
    }
}

/// A whole IOB2 document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
    /// Comment lines after the last sentence, if any.
    pub trailing_comments: Vec<String>,
}

/// Parse IOB2 text; `path` only names the source in errors.
pub fn parse(text: &str, path: &str) -> Result<Document, NerError> {
    let mut doc = Document::default();
    let mut cur = Sentence::default();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            if !cur.tokens.is_empty() {
                doc.sentences.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') && cur.tokens.is_empty() {
            cur.comments.push(line.to_string());
            continue;
        }
        let cols: Vec<String> = line.split('\t').map(str::to_string).collect();
        if cols.len() < 3 {
            return Err(NerError::Format {
                path: path.to_string(),
                line: n + 1,
                msg: format!(
                    "expected at least 3 tab-separated columns, got {}",
                    cols.len()
                ),
            });
        }
        cur.tokens.push(Token { cols });
    }
    if !cur.tokens.is_empty() {
        doc.sentences.push(cur);
    } else {
        doc.trailing_comments = cur.comments;
    }
    Ok(doc)
}

/// Read and parse an IOB2 file.
pub fn read(path: &std::path::Path) -> Result<Document, NerError> {
    let text = std::fs::read_to_string(path).map_err(|source| NerError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse(&text, &path.display().to_string())
}

/// Write a document back to text: comments, tab-joined columns, a blank
/// line after each sentence.
pub fn write(doc: &Document) -> String {
    let mut out = String::new();
    for s in &doc.sentences {
        for c in &s.comments {
            out.push_str(c);
            out.push('\n');
        }
        for t in &s.tokens {
            out.push_str(&t.cols.join("\t"));
            out.push('\n');
        }
        out.push('\n');
    }
    for c in &doc.trailing_comments {
        out.push_str(c);
        out.push('\n');
    }
    out
}

/// The document of a sentence: the `sent_id` without its last `-NNNN`
/// part (UNER / UD style `doc-0003`), if it has a `sent_id`.
fn doc_of(s: &Sentence) -> Option<&str> {
    let id = s
        .comments
        .iter()
        .find_map(|c| c.strip_prefix("# sent_id = "))?
        .trim();
    Some(match id.rsplit_once('-') {
        Some((d, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => d,
        _ => id,
    })
}

/// Split the sentences into documents, as consecutive index ranges. A
/// document starts at a `# newdoc` comment or where the document part of
/// the `sent_id` changes; a sentence with neither continues the current
/// document. A file with no `newdoc` or `sent_id` comment at all has no
/// document information: every sentence is then its own document.
pub fn documents(doc: &Document) -> Vec<std::ops::Range<usize>> {
    let n = doc.sentences.len();
    let has_info = doc.sentences.iter().any(|s| {
        s.comments
            .iter()
            .any(|c| c.starts_with("# newdoc") || c.starts_with("# sent_id = "))
    });
    if !has_info {
        return (0..n).map(|i| i..i + 1).collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut current: Option<&str> = None;
    for (i, s) in doc.sentences.iter().enumerate() {
        let newdoc = s.comments.iter().any(|c| c.starts_with("# newdoc"));
        let d = doc_of(s);
        let changed = matches!((current, d), (Some(a), Some(b)) if a != b);
        if i > start && (newdoc || changed) {
            out.push(start..i);
            start = i;
        }
        if d.is_some() {
            current = d;
        }
    }
    if start < n {
        out.push(start..n);
    }
    out
}

/// Lenient IOB2 decoding of tag strings into `(start, end, label)` spans.
pub fn iob2_spans(tags: &[&str]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (prefix, label) = match t.split_once('-') {
            Some((p, l)) if p == "B" || p == "I" => (p, l),
            _ => ("O", ""),
        };
        let continues = prefix == "I" && matches!(open, Some((_, l)) if l == label);
        if !continues {
            if let Some((s, l)) = open.take() {
                out.push((s, i, l.to_string()));
            }
            if prefix != "O" {
                open = Some((i, label));
            }
        }
    }
    if let Some((s, l)) = open {
        out.push((s, tags.len(), l.to_string()));
    }
    out
}

/// UNER tag strings for `len` words from recognised spans: PER, ORG, LOC
/// (GPE written as LOC); other kinds are left `O`.
pub fn uner_tags(len: usize, spans: &[(usize, usize, EntityType)]) -> Vec<String> {
    let mut tags = vec!["O".to_string(); len];
    for &(s, e, kind) in spans {
        let label = match kind {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc | EntityType::Gpe => "LOC",
            _ => continue,
        };
        if s >= e || e > len {
            continue;
        }
        tags[s] = format!("B-{label}");
        for t in tags.iter_mut().take(e).skip(s + 1) {
            *t = format!("I-{label}");
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = a-1\n# text = Ann met Bo in Rome\n\
1\tAnn\tB-PER\t-\t-\n2\tmet\tO\t-\t-\n3\tBo\tB-PER\t-\tx\n4\tin\tO\t-\t-\n5\tRome\tB-LOC\t-\t-\n\n\
# sent_id = a-2\n1\tNew\tB-LOC\t-\t-\n2\tYork\tI-LOC\t-\t-\n3\tTimes\tI-ORG\t-\t-\n";

    #[test]
    fn round_trip_is_identical() {
        let doc = parse(SAMPLE, "t").unwrap();
        assert_eq!(doc.sentences.len(), 2);
        assert_eq!(write(&doc), format!("{SAMPLE}\n"));
    }

    #[test]
    fn spans_are_lenient() {
        let doc = parse(SAMPLE, "t").unwrap();
        let s0 = doc.sentences[0].spans();
        assert_eq!(s0.len(), 3);
        assert_eq!(s0[2], (4, 5, "LOC".to_string()));
        // I-ORG after I-LOC opens a new span.
        let s1 = doc.sentences[1].spans();
        assert_eq!(s1, vec![(0, 2, "LOC".into()), (2, 3, "ORG".into())]);
    }

    #[test]
    fn short_rows_are_errors() {
        let err = parse("1\tonly\n", "f").unwrap_err();
        assert!(matches!(err, NerError::Format { line: 1, .. }));
    }

    #[test]
    fn documents_follow_newdoc_and_sent_ids() {
        let text = "# newdoc id = a\n# sent_id = a-1\n1\tx\tO\n\n\
# sent_id = a-2\n1\tx\tO\n\n1\tx\tO\n\n# sent_id = b-0001\n1\tx\tO\n\n\
# newdoc\n1\tx\tO\n\n";
        let doc = parse(text, "t").unwrap();
        assert_eq!(documents(&doc), vec![0..3, 3..4, 4..5]);
        // No document information: one document per sentence.
        let bare = parse("1\tx\tO\n\n1\ty\tO\n", "t").unwrap();
        assert_eq!(documents(&bare), vec![0..1, 1..2]);
        assert!(documents(&Document::default()).is_empty());
    }

    #[test]
    fn uner_tags_map_kinds() {
        let tags = uner_tags(
            4,
            &[
                (0, 2, EntityType::Gpe),
                (2, 3, EntityType::Norp),
                (3, 4, EntityType::Per),
            ],
        );
        assert_eq!(tags, vec!["B-LOC", "I-LOC", "O", "B-PER"]);
    }
}
