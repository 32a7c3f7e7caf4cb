//! Lines that are site furniture by their form alone, wherever they stand: read-time
//! labels, photo credits and captions, source and tag lines, share/subscribe/cookie
//! calls to action, lone bylines and dates, gallery counters. Every pattern here is
//! general web-page vocabulary; none names a site.

use super::{ends_sentence, word_count};
use regex::Regex;
use std::sync::LazyLock;

/// Compiles a pattern with ASCII word boundaries (`\b` as `(?-u:\b)`): the keywords
/// are ASCII, and ASCII boundaries keep the fast matching engines usable.
fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).unwrap_or_else(|_| unreachable!())
}

static READ_TIME: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(^|[•|·]\s*)\d+\s*(min|mins|minute|minutes)\.?\s*(read|listen|watch)\b")
});
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(^|[/|(\[.]\s*)(photo|photos|image|images|picture|pictures|credit|credits|illustration|file photo|photograph|video)\s*(:|by\b|credit\b)|^(image )?caption\b",
    )
});
/// Picture agencies and stock libraries: a short line naming one is a credit.
static AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(getty images|shutterstock|istock(photo)?|ap photo|afp|reuters|epa|alamy|associated press)\b",
    )
});
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(source|sources|via|tags|topics|filed under|related|related articles|related stories|read more|read also|read next|also read|see also|see more|watch more|more from|more on|don't miss|recommended|editor's note|image source|copyright|advertisement|sponsored|listen|watch)\b\s*[:|]?",
    )
});
static FURNITURE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(subscribe|subscription|newsletter|cookies?|sign up|sign in|log in|login|follow us|download the app|contact us|all rights reserved|copyright|privacy policy|terms of (use|service)|advertisement|click here|skip to|back to top)\b|©",
    )
});
/// Words that mark furniture in short calls to action ("Share this article", "Comments
/// (12)") but are ordinary words in a story's sentences ("did not respond to a request
/// for comment.", "had shared its findings.").
static WEAK_FURNITURE_WORDS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(share|shares|shared|feedback|comments?)\b"));
/// Whole lines that are buttons or widget labels: share targets, gallery controls.
static BUTTON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(facebook|twitter|linkedin|pinterest|whatsapp|reddit|flipboard|instagram|telegram|tumblr|email|e-mail|print|mix|close|caption|report|reply|menu|search|next|previous|prev|more|back to gallery|view gallery|show more|load more|expand|enlarge|zoom|play|pause|(image|photo|slide|picture)\s*\d+\s*(of|/)[\s/]*\d*|view all( \(\d+\))?|\d+\s*(of|/)\s*\d+)[\s.:!]*$",
    )
});
/// A teaser cut short with a link to the rest ("… Read More", "[…]").
static TEASER_END: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(\[(…|\.\.\.)\]|(…|\.\.\.)\s*(read|continue reading|more|full story)\b.*|\b(read more|continue reading|read the full (story|article))\s*[»›>→]?)\s*$",
    )
});
static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(By|BY|by|Written by|Reporting by|Words by)\s+\p{Lu}"));
static HANDLE: LazyLock<Regex> = LazyLock::new(|| re(r"(^|\s)@\w{2,}"));
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^((updated|published|posted|last updated)\s*:?\s*)?((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2})\b[\d:\sapmgtuc.,+-]*$",
    )
});
static STAMP_WORD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(published|updated|posted|last modified)\b"));

/// Whole-line headings that open what follows a story: comments, related and popular
/// lists, author boxes, share bars.
static END_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(\d+\s+(comments?|responses?|replies)|comments?|leave a (reply|comment)|post a comment|add a comment|join the (discussion|conversation)|about the author|related( articles| stories| posts| coverage| news| content| links| reading)?|you (may|might) (also )?(like|enjoy|be interested( in)?)|more (stories|articles|news|videos)( from .{0,30})?|recommended( for you| stories| articles| reading)?|popular (posts|stories|articles|now)|most (read|popular|viewed|shared)|trending( now| news| stories)?|read (more|next)|what to read next|don'?t miss|latest (news|stories|posts|articles)|about me|share this( article| story| post)?|sharing is caring|tags|topics|filed under|see also|further reading|newsletter|sign up)[\s:.!»›…]*$",
    )
});

/// Whole-line headings that open a comment section or an author box: nothing of the
/// story comes after them.
static COMMENTS_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(\d+\s+(comments?|responses?|replies)|comments?|leave a (reply|comment)|post a comment|add a comment|join the (discussion|conversation)|about the author)[\s:.!»›…]*$",
    )
});

