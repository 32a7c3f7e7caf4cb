//! Scores the tagger on a TimeML folder: `cargo run --release -p chronicle-time --example tempeval -- DIR [ERRORS_FILE]`.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: tempeval GOLD_DIR [ERRORS_FILE]");
        std::process::exit(2);
    };
    match chronicle_time::timeml::evaluate_dir(Path::new(dir)) {
        Ok(r) => {
            println!("{}", r.summary());
            if let Some(f) = args.get(2) {
                if let Err(e) = std::fs::write(f, r.errors.join("\n")) {
                    eprintln!("{f}: {e}");
                }
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
