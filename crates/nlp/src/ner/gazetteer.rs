//! Name lists used as NER features: places, persons, organisations and
//! titles, built from the Phoenix actor and agent dictionaries (MIT, Open
//! Event Data Alliance) at training time and stored inside the model.
//!
//! Entries are phrases of normalised words; [`Gazetteer::annotate`] marks the
//! longest match starting at each position (greedy, left to right).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::features::{combine, lower_hash};
use super::NerError;

/// Kind bit: a country or a place listed under one.
pub const PLACE: u8 = 1;
/// Kind bit: a person.
pub const PERSON: u8 = 2;
/// Kind bit: an organisation or armed group.
pub const ORG: u8 = 4;
/// Kind bit: a title or role noun ("minister", "general").
pub const TITLE: u8 = 8;
/// Kind bit: a first name.
pub const FIRST: u8 = 16;
/// Kind bit: a surname.
pub const LAST: u8 = 32;

/// Longest phrase considered, in words.
pub const MAX_WORDS: usize = 6;

const PHRASE_SEED: u64 = 0x6761_7a5f_7068_7261;

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub struct PassHasher(u64);

impl std::hash::Hasher for PassHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type Build = std::hash::BuildHasherDefault<PassHasher>;

/// Phrase lists with hashed lookup.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// The entries as written in the model: `(kinds, words joined by ' ')`.
    entries: Vec<(u8, String)>,
    phrases: HashMap<u64, u8, Build>,
    prefixes: HashSet<u64, Build>,
}

fn phrase_step(h: u64, word: u64) -> u64 {
    combine(h, word)
}

impl Gazetteer {
    /// Build from `(kinds, phrase)` entries (phrase words separated by spaces).
    pub fn from_entries(entries: Vec<(u8, String)>) -> Self {
        let mut phrases: HashMap<u64, u8, Build> = HashMap::default();
        let mut prefixes: HashSet<u64, Build> = HashSet::default();
        for (kinds, phrase) in &entries {
            let words: Vec<&str> = phrase.split(' ').filter(|w| !w.is_empty()).collect();
            if words.is_empty() || words.len() > MAX_WORDS {
                continue;
            }
            let mut h = PHRASE_SEED;
            for (k, w) in words.iter().enumerate() {
                h = phrase_step(h, lower_hash(w));
                if k + 1 < words.len() {
                    prefixes.insert(h);
                }
            }
            *phrases.entry(h).or_insert(0) |= kinds;
        }
        Self {
            entries,
            phrases,
            prefixes,
        }
    }

    /// The entries.
    pub fn entries(&self) -> &[(u8, String)] {
        &self.entries
    }

    /// Kinds of the one-word phrase with normalised hash `lower`.
    pub fn word_kinds(&self, lower: u64) -> u8 {
        self.phrases
            .get(&phrase_step(PHRASE_SEED, lower))
            .copied()
            .unwrap_or(0)
    }

    /// Add `(kinds, phrase)` lines as written by [`Gazetteer::to_text`]
    /// (e.g. the lists of `eval/ner/make_lists.py`).
    pub fn extend_from_text(&mut self, text: &str) -> Result<(), NerError> {
        let extra = Self::from_text(text)?;
        let mut merged: HashMap<String, u8> = HashMap::new();
        for (k, p) in self.entries.drain(..).chain(extra.entries) {
            *merged.entry(p).or_insert(0) |= k;
        }
        let mut entries: Vec<(u8, String)> = merged.into_iter().map(|(p, k)| (k, p)).collect();
        entries.sort_by(|a, b| a.1.cmp(&b.1));
        *self = Self::from_entries(entries);
        Ok(())
    }

    /// Kinds of the exact phrase `words`, 0 when absent.
    pub fn lookup(&self, words: &[&str]) -> u8 {
        if words.is_empty() || words.len() > MAX_WORDS {
            return 0;
        }
        let mut h = PHRASE_SEED;
        for w in words {
            h = phrase_step(h, lower_hash(w));
        }
        self.phrases.get(&h).copied().unwrap_or(0)
    }

    /// Whether `words` is a listed place (country or city).
    pub fn is_place(&self, words: &[&str]) -> bool {
        self.lookup(words) & PLACE != 0
    }

