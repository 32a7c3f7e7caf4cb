//! Builds the embedded lexical tables from their public sources:
//!
//! - the CAMEO verb pattern dictionary of the Phoenix/PETRARCH project
//!   (`phoenix-dictionaries/CAMEO.2.0.txt`, MIT licence), compacted into a table of verb
//!   forms → verb lemma → default CAMEO code and the noun/preposition patterns of its block;
//! - the CAMEO→PLOVER conversion table (`CAMEO2PLOVER-2021.txt`, CC BY-SA 4.0), as
//!   CAMEO code → (PLOVER category, mode, context).
//!
//! The result is written as gzip-compressed JSON (`models/events/tables.json.gz`) by
//! `cargo run -p chronicle-events --example build_tables -- DATA_DIR OUT_FILE`.

use crate::tables::{Pattern, PloverCode, Tables, Verb, FORMAT_VERSION};
use crate::EventsError;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

fn read(path: &Path) -> Result<String, EventsError> {
    std::fs::read_to_string(path).map_err(|source| EventsError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Builds the tables from the two source files.
pub fn build_tables(cameo_dict: &Path, cameo2plover: &Path) -> Result<Tables, EventsError> {
    let dict = read(cameo_dict)?;
    let map = read(cameo2plover)?;
    let mut t = Tables {
        version: FORMAT_VERSION,
        ..Tables::default()
    };
    parse_plover_map(&map, &mut t.plover).map_err(|(line, message)| EventsError::Table {
        file: cameo2plover.display().to_string(),
        line,
        message,
    })?;
    parse_verb_dictionary(&dict, &mut t).map_err(|(line, message)| EventsError::Table {
        file: cameo_dict.display().to_string(),
        line,
        message,
    })?;
    t.compile();
    Ok(t)
}

/// Serialises tables as gzip-compressed JSON.
pub fn write_tables(t: &Tables, out: &Path) -> Result<(), EventsError> {
    let json = serde_json::to_vec(t).map_err(EventsError::Json)?;
    let io = |source| EventsError::Io {
        path: out.display().to_string(),
        source,
    };
    let file = std::fs::File::create(out).map_err(io)?;
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    gz.write_all(&json).map_err(io)?;
    gz.finish().map_err(io)?;
    Ok(())
}

/// Parses `CODE: CATEGORY, mode, context # comment` lines.
pub(crate) fn parse_plover_map(
    src: &str,
    out: &mut BTreeMap<String, PloverCode>,
) -> Result<(), (usize, String)> {
    for (i, raw) in src.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('~') {
            continue;
        }
        let Some((code, rest)) = line.split_once(':') else {
            return Err((
                i + 1,
                format!("expected `CODE: CATEGORY, mode, context`: {raw}"),
            ));
        };
        let code = code.trim();
        if !code.chars().all(|c| c.is_ascii_digit()) {
            return Err((i + 1, format!("bad CAMEO code {code:?}")));
        }
        let mut parts = rest.split(',').map(|s| s.trim());
        let category = parts.next().unwrap_or("").to_string();
        if category.is_empty() {
            return Err((i + 1, "missing PLOVER category".into()));
        }
        let clean = |s: Option<&str>| {
            s.map(|s| s.trim().replace(' ', "_"))
                .filter(|s| !s.is_empty())
        };
        let mode = clean(parts.next());
        let context = clean(parts.next()).map(|c| c.replace(";_", ";"));
        // Two-digit lines head a block; keep the first mapping seen for each code.
        out.entry(code.to_string()).or_insert(PloverCode {
            category,
            mode,
            context,
        });
    }
    // CAMEO 01 (statements) and 02 (appeals) are dropped by PLOVER (manual, table 7.1).
    // We keep appeals as REQUEST (the PLOVER gold records code "urged"/"called on" so) and
    // "deny responsibility" (016) as REJECT, as the manual's note 2 allows.
    let appeal = [
        ("02", None, None),
        ("020", None, None),
        ("021", Some("assist"), None),
        ("0211", Some("assist"), Some("economic")),
        ("0212", Some("assist"), Some("military")),
        ("0213", Some("assist"), Some("legal")),
        ("0214", Some("assist"), Some("intelligence")),
        ("022", Some("assist"), Some("diplomatic")),
        ("023", Some("assist"), None),
        ("0231", Some("assist"), Some("economic")),
        ("0232", Some("assist"), Some("military")),
        ("0233", Some("assist"), Some("humanitarian")),
        ("0234", Some("assist"), Some("peacekeeping")),
        ("024", Some("change"), Some("political_institutions")),
        ("0241", Some("change"), Some("executive")),
        ("0242", Some("change"), Some("executive")),
        ("0243", Some("change"), Some("rights_freedoms")),
        ("0244", Some("change"), Some("political_institutions")),
        ("025", Some("yield"), None),
        ("0251", Some("yield"), Some("legal")),
        ("0252", Some("yield"), Some("legal")),
        ("0253", Some("yield"), Some("legal")),
        ("0254", Some("yield"), Some("economic")),
        ("0255", Some("yield"), Some("diplomatic")),
        ("0256", Some("yield"), Some("military")),
        ("026", Some("meet"), Some("diplomatic")),
        ("027", Some("meet"), Some("diplomatic")),
        ("028", Some("meet"), Some("diplomatic")),
    ];
    for (code, mode, context) in appeal {
        out.entry(code.to_string()).or_insert(PloverCode {
            category: "REQUEST".into(),
            mode: mode.map(str::to_string),
            context: context.map(str::to_string),
        });
    }
    out.entry("016".into()).or_insert(PloverCode {
        category: "REJECT".into(),
        mode: None,
        context: None,
    });
    Ok(())
}

/// Regular inflections of an English verb lemma (lower case).
pub(crate) fn inflect(lemma: &str) -> Vec<String> {
    let mut v = vec![lemma.to_string()];
    let ends = |s: &str| lemma.ends_with(s);
    let stem_y = lemma.len() > 1
        && ends("y")
        && !matches!(
            lemma.as_bytes().get(lemma.len().wrapping_sub(2)),
            Some(b'a' | b'e' | b'o' | b'u')
        );
    if stem_y {
        let base = &lemma[..lemma.len() - 1];
        v.push(format!("{base}ies"));
        v.push(format!("{base}ied"));
    } else if ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh") {
        v.push(format!("{lemma}es"));
        v.push(format!("{lemma}ed"));
    } else if ends("e") {
        v.push(format!("{lemma}s"));
        v.push(format!("{lemma}d"));
    } else {
        v.push(format!("{lemma}s"));
        v.push(format!("{lemma}ed"));
    }
    if ends("ee") || ends("ye") || ends("oe") {
        v.push(format!("{lemma}ing"));
    } else if ends("e") && lemma.len() > 2 {
        v.push(format!("{}ing", &lemma[..lemma.len() - 1]));
    } else {
        v.push(format!("{lemma}ing"));
    }
    v
}

