//! The records that pass between the store and the linker: an article with its
//! annotation layers ([`LinkArticle`]) and a statement with its words and its article's
//! metadata ([`StatementRecord`]). The store reads them, the linker and the question
//! answerer take them; both crates use these types so that neither mirrors the other.

use crate::{Annotations, Stance};
use serde::{Deserialize, Serialize};

/// One article as the linker sees it: metadata, clean text and annotation layers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LinkArticle {
    /// Article id.
    pub id: String,
    /// Canonical URL.
    pub url: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication day, ISO `YYYY-MM-DD` (or coarser).
    pub published: Option<String>,
    /// Clean text.
    pub text: String,
    /// Annotation layers.
    pub annotations: Annotations,
}

/// A statement with its words and its article's outlet and day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRecord {
    /// Article id.
    pub article: String,
    /// Index of the statement in its article.
    pub index: u32,
    /// Outlet.
    pub source: Option<String>,
    /// Publication day.
    pub published: Option<String>,
    /// Speaker words.
    pub speaker: String,
    /// Speaker entity id.
    pub speaker_entity: Option<String>,
    /// Code of an entity mention overlapping the speaker, when any.
    pub speaker_code: Option<String>,
    /// Cue words ("said", "denied").
    pub cue: String,
    /// Content words.
    pub content: String,
    /// Direct quote (else reported speech).
    pub direct: bool,
    /// Stance class.
    pub stance: Stance,
    /// Date the statement was made (ISO), when known.
    pub date: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_json_with_stance_names() {
        let s = StatementRecord {
            article: "a1".into(),
            index: 2,
            source: Some("Wire".into()),
            published: Some("2025-03-04".into()),
            speaker: "Baghaei".into(),
            speaker_entity: None,
            speaker_code: Some("IRN".into()),
            cue: "denied".into(),
            content: "sending missiles".into(),
            direct: false,
            stance: Stance::DeclineToConfirm,
            date: None,
        };
        let json = serde_json::to_string(&s).expect("json");
        assert!(json.contains("\"decline_to_confirm\""));
        let back: StatementRecord = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, s);
        let a = LinkArticle::default();
        assert!(a.annotations.events.is_empty());
    }
}
