//! Sparse averaged perceptron with hashed features, and its compact frozen form.
//!
//! Features are 64-bit hashes built with a fixed mixing function, so models are
//! deterministic across machines. Training keeps, per feature, only the classes
//! that were ever updated; freezing averages the weights, quantises them to
//! `i16` and drops those that round to zero.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::NlpError;

/// Mixes two 64-bit values (a splitmix64-style finaliser over their combination).
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hashes a string (FNV-1a, then mixed).
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h, 0x5bd1_e995)
}

/// Builds a feature key from a template id and values.
#[inline]
pub(crate) fn feat(template: u64, a: u64) -> u64 {
    mix(template.wrapping_mul(0x2545_F491_4F6C_DD1D), a) | 1
}

/// Feature key from a template id and two values.
#[inline]
pub(crate) fn feat2(template: u64, a: u64, b: u64) -> u64 {
    feat(template, mix(a, b))
}

/// Feature key from a template id and three values.
#[inline]
pub(crate) fn feat3(template: u64, a: u64, b: u64, c: u64) -> u64 {
    feat(template, mix(mix(a, b), c))
}

/// A hasher that passes through already-hashed `u64` keys.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy)]
struct Entry {
    class: u16,
    w: f32,
    total: f64,
    stamp: u64,
}

/// A trainable averaged perceptron over sparse hashed features.
pub(crate) struct Trainer {
    n_classes: usize,
    map: IdMap<Vec<Entry>>,
    time: u64,
    allowed: Option<IdMap<u32>>,
}

/// Counts feature occurrences, to keep only features seen often enough.
#[derive(Default)]
pub(crate) struct FeatureCounter(IdMap<u32>);

impl FeatureCounter {
    /// Counts one occurrence of each feature.
    pub(crate) fn add(&mut self, feats: &[u64]) {
        for f in feats {
            *self.0.entry(*f).or_default() += 1;
        }
    }

    /// Features seen at least `min` times.
    pub(crate) fn keep(mut self, min: u32) -> IdMap<u32> {
        self.0.retain(|_, c| *c >= min);
        self.0
    }
}

impl Trainer {
    /// A perceptron over `n_classes` classes.
    pub(crate) fn new(n_classes: usize) -> Self {
        Trainer {
            n_classes,
            map: IdMap::default(),
            time: 1,
            allowed: None,
        }
    }

    /// Only ever learns weights for these features.
    pub(crate) fn restrict(&mut self, allowed: IdMap<u32>) {
        self.allowed = Some(allowed);
    }

    /// Adds the current weights of `feats` into `out` (length `n_classes`).
    pub(crate) fn score(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|v| *v = 0.0);
        for f in feats {
            if let Some(es) = self.map.get(f) {
                for e in es {
                    out[e.class as usize] += e.w;
                }
            }
        }
    }

    /// Advances the clock by one example.
    pub(crate) fn tick(&mut self) {
        self.time += 1;
    }

    /// Rewards `gold` and penalises `guess` on `feats`.
    pub(crate) fn update(&mut self, feats: &[u64], gold: usize, guess: usize) {
        if gold == guess {
            return;
        }
        self.bump(feats, &[(gold, 1.0), (guess, -1.0)]);
    }

    fn bump(&mut self, feats: &[u64], changes: &[(usize, f32)]) {
        let t = self.time;
        for f in feats {
            if let Some(a) = &self.allowed {
                if !a.contains_key(f) {
                    continue;
                }
            }
            let es = self.map.entry(*f).or_default();
            for &(c, d) in changes {
                let c16 = c as u16;
                let e = match es.iter_mut().position(|e| e.class == c16) {
                    Some(i) => &mut es[i],
                    None => {
                        es.push(Entry {
                            class: c16,
                            w: 0.0,
                            total: 0.0,
                            stamp: t,
                        });
                        let last = es.len() - 1;
                        &mut es[last]
                    }
                };
                e.total += (t - e.stamp) as f64 * f64::from(e.w);
                e.stamp = t;
                e.w += d;
            }
        }
    }

    /// Number of features with weights.
    pub(crate) fn n_features(&self) -> usize {
        self.map.len()
    }

    /// Averages, quantises and prunes the weights into a frozen model.
    pub(crate) fn freeze(&self) -> Frozen {
        let t = self.time;
        let mut keys: Vec<u64> = self.map.keys().copied().collect();
        keys.sort_unstable();
        let mut avg: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(keys.len());
        let mut max = 0f32;
        for k in keys {
            let es = &self.map[&k];
            let mut row: Vec<(u16, f32)> = es
                .iter()
                .map(|e| {
                    let tot = e.total + (t - e.stamp) as f64 * f64::from(e.w);
                    (e.class, (tot / t as f64) as f32)
                })
                .collect();
            row.sort_by_key(|x| x.0);
            for (_, w) in &row {
                max = max.max(w.abs());
            }
            avg.push((k, row));
        }
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut fk = Vec::new();
        let mut rows = Vec::new();
        for (k, row) in avg {
            let q: Vec<(u16, i16)> = row
                .into_iter()
                .map(|(c, w)| (c, (w / scale).round() as i16))
                .filter(|x| x.1 != 0)
                .collect();
            if !q.is_empty() {
                fk.push(k);
                rows.push(q);
            }
        }
        Frozen::build(self.n_classes, scale, &fk, &rows)
    }
}

