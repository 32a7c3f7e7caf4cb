//! `chronicle` commands for the language core: tag CoNLL-U or IOB2, annotate
//! plain text, score tagging/parsing/segmentation, benchmark the stages.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chronicle_nlp::cputime::Stopwatch;
use chronicle_nlp::parser::tag_key;
use chronicle_nlp::pipeline::parse_chunked;
use chronicle_nlp::{conllu, segeval, tokenize, train, Pipeline};
use clap::{Args, ValueEnum};

/// Input formats of `chronicle tag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TagFormat {
    /// CoNLL-U: fill UPOS, XPOS, HEAD and DEPREL (and LEMMA when empty).
    Conllu,
    /// UNER IOB2 columns: fill the entity tag column.
    Iob2,
}

/// `chronicle tag --format conllu|iob2 FILE`: tag pre-tokenised sentences.
#[derive(Debug, Args)]
pub struct TagArgs {
    /// Input format.
    #[arg(long, value_enum, default_value_t = TagFormat::Conllu)]
    pub format: TagFormat,
    /// Input file (standard input when absent).
    pub input: Option<PathBuf>,
}

/// `chronicle annotate [FILE]`: plain text in, JSON with sentences, tokens and entities out.
#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// Text file to read (standard input when absent).
    pub input: Option<PathBuf>,
    /// Pretty-print the JSON.
    #[arg(long)]
    pub pretty: bool,
}

/// `chronicle eval-nlp GOLD.conllu`: UPOS, XPOS, UAS, LAS (gold tokens) and
/// tokenisation / sentence-split F1 from the raw `# text` lines.
#[derive(Debug, Args)]
pub struct EvalNlpArgs {
    /// Gold CoNLL-U file (e.g. en_ewt-ud-dev.conllu).
    pub gold: PathBuf,
}

/// `chronicle bench-nlp FILE`: single-thread words/s of each stage on a text.
#[derive(Debug, Args)]
pub struct BenchNlpArgs {
    /// Plain-text file.
    pub input: PathBuf,
    /// Repeat the text this many times.
    #[arg(long, default_value_t = 1)]
    pub repeat: usize,
}

fn read_input(input: Option<&Path>) -> anyhow::Result<String> {
    match input {
        Some(p) => std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display())),
        None => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("reading standard input")?;
            Ok(s)
        }
    }
}

fn pipeline() -> anyhow::Result<Pipeline> {
    Pipeline::load().context("loading the NLP models")
}

