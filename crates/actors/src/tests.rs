//! Tests on the embedded gazetteer with sentences written for this project.

use super::*;

fn g() -> &'static Gazetteer {
    match Gazetteer::load() {
        Ok(g) => g,
        Err(e) => panic!("embedded gazetteer must load: {e}"),
    }
}

fn d(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The mention covering the first occurrence of `words`.
fn at<'a>(ms: &'a [LinkedMention], text: &str, words: &str) -> &'a LinkedMention {
    let i = text
        .find(words)
        .unwrap_or_else(|| panic!("{words:?} not in text"));
    let span = Span::new(i, i + words.len());
    ms.iter()
        .find(|m| m.span.overlaps(&span))
        .unwrap_or_else(|| panic!("no mention over {words:?} in {ms:#?}"))
}

fn codes(m: &LinkedMention) -> (Option<&str>, Option<&str>, Option<&str>) {
    (m.entity.as_deref(), m.code.as_deref(), m.sector.as_deref())
}

#[test]
fn korea_has_many_names() {
    let text = "Pyongyang rejected the claim. The DPRK said North Korea and the North \
                would not talk to Seoul, and North Korean officials stayed away.";
    let ms = g().link(text, d("2023-09-05"));
    for w in [
        "Pyongyang",
        "DPRK",
        "North Korea",
        "the North",
        "North Korean officials",
    ] {
        assert_eq!(at(&ms, text, w).code.as_deref(), Some("PRK"), "{w}");
    }
    let officials = at(&ms, text, "North Korean officials");
    assert_eq!(officials.sector.as_deref(), Some("GOV"));
    assert_eq!(officials.text, "North Korean officials");
    assert_eq!(at(&ms, text, "Seoul").code.as_deref(), Some("KOR"));
}

#[test]
fn the_north_needs_a_korean_context() {
    let text = "Storms hit the North of England on Monday.";
    let ms = g().link(text, d("2023-09-05"));
    assert!(
        ms.iter().all(|m| m.code.as_deref() != Some("PRK")),
        "{ms:#?}"
    );
}

#[test]
fn russia_and_the_us_by_seat_of_government() {
    let text = "Moscow and the Kremlin denied it; Washington and the White House \
                disagreed, and the Pentagon sent a team.";
    let ms = g().link(text, d("2023-09-05"));
    assert_eq!(codes(at(&ms, text, "Moscow")).1, Some("RUS"));
    assert_eq!(
        codes(at(&ms, text, "the Kremlin")),
        (Some("country:RUS"), Some("RUS"), Some("GOV"))
    );
    assert_eq!(at(&ms, text, "Washington").code.as_deref(), Some("USA"));
    assert_eq!(
        codes(at(&ms, text, "the White House")),
        (Some("country:USA"), Some("USA"), Some("GOV"))
    );
    assert_eq!(at(&ms, text, "Pentagon").sector.as_deref(), Some("MIL"));
}

#[test]
fn people_are_coded_as_of_the_article_date() {
    let text = "Russian Defence Minister Sergei Shoigu met Kim Jong Un, and Vladimir Putin \
                spoke to Dmitry Peskov and Jake Sullivan.";
    let ms = g().link(text, d("2023-07-26"));
    let shoigu = at(&ms, text, "Sergei Shoigu");
    assert_eq!(
        codes(shoigu),
        (Some("person:sergei-shoigu"), Some("RUS"), Some("MIL"))
    );
    assert!(shoigu.text.starts_with("Russian Defence Minister"));
    assert_eq!(shoigu.basis, LinkBasis::Title);
    assert_eq!(codes(at(&ms, text, "Kim Jong Un")).1, Some("PRK"));
    assert_eq!(at(&ms, text, "Kim Jong Un").sector.as_deref(), Some("GOV"));
    assert_eq!(
        codes(at(&ms, text, "Vladimir Putin")),
        (Some("person:vladimir-putin"), Some("RUS"), Some("GOV"))
    );
    assert_eq!(
        codes(at(&ms, text, "Dmitry Peskov")),
        (Some("person:dmitry-peskov"), Some("RUS"), Some("GOV"))
    );
    assert_eq!(
        codes(at(&ms, text, "Jake Sullivan")),
        (Some("person:jake-sullivan"), Some("USA"), Some("GOV"))
    );
    // After May 2024 Shoigu is no longer defence minister: his sector changes.
    let later = g().link("Sergei Shoigu arrived.", d("2024-06-01"));
    assert_eq!(later[0].sector.as_deref(), Some("GOV"));
    assert_eq!(
        g().role_at("person:sergei-shoigu", d("2016-01-01"))
            .map(|r| r.sector.as_deref()),
        Some(Some("MIL"))
    );
}