/// Normalises a dictionary word: lower case, `_` between words → space, trailing `_` dropped.
fn norm_word(w: &str) -> String {
    w.trim_matches(|c| c == '+' || c == '{' || c == '}')
        .trim_end_matches('_')
        .replace('_', " ")
        .to_lowercase()
}

/// Parses the synonym sets and the verb pattern blocks.
fn parse_verb_dictionary(src: &str, t: &mut Tables) -> Result<(), (usize, String)> {
    let mut synsets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut section = 0u8; // 1 = synonyms, 2 = verbs
    let mut cur_syn: Option<String> = None;
    // Current block: default code, verb indices, pattern indices.
    let mut block_code: Option<String> = None;
    let mut block_verbs: Vec<usize> = Vec::new();
    let mut block_patterns: Vec<u32> = Vec::new();
    let flush = |t: &mut Tables, verbs: &mut Vec<usize>, pats: &mut Vec<u32>| {
        for &vi in verbs.iter() {
            if let Some(v) = t.verbs.get_mut(vi) {
                v.patterns.extend(pats.iter().copied());
            }
        }
        verbs.clear();
        pats.clear();
    };
    for (i, raw) in src.lines().enumerate() {
        let lineno = i + 1;
        if raw.starts_with("####### SYNONYM") {
            section = 1;
            continue;
        }
        if raw.starts_with("####### VERB") {
            section = 2;
            continue;
        }
        if raw.starts_with("########") {
            flush(t, &mut block_verbs, &mut block_patterns);
            break;
        }
        let line = raw.split('#').next().unwrap_or("").trim_end();
        if line.trim().is_empty() {
            continue;
        }
        match section {
            1 => {
                if let Some(name) = line.strip_prefix('&') {
                    cur_syn = Some(name.trim().to_string());
                } else if let (Some(name), Some(w)) = (&cur_syn, line.trim().strip_prefix('+')) {
                    synsets.entry(name.clone()).or_default().push(norm_word(w));
                }
            }
            2 => {
                let l = line.trim();
                if l.starts_with("---") {
                    flush(t, &mut block_verbs, &mut block_patterns);
                    block_code = bracket_code(l);
                } else if let Some(p) = l.strip_prefix('-') {
                    let pattern =
                        parse_pattern(p, &synsets).map_err(|m| (lineno, format!("{m}: {raw}")))?;
                    if let Some(p) = pattern {
                        block_patterns.push(t.patterns.len() as u32);
                        t.patterns.push(p);
                    }
                } else if l.starts_with('~') || l.starts_with('&') {
                    continue;
                } else {
                    // A verb line: WORD {FORMS} [code]
                    let (words, code) = match l.find('[') {
                        Some(b) => (&l[..b], bracket_code(&l[b..])),
                        None => (l, block_code.clone()),
                    };
                    let (head, irregular) = match words.find('{') {
                        Some(b) => (&words[..b], Some(&words[b..])),
                        None => (words, None),
                    };
                    let lemma = norm_word(head.trim());
                    if lemma.is_empty() {
                        continue;
                    }
                    let vi = t.verbs.len();
                    t.verbs.push(Verb {
                        lemma: lemma.clone(),
                        code,
                        patterns: Vec::new(),
                    });
                    block_verbs.push(vi);
                    let mut forms: Vec<String> = Vec::new();
                    match irregular {
                        Some(irr) => {
                            forms.push(lemma.clone());
                            forms.extend(
                                irr.split(|c: char| c.is_whitespace() || c == ',')
                                    .map(norm_word)
                                    .filter(|w| !w.is_empty()),
                            );
                            // Irregular lists may omit regular forms (e.g. only -ing).
                            if !lemma.contains(' ') && forms.len() < 4 {
                                for f in inflect(&lemma) {
                                    if !forms.contains(&f) {
                                        forms.push(f);
                                    }
                                }
                            }
                        }
                        None => match lemma.split_once(' ') {
                            Some((first, rest)) => forms
                                .extend(inflect(first).into_iter().map(|f| format!("{f} {rest}"))),
                            None => forms.extend(inflect(&lemma)),
                        },
                    }
                    for f in forms {
                        t.forms.entry(f).or_insert(vi as u32);
                    }
                }
            }
            _ => {}
        }
    }
    if t.verbs.is_empty() {
        return Err((
            0,
            "no verb blocks found (is this the CAMEO verb dictionary?)".into(),
        ));
    }
    Ok(())
}

