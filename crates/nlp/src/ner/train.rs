//! Training the NER model: gold named entities from GUM (CoNLL-U with
//! `Entity=` bracket annotations in MISC), silver IOB2 files (spaCy teacher
//! output from `eval/ner/make_silver.py`), in-domain gold UNER IOB2 files,
//! a gazetteer from the Phoenix dictionaries, word clusters (see
//! [`super::clusters`]), and a greedy averaged
//! perceptron. [`run`] can instead cross-validate over contiguous blocks of
//! the UNER sentences (`TrainArgs::folds`).
//!
//! Deterministic: sentence order is shuffled with a fixed-seed generator and
//! all arithmetic is single-threaded.

use std::path::{Path, PathBuf};

use super::clusters::Clusters;
use super::features::{self, SentenceFeatures};
use super::gazetteer::Gazetteer;
use super::model::{bucket, greedy, Model};
use super::{eval, iob2, tags_from_spans, NerError, Recognizer, KINDS, N_TAGS};

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainArgs {
    /// GUM CoNLL-U files or directories of them (gold).
    pub gum: Vec<PathBuf>,
    /// Silver IOB2 files (`ID WORD TAG UPOS -`).
    pub silver: Vec<PathBuf>,
    /// Per-mille of GUM/silver sentences also trained as a fully lower-cased
    /// copy (web text often lacks capitals).
    pub lower_aug: u32,
    /// Per-mille of GUM/silver sentences with entities also trained as a
    /// copy whose entity words alone are lower-cased ("living in malaysia").
    pub lower_ent_aug: u32,
    /// Silver labels (e.g. `ORG`) treated as untrusted: no updates inside them.
    pub silver_unsure: Vec<String>,
    /// In-domain gold UNER IOB2 files (PER/ORG/LOC).
    pub uner: Vec<PathBuf>,
    /// CoNLL-U files whose UPOS is attached to the UNER sentences by `sent_id`.
    pub uner_upos: Vec<PathBuf>,
    /// How many times each UNER sentence is repeated per epoch.
    pub uner_repeat: usize,
    /// When above 1: k-fold cross-validation over contiguous blocks of the
    /// UNER sentences instead of writing a model.
    pub folds: usize,
    /// In cross-validation, give the held-out sentences UPOS from the
    /// crate's own embedded tagger (as `chronicle tag` does) instead of none.
    pub cv_tagger: bool,
    /// Folder with the Phoenix dictionaries, for the gazetteer.
    pub phoenix: Option<PathBuf>,
    /// Extra gazetteer lists (`KINDS<TAB>phrase`, from `eval/ner/make_lists.py`).
    pub lists: Vec<PathBuf>,
    /// Word clusters (`PATH<TAB>word`, from `eval/ner/make_clusters.py`).
    pub clusters: Option<PathBuf>,
    /// Where to write the compressed model.
    pub out: PathBuf,
    /// Optional UNER IOB2 file scored after each epoch (reporting only).
    pub dev: Option<PathBuf>,
    /// Passes over the data.
    pub epochs: usize,
    /// Weight table size in bits.
    pub bits: u8,
    /// How many times each gold sentence is repeated per epoch.
    pub gold_repeat: usize,
    /// Per-mille of sentences trained without UPOS (so the model also works
    /// without a tagger).
    pub upos_dropout: u32,
    /// Quantised weights with magnitude at most this are dropped.
    pub prune: i16,
    /// Shuffle seed.
    pub seed: u64,
}

impl Default for TrainArgs {
    fn default() -> Self {
        Self {
            gum: Vec::new(),
            silver: Vec::new(),
            lower_aug: 0,
            lower_ent_aug: 0,
            silver_unsure: Vec::new(),
            uner: Vec::new(),
            uner_upos: Vec::new(),
            uner_repeat: 1,
            folds: 0,
            cv_tagger: false,
            phoenix: None,
            lists: Vec::new(),
            clusters: None,
            out: PathBuf::from("models/ner/ner.bin.gz"),
            dev: None,
            epochs: 10,
            bits: 18,
            gold_repeat: 1,
            upos_dropout: 500,
            prune: 0,
            seed: 7,
        }
    }
}

