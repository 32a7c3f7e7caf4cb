//! The `chronicle` command-line tool: the binary's edge, where typed library errors
//! become messages and exit codes. Each subcommand lives in its own module and calls
//! the library crates; no pipeline logic lives here.

mod cmd_actors;
mod cmd_events;
mod cmd_extract;
mod cmd_ingest;
mod cmd_link;
mod cmd_nlp;
mod cmd_query;
mod cmd_time;
mod demo;
mod generate;
mod output;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Chronicle turns dated news articles into a sourced, time-aware record of who did and
/// said what to whom, when, where, and according to whom.
#[derive(Parser)]
#[command(name = "chronicle", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// SQLite database file to use.
    #[arg(
        long,
        global = true,
        env = "CHRONICLE_DB",
        default_value = "chronicle.db"
    )]
    db: PathBuf,

    /// Only print errors and results (no progress, no summaries).
    #[arg(long, short, global = true)]
    quiet: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest articles from files, folders or `-` (stdin) into the database.
    ///
    /// Reads seed-style dated text (`date YYYY-MM-DD <title>` first line), plain text and
    /// JSON Lines (`url`, `title`, `date`, `source`, `text`). Articles already stored are
    /// recognised by id and left alone, so re-running an ingest is safe.
    Ingest(cmd_ingest::IngestArgs),
    /// List stored articles, oldest first.
    Articles(cmd_query::ArticlesArgs),
    /// Show one article by id (or a unique id prefix).
    Show(cmd_query::ShowArgs),
    /// Full-text search over titles and texts.
    Search(cmd_query::SearchArgs),
    /// Run Chronicle on its bundled demo corpus (in a temporary database) and show what
    /// it makes of it.
    Demo(demo::DemoArgs),
    /// Link the corpus: near-duplicates, event clusters, stories, outcomes.
    Link(cmd_link::LinkArgs),
    /// Dated events (clusters of reports), filtered by actor, story and dates.
    Timeline(cmd_link::TimelineArgs),
    /// Statements grouped by speaker and stance.
    Claims(cmd_link::ClaimsArgs),
    /// Answer a question with dated, sourced evidence for, against and unconfirmed.
    Ask(cmd_link::AskArgs),
    /// List stories.
    Stories(cmd_link::StoriesArgs),
    /// Show one story and its timeline.
    Story(cmd_link::StoryArgs),
    /// Export the corpus as JSONL, Parquet or GDELT 2.0 event TSV.
    Export(cmd_link::ExportArgs),
    /// Score linking against ground truth (the demo corpus; another corpus with --truth).
    EvalLink(cmd_link::EvalLinkArgs),
    /// Link actors (people, groups, countries) in JSON Lines records `{"id","text","date"?}`.
    Actors(cmd_actors::ActorsArgs),
    /// List the entities mentioned in the stored articles, with mention counts.
    Entities(cmd_query::EntitiesArgs),
    /// Show one entity: its names, dated roles and mentions over time.
    Entity(cmd_query::EntityArgs),
    /// Rebuild the actors gazetteer (models/actors/gazetteer.json.gz) from its sources.
    BuildGazetteer(cmd_actors::BuildGazetteerArgs),
    /// Evaluate actor linking (PLOVER actors, GUM identities, speed).
    EvalActors(cmd_actors::EvalActorsArgs),
    /// Extract article text and metadata from HTML, WARC, feeds or flattened text.
    ///
    /// With --json prints one object keyed by file name (without .html.gz/.html/.txt):
    /// {id: {"title", "author", "date", "articleBody"}}, the Zyte benchmark's format.
    Extract(cmd_extract::ExtractArgs),
    /// Code events and statements of JSON Lines articles (`{"id","text","date"?}` per line).
    Code(cmd_events::CodeArgs),
    /// Write brat attribution standoff (.ann) for each .txt in a folder.
    Attribute(cmd_events::AttributeArgs),
    /// Score attribution (speaker, cue, content) against gold brat standoff.
    EvalAttribution(cmd_events::EvalAttributionArgs),
    /// Score event coding on PLOVER JSONL (category accuracy, source/target code F1).
    EvalEvents(cmd_events::EvalEventsArgs),
    /// Time event coding against the annotation it consumes.
    BenchEvents(cmd_events::BenchEventsArgs),
    /// Tag CoNLL-U (UPOS, XPOS, HEAD, DEPREL) or UNER IOB2 (entity tags), keeping the words.
    Tag(cmd_nlp::TagArgs),
    /// Annotate plain text: JSON with sentences, tokens and entities.
    Annotate(cmd_nlp::AnnotateArgs),
    /// Score tagging, parsing and segmentation against gold CoNLL-U.
    EvalNlp(cmd_nlp::EvalNlpArgs),
    /// Words/s of each language-core stage on a text file.
    BenchNlp(cmd_nlp::BenchNlpArgs),
    /// Tag temporal expressions in text (one JSON object per expression).
    Time(cmd_time::TimeArgs),
    /// Re-tag TimeML files with Chronicle's TIMEX3 tags (TEXT characters unchanged).
    Timeml(cmd_time::TimemlArgs),
    /// Score the time tagger on gold TimeML (TempEval-3 style).
    EvalTime(cmd_time::EvalTimeArgs),
    /// Time-tagger throughput on one thread.
    BenchTime(cmd_time::BenchTimeArgs),
    /// Write N synthetic articles as JSON Lines (for benchmarks and scale tests).
    Generate(generate::GenerateArgs),
    /// Measure ingest throughput on generated articles (articles/s into SQLite).
    BenchIngest(generate::BenchIngestArgs),
}

