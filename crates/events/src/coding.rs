//! Event coding: triggers from the CAMEO verb table and a small table of nominal events,
//! PLOVER category/mode/context, source and target actors from linked mentions, the
//! factuality of each event, its date, and the statement it is attributed to.
//!
//! The coder reads the clause around each trigger from word tokens: the subject group
//! is the run of actor mentions nearest before the trigger (after "by" for passives),
//! corrected for appositives, prepositional modifiers of the subject's head and
//! conjoined verb phrases (`refine_subject`); the target is the first run after it
//! (the actor's own country for one-sided domestic actions, as the PLOVER records code
//! them). A light verb's event noun ("staged a hunger strike", "held talks", "called
//! off the strike") is coded as the verb, with the light verb's subject. The language core's dependency parse can
//! be passed in [`crate::Annotations::parse`] but is not used yet: the positional reading
//! is the only one (the parser's models were not available while this was written).

use crate::statements::Attribution;
use crate::tables::Tables;
use crate::text::{sentence_tokens, Tok};
use chronicle_core::{Actor, DateBasis, Event, Factuality, Mention, Span, Stance, TimeExpr, Token};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Nominal event triggers (our own table): word → CAMEO code.
const NOMINAL: &[(&str, &str)] = &[
    ("visit", "042"),
    ("visits", "042"),
    ("talks", "046"),
    ("negotiations", "046"),
    ("meeting", "040"),
    ("summit", "040"),
    ("consultations", "040"),
    ("attack", "190"),
    ("attacks", "190"),
    ("airstrike", "195"),
    ("airstrikes", "195"),
    ("air strikes", "195"),
    ("bombing", "183"),
    ("shelling", "194"),
    ("offensive", "190"),
    ("invasion", "190"),
    ("sanctions", "163"),
    ("suspension", "160"),
    ("withdrawal", "0872"),
    ("curfew", "1723"),
    ("embargo", "163"),
    ("blockade", "191"),
    ("ceasefire", "0871"),
    ("drills", "062"),
    ("exercises", "062"),
    ("protest", "141"),
    ("protests", "141"),
    ("demonstration", "141"),
    ("strike", "143"),
    ("arrests", "173"),
    ("detention", "173"),
    ("seizure", "1711"),
    ("deal", "030"),
    ("agreement", "057"),
    ("memorandum", "057"),
    ("treaty", "057"),
    ("demonstrations", "141"),
    ("rally", "141"),
    ("rallies", "141"),
    ("boycott", "143"),
    ("investigation", "090"),
    ("investigations", "090"),
    ("inquiry", "090"),
    ("probe", "090"),
    ("truce", "0871"),
];

/// Light verbs whose object noun names the event ("staged a protest", "held talks",
/// "announced a suspension", "launched an offensive"): the noun is coded as the verb.
const LIGHT_VERBS: &[&str] = &[
    "staged",
    "stage",
    "stages",
    "staging",
    "held",
    "hold",
    "holds",
    "holding",
    "organized",
    "organised",
    "organize",
    "organise",
    "organizing",
    "organising",
    "launched",
    "launch",
    "launches",
    "launching",
    "began",
    "begin",
    "begins",
    "started",
    "start",
    "starts",
    "declared",
    "declare",
    "declares",
    "imposed",
    "impose",
    "imposes",
    "announced",
    "announce",
    "announces",
    "mounted",
    "mount",
    "conducted",
    "conduct",
    "conducts",
    "carried",
    "carry",
    "carries",
    "made",
    "make",
    "makes",
    "paid",
    "pay",
    "pays",
    "completed",
    "resumed",
    "resume",
    "resumes",
    "speeded",
    "sped",
    "stepped",
    "accelerated",
    "intensified",
];

/// Verbs of motion whose purpose ("for talks") names a meeting.
const MOTION_VERBS: &[&str] = &[
    "return",
    "returns",
    "returned",
    "returning",
    "arrive",
    "arrives",
    "arrived",
    "arriving",
    "came",
    "come",
    "comes",
    "went",
    "go",
    "goes",
    "flew",
    "fly",
    "flies",
    "travelled",
    "traveled",
    "headed",
    "head",
    "heads",
    "met",
    "gathered",
    "gather",
    "convened",
];

/// Verbs that end what their object names ("called off a strike", "lifted the curfew").
const ENDING_VERBS: &[&str] = &[
    "called",
    "call",
    "calls",
    "calling",
    "ended",
    "end",
    "ends",
    "suspended",
    "suspend",
    "suspends",
    "halted",
    "halt",
    "halts",
    "lifted",
    "lift",
    "lifts",
    "cancelled",
    "canceled",
    "abandoned",
    "abandon",
];

/// The CAMEO code of ending what a nominal trigger with code `c` names: calling off a
/// protest yields (08), lifting sanctions, a curfew or a blockade eases them, halting an
/// offensive de-escalates. `None` when ending it is not an event of its own kind.
fn ending_code(c: &str) -> Option<&'static str> {
    if c.starts_with("14") {
        Some("080")
    } else if c == "163" {
        Some("085")
    } else if c == "1723" {
        Some("0813")
    } else if c == "191" {
        Some("0872")
    } else if c.starts_with("19") || c.starts_with("18") {
        Some("087")
    } else {
        None
    }
}

/// The nominal trigger code at `k`, if the word there is one (not inside a name).
fn nominal_at(words: &[String], toks: &[Tok], k: usize) -> Option<&'static str> {
    if toks.get(k).is_none_or(|t| t.cap && k > 0) {
        return None;
    }
    let w = words.get(k)?.as_str();
    if matches!(w, "strike" | "strikes") {
        let hunger = k > 0 && words[k - 1] == "hunger";
        return Some(if hunger { "142" } else { "143" });
    }
    NOMINAL.iter().find(|(x, _)| *x == w).map(|(_, c)| *c)
}

/// For a light or ending verb at `i`, the index of the nominal trigger that is its
/// object (within five words, no clause break between) and the code to give it.
fn light_object(words: &[String], toks: &[Tok], i: usize) -> Option<(usize, String)> {
    let w = words[i].as_str();
    // "returned to Geneva for talks", "arrived in Beijing for a visit".
    if MOTION_VERBS.contains(&w) {
        for k in (i + 1)..(i + 9).min(words.len()) {
            if toks[k].punct && words[k] != "-" {
                return None;
            }
            let after_for = words[k - 1] == "for"
                || (k >= i + 2
                    && words[k - 2] == "for"
                    && DETERMINERS.contains(&words[k - 1].as_str()));
            if after_for {
                if let Some(c) = nominal_at(words, toks, k).or(match words[k].as_str() {
                    "talk" => Some("046"),
                    _ => None,
                }) {
                    return c.starts_with("04").then(|| (k, c.to_string()));
                }
            }
        }
        return None;
    }
    let light = LIGHT_VERBS.contains(&w);
    let ending = ENDING_VERBS.contains(&w);
    if !light && !ending {
        return None;
    }
    // "called for", "call on": requests, not the end of something.
    if ending
        && !light
        && matches!(w, "called" | "call" | "calls" | "calling")
        && words.get(i + 1).is_none_or(|x| x != "off")
    {
        return None;
    }
    for k in (i + 1)..(i + 7).min(words.len()) {
        if let Some(c) = nominal_at(words, toks, k) {
            return if ending && !light {
                ending_code(c).map(|e| (k, e.to_string()))
            } else {
                Some((k, c.to_string()))
            };
        }
        let x = words[k].as_str();
        let skip_ok = !toks[k].punct || x == "-";
        if !skip_ok
            || matches!(
                x,
                "that"
                    | "which"
                    | "who"
                    | "and"
                    | "or"
                    | "but"
                    | "to"
                    | "in"
                    | "on"
                    | "with"
                    | "by"
                    | "for"
                    | "at"
                    | "after"
                    | "before"
                    | "from"
            )
        {
            return None;
        }
    }
    None
}

/// Military materiel: supplying it is military aid (CAMEO 072).
const MATERIEL: &[&str] = &[
    "arms",
    "weapons",
    "weapon",
    "missiles",
    "missile",
    "rockets",
    "rocket",
    "drones",
    "drone",
    "ammunition",
    "munitions",
    "artillery",
    "shells",
    "tanks",
    "jets",
    "engines",
    "components",
];

/// Verbs of force after "vowed to" / "threatened to".
const VIOLENT: &[&str] = &[
    "fight",
    "attack",
    "kill",
    "strike",
    "retaliate",
    "destroy",
    "invade",
    "bomb",
    "crush",
    "wipe",
    "annihilate",
    "punish",
    "hit",
    "shoot",
    "respond",
    "avenge",
];

/// Armed forces: sending or deploying them is a mobilization (CAMEO 154).
const TROOPS: &[&str] = &[
    "troops",
    "soldiers",
    "forces",
    "warships",
    "warplanes",
    "battalions",
    "battalion",
    "brigade",
    "brigades",
    "marines",
    "paratroopers",
    "tanks",
    "jets",
];

/// People whose gathering is a demonstration ("protesters gathered", CAMEO 141).
const PROTESTERS: &[&str] = &["protesters", "protestors", "demonstrators", "marchers"];

