//! brat standoff for attribution (the PARC/PolNeAR convention): `Source`, `Cue` and
//! `Content` text-bound spans with CHARACTER offsets (discontinuous spans joined by `;`),
//! linked by `Attribution` events (`E1\tAttribution:T2 Source:T1 Content:T3`); and the
//! scoring of predicted against gold annotations.

use crate::statements::Attribution;
use crate::text::{byte_offset, char_offset};
use crate::EventsError;
use chronicle_core::Span;
use std::collections::BTreeMap;

/// One attribution in character offsets: (start, end) fragments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CharAttribution {
    /// Source fragments.
    pub source: Vec<(usize, usize)>,
    /// Cue fragments.
    pub cue: Vec<(usize, usize)>,
    /// Content fragments.
    pub content: Vec<(usize, usize)>,
}

fn to_chars(text: &str, spans: &[Span]) -> Vec<(usize, usize)> {
    spans
        .iter()
        .map(|s| {
            (
                char_offset(text, s.start as usize),
                char_offset(text, s.end as usize),
            )
        })
        .collect()
}

/// Converts byte-offset attributions to character offsets.
pub fn to_char_attributions(text: &str, atts: &[Attribution]) -> Vec<CharAttribution> {
    atts.iter()
        .filter(|a| !a.content.is_empty() && !a.source.is_empty() && !a.cue.is_empty())
        .map(|a| CharAttribution {
            source: to_chars(text, &a.source),
            cue: to_chars(text, &a.cue),
            content: to_chars(text, &a.content),
        })
        .collect()
}

