//! Writing and reading annotation layers.

use crate::StoreError;
use chronicle_core::{
    Actor, Annotations, DateBasis, EntityType, Event, Factuality, Mention, Sentence, Span, Stance,
    Statement, TimeExpr, TimexType, Token,
};
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use rusqlite::{params, Transaction};
use std::io::{Read, Write};

type TokenRow = (
    u32,
    u32,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<u32>,
    Option<String>,
);

fn compress(json: &[u8]) -> Result<Vec<u8>, StoreError> {
    let mut enc = DeflateEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(json)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    enc.finish().map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn decompress(blob: &[u8]) -> Result<Vec<u8>, StoreError> {
    let mut out = Vec::new();
    DeflateDecoder::new(blob)
        .read_to_end(&mut out)
        .map_err(|e| StoreError::Corrupt(format!("annotation blob: {e}")))?;
    Ok(out)
}

/// An enum's serde name (`"GPE"`, `"asserted"`), for a text column.
fn name<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    match serde_json::to_value(v)? {
        serde_json::Value::String(s) => Ok(s),
        other => Ok(other.to_string()),
    }
}

fn from_name<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, StoreError> {
    Ok(serde_json::from_value(serde_json::Value::String(
        s.to_string(),
    ))?)
}

fn slice(text: &str, span: Span) -> &str {
    text.get(span.start as usize..span.end as usize)
        .unwrap_or("")
}

