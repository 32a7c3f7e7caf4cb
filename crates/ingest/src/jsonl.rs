//! JSON Lines reader: one article per line.

use serde::Deserialize;

/// The fields Chronicle reads from a JSON Lines record. Unknown fields are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct JsonlRecord {
    /// Article URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Headline.
    #[serde(default, alias = "headline")]
    pub title: Option<String>,
    /// Publication date (`date` or `published`).
    #[serde(
        default,
        alias = "published",
        alias = "published_at",
        alias = "datePublished"
    )]
    pub date: Option<serde_json::Value>,
    /// Outlet name.
    #[serde(default, alias = "publisher", alias = "site_name")]
    pub source: Option<String>,
    /// Author(s).
    #[serde(default, alias = "byline", alias = "authors")]
    pub author: Option<serde_json::Value>,
    /// Clean text.
    #[serde(default, alias = "body", alias = "articleBody", alias = "content")]
    pub text: Option<String>,
    /// Raw HTML, when the record carries a page instead of text.
    #[serde(default)]
    pub html: Option<String>,
    /// Language code.
    #[serde(default, alias = "lang")]
    pub language: Option<String>,
}

/// Parses one JSON Lines record. Errors say what is wrong in words a user can act on.
pub fn parse_jsonl_line(line: &str) -> Result<JsonlRecord, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not valid JSON ({e})"))?;
    if !value.is_object() {
        return Err("a JSON Lines record must be an object".into());
    }
    let record: JsonlRecord =
        serde_json::from_value(value).map_err(|e| format!("unexpected field type ({e})"))?;
    let has_text = record.text.as_deref().is_some_and(|t| !t.trim().is_empty());
    let has_html = record.html.as_deref().is_some_and(|t| !t.trim().is_empty());
    if !has_text && !has_html {
        return Err("record has no \"text\" (or \"html\") field with content".into());
    }
    Ok(record)
}

impl JsonlRecord {
    /// The date as a string, whether given as a string or a number (a bare year).
    pub fn date_string(&self) -> Option<String> {
        match &self.date {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }
    }

    /// The author(s) as one string: a string as is, a list joined with ", ", an object's
    /// `name`.
    pub fn author_string(&self) -> Option<String> {
        fn name(v: &serde_json::Value) -> Option<String> {
            match v {
                serde_json::Value::String(s) => Some(s.trim().to_string()),
                serde_json::Value::Object(o) => o.get("name").and_then(name),
                _ => None,
            }
        }
        match &self.author {
            Some(serde_json::Value::Array(items)) => {
                let names: Vec<String> = items.iter().filter_map(name).collect();
                (!names.is_empty()).then(|| names.join(", "))
            }
            Some(v) => name(v),
            None => None,
        }
        .filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_aliases() {
        let r = parse_jsonl_line(
            r#"{"url":"https://a.test/x","headline":"H","published":"2024-01-02","source":"S","text":"Body.","authors":["A","B"]}"#,
        )
        .expect("valid");
        assert_eq!(r.title.as_deref(), Some("H"));
        assert_eq!(r.date_string().as_deref(), Some("2024-01-02"));
        assert_eq!(r.author_string().as_deref(), Some("A, B"));
    }

    #[test]
    fn explains_bad_lines() {
        assert!(parse_jsonl_line("{not json")
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(parse_jsonl_line("[1,2]").unwrap_err().contains("object"));
        assert!(parse_jsonl_line(r#"{"title":"t"}"#)
            .unwrap_err()
            .contains("no \"text\""));
        assert!(parse_jsonl_line(r#"{"text":5}"#)
            .unwrap_err()
            .contains("unexpected field type"));
    }
}
