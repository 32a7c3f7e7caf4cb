//! Metadata: title (without the site-name suffix), author(s), publication date,
//! canonical URL, site name and language, from JSON-LD, `<meta>` tags, `<time>`,
//! bylines, the URL and the text, in that order of trust.
//!
//! Submodules: `dateline` reads the date printed near the headline (labels, other
//! locales' month names, bylines with dates), `title` the choice between the
//! headline and the metadata's titles.

mod dateline;
mod title;

use crate::dom::{Block, Found};
use chronicle_core::PubDate;
pub use dateline::header_date;
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
pub(crate) static TEXT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d{2}|\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,? (?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})\b").unwrap_or_else(|_| unreachable!())
});

/// An ordinal suffix after a day number ("5th").
static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d)(st|nd|rd|th)").unwrap_or_else(|_| unreachable!()));

/// Parses a date, keeping only a day-precision ISO date for publication. Years before
/// 1900 are placeholders (`0001-01-01T00:00:00Z` from empty CMS fields), not dates.
pub fn parse_date(s: &str) -> Option<PubDate> {
    parse_any_date(s).filter(|d| {
        d.value
            .get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .is_some_and(|y| y >= 1900)
    })
}

fn parse_any_date(s: &str) -> Option<PubDate> {
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
        let t = ORDINAL.replace_all(&t, "$1").into_owned();
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
        // The reference ends within a few characters (also at the end of the text).
        let lim = tail.char_indices().nth(12).map_or(tail.len(), |(i, _)| i);
        let end = tail[..lim].find(';');
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
    let sites: Vec<String> = site.map(str::to_string).into_iter().collect();
    strip_sites(title, &sites, None)
}

/// Removes a site-name prefix or suffix from a page title, given the names the page
/// gives its site and the main label of its host name (`flatworldsolutions` for
/// `www.flatworldsolutions.com`), which a suffix written as words matches
/// ("Flatworld Solutions").
fn strip_sites(title: &str, sites: &[String], host: Option<&str>) -> String {
    let title = clean_ws(title);
    let names: Vec<String> = sites
        .iter()
        .map(|s| norm(s))
        .filter(|s| !s.is_empty())
        .collect();
    let is_host = |part: &str| {
        host.is_some_and(|h| {
            let compact: String = norm(part).split_whitespace().collect();
            compact == h
                || compact.strip_prefix(h).is_some_and(|rest| {
                    matches!(rest, "com" | "org" | "net" | "co" | "couk" | "io")
                })
        })
    };
    for sep in SEPARATORS {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let tail_n = norm(tail);
            let known = names
                .iter()
                .any(|s| tail_n == *s || s.contains(&tail_n) || tail_n.contains(s.as_str()))
                || is_host(tail);
            let tail_words = tail.split_whitespace().count();
            let short_tail =
                if sep.contains('-') || sep.contains('–') || sep.contains('—') || sep.contains('~')
                {
                    tail_words <= 4 && head.chars().count() >= 2 * tail.chars().count()
                } else {
                    tail_words <= 6 && head.chars().count() >= tail.chars().count()
                };
            if !head.trim().is_empty() && (known || short_tail) {
                return strip_sites(head, sites, host);
            }
        }
        if let Some(pos) = title.find(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let head_n = norm(head);
            let known = names
                .iter()
                .any(|s| head_n == *s || s.contains(&head_n) && !head_n.is_empty())
                || is_host(head);
            if !tail.trim().is_empty() && known {
                return strip_sites(tail, sites, host);
            }
        }
    }
    title
}

/// The main label of a URL's host name, lower-cased: `flatworldsolutions` for
/// `https://www.flatworldsolutions.com/x`, `bbc` for `bbc.co.uk`; `None` when shorter
/// than four letters (too likely to match a word by chance).
fn host_label(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let n = labels.len();
    if n < 2 {
        return None;
    }
    let second = labels[n - 2];
    let label = if n >= 3
        && labels[n - 1].len() == 2
        && matches!(second, "co" | "com" | "org" | "net" | "gov" | "ac" | "edu")
    {
        labels[n - 3]
    } else {
        second
    };
    let label: String = label.chars().filter(|c| c.is_alphanumeric()).collect();
    (label.chars().count() >= 4).then_some(label)
}

/// Section labels some sites append to headlines ("... | Opinion").
const SECTION_SUFFIXES: &[&str] = &[
    "opinion",
    "analysis",
    "editorial",
    "commentary",
    "column",
    "explainer",
    "review",
    "podcast",
    "video",
    "photos",
    "live",
    "letters",
];