/// A heading that opens a comment section or an author box.
pub(super) fn is_comments_marker(s: &str) -> bool {
    let t = s.trim();
    word_count(t) <= 8 && COMMENTS_MARKER.is_match(t)
}

/// A heading that opens the furniture after a story (comments, related links, an
/// author box): the story does not run on past it.
pub(super) fn is_end_marker(s: &str) -> bool {
    let t = s.trim();
    word_count(t) <= 8 && END_MARKER.is_match(t)
}

/// Comment and feed furniture: "Ada says:", "32M ago", "5 hours ago", a name with a
/// time stamp.
static COMMENT_META: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(^\p{Lu}\S*(\s+\p{Lu}\S*){0,3}\s+(says|said|wrote|writes)\s*:$|(?i)^(about\s+)?\d+\s*(s|m|h|d|w|y|sec|secs|seconds?|min|mins|minutes?|hrs?|hours?|days?|weeks?|months?|years?)\s+ago$|\d{1,2}:\d{2}\s*(am|pm)$)",
    )
});
/// Site legal notices and comment-form boilerplate.
static LEGAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(user agreement|privacy policy|cookie policy|terms (of|and) (use|service|conditions)|all rights reserved|may not be reproduced|without (the )?prior written permission|(this|our) (site|website) (uses|constitutes)|use of this (site|website)|comment data is processed|(comment|submission|community|posting) (guidelines|rules|policy)|(information|content|material)s? (provided )?on this (web)?site|for (general )?informational purposes only|(does not|do not|is not intended to) (constitute|replace|be a substitute for) (professional |medical |legal |financial |investment )*advice|(have|has) not been evaluated by|(are|is a) (registered )?trademarks? of|not intended to (diagnose|treat|cure|prevent)|notify me (of|via|when)|save my name)\b",
    )
});
/// A paid-subscription offer: what is sold and what it costs.
static OFFER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(subscri(be|ber|bers|ption|ptions)|membership|members get|premium|paywall|unlimited access)\b.*([$€£¥₹]\s?\d|\brs\.?\s?\d|\bper (month|year|week)\b|\bfree trial\b|\bfirst (month|year)\b)",
    )
});
/// A call to action: an imperative opening and what it sells.
static CALL_TO_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(please\s+)?(subscribe|sign up|join|follow|listen|watch|get|download|click|tap|learn more|stay (current|updated|informed)|if you (enjoyed|liked))\b.*\b(subscribe|subscription|newsletter|sign up|channel|podcast|app|delivered|inbox|follow|twitter|facebook|instagram|youtube|members?|daily)\b",
    )
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| re(r"[\w.+-]+@[\w-]+\.[\w.]+"));

/// Furniture of an article's header: a byline, a date or time stamp, a picture credit,
/// a read-time label, a handle, a bare number. A story's headline, standfirst and
/// captions stand before it.
pub(super) fn is_header_furniture(s: &str) -> bool {
    let t = s.trim();
    let words = word_count(t);
    let sentence = ends_sentence(t);
    !t.chars().any(char::is_alphabetic)
        || (READ_TIME.is_match(t) && words < 20)
        || (CREDIT.is_match(t) && words < 60)
        || (words <= 8 && !sentence && AGENCY.is_match(t))
        || (words <= 12 && BYLINE.is_match(t) && !sentence)
        || (words <= 6 && !sentence && HANDLE.is_match(t))
        || (words <= 10 && DATE_LINE.is_match(t))
        || (words <= 16 && STAMP_WORD.is_match(t) && t.chars().any(|c| c.is_ascii_digit()))
}

/// A byline, date stamp or read-time label: what opens an article under its headline.
pub(super) fn is_byline_or_stamp(s: &str) -> bool {
    let t = s.trim();
    let words = word_count(t);
    let sentence = ends_sentence(t);
    (READ_TIME.is_match(t) && words < 20)
        || (words <= 12 && BYLINE.is_match(t) && !sentence)
        || (words <= 10 && DATE_LINE.is_match(t))
        || (words <= 16 && STAMP_WORD.is_match(t) && t.chars().any(|c| c.is_ascii_digit()))
}

