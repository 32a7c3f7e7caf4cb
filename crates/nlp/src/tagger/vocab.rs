//! The tagger's frequent word forms, prepared at load: each form's feature
//! values ([`WordInfo`]: hashes of its lower-cased form, affixes and shape,
//! its lexicon class and word cluster), so that a sentence's context costs
//! one hash probe per frequent word instead of normalising and hashing it;
//! and, for the forms that are scored (not in the tag dictionary), the sum
//! of the weights of the features that depend on the word alone
//! ([`WordInfo::word_features`], 16 of a word's 44), so that scoring such a
//! word starts from one row of sums instead of finding and adding 16 rows.
//! The sums are exact integer sums of the same weights, so tags are exactly
//! those of scoring every feature. (They are kept as `i32`: in the shipped
//! model only 249 of the ~7,300 scored forms' sums fit in `i16`.)

use super::table::{Table, MAX_ACC};
use super::WordInfo;
use crate::mem::prefetch;
use crate::model::IdMap;
use crate::pages::PageBuf;

/// No row of summed weights (see [`WordInfo::uni`]).
pub(crate) const NO_UNI: u32 = u32::MAX;

/// Frequent forms keyed by the hash of the exact form (see the module
/// docs). Empty when the tagger has no list of forms.
pub(crate) struct Vocab {
    index: IdMap<u32>,
    infos: Vec<WordInfo>,
    /// Rows of summed word-only weights, `stride` each.
    rows: PageBuf<i32>,
    stride: usize,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            index: IdMap::default(),
            infos: Vec::new(),
            rows: PageBuf::copy_of(&[]),
            stride: 0,
        }
    }
}

impl Vocab {
    /// Prepares `forms`: `info` computes a form's values (given two scratch
    /// buffers), `in_tagdict` tells the forms that are never scored, and
    /// `sum_with` is the table whose weights are summed (`None`: values
    /// only).
    pub(crate) fn build(
        forms: &[String],
        mut info: impl FnMut(&str, &mut String, &mut String) -> WordInfo,
        in_tagdict: impl Fn(&WordInfo) -> bool,
        fv: u8,
        sum_with: Option<&Table>,
    ) -> Vocab {
        let stride = sum_with.map_or(0, Table::stride);
        let (mut lower, mut shape) = (String::new(), String::new());
        let mut index = IdMap::default();
        let mut infos = Vec::with_capacity(forms.len());
        let mut rows: Vec<i32> = Vec::new();
        let (mut feats, mut found) = (Vec::new(), Vec::new());
        for form in forms {
            let mut w = info(form, &mut lower, &mut shape);
            if index.contains_key(&w.exact) {
                continue;
            }
            if let Some(table) = sum_with.filter(|_| !in_tagdict(&w)) {
                feats.clear();
                w.word_features(fv, &mut feats);
                found.clear();
                table.find(&feats, &mut found);
                let mut acc = [0i32; MAX_ACC];
                table.add_rows(&found, &mut acc);
                let u = u32::try_from(rows.len() / stride.max(1));
                if let (Some(sums), Ok(u)) = (acc.get(..stride), u) {
                    w.uni = u;
                    rows.extend_from_slice(sums);
                }
            }
            index.insert(w.exact, infos.len() as u32);
            infos.push(w);
        }
        Vocab {
            index,
            infos,
            rows: PageBuf::copy_of(&rows),
            stride,
        }
    }

    /// The values of the form whose exact hash is `exact`, if frequent.
    #[inline]
    pub(crate) fn get(&self, exact: u64) -> Option<&WordInfo> {
        let i = *self.index.get(&exact)?;
        self.infos.get(i as usize)
    }

    /// Row `u` of summed word-only weights (`None` for [`NO_UNI`]).
    #[inline(always)]
    pub(crate) fn row(&self, u: u32) -> Option<&[i32]> {
        if u == NO_UNI {
            return None;
        }
        let start = u as usize * self.stride;
        self.rows.get(start..start + self.stride)
    }

    /// Prefetches row `u` (every cache line; nothing for [`NO_UNI`]).
    #[inline(always)]
    pub(crate) fn prefetch(&self, u: u32) {
        if u == NO_UNI {
            return;
        }
        let start = u as usize * self.stride;
        for k in (0..self.stride).step_by(16) {
            prefetch(&self.rows, start + k);
        }
    }

    /// Number of forms.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.infos.len()
    }
}