/// Removes a short tagline after a separator at the end of a headline ("Gym workouts
/// for beginners — Strength training", "Ten tools for 2026 | Python, SQL & AI"): at
/// most four words (symbols such as "&" are not counted) with a letter among them,
/// after a head of two or more words. Longer second halves are part of the headline
/// and stay.
pub fn cut_tagline(title: &str) -> String {
    for sep in [" | ", " – ", " — ", " - "] {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (title[..pos].trim(), title[pos + sep.len()..].trim());
            let tail_words = tail
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            if (1..=4).contains(&tail_words)
                && head.split_whitespace().count() >= 2
                && tail.chars().any(char::is_alphabetic)
            {
                return head.to_string();
            }
        }
    }
    title.to_string()
}

/// Removes a trailing " | Opinion"-style section label from a headline.
pub fn strip_section(title: &str) -> String {
    if let Some(p) = title.rfind(" | ") {
        let tail = title[p + 3..].trim().to_lowercase();
        if SECTION_SUFFIXES.contains(&tail.as_str()) && p > 0 {
            return title[..p].trim().to_string();
        }
    }
    title.to_string()
}

fn looks_like_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=120).contains(&n)
        && !s.contains("://")
        && !s.starts_with('@')
        && s.chars().filter(|c| c.is_ascii_digit()).count() < 3
        && s.chars().any(|c| c.is_alphabetic())
}

/// Labels that introduce a byline, lower-cased, longest first.
const BY_LABELS: &[&str] = &[
    "written and reported by",
    "reported by",
    "written by",
    "words by",
    "posted by",
    "authored by",
    "story by",
    "text by",
    "authors",
    "author",
    "von",
    "par",
    "by",
];

/// Strips a leading byline label ("By", "Written by:", "Author:") from a line; `None`
/// when the line does not start with one.
fn strip_by_label(s: &str) -> Option<&str> {
    let lower = s.to_lowercase();
    for l in BY_LABELS {
        if lower.starts_with(l) && lower.is_char_boundary(l.len()) && s.is_char_boundary(l.len()) {
            let rest = &s[l.len()..];
            let sep = rest.starts_with([' ', ':', '\u{a0}']);
            // "Author:" needs its colon; "By" / "Von" a space.
            let ok = if matches!(*l, "author" | "authors") {
                rest.trim_start().starts_with(':')
            } else {
                sep
            };
            if ok {
                return Some(rest.trim_start_matches([' ', ':', '\u{a0}']).trim_start());
            }
        }
    }
    None
}

/// Cleans a byline into a name list: drops "By", dates, roles after a separator.
pub fn clean_author(s: &str) -> Option<String> {
    let mut t = clean_ws(s);
    if let Some(r) = strip_by_label(&t) {
        t = r.to_string();
    }
    // Cut at separators that introduce roles, dates or sites.
    for sep in [
        " | ",
        " - ",
        " — ",
        " – ",
        "\n",
        " on ",
        " in ",
        " Updated",
        " Published",
        " •",
        " · ",
    ] {
        if let Some(p) = t.find(sep) {
            t.truncate(p);
        }
    }
    if let Some(m) = TEXT_DATE.find(&t) {
        t.truncate(m.start());
    }
    // Date labels glued to the name by the layout ("Ada QuillPublished").
    for kw in ["Published", "Updated", "Posted"] {
        if let Some(p) = t.find(kw).filter(|p| *p > 0) {
            t.truncate(p);
        }
    }
    // A trailing label left from a layout that prints "Name, Written by".
    let lower = t.to_lowercase();
    for l in BY_LABELS {
        let lt = lower
            .trim_end()
            .trim_end_matches([',', ':', ';'])
            .trim_end();
        if lt.ends_with(&format!(", {l}")) {
            let cut = lt.len() - l.len() - 2;
            if t.is_char_boundary(cut) {
                t.truncate(cut);
            }
            break;
        }
    }
    let t = t
        .trim()
        .trim_end_matches([',', ';', ':', '-', '–', '—'])
        .trim()
        .to_string();
    let lower = t.to_lowercase();
    // A bare label ("By", "Author") or a commenter ("Ada says") is no author.
    let label_only = BY_LABELS.contains(&lower.as_str());
    let commenter = lower.ends_with(" says") || lower.ends_with(" said");
    if looks_like_name(&t) && t.split_whitespace().count() <= 16 && !label_only && !commenter {
        Some(t)
    } else {
        None
    }
}