/// Word stems of gathering: with [`PROTESTERS`] as subject, a demonstration.
const PROTESTERS_GATHER: &[&str] = &["gather", "assembl", "rallied", "rally", "converg", "march"];

/// Texts that a vote decides on: voting for one is a decision (CAMEO 014), not an
/// agreement with another actor.
const VOTED_TEXTS: &[&str] = &[
    "resolution",
    "resolutions",
    "motion",
    "motions",
    "bill",
    "bills",
    "proposal",
    "proposals",
    "amendment",
    "amendments",
    "measure",
    "measures",
    "draft",
    "text",
    "law",
    "legislation",
    "budget",
];

/// Visitors whose reception is a hosted visit (CAMEO 043).
const VISITORS: &[&str] = &[
    "delegation",
    "delegations",
    "mission",
    "envoy",
    "envoys",
    "minister",
    "president",
    "leader",
    "leaders",
    "premier",
    "ambassador",
    "counterpart",
    "visitors",
];

/// What easing names in the words after the verb: sanctions (085), a curfew (0813), a
/// state of emergency (0814), other restrictions (081). `None` when none is named.
fn ease_code(after: &[String]) -> Option<&'static str> {
    let has = |ws: &[&str]| after.iter().any(|w| ws.contains(&w.as_str()));
    if has(&[
        "restrictions",
        "measures",
        "ban",
        "controls",
        "rules",
        "limits",
    ]) {
        Some("081")
    } else if has(&["sanctions", "embargo", "tariffs"]) {
        Some("085")
    } else if has(&["curfew"]) {
        Some("0813")
    } else if has(&["emergency", "martial"]) {
        Some("0814")
    } else {
        None
    }
}

/// Humanitarian goods (CAMEO 073).
const AID_GOODS: &[&str] = &[
    "aid",
    "food",
    "medicine",
    "medicines",
    "supplies",
    "relief",
    "water",
];

/// Verbs too general to code on their own (the dictionary gives them block defaults).
const STOP_VERBS: &[&str] = &[
    "be",
    "is",
    "are",
    "was",
    "were",
    "been",
    "being",
    "have",
    "has",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "must",
    "get",
    "got",
    "make",
    "made",
    "take",
    "took",
    "taken",
    "go",
    "went",
    "come",
    "came",
    "see",
    "saw",
    "seen",
    "use",
    "used",
    "using",
    "know",
    "knew",
    "known",
    "let",
    "put",
    "set",
    "keep",
    "kept",
    "become",
    "became",
    "seem",
    "seemed",
    "look",
    "looked",
    "appear",
    "appeared",
    "called",
    "named",
    "including",
    "left",
    "like",
    "according",
    "saying",
    "said",
    "say",
    "says",
    "told",
    "tell",
    "added",
    "add",
    "reported",
    "report",
    "noted",
    "expected",
    "likely",
    "due",
    "continued",
    "continue",
    "began",
    "begin",
    "start",
    "started",
    "need",
    "needed",
    "want",
    "wanted",
    "try",
    "tried",
    "show",
    "showed",
    "shown",
    "last",
    "late",
    "part",
    "plan",
    "plans",
    "planned",
    "intended",
    "spoke",
    "speak",
    "speaking",
    "aimed",
    "based",
    "found",
    "find",
    "mark",
    "marked",
    "bring",
    "brought",
    "end",
    "ended",
    "lead",
    "led",
    "play",
    "run",
    "stand",
    "stood",
    "turn",
    "turned",
    "carry",
    "carried",
    "work",
    "worked",
    "serve",
    "serves",
    "served",
    "cover",
    "covered",
    "seek",
    "sought",
    "return",
    "returned",
    "remain",
    "remained",
    "stay",
    "stayed",
    "face",
    "faced",
    "leave",
    "allow",
    "allowed",
    "prepare",
    "prepared",
    "preparing",
    "announced",
    "announce",
    "announces",
    "ruled",
    "consider",
    "considers",
    "considered",
    "considering",
    "weigh",
    "weighs",
    "weighing",
    "mull",
    "mulling",
    "discuss",
    "discussed",
    "discussing",
];

/// Nouns that the verb dictionary also lists as verbs; coded as verbs only after a
/// pronoun, modal or "to".
const NOUN_HOMOGRAPHS: &[&str] = &[
    "forces", "force", "ally", "allies", "tear", "links", "accord", "supplies", "reward",
    "holding", "leaving", "order", "aid", "support", "claims", "fire", "troops", "arms", "head",
    "heads", "state", "states", "talk", "aims", "plans", "calls", "rights", "means", "shells",
];

fn stop_verb(w: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_VERBS.iter().copied().collect())
        .contains(w)
}

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "our", "my", "this", "that", "these", "those",
    "any", "no", "every", "each", "'s", "such", "new", "first", "joint", "further",
];

const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being", "'s"];

/// A coded event before it is converted to a core [`Event`].
#[derive(Debug, Clone)]
pub(crate) struct Coded {
    pub event: Event,
    /// Whether the trigger is a noun ("the visit") rather than a verb.
    pub nominal: bool,
    /// Whether the trigger sits in a relative clause ("a ship that was seized").
    pub relative: bool,
    /// Whether the trigger lies outside every statement's content (the sentence's frame).
    pub matrix: bool,
}

/// Inputs the coder uses for one article.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub pub_date: Option<chrono::NaiveDate>,
    pub mentions: &'a [Mention],
    pub times: &'a [TimeExpr],
    pub atts: &'a [Attribution],
    pub tables: &'a Tables,
    pub parse: Option<&'a [Vec<Token>]>,
    /// The whole text's tokens.
    pub tokens: &'a [Tok],
}

fn actor(text: &str, m: &Mention) -> Actor {
    Actor {
        code: m.code.clone(),
        sector: m.sector.clone(),
        text: text
            .get(m.span.start as usize..m.span.end as usize)
            .unwrap_or("")
            .to_string(),
        entity: m.entity.clone(),
    }
}

/// Whether token `t` lies inside a time expression.
fn in_time_expr(times: &[TimeExpr], t: &Tok) -> bool {
    times
        .iter()
        .any(|x| (x.span.start as usize) <= t.start && t.end <= x.span.end as usize)
}

