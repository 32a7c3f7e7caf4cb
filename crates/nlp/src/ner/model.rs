//! The NER model: a hashed weight table (integer weights), the gazetteer,
//! the word clusters, greedy constrained BILOU decoding and the compressed
//! file format.
//!
//! File layout (then gzip-compressed): magic `CHNER2`, `bits` (u8), tag
//! count (u8), gazetteer text length (u32 LE) and text, cluster text length
//! (u32 LE) and text, number of non-zero rows (u32 LE), then per row:
//! row-index delta, non-zero tag mask and each non-zero weight (zig-zag), all
//! LEB128 varints. Version-1 files (`CHNER1`) have no cluster text.

use std::io::{Read, Write};
use std::sync::Arc;

use super::clusters::Clusters;
use super::features::{self, KnownWords, SentenceFeatures, WordAttrs, N_DYNAMIC, N_STATIC};
use super::forms::{self, FormCache};
use super::gazetteer::Gazetteer;
use super::{NerError, N_TAGS};

const MAGIC: &[u8; 6] = b"CHNER2";
const MAGIC_V1: &[u8; 6] = b"CHNER1";

/// Upper bound on decompressed model size, against corrupt input.
const MAX_MODEL_BYTES: u64 = 256 << 20;

/// A trained NER model.
#[derive(Debug, Clone)]
pub struct Model {
    bits: u8,
    weights: Vec<i16>,
    gaz: Gazetteer,
    clusters: Clusters,
    /// Frequent forms prepared for recognition (see [`Model::with_forms`]).
    forms: Option<Arc<FormCache>>,
}

/// Bucket of a feature hash in a table of `2^bits` rows.
#[inline]
pub fn bucket(h: u64, bits: u8) -> usize {
    (h >> (64 - u32::from(bits))) as usize
}

/// Whether tag `next` may follow tag `prev` (BILOU well-formedness);
/// `last` forbids tags that open a multi-word span.
#[inline]
pub fn allowed(prev: u8, next: u8, last: bool) -> bool {
    let part = |t: u8| if t == 0 { 0 } else { (t - 1) % 4 + 1 };
    let kind = |t: u8| (t.max(1) - 1) / 4;
    let inside = matches!(part(prev), 1 | 2);
    let ok = if inside {
        matches!(part(next), 2 | 3) && kind(next) == kind(prev)
    } else {
        matches!(part(next), 0 | 1 | 4)
    };
    ok && !(last && matches!(part(next), 1 | 2))
}

/// The best-scoring tag allowed after `prev` (lowest index on ties).
#[inline]
pub fn best_allowed<S: Copy + PartialOrd>(scores: &[S; N_TAGS], prev: u8, last: bool) -> u8 {
    let mut best: Option<(u8, S)> = None;
    for (t, &s) in scores.iter().enumerate() {
        let t = t as u8;
        if !allowed(prev, t, last) {
            continue;
        }
        let better = match best {
            None => true,
            Some((_, b)) => s > b,
        };
        if better {
            best = Some((t, s));
        }
    }
    best.map_or(0, |(t, _)| t)
}

/// Greedy decoding shared by inference (integer weights) and training
/// (float weights): `score(features, scores)` adds the rows of the given
/// feature hashes into `scores`.
pub fn greedy<S: Copy + PartialOrd + Default>(
    f: &SentenceFeatures,
    mut score: impl FnMut(&[u64], &mut [S; N_TAGS]),
    mut on_token: impl FnMut(usize, &[u64], u8),
) -> Vec<u8> {
    let n = f.len();
    let mut tags = Vec::with_capacity(n);
    let (mut prev, mut prev2) = (0u8, 0u8);
    let mut feats = [0u64; N_STATIC + N_DYNAMIC];
    for i in 0..n {
        feats[..N_STATIC].copy_from_slice(f.token(i));
        feats[N_STATIC..].copy_from_slice(&features::dynamic(f.lower[i], f.shape[i], prev, prev2));
        let mut scores = [S::default(); N_TAGS];
        score(&feats, &mut scores);
        let tag = best_allowed(&scores, prev, i + 1 == n);
        on_token(i, &feats, tag);
        tags.push(tag);
        prev2 = prev;
        prev = tag;
    }
    tags
}

