//! Linking: scan, resolve namesakes, attach titles and agents, follow
//! in-document coreference, and code each mention as of the article's date.

use crate::data::{AliasKind, Class, EntityRec, RoleRec};
use crate::scan::{self, Tok, ALLCAPS, NONE, PUNCT, SENT_START, UPPER};
use crate::{Gazetteer, LinkedMention, Payload, Target, REQ_ALLCAPS, REQ_UPPER};
use chronicle_core::{EntityType, Span};
use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

/// How a mention was linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkBasis {
    /// The words are one of the entity's names.
    Name,
    /// A name with its title or nationality ("Russian Defence Minister Sergei Shoigu").
    Title,
    /// A country or body with a group noun ("North Korean officials" → PRK GOV).
    Agent,
    /// A description resolved to the office holder at the date ("the North Korean leader").
    Description,
    /// A later short form of a name in the same document ("Kirby").
    Coreference,
    /// A form that only means the entity in this document's context ("the North").
    Context,
    /// An externally supplied span that matched nothing.
    Unlinked,
}

/// Countries whose "leader" is the head of government rather than the head of state.
const PARLIAMENTARY: &[&str] = &[
    "GBR", "DEU", "ITA", "JPN", "IND", "ISR", "CAN", "AUS", "ESP", "NLD", "PAK", "HUN", "POL",
    "GRC", "BEL", "SWE", "NOR", "DNK", "IRL", "NZL", "CZE", "SVK", "AUT", "THA", "IRQ", "LBN",
    "ARM", "GEO", "BGD", "NPL",
];

/// Words that may precede a place name without being part of another name.
const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
    "greater",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "occupied",
    "mainland",
];

/// Countries whose contextual forms ("the North", "the South") count in each other's documents.
const NEIGHBOURS: &[(&str, &[&str])] = &[("PRK", &["PRK", "KOR"]), ("KOR", &["PRK", "KOR"])];

#[derive(Debug, Clone)]
struct Item {
    ts: usize,
    te: usize,
    ent: Option<u32>,
    alias: Option<u32>,
    agent: Option<u32>,
    /// Sector set by an agent noun or title.
    sector: Option<String>,
    /// Code for a mention with no entity (an unnamed office holder, an unknown titled person).
    code: Option<String>,
    kind: Option<EntityType>,
    basis: LinkBasis,
    ambiguous: bool,
    candidates: Vec<u32>,
    dead: bool,
}

impl Item {
    fn new(ts: usize, te: usize) -> Item {
        Item {
            ts,
            te,
            ent: None,
            alias: None,
            agent: None,
            sector: None,
            code: None,
            kind: None,
            basis: LinkBasis::Name,
            ambiguous: false,
            candidates: Vec::new(),
            dead: false,
        }
    }
}

/// The role an entity holds at `date` (or now, when `None`).
pub(crate) fn pick_role(e: &EntityRec, date: Option<NaiveDate>) -> Option<&RoleRec> {
    match date {
        Some(d) => e
            .roles
            .iter()
            .filter(|r| !r.undated() && r.holds(d))
            .max_by_key(|r| r.from)
            .or_else(|| e.roles.iter().find(|r| r.undated())),
        None => e
            .roles
            .iter()
            .filter(|r| r.until.is_none() && !r.undated())
            .max_by_key(|r| r.from)
            .or_else(|| e.roles.iter().find(|r| r.undated()))
            .or_else(|| e.roles.iter().max_by_key(|r| r.until)),
    }
}

fn case_ok(g: &Gazetteer, p: &Payload, toks: &[Tok]) -> bool {
    if p.req_len as usize != toks.len() {
        return false;
    }
    if p.weak_single && toks[0].has(SENT_START) {
        return false;
    }
    let reqs = &g.case_reqs[p.req_off as usize..p.req_off as usize + p.req_len as usize];
    reqs.iter().zip(toks).all(|(&r, t)| {
        (r & REQ_UPPER == 0 || t.has(UPPER)) && (r & REQ_ALLCAPS == 0 || t.has(ALLCAPS))
    })
}

fn ent(g: &Gazetteer, i: u32) -> &EntityRec {
    &g.data.entities[i as usize]
}

fn ent_code(g: &Gazetteer, i: u32, date: Option<NaiveDate>) -> Option<String> {
    let e = ent(g, i);
    pick_role(e, date)
        .map(|r| r.code.clone())
        .or_else(|| e.country.clone())
        .or_else(|| e.roles.last().map(|r| r.code.clone()))
}

