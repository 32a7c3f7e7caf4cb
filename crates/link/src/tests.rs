//! Tests of the linker, questions and exports on a small hand-written corpus shaped
//! like DESIGN.md's example (texts written for these tests).

use crate::ask::{answer, parse_question, NameTable, Side, StatementRecord};
use crate::export::{gdelt_row, parquet_rows, Exporter, Format, GDELT_COLUMNS};
use crate::*;
use chronicle_core::{
    Actor, Annotations, DateBasis, EntityType, Event, Factuality, Mention, Span, Stance, Statement,
};

/// One event to write: (sentence, trigger word, category, source code+words,
/// target code+words, date, basis, factuality, speaker words+code+stance, location).
struct Ev {
    sentence: &'static str,
    trigger: &'static str,
    category: &'static str,
    src: (&'static str, &'static str),
    tgt: (&'static str, &'static str),
    date: Option<&'static str>,
    basis: DateBasis,
    fact: Factuality,
    speaker: Option<(&'static str, &'static str, Stance)>,
    location: Option<&'static str>,
}

fn ev(
    sentence: &'static str,
    trigger: &'static str,
    category: &'static str,
    src: (&'static str, &'static str),
    tgt: (&'static str, &'static str),
    date: Option<&'static str>,
    fact: Factuality,
) -> Ev {
    Ev {
        sentence,
        trigger,
        category,
        src,
        tgt,
        date,
        basis: if date.is_some() {
            DateBasis::Explicit
        } else {
            DateBasis::PublicationFallback
        },
        fact,
        speaker: None,
        location: None,
    }
}

fn article(
    id: &str,
    day: &str,
    source: &str,
    evs: Vec<Ev>,
    extra: &[(&str, &str, &str, Stance)],
) -> LinkArticle {
    let mut text = String::new();
    let mut ann = Annotations::default();
    let span_in = |text: &str, start: usize, w: &str| {
        let s = text[start..].find(w).map(|i| i + start).unwrap_or(start);
        Span::new(s, s + w.len())
    };
    for e in evs {
        let start = text.len();
        text.push_str(e.sentence);
        text.push(' ');
        let sentence = Span::new(start, start + e.sentence.len());
        let actor = |(code, words): (&str, &str), ann: &mut Annotations| {
            let span = span_in(&text, start, words);
            ann.mentions.push(Mention {
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
                entity: None,
            }
        };
        let src = actor(e.src, &mut ann);
        let tgt = actor(e.tgt, &mut ann);
        let attributed_to = e.speaker.map(|(words, code, stance)| {
            let speaker = span_in(&text, start, words);
            ann.mentions.push(Mention {
                span: speaker,
                kind: EntityType::Gpe,
                entity: None,
                code: Some(code.to_string()),
                sector: None,
            });
            ann.statements.push(Statement {
                speaker,
                speaker_entity: None,
                cue: span_in(&text, start, e.trigger),
                content: sentence,
                direct: false,
                stance,
                date: Some(day.to_string()),
            });
            (ann.statements.len() - 1) as u32
        });
        ann.events.push(Event {
            category: e.category.into(),
            mode: None,
            context: None,
            cameo: None,
            source: vec![src],
            target: vec![tgt],
            location: e.location.map(str::to_string),
            date: e.date.map(str::to_string),
            date_basis: e.basis,
            factuality: e.fact,
            attributed_to,
            sentence,
            trigger: span_in(&text, start, e.trigger),
        });
    }
    for (sentence, speaker, code, stance) in extra {
        let start = text.len();
        text.push_str(sentence);
        text.push(' ');
        let sp = span_in(&text, start, speaker);
        ann.mentions.push(Mention {
            span: sp,
            kind: EntityType::Gpe,
            entity: None,
            code: Some(code.to_string()),
            sector: None,
        });
        ann.statements.push(Statement {
            speaker: sp,
            speaker_entity: None,
            cue: sp,
            content: Span::new(sp.end as usize + 1, start + sentence.len()),
            direct: false,
            stance: *stance,
            date: None,
        });
    }
    LinkArticle {
        id: id.into(),
        url: Some(format!("https://example.test/{id}")),
        source: Some(source.into()),
        title: Some(format!("Arms talks between Moscow and Pyongyang ({id})")),
        published: Some(day.into()),
        text,
        annotations: ann,
    }
}

const PRK: (&str, &str) = ("PRK", "North Korea");
const RUS: (&str, &str) = ("RUS", "Russia");

fn corpus() -> Vec<LinkArticle> {
    let mut supply_a = ev(
        "US officials said North Korea supplied rockets and missiles to Russia's Wagner fighters last year.",
        "supplied", "AID", PRK, RUS, Some("2022"), Factuality::Asserted,
    );
    supply_a.speaker = Some(("US officials", "USA", Stance::Assert));
    let mut denial = ev(
        "North Korea denied it had supplied rockets or missiles to Russia's Wagner fighters.",
        "supplied",
        "AID",
        PRK,
        RUS,
        None,
        Factuality::Negated,
    );
    denial.speaker = Some(("North Korea", "PRK", Stance::Deny));
    let visit_a = ev(
        "Russia's defence minister visited North Korea in July for a military parade in Pyongyang.",
        "visited",
        "CONSULT",
        RUS,
        PRK,
        Some("2023-07"),
        Factuality::Asserted,
    );
    let mut trip = ev(
        "North Korea's leader is likely to travel to Russia later this month to meet Putin in Vladivostok.",
        "travel", "CONSULT", PRK, RUS, Some("2023-09"), Factuality::Predicted,
    );
    trip.location = Some("Vladivostok");
    let a = article(
        "a1",
        "2023-09-03",
        "Wire One",
        vec![supply_a, denial, visit_a, trip],
        &[],
    );

    let mut supply_b = ev(
        "Kirby said North Korea supplied rockets and missiles last year to Russia's Wagner fighters in Ukraine.",
        "supplied", "AID", PRK, RUS, Some("2022"), Factuality::Asserted,
    );
    supply_b.speaker = Some(("Kirby", "USA", Stance::Assert));
    let visit_b = ev(
        "The talks followed a July visit to North Korea by Russia's defence minister, who attended a parade.",
        "visit", "CONSULT", RUS, PRK, Some("2023-07"), Factuality::Asserted,
    );
    let b = article(
        "b1",
        "2023-09-05",
        "Daily Two",
        vec![supply_b, visit_b],
        &[(
            "The Kremlin declined to confirm that North Korea was supplying arms to Russia.",
            "Kremlin",
            "RUS",
            Stance::DeclineToConfirm,
        )],
    );
    let mut c = b.clone();
    c.id = "c1".into();
    c.source = Some("Third Herald".into());
    c.url = Some("https://example.test/c1".into());

    let mut met = ev(
        "North Korea's leader met Putin in Russia at a spaceport on Wednesday, ending days of speculation.",
        "met", "CONSULT", PRK, RUS, Some("2023-09-13"), Factuality::Asserted,
    );
    met.location = Some("Vostochny");
    let d = article("d1", "2023-09-14", "Wire One", vec![met], &[]);
    vec![a, b, c, d]
}

fn cluster_of<'a>(r: &'a LinkResult, article: &str, idx: u32) -> &'a EventCluster {
    r.clusters
        .iter()
        .find(|c| {
            c.mentions
                .iter()
                .any(|m| m.article == article && m.event_index == idx)
        })
        .unwrap_or_else(|| panic!("no cluster for {article}#{idx}"))
}

