//! Helpers shared by the coder's integration tests (each test file is its own crate, so
//! not every file uses every helper).
#![allow(dead_code)]

use chronicle_events::{analyze, Coding};
use chrono::NaiveDate;

/// Codes `text` as an article published on Wednesday 2024-04-10.
pub fn run(text: &str) -> Coding {
    analyze(text, NaiveDate::from_ymd_opt(2024, 4, 10)).expect("embedded models load")
}

/// The distinct actor codes among `v`, sorted.
pub fn codes(v: &[chronicle_core::Actor]) -> Vec<&str> {
    let mut c: Vec<&str> = v.iter().filter_map(|a| a.code.as_deref()).collect();
    c.sort_unstable();
    c.dedup();
    c
}

/// The text of `e`'s trigger word in `text`.
pub fn trigger<'a>(text: &'a str, e: &chronicle_core::Event) -> &'a str {
    &text[e.trigger.start as usize..e.trigger.end as usize]
}

/// The events of `c` whose trigger in `text` starts with `stem`.
pub fn with_trigger<'a>(c: &'a Coding, text: &str, stem: &str) -> Vec<&'a chronicle_core::Event> {
    c.events
        .iter()
        .filter(|e| trigger(text, e).starts_with(stem))
        .collect()
}
