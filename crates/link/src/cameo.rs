//! CAMEO codes for exports: the Goldstein scale, QuadClass, and a representative CAMEO
//! code for each PLOVER category (used when a report has no CAMEO code of its own).
//!
//! The Goldstein values are the published weights of the CAMEO event codebook's
//! Goldstein mapping (Goldstein 1992, as used by GDELT), written out here for the root
//! codes and the sub-codes most common in news; any other code takes its root's value.

/// Goldstein weights of root codes (`01`..`20`).
const ROOTS: [f32; 20] = [
    0.0,   // 01 make public statement
    3.0,   // 02 appeal
    4.0,   // 03 express intent to cooperate
    1.0,   // 04 consult
    3.5,   // 05 engage in diplomatic cooperation
    6.0,   // 06 engage in material cooperation
    7.0,   // 07 provide aid
    5.0,   // 08 yield
    -2.0,  // 09 investigate
    -5.0,  // 10 demand
    -2.0,  // 11 disapprove
    -4.0,  // 12 reject
    -6.0,  // 13 threaten
    -6.5,  // 14 protest
    -7.2,  // 15 exhibit force posture
    -4.0,  // 16 reduce relations
    -7.0,  // 17 coerce
    -9.0,  // 18 assault
    -10.0, // 19 fight
    -10.0, // 20 use unconventional mass violence
];

/// Sub-codes whose weight differs from their root's.
const CODES: &[(&str, f32)] = &[
    ("011", -0.1),
    ("012", -0.4),
    ("013", 0.4),
    ("016", 3.4),
    ("018", 3.4),
    ("019", 3.4),
    ("021", 3.4),
    ("031", 5.2),
    ("032", 4.5),
    ("033", 5.2),
    ("036", 4.0),
    ("042", 1.9),
    ("043", 2.8),
    ("044", 2.5),
    ("045", 5.0),
    ("046", 7.0),
    ("051", 3.4),
    ("057", 8.0),
    ("061", 6.4),
    ("062", 7.4),
    ("064", 7.0),
    ("071", 7.4),
    ("072", 8.3),
    ("073", 7.4),
    ("074", 8.5),
    ("130", -4.4),
    ("138", -7.0),
    ("163", -8.0),
    ("172", -5.0),
    ("173", -5.0),
    ("190", -10.0),
    ("195", -10.0),
];

/// The root (two digits) of a CAMEO code, when it looks like one.
pub fn root(code: &str) -> Option<u8> {
    let r: u8 = code.get(..2)?.parse().ok()?;
    (1..=20).contains(&r).then_some(r)
}

/// The Goldstein scale value of a CAMEO code (-10 conflict .. +10 cooperation).
pub fn goldstein(code: &str) -> Option<f32> {
    if let Some((_, v)) = CODES.iter().find(|(c, _)| *c == code) {
        return Some(*v);
    }
    root(code).map(|r| ROOTS[usize::from(r) - 1])
}

/// GDELT's QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
/// 4 material conflict.
pub fn quad_class(code: &str) -> Option<u8> {
    Some(match root(code)? {
        1..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        _ => 4,
    })
}

/// A representative CAMEO code for a PLOVER category.
pub fn plover_to_cameo(category: &str) -> Option<&'static str> {
    Some(match category.to_ascii_uppercase().as_str() {
        "AGREE" => "030",
        "CONSULT" => "040",
        "SUPPORT" => "051",
        "CONCEDE" => "080",
        "COOPERATE" => "050",
        "AID" => "070",
        "RETREAT" => "080",
        "REQUEST" => "020",
        "ACCUSE" => "112",
        "REJECT" => "120",
        "THREATEN" => "130",
        "PROTEST" => "140",
        "SANCTION" => "160",
        "MOBILIZE" => "150",
        "COERCE" => "170",
        "ASSAULT" => "180",
        _ => return None,
    })
}

