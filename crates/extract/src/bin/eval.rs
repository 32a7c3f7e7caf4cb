//! `chronicle-extract-eval`: scores article extraction on the AEB and WCXB benchmarks
//! and plain-text cleaning on AEB's full-page text, for Chronicle's extractor or for a
//! predictions file from another tool (`--pred`, format `{id: {title, author, date,
//! articleBody}}`), and measures single-threaded pages/s.
//!
//! ```text
//! chronicle-extract-eval aeb   DATA/extraction/aeb-dev  [--pred P.json] [--out O.json]
//! chronicle-extract-eval wcxb  DATA/extraction/wcxb-dev [--pred P.json] [--out O.json]
//! chronicle-extract-eval clean DATA/extraction/aeb-dev
//! chronicle-extract-eval speed HTML_DIR [--repeat N]
//! ```
//!
//! `--split` also prints the figures of the two halves used for tuning and held-out
//! checks: AEB by the first hex digit of the page id (A: 0-7, B: 8-f), WCXB by the last
//! digit of the page number (A: 0-4, B: 5-9).

use chronicle_extract::eval::{aeb_score, author_match, date_match, title_match, word_f1};
use chronicle_extract::{clean_plain_text, extract_html, file_id, read_maybe_gz};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn usage() -> ! {
    eprintln!("usage: chronicle-extract-eval (aeb|wcxb|clean|speed) DIR [--pred FILE] [--out FILE] [--repeat N] [--verbose] [--split]");
    std::process::exit(2)
}

fn html_files(dir: &Path) -> Res<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".html") || n.ends_with(".html.gz") || n.ends_with(".htm")
        })
        .collect();
    v.sort();
    Ok(v)
}

/// Runs Chronicle over a folder; returns predictions and pages/s (extraction only,
/// pages already in memory, one thread).
fn run_chronicle(dir: &Path) -> Res<(Map<String, Value>, f64)> {
    let mut pages = Vec::new();
    for p in html_files(dir)? {
        pages.push((file_id(&p), read_maybe_gz(&p)?));
    }
    let mut out = Map::new();
    let t = Instant::now();
    for (id, bytes) in &pages {
        let v = match extract_html(bytes, None) {
            Ok(ex) => {
                json!({"title": ex.title, "author": ex.author, "date": ex.date_ymd(), "articleBody": ex.text})
            }
            Err(e) => {
                eprintln!("{id}: {e}");
                json!({"title": null, "author": null, "date": null, "articleBody": ""})
            }
        };
        out.insert(id.clone(), v);
    }
    let secs = t.elapsed().as_secs_f64();
    Ok((out, pages.len() as f64 / secs.max(1e-9)))
}

/// Half of an AEB page by the first hex digit of its id: 0 for 0-7, 1 for 8-f.
fn aeb_half(id: &str) -> usize {
    match id.chars().next().and_then(|c| c.to_digit(16)) {
        Some(d) if d >= 8 => 1,
        _ => 0,
    }
}

/// Half of a WCXB page by the last digit of its number: 0 for 0-4, 1 for 5-9.
fn wcxb_half(id: &str) -> usize {
    match id.chars().last().and_then(|c| c.to_digit(10)) {
        Some(d) if d >= 5 => 1,
        _ => 0,
    }
}

/// WCXB sums over a set of pages.
#[derive(Debug, Default, Clone, Copy)]
struct WcxbTally {
    f1: f64,
    n: usize,
    tt: usize,
    tn: usize,
    at: usize,
    an: usize,
    dt: usize,
    dn: usize,
}