/// A slot of a table of rows (here and in the tagger's
/// [`crate::tagger`] layout): the feature's fingerprint and where its row is.
#[derive(Clone, Copy, Default)]
pub(crate) struct Slot {
    /// Feature fingerprint (high half of the key; 0 = empty slot).
    pub(crate) fp: u32,
    /// Where the feature's row is (its first entry, or a dense row).
    pub(crate) start: u32,
}

/// Marks a slot whose row is dense.
const DENSE: u32 = 0x8000_0000;

/// Marks the last entry of a row in `classes`.
const LAST: u16 = 0x8000;

/// Classes added at once when summing dense rows (kept in registers).
const BLOCK: usize = 16;

/// The stride of dense rows: `n_classes` rounded up to whole blocks.
fn dense_stride(n_classes: usize) -> usize {
    n_classes.div_ceil(BLOCK) * BLOCK
}

#[inline]
fn fingerprint(k: u64) -> u32 {
    ((k >> 32) as u32).max(1)
}

/// A frozen perceptron: an open-addressing table of features, each with its
/// sparse row of `(class, i16 weight)`.
pub struct Frozen {
    n_classes: usize,
    scale: f32,
    mask: usize,
    /// The feature table: `mask + 1` slots, then the first
    /// `PROBE_WINDOW - 1` again (see [`probe_window`]).
    slots: Vec<Slot>,
    /// Sparse rows: `(class | LAST on a row's last entry, weight)`.
    entries: Vec<(u16, i16)>,
    /// Dense rows of the features with many classes: `stride` weights each
    /// (`n_classes` of them, then zeros up to a whole block), from
    /// `dense_off` on (so that the rows start on 64-byte boundaries).
    dense_buf: Vec<i16>,
    /// Where the rows start in `dense_buf`.
    dense_off: usize,
    /// Length of the rows in `dense_buf`.
    dense_len: usize,
    /// Length of a dense row.
    stride: usize,
    /// Whether the CPU has AVX2 (for summing dense rows).
    avx2: bool,
    /// Full keys of the stored features, in table order (for serialisation).
    keys: Vec<u64>,
    /// Models of at most [`INLINE_CLASSES`] classes: an open-addressing table
    /// (`mask + 1` slots, then the first `PROBE_WINDOW - 1` again) whose
    /// 8-byte slots hold a 16-bit fingerprint (0 = empty) and the
    /// feature's weights, so that a feature costs one memory access.
    inline: Vec<u64>,
    /// The slot of each of `keys` in `inline` (for serialisation).
    inline_at: Vec<u32>,
}

/// Sparse rows are added this many entries at a time (the entries end with
/// `ENTRY_CHUNK - 1` padding entries).
const ENTRY_CHUNK: usize = 4;

/// Models with at most this many classes keep their weights in the slots.
const INLINE_CLASSES: usize = 3;

/// How many features ahead of its probe a feature's home slot is
/// prefetched when scoring (12-20 measured alike on the parser; 6 slower,
/// and prefetching all of them first slower still: the prefetches stall
/// once the processor's miss queue is full).
const PREFETCH_AHEAD: usize = 16;

/// The 16-bit fingerprint of an inline slot (never 0).
#[inline]
fn fingerprint16(k: u64) -> u64 {
    (k >> 48).max(1)
}

/// Slots read at once by [`probe_window`] (the tables mirror their first
/// `PROBE_WINDOW - 1` slots after their last, so a window never wraps).
pub(crate) const PROBE_WINDOW: usize = 4;

/// Finds feature `f`'s slot as linear probing from `home` finds it: the
/// first slot whose fingerprint (`fp_of`) is `fp`, unless an empty slot
/// (fingerprint 0) comes first. Returns that slot, or the slot that ended the
/// search, with a mask: all ones when it holds `f`, else 0.
///
/// The first [`PROBE_WINDOW`] slots are read and compared without
/// branches: whether a feature is stored is close to a coin toss, and a
/// mispredicted branch costs more than the extra compares. Only when all of
/// them hold other features does a loop go on probing.
#[inline(always)]
fn probe_window<T: Copy + Default>(
    table: &[T],
    mask: usize,
    home: usize,
    fp: u64,
    fp_of: impl Fn(&T) -> u64,
) -> (T, u64) {
    let Some(w) = table.get(home..home + PROBE_WINDOW) else {
        return (T::default(), 0);
    };
    let mut hit = 0u32;
    let mut empty = 0u32;
    for (j, s) in w.iter().enumerate() {
        let sf = fp_of(s);
        hit |= u32::from(sf == fp) << j;
        empty |= u32::from(sf == 0) << j;
    }
    let stop = hit | empty;
    if stop == 0 {
        let mut i = (home + PROBE_WINDOW) & mask;
        while let Some(s) = table.get(i) {
            let sf = fp_of(s);
            if sf == fp {
                return (*s, u64::MAX);
            }
            if sf == 0 {
                break;
            }
            i = (i + 1) & mask;
        }
        return (T::default(), 0);
    }
    let first = stop.trailing_zeros() as usize;
    let take = u64::from((hit >> first) & 1).wrapping_neg();
    (w[first & (PROBE_WINDOW - 1)], take)
}

/// Appends copies of the table's first `PROBE_WINDOW - 1` slots, so that
/// the window of [`probe_window`] is contiguous from any home slot.
fn mirror_head<T: Copy>(table: &mut Vec<T>) {
    let head: Vec<T> = table.iter().take(PROBE_WINDOW - 1).copied().collect();
    table.extend_from_slice(&head);
}

