//! Trains the tagger and parser and writes them into a model directory.
//!
//! Usage: `cargo run --release -p chronicle-nlp --example train -- DATA_DIR [OUT_DIR]`
//! where DATA_DIR is laid out like `/work/shared/data/nlp` and OUT_DIR defaults
//! to `models/nlp`. With no environment knobs this is the recipe of the
//! shipped models ([`TrainConfig::default`]) and rebuilds them byte for byte.
//! Knobs, for experiments only: `TAGGER_EPOCHS`, `TAGGER_FEATURES`,
//! `TAGGER_SEEDS`, `PARSER_EPOCHS`, `PARSER_MIN_COUNT`, `PARSER_FEATURES`,
//! `PARSER_PRUNE`, `PARSER_SEEDS`, `FOLDS`, `FOLD_EPOCHS`, `FAST_PARSER` (0 = no
//! fast parser), `FAST_EPOCHS`, `FAST_FEATURES`, `FOLD_FEATURES`, `TAGGER_SEED` (the shipped tagger's seed; the fold taggers keep theirs), `TAGGER_ONLY` (1 = train only the tagger and
//! print its EWT dev UPOS after every epoch; writes only `tagger.bin`), `BENCH=DIR,DIR`
//! (score and time the models in those directories on EWT dev instead of
//! training, `BENCH_ROUNDS` rounds, cascade margin `CASCADE_MARGIN` or `DIR@MARGIN`); `THREADS` (0 = all cores)
//! changes only the speed of training, not the models. Prints EWT dev
//! scores (all sentences, and the even and odd halves) when EWT dev is present.
use std::path::PathBuf;

use chronicle_nlp::parser::Parser;
use chronicle_nlp::pipeline::CASCADE_MARGIN;
use chronicle_nlp::train::{self, TrainConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().ok_or("usage: train DATA_DIR [OUT_DIR]")?);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "models/nlp".into()));
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let mut cfg = TrainConfig::default();
    cfg.folds = env("FOLDS", cfg.folds);
    cfg.fold_epochs = env("FOLD_EPOCHS", cfg.fold_epochs);
    cfg.fold_features = env("FOLD_FEATURES", cfg.fold_features.into()) as u8;
    cfg.tagger_seeds = env("TAGGER_SEEDS", cfg.tagger_seeds);
    cfg.parser_seeds = env("PARSER_SEEDS", cfg.parser_seeds);
    cfg.threads = env("THREADS", cfg.threads);
    if env("FAST_PARSER", 1) == 0 {
        cfg.fast_parser = None;
    }
    if let Some(f) = cfg.fast_parser.as_mut() {
        f.epochs = env("FAST_EPOCHS", f.epochs);
        f.features = env("FAST_FEATURES", f.features.into()) as u8;
    }
    cfg.tagger.epochs = env("TAGGER_EPOCHS", cfg.tagger.epochs);
    cfg.tagger.features = env("TAGGER_FEATURES", cfg.tagger.features.into()) as u8;
    cfg.parser.epochs = env("PARSER_EPOCHS", cfg.parser.epochs);
    cfg.parser.min_count = env("PARSER_MIN_COUNT", cfg.parser.min_count as usize) as u32;
    cfg.parser.features = env("PARSER_FEATURES", cfg.parser.features.into()) as u8;
    cfg.parser.prune_below = env("PARSER_PRUNE", cfg.parser.prune_below as usize) as i16;
    cfg.tagger.seed = env("TAGGER_SEED", cfg.tagger.seed as usize) as u64;
    let cfg = cfg.with_embedded_clusters()?;
    eprintln!("{cfg:?}");
    let t0 = std::time::Instant::now();
    let sents = train::training_sentences(&data)?;
    eprintln!("{} training sentences", sents.len());
    let mut log = |s: &str| eprintln!("[{:>6.1}s] {s}", t0.elapsed().as_secs_f64());
    if let Ok(dirs) = std::env::var("BENCH") {
        let margin = env("CASCADE_MARGIN", CASCADE_MARGIN as usize) as i32;
        return bench(&data, &dirs, env("BENCH_ROUNDS", 3), margin);
    }
    if env("TAGGER_ONLY", 0) == 1 {
        // Experiment: the tagger alone, scored on EWT dev after every epoch.
        let gold = train::read_conllu(&data.join("ud-english-ewt/en_ewt-ud-dev.conllu"))?;
        let (even, odd) = even_odd(&gold);
        let mut watch = |epoch: usize, t: &chronicle_nlp::tagger::Tagger| {
            println!(
                "tagger epoch {epoch}: EWT dev UPOS {:.2} (even {:.2} / odd {:.2})",
                100.0 * train::upos_accuracy(t, &gold),
                100.0 * train::upos_accuracy(t, &even),
                100.0 * train::upos_accuracy(t, &odd),
            );
        };
        let t = chronicle_nlp::tagger::Tagger::train_watched(
            &sents,
            &cfg.tagger,
            &mut log,
            Some(&mut watch),
        );
        std::fs::create_dir_all(&out)?;
        std::fs::write(out.join("tagger.bin"), t.to_bytes())?;
        return Ok(());
    }
    let (tagger, parser, lemmas, fast) = train::train_models(&sents, &cfg, &mut log);
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("tagger.bin"), tagger.to_bytes())?;
    std::fs::write(out.join("parser.bin"), parser.to_bytes())?;
    if let Some(f) = &fast {
        std::fs::write(out.join("fast_parser.bin"), f.to_bytes())?;
    }
    std::fs::write(out.join("lemmas.bin"), lemmas.to_bytes())?;
    eprintln!(
        "wrote {} in {:.1}s",
        out.display(),
        t0.elapsed().as_secs_f64()
    );
    let dev = data.join("ud-english-ewt/en_ewt-ud-dev.conllu");
    if dev.exists() {
        let gold = train::read_conllu(&dev)?;
        let halves: [Vec<_>; 2] = [0, 1].map(|h| {
            gold.iter()
                .enumerate()
                .filter(|(i, _)| i % 2 == h)
                .map(|(_, s)| s.clone())
                .collect()
        });
        let cascade = match fast {
            Some(f) => Some(Parser::cascade(
                f,
                Parser::from_bytes_with_clusters(&parser.to_bytes(), cfg.parser.clusters.clone())?,
                CASCADE_MARGIN,
            )?),
            None => None,
        };
        let runs = [
            ("joint parser", Some(&parser)),
            ("cascade", cascade.as_ref()),
        ];
        for (what, p) in runs {
            let Some(p) = p else { continue };
            for (name, part) in [("", &gold), (" even", &halves[0]), (" odd", &halves[1])] {
                let s = train::evaluate(&tagger, p, part);
                println!(
                    "EWT dev{name} ({what}): UPOS {:.2} XPOS {:.2} UAS {:.2} LAS {:.2} ({} words)",
                    100.0 * s.upos,
                    100.0 * s.xpos,
                    100.0 * s.uas,
                    100.0 * s.las,
                    s.words
                );
            }
        }
    }
    Ok(())
}

