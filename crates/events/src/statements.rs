//! Statements: direct, indirect and mixed quotes and "according to X", each with its
//! source (speaker), cue and content spans, stance and whether it is a direct quote.
//!
//! Rules work on word tokens (see [`crate::text`]) and the sentence spans; they cover the
//! frames of English news attribution: `X said (that) C`, `C, X said`, `C, said X`,
//! `"Q," X said`, `X said: "Q"`, `"Q1," X said, "Q2"`, `according to X, C`,
//! `C, according to X`, `X, who ..., said C`, nested attribution
//! (`the Times reported, citing officials, that C`), quote continuations without a cue,
//! and refusal frames (`declined to confirm`, `could not confirm`, `would not say`).

use crate::text::{sentence_tokens, tokenize, Tok};
use chronicle_core::{Span, Stance, TimeExpr};

/// One attribution relation with possibly discontinuous spans (byte ranges).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// Source (speaker) fragments.
    pub source: Vec<Span>,
    /// Cue fragments.
    pub cue: Vec<Span>,
    /// Content fragments (may be empty for "declined to comment").
    pub content: Vec<Span>,
    /// Stance class.
    pub stance: Stance,
    /// Direct quote.
    pub direct: bool,
    /// Index of the sentence holding the cue.
    pub sentence: usize,
}

impl Attribution {
    /// The smallest span covering all content fragments.
    pub fn content_hull(&self) -> Option<Span> {
        hull(&self.content)
    }
}

/// The smallest span covering `spans`.
pub fn hull(spans: &[Span]) -> Option<Span> {
    let s = spans.iter().map(|s| s.start).min()?;
    let e = spans.iter().map(|s| s.end).max()?;
    Some(Span { start: s, end: e })
}

/// Stance of a cue word (lower case), when it is a speech or attitude cue.
pub fn cue_stance(w: &str) -> Option<Stance> {
    use Stance::*;
    Some(match w {
        "say" | "says" | "said" | "saying" | "tell" | "tells" | "told" | "telling" | "add"
        | "adds" | "added" | "state" | "states" | "stated" | "announce" | "announces"
        | "announced" | "claim" | "claims" | "claimed" | "insist" | "insists" | "insisted"
        | "note" | "notes" | "noted" | "argue" | "argues" | "argued" | "stress" | "stresses"
        | "stressed" | "report" | "reports" | "reported" | "write" | "writes" | "wrote"
        | "adding" | "insisting" | "noting" | "arguing" | "assert" | "asserts" | "asserted"
        | "explain" | "explains" | "explained" | "declare" | "declares" | "declared" | "allege"
        | "alleges" | "alleged" | "reiterate" | "reiterates" | "reiterated" | "maintain"
        | "maintains" | "maintained" | "suggest" | "suggests" | "suggested" | "believe"
        | "believes" | "believed" | "estimate" | "estimates" | "estimated" | "conclude"
        | "concludes" | "concluded" | "assess" | "assesses" | "assessed" | "acknowledge"
        | "acknowledges" | "acknowledged" | "admit" | "admits" | "admitted" | "show" | "shows"
        | "showed" | "describe" | "describes" | "described" | "call" | "calls" | "called"
        | "urge" | "urges" | "urged" => Assert,
        "deny" | "denies" | "denied" | "denying" | "reject" | "rejects" | "rejected"
        | "dismiss" | "dismisses" | "dismissed" | "refute" | "refutes" | "refuted" => Deny,
        "confirm" | "confirms" | "confirmed" => Confirm,
        "warn" | "warns" | "warned" | "warning" | "caution" | "cautioned" => Warn,
        "threaten" | "threatens" | "threatened" => Threaten,
        "pledge" | "pledges" | "pledged" | "vow" | "vows" | "vowed" | "promise" | "promises"
        | "promised" => Pledge,
        "accuse" | "accuses" | "accused" | "blame" | "blames" | "blamed" | "condemn"
        | "condemns" | "condemned" => Accuse,
        "predict" | "predicts" | "predicted" | "expect" | "expects" | "forecast" | "forecasts" => {
            Predict
        }
        _ => return None,
    })
}

/// Cues that take content only with an explicit clause ("rejected the claim that ...",
/// "called for ..."), not a bare object.
fn needs_clause(w: &str) -> bool {
    matches!(
        w,
        "reject"
            | "rejects"
            | "rejected"
            | "dismiss"
            | "dismisses"
            | "dismissed"
            | "show"
            | "shows"
            | "showed"
            | "describe"
            | "describes"
            | "described"
            | "call"
            | "calls"
            | "called"
            | "believe"
            | "believes"
            | "believed"
            | "expect"
            | "expects"
            | "state"
            | "states"
            | "report"
            | "reports"
            | "note"
            | "notes"
            | "claim"
            | "claims"
            | "condemn"
            | "condemns"
            | "condemned"
            | "blame"
            | "blames"
            | "blamed"
            | "add"
            | "adds"
            | "confirm"
            | "confirms"
            | "confirmed"
            | "maintain"
            | "maintains"
            | "maintained"
    )
}

/// Cue forms that are also common nouns or adjectives: a cue only before "that".
fn noun_like(w: &str) -> bool {
    matches!(
        w,
        "report"
            | "reports"
            | "call"
            | "calls"
            | "state"
            | "states"
            | "claim"
            | "claims"
            | "note"
            | "notes"
            | "show"
            | "shows"
            | "estimate"
            | "estimates"
            | "forecast"
            | "forecasts"
            | "promise"
            | "promises"
            | "pledge"
            | "pledges"
            | "stress"
            | "stresses"
            | "warning"
            | "expect"
    )
}

