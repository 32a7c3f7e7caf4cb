//! The constructions of DESIGN.md's seed example, in sentences written for the project:
//! a conditional threat ("would pay a price if"), a refusal to confirm a summit, joint
//! drills under consideration announced on a weekday, a predicted trip reported by a
//! newspaper citing officials, and a supply claim asserted by one side and denied by the
//! other. Each test checks the event, its factuality, date and attribution.

use chronicle_core::{DateBasis, Factuality, Stance};
use chronicle_events::{analyze, Coding};
use chrono::NaiveDate;

fn day() -> Option<NaiveDate> {
    // A Wednesday.
    NaiveDate::from_ymd_opt(2024, 4, 10)
}

fn run(text: &str) -> Coding {
    analyze(text, day()).expect("embedded models load")
}

fn words(text: &str, s: chronicle_core::Span) -> &str {
    &text[s.start as usize..s.end as usize]
}

#[test]
fn conditional_threat_with_pay_a_price() {
    let t = "Estonia's foreign minister warned on Tuesday that Belarus would pay a price if it supplied drones to Serbia.";
    let c = run(t);
    let threat = c
        .events
        .iter()
        .find(|e| e.category == "THREATEN")
        .expect("a threat");
    assert_eq!(threat.factuality, Factuality::Conditional);
    assert_eq!(threat.date.as_deref(), Some("2024-04-09"));
    assert_eq!(threat.date_basis, DateBasis::Explicit);
    assert!(threat
        .source
        .iter()
        .any(|a| a.code.as_deref() == Some("EST")));
    assert!(threat
        .target
        .iter()
        .any(|a| a.code.as_deref() == Some("BLR")));
    // The supply in the if-clause is not a fact.
    let supply = c
        .events
        .iter()
        .find(|e| words(t, e.trigger) == "supplied")
        .expect("supply coded");
    assert_eq!(supply.category, "AID");
    assert_eq!(supply.factuality, Factuality::Conditional);
    assert!(!c.events.iter().any(|e| words(t, e.trigger) == "pay"));
    assert_eq!(c.statements[0].stance, Stance::Warn);
}

#[test]
fn refusal_to_confirm_a_summit() {
    let t = "The Kremlin could not confirm a summit between the two leaders.";
    let c = run(t);
    let s = &c.statements[0];
    assert_eq!(s.stance, Stance::DeclineToConfirm);
    assert_eq!(words(t, s.speaker), "The Kremlin");
    assert_eq!(s.date.as_deref(), Some("2024-04-10"));
    let summit = c
        .events
        .iter()
        .find(|e| words(t, e.trigger) == "summit")
        .expect("summit coded");
    assert_eq!(summit.category, "CONSULT");
    assert_eq!(summit.factuality, Factuality::Uncertain);
    assert_eq!(summit.attributed_to, Some(0));
}

#[test]
fn drills_under_consideration_said_on_monday() {
    let t = "Serbian Defence Minister Milos Vucevic said on Monday that Serbia is considering joint drills with Belarus.";
    let c = run(t);
    let drills = c
        .events
        .iter()
        .find(|e| words(t, e.trigger) == "drills")
        .expect("drills coded");
    assert_eq!(drills.category, "COOPERATE");
    assert_eq!(drills.factuality, Factuality::Uncertain);
    assert_eq!(drills.date.as_deref(), Some("2024-04-08"));
    assert_eq!(drills.attributed_to, Some(0));
    assert!(drills
        .source
        .iter()
        .any(|a| a.code.as_deref() == Some("SRB")));
    assert_eq!(c.statements[0].date.as_deref(), Some("2024-04-08"));
}

