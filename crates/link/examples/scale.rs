//! Linking at scale on synthetic annotated corpora, with quality against the truth.
//!
//! `cargo run --release -p chronicle-link --example scale -- 10000 30000 100000`
//!
//! For each N: generates N articles (not timed in the linking figure), links them, and
//! prints the wall and CPU time, the CPU time per n·log2(n) relative to the first N, and B-cubed scores
//! of event clusters (over event reports) and stories (over articles), and precision
//! and recall of syndicated-copy detection. `STORY_THRESHOLD=0.2` overrides the story
//! threshold; `SPAN_DAYS=0` turns multi-day spans off and `FAMILIES=0` category
//! families (for ablations). By default every corpus spans two years (denser as N grows); `PER_DAY=40`
//! spreads N articles over N/40 days instead (a stream with a constant daily volume).

use chronicle_link::synth::{bcubed, generate, generate_over};
use chronicle_link::{link_all, LinkConfig};
use std::collections::HashMap;
use std::time::Instant;

/// CPU seconds (user + system) used by this process so far, from /proc (Linux); 0
/// elsewhere. Wall time on a shared machine counts other people's work too.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 30_000, 100_000]
    } else {
        sizes
    };
    println!(
        "{:>8} {:>8} {:>9} {:>9} {:>12} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8}",
        "articles",
        "gen_s",
        "link_wall",
        "link_cpu",
        "us/(n lg n)",
        "clusters",
        "ev_P",
        "ev_R",
        "story_P",
        "story_R",
        "dup_P",
        "dup_R",
        "stories"
    );
    let per_day: Option<usize> = std::env::var("PER_DAY").ok().and_then(|v| v.parse().ok());
    let mut base: Option<f64> = None;
    for n in sizes {
        let t0 = Instant::now();
        let corpus = match per_day {
            Some(r) => generate_over(n, 42, (n / r.max(1)) as i64),
            None => generate(n, 42),
        };
        let gen_s = t0.elapsed().as_secs_f64();
        let truth_story: HashMap<String, u32> = corpus
            .iter()
            .map(|a| (a.article.id.clone(), a.story))
            .collect();
        let truth_copy: HashMap<String, Option<String>> = corpus
            .iter()
            .map(|a| {
                (
                    a.article.id.clone(),
                    a.copy_of.map(|o| corpus[o].article.id.clone()),
                )
            })
            .collect();
        let truth_event: HashMap<(String, u32), u64> = corpus
            .iter()
            .flat_map(|a| {
                a.events
                    .iter()
                    .enumerate()
                    .map(|(i, e)| ((a.article.id.clone(), i as u32), *e))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut articles: Vec<_> = corpus.into_iter().map(|a| a.article).collect();
        let t1 = Instant::now();
        let c1 = cpu_seconds();
        let mut cfg = LinkConfig::default();
        if let Some(t) = std::env::var("STORY_THRESHOLD")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            cfg.story_threshold = t;
        }
        if let Some(d) = std::env::var("SPAN_DAYS").ok().and_then(|v| v.parse().ok()) {
            cfg.span_days = d;
        }
        if std::env::var("FAMILIES").is_ok_and(|v| v == "0") {
            cfg.families = false;
        }
        let result = link_all(&mut articles, cfg);
        let link_s = t1.elapsed().as_secs_f64();
        let link_cpu = cpu_seconds() - c1;
        drop(articles);
        let nlogn = n as f64 * (n as f64).log2();
        let per = link_cpu * 1e6 / nlogn;
        let rel = *base.get_or_insert(per);
        let mut ev_items = Vec::new();
        for c in &result.clusters {
            for m in &c.mentions {
                if let Some(t) = truth_event.get(&(m.article.clone(), m.event_index)) {
                    ev_items.push((c.id.clone(), *t));
                }
            }
        }
        let (ev_p, ev_r) = bcubed(&ev_items);
        let st_items: Vec<(String, u32)> = result
            .article_stories
            .iter()
            .filter_map(|(a, s)| truth_story.get(a).map(|t| (s.clone(), *t)))
            .collect();
        let (st_p, st_r) = bcubed(&st_items);
        let mut predicted_copy: HashMap<&str, &str> = HashMap::new();
        for g in &result.dup_groups {
            for m in g.members.iter().skip(1) {
                predicted_copy.insert(m.article.as_str(), g.original.as_str());
            }
        }
        let true_copies = truth_copy.values().filter(|v| v.is_some()).count();
        let correct = predicted_copy
            .iter()
            .filter(|(a, o)| {
                truth_copy
                    .get(**a)
                    .and_then(|x| x.as_deref())
                    .is_some_and(|t| t == **o)
            })
            .count();
        let dup_p = correct as f64 / predicted_copy.len().max(1) as f64;
        let dup_r = correct as f64 / true_copies.max(1) as f64;
        println!(
            "{:>8} {:>8.2} {:>9.2} {:>9.2} {:>12.3} {:>9} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>8}",
            n, gen_s, link_s, link_cpu, per / rel, result.clusters.len(), ev_p, ev_r, st_p, st_r, dup_p, dup_r, result.stories.len()
        );
    }
}
