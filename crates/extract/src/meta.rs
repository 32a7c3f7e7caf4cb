//! Metadata: title (without the site-name suffix), author(s), publication date,
//! canonical URL, site name and language, from JSON-LD, `<meta>` tags, `<time>`,
//! bylines, the URL and the text, in that order of trust.

use crate::dom::{Block, Found};
use chronicle_core::PubDate;
use regex::Regex;
use serde_json::Value;
use std::sync::LazyLock;

/// Metadata read from a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// Headline.
    pub title: Option<String>,
    /// Author name(s), comma-separated.
    pub author: Option<String>,
    /// Publication date.
    pub date: Option<PubDate>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// Publisher / site name.
    pub site_name: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// The page declares itself an article (og:type or JSON-LD type).
    pub declared_article: bool,
}

#[derive(Default)]
struct LdInfo {
    headline: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
    modified: Option<String>,
    publisher: Option<String>,
    is_article: bool,
}

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "techarticle",
    "scholarlyarticle",
    "socialmediaposting",
    "liveblogposting",
    "report",
    "posting",
    "medicalwebpage",
    "howto",
    "recipe",
    "review",
];

fn ld_types(o: &serde_json::Map<String, Value>) -> Vec<String> {
    match o.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str())
            .map(|s| s.to_ascii_lowercase())
            .collect(),
        _ => Vec::new(),
    }
}

#[allow(clippy::collapsible_match)]
fn ld_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            if !s.trim().is_empty() {
                out.push(s.trim().to_string());
            }
        }
        Value::Array(a) => {
            for x in a.iter().take(12) {
                if let Some(s) = x.as_str() {
                    if !s.trim().is_empty() {
                        out.push(s.trim().to_string());
                    }
                } else if let Some(o) = x.as_object() {
                    if let Some(n) = o.get("name").and_then(|n| n.as_str()) {
                        out.push(n.trim().to_string());
                    }
                }
            }
        }
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                match n {
                    Value::String(s) => out.push(s.trim().to_string()),
                    Value::Array(_) => ld_names(n, out),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

fn read_json_ld(scripts: &[String]) -> LdInfo {
    let mut info = LdInfo::default();
    for s in scripts {
        let s = s.trim();
        let Ok(v) = serde_json::from_str::<Value>(s) else {
            continue;
        };
        // Iterative walk over nested objects (@graph, mainEntity, arrays).
        let mut stack = vec![&v];
        let mut seen = 0;
        while let Some(v) = stack.pop() {
            seen += 1;
            if seen > 5000 {
                break;
            }
            match v {
                Value::Array(a) => stack.extend(a.iter().rev()),
                Value::Object(o) => {
                    let types = ld_types(o);
                    let article = types.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()));
                    let webpage = types.iter().any(|t| t.ends_with("webpage"));
                    if article || (webpage && !info.is_article) {
                        if article && !info.is_article {
                            // A real article object overrides what a WebPage said.
                            info.is_article = true;
                            info.headline = None;
                            info.published = None;
                            if o.contains_key("author") {
                                info.authors.clear();
                            }
                        }
                        if info.headline.is_none() {
                            info.headline = o
                                .get("headline")
                                .or_else(|| o.get("name"))
                                .and_then(|h| h.as_str())
                                .map(|s| s.trim().to_string());
                        }
                        if info.authors.is_empty() {
                            if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
                                ld_names(a, &mut info.authors);
                            }
                        }
                        if info.published.is_none() {
                            info.published = o
                                .get("datePublished")
                                .or_else(|| o.get("dateCreated"))
                                .and_then(|d| d.as_str())
                                .map(str::to_string);
                        }
                        if info.modified.is_none() {
                            info.modified = o
                                .get("dateModified")
                                .and_then(|d| d.as_str())
                                .map(str::to_string);
                        }
                        if info.publisher.is_none() {
                            if let Some(p) = o.get("publisher") {
                                let mut names = Vec::new();
                                ld_names(p, &mut names);
                                info.publisher = names.into_iter().next();
                            }
                        }
                    }
                    if types.iter().any(|t| {
                        t == "website" || t == "organization" || t == "newsmediaorganization"
                    }) && info.publisher.is_none()
                    {
                        info.publisher = o
                            .get("name")
                            .and_then(|n| n.as_str())
                            .map(|s| s.trim().to_string());
                    }
                    for (k, x) in o {
                        if matches!(
                            k.as_str(),
                            "@graph"
                                | "mainEntity"
                                | "mainEntityOfPage"
                                | "itemListElement"
                                | "hasPart"
                        ) || x.is_array() && k != "author"
                        {
                            stack.push(x);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    info
}

fn meta<'a>(found: &'a Found, keys: &[&str]) -> Option<&'a str> {
    for k in keys {
        if let Some((_, v)) = found
            .metas
            .iter()
            .find(|(mk, v)| mk == k && !v.trim().is_empty())
        {
            return Some(v.as_str());
        }
    }
    None
}

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[/_-]((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2]|[1-9])[/_-]?(0[1-9]|[12]\d|3[01]|[1-9])(?:/|[_-]|\.html|$)").unwrap_or_else(|_| unreachable!())
});
static TEXT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d{2}|\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,? (?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})\b").unwrap_or_else(|_| unreachable!())
});

