//! Questions: "Is North Korea supplying weapons to Russia?" read as actors, an event
//! category and keywords, answered with the evidence for, against and unconfirmed, and
//! a one-line summary that never claims more than the evidence.

use crate::cameo::CATEGORY_WORDS;
use crate::text::{content_words, words};
use crate::EventCluster;
pub use chronicle_core::linkage::StatementRecord;
use chronicle_core::{Factuality, Stance};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A small built-in table of country names, capitals and metonyms → ISO alpha-3 codes,
/// used when the corpus itself does not name an actor of the question.
const BUILTIN: &[(&str, &[&str])] = &[
    (
        "USA",
        &[
            "united states",
            "us",
            "u s",
            "usa",
            "america",
            "washington",
            "white house",
            "pentagon",
            "american",
        ],
    ),
    (
        "RUS",
        &["russia", "moscow", "kremlin", "russian", "russians"],
    ),
    ("PRK", &["north korea", "dprk", "pyongyang", "north korean"]),
    ("KOR", &["south korea", "seoul", "south korean"]),
    ("CHN", &["china", "beijing", "chinese"]),
    ("IRN", &["iran", "tehran", "iranian"]),
    ("UKR", &["ukraine", "kyiv", "kiev", "ukrainian"]),
    (
        "GBR",
        &[
            "britain",
            "united kingdom",
            "uk",
            "u k",
            "london",
            "british",
        ],
    ),
    ("FRA", &["france", "paris", "french"]),
    ("DEU", &["germany", "berlin", "german"]),
    ("JPN", &["japan", "tokyo", "japanese"]),
    ("ISR", &["israel", "israeli"]),
    ("TUR", &["turkey", "turkiye", "ankara", "turkish"]),
    ("IND", &["india", "new delhi", "indian"]),
    ("PAK", &["pakistan", "islamabad"]),
    ("SYR", &["syria", "damascus", "syrian"]),
    ("SAU", &["saudi arabia", "riyadh", "saudi"]),
    ("QAT", &["qatar", "doha"]),
    ("EGY", &["egypt", "cairo"]),
    ("EST", &["estonia", "tallinn"]),
    ("BLR", &["belarus", "minsk"]),
];

/// Names → actor codes: the built-in table plus names taken from the corpus.
#[derive(Debug, Clone, Default)]
pub struct NameTable {
    names: HashMap<String, String>,
    longest: usize,
}

fn norm(s: &str) -> String {
    words(s).collect::<Vec<_>>().join(" ")
}

impl NameTable {
    /// The built-in table.
    pub fn builtin() -> Self {
        let mut t = NameTable::default();
        for (code, names) in BUILTIN {
            for n in *names {
                t.add(n, code);
            }
        }
        t
    }

    /// Adds a name (any case and punctuation) for a code; names already known keep
    /// their first code.
    pub fn add(&mut self, name: &str, code: &str) {
        let n = norm(name);
        if n.is_empty() || code.trim().is_empty() {
            return;
        }
        let n = n.strip_prefix("the ").map(str::to_string).unwrap_or(n);
        self.longest = self.longest.max(n.split(' ').count());
        self.names
            .entry(n)
            .or_insert_with(|| code.trim().to_ascii_uppercase());
    }

    /// The code of a name, or of a code written as such (`RUS`).
    pub fn code(&self, name: &str) -> Option<String> {
        let n = norm(name);
        let n = n.strip_prefix("the ").unwrap_or(&n);
        self.names.get(n).cloned()
    }

