//! Scoring linking against a hand-written ground truth: which reports belong to which
//! real event, which articles are syndicated copies of one text, and how the evidence
//! for a question should be grouped.
//!
//! The truth names articles by a key (a file name, or `file.jsonl:LINE`) and picks out
//! the report of an event in an article by the words of its sentence, so it does not
//! depend on article ids or on the order of the coder's events. Scores:
//! - **event clusters**: B-cubed precision and recall over the reports the truth picks
//!   out (an item's predicted class is its cluster, its true class the real event);
//! - **source counts**: for each real event, its *main* cluster (the one holding most of
//!   its reports) must hold every article that reports it and no other (articles that
//!   only allude to it are tolerated);
//! - **near-duplicates**: precision and recall of same-text article pairs;
//! - **the question**: every expected speaker on the expected side, and no line on the
//!   FOR side from a denying or non-confirming speaker or in words of denial.

use crate::ask::{Answer, Evidence};
use crate::{ClusterMention, LinkResult};
use chronicle_core::Factuality;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The ground truth of a corpus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    /// What the corpus is.
    #[serde(default)]
    pub corpus: String,
    /// Groups of article keys that carry one text (an original and its copies).
    #[serde(default)]
    pub near_duplicates: Vec<Vec<String>>,
    /// Real events reported by two or more articles (single reports may be listed too).
    #[serde(default)]
    pub events: Vec<TruthEvent>,
    /// The question and how its evidence must be grouped.
    #[serde(default)]
    pub question: Option<TruthQuestion>,
}

/// One real event and the articles that report it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TruthEvent {
    /// Short id ("E1").
    pub id: String,
    /// What happened.
    #[serde(default)]
    pub what: String,
    /// When it happened (ISO, at its granularity).
    #[serde(default)]
    pub date: Option<String>,
    /// PLOVER categories a report of it may be coded as (empty: any).
    #[serde(default)]
    pub categories: Vec<String>,
    /// A report's sentence must contain one of the words of every group (lower case,
    /// matched as substrings of the lower-cased sentence).
    pub sentence: Vec<Vec<String>>,
    /// Keys of the articles that report it.
    pub reports: Vec<String>,
    /// Keys of articles that only allude to it (tolerated in its cluster, not required).
    #[serde(default)]
    pub allusions: Vec<String>,
}

/// How the evidence for a question must be grouped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TruthQuestion {
    /// The question.
    pub text: String,
    /// Speakers (words of the speaker, else of the sentence; alternatives separated by
    /// `|`) expected among FOR lines.
    #[serde(default)]
    pub for_: Vec<String>,
    /// Speakers expected among AGAINST lines.
    #[serde(default)]
    pub against: Vec<String>,
    /// Speakers expected among UNCONFIRMED lines.
    #[serde(default)]
    pub unconfirmed: Vec<String>,
    /// Speakers who never assert it: a FOR line from one of them is an error.
    #[serde(default)]
    pub never_for: Vec<String>,
    /// Words of denial or refusal: a FOR line whose sentence holds one is an error.
    #[serde(default)]
    pub never_for_words: Vec<String>,
}

/// The score of one real event.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EventScore {
    /// Truth id.
    pub id: String,
    /// What happened.
    pub what: String,
    /// Articles that report it.
    pub reports: usize,
    /// Articles in which the coder found a report of it.
    pub found: usize,
    /// Id of the cluster holding most of its reports.
    pub main_cluster: Option<String>,
    /// Articles in that cluster.
    pub main_articles: usize,
    /// Distinct outlets in that cluster.
    pub main_sources: usize,
    /// Distinct outlets of the articles that report it.
    pub true_sources: usize,
    /// Reporting articles (keys) whose report is not in the main cluster.
    pub missing: Vec<String>,
    /// Articles (keys) in the main cluster that do not report or allude to it.
    pub extra: Vec<String>,
    /// Clusters its found reports are spread over.
    pub clusters: usize,
    /// Its found reports: (article key, category, cluster id, sentence).
    pub found_reports: Vec<(String, String, String, String)>,
}