/// Parses a date, keeping only a day-precision ISO date for publication.
pub fn parse_date(s: &str) -> Option<PubDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // Short numeric dates ("2023/9/5") are read here: `PubDate::parse` of
    // chronicle-core 0.1 indexes past the end of such strings.
    if s.len() < 10 {
        for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"] {
            if let Ok(d) = chrono::NaiveDate::parse_from_str(s, fmt) {
                return Some(PubDate::day(d));
            }
        }
        if s.bytes().any(|b| matches!(b, b'-' | b'/' | b'.'))
            && s.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && s.len() != 7
        {
            return None;
        }
    }
    if let Ok(d) = PubDate::parse(s) {
        return Some(d);
    }
    // Strip ordinal suffixes and a trailing time ("Sept 5th, 2023 at 10:00").
    if let Some(m) = TEXT_DATE.find(s) {
        let t = m.as_str().replace("Sept", "Sep").replace("sept", "sep");
        let t = Regex::new(r"(\d)(st|nd|rd|th)")
            .map(|r| r.replace_all(&t, "$1").into_owned())
            .unwrap_or(t);
        if let Ok(d) = PubDate::parse(&t) {
            return Some(d);
        }
    }
    None
}

/// Date found in a URL path (`/2023/09/05/`, `/2023-09-05-`).
pub fn date_from_url(url: &str) -> Option<PubDate> {
    let c = URL_DATE.captures(url)?;
    let y: i32 = c.get(1)?.as_str().parse().ok()?;
    let m: u32 = c.get(2)?.as_str().parse().ok()?;
    let d: u32 = c.get(3)?.as_str().parse().ok()?;
    chrono::NaiveDate::from_ymd_opt(y, m, d).map(PubDate::day)
}

/// First English or ISO date in a text.
pub fn date_from_text(text: &str) -> Option<PubDate> {
    TEXT_DATE
        .find_iter(text)
        .take(5)
        .find_map(|m| parse_date(m.as_str()))
}

static NUM_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})([./])(\d{1,2})[./]((?:19|20)\d{2})\b|\b((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})\b")
        .unwrap_or_else(|_| unreachable!())
});

/// A numeric date as pages print it: `2025/05/12`, or day, month and year separated by
/// dots or slashes. When both orders are valid the one equal to a date in `known` (the
/// page's metadata) wins, else day first with dots and month first with slashes.
fn numeric_date(text: &str, known: &[chrono::NaiveDate]) -> Option<PubDate> {
    let c = NUM_DATE.captures(text)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let ymd = |y: u32, m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(y as i32, m, d);
    let date = if let Some(y) = num(5) {
        ymd(y, num(6)?, num(7)?)?
    } else {
        let (a, b, y) = (num(1)?, num(3)?, num(4)?);
        let day_first = ymd(y, b, a);
        let month_first = ymd(y, a, b);
        match (day_first, month_first) {
            (Some(d), Some(m)) if d != m => {
                if known.contains(&m) {
                    m
                } else if known.contains(&d) || c.get(2).is_some_and(|s| s.as_str() == ".") {
                    d
                } else {
                    m
                }
            }
            (Some(d), _) => d,
            (None, Some(m)) => m,
            (None, None) => return None,
        }
    };
    Some(PubDate::day(date))
}

