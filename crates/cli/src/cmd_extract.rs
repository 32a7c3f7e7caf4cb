//! `chronicle extract`: main text and metadata of saved pages, crawls, feeds and
//! flattened text, printed as text or as one JSON object in the benchmark format
//! (`{id: {"title", "author", "date", "articleBody"}}`).

use anyhow::Context;
use chronicle_extract::{extract_file, feed::read_feed, file_id, read_maybe_gz, warc::open_warc};
use clap::Args;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// `chronicle extract PATH...`: extract articles from `.html`, `.html.gz`, `.txt`
/// (plain-text cleaning), `.warc`/`.warc.gz` and `.rss`/`.atom`/`.xml` feeds.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders (folders are searched recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print one JSON object keyed by file name (without `.html.gz`/`.html`/`.txt`).
    #[arg(long)]
    pub json: bool,
}

fn collect(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = paths.iter().rev().cloned().collect();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            match std::fs::read_dir(&p) {
                Ok(rd) => {
                    let mut kids: Vec<PathBuf> =
                        rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
                    kids.sort();
                    stack.extend(kids.into_iter().rev());
                }
                Err(e) => eprintln!("{}: cannot list folder: {e}", p.display()),
            }
        } else {
            out.push(p);
        }
    }
    out
}

fn record(
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
    body: &str,
) -> Value {
    json!({"title": title, "author": author, "date": date, "articleBody": body})
}

fn lower_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Runs `chronicle extract`.
pub fn run_extract(args: ExtractArgs) -> anyhow::Result<()> {
    let mut out = Map::new();
    let mut failed = 0usize;
    let files = collect(&args.paths);
    for path in &files {
        let name = lower_name(path);
        let id = file_id(path);
        if name.ends_with(".warc") || name.ends_with(".warc.gz") {
            let reader = match open_warc(path) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("{}: {e}", path.display());
                    failed += 1;
                    continue;
                }
            };
            let mut reader = reader;
            let mut n = 0usize;
            for item in reader.by_ref() {
                match item {
                    Ok(page) => {
                        n += 1;
                        let ex = page.extracted;
                        let key = page
                            .target_uri
                            .clone()
                            .unwrap_or_else(|| format!("{id}#{n}"));
                        let body = if ex.is_article { ex.text.as_str() } else { "" };
                        if !ex.is_article {
                            eprintln!("{key}: not an article, body left empty");
                        }
                        emit(
                            &mut out,
                            args.json,
                            key,
                            record(ex.title.clone(), ex.author.clone(), ex.date_ymd(), body),
                        );
                    }
                    Err(e) => {
                        eprintln!("{}: {e}", path.display());
                        failed += 1;
                    }
                }
            }
            eprintln!(
                "{}: {} pages, {} other records skipped, {} errors",
                path.display(),
                reader.stats.pages,
                reader.stats.skipped,
                reader.stats.errors
            );
            continue;
        }
        if name.ends_with(".rss") || name.ends_with(".atom") || name.ends_with(".xml") {
            let items = read_maybe_gz(path).and_then(|b| read_feed(&b));
            match items {
                Ok(items) => {
                    for (i, it) in items.into_iter().enumerate() {
                        let key = it.url.clone().unwrap_or_else(|| format!("{id}#{}", i + 1));
                        if it.summary_only {
                            eprintln!("{key}: feed item has only a summary");
                        }
                        let date = it.date.as_ref().map(|d| d.value.chars().take(10).collect());
                        emit(
                            &mut out,
                            args.json,
                            key,
                            record(it.title, it.author, date, &it.text),
                        );
                    }
                }
                Err(e) => {
                    eprintln!("{}: {e}", path.display());
                    failed += 1;
                }
            }
            continue;
        }
        match extract_file(path) {
            Ok(ex) => {
                let body = if ex.is_article {
                    ex.text.as_str()
                } else {
                    eprintln!(
                        "{}: not an article ({}), body left empty",
                        path.display(),
                        ex.notes.join("; ")
                    );
                    ""
                };
                emit(
                    &mut out,
                    args.json,
                    id,
                    record(ex.title.clone(), ex.author.clone(), ex.date_ymd(), body),
                );
            }
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                failed += 1;
            }
        }
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&Value::Object(out)).context("writing JSON")?
        );
    }
    if failed > 0 {
        eprintln!("{failed} of {} inputs had errors", files.len());
    }
    Ok(())
}

fn emit(out: &mut Map<String, Value>, as_json: bool, key: String, v: Value) {
    if as_json {
        out.insert(key, v);
        return;
    }
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    println!("# {key}");
    println!("title:  {}", s("title"));
    println!("author: {}", s("author"));
    println!("date:   {}", s("date"));
    println!();
    println!("{}", s("articleBody"));
    println!();
}
