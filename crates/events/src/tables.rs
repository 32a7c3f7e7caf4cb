//! The embedded lexical tables: CAMEO verb forms and patterns, and the CAMEO→PLOVER map
//! (built by [`crate::build`] from the Phoenix CAMEO dictionary, MIT, and the PLOVER
//! conversion table, CC BY-SA 4.0).

use crate::EventsError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::OnceLock;

/// Version of the table format; bumped when the shape changes.
pub const FORMAT_VERSION: u32 = 1;

/// The tables compiled into the binary.
static EMBEDDED: &[u8] = include_bytes!("../../../models/events/tables.json.gz");

/// A verb lemma with its default CAMEO code and the patterns of its block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verb {
    /// Lemma, lower case; phrasal verbs have a space ("rule out").
    pub lemma: String,
    /// Default CAMEO code, when the block or the verb has one.
    pub code: Option<String>,
    /// Indices into [`Tables::patterns`].
    pub patterns: Vec<u32>,
}

/// A CAMEO verb pattern: words before and after the verb, each a set of alternatives.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    /// Words required before the verb, in order.
    pub pre: Vec<Vec<String>>,
    /// Words required after the verb, in order.
    pub post: Vec<Vec<String>>,
    /// CAMEO code (`None` = the pattern says "no event").
    pub code: Option<String>,
    /// The source follows the verb (passive-style pattern).
    pub passive: bool,
}

/// PLOVER category, mode and context of a CAMEO code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PloverCode {
    /// Category (`AID`, `THREATEN`, ...).
    pub category: String,
    /// Mode, when any.
    pub mode: Option<String>,
    /// Context, when any.
    pub context: Option<String>,
}

/// All tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tables {
    /// Format version.
    pub version: u32,
    /// Surface form (lower case, may contain one space) → index into `verbs`.
    pub forms: BTreeMap<String, u32>,
    /// Verbs.
    pub verbs: Vec<Verb>,
    /// Patterns.
    pub patterns: Vec<Pattern>,
    /// CAMEO code → PLOVER.
    pub plover: BTreeMap<String, PloverCode>,
    /// Inverted index from pattern words to patterns, built on load.
    #[serde(skip)]
    pub(crate) index: rustc_hash::FxHashMap<String, Vec<u32>>,
    /// First words of multi-word verb forms (built on load).
    #[serde(skip)]
    pub(crate) phrasal: rustc_hash::FxHashSet<String>,
    /// Forms, hashed (built on load).
    #[serde(skip)]
    pub(crate) forms_h: rustc_hash::FxHashMap<String, u32>,
    /// Each verb's pattern indices, sorted (built on load).
    #[serde(skip)]
    pub(crate) sorted: Vec<Vec<u32>>,
}

impl Tables {
    /// The embedded tables, decoded once per process.
    pub fn load() -> Result<&'static Tables, EventsError> {
        static T: OnceLock<Result<Tables, String>> = OnceLock::new();
        T.get_or_init(|| Tables::from_gz(EMBEDDED).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|m| EventsError::Model(m.clone()))
    }

    /// Decodes gzip-compressed JSON tables.
    pub fn from_gz(bytes: &[u8]) -> Result<Tables, EventsError> {
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut json)
            .map_err(|e| EventsError::Model(format!("tables are not valid gzip: {e}")))?;
        let t: Tables = serde_json::from_slice(&json).map_err(EventsError::Json)?;
        let mut t = t;
        t.compile();
        if t.version != FORMAT_VERSION {
            return Err(EventsError::Model(format!(
                "tables format version {}, expected {FORMAT_VERSION}",
                t.version
            )));
        }
        Ok(t)
    }

    /// Builds the pattern index (called by [`Tables::from_gz`]; call it after building
    /// tables in memory).
    pub fn compile(&mut self) {
        let mut index: rustc_hash::FxHashMap<String, Vec<u32>> = rustc_hash::FxHashMap::default();
        for (pi, p) in self.patterns.iter().enumerate() {
            for alts in p.pre.iter().chain(p.post.iter()) {
                for a in alts {
                    let first = a.split(' ').next().unwrap_or(a).to_string();
                    let v = index.entry(first).or_default();
                    if v.last() != Some(&(pi as u32)) {
                        v.push(pi as u32);
                    }
                }
            }
        }
        self.index = index;
        self.phrasal = self
            .forms
            .keys()
            .filter_map(|f| f.split_once(' ').map(|(a, _)| a.to_string()))
            .collect();
        self.forms_h = self.forms.iter().map(|(k, v)| (k.clone(), *v)).collect();
        self.sorted = self
            .verbs
            .iter()
            .map(|v| {
                let mut p = v.patterns.clone();
                p.sort_unstable();
                p.dedup();
                p
            })
            .collect();
    }

    /// The verb whose form starts at `words[i]` (lower-cased words), trying two-word
    /// phrasal forms first; returns the verb index and the number of words used.
    pub fn verb_at(&self, words: &[String], i: usize) -> Option<(usize, usize)> {
        let w = words.get(i)?;
        if self.phrasal.contains(w.as_str()) {
            if let Some(next) = words.get(i + 1) {
                let two = format!("{w} {next}");
                if let Some(&v) = self.forms_h.get(&two) {
                    return Some((v as usize, 2));
                }
            }
        }
        self.forms_h.get(w.as_str()).map(|&v| (v as usize, 1))
    }

    /// The CAMEO code of verb `v` given the words before and after it (lower case):
    /// the matching pattern with most words, else the verb's default. `Some(None)` means a
    /// pattern matched and says "no event".
    pub fn code_for(
        &self,
        v: usize,
        before: &[String],
        after: &[String],
    ) -> Option<Option<String>> {
        let verb = self.verbs.get(v)?;
        let mut best: Option<(usize, &Pattern)> = None;
        // Candidate patterns: those with a word that one of the window's words matches.
        let own = self.sorted.get(v).map(|x| x.as_slice()).unwrap_or(&[]);
        let mut cands: Vec<u32> = Vec::new();
        for w in before.iter().chain(after.iter()) {
            let chars: Vec<(usize, char)> = w.char_indices().collect();
            let n = chars.len();
            for k in 0..=3usize.min(n) {
                let keep = n - k;
                if k > 0 && keep < 4 {
                    break;
                }
                let end = chars.get(keep).map(|&(b, _)| b).unwrap_or(w.len());
                if let Some(list) = self.index.get(&w[..end]) {
                    cands.extend(
                        list.iter()
                            .copied()
                            .filter(|pi| own.binary_search(pi).is_ok()),
                    );
                }
            }
        }
        cands.sort_unstable();
        cands.dedup();
        for &pi in &cands {
            let Some(p) = self.patterns.get(pi as usize) else {
                continue;
            };
            if p.post.is_empty() && p.pre.is_empty()
                || p.post.len() > after.len()
                || p.pre.len() > before.len()
            {
                continue;
            }
            if in_order(&p.post, after) && in_order_rev(&p.pre, before) {
                let n = p.pre.len() + p.post.len();
                if best.is_none_or(|(bn, _)| n > bn) {
                    best = Some((n, p));
                }
            }
        }
        match best {
            Some((_, p)) => Some(p.code.clone()),
            None => verb.code.clone().map(Some),
        }
    }

    /// The PLOVER coding of a CAMEO code, falling back to shorter prefixes.
    pub fn plover(&self, cameo: &str) -> Option<&PloverCode> {
        let mut c = cameo;
        while !c.is_empty() {
            if let Some(p) = self.plover.get(c) {
                return Some(p);
            }
            c = &c[..c.len() - 1];
        }
        None
    }
}

