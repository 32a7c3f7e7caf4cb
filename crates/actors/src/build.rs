//! Building the gazetteer from the Phoenix dictionaries and the hand-written tables.
//!
//! Sources (see `models/actors/README.md`): the Phoenix/PETRARCH actor and agent
//! dictionaries (MIT) and the tables in `models/actors/src/` (countries,
//! metonyms, international bodies and armed groups, people with dated roles),
//! written for this project. Hand-written entries win over Phoenix ones with
//! the same id: their roles replace Phoenix's, their names are added.

use crate::data::{
    AgentRec, AliasKind, AliasRec, Class, EntityRec, GazetteerData, RoleRec, FORMAT_VERSION,
};
use crate::phoenix::{parse_actors, parse_agents, PhoenixEntry};
use crate::scan::fold;
use crate::ActorsError;
use chronicle_core::EntityType;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::io::Write;
use std::path::Path;

/// Office nouns: phrase, sector, office tag (written for this project).
const OFFICES: &[(&str, &str, &str)] = &[
    ("leader", "GOV", "hos"),
    ("supreme leader", "GOV", "hos"),
    ("head of state", "GOV", "hos"),
    ("president", "GOV", "president"),
    ("prime minister", "GOV", "hog"),
    ("premier", "GOV", "hog"),
    ("chancellor", "GOV", "hog"),
    ("vice president", "GOV", "vp"),
    ("foreign minister", "GOV", "fm"),
    ("foreign secretary", "GOV", "fm"),
    ("secretary of state", "GOV", "fm"),
    ("top diplomat", "GOV", "fm"),
    ("external affairs minister", "GOV", "fm"),
    ("defence minister", "MIL", "dm"),
    ("defense minister", "MIL", "dm"),
    ("defence secretary", "MIL", "dm"),
    ("defense secretary", "MIL", "dm"),
    ("secretary of defense", "MIL", "dm"),
    ("armed forces minister", "MIL", "dm"),
    ("spokesman", "GOV", "spox"),
    ("spokeswoman", "GOV", "spox"),
    ("spokesperson", "GOV", "spox"),
    ("national security adviser", "GOV", "nsa"),
    ("national security advisor", "GOV", "nsa"),
    ("king", "GOV", "hos"),
    ("queen", "GOV", "hos"),
    ("emir", "GOV", "hos"),
    ("secretary general", "GOV", "sg"),
    ("secretary-general", "GOV", "sg"),
];

/// Group nouns that Phoenix lacks or codes differently (written for this project).
const EXTRA_AGENTS: &[(&str, &str)] = &[
    ("officials", "GOV"),
    ("official", "GOV"),
    ("diplomats", "GOV"),
    ("diplomat", "GOV"),
    ("negotiators", "GOV"),
    ("negotiator", "GOV"),
    ("authorities", "GOV"),
    ("government", "GOV"),
    ("administration", "GOV"),
    ("leaders", "GOV"),
    ("leadership", "GOV"),
    ("regime", "GOV"),
    ("ministry", "GOV"),
    ("foreign ministry", "GOV"),
    ("defence ministry", "MIL"),
    ("defense ministry", "MIL"),
    ("envoy", "GOV"),
    ("ambassador", "GOV"),
    ("forces", "MIL"),
    ("troops", "MIL"),
    ("military", "MIL"),
    ("army", "MIL"),
    ("navy", "MIL"),
    ("air force", "MIL"),
    ("soldiers", "MIL"),
    ("police", "COP"),
    ("rebels", "REB"),
    ("militants", "REB"),
    ("insurgents", "REB"),
    ("guerrillas", "REB"),
    ("protesters", "CVL"),
    ("demonstrators", "CVL"),
    ("opposition", "OPP"),
    ("people", "CVL"),
    ("civilians", "CVL"),
    ("refugees", "REF"),
    ("parliament", "LEG"),
    ("lawmakers", "LEG"),
    ("media", "MED"),
    ("human rights group", "NGO"),
    ("human rights groups", "NGO"),
    ("rights group", "NGO"),
    ("rights groups", "NGO"),
    ("aid group", "NGO"),
    ("aid groups", "NGO"),
    ("aid agency", "NGO"),
    ("aid agencies", "NGO"),
    ("charity", "NGO"),
    ("charities", "NGO"),
    ("non-governmental organization", "NGO"),
    ("non-governmental organizations", "NGO"),
    ("non-governmental organisation", "NGO"),
    ("non-governmental organisations", "NGO"),
    ("state media", "MED"),
    ("state news agency", "MED"),
];

