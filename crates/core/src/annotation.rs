//! Standoff annotations: byte ranges into an article's text plus attributes.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into an article's clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `usize` offsets (saturating at `u32::MAX`; texts are capped far below).
    pub fn new(start: usize, end: usize) -> Self {
        let c = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span {
            start: c(start),
            end: c(end.max(start)),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// Whether two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Its range.
    pub span: Span,
}

/// A token with its morpho-syntactic analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Its range.
    pub span: Span,
    /// Universal POS tag.
    pub upos: Option<String>,
    /// Penn Treebank tag.
    pub xpos: Option<String>,
    /// Lemma.
    pub lemma: Option<String>,
    /// Index of the head token within the sentence (0 = root), 1-based as in CoNLL-U.
    pub head: Option<u32>,
    /// Universal dependency relation to the head.
    pub deprel: Option<String>,
}

/// Coarse entity types (OntoNotes-style, as spaCy uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// A person.
    Per,
    /// An organisation.
    Org,
    /// A geo-political entity (country, city, state).
    Gpe,
    /// A location that is not a GPE.
    Loc,
    /// A nationality, religious or political group.
    Norp,
    /// Anything else.
    Misc,
}

/// A mention of an entity in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Its range.
    pub span: Span,
    /// Its type.
    pub kind: EntityType,
    /// The linked entity (`country:PRK`, `person:vladimir-putin`), when linked.
    pub entity: Option<String>,
    /// Actor code valid at the article's date (ISO alpha-3 or IGO-style), when known.
    pub code: Option<String>,
    /// Sector (GOV, MIL, ...) valid at the article's date, when known.
    pub sector: Option<String>,
}

/// A dated role an entity holds: country + sector over an interval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// Country or organisation code.
    pub code: String,
    /// Sector (GOV, MIL, ...).
    pub sector: Option<String>,
    /// A description ("defence minister").
    pub title: Option<String>,
    /// First day (ISO), when bounded.
    pub from: Option<String>,
    /// Last day (ISO), when bounded.
    pub until: Option<String>,
}

/// A canonical identity: a country, person, organisation or group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Id such as `country:PRK`, `person:vladimir-putin`, `org:wagner-group`.
    pub id: String,
    /// Preferred name first, then aliases.
    pub names: Vec<String>,
    /// Its type.
    pub kind: EntityType,
    /// Home country code, when any.
    pub country: Option<String>,
    /// Dated roles.
    pub roles: Vec<Role>,
}

/// TIMEX3 types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period ("in July", "last year").
    Date,
    /// A time of day.
    Time,
    /// A length of time ("three weeks").
    Duration,
    /// A recurrence ("every week").
    Set,
}

/// A temporal expression and its normalised value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// Its range.
    pub span: Span,
    /// TIMEX3 type.
    pub kind: TimexType,
    /// TIMEX3 value (`2023-07`, `P3D`, `PAST_REF`, `XXXX-06`).
    pub value: String,
    /// The anchor it was resolved against (usually the publication date), ISO.
    pub anchor: Option<String>,
}

/// How certain the text is that an event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Factuality {
    /// Stated as fact.
    Asserted,
    /// Stated not to have happened, or denied.
    Negated,
    /// Possible, reported, unconfirmed.
    Uncertain,
    /// Planned or intended.
    Planned,
    /// Depends on a condition ("if ...").
    Conditional,
    /// Hypothetical ("any such deal would ...").
    Hypothetical,
    /// Predicted ("is likely to", "expected to").
    Predicted,
}

/// How an event's date was derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// From a time expression attached to the event's clause.
    Explicit,
    /// From tense and the publication date.
    Inferred,
    /// The publication date, for lack of anything better.
    PublicationFallback,
}

/// An actor taking part in an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Country or IGO-style code.
    pub code: Option<String>,
    /// Sector.
    pub sector: Option<String>,
    /// The words naming it.
    pub text: String,
    /// The linked entity id.
    pub entity: Option<String>,
}

/// A coded political event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// PLOVER category (`CONSULT`, `AID`, `THREATEN`, ...).
    pub category: String,
    /// PLOVER mode, when any.
    pub mode: Option<String>,
    /// PLOVER context, when any.
    pub context: Option<String>,
    /// CAMEO code, when a verb pattern gives one.
    pub cameo: Option<String>,
    /// Source actors.
    pub source: Vec<Actor>,
    /// Target actors.
    pub target: Vec<Actor>,
    /// Location, as written.
    pub location: Option<String>,
    /// Date interval start (ISO, at `granularity`).
    pub date: Option<String>,
    /// How the date was derived.
    pub date_basis: DateBasis,
    /// Factuality.
    pub factuality: Factuality,
    /// Index of the statement (in the same article) this event is attributed to.
    pub attributed_to: Option<u32>,
    /// Sentence range.
    pub sentence: Span,
    /// Trigger range.
    pub trigger: Span,
}

/// Stance of a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// Asserts.
    Assert,
    /// Denies.
    Deny,
    /// Confirms.
    Confirm,
    /// Declines to confirm.
    DeclineToConfirm,
    /// Warns.
    Warn,
    /// Threatens.
    Threaten,
    /// Pledges.
    Pledge,
    /// Accuses.
    Accuse,
    /// Predicts.
    Predict,
}

/// A statement: a quote or reported speech.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Speaker range in the text.
    pub speaker: Span,
    /// Linked speaker entity, when any.
    pub speaker_entity: Option<String>,
    /// Cue range ("said", "warned").
    pub cue: Span,
    /// Content range.
    pub content: Span,
    /// Direct quote or reported speech.
    pub direct: bool,
    /// Stance class.
    pub stance: Stance,
    /// Date the statement was made (ISO), when known.
    pub date: Option<String>,
}

/// A story: articles grouped over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// First and last day (ISO).
    pub span: (String, String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_overlap_and_measure() {
        let a = Span::new(0, 5);
        let b = Span::new(4, 9);
        let c = Span::new(5, 9);
        assert!(a.overlaps(&b));
        assert!(!a.overlaps(&c));
        assert_eq!(a.len(), 5);
        assert!(Span::new(7, 3).is_empty());
    }

    #[test]
    fn annotations_round_trip_through_json() {
        let m = Mention {
            span: Span::new(3, 10),
            kind: EntityType::Gpe,
            entity: Some("country:PRK".into()),
            code: Some("PRK".into()),
            sector: None,
        };
        let json = serde_json::to_string(&m).unwrap_or_default();
        assert!(json.contains("\"GPE\""));
        let back: Mention = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back, m);
    }
}

/// Everything the pipeline derives from one article: the layers of standoff annotation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Annotations {
    /// Sentences, in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens of all sentences, in text order; `head` indexes within the token's sentence.
    pub tokens: Vec<Token>,
    /// Entity mentions.
    pub mentions: Vec<Mention>,
    /// Temporal expressions.
    pub timexes: Vec<TimeExpr>,
    /// Coded events.
    pub events: Vec<Event>,
    /// Statements.
    pub statements: Vec<Statement>,
}

impl Annotations {
    /// Whether no layer holds anything.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
            && self.tokens.is_empty()
            && self.mentions.is_empty()
            && self.timexes.is_empty()
            && self.events.is_empty()
            && self.statements.is_empty()
    }
}