fn within(inner: Span, outer: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Codes the events of sentence `si` with span `s`.
pub(crate) fn code_sentence(ctx: &Ctx<'_>, si: usize, s: Span) -> Vec<Coded> {
    let toks = sentence_tokens(ctx.tokens, s);
    let words: Vec<String> = toks.iter().map(|t| t.lower.clone()).collect();
    let n = toks.len();
    let sent_atts: Vec<(usize, &Attribution)> = ctx
        .atts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.sentence == si || a.content.iter().any(|c| c.overlaps(&s)))
        .collect();
    let speaker_tok = |t: &Tok| {
        sent_atts.iter().any(|(_, a)| {
            a.source
                .iter()
                .any(|x| x.overlaps(&Span::new(t.start, t.end)))
        })
    };
    let mentions: Vec<&Mention> = ctx
        .mentions
        .iter()
        .filter(|m| within(m.span, s) && m.code.is_some())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    // A nominal trigger promoted to the event of the light verb before it.
    let mut promoted: Option<(usize, String, usize)> = None;
    while i < n {
        let t = &toks[i];
        if t.punct
            || speaker_tok(t)
            || mentions
                .iter()
                .any(|m| m.span.overlaps(&Span::new(t.start, t.end)))
        {
            i += 1;
            continue;
        }
        let prev = if i > 0 { words[i - 1].as_str() } else { "" };
        // "staged a hunger strike", "called off the strike": the object noun is the event.
        if promoted.is_none() {
            if let Some((k, c)) = light_object(&words, toks, i) {
                promoted = Some((k, c, i));
                i += 1;
                continue;
            }
        }
        let mut found: Option<(String, usize, bool)> = None; // code, width, nominal
        let mut light = false;
        // The light verb whose subject is the promoted event's subject.
        let mut subj_i = i;
        if let Some((k, c, v)) = promoted.take() {
            if k == i {
                found = Some((c, 1, false));
                light = true;
                subj_i = v;
            } else if k > i {
                promoted = Some((k, c, v));
            }
        }
        let adjectival = i == 0 && (words[i].ends_with("ed") || words[i].ends_with("ing"));
        // An "-ing" homograph after a form of "be" is a progressive verb ("has been
        // holding").
        let progressive = words[i].ends_with("ing") && BE.contains(&prev) && prev != "'s";
        let noun_homograph = NOUN_HOMOGRAPHS.contains(&words[i].as_str())
            && !progressive
            && !matches!(
                prev,
                "to" | "will"
                    | "would"
                    | "could"
                    | "may"
                    | "might"
                    | "must"
                    | "should"
                    | "it"
                    | "they"
                    | "he"
                    | "she"
                    | "we"
                    | "also"
                    | "not"
            );
        // "carried a consignment of missiles": too general a verb alone, a transfer of
        // arms with materiel as its object.
        let carries_materiel = matches!(words[i].as_str(), "carry" | "carried" | "carries")
            && words.get(i + 1).is_some_and(|w| w != "out")
            && words[(i + 1).min(n)..(i + 8).min(n)]
                .iter()
                .any(|w| MATERIEL.contains(&w.as_str()));
        // "US sanctions imposed on May 13", "the curfew was declared": a light verb right
        // after an event noun just coded is that event's verb, not a second event.
        let of_coded_noun = LIGHT_VERBS.contains(&words[i].as_str()) && {
            let mut k = i;
            if k >= 2 && BE.contains(&prev) {
                k -= 1;
            }
            k >= 1
                && nominal_at(&words, toks, k - 1).is_some()
                && out
                    .last()
                    .is_some_and(|c: &Coded| c.event.trigger.end as usize == toks[k - 1].end)
        };
        // "a sign of deepening ties", "signs of easing tension": a trend read into
        // something, not a report of an act.
        let trend = words[i].ends_with("ing")
            && i >= 2
            && prev == "of"
            && matches!(
                words[i - 2].as_str(),
                "sign" | "signs" | "signal" | "signals" | "indication" | "symbol" | "symptom"
            );
        if !light
            && (!stop_verb(&words[i]) || carries_materiel)
            && (!t.cap || i == 0)
            && !adjectival
            && !noun_homograph
            && !of_coded_noun
            && !trend
        {
            if let Some((v, w)) = ctx.tables.verb_at(&words, i) {
                let nominal_ctx = DETERMINERS.contains(&prev);
                if !nominal_ctx {
                    // Patterns look at a few words either side, within the clause.
                    let stop = |x: &String| {
                        matches!(
                            x.as_str(),
                            "," | ";" | "." | "that" | "which" | "who" | "\""
                        )
                    };
                    let mut b0 = i;
                    while b0 > 0 && i - b0 < 4 && !stop(&words[b0 - 1]) {
                        b0 -= 1;
                    }
                    let a0 = (i + w).min(n);
                    let mut a1 = a0;
                    while a1 < n && a1 - a0 < 7 && !stop(&words[a1]) {
                        a1 += 1;
                    }
                    let before = &words[b0..i];
                    // Words of a date are not words of the event ("detained on March
                    // 25" is no march; "held in May" names no may).
                    let after_kept: Vec<String> = words[a0..a1]
                        .iter()
                        .zip(&toks[a0..a1])
                        .filter(|(_, t)| !in_time_expr(ctx.times, t))
                        .map(|(w, _)| w.clone())
                        .collect();
                    let after = after_kept.as_slice();
                    let lemma = ctx
                        .tables
                        .verbs
                        .get(v)
                        .map(|x| x.lemma.as_str())
                        .unwrap_or("");
                    let code = match ctx.tables.code_for(v, before, after) {
                        Some(Some(c)) if c == "050" && lemma == "agree" => Some("030".to_string()),
                        // "was greeted at the airport by", "greeted the delegation": a
                        // visitor received, hosting a visit (CAMEO 043), not praise.
                        _ if lemma == "greet"
                            && (BE.contains(&prev)
                                || after
                                    .iter()
                                    .take(3)
                                    .any(|w| VISITORS.contains(&w.as_str()))) =>
                        {
                            Some("043".to_string())
                        }
                        _ if lemma == "welcome" => Some("051".to_string()),
                        // "voted for the resolution", "voted against the bill": a
                        // decision on a text (CAMEO 014, as the verb dictionary codes
                        // "vote" with a proposal), not an agreement with another actor.
                        _ if lemma == "vote"
                            && after.first().is_some_and(|w| {
                                matches!(w.as_str(), "for" | "against" | "on" | "in")
                            })
                            // Read past the clause stops: "for that resolution".
                            && words[a0..(a0 + 4).min(n)]
                                .iter()
                                .any(|w| VOTED_TEXTS.contains(&w.as_str())) =>
                        {
                            Some("014".to_string())
                        }
                        // "ordered X to appear": a demand (CAMEO 10).
                        _ if lemma == "order" && after.iter().any(|w| w == "to") => {
                            Some("100".to_string())
                        }
                        // "head to X", "headed for X": travel, a visit.
                        _ if lemma == "head"
                            && after.iter().any(|w| {
                                matches!(w.as_str(), "to" | "for" | "toward" | "towards")
                            }) =>
                        {
                            Some("042".to_string())
                        }
                        // "sent troops": a deployment; "dispatched inspectors": an inquiry.
                        _ if matches!(lemma, "send" | "deploy" | "dispatch")
                            && after.iter().any(|w| TROOPS.contains(&w.as_str())) =>
                        {
                            Some("154".to_string())
                        }
                        _ if matches!(lemma, "send" | "deploy" | "dispatch")
                            && after.iter().any(|w| {
                                matches!(
                                    w.as_str(),
                                    "inspectors" | "investigators" | "monitors" | "observers"
                                )
                            }) =>
                        {
                            Some("090".to_string())
                        }
                        // "eased restrictions", "relaxed the curfew": yielding (CAMEO 081).
                        _ if matches!(lemma, "ease" | "relax" | "loosen") => ease_code(after)
                            .map(str::to_string)
                            .or(Some("081".to_string())),
                        // "prevented the demonstration", "banned the rally": restricting
                        // political freedoms (CAMEO 1721).
                        _ if matches!(
                            lemma,
                            "prevent" | "ban" | "outlaw" | "forbid" | "prohibit" | "stop"
                        ) && after.iter().take(4).any(|w| {
                            matches!(
                                w.as_str(),
                                "demonstration"
                                    | "demonstrations"
                                    | "protest"
                                    | "protests"
                                    | "rally"
                                    | "rallies"
                                    | "march"
                                    | "marches"
                            )
                        }) =>
                        {
                            Some("1721".to_string())
                        }
                        // "shared intelligence with": cooperation (CAMEO 062).
                        _ if lemma == "share" && after.iter().any(|w| w == "with") => {
                            Some("062".to_string())
                        }
                        // "received a delegation": hosting a visit (CAMEO 043).
                        _ if lemma == "receive"
                            && after.iter().any(|w| VISITORS.contains(&w.as_str())) =>
                        {
                            Some("043".to_string())
                        }
                        _ if lemma == "defend" => Some("052".to_string()),
                        _ if lemma == "mobilize" || lemma == "mobilise" => Some("154".to_string()),
                        // "flew to Moscow": travel, a visit (CAMEO 042).
                        _ if matches!(
                            words[i].as_str(),
                            "flew" | "fly" | "flies" | "flying" | "flown"
                        ) && after.first().is_some_and(|w| w == "to") =>
                        {
                            Some("042".to_string())
                        }
                        // "protesters gathered outside the embassy": a demonstration.
                        _ if PROTESTERS_GATHER.iter().any(|p| words[i].starts_with(p))
                            && before.iter().any(|w| PROTESTERS.contains(&w.as_str())) =>
                        {
                            Some("141".to_string())
                        }
                        _ if lemma == "protest" && matches!(prev, "to" | "in") => {
                            Some("140".to_string())
                        }
                        _ if matches!(
                            lemma,
                            "dismiss" | "rebuff" | "spurn" | "veto" | "renege"
                        ) =>
                        {
                            Some("120".to_string())
                        }
                        // "vowed to fight", "swore to retaliate": a threat of force.
                        _ if matches!(
                            lemma,
                            "vow" | "swear" | "pledge" | "promise" | "threaten"
                        ) && after.first().is_some_and(|w| w == "to")
                            && after.get(1).is_some_and(|w| VIOLENT.contains(&w.as_str())) =>
                        {
                            Some("138".to_string())
                        }
                        // "blocked streets": obstruction as protest.
                        _ if matches!(lemma, "block" | "barricade")
                            && after.iter().take(3).any(|w| {
                                matches!(
                                    w.as_str(),
                                    "streets" | "roads" | "road" | "highway" | "traffic" | "street"
                                )
                            }) =>
                        {
                            Some("144".to_string())
                        }
                        _ if (matches!(
                            lemma,
                            "send"
                                | "supply"
                                | "deliver"
                                | "provide"
                                | "ship"
                                | "transfer"
                                | "give"
                                | "hand over"
                        ) || (lemma == "carry"
                            && (!words[i].ends_with("ing") || progressive)))
                            && after.iter().any(|x| MATERIEL.contains(&x.as_str())) =>
                        {
                            Some("072".to_string())
                        }
                        _ if matches!(
                            lemma,
                            "send"
                                | "supply"
                                | "deliver"
                                | "provide"
                                | "ship"
                                | "donate"
                                | "hand over"
                        ) && after.iter().any(|x| AID_GOODS.contains(&x.as_str())) =>
                        {
                            Some("073".to_string())
                        }
                        Some(Some(c)) => Some(c),
                        Some(None) => None,
                        None => match lemma {
                            "deny" | "reject" | "refuse" | "rebuff" | "rule out" => {
                                Some("120".to_string())
                            }
                            _ => None,
                        },
                    };
                    if let Some(c) = code {
                        found = Some((c, w, false));
                    }
                }
            }
        }
        // "hunger strike", "a general strike": nominal, not the verb.
        if !light
            && matches!(words[i].as_str(), "strike" | "strikes")
            && !matches!(
                prev,
                "to" | "will" | "would" | "could" | "may" | "might" | "did" | "not"
            )
        {
            found = Some((
                if prev == "hunger" { "142" } else { "143" }.to_string(),
                1,
                true,
            ));
        }
        // "sanctioned three companies", "firms sanctioned by the US" (the verb is absent
        // from the verb dictionary, which has only the noun): sanctions (CAMEO 163).
        if found.is_none()
            && !light
            && matches!(words[i].as_str(), "sanction" | "sanctioned" | "sanctioning")
            && !DETERMINERS.contains(&prev)
            && (!t.cap || i == 0)
        {
            found = Some(("163".to_string(), 1, false));
        }
        // "travelled to X" (British spelling, absent from the verb dictionary): a visit.
        if found.is_none()
            && matches!(
                words[i].as_str(),
                "travelled" | "travelling" | "travel" | "travels" | "traveled" | "traveling"
            )
            && words.get(i + 1).is_some_and(|w| w == "to")
        {
            found = Some(("042".to_string(), 1, false));
        }
        // "sought refuge/asylum": an appeal to the host (CAMEO 02); "is committed to":
        // an intent to cooperate (CAMEO 030).
        if found.is_none()
            && !light
            && matches!(words[i].as_str(), "sought" | "seek" | "seeks" | "seeking")
            && words
                .get(i + 1)
                .is_some_and(|w| matches!(w.as_str(), "refuge" | "asylum" | "shelter"))
        {
            found = Some(("020".to_string(), 2, false));
        }
        if found.is_none()
            && !light
            && words[i] == "committed"
            && BE.contains(&prev)
            && words.get(i + 1).is_some_and(|w| w == "to")
        {
            found = Some(("030".to_string(), 1, false));
        }
        // "handed over" (absent from the verb dictionary): aid when goods are handed
        // over, else a return or release.
        if found.is_none()
            && !light
            && matches!(words[i].as_str(), "hand" | "hands" | "handed" | "handing")
            && words.get(i + 1).is_some_and(|w| w == "over")
        {
            let obj = &words[(i + 2).min(n)..(i + 9).min(n)];
            let code = if obj.iter().any(|x| MATERIEL.contains(&x.as_str())) {
                "072"
            } else if obj.iter().any(|x| AID_GOODS.contains(&x.as_str())) {
                "073"
            } else {
                "084"
            };
            found = Some((code.to_string(), 2, false));
        }
        if found.is_none() {
            // Not inside a name ("the Ceasefire Committee").
            if let Some(c) = nominal_at(&words, toks, i) {
                found = Some((c.to_string(), 1, true));
            }
        }
        // "X said Y must/should do Z": a demand even when Z is not a coded verb.
        if found.is_none()
            && !t.cap
            && i >= 1
            && matches!(prev, "must" | "should")
            && !matches!(words[i].as_str(), "be" | "not" | "have")
        {
            found = Some(("100".to_string(), 1, false));
        }
        let Some((cameo, width, nominal)) = found else {
            i += 1;
            continue;
        };
        let Some(pc) = ctx.tables.plover(&cameo) else {
            i += width;
            continue;
        };
        let trigger = Span::new(toks[i].start, toks[(i + width - 1).min(n - 1)].end);
        let (category, mode, context) = (pc.category.clone(), pc.mode.clone(), pc.context.clone());
        let (mut category, mut mode) = remap_category(&cameo, category, mode);
        // Statement this trigger belongs to: innermost content containing it (the last
        // of equals, so a "citing" source wins over the outlet).
        let mut owner: Option<usize> = None;
        for (ai, a) in ctx.atts.iter().enumerate() {
            if a.content.iter().any(|c| within(trigger, *c)) {
                let len = a.content_hull().map(|h| h.len()).unwrap_or(usize::MAX);
                let better = owner
                    .and_then(|o| ctx.atts[o].content_hull())
                    .is_none_or(|h| len <= h.len());
                if better {
                    owner = Some(ai);
                }
            }
        }
        // Statement whose cue this trigger is.
        let cue_of = ctx
            .atts
            .iter()
            .position(|a| a.cue.iter().any(|c| c.overlaps(&trigger)));
        let (clause, region) = clause_bounds(toks, i, owner.map(|o| &ctx.atts[o]));
        let mut fact = factuality(&words, i, clause, region, nominal);
        if let Some(ci) = cue_of {
            let a = &ctx.atts[ci];
            let cond = a.content.iter().any(|c| {
                let t = ctx.text.get(c.start as usize..c.end as usize).unwrap_or("");
                t.split_whitespace()
                    .any(|w| matches!(w.to_lowercase().as_str(), "if" | "unless"))
            });
            if cond && matches!(category.as_str(), "THREATEN") {
                fact = Factuality::Conditional;
            }
        }
        // "would pay a price" is an idiom of threat, not a payment.
        if matches!(words[i].as_str(), "pay" | "pays" | "paid")
            && words.get(i + 2).is_some_and(|w| w == "price")
        {
            i += width;
            continue;
        }
        let must = words[clause.0..i]
            .iter()
            .rev()
            .take(4)
            .any(|w| matches!(w.as_str(), "must" | "should"));
        if must && owner.is_some() {
            category = "REQUEST".into();
            mode = None;
        } else if matches!(
            fact,
            Factuality::Planned | Factuality::Conditional | Factuality::Hypothetical
        ) && matches!(
            category.as_str(),
            "SANCTION" | "COERCE" | "ASSAULT" | "PROTEST"
        ) && !nominal
        {
            // A conflictual action announced or made conditional is a threat (an
            // announced deployment stays a mobilization).
            category = "THREATEN".into();
            mode = None;
        }
        // Refusing or ruling out cooperation is a rejection; a plain negation ("has not
        // sent", "never supplied") keeps its category and is coded as negated.
        if fact == Factuality::Negated
            && !nominal
            && refusal_before(&words, i, clause)
            && matches!(
                category.as_str(),
                "AGREE" | "SUPPORT" | "COOPERATE" | "AID" | "CONSULT" | "CONCEDE" | "RETREAT"
            )
        {
            category = "REJECT".into();
            mode = None;
            fact = Factuality::Asserted;
        }
        // PLOVER: future cooperative actions are AGREE (the gold records also code
        // promised releases and concessions so); a planned or conditional withdrawal
        // is a threat.
        if matches!(
            fact,
            Factuality::Planned | Factuality::Predicted | Factuality::Conditional
        ) && !nominal
        {
            let willing = words[clause.0.max(i.saturating_sub(4))..i].iter().any(|w| {
                matches!(
                    w.as_str(),
                    "willing" | "ready" | "prepared" | "agreed" | "offered" | "agree"
                )
            });
            if category == "RETREAT"
                && !willing
                && (mode.as_deref() == Some("withdraw") || words[i].starts_with("withdr"))
            {
                category = "THREATEN".into();
                mode = None;
            } else if matches!(
                category.as_str(),
                "CONSULT" | "SUPPORT" | "COOPERATE" | "AID" | "RETREAT" | "CONCEDE"
            ) && (fact != Factuality::Conditional || category == "CONSULT")
                // A predicted trip ("is likely to travel to") is a visit, not a promise.
                && !(fact == Factuality::Predicted && cameo.starts_with("04"))
            {
                category = "AGREE".into();
                mode = None;
            }
        }
        // The stance of the statement reporting the event qualifies it.
        if let Some(o) = owner {
            fact = match (ctx.atts[o].stance, fact) {
                (Stance::Deny, Factuality::Asserted) => Factuality::Negated,
                (Stance::Deny, Factuality::Negated) => Factuality::Asserted,
                (Stance::DeclineToConfirm, Factuality::Asserted) => Factuality::Uncertain,
                (Stance::Predict, Factuality::Asserted) => Factuality::Predicted,
                (_, f) => f,
            };
        }
        let (source, target) = arguments(
            ctx,
            toks,
            i,
            width,
            clause,
            &mentions,
            cue_of.map(|c| &ctx.atts[c]),
            // A threat's recipient is often named in its condition ("if the US ...").
            if category == "THREATEN" {
                region.1.max(clause.1)
            } else {
                clause.1
            },
            subj_i,
            nominal,
        );
        // A speech act's source is its speaker, never an actor inside its content.
        let (source, target) = match cue_of {
            Some(ci) => {
                let speaker: Vec<Actor> = speaker_mentions(ctx, &ctx.atts[ci])
                    .iter()
                    .map(|m| actor(ctx.text, m))
                    .collect();
                if speaker.is_empty() {
                    (source, target)
                } else {
                    let target = target
                        .into_iter()
                        .filter(|a| !speaker.iter().any(|b| b.text == a.text))
                        .collect();
                    (speaker, target)
                }
            }
            None => (source, target),
        };
        // "X said Y must do Z": X demands of Y.
        let (mut source, mut target) = match owner {
            Some(o) if must => {
                let speaker: Vec<Actor> = speaker_mentions(ctx, &ctx.atts[o])
                    .iter()
                    .map(|m| actor(ctx.text, m))
                    .collect();
                if speaker.is_empty() {
                    (source, target)
                } else {
                    (speaker, source)
                }
            }
            _ => (source, target),
        };
        // A transfer's recipient is its destination ("carried the first consignment of
        // Iranian missile parts to Russia": Russia, not the parts' origin).
        if category == "AID" {
            if let Some(dest) = destination(ctx, toks, i + width, clause.1, &mentions) {
                target = dest;
            }
        }
        // The PLOVER records code a domestic action's recipient as the actor's own
        // country ("police arrested protesters" → target = the police's country); joint
        // and cooperative events name no recipient from the actors themselves.
        let cooperative = matches!(
            category.as_str(),
            "AGREE" | "CONSULT" | "SUPPORT" | "COOPERATE" | "MOBILIZE" | "AID"
        );
        if cooperative {
            target.retain(|a| !source.iter().any(|b| b.code.is_some() && b.code == a.code));
        } else if target.is_empty() {
            target = source
                .iter()
                .map(|a| Actor {
                    code: a.code.clone(),
                    sector: None,
                    text: String::new(),
                    entity: None,
                })
                .collect();
        }
        let (mut date, mut basis) = event_date(
            ctx,
            toks,
            i,
            width,
            nominal,
            s,
            owner.map(|o| &ctx.atts[o]),
            fact,
        );
        // A definite event noun governed by a preposition ("officials familiar with
        // intelligence on the talks", "details of the visit") refers to an event told of
        // elsewhere: the clause's subject is not its agent, and a time expression of the
        // clause that does not follow it at once is not its date.
        // Its own agent ("the detention of the crew by Chile") and a date after it in its
        // clause ("... by Chile on Monday") stay.
        let reference = nominal && prepositional_reference(&words, i);
        if reference {
            let end = clause.1.min(words.len());
            let by_agent = words
                .get(i + width..end)
                .is_some_and(|w| w.iter().any(|x| x == "by"));
            if !by_agent {
                source.clear();
                // The domestic default copied the cleared subject as recipient.
                target.retain(|a| !a.text.is_empty());
            }
            let after = toks.get(i + width).map(|t| t.start).unwrap_or(usize::MAX);
            let dated_after = ctx.times.iter().any(|t| {
                within(t.span, s)
                    && t.span.start as usize >= after
                    && date.as_deref() == Some(t.value.split('T').next().unwrap_or(""))
            });
            if basis == DateBasis::Explicit && !dated_after {
                date = ctx.pub_date.map(|d| d.format("%Y-%m-%d").to_string());
                basis = DateBasis::PublicationFallback;
            }
        }
        // A nominal without actors is kept only as a definite, dated reference to one
        // event ("last week's naval drills", "the talks on Monday") or a definite one
        // after a preposition ("the text of the memorandum"): the linker can place it by
        // its date, its article and its words; a bare "drills" or "sanctions" says
        // nothing.
        if nominal
            && source.is_empty()
            && target.is_empty()
            && owner.is_none()
            && !(basis == DateBasis::Explicit && definite_before(&words, i, clause.0))
            && !reference
        {
            i += width;
            continue;
        }
        let relative = words[clause.0.max(i.saturating_sub(4))..i].iter().any(|w| {
            matches!(
                w.as_str(),
                "that" | "which" | "who" | "whom" | "whose" | "where"
            )
        });
        out.push(Coded {
            nominal,
            relative,
            event: Event {
                category,
                mode,
                context,
                cameo: Some(cameo),
                source,
                target,
                location: None,
                date,
                date_basis: basis,
                factuality: fact,
                attributed_to: owner.map(|o| o as u32),
                sentence: s,
                trigger,
            },
            matrix: owner.is_none() || cue_of.is_some(),
        });
        i += width;
    }
    out
}