/// Words that mark a line as the article's dateline.
const DATELINE_WORDS: &[&str] = &["updated", "published", "posted", "modified", "last"];

/// The date printed in the article's header: a date in a short, link-free line within
/// a few blocks of the headline (or of the start of the story when no headline is
/// known). Readers see this date, so it beats what the metadata says when both exist.
/// The first such line wins. `known` are the metadata's dates, used to read ambiguous
/// numeric dates.
pub fn header_date(
    blocks: &[Block],
    anchor: usize,
    known: &[chrono::NaiveDate],
) -> Option<PubDate> {
    let from = anchor.saturating_sub(5);
    let to = (anchor + 12).min(blocks.len());
    for b in blocks.get(from..to)? {
        if b.chars > 160 || b.link_chars * 2 > b.chars {
            continue;
        }
        let text_match = TEXT_DATE
            .find_iter(&b.text)
            .take(3)
            .find_map(|m| parse_date(m.as_str()).map(|d| (d, m.len())));
        let found = text_match.or_else(|| {
            let m = NUM_DATE.find(&b.text)?;
            numeric_date(&b.text, known).map(|d| (d, m.len()))
        });
        let Some((d, len)) = found else { continue };
        if d.naive_date().is_none() {
            continue;
        }
        let lower = b.text.to_lowercase();
        let dateline = DATELINE_WORDS.iter().any(|w| lower.contains(w));
        // Outside a labelled dateline the date must be most of its line.
        let rest_words = b.chars.saturating_sub(len) / 6;
        if !dateline && (b.chars > 80 || rest_words > 8) {
            continue;
        }
        return Some(d);
    }
    None
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn clean_ws(s: &str) -> String {
    decode_entities(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Decodes the HTML character references that survive in JSON-LD and some `<meta>`
/// values (`&amp;`, `&#038;`, `&#x27;`, `&quot;`...).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.get(..12).and_then(|t| t.find(';'));
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "bull" => Some('•'),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "rdquo" => Some('”'),
                "ldquo" => Some('“'),
                "hellip" => Some('…'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let v = if let Some(h) = num.strip_prefix(['x', 'X']) {
                        u32::from_str_radix(h, 16).ok()?
                    } else {
                        num.parse().ok()?
                    };
                    char::from_u32(v)
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " // ", " » ", " • ", " ‹ ", " « ", " ~ ",
];

/// Removes a site-name prefix or suffix from a page title.
pub fn strip_site(title: &str, site: Option<&str>) -> String {
    let title = clean_ws(title);
    let site_n = site.map(norm).filter(|s| !s.is_empty());
    for sep in SEPARATORS {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let tail_n = norm(tail);
            let known = site_n.as_ref().is_some_and(|s| {
                tail_n == *s || s.contains(&tail_n) || tail_n.contains(s.as_str())
            });
            let tail_words = tail.split_whitespace().count();
            let short_tail =
                if sep.contains('-') || sep.contains('–') || sep.contains('—') || sep.contains('~')
                {
                    tail_words <= 4 && head.chars().count() >= 2 * tail.chars().count()
                } else {
                    tail_words <= 6 && head.chars().count() >= tail.chars().count()
                };
            if !head.trim().is_empty() && (known || short_tail) {
                return strip_site(head, site);
            }
        }
        if let Some(pos) = title.find(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let head_n = norm(head);
            let known = site_n
                .as_ref()
                .is_some_and(|s| head_n == *s || s.contains(&head_n) && !head_n.is_empty());
            if !tail.trim().is_empty() && known {
                return strip_site(tail, site);
            }
        }
    }
    title
}

fn looks_like_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=120).contains(&n)
        && !s.contains("://")
        && !s.starts_with('@')
        && s.chars().filter(|c| c.is_ascii_digit()).count() < 3
        && s.chars().any(|c| c.is_alphabetic())
}

