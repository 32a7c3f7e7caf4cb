//! Text readers: seed-style dated text (`date YYYY-MM-DD <title>` first line) and
//! plain text.

use chronicle_core::{DateParseError, PubDate};

/// What a seed-style file's header lines say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SeedHeader {
    /// Publication date from the `date` line.
    pub date: Option<PubDate>,
    /// The real headline.
    pub title: Option<String>,
    /// A section label found where the headline should be ("WORLD").
    pub section: Option<String>,
    /// Author(s) from a `By ...` line.
    pub byline: Option<String>,
    /// Outlet from a `By Name, Outlet` line.
    pub source: Option<String>,
    /// The body text that follows the header lines.
    pub body: String,
}

/// Reads seed-style text. Returns `Ok(None)` when the first non-blank line is not a
/// `date YYYY-MM-DD ...` line, and an error when it is but the date does not parse.
///
/// When the text after the date is a section label (a short upper-case word such as
/// "WORLD") the headline is the first following line that is neither a read-time label
/// ("4 MIN READ") nor blank.
pub fn parse_seed_text(text: &str) -> Result<Option<SeedHeader>, DateParseError> {
    let trimmed = text.trim_start();
    let Some(first_end) = trimmed.find('\n').or(Some(trimmed.len())) else {
        return Ok(None);
    };
    let first = trimmed[..first_end].trim();
    let Some(rest) = first.strip_prefix("date ") else {
        return Ok(None);
    };
    let rest = rest.trim_start();
    let (date_str, after) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, ""),
    };
    let date = PubDate::parse(date_str)?;
    let mut lines: Vec<&str> = trimmed[first_end..].lines().collect();
    let mut header = SeedHeader {
        date: Some(date),
        ..SeedHeader::default()
    };
    if after.is_empty() || is_section_label(after) {
        if !after.is_empty() {
            header.section = Some(after.to_string());
        }
        // The headline is the first line that is not furniture.
        let mut i = 0;
        while i < lines.len() && (lines[i].trim().is_empty() || is_read_time_label(lines[i])) {
            i += 1;
        }
        if i < lines.len() && looks_like_headline(lines[i]) {
            header.title = Some(lines[i].trim().to_string());
            i += 1;
        }
        lines.drain(..i.min(lines.len()));
    } else {
        header.title = Some(after.to_string());
    }
    take_byline(&mut lines, &mut header);
    take_outlet_line(&mut lines, &mut header);
    header.body = lines.join("\n").trim().to_string();
    Ok(Some(header))
}

/// Reads plain text without a date line: a short first line without final punctuation
/// is taken as the headline; a `By ...` line near the top as the byline.
pub fn parse_plain_text(text: &str) -> SeedHeader {
    let mut lines: Vec<&str> = text.trim().lines().collect();
    let mut header = SeedHeader::default();
    if lines.len() > 1 && looks_like_headline(lines[0]) {
        header.title = Some(lines[0].trim().to_string());
        lines.remove(0);
    }
    take_byline(&mut lines, &mut header);
    take_outlet_line(&mut lines, &mut header);
    header.body = lines.join("\n").trim().to_string();
    header
}

/// Removes a `By Name[, Outlet]` line among the first three non-blank lines.
fn take_byline(lines: &mut Vec<&str>, header: &mut SeedHeader) {
    let candidates = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .take(3)
        .map(|(i, _)| i)
        .collect::<Vec<_>>();
    for i in candidates {
        let line = lines[i].trim();
        let Some(who) = line
            .strip_prefix("By ")
            .or_else(|| line.strip_prefix("by "))
        else {
            continue;
        };
        if who.len() > 120 || who.ends_with('.') && who.split_whitespace().count() > 8 {
            continue;
        }
        let mut parts = who.splitn(2, [',', '|']);
        let name = parts.next().unwrap_or("").trim();
        let outlet = parts.next().map(str::trim).filter(|s| !s.is_empty());
        if name.is_empty() || !name.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        header.byline = Some(name.to_string());
        header.source = outlet.map(str::to_string);
        lines.remove(i);
        return;
    }
}

