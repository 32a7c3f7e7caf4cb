//! What linking produces: near-duplicate groups, event clusters, stories, outcomes.

use crate::text::parse_day;
pub use chronicle_core::linkage::LinkArticle;
use chronicle_core::{DateBasis, Factuality, Span, Stance};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A member of a near-duplicate group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DupMember {
    /// Article id.
    pub article: String,
    /// Outlet.
    pub source: Option<String>,
    /// Publication day.
    pub published: Option<String>,
    /// Same words as the original (else nearly the same).
    pub exact: bool,
    /// Estimated Jaccard similarity of word 4-grams with the original (1 for the original).
    pub similarity: f32,
}

/// Articles that carry one text: the original (earliest) and its syndicated copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DupGroup {
    /// Id (a hash of the original's article id).
    pub id: String,
    /// The original article's id.
    pub original: String,
    /// All members, original first.
    pub members: Vec<DupMember>,
}

/// One report of an event: where it was read and what the report says of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterMention {
    /// Article id.
    pub article: String,
    /// Outlet.
    pub source: Option<String>,
    /// Article URL.
    pub url: Option<String>,
    /// Publication day of the article.
    pub published: Option<String>,
    /// Index of the event in its article's event layer.
    pub event_index: u32,
    /// PLOVER category of this report (a cluster may hold reports of several related
    /// categories; see its own `category` for the one most reports give).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Sentence range.
    pub sentence: Span,
    /// Trigger range.
    pub trigger: Span,
    /// The sentence's words.
    pub sentence_text: String,
    /// Factuality of this report.
    pub factuality: Factuality,
    /// Event date as this report gives it.
    pub date: Option<String>,
    /// How that date was derived.
    pub date_basis: DateBasis,
    /// Location as written in this report.
    pub location: Option<String>,
    /// CAMEO code of this report.
    pub cameo: Option<String>,
    /// Who the report attributes the event to (speaker words), when attributed.
    pub speaker: Option<String>,
    /// The speaker's country or organisation code, when known.
    pub speaker_code: Option<String>,
    /// Stance of the attributed statement.
    pub stance: Option<Stance>,
    /// Index of the attributed statement in its article.
    pub statement: Option<u32>,
    /// When the article is a syndicated copy, the id of the original it copies.
    pub copy_of: Option<String>,
}

/// Whether the reports of an event agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// Every report asserts it.
    Asserted,
    /// Some reports assert it and some deny it.
    Disputed,
    /// Every report denies it.
    Denied,
    /// No report asserts or denies it; some call it uncertain.
    Unconfirmed,
    /// Asserted by some, uncertain in others.
    PartlyConfirmed,
    /// Only planned, predicted, conditional or hypothetical.
    Anticipated,
}

/// Counts of reports by factuality and the resulting agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Disagreement {
    /// Reports asserting it.
    pub asserted: u32,
    /// Reports denying it.
    pub negated: u32,
    /// Reports calling it uncertain.
    pub uncertain: u32,
    /// Reports of it as planned, predicted, conditional or hypothetical.
    pub anticipated: u32,
    /// Who asserted it (speakers or, for unattributed reports, outlets).
    pub asserted_by: Vec<String>,
    /// Who denied it.
    pub denied_by: Vec<String>,
    /// Who called it uncertain or declined to confirm it.
    pub uncertain_by: Vec<String>,
}

impl Disagreement {
    /// The overall agreement of the reports.
    pub fn agreement(&self) -> Agreement {
        match (self.asserted > 0, self.negated > 0, self.uncertain > 0) {
            (true, true, _) => Agreement::Disputed,
            (true, false, false) => Agreement::Asserted,
            (true, false, true) => Agreement::PartlyConfirmed,
            (false, true, _) => Agreement::Denied,
            (false, false, true) => Agreement::Unconfirmed,
            (false, false, false) => Agreement::Anticipated,
        }
    }
}

/// The one event behind many reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventCluster {
    /// Id: a hash of its earliest mention (article id and event index).
    pub id: String,
    /// PLOVER category.
    pub category: String,
    /// Most frequent CAMEO code among reports.
    pub cameo: Option<String>,
    /// Source actor codes (union over reports).
    pub source_codes: Vec<String>,
    /// Target actor codes.
    pub target_codes: Vec<String>,
    /// Source actor names as first written.
    pub source_names: Vec<String>,
    /// Target actor names as first written.
    pub target_names: Vec<String>,
    /// Event date at its granularity (the most precise explicit date among reports).
    pub date: Option<String>,
    /// A planned, predicted, conditional or hypothetical event (not reported as done).
    pub anticipated: bool,
    /// Location as most reports give it.
    pub location: Option<String>,
    /// The story it belongs to.
    pub story: Option<String>,
    /// Every report, oldest first.
    pub mentions: Vec<ClusterMention>,
    /// Summary of the reports (see [`ClusterSummary`]).
    pub summary: ClusterSummary,
}

