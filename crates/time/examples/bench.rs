//! Single-thread throughput: `cargo run --release -p chronicle-time --example bench -- DIR [SECONDS]`.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: bench DIR [SECONDS]");
        std::process::exit(2);
    };
    let secs = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3.0);
    match chronicle_time::timeml::bench_dir(Path::new(dir), secs) {
        Ok(r) => println!(
            "{} docs, {} passes, {} tokens in {:.2}s: {:.0} tokens/s",
            r.docs,
            r.passes,
            r.tokens,
            r.seconds,
            r.tokens_per_second()
        ),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
