//! The incremental linker: one pass over articles in publication order builds
//! near-duplicate groups, event clusters and stories; [`Linker::finish`] folds small
//! clusters into larger ones they fit and adds titles, timelines and outcomes.
//!
//! Every lookup goes through an inverted index (near-duplicates: LSH bands; events:
//! category family × actor code × month; stories: shared features within a time window,
//! with a bounded scan of each posting list), so adding an article costs about the same
//! at 100k articles as at 1k and the whole pass stays near n log n.
//!
//! What makes two reports one event is described in `eval/link/README.md`.

use crate::model::*;
use crate::neardup::{DupIndex, DupMatch};
use crate::text::{content_words, hash64, parse_day, parse_range, stable_id, stem, DayRange};
use chronicle_core::{DateBasis, EntityType, Event, Factuality, Span};
use chrono::{Duration, NaiveDate};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

/// Thresholds of the linker.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkConfig {
    /// Estimated Jaccard of word 4-grams above which two texts are near-duplicates.
    pub dup_threshold: f32,
    /// Share of an event report's context words that must occur in a cluster's.
    pub context_min: f32,
    /// The same share when only a coarse date fits (a day in a month): weak date
    /// evidence needs more shared words.
    pub context_coarse: f32,
    /// Share of an article's feature weight a story must share for the article to join.
    pub story_threshold: f32,
    /// A story takes new articles for this many days after its last one.
    pub story_window_days: i64,
    /// How far back an event dated only by its publication day may lie.
    pub fallback_days: i64,
    /// How far back an event may lie that the coder dated by tense ("Inferred": no
    /// time expression, reported as done): news without a date is recent news.
    pub inferred_days: i64,
    /// Stop scanning a posting list after this many entries (bounds the cost per article).
    pub scan_cap: usize,
    /// Longest explicit date (days) that counts as day-level, and the longest a cluster's
    /// span of such dates may grow (a multi-day event reported day by day); 0 turns
    /// spans off.
    pub span_days: i64,
    /// Let reports of related categories join one cluster: ACCUSE / THREATEN / REQUEST
    /// and AGREE / COOPERATE / SUPPORT (one statement or signing coded several ways).
    pub families: bool,
    /// At the end of a run, fold clusters of at most this many articles into a larger
    /// cluster they fit (0 turns it off; see [`Linker::finish`]).
    pub merge_small: usize,
}

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig {
            dup_threshold: 0.7,
            context_min: 0.2,
            context_coarse: 0.35,
            story_threshold: 0.15,
            story_window_days: 45,
            fallback_days: 365,
            inferred_days: 7,
            scan_cap: 256,
            span_days: 7,
            families: true,
            merge_small: 2,
        }
    }
}

const NO_CODE: u32 = u32::MAX;
/// Index key under which every cluster is registered, whatever its actors: a report
/// that names no actor ("the protest was peaceful") looks for its event there.
const ANY_CODE: u32 = u32::MAX - 1;
const NO_MONTH: i32 = i32::MIN;
const MAX_CONTEXT: usize = 256;
/// Stemmed content words of a text, hashed (the context an event report is matched on).
fn context_words(text: &str) -> impl Iterator<Item = u64> + '_ {
    content_words(text).map(|w| hash64(stem(&w)))
}

#[derive(Default)]
struct Interner {
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_string());
        self.ids.insert(s.to_string(), i);
        i
    }
    fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map(String::as_str).unwrap_or("")
    }
}

struct ClusterState {
    id: String,
    /// Category of most of its reports (the first one's on a tie).
    category: u32,
    /// Index key: the category's family (see [`family`]).
    family: u32,
    /// Reports per category, in order of first appearance.
    categories: Vec<(u32, u32)>,
    anticipated: bool,
    src: Vec<u32>,
    tgt: Vec<u32>,
    src_names: Vec<String>,
    tgt_names: Vec<String>,
    /// Own date range; `None` when neither the report nor its article had a date.
    range: Option<DayRange>,
    /// Whether `range` comes from the text (else from the publication day).
    precise: bool,
    /// The publication day of the report that set an imprecise range.
    loose: Option<DayRange>,
    /// Hull of the short (at most [`LinkConfig::span_days`]) explicit dates of its reports: a
    /// multi-day event (a visit, drills) reported day by day.
    span: Option<DayRange>,
    context: FxHashSet<u64>,
    mentions: Vec<ClusterMention>,
    articles: Vec<u32>,
    /// Index keys it is registered under.
    keys: FxHashSet<(u32, bool, u32, i32)>,
}

struct ArticleState {
    id: String,
    title: Option<String>,
    day: Option<NaiveDate>,
    story: u32,
    features: Vec<u64>,
}

struct StoryState {
    first_article: u32,
    last_day: Option<NaiveDate>,
    articles: Vec<u32>,
    /// How many of its articles carry each feature.
    feats: FxHashMap<u64, u32>,
}

/// One event report prepared for matching.
struct Report {
    category: u32,
    /// Further categories it was reported under (a small cluster judged as one report).
    also: Vec<u32>,
    family: u32,
    anticipated: bool,
    src: Vec<u32>,
    tgt: Vec<u32>,
    range: Option<DayRange>,
    precise: bool,
    /// Range used when matching an imprecise report.
    loose: Option<DayRange>,
    context: FxHashSet<u64>,
}

/// The incremental linker. Feed articles in publication order with [`Linker::add`]
/// (use [`link_all`] to sort and link a batch), then call [`Linker::finish`].
pub struct Linker {
    cfg: LinkConfig,
    strings: Interner,
    dups: DupIndex,
    dup_of: Vec<Option<(u32, bool, f32)>>,
    articles: Vec<ArticleState>,
    clusters: Vec<ClusterState>,
    cluster_index: FxHashMap<(u32, bool, u32, i32), Vec<u32>>,
    stories: Vec<StoryState>,
    postings: FxHashMap<u64, Vec<(u32, Option<NaiveDate>)>>,
    df: FxHashMap<u64, u32>,
    feature_names: FxHashMap<u64, String>,
    meta: Vec<(Option<String>, Option<String>, Option<String>)>,
}

fn is_anticipated(f: Factuality) -> bool {
    matches!(
        f,
        Factuality::Planned
            | Factuality::Predicted
            | Factuality::Conditional
            | Factuality::Hypothetical
    )
}

/// The family of a category: one event is often coded under several related
/// categories (a joint statement that warns, accuses and calls on; a signing reported
/// as an agreement, as cooperation or as support). Reports of different categories of
/// one family may join one cluster when their dates agree to the day and they share a
/// source actor.
fn family(category: &str) -> &str {
    match category {
        "ACCUSE" | "THREATEN" | "REQUEST" => "~verbal-conflict",
        "AGREE" | "COOPERATE" | "SUPPORT" => "~cooperation",
        c => c,
    }
}

/// Whether a trigger is in the past perfect: "had" among the two words before it
/// ("had travelled", "had already shipped").
fn past_perfect(before_trigger: &str) -> bool {
    before_trigger
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(2)
        .any(|w| w.eq_ignore_ascii_case("had"))
}

/// How a report's date fits a cluster's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// Both give short explicit dates that meet: strong evidence of one event.
    Day,
    /// Explicit dates that meet, but one is coarse (a month and a day in it).
    Coarse,
    /// One or both are dated only by publication.
    Loose,
}