/// Content of cues that take an infinitive ("pledged to deepen", "urged X to act").
fn wants_infinitive(w: &str) -> bool {
    matches!(
        w,
        "pledge"
            | "pledges"
            | "pledged"
            | "vow"
            | "vows"
            | "vowed"
            | "promise"
            | "promises"
            | "promised"
            | "threaten"
            | "threatens"
            | "threatened"
            | "urge"
            | "urges"
            | "urged"
    )
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

/// Words that end a speaker noun phrase when scanning left from a cue.
const NP_STOP: &[&str] = &[
    "that", "which", "who", "whom", "whose", "when", "while", "but", "because", "as", "after",
    "before", "if", "although", "though", "since", "where", "whether", "said", "says", "told",
    "and", "or", "so", "than", "then", "also", "to", "is", "are", "was", "were", "be", "been",
    "has", "have", "had",
];

/// Words skipped between a speaker and its cue ("Lavrov *also* said").
const PRE_CUE_SKIP: &[&str] = &[
    "also",
    "later",
    "again",
    "previously",
    "repeatedly",
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "would",
    "will",
    "did",
    "does",
    "do",
    "'d",
    "reportedly",
    "publicly",
    "separately",
    "earlier",
    "then",
    "immediately",
    "quickly",
    "recently",
    "been",
    "firmly",
    "flatly",
    "strongly",
    "privately",
    "formally",
    "officially",
    "explicitly",
    "already",
    "once",
    "yesterday",
    "today",
    "openly",
    "subsequently",
    "further",
    "categorically",
    "initially",
    "first",
    "still",
    "now",
    "again",
    "independently",
];

/// Words that end a speaker scanned rightward from a cue ("said Peskov *on* Monday").
const NP_RIGHT_STOP: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "when",
    "while",
    "who",
    "which",
    "that",
    "late",
    "earlier",
    "yesterday",
    "today",
    "told",
    "adding",
    "citing",
    "as",
    "last",
    "this",
];

/// Refusal frames: (lead words, cue word) → decline to confirm.
fn refusal_at(toks: &[Tok], i: usize) -> Option<usize> {
    // Returns the index of the last cue token when a refusal frame starts at i.
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_str()).unwrap_or("");
    let verbs = [
        "confirm",
        "comment",
        "say",
        "discuss",
        "deny",
        "elaborate",
        "specify",
        "verify",
    ];
    // "could not independently verify": one adverb may stand before the verb.
    let adv = |k: usize| w(k).ends_with("ly") && verbs.contains(&w(k + 1));
    match w(i) {
        "declined" | "declines" | "decline" | "refused" | "refuses" | "refuse" | "unable" => {
            (w(i + 1) == "to" && verbs.contains(&w(i + 2))).then_some(i + 2)
        }
        "could" | "would" | "did" | "does" | "can" | "will" => {
            let (neg, next) = match w(i + 1) {
                "not" | "n't" => (true, i + 2),
                _ => (false, i + 1),
            };
            if neg && adv(next) {
                return Some(next + 1);
            }
            (neg && verbs.contains(&w(next))).then_some(next)
        }
        "couldn't" | "wouldn't" | "didn't" | "won't" | "can't" | "cannot" => {
            verbs.contains(&w(i + 1)).then_some(i + 1)
        }
        _ => None,
    }
}

fn sp(t: &Tok) -> Span {
    Span::new(t.start, t.end)
}

fn span_of(toks: &[Tok], a: usize, b: usize) -> Option<Span> {
    // tokens a..=b
    if a > b || b >= toks.len() {
        return None;
    }
    Some(Span::new(toks[a].start, toks[b].end))
}

/// A quotation: byte range of the text inside the quote marks.
#[derive(Debug, Clone, Copy)]
struct Quote {
    open: usize,
    close: usize,
    inner: Span,
}

/// Pairs quotation marks in the whole text (within paragraphs).
fn find_quotes(text: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(b, c)) in bytes.iter().enumerate() {
        let prev = if k > 0 { bytes[k - 1].1 } else { ' ' };
        let next = bytes.get(k + 1).map(|x| x.1).unwrap_or(' ');
        if c == '\n' && next == '\n' {
            open = None;
            continue;
        }
        let (is_open, is_close) = match c {
            '\u{201c}' => (true, false),
            '\u{201d}' => (false, true),
            '"' => {
                let o = prev.is_whitespace() || matches!(prev, '(' | '[' | '\u{2014}' | ':');
                (o && open.is_none(), !o || open.is_some())
            }
            _ => (false, false),
        };
        if is_open && open.is_none() {
            open = Some(b);
        } else if is_close {
            if let Some(o) = open.take() {
                let inner_s = o + text[o..].chars().next().map(char::len_utf8).unwrap_or(1);
                let mut inner_e = b;
                // Trim a trailing comma inside the quote marks.
                let inside = &text[inner_s..inner_e];
                let trimmed = inside.trim_end().trim_end_matches(',').trim_end();
                inner_e = inner_s + trimmed.len();
                if inner_e > inner_s {
                    out.push(Quote {
                        open: o,
                        close: b,
                        inner: Span::new(inner_s, inner_e),
                    });
                }
            }
        }
    }
    out
}

