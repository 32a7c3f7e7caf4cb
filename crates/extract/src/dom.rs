//! One iterative pass over the parsed DOM that flattens it into what the content
//! scorer and the metadata reader need: a compact element table (parent, tag,
//! class-based hints), text blocks with their link text, and the metadata-bearing
//! elements (`<title>`, `<meta>`, `<link rel=canonical>`, JSON-LD, `<time>`, bylines,
//! headings). No recursion anywhere, so 100,000 nested `<div>`s cost nothing special.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Elements that start a new text block (a `match`: it runs on every element open
/// and close).
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "ul"
            | "summary"
            | "caption"
            | "center"
            | "body"
            | "html"
            | "menu"
            | "legend"
    )
}

/// Elements whose content is never article text.
fn is_skip(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "select"
            | "button"
            | "textarea"
            | "input"
            | "video"
            | "audio"
            | "map"
            | "dialog"
    )
}

/// Class/id words that mark site furniture for sure.
const NEG_STRONG: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "sidebar",
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "recommendations",
    "newsletter",
    "newsletters",
    "subscribe",
    "subscription",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adslot",
    "sponsor",
    "sponsored",
    "comment",
    "comments",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "cookie",
    "cookies",
    "consent",
    "outbrain",
    "taboola",
    "trending",
    "popular",
    "toolbar",
    "pagination",
    "pager",
    "signup",
    "login",
    "paywall",
    "recirc",
    "masthead",
    "banner",
];

/// Class/id words that often mark furniture but also appear on content wrappers; they
/// only count for elements with little prose.
const NEG_WEAK: &[&str] = &[
    "skip",
    "hidden",
    "hide",
    "caption",
    "credit",
    "credits",
    "byline",
    "tags",
    "tag",
    "topics",
    "disclaimer",
    "donate",
    "more",
    "teaser",
    "teasers",
    "jump",
    "follow",
    "print",
    "author",
    "bio",
    "meta",
    "timestamp",
    "dateline",
    "date",
    "overlay",
    "lightbox",
    "gallery",
    "video",
    "player",
    "embed",
    "header",
    "topbar",
    "offscreen",
    "visually",
    "sronly",
    "screen",
    "rail",
    "widget",
    "toc",
    "contents",
    "table-of-contents",
    "cta",
];

/// Class/id words that mark the article itself.
const POS_WORDS: &[&str] = &[
    "article",
    "articlebody",
    "content",
    "story",
    "storybody",
    "body",
    "post",
    "entry",
    "main",
    "text",
    "prose",
    "blog",
    "news",
    "richtext",
    "rte",
    "page",
];

/// What kind of block a text run belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `<h1>`..`<h6>`, with the level.
    Heading(u8),
    /// A list item or definition.
    Item,
    /// Table cell.
    Cell,
    /// Caption of a figure or table.
    Caption,
    /// Preformatted text.
    Pre,
    /// Anything else (paragraphs, divs).
    Para,
}

/// An element in the compact table.
#[derive(Debug, Clone)]
pub struct El {
    /// Index of the parent element (the root points to itself).
    pub parent: u32,
    /// Local tag name.
    pub tag: String,
    /// Furniture evidence: 0 none, 1 weak (class words that also occur on content
    /// wrappers, hidden elements), 2 strong (tags such as `nav`/`footer`, class words
    /// such as `comments`/`related`/`share`).
    pub neg: u8,
    /// The class/id/itemprop say "article body".
    pub pos: bool,
    /// Depth in the element tree.
    pub depth: u32,
    /// Hash of the tag and the first class name: elements built from the same
    /// template (a story's paragraphs in separate wrappers) share it.
    pub sig: u32,
}

/// A run of text between block boundaries.
#[derive(Debug, Clone)]
pub struct Block {
    /// The innermost block-level element holding the text.
    pub el: u32,
    /// Whitespace-normalised text (line breaks from `<br>` kept as `\n`).
    pub text: String,
    /// Characters of the text that sit inside links.
    pub link_chars: usize,
    /// Characters of the text.
    pub chars: usize,
    /// Block kind.
    pub kind: Kind,
}