/// Cleans a byline into a name list: drops "By", dates, roles after a separator.
pub fn clean_author(s: &str) -> Option<String> {
    let mut t = clean_ws(s);
    for p in [
        "By ",
        "by ",
        "BY ",
        "Written by ",
        "Posted by ",
        "Author: ",
        "Authors: ",
        "Von ",
        "Par ",
    ] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.to_string();
        }
    }
    // Cut at separators that introduce roles, dates or sites.
    for sep in [
        " | ",
        " - ",
        " — ",
        " – ",
        "\n",
        " on ",
        " Updated",
        " Published",
        " •",
    ] {
        if let Some(p) = t.find(sep) {
            t.truncate(p);
        }
    }
    let t = t
        .trim()
        .trim_end_matches([',', ';', ':'])
        .trim()
        .to_string();
    if looks_like_name(&t) && t.split_whitespace().count() <= 16 {
        Some(t)
    } else {
        None
    }
}

fn dedup_names(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        let n = clean_ws(&n);
        if !n.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
            out.push(n);
        }
    }
    out
}

/// Reads the metadata of a page. `url_hint` is where the page came from, if known;
/// `blocks` are the page's text blocks and `content_start` the first block of the story
/// (for a date printed in the page).
pub fn read_meta(
    found: &Found,
    url_hint: Option<&str>,
    blocks: &[Block],
    content_start: Option<usize>,
) -> Meta {
    let ld = read_json_ld(&found.json_ld);
    let og_type = meta(found, &["og:type"]).map(|s| s.to_ascii_lowercase());
    let declared_article =
        ld.is_article || og_type.as_deref().is_some_and(|t| t.contains("article"));

    let site_name = meta(found, &["og:site_name", "application-name", "twitter:site"])
        .map(clean_ws)
        .filter(|s| !s.starts_with('@'))
        .or_else(|| ld.publisher.clone());

    let canonical_url = found
        .canonical
        .clone()
        .filter(|u| u.starts_with("http"))
        .or_else(|| meta(found, &["og:url"]).map(str::to_string))
        .or_else(|| url_hint.map(str::to_string));

    // Title.
    let meta_title = meta(found, &["og:title", "twitter:title"]).map(clean_ws);
    let candidates: Vec<String> = [meta_title.clone(), ld.headline.clone(), found.title.clone()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    let mut title = None;
    let mut title_at = None;
    for (h1, at) in &found.h1 {
        let hn = norm(h1);
        if hn.len() < 4 {
            continue;
        }
        if candidates.iter().any(|c| {
            let cn = norm(c);
            cn == hn
                || (cn.contains(&hn) && hn.len() * 2 >= cn.len())
                || (hn.contains(&cn) && cn.len() * 3 >= hn.len() * 2)
        }) {
            title = Some(clean_ws(h1));
            title_at = Some(*at);
            break;
        }
    }
    // Else the visible headline: the last `<h1>` shortly before the story starts.
    if title.is_none() {
        if let Some(start) = content_start {
            title = found
                .h1
                .iter()
                .rfind(|(h, at)| {
                    *at <= start + 1
                        && *at + 40 >= start
                        && (2..=40).contains(&h.split_whitespace().count())
                })
                .map(|(h, _)| clean_ws(h));
        }
    }
    if title.is_none() {
        title = ld
            .headline
            .clone()
            .filter(|h| !h.is_empty())
            .map(|h| strip_site(&h, site_name.as_deref()))
            .or_else(|| {
                meta_title
                    .as_deref()
                    .map(|t| strip_site(t, site_name.as_deref()))
            })
            .or_else(|| {
                found
                    .title
                    .as_deref()
                    .map(|t| strip_site(t, site_name.as_deref()))
            })
            .or_else(|| found.h1.first().map(|(h, _)| clean_ws(h)));
    }

    // Author.
    let mut author = None;
    let ld_authors: Vec<String> = dedup_names(
        ld.authors
            .iter()
            .filter_map(|a| clean_author(&decode_entities(a)))
            .collect(),
    );
    if !ld_authors.is_empty() {
        author = Some(ld_authors.join(", "));
    }
    if author.is_none() {
        author = meta(
            found,
            &[
                "author",
                "article:author",
                "parsely-author",
                "sailthru.author",
                "dc.creator",
                "dcterms.creator",
                "byl",
                "twitter:creator",
            ],
        )
        .and_then(clean_author);
    }
    if author.is_none() {
        let mut by: Vec<&(String, u8)> = found
            .bylines
            .iter()
            .filter(|(t, _)| t.chars().count() <= 150)
            .collect();
        by.sort_by_key(|(_, s)| std::cmp::Reverse(*s));
        if let Some(best) = by.first().map(|(_, s)| *s) {
            let names = dedup_names(
                by.iter()
                    .filter(|(_, s)| *s == best)
                    .filter_map(|(t, _)| clean_author(t))
                    .collect(),
            );
            // Several bylines of the same strength are usually the same person repeated
            // (header and footer) or co-authors listed one by one.
            if !names.is_empty() {
                let names: Vec<String> = names
                    .into_iter()
                    .filter(|n| n.split_whitespace().count() <= 6)
                    .take(5)
                    .collect();
                if !names.is_empty() {
                    author = Some(names.join(", "));
                }
            }
        }
    }

    // Date: the one printed in the header, else the metadata's publication date.
    let anchor = title_at.or(content_start).unwrap_or(0);
    let known: Vec<chrono::NaiveDate> = [ld.published.as_deref(), ld.modified.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(|d| parse_date(d)?.naive_date())
        .collect();
    let mut date = header_date(blocks, anchor, &known);
    if date.is_none() {
        date = ld.published.as_deref().and_then(parse_date);
    }
    if date.is_none() {
        date = meta(
            found,
            &[
                "article:published_time",
                "og:article:published_time",
                "datepublished",
                "pubdate",
                "publishdate",
                "publish-date",
                "publish_date",
                "published_time",
                "article.published",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date.issued",
                "dc.date",
                "dcterms.created",
                "dcterms.date",
                "date",
                "citation_publication_date",
                "originalpublicationdate",
                "og:published_time",
                "article:published",
                "release_date",
                "created",
                "published",
            ],
        )
        .and_then(parse_date);
    }
    if date.is_none() {
        date = found.item_dates.iter().find_map(|d| parse_date(d));
    }
    if date.is_none() {
        date = found
            .times
            .iter()
            .filter(|(_, hint)| *hint)
            .chain(found.times.iter().filter(|(_, hint)| !*hint))
            .find_map(|(d, _)| parse_date(d));
    }
    if date.is_none() {
        date = [canonical_url.as_deref(), url_hint]
            .into_iter()
            .flatten()
            .find_map(date_from_url);
    }
    if date.is_none() {
        // Text near the start of the story.
        let start = content_start.unwrap_or(0);
        let from = start.saturating_sub(12).min(blocks.len());
        let lead: String = blocks[from..(start + 3).min(blocks.len())]
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        date = date_from_text(&lead);
    }
    if date.is_none() {
        date = ld
            .modified
            .as_deref()
            .or_else(|| {
                meta(
                    found,
                    &[
                        "article:modified_time",
                        "og:updated_time",
                        "datemodified",
                        "last-modified",
                    ],
                )
            })
            .and_then(parse_date);
    }

    let language = found
        .lang
        .clone()
        .or_else(|| {
            meta(
                found,
                &["og:locale", "content-language", "language", "dc.language"],
            )
            .map(str::to_string)
        })
        .map(|l| l.replace('_', "-"))
        .filter(|l| !l.is_empty() && l.len() < 20);

    Meta {
        title: title.filter(|t| !t.is_empty()),
        author,
        date,
        canonical_url,
        site_name,
        language,
        declared_article,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode_entities("Rates &amp; Jobs &#038; more &#39;x&#x27; &bogus; &"),
            "Rates & Jobs & more 'x' &bogus; &"
        );
    }

    #[test]
    fn strips_site_suffixes() {
        assert_eq!(
            strip_site("Harbour reopens after storm | The Coast Gazette", None),
            "Harbour reopens after storm"
        );
        assert_eq!(
            strip_site("Harbour reopens after storm - Gazette", Some("Gazette")),
            "Harbour reopens after storm"
        );
        assert_eq!(
            strip_site(
                "Gazette | Harbour reopens after the long storm",
                Some("Gazette")
            ),
            "Harbour reopens after the long storm"
        );
        // A dash inside a headline with no site name after it stays.
        assert_eq!(
            strip_site("Mayor says port - not airport - gets the money first", None),
            "Mayor says port - not airport - gets the money first"
        );
    }

    #[test]
    fn dates_from_urls_and_text() {
        assert_eq!(
            date_from_url("https://example.org/news/2021/03/07/harbour").map(|d| d.value),
            Some("2021-03-07".into())
        );
        assert_eq!(
            date_from_url("https://example.org/news/harbour-2021-03-07-story").map(|d| d.value),
            Some("2021-03-07".into())
        );
        assert!(date_from_url("https://example.org/news/12345").is_none());
        assert_eq!(
            date_from_text("Posted on March 7th, 2021 by staff").map(|d| d.value),
            Some("2021-03-07".into())
        );
        assert_eq!(
            date_from_text("Updated 7 Sept 2021").map(|d| d.value),
            Some("2021-09-07".into())
        );
    }

    fn block(text: &str, link_chars: usize) -> Block {
        Block {
            el: 0,
            text: text.to_string(),
            link_chars,
            chars: text.chars().count(),
            kind: crate::dom::Kind::Para,
        }
    }

    #[test]
    fn header_date_reads_the_visible_dateline() {
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block("By Ada Quill", 0),
            block("Last updated: March 9, 2022", 0),
            block("The harbour wall reopened on Monday after repairs that took weeks, the council said, and boats returned the same day to the inner basin.", 0),
        ];
        assert_eq!(
            header_date(&blocks, 1, &[]).map(|d| d.value),
            Some("2022-03-09".into())
        );
        // A date inside a long sentence or a link list is not a dateline.
        let blocks = vec![
            block("Harbour wall reopens", 0),
            block("Other story 04/05/2021", 21),
            block("The deadline for most boat owners is April 15, 2022, the council said in a long statement read out to the press on Monday morning.", 0),
        ];
        assert!(header_date(&blocks, 1, &[]).is_none());
    }

    #[test]
    fn ambiguous_numeric_dates_follow_the_metadata() {
        let known = [chrono::NaiveDate::from_ymd_opt(2024, 9, 10).unwrap_or_default()];
        assert_eq!(
            numeric_date("09.10.2024", &known).map(|d| d.value),
            Some("2024-09-10".into())
        );
        assert_eq!(
            numeric_date("09.10.2024", &[]).map(|d| d.value),
            Some("2024-10-09".into())
        );
        assert_eq!(
            numeric_date("10/09/2024", &[]).map(|d| d.value),
            Some("2024-10-09".into())
        );
        assert_eq!(
            numeric_date("25.12.2023", &[]).map(|d| d.value),
            Some("2023-12-25".into())
        );
    }

    #[test]
    fn authors_are_cleaned() {
        assert_eq!(
            clean_author("By Ada Quill | Staff writer").as_deref(),
            Some("Ada Quill")
        );
        assert_eq!(clean_author("https://example.org/people/ada"), None);
    }

    #[test]
    fn json_ld_graph_article_wins_over_webpage() {
        let ld = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","name":"Page name","datePublished":"2020-01-01"},
            {"@type":"NewsArticle","headline":"Real headline","datePublished":"2021-05-06T08:00:00Z",
             "author":[{"@type":"Person","name":"Ada Quill"},{"@type":"Person","name":"Ben Ort"}],
             "publisher":{"@type":"Organization","name":"The Coast Gazette"}}]}"#;
        let info = read_json_ld(&[ld.to_string()]);
        assert!(info.is_article);
        assert_eq!(info.headline.as_deref(), Some("Real headline"));
        assert_eq!(info.authors, vec!["Ada Quill", "Ben Ort"]);
        assert_eq!(info.published.as_deref(), Some("2021-05-06T08:00:00Z"));
        assert_eq!(info.publisher.as_deref(), Some("The Coast Gazette"));
    }
}
