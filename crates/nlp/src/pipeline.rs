//! The annotation pipeline: sentences, tokens, tags, lemmas, parses and
//! entity mentions for a text, with the models embedded in the binary.

use std::sync::Arc;

use chronicle_core::{Mention, Sentence, Span, Token};
use serde::{Deserialize, Serialize};

use crate::clusters::WordClusters;
use crate::lemma::Lemmatizer;
use crate::parser::{tag_key, Parser, TagKey};
use crate::tagger::Tagger;
use crate::tokenize::{sentence_ranges, tokenize_words};
use crate::NlpError;

/// Longest word sequence the parser sees at once; longer sentences are parsed
/// in chunks whose roots attach to the first chunk's root.
pub const MAX_PARSE_WORDS: usize = 250;

/// Longest sentence (in words) the pipeline emits; longer runs without
/// sentence punctuation are cut into sentences of this many words.
pub const MAX_SENTENCE_WORDS: usize = 250;

static TAGGER: &[u8] = include_bytes!("../../../models/nlp/tagger.bin");
static PARSER: &[u8] = include_bytes!("../../../models/nlp/parser.bin");
static FAST_PARSER: &[u8] = include_bytes!("../../../models/nlp/fast_parser.bin");

/// Score margin (in the fast parser's quantised units) below which the
/// joint parser decides a transition instead of the fast parser (see
/// [`Parser::cascade`]); chosen on the even sentences of EWT dev for the
/// shipped `fast_parser.bin`.
pub const CASCADE_MARGIN: i32 = 20_000;
static LEMMAS: &[u8] = include_bytes!("../../../models/nlp/lemmas.bin");

/// An annotated text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doc {
    /// Sentences, in order.
    pub sentences: Vec<Sentence>,
    /// The tokens of each sentence (`head` is 1-based within the sentence, 0 = root).
    pub tokens: Vec<Vec<Token>>,
    /// Entity mentions.
    pub mentions: Vec<Mention>,
}

/// The loaded models.
pub struct Pipeline {
    tagger: Tagger,
    parser: Parser,
    lemmas: Lemmatizer,
    ner: Option<crate::ner::Recognizer>,
    /// The parser's view of each tagger class (see [`tag_key`]), computed
    /// once instead of hashing two tag strings per word.
    keys: Vec<TagKey>,
}

/// Parses `words` with `parser`, in chunks of at most [`MAX_PARSE_WORDS`].
pub fn parse_chunked(parser: &Parser, words: &[&str], tags: &[TagKey]) -> Vec<(usize, u16)> {
    let n = words.len().min(tags.len());
    if n <= MAX_PARSE_WORDS {
        return parser.parse(&words[..n], &tags[..n]);
    }
    let mut out: Vec<(usize, u16)> = Vec::with_capacity(n);
    let mut first_root = 0;
    let mut start = 0;
    while start < n {
        let end = (start + MAX_PARSE_WORDS).min(n);
        let arcs = parser.parse(&words[start..end], &tags[start..end]);
        for (i, (h, l)) in arcs.into_iter().enumerate() {
            if h == 0 {
                if start == 0 {
                    first_root = start + i + 1;
                    out.push((0, l));
                } else {
                    out.push((first_root, parser.label_index("parataxis").unwrap_or(l)));
                }
            } else {
                out.push((h + start, l));
            }
        }
        start = end;
    }
    out
}