impl EventScore {
    /// Whether the main cluster holds exactly the articles that report the event (no
    /// reporting article missing, no stray one; articles that only allude to it are
    /// tolerated), so its source count is right for the right reason.
    pub fn count_right(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty()
    }
    /// Whether the main cluster holds exactly the found reports (linking did all it
    /// could with what the coder found).
    pub fn linking_right(&self) -> bool {
        self.extra.is_empty() && self.clusters <= 1
    }
}

/// Scores of the question.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QuestionScore {
    /// Expected (side, speaker) pairs.
    pub expected: usize,
    /// Expected pairs found on their side.
    pub found: usize,
    /// Expected pairs not found on their side: "for: Kirby".
    pub missed: Vec<String>,
    /// FOR lines that deny or decline: "2025-03-04 Baghaei: ...".
    pub wrong_for: Vec<String>,
    /// Lines on each side.
    pub lines: [usize; 3],
}

/// Everything scored.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LinkScore {
    /// Reports the truth picks out that the coder found (items of B-cubed).
    pub items: usize,
    /// B-cubed precision of clusters over those items.
    pub bcubed_p: f64,
    /// B-cubed recall.
    pub bcubed_r: f64,
    /// Per real event.
    pub events: Vec<EventScore>,
    /// Events whose main cluster has the right article count.
    pub counts_right: usize,
    /// Events whose found reports are all in one cluster with no stray article.
    pub linking_right: usize,
    /// Near-duplicate pairs: predicted, true, both.
    pub dup_pairs: (usize, usize, usize),
    /// The question, when the truth has one and an answer was given.
    pub question: Option<QuestionScore>,
}

fn matches(sentence: &str, groups: &[Vec<String>]) -> bool {
    let s = sentence.to_lowercase();
    groups
        .iter()
        .all(|g| g.iter().any(|w| s.contains(&w.to_lowercase())))
}

fn anticipated(f: Factuality) -> bool {
    matches!(
        f,
        Factuality::Planned
            | Factuality::Predicted
            | Factuality::Conditional
            | Factuality::Hypothetical
    )
}

fn pairs(groups: &[Vec<String>]) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for g in groups {
        for (i, a) in g.iter().enumerate() {
            for b in &g[i + 1..] {
                let (x, y) = if a < b { (a, b) } else { (b, a) };
                out.insert((x.clone(), y.clone()));
            }
        }
    }
    out
}

