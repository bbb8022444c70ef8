//! A record's subject as the engine sees it: the identity to index, the query that finds it, and how
//! two subjects are found to be possibly the same person — by the engine when both are written out, by
//! keys that survive the data when one of them was deleted.

use std::collections::BTreeSet;
use std::sync::Arc;

use article3_domain::{BirthDate, Subject};

use crate::date::DateSpec;
use crate::index::{Identity, Index, Query};
use crate::name::{Analyser, NameInput, NameKind, PartRole, Token};

/// The score from which two fully written records (a request's subject, a person the safeguard
/// register records, an earlier request's subject) are taken to be possibly the same person: above
/// the border's alert threshold, since neither side is a traveller's passport read in a hurry.
pub const LINK_THRESHOLD: f32 = 0.80;

/// The matching identity of a subject: its names, dates of birth, nationalities and documents.
pub fn identity(key: u64, subject: &Subject) -> Identity {
    Identity {
        key,
        names: subject
            .names
            .iter()
            .map(|n| {
                let input = NameInput {
                    full: n.full.clone(),
                    given: n.given.clone(),
                    family: n.family.clone(),
                    patronymic: n.patronymic.clone(),
                };
                let kind = match n.kind {
                    article3_domain::NameKind::Primary | article3_domain::NameKind::OriginalScript => NameKind::Primary,
                    article3_domain::NameKind::Alias | article3_domain::NameKind::Previous => NameKind::Alias,
                };
                (input, kind)
            })
            .collect(),
        birth_dates: subject.birth_dates.iter().map(|d| date_spec(*d)).collect(),
        nationalities: subject.nationalities.iter().map(ToString::to_string).collect(),
        documents: subject.documents.iter().map(|d| d.number.clone()).collect(),
    }
}

/// A subject as a query: every name, dates of birth, nationalities and documents.
pub fn query(subject: &Subject) -> Query {
    let Identity { names, birth_dates, nationalities, documents, .. } = identity(0, subject);
    Query { names: names.into_iter().map(|(name, _)| name).collect(), birth_dates, nationalities, documents }
}

fn date_spec(d: BirthDate) -> DateSpec {
    match d {
        BirthDate::Exact(date) => DateSpec::Day { year: date.year(), month: u8::from(date.month()), day: date.day() },
        BirthDate::YearMonth { year, month } => DateSpec::Month { year, month },
        BirthDate::Year(year) => DateSpec::Year(year),
        BirthDate::YearRange { from, to } => DateSpec::Range { from, to },
    }
}

/// Of `candidates` (a key and a subject each), those the engine finds at least [`LINK_THRESHOLD`] close
/// to `subject`, with their scores, best first.
pub fn closest(analyser: Arc<Analyser>, subject: &Subject, candidates: &[(u64, Subject)]) -> Vec<(u64, f32)> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let index = Index::build(analyser, candidates.iter().map(|(key, s)| identity(*key, s)).collect::<Vec<_>>());
    index
        .search(&query(subject), candidates.len(), LINK_THRESHOLD, &|_| true)
        .into_iter()
        .map(|hit| (hit.key, hit.score))
        .collect()
}

/// The version of [`sound_keys`], part of every key: stored keys outlive the data they were made from
/// (a deletion keeps them), so a change to how codes are made needs a new version, and the old keys
/// then simply stop matching.
pub const SOUND_KEYS: &str = "sound1";

/// At most this many keys per name and year: a name of many words, each written several ways, would
/// otherwise file a record under hundreds.
const SOUND_KEYS_PER_NAME: usize = 16;

/// Keys under which a subject is found again when another request writes its name otherwise: per
/// name of two words or more, the set of its words' codes with each year of birth the subject allows
/// ([`article3_domain::key_years`]). A word's codes are its name-dictionary groups (Mohamed, Muhammad
/// and محمد are one group; Oleksandr and Aleksandr another), its romanisation-insensitive skeleton
/// with the vowels after the first letter dropped (Exemple and Exempel, Petrov and Petrova agree), and
/// for a word in Arabic or Hebrew letters its consonant key. Particles and titles carry no code; words
/// are compared in any order. A subject without a date of birth has none, as with the exact keys.
///
/// They are coarser than the engine and meant for the case it cannot reach: a request about a person
/// whose earlier data the Commission deleted, of which only keys remain. Plain text: the store hashes
/// them as it hashes the exact keys.
pub fn sound_keys(analyser: &Analyser, subject: &Subject) -> BTreeSet<String> {
    identity_sound_keys(analyser, &identity(0, subject))
}

/// [`sound_keys`] of an identity as the engine holds it (the evaluation's watch lists): its years of
/// birth are those [`article3_domain::key_years`] gives a subject, at most a decade from each first.
pub fn identity_sound_keys(analyser: &Analyser, identity: &Identity) -> BTreeSet<String> {
    let years: BTreeSet<i32> =
        identity.birth_dates.iter().flat_map(|d| article3_domain::key_year_span(d.years())).collect();
    let mut keys = BTreeSet::new();
    if years.is_empty() {
        return keys;
    }
    for (input, kind) in &identity.names {
        let name = analyser.analyse(input, *kind);
        let codes: Vec<Vec<String>> = name
            .tokens
            .iter()
            .filter(|t| !t.particle && t.role != PartRole::Title)
            .map(|t| codes(analyser, t))
            .filter(|c| !c.is_empty())
            .collect();
        if codes.len() < 2 {
            continue;
        }
        for combination in combinations(&codes) {
            for year in &years {
                keys.insert(format!("{SOUND_KEYS}|{combination}|{year}"));
            }
        }
    }
    keys
}