/// A line that is site furniture by its form, wherever it stands (end markers, tested
/// apart by [`is_end_marker`], are furniture too).
pub(super) fn is_furniture(s: &str) -> bool {
    let t = s.trim();
    let words = word_count(t);
    let sentence = ends_sentence(t);
    let statement = words >= 6
        && t.trim_end_matches(['"', '\'', '”', '’', ')'])
            .ends_with('.');
    // Cheap tests (length, punctuation) go before each pattern.
    if !t.chars().any(char::is_alphabetic) {
        // Counters, bare numbers, separators.
        return true;
    }
    if (words <= 8 && BUTTON.is_match(t))
        || (words <= 10 && !sentence && COMMENT_META.is_match(t))
        || (words < 100 && LEGAL.is_match(t))
        || (words < 60 && OFFER.is_match(t))
        || (words < 30 && CALL_TO_ACTION.is_match(t))
        || (words < 30 && t.contains('@') && EMAIL.is_match(t))
        || (teaser_candidate(t) && TEASER_END.is_match(t))
        || (words < 20 && READ_TIME.is_match(t))
        || (words < 60 && CREDIT.is_match(t))
        || (words <= 8 && !sentence && AGENCY.is_match(t))
        || (words <= 12 && FURNITURE_WORDS.is_match(t))
        || (words <= 12 && !statement && WEAK_FURNITURE_WORDS.is_match(t))
        || (words <= 12 && !sentence && BYLINE.is_match(t))
        || (words <= 6 && !sentence && t.contains('@') && HANDLE.is_match(t))
        || (words <= 10 && DATE_LINE.is_match(t))
        || (words <= 16
            && !statement
            && t.chars().any(|c| c.is_ascii_digit())
            && STAMP_WORD.is_match(t))
    {
        return true;
    }
    if LABEL.is_match(t) {
        let head_words = t
            .split(':')
            .next()
            .map_or(0, |h| h.split_whitespace().count());
        if !sentence && (words < 25 || t.contains(':')) {
            return true;
        }
        if t.contains(':') && head_words <= 2 {
            return true;
        }
    }
    false
}

/// Whether a line could end like a cut teaser (an ellipsis, or "read" near its end).
fn teaser_candidate(t: &str) -> bool {
    if t.contains('…') || t.contains("...") {
        return true;
    }
    let tail_start = t.char_indices().rev().nth(30).map_or(0, |(i, _)| i);
    t[tail_start..].to_ascii_lowercase().contains("read")
}

#[cfg(test)]
mod tests {
    use super::{is_end_marker, is_furniture};

    #[test]
    fn furniture_by_form() {
        for line in [
            "4 MIN READ",
            "Jan 2, 2020 at 9:24 pm ET • 2 min read",
            "Harbour at dawn. Photo: Staff",
            "Image caption The pier at dawn",
            "Ada Quill | Picture Agency via Getty Images",
            "By Ada Quill | Coast Gazette",
            "Ada Quill @adaquill",
            "PUBLISHED: 10:48, Tue, Mar 2, 2021 | UPDATED: 11:05, Tue, Mar 2, 2021",
            "Updated Mar 2, 9:41 AM; Posted Mar 1, 8:19 PM",
            "Image 1 of 12",
            "3 / 12",
            "Close",
            "Pinterest",
            "0",
            "The council met again on Tuesday to argue about the wall and ... Read More",
            "The council met again on Tuesday to argue about the wall [...]",
            "SOURCE: Coast Gazette",
            "12 Comments",
            "Ada Quill says:",
            "32M ago",
            "5 hours ago",
            "Ben Ort March 2, 2021 - 1:01 pm",
            "Image 1 of / 1",
            "SEE MORE: Harbour wall vote splits the town",
            "Get full access to the Gazette with a premium subscription for $1 per month",
            "Please read our community guidelines before posting.",
            "The content on this website is for general informational purposes only.",
            "Gadget and Gadget Pro are registered trademarks of Example Inc.",
            "Subscribe to our video channel for all of the latest reviews and more!",
            "Follow the Gazette on Instagram, Facebook and Twitter.",
            "Have a tip? Ada Quill may be reached at ada@gazette.example.",
            "Use of this site constitutes acceptance of our User Agreement and Privacy Policy",
            "You may also like",
            "More stories from the coast",
        ] {
            assert!(
                is_furniture(line) || is_end_marker(line),
                "{line:?} should be furniture"
            );
        }
    }

    #[test]
    fn story_lines_are_not_furniture() {
        for line in [
            "The council voted on Tuesday to rebuild the sea wall.",
            "Near-term repairs likely",
            "The mayor says:",
            "The mayor said the report would be published next week, after the vote on 3 May.",
            "Close to 300 residents attended the meeting on the pier.",
            "She shared the photo with reporters after the vote.",
            "Get ready, the mayor told residents who had gathered on the pier.",
            "Readers who follow the council will know the wall has failed twice.",
        ] {
            assert!(
                !is_furniture(line) && !is_end_marker(line),
                "{line:?} should be kept"
            );
        }
    }
}