#[test]
fn short_names_corefer_within_a_document() {
    let text = "John Kirby, the White House national security spokesman, spoke first. \
                Later Kirby said more.";
    let ms = g().link(text, d("2023-09-05"));
    let later = text.rfind("Kirby").unwrap_or(0);
    let m = ms
        .iter()
        .find(|m| m.span.start as usize == later)
        .unwrap_or_else(|| panic!("no later Kirby in {ms:#?}"));
    assert_eq!(m.entity.as_deref(), Some("person:john-kirby"));
    assert_eq!(m.basis, LinkBasis::Coreference);
    assert_eq!(
        (m.code.as_deref(), m.sector.as_deref()),
        (Some("USA"), Some("GOV"))
    );
    // Without the full name first, "Kirby" alone is not linked.
    assert!(g().link("Kirby said more.", d("2023-09-05")).is_empty());
}

#[test]
fn descriptions_resolve_to_the_office_holder_at_the_date() {
    let text = "The North Korean leader may travel to Russia.";
    let ms = g().link(text, d("2023-09-05"));
    let m = at(&ms, text, "North Korean leader");
    assert_eq!(m.entity.as_deref(), Some("person:kim-jong-un"));
    assert_eq!(m.basis, LinkBasis::Description);
    let text = "The US president spoke.";
    let in_2023 = g().link(text, d("2023-09-05"));
    let in_2019 = g().link(text, d("2019-09-05"));
    assert_eq!(
        at(&in_2023, text, "US president").entity.as_deref(),
        Some("person:joe-biden")
    );
    assert_eq!(
        at(&in_2019, text, "US president").entity.as_deref(),
        Some("person:donald-trump")
    );
}

#[test]
fn groups_and_international_bodies() {
    let text = "Weapons went to Wagner, and the UN Security Council met as NATO watched.";
    let ms = g().link(text, d("2023-09-05"));
    assert_eq!(
        codes(at(&ms, text, "Wagner")),
        (Some("org:wagner-group"), Some("RUS"), Some("MIL"))
    );
    let unsc = at(&ms, text, "UN Security Council");
    assert_eq!(unsc.entity.as_deref(), Some("igo:unsc"));
    assert_eq!(unsc.code.as_deref(), Some("IGO"));
    assert_eq!(unsc.text, "UN Security Council");
    assert_eq!(at(&ms, text, "NATO").entity.as_deref(), Some("igo:nato"));
}

#[test]
fn dated_roles_of_groups_change_their_sector() {
    let text = "The Taliban took control.";
    let before = g().link(text, d("2020-01-01"));
    let after = g().link(text, d("2022-01-01"));
    assert_eq!(at(&before, text, "Taliban").sector.as_deref(), Some("REB"));
    assert_eq!(at(&after, text, "Taliban").sector.as_deref(), Some("GOV"));
}

#[test]
fn namesakes_use_context_and_say_when_they_cannot() {
    let state = "Georgia's governor spoke in Atlanta about the county vote.";
    let ms = g().link(state, None);
    assert_eq!(
        at(&ms, state, "Georgia").entity.as_deref(),
        Some("place:georgia-us-state")
    );
    let country = "Georgia's government in Tbilisi protested to Russia.";
    let ms = g().link(country, None);
    assert_eq!(at(&ms, country, "Georgia").code.as_deref(), Some("GEO"));
    let bare = g().link("Georgia voted.", None);
    assert!(bare.first().is_some_and(|m| m.ambiguous), "{bare:#?}");
    // A place name inside another name is not the place.
    let jordan = g().link("The star was Michael Jordan of Chicago.", None);
    assert!(
        jordan.iter().all(|m| m.code.as_deref() != Some("JOR")),
        "{jordan:#?}"
    );
}

#[test]
fn case_matters_for_abbreviations() {
    let ms = g().link("Tell us what the US wants.", None);
    assert_eq!(ms.len(), 1, "{ms:#?}");
    assert_eq!(ms[0].text, "US");
}

