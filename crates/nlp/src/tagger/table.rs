//! The tagger's weights laid out for tagging: the rows of a [`Frozen`]
//! perceptron in an open-addressing table that can be probed in stages
//! (prefetch the slots of a word's features, then find their rows and
//! prefetch those, then add them), so that the memory accesses of the
//! features that do not depend on earlier tags are issued a word or two
//! ahead of their use. Scores are integer sums of the same `i16` weights as
//! [`Frozen::score`], so they are identical to it.

use crate::mem::prefetch;
use crate::model::{slot_lookup, Frozen, Reader, Slot, StoredRows, PROBE_WINDOW};
use crate::pages::PageBuf;
use crate::NlpError;

/// Marks a row reference to a dense row.
const DENSE: u32 = 0x8000_0000;
/// Longest score buffer (classes rounded up to whole blocks); models with
/// more classes are not laid out.
pub(crate) const MAX_ACC: usize = 256;
/// Classes added at once when summing dense rows.
const BLOCK: usize = 16;

/// A frozen perceptron for scoring in stages (see the module docs).
pub(crate) struct Table {
    n_classes: usize,
    mask: usize,
    /// `mask + 1` slots, then the first `PROBE_WINDOW - 1` again. A slot
    /// holds the feature's fingerprint (0: empty) and its row: [`DENSE`] and
    /// the dense row's number, or a sparse row's length (bits 24-30) and
    /// first entry (bits 0-23).
    slots: PageBuf<Slot>,
    /// Sparse rows: `(class, weight)`.
    entries: PageBuf<(u16, i16)>,
    /// Dense rows, `stride` weights each (zeros after `n_classes`).
    dense: PageBuf<i16>,
    stride: usize,
    /// Whether the CPU has AVX2 (for the caller's dispatch).
    avx2: bool,
}

#[inline]
fn fingerprint(k: u64) -> u32 {
    ((k >> 32) as u32).max(1)
}

#[inline]
fn home(k: u64, mask: usize) -> usize {
    ((k >> 1) as usize) & mask
}

/// Adds a dense row (a whole number of blocks long) into `acc`.
#[inline(always)]
fn add_dense(acc: &mut [i32; MAX_ACC], row: &[i16]) {
    for (a, w) in acc.iter_mut().zip(row) {
        *a += i32::from(*w);
    }
}

/// [`add_dense`] with AVX2: sixteen weights widened and added at a time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn add_dense_avx2(acc: &mut [i32; MAX_ACC], row: &[i16]) {
    use core::arch::x86_64::{
        __m256i, _mm256_add_epi32, _mm256_castsi256_si128, _mm256_cvtepi16_epi32,
        _mm256_extracti128_si256, _mm256_loadu_si256, _mm256_storeu_si256,
    };
    for (a, w) in acc.chunks_exact_mut(BLOCK).zip(row.chunks_exact(BLOCK)) {
        let (a, w) = (a.as_mut_ptr(), w.as_ptr());
        // SAFETY: `a` points to BLOCK = 16 i32 and `w` to 16 i16 (whole
        // chunks); unaligned loads and stores are used.
        unsafe {
            let x = _mm256_loadu_si256(w.cast::<__m256i>());
            let lo = _mm256_cvtepi16_epi32(_mm256_castsi256_si128(x));
            let hi = _mm256_cvtepi16_epi32(_mm256_extracti128_si256::<1>(x));
            let a0 = a.cast::<__m256i>();
            let a1 = a.add(8).cast::<__m256i>();
            _mm256_storeu_si256(a0, _mm256_add_epi32(_mm256_loadu_si256(a0), lo));
            _mm256_storeu_si256(a1, _mm256_add_epi32(_mm256_loadu_si256(a1), hi));
        }
    }
}

/// Whether the CPU supports AVX2.
fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

impl Table {
    /// Lays out the rows of `model` (read back from its serialised form).
    pub(crate) fn from_frozen(model: &Frozen) -> Result<Table, NlpError> {
        let mut raw = Vec::new();
        model.write(&mut raw);
        Self::from_rows(&Frozen::read_rows(&mut Reader::new(&raw))?)
    }

    /// Lays out rows as [`Frozen::read_rows`] reads them from a model file
    /// (at load, without building the model's own table first).
    pub(crate) fn from_rows(stored: &StoredRows) -> Result<Table, NlpError> {
        let lens = stored.lens();
        let classes: Vec<u16> = stored.entries.iter().map(|e| e.0).collect();
        let weights: Vec<i16> = stored.entries.iter().map(|e| e.1).collect();
        Self::build(stored.n_classes, &stored.keys, &lens, &classes, &weights)
            .ok_or_else(|| NlpError::Model("tagger weights too large to lay out".into()))
    }