/// The inline slot of feature `f`, 0 when it is not stored.
#[inline(always)]
fn inline_lookup(table: &[u64], mask: usize, f: u64) -> u64 {
    let home = ((f >> 1) as usize) & mask;
    let (s, take) = probe_window(table, mask, home, fingerprint16(f), |s| s & 0xffff);
    s & take
}

/// The slot of feature `f` in a table of rows ([`Slot::default`] when it
/// is not stored).
#[inline(always)]
pub(crate) fn slot_lookup(slots: &[Slot], mask: usize, f: u64) -> Slot {
    let home = ((f >> 1) as usize) & mask;
    let (s, take) = probe_window(slots, mask, home, u64::from(fingerprint(f)), |s| {
        u64::from(s.fp)
    });
    let take = take as u32;
    Slot {
        fp: s.fp & take,
        start: s.start & take,
    }
}

impl Frozen {
    pub(crate) fn build<R: AsRef<[(u16, i16)]>>(
        n_classes: usize,
        scale: f32,
        keys: &[u64],
        rows: &[R],
    ) -> Frozen {
        if n_classes <= INLINE_CLASSES {
            return Self::build_inline(n_classes, scale, keys, rows);
        }
        let cap = (keys.len() * 10 / 7 + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        // Rows are read at random: back the large tables with huge pages.
        let mut slots = crate::mem::huge_vec(cap, Slot::default());
        let mut entries: Vec<(u16, i16)> = Vec::new();
        let mut kept = Vec::new();
        let mut dense = Vec::new();
        let stride = dense_stride(n_classes);
        for (k, row) in keys.iter().zip(rows) {
            let row = row.as_ref();
            if row.is_empty() {
                continue;
            }
            let fp = fingerprint(*k);
            let mut i = ((*k >> 1) as usize) & mask;
            while slots[i].fp != 0 {
                i = (i + 1) & mask;
            }
            if row.len() * 4 >= n_classes && n_classes >= 8 {
                let at = dense.len() / stride.max(1);
                slots[i] = Slot {
                    fp,
                    start: DENSE | at as u32,
                };
                dense.resize(dense.len() + stride, 0i16);
                for (c, w) in row {
                    if (*c as usize) >= n_classes {
                        continue;
                    }
                    if let Some(x) = dense.get_mut(at * stride + *c as usize) {
                        *x = *w;
                    }
                }
            } else {
                slots[i] = Slot {
                    fp,
                    start: entries.len() as u32,
                };
                for (j, (c, w)) in row.iter().enumerate() {
                    let last = if j + 1 == row.len() { LAST } else { 0 };
                    entries.push(((*c & 0x7fff) | last, *w));
                }
            }
            kept.push(*k);
        }
        mirror_head(&mut slots);
        // Padding, so that a chunk of entries can start at any row.
        entries.extend_from_slice(&[(LAST, 0); ENTRY_CHUNK - 1]);
        let (dense_buf, dense_off) = aligned(&dense);
        Frozen {
            n_classes,
            scale,
            mask,
            slots,
            entries: crate::mem::huge_copy(&entries),
            dense_buf,
            dense_off,
            dense_len: dense.len(),
            stride,
            avx2: has_avx2(),
            keys: kept,
            inline: Vec::new(),
            inline_at: Vec::new(),
        }
    }

    /// Builds the inline table of a model with few classes.
    fn build_inline<R: AsRef<[(u16, i16)]>>(
        n_classes: usize,
        scale: f32,
        keys: &[u64],
        rows: &[R],
    ) -> Frozen {
        let cap = (keys.len() * 10 / 7 + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut table = crate::mem::huge_vec(cap, 0u64);
        let mut kept = Vec::new();
        let mut at = Vec::new();
        for (k, row) in keys.iter().zip(rows) {
            let row = row.as_ref();
            if row.is_empty() {
                continue;
            }
            let mut i = ((*k >> 1) as usize) & mask;
            while table[i] & 0xffff != 0 {
                i = (i + 1) & mask;
            }
            let mut v = fingerprint16(*k);
            for (c, w) in row {
                if (*c as usize) < n_classes {
                    v |= u64::from(*w as u16) << (16 * (*c as u64 + 1));
                }
            }
            table[i] = v;
            kept.push(*k);
            at.push(i as u32);
        }
        mirror_head(&mut table);
        Frozen {
            n_classes,
            scale,
            mask,
            slots: Vec::new(),
            entries: Vec::new(),
            dense_buf: Vec::new(),
            dense_off: 0,
            dense_len: 0,
            stride: 0,
            avx2: false,
            keys: kept,
            inline: table,
            inline_at: at,
        }
    }

    /// [`Frozen::score`] for models with inline weights.
    #[inline]
    fn score_inline(&self, feats: &[u64], out: &mut [i32]) {
        let table = &self.inline;
        let mask = self.mask;
        // Prefetch the home slots a fixed distance ahead of the probes, so
        // that the cache misses overlap without overfilling the miss queue.
        for &f in feats.iter().take(PREFETCH_AHEAD) {
            crate::mem::prefetch(table, ((f >> 1) as usize) & mask);
        }
        let mut acc = [0i32; 4];
        for (k, &f) in feats.iter().enumerate() {
            if let Some(&g) = feats.get(k + PREFETCH_AHEAD) {
                crate::mem::prefetch(table, ((g >> 1) as usize) & mask);
            }
            let s = inline_lookup(table, mask, f);
            acc[0] += i32::from((s >> 16) as u16 as i16);
            acc[1] += i32::from((s >> 32) as u16 as i16);
            acc[2] += i32::from((s >> 48) as u16 as i16);
        }
        for (o, a) in out.iter_mut().zip(acc) {
            *o = a;
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// The dense rows.
    #[inline]
    fn dense(&self) -> &[i16] {
        self.dense_buf
            .get(self.dense_off..self.dense_off + self.dense_len)
            .unwrap_or(&[])
    }

    /// Number of stored (feature, class) weights.
    pub fn n_weights(&self) -> usize {
        let inline: usize = self
            .inline
            .iter()
            .take(self.mask + 1)
            .map(|s| (1..4).filter(|c| (s >> (16 * c)) & 0xffff != 0).count())
            .sum();
        let sparse = self.entries.len().saturating_sub(ENTRY_CHUNK - 1);
        inline + sparse + self.dense().iter().filter(|w| **w != 0).count()
    }

    /// Number of stored features.
    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// Integer scores of the classes for `feats`, written into `out`.
    ///
    /// Two phases (find all rows, then add them) so that the memory loads of
    /// different features overlap.
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], out: &mut [i32]) {
        out.iter_mut().for_each(|v| *v = 0);
        if !self.inline.is_empty() {
            self.score_inline(feats, out);
            return;
        }
        let mut starts = [0u32; 128];
        let mut m = 0;
        // Prefetch the home slots a fixed distance ahead of the probes, so
        // that their cache misses overlap without overfilling the miss queue.
        let feats = &feats[..feats.len().min(128)];
        let dense_ptr = self.dense().as_ptr();
        let entries_ptr = self.entries.as_ptr();
        for &f in feats.iter().take(PREFETCH_AHEAD) {
            crate::mem::prefetch(&self.slots, ((f >> 1) as usize) & self.mask);
        }
        for (k, &f) in feats.iter().enumerate() {
            if let Some(&g) = feats.get(k + PREFETCH_AHEAD) {
                crate::mem::prefetch(&self.slots, ((g >> 1) as usize) & self.mask);
            }
            let s = slot_lookup(&self.slots, self.mask, f);
            if let Some(x) = starts.get_mut(m) {
                *x = s.start;
            }
            m += usize::from(s.fp != 0);
            // Start loading the row while the other slots are probed (for a
            // feature not stored, `start` is 0: a harmless hint).
            let j = s.start as usize;
            let p = if s.start & DENSE != 0 {
                dense_ptr
                    .wrapping_add((j & 0x7fff_ffff) * self.stride)
                    .cast::<u8>()
            } else {
                entries_ptr.wrapping_add(j).cast::<u8>()
            };
            crate::mem::prefetch_ptr(p);
        }
        // Dense and sparse rows apart, without branches.
        let mut dense_rows = [0u32; 128];
        let mut sparse_rows = [0u32; 128];
        let (mut nd, mut ns) = (0, 0);
        for &a in &starts[..m] {
            let dense = a & DENSE != 0;
            if let (Some(d), Some(s)) = (dense_rows.get_mut(nd), sparse_rows.get_mut(ns)) {
                *d = a & !DENSE;
                *s = a;
            }
            nd += usize::from(dense);
            ns += usize::from(!dense);
        }
        // Sparse rows a chunk of entries at a time: the entries after a
        // row's last one (the next row's, or the padding) add 0, so a row of
        // up to `ENTRY_CHUNK` entries costs one predictable pass.
        for &a in &sparse_rows[..ns] {
            let mut j = a as usize;
            while let Some(chunk) = self.entries.get(j..j + ENTRY_CHUNK) {
                let mut alive = -1i32;
                for &(c, w) in chunk {
                    if let Some(o) = out.get_mut((c & 0x7fff) as usize) {
                        *o += i32::from(w) & alive;
                    }
                    alive &= -i32::from(c & LAST == 0);
                }
                if alive == 0 {
                    break;
                }
                j += ENTRY_CHUNK;
            }
        }
        self.add_dense(&dense_rows[..nd], out);
    }

    /// Adds the dense rows `rows` into `out`, in whole blocks of classes
    /// (rows are padded to whole blocks) so that the sums vectorise; with
    /// AVX2 where the CPU has it (integer sums: the same result either way).
    #[inline]
    fn add_dense(&self, rows: &[u32], out: &mut [i32]) {
        const MAX_STRIDE: usize = 256;
        let stride = self.stride;
        if rows.is_empty() {
            return;
        }
        if stride > MAX_STRIDE {
            for &r in rows {
                let j = r as usize * stride;
                if let Some(row) = self.dense().get(j..j + stride) {
                    for (o, w) in out.iter_mut().zip(row) {
                        *o += i32::from(*w);
                    }
                }
            }
            return;
        }
        let mut acc = [0i32; MAX_STRIDE];
        let acc = &mut acc[..stride];
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the CPU supports AVX2 (detected when the model was built).
            unsafe { sum_dense_avx2(self.dense(), rows, stride, acc) };
        } else {
            sum_dense(self.dense(), rows, stride, acc);
        }
        #[cfg(not(target_arch = "x86_64"))]
        sum_dense(self.dense(), rows, stride, acc);
        for (o, a) in out.iter_mut().zip(acc.iter()) {
            *o += *a;
        }
    }

    /// The rows of the stored features, in key order.
    fn rows(&self) -> Vec<(u64, Vec<(u16, i16)>)> {
        let mut v: Vec<(u64, Vec<(u16, i16)>)> = Vec::with_capacity(self.keys.len());
        if !self.inline.is_empty() {
            for (&k, &at) in self.keys.iter().zip(&self.inline_at) {
                let s = self.inline.get(at as usize).copied().unwrap_or(0);
                let row: Vec<(u16, i16)> = (0..self.n_classes.min(INLINE_CLASSES))
                    .map(|c| (c as u16, (s >> (16 * (c + 1))) as u16 as i16))
                    .filter(|x| x.1 != 0)
                    .collect();
                v.push((k, row));
            }
            v.sort_by_key(|x| x.0);
            return v;
        }
        for &k in &self.keys {
            let fp = fingerprint(k);
            let mut i = ((k >> 1) as usize) & self.mask;
            while self.slots[i].fp != 0 && self.slots[i].fp != fp {
                i = (i + 1) & self.mask;
            }
            let start = self.slots[i].start;
            let mut row = Vec::new();
            if start & DENSE != 0 {
                let nc = self.n_classes;
                let a = (start & !DENSE) as usize * self.stride;
                if let Some(d) = self.dense().get(a..a + nc) {
                    for (c, w) in d.iter().enumerate() {
                        if *w != 0 {
                            row.push((c as u16, *w));
                        }
                    }
                }
                v.push((k, row));
                continue;
            }
            let mut j = start as usize;
            while let Some(&(c, w)) = self.entries.get(j) {
                row.push((c & 0x7fff, w));
                if c & LAST != 0 {
                    break;
                }
                j += 1;
            }
            v.push((k, row));
        }
        v.sort_by_key(|x| x.0);
        v
    }

    /// A copy without the weights whose magnitude is below `min_abs` (in
    /// quantised units).
    pub fn pruned(&self, min_abs: i16) -> Frozen {
        let rows = self.rows();
        let keys: Vec<u64> = rows.iter().map(|r| r.0).collect();
        let rows: Vec<Vec<(u16, i16)>> = rows
            .into_iter()
            .map(|(_, r)| {
                r.into_iter()
                    .filter(|x| x.1.unsigned_abs() >= min_abs.unsigned_abs())
                    .collect()
            })
            .collect();
        Frozen::build(self.n_classes, self.scale, &keys, &rows)
    }

    /// The average of several models over the same classes (their weights
    /// dequantised, averaged and quantised again), or `None` when they do
    /// not share their class count or there are none.
    pub fn average(models: &[&Frozen]) -> Option<Frozen> {
        let first = models.first()?;
        let nc = first.n_classes;
        if models.iter().any(|m| m.n_classes != nc) {
            return None;
        }
        let mut sum: std::collections::BTreeMap<u64, Vec<f32>> = Default::default();
        let n = models.len() as f32;
        for m in models {
            for (k, row) in m.rows() {
                let acc = sum.entry(k).or_insert_with(|| vec![0.0; nc]);
                for (c, w) in row {
                    if let Some(a) = acc.get_mut(c as usize) {
                        *a += f32::from(w) * m.scale / n;
                    }
                }
            }
        }
        let max = sum
            .values()
            .flat_map(|r| r.iter())
            .fold(0f32, |a, w| a.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut keys = Vec::with_capacity(sum.len());
        let mut rows = Vec::with_capacity(sum.len());
        for (k, r) in sum {
            let q: Vec<(u16, i16)> = r
                .iter()
                .enumerate()
                .map(|(c, w)| (c as u16, (w / scale).round() as i16))
                .filter(|x| x.1 != 0)
                .collect();
            if !q.is_empty() {
                keys.push(k);
                rows.push(q);
            }
        }
        Some(Frozen::build(nc, scale, &keys, &rows))
    }

    /// Serialises to bytes (uncompressed).
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        let rows = self.rows();
        put_u32(out, self.n_classes as u32);
        out.extend_from_slice(&self.scale.to_le_bytes());
        put_u32(out, rows.len() as u32);
        // Keys delta-encoded as varints, then row lengths, then classes, then weights.
        let mut prev = 0u64;
        for (k, _) in &rows {
            put_varint(out, k - prev);
            prev = *k;
        }
        for (_, r) in &rows {
            put_varint(out, r.len() as u64);
        }
        for (_, r) in &rows {
            for (c, _) in r {
                put_varint(out, u64::from(*c));
            }
        }
        for (_, r) in &rows {
            for (_, w) in r {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
    }

    /// Reads what [`Frozen::write`] wrote.
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Frozen, NlpError> {
        let rows = Self::read_rows(r)?;
        Ok(Frozen::build(
            rows.n_classes,
            rows.scale,
            &rows.keys,
            &rows.rows(),
        ))
    }

    /// Reads the rows [`Frozen::write`] wrote, without laying them out
    /// (for scorers that build their own tables from them).
    pub(crate) fn read_rows(r: &mut Reader<'_>) -> Result<StoredRows, NlpError> {
        let n_classes = r.u32()? as usize;
        let scale = f32::from_bits(r.u32()?);
        let n = r.u32()? as usize;
        if n > r.remaining() {
            return Err(NlpError::Model("feature count exceeds data".into()));
        }
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u64;
        for _ in 0..n {
            prev = prev.wrapping_add(r.varint()?);
            keys.push(prev);
        }
        let mut lens = Vec::with_capacity(n);
        for _ in 0..n {
            lens.push(r.varint()? as usize);
        }
        // All rows' entries in one buffer (one allocation, not one per row).
        let mut ends = Vec::with_capacity(n);
        let mut total = 0usize;
        for &l in &lens {
            total = total.saturating_add(l);
            // Each entry takes at least one byte for its class and two for
            // its weight.
            if total > r.remaining() {
                return Err(NlpError::Model("row length exceeds data".into()));
            }
            ends.push(total);
        }
        let mut entries: Vec<(u16, i16)> = Vec::with_capacity(total);
        for _ in 0..total {
            entries.push((r.varint()? as u16, 0i16));
        }
        for e in &mut entries {
            e.1 = r.i16()?;
        }
        if keys.contains(&0) {
            return Err(NlpError::Model("zero feature key".into()));
        }
        Ok(StoredRows {
            n_classes,
            scale,
            keys,
            ends,
            entries,
        })
    }

    /// The dequantisation scale (weights are `i16 * scale`).
    pub fn scale(&self) -> f32 {
        self.scale
    }
}

impl Clone for Frozen {
    fn clone(&self) -> Self {
        // A new buffer has its own alignment: lay the rows out again.
        let (dense_buf, dense_off) = aligned(self.dense());
        Frozen {
            n_classes: self.n_classes,
            scale: self.scale,
            mask: self.mask,
            slots: self.slots.clone(),
            entries: self.entries.clone(),
            dense_buf,
            dense_off,
            dense_len: self.dense_len,
            stride: self.stride,
            avx2: self.avx2,
            keys: self.keys.clone(),
            inline: self.inline.clone(),
            inline_at: self.inline_at.clone(),
        }
    }
}

/// A copy of `rows` in a buffer where it starts on a 64-byte boundary (so
/// that a row of 32 weights is one cache line): the buffer and the offset.
fn aligned(rows: &[i16]) -> (Vec<i16>, usize) {
    const PAD: usize = 32;
    if rows.is_empty() {
        return (Vec::new(), 0);
    }
    let mut buf = crate::mem::huge_vec(rows.len() + PAD, 0i16);
    let off = buf.as_ptr().align_offset(64);
    let off = if off < PAD { off } else { 0 };
    if let Some(dst) = buf.get_mut(off..off + rows.len()) {
        dst.copy_from_slice(rows);
    }
    (buf, off)
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

/// Sums dense rows (`stride` weights each, `stride` a multiple of [`BLOCK`])
/// into `acc` (length `stride`).
#[inline(always)]
fn sum_dense(dense: &[i16], rows: &[u32], stride: usize, acc: &mut [i32]) {
    for &r in rows {
        let j = r as usize * stride;
        let Some(row) = dense.get(j..j + stride) else {
            continue;
        };
        for (a, w) in acc.chunks_exact_mut(BLOCK).zip(row.chunks_exact(BLOCK)) {
            for (x, y) in a.iter_mut().zip(w) {
                *x += i32::from(*y);
            }
        }
    }
}

/// [`sum_dense`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn sum_dense_avx2(dense: &[i16], rows: &[u32], stride: usize, acc: &mut [i32]) {
    sum_dense(dense, rows, stride, acc);
}

pub(crate) fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// The rows of a serialised [`Frozen`] model, in file order.
pub(crate) struct StoredRows {
    /// Number of classes.
    pub n_classes: usize,
    /// The dequantisation scale.
    pub scale: f32,
    /// Feature keys, one per row.
    pub keys: Vec<u64>,
    /// Where each key's row ends in `entries`.
    pub ends: Vec<usize>,
    /// The rows' `(class, weight)` entries, one row after another.
    pub entries: Vec<(u16, i16)>,
}

impl StoredRows {
    /// The length of each key's row.
    pub fn lens(&self) -> Vec<usize> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|&end| {
                let len = end.saturating_sub(start);
                start = end;
                len
            })
            .collect()
    }

    /// Each key's `(class, weight)` entries.
    pub fn rows(&self) -> Vec<&[(u16, i16)]> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|&end| {
                let row = self.entries.get(start..end).unwrap_or(&[]);
                start = end;
                row
            })
            .collect()
    }
}

