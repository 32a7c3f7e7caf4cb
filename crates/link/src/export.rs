//! Corpus exports: JSON Lines of everything, Parquet tables (articles, mentions,
//! events, statements) and GDELT 2.0 event TSV (61 columns, one row per event cluster).
//!
//! Parquet is written with the `parquet` crate's column writer and no Arrow (the Arrow
//! crates would add minutes to a 2-core build for no gain here); columns are optional
//! UTF8 strings, INT64 and BOOLEAN, Snappy-compressed, in row groups of 8,192 rows.

use crate::cameo::{goldstein, plover_to_cameo, quad_class};
use crate::text::{parse_day, parse_range};
use crate::{EventCluster, LinkArticle, LinkError, LinkResult};
use chrono::Datelike;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines: articles with their layers, clusters, stories, groups, outcomes.
    Jsonl,
    /// Parquet tables.
    Parquet,
    /// GDELT 2.0 event TSV.
    Gdelt,
}

impl std::str::FromStr for Format {
    type Err = LinkError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" | "json" => Ok(Format::Jsonl),
            "parquet" => Ok(Format::Parquet),
            "gdelt" | "tsv" => Ok(Format::Gdelt),
            other => Err(LinkError::Invalid(format!(
                "unknown export format {other:?} (expected jsonl, parquet or gdelt)"
            ))),
        }
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> LinkError + '_ {
    move |source| LinkError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn pq(path: &Path) -> impl Fn(parquet::errors::ParquetError) -> LinkError + '_ {
    move |e| LinkError::Parquet {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// A column of values.
enum Col {
    Text(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
}

/// A cell value.
pub enum Cell {
    /// A string.
    Text(Option<String>),
    /// An integer.
    Int(Option<i64>),
    /// A boolean.
    Bool(Option<bool>),
}

struct ParquetTable {
    path: PathBuf,
    cols: Vec<Col>,
    rows: usize,
    written: usize,
    writer: SerializedFileWriter<BufWriter<File>>,
}

const ROW_GROUP: usize = 8192;

impl ParquetTable {
    /// `columns`: (name, kind) with kind one of `text`, `int`, `bool`.
    fn create(path: PathBuf, name: &str, columns: &[(&str, &str)]) -> Result<Self, LinkError> {
        let mut msg = format!("message {name} {{\n");
        let mut cols = Vec::new();
        for (c, kind) in columns {
            let (decl, col) = match *kind {
                "int" => (format!("OPTIONAL INT64 {c};"), Col::Int(Vec::new())),
                "bool" => (format!("OPTIONAL BOOLEAN {c};"), Col::Bool(Vec::new())),
                _ => (
                    format!("OPTIONAL BYTE_ARRAY {c} (UTF8);"),
                    Col::Text(Vec::new()),
                ),
            };
            msg.push_str(&decl);
            msg.push('\n');
            cols.push(col);
        }
        msg.push('}');
        let schema = Arc::new(parse_message_type(&msg).map_err(pq(&path))?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(parquet::basic::Compression::SNAPPY)
                .build(),
        );
        let file = File::create(&path).map_err(io(&path))?;
        let writer =
            SerializedFileWriter::new(BufWriter::new(file), schema, props).map_err(pq(&path))?;
        Ok(ParquetTable {
            path,
            cols,
            rows: 0,
            written: 0,
            writer,
        })
    }

    fn push(&mut self, row: Vec<Cell>) -> Result<(), LinkError> {
        if row.len() != self.cols.len() {
            return Err(LinkError::Invalid(format!(
                "{}: row has {} cells, table has {} columns",
                self.path.display(),
                row.len(),
                self.cols.len()
            )));
        }
        for (col, cell) in self.cols.iter_mut().zip(row) {
            match (col, cell) {
                (Col::Text(v), Cell::Text(x)) => v.push(x),
                (Col::Int(v), Cell::Int(x)) => v.push(x),
                (Col::Bool(v), Cell::Bool(x)) => v.push(x),
                _ => {
                    return Err(LinkError::Invalid(format!(
                        "{}: cell type does not match its column",
                        self.path.display()
                    )))
                }
            }
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), LinkError> {
        if self.rows == 0 {
            return Ok(());
        }
        let path = self.path.clone();
        let mut rg = self.writer.next_row_group().map_err(pq(&path))?;
        let mut i = 0;
        while let Some(mut cw) = rg.next_column().map_err(pq(&path))? {
            let Some(col) = self.cols.get_mut(i) else {
                return Err(LinkError::Invalid(format!(
                    "{}: too many columns",
                    path.display()
                )));
            };
            match col {
                Col::Text(v) => {
                    let defs: Vec<i16> = v.iter().map(|x| i16::from(x.is_some())).collect();
                    let vals: Vec<ByteArray> = v
                        .drain(..)
                        .flatten()
                        .map(|s| ByteArray::from(s.into_bytes()))
                        .collect();
                    cw.typed::<ByteArrayType>()
                        .write_batch(&vals, Some(&defs), None)
                        .map_err(pq(&path))?;
                }
                Col::Int(v) => {
                    let defs: Vec<i16> = v.iter().map(|x| i16::from(x.is_some())).collect();
                    let vals: Vec<i64> = v.drain(..).flatten().collect();
                    cw.typed::<Int64Type>()
                        .write_batch(&vals, Some(&defs), None)
                        .map_err(pq(&path))?;
                }
                Col::Bool(v) => {
                    let defs: Vec<i16> = v.iter().map(|x| i16::from(x.is_some())).collect();
                    let vals: Vec<bool> = v.drain(..).flatten().collect();
                    cw.typed::<BoolType>()
                        .write_batch(&vals, Some(&defs), None)
                        .map_err(pq(&path))?;
                }
            }
            cw.close().map_err(pq(&path))?;
            i += 1;
        }
        rg.close().map_err(pq(&path))?;
        self.written += self.rows;
        self.rows = 0;
        Ok(())
    }

    fn close(mut self) -> Result<usize, LinkError> {
        self.flush()?;
        let path = self.path.clone();
        self.writer.close().map_err(pq(&path))?;
        Ok(self.written)
    }
}

/// Number of rows in a Parquet file, read from its footer.
pub fn parquet_rows(path: &Path) -> Result<i64, LinkError> {
    let f = File::open(path).map_err(io(path))?;
    let r = SerializedFileReader::new(f).map_err(pq(path))?;
    Ok(r.metadata().file_metadata().num_rows())
}

fn t(s: Option<&str>) -> Cell {
    Cell::Text(s.map(str::to_string))
}

fn name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// What an export wrote: file name → rows.
pub type Written = Vec<(String, usize)>;

enum Sink {
    Jsonl {
        articles: BufWriter<File>,
        path: PathBuf,
        rows: usize,
    },
    Parquet {
        tables: Vec<ParquetTable>,
    },
    Gdelt,
}

/// A streaming exporter: create it, [`Exporter::add`] every article, then
/// [`Exporter::finish`] with the link result.
pub struct Exporter {
    dir: PathBuf,
    sink: Sink,
    /// (article, event index) → cluster id.
    cluster_of: HashMap<(String, u32), String>,
}

impl Exporter {
    /// Starts an export into `dir` (created if missing). `result` supplies the cluster
    /// of each event report.
    pub fn new(dir: &Path, format: Format, result: &LinkResult) -> Result<Self, LinkError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let mut cluster_of = HashMap::new();
        if format != Format::Gdelt {
            for c in &result.clusters {
                for m in &c.mentions {
                    cluster_of.insert((m.article.clone(), m.event_index), c.id.clone());
                }
            }
        }
        let sink = match format {
            Format::Jsonl => {
                let path = dir.join("articles.jsonl");
                let f = File::create(&path).map_err(io(&path))?;
                Sink::Jsonl {
                    articles: BufWriter::new(f),
                    path,
                    rows: 0,
                }
            }
            Format::Parquet => Sink::Parquet {
                tables: vec![
                    ParquetTable::create(
                        dir.join("articles.parquet"),
                        "articles",
                        &[
                            ("id", "text"),
                            ("url", "text"),
                            ("source", "text"),
                            ("title", "text"),
                            ("published", "text"),
                            ("text", "text"),
                        ],
                    )?,
                    ParquetTable::create(
                        dir.join("mentions.parquet"),
                        "mentions",
                        &[
                            ("article", "text"),
                            ("start", "int"),
                            ("end", "int"),
                            ("kind", "text"),
                            ("entity", "text"),
                            ("code", "text"),
                            ("sector", "text"),
                            ("text", "text"),
                        ],
                    )?,
                    ParquetTable::create(
                        dir.join("events.parquet"),
                        "events",
                        &[
                            ("article", "text"),
                            ("idx", "int"),
                            ("category", "text"),
                            ("mode", "text"),
                            ("cameo", "text"),
                            ("source_codes", "text"),
                            ("target_codes", "text"),
                            ("location", "text"),
                            ("date", "text"),
                            ("date_basis", "text"),
                            ("factuality", "text"),
                            ("sentence", "text"),
                            ("cluster", "text"),
                        ],
                    )?,
                    ParquetTable::create(
                        dir.join("statements.parquet"),
                        "statements",
                        &[
                            ("article", "text"),
                            ("idx", "int"),
                            ("speaker", "text"),
                            ("speaker_entity", "text"),
                            ("cue", "text"),
                            ("content", "text"),
                            ("direct", "bool"),
                            ("stance", "text"),
                            ("date", "text"),
                        ],
                    )?,
                ],
            },
            Format::Gdelt => Sink::Gdelt,
        };
        Ok(Exporter {
            dir: dir.to_path_buf(),
            sink,
            cluster_of,
        })
    }

    /// Adds one article with its layers.
    pub fn add(&mut self, a: &LinkArticle) -> Result<(), LinkError> {
        let slice = |s: chronicle_core::Span| {
            a.text
                .get(s.start as usize..s.end as usize)
                .map(str::to_string)
        };
        match &mut self.sink {
            Sink::Gdelt => Ok(()),
            Sink::Jsonl {
                articles,
                path,
                rows,
            } => {
                let clusters: Vec<Option<&String>> = (0..a.annotations.events.len())
                    .map(|i| self.cluster_of.get(&(a.id.clone(), i as u32)))
                    .collect();
                let v = serde_json::json!({
                    "id": a.id, "url": a.url, "source": a.source, "title": a.title,
                    "published": a.published, "text": a.text,
                    "annotations": a.annotations, "event_clusters": clusters,
                });
                serde_json::to_writer(&mut *articles, &v)?;
                articles.write_all(b"\n").map_err(io(path))?;
                *rows += 1;
                Ok(())
            }
            Sink::Parquet { tables } => {
                let [arts, mentions, events, statements] = tables.as_mut_slice() else {
                    return Err(LinkError::Invalid("parquet tables missing".into()));
                };
                arts.push(vec![
                    t(Some(&a.id)),
                    t(a.url.as_deref()),
                    t(a.source.as_deref()),
                    t(a.title.as_deref()),
                    t(a.published.as_deref()),
                    t(Some(&a.text)),
                ])?;
                for m in &a.annotations.mentions {
                    mentions.push(vec![
                        t(Some(&a.id)),
                        Cell::Int(Some(i64::from(m.span.start))),
                        Cell::Int(Some(i64::from(m.span.end))),
                        t(Some(&name(&m.kind))),
                        t(m.entity.as_deref()),
                        t(m.code.as_deref()),
                        t(m.sector.as_deref()),
                        Cell::Text(slice(m.span)),
                    ])?;
                }
                for (i, e) in a.annotations.events.iter().enumerate() {
                    let codes = |v: &[chronicle_core::Actor]| {
                        v.iter()
                            .filter_map(|x| x.code.clone())
                            .collect::<Vec<_>>()
                            .join(";")
                    };
                    events.push(vec![
                        t(Some(&a.id)),
                        Cell::Int(Some(i as i64)),
                        t(Some(&e.category)),
                        t(e.mode.as_deref()),
                        t(e.cameo.as_deref()),
                        t(Some(&codes(&e.source))),
                        t(Some(&codes(&e.target))),
                        t(e.location.as_deref()),
                        t(e.date.as_deref()),
                        t(Some(&name(&e.date_basis))),
                        t(Some(&name(&e.factuality))),
                        Cell::Text(slice(e.sentence)),
                        t(self
                            .cluster_of
                            .get(&(a.id.clone(), i as u32))
                            .map(String::as_str)),
                    ])?;
                }
                for (i, s) in a.annotations.statements.iter().enumerate() {
                    statements.push(vec![
                        t(Some(&a.id)),
                        Cell::Int(Some(i as i64)),
                        Cell::Text(slice(s.speaker)),
                        t(s.speaker_entity.as_deref()),
                        Cell::Text(slice(s.cue)),
                        Cell::Text(slice(s.content)),
                        Cell::Bool(Some(s.direct)),
                        t(Some(&name(&s.stance))),
                        t(s.date.as_deref()),
                    ])?;
                }
                Ok(())
            }
        }
    }

    /// Writes what depends on the whole corpus and closes every file. Returns the
    /// files written with their row counts.
    pub fn finish(self, result: &LinkResult) -> Result<Written, LinkError> {
        let dir = self.dir;
        match self.sink {
            Sink::Jsonl {
                mut articles,
                path,
                rows,
            } => {
                articles.flush().map_err(io(&path))?;
                let mut out = vec![("articles.jsonl".to_string(), rows)];
                out.push((
                    "clusters.jsonl".into(),
                    write_lines(&dir.join("clusters.jsonl"), &result.clusters)?,
                ));
                out.push((
                    "stories.jsonl".into(),
                    write_lines(&dir.join("stories.jsonl"), &result.stories)?,
                ));
                out.push((
                    "duplicates.jsonl".into(),
                    write_lines(&dir.join("duplicates.jsonl"), &result.dup_groups)?,
                ));
                out.push((
                    "outcomes.jsonl".into(),
                    write_lines(&dir.join("outcomes.jsonl"), &result.outcomes)?,
                ));
                Ok(out)
            }
            Sink::Parquet { tables } => {
                let mut out = Vec::new();
                for t in tables {
                    let name = t
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default();
                    out.push((name, t.close()?));
                }
                Ok(out)
            }
            Sink::Gdelt => {
                let path = dir.join("events.gdelt.tsv");
                let n = write_gdelt(&path, &result.clusters)?;
                Ok(vec![("events.gdelt.tsv".into(), n)])
            }
        }
    }
}

fn write_lines<T: serde::Serialize>(path: &Path, items: &[T]) -> Result<usize, LinkError> {
    let mut w = BufWriter::new(File::create(path).map_err(io(path))?);
    for x in items {
        serde_json::to_writer(&mut w, x)?;
        w.write_all(b"\n").map_err(io(path))?;
    }
    w.flush().map_err(io(path))?;
    Ok(items.len())
}

/// Number of columns of a GDELT 2.0 event record.
pub const GDELT_COLUMNS: usize = 61;

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// One GDELT 2.0 event row for a cluster, or `None` when no report asserts the event
/// (GDELT records events reported as happening; plans and denials are left out).
pub fn gdelt_row(c: &EventCluster) -> Option<Vec<String>> {
    if c.anticipated || c.summary.disagreement.asserted == 0 {
        return None;
    }
    let day = c
        .date
        .as_deref()
        .and_then(parse_range)
        .map(|r| r.start)
        .or_else(|| c.summary.first_reported.as_deref().and_then(parse_day))?;
    let added = c
        .summary
        .first_reported
        .as_deref()
        .and_then(parse_day)
        .unwrap_or(day);
    let id = u64::from_str_radix(c.id.trim_start_matches("ev-"), 16).unwrap_or(0);
    let code = c
        .cameo
        .clone()
        .or_else(|| plover_to_cameo(&c.category).map(str::to_string))
        .unwrap_or_default();
    let mut row: Vec<String> = Vec::with_capacity(GDELT_COLUMNS);
    row.push(id.to_string());
    row.push(day.format("%Y%m%d").to_string());
    row.push(day.format("%Y%m").to_string());
    row.push(day.year().to_string());
    row.push(format!(
        "{:.4}",
        f64::from(day.year()) + f64::from(day.ordinal0()) / 365.0
    ));
    for (codes, names) in [
        (&c.source_codes, &c.source_names),
        (&c.target_codes, &c.target_names),
    ] {
        let code = codes.first().cloned().unwrap_or_default();
        let country = if code.len() == 3 {
            code.clone()
        } else {
            String::new()
        };
        row.push(clean(&code));
        row.push(clean(
            &names.first().cloned().unwrap_or_default().to_uppercase(),
        ));
        row.push(clean(&country));
        row.extend(std::iter::repeat_n(String::new(), 7));
    }
    row.push("1".into());
    row.push(clean(&code));
    row.push(code.get(..3).unwrap_or(&code).to_string());
    row.push(code.get(..2).unwrap_or(&code).to_string());
    row.push(quad_class(&code).map(|q| q.to_string()).unwrap_or_default());
    row.push(
        goldstein(&code)
            .map(|g| format!("{g:.1}"))
            .unwrap_or_default(),
    );
    let articles: BTreeSet<&str> = c.mentions.iter().map(|m| m.article.as_str()).collect();
    row.push(c.mentions.len().to_string());
    row.push(c.summary.sources.len().to_string());
    row.push(articles.len().to_string());
    row.push("0".into());
    for _ in 0..2 {
        row.push("0".into());
        row.extend(std::iter::repeat_n(String::new(), 7));
    }
    row.push("0".into());
    row.push(clean(c.location.as_deref().unwrap_or("")));
    row.extend(std::iter::repeat_n(String::new(), 6));
    row.push(format!("{}000000", added.format("%Y%m%d")));
    row.push(clean(
        c.mentions
            .iter()
            .find_map(|m| m.url.as_deref())
            .or(c.mentions.first().map(|m| m.article.as_str()))
            .unwrap_or(""),
    ));
    Some(row)
}

/// Writes clusters as GDELT 2.0 event TSV (no header, as GDELT ships it). Returns rows.
pub fn write_gdelt(path: &Path, clusters: &[EventCluster]) -> Result<usize, LinkError> {
    let mut w = BufWriter::new(File::create(path).map_err(io(path))?);
    let mut n = 0;
    for c in clusters {
        if let Some(row) = gdelt_row(c) {
            w.write_all(row.join("\t").as_bytes()).map_err(io(path))?;
            w.write_all(b"\n").map_err(io(path))?;
            n += 1;
        }
    }
    w.flush().map_err(io(path))?;
    Ok(n)
}
