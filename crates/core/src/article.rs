//! Articles: clean text plus metadata.

use crate::{ArticleId, PubDate, Span};
use serde::{Deserialize, Serialize};

/// One news article: its clean text, stored once, and what is known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id (see [`ArticleId`]).
    pub id: ArticleId,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// Publisher or outlet name.
    pub source: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author(s), as written.
    pub byline: Option<String>,
    /// Publication date with its precision.
    pub published: Option<PubDate>,
    /// ISO 639-1 language code, when detected or declared.
    pub language: Option<String>,
    /// The clean article text; every annotation is a byte range into it.
    pub text: String,
    /// Paragraph ranges into `text`.
    pub paragraphs: Vec<Span>,
    /// Where and how the article was read.
    pub ingest: IngestInfo,
}

/// Provenance of an ingested article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IngestInfo {
    /// The input path (and line or record number when the file held several).
    pub input: String,
    /// The reader that produced it (`seed-text`, `plain-text`, `jsonl`, `html`, ...).
    pub reader: String,
    /// When it was read (RFC 3339, UTC).
    pub ingested_at: String,
    /// Notes the reader left (encoding guessed, summary only, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Article {
    /// Builds an article from its text and metadata: computes the id and the
    /// paragraph ranges (paragraphs are separated by line breaks).
    pub fn new(text: String, url: Option<String>, ingest: IngestInfo) -> Self {
        let id = ArticleId::for_article(url.as_deref(), &text);
        let paragraphs = paragraph_spans(&text);
        Article {
            id,
            url,
            source: None,
            title: None,
            byline: None,
            published: None,
            language: None,
            text,
            paragraphs,
            ingest,
        }
    }

    /// The text of a span of this article, or `None` when the span is out of range or
    /// not on character boundaries.
    pub fn slice(&self, span: Span) -> Option<&str> {
        self.text.get(span.start as usize..span.end as usize)
    }

    /// Number of whitespace-separated words in the text.
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Paragraph ranges of a text: maximal runs of non-blank lines are split at every line
/// break, since news text puts one paragraph on a line; blank lines are skipped and
/// leading and trailing whitespace is excluded from each range.
pub fn paragraph_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let trimmed_start = line.len() - line.trim_start().len();
        let content = line.trim();
        if !content.is_empty() {
            let start = offset + trimmed_start;
            spans.push(Span::new(start, start + content.len()));
        }
        offset += line.len();
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_ranges_into_the_text() {
        let text = "First para.\n\n  Second para.  \nThird.".to_string();
        let a = Article::new(text, None, IngestInfo::default());
        let paras: Vec<&str> = a.paragraphs.iter().filter_map(|s| a.slice(*s)).collect();
        assert_eq!(paras, ["First para.", "Second para.", "Third."]);
        assert_eq!(a.word_count(), 5);
    }

    #[test]
    fn id_prefers_url() {
        let a = Article::new(
            "x".into(),
            Some("https://a.org/1".into()),
            IngestInfo::default(),
        );
        assert_eq!(a.id, ArticleId::from_url("https://a.org/1"));
    }
}
