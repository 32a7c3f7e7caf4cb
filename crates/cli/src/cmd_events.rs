//! `chronicle` commands for events and statements: code JSONL, write brat attribution
//! standoff, score attribution against gold brat, score event coding on PLOVER JSONL,
//! and time the coder against the annotation it needs.

use std::io::{BufReader, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

/// `chronicle code --jsonl FILE`: code events and statements of `{"id","text","date"?}`
/// lines; one output line per input line on standard output.
#[derive(Debug, Args)]
pub struct CodeArgs {
    /// JSON Lines input (`-` for standard input).
    #[arg(long)]
    pub jsonl: PathBuf,
}

/// `chronicle attribute --brat IN_DIR OUT_DIR`: brat standoff attribution for each `.txt`.
#[derive(Debug, Args)]
pub struct AttributeArgs {
    /// Write brat standoff (`.ann`); the only format for now.
    #[arg(long, default_value_t = true)]
    pub brat: bool,
    /// Folder of `.txt` files.
    pub input: PathBuf,
    /// Folder to write `<name>.ann` files to.
    pub output: PathBuf,
}

/// `chronicle eval-attribution GOLD_DIR`: speaker/cue exact-span F1 and content
/// token-overlap F1 against gold brat (`.txt` + `.ann` pairs).
#[derive(Debug, Args)]
pub struct EvalAttributionArgs {
    /// Folder of gold `.txt` + `.ann` pairs.
    pub gold: PathBuf,
}

/// `chronicle eval-events FILE`: PLOVER category accuracy and source/target code F1.
#[derive(Debug, Args)]
pub struct EvalEventsArgs {
    /// PLOVER JSONL (`text`, `event`, `source`, `target`).
    pub file: PathBuf,
    /// Write one line per miss to this file.
    #[arg(long)]
    pub errors: Option<PathBuf>,
    /// Score only every other record (0-based index even or odd): tune on one half,
    /// check on the other.
    #[arg(long, value_parser = ["even", "odd"])]
    pub split: Option<String>,
}

/// `chronicle bench-events DIR`: time the coder against the time tagger and actor linker
/// it depends on, over the `.txt` files of a folder.
#[derive(Debug, Args)]
pub struct BenchEventsArgs {
    /// Folder of `.txt` articles.
    pub dir: PathBuf,
    /// Passes over the folder.
    #[arg(long, default_value_t = 5)]
    pub passes: usize,
}

/// Runs `chronicle code`.
pub fn run_code(args: CodeArgs) -> anyhow::Result<()> {
    let name = args.jsonl.display().to_string();
    let stdout = std::io::stdout();
    let out = std::io::BufWriter::new(stdout.lock());
    let (n, bad) = if name == "-" {
        chronicle_events::eval::code_jsonl(std::io::stdin().lock(), out, "stdin")?
    } else {
        let f = std::fs::File::open(&args.jsonl).with_context(|| format!("opening {name}"))?;
        chronicle_events::eval::code_jsonl(BufReader::new(f), out, &name)?
    };
    eprintln!("coded {n} records ({bad} with errors)");
    Ok(())
}

/// Runs `chronicle attribute`.
pub fn run_attribute(args: AttributeArgs) -> anyhow::Result<()> {
    let n = chronicle_events::eval::attribute_dir(&args.input, &args.output)?;
    eprintln!("wrote {n} .ann files to {}", args.output.display());
    Ok(())
}

/// Runs `chronicle eval-attribution`.
pub fn run_eval_attribution(args: EvalAttributionArgs) -> anyhow::Result<()> {
    let (s, docs) = chronicle_events::eval::eval_attribution_dir(&args.gold)?;
    println!("documents            {docs}");
    println!("gold attributions    {}", s.gold);
    println!("predicted            {}", s.predicted);
    for (name, p) in [
        ("speaker (exact)", s.source),
        ("cue (exact)", s.cue),
        ("content (tokens)", s.content),
    ] {
        println!(
            "{name:<20} P {:.3}  R {:.3}  F1 {:.3}",
            p.precision(),
            p.recall(),
            p.f1()
        );
    }
    Ok(())
}

/// Runs `chronicle eval-events`.
pub fn run_eval_events(args: EvalEventsArgs) -> anyhow::Result<()> {
    let mut errf = match &args.errors {
        Some(p) => {
            Some(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => None,
    };
    let split = match args.split.as_deref() {
        Some("even") => chronicle_events::eval::Split::Even,
        Some("odd") => chronicle_events::eval::Split::Odd,
        _ => chronicle_events::eval::Split::All,
    };
    let r = chronicle_events::eval::eval_plover_split(
        &args.file,
        errf.as_mut().map(|f| f as &mut dyn Write),
        split,
    )?;
    println!("records              {}", r.records);
    println!("category accuracy    {:.3}", r.accuracy());
    for (name, p) in [("source-code", r.source), ("target-code", r.target)] {
        println!(
            "{name:<20} P {:.3}  R {:.3}  F1 {:.3}",
            p.precision(),
            p.recall(),
            p.f1()
        );
    }
    Ok(())
}

/// Runs `chronicle bench-events`.
pub fn run_bench_events(args: BenchEventsArgs) -> anyhow::Result<()> {
    let mut texts = Vec::new();
    for e in
        std::fs::read_dir(&args.dir).with_context(|| format!("reading {}", args.dir.display()))?
    {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "txt") {
            texts.push(
                std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?,
            );
        }
    }
    anyhow::ensure!(!texts.is_empty(), "no .txt files in {}", args.dir.display());
    let r = chronicle_events::eval::bench(&texts, args.passes.max(1))?;
    println!(
        "articles             {} x {} passes",
        texts.len(),
        args.passes.max(1)
    );
    println!("words                {}", r.words);
    println!(
        "annotation (time + actors)  {:.3} ms/article",
        r.annotate_ms
    );
    println!("coding (events + statements) {:.3} ms/article", r.code_ms);
    println!(
        "coding / annotation  {:.2}",
        r.code_ms / r.annotate_ms.max(1e-9)
    );
    Ok(())
}