/// A name a person or desk would sign with, not a login (`jdoe`, `ada.quill`).
fn plausible_signature(s: &str) -> bool {
    s.contains(' ') || s.chars().next().is_some_and(char::is_uppercase) && !s.contains('.')
}

/// Drops trailing comma-separated parts that name the outlet ("Ada Quill, The Gazette").
fn drop_outlet(names: &str, site: Option<&str>) -> String {
    let Some(site_n) = site.map(norm).filter(|s| !s.is_empty()) else {
        return names.to_string();
    };
    let kept: Vec<&str> = names
        .split(", ")
        .filter(|p| {
            let pn = norm(p);
            pn.is_empty() || !(pn == site_n || site_n.contains(&pn) && pn.len() > 3)
        })
        .collect();
    if kept.is_empty() {
        names.to_string()
    } else {
        kept.join(", ")
    }
}

/// The byline printed near the headline: a short line starting with "By", "Written
/// by", "Author:"..., a dateline ending in "by Name", or a label line ("Written by",
/// "Author") followed by a short line holding the name. `anchor` is the block after
/// the headline (or the start of the story).
pub fn header_byline(blocks: &[Block], anchor: usize) -> Option<String> {
    let from = anchor.saturating_sub(6);
    let to = (anchor + 15).min(blocks.len());
    let window = blocks.get(from..to)?;
    for (i, b) in window.iter().enumerate() {
        if b.chars > 160 {
            continue;
        }
        for line in b.text.lines() {
            let line = line.trim();
            let bare = line.trim_end_matches([':', ' ']).to_lowercase();
            if BY_LABELS.contains(&bare.as_str()) {
                // The name is the next short line (same block or the next one).
                let next = b
                    .text
                    .lines()
                    .skip_while(|l| l.trim() != line)
                    .nth(1)
                    .map(str::to_string)
                    .or_else(|| {
                        window
                            .get(i + 1)
                            .filter(|n| n.chars <= 80)
                            .and_then(|n| n.text.lines().next().map(str::to_string))
                    });
                if let Some(name) = next.filter(|n| n.split_whitespace().count() <= 8) {
                    if let Some(a) = clean_author(&name) {
                        return Some(a);
                    }
                }
                continue;
            }
            if line.chars().count() > 100 {
                continue;
            }
            if let Some(rest) = strip_by_label(line) {
                if rest.chars().next().is_some_and(char::is_uppercase) {
                    if let Some(a) = clean_author(rest) {
                        return Some(a);
                    }
                }
                continue;
            }
            // "Published August 7, 2023 by Ada Quill".
            if line.split_whitespace().count() <= 14 && TEXT_DATE.is_match(line) {
                if let Some(p) = line.find(" by ").or_else(|| line.find(" By ")) {
                    let rest = &line[p + 4..];
                    if rest.chars().next().is_some_and(char::is_uppercase) {
                        if let Some(a) = clean_author(rest) {
                            return Some(a);
                        }
                    }
                }
            }
        }
    }
    None
}

/// The `twitter:dataN` value whose `twitter:labelN` says "Written by".
fn twitter_label_author(found: &Found) -> Option<String> {
    let (k, _) = found.metas.iter().find(|(k, v)| {
        k.starts_with("twitter:label") && {
            let v = v.trim().trim_end_matches(':').to_lowercase();
            v == "written by" || v == "author" || v == "by"
        }
    })?;
    let n = k.strip_prefix("twitter:label")?;
    let data = format!("twitter:data{n}");
    meta(found, &[data.as_str()]).and_then(clean_author)
}

