//! Nominal event mentions: schedules after the noun, nominals with a "by" agent, dated
//! definite references without actors, and the patient of a reduced passive (sentences
//! written for the project).

mod common;
use chronicle_core::{DateBasis, Event, Factuality};
use chronicle_events::Coding;
use common::{codes, run};

/// Codes of actors named by words (not the coder's copy of the source for a
/// domestic action).
fn named(v: &[chronicle_core::Actor]) -> Vec<&str> {
    let mut c: Vec<&str> = v
        .iter()
        .filter(|a| !a.text.is_empty())
        .filter_map(|a| a.code.as_deref())
        .collect();
    c.sort_unstable();
    c.dedup();
    c
}

fn on<'a>(c: &'a Coding, text: &str, word: &str) -> Option<&'a Event> {
    c.events
        .iter()
        .find(|e| &text[e.trigger.start as usize..e.trigger.end as usize] == word)
}

#[test]
fn a_schedule_after_the_noun_makes_it_planned() {
    let t = "Greece said on Monday that joint naval exercises with Egypt due to start this week threaten no one.";
    let c = run(t);
    let e = on(&c, t, "exercises").expect("the exercises are coded");
    assert_eq!(e.factuality, Factuality::Planned);
    let t = "The talks between Chile and Peru, scheduled to open on Friday, will cover fishing.";
    let c = run(t);
    let e = on(&c, t, "talks").expect("the talks are coded");
    assert_eq!(e.factuality, Factuality::Planned);
    // "due to" before a noun gives a cause, not a schedule.
    let t = "Chile and Peru held talks in Lima on Monday due to the fishing dispute.";
    let c = run(t);
    let e = on(&c, t, "talks").expect("the talks are coded");
    assert_ne!(e.factuality, Factuality::Planned);
}

#[test]
fn a_nominal_takes_its_agent_after_by() {
    let t =
        "Turkish officials condemned the detention of two Turkish reporters by Egypt on Monday.";
    let c = run(t);
    let e = on(&c, t, "detention").expect("the detention is coded");
    assert_eq!(e.category, "COERCE");
    assert_eq!(codes(&e.source), vec!["EGY"]);
    assert_eq!(named(&e.target), vec!["TUR"]);
    assert_eq!(e.date.as_deref(), Some("2024-04-08"));
}

#[test]
fn a_dated_definite_nominal_is_kept_without_actors() {
    let t = "Last week's naval exercises off the coast, which ended on Sunday, drew little notice.";
    let c = run(t);
    let e = on(&c, t, "exercises").expect("a dated reference to one event is kept");
    assert!(e.source.is_empty() && e.target.is_empty());
    assert_eq!(e.date_basis, DateBasis::Explicit);
    // Undated and without actors, a nominal says nothing about one event.
    let t = "The exercises drew little notice.";
    let c = run(t);
    assert!(on(&c, t, "exercises").is_none(), "{:?}", c.events);
}

#[test]
fn a_reduced_passive_acts_on_the_phrase_before_it() {
    // The tanker was seized, not the Panamanian owner named before the comma.
    let t = "Investigators questioned the Panamanian owner of the Sea Lark, the tanker seized by Norway on Monday with stolen fuel on board.";
    let c = run(t);
    let e = on(&c, t, "seized").expect("the seizure is coded");
    assert_eq!(codes(&e.source), vec!["NOR"]);
    assert!(!codes(&e.target).contains(&"PAN"), "target {:?}", e.target);
    // Without a comma the phrase before the participle is its patient.
    let t = "Two Panamanian tankers seized by Norway on Monday were released.";
    let c = run(t);
    let e = on(&c, t, "seized").expect("the seizure is coded");
    assert_eq!(named(&e.target), vec!["PAN"]);
}