/// The first non-empty code inside `[...]`; `---` means no code.
fn bracket_code(s: &str) -> Option<String> {
    let start = s.find('[')?;
    let end = s[start..].find(']')? + start;
    let inner = &s[start + 1..end];
    inner
        .split(':')
        .map(str::trim)
        .find(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit()))
        .map(str::to_string)
}

/// Parses the text after `-` of a pattern line.
fn parse_pattern(
    p: &str,
    synsets: &BTreeMap<String, Vec<String>>,
) -> Result<Option<Pattern>, String> {
    let Some(b) = p.find('[') else {
        return Err("pattern without a code".into());
    };
    let code = bracket_code(&p[b..]);
    let body = &p[..b];
    let mut pre: Vec<Vec<String>> = Vec::new();
    let mut post: Vec<Vec<String>> = Vec::new();
    let mut seen_verb = false;
    let mut passive = false;
    for tok in
        body.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == '{' || c == '}')
    {
        let tok = tok.trim();
        if tok.is_empty() {
            continue;
        }
        if tok == "*" {
            seen_verb = true;
            continue;
        }
        if matches!(tok, "$" | "+" | "^" | "%" | "=" | "|") {
            if tok == "$" && seen_verb {
                passive = true;
            }
            continue;
        }
        let alts: Vec<String> = if let Some(name) = tok.strip_prefix('&') {
            match synsets.get(name) {
                Some(ws) => ws.clone(),
                None => vec![norm_word(name)],
            }
        } else {
            vec![norm_word(tok)]
        };
        let alts: Vec<String> = alts.into_iter().filter(|w| !w.is_empty()).collect();
        if alts.is_empty() {
            continue;
        }
        if seen_verb {
            post.push(alts);
        } else {
            pre.push(alts);
        }
    }
    if pre.is_empty() && post.is_empty() {
        return Ok(None);
    }
    Ok(Some(Pattern {
        pre,
        post,
        code,
        passive,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflects_regular_verbs() {
        let f = inflect("supply");
        assert!(f.contains(&"supplied".to_string()));
        assert!(f.contains(&"supplies".to_string()));
        assert!(f.contains(&"supplying".to_string()));
        let f = inflect("agree");
        assert!(f.contains(&"agreed".to_string()) && f.contains(&"agreeing".to_string()));
        let f = inflect("accuse");
        assert!(f.contains(&"accusing".to_string()) && f.contains(&"accused".to_string()));
    }

    #[test]
    fn parses_a_small_dictionary_and_map() {
        let dict = "####### SYNONYM SETS #######\n&ARMS\n+WEAPON\n+MISSILE\n\n\
                    ####### VERB PATTERNS #######\n---  GIVE   [070]  ---\nGIVE {GIVES GAVE GIVEN GIVING}\n\
                    HAND [---]\n- * &ARMS (TO)   [072]  # GIVE\n- * ASSURANCE [030]\n\
                    ######## TRANSFORMATIONS ##########\n";
        let map = "07: AID\n070: AID,  , # Provide aid\n072: AID, , military # x\n";
        let mut t = Tables::default();
        parse_plover_map(map, &mut t.plover).expect("map");
        parse_verb_dictionary(dict, &mut t).expect("dict");
        t.compile();
        assert_eq!(t.verbs.len(), 2);
        let gave = t.forms.get("gave").copied().expect("irregular form");
        assert_eq!(t.verbs[gave as usize].code.as_deref(), Some("070"));
        let hand = t.forms.get("handed").copied().expect("regular form");
        assert_eq!(t.verbs[hand as usize].code, None);
        assert_eq!(t.patterns.len(), 2);
        assert_eq!(t.patterns[0].post[0], vec!["weapon", "missile"]);
        assert_eq!(t.plover["072"].context.as_deref(), Some("military"));
        assert_eq!(t.plover["021"].category, "REQUEST");
    }

    #[test]
    fn rejects_malformed_map_lines() {
        let mut m = BTreeMap::new();
        assert!(parse_plover_map("07 AID\n", &mut m).is_err());
        assert!(parse_plover_map("x7: AID\n", &mut m).is_err());
    }
}