    /// Builds the table from rows given as `lens[i]` consecutive
    /// `(classes, weights)` entries for `keys[i]`, in the order and with
    /// the probing of [`Frozen`]'s own table (so that colliding
    /// fingerprints resolve the same way). `None` when the rows do not fit
    /// the row references (more than 2^24 sparse entries, or a sparse row
    /// longer than 127 entries).
    fn build(
        n_classes: usize,
        keys: &[u64],
        lens: &[usize],
        classes: &[u16],
        weights: &[i16],
    ) -> Option<Table> {
        let cap = (keys.len() * 10 / 7 + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        let stride = n_classes.div_ceil(BLOCK) * BLOCK;
        // The first slots are mirrored after the last (see `slot_lookup`).
        let mut slots = PageBuf::filled(cap + PROBE_WINDOW - 1, Slot::default());
        let mut entries: Vec<(u16, i16)> = Vec::new();
        let mut dense: Vec<i16> = Vec::new();
        let mut seen = vec![false; n_classes];
        let mut at = 0usize;
        for (&k, &len) in keys.iter().zip(lens) {
            let cs = classes.get(at..at + len).unwrap_or(&[]);
            let ws = weights.get(at..at + len).unwrap_or(&[]);
            at += len;
            if cs.is_empty() {
                continue;
            }
            // Entries of classes the model does not have are never added.
            let row: Vec<(u16, i16)> = cs
                .iter()
                .zip(ws)
                .filter(|(c, _)| usize::from(**c) < n_classes)
                .map(|(c, w)| (*c, *w))
                .collect();
            let mut i = home(k, mask);
            while slots[i].fp != 0 {
                i = (i + 1) & mask;
            }
            let fp = fingerprint(k);
            // Dense rows for features with many classes (each class once,
            // so that the row holds exactly the weights to add).
            seen.iter_mut().for_each(|x| *x = false);
            let unique = row
                .iter()
                .all(|(c, _)| !std::mem::replace(&mut seen[usize::from(*c)], true));
            let r = if unique && row.len() * 4 >= n_classes && n_classes >= 8 {
                let r = dense.len() / stride;
                dense.resize(dense.len() + stride, 0);
                for (c, w) in &row {
                    dense[r * stride + usize::from(*c)] = *w;
                }
                DENSE | u32::try_from(r).ok().filter(|r| r & DENSE == 0)?
            } else {
                let start = u32::try_from(entries.len()).ok().filter(|s| *s < 1 << 24)?;
                let n = u32::try_from(row.len()).ok().filter(|n| *n < 128)?;
                entries.extend_from_slice(&row);
                start | n << 24
            };
            slots[i] = Slot { fp, start: r };
            if i < PROBE_WINDOW - 1 {
                slots[cap + i] = slots[i];
            }
        }
        Some(Table {
            n_classes,
            mask,
            slots,
            entries: PageBuf::copy_of(&entries),
            dense: PageBuf::copy_of(&dense),
            stride,
            avx2: has_avx2(),
        })
    }

    /// Whether the CPU has AVX2.
    pub(crate) fn avx2(&self) -> bool {
        self.avx2
    }

    /// Number of classes.
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Stage 1: prefetches the home slots of `feats`.
    #[inline(always)]
    pub(crate) fn prefetch_slots(&self, feats: &[u64]) {
        for &f in feats {
            prefetch(&self.slots, home(f, self.mask));
        }
    }

    /// Stage 2: finds the rows of `feats` (appended to `rows`) and
    /// prefetches them.
    #[inline(always)]
    pub(crate) fn find(&self, feats: &[u64], rows: &mut Vec<u32>) {
        for &f in feats {
            if let Some(r) = self.row_of(f) {
                if r & DENSE != 0 {
                    // Every cache line of the row (32 weights a line).
                    let j = (r & !DENSE) as usize * self.stride;
                    for k in (0..self.stride).step_by(32) {
                        prefetch(&self.dense, j + k);
                    }
                } else {
                    // Both ends of the row.
                    let j = (r & 0x00ff_ffff) as usize;
                    prefetch(&self.entries, j);
                    prefetch(&self.entries, j + ((r >> 24) as usize).saturating_sub(1));
                }
                rows.push(r);
            }
        }
    }

    /// The row of feature `f`, if stored.
    #[inline(always)]
    fn row_of(&self, f: u64) -> Option<u32> {
        let s = slot_lookup(&self.slots, self.mask, f);
        (s.fp != 0).then_some(s.start)
    }

    /// Stage 3: adds the rows `rows` into `acc`.
    #[inline(always)]
    pub(crate) fn add_rows(&self, rows: &[u32], acc: &mut [i32; MAX_ACC]) {
        let stride = self.stride;
        for &r in rows {
            if r & DENSE != 0 {
                let j = (r & !DENSE) as usize * stride;
                if let Some(row) = self.dense.get(j..j + stride) {
                    self.add_dense_row(row, acc);
                }
                continue;
            }
            let start = (r & 0x00ff_ffff) as usize;
            let n = (r >> 24) as usize;
            if let Some(es) = self.entries.get(start..start + n) {
                for &(c, w) in es {
                    // Classes are below `n_classes` <= MAX_ACC (see `build`).
                    acc[usize::from(c as u8)] += i32::from(w);
                }
            }
        }
    }

    /// Adds `row`, one of the table's dense rows, into `acc`.
    #[inline(always)]
    fn add_dense_row(&self, row: &[i16], acc: &mut [i32; MAX_ACC]) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the CPU supports AVX2 (detected at build).
            unsafe { add_dense_avx2(acc, row) };
            return;
        }
        add_dense(acc, row);
    }

    /// Length of a dense row: the classes rounded up to whole blocks.
    pub(crate) fn stride(&self) -> usize {
        self.stride
    }

    /// Length of the score buffers to pass to [`Table::add_rows`].
    pub(crate) fn acc_len(&self) -> usize {
        self.stride.max(self.n_classes)
    }
}
