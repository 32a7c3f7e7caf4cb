//! Training of the tagger and parser from UD data, with jackknifed tags for
//! the parser, and the evaluation of tagging and parsing on CoNLL-U.

use std::path::{Path, PathBuf};

use crate::conllu::{self, ConlluSentence};
use crate::lemma::Lemmatizer;
use crate::parser::{tag_key, Parser, ParserConfig, TagKey};
use crate::tagger::{Tagger, TaggerConfig};
use crate::NlpError;

fn read(path: &Path) -> Result<Vec<ConlluSentence>, NlpError> {
    let text = std::fs::read_to_string(path).map_err(|source| NlpError::Io {
        path: path.display().to_string(),
        source,
    })?;
    conllu::parse(&text)
}

fn conllu_files(dir: &Path) -> Result<Vec<PathBuf>, NlpError> {
    let rd = std::fs::read_dir(dir).map_err(|source| NlpError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    v.sort();
    Ok(v)
}

/// The training sentences under a data directory laid out like
/// `/work/shared/data/nlp`: EWT train, GUM train and GUM dev.
pub fn training_sentences(data: &Path) -> Result<Vec<ConlluSentence>, NlpError> {
    let mut out = read(&data.join("ud-english-ewt/en_ewt-ud-train.conllu"))?;
    for sub in ["gum-cc-by/train", "gum-cc-by/dev"] {
        let dir = data.join(sub);
        if dir.is_dir() {
            for f in conllu_files(&dir)? {
                out.extend(read(&f)?);
            }
        }
    }
    Ok(out)
}

/// Settings of a full training run. The default is the recipe of the
/// shipped models (see `models/nlp/README.md`); its taggers and parsers use
/// word clusters, which [`TrainConfig::with_embedded_clusters`] fills in
/// (without them they train on an empty table).
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Tagger settings.
    pub tagger: TaggerConfig,
    /// Parser settings.
    pub parser: ParserConfig,
    /// Folds for jackknifed parser training tags (0 or 1 = gold tags).
    pub folds: usize,
    /// Epochs of the fold taggers.
    pub fold_epochs: usize,
    /// Feature set of the fold taggers (see [`TaggerConfig::features`]),
    /// which may differ from the shipped tagger's.
    pub fold_features: u8,
    /// Seed of the fold taggers (the shipped tagger's is `tagger.seed`).
    pub fold_seed: u64,
    /// Taggers trained with different seeds whose weights are averaged
    /// into the shipped one (1 = a single tagger).
    pub tagger_seeds: usize,
    /// Parsers trained with different seeds whose weights are averaged
    /// into the shipped one (1 = a single parser).
    pub parser_seeds: usize,
    /// Threads for independent models (the fold taggers, the seeds); 0 =
    /// the machine's parallelism. The models do not depend on it.
    pub threads: usize,
    /// The fast parser (feature set 4) that decides the clear transitions
    /// in front of the joint parser (see [`Parser::cascade`]); `None`: none.
    pub fast_parser: Option<ParserConfig>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            tagger: TaggerConfig {
                epochs: RECIPE_TAGGER_EPOCHS,
                features: RECIPE_TAGGER_FEATURES,
                seed: RECIPE_TAGGER_SEED,
                ..TaggerConfig::default()
            },
            parser: ParserConfig {
                epochs: RECIPE_PARSER_EPOCHS,
                min_count: RECIPE_PARSER_MIN_COUNT,
                prune_below: 200,
                features: RECIPE_PARSER_FEATURES,
                ..ParserConfig::default()
            },
            folds: 4,
            fold_epochs: 6,
            fold_features: RECIPE_FOLD_FEATURES,
            fold_seed: TaggerConfig::default().seed,
            tagger_seeds: RECIPE_TAGGER_SEEDS,
            parser_seeds: RECIPE_PARSER_SEEDS,
            threads: 0,
            fast_parser: Some(ParserConfig {
                epochs: RECIPE_FAST_EPOCHS,
                min_count: RECIPE_PARSER_MIN_COUNT,
                prune_below: RECIPE_FAST_PRUNE,
                features: RECIPE_FAST_FEATURES,
                ..ParserConfig::default()
            }),
        }
    }
}

