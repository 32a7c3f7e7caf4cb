//! `chronicle ingest`: read inputs, store articles in batches, report.

use crate::output::Context;
use anyhow::Context as _;
use chronicle_core::{Article, PubDate};
use chronicle_ingest::{read_path, read_stdin, IngestError, ReadOptions};
use chronicle_pipeline::Pipeline;
use chronicle_store::{InsertOutcome, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `chronicle ingest`.
#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or folders to read (folders recursively); `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Publication date for inputs that carry none (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<String>,
    /// Outlet name for inputs that carry none.
    #[arg(long)]
    pub source: Option<String>,
    /// Articles per database transaction.
    #[arg(long, default_value_t = 1000)]
    pub batch: usize,
    /// Largest accepted article, in bytes (a file, or one JSON Lines record).
    #[arg(long, default_value_t = 20 * 1024 * 1024)]
    pub max_bytes: u64,
    /// Store the articles only, without running the annotation pipeline.
    #[arg(long)]
    pub no_annotate: bool,
}

/// Counts of what an ingest did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IngestSummary {
    /// Newly stored.
    pub inserted: usize,
    /// Already stored before.
    pub present: usize,
    /// Records that failed, with reasons.
    pub failures: Vec<String>,
}

/// Runs `chronicle ingest`.
pub fn run(ctx: &Context, args: IngestArgs) -> anyhow::Result<ExitCode> {
    let date = match &args.date {
        Some(d) => Some(PubDate::parse(d).with_context(|| "bad --date")?),
        None => None,
    };
    let options = ReadOptions {
        date,
        source: args.source.clone(),
        max_bytes: args.max_bytes,
    };
    let mut store = Store::open(&ctx.db)?;
    let pipeline = if args.no_annotate {
        None
    } else {
        Some(Pipeline::load()?)
    };
    let started = Instant::now();
    let summary = ingest_paths(
        ctx,
        &mut store,
        pipeline.as_ref(),
        &args.paths,
        &options,
        args.batch.max(1),
    );
    let summary = match summary {
        Ok(s) => s,
        Err((s, e)) => {
            report(ctx, &s, started);
            return Err(e.context(format!(
                "ingest stopped after {} new articles (everything stored before stays)",
                s.inserted
            )));
        }
    };
    report(ctx, &summary, started);
    if summary.inserted + summary.present == 0 {
        eprintln!("error: nothing could be ingested");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn report(ctx: &Context, s: &IngestSummary, started: Instant) {
    if ctx.quiet {
        return;
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "ingested {} new, {} already present, {} failed in {:.2} s",
        s.inserted,
        s.present,
        s.failures.len(),
        secs
    );
    if !s.failures.is_empty() {
        eprintln!("failures:");
        for f in s.failures.iter().take(50) {
            eprintln!("  {f}");
        }
        if s.failures.len() > 50 {
            eprintln!("  … and {} more", s.failures.len() - 50);
        }
    }
}

/// Reads every path and stores what it reads in batches, annotating new articles with
/// `pipeline` (in parallel) when one is given. On a store error the batch in flight is
/// not written (its transaction rolls back) and the error is returned with the counts
/// so far.
pub fn ingest_paths(
    ctx: &Context,
    store: &mut Store,
    pipeline: Option<&Pipeline>,
    paths: &[PathBuf],
    options: &ReadOptions,
    batch_size: usize,
) -> Result<IngestSummary, (IngestSummary, anyhow::Error)> {
    let bar = if ctx.show_progress() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} articles read ({per_sec}) {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut summary = IngestSummary::default();
    let mut batch: Vec<Article> = Vec::with_capacity(batch_size);
    let mut flush = |batch: &mut Vec<Article>, summary: &mut IngestSummary| -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let outcomes = match pipeline {
            None => store.insert_articles(batch)?,
            Some(p) => {
                // Annotate only what is not stored yet: re-runs cost no NLP time.
                let mut fresh = Vec::with_capacity(batch.len());
                for a in batch.iter() {
                    fresh.push(!store.contains(&a.id)?);
                }
                let todo: Vec<&Article> = batch
                    .iter()
                    .zip(&fresh)
                    .filter(|(_, f)| **f)
                    .map(|(a, _)| a)
                    .collect();
                let layers = p.annotate_batch(&todo);
                let mut layers = layers.iter();
                let items: Vec<_> = batch
                    .iter()
                    .zip(&fresh)
                    .map(|(a, f)| (a, if *f { layers.next() } else { None }))
                    .collect();
                store.insert_annotated(items)?
            }
        };
        for o in outcomes {
            match o {
                InsertOutcome::Inserted => summary.inserted += 1,
                InsertOutcome::AlreadyPresent => summary.present += 1,
            }
        }
        batch.clear();
        Ok(())
    };
    for path in paths {
        let records: Box<dyn Iterator<Item = Result<Article, IngestError>>> =
            if path.as_os_str() == "-" {
                Box::new(read_stdin(options).into_iter())
            } else {
                Box::new(read_path(path, options))
            };
        for record in records {
            bar.inc(1);
            match record {
                Ok(article) => {
                    batch.push(article);
                    if batch.len() >= batch_size {
                        if let Err(e) = flush(&mut batch, &mut summary) {
                            bar.finish_and_clear();
                            return Err((summary, e));
                        }
                    }
                }
                Err(e) => {
                    let line = e.to_string();
                    if !ctx.quiet {
                        bar.suspend(|| eprintln!("skipped: {line}"));
                    }
                    summary.failures.push(line);
                }
            }
        }
    }
    let result = flush(&mut batch, &mut summary);
    bar.finish_and_clear();
    match result {
        Ok(()) => Ok(summary),
        Err(e) => Err((summary, e)),
    }
}