/// Lower-cased words that stay lower case in names taken from Phoenix's upper-case lists.
const LOWER_WORDS: &[&str] = &[
    "of", "the", "and", "for", "in", "on", "de", "del", "la", "le", "da", "do", "dos", "das",
    "von", "van", "der", "al", "el", "bin", "ibn", "to", "a", "an", "at", "by", "du", "des",
];

/// Words that mark a Phoenix entry as an organisation rather than a person.
const ORG_WORDS: &[&str] = &[
    "organization",
    "organisation",
    "council",
    "commission",
    "committee",
    "party",
    "front",
    "army",
    "forces",
    "force",
    "movement",
    "union",
    "association",
    "agency",
    "bank",
    "fund",
    "court",
    "tribunal",
    "ministry",
    "department",
    "office",
    "group",
    "brigade",
    "brigades",
    "league",
    "alliance",
    "assembly",
    "parliament",
    "congress",
    "government",
    "police",
    "mission",
    "program",
    "programme",
    "institute",
    "centre",
    "center",
    "federation",
    "authority",
    "service",
    "services",
    "corps",
    "guard",
    "guards",
    "company",
    "corporation",
    "network",
    "society",
    "conference",
    "secretariat",
    "board",
    "bureau",
    "unit",
    "units",
    "cells",
    "nuclei",
    "faction",
    "liberation",
    "resistance",
    "national",
    "international",
    "world",
    "united",
    "nations",
    "revolutionary",
    "republic",
    "state",
    "states",
    "ministers",
    "cabinet",
    "senate",
    "house",
    "administration",
    "military",
    "navy",
    "regime",
    "people's",
    "islamic",
    "democratic",
    "socialist",
    "communist",
    "workers",
    "students",
    "media",
    "news",
    "radio",
    "television",
    "tv",
    "times",
    "post",
    "press",
    "foundation",
    "church",
    "university",
    "school",
    "hospital",
    "club",
    "airlines",
    "airways",
    "inc",
    "ltd",
    "co",
];

fn slug(s: &str) -> String {
    let f = fold(s);
    let mut out = String::with_capacity(f.len());
    for c in f.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Turn an upper-case Phoenix name into a written form ("AL-QAEDA" → "al-Qaeda").
pub(crate) fn phoenix_title(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let single = words.len() == 1;
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        let vowels = w
            .chars()
            .filter(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
            .count();
        // Abbreviations stay upper case: dotted ("U.N."), vowel-less ("NPFL"), short single words ("UN").
        if w.contains('.') || (letters >= 2 && vowels == 0) || (single && letters <= 3) {
            out.push(w.to_string());
            continue;
        }
        let parts: Vec<String> = w
            .split('-')
            .map(|p| {
                let lower = p.to_lowercase();
                if (i > 0 || w.contains('-')) && LOWER_WORDS.contains(&lower.as_str()) {
                    return lower;
                }
                let mut cs = lower.chars();
                let mut t: String = cs
                    .next()
                    .map(|c| c.to_uppercase().collect())
                    .unwrap_or_default();
                let rest: String = cs.collect();
                // Keep an upper case after an apostrophe: D'ESCOTO → D'Escoto.
                if let Some(pos) = rest.find('\'') {
                    let (a, b) = rest.split_at(pos + 1);
                    t.push_str(a);
                    let mut bc = b.chars();
                    if let Some(c) = bc.next() {
                        t.extend(c.to_uppercase());
                    }
                    t.push_str(bc.as_str());
                } else {
                    t.push_str(&rest);
                }
                t
            })
            .collect();
        out.push(parts.join("-"));
    }
    out.join(" ")
}

/// Strip parenthesised parts of a name, returning (name, contents of the parentheses).
fn strip_parens(s: &str) -> (String, Vec<String>) {
    let mut name = String::new();
    let mut inner = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => {
                depth -= 1;
                inner.push(std::mem::take(&mut cur).trim().to_string());
            }
            _ if depth > 0 => cur.push(c),
            _ => name.push(c),
        }
    }
    (name.split_whitespace().collect::<Vec<_>>().join(" "), inner)
}