    /// Per-token match codes for a sentence given its normalised word hashes:
    /// 0 outside any match, else `position << 8 | kinds` with position
    /// 1 = begin, 2 = inside, 3 = last, 4 = single word.
    pub fn annotate(&self, lower: &[u64]) -> Vec<u16> {
        let n = lower.len();
        let mut out = vec![0u16; n];
        if self.phrases.is_empty() {
            return out;
        }
        let mut i = 0;
        while i < n {
            let mut h = PHRASE_SEED;
            let mut best: Option<(usize, u8)> = None;
            for (k, &w) in lower[i..n.min(i + MAX_WORDS)].iter().enumerate() {
                h = phrase_step(h, w);
                if let Some(&kinds) = self.phrases.get(&h) {
                    best = Some((k + 1, kinds));
                }
                if !self.prefixes.contains(&h) {
                    break;
                }
            }
            match best {
                Some((1, kinds)) => {
                    out[i] = (4 << 8) | u16::from(kinds);
                    i += 1;
                }
                Some((len, kinds)) => {
                    let k = u16::from(kinds);
                    out[i] = (1 << 8) | k;
                    for o in out.iter_mut().take(i + len - 1).skip(i + 1) {
                        *o = (2 << 8) | k;
                    }
                    out[i + len - 1] = (3 << 8) | k;
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Build from the Phoenix dictionaries in `dir`
    /// (`Phoenix.Countries.actors.txt`, `Phoenix.International.actors.txt`,
    /// `Phoenix.MilNonState.actors.txt`, `Phoenix.agents.txt`).
    pub fn from_phoenix(dir: &Path) -> Result<Self, NerError> {
        let read = |name: &str| {
            let p = dir.join(name);
            std::fs::read_to_string(&p).map_err(|source| NerError::Io {
                path: p.display().to_string(),
                source,
            })
        };
        let mut entries: Vec<(u8, String)> = Vec::new();
        parse_actors(&read("Phoenix.Countries.actors.txt")?, true, &mut entries);
        parse_actors(
            &read("Phoenix.International.actors.txt")?,
            false,
            &mut entries,
        );
        parse_actors(
            &read("Phoenix.MilNonState.actors.txt")?,
            false,
            &mut entries,
        );
        parse_agents(&read("Phoenix.agents.txt")?, &mut entries);
        let mut merged: HashMap<String, u8> = HashMap::new();
        for (k, p) in entries {
            *merged.entry(p).or_insert(0) |= k;
        }
        let mut entries: Vec<(u8, String)> = merged.into_iter().map(|(p, k)| (k, p)).collect();
        entries.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(Self::from_entries(entries))
    }

    /// Serialise the entries as lines `KINDS<TAB>phrase`.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for (k, p) in &self.entries {
            s.push_str(&format!("{k}\t{p}\n"));
        }
        s
    }

    /// Parse the text written by [`Gazetteer::to_text`].
    pub fn from_text(text: &str) -> Result<Self, NerError> {
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let (k, p) = line
                .split_once('\t')
                .ok_or_else(|| NerError::BadModel(format!("gazetteer line {}: no tab", n + 1)))?;
            let k: u8 = k
                .parse()
                .map_err(|_| NerError::BadModel(format!("gazetteer line {}: bad kinds", n + 1)))?;
            entries.push((k, p.to_string()));
        }
        Ok(Self::from_entries(entries))
    }
}

/// Turn a Phoenix phrase (`NEW_YORK_CITY_`, `U.N._`) into space-separated
/// words, with hyphenated words also split (`al - qaeda`) as an alternative.
fn phoenix_phrases(raw: &str) -> Vec<String> {
    let cleaned: String = raw
        .chars()
        .map(|c| if c == '_' { ' ' } else { c })
        .collect::<String>()
        .to_lowercase();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.is_empty() || words.len() > MAX_WORDS {
        return Vec::new();
    }
    let mut out = vec![words.join(" ")];
    if words.iter().any(|w| w.contains('-') && w.len() > 1) {
        let split: Vec<String> = words
            .iter()
            .map(|w| {
                if w.len() > 1 {
                    w.split('-')
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join(" - ")
                } else {
                    (*w).to_string()
                }
            })
            .collect();
        let s = split.join(" ");
        if s.split(' ').count() <= MAX_WORDS {
            out.push(s);
        }
    }
    out
}

/// The head phrase of an actor line: text before `[`, `#` or a tab.
fn head_phrase(line: &str) -> &str {
    let end = line.find(['[', '#', '\t']).unwrap_or(line.len());
    line[..end].trim()
}

/// Whether a role code like `[AFGGOV 790916-791227]` carries dates.
fn has_dates(s: &str) -> bool {
    s.split('[').skip(1).any(|r| {
        let r = r.split(']').next().unwrap_or("");
        r.split_whitespace()
            .nth(1)
            .is_some_and(|d| d.chars().any(|c| c.is_ascii_digit()))
    })
}

fn parse_actors(text: &str, countries: bool, out: &mut Vec<(u8, String)>) {
    // Collect entries (head line, alias lines, role text) first.
    struct Entry<'a> {
        head: &'a str,
        aliases: Vec<&'a str>,
        roles: String,
        country_info: bool,
    }
    let mut entries: Vec<Entry> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(alias) = line.strip_prefix('+') {
            if let Some(e) = entries.last_mut() {
                e.aliases.push(head_phrase(alias));
            }
        } else if line.starts_with([' ', '\t']) {
            if let Some(e) = entries.last_mut() {
                e.roles.push_str(line);
            }
        } else {
            let head = head_phrase(line);
            if head.is_empty() {
                continue;
            }
            entries.push(Entry {
                head,
                aliases: Vec::new(),
                roles: line[head.len()..].to_string(),
                country_info: line.contains("CountryInfo"),
            });
        }
    }
    for e in entries {
        let first_code = e
            .roles
            .split('[')
            .nth(1)
            .and_then(|r| r.split([']', ' ']).next())
            .unwrap_or("");
        let kind = if countries && first_code.len() == 3 && !has_dates(&e.roles) && !e.country_info
        {
            PLACE
        } else if e.country_info || has_dates(&e.roles) {
            PERSON
        } else {
            ORG
        };
        for p in std::iter::once(e.head).chain(e.aliases) {
            for phrase in phoenix_phrases(p) {
                out.push((kind, phrase));
            }
        }
    }
}

