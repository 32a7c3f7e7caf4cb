//! Tests of whole-page extraction on pages written for these tests.

use super::*;

fn page() -> String {
    let para = |i: usize| {
        format!("<p>Paragraph {i} of the story says that the harbour council met again, and that the engineers, the mayor and the residents argued about the cost of the new sea wall for a long time before they voted.</p>")
    };
    let body: String = (1..=6).map(para).collect();
    format!(
        r##"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour wall vote splits town | The Coast Gazette</title>
<meta property="og:site_name" content="The Coast Gazette">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2021-03-07T09:00:00+00:00">
<link rel="canonical" href="https://gazette.example/news/harbour-wall">
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Harbour wall vote splits town","author":{{"@type":"Person","name":"Ada Quill"}}}}</script>
<script>var tracking = "should never appear";</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>Harbour wall vote splits town</h1>
<div class="byline">By Ada Quill</div>
<figure><img src="x.jpg"><figcaption>The old pier at dawn. Photo: Staff</figcaption></figure>
<div class="article-body">{body}
<h2>What comes next</h2>
<p>Work is due to start in the spring, the council said in a statement issued on Wednesday evening.</p>
<div class="share-tools"><a href="#">Share on social</a> <a href="#">Email</a></div>
</div>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Another story about the harbour and its long history</a></li><li><a href="/b">Storm season forecast for the coast this year</a></li></ul></aside>
</main>
<footer><p>Copyright The Coast Gazette. All rights reserved.</p></footer>
</body></html>"##
    )
}

#[test]
fn extracts_story_and_metadata() {
    let ex = extract_html(page().as_bytes(), None).unwrap_or_default();
    assert!(ex.is_article);
    assert_eq!(ex.title.as_deref(), Some("Harbour wall vote splits town"));
    assert_eq!(ex.author.as_deref(), Some("Ada Quill"));
    assert_eq!(ex.date_ymd().as_deref(), Some("2021-03-07"));
    assert_eq!(
        ex.canonical_url.as_deref(),
        Some("https://gazette.example/news/harbour-wall")
    );
    assert_eq!(ex.site_name.as_deref(), Some("The Coast Gazette"));
    assert_eq!(ex.language.as_deref(), Some("en"));
    for i in 1..=6 {
        assert!(
            ex.text.contains(&format!("Paragraph {i} of the story")),
            "{}",
            ex.text
        );
    }
    assert!(ex.text.contains("What comes next"));
    assert!(ex.text.contains("Work is due to start"));
    assert_eq!(ex.text.matches("\n\n").count(), 7, "{}", ex.text);
    for junk in [
        "Home",
        "Share on social",
        "Related stories",
        "Another story",
        "Copyright",
        "tracking",
        "old pier",
        "By Ada Quill",
    ] {
        assert!(!ex.text.contains(junk), "kept {junk:?}: {}", ex.text);
    }
}

#[test]
fn gzip_and_truncated_gzip() {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(page().as_bytes()).unwrap_or_default();
    let gz = enc.finish().unwrap_or_default();
    let full = gunzip_if_needed(gz.clone()).unwrap_or_default();
    assert_eq!(full, page().as_bytes());
    let cut = gz[..gz.len() / 2].to_vec();
    assert!(matches!(gunzip_if_needed(cut), Err(ExtractError::Gzip(_))));
}

#[test]
fn empty_and_script_only_pages() {
    assert!(matches!(extract_html(b"", None), Err(ExtractError::Empty)));
    assert!(matches!(
        extract_html(b"  \n ", None),
        Err(ExtractError::Empty)
    ));
    let ex = extract_html(b"<html><head><script>var a = 'x'.repeat(1000);</script></head><body><script>document.write('hello world')</script></body></html>", None).unwrap_or_default();
    assert!(ex.text.is_empty());
    assert!(!ex.is_article);
    assert!(ex.notes.iter().any(|n| n.contains("not an article")));
}

#[test]
fn deeply_nested_divs_are_bounded() {
    let n = 100_000;
    let mut html = String::with_capacity(n * 11 + 400);
    html.push_str("<html><body>");
    for _ in 0..n {
        html.push_str("<div>");
    }
    html.push_str("<p>The innermost paragraph still carries the story of the harbour council and its long, difficult vote on the wall.</p>");
    for _ in 0..n {
        html.push_str("</div>");
    }
    html.push_str("</body></html>");
    let t = std::time::Instant::now();
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(t.elapsed().as_secs() < 30, "took {:?}", t.elapsed());
    assert!(ex.text.contains("innermost paragraph"));
    assert!(ex.notes.iter().any(|n| n.contains("flattened")));
}