fn opt(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty() && *s != "-")
        .map(str::to_string)
}

fn date(s: Option<&str>, file: &str, line: usize) -> Result<Option<NaiveDate>, ActorsError> {
    match opt(s) {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(&d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ActorsError::Table {
                file: file.to_string(),
                line,
                message: format!("bad date {d:?}"),
            }),
    }
}

fn kind_of(s: &str, file: &str, line: usize) -> Result<EntityType, ActorsError> {
    Ok(match s {
        "PER" => EntityType::Per,
        "ORG" => EntityType::Org,
        "GPE" => EntityType::Gpe,
        "LOC" => EntityType::Loc,
        "NORP" => EntityType::Norp,
        "MISC" => EntityType::Misc,
        _ => {
            return Err(ActorsError::Table {
                file: file.to_string(),
                line,
                message: format!("unknown type {s:?}"),
            })
        }
    })
}

fn alias(text: &str, kind: AliasKind) -> AliasRec {
    AliasRec {
        text: text.to_string(),
        kind,
        sector: None,
        wiki: None,
        weak: false,
    }
}

/// A name from Phoenix's upper-case lists; single words are marked weak.
fn phoenix_alias(raw: &str) -> AliasRec {
    let text = phoenix_title(raw);
    let weak = !text.contains(' ')
        && !text
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    AliasRec {
        weak,
        ..alias(&text, AliasKind::Name)
    }
}

fn undated(code: &str, sector: Option<&str>) -> RoleRec {
    RoleRec {
        code: code.to_string(),
        sector: sector.map(str::to_string),
        office: None,
        title: None,
        from: None,
        until: None,
        phoenix: None,
    }
}

/// Accumulates entities by id.
#[derive(Default)]
struct Acc {
    order: Vec<String>,
    by_id: FxHashMap<String, EntityRec>,
}

impl Acc {
    fn get_or(&mut self, e: EntityRec) -> &mut EntityRec {
        if !self.by_id.contains_key(&e.id) {
            self.order.push(e.id.clone());
        }
        self.by_id.entry(e.id.clone()).or_insert(e)
    }

    fn add_alias(e: &mut EntityRec, a: AliasRec) {
        if a.text.trim().is_empty() {
            return;
        }
        if let Some(x) = e.aliases.iter_mut().find(|x| x.text == a.text) {
            // A hand-written reading (sector, wiki) wins over a bare name; a name
            // already there stays trusted.
            if a.sector.is_some() || a.wiki.is_some() {
                *x = a;
            }
            return;
        }
        e.aliases.push(a);
    }
}

fn read(dir: &Path, name: &str) -> Result<String, ActorsError> {
    let p = dir.join(name);
    std::fs::read_to_string(&p).map_err(|e| ActorsError::Io {
        path: p.display().to_string(),
        source: e,
    })
}

fn rows(src: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    src.lines().enumerate().filter_map(|(i, l)| {
        let t = l.trim_end_matches('\r');
        if t.trim().is_empty() || t.starts_with('#') {
            None
        } else {
            Some((i + 1, t.split('\t').collect()))
        }
    })
}

fn new_entity(id: &str, name: &str, class: Class, kind: EntityType, source: &str) -> EntityRec {
    EntityRec {
        id: id.to_string(),
        name: name.to_string(),
        class,
        kind,
        country: None,
        wiki: None,
        aliases: Vec::new(),
        roles: Vec::new(),
        surname: None,
        context: Vec::new(),
        priority: 0,
        source: source.to_string(),
    }
}

