//! Batch interfaces and evaluations: `code --jsonl`, brat attribution in/out, PLOVER
//! category accuracy with source/target country-code F1, and attribution scores.

use crate::brat::{self, AttributionScores, Prf};
use crate::{analyze, primary_event, EventsError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::io::{BufRead, Write};
use std::path::Path;

/// One input line of `code --jsonl`.
#[derive(Debug, Clone, Deserialize)]
pub struct InputRecord {
    /// Record id (the line number when absent).
    #[serde(default)]
    pub id: serde_json::Value,
    /// Text.
    pub text: String,
    /// Publication date, ISO (optional).
    #[serde(default)]
    pub date: Option<String>,
}

/// An actor in the JSONL output.
#[derive(Debug, Clone, Serialize)]
pub struct OutActor {
    /// Code.
    pub code: Option<String>,
    /// Sector.
    pub sector: Option<String>,
    /// Words.
    pub text: String,
    /// Entity id.
    pub entity: Option<String>,
}

/// An event in the JSONL output.
#[derive(Debug, Clone, Serialize)]
pub struct OutEvent {
    /// PLOVER category.
    pub event: String,
    /// Mode.
    pub mode: Option<String>,
    /// Context.
    pub context: Option<String>,
    /// CAMEO code.
    pub cameo: Option<String>,
    /// Source actors.
    pub source: Vec<OutActor>,
    /// Target actors.
    pub target: Vec<OutActor>,
    /// Factuality.
    pub factuality: chronicle_core::Factuality,
    /// Date.
    pub date: Option<String>,
    /// How the date was derived.
    pub date_basis: chronicle_core::DateBasis,
    /// Index into `statements`.
    pub attributed_to: Option<u32>,
    /// Trigger words.
    pub trigger: String,
}

/// A statement in the JSONL output.
#[derive(Debug, Clone, Serialize)]
pub struct OutStatement {
    /// Speaker words.
    pub speaker: String,
    /// Linked speaker entity.
    pub speaker_entity: Option<String>,
    /// Cue words.
    pub cue: String,
    /// Content words.
    pub content: String,
    /// Stance.
    pub stance: chronicle_core::Stance,
    /// Direct quote.
    pub direct: bool,
    /// Date.
    pub date: Option<String>,
}

/// One output line of `code --jsonl`.
#[derive(Debug, Clone, Serialize)]
pub struct OutputRecord {
    /// Record id.
    pub id: serde_json::Value,
    /// Events.
    pub events: Vec<OutEvent>,
    /// Statements.
    pub statements: Vec<OutStatement>,
}

fn parse_date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok())
}

fn slice(text: &str, s: chronicle_core::Span) -> String {
    text.get(s.start as usize..s.end as usize)
        .unwrap_or("")
        .to_string()
}

/// Codes one record.
pub fn code_record(rec: &InputRecord) -> Result<OutputRecord, EventsError> {
    let c = analyze(&rec.text, parse_date(&rec.date))?;
    let oa = |a: &chronicle_core::Actor| OutActor {
        code: a.code.clone(),
        sector: a.sector.clone(),
        text: a.text.clone(),
        entity: a.entity.clone(),
    };
    Ok(OutputRecord {
        id: rec.id.clone(),
        events: c
            .events
            .iter()
            .map(|e| OutEvent {
                event: e.category.clone(),
                mode: e.mode.clone(),
                context: e.context.clone(),
                cameo: e.cameo.clone(),
                source: e.source.iter().map(oa).collect(),
                target: e.target.iter().map(oa).collect(),
                factuality: e.factuality,
                date: e.date.clone(),
                date_basis: e.date_basis,
                attributed_to: e.attributed_to,
                trigger: slice(&rec.text, e.trigger),
            })
            .collect(),
        statements: c
            .statements
            .iter()
            .map(|s| OutStatement {
                speaker: slice(&rec.text, s.speaker),
                speaker_entity: s.speaker_entity.clone(),
                cue: slice(&rec.text, s.cue),
                content: slice(&rec.text, s.content),
                stance: s.stance,
                direct: s.direct,
                date: s.date.clone(),
            })
            .collect(),
    })
}

