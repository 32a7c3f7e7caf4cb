//! Scores linking alone on frozen annotations, so that linker changes can be compared
//! while the annotators change underneath.
//!
//! `cargo run -p chronicle-link --example score_export -- ARTICLES.jsonl KEYS.json TRUTH.json`
//!
//! `ARTICLES.jsonl`: one annotated article per line, as `chronicle export --format
//! jsonl` writes `articles.jsonl` (extra fields are ignored). `KEYS.json`: an object
//! from article id to the truth's key for it (the ingested path under the corpus
//! folder, `file.jsonl:LINE` for JSON Lines). `TRUTH.json`: a ground truth as
//! `eval/link/*-truth.json`. Prints the B-cubed scores, source counts and, per real
//! event, its main cluster (the question is not scored: it needs the store).
//! `LINK_DUMP=1` also lists every cluster and its reports.

use chronicle_link::eval::{score, Truth};
use chronicle_link::{link_all, LinkArticle, LinkConfig};
use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

fn run(args: &[String]) -> Result<(), String> {
    let [articles, keys, truth] = args else {
        return Err("usage: score_export ARTICLES.jsonl KEYS.json TRUTH.json".into());
    };
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"));
    let mut docs: Vec<LinkArticle> = read(articles)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("{articles}: {e}")))
        .collect::<Result<_, _>>()?;
    let key_of: HashMap<String, String> =
        serde_json::from_str(&read(keys)?).map_err(|e| format!("{keys}: {e}"))?;
    let truth: Truth = serde_json::from_str(&read(truth)?).map_err(|e| format!("{truth}: {e}"))?;
    let outlet_of: HashMap<String, String> = docs
        .iter()
        .filter_map(|a| Some((key_of.get(&a.id)?.clone(), a.source.clone()?)))
        .collect();
    let result = link_all(&mut docs, LinkConfig::default());
    let s = score(&truth, &result, &key_of, &outlet_of, None);
    let mut out = std::io::stdout().lock();
    let io = |e: std::io::Error| e.to_string();
    if std::env::var_os("LINK_DUMP").is_some() {
        for c in &result.clusters {
            writeln!(
                out,
                "{} {} {:?}>{:?} {:?}",
                c.id, c.category, c.source_codes, c.target_codes, c.date
            )
            .map_err(io)?;
            for m in &c.mentions {
                let k = key_of.get(&m.article).map_or("?", String::as_str);
                let text: String = m.sentence_text.chars().take(90).collect();
                writeln!(out, "    {k} #{} {:?} {text}", m.event_index, m.category).map_err(io)?;
            }
        }
    }
    writeln!(
                out,
        "{} articles, {} reports: B-cubed P {:.3} R {:.3}; source counts right {}/{}; linking right {}/{}",
        docs.len(),
        s.items,
        s.bcubed_p,
        s.bcubed_r,
        s.counts_right,
        s.events.len(),
        s.linking_right,
        s.events.len()
    )
    .map_err(io)?;
    for e in &s.events {
        writeln!(
            out,
            "{:<4} reports {:>2} found {:>2} clusters {:>2} main {:>2}  missing [{}]  stray [{}]",
            e.id,
            e.reports,
            e.found,
            e.clusters,
            e.main_articles,
            e.missing.join(", "),
            e.extra.join(", ")
        )
        .map_err(io)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
