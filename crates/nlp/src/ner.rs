//! Named-entity recognition: PER, ORG, LOC (GPE by gazetteer), NORP.
//!
//! A greedy averaged-perceptron sequence tagger over BILOU tags with hashed
//! features (lower-cased word, shape, affixes, neighbours, UPOS when given,
//! previous tags, gazetteer membership, word-cluster paths from
//! [`clusters`]), then, over a whole document, a consistency pass
//! ([`doc`]) that labels further occurrences of the names it found. The trained model is embedded compressed from
//! `models/ner/ner.bin.gz` and loaded by [`Recognizer::load`].
//! Training ([`train`]) and evaluation ([`eval`]) read data from paths given
//! as arguments; nothing here touches the network or any other file.

pub mod clusters;
pub mod doc;
pub mod eval;
pub mod features;
pub mod forms;
pub mod gazetteer;
pub mod iob2;
pub mod model;
pub mod train;

use chronicle_core::EntityType;

pub use eval::Report;
pub use model::Model;

/// Errors from loading, training or evaluating the recogniser.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    /// The model bytes are malformed or truncated.
    #[error("bad NER model: {0}")]
    BadModel(String),
    /// A data file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A data file is malformed.
    #[error("{path}:{line}: {msg}")]
    Format {
        /// The file (or `<input>`).
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        msg: String,
    },
    /// Training was given no usable data or bad options.
    #[error("training: {0}")]
    Train(String),
}

/// A UPOS supplier: given a sentence's words, one UPOS tag per word.
pub type UposFn<'a> = &'a mut dyn FnMut(&[&str]) -> Vec<String>;

/// The entity kinds the model predicts, in tag order.
pub const KINDS: [&str; 4] = ["PER", "ORG", "LOC", "NORP"];

/// The embedded model (deflate-compressed); see `models/ner/README.md`.
static MODEL_BYTES: &[u8] = include_bytes!("../../../models/ner/ner.bin.gz");

/// A loaded named-entity recogniser.
#[derive(Debug, Clone)]
pub struct Recognizer {
    model: Model,
}

impl Recognizer {
    /// Load the embedded model.
    pub fn load() -> Result<Self, NerError> {
        Ok(Self {
            model: Model::from_compressed(MODEL_BYTES)?,
        })
    }

    /// Wrap an already-built model (e.g. one just trained).
    pub fn from_model(model: Model) -> Self {
        Self { model }
    }

    /// The recogniser with `forms` (frequent word forms, e.g. the tagger's
    /// [`crate::tagger::Tagger::frequent_forms`]) prepared: faster on
    /// those words, the same entities (see [`forms::FormCache`]).
    pub fn with_forms(self, forms: &[String]) -> Self {
        Self {
            model: self.model.with_forms(forms),
        }
    }

    /// The underlying model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Recognise entities in one sentence of words. `upos` holds one UPOS tag
    /// per word, or may be empty / hold empty strings when no tagger ran.
    /// Returns half-open word index ranges with their type; LOC spans that
    /// name a country or city in the gazetteer come back as [`EntityType::Gpe`].
    pub fn recognize(&self, words: &[&str], upos: &[&str]) -> Vec<(usize, usize, EntityType)> {
        let tags = self.model.predict(words, upos);
        spans_from_tags(&tags)
            .into_iter()
            .filter(|&(s, e, _)| !words[s..e].iter().any(|w| train::is_link(w)))
            .map(|(s, e, k)| {
                let kind = match k {
                    0 => EntityType::Per,
                    1 => EntityType::Org,
                    2 if self.model.gazetteer().is_place(&words[s..e]) => EntityType::Gpe,
                    2 => EntityType::Loc,
                    _ => EntityType::Norp,
                };
                (s, e, kind)
            })
            .collect()
    }

    /// Recognise entities in the sentences of one document: each sentence
    /// as by [`Recognizer::recognize`], then the document-level consistency
    /// pass ([`doc::propagate`]) labels further occurrences of the names
    /// found. `upos[i]` holds the UPOS of sentence `i` (missing or empty
    /// when no tagger ran). Returns one span list per sentence.
    pub fn recognize_doc(
        &self,
        sentences: &[Vec<&str>],
        upos: &[Vec<&str>],
    ) -> Vec<Vec<(usize, usize, EntityType)>> {
        let mut spans: Vec<_> = sentences
            .iter()
            .enumerate()
            .map(|(i, w)| self.recognize(w, upos.get(i).map_or(&[], Vec::as_slice)))
            .collect();
        doc::propagate(sentences, &mut spans);
        spans
    }

