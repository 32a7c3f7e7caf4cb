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

/// Settings of a full training run.
#[derive(Debug, Clone, Default)]
pub struct TrainConfig {
    /// Tagger settings.
    pub tagger: TaggerConfig,
    /// Parser settings.
    pub parser: ParserConfig,
    /// Folds for jackknifed parser training tags (0 or 1 = gold tags).
    pub folds: usize,
    /// Epochs of the fold taggers.
    pub fold_epochs: usize,
}

/// Trains the tagger and the parser; returns them.
pub fn train_models(
    sents: &[ConlluSentence],
    cfg: &TrainConfig,
    log: &mut dyn FnMut(&str),
) -> (Tagger, Parser, Lemmatizer) {
    let lemmas = Lemmatizer::train(sents);
    log(&format!("lemmatizer: {} exceptions", lemmas.len()));
    let tagger = Tagger::train(sents, &cfg.tagger, log);
    let mut tags: Vec<Vec<TagKey>> = sents
        .iter()
        .map(|s| s.words().map(|r| tag_key(&r.cols[3], &r.cols[4])).collect())
        .collect();
    if cfg.folds > 1 {
        let k = cfg.folds;
        let fold_cfg = TaggerConfig {
            epochs: cfg.fold_epochs.max(1),
            ..cfg.tagger.clone()
        };
        for f in 0..k {
            let train: Vec<ConlluSentence> = sents
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != f)
                .map(|(_, s)| s.clone())
                .collect();
            log(&format!("jackknife fold {}/{k}", f + 1));
            let t = Tagger::train(&train, &fold_cfg, &mut |_| {});
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
    }
    let parser = Parser::train(sents, &tags, &cfg.parser, log);
    (tagger, parser, lemmas)
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
pub fn evaluate(tagger: &Tagger, parser: &Parser, gold: &[ConlluSentence]) -> ParseScores {
    let mut sc = ParseScores::default();
    let (mut u, mut x, mut ua, mut la) = (0usize, 0usize, 0usize, 0usize);
    let mut tag_time = 0.0;
    let mut parse_time = 0.0;
    for s in gold {
        let forms = s.forms();
        if forms.is_empty() {
            continue;
        }
        let sw = crate::cputime::Stopwatch::start();
        let tags = tagger.tag(&forms);
        tag_time += sw.cpu_secs();
        let keys: Vec<TagKey> = tags
            .iter()
            .map(|c| tag_key(tagger.upos(*c), tagger.xpos(*c)))
            .collect();
        let sw = crate::cputime::Stopwatch::start();
        let arcs = crate::pipeline::parse_chunked(parser, &forms, &keys);
        parse_time += sw.cpu_secs();
        for ((r, c), (h, l)) in s.words().zip(&tags).zip(&arcs) {
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
