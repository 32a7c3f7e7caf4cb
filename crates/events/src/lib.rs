//! Chronicle's event coder and statement extractor.
//!
//! This crate owns the coding of political events (PLOVER category, mode and context, with
//! the CAMEO code where a verb pattern gives one; source and target actors; factuality;
//! event date) and the extraction of statements (quotes and reported speech: speaker, cue,
//! content, stance), their attribution links, brat standoff input/output for attribution
//! and the evaluations of both. Its lexical tables (the CAMEO verb dictionary and the
//! CAMEO→PLOVER map) are built by [`build`] and embedded compressed. It must not do I/O
//! other than reading/writing the paths handed to its build, brat and eval functions, must
//! not know about storage, and must not reach into crates above it (link, store, server).

pub mod build;
pub mod tables;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A source table has a bad line.
    #[error("{file}:{line}: {message}")]
    Table {
        /// The file.
        file: String,
        /// 1-based line (0 when not about one line).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Embedded model data is missing or corrupt.
    #[error("events model data: {0}")]
    Model(String),
    /// JSON could not be read or written.
    #[error("JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// An input record or annotation file is malformed.
    #[error("{path}:{line}: {message}")]
    Input {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

mod antecedent;
pub mod brat;
mod coding;
pub mod eval;
pub mod statements;
pub mod text;

use chronicle_core::{DateBasis, Event, Factuality, Mention, Span, Statement, TimeExpr, Token};
use chrono::NaiveDate;
use statements::Attribution;
use tables::Tables;

/// What the coder reads besides the text: the language core's sentences (and, when
/// available, its tokens with dependency parse per sentence), linked actor mentions and
/// resolved time expressions. All spans are byte ranges into the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Annotations<'a> {
    /// Sentence spans; when empty the crate's own splitter is used.
    pub sentences: &'a [Span],
    /// Tokens with POS/lemma/head/deprel per sentence, when the parser ran (pronoun
    /// speakers are then resolved to the subject of a governing clause).
    pub parse: Option<&'a [Vec<Token>]>,
    /// Linked actor mentions (with code, sector, entity).
    pub mentions: &'a [Mention],
    /// Time expressions with TIMEX3 values.
    pub times: &'a [TimeExpr],
}

/// Events and statements of one article, plus the attribution spans behind the
/// statements (with discontinuous content fragments kept).
#[derive(Debug, Clone, Default)]
pub struct Coding {
    /// Coded events, in text order.
    pub events: Vec<Event>,
    /// Statements, in text order; `Event::attributed_to` indexes this list.
    pub statements: Vec<Statement>,
    /// The attribution relations, one per statement, same order.
    pub attributions: Vec<Attribution>,
    /// For each event, whether it is the sentence's frame-level event (outside any
    /// statement content, or a speech act itself).
    pub matrix: Vec<bool>,
    /// For each event, whether its trigger is a noun.
    pub nominal: Vec<bool>,
    /// For each event, whether its trigger sits in a relative clause.
    pub relative: Vec<bool>,
}

/// Codes the events and extracts the statements of an article.
///
/// `date` is the publication date: it anchors event dates inferred from tense and is the
/// statements' date when none is written. Never panics on any input.
pub fn code_article(
    text: &str,
    date: Option<NaiveDate>,
    ann: &Annotations<'_>,
) -> (Vec<Event>, Vec<Statement>) {
    match Tables::load() {
        Ok(t) => {
            let c = code_with(t, text, date, ann);
            (c.events, c.statements)
        }
        Err(_) => (Vec::new(), Vec::new()),
    }
}

/// Like [`code_article`], with explicit tables, returning the full [`Coding`].
pub fn code_with(
    tables: &Tables,
    text: &str,
    date: Option<NaiveDate>,
    ann: &Annotations<'_>,
) -> Coding {
    let own;
    let sentences: &[Span] = if ann.sentences.is_empty() {
        own = text::split_sentences(text);
        &own
    } else {
        ann.sentences
    };
    let atts = statements::extract(text, sentences, ann.times);
    let all_tokens = text::tokenize(text, 0, text.len());
    let ctx = coding::Ctx {
        tokens: &all_tokens,
        text,
        pub_date: date,
        mentions: ann.mentions,
        times: ann.times,
        atts: &atts,
        tables,
        parse: ann.parse,
    };
    let mut events = Vec::new();
    let mut matrix = Vec::new();
    let mut nominal = Vec::new();
    let mut relative = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        for c in coding::code_sentence(&ctx, si, *s) {
            events.push(c.event);
            matrix.push(c.matrix);
            nominal.push(c.nominal);
            relative.push(c.relative);
        }
    }
    let mut stmts = Vec::with_capacity(atts.len());
    let mut last_speaker: Option<String> = None;
    for a in &atts {
        let speaker = statements::hull(&a.source).unwrap_or(Span::new(0, 0));
        let speaker_text = text
            .get(speaker.start as usize..speaker.end as usize)
            .unwrap_or("");
        let mut entity = ann
            .mentions
            .iter()
            .filter(|m| m.span.overlaps(&speaker) && m.entity.is_some())
            .max_by_key(|m| m.span.len())
            .and_then(|m| m.entity.clone());
        // A pronoun speaker: the agreeing subject of a clause governing its reporting
        // verb in the same sentence ("X fined firms that it said ..."), else the last
        // speaker.
        if entity.is_none() && statements::is_pronoun(speaker_text) {
            entity = ann
                .parse
                .and_then(|p| {
                    antecedent::governing_subject(
                        text,
                        p,
                        a.sentence,
                        speaker,
                        &a.content,
                        ann.mentions,
                    )
                })
                .or_else(|| last_speaker.clone());
        }
        if entity.is_some() {
            last_speaker = entity.clone();
        }
        let s = sentences
            .get(a.sentence)
            .copied()
            .unwrap_or(Span::new(0, text.len()));
        // Statement date: a time expression in the sentence outside the content.
        let date_s = ann
            .times
            .iter()
            .filter(|t| s.start <= t.span.start && t.span.end <= s.end)
            .filter(|t| !a.content.iter().any(|c| c.overlaps(&t.span)))
            .find(|t| t.value.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .map(|t| t.value.clone())
            .or_else(|| date.map(|d| d.format("%Y-%m-%d").to_string()));
        stmts.push(Statement {
            speaker,
            speaker_entity: entity,
            cue: statements::hull(&a.cue).unwrap_or(Span::new(0, 0)),
            content: a.content_hull().unwrap_or(Span::new(
                a.cue.last().map(|c| c.end as usize).unwrap_or(0),
                a.cue.last().map(|c| c.end as usize).unwrap_or(0),
            )),
            direct: a.direct,
            stance: a.stance,
            date: date_s,
        });
    }
    // A possibility its speaker placed wholly after the day they spoke ("said in May
    // that the armies might hold exercises in June") was a prospect when said: it is
    // hypothetical, not an unconfirmed report of something done.
    for e in &mut events {
        let said = e
            .attributed_to
            .and_then(|k| stmts.get(k as usize))
            .and_then(|st| st.date.as_deref())
            .and_then(day_bounds);
        let when = e.date.as_deref().and_then(day_bounds);
        if e.factuality == Factuality::Uncertain && e.date_basis == DateBasis::Explicit {
            if let (Some((start, _)), Some((_, said_end))) = (when, said) {
                if start > said_end {
                    e.factuality = Factuality::Hypothetical;
                }
            }
        }
    }
    Coding {
        events,
        statements: stmts,
        attributions: atts,
        matrix,
        nominal,
        relative,
    }
}

/// Runs the time tagger and the actor linker on `text` and codes it (sentences from the
/// crate's own splitter; no dependency parse).
pub fn analyze(text: &str, date: Option<NaiveDate>) -> Result<Coding, EventsError> {
    let tables = Tables::load()?;
    let gaz = chronicle_actors::Gazetteer::load().map_err(|e| EventsError::Model(e.to_string()))?;
    let mentions: Vec<Mention> = gaz
        .link(text, date)
        .iter()
        .map(|m| m.to_mention())
        .collect();
    let times = chronicle_time::annotate(text, date);
    let sentences = text::split_sentences(text);
    let ann = Annotations {
        sentences: &sentences,
        parse: None,
        mentions: &mentions,
        times: &times,
    };
    Ok(code_with(tables, text, date, &ann))
}

/// The sentence-level event of `sentence` (the PLOVER gold records code one per
/// sentence): the first frame-level event, else the first event in reported content.
pub fn primary_event(coding: &Coding, sentence: Span) -> Option<&Event> {
    let idx: Vec<usize> = (0..coding.events.len())
        .filter(|&k| coding.events[k].sentence.overlaps(&sentence))
        .collect();
    let flag = |v: &Vec<bool>, k: usize| v.get(k).copied().unwrap_or(false);
    let main = |k: usize| !flag(&coding.nominal, k) && !flag(&coding.relative, k);
    idx.iter()
        .find(|&&k| flag(&coding.matrix, k) && main(k))
        .or_else(|| idx.iter().find(|&&k| main(k)))
        .or_else(|| idx.iter().find(|&&k| !flag(&coding.nominal, k)))
        .or_else(|| idx.first())
        .and_then(|&k| coding.events.get(k))
}

/// First and last day of a TIMEX3 date value: a day, a month, a year or an ISO week
/// (`2024-06-05`, `2024-06`, `2024`, `2024-W23`); `None` for anything else.
fn day_bounds(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    let v = value.trim();
    if let Some((y, w)) = v.split_once("-W") {
        let (y, w): (i32, u32) = (y.parse().ok()?, w.parse().ok()?);
        return Some((
            NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon)?,
            NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Sun)?,
        ));
    }
    let parts: Vec<&str> = v.split('-').collect();
    let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
    let y = parts
        .first()
        .filter(|p| p.len() == 4)?
        .parse::<i32>()
        .ok()?;
    match parts.len() {
        1 => Some((
            NaiveDate::from_ymd_opt(y, 1, 1)?,
            NaiveDate::from_ymd_opt(y, 12, 31)?,
        )),
        2 => {
            let m = num(1)?;
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)?
            };
            Some((first, next.pred_opt()?))
        }
        3 => {
            let d = NaiveDate::from_ymd_opt(y, num(1)?, num(2)?)?;
            Some((d, d))
        }
        _ => None,
    }
}