impl Model {
    /// Build from parts; `weights` must have `2^bits * N_TAGS` entries.
    pub fn new(
        bits: u8,
        weights: Vec<i16>,
        gaz: Gazetteer,
        clusters: Clusters,
    ) -> Result<Self, NerError> {
        if !(8..=26).contains(&bits) || weights.len() != (1usize << bits) * N_TAGS {
            return Err(NerError::BadModel(format!(
                "{} weights do not fit {bits} bits",
                weights.len()
            )));
        }
        Ok(Self {
            bits,
            weights,
            gaz,
            clusters,
            forms: None,
        })
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// The word clusters.
    pub fn clusters(&self) -> &Clusters {
        &self.clusters
    }

    /// Table size in bits.
    pub fn bits(&self) -> u8 {
        self.bits
    }

    /// The model with `forms` (frequent word forms, e.g. a tagger's)
    /// prepared for recognition (see [`FormCache`]): faster on those
    /// words, the same tags.
    pub fn with_forms(mut self, forms: &[String]) -> Model {
        let cache = FormCache::build(
            forms,
            |w, buf| WordAttrs::of(w, &self.gaz, &self.clusters, buf),
            |feats| {
                let mut acc = [0i32; N_TAGS];
                for &h in feats {
                    self.add_row(h, &mut acc);
                }
                acc
            },
        );
        self.forms = Some(Arc::new(cache));
        self
    }

    /// Number of prepared forms (see [`Model::with_forms`]).
    pub fn n_forms(&self) -> usize {
        self.forms.as_ref().map_or(0, |c| c.len())
    }

    /// Predict BILOU tag indices for one sentence.
    pub fn predict(&self, words: &[&str], upos: &[&str]) -> Vec<u8> {
        if words.is_empty() {
            return Vec::new();
        }
        let cache = self.forms.as_deref();
        let f = features::extract_with(
            words,
            upos,
            &self.gaz,
            &self.clusters,
            cache.map(|c| c as &dyn KnownWords),
        );
        let n = f.len();
        // A known token starts from its form's summed word-only rows and
        // adds the rows of its other features only.
        let start = |i: usize| -> Option<&[i32; N_TAGS]> {
            let number = *f.known.get(i)?;
            cache?.sums(number)
        };
        // Static scores first: independent loads the CPU can overlap; the
        // rows of the next token are prefetched while this one's are added.
        let mut stat = vec![[0i32; N_TAGS]; n];
        if n > 0 {
            self.prefetch_rows(f.token(0), start(0).is_some());
        }
        for (i, scores) in stat.iter_mut().enumerate() {
            if i + 1 < n {
                self.prefetch_rows(f.token(i + 1), start(i + 1).is_some());
            }
            let known = start(i);
            let mut acc = known.copied().unwrap_or([0i32; N_TAGS]);
            for (k, &h) in f.token(i).iter().enumerate() {
                if known.is_none() || !forms::summed(k) {
                    self.add_row(h, &mut acc);
                }
            }
            *scores = acc;
        }
        let mut tags = Vec::with_capacity(n);
        let (mut prev, mut prev2) = (0u8, 0u8);
        for (i, mut scores) in stat.into_iter().enumerate() {
            for h in features::dynamic(f.lower[i], f.shape[i], prev, prev2) {
                self.add_row(h, &mut scores);
            }
            let tag = best_allowed(&scores, prev, i + 1 == n);
            tags.push(tag);
            prev2 = prev;
            prev = tag;
        }
        tags
    }

    /// Prefetches the weight rows of a token's static features `feats`
    /// (both ends: a row may straddle two cache lines), but for the summed
    /// ones when the token is `known`.
    #[inline]
    fn prefetch_rows(&self, feats: &[u64], known: bool) {
        for (k, &h) in feats.iter().enumerate() {
            if known && forms::summed(k) {
                continue;
            }
            let b = bucket(h, self.bits) * N_TAGS;
            crate::mem::prefetch(&self.weights, b);
            crate::mem::prefetch(&self.weights, b + N_TAGS - 1);
        }
    }

    /// Adds the weight row of feature hash `h` into `scores`.
    #[inline]
    fn add_row(&self, h: u64, scores: &mut [i32; N_TAGS]) {
        let b = bucket(h, self.bits) * N_TAGS;
        let Some(row) = self
            .weights
            .get(b..b + N_TAGS)
            .and_then(|r| <&[i16; N_TAGS]>::try_from(r).ok())
        else {
            return;
        };
        for (s, &x) in scores.iter_mut().zip(row) {
            *s += i32::from(x);
        }
    }

    /// Serialise and gzip-compress.
    pub fn to_compressed(&self) -> Result<Vec<u8>, NerError> {
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        raw.push(self.bits);
        raw.push(N_TAGS as u8);
        let gaz = self.gaz.to_text();
        raw.extend_from_slice(&(gaz.len() as u32).to_le_bytes());
        raw.extend_from_slice(gaz.as_bytes());
        let clu = self.clusters.to_text();
        raw.extend_from_slice(&(clu.len() as u32).to_le_bytes());
        raw.extend_from_slice(clu.as_bytes());
        let rows: Vec<usize> = (0..1usize << self.bits)
            .filter(|r| self.row(*r).iter().any(|&x| x != 0))
            .collect();
        raw.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        let mut last = 0usize;
        for r in rows {
            put_varint(&mut raw, (r - last) as u64);
            last = r;
            let row = self.row(r);
            let mask = row
                .iter()
                .enumerate()
                .fold(0u64, |m, (t, &x)| if x != 0 { m | 1 << t } else { m });
            put_varint(&mut raw, mask);
            for &x in row.iter().filter(|&&x| x != 0) {
                put_varint(&mut raw, zigzag(i64::from(x)));
            }
        }
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let io = |source| NerError::Io {
            path: "<model>".into(),
            source,
        };
        enc.write_all(&raw).map_err(io)?;
        enc.finish().map_err(io)
    }

    /// Decompress and parse a model written by [`Model::to_compressed`].
    pub fn from_compressed(bytes: &[u8]) -> Result<Self, NerError> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .take(MAX_MODEL_BYTES)
            .read_to_end(&mut raw)
            .map_err(|e| NerError::BadModel(format!("decompress: {e}")))?;
        let mut r = Reader { buf: &raw, pos: 0 };
        let magic = r.take(MAGIC.len())?;
        let v2 = magic == MAGIC;
        if !v2 && magic != MAGIC_V1 {
            return Err(NerError::BadModel("bad magic".into()));
        }
        let bits = r.take(1)?[0];
        let nt = r.take(1)?[0] as usize;
        if nt != N_TAGS || !(8..=26).contains(&bits) {
            return Err(NerError::BadModel(format!(
                "unsupported layout: {bits} bits, {nt} tags"
            )));
        }
        let glen = r.u32()? as usize;
        let gtext = std::str::from_utf8(r.take(glen)?)
            .map_err(|_| NerError::BadModel("gazetteer is not UTF-8".into()))?;
        let gaz = Gazetteer::from_text(gtext)?;
        let clusters = if v2 {
            let clen = r.u32()? as usize;
            let ctext = std::str::from_utf8(r.take(clen)?)
                .map_err(|_| NerError::BadModel("clusters are not UTF-8".into()))?;
            Clusters::from_text(ctext)?
        } else {
            Clusters::default()
        };
        let nrows = 1usize << bits;
        // Rows are read at random: back the table with huge pages.
        let mut weights = crate::mem::huge_vec(nrows * N_TAGS, 0i16);
        let count = r.u32()? as usize;
        let mut row = 0usize;
        for k in 0..count {
            let delta = r.varint()? as usize;
            row = row
                .checked_add(delta)
                .filter(|&x| x < nrows && (k == 0 || delta > 0))
                .ok_or_else(|| NerError::BadModel("row index out of range".into()))?;
            let mask = r.varint()?;
            if mask >> N_TAGS != 0 {
                return Err(NerError::BadModel("bad tag mask".into()));
            }
            for t in 0..N_TAGS {
                if mask & (1 << t) != 0 {
                    let v = unzigzag(r.varint()?);
                    weights[row * N_TAGS + t] = i16::try_from(v)
                        .map_err(|_| NerError::BadModel("weight out of range".into()))?;
                }
            }
        }
        if r.pos != raw.len() {
            return Err(NerError::BadModel("trailing bytes".into()));
        }
        Self::new(bits, weights, gaz, clusters)
    }