/// Extracts attributions from `text` with the given sentence spans and time expressions
/// (times help to skip "on Monday" between a speaker and its cue).
pub fn extract(text: &str, sentences: &[Span], times: &[TimeExpr]) -> Vec<Attribution> {
    let quotes = find_quotes(text);
    let in_time = |t: &Tok| {
        times
            .iter()
            .any(|x| (x.span.start as usize) <= t.start && t.end <= x.span.end as usize)
    };
    let in_quote = |b: usize| quotes.iter().find(|q| q.open <= b && b <= q.close).copied();
    let mut out: Vec<Attribution> = Vec::new();
    let mut used_quotes: Vec<usize> = Vec::new();
    let all = tokenize(text, 0, text.len());
    for (si, s) in sentences.iter().enumerate() {
        let toks = sentence_tokens(&all, *s);
        if toks.is_empty() {
            continue;
        }
        let n = toks.len();
        let mut used = vec![false; n];
        // Skip tokens inside quotes for cue search.
        let quoted: Vec<bool> = toks
            .iter()
            .map(|t| in_quote(t.start).is_some_and(|q| t.start > q.open && t.start < q.close))
            .collect();
        let mut i = 0;
        while i < n {
            if quoted[i] || used[i] || toks[i].is_quote() {
                i += 1;
                continue;
            }
            let w = toks[i].lower.as_str();
            // "according to X"
            if w == "according" && toks.get(i + 1).is_some_and(|t| t.lower == "to") {
                if let Some(a) = according_to(text, toks, i, in_time) {
                    for u in used.iter_mut().take(n.min(i + 2)).skip(i) {
                        *u = true;
                    }
                    out.push(Attribution { sentence: si, ..a });
                }
                i += 2;
                continue;
            }
            let mut refusal = refusal_at(toks, i);
            // "X said it was unable to confirm C" is X's statement (declining to confirm),
            // not a second one inside its content.
            if refusal.is_some()
                && out.iter().any(|a| {
                    a.sentence == si
                        && a.content.iter().any(|c| {
                            (c.start as usize) <= toks[i].start
                                && toks[i].end <= c.end as usize
                                && text
                                    .get(c.start as usize..toks[i].start)
                                    .is_some_and(|g| g.split_whitespace().count() <= 2)
                        })
                })
            {
                refusal = None;
            }
            let stance = if refusal.is_some() {
                Some(Stance::DeclineToConfirm)
            } else {
                cue_stance(w)
            };
            let Some(stance) = stance else {
                i += 1;
                continue;
            };
            let cue_end = refusal.unwrap_or(i);
            // Not a cue after "be" ("is expected to", "was said to") or as a noun.
            let prev = if i > 0 {
                toks[i - 1].lower.as_str()
            } else {
                ""
            };
            let next = toks.get(i + 1).map(|t| t.lower.as_str()).unwrap_or("");
            if refusal.is_none()
                && (matches!(
                    prev,
                    "is" | "are"
                        | "was"
                        | "were"
                        | "be"
                        | "been"
                        | "being"
                        | "the"
                        | "a"
                        | "an"
                        | "'s"
                        | "to"
                        | "over"
                        | "of"
                        | "in"
                        | "on"
                        | "for"
                        | "with"
                        | "by"
                        | "about"
                        | "against"
                        | "amid"
                        | "if"
                        | "when"
                        | "unless"
                        | "once"
                        | "what"
                        | "as"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                ) || (toks[i].cap && i > 0)
                    || (i >= 2 && toks[i - 2].lower == "what")
                    || (noun_like(w) && next != "that"))
            {
                i += 1;
                continue;
            }
            let fallback = out
                .iter()
                .rev()
                .find(|a| a.sentence == si)
                .map(|a| a.source.clone())
                .or_else(|| {
                    subject_run(toks).map(|(a, b)| vec![Span::new(toks[a].start, toks[b].end)])
                });
            if let Some(a) = frame(
                text,
                toks,
                i,
                cue_end,
                stance,
                &quotes,
                &mut used_quotes,
                in_time,
                &quoted,
                fallback,
            ) {
                for u in used.iter_mut().take(cue_end + 1).skip(i) {
                    *u = true;
                }
                let mut a = a;
                a.sentence = si;
                // Nested attribution: "X reported, citing Y, that C".
                let nested = nested_citing(toks, cue_end, &a);
                out.push(a);
                if let Some(mut b) = nested {
                    b.sentence = si;
                    out.push(b);
                }
            }
            i = cue_end + 1;
        }
    }
    // Quotes that no cue claimed: continuations of the previous direct statement.
    for (qi, q) in quotes.iter().enumerate() {
        if used_quotes.contains(&qi) {
            continue;
        }
        let words = text[q.inner.start as usize..q.inner.end as usize]
            .split_whitespace()
            .count();
        if words < 4 {
            continue;
        }
        let sidx = sentences
            .iter()
            .position(|s| (s.start as usize) <= q.open && q.open < s.end as usize);
        let Some(sidx) = sidx else { continue };
        // Only a quote that opens its sentence continues someone.
        if sentences[sidx].start as usize != q.open {
            continue;
        }
        if let Some(prev) = out
            .iter_mut()
            .rev()
            .find(|a| a.direct && a.sentence < sidx && sidx - a.sentence <= 3)
        {
            prev.content.push(q.inner);
        }
    }
    out.sort_by_key(|a| (a.cue.first().map(|c| c.start).unwrap_or(0), a.sentence));
    refine(text, &mut out, times);
    for a in out.iter_mut() {
        if a.stance == Stance::Assert && reported_refusal(text, &a.content) {
            a.stance = Stance::DeclineToConfirm;
        }
    }
    out
}

/// Whether indirect content opens with the speaker's own refusal to confirm ("X said it
/// was unable to confirm ...", "X said it could not verify ..."): the statement declines
/// to confirm rather than asserts.
fn reported_refusal(text: &str, content: &[Span]) -> bool {
    let Some(c) = content.first() else {
        return false;
    };
    let toks = tokenize(text, c.start as usize, c.end as usize);
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_str()).unwrap_or("");
    // Optional pronoun subject, optional "be", then the refusal.
    let mut k = 0;
    if PRONOUNS.contains(&w(k)) {
        k += 1;
    }
    if matches!(
        w(k),
        "is" | "was" | "are" | "were" | "'s" | "remains" | "remained"
    ) {
        k += 1;
    }
    let verb = |x: &str| {
        matches!(
            x,
            "confirm" | "verify" | "corroborate" | "substantiate" | "comment" | "say"
        )
    };
    if w(k) == "unable" || (w(k) == "not" && w(k + 1) == "able") {
        let v = if w(k) == "unable" { k + 1 } else { k + 2 };
        return w(v) == "to" && (verb(w(v + 1)) || (w(v + 1).ends_with("ly") && verb(w(v + 2))));
    }
    refusal_at(&toks, k).is_some_and(|e| verb(w(e)))
}

/// "X reported, citing Y, that C": a second attribution from Y with the same content.
fn nested_citing(toks: &[Tok], cue_end: usize, a: &Attribution) -> Option<Attribution> {
    let c = toks
        .iter()
        .enumerate()
        .skip(cue_end + 1)
        .take(4)
        .find(|(_, t)| t.lower == "citing")?
        .0;
    let mut e = c + 1;
    while e < toks.len() && !toks[e].punct && toks[e].lower != "that" {
        e += 1;
    }
    let src = span_of(toks, c + 1, e.checked_sub(1)?)?;
    Some(Attribution {
        source: vec![src],
        cue: vec![sp(&toks[c])],
        content: a.content.clone(),
        stance: Stance::Assert,
        direct: a.direct,
        sentence: a.sentence,
    })
}

fn according_to(
    _text: &str,
    toks: &[Tok],
    i: usize,
    in_time: impl Fn(&Tok) -> bool,
) -> Option<Attribution> {
    let n = toks.len();
    let s0 = i + 2;
    let mut e = s0;
    while e < n
        && !toks[e].punct
        && !in_time(&toks[e])
        && !NP_RIGHT_STOP.contains(&toks[e].lower.as_str())
    {
        e += 1;
    }
    if e == s0 {
        return None;
    }
    let source = span_of(toks, s0, e - 1)?;
    let cue = span_of(toks, i, i + 1)?;
    // Content: the rest of the sentence on the other side of the phrase.
    let content = if i == 0 || (i == 1 && toks[0].is_quote()) {
        // "According to X, C."
        let mut c0 = e;
        while c0 < n && (toks[c0].punct || in_time(&toks[c0])) {
            c0 += 1;
        }
        let c1 = last_content_tok(toks, n)?;
        span_of(toks, c0, c1)?
    } else {
        // "C, according to X." – content before the comma preceding "according".
        let mut c1 = i.checked_sub(1)?;
        while c1 > 0 && toks[c1].punct {
            c1 -= 1;
        }
        span_of(toks, 0, c1)?
    };
    Some(Attribution {
        source: vec![source],
        cue: vec![cue],
        content: vec![content],
        stance: Stance::Assert,
        direct: false,
        sentence: 0,
    })
}

