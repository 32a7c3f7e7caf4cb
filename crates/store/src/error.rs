//! Store errors.

use std::path::PathBuf;

/// What can go wrong opening or using the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be opened or created.
    #[error("cannot open database {path}: {reason}")]
    Open {
        /// The database path.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// The database is read-only (file permissions or a read-only medium).
    #[error(
        "database {path} is read-only: nothing can be written (check its permissions or pass --db)"
    )]
    ReadOnly {
        /// The database path.
        path: PathBuf,
    },
    /// Another process holds the write lock for longer than the busy timeout.
    #[error("database {path} is locked by another process (another ingest running?); try again when it finishes")]
    Locked {
        /// The database path.
        path: PathBuf,
    },
    /// The file was written by a newer Chronicle.
    #[error("database {path} has schema version {found}, newer than this build's {supported}; upgrade Chronicle")]
    TooNew {
        /// The database path.
        path: PathBuf,
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A full-text query could not be parsed.
    #[error("bad search query {query:?}: {reason}")]
    BadQuery {
        /// The query.
        query: String,
        /// Why.
        reason: String,
    },
    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored blob could not be decoded.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// A stored JSON column could not be decoded.
    #[error("corrupt stored value: {0}")]
    Json(#[from] serde_json::Error),
}
