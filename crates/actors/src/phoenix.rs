//! Reader for the Phoenix/PETRARCH actor and agent dictionaries (TABARI format).
//!
//! An actor entry is a name line (`VLADIMIR_PUTIN_`), optional `+ALIAS` lines and
//! code lines (`[RUSGOV >080508]`, `[RUSGOV 120507-240514]`, `[IGOUNO]`), which
//! may also sit on the name line. Underscores are spaces; a trailing underscore
//! marks a word end; `#` starts a comment. Dates are `YYMMDD` or `YYYYMMDD`;
//! `>D` means "from D", `<D` "until D". Agent lines are `NOUN {PLURALS} [~SEC]`
//! with `!PERSON!`-style macros.

use crate::data::RoleRec;
use chrono::NaiveDate;

/// One actor entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoenixEntry {
    /// Head name, as written (underscores turned to spaces, upper case).
    pub name: String,
    /// Other names, as written.
    pub aliases: Vec<String>,
    /// Roles (code lines that parsed).
    pub roles: Vec<RoleRec>,
    /// Comment text on the entry's lines.
    pub comment: String,
    /// Whether the head line carried a bare three-letter code (a country block head).
    pub block_head: bool,
    /// 1-based line of the head.
    pub line: usize,
}

/// Sector codes recognised in the second slot of a Phoenix code.
pub const SECTORS: &[&str] = &[
    "GOV", "MIL", "COP", "REB", "OPP", "BUS", "MED", "CVL", "JUD", "LEG", "PTY", "ELI", "EDU",
    "REL", "HLH", "REF", "SPY", "UAF", "LAB", "AGR", "CRM", "ENV", "DEV", "HRI", "INS", "SEP",
    "MNC", "JRN", "NGO", "IGO", "MOD", "RAD", "MUS", "CHR", "JEW", "BUD", "HIN",
];

fn clean_name(raw: &str) -> String {
    raw.trim()
        .trim_start_matches('+')
        .replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parse a `YYMMDD` or `YYYYMMDD` date (two-digit years ≤ 30 are 20xx).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    let m: u32 = rest[..2].parse().ok()?;
    let d: u32 = rest[2..].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m.max(1), d.max(1))
}

/// Parse the inside of one `[...]` code group. `None` for `[---]`, agent codes and junk.
pub fn parse_code(inner: &str) -> Option<RoleRec> {
    let mut parts = inner.split_whitespace();
    let code = parts.next()?;
    if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let mut role = RoleRec {
        code: code[..3].to_string(),
        sector: None,
        office: None,
        title: None,
        from: None,
        until: None,
        phoenix: (code.len() > 6).then(|| code.to_string()),
    };
    if code.len() >= 6 {
        let sec = &code[3..6];
        if SECTORS.contains(&sec) {
            role.sector = Some(sec.to_string());
        }
    }
    if let Some(d) = parts.next() {
        if let Some(x) = d.strip_prefix('>') {
            role.from = parse_date(x);
        } else if let Some(x) = d.strip_prefix('<') {
            role.until = parse_date(x);
        } else if let Some((a, b)) = d.split_once('-') {
            role.from = parse_date(a);
            role.until = parse_date(b);
        }
    }
    Some(role)
}

/// Split a line into (text before any code/comment, code groups, comment).
fn split_line(line: &str) -> (&str, Vec<&str>, &str) {
    let (body, comment) = match line.find('#') {
        Some(i) => (&line[..i], &line[i + 1..]),
        None => (line, ""),
    };
    let mut codes = Vec::new();
    let text_end = body.find('[').unwrap_or(body.len());
    let mut rest = &body[text_end..];
    while let Some(s) = rest.find('[') {
        let Some(e) = rest[s..].find(']') else { break };
        codes.push(&rest[s + 1..s + e]);
        rest = &rest[s + e + 1..];
    }
    (&body[..text_end], codes, comment)
}

/// Parse an actor dictionary.
pub fn parse_actors(src: &str) -> Vec<PhoenixEntry> {
    let mut out: Vec<PhoenixEntry> = Vec::new();
    let mut cur: Option<PhoenixEntry> = None;
    for (n, line) in src.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (text, codes, comment) = split_line(line);
        let starts_ws = line.starts_with([' ', '\t']);
        let text = text.trim();
        if let Some(alias) = text.strip_prefix('+') {
            if let Some(e) = cur.as_mut() {
                let a = clean_name(alias);
                if !a.is_empty() {
                    e.aliases.push(a);
                }
                e.roles.extend(codes.iter().filter_map(|c| parse_code(c)));
            }
            continue;
        }
        if text.is_empty() || starts_ws && text.is_empty() {
            if let Some(e) = cur.as_mut() {
                e.roles.extend(codes.iter().filter_map(|c| parse_code(c)));
                if !comment.trim().is_empty() {
                    e.comment.push(' ');
                    e.comment.push_str(comment.trim());
                }
            }
            continue;
        }
        if let Some(e) = cur.take() {
            out.push(e);
        }
        let name = clean_name(text);
        let block_head = codes.len() == 1 && {
            let c = codes[0].trim();
            c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())
        };
        cur = Some(PhoenixEntry {
            name,
            aliases: Vec::new(),
            roles: codes.iter().filter_map(|c| parse_code(c)).collect(),
            comment: comment.trim().to_string(),
            block_head,
            line: n + 1,
        });
    }
    if let Some(e) = cur.take() {
        out.push(e);
    }
    out
}