fn is_word(t: &Tok) -> bool {
    !t.has(PUNCT)
}

/// The longest phrase at token `i` with payloads passing the case checks.
fn longest_at<'a>(
    g: &'a Gazetteer,
    toks: &[Tok],
    i: usize,
    pref: &mut Vec<(usize, &'a [u32])>,
) -> Option<(usize, Vec<u32>)> {
    g.trie.prefixes(toks, i, pref);
    for (end, pls) in pref.iter().rev() {
        let ok: Vec<u32> = pls
            .iter()
            .copied()
            .filter(|&p| case_ok(g, &g.payloads[p as usize], &toks[i..*end]))
            .collect();
        if !ok.is_empty() {
            return Some((*end, ok));
        }
    }
    None
}

/// Longest-match scan: one item per match, with the payloads that pass the case checks.
fn scan_items(g: &Gazetteer, toks: &[Tok]) -> Vec<(usize, usize, Vec<u32>)> {
    let mut out = Vec::new();
    let mut pref = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i].id == NONE {
            i += 1;
            continue;
        }
        let mut found = longest_at(g, toks, i, &mut pref);
        // "the UN Security Council": a match that starts with "the" yields to a longer
        // one starting on the next word.
        if let Some((end, _)) = &found {
            if toks[i].id == g.w_the && i + 1 < toks.len() {
                if let Some((e2, ok2)) = longest_at(g, toks, i + 1, &mut pref) {
                    if e2 > *end {
                        i += 1;
                        found = Some((e2, ok2));
                    }
                }
            }
        }
        match found {
            Some((end, ok)) => {
                out.push((i, end, ok));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

struct Ctx<'a> {
    g: &'a Gazetteer,
    text: &'a str,
    toks: Vec<Tok>,
    date: Option<NaiveDate>,
    items: Vec<Item>,
    /// Token → item index (or usize::MAX).
    cover: Vec<usize>,
}

impl Ctx<'_> {
    fn recover(&mut self) {
        self.cover.clear();
        self.cover.resize(self.toks.len(), usize::MAX);
        for (k, it) in self.items.iter().enumerate() {
            if !it.dead {
                for c in &mut self.cover[it.ts..it.te] {
                    *c = k;
                }
            }
        }
    }

    fn covered(&self, t: usize) -> Option<usize> {
        self.cover.get(t).copied().filter(|&k| k != usize::MAX)
    }

    fn word(&self, t: usize) -> &str {
        let tk = &self.toks[t];
        &self.text[tk.start as usize..tk.end as usize]
    }

    fn class(&self, k: usize) -> Option<Class> {
        self.items[k].ent.map(|e| ent(self.g, e).class)
    }

    fn alias_kind(&self, k: usize) -> Option<AliasKind> {
        let it = &self.items[k];
        Some(ent(self.g, it.ent?).aliases[it.alias? as usize].kind)
    }

    fn is_title_tok(&self, t: usize) -> bool {
        self.g.title_words.contains(&self.toks[t].id)
    }
}

