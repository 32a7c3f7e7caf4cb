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
