//! Evaluation of tokenisation and sentence splitting from raw text, the
//! CoNLL 2018 way: the gold CoNLL-U `# text` lines are joined into a raw text
//! (sentences of a paragraph separated by a space, paragraphs by a blank
//! line), the text is segmented, and tokens, words and sentences are matched
//! by their exact character (here: byte) extents.
//!
//! Words inside a multiword token (`don't` = `do` + `n't`) get extents by
//! cutting the token's surface at the word boundaries when the word forms
//! spell it out; otherwise they share the token's extent.

use std::collections::HashSet;

use crate::conllu::{ConlluSentence, RowKind};
use crate::tokenize::{sentence_ranges, tokenize_words};

/// Precision, recall and F1 of one unit.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Gold units.
    pub gold: usize,
    /// Predicted units.
    pub pred: usize,
    /// Exactly matching units.
    pub correct: usize,
}

impl Prf {
    fn of(gold: &HashSet<(usize, usize)>, pred: &HashSet<(usize, usize)>) -> Prf {
        Prf {
            gold: gold.len(),
            pred: pred.len(),
            correct: gold.intersection(pred).count(),
        }
    }

    /// Precision.
    pub fn precision(&self) -> f64 {
        self.correct as f64 / self.pred.max(1) as f64
    }

    /// Recall.
    pub fn recall(&self) -> f64 {
        self.correct as f64 / self.gold.max(1) as f64
    }

    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Segmentation scores.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SegScores {
    /// Surface tokens (multiword tokens count once).
    pub tokens: Prf,
    /// Syntactic words.
    pub words: Prf,
    /// Sentences.
    pub sentences: Prf,
}

/// Builds the raw text and the gold token, word and sentence extents.
#[allow(clippy::type_complexity)]
pub fn gold_segmentation(
    gold: &[ConlluSentence],
) -> (
    String,
    Vec<(usize, usize)>,
    Vec<(usize, usize)>,
    Vec<(usize, usize)>,
) {
    let mut text = String::new();
    let (mut toks, mut words, mut sents) = (Vec::new(), Vec::new(), Vec::new());
    for s in gold {
        let Some(t) = s.text() else { continue };
        let newpar = s
            .comments
            .iter()
            .any(|c| c.starts_with("# newpar") || c.starts_with("# newdoc"));
        if !text.is_empty() {
            text.push_str(if newpar { "\n\n" } else { " " });
        }
        let base = text.len();
        text.push_str(t);
        let mut cur = 0usize;
        let mut first: Option<usize> = None;
        let mut last = 0usize;
        let mut skip_until = 0u32;
        let rows = &s.rows;
        for (ri, r) in rows.iter().enumerate() {
            let id = &r.cols[0];
            match r.kind {
                RowKind::Empty => continue,
                RowKind::Word => {
                    let n: u32 = id.parse().unwrap_or(0);
                    if n <= skip_until {
                        continue;
                    }
                }
                RowKind::Multiword => {}
            }
            let form = r.form();
            let Some(off) = t.get(cur..).and_then(|rest| rest.find(form)) else {
                continue;
            };
            let a = cur + off;
            let b = a + form.len();
            cur = b;
            toks.push((base + a, base + b));
            first.get_or_insert(base + a);
            last = base + b;
            if r.kind == RowKind::Multiword {
                let (lo, hi) = id.split_once('-').unwrap_or(("0", "0"));
                let (lo, hi): (u32, u32) = (lo.parse().unwrap_or(0), hi.parse().unwrap_or(0));
                skip_until = hi;
                let parts: Vec<&str> = rows[ri + 1..]
                    .iter()
                    .filter(|x| x.kind == RowKind::Word)
                    .filter(|x| x.cols[0].parse::<u32>().is_ok_and(|k| k >= lo && k <= hi))
                    .map(|x| x.form())
                    .collect();
                let joined: String = parts.concat();
                if joined.to_lowercase() == form.to_lowercase() && joined.len() == form.len() {
                    let mut p = a;
                    for w in parts {
                        words.push((base + p, base + p + w.len()));
                        p += w.len();
                    }
                } else {
                    for _ in parts {
                        words.push((base + a, base + b));
                    }
                }
            } else {
                words.push((base + a, base + b));
            }
        }
        if let Some(f) = first {
            sents.push((f, last));
        }
    }
    (text, toks, words, sents)
}

/// Segments the raw text of `gold` and scores tokens, words and sentences.
pub fn evaluate_segmentation(gold: &[ConlluSentence]) -> SegScores {
    let (text, gt, gw, gs) = gold_segmentation(gold);
    let words = tokenize_words(&text);
    let pw: HashSet<(usize, usize)> = words
        .iter()
        .map(|w| (w.span.start as usize, w.span.end as usize))
        .collect();
    let mut pt: Vec<(usize, usize)> = Vec::new();
    for w in &words {
        let (a, b) = (w.span.start as usize, w.span.end as usize);
        match pt.last_mut() {
            Some(last) if w.clitic && last.1 == a => last.1 = b,
            _ => pt.push((a, b)),
        }
    }
    let ps: HashSet<(usize, usize)> = sentence_ranges(&text, &words)
        .into_iter()
        .map(|(a, b)| (words[a].span.start as usize, words[b - 1].span.end as usize))
        .collect();
    let set = |v: Vec<(usize, usize)>| v.into_iter().collect::<HashSet<_>>();
    SegScores {
        tokens: Prf::of(&set(gt), &pt.into_iter().collect()),
        words: Prf::of(&set(gw), &pw),
        sentences: Prf::of(&set(gs), &ps),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_segmentation_scores_one() {
        let text = "# newpar\n# text = I don't know.\n1\tI\t_\t_\t_\t_\t_\t_\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\t_\t_\t_\t_\t_\t_\t_\t_\n3\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n4\tknow\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n# text = It rains.\n1\tIt\t_\t_\t_\t_\t_\t_\t_\t_\n2\trains\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
        let gold = crate::conllu::parse(text).unwrap_or_default();
        let (raw, toks, words, sents) = gold_segmentation(&gold);
        assert_eq!(raw, "I don't know. It rains.");
        assert_eq!(toks.len(), 7);
        assert_eq!(words.len(), 8);
        assert_eq!(sents, vec![(0, 13), (14, 23)]);
        let s = evaluate_segmentation(&gold);
        assert_eq!(s.tokens.f1(), 1.0);
        assert_eq!(s.words.f1(), 1.0);
        assert_eq!(s.sentences.f1(), 1.0);
    }
}
