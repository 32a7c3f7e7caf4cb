//! The [`Store`]: opening, migrating, writing and reading.

use crate::migrations::{latest_version, MIGRATIONS};
use crate::StoreError;
use chronicle_core::{Annotations, Article, ArticleId, DatePrecision, IngestInfo, PubDate, Span};
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// An open Chronicle database.
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
}

/// What happened to one article handed to [`Store::insert_articles`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    /// Newly stored.
    Inserted,
    /// An article with the same id was already stored; nothing changed.
    AlreadyPresent,
}

/// Filters for [`Store::list_articles`]. Dates compare as ISO text on the publication day.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    /// Earliest publication day (inclusive), `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Latest publication day (inclusive), `YYYY-MM-DD`.
    pub until: Option<String>,
    /// Source (outlet) name, matched case-insensitively.
    pub source: Option<String>,
    /// Maximum number of rows.
    pub limit: Option<usize>,
}

/// One line of an article listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleSummary {
    /// Article id.
    pub id: String,
    /// Publication day (or month/year at lower precision).
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Number of words in the text.
    pub words: usize,
}

/// One full-text search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// The article.
    #[serde(flatten)]
    pub article: ArticleSummary,
    /// A passage with the matched terms in `[brackets]`.
    pub snippet: String,
    /// BM25 score (lower is better, as SQLite reports it).
    pub score: f64,
}

fn map_open_error(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Locked {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::NotADatabase) => StoreError::Open {
            path: path.to_path_buf(),
            reason: "the file is not a SQLite database".into(),
        },
        Some(ErrorCode::CannotOpen) => StoreError::Open {
            path: path.to_path_buf(),
            reason: "the file or its folder cannot be opened or created".into(),
        },
        _ => StoreError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
    }
}

