//! Development runner for the evaluations (the CLI has the same commands):
//! `cargo run -p chronicle-events --example eval_events -- plover FILE [ERRORS]`,
//! `... -- attribution GOLD_DIR`, `... -- code FILE`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let r = match args.first().map(String::as_str) {
        Some("plover") if args.len() >= 2 => {
            let mut errf = args.get(2).and_then(|p| std::fs::File::create(p).ok());
            chronicle_events::eval::eval_plover(
                std::path::Path::new(&args[1]),
                errf.as_mut().map(|f| f as &mut dyn std::io::Write),
            )
            .map(|r| {
                println!(
                    "records {}  category accuracy {:.3}  source-code F1 {:.3} (P {:.3} R {:.3})  target-code F1 {:.3} (P {:.3} R {:.3})",
                    r.records,
                    r.accuracy(),
                    r.source.f1(),
                    r.source.precision(),
                    r.source.recall(),
                    r.target.f1(),
                    r.target.precision(),
                    r.target.recall()
                )
            })
        }
        Some("attribution") if args.len() >= 2 => {
            chronicle_events::eval::eval_attribution_dir(std::path::Path::new(&args[1])).map(|(s, d)| {
                println!(
                    "docs {d}  gold {}  predicted {}  speaker F1 {:.3} (P {:.3} R {:.3})  cue F1 {:.3} (P {:.3} R {:.3})  content token F1 {:.3} (P {:.3} R {:.3})",
                    s.gold, s.predicted, s.source.f1(), s.source.precision(), s.source.recall(),
                    s.cue.f1(), s.cue.precision(), s.cue.recall(),
                    s.content.f1(), s.content.precision(), s.content.recall()
                )
            })
        }
        Some("attribute") if args.len() >= 3 => chronicle_events::eval::attribute_dir(
            std::path::Path::new(&args[1]),
            std::path::Path::new(&args[2]),
        )
        .map(|n| eprintln!("{n} files")),
        Some("code") if args.len() >= 2 => std::fs::File::open(&args[1])
            .map_err(|source| chronicle_events::EventsError::Io { path: args[1].clone(), source })
            .and_then(|f| chronicle_events::eval::code_jsonl(std::io::BufReader::new(f), std::io::stdout().lock(), &args[1]))
            .map(|(n, b)| eprintln!("{n} records, {b} errors")),
        _ => {
            eprintln!("usage: eval_events plover FILE [ERRORS] | attribution GOLD_DIR | code FILE");
            return ExitCode::FAILURE;
        }
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
