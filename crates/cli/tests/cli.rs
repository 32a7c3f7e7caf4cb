//! End-to-end tests of the `chronicle` binary on fixture articles written for the project.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chronicle"))
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn run(db: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CHRONICLE_DB")
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&o.stdout)
        )
    })
}

#[test]
fn ingest_twice_stores_once_and_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let seeds = fixtures().join("seeds");
    let seeds = seeds.to_str().expect("utf8 path");
    let first = run(&db, &["ingest", seeds]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("ingested 2 new, 0 already present, 0 failed"),
        "{}",
        stderr(&first)
    );
    let again = run(&db, &["ingest", seeds]);
    assert!(again.status.success());
    assert!(
        stderr(&again).contains("ingested 0 new, 2 already present"),
        "{}",
        stderr(&again)
    );

    let list = json(&run(&db, &["articles", "--json"]));
    let rows = list.as_array().expect("array");
    let dates: Vec<&str> = rows.iter().filter_map(|r| r["date"].as_str()).collect();
    assert_eq!(dates, ["2023-09-03", "2023-09-05"]);
    assert_eq!(
        rows[1]["title"].as_str(),
        Some("Reyn says Vesta may join harbour patrols"),
        "the headline after a section label and read-time label"
    );

    let hits = json(&run(&db, &["search", "Reyn", "--json"]));
    assert_eq!(hits.as_array().map(Vec::len), Some(2));
    let since = json(&run(&db, &["articles", "--since", "2023-09-04", "--json"]));
    assert_eq!(since.as_array().map(Vec::len), Some(1));

    let id = rows[0]["id"].as_str().expect("id");
    let shown = json(&run(&db, &["show", &id[..8], "--json"]));
    assert_eq!(shown["id"].as_str(), Some(id));
    assert!(shown["text"]
        .as_str()
        .is_some_and(|t| t.contains("quiet talks")));
    let second = rows[1]["id"].as_str().expect("id");
    let shown = json(&run(&db, &["show", second, "--json"]));
    let timexes = shown["annotations"]["timexes"]
        .as_array()
        .expect("time layer stored");
    let body = shown["text"].as_str().expect("text");
    let monday = timexes
        .iter()
        .find(|t| {
            let (s, e) = (t["span"]["start"].as_u64(), t["span"]["end"].as_u64());
            matches!((s, e), (Some(s), Some(e)) if body.get(s as usize..e as usize) == Some("Monday"))
        })
        .expect("'on Monday' is tagged");
    assert_eq!(
        monday["value"].as_str(),
        Some("2023-09-04"),
        "resolved against 2023-09-05"
    );
    let text = run(&db, &["show", id]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("Harbour talks"));
    let missing = run(&db, &["show", "ffffffff"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("no single article"));
}

#[test]
fn bad_inputs_are_named_and_skipped_while_good_ones_are_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).expect("mkdir");
    std::fs::write(inputs.join("empty.txt"), b"").expect("write");
    std::fs::write(
        inputs.join("junk.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 0],
    )
    .expect("write");
    // Latin-1 text without a declared charset: read with a guessed encoding, not lost.
    std::fs::write(
        inputs.join("legacy.txt"),
        b"date 2023-10-01 Caf\xe9 owners protest in Port Alder\nThe caf\xe9 owners marched to the town hall on Sunday to protest against new fees.",
    )
    .expect("write");
    std::fs::write(
        inputs.join("baddate.txt"),
        b"date 2023-19-45 Title\nBody text here.",
    )
    .expect("write");
    std::fs::write(
        inputs.join("feed.jsonl"),
        concat!(
            "{\"url\":\"https://n.test/a\",\"title\":\"Good\",\"date\":\"2023-10-02\",\"source\":\"N\",\"text\":\"A good record.\"}\n",
            "{broken\n",
            "{\"title\":\"No text\"}\n",
            "{\"text\":\"Dated badly.\",\"date\":\"the day after\"}\n",
        ),
    )
    .expect("write");
    let big = std::fs::File::create(inputs.join("huge.txt")).expect("create");
    big.set_len(100 * 1024 * 1024).expect("sparse 100 MB file");
    let db = dir.path().join("t.db");
    let missing = dir.path().join("does-not-exist.txt");
    let out = run(
        &db,
        &[
            "ingest",
            inputs.to_str().expect("utf8"),
            missing.to_str().expect("utf8"),
        ],
    );
    let err = stderr(&out);
    assert!(out.status.success(), "some records were good: {err}");
    assert!(
        err.contains("ingested 2 new, 0 already present, 8 failed"),
        "{err}"
    );
    for needle in [
        "empty.txt: empty input",
        "junk.txt: looks like binary",
        "baddate.txt: bad date line",
        "feed.jsonl:2: not valid JSON",
        "feed.jsonl:3: record has no \"text\"",
        "feed.jsonl:4: cannot read \"the day after\"",
        "huge.txt: 104857600 bytes is over",
        "does-not-exist.txt: cannot read",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    let hits = json(&run(&db, &["search", "café", "--json"]));
    assert_eq!(
        hits.as_array().map(Vec::len),
        Some(1),
        "legacy text decoded"
    );
}

#[test]
fn nothing_ingestible_exits_non_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let empty = dir.path().join("e.txt");
    std::fs::write(&empty, "  \n").expect("write");
    let out = run(&db, &["ingest", empty.to_str().expect("utf8")]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("nothing could be ingested"));
}

