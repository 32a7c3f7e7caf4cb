//! Event dates taken from the event's own clause, participial passives, and verbs the
//! CAMEO dictionary lacks (sentences written for the project).

mod common;
use chronicle_core::{DateBasis, Event};
use chronicle_events::Coding;
use common::{codes, run};

fn by_trigger<'a>(c: &'a Coding, text: &str, word: &str) -> &'a Event {
    c.events
        .iter()
        .find(|e| &text[e.trigger.start as usize..e.trigger.end as usize] == word)
        .unwrap_or_else(|| panic!("no event on {word:?} in {text:?}: {:?}", c.events))
}

#[test]
fn sanctioned_is_a_sanction_active_and_passive() {
    let t = "Canada sanctioned two Peruvian mining firms on Friday.";
    let c = run(t);
    let e = by_trigger(&c, t, "sanctioned");
    assert_eq!(e.category, "SANCTION");
    assert_eq!(codes(&e.source), vec!["CAN"]);
    assert_eq!(e.date.as_deref(), Some("2024-04-05"));
    let t =
        "The lenders, two Peruvian banks sanctioned by Japan last month, closed their branches.";
    let c = run(t);
    let e = by_trigger(&c, t, "sanctioned");
    assert_eq!(e.category, "SANCTION");
    assert_eq!(codes(&e.source), vec!["JPN"]);
    assert_eq!(e.date.as_deref(), Some("2024-03"));
    // "the sanctioned banks": an adjective, not an act.
    let t = "Officials froze the accounts of the sanctioned banks.";
    let c = run(t);
    assert!(c
        .events
        .iter()
        .all(|e| &t[e.trigger.start as usize..e.trigger.end as usize] != "sanctioned"));
}

#[test]
fn a_participle_with_by_and_an_agent_is_passive() {
    let t = "Fishermen on the trawler detained by Norway on Monday were released.";
    let c = run(t);
    let e = by_trigger(&c, t, "detained");
    assert_eq!(e.category, "COERCE");
    assert_eq!(codes(&e.source), vec!["NOR"]);
}

#[test]
fn carrying_materiel_is_a_transfer_of_arms() {
    let t = "A Bulgarian freighter carried artillery shells from Varna to Ukraine in January.";
    let c = run(t);
    let e = by_trigger(&c, t, "carried");
    assert_eq!(e.category, "AID");
    assert_eq!(e.cameo.as_deref(), Some("072"));
    assert_eq!(e.date.as_deref(), Some("2024-01"));
    // "carried out" is another verb.
    let t = "Ukraine carried out drone strikes on a depot on Tuesday.";
    let c = run(t);
    assert!(
        c.events.iter().all(|e| e.category != "AID"),
        "{:?}",
        c.events
    );
}

#[test]
fn words_of_a_date_are_not_words_of_the_event() {
    // "detained ... on March 2" must not read as "detain ... march" (a demonstration).
    let t = "Chilean police detained two students on March 2.";
    let c = run(t);
    let e = by_trigger(&c, t, "detained");
    assert_eq!(e.category, "COERCE");
    assert_eq!(e.date.as_deref(), Some("2024-03-02"));
}

#[test]
fn a_date_in_another_clause_does_not_date_the_event() {
    // The relative clause's date is when the paper reported, not when rifles were shipped.
    let t = "Greece shipped rifles to Albania, which a newspaper reported on March 3.";
    let c = run(t);
    let e = by_trigger(&c, t, "shipped");
    assert_eq!(e.category, "AID");
    assert_ne!(e.date.as_deref(), Some("2024-03-03"));
    // The event's own clause wins over the clause it is reported in.
    let t = "Reports last week said that Greece shipped rifles to Albania in February.";
    let c = run(t);
    let e = by_trigger(&c, t, "shipped");
    assert_eq!(e.date.as_deref(), Some("2024-02"));
    assert_eq!(e.date_basis, DateBasis::Explicit);
}

