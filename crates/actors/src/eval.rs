//! Evaluations of linking: PLOVER gold actors (country codes) and GUM entity
//! identities (Wikipedia titles), plus a throughput measurement.

use crate::{ActorsError, Gazetteer, LinkedMention};
use chronicle_core::Span;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

fn read(path: &Path) -> Result<String, ActorsError> {
    std::fs::read_to_string(path).map_err(|e| ActorsError::Io {
        path: path.display().to_string(),
        source: e,
    })
}

#[derive(Debug, Deserialize)]
struct PloverActor {
    text: Option<String>,
    code: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PloverLine {
    id: String,
    text: String,
    #[serde(default)]
    source: Vec<PloverActor>,
    #[serde(default)]
    target: Vec<PloverActor>,
}

/// One gold actor the linker missed or coded wrongly.
#[derive(Debug, Clone, Serialize)]
pub struct PloverMiss {
    /// Sentence id.
    pub id: String,
    /// Gold words.
    pub text: String,
    /// Gold code.
    pub gold: String,
    /// Codes of linked mentions overlapping the gold words.
    pub found: Vec<String>,
}

/// PLOVER actor-coding scores.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PloverReport {
    /// Sentences read.
    pub sentences: usize,
    /// Gold actors with words and a code.
    pub gold: usize,
    /// Gold actors whose words could not be located in the sentence.
    pub unlocated: usize,
    /// Gold actors overlapped by some linked mention.
    pub overlapped: usize,
    /// Gold actors overlapped by a linked mention with the right code (the bar).
    pub correct: usize,
    /// Gold actors whose code is among the codes linked anywhere in the sentence.
    pub code_only: usize,
    /// The misses.
    pub misses: Vec<PloverMiss>,
}