/// Whether the negation before trigger `i` is a refusal or a ruling-out ("refused to",
/// "will not", "won't", "unwilling to") rather than a report that something did not happen.
fn refusal_before(words: &[String], i: usize, clause: (usize, usize)) -> bool {
    let lo = i.saturating_sub(6).max(clause.0);
    let w = &words[lo..i];
    w.iter().enumerate().any(|(k, x)| {
        let next = w.get(k + 1).map(|s| s.as_str()).unwrap_or("");
        match x.as_str() {
            "refused" | "refuses" | "refuse" | "refusing" | "declined" | "declines" | "decline"
            | "unwilling" | "rejected" | "rejects" | "reject" | "ruled" | "rules" | "won't"
            | "wo" => true,
            "will" | "would" | "shall" => matches!(next, "not" | "n't" | "never"),
            _ => false,
        }
    })
}

/// PLOVER-manual adjustments to the 2021 table: international sanctions are SANCTION
/// (mode discontinue), not COERCE.
fn remap_category(cameo: &str, category: String, mode: Option<String>) -> (String, Option<String>) {
    if cameo == "163" {
        return ("SANCTION".into(), Some("discontinue".into()));
    }
    (category, mode)
}

/// Token range `[start, end)` of the clause around token `i`: bounded by the statement
/// content holding it, else by the sentence; cut at ", said"-style frames.
fn clause_bounds(
    toks: &[Tok],
    i: usize,
    owner: Option<&Attribution>,
) -> ((usize, usize), (usize, usize)) {
    let (mut a, mut b) = (0, toks.len());
    if let Some(o) = owner {
        if let Some(c) = o
            .content
            .iter()
            .find(|c| (c.start as usize) <= toks[i].start && toks[i].end <= c.end as usize)
        {
            a = toks
                .iter()
                .position(|t| t.start >= c.start as usize)
                .unwrap_or(0);
            b = toks
                .iter()
                .rposition(|t| t.end <= c.end as usize)
                .map(|x| x + 1)
                .unwrap_or(b);
        }
    }
    let region = (a, b);
    // Clause breaks: ";" and subordinators after a comma.
    for k in (a..i).rev() {
        if toks[k].lower == ";" {
            a = k + 1;
            break;
        }
    }
    for (k, t) in toks.iter().enumerate().take(b).skip(i + 1) {
        if t.lower == ";"
            || matches!(
                t.lower.as_str(),
                "if" | "unless"
                    | "because"
                    | "after"
                    | "before"
                    | "until"
                    | "although"
                    | "while"
                    | "whereas"
            )
            || (t.lower == ","
                && toks.get(k + 1).is_some_and(|n| {
                    matches!(
                        n.lower.as_str(),
                        "which"
                            | "who"
                            | "while"
                            | "but"
                            | "after"
                            | "when"
                            | "as"
                            | "saying"
                            | "adding"
                            | "citing"
                    )
                }))
        {
            b = k;
            break;
        }
    }
    ((a, b), region)
}

