//! Word clusters used as NER features: each normalised word (lower case,
//! digits as `0`) maps to a Brown-cluster path, an integer whose low bits are
//! the path from the root of the cluster tree. Prefixes of the path group
//! words at coarser levels ("Paris" and "London" share a long prefix, cities
//! and countries a shorter one), which lets the tagger generalise to names it
//! never saw in labelled data. Built from `eval/ner/make_clusters.py` and
//! stored inside the model.

use std::collections::HashMap;

use super::features::lower_hash;
use super::gazetteer::PassHasher;
use super::NerError;

type Build = std::hash::BuildHasherDefault<PassHasher>;

/// Length in bits of the path prefix used as the coarse cluster feature.
pub const COARSE_BITS: u32 = 8;

/// A word → cluster path table.
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    /// The entries as written in the model: `(path, normalised word)`.
    entries: Vec<(u32, String)>,
    by_hash: HashMap<u64, u32, Build>,
}

impl Clusters {
    /// Build from `(path, word)` entries; the first entry of a word wins.
    pub fn from_entries(entries: Vec<(u32, String)>) -> Self {
        let mut by_hash: HashMap<u64, u32, Build> = HashMap::default();
        by_hash.reserve(entries.len());
        for (path, word) in &entries {
            if *path != 0 && !word.is_empty() {
                by_hash.entry(lower_hash(word)).or_insert(*path);
            }
        }
        Self { entries, by_hash }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The cluster path of the word whose normalised hash is `lower`, or 0.
    #[inline]
    pub fn path(&self, lower: u64) -> u32 {
        self.by_hash.get(&lower).copied().unwrap_or(0)
    }

    /// Serialise as lines `PATH<TAB>word`.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for (p, w) in &self.entries {
            s.push_str(&format!("{p}\t{w}\n"));
        }
        s
    }

    /// Parse the text written by [`Clusters::to_text`] (or by
    /// `eval/ner/make_clusters.py`).
    pub fn from_text(text: &str) -> Result<Self, NerError> {
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let bad = |what: &str| NerError::BadModel(format!("clusters line {}: {what}", n + 1));
            let (p, w) = line.split_once('\t').ok_or_else(|| bad("no tab"))?;
            let p: u32 = p.parse().map_err(|_| bad("bad path"))?;
            entries.push((p, w.to_string()));
        }
        Ok(Self::from_entries(entries))
    }
}

/// The path cut to its low `bits` bits (a coarser cluster); 0 stays 0.
#[inline]
pub fn prefix(path: u32, bits: u32) -> u32 {
    if bits >= 32 {
        path
    } else {
        path & ((1u32 << bits) - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trip_and_lookup() {
        let c = Clusters::from_text("678\tparis\n678\tlondon\n502\tjohn\n").unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c.path(lower_hash("Paris")), 678);
        assert_eq!(c.path(lower_hash("LONDON")), 678);
        assert_eq!(c.path(lower_hash("nowhere")), 0);
        let again = Clusters::from_text(&c.to_text()).unwrap();
        assert_eq!(again.path(lower_hash("john")), 502);
    }

    #[test]
    fn first_entry_wins_and_zero_is_absent() {
        let c = Clusters::from_entries(vec![(5, "a".into()), (9, "a".into()), (0, "b".into())]);
        assert_eq!(c.path(lower_hash("a")), 5);
        assert_eq!(c.path(lower_hash("b")), 0);
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(Clusters::from_text("x\tparis\n").is_err());
        assert!(Clusters::from_text("12 paris\n").is_err());
        assert!(Clusters::from_text("").unwrap().is_empty());
    }

    #[test]
    fn prefixes_cut_low_bits() {
        assert_eq!(prefix(0b1010_0110, 4), 0b0110);
        assert_eq!(prefix(0b1010_0110, 32), 0b1010_0110);
        assert_eq!(prefix(0, 8), 0);
    }
}