/// Words of a question that point to a PLOVER category.
pub const CATEGORY_WORDS: &[(&str, &[&str])] = &[
    (
        "AID",
        &[
            "supply",
            "supplies",
            "supplying",
            "supplied",
            "weapons",
            "weapon",
            "arms",
            "munitions",
            "ammunition",
            "shells",
            "rockets",
            "missiles",
            "aid",
            "assistance",
            "arming",
            "arm",
            "deliver",
            "delivering",
            "delivered",
            "provide",
            "providing",
            "send",
            "sending",
            "drones",
        ],
    ),
    (
        "CONSULT",
        &[
            "talks",
            "meet",
            "meeting",
            "met",
            "visit",
            "visiting",
            "visited",
            "summit",
            "consult",
            "consulting",
        ],
    ),
    (
        "AGREE",
        &[
            "agree",
            "agreed",
            "agreement",
            "deal",
            "sign",
            "signed",
            "memorandum",
            "treaty",
            "accord",
        ],
    ),
    (
        "THREATEN",
        &[
            "threaten",
            "threatening",
            "threatened",
            "threat",
            "warn",
            "warning",
            "ultimatum",
        ],
    ),
    (
        "SANCTION",
        &[
            "sanction",
            "sanctions",
            "sanctioning",
            "embargo",
            "expel",
            "ban",
        ],
    ),
    (
        "ASSAULT",
        &[
            "attack",
            "attacking",
            "attacked",
            "strike",
            "strikes",
            "bomb",
            "bombing",
            "kill",
            "killing",
            "shelling",
        ],
    ),
    (
        "MOBILIZE",
        &[
            "drills",
            "drill",
            "exercise",
            "exercises",
            "mobilize",
            "mobilise",
            "deploy",
            "deploying",
            "troops",
        ],
    ),
    (
        "ACCUSE",
        &[
            "accuse", "accusing", "accused", "blame", "blaming", "allege", "alleging",
        ],
    ),
    (
        "PROTEST",
        &[
            "protest",
            "protesting",
            "demonstrate",
            "demonstration",
            "rally",
        ],
    ),
    (
        "REQUEST",
        &[
            "request",
            "requesting",
            "appeal",
            "demand",
            "demanding",
            "asking",
        ],
    ),
    (
        "REJECT",
        &["reject", "rejecting", "refuse", "refusing", "veto"],
    ),
    (
        "SUPPORT",
        &["support", "supporting", "praise", "endorse", "backing"],
    ),
    (
        "COOPERATE",
        &[
            "cooperate",
            "cooperating",
            "cooperation",
            "partnership",
            "ties",
            "alliance",
        ],
    ),
    (
        "COERCE",
        &[
            "arrest",
            "arresting",
            "detain",
            "detaining",
            "seize",
            "seizing",
            "blockade",
        ],
    ),
    (
        "RETREAT",
        &["withdraw", "withdrawing", "retreat", "retreating", "pull"],
    ),
    (
        "CONCEDE",
        &[
            "concede",
            "conceding",
            "release",
            "releasing",
            "ease",
            "easing",
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_and_classes_follow_the_codebook_shape() {
        assert_eq!(goldstein("190"), Some(-10.0));
        assert_eq!(goldstein("0874"), Some(5.0));
        assert_eq!(goldstein("163"), Some(-8.0));
        assert_eq!(goldstein("x"), None);
        assert_eq!(quad_class("040"), Some(1));
        assert_eq!(quad_class("070"), Some(2));
        assert_eq!(quad_class("130"), Some(3));
        assert_eq!(quad_class("180"), Some(4));
        // Every PLOVER category maps to a code with a weight, and cooperation is
        // weighted above conflict.
        for (cat, _) in CATEGORY_WORDS {
            let code = plover_to_cameo(cat).unwrap_or("none");
            assert!(goldstein(code).is_some(), "{cat}");
        }
        assert!(goldstein("070") > goldstein("180"));
    }
}