/// Names from the DOM's byline elements. With `near`, only those within a few blocks
/// of the headline (so "More from" lists and comment authors stay out); the strongest
/// evidence wins and equally strong names are joined as co-authors.
fn dom_byline(bylines: &[(String, u8, usize)], anchor: usize, near: bool) -> Option<String> {
    let mut by: Vec<&(String, u8, usize)> = bylines
        .iter()
        .filter(|(t, _, at)| {
            t.chars().count() <= 150 && (!near || (*at + 12 >= anchor && *at <= anchor + 30))
        })
        .collect();
    by.sort_by_key(|(_, s, _)| std::cmp::Reverse(*s));
    let best = by.first().map(|(_, s, _)| *s)?;
    // Near the headline, co-authors sit together: keep those beside the closest one.
    let closest = by
        .iter()
        .filter(|(_, s, _)| *s == best)
        .map(|(_, _, at)| *at)
        .min_by_key(|at| at.abs_diff(anchor))?;
    let names: Vec<String> = dedup_names(
        by.iter()
            .filter(|(_, s, at)| *s == best && (!near || at.abs_diff(closest) <= 3))
            .filter_map(|(t, _, _)| clean_author(t))
            .filter(|n| n.split_whitespace().count() <= 6)
            .collect(),
    );
    // Several bylines of the same strength are usually the same person repeated
    // (header and footer) or co-authors listed one by one.
    let names: Vec<String> = names.into_iter().take(if near { 4 } else { 5 }).collect();
    if names.is_empty() {
        None
    } else {
        Some(names.join(", "))
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

/// A `<meta>` date under a site's own name for the publication date
/// (`w-published-date`, `cXenseParse:recs:publishtime`...): a key naming publication
/// and a date or time, and not a revision.
fn published_meta(found: &Found) -> Option<PubDate> {
    found
        .metas
        .iter()
        .filter(|(k, _)| {
            (k.contains("publish") || k.contains("pubdate"))
                && (k.contains("date") || k.contains("time"))
                && !k.contains("modif")
                && !k.contains("updat")
        })
        .find_map(|(_, v)| parse_date(v))
}

/// Reads the metadata of a page. `url_hint` is where the page came from, if known;
/// `blocks` are the page's text blocks, `content_start` and `content_end` the first and
/// last blocks of the story (for a date printed in the page).
pub fn read_meta(
    found: &Found,
    url_hint: Option<&str>,
    blocks: &[Block],
    content_start: Option<usize>,
    content_end: Option<usize>,
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

    // Names of the site, for removing them from titles.
    let sites: Vec<String> = [site_name.clone(), ld.publisher.clone()]
        .into_iter()
        .flatten()
        .collect();
    let host = canonical_url.as_deref().and_then(host_label);
    let strip = |t: &str| strip_sites(t, &sites, host.as_deref());

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
            let h = clean_ws(h1);
            // An all-capitals headline is usually styling: take the metadata's casing.
            let styled = h.chars().any(char::is_alphabetic)
                && !h.chars().any(char::is_lowercase)
                && h.split_whitespace().count() >= 2;
            let cased = candidates
                .iter()
                .map(|c| strip(c.as_str()))
                .find(|c| styled && norm(c) == hn);
            let stripped: Vec<String> = [meta_title.as_deref(), found.title.as_deref()]
                .into_iter()
                .flatten()
                .map(&strip)
                .collect();
            let numbered = title::numbered_variant(&h, &stripped).map(str::to_string);
            title = Some(strip_section(&cased.or(numbered).unwrap_or(h)));
            title_at = Some(*at);
            break;
        }
    }
    // Else the visible headline: the last `<h1>` shortly before the story starts, unless
    // it only repeats the site's name (a logo).
    if title.is_none() {
        let mut site_names: Vec<String> = site_name.iter().map(|s| norm(s)).collect();
        for t in [found.title.as_deref(), meta_title.as_deref()]
            .into_iter()
            .flatten()
        {
            let (full, kept) = (norm(t), norm(&strip(t)));
            let cut = full
                .strip_prefix(kept.as_str())
                .or_else(|| full.strip_suffix(kept.as_str()))
                .map(str::trim)
                .filter(|c| !c.is_empty() && kept != full);
            site_names.extend(cut.map(str::to_string));
        }
        if let Some(start) = content_start {
            title = found
                .h1
                .iter()
                .rfind(|(h, at)| {
                    *at <= start + 1
                        && *at + 40 >= start
                        && (2..=40).contains(&h.split_whitespace().count())
                        && !site_names.contains(&norm(h))
                })
                .map(|(h, _)| clean_ws(h));
        }
    }
    if title.is_none() {
        // A JSON-LD headline cut at a length limit yields to the full meta title.
        let full_meta = meta_title.as_deref().map(&strip);
        title = ld
            .headline
            .clone()
            .filter(|h| !h.is_empty())
            .filter(|h| {
                let hn = norm(h);
                !(h.chars().count() >= 90
                    && full_meta.as_deref().is_some_and(|m| {
                        let mn = norm(m);
                        mn.len() > hn.len() && mn.starts_with(&hn)
                    }))
            })
            .map(|h| strip(&h))
            .or_else(|| meta_title.as_deref().map(&strip))
            .or_else(|| found.title.as_deref().map(&strip))
            .or_else(|| found.h1.first().map(|(h, _)| clean_ws(h)));
    }

    // Author: JSON-LD, then `<meta>`, then the byline printed near the headline. A
    // metadata "author" that is only the site's name or a login yields to a byline.
    let anchor = title_at.or(content_start).unwrap_or(0);
    let site_n = site_name.as_deref().map(norm).filter(|s| !s.is_empty());
    let weak = |a: &str| !plausible_signature(a) || site_n.as_ref().is_some_and(|s| norm(a) == *s);
    let mut fallback = None;
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
            ],
        )
        .and_then(clean_author)
        .filter(|a| !a.starts_with("http"));
    }
    if author.is_none() {
        author = twitter_label_author(found);
    }
    if author.as_deref().is_some_and(weak) {
        fallback = author.take();
    }
    if author.is_none() {
        author = dom_byline(&found.bylines, anchor, true);
    }
    if author.is_none() {
        author = header_byline(blocks, anchor);
    }
    if author.is_none() {
        author = dom_byline(&found.bylines, anchor, false);
    }
    if author.is_none() {
        author = meta(found, &["twitter:creator"])
            .and_then(clean_author)
            .filter(|a| plausible_signature(a));
    }
    let author = author
        .or(fallback)
        .map(|a| drop_outlet(&a, site_name.as_deref()));

    // Date: the one printed in the header, else the metadata's publication date.
    let known: Vec<chrono::NaiveDate> = [ld.published.as_deref(), ld.modified.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(|d| parse_date(d)?.naive_date())
        .collect();
    let mut date = header_date(blocks, anchor, &known);
    if date.is_none() {
        // A dateline labelled "Published" just after the story: pages whose metadata
        // publication date is rewritten on every save print the real one there.
        date = content_end.and_then(|end| dateline::footer_published(blocks, end, &known));
    }
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
        date = published_meta(found);
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
        // A dateline printed just after the story ("Last updated: ...", a date under
        // the last paragraph) on pages whose header and metadata give none.
        date = content_end.and_then(|end| header_date(blocks, end, &known));
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
        title: title.map(|t| cut_tagline(&t)).filter(|t| !t.is_empty()),
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
        // A reference close to the end of the text.
        assert_eq!(decode_entities("SQL &#x26; AI"), "SQL & AI");
        assert_eq!(decode_entities("Tom &amp;"), "Tom &");
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
        assert!(parse_date("0001-01-01T00:00:00Z").is_none());
        assert_eq!(
            parse_date("1951-06-02").map(|d| d.value),
            Some("1951-06-02".into())
        );
        assert_eq!(
            date_from_text("Posted on March 7th, 2021 by staff").map(|d| d.value),
            Some("2021-03-07".into())
        );
        assert_eq!(
            date_from_text("Updated 7 Sept 2021").map(|d| d.value),
            Some("2021-09-07".into())
        );
    }

    /// A paragraph block of `text` with `link_chars` characters in links
    /// (shared with the dateline tests).
    pub(super) fn block(text: &str, link_chars: usize) -> Block {
        Block {
            el: 0,
            text: text.to_string(),
            link_chars,
            chars: text.chars().count(),
            kind: crate::dom::Kind::Para,
        }
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
    fn byline_labels_dates_and_commenters_are_cleaned() {
        assert_eq!(
            clean_author("Written by: Ada Quill").as_deref(),
            Some("Ada Quill")
        );
        assert_eq!(
            clean_author("Ada QuillPublished 3 days ago").as_deref(),
            Some("Ada Quill")
        );
        assert_eq!(
            clean_author("Ada Quill, Written by").as_deref(),
            Some("Ada Quill")
        );
        assert_eq!(
            clean_author("By Ada Quill March 9, 2022").as_deref(),
            Some("Ada Quill")
        );
        assert_eq!(clean_author("By"), None);
        assert_eq!(clean_author("Author"), None);
        assert_eq!(clean_author("Ben Ort says"), None);
        // "Bystander" is a word, not a label.
        assert_eq!(
            clean_author("Bystander Collective").as_deref(),
            Some("Bystander Collective")
        );
    }

    #[test]
    fn outlet_after_the_names_is_dropped() {
        assert_eq!(
            drop_outlet(
                "Ada Quill and Ben Ort, The Coast Gazette",
                Some("The Coast Gazette")
            ),
            "Ada Quill and Ben Ort"
        );
        assert_eq!(
            drop_outlet("Ada Quill, Ben Ort", None),
            "Ada Quill, Ben Ort"
        );
        assert!(plausible_signature("Ada Quill"));
        assert!(!plausible_signature("ada.quill"));
        assert!(!plausible_signature("aquill"));
    }

    #[test]
    fn header_bylines_are_found_near_the_headline() {
        let story = "The harbour wall reopened on Monday after repairs that took weeks, the council said, and boats returned the same day.";
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block("By Ada Quill and Ben Ort", 12),
            block(story, 0),
        ];
        assert_eq!(
            header_byline(&blocks, 1).as_deref(),
            Some("Ada Quill and Ben Ort")
        );
        // A label line, then the name on its own line.
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block("Written by", 0),
            block("Ada Quill", 0),
            block(story, 0),
        ];
        assert_eq!(header_byline(&blocks, 1).as_deref(), Some("Ada Quill"));
        // A dateline that ends with the author.
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block("Published August 7, 2023 by Ada Quill", 0),
            block(story, 0),
        ];
        assert_eq!(header_byline(&blocks, 1).as_deref(), Some("Ada Quill"));
        // Prose that mentions "by" is no byline.
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block(story, 0),
            block("by the way, the pier is closed", 0),
        ];
        assert!(header_byline(&blocks, 1).is_none());
    }

    #[test]
    fn short_taglines_leave_headlines() {
        assert_eq!(
            cut_tagline("Rowing for beginners — Technique basics"),
            "Rowing for beginners"
        );
        assert_eq!(
            cut_tagline("Nine lenses for 2027 | Zoom, prime & macro"),
            "Nine lenses for 2027"
        );
        // A long second half is part of the headline; so is a number range.
        let long = "The busiest ferry route of 2024 — and five harbours to watch next year";
        assert_eq!(cut_tagline(long), long);
        assert_eq!(
            cut_tagline("Budget plan 2024 - 2025"),
            "Budget plan 2024 - 2025"
        );
        assert_eq!(cut_tagline("Storm - Live"), "Storm - Live");
        // Symbols are not words; a tagline may be longer than a short headline.
        assert_eq!(
            cut_tagline("Best movers in Leeds (2025) – Top Local & Long-Distance Movers"),
            "Best movers in Leeds (2025)"
        );
        assert_eq!(
            cut_tagline("Wedding planning tools – Caterer comparison spreadsheet"),
            "Wedding planning tools"
        );
        // Numbers are words.
        let t = "Take C.A.R.E. - the harbour team at the 2018 fair";
        assert_eq!(cut_tagline(t), t);
        let t = "Take C.A.R.E. - Gazette team at Expo 2018";
        assert_eq!(cut_tagline(t), t);
    }

    #[test]
    fn site_suffixes_spelled_like_the_host_name() {
        assert_eq!(
            host_label("https://www.harbourworks.com/news/x").as_deref(),
            Some("harbourworks")
        );
        assert_eq!(
            host_label("https://news.coastgazette.co.uk/a?b=1").as_deref(),
            Some("coastgazette")
        );
        assert_eq!(host_label("https://abc.com/x"), None);
        assert_eq!(host_label("not a url"), None);
        // "Harbour Works" spells the host; a long tail is not cut without it.
        let t = "8 Walls Rebuilt - Harbour Works";
        assert_eq!(strip_sites(t, &[], Some("harbourworks")), "8 Walls Rebuilt");
        assert_eq!(strip_sites(t, &[], Some("coastgazette")), t);
        assert_eq!(
            strip_sites(
                "HarbourWorks.com | How the old harbour wall was rebuilt in a year",
                &[],
                Some("harbourworks")
            ),
            "How the old harbour wall was rebuilt in a year"
        );
    }

    #[test]
    fn section_labels_leave_headlines() {
        assert_eq!(
            strip_section("Why the harbour wall matters | Opinion"),
            "Why the harbour wall matters"
        );
        assert_eq!(
            strip_section("Harbour wall | Gazette Extra"),
            "Harbour wall | Gazette Extra"
        );
    }

    #[test]
    fn publication_dates_under_other_meta_names() {
        let found = Found {
            metas: vec![
                ("w-modified-date".into(), "2025-06-01T10:00:00Z".into()),
                ("w-published-date".into(), "2025-05-27T06:03:43.274Z".into()),
            ],
            ..Found::default()
        };
        assert_eq!(
            published_meta(&found).and_then(|d| d.naive_date()),
            chrono::NaiveDate::from_ymd_opt(2025, 5, 27)
        );
        let found = Found {
            metas: vec![("publisher".into(), "2025-05-27".into())],
            ..Found::default()
        };
        assert!(published_meta(&found).is_none());
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