/// One training sentence.
#[derive(Debug, Clone)]
pub struct Example {
    /// Words.
    pub words: Vec<String>,
    /// UPOS per word (may be empty strings).
    pub upos: Vec<String>,
    /// Entity spans `(start, end, kind index into KINDS)`.
    pub spans: Vec<(usize, usize, usize)>,
    /// Word ranges whose labels are not trusted: no updates are made there.
    pub unsure: Vec<(usize, usize)>,
}

/// What training did.
#[derive(Debug, Clone)]
pub struct TrainSummary {
    /// Gold (GUM) sentences and entities.
    pub gold: (usize, usize),
    /// Silver sentences and entities.
    pub silver: (usize, usize),
    /// UNER gold sentences and entities.
    pub uner: (usize, usize),
    /// Gazetteer entries.
    pub gazetteer: usize,
    /// Compressed model size in bytes.
    pub model_bytes: usize,
    /// Dev report after each epoch, when a dev file was given.
    pub dev: Vec<String>,
    /// Held-out report per cross-validation fold.
    pub folds: Vec<eval::Report>,
}

impl std::fmt::Display for TrainSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "gold sentences {} (entities {})",
            self.gold.0, self.gold.1
        )?;
        writeln!(
            f,
            "silver sentences {} (entities {})",
            self.silver.0, self.silver.1
        )?;
        writeln!(
            f,
            "UNER gold sentences {} (entities {})",
            self.uner.0, self.uner.1
        )?;
        writeln!(f, "gazetteer entries {}", self.gazetteer)?;
        if !self.folds.is_empty() {
            let mut sum = 0.0;
            for (i, r) in self.folds.iter().enumerate() {
                let per: Vec<String> = eval::LABELS
                    .iter()
                    .zip(&r.per_label)
                    .map(|(l, c)| format!("{l} {:.4}", c.f1()))
                    .collect();
                writeln!(f, "fold {}: {} | {}", i + 1, r.micro_line(), per.join(" "))?;
                sum += r.micro().f1();
            }
            let pooled = self.folds.iter().fold(eval::Report::default(), |mut a, r| {
                for (x, y) in a.per_label.iter_mut().zip(&r.per_label) {
                    x.gold += y.gold;
                    x.predicted += y.predicted;
                    x.correct += y.correct;
                }
                a
            });
            let per: Vec<String> = eval::LABELS
                .iter()
                .zip(&pooled.per_label)
                .map(|(l, c)| format!("{l} {:.4}", c.f1()))
                .collect();
            writeln!(
                f,
                "cv mean micro F1 {:.4} over {} folds; pooled {} | {}",
                sum / self.folds.len() as f64,
                self.folds.len(),
                pooled.micro_line(),
                per.join(" ")
            )?;
        }
        for (i, d) in self.dev.iter().enumerate() {
            writeln!(f, "epoch {}: {d}", i + 1)?;
        }
        write!(f, "model {} bytes", self.model_bytes)
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> NerError + '_ {
    move |source| NerError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// CoNLL-U files under `p` (itself when a file), sorted.