impl PloverReport {
    /// Share of gold actors found with the right code.
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    /// Share of gold actors whose code appears in the sentence's links.
    pub fn code_only_recall(&self) -> f64 {
        ratio(self.code_only, self.gold)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Find gold words in the sentence; pieces split by ".." or "..." are found in order and
/// the span runs from the first to the last.
fn locate(text: &str, words: &str) -> Option<Span> {
    let pieces: Vec<String> = words
        .split("..")
        .map(|w| w.trim_matches(|c: char| c == '.' || c.is_whitespace()))
        .filter(|w| !w.is_empty())
        .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let lt = text.to_lowercase();
    let hay = if lt.len() == text.len() {
        lt.as_str()
    } else {
        text
    };
    let mut from = 0;
    let mut span: Option<Span> = None;
    for p in &pieces {
        let lp = p.to_lowercase();
        let needle = if hay.len() == text.len() && lp.len() == p.len() {
            lp.as_str()
        } else {
            p.as_str()
        };
        let i = text[from..]
            .find(p.as_str())
            .or_else(|| hay.get(from..).and_then(|h| h.find(needle)))?
            + from;
        let s = span.map_or(i, |x| x.start as usize);
        span = Some(Span::new(s, i + p.len()));
        from = i + p.len();
    }
    span
}

/// Score the linker on a PLOVER JSONL file (`text`, `source`/`target` with `text`, `code`).
pub fn eval_plover(g: &Gazetteer, path: &Path) -> Result<PloverReport, ActorsError> {
    let src = read(path)?;
    let mut rep = PloverReport::default();
    for (n, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let rec: PloverLine = serde_json::from_str(line).map_err(|e| ActorsError::Input {
            path: path.display().to_string(),
            line: n + 1,
            message: e.to_string(),
        })?;
        rep.sentences += 1;
        let links = g.link(&rec.text, None);
        let codes: HashSet<&str> = links.iter().filter_map(|m| m.code.as_deref()).collect();
        for a in rec.source.iter().chain(rec.target.iter()) {
            let (Some(words), Some(code)) = (a.text.as_deref(), a.code.as_deref()) else {
                continue;
            };
            if code.len() < 3 || words.trim().is_empty() {
                continue;
            }
            let gold = code[..3].to_ascii_uppercase();
            rep.gold += 1;
            if codes.contains(gold.as_str()) {
                rep.code_only += 1;
            }
            let Some(span) = locate(&rec.text, words) else {
                rep.unlocated += 1;
                rep.misses.push(PloverMiss {
                    id: rec.id.clone(),
                    text: words.to_string(),
                    gold,
                    found: Vec::new(),
                });
                continue;
            };
            let over: Vec<&LinkedMention> =
                links.iter().filter(|m| m.span.overlaps(&span)).collect();
            if !over.is_empty() {
                rep.overlapped += 1;
            }
            if over
                .iter()
                .any(|m| m.code.as_deref() == Some(gold.as_str()))
            {
                rep.correct += 1;
            } else {
                rep.misses.push(PloverMiss {
                    id: rec.id.clone(),
                    text: words.to_string(),
                    gold,
                    found: over.iter().filter_map(|m| m.code.clone()).collect(),
                });
            }
        }
    }
    Ok(rep)
}

/// One gold GUM mention: byte span in the rebuilt text, type, Wikipedia identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GumMention {
    /// Span in the document text.
    pub span: Span,
    /// `person`, `organization`, `place`.
    pub etype: String,
    /// Wikipedia title.
    pub identity: String,
    /// Whether a proper noun is among its words.
    pub named: bool,
}

/// A GUM document rebuilt as text with its linked mentions.
#[derive(Debug, Clone, Default)]
pub struct GumDoc {
    /// Document id.
    pub id: String,
    /// Creation date (`# meta::dateCreated`).
    pub date: Option<chrono::NaiveDate>,
    /// Text: tokens joined by their spacing, sentences by newlines.
    pub text: String,
    /// Gold mentions with identities.
    pub mentions: Vec<GumMention>,
}

/// Parse one GUM CoNLL-U file (entities from the MISC `Entity=` annotation).
pub fn parse_gum(src: &str) -> Vec<GumDoc> {
    let mut docs: Vec<GumDoc> = Vec::new();
    // Open entities: (group id, etype, identity, start byte, has PROPN).
    let mut open: Vec<(String, String, Option<String>, usize, bool)> = Vec::new();
    let mut doc = GumDoc::default();
    let mut need_space = false;
    for line in src.lines() {
        if let Some(rest) = line.strip_prefix("# newdoc id = ") {
            if !doc.id.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            doc.id = rest.trim().to_string();
            open.clear();
            need_space = false;
            continue;
        }
        if let Some(rest) = line.strip_prefix("# meta::dateCreated = ") {
            doc.date = crate::jsonl::parse_date(rest);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if !doc.text.is_empty() {
                doc.text.push('\n');
            }
            need_space = false;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 || cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        if need_space {
            doc.text.push(' ');
        }
        let start = doc.text.len();
        doc.text.push_str(cols[1]);
        let end = doc.text.len();
        let misc = cols[9];
        need_space = !misc.split('|').any(|m| m == "SpaceAfter=No");
        let propn = cols[3] == "PROPN";
        for o in open.iter_mut() {
            o.4 |= propn;
        }
        let Some(ent) = misc.split('|').find_map(|m| m.strip_prefix("Entity=")) else {
            continue;
        };
        let bytes = ent.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'(' {
                let j = ent[i + 1..]
                    .find(['(', ')'])
                    .map_or(ent.len(), |k| i + 1 + k);
                let body = &ent[i + 1..j];
                let f: Vec<&str> = body.splitn(8, '-').collect();
                let gid = f.first().copied().unwrap_or("").to_string();
                let etype = f.get(1).copied().unwrap_or("").to_string();
                let identity = f.get(7).map(|s| s.to_string()).filter(|s| !s.is_empty());
                if j < bytes.len() && bytes[j] == b')' {
                    if let Some(id) = identity {
                        doc.mentions.push(GumMention {
                            span: Span::new(start, end),
                            etype,
                            identity: id,
                            named: propn,
                        });
                    }
                    i = j + 1;
                } else {
                    open.push((gid, etype, identity, start, propn));
                    i = j;
                }
            } else if bytes[i].is_ascii_digit() {
                let j = ent[i..].find(')').map_or(ent.len(), |k| i + k);
                let gid = &ent[i..j];
                if let Some(pos) = open.iter().rposition(|o| o.0 == gid) {
                    let (_, etype, identity, s, named) = open.remove(pos);
                    if let Some(id) = identity {
                        doc.mentions.push(GumMention {
                            span: Span::new(s, end),
                            etype,
                            identity: id,
                            named,
                        });
                    }
                }
                i = j + 1;
            } else {
                i += 1;
            }
        }
    }
    if !doc.id.is_empty() {
        docs.push(doc);
    }
    docs
}

/// Scores for one entity type.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GumTypeScore {
    /// Named gold mentions with an identity.
    pub gold: usize,
    /// Of those, how many have an identity the gazetteer knows at all.
    pub in_gazetteer: usize,
    /// Gold mentions overlapped by a linked mention carrying a Wikipedia title.
    pub linked: usize,
    /// Of those, with the right title.
    pub correct: usize,
}