fn resolve(ctx: &mut Ctx, raws: Vec<(usize, usize, Vec<u32>)>, doc_ids: &FxHashSet<u32>) {
    let g = ctx.g;
    // Codes named unambiguously in the document, for scoring namesakes.
    let mut doc_codes: FxHashMap<String, u32> = FxHashMap::default();
    for (_, _, pls) in &raws {
        let ents: FxHashSet<u32> = pls
            .iter()
            .filter_map(|&p| match g.payloads[p as usize].target {
                Target::Alias(e, _) => Some(e),
                Target::Agent(_) => None,
            })
            .collect();
        if ents.len() == 1 {
            if let Some(&e) = ents.iter().next() {
                if let Some(c) = ent_code(g, e, ctx.date) {
                    *doc_codes.entry(c).or_default() += 1;
                }
            }
        }
    }
    for (ts, te, pls) in raws {
        let mut it = Item::new(ts, te);
        let mut cands: Vec<(u32, u32)> = Vec::new();
        for &p in &pls {
            match g.payloads[p as usize].target {
                Target::Alias(e, a) => {
                    if !cands.iter().any(|(x, _)| *x == e) {
                        cands.push((e, a));
                    }
                }
                Target::Agent(a) => it.agent = Some(a),
            }
        }
        let first = &ctx.toks[ts];
        if !cands.is_empty() && it.agent.is_some() && (!first.has(UPPER) || first.has(SENT_START)) {
            cands.clear();
        }
        if cands.is_empty() {
            if it.agent.is_none() {
                continue;
            }
            ctx.items.push(it);
            continue;
        }
        it.agent = None;
        if cands.len() == 1 {
            it.ent = Some(cands[0].0);
            it.alias = Some(cands[0].1);
        } else {
            let score = |e: u32| -> i64 {
                let r = ent(g, e);
                let mut s = 0i64;
                let ctxw = &g.context[e as usize];
                s += 3 * ctxw.iter().filter(|w| doc_ids.contains(w)).count() as i64;
                if let Some(d) = ctx.date {
                    let dated: Vec<&RoleRec> = r.roles.iter().filter(|x| !x.undated()).collect();
                    if dated.iter().any(|x| x.holds(d)) {
                        s += 2;
                    } else if !dated.is_empty() && dated.len() == r.roles.len() {
                        s -= 2;
                    }
                }
                if let Some(c) = ent_code(g, e, ctx.date) {
                    s += i64::from(doc_codes.get(&c).copied().unwrap_or(0).min(3));
                }
                s
            };
            let mut scored: Vec<(i64, i32, u32, u32)> = cands
                .iter()
                .map(|&(e, a)| (score(e), ent(g, e).priority, e, a))
                .collect();
            scored.sort_by_key(|y| std::cmp::Reverse((y.0, y.1)));
            it.ent = Some(scored[0].2);
            it.alias = Some(scored[0].3);
            it.ambiguous = scored.len() > 1 && scored[1].0 == scored[0].0;
            if it.ambiguous {
                it.candidates = scored.iter().skip(1).map(|x| x.2).collect();
            }
        }
        ctx.items.push(it);
    }
}

/// Capitalised nouns of physical geography that name a feature "of" a country or
/// place ("Gulf of Finland", "Bay of Bengal", "Strait of Hormuz"): the feature is not the
/// country.
const FEATURES: &[&str] = &[
    "gulf", "bay", "sea", "strait", "straits", "isthmus", "cape", "lake", "gulfs", "bight",
    "firth", "sound",
];

/// Whether the item's tokens follow "<Feature> of" ("the Gulf of Finland").
fn after_feature(ctx: &Ctx, ts: usize) -> bool {
    ts >= 2
        && ctx.word(ts - 1) == "of"
        && ctx.toks[ts - 2].has(UPPER)
        && FEATURES.contains(&ctx.word(ts - 2).to_ascii_lowercase().as_str())
}

/// Drop single-word place names glued to an unknown capitalised word ("Michael Jordan",
/// "Washington Post"): they are part of another name. Drop countries and places named
/// as the owner of a geographic feature ("Gulf of Finland"): the mention is the feature.
fn reject_glued(ctx: &mut Ctx) {
    ctx.recover();
    for k in 0..ctx.items.len() {
        let it = &ctx.items[k];
        if it.dead || it.ent.is_none() {
            continue;
        }
        if matches!(ctx.class(k), Some(Class::Country | Class::Place)) && after_feature(ctx, it.ts)
        {
            ctx.items[k].dead = true;
            continue;
        }
        let it = &ctx.items[k];
        if it.te - it.ts != 1 {
            continue;
        }
        let weak = match (it.ent, it.alias) {
            (Some(e), Some(a)) => ent(ctx.g, e).aliases[a as usize].weak,
            _ => false,
        };
        if !weak && !matches!(ctx.class(k), Some(Class::Country | Class::Place)) {
            continue;
        }
        if matches!(ctx.alias_kind(k), Some(AliasKind::Metonym)) {
            continue;
        }
        let glued = |t: usize| {
            let tk = &ctx.toks[t];
            is_word(tk)
                && tk.has(UPPER)
                && !tk.has(ALLCAPS)
                && ctx.covered(t).is_none()
                && !ctx.is_title_tok(t)
        };
        let direction = |t: usize| DIRECTIONS.contains(&ctx.word(t).to_ascii_lowercase().as_str());
        let prev = it.ts > 0
            && glued(it.ts - 1)
            && !ctx.toks[it.ts - 1].has(SENT_START)
            && !direction(it.ts - 1);
        // "Washington Post", "Moscow Times": a city glued to a name is part of it; a
        // country or demonym before a capitalised word is usually that country's
        // body ("Kenya Anti-Corruption Commission", "Nigerian Union of Teachers").
        // A city name before a person's name is that person's first name ("Vladimir Putin").
        let before_person = it.te < ctx.toks.len()
            && ctx.toks[it.te].has(UPPER)
            && ctx
                .covered(it.te)
                .is_some_and(|m| ctx.class(m) == Some(Class::Person));
        let next = it.te < ctx.toks.len()
            && (glued(it.te) || before_person)
            && (weak || ctx.alias_kind(k) == Some(AliasKind::Capital));
        if prev || next {
            ctx.items[k].dead = true;
        }
    }
}