fn conllu_files(p: &Path) -> Result<Vec<PathBuf>, NerError> {
    if p.is_file() {
        return Ok(vec![p.to_path_buf()]);
    }
    let mut out = Vec::new();
    for e in std::fs::read_dir(p).map_err(io_err(p))? {
        let e = e.map_err(io_err(p))?;
        let path = e.path();
        if path.extension().is_some_and(|x| x == "conllu") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// A GUM mention: token range, entity type, min-span word offsets (1-based
/// within the mention).
struct Mention {
    start: usize,
    end: usize,
    etype: String,
    minspan: Vec<usize>,
}

/// Parse the `Entity=` value of one token, updating open mentions.
fn parse_entity_field(
    value: &str,
    tok: usize,
    open: &mut Vec<(String, String, usize, Vec<usize>)>,
    done: &mut Vec<Mention>,
) {
    let b = value.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'(' {
            let j = b[i + 1..]
                .iter()
                .position(|&c| c == b'(' || c == b')')
                .map_or(b.len(), |k| i + 1 + k);
            let content = &value[i + 1..j];
            let parts: Vec<&str> = content.splitn(8, '-').collect();
            let id = parts.first().copied().unwrap_or("").to_string();
            let etype = parts.get(1).copied().unwrap_or("").to_string();
            let minspan: Vec<usize> = parts
                .get(5)
                .map(|m| m.split(',').filter_map(|x| x.parse().ok()).collect())
                .unwrap_or_default();
            if j < b.len() && b[j] == b')' {
                done.push(Mention {
                    start: tok,
                    end: tok + 1,
                    etype,
                    minspan,
                });
                i = j + 1;
            } else {
                open.push((id, etype, tok, minspan));
                i = j;
            }
        } else if b[i].is_ascii_digit() {
            let j = b[i..]
                .iter()
                .position(|&c| !c.is_ascii_digit())
                .map_or(b.len(), |k| i + k);
            let id = &value[i..j];
            if j < b.len() && b[j] == b')' {
                if let Some(pos) = open.iter().rposition(|o| o.0 == id) {
                    let (_, etype, start, minspan) = open.remove(pos);
                    done.push(Mention {
                        start,
                        end: tok + 1,
                        etype,
                        minspan,
                    });
                }
                i = j + 1;
            } else {
                i = j;
            }
        } else {
            i += 1;
        }
    }
}

const CONNECTORS: &[&str] = &[
    "of", "de", "du", "del", "della", "la", "le", "van", "von", "der", "den", "da", "di", "&",
    "for", "the", "-", ".", "'s", "on", "at", "y",
];

/// Titles and honorifics dropped from the front of person names (UNER
/// leaves them outside the span).
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "senator",
    "sen",
    "rep",
    "representative",
    "gov",
    "governor",
    "gen",
    "general",
    "col",
    "colonel",
    "capt",
    "captain",
    "lt",
    "lieutenant",
    "sgt",
    "sergeant",
    "adm",
    "admiral",
    "maj",
    "major",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "father",
    "rev",
    "reverend",
    "mayor",
    "minister",
    "prime",
    "secretary",
    "chairman",
    "judge",
    "justice",
    "aunt",
    "uncle",
    "doctor",
    "coach",
    "chancellor",
    "premier",
    "ambassador",
    "sheikh",
    "shaikh",
    "ayatollah",
    "imam",
    "mullah",
    "cardinal",
    "bishop",
    "brother",
    "sister",
    "officer",
    "agent",
    "detective",
    "chief",
    "commander",
    "emperor",
    "empress",
    "sultan",
    "emir",
    "crown",
    "former",
    "st",
    "saint",
    "grand",
    "ayatullah",
    "mister",
    "madam",
    "madame",
    "mme",
    "herr",
    "frau",
];

/// Whether a word (case-insensitive, trailing '.' ignored) is a title.
pub fn is_title(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_lowercase();
    TITLES.contains(&w.as_str())
}

/// Whether a word is a URL or an e-mail address (never part of an entity).
/// Mail-system names such as `Warner@ENRON` (no dot after the `@`) are not
/// links: UNER tags them as part of the name.
pub fn is_link(word: &str) -> bool {
    let email = word
        .split_once('@')
        .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
    word.contains("://") || word.starts_with("www.") || email
}

/// Trim a span towards UNER style: drop a leading "the", leading titles of
/// person names, and reject spans containing links. `kind` indexes KINDS.
fn trim_span(words: &[String], mut a: usize, b: usize, kind: usize) -> Option<(usize, usize)> {
    while a < b && words[a].eq_ignore_ascii_case("the") {
        a += 1;
    }
    if kind == 0 {
        while a + 1 < b && is_title(&words[a]) {
            a += 1;
        }
    }
    if a >= b || words[a..b].iter().any(|w| is_link(w)) {
        return None;
    }
    Some((a, b))
}