    /// Fill the tag column of a UNER IOB2 text (`ID WORD TAG ...` columns,
    /// sentences separated by blank lines) with PER/ORG/LOC tags; GPE is
    /// written as LOC and NORP as O. `tagger` may supply UPOS per sentence.
    /// Documents (see [`iob2::documents`]) are recognised as wholes with
    /// [`Recognizer::recognize_doc`].
    pub fn tag_iob2(&self, text: &str, tagger: Option<UposFn<'_>>) -> Result<String, NerError> {
        let mut doc = iob2::parse(text, "<input>")?;
        let spans = self.recognize_iob2(&doc, tagger);
        for (sent, spans) in doc.sentences.iter_mut().zip(spans) {
            let tags = iob2::uner_tags(sent.tokens.len(), &spans);
            for (tok, tag) in sent.tokens.iter_mut().zip(tags) {
                tok.cols[2] = tag;
            }
        }
        Ok(iob2::write(&doc))
    }

    /// Recognise the entities of every sentence of a parsed IOB2 file,
    /// document by document; `tagger` may supply UPOS per sentence.
    pub fn recognize_iob2(
        &self,
        doc: &iob2::Document,
        mut tagger: Option<UposFn<'_>>,
    ) -> Vec<Vec<(usize, usize, EntityType)>> {
        let mut out = Vec::with_capacity(doc.sentences.len());
        for range in iob2::documents(doc) {
            let sents = &doc.sentences[range];
            let words: Vec<Vec<&str>> = sents.iter().map(iob2::Sentence::words).collect();
            let upos_owned: Vec<Vec<String>> = match tagger.as_mut() {
                Some(f) => words.iter().map(|w| f(w)).collect(),
                None => Vec::new(),
            };
            let upos: Vec<Vec<&str>> = upos_owned
                .iter()
                .map(|u| u.iter().map(String::as_str).collect())
                .collect();
            out.extend(self.recognize_doc(&words, &upos));
        }
        out
    }
}

/// Tag index layout: 0 = O; for kind `k`, B = 1+4k, I = 2+4k, L = 3+4k, U = 4+4k.
pub const N_TAGS: usize = 1 + 4 * KINDS.len();

/// Decode a BILOU tag index sequence into `(start, end, kind)` spans,
/// tolerating ill-formed sequences.
pub fn spans_from_tags(tags: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let (part, kind) = if t == 0 {
            (0, 0)
        } else {
            (((t - 1) % 4) + 1, ((t - 1) / 4) as usize)
        };
        match part {
            1 => {
                open = Some((i, kind));
            }
            2 => {
                if !matches!(open, Some((_, k)) if k == kind) {
                    open = Some((i, kind));
                }
            }
            3 => {
                let start = match open {
                    Some((s, k)) if k == kind => s,
                    _ => i,
                };
                out.push((start, i + 1, kind));
                open = None;
            }
            4 => {
                out.push((i, i + 1, kind));
                open = None;
            }
            _ => open = None,
        }
    }
    out
}

