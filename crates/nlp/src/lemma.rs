//! Lemmatizer: an exception table learnt from the training treebanks, over
//! suffix rules keyed by the XPOS tag.

use std::collections::HashMap;

use crate::conllu::ConlluSentence;
use crate::model::{self, IdMap, Reader};
use crate::NlpError;

/// A lemmatizer.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    /// Keyed by [`key`] of (lower-cased form, XPOS).
    exceptions: IdMap<String>,
    /// The same entries as text, for serialisation.
    entries: Vec<(String, String, String)>,
}

/// Lookup key of a lower-cased form and an XPOS tag.
fn key(lower: &str, xpos: &str) -> u64 {
    model::mix(model::hash_str(lower), model::hash_str(xpos))
}

fn from_entries(mut entries: Vec<(String, String, String)>) -> Lemmatizer {
    entries.sort();
    let exceptions = entries
        .iter()
        .map(|(f, x, l)| (key(f, x), l.clone()))
        .collect();
    Lemmatizer {
        exceptions,
        entries,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn strip_suffix_rules(w: &str, xpos: &str) -> String {
    let n = w.chars().count();
    let cut = |k: usize| -> String { w.chars().take(n.saturating_sub(k)).collect() };
    match xpos {
        "NNS" | "NNPS" | "VBZ" => {
            if n > 4 && w.ends_with("ies") {
                return cut(3) + "y";
            }
            if n > 3
                && (w.ends_with("ses")
                    || w.ends_with("xes")
                    || w.ends_with("ches")
                    || w.ends_with("shes")
                    || w.ends_with("zes"))
                && !w.ends_with("uses")
                && !w.ends_with("ases")
            {
                return cut(2);
            }
            if n > 2
                && w.ends_with('s')
                && !w.ends_with("ss")
                && !w.ends_with("us")
                && !w.ends_with("is")
            {
                return cut(1);
            }
            w.to_string()
        }
        "VBD" | "VBN" => {
            if n > 4 && w.ends_with("ied") {
                return cut(3) + "y";
            }
            if n > 3 && w.ends_with("ed") {
                let stem: Vec<char> = w.chars().take(n - 2).collect();
                let m = stem.len();
                if m >= 2
                    && stem[m - 1] == stem[m - 2]
                    && !matches!(stem[m - 1], 'l' | 's' | 'z' | 'f')
                    && !is_vowel(stem[m - 1])
                {
                    return stem[..m - 1].iter().collect();
                }
                if m >= 2
                    && (stem[m - 1] == 'v'
                        || stem[m - 1] == 'c'
                        || (stem[m - 1] == 'u' && !is_vowel(stem[m - 2]))
                        || w.ends_with("ated")
                        || w.ends_with("ized")
                        || w.ends_with("ised"))
                {
                    return cut(1);
                }
                return cut(2);
            }
            w.to_string()
        }
        "VBG" => {
            if n > 5 && w.ends_with("ing") {
                let stem: Vec<char> = w.chars().take(n - 3).collect();
                let m = stem.len();
                if m >= 2
                    && stem[m - 1] == stem[m - 2]
                    && !matches!(stem[m - 1], 'l' | 's' | 'z' | 'f')
                    && !is_vowel(stem[m - 1])
                {
                    return stem[..m - 1].iter().collect();
                }
                if w.ends_with("ating") || w.ends_with("izing") || w.ends_with("ving") {
                    return cut(3) + "e";
                }
                return cut(3);
            }
            w.to_string()
        }
        "JJR" | "RBR" => {
            if n > 4 && w.ends_with("ier") {
                return cut(3) + "y";
            }
            if n > 4 && w.ends_with("er") {
                return cut(2);
            }
            w.to_string()
        }
        "JJS" | "RBS" => {
            if n > 5 && w.ends_with("iest") {
                return cut(4) + "y";
            }
            if n > 5 && w.ends_with("est") {
                return cut(3);
            }
            w.to_string()
        }
        _ => w.to_string(),
    }
}

fn rule(form: &str, upos: &str, xpos: &str) -> String {
    if upos == "PROPN" {
        return form.to_string();
    }
    // Most words are ASCII without capitals: already their own lower-cased
    // form (and without curly apostrophes), so no copy is made.
    let lower: std::borrow::Cow<'_, str> = if form
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        std::borrow::Cow::Borrowed(form)
    } else {
        std::borrow::Cow::Owned(form.to_lowercase().replace('’', "'"))
    };
    match lower.as_ref() {
        "n't" | "not" => return "not".into(),
        "'re" | "'m" | "am" | "is" | "are" | "was" | "were" | "been" | "being" if upos == "AUX" => {
            return "be".into()
        }
        "'s" if upos == "AUX" => return "be".into(),
        "'ve" => return "have".into(),
        "'ll" => return "will".into(),
        "'d" if xpos == "MD" => return "would".into(),
        "ca" if xpos == "MD" => return "can".into(),
        "wo" if xpos == "MD" => return "will".into(),
        _ => {}
    }
    strip_suffix_rules(&lower, xpos)
}

impl Lemmatizer {
    /// Learns the exceptions to the rules from gold CoNLL-U sentences.
    pub fn train(sents: &[ConlluSentence]) -> Lemmatizer {
        let mut counts: HashMap<(String, String), HashMap<String, u32>> = HashMap::new();
        for s in sents {
            for r in s.words() {
                let key = (r.cols[1].to_lowercase(), r.cols[4].clone());
                *counts
                    .entry(key)
                    .or_default()
                    .entry(r.cols[2].clone())
                    .or_default() += 1;
            }
        }
        let mut entries = Vec::new();
        for ((form, xpos), m) in counts {
            let mut best: Vec<(&String, &u32)> = m.iter().collect();
            best.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let lemma = best[0].0.clone();
            if lemma == "_" {
                continue;
            }
            // Proper nouns keep their form; only store what the rules miss.
            let upos_guess = if xpos.starts_with("NNP") { "PROPN" } else { "" };
            let predicted = rule(&form, upos_guess, &xpos);
            if predicted != lemma && upos_guess != "PROPN" {
                entries.push((form, xpos, lemma));
            }
        }
        from_entries(entries)
    }

    /// The lemma of a word with its tags.
    pub fn lemma(&self, form: &str, upos: &str, xpos: &str) -> String {
        if upos != "PROPN" {
            let k = if form.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
                key(&form.to_lowercase(), xpos)
            } else {
                key(form, xpos)
            };
            if let Some(l) = self.exceptions.get(&k) {
                return l.clone();
            }
        }
        rule(form, upos, xpos)
    }

    /// Number of learnt exceptions.
    pub fn len(&self) -> usize {
        self.exceptions.len()
    }

    /// Whether no exceptions were learnt.
    pub fn is_empty(&self) -> bool {
        self.exceptions.is_empty()
    }

    /// Serialises (compressed).
    pub fn to_bytes(&self) -> Vec<u8> {
        let v: Vec<String> = self
            .entries
            .iter()
            .map(|(f, x, l)| format!("{f}\t{x}\t{l}"))
            .collect();
        let mut raw = b"CHRLEM01".to_vec();
        model::put_strings(&mut raw, &v);
        model::compress(&raw)
    }

    /// Loads what [`Lemmatizer::to_bytes`] wrote.
    pub fn from_bytes(data: &[u8]) -> Result<Lemmatizer, NlpError> {
        let raw = model::decompress(data)?;
        if raw.len() < 8 || &raw[..8] != b"CHRLEM01" {
            return Err(NlpError::Model("not a lemmatizer model".into()));
        }
        let mut r = Reader::new(&raw[8..]);
        let mut entries = Vec::new();
        for line in r.strings()? {
            let mut it = line.splitn(3, '\t');
            if let (Some(f), Some(x), Some(l)) = (it.next(), it.next(), it.next()) {
                entries.push((f.to_string(), x.to_string(), l.to_string()));
            }
        }
        Ok(from_entries(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_cover_regular_inflection() {
        let l = Lemmatizer::default();
        assert_eq!(l.lemma("countries", "NOUN", "NNS"), "country");
        assert_eq!(l.lemma("talks", "NOUN", "NNS"), "talk");
        assert_eq!(l.lemma("stopped", "VERB", "VBD"), "stop");
        assert_eq!(l.lemma("walked", "VERB", "VBD"), "walk");
        assert_eq!(l.lemma("n't", "PART", "RB"), "not");
        assert_eq!(l.lemma("Paris", "PROPN", "NNP"), "Paris");
        assert_eq!(l.lemma("The", "DET", "DT"), "the");
    }

    #[test]
    fn exceptions_are_learnt_and_round_trip() {
        let text = "1\twent\tgo\tVERB\tVBD\t_\t0\troot\t_\t_\n2\tchildren\tchild\tNOUN\tNNS\t_\t1\tobj\t_\t_\n\n";
        let sents = crate::conllu::parse(text).unwrap_or_default();
        let l = Lemmatizer::from_bytes(&Lemmatizer::train(&sents).to_bytes()).expect("loads");
        assert_eq!(l.lemma("went", "VERB", "VBD"), "go");
        assert_eq!(l.lemma("Children", "NOUN", "NNS"), "child");
        assert_eq!(l.len(), 2);
    }
}