/// Restores the default SIGPIPE action, so `chronicle ... | head` ends quietly the way
/// Unix tools do instead of failing on a closed pipe.
fn reset_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread exists; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    reset_sigpipe();
    let filter = tracing_subscriber::EnvFilter::try_from_env("CHRONICLE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let ctx = output::Context {
        db: cli.db,
        quiet: cli.quiet,
    };
    let result = match cli.command {
        Command::Ingest(a) => cmd_ingest::run(&ctx, a),
        Command::Articles(a) => cmd_query::articles(&ctx, a),
        Command::Show(a) => cmd_query::show(&ctx, a),
        Command::Search(a) => cmd_query::search(&ctx, a),
        Command::Demo(a) => demo::run(&ctx, a),
        Command::Link(a) => cmd_link::link(&ctx, a),
        Command::Timeline(a) => cmd_link::timeline(&ctx, a),
        Command::Claims(a) => cmd_link::claims(&ctx, a),
        Command::EvalLink(a) => cmd_link::eval_link(&ctx, a),
        Command::Ask(a) => cmd_link::ask(&ctx, a),
        Command::Stories(a) => cmd_link::stories(&ctx, a),
        Command::Story(a) => cmd_link::story(&ctx, a),
        Command::Export(a) => cmd_link::export(&ctx, a),
        Command::Actors(a) => cmd_actors::run_actors(a).map(|()| ExitCode::SUCCESS),
        Command::Entities(a) => cmd_query::entities(&ctx, a),
        Command::Entity(a) => cmd_query::entity(&ctx, a),
        Command::BuildGazetteer(a) => {
            cmd_actors::run_build_gazetteer(a).map(|()| ExitCode::SUCCESS)
        }
        Command::EvalActors(a) => cmd_actors::run_eval_actors(a).map(|()| ExitCode::SUCCESS),
        Command::Extract(a) => cmd_extract::run_extract(a).map(|()| ExitCode::SUCCESS),
        Command::Code(a) => cmd_events::run_code(a).map(|()| ExitCode::SUCCESS),
        Command::Attribute(a) => cmd_events::run_attribute(a).map(|()| ExitCode::SUCCESS),
        Command::EvalAttribution(a) => {
            cmd_events::run_eval_attribution(a).map(|()| ExitCode::SUCCESS)
        }
        Command::EvalEvents(a) => cmd_events::run_eval_events(a).map(|()| ExitCode::SUCCESS),
        Command::BenchEvents(a) => cmd_events::run_bench_events(a).map(|()| ExitCode::SUCCESS),
        Command::Tag(a) => cmd_nlp::run_tag(a).map(|()| ExitCode::SUCCESS),
        Command::Annotate(a) => cmd_nlp::run_annotate(a).map(|()| ExitCode::SUCCESS),
        Command::EvalNlp(a) => cmd_nlp::run_eval_nlp(a).map(|()| ExitCode::SUCCESS),
        Command::BenchNlp(a) => cmd_nlp::run_bench_nlp(a).map(|()| ExitCode::SUCCESS),
        Command::Time(a) => cmd_time::run_time(a).map(|()| ExitCode::SUCCESS),
        Command::Timeml(a) => cmd_time::run_timeml(a).map(|()| ExitCode::SUCCESS),
        Command::EvalTime(a) => cmd_time::run_eval_time(a).map(|()| ExitCode::SUCCESS),
        Command::BenchTime(a) => cmd_time::run_bench_time(a).map(|()| ExitCode::SUCCESS),
        Command::Generate(a) => generate::generate(&ctx, a),
        Command::BenchIngest(a) => generate::bench_ingest(&ctx, a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", error_chain(&e));
            ExitCode::FAILURE
        }
    }
}

/// Formats an error with its causes, "outer: cause: root", leaving out a cause whose
/// text the message before it already contains (library errors often print their
/// source themselves, and `{:#}` would repeat it).
fn error_chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod error_chain_tests {
    use super::error_chain;

    #[derive(Debug, thiserror::Error)]
    #[error("data.conllu: {source}")]
    struct ReadError {
        source: std::io::Error,
    }

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let e = anyhow::Error::new(ReadError { source: io });
        assert_eq!(error_chain(&e), "data.conllu: no such file");
    }

    #[test]
    fn context_and_cause_are_joined() {
        let e = anyhow::anyhow!("disk full").context("writing out.jsonl");
        assert_eq!(error_chain(&e), "writing out.jsonl: disk full");
    }
}