    /// Actors named in a text, in order of appearance, longest names first.
    pub fn find(&self, text: &str) -> Vec<ActorRef> {
        // The pronoun "us" is not the United States: only "US" (upper case) is.
        let raw: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let w: Vec<String> = raw
            .iter()
            .map(|x| {
                if *x == "us" || *x == "Us" {
                    "\u{0}us".to_string()
                } else {
                    x.to_lowercase()
                }
            })
            .collect();
        let mut out: Vec<ActorRef> = Vec::new();
        let mut i = 0;
        while i < w.len() {
            let mut hit = None;
            for len in (1..=self.longest.min(w.len() - i)).rev() {
                let cand = w[i..i + len].join(" ");
                if let Some(code) = self.names.get(&cand) {
                    hit = Some((len, code.clone(), cand));
                    break;
                }
            }
            match hit {
                Some((len, code, name)) => {
                    if !out.iter().any(|a| a.code == code) {
                        out.push(ActorRef { code, name });
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// An actor named in a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRef {
    /// Its code.
    pub code: String,
    /// The words naming it.
    pub name: String,
}

/// A question read into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// The question as asked.
    pub text: String,
    /// Actors, in order (the first is taken as the doer).
    pub actors: Vec<ActorRef>,
    /// PLOVER category, when a word points to one.
    pub category: Option<String>,
    /// Content words other than actor names.
    pub keywords: Vec<String>,
}

/// Reads a question.
pub fn parse_question(text: &str, names: &NameTable) -> Question {
    let actors = names.find(text);
    let actor_words: Vec<String> = actors
        .iter()
        .flat_map(|a| a.name.split(' ').map(str::to_string).collect::<Vec<_>>())
        .collect();
    let mut keywords: Vec<String> = Vec::new();
    let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
    for w in content_words(text) {
        if actor_words.contains(&w) {
            continue;
        }
        for (i, (_, list)) in CATEGORY_WORDS.iter().enumerate() {
            if list.contains(&w.as_str()) {
                *votes.entry(i).or_insert(0) += 1;
            }
        }
        if !keywords.contains(&w) {
            keywords.push(w);
        }
    }
    let category = votes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(i, _)| CATEGORY_WORDS[*i].0.to_string());
    Question {
        text: text.to_string(),
        actors,
        category,
        keywords,
    }
}

/// Which way a piece of evidence points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Asserts it happened.
    For,
    /// Denies it.
    Against,
    /// Declines to confirm, or reports it as uncertain.
    Unconfirmed,
}

/// One dated, sourced line of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Which way it points.
    pub side: Side,
    /// Publication day of the article.
    pub published: Option<String>,
    /// The event's date as this report gives it.
    pub event_date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Who says so (speaker words), when attributed.
    pub speaker: Option<String>,
    /// The speaker's code, when known.
    pub speaker_code: Option<String>,
    /// The sentence.
    pub sentence: String,
    /// Article id.
    pub article: String,
    /// Event cluster, when the evidence is an event report.
    pub cluster: Option<String>,
    /// When the article is a syndicated copy, the original's id.
    pub copy_of: Option<String>,
}

/// The answer to a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The question as read.
    pub question: Question,
    /// Evidence asserting it.
    pub for_: Vec<Evidence>,
    /// Evidence denying it.
    pub against: Vec<Evidence>,
    /// Evidence declining to confirm it or calling it uncertain.
    pub unconfirmed: Vec<Evidence>,
    /// A cautious one-line summary.
    pub summary: String,
}

fn cluster_relevant(q: &Question, c: &EventCluster, names: &NameTable) -> bool {
    if let Some(cat) = &q.category {
        // The cluster's category, or that of any of its reports (one event may be
        // reported under several related categories).
        let reported = c.category.eq_ignore_ascii_case(cat)
            || c.mentions.iter().any(|m| {
                m.category
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(cat))
            });
        if !reported {
            return false;
        }
    }
    let codes: Vec<&str> = c.codes().collect();
    let Some(first) = q.actors.first() else {
        return q.category.is_some();
    };
    if !codes.contains(&first.code.as_str()) {
        return false;
    }
    // Other actors must take part too, or be named in a report's sentence (a
    // subsidiary such as a Russian private army coded apart from its country).
    q.actors.iter().skip(1).all(|a| {
        codes.contains(&a.code.as_str())
            || c.mentions.iter().any(|m| {
                names
                    .find(&m.sentence_text)
                    .iter()
                    .any(|f| f.code == a.code)
            })
    })
}

/// Words that negate the verb they precede within a few words ("has not sent", "never
/// supplied", "did not transfer").
const NEGATORS: &[&str] = &["not", "never", "no", "t", "neither", "nor", "without"];

/// Words that make a statement's content a possibility, a condition or a forecast
/// rather than a claim that something happened.
const MODALS: &[&str] = &[
    "if",
    "would",
    "could",
    "might",
    "may",
    "will",
    "shall",
    "expect",
    "expected",
    "expects",
    "likely",
    "unless",
    "should",
    "any",
    "possible",
    "possibly",
    "possibility",
    "plan",
    "plans",
    "planned",
];

