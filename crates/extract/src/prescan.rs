//! A fast byte-level pass over the markup before the HTML parser sees it: it drops
//! what the extractor never reads, so that the (much slower, per-character) HTML
//! tokenizer and tree builder do not process it.
//!
//! Dropped: the contents of `<script>` elements (except JSON-LD, which the metadata
//! reader needs), `<style>` and `<noscript>` elements, comments, and the attributes that
//! neither [`crate::dom::flatten`] nor the tree builder read (`src`, `srcset`, `data-*`,
//! `alt`, non-hiding `style`s, `href` outside `<a>`/`<link>`...). On news pages scripts
//! and styles are about half of the bytes and such attributes a third of the rest.
//! The elements themselves stay, so the tree the parser builds is the same apart from
//! the dropped text and attributes.
//!
//! The pass follows the tokenizer's rules where they matter for finding tag bounds:
//! quoted attribute values may hold `<` and `>`, raw-text elements (`<title>`,
//! `<textarea>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`) end only at their own end
//! tag, a script ends where the tokenizer ends it (its `<!--`/`<script>` escape states
//! included), and `<plaintext>` runs to the end. It also estimates the nesting depth
//! of the markup (open minus close tags of non-void elements) for the deep-nesting
//! guard.

/// The result of [`prescan`].
#[derive(Debug)]
pub struct Prescan {
    /// The markup with script, style and noscript contents and comments removed.
    pub html: String,
    /// Estimated greatest nesting depth of elements (open tags of non-void elements
    /// minus end tags, at most; never below the real depth for well-formed markup).
    pub max_depth: usize,
    /// Bytes removed.
    pub removed: usize,
}

/// What to do with the content of a raw-text element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Raw {
    /// Parsed as markup.
    No,
    /// Raw text kept as it is (the end tag is searched for, nothing inside is a tag).
    Keep,
    /// Raw text dropped.
    Drop,
    /// Everything to the end of the input is text.
    Rest,
}

const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
    b"source", b"track", b"wbr", b"param", b"keygen",
];

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// One attribute of a start tag: its name and the byte span from the start of its
/// name to the end of its value (quotes included).
#[derive(Clone, Copy)]
struct Attr {
    name: (usize, usize),
    span: (usize, usize),
    value: (usize, usize),
}

/// Scans one tag from `i` (just past its name) to just past its `>`; returns that end
/// (or the input's length when the tag is cut off), whether it is self-closing and
/// whether it ended with `>` (is not cut off), and fills `attrs`.
fn scan_attrs(b: &[u8], mut i: usize, attrs: &mut Vec<Attr>) -> (usize, bool, bool) {
    let n = b.len();
    let mut self_closing = false;
    attrs.clear();
    loop {
        // Before an attribute name.
        while i < n && (is_space(b[i]) || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= n {
            return (n, false, false);
        }
        if b[i] == b'>' {
            return (i + 1, self_closing, true);
        }
        self_closing = false;
        // The name runs to a space, '/', '>' or '=' (its first character may be '=').
        let name_start = i;
        i += 1;
        while i < n && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = (name_start, i);
        let mut j = i;
        while j < n && is_space(b[j]) {
            j += 1;
        }
        if j >= n || b[j] != b'=' {
            attrs.push(Attr {
                name,
                span: name,
                value: (i, i),
            });
            continue;
        }
        i = j + 1;
        while i < n && is_space(b[i]) {
            i += 1;
        }
        if i >= n {
            return (n, false, false);
        }
        let value;
        if b[i] == b'"' || b[i] == b'\'' {
            let q = b[i];
            let vs = i + 1;
            match b[vs..].iter().position(|&c| c == q) {
                Some(p) => {
                    value = (vs, vs + p);
                    i = vs + p + 1;
                }
                None => return (n, false, false),
            }
        } else {
            let vs = i;
            while i < n && !is_space(b[i]) && b[i] != b'>' {
                i += 1;
            }
            value = (vs, i);
        }
        attrs.push(Attr {
            name,
            span: (name_start, i),
            value,
        });
    }
}

/// Whether the extractor (or the tree builder) reads attribute `name` on element `tag`
/// with value `value`.
fn attr_used(tag: &[u8], name: &[u8], value: &[u8]) -> bool {
    let lower = |s: &[u8]| -> Option<[u8; 12]> {
        if s.len() > 12 {
            return None;
        }
        let mut a = [0u8; 12];
        for (d, c) in a.iter_mut().zip(s) {
            *d = c.to_ascii_lowercase();
        }
        Some(a)
    };
    let Some(nm) = lower(name) else {
        return false;
    };
    let nm = &nm[..name.len()];
    match nm {
        b"class" | b"id" | b"itemprop" | b"rel" | b"role" | b"hidden" | b"aria-hidden"
        | b"content" | b"datetime" | b"type" | b"encoding" | b"color" | b"face" | b"size" => true,
        // Only hiding styles matter.
        b"style" => value
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"none") || w.eq_ignore_ascii_case(b"hidd")),
        b"href" => tag.eq_ignore_ascii_case(b"a") || tag.eq_ignore_ascii_case(b"link"),
        b"property" | b"name" | b"http-equiv" => tag.eq_ignore_ascii_case(b"meta"),
        b"lang" => tag.eq_ignore_ascii_case(b"html"),
        b"pubdate" => tag.eq_ignore_ascii_case(b"time"),
        _ => false,
    }
}