#[test]
fn external_spans_take_scanned_links() {
    let text = "Antony Blinken met Wang Yi. Blinken left.";
    let spans = [
        (Span::new(0, 14), EntityType::Per),
        (Span::new(19, 26), EntityType::Per),
        (Span::new(28, 35), EntityType::Per),
        (Span::new(36, 40), EntityType::Misc),
    ];
    let ms = g().link_mentions(text, d("2022-06-01"), &spans);
    assert_eq!(ms.len(), 4);
    assert_eq!(ms[0].entity.as_deref(), Some("person:antony-blinken"));
    assert_eq!(ms[1].entity.as_deref(), Some("person:wang-yi"));
    assert_eq!(ms[1].code.as_deref(), Some("CHN"));
    assert_eq!(ms[2].entity.as_deref(), Some("person:antony-blinken"));
    assert_eq!(ms[3].basis, LinkBasis::Unlinked);
    assert_eq!(ms[3].text, "left");
    // Out-of-range spans give empty words, not a panic.
    let odd = g().link_mentions(text, None, &[(Span::new(500, 900), EntityType::Org)]);
    assert_eq!(odd[0].text, "");
}

#[test]
fn entities_carry_names_and_dated_roles() {
    let e = g().entity("person:sergei-shoigu").expect("shoigu");
    assert!(e.names.iter().any(|n| n == "Shoigu"));
    let dm = e
        .roles
        .iter()
        .find(|r| r.sector.as_deref() == Some("MIL"))
        .expect("role");
    assert_eq!(dm.from.as_deref(), Some("2012-11-06"));
    assert_eq!(dm.until.as_deref(), Some("2024-05-12"));
    assert_eq!(
        g().entity("country:PRK").map(|e| e.kind),
        Some(EntityType::Gpe)
    );
    assert!(g().entity("person:nobody-at-all").is_none());
}

#[test]
fn byte_offsets_are_exact_with_non_ascii_text() {
    let text = "« Élysée » — the Élysée Palace and Erdoğan met Zelenskyy in Kyiv.";
    let ms = g().link(text, d("2023-09-05"));
    for m in &ms {
        assert_eq!(&text[m.span.start as usize..m.span.end as usize], m.text);
    }
    assert_eq!(at(&ms, text, "Erdoğan").code.as_deref(), Some("TUR"));
    assert_eq!(at(&ms, text, "Kyiv").code.as_deref(), Some("UKR"));
}

#[test]
fn bad_gazetteer_bytes_are_typed_errors() {
    assert!(matches!(
        Gazetteer::from_gz(b"not gzip"),
        Err(ActorsError::Gzip(_))
    ));
    let data = GazetteerData {
        version: 99,
        ..Default::default()
    };
    assert!(matches!(
        Gazetteer::from_data(data),
        Err(ActorsError::Version { found: 99, .. })
    ));
}

#[test]
fn jsonl_run_links_and_reports_bad_records() {
    let input = "{\"id\":\"a\",\"text\":\"The Kremlin said.\",\"date\":\"2023-09-05\"}\n\
                 not json\n\
                 {\"id\":\"b\",\"text\":\"x\",\"date\":\"yesterday\"}\n";
    let mut out = Vec::new();
    let stats = jsonl::run(g(), input.as_bytes(), &mut out, "test").expect("run");
    assert_eq!((stats.records, stats.errors, stats.actors), (1, 2, 1));
    let text = String::from_utf8(out).unwrap_or_default();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["actors"][0]["code"], "RUS");
    assert_eq!(lines[0]["actors"][0]["start"], 0);
    assert_eq!(lines[0]["actors"][0]["end"], 11);
    assert!(lines[1]["error"].is_string());
    assert_eq!(lines[2]["id"], "b");
}

#[test]
fn a_sentence_boundary_is_never_part_of_a_title() {
    let text =
        "Officials gathered in Pyongyang. Shoigu said the talks went well. Gen. Shoigu left.";
    let ms = g().link(text, d("2023-09-03"));
    let place = at(&ms, text, "Pyongyang");
    assert_eq!(place.code.as_deref(), Some("PRK"));
    assert!(
        ms.iter()
            .all(|m| !m.text.contains(". Shoigu") || m.text == "Gen. Shoigu"),
        "{ms:?}"
    );
    assert_eq!(
        at(&ms, text, "Gen. Shoigu").entity.as_deref(),
        Some("person:sergei-shoigu")
    );
}

#[test]
fn a_country_named_as_the_owner_of_a_sea_or_gulf_is_not_an_actor() {
    let text = "Norwegian coastguards boarded a trawler in the Bay of Biscay, and Peru \
                protested after a tanker ran aground in the Gulf of Mexico.";
    let ms = g().link(text, d("2024-05-02"));
    let code_over = |words: &str| {
        let i = text.find(words).unwrap_or(0);
        let span = Span::new(i, i + words.len());
        ms.iter()
            .filter(|m| m.span.overlaps(&span))
            .filter_map(|m| m.code.clone())
            .collect::<Vec<_>>()
    };
    assert!(code_over("Mexico").is_empty(), "{ms:#?}");
    assert_eq!(code_over("Peru"), ["PER"]);
}
