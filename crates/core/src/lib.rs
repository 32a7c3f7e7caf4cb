//! The data model of Chronicle.
//!
//! This crate owns the types every other crate speaks: [`Article`] with its clean text,
//! and the standoff annotations laid over it ([`Span`], [`Sentence`], [`Token`],
//! [`Mention`], [`Entity`], [`TimeExpr`], [`Event`], [`Statement`], [`Story`]).
//! Annotations never copy text: each is a byte range into [`Article::text`].
//! It also owns identity: [`ArticleId`] is a stable hash of the canonical URL, else of
//! the normalised text, so the same article read twice is one article.
//!
//! It must not depend on any other Chronicle crate, do I/O, or know about storage.

mod annotation;
mod article;
mod date;
mod id;
pub mod linkage;

pub use annotation::*;
pub use article::*;
pub use date::*;
pub use id::*;