/// Embedded model bytes are empty until the models are trained.
fn need(bytes: &'static [u8], what: &str) -> Result<&'static [u8], NlpError> {
    if bytes.is_empty() {
        Err(NlpError::Model(format!(
            "the embedded {what} model is empty; train it (see models/nlp/README.md)"
        )))
    } else {
        Ok(bytes)
    }
}

impl Pipeline {
    /// Loads the embedded models (tagger, parser, lemmatizer, recogniser).
    pub fn load() -> Result<Pipeline, NlpError> {
        let ner = crate::ner::Recognizer::load()
            .map_err(|e| NlpError::Model(format!("named-entity model: {e}")))?;
        // Models with word-cluster features use the clusters shipped in
        // the NER model, built once when the first model asks for them.
        let made: std::cell::RefCell<Option<Arc<WordClusters>>> = Default::default();
        let source = || -> Result<Arc<WordClusters>, NlpError> {
            if let Some(c) = made.borrow().as_ref() {
                return Ok(c.clone());
            }
            let c = Arc::new(WordClusters::from_ner(ner.model().clusters())?);
            *made.borrow_mut() = Some(c.clone());
            Ok(c)
        };
        let tagger = Tagger::from_bytes_with_cluster_source(need(TAGGER, "tagger")?, source)?;
        let parser = Parser::cascade(
            Parser::from_bytes_with_cluster_source(need(FAST_PARSER, "fast parser")?, source)?,
            Parser::from_bytes_with_cluster_source(need(PARSER, "parser")?, source)?,
            CASCADE_MARGIN,
        )?;
        let lemmas = Lemmatizer::from_bytes(need(LEMMAS, "lemmatizer")?)?;
        Ok(Pipeline::from_parts(tagger, parser, lemmas, Some(ner)))
    }

    /// A pipeline from separately loaded models (no recogniser when `None`;
    /// the recogniser is given the tagger's frequent forms, see
    /// [`crate::ner::Recognizer::with_forms`]).
    pub fn from_parts(
        tagger: Tagger,
        parser: Parser,
        lemmas: Lemmatizer,
        ner: Option<crate::ner::Recognizer>,
    ) -> Pipeline {
        let keys = (0..tagger.n_classes())
            .map(|c| {
                let c = c as u16;
                tag_key(tagger.upos(c), tagger.xpos(c))
            })
            .collect();
        Pipeline {
            parser,
            lemmas,
            ner: ner.map(|n| n.with_forms(tagger.frequent_forms())),
            keys,
            tagger,
        }
    }

    /// The parser's view of tagger class `c`.
    fn key(&self, c: u16) -> TagKey {
        self.keys
            .get(usize::from(c))
            .copied()
            .unwrap_or_else(|| tag_key(self.tagger.upos(c), self.tagger.xpos(c)))
    }

    /// The tagger.
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// The parser.
    pub fn parser(&self) -> &Parser {
        &self.parser
    }

    /// The named-entity recogniser, when loaded.
    pub fn recognizer(&self) -> Option<&crate::ner::Recognizer> {
        self.ner.as_ref()
    }

    /// Tags, lemmatizes and parses one sentence of words. Returns
    /// `(upos, xpos, lemma, head, deprel)` per word.
    pub fn analyze(&self, words: &[&str]) -> Vec<(String, String, String, usize, String)> {
        let tags = self.tagger.tag(words);
        let arcs = self.parse_tagged(words, &tags);
        words
            .iter()
            .zip(&tags)
            .zip(&arcs)
            .map(|((w, c), arc)| self.fields(w, *c, *arc))
            .collect()
    }

    /// Parses words tagged with tagger classes `tags`.
    fn parse_tagged(&self, words: &[&str], tags: &[u16]) -> Vec<(usize, u16)> {
        let keys: Vec<TagKey> = tags.iter().map(|c| self.key(*c)).collect();
        parse_chunked(&self.parser, words, &keys)
    }

    /// A word's `(upos, xpos, lemma, head, deprel)` from its tagger class
    /// and its arc (head, label index).
    fn fields(
        &self,
        word: &str,
        class: u16,
        (head, label): (usize, u16),
    ) -> (String, String, String, usize, String) {
        let upos = self.tagger.upos(class);
        let xpos = self.tagger.xpos(class);
        (
            upos.to_string(),
            xpos.to_string(),
            self.lemmas.lemma(word, upos, xpos),
            head,
            self.parser.label(label).to_string(),
        )
    }

    /// Annotates a text: sentences, tokens with tags, lemmas and parses, and
    /// entity mentions. Never panics; time and memory are linear in the text.
    ///
    /// The text is processed stage by stage (every sentence tagged, then
    /// every sentence parsed, then entities recognised over the whole
    /// text), so that each model's weight tables stay in the processor's
    /// caches while it runs; the result is the same as sentence by sentence.
    pub fn annotate(&self, text: &str) -> Doc {
        let words = tokenize_words(text);
        // Sentence pieces: sentences, long ones cut every MAX_SENTENCE_WORDS.
        let mut pieces: Vec<&[crate::tokenize::Word]> = Vec::new();
        for (a, b) in sentence_ranges(text, &words) {
            let mut s = a;
            while s < b {
                let e = (s + MAX_SENTENCE_WORDS).min(b);
                pieces.push(&words[s..e]);
                s = e;
            }
        }
        let forms: Vec<Vec<&str>> = pieces
            .iter()
            .map(|piece| crate::tokenize::forms(text, piece))
            .collect();
        let tags: Vec<Vec<u16>> = forms.iter().map(|f| self.tagger.tag(f)).collect();
        let arcs: Vec<Vec<(usize, u16)>> = forms
            .iter()
            .zip(&tags)
            .map(|(f, t)| self.parse_tagged(f, t))
            .collect();
        // First-pass entity spans per sentence, then the document-level pass.
        let spans = self.ner.as_ref().map(|ner| {
            let upos: Vec<Vec<&str>> = tags
                .iter()
                .map(|t| t.iter().map(|c| self.tagger.upos(*c)).collect())
                .collect();
            ner.recognize_doc(&forms, &upos)
        });
        let mut doc = Doc::default();
        for (((piece, f), t), a) in pieces.iter().zip(&forms).zip(&tags).zip(&arcs) {
            let (Some(first), Some(last)) = (piece.first(), piece.last()) else {
                continue;
            };
            doc.sentences.push(Sentence {
                span: Span {
                    start: first.span.start,
                    end: last.span.end,
                },
            });
            doc.tokens.push(
                piece
                    .iter()
                    .zip(f)
                    .zip(t)
                    .zip(a)
                    .map(|(((w, form), c), arc)| {
                        let (upos, xpos, lemma, head, deprel) = self.fields(form, *c, *arc);
                        Token {
                            span: w.span,
                            upos: Some(upos),
                            xpos: Some(xpos),
                            lemma: Some(lemma),
                            head: Some(head as u32),
                            deprel: Some(deprel),
                        }
                    })
                    .collect(),
            );
        }
        for (piece, mut sentence_spans) in pieces.iter().zip(spans.into_iter().flatten()) {
            sentence_spans.sort_by_key(|&(s, e, _)| (s, e));
            for (s, e, kind) in sentence_spans {
                if s < e && e <= piece.len() {
                    doc.mentions.push(Mention {
                        span: Span {
                            start: piece[s].span.start,
                            end: piece[e - 1].span.end,
                        },
                        kind,
                        entity: None,
                        code: None,
                        sector: None,
                    });
                }
            }
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_models_load_together() {
        // The tagger's word clusters come from the named-entity model: a
        // tagger trained with another table fails to load here.
        let p = Pipeline::load().expect("the embedded models load");
        assert!(p.recognizer().is_some());
        let words = ["Officials", "said", "the", "talks", "ended", "."];
        let out = p.analyze(&words);
        assert_eq!(out.len(), words.len());
        assert_eq!(out.iter().filter(|a| a.3 == 0).count(), 1, "one root");
    }

    #[test]
    fn annotating_stage_by_stage_matches_each_sentence_alone() {
        let p = Pipeline::load().expect("the embedded models load");
        let text = "The council met in Lyon on Monday. It approved a new budget.\n\n\
                    Mayor Ana Ruiz said the vote was close, and critics disagreed.";
        let doc = p.annotate(text);
        assert_eq!(doc.sentences.len(), 3);
        assert_eq!(doc.sentences.len(), doc.tokens.len());
        for (sentence, tokens) in doc.sentences.iter().zip(&doc.tokens) {
            let forms: Vec<&str> = tokens
                .iter()
                .map(|t| &text[t.span.start as usize..t.span.end as usize])
                .collect();
            assert_eq!(
                forms.first(),
                text.get(sentence.span.start as usize..)
                    .and_then(|r| r.split(' ').next())
                    .as_ref()
            );
            for (t, (upos, xpos, lemma, head, deprel)) in tokens.iter().zip(p.analyze(&forms)) {
                assert_eq!(t.upos.as_deref(), Some(upos.as_str()));
                assert_eq!(t.xpos.as_deref(), Some(xpos.as_str()));
                assert_eq!(t.lemma.as_deref(), Some(lemma.as_str()));
                assert_eq!(t.head, Some(head as u32));
                assert_eq!(t.deprel.as_deref(), Some(deprel.as_str()));
            }
        }
        // Mentions point at whole words of the text.
        for m in &doc.mentions {
            let words: Vec<_> = doc.tokens.iter().flatten().map(|t| t.span).collect();
            assert!(words.iter().any(|w| w.start == m.span.start));
            assert!(words.iter().any(|w| w.end == m.span.end));
        }
        assert!(doc
            .mentions
            .iter()
            .any(|m| &text[m.span.start as usize..m.span.end as usize] == "Lyon"));
    }
}
