//! The content scorer: picks the element that holds the story and keeps its prose.
//!
//! Each text block that reads like prose (long enough, few of its characters inside
//! links, not a caption) gives a score to the elements above it, decaying with
//! distance (1, 1/2, 1/3, 1/4), the readability family's idea. Class/id words and tags
//! tilt the score (`article`, `story-body`, `itemprop=articleBody` up; `sidebar`,
//! `related`, `share`, `comment`, `nav`, `footer` down). The best element (or, when it
//! holds little of the page's prose, the ancestor with the most prose net of junk)
//! forms the region, widened backwards to opening paragraphs built from the same
//! template that sit outside it (an intro in a hero box); inside it, blocks under
//! furniture-marked elements, link lists, captions, the `<h1>` and short non-sentence
//! lines at the region's edges are dropped. The region also takes in the chosen
//! element's twins (wrappers of the same template at the same depth holding paragraphs
//! of the same template: a story split by a page builder) and a questions-and-answers
//! section that starts right after the story. An element hidden from readers whose
//! text mostly repeats text found elsewhere on the page (a schema.org copy of the
//! story) counts as furniture; template filler ("Lorem ipsum") is never prose; a long
//! sentence in the region may carry more links (up to 70% of its characters) than
//! other lines (50%). Short non-sentence lines are trimmed from the region's edges
//! only as a run of at most three (a longer run is a schedule or a list), never table
//! cells; a linked heading followed by prose heads a section and is kept (a run of
//! linked headlines is a teaser list); furniture labels ("Advert", "Related news") and
//! captions ending in a picture credit are dropped, and so is an "about the author"
//! paragraph that closes the story. A page's `<footer>` stays furniture however long
//! its notice when some prose stands outside it, and when nearly all prose sits under
//! furniture marks, the marked `<div>` holding the most of it is taken as the story's
//! column. Everything is iterative and linear in the number of elements and blocks.

use crate::dom::{Block, El, Flat, Kind};
use std::collections::{HashMap, HashSet};

/// Adds each element's value into its parent's, deepest first, so that every
/// element ends up with the total of its subtree (parents come before children in
/// the element table).
fn sum_subtrees<T: Copy + std::ops::AddAssign>(els: &[El], values: &mut [T]) {
    for i in (1..els.len().min(values.len())).rev() {
        let p = els[i].parent as usize;
        if p != i {
            let v = values[i];
            values[p] += v;
        }
    }
}

/// A flag inherited downwards: element `i` (other than the root) is marked when
/// `own(i)` holds or its parent is marked.
fn inherit_down(els: &[El], own: impl Fn(usize) -> bool) -> Vec<bool> {
    let mut out = vec![false; els.len()];
    for i in 1..els.len() {
        let p = els[i].parent as usize;
        out[i] = own(i) || (p != i && out[p]);
    }
    out
}