#[test]
fn repeated_reports_fold_into_one_event_with_their_sources() {
    let mut docs = corpus();
    let r = link_all(&mut docs, LinkConfig::default());
    let supply = cluster_of(&r, "a1", 0);
    assert!(
        std::ptr::eq(supply, cluster_of(&r, "a1", 1)),
        "the denial joins the claim"
    );
    assert!(std::ptr::eq(supply, cluster_of(&r, "b1", 0)));
    assert!(std::ptr::eq(supply, cluster_of(&r, "c1", 0)));
    assert_eq!(supply.summary.reports, 4);
    assert_eq!(
        supply.summary.sources,
        ["Daily Two", "Third Herald", "Wire One"]
    );
    assert_eq!(
        supply.summary.independent_reports, 2,
        "a syndicated copy is one text"
    );
    assert_eq!(supply.summary.first_reported.as_deref(), Some("2023-09-03"));
    assert_eq!(supply.summary.agreement, Some(Agreement::Disputed));
    assert_eq!(supply.summary.disagreement.denied_by, ["North Korea"]);
    assert_eq!(supply.date.as_deref(), Some("2022"));
    let visit = cluster_of(&r, "a1", 2);
    assert!(std::ptr::eq(visit, cluster_of(&r, "b1", 1)));
    assert_eq!(visit.summary.first_reported.as_deref(), Some("2023-09-03"));
    assert_eq!(visit.date.as_deref(), Some("2023-07"));
    // The prediction is its own (anticipated) event, not part of the visit.
    let trip = cluster_of(&r, "a1", 3);
    assert!(trip.anticipated);
    assert!(!std::ptr::eq(trip, visit));
    // 4 clusters: supply, July visit, predicted trip, the summit that took place.
    assert_eq!(r.clusters.len(), 4);
    // The copy is found.
    assert_eq!(r.dup_groups.len(), 1);
    assert_eq!(r.dup_groups[0].original, "b1");
    assert_eq!(r.dup_groups[0].members[1].article, "c1");
    assert!(r.dup_groups[0].members[1].exact);
}

#[test]
fn a_prediction_is_linked_to_what_happened() {
    let mut docs = corpus();
    let r = link_all(&mut docs, LinkConfig::default());
    assert_eq!(r.outcomes.len(), 1);
    let o = &r.outcomes[0];
    assert_eq!(o.anticipated, cluster_of(&r, "a1", 3).id);
    assert_eq!(o.realised, cluster_of(&r, "d1", 0).id);
    assert_eq!(o.factuality, Factuality::Predicted);
    assert_eq!(o.differences, ["location"]);
    assert_eq!(o.expected_date.as_deref(), Some("2023-09"));
    assert_eq!(o.actual_date.as_deref(), Some("2023-09-13"));
}

#[test]
fn linking_is_deterministic_and_incremental() {
    let mut docs = corpus();
    let r1 = link_all(&mut docs, LinkConfig::default());
    let mut rev = corpus();
    rev.reverse();
    let r2 = link_all(&mut rev, LinkConfig::default());
    assert_eq!(r1, r2, "input order does not matter");
    // Linking the first two articles, then all: earlier clusters keep their ids.
    let mut first = corpus()[..2].to_vec();
    let early = link_all(&mut first, LinkConfig::default());
    for c in &early.clusters {
        assert!(r1.clusters.iter().any(|x| x.id == c.id), "{} kept", c.id);
    }
    // Stories: the articles share events and end up together.
    let story = |a: &str| {
        r1.article_stories
            .iter()
            .find(|x| x.0 == a)
            .map(|x| x.1.clone())
    };
    assert!(story("a1").is_some());
    assert_eq!(story("a1"), story("b1"));
    assert_eq!(story("b1"), story("c1"));
    let s = &r1
        .stories
        .iter()
        .find(|s| Some(&s.id) == story("a1").as_ref())
        .expect("story");
    assert_eq!(s.first.as_deref(), Some("2023-09-03"));
    assert!(s.timeline.len() >= 3);
    assert!(s.timeline.windows(2).all(|w| w[0].date <= w[1].date));
}

#[test]
fn as_of_shows_what_was_known_then() {
    let mut docs = corpus();
    let r = link_all(&mut docs, LinkConfig::default());
    let supply = cluster_of(&r, "a1", 0);
    let then = supply.as_of("2023-09-04").expect("known on the 4th");
    assert_eq!(then.summary.reports, 2);
    assert_eq!(then.summary.sources, ["Wire One"]);
    assert!(cluster_of(&r, "d1", 0).as_of("2023-09-10").is_none());
}

