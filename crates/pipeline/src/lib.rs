//! The per-article annotation pipeline.
//!
//! This crate owns the order in which annotators run over one article and how their
//! outputs are gathered into [`Annotations`]: time expressions resolved against the
//! publication date (more layers join as their crates land). Everything here is a pure
//! function of the article and the embedded models, so batches run in parallel
//! ([`Pipeline::annotate_batch`]) and, unchanged, on other machines.
//!
//! It must not read input or touch the store.

use chronicle_core::{Annotations, Article};
use rayon::prelude::*;

/// Why the pipeline could not start.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// An embedded model could not be loaded.
    #[error("cannot load the {model} model: {reason}")]
    Model {
        /// Which model.
        model: &'static str,
        /// Why.
        reason: String,
    },
}

/// The loaded annotators. Load once, share across threads.
pub struct Pipeline {
    _private: (),
}

impl Pipeline {
    /// Loads every embedded model.
    pub fn load() -> Result<Self, PipelineError> {
        Ok(Pipeline { _private: () })
    }

    /// Annotates one article.
    pub fn annotate(&self, article: &Article) -> Annotations {
        let dct = article.published.as_ref().and_then(|d| d.naive_date());
        Annotations {
            timexes: chronicle_time::annotate(&article.text, dct),
            ..Annotations::default()
        }
    }

    /// Annotates a batch in parallel (rayon), keeping the order.
    pub fn annotate_batch(&self, articles: &[&Article]) -> Vec<Annotations> {
        articles.par_iter().map(|a| self.annotate(a)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle_core::{IngestInfo, PubDate};

    #[test]
    fn time_expressions_resolve_against_the_publication_date() {
        let mut a = Article::new(
            "The envoy said on Monday that talks would resume later this month.".into(),
            None,
            IngestInfo::default(),
        );
        a.published = PubDate::parse("2023-09-05").ok();
        let p = Pipeline::load().expect("loads");
        let layers = p.annotate(&a);
        let values: Vec<(&str, &str)> = layers
            .timexes
            .iter()
            .map(|t| (a.slice(t.span).unwrap_or(""), t.value.as_str()))
            .collect();
        assert!(values.contains(&("Monday", "2023-09-04")), "{values:?}");
        assert!(values.iter().any(|(_, v)| *v == "2023-09"), "{values:?}");
        assert!(layers
            .timexes
            .iter()
            .all(|t| t.anchor.as_deref() == Some("2023-09-05")));
        let batch = p.annotate_batch(&[&a, &a]);
        assert_eq!(batch[0], batch[1]);
    }
}
