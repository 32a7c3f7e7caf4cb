//! Rebuilds `models/events/tables.json.gz` from the Phoenix CAMEO verb dictionary (MIT)
//! and the CAMEO→PLOVER conversion table (CC BY-SA 4.0).
//!
//! `cargo run -p chronicle-events --example build_tables -- DATA_DIR [OUT_FILE]`, where
//! DATA_DIR holds `phoenix-dictionaries/CAMEO.2.0.txt` and `CAMEO2PLOVER-2021.txt`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: build_tables DATA_DIR [OUT_FILE]");
        return ExitCode::FAILURE;
    };
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("models/events/tables.json.gz"));
    let dict = dir.join("phoenix-dictionaries").join("CAMEO.2.0.txt");
    let map = dir.join("CAMEO2PLOVER-2021.txt");
    let result = chronicle_events::build::build_tables(&dict, &map)
        .and_then(|t| chronicle_events::build::write_tables(&t, &out).map(|()| t));
    match result {
        Ok(t) => {
            eprintln!(
                "wrote {}: {} verbs, {} forms, {} patterns, {} CAMEO codes",
                out.display(),
                t.verbs.len(),
                t.forms.len(),
                t.patterns.len(),
                t.plover.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