#[test]
fn the_question_gets_evidence_for_against_and_unconfirmed() {
    let mut docs = corpus();
    let r = link_all(&mut docs, LinkConfig::default());
    let names = NameTable::builtin();
    let q = parse_question("Is North Korea supplying weapons to Russia?", &names);
    assert_eq!(
        q.actors.iter().map(|a| a.code.as_str()).collect::<Vec<_>>(),
        ["PRK", "RUS"]
    );
    assert_eq!(q.category.as_deref(), Some("AID"));
    let statements: Vec<StatementRecord> = docs
        .iter()
        .flat_map(|a| {
            a.annotations
                .statements
                .iter()
                .enumerate()
                .map(move |(i, s)| StatementRecord {
                    article: a.id.clone(),
                    index: i as u32,
                    source: a.source.clone(),
                    published: a.published.clone(),
                    speaker: a.text[s.speaker.start as usize..s.speaker.end as usize].to_string(),
                    speaker_entity: None,
                    speaker_code: a
                        .annotations
                        .mentions
                        .iter()
                        .find(|m| m.span == s.speaker)
                        .and_then(|m| m.code.clone()),
                    cue: String::new(),
                    direct: s.direct,
                    content: a
                        .text
                        .get(s.content.start as usize..s.content.end as usize)
                        .unwrap_or("")
                        .to_string(),
                    stance: s.stance,
                    date: None,
                })
        })
        .collect();
    let ans = answer(q, &r.clusters, &statements, &names);
    assert_eq!(
        ans.for_.len(),
        3,
        "US officials, Kirby and the copy of Kirby"
    );
    assert!(ans
        .for_
        .iter()
        .all(|e| e.side == Side::For && e.speaker_code.as_deref() == Some("USA")));
    assert_eq!(ans.against.len(), 1);
    assert_eq!(ans.against[0].speaker.as_deref(), Some("North Korea"));
    assert_eq!(
        ans.unconfirmed.len(),
        2,
        "the Kremlin, in the article and its copy"
    );
    assert!(
        ans.summary.starts_with("Asserted by USA"),
        "{}",
        ans.summary
    );
    assert!(ans.summary.contains("denied by PRK"), "{}", ans.summary);
    assert!(
        ans.summary.contains("not confirmed by RUS"),
        "{}",
        ans.summary
    );
    assert!(
        ans.summary
            .ends_with("no independent confirmation in the corpus."),
        "{}",
        ans.summary
    );
    // Every line is dated and sourced.
    assert!(ans
        .for_
        .iter()
        .chain(&ans.against)
        .chain(&ans.unconfirmed)
        .all(|e| e.published.is_some() && e.source.is_some()));
    // Nothing about another question.
    let none = answer(
        parse_question("Is Japan attacking Brazil?", &names),
        &r.clusters,
        &statements,
        &names,
    );
    assert!(none.for_.is_empty() && none.against.is_empty());
    assert!(none.summary.starts_with("No evidence"));
}

#[test]
fn exports_validate() {
    let mut docs = corpus();
    let r = link_all(&mut docs, LinkConfig::default());
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ex = Exporter::new(dir.path(), Format::Parquet, &r).expect("exporter");
    for a in &docs {
        ex.add(a).expect("add");
    }
    let written = ex.finish(&r).expect("finish");
    let events: usize = docs.iter().map(|a| a.annotations.events.len()).sum();
    let mentions: usize = docs.iter().map(|a| a.annotations.mentions.len()).sum();
    for (name, rows) in &written {
        let back = parquet_rows(&dir.path().join(name)).expect("read back");
        assert_eq!(back, *rows as i64, "{name}");
    }
    let rows: std::collections::HashMap<&str, usize> =
        written.iter().map(|(n, r)| (n.as_str(), *r)).collect();
    assert_eq!(rows.get("articles.parquet"), Some(&4));
    assert_eq!(rows.get("events.parquet"), Some(&events));
    assert_eq!(rows.get("mentions.parquet"), Some(&mentions));
    // GDELT: asserted clusters only, 61 columns each, with the counts.
    let supply = cluster_of(&r, "a1", 0);
    let row = gdelt_row(supply).expect("row");
    assert_eq!(row.len(), GDELT_COLUMNS);
    assert_eq!(row[1], "20220101");
    assert_eq!(row[26], "070");
    assert_eq!(row[30], "7.0");
    assert_eq!(
        (row[31].as_str(), row[32].as_str(), row[33].as_str()),
        ("4", "3", "3")
    );
    assert!(
        gdelt_row(cluster_of(&r, "a1", 3)).is_none(),
        "a prediction is not a GDELT event"
    );
    let g = dir.path().join("g");
    let mut ex = Exporter::new(&g, Format::Gdelt, &r).expect("gdelt");
    for a in &docs {
        ex.add(a).expect("add");
    }
    let written = ex.finish(&r).expect("finish");
    let tsv = std::fs::read_to_string(g.join("events.gdelt.tsv")).expect("tsv");
    assert_eq!(tsv.lines().count(), written[0].1);
    assert_eq!(written[0].1, 3);
    assert!(tsv.lines().all(|l| l.split('\t').count() == GDELT_COLUMNS));
    assert!("xml".parse::<Format>().is_err());
}

