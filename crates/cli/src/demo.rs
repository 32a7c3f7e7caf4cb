//! `chronicle demo`: the bundled demo corpus, ingested into a temporary database, and
//! what Chronicle makes of it. It grows with every capability.

use crate::cmd_ingest::ingest_paths;
use crate::cmd_query::print_table;
use crate::output::{clip, Context};
use chronicle_ingest::ReadOptions;
use chronicle_store::{ArticleFilter, Store};
use include_dir::{include_dir, Dir};
use std::path::PathBuf;
use std::process::ExitCode;

/// The demo corpus, embedded in the binary (`examples/demo/`).
pub(crate) static DEMO: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../examples/demo");

/// Arguments of `chronicle demo`.
#[derive(clap::Args)]
pub struct DemoArgs {
    /// Keep the demo database at this path instead of a temporary file.
    #[arg(long)]
    pub keep: Option<PathBuf>,
}

/// Runs the demo.
pub fn run(ctx: &Context, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let corpus = dir.path().join("demo");
    std::fs::create_dir_all(&corpus)?;
    DEMO.extract(&corpus)?;
    let db = match &args.keep {
        Some(p) => p.clone(),
        None => dir.path().join("demo.db"),
    };
    let mut store = Store::open(&db)?;
    let pipeline = chronicle_pipeline::Pipeline::load()?;
    println!(
        "Chronicle demo: {} files of a developing story, bundled with the binary.",
        DEMO.files().count()
    );
    println!();
    println!("== Ingest ==");
    let quiet = Context {
        db: db.clone(),
        quiet: true,
    };
    let summary = ingest_paths(
        &quiet,
        &mut store,
        Some(&pipeline),
        &[corpus],
        &ReadOptions::default(),
        1000,
    )
    .map_err(|(_, e)| e)?;
    println!(
        "{} articles stored, {} already present, {} inputs failed",
        summary.inserted,
        summary.present,
        summary.failures.len()
    );
    for f in &summary.failures {
        println!(
            "  not read: {}",
            f.replace(&dir.path().display().to_string(), "<demo>")
        );
    }
    println!();
    println!("== Articles by publication date ==");
    let rows = store.list_articles(&ArticleFilter::default())?;
    print_table(&rows);
    println!();
    println!("== Dates resolved against each article's publication date (first 12) ==");
    let mut shown = 0;
    for row in &rows {
        let id = chronicle_core::ArticleId(row.id.clone());
        let (Some(article), layers) = (store.get_article(&row.id)?, store.annotations(&id)?) else {
            continue;
        };
        for t in &layers.timexes {
            if shown == 12 {
                break;
            }
            let phrase = article.slice(t.span).unwrap_or("");
            println!(
                "{}  {:<24} -> {:<12} ({})",
                row.date.as_deref().unwrap_or("-"),
                clip(phrase, 24),
                t.value,
                clip(row.source.as_deref().unwrap_or("-"), 20)
            );
            shown += 1;
        }
    }
    println!();
    crate::cmd_link::demo(&db, "Is Iran supplying missiles to Russia?")?;
    println!();
    let query = "Nasirzadeh Moscow";
    println!("== Full-text search: {query:?} ==");
    for h in store.search(query, 5, false)? {
        println!(
            "{}  {}  {}",
            h.article.date.as_deref().unwrap_or("-"),
            h.article.source.as_deref().unwrap_or("-"),
            clip(h.article.title.as_deref().unwrap_or("-"), 80)
        );
        println!("    {}", clip(&h.snippet.replace('\n', " "), 160));
    }
    println!();
    match &args.keep {
        Some(p) => println!(
            "Database kept at {}: try `chronicle --db {} articles` or `... search Kremlin`.",
            p.display(),
            p.display()
        ),
        None => println!(
            "Try it on your own files: `chronicle ingest PATH` then `chronicle search WORDS`."
        ),
    }
    let _ = ctx;
    Ok(ExitCode::SUCCESS)
}