/// Runs `chronicle tag`.
pub fn run_tag(args: TagArgs) -> anyhow::Result<()> {
    let text = read_input(args.input.as_deref())?;
    let p = pipeline()?;
    let out = match args.format {
        TagFormat::Conllu => {
            let mut sents = conllu::parse(&text)?;
            for s in &mut sents {
                let forms: Vec<String> = s.forms().iter().map(|f| f.to_string()).collect();
                let refs: Vec<&str> = forms.iter().map(String::as_str).collect();
                let analysis = p.analyze(&refs);
                for (r, (upos, xpos, lemma, head, deprel)) in s.words_mut().zip(analysis) {
                    r.cols[3] = upos;
                    r.cols[4] = xpos;
                    if r.cols[2] == "_" || r.cols[2].is_empty() {
                        r.cols[2] = lemma;
                    }
                    r.cols[6] = head.to_string();
                    r.cols[7] = deprel;
                }
            }
            conllu::write(&sents)
        }
        TagFormat::Iob2 => {
            let Some(ner) = p.recognizer() else {
                bail!("no named-entity model loaded");
            };
            let tagger = p.tagger();
            let mut upos = |words: &[&str]| -> Vec<String> {
                tagger
                    .tag(words)
                    .into_iter()
                    .map(|c| tagger.upos(c).to_string())
                    .collect()
            };
            ner.tag_iob2(&text, Some(&mut upos))
                .map_err(|e| anyhow::anyhow!("{e}"))?
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Writes the JSON view of an annotated text, one sentence at a time (so
/// memory stays proportional to the document, not to a JSON tree of it).
fn write_doc_json(
    out: &mut dyn std::io::Write,
    text: &str,
    doc: &chronicle_nlp::Doc,
    pretty: bool,
) -> anyhow::Result<()> {
    let slice = |s: &chronicle_core::Span| text.get(s.start as usize..s.end as usize).unwrap_or("");
    let put = |out: &mut dyn std::io::Write, v: &serde_json::Value| -> anyhow::Result<()> {
        if pretty {
            serde_json::to_writer_pretty(&mut *out, v)?;
        } else {
            serde_json::to_writer(&mut *out, v)?;
        }
        Ok(())
    };
    write!(out, "{{\"sentences\":[")?;
    for (i, (s, toks)) in doc.sentences.iter().zip(&doc.tokens).enumerate() {
        if i > 0 {
            write!(out, ",")?;
        }
        let v = serde_json::json!({
            "start": s.span.start,
            "end": s.span.end,
            "text": slice(&s.span),
            "tokens": toks.iter().map(|t| serde_json::json!({
                "start": t.span.start,
                "end": t.span.end,
                "text": slice(&t.span),
                "upos": t.upos,
                "xpos": t.xpos,
                "lemma": t.lemma,
                "head": t.head,
                "deprel": t.deprel,
            })).collect::<Vec<_>>(),
        });
        put(out, &v)?;
    }
    write!(out, "],\"entities\":[")?;
    for (i, m) in doc.mentions.iter().enumerate() {
        if i > 0 {
            write!(out, ",")?;
        }
        let v = serde_json::json!({
            "start": m.span.start,
            "end": m.span.end,
            "text": slice(&m.span),
            "type": m.kind,
        });
        put(out, &v)?;
    }
    writeln!(out, "]}}")?;
    Ok(())
}

/// Runs `chronicle annotate`.
pub fn run_annotate(args: AnnotateArgs) -> anyhow::Result<()> {
    let text = read_input(args.input.as_deref())?;
    let p = pipeline()?;
    let doc = p.annotate(&text);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write_doc_json(&mut out, &text, &doc, args.pretty)?;
    std::io::Write::flush(&mut out)?;
    Ok(())
}

/// Runs `chronicle eval-nlp`.
pub fn run_eval_nlp(args: EvalNlpArgs) -> anyhow::Result<()> {
    let gold = train::read_conllu(&args.gold)?;
    let p = pipeline()?;
    let s = train::evaluate(p.tagger(), p.parser(), &gold);
    let mut rep = String::new();
    let _ = writeln!(rep, "words        {}", s.words);
    let _ = writeln!(rep, "UPOS         {:.2}", 100.0 * s.upos);
    let _ = writeln!(rep, "XPOS         {:.2}", 100.0 * s.xpos);
    let _ = writeln!(rep, "UAS          {:.2}", 100.0 * s.uas);
    let _ = writeln!(rep, "LAS          {:.2}", 100.0 * s.las);
    let _ = writeln!(
        rep,
        "tagger       {:.0} words/s (one core, CPU time)",
        s.tag_speed
    );
    let _ = writeln!(
        rep,
        "parser       {:.0} words/s (one core, CPU time)",
        s.parse_speed
    );
    let seg = segeval::evaluate_segmentation(&gold);
    for (name, prf) in [
        ("tokens", seg.tokens),
        ("words", seg.words),
        ("sentences", seg.sentences),
    ] {
        let _ = writeln!(
            rep,
            "{name:<12} P {:.2} R {:.2} F1 {:.2} (gold {}, predicted {})",
            100.0 * prf.precision(),
            100.0 * prf.recall(),
            100.0 * prf.f1(),
            prf.gold,
            prf.pred
        );
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(rep.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Runs `chronicle bench-nlp`: prints one line per stage with words/s by
/// CPU time and by wall-clock time.
pub fn run_bench_nlp(args: BenchNlpArgs) -> anyhow::Result<()> {
    let one = std::fs::read_to_string(&args.input)
        .with_context(|| format!("reading {}", args.input.display()))?;
    let text = vec![one.as_str(); args.repeat.max(1)].join("\n\n");
    let p = pipeline()?;
    let mut stdout = std::io::stdout().lock();
    let mut report = |stage: &str, words: usize, sw: Stopwatch| -> std::io::Result<()> {
        writeln!(
            stdout,
            "stage={stage} words={words} cpu_s={:.3} wall_s={:.3} words_per_s_cpu={:.0} words_per_s_wall={:.0}",
            sw.cpu_secs(),
            sw.wall_secs(),
            words as f64 / sw.cpu_secs().max(1e-9),
            words as f64 / sw.wall_secs().max(1e-9)
        )
    };
    let sw = Stopwatch::start();
    let words = tokenize::tokenize_words(&text);
    let ranges = tokenize::sentence_ranges(&text, &words);
    report("tokenize", words.len(), sw)?;
    let sents: Vec<Vec<&str>> = ranges
        .iter()
        .map(|(a, b)| tokenize::forms(&text, &words[*a..*b]))
        .collect();
    let sw = Stopwatch::start();
    let tags: Vec<Vec<u16>> = sents.iter().map(|s| p.tagger().tag(s)).collect();
    report("tag", words.len(), sw)?;
    if let Some(ner) = p.recognizer() {
        let upos: Vec<Vec<&str>> = tags
            .iter()
            .map(|t| t.iter().map(|c| p.tagger().upos(*c)).collect())
            .collect();
        let sw = Stopwatch::start();
        // Sentence pass plus the document-level pass, as `annotate` runs it.
        let spans = ner.recognize_doc(&sents, &upos);
        report("ner", words.len(), sw)?;
        drop(spans);
    }
    let keys: Vec<Vec<chronicle_nlp::parser::TagKey>> = tags
        .iter()
        .map(|t| {
            t.iter()
                .map(|c| tag_key(p.tagger().upos(*c), p.tagger().xpos(*c)))
                .collect()
        })
        .collect();
    let sw = Stopwatch::start();
    for (s, k) in sents.iter().zip(&keys) {
        let _ = parse_chunked(p.parser(), s, k);
    }
    report("parse", words.len(), sw)?;
    let sw = Stopwatch::start();
    let doc = p.annotate(&text);
    let n: usize = doc.tokens.iter().map(Vec::len).sum();
    report("full", n, sw)?;
    Ok(())
}
