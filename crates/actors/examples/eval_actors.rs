//! Evaluate the embedded gazetteer's linking:
//!
//! ```text
//! cargo run -p chronicle-actors --release --example eval_actors -- plover FILE.jsonl
//! cargo run -p chronicle-actors --release --example eval_actors -- gum DIR
//! cargo run -p chronicle-actors --release --example eval_actors -- speed DIR_OR_FILE...
//! cargo run -p chronicle-actors --release --example eval_actors -- link "TEXT" [YYYY-MM-DD]
//! ```

use chronicle_actors::{eval, Gazetteer};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let t0 = std::time::Instant::now();
    let g = Gazetteer::load()?;
    eprintln!(
        "gazetteer: {} entities, loaded in {:.0} ms",
        g.len(),
        t0.elapsed().as_secs_f64() * 1e3
    );
    match args.first().map(String::as_str) {
        Some("plover") => {
            let path = args.get(1).ok_or("plover FILE")?;
            let r = eval::eval_plover(g, Path::new(path))?;
            for m in &r.misses {
                println!(
                    "MISS {}\t{}\tgold={}\tfound={:?}",
                    m.id, m.text, m.gold, m.found
                );
            }
            println!(
                "PLOVER {path}: {} sentences, {} gold actors; right code on the gold words: {} ({:.1}%); overlapped at all: {}; code anywhere in sentence: {} ({:.1}%); unlocated gold words: {}",
                r.sentences, r.gold, r.correct, 100.0 * r.recall(), r.overlapped, r.code_only, 100.0 * r.code_only_recall(), r.unlocated
            );
        }
        Some("gum") => {
            let dir = args.get(1).ok_or("gum DIR")?;
            let r = eval::eval_gum(g, Path::new(dir))?;
            println!("{}", serde_json::to_string_pretty(&r)?);
        }
        Some("speed") => {
            let mut texts = Vec::new();
            for a in &args[1..] {
                let p = Path::new(a);
                if p.is_dir() {
                    for e in std::fs::read_dir(p)?.flatten() {
                        if let Ok(s) = std::fs::read_to_string(e.path()) {
                            texts.push(s);
                        }
                    }
                } else {
                    texts.push(std::fs::read_to_string(p)?);
                }
            }
            let t = eval::throughput(g, &texts, 20);
            println!(
                "linked {} bytes in {:.3} s: {:.1} MB/s, {:.2} M tokens/s; peer (whitespace split + lower-case) {:.3} s; linking/peer = {:.2}",
                t.bytes, t.link_secs, t.mb_per_s(), t.tokens_per_s() / 1e6, t.peer_secs, t.ratio()
            );
        }
        Some("link") => {
            let text = args.get(1).ok_or("link TEXT [DATE]")?;
            let date = args
                .get(2)
                .and_then(|d| chronicle_actors::jsonl::parse_date(d));
            for m in g.link(text, date) {
                println!("{}", serde_json::to_string(&m)?);
            }
        }
        _ => {
            return Err(
                "usage: eval_actors plover FILE | gum DIR | speed PATH... | link TEXT [DATE]"
                    .into(),
            )
        }
    }
    Ok(())
}