/// Attach titles and nationalities before a person's name to the person's mention.
fn attach_titles(ctx: &mut Ctx) {
    ctx.recover();
    for k in 0..ctx.items.len() {
        if ctx.items[k].dead || ctx.class(k) != Some(Class::Person) {
            continue;
        }
        let mut start = ctx.items[k].ts;
        let mut t = start;
        let mut countries = 0;
        let mut absorbed: Vec<usize> = Vec::new();
        let mut sector: Option<String> = None;
        while t > 0 && ctx.items[k].ts - t < 10 {
            let p = t - 1;
            if let Some(m) = ctx.covered(p) {
                let it = &ctx.items[m];
                if it.ent.is_none() && it.agent.is_some() {
                    if sector.is_none() {
                        sector = it
                            .agent
                            .map(|a| ctx.g.data.agents[a as usize].sector.clone());
                    }
                    absorbed.push(m);
                    t = it.ts;
                    start = t;
                    continue;
                }
                if matches!(ctx.class(m), Some(Class::Country | Class::Igo)) && countries == 0 {
                    countries += 1;
                    absorbed.push(m);
                    t = it.ts;
                    start = t;
                    continue;
                }
                break;
            }
            let tk = &ctx.toks[p];
            let possessive = tk.id == ctx.g.w_apos || tk.id == ctx.g.w_s && p > 0;
            // A full stop belongs to a title only as an abbreviation's ("Gen. Smith");
            // anywhere else it ends a sentence, and nothing before it is a title.
            if ctx.word(p) == "." && !(p > 0 && ctx.word(p - 1) != "." && ctx.is_title_tok(p - 1)) {
                break;
            }
            if ctx.is_title_tok(p) || possessive {
                t = p;
                // Titles count; "the", "of", "." only inside.
                let w = ctx.word(p).to_ascii_lowercase();
                if !matches!(w.as_str(), "the" | "of" | "." | "for" | "'" | "s") {
                    start = p;
                }
                continue;
            }
            break;
        }
        if start < ctx.items[k].ts {
            for m in absorbed {
                if ctx.items[m].ts >= start {
                    ctx.items[m].dead = true;
                }
            }
            let it = &mut ctx.items[k];
            it.ts = start;
            it.basis = LinkBasis::Title;
            let _ = sector;
        }
    }
}

fn office_holder(g: &Gazetteer, code: &str, office: &str, date: Option<NaiveDate>) -> Option<u32> {
    let office = if office == "hos" && PARLIAMENTARY.contains(&code) {
        "hog"
    } else {
        office
    };
    let holders = g.offices.get(&(code.to_string(), office.to_string()))?;
    let mut found: Vec<u32> = holders
        .iter()
        .filter(|(e, r)| {
            let role = &ent(g, *e).roles[*r as usize];
            match date {
                Some(d) => role.holds(d),
                None => role.until.is_none() && role.from.is_some(),
            }
        })
        .map(|(e, _)| *e)
        .collect();
    found.sort_unstable();
    found.dedup();
    (found.len() == 1).then(|| found[0])
}

/// A word that may stand between a country and its group noun: a title word or an
/// adjective-like word ("civilian", "military", "senior"), not a verb ("supplied").
fn modifier(ctx: &Ctx, t: usize) -> bool {
    if ctx.is_title_tok(t) {
        return true;
    }
    let w = ctx.word(t);
    w.chars().all(|c| c.is_lowercase())
        && ["al", "ian", "ary", "ic", "ese", "ish", "ior", "ive"]
            .iter()
            .any(|s| w.ends_with(s))
}

