//! Temporal expressions for English news: recognition of DATE, TIME, DURATION and SET
//! expressions and their normalisation to TIMEX3 values resolved against the document
//! creation time (DCT), plus TimeML reading/writing and TempEval-3-style scoring.
//!
//! This crate owns the time tagger and its TimeML I/O. It must not depend on other
//! Chronicle analysis crates (it has its own scanner), must not consult the clock (values
//! depend only on the text and the DCT), and must not panic on any input.

mod calendar;
mod grammar;
mod scan;
pub mod timeml;

use std::fmt;

use chronicle_core::{Span, TimeExpr};
use chrono::NaiveDate;

pub use timeml::{EvalReport, TimemlDoc, TimemlError};

/// Something the caller should know about an annotation run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// No document creation time: relative expressions are left X-filled.
    NoDct,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NoDct => write!(
                f,
                "no document creation time: relative expressions are left underspecified (X)"
            ),
        }
    }
}

/// Time expressions of one text with the warnings raised while finding them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Annotated {
    /// The expressions, in text order, non-overlapping.
    pub exprs: Vec<TimeExpr>,
    /// Warnings (e.g. missing DCT).
    pub warnings: Vec<Warning>,
}

/// Finds the temporal expressions of `text` and normalises them against `dct`.
///
/// Spans are byte ranges into `text` on character boundaries; `anchor` is the DCT (ISO).
pub fn annotate(text: &str, dct: Option<NaiveDate>) -> Vec<TimeExpr> {
    let anchor = dct.map(|d| d.format("%Y-%m-%d").to_string());
    grammar::recognise(text, dct)
        .into_iter()
        .map(|f| TimeExpr {
            span: Span::new(f.start, f.end),
            kind: f.kind,
            value: f.value,
            anchor: anchor.clone(),
        })
        .collect()
}

/// Like [`annotate`], also reporting warnings (a missing DCT).
pub fn annotate_with_warnings(text: &str, dct: Option<NaiveDate>) -> Annotated {
    let warnings = if dct.is_none() {
        vec![Warning::NoDct]
    } else {
        Vec::new()
    };
    Annotated {
        exprs: annotate(text, dct),
        warnings,
    }
}

/// Number of tokens (words, numbers, punctuation marks) the scanner sees in `text`,
/// the unit of the throughput benchmark.
pub fn count_tokens(text: &str) -> usize {
    scan::tokenize(text).len()
}