impl TrainConfig {
    /// Fills in the word clusters embedded in the crate's named-entity
    /// model where a tagger's or parser's feature set uses clusters and
    /// none are set (one table, shared).
    pub fn with_embedded_clusters(mut self) -> Result<Self, NlpError> {
        let tagger = self.tagger.features.max(self.fold_features)
            >= crate::tagger::CLUSTER_FEATURES
            && self.tagger.clusters.is_none();
        let wants =
            |p: &ParserConfig| p.features >= crate::parser::FEATS_CLUSTER && p.clusters.is_none();
        let parser = wants(&self.parser);
        let fast = self.fast_parser.as_ref().is_some_and(wants);
        if tagger || parser || fast {
            let c = crate::clusters::WordClusters::embedded()?;
            if tagger {
                self.tagger.clusters = Some(c.clone());
            }
            if parser {
                self.parser.clusters = Some(c.clone());
            }
            if let Some(f) = self.fast_parser.as_mut().filter(|_| fast) {
                f.clusters = Some(c);
            }
        }
        Ok(self)
    }
}

/// UPOS accuracy of `tagger` on gold sentences (gold tokens).
pub fn upos_accuracy(tagger: &Tagger, gold: &[ConlluSentence]) -> f64 {
    let (mut ok, mut all) = (0usize, 0usize);
    for s in gold {
        let forms = s.forms();
        if forms.is_empty() {
            continue;
        }
        for (r, c) in s.words().zip(tagger.tag(&forms)) {
            all += 1;
            ok += usize::from(tagger.upos(c) == r.cols[3]);
        }
    }
    ok as f64 / all.max(1) as f64
}

/// Tagger epochs of the shipped recipe.
const RECIPE_TAGGER_EPOCHS: usize = 10;
/// Seed of the shipped tagger: of the two seeds tried (this one and
/// [`TaggerConfig`]'s default, which the fold taggers keep), the one with
/// the better EWT dev UPOS on the even half (95.31 against 95.26); the odd
/// half agrees (95.80 against 95.74). See `models/nlp/README.md`.
const RECIPE_TAGGER_SEED: u64 = 12345;
/// Tagger feature set of the shipped recipe: set 4, with word clusters
/// (filled in by [`TrainConfig::with_embedded_clusters`]).
const RECIPE_TAGGER_FEATURES: u8 = crate::tagger::CLUSTER_FEATURES;
/// Feature set of the jackknife fold taggers in the shipped recipe (the
/// parser's training tags), which may differ from the shipped tagger's;
/// the same set 4 here.
const RECIPE_FOLD_FEATURES: u8 = crate::tagger::CLUSTER_FEATURES;
/// Joint parser feature set of the shipped recipe: set 6 (set 2 and word
/// cluster templates).
const RECIPE_PARSER_FEATURES: u8 = crate::parser::FEATS_CLUSTER;
/// Fast parser feature set of the shipped recipe: set 8 (the transition
/// templates of set 4, word clusters in the label model), so that the
/// clear transitions cost what they cost without clusters.
const RECIPE_FAST_FEATURES: u8 = crate::parser::FEATS_FAST_CLUSTER_LABELS;
/// Parser epochs of the shipped recipe.
const RECIPE_PARSER_EPOCHS: usize = 14;
/// Parser feature minimum count of the shipped recipe.
const RECIPE_PARSER_MIN_COUNT: u32 = 2;
/// Fast parser epochs of the shipped recipe.
const RECIPE_FAST_EPOCHS: usize = 12;
/// Fast parser weights below this (of 32767) are dropped in the shipped recipe.
const RECIPE_FAST_PRUNE: i16 = 600;
/// Averaged tagger seeds of the shipped recipe.
const RECIPE_TAGGER_SEEDS: usize = 1;
/// Averaged parser seeds of the shipped recipe.
const RECIPE_PARSER_SEEDS: usize = 1;

