//! The tagger's frequent word forms, prepared at load: each form's feature
//! values ([`WordInfo`]: hashes of its lower-cased form, affixes and shape,
//! its lexicon class and word cluster), so that a sentence's context costs
//! one hash probe per frequent word instead of normalising and hashing it;
//! and three rows of summed weights per form: of the features that depend
//! on the word alone ([`WordInfo::word_features`], 16 of a word's 44), of
//! those a word's previous word alone decides ([`Near::left1`], 4) and of
//! those its next word alone decides ([`Near::right1`], 5). A scored word
//! whose neighbours are frequent forms then adds three rows instead of
//! finding and adding 25. The sums are exact integer sums of the same
//! weights, so tags are exactly those of scoring every feature. (They are
//! kept as `i32`: in the shipped model only 249 of the ~7,300 scored forms'
//! own sums fit in `i16`.)

use super::table::{Table, MAX_ACC};
use super::{Near, WordInfo};
use crate::mem::prefetch;
use crate::model::IdMap;
use crate::pages::PageBuf;

/// No entry with rows of summed weights (see [`WordInfo::entry`]).
pub(crate) const NO_ENTRY: u32 = u32::MAX;
/// No row of summed weights.
pub(crate) const NO_ROW: u32 = u32::MAX;
/// Rows per entry: own, as the previous word, as the next word.
const PARTS: usize = 3;

/// Frequent forms keyed by the hash of the exact form (see the module
/// docs). Empty when the tagger has no list of forms.
pub(crate) struct Vocab {
    index: IdMap<u32>,
    infos: Vec<WordInfo>,
    /// Rows of summed weights, `stride` each, [`PARTS`] per entry.
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
    /// buffers), and `sum_with` is the table whose weights are summed
    /// (`None`: values only).
    pub(crate) fn build(
        forms: &[String],
        mut info: impl FnMut(&str, &mut String, &mut String) -> WordInfo,
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
            let entry = u32::try_from(rows.len() / (PARTS * stride).max(1));
            if let (Some(table), Ok(entry)) = (sum_with, entry) {
                for part in 0..PARTS {
                    feats.clear();
                    match part {
                        0 => w.word_features(fv, &mut feats),
                        1 => Near::around(Some(&w), None, None, None).left1(fv, &mut feats),
                        _ => Near::around(None, None, Some(&w), None).right1(fv, &mut feats),
                    }
                    found.clear();
                    table.find(&feats, &mut found);
                    let mut acc = [0i32; MAX_ACC];
                    table.add_rows(&found, &mut acc);
                    rows.extend_from_slice(acc.get(..stride).unwrap_or(&[]));
                }
                w.entry = entry;
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

    /// The number of row `part` (0: own, 1: as the previous word, 2: as
    /// the next word) of `entry` ([`NO_ROW`] for [`NO_ENTRY`]).
    #[inline(always)]
    pub(crate) fn row_number(&self, entry: u32, part: usize) -> u32 {
        if entry == NO_ENTRY {
            return NO_ROW;
        }
        u32::try_from(entry as usize * PARTS + part).unwrap_or(NO_ROW)
    }

    /// Row number `u` (`None` for [`NO_ROW`]).
    #[inline(always)]
    pub(crate) fn row(&self, u: u32) -> Option<&[i32]> {
        if u == NO_ROW {
            return None;
        }
        let start = u as usize * self.stride;
        self.rows.get(start..start + self.stride)
    }

    /// Prefetches row number `u` (every cache line; nothing for [`NO_ROW`]).
    #[inline(always)]
    pub(crate) fn prefetch(&self, u: u32) {
        if u == NO_ROW {
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