/// Index of the last token that belongs to content (before final punctuation).
fn last_content_tok(toks: &[Tok], end: usize) -> Option<usize> {
    let mut k = end.checked_sub(1)?;
    while k > 0 && toks[k].punct && !toks[k].is_quote() {
        k -= 1;
    }
    // Do not end on an unmatched closing quote mark.
    if toks[k].is_quote() && k > 0 {
        k -= 1;
        while k > 0 && toks[k].punct {
            k -= 1;
        }
    }
    Some(k)
}

/// Scans left from `c` (exclusive) for a speaker noun phrase; returns token range.
fn speaker_left(toks: &[Tok], c: usize, in_time: &impl Fn(&Tok) -> bool) -> Option<(usize, usize)> {
    let mut j = c as isize - 1;
    // Skip auxiliaries, adverbs and time expressions between speaker and cue.
    while j >= 0 {
        let t = &toks[j as usize];
        if PRE_CUE_SKIP.contains(&t.lower.as_str()) || in_time(t) {
            j -= 1;
            // "on Monday": skip the preposition of a skipped time expression too.
            if j >= 0
                && matches!(toks[j as usize].lower.as_str(), "on" | "in" | "at" | "late")
                && in_time(&toks[j as usize + 1])
            {
                j -= 1;
            }
        } else {
            break;
        }
    }
    // "X, who ..., said": skip a comma-delimited relative clause; "X, Name Surname, said":
    // keep the appositive name with its head.
    let mut appositive = false;
    if j >= 0 && toks[j as usize].lower == "," {
        let mut k = j - 1;
        while k >= 0 && toks[k as usize].lower != "," {
            k -= 1;
        }
        let seg = &toks[(k + 1).max(0) as usize..j as usize];
        if k >= 1 && matches!(toks[k as usize + 1].lower.as_str(), "who" | "which") {
            j = k - 1;
        } else if k >= 1 && !seg.is_empty() && seg.len() <= 4 && seg.iter().all(|t| t.cap) {
            j -= 1;
            appositive = true;
        } else {
            return None;
        }
    }
    if j < 0 {
        return None;
    }
    let end = j as usize;
    let mut start = end;
    let mut k = j;
    while k >= 0 {
        let t = &toks[k as usize];
        let lw = t.lower.as_str();
        let keep = if t.punct {
            lw == "-"
                || lw == "'"
                || (lw == "," && appositive && k >= 1 && !toks[k as usize - 1].punct && {
                    appositive = false;
                    true
                })
                || (lw == ","
                    && k >= 1
                    && toks[k as usize - 1].cap
                    && toks.get(k as usize + 1).is_some_and(|n| n.cap)
                    && toks[k as usize..=end].iter().any(|x| x.lower == "and"))
        } else if lw == "to"
            && k >= 1
            && matches!(
                toks[k as usize - 1].lower.as_str(),
                "ambassador"
                    | "envoy"
                    | "adviser"
                    | "advisor"
                    | "delegate"
                    | "representative"
                    | "mission"
                    | "spokesman"
                    | "spokeswoman"
                    | "secretary"
                    | "minister"
            )
        {
            true
        } else if lw == "and" {
            // "the US and Britain said": keep "and" between capitalised words.
            k >= 1
                && toks[k as usize - 1].cap
                && toks
                    .get(k as usize + 1)
                    .is_some_and(|n| n.cap || n.lower == "the")
        } else {
            !NP_STOP.contains(&lw) && !in_time(t)
        };
        if !keep {
            break;
        }
        start = k as usize;
        k -= 1;
        if end - start >= 14 {
            break;
        }
    }
    if toks[start..=end].iter().all(|t| t.punct) || NP_STOP.contains(&toks[end].lower.as_str()) {
        return None;
    }
    // Drop leading prepositional/temporal material ("On Monday the ministry").
    while start < end {
        let lw = toks[start].lower.as_str();
        if matches!(
            lw,
            "on" | "in"
                | "at"
                | "during"
                | "late"
                | "earlier"
                | "meanwhile"
                | "separately"
                | "however"
                | "now"
                | "yet"
                | "still"
        ) || in_time(&toks[start])
        {
            start += 1;
        } else {
            break;
        }
    }
    // Speaker-less clause material: a leading "It"/"There" is not a speaker of "said".
    Some((start, end))
}

/// The capitalised run opening a sentence ("Iran and Russia", "The US Treasury").
fn subject_run(toks: &[Tok]) -> Option<(usize, usize)> {
    let mut e = 0;
    while e < toks.len()
        && (toks[e].cap || (e > 0 && matches!(toks[e].lower.as_str(), "and" | "'s" | "of")))
    {
        e += 1;
    }
    while e > 0 && !toks[e - 1].cap {
        e -= 1;
    }
    (e > 0).then(|| (0, e - 1))
}

const CUT_AFTER_COMMA: &[&str] = &[
    "dismissing",
    "rejecting",
    "saying",
    "adding",
    "calling",
    "citing",
    "warning",
    "accusing",
    "noting",
    "arguing",
    "insisting",
    "denying",
    "describing",
    "urging",
    "but",
    "when",
    "while",
    "as",
    "according",
    "prompting",
    "amid",
];