/// Metadata-bearing bits found while walking.
#[derive(Debug, Default, Clone)]
pub struct Found {
    /// `<title>` text.
    pub title: Option<String>,
    /// `<meta>` pairs: lower-cased key (name, property, itemprop or http-equiv) and content.
    pub metas: Vec<(String, String)>,
    /// `<link rel=canonical>` href.
    pub canonical: Option<String>,
    /// Texts of `application/ld+json` scripts.
    pub json_ld: Vec<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// `<time>` elements: (datetime attribute or text, looks like a publication time).
    pub times: Vec<(String, bool)>,
    /// Elements with itemprop/rel/class naming the author, and links to author pages:
    /// (text, strength, block index at the element's end).
    pub bylines: Vec<(String, u8, usize)>,
    /// `itemprop=datePublished` values found on non-meta elements.
    pub item_dates: Vec<String>,
    /// `<h1>` texts with their block index at the time (position in the page).
    pub h1: Vec<(String, usize)>,
}

/// The flattened page.
#[derive(Debug, Default)]
pub struct Flat {
    /// Element table; index 0 is the document root.
    pub els: Vec<El>,
    /// Text blocks in document order.
    pub blocks: Vec<Block>,
    /// Metadata bits.
    pub found: Found,
}

fn class_words(s: &str, out: &mut Vec<String>) {
    for w in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !w.is_empty() && w.len() < 40 {
            out.push(w.to_ascii_lowercase());
        }
    }
    // Joined forms such as "articleBody", "article-body" -> "articlebody".
    let joined: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    for w in joined.split_whitespace() {
        if w.len() < 40 {
            out.push(w.to_string());
        }
    }
}

struct Walker {
    flat: Flat,
    /// Stack of element indices of open elements.
    stack: Vec<u32>,
    /// Stack of the innermost block element for each open element.
    block_stack: Vec<u32>,
    skip_depth: usize,
    link_depth: usize,
    pre_depth: usize,
    title_depth: usize,
    /// `skip_depth` inside `<head>` (0 outside it).
    head_depth: usize,
    h1_depth: usize,
    h1_buf: String,
    byline: Vec<(usize, u8, String)>,
    buf: String,
    buf_links: usize,
    in_jsonld: bool,
    jsonld_buf: String,
    time_open: Option<(Option<String>, bool, String)>,
    item_date_open: Option<String>,
}

impl Walker {
    fn cur_block(&self) -> u32 {
        self.block_stack.last().copied().unwrap_or(0)
    }

    fn flush(&mut self, el: u32) {
        if self.buf.trim().is_empty() {
            self.buf.clear();
            self.buf_links = 0;
            return;
        }
        let text = normalise_block(&self.buf);
        let chars = text.chars().count();
        let tag = &self.flat.els[el as usize].tag;
        let kind = block_kind(tag, &self.flat.els, el);
        self.flat.blocks.push(Block {
            el,
            chars,
            link_chars: self.buf_links.min(chars),
            text,
            kind,
        });
        self.buf.clear();
        self.buf_links = 0;
    }

    fn push_text(&mut self, t: &str) {
        if self.pre_depth > 0 {
            self.buf.push_str(t);
        } else {
            let mut last_space = self.buf.ends_with([' ', '\n']) || self.buf.is_empty();
            for c in t.chars() {
                if c.is_whitespace() {
                    if !last_space {
                        self.buf.push(' ');
                        last_space = true;
                    }
                } else {
                    self.buf.push(c);
                    last_space = false;
                }
            }
        }
        if self.link_depth > 0 {
            self.buf_links += t
                .split_whitespace()
                .map(|w| w.chars().count() + 1)
                .sum::<usize>();
        }
    }
}

/// Path segments of author profile pages (`/author/ada-quill`, `/people/ada`).
const AUTHOR_PATHS: &[&str] = &[
    "/author/",
    "/authors/",
    "/people/",
    "/staff/",
    "/profile/",
    "/profiles/",
    "/writer/",
    "/writers/",
    "/contributor/",
    "/contributors/",
    "/journalist/",
    "/journalists/",
    "/producers/",
];

/// A link to an author's profile page.
fn author_page_link(href: &str) -> bool {
    let h = href.as_bytes();
    AUTHOR_PATHS.iter().any(|p| {
        h.windows(p.len())
            .any(|w| w.eq_ignore_ascii_case(p.as_bytes()))
    })
}