fn frag_text(text: &str, frags: &[(usize, usize)]) -> String {
    frags
        .iter()
        .map(|&(s, e)| {
            let bs = byte_offset(text, s).unwrap_or(text.len());
            let be = byte_offset(text, e).unwrap_or(text.len());
            text.get(bs..be).unwrap_or("").replace(['\n', '\t'], " ")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes attributions as brat standoff (`.ann` content), sharing identical spans.
pub fn write_ann(text: &str, atts: &[CharAttribution]) -> String {
    let mut ids: BTreeMap<(String, Vec<(usize, usize)>), String> = BTreeMap::new();
    let mut lines = Vec::new();
    let mut events = Vec::new();
    for a in atts {
        let mut ent = |kind: &str, frags: &[(usize, usize)]| -> String {
            let key = (kind.to_string(), frags.to_vec());
            if let Some(id) = ids.get(&key) {
                return id.clone();
            }
            let id = format!("T{}", ids.len() + 1);
            let offs = frags
                .iter()
                .map(|(s, e)| format!("{s} {e}"))
                .collect::<Vec<_>>()
                .join(";");
            lines.push(format!("{id}\t{kind} {offs}\t{}", frag_text(text, frags)));
            ids.insert(key, id.clone());
            id
        };
        let s = ent("Source", &a.source);
        let c = ent("Cue", &a.cue);
        let t = ent("Content", &a.content);
        events.push((c, s, t));
    }
    for (i, (c, s, t)) in events.iter().enumerate() {
        lines.push(format!(
            "E{}\tAttribution:{c} Source:{s} Content:{t}",
            i + 1
        ));
    }
    let mut out = lines.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Reads brat standoff: `Attribution` events with their `Source`, `Cue` and `Content`
/// spans. Other lines (attributes, notes, other types) are ignored.
pub fn read_ann(src: &str, path: &str) -> Result<Vec<CharAttribution>, EventsError> {
    let bad = |line: usize, message: String| EventsError::Input {
        path: path.to_string(),
        line,
        message,
    };
    let mut tb: BTreeMap<String, (String, Vec<(usize, usize)>)> = BTreeMap::new();
    let mut evs: Vec<(usize, &str)> = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let ln = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let id = cols.next().unwrap_or("");
        let body = cols
            .next()
            .ok_or_else(|| bad(ln, "expected tab-separated fields".into()))?;
        if id.starts_with('T') {
            let (kind, offs) = body
                .split_once(' ')
                .ok_or_else(|| bad(ln, format!("no offsets in {body:?}")))?;
            let mut frags = Vec::new();
            for f in offs.split(';') {
                let mut it = f.split_whitespace();
                let s = it.next().and_then(|x| x.parse::<usize>().ok());
                let e = it.next().and_then(|x| x.parse::<usize>().ok());
                match (s, e) {
                    (Some(s), Some(e)) if s <= e => frags.push((s, e)),
                    _ => return Err(bad(ln, format!("bad offsets {f:?}"))),
                }
            }
            tb.insert(id.to_string(), (kind.to_string(), frags));
        } else if id.starts_with('E') {
            evs.push((ln, body));
        }
    }
    let mut out = Vec::new();
    for (ln, body) in evs {
        let mut a = CharAttribution::default();
        let mut is_attr = false;
        for (k, arg) in body.split_whitespace().enumerate() {
            let (role, tid) = arg
                .split_once(':')
                .ok_or_else(|| bad(ln, format!("bad argument {arg:?}")))?;
            let Some((kind, frags)) = tb.get(tid) else {
                return Err(bad(ln, format!("unknown span id {tid}")));
            };
            if k == 0 {
                is_attr = role == "Attribution";
                if is_attr {
                    a.cue = frags.clone();
                }
                continue;
            }
            let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
            match role {
                "Source" => a.source.extend(frags.iter().copied()),
                "Content" => a.content.extend(frags.iter().copied()),
                "Cue" => a.cue.extend(frags.iter().copied()),
                _ => {}
            }
            let _ = kind;
        }
        if is_attr {
            out.push(a);
        }
    }
    Ok(out)
}

/// Counts for precision/recall/F1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// True positives (may be fractional for token overlap).
    pub tp: f64,
    /// Predicted total.
    pub pred: f64,
    /// Gold total.
    pub gold: f64,
}

impl Prf {
    /// Precision.
    pub fn precision(&self) -> f64 {
        if self.pred > 0.0 {
            self.tp / self.pred
        } else {
            0.0
        }
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        if self.gold > 0.0 {
            self.tp / self.gold
        } else {
            0.0
        }
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

/// Attribution scores over a corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AttributionScores {
    /// Exact-span source matches.
    pub source: Prf,
    /// Exact-span cue matches.
    pub cue: Prf,
    /// Content word-token overlap (on attributions matched by cue overlap).
    pub content: Prf,
    /// Gold attributions.
    pub gold: usize,
    /// Predicted attributions.
    pub predicted: usize,
}

fn word_positions(text: &str, frags: &[(usize, usize)]) -> Vec<usize> {
    // Character positions of word tokens (alphanumeric runs) inside the fragments.
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for &(s, e) in frags {
        let mut k = s;
        while k < e.min(chars.len()) {
            if chars[k].is_alphanumeric() {
                out.push(k);
                while k < e.min(chars.len()) && chars[k].is_alphanumeric() {
                    k += 1;
                }
            } else {
                k += 1;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Scores one document's predicted attributions against gold; adds into `acc`.
///
/// Source and cue: exact match of the (sorted) fragment sets, counted over the distinct
/// spans of each side. Content: gold and predicted attributions are paired when their
/// cues overlap; overlap is counted over word tokens, unpaired content counts in full.
pub fn score_doc(
    text: &str,
    gold: &[CharAttribution],
    pred: &[CharAttribution],
    acc: &mut AttributionScores,
) {
    fn exact(g: &[Vec<(usize, usize)>], p: &[Vec<(usize, usize)>], prf: &mut Prf) {
        let norm = |v: &[Vec<(usize, usize)>]| {
            let mut v: Vec<Vec<(usize, usize)>> = v
                .iter()
                .map(|f| {
                    let mut f = f.clone();
                    f.sort_unstable();
                    f
                })
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let (g, p) = (norm(g), norm(p));
        prf.gold += g.len() as f64;
        prf.pred += p.len() as f64;
        prf.tp += p.iter().filter(|x| g.contains(x)).count() as f64;
    }
    let gs: Vec<_> = gold.iter().map(|a| a.source.clone()).collect();
    let ps: Vec<_> = pred.iter().map(|a| a.source.clone()).collect();
    exact(&gs, &ps, &mut acc.source);
    let gc: Vec<_> = gold.iter().map(|a| a.cue.clone()).collect();
    let pc: Vec<_> = pred.iter().map(|a| a.cue.clone()).collect();
    exact(&gc, &pc, &mut acc.cue);
    let overlaps = |a: &[(usize, usize)], b: &[(usize, usize)]| {
        a.iter().any(|x| b.iter().any(|y| x.0 < y.1 && y.0 < x.1))
    };
    let mut used = vec![false; pred.len()];
    for g in gold {
        let gw = word_positions(text, &g.content);
        acc.content.gold += gw.len() as f64;
        if let Some(pi) = (0..pred.len()).find(|&i| !used[i] && overlaps(&pred[i].cue, &g.cue)) {
            used[pi] = true;
            let pw = word_positions(text, &pred[pi].content);
            acc.content.pred += pw.len() as f64;
            acc.content.tp += pw.iter().filter(|w| gw.binary_search(w).is_ok()).count() as f64;
        }
    }
    for (i, p) in pred.iter().enumerate() {
        if !used[i] {
            acc.content.pred += word_positions(text, &p.content).len() as f64;
        }
    }
    acc.gold += gold.len();
    acc.predicted += pred.len();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_then_read_round_trips_with_discontinuous_content() {
        let text = "“Yes,” she said. “More soon.”";
        let a = CharAttribution {
            source: vec![(7, 10)],
            cue: vec![(11, 15)],
            content: vec![(1, 4), (18, 28)],
        };
        let ann = write_ann(text, std::slice::from_ref(&a));
        assert!(ann.contains("Content 1 4;18 28"), "{ann}");
        assert!(ann.contains("Source 7 10\tshe"), "{ann}");
        let back = read_ann(&ann, "x.ann").expect("parse");
        assert_eq!(back, vec![a]);
    }

    #[test]
    fn bad_ann_lines_are_typed_errors() {
        assert!(read_ann("T1\tSource x y\tfoo\n", "a.ann").is_err());
        assert!(read_ann("E1\tAttribution:T9 Source:T1\n", "a.ann").is_err());
        assert!(read_ann("T1 no tabs\n", "a.ann").is_err());
    }

    #[test]
    fn scores_exact_spans_and_content_overlap() {
        let text = "Ann said the plan failed badly.";
        let gold = vec![CharAttribution {
            source: vec![(0, 3)],
            cue: vec![(4, 8)],
            content: vec![(9, 30)],
        }];
        let pred = vec![CharAttribution {
            source: vec![(0, 3)],
            cue: vec![(4, 8)],
            content: vec![(13, 30)],
        }];
        let mut s = AttributionScores::default();
        score_doc(text, &gold, &pred, &mut s);
        assert!((s.source.f1() - 1.0).abs() < 1e-9);
        assert!((s.cue.f1() - 1.0).abs() < 1e-9);
        // gold content words: the plan failed badly (4), predicted: plan failed badly (3)
        assert!((s.content.precision() - 1.0).abs() < 1e-9);
        assert!((s.content.recall() - 0.75).abs() < 1e-9);
    }
}