/// `code --jsonl`: reads records, writes one output line per record. A bad line gets an
/// `{"id", "error"}` line and counts as an error; the batch goes on. Returns
/// `(records, errors)`.
pub fn code_jsonl(
    input: impl BufRead,
    mut out: impl Write,
    path: &str,
) -> Result<(usize, usize), EventsError> {
    let io = |source| EventsError::Io {
        path: path.to_string(),
        source,
    };
    let (mut n, mut bad) = (0, 0);
    for (i, line) in input.lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        n += 1;
        let rec: Result<InputRecord, _> = serde_json::from_str(&line);
        let json = match rec {
            Ok(mut r) => {
                if r.id.is_null() {
                    r.id = serde_json::json!(i + 1);
                }
                let coded = code_record(&r);
                match coded {
                    Ok(o) => serde_json::to_string(&o).map_err(EventsError::Json)?,
                    Err(e) => {
                        bad += 1;
                        serde_json::json!({"id": r.id, "error": e.to_string()}).to_string()
                    }
                }
            }
            Err(e) => {
                bad += 1;
                serde_json::json!({"line": i + 1, "error": format!("{path}:{}: {e}", i + 1)})
                    .to_string()
            }
        };
        writeln!(out, "{json}").map_err(|source| EventsError::Io {
            path: "output".into(),
            source,
        })?;
    }
    Ok((n, bad))
}

/// The date of a seed-style article (`date YYYY-MM-DD title` first line), if any.
pub fn seed_date(text: &str) -> Option<NaiveDate> {
    let rest = text.strip_prefix("date ")?;
    NaiveDate::parse_from_str(rest.get(..10)?, "%Y-%m-%d").ok()
}

fn txt_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, EventsError> {
    let rd = std::fs::read_dir(dir).map_err(|source| EventsError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut v: Vec<_> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    Ok(v)
}

fn read(p: &Path) -> Result<String, EventsError> {
    std::fs::read_to_string(p).map_err(|source| EventsError::Io {
        path: p.display().to_string(),
        source,
    })
}

/// Predicted attributions (character offsets) for one document.
pub fn attribute_text(text: &str) -> Result<Vec<brat::CharAttribution>, EventsError> {
    let date = seed_date(text);
    // The seed-style date prefix is not part of the headline.
    let masked;
    let t = if date.is_some() {
        masked = format!("{}{}", " ".repeat(16), text.get(16..).unwrap_or(""));
        &masked
    } else {
        text
    };
    let c = analyze(t, date)?;
    Ok(brat::to_char_attributions(text, &c.attributions))
}

/// `attribute --brat IN_DIR OUT_DIR`: writes `OUT_DIR/<name>.ann` for every `.txt`.
/// Returns the number of files written.
pub fn attribute_dir(input: &Path, output: &Path) -> Result<usize, EventsError> {
    std::fs::create_dir_all(output).map_err(|source| EventsError::Io {
        path: output.display().to_string(),
        source,
    })?;
    let mut n = 0;
    for p in txt_files(input)? {
        let text = read(&p)?;
        let atts = attribute_text(&text)?;
        let name = p
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let out = output.join(format!("{name}.ann"));
        std::fs::write(&out, brat::write_ann(&text, &atts)).map_err(|source| EventsError::Io {
            path: out.display().to_string(),
            source,
        })?;
        n += 1;
    }
    Ok(n)
}

/// `eval-attribution GOLD_DIR`: runs the extractor on each `.txt` with a gold `.ann`
/// beside it and scores it.
pub fn eval_attribution_dir(gold: &Path) -> Result<(AttributionScores, usize), EventsError> {
    let mut acc = AttributionScores::default();
    let mut docs = 0;
    for p in txt_files(gold)? {
        let ann_path = p.with_extension("ann");
        if !ann_path.exists() {
            continue;
        }
        let text = read(&p)?;
        let g = brat::read_ann(&read(&ann_path)?, &ann_path.display().to_string())?;
        let pred = attribute_text(&text)?;
        brat::score_doc(&text, &g, &pred, &mut acc);
        docs += 1;
    }
    Ok((acc, docs))
}

/// A gold PLOVER actor.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldActor {
    /// Code.
    #[serde(default)]
    pub code: Option<String>,
}