/// A word's codes: its dictionary groups (`g:`) when the dictionary knows it — the skeleton without its
/// vowels would merge names the dictionary keeps apart (Hussein and Hassan are both `hsn`) — otherwise
/// its skeleton without later vowels (`s:`), or the consonant key of a word written in Arabic or Hebrew
/// letters (`c:`).
fn codes(analyser: &Analyser, token: &Token) -> Vec<String> {
    let group = |g: &crate::equivalence::GroupId| format!("g:{}", analyser.dictionary().group(*g).key);
    // A Chinese character's readings in other languages are weak evidence: a word with other groups
    // is coded by those.
    let mut out: Vec<String> = token.groups.iter().filter(|g| !token.readings.contains(g)).map(group).collect();
    if out.is_empty() {
        out.extend(token.groups.iter().map(group));
    }
    if out.is_empty() {
        let spelling =
            token.skeletons.first().cloned().or_else(|| token.mandarin.first().map(|m| crate::phonetic::skeleton(m)));
        if let Some(skeleton) = spelling.filter(|s| !s.is_empty()) {
            out.push(format!("s:{}", without_later_vowels(&skeleton)));
        } else if let Some(consonants) = token.consonants.first().filter(|c| !c.is_empty()) {
            out.push(format!("c:{consonants}"));
        }
    }
    out.sort();
    out.dedup();
    out
}

fn without_later_vowels(s: &str) -> String {
    let mut chars = s.chars();
    let first = chars.next().map(String::from).unwrap_or_default();
    first + &chars.filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')).collect::<String>()
}

/// Every choice of one code per word, each written as the sorted codes joined by spaces, at most
/// [`SOUND_KEYS_PER_NAME`] of them (first codes first).
fn combinations(codes: &[Vec<String>]) -> BTreeSet<String> {
    let mut partial: Vec<Vec<&str>> = vec![Vec::new()];
    for word in codes {
        let mut next = Vec::with_capacity(partial.len() * word.len());
        for p in &partial {
            for code in word {
                if next.len() == SOUND_KEYS_PER_NAME {
                    break;
                }
                let mut q = p.clone();
                q.push(code.as_str());
                next.push(q);
            }
        }
        partial = next;
    }
    partial
        .into_iter()
        .map(|mut words| {
            words.sort_unstable();
            words.join(" ")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use article3_domain::{PersonName, Sex};

    fn person(names: &[&str], born: Option<i32>) -> Subject {
        Subject::new(
            names
                .iter()
                .map(|n| PersonName::new(article3_domain::NameKind::Primary, Some(n), None, None, None, None).unwrap())
                .collect(),
            born.into_iter().map(BirthDate::Year).collect(),
            Sex::Unknown,
            BTreeSet::new(),
            Vec::new(),
            None,
            None,
        )
        .unwrap()
    }

    fn shared(a: &Subject, b: &Subject) -> bool {
        let analyser = Analyser::shipped().unwrap();
        !sound_keys(&analyser, a).is_disjoint(&sound_keys(&analyser, b))
    }

    #[test]
    fn other_spellings_and_scripts_share_a_key() {
        assert!(shared(&person(&["Jean Exemple"], Some(1980)), &person(&["Jean Exempel"], Some(1980))));
        assert!(shared(&person(&["Exempel Jean"], Some(1980)), &person(&["Jean Exemple"], Some(1980))), "any order");
        assert!(shared(&person(&["Mohamed Hussein"], Some(1975)), &person(&["Muhammad Husayn"], Some(1975))));
        assert!(shared(&person(&["محمد حسين"], Some(1975)), &person(&["Mohammed Hussein"], Some(1975))));
        assert!(shared(&person(&["Олександр Петренко"], Some(1990)), &person(&["Aleksandr Petrenko"], Some(1990))));
        assert!(shared(&person(&["Ali Al-Harbi Saad"], Some(1990)), &person(&["Saad Harbi Ali"], Some(1990))));
        assert!(shared(&person(&["王小明"], Some(1985)), &person(&["Wang Xiaoming"], Some(1985))));
    }

    #[test]
    fn different_people_do_not() {
        assert!(!shared(&person(&["Jean Exemple"], Some(1980)), &person(&["Jean Exemple"], Some(1981))), "year");
        assert!(!shared(&person(&["Jean Exemple"], Some(1980)), &person(&["Paul Exemple"], Some(1980))));
        assert!(!shared(&person(&["Jean Exemple"], Some(1980)), &person(&["Jean Martin"], Some(1980))));
        assert!(!shared(&person(&["Mohamed Hussein"], Some(1975)), &person(&["Mohamed Hassan"], Some(1975))));
    }

    #[test]
    fn a_single_word_or_no_year_is_no_key() {
        let analyser = Analyser::shipped().unwrap();
        assert!(sound_keys(&analyser, &person(&["Exemple"], Some(1980))).is_empty());
        assert!(sound_keys(&analyser, &person(&["Jean Exemple"], None)).is_empty());
        assert!(sound_keys(&analyser, &person(&["Al Exemple"], Some(1980))).is_empty(), "a particle is no word");
        let keys = sound_keys(&analyser, &person(&["Jean Exemple"], Some(1980)));
        assert_eq!(keys.len(), 1, "{keys:?}");
        assert!(keys.iter().all(|k| k.starts_with("sound1|") && k.ends_with("|1980")), "{keys:?}");
    }

    #[test]
    fn closest_scores_the_respelt_and_drops_the_other() {
        let analyser = Arc::new(Analyser::shipped().unwrap());
        let candidates = vec![(1, person(&["Jean Exempel"], Some(1980))), (2, person(&["Paul Martin"], Some(1980)))];
        let found = closest(analyser, &person(&["Jean Exemple"], Some(1980)), &candidates);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 1);
        assert!(found[0].1 >= LINK_THRESHOLD);
    }
}
