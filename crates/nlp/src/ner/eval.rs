//! NER evaluation: exact-span precision, recall and F1 over PER, ORG and LOC
//! against a UNER IOB2 file (GPE predictions count as LOC, NORP is ignored),
//! per type and micro-averaged, plus throughput.

use std::fmt;
use std::path::Path;
use std::time::Instant;

use super::{iob2, NerError, Recognizer, UposFn};

/// The scored labels.
pub const LABELS: [&str; 3] = ["PER", "ORG", "LOC"];

/// Counts for one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Exact matches (same start, end and label).
    pub correct: usize,
}

impl Counts {
    /// Precision (0 when nothing predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    /// Recall (0 when nothing gold).
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    /// F1 (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// An evaluation report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Per label, in [`LABELS`] order.
    pub per_label: [Counts; 3],
    /// Sentences scored.
    pub sentences: usize,
    /// Tokens scored.
    pub tokens: usize,
    /// Seconds spent in recognition (and the optional tagger).
    pub seconds: f64,
}

impl Report {
    /// Micro-averaged counts over the labels.
    pub fn micro(&self) -> Counts {
        self.per_label
            .iter()
            .fold(Counts::default(), |a, c| Counts {
                gold: a.gold + c.gold,
                predicted: a.predicted + c.predicted,
                correct: a.correct + c.correct,
            })
    }

    /// One line: micro P/R/F1.
    pub fn micro_line(&self) -> String {
        let m = self.micro();
        format!(
            "micro P {:.4} R {:.4} F1 {:.4}",
            m.precision(),
            m.recall(),
            m.f1()
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "label  gold  pred  correct  precision  recall  f1")?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, c: &Counts| {
            writeln!(
                f,
                "{name:<5} {:>5} {:>5} {:>8} {:>10.4} {:>7.4} {:>6.4}",
                c.gold,
                c.predicted,
                c.correct,
                c.precision(),
                c.recall(),
                c.f1()
            )
        };
        for (name, c) in LABELS.iter().zip(&self.per_label) {
            row(f, name, c)?;
        }
        row(f, "micro", &self.micro())?;
        let rate = if self.seconds > 0.0 {
            self.tokens as f64 / self.seconds
        } else {
            0.0
        };
        write!(
            f,
            "{} sentences, {} tokens, {:.0} tokens/s",
            self.sentences, self.tokens, rate
        )
    }
}

/// Score the embedded model on a UNER IOB2 file, without UPOS.
pub fn score(gold_path: &Path) -> Result<Report, NerError> {
    let rec = Recognizer::load()?;
    let doc = iob2::read(gold_path)?;
    Ok(score_doc(&rec, &doc, None))
}

/// Score `rec` on a parsed IOB2 document, recognised document by document
/// as [`Recognizer::tag_iob2`] does; `tagger` may supply UPOS per sentence
/// (its time is included).
pub fn score_doc(rec: &Recognizer, doc: &iob2::Document, tagger: Option<UposFn<'_>>) -> Report {
    let mut report = Report::default();
    let t0 = Instant::now();
    let all = rec.recognize_iob2(doc, tagger);
    report.seconds = t0.elapsed().as_secs_f64();
    for (sent, spans) in doc.sentences.iter().zip(all) {
        let words = sent.words();
        report.sentences += 1;
        report.tokens += words.len();
        let predicted = iob2::iob2_spans(
            &iob2::uner_tags(words.len(), &spans)
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        );
        let gold = sent.spans();
        for (k, label) in LABELS.iter().enumerate() {
            let g: Vec<_> = gold.iter().filter(|s| s.2 == *label).collect();
            let p: Vec<_> = predicted.iter().filter(|s| s.2 == *label).collect();
            let c = &mut report.per_label[k];
            c.gold += g.len();
            c.predicted += p.len();
            c.correct += p.iter().filter(|x| g.contains(x)).count();
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_arithmetic() {
        let c = Counts {
            gold: 4,
            predicted: 2,
            correct: 2,
        };
        assert!((c.precision() - 1.0).abs() < 1e-12);
        assert!((c.recall() - 0.5).abs() < 1e-12);
        assert!((c.f1() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Counts::default().f1(), 0.0);
    }

    #[test]
    fn report_counts_match_recognizer_output() {
        let rec = Recognizer::load().unwrap();
        let text = "1\tMaria\tB-PER\t-\t-\n2\tSanchez\tI-PER\t-\t-\n3\tvisited\tO\t-\t-\n\
4\tBerlin\tB-LOC\t-\t-\n5\t.\tO\t-\t-\n";
        let doc = iob2::parse(text, "t").unwrap();
        let r = score_doc(&rec, &doc, None);
        assert_eq!(r.sentences, 1);
        assert_eq!(r.tokens, 5);
        assert_eq!(r.micro().gold, 2);
        let words = doc.sentences[0].words();
        let spans = rec.recognize(&words, &[]);
        let scored = spans
            .iter()
            .filter(|s| !matches!(s.2, chronicle_core::EntityType::Norp))
            .count();
        assert_eq!(r.micro().predicted, scored);
        assert!(r.to_string().contains("micro"));
    }
}