/// The named part of a mention: the run of proper nouns (joined by
/// connectors such as "of") around its first proper-noun min-span word.
fn named_span(m: &Mention, words: &[String], upos: &[String]) -> Option<(usize, usize)> {
    let propn = |k: usize| upos[k] == "PROPN";
    let head = m
        .minspan
        .iter()
        .map(|&o| m.start + o.saturating_sub(1))
        .find(|&k| k < m.end && propn(k))?;
    let namey = |k: usize| {
        propn(k) || upos[k] == "NUM" || CONNECTORS.contains(&words[k].to_lowercase().as_str())
    };
    let mut s = head;
    while s > m.start && namey(s - 1) {
        s -= 1;
    }
    let mut e = head + 1;
    while e < m.end && namey(e) {
        e += 1;
    }
    while s < head && !propn(s) {
        s += 1;
    }
    while e > head + 1 && !(propn(e - 1) || (upos[e - 1] == "NUM" && propn(e - 2))) {
        e -= 1;
    }
    Some((s, e))
}

/// Read GUM CoNLL-U: named person/organization/place mentions as PER/ORG/LOC.
pub fn read_gum(path: &Path) -> Result<Vec<Example>, NerError> {
    let text = std::fs::read_to_string(path).map_err(io_err(path))?;
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut upos: Vec<String> = Vec::new();
    let mut open = Vec::new();
    let mut done = Vec::new();
    let mut flush = |words: &mut Vec<String>, upos: &mut Vec<String>, done: &mut Vec<Mention>| {
        if words.is_empty() {
            return;
        }
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        for m in done.drain(..) {
            let kind = match m.etype.as_str() {
                "person" => 0,
                "organization" => 1,
                "place" => 2,
                _ => continue,
            };
            if let Some((s, e)) = named_span(&m, words, upos) {
                if let Some((s, e)) = trim_span(words, s, e, kind) {
                    cands.push((s, e, kind));
                }
            }
        }
        // Longest first; drop overlaps.
        cands.sort_by_key(|&(s, e, k)| (std::cmp::Reverse(e - s), s, k));
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        for c in cands {
            if spans.iter().all(|&(s, e, _)| c.1 <= s || c.0 >= e) {
                spans.push(c);
            }
        }
        spans.sort();
        out.push(Example {
            words: std::mem::take(words),
            upos: std::mem::take(upos),
            spans,
            unsure: Vec::new(),
        });
    };
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() {
            flush(&mut words, &mut upos, &mut done);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(NerError::Format {
                path: path.display().to_string(),
                line: n + 1,
                msg: "expected 10 columns".into(),
            });
        }
        if !cols[0].bytes().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let tok = words.len();
        words.push(cols[1].to_string());
        upos.push(cols[3].to_string());
        if let Some(ent) = cols[9].split('|').find_map(|f| f.strip_prefix("Entity=")) {
            parse_entity_field(ent, tok, &mut open, &mut done);
        }
    }
    flush(&mut words, &mut upos, &mut done);
    Ok(out)
}

