//! The gazetteer's serialised form (what `build-gazetteer` writes and `load` reads).

use chronicle_core::{EntityType, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What sort of identity an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// A sovereign state or territory (`country:PRK`).
    Country,
    /// A sub-national place (`place:georgia-us-state`).
    Place,
    /// An international body (`igo:unsc`).
    Igo,
    /// A non-state armed group (`org:wagner-group`).
    Group,
    /// Any other organisation or institution.
    Org,
    /// A person.
    Person,
}

/// How a name refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AliasKind {
    /// A name or abbreviation.
    Name,
    /// A demonym or adjective ("North Korean").
    Demonym,
    /// A capital or city standing for the state ("Pyongyang said").
    Capital,
    /// A seat of government standing for it ("the Kremlin").
    Metonym,
    /// Only valid when the document already mentions the entity's neighbourhood ("the North").
    Contextual,
}

/// One name of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasRec {
    /// The name as written (case matters: upper-case abbreviations must match exactly).
    pub text: String,
    /// How it refers.
    pub kind: AliasKind,
    /// Sector this name implies ("the Pentagon" → MIL), overriding the entity's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// Wikipedia title of the thing named, when it differs from the entity's ("Moscow").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wiki: Option<String>,
    /// A single capitalised word from Phoenix's lists (a city, a province): not trusted
    /// as the first word of a sentence, where any word is capitalised.
    #[serde(default, skip_serializing_if = "is_false")]
    pub weak: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A dated role: code and sector over an interval, with the office held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRec {
    /// Country or IGO-style code (`RUS`, `IGO`).
    pub code: String,
    /// Sector (`GOV`, `MIL`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// Office tag: `hos`, `hog`, `fm`, `dm`, `spox`, ... when one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// Title as written ("Defence Minister").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// First day, when bounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Last day, when bounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// The full Phoenix/CAMEO code when it says more than code + sector (`IGOUNOIAE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phoenix: Option<String>,
}

impl RoleRec {
    /// Whether the role holds on `date` (open ends hold).
    pub fn holds(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }

    /// Whether the role has no dates at all.
    pub fn undated(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }

    /// As a `chronicle_core::Role`.
    pub fn to_core(&self) -> Role {
        Role {
            code: self.code.clone(),
            sector: self.sector.clone(),
            title: self.title.clone(),
            from: self.from.map(|d| d.to_string()),
            until: self.until.map(|d| d.to_string()),
        }
    }
}

/// One canonical identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRec {
    /// `country:PRK`, `person:vladimir-putin`, `igo:unsc`, `org:wagner-group`.
    pub id: String,
    /// Preferred name.
    pub name: String,
    /// What it is.
    pub class: Class,
    /// Coarse NER type.
    pub kind: EntityType,
    /// Home country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// English Wikipedia title (underscored), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wiki: Option<String>,
    /// Names.
    pub aliases: Vec<AliasRec>,
    /// Roles; undated roles are defaults.
    pub roles: Vec<RoleRec>,
    /// Family name for in-document coreference ("Kirby", "Kim"), when a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    /// Words whose presence in a document favours this entity over a namesake.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
    /// Preference among namesakes when context says nothing (higher wins).
    #[serde(default)]
    pub priority: i32,
    /// Where the entry came from (`phoenix`, `hand`).
    pub source: String,
}

/// A generic agent noun ("soldiers" → MIL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRec {
    /// The phrase (lower case).
    pub text: String,
    /// Sector code (`MIL`, `COP`, `GOV`, ...).
    pub sector: String,
    /// Office tag when the noun names one office ("foreign minister" → `fm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

/// The whole gazetteer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GazetteerData {
    /// Format version.
    pub version: u32,
    /// Entities.
    pub entities: Vec<EntityRec>,
    /// Agent nouns.
    pub agents: Vec<AgentRec>,
}

/// Current format version.
pub const FORMAT_VERSION: u32 = 1;
