//! Tags standard input and prints one `text<TAB>type<TAB>value` line per expression:
//! `echo "It rained on Friday." | cargo run -p chronicle-time --example annotate -- 2023-09-05`.

use std::io::Read;

fn main() {
    let dct = std::env::args()
        .nth(1)
        .and_then(|a| chrono::NaiveDate::parse_from_str(&a, "%Y-%m-%d").ok());
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("reading standard input: {e}");
        std::process::exit(1);
    }
    let out = chronicle_time::annotate_with_warnings(&text, dct);
    for w in &out.warnings {
        eprintln!("warning: {w}");
    }
    for e in &out.exprs {
        let s = text
            .get(e.span.start as usize..e.span.end as usize)
            .unwrap_or("");
        println!("{s}\t{:?}\t{}", e.kind, e.value);
    }
}
