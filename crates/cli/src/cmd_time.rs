//! `chronicle` commands for temporal expressions: tag text, re-tag TimeML, score, benchmark.

use std::io::Read;
use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;

/// `chronicle time`: tag plain text and print one JSON object per expression.
#[derive(Debug, Args)]
pub struct TimeArgs {
    /// Text file to read (standard input when absent).
    pub input: Option<PathBuf>,
    /// Document creation time (YYYY-MM-DD) the values are resolved against.
    #[arg(long)]
    pub dct: Option<NaiveDate>,
}

/// `chronicle timeml IN_DIR OUT_DIR`: replace the tags in `<TEXT>` with our TIMEX3 tags.
#[derive(Debug, Args)]
pub struct TimemlArgs {
    /// Folder of `.tml` files (searched recursively).
    pub input: PathBuf,
    /// Folder to write the re-tagged files to (same relative paths).
    pub output: PathBuf,
}

/// `chronicle eval-time GOLD_DIR`: TempEval-3-style scores against gold TimeML.
#[derive(Debug, Args)]
pub struct EvalTimeArgs {
    /// Folder of gold `.tml` files (searched recursively).
    pub gold: PathBuf,
    /// Write one line per error (missed, spurious, extent, type, value) to this file.
    #[arg(long)]
    pub errors: Option<PathBuf>,
}

/// `chronicle bench-time DIR`: single-thread tagging throughput over `.tml` texts.
#[derive(Debug, Args)]
pub struct BenchTimeArgs {
    /// Folder of `.tml` files (searched recursively).
    pub dir: PathBuf,
    /// Minimum seconds to run.
    #[arg(long, default_value_t = 3.0)]
    pub seconds: f64,
}

/// Runs `chronicle time`.
pub fn run_time(args: TimeArgs) -> anyhow::Result<()> {
    let text = match &args.input {
        Some(p) => {
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?
        }
        None => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("reading standard input")?;
            s
        }
    };
    let out = chronicle_time::annotate_with_warnings(&text, args.dct);
    for w in &out.warnings {
        eprintln!("warning: {w}");
    }
    for e in &out.exprs {
        let span_text = text
            .get(e.span.start as usize..e.span.end as usize)
            .unwrap_or("");
        let mut v = serde_json::to_value(e)?;
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "text".into(),
                serde_json::Value::String(span_text.to_string()),
            );
        }
        println!("{v}");
    }
    Ok(())
}

/// Runs `chronicle timeml`.
pub fn run_timeml(args: TimemlArgs) -> anyhow::Result<()> {
    let report = chronicle_time::timeml::retag_dir(&args.input, &args.output)?;
    for e in &report.skipped {
        eprintln!("skipped: {e}");
    }
    for f in &report.without_dct {
        eprintln!(
            "warning: {}: no <DCT>; relative expressions keep relative or X-filled values",
            f.display()
        );
    }
    eprintln!(
        "wrote {} files to {} ({} skipped)",
        report.written,
        args.output.display(),
        report.skipped.len()
    );
    Ok(())
}

/// Runs `chronicle eval-time`.
pub fn run_eval_time(args: EvalTimeArgs) -> anyhow::Result<()> {
    let report = chronicle_time::timeml::evaluate_dir(&args.gold)?;
    println!("{}", report.summary());
    if let Some(p) = &args.errors {
        std::fs::write(p, report.errors.join("\n"))
            .with_context(|| format!("writing {}", p.display()))?;
    }
    Ok(())
}

/// Runs `chronicle bench-time`.
pub fn run_bench_time(args: BenchTimeArgs) -> anyhow::Result<()> {
    let r = chronicle_time::timeml::bench_dir(&args.dir, args.seconds)?;
    println!(
        "{} docs, {} passes, {} tokens in {:.2}s: {:.0} tokens/s (one thread)",
        r.docs,
        r.passes,
        r.tokens,
        r.seconds,
        r.tokens_per_second()
    );
    Ok(())
}
