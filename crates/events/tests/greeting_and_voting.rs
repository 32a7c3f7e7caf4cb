//! Two verbs whose dictionary code misreads common news shapes (sentences written for
//! the project): greeting a visitor is hosting a visit (CAMEO 043), not praise; voting
//! for a resolution or bill is a decision on a text (CAMEO 014, no PLOVER category),
//! not an agreement with another actor.

mod common;

use common::{run, with_trigger};

#[test]
fn a_greeted_visitor_is_a_hosted_visit() {
    let t = "The Chilean trade minister was greeted at Lima airport by Peruvian officials.";
    let c = run(t);
    let e = with_trigger(&c, t, "greet");
    assert_eq!(e.len(), 1, "{:?}", c.events);
    assert_eq!(e[0].category, "CONSULT");
    assert_eq!(e[0].cameo.as_deref(), Some("043"));
}

#[test]
fn greeting_a_delegation_is_a_hosted_visit() {
    let t = "Peru's president greeted the Chilean delegation in Lima.";
    let c = run(t);
    let e = with_trigger(&c, t, "greet");
    assert_eq!(e.len(), 1, "{:?}", c.events);
    assert_eq!(e[0].category, "CONSULT");
}

#[test]
fn greeting_news_is_still_not_a_visit() {
    let t = "Chile greeted the ceasefire with relief.";
    let c = run(t);
    assert!(
        with_trigger(&c, t, "greet")
            .iter()
            .all(|e| e.category != "CONSULT"),
        "{:?}",
        c.events
    );
}

#[test]
fn voting_for_a_resolution_is_not_an_agreement() {
    for t in [
        "Portugal voted for the resolution on fishing quotas.",
        "Norway voted against the draft at the assembly.",
        "Chile voted for that bill last year.",
    ] {
        let c = run(t);
        assert!(with_trigger(&c, t, "vot").is_empty(), "{t}: {:?}", c.events);
    }
}