fn load_countries(src: &str, acc: &mut Acc) -> Result<(), ActorsError> {
    for (line, f) in rows(src) {
        if f.len() < 6 {
            return Err(ActorsError::Table {
                file: "countries.tsv".into(),
                line,
                message: format!("expected 6 columns, found {}", f.len()),
            });
        }
        let code = f[0].trim();
        let name = f[1].trim();
        let mut e = new_entity(
            &format!("country:{code}"),
            name,
            Class::Country,
            EntityType::Gpe,
            "hand",
        );
        e.country = Some(code.to_string());
        e.wiki = Some(opt(Some(f[2])).unwrap_or_else(|| name.replace(' ', "_")));
        e.roles.push(undated(code, None));
        e.priority = 10;
        Acc::add_alias(&mut e, alias(name, AliasKind::Name));
        for a in f[3].split('|') {
            Acc::add_alias(&mut e, alias(a.trim(), AliasKind::Name));
        }
        for a in f[4].split('|') {
            Acc::add_alias(&mut e, alias(a.trim(), AliasKind::Demonym));
        }
        for a in f[5].split('|') {
            let a = a.trim();
            if !a.is_empty() {
                let mut r = alias(a, AliasKind::Capital);
                r.wiki = Some(a.replace(' ', "_"));
                Acc::add_alias(&mut e, r);
            }
        }
        acc.by_id.insert(e.id.clone(), e);
        acc.order.push(format!("country:{code}"));
    }
    Ok(())
}

fn load_entities(src: &str, file: &str, acc: &mut Acc) -> Result<(), ActorsError> {
    for (line, f) in rows(src) {
        let err = |m: String| ActorsError::Table {
            file: file.to_string(),
            line,
            message: m,
        };
        match f.first().copied() {
            Some("E") => {
                if f.len() < 7 {
                    return Err(err(format!("E line needs ≥ 7 columns, found {}", f.len())));
                }
                let id = f[1].trim();
                let kind = kind_of(f[2].trim(), file, line)?;
                let class = match id.split(':').next() {
                    Some("country") => Class::Country,
                    Some("place") => Class::Place,
                    Some("igo") => Class::Igo,
                    Some("ngo") => Class::Org,
                    Some("org") => Class::Group,
                    Some("person") => Class::Person,
                    _ => return Err(err(format!("unknown id prefix in {id:?}"))),
                };
                let name = f[3].trim();
                let mut e = new_entity(id, name, class, kind, "hand");
                e.wiki = opt(f.get(4).copied());
                e.country = opt(f.get(5).copied());
                Acc::add_alias(&mut e, alias(name, AliasKind::Name));
                for a in f.get(6).copied().unwrap_or("").split('|') {
                    Acc::add_alias(&mut e, alias(a.trim(), AliasKind::Name));
                }
                e.surname = opt(f.get(7).copied());
                e.context = f
                    .get(8)
                    .copied()
                    .unwrap_or("")
                    .split('|')
                    .map(|s| fold(s.trim()))
                    .filter(|s| !s.is_empty())
                    .collect();
                e.priority = opt(f.get(9).copied())
                    .map(|p| p.parse().map_err(|_| err(format!("bad priority {p:?}"))))
                    .transpose()?
                    .unwrap_or(5);
                // Hand entries replace a Phoenix entry's roles but keep its names.
                if let Some(old) = acc.by_id.get_mut(id) {
                    let mut names = std::mem::take(&mut old.aliases);
                    *old = e;
                    for a in names.drain(..) {
                        Acc::add_alias(old, a);
                    }
                } else {
                    acc.order.push(id.to_string());
                    acc.by_id.insert(id.to_string(), e);
                }
            }
            Some("R") => {
                if f.len() < 3 {
                    return Err(err("R line needs an id and a code".into()));
                }
                let id = f[1].trim();
                let role = RoleRec {
                    code: f[2].trim().to_string(),
                    sector: opt(f.get(3).copied()),
                    office: opt(f.get(4).copied()),
                    title: opt(f.get(5).copied()),
                    from: date(f.get(6).copied(), file, line)?,
                    until: date(f.get(7).copied(), file, line)?,
                    phoenix: None,
                };
                let e = acc
                    .by_id
                    .get_mut(id)
                    .ok_or_else(|| err(format!("role for unknown entity {id:?}")))?;
                e.roles.push(role);
            }
            Some(other) => return Err(err(format!("unknown line type {other:?}"))),
            None => {}
        }
    }
    Ok(())
}

fn load_metonyms(src: &str, acc: &mut Acc) -> Result<(), ActorsError> {
    for (line, f) in rows(src) {
        if f.len() < 3 {
            return Err(ActorsError::Table {
                file: "metonyms.tsv".into(),
                line,
                message: "expected name, entity, sector".into(),
            });
        }
        let e = acc
            .by_id
            .get_mut(f[1].trim())
            .ok_or_else(|| ActorsError::Table {
                file: "metonyms.tsv".into(),
                line,
                message: format!("unknown entity {:?}", f[1]),
            })?;
        Acc::add_alias(
            e,
            AliasRec {
                text: f[0].trim().to_string(),
                kind: AliasKind::Metonym,
                sector: opt(Some(f[2])),
                wiki: opt(f.get(3).copied()),
                weak: false,
            },
        );
    }
    Ok(())
}