/// GUM linking scores by type.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GumReport {
    /// Documents read.
    pub documents: usize,
    /// Per type (`person`, `organization`, `place`, `all`).
    pub by_type: BTreeMap<String, GumTypeScore>,
    /// The commonest wrong links: (gold, linked, count).
    pub confusions: Vec<(String, String, usize)>,
}

fn norm_title(s: &str) -> String {
    s.replace(' ', "_").to_lowercase()
}

/// Score identity linking on GUM CoNLL-U files in `dir` (searched recursively one level).
pub fn eval_gum(g: &Gazetteer, dir: &Path) -> Result<GumReport, ActorsError> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = std::fs::read_dir(&d).map_err(|e| ActorsError::Io {
            path: d.display().to_string(),
            source: e,
        })?;
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "conllu") {
                files.push(p);
            }
        }
    }
    files.sort();
    let known: HashSet<String> = g
        .data
        .entities
        .iter()
        .flat_map(|e| {
            e.wiki
                .iter()
                .chain(e.aliases.iter().filter_map(|a| a.wiki.as_ref()))
                .map(|w| norm_title(w))
        })
        .collect();
    let mut rep = GumReport::default();
    let mut conf: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in files {
        for doc in parse_gum(&read(&f)?) {
            rep.documents += 1;
            let links = g.link(&doc.text, doc.date);
            for m in doc.mentions.iter().filter(|m| m.named) {
                let t = match m.etype.as_str() {
                    "person" | "organization" | "place" => m.etype.clone(),
                    _ => continue,
                };
                let gold = norm_title(&m.identity);
                let hit = links
                    .iter()
                    .filter(|l| l.span.overlaps(&m.span) && l.wiki.is_some())
                    .max_by_key(|l| l.span.end.min(m.span.end) - l.span.start.max(m.span.start));
                for key in [t.as_str(), "all"] {
                    let s = rep.by_type.entry(key.to_string()).or_default();
                    s.gold += 1;
                    if known.contains(&gold) {
                        s.in_gazetteer += 1;
                    }
                    if let Some(l) = hit {
                        s.linked += 1;
                        if l.wiki.as_deref().map(norm_title) == Some(gold.clone()) {
                            s.correct += 1;
                        }
                    }
                }
                if let Some(l) = hit {
                    let w = l.wiki.as_deref().map(norm_title).unwrap_or_default();
                    if w != gold {
                        *conf.entry((gold, w)).or_default() += 1;
                    }
                }
            }
        }
    }
    let mut c: Vec<(String, String, usize)> =
        conf.into_iter().map(|((a, b), n)| (a, b, n)).collect();
    c.sort_by_key(|x| std::cmp::Reverse(x.2));
    c.truncate(25);
    rep.confusions = c;
    Ok(rep)
}

