//! Train (and optionally score) the NER model.
//!
//! ```text
//! cargo run --release -p chronicle-nlp --example ner_train -- \
//!   --gum DIR --silver FILE --phoenix DIR [--lists FILE] [--clusters FILE] --out models/ner/ner.bin.gz [--dev UNER.iob2]
//!   [--lower-aug PERMILLE] [--lower-ent-aug PERMILLE] [--silver-unsure LABEL] [--uner UNER.iob2 [--uner-upos EWT.conllu] [--uner-repeat N]] [--folds K]
//!   [--epochs N] [--bits B] [--gold-repeat N] [--upos-dropout PERMILLE] [--prune N]
//! ner_train --score UNER.iob2 [--model FILE] [--upos-conllu EWT.conllu] [--tag-out FILE]
//! ```
//! `--folds K` (K > 1) runs K-fold cross-validation over contiguous blocks of
//! the `--uner` sentences (train on the rest plus GUM/silver, score the
//! held-out block without UPOS, or with the embedded tagger's UPOS under
//! `--cv-tagger yes`) and writes no model.
//! `--with-tagger yes` takes UPOS from the crate's own embedded tagger.
//! `ner_train --bench UNER.iob2` times the embedded model (words/s, one core;
//! `NER_BENCH_DOC=1` times whole documents with the consistency pass).
//! `--score` scores the embedded model (or `--model`), without UPOS or with
//! UPOS taken from a CoNLL-U file whose `sent_id`s match (an oracle bound).

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use chronicle_nlp::ner::{eval, iob2, train, Model, NerError, Recognizer};

/// The embedded model, or the one in `model`.
fn load(model: Option<PathBuf>) -> Result<Recognizer, NerError> {
    match model {
        Some(p) => {
            let bytes = std::fs::read(&p).map_err(|source| NerError::Io {
                path: p.display().to_string(),
                source,
            })?;
            Ok(Recognizer::from_model(Model::from_compressed(&bytes)?))
        }
        None => Recognizer::load(),
    }
}

fn score(
    gold: &std::path::Path,
    model: Option<PathBuf>,
    upos: Option<PathBuf>,
    tag_out: Option<PathBuf>,
    use_tagger: bool,
) -> Result<String, NerError> {
    let rec = load(model)?;
    let mut doc = iob2::read(gold)?;
    let upos = match upos {
        Some(p) => Some(train::upos_by_sent_id(&p)?),
        None => None,
    };
    // Attach UPOS by sentence id into the fourth column (when lengths agree).
    if let Some(map) = &upos {
        for s in &mut doc.sentences {
            let id = s
                .comments
                .iter()
                .find_map(|c| c.strip_prefix("# sent_id = "))
                .unwrap_or("")
                .trim()
                .to_string();
            if let Some(tags) = map.get(&id).filter(|t| t.len() == s.tokens.len()) {
                for (t, u) in s.tokens.iter_mut().zip(tags) {
                    if t.cols.len() > 3 {
                        t.cols[3] = u.clone();
                    }
                }
            }
        }
    }
    let with_upos = upos.is_some() || use_tagger;
    let lookup: HashMap<Vec<String>, Vec<String>> = doc
        .sentences
        .iter()
        .map(|s| {
            let w: Vec<String> = s.words().iter().map(|x| x.to_string()).collect();
            let u: Vec<String> = s.upos().iter().map(|x| x.to_string()).collect();
            (w, u)
        })
        .collect();
    let pipeline = if use_tagger {
        Some(
            chronicle_nlp::pipeline::Pipeline::load()
                .map_err(|e| NerError::BadModel(format!("tagger: {e}")))?,
        )
    } else {
        None
    };
    let mut tagger = |words: &[&str]| -> Vec<String> {
        if let Some(p) = &pipeline {
            let t = p.tagger();
            return t
                .tag(words)
                .into_iter()
                .map(|c| t.upos(c).to_string())
                .collect();
        }
        let key: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        lookup.get(&key).cloned().unwrap_or_default()
    };
    let report = if with_upos {
        eval::score_doc(&rec, &doc, Some(&mut tagger))
    } else {
        eval::score_doc(&rec, &doc, None)
    };
    if let Some(out) = tag_out {
        let text = iob2::write(&doc);
        let tagged = if with_upos {
            rec.tag_iob2(&text, Some(&mut tagger))?
        } else {
            rec.tag_iob2(&text, None)?
        };
        std::fs::write(&out, tagged).map_err(|source| NerError::Io {
            path: out.display().to_string(),
            source,
        })?;
    }
    Ok(report.to_string())
}

