//! Antecedents of pronoun speakers inside the same sentence.
//!
//! A reporting clause embedded in a relative or complement clause ("Norway froze the
//! assets of two firms that it said had carried weapons") has a pronoun subject whose
//! antecedent is usually the subject of a clause governing it in the same sentence. This
//! module climbs the dependency parse from the pronoun and returns the linked entity of
//! the nearest governing subject that agrees with the pronoun: "it" with a state or an
//! organisation named by a singular noun, "they" with a state, an organisation or a
//! group, "he"/"she" with a person. The caller falls back on the previous speaker when
//! nothing here fits.

use chronicle_core::{EntityType, Mention, Span, Token};

/// What a third-person subject pronoun can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Referent {
    /// "it": a state or an organisation, named by a singular noun.
    Neuter,
    /// "they": a state, an organisation or a group.
    Plural,
    /// "he", "she": a person.
    Person,
}

impl Referent {
    fn of(word: &str) -> Option<Referent> {
        match word.to_lowercase().as_str() {
            "it" => Some(Referent::Neuter),
            "they" => Some(Referent::Plural),
            "he" | "she" => Some(Referent::Person),
            _ => None,
        }
    }
}

/// Words that, just before the pronoun, open the embedded clause that holds the reporting
/// verb ("firms that it said ...", "reports, which he said ...").
const OPENERS: &[&str] = &["that", "which", "who", "whom", "what"];

/// Dependents that are not part of a subject's noun phrase when its words are gathered.
const CLAUSAL: &[&str] = &[
    "acl",
    "acl:relcl",
    "advcl",
    "ccomp",
    "xcomp",
    "parataxis",
    "conj",
    "cc",
    "punct",
];

/// The entity the pronoun speaker at `pron` refers to, from the subject of a clause that
/// governs its reporting verb in the same sentence; `None` when the parse gives no
/// agreeing subject with a linked entity.
///
/// `parse` holds the tokens of each sentence (heads 1-based within the sentence); `si`
/// is the index of the sentence that should hold the pronoun (else the sentence whose
/// tokens reach it is used). Subjects inside the statement's own `content` and subjects after the
/// pronoun are never taken, nor a noun whose relative clause holds the pronoun.
pub(crate) fn governing_subject(
    text: &str,
    parse: &[Vec<Token>],
    si: usize,
    pron: Span,
    content: &[Span],
    mentions: &[Mention],
) -> Option<String> {
    let referent = Referent::of(text.get(pron.start as usize..pron.end as usize)?)?;
    let (toks, p) = locate(parse, si, pron)?;
    let tree = Tree::new(toks);
    let lower = |k: usize| {
        toks.get(k)
            .and_then(|t| text.get(t.span.start as usize..t.span.end as usize))
            .map(str::to_lowercase)
            .unwrap_or_default()
    };
    // A parenthetical reporting clause ("Tusk will regret it, he said") hangs from its own
    // content by `parataxis`: climbing through it is allowed only when the clause is
    // opened as an embedded one ("..., which he said were ...").
    let opened = p > 0 && OPENERS.contains(&lower(p - 1).as_str());
    // Mentions in this sentence with a linked entity.
    let sentence = Span {
        start: toks.first().map_or(0, |t| t.span.start),
        end: toks.last().map_or(0, |t| t.span.end),
    };
    let linked: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.entity.is_some() && m.span.overlaps(&sentence))
        .collect();
    let mut on_path = vec![false; toks.len()];
    on_path[p] = true;
    let mut cur = p;
    while let Some(h) = tree.head(cur) {
        if cur != p && tree.rel(cur).starts_with("parataxis") && !opened {
            break;
        }
        if on_path[h] {
            break;
        }
        on_path[h] = true;
        cur = h;
        // The clause's subjects before the pronoun, nearest first.
        let found = tree.children[h]
            .iter()
            .rev()
            .copied()
            .filter(|&c| tree.rel(c).starts_with("nsubj") && !on_path[c])
            .filter(|&c| toks[c].span.end <= pron.start)
            .filter(|&c| !content.iter().any(|s| s.overlaps(&toks[c].span)))
            .find_map(|c| agreeing_entity(&tree, c, referent, &linked));
        if found.is_some() {
            return found;
        }
    }
    None
}