#[test]
fn fifty_megabyte_page_is_cut_and_bounded() {
    let mut html = String::from("<html><head><title>Big page</title></head><body><article>");
    let mut i = 0u64;
    while html.len() < 50 * 1024 * 1024 {
        i += 1;
        html.push_str(&format!("<p>Filler paragraph number {i} with enough words to look like prose, about nothing at all.</p>\n"));
    }
    html.push_str("</article></body></html>");
    let t = std::time::Instant::now();
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(t.elapsed().as_secs() < 120, "took {:?}", t.elapsed());
    assert!(ex.notes.iter().any(|n| n.contains("cut")));
    assert!(ex.text.len() > 1_000_000);
}

#[test]
fn legacy_charset_page_extracts() {
    let story = "<p>Правительство объявило о новых мерах поддержки для рыбаков северного побережья, и министр заявил, что программа начнётся уже в сентябре этого года.</p>";
    let html = format!("<html><head><meta charset=\"koi8-r\"><title>Новости</title></head><body><article>{}</article></body></html>", story.repeat(4));
    let (bytes, _, _) = encoding_rs::KOI8_R.encode(&html);
    let ex = extract_html(&bytes, None).unwrap_or_default();
    assert!(ex.text.contains("Правительство объявило"));
    assert!(ex.notes.iter().any(|n| n.contains("KOI8-R")));
}

#[test]
fn file_ids_drop_known_suffixes() {
    assert_eq!(file_id(Path::new("/a/b/0001.html.gz")), "0001");
    assert_eq!(file_id(Path::new("x.txt")), "x");
    assert_eq!(file_id(Path::new("page.html")), "page");
    assert_eq!(file_id(Path::new("odd.bin")), "odd.bin");
}

#[test]
fn story_sentences_with_furniture_words_are_kept() {
    let text = "Ministers met in Oslo on Tuesday to discuss the fishing quota.\n\
        The ministry did not immediately respond to a request for comment.\n\
        Officials said the two sides had shared their findings with allies.\n\
        Share this article\n\
        Comments (12)";
    let cleaned = crate::clean_plain_text(text);
    assert!(cleaned.contains("request for comment."), "{cleaned}");
    assert!(cleaned.contains("had shared their findings"), "{cleaned}");
    assert!(!cleaned.contains("Share this article"), "{cleaned}");
    assert!(!cleaned.contains("Comments (12)"), "{cleaned}");
}

fn story_paragraphs() -> String {
    (1..=5)
        .map(|i| format!("<p>Paragraph {i} says the harbour council met again and the engineers, the mayor and the residents argued about the cost of the new sea wall for a long time before they voted.</p>"))
        .collect()
}