/// The actors after the first "to" that follows a transfer's object (tokens `[from,
/// end)`), when a mention starts within two words of it ("to Russia", "to the Russian
/// army") and a mention lies between the trigger and that "to" (else the first
/// mention after the trigger is already the recipient).
fn destination(
    ctx: &Ctx<'_>,
    toks: &[Tok],
    from: usize,
    end: usize,
    mentions: &[&Mention],
) -> Option<Vec<Actor>> {
    let end = end.min(toks.len());
    let k = (from..end).find(|&k| toks[k].lower == "to")?;
    let to_end = toks[k].end;
    let reach = toks.get((k + 3).min(end.saturating_sub(1)))?.end;
    let start = toks.get(from)?.start;
    let between = mentions
        .iter()
        .any(|m| m.span.start as usize >= start && (m.span.end as usize) <= toks[k].start);
    if !between {
        return None;
    }
    let mut after: Vec<&Mention> = mentions
        .iter()
        .copied()
        .filter(|m| (m.span.start as usize) > to_end && (m.span.start as usize) <= reach)
        .collect();
    after.sort_by_key(|m| m.span.start);
    let run = group_run(ctx.text, &after, false);
    (!run.is_empty()).then(|| run.iter().map(|m| actor(ctx.text, m)).collect())
}

/// Whether a word is a present-tense verb form that can head a main clause of the
/// day's news ("comes", "follows", "is"): the third person in "-s", or "come"/"are".
fn present_verb(w: &str) -> bool {
    matches!(w, "is" | "are" | "come" | "comes")
        || (w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !matches!(w, "was" | "has" | "its" | "this" | "days" | "weeks"))
}

/// Days of a TIMEX3 duration of days or weeks ("P5D", "P1W"), at most a month's worth.
fn duration_days(value: &str) -> Option<i64> {
    let rest = value.strip_prefix('P')?;
    let (n, unit) = rest.split_at(rest.len().checked_sub(1)?);
    let n: i64 = n.parse().ok()?;
    let days = match unit {
        "D" => n,
        "W" => 7 * n,
        _ => return None,
    };
    (1..=31).contains(&days).then_some(days)
}

/// Whether the noun at `i` is definite: "the" or a possessive ("last week's") within the
/// three words before it, in its clause (adjectives may come between: "the joint naval
/// drills").
/// Whether the noun at `i` follows a preposition and a definite determiner ("on the
/// talks", "of this visit"): a reference to an event, inside a phrase about something
/// else. Prepositions of time ("after the talks") are left to the dating rules.
fn prepositional_reference(words: &[String], i: usize) -> bool {
    i >= 2
        && matches!(
            words[i - 1].as_str(),
            "the" | "this" | "that" | "these" | "those"
        )
        && matches!(
            words[i - 2].as_str(),
            "on" | "about" | "of" | "into" | "over" | "with" | "from" | "at" | "in"
        )
}

fn definite_before(words: &[String], i: usize, clause_start: usize) -> bool {
    words[clause_start.max(i.saturating_sub(3))..i]
        .iter()
        .any(|w| matches!(w.as_str(), "the" | "'s" | "this" | "these"))
}