/// A gold PLOVER record.
#[derive(Debug, Clone, Deserialize)]
pub struct PloverRecord {
    /// Id.
    #[serde(default)]
    pub id: Option<String>,
    /// Sentence.
    pub text: String,
    /// Category.
    pub event: String,
    /// Source actors.
    #[serde(default)]
    pub source: Vec<GoldActor>,
    /// Target actors.
    #[serde(default)]
    pub target: Vec<GoldActor>,
}

/// PLOVER evaluation figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PloverReport {
    /// Records scored.
    pub records: usize,
    /// Records whose primary event category equals the gold one.
    pub correct: usize,
    /// Source country-code set overlap.
    pub source: Prf,
    /// Target country-code set overlap.
    pub target: Prf,
}

impl PloverReport {
    /// Category accuracy.
    pub fn accuracy(&self) -> f64 {
        if self.records == 0 {
            0.0
        } else {
            self.correct as f64 / self.records as f64
        }
    }
}

fn code_set(v: &[GoldActor]) -> BTreeSet<String> {
    // Codes of fewer than three letters are damaged gold entries (a context string split
    // into letters); they are ignored.
    v.iter()
        .filter_map(|a| a.code.clone())
        .filter(|c| c.len() >= 3)
        .collect()
}

/// Which records of a PLOVER file to score: all, or every other one (0-based record
/// index even or odd), for tuning on one half and checking on the other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Split {
    /// Every record.
    #[default]
    All,
    /// Records 0, 2, 4, …
    Even,
    /// Records 1, 3, 5, …
    Odd,
}

impl Split {
    fn keeps(self, k: usize) -> bool {
        match self {
            Split::All => true,
            Split::Even => k.is_multiple_of(2),
            Split::Odd => !k.is_multiple_of(2),
        }
    }
}

/// Scores the coder on PLOVER JSONL; `errors` receives one line per miss when given.
pub fn eval_plover(
    path: &Path,
    errors: Option<&mut dyn Write>,
) -> Result<PloverReport, EventsError> {
    eval_plover_split(path, errors, Split::All)
}

/// Like [`eval_plover`], on the records `split` keeps (counted over non-empty lines).
pub fn eval_plover_split(
    path: &Path,
    mut errors: Option<&mut dyn Write>,
    split: Split,
) -> Result<PloverReport, EventsError> {
    let src = read(path)?;
    let mut r = PloverReport::default();
    let mut k = 0usize;
    for (i, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        k += 1;
        if !split.keeps(k - 1) {
            continue;
        }
        let rec: PloverRecord = serde_json::from_str(line).map_err(|e| EventsError::Input {
            path: path.display().to_string(),
            line: i + 1,
            message: e.to_string(),
        })?;
        let c = analyze(&rec.text, None)?;
        let whole = chronicle_core::Span::new(0, rec.text.len());
        let ev = primary_event(&c, whole);
        r.records += 1;
        let cat = ev
            .map(|e| e.category.clone())
            .unwrap_or_else(|| "NONE".into());
        if cat == rec.event {
            r.correct += 1;
        }
        let pset = |v: &[chronicle_core::Actor]| -> BTreeSet<String> {
            v.iter().filter_map(|a| a.code.clone()).collect()
        };
        let (ps, pt) = ev
            .map(|e| (pset(&e.source), pset(&e.target)))
            .unwrap_or_default();
        let (gs, gt) = (code_set(&rec.source), code_set(&rec.target));
        for (p, g, prf) in [(&ps, &gs, &mut r.source), (&pt, &gt, &mut r.target)] {
            prf.pred += p.len() as f64;
            prf.gold += g.len() as f64;
            prf.tp += p.intersection(g).count() as f64;
        }
        if let Some(w) = errors.as_deref_mut() {
            if cat != rec.event || ps != gs || pt != gt {
                let _ = writeln!(
                    w,
                    "{}\tgold {} {:?}->{:?}\tpred {} {:?}->{:?} [{}]\t{}",
                    rec.id.as_deref().unwrap_or("-"),
                    rec.event,
                    gs,
                    gt,
                    cat,
                    ps,
                    pt,
                    ev.map(|e| slice(&rec.text, e.trigger)).unwrap_or_default(),
                    rec.text
                );
            }
        }
    }
    Ok(r)
}

