//! `chronicle actors`, `chronicle build-gazetteer`, `chronicle eval-actors`.

use anyhow::{bail, Context, Result};
use chronicle_actors::{build, eval, jsonl, Gazetteer};
use clap::Args;
use std::io::{BufReader, BufWriter, Write};
use std::path::PathBuf;

/// Link the actors of JSONL records: `{"id","text","date"?}` in,
/// `{"id","actors":[{"text","start","end","entity","code","sector"}]}` out.
#[derive(Debug, Args)]
pub struct ActorsArgs {
    /// Input JSONL file (`-` for standard input).
    #[arg(long)]
    pub jsonl: PathBuf,
    /// Output file (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Rebuild the gazetteer from the Phoenix dictionaries and the hand-written tables.
#[derive(Debug, Args)]
pub struct BuildGazetteerArgs {
    /// Folder with Phoenix.{Countries,International,MilNonState}.actors.txt and Phoenix.agents.txt.
    #[arg(long)]
    pub phoenix: PathBuf,
    /// Folder with countries.tsv, metonyms.tsv, entities.tsv, people.tsv.
    #[arg(long, default_value = "models/actors/src")]
    pub tables: PathBuf,
    /// Output (gzip-compressed JSON).
    #[arg(long, default_value = "models/actors/gazetteer.json.gz")]
    pub out: PathBuf,
}

/// Evaluate actor linking: PLOVER country codes, GUM Wikipedia identities, throughput.
#[derive(Debug, Args)]
pub struct EvalActorsArgs {
    /// PLOVER gold JSONL (text, source/target actors with text and code).
    #[arg(long)]
    pub plover: Option<PathBuf>,
    /// Folder of GUM CoNLL-U files with `Entity=` annotations.
    #[arg(long)]
    pub gum: Option<PathBuf>,
    /// Text files (or folders of them) to measure linking speed on.
    #[arg(long, num_args = 1..)]
    pub speed: Vec<PathBuf>,
    /// Print the PLOVER misses.
    #[arg(long)]
    pub misses: bool,
    /// Print reports as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Run `chronicle actors`.
pub fn run_actors(args: ActorsArgs) -> Result<()> {
    let g = Gazetteer::load()?;
    let name = args.jsonl.display().to_string();
    let input: Box<dyn std::io::BufRead> = if name == "-" {
        Box::new(BufReader::new(std::io::stdin().lock()))
    } else {
        let f = std::fs::File::open(&args.jsonl).with_context(|| format!("opening {name}"))?;
        Box::new(BufReader::new(f))
    };
    let out: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let t0 = std::time::Instant::now();
    let stats = jsonl::run(g, input, out, &name)?;
    let secs = t0.elapsed().as_secs_f64().max(1e-9);
    eprintln!(
        "{} records linked, {} rejected, {} actors; {:.1} MB/s",
        stats.records,
        stats.errors,
        stats.actors,
        stats.bytes as f64 / secs / 1e6
    );
    Ok(())
}

/// Run `chronicle build-gazetteer`.
pub fn run_build_gazetteer(args: BuildGazetteerArgs) -> Result<()> {
    let data = build::build(&args.phoenix, &args.tables)?;
    let size = build::write_gz(&data, &args.out)?;
    let g = Gazetteer::from_data(data)?;
    println!(
        "wrote {}: {} entities, {} bytes",
        args.out.display(),
        g.len(),
        size
    );
    Ok(())
}

fn texts(paths: &[PathBuf]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("reading {}", p.display()))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            for f in files {
                out.push(
                    std::fs::read_to_string(&f)
                        .with_context(|| format!("reading {}", f.display()))?,
                );
            }
        } else {
            out.push(
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
            );
        }
    }
    Ok(out)
}

/// Run `chronicle eval-actors`.
pub fn run_eval_actors(args: EvalActorsArgs) -> Result<()> {
    if args.plover.is_none() && args.gum.is_none() && args.speed.is_empty() {
        bail!("give --plover FILE, --gum DIR and/or --speed PATH...");
    }
    let g = Gazetteer::load()?;
    if let Some(p) = &args.plover {
        let r = eval::eval_plover(g, p)?;
        if args.misses {
            for m in &r.misses {
                println!(
                    "MISS {}\t{}\tgold={}\tfound={:?}",
                    m.id, m.text, m.gold, m.found
                );
            }
        }
        if args.json {
            println!("{}", serde_json::to_string(&r)?);
        } else {
            println!(
                "PLOVER {}: {} sentences, {} gold actors; found with the right code: {} ({:.1}%); overlapped at all: {}; code anywhere in the sentence: {} ({:.1}%); gold words not located: {}",
                p.display(), r.sentences, r.gold, r.correct, 100.0 * r.recall(), r.overlapped,
                r.code_only, 100.0 * r.code_only_recall(), r.unlocated
            );
        }
    }
    if let Some(d) = &args.gum {
        let r = eval::eval_gum(g, d)?;
        if args.json {
            println!("{}", serde_json::to_string(&r)?);
        } else {
            println!(
                "GUM {}: {} documents (named mentions with a Wikipedia identity)",
                d.display(),
                r.documents
            );
            for (t, s) in &r.by_type {
                let pct = |a: usize, b: usize| {
                    if b == 0 {
                        0.0
                    } else {
                        100.0 * a as f64 / b as f64
                    }
                };
                println!(
                    "  {t:<13} gold {:>5}  identity in gazetteer {:>5} ({:.1}%)  linked {:>5}  correct {:>5}  precision {:.1}%  recall {:.1}%",
                    s.gold, s.in_gazetteer, pct(s.in_gazetteer, s.gold), s.linked, s.correct,
                    pct(s.correct, s.linked), pct(s.correct, s.gold)
                );
            }
        }
    }
    if !args.speed.is_empty() {
        let t = eval::throughput(g, &texts(&args.speed)?, 20);
        if args.json {
            println!("{}", serde_json::to_string(&t)?);
        } else {
            println!(
                "speed: {} bytes in {:.3} s = {:.1} MB/s, {:.2} M tokens/s; peer (whitespace split + lower-case) {:.3} s; linking/peer {:.2}",
                t.bytes, t.link_secs, t.mb_per_s(), t.tokens_per_s() / 1e6, t.peer_secs, t.ratio()
            );
        }
    }
    Ok(())
}
