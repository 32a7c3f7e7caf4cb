//! Chronicle's actors: a gazetteer of countries, seats of government,
//! international bodies, armed groups and people with dated roles, and the
//! linker that finds them in text and codes them (ISO alpha-3 or IGO-style
//! code plus sector) as of an article's date.
//!
//! This crate owns the gazetteer data (built from the Phoenix dictionaries and
//! hand-written tables by [`build::build`], embedded compressed in the binary),
//! linking from raw text ([`Gazetteer::link`]) or from externally supplied
//! mention spans ([`Gazetteer::link_mentions`]), and the evaluations of linking
//! ([`eval`]). It must not depend on the NLP crate, do I/O other than reading
//! paths handed to its build/eval functions, or know about storage.

pub mod build;
pub mod data;
pub mod eval;
pub mod jsonl;
mod link;
pub mod phoenix;
mod scan;

use chronicle_core::{Entity, EntityType, Mention, Span};
use chrono::NaiveDate;
use data::{AliasKind, Class, EntityRec, GazetteerData, RoleRec};
use rustc_hash::FxHashMap;
use scan::{Trie, Vocab};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::sync::OnceLock;

pub use link::LinkBasis;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum ActorsError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A hand-written table has a bad row.
    #[error("{file}:{line}: {message}")]
    Table {
        /// The table's file name.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The gazetteer data is not valid JSON of the expected shape.
    #[error("gazetteer data: {0}")]
    Json(#[source] serde_json::Error),
    /// The gazetteer data is not valid gzip.
    #[error("gazetteer data is not valid gzip: {0}")]
    Gzip(#[source] std::io::Error),
    /// The gazetteer data has another format version.
    #[error("gazetteer format version {found}, expected {expected}")]
    Version {
        /// Found.
        found: u32,
        /// Expected.
        expected: u32,
    },
    /// An evaluation input is malformed.
    #[error("{path}:{line}: {message}")]
    Input {
        /// File.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The gazetteer compiled into the binary (`models/actors/gazetteer.json.gz`).
static EMBEDDED: &[u8] = include_bytes!("../../../models/actors/gazetteer.json.gz");

/// A linked mention: where, what, and its code as of the article's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedMention {
    /// Byte range in the text.
    pub span: Span,
    /// The words.
    pub text: String,
    /// Coarse type.
    pub kind: EntityType,
    /// Entity id, when the mention names a known identity.
    pub entity: Option<String>,
    /// Country or IGO-style code valid at the date.
    pub code: Option<String>,
    /// Sector valid at the date (or implied by the words: "the Pentagon" → MIL).
    pub sector: Option<String>,
    /// Wikipedia title of what the words name (a capital's own title for "Pyongyang").
    pub wiki: Option<String>,
    /// How the link was made.
    pub basis: LinkBasis,
    /// Whether other readings were as likely (the first is chosen; see `candidates`).
    pub ambiguous: bool,
    /// The other entity ids considered, when ambiguous.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
}

impl LinkedMention {
    /// As a `chronicle_core::Mention`.
    pub fn to_mention(&self) -> Mention {
        Mention {
            span: self.span,
            kind: self.kind,
            entity: self.entity.clone(),
            code: self.code.clone(),
            sector: self.sector.clone(),
        }
    }
}

/// Which words a case check requires of one matched token.
const REQ_UPPER: u8 = 1;
const REQ_ALLCAPS: u8 = 2;

/// What a trie payload points at.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// `(entity index, alias index)`.
    Alias(u32, u32),
    /// Agent index.
    Agent(u32),
}

#[derive(Debug, Clone)]
struct Payload {
    target: Target,
    /// Offset into `case_reqs` and number of tokens.
    req_off: u32,
    req_len: u16,
    /// Whether the alias is one capitalised word from Phoenix (weak at sentence start).
    weak_single: bool,
}

/// The gazetteer, compiled for linking.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    data: GazetteerData,
    vocab: Vocab,
    trie: Trie,
    payloads: Vec<Payload>,
    case_reqs: Vec<u8>,
    by_id: FxHashMap<String, u32>,
    /// `(code, office tag)` → `(entity, role)` holders.
    offices: FxHashMap<(String, String), Vec<(u32, u32)>>,
    /// Context word ids per entity.
    context: Vec<Vec<u32>>,
    /// Vocabulary ids of title words that may precede a person's name.
    title_words: rustc_hash::FxHashSet<u32>,
    /// Ids of "in", "of", "from", "'", "s", "the".
    w_in: u32,
    w_of: u32,
    w_from: u32,
    w_apos: u32,
    w_s: u32,
    w_the: u32,
}

/// Words that may stand between a country and a person's name as a title.
const TITLE_WORDS: &[&str] = &[
    "president",
    "prime",
    "minister",
    "foreign",
    "defence",
    "defense",
    "secretary",
    "state",
    "general",
    "gen",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "supreme",
    "deputy",
    "vice",
    "chief",
    "commander",
    "national",
    "security",
    "adviser",
    "advisor",
    "ambassador",
    "envoy",
    "premier",
    "king",
    "queen",
    "crown",
    "prince",
    "emir",
    "ayatollah",
    "sheikh",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "former",
    "top",
    "senior",
    "of",
    "the",
    "white",
    "house",
    "kremlin",
    "press",
    "council",
    "un",
    "nato",
    "minister's",
    "army",
    "armed",
    "forces",
    "staff",
    "joint",
    "chiefs",
    "navy",
    "admiral",
    "lt",
    "col",
    "colonel",
    "major",
    "field",
    "marshal",
    "external",
    "affairs",
    "interior",
    "finance",
    "communications",
    "coordinator",
    "strategic",
    "director",
    "head",
    "official",
    "officials",
    "opposition",
    "speaker",
    "leader's",
    "first",
    "lady",
    "acting",
    "interim",
    "elect",
    ".",
    "for",
    "and",
    "high",
    "representative",
    "commissioner",
    "spokesmen",
    "agency",
    "intelligence",
    "cia",
    "pentagon",
    "department",
    "ministry",
    "government",
    "governor",
    "mayor",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
];

fn case_req(alias: &str) -> Vec<u8> {
    let mut toks = Vec::new();
    scan::tokenize(alias, |_| 0, &mut toks);
    let letters: Vec<char> = alias.chars().filter(|c| c.is_alphabetic()).collect();
    let acronym = letters.len() >= 2
        && letters.iter().all(|c| c.is_uppercase())
        && toks.iter().filter(|t| !t.has(scan::PUNCT)).count() <= 3
        && letters.len() <= 6;
    toks.iter()
        .map(|t| {
            if t.has(scan::PUNCT) {
                0
            } else if acronym {
                REQ_UPPER | REQ_ALLCAPS
            } else if t.has(scan::UPPER) {
                REQ_UPPER
            } else {
                0
            }
        })
        .collect()
}

impl Gazetteer {
    /// The gazetteer embedded in the binary, compiled once per process.
    pub fn load() -> Result<&'static Gazetteer, ActorsError> {
        static G: OnceLock<Result<Gazetteer, String>> = OnceLock::new();
        let r = G.get_or_init(|| Gazetteer::from_gz(EMBEDDED).map_err(|e| e.to_string()));
        r.as_ref().map_err(|m| ActorsError::Table {
            file: "embedded gazetteer".into(),
            line: 0,
            message: m.clone(),
        })
    }

    /// Compile gzip-compressed gazetteer JSON.
    pub fn from_gz(bytes: &[u8]) -> Result<Gazetteer, ActorsError> {
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut json)
            .map_err(ActorsError::Gzip)?;
        let data: GazetteerData = serde_json::from_slice(&json).map_err(ActorsError::Json)?;
        Gazetteer::from_data(data)
    }

    /// Compile gazetteer data.
    pub fn from_data(data: GazetteerData) -> Result<Gazetteer, ActorsError> {
        if data.version != data::FORMAT_VERSION {
            return Err(ActorsError::Version {
                found: data.version,
                expected: data::FORMAT_VERSION,
            });
        }
        let mut g = Gazetteer {
            data: GazetteerData::default(),
            vocab: Vocab::default(),
            trie: Trie::default(),
            payloads: Vec::new(),
            case_reqs: Vec::new(),
            by_id: FxHashMap::default(),
            offices: FxHashMap::default(),
            context: Vec::new(),
            title_words: Default::default(),
            w_in: 0,
            w_of: 0,
            w_from: 0,
            w_apos: 0,
            w_s: 0,
            w_the: 0,
        };
        for (ei, e) in data.entities.iter().enumerate() {
            let ei = ei as u32;
            g.by_id.insert(e.id.clone(), ei);
            for (ai, a) in e.aliases.iter().enumerate() {
                let ids = g.vocab.intern_phrase(&a.text);
                if ids.is_empty() {
                    continue;
                }
                let reqs = case_req(&a.text);
                let weak_single = a.weak;
                g.add_payload(&ids, Target::Alias(ei, ai as u32), reqs, weak_single);
            }
            g.context
                .push(e.context.iter().map(|w| g.vocab.intern(w)).collect());
            for (ri, r) in e.roles.iter().enumerate() {
                if let Some(o) = &r.office {
                    g.offices
                        .entry((r.code.clone(), o.clone()))
                        .or_default()
                        .push((ei, ri as u32));
                }
                if r.title
                    .as_deref()
                    .is_some_and(|t| t.starts_with("President"))
                {
                    g.offices
                        .entry((r.code.clone(), "president".into()))
                        .or_default()
                        .push((ei, ri as u32));
                }
            }
            if let Some(s) = &e.surname {
                g.vocab.intern_phrase(s);
            }
        }
        for (ai, a) in data.agents.iter().enumerate() {
            let ids = g.vocab.intern_phrase(&a.text);
            if ids.is_empty() {
                continue;
            }
            let n = ids.len();
            g.add_payload(&ids, Target::Agent(ai as u32), vec![0; n], false);
        }
        for w in TITLE_WORDS {
            let id = g.vocab.intern(w);
            g.title_words.insert(id);
        }
        g.w_in = g.vocab.intern("in");
        g.w_of = g.vocab.intern("of");
        g.w_from = g.vocab.intern("from");
        g.w_apos = g.vocab.intern("'");
        g.w_s = g.vocab.intern("s");
        g.w_the = g.vocab.intern("the");
        g.data = data;
        Ok(g)
    }

    fn add_payload(&mut self, ids: &[u32], target: Target, reqs: Vec<u8>, weak_single: bool) {
        let idx = self.payloads.len() as u32;
        self.payloads.push(Payload {
            target,
            req_off: self.case_reqs.len() as u32,
            req_len: reqs.len() as u16,
            weak_single,
        });
        self.case_reqs.extend(reqs);
        self.trie.insert(ids, idx);
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.data.entities.len()
    }

    /// Whether the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.data.entities.is_empty()
    }

    /// The raw record of an entity.
    pub fn record(&self, id: &str) -> Option<&EntityRec> {
        self.by_id.get(id).map(|&i| &self.data.entities[i as usize])
    }

    /// An entity with its names and dated roles, as `chronicle_core::Entity`.
    pub fn entity(&self, id: &str) -> Option<Entity> {
        let e = self.record(id)?;
        let mut names = vec![e.name.clone()];
        for a in &e.aliases {
            if !names.contains(&a.text) && a.kind != AliasKind::Contextual {
                names.push(a.text.clone());
            }
        }
        Some(Entity {
            id: e.id.clone(),
            names,
            kind: e.kind,
            country: e.country.clone(),
            roles: e.roles.iter().map(RoleRec::to_core).collect(),
        })
    }

    /// All entity ids of a class.
    pub fn ids(&self, class: Class) -> impl Iterator<Item = &str> {
        self.data
            .entities
            .iter()
            .filter(move |e| e.class == class)
            .map(|e| e.id.as_str())
    }

    /// The role an entity holds at `date` (or now, when `None`).
    pub fn role_at(&self, id: &str, date: Option<NaiveDate>) -> Option<&RoleRec> {
        let e = self.record(id)?;
        link::pick_role(e, date)
    }

    /// Find and link the actors in `text`, coding them as of `date`.
    pub fn link(&self, text: &str, date: Option<NaiveDate>) -> Vec<LinkedMention> {
        link::link(self, text, date)
    }

    /// Link externally found mention spans (from NER), one result per span, in order.
    ///
    /// The text is scanned as by [`Gazetteer::link`] (names, titles, coreference);
    /// each span takes the link of the scanned mention overlapping it most, and is
    /// returned with basis [`LinkBasis::Unlinked`] when none does.
    pub fn link_mentions(
        &self,
        text: &str,
        date: Option<NaiveDate>,
        spans: &[(Span, EntityType)],
    ) -> Vec<LinkedMention> {
        link::link_spans(self, text, date, spans)
    }
}

#[cfg(test)]
mod tests;