/// Timing of the coder against the annotation it consumes.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BenchReport {
    /// Words (whitespace-separated) per pass.
    pub words: usize,
    /// Mean milliseconds per article for sentence splitting, time tagging and actor linking.
    pub annotate_ms: f64,
    /// Mean milliseconds per article for coding events and statements.
    pub code_ms: f64,
}

/// Times annotation (sentences, time expressions, actor links) and coding separately
/// over `texts`, `passes` times, on one thread.
pub fn bench(texts: &[String], passes: usize) -> Result<BenchReport, EventsError> {
    let tables = crate::tables::Tables::load()?;
    let gaz = chronicle_actors::Gazetteer::load().map_err(|e| EventsError::Model(e.to_string()))?;
    let mut ann_t = std::time::Duration::ZERO;
    let mut code_t = std::time::Duration::ZERO;
    let mut n = 0usize;
    let mut sink = 0usize;
    for _ in 0..passes {
        for t in texts {
            let date = seed_date(t);
            let t0 = std::time::Instant::now();
            let sentences = crate::text::split_sentences(t);
            let times = chronicle_time::annotate(t, date);
            let mentions: Vec<chronicle_core::Mention> =
                gaz.link(t, date).iter().map(|m| m.to_mention()).collect();
            let t1 = std::time::Instant::now();
            let ann = crate::Annotations {
                sentences: &sentences,
                parse: None,
                mentions: &mentions,
                times: &times,
            };
            let c = crate::code_with(tables, t, date, &ann);
            let t2 = std::time::Instant::now();
            sink += c.events.len() + c.statements.len();
            ann_t += t1 - t0;
            code_t += t2 - t1;
            n += 1;
        }
    }
    let per = |d: std::time::Duration| d.as_secs_f64() * 1000.0 / n.max(1) as f64;
    let _ = sink;
    Ok(BenchReport {
        words: texts.iter().map(|t| t.split_whitespace().count()).sum(),
        annotate_ms: per(ann_t),
        code_ms: per(code_t),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_partition_the_records() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join("gold.jsonl");
        let lines = [
            r#"{"id":"a","text":"Portugal rejected the proposal from Spain.","event":"REJECT","source":[{"code":"PRT"}],"target":[{"code":"ESP"}]}"#,
            "",
            r#"{"id":"b","text":"Chilean teachers staged a hunger strike.","event":"PROTEST","source":[{"code":"CHL"}]}"#,
            r#"{"id":"c","text":"Kenya accused Uganda of shelling a border post.","event":"ACCUSE","source":[{"code":"KEN"}],"target":[{"code":"UGA"}]}"#,
        ];
        std::fs::write(&p, lines.join("\n")).expect("write");
        let all = eval_plover(&p, None).expect("all");
        let even = eval_plover_split(&p, None, Split::Even).expect("even");
        let odd = eval_plover_split(&p, None, Split::Odd).expect("odd");
        assert_eq!((all.records, even.records, odd.records), (3, 2, 1));
        assert_eq!(all.correct, even.correct + odd.correct);
        assert_eq!(all.source.gold, even.source.gold + odd.source.gold);
        assert_eq!(all.source.tp, even.source.tp + odd.source.tp);
    }
}