#[test]
fn synthetic_corpora_link_well() {
    let corpus = synth::generate(600, 3);
    assert_eq!(corpus.len(), 600);
    let again = synth::generate(600, 3);
    assert_eq!(corpus[599].article, again[599].article, "deterministic");
    let truth: std::collections::HashMap<(String, u32), u64> = corpus
        .iter()
        .flat_map(|a| {
            a.events
                .iter()
                .enumerate()
                .map(|(i, e)| ((a.article.id.clone(), i as u32), *e))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut docs: Vec<LinkArticle> = corpus.iter().map(|a| a.article.clone()).collect();
    let r = link_all(&mut docs, LinkConfig::default());
    let items: Vec<(String, u64)> = r
        .clusters
        .iter()
        .flat_map(|c| {
            c.mentions
                .iter()
                .filter_map(|m| {
                    truth
                        .get(&(m.article.clone(), m.event_index))
                        .map(|t| (c.id.clone(), *t))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let (p, rec) = synth::bcubed(&items);
    assert!(
        p > 0.9 && rec > 0.85,
        "event clusters B-cubed P {p} R {rec}"
    );
    let copies = corpus.iter().filter(|a| a.copy_of.is_some()).count();
    let found: usize = r.dup_groups.iter().map(|g| g.members.len() - 1).sum();
    assert_eq!(found, copies);
}

const IRN: (&str, &str) = ("IRN", "Iran");
const USA: (&str, &str) = ("USA", "Washington");
const GBR: (&str, &str) = ("GBR", "Britain");

fn one(id: &str, day: &str, e: Ev) -> LinkArticle {
    article(id, day, "Wire One", vec![e], &[])
}

fn dated(
    sentence: &'static str,
    trigger: &'static str,
    category: &'static str,
    src: (&'static str, &'static str),
    tgt: (&'static str, &'static str),
    date: &'static str,
) -> Ev {
    ev(
        sentence,
        trigger,
        category,
        src,
        tgt,
        Some(date),
        Factuality::Asserted,
    )
}

#[test]
fn a_multi_day_event_reported_day_by_day_is_one_cluster() {
    let mut docs = vec![
        one(
            "m1",
            "2025-04-03",
            dated(
                "Russian and Iranian warships began joint naval drills in the Caspian on Thursday.",
                "drills",
                "COOPERATE",
                RUS,
                IRN,
                "2025-04-03",
            ),
        ),
        one(
            "m2",
            "2025-04-04",
            dated(
                "Russian and Iranian warships fired at targets on the second day of joint naval drills in the Caspian.",
                "drills", "COOPERATE", RUS, IRN, "2025-04-04",
            ),
        ),
        one(
            "m3",
            "2025-04-05",
            dated(
                "Russian and Iranian warships ended three days of joint naval drills in the Caspian on Saturday.",
                "drills", "COOPERATE", RUS, IRN, "2025-04-05",
            ),
        ),
        // Drills of the same navies ten days later are another event.
        one(
            "m4",
            "2025-04-15",
            dated(
                "Russian and Iranian warships began new joint naval drills in the Caspian on Tuesday.",
                "drills", "COOPERATE", RUS, IRN, "2025-04-15",
            ),
        ),
    ];
    let r = link_all(&mut docs, LinkConfig::default());
    let c = cluster_of(&r, "m1", 0);
    assert_eq!(c.id, cluster_of(&r, "m2", 0).id);
    assert_eq!(c.id, cluster_of(&r, "m3", 0).id, "the third day joins too");
    assert_ne!(c.id, cluster_of(&r, "m4", 0).id);
    assert_eq!(c.date.as_deref(), Some("2025-04-03/2025-04-05"));
    // Without spans the cluster keeps its first day and the third day falls out.
    let cfg = LinkConfig {
        span_days: 0,
        ..LinkConfig::default()
    };
    let r = link_all(&mut docs, cfg);
    assert_ne!(cluster_of(&r, "m1", 0).id, cluster_of(&r, "m3", 0).id);
}

#[test]
fn related_categories_of_one_statement_fold_together() {
    let mut docs = vec![
        one(
            "s1",
            "2025-03-11",
            dated(
                "Washington warned Iran in a joint statement at the UN that missile transfers to Moscow breach resolution 2231.",
                "warned", "THREATEN", USA, IRN, "2025-03-11",
            ),
        ),
        one(
            "s2",
            "2025-03-12",
            dated(
                "In a joint statement at the UN on Tuesday, Washington called on Iran to stop missile transfers to Moscow.",
                "called", "REQUEST", USA, IRN, "2025-03-11",
            ),
        ),
        // Another speaker the same day, and the same speaker three days later.
        one(
            "s3",
            "2025-03-12",
            dated(
                "Britain accused Iran at the UN on Tuesday of missile transfers to Moscow in breach of resolution 2231.",
                "accused", "ACCUSE", GBR, IRN, "2025-03-11",
            ),
        ),
        one(
            "s4",
            "2025-03-15",
            dated(
                "Washington accused Iran at the UN of missile transfers to Moscow in breach of resolution 2231 on Friday.",
                "accused", "ACCUSE", USA, IRN, "2025-03-14",
            ),
        ),
    ];
    let r = link_all(&mut docs, LinkConfig::default());
    let c = cluster_of(&r, "s1", 0);
    assert_eq!(c.id, cluster_of(&r, "s2", 0).id);
    assert_eq!(c.summary.reports, 2);
    let cats: Vec<Option<&str>> = c.mentions.iter().map(|m| m.category.as_deref()).collect();
    assert_eq!(
        cats,
        [Some("THREATEN"), Some("REQUEST")],
        "each report keeps its own"
    );
    assert_eq!(c.category, "THREATEN", "the first of equally many");
    assert_eq!(c.other_categories(), ["REQUEST"]);
    assert_ne!(c.id, cluster_of(&r, "s3", 0).id, "another speaker");
    assert_ne!(c.id, cluster_of(&r, "s4", 0).id, "another day");
    let cfg = LinkConfig {
        families: false,
        ..LinkConfig::default()
    };
    let r = link_all(&mut docs, cfg);
    assert_ne!(cluster_of(&r, "s1", 0).id, cluster_of(&r, "s2", 0).id);
}

#[test]
fn a_report_dated_by_tense_alone_is_recent_unless_in_the_past_perfect() {
    let shipped = |id: &str, day: &str, sentence: &'static str, date: Option<&'static str>| {
        let mut e = ev(
            sentence,
            "sent",
            "AID",
            IRN,
            RUS,
            date,
            Factuality::Asserted,
        );
        if date.is_none() {
            e.basis = DateBasis::Inferred;
        }
        one(id, day, e)
    };
    let mut docs = vec![
        shipped(
            "t1",
            "2025-03-03",
            "Officials said Iran sent missile parts to Russia across the Caspian in February.",
            Some("2025-02"),
        ),
        shipped(
            "t2",
            "2025-04-20",
            "Officials said Iran has sent missile parts to Russia across the Caspian.",
            None,
        ),
        shipped(
            "t3",
            "2025-04-21",
            "Officials said Iran had sent missile parts to Russia across the Caspian.",
            None,
        ),
    ];
    let r = link_all(&mut docs, LinkConfig::default());
    let feb = cluster_of(&r, "t1", 0);
    assert_ne!(
        feb.id,
        cluster_of(&r, "t2", 0).id,
        "recent news, not February's"
    );
    assert_eq!(
        feb.id,
        cluster_of(&r, "t3", 0).id,
        "'had sent' may be February's"
    );
}

#[test]
fn an_event_dated_after_its_report_is_anticipated() {
    let mut may = ev(
        "Russia may hold joint naval drills with Iran in the Caspian next month, its defence minister said.",
        "drills", "COOPERATE", RUS, IRN, Some("2025-04"), Factuality::Uncertain,
    );
    may.location = Some("Caspian");
    let mut docs = vec![
        one("f1", "2025-03-06", may),
        one(
            "f2",
            "2025-04-03",
            dated(
                "Russia began joint naval drills with Iran in the Caspian on Thursday.",
                "drills",
                "COOPERATE",
                RUS,
                IRN,
                "2025-04-03",
            ),
        ),
    ];
    let r = link_all(&mut docs, LinkConfig::default());
    let plan = cluster_of(&r, "f1", 0);
    let done = cluster_of(&r, "f2", 0);
    assert!(plan.anticipated);
    assert_ne!(plan.id, done.id);
    assert!(r
        .outcomes
        .iter()
        .any(|o| o.anticipated == plan.id && o.realised == done.id));
}

#[test]
fn one_clause_coded_under_related_categories_is_one_event() {
    let mut a = one(
        "q1",
        "2025-03-11",
        dated(
            "Washington warned Iran on Tuesday and called on Moscow to refuse its missiles.",
            "warned",
            "THREATEN",
            USA,
            IRN,
            "2025-03-11",
        ),
    );
    // The coder also read the clause as a request, with other actors, and as an
    // unrelated category.
    let first = a.annotations.events[0].clone();
    let mut request = first.clone();
    request.category = "REQUEST".into();
    request.source = first.target.clone();
    request.target = vec![Actor {
        code: Some("RUS".into()),
        sector: None,
        text: "Moscow".into(),
        entity: None,
    }];
    let mut aid = request.clone();
    aid.category = "AID".into();
    a.annotations.events.push(request);
    a.annotations.events.push(aid);
    let mut docs = vec![a];
    let r = link_all(&mut docs, LinkConfig::default());
    let c = cluster_of(&r, "q1", 0);
    assert_eq!(c.id, cluster_of(&r, "q1", 1).id);
    assert_ne!(c.id, cluster_of(&r, "q1", 2).id, "another family");
    assert_eq!(r.clusters.len(), 2);
}

#[test]
fn a_fragment_read_first_is_folded_into_the_event_it_fits() {
    let mut vague = ev(
        "Washington called on Iran at the UN to stop missile transfers to Moscow.",
        "called",
        "REQUEST",
        USA,
        IRN,
        None,
        Factuality::Asserted,
    );
    vague.basis = DateBasis::Inferred;
    let mut warned = one(
        "h2",
        "2025-03-12",
        dated(
            "Washington warned Iran at the UN on Tuesday and called for an end to missile transfers to Moscow.",
            "warned", "THREATEN", USA, IRN, "2025-03-11",
        ),
    );
    let mut also = warned.annotations.events[0].clone();
    also.category = "REQUEST".into();
    also.source[0].code = Some("GBR".into());
    warned.annotations.events.push(also);
    let docs = vec![
        one("h1", "2025-03-12", vague),
        warned,
        one(
            "h3",
            "2025-03-13",
            dated(
                "Washington warned Iran at the UN on Tuesday over missile transfers to Moscow.",
                "warned",
                "THREATEN",
                USA,
                IRN,
                "2025-03-11",
            ),
        ),
    ];
    let r = link_all(&mut docs.clone(), LinkConfig::default());
    let c = cluster_of(&r, "h2", 0);
    assert_eq!(c.id, cluster_of(&r, "h3", 0).id);
    assert_eq!(
        c.id,
        cluster_of(&r, "h1", 0).id,
        "the request read first joins"
    );
    assert_eq!(c.summary.reports, 4);
    assert_eq!(r.clusters.len(), 1);
    let cfg = LinkConfig {
        merge_small: 0,
        ..LinkConfig::default()
    };
    let r = link_all(&mut docs.clone(), cfg);
    assert_ne!(cluster_of(&r, "h1", 0).id, cluster_of(&r, "h3", 0).id);
}

#[test]
fn a_report_naming_no_actor_joins_the_event_it_fits() {
    let lead = dated(
        "Hundreds of people protested outside the Russian embassy in Seoul on Saturday.",
        "protested",
        "PROTEST",
        PRK,
        RUS,
        "2025-03-22",
    );
    // A report in which the coder found no actor, dated by tense.
    let actorless = |id: &str, published: &str| {
        let mut doc = one(
            id,
            published,
            ev(
                "Police said the protest outside the embassy in Seoul was peaceful.",
                "protest",
                "PROTEST",
                PRK,
                RUS,
                None,
                Factuality::Asserted,
            ),
        );
        for e in &mut doc.annotations.events {
            e.source.clear();
            e.target.clear();
            e.date_basis = DateBasis::Inferred;
        }
        doc
    };
    let later = actorless("p2", "2025-03-23");
    // A protest a month later is another event, whatever its words.
    let other = actorless("p3", "2025-04-25");
    let mut docs = vec![one("p1", "2025-03-22", lead), later, other];
    let r = link_all(&mut docs, LinkConfig::default());
    assert_eq!(cluster_of(&r, "p1", 0).id, cluster_of(&r, "p2", 0).id);
    assert_ne!(cluster_of(&r, "p1", 0).id, cluster_of(&r, "p3", 0).id);
}

#[test]
fn a_recipient_copied_from_the_source_does_not_split_an_event() {
    // The coder gives a domestic action with no named recipient its actor's own
    // country, with no words; a report naming the real recipient is the same event.
    let lead = dated(
        "North Korea detained a Russian trawler off Wonsan on Tuesday.",
        "detained",
        "COERCE",
        PRK,
        RUS,
        "2025-03-25",
    );
    let mut copied = one(
        "d2",
        "2025-03-26",
        dated(
            "North Korean coast guards detained a trawler on Tuesday, officials said.",
            "detained",
            "COERCE",
            PRK,
            PRK,
            "2025-03-25",
        ),
    );
    for e in &mut copied.annotations.events {
        for a in &mut e.target {
            a.text.clear();
        }
    }
    // The same reading with the recipient's words is a named recipient, and differs.
    let named = one(
        "d3",
        "2025-03-26",
        dated(
            "North Korea detained North Korean fishermen on Tuesday.",
            "detained",
            "COERCE",
            PRK,
            ("PRK", "North Korean fishermen"),
            "2025-03-25",
        ),
    );
    let mut docs = vec![one("d1", "2025-03-25", lead), copied, named];
    let r = link_all(&mut docs, LinkConfig::default());
    assert_eq!(cluster_of(&r, "d1", 0).id, cluster_of(&r, "d2", 0).id);
    assert_ne!(cluster_of(&r, "d1", 0).id, cluster_of(&r, "d3", 0).id);
}

#[test]
fn news_of_one_day_is_not_an_event_dated_weeks_later() {
    // Talks reported as under way on March 3 (dated by tense) are not the meeting that
    // a later report dates to March 20, even in similar words; a report of March 4
    // dated by tense still joins the first.
    let talks = |id: &str, day: &str| {
        let mut doc = one(
            id,
            day,
            ev(
                "North Korea and Russia are holding talks in Moscow on missiles.",
                "talks",
                "CONSULT",
                PRK,
                RUS,
                None,
                Factuality::Asserted,
            ),
        );
        for e in &mut doc.annotations.events {
            e.date_basis = DateBasis::Inferred;
        }
        doc
    };
    let met = one(
        "m3",
        "2025-03-21",
        dated(
            "North Korea and Russia met in Moscow on Thursday for talks on missiles.",
            "met",
            "CONSULT",
            PRK,
            RUS,
            "2025-03-20",
        ),
    );
    // A report dated only by the month bridges the two dates.
    let month = one(
        "m2b",
        "2025-03-10",
        dated(
            "North Korea and Russia held talks in Moscow on missiles this month.",
            "talks",
            "CONSULT",
            PRK,
            RUS,
            "2025-03",
        ),
    );
    let mut docs = vec![
        talks("m1", "2025-03-03"),
        talks("m2", "2025-03-04"),
        month,
        met,
    ];
    let r = link_all(&mut docs, LinkConfig::default());
    assert_eq!(cluster_of(&r, "m1", 0).id, cluster_of(&r, "m2", 0).id);
    assert_ne!(cluster_of(&r, "m1", 0).id, cluster_of(&r, "m3", 0).id);
}

#[test]
fn a_report_dated_to_last_week_joins_the_days_it_covers() {
    // "last week" is a TIMEX3 week (`2025-W12`): a short explicit date, so it meets the
    // visit's own days, not the latest round of talks (where a report dated only by its
    // publication would go).
    let visit = dated(
        "Iran's foreign minister arrived in Moscow on Tuesday for talks.",
        "talks",
        "CONSULT",
        IRN,
        RUS,
        "2025-03-18",
    );
    let second = dated(
        "Iranian and Russian officials held a second round of talks in Moscow on Wednesday.",
        "talks",
        "CONSULT",
        IRN,
        RUS,
        "2025-03-26",
    );
    let later = dated(
        "The minister held two days of talks in Moscow last week, officials said.",
        "talks",
        "CONSULT",
        IRN,
        RUS,
        "2025-W12",
    );
    let mut docs = vec![
        one("w1", "2025-03-18", visit),
        one("w3", "2025-03-26", second),
        one("w2", "2025-03-27", later),
    ];
    let r = link_all(&mut docs, LinkConfig::default());
    assert_ne!(cluster_of(&r, "w1", 0).id, cluster_of(&r, "w3", 0).id);
    assert_eq!(cluster_of(&r, "w1", 0).id, cluster_of(&r, "w2", 0).id);
    // The vaguer week does not widen the visit's own date.
    assert_eq!(cluster_of(&r, "w1", 0).date.as_deref(), Some("2025-03-18"));
}

#[test]
fn the_past_perfect_is_not_this_weeks_news_but_a_denial_may_be() {
    // A precise cluster of this week's talks, then "had travelled" in the same article.
    let talks = dated(
        "Russia is in active talks with Iran this week, Washington said.",
        "talks",
        "CONSULT",
        RUS,
        IRN,
        "2025-W35",
    );
    let mut travelled = ev(
        "Washington said Russia's defence minister had travelled to Iran to seek talks.",
        "travelled",
        "CONSULT",
        RUS,
        IRN,
        None,
        Factuality::Asserted,
    );
    travelled.basis = DateBasis::Inferred;
    let mut denied = ev(
        "Iran said Russia's minister had not travelled to Iran for talks this week.",
        "travelled",
        "CONSULT",
        RUS,
        IRN,
        None,
        Factuality::Negated,
    );
    denied.basis = DateBasis::Inferred;
    let talks_again = dated(
        "Russia is in active talks with Iran this week, Washington said.",
        "talks",
        "CONSULT",
        RUS,
        IRN,
        "2025-W35",
    );
    let mut docs = vec![article(
        "pp1",
        "2025-08-31",
        "Wire One",
        vec![talks, travelled],
        &[],
    )];
    let r = link_all(&mut docs, LinkConfig::default());
    assert_ne!(
        cluster_of(&r, "pp1", 0).id,
        cluster_of(&r, "pp1", 1).id,
        "'had travelled' is earlier"
    );
    let mut docs = vec![
        one("pp1", "2025-08-31", talks_again),
        one("pp2", "2025-08-31", denied),
    ];
    let r = link_all(&mut docs, LinkConfig::default());
    assert_eq!(
        cluster_of(&r, "pp1", 0).id,
        cluster_of(&r, "pp2", 0).id,
        "a denial holds up to its day"
    );
}

#[test]
fn a_report_naming_no_actor_prefers_an_event_with_actors() {
    let drills = dated(
        "Iranian and Russian warships began naval drills in the Caspian on Thursday.",
        "drills",
        "COOPERATE",
        IRN,
        RUS,
        "2025-04-03",
    );
    // A report of the drills without actors, read first, with the same words.
    let loose = dated(
        "A ministry spokeswoman said the naval drills in the Caspian pose no threat.",
        "drills",
        "COOPERATE",
        IRN,
        RUS,
        "2025-03-31",
    );
    let last_week = dated(
        "Last week's naval drills in the Caspian ended on Saturday.",
        "drills",
        "COOPERATE",
        IRN,
        RUS,
        "2025-W14",
    );
    let strip = |mut doc: LinkArticle| {
        for e in &mut doc.annotations.events {
            e.source.clear();
            e.target.clear();
        }
        doc
    };
    let mut docs = vec![
        strip(one("d0", "2025-03-31", loose)),
        one("d1", "2025-04-03", drills),
        strip(one("d2", "2025-04-07", last_week)),
    ];
    let r = link_all(&mut docs, LinkConfig::default());
    assert_eq!(cluster_of(&r, "d1", 0).id, cluster_of(&r, "d2", 0).id);
}

// Ties between the reports of one article (`Linker::place`). Sentences written for
// these tests.

const NOR: (&str, &str) = ("NOR", "Norway");
const CHL: (&str, &str) = ("CHL", "Chile");
const PER: (&str, &str) = ("PER", "Peru");

/// An event dated by tense alone (the coder's "inferred" basis).
fn by_tense(
    sentence: &'static str,
    trigger: &'static str,
    category: &'static str,
    src: (&'static str, &'static str),
    tgt: (&'static str, &'static str),
) -> Ev {
    let mut e = ev(
        sentence,
        trigger,
        category,
        src,
        tgt,
        None,
        Factuality::Asserted,
    );
    e.basis = DateBasis::Inferred;
    e
}

fn strip_actors(doc: &mut LinkArticle, idx: usize) {
    if let Some(e) = doc.annotations.events.get_mut(idx) {
        e.source.clear();
        e.target.clear();
    }
}

#[test]
fn a_definite_noun_refers_back_to_the_event_its_article_told_of() {
    let lead = dated(
        "Norway imposed sanctions on Monday on three Chilean fishing firms.",
        "sanctions",
        "SANCTION",
        NOR,
        CHL,
        "2024-06-03",
    );
    // "the sanctions" again, in a clause whose actors are not the event's.
    let back = by_tense(
        "Peru said the sanctions would hurt Chile's exporters.",
        "sanctions",
        "SANCTION",
        PER,
        CHL,
    );
    // An earlier, unrelated event with the clause's actors, which the reference could
    // otherwise match.
    let other = dated(
        "Peru imposed sanctions on Chilean exporters on Friday.",
        "sanctions",
        "SANCTION",
        PER,
        CHL,
        "2024-05-31",
    );
    let mut docs = vec![
        one("n0", "2024-05-31", other),
        article("n1", "2024-06-03", "Wire One", vec![lead, back], &[]),
    ];
    let r = link_all(&mut docs, LinkConfig::default());
    let c = cluster_of(&r, "n1", 0);
    assert_eq!(
        c.id,
        cluster_of(&r, "n1", 1).id,
        "'the sanctions' is Norway's"
    );
    assert_ne!(c.id, cluster_of(&r, "n0", 0).id);
    assert_eq!(
        c.source_codes,
        ["NOR"],
        "the clause's speaker is not the agent"
    );

    // Without "the", the noun is no reference: it is matched on its own.
    let lead = dated(
        "Norway imposed sanctions on Monday on three Chilean fishing firms.",
        "sanctions",
        "SANCTION",
        NOR,
        CHL,
        "2024-06-03",
    );
    let new = by_tense(
        "Peru said new sanctions would hurt Chile's exporters.",
        "sanctions",
        "SANCTION",
        PER,
        CHL,
    );
    let mut docs = vec![article(
        "n2",
        "2024-06-03",
        "Wire One",
        vec![lead, new],
        &[],
    )];
    let r = link_all(&mut docs, LinkConfig::default());
    assert_ne!(cluster_of(&r, "n2", 0).id, cluster_of(&r, "n2", 1).id);
}

#[test]
fn a_report_with_neither_actors_nor_a_date_belongs_to_its_articles_event() {
    let lead = dated(
        "Chilean police detained a Peruvian trawler off Arica on Tuesday.",
        "detained",
        "COERCE",
        CHL,
        PER,
        "2024-06-04",
    );
    // The past perfect would otherwise put it a week or more back.
    let later = by_tense(
        "Officers said they had arrested the trawler's master and two of its crew.",
        "arrested",
        "COERCE",
        CHL,
        PER,
    );
    let mut a = article("p1", "2024-06-06", "Wire One", vec![lead, later], &[]);
    strip_actors(&mut a, 1);
    let mut docs = vec![a];
    let r = link_all(&mut docs, LinkConfig::default());
    assert_eq!(cluster_of(&r, "p1", 0).id, cluster_of(&r, "p1", 1).id);

    // With actors of its own, the past perfect still keeps it apart from this week.
    let lead = dated(
        "Chilean police detained a Peruvian trawler off Arica on Tuesday.",
        "detained",
        "COERCE",
        CHL,
        PER,
        "2024-06-04",
    );
    let earlier = by_tense(
        "Chile had detained a Peruvian trawler before, officers said.",
        "detained",
        "COERCE",
        CHL,
        PER,
    );
    let mut docs = vec![article(
        "p2",
        "2024-06-06",
        "Wire One",
        vec![lead, earlier],
        &[],
    )];
    let r = link_all(&mut docs, LinkConfig::default());
    assert_ne!(cluster_of(&r, "p2", 0).id, cluster_of(&r, "p2", 1).id);
}

#[test]
fn one_act_told_twice_in_an_article_with_other_targets_stays_one_event() {
    let first = dated(
        "Norway sanctioned three Chilean fishing firms on Monday.",
        "sanctioned",
        "SANCTION",
        NOR,
        CHL,
        "2024-06-03",
    );
    // Names no target (the coder's recipient for it is left out below).
    let retold = dated(
        "Chile condemned the Norwegian sanctions announced on Monday.",
        "sanctions",
        "SANCTION",
        NOR,
        CHL,
        "2024-06-03",
    );
    // The same act, naming the other country whose firms it listed.
    let other_targets = dated(
        "Norway on Monday also sanctioned two Peruvian fishing firms.",
        "sanctioned",
        "SANCTION",
        NOR,
        PER,
        "2024-06-03",
    );
    let mut o2 = article(
        "o2",
        "2024-06-04",
        "Daily Two",
        vec![retold, other_targets],
        &[],
    );
    if let Some(e) = o2.annotations.events.first_mut() {
        e.target.clear();
    }
    let mut docs = vec![one("o1", "2024-06-03", first), o2];
    let r = link_all(&mut docs, LinkConfig::default());
    let c = cluster_of(&r, "o1", 0);
    assert_eq!(c.id, cluster_of(&r, "o2", 0).id);
    assert_eq!(c.id, cluster_of(&r, "o2", 1).id);

    // In another article, on another day, the other target is another event.
    let first = dated(
        "Norway sanctioned three Chilean fishing firms on Monday.",
        "sanctioned",
        "SANCTION",
        NOR,
        CHL,
        "2024-06-03",
    );
    let other_day = dated(
        "Norway sanctioned two Peruvian fishing firms on Thursday.",
        "sanctioned",
        "SANCTION",
        NOR,
        PER,
        "2024-06-06",
    );
    let mut docs = vec![article(
        "o3",
        "2024-06-07",
        "Daily Two",
        vec![first, other_day],
        &[],
    )];
    let r = link_all(&mut docs, LinkConfig::default());
    assert_ne!(cluster_of(&r, "o3", 0).id, cluster_of(&r, "o3", 1).id);
}

#[test]
fn a_reading_dated_by_tense_follows_the_dated_reading_of_its_sentence() {
    let letter = dated(
        "Norway and Chile warned Peru in a joint letter on Tuesday over its fishing quotas.",
        "warned",
        "THREATEN",
        NOR,
        PER,
        "2024-06-04",
    );
    // One sentence read twice: the request by tense, the warning by its date. The
    // request comes first in the text.
    let request = by_tense(
        "The inquiry was requested by Norway and Chile, which warned Peru in a joint letter on Tuesday over its fishing quotas.",
        "requested",
        "REQUEST",
        NOR,
        PER,
    );
    let mut b = article("m2", "2024-06-14", "Daily Two", vec![request], &[]);
    let mut warning = b.annotations.events[0].clone();
    warning.category = "THREATEN".into();
    warning.date = Some("2024-06-04".into());
    warning.date_basis = DateBasis::Explicit;
    let at = b.text.find("warned").unwrap_or(0);
    warning.trigger = Span::new(at, at + "warned".len());
    b.annotations.events.push(warning);
    let mut docs = vec![one("m1", "2024-06-04", letter), b];
    let r = link_all(&mut docs, LinkConfig::default());
    let c = cluster_of(&r, "m1", 0);
    assert_eq!(c.id, cluster_of(&r, "m2", 1).id, "the dated warning");
    assert_eq!(c.id, cluster_of(&r, "m2", 0).id, "and the request with it");
}

#[test]
fn a_possibility_spoken_of_for_a_later_day_is_anticipated() {
    let mut might = ev(
        "The minister said in May that the two armies might hold exercises near Tacna in June.",
        "exercises",
        "COOPERATE",
        CHL,
        PER,
        Some("2024-06"),
        Factuality::Uncertain,
    );
    might.speaker = Some(("The minister", "CHL", Stance::Assert));
    let mut said = article("x2", "2024-06-10", "Daily Two", vec![might], &[]);
    if let Some(s) = said.annotations.statements.first_mut() {
        s.date = Some("2024-05".into());
    }
    let held = dated(
        "Chilean and Peruvian troops held exercises near Tacna on Wednesday.",
        "exercises",
        "COOPERATE",
        CHL,
        PER,
        "2024-06-05",
    );
    let mut docs = vec![one("x1", "2024-06-05", held), said.clone()];
    let r = link_all(&mut docs, LinkConfig::default());
    let plan = cluster_of(&r, "x2", 0);
    assert!(plan.anticipated, "a prospect when it was said");
    assert_ne!(plan.id, cluster_of(&r, "x1", 0).id);

    // Said in June of June, it is a possibility of the present, not a prospect.
    if let Some(s) = said.annotations.statements.first_mut() {
        s.date = Some("2024-06-10".into());
    }
    let mut docs = vec![said];
    let r = link_all(&mut docs, LinkConfig::default());
    assert!(!cluster_of(&r, "x2", 0).anticipated);
}

#[test]
fn reports_dated_by_tense_weeks_apart_are_not_one_event() {
    let weighing = by_tense(
        "Norway is weighing fishing sanctions against Chilean firms, officials said.",
        "sanctions",
        "SANCTION",
        NOR,
        CHL,
    );
    let pretext = by_tense(
        "Chile accused Norway of seeking a pretext for fishing sanctions against its firms.",
        "sanctions",
        "SANCTION",
        NOR,
        CHL,
    );
    let soon = by_tense(
        "Norway announced fishing sanctions against Chilean firms, officials said.",
        "sanctions",
        "SANCTION",
        NOR,
        CHL,
    );
    let mut docs = vec![
        one("w1", "2024-03-03", weighing),
        one("w2", "2024-03-21", pretext),
        one("w3", "2024-03-06", soon),
    ];
    let r = link_all(&mut docs, LinkConfig::default());
    assert_ne!(cluster_of(&r, "w1", 0).id, cluster_of(&r, "w2", 0).id);
    assert_eq!(
        cluster_of(&r, "w1", 0).id,
        cluster_of(&r, "w3", 0).id,
        "three days apart, the windows meet"
    );
}

#[test]
fn a_definite_noun_phrase_is_read_from_the_parse_or_the_words() {
    use crate::linker::definite_nominal;
    use chronicle_core::Token;
    let text = "Peru said the new sanctions would hurt and that talks went on.";
    let tok = |w: &str, nth: usize, upos: &str| {
        let start = text.match_indices(w).nth(nth).map(|(i, _)| i).unwrap_or(0);
        Token {
            span: Span::new(start, start + w.len()),
            upos: Some(upos.into()),
            xpos: None,
            lemma: None,
            head: None,
            deprel: None,
        }
    };
    let tokens = vec![
        tok("Peru", 0, "PROPN"),
        tok("said", 0, "VERB"),
        tok("the", 0, "DET"),
        tok("new", 0, "ADJ"),
        tok("sanctions", 0, "NOUN"),
        tok("would", 0, "AUX"),
        tok("hurt", 0, "VERB"),
        tok("and", 0, "CCONJ"),
        tok("that", 0, "SCONJ"),
        tok("talks", 0, "NOUN"),
        tok("went", 0, "VERB"),
        tok("on", 0, "ADP"),
    ];
    let sentence = Span::new(0, text.len());
    let span_of = |t: &Token| t.span;
    assert!(definite_nominal(
        text,
        &tokens,
        sentence,
        span_of(&tokens[4])
    ));
    assert!(
        !definite_nominal(text, &tokens, sentence, span_of(&tokens[9])),
        "'that' here opens a clause"
    );
    assert!(
        !definite_nominal(text, &tokens, sentence, span_of(&tokens[6])),
        "a verb"
    );
    // Without a parse, only a determiner right before the trigger counts.
    assert!(!definite_nominal(text, &[], sentence, span_of(&tokens[4])));
    let bare = "Officials said the sanctions would hurt.";
    let at = bare.find("sanctions").unwrap_or(0);
    assert!(definite_nominal(
        bare,
        &[],
        Span::new(0, bare.len()),
        Span::new(at, at + "sanctions".len())
    ));
}

#[test]
fn a_pronoun_speaker_is_shown_and_coded_as_its_resolved_entity() {
    let sentence = "Britain fined two firms that it said had shipped drones to Russia.";
    let with = |entity: Option<&str>| {
        let mut doc = one(
            "p1",
            "2023-09-05",
            ev(
                sentence,
                "shipped",
                "AID",
                ("GBR", "Britain"),
                RUS,
                None,
                Factuality::Asserted,
            ),
        );
        let it = doc.text.find(" it ").map(|k| k + 1).unwrap_or(0);
        let said = it + 3;
        doc.annotations.statements.push(Statement {
            speaker: Span::new(it, it + 2),
            speaker_entity: entity.map(str::to_string),
            cue: Span::new(said, said + 4),
            content: Span::new(said + 5, sentence.len() - 1),
            direct: false,
            stance: Stance::Assert,
            date: None,
        });
        doc.annotations.events[0].attributed_to = Some(0);
        let r = link_all(&mut [doc], LinkConfig::default());
        let m = cluster_of(&r, "p1", 0).mentions[0].clone();
        (m.speaker, m.speaker_code)
    };
    assert_eq!(
        with(Some("country:GBR")),
        (Some("Britain".to_string()), Some("GBR".to_string()))
    );
    assert_eq!(with(None), (Some("it".to_string()), None));
}