/// Whether a report's short date lies within a cluster's span of short dates.
fn same_days(report: Option<DayRange>, span: Option<DayRange>) -> bool {
    matches!((report, span), (Some(r), Some(s)) if s.start <= r.start && r.end <= s.end)
}

/// A cluster's span of short dates with one more: their hull, except that a vaguer date
/// holding the whole span ("last week" for a visit on Tuesday and Wednesday) adds
/// nothing to it.
fn widen(span: Option<DayRange>, er: DayRange) -> DayRange {
    match span {
        Some(sp) if er.start <= sp.start && sp.end <= er.end => sp,
        Some(sp) => sp.hull(&er),
        None => er,
    }
}

/// Categories whose two sides are interchangeable ("A and B held talks").
fn symmetric(category: &str) -> bool {
    matches!(category, "CONSULT" | "AGREE" | "COOPERATE")
}

fn overlap_count(a: &[u32], b: &[u32]) -> usize {
    a.iter().filter(|x| b.contains(x)).count()
}

/// Whether two actor lists are compatible: where both sides name codes they share one.
fn sides_match(a_src: &[u32], a_tgt: &[u32], b_src: &[u32], b_tgt: &[u32]) -> bool {
    let ok = |x: &[u32], y: &[u32]| x.is_empty() || y.is_empty() || overlap_count(x, y) > 0;
    let shared = overlap_count(a_src, b_src)
        + overlap_count(a_tgt, b_tgt)
        + overlap_count(a_src, b_tgt)
        + overlap_count(a_tgt, b_src);
    let none = |x: &[u32], y: &[u32]| x.is_empty() && y.is_empty();
    let any_codes = !(none(a_src, a_tgt) || none(b_src, b_tgt));
    ok(a_src, b_src) && ok(a_tgt, b_tgt) && (shared > 0 || !any_codes)
}

/// Whether an event's trigger is a definite noun phrase that points back at an event
/// the text has already told of ("the sanctions freeze ...", "went into the meeting",
/// "notified of the drills"): its head is a noun and a definite determiner (the, this,
/// these, that, those) stands before it, with at most two modifiers between. With a
/// parse, the tokens' parts of speech decide; without one ("that" is then ambiguous),
/// only "the", "this", "these" or "those" right before the trigger count.
pub(crate) fn definite_nominal(
    text: &str,
    tokens: &[chronicle_core::Token],
    sentence: Span,
    trigger: Span,
) -> bool {
    const DEFINITE: [&str; 5] = ["the", "this", "these", "that", "those"];
    let word = |t: &chronicle_core::Token| {
        text.get(t.span.start as usize..t.span.end as usize)
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let first = tokens.partition_point(|t| t.span.start < sentence.start);
    let upto = tokens.partition_point(|t| t.span.start < trigger.end);
    let in_sentence = tokens.get(first..upto).unwrap_or(&[]);
    let head = in_sentence
        .iter()
        .rposition(|t| t.span.start >= trigger.start && t.span.end <= trigger.end);
    if let Some(h) = head {
        if in_sentence[h].upos.as_deref() != Some("NOUN") {
            return false;
        }
        // The first token of the trigger, then back over at most two modifiers.
        let start = in_sentence
            .iter()
            .position(|t| t.span.start >= trigger.start)
            .unwrap_or(h);
        let mut modifiers = 0;
        for t in in_sentence[..start].iter().rev() {
            match t.upos.as_deref() {
                Some("DET") => return DEFINITE.contains(&word(t).as_str()),
                Some("ADJ" | "NOUN" | "PROPN" | "NUM") if modifiers < 2 => modifiers += 1,
                _ => return false,
            }
        }
        return false;
    }
    if !tokens.is_empty() && !in_sentence.is_empty() {
        return false;
    }
    // No parse of this sentence: the word right before the trigger.
    let before = text
        .get(sentence.start as usize..trigger.start.max(sentence.start) as usize)
        .unwrap_or("");
    before
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "the" | "this" | "these" | "those"
            )
        })
}

/// The hashed stem of a trigger's last word ("the drills" and "began drills" meet).
fn trigger_stem(trigger: &str) -> u64 {
    let last = trigger
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    hash64(stem(&last))
}

/// An earlier report of the article being added, kept so that later reports of the
/// same article can be tied to it (see [`Linker::add`]).
struct Placed {
    sentence: Span,
    category: u32,
    family: u32,
    anticipated: bool,
    range: Option<DayRange>,
    precise: bool,
    src: Vec<u32>,
    tgt: Vec<u32>,
    /// Stem of the trigger's last word.
    stem: u64,
    /// Placed by reference to an earlier report (its actors are the clause's).
    anaphoric: bool,
    cluster: u32,
}

/// How a report found its cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    /// Matched against the clusters (or a same-sentence reading of one event, or one
    /// report of an event the article already told of on the same day).
    Match,
    /// A reference back to an event the article already told of: the cluster takes the
    /// report, but not the actors, dates or words of its clause.
    Reference,
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

impl Default for Linker {
    fn default() -> Self {
        Self::new(LinkConfig::default())
    }
}

impl Linker {
    /// An empty linker.
    pub fn new(cfg: LinkConfig) -> Self {
        Linker {
            dups: DupIndex::new(cfg.dup_threshold),
            cfg,
            strings: Interner::default(),
            dup_of: Vec::new(),
            articles: Vec::new(),
            clusters: Vec::new(),
            cluster_index: FxHashMap::default(),
            stories: Vec::new(),
            postings: FxHashMap::default(),
            df: FxHashMap::default(),
            feature_names: FxHashMap::default(),
            meta: Vec::new(),
        }
    }