/// Hashes of the runs of `SHINGLE` words of a text, lowercased.
fn shingle_hashes(text: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    const SHINGLE: usize = 5;
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words
        .windows(SHINGLE)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Elements hidden from readers whose text mostly repeats text found elsewhere on
/// the page (a schema.org metadata copy of the story in a `display:none` block).
/// Hidden text that is found nowhere else (collapsed answers, content a script moves
/// into place) is not marked. `prose` is the prose below each element.
fn hidden_copies(flat: &Flat, prose: &[usize]) -> Vec<bool> {
    let els = &flat.els;
    let n = els.len();
    let mut out = vec![false; n];
    let hidden_any = inherit_down(els, |i| els[i].hidden);
    if !flat
        .blocks
        .iter()
        .any(|b| is_prose(b) && hidden_any[b.el as usize])
    {
        return out;
    }
    // How many blocks hold each shingle.
    let hashes: Vec<Vec<u64>> = flat
        .blocks
        .iter()
        .map(|b| {
            if b.chars >= 25 {
                let mut h = shingle_hashes(&b.text);
                h.sort_unstable();
                h.dedup();
                h
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut count: HashMap<u64, u32> = HashMap::new();
    for h in hashes.iter().flatten() {
        *count.entry(*h).or_insert(0) += 1;
    }
    // Prose characters below each element that repeat text found elsewhere.
    let mut dup = vec![0usize; n];
    for (b, h) in flat.blocks.iter().zip(&hashes) {
        if !is_prose(b) || !hidden_any[b.el as usize] || h.is_empty() {
            continue;
        }
        let repeated = h
            .iter()
            .filter(|x| count.get(x).is_some_and(|&c| c >= 2))
            .count();
        dup[b.el as usize] += b.chars * repeated / h.len();
    }
    sum_subtrees(els, &mut dup);
    for i in 1..n {
        out[i] = els[i].hidden && prose[i] > 0 && dup[i] * 2 >= prose[i];
    }
    out
}

/// The chosen main text and how sure we are it is an article.
#[derive(Debug, Clone, Default)]
pub struct MainText {
    /// Paragraphs of the story.
    pub paragraphs: Vec<String>,
    /// Characters of prose in the chosen region.
    pub prose_chars: usize,
    /// Index of the first block of the region (for date/byline lookups near it).
    pub first_block: Option<usize>,
    /// Index of the last block kept (for a dateline printed after the story).
    pub last_block: Option<usize>,
}

fn link_density(b: &Block) -> f64 {
    if b.chars == 0 {
        return 1.0;
    }
    b.link_chars as f64 / b.chars as f64
}

/// A heading whose text is mostly a link.
fn is_linked_heading(b: &Block) -> bool {
    matches!(b.kind, Kind::Heading(_)) && link_density(b) > 0.5
}

fn is_prose(b: &Block) -> bool {
    !matches!(b.kind, Kind::Caption | Kind::Heading(_))
        && b.chars >= 25
        && link_density(b) < 0.35
        && !is_placeholder(&b.text)
}

/// Template filler ("Lorem ipsum dolor sit amet...") left in a page: never story text.
fn is_placeholder(text: &str) -> bool {
    text.trim_start()
        .get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("lorem ipsum"))
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', '»', ' ']);
    t.ends_with(['.', '!', '?', '…', ':', '。', '！', '？'])
}

/// Whole lines that label furniture (ad slots, teaser boxes, a script-only slideshow's
/// fallback), compared lower-cased without trailing punctuation. Labels that also
/// open story sections ("More", "Also read") are not listed.
const FURNITURE_LABELS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "don't miss",
    "don’t miss",
    "latest news",
    "more stories",
    "most popular",
    "most read",
    "must read",
    "popular stories",
    "recommended for you",
    "related",
    "related content",
    "related news",
    "related posts",
    "related reading",
    "sponsored content",
    "this slideshow requires javascript",
    "you may also like",
    "you may be interested in",
    "you might also like",
];

/// A caption printed as a paragraph: text followed by a bracketed picture credit,
/// "The pier at dawn (Image: Getty)", "... (Photo credit: Ada Quill)".
fn ends_with_photo_credit(t: &str) -> bool {
    let Some(body) = t.strip_suffix(')') else {
        return false;
    };
    let Some(open) = body.rfind('(') else {
        return false;
    };
    let (before, inside) = (&body[..open], &body[open + 1..]);
    if before.trim().is_empty() || inside.chars().count() > 60 || inside.contains('(') {
        return false;
    }
    let first = inside
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        first.as_str(),
        "image" | "images" | "photo" | "photos" | "picture" | "pic" | "foto" | "credit" | "getty"
    ) && inside.contains(|c: char| c == ':' || c.is_uppercase())
}

/// Short lines that are furniture whatever the page: they are judged by keyword
/// classes, not by any one site's wording.
fn is_furniture_line(text: &str) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    if n == 0 {
        return true;
    }
    if n <= 300 && ends_with_photo_credit(t) {
        return true;
    }
    if n > 80 {
        return false;
    }
    let l = t.to_lowercase();
    if FURNITURE_LABELS.contains(&l.trim_end_matches(['.', ':', '…', '!', ' '])) {
        return true;
    }
    let first: String = l.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    const STARTS: &[&str] = &[
        "advertisement",
        "sponsored",
        "share this",
        "share on",
        "share:",
        "follow us",
        "sign up",
        "subscribe",
        "read more",
        "related:",
        "related articles",
        "related stories",
        "more from",
        "click here",
        "see also",
        "recommended",
        "photo:",
        "image:",
        "credit:",
        "©",
        "copyright",
        "all rights reserved",
        "getty images",
        "tags:",
        "topics:",
        "filed under",
        "listen to",
        "watch:",
        "loading",
        "skip to",
        "back to top",
        "updated:",
        "published:",
        "posted:",
        "last updated",
        "read next",
        "trending",
    ];
    if STARTS.iter().any(|s| l.starts_with(s)) {
        return true;
    }
    if matches!(
        first.as_str(),
        "share" | "tweet" | "email" | "print" | "comments" | "comment"
    ) {
        return true;
    }
    // "4 min read", "5 minute read"
    let words: Vec<&str> = l.split_whitespace().collect();
    if words.len() <= 4 && words.contains(&"read") && words.iter().any(|w| w.starts_with("min")) {
        return true;
    }
    false
}