#[test]
fn stdin_is_read_with_its_format_sniffed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let mut child = bin()
        .arg("--db")
        .arg(&db)
        .args([
            "ingest",
            "-",
            "--date",
            "2024-01-05",
            "--source",
            "Pipe News",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b"Ferry service resumes\nThe ferry resumed service after the storm.\n")
            .expect("write");
    }
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = json(&run(&db, &["articles", "--json", "--source", "pipe news"]));
    assert_eq!(rows[0]["date"].as_str(), Some("2024-01-05"));
    assert_eq!(rows[0]["title"].as_str(), Some("Ferry service resumes"));
}

#[test]
fn locked_database_gives_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let seeds = fixtures().join("seeds");
    let first = run(&db, &["ingest", seeds.to_str().expect("utf8")]);
    assert!(first.status.success());
    let holder = rusqlite::Connection::open(&db).expect("open");
    holder.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    let input = dir.path().join("new.txt");
    std::fs::write(&input, "date 2024-02-02 New story\nSomething new happened.").expect("write");
    let out = run(&db, &["ingest", input.to_str().expect("utf8")]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("locked"), "{}", stderr(&out));
    holder.execute_batch("ROLLBACK").expect("unlock");
    drop(holder);
    let rows = json(&run(&db, &["articles", "--json"]));
    assert_eq!(rows.as_array().map(Vec::len), Some(2), "nothing lost");
}

#[test]
fn killed_ingest_leaves_a_readable_database_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let input = dir.path().join("many.jsonl");
    let n = 40_000usize;
    let gen = bin()
        .args([
            "generate",
            &n.to_string(),
            "--out",
            input.to_str().expect("utf8"),
        ])
        .output()
        .expect("generate");
    assert!(gen.status.success());
    let mut child = bin()
        .arg("--db")
        .arg(&db)
        .args([
            "ingest",
            "--no-annotate",
            "--batch",
            "200",
            input.to_str().expect("utf8"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Wait until some batches are committed, then kill -9.
    let started = Instant::now();
    let mut stored = 0usize;
    while started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
        if let Ok(conn) = rusqlite::Connection::open(&db) {
            if let Ok(c) =
                conn.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))
            {
                stored = c as usize;
                if stored >= 400 {
                    break;
                }
            }
        }
        if child.try_wait().ok().flatten().is_some() {
            break;
        }
    }
    child.kill().ok();
    child.wait().ok();
    assert!(stored >= 400, "ingest made progress before the kill");
    let rows = json(&run(&db, &["articles", "--json"]));
    let after_kill = rows.as_array().map(Vec::len).unwrap_or(0);
    assert!(
        after_kill >= 400 && after_kill.is_multiple_of(200),
        "whole batches only: {after_kill}"
    );
    let rerun = run(
        &db,
        &["ingest", "--no-annotate", input.to_str().expect("utf8")],
    );
    assert!(rerun.status.success());
    let expected = format!(
        "ingested {} new, {} already present, 0 failed",
        n - after_kill,
        after_kill
    );
    assert!(
        stderr(&rerun).contains(&expected),
        "{} vs {expected}",
        stderr(&rerun)
    );
    let rows = json(&run(&db, &["articles", "--json"]));
    assert_eq!(rows.as_array().map(Vec::len), Some(n));
}

#[test]
fn demo_runs_on_the_embedded_corpus() {
    let out = bin().arg("demo").output().expect("demo runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("== Articles by publication date =="));
    let stored: usize = text
        .lines()
        .find_map(|l| {
            l.strip_suffix(" articles stored, 0 already present, 0 inputs failed")
                .or_else(|| {
                    l.split(" articles stored")
                        .next()
                        .filter(|_| l.contains("articles stored"))
                })
        })
        .and_then(|n| n.trim().parse().ok())
        .expect("a count of stored articles");
    assert!(stored >= 20, "{text}");
}

#[test]
fn entities_are_linked_counted_and_shown_with_roles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let input = dir.path().join("a.txt");
    std::fs::write(
        &input,
        "date 2023-07-27 Defence chief tours arms fair\nRussian Defence Minister Sergei Shoigu toured an arms fair in Pyongyang on Wednesday. Shoigu later met officials of the DPRK.",
    )
    .expect("write");
    assert!(run(&db, &["ingest", input.to_str().expect("utf8")])
        .status
        .success());
    let counts = json(&run(&db, &["entities", "--json"]));
    let rows = counts.as_array().expect("array");
    let prk = rows
        .iter()
        .find(|r| r["entity"] == "country:PRK")
        .expect("North Korea linked");
    assert_eq!(
        prk["mentions"].as_u64(),
        Some(2),
        "Pyongyang and DPRK: {counts}"
    );
    let shoigu = rows
        .iter()
        .find(|r| r["kind"] == "PER")
        .and_then(|r| r["entity"].as_str())
        .expect("a person linked")
        .to_string();
    let view = json(&run(&db, &["entity", "Sergei Shoigu", "--json"]));
    assert_eq!(view["id"].as_str(), Some(shoigu.as_str()));
    assert_eq!(view["mentions"].as_array().map(Vec::len), Some(2), "{view}");
    assert_eq!(
        view["mentions"][0]["sector"].as_str(),
        Some("MIL"),
        "defence minister in 2023"
    );
    assert!(view["entity"]["roles"]
        .as_array()
        .is_some_and(|r| !r.is_empty()));
}