/// A sentence's tokens with each token's dependents.
struct Tree<'a> {
    toks: &'a [Token],
    children: Vec<Vec<usize>>,
}

impl<'a> Tree<'a> {
    fn new(toks: &'a [Token]) -> Self {
        let mut children = vec![Vec::new(); toks.len()];
        for k in 0..toks.len() {
            if let Some(h) = head_of(toks, k) {
                children[h].push(k);
            }
        }
        Tree { toks, children }
    }

    /// The 0-based index of token `k`'s head, `None` for the root or a bad index.
    fn head(&self, k: usize) -> Option<usize> {
        head_of(self.toks, k)
    }

    /// Token `k`'s dependency relation ("" when unknown).
    fn rel(&self, k: usize) -> &str {
        self.toks
            .get(k)
            .and_then(|t| t.deprel.as_deref())
            .unwrap_or("")
    }
}

/// The sentence tokens and the index of the token spanning exactly `pron`: first in
/// sentence `si`, else in the sentence whose tokens reach it.
fn locate(parse: &[Vec<Token>], si: usize, pron: Span) -> Option<(&[Token], usize)> {
    let find = |toks: &Vec<Token>| toks.iter().position(|t| t.span == pron);
    if let Some(k) = parse.get(si).and_then(find) {
        return parse.get(si).map(|t| (t.as_slice(), k));
    }
    let i = parse.partition_point(|toks| toks.last().is_some_and(|t| t.span.end <= pron.start));
    parse
        .get(i)
        .and_then(|toks| find(toks).map(|k| (toks.as_slice(), k)))
}

/// The linked entity of the subject headed by token `c` when it agrees with the pronoun.
fn agreeing_entity(
    tree: &Tree<'_>,
    c: usize,
    referent: Referent,
    linked: &[&Mention],
) -> Option<String> {
    let t = tree.toks.get(c)?;
    if t.upos.as_deref() == Some("PRON") {
        return None;
    }
    // Coordinated subjects ("Britain and France") are plural; so is a plural common noun.
    let coordinated = tree.children[c].iter().any(|&k| tree.rel(k) == "conj");
    let plural_noun = t.xpos.as_deref() == Some("NNS");
    if referent != Referent::Plural && (coordinated || plural_noun) {
        return None;
    }
    let np = phrase(tree, c);
    // The mention over the head word decides when there is one ("Norway's finance
    // ministry" is Norway's; "the EU's envoy, Y" is Y for "she" and the EU for "it").
    let at_head = linked.iter().any(|m| m.span.overlaps(&t.span));
    let fits = linked
        .iter()
        .copied()
        .filter(|m| m.span.overlaps(&np) && agrees(m, referent));
    let pick = if at_head {
        fits.filter(|m| m.span.overlaps(&t.span))
            .max_by_key(|m| m.span.len())
    } else {
        fits.min_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.len())))
    };
    pick.and_then(|m| m.entity.clone())
}

/// Whether a linked mention can be what the pronoun refers to.
fn agrees(m: &Mention, referent: Referent) -> bool {
    let person = match m.entity.as_deref().and_then(|e| e.split_once(':')) {
        Some(("person", _)) => true,
        Some(_) => false,
        None => m.kind == EntityType::Per,
    };
    match referent {
        Referent::Person => person,
        Referent::Neuter | Referent::Plural => !person,
    }
}

/// The span of the noun phrase headed by token `c`: the head and its dependents other
/// than clauses, conjuncts and punctuation.
fn phrase(tree: &Tree<'_>, c: usize) -> Span {
    let mut seen = vec![false; tree.toks.len()];
    let mut stack = vec![c];
    let (mut start, mut end) = (u32::MAX, 0);
    while let Some(k) = stack.pop() {
        if seen.get(k).copied().unwrap_or(true) {
            continue;
        }
        seen[k] = true;
        if let Some(t) = tree.toks.get(k) {
            start = start.min(t.span.start);
            end = end.max(t.span.end);
        }
        stack.extend(
            tree.children[k]
                .iter()
                .copied()
                .filter(|&d| !CLAUSAL.contains(&tree.rel(d))),
        );
    }
    Span {
        start: start.min(end),
        end,
    }
}