/// Byline strength of a class attribute: 1 when a class names the byline or the
/// author's name, 0 for author boxes that hold a bio, picture or label.
fn byline_class(class: &str) -> u8 {
    let c = class.to_ascii_lowercase();
    if c.contains("byline") || c.contains("by-line") || c.contains("by_line") {
        return 1;
    }
    if c.contains("author-name")
        || c.contains("authorname")
        || c.contains("author__name")
        || c.contains("author_name")
    {
        return 1;
    }
    let furniture = [
        "bio", "avatar", "image", "img", "desc", "photo", "pic", "about", "label", "title",
        "caption", "social", "follow", "more", "box", "card", "wrap",
    ];
    if c.split_whitespace()
        .any(|w| w.contains("author") && !furniture.iter().any(|f| w.contains(f)))
    {
        return 1;
    }
    0
}

/// FNV-1a hash of a tag name and its first class name.
fn tag_signature(tag: &str, class: Option<&str>) -> u32 {
    let first = class
        .and_then(|c| c.split_whitespace().next())
        .unwrap_or("");
    let mut h: u32 = 0x811c_9dc5;
    for b in tag.bytes().chain([b'.']).chain(first.bytes()) {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn block_kind(tag: &str, els: &[El], el: u32) -> Kind {
    match tag {
        "h1" => Kind::Heading(1),
        "h2" => Kind::Heading(2),
        "h3" => Kind::Heading(3),
        "h4" => Kind::Heading(4),
        "h5" => Kind::Heading(5),
        "h6" => Kind::Heading(6),
        "li" | "dd" | "dt" => Kind::Item,
        "td" | "th" => Kind::Cell,
        "figcaption" | "caption" => Kind::Caption,
        "pre" => Kind::Pre,
        _ => {
            // A div directly inside a figure is a caption too.
            let p = els[el as usize].parent as usize;
            if els.get(p).is_some_and(|e| e.tag == "figure") && tag != "p" {
                Kind::Caption
            } else {
                Kind::Para
            }
        }
    }
}

fn normalise_block(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(l);
    }
    out
}

/// Flattens a parsed document. `max_blocks` bounds the work on giant pages.
// One arm per tag reads better than guards folded into the match.
#[allow(clippy::collapsible_match)]
pub fn flatten(doc: &Html, max_blocks: usize) -> Flat {
    let mut w = Walker {
        flat: Flat::default(),
        stack: vec![0],
        block_stack: vec![0],
        skip_depth: 0,
        link_depth: 0,
        pre_depth: 0,
        title_depth: 0,
        head_depth: 0,
        h1_depth: 0,
        h1_buf: String::new(),
        byline: Vec::new(),
        buf: String::new(),
        buf_links: 0,
        in_jsonld: false,
        jsonld_buf: String::new(),
        time_open: None,
        item_date_open: None,
    };
    w.flat.els.push(El {
        parent: 0,
        tag: "#root".into(),
        neg: 0,
        pos: false,
        depth: 0,
        sig: 0,
    });
    let mut title_buf = String::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let tag = e.name();
                    let parent = *w.stack.last().unwrap_or(&0);
                    let idx = w.flat.els.len() as u32;
                    let pdepth = w.flat.els[parent as usize].depth;
                    // Metadata elements.
                    match tag {
                        "meta" => {
                            let key = e
                                .attr("property")
                                .or_else(|| e.attr("name"))
                                .or_else(|| e.attr("itemprop"))
                                .or_else(|| e.attr("http-equiv"));
                            if let (Some(k), Some(v)) = (key, e.attr("content")) {
                                w.flat
                                    .found
                                    .metas
                                    .push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                            }
                        }
                        "link" => {
                            if e.attr("rel")
                                .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                                && w.flat.found.canonical.is_none()
                            {
                                w.flat.found.canonical =
                                    e.attr("href").map(|h| h.trim().to_string());
                            }
                        }
                        "html" => {
                            if w.flat.found.lang.is_none() {
                                w.flat.found.lang = e.attr("lang").map(|l| l.trim().to_string());
                            }
                        }
                        // `<head>` counts as skipped text, so its `<title>` is let through
                        // here; a `<title>` inside `<svg>` (skipped too) is not.
                        "title"
                            if w.flat.found.title.is_none()
                                && (w.skip_depth == 0 || w.skip_depth == w.head_depth) =>
                        {
                            w.title_depth += 1
                        }
                        "script" => {
                            if e.attr("type").is_some_and(|t| {
                                t.trim().eq_ignore_ascii_case("application/ld+json")
                            }) {
                                w.in_jsonld = true;
                                w.jsonld_buf.clear();
                            }
                        }
                        "time" => {
                            let pub_hint = e.attr("pubdate").is_some()
                                || e.attr("itemprop")
                                    .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                                || e.attr("class").is_some_and(|c| {
                                    let c = c.to_ascii_lowercase();
                                    c.contains("publish") || c.contains("posted")
                                });
                            w.time_open = Some((
                                e.attr("datetime").map(str::to_string),
                                pub_hint,
                                String::new(),
                            ));
                        }
                        _ => {}
                    }
                    let itemprop = e.attr("itemprop").unwrap_or("");
                    if itemprop.eq_ignore_ascii_case("datePublished")
                        && tag != "meta"
                        && tag != "time"
                    {
                        if let Some(v) = e.attr("content").or_else(|| e.attr("datetime")) {
                            w.flat.found.item_dates.push(v.to_string());
                        } else {
                            w.item_date_open = Some(String::new());
                        }
                    }
                    // Byline candidates.
                    let mut by_strength = 0u8;
                    if itemprop.to_ascii_lowercase().contains("author") {
                        by_strength = 3;
                    } else if e
                        .attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("author"))
                        || tag == "a" && e.attr("href").is_some_and(author_page_link)
                    {
                        // rel=author, or a link to an author's profile page.
                        by_strength = 2;
                    } else if let Some(c) = e.attr("class") {
                        by_strength = byline_class(c);
                    }
                    let mut words = Vec::new();
                    if let Some(c) = e.attr("class") {
                        class_words(c, &mut words);
                    }
                    if let Some(i) = e.attr("id") {
                        class_words(i, &mut words);
                    }
                    let mut neg = if matches!(tag, "nav" | "aside" | "footer" | "menu") {
                        2u8
                    } else if matches!(tag, "form" | "header") {
                        1
                    } else {
                        0
                    };
                    let mut pos = matches!(tag, "article" | "main");
                    if itemprop.eq_ignore_ascii_case("articleBody")
                        || itemprop.eq_ignore_ascii_case("text")
                    {
                        pos = true;
                    }
                    if e.attr("role").is_some_and(|r| {
                        matches!(
                            r,
                            "navigation"
                                | "complementary"
                                | "contentinfo"
                                | "banner"
                                | "menu"
                                | "dialog"
                        )
                    }) {
                        neg = 2;
                    }
                    let any_pos = words.iter().any(|w| POS_WORDS.contains(&w.as_str()));
                    if !matches!(tag, "body" | "html" | "article" | "main") {
                        if words.iter().any(|w| NEG_STRONG.contains(&w.as_str())) {
                            neg = 2;
                        } else if words.iter().any(|w| NEG_WEAK.contains(&w.as_str())) {
                            neg = neg.max(1);
                        }
                    }
                    if any_pos {
                        pos = true;
                    }
                    let hidden = e.attr("hidden").is_some()
                        || e.attr("aria-hidden").is_some_and(|v| v == "true")
                        || e.attr("style").is_some_and(|s| {
                            let s: String = s
                                .chars()
                                .filter(|c| !c.is_whitespace())
                                .collect::<String>()
                                .to_ascii_lowercase();
                            s.contains("display:none") || s.contains("visibility:hidden")
                        });
                    if hidden {
                        neg = neg.max(1);
                    }
                    let skip = is_skip(tag) || tag == "head";
                    w.flat.els.push(El {
                        parent,
                        tag: tag.to_string(),
                        neg,
                        pos,
                        depth: pdepth + 1,
                        sig: tag_signature(tag, e.attr("class")),
                    });
                    w.stack.push(idx);
                    if by_strength > 0 {
                        w.byline.push((w.stack.len(), by_strength, String::new()));
                    }
                    if skip {
                        w.skip_depth += 1;
                        if tag == "head" && w.head_depth == 0 {
                            w.head_depth = w.skip_depth;
                        }
                    }
                    if tag == "a" {
                        w.link_depth += 1;
                    }
                    if tag == "pre" {
                        w.pre_depth += 1;
                    }
                    if tag == "h1" {
                        w.h1_depth += 1;
                    }
                    if tag == "br" && w.skip_depth == 0 {
                        w.buf.push('\n');
                    }
                    if is_block(tag) {
                        let cur = w.cur_block();
                        w.flush(cur);
                        w.block_stack.push(idx);
                    } else {
                        let cur = w.cur_block();
                        w.block_stack.push(cur);
                    }
                }
                Node::Text(t) => {
                    let text: &str = t;
                    if w.in_jsonld {
                        w.jsonld_buf.push_str(text);
                    }
                    if w.title_depth > 0 {
                        title_buf.push_str(text);
                    }
                    if w.skip_depth == 0 {
                        if let Some((_, _, buf)) = w.time_open.as_mut() {
                            buf.push_str(text);
                        }
                        if let Some(buf) = w.item_date_open.as_mut() {
                            buf.push_str(text);
                        }
                        for (_, _, b) in w.byline.iter_mut() {
                            if b.len() < 400 {
                                b.push_str(text);
                            }
                        }
                        if w.h1_depth > 0 && w.h1_buf.len() < 1000 {
                            w.h1_buf.push_str(text);
                        }
                        if w.flat.blocks.len() < max_blocks {
                            w.push_text(text);
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    let tag = e.name();
                    let idx = w.stack.pop().unwrap_or(0);
                    w.block_stack.pop();
                    if is_block(tag) {
                        w.flush(idx);
                    }
                    if let Some(pos) = w
                        .byline
                        .iter()
                        .position(|(d, _, _)| *d == w.stack.len() + 1)
                    {
                        let (_, s, text) = w.byline.remove(pos);
                        let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !t.is_empty() && w.flat.found.bylines.len() < 64 {
                            let at = w.flat.blocks.len();
                            w.flat.found.bylines.push((t, s, at));
                        }
                    }
                    if is_skip(tag) || tag == "head" {
                        if tag == "head" && w.skip_depth == w.head_depth {
                            w.head_depth = 0;
                        }
                        w.skip_depth = w.skip_depth.saturating_sub(1);
                    }
                    match tag {
                        "a" => w.link_depth = w.link_depth.saturating_sub(1),
                        "pre" => w.pre_depth = w.pre_depth.saturating_sub(1),
                        "title" if w.title_depth > 0 => {
                            w.title_depth -= 1;
                            let t = title_buf.split_whitespace().collect::<Vec<_>>().join(" ");
                            if !t.is_empty() {
                                w.flat.found.title = Some(t);
                            }
                        }
                        "h1" => {
                            w.h1_depth = w.h1_depth.saturating_sub(1);
                            if w.h1_depth == 0 {
                                let t = w.h1_buf.split_whitespace().collect::<Vec<_>>().join(" ");
                                if !t.is_empty() && w.flat.found.h1.len() < 8 {
                                    let at = w.flat.blocks.len();
                                    w.flat.found.h1.push((t, at));
                                }
                                w.h1_buf.clear();
                            }
                        }
                        "script" if w.in_jsonld => {
                            w.in_jsonld = false;
                            if w.flat.found.json_ld.len() < 32 {
                                w.flat.found.json_ld.push(std::mem::take(&mut w.jsonld_buf));
                            }
                        }
                        "time" => {
                            if let Some((dt, hint, text)) = w.time_open.take() {
                                let v = dt.unwrap_or_else(|| text.trim().to_string());
                                if !v.is_empty() && w.flat.found.times.len() < 16 {
                                    w.flat.found.times.push((v, hint));
                                }
                            }
                        }
                        _ => {}
                    }
                    if e.attr("itemprop")
                        .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                    {
                        if let Some(t) = w.item_date_open.take() {
                            w.flat.found.item_dates.push(t.trim().to_string());
                        }
                    }
                }
            }
        }
    }
    let cur = w.cur_block();
    w.flush(cur);
    w.flat
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_links_and_classes() {
        assert!(author_page_link("https://example.org/authors/ada-quill"));
        assert!(author_page_link("/People/ada"));
        assert!(!author_page_link("/news/2021/harbour"));
        assert_eq!(byline_class("post-hero__author"), 1);
        assert_eq!(byline_class("author-by-line-text"), 1);
        assert_eq!(byline_class("author-bio"), 0);
        assert_eq!(byline_class("story-body"), 0);
    }

    #[test]
    fn head_title_is_read_but_svg_titles_are_not() {
        let doc = Html::parse_document(
            "<html><head><title>Page title</title></head><body><svg><title>Icon</title></svg><p>x</p></body></html>",
        );
        assert_eq!(
            flatten(&doc, 100).found.title.as_deref(),
            Some("Page title")
        );
        let doc = Html::parse_document(
            "<html><head></head><body><svg><title>Icon</title></svg><p>x</p></body></html>",
        );
        assert_eq!(flatten(&doc, 100).found.title, None);
    }
}