/// Cue words of a denial, whatever stance the coder gave the statement.
const DENY_CUES: &[&str] = &[
    "denied",
    "denies",
    "deny",
    "denying",
    "rejected",
    "rejects",
    "dismissed",
];

/// Cue words of a refusal to confirm.
const DECLINE_CUES: &[&str] = &[
    "declined",
    "declines",
    "refused",
    "refuses",
    "unable",
    "would not",
    "could not",
];

/// The words of the question's category and its keywords.
fn topic_words(q: &Question) -> Vec<String> {
    let mut out: Vec<String> = q
        .category
        .as_deref()
        .and_then(|c| CATEGORY_WORDS.iter().find(|(k, _)| *k == c))
        .map(|(_, w)| w.iter().map(|x| x.to_string()).collect())
        .unwrap_or_default();
    out.extend(q.keywords.iter().cloned());
    out
}

/// Whether a topic word of the text is negated: a negator up to three words before it
/// ("Iran has not transferred any missiles").
fn topic_negated(text: &str, topic: &[String]) -> bool {
    let w: Vec<String> = words(text).collect();
    w.iter().enumerate().any(|(i, x)| {
        topic.contains(x)
            && w[i.saturating_sub(3)..i]
                .iter()
                .any(|y| NEGATORS.contains(&y.as_str()))
    })
}

/// Whether the text's claim is only a possibility, condition or forecast: a modal word
/// before its first topic word.
fn topic_modal(text: &str, topic: &[String]) -> bool {
    let w: Vec<String> = words(text).collect();
    let first = w.iter().position(|x| topic.contains(x)).unwrap_or(w.len());
    w[..first].iter().any(|y| MODALS.contains(&y.as_str()))
}

/// Content that refuses to confirm ("it was unable to confirm", "we have nothing to add").
const DECLINE_CONTENT: &[&str] = &[
    "unable to confirm",
    "could not confirm",
    "cannot confirm",
    "can't confirm",
    "not confirm",
    "nothing to say",
    "nothing to add",
    "no comment",
    "not comment",
    "declined to",
    "decline to",
];

/// Words in a report's sentence saying that a party denies what it reports ("despite
/// its denials", "a charge Tehran denied").
const DENIAL_WORDS: &[&str] = &["denial", "denials", "denied", "denies"];

fn cue_has(cue: &str, list: &[&str]) -> bool {
    let c = cue.to_lowercase();
    list.iter().any(|x| c.contains(x))
}

/// The side a statement takes on the question, from its stance, its cue and its
/// content: denials and refusals are never FOR, nor are claims that are only
/// conditional or forecast. `None` when it takes no side.
fn statement_side(s: &StatementRecord, topic: &[String]) -> Option<Side> {
    let decline = s.stance == Stance::DeclineToConfirm
        || cue_has(&s.cue, DECLINE_CUES)
        || cue_has(&s.content, DECLINE_CONTENT);
    let deny = s.stance == Stance::Deny || cue_has(&s.cue, DENY_CUES);
    if decline {
        return Some(Side::Unconfirmed);
    }
    if deny {
        return Some(Side::Against);
    }
    match s.stance {
        Stance::Assert | Stance::Accuse | Stance::Confirm => {
            if topic_negated(&s.content, topic) {
                Some(Side::Against)
            } else if topic_modal(&s.content, topic) {
                None
            } else {
                Some(Side::For)
            }
        }
        _ => None,
    }
}

fn statement_relevant(q: &Question, s: &StatementRecord, names: &NameTable) -> bool {
    let content_actors = names.find(&s.content);
    let speaker_code = s.speaker_code.clone().or_else(|| names.code(&s.speaker));
    let named = |code: &str| {
        content_actors.iter().any(|a| a.code == code) || speaker_code.as_deref() == Some(code)
    };
    if !q.actors.iter().all(|a| named(&a.code)) || q.actors.is_empty() {
        return false;
    }
    let words: Vec<String> = content_words(&s.content).collect();
    let cat_words: &[&str] = q
        .category
        .as_deref()
        .and_then(|c| CATEGORY_WORDS.iter().find(|(k, _)| *k == c))
        .map(|(_, w)| *w)
        .unwrap_or(&[]);
    words.iter().any(|w| cat_words.contains(&w.as_str()))
        || q.keywords.iter().any(|k| words.contains(k))
}