/// Parse the agents dictionary into `(phrase, sector)` pairs, plurals and macros expanded.
pub fn parse_agents(src: &str) -> Vec<(String, String)> {
    let mut macros: Vec<(String, Vec<String>)> = Vec::new();
    let mut out = Vec::new();
    for line in src.lines() {
        let line = match line.find('#') {
            Some(i) => &line[..i],
            None => line,
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!') {
            if let Some((name, vals)) = line.split_once('=') {
                macros.push((
                    name.trim().to_string(),
                    vals.split(',').map(|v| v.trim().to_string()).collect(),
                ));
            }
            continue;
        }
        let Some(open) = line.find("[~") else {
            continue;
        };
        let Some(close) = line[open..].find(']') else {
            continue;
        };
        let code = &line[open + 2..open + close];
        if code.len() < 3 {
            continue;
        }
        let sector = code[..3].to_string();
        let head = &line[..open];
        let (noun, plurals) = match head.find('{') {
            Some(i) => {
                let end = head[i..].find('}').map_or(head.len(), |e| i + e);
                (&head[..i], Some(&head[i + 1..end]))
            }
            None => (head, None),
        };
        let mut forms: Vec<String> = vec![noun.trim().to_string()];
        match plurals {
            Some(p) if !p.trim().is_empty() => {
                forms.extend(p.split(',').map(|s| s.trim().to_string()));
            }
            _ => {
                let n = noun.trim();
                if !n.contains('!') {
                    forms.push(if n.ends_with('Y') && !n.ends_with("AY") {
                        format!("{}IES", &n[..n.len() - 1])
                    } else if n.ends_with('S') || n.ends_with("CH") || n.ends_with("SH") {
                        format!("{n}ES")
                    } else {
                        format!("{n}S")
                    });
                }
            }
        }
        for form in forms {
            let mut expanded = vec![form];
            for (m, vals) in &macros {
                expanded = expanded
                    .into_iter()
                    .flat_map(|f| {
                        if f.contains(m.as_str()) {
                            vals.iter().map(|v| f.replace(m.as_str(), v)).collect()
                        } else {
                            vec![f]
                        }
                    })
                    .collect();
            }
            for f in expanded {
                let phrase = clean_name(&f).to_lowercase();
                if !phrase.is_empty() && !phrase.contains('!') {
                    out.push((phrase, sector.clone()));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# comment\nRUSSIA_  [RUS]\n+RUSSIAN\n+MOSCOW_ \n\nIVAN_PETROV_  # note\n+PETROV\n\t[RUSGOV 120507-240514]\n\t[RUSELI]\nX_ORG_\t[IGOUNOIAE] # Agency\n";

    #[test]
    fn entries_aliases_and_dated_roles_parse() {
        let e = parse_actors(SAMPLE);
        assert_eq!(e.len(), 3);
        assert!(e[0].block_head);
        assert_eq!(e[0].aliases, ["RUSSIAN", "MOSCOW"]);
        let p = &e[1];
        assert_eq!(p.name, "IVAN PETROV");
        assert_eq!(p.roles.len(), 2);
        assert_eq!(p.roles[0].sector.as_deref(), Some("GOV"));
        assert_eq!(p.roles[0].from, NaiveDate::from_ymd_opt(2012, 5, 7));
        assert_eq!(p.roles[0].until, NaiveDate::from_ymd_opt(2024, 5, 14));
        assert_eq!(e[2].roles[0].code, "IGO");
        assert_eq!(e[2].roles[0].phoenix.as_deref(), Some("IGOUNOIAE"));
        assert!(!e[2].block_head);
    }

    #[test]
    fn dates_and_open_bounds() {
        assert_eq!(parse_date("991231"), NaiveDate::from_ymd_opt(1999, 12, 31));
        assert_eq!(parse_date("20040309"), NaiveDate::from_ymd_opt(2004, 3, 9));
        assert_eq!(parse_date("2004017"), None);
        let r = parse_code("USAGOV >080508").expect("code");
        assert!(r.from.is_some() && r.until.is_none());
        assert!(parse_code("---").is_none());
    }

    #[test]
    fn agents_expand_plurals_and_macros() {
        let src = "!PERSON! = MAN, MEN\nPOLICE {} [~COP]\nSOLDIER [~MIL]\nARMY {ARMIES} [~MIL]\nBUSINESS!PERSON! [~BUS]\n";
        let a = parse_agents(src);
        let has = |p: &str, s: &str| a.iter().any(|(x, y)| x == p && y == s);
        assert!(has("police", "COP"));
        assert!(has("soldiers", "MIL"));
        assert!(has("armies", "MIL"));
        assert!(has("businessmen", "BUS"));
    }
}
