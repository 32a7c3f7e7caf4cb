//! Read-only commands: `articles`, `show`, `search`.

use crate::output::{clip, print_json, Context};
use chronicle_store::{ArticleFilter, ArticleSummary, Store};
use std::process::ExitCode;

/// `--since` / `--until`: a range of days, shared by the listing commands.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DayRange {
    /// Only items dated on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only items dated on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
}

impl DayRange {
    /// Checks that both days, when given, are of the form YYYY-MM-DD.
    pub fn check(&self) -> anyhow::Result<()> {
        check_day("--since", &self.since)?;
        check_day("--until", &self.until)
    }
}

/// `--as-of` and `--json`, shared by the corpus-view commands (`timeline`, `claims`, `ask`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ViewArgs {
    /// Use only articles published up to this day (YYYY-MM-DD): what was known then.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

impl ViewArgs {
    /// Checks that `--as-of`, when given, is of the form YYYY-MM-DD.
    pub fn check(&self) -> anyhow::Result<()> {
        check_day("--as-of", &self.as_of)
    }
}

/// Arguments of `chronicle articles`.
#[derive(clap::Args)]
pub struct ArticlesArgs {
    /// Publication days.
    #[command(flatten)]
    pub days: DayRange,
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

/// Checks that a day flag, when given, is of the form YYYY-MM-DD.
pub fn check_day(flag: &str, value: &Option<String>) -> anyhow::Result<()> {
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
    args.days.check()?;
    let store = Store::open_read_only(&ctx.db)?;
    let rows = store.list_articles(&ArticleFilter {
        since: args.days.since,
        until: args.days.until,
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
    print_layers(&a, &layers);
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

/// Prints an article's statements and events, one line each.
pub fn print_layers(a: &chronicle_core::Article, layers: &chronicle_core::Annotations) {
    let words = |span: chronicle_core::Span| a.slice(span).unwrap_or("").replace('\n', " ");
    if !layers.statements.is_empty() {
        println!("Statements:");
        for (i, st) in layers.statements.iter().enumerate() {
            println!(
                "  [{i}] {} — {} ({:?}{}): {}",
                clip(&words(st.speaker), 40),
                words(st.cue),
                st.stance,
                if st.direct { ", quote" } else { "" },
                clip(&words(st.content), 110)
            );
        }
    }
    if !layers.events.is_empty() {
        println!("Events:");
        for e in &layers.events {
            let actors = |list: &[chronicle_core::Actor]| {
                list.iter()
                    .map(|x| {
                        format!(
                            "{}{}",
                            x.code.as_deref().unwrap_or("?"),
                            x.sector
                                .as_deref()
                                .map(|s| format!("/{s}"))
                                .unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("+")
            };
            println!(
                "  {:<10} {:<12} {} -> {}  date {} ({:?}){}  «{}»",
                e.category,
                format!("{:?}", e.factuality).to_lowercase(),
                actors(&e.source),
                actors(&e.target),
                e.date.as_deref().unwrap_or("?"),
                e.date_basis,
                e.attributed_to
                    .map(|i| format!(", per statement [{i}]"))
                    .unwrap_or_default(),
                clip(&words(e.trigger), 30)
            );
        }
    }
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

/// Arguments of `chronicle entities`.
#[derive(clap::Args)]
pub struct EntitiesArgs {
    /// At most this many entities.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `chronicle entity`.
#[derive(clap::Args)]
pub struct EntityArgs {
    /// Entity id (`country:PRK`, `person:vladimir-putin`) or a name the gazetteer knows.
    pub id: String,
    /// At most this many mentions.
    #[arg(long, default_value_t = 200)]
    pub limit: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `chronicle entities`.
pub fn entities(ctx: &Context, args: EntitiesArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open_read_only(&ctx.db)?;
    let rows = store.entity_counts(args.limit)?;
    if args.json {
        print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:>8} {:>8}  {:<5} {:<6} {:<23}  entity",
        "mentions", "articles", "type", "code", "first – last seen"
    );
    for e in &rows {
        println!(
            "{:>8} {:>8}  {:<5} {:<6} {:<10} – {:<10}  {}",
            e.mentions,
            e.articles,
            e.kind,
            e.code.as_deref().unwrap_or("-"),
            e.first_seen.as_deref().unwrap_or("-"),
            e.last_seen.as_deref().unwrap_or("-"),
            e.entity
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolves a user's entity argument: an id as is, else a name looked up in the
/// gazetteer (the first linked mention of the words).
fn resolve_entity(query: &str) -> anyhow::Result<String> {
    if query.contains(':') {
        return Ok(query.to_string());
    }
    let gazetteer = chronicle_actors::Gazetteer::load()?;
    gazetteer
        .link(query, None)
        .into_iter()
        .find_map(|m| m.entity)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no entity is known by the name {query:?}; `chronicle entities` lists ids"
            )
        })
}

/// Runs `chronicle entity`.
pub fn entity(ctx: &Context, args: EntityArgs) -> anyhow::Result<ExitCode> {
    let id = resolve_entity(&args.id)?;
    let store = Store::open_read_only(&ctx.db)?;
    let mentions = store.entity_mentions(&id, args.limit)?;
    let known = chronicle_actors::Gazetteer::load()?.entity(&id);
    if known.is_none() && mentions.is_empty() {
        anyhow::bail!("no entity {id:?} in the gazetteer or the database");
    }
    let mut by_month: std::collections::BTreeMap<String, usize> = Default::default();
    for m in &mentions {
        let month = m
            .date
            .as_deref()
            .map(|d| d.chars().take(7).collect())
            .unwrap_or_else(|| "undated".into());
        *by_month.entry(month).or_default() += 1;
    }
    if args.json {
        print_json(&serde_json::json!({
            "id": id,
            "entity": known,
            "mentions_by_month": by_month,
            "mentions": mentions,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{id}");
    if let Some(e) = &known {
        println!(
            "names: {}",
            e.names
                .iter()
                .take(12)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        );
        for r in &e.roles {
            println!(
                "role:  {} {} {}..{} {}",
                r.code,
                r.sector.as_deref().unwrap_or(""),
                r.from.as_deref().unwrap_or(""),
                r.until.as_deref().unwrap_or(""),
                r.title.as_deref().unwrap_or("")
            );
        }
    }
    println!("mentions by month:");
    for (month, n) in &by_month {
        println!("  {month}  {n}");
    }
    println!("mentions:");
    for m in mentions.iter().take(30) {
        println!(
            "  {}  {:<22} {:<18} {} {}",
            m.date.as_deref().unwrap_or("-"),
            clip(m.source.as_deref().unwrap_or("-"), 22),
            clip(&m.text, 18),
            m.code.as_deref().unwrap_or("-"),
            m.sector.as_deref().unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}