/// Read a silver IOB2 file, cleaning spaCy's spans towards UNER style:
/// a leading "the" is dropped, and PER/ORG/LOC spans without a proper noun
/// (when UPOS is present) are discarded. Spans whose kind is in `unsure`
/// (e.g. `ORG`, where the teacher often disagrees with UNER) are marked as
/// untrusted instead of labelled.
pub fn read_silver(path: &Path, unsure: &[String]) -> Result<Vec<Example>, NerError> {
    let doc = iob2::read(path)?;
    let mut out = Vec::new();
    for s in &doc.sentences {
        let words: Vec<String> = s.words().into_iter().map(str::to_string).collect();
        let upos: Vec<String> = s.upos().into_iter().map(str::to_string).collect();
        let mut spans = Vec::new();
        let mut unsure_spans = Vec::new();
        for (a, b, label) in s.spans() {
            let Some(kind) = KINDS.iter().position(|k| *k == label) else {
                continue;
            };
            if unsure.contains(&label) {
                unsure_spans.push((a, b));
                continue;
            }
            let Some((a, b)) = trim_span(&words, a, b, kind) else {
                continue;
            };
            let has_upos = upos[a..b].iter().any(|u| !u.is_empty());
            if kind != 3 && has_upos && !upos[a..b].iter().any(|u| u == "PROPN") {
                continue;
            }
            spans.push((a, b, kind));
        }
        out.push(Example {
            words,
            upos,
            spans,
            unsure: unsure_spans,
        });
    }
    Ok(out)
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Averaged perceptron state.
struct Perceptron {
    bits: u8,
    w: Vec<f32>,
    u: Vec<f64>,
    c: f64,
}

impl Perceptron {
    fn update(&mut self, feats: &[u64], gold: u8, pred: u8) {
        for &h in feats {
            let b = bucket(h, self.bits) * N_TAGS;
            for (t, d) in [(gold, 1.0f32), (pred, -1.0)] {
                let i = b + t as usize;
                self.w[i] += d;
                self.u[i] += self.c * f64::from(d);
            }
        }
    }

    fn averaged(&self) -> Vec<f32> {
        let c = self.c.max(1.0);
        self.w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| (f64::from(w) - u / c) as f32)
            .collect()
    }
}

/// Quantise float weights to i16 (scaled to the largest magnitude), dropping
/// those at most `prune`.
fn quantise(w: &[f32], prune: i16) -> Vec<i16> {
    let max = w.iter().fold(0f32, |m, &x| m.max(x.abs())).max(1e-6);
    let scale = 32000.0 / max;
    w.iter()
        .map(|&x| {
            let q = (x * scale).round() as i16;
            if q.abs() <= prune {
                0
            } else {
                q
            }
        })
        .collect()
}

/// Everything training reads, loaded once.
struct Data {
    gold: Vec<Example>,
    silver: Vec<Example>,
    uner: Vec<Example>,
    /// The UNER sentences as read (for scoring held-out folds).
    uner_doc: iob2::Document,
    gaz: Gazetteer,
    clusters: Clusters,
}

fn load_data(args: &TrainArgs) -> Result<Data, NerError> {
    if !(12..=24).contains(&args.bits) {
        return Err(NerError::Train(format!(
            "bits must be 12..=24, got {}",
            args.bits
        )));
    }
    let mut gold = Vec::new();
    for p in &args.gum {
        for f in conllu_files(p)? {
            gold.extend(read_gum(&f)?);
        }
    }
    let mut silver = Vec::new();
    for p in &args.silver {
        silver.extend(read_silver(p, &args.silver_unsure)?);
    }
    let mut upos_map = std::collections::HashMap::new();
    for p in &args.uner_upos {
        upos_map.extend(upos_by_sent_id(p)?);
    }
    let mut uner_doc = iob2::Document::default();
    for p in &args.uner {
        uner_doc.sentences.extend(iob2::read(p)?.sentences);
    }
    let uner: Vec<Example> = uner_doc
        .sentences
        .iter()
        .map(|s| uner_example(s, &upos_map))
        .collect();
    if gold.is_empty() && silver.is_empty() && uner.is_empty() {
        return Err(NerError::Train("no training sentences".into()));
    }
    let mut gaz = match &args.phoenix {
        Some(d) => Gazetteer::from_phoenix(d)?,
        None => Gazetteer::default(),
    };
    for p in &args.lists {
        let text = std::fs::read_to_string(p).map_err(io_err(p))?;
        gaz.extend_from_text(&text)?;
    }
    let clusters = match &args.clusters {
        Some(p) => Clusters::from_text(&std::fs::read_to_string(p).map_err(io_err(p))?)?,
        None => Clusters::default(),
    };
    Ok(Data {
        gold,
        silver,
        uner,
        uner_doc,
        gaz,
        clusters,
    })
}

