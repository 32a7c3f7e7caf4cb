//! Trains the tagger and parser and writes them into a model directory.
//!
//! Usage: `cargo run --release -p chronicle-nlp --example train -- DATA_DIR [OUT_DIR]`
//! where DATA_DIR is laid out like `/work/shared/data/nlp` and OUT_DIR defaults
//! to `models/nlp`. Prints dev scores when EWT dev is present.
use std::path::PathBuf;

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
    let mut cfg = TrainConfig {
        folds: env("FOLDS", 4),
        fold_epochs: env("FOLD_EPOCHS", 6),
        ..Default::default()
    };
    cfg.tagger.epochs = env("TAGGER_EPOCHS", 10);
    cfg.parser.epochs = env("PARSER_EPOCHS", 8);
    cfg.parser.min_count = env("PARSER_MIN_COUNT", 3) as u32;
    cfg.parser.features = env("PARSER_FEATURES", 2) as u8;
    let t0 = std::time::Instant::now();
    let sents = train::training_sentences(&data)?;
    eprintln!("{} training sentences", sents.len());
    let mut log = |s: &str| eprintln!("[{:>6.1}s] {s}", t0.elapsed().as_secs_f64());
    let (tagger, parser, lemmas) = train::train_models(&sents, &cfg, &mut log);
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("tagger.bin"), tagger.to_bytes())?;
    std::fs::write(out.join("parser.bin"), parser.to_bytes())?;
    std::fs::write(out.join("lemmas.bin"), lemmas.to_bytes())?;
    eprintln!(
        "wrote {} in {:.1}s",
        out.display(),
        t0.elapsed().as_secs_f64()
    );
    let dev = data.join("ud-english-ewt/en_ewt-ud-dev.conllu");
    if dev.exists() {
        let gold = train::read_conllu(&dev)?;
        let s = train::evaluate(&tagger, &parser, &gold);
        println!(
            "EWT dev: UPOS {:.2} XPOS {:.2} UAS {:.2} LAS {:.2} ({} words)",
            100.0 * s.upos,
            100.0 * s.xpos,
            100.0 * s.uas,
            100.0 * s.las,
            s.words
        );
    }
    Ok(())
}
