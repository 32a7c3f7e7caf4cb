//! Chronicle's English language core.
//!
//! This crate owns sentence splitting, tokenization (UD English / EWT style,
//! byte offsets), part-of-speech tagging (UPOS + XPOS), lemmatization and
//! dependency parsing (UD relations) of English news text, the training and
//! evaluation code for those models, and the trained models themselves,
//! embedded in the binary with `include_bytes!` from `models/nlp/`. The
//! named-entity recogniser lives in [`ner`] (its own owner and model) and is
//! called by [`Pipeline::annotate`]. This crate must not do I/O beyond reading
//! the data paths given to its training and evaluation functions, must not
//! download anything, and must not know about storage, ingestion or events.
//!
//! Entry points: [`tokenize`], [`split_sentences`], [`Pipeline::load`] then
//! [`Pipeline::annotate`]; training in [`train`] (command:
//! `cargo run --release -p chronicle-nlp --example train -- DATA_DIR models/nlp`).

pub mod clusters;
pub mod conllu;
pub mod cputime;
pub mod lemma;
pub mod mem;
pub mod model;
pub mod ner;
mod pages;
pub mod parser;
pub mod pipeline;
pub mod segeval;
pub mod tagger;
pub mod tokenize;
pub mod train;

pub use pipeline::{Doc, Pipeline};
pub use tokenize::{split_sentences, tokenize};

/// Errors of the language core.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    /// A CoNLL-U line could not be read.
    #[error("CoNLL-U line {line}: {msg}")]
    Conllu {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        msg: String,
    },
    /// Model data is missing or corrupt.
    #[error("model: {0}")]
    Model(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}