/// UPOS per `sent_id` from a CoNLL-U file (multi-word ranges and empty
/// nodes skipped).
pub fn upos_by_sent_id(
    path: &Path,
) -> Result<std::collections::HashMap<String, Vec<String>>, NerError> {
    let text = std::fs::read_to_string(path).map_err(io_err(path))?;
    let mut out = std::collections::HashMap::new();
    let mut id = String::new();
    let mut tags = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if let Some(v) = line.strip_prefix("# sent_id = ") {
            id = v.trim().to_string();
        } else if line.is_empty() {
            if !tags.is_empty() {
                out.insert(std::mem::take(&mut id), std::mem::take(&mut tags));
            }
        } else if !line.starts_with('#') {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() > 3 && cols[0].bytes().all(|b| b.is_ascii_digit()) {
                tags.push(cols[3].to_string());
            }
        }
    }
    Ok(out)
}

/// The `sent_id` of an IOB2 sentence, or "".
fn sent_id(s: &iob2::Sentence) -> &str {
    s.comments
        .iter()
        .find_map(|c| c.strip_prefix("# sent_id = "))
        .map_or("", str::trim)
}

/// A UNER gold sentence as a training example (PER/ORG/LOC; other labels
/// such as UNER's OTHER are left out), with UPOS when the map has it.
fn uner_example(
    s: &iob2::Sentence,
    upos_map: &std::collections::HashMap<String, Vec<String>>,
) -> Example {
    let words: Vec<String> = s.words().into_iter().map(str::to_string).collect();
    let upos = match upos_map.get(sent_id(s)) {
        Some(u) if u.len() == words.len() => u.clone(),
        _ => vec![String::new(); words.len()],
    };
    let spans = s
        .spans()
        .into_iter()
        .filter_map(|(a, b, l)| {
            let k = KINDS[..3].iter().position(|k| *k == l)?;
            Some((a, b, k))
        })
        .collect();
    Example {
        words,
        upos,
        spans,
        unsure: Vec::new(),
    }
}

/// Train from the given data and write the compressed model to `args.out`;
/// with `args.folds > 1`, run cross-validation over the UNER data instead
/// and write the held-out predictions (IOB2) to `args.out`.
pub fn run(args: &TrainArgs) -> Result<TrainSummary, NerError> {
    let data = load_data(args)?;
    let count = |v: &[Example]| (v.len(), v.iter().map(|e| e.spans.len()).sum::<usize>());
    let mut summary = TrainSummary {
        gold: count(&data.gold),
        silver: count(&data.silver),
        uner: count(&data.uner),
        gazetteer: data.gaz.entries().len(),
        model_bytes: 0,
        dev: Vec::new(),
        folds: Vec::new(),
    };
    if args.folds > 1 {
        let k = args.folds;
        let n = data.uner.len();
        if n < k {
            return Err(NerError::Train(format!(
                "{k} folds need at least {k} UNER sentences, got {n}"
            )));
        }
        // The held-out predictions of every fold, as IOB2, go to `args.out`.
        let mut tagged = String::new();
        let pipeline = if args.cv_tagger {
            Some(
                crate::pipeline::Pipeline::load()
                    .map_err(|e| NerError::Train(format!("tagger: {e}")))?,
            )
        } else {
            None
        };
        let mut upos_of = |words: &[&str]| -> Vec<String> {
            match &pipeline {
                Some(p) => {
                    let t = p.tagger();
                    t.tag(words)
                        .into_iter()
                        .map(|c| t.upos(c).to_string())
                        .collect()
                }
                None => Vec::new(),
            }
        };
        for f in 0..k {
            let (a, b) = (f * n / k, (f + 1) * n / k);
            let train_part: Vec<Example> = data.uner[..a]
                .iter()
                .chain(&data.uner[b..])
                .cloned()
                .collect();
            let held = iob2::Document {
                sentences: data.uner_doc.sentences[a..b].to_vec(),
                trailing_comments: Vec::new(),
            };
            let model = train_model(args, &data, &train_part, None, &mut Vec::new())?;
            let rec = Recognizer::from_model(model);
            tagged.push_str(&rec.tag_iob2(&iob2::write(&held), Some(&mut upos_of))?);
            summary
                .folds
                .push(eval::score_doc(&rec, &held, Some(&mut upos_of)));
        }
        std::fs::write(&args.out, tagged).map_err(io_err(&args.out))?;
        return Ok(summary);
    }
    let dev = match &args.dev {
        Some(p) => Some(iob2::read(p)?),
        None => None,
    };
    let model = train_model(args, &data, &data.uner, dev.as_ref(), &mut summary.dev)?;
    let bytes = model.to_compressed()?;
    if let Some(parent) = args.out.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
    }
    std::fs::write(&args.out, &bytes).map_err(io_err(&args.out))?;
    summary.model_bytes = bytes.len();
    Ok(summary)
}