/// Most characters of non-prose (link lists, short labels, furniture) crossed between
/// two prose blocks when the region is widened.
const WIDEN_JUNK: usize = 200;

/// Widens the region's block range `lo..=hi` backwards to the story's opening
/// paragraphs that sit outside the chosen element (an intro in a hero box): walking
/// back from `lo`, a prose block built from the same template as the region's own
/// paragraphs (tag and first class of it and its parent) and not under furniture is
/// taken, with what lies between, as long as the non-prose crossed since the last one
/// stays under [`WIDEN_JUNK`] characters; an `<h1>` stops the walk (the story starts
/// there). Returns the new first block. Widening forwards was measured too: it took in
/// author bios, "about the company" boilerplate and teasers, and a stricter version
/// (only runs of two or more template paragraphs) won on the tuning pages but lost on
/// the held-out ones, so it is not done.
fn widen_back(flat: &Flat, neg_any: &[bool], lo: usize, hi: usize) -> usize {
    let blocks = &flat.blocks;
    let els = &flat.els;
    let sig = |b: &Block| {
        let e = &els[b.el as usize];
        (e.sig, els[e.parent as usize].sig)
    };
    // The templates of the region's own paragraphs.
    let mut sigs: Vec<(u32, u32)> = blocks[lo..=hi]
        .iter()
        .filter(|b| is_prose(b) && !neg_any[b.el as usize])
        .map(sig)
        .collect();
    sigs.sort_unstable();
    sigs.dedup();
    let anchor = |b: &Block| {
        is_prose(b)
            && b.chars >= 60
            && !neg_any[b.el as usize]
            && sigs.binary_search(&sig(b)).is_ok()
    };
    let cost = |b: &Block| {
        if neg_any[b.el as usize] {
            b.chars.max(50)
        } else if is_prose(b) || matches!(b.kind, Kind::Heading(_)) && link_density(b) < 0.5 {
            0
        } else {
            b.chars
        }
    };
    let mut new_lo = lo;
    let mut junk = 0usize;
    for j in (0..lo).rev() {
        let b = &blocks[j];
        if matches!(b.kind, Kind::Heading(1)) {
            break;
        }
        if anchor(b) {
            new_lo = j;
            junk = 0;
            continue;
        }
        junk += cost(b);
        if junk > WIDEN_JUNK {
            break;
        }
    }
    new_lo
}

/// Least prose (characters, not under furniture) a twin wrapper must hold.
const TWIN_MIN_PROSE: usize = 300;