/// The 0-based index of token `k`'s head, `None` for the root or a bad index.
fn head_of(toks: &[Token], k: usize) -> Option<usize> {
    let h = toks.get(k)?.head? as usize;
    (h >= 1 && h <= toks.len()).then(|| h - 1)
}

#[cfg(test)]
mod tests {
    use crate::{code_with, tables::Tables, text::split_sentences, Annotations};
    use chronicle_core::{Mention, Span, Token};
    use chrono::NaiveDate;

    /// Tokens for `text` from rows `word UPOS XPOS head deprel`, one sentence per block
    /// (blocks separated by `|`); each word is found in the text after the previous one.
    fn parse_of(text: &str, rows: &str) -> Vec<Vec<Token>> {
        let mut at = 0;
        let mut out = Vec::new();
        for block in rows.split('|') {
            let mut sent = Vec::new();
            for row in block.lines().map(str::trim).filter(|r| !r.is_empty()) {
                let f: Vec<&str> = row.split_whitespace().collect();
                assert_eq!(f.len(), 5, "row {row}");
                let start = at + text[at..].find(f[0]).expect("word in text");
                at = start + f[0].len();
                sent.push(Token {
                    span: Span::new(start, at),
                    upos: Some(f[1].into()),
                    xpos: Some(f[2].into()),
                    lemma: None,
                    head: f[3].parse().ok(),
                    deprel: Some(f[4].into()),
                });
            }
            out.push(sent);
        }
        out
    }

    /// For each statement of `text` (coded with the parse `rows`, or without a parse when
    /// `rows` is empty): speaker words, resolved entity, and the actor code of a mention
    /// of that entity in the article.
    fn speakers(text: &str, rows: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let date = NaiveDate::from_ymd_opt(2024, 4, 10);
        let tables = Tables::load().expect("tables");
        let gaz = chronicle_actors::Gazetteer::load().expect("gazetteer");
        let mentions: Vec<Mention> = gaz
            .link(text, date)
            .iter()
            .map(|m| m.to_mention())
            .collect();
        let parse = parse_of(text, rows);
        let sentences = split_sentences(text);
        let times = chronicle_time::annotate(text, date);
        let ann = Annotations {
            sentences: &sentences,
            parse: (!rows.trim().is_empty()).then_some(parse.as_slice()),
            mentions: &mentions,
            times: &times,
        };
        code_with(tables, text, date, &ann)
            .statements
            .iter()
            .map(|s| {
                let code = s.speaker_entity.as_ref().and_then(|e| {
                    mentions
                        .iter()
                        .find(|m| m.entity.as_ref() == Some(e) && m.code.is_some())
                        .and_then(|m| m.code.clone())
                });
                let words = &text[s.speaker.start as usize..s.speaker.end as usize];
                (words.to_string(), s.speaker_entity.clone(), code)
            })
            .collect()
    }