/// For a nominal trigger at `i`, a schedule or forecast that follows it in its clause
/// (before `end`): "drills due to start this week", "the talks, set to open on Monday",
/// "the summit, scheduled to begin ..." (planned); "a visit expected to take place ..."
/// (predicted). "Due to" before a noun ("due to the weather", "due to bad weather")
/// gives a cause, not a schedule.
fn scheduled_after(words: &[String], i: usize, end: usize) -> Option<Factuality> {
    let end = end.min(words.len());
    let mut k = i + 1;
    while k + 2 < end && k <= i + 8 {
        let w = words[k].as_str();
        // Another clause: "..., and Chile is expected to respond".
        let coordinated = w == "and" && words[k - 1] == ",";
        if coordinated || matches!(w, ";" | "said" | "says" | "but" | "while" | "after") {
            return None;
        }
        if words[k + 1] == "to" {
            let next = words[k + 2].as_str();
            let verb_like = next.chars().all(|c| c.is_ascii_lowercase())
                && !DETERMINERS.contains(&next)
                && !matches!(
                    next,
                    "his"
                        | "her"
                        | "its"
                        | "their"
                        | "our"
                        | "my"
                        | "your"
                        | "bad"
                        | "poor"
                        | "heavy"
                        | "lack"
                        | "security"
                        | "technical"
                        | "concerns"
                        | "fears"
                );
            if verb_like {
                match w {
                    "due" | "set" | "scheduled" | "slated" | "planned" => {
                        return Some(Factuality::Planned)
                    }
                    "expected" | "likely" => return Some(Factuality::Predicted),
                    _ => {}
                }
            }
        }
        k += 1;
    }
    None
}

fn factuality(
    words: &[String],
    i: usize,
    clause: (usize, usize),
    region: (usize, usize),
    nominal: bool,
) -> Factuality {
    let lo = i.saturating_sub(6).max(clause.0);
    let window: Vec<&str> = words[lo..i].iter().map(|s| s.as_str()).collect();
    let has = |ws: &[&str]| window.iter().any(|w| ws.contains(w));
    let clause_words: Vec<&str> = words[region.0..region.1.min(words.len())]
        .iter()
        .map(|s| s.as_str())
        .collect();
    let conditional = clause_words.iter().any(|w| matches!(*w, "if" | "unless"));
    if nominal {
        // "any such deal would ...", "a possible visit": a hypothetical occurrence.
        let prev2: Vec<&str> = words[i.saturating_sub(2).max(clause.0)..i]
            .iter()
            .map(|s| s.as_str())
            .collect();
        let next2: Vec<&str> = words[(i + 1).min(words.len())..(i + 3).min(words.len())]
            .iter()
            .map(|s| s.as_str())
            .collect();
        if prev2.iter().any(|w| {
            matches!(
                *w,
                "any" | "such" | "possible" | "potential" | "proposed" | "future" | "planned"
            )
        }) || next2
            .iter()
            .any(|w| matches!(*w, "would" | "could" | "might"))
        {
            return Factuality::Hypothetical;
        }
    }
    if nominal {
        if let Some(f) = scheduled_after(words, i, region.1) {
            return f;
        }
    }
    if has(&[
        "not", "n't", "never", "no", "without", "failed", "refused", "declined",
    ]) && !nominal
    {
        return Factuality::Negated;
    }
    if has(&[
        "likely",
        "expected",
        "predicted",
        "forecast",
        "unlikely",
        "poised",
        "bound",
    ]) {
        return Factuality::Predicted;
    }
    if has(&["would"]) {
        return if conditional {
            Factuality::Conditional
        } else {
            Factuality::Hypothetical
        };
    }
    if conditional {
        return Factuality::Conditional;
    }
    if has(&[
        "may",
        "might",
        "could",
        "reportedly",
        "allegedly",
        "possibly",
        "perhaps",
        "considering",
        "weighing",
        "mulling",
        "possible",
        "suspected",
    ]) {
        return Factuality::Uncertain;
    }
    if has(&[
        "will",
        "'ll",
        "shall",
        "willing",
        "committed",
        "ready",
        "plans",
        "plan",
        "planning",
        "planned",
        "intends",
        "intend",
        "intended",
        "scheduled",
        "set",
        "due",
        "going",
        "aims",
        "seeks",
        "wants",
        "prepared",
        "preparing",
        "ready",
        "agreed",
        "pledged",
        "vowed",
        "promised",
        "proposed",
        "offered",
    ]) {
        return Factuality::Planned;
    }
    Factuality::Asserted
}

#[allow(clippy::too_many_arguments)]
fn arguments(
    ctx: &Ctx<'_>,
    toks: &[Tok],
    i: usize,
    width: usize,
    clause: (usize, usize),
    mentions: &[&Mention],
    cue_att: Option<&Attribution>,
    target_end: usize,
    subj_i: usize,
    nominal: bool,
) -> (Vec<Actor>, Vec<Actor>) {
    let tstart = toks[i].start;
    // Where the subject ends: the trigger, or the light verb of a promoted noun.
    let sstart = toks[subj_i.min(i)].start;
    let tend = toks[(i + width - 1).min(toks.len() - 1)].end;
    let cstart = toks.get(clause.0).map(|t| t.start).unwrap_or(0);
    let cend = toks
        .get(target_end.saturating_sub(1))
        .map(|t| t.end)
        .unwrap_or(usize::MAX);
    let in_speaker = |m: &Mention| {
        ctx.atts
            .iter()
            .any(|a| a.source.iter().any(|x| x.overlaps(&m.span)))
    };
    // The speaker of a statement whose content holds the trigger is not its subject;
    // the speaker of another statement ("X rejected Y, saying ...") may be.
    let speaks_about_trigger = |m: &Mention| {
        ctx.atts.iter().any(|a| {
            a.source.iter().any(|x| x.overlaps(&m.span))
                && a.content
                    .iter()
                    .any(|c| (c.start as usize) <= tstart && tend <= c.end as usize)
        })
    };
    // Not from a subordinate clause the trigger is outside of ("allegations that
    // Iran is arming Russia, after consultations": Russia held no consultations).
    let (lo, _, _) = date_clause(toks, ctx.times, i, width, false);
    let sealed = |m: &Mention| {
        toks.iter()
            .position(|t| t.start >= m.span.start as usize)
            .is_some_and(|k| k < lo && date_clause(toks, ctx.times, k, 1, false).2.is_some())
    };
    // Subject group: nearest mentions before the trigger within the clause.
    let mut before: Vec<&Mention> = mentions
        .iter()
        .copied()
        .filter(|m| {
            (m.span.end as usize) <= sstart
                && (m.span.start as usize) >= cstart
                && (cue_att.is_some() || !speaks_about_trigger(m))
                && !sealed(m)
        })
        .collect();
    before.sort_by_key(|m| m.span.start);
    let mut after: Vec<&Mention> = mentions
        .iter()
        .copied()
        .filter(|m| {
            (m.span.start as usize) >= tend && (m.span.end as usize) <= cend && !in_speaker(m)
        })
        .collect();
    after.sort_by_key(|m| m.span.start);
    let group = |ms: &[&Mention], from_end: bool| group_run(ctx.text, ms, from_end);
    // Parse-based subject when available is left to the positional reading for now.
    let _ = ctx.parse;
    // Adjectival participles before "to" ("is committed to", "was determined to") are
    // not passives.
    let adjectival = matches!(
        toks[i].lower.as_str(),
        "committed" | "determined" | "prepared" | "dedicated" | "resolved"
    ) && toks.get(i + 1).is_some_and(|t| t.lower == "to");
    let be_passive = i >= 1
        && !adjectival
        && toks[i].lower.ends_with("ed")
        && toks[i.saturating_sub(2)..i]
            .iter()
            .any(|t| BE.contains(&t.lower.as_str()));
    // The agent: "by" with a mention within four words after it, in the clause.
    let by_idx = toks
        .iter()
        .enumerate()
        .take(target_end.min(toks.len()))
        .skip(i + width)
        .filter(|(_, t)| t.lower == "by")
        .map(|(k, _)| k)
        .find(|&k| {
            let lim = toks
                .get((k + 4).min(toks.len() - 1))
                .map(|t| t.end)
                .unwrap_or(0);
            after
                .iter()
                .any(|m| (m.span.start as usize) > toks[k].start && (m.span.start as usize) <= lim)
        })
        .map(|k| toks[k].end);
    // A participle followed at once by "by" and its agent is passive without a form of
    // "be" ("the ship detained by Estonia", "a firm sanctioned by the US").
    let reduced = i >= 1
        && !adjectival
        && toks[i].lower.ends_with("ed")
        && by_idx.is_some()
        && toks.get(i + width).is_some_and(|t| t.lower == "by");
    let passive = be_passive || reduced;
    // "the detention of the ship by Estonia": a nominal's agent follows "by" (with no
    // relative clause between: "the drills, which were watched by ..." is another act).
    let nominal_agent = (nominal && !passive)
        .then_some(by_idx)
        .flatten()
        .filter(|&b| {
            !toks
                .iter()
                .skip(i + width)
                .take_while(|t| t.end <= b)
                .any(|t| matches!(t.lower.as_str(), "which" | "that" | "who" | "whom"))
        });
    if let Some(b) = nominal_agent {
        let agent: Vec<&Mention> = after
            .iter()
            .copied()
            .filter(|m| m.span.start as usize >= b)
            .collect();
        let patient: Vec<&Mention> = after
            .iter()
            .copied()
            .filter(|m| (m.span.end as usize) < b)
            .collect();
        let codes = |v: Vec<Mention>| v.iter().map(|m| actor(ctx.text, m)).collect::<Vec<_>>();
        return (codes(group(&agent, false)), codes(group(&patient, false)));
    }
    let (src, tgt): (Vec<Mention>, Vec<Mention>) = if passive {
        let agent: Vec<&Mention> = match by_idx {
            Some(b) => after
                .iter()
                .copied()
                .filter(|m| m.span.start as usize >= b)
                .collect(),
            None => Vec::new(),
        };
        // A reduced passive's patient is the phrase right before the participle ("the
        // manager of the Kestrel Sun, the cargo ship detained by Estonia": the ship):
        // mentions before an earlier comma belong to another phrase.
        let patient: Vec<&Mention> = if be_passive {
            before.clone()
        } else {
            let mut j = i;
            if j > clause.0 && toks[j - 1].lower == "," {
                j -= 1;
            }
            let from = toks[clause.0..j]
                .iter()
                .rposition(|t| t.lower == "," || t.lower == ";")
                .map(|k| toks[clause.0 + k].end)
                .unwrap_or(0);
            before
                .iter()
                .copied()
                .filter(|m| m.span.start as usize >= from)
                .collect()
        };
        (group(&agent, false), group(&patient, true))
    } else {
        let mut s = group(&before, true);
        if cue_att.is_none() {
            s = refine_subject(ctx.text, toks, subj_i.min(i), clause, &before, s);
        }
        if s.is_empty() {
            if let Some(a) = cue_att {
                s = mentions
                    .iter()
                    .filter(|m| a.source.iter().any(|x| x.overlaps(&m.span)))
                    .map(|m| (*m).clone())
                    .collect();
            }
        }
        (s, group(&after, false))
    };
    // An event reported by its own actor ("X said it will ...", "X said he is prepared to
    // ..."): a pronoun or missing subject takes the speaker's actors.
    let mut src = src;
    if src.is_empty() && !passive {
        if let Some(o) = ctx
            .atts
            .iter()
            .filter(|a| {
                a.content
                    .iter()
                    .any(|c| (c.start as usize) <= tstart && tend <= c.end as usize)
            })
            .min_by_key(|a| a.content_hull().map(|h| h.len()).unwrap_or(usize::MAX))
        {
            let subj_pron = toks[clause.0..i]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "it" | "they" | "he" | "she" | "we" | "i"));
            // "X announced a suspension": the light verb is the cue, before the content.
            if subj_pron || clause.0 == i || clause.0 > subj_i {
                src = speaker_mentions(ctx, o);
            }
        }
    }
    let codes = |v: Vec<Mention>| v.iter().map(|m| actor(ctx.text, m)).collect::<Vec<_>>();
    if src.is_empty() && !passive {
        // No actor in the clause before the trigger: the nearest one before it in the
        // sentence (outside other statements' speakers).
        if let Some(m) = mentions
            .iter()
            .filter(|m| (m.span.end as usize) <= sstart && !speaks_about_trigger(m) && !sealed(m))
            .max_by_key(|m| m.span.start)
        {
            src.push((*m).clone());
        }
    }
    let s = codes(src);
    let t = codes(tgt);
    (s, t)
}

