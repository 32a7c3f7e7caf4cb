//! Synthetic annotated corpora for linking benchmarks: stories between two countries,
//! each with a handful of true events reported by several articles in varied words,
//! some as plans before they happen, some denied, and syndicated copies. Every article
//! carries the truth (its story, the true event of each annotated event, the article it
//! copies), so the linker's clusters, stories and duplicate groups can be scored.
//!
//! Deterministic: the same `n` and `seed` give the same corpus.

use crate::LinkArticle;
use chronicle_core::{
    Actor, Annotations, DateBasis, EntityType, Event, Factuality, Mention, Span, Stance, Statement,
};
use chrono::{Duration, NaiveDate};

/// One generated article and the truth about it.
#[derive(Debug, Clone)]
pub struct SynthArticle {
    /// The article, annotated.
    pub article: LinkArticle,
    /// Its true story.
    pub story: u32,
    /// The true event of each of its events, in layer order.
    pub events: Vec<u64>,
    /// The index of the article it copies, when it is a syndicated copy.
    pub copy_of: Option<usize>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const COUNTRIES: &[(&str, &str, &str)] = &[
    ("USA", "the United States", "Washington"),
    ("RUS", "Russia", "Moscow"),
    ("CHN", "China", "Beijing"),
    ("IRN", "Iran", "Tehran"),
    ("PRK", "North Korea", "Pyongyang"),
    ("KOR", "South Korea", "Seoul"),
    ("UKR", "Ukraine", "Kyiv"),
    ("GBR", "Britain", "London"),
    ("FRA", "France", "Paris"),
    ("DEU", "Germany", "Berlin"),
    ("JPN", "Japan", "Tokyo"),
    ("IND", "India", "New Delhi"),
    ("PAK", "Pakistan", "Islamabad"),
    ("TUR", "Turkey", "Ankara"),
    ("ISR", "Israel", "Jerusalem"),
    ("EGY", "Egypt", "Cairo"),
    ("SAU", "Saudi Arabia", "Riyadh"),
    ("QAT", "Qatar", "Doha"),
    ("BRA", "Brazil", "Brasilia"),
    ("MEX", "Mexico", "Mexico City"),
    ("NGA", "Nigeria", "Abuja"),
    ("ZAF", "South Africa", "Pretoria"),
    ("ETH", "Ethiopia", "Addis Ababa"),
    ("KEN", "Kenya", "Nairobi"),
    ("IDN", "Indonesia", "Jakarta"),
    ("VNM", "Vietnam", "Hanoi"),
    ("PHL", "the Philippines", "Manila"),
    ("AUS", "Australia", "Canberra"),
    ("CAN", "Canada", "Ottawa"),
    ("POL", "Poland", "Warsaw"),
    ("SYR", "Syria", "Damascus"),
    ("IRQ", "Iraq", "Baghdad"),
    ("VEN", "Venezuela", "Caracas"),
    ("COL", "Colombia", "Bogota"),
    ("SRB", "Serbia", "Belgrade"),
    ("ARM", "Armenia", "Yerevan"),
    ("AZE", "Azerbaijan", "Baku"),
    ("GEO", "Georgia", "Tbilisi"),
    ("KAZ", "Kazakhstan", "Astana"),
    ("BLR", "Belarus", "Minsk"),
];

/// (PLOVER category, CAMEO code, past-tense phrases, base-form phrases).
const VERBS: &[(&str, &str, &[&str], &[&str])] = &[
    (
        "CONSULT",
        "040",
        &[
            "held talks with",
            "met envoys from",
            "hosted a delegation from",
        ],
        &["hold talks with", "meet envoys from"],
    ),
    (
        "AGREE",
        "057",
        &["signed an agreement with", "reached a deal with"],
        &["sign an agreement with", "reach a deal with"],
    ),
    (
        "AID",
        "070",
        &["sent aid to", "delivered supplies to", "shipped weapons to"],
        &["send aid to", "deliver supplies to"],
    ),
    (
        "THREATEN",
        "130",
        &["threatened", "issued a threat against"],
        &["threaten"],
    ),
    (
        "SANCTION",
        "163",
        &["imposed sanctions on", "announced an embargo on"],
        &["impose sanctions on"],
    ),
    (
        "ASSAULT",
        "190",
        &["attacked positions held by", "launched strikes against"],
        &["attack"],
    ),
    (
        "MOBILIZE",
        "150",
        &["held military drills near", "deployed troops toward"],
        &["hold military drills near"],
    ),
    ("ACCUSE", "112", &["accused", "blamed"], &["accuse"]),
    (
        "COOPERATE",
        "050",
        &["pledged cooperation with", "expanded ties with"],
        &["expand ties with"],
    ),
    (
        "REJECT",
        "120",
        &["rejected a proposal from", "turned down an offer from"],
        &["reject a proposal from"],
    ),
];

const PLACES: &[&str] = &[
    "Geneva",
    "Vienna",
    "Doha",
    "Istanbul",
    "Brussels",
    "New York",
    "Astana",
    "Singapore",
    "Oslo",
    "Nairobi",
    "Jakarta",
    "Lima",
    "Rabat",
    "Tbilisi",
    "Muscat",
    "Helsinki",
];

const TOPICS: &[&str] = &[
    "pipeline",
    "grain",
    "border",
    "reactor",
    "port",
    "fisheries",
    "dam",
    "railway",
    "satellite",
    "refinery",
    "airspace",
    "visa",
    "tariff",
    "prisoner",
    "ceasefire",
    "mine",
    "corridor",
    "cable",
    "election",
    "currency",
    "drone",
    "frigate",
    "vaccine",
    "uranium",
    "wheat",
    "lithium",
    "bridge",
    "canal",
    "embassy",
    "convoy",
    "hostage",
    "oilfield",
    "garrison",
    "archipelago",
    "strait",
    "enclave",
    "monastery",
    "airbase",
    "fertiliser",
    "turbine",
];

const FILLER_SUBJECTS: &[&str] = &[
    "Analysts",
    "Diplomats",
    "Residents",
    "Traders",
    "Opposition lawmakers",
    "Aid workers",
    "Economists",
    "Military observers",
    "Regional officials",
    "Shipping agents",
];
const FILLER_VERBS: &[&str] = &[
    "noted",
    "warned about",
    "questioned",
    "pointed to",
    "described",
    "welcomed",
    "worried about",
    "tracked",
    "discussed",
    "studied",
];
const FILLER_OBJECTS: &[&str] = &[
    "rising prices",
    "the cost of the dispute",
    "long queues at the crossing",
    "a quiet week in the capital",
    "new satellite images",
    "the state of the talks",
    "falling exports",
    "delays at the port",
    "heavy rain in the region",
    "the mood in parliament",
    "the pace of reconstruction",
    "rumours of a reshuffle",
    "a shortage of fuel",
    "the backlog of court cases",
    "protests by farmers",
    "the price of bread",
];

const OUTLETS: &[&str] = &[
    "Meridian Wire",
    "Northgate Times",
    "Atlas Daily",
    "The Harbor Ledger",
    "Coastline Post",
    "Granite Herald",
    "Evening Courier",
    "Pacific Monitor",
    "Summit Tribune",
    "Delta Observer",
];

struct TrueEvent {
    id: u64,
    verb: usize,
    src: usize,
    tgt: usize,
    day: NaiveDate,
    place: &'static str,
    /// Announced in advance (reported as planned before it happens).
    planned: bool,
    /// Denied by its source in some reports.
    disputed: bool,
}

/// A made-up proper name ("Varotel", "Kesimar"): stories need distinguishing names
/// (people, places, projects) as real ones have; 20^3 = 8,000 of them.
fn topic_word(rng: &mut Rng) -> String {
    const SYL: &[&str] = &[
        "va", "ro", "tel", "ke", "si", "mar", "lo", "den", "pa", "vik", "su", "nor", "ta", "bel",
        "mi", "rash", "go", "lin", "ze", "dor",
    ];
    let mut w = String::new();
    for _ in 0..3 {
        w.push_str(rng.pick(SYL));
    }
    w
}

struct StoryPlan {
    a: usize,
    b: usize,
    start: NaiveDate,
    len: i64,
    topics: [String; 2],
    events: Vec<TrueEvent>,
}

fn plan_story(rng: &mut Rng, id: u32, base: NaiveDate, span_days: i64) -> StoryPlan {
    let a = rng.below(COUNTRIES.len());
    let mut b = rng.below(COUNTRIES.len());
    if b == a {
        b = (a + 1) % COUNTRIES.len();
    }
    let start = base + Duration::days(rng.below(span_days as usize) as i64);
    let len = 10 + rng.below(40) as i64;
    let topics = [topic_word(rng), topic_word(rng)];
    let n_events = 3 + rng.below(5);
    let mut events = Vec::new();
    for k in 0..n_events {
        let (src, tgt) = if rng.chance(0.5) { (a, b) } else { (b, a) };
        events.push(TrueEvent {
            id: (u64::from(id) << 8) | k as u64,
            verb: rng.below(VERBS.len()),
            src,
            tgt,
            day: start + Duration::days(rng.below(len as usize) as i64),
            place: rng.pick(PLACES),
            planned: rng.chance(0.15),
            disputed: rng.chance(0.1),
        });
    }
    StoryPlan {
        a,
        b,
        start,
        len,
        topics,
        events,
    }
}

/// Builds text and annotations piece by piece, keeping byte offsets.
#[derive(Default)]
struct Builder {
    text: String,
    ann: Annotations,
}

impl Builder {
    fn push(&mut self, s: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(s);
        Span::new(start, self.text.len())
    }
    fn actor(&mut self, c: usize, capital: bool) -> Actor {
        let (code, name, cap) = COUNTRIES[c];
        let words = if capital { cap } else { name };
        let span = self.push(words);
        self.ann.mentions.push(Mention {
            span,
            kind: EntityType::Gpe,
            entity: Some(format!("country:{code}")),
            code: Some(code.to_string()),
            sector: None,
        });
        Actor {
            code: Some(code.to_string()),
            sector: None,
            text: words.to_string(),
            entity: Some(format!("country:{code}")),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Generates `n` annotated articles published over two years (so the density of
/// concurrent stories grows with `n`).
pub fn generate(n: usize, seed: u64) -> Vec<SynthArticle> {
    generate_over(n, seed, 730)
}

/// Generates `n` annotated articles whose stories start over `span_days` days (use
/// `n / articles_per_day` for a stream with a constant daily volume).
pub fn generate_over(n: usize, seed: u64, span_days: i64) -> Vec<SynthArticle> {
    let mut rng = Rng(seed ^ 0x5157_4e54_4845_5449);
    let base = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    let span_days = span_days.max(1);
    let n_stories = (n / 20).max(1);
    let stories: Vec<StoryPlan> = (0..n_stories)
        .map(|i| plan_story(&mut rng, i as u32, base, span_days))
        .collect();
    let mut out: Vec<SynthArticle> = Vec::with_capacity(n);
    for i in 0..n {
        if i > 0 && rng.chance(0.08) {
            // A syndicated copy of a recent article, in another outlet, a day later at most.
            let o = i - 1 - rng.below(i.min(50));
            let orig = &out[o];
            let orig_idx = orig.copy_of.unwrap_or(o);
            let mut a = out[orig_idx].article.clone();
            let outlet = rng.pick(OUTLETS);
            a.id = format!("syn{i:07}");
            a.url = Some(format!(
                "https://synthetic.test/{}/{i}",
                outlet.replace(' ', "-").to_lowercase()
            ));
            a.source = Some(outlet.to_string());
            if rng.chance(0.5) {
                let day = a.published.as_deref().and_then(crate::text::parse_day);
                a.published = day.map(|d| (d + Duration::days(1)).to_string());
            }
            let story = out[orig_idx].story;
            let events = out[orig_idx].events.clone();
            out.push(SynthArticle {
                article: a,
                story,
                events,
                copy_of: Some(orig_idx),
            });
            continue;
        }
        let si = rng.below(stories.len());
        let st = &stories[si];
        let day = st.start + Duration::days(rng.below(st.len as usize + 10) as i64);
        let outlet = rng.pick(OUTLETS);
        let mut b = Builder::default();
        let title = format!(
            "{} and {} at odds over {} {}",
            capitalise(COUNTRIES[st.a].1),
            COUNTRIES[st.b].1,
            capitalise(&st.topics[0]),
            st.topics[1]
        );
        let mut truth = Vec::new();
        let k = 1 + rng.below(3);
        for _ in 0..k {
            let e = &st.events[rng.below(st.events.len())];
            let (cat, cameo, past, base_form) = VERBS[e.verb];
            let before = day < e.day;
            if before && !e.planned {
                continue;
            }
            let sent_start = b.text.len();
            let capital = rng.chance(0.3);
            let mut statement = None;
            let (src, trigger, factuality);
            if before {
                // Announced in advance.
                src = b.actor(e.src, capital);
                b.push(" is expected to ");
                trigger = b.push(rng.pick(base_form));
                factuality = Factuality::Predicted;
            } else if e.disputed && rng.chance(0.4) {
                // Denied by the accused side.
                let speaker = b.push("A spokesperson");
                b.push(" for ");
                src = b.actor(e.src, capital);
                b.push(" ");
                let cue = b.push("denied");
                b.push(" that it had ");
                let content_start = b.text.len();
                trigger = b.push(rng.pick(past));
                statement = Some((speaker, cue, content_start, Stance::Deny));
                factuality = Factuality::Negated;
            } else {
                src = b.actor(e.src, capital);
                b.push(" ");
                trigger = b.push(rng.pick(past));
                factuality = Factuality::Asserted;
            }
            b.push(" ");
            let tgt = b.actor(e.tgt, rng.chance(0.3));
            b.push(&format!(
                " in {} over the {} {}",
                e.place,
                capitalise(&st.topics[0]),
                st.topics[1]
            ));
            let (date, basis) = match rng.below(10) {
                0 => (Some(day.to_string()), DateBasis::PublicationFallback),
                1 => (Some(e.day.format("%Y-%m").to_string()), DateBasis::Explicit),
                _ => {
                    b.push(&format!(" on {}", e.day.format("%B %-d")));
                    (Some(e.day.to_string()), DateBasis::Explicit)
                }
            };
            if statement.is_none() && rng.chance(0.4) {
                b.push(", ");
                let speaker =
                    b.push(rng.pick(&["officials", "a government statement", "diplomats"]));
                b.push(" ");
                let cue = b.push("said");
                statement = Some((speaker, cue, sent_start, Stance::Assert));
            }
            b.push(". ");
            let sentence = Span::new(sent_start, b.text.len().saturating_sub(1));
            let attributed_to = statement.map(|(speaker, cue, content_start, stance)| {
                b.ann.statements.push(Statement {
                    speaker,
                    speaker_entity: None,
                    cue,
                    content: Span::new(content_start, sentence.end as usize),
                    direct: false,
                    stance,
                    date: Some(day.to_string()),
                });
                (b.ann.statements.len() - 1) as u32
            });
            b.ann.events.push(Event {
                category: cat.to_string(),
                mode: None,
                context: None,
                cameo: Some(cameo.to_string()),
                source: vec![src],
                target: vec![tgt],
                location: Some(e.place.to_string()),
                date,
                date_basis: basis,
                factuality,
                attributed_to,
                sentence,
                trigger,
            });
            truth.push(e.id);
        }
        for _ in 0..(4 + rng.below(5)) {
            b.push(&format!(
                "{} {} {} as the {} question {}. ",
                rng.pick(FILLER_SUBJECTS),
                rng.pick(FILLER_VERBS),
                rng.pick(FILLER_OBJECTS),
                rng.pick(TOPICS),
                rng.pick(&[
                    "lingered",
                    "returned",
                    "deepened",
                    "faded",
                    "dominated the agenda",
                    "stalled"
                ]),
            ));
        }
        let text = b.text.trim_end().to_string();
        out.push(SynthArticle {
            article: LinkArticle {
                id: format!("syn{i:07}"),
                url: Some(format!(
                    "https://synthetic.test/{}/{i}",
                    outlet.replace(' ', "-").to_lowercase()
                )),
                source: Some(outlet.to_string()),
                title: Some(title),
                published: Some(day.to_string()),
                text,
                annotations: b.ann,
            },
            story: si as u32,
            events: truth,
            copy_of: None,
        });
    }
    out
}

/// B-cubed precision and recall of a clustering against the truth, over items that
/// carry both a predicted and a true label.
pub fn bcubed<P: std::hash::Hash + Eq + Clone, T: std::hash::Hash + Eq + Clone>(
    items: &[(P, T)],
) -> (f64, f64) {
    use std::collections::HashMap;
    let mut pred: HashMap<P, HashMap<T, usize>> = HashMap::new();
    let mut gold: HashMap<T, usize> = HashMap::new();
    let mut pred_size: HashMap<P, usize> = HashMap::new();
    for (p, t) in items {
        *pred
            .entry(p.clone())
            .or_default()
            .entry(t.clone())
            .or_insert(0) += 1;
        *gold.entry(t.clone()).or_insert(0) += 1;
        *pred_size.entry(p.clone()).or_insert(0) += 1;
    }
    let (mut prec, mut rec) = (0.0, 0.0);
    for (p, t) in items {
        let both = pred.get(p).and_then(|m| m.get(t)).copied().unwrap_or(0) as f64;
        prec += both / pred_size.get(p).copied().unwrap_or(1) as f64;
        rec += both / gold.get(t).copied().unwrap_or(1) as f64;
    }
    let n = items.len().max(1) as f64;
    (prec / n, rec / n)
}