/// Sorts the evidence in `clusters` (event reports) and `statements` (denials and
/// refusals to confirm that no event report carries) for a question.
pub fn answer(
    q: Question,
    clusters: &[EventCluster],
    statements: &[StatementRecord],
    names: &NameTable,
) -> Answer {
    let mut for_ = Vec::new();
    let mut against = Vec::new();
    let mut unconfirmed = Vec::new();
    let mut used: Vec<(&str, u32)> = Vec::new();
    for c in clusters
        .iter()
        .filter(|c| !c.anticipated && cluster_relevant(&q, c, names))
    {
        for m in &c.mentions {
            let side = match (m.factuality, m.stance) {
                (Factuality::Negated, _) | (_, Some(Stance::Deny)) => Side::Against,
                (Factuality::Uncertain, _) | (_, Some(Stance::DeclineToConfirm)) => {
                    Side::Unconfirmed
                }
                // A report coded as asserted whose trigger is negated in its sentence
                // ("has not sent") is a denial all the same.
                (Factuality::Asserted, _) if trigger_negated(m) => Side::Against,
                (Factuality::Asserted, _) => Side::For,
                _ => continue,
            };
            if let Some(s) = m.statement {
                used.push((&m.article, s));
            }
            let e = Evidence {
                side,
                published: m.published.clone(),
                event_date: m.date.clone(),
                source: m.source.clone(),
                speaker: m.speaker.clone(),
                speaker_code: m.speaker_code.clone(),
                sentence: m.sentence_text.clone(),
                article: m.article.clone(),
                cluster: Some(c.id.clone()),
                copy_of: m.copy_of.clone(),
            };
            // "X did it, despite its denials": the doer's denial, as reported.
            let reported_denial = side == Side::For
                && words(&m.sentence_text).any(|w| DENIAL_WORDS.contains(&w.as_str()));
            if reported_denial {
                if let Some(code) = c.source_codes.first() {
                    let name = c
                        .source_names
                        .first()
                        .cloned()
                        .unwrap_or_else(|| code.clone());
                    against.push(Evidence {
                        side: Side::Against,
                        speaker: Some(format!("{name} (as reported)")),
                        speaker_code: Some(code.clone()),
                        ..e.clone()
                    });
                }
            }
            match side {
                Side::For => for_.push(e),
                Side::Against => against.push(e),
                Side::Unconfirmed => unconfirmed.push(e),
            }
        }
    }
    let topic = topic_words(&q);
    // Articles that carry evidence: a refusal to confirm in one of them by a party to the
    // question is about it, even when its words ("we do not comment") name nothing.
    let mut evidence_articles: Vec<&str> = for_
        .iter()
        .chain(against.iter())
        .map(|e: &Evidence| e.article.as_str())
        .collect();
    evidence_articles.sort_unstable();
    evidence_articles.dedup();
    let evidence_articles: Vec<String> = evidence_articles.into_iter().map(String::from).collect();
    for s in statements {
        if used.contains(&(s.article.as_str(), s.index)) {
            continue;
        }
        let Some(side) = statement_side(s, &topic) else {
            continue;
        };
        let party = s
            .speaker_code
            .clone()
            .or_else(|| names.code(&s.speaker))
            .is_some_and(|c| q.actors.iter().any(|a| a.code == c));
        let relevant = statement_relevant(&q, s, names)
            || (side == Side::Unconfirmed && party && evidence_articles.contains(&s.article));
        if !relevant {
            continue;
        }
        let e = Evidence {
            side,
            published: s.published.clone(),
            event_date: s.date.clone(),
            source: s.source.clone(),
            speaker: Some(s.speaker.clone()),
            speaker_code: s.speaker_code.clone().or_else(|| names.code(&s.speaker)),
            sentence: format!("{} {} {}", s.speaker, s.cue, s.content),
            article: s.article.clone(),
            cluster: None,
            copy_of: None,
        };
        match side {
            Side::For => for_.push(e),
            Side::Against => against.push(e),
            Side::Unconfirmed => unconfirmed.push(e),
        }
    }
    for list in [&mut for_, &mut against, &mut unconfirmed] {
        list.sort_by(|a, b| {
            (&a.published, &a.article, &a.sentence).cmp(&(&b.published, &b.article, &b.sentence))
        });
        list.dedup_by(|a, b| a.article == b.article && a.sentence == b.sentence);
    }
    let summary = summarise(&q, &for_, &against, &unconfirmed);
    Answer {
        question: q,
        for_,
        against,
        unconfirmed,
        summary,
    }
}