/// Scores a link result against the truth. `key_of` maps an article id to its truth
/// key (articles it does not know are outside the truth); `outlet_of` gives an article
/// key's outlet.
pub fn score(
    truth: &Truth,
    result: &LinkResult,
    key_of: &HashMap<String, String>,
    outlet_of: &HashMap<String, String>,
    answer: Option<&Answer>,
) -> LinkScore {
    let key = |m: &ClusterMention| key_of.get(&m.article).cloned();
    // Items: (truth index, article key, cluster index, sentence).
    let mut items: Vec<(usize, String, usize, String)> = Vec::new();
    let mut taken: BTreeSet<(String, u32)> = BTreeSet::new();
    for (ti, t) in truth.events.iter().enumerate() {
        for (ci, c) in result.clusters.iter().enumerate() {
            for m in &c.mentions {
                // The report's own category (a cluster may hold several related ones),
                // so which reports are scored does not depend on the linking.
                let category = m.category.as_deref().unwrap_or(&c.category);
                if !t.categories.is_empty()
                    && !t
                        .categories
                        .iter()
                        .any(|x| x.eq_ignore_ascii_case(category))
                {
                    continue;
                }
                let Some(k) = key(m) else { continue };
                if !t.reports.contains(&k)
                    || anticipated(m.factuality)
                    || !matches(&m.sentence_text, &t.sentence)
                    || !taken.insert((m.article.clone(), m.event_index))
                {
                    continue;
                }
                items.push((ti, k, ci, m.sentence_text.clone()));
            }
        }
    }
    let n = items.len();
    let (mut p, mut r) = (0.0, 0.0);
    for (t, _, c, _) in &items {
        let same_c = items.iter().filter(|x| x.2 == *c).count() as f64;
        let same_t = items.iter().filter(|x| x.0 == *t).count() as f64;
        let both = items.iter().filter(|x| x.2 == *c && x.0 == *t).count() as f64;
        p += both / same_c;
        r += both / same_t;
    }
    let mut events = Vec::new();
    for (ti, t) in truth.events.iter().enumerate() {
        let mine: Vec<&(usize, String, usize, String)> =
            items.iter().filter(|x| x.0 == ti).collect();
        let found: BTreeSet<&String> = mine.iter().map(|x| &x.1).collect();
        let mut per_cluster: BTreeMap<usize, BTreeSet<&String>> = BTreeMap::new();
        for x in &mine {
            per_cluster.entry(x.2).or_default().insert(&x.1);
        }
        let main = per_cluster
            .iter()
            .max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.0.cmp(a.0)))
            .map(|(c, _)| *c);
        let (main_id, main_keys, main_sources) = match main {
            Some(ci) => {
                let c = &result.clusters[ci];
                let keys: BTreeSet<String> = c
                    .mentions
                    .iter()
                    .map(|m| key(m).unwrap_or_else(|| format!("(id {})", m.article)))
                    .collect();
                // Outlets, an article without one counting as its own.
                let outlets: BTreeSet<&str> = c
                    .mentions
                    .iter()
                    .map(|m| m.source.as_deref().unwrap_or(m.article.as_str()))
                    .collect();
                (Some(c.id.clone()), keys, outlets.len())
            }
            None => (None, BTreeSet::new(), 0),
        };
        let true_sources: BTreeSet<&String> = t
            .reports
            .iter()
            .map(|k| outlet_of.get(k).unwrap_or(k))
            .collect();
        events.push(EventScore {
            id: t.id.clone(),
            what: t.what.clone(),
            reports: t.reports.len(),
            found: found.len(),
            main_cluster: main_id,
            main_articles: main_keys.len(),
            main_sources,
            true_sources: true_sources.len(),
            missing: t
                .reports
                .iter()
                .filter(|k| !main_keys.contains(*k))
                .cloned()
                .collect(),
            extra: main_keys
                .iter()
                .filter(|k| !t.reports.contains(k) && !t.allusions.contains(k))
                .cloned()
                .collect(),
            clusters: per_cluster.len(),
            found_reports: mine
                .iter()
                .map(|x| {
                    let c = &result.clusters[x.2];
                    (x.1.clone(), c.category.clone(), c.id.clone(), x.3.clone())
                })
                .collect(),
        });
    }
    let predicted: Vec<Vec<String>> = result
        .dup_groups
        .iter()
        .map(|g| {
            g.members
                .iter()
                .map(|m| {
                    key_of
                        .get(&m.article)
                        .cloned()
                        .unwrap_or_else(|| m.article.clone())
                })
                .collect()
        })
        .collect();
    let pp = pairs(&predicted);
    let tp = pairs(&truth.near_duplicates);
    let question = match (&truth.question, answer) {
        (Some(tq), Some(a)) => Some(score_question(tq, a)),
        _ => None,
    };
    LinkScore {
        items: n,
        bcubed_p: if n == 0 { 0.0 } else { p / n as f64 },
        bcubed_r: if n == 0 { 0.0 } else { r / n as f64 },
        counts_right: events.iter().filter(|e| e.count_right()).count(),
        linking_right: events.iter().filter(|e| e.linking_right()).count(),
        events,
        dup_pairs: (pp.len(), tp.len(), pp.intersection(&tp).count()),
        question,
    }
}