/// Country + group noun ("North Korean officials"), country + office ("the North Korean
/// leader"), group noun + in/of + country ("rebels in Darfur").
fn attach_agents(ctx: &mut Ctx) {
    ctx.recover();
    let g = ctx.g;
    for k in 0..ctx.items.len() {
        if ctx.items[k].dead || !matches!(ctx.class(k), Some(Class::Country | Class::Igo)) {
            continue;
        }
        if ctx.items[k]
            .ent
            .is_some_and(|e| ent(g, e).class == Class::Igo)
        {
            continue;
        }
        // Forward: up to two free words (or a possessive) between country and agent.
        let mut t = ctx.items[k].te;
        let mut free = 0;
        let mut agent_item = None;
        while t < ctx.toks.len() && free <= 2 {
            if let Some(m) = ctx.covered(t) {
                let it = &ctx.items[m];
                if it.ent.is_none() && it.agent.is_some() && !it.dead {
                    agent_item = Some(m);
                }
                break;
            }
            let tk = &ctx.toks[t];
            if tk.id == g.w_apos || (tk.id == g.w_s && t > 0 && ctx.toks[t - 1].id == g.w_apos) {
                t += 1;
                continue;
            }
            if !is_word(tk) || tk.has(SENT_START) || !modifier(ctx, t) {
                break;
            }
            free += 1;
            t += 1;
        }
        let Some(m) = agent_item else { continue };
        let Some(a) = ctx.items[m].agent else {
            continue;
        };
        let agent = &g.data.agents[a as usize];
        let Some(country) = ctx.items[k].ent.and_then(|e| ent_code(g, e, ctx.date)) else {
            continue;
        };
        let te = ctx.items[m].te;
        ctx.items[m].dead = true;
        let it = &mut ctx.items[k];
        it.te = te;
        it.sector = Some(agent.sector.clone());
        it.basis = LinkBasis::Agent;
        it.kind = Some(EntityType::Org);
        if let Some(office) = &agent.office {
            // A name right after the office is the holder ("... Minister Ivan Petrov").
            let name_follows = te < ctx.toks.len()
                && !ctx.text[ctx.toks[te - 1].end as usize..ctx.toks[te].start as usize]
                    .contains('\n')
                && ctx.toks[te].has(UPPER)
                && is_word(&ctx.toks[te])
                && ctx.covered(te).is_none();
            if name_follows {
                let mut e2 = te;
                while e2 < ctx.toks.len()
                    && e2 - te < 3
                    && ctx.toks[e2].has(UPPER)
                    && is_word(&ctx.toks[e2])
                    && ctx.covered(e2).is_none()
                {
                    e2 += 1;
                }
                let it = &mut ctx.items[k];
                it.te = e2;
                it.ent = None;
                it.alias = None;
                it.code = Some(country);
                it.kind = Some(EntityType::Per);
                it.basis = LinkBasis::Title;
            } else if let Some(p) = office_holder(g, &country, office, ctx.date) {
                let it = &mut ctx.items[k];
                it.ent = Some(p);
                it.alias = None;
                it.sector = None;
                it.kind = Some(EntityType::Per);
                it.basis = LinkBasis::Description;
            }
        }
    }
    ctx.recover();
    // Backward: agent + in/of/from (+ the) + country.
    for m in 0..ctx.items.len() {
        let it = &ctx.items[m];
        if it.dead || it.ent.is_some() || it.agent.is_none() {
            continue;
        }
        let mut t = it.te;
        if t >= ctx.toks.len() {
            continue;
        }
        let w = ctx.toks[t].id;
        if w != g.w_in && w != g.w_of && w != g.w_from {
            continue;
        }
        t += 1;
        if t < ctx.toks.len() && ctx.toks[t].id == g.w_the {
            t += 1;
        }
        let Some(k) = ctx.covered(t) else { continue };
        if ctx.items[k].ts != t
            || ctx.class(k) != Some(Class::Country)
            || ctx.items[k].basis != LinkBasis::Name
        {
            continue;
        }
        let Some(a) = ctx.items[m].agent else {
            continue;
        };
        let sector = g.data.agents[a as usize].sector.clone();
        let ts = ctx.items[m].ts;
        ctx.items[m].dead = true;
        let it = &mut ctx.items[k];
        it.ts = ts;
        it.sector = Some(sector);
        it.basis = LinkBasis::Agent;
        it.kind = Some(EntityType::Org);
    }
}