/// What the reports of a cluster add up to; recomputed from the mentions (also after
/// an `--as-of` filter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ClusterSummary {
    /// Publication day of the earliest report.
    pub first_reported: Option<String>,
    /// Number of reports.
    pub reports: usize,
    /// Distinct outlets, syndicated copies included (a copy's outlet is listed).
    pub sources: Vec<String>,
    /// Distinct texts: reports in syndicated copies of one original count once.
    pub independent_reports: usize,
    /// How the reports disagree.
    pub disagreement: Disagreement,
    /// The resulting agreement.
    pub agreement: Option<Agreement>,
}

impl ClusterSummary {
    /// Summarises mentions.
    pub fn of(mentions: &[ClusterMention]) -> Self {
        let first_reported = mentions.iter().filter_map(|m| m.published.clone()).min();
        let sources: BTreeSet<String> = mentions
            .iter()
            .map(|m| {
                m.source
                    .clone()
                    .unwrap_or_else(|| "(unknown outlet)".into())
            })
            .collect();
        let texts: BTreeSet<&str> = mentions
            .iter()
            .map(|m| m.copy_of.as_deref().unwrap_or(&m.article))
            .collect();
        let mut d = Disagreement::default();
        let add = |list: &mut Vec<String>, m: &ClusterMention| {
            let who = m
                .speaker
                .clone()
                .or_else(|| m.source.clone())
                .unwrap_or_else(|| "(unattributed)".into());
            if !list.contains(&who) {
                list.push(who);
            }
        };
        for m in mentions {
            match m.factuality {
                Factuality::Asserted => {
                    d.asserted += 1;
                    add(&mut d.asserted_by, m);
                }
                Factuality::Negated => {
                    d.negated += 1;
                    add(&mut d.denied_by, m);
                }
                Factuality::Uncertain => {
                    d.uncertain += 1;
                    add(&mut d.uncertain_by, m);
                }
                _ => d.anticipated += 1,
            }
        }
        let agreement = Some(d.agreement());
        ClusterSummary {
            first_reported,
            reports: mentions.len(),
            sources: sources.into_iter().collect(),
            independent_reports: texts.len(),
            disagreement: d,
            agreement,
        }
    }
}

impl EventCluster {
    /// The cluster as known on `as_of` (only reports published up to that day), or
    /// `None` when no report was published by then. Reports without a publication day
    /// are kept.
    pub fn as_of(&self, as_of: &str) -> Option<EventCluster> {
        let limit = parse_day(as_of)?;
        let mentions: Vec<ClusterMention> = self
            .mentions
            .iter()
            .filter(|m| match m.published.as_deref().and_then(parse_day) {
                None => true,
                Some(d) => d <= limit,
            })
            .cloned()
            .collect();
        if mentions.is_empty() {
            return None;
        }
        let mut c = self.clone();
        c.summary = ClusterSummary::of(&mentions);
        c.mentions = mentions;
        Some(c)
    }

    /// Categories some of its reports were coded under besides the cluster's own, in
    /// order of first report ("also reported as a request").
    pub fn other_categories(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for m in &self.mentions {
            if let Some(c) = m.category.as_deref() {
                if c != self.category && !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// All actor codes (source and target).
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.source_codes
            .iter()
            .chain(self.target_codes.iter())
            .map(String::as_str)
    }
}

/// One entry of a story's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Event cluster id.
    pub cluster: String,
    /// Event date (or first reported, when the event has no date).
    pub date: Option<String>,
    /// Category.
    pub category: String,
    /// A one-line label: "RUS → PRK CONSULT".
    pub label: String,
}

/// Articles grouped over time by shared actors, events and terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Id: a hash of its first article's id.
    pub id: String,
    /// Title: the headline of its most central article, else its top terms.
    pub title: String,
    /// First publication day.
    pub first: Option<String>,
    /// Last publication day.
    pub last: Option<String>,
    /// Its articles, oldest first.
    pub articles: Vec<String>,
    /// Most frequent actor codes.
    pub top_actors: Vec<String>,
    /// Most distinctive terms.
    pub top_terms: Vec<String>,
    /// Its event clusters in date order.
    pub timeline: Vec<TimelineEntry>,
}

/// A planned, predicted or conditional event linked to a later report of what happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The anticipated event's cluster.
    pub anticipated: String,
    /// The cluster of the event that was later reported as done.
    pub realised: String,
    /// Category.
    pub category: String,
    /// How it was anticipated (planned, predicted, conditional, hypothetical).
    pub factuality: Factuality,
    /// When it was first anticipated (publication day).
    pub anticipated_on: Option<String>,
    /// When the outcome was first reported.
    pub realised_reported: Option<String>,
    /// Date given for it in advance.
    pub expected_date: Option<String>,
    /// Date it happened.
    pub actual_date: Option<String>,
    /// Place given in advance.
    pub expected_location: Option<String>,
    /// Place where it happened.
    pub actual_location: Option<String>,
    /// Where the two differ: "date", "location", "actors".
    pub differences: Vec<String>,
}

/// Everything one linking run produces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct LinkResult {
    /// Near-duplicate groups (two or more articles each).
    pub dup_groups: Vec<DupGroup>,
    /// Event clusters, by first report.
    pub clusters: Vec<EventCluster>,
    /// Stories, by first article.
    pub stories: Vec<Story>,
    /// Outcomes of anticipated events.
    pub outcomes: Vec<Outcome>,
    /// (article id, story id) for every article.
    pub article_stories: Vec<(String, String)>,
}