/// Whether a dictionary word matches a text word (plural and inflection tolerant).
pub(crate) fn word_matches(pat: &str, word: &str) -> bool {
    if pat == word {
        return true;
    }
    if pat.contains(' ') {
        return pat.split(' ').next().is_some_and(|f| f == word);
    }
    pat.len() >= 4 && word.starts_with(pat) && word.len() <= pat.len() + 3
}

fn in_order(elems: &[Vec<String>], words: &[String]) -> bool {
    let mut j = 0;
    for alts in elems {
        loop {
            let Some(w) = words.get(j) else {
                return false;
            };
            j += 1;
            if alts.iter().any(|a| word_matches(a, w)) {
                break;
            }
        }
    }
    true
}

fn in_order_rev(elems: &[Vec<String>], words: &[String]) -> bool {
    // Right to left: the last element nearest the verb.
    let mut j = words.len();
    for alts in elems.iter().rev() {
        loop {
            if j == 0 {
                return false;
            }
            j -= 1;
            if alts.iter().any(|a| word_matches(a, &words[j])) {
                break;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn embedded_tables_load_and_code_common_verbs() {
        let t = Tables::load().expect("embedded tables");
        assert!(t.verbs.len() > 1000);
        let words = w("accused");
        let (v, n) = t.verb_at(&words, 0).expect("accuse is a CAMEO verb");
        assert_eq!(n, 1);
        let code = t.code_for(v, &[], &[]).flatten().expect("a code");
        assert_eq!(t.plover(&code).map(|p| p.category.as_str()), Some("ACCUSE"));
    }

    #[test]
    fn patterns_refine_the_default_code() {
        let t = Tables::load().expect("embedded tables");
        let words = w("supplied weapons to the rebels");
        let (v, _) = t.verb_at(&words, 0).expect("supply");
        let code = t.code_for(v, &[], &words[1..]).flatten();
        let cat = code
            .as_deref()
            .and_then(|c| t.plover(c))
            .map(|p| p.category.clone());
        assert!(cat.is_some(), "supply weapons gets a code: {code:?}");
    }

    #[test]
    fn prefix_fallback_finds_block_codes() {
        let t = Tables::load().expect("embedded tables");
        assert_eq!(
            t.plover("1384").map(|p| p.category.as_str()),
            Some("THREATEN")
        );
        assert_eq!(
            t.plover("19999").map(|p| p.category.as_str()),
            Some("ASSAULT")
        );
        assert!(t.plover("").is_none());
    }

    #[test]
    fn word_matching_tolerates_plurals_only() {
        assert!(word_matches("weapon", "weapons"));
        assert!(!word_matches("arm", "army"));
        assert!(word_matches("arm", "arm"));
    }

    #[test]
    fn corrupt_tables_give_errors() {
        assert!(Tables::from_gz(b"not gzip").is_err());
    }
}
