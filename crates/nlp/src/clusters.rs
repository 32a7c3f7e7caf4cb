//! Word clusters for the tagger: the Brown clusters shipped once, inside the
//! named-entity model (`models/ner/ner.bin.gz`, see
//! [`crate::ner::clusters::Clusters`]), re-keyed by the tagger's own hash of
//! the normalised word (lower case, ASCII digits as `0`).
//!
//! A cluster path is an integer whose low bits are the path from the root of
//! the cluster tree, so its low-bit prefixes group words at coarser levels.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{hash_str, mix, IdMap};
use crate::tagger::norm;
use crate::NlpError;

/// A normalised word → cluster path table.
#[derive(Clone, Default)]
pub struct WordClusters {
    by_word: IdMap<u32>,
    /// Order-independent digest of the `(word, path)` entries.
    fingerprint: u64,
}

impl std::fmt::Debug for WordClusters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "WordClusters({} words, {:016x})",
            self.by_word.len(),
            self.fingerprint
        )
    }
}

impl WordClusters {
    /// Builds the table from `(path, word)` entries; words are normalised
    /// as the tagger does and the first entry of a normalised word wins.
    /// Entries with path 0 or an empty word are skipped.
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = (u32, &'a str)>) -> Self {
        let mut by_word: IdMap<u32> = HashMap::default();
        for (path, word) in entries {
            if path != 0 && !word.is_empty() {
                by_word.entry(hash_str(&norm(word))).or_insert(path);
            }
        }
        // Sum of per-entry hashes: independent of the entries' order.
        let fingerprint = by_word.iter().fold(by_word.len() as u64, |acc, (k, p)| {
            acc.wrapping_add(mix(*k, u64::from(*p)))
        });
        WordClusters {
            by_word,
            fingerprint,
        }
    }

    /// Parses lines `PATH<TAB>word` (the text of
    /// [`crate::ner::clusters::Clusters::to_text`]).
    pub fn from_text(text: &str) -> Result<Self, NlpError> {
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let bad = |what: &str| NlpError::Model(format!("clusters line {}: {what}", n + 1));
            let (p, w) = line.split_once('\t').ok_or_else(|| bad("no tab"))?;
            let p: u32 = p.parse().map_err(|_| bad("bad path"))?;
            entries.push((p, w));
        }
        Ok(Self::from_entries(entries))
    }

    /// The clusters of a named-entity model.
    pub fn from_ner(clusters: &crate::ner::clusters::Clusters) -> Result<Self, NlpError> {
        Self::from_text(&clusters.to_text())
    }

    /// The clusters embedded in the crate's named-entity model.
    pub fn embedded() -> Result<Arc<Self>, NlpError> {
        let rec = crate::ner::Recognizer::load()
            .map_err(|e| NlpError::Model(format!("named-entity model (word clusters): {e}")))?;
        Ok(Arc::new(Self::from_ner(rec.model().clusters())?))
    }

    /// The cluster path of the word whose normalised form hashes to `key`
    /// (`hash_str(norm(word))`), or 0.
    #[inline]
    pub fn path(&self, key: u64) -> u32 {
        self.by_word.get(&key).copied().unwrap_or(0)
    }

    /// The `(key, path)` entries, in no particular order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.by_word.iter().map(|(k, p)| (*k, *p))
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.by_word.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.by_word.is_empty()
    }

    /// Digest of the entries, stored in models trained with this table so
    /// that loading them with another table is an error.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

/// The path cut to its low `bits` bits; the same cut the NER features use.
pub use crate::ner::clusters::prefix;

/// A cluster source for a model loader: hands out `clusters`, or fails
/// with an error naming the model kind (`what`) and the `loader` that
/// takes clusters, when the model needs clusters and none were given.
pub(crate) fn given(
    clusters: Option<Arc<WordClusters>>,
    what: &'static str,
    loader: &'static str,
) -> impl FnOnce() -> Result<Arc<WordClusters>, NlpError> {
    move || {
        clusters.ok_or_else(|| {
            NlpError::Model(format!(
                "this {what} model uses word clusters: load it with the named-entity \
                 model's clusters ({loader})"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(w: &str) -> u64 {
        hash_str(&norm(w))
    }

    #[test]
    fn looks_up_normalised_words() {
        let c = WordClusters::from_text("678\tparis\n678\tlondon\n502\tjohn\n00\tx\n").unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c.path(key("Paris")), 678);
        assert_eq!(c.path(key("LONDON")), 678);
        assert_eq!(c.path(key("nowhere")), 0);
        assert_eq!(c.path(key("x")), 0);
        assert!(WordClusters::from_text("x\tparis\n").is_err());
        assert!(WordClusters::from_text("12 paris\n").is_err());
        assert!(WordClusters::from_text("").unwrap().is_empty());
    }

    #[test]
    fn fingerprint_ignores_order_but_not_content() {
        let a = WordClusters::from_text("1\ta\n2\tb\n").unwrap();
        let b = WordClusters::from_text("2\tb\n1\ta\n").unwrap();
        let c = WordClusters::from_text("1\ta\n3\tb\n").unwrap();
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_ne!(a.fingerprint(), c.fingerprint());
    }

    #[test]
    fn the_embedded_table_matches_the_ner_lookup() {
        let rec = crate::ner::Recognizer::load().unwrap();
        let ner = rec.model().clusters();
        let c = WordClusters::from_ner(ner).unwrap();
        assert!(c.len() > 1000);
        for w in ["the", "Paris", "company", "1999", "Tuesday"] {
            let want = ner.path(crate::ner::features::lower_hash(w));
            assert_eq!(c.path(key(w)), want, "{w}");
        }
    }
}