    fn row(&self, r: usize) -> &[i16] {
        &self.weights[r * N_TAGS..(r + 1) * N_TAGS]
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| NerError::BadModel("truncated".into()))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, NerError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn varint(&mut self) -> Result<u64, NerError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(NerError::BadModel("varint too long".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Model {
        let bits = 8;
        let mut weights = vec![0i16; (1 << bits) * N_TAGS];
        for (i, w) in weights.iter_mut().enumerate() {
            if i % 7 == 0 {
                *w = (i as i16 % 200) - 100;
            }
        }
        let gaz = Gazetteer::from_entries(vec![(1, "rome".into())]);
        let clusters = Clusters::from_entries(vec![(6, "rome".into())]);
        Model::new(bits, weights, gaz, clusters).unwrap()
    }

    #[test]
    fn compressed_round_trip() {
        let m = tiny();
        let bytes = m.to_compressed().unwrap();
        let m2 = Model::from_compressed(&bytes).unwrap();
        assert_eq!(m2.weights, m.weights);
        assert_eq!(m2.bits, m.bits);
        assert!(m2.gazetteer().is_place(&["Rome"]));
        let rome = super::features::lower_hash("Rome");
        assert_eq!(m2.clusters().path(rome), 6);
    }

    #[test]
    fn corrupt_models_are_errors() {
        let bytes = tiny().to_compressed().unwrap();
        assert!(Model::from_compressed(&bytes[..bytes.len() / 2]).is_err());
        assert!(Model::from_compressed(b"not a model").is_err());
        assert!(Model::from_compressed(&[]).is_err());
    }

    #[test]
    fn decoding_is_well_formed() {
        let m = tiny();
        let words = ["a", "B", "c", "D", "e", "F", "g"];
        let tags = m.predict(&words, &[]);
        assert_eq!(tags.len(), words.len());
        let mut prev = 0;
        for (i, &t) in tags.iter().enumerate() {
            assert!(allowed(prev, t, i + 1 == tags.len()));
            prev = t;
        }
    }

    #[test]
    fn predict_matches_plain_greedy_decoding() {
        let m = tiny();
        let sents: [&[&str]; 3] = [
            &["Rome", "is", "in", "Italy", "."],
            &["a", "B", "C", "d", "E", "F", "G", "h"],
            &["x"],
        ];
        for words in sents {
            let f = features::extract(words, &[], m.gazetteer(), m.clusters());
            let plain = greedy::<i32>(
                &f,
                |feats, scores| {
                    for &h in feats {
                        m.add_row(h, scores);
                    }
                },
                |_, _, _| {},
            );
            assert_eq!(m.predict(words, &[]), plain);
        }
    }

    #[test]
    fn version_one_files_load_without_clusters() {
        let m = tiny();
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC_V1);
        raw.push(m.bits);
        raw.push(N_TAGS as u8);
        let gaz = m.gaz.to_text();
        raw.extend_from_slice(&(gaz.len() as u32).to_le_bytes());
        raw.extend_from_slice(gaz.as_bytes());
        raw.extend_from_slice(&0u32.to_le_bytes());
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&raw).unwrap();
        let old = Model::from_compressed(&enc.finish().unwrap()).unwrap();
        assert!(old.clusters().is_empty());
        assert!(old.gazetteer().is_place(&["Rome"]));
    }

    #[test]
    fn varints_round_trip() {
        for v in [0i64, 1, -1, 300, -300, i16::MAX as i64, i16::MIN as i64] {
            let mut b = Vec::new();
            put_varint(&mut b, zigzag(v));
            let mut r = Reader { buf: &b, pos: 0 };
            assert_eq!(unzigzag(r.varint().unwrap()), v);
        }
    }
}
