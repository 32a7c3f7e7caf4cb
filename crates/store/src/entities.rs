//! Corpus queries over linked entity mentions.

use crate::{Store, StoreError};
use rusqlite::params;
use serde::Serialize;

/// An entity with how often the corpus mentions it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityCount {
    /// Entity id (`country:PRK`).
    pub entity: String,
    /// Entity type of its mentions (`GPE`, `PER`, ...).
    pub kind: String,
    /// Most frequent code of its mentions.
    pub code: Option<String>,
    /// Number of mentions.
    pub mentions: u64,
    /// Number of articles mentioning it.
    pub articles: u64,
    /// First and last publication day of those articles.
    pub first_seen: Option<String>,
    /// Last publication day.
    pub last_seen: Option<String>,
}

/// One mention of an entity, with its article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityMention {
    /// Article id.
    pub article: String,
    /// Publication day.
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// The words of the mention.
    pub text: String,
    /// Code at the article's date.
    pub code: Option<String>,
    /// Sector at the article's date.
    pub sector: Option<String>,
    /// Byte offset of the mention in the article text.
    pub start: u32,
}

impl Store {
    /// Entities by number of mentions, most mentioned first.
    pub fn entity_counts(&self, limit: usize) -> Result<Vec<EntityCount>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.entity, min(m.kind), max(m.code), count(*), count(DISTINCT m.article_rowid),
                    min(a.pub_day), max(a.pub_day)
             FROM mentions m JOIN articles a ON a.rowid = m.article_rowid
             WHERE m.entity IS NOT NULL
             GROUP BY m.entity
             ORDER BY count(*) DESC, m.entity
             LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(EntityCount {
                entity: r.get(0)?,
                kind: r.get(1)?,
                code: r.get(2)?,
                mentions: r.get::<_, i64>(3)? as u64,
                articles: r.get::<_, i64>(4)? as u64,
                first_seen: r.get(5)?,
                last_seen: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Mentions of one entity, oldest article first.
    pub fn entity_mentions(
        &self,
        entity: &str,
        limit: usize,
    ) -> Result<Vec<EntityMention>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.pub_day, a.source, m.text, m.code, m.sector, m.start
             FROM mentions m JOIN articles a ON a.rowid = m.article_rowid
             WHERE m.entity = ?1
             ORDER BY a.pub_day, a.id, m.start
             LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![entity, limit as i64], |r| {
            Ok(EntityMention {
                article: r.get(0)?,
                date: r.get(1)?,
                source: r.get(2)?,
                text: r.get(3)?,
                code: r.get(4)?,
                sector: r.get(5)?,
                start: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle_core::*;

    fn article(
        text: &str,
        date: &str,
        mentions: &[(usize, usize, &str)],
    ) -> (Article, Annotations) {
        let mut a = Article::new(text.into(), None, IngestInfo::default());
        a.published = PubDate::parse(date).ok();
        let layers = Annotations {
            mentions: mentions
                .iter()
                .map(|(s, e, id)| Mention {
                    span: Span::new(*s, *e),
                    kind: EntityType::Gpe,
                    entity: Some(id.to_string()),
                    code: Some(id.trim_start_matches("country:").to_string()),
                    sector: None,
                })
                .collect(),
            ..Annotations::default()
        };
        (a, layers)
    }

    #[test]
    fn counts_and_mentions() {
        let mut s = Store::open_in_memory().expect("open");
        let (a, la) = article(
            "Russia and Iran met. Russia left.",
            "2025-03-02",
            &[
                (0, 6, "country:RUS"),
                (11, 15, "country:IRN"),
                (21, 27, "country:RUS"),
            ],
        );
        let (b, lb) = article("Iran spoke.", "2025-03-05", &[(0, 4, "country:IRN")]);
        s.insert_annotated([(&a, Some(&la)), (&b, Some(&lb))])
            .expect("insert");
        let counts = s.entity_counts(10).expect("counts");
        assert_eq!(counts.len(), 2);
        assert_eq!(
            (
                counts[0].entity.as_str(),
                counts[0].mentions,
                counts[0].articles
            ),
            ("country:IRN", 2, 2)
        );
        assert_eq!(counts[0].first_seen.as_deref(), Some("2025-03-02"));
        assert_eq!(counts[0].last_seen.as_deref(), Some("2025-03-05"));
        let m = s.entity_mentions("country:RUS", 10).expect("mentions");
        assert_eq!(m.len(), 2);
        assert!(m.iter().all(|x| x.text == "Russia"));
    }
}
