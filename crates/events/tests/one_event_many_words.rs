//! Shapes in which the coder used to report one act twice, or a trend or a prospect as
//! an act done (sentences written for the project): the verb of an event noun already
//! coded ("sanctions imposed on ..."), a verb phrase joined by "and" without its own
//! subject, "a sign of deepening ties", and a possibility spoken of for a later day.

mod common;
use chronicle_core::{Event, Factuality};

use common::{codes, run, with_trigger};

#[test]
fn the_verb_of_a_coded_event_noun_is_not_a_second_event() {
    let t = "The measures follow US sanctions imposed on March 13 on Peruvian fishing companies.";
    let c = run(t);
    assert_eq!(with_trigger(&c, t, "sanction").len(), 1, "{:?}", c.events);
    assert!(with_trigger(&c, t, "imposed").is_empty(), "{:?}", c.events);

    // The light verb before its noun still gives the noun's event, once.
    let t = "Norway imposed sanctions on three Chilean fishing firms on Monday.";
    let c = run(t);
    let all: Vec<&Event> = c
        .events
        .iter()
        .filter(|e| e.category == "SANCTION")
        .collect();
    assert_eq!(all.len(), 1, "{:?}", c.events);
    assert_eq!(codes(&all[0].source), ["NOR"]);
}

#[test]
fn a_verb_joined_by_and_shares_the_sentences_subject() {
    let t = "Chilean forces stopped the Panama-flagged Aurora Star off Arica on Tuesday and arrested its captain.";
    let c = run(t);
    let e = with_trigger(&c, t, "arrested");
    assert_eq!(e.len(), 1, "{:?}", c.events);
    assert_eq!(codes(&e[0].source), ["CHL"], "not the flag state");
}

#[test]
fn a_sign_of_a_trend_is_not_an_act() {
    let t =
        "Analysts see the exercises as a sign of deepening military ties between Chile and Peru.";
    let c = run(t);
    assert!(with_trigger(&c, t, "deepen").is_empty(), "{:?}", c.events);

    let t = "Chile and Peru are deepening military ties.";
    let c = run(t);
    assert_eq!(with_trigger(&c, t, "deepen").len(), 1, "{:?}", c.events);
}

#[test]
fn a_possibility_spoken_of_for_a_later_day_is_hypothetical() {
    // Published 2024-04-10: said in March of May.
    let t =
        "The minister said in March that the two armies might hold exercises near Tacna in May.";
    let c = run(t);
    let e = with_trigger(&c, t, "exercises");
    assert_eq!(e.len(), 1, "{:?}", c.events);
    assert_eq!(e[0].factuality, Factuality::Hypothetical);

    // Of the day it was said: a possibility of the present.
    let t = "Chile said on Monday that Peru is considering joint exercises with Bolivia.";
    let c = run(t);
    let e = with_trigger(&c, t, "exercises");
    assert_eq!(e.len(), 1, "{:?}", c.events);
    assert_eq!(e[0].factuality, Factuality::Uncertain);
}

#[test]
fn a_definite_event_noun_after_a_preposition_is_a_reference() {
    // The officials are not the talks' parties; "over the coming year" dates the
    // delivery, not the talks.
    let t = "The accord signed by the ministers of Chile and Peru in Lima on Monday provides for patrol boats over the coming year, according to two Chilean officials briefed on the talks.";
    let c = run(t);
    let talks = with_trigger(&c, t, "talks");
    assert_eq!(talks.len(), 1, "{:?}", c.events);
    assert!(talks[0].source.is_empty(), "{:?}", talks[0].source);
    assert_ne!(talks[0].date.as_deref(), Some("2025"));
    assert_ne!(talks[0].date_basis, chronicle_core::DateBasis::Explicit);

    // Its own agent after "by" and a date after it stay.
    let t = "Peru protested over the detention of its fishermen by Chile on Monday.";
    let c = run(t);
    let d = with_trigger(&c, t, "detention");
    assert_eq!(d.len(), 1, "{:?}", c.events);
    assert_eq!(codes(&d[0].source), ["CHL"]);
    assert_eq!(d[0].date.as_deref(), Some("2024-04-08"));
}
