//! Linking and the questions it answers: `link`, `timeline`, `claims`, `ask`,
//! `stories`, `story`, `export`. The linking itself lives in `chronicle-link`; the
//! linkage tables and corpus reads in `chronicle_store::linkage`; this module moves
//! values between them and prints.

use crate::cmd_query::{DayRange, ViewArgs};
use crate::output::{clip, print_json, Context};
use chronicle_link::ask::{answer, parse_question, Answer, Evidence, NameTable, StatementRecord};
use chronicle_link::eval::{score, LinkScore, Truth};
use chronicle_link::export::{parquet_rows, Exporter, Format, GDELT_COLUMNS};
use chronicle_link::{
    label, DupGroup, DupMember, EventCluster, LinkConfig, LinkResult, Linker, Outcome, Story,
};
use chronicle_store::linkage::{
    ClusterFilter, ClusterRow, DupRow, LinkRows, LinkStore, StatementFilter, StoryRow,
};
use chronicle_store::Store;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `chronicle link`.
#[derive(clap::Args)]
pub struct LinkArgs {
    /// Re-link even when the corpus has not changed since the last run.
    #[arg(long)]
    pub force: bool,
    /// Print the run's figures as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `chronicle timeline`.
#[derive(clap::Args)]
pub struct TimelineArgs {
    /// Only events with this actor (a code such as RUS, or a name such as "North Korea"); repeatable.
    #[arg(long)]
    pub actor: Vec<String>,
    /// Only events of this story (id or unique prefix).
    #[arg(long)]
    pub story: Option<String>,
    /// Event dates (else first-report days).
    #[command(flatten)]
    pub days: DayRange,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
    /// What was known when, and the output format.
    #[command(flatten)]
    pub view: ViewArgs,
}

/// Arguments of `chronicle claims`.
#[derive(clap::Args)]
pub struct ClaimsArgs {
    /// Only statements by this speaker (code, entity id, or words of the speaker).
    #[arg(long)]
    pub actor: Option<String>,
    /// Only statements whose content contains these words.
    #[arg(long)]
    pub about: Option<String>,
    /// At most this many statements.
    #[arg(long)]
    pub limit: Option<usize>,
    /// What was known when, and the output format.
    #[command(flatten)]
    pub view: ViewArgs,
}

/// Arguments of `chronicle ask`.
#[derive(clap::Args)]
pub struct AskArgs {
    /// The question, e.g. "Is North Korea supplying weapons to Russia?".
    pub question: String,
    /// What was known when, and the output format.
    #[command(flatten)]
    pub view: ViewArgs,
}

/// Arguments of `chronicle stories`.
#[derive(clap::Args)]
pub struct StoriesArgs {
    /// At most this many stories (largest first).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `chronicle story`.
#[derive(clap::Args)]
pub struct StoryArgs {
    /// Story id or unique prefix.
    pub id: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `chronicle export`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// jsonl, parquet or gdelt.
    #[arg(long)]
    pub format: String,
    /// Output folder (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Print what was written as JSON.
    #[arg(long)]
    pub json: bool,
}

fn to_rows(r: &LinkResult, articles: usize, fingerprint: String) -> anyhow::Result<LinkRows> {
    let mut rows = LinkRows {
        articles,
        fingerprint,
        ..Default::default()
    };
    for c in &r.clusters {
        rows.clusters.push(ClusterRow {
            id: c.id.clone(),
            category: c.category.clone(),
            date: c.date.clone(),
            first_reported: c.summary.first_reported.clone(),
            anticipated: c.anticipated,
            story: c.story.clone(),
            reports: c.summary.reports,
            sources: c.summary.sources.len(),
            source_codes: c.source_codes.clone(),
            target_codes: c.target_codes.clone(),
            mentions: c
                .mentions
                .iter()
                .map(|m| (m.article.clone(), m.event_index, m.published.clone()))
                .collect(),
            data: serde_json::to_string(c)?,
        });
    }
    for s in &r.stories {
        rows.stories.push(StoryRow {
            id: s.id.clone(),
            title: s.title.clone(),
            first: s.first.clone(),
            last: s.last.clone(),
            articles: s.articles.clone(),
            data: serde_json::to_string(s)?,
        });
    }
    for g in &r.dup_groups {
        for m in &g.members {
            rows.dups.push(DupRow {
                article: m.article.clone(),
                group: g.id.clone(),
                original: g.original.clone(),
                exact: m.exact,
                similarity: f64::from(m.similarity),
            });
        }
    }
    for o in &r.outcomes {
        rows.outcomes.push((
            o.anticipated.clone(),
            o.realised.clone(),
            serde_json::to_string(o)?,
        ));
    }
    Ok(rows)
}

/// Figures of one link run.
#[derive(serde::Serialize)]
struct LinkReport {
    articles: usize,
    dup_groups: usize,
    clusters: usize,
    multi_report_clusters: usize,
    stories: usize,
    outcomes: usize,
    seconds: f64,
    up_to_date: bool,
}

/// Links the whole store (used by `chronicle link` and the demo). Returns the figures.
pub fn link_store(db: &Path, force: bool) -> anyhow::Result<(LinkResult, f64, bool)> {
    if !db.exists() {
        anyhow::bail!(
            "no database at {} (run `chronicle ingest` first, or pass --db)",
            db.display()
        );
    }
    drop(Store::open(db)?); // applies pending migrations
    let mut ls = LinkStore::open(db)?;
    let fingerprint = ls.fingerprint()?;
    if !force && ls.last_fingerprint()?.as_deref() == Some(fingerprint.as_str()) {
        return Ok((stored_result(&ls)?, 0.0, true));
    }
    let started = Instant::now();
    let mut linker = Linker::new(LinkConfig::default());
    ls.for_each_article::<anyhow::Error>(None, |a| {
        linker.add(&a);
        Ok(())
    })?;
    let n = linker.len();
    let result = linker.finish();
    let rows = to_rows(&result, n, fingerprint)?;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    ls.save(&rows, &now)?;
    Ok((result, started.elapsed().as_secs_f64(), false))
}

/// Reads the saved linkage back.
fn stored_result(ls: &LinkStore) -> anyhow::Result<LinkResult> {
    let clusters: Vec<EventCluster> = ls
        .clusters(&ClusterFilter::default())?
        .iter()
        .map(|s| serde_json::from_str(s))
        .collect::<Result<_, _>>()?;
    let stories: Vec<Story> = ls
        .stories(None)?
        .iter()
        .map(|s| serde_json::from_str(s))
        .collect::<Result<_, _>>()?;
    let outcomes: Vec<Outcome> = ls
        .outcomes()?
        .iter()
        .map(|s| serde_json::from_str(s))
        .collect::<Result<_, _>>()?;
    let mut groups: BTreeMap<String, DupGroup> = BTreeMap::new();
    for d in ls.dups()? {
        let g = groups.entry(d.group.clone()).or_insert_with(|| DupGroup {
            id: d.group.clone(),
            original: d.original.clone(),
            members: Vec::new(),
        });
        g.members.push(DupMember {
            article: d.article.clone(),
            source: None,
            published: None,
            exact: d.exact,
            similarity: d.similarity as f32,
        });
    }
    let article_stories = stories
        .iter()
        .flat_map(|s| {
            s.articles
                .iter()
                .map(|a| (a.clone(), s.id.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    Ok(LinkResult {
        dup_groups: groups.into_values().collect(),
        clusters,
        stories,
        outcomes,
        article_stories,
    })
}

/// Runs `chronicle link`.
pub fn link(ctx: &Context, args: LinkArgs) -> anyhow::Result<ExitCode> {
    let (r, seconds, up_to_date) = link_store(&ctx.db, args.force)?;
    let report = LinkReport {
        articles: r.article_stories.len(),
        dup_groups: r.dup_groups.len(),
        clusters: r.clusters.len(),
        multi_report_clusters: r
            .clusters
            .iter()
            .filter(|c| c.summary.independent_reports > 1)
            .count(),
        stories: r.stories.len(),
        outcomes: r.outcomes.len(),
        seconds,
        up_to_date,
    };
    if args.json {
        print_json(&report)?;
    } else if !ctx.quiet {
        if up_to_date {
            println!(
                "linkage is up to date (nothing changed since the last run; --force re-links)"
            );
        }
        println!(
            "{} articles: {} near-duplicate groups, {} event clusters ({} reported by more than one text), {} stories, {} outcomes{}",
            report.articles,
            report.dup_groups,
            report.clusters,
            report.multi_report_clusters,
            report.stories,
            report.outcomes,
            if up_to_date { String::new() } else { format!(" in {seconds:.2} s") }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Names → codes: the built-in table plus every coded mention in the corpus.
fn names(ls: &LinkStore) -> anyhow::Result<NameTable> {
    let mut t = NameTable::builtin();
    for (text, code, _) in ls.mention_names()? {
        t.add(&text, &code);
    }
    Ok(t)
}

fn resolve_actor(t: &NameTable, a: &str) -> anyhow::Result<String> {
    let s = a.trim();
    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
        return Ok(s.to_string());
    }
    t.code(s)
        .or_else(|| t.find(s).first().map(|x| x.code.clone()))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "unknown actor {s:?}: give a code (e.g. RUS) or a name that occurs in the corpus"
            )
        })
}

/// Runs `chronicle timeline`.
pub fn timeline(ctx: &Context, args: TimelineArgs) -> anyhow::Result<ExitCode> {
    args.days.check()?;
    args.view.check()?;
    let ls = LinkStore::open_read_only(&ctx.db)?;
    let table = names(&ls)?;
    let codes = args
        .actor
        .iter()
        .map(|a| resolve_actor(&table, a))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let filter = ClusterFilter {
        codes: codes.clone(),
        story: args.story.clone(),
        since: args.days.since.clone(),
        until: args.days.until.clone(),
        as_of: args.view.as_of.clone(),
        limit: None,
    };
    let mut clusters = Vec::new();
    for json in ls.clusters(&filter)? {
        let c: EventCluster = serde_json::from_str(&json)?;
        // With several actors, every one must take part.
        if !codes.iter().all(|code| c.codes().any(|x| x == code)) {
            continue;
        }
        let c = match &args.view.as_of {
            Some(d) => match c.as_of(d) {
                Some(c) => c,
                None => continue,
            },
            None => c,
        };
        clusters.push(c);
        if args.limit.is_some_and(|l| clusters.len() >= l) {
            break;
        }
    }
    if args.view.json {
        print_json(&clusters)?;
        return Ok(ExitCode::SUCCESS);
    }
    if clusters.is_empty() {
        println!("no events match");
    }
    for c in &clusters {
        print_cluster(c);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_cluster(c: &EventCluster) {
    let s = &c.summary;
    let date = c
        .date
        .clone()
        .unwrap_or_else(|| format!("~{}", s.first_reported.as_deref().unwrap_or("?")));
    println!(
        "{:<11} {}{}  [{} report{}, {} source{}, first reported {}, {}]",
        date,
        label(c),
        if c.anticipated { " (anticipated)" } else { "" },
        s.reports,
        if s.reports == 1 { "" } else { "s" },
        s.sources.len(),
        if s.sources.len() == 1 { "" } else { "s" },
        s.first_reported.as_deref().unwrap_or("?"),
        s.agreement
            .map(|a| format!("{a:?}").to_lowercase())
            .unwrap_or_default()
    );
    let also = c.other_categories();
    if !also.is_empty() {
        println!("            also reported as {}", also.join(", "));
    }
    if let Some(m) = c.mentions.first() {
        println!(
            "            {}",
            clip(&m.sentence_text.replace('\n', " "), 150)
        );
    }
}

/// Runs `chronicle claims`.
pub fn claims(ctx: &Context, args: ClaimsArgs) -> anyhow::Result<ExitCode> {
    args.view.check()?;
    let ls = LinkStore::open_read_only(&ctx.db)?;
    let speaker = match &args.actor {
        Some(a) => {
            let t = names(&ls)?;
            Some(resolve_actor(&t, a).unwrap_or_else(|_| a.clone()))
        }
        None => None,
    };
    let rows = ls.statements(&StatementFilter {
        speaker,
        about: args.about.clone(),
        as_of: args.view.as_of.clone(),
        limit: args.limit,
    })?;
    let mut groups: BTreeMap<(String, String), Vec<&StatementRecord>> = BTreeMap::new();
    for r in &rows {
        let who = match &r.speaker_code {
            Some(c) => format!("{} ({c})", r.speaker),
            None => r.speaker.clone(),
        };
        groups
            .entry((who, stance_name(r.stance)))
            .or_default()
            .push(r);
    }
    if args.view.json {
        #[derive(serde::Serialize)]
        struct Group<'a> {
            speaker: &'a str,
            stance: &'a str,
            statements: &'a [&'a StatementRecord],
        }
        let out: Vec<Group> = groups
            .iter()
            .map(|((s, st), v)| Group {
                speaker: s,
                stance: st,
                statements: v,
            })
            .collect();
        print_json(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if groups.is_empty() {
        println!("no statements match");
    }
    for ((who, stance), v) in &groups {
        println!("{who} — {stance} ({})", v.len());
        for r in v {
            println!(
                "  {}  {:<18} {} {}",
                r.published.as_deref().unwrap_or("(no date)"),
                clip(r.source.as_deref().unwrap_or("-"), 18),
                r.cue,
                clip(&r.content.replace('\n', " "), 130)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The snake_case name of a stance (`decline_to_confirm`).
fn stance_name(s: chronicle_core::Stance) -> String {
    match serde_json::to_value(s) {
        Ok(serde_json::Value::String(n)) => n,
        _ => format!("{s:?}"),
    }
}

/// Answers a question from the store (used by `chronicle ask` and the demo).
pub fn ask_store(db: &Path, question: &str, as_of: Option<&str>) -> anyhow::Result<Answer> {
    let ls = LinkStore::open_read_only(db)?;
    let table = names(&ls)?;
    let q = parse_question(question, &table);
    if q.actors.is_empty() && q.category.is_none() {
        anyhow::bail!(
            "cannot read {question:?}: it names no actor known to the corpus and no kind of event (try e.g. \"Is Iran supplying missiles to Russia?\")"
        );
    }
    let filter = ClusterFilter {
        codes: q
            .actors
            .first()
            .map(|a| vec![a.code.clone()])
            .unwrap_or_default(),
        as_of: as_of.map(str::to_string),
        ..Default::default()
    };
    let mut clusters = Vec::new();
    for json in ls.clusters(&filter)? {
        let c: EventCluster = serde_json::from_str(&json)?;
        let c = match as_of {
            Some(d) => match c.as_of(d) {
                Some(c) => c,
                None => continue,
            },
            None => c,
        };
        clusters.push(c);
    }
    let statements = ls.statements(&StatementFilter {
        as_of: as_of.map(str::to_string),
        ..Default::default()
    })?;
    Ok(answer(q, &clusters, &statements, &table))
}

fn print_evidence(title: &str, lines: &[Evidence], limit: usize) {
    println!("{title} ({})", lines.len());
    if lines.len() > limit {
        println!(
            "  (first {limit} of {}; `chronicle ask` prints them all)",
            lines.len()
        );
    }
    for e in lines.iter().take(limit) {
        let who = match (&e.speaker, &e.speaker_code) {
            (Some(s), Some(c)) => format!("{s} ({c})"),
            (Some(s), None) => s.clone(),
            _ => "(unattributed)".into(),
        };
        println!(
            "  {}  {:<18} {:<24} {}",
            e.published.as_deref().unwrap_or("(no date)"),
            clip(e.source.as_deref().unwrap_or("-"), 18),
            clip(&who, 24),
            clip(&e.sentence.replace('\n', " "), 120)
        );
    }
}

/// Prints an answer as text, at most `limit` lines per side.
pub fn print_answer(a: &Answer, limit: usize) {
    let actors: Vec<String> = a
        .question
        .actors
        .iter()
        .map(|x| format!("{} = {}", x.name, x.code))
        .collect();
    println!(
        "Question read as: actors [{}], category {}, keywords [{}]",
        actors.join(", "),
        a.question.category.as_deref().unwrap_or("(any)"),
        a.question.keywords.join(", ")
    );
    print_evidence("FOR (asserted)", &a.for_, limit);
    print_evidence("AGAINST (denied)", &a.against, limit);
    print_evidence(
        "UNCONFIRMED (declined to confirm / uncertain)",
        &a.unconfirmed,
        limit,
    );
    println!("Summary: {}", a.summary);
}

/// Runs `chronicle ask`.
pub fn ask(ctx: &Context, args: AskArgs) -> anyhow::Result<ExitCode> {
    args.view.check()?;
    let a = ask_store(&ctx.db, &args.question, args.view.as_of.as_deref())?;
    if args.view.json {
        print_json(&a)?;
    } else {
        print_answer(&a, usize::MAX);
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `chronicle stories`.
pub fn stories(ctx: &Context, args: StoriesArgs) -> anyhow::Result<ExitCode> {
    let ls = LinkStore::open_read_only(&ctx.db)?;
    let stories: Vec<Story> = ls
        .stories(Some(args.limit))?
        .iter()
        .map(|s| serde_json::from_str(s))
        .collect::<Result<_, _>>()?;
    if args.json {
        print_json(&stories)?;
        return Ok(ExitCode::SUCCESS);
    }
    for s in &stories {
        println!(
            "{}  {}..{}  {:>3} articles {:>3} events  {}",
            s.id,
            s.first.as_deref().unwrap_or("?"),
            s.last.as_deref().unwrap_or("?"),
            s.articles.len(),
            s.timeline.len(),
            clip(&s.title, 90)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `chronicle story`.
pub fn story(ctx: &Context, args: StoryArgs) -> anyhow::Result<ExitCode> {
    let ls = LinkStore::open_read_only(&ctx.db)?;
    let Some(json) = ls.story(&args.id)? else {
        anyhow::bail!(
            "no story {:?} (or the prefix matches several): see `chronicle stories`",
            args.id
        );
    };
    let s: Story = serde_json::from_str(&json)?;
    let clusters: Vec<EventCluster> = ls
        .clusters(&ClusterFilter {
            story: Some(s.id.clone()),
            ..Default::default()
        })?
        .iter()
        .map(|c| serde_json::from_str(c))
        .collect::<Result<_, _>>()?;
    if args.json {
        print_json(&serde_json::json!({"story": s, "clusters": clusters}))?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}  {}", s.id, s.title);
    println!(
        "{}..{}, {} articles; actors {}; terms {}",
        s.first.as_deref().unwrap_or("?"),
        s.last.as_deref().unwrap_or("?"),
        s.articles.len(),
        s.top_actors.join(", "),
        s.top_terms.join(", ")
    );
    println!("Timeline:");
    for c in &clusters {
        print_cluster(c);
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `chronicle export`.
pub fn export(ctx: &Context, args: ExportArgs) -> anyhow::Result<ExitCode> {
    let format: Format = args.format.parse()?;
    let ls = LinkStore::open_read_only(&ctx.db)?;
    let result = stored_result(&ls)?;
    let mut ex = Exporter::new(&args.out, format, &result)?;
    ls.for_each_article::<anyhow::Error>(None, |a| {
        ex.add(&a)?;
        Ok(())
    })?;
    let written = ex.finish(&result)?;
    // Validate what was written.
    let mut checks = Vec::new();
    for (name, rows) in &written {
        let path = args.out.join(name);
        let ok = match format {
            Format::Parquet => parquet_rows(&path)? == *rows as i64,
            Format::Gdelt => std::fs::read_to_string(&path)?
                .lines()
                .all(|l| l.split('\t').count() == GDELT_COLUMNS),
            Format::Jsonl => std::fs::read_to_string(&path)?.lines().count() == *rows,
        };
        checks.push((name.clone(), *rows, ok));
    }
    if args.json {
        let v: Vec<_> = checks
            .iter()
            .map(|(n, r, ok)| serde_json::json!({"file": n, "rows": r, "valid": ok}))
            .collect();
        print_json(&v)?;
    } else {
        for (n, r, ok) in &checks {
            println!(
                "{}  {r} rows  {}",
                args.out.join(n).display(),
                if *ok { "valid" } else { "INVALID" }
            );
        }
    }
    Ok(if checks.iter().all(|c| c.2) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The linking part of `chronicle demo`: links the demo database, then prints a
/// timeline, the top claims and the answer to one question.
pub fn demo(db: &Path, question: &str) -> anyhow::Result<()> {
    let (r, secs, _) = link_store(db, true)?;
    println!(
        "== Linking ==\n{} event clusters ({} with more than one report), {} stories, {} near-duplicate groups, {} outcomes in {secs:.2} s",
        r.clusters.len(),
        r.clusters.iter().filter(|c| c.summary.reports > 1).count(),
        r.stories.len(),
        r.dup_groups.len(),
        r.outcomes.len()
    );
    println!("\n== Timeline: the 12 events reported by most texts, by date ==");
    let mut top: Vec<&EventCluster> = r
        .clusters
        .iter()
        .filter(|c| c.summary.independent_reports > 1 && !c.anticipated)
        .collect();
    top.sort_by(|a, b| {
        b.summary
            .independent_reports
            .cmp(&a.summary.independent_reports)
            .then_with(|| a.id.cmp(&b.id))
    });
    top.truncate(12);
    let when = |c: &EventCluster| c.date.clone().or_else(|| c.summary.first_reported.clone());
    top.sort_by(|a, b| (when(a), &a.id).cmp(&(when(b), &b.id)));
    for c in top {
        print_cluster(c);
    }
    let ls = LinkStore::open_read_only(db)?;
    let rows = ls.statements(&StatementFilter::default())?;
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    // Pronoun speakers ("he", "they") say nothing about who spoke.
    const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];
    for s in rows
        .iter()
        .filter(|s| !PRONOUNS.contains(&s.speaker.trim().to_lowercase().as_str()))
    {
        *by.entry(format!("{} — {}", s.speaker, stance_name(s.stance)))
            .or_insert(0) += 1;
    }
    let mut top: Vec<_> = by.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    println!("\n== Top claims (speaker — stance: statements) ==");
    for (k, n) in top.iter().take(8) {
        println!("  {k}: {n}");
    }
    println!("\n== Ask: {question:?} ==");
    print_answer(&ask_store(db, question, None)?, 6);
    Ok(())
}

/// The demo corpus's ground truth (written from `examples/demo/README.md`).
pub const DEMO_TRUTH: &str = include_str!("../../../eval/link/demo-truth.json");

/// Arguments of `chronicle eval-link`.
#[derive(clap::Args)]
pub struct EvalLinkArgs {
    /// Corpus folder to ingest, link and score (default: the bundled demo corpus).
    pub corpus: Option<PathBuf>,
    /// Ground-truth JSON (default: the demo corpus's, `eval/link/demo-truth.json`).
    #[arg(long)]
    pub truth: Option<PathBuf>,
    /// Also list each real event's reports that are missing from, or stray into, its cluster.
    #[arg(long)]
    pub verbose: bool,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Ingests a corpus folder (or the bundled demo) into a temporary database, links it,
/// answers the truth's question and scores everything against the truth.
pub fn eval_link_scores(corpus: Option<&Path>, truth: &Truth) -> anyhow::Result<LinkScore> {
    let dir = tempfile::tempdir()?;
    let root = match corpus {
        Some(p) => p.to_path_buf(),
        None => {
            let p = dir.path().join("demo");
            std::fs::create_dir_all(&p)?;
            crate::demo::DEMO.extract(&p)?;
            p
        }
    };
    let db = dir.path().join("eval.db");
    let mut store = Store::open(&db)?;
    let pipeline = chronicle_pipeline::Pipeline::load()?;
    let quiet = Context {
        db: db.clone(),
        quiet: true,
    };
    crate::cmd_ingest::ingest_paths(
        &quiet,
        &mut store,
        Some(&pipeline),
        std::slice::from_ref(&root),
        &chronicle_ingest::ReadOptions::default(),
        1000,
    )
    .map_err(|(_, e)| e)?;
    // Truth keys are paths under the corpus folder (plus `:LINE` for JSON Lines).
    let prefix = root.display().to_string();
    let mut key_of = std::collections::HashMap::new();
    let mut outlet_of = std::collections::HashMap::new();
    for row in store.list_articles(&chronicle_store::ArticleFilter::default())? {
        let Some(a) = store.get_article(&row.id)? else {
            continue;
        };
        let input = a.ingest.input.as_str();
        let k = input
            .strip_prefix(prefix.as_str())
            .unwrap_or(input)
            .trim_start_matches(['/', '\\'])
            .to_string();
        if let Some(o) = &a.source {
            outlet_of.insert(k.clone(), o.clone());
        }
        key_of.insert(row.id.clone(), k);
    }
    drop(store);
    let (result, _, _) = link_store(&db, true)?;
    let answer = match &truth.question {
        Some(q) => Some(ask_store(&db, &q.text, None)?),
        None => None,
    };
    Ok(score(truth, &result, &key_of, &outlet_of, answer.as_ref()))
}

/// Runs `chronicle eval-link`.
pub fn eval_link(_ctx: &Context, args: EvalLinkArgs) -> anyhow::Result<ExitCode> {
    let text = match &args.truth {
        Some(p) => {
            std::fs::read_to_string(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
        }
        None => {
            if args.corpus.is_some() {
                anyhow::bail!("give the corpus's ground truth with --truth FILE");
            }
            DEMO_TRUTH.to_string()
        }
    };
    let truth: Truth = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}: not a link ground truth: {e}",
            args.truth
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "demo truth".into())
        )
    })?;
    let s = eval_link_scores(args.corpus.as_deref(), &truth)?;
    if args.json {
        print_json(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_scores(&truth, &s, args.verbose);
    Ok(ExitCode::SUCCESS)
}

fn print_scores(truth: &Truth, s: &LinkScore, verbose: bool) {
    println!(
        "{}: {} real events, {} of their reports found by the coder",
        if truth.corpus.is_empty() {
            "corpus"
        } else {
            &truth.corpus
        },
        s.events.len(),
        s.items
    );
    println!(
        "event clusters, B-cubed over those reports: P {:.3}  R {:.3}  F1 {:.3}",
        s.bcubed_p,
        s.bcubed_r,
        if s.bcubed_p + s.bcubed_r > 0.0 {
            2.0 * s.bcubed_p * s.bcubed_r / (s.bcubed_p + s.bcubed_r)
        } else {
            0.0
        }
    );
    println!(
        "source counts right (main cluster holds exactly the reporting articles): {}/{}; linking right (found reports in one cluster, no stray article): {}/{}",
        s.counts_right,
        s.events.len(),
        s.linking_right,
        s.events.len()
    );
    let (pred, gold, both) = s.dup_pairs;
    println!("near-duplicate pairs: {both} right of {pred} found, {gold} true");
    println!(
        "{:<4} {:>7} {:>5} {:>8} {:>8} {:>8}  what",
        "id", "reports", "found", "clusters", "main", "sources"
    );
    for e in &s.events {
        println!(
            "{:<4} {:>7} {:>5} {:>8} {:>8} {:>4}/{:<3}  {}",
            e.id,
            e.reports,
            e.found,
            e.clusters,
            e.main_articles,
            e.main_sources,
            e.true_sources,
            clip(&e.what, 60)
        );
        if verbose {
            if !e.missing.is_empty() {
                println!("       not in its cluster: {}", e.missing.join(", "));
            }
            if !e.extra.is_empty() {
                println!("       stray in its cluster: {}", e.extra.join(", "));
            }
            if std::env::var_os("CHRONICLE_EVAL_DUMP").is_some() {
                for (k, cat, c, sentence) in &e.found_reports {
                    println!(
                        "       {c} {cat:<10} {:<28} {}",
                        clip(k, 28),
                        clip(sentence, 90)
                    );
                }
            }
        }
    }
    if let Some(q) = &s.question {
        println!(
            "question: {}/{} expected speakers on their side; FOR {} AGAINST {} UNCONFIRMED {} lines; {} FOR lines that deny or decline",
            q.found,
            q.expected,
            q.lines[0],
            q.lines[1],
            q.lines[2],
            q.wrong_for.len()
        );
        for m in &q.missed {
            println!("  missed {m}");
        }
        for w in &q.wrong_for {
            println!("  wrongly FOR: {w}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle_core::{Article, IngestInfo, PubDate};

    fn ctx(db: &Path) -> Context {
        Context {
            db: db.to_path_buf(),
            quiet: true,
        }
    }

    /// Ingests the bundled demo corpus, links it and scores it against its ground truth
    /// (`eval/link/demo-truth.json`). Set `CHRONICLE_EVAL_LINK=DIR:TRUTH` to score another
    /// corpus in the same run (e.g. the seed articles).
    #[test]
    fn the_demo_corpus_links_as_its_ground_truth_says() {
        let truth: Truth = serde_json::from_str(DEMO_TRUTH).expect("demo truth parses");
        let s = eval_link_scores(None, &truth).expect("eval");
        print_scores(&truth, &s, true);
        if let Ok(spec) = std::env::var("CHRONICLE_EVAL_LINK") {
            if let Some((dir, t)) = spec.split_once(':') {
                let other: Truth =
                    serde_json::from_str(&std::fs::read_to_string(t).expect("truth"))
                        .expect("parse");
                let o = eval_link_scores(Some(Path::new(dir)), &other).expect("eval");
                print_scores(&other, &o, true);
            }
        }
        assert_eq!(
            s.dup_pairs,
            (1, 1, 1),
            "the syndicated pair and nothing else"
        );
        assert!(s.items > 0);
    }

    fn stored(
        corpus: &[chronicle_link::synth::SynthArticle],
    ) -> Vec<(Article, chronicle_core::Annotations)> {
        corpus
            .iter()
            .map(|s| {
                let a = &s.article;
                let mut art = Article::new(a.text.clone(), a.url.clone(), IngestInfo::default());
                art.source = a.source.clone();
                art.title = a.title.clone();
                art.published = a.published.as_deref().and_then(|d| PubDate::parse(d).ok());
                (art, a.annotations.clone())
            })
            .collect()
    }

    fn report_sets(r: &LinkResult) -> Vec<Vec<(String, u32)>> {
        let mut out: Vec<Vec<(String, u32)>> = r
            .clusters
            .iter()
            .map(|c| {
                let mut v: Vec<(String, u32)> = c
                    .mentions
                    .iter()
                    .map(|m| (m.article.clone(), m.event_index))
                    .collect();
                v.sort();
                v
            })
            .collect();
        out.sort();
        out
    }

    /// Adding articles updates clusters and stories (to what linking everything at once
    /// gives); ingesting the same articles again changes nothing.
    #[test]
    fn adding_articles_updates_the_linkage_and_re_ingesting_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("c.db");
        let items = stored(&chronicle_link::synth::generate(160, 11));
        let (first, second) = items.split_at(90);
        let mut store = Store::open(&db).expect("open");
        store
            .insert_annotated(first.iter().map(|(a, l)| (a, Some(l))))
            .expect("insert");
        drop(store);
        let (r1, _, _) = link_store(&db, false).expect("link");
        let mut store = Store::open(&db).expect("open");
        store
            .insert_annotated(second.iter().map(|(a, l)| (a, Some(l))))
            .expect("insert more");
        drop(store);
        let (r2, _, up_to_date) = link_store(&db, false).expect("link again");
        assert!(!up_to_date, "new articles are linked");
        assert_eq!(r2.article_stories.len(), 160);
        let grown = r2.clusters.iter().map(|c| c.mentions.len()).sum::<usize>()
            > r1.clusters.iter().map(|c| c.mentions.len()).sum::<usize>();
        assert!(grown, "the new reports are in the clusters");
        assert!(
            r1.clusters.iter().any(|c| r2
                .clusters
                .iter()
                .any(|d| d.id == c.id && d.mentions.len() > c.mentions.len())),
            "some earlier cluster took reports from the new articles"
        );
        // The same as linking all 160 in one go.
        let all_db = dir.path().join("all.db");
        let mut all = Store::open(&all_db).expect("open");
        all.insert_annotated(items.iter().map(|(a, l)| (a, Some(l))))
            .expect("insert all");
        drop(all);
        let (r_all, _, _) = link_store(&all_db, false).expect("link all");
        assert_eq!(report_sets(&r2), report_sets(&r_all));
        assert_eq!(r2.stories.len(), r_all.stories.len());
        // Ingesting everything again stores nothing new and leaves the linkage as it was.
        let mut store = Store::open(&db).expect("open");
        store
            .insert_annotated(items.iter().map(|(a, l)| (a, Some(l))))
            .expect("re-insert");
        drop(store);
        let (r3, _, up_to_date) = link_store(&db, false).expect("link after re-ingest");
        assert!(
            up_to_date,
            "re-ingesting changes nothing, so nothing is re-linked"
        );
        // (read back from the store, in date order)
        assert_eq!(report_sets(&r3), report_sets(&r2));
        let ids = |r: &LinkResult| {
            let mut v: Vec<String> = r.clusters.iter().map(|c| c.id.clone()).collect();
            v.sort();
            v
        };
        assert_eq!(ids(&r3), ids(&r2));
        let (r4, _, _) = link_store(&db, true).expect("forced");
        assert_eq!(report_sets(&r4), report_sets(&r2));
        assert_eq!(
            r4.clusters.iter().map(|c| &c.id).collect::<Vec<_>>(),
            r2.clusters.iter().map(|c| &c.id).collect::<Vec<_>>()
        );
    }

    #[test]
    fn link_then_query_a_synthetic_store() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("c.db");
        let corpus = chronicle_link::synth::generate(120, 5);
        let mut store = Store::open(&db).expect("open");
        let items: Vec<(Article, chronicle_core::Annotations)> = corpus
            .iter()
            .map(|s| {
                let a = &s.article;
                let mut art = Article::new(a.text.clone(), a.url.clone(), IngestInfo::default());
                art.source = a.source.clone();
                art.title = a.title.clone();
                art.published = a.published.as_deref().and_then(|d| PubDate::parse(d).ok());
                (art, a.annotations.clone())
            })
            .collect();
        store
            .insert_annotated(items.iter().map(|(a, l)| (a, Some(l))))
            .expect("insert");
        drop(store);
        let (r1, _, fresh) = link_store(&db, false).expect("link");
        assert!(!fresh);
        assert!(r1.clusters.iter().any(|c| c.summary.reports > 1));
        let (r2, _, up_to_date) = link_store(&db, false).expect("relink");
        assert!(up_to_date, "an unchanged corpus is not re-linked");
        assert_eq!(r1.clusters.len(), r2.clusters.len());
        let (r3, _, _) = link_store(&db, true).expect("force");
        assert_eq!(
            r1.clusters.iter().map(|c| &c.id).collect::<Vec<_>>(),
            r3.clusters.iter().map(|c| &c.id).collect::<Vec<_>>(),
            "re-linking the same articles changes nothing"
        );
        for (fmt, expect) in [("parquet", 4), ("gdelt", 1), ("jsonl", 5)] {
            let out = dir.path().join(fmt);
            let code = export(
                &ctx(&db),
                ExportArgs {
                    format: fmt.into(),
                    out: out.clone(),
                    json: true,
                },
            )
            .expect("export");
            assert_eq!(code, ExitCode::SUCCESS, "{fmt} export validates");
            assert_eq!(std::fs::read_dir(&out).expect("dir").count(), expect);
        }
        let arts = parquet_rows(&dir.path().join("parquet/articles.parquet")).expect("rows");
        assert_eq!(arts, 120);
        let q = ask_store(&db, "Did Russia hold talks with anyone?", None).expect("ask");
        assert_eq!(q.question.category.as_deref(), Some("CONSULT"));
        assert!(ask_store(&db, "what?", None).is_err());
    }
}