/// A bounds-checked reader over model bytes.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// Whether every byte has been read.
    pub(crate) fn at_end(&self) -> bool {
        self.remaining() == 0
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], NlpError> {
        if n > self.remaining() {
            return Err(NlpError::Model("truncated model data".into()));
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, NlpError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// One byte.
    pub(crate) fn byte(&mut self) -> Result<u8, NlpError> {
        Ok(self.take(1)?[0])
    }

    fn i16(&mut self) -> Result<i16, NlpError> {
        let b = self.take(2)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }

    pub(crate) fn varint(&mut self) -> Result<u64, NlpError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(NlpError::Model("varint too long".into()))
    }

    pub(crate) fn string(&mut self) -> Result<String, NlpError> {
        let n = self.varint()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| NlpError::Model("invalid UTF-8".into()))
    }

    pub(crate) fn strings(&mut self) -> Result<Vec<String>, NlpError> {
        let n = self.varint()? as usize;
        if n > self.remaining() {
            return Err(NlpError::Model("string count exceeds data".into()));
        }
        (0..n).map(|_| self.string()).collect()
    }
}

pub(crate) fn put_strings(out: &mut Vec<u8>, v: &[String]) {
    put_varint(out, v.len() as u64);
    for s in v {
        put_str(out, s);
    }
}

