//! The per-article annotation pipeline.
//!
//! This crate owns the order in which annotators run over one article and how their
//! outputs are gathered into [`Annotations`]: time expressions resolved against the
//! publication date, actor mentions linked to canonical identities with the roles
//! valid at that date, and the events and statements coded from them, all over the
//! language core's sentences, tokens, tags and parses. Everything here is a pure
//! function of the article and the embedded models, so batches run in parallel
//! ([`Pipeline::annotate_batch`]) and, unchanged, on other machines.
//!
//! It must not read input or touch the store.

use chronicle_core::{Annotations, Article, Mention, Span};
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
    nlp: chronicle_nlp::Pipeline,
    gazetteer: &'static chronicle_actors::Gazetteer,
    event_tables: &'static chronicle_events::tables::Tables,
}

impl Pipeline {
    /// Loads every embedded model.
    pub fn load() -> Result<Self, PipelineError> {
        let gazetteer = chronicle_actors::Gazetteer::load().map_err(|e| PipelineError::Model {
            model: "actors gazetteer",
            reason: e.to_string(),
        })?;
        let event_tables =
            chronicle_events::tables::Tables::load().map_err(|e| PipelineError::Model {
                model: "event verb tables",
                reason: e.to_string(),
            })?;
        let nlp = chronicle_nlp::Pipeline::load().map_err(|e| PipelineError::Model {
            model: "language core (tagger, parser, NER)",
            reason: e.to_string(),
        })?;
        Ok(Pipeline {
            nlp,
            gazetteer,
            event_tables,
        })
    }

    /// Annotates one article: sentences, tokens with POS tags, lemmas and dependency
    /// parses, time expressions, actor mentions (linked where the gazetteer knows them,
    /// typed by the NER otherwise), and the events and statements coded from them.
    pub fn annotate(&self, article: &Article) -> Annotations {
        let text = article.text.as_str();
        let dct = article.published.as_ref().and_then(|d| d.naive_date());
        let doc = self.nlp.annotate(text);
        let timexes = chronicle_time::annotate(text, dct);
        let mut mentions: Vec<Mention> = self
            .gazetteer
            .link(text, dct)
            .iter()
            .map(|m| m.to_mention())
            .collect();
        // Names the gazetteer does not know still count as mentions, unlinked.
        let unlinked: Vec<Mention> = doc
            .mentions
            .into_iter()
            .filter(|n| !mentions.iter().any(|m| m.span.overlaps(&n.span)))
            .collect();
        mentions.extend(unlinked);
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
        let sentence_spans: Vec<Span> = doc.sentences.iter().map(|s| s.span).collect();
        let coding = chronicle_events::code_with(
            self.event_tables,
            text,
            dct,
            &chronicle_events::Annotations {
                sentences: &sentence_spans,
                parse: Some(&doc.tokens),
                mentions: &mentions,
                times: &timexes,
            },
        );
        Annotations {
            sentences: doc.sentences,
            tokens: doc.tokens.into_iter().flatten().collect(),
            mentions,
            timexes,
            events: coding.events,
            statements: coding.statements,
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
    fn statements_and_events_are_coded_with_attribution() {
        let mut a = Article::new(
            "Ukraine's foreign minister said on Monday that Russia had shelled the port. The Kremlin denied the claim.".into(),
            None,
            IngestInfo::default(),
        );
        a.published = PubDate::parse("2024-06-12").ok();
        let layers = Pipeline::load().expect("loads").annotate(&a);
        assert_eq!(layers.sentences.len(), 2);
        let said = layers
            .tokens
            .iter()
            .find(|t| a.slice(t.span) == Some("said"))
            .expect("tokenized");
        assert_eq!(said.upos.as_deref(), Some("VERB"));
        assert!(
            said.head.is_some() && said.deprel.is_some(),
            "parsed: {said:?}"
        );
        assert!(!layers.statements.is_empty(), "{layers:?}");
        let said = &layers.statements[0];
        assert_eq!(a.slice(said.cue), Some("said"));
        assert!(
            layers.events.iter().any(|e| e.attributed_to.is_some()),
            "events inside a statement are attributed to it: {:?}",
            layers.events
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
