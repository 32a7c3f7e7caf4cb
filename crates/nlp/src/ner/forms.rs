//! Frequent word forms prepared for recognition: each form's attributes
//! ([`WordAttrs`]: its normal form, shape, affix, word-kind and cluster
//! hashes) and the sum of the weight rows of its [`WORD_ONLY`] features (12
//! of a token's 40), so that a sentence of frequent words skips computing
//! those attributes and a frequent token starts from one row of sums instead
//! of adding 12 rows. The sums are exact integer sums of the same weights,
//! so the tags are exactly those of adding every row.

use super::features::{hash_bytes, mix, KnownWords, WordAttrs, WORD_ONLY};
use super::N_TAGS;
use crate::model::IdMap;

/// Frequent forms keyed by the hash of their exact bytes.
#[derive(Debug, Clone, Default)]
pub struct FormCache {
    /// Form number by the mixed hash of the form's bytes.
    index: IdMap<u32>,
    attrs: Vec<WordAttrs>,
    /// Per form, the summed rows of its word-only features.
    sums: Vec<[i32; N_TAGS]>,
}

impl FormCache {
    /// Prepares `forms`: `attrs` computes a form's attributes (given a
    /// scratch buffer), `sum` the summed rows of feature hashes.
    pub fn build(
        forms: &[String],
        mut attrs: impl FnMut(&str, &mut String) -> WordAttrs,
        sum: impl Fn(&[u64]) -> [i32; N_TAGS],
    ) -> FormCache {
        let mut c = FormCache::default();
        let mut buf = String::new();
        for form in forms {
            let h = mix(hash_bytes(form.as_bytes()));
            let Ok(number) = u32::try_from(c.attrs.len()) else {
                break;
            };
            if c.index.contains_key(&h) {
                continue;
            }
            let a = attrs(form, &mut buf);
            c.sums.push(sum(&a.word_features()));
            c.attrs.push(a);
            c.index.insert(h, number);
        }
        c
    }

    /// The summed word-only rows of form number `number`.
    #[inline]
    pub fn sums(&self, number: u32) -> Option<&[i32; N_TAGS]> {
        self.sums.get(number as usize)
    }

    /// Number of forms.
    pub fn len(&self) -> usize {
        self.attrs.len()
    }

    /// Whether there are no forms.
    pub fn is_empty(&self) -> bool {
        self.attrs.is_empty()
    }
}

impl KnownWords for FormCache {
    #[inline]
    fn get(&self, h: u64) -> Option<(&WordAttrs, u32)> {
        let number = *self.index.get(&mix(h))?;
        Some((self.attrs.get(number as usize)?, number))
    }
}

/// Whether template `k` of a token known to a [`FormCache`] is covered by
/// its sums.
#[inline]
pub fn summed(k: usize) -> bool {
    WORD_ONLY.get(k).copied().unwrap_or(false)
}
