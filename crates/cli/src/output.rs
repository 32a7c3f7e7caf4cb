//! Shared CLI context and output helpers.

use std::io::IsTerminal;
use std::path::PathBuf;

/// Global options every command sees.
pub struct Context {
    /// The database path.
    pub db: PathBuf,
    /// Suppress progress and summaries.
    pub quiet: bool,
}

impl Context {
    /// Whether to draw progress bars: stderr is a terminal and not quiet.
    pub fn show_progress(&self) -> bool {
        !self.quiet && std::io::stderr().is_terminal()
    }
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Shortens text to `max` characters with an ellipsis.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