/// "the North" only where Korea is already in the document.
fn check_contextual(ctx: &mut Ctx) {
    let g = ctx.g;
    let date = ctx.date;
    let codes: FxHashSet<String> = ctx
        .items
        .iter()
        .filter(|it| !it.dead)
        .filter(|it| {
            it.ent.is_some_and(|e| {
                it.alias
                    .is_none_or(|a| ent(g, e).aliases[a as usize].kind != AliasKind::Contextual)
            })
        })
        .filter_map(|it| it.ent.and_then(|e| ent_code(g, e, date)))
        .collect();
    for k in 0..ctx.items.len() {
        if ctx.alias_kind(k) != Some(AliasKind::Contextual) {
            continue;
        }
        let code = ctx.items[k]
            .ent
            .and_then(|e| ent_code(g, e, date))
            .unwrap_or_default();
        let ok = NEIGHBOURS
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, ns)| ns.iter().any(|n| codes.contains(*n)))
            .unwrap_or_else(|| codes.contains(&code));
        if ok {
            ctx.items[k].basis = LinkBasis::Context;
        } else {
            ctx.items[k].dead = true;
        }
    }
}

/// Later short forms of persons named in full earlier ("Kirby", "Kim").
fn coreference(ctx: &mut Ctx) {
    ctx.recover();
    let g = ctx.g;
    // Surnames by vocabulary id (known people) or folded word (people not in the gazetteer).
    let mut by_id: FxHashMap<u32, (Option<u32>, Option<String>)> = FxHashMap::default();
    let mut by_word: FxHashMap<String, (Option<u32>, Option<String>)> = FxHashMap::default();
    let mut new_items = Vec::new();
    let mut order: Vec<usize> = (0..ctx.items.len())
        .filter(|&k| !ctx.items[k].dead)
        .collect();
    order.sort_by_key(|&k| ctx.items[k].ts);
    let mut next = 0;
    for t in 0..ctx.toks.len() {
        // Register persons whose mention ended before t.
        while next < order.len() && ctx.items[order[next]].te <= t {
            let it = &ctx.items[order[next]];
            next += 1;
            let person = it.kind == Some(EntityType::Per)
                || it.ent.is_some_and(|e| ent(g, e).class == Class::Person);
            if !person || it.basis == LinkBasis::Description {
                continue;
            }
            let surname = match it.ent {
                Some(e) => {
                    let r = ent(g, e);
                    r.surname
                        .clone()
                        .or_else(|| r.name.split_whitespace().last().map(str::to_string))
                }
                None => (it.te > it.ts).then(|| ctx.word(it.te - 1).to_string()),
            };
            if let Some(s) = surname {
                let key = scan::fold(&s);
                let id = g.vocab.get(&key);
                if id == NONE {
                    by_word.insert(key, (it.ent, it.code.clone()));
                } else {
                    by_id.insert(id, (it.ent, it.code.clone()));
                }
            }
        }
        if (by_id.is_empty() && by_word.is_empty()) || ctx.covered(t).is_some() {
            continue;
        }
        let tk = &ctx.toks[t];
        if !is_word(tk) || !tk.has(UPPER) {
            continue;
        }
        let hit = if tk.id != NONE {
            by_id.get(&tk.id)
        } else if !by_word.is_empty() {
            by_word.get(&scan::fold(ctx.word(t)))
        } else {
            None
        };
        if let Some((e, code)) = hit {
            let mut it = Item::new(t, t + 1);
            it.ent = *e;
            it.code = code.clone();
            it.kind = Some(EntityType::Per);
            it.basis = LinkBasis::Coreference;
            new_items.push(it);
        }
    }
    ctx.items.extend(new_items);
}

