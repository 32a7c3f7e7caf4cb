//! Read-only commands: `articles`, `show`, `search`.

use crate::output::{clip, print_json, Context};
use chronicle_store::{ArticleFilter, ArticleSummary, Store};
use std::process::ExitCode;

/// Arguments of `chronicle articles`.
#[derive(clap::Args)]
pub struct ArticlesArgs {
    /// Only articles published on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Only articles from this outlet (case-insensitive).
    #[arg(long)]
    pub source: Option<String>,
    /// At most this many articles.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `chronicle show`.
#[derive(clap::Args)]
pub struct ShowArgs {
    /// Article id, or a unique prefix of at least 4 characters.
    pub id: String,
    /// Print the article as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `chronicle search`.
#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words to find (all must occur); "quoted phrases" match as phrases.
    pub query: String,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Pass the query to SQLite FTS5 unchanged (OR, NOT, NEAR, prefix*).
    #[arg(long)]
    pub raw: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

fn check_day(flag: &str, value: &Option<String>) -> anyhow::Result<()> {
    if let Some(v) = value {
        if chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_err() {
            anyhow::bail!("{flag} {v:?} is not a date of the form YYYY-MM-DD");
        }
    }
    Ok(())
}

/// Prints a table of articles.
pub fn print_table(rows: &[ArticleSummary]) {
    for a in rows {
        println!(
            "{:<10}  {:<16}  {:<22}  {}",
            a.date.as_deref().unwrap_or("(no date)"),
            a.id,
            clip(a.source.as_deref().unwrap_or("-"), 22),
            clip(a.title.as_deref().unwrap_or("(untitled)"), 90)
        );
    }
}

/// Runs `chronicle articles`.
pub fn articles(ctx: &Context, args: ArticlesArgs) -> anyhow::Result<ExitCode> {
    check_day("--since", &args.since)?;
    check_day("--until", &args.until)?;
    let store = Store::open_read_only(&ctx.db)?;
    let rows = store.list_articles(&ArticleFilter {
        since: args.since,
        until: args.until,
        source: args.source,
        limit: args.limit,
    })?;
    if args.json {
        print_json(&rows)?;
    } else {
        print_table(&rows);
        if !ctx.quiet {
            eprintln!("{} articles", rows.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `chronicle show`.
pub fn show(ctx: &Context, args: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open_read_only(&ctx.db)?;
    let Some(a) = store.get_article(&args.id)? else {
        anyhow::bail!(
            "no single article has id {:?} (give the full id or a unique prefix of 4+ characters; `chronicle articles` lists them)",
            args.id
        );
    };
    let layers = store.annotations(&a.id)?;
    if args.json {
        let mut value = serde_json::to_value(&a)?;
        if let Some(obj) = value.as_object_mut() {
            obj.insert("annotations".into(), serde_json::to_value(&layers)?);
        }
        print_json(&value)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", a.title.as_deref().unwrap_or("(untitled)"));
    let date = a.published.as_ref().map(|d| d.date_string());
    println!(
        "{} · {} · {}",
        date.as_deref().unwrap_or("(no date)"),
        a.source.as_deref().unwrap_or("(unknown source)"),
        a.byline.as_deref().unwrap_or("(no byline)")
    );
    if let Some(url) = &a.url {
        println!("{url}");
    }
    println!(
        "id {} · read by {} from {}",
        a.id, a.ingest.reader, a.ingest.input
    );
    println!();
    for p in &a.paragraphs {
        if let Some(t) = a.slice(*p) {
            println!("{t}\n");
        }
    }
    if !layers.timexes.is_empty() {
        println!("Time expressions:");
        for t in &layers.timexes {
            println!(
                "  {:<28} {:?} {}",
                clip(a.slice(t.span).unwrap_or(""), 28),
                t.kind,
                t.value
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `chronicle search`.
pub fn search(ctx: &Context, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open_read_only(&ctx.db)?;
    let hits = store.search(&args.query, args.limit, args.raw)?;
    if args.json {
        print_json(&hits)?;
    } else {
        for h in &hits {
            println!(
                "{}  {}  {}  {}",
                h.article.date.as_deref().unwrap_or("(no date)"),
                h.article.id,
                h.article.source.as_deref().unwrap_or("-"),
                h.article.title.as_deref().unwrap_or("(untitled)")
            );
            println!("    {}", h.snippet.replace('\n', " "));
        }
        if !ctx.quiet {
            eprintln!("{} matching articles", hits.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}
