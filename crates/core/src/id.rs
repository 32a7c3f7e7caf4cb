//! Stable identifiers.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable article identifier: 16 hex digits of a BLAKE3 hash of the canonical URL,
/// or, when there is no URL, of the normalised text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    /// The id of an article with this URL (canonicalised first, see [`canonical_url`]).
    pub fn from_url(url: &str) -> Self {
        Self::hash("url", &canonical_url(url))
    }

    /// The id of an article without a URL, from its text (normalised first, see
    /// [`normalise_text`]).
    pub fn from_text(text: &str) -> Self {
        Self::hash("text", &normalise_text(text))
    }

    /// The id for an article: from its URL if it has one, else from its text.
    pub fn for_article(url: Option<&str>, text: &str) -> Self {
        match url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(u) => Self::from_url(u),
            None => Self::from_text(text),
        }
    }

    fn hash(domain: &str, value: &str) -> Self {
        let mut hasher = blake3::Hasher::new();
        hasher.update(domain.as_bytes());
        hasher.update(&[0]);
        hasher.update(value.as_bytes());
        let hex = hasher.finalize().to_hex();
        ArticleId(hex[..16].to_string())
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Canonical form of a URL for identity: lower-case scheme and host, no `www.`, no
/// fragment, no tracking parameters (`utm_*`, `fbclid`, `gclid`), no trailing slash,
/// `http` and `https` treated alike.
pub fn canonical_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let (scheme_less, _) = match url.find("://") {
        Some(i) => (&url[i + 3..], &url[..i]),
        None => (url, ""),
    };
    let (host_part, rest) = match scheme_less.find(['/', '?']) {
        Some(i) => (&scheme_less[..i], &scheme_less[i..]),
        None => (scheme_less, ""),
    };
    let host = host_part.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let (path, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let path = path.trim_end_matches('/');
    let mut out = format!("{host}{path}");
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|p| {
                let key = p.split('=').next().unwrap_or("").to_ascii_lowercase();
                !(key.is_empty()
                    || key.starts_with("utm_")
                    || key == "fbclid"
                    || key == "gclid"
                    || key == "ref")
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

/// Text normalised for identity: Unicode whitespace runs collapsed to one space,
/// trimmed, lower-cased.
pub fn normalise_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_variants_share_an_id() {
        let a = ArticleId::from_url("https://www.Example.com/news/a-story/?utm_source=x#top");
        let b = ArticleId::from_url("http://example.com/news/a-story");
        assert_eq!(a, b);
        let c = ArticleId::from_url("http://example.com/news/other-story");
        assert_ne!(a, c);
    }

    #[test]
    fn text_ids_ignore_whitespace_and_case() {
        let a = ArticleId::from_text("Hello  world.\r\nSecond line");
        let b = ArticleId::from_text("hello world. second line ");
        assert_eq!(a, b);
        assert_eq!(a.as_str().len(), 16);
        assert_ne!(a, ArticleId::from_text("hello world, second line"));
    }

    #[test]
    fn url_and_text_ids_differ_in_domain() {
        assert_ne!(ArticleId::from_url("abc"), ArticleId::from_text("abc"));
        assert_eq!(
            ArticleId::for_article(Some("  "), "abc"),
            ArticleId::from_text("abc")
        );
    }

    #[test]
    fn meaningful_query_parameters_are_kept() {
        assert_eq!(
            canonical_url("https://x.org/a?id=3&utm_medium=y"),
            "x.org/a?id=3"
        );
    }
}