/// Trims reported (indirect) content at the end of the reported clause: before `;`,
/// `, but`, `, and` (not `, and that`), participial and temporal add-ons, and before
/// the speaker of a later statement in the same sentence.
fn refine(text: &str, atts: &mut [Attribution], times: &[TimeExpr]) {
    let starts: Vec<(usize, usize)> = atts
        .iter()
        .flat_map(|a| {
            a.source
                .iter()
                .chain(a.cue.iter())
                .map(|s| (a.sentence, s.start as usize))
                .collect::<Vec<_>>()
        })
        .collect();
    for (ai, a) in atts.iter_mut().enumerate() {
        if a.direct || a.content.len() != 1 {
            continue;
        }
        let c = a.content[0];
        let toks = tokenize(text, c.start as usize, c.end as usize);
        let mut cut = c.end as usize;
        let mut depth = false;
        for (k, t) in toks.iter().enumerate() {
            if t.is_quote() {
                depth = !depth;
            }
            if depth {
                continue;
            }
            let next = toks.get(k + 1).map(|x| x.lower.as_str()).unwrap_or("");
            let next2 = toks.get(k + 2).map(|x| x.lower.as_str()).unwrap_or("");
            let stop = t.lower == ";"
                || (t.lower == "," && CUT_AFTER_COMMA.contains(&next))
                || (t.lower == "," && next == "and" && next2 != "that")
                || (t.lower == "as" && matches!(next, "the" | "their" | "its" | "his" | "her"));
            if stop && k > 0 {
                cut = t.start;
                break;
            }
        }
        // A later statement whose speaker or cue sits inside this content.
        let own: Vec<usize> = a
            .source
            .iter()
            .chain(a.cue.iter())
            .map(|s| s.start as usize)
            .collect();
        for &(si, st) in starts.iter() {
            if si == a.sentence && !own.contains(&st) && st > c.start as usize && st < cut {
                cut = st;
            }
        }
        // A trailing time expression ("the report yesterday", "since 2022").
        let _ = ai;
        let np_stance = matches!(a.stance, Stance::Deny | Stance::Accuse);
        if let Some(t) = times.iter().filter(|_| np_stance).find(|t| {
            t.span.start > c.start && (t.span.start as usize) < cut && {
                let rest = text.get(t.span.end as usize..cut).unwrap_or("x");
                rest.trim_matches(|ch: char| ch.is_whitespace() || ch == ',' || ch == '.')
                    .is_empty()
            }
        }) {
            let mut st = t.span.start as usize;
            let before = text.get(c.start as usize..st).unwrap_or("");
            for prep in [
                " since", " on", " in", " last", " this", " earlier", " until", " by", " at",
            ] {
                if before.trim_end().ends_with(prep) {
                    st = c.start as usize + before.trim_end().len() - prep.len();
                    break;
                }
            }
            if st > c.start as usize {
                cut = st;
            }
        }
        if cut < c.end as usize {
            let mut e = cut;
            let slice = text.get(c.start as usize..e).unwrap_or("");
            let trimmed = slice.trim_end();
            let trimmed = trimmed
                .strip_suffix(" and")
                .or_else(|| trimmed.strip_suffix(" but"))
                .unwrap_or(trimmed)
                .trim_end_matches([',', ' ']);
            e = c.start as usize + trimmed.len();
            if e > c.start as usize {
                a.content[0] = Span::new(c.start as usize, e);
            }
        }
    }
}

/// Whether the tokens before `c` end with a comma-delimited relative clause
/// (`X, who ..., said`).
fn relative_before(toks: &[Tok], c: usize) -> bool {
    if c < 2 || toks[c - 1].lower != "," {
        return false;
    }
    let mut k = c - 2;
    while k > 0 && toks[k].lower != "," {
        k -= 1;
    }
    toks[k].lower == ","
        && toks
            .get(k + 1)
            .is_some_and(|t| matches!(t.lower.as_str(), "who" | "which"))
}

/// Scans right from `c` (exclusive) for a speaker noun phrase.
fn speaker_right(
    toks: &[Tok],
    c: usize,
    in_time: &impl Fn(&Tok) -> bool,
) -> Option<(usize, usize)> {
    let s0 = c + 1;
    let mut e = s0;
    while e < toks.len() && !toks[e].punct && !in_time(&toks[e]) {
        if NP_RIGHT_STOP.contains(&toks[e].lower.as_str()) {
            // "of the Forum in Geneva." keeps a final place name.
            let place_end = toks[e].lower == "in"
                && toks.get(e + 1).is_some_and(|t| t.cap)
                && toks.get(e + 2).is_none_or(|t| t.punct);
            if !place_end {
                break;
            }
        }
        e += 1;
    }
    (e > s0).then(|| (s0, e - 1))
}

/// Length of a venue or channel phrase starting at `i` — "in a statement", "at a news
/// conference", "on Telegram" — or, after "told", an audience such as "a news conference";
/// 0 when there is none. The phrase ends at its venue noun and holds no punctuation.
fn venue_len(toks: &[Tok], i: usize, told: bool) -> usize {
    const VENUES: &[&str] = &[
        "statement",
        "statements",
        "interview",
        "briefing",
        "conference",
        "speech",
        "post",
        "tweet",
        "message",
        "letter",
        "broadcast",
        "twitter",
        "x",
        "telegram",
        "television",
        "radio",
        "parliament",
        "meeting",
        "call",
        "session",
        "address",
        "remarks",
        "communique",
        "podcast",
        "video",
        "hearing",
        "forum",
        "rally",
        "summit",
    ];
    let mut j = i;
    let has_prep = toks.get(j).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "in" | "at" | "on" | "during" | "via" | "through"
        )
    });
    if has_prep {
        j += 1;
    }
    let has_det = toks.get(j).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "a" | "an" | "the" | "its" | "his" | "her" | "their"
        )
    });
    if has_det {
        j += 1;
    }
    if !(has_prep || told && has_det) {
        return 0;
    }
    for (k, t) in toks.iter().enumerate().skip(j).take(4) {
        if t.punct || t.lower == "that" {
            return 0;
        }
        if VENUES.contains(&t.lower.as_str()) {
            return k + 1 - i;
        }
    }
    0
}

