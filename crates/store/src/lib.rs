//! Chronicle's store: one SQLite file holding articles and everything derived from them.
//!
//! This crate owns the schema (versioned migrations in [`migrations`]), writing in
//! batched transactions that are idempotent (an article already stored is reported,
//! never duplicated or overwritten), and the read queries behind the CLI: listing,
//! showing and full-text search (FTS5 over title and text).
//!
//! It must not parse input or run NLP; it stores what it is given and answers queries.

mod entities;
mod error;
mod layers;
pub mod linkage;
pub mod migrations;
mod store;

pub use entities::{EntityCount, EntityMention};
pub use error::StoreError;
pub use store::{ArticleFilter, ArticleSummary, InsertOutcome, SearchHit, Store};