/// Experiment: scores and times the models of each comma-separated
/// directory on EWT dev (tagger, and the cascade of `fast_parser.bin` and
/// `parser.bin`), `rounds` times, the directories interleaved. Speeds are
/// CPU time of one thread.
/// The even- and odd-numbered sentences of `gold` (the two dev halves every score is
/// also reported on).
fn even_odd<T: Clone>(gold: &[T]) -> (Vec<T>, Vec<T>) {
    let half = |h: usize| -> Vec<T> {
        gold.iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == h)
            .map(|(_, s)| s.clone())
            .collect()
    };
    (half(0), half(1))
}

fn bench(
    data: &std::path::Path,
    dirs: &str,
    rounds: usize,
    margin: i32,
) -> Result<(), Box<dyn std::error::Error>> {
    use chronicle_nlp::tagger::Tagger;
    let gold = train::read_conllu(&data.join("ud-english-ewt/en_ewt-ud-dev.conllu"))?;
    let clusters = chronicle_nlp::clusters::WordClusters::embedded()?;
    let mut models = Vec::new();
    for d in dirs.split(',') {
        // `DIR@MARGIN` sets that directory's cascade margin.
        let (d, margin) = match d.split_once('@') {
            Some((d, m)) => (d, m.parse().map_err(|_| format!("bad margin in {d}@{m}"))?),
            None => (d, margin),
        };
        let d = PathBuf::from(d);
        let tagger = Tagger::from_bytes_with_clusters(
            &std::fs::read(d.join("tagger.bin"))?,
            Some(clusters.clone()),
        )?;
        let load = |f: &str| -> Result<Parser, Box<dyn std::error::Error>> {
            Ok(Parser::from_bytes_with_clusters(
                &std::fs::read(d.join(f))?,
                Some(clusters.clone()),
            )?)
        };
        let parser = Parser::cascade(load("fast_parser.bin")?, load("parser.bin")?, margin)?;
        models.push((d, tagger, parser));
    }
    let (even, odd) = even_odd(&gold);
    for (d, tagger, parser) in &models {
        let e = train::evaluate(tagger, parser, &even);
        let o = train::evaluate(tagger, parser, &odd);
        println!(
            "{}: even UPOS {:.2} UAS {:.2} LAS {:.2}; odd UPOS {:.2} UAS {:.2} LAS {:.2}",
            d.display(),
            100.0 * e.upos,
            100.0 * e.uas,
            100.0 * e.las,
            100.0 * o.upos,
            100.0 * o.uas,
            100.0 * o.las
        );
    }
    for round in 1..=rounds {
        for (d, tagger, parser) in &models {
            let s = train::evaluate(tagger, parser, &gold);
            println!(
                "round {round} {}: UPOS {:.2} UAS {:.2} LAS {:.2}; tagger {:.0} words/s, parser {:.0} words/s",
                d.display(),
                100.0 * s.upos,
                100.0 * s.uas,
                100.0 * s.las,
                s.tag_speed,
                s.parse_speed
            );
        }
    }
    Ok(())
}
