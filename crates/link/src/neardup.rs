//! Exact and near-duplicate articles: MinHash signatures over word 4-gram shingles with
//! LSH banding, so each new article is compared only with the few earlier articles that
//! share a band.
//!
//! Written here rather than taken from a crate (such as `gaoya`) because it is ~100
//! lines, needs a deterministic, order-independent signature (fixed seeds) and an
//! incremental "query then insert" step per article that the linker drives.

use crate::text::hash64;
use rustc_hash::FxHashMap;

/// Number of hash functions in a signature.
const K: usize = 64;
/// LSH bands (K / BANDS rows each): candidates share a band; the threshold where
/// half of the pairs become candidates is about (1/16)^(1/4) = 0.5.
const BANDS: usize = 16;
const ROWS: usize = K / BANDS;
/// Words per shingle.
const SHINGLE: usize = 4;

/// A MinHash signature.
pub type Signature = [u32; K];

/// Multipliers and offsets of the K hash functions, from a fixed SplitMix64 stream.
fn coefficients() -> [(u64, u64); K] {
    let mut s: u64 = 0x5eed_1e55_0000_0001;
    let mut next = || {
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut out = [(0u64, 0u64); K];
    for c in out.iter_mut() {
        *c = (next() | 1, next());
    }
    out
}

/// The exact-duplicate key of a text: a hash of its words, lower-cased, in order.
pub fn exact_key(text: &str) -> u64 {
    let mut joined = String::with_capacity(text.len());
    for w in crate::text::words(text) {
        joined.push_str(&w);
        joined.push(' ');
    }
    hash64(&joined)
}

/// The MinHash signature of a text, or `None` when it has fewer than `SHINGLE` words.
pub fn signature(text: &str, coef: &[(u64, u64); K]) -> Option<Signature> {
    let hashes: Vec<u64> = crate::text::words(text).map(|w| hash64(&w)).collect();
    if hashes.len() < SHINGLE {
        return None;
    }
    let mut sig = [u32::MAX; K];
    for win in hashes.windows(SHINGLE) {
        let mut h: u64 = 0;
        for x in win {
            h = (h.rotate_left(17) ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        for (slot, (a, b)) in sig.iter_mut().zip(coef.iter()) {
            let v = (a.wrapping_mul(h).wrapping_add(*b) >> 32) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    }
    Some(sig)
}

/// Estimated Jaccard similarity of two signatures.
pub fn similarity(a: &Signature, b: &Signature) -> f32 {
    a.iter().zip(b.iter()).filter(|(x, y)| x == y).count() as f32 / K as f32
}

/// What the index says about a new article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DupMatch {
    /// Not a copy of anything seen before.
    Original,
    /// The same words as an earlier article (its index).
    Exact(usize),
    /// Nearly the same text as an earlier article (its index, estimated Jaccard).
    Near(usize, f32),
}

/// An incremental near-duplicate index over articles numbered 0, 1, 2, ...
pub struct DupIndex {
    coef: [(u64, u64); K],
    threshold: f32,
    exact: FxHashMap<u64, usize>,
    bands: FxHashMap<(u8, u64), Vec<usize>>,
    sigs: Vec<Option<Signature>>,
    /// For each article, the original it copies (itself when original).
    canonical: Vec<usize>,
}

impl DupIndex {
    /// An empty index; pairs with an estimated Jaccard of at least `threshold` are
    /// near-duplicates.
    pub fn new(threshold: f32) -> Self {
        DupIndex {
            coef: coefficients(),
            threshold,
            exact: FxHashMap::default(),
            bands: FxHashMap::default(),
            sigs: Vec::new(),
            canonical: Vec::new(),
        }
    }

    /// Adds the next article's text and says whether it copies an earlier one. A copy
    /// is attached to the original of the article it matches, so groups never chain.
    pub fn add(&mut self, text: &str) -> DupMatch {
        let idx = self.sigs.len();
        let key = exact_key(text);
        if let Some(&orig) = self.exact.get(&key) {
            self.sigs.push(None);
            let c = self.canonical[orig];
            self.canonical.push(c);
            return DupMatch::Exact(c);
        }
        self.exact.insert(key, idx);
        let sig = signature(text, &self.coef);
        let mut found = DupMatch::Original;
        if let Some(sig) = &sig {
            let mut best: Option<(usize, f32)> = None;
            for b in 0..BANDS {
                let band_key = (b as u8, band_hash(&sig[b * ROWS..(b + 1) * ROWS]));
                if let Some(list) = self.bands.get(&band_key) {
                    for &other in list.iter().rev().take(64) {
                        if let Some(os) = &self.sigs[other] {
                            let s = similarity(sig, os);
                            let better = match best {
                                None => true,
                                Some((bi, bs)) => s > bs || (s == bs && other < bi),
                            };
                            if s >= self.threshold && better {
                                best = Some((other, s));
                            }
                        }
                    }
                }
            }
            if let Some((other, s)) = best {
                found = DupMatch::Near(self.canonical[other], s);
            }
            for b in 0..BANDS {
                let band_key = (b as u8, band_hash(&sig[b * ROWS..(b + 1) * ROWS]));
                self.bands.entry(band_key).or_default().push(idx);
            }
        }
        self.sigs.push(sig);
        self.canonical.push(match found {
            DupMatch::Near(c, _) | DupMatch::Exact(c) => c,
            DupMatch::Original => idx,
        });
        found
    }
}

fn band_hash(rows: &[u32]) -> u64 {
    rows.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, r| {
        (h ^ u64::from(*r)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Officials in Riverton said the water board approved a new reservoir on the eastern edge of the valley after months of debate about cost and the impact on farms downstream.";
    const B: &str = "Officials in Riverton said the water board approved a new reservoir on the eastern edge of the valley after months of debate about cost and the impact on farmers downstream, a spokesperson added.";
    const C: &str = "The national football team lost its opening match in the rain, and the coach blamed a short preparation camp and two injuries in defence for the defeat.";

    #[test]
    fn copies_are_found_and_others_are_not() {
        let mut idx = DupIndex::new(0.6);
        assert_eq!(idx.add(A), DupMatch::Original);
        assert!(matches!(idx.add(B), DupMatch::Near(0, s) if s >= 0.6));
        assert_eq!(idx.add(C), DupMatch::Original);
        assert_eq!(idx.add(&A.to_uppercase()), DupMatch::Exact(0));
        // A copy of the copy joins the original's group.
        assert!(matches!(idx.add(B), DupMatch::Exact(0)));
        assert_eq!(idx.add("too short"), DupMatch::Original);
    }

    #[test]
    fn similarity_tracks_overlap() {
        let coef = coefficients();
        let (a, b, c) = (
            signature(A, &coef),
            signature(B, &coef),
            signature(C, &coef),
        );
        let (Some(a), Some(b), Some(c)) = (a, b, c) else {
            panic!("signatures");
        };
        assert!(similarity(&a, &b) > similarity(&a, &c));
        assert!(similarity(&a, &c) < 0.2);
        assert!((similarity(&a, &a) - 1.0).abs() < f32::EPSILON);
    }
}
