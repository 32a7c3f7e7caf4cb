//! Plain-text cleaning over the demo's `.txt` articles (`examples/demo`): every page
//! keeps a story, the cleaner only removes lines (never rewrites them), and the furniture
//! the demo pages carry (share and subscribe lines, read-time labels, source lines) is
//! gone. `CHRONICLE_CLEAN_SHOW=1` prints each cleaned page.

use chronicle_extract::clean_plain_text;
use std::path::Path;

#[test]
fn demo_articles_keep_their_story_and_lose_furniture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no demo folder at {}; skipping", dir.display());
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let show = std::env::var_os("CHRONICLE_CLEAN_SHOW").is_some();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let out = clean_plain_text(&text);
        if show {
            eprintln!("===== {}\n{out}\n", path.display());
        }
        assert!(!out.is_empty(), "{}: empty", path.display());
        let input: Vec<&str> = text.lines().map(str::trim).collect();
        for line in out.split("\n\n") {
            assert!(
                input.contains(&line),
                "{}: {line:?} is not an input line",
                path.display()
            );
            let lower = line.to_lowercase();
            for furniture in ["share this", "subscribe", "min read", "source:"] {
                assert!(
                    !(lower.starts_with(furniture) && line.split_whitespace().count() < 12),
                    "{}: kept {line:?}",
                    path.display()
                );
            }
        }
        // The longest prose line of the page is story, whatever else is dropped.
        let longest = input
            .iter()
            .filter(|l| l.ends_with('.'))
            .max_by_key(|l| l.len())
            .copied()
            .unwrap_or("");
        assert!(
            out.contains(longest),
            "{}: lost {longest:?}",
            path.display()
        );
    }
}
