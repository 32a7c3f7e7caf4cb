//! Errors a reader can report about one input record.

use std::path::PathBuf;

/// Why one input (file, line or record) could not be read. Each variant names where.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The path does not exist or cannot be opened.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The input is empty or holds only whitespace.
    #[error("{0}: empty input, nothing to ingest")]
    Empty(String),
    /// The input is larger than the per-article limit.
    #[error("{what}: {size} bytes is over the {limit}-byte limit for one article (raise it with --max-bytes)")]
    TooLarge {
        /// Which input.
        what: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The bytes do not look like text.
    #[error("{0}: looks like binary data, not text")]
    Binary(String),
    /// A JSON Lines record that is not valid JSON or lacks required fields.
    #[error("{what}: {reason}")]
    BadRecord {
        /// Which record (`file:line`).
        what: String,
        /// What is wrong.
        reason: String,
    },
    /// A format this build cannot read yet.
    #[error("{what}: {reason}")]
    Unsupported {
        /// Which input.
        what: String,
        /// Why.
        reason: String,
    },
}