/// A copy of `e` with every word (or, with `entities_only`, every word
/// inside an entity span) lower-cased.
fn lower_copy(e: &Example, entities_only: bool) -> Example {
    let mut c = e.clone();
    for (i, w) in c.words.iter_mut().enumerate() {
        if !entities_only || e.spans.iter().any(|&(a, b, _)| a <= i && i < b) {
            *w = w.to_lowercase();
        }
    }
    c
}

/// Train one model on GUM gold, silver and the given UNER examples.
fn train_model(
    args: &TrainArgs,
    data: &Data,
    uner: &[Example],
    dev: Option<&iob2::Document>,
    dev_lines: &mut Vec<String>,
) -> Result<Model, NerError> {
    let gaz = &data.gaz;
    let clu = &data.clusters;
    // Feature vectors with and without UPOS, and gold tags.
    struct Prepared {
        with_upos: SentenceFeatures,
        without: SentenceFeatures,
        tags: Vec<u8>,
        trusted: Vec<bool>,
        has_upos: bool,
        repeat: usize,
    }
    let mut prepared: Vec<Prepared> = Vec::new();
    let mut push = |e: &Example, repeat: usize| {
        let words: Vec<&str> = e.words.iter().map(String::as_str).collect();
        let upos: Vec<&str> = e.upos.iter().map(String::as_str).collect();
        let has_upos = upos.iter().any(|u| !u.is_empty());
        prepared.push(Prepared {
            with_upos: features::extract(&words, &upos, gaz, clu),
            without: features::extract(&words, &[], gaz, clu),
            tags: tags_from_spans(words.len(), &e.spans),
            trusted: (0..words.len())
                .map(|i| !e.unsure.iter().any(|&(a, b)| a <= i && i < b))
                .collect(),
            has_upos,
            repeat: repeat.max(1),
        });
    };
    // Lower-cased copies, chosen by a fixed-seed generator.
    let mut aug_rng = Rng(args.seed.wrapping_add(0x006c_6f77_6572) | 1);
    let mut augmented = Vec::new();
    for e in data.gold.iter().chain(&data.silver) {
        if aug_rng.below(1000) < args.lower_aug as usize {
            augmented.push(lower_copy(e, false));
        }
        if !e.spans.is_empty() && aug_rng.below(1000) < args.lower_ent_aug as usize {
            augmented.push(lower_copy(e, true));
        }
    }
    for e in &data.gold {
        push(e, args.gold_repeat);
    }
    for e in data.silver.iter().chain(&augmented) {
        push(e, 1);
    }
    for e in uner {
        push(e, args.uner_repeat);
    }

    let rows = 1usize << args.bits;
    let mut p = Perceptron {
        bits: args.bits,
        w: vec![0.0; rows * N_TAGS],
        u: vec![0.0; rows * N_TAGS],
        c: 1.0,
    };
    let mut rng = Rng(args.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut order: Vec<usize> = prepared
        .iter()
        .enumerate()
        .flat_map(|(i, d)| (0..d.repeat).map(move |_| i))
        .collect();
    for _epoch in 0..args.epochs {
        for i in (1..order.len()).rev() {
            let j = rng.below(i + 1);
            order.swap(i, j);
        }
        for &k in &order {
            let d = &prepared[k];
            let drop = rng.below(1000) < args.upos_dropout as usize;
            let f = if d.has_upos && !drop {
                &d.with_upos
            } else {
                &d.without
            };
            let mut errors: Vec<(Vec<u64>, u8, u8)> = Vec::new();
            let bits = p.bits;
            let w = &p.w;
            greedy::<f32>(
                f,
                |feats, scores| {
                    for &h in feats {
                        let b = bucket(h, bits) * N_TAGS;
                        for (s, &x) in scores.iter_mut().zip(&w[b..b + N_TAGS]) {
                            *s += x;
                        }
                    }
                },
                |i, feats, pred| {
                    if pred != d.tags[i] && d.trusted[i] {
                        errors.push((feats.to_vec(), d.tags[i], pred));
                    }
                },
            );
            // Updates are applied after the sentence: the sentence is decoded
            // with one fixed weight vector.
            for (feats, g, pr) in &errors {
                p.update(feats, *g, *pr);
            }
            p.c += 1.0;
        }
        if let Some(dev) = dev {
            let model = Model::new(
                args.bits,
                quantise(&p.averaged(), args.prune),
                gaz.clone(),
                clu.clone(),
            )?;
            let r = eval::score_doc(&Recognizer::from_model(model), dev, None);
            dev_lines.push(r.micro_line());
        }
    }
    Model::new(
        args.bits,
        quantise(&p.averaged(), args.prune),
        gaz.clone(),
        clu.clone(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_brackets_parse() {
        let mut open = Vec::new();
        let mut done = Vec::new();
        parse_entity_field(
            "(1-person-new-s-cf1-1,2-coref-Ann_Lee",
            0,
            &mut open,
            &mut done,
        );
        parse_entity_field("(2-place-new-s-cf2-1-sgl)1)", 1, &mut open, &mut done);
        assert!(open.is_empty());
        assert_eq!(done.len(), 2);
        assert_eq!(
            (done[0].start, done[0].end, done[0].etype.as_str()),
            (1, 2, "place")
        );
        assert_eq!((done[1].start, done[1].end), (0, 2));
        assert_eq!(done[1].minspan, vec![1, 2]);
    }

    #[test]
    fn named_span_trims_determiners_and_modifiers() {
        let words: Vec<String> = ["the", "University", "of", "Texas", ",", "which"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let upos: Vec<String> = ["DET", "PROPN", "ADP", "PROPN", "PUNCT", "PRON"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let m = Mention {
            start: 0,
            end: 6,
            etype: "organization".into(),
            minspan: vec![2],
        };
        assert_eq!(named_span(&m, &words, &upos), Some((1, 4)));
        let common = Mention {
            start: 4,
            end: 6,
            etype: "person".into(),
            minspan: vec![2],
        };
        assert_eq!(named_span(&common, &words, &upos), None);
    }

    #[test]
    fn links_and_mail_names() {
        assert!(is_link("http://a.b/c"));
        assert!(is_link("www.example.org"));
        assert!(is_link("ann@example.com"));
        assert!(!is_link("Warner@ENRON"));
        assert!(!is_link("@"));
        assert!(!is_link("Paris"));
    }

    #[test]
    fn lower_copies_keep_labels() {
        let e = Example {
            words: vec!["In".into(), "Paris".into(), "Today".into()],
            upos: vec![String::new(); 3],
            spans: vec![(1, 2, 2)],
            unsure: Vec::new(),
        };
        let all = lower_copy(&e, false);
        assert_eq!(all.words, vec!["in", "paris", "today"]);
        let ent = lower_copy(&e, true);
        assert_eq!(ent.words, vec!["In", "paris", "Today"]);
        assert_eq!(ent.spans, e.spans);
    }

    #[test]
    fn quantise_keeps_sign_and_prunes() {
        let q = quantise(&[1.0, -0.5, 0.00001], 1);
        assert_eq!(q[0], 32000);
        assert_eq!(q[1], -16000);
        assert_eq!(q[2], 0);
    }
}