/// Whether the words just before a report's trigger negate it ("has not sent").
fn trigger_negated(m: &crate::ClusterMention) -> bool {
    let start = m.trigger.start.saturating_sub(m.sentence.start) as usize;
    let before = m.sentence_text.get(..start).unwrap_or("");
    let w: Vec<String> = words(before).collect();
    w[w.len().saturating_sub(3)..]
        .iter()
        .any(|y| NEGATORS.contains(&y.as_str()))
}

/// Who a group of evidence lines comes from: "USA (John Kirby, Jake Sullivan)".
fn who(lines: &[Evidence]) -> Vec<(String, usize)> {
    let mut groups: BTreeMap<String, (Vec<String>, usize)> = BTreeMap::new();
    for e in lines {
        let key = e
            .speaker_code
            .clone()
            .or_else(|| e.speaker.clone())
            .unwrap_or_else(|| "unattributed reports".into());
        let g = groups.entry(key).or_default();
        g.1 += 1;
        if let Some(s) = &e.speaker {
            if e.speaker_code.is_some() && !g.0.contains(s) && g.0.len() < 3 {
                g.0.push(s.clone());
            }
        }
    }
    let mut out: Vec<(String, usize)> = groups
        .into_iter()
        .map(|(k, (speakers, n))| {
            if speakers.is_empty() {
                (k, n)
            } else {
                (format!("{k} ({})", speakers.join(", ")), n)
            }
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

fn list(groups: &[(String, usize)]) -> String {
    groups
        .iter()
        .map(|(g, n)| format!("{g} ({n} report{})", if *n == 1 { "" } else { "s" }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cautious one-line summary.
pub fn summarise(
    q: &Question,
    for_: &[Evidence],
    against: &[Evidence],
    unconfirmed: &[Evidence],
) -> String {
    if for_.is_empty() && against.is_empty() && unconfirmed.is_empty() {
        let what = match &q.category {
            Some(c) => format!("{c} events"),
            None => "events".into(),
        };
        let actors: Vec<&str> = q.actors.iter().map(|a| a.code.as_str()).collect();
        return format!(
            "No evidence in the corpus: no reports of {what} involving {}.",
            if actors.is_empty() {
                "the actors asked about".into()
            } else {
                actors.join(" and ")
            }
        );
    }
    let mut parts = Vec::new();
    if !for_.is_empty() {
        parts.push(format!("Asserted by {}", list(&who(for_))));
    }
    if !against.is_empty() {
        parts.push(format!("denied by {}", list(&who(against))));
    }
    if !unconfirmed.is_empty() {
        parts.push(format!("not confirmed by {}", list(&who(unconfirmed))));
    }
    let mut s = parts.join(", ");
    if let Some(f) = s.get(..1) {
        s = format!("{}{}", f.to_uppercase(), &s[1..]);
    }
    let unattributed = for_.iter().filter(|e| e.speaker.is_none()).count();
    if for_.is_empty() {
        s.push_str("; no report in the corpus asserts it.");
    } else if unattributed == 0 {
        s.push_str("; no independent confirmation in the corpus.");
    } else {
        s.push_str(&format!(
            "; {unattributed} report{} state{} it without attribution.",
            if unattributed == 1 { "" } else { "s" },
            if unattributed == 1 { "s" } else { "" }
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_read_into_actors_category_and_keywords() {
        let mut t = NameTable::builtin();
        t.add("the Wagner group", "RUS");
        t.add("Wagner", "RUS");
        let q = parse_question("Did the U.S. warn Pyongyang about arms for Wagner?", &t);
        let codes: Vec<&str> = q.actors.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["USA", "PRK", "RUS"]);
        assert!(q.keywords.contains(&"arms".to_string()));
        assert!(!q.keywords.contains(&"pyongyang".to_string()));
        let q = parse_question("Tell us whether Iran sent drones to Russia", &t);
        let codes: Vec<&str> = q.actors.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["IRN", "RUS"], "the pronoun is not the US");
        assert_eq!(q.category.as_deref(), Some("AID"));
        assert_eq!(t.code("The Kremlin").as_deref(), Some("RUS"));
        assert_eq!(parse_question("what happened?", &t).category, None);
    }
}