#[test]
fn byline_without_metadata_is_read_from_the_page() {
    // No JSON-LD and no author meta: the byline links to an author page.
    let html = format!(
        r#"<html><head><title>Harbour wall reopens | Gazette</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>Harbour wall reopens</h1>
<p class="meta">By <a href="/authors/ada-quill">Ada Quill</a> and <a href="/authors/ben-ort">Ben Ort</a></p>
{}</article>
<aside><h3>More from Cy Dale</h3><a href="/authors/cy-dale">Cy Dale</a></aside></body></html>"#,
        story_paragraphs()
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert_eq!(ex.author.as_deref(), Some("Ada Quill, Ben Ort"));
    assert_eq!(ex.title.as_deref(), Some("Harbour wall reopens"));
}

#[test]
fn labelled_byline_and_site_name_author() {
    // The meta author is only the site's name; the page prints the writer.
    let html = format!(
        r#"<html><head><title>Harbour wall reopens - Gazette</title>
<meta property="og:site_name" content="Gazette"><meta name="author" content="Gazette"></head>
<body><article><h1>HARBOUR WALL REOPENS</h1>
<div><div class="label">Written by</div><div class="name">Ada Quill</div></div>
{}</article></body></html>"#,
        story_paragraphs()
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert_eq!(ex.author.as_deref(), Some("Ada Quill"));
    // The capitalised headline takes the casing of the `<title>`.
    assert_eq!(ex.title.as_deref(), Some("Harbour wall reopens"));
}

#[test]
fn logo_heading_is_not_the_title() {
    // The only `<h1>` is the site's logo; the `<title>` names the article.
    let html = format!(
        r#"<html><head><title>Why the harbour wall matters &#8211; Coast Notes</title></head>
<body><header><h1>Coast Notes</h1></header><div class="post">
{}</div></body></html>"#,
        story_paragraphs()
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert_eq!(ex.title.as_deref(), Some("Why the harbour wall matters"));
}

#[test]
fn intro_in_a_hero_box_joins_the_story() {
    // The opening paragraph sits in the header box with the headline, the rest of the
    // story in a separate wrapper; both use the same paragraph template. A notice
    // printed above the headline stays out.
    let body: String = (1..=6)
        .map(|i| format!("<p class=\"txt\">Section {i} explains how the tide gauges along the estuary were recalibrated, why the readings drifted during the storm season, and what the surveyors changed.</p>"))
        .collect();
    let html = format!(
        r#"<html><head><title>Tide gauges recalibrated</title></head><body>
<div class="notice"><div class="rt"><p class="txt">Our offices are closed on the coming public holiday, and replies to letters may take a little longer than usual.</p></div></div>
<div class="hero"><h1>Tide gauges recalibrated</h1>
<div class="rt"><p class="txt">The estuary's tide gauges read several centimetres high for most of last winter, the harbour authority said on Monday, and all of them have now been reset.</p></div>
<ul><li><a href="/a">Harbour</a></li><li><a href="/b">Weather</a></li></ul></div>
<div class="layout"><div class="col"><div class="rt">{body}</div></div></div>
</body></html>"#
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(
        ex.text.starts_with("The estuary's tide gauges read"),
        "{}",
        ex.text
    );
    assert!(ex.text.contains("Section 6 explains"), "{}", ex.text);
    assert!(!ex.text.contains("public holiday"), "{}", ex.text);
    assert!(!ex.text.contains("Weather"), "{}", ex.text);
}

#[test]
fn dateline_after_the_story_is_a_last_resort() {
    // No date in the metadata or the header: the "Last updated" line printed under the
    // (long) story is the page's date.
    let story = story_paragraphs().repeat(4);
    let html = format!(
        r#"<html><head><title>Harbour wall reopens</title></head><body>
<article><h1>Harbour wall reopens</h1>{}<p>Last updated: March 3, 2024</p></article>
<footer><p>Contact the harbour office</p></footer></body></html>"#,
        story
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert_eq!(ex.date_ymd().as_deref(), Some("2024-03-03"));
    // With a publication date in the metadata, that date stands.
    let html = html.replace(
        "</title>",
        r#"</title><meta property="article:published_time" content="2024-02-01T09:00:00Z">"#,
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert_eq!(ex.date_ymd().as_deref(), Some("2024-02-01"));
}

#[test]
fn embedded_posts_quoted_in_the_story_are_kept() {
    let story = story_paragraphs().repeat(3);
    let html = format!(
        r#"<html><head><title>Ferry fares rise</title></head><body><main>
<div class="story-body"><h1>Ferry fares rise</h1>{story}
<div class="social-embed"><blockquote class="twitter-tweet"><p>The new fares are a scandal for island families, and we will fight them.</p>&mdash; Island Voice (@islandvoice) May 2, 2024</blockquote></div>
<p>The operator said that the rise was the first in six years and that it covered the cost of fuel.</p>
</div></main>
<aside class="sidebar"><blockquote class="twitter-tweet"><p>Our latest post about something else entirely, read it now on the website.</p></blockquote></aside>
</body></html>"#
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(
        ex.text.contains("a scandal for island families"),
        "{}",
        ex.text
    );
    assert!(ex.text.contains("first in six years"), "{}", ex.text);
    assert!(!ex.text.contains("something else entirely"), "{}", ex.text);
    // The same wrapper around anything but an embedded post stays furniture.
    let html = html.replace(
        "blockquote class=\"twitter-tweet\"><p>The new",
        "blockquote><p>The new",
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(
        !ex.text.contains("a scandal for island families"),
        "{}",
        ex.text
    );
}

/// A guide whose sections sit in separate rich-text wrappers of one template, each in
/// its own page-builder row, with a promotion box between them.
fn sectioned_guide(extra: &str) -> String {
    let section = |s: usize, n: usize| -> String {
        let paras: String = (1..=n)
            .map(|i| format!("<p>Step {s}.{i} of the guide explains how the allotment committee measures each plot, records the soil tests and decides which beds rest over the winter.</p>"))
            .collect();
        format!(
            r#"<div class="row"><div class="cell"><div class="module"><div class="rich-text"><h3>Part {s}</h3>{paras}</div></div></div></div>"#
        )
    };
    format!(
        r#"<html><head><title>Allotment guide</title></head><body>
<nav><a href="/">Home</a> <a href="/plots">Plots</a></nav>
<div class="page"><h1>Allotment guide</h1>
{}
<div class="row"><div class="cell"><div class="module"><div class="promo"><h2>Join the waiting list</h2><p><small>Sign up in minutes.</small></p><a href="/join">Apply now</a></div></div></div></div>
{}
{}
{extra}
</div>
<footer><p>Allotment Society, Green Lane</p></footer></body></html>"#,
        section(1, 8),
        section(2, 3),
        section(3, 3)
    )
}

#[test]
fn story_continues_in_twin_wrappers() {
    let ex = extract_html(sectioned_guide("").as_bytes(), None).unwrap_or_default();
    for s in 1..=3 {
        assert!(ex.text.contains(&format!("Step {s}.1 of")), "{}", ex.text);
        assert!(ex.text.contains(&format!("Step {s}.2 of")), "{}", ex.text);
    }
    // The headings between the wrappers come along (the opening one is trimmed as
    // the story's edge, as before).
    assert!(ex.text.contains("Part 2\n\nStep 2.1 of"), "{}", ex.text);
    assert!(ex.text.contains("Part 3\n\nStep 3.1 of"), "{}", ex.text);
    assert!(!ex.text.contains("Apply now"), "{}", ex.text);
    assert!(!ex.text.contains("Green Lane"), "{}", ex.text);
}

#[test]
fn twin_wrappers_need_the_same_depth_and_new_text() {
    // A testimonial in the same wrapper class but nested deeper (another widget), and
    // a second copy of the first section (a print version), are not part of the story.
    let extra = r#"<div class="row"><div class="cell"><div class="module"><div class="quote"><div class="rich-text"><p>I recommend the society to every new gardener in town, the committee answered every question I had about my plot and the rules.</p><p>Another member wrote that the seed swap in spring was the friendliest event they had been to in years, and thanked the volunteers.</p></div></div></div></div></div>"#;
    let copy: String = (1..=3)
        .map(|i| format!("<p>Step 1.{i} of the guide explains how the allotment committee measures each plot, records the soil tests and decides which beds rest over the winter.</p>"))
        .collect();
    let extra = format!(
        r#"{extra}<div class="row"><div class="cell"><div class="module"><div class="rich-text"><h3>Part 1</h3>{copy}</div></div></div></div>"#
    );
    let ex = extract_html(sectioned_guide(&extra).as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Step 3.3 of"), "{}", ex.text);
    assert!(!ex.text.contains("I recommend the society"), "{}", ex.text);
    assert_eq!(ex.text.matches("Step 1.2 of").count(), 1, "{}", ex.text);
    // Without the shared template the sections are not joined: with bare wrappers
    // only the chosen one is read.
    let bare = sectioned_guide("").replace(r#"<div class="rich-text">"#, "<div>");
    let ex = extract_html(bare.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Step 1.1 of"), "{}", ex.text);
    assert!(!ex.text.contains("Step 2.1 of"), "{}", ex.text);
}

/// A story followed by a questions-and-answers section in its own wrapper, answers
/// collapsed (hidden), with `between` printed between the two.
fn story_with_faq(between: &str) -> String {
    format!(
        r#"<html><head><title>Harbour wall reopens</title></head><body>
<div class="layout"><article class="post"><h1>Harbour wall reopens</h1>{}</article>
{between}
<section class="faq-block"><h2>Frequently asked questions</h2>
<div class="faq-item"><h3>When does the harbour path open again?</h3><div class="answer" style="display: none"><p>The path along the wall opens to walkers on the first Saturday of next month, weather permitting.</p></div></div>
<div class="faq-item"><h3>Who paid for the repairs?</h3><div class="answer" style="display: none"><p>The council paid two thirds of the bill and the harbour trust paid the rest from its reserves.</p></div></div>
<div class="share-links"><p>Share this answer with a friend who walks the harbour path every weekend.</p></div>
</section></div>
<footer><p>Gazette, Quay Street</p></footer></body></html>"#,
        story_paragraphs()
    )
}

#[test]
fn questions_and_answers_after_the_story_are_kept() {
    let ex = extract_html(story_with_faq("").as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Paragraph 5 says"), "{}", ex.text);
    assert!(
        ex.text.contains("Frequently asked questions"),
        "{}",
        ex.text
    );
    assert!(ex.text.contains("Who paid for the repairs?"), "{}", ex.text);
    assert!(
        ex.text.contains("harbour trust paid the rest"),
        "{}",
        ex.text
    );
    assert!(!ex.text.contains("Share this answer"), "{}", ex.text);
    assert!(!ex.text.contains("Quay Street"), "{}", ex.text);
    // Far from the story (after a long list of other headlines) it is not the story's.
    let related: String = (1..=8)
        .map(|i| {
            format!("<li><a href=\"/n{i}\">Another headline number {i} about the coast</a></li>")
        })
        .collect();
    let html = story_with_faq(&format!("<ul class=\"list\">{related}</ul>"));
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Paragraph 5 says"), "{}", ex.text);
    assert!(
        !ex.text.contains("Who paid for the repairs?"),
        "{}",
        ex.text
    );
}

#[test]
fn faq_headings_are_recognised() {
    use crate::content::is_faq_heading;
    for h in [
        "FAQ",
        "FAQs",
        "FAQs about plot rents",
        "Frequently Asked Questions (FAQs)",
        "Preguntas frecuentes",
    ] {
        assert!(is_faq_heading(h), "{h}");
    }
    for h in [
        "Faqir's story",
        "Questions of the week",
        "Our frequent flyers",
    ] {
        assert!(!is_faq_heading(h), "{h}");
    }
}

#[test]
fn page_builder_widgets_are_not_furniture() {
    // Each heading and paragraph of the story sits in its own "widget" block; the short
    // ones must stay (the word says nothing about furniture), a sidebar must not.
    let widget = |kind: &str, inner: String| {
        format!(
            r#"<div class="pb-element pb-widget pb-widget-{kind}"><div class="pb-widget-container">{inner}</div></div>"#
        )
    };
    let mut body = String::new();
    for i in 1..=4 {
        body.push_str(&widget(
            "heading",
            format!("<h2>Stage {i} of the route</h2>"),
        ));
        body.push_str(&widget(
            "text",
            format!("<p>Stage {i} of the coastal route climbs over the headland, drops to the shingle beach and follows the old railway line inland for several miles before the village.</p><p>Walkers should carry water for stage {i}.</p>"),
        ));
    }
    let html = format!(
        r#"<html><head><title>Coastal route guide</title></head><body>
<div class="pb-section"><h1>Coastal route guide</h1>{body}</div>
<aside class="sidebar"><div class="widget"><h3>Latest posts</h3><p>A longer note about the annual general meeting of the walking club that was held in the town hall last week.</p></div></aside>
</body></html>"#
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Stage 3 of the route"), "{}", ex.text);
    assert!(
        ex.text.contains("Walkers should carry water for stage 4."),
        "{}",
        ex.text
    );
    assert!(!ex.text.contains("annual general meeting"), "{}", ex.text);
}

#[test]
fn hidden_copy_of_the_story_is_not_added() {
    // A schema.org block hidden from readers repeats the story as one run of text.
    let copy: String = (1..=5)
        .map(|i| format!("Paragraph {i} says the harbour council met again and the engineers, the mayor and the residents argued about the cost of the new sea wall for a long time before they voted. "))
        .collect();
    let hidden_div = format!(
        r#"<div style="display: none" itemscope itemtype="http://schema.org/NewsArticle"><div itemprop="articleBody">{copy}</div></div>"#
    );
    let html = format!(
        r#"<html><head><title>Harbour wall reopens</title></head><body>
<div class="page"><article class="post"><h1>Harbour wall reopens</h1>{}
{hidden_div}{hidden_div}</article></div><footer><p>Gazette, Quay Street</p></footer></body></html>"#,
        story_paragraphs()
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert_eq!(
        ex.text.matches("Paragraph 3 says").count(),
        1,
        "{}",
        ex.text
    );
    // Hidden text found nowhere else on the page (content a script reveals) is read.
    let html = format!(
        r#"<html><head><title>Harbour wall reopens</title></head><body>
<div hidden><article class="post"><h1>Harbour wall reopens</h1>{}</article></div>
<footer><p>Gazette, Quay Street</p></footer></body></html>"#,
        story_paragraphs()
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Paragraph 3 says"), "{}", ex.text);
}

#[test]
fn placeholder_text_is_not_the_story() {
    let filler: String = (1..=6)
        .map(|i| format!("<div class=\"card\"><h4>Head line {i}</h4><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p></div>"))
        .collect();
    let html = format!(
        r#"<html><head><title>Harbour wall reopens</title></head><body>
<div class="cards">{filler}</div>
<div class="intro"><h2>Harbour wall reopens</h2><p>The harbour wall reopened to walkers on Saturday after two years of repairs, the council said.</p>
<p>The council paid two thirds of the bill and the harbour trust paid the rest from its reserves.</p></div>
<footer><p>Gazette, Quay Street</p></footer></body></html>"#
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("harbour trust paid"), "{}", ex.text);
    assert!(!ex.text.contains("Lorem ipsum"), "{}", ex.text);
}

#[test]
fn linked_sentences_of_a_digest_are_kept() {
    // Each item of a news digest is a sentence whose headline links to its story.
    let items: String = (1..=6)
        .map(|i| format!("<li><a href=\"/story{i}\">The harbour council approved repair plan number {i} for the old sea wall</a>. The vote was close and the work starts in spring.</li>"))
        .collect();
    let html = format!(
        r#"<html><head><title>Five things to know today</title></head><body>
<article class="post"><h1>Five things to know today</h1>
<p>Good morning! This is the harbour news you need to know this Tuesday, in one short list.</p>
<ul>{items}</ul>
<p>You can also read this digest in the morning paper, which reaches every home on the coast.</p>
<ul class="menu"><li><a href="/a">Harbour news</a></li><li><a href="/b">Coast weather</a></li></ul>
</article><footer><p>Gazette, Quay Street</p></footer></body></html>"#
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("repair plan number 4"), "{}", ex.text);
    assert!(!ex.text.contains("Coast weather"), "{}", ex.text);
}

/// A standings table: a header row and one row per crew, with `row_class` on the
/// rows.
fn standings_table(row_class: &str) -> String {
    let rows: String = (1..=8)
        .map(|i| {
            format!(
                "<tr class=\"{row_class}\"><td>{i}</td><td>Crew {i}</td><td>{}</td></tr>",
                900 - i * 37
            )
        })
        .collect();
    format!("<table><tr><th>Place</th><th>Crew</th><th>Points</th></tr>{rows}</table>")
}

#[test]
fn table_at_the_end_of_the_story_is_kept() {
    // The last blocks of the story are short table cells, not edge furniture.
    let html = format!(
        r#"<html><head><title>Rowing standings</title></head><body>
<article class="post"><h1>Rowing standings</h1>{}
<p>The final standings of the harbour regatta after all six races are below.</p>
{}</article><footer><p>Gazette, Quay Street</p></footer></body></html>"#,
        story_paragraphs(),
        standings_table("row")
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Crew 8"), "{}", ex.text);
    assert!(ex.text.contains("604"), "{}", ex.text);
    // Short non-sentence lines at the edge are still trimmed.
    let html = html.replace("</table>", "</table><div>Tags: rowing</div>");
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(!ex.text.contains("Tags:"), "{}", ex.text);
}

#[test]
fn weak_furniture_words_on_table_rows_do_not_drop_them() {
    // "player" (a weak furniture word: video players) names the data of a row here.
    let html = format!(
        r#"<html><head><title>Rowing standings</title></head><body>
<article class="post"><h1>Rowing standings</h1>{}
<p>The final standings of the harbour regatta after all six races are below.</p>
{}
<p>The next regatta starts in May, and the council has promised a new slipway by then.</p>
</article><footer><p>Gazette, Quay Street</p></footer></body></html>"#,
        story_paragraphs(),
        standings_table("evenrow player-2020")
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Crew 5"), "{}", ex.text);
    // A strong word (a layout table's sidebar cell) still marks furniture.
    let html = html.replace(
        "</table>",
        "<tr><td class=\"sidebar\"><a href=\"/a\">Most read</a> Ferry fares rise again</td></tr></table>",
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Crew 5"), "{}", ex.text);
    assert!(!ex.text.contains("Ferry fares"), "{}", ex.text);
}

#[test]
fn long_runs_of_short_lines_at_the_edges_are_kept() {
    // A class schedule opens the page: eight short lines, none a sentence.
    let rows: String = [
        "May 3", "May 10", "May 17", "May 24", "May 31", "June 7", "June 14", "June 21",
    ]
    .iter()
    .map(|d| format!("<div>{d} 6pm - 7pm Boathouse hall, Coach Ada Quill</div>"))
    .collect();
    let html = format!(
        r#"<html><head><title>Evening rowing course</title></head><body>
<article class="post"><h1>Evening rowing course</h1><div class="schedule">{rows}</div>{}</article>
<footer><p>Gazette, Quay Street</p></footer></body></html>"#,
        story_paragraphs()
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("May 17 6pm"), "{}", ex.text);
    assert!(ex.text.contains("June 21 6pm"), "{}", ex.text);
    // A few such lines (a dateline and a label) are still trimmed.
    let html = format!(
        r#"<html><head><title>Evening rowing course</title></head><body>
<article class="post"><h1>Evening rowing course</h1><div>3 May 2021</div><div>Sport desk</div>{}<div>Harbour news</div></article>
<footer><p>Gazette, Quay Street</p></footer></body></html>"#,
        story_paragraphs()
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.starts_with("Paragraph 1"), "{}", ex.text);
    assert!(!ex.text.contains("Harbour news"), "{}", ex.text);
}

#[test]
fn furniture_labels_and_credited_captions_are_dropped() {
    let html = format!(
        r#"<html><head><title>Harbour wall reopens</title></head><body>
<article class="post"><h1>Harbour wall reopens</h1>
<p>Paragraph 0 says the harbour wall reopened to walkers on Saturday after two years of repairs.</p>
<p>Walkers crossed the new wall at dawn on Saturday (Image: GETTY )</p>
<p>DON'T MISS</p>
{}
<div>Advert</div>
<p>Paragraph 6 says the harbour trust will publish the final bill (about two million) in May.</p>
<p>The wall is open from dawn to dusk (weekends only).</p>
</article><footer><p>Gazette, Quay Street</p></footer></body></html>"#,
        story_paragraphs()
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(!ex.text.contains("Walkers crossed"), "{}", ex.text);
    assert!(!ex.text.contains("DON'T MISS"), "{}", ex.text);
    assert!(!ex.text.contains("Advert"), "{}", ex.text);
    // Brackets that are not a picture credit stay.
    assert!(ex.text.contains("(about two million)"), "{}", ex.text);
    assert!(ex.text.contains("(weekends only)"), "{}", ex.text);
    assert!(ex.text.contains("Paragraph 5 says"), "{}", ex.text);
}

#[test]
fn hover_cards_inside_sentences_are_dropped() {
    // A linked name followed by a card that pops up over it: picture, full name,
    // latest headlines, a "more" link.
    let card = r#"<span class="card"><span><img src="p.jpg"><a href="/people/ada">Ada Lynn Quill</a><a href="/n/1">Quill opens the new ferry terminal on the north quay</a> <a href="/n/2">Quill backs the harbour levy</a> <a href="/people/ada">MORE</a></span></span>"#;
    let html = format!(
        r#"<html><head><title>Harbour wall reopens</title></head><body>
<article class="post"><h1>Harbour wall reopens</h1>
<p>Harbour master <a href="/people/ada">Ada Quill</a>{card} said on Saturday that the wall is open again to walkers and cyclists.</p>
{}</article><footer><p>Gazette, Quay Street</p></footer></body></html>"#,
        story_paragraphs()
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(
        ex.text
            .contains("Harbour master Ada Quill said on Saturday that the wall is open"),
        "{}",
        ex.text
    );
    assert!(!ex.text.contains("ferry terminal"), "{}", ex.text);
    // A span of running text with a picture and links, but words of its own, stays.
    let html = html.replace(
        card,
        r#"<span>, pictured <img src="q.jpg"> with <a href="/p/1">Ben Ort</a> and <a href="/p/2">Cy Lund</a> at the opening of the quay,</span>"#,
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(
        ex.text.contains("with Ben Ort and Cy Lund at the opening"),
        "{}",
        ex.text
    );
}

#[test]
fn linked_section_headings_are_kept_but_teaser_lists_are_not() {
    let section = |i: usize| {
        format!("<h2><a href=\"/boat{i}\">Boat {i} of the regatta</a></h2><p>Boat {i} is a four-oared gig built on the quay, and its crew trained every evening for the race.</p>")
    };
    let sections: String = (1..=3).map(section).collect();
    let teasers: String = (1..=3)
        .map(|i| {
            format!("<h4><a href=\"/t{i}\">Teaser headline number {i} about another story</a></h4>")
        })
        .collect();
    let html = format!(
        r#"<html><head><title>Regatta guide</title></head><body>
<article class="post"><h1>Regatta guide</h1>{}{sections}<h4>More:</h4>{teasers}
<p>Paragraph 9 says the regatta ends with a parade of all the boats along the quay at dusk.</p>
</article><footer><p>Gazette, Quay Street</p></footer></body></html>"#,
        story_paragraphs()
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Boat 2 of the regatta"), "{}", ex.text);
    assert!(!ex.text.contains("Teaser headline number 2"), "{}", ex.text);
    // The last teaser is followed by prose, but a linked headline precedes it.
    assert!(!ex.text.contains("Teaser headline number 3"), "{}", ex.text);
}

#[test]
fn linked_names_in_table_cells_are_kept() {
    let rows: String = (1..=6)
        .map(|i| format!("<tr><td><a href=\"https://firm{i}.example\">Harbour Firm {i}</a></td><td>{i}00 staff</td></tr>"))
        .collect();
    let html = format!(
        r#"<html><head><title>Harbour employers</title></head><body>
<article class="post"><h1>Harbour employers</h1>{}<table>{rows}</table>
<p>Paragraph 9 says the list is drawn from the council's register of firms on the quay.</p>
</article><footer><p>Gazette, Quay Street</p></footer></body></html>"#,
        story_paragraphs()
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Harbour Firm 4"), "{}", ex.text);
}

#[test]
fn author_bio_after_the_story_is_dropped() {
    let html = format!(
        r#"<html><head><title>Harbour wall reopens</title><meta name="author" content="Ada Quill"></head><body>
<article class="post"><h1>Harbour wall reopens</h1>{}
<div class="box"><p>Ada Quill is a freelance writer who has covered the coast and its harbours for the Gazette since 2010.</p></div>
</article><footer><p>Gazette, Quay Street</p></footer></body></html>"#,
        story_paragraphs()
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Paragraph 5 says"), "{}", ex.text);
    assert!(!ex.text.contains("freelance writer"), "{}", ex.text);
    // A closing paragraph about someone else, or about the author without a bio's
    // words, stays.
    for last in [
        "Ben Ort is a freelance writer who has covered the coast and its harbours for the Gazette since 2010.",
        "Ada Quill was on the quay on Saturday morning when the first walkers crossed the wall.",
    ] {
        let other = html.replace(
            "Ada Quill is a freelance writer who has covered the coast and its harbours for the Gazette since 2010.",
            last,
        );
        let ex = extract_html(other.as_bytes(), None).unwrap_or_default();
        assert!(ex.text.contains(last), "{}", ex.text);
    }
}

#[test]
fn intro_around_a_list_joins_the_story() {
    let tips: String = (1..=8)
        .map(|i| format!("<li>Tip {i}: check the tide tables, carry a whistle, and tell someone on the quay when you expect to be back from the water.</li>"))
        .collect();
    let html = format!(
        r#"<html><head><title>Eight tips for the harbour</title></head><body>
<div class="post"><h1>Eight tips for the harbour</h1>
<p>Last summer the lifeboat crew was called out forty times, most often to rowers caught by the tide.</p>
<ol>{tips}</ol></div>
<footer><p>Gazette, Quay Street</p></footer></body></html>"#
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Tip 8:"), "{}", ex.text);
    assert!(
        ex.text.contains("Last summer the lifeboat crew"),
        "{}",
        ex.text
    );
}

#[test]
fn story_column_named_after_the_sidebar_layout_is_kept() {
    let para = |i: usize| {
        format!("<p>Part {i} of the story: the ferry crew rebuilt the old slipway by hand over the winter, and the village paid for the timber.</p>")
    };
    let story: String = (1..=10).map(para).collect();
    let notice = |i: usize| {
        format!("<p>Republishing rule {i}: credit the newsroom and the writer, keep the headline, and link back to the original page.</p>")
    };
    let rules: String = (1..=8).map(notice).collect();
    let html = format!(
        r#"<html><head><title>Slipway rebuilt</title></head><body>
<article class="post"><h1>Slipway rebuilt</h1>
<div class="sidebar-layout"><div class="wrap">
<div class="sidebar-content">{story}</div>
<div class="sidebar"><div class="modal"><div class="policy">{rules}</div></div></div>
</div></div></article>
<footer><p>The Gazette is a nonprofit newsroom that covers the coast, its harbours and the people who work on them.</p>
<p>Write to us with tips, corrections and ideas at any time; we read every message that reaches the desk.</p>
<p>All stories are free to read and free to share under the rules printed beside every article.</p>
<p>Our reporters are paid by readers and by grants from two local trusts that never see a story first.</p></footer>
</body></html>"#
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Part 1 of the story"), "{}", ex.text);
    assert!(ex.text.contains("Part 10 of the story"), "{}", ex.text);
    assert!(!ex.text.contains("Republishing rule"), "{}", ex.text);
    assert!(!ex.text.contains("nonprofit newsroom"), "{}", ex.text);
}

#[test]
fn short_story_beats_a_long_footer_notice() {
    let notice = |i: usize| {
        format!("<p>Notice {i}: this material is general information only, it is not advice, and the firm accepts no liability for any decision taken on the strength of it.</p>")
    };
    let legal: String = (1..=6).map(notice).collect();
    let html = format!(
        r#"<html><head><title>Renting out vans safely</title></head><body>
<nav><a href="/">Home</a> <a href="/guides">Guides</a></nav>
<main><div class="column"><div class="text">
<h1>Renting out vans safely</h1>
<p>Checking every renter's licence at the counter, and writing down any damage before the keys are handed over, keeps a small fleet on the road for longer.</p>
<p>Topics in the guide include:</p>
<ul><li>Checking licences at the counter</li><li>Renting to drivers from abroad</li><li>Reporting damage and losses</li><li>Vans with hand controls</li></ul>
</div></div></main>
<footer><div class="cols"><div class="text">{legal}</div></div></footer>
</body></html>"#
    );
    let ex = extract_html(html.as_bytes(), None).unwrap_or_default();
    assert!(ex.text.contains("Checking every renter"), "{}", ex.text);
    assert!(
        ex.text.contains("Reporting damage and losses"),
        "{}",
        ex.text
    );
    assert!(!ex.text.contains("Notice 1:"), "{}", ex.text);
}