/// Compresses model bytes (deflate, best).
pub(crate) fn compress(raw: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = e.write_all(raw);
    e.finish().unwrap_or_default()
}

/// Decompresses model bytes.
pub(crate) fn decompress(data: &[u8]) -> Result<Vec<u8>, NlpError> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(data)
        .read_to_end(&mut out)
        .map_err(|e| NlpError::Model(format!("decompression failed: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_separable_data_and_round_trips() {
        let mut t = Trainer::new(3);
        let data: Vec<(Vec<u64>, usize)> = (0..30)
            .map(|i| (vec![feat(1, (i % 3) as u64), feat(2, 7)], i % 3))
            .collect();
        let mut sc = vec![0f32; 3];
        for _ in 0..5 {
            for (f, g) in &data {
                t.score(f, &mut sc);
                let guess = (0..3)
                    .max_by(|a, b| sc[*a].total_cmp(&sc[*b]).then(b.cmp(a)))
                    .unwrap_or(0);
                t.update(f, *g, guess);
                t.tick();
            }
        }
        let fr = t.freeze();
        let mut buf = Vec::new();
        fr.write(&mut buf);
        let packed = compress(&buf);
        let raw = decompress(&packed).expect("inflates");
        let back = Frozen::read(&mut Reader::new(&raw)).expect("reads");
        let mut out = vec![0i32; 3];
        for (f, g) in &data {
            back.score(f, &mut out);
            let best = (0..3).max_by_key(|c| (out[*c], std::cmp::Reverse(*c)));
            assert_eq!(best, Some(*g));
        }
    }

    #[test]
    fn averaging_keeps_scores_and_mixes_models() {
        let mk = |a: f32, b: f32| {
            let mut t = Trainer::new(2);
            for _ in 0..(a as usize) {
                t.update(&[feat(1, 1)], 0, 1);
                t.tick();
            }
            for _ in 0..(b as usize) {
                t.update(&[feat(2, 2)], 1, 0);
                t.tick();
            }
            t.freeze()
        };
        let m1 = mk(3.0, 1.0);
        let m2 = mk(1.0, 3.0);
        // A model averaged with itself scores like the model.
        let same = Frozen::average(&[&m1, &m1]).expect("same classes");
        let mut a = vec![0i32; 2];
        let mut b = vec![0i32; 2];
        for f in [feat(1, 1), feat(2, 2)] {
            m1.score(&[f], &mut a);
            same.score(&[f], &mut b);
            let d = (a[0] - b[0]).abs() + (a[1] - b[1]).abs();
            assert!(d <= 2, "{a:?} vs {b:?}");
        }
        // The average holds the features of both models.
        let avg = Frozen::average(&[&m1, &m2]).expect("same classes");
        assert_eq!(avg.n_features(), 2);
        avg.score(&[feat(2, 2)], &mut a);
        assert!(a[1] > a[0]);
        assert!(Frozen::average(&[]).is_none());
        assert!(Frozen::average(&[&m1, &Trainer::new(3).freeze()]).is_none());
    }

    #[test]
    fn dense_and_sparse_rows_score_like_a_plain_sum() {
        // 40 classes: rows with at least 10 weights are stored dense.
        let nc = 40usize;
        let mut keys = Vec::new();
        let mut rows: Vec<Vec<(u16, i16)>> = Vec::new();
        for f in 0..30u64 {
            let len = (f as usize * 7) % nc + 1;
            let row: Vec<(u16, i16)> = (0..len)
                .map(|j| {
                    let c = ((j * 3 + f as usize) % nc) as u16;
                    (c, ((f as i16 * 37 + j as i16 * 11) % 200) - 100)
                })
                .collect::<std::collections::BTreeMap<u16, i16>>()
                .into_iter()
                .collect();
            keys.push(feat(f, f));
            rows.push(row);
        }
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by_key(|i| keys[*i]);
        let keys: Vec<u64> = order.iter().map(|i| keys[*i]).collect();
        let rows: Vec<Vec<(u16, i16)>> = order.iter().map(|i| rows[*i].clone()).collect();
        let m = Frozen::build(nc, 1.0, &keys, &rows);
        assert!(m.dense().len() >= 2 * m.stride, "some rows are dense");
        assert_eq!(m.dense().as_ptr() as usize % 64, 0, "rows are aligned");
        let c = m.clone();
        assert_eq!(c.dense(), m.dense());
        assert_eq!(c.dense().as_ptr() as usize % 64, 0, "copies are aligned");
        assert_eq!(m.stride % BLOCK, 0);
        // Score every prefix of the features, plus an unknown one.
        let mut out = vec![0i32; nc];
        for n in 0..=keys.len() {
            let mut feats: Vec<u64> = keys[..n].to_vec();
            feats.push(feat(99, 99));
            m.score(&feats, &mut out);
            let mut want = vec![0i32; nc];
            for row in &rows[..n] {
                for (c, w) in row.iter().filter(|x| x.1 != 0) {
                    want[*c as usize] += i32::from(*w);
                }
            }
            assert_eq!(out, want, "first {n} features");
        }
        // The rows read back unchanged.
        let back: Vec<Vec<(u16, i16)>> = m.rows().into_iter().map(|r| r.1).collect();
        let want: Vec<Vec<(u16, i16)>> = rows
            .iter()
            .map(|r| r.iter().copied().filter(|x| x.1 != 0).collect())
            .collect();
        assert_eq!(back, want);
        // The padding after the sparse rows is not counted as weights.
        assert_eq!(m.n_weights(), want.iter().map(Vec::len).sum::<usize>());
    }

    #[test]
    fn windowed_lookups_find_what_linear_probing_finds() {
        // A crowded 16-slot table with runs longer than the window and runs
        // that wrap around its end, probed for stored and unstored keys.
        let mask = 15usize;
        let key = |home: u64, fp: u64| (fp << 48) | (home << 1);
        let mut table = vec![0u64; mask + 1];
        let mut slots = vec![Slot::default(); mask + 1];
        let mut stored = Vec::new();
        for (n, home) in [3u64, 3, 3, 4, 4, 5, 5, 9, 14, 14, 15, 15, 0, 11]
            .iter()
            .enumerate()
        {
            let k = key(*home, 100 + n as u64);
            let mut i = *home as usize;
            while table[i] != 0 {
                i = (i + 1) & mask;
            }
            table[i] = fingerprint16(k) | (n as u64 + 1) << 16;
            slots[i] = Slot {
                fp: fingerprint(k),
                start: n as u32 + 1,
            };
            stored.push(k);
        }
        let slot_reference = |f: u64| -> (u32, u32) {
            let mut i = ((f >> 1) as usize) & mask;
            loop {
                let s = slots[i];
                if s.fp == fingerprint(f) || s.fp == 0 {
                    return (s.fp, s.start);
                }
                i = (i + 1) & mask;
            }
        };
        let reference = |f: u64| -> u64 {
            let mut i = ((f >> 1) as usize) & mask;
            loop {
                let s = table[i];
                if s & 0xffff == fingerprint16(f) {
                    return s;
                }
                if s & 0xffff == 0 {
                    return 0;
                }
                i = (i + 1) & mask;
            }
        };
        let mut mirrored = table.clone();
        mirrored.extend_from_slice(&table[..PROBE_WINDOW - 1]);
        let mut mirrored_slots = slots.clone();
        mirrored_slots.extend_from_slice(&slots[..PROBE_WINDOW - 1]);
        let mut probes = stored.clone();
        for home in 0..16u64 {
            probes.push(key(home, 7));
            probes.push(key(home, 103));
        }
        let mut found = 0;
        for f in probes {
            let got = inline_lookup(&mirrored, mask, f);
            assert_eq!(got, reference(f), "key {f:#x}");
            let slot = slot_lookup(&mirrored_slots, mask, f);
            assert_eq!((slot.fp, slot.start), slot_reference(f), "key {f:#x}");
            found += usize::from(got != 0);
        }
        assert!(found >= stored.len());
    }

    #[test]
    fn inline_rows_score_like_a_plain_sum_and_read_back() {
        // Three classes: the weights live in the table's slots.
        let nc = 3usize;
        let mut keys: Vec<u64> = (0..500u64).map(|f| feat(7, f)).collect();
        keys.sort_unstable();
        let rows: Vec<Vec<(u16, i16)>> = keys
            .iter()
            .enumerate()
            .map(|(i, _)| {
                (0..nc as u16)
                    .filter(|c| (i + *c as usize) % 4 != 0)
                    .map(|c| (c, ((i as i16 * 53 + c as i16 * 7) % 3000) - 1500))
                    .filter(|x| x.1 != 0)
                    .collect()
            })
            .collect();
        let m = Frozen::build(nc, 0.5, &keys, &rows);
        assert!(!m.inline.is_empty() && m.entries.is_empty() && m.dense().is_empty());
        let mut out = vec![0i32; nc];
        for n in [0usize, 1, 17, 120] {
            let mut feats: Vec<u64> = keys.iter().skip(n).step_by(5).copied().collect();
            feats.push(feat(8, 1));
            m.score(&feats, &mut out);
            let mut want = vec![0i32; nc];
            for (k, row) in keys.iter().zip(&rows) {
                if feats.contains(k) {
                    for (c, w) in row {
                        want[*c as usize] += i32::from(*w);
                    }
                }
            }
            assert_eq!(out, want, "from feature {n}");
        }
        let back: Vec<Vec<(u16, i16)>> = m.rows().into_iter().map(|r| r.1).collect();
        let want: Vec<Vec<(u16, i16)>> = rows.iter().filter(|r| !r.is_empty()).cloned().collect();
        assert_eq!(back, want);
        assert_eq!(m.n_weights(), want.iter().map(|r| r.len()).sum::<usize>());
        // Serialisation round-trips.
        let mut buf = Vec::new();
        m.write(&mut buf);
        let again = Frozen::read(&mut Reader::new(&buf)).expect("reads");
        let mut buf2 = Vec::new();
        again.write(&mut buf2);
        assert_eq!(buf, buf2);
    }

    #[test]
    fn portable_and_avx2_dense_sums_agree() {
        let stride = 2 * BLOCK;
        let dense: Vec<i16> = (0..4 * stride)
            .map(|i| (i as i16 * 97) % 3001 - 1500)
            .collect();
        let rows = [2u32, 0, 3, 3, 9];
        let mut a = vec![0i32; stride];
        sum_dense(&dense, &rows, stride, &mut a);
        let mut want = vec![0i32; stride];
        for r in [2usize, 0, 3, 3] {
            for (k, w) in want.iter_mut().enumerate() {
                *w += i32::from(dense[r * stride + k]);
            }
        }
        assert_eq!(a, want);
        if has_avx2() {
            let mut b = vec![0i32; stride];
            // SAFETY: AVX2 is available (checked just above).
            unsafe { sum_dense_avx2(&dense, &rows, stride, &mut b) };
            assert_eq!(b, want);
        }
    }

    #[test]
    fn truncated_model_is_an_error() {
        let mut r = Reader::new(&[1, 2]);
        assert!(Frozen::read(&mut r).is_err());
    }
}