#[allow(clippy::too_many_arguments)]
fn frame(
    _text: &str,
    toks: &[Tok],
    c: usize,
    cue_end: usize,
    stance: Stance,
    quotes: &[Quote],
    used_quotes: &mut Vec<usize>,
    in_time: impl Fn(&Tok) -> bool,
    quoted: &[bool],
    fallback: Option<Vec<Span>>,
) -> Option<Attribution> {
    let n = toks.len();
    let cue = span_of(toks, c, cue_end)?;
    let cue_word = toks[cue_end].lower.as_str();
    let refusal = stance == Stance::DeclineToConfirm;
    // Next meaningful token after the cue (skipping time words and "in a statement").
    let mut after = cue_end + 1;
    loop {
        match toks.get(after) {
            Some(t) if in_time(t) => after += 1,
            Some(t)
                if matches!(t.lower.as_str(), "on" | "in" | "at" | "late" | "earlier")
                    && toks.get(after + 1).is_some_and(&in_time) =>
            {
                after += 1
            }
            Some(t)
                if matches!(
                    t.lower.as_str(),
                    "publicly" | "privately" | "again" | "repeatedly" | "flatly" | "also"
                ) =>
            {
                after += 1
            }
            _ => match venue_len(toks, after, matches!(cue_word, "told" | "tell" | "tells")) {
                0 => break,
                k => after += k,
            },
        }
    }
    let at_end = toks
        .get(after)
        .is_none_or(|t| matches!(t.lower.as_str(), "." | "!" | "?"))
        || toks
            .get(after)
            .is_some_and(|t| t.is_quote() && after + 1 >= n.saturating_sub(1));
    let prev_comma = c > 0 && matches!(toks[c - 1].lower.as_str(), "," | "\"");
    // Direct quote before: `"Q," X said.` / `"Q," said X.`
    let quote_before = quotes.iter().enumerate().rev().find(|(_, q)| {
        q.close < toks[c].start && q.close + 4 >= toks.first().map(|t| t.start).unwrap_or(0)
    });
    // 0. `"Q," X said <anything but "that">`: the quote is the content.
    if !refusal {
        if let Some((a, b)) = speaker_left(toks, c, &in_time) {
            let that_follows = toks[after..n.min(after + 8)]
                .iter()
                .any(|t| t.lower == "that" || t.lower == ":");
            if (a >= 2 && toks[a - 1].lower == "\""
                || a >= 2 && toks[a - 1].lower == "," && toks[a - 2].is_quote())
                && !that_follows
            {
                {
                    if let Some(content) =
                        left_content(toks, a - 1, quotes, used_quotes, quote_before.map(|x| x.0))
                    {
                        if content.1 {
                            let mut content = content;
                            take_fragment_after_cue(
                                toks,
                                quotes,
                                used_quotes,
                                (cue_end, after),
                                &mut content.0,
                            );
                            return Some(Attribution {
                                source: vec![span_of(toks, a, b)?],
                                cue: vec![cue],
                                content: content.0,
                                stance,
                                direct: true,
                                sentence: 0,
                            });
                        }
                    }
                }
            }
        }
    }
    // 1. Content on the left: `C, X said.` / `"Q," X said.` / `C, said X.`
    if !refusal {
        // Inverted: `..., said X.`
        let invertible = matches!(
            cue_word,
            "said"
                | "says"
                | "added"
                | "adds"
                | "told"
                | "wrote"
                | "writes"
                | "reported"
                | "noted"
                | "warned"
                | "explained"
                | "insisted"
                | "stated"
                | "declared"
                | "argued"
                | "asked"
                | "concluded"
                | "confirmed"
                | "confirms"
                | "announced"
        );
        if prev_comma && invertible && !relative_before(toks, c) {
            if let Some((a, b)) = speaker_right(toks, cue_end, &in_time).filter(|&(a, b)| {
                b - a < 12
                    && toks
                        .get(b + 1)
                        .is_none_or(|t| matches!(t.lower.as_str(), "." | "," | "!" | "?" | "\""))
            }) {
                let left_end = c.checked_sub(1)?;
                let content = left_content(
                    toks,
                    left_end,
                    quotes,
                    used_quotes,
                    quote_before.map(|x| x.0),
                )?;
                return Some(Attribution {
                    source: vec![span_of(toks, a, b)?],
                    cue: vec![cue],
                    content: content.0,
                    stance,
                    direct: content.1,
                    sentence: 0,
                });
            }
        }
        let sp_left = speaker_left(toks, c, &in_time);
        if let Some((a, b)) = sp_left {
            let comma_before_speaker = a > 0 && matches!(toks[a - 1].lower.as_str(), "," | "\"");
            let mut after2 = after;
            if matches!(cue_word, "told" | "tell" | "tells") {
                while after2 < n && (toks[after2].cap || toks[after2].lower == "the") {
                    after2 += 1;
                }
                if after2 == after
                    && toks
                        .get(after2)
                        .is_some_and(|t| matches!(t.lower.as_str(), "reporters" | "journalists"))
                {
                    after2 += 1;
                }
                while toks.get(after2).is_some_and(|t| {
                    in_time(t)
                        || (matches!(t.lower.as_str(), "on" | "in" | "last" | "this")
                            && toks.get(after2 + 1).is_some_and(&in_time))
                }) {
                    after2 += 1;
                }
            }
            let at_end2 = toks
                .get(after2)
                .is_none_or(|t| matches!(t.lower.as_str(), "." | "!" | "?"));
            let is_cont_end = at_end
                || at_end2
                || (toks
                    .get(after)
                    .is_some_and(|t| t.lower == "," || t.is_quote())
                    && toks.get(after + 1).is_none_or(|t| t.lower != "that"));
            if comma_before_speaker && a >= 2 && is_cont_end {
                if let Some(content) =
                    left_content(toks, a - 1, quotes, used_quotes, quote_before.map(|x| x.0))
                {
                    let mut content = content;
                    take_fragment_after_cue(
                        toks,
                        quotes,
                        used_quotes,
                        (cue_end, after),
                        &mut content.0,
                    );
                    return Some(Attribution {
                        source: vec![span_of(toks, a, b)?],
                        cue: vec![cue],
                        content: content.0,
                        stance,
                        direct: content.1,
                        sentence: 0,
                    });
                }
            }
        }
    }
    // 2. Content on the right: `X said (that) C`, `X said: "Q"`; a coordinated or
    // participial cue ("... and denied that", ", saying") takes the earlier speaker.
    let source: Vec<Span> = match speaker_left(toks, c, &in_time) {
        Some((a, b)) => {
            if toks[a..=b].iter().any(|t| t.is_quote()) || quoted.get(a).copied().unwrap_or(false) {
                return None;
            }
            // "a charge Tehran denied": the noun is the content, the rest the source.
            if matches!(toks[a].lower.as_str(), "a" | "an" | "the")
                && b >= a + 2
                && matches!(
                    toks[a + 1].lower.as_str(),
                    "charge"
                        | "claim"
                        | "allegation"
                        | "accusation"
                        | "charges"
                        | "claims"
                        | "allegations"
                        | "accusations"
                )
                && toks[a + 2].cap
                && toks.get(after).is_none_or(|t| t.punct)
            {
                return Some(Attribution {
                    source: vec![span_of(toks, a + 2, b)?],
                    cue: vec![cue],
                    content: vec![span_of(toks, a, a + 1)?],
                    stance,
                    direct: false,
                    sentence: 0,
                });
            }
            vec![span_of(toks, a, b)?]
        }
        None => {
            let p = c
                .checked_sub(1)
                .map(|k| toks[k].lower.as_str())
                .unwrap_or("");
            if matches!(p, "and" | "but" | ",") || toks[c].lower.ends_with("ing") {
                fallback?
            } else {
                return None;
            }
        }
    };
    if at_end && !refusal {
        return None;
    }
    let mut c0 = after;
    // "that" within a few tokens (after a recipient or adverbial).
    let that = (after..n.min(after + 10))
        .take_while(|&k| {
            (!toks[k].punct
                || toks[k].lower == "," && toks.get(k + 1).is_some_and(|t| t.lower == "citing"))
                && !(k > after && toks[k].lower.ends_with("ed") && !toks[k].cap)
                && !matches!(
                    toks[k].lower.as_str(),
                    "it" | "they"
                        | "he"
                        | "she"
                        | "we"
                        | "i"
                        | "will"
                        | "would"
                        | "is"
                        | "are"
                        | "was"
                        | "were"
                        | "has"
                        | "have"
                        | "had"
                        | "can"
                        | "could"
                        | "may"
                        | "might"
                        | "must"
                        | "should"
                        | "did"
                        | "does"
                        | "do"
                )
        })
        .find(|&k| toks[k].lower == "that");
    // Nested "reported, citing Y, that".
    let citing_that = (after..n.min(after + 12))
        .find(|&k| toks[k].lower == "that" && toks[after..k].iter().any(|t| t.lower == "citing"));
    if let Some(k) = citing_that.or(that) {
        c0 = k + 1;
    } else if matches!(
        cue_word,
        "told" | "tell" | "tells" | "telling" | "warned" | "warn" | "warns" | "urged" | "assured"
    ) {
        // Skip the addressee: capitalised run or a plain noun ("reporters").
        let mut k = after;
        while k < n && (toks[k].cap || toks[k].lower == "the") && !toks[k].punct {
            k += 1;
        }
        if k == after
            && toks.get(k).is_some_and(|t| {
                matches!(
                    t.lower.as_str(),
                    "reporters"
                        | "journalists"
                        | "lawmakers"
                        | "parliament"
                        | "delegates"
                        | "diplomats"
                        | "legislators"
                )
            })
        {
            k += 1;
        }
        c0 = k;
    }
    while c0 < n && matches!(toks[c0].lower.as_str(), ":" | ",") {
        c0 += 1;
    }
    if refusal && cue_word == "comment" {
        c0 = n;
    }
    if that.is_none()
        && !refusal
        && toks.get(c0).is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "over" | "about" | "of" | "on" | "against" | "for" | "in"
            )
        })
    {
        return None;
    }
    if wants_infinitive(cue_word) && that.is_none() {
        match (after..n.min(after + 6)).find(|&k| toks[k].lower == "to") {
            Some(k) if !toks[after..k].iter().any(|t| t.punct) => {
                if matches!(stance, Stance::Assert) {
                    // "urged partners to act": the addressee is part of the content.
                } else {
                    c0 = k;
                }
            }
            _ => {
                if !matches!(stance, Stance::Warn) {
                    return None;
                }
            }
        }
    } else if needs_clause(cue_word)
        && that.is_none()
        && citing_that.is_none()
        && !toks.get(c0).is_some_and(|t| t.is_quote())
    {
        // "rejected the proposal" is an act, not a statement.
        if !refusal {
            return None;
        }
    }
    if c0 >= n {
        return if refusal {
            Some(Attribution {
                source: source.clone(),
                cue: vec![cue],
                content: vec![],
                stance,
                direct: false,
                sentence: 0,
            })
        } else {
            None
        };
    }
    // Direct quote right after the cue.
    if toks[c0].is_quote() {
        if let Some((qi, q)) = quotes
            .iter()
            .enumerate()
            .find(|(_, q)| q.open == toks[c0].start)
        {
            used_quotes.push(qi);
            return Some(Attribution {
                source: source.clone(),
                cue: vec![cue],
                content: vec![q.inner],
                stance,
                direct: true,
                sentence: 0,
            });
        }
    }
    let c1 = last_content_tok(toks, n)?;
    if c1 < c0 {
        return None;
    }
    // Mixed quotes inside reported speech are claimed by this statement.
    let content = span_of(toks, c0, c1)?;
    for (qi, q) in quotes.iter().enumerate() {
        if content.start as usize <= q.open && q.close <= content.end as usize {
            used_quotes.push(qi);
        }
    }
    Some(Attribution {
        source: source.clone(),
        cue: vec![cue],
        content: vec![content],
        stance,
        direct: false,
        sentence: 0,
    })
}