/// The coded actors of a statement's speaker: the first run of joined mentions in its
/// source span ("the Red Cross operating in Iraq" is the Red Cross).
fn speaker_mentions(ctx: &Ctx<'_>, a: &Attribution) -> Vec<Mention> {
    let mut ms: Vec<&Mention> = ctx
        .mentions
        .iter()
        .filter(|m| m.code.is_some() && a.source.iter().any(|x| x.overlaps(&m.span)))
        .collect();
    ms.sort_by_key(|m| m.span.start);
    group_run(ctx.text, &ms, false)
}

/// Whether the text between two mentions joins them into one actor group ("X and Y",
/// "X's Y", "both X and Y").
fn gap_ok(text: &str, a: usize, b: usize) -> bool {
    let g = text.get(a..b).unwrap_or("x").to_lowercase();
    g.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| {
            matches!(
                w,
                "and" | "the" | "'s" | "’s" | "both" | "of" | "or" | "as" | "well"
            )
        })
}

/// The run of joined mentions at the end (`from_end`) or start of `ms` (sorted by
/// position). A demonym directly before another actor word names the state of an
/// ethnic or political group ("Bosnian Serbs", "Iraqi Kurds"): the second is dropped.
fn group_run(text: &str, ms: &[&Mention], from_end: bool) -> Vec<Mention> {
    let mut g: Vec<Mention> = Vec::new();
    if from_end {
        for m in ms.iter().rev() {
            match g.last() {
                None => g.push((*m).clone()),
                Some(l) if gap_ok(text, m.span.end as usize, l.span.start as usize) => {
                    g.push((*m).clone())
                }
                _ => break,
            }
        }
        g.reverse();
    } else {
        for m in ms.iter() {
            match g.last() {
                None => g.push((*m).clone()),
                Some(l) if gap_ok(text, l.span.end as usize, m.span.start as usize) => {
                    g.push((*m).clone())
                }
                _ => break,
            }
        }
    }
    let mut out: Vec<Mention> = Vec::with_capacity(g.len());
    for m in g {
        let modifier = out.last().is_some_and(|l| {
            let w = text
                .get(l.span.start as usize..l.span.end as usize)
                .unwrap_or("");
            let gap = text
                .get(l.span.end as usize..m.span.start as usize)
                .unwrap_or("x");
            !gap.is_empty()
                && gap.chars().all(char::is_whitespace)
                && !w.contains(char::is_whitespace)
                && is_demonym(w)
                && l.code != m.code
        });
        if !modifier {
            out.push(m);
        }
    }
    out
}

/// Whether a capitalised word looks like a demonym ("Bosnian", "Iraqi", "Turkish").
fn is_demonym(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && (w.ends_with("an")
            || w.ends_with("ish")
            || w.ends_with("ese")
            || w.ends_with('i')
            || w.ends_with("ic"))
}

/// Improves the positional subject `s` (the run of mentions nearest before trigger `i`
/// in `clause`) with three shapes the nearest run gets wrong:
/// - an appositive between subject and verb ("Pakistan, a key U.S. ally, refused"):
///   the mention before the appositive;
/// - a prepositional modifier of the subject's head ("the Turkish and Greek sides of
///   the island of Cyprus agreed", "Russian troops in Ukraine attacked"): the mentions
///   before the head noun;
/// - a verb phrase conjoined without a subject ("Benin opened its borders ..., but was
///   refusing"): the subject at the start of the sentence's first clause.
fn refine_subject(
    text: &str,
    toks: &[Tok],
    i: usize,
    clause: (usize, usize),
    before: &[&Mention],
    s: Vec<Mention>,
) -> Vec<Mention> {
    let tok_at = |pos: usize| toks.iter().position(|t| t.start <= pos && pos < t.end);
    let covered = |k: usize| {
        before
            .iter()
            .any(|m| (m.span.start as usize) <= toks[k].start && toks[k].end <= m.span.end as usize)
    };
    let upto = |k: usize| -> Vec<Mention> {
        let ms: Vec<&Mention> = before
            .iter()
            .copied()
            .filter(|m| (m.span.end as usize) <= toks[k].end)
            .collect();
        group_run(text, &ms, true)
    };
    // Conjoined verb phrase: "and"/"but" then only auxiliaries and adverbs (or nothing:
    // "stopped the ship and arrested its master") before i.
    let mut k = i;
    while k > clause.0
        && matches!(
            toks[k - 1].lower.as_str(),
            "was"
                | "were"
                | "is"
                | "are"
                | "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "still"
                | "also"
                | "then"
                | "later"
                | "not"
                | "never"
                | "already"
                | "again"
                | "been"
                | "now"
                | "did"
                | "does"
                | "do"
                | "n't"
        )
    {
        k -= 1;
    }
    if k > clause.0 && k <= i && matches!(toks[k - 1].lower.as_str(), "and" | "but") {
        // The sentence's first clause must open with its subject.
        let first: Vec<&Mention> = before
            .iter()
            .copied()
            .filter(|m| {
                tok_at(m.span.start as usize).is_some_and(|t| {
                    toks[clause.0..t]
                        .iter()
                        .all(|x| DETERMINERS.contains(&x.lower.as_str()))
                })
            })
            .collect();
        if let Some(f) = first.first() {
            let run: Vec<&Mention> = before
                .iter()
                .copied()
                .filter(|m| m.span.start >= f.span.start)
                .collect();
            let g = group_run(text, &run, false);
            if !g.is_empty() {
                return g;
            }
        }
    }
    let Some(first) = s.first() else {
        return s;
    };
    let Some(fs) = tok_at(first.span.start as usize) else {
        return s;
    };
    let last_end = s.last().map(|m| m.span.end as usize).unwrap_or(0);
    // Appositive: ", a/an/the ... <s> ... ," right before the verb.
    let comma_after = toks[..i]
        .iter()
        .any(|t| t.lower == "," && t.start >= last_end);
    if comma_after {
        let mut k = fs;
        while k > clause.0 && toks[k - 1].lower != "," {
            k -= 1;
        }
        if k > clause.0 + 1
            && toks[k - 1].lower == ","
            && matches!(toks[k].lower.as_str(), "a" | "an" | "the" | "one")
            && covered(k - 2)
        {
            let g = upto(k - 2);
            if !g.is_empty() {
                return g;
            }
        }
    }
    // Prepositional modifier: <E> head-noun (1–2 words) of/in/from ... <s>.
    let mut k = fs;
    let mut steps = 0;
    while k > clause.0 && steps < 10 {
        let w = toks[k - 1].lower.as_str();
        if toks[k - 1].punct || BE.contains(&w) || matches!(w, "that" | "which" | "who") {
            break;
        }
        if covered(k - 1) {
            break;
        }
        k -= 1;
        steps += 1;
    }
    if k > clause.0 && k < fs && covered(k - 1) {
        // Tokens k..fs: up to two head words, then a preposition ("of", "in", "from").
        let prep = (k..(k + 3).min(fs)).find(|&p| {
            matches!(toks[p].lower.as_str(), "of" | "in" | "from")
                && toks[k..p].iter().all(|t| !t.cap && !t.punct)
        });
        if prep.is_some() {
            let g = upto(k - 1);
            if !g.is_empty() {
                return g;
            }
        }
    }
    s
}