/// The seed of the `i`-th averaged model (the configured seed first).
fn nth_seed(base: u64, i: usize) -> u64 {
    if i == 0 {
        base
    } else {
        crate::model::mix(base, i as u64) | 1
    }
}

/// A training job: gets a logger, returns a model.
type Job<'a, T> = Box<dyn FnOnce(&mut dyn FnMut(&str)) -> T + Send + 'a>;

/// Runs independent jobs, up to `threads` at a time, and returns their
/// results in job order (so the results do not depend on `threads`; `None`
/// for a job that panicked). The first job logs through `log`; the others
/// run silently.
fn run_jobs<T: Send>(
    jobs: Vec<Job<'_, T>>,
    threads: usize,
    log: &mut dyn FnMut(&str),
) -> Vec<Option<T>> {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    };
    let mut out = Vec::with_capacity(jobs.len());
    let mut jobs = jobs.into_iter().peekable();
    let mut first = true;
    while jobs.peek().is_some() {
        let batch: Vec<Job<'_, T>> = jobs.by_ref().take(threads.max(1)).collect();
        let mut batch = batch.into_iter();
        let Some(own) = batch.next() else { break };
        std::thread::scope(|sc| {
            let handles: Vec<_> = batch.map(|j| sc.spawn(move || j(&mut |_| {}))).collect();
            let mine = if first { own(log) } else { own(&mut |_| {}) };
            out.push(Some(mine));
            for h in handles {
                out.push(h.join().ok());
            }
        });
        first = false;
    }
    out
}