fn is_person(p: &PhoenixEntry, name: &str) -> bool {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if words.iter().any(|w| ORG_WORDS.contains(w)) {
        return false;
    }
    let dated = p.roles.iter().any(|r| !r.undated());
    let ruler = p.comment.contains("CountryInfo") || p.comment.contains("rulers");
    (dated || ruler) && (1..=5).contains(&words.len())
}

fn add_phoenix(
    entries: &[PhoenixEntry],
    file: &str,
    acc: &mut Acc,
    countries: &[String],
    hand_names: &FxHashMap<String, String>,
    country_names: &FxHashMap<String, String>,
) {
    for p in entries {
        let roles: Vec<RoleRec> = p
            .roles
            .iter()
            .filter(|r| {
                countries.contains(&r.code)
                    || matches!(r.code.as_str(), "IGO" | "NGO" | "IMG" | "MNC")
            })
            .cloned()
            .collect();
        if roles.is_empty() {
            continue;
        }
        let (head, extra) = strip_parens(&p.name);
        if head.is_empty() {
            continue;
        }
        if p.block_head && head.split_whitespace().count() <= 6 {
            let code = &roles[0].code;
            if roles[0].sector.is_none() && roles[0].undated() {
                let id = format!("country:{code}");
                let hand_names = &country_names;
                let e = acc.get_or(new_entity(
                    &id,
                    &phoenix_title(&head),
                    Class::Country,
                    EntityType::Gpe,
                    "phoenix",
                ));
                if e.roles.is_empty() {
                    e.roles.push(undated(code, None));
                    e.country = Some(code.clone());
                }
                // Phoenix's country blocks mix names with cities and provinces: those
                // stand for the country but are not its name (no Wikipedia title).
                for a in std::iter::once(&head).chain(p.aliases.iter()) {
                    let (a, _) = strip_parens(a);
                    // A name the hand table gives another country stays with it (Hong Kong).
                    if hand_names.get(&fold(&a)).is_some_and(|other| *other != id) {
                        continue;
                    }
                    Acc::add_alias(
                        e,
                        AliasRec {
                            kind: AliasKind::Capital,
                            ..phoenix_alias(&a)
                        },
                    );
                }
                continue;
            }
        }
        // An entry named like a country (Phoenix dates some state names) is that country.
        if let Some(cid) = country_names.get(&fold(&head)) {
            if let Some(e) = acc.by_id.get_mut(cid) {
                for a in &p.aliases {
                    let (a, _) = strip_parens(a);
                    if country_names.get(&fold(&a)).is_none_or(|o| o == cid) {
                        Acc::add_alias(
                            e,
                            AliasRec {
                                kind: AliasKind::Capital,
                                ..phoenix_alias(&a)
                            },
                        );
                    }
                }
            }
            continue;
        }
        let title = phoenix_title(&head);
        let person = is_person(p, &title);
        let sector = roles.iter().find_map(|r| r.sector.clone());
        let (prefix, class, kind) = if person {
            ("person", Class::Person, EntityType::Per)
        } else if roles[0].code == "IGO" {
            ("igo", Class::Igo, EntityType::Org)
        } else if matches!(sector.as_deref(), Some("REB" | "MIL")) || file.contains("MilNonState") {
            ("org", Class::Group, EntityType::Org)
        } else {
            ("org", Class::Org, EntityType::Org)
        };
        let s = slug(&head);
        if s.is_empty() {
            continue;
        }
        // A Phoenix entry naming a hand-written entity (same name, same code) joins it.
        let code = roles[0].code.clone();
        let same = std::iter::once(&head)
            .chain(p.aliases.iter())
            .find_map(|a| hand_names.get(&fold(&strip_parens(a).0)))
            .filter(|id| {
                acc.by_id.get(*id).is_some_and(|e| {
                    e.roles.iter().any(|r| r.code == code)
                        || e.country.as_deref() == Some(code.as_str())
                })
            })
            .cloned();
        let id = same.unwrap_or_else(|| format!("{prefix}:{s}"));
        let hand = acc.by_id.get(&id).is_some_and(|e| e.source == "hand");
        let e = acc.get_or(new_entity(&id, &title, class, kind, "phoenix"));
        e.priority = e.priority.max(1);
        if !hand {
            for r in roles {
                if !e.roles.contains(&r) {
                    e.roles.push(r);
                }
            }
            if e.country.is_none() {
                e.country = e
                    .roles
                    .iter()
                    .find(|r| countries.contains(&r.code))
                    .map(|r| r.code.clone());
            }
        }
        Acc::add_alias(e, phoenix_alias(&head));
        for a in p.aliases.iter().chain(extra.iter()) {
            let (a, _) = strip_parens(a);
            if a.is_empty() {
                continue;
            }
            Acc::add_alias(e, phoenix_alias(&a));
        }
    }
}

