//! RSS and Atom feeds through `feed-rs`. Items that carry the full text
//! (`content:encoded`, Atom `<content>`) become articles, their HTML turned to text;
//! items with only a summary (`<description>`, Atom `<summary>`) are kept with the
//! summary as text and marked [`FeedItem::summary_only`].

use crate::{html_to_text, ExtractError};
use chronicle_core::PubDate;

/// Items whose full text is shorter than this (in characters) count as summaries.
const MIN_FULL_TEXT: usize = 200;

/// One feed item.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// Item title.
    pub title: Option<String>,
    /// Item link.
    pub url: Option<String>,
    /// Author names, comma-separated.
    pub author: Option<String>,
    /// Publication (else update) date.
    pub date: Option<PubDate>,
    /// Text: the full text, or the summary when `summary_only`.
    pub text: String,
    /// Only a summary was available.
    pub summary_only: bool,
    /// The feed's title (the publisher, usually).
    pub feed_title: Option<String>,
}

/// Parses an RSS 0.9x/1.0/2.0, Atom or JSON Feed document into items.
pub fn read_feed(bytes: &[u8]) -> Result<Vec<FeedItem>, ExtractError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ExtractError::Empty);
    }
    let feed = feed_rs::parser::parse(bytes).map_err(|e| ExtractError::Feed(e.to_string()))?;
    let feed_title = feed.title.as_ref().map(|t| t.content.trim().to_string());
    let mut items = Vec::with_capacity(feed.entries.len());
    for e in feed.entries {
        let full = e
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .map(html_to_text)
            .unwrap_or_default();
        let summary = e
            .summary
            .as_ref()
            .map(|s| html_to_text(&s.content))
            .unwrap_or_default();
        let (text, summary_only) =
            if full.chars().count() >= MIN_FULL_TEXT || (!full.is_empty() && summary.is_empty()) {
                (full, false)
            } else if !summary.is_empty() {
                (summary, true)
            } else {
                (full, true)
            };
        let authors: Vec<String> = e
            .authors
            .iter()
            .map(|p| p.name.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        let date = e
            .published
            .or(e.updated)
            .map(|d| PubDate::day(d.date_naive()));
        items.push(FeedItem {
            title: e
                .title
                .map(|t| html_to_text(&t.content))
                .filter(|t| !t.is_empty()),
            url: e.links.first().map(|l| l.href.clone()),
            author: (!authors.is_empty()).then(|| authors.join(", ")),
            date,
            text,
            summary_only,
            feed_title: feed_title.clone(),
        });
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Coast Gazette</title><link>https://gazette.example/</link><description>News</description>
<item><title>Harbour wall vote</title><link>https://gazette.example/2021/03/07/wall</link>
<dc:creator>Ada Quill</dc:creator><pubDate>Sun, 07 Mar 2021 09:00:00 GMT</pubDate>
<description>The council voted.</description>
<content:encoded><![CDATA[<p>The council of the harbour town voted on Tuesday to rebuild the sea wall that failed in the winter storms, after a long debate.</p><p>The mayor said work would begin in spring and last two years, paid for by a regional grant that covers most of the cost.</p>]]></content:encoded></item>
<item><title>Market day moved</title><link>https://gazette.example/2021/03/08/market</link>
<pubDate>Mon, 08 Mar 2021 09:00:00 GMT</pubDate><description>Market day moves to Thursday.</description></item>
</channel></rss>"#;

    #[test]
    fn full_text_and_summary_items() {
        let items = read_feed(RSS.as_bytes()).unwrap_or_default();
        assert_eq!(items.len(), 2);
        let a = &items[0];
        assert!(!a.summary_only);
        assert!(a.text.contains("rebuild the sea wall"));
        assert!(a.text.contains("\n\n"), "paragraphs kept: {:?}", a.text);
        assert_eq!(a.author.as_deref(), Some("Ada Quill"));
        assert_eq!(
            a.date.as_ref().map(|d| d.value.as_str()),
            Some("2021-03-07")
        );
        assert_eq!(a.feed_title.as_deref(), Some("Coast Gazette"));
        let b = &items[1];
        assert!(b.summary_only);
        assert_eq!(b.text, "Market day moves to Thursday.");
    }

    #[test]
    fn bad_feeds_are_errors() {
        assert!(matches!(read_feed(b""), Err(ExtractError::Empty)));
        assert!(matches!(
            read_feed(b"<rss><channel><item>"),
            Err(ExtractError::Feed(_)) | Ok(_)
        ));
        assert!(read_feed(b"this is not xml at all").is_err());
    }
}