/// Finds the end tag `</name` (followed by a space, `/` or `>`) from `from`; returns
/// the index of its `<`.
fn find_end_tag(s: &str, from: usize, name: &[u8]) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = from;
    while let Some(p) = s.get(i..).and_then(|t| t.find('<')) {
        let at = i + p;
        let ns = at + 2;
        let ne = ns + name.len();
        if ne <= b.len()
            && b[at + 1] == b'/'
            && b[ns..ne].eq_ignore_ascii_case(name)
            && (ne == b.len() || is_space(b[ne]) || matches!(b[ne], b'/' | b'>'))
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Whether `b[at..]` starts with `</name` or `<name` (`close` says which) followed by a
/// space, `/` or `>`, ignoring ASCII case.
fn tag_at(b: &[u8], at: usize, name: &[u8], close: bool) -> bool {
    let ns = at + 1 + usize::from(close);
    let ne = ns + name.len();
    b.get(at) == Some(&b'<')
        && (!close || b.get(at + 1) == Some(&b'/'))
        && ne <= b.len()
        && b[ns..ne].eq_ignore_ascii_case(name)
        && (ne == b.len() || is_space(b[ne]) || matches!(b[ne], b'/' | b'>'))
}

/// Finds the `</script>` that ends a script whose text starts at `from`, following the
/// tokenizer's escape states: after `<!--` a `<script>` starts a nested (double-escaped)
/// part whose `</script>` does not end the element, and `-->` leaves both states.
fn script_end(s: &str, from: usize) -> Option<usize> {
    let b = s.as_bytes();
    let (mut escaped, mut double) = (false, false);
    let mut i = from;
    while let Some(p) = b.get(i..)?.iter().position(|&c| c == b'<' || c == b'-') {
        let at = i + p;
        if b[at] == b'-' {
            if escaped && b[at..].starts_with(b"-->") {
                escaped = false;
                double = false;
                i = at + 3;
            } else {
                i = at + 1;
            }
            continue;
        }
        if !escaped && b[at..].starts_with(b"<!--") {
            escaped = true;
            // "<!-->" and "<!--->" close the escape at once, as "-->" does.
            i = at + 2;
            continue;
        }
        if tag_at(b, at, b"script", true) {
            if !double {
                return Some(at);
            }
            double = false;
        } else if escaped && !double && tag_at(b, at, b"script", false) {
            double = true;
        }
        i = at + 1;
    }
    None
}

/// Position just past the `-->` that ends a comment whose text starts at `from` (or
/// the input's length).
fn comment_end(s: &str, from: usize) -> usize {
    let b = s.as_bytes();
    let mut i = from;
    while let Some(p) = s.get(i..).and_then(|t| t.find('>')) {
        let at = i + p;
        if at >= from + 2 && b[at - 1] == b'-' && b[at - 2] == b'-' {
            return at + 1;
        }
        i = at + 1;
    }
    b.len()
}

/// Position just past the next `>` from `from` (or the input's length).
fn past_gt(b: &[u8], from: usize) -> usize {
    b.get(from..)
        .and_then(|t| t.iter().position(|&c| c == b'>'))
        .map_or(b.len(), |p| from + p + 1)
}

/// Drops script, style and noscript contents and comments from `html` and estimates
/// its nesting depth. Runs in time linear in the input.
pub fn prescan(html: &str) -> Prescan {
    let b = html.as_bytes();
    let n = b.len();
    let mut out = String::with_capacity(n);
    let mut last = 0usize;
    let mut i = 0usize;
    let mut depth: i64 = 0;
    let mut max_depth: i64 = 0;
    let mut attrs = Vec::new();
    while let Some(p) = html.get(i..).and_then(|t| t.find('<')) {
        i += p;
        if i + 1 >= n {
            break;
        }
        let c = b[i + 1];
        if c == b'!' {
            if b[i + 2..].starts_with(b"--") {
                // A comment: ends at "-->" ("<!-->" and "<!--->" end at once), or at
                // the end of the input.
                let s = i + 4;
                let end = if b[s.min(n)..].starts_with(b">") {
                    s + 1
                } else if b[s.min(n)..].starts_with(b"->") {
                    s + 2
                } else {
                    comment_end(html, s)
                };
                out.push_str(&html[last..i]);
                last = end;
                i = end;
            } else {
                // Doctype, CDATA or a bogus comment: to the next '>'.
                i = past_gt(b, i + 2);
            }
            continue;
        }
        if c == b'?' {
            i = past_gt(b, i + 2);
            continue;
        }
        if c == b'/' {
            if b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) {
                let mut j = i + 3;
                while j < n && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
                    j += 1;
                }
                depth -= 1;
                i = scan_attrs(b, j, &mut attrs).0;
            } else {
                i = past_gt(b, i + 2);
            }
            continue;
        }
        if !c.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let ns = i + 1;
        let mut j = ns + 1;
        while j < n && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = &b[ns..j];
        let (end, self_closing, closed) = scan_attrs(b, j, &mut attrs);
        let json_ld = attrs.iter().any(|a| {
            b[a.name.0..a.name.1].eq_ignore_ascii_case(b"type")
                && b[a.value.0..a.value.1]
                    .windows(7)
                    .any(|w| w.eq_ignore_ascii_case(b"ld+json"))
        });
        // Rewrite the tag without the attributes nobody reads.
        if closed {
            let used = |a: &Attr| attr_used(name, &b[a.name.0..a.name.1], &b[a.value.0..a.value.1]);
            if !attrs.iter().all(used) {
                out.push_str(&html[last..j]);
                for a in attrs.iter().filter(|a| used(a)) {
                    out.push(' ');
                    out.push_str(&html[a.span.0..a.span.1]);
                }
                out.push_str(if self_closing { "/>" } else { ">" });
                last = end;
            }
        }
        let raw = if name.eq_ignore_ascii_case(b"script") {
            if json_ld {
                Raw::Keep
            } else {
                Raw::Drop
            }
        } else if name.eq_ignore_ascii_case(b"style") || name.eq_ignore_ascii_case(b"noscript") {
            Raw::Drop
        } else if [
            &b"title"[..],
            b"textarea",
            b"xmp",
            b"iframe",
            b"noembed",
            b"noframes",
        ]
        .iter()
        .any(|t| name.eq_ignore_ascii_case(t))
        {
            Raw::Keep
        } else if name.eq_ignore_ascii_case(b"plaintext") {
            Raw::Rest
        } else {
            Raw::No
        };
        let void = VOID.iter().any(|v| name.eq_ignore_ascii_case(v));
        // A self-closing tag opens nothing, except on raw-text elements.
        let opens = !void && (raw != Raw::No || !self_closing);
        if opens {
            depth += 1;
            max_depth = max_depth.max(depth);
        }
        i = end;
        match raw {
            Raw::No => {}
            Raw::Rest => break,
            Raw::Keep | Raw::Drop => {
                let close = if name.eq_ignore_ascii_case(b"script") {
                    script_end(html, end)
                } else {
                    find_end_tag(html, end, name)
                };
                if raw == Raw::Drop {
                    out.push_str(&html[last..end]);
                    last = close.unwrap_or(n);
                }
                match close {
                    Some(k) => i = k,
                    None => break,
                }
            }
        }
    }
    if last < n {
        out.push_str(&html[last..]);
    }
    let removed = n - out.len();
    Prescan {
        html: out,
        max_depth: max_depth.max(0) as usize,
        removed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_styles_and_comments_but_not_json_ld() {
        let src = "<head><style>p{color:red}</style><script>var a = '<p>x</p>';</script>\
             <script type=\"application/ld+json\">{\"a\":1}</script></head>\
             <body><!-- note <p>hidden</p> --><p>Kept</p><noscript><img src=x></noscript></body>";
        let p = prescan(src);
        assert!(!p.html.contains("color:red"));
        assert!(!p.html.contains("var a"));
        assert!(!p.html.contains("hidden"));
        assert!(!p.html.contains("img"));
        assert!(p.html.contains("{\"a\":1}"));
        assert!(p.html.contains("<p>Kept</p>"));
        assert!(p.html.contains("<script></script>"));
        assert!(p.html.contains("<style></style>"));
        assert_eq!(p.removed + p.html.len(), src.len());
    }

    #[test]
    fn quoted_attributes_and_raw_text_do_not_open_scripts() {
        let p = prescan("<div data-x=\"<script>\">A</div><title><script>B</title><p>C</p>");
        assert!(p.html.contains('A') && p.html.contains('B') && p.html.contains('C'));
        let p = prescan("<textarea></script><style></textarea><p>D</p>");
        assert!(p.html.contains("<p>D</p>"));
        // The end tag needs a delimiter after its name.
        let p = prescan("<script>a</scripts>b</script ><p>E</p>");
        assert!(!p.html.contains('a') && !p.html.contains('b'));
        assert!(p.html.contains("<p>E</p>"));
    }

    #[test]
    fn escaped_scripts_end_where_the_tokenizer_ends_them() {
        let src = "<script><!-- document.write(\"<script>x</script>\"); --></script><p>F</p>";
        let p = prescan(src);
        assert_eq!(p.html, "<script></script><p>F</p>");
        // Without the nested <script>, the first </script> ends it even when escaped.
        let p = prescan("<script><!-- a </script> b --></script><p>G</p>");
        assert_eq!(p.html, "<script></script> b --></script><p>G</p>");
        let doc = |h: &str| {
            let d = scraper::Html::parse_document(h);
            crate::dom::flatten(&d, 100)
                .blocks
                .iter()
                .map(|b| b.text.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(doc(src), doc(&prescan(src).html));
    }

    #[test]
    fn unterminated_constructs_end_at_the_input() {
        for s in [
            "<script>never closed",
            "<!-- open comment",
            "<div class=\"open",
            "<",
            "<!",
            "</",
            "<a",
            "<!--",
            "<!---",
        ] {
            let p = prescan(s);
            assert!(p.html.len() <= s.len());
            assert!(!p.html.contains("never") && !p.html.contains("open comment"));
        }
    }

    #[test]
    fn unread_attributes_are_dropped() {
        let p = prescan(
            "<div class=\"a b\" data-x='1>2' id=m style=\"color:red\"><img src=\"x.jpg\" alt=y/>\
             <a href=\"/author/x\" title=t>A</a><p href=\"/q\" style=\"display: NONE\">B</p>\
             <meta property=\"og:title\" content=\"T\"><p>C</p></div>",
        );
        assert_eq!(
            p.html,
            "<div class=\"a b\" id=m><img><a href=\"/author/x\">A</a>\
             <p style=\"display: NONE\">B</p><meta property=\"og:title\" content=\"T\"><p>C</p></div>"
        );
        // A tag cut off by the end of the input is left as it is.
        assert_eq!(prescan("<p>x<a src=\"q>").html, "<p>x<a src=\"q>");
    }

    #[test]
    fn depth_estimate() {
        let deep = "<div>".repeat(700);
        assert_eq!(prescan(&deep).max_depth, 700);
        let flat = "<p>a</p><br><img src=x><p/>".repeat(700);
        assert!(prescan(&flat).max_depth <= 2);
        // Tags inside dropped scripts do not count.
        let s = format!("<script>{}</script>", "<div>".repeat(700));
        assert_eq!(prescan(&s).max_depth, 1);
    }

    /// The parser and [`crate::dom::flatten`] see the same page with and without the
    /// pass: same text blocks, element table and metadata.
    #[test]
    fn flattening_is_unchanged() {
        let page = r##"<!DOCTYPE html><html lang="en-GB"><head>
<meta charset="utf-8"><title>Dock strike ends | The Harbour Post</title>
<meta property="og:title" content="Dock strike ends"><meta name="author" content="Ida Moss">
<link rel="stylesheet" href="/s.css"><link rel="canonical" href="https://post.example/dock">
<style>body { font: 12px serif } .x > p { color: red }</style>
<script>window.dataLayer = [{"a": "</div>"}]; if (a < b && c > d) { go(); }</script>
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-05-01"}</script>
<!--[if lt IE 9]><script src="old.js"></script><![endif]-->
</head><body class="page has-sidebar" data-track='{"x":1}'>
<nav id="top-nav" role="navigation"><a href="/" data-ga="home">Home</a> <a href="/news">News</a></nav>
<article itemscope itemtype="https://schema.org/NewsArticle">
<h1 class="headline" data-id=12>Dock strike ends after nine days</h1>
<p class="byline">By <a href="/authors/ida-moss" rel="author" title="Ida">Ida Moss</a>,
<time datetime="2022-05-01T08:00:00Z" class="published">1 May 2022</time></p>
<figure><img src="a.jpg" srcset="a.jpg 1x, b.jpg 2x" alt="Cranes"><figcaption>Cranes at rest.</figcaption></figure>
<div class="article-body" itemprop="articleBody" style="margin: 0">
<p>Workers voted on Sunday to accept the offer, <b>ending</b> a stoppage that had left ships waiting offshore.</p>
<!-- ad slot --><div class="ad" style="display: none">Advert</div>
<p>The union said the deal<br>covers pay and shifts. <span hidden>secret</span></p>
<noscript><iframe src="https://t.example/x"></iframe></noscript>
<table><tr><td>Pay</td><td data-v="3">3%</td></tr></table>
<p>Unclosed paragraph <i>with <u>nested</i> markup</u> left to the parser
<ul><li>First item<li>Second item</ul>
<textarea>keep <script> as text</textarea><xmp><b>raw</b></xmp>
</div></article>
<aside class="related"><h3>Related</h3><a href="/x">Other story</a></aside>
<footer>Copyright</footer></body></html>"##;
        let flat = |h: &str| {
            let doc = scraper::Html::parse_document(h);
            let f = crate::dom::flatten(&doc, 1000);
            format!("{:?}\n{:?}\n{:?}", f.blocks, f.els, f.found)
        };
        let p = prescan(page);
        assert!(p.removed > 300, "{}", p.removed);
        assert_eq!(flat(page), flat(&p.html));
    }
}