/// Linking throughput, measured against a peer in the same run (these machines are shared
/// and noisy): the peer splits on whitespace and lower-cases every token, the least any
/// tokenizer does.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Throughput {
    /// Bytes linked (texts × rounds).
    pub bytes: usize,
    /// Whitespace tokens linked.
    pub tokens: usize,
    /// Seconds spent linking.
    pub link_secs: f64,
    /// Seconds spent by the peer on the same texts.
    pub peer_secs: f64,
}

impl Throughput {
    /// Linking speed in MB/s.
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / self.link_secs.max(1e-9) / 1e6
    }
    /// Linking speed in whitespace tokens per second.
    pub fn tokens_per_s(&self) -> f64 {
        self.tokens as f64 / self.link_secs.max(1e-9)
    }
    /// Linking time over the peer's.
    pub fn ratio(&self) -> f64 {
        self.link_secs / self.peer_secs.max(1e-9)
    }
}

/// Measure linking throughput over texts, `rounds` times each.
pub fn throughput(g: &Gazetteer, texts: &[String], rounds: usize) -> Throughput {
    let rounds = rounds.max(1);
    let bytes: usize = texts.iter().map(String::len).sum::<usize>() * rounds;
    let tokens: usize = texts
        .iter()
        .map(|t| t.split_whitespace().count())
        .sum::<usize>()
        * rounds;
    let t0 = std::time::Instant::now();
    let mut n = 0usize;
    for _ in 0..rounds {
        for t in texts {
            n += g.link(t, None).len();
        }
    }
    let link_secs = t0.elapsed().as_secs_f64();
    let t1 = std::time::Instant::now();
    for _ in 0..rounds {
        for t in texts {
            n += t
                .split_whitespace()
                .map(|w| w.to_lowercase().len())
                .sum::<usize>();
        }
    }
    let peer_secs = t1.elapsed().as_secs_f64();
    std::hint::black_box(n);
    Throughput {
        bytes,
        tokens,
        link_secs,
        peer_secs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gum_entities_parse_with_spans_and_identities() {
        let src = "# newdoc id = d1\n# meta::dateCreated = 2010-05-01\n\
1\tBarack\tBarack\tPROPN\tNNP\t_\t0\troot\t_\tEntity=(1-person-new-sssss-cf1-1,2-coref-Barack_Obama\n\
2\tObama\tObama\tPROPN\tNNP\t_\t1\tflat\t_\tEntity=1)\n\
3\tvisited\tvisit\tVERB\tVBD\t_\t1\tdep\t_\t_\n\
4\tJean-Claude\tx\tPROPN\tNNP\t_\t1\tobj\t_\tEntity=(2-person-new-sssss-cf1-1-coref-Jean-Claude_Juncker)|SpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";
        let docs = parse_gum(src);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.date, chrono::NaiveDate::from_ymd_opt(2010, 5, 1));
        assert_eq!(d.mentions.len(), 2);
        let m = d
            .mentions
            .iter()
            .find(|m| m.identity == "Barack_Obama")
            .expect("obama");
        assert_eq!(
            &d.text[m.span.start as usize..m.span.end as usize],
            "Barack Obama"
        );
        let j = d
            .mentions
            .iter()
            .find(|m| m.etype == "person" && m.identity.starts_with("Jean"));
        assert_eq!(j.map(|m| m.identity.as_str()), Some("Jean-Claude_Juncker"));
        assert!(d.text.contains("Jean-Claude."));
    }

    #[test]
    fn gold_words_are_located_with_ellipses() {
        let s = locate("U.S. trade negotiators met.", "U.S. ... negotiators").expect("found");
        assert_eq!(s, Span::new(0, 22));
        assert!(locate("nothing here", "Ghana").is_none());
    }
}