    /// Number of articles added.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// Whether no article was added.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    fn codes(&mut self, actors: &[chronicle_core::Actor]) -> Vec<u32> {
        let mut out = Vec::new();
        for a in actors {
            if let Some(c) = a.code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                let id = self.strings.id(&c.to_ascii_uppercase());
                push_unique(&mut out, id);
            }
        }
        out
    }

    fn report(
        &mut self,
        e: &Event,
        sentence: &str,
        before_trigger: &str,
        title: &FxHashSet<u64>,
        day: Option<NaiveDate>,
        said: Option<DayRange>,
    ) -> Report {
        let cat = e.category.trim().to_ascii_uppercase();
        let category = self.strings.id(&cat);
        let family = if self.cfg.families {
            self.strings.id(family(&cat))
        } else {
            category
        };
        let src = self.codes(&e.source);
        // A recipient without words that repeats a source code is the coder's default
        // for a domestic action ("police arrested ..." → the police's country), not a
        // reading of the text: it says nothing about whom the event was aimed at.
        let named: Vec<chronicle_core::Actor> = e
            .target
            .iter()
            .filter(|a| {
                !(a.text.trim().is_empty()
                    && e.source
                        .iter()
                        .any(|b| b.code.is_some() && b.code == a.code))
            })
            .cloned()
            .collect();
        let tgt = self.codes(&named);
        // Only a date read from a time expression says when the event happened; an
        // inferred or fallback date is the publication day (the event happened by then).
        let given = match e.date_basis {
            DateBasis::Explicit => e.date.as_deref().and_then(parse_range),
            DateBasis::Inferred | DateBasis::PublicationFallback => None,
        };
        let (range, precise, loose) = match (given, day) {
            (Some(r), _) => (Some(r), true, None),
            (None, Some(d)) => {
                // Dated by tense alone, the event is recent news, unless the past
                // perfect puts it further back ("Shoigu had travelled to ...").
                let earlier = e.date_basis == DateBasis::Inferred
                    && past_perfect(before_trigger)
                    && e.factuality != Factuality::Negated;
                let recent = e.date_basis == DateBasis::Inferred && !earlier;
                let back = Duration::days(if recent {
                    self.cfg.inferred_days
                } else {
                    self.cfg.fallback_days
                });
                // The past perfect puts the event before the recent news it is told in
                // ("said that Shoigu had travelled to ..."): not within the days a
                // tense-dated report covers. A denial ("had not sent") places nothing in
                // time: it holds up to the day it is made.
                let end = if earlier {
                    d - Duration::days(self.cfg.inferred_days)
                } else {
                    d + Duration::days(1)
                };
                (
                    Some(DayRange {
                        start: d - Duration::days(14),
                        end: d,
                    }),
                    false,
                    Some(DayRange {
                        start: d - back,
                        end,
                    }),
                )
            }
            (None, None) => (None, false, None),
        };
        // The sentence's words and the headline's: the headline names the article's main
        // event, which a later sentence may report in few words.
        let mut context: FxHashSet<u64> = context_words(sentence).collect();
        context.extend(title.iter().copied());
        if let Some(l) = &e.location {
            context.extend(context_words(l));
        }
        // An event dated wholly after its article's publication day had not happened
        // when the article was written, whatever the wording ("may hold drills next
        // month"): it is anticipated.
        // So is a possibility its speaker placed wholly after the day they spoke ("the
        // minister said in May that the two armies might hold exercises in June"): it
        // was a prospect when said, and outcomes link it to what happened. (Only a
        // possibility: an asserted act is not made a prospect by the date of a statement
        // it may have been wrongly attributed to.)
        let future = precise
            && (matches!((range, day), (Some(r), Some(d)) if r.start > d)
                || (e.factuality == Factuality::Uncertain
                    && matches!((range, said), (Some(r), Some(s)) if r.start > s.end)));
        Report {
            category,
            also: Vec::new(),
            family,
            anticipated: is_anticipated(e.factuality) || future,
            src,
            tgt,
            range,
            precise,
            loose,
            context,
        }
    }

    fn keys(
        &self,
        category: u32,
        anticipated: bool,
        codes: &[u32],
        range: Option<DayRange>,
    ) -> Vec<(u32, bool, u32, i32)> {
        let months = match range {
            Some(r) => r.months(14),
            None => vec![NO_MONTH],
        };
        let mut keys = Vec::new();
        let codes: Vec<u32> = if codes.is_empty() {
            vec![NO_CODE]
        } else {
            codes.to_vec()
        };
        for c in &codes {
            for m in &months {
                keys.push((category, anticipated, *c, *m));
            }
        }
        keys
    }

    /// How a report's date fits a cluster's, `None` when it does not.
    fn date_fit(&self, r: &Report, c: &ClusterState) -> Option<Fit> {
        let fit = |ok: bool, how: Fit| ok.then_some(how);
        match (r.range, c.range) {
            (None, None) => Some(Fit::Loose),
            (None, _) | (_, None) => None,
            (Some(er), Some(cr)) => match (r.precise, c.precise) {
                (true, true) => {
                    let short = er.days() <= self.cfg.span_days;
                    if short && c.span.is_some_and(|sp| sp.overlaps(&er, 1)) {
                        Some(Fit::Day)
                    } else if short && cr.days() <= self.cfg.span_days {
                        fit(er.overlaps(&cr, 1), Fit::Day)
                    } else {
                        fit(er.overlaps(&cr, 1), Fit::Coarse)
                    }
                }
                (false, true) => fit(r.loose.is_some_and(|l| l.overlaps(&cr, 0)), Fit::Loose),
                (true, false) => fit(c.loose.is_some_and(|l| l.overlaps(&er, 0)), Fit::Loose),
                // Neither dated by its words: each may lie anywhere in its own window
                // (a week back for recent news, a year for a fallback); unless the
                // windows meet, they are news of different days ("the administration
                // is weighing sanctions" in one month, "a pretext for new sanctions"
                // in the next).
                (false, false) => fit(
                    er.overlaps(&cr, 14)
                        && match (r.loose, c.loose) {
                            (Some(rl), Some(cl)) => rl.overlaps(&cl, 0),
                            _ => true,
                        },
                    Fit::Loose,
                ),
            },
        }
    }

    /// Whether a cluster of reported (not anticipated) events was already reported
    /// more than a day before a report's short explicit date, which does not continue
    /// the cluster's own days: what was news on March 3 did not happen on March 20.
    fn reported_before(&self, r: &Report, c: &ClusterState) -> bool {
        let Some(er) = r
            .range
            .filter(|x| r.precise && x.days() <= self.cfg.span_days)
        else {
            return false;
        };
        if c.anticipated || c.span.is_some_and(|sp| sp.overlaps(&er, 1)) {
            return false;
        }
        let first = c
            .articles
            .iter()
            .filter_map(|&a| self.articles.get(a as usize).and_then(|x| x.day))
            .min();
        first.is_some_and(|d| d + Duration::days(1) < er.start)
    }

    fn find_cluster(&self, r: &Report, copy: bool) -> Option<u32> {
        self.find_cluster_among(r, copy, None)
    }

    /// The best cluster for a report; with `larger_than = Some((i, n))`, only clusters
    /// other than `i` with more than `n` articles.
    fn find_cluster_among(
        &self,
        r: &Report,
        copy: bool,
        larger_than: Option<(u32, usize)>,
    ) -> Option<u32> {
        let mut codes = r.src.clone();
        for t in &r.tgt {
            push_unique(&mut codes, *t);
        }
        // A report without actor codes is compatible with any cluster's actors
        // (`sides_match`), so it looks among all clusters of its family (in the online
        // pass only: a fragment folded at the end keeps to clusters without codes).
        let codeless = codes.is_empty() && larger_than.is_none();
        if codeless {
            codes.push(ANY_CODE);
        }
        let lookup = if r.precise {
            r.range
        } else {
            r.loose.or(r.range)
        };
        let mut seen: FxHashSet<u32> = FxHashSet::default();
        let mut best: Option<(f32, u32)> = None;
        let sym = symmetric(self.strings.name(r.category));
        for key in self.keys(r.family, r.anticipated, &codes, lookup) {
            let Some(list) = self.cluster_index.get(&key) else {
                continue;
            };
            for &ci in list.iter().rev().take(self.cfg.scan_cap) {
                if !seen.insert(ci) {
                    continue;
                }
                let c = &self.clusters[ci as usize];
                if let Some((own, n)) = larger_than {
                    if ci == own || c.articles.len() <= n {
                        continue;
                    }
                }
                // Two or more shared source actors (a coalition) identify the speaker or
                // agent well enough for the targets to differ ("warned Iran" / "warned at
                // the UN").
                let actors_ok = sides_match(&r.src, &r.tgt, &c.src, &c.tgt)
                    || (sym && sides_match(&r.src, &r.tgt, &c.tgt, &c.src))
                    || overlap_count(&r.src, &c.src) >= 2;
                if !actors_ok {
                    continue;
                }
                let Some(fit) = self.date_fit(r, c) else {
                    continue;
                };
                if self.reported_before(r, c) {
                    continue;
                }
                // Without actors a report needs its day to fit, or to be recent news
                // (dated by tense): a month is too weak to tie it to one event.
                if codeless && fit == Fit::Coarse && !(c.src.is_empty() && c.tgt.is_empty()) {
                    continue;
                }
                // Another category of the family: only the same day and the same source.
                let same_category = c
                    .categories
                    .iter()
                    .any(|x| x.0 == r.category || r.also.contains(&x.0));
                let kin = fit == Fit::Day
                    && same_days(r.range, c.span)
                    && overlap_count(&r.src, &c.src) > 0;
                if !same_category && !kin {
                    continue;
                }
                let shared = r.context.iter().filter(|w| c.context.contains(w)).count();
                let sim = if r.context.is_empty() {
                    0.0
                } else {
                    shared as f32 / r.context.len() as f32
                };
                let min = match fit {
                    Fit::Coarse => self.cfg.context_coarse,
                    Fit::Day | Fit::Loose => self.cfg.context_min,
                };
                if sim < min && !copy {
                    continue;
                }
                let mut score = sim;
                if !same_category {
                    score -= 0.2;
                }
                if r.precise && c.precise && r.range == c.range {
                    score += 0.3;
                }
                // A report dated by its publication most likely means the latest of the
                // events it could be.
                if let (false, true, Some(er), Some(cr)) =
                    (r.precise, c.precise, r.range, c.span.or(c.range))
                {
                    let gap = (er.end - cr.end).num_days().max(0) as f32;
                    let window = self.cfg.inferred_days.max(1) as f32;
                    score += 0.2 * (1.0 - gap / window).max(0.0);
                }
                let actor_shared = overlap_count(&r.src, &c.src) + overlap_count(&r.tgt, &c.tgt);
                score += 0.1 * actor_shared as f32;
                // A report that names no actor ("last week's drills") more likely means
                // an event whose actors are known than a cluster of other such reports.
                if codeless && !(c.src.is_empty() && c.tgt.is_empty()) {
                    score += 0.1;
                }
                let better = match best {
                    None => true,
                    Some((bs, bi)) => score > bs || (score == bs && ci < bi),
                };
                if better {
                    best = Some((score, ci));
                }
            }
        }
        best.map(|(_, i)| i)
    }

    fn register(&mut self, ci: u32) {
        let c = &self.clusters[ci as usize];
        let mut codes = c.src.clone();
        for t in &c.tgt {
            push_unique(&mut codes, *t);
        }
        // Without actors under the no-actor key too (where folded fragments without
        // actors look), and every cluster under the catch-all key.
        if codes.is_empty() {
            codes.push(NO_CODE);
        }
        codes.push(ANY_CODE);
        let range = if c.precise {
            match (c.range, c.span) {
                (Some(r), Some(sp)) => Some(r.hull(&sp)),
                (r, sp) => r.or(sp),
            }
        } else {
            c.loose.or(c.range)
        };
        // Each key once per cluster: a cluster that grows again and again must not fill
        // a posting list with copies of itself and push others past the scan cap.
        let keys = self.keys(c.family, c.anticipated, &codes, range);
        let Some(c) = self.clusters.get_mut(ci as usize) else {
            return;
        };
        for key in keys {
            if c.keys.insert(key) {
                self.cluster_index.entry(key).or_default().push(ci);
            }
        }
    }

    /// Finds the cluster of one report of the article being added, given the reports of
    /// that article already placed (`placed`), in this order:
    ///
    /// 1. another reading of a clause already placed: same sentence, same family and
    ///    anticipation, dates that do not disagree (equal, or one dated only by tense)
    ///    and, when one is dated only by tense, compatible actors;
    /// 2. a definite noun phrase without a date of its own that refers back to an event
    ///    the article already told of ("The sanctions freeze any assets ...", "as she
    ///    went into the meeting"): the article's first report of its category (one with
    ///    the same trigger word first: "the drills" after "began drills"), which in news
    ///    is the event the article is about, not the background told after it; the
    ///    clause's actors are not the event's;
    /// 3. a report that names no actor and has no date of its own ("police said they had
    ///    arrested the captain"): nothing but its article places it, so the article's
    ///    first report of its category;
    /// 4. the clusters ([`Linker::find_cluster`]);
    /// 5. failing those, an earlier report of the article of the same category, on the
    ///    same explicit day, with compatible actors and a shared source: the article tells
    ///    of one event twice, naming different targets ("sanctions on Caspian shippers",
    ///    "sanctioned two Russian companies"), which the cluster's other actors may not
    ///    admit.
    fn place(
        &self,
        r: &Report,
        e: &Event,
        text: &str,
        tokens: &[chronicle_core::Token],
        placed: &[Placed],
        copy: bool,
    ) -> Option<(u32, Via)> {
        let sym = symmetric(self.strings.name(r.category));
        let actors_ok = |p: &Placed| {
            sides_match(&r.src, &r.tgt, &p.src, &p.tgt)
                || (sym && sides_match(&r.src, &r.tgt, &p.tgt, &p.src))
        };
        if let Some(p) = placed.iter().find(|p| {
            p.sentence == e.sentence
                && p.family == r.family
                && p.anticipated == r.anticipated
                && (p.range == r.range
                    || p.range.is_none()
                    || r.range.is_none()
                    || ((!p.precise || !r.precise) && actors_ok(p)))
        }) {
            let via = if p.anaphoric {
                Via::Reference
            } else {
                Via::Match
            };
            return Some((p.cluster, via));
        }
        let undated = e.date_basis != DateBasis::Explicit;
        let earlier = |same_stem: bool| {
            let stem = text
                .get(e.trigger.start as usize..e.trigger.end as usize)
                .map(trigger_stem);
            placed
                .iter()
                .find(|p| {
                    p.category == r.category
                        && p.anticipated == r.anticipated
                        && (!same_stem || Some(p.stem) == stem)
                })
                .map(|p| p.cluster)
        };
        if undated && definite_nominal(text, tokens, e.sentence, e.trigger) {
            if let Some(ci) = earlier(true).or_else(|| earlier(false)) {
                return Some((ci, Via::Reference));
            }
        }
        if undated && r.src.is_empty() && r.tgt.is_empty() {
            if let Some(ci) = earlier(false) {
                return Some((ci, Via::Match));
            }
        }
        if let Some(ci) = self.find_cluster(r, copy) {
            return Some((ci, Via::Match));
        }
        let day = r
            .range
            .filter(|x| r.precise && x.days() <= self.cfg.span_days)?;
        placed
            .iter()
            .rev()
            .find(|p| {
                p.category == r.category
                    && p.anticipated == r.anticipated
                    && p.precise
                    && p.range.is_some_and(|x| x.overlaps(&day, 0))
                    && overlap_count(&r.src, &p.src) > 0
                    && actors_ok(p)
            })
            .map(|p| (p.cluster, Via::Match))
    }

    /// Adds one article: finds whether it copies an earlier one, folds each of its event
    /// reports into an existing cluster or starts one, and puts it in a story.
    pub fn add(&mut self, a: &LinkArticle) {
        let idx = self.articles.len() as u32;
        let day = a.published.as_deref().and_then(parse_day);
        let dup = match self.dups.add(&a.text) {
            DupMatch::Original => None,
            DupMatch::Exact(o) => Some((o as u32, true, 1.0)),
            DupMatch::Near(o, s) => Some((o as u32, false, s)),
        };
        self.dup_of.push(dup);
        self.meta
            .push((a.source.clone(), a.url.clone(), a.published.clone()));
        let copy_of = dup.map(|(o, _, _)| self.articles[o as usize].id.clone());
        let text = a.text.as_str();
        let slice = |s: Span| text.get(s.start as usize..s.end as usize).unwrap_or("");
        let ann = &a.annotations;
        let mut touched: Vec<u32> = Vec::new();
        // This article's reports placed so far.
        let mut placed: Vec<Placed> = Vec::new();
        let title: FxHashSet<u64> = a
            .title
            .as_deref()
            .map(context_words)
            .into_iter()
            .flatten()
            .collect();
        // Within a sentence, reports with an explicit date first: a reading of the same
        // clause dated only by tense then follows the dated one (see [`Linker::place`]).
        let mut order: Vec<usize> = (0..ann.events.len()).collect();
        order.sort_by_key(|&i| {
            let e = &ann.events[i];
            (e.sentence.start, e.date_basis != DateBasis::Explicit, i)
        });
        for i in order {
            let Some(e) = ann.events.get(i) else { continue };
            let sentence = slice(e.sentence);
            let before_trigger = slice(Span {
                start: e.sentence.start,
                end: e.trigger.start.max(e.sentence.start),
            });
            let statement = e.attributed_to.and_then(|s| ann.statements.get(s as usize));
            let said = statement
                .and_then(|s| s.date.as_deref())
                .and_then(parse_range);
            let r = self.report(e, sentence, before_trigger, &title, day, said);
            // A speaker span naming no coded actor ("that it said") whose entity the coder
            // resolved elsewhere in the article: its nearest coded mention before the
            // speaker (else its first), for the code and the words shown.
            // The coded mention the speaker span names, if any.
            let named = statement.and_then(|s| {
                ann.mentions
                    .iter()
                    .find(|m| m.span.overlaps(&s.speaker) && m.code.is_some())
            });
            let antecedent = statement.filter(|_| named.is_none()).and_then(|s| {
                let e = s.speaker_entity.as_ref()?;
                let of_e = || {
                    ann.mentions
                        .iter()
                        .filter(|m| m.entity.as_ref() == Some(e) && m.code.is_some())
                };
                of_e()
                    .rfind(|m| m.span.end <= s.speaker.start)
                    .or_else(|| of_e().next())
            });
            let speaker = statement
                .map(|s| slice(antecedent.map_or(s.speaker, |m| m.span)).to_string())
                .filter(|s| !s.is_empty());
            let speaker_code = named.or(antecedent).and_then(|m| m.code.clone());
            let mention = ClusterMention {
                category: Some(e.category.trim().to_ascii_uppercase()),
                article: a.id.clone(),
                source: a.source.clone(),
                url: a.url.clone(),
                published: a.published.clone(),
                event_index: i as u32,
                sentence: e.sentence,
                trigger: e.trigger,
                sentence_text: sentence.to_string(),
                factuality: e.factuality,
                date: e.date.clone(),
                date_basis: e.date_basis,
                location: e.location.clone(),
                cameo: e.cameo.clone(),
                speaker,
                speaker_code,
                stance: statement.map(|s| s.stance),
                statement: e.attributed_to.filter(|_| statement.is_some()),
                copy_of: copy_of.clone(),
            };
            let names = |v: &[chronicle_core::Actor]| -> Vec<String> {
                v.iter()
                    .map(|x| x.text.clone())
                    .filter(|t| !t.is_empty())
                    .collect()
            };
            let found = self.place(&r, e, text, &ann.tokens, &placed, dup.is_some());
            let stem = trigger_stem(slice(e.trigger));
            let keep = |ci: u32, via: Via| Placed {
                sentence: e.sentence,
                category: r.category,
                family: r.family,
                anticipated: r.anticipated,
                range: r.range,
                precise: r.precise,
                src: r.src.clone(),
                tgt: r.tgt.clone(),
                stem,
                anaphoric: via == Via::Reference,
                cluster: ci,
            };
            if let Some((ci, via)) = found {
                placed.push(keep(ci, via));
            }
            match found {
                Some((ci, Via::Reference)) => {
                    // The clause's actors, dates and words are not the event's ("the EU
                    // is following the drills closely"): only the report joins.
                    let c = &mut self.clusters[ci as usize];
                    match c.categories.iter_mut().find(|x| x.0 == r.category) {
                        Some(x) => x.1 += 1,
                        None => c.categories.push((r.category, 1)),
                    }
                    c.mentions.push(mention);
                    push_unique(&mut c.articles, idx);
                    push_unique(&mut touched, ci);
                }
                Some((ci, Via::Match)) => {
                    let span_days = self.cfg.span_days;
                    let c = &mut self.clusters[ci as usize];
                    match c.categories.iter_mut().find(|x| x.0 == r.category) {
                        Some(x) => x.1 += 1,
                        None => c.categories.push((r.category, 1)),
                    }
                    let mut grew = false;
                    for s in &r.src {
                        if !c.src.contains(s) {
                            c.src.push(*s);
                            grew = true;
                        }
                    }
                    for t in &r.tgt {
                        if !c.tgt.contains(t) {
                            c.tgt.push(*t);
                            grew = true;
                        }
                    }
                    if r.precise
                        && (!c.precise || r.range.map(|x| x.days()) < c.range.map(|x| x.days()))
                    {
                        c.range = r.range;
                        c.precise = true;
                        grew = true;
                    }
                    // An undated cluster may lie wherever any of its undated reports
                    // may (one says "last week", another "had earlier").
                    if !c.precise && !r.precise {
                        if let (Some(cl), Some(rl)) = (c.loose, r.loose) {
                            let hull = cl.hull(&rl);
                            if hull != cl {
                                c.loose = Some(hull);
                                grew = true;
                            }
                        }
                    }
                    if let Some(er) = r.range.filter(|x| r.precise && x.days() <= span_days) {
                        let hull = widen(c.span, er);
                        if hull.days() <= span_days && c.span != Some(hull) {
                            c.span = Some(hull);
                            grew = true;
                        }
                    }
                    for w in &r.context {
                        if c.context.len() >= MAX_CONTEXT {
                            break;
                        }
                        c.context.insert(*w);
                    }
                    if c.src_names.is_empty() {
                        c.src_names = names(&e.source);
                    }
                    if c.tgt_names.is_empty() {
                        c.tgt_names = names(&e.target);
                    }
                    c.mentions.push(mention);
                    push_unique(&mut c.articles, idx);
                    if grew {
                        self.register(ci);
                    }
                    push_unique(&mut touched, ci);
                }
                None => {
                    let ci = self.clusters.len() as u32;
                    placed.push(keep(ci, Via::Match));
                    self.clusters.push(ClusterState {
                        id: stable_id("ev-", &[&a.id, &i.to_string()]),
                        category: r.category,
                        family: r.family,
                        categories: vec![(r.category, 1)],
                        anticipated: r.anticipated,
                        src_names: names(&e.source),
                        tgt_names: names(&e.target),
                        src: r.src,
                        tgt: r.tgt,
                        range: r.range,
                        precise: r.precise,
                        loose: r.loose,
                        span: r
                            .range
                            .filter(|x| r.precise && x.days() <= self.cfg.span_days),
                        context: r.context,
                        mentions: vec![mention],
                        articles: vec![idx],
                        keys: FxHashSet::default(),
                    });
                    self.register(ci);
                    push_unique(&mut touched, ci);
                }
            }
        }
        let features = self.features(a, &touched);
        let story = match dup {
            Some((o, _, _)) => self.articles[o as usize].story,
            None => self.pick_story(&features, day),
        };
        let story = match story {
            u32::MAX => {
                self.stories.push(StoryState {
                    first_article: idx,
                    last_day: day,
                    articles: Vec::new(),
                    feats: FxHashMap::default(),
                });
                (self.stories.len() - 1) as u32
            }
            s => s,
        };
        if let Some(st) = self.stories.get_mut(story as usize) {
            st.articles.push(idx);
            if day > st.last_day {
                st.last_day = day;
            }
            for f in &features {
                *st.feats.entry(*f).or_insert(0) += 1;
            }
        }
        for f in &features {
            *self.df.entry(*f).or_insert(0) += 1;
            let list = self.postings.entry(*f).or_default();
            if list.last().map(|x| x.0) != Some(story) {
                list.push((story, day));
            }
        }
        self.articles.push(ArticleState {
            id: a.id.clone(),
            title: a.title.clone(),
            day,
            story,
            features,
        });
    }

    fn feature(&mut self, kind: &str, value: &str) -> u64 {
        let name = format!("{kind}:{value}");
        let h = hash64(&name);
        self.feature_names.entry(h).or_insert(name);
        h
    }

    fn features(&mut self, a: &LinkArticle, clusters: &[u32]) -> Vec<u64> {
        let mut out: Vec<u64> = Vec::new();
        for &ci in clusters {
            let id = self.clusters[ci as usize].id.clone();
            let f = self.feature("c", &id);
            push_unique(&mut out, f);
        }
        for e in &a.annotations.events {
            let s: Vec<String> = e.source.iter().filter_map(|x| x.code.clone()).collect();
            let t: Vec<String> = e.target.iter().filter_map(|x| x.code.clone()).collect();
            for x in &s {
                for y in &t {
                    if x != y {
                        let (p, q) = if x < y { (x, y) } else { (y, x) };
                        let f = self.feature("d", &format!("{p}-{q}"));
                        push_unique(&mut out, f);
                    }
                }
            }
        }
        for m in &a.annotations.mentions {
            if matches!(m.kind, EntityType::Per | EntityType::Org) {
                if let Some(e) = &m.entity {
                    let f = self.feature("e", e);
                    push_unique(&mut out, f);
                }
            }
        }
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for w in content_words(&a.text) {
            if w.len() >= 4 && !w.bytes().all(|b| b.is_ascii_digit()) {
                *counts.entry(w).or_insert(0) += 1;
            }
        }
        let mut top: Vec<(String, u32)> = counts.into_iter().collect();
        top.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        let mut terms: Vec<String> = top.into_iter().take(8).map(|x| x.0).collect();
        if let Some(t) = &a.title {
            for w in content_words(t) {
                push_unique(&mut terms, w);
            }
        }
        for w in terms {
            let f = self.feature("t", &w);
            push_unique(&mut out, f);
        }
        out
    }

    fn weight(&self, f: u64) -> f32 {
        let kind = self
            .feature_names
            .get(&f)
            .and_then(|n| n.as_bytes().first().copied())
            .unwrap_or(b't');
        let w = match kind {
            b'c' => 3.0,
            b'd' | b'e' => 1.5,
            _ => 1.0,
        };
        let n = self.articles.len() as f32 + 1.0;
        let df = self.df.get(&f).copied().unwrap_or(0) as f32 + 1.0;
        w * (n / df).ln().max(0.05)
    }

    /// The best story for an article's features, or `u32::MAX` for a new one. A story
    /// scores the weight of each shared feature times the share of its articles that
    /// carry it (its centroid), so a large story does not attract everything.
    fn pick_story(&self, features: &[u64], day: Option<NaiveDate>) -> u32 {
        let weights: Vec<f32> = features.iter().map(|f| self.weight(*f)).collect();
        let total: f32 = weights.iter().sum();
        if total <= 0.0 {
            return u32::MAX;
        }
        let window = Duration::days(self.cfg.story_window_days);
        let n = self.articles.len() as f32 + 1.0;
        let mut score: FxHashMap<u32, f32> = FxHashMap::default();
        for (f, w) in features.iter().zip(weights.iter()) {
            // Features in more than a tenth of the corpus say little and have the longest
            // posting lists: they do not propose candidates.
            if n > 50.0 && self.df.get(f).copied().unwrap_or(0) as f32 > n / 10.0 {
                continue;
            }
            let Some(list) = self.postings.get(f) else {
                continue;
            };
            let mut seen: FxHashSet<u32> = FxHashSet::default();
            for &(s, d) in list.iter().rev().take(self.cfg.scan_cap) {
                if let (Some(d), Some(day)) = (d, day) {
                    if d + window < day {
                        break;
                    }
                }
                if seen.insert(s) {
                    let st = &self.stories[s as usize];
                    let share = st.feats.get(f).copied().unwrap_or(0) as f32
                        / st.articles.len().max(1) as f32;
                    *score.entry(s).or_insert(0.0) += w * share;
                }
            }
        }
        let mut best = (0.0f32, u32::MAX);
        for (s, v) in score {
            let active = match (self.stories[s as usize].last_day, day) {
                (Some(l), Some(d)) => l + window >= d,
                _ => true,
            };
            if active && (v > best.0 || (v == best.0 && s < best.1)) {
                best = (v, s);
            }
        }
        if best.0 / total >= self.cfg.story_threshold {
            best.1
        } else {
            u32::MAX
        }
    }

    /// Folds small clusters (at most [`LinkConfig::merge_small`] articles) into a larger
    /// cluster their reports fit as a whole, judged as if the small cluster were one
    /// report. The online pass cannot do this when the fragment came first (two outlets
    /// reporting on one day, the vaguer report read first, or a related category that
    /// only later joined the larger cluster). Clusters are visited in order of creation
    /// and only ever move into larger ones, so the result is deterministic.
    fn merge_fragments(&mut self) {
        for i in 0..self.clusters.len() {
            let c = &self.clusters[i];
            let n = c.articles.len();
            if n == 0 || n > self.cfg.merge_small {
                continue;
            }
            let r = Report {
                category: c.category,
                also: c.categories.iter().map(|x| x.0).collect(),
                family: c.family,
                anticipated: c.anticipated,
                src: c.src.clone(),
                tgt: c.tgt.clone(),
                range: c.range,
                precise: c.precise,
                loose: c.loose,
                context: c.context.clone(),
            };
            let Some(j) = self.find_cluster_among(&r, false, Some((i as u32, n))) else {
                continue;
            };
            let from = std::mem::replace(
                &mut self.clusters[i],
                ClusterState {
                    id: String::new(),
                    category: r.category,
                    family: r.family,
                    categories: Vec::new(),
                    anticipated: r.anticipated,
                    src: Vec::new(),
                    tgt: Vec::new(),
                    src_names: Vec::new(),
                    tgt_names: Vec::new(),
                    range: None,
                    precise: false,
                    loose: None,
                    span: None,
                    context: FxHashSet::default(),
                    mentions: Vec::new(),
                    articles: Vec::new(),
                    keys: FxHashSet::default(),
                },
            );
            let to = &mut self.clusters[j as usize];
            for (cat, k) in from.categories {
                match to.categories.iter_mut().find(|x| x.0 == cat) {
                    Some(x) => x.1 += k,
                    None => to.categories.push((cat, k)),
                }
            }
            for x in from.src {
                push_unique(&mut to.src, x);
            }
            for x in from.tgt {
                push_unique(&mut to.tgt, x);
            }
            if from.precise
                && (!to.precise || from.range.map(|x| x.days()) < to.range.map(|x| x.days()))
            {
                to.range = from.range;
                to.precise = true;
            }
            if let Some(sp) = from.span {
                let hull = widen(to.span, sp);
                if hull.days() <= self.cfg.span_days {
                    to.span = Some(hull);
                }
            }
            for w in from.context {
                if to.context.len() >= MAX_CONTEXT {
                    break;
                }
                to.context.insert(w);
            }
            to.mentions.extend(from.mentions);
            for a in from.articles {
                push_unique(&mut to.articles, a);
            }
            self.register(j);
        }
        self.clusters.retain(|c| !c.mentions.is_empty());
    }

    /// Finishes the run: folds small clusters into larger ones they fit (see
    /// [`LinkConfig::merge_small`]), then builds near-duplicate groups, clusters with
    /// their summaries and stories, story titles and timelines, outcomes.
    pub fn finish(mut self) -> LinkResult {
        self.merge_fragments();
        for c in &mut self.clusters {
            let mut best = (0u32, c.category);
            for &(cat, n) in &c.categories {
                if n > best.0 {
                    best = (n, cat);
                }
            }
            c.category = best.1;
        }
        let story_ids: Vec<String> = self
            .stories
            .iter()
            .map(|s| stable_id("st-", &[&self.articles[s.first_article as usize].id]))
            .collect();
        // Near-duplicate groups.
        let mut groups: BTreeMap<u32, Vec<(u32, bool, f32)>> = BTreeMap::new();
        for (i, d) in self.dup_of.iter().enumerate() {
            if let Some((o, exact, s)) = d {
                groups.entry(*o).or_default().push((i as u32, *exact, *s));
            }
        }
        let member = |i: u32, exact: bool, s: f32| {
            let (source, _, published) = &self.meta[i as usize];
            DupMember {
                article: self.articles[i as usize].id.clone(),
                source: source.clone(),
                published: published.clone(),
                exact,
                similarity: s,
            }
        };
        let dup_groups: Vec<DupGroup> = groups
            .into_iter()
            .map(|(o, copies)| {
                let mut members = vec![member(o, true, 1.0)];
                members.extend(copies.into_iter().map(|(i, e, s)| member(i, e, s)));
                let original = self.articles[o as usize].id.clone();
                DupGroup {
                    id: stable_id("dup-", &[&original]),
                    original,
                    members,
                }
            })
            .collect();
        // Clusters.
        let names = &self.strings;
        let mut clusters: Vec<EventCluster> = Vec::with_capacity(self.clusters.len());
        for c in &self.clusters {
            let mut mentions = c.mentions.clone();
            mentions.sort_by(|a, b| {
                (
                    a.published.is_none(),
                    &a.published,
                    &a.article,
                    a.event_index,
                )
                    .cmp(&(
                        b.published.is_none(),
                        &b.published,
                        &b.article,
                        b.event_index,
                    ))
            });
            let mut cameo_counts: BTreeMap<&str, usize> = BTreeMap::new();
            let mut loc_counts: BTreeMap<&str, usize> = BTreeMap::new();
            for m in &mentions {
                if let Some(x) = m.cameo.as_deref() {
                    *cameo_counts.entry(x).or_insert(0) += 1;
                }
                if let Some(x) = m.location.as_deref() {
                    *loc_counts.entry(x).or_insert(0) += 1;
                }
            }
            let top = |m: &BTreeMap<&str, usize>| {
                m.iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|x| x.0.to_string())
            };
            let story = c
                .articles
                .first()
                .map(|a| story_ids[self.articles[*a as usize].story as usize].clone());
            clusters.push(EventCluster {
                id: c.id.clone(),
                category: names.name(c.category).to_string(),
                cameo: top(&cameo_counts),
                source_codes: c.src.iter().map(|x| names.name(*x).to_string()).collect(),
                target_codes: c.tgt.iter().map(|x| names.name(*x).to_string()).collect(),
                source_names: c.src_names.clone(),
                target_names: c.tgt_names.clone(),
                date: if c.precise {
                    c.span.or(c.range).map(|r| r.iso())
                } else {
                    None
                },
                anticipated: c.anticipated,
                location: top(&loc_counts),
                story,
                summary: ClusterSummary::of(&mentions),
                mentions,
            });
        }
        let outcomes = outcomes(&self.clusters, &clusters, names);
        // Stories.
        let mut story_feats: Vec<FxHashMap<u64, u32>> =
            vec![FxHashMap::default(); self.stories.len()];
        for a in &self.articles {
            let m = &mut story_feats[a.story as usize];
            for f in &a.features {
                *m.entry(*f).or_insert(0) += 1;
            }
        }
        let mut by_story: Vec<Vec<usize>> = vec![Vec::new(); self.stories.len()];
        for (i, c) in self.clusters.iter().enumerate() {
            if let Some(a) = c.articles.first() {
                by_story[self.articles[*a as usize].story as usize].push(i);
            }
        }
        let mut stories = Vec::with_capacity(self.stories.len());
        let mut article_stories = Vec::with_capacity(self.articles.len());
        for (si, s) in self.stories.iter().enumerate() {
            let feats = &story_feats[si];
            let central = s
                .articles
                .iter()
                .filter(|a| self.articles[**a as usize].title.is_some())
                .max_by(|a, b| {
                    let score = |i: u32| -> f32 {
                        let f = &self.articles[i as usize].features;
                        f.iter()
                            .map(|x| feats.get(x).copied().unwrap_or(0) as f32)
                            .sum::<f32>()
                            / (f.len().max(1) as f32)
                    };
                    score(**a)
                        .partial_cmp(&score(**b))
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then_with(|| b.cmp(a))
                });
            let mut terms: Vec<(&str, f32)> = feats
                .iter()
                .filter_map(|(f, n)| {
                    let name = self.feature_names.get(f)?;
                    name.strip_prefix("t:")
                        .map(|t| (t, *n as f32 * self.weight(*f)))
                })
                .collect();
            terms.sort_by(|a, b| {
                b.1.partial_cmp(&a.1)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then_with(|| a.0.cmp(b.0))
            });
            let top_terms: Vec<String> = terms.iter().take(5).map(|t| t.0.to_string()).collect();
            let mut actor_counts: BTreeMap<String, usize> = BTreeMap::new();
            for ci in &by_story[si] {
                for code in clusters[*ci].codes() {
                    *actor_counts.entry(code.to_string()).or_insert(0) +=
                        clusters[*ci].mentions.len();
                }
            }
            let mut actors: Vec<(String, usize)> = actor_counts.into_iter().collect();
            actors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let top_actors: Vec<String> = actors.into_iter().take(5).map(|a| a.0).collect();
            let title = central
                .and_then(|a| self.articles[*a as usize].title.clone())
                .unwrap_or_else(|| {
                    let mut t = top_actors.join(", ");
                    if !top_terms.is_empty() {
                        t = format!("{t}: {}", top_terms.join(", "));
                    }
                    t
                });
            let mut timeline: Vec<TimelineEntry> = by_story[si]
                .iter()
                .map(|ci| {
                    let c = &clusters[*ci];
                    TimelineEntry {
                        cluster: c.id.clone(),
                        date: c.date.clone().or_else(|| c.summary.first_reported.clone()),
                        category: c.category.clone(),
                        label: label(c),
                    }
                })
                .collect();
            timeline.sort_by(|a, b| (&a.date, &a.cluster).cmp(&(&b.date, &b.cluster)));
            let days: Vec<NaiveDate> = s
                .articles
                .iter()
                .filter_map(|a| self.articles[*a as usize].day)
                .collect();
            for a in &s.articles {
                article_stories
                    .push((self.articles[*a as usize].id.clone(), story_ids[si].clone()));
            }
            stories.push(Story {
                id: story_ids[si].clone(),
                title,
                first: days.iter().min().map(|d| d.to_string()),
                last: days.iter().max().map(|d| d.to_string()),
                articles: s
                    .articles
                    .iter()
                    .map(|a| self.articles[*a as usize].id.clone())
                    .collect(),
                top_actors,
                top_terms,
                timeline,
            });
        }
        LinkResult {
            dup_groups,
            clusters,
            stories,
            outcomes,
            article_stories,
        }
    }
}