/// Writes every layer of one article (whose row is `rowid`) inside `tx`, replacing any
/// layers stored before.
pub(crate) fn write_layers(
    tx: &Transaction<'_>,
    rowid: i64,
    text: &str,
    a: &Annotations,
    now: &str,
) -> Result<(), StoreError> {
    for table in ["layers", "mentions", "timexes", "statements", "events"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE article_rowid = ?1"),
            [rowid],
        )?;
    }
    if !a.sentences.is_empty() || !a.tokens.is_empty() {
        let sentences: Vec<(u32, u32)> = a
            .sentences
            .iter()
            .map(|s| (s.span.start, s.span.end))
            .collect();
        let tokens: Vec<TokenRow> = a
            .tokens
            .iter()
            .map(|t| {
                (
                    t.span.start,
                    t.span.end,
                    t.upos.clone(),
                    t.xpos.clone(),
                    t.lemma.clone(),
                    t.head,
                    t.deprel.clone(),
                )
            })
            .collect();
        tx.execute(
            "INSERT INTO layers (article_rowid, sentences, tokens, annotated_at) VALUES (?1, ?2, ?3, ?4)",
            params![
                rowid,
                compress(&serde_json::to_vec(&sentences)?)?,
                compress(&serde_json::to_vec(&tokens)?)?,
                now
            ],
        )?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO mentions (article_rowid, start, end, kind, entity, code, sector, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for m in &a.mentions {
        stmt.execute(params![
            rowid,
            m.span.start,
            m.span.end,
            name(&m.kind)?,
            m.entity,
            m.code,
            m.sector,
            slice(text, m.span)
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO timexes (article_rowid, start, end, kind, value, anchor, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for t in &a.timexes {
        stmt.execute(params![
            rowid,
            t.span.start,
            t.span.end,
            name(&t.kind)?,
            t.value,
            t.anchor,
            slice(text, t.span)
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO statements (article_rowid, idx, speaker_start, speaker_end, speaker_text,
            speaker_entity, cue_start, cue_end, cue, content_start, content_end, direct, stance, date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (i, s) in a.statements.iter().enumerate() {
        stmt.execute(params![
            rowid,
            i as i64,
            s.speaker.start,
            s.speaker.end,
            slice(text, s.speaker),
            s.speaker_entity,
            s.cue.start,
            s.cue.end,
            slice(text, s.cue),
            s.content.start,
            s.content.end,
            s.direct,
            name(&s.stance)?,
            s.date
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (article_rowid, idx, category, mode, context, cameo, source, target,
            location, date, date_basis, factuality, attributed_to, sent_start, sent_end, trig_start, trig_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    for (i, e) in a.events.iter().enumerate() {
        stmt.execute(params![
            rowid,
            i as i64,
            e.category,
            e.mode,
            e.context,
            e.cameo,
            serde_json::to_string(&e.source)?,
            serde_json::to_string(&e.target)?,
            e.location,
            e.date,
            name(&e.date_basis)?,
            name(&e.factuality)?,
            e.attributed_to,
            e.sentence.start,
            e.sentence.end,
            e.trigger.start,
            e.trigger.end
        ])?;
    }
    Ok(())
}

/// Reads every layer of the article stored at `rowid`.
pub(crate) fn read_layers(
    conn: &rusqlite::Connection,
    rowid: i64,
) -> Result<Annotations, StoreError> {
    let mut out = Annotations::default();
    let blobs: Option<(Vec<u8>, Vec<u8>)> = conn
        .query_row(
            "SELECT sentences, tokens FROM layers WHERE article_rowid = ?1",
            [rowid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    if let Some((s, t)) = blobs {
        let sentences: Vec<(u32, u32)> = serde_json::from_slice(&decompress(&s)?)?;
        out.sentences = sentences
            .into_iter()
            .map(|(start, end)| Sentence {
                span: Span { start, end },
            })
            .collect();
        let tokens: Vec<TokenRow> = serde_json::from_slice(&decompress(&t)?)?;
        out.tokens = tokens
            .into_iter()
            .map(|(start, end, upos, xpos, lemma, head, deprel)| Token {
                span: Span { start, end },
                upos,
                xpos,
                lemma,
                head,
                deprel,
            })
            .collect();
    }
    let mut stmt = conn.prepare_cached(
        "SELECT start, end, kind, entity, code, sector FROM mentions WHERE article_rowid = ?1 ORDER BY start",
    )?;
    let rows = stmt.query_map([rowid], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, String>(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })?;
    for row in rows {
        let (start, end, kind, entity, code, sector) = row?;
        out.mentions.push(Mention {
            span: Span { start, end },
            kind: from_name::<EntityType>(&kind)?,
            entity,
            code,
            sector,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT start, end, kind, value, anchor FROM timexes WHERE article_rowid = ?1 ORDER BY start",
    )?;
    let rows = stmt.query_map([rowid], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, String>(2)?,
            r.get(3)?,
            r.get(4)?,
        ))
    })?;
    for row in rows {
        let (start, end, kind, value, anchor) = row?;
        out.timexes.push(TimeExpr {
            span: Span { start, end },
            kind: from_name::<TimexType>(&kind)?,
            value,
            anchor,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT speaker_start, speaker_end, speaker_entity, cue_start, cue_end, content_start,
                content_end, direct, stance, date
         FROM statements WHERE article_rowid = ?1 ORDER BY idx",
    )?;
    let rows = stmt.query_map([rowid], |r| {
        Ok((
            Span {
                start: r.get(0)?,
                end: r.get(1)?,
            },
            r.get::<_, Option<String>>(2)?,
            Span {
                start: r.get(3)?,
                end: r.get(4)?,
            },
            Span {
                start: r.get(5)?,
                end: r.get(6)?,
            },
            r.get::<_, bool>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, Option<String>>(9)?,
        ))
    })?;
    for row in rows {
        let (speaker, speaker_entity, cue, content, direct, stance, date) = row?;
        out.statements.push(Statement {
            speaker,
            speaker_entity,
            cue,
            content,
            direct,
            stance: from_name::<Stance>(&stance)?,
            date,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT category, mode, context, cameo, source, target, location, date, date_basis,
                factuality, attributed_to, sent_start, sent_end, trig_start, trig_end
         FROM events WHERE article_rowid = ?1 ORDER BY idx",
    )?;
    let rows = stmt.query_map([rowid], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, String>(9)?,
            r.get::<_, Option<u32>>(10)?,
            Span {
                start: r.get(11)?,
                end: r.get(12)?,
            },
            Span {
                start: r.get(13)?,
                end: r.get(14)?,
            },
        ))
    })?;
    for row in rows {
        let (
            category,
            mode,
            context,
            cameo,
            source,
            target,
            location,
            date,
            basis,
            fact,
            attributed_to,
            sentence,
            trigger,
        ) = row?;
        out.events.push(Event {
            category,
            mode,
            context,
            cameo,
            source: serde_json::from_str::<Vec<Actor>>(&source)?,
            target: serde_json::from_str::<Vec<Actor>>(&target)?,
            location,
            date,
            date_basis: from_name::<DateBasis>(&basis)?,
            factuality: from_name::<Factuality>(&fact)?,
            attributed_to,
            sentence,
            trigger,
        });
    }
    Ok(out)
}
