//! Choosing between the page's headline (`<h1>`) and the titles its metadata gives.

use super::norm;

/// The metadata title when it is the headline with a number the headline leaves out:
/// a count before it or a year after it ("8 Recent trends in photography" for the
/// headline "Recent trends in photography", "Best tutoring platforms 2025"). Listicle
/// counts and years are part of the article's title; layouts often print them apart
/// (a big numeral, a badge). `candidates` are titles with the site name removed.
pub(super) fn numbered_variant<'a>(headline: &str, candidates: &'a [String]) -> Option<&'a str> {
    let hn = norm(headline);
    if hn.is_empty() {
        return None;
    }
    candidates
        .iter()
        .find(|c| {
            let cn = norm(c);
            let extra = if let Some(rest) = cn.strip_suffix(hn.as_str()) {
                rest
            } else if let Some(rest) = cn.strip_prefix(hn.as_str()) {
                rest
            } else {
                return false;
            };
            let words: Vec<&str> = extra.split_whitespace().collect();
            // The extra part is whole words (the match ends at a word boundary).
            let bounded = extra.starts_with(' ') || extra.ends_with(' ');
            bounded
                && (1..=2).contains(&words.len())
                && words
                    .iter()
                    .all(|w| w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_or_year_left_out_of_the_headline_comes_back() {
        let c = vec!["8 Recent Trends in Photography".to_string()];
        assert_eq!(
            numbered_variant("Recent Trends in Photography", &c),
            Some("8 Recent Trends in Photography")
        );
        let c = vec!["Best Tutoring Platforms 2025".to_string()];
        assert_eq!(
            numbered_variant("Best Tutoring Platforms", &c),
            Some("Best Tutoring Platforms 2025")
        );
        // Words other than numbers, or a number glued to a word, are no variant.
        let c = vec![
            "Recent Trends in Photography Today".to_string(),
            "Recent Trends in Photography2".to_string(),
        ];
        assert_eq!(numbered_variant("Recent Trends in Photography", &c), None);
        assert_eq!(numbered_variant("Trends", &["Trends".to_string()]), None);
    }
}
