//! Plain-text cleaning scored on AEB's full-page text, split into a tuning half and a
//! held-out half by the page id's hash, so rule changes tuned on one half can be checked
//! on the other. Runs only when `CHRONICLE_AEB_DEV` names the `aeb-dev` folder (the data
//! is not part of the repository):
//!
//! ```text
//! CHRONICLE_AEB_DEV=../shared/data/extraction/aeb-dev \
//!   cargo test -p chronicle-extract --test clean_dev_split -- --nocapture
//! ```
//!
//! With `CHRONICLE_CLEAN_DUMP=DIR` it also writes each page's cleaned text to
//! `DIR/<id>.txt` for inspection.

use chronicle_extract::clean_plain_text;
use chronicle_extract::eval::{aeb_score, shingle_pr};
use serde_json::Value;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

fn body<'a>(v: &'a Value, id: &str) -> &'a str {
    v.get(id)
        .and_then(|p| p.get("articleBody"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The half a page belongs to: a stable hash of its id (`DefaultHasher::new()` uses
/// fixed keys), even → tuning, odd → held out.
fn held_out(id: &str) -> bool {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish() % 2 == 1
}

#[test]
fn clean_scores_on_tuning_and_held_out_halves() {
    let Some(dir) = std::env::var_os("CHRONICLE_AEB_DEV").map(PathBuf::from) else {
        eprintln!("CHRONICLE_AEB_DEV not set; skipping");
        return;
    };
    let read = |name: &str| -> Value {
        let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        serde_json::from_str(&text).unwrap_or(Value::Null)
    };
    let truth = read("ground-truth.json");
    let full = read("full-page-text.json");
    let dump = std::env::var_os("CHRONICLE_CLEAN_DUMP").map(PathBuf::from);
    let mut ids: Vec<&String> = truth
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    ids.sort();
    let (mut tune, mut held, mut all) = (Vec::new(), Vec::new(), Vec::new());
    let start = std::time::Instant::now();
    for id in ids {
        let cleaned = clean_plain_text(body(&full, id));
        let pair = (cleaned, body(&truth, id).to_string());
        if let Some(d) = &dump {
            let (p, r) = shingle_pr(&pair.0, &pair.1);
            let _ = std::fs::write(d.join(format!("{id}.txt")), &pair.0);
            eprintln!(
                "{id}\tP={p:.3}\tR={r:.3}\t{}",
                if held_out(id) { "held" } else { "tune" }
            );
        }
        if held_out(id) {
            held.push(pair.clone());
        } else {
            tune.push(pair.clone());
        }
        all.push(pair);
    }
    let secs = start.elapsed().as_secs_f64();
    for (name, set) in [("tune", &tune), ("held", &held), ("all", &all)] {
        let (p, r, f) = aeb_score(set);
        eprintln!(
            "clean {name}: pages={} precision={p:.4} recall={r:.4} F1={f:.4}",
            set.len()
        );
    }
    eprintln!("cleaned {} pages in {secs:.3}s", all.len());
    assert!(!all.is_empty(), "no pages read from {}", dir.display());
}