fn load_json(p: &Path) -> Res<Value> {
    Ok(serde_json::from_str(&std::fs::read_to_string(p)?)?)
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        usage();
    }
    let mode = args[0].as_str();
    let dir = PathBuf::from(&args[1]);
    let mut pred_path = None;
    let mut out_path = None;
    let mut repeat = 1usize;
    let mut verbose = false;
    let mut split = false;
    let mut i = 2;
    while i < args.len() {
        match args[i].as_str() {
            "--pred" => {
                pred_path = args.get(i + 1).map(PathBuf::from);
                i += 1;
            }
            "--out" => {
                out_path = args.get(i + 1).map(PathBuf::from);
                i += 1;
            }
            "--repeat" => {
                repeat = args.get(i + 1).and_then(|r| r.parse().ok()).unwrap_or(1);
                i += 1;
            }
            "--verbose" => verbose = true,
            "--split" => split = true,
            _ => usage(),
        }
        i += 1;
    }
    let who = if pred_path.is_some() {
        "predictions"
    } else {
        "chronicle"
    };
    let preds = |html: &Path| -> Res<Map<String, Value>> {
        if let Some(p) = &pred_path {
            return Ok(load_json(p)?.as_object().cloned().unwrap_or_default());
        }
        let (m, rate) = run_chronicle(html)?;
        eprintln!(
            "chronicle: {:.1} pages/s (single thread, in-memory pages)",
            rate
        );
        if let Some(o) = &out_path {
            std::fs::write(o, serde_json::to_string_pretty(&m)?)?;
        }
        Ok(m)
    };
    match mode {
        "aeb" => {
            let truth = load_json(&dir.join("ground-truth.json"))?;
            let truth = truth.as_object().cloned().unwrap_or_default();
            let pred = preds(&dir.join("html"))?;
            let mut pairs = Vec::new();
            let mut halves: [Vec<(String, String)>; 2] = [Vec::new(), Vec::new()];
            for (id, t) in &truth {
                let p = pred.get(id).map(|p| s(p, "articleBody")).unwrap_or("");
                if verbose {
                    let (pp, rr) = chronicle_extract::eval::shingle_pr(p, s(t, "articleBody"));
                    println!("{id}\tP={pp:.3}\tR={rr:.3}");
                }
                let pair = (p.to_string(), s(t, "articleBody").to_string());
                halves[aeb_half(id)].push(pair.clone());
                pairs.push(pair);
            }
            let (p, r, f) = aeb_score(&pairs);
            println!(
                "AEB {who}: pages={} precision={p:.4} recall={r:.4} F1={f:.4}",
                pairs.len()
            );
            if split {
                for (h, v) in halves.iter().enumerate() {
                    let (p, r, f) = aeb_score(v);
                    println!(
                        "AEB {who} half {} ({}): pages={} precision={p:.4} recall={r:.4} F1={f:.4}",
                        ["A", "B"][h],
                        ["id 0-7", "id 8-f"][h],
                        v.len()
                    );
                }
            }
        }
        "wcxb" => {
            let pred = preds(&dir.join("html"))?;
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("ground-truth"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            files.sort();
            // Index 0: all pages; 1: half A; 2: half B.
            let mut tally = [WcxbTally::default(); 3];
            for f in files {
                let id = f
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let v = load_json(&f)?;
                let g = v.get("ground_truth").cloned().unwrap_or(Value::Null);
                let empty = json!({});
                let p = pred.get(&id).unwrap_or(&empty);
                let wf = word_f1(s(p, "articleBody"), s(&g, "main_content"));
                let tt_ok =
                    !s(&g, "title").is_empty() && title_match(s(p, "title"), s(&g, "title"));
                let a_ok = author_match(s(p, "author"), s(&g, "author"));
                let d_ok = date_match(s(p, "date"), s(&g, "publish_date"));
                for k in [0, 1 + wcxb_half(&id)] {
                    let t = &mut tally[k];
                    t.f1 += wf;
                    t.n += 1;
                    if !s(&g, "title").is_empty() {
                        t.tn += 1;
                        t.tt += tt_ok as usize;
                    }
                    if !s(&g, "author").is_empty() {
                        t.an += 1;
                        t.at += a_ok as usize;
                    }
                    if !s(&g, "publish_date").is_empty() {
                        t.dn += 1;
                        t.dt += d_ok as usize;
                    }
                }
                if verbose {
                    println!(
                        "{id}\tF1={wf:.3}\ttitle={}\t{:?} vs {:?}\tauthor={}\t{:?} vs {:?}\tdate={}\t{:?} vs {:?}",
                        tt_ok as u8, s(p, "title"), s(&g, "title"), a_ok as u8, s(p, "author"), s(&g, "author"),
                        d_ok as u8, s(p, "date"), s(&g, "publish_date")
                    );
                }
            }
            let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
            let labels = ["", " half A (0-4)", " half B (5-9)"];
            for (k, t) in tally.iter().enumerate() {
                if k > 0 && !split {
                    break;
                }
                println!(
                    "WCXB {who}{}: pages={} word_F1={:.4} title_exact={:.1}% ({}/{}) author={:.1}% ({}/{}) date={:.1}% ({}/{})",
                    labels[k],
                    t.n,
                    t.f1 / t.n.max(1) as f64,
                    pct(t.tt, t.tn),
                    t.tt,
                    t.tn,
                    pct(t.at, t.an),
                    t.at,
                    t.an,
                    pct(t.dt, t.dn),
                    t.dt,
                    t.dn
                );
            }
        }
        "clean" => {
            let truth = load_json(&dir.join("ground-truth.json"))?;
            let full = load_json(&dir.join("full-page-text.json"))?;
            let (mut raw, mut cleaned) = (Vec::new(), Vec::new());
            let t = Instant::now();
            for (id, tv) in truth.as_object().into_iter().flatten() {
                let text = full.get(id).map(|v| s(v, "articleBody")).unwrap_or("");
                let c = clean_plain_text(text);
                if verbose {
                    let (pp, rr) = chronicle_extract::eval::shingle_pr(&c, s(tv, "articleBody"));
                    println!("{id}\tP={pp:.3}\tR={rr:.3}");
                }
                raw.push((text.to_string(), s(tv, "articleBody").to_string()));
                cleaned.push((c, s(tv, "articleBody").to_string()));
            }
            let secs = t.elapsed().as_secs_f64();
            let (p0, r0, f0) = aeb_score(&raw);
            let (p, r, f) = aeb_score(&cleaned);
            println!("clean raw full-page text: precision={p0:.4} recall={r0:.4} F1={f0:.4}");
            println!("clean chronicle: pages={} precision={p:.4} recall={r:.4} F1={f:.4} ({:.0} pages/s)", cleaned.len(), cleaned.len() as f64 / secs.max(1e-9));
        }
        "show" => {
            let ex = extract_html(&read_maybe_gz(&dir)?, None)?;
            println!("{}", serde_json::to_string_pretty(&ex)?);
        }
        "speed" => {
            let mut best = 0f64;
            for _ in 0..repeat.max(1) {
                let (_, rate) = run_chronicle(&dir)?;
                best = best.max(rate);
            }
            println!("{best:.3}");
        }
        _ => usage(),
    }
    Ok(())
}
