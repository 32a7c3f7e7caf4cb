//! The `chronicle actors --jsonl` format: `{"id","text","date"?}` in,
//! `{"id","actors":[{"text","start","end","entity","code","sector"}]}` out.

use crate::{ActorsError, Gazetteer, LinkedMention};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};

/// One input record.
#[derive(Debug, Clone, Deserialize)]
pub struct InRecord {
    /// Record id (string or number).
    pub id: serde_json::Value,
    /// The text.
    pub text: String,
    /// Publication date, ISO (`2023-09-05` or a datetime starting with it).
    #[serde(default)]
    pub date: Option<String>,
}

/// One actor in an output record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutActor {
    /// The words.
    pub text: String,
    /// First byte in `text`.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Entity id.
    pub entity: Option<String>,
    /// Code valid at the date.
    pub code: Option<String>,
    /// Sector valid at the date.
    pub sector: Option<String>,
}

impl From<&LinkedMention> for OutActor {
    fn from(m: &LinkedMention) -> Self {
        OutActor {
            text: m.text.clone(),
            start: m.span.start,
            end: m.span.end,
            entity: m.entity.clone(),
            code: m.code.clone(),
            sector: m.sector.clone(),
        }
    }
}

/// Counts of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Records linked.
    pub records: usize,
    /// Records rejected (bad JSON, bad date), reported as `{"id","error"}` lines.
    pub errors: usize,
    /// Actors written.
    pub actors: usize,
    /// Bytes of text linked.
    pub bytes: usize,
}

/// Parse a date that is ISO `YYYY-MM-DD` or starts with it.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

/// Link every record of a JSONL stream; a bad record gives an error line, never an abort.
pub fn run(
    g: &Gazetteer,
    input: impl BufRead,
    mut out: impl Write,
    path: &str,
) -> Result<RunStats, ActorsError> {
    let io = |e: std::io::Error| ActorsError::Io {
        path: path.to_string(),
        source: e,
    };
    let mut stats = RunStats::default();
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: InRecord = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(e) => {
                stats.errors += 1;
                let id = serde_json::from_str::<serde_json::Value>(&line)
                    .ok()
                    .and_then(|v| v.get("id").cloned())
                    .unwrap_or(serde_json::Value::Null);
                let msg = serde_json::json!({"id": id, "error": format!("{path}:{}: {e}", n + 1)});
                writeln!(out, "{msg}").map_err(io)?;
                continue;
            }
        };
        let date = match rec.date.as_deref().filter(|d| !d.trim().is_empty()) {
            None => None,
            Some(d) => match parse_date(d) {
                Some(d) => Some(d),
                None => {
                    stats.errors += 1;
                    let msg = serde_json::json!({"id": rec.id, "error": format!("{path}:{}: bad date {d:?}", n + 1)});
                    writeln!(out, "{msg}").map_err(io)?;
                    continue;
                }
            },
        };
        let actors: Vec<OutActor> = g.link(&rec.text, date).iter().map(OutActor::from).collect();
        stats.records += 1;
        stats.actors += actors.len();
        stats.bytes += rec.text.len();
        let msg = serde_json::json!({"id": rec.id, "actors": actors});
        writeln!(out, "{msg}").map_err(io)?;
    }
    Ok(stats)
}