fn write_error(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::DatabaseBusy)
        | Some(ErrorCode::DatabaseLocked) => map_open_error(path, e),
        _ => StoreError::Sqlite(e),
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` for reading and writing,
    /// switches it to WAL mode and applies pending migrations.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(|e| map_open_error(path, e))?;
        Self::init(conn, path, true)
    }

    /// Opens an existing database for queries only. Fails with a clear message when the
    /// file does not exist.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.exists() {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: "no such database (run `chronicle ingest` first, or pass --db)".into(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| map_open_error(path, e))?;
        Self::init(conn, path, false)
    }

    /// An in-memory database, for tests and the demo.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        let conn = Connection::open_in_memory()?;
        Self::init(conn, Path::new(":memory:"), true)
    }

    fn init(conn: Connection, path: &Path, writable: bool) -> Result<Self, StoreError> {
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(|e| map_open_error(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| map_open_error(path, e))?;
        if version > latest_version() {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: latest_version(),
            });
        }
        if writable {
            store
                .conn
                .query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
                .map_err(|e| map_open_error(path, e))?;
            store
                .conn
                .execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
                .map_err(|e| map_open_error(path, e))?;
            store.migrate(version)?;
        } else if version < latest_version() {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: format!(
                    "schema version {version} is older than {}; open it once with `chronicle ingest` to upgrade",
                    latest_version()
                ),
            });
        }
        Ok(store)
    }

    fn migrate(&mut self, from: i64) -> Result<(), StoreError> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
            let version = i as i64 + 1;
            let path = self.path.clone();
            let tx = self.conn.transaction().map_err(|e| write_error(&path, e))?;
            tx.execute_batch(sql).map_err(|e| write_error(&path, e))?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit().map_err(|e| write_error(&path, e))?;
            tracing::info!(version, "applied schema migration");
        }
        Ok(())
    }

    /// The database path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Stores a batch of articles in one transaction. Articles whose id is already
    /// stored are left untouched and reported as [`InsertOutcome::AlreadyPresent`].
    /// On error nothing of the batch is written and everything stored before stays.
    pub fn insert_articles(
        &mut self,
        articles: &[Article],
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        self.insert_annotated(articles.iter().map(|a| (a, None)))
    }

    /// Stores a batch of articles with their annotation layers in one transaction.
    /// Layers are written only for articles that are new; an article already stored
    /// keeps what it has. On error nothing of the batch is written.
    pub fn insert_annotated<'a>(
        &mut self,
        items: impl IntoIterator<Item = (&'a Article, Option<&'a Annotations>)>,
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        let tx = self
            .conn
            .transaction()
            .map_err(|e| write_error(&self.path, e))?;
        let mut outcomes = Vec::new();
        let now = chrono_now();
        let last_rowid: i64 = tx
            .query_row("SELECT coalesce(max(rowid), 0) FROM articles", [], |r| {
                r.get(0)
            })
            .map_err(|e| write_error(&self.path, e))?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO articles (id, url, source, title, byline, published, pub_day,
                     pub_precision, language, text, paragraphs, input, reader, ingested_at, notes)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                     ON CONFLICT(id) DO NOTHING",
                )
                .map_err(|e| write_error(&self.path, e))?;
            for (a, layers) in items {
                let precision = a.published.as_ref().map(|d| precision_name(d.precision));
                let changed = stmt
                    .execute(params![
                        a.id.as_str(),
                        a.url,
                        a.source,
                        a.title,
                        a.byline,
                        a.published.as_ref().map(|d| d.value.as_str()),
                        a.published.as_ref().map(PubDate::date_string),
                        precision,
                        a.language,
                        a.text,
                        serde_json::to_string(&a.paragraphs)?,
                        a.ingest.input,
                        a.ingest.reader,
                        a.ingest.ingested_at,
                        serde_json::to_string(&a.ingest.notes)?,
                    ])
                    .map_err(|e| write_error(&self.path, e))?;
                if changed == 1 {
                    if let Some(layers) = layers {
                        let rowid = tx.last_insert_rowid();
                        crate::layers::write_layers(&tx, rowid, &a.text, layers, &now).map_err(
                            |e| match e {
                                StoreError::Sqlite(e) => write_error(&self.path, e),
                                other => other,
                            },
                        )?;
                    }
                    outcomes.push(InsertOutcome::Inserted);
                } else {
                    outcomes.push(InsertOutcome::AlreadyPresent);
                }
            }
        }
        tx.execute(
            "INSERT INTO articles_fts(rowid, title, text)
             SELECT rowid, title, text FROM articles WHERE rowid > ?1",
            [last_rowid],
        )
        .map_err(|e| write_error(&self.path, e))?;
        tx.commit().map_err(|e| write_error(&self.path, e))?;
        Ok(outcomes)
    }

    /// The annotation layers stored for an article (empty when it has none).
    pub fn annotations(&self, id: &ArticleId) -> Result<Annotations, StoreError> {
        let rowid: Option<i64> = self
            .conn
            .query_row(
                "SELECT rowid FROM articles WHERE id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        match rowid {
            Some(r) => crate::layers::read_layers(&self.conn, r),
            None => Ok(Annotations::default()),
        }
    }

    /// Replaces the annotation layers of stored articles (after a model update), in one
    /// transaction. Returns how many articles were found and updated.
    pub fn replace_annotations(
        &mut self,
        items: &[(ArticleId, Annotations)],
    ) -> Result<usize, StoreError> {
        let now = chrono_now();
        let tx = self
            .conn
            .transaction()
            .map_err(|e| write_error(&self.path, e))?;
        let mut updated = 0;
        for (id, layers) in items {
            let row: Option<(i64, String)> = tx
                .query_row(
                    "SELECT rowid, text FROM articles WHERE id = ?1",
                    [id.as_str()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((rowid, text)) = row {
                crate::layers::write_layers(&tx, rowid, &text, layers, &now)?;
                updated += 1;
            }
        }
        tx.commit().map_err(|e| write_error(&self.path, e))?;
        Ok(updated)
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Whether an article with this id is stored.
    pub fn contains(&self, id: &ArticleId) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM articles WHERE id = ?1",
                [id.as_str()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Lists articles, oldest first, with optional date range and source filters.
    pub fn list_articles(&self, filter: &ArticleFilter) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, pub_day, source, title, url, text FROM articles
             WHERE (?1 IS NULL OR pub_day >= ?1)
               AND (?2 IS NULL OR pub_day <= ?2)
               AND (?3 IS NULL OR lower(source) = lower(?3))
             ORDER BY pub_day IS NULL, pub_day, title
             LIMIT ?4",
        )?;
        let limit = filter.limit.map(|l| l as i64).unwrap_or(-1);
        let rows = stmt.query_map(
            params![filter.since, filter.until, filter.source, limit],
            summary_from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Fetches one article by full id or by a unique id prefix of at least 4 characters.
    /// Returns `Ok(None)` when nothing (or more than one article) matches.
    pub fn get_article(&self, id_or_prefix: &str) -> Result<Option<Article>, StoreError> {
        let key = id_or_prefix.trim().to_ascii_lowercase();
        if key.len() < 4 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, url, source, title, byline, published, pub_precision, language, text,
                    paragraphs, input, reader, ingested_at, notes
             FROM articles WHERE id >= ?1 AND id < ?1 || 'g' LIMIT 2",
        )?;
        let mut rows = stmt.query_map([&key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, String>(10)?,
                r.get::<_, String>(11)?,
                r.get::<_, String>(12)?,
                r.get::<_, String>(13)?,
            ))
        })?;
        let Some(first) = rows.next().transpose()? else {
            return Ok(None);
        };
        if rows.next().is_some() {
            return Ok(None);
        }
        let (
            id,
            url,
            source,
            title,
            byline,
            published,
            precision,
            language,
            text,
            paras,
            input,
            reader,
            at,
            notes,
        ) = first;
        let paragraphs: Vec<Span> = serde_json::from_str(&paras)?;
        let published = match (
            published,
            precision.as_deref().and_then(precision_from_name),
        ) {
            (Some(value), Some(precision)) => Some(PubDate { value, precision }),
            _ => None,
        };
        Ok(Some(Article {
            id: ArticleId(id),
            url,
            source,
            title,
            byline,
            published,
            language,
            text,
            paragraphs,
            ingest: IngestInfo {
                input,
                reader,
                ingested_at: at,
                notes: serde_json::from_str(&notes)?,
            },
        }))
    }

    /// Full-text search over titles and texts, best matches first. Words in `query`
    /// must all occur (in any form the tokenizer folds together); `"quoted phrases"`
    /// match as phrases. With `raw`, `query` is passed to FTS5 as is (its syntax:
    /// `OR`, `NOT`, `NEAR`, prefix `*`).
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        raw: bool,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let fts_query = if raw {
            query.to_string()
        } else {
            fts_query(query)
        };
        if fts_query.trim().is_empty() {
            return Err(StoreError::BadQuery {
                query: query.to_string(),
                reason: "it has no words to search for".into(),
            });
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.pub_day, a.source, a.title, a.url, a.text,
                    snippet(articles_fts, 1, '[', ']', '…', 16), bm25(articles_fts, 4.0, 1.0)
             FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
             WHERE articles_fts MATCH ?1
             ORDER BY bm25(articles_fts, 4.0, 1.0)
             LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![fts_query, limit as i64], |r| {
            Ok(SearchHit {
                article: summary_from_row(r)?,
                snippet: r.get(6)?,
                score: r.get(7)?,
            })
        });
        let collected = rows.and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        collected.map_err(|e| match e {
            rusqlite::Error::SqliteFailure(_, Some(msg))
                if msg.contains("fts5") || msg.contains("syntax") =>
            {
                StoreError::BadQuery {
                    query: query.to_string(),
                    reason: msg,
                }
            }
            other => StoreError::Sqlite(other),
        })
    }
}

/// The current time as RFC 3339 UTC, from the system clock (metadata only; never part
/// of an id or an annotation value).
fn chrono_now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Turns user words into an FTS5 query: each word (or quoted phrase) becomes a quoted
/// string, so punctuation such as "U.S." or "Kim's" cannot break the syntax.
fn fts_query(query: &str) -> String {
    let mut parts = Vec::new();
    for (i, chunk) in query.split('"').enumerate() {
        if i % 2 == 1 {
            let words: Vec<&str> = chunk
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            if !words.is_empty() {
                parts.push(format!("\"{}\"", words.join(" ")));
            }
        } else {
            for w in chunk
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                parts.push(format!("\"{w}\""));
            }
        }
    }
    parts.join(" ")
}

fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleSummary> {
    let text: String = r.get(5)?;
    Ok(ArticleSummary {
        id: r.get(0)?,
        date: r.get(1)?,
        source: r.get(2)?,
        title: r.get(3)?,
        url: r.get(4)?,
        words: text.split_whitespace().count(),
    })
}

fn precision_name(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Year => "year",
        DatePrecision::Month => "month",
        DatePrecision::Day => "day",
        DatePrecision::DateTime => "datetime",
    }
}

fn precision_from_name(s: &str) -> Option<DatePrecision> {
    Some(match s {
        "year" => DatePrecision::Year,
        "month" => DatePrecision::Month,
        "day" => DatePrecision::Day,
        "datetime" => DatePrecision::DateTime,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str, title: &str, date: &str, source: &str) -> Article {
        let mut a = Article::new(text.into(), None, IngestInfo::default());
        a.title = Some(title.into());
        a.published = PubDate::parse(date).ok();
        a.source = Some(source.into());
        a
    }

    #[test]
    fn insert_is_idempotent_and_round_trips() {
        let mut s = Store::open_in_memory().expect("open");
        let a = article(
            "The minister flew to Oslo.\nTalks began.",
            "Minister in Oslo",
            "2024-03-01",
            "Wire",
        );
        let b = article(
            "Ports reopened after the storm.",
            "Ports reopen",
            "2024-03-05",
            "Ledger",
        );
        let out = s.insert_articles(&[a.clone(), b.clone()]).expect("insert");
        assert_eq!(out, [InsertOutcome::Inserted, InsertOutcome::Inserted]);
        let out = s
            .insert_articles(std::slice::from_ref(&a))
            .expect("insert again");
        assert_eq!(out, [InsertOutcome::AlreadyPresent]);
        assert_eq!(s.article_count().expect("count"), 2);
        let back = s.get_article(a.id.as_str()).expect("get").expect("found");
        assert_eq!(back.text, a.text);
        assert_eq!(back.paragraphs, a.paragraphs);
        assert_eq!(back.published, a.published);
        let by_prefix = s
            .get_article(&a.id.as_str()[..6])
            .expect("get")
            .expect("prefix");
        assert_eq!(by_prefix.id, a.id);
        assert!(s.get_article("zz").expect("get").is_none());
    }

    #[test]
    fn layers_round_trip_and_are_replaced() {
        use chronicle_core::*;
        let mut s = Store::open_in_memory().expect("open");
        let a = article(
            "Kirby said Russia denied it on Monday.",
            "T",
            "2024-03-01",
            "W",
        );
        let layers = Annotations {
            sentences: vec![Sentence {
                span: Span::new(0, 38),
            }],
            tokens: vec![Token {
                span: Span::new(0, 5),
                upos: Some("PROPN".into()),
                xpos: Some("NNP".into()),
                lemma: Some("Kirby".into()),
                head: Some(2),
                deprel: Some("nsubj".into()),
            }],
            mentions: vec![Mention {
                span: Span::new(11, 17),
                kind: EntityType::Gpe,
                entity: Some("country:RUS".into()),
                code: Some("RUS".into()),
                sector: None,
            }],
            timexes: vec![TimeExpr {
                span: Span::new(28, 37),
                kind: TimexType::Date,
                value: "2024-02-26".into(),
                anchor: Some("2024-03-01".into()),
            }],
            statements: vec![Statement {
                speaker: Span::new(0, 5),
                speaker_entity: Some("person:john-kirby".into()),
                cue: Span::new(6, 10),
                content: Span::new(11, 37),
                direct: false,
                stance: Stance::Assert,
                date: Some("2024-03-01".into()),
            }],
            events: vec![Event {
                category: "REJECT".into(),
                mode: None,
                context: None,
                cameo: Some("120".into()),
                source: vec![Actor {
                    code: Some("RUS".into()),
                    sector: None,
                    text: "Russia".into(),
                    entity: Some("country:RUS".into()),
                }],
                target: vec![],
                location: None,
                date: Some("2024-02-26".into()),
                date_basis: DateBasis::Explicit,
                factuality: Factuality::Asserted,
                attributed_to: Some(0),
                sentence: Span::new(0, 38),
                trigger: Span::new(18, 24),
            }],
        };
        s.insert_annotated([(&a, Some(&layers))]).expect("insert");
        assert_eq!(s.annotations(&a.id).expect("read"), layers);
        // Re-inserting with other layers changes nothing.
        s.insert_annotated([(&a, Some(&Annotations::default()))])
            .expect("again");
        assert_eq!(s.annotations(&a.id).expect("read"), layers);
        // An explicit replacement does.
        assert_eq!(
            s.replace_annotations(&[(a.id.clone(), Annotations::default())])
                .expect("replace"),
            1
        );
        assert!(s.annotations(&a.id).expect("read").is_empty());
    }

    #[test]
    fn filters_and_search() {
        let mut s = Store::open_in_memory().expect("open");
        s.insert_articles(&[
            article(
                "Shoigu met officials in the capital.",
                "Visit",
                "2024-03-01",
                "Wire",
            ),
            article("Markets fell on Monday.", "Markets", "2024-03-09", "Ledger"),
            article(
                "The U.S. envoy praised Shoigu's remarks.",
                "Envoy",
                "2024-03-12",
                "Wire",
            ),
        ])
        .expect("insert");
        let f = ArticleFilter {
            since: Some("2024-03-05".into()),
            ..Default::default()
        };
        let titles: Vec<_> = s
            .list_articles(&f)
            .expect("list")
            .into_iter()
            .filter_map(|a| a.title)
            .collect();
        assert_eq!(titles, ["Markets", "Envoy"]);
        let f = ArticleFilter {
            source: Some("wire".into()),
            until: Some("2024-03-10".into()),
            ..Default::default()
        };
        assert_eq!(s.list_articles(&f).expect("list").len(), 1);
        let hits = s.search("shoigu", 10, false).expect("search");
        assert_eq!(hits.len(), 2);
        assert!(hits.iter().all(|h| h.snippet.contains("[Shoigu]")));
        assert_eq!(s.search("U.S. envoy", 10, false).expect("search").len(), 1);
        assert_eq!(
            s.search("\"envoy praised\"", 10, false)
                .expect("search")
                .len(),
            1
        );
        assert!(matches!(
            s.search("...", 10, false),
            Err(StoreError::BadQuery { .. })
        ));
        assert!(matches!(
            s.search("AND (", 10, true),
            Err(StoreError::BadQuery { .. })
        ));
    }

    #[test]
    fn reopen_keeps_data_and_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.db");
        {
            let mut s = Store::open(&path).expect("open");
            s.insert_articles(&[article("Text one.", "One", "2024-01-01", "W")])
                .expect("insert");
        }
        let s = Store::open_read_only(&path).expect("reopen");
        assert_eq!(s.article_count().expect("count"), 1);
        assert_eq!(s.schema_version().expect("v"), latest_version());
        assert!(matches!(
            Store::open_read_only(&dir.path().join("missing.db")),
            Err(StoreError::Open { .. })
        ));
    }

    #[test]
    fn writing_through_a_read_only_handle_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.db");
        drop(Store::open(&path).expect("create"));
        let mut ro = Store::open_read_only(&path).expect("open ro");
        let err = ro
            .insert_articles(&[article("x y", "t", "2024-01-01", "s")])
            .expect_err("must fail");
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
        assert!(err.to_string().contains("read-only"));
    }

    #[test]
    fn a_locked_database_is_reported_not_hung() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.db");
        let mut s = Store::open(&path).expect("create");
        let holder = Connection::open(&path).expect("second connection");
        holder
            .execute_batch("BEGIN IMMEDIATE")
            .expect("take write lock");
        s.conn
            .busy_timeout(Duration::from_millis(50))
            .expect("timeout");
        let err = s
            .insert_articles(&[article("x y", "t", "2024-01-01", "s")])
            .expect_err("must fail");
        assert!(matches!(err, StoreError::Locked { .. }), "{err}");
        holder.execute_batch("ROLLBACK").expect("release");
        assert_eq!(
            s.insert_articles(&[article("x y", "t", "2024-01-01", "s")])
                .expect("now ok")
                .len(),
            1
        );
    }

    #[test]
    fn a_file_that_is_not_a_database_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("junk.db");
        std::fs::write(&path, vec![b'x'; 4096]).expect("write");
        let err = Store::open(&path).err().expect("must fail");
        assert!(err.to_string().contains("junk.db"), "{err}");
    }
}
