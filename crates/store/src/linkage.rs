//! Linkage tables: event clusters, stories, near-duplicate groups and outcomes, as the
//! linker (`chronicle-link`) computes them, and the corpus reads the linker and the
//! question commands need (articles with their layers, statements), with `as_of`
//! filters (only articles published up to a day).
//!
//! The store does not know the linker's types: each record is saved as a row of the
//! columns queries filter on plus its full JSON (`data`), which the caller decodes.
//! A link run replaces every linkage row in one transaction, so a reader sees either
//! the old linkage or the new one.

use crate::StoreError;
use chronicle_core::linkage::{LinkArticle, StatementRecord};
use chronicle_core::Stance;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The linkage schema (migration 3). Idempotent (`IF NOT EXISTS`), so
/// [`LinkStore::open`] can also apply it to a database of an older build.
pub const LINK_SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS link_runs (
    id          INTEGER PRIMARY KEY,
    linked_at   TEXT NOT NULL,
    articles    INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    clusters    INTEGER NOT NULL,
    stories     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS link_clusters (
    id             TEXT PRIMARY KEY,
    category       TEXT NOT NULL,
    date           TEXT,
    first_reported TEXT,
    anticipated    INTEGER NOT NULL,
    story          TEXT,
    reports        INTEGER NOT NULL,
    sources        INTEGER NOT NULL,
    data           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS link_clusters_story ON link_clusters(story);
CREATE INDEX IF NOT EXISTS link_clusters_date ON link_clusters(date);
CREATE TABLE IF NOT EXISTS link_cluster_actors (
    cluster TEXT NOT NULL,
    code    TEXT NOT NULL,
    role    TEXT NOT NULL,
    PRIMARY KEY (cluster, code, role)
);
CREATE INDEX IF NOT EXISTS link_cluster_actors_code ON link_cluster_actors(code);
CREATE TABLE IF NOT EXISTS link_cluster_mentions (
    cluster   TEXT NOT NULL,
    article   TEXT NOT NULL,
    event_idx INTEGER NOT NULL,
    pub_day   TEXT,
    PRIMARY KEY (article, event_idx)
);
CREATE INDEX IF NOT EXISTS link_cluster_mentions_cluster ON link_cluster_mentions(cluster);
CREATE TABLE IF NOT EXISTS link_stories (
    id        TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    first_day TEXT,
    last_day  TEXT,
    articles  INTEGER NOT NULL,
    data      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS link_article_stories (
    article TEXT PRIMARY KEY,
    story   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS link_article_stories_story ON link_article_stories(story);
CREATE TABLE IF NOT EXISTS link_dups (
    article    TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL,
    original   TEXT NOT NULL,
    exact      INTEGER NOT NULL,
    similarity REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS link_dups_group ON link_dups(group_id);
CREATE TABLE IF NOT EXISTS link_outcomes (
    anticipated TEXT NOT NULL,
    realised    TEXT NOT NULL,
    data        TEXT NOT NULL,
    PRIMARY KEY (anticipated, realised)
);
"#;

/// An event cluster to save.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClusterRow {
    /// Cluster id.
    pub id: String,
    /// PLOVER category.
    pub category: String,
    /// Event date at its granularity.
    pub date: Option<String>,
    /// First publication day of a report.
    pub first_reported: Option<String>,
    /// Planned, predicted, conditional or hypothetical.
    pub anticipated: bool,
    /// Story id.
    pub story: Option<String>,
    /// Number of reports.
    pub reports: usize,
    /// Number of distinct outlets.
    pub sources: usize,
    /// Source actor codes.
    pub source_codes: Vec<String>,
    /// Target actor codes.
    pub target_codes: Vec<String>,
    /// Reports: (article id, event index, publication day).
    pub mentions: Vec<(String, u32, Option<String>)>,
    /// The full cluster as JSON.
    pub data: String,
}

/// A story to save.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoryRow {
    /// Story id.
    pub id: String,
    /// Title.
    pub title: String,
    /// First publication day.
    pub first: Option<String>,
    /// Last publication day.
    pub last: Option<String>,
    /// Its article ids.
    pub articles: Vec<String>,
    /// The full story as JSON.
    pub data: String,
}

/// A member of a near-duplicate group.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DupRow {
    /// Article id.
    pub article: String,
    /// Group id.
    pub group: String,
    /// The original's article id.
    pub original: String,
    /// Exact copy.
    pub exact: bool,
    /// Estimated similarity with the original.
    pub similarity: f64,
}

/// Everything one link run saves.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinkRows {
    /// Number of articles linked.
    pub articles: usize,
    /// Fingerprint of the corpus that was linked (see [`LinkStore::fingerprint`]).
    pub fingerprint: String,
    /// Event clusters.
    pub clusters: Vec<ClusterRow>,
    /// Stories.
    pub stories: Vec<StoryRow>,
    /// Near-duplicate group members.
    pub dups: Vec<DupRow>,
    /// Outcomes: (anticipated cluster, realised cluster, JSON).
    pub outcomes: Vec<(String, String, String)>,
}

/// Filters for [`LinkStore::clusters`].
#[derive(Debug, Clone, Default)]
pub struct ClusterFilter {
    /// Any of these actor codes takes part.
    pub codes: Vec<String>,
    /// In this story.
    pub story: Option<String>,
    /// Event date (else first reported) on or after this day.
    pub since: Option<String>,
    /// Event date (else first reported) on or before this day.
    pub until: Option<String>,
    /// At least one report published on or before this day.
    pub as_of: Option<String>,
    /// At most this many.
    pub limit: Option<usize>,
}

/// Filters for [`LinkStore::statements`].
#[derive(Debug, Clone, Default)]
pub struct StatementFilter {
    /// Speaker entity id, speaker code, or words of the speaker (case-insensitive).
    pub speaker: Option<String>,
    /// Words the content contains (case-insensitive).
    pub about: Option<String>,
    /// Only articles published on or before this day.
    pub as_of: Option<String>,
    /// At most this many.
    pub limit: Option<usize>,
}

/// The linkage side of a Chronicle database, on its own connection.
pub struct LinkStore {
    conn: Connection,
    path: PathBuf,
}

impl LinkStore {
    /// Opens a database for linking (read-write) and makes sure the linkage tables exist.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Self::with(conn, path, true)
    }

    /// Opens a database for queries only. Missing linkage tables are an error that says
    /// to run `chronicle link`.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.exists() {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: "no such database (run `chronicle ingest` first, or pass --db)".into(),
            });
        }
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
                StoreError::Open {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                }
            })?;
        Self::with(conn, path, false)
    }

    /// Wraps a connection that already has the article schema (tests, in-memory use).
    pub fn from_connection(conn: Connection) -> Result<Self, StoreError> {
        Self::with(conn, Path::new(":memory:"), true)
    }

    fn with(conn: Connection, path: &Path, writable: bool) -> Result<Self, StoreError> {
        conn.busy_timeout(Duration::from_secs(5))?;
        let has_articles: bool = conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='articles'",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !has_articles {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason:
                    "not a Chronicle database (no articles table); run `chronicle ingest` first"
                        .into(),
            });
        }
        if writable {
            conn.execute_batch(LINK_SCHEMA)?;
        } else {
            let linked: bool = conn
                .query_row(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name='link_clusters'",
                    [],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if !linked {
                return Err(StoreError::Open {
                    path: path.to_path_buf(),
                    reason: "the corpus has not been linked yet: run `chronicle link` first".into(),
                });
            }
        }
        Ok(LinkStore {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A fingerprint of the stored corpus: changes when articles or their layers change.
    pub fn fingerprint(&self) -> Result<String, StoreError> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM articles) || ':' || (SELECT coalesce(max(rowid),0) FROM articles)
                    || ':' || (SELECT count(*) FROM events) || ':' || (SELECT count(*) FROM statements)
                    || ':' || (SELECT coalesce(max(annotated_at),'') FROM layers)",
            [],
            |r| r.get(0),
        )?)
    }

    /// The fingerprint of the corpus at the last link run, when any.
    pub fn last_fingerprint(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT fingerprint FROM link_runs ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Number of articles published up to `as_of` (all when `None`).
    pub fn article_count(&self, as_of: Option<&str>) -> Result<usize, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM articles WHERE (?1 IS NULL OR pub_day <= ?1)",
            [as_of],
            |r| r.get::<_, i64>(0),
        )? as usize)
    }

    /// Calls `f` with every article (published up to `as_of`, when given) and its
    /// layers, in publication order then id. Stops at the first error `f` returns.
    pub fn for_each_article<E: From<StoreError>>(
        &self,
        as_of: Option<&str>,
        mut f: impl FnMut(LinkArticle) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT rowid, id, url, source, title, pub_day, text FROM articles
                 WHERE (?1 IS NULL OR pub_day <= ?1)
                 ORDER BY pub_day IS NULL, pub_day, id",
            )
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([as_of]).map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let rowid: i64 = r.get(0).map_err(StoreError::from)?;
            let article = LinkArticle {
                id: r.get(1).map_err(StoreError::from)?,
                url: r.get(2).map_err(StoreError::from)?,
                source: r.get(3).map_err(StoreError::from)?,
                title: r.get(4).map_err(StoreError::from)?,
                published: r.get(5).map_err(StoreError::from)?,
                text: r.get(6).map_err(StoreError::from)?,
                annotations: crate::layers::read_layers(&self.conn, rowid)?,
            };
            f(article)?;
        }
        Ok(())
    }

    /// Replaces all linkage with `rows`, in one transaction, and records the run.
    pub fn save(&mut self, rows: &LinkRows, linked_at: &str) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for t in [
            "link_clusters",
            "link_cluster_actors",
            "link_cluster_mentions",
            "link_stories",
            "link_article_stories",
            "link_dups",
            "link_outcomes",
        ] {
            tx.execute(&format!("DELETE FROM {t}"), [])?;
        }
        {
            let mut c = tx.prepare(
                "INSERT INTO link_clusters (id, category, date, first_reported, anticipated, story, reports, sources, data)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut a = tx.prepare(
                "INSERT OR IGNORE INTO link_cluster_actors (cluster, code, role) VALUES (?1, ?2, ?3)",
            )?;
            let mut m = tx.prepare(
                "INSERT OR REPLACE INTO link_cluster_mentions (cluster, article, event_idx, pub_day) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for r in &rows.clusters {
                c.execute(params![
                    r.id,
                    r.category,
                    r.date,
                    r.first_reported,
                    r.anticipated,
                    r.story,
                    r.reports as i64,
                    r.sources as i64,
                    r.data
                ])?;
                for code in &r.source_codes {
                    a.execute(params![r.id, code, "source"])?;
                }
                for code in &r.target_codes {
                    a.execute(params![r.id, code, "target"])?;
                }
                for (article, idx, day) in &r.mentions {
                    m.execute(params![r.id, article, idx, day])?;
                }
            }
            let mut s = tx.prepare(
                "INSERT INTO link_stories (id, title, first_day, last_day, articles, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut sa = tx.prepare(
                "INSERT OR REPLACE INTO link_article_stories (article, story) VALUES (?1, ?2)",
            )?;
            for r in &rows.stories {
                s.execute(params![
                    r.id,
                    r.title,
                    r.first,
                    r.last,
                    r.articles.len() as i64,
                    r.data
                ])?;
                for a in &r.articles {
                    sa.execute(params![a, r.id])?;
                }
            }
            let mut d = tx.prepare(
                "INSERT OR REPLACE INTO link_dups (article, group_id, original, exact, similarity) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for r in &rows.dups {
                d.execute(params![
                    r.article,
                    r.group,
                    r.original,
                    r.exact,
                    r.similarity
                ])?;
            }
            let mut o = tx.prepare(
                "INSERT OR REPLACE INTO link_outcomes (anticipated, realised, data) VALUES (?1, ?2, ?3)",
            )?;
            for (a, r, data) in &rows.outcomes {
                o.execute(params![a, r, data])?;
            }
        }
        tx.execute(
            "INSERT INTO link_runs (linked_at, articles, fingerprint, clusters, stories) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                linked_at,
                rows.articles as i64,
                rows.fingerprint,
                rows.clusters.len() as i64,
                rows.stories.len() as i64
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Clusters (as JSON) matching a filter, by event date (else first report).
    pub fn clusters(&self, f: &ClusterFilter) -> Result<Vec<String>, StoreError> {
        let codes = serde_json::to_string(&f.codes)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.data FROM link_clusters c
             WHERE (?1 = '[]' OR EXISTS (SELECT 1 FROM link_cluster_actors a, json_each(?1) j
                                        WHERE a.cluster = c.id AND a.code = j.value))
               AND (?2 IS NULL OR c.story = ?2 OR c.story LIKE ?2 || '%')
               AND (?3 IS NULL OR coalesce(c.date, c.first_reported) >= ?3)
               AND (?4 IS NULL OR substr(coalesce(c.date, c.first_reported), 1, length(?4)) <= ?4)
               AND (?5 IS NULL OR EXISTS (SELECT 1 FROM link_cluster_mentions m
                                         WHERE m.cluster = c.id AND (m.pub_day IS NULL OR m.pub_day <= ?5)))
             ORDER BY coalesce(c.date, c.first_reported), c.id
             LIMIT ?6",
        )?;
        let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
        let rows = stmt.query_map(
            params![codes, f.story, f.since, f.until, f.as_of, limit],
            |r| r.get::<_, String>(0),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stories (as JSON), most articles first.
    pub fn stories(&self, limit: Option<usize>) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT data FROM link_stories ORDER BY articles DESC, first_day, id LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit.map(|l| l as i64).unwrap_or(-1)], |r| {
            r.get::<_, String>(0)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One story (as JSON) by id or unique id prefix.
    pub fn story(&self, id: &str) -> Result<Option<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT data FROM link_stories WHERE id = ?1 OR id LIKE ?1 || '%' LIMIT 2",
        )?;
        let rows: Vec<String> = stmt
            .query_map([id.trim()], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        Ok(if rows.len() == 1 {
            rows.into_iter().next()
        } else {
            None
        })
    }

    /// Outcomes (as JSON).
    pub fn outcomes(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT data FROM link_outcomes ORDER BY anticipated, realised")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Near-duplicate group members: (article, group, original, exact, similarity).
    pub fn dups(&self) -> Result<Vec<DupRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article, group_id, original, exact, similarity FROM link_dups ORDER BY group_id, article",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DupRow {
                article: r.get(0)?,
                group: r.get(1)?,
                original: r.get(2)?,
                exact: r.get(3)?,
                similarity: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Statements with their words and their article's outlet and day, oldest first.
    pub fn statements(&self, f: &StatementFilter) -> Result<Vec<StatementRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, s.idx, a.source, a.pub_day, s.speaker_text, s.speaker_entity,
                    COALESCE((SELECT m.code FROM mentions m WHERE m.article_rowid = s.article_rowid
                        AND m.start < s.speaker_end AND s.speaker_start < m.end AND m.code IS NOT NULL
                        ORDER BY m.start LIMIT 1),
                      (SELECT m.code FROM mentions m WHERE m.article_rowid = s.article_rowid
                        AND m.entity = s.speaker_entity AND m.code IS NOT NULL
                        ORDER BY m.start LIMIT 1)) AS speaker_code,
                    s.cue,
                    CAST(substr(CAST(a.text AS BLOB), s.content_start + 1, s.content_end - s.content_start) AS TEXT) AS content,
                    s.direct, s.stance, s.date
             FROM statements s JOIN articles a ON a.rowid = s.article_rowid
             WHERE (?1 IS NULL OR a.pub_day <= ?1)
             ORDER BY a.pub_day IS NULL, a.pub_day, a.id, s.idx",
        )?;
        let rows = stmt.query_map([f.as_of.as_deref()], |r| {
            let stance: String = r.get(10)?;
            Ok((
                stance,
                StatementRecord {
                    article: r.get(0)?,
                    index: r.get(1)?,
                    source: r.get(2)?,
                    published: r.get(3)?,
                    speaker: r.get(4)?,
                    speaker_entity: r.get(5)?,
                    speaker_code: r.get(6)?,
                    cue: r.get(7)?,
                    content: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
                    direct: r.get(9)?,
                    stance: Stance::Assert,
                    date: r.get(11)?,
                },
            ))
        })?;
        let speaker = f.speaker.as_deref().map(str::to_lowercase);
        let about = f.about.as_deref().map(str::to_lowercase);
        let mut out = Vec::new();
        for row in rows {
            let (stance, mut row) = row?;
            // A stance name this build does not know (a newer database) is skipped.
            match serde_json::from_value::<Stance>(serde_json::Value::String(stance)) {
                Ok(st) => row.stance = st,
                Err(_) => continue,
            }
            if let Some(sp) = &speaker {
                let hit = row.speaker.to_lowercase().contains(sp.as_str())
                    || row
                        .speaker_entity
                        .as_deref()
                        .is_some_and(|e| e.eq_ignore_ascii_case(sp))
                    || row
                        .speaker_code
                        .as_deref()
                        .is_some_and(|c| c.eq_ignore_ascii_case(sp));
                if !hit {
                    continue;
                }
            }
            if let Some(ab) = &about {
                if !row.content.to_lowercase().contains(ab.as_str()) {
                    continue;
                }
            }
            out.push(row);
            if f.limit.is_some_and(|l| out.len() >= l) {
                break;
            }
        }
        Ok(out)
    }

    /// Entity names in the corpus with their codes: (mention words, code, count), most
    /// frequent first, for reading actor names in questions.
    pub fn mention_names(&self) -> Result<Vec<(String, String, u64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT text, code, count(*) AS n FROM mentions WHERE code IS NOT NULL
             GROUP BY lower(text), code ORDER BY n DESC, text LIMIT 20000",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::MIGRATIONS;
    use chronicle_core::{
        Actor, Annotations, DateBasis, EntityType, Event, Factuality, Mention, Span, Stance,
        Statement,
    };

    fn db() -> Connection {
        let conn = Connection::open_in_memory().expect("memory db");
        for m in MIGRATIONS {
            conn.execute_batch(m).expect("migration");
        }
        conn.execute_batch(LINK_SCHEMA).expect("link schema");
        conn
    }

    fn add(
        conn: &mut Connection,
        id: &str,
        day: &str,
        source: &str,
        text: &str,
        ann: &Annotations,
    ) {
        let tx = conn.transaction().expect("tx");
        tx.execute(
            "INSERT INTO articles (id, source, title, published, pub_day, pub_precision, text, paragraphs, input, reader, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?4, 'day', ?5, '[]', 'test', 'test', 'now')",
            params![id, source, format!("Title {id}"), day, text],
        )
        .expect("insert");
        let rowid = tx.last_insert_rowid();
        crate::layers::write_layers(&tx, rowid, text, ann, "now").expect("layers");
        tx.commit().expect("commit");
    }

    fn annotated(text: &str) -> Annotations {
        let find = |w: &str| {
            let s = text.find(w).unwrap_or(0);
            Span::new(s, s + w.len())
        };
        Annotations {
            mentions: vec![Mention {
                span: find("Pyongyang"),
                kind: EntityType::Gpe,
                entity: Some("country:PRK".into()),
                code: Some("PRK".into()),
                sector: None,
            }],
            statements: vec![Statement {
                speaker: find("Pyongyang"),
                speaker_entity: None,
                cue: find("denied"),
                content: Span::new(find("denied").end as usize + 1, text.len()),
                direct: false,
                stance: Stance::Deny,
                date: None,
            }],
            events: vec![Event {
                category: "AID".into(),
                mode: None,
                context: None,
                cameo: None,
                source: vec![Actor {
                    code: Some("PRK".into()),
                    sector: None,
                    text: "Pyongyang".into(),
                    entity: None,
                }],
                target: vec![],
                location: None,
                date: Some("2022".into()),
                date_basis: DateBasis::Explicit,
                factuality: Factuality::Negated,
                attributed_to: Some(0),
                sentence: Span::new(0, text.len()),
                trigger: find("sending"),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_pronoun_speaker_takes_the_code_of_its_resolved_entity() {
        let mut conn = db();
        let t = "Pyongyang fined two firms that it said had smuggled fuel.";
        let mut ann = annotated(t);
        let it = t.find(" it ").map(|k| k + 1).unwrap_or(0);
        ann.statements[0].speaker = Span::new(it, it + 2);
        ann.statements[0].speaker_entity = Some("country:PRK".into());
        add(&mut conn, "a1", "2023-09-03", "Wire", t, &ann);
        let mut other = annotated(t);
        other.statements[0].speaker = Span::new(it, it + 2);
        add(&mut conn, "a2", "2023-09-04", "Daily", t, &other);
        let ls = LinkStore::from_connection(conn).expect("link store");
        let st = ls
            .statements(&StatementFilter::default())
            .expect("statements");
        assert_eq!(st.len(), 2);
        assert_eq!(st[0].speaker, "it");
        assert_eq!(st[0].speaker_code.as_deref(), Some("PRK"));
        // Unresolved, the pronoun has no code.
        assert_eq!(st[1].speaker_code, None);
    }

    #[test]
    fn reads_articles_as_of_and_statements_with_their_words() {
        let mut conn = db();
        let t1 = "Pyongyang denied sending shells to the front.";
        let t2 = "Pyongyang again denied sending shells, a week later.";
        add(&mut conn, "a1", "2023-09-03", "Wire", t1, &annotated(t1));
        add(&mut conn, "a2", "2023-09-10", "Daily", t2, &annotated(t2));
        let ls = LinkStore::from_connection(conn).expect("link store");
        let mut seen = Vec::new();
        ls.for_each_article::<StoreError>(Some("2023-09-05"), |a| {
            seen.push((a.id.clone(), a.annotations.events.len()));
            Ok(())
        })
        .expect("read");
        assert_eq!(seen, [("a1".to_string(), 1)]);
        assert_eq!(ls.article_count(None).expect("count"), 2);
        let st = ls
            .statements(&StatementFilter::default())
            .expect("statements");
        assert_eq!(st.len(), 2);
        assert_eq!(st[0].content, "sending shells to the front.");
        assert_eq!(st[0].speaker_code.as_deref(), Some("PRK"));
        assert_eq!(st[0].stance, Stance::Deny);
        let about = StatementFilter {
            about: Some("week".into()),
            ..Default::default()
        };
        assert_eq!(ls.statements(&about).expect("about").len(), 1);
        let names = ls.mention_names().expect("names");
        assert_eq!(names[0], ("Pyongyang".to_string(), "PRK".to_string(), 2));
    }

    #[test]
    fn saves_replace_and_filter() {
        let mut conn = db();
        let t1 = "Pyongyang denied sending shells to the front.";
        add(&mut conn, "a1", "2023-09-03", "Wire", t1, &annotated(t1));
        let mut ls = LinkStore::from_connection(conn).expect("link store");
        let fp = ls.fingerprint().expect("fp");
        let rows = LinkRows {
            articles: 1,
            fingerprint: fp.clone(),
            clusters: vec![
                ClusterRow {
                    id: "ev-1".into(),
                    category: "AID".into(),
                    date: Some("2022".into()),
                    first_reported: Some("2023-09-03".into()),
                    story: Some("st-1".into()),
                    reports: 1,
                    sources: 1,
                    source_codes: vec!["PRK".into()],
                    mentions: vec![("a1".into(), 0, Some("2023-09-03".into()))],
                    data: "{\"id\":\"ev-1\"}".into(),
                    ..Default::default()
                },
                ClusterRow {
                    id: "ev-2".into(),
                    category: "CONSULT".into(),
                    date: Some("2023-09-20".into()),
                    first_reported: Some("2023-09-21".into()),
                    target_codes: vec!["RUS".into()],
                    mentions: vec![("a9".into(), 0, Some("2023-09-21".into()))],
                    data: "{\"id\":\"ev-2\"}".into(),
                    ..Default::default()
                },
            ],
            stories: vec![StoryRow {
                id: "st-1".into(),
                title: "T".into(),
                articles: vec!["a1".into()],
                data: "{\"id\":\"st-1\"}".into(),
                ..Default::default()
            }],
            dups: vec![],
            outcomes: vec![("ev-2".into(), "ev-1".into(), "{}".into())],
        };
        ls.save(&rows, "now").expect("save");
        ls.save(&rows, "now").expect("save again replaces");
        assert_eq!(ls.last_fingerprint().expect("last"), Some(fp));
        let all = ls.clusters(&ClusterFilter::default()).expect("all");
        assert_eq!(all.len(), 2);
        let rus = ClusterFilter {
            codes: vec!["RUS".into()],
            ..Default::default()
        };
        assert_eq!(ls.clusters(&rus).expect("rus"), ["{\"id\":\"ev-2\"}"]);
        let early = ClusterFilter {
            as_of: Some("2023-09-05".into()),
            ..Default::default()
        };
        assert_eq!(ls.clusters(&early).expect("as of").len(), 1);
        let until = ClusterFilter {
            until: Some("2022-12-31".into()),
            ..Default::default()
        };
        assert_eq!(ls.clusters(&until).expect("until"), ["{\"id\":\"ev-1\"}"]);
        let story = ClusterFilter {
            story: Some("st-1".into()),
            ..Default::default()
        };
        assert_eq!(ls.clusters(&story).expect("story").len(), 1);
        assert_eq!(ls.stories(None).expect("stories").len(), 1);
        assert!(ls.story("st-").expect("story").is_some());
        assert!(ls.story("zz").expect("none").is_none());
        assert_eq!(ls.outcomes().expect("outcomes").len(), 1);
    }

    #[test]
    fn a_database_without_articles_is_refused() {
        let conn = Connection::open_in_memory().expect("memory");
        assert!(matches!(
            LinkStore::from_connection(conn),
            Err(StoreError::Open { .. })
        ));
    }
}