/// Phoenix gives people's full names; news uses "Carlos Menem" and "President Mugabe".
/// Add first + last name for longer names, and the surname alone (as a weak name, not
/// trusted at a sentence start) when no other person or name in the gazetteer shares it.
fn add_short_names(acc: &mut Acc) {
    let mut all_names: FxHashMap<String, usize> = FxHashMap::default();
    let mut surnames: FxHashMap<String, usize> = FxHashMap::default();
    for e in acc.by_id.values() {
        for a in &e.aliases {
            *all_names.entry(fold(&a.text)).or_default() += 1;
        }
        if e.class == Class::Person {
            let words: Vec<&str> = e.name.split_whitespace().collect();
            if words.len() >= 2 {
                if let Some(last) = words.last() {
                    *surnames.entry(fold(last)).or_default() += 1;
                }
            }
        }
    }
    for id in &acc.order {
        let Some(e) = acc.by_id.get_mut(id) else {
            continue;
        };
        if e.class != Class::Person || e.source != "phoenix" {
            continue;
        }
        let words: Vec<String> = e.name.split_whitespace().map(str::to_string).collect();
        if words.len() < 2 || words.iter().any(|w| w.contains('.')) {
            continue;
        }
        let last = words[words.len() - 1].clone();
        if words.len() >= 3 {
            let short = format!("{} {}", words[0], last);
            if !all_names.contains_key(&fold(&short)) {
                Acc::add_alias(e, alias(&short, AliasKind::Name));
            }
        }
        let key = fold(&last);
        let letters = last.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 4
            && surnames.get(&key) == Some(&1)
            && !all_names.contains_key(&key)
            && last.chars().next().is_some_and(char::is_uppercase)
        {
            Acc::add_alias(
                e,
                AliasRec {
                    weak: true,
                    ..alias(&last, AliasKind::Name)
                },
            );
        }
    }
}