/// The story's other wrappers: elements built from the same template as the chosen
/// one (same tag and first class, a parent of the same tag and first class, the same
/// depth), not nested in it or around it, not under furniture, holding at least
/// [`TWIN_MIN_PROSE`] characters of prose in paragraphs of the same template as the
/// chosen element's own, and not mostly repeating its paragraphs (a second copy of
/// the story). Page builders and long guides split a story into a run of such wrappers
/// with promotions between them; the scorer picks one. An element without a class
/// name has no twins (every bare `<div>` would match). Measured on the development
/// pages: a twin at another depth was a testimonial or a collapsed FAQ panel, a short
/// one (under 300 characters) an "about the author"/"join our forum" line.
fn twin_wrappers(flat: &Flat, neg_any: &[bool], good: &[usize], best: usize) -> Vec<usize> {
    let els = &flat.els;
    let n = els.len();
    let b = &els[best];
    if !b.classed || best == 0 {
        return Vec::new();
    }
    let psig = els[b.parent as usize].sig;
    // Elements inside the chosen one, and its ancestors.
    let mut in_best = vec![false; n];
    in_best[best] = true;
    let mut above = vec![false; n];
    let mut a = b.parent as usize;
    while a != 0 && !above[a] {
        above[a] = true;
        a = els[a].parent as usize;
    }
    // owner[i]: the outermost twin candidate holding element i (usize::MAX: none),
    // or `best` for the chosen element's own subtree.
    let mut owner = vec![usize::MAX; n];
    let mut any = false;
    for i in 1..n {
        let p = els[i].parent as usize;
        if p != i && in_best[p] {
            in_best[i] = true;
        }
        if in_best[i] {
            owner[i] = best;
            continue;
        }
        let po = if p != i { owner[p] } else { usize::MAX };
        if po != usize::MAX {
            owner[i] = po;
        } else if els[i].sig == b.sig
            && els[i].depth == b.depth
            && els[p].sig == psig
            && !above[i]
            && !neg_any[i]
            && good[i] >= TWIN_MIN_PROSE
        {
            owner[i] = i;
            any = true;
        }
    }
    if !any {
        return Vec::new();
    }
    // Paragraph templates of the chosen element's prose and of each candidate's, and
    // the texts of the chosen element's paragraphs (a second copy of the story, as
    // pages that carry a print or mobile version, is not a twin).
    let mut sigs: Vec<(u32, u32)> = Vec::new();
    let mut own: HashSet<&str> = HashSet::new();
    let mut twin_sigs: Vec<(usize, (u32, u32))> = Vec::new();
    for bl in &flat.blocks {
        let e = bl.el as usize;
        if !is_prose(bl) || neg_any[e] || owner[e] == usize::MAX {
            continue;
        }
        let sig = (els[e].sig, els[els[e].parent as usize].sig);
        if owner[e] == best {
            sigs.push(sig);
            own.insert(bl.text.as_str());
        } else {
            twin_sigs.push((owner[e], sig));
        }
    }
    // Prose characters of each candidate that repeat the chosen element's paragraphs.
    let mut repeated: HashMap<usize, usize> = HashMap::new();
    for bl in &flat.blocks {
        let e = bl.el as usize;
        let o = owner[e];
        if o != usize::MAX && o != best && is_prose(bl) && own.contains(bl.text.as_str()) {
            *repeated.entry(o).or_insert(0) += bl.chars;
        }
    }
    sigs.sort_unstable();
    sigs.dedup();
    let mut out: Vec<usize> = twin_sigs
        .into_iter()
        .filter(|(t, s)| {
            sigs.binary_search(s).is_ok() && repeated.get(t).copied().unwrap_or(0) * 2 < good[*t]
        })
        .map(|(t, _)| t)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A heading that opens a questions-and-answers section ("FAQ", "FAQs about ...",
/// "Frequently asked questions", and the same in a few other languages).
pub(crate) fn is_faq_heading(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    if t.chars().count() > 100 {
        return false;
    }
    let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
    const OPENERS: &[&str] = &[
        "frequently asked questions",
        "commonly asked questions",
        "preguntas frecuentes",
        "questions fréquentes",
        "foire aux questions",
        "häufig gestellte fragen",
        "häufige fragen",
        "domande frequenti",
        "perguntas frequentes",
    ];
    if OPENERS.iter().any(|o| t.starts_with(o)) {
        return true;
    }
    let first = t.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    matches!(first, "faq" | "faqs")
}

/// Most characters crossed between the story's end and a questions-and-answers
/// section for the section to be read as part of the story.
const FAQ_GAP: usize = 200;

/// A questions-and-answers section printed just after the story (guides end with
/// one; the reader takes it as part of the article): the first heading after block
/// `hi`, within [`FAQ_GAP`] characters, that opens such a section, and the element that
/// holds the section (the nearest ancestor of the heading with prose in it, as long as
/// it starts at the heading). Returns the section's block indices, without blocks under
/// strongly furniture-marked elements. Collapsed answers (hidden, weakly marked) count.
fn faq_after(flat: &Flat, raw_sub: &[usize], hi: usize) -> Vec<usize> {
    let blocks = &flat.blocks;
    let els = &flat.els;
    let mut gap = 0usize;
    let mut head = None;
    for (j, b) in blocks.iter().enumerate().skip(hi + 1) {
        if matches!(b.kind, Kind::Heading(_)) && is_faq_heading(&b.text) {
            head = Some(j);
            break;
        }
        gap += b.chars.max(if els[b.el as usize].neg > 0 { 50 } else { 0 });
        if gap > FAQ_GAP {
            break;
        }
    }
    let Some(h) = head else {
        return Vec::new();
    };
    // The section's element: climb from the heading to the first ancestor with prose.
    let mut scope = blocks[h].el as usize;
    let mut steps = 0;
    while raw_sub[scope] == 0 && scope != 0 && steps < 64 {
        scope = els[scope].parent as usize;
        steps += 1;
    }
    if scope == 0 || raw_sub[scope] == 0 {
        return Vec::new();
    }
    // Which elements lie in the scope, and under strong furniture marks inside it.
    let n = els.len();
    let mut inside = vec![false; n];
    let mut strong = vec![false; n];
    inside[scope] = true;
    for i in scope + 1..n {
        let p = els[i].parent as usize;
        if p != i && inside[p] {
            inside[i] = true;
            strong[i] = strong[p] || els[i].neg >= 2;
        }
    }
    // The scope must start at the heading (else it holds the story or more).
    if blocks[..h].iter().any(|b| inside[b.el as usize]) {
        return Vec::new();
    }
    blocks
        .iter()
        .enumerate()
        .skip(h)
        .take_while(|(_, b)| inside[b.el as usize])
        .filter(|(_, b)| !strong[b.el as usize])
        .map(|(j, _)| j)
        .collect()
}

/// Name words of the page's author(s): capitalised words of the bylines found in the
/// page and of the `author` metadata.
fn author_name_words(flat: &Flat) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let metas = flat
        .found
        .metas
        .iter()
        .filter(|(k, v)| matches!(k.as_str(), "author" | "article:author") && !v.contains('/'))
        .map(|(_, v)| v.as_str());
    let texts = flat
        .found
        .bylines
        .iter()
        .map(|(t, _, _)| t.as_str())
        .chain(metas);
    for t in texts {
        for w in t.split(|c: char| !c.is_alphabetic()) {
            if w.chars().count() >= 2
                && w.chars().next().is_some_and(char::is_uppercase)
                && !matches!(
                    w,
                    "By" | "BY" | "And" | "The" | "THE" | "Von" | "Par" | "Por" | "Staff" | "Team"
                )
                && out.len() < 32
                && !out.iter().any(|o| o == w)
            {
                out.push(w.to_string());
            }
        }
    }
    out
}

/// A paragraph that reads like an author's bio: its opening names a trade or a
/// record ("freelance writer", "editor", "founded", "has written", "professor").
fn is_bio(text: &str) -> bool {
    const CUES: &[&str] = &[
        "writer",
        "author",
        "editor",
        "journalist",
        "reporter",
        "contributor",
        "columnist",
        "correspondent",
        "founder",
        "founded",
        "owner",
        "freelance",
        "written",
        "director",
        "professor",
        "faculty",
        "expert",
        "specializ",
        "specialis",
        "graduate",
        "degree",
    ];
    let head: String = text.chars().take(200).collect::<String>().to_lowercase();
    CUES.iter().any(|c| head.contains(c))
}

/// Where an "about the author" paragraph starts at the end of the story: one of the
/// last prose paragraphs opens with the author's name ("Ada Quill is a freelance
/// writer...", "Ada has written for..."), little follows it, and the story before it
/// is at least twice as long as what is cut.
fn author_bio_start(flat: &Flat, out: &[(usize, &Block)]) -> Option<usize> {
    let names = author_name_words(flat);
    if names.is_empty() {
        return None;
    }
    const VERBS: &[&str] = &[
        "is", "has", "was", "founded", "holds", "writes", "covers", "joined", "an", "a", "lives",
        "works", "brings",
    ];
    let total: usize = out.iter().map(|(_, b)| b.chars).sum();
    let mut after = 0usize;
    let mut seen_prose = 0;
    let mut found = None;
    for (j, (_, b)) in out.iter().enumerate().rev() {
        if is_prose(b) && b.chars >= 60 {
            seen_prose += 1;
            // One to three of the author's name words, then a verb or an apposition.
            let words: Vec<&str> = b
                .text
                .split_whitespace()
                .take(4)
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .collect();
            let named = words
                .iter()
                .take(3)
                .take_while(|w| names.iter().any(|n| n == *w))
                .count();
            let opens_with_name = named > 0
                && words
                    .get(named)
                    .is_some_and(|w| VERBS.iter().any(|v| w.eq_ignore_ascii_case(v)))
                && is_bio(&b.text);
            let cut = after + b.chars;
            if opens_with_name && after <= 600 && total.saturating_sub(cut) >= 2 * cut {
                found = Some(j);
            }
            if seen_prose >= 4 {
                break;
            }
        }
        after += b.chars;
    }
    found
}

/// Most short non-sentence lines (datelines, labels, a dangling heading) trimmed
/// as a run from either edge of the story; a longer run is kept whole.
const EDGE_RUN_MAX: usize = 3;

/// When nearly all of the page's prose sits under furniture-marked elements, the
/// outermost marked element holding the most prose is the story's column, not
/// furniture: a column named after the layout it shares with a sidebar
/// ("sidebar-content") whose prose falls short of half the page because a long
/// pop-up or footer text elsewhere is counted too. It must hold at least four times
/// the prose found outside all furniture and more than any other marked element.
/// `sub` is the prose below each element, `total` the page's, `copies` the hidden
/// copies of the story.
fn story_under_furniture(
    els: &[El],
    neg_own: &[bool],
    neg_any: &[bool],
    copies: &[bool],
    sub: &[usize],
    total: usize,
) -> Option<usize> {
    let marked: usize = (1..els.len())
        .filter(|&i| {
            let p = els[i].parent as usize;
            neg_own[i] && !(p != i && neg_any[p])
        })
        .map(|i| sub[i])
        .sum();
    let clean = total.saturating_sub(marked);
    let mut best: Option<(usize, usize)> = None;
    let mut second = 0usize;
    for i in 1..els.len() {
        let p = els[i].parent as usize;
        if !neg_own[i] || (p != i && neg_any[p]) {
            continue;
        }
        // Only a visible `<div>` marked by its class words can be the story's column
        // (not a hidden copy of the story, not a `<nav>` or `<footer>`).
        if els[i].tag != "div" || els[i].neg != 2 || els[i].hidden || copies[i] {
            second = second.max(sub[i]);
            continue;
        }
        match best {
            Some((_, v)) if sub[i] <= v => second = second.max(sub[i]),
            _ => {
                second = second.max(best.map_or(0, |(_, v)| v));
                best = Some((i, sub[i]));
            }
        }
    }
    let (i, v) = best?;
    (v >= 1000 && v >= clean * 4 && v > second).then_some(i)
}

/// Prose characters outside a `<footer>` that keep it furniture even when it holds
/// most of the page's prose.
const FOOTER_OUTSIDE_MIN: usize = 200;

/// Chooses the main text of a flattened page.
pub fn main_text(flat: &Flat) -> MainText {
    let els = &flat.els;
    let n = els.len();
    if n == 0 || flat.blocks.is_empty() {
        return MainText::default();
    }
    // Prose characters directly in and below each element.
    let mut sub = vec![0usize; n];
    for b in &flat.blocks {
        if is_prose(b) {
            sub[b.el as usize] += b.chars;
        }
    }
    sum_subtrees(els, &mut sub);
    let total = sub[0].max(1);
    let copies = hidden_copies(flat, &sub);
    // A furniture-marked element that holds most of the page's prose is not furniture
    // (class names such as "has-sidebar" on a page wrapper).
    // Weak evidence does not count against an element that holds real prose.
    let mut neg_own: Vec<bool> = els
        .iter()
        .enumerate()
        .map(|(i, e)| match e.neg {
            _ if copies[i] && sub[i] * 2 <= total => true,
            // A page's `<footer>` stays furniture however long its disclaimer, as
            // long as some prose stands outside it (a short story above a long
            // legal notice).
            2 if e.tag == "footer" && total.saturating_sub(sub[i]) >= FOOTER_OUTSIDE_MIN => true,
            2 => sub[i] * 2 <= total,
            1 => sub[i] < 400 && sub[i] * 2 <= total,
            _ => false,
        })
        .collect();
    // Furniture flag inherited downwards.
    let mut neg_any = inherit_down(els, |i| neg_own[i]);
    if let Some(i) = story_under_furniture(els, &neg_own, &neg_any, &copies, &sub, total) {
        neg_own[i] = false;
        neg_any = inherit_down(els, |i| neg_own[i]);
    }
    // Embedded posts quoted in the story, and what they hold.
    let embed_in = inherit_down(els, |i| els[i].embed);

    // Prose that is not under furniture, per subtree.
    let mut good = vec![0usize; n];
    for b in &flat.blocks {
        if is_prose(b) && !neg_any[b.el as usize] {
            good[b.el as usize] += b.chars;
        }
    }
    sum_subtrees(els, &mut good);
    let raw_sub = sub;
    let sub = good;
    // Candidate scores.
    let mut cand = vec![0f64; n];
    for b in &flat.blocks {
        if !is_prose(b) {
            continue;
        }
        let commas = b.text.matches([',', '，', '、']).count().min(20) as f64;
        let mut s = 1.0 + (b.chars.min(1200) as f64) / 40.0 + commas;
        if neg_any[b.el as usize] {
            s *= 0.2;
        }
        let tag = els[b.el as usize].tag;
        let mut el = if matches!(tag, "p" | "li" | "dd" | "blockquote" | "pre" | "td") {
            els[b.el as usize].parent as usize
        } else {
            b.el as usize
        };
        for d in 1..=4 {
            cand[el] += s / d as f64;
            let p = els[el].parent as usize;
            if p == el {
                break;
            }
            el = p;
        }
    }
    let mut best = 0usize;
    let mut best_score = 0f64;
    for i in 1..n {
        if cand[i] <= 0.0 {
            continue;
        }
        let e = &els[i];
        let mut f = 1.0;
        if e.pos {
            f *= 1.3;
        }
        if neg_own[i] {
            f *= 0.3;
        }
        if matches!(e.tag, "article") {
            f *= 1.2;
        }
        let s = cand[i] * f;
        if s > best_score {
            best_score = s;
            best = i;
        }
    }
    if best == 0 {
        return MainText::default();
    }
    // Second view: the subtree with the most prose net of junk (link lists, short
    // lines, furniture). It finds articles whose paragraphs sit in deep, separate
    // wrappers (page builders), which the distance-limited scores above miss.
    let alpha = 1.0;
    let mut net = vec![0f64; n];
    for b in &flat.blocks {
        let e = b.el as usize;
        let c = b.chars as f64;
        if neg_any[e] {
            net[e] -= alpha * c;
        } else if is_prose(b) {
            net[e] += c;
        } else if !matches!(b.kind, Kind::Heading(_)) {
            net[e] -= alpha * c;
        }
    }
    sum_subtrees(els, &mut net);
    // When the chosen element holds only a small part of the page's prose, the story
    // is probably split over many wrappers: move up to the ancestor with the most
    // prose net of junk.
    let frac = 0.3;
    let total_good = sub[0].max(1);
    if (sub[best] as f64) < frac * total_good as f64 {
        let mut a = best;
        let mut bn = best;
        let mut bv = net[best];
        let mut steps = 0;
        while steps < 64 {
            let p = els[a].parent as usize;
            if p == a || p == 0 || matches!(els[p].tag, "html") {
                break;
            }
            a = p;
            steps += 1;
            if net[a] > bv * 1.02 {
                bv = net[a];
                bn = a;
            }
        }
        best = bn;
    }
    // A list is not a whole story: when the chosen element is a list and its parent
    // holds more prose (the intro and outro around a numbered list of tips), the
    // parent is the story.
    if matches!(els[best].tag, "ol" | "ul" | "dl") {
        let p = els[best].parent as usize;
        if p != 0 && p != best && sub[p] > sub[best] && !neg_any[p] {
            best = p;
        }
    }
    let dbg = std::env::var_os("CHRONICLE_EXTRACT_DEBUG").is_some();
    if dbg {
        let mut negs: Vec<(usize, usize)> = (0..n)
            .filter(|&i| {
                neg_own[i] && !(els[i].parent as usize != i && neg_any[els[i].parent as usize])
            })
            .map(|i| (raw_sub[i], i))
            .collect();
        negs.sort_unstable_by(|a, b| b.cmp(a));
        for (s, i) in negs.iter().take(5) {
            eprintln!(
                "neg el {i} <{}> raw prose {s} neg={}",
                els[*i].tag, els[*i].neg
            );
        }
        eprintln!(
            "best el {} <{}> score {:.1} sub {} total {}",
            best, els[best].tag, cand[best], sub[best], total
        );
    }
    let mut root = vec![false; n];
    root[best] = true;
    let twins = twin_wrappers(flat, &neg_any, &sub, best);
    if dbg {
        for &t in &twins {
            eprintln!(
                "twin el {t} <{}> depth {} prose {} (best depth {})",
                els[t].tag, els[t].depth, sub[t], els[best].depth
            );
        }
        for i in 1..n {
            if i != best && els[i].sig == els[best].sig && sub[i] > 0 && !twins.contains(&i) {
                eprintln!(
                    "same-sig el {i} depth {} psig-eq {} neg {} prose {}",
                    els[i].depth,
                    els[els[i].parent as usize].sig == els[els[best].parent as usize].sig,
                    neg_any[i],
                    sub[i]
                );
            }
        }
    }
    for &t in &twins {
        root[t] = true;
    }
    // In-region and furniture-below-region flags.
    let mut in_region = vec![false; n];
    let mut neg_in = vec![false; n];
    for i in 1..n {
        let p = els[i].parent as usize;
        if root[i] {
            in_region[i] = true;
            neg_in[i] = false;
        } else if p != i && in_region[p] {
            in_region[i] = true;
            neg_in[i] = neg_in[p] || (neg_own[i] && sub[i] * 2 <= sub[best].max(1));
        }
    }

    // The region's blocks, widened backwards to opening paragraphs that sit outside
    // the chosen element (an intro in a hero box).
    let lo = flat.blocks.iter().position(|b| in_region[b.el as usize]);
    let hi = flat.blocks.iter().rposition(|b| in_region[b.el as usize]);
    let (lo, hi) = match (lo, hi) {
        (Some(l), Some(h)) => (l, h),
        _ => return MainText::default(),
    };
    let ext_lo = widen_back(flat, &neg_any, lo, hi);
    if dbg {
        for (bi, b) in flat.blocks.iter().enumerate() {
            let e = &els[b.el as usize];
            let mut chain = Vec::new();
            let mut a = b.el as usize;
            while a != 0 && chain.len() < 12 {
                chain.push(a);
                a = els[a].parent as usize;
            }
            chain.reverse();
            eprintln!(
                "blk {bi} {} {:?} <{}> sig {:08x}/{:08x} neg {} {:?} ld {:.2} | {}",
                if bi < ext_lo || bi > hi { ' ' } else { '*' },
                chain,
                e.tag,
                e.sig,
                els[e.parent as usize].sig,
                u8::from(neg_any[b.el as usize]),
                b.kind,
                link_density(b),
                b.text
                    .chars()
                    .take(70)
                    .collect::<String>()
                    .replace('\n', " ")
            );
        }
    }
    // A questions-and-answers section printed just after the story.
    let faq = faq_after(flat, &raw_sub, hi);
    let mut in_faq = vec![false; flat.blocks.len()];
    for &j in &faq {
        in_faq[j] = true;
    }
    let mut out: Vec<(usize, &Block)> = Vec::new();
    let range = (ext_lo..=hi).chain(faq.iter().copied());
    for (bi, b) in range.filter_map(|bi| flat.blocks.get(bi).map(|b| (bi, b))) {
        let e = b.el as usize;
        if in_faq[bi] {
            // Kept whatever weak marks it carries (collapsed answers).
        } else if in_region[e] {
            if neg_in[e] && !embed_in[e] {
                continue;
            }
        } else if neg_any[e] {
            continue;
        }
        let ld = link_density(b);
        match b.kind {
            Kind::Caption | Kind::Heading(1) => continue,
            Kind::Heading(_) => {
                // A linked heading is a teaser unless it heads a section of the
                // region: prose follows it and no linked heading precedes it (a
                // list of linked headlines is a teaser list).
                let section = in_region[e]
                    && flat.blocks.get(bi + 1).is_some_and(is_prose)
                    && !bi
                        .checked_sub(1)
                        .and_then(|p| flat.blocks.get(p))
                        .is_some_and(is_linked_heading);
                if (ld > 0.5 && !section) || b.chars > 200 {
                    continue;
                }
            }
            _ => {
                // A long sentence with links in it (a news digest whose every item
                // links to its story) is text; a link list is not.
                let limit = if b.chars >= 100 && ends_sentence(&b.text) {
                    0.7
                } else {
                    0.5
                };
                // A table cell in the region is data: a linked name in it (a company
                // linking to its site) does not make it a link list.
                let cell = b.kind == Kind::Cell && in_region[e];
                if !cell && (ld > limit || (b.chars < 40 && ld > 0.3)) || is_placeholder(&b.text) {
                    continue;
                }
            }
        }
        if is_furniture_line(&b.text) {
            continue;
        }
        // A repeated line is dropped, but not a table cell (equal values in a row).
        if b.kind != Kind::Cell && out.last().is_some_and(|(_, l)| l.text == b.text) {
            continue;
        }
        out.push((bi, b));
    }
    // An "about the author" paragraph that closes the story (and what follows it).
    if let Some(j) = author_bio_start(flat, &out) {
        out.truncate(j);
    }
    // Trim short non-sentence lines at both edges (datelines, labels, tag lists),
    // when they are a few ([`EDGE_RUN_MAX`]): a longer run of them is a schedule or a
    // list that opens or closes the story. Table cells are never trimmed: a story
    // that ends with a table (standings, a ranking) would lose it cell by cell.
    let edge_junk = |b: &Block| {
        b.chars < 60
            && b.kind != Kind::Cell
            && !ends_sentence(&b.text)
            && !matches!(b.kind, Kind::Heading(_) if b.chars > 15)
    };
    let lead = out
        .iter()
        .take_while(|(_, b)| edge_junk(b) || matches!(b.kind, Kind::Heading(_)))
        .count();
    if lead <= EDGE_RUN_MAX {
        out.drain(..lead);
    }
    let trail = out
        .iter()
        .rev()
        .take_while(|(_, b)| edge_junk(b) || matches!(b.kind, Kind::Heading(_)))
        .count();
    if trail <= EDGE_RUN_MAX {
        out.truncate(out.len() - trail);
    } else {
        while out
            .last()
            .is_some_and(|(_, b)| matches!(b.kind, Kind::Heading(_)))
        {
            out.pop();
        }
    }
    let prose_chars = out
        .iter()
        .filter(|(_, b)| is_prose(b))
        .map(|(_, b)| b.chars)
        .sum();
    MainText {
        first_block: out.first().map(|(i, _)| *i),
        last_block: out.last().map(|(i, _)| *i),
        paragraphs: out.into_iter().map(|(_, b)| b.text.clone()).collect(),
        prose_chars,
    }
}
