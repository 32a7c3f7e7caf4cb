//! Chronicle's readers: turn files, folders and streams into [`Article`]s.
//!
//! This crate owns input: walking paths, choosing a reader by extension and content,
//! decoding bytes (BOMs, legacy charsets, CRLF), and the readers themselves (seed-style
//! dated text, plain text, JSON Lines). Every reader yields one `Result` per record, so
//! one bad record never stops a batch, and every error names its file (and line).
//!
//! It must not store anything or know about the database; it hands articles on.

mod decode;
mod error;
mod jsonl;
mod text;
mod walk;

pub use decode::{decode_bytes, Decoded};
pub use error::IngestError;
pub use jsonl::{parse_jsonl_line, JsonlRecord};
pub use text::{parse_plain_text, parse_seed_text, SeedHeader};
pub use walk::{read_bytes, read_path, read_stdin, InputFormat, ReadOptions, Record};