/// Whether a line comes from `who` (alternatives separated by `|`): words of its
/// speaker, or of its sentence when it has none.
fn said_by(e: &Evidence, who: &str) -> bool {
    let hay = match &e.speaker {
        Some(s) => s.to_lowercase(),
        None => e.sentence.to_lowercase(),
    };
    who.split('|')
        .map(|w| w.trim().to_lowercase())
        .any(|w| !w.is_empty() && hay.contains(&w))
}

/// Scores the grouping of an answer's evidence.
pub fn score_question(t: &TruthQuestion, a: &Answer) -> QuestionScore {
    let mut s = QuestionScore {
        lines: [a.for_.len(), a.against.len(), a.unconfirmed.len()],
        ..Default::default()
    };
    for (name, want, lines) in [
        ("for", &t.for_, &a.for_),
        ("against", &t.against, &a.against),
        ("unconfirmed", &t.unconfirmed, &a.unconfirmed),
    ] {
        for who in want {
            s.expected += 1;
            if lines.iter().any(|e| said_by(e, who)) {
                s.found += 1;
            } else {
                s.missed.push(format!("{name}: {who}"));
            }
        }
    }
    for e in &a.for_ {
        let by_denier = t.never_for.iter().any(|w| {
            e.speaker
                .as_deref()
                .is_some_and(|s| s.to_lowercase().contains(&w.to_lowercase()))
        });
        let sentence = e.sentence.to_lowercase();
        let denial = t
            .never_for_words
            .iter()
            .any(|w| sentence.contains(&w.to_lowercase()));
        if by_denier || denial {
            s.wrong_for.push(format!(
                "{} {}: {}",
                e.published.as_deref().unwrap_or("-"),
                e.speaker.as_deref().unwrap_or("(unattributed)"),
                e.sentence.chars().take(100).collect::<String>()
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::{Question, Side};
    use crate::{ClusterSummary, DupGroup, DupMember, EventCluster};
    use chronicle_core::{DateBasis, Span};

    fn mention(article: &str, idx: u32, sentence: &str, f: Factuality) -> ClusterMention {
        ClusterMention {
            article: article.into(),
            source: Some(format!("outlet-{article}")),
            url: None,
            published: Some("2025-03-03".into()),
            event_index: idx,
            category: None,
            sentence: Span::new(0, 1),
            trigger: Span::new(0, 1),
            sentence_text: sentence.into(),
            factuality: f,
            date: None,
            date_basis: DateBasis::Explicit,
            location: None,
            cameo: None,
            speaker: None,
            speaker_code: None,
            stance: None,
            statement: None,
            copy_of: None,
        }
    }

    fn cluster(id: &str, mentions: Vec<ClusterMention>) -> EventCluster {
        EventCluster {
            id: id.into(),
            category: "AID".into(),
            cameo: None,
            source_codes: vec![],
            target_codes: vec![],
            source_names: vec![],
            target_names: vec![],
            date: None,
            anticipated: false,
            location: None,
            story: None,
            summary: ClusterSummary::of(&mentions),
            mentions,
        }
    }

    fn evidence(speaker: &str, sentence: &str, side: Side) -> Evidence {
        Evidence {
            side,
            published: None,
            event_date: None,
            source: None,
            speaker: Some(speaker.into()),
            speaker_code: None,
            sentence: sentence.into(),
            article: "a".into(),
            cluster: None,
            copy_of: None,
        }
    }

    #[test]
    fn split_and_merged_clusters_lower_recall_and_precision() {
        let truth = Truth {
            events: vec![
                TruthEvent {
                    id: "E1".into(),
                    sentence: vec![vec!["shipment".into()]],
                    reports: vec!["a".into(), "b".into(), "c".into()],
                    ..Default::default()
                },
                TruthEvent {
                    id: "E2".into(),
                    sentence: vec![vec!["visit".into()]],
                    reports: vec!["c".into(), "d".into()],
                    ..Default::default()
                },
            ],
            near_duplicates: vec![vec!["c".into(), "d".into()]],
            ..Default::default()
        };
        let keys: HashMap<String, String> = ["a", "b", "c", "d"]
            .iter()
            .map(|k| (format!("id-{k}"), k.to_string()))
            .collect();
        let asserted = Factuality::Asserted;
        // E1: a and b together, c apart (merged with E2's report in c).
        let result = LinkResult {
            clusters: vec![
                cluster(
                    "k1",
                    vec![
                        mention("id-a", 0, "The shipment left.", asserted),
                        mention("id-b", 0, "A shipment crossed.", asserted),
                    ],
                ),
                cluster(
                    "k2",
                    vec![
                        mention("id-c", 0, "The shipment was seen.", asserted),
                        mention("id-c", 1, "The visit began.", asserted),
                        mention("id-d", 0, "The visit began.", asserted),
                        mention("id-d", 1, "A visit may follow.", Factuality::Predicted),
                    ],
                ),
            ],
            dup_groups: vec![DupGroup {
                id: "g".into(),
                original: "id-c".into(),
                members: ["id-c", "id-d"]
                    .iter()
                    .map(|a| DupMember {
                        article: a.to_string(),
                        source: None,
                        published: None,
                        exact: false,
                        similarity: 0.9,
                    })
                    .collect(),
            }],
            ..Default::default()
        };
        let s = score(&truth, &result, &keys, &HashMap::new(), None);
        assert_eq!(s.items, 5, "the predicted report is not an item");
        // Precision: a,b 1 each; in k2 three items, E1 1/3, E2 2/3 each.
        let p = (1.0 + 1.0 + 1.0 / 3.0 + 2.0 / 3.0 + 2.0 / 3.0) / 5.0;
        assert!((s.bcubed_p - p).abs() < 1e-9);
        let r = (2.0 / 3.0 + 2.0 / 3.0 + 1.0 / 3.0 + 1.0 + 1.0) / 5.0;
        assert!((s.bcubed_r - r).abs() < 1e-9);
        assert_eq!(s.events[0].main_cluster.as_deref(), Some("k1"));
        assert_eq!(s.events[0].missing, ["c"]);
        assert!(!s.events[0].linking_right());
        assert_eq!(s.events[1].main_articles, 2);
        assert!(s.events[1].count_right());
        assert_eq!(s.dup_pairs, (1, 1, 1));
    }

    #[test]
    fn a_right_count_from_one_missing_and_one_stray_article_is_not_right() {
        let e = EventScore {
            reports: 3,
            main_articles: 3,
            missing: vec!["c".into()],
            extra: vec!["x".into()],
            ..Default::default()
        };
        assert!(!e.count_right());
        let exact = EventScore {
            missing: vec![],
            extra: vec![],
            ..e
        };
        assert!(exact.count_right());
    }

    #[test]
    fn denials_on_the_for_side_are_errors() {
        let t = TruthQuestion {
            text: "q".into(),
            for_: vec!["Kirby".into()],
            against: vec!["Baghaei".into()],
            never_for: vec!["Baghaei".into()],
            never_for_words: vec!["denied".into()],
            ..Default::default()
        };
        let a = Answer {
            question: Question {
                text: "q".into(),
                actors: vec![],
                category: None,
                keywords: vec![],
            },
            for_: vec![
                evidence("John Kirby", "Arms went north, Kirby said.", Side::For),
                evidence("Baghaei", "Baghaei said no arms went.", Side::For),
                evidence("officials", "Iran denied sending arms.", Side::For),
            ],
            against: vec![],
            unconfirmed: vec![],
            summary: String::new(),
        };
        let s = score_question(&t, &a);
        assert_eq!((s.expected, s.found), (2, 1));
        assert_eq!(s.missed, ["against: Baghaei"]);
        assert_eq!(s.wrong_for.len(), 2);
    }
}
