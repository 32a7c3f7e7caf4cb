//! Scoring in the benchmarks' own terms (see `shared/data/README.md`):
//! AEB — tokens `\w+`, 4-gram shingle multisets per page, per-page precision and recall
//! averaged over pages, F1 of the two means; WCXB — lower-cased `\w+` bag-of-words F1
//! per page averaged, and title / author / date accuracy over pages whose truth has them.

use std::collections::HashMap;

/// Tokens as the regex `\w+` finds them.
pub fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let toks = words(text);
    let mut m = HashMap::new();
    if toks.is_empty() {
        return m;
    }
    if toks.len() < 4 {
        *m.entry(toks).or_insert(0) += 1;
        return m;
    }
    for w in toks.windows(4) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

fn overlap<K: std::hash::Hash + Eq>(a: &HashMap<K, usize>, b: &HashMap<K, usize>) -> usize {
    a.iter()
        .map(|(k, n)| (*n).min(*b.get(k).unwrap_or(&0)))
        .sum()
}

/// Per-page precision and recall of 4-gram shingles. An empty prediction has precision
/// 1 when the truth is empty too, else 0; an empty truth gives recall 1.
pub fn shingle_pr(pred: &str, truth: &str) -> (f64, f64) {
    let p = shingles(pred);
    let t = shingles(truth);
    let np: usize = p.values().sum();
    let nt: usize = t.values().sum();
    let tp = overlap(&p, &t) as f64;
    let prec = if np == 0 {
        if nt == 0 {
            1.0
        } else {
            0.0
        }
    } else {
        tp / np as f64
    };
    let rec = if nt == 0 { 1.0 } else { tp / nt as f64 };
    (prec, rec)
}

/// AEB score over pages: (mean precision, mean recall, F1 of the means).
pub fn aeb_score(pairs: &[(String, String)]) -> (f64, f64, f64) {
    if pairs.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let (mut sp, mut sr) = (0.0, 0.0);
    for (pred, truth) in pairs {
        let (p, r) = shingle_pr(pred, truth);
        sp += p;
        sr += r;
    }
    let n = pairs.len() as f64;
    let (p, r) = (sp / n, sr / n);
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Lower-cased bag-of-words F1 of one page (1 when both are empty).
pub fn word_f1(pred: &str, truth: &str) -> f64 {
    let count = |s: &str| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for w in words(s) {
            *m.entry(w.to_lowercase()).or_insert(0) += 1;
        }
        m
    };
    let p = count(pred);
    let t = count(truth);
    let np: usize = p.values().sum();
    let nt: usize = t.values().sum();
    if np == 0 && nt == 0 {
        return 1.0;
    }
    if np == 0 || nt == 0 {
        return 0.0;
    }
    let tp = overlap(&p, &t) as f64;
    let (pr, rc) = (tp / np as f64, tp / nt as f64);
    if tp == 0.0 {
        0.0
    } else {
        2.0 * pr * rc / (pr + rc)
    }
}

/// Title match: equal after collapsing whitespace and folding typographic quotes to
/// ASCII (the WCXB truth writes `'` where pages print `’`); case and all other
/// characters count.
pub fn title_match(pred: &str, truth: &str) -> bool {
    let n = |s: &str| {
        s.replace(['’', '‘'], "'")
            .replace(['“', '”'], "\"")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    n(pred) == n(truth)
}

/// Author match: the same set of lower-cased name words (ignoring "by" and "and"),
/// so "Ada Quill and Ben Ort" matches "Ben Ort, Ada Quill".
pub fn author_match(pred: &str, truth: &str) -> bool {
    let set = |s: &str| {
        let mut v: Vec<String> = words(s)
            .into_iter()
            .map(str::to_lowercase)
            .filter(|w| w != "by" && w != "and")
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let (p, t) = (set(pred), set(truth));
    !t.is_empty() && p == t
}

/// Date match: the same `YYYY-MM-DD` (the prediction may carry a time).
pub fn date_match(pred: &str, truth: &str) -> bool {
    let p = pred.trim();
    let t = truth.trim();
    p.len() >= 10 && t.len() >= 10 && p.get(..10) == t.get(..10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_score_partial_overlap() {
        let truth = "one two three four five six";
        assert_eq!(shingle_pr(truth, truth), (1.0, 1.0));
        let (p, r) = shingle_pr("one two three four five six seven eight", truth);
        assert!((r - 1.0).abs() < 1e-9);
        assert!((p - 0.6).abs() < 1e-9, "{p}");
        assert_eq!(shingle_pr("", truth), (0.0, 0.0));
        let (_, _, f) = aeb_score(&[(truth.into(), truth.into()), ("".into(), truth.into())]);
        assert!((f - 0.5).abs() < 1e-9);
    }

    #[test]
    fn word_f1_is_case_blind() {
        assert!((word_f1("The Cat sat", "the cat sat") - 1.0).abs() < 1e-9);
        assert!((word_f1("cat", "cat dog") - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(word_f1("", "cat"), 0.0);
    }

    #[test]
    fn metadata_matches() {
        assert!(title_match(" Harbour  wall ", "Harbour wall"));
        assert!(title_match("Ada’s wall", "Ada's wall"));
        assert!(!title_match("Harbour wall | Gazette", "Harbour wall"));
        assert!(author_match("Ben Ort, Ada Quill", "Ada Quill and Ben Ort"));
        assert!(!author_match("Ada Quill", "Ada Quill and Ben Ort"));
        assert!(date_match("2021-03-07T09:00:00Z", "2021-03-07"));
        assert!(!date_match("2021-03-08", "2021-03-07"));
    }
}