/// Trains the tagger, the parser and the fast parser (when configured);
/// returns them. Independent models (the tagger's seeds, the jackknife fold
/// taggers, the parser's seeds, the fast parser) train in parallel; the
/// result does not depend on the number of threads.
pub fn train_models(
    sents: &[ConlluSentence],
    cfg: &TrainConfig,
    log: &mut dyn FnMut(&str),
) -> (Tagger, Parser, Lemmatizer, Option<Parser>) {
    let lemmas = Lemmatizer::train(sents);
    log(&format!("lemmatizer: {} exceptions", lemmas.len()));
    let n_seeds = cfg.tagger_seeds.max(1);
    let k = if cfg.folds > 1 { cfg.folds } else { 0 };
    log(&format!(
        "training {n_seeds} tagger(s) and {k} jackknife fold tagger(s)"
    ));
    let mut jobs: Vec<Job<'_, Tagger>> = Vec::new();
    for i in 0..n_seeds {
        let c = TaggerConfig {
            seed: nth_seed(cfg.tagger.seed, i),
            ..cfg.tagger.clone()
        };
        jobs.push(Box::new(move |log: &mut dyn FnMut(&str)| {
            Tagger::train(sents, &c, log)
        }));
    }
    // Fold taggers: one seed each, fewer epochs.
    let fold_cfg = TaggerConfig {
        epochs: cfg.fold_epochs.max(1),
        features: cfg.fold_features,
        seed: cfg.fold_seed,
        ..cfg.tagger.clone()
    };
    for f in 0..k {
        let c = fold_cfg.clone();
        jobs.push(Box::new(move |_: &mut dyn FnMut(&str)| {
            let train: Vec<ConlluSentence> = sents
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != f)
                .map(|(_, s)| s.clone())
                .collect();
            Tagger::train(&train, &c, &mut |_| {})
        }));
    }
    let mut done = run_jobs(jobs, cfg.threads, log);
    let folds: Vec<Option<Tagger>> = done.split_off(n_seeds.min(done.len()));
    let seeds: Vec<Tagger> = done.into_iter().flatten().collect();
    let averaged = if seeds.len() > 1 {
        let refs: Vec<&Tagger> = seeds.iter().collect();
        Tagger::average(&refs).ok()
    } else {
        None
    };
    let tagger = match (averaged, seeds.into_iter().next()) {
        (Some(t), _) => t,
        (None, Some(t)) => t,
        // Every tagger job failed (a bug): train one here.
        (None, None) => Tagger::train(sents, &cfg.tagger, log),
    };
    let mut tags: Vec<Vec<TagKey>> = sents
        .iter()
        .map(|s| s.words().map(|r| tag_key(&r.cols[3], &r.cols[4])).collect())
        .collect();
    for (f, t) in folds.iter().enumerate() {
        // A failed fold keeps gold tags for its sentences.
        let Some(t) = t else { continue };
        for (i, s) in sents.iter().enumerate() {
            if i % k == f {
                let forms = s.forms();
                tags[i] = t
                    .tag(&forms)
                    .into_iter()
                    .map(|c| tag_key(t.upos(c), t.xpos(c)))
                    .collect();
            }
        }
    }
    log("jackknife tags done");
    let n_par = cfg.parser_seeds.max(1);
    let tags = &tags;
    let mut jobs: Vec<Job<'_, Parser>> = (0..n_par)
        .map(|i| {
            let c = ParserConfig {
                seed: nth_seed(cfg.parser.seed, i),
                // Average unpruned parsers, then prune the average.
                prune_below: if n_par > 1 { 0 } else { cfg.parser.prune_below },
                ..cfg.parser.clone()
            };
            Box::new(move |log: &mut dyn FnMut(&str)| Parser::train(sents, tags, &c, log))
                as Job<'_, Parser>
        })
        .collect();
    if let Some(c) = cfg.fast_parser.clone() {
        jobs.push(Box::new(move |log: &mut dyn FnMut(&str)| {
            Parser::train(sents, tags, &c, log)
        }));
    }
    let mut done = run_jobs(jobs, cfg.threads, log);
    // A failed job (a bug) is trained here instead.
    let fast = cfg.fast_parser.as_ref().map(|c| {
        done.pop()
            .flatten()
            .unwrap_or_else(|| Parser::train(sents, tags, c, log))
    });
    let parsers: Vec<Parser> = done.into_iter().flatten().collect();
    let refs: Vec<&Parser> = parsers.iter().collect();
    let parser = if n_par > 1 {
        match Parser::average(&refs) {
            Ok(mut p) => {
                p.prune(cfg.parser.prune_below);
                p
            }
            Err(_) => Parser::train(sents, tags, &cfg.parser, log),
        }
    } else {
        match parsers.into_iter().next() {
            Some(p) => p,
            None => Parser::train(sents, tags, &cfg.parser, log),
        }
    };
    (tagger, parser, lemmas, fast)
}

/// Scores of tagging and parsing against gold CoNLL-U (gold tokens).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ParseScores {
    /// Words scored.
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score (full relation, subtypes included).
    pub las: f64,
    /// Tokens per CPU second for tagging.
    pub tag_speed: f64,
    /// Tokens per CPU second for parsing.
    pub parse_speed: f64,
}