#[test]
fn predicted_trip_reported_citing_officials() {
    let t = "Lukashenko is likely to travel to Belgrade later this month, the Daily Ledger reported, citing officials.";
    let c = run(t);
    let trip = c
        .events
        .iter()
        .find(|e| words(t, e.trigger) == "travel")
        .expect("trip coded");
    assert_eq!(trip.factuality, Factuality::Predicted);
    assert_eq!(trip.date.as_deref(), Some("2024-04"));
    let by = trip.attributed_to.expect("attributed") as usize;
    assert_eq!(words(t, c.statements[by].speaker), "officials");
    assert!(c
        .statements
        .iter()
        .any(|s| words(t, s.speaker) == "the Daily Ledger"));
}

#[test]
fn supply_asserted_by_one_side_denied_by_the_other() {
    let t = "Lithuania said Belarus supplied rockets to Serbia last year. Belarus denied supplying rockets to Serbia.";
    let c = run(t);
    let claims: Vec<_> = c.events.iter().filter(|e| e.category == "AID").collect();
    assert!(!claims.is_empty());
    let claim = claims[0];
    assert_eq!(claim.factuality, Factuality::Asserted);
    assert_eq!(claim.date.as_deref(), Some("2023"));
    assert_eq!(
        words(
            t,
            c.statements[claim.attributed_to.expect("claim") as usize].speaker
        ),
        "Lithuania"
    );
    let denied = c
        .events
        .iter()
        .find(|e| words(t, e.trigger) == "supplying")
        .expect("denied supply coded");
    assert_eq!(denied.factuality, Factuality::Negated);
    let d = &c.statements[denied.attributed_to.expect("denial") as usize];
    assert_eq!(d.stance, Stance::Deny);
    assert_eq!(words(t, d.speaker), "Belarus");
}

#[test]
fn hypothetical_deal_is_not_a_fact() {
    let t = "Any such deal would violate the embargo, the envoy said.";
    let c = run(t);
    assert!(c
        .events
        .iter()
        .all(|e| e.factuality != Factuality::Asserted));
    assert_eq!(c.statements.len(), 1);
}

#[test]
fn bad_input_never_panics() {
    for t in [
        "",
        "\"",
        "“unclosed quote said",
        "said",
        ", said .",
        "According to",
        "\u{0}\u{feff} é”",
    ] {
        let _ = analyze(t, None).expect("no error on odd text");
    }
}

#[test]
fn brat_round_trip_scores_perfectly_on_its_own_output() {
    use chronicle_events::eval::{attribute_dir, eval_attribution_dir};
    let dir = tempfile::tempdir().expect("tempdir");
    let (gold, out) = (dir.path().join("gold"), dir.path().join("out"));
    std::fs::create_dir_all(&gold).expect("mkdir");
    let text = "“The harbour stays shut,” the port captain said. Officials in Riga said the ferry had been diverted.\n";
    std::fs::write(gold.join("a.txt"), text).expect("write");
    assert_eq!(attribute_dir(&gold, &out).expect("attribute"), 1);
    let ann = std::fs::read_to_string(out.join("a.ann")).expect("ann written");
    assert!(ann.contains("\tSource "), "{ann}");
    assert!(ann.contains("Attribution:"), "{ann}");
    // Our own output as gold scores 1.0 everywhere.
    std::fs::copy(out.join("a.ann"), gold.join("a.ann")).expect("copy");
    let (s, docs) = eval_attribution_dir(&gold).expect("eval");
    assert_eq!(docs, 1);
    assert_eq!(s.gold, 2);
    assert!((s.source.f1() - 1.0).abs() < 1e-9);
    assert!((s.cue.f1() - 1.0).abs() < 1e-9);
    assert!((s.content.f1() - 1.0).abs() < 1e-9);
}

#[test]
fn jsonl_batch_survives_bad_lines() {
    let input = "{\"id\":\"x\",\"text\":\"Chile said Peru had closed the border.\",\"date\":\"2024-01-05\"}\nnot json\n{\"text\":\"no id here\"}\n";
    let mut out = Vec::new();
    let (n, bad) =
        chronicle_events::eval::code_jsonl(input.as_bytes(), &mut out, "input").expect("batch");
    assert_eq!((n, bad), (3, 1));
    let lines: Vec<&str> = std::str::from_utf8(&out).expect("utf8").lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].contains("\"statements\"") && lines[0].contains("\"x\""));
    assert!(lines[1].contains("\"error\""));
    assert!(lines[2].contains("\"id\":3"));
}