/// Time recognition over every sentence of an IOB2 file, repeated.
fn bench(path: &std::path::Path, model: Option<PathBuf>) -> Result<String, NerError> {
    let rec = load(model)?;
    let doc = iob2::read(path)?;
    let sents: Vec<Vec<&str>> = doc.sentences.iter().map(|s| s.words()).collect();
    let start = std::time::Instant::now();
    let (mut tokens, mut spans) = (0usize, 0usize);
    // A fixed amount of work (NER_BENCH_PASSES, default 20 passes) so CPU
    // time can be read with `time` on a busy machine.
    let passes: usize = std::env::var("NER_BENCH_PASSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    // NER_BENCH_DOC=1: whole documents with the consistency pass
    // (`Recognizer::recognize_iob2`), as `chronicle tag --format iob2` runs.
    let by_doc = std::env::var("NER_BENCH_DOC").is_ok_and(|v| v == "1");
    let n_tokens: usize = sents.iter().map(Vec::len).sum();
    for _ in 0..passes {
        if by_doc {
            spans += rec
                .recognize_iob2(&doc, None)
                .iter()
                .map(Vec::len)
                .sum::<usize>();
        } else {
            for w in &sents {
                spans += rec.recognize(w, &[]).len();
            }
        }
        tokens += n_tokens;
    }
    let secs = start.elapsed().as_secs_f64();
    Ok(format!(
        "{tokens} tokens in {secs:.2} s: {:.0} tokens/s ({spans} spans)",
        tokens as f64 / secs
    ))
}

fn main() -> ExitCode {
    let mut args = train::TrainArgs::default();
    let mut score_path: Option<PathBuf> = None;
    let mut model: Option<PathBuf> = None;
    let mut upos: Option<PathBuf> = None;
    let mut tag_out: Option<PathBuf> = None;
    let mut bench_path: Option<PathBuf> = None;
    let mut use_tagger = false;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let Some(v) = it.next() else {
            eprintln!("{flag}: missing value");
            return ExitCode::FAILURE;
        };
        let num = |v: &str| v.parse::<u64>().unwrap_or(0);
        match flag.as_str() {
            "--gum" => args.gum.push(v.into()),
            "--silver" => args.silver.push(v.into()),
            "--phoenix" => args.phoenix = Some(v.into()),
            "--lists" => args.lists.push(v.into()),
            "--clusters" => args.clusters = Some(v.into()),
            "--out" => args.out = v.into(),
            "--dev" => args.dev = Some(v.into()),
            "--epochs" => args.epochs = num(&v) as usize,
            "--bits" => args.bits = num(&v) as u8,
            "--gold-repeat" => args.gold_repeat = num(&v) as usize,
            "--upos-dropout" => args.upos_dropout = num(&v) as u32,
            "--prune" => args.prune = num(&v) as i16,
            "--seed" => args.seed = num(&v),
            "--lower-aug" => args.lower_aug = num(&v) as u32,
            "--lower-ent-aug" => args.lower_ent_aug = num(&v) as u32,
            "--silver-unsure" => args.silver_unsure.push(v),
            "--uner" => args.uner.push(v.into()),
            "--uner-upos" => args.uner_upos.push(v.into()),
            "--uner-repeat" => args.uner_repeat = num(&v) as usize,
            "--folds" => args.folds = num(&v) as usize,
            "--cv-tagger" => args.cv_tagger = v == "yes",
            "--score" => score_path = Some(v.into()),
            "--model" => model = Some(v.into()),
            "--upos-conllu" => upos = Some(v.into()),
            "--tag-out" => tag_out = Some(v.into()),
            "--bench" => bench_path = Some(v.into()),
            "--with-tagger" => use_tagger = v == "yes",
            _ => {
                eprintln!("unknown flag {flag}");
                return ExitCode::FAILURE;
            }
        }
    }
    let result = if let Some(p) = bench_path {
        bench(&p, model)
    } else {
        match score_path {
            Some(p) => score(&p, model, upos, tag_out, use_tagger),
            None => train::run(&args).map(|s| s.to_string()),
        }
    };
    match result {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