/// Content to the left of a speaker: from sentence start to token `end` (the comma or
/// quote mark before the speaker), as a direct quote when it is one.
/// `"Q1," X said, "Q2"`: adds the quote that opens right after the cue (at token
/// `cue_end`; `after` is the first token past it) to `content` and marks it used.
fn take_fragment_after_cue(
    toks: &[Tok],
    quotes: &[Quote],
    used_quotes: &mut Vec<usize>,
    (cue_end, after): (usize, usize),
    content: &mut Vec<Span>,
) {
    if let Some((qi, q)) = quotes.iter().enumerate().find(|(_, q)| {
        q.open > toks[cue_end].start && toks.get(after + 1).is_some_and(|t| t.start == q.open)
    }) {
        content.push(q.inner);
        used_quotes.push(qi);
    }
}

fn left_content(
    toks: &[Tok],
    end: usize,
    quotes: &[Quote],
    used_quotes: &mut Vec<usize>,
    quote_before: Option<usize>,
) -> Option<(Vec<Span>, bool)> {
    let mut e = end;
    while e > 0 && toks[e].punct {
        // Closing quote directly before the comma: a direct quote.
        if toks[e].is_quote() {
            if let Some(qi) = quote_before {
                let q = quotes.get(qi)?;
                if q.close == toks[e].start {
                    used_quotes.push(qi);
                    return Some((vec![q.inner], true));
                }
            }
        }
        e -= 1;
    }
    if toks[e].punct {
        return None;
    }
    let mut s = 0;
    while s < e && toks[s].punct {
        s += 1;
    }
    // A dateline ("WASHINGTON —") is not content.
    if let Some(d) =
        (s..e.min(s + 5)).find(|&k| matches!(toks[k].lower.as_str(), "\u{2014}" | "\u{2013}"))
    {
        let caps = toks[s..d]
            .iter()
            .all(|t| t.punct || t.lower.chars().all(|c| !c.is_alphabetic()) || text_is_upper(t));
        if caps && d > s {
            s = d + 1;
        }
    }
    // A quote that began in an earlier sentence and closes here.
    if let Some(qi) = quote_before {
        let q = quotes.get(qi)?;
        if (q.inner.end as usize) >= toks[e].end.saturating_sub(1) && q.open < toks[0].start {
            used_quotes.push(qi);
            return Some((vec![q.inner], true));
        }
    }
    Some((vec![span_of(toks, s, e)?], false))
}

