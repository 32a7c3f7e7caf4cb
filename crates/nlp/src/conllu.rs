//! Reading and writing CoNLL-U, keeping every line it does not own.

use std::fmt::Write as _;

use crate::NlpError;

/// What a CoNLL-U row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A syntactic word (integer id).
    Word,
    /// A multiword token range (`3-4`), kept as written.
    Multiword,
    /// An empty node (`8.1`), kept as written.
    Empty,
}

/// One row of a CoNLL-U sentence: its ten columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Row kind.
    pub kind: RowKind,
    /// The ten columns: ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC.
    pub cols: [String; 10],
}

impl Row {
    /// FORM column.
    pub fn form(&self) -> &str {
        &self.cols[1]
    }
}

/// A CoNLL-U sentence: comment lines and rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConlluSentence {
    /// Comment lines, with their leading `#`.
    pub comments: Vec<String>,
    /// Rows in order.
    pub rows: Vec<Row>,
}

impl ConlluSentence {
    /// The syntactic words (rows with integer ids), in order.
    pub fn words(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.kind == RowKind::Word)
    }

    /// The syntactic words, mutable.
    pub fn words_mut(&mut self) -> impl Iterator<Item = &mut Row> {
        self.rows.iter_mut().filter(|r| r.kind == RowKind::Word)
    }

    /// The `# text = ...` comment, when present.
    pub fn text(&self) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            c.strip_prefix("# text = ")
                .or_else(|| c.strip_prefix("# text="))
        })
    }

    /// Word forms.
    pub fn forms(&self) -> Vec<&str> {
        self.words().map(|r| r.form()).collect()
    }

    /// Gold heads of the words (0 = root), `None` when a head column is not a number.
    pub fn heads(&self) -> Option<Vec<usize>> {
        self.words().map(|r| r.cols[6].parse().ok()).collect()
    }
}

/// Parses CoNLL-U text into sentences.
///
/// Errors name the line that does not have ten tab-separated columns or whose
/// id is malformed.
pub fn parse(text: &str) -> Result<Vec<ConlluSentence>, NlpError> {
    let mut out = Vec::new();
    let mut cur = ConlluSentence::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.rows.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            cur.comments.push(line.to_string());
            continue;
        }
        let parts: Vec<&str> = line.split('\t').collect();
        if parts.len() != 10 {
            return Err(NlpError::Conllu {
                line: i + 1,
                msg: format!("expected 10 tab-separated columns, found {}", parts.len()),
            });
        }
        let id = parts[0];
        let kind = if id.contains('-') {
            RowKind::Multiword
        } else if id.contains('.') {
            RowKind::Empty
        } else if id.parse::<u32>().is_ok() {
            RowKind::Word
        } else {
            return Err(NlpError::Conllu {
                line: i + 1,
                msg: format!("malformed id {id:?}"),
            });
        };
        let cols: [String; 10] = std::array::from_fn(|k| parts[k].to_string());
        cur.rows.push(Row { kind, cols });
    }
    if !cur.rows.is_empty() || !cur.comments.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Writes sentences back as CoNLL-U (each followed by a blank line).
pub fn write(sentences: &[ConlluSentence]) -> String {
    let mut s = String::new();
    for sent in sentences {
        for c in &sent.comments {
            s.push_str(c);
            s.push('\n');
        }
        for r in &sent.rows {
            let _ = writeln!(s, "{}", r.cols.join("\t"));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# text = Don't go.\n1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tDo\tdo\tAUX\tVB\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";

    #[test]
    fn parses_words_and_keeps_multiword_lines() {
        let s = parse(SAMPLE).expect("parses");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].forms(), vec!["Do", "n't", "go", "."]);
        assert_eq!(s[0].rows.len(), 5);
        assert_eq!(s[0].text(), Some("Don't go."));
        assert_eq!(s[0].heads(), Some(vec![3, 3, 0, 3]));
        assert_eq!(write(&s), SAMPLE);
    }

    #[test]
    fn rejects_short_rows_with_line_number() {
        let err = parse("# c\n1\tx\n").unwrap_err();
        assert!(matches!(err, NlpError::Conllu { line: 2, .. }));
    }
}
