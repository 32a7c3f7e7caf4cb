//! Synthetic articles: `chronicle generate` and `chronicle bench-ingest`.
//!
//! The generator is deterministic (a fixed-seed SplitMix64), so runs are comparable.

use crate::cmd_ingest::ingest_paths;
use crate::output::Context;
use chronicle_ingest::ReadOptions;
use chronicle_store::Store;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `chronicle generate`.
#[derive(clap::Args)]
pub struct GenerateArgs {
    /// How many articles.
    pub n: usize,
    /// Output JSON Lines file (`-` for stdout).
    #[arg(long, short, default_value = "-")]
    pub out: PathBuf,
    /// Random seed.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}

/// Arguments of `chronicle bench-ingest`.
#[derive(clap::Args)]
pub struct BenchIngestArgs {
    /// How many generated articles to ingest.
    #[arg(long, default_value_t = 20_000)]
    pub n: usize,
    /// Run the annotation pipeline too (time, actors, events), on all cores.
    #[arg(long)]
    pub annotate: bool,
}

struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const ACTORS: &[&str] = &[
    "Russia",
    "Ukraine",
    "Iran",
    "Israel",
    "China",
    "the United States",
    "France",
    "Germany",
    "Turkey",
    "India",
    "Brazil",
    "Japan",
    "South Korea",
    "North Korea",
    "the European Union",
    "NATO",
    "the United Nations",
    "Egypt",
    "Qatar",
    "Saudi Arabia",
];
const VERBS: &[&str] = &[
    "met officials from",
    "accused",
    "signed an agreement with",
    "threatened",
    "praised",
    "imposed sanctions on",
    "sent aid to",
    "held talks with",
    "criticised",
    "pledged support for",
];
const PLACES: &[&str] = &[
    "Geneva", "Vienna", "Doha", "Ankara", "Brussels", "New York", "Cairo", "Delhi",
];
const OUTLETS: &[&str] = &[
    "Meridian Wire",
    "Northgate Times",
    "Atlas Daily",
    "The Harbor Ledger",
];

/// One synthetic article as a JSON object.
fn synthetic(rng: &mut SplitMix, i: usize) -> serde_json::Value {
    let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .map(|d| d + chrono::Duration::days((rng.next() % 730) as i64))
        .map(|d| d.to_string());
    let a = rng.pick(ACTORS);
    let b = rng.pick(ACTORS);
    let v = rng.pick(VERBS);
    let mut paragraphs = Vec::new();
    for _ in 0..(3 + rng.next() % 4) {
        let (x, y, w, p) = (
            rng.pick(ACTORS),
            rng.pick(ACTORS),
            rng.pick(VERBS),
            rng.pick(PLACES),
        );
        paragraphs.push(format!(
            "Officials said {x} {w} {y} in {p} on Tuesday, according to people familiar with the matter. \
             The move follows weeks of talks, and analysts expect further steps later this month."
        ));
    }
    serde_json::json!({
        "url": format!("https://synthetic.test/{i}"),
        "title": format!("{} {} {}", capitalise(a), v, b),
        "date": day,
        "source": rng.pick(OUTLETS),
        "text": paragraphs.join("\n\n"),
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn write_synthetic(out: &mut dyn Write, n: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = SplitMix(seed);
    for i in 0..n {
        serde_json::to_writer(&mut *out, &synthetic(&mut rng, i))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// Runs `chronicle generate`.
pub fn generate(_ctx: &Context, args: GenerateArgs) -> anyhow::Result<ExitCode> {
    if args.out.as_os_str() == "-" {
        let stdout = std::io::stdout();
        write_synthetic(&mut BufWriter::new(stdout.lock()), args.n, args.seed)?;
    } else {
        let f = std::fs::File::create(&args.out)?;
        write_synthetic(&mut BufWriter::new(f), args.n, args.seed)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `chronicle bench-ingest`: generates N articles to a temporary JSON Lines file,
/// ingests them into a fresh temporary database and reports articles/s (reading,
/// parsing, hashing and storing with the full-text index; generation excluded).
pub fn bench_ingest(_ctx: &Context, args: BenchIngestArgs) -> anyhow::Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let input = dir.path().join("synthetic.jsonl");
    write_synthetic(
        &mut BufWriter::new(std::fs::File::create(&input)?),
        args.n,
        7,
    )?;
    let bytes = std::fs::metadata(&input)?.len();
    let db = dir.path().join("bench.db");
    let ctx = Context {
        db: db.clone(),
        quiet: true,
    };
    let started = Instant::now();
    let mut store = Store::open(&db)?;
    let pipeline = if args.annotate {
        Some(chronicle_pipeline::Pipeline::load()?)
    } else {
        None
    };
    let summary = ingest_paths(
        &ctx,
        &mut store,
        pipeline.as_ref(),
        &[input],
        &ReadOptions::default(),
        1000,
    )
    .map_err(|(_, e)| e)?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "ingest{}: {} articles ({:.1} MB JSONL) in {:.2} s = {:.0} articles/s ({} stored, {} failed)",
        if args.annotate { " + annotate" } else { "" },
        args.n,
        bytes as f64 / 1e6,
        secs,
        args.n as f64 / secs,
        summary.inserted,
        summary.failures.len()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_is_deterministic_and_valid_jsonl() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        write_synthetic(&mut a, 20, 3).expect("write");
        write_synthetic(&mut b, 20, 3).expect("write");
        assert_eq!(a, b);
        let text = String::from_utf8(a).expect("utf8");
        assert_eq!(text.lines().count(), 20);
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            assert!(v["text"].as_str().is_some_and(|t| t.len() > 100));
        }
    }
}