fn parse_agents(text: &str, out: &mut Vec<(u8, String)>) {
    for line in text.lines() {
        if line.starts_with('#') || line.starts_with('!') || line.trim().is_empty() {
            continue;
        }
        let head = head_phrase(line.trim_start_matches('+'));
        if head.contains('!') || head.contains('{') {
            continue;
        }
        for phrase in phoenix_phrases(head) {
            if phrase.split(' ').count() <= 3 {
                out.push((TITLE, phrase));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Gazetteer {
        Gazetteer::from_entries(vec![
            (PLACE, "new york".into()),
            (PLACE, "york".into()),
            (ORG, "new york times".into()),
            (PERSON, "ann lee".into()),
        ])
    }

    #[test]
    fn longest_match_wins() {
        let g = small();
        let words = ["The", "New", "York", "Times", "and", "York"];
        let lower: Vec<u64> = words.iter().map(|w| lower_hash(w)).collect();
        let a = g.annotate(&lower);
        assert_eq!(a[0], 0);
        assert_eq!(a[1], (1 << 8) | u16::from(ORG));
        assert_eq!(a[2], (2 << 8) | u16::from(ORG));
        assert_eq!(a[3], (3 << 8) | u16::from(ORG));
        assert_eq!(a[5], (4 << 8) | u16::from(PLACE));
        assert_eq!(g.word_kinds(lower_hash("york")), PLACE);
        assert_eq!(g.word_kinds(lower_hash("new")), 0);
        assert!(g.is_place(&["New", "YORK"]));
        assert!(!g.is_place(&["Ann", "Lee"]));
    }

    #[test]
    fn text_round_trip() {
        let g = small();
        let g2 = Gazetteer::from_text(&g.to_text()).unwrap();
        assert_eq!(g2.entries(), g.entries());
        assert!(Gazetteer::from_text("x").is_err());
    }

    #[test]
    fn phoenix_lines_are_classified() {
        let text = "ATLANTIS_  [ATL]\n+ATLANTIS_CITY_\n\nJOHN_DOE_  # CountryInfo.txt\n\t[ATLGOV 900101-901231]\n\
AL-FOO_FRONT_ [ATLREB]\n";
        let mut out = Vec::new();
        parse_actors(text, true, &mut out);
        assert!(out.contains(&(PLACE, "atlantis city".into())));
        assert!(out.contains(&(PERSON, "john doe".into())));
        assert!(out.contains(&(ORG, "al - foo front".into())));
    }
}