#[test]
fn an_event_after_or_before_another_is_not_dated_by_it() {
    // "ten days after Peru expelled ...": the expulsion is not on Monday.
    let t = "Talks resumed on Monday, ten days after Peru expelled three Bolivian diplomats.";
    let c = run(t);
    let e = by_trigger(&c, t, "expelled");
    assert_ne!(e.date.as_deref(), Some("2024-04-08"));
    assert_eq!(e.date_basis, DateBasis::PublicationFallback);
}

#[test]
fn a_nouns_relative_clause_dates_it() {
    let t = "Officials said the treaty that Chile and Peru signed in January covers fishing.";
    let c = run(t);
    let e = by_trigger(&c, t, "treaty");
    assert_eq!(e.date.as_deref(), Some("2024-01"));
}

#[test]
fn an_actor_inside_another_clause_is_not_the_subject() {
    // Peru is named inside the allegation, not as the one holding consultations.
    let t = "The UN Security Council failed to agree on a response to claims that Chile is arming Peru, after closed consultations on Friday.";
    let c = run(t);
    let e = by_trigger(&c, t, "consultations");
    assert!(!codes(&e.source).contains(&"PER"), "{:?}", e.source);
    assert!(!codes(&e.source).contains(&"CHL"), "{:?}", e.source);
}

#[test]
fn a_transfer_goes_to_its_destination_not_its_goods_origin() {
    let t =
        "The freighter carried a cargo of Bulgarian artillery shells to Ukraine, officials said.";
    let c = run(t);
    let e = by_trigger(&c, t, "carried");
    assert_eq!(e.category, "AID");
    assert_eq!(codes(&e.target), vec!["UKR"]);
    // With no actor between the trigger and "to", the reading is unchanged.
    let t = "Poland shipped artillery shells to Ukraine in March.";
    let c = run(t);
    let e = by_trigger(&c, t, "shipped");
    assert_eq!(codes(&e.source), vec!["POL"]);
    assert_eq!(codes(&e.target), vec!["UKR"]);
}

#[test]
fn an_act_an_earlier_report_mentions_is_not_this_days_news() {
    // "which the paper reported on April 2" (before the publication day, April 10):
    // the shipment happened by then, how long before is not said.
    let t = "Officials said the freighter carried Bulgarian artillery shells to Ukraine, which the paper reported on April 2.";
    let c = run(t);
    let e = by_trigger(&c, t, "carried");
    assert_eq!(e.date_basis, DateBasis::PublicationFallback);
    // Without such a clause an undated act is dated by tense (recent news).
    let t = "Officials said the freighter carried Bulgarian artillery shells to Ukraine.";
    let c = run(t);
    let e = by_trigger(&c, t, "carried");
    assert_eq!(e.date_basis, DateBasis::Inferred);
}

#[test]
fn a_duration_before_after_dates_the_clause_it_opens() {
    // Published Wednesday 2024-04-10; the main clause is that day's news.
    let t = "The meeting comes three days after Chile recalled its ambassador from Peru, and a week after Peru expelled two Chilean diplomats.";
    let c = run(t);
    assert_eq!(
        by_trigger(&c, t, "recalled").date.as_deref(),
        Some("2024-04-07")
    );
    let e = by_trigger(&c, t, "expelled");
    assert_eq!(e.date.as_deref(), Some("2024-04-03"));
    assert_eq!(e.date_basis, DateBasis::Explicit);
    // A main clause with a date of its own, or in the past, is not the publication
    // day: no guess.
    for t in [
        "The meeting in 2019 came three days after Chile recalled its ambassador from Peru.",
        "The meeting came three days after Chile recalled its ambassador from Peru.",
    ] {
        let c = run(t);
        let e = by_trigger(&c, t, "recalled");
        assert_eq!(e.date_basis, DateBasis::PublicationFallback, "{t}");
    }
}