/// Encode spans of kind indices as a BILOU tag index sequence of `len` tags.
pub fn tags_from_spans(len: usize, spans: &[(usize, usize, usize)]) -> Vec<u8> {
    let mut tags = vec![0u8; len];
    for &(s, e, k) in spans {
        if s >= e || e > len || k >= KINDS.len() {
            continue;
        }
        let base = (1 + 4 * k) as u8;
        if e - s == 1 {
            tags[s] = base + 3;
        } else {
            tags[s] = base;
            for t in tags.iter_mut().take(e - 1).skip(s + 1) {
                *t = base + 1;
            }
            tags[e - 1] = base + 2;
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou_round_trip() {
        let spans = vec![(0, 2, 0), (3, 4, 2), (5, 8, 1)];
        let tags = tags_from_spans(9, &spans);
        assert_eq!(spans_from_tags(&tags), spans);
    }

    /// Deterministic xorshift for the random-input test.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    fn random_word(state: &mut u64) -> String {
        const POOL: &[&str] = &[
            "a",
            "Z",
            "0",
            "é",
            "Ω",
            "中",
            "😀",
            "\u{0}",
            "\u{202e}",
            "\t",
            " ",
            "-",
            ".",
            "'s",
            "ﬁ",
            "İ",
            "\u{301}",
            "Paris",
            "McDonald",
            "U.S.",
            "http://x.y",
            "a@b.c",
            "",
        ];
        let len = (next(state) % 6) as usize;
        (0..len)
            .map(|_| POOL[(next(state) % POOL.len() as u64) as usize])
            .collect()
    }

    #[test]
    fn random_input_never_panics_and_spans_are_valid() {
        let rec = Recognizer::load().unwrap();
        let mut state = 0x1234_5678_9abc_def1u64;
        for round in 0..300 {
            let n = (next(&mut state) % 40) as usize;
            let owned: Vec<String> = (0..n).map(|_| random_word(&mut state)).collect();
            let words: Vec<&str> = owned.iter().map(String::as_str).collect();
            // UPOS: none, too few, or garbage.
            let upos_owned: Vec<String> = match round % 3 {
                0 => Vec::new(),
                1 => (0..n / 2).map(|_| "PROPN".to_string()).collect(),
                _ => (0..n).map(|_| random_word(&mut state)).collect(),
            };
            let upos: Vec<&str> = upos_owned.iter().map(String::as_str).collect();
            let spans = rec.recognize(&words, &upos);
            let mut last_end = 0;
            for &(s, e, _) in &spans {
                assert!(s < e && e <= n, "bad span {s}..{e} of {n}");
                assert!(s >= last_end, "overlapping spans");
                last_end = e;
            }
            // Deterministic.
            assert_eq!(spans, rec.recognize(&words, &upos));
        }
    }

    #[test]
    fn empty_and_very_long_inputs() {
        let rec = Recognizer::load().unwrap();
        assert!(rec.recognize(&[], &[]).is_empty());
        let long: Vec<&str> = ["John", "Smith", "went", "to", "London", "and"]
            .iter()
            .cycle()
            .take(200_000)
            .copied()
            .collect();
        let spans = rec.recognize(&long, &[]);
        assert!(spans.iter().all(|&(s, e, _)| s < e && e <= long.len()));
    }

    #[test]
    fn finds_obvious_entities() {
        let rec = Recognizer::load().unwrap();
        let words = [
            "President",
            "Barack",
            "Obama",
            "met",
            "officials",
            "from",
            "Microsoft",
            "in",
            "Paris",
            "on",
            "Monday",
            ".",
        ];
        let upos = [
            "PROPN", "PROPN", "PROPN", "VERB", "NOUN", "ADP", "PROPN", "ADP", "PROPN", "ADP",
            "PROPN", "PUNCT",
        ];
        let spans = rec.recognize(&words, &upos);
        assert!(spans.contains(&(1, 3, EntityType::Per)), "{spans:?}");
        assert!(
            spans.iter().any(
                |&(s, e, k)| (s, e) == (8, 9) && matches!(k, EntityType::Gpe | EntityType::Loc)
            ),
            "{spans:?}"
        );
    }

    #[test]
    fn tag_iob2_fills_only_the_tag_column() {
        let rec = Recognizer::load().unwrap();
        let text = "# sent_id = t-1\n1\tAngela\tO\t-\t-\n2\tMerkel\tO\t-\t-\n3\tspoke\tO\t-\t-\n\n";
        let out = rec.tag_iob2(text, None).unwrap();
        let before = iob2::parse(text, "a").unwrap();
        let after = iob2::parse(&out, "b").unwrap();
        assert_eq!(before.sentences.len(), after.sentences.len());
        for (x, y) in before.sentences[0]
            .tokens
            .iter()
            .zip(&after.sentences[0].tokens)
        {
            assert_eq!(x.cols[0], y.cols[0]);
            assert_eq!(x.cols[1], y.cols[1]);
            assert_eq!(x.cols[3..], y.cols[3..]);
            assert!(y.cols[2] == "O" || y.cols[2].starts_with("B-") || y.cols[2].starts_with("I-"));
        }
        assert!(rec.tag_iob2("1\tbad\n", None).is_err());
    }

    #[test]
    fn documents_are_tagged_consistently() {
        let rec = Recognizer::load().unwrap();
        // Whatever the first pass finds in the first sentence, the second
        // pass labels the same name in the other sentences of its document,
        // and only there.
        let sent = |id: &str, words: &[&str]| {
            let mut s = format!("# sent_id = {id}\n");
            for (i, w) in words.iter().enumerate() {
                s.push_str(&format!("{}\t{w}\tO\t-\t-\n", i + 1));
            }
            s + "\n"
        };
        let first = ["Angela", "Merkel", "visited", "Paris", "on", "Monday", "."];
        let other = ["we", "talked", "about", "angela", "merkel", "and", "paris"];
        let text = sent("d1-1", &first) + &sent("d1-2", &other) + &sent("d2-1", &other);
        let doc = iob2::parse(&text, "t").unwrap();
        let spans = rec.recognize_iob2(&doc, None);
        let alone = rec.recognize(&other, &[]);
        assert_eq!(spans[2], alone, "another document is not affected");
        let firsts: Vec<_> = rec.recognize(&first, &[]);
        for &(s, e, _) in &firsts {
            let name: Vec<String> = first[s..e].iter().map(|w| w.to_lowercase()).collect();
            // Every occurrence of the name in the second sentence is covered
            // by a span (propagated, or one the first pass already had there).
            for a in 0..other.len().saturating_sub(e - s - 1) {
                let b = a + (e - s);
                if other[a..b]
                    .iter()
                    .map(|w| w.to_lowercase())
                    .eq(name.iter().cloned())
                {
                    assert!(
                        spans[1].iter().any(|&(x, y, _)| x < b && a < y),
                        "{:?} not covered in {:?}",
                        &first[s..e],
                        spans[1]
                    );
                }
            }
        }
        assert!(!firsts.is_empty());
        let tagged = rec.tag_iob2(&text, None).unwrap();
        assert_eq!(iob2::parse(&tagged, "t").unwrap().sentences.len(), 3);
    }

    #[test]
    fn ill_formed_tags_do_not_panic() {
        // I without B, B without L, L of another kind.
        let tags = [2u8, 1, 0, 5, 3, 7];
        let spans = spans_from_tags(&tags);
        for (s, e, k) in spans {
            assert!(s < e && e <= tags.len() && k < KINDS.len());
        }
    }

    #[test]
    fn prepared_forms_change_no_entity() {
        let plain = Recognizer::load().unwrap();
        let text = "President Barack Obama met Angela Merkel in Berlin on Monday . \
                    The United Nations said the talks in New York were useful . \
                    the european union and nato ministers met in paris , france . \
                    APPLE SAID ON TUESDAY THAT TIM COOK WILL VISIT CHINA . \
                    Zürich and São Paulo are cities ; Ünal works for Siemens AG .";
        let forms: Vec<String> = text.split(' ').map(str::to_string).collect();
        let prepared = plain.clone().with_forms(&forms);
        assert!(prepared.model().n_forms() > 30);
        let mut state = 0x0bad_5eed_1234_5678u64;
        let mut checked = 0;
        for round in 0..200 {
            // Sentences of known and unknown words, with and without UPOS.
            let n = 1 + (next(&mut state) % 30) as usize;
            let owned: Vec<String> = (0..n)
                .map(|_| match next(&mut state) % 3 {
                    0 => random_word(&mut state),
                    _ => forms[(next(&mut state) % forms.len() as u64) as usize].clone(),
                })
                .collect();
            let words: Vec<&str> = owned.iter().map(String::as_str).collect();
            let upos: Vec<&str> = if round % 2 == 0 {
                Vec::new()
            } else {
                words.iter().map(|_| "PROPN").collect()
            };
            let expected = plain.recognize(&words, &upos);
            assert_eq!(prepared.recognize(&words, &upos), expected);
            checked += expected.len();
        }
        let words: Vec<&str> = text.split(' ').collect();
        let found = prepared.recognize(&words, &[]);
        assert_eq!(found, plain.recognize(&words, &[]));
        assert!(found.len() + checked >= 5, "the sentences name entities");
    }
}