/// Removes an outlet line such as `Meridian Wire — Vienna` (outlet, dash, dateline
/// place) when it is the first non-blank line of the body and no outlet is known yet.
fn take_outlet_line(lines: &mut Vec<&str>, header: &mut SeedHeader) {
    if header.source.is_some() {
        return;
    }
    let Some(i) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return;
    };
    let line = lines[i].trim();
    let Some((outlet, place)) = line.split_once(" — ").or_else(|| line.split_once(" - ")) else {
        return;
    };
    let outlet = outlet.trim();
    let outlet_words: Vec<&str> = outlet.split_whitespace().collect();
    let short = line.split_whitespace().count() <= 12 && !line.ends_with('.');
    let named = (1..=5).contains(&outlet_words.len())
        && outlet_words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !outlet_words
            .iter()
            .all(|w| w.chars().all(|c| !c.is_lowercase()));
    if short && named && !place.trim().is_empty() {
        header.source = Some(outlet.to_string());
        lines.remove(i);
    }
}

/// "WORLD", "POLITICS", "ASIA PACIFIC": one to three upper-case words.
fn is_section_label(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (1..=3).contains(&words)
        && s.len() <= 40
        && s.chars().any(char::is_alphabetic)
        && s.chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase() || c == '&')
}

/// "4 MIN READ", "3 min read", "Reading time: 5 minutes".
fn is_read_time_label(s: &str) -> bool {
    let l = s.trim().to_ascii_lowercase();
    l.len() <= 32
        && (l.ends_with("min read")
            || l.ends_with("mins read")
            || l.ends_with("minute read")
            || l.ends_with("minutes read")
            || l.starts_with("reading time"))
}

/// A short line that does not end like a sentence.
fn looks_like_headline(s: &str) -> bool {
    let s = s.trim();
    let words = s.split_whitespace().count();
    (2..=30).contains(&words) && s.len() <= 250 && !s.ends_with('.') && !s.ends_with(',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_on_the_date_line() {
        let h =
            parse_seed_text("date 2024-02-01 Ministers meet in Oslo\nThe ministers met.\nMore.")
                .expect("date parses")
                .expect("seed style");
        assert_eq!(
            h.date.map(|d| d.date_string()).as_deref(),
            Some("2024-02-01")
        );
        assert_eq!(h.title.as_deref(), Some("Ministers meet in Oslo"));
        assert_eq!(h.body, "The ministers met.\nMore.");
        assert_eq!(h.section, None);
    }

    #[test]
    fn section_label_then_read_time_then_headline() {
        let text = "date 2024-02-05 WORLD\n3 MIN READ\nTalks stall over port access\nDelegates left early.\n";
        let h = parse_seed_text(text)
            .expect("date parses")
            .expect("seed style");
        assert_eq!(h.section.as_deref(), Some("WORLD"));
        assert_eq!(h.title.as_deref(), Some("Talks stall over port access"));
        assert_eq!(h.body, "Delegates left early.");
    }

    #[test]
    fn byline_with_outlet() {
        let text = "date 2024-02-05 Title here\nBy Ana Ruiz, The Harbor Ledger\nBody sentence.";
        let h = parse_seed_text(text).expect("ok").expect("seed");
        assert_eq!(h.byline.as_deref(), Some("Ana Ruiz"));
        assert_eq!(h.source.as_deref(), Some("The Harbor Ledger"));
        assert_eq!(h.body, "Body sentence.");
    }

    #[test]
    fn outlet_dateline_line() {
        let text =
            "date 2024-02-05 Title here\nLakeside Courier — Geneva (via Wire)\nBody sentence.";
        let h = parse_seed_text(text).expect("ok").expect("seed");
        assert_eq!(h.source.as_deref(), Some("Lakeside Courier"));
        assert_eq!(h.body, "Body sentence.");
        // A dateline that opens the story is not an outlet line.
        let text = "date 2024-02-05 Title here\nGENEVA — Talks resumed on Monday after a pause.";
        let h = parse_seed_text(text).expect("ok").expect("seed");
        assert_eq!(h.source, None);
        assert!(h.body.starts_with("GENEVA"));
    }

    #[test]
    fn bad_date_is_an_error_and_plain_text_is_none() {
        assert!(parse_seed_text("date 2024-13-45 Title\nBody").is_err());
        assert_eq!(parse_seed_text("Just a story.\nWith lines."), Ok(None));
    }

    #[test]
    fn plain_text_headline() {
        let h = parse_plain_text("Storm hits coast\nWinds reached 100 km/h.\n");
        assert_eq!(h.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(h.body, "Winds reached 100 km/h.");
        let h = parse_plain_text("One sentence only.");
        assert_eq!(h.title, None);
    }
}