#[test]
fn reported_inability_to_confirm_is_decline_to_confirm() {
    let t = "The Elysee said on Monday it was unable to confirm talks between Macron and the Algerian president.";
    let c = run(t);
    assert_eq!(c.statements.len(), 1, "{:?}", c.statements);
    assert_eq!(c.statements[0].stance, Stance::DeclineToConfirm);
    let talks = c
        .events
        .iter()
        .find(|e| words(t, e.trigger) == "talks")
        .expect("talks coded");
    assert_eq!(talks.factuality, Factuality::Uncertain);
    assert_eq!(talks.attributed_to, Some(0));
}

#[test]
fn plain_negation_keeps_the_category_and_is_negated() {
    let t = "Belarus has not sent ammunition to Serbia, the ministry said.";
    let c = run(t);
    let e = c
        .events
        .iter()
        .find(|e| words(t, e.trigger) == "sent")
        .expect("supply coded");
    assert_eq!(e.category, "AID");
    assert_eq!(e.factuality, Factuality::Negated);
    assert_eq!(e.attributed_to, Some(0));
    assert!(!c.events.iter().any(|e| words(t, e.trigger) == "ammunition"));
    // A refusal is still a rejection.
    let t = "Belarus refused to send ammunition to Serbia.";
    let c = run(t);
    assert!(
        c.events.iter().any(|e| e.category == "REJECT"),
        "{:?}",
        c.events
    );
}

#[test]
fn speech_act_source_is_the_speaker() {
    let t = "Any such deal would breach sanctions on Serbia, Estonia warned.";
    let c = run(t);
    let warn = c
        .events
        .iter()
        .find(|e| words(t, e.trigger) == "warned")
        .expect("warning coded");
    let codes: Vec<_> = warn
        .source
        .iter()
        .filter_map(|a| a.code.as_deref())
        .collect();
    assert_eq!(codes, vec!["EST"]);
    let deal = c
        .events
        .iter()
        .find(|e| words(t, e.trigger) == "deal")
        .expect("deal coded");
    assert_eq!(deal.factuality, Factuality::Hypothetical);
    assert_eq!(deal.attributed_to, Some(0));
}

#[test]
fn visit_spelled_travelled_is_coded() {
    let t = "The Serbian defence minister travelled to Minsk in March.";
    let c = run(t);
    let e = c
        .events
        .iter()
        .find(|e| words(t, e.trigger) == "travelled")
        .expect("visit coded");
    assert_eq!(e.category, "CONSULT");
    assert_eq!(e.date.as_deref(), Some("2024-03"));
}

#[test]
fn flying_to_a_capital_is_a_visit_not_an_agreement() {
    let t = "The Chilean trade minister flew to Lima on Monday and met his Peruvian counterpart.";
    let c = run(t);
    let e = c
        .events
        .iter()
        .find(|e| words(t, e.trigger) == "flew")
        .expect("visit coded");
    assert_eq!(e.category, "CONSULT");
    assert_eq!(e.date.as_deref(), Some("2024-04-08"));
}

#[test]
fn protesters_gathering_is_a_demonstration() {
    let t =
        "About two hundred protesters gathered outside the Chilean consulate in Lima on Monday.";
    let c = run(t);
    let e = c
        .events
        .iter()
        .find(|e| words(t, e.trigger) == "gathered")
        .expect("demonstration coded");
    assert_eq!(e.category, "PROTEST");
    // Officials gathering are still a meeting, not a protest.
    let t2 = "Finance ministers gathered in Lima on Monday.";
    let c2 = run(t2);
    assert!(c2.events.iter().all(|e| e.category != "PROTEST"));
}
