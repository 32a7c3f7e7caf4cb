//! Chronicle's linker: one event, many reports.
//!
//! This crate owns what is computed across articles: exact and near-duplicate articles
//! ([`neardup`]), clusters of reports of one event ([`EventCluster`]), stories with their
//! timelines ([`Story`]), outcomes of anticipated events ([`Outcome`]), the reading of a
//! question into actors, category and keywords with the sorting of evidence for and
//! against it ([`ask`]), the corpus exports (JSONL, Parquet, GDELT 2.0 event TSV;
//! [`export`]) and a generator of synthetic annotated corpora for benchmarks
//! ([`synth`]). Everything here is a pure function of core types (plus the output files
//! handed to the exporters).
//!
//! It must not read or write the store, parse articles or run NLP: it takes annotated
//! articles ([`LinkArticle`]) and returns values; the CLI moves them to and from SQLite.

pub mod ask;
pub mod cameo;
pub mod eval;
pub mod export;
mod linker;
mod model;
pub mod neardup;
pub mod synth;
pub mod text;

#[cfg(test)]
mod tests;

pub use linker::{label, link_all, LinkConfig, Linker};
pub use model::*;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// An output file could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A Parquet file could not be written or read.
    #[error("{path}: parquet: {message}")]
    Parquet {
        /// The path.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A value could not be turned into JSON.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A bad argument.
    #[error("{0}")]
    Invalid(String),
}
