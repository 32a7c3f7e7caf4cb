//! The per-article annotation pipeline.
//!
//! This crate owns the order in which annotators run over one article and how their
//! outputs are gathered into [`Annotations`]: time expressions resolved against the
//! publication date, and actor mentions linked to canonical identities with the roles
//! valid at that date (more layers join as their crates land). Everything here is a pure
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
    gazetteer: &'static chronicle_actors::Gazetteer,
}

impl Pipeline {
    /// Loads every embedded model.
    pub fn load() -> Result<Self, PipelineError> {
        let gazetteer = chronicle_actors::Gazetteer::load().map_err(|e| PipelineError::Model {
            model: "actors gazetteer",
            reason: e.to_string(),
        })?;
        Ok(Pipeline { gazetteer })
    }

    /// Annotates one article.
    pub fn annotate(&self, article: &Article) -> Annotations {
        let dct = article.published.as_ref().and_then(|d| d.naive_date());
        let mentions = self
            .gazetteer
            .link(&article.text, dct)
            .iter()
            .map(|m| m.to_mention())
            .collect();
        Annotations {
            timexes: chronicle_time::annotate(&article.text, dct),
            mentions,
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
    fn actors_are_linked_with_roles_at_the_publication_date() {
        let mut a = Article::new(
            "Russian Defence Minister Sergei Shoigu met officials in Pyongyang. Shoigu said the Kremlin welcomed the talks.".into(),
            None,
            IngestInfo::default(),
        );
        a.published = PubDate::parse("2023-09-03").ok();
        let layers = Pipeline::load().expect("loads").annotate(&a);
        let found: Vec<(&str, Option<&str>, Option<&str>)> = layers
            .mentions
            .iter()
            .map(|m| {
                (
                    a.slice(m.span).unwrap_or(""),
                    m.code.as_deref(),
                    m.sector.as_deref(),
                )
            })
            .collect();
        assert!(
            found
                .iter()
                .any(|(t, c, s)| t.contains("Shoigu") && *c == Some("RUS") && *s == Some("MIL")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(t, c, _)| t.ends_with("Pyongyang") && *c == Some("PRK")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(t, c, s)| t.contains("Kremlin") && *c == Some("RUS") && *s == Some("GOV")),
            "{found:?}"
        );
    }

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
        let kirby = layers
            .mentions
            .iter()
            .find(|m| a.slice(m.span) == Some("envoy"));
        assert!(kirby.is_none(), "a bare common noun is not an actor");
        let batch = p.annotate_batch(&[&a, &a]);
        assert_eq!(batch[0], batch[1]);
    }
}