/// A one-line label for a cluster: "PRK → RUS AID".
pub fn label(c: &EventCluster) -> String {
    let side = |codes: &[String], names: &[String]| {
        if !codes.is_empty() {
            codes.join("+")
        } else if !names.is_empty() {
            names.join("+")
        } else {
            "?".into()
        }
    };
    format!(
        "{} → {} {}",
        side(&c.source_codes, &c.source_names),
        side(&c.target_codes, &c.target_names),
        c.category
    )
}

/// Links anticipated clusters to the first later cluster reporting a matching event as
/// done: same category, compatible actors, first asserted in a later article, dated no
/// earlier than the anticipation was published.
fn outcomes(states: &[ClusterState], clusters: &[EventCluster], names: &Interner) -> Vec<Outcome> {
    let mut index: FxHashMap<(u32, u32), Vec<usize>> = FxHashMap::default();
    for (i, c) in states.iter().enumerate() {
        if c.anticipated || clusters[i].summary.disagreement.asserted == 0 {
            continue;
        }
        for code in c.src.iter().chain(c.tgt.iter()) {
            let list = index.entry((c.category, *code)).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let mut out = Vec::new();
    for (i, a) in states.iter().enumerate() {
        if !a.anticipated {
            continue;
        }
        let ca = &clusters[i];
        let Some(announced) = ca.summary.first_reported.as_deref().and_then(parse_day) else {
            continue;
        };
        let mut best: Option<(bool, NaiveDate, usize)> = None;
        let mut seen: FxHashSet<usize> = FxHashSet::default();
        for code in a.src.iter().chain(a.tgt.iter()) {
            for &j in index
                .get(&(a.category, *code))
                .map(Vec::as_slice)
                .unwrap_or(&[])
            {
                if !seen.insert(j) {
                    continue;
                }
                let r = &states[j];
                let sym = symmetric(names.name(a.category));
                if !(sides_match(&a.src, &a.tgt, &r.src, &r.tgt)
                    || (sym && sides_match(&a.src, &a.tgt, &r.tgt, &r.src)))
                {
                    continue;
                }
                let first_asserted = clusters[j]
                    .mentions
                    .iter()
                    .filter(|m| m.factuality == Factuality::Asserted)
                    .filter_map(|m| m.published.as_deref().and_then(parse_day))
                    .min();
                let Some(fa) = first_asserted else { continue };
                if fa <= announced {
                    continue;
                }
                let happened = r.range.map(|x| x.end).unwrap_or(fa);
                if happened < announced {
                    continue;
                }
                let on_time = match (a.precise, a.range, r.range) {
                    (true, Some(x), Some(y)) => x.overlaps(&y, 0),
                    _ => false,
                };
                let key = (!on_time, fa, j);
                let better = match &best {
                    None => true,
                    Some(b) => key < *b,
                };
                if better {
                    best = Some(key);
                }
            }
        }
        let Some((_, _, j)) = best else { continue };
        let cr = &clusters[j];
        let mut differences = Vec::new();
        let on_time = match (a.precise, a.range, states[j].range) {
            (true, Some(x), Some(y)) => x.overlaps(&y, 0),
            _ => true,
        };
        if !on_time {
            differences.push("date".to_string());
        }
        if let (Some(x), Some(y)) = (&ca.location, &cr.location) {
            if !x.eq_ignore_ascii_case(y) {
                differences.push("location".to_string());
            }
        }
        let mut sa: Vec<&String> = ca
            .source_codes
            .iter()
            .chain(ca.target_codes.iter())
            .collect();
        let mut sr: Vec<&String> = cr
            .source_codes
            .iter()
            .chain(cr.target_codes.iter())
            .collect();
        sa.sort();
        sa.dedup();
        sr.sort();
        sr.dedup();
        if sa != sr {
            differences.push("actors".to_string());
        }
        let factuality = ca
            .mentions
            .first()
            .map(|m| m.factuality)
            .unwrap_or(Factuality::Predicted);
        out.push(Outcome {
            anticipated: ca.id.clone(),
            realised: cr.id.clone(),
            category: ca.category.clone(),
            factuality,
            anticipated_on: ca.summary.first_reported.clone(),
            realised_reported: cr.summary.first_reported.clone(),
            expected_date: ca.date.clone(),
            actual_date: cr.date.clone(),
            expected_location: ca.location.clone(),
            actual_location: cr.location.clone(),
            differences,
        });
    }
    out
}

/// Links a batch of articles: sorts them by publication day then id (so the result
/// does not depend on input order), adds each, and finishes.
pub fn link_all(articles: &mut [LinkArticle], cfg: LinkConfig) -> LinkResult {
    articles.sort_by(|a, b| {
        (
            a.published.is_none(),
            a.published.as_deref().and_then(parse_day),
            &a.id,
        )
            .cmp(&(
                b.published.is_none(),
                b.published.as_deref().and_then(parse_day),
                &b.id,
            ))
    });
    let mut l = Linker::new(cfg);
    for a in articles.iter() {
        l.add(a);
    }
    l.finish()
}