    fn pronoun<'a>(
        v: &'a [(String, Option<String>, Option<String>)],
        word: &str,
    ) -> &'a (String, Option<String>, Option<String>) {
        v.iter()
            .find(|s| s.0 == word)
            .expect("a statement with the pronoun as speaker")
    }

    const RELATIVE: &str =
        "Norway froze the assets of two shipping firms that it said had carried weapons to Sudan.";
    const RELATIVE_PARSE: &str = "
        Norway PROPN NNP 2 nsubj
        froze VERB VBD 0 root
        the DET DT 4 det
        assets NOUN NNS 2 obj
        of ADP IN 8 case
        two NUM CD 8 nummod
        shipping NOUN NN 8 compound
        firms NOUN NNS 4 nmod
        that PRON WDT 11 obj
        it PRON PRP 11 nsubj
        said VERB VBD 8 acl:relcl
        had AUX VBD 13 aux
        carried VERB VBN 11 ccomp
        weapons NOUN NNS 13 obj
        to ADP IN 16 case
        Sudan PROPN NNP 13 obl
        . PUNCT . 2 punct";

    #[test]
    fn a_relative_clause_speaker_is_the_governing_subject() {
        let v = speakers(RELATIVE, RELATIVE_PARSE);
        let it = pronoun(&v, "it");
        assert_eq!(it.1.as_deref(), Some("country:NOR"));
        assert_eq!(it.2.as_deref(), Some("NOR"));
        // Without a parse there is nothing to climb and no earlier speaker.
        let bare = speakers(RELATIVE, "");
        assert_eq!(pronoun(&bare, "it").1, None);
    }

    #[test]
    fn a_possessive_organisation_subject_gives_its_state() {
        let text = "Norway's finance ministry fined three firms that it said had broken the rules.";
        let v = speakers(
            text,
            "Norway PROPN NNP 4 nmod:poss
             's PART POS 1 case
             finance NOUN NN 4 compound
             ministry NOUN NN 5 nsubj
             fined VERB VBD 0 root
             three NUM CD 7 nummod
             firms NOUN NNS 12 nsubj
             that PRON WDT 10 obj
             it PRON PRP 10 nsubj
             said VERB VBD 7 acl:relcl
             had AUX VBD 12 aux
             broken VERB VBN 5 ccomp
             the DET DT 14 det
             rules NOUN NNS 12 obj
             . PUNCT . 5 punct",
        );
        let it = pronoun(&v, "it");
        assert_eq!(it.1.as_deref(), Some("country:NOR"));
        assert_eq!(it.2.as_deref(), Some("NOR"));
    }

    #[test]
    fn an_organisation_subject_resolves_it() {
        let text = "The European Union fined three airlines that it said had flown arms to Libya.";
        let v = speakers(
            text,
            "The DET DT 3 det
             European ADJ NNP 3 amod
             Union PROPN NNP 4 nsubj
             fined VERB VBD 0 root
             three NUM CD 6 nummod
             airlines NOUN NNS 4 obj
             that PRON WDT 9 obj
             it PRON PRP 9 nsubj
             said VERB VBD 6 acl:relcl
             had AUX VBD 11 aux
             flown VERB VBN 4 advcl
             arms NOUN NNS 11 obj
             to ADP IN 14 case
             Libya PROPN NNP 11 obl
             . PUNCT . 4 punct",
        );
        let it = pronoun(&v, "it");
        assert_eq!(it.1.as_deref(), Some("igo:eu"));
        assert_eq!(it.2.as_deref(), Some("IGO"));
    }

    #[test]
    fn a_person_subject_resolves_he_through_an_opened_parenthetical() {
        // The parser hangs "which he said" from the relative clause by `parataxis`.
        let text = "Sergei Lavrov rejected the accusations, which he said were invented in Warsaw.";
        let v = speakers(
            text,
            "Sergei PROPN NNP 3 nsubj
             Lavrov PROPN NNP 1 flat
             rejected VERB VBD 0 root
             the DET DT 5 det
             accusations NOUN NNS 3 obj
             , PUNCT , 9 punct
             which PRON WDT 9 obj
             he PRON PRP 9 nsubj
             said VERB VBD 11 parataxis
             were AUX VBD 11 aux:pass
             invented VERB VBN 3 advcl
             in ADP IN 13 case
             Warsaw PROPN NNP 11 obl
             . PUNCT . 3 punct",
        );
        let he = pronoun(&v, "he");
        assert_eq!(he.1.as_deref(), Some("person:sergei-lavrov"));
        assert_eq!(he.2.as_deref(), Some("RUS"));
    }

    #[test]
    fn a_plural_subject_is_passed_over_for_it() {
        // "the companies" governs the relative clause but cannot be "it"; the subject of
        // the clause above it can.
        let text = "Canada said on Friday that the companies, which it said were controlled by Russian banks, had been fined.";
        let v = speakers(
            text,
            "Canada PROPN NNP 2 nsubj
             said VERB VBD 0 root
             on ADP IN 4 case
             Friday PROPN NNP 2 obl
             that SCONJ IN 13 mark
             the DET DT 7 det
             companies NOUN NNS 13 nsubj:pass
             , PUNCT , 11 punct
             which PRON WDT 11 obj
             it PRON PRP 11 nsubj
             said VERB VBD 13 parataxis
             were AUX VBD 13 aux:pass
             controlled VERB VBN 20 advcl
             by ADP IN 16 case
             Russian ADJ JJ 16 amod
             banks NOUN NNS 13 obl:agent
             , PUNCT , 13 punct
             had AUX VBD 20 aux
             been AUX VBN 20 aux:pass
             fined VERB VBN 2 ccomp
             . PUNCT . 2 punct",
        );
        let it = pronoun(&v, "it");
        assert_eq!(it.1.as_deref(), Some("country:CAN"));
        assert_eq!(it.2.as_deref(), Some("CAN"));
    }

    #[test]
    fn coordinated_subjects_resolve_they_but_not_it() {
        let text = "Britain and France froze the assets of four banks that they said had financed the militia.";
        let rows = "Britain PROPN NNP 4 nsubj
             and CCONJ CC 3 cc
             France PROPN NNP 1 conj
             froze VERB VBD 0 root
             the DET DT 6 det
             assets NOUN NNS 14 nsubj
             of ADP IN 9 case
             four NUM CD 9 nummod
             banks NOUN NNS 6 nmod
             that PRON WDT 12 obj
             they PRON PRP 12 nsubj
             said VERB VBD 9 acl:relcl
             had AUX VBD 14 aux
             financed VERB VBN 4 ccomp
             the DET DT 16 det
             militia NOUN NN 14 obj
             . PUNCT . 4 punct";
        let v = speakers(text, rows);
        let they = pronoun(&v, "they");
        assert_eq!(they.1.as_deref(), Some("country:GBR"));
        assert_eq!(they.2.as_deref(), Some("GBR"));
        let it_text = text.replace("they", "it");
        let it_rows = rows.replace("they PRON", "it PRON");
        let v = speakers(&it_text, &it_rows);
        assert_eq!(pronoun(&v, "it").1, None);
    }

    #[test]
    fn an_unsuitable_governing_subject_keeps_the_previous_speaker() {
        // "Officials" is plural and unlinked: "it" keeps the earlier speaker, Japan.
        let text = "Japan said on Monday it would act. Officials froze the accounts of two firms that it said had funded the militia.";
        let v = speakers(
            text,
            "Japan PROPN NNP 2 nsubj
             said VERB VBD 0 root
             on ADP IN 4 case
             Monday PROPN NNP 2 obl
             it PRON PRP 7 nsubj
             would AUX MD 7 aux
             act VERB VB 2 ccomp
             . PUNCT . 2 punct
             |
             Officials NOUN NNS 2 nsubj
             froze VERB VBD 0 root
             the DET DT 4 det
             accounts NOUN NNS 2 obj
             of ADP IN 7 case
             two NUM CD 7 nummod
             firms NOUN NNS 4 nmod
             that SCONJ IN 10 mark
             it PRON PRP 10 nsubj
             said VERB VBD 4 acl:relcl
             had AUX VBD 12 aux
             funded VERB VBN 10 ccomp
             the DET DT 14 det
             militia NOUN NN 14 obj
             . PUNCT . 2 punct",
        );
        let it = pronoun(&v, "it");
        assert_eq!(it.1.as_deref(), Some("country:JPN"));
        assert_eq!(it.2.as_deref(), Some("JPN"));
    }

    #[test]
    fn a_state_subject_is_not_taken_for_he() {
        // "he" cannot be Russia: the previous speaker, Lavrov, stays.
        let text = "Sergei Lavrov said the talks had failed. Russia closed two consulates that he said were used by spies.";
        let v = speakers(
            text,
            "Sergei PROPN NNP 3 nsubj
             Lavrov PROPN NNP 1 flat
             said VERB VBD 0 root
             the DET DT 5 det
             talks NOUN NNS 7 nsubj
             had AUX VBD 7 aux
             failed VERB VBN 3 ccomp
             . PUNCT . 3 punct
             |
             Russia PROPN NNP 2 nsubj
             closed VERB VBD 0 root
             two NUM CD 4 nummod
             consulates NOUN NNS 2 obj
             that PRON WDT 7 obj
             he PRON PRP 7 nsubj
             said VERB VBD 9 parataxis
             were AUX VBD 9 aux:pass
             used VERB VBN 4 acl
             by ADP IN 11 case
             spies NOUN NNS 9 obl:agent
             . PUNCT . 2 punct",
        );
        let he = pronoun(&v, "he");
        assert_eq!(he.1.as_deref(), Some("person:sergei-lavrov"));
        assert_eq!(he.2.as_deref(), Some("RUS"));
    }

    #[test]
    fn a_parenthetical_speaker_never_takes_a_subject_of_its_content() {
        // "he said" hangs from its content by `parataxis`, as in UD: the subject of the
        // content (Tusk) is not the speaker; the previous speaker (Lavrov) stays.
        let text = "Sergei Lavrov said on Monday that Moscow would answer. Donald Tusk will regret the decision, he said.";
        let v = speakers(
            text,
            "Sergei PROPN NNP 3 nsubj
             Lavrov PROPN NNP 1 flat
             said VERB VBD 0 root
             on ADP IN 5 case
             Monday PROPN NNP 3 obl
             that SCONJ IN 9 mark
             Moscow PROPN NNP 9 nsubj
             would AUX MD 9 aux
             answer VERB VB 3 ccomp
             . PUNCT . 3 punct
             |
             Donald PROPN NNP 4 nsubj
             Tusk PROPN NNP 1 flat
             will AUX MD 4 aux
             regret VERB VB 0 root
             the DET DT 6 det
             decision NOUN NN 4 obj
             , PUNCT , 9 punct
             he PRON PRP 9 nsubj
             said VERB VBD 4 parataxis
             . PUNCT . 4 punct",
        );
        let he = pronoun(&v, "he");
        assert_eq!(he.1.as_deref(), Some("person:sergei-lavrov"));
        assert_eq!(he.2.as_deref(), Some("RUS"));
    }

    #[test]
    fn malformed_parses_do_not_panic() {
        // A head out of range, a cycle through the pronoun's clause ("said" and "firms"
        // head each other), and a parse of other text.
        let text = "Norway froze the assets of two firms that it said had carried arms.";
        let rows = "Norway PROPN NNP 2 nsubj
             froze VERB VBD 99 root
             the DET DT 4 det
             assets NOUN NNS 2 obj
             of ADP IN 7 case
             two NUM CD 7 nummod
             firms NOUN NNS 10 nmod
             that PRON WDT 10 obj
             it PRON PRP 10 nsubj
             said VERB VBD 7 acl:relcl
             had AUX VBD 12 aux
             carried VERB VBN 10 ccomp
             arms NOUN NNS 12 obj
             . PUNCT . 2 punct";
        let v = speakers(text, rows);
        assert_eq!(pronoun(&v, "it").1, None);
        let parse = parse_of(text, rows);
        let pron = parse[0][8].span;
        let other = vec![vec![Token {
            span: Span::new(0, 3),
            upos: None,
            xpos: None,
            lemma: None,
            head: Some(1),
            deprel: None,
        }]];
        assert_eq!(
            super::governing_subject(text, &other, 5, pron, &[], &[]),
            None
        );
    }

    #[test]
    fn a_very_long_chain_is_climbed_in_linear_time() {
        // "Norway said that it said that it said ..." parsed as one long chain of
        // complement clauses: the innermost pronoun still finds Norway.
        let n = 3000;
        let mut text = String::from("Norway said");
        for _ in 0..n {
            text.push_str(" that it said");
        }
        text.push_str(" so.");
        let mentions = vec![Mention {
            span: Span::new(0, 6),
            kind: chronicle_core::EntityType::Gpe,
            entity: Some("country:NOR".into()),
            code: Some("NOR".into()),
            sector: None,
        }];
        let mut toks = Vec::new();
        let mut at = 0;
        let mut push = |w: &str, head: usize, rel: &str, toks: &mut Vec<Token>| {
            let start = at + text[at..].find(w).unwrap_or(0);
            at = start + w.len();
            toks.push(Token {
                span: Span::new(start, at),
                upos: Some(if w == "it" { "PRON" } else { "X" }.into()),
                xpos: None,
                lemma: None,
                head: Some(head as u32),
                deprel: Some(rel.into()),
            });
        };
        push("Norway", 2, "nsubj", &mut toks);
        push("said", 0, "root", &mut toks);
        for i in 0..n {
            let said = 2 + 3 * (i + 1);
            push("that", said, "mark", &mut toks);
            push("it", said, "nsubj", &mut toks);
            push("said", said - 3, "ccomp", &mut toks);
        }
        let last = toks.len() - 2;
        let pron = toks[last].span;
        let parse = vec![toks];
        assert_eq!(
            super::governing_subject(&text, &parse, 0, pron, &[], &mentions).as_deref(),
            Some("country:NOR")
        );
    }
}