/// Build the gazetteer from the Phoenix dictionary folder and the hand-written tables folder.
pub fn build(phoenix_dir: &Path, tables_dir: &Path) -> Result<GazetteerData, ActorsError> {
    let mut acc = Acc::default();
    load_countries(&read(tables_dir, "countries.tsv")?, &mut acc)?;
    let mut countries: Vec<String> = acc
        .order
        .iter()
        .filter_map(|id| id.strip_prefix("country:").map(str::to_string))
        .collect();
    let files = [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ];
    let parsed: Vec<(&str, Vec<PhoenixEntry>)> = files
        .iter()
        .map(|f| read(phoenix_dir, f).map(|s| (*f, parse_actors(&s))))
        .collect::<Result<_, _>>()?;
    for (_, entries) in &parsed {
        for p in entries.iter().filter(|p| p.block_head) {
            if let Some(r) = p.roles.first() {
                if !countries.contains(&r.code) {
                    countries.push(r.code.clone());
                }
            }
        }
    }
    // Hand tables first so that their ids exist when Phoenix entries are merged.
    load_entities(&read(tables_dir, "entities.tsv")?, "entities.tsv", &mut acc)?;
    load_entities(&read(tables_dir, "people.tsv")?, "people.tsv", &mut acc)?;
    // Folded names of hand-written non-country entities, for merging Phoenix duplicates.
    let mut hand_names: FxHashMap<String, String> = FxHashMap::default();
    for e in acc.by_id.values().filter(|e| e.class != Class::Country) {
        for a in &e.aliases {
            hand_names.insert(fold(&a.text), e.id.clone());
        }
    }
    let mut country_names: FxHashMap<String, String> = FxHashMap::default();
    for e in acc.by_id.values().filter(|e| e.class == Class::Country) {
        for a in &e.aliases {
            country_names.insert(fold(&a.text), e.id.clone());
        }
    }
    for (file, entries) in &parsed {
        add_phoenix(
            entries,
            file,
            &mut acc,
            &countries,
            &hand_names,
            &country_names,
        );
    }
    load_metonyms(&read(tables_dir, "metonyms.tsv")?, &mut acc)?;
    add_short_names(&mut acc);
    // "the North" / "the South" only count where Korea is already in the document.
    for (id, name) in [("country:PRK", "the North"), ("country:KOR", "the South")] {
        if let Some(e) = acc.by_id.get_mut(id) {
            Acc::add_alias(e, alias(name, AliasKind::Contextual));
        }
    }

    let mut agents: Vec<AgentRec> = parse_agents(&read(phoenix_dir, "Phoenix.agents.txt")?)
        .into_iter()
        .map(|(text, sector)| AgentRec {
            text,
            sector,
            office: None,
        })
        .collect();
    for (t, s) in EXTRA_AGENTS {
        agents.retain(|a| a.text != *t);
        agents.push(AgentRec {
            text: t.to_string(),
            sector: s.to_string(),
            office: None,
        });
    }
    for (t, s, o) in OFFICES {
        agents.retain(|a| a.text != *t);
        agents.push(AgentRec {
            text: t.to_string(),
            sector: s.to_string(),
            office: Some(o.to_string()),
        });
    }
    let mut seen = std::collections::HashSet::new();
    agents.retain(|a| seen.insert(a.text.clone()));

    let entities = acc
        .order
        .iter()
        .filter_map(|id| acc.by_id.remove(id))
        .collect();
    Ok(GazetteerData {
        version: FORMAT_VERSION,
        entities,
        agents,
    })
}

/// Write the gazetteer as gzip-compressed JSON.
pub fn write_gz(data: &GazetteerData, out: &Path) -> Result<u64, ActorsError> {
    let io = |e: std::io::Error| ActorsError::Io {
        path: out.display().to_string(),
        source: e,
    };
    let json = serde_json::to_vec(data).map_err(ActorsError::Json)?;
    let file = std::fs::File::create(out).map_err(io)?;
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    gz.write_all(&json).map_err(io)?;
    gz.finish().map_err(io)?;
    std::fs::metadata(out).map(|m| m.len()).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phoenix_names_get_written_case() {
        assert_eq!(phoenix_title("VLADIMIR PUTIN"), "Vladimir Putin");
        assert_eq!(phoenix_title("BASHAR AL-ASSAD"), "Bashar al-Assad");
        assert_eq!(phoenix_title("UN"), "UN");
        assert_eq!(
            phoenix_title("U.N. SECURITY COUNCIL"),
            "U.N. Security Council"
        );
        assert_eq!(phoenix_title("NPFL"), "NPFL");
        assert_eq!(
            phoenix_title("MIGUEL D'ESCOTO BROCKMANN"),
            "Miguel D'Escoto Brockmann"
        );
    }

    #[test]
    fn slugs_and_parentheses() {
        assert_eq!(slug("Vladimir Putin"), "vladimir-putin");
        assert_eq!(slug("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
        let (n, inner) = strip_parens("ISLAMIC ARMY OF ADEN (IAA)");
        assert_eq!(n, "ISLAMIC ARMY OF ADEN");
        assert_eq!(inner, ["IAA"]);
    }

    #[test]
    fn tables_with_bad_rows_give_typed_errors() {
        let mut acc = Acc::default();
        let bad = "E\tperson:x\tPER\tX\t\t\t\t\t\t\nR\tperson:x\tRUS\tGOV\t\t\tnot-a-date\t\n";
        let e = load_entities(bad, "people.tsv", &mut acc);
        assert!(matches!(e, Err(ActorsError::Table { line: 2, .. })));
        let orphan = "R\tperson:nobody\tRUS\t\t\t\t\t\n";
        assert!(load_entities(orphan, "people.tsv", &mut acc).is_err());
    }
}
