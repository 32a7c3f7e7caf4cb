//! Bad input: empty text, huge sentences without punctuation, control
//! characters, mixed scripts and emoji must give bounded output, no panic.

use chronicle_nlp::{split_sentences, tokenize, Pipeline};

/// Deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const PIECES: &[&str] = &[
    "the",
    "U.S.",
    "Mr.",
    "don't",
    "it's",
    ".",
    "!",
    "?",
    "\"",
    "'",
    "(",
    ")",
    "-",
    "—",
    "...",
    "\n",
    "\n\n",
    " ",
    " ",
    " ",
    "\t",
    "\u{0}",
    "\u{7}",
    "\u{1b}[0m",
    "\r\n",
    "😀",
    "👩‍👩‍👧",
    "中文",
    "العربية",
    "Ελληνικά",
    "e\u{301}",
    "\u{200b}",
    "\u{feff}",
    "http://x.org/a?b=c",
    "a@b.co",
    "1,000.5",
    "$",
    "%",
    "WASHINGTON",
    "(AP)",
    "can't",
    "gonna",
    "n't",
    "'s",
    "ﬁ",
    "İ",
    "ß",
    "DUNNO",
    "cannot",
    "WWW.X.COM/A",
    "–",
    "\u{212a}",
    "x.EDU.",
    "’s",
];

fn random_text(rng: &mut Rng, pieces: usize) -> String {
    let mut s = String::new();
    for _ in 0..pieces {
        s.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
        if rng.next() % 3 == 0 {
            s.push(' ');
        }
    }
    s
}

fn check_spans(text: &str, spans: &[chronicle_core::Span]) {
    let mut last = 0u32;
    for s in spans {
        assert!(s.start >= last && s.end > s.start && s.end as usize <= text.len());
        assert!(text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize));
        last = s.end;
    }
}

#[test]
fn random_texts_segment_without_panics() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for _ in 0..300 {
        let n = (rng.next() % 80) as usize;
        let t = random_text(&mut rng, n);
        check_spans(&t, &tokenize(&t));
        check_spans(&t, &split_sentences(&t));
    }
}

#[test]
fn two_megabytes_without_punctuation_segment_in_bounded_pieces() {
    let t = "word ".repeat(400_000);
    let toks = tokenize(&t);
    assert_eq!(toks.len(), 400_000);
    let sents = split_sentences(&t);
    assert_eq!(sents.len(), 1);
    let blob = "x".repeat(2_000_000);
    let toks = tokenize(&blob);
    assert!(toks.iter().all(|s| s.len() <= 256));
    check_spans(&blob, &toks);
}

#[test]
fn pipeline_handles_bad_input() {
    let Ok(p) = Pipeline::load() else {
        // Untrained checkout: loading must fail with an error, not a panic.
        return;
    };
    assert!(p.annotate("").sentences.is_empty());
    assert!(p
        .annotate(" \n\t\u{0} ")
        .tokens
        .iter()
        .all(|t| !t.is_empty()));
    let long = "word ".repeat(20_000);
    let doc = p.annotate(&long);
    let n: usize = doc.tokens.iter().map(Vec::len).sum();
    assert_eq!(n, 20_000);
    assert!(doc
        .tokens
        .iter()
        .all(|s| s.len() <= chronicle_nlp::pipeline::MAX_SENTENCE_WORDS));
    let mut rng = Rng(42);
    for _ in 0..40 {
        let n = (rng.next() % 60) as usize;
        let t = random_text(&mut rng, n);
        let doc = p.annotate(&t);
        assert_eq!(doc.sentences.len(), doc.tokens.len());
        for (s, toks) in doc.sentences.iter().zip(&doc.tokens) {
            check_spans(&t, &toks.iter().map(|x| x.span).collect::<Vec<_>>());
            let roots = toks.iter().filter(|x| x.head == Some(0)).count();
            assert_eq!(roots, 1);
            assert!(toks
                .iter()
                .all(|x| x.head.is_some_and(|h| h as usize <= toks.len())));
            assert!(toks
                .iter()
                .all(|x| x.span.start >= s.span.start && x.span.end <= s.span.end));
        }
        assert_eq!(p.annotate(&t), doc, "deterministic");
    }
}
