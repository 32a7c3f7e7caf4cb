//! Document-level consistency: a second pass over the sentences of one
//! document that labels further occurrences of names the first pass found.
//!
//! Web and news text repeat a name many times, and the sentence-level tagger
//! often finds it in one context ("the Miramar base") and misses it in a
//! weaker one ("miramar is nice"). After every sentence is tagged, each
//! recognised word sequence becomes a key (lower-cased words); every other
//! occurrence of a key that overlaps no span is labelled with the key's most
//! frequent type, and an occurrence of a key of two or more words that
//! covers only shorter spans (fragments: "Del Frisco" of "Del Frisco 's")
//! replaces them. Keys are matched longest first, then left to right.
//! Matching ignores case, except that a word the first pass only saw as an
//! acronym ("US") matches only words without lower-case letters (so "us"
//! stays a pronoun). First-pass spans are otherwise never changed.

use std::collections::HashMap;

use chronicle_core::EntityType;

/// A recognised span: half-open word range and type.
pub type Span = (usize, usize, EntityType);

/// Names longer than this many words are not propagated.
pub const MAX_KEY_WORDS: usize = 8;

/// Whether a word is an acronym: at least two letters, no lower-case letter.
fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// 64-bit FNV-1a hash of a word's lower-case form, without allocating
/// (collisions between distinct words are negligible at 64 bits).
fn lower_hash(word: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    if word.is_ascii() {
        // An ASCII character lower-cases to one ASCII byte.
        for &b in word.as_bytes() {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        return h;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// What the first pass said about one key.
struct KeyInfo {
    /// Hashes of the lower-cased words.
    words: Vec<u64>,
    /// Votes per type, in first-seen order.
    votes: Vec<(EntityType, usize)>,
    /// Per word: every recognised occurrence had it as an acronym.
    acronym_only: Vec<bool>,
}

impl KeyInfo {
    /// The most frequent type (the first seen on ties).
    fn kind(&self) -> EntityType {
        let mut best = self.votes[0];
        for &v in &self.votes[1..] {
            if v.1 > best.1 {
                best = v;
            }
        }
        best.0
    }
}

/// Label further occurrences of recognised names within one document.
/// `sentences[i]` holds the words of sentence `i` and `spans[i]` its
/// first-pass spans (sorted, non-overlapping); new spans are added in
/// place (replacing fragments of a longer known name) and each sentence's
/// spans stay sorted and non-overlapping.
/// Bounded work: each word is compared with the keys that share its first word.
pub fn propagate(sentences: &[Vec<&str>], spans: &mut [Vec<Span>]) {
    let n = sentences.len().min(spans.len());
    let mut keys: Vec<KeyInfo> = Vec::new();
    let mut by_words: HashMap<Vec<u64>, usize> = HashMap::new();
    for (words, sent_spans) in sentences[..n].iter().zip(spans[..n].iter()) {
        for &(s, e, kind) in sent_spans {
            if s >= e || e > words.len() || e - s > MAX_KEY_WORDS {
                continue;
            }
            let ws = &words[s..e];
            if !ws.iter().any(|w| w.chars().any(char::is_alphanumeric)) {
                continue;
            }
            let lower: Vec<u64> = ws.iter().map(|w| lower_hash(w)).collect();
            let k = *by_words.entry(lower.clone()).or_insert_with(|| {
                keys.push(KeyInfo {
                    words: lower,
                    votes: Vec::new(),
                    acronym_only: vec![true; ws.len()],
                });
                keys.len() - 1
            });
            let info = &mut keys[k];
            match info.votes.iter_mut().find(|v| v.0 == kind) {
                Some(v) => v.1 += 1,
                None => info.votes.push((kind, 1)),
            }
            for (a, w) in info.acronym_only.iter_mut().zip(ws) {
                *a &= is_acronym(w);
            }
        }
    }
    if keys.is_empty() {
        return;
    }
    // Keys by first word, longest first (then first seen).
    let mut by_first: HashMap<u64, Vec<usize>> = HashMap::new();
    for (k, info) in keys.iter().enumerate() {
        by_first.entry(info.words[0]).or_default().push(k);
    }
    for list in by_first.values_mut() {
        list.sort_by_key(|&k| (std::cmp::Reverse(keys[k].words.len()), k));
    }
    for (words, sent_spans) in sentences[..n].iter().zip(spans[..n].iter_mut()) {
        let lower: Vec<u64> = words.iter().map(|w| lower_hash(w)).collect();
        // Candidate matches: (length, start, key).
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for a in 0..words.len() {
            let Some(list) = by_first.get(&lower[a]) else {
                continue;
            };
            for &k in list {
                let info = &keys[k];
                let len = info.words.len();
                if a + len > words.len() {
                    continue;
                }
                let hit = (0..len).all(|j| {
                    lower[a + j] == info.words[j]
                        && (!info.acronym_only[j] || !words[a + j].chars().any(char::is_lowercase))
                });
                if hit {
                    found.push((len, a, k));
                }
            }
        }
        if found.is_empty() {
            continue;
        }
        found.sort_by_key(|&(len, a, k)| (std::cmp::Reverse(len), a, k));
        // Which span (index + 1, 0 = none) covers each word: overlap tests
        // cost the name's length, not the sentence's span count.
        let mut owner = vec![0usize; words.len()];
        let mut live: Vec<Option<Span>> = Vec::with_capacity(sent_spans.len());
        // Spans the input had that cannot be placed (out of range or
        // overlapping) are kept as they were.
        let mut unplaced: Vec<Span> = Vec::new();
        for &(s, e, kind) in sent_spans.iter() {
            if s < e && e <= words.len() && owner[s..e].iter().all(|&o| o == 0) {
                live.push(Some((s, e, kind)));
                let id = live.len();
                owner[s..e].iter_mut().for_each(|o| *o = id);
            } else {
                unplaced.push((s, e, kind));
            }
        }
        let mut changed = false;
        for (len, a, k) in found {
            let b = a + len;
            let mut ids: Vec<usize> = owner[a..b].iter().copied().filter(|&o| o != 0).collect();
            ids.dedup();
            // Fragments of a longer name known in the document are replaced.
            let replace = len >= 2
                && !ids.is_empty()
                && ids.iter().all(|&id| {
                    matches!(live[id - 1], Some((s, e, _)) if a <= s && e <= b && (s, e) != (a, b))
                });
            if !ids.is_empty() && !replace {
                continue;
            }
            for &id in &ids {
                live[id - 1] = None;
            }
            live.push(Some((a, b, keys[k].kind())));
            let id = live.len();
            owner[a..b].iter_mut().for_each(|o| *o = id);
            changed = true;
        }
        if changed {
            *sent_spans = live.into_iter().flatten().chain(unplaced).collect();
        }
        sent_spans.sort_by_key(|&(s, e, _)| (s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_lower_hash_is_the_general_one() {
        let general = |w: &str| {
            let mut h = 0xcbf2_9ce4_8422_2325u64;
            for c in w.chars().flat_map(char::to_lowercase) {
                let mut buf = [0u8; 4];
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(0x0000_0100_0000_01b3);
                }
            }
            h
        };
        for w in [
            "",
            "US",
            "us",
            "McDonald's",
            "A-1",
            "\u{7f}",
            "Zürich",
            "İstanbul",
        ] {
            assert_eq!(lower_hash(w), general(w), "{w}");
        }
    }

    fn words(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    #[test]
    fn later_and_earlier_occurrences_get_the_label() {
        let sents = vec![
            words("we ate at miramar yesterday"),
            words("The Miramar Grill is by Lake Erie"),
            words("miramar grill was fine"),
        ];
        let mut spans = vec![
            vec![],
            vec![(1, 3, EntityType::Loc), (5, 7, EntityType::Loc)],
            vec![],
        ];
        propagate(&sents, &mut spans);
        // "miramar" alone was never recognised: no key for it.
        assert!(spans[0].is_empty());
        assert_eq!(spans[2], vec![(0, 2, EntityType::Loc)]);
        assert_eq!(spans[1].len(), 2);
    }

    #[test]
    fn majority_type_wins_and_existing_spans_stay() {
        let sents = vec![
            words("Jordan said so"),
            words("Jordan agreed"),
            words("in Jordan"),
            words("jordan left"),
        ];
        let mut spans = vec![
            vec![(0, 1, EntityType::Per)],
            vec![(0, 1, EntityType::Per)],
            vec![(1, 2, EntityType::Gpe)],
            vec![],
        ];
        propagate(&sents, &mut spans);
        assert_eq!(spans[2], vec![(1, 2, EntityType::Gpe)]);
        assert_eq!(spans[3], vec![(0, 1, EntityType::Per)]);
    }

    #[test]
    fn acronyms_do_not_match_lower_case_words() {
        let sents = vec![words("the US said"), words("tell us more about US aid")];
        let mut spans = vec![vec![(1, 2, EntityType::Gpe)], vec![]];
        propagate(&sents, &mut spans);
        assert_eq!(spans[1], vec![(4, 5, EntityType::Gpe)]);
    }

    #[test]
    fn longest_key_first_and_no_overlaps() {
        let sents = vec![
            words("New York is big"),
            words("York is old"),
            words("I love new york and York"),
        ];
        let mut spans = vec![
            vec![(0, 2, EntityType::Gpe)],
            vec![(0, 1, EntityType::Gpe)],
            vec![],
        ];
        propagate(&sents, &mut spans);
        assert_eq!(
            spans[2],
            vec![(2, 4, EntityType::Gpe), (5, 6, EntityType::Gpe)]
        );
    }

    #[test]
    fn lower_hash_ignores_case_only() {
        assert_eq!(lower_hash("Miramar"), lower_hash("MIRAMAR"));
        assert_eq!(lower_hash("Zürich"), lower_hash("zÜrich"));
        assert_ne!(lower_hash("Miramar"), lower_hash("Miramir"));
        assert_ne!(lower_hash("ab"), lower_hash("ba"));
    }

    #[test]
    fn fragments_of_a_known_name_are_replaced() {
        let sents = vec![
            words("dinner at Del Frisco 's tonight"),
            words("Del Frisco 's in late November"),
            words("we saw Del Frisco 's staff"),
        ];
        let mut spans = vec![
            vec![(2, 5, EntityType::Loc)],
            // A span running past the name is left alone (not inside it).
            vec![(0, 6, EntityType::Per)],
            // A fragment inside it is replaced by the whole name.
            vec![(2, 4, EntityType::Per)],
        ];
        propagate(&sents, &mut spans);
        assert_eq!(spans[1], vec![(0, 6, EntityType::Per)]);
        assert_eq!(spans[2], vec![(2, 5, EntityType::Loc)]);
    }

    #[test]
    fn long_sentences_with_many_spans_stay_linear() {
        // 150,000 words, 60,000 first-pass spans in one sentence: overlap
        // tests are per word, so this is quick even in a debug build.
        let sent: Vec<&str> = ["Ann", "Lee", "met", "Bo", "."]
            .iter()
            .cycle()
            .take(150_000)
            .copied()
            .collect();
        let mut first = Vec::new();
        for i in (0..sent.len()).step_by(5) {
            first.push((i, i + 2, EntityType::Per));
            if i % 2 == 0 {
                first.push((i + 3, i + 4, EntityType::Per));
            }
        }
        let n_first = first.len();
        let mut spans = vec![first];
        let t0 = std::time::Instant::now();
        propagate(&[sent], &mut spans);
        assert!(t0.elapsed().as_secs() < 20);
        // Every "Bo" is now labelled; nothing overlaps.
        assert_eq!(spans[0].len(), n_first + 15_000);
        assert!(spans[0].windows(2).all(|w| w[0].1 <= w[1].0));
    }

    #[test]
    fn odd_input_is_harmless() {
        // Out-of-range spans, punctuation-only names, more span lists than
        // sentences, empty sentences.
        let sents = vec![words("a - b"), Vec::new()];
        let mut spans = vec![
            vec![(1, 2, EntityType::Org), (2, 9, EntityType::Per)],
            vec![],
            vec![(0, 1, EntityType::Loc)],
        ];
        propagate(&sents, &mut spans);
        assert_eq!(spans[0].len(), 2);
        assert!(spans[1].is_empty());
        propagate(&[], &mut []);
    }
}