fn output(ctx: &Ctx) -> Vec<LinkedMention> {
    let g = ctx.g;
    let mut out: Vec<LinkedMention> = Vec::new();
    for it in &ctx.items {
        if it.dead {
            continue;
        }
        // Group nouns alone carry no country; non-governmental groups still code as NGO.
        let ngo = it.ent.is_none()
            && it.code.is_none()
            && it
                .agent
                .is_some_and(|a| g.data.agents[a as usize].sector == "NGO");
        if it.ent.is_none() && it.code.is_none() && !ngo {
            continue;
        }
        let s = ctx.toks[it.ts].start as usize;
        let e = ctx.toks[it.te - 1].end as usize;
        let (entity, code, mut sector, wiki, kind) = match it.ent {
            Some(ei) => {
                let r = ent(g, ei);
                let role = pick_role(r, ctx.date);
                let alias = it.alias.map(|a| &r.aliases[a as usize]);
                let code = role
                    .map(|x| x.code.clone())
                    .or_else(|| r.country.clone())
                    .or_else(|| r.roles.last().map(|x| x.code.clone()));
                let sector = alias
                    .and_then(|a| a.sector.clone())
                    .or_else(|| role.and_then(|x| x.sector.clone()));
                let wiki = match (it.basis, alias) {
                    (LinkBasis::Agent, _) => None,
                    (_, Some(a)) if a.kind == AliasKind::Capital => a.wiki.clone(),
                    (_, Some(a)) => a.wiki.clone().or_else(|| r.wiki.clone()),
                    (_, None) => r.wiki.clone(),
                };
                let kind = it.kind.unwrap_or(match alias.map(|a| a.kind) {
                    Some(AliasKind::Demonym) => EntityType::Norp,
                    _ => r.kind,
                });
                (Some(r.id.clone()), code, sector, wiki, kind)
            }
            None if ngo => (None, Some("NGO".to_string()), None, None, EntityType::Org),
            None => (
                None,
                it.code.clone(),
                None,
                None,
                it.kind.unwrap_or(EntityType::Misc),
            ),
        };
        if it.sector.is_some() {
            sector = it.sector.clone();
        }
        out.push(LinkedMention {
            span: Span::new(s, e),
            text: ctx.text[s..e].to_string(),
            kind,
            entity,
            code,
            sector,
            wiki,
            basis: it.basis,
            ambiguous: it.ambiguous,
            candidates: it
                .candidates
                .iter()
                .map(|&c| ent(g, c).id.clone())
                .collect(),
        });
    }
    out.sort_by_key(|m| (m.span.start, m.span.end));
    out
}

fn run<'a>(g: &'a Gazetteer, text: &'a str, date: Option<NaiveDate>) -> Ctx<'a> {
    let mut toks = Vec::new();
    scan::tokenize(text, |k| g.vocab.get(k), &mut toks);
    let raws = scan_items(g, &toks);
    // Document words, only needed to weigh namesakes' context words.
    let ambiguous = raws.iter().any(|(_, _, p)| {
        p.len() > 1
            && p.iter()
                .any(|&x| matches!(g.payloads[x as usize].target, Target::Alias(..)))
    });
    let doc_ids: FxHashSet<u32> = if ambiguous {
        toks.iter().map(|t| t.id).filter(|&i| i != NONE).collect()
    } else {
        FxHashSet::default()
    };
    let mut ctx = Ctx {
        g,
        text,
        toks,
        date,
        items: Vec::new(),
        cover: Vec::new(),
    };
    resolve(&mut ctx, raws, &doc_ids);
    reject_glued(&mut ctx);
    attach_titles(&mut ctx);
    attach_agents(&mut ctx);
    check_contextual(&mut ctx);
    coreference(&mut ctx);
    ctx
}

/// Link the actors of a text.
pub(crate) fn link(g: &Gazetteer, text: &str, date: Option<NaiveDate>) -> Vec<LinkedMention> {
    output(&run(g, text, date))
}

/// Link external spans, one result per span.
pub(crate) fn link_spans(
    g: &Gazetteer,
    text: &str,
    date: Option<NaiveDate>,
    spans: &[(Span, EntityType)],
) -> Vec<LinkedMention> {
    let ctx = run(g, text, date);
    let found = output(&ctx);
    spans
        .iter()
        .map(|&(span, kind)| {
            let words = text
                .get(span.start as usize..span.end as usize)
                .unwrap_or("")
                .to_string();
            let best = found
                .iter()
                .filter(|m| m.span.overlaps(&span))
                .max_by_key(|m| m.span.end.min(span.end) - m.span.start.max(span.start));
            match best {
                Some(m) => LinkedMention {
                    span,
                    text: words,
                    kind,
                    ..m.clone()
                },
                None => LinkedMention {
                    span,
                    text: words,
                    kind,
                    entity: None,
                    code: None,
                    sector: None,
                    wiki: None,
                    basis: LinkBasis::Unlinked,
                    ambiguous: false,
                    candidates: Vec::new(),
                },
            }
        })
        .collect()
}
