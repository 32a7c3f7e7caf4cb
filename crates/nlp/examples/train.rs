//! Trains the tagger and parser and writes them into a model directory.
//!
//! Usage: `cargo run --release -p chronicle-nlp --example train -- DATA_DIR [OUT_DIR]`
//! where DATA_DIR is laid out like `/work/shared/data/nlp` and OUT_DIR defaults
//! to `models/nlp`. With no environment knobs this is the recipe of the
//! shipped models ([`TrainConfig::default`]) and rebuilds them byte for byte.
//! Knobs, for experiments only: `TAGGER_EPOCHS`, `TAGGER_FEATURES`,
//! `TAGGER_SEEDS`, `PARSER_EPOCHS`, `PARSER_MIN_COUNT`, `PARSER_FEATURES`,
//! `PARSER_PRUNE`, `PARSER_SEEDS`, `FOLDS`, `FOLD_EPOCHS`, `FAST_PARSER` (0 = no
//! fast parser); `THREADS` (0 = all cores)
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
    cfg.tagger_seeds = env("TAGGER_SEEDS", cfg.tagger_seeds);
    cfg.parser_seeds = env("PARSER_SEEDS", cfg.parser_seeds);
    cfg.threads = env("THREADS", cfg.threads);
    if env("FAST_PARSER", 1) == 0 {
        cfg.fast_parser = None;
    }
    cfg.tagger.epochs = env("TAGGER_EPOCHS", cfg.tagger.epochs);
    cfg.tagger.features = env("TAGGER_FEATURES", cfg.tagger.features.into()) as u8;
    cfg.parser.epochs = env("PARSER_EPOCHS", cfg.parser.epochs);
    cfg.parser.min_count = env("PARSER_MIN_COUNT", cfg.parser.min_count as usize) as u32;
    cfg.parser.features = env("PARSER_FEATURES", cfg.parser.features.into()) as u8;
    cfg.parser.prune_below = env("PARSER_PRUNE", cfg.parser.prune_below as usize) as i16;
    eprintln!("{cfg:?}");
    let t0 = std::time::Instant::now();
    let sents = train::training_sentences(&data)?;
    eprintln!("{} training sentences", sents.len());
    let mut log = |s: &str| eprintln!("[{:>6.1}s] {s}", t0.elapsed().as_secs_f64());
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
                Parser::from_bytes(&parser.to_bytes())?,
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
