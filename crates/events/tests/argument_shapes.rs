//! Sentence shapes the positional argument reader must get right (sentences written for
//! the project): appositives, prepositional modifiers of the subject, conjoined verb
//! phrases, speakers who are also agents, light verbs with event nouns, long passives,
//! and the verb patterns added to the CAMEO dictionary's (travel, deployment, handing
//! over, asylum).

mod common;
use chronicle_core::{Event, Factuality};
use chronicle_events::{primary_event, Coding};
use common::{codes, run};

fn primary<'a>(c: &'a Coding, text: &str) -> &'a Event {
    primary_event(c, chronicle_core::Span::new(0, text.len())).expect("an event is coded")
}

fn trigger<'a>(text: &'a str, e: &Event) -> &'a str {
    &text[e.trigger.start as usize..e.trigger.end as usize]
}

#[test]
fn appositive_between_subject_and_verb_is_skipped() {
    let t = "Norway, a long-standing partner of Chile, has refused to deploy monitors in Peru.";
    let c = run(t);
    let e = primary(&c, t);
    assert_eq!(e.category, "REJECT");
    assert_eq!(codes(&e.source), vec!["NOR"]);
}

#[test]
fn prepositional_modifier_of_the_subject_is_not_the_subject() {
    let t = "Hungarian troops in Slovakia attacked a fuel depot on Sunday.";
    let c = run(t);
    let e = primary(&c, t);
    assert_eq!(e.category, "ASSAULT");
    assert_eq!(codes(&e.source), vec!["HUN"]);
}

#[test]
fn conjoined_verb_phrase_shares_the_first_subject() {
    let t =
        "Kenya reopened its border with Uganda on Monday but was still refusing entry to Somalis.";
    let c = run(t);
    let e = c
        .events
        .iter()
        .find(|e| trigger(t, e).starts_with("refus"))
        .expect("refusal coded");
    assert_eq!(codes(&e.source), vec!["KEN"]);
}

#[test]
fn speaker_of_a_later_statement_can_be_the_agent() {
    let t = "Oslo rejected the proposal from Sweden, saying it came too late.";
    let c = run(t);
    let e = primary(&c, t);
    assert_eq!(e.category, "REJECT");
    assert_eq!(codes(&e.source), vec!["NOR"]);
    assert_eq!(codes(&e.target), vec!["SWE"]);
}

#[test]
fn light_verb_with_event_noun_is_coded_as_the_noun() {
    let t = "Chilean teachers staged a hunger strike in Santiago on Monday.";
    let c = run(t);
    let e = primary(&c, t);
    assert_eq!(e.category, "PROTEST");
    assert_eq!(e.mode.as_deref(), Some("hunger"));
    assert_eq!(trigger(t, e), "strike");
    assert_eq!(codes(&e.source), vec!["CHL"]);

    let t = "Peruvian miners called off their strike on Friday.";
    let c = run(t);
    assert_eq!(primary(&c, t).category, "CONCEDE");

    // A capitalised event noun inside a name is not a trigger.
    let t = "The Ceasefire Monitoring Board met on Friday.";
    let c = run(t);
    assert!(c.events.iter().all(|e| trigger(t, e) != "Ceasefire"));
}

#[test]
fn travel_for_talks_is_a_meeting_of_the_travellers() {
    let t = "Greek and Turkish envoys returned to Vienna for talks on Tuesday.";
    let c = run(t);
    let e = primary(&c, t);
    assert_eq!(e.category, "CONSULT");
    assert_eq!(codes(&e.source), vec!["GRC", "TUR"]);
}

#[test]
fn announcer_of_a_measure_is_its_source() {
    let t = "Portugal announced a suspension of flights to Morocco on Wednesday.";
    let c = run(t);
    let e = primary(&c, t);
    assert_eq!(e.category, "SANCTION");
    assert_eq!(codes(&e.source), vec!["PRT"]);
}

#[test]
fn passive_agent_far_from_the_verb() {
    let t = "The former mayor has been accused of fraud and bribery by Bolivian prosecutors.";
    let c = run(t);
    let e = primary(&c, t);
    assert_eq!(e.category, "ACCUSE");
    assert_eq!(codes(&e.source), vec!["BOL"]);
}

#[test]
fn state_demonym_before_a_group_names_the_state() {
    let t = "Some 5,000 Iraqi Kurds sought refuge in Turkey last month.";
    let c = run(t);
    let e = primary(&c, t);
    assert_eq!(e.category, "REQUEST");
    assert_eq!(codes(&e.source), vec!["IRQ"]);
    assert_eq!(codes(&e.target), vec!["TUR"]);
}

#[test]
fn heading_to_a_city_is_travel_and_sending_troops_a_mobilization() {
    let t = "The Serbian president is likely to head to Minsk later this month.";
    let c = run(t);
    let e = primary(&c, t);
    assert_eq!(e.category, "CONSULT");
    assert_eq!(e.factuality, Factuality::Predicted);

    let t = "Belarus will send troops to the border next week.";
    let c = run(t);
    let e = primary(&c, t);
    assert_eq!(e.category, "MOBILIZE");
    assert_eq!(e.factuality, Factuality::Planned);
}

#[test]
fn handing_over_medicine_is_aid() {
    let t = "Danish doctors handed over two tonnes of medicine to hospitals in Yemen.";
    let c = run(t);
    let e = primary(&c, t);
    assert_eq!(e.category, "AID");
    assert_eq!(codes(&e.source), vec!["DNK"]);
}