/// Tags and parses gold-tokenised sentences and scores them (CoNLL 2018
/// style over words; LAS compares the full relation including subtypes).
/// Speeds are CPU time over all sentences, each stage timed as one block
/// (so that reading the clock does not count).
pub fn evaluate(tagger: &Tagger, parser: &Parser, gold: &[ConlluSentence]) -> ParseScores {
    let mut sc = ParseScores::default();
    let (mut u, mut x, mut ua, mut la) = (0usize, 0usize, 0usize, 0usize);
    let forms: Vec<Vec<&str>> = gold
        .iter()
        .map(|s| s.forms())
        .filter(|f| !f.is_empty())
        .collect();
    let sw = crate::cputime::Stopwatch::start();
    let tags: Vec<Vec<u16>> = forms.iter().map(|f| tagger.tag(f)).collect();
    let tag_time = sw.cpu_secs();
    let keys: Vec<Vec<TagKey>> = tags
        .iter()
        .map(|t| {
            t.iter()
                .map(|c| tag_key(tagger.upos(*c), tagger.xpos(*c)))
                .collect()
        })
        .collect();
    let sw = crate::cputime::Stopwatch::start();
    let arcs: Vec<Vec<(usize, u16)>> = forms
        .iter()
        .zip(&keys)
        .map(|(f, k)| crate::pipeline::parse_chunked(parser, f, k))
        .collect();
    let parse_time = sw.cpu_secs();
    let scored = gold.iter().filter(|s| !s.forms().is_empty());
    for ((s, tags), arcs) in scored.zip(&tags).zip(&arcs) {
        for ((r, c), (h, l)) in s.words().zip(tags).zip(arcs) {
            sc.words += 1;
            u += usize::from(tagger.upos(*c) == r.cols[3]);
            x += usize::from(tagger.xpos(*c) == r.cols[4]);
            if r.cols[6] == h.to_string() {
                ua += 1;
                la += usize::from(parser.label(*l) == r.cols[7]);
            }
        }
    }
    let n = sc.words.max(1) as f64;
    sc.upos = u as f64 / n;
    sc.xpos = x as f64 / n;
    sc.uas = ua as f64 / n;
    sc.las = la as f64 / n;
    sc.tag_speed = sc.words as f64 / tag_time.max(1e-9);
    sc.parse_speed = sc.words as f64 / parse_time.max(1e-9);
    sc
}

/// Reads a CoNLL-U file.
pub fn read_conllu(path: &Path) -> Result<Vec<ConlluSentence>, NlpError> {
    read(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_come_back_in_order_whatever_the_threads() {
        let make = || -> Vec<Job<'static, usize>> {
            (0..7usize)
                .map(|i| {
                    Box::new(move |log: &mut dyn FnMut(&str)| {
                        log("job");
                        i * i
                    }) as Job<'static, usize>
                })
                .collect()
        };
        let want: Vec<Option<usize>> = (0..7).map(|i| Some(i * i)).collect();
        for threads in [0, 1, 2, 3, 8] {
            let mut lines = 0;
            let got = run_jobs(make(), threads, &mut |_| lines += 1);
            assert_eq!(got, want, "threads {threads}");
            // Only the first job logs.
            assert_eq!(lines, 1);
        }
    }

    #[test]
    fn training_is_deterministic_and_thread_independent() {
        let mut text = String::new();
        for (n, v, o) in [
            ("dogs", "chase", "cats"),
            ("cats", "like", "fish"),
            ("birds", "eat", "seeds"),
            ("kids", "read", "books"),
        ] {
            text.push_str(&format!(
                "1\t{n}\t{n}\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\t{v}\t{v}\tVERB\tVBP\t_\t0\troot\t_\t_\n3\t{o}\t{o}\tNOUN\tNNS\t_\t2\tobj\t_\t_\n\n"
            ));
        }
        let sents = conllu::parse(&text).expect("parses");
        let mut cfg = TrainConfig::default();
        cfg.tagger.epochs = 2;
        cfg.parser.epochs = 2;
        cfg.fold_epochs = 1;
        cfg.folds = 2;
        cfg.parser_seeds = 2;
        cfg.tagger_seeds = 2;
        let run = |threads: usize| {
            let c = TrainConfig {
                threads,
                ..cfg.clone()
            };
            let (t, p, l, f) = train_models(&sents, &c, &mut |_| {});
            let f = f.map(|f| f.to_bytes()).unwrap_or_default();
            assert!(!f.is_empty(), "the fast parser is trained");
            (t.to_bytes(), p.to_bytes(), l.to_bytes(), f)
        };
        let one = run(1);
        assert_eq!(one, run(1));
        assert_eq!(one, run(3));
    }
}