/// Words that open a subordinate or relative clause: a time expression after one of
/// them dates that clause's verb, not a verb outside it.
const CLAUSE_OPENERS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "where", "when", "after", "before", "since", "until",
    "while", "because", "although", "if", "unless", ";",
];

/// Openers of a clause whose event lies before or after the time of the clause it hangs
/// on ("two weeks after the ministers signed"): that clause's date is not its date.
const SHIFTING_OPENERS: &[&str] = &["after", "before", "since", "until"];

/// The clause of token `i` for dating: the tokens `[lo, hi)` between the nearest clause
/// openers either side (openers inside time expressions do not count: "that day"), and
/// the opener that starts it, if any. A `nominal` trigger keeps the relative clause
/// right after it.
fn date_clause<'t>(
    toks: &'t [Tok],
    times: &[TimeExpr],
    i: usize,
    width: usize,
    nominal: bool,
) -> (usize, usize, Option<&'t str>) {
    let opener = |k: usize| {
        let w = toks[k].lower.as_str();
        let prev = if k > 0 {
            toks[k - 1].lower.as_str()
        } else {
            ""
        };
        CLAUSE_OPENERS.contains(&w)
            && !in_time_expr(times, &toks[k])
            // "have since agreed", "ever since": an adverb, not a conjunction.
            && !(w == "since" && matches!(prev, "have" | "has" | "had" | "'ve" | "ever"))
            // A noun's own relative clause describes it: "the memorandum that the
            // ministers signed last month" is dated by that clause.
            && !(nominal && k == i + width && matches!(w, "that" | "which"))
    };
    let mut lo = 0;
    let mut first = None;
    for k in (0..i.min(toks.len())).rev() {
        if opener(k) {
            lo = k + 1;
            first = Some(toks[k].lower.as_str()).filter(|w| *w != ";");
            break;
        }
    }
    let mut hi = toks.len();
    for k in (i + width).min(toks.len())..toks.len() {
        if opener(k) {
            hi = k;
            break;
        }
    }
    (lo, hi, first)
}

#[allow(clippy::too_many_arguments)]
fn event_date(
    ctx: &Ctx<'_>,
    toks: &[Tok],
    i: usize,
    width: usize,
    nominal: bool,
    s: Span,
    owner: Option<&Attribution>,
    fact: Factuality,
) -> (Option<String>, DateBasis) {
    let pos = toks[i].start as i64;
    let dated = |t: &&TimeExpr| {
        within(t.span, s)
            && t.value.chars().next().is_some_and(|c| c.is_ascii_digit())
            && !t.value.starts_with('P')
    };
    let in_owner =
        |t: &TimeExpr| owner.is_some_and(|o| o.content.iter().any(|c| within(t.span, *c)));
    let cands: Vec<&TimeExpr> = ctx.times.iter().filter(dated).collect();
    let pick = |v: Vec<&TimeExpr>| {
        v.into_iter()
            .min_by_key(|t| (t.span.start as i64 - pos).abs())
            .map(|t| t.value.split('T').next().unwrap_or("").to_string())
    };
    // Token index of a time expression's first word.
    let tok_of = |t: &TimeExpr| toks.iter().position(|k| k.end > t.span.start as usize);
    let (lo, hi, opener) = date_clause(toks, ctx.times, i, width, nominal);
    let in_clause = |t: &TimeExpr| tok_of(t).is_some_and(|k| lo <= k && k < hi);
    // A time expression in another subordinate or relative clause dates that clause's
    // verb ("the shipment, which the paper reported on March 3").
    let foreign = |t: &TimeExpr| {
        !in_clause(t)
            && tok_of(t).is_some_and(|k| date_clause(toks, ctx.times, k, 1, false).2.is_some())
    };
    let own: Vec<&TimeExpr> = cands.iter().copied().filter(|t| in_clause(t)).collect();
    let own_inside: Vec<&TimeExpr> = own
        .iter()
        .copied()
        .filter(|t| owner.is_none() || in_owner(t))
        .collect();
    if let Some(v) = pick(own_inside).or_else(|| pick(own)) {
        return (Some(v), DateBasis::Explicit);
    }
    let shifted = opener.is_some_and(|w| SHIFTING_OPENERS.contains(&w));
    if !shifted {
        let allowed: Vec<&TimeExpr> = cands.iter().copied().filter(|t| !foreign(t)).collect();
        let inside: Vec<&TimeExpr> = allowed
            .iter()
            .copied()
            .filter(|t| owner.is_none() || in_owner(t))
            .collect();
        if let Some(v) = pick(inside) {
            return (Some(v), DateBasis::Explicit);
        }
        if owner.is_some() {
            let outside: Vec<&TimeExpr> =
                allowed.iter().copied().filter(|t| !in_owner(t)).collect();
            if let Some(v) = pick(outside) {
                return (Some(v), DateBasis::Explicit);
            }
        }
    }
    // A relative clause that dates an earlier act on this one ("..., which the paper
    // reported on March 3") puts the event before that day: past, not this day's news.
    let told_earlier = ctx.pub_date.is_some_and(|d| {
        cands.iter().any(|t| {
            !in_clause(t)
                && tok_of(t).is_some_and(|k| {
                    matches!(
                        date_clause(toks, ctx.times, k, 1, false).2,
                        Some("which" | "who" | "whom")
                    )
                })
                && t.value
                    .get(..10)
                    .and_then(|v| chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
                    .is_some_and(|v| v < d)
        })
    });
    // "The visit comes five days after the US sanctioned ...": a duration right before
    // "after" puts the clause it opens that long before the main clause, which, with no
    // date of its own, is the publication day's news (as a tense-dated event is).
    // The duration directly before the "after" at token `k`.
    let duration_before = |k: usize| {
        ctx.times.iter().filter(|t| within(t.span, s)).find(|t| {
            let end = t.span.end as usize;
            end <= toks[k].start
                && ctx
                    .text
                    .get(end..toks[k].start)
                    .is_some_and(|g| g.trim().is_empty())
                && duration_days(&t.value).is_some()
        })
    };
    // Only a main clause in the present ("comes", "follows") is the day's news; "came
    // two days after" says nothing of when.
    let present_main = (0..toks.len())
        .find(|&k| toks[k].lower == "after" && duration_before(k).is_some())
        .and_then(duration_before)
        .and_then(&tok_of)
        .and_then(|k| k.checked_sub(1))
        .is_some_and(|k| present_verb(&toks[k].lower));
    let measured = match (ctx.pub_date, opener, lo.checked_sub(1)) {
        (Some(d), Some("after"), Some(k)) if k < toks.len() && present_main => {
            let main_dated = cands.iter().any(|t| tok_of(t).is_some_and(|x| x < k));
            duration_before(k)
                .filter(|_| !main_dated)
                .and_then(|t| duration_days(&t.value))
                .and_then(|n| d.checked_sub_signed(chrono::Duration::days(n)))
        }
        _ => None,
    };
    match (ctx.pub_date, fact) {
        (_, Factuality::Planned | Factuality::Predicted | Factuality::Hypothetical) => {
            (None, DateBasis::Inferred)
        }
        (Some(_), _) if measured.is_some() => (
            measured.map(|m| m.format("%Y-%m-%d").to_string()),
            DateBasis::Explicit,
        ),
        (Some(d), _) if told_earlier => (
            Some(d.format("%Y-%m-%d").to_string()),
            DateBasis::PublicationFallback,
        ),
        // Before or after another dated event, and not dated itself: it happened by
        // the publication day, how long before is not said.
        (Some(d), _) if shifted => (
            Some(d.format("%Y-%m-%d").to_string()),
            DateBasis::PublicationFallback,
        ),
        (Some(d), _) => (Some(d.format("%Y-%m-%d").to_string()), DateBasis::Inferred),
        (None, _) => (None, DateBasis::Inferred),
    }
}