fn text_is_upper(t: &Tok) -> bool {
    // The lower-cased form differs from an all-caps original only in case; a capitalised
    // token whose every letter was upper case has as many upper letters as letters.
    t.cap
        && t.lower.chars().filter(|c| c.is_alphabetic()).count() > 1
        && t.upper_count >= t.lower.chars().filter(|c| c.is_alphabetic()).count()
}

/// Whether a speaker text is a personal pronoun.
pub fn is_pronoun(s: &str) -> bool {
    PRONOUNS.contains(&s.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::split_sentences;

    fn run(t: &str) -> Vec<(String, String, String, Stance, bool)> {
        let s = split_sentences(t);
        extract(t, &s, &[])
            .into_iter()
            .map(|a| {
                let g = |v: &[Span]| {
                    v.iter()
                        .map(|x| &t[x.start as usize..x.end as usize])
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                (g(&a.source), g(&a.cue), g(&a.content), a.stance, a.direct)
            })
            .collect()
    }

    #[test]
    fn reported_speech_with_that() {
        let r = run("The foreign minister of Freedonia said that the border would reopen soon.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, "The foreign minister of Freedonia");
        assert_eq!(r[0].1, "said");
        assert_eq!(r[0].2, "the border would reopen soon");
        assert!(!r[0].4);
    }

    #[test]
    fn trailing_and_inverted_attribution() {
        let r = run("The convoy crossed the river at dawn, two local officials said.");
        assert_eq!(r[0].0, "two local officials");
        assert_eq!(r[0].2, "The convoy crossed the river at dawn");
        let r = run("Talks will resume next week, said Ana Pereira, a ministry spokeswoman.");
        assert_eq!(r[0].0, "Ana Pereira");
        assert_eq!(r[0].2, "Talks will resume next week");
    }

    #[test]
    fn direct_quotes_curly_and_straight_with_continuation() {
        let r = run("“We are not leaving,” the mayor said. “The town needs its market back.”");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, "the mayor");
        assert_eq!(
            r[0].2,
            "We are not leaving | The town needs its market back."
        );
        assert!(r[0].4);
        let r = run("The envoy said: \"Nothing has been agreed yet.\"");
        assert_eq!(r[0].2, "Nothing has been agreed yet.");
        assert!(r[0].4);
    }

    #[test]
    fn split_quote_is_one_statement() {
        let r = run("\"This is serious,\" Dana Holt said, \"and we will respond in kind.\"");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].2, "This is serious | and we will respond in kind.");
    }

    #[test]
    fn according_to_both_sides() {
        let r = run("According to the harbour authority, the tanker left port empty.");
        assert_eq!(r[0].0, "the harbour authority");
        assert_eq!(r[0].1, "According to");
        assert_eq!(r[0].2, "the tanker left port empty");
        let r = run("The tanker left port empty, according to shipping records.");
        assert_eq!(r[0].0, "shipping records");
        assert_eq!(r[0].2, "The tanker left port empty");
    }

    #[test]
    fn trailing_attribution_with_a_venue_or_audience() {
        let r = run("The dockers walked out at noon, the union said in a statement.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, "the union");
        assert_eq!(r[0].2, "The dockers walked out at noon");
        let r = run("Grain exports will double next year, Maria Lind told a news conference.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, "Maria Lind");
        assert_eq!(r[0].1, "told");
        assert_eq!(r[0].2, "Grain exports will double next year");
        let r = run("The mayor said in an interview that the bridge would stay shut.");
        assert_eq!(r[0].0, "The mayor");
        assert_eq!(r[0].2, "the bridge would stay shut");
    }

    #[test]
    fn relative_clause_between_speaker_and_cue() {
        let r = run("The engineers, who asked not to be named, said the dam was cracking.");
        assert_eq!(r[0].0, "The engineers");
        assert_eq!(r[0].2, "the dam was cracking");
    }

    #[test]
    fn stances_and_refusals() {
        let r = run("The agency denied that its planes had entered the zone.");
        assert_eq!(r[0].3, Stance::Deny);
        let r = run("The palace could not confirm a meeting between the two kings.");
        assert_eq!(r[0].3, Stance::DeclineToConfirm);
        assert_eq!(r[0].1, "could not confirm");
        assert_eq!(r[0].2, "a meeting between the two kings");
        let r = run("Minister Olsen warned that the fleet would pay dearly for any incursion.");
        assert_eq!(r[0].3, Stance::Warn);
        let r =
            run("The embassy said on Friday it was unable to confirm the arrest of two sailors.");
        assert_eq!(r[0].3, Stance::DeclineToConfirm, "{r:?}");
        let r = run("The navy said it could not independently verify the sinking.");
        assert_eq!(r[0].3, Stance::DeclineToConfirm, "{r:?}");
        let r = run("The port authority was unable to confirm the collision.");
        assert!(
            r.iter()
                .any(|x| x.3 == Stance::DeclineToConfirm && x.1 == "unable to confirm"),
            "{r:?}"
        );
        let r = run("The embassy said it was able to confirm the arrest.");
        assert_eq!(r[0].3, Stance::Assert, "{r:?}");
    }

    #[test]
    fn nested_citing_attribution() {
        let r = run(
            "The Daily Courier reported, citing harbour officials, that the ferry had been seized.",
        );
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[0].0, "The Daily Courier");
        assert_eq!(r[0].2, "the ferry had been seized");
        assert_eq!(r[1].0, "harbour officials");
        assert_eq!(r[1].1, "citing");
        assert_eq!(r[1].2, "the ferry had been seized");
    }

    #[test]
    fn no_statement_without_speech() {
        assert!(run("The ferry sailed at noon and docked in the evening.").is_empty());
        assert!(run("The minister is expected to travel next week.").is_empty());
    }
}
