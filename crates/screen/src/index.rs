//! The screening index: identities (names, dates of birth, nationalities, documents) under blocking keys
//! — name skeletons and their one-letter deletions (typos), dictionary groups, consonant keys, joined
//! tokens, document numbers — and a query that gathers candidates by those keys, rarest first, then
//! scores the best of them with explanations.
//!
//! Postings live in a sorted, immutable base built in one pass, plus a small delta for identities added
//! since; removals mark a slot dead. `compact` folds the delta into the base.

use std::collections::HashMap;
use std::sync::Arc;

use crate::date::{self, DateRelation, DateSpec};
use crate::mrz::normalise_document_number;
use crate::name::{Analyser, Name, NameInput, NameKind, Token};
use crate::phonetic;
use crate::score::{self, NameScore};

/// An identity to index: the caller's key and what is known of the person.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Identity {
    pub key: u64,
    pub names: Vec<(NameInput, NameKind)>,
    pub birth_dates: Vec<DateSpec>,
    /// ISO 3166 alpha-2, any case.
    pub nationalities: Vec<String>,
    pub documents: Vec<String>,
}

/// A traveller to screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub names: Vec<NameInput>,
    pub birth_dates: Vec<DateSpec>,
    pub nationalities: Vec<String>,
    pub documents: Vec<String>,
}

/// One reason behind a score: the feature, its effect, the two values compared, and a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub feature: &'static str,
    pub score: f32,
    pub query: String,
    pub listed: String,
    pub detail: String,
}

/// A scored candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub key: u64,
    pub score: f32,
    pub explanations: Vec<Explanation>,
    pub name: Option<NameScore>,
}

#[derive(Debug, Clone)]
struct Stored {
    key: u64,
    names: Box<[(NameInput, NameKind)]>,
    birth_dates: Box<[DateSpec]>,
    nationalities: Box<[[u8; 2]]>,
    documents: Box<[Box<str>]>,
}

/// Sorted keys with their posting lists (slot numbers, ascending).
#[derive(Debug, Default)]
struct Postings {
    keys: Vec<u64>,
    offsets: Vec<u32>,
    slots: Vec<u32>,
}

impl Postings {
    fn build(mut pairs: Vec<(u64, u32)>) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        let mut p = Postings { keys: Vec::new(), offsets: Vec::new(), slots: Vec::with_capacity(pairs.len()) };
        for (key, slot) in pairs {
            if p.keys.last() != Some(&key) {
                p.keys.push(key);
                p.offsets.push(p.slots.len() as u32);
            }
            p.slots.push(slot);
        }
        p.offsets.push(p.slots.len() as u32);
        p.keys.shrink_to_fit();
        p.offsets.shrink_to_fit();
        p
    }

    fn get(&self, key: u64) -> &[u32] {
        match self.keys.binary_search(&key) {
            Ok(i) => {
                let (from, to) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
                &self.slots[from..to]
            }
            Err(_) => &[],
        }
    }
}

/// Key tags: what kind of evidence a blocking key stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Skeleton = 1,
    Deletion = 2,
    Group = 3,
    Consonants = 4,
    Document = 5,
}

fn hash(tag: Tag, text: &[u8]) -> u64 {
    // FNV-1a: fast, stable across runs, and good enough for blocking (a collision only adds a candidate).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (tag as u64);
    for b in text {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn group_key(g: crate::equivalence::GroupId) -> u64 {
    hash(Tag::Group, &(g.index() as u64).to_le_bytes())
}

/// One-letter deletions of a skeleton, for typo tolerance. Short skeletons get none: a deletion of a
/// four-letter name is another name.
fn deletions(s: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<char> = if s.chars().count() >= 5 { s.chars().collect() } else { Vec::new() };
    (0..chars.len()).map(move |i| chars.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| *c).collect())
}

/// The keys an indexed name is filed under.
fn index_keys(analyser: &Analyser, name: &Name, out: &mut Vec<u64>) {
    for t in &name.tokens {
        for s in &t.skeletons {
            out.push(hash(Tag::Skeleton, s.as_bytes()));
        }
        if let Some(s) = t.skeletons.first() {
            out.extend(deletions(s).map(|d| hash(Tag::Deletion, d.as_bytes())));
        }
        out.extend(t.groups.iter().map(|g| group_key(*g)));
        for c in t.consonants.iter().filter(|c| c.len() >= 2) {
            out.push(hash(Tag::Consonants, c.as_bytes()));
        }
        if t.latin.is_empty() && t.groups.is_empty() {
            // Unromanised and unknown to the dictionary: its own script is the only key.
            out.push(hash(Tag::Skeleton, t.norm.as_bytes()));
        }
    }
    for pair in name.tokens.windows(2) {
        if let (Some(a), Some(b)) = (pair[0].latin.first(), pair[1].latin.first()) {
            out.push(hash(Tag::Skeleton, phonetic::skeleton(&format!("{a}{b}")).as_bytes()));
        }
        out.extend(analyser.pair_groups(&pair[0], &pair[1]).into_iter().map(group_key));
    }
}

/// A query token's keys with their weights (exact evidence weighs more than a typo key).
fn query_keys(analyser: &Analyser, token: &Token, next: Option<&Token>) -> Vec<(u64, f32)> {
    let mut keys = Vec::new();
    for s in &token.skeletons {
        keys.push((hash(Tag::Skeleton, s.as_bytes()), 1.0));
        keys.push((hash(Tag::Deletion, s.as_bytes()), 0.6));
    }
    if let Some(s) = token.skeletons.first() {
        for d in deletions(s) {
            keys.push((hash(Tag::Skeleton, d.as_bytes()), 0.6));
            keys.push((hash(Tag::Deletion, d.as_bytes()), 0.5));
        }
    }
    keys.extend(token.groups.iter().map(|g| (group_key(*g), 0.95)));
    if token.is_abjad() {
        for c in token.consonants.iter().filter(|c| c.len() >= 2) {
            keys.push((hash(Tag::Consonants, c.as_bytes()), 0.8));
        }
    }
    if token.latin.is_empty() && token.groups.is_empty() {
        keys.push((hash(Tag::Skeleton, token.norm.as_bytes()), 1.0));
    }
    if let Some(next) = next {
        if let (Some(a), Some(b)) = (token.latin.first(), next.latin.first()) {
            keys.push((hash(Tag::Skeleton, phonetic::skeleton(&format!("{a}{b}")).as_bytes()), 1.0));
        }
        keys.extend(analyser.pair_groups(token, next).into_iter().map(|g| (group_key(g), 0.95)));
    }
    keys
}

/// Postings longer than this only raise candidates found by rarer keys: a name shared by tens of
/// thousands of people is no way to find one of them.
const COMMON: usize = 4_000;
/// Candidates scored in full per query, at most.
const SCORED: usize = 64;

/// The screening index.
#[derive(Debug)]
pub struct Index {
    analyser: Arc<Analyser>,
    slots: Vec<Option<Stored>>,
    by_key: HashMap<u64, u32>,
    base: Postings,
    delta: HashMap<u64, Vec<u32>>,
    delta_entries: usize,
    live: usize,
}

impl Index {
    /// Builds the index over `identities` in one pass.
    pub fn build(analyser: Arc<Analyser>, identities: impl IntoIterator<Item = Identity>) -> Self {
        let mut index = Self {
            analyser,
            slots: Vec::new(),
            by_key: HashMap::new(),
            base: Postings::default(),
            delta: HashMap::new(),
            delta_entries: 0,
            live: 0,
        };
        let mut pairs: Vec<(u64, u32)> = Vec::new();
        let mut keys = Vec::new();
        for identity in identities {
            let slot = index.store(identity, &mut keys);
            pairs.extend(keys.drain(..).map(|k| (k, slot)));
        }
        index.base = Postings::build(pairs);
        index
    }

    pub fn analyser(&self) -> &Analyser {
        &self.analyser
    }

    /// Identities currently indexed.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    fn store(&mut self, identity: Identity, keys: &mut Vec<u64>) -> u32 {
        if let Some(old) = self.by_key.get(&identity.key).copied() {
            self.remove_slot(old);
        }
        for (input, kind) in &identity.names {
            let name = self.analyser.analyse(input, *kind);
            index_keys(&self.analyser, &name, keys);
        }
        let documents: Vec<Box<str>> = identity
            .documents
            .iter()
            .map(|d| normalise_document_number(d))
            .filter(|d| !d.is_empty())
            .map(String::into_boxed_str)
            .collect();
        keys.extend(documents.iter().map(|d| hash(Tag::Document, d.as_bytes())));
        keys.sort_unstable();
        keys.dedup();
        let slot = self.slots.len() as u32;
        self.slots.push(Some(Stored {
            key: identity.key,
            names: identity.names.into_boxed_slice(),
            birth_dates: identity.birth_dates.into_boxed_slice(),
            nationalities: identity.nationalities.iter().filter_map(|n| country(n)).collect(),
            documents: documents.into_boxed_slice(),
        }));
        self.by_key.insert(identity.key, slot);
        self.live += 1;
        slot
    }

    fn remove_slot(&mut self, slot: u32) {
        if let Some(entry) = self.slots.get_mut(slot as usize)
            && entry.take().is_some()
        {
            self.live -= 1;
        }
    }

    /// Adds an identity, or replaces the one with the same key; visible to the next query.
    pub fn insert(&mut self, identity: Identity) {
        let mut keys = Vec::new();
        let slot = self.store(identity, &mut keys);
        self.delta_entries += keys.len();
        for k in keys {
            self.delta.entry(k).or_default().push(slot);
        }
        // Keep the delta small relative to the base, so lookups stay cheap.
        if self.delta_entries > 200_000.max(self.base.slots.len() / 8) {
            self.compact();
        }
    }

    /// Removes the identity with this key, if indexed; it never matches again.
    pub fn remove(&mut self, key: u64) -> bool {
        match self.by_key.remove(&key) {
            Some(slot) => {
                self.remove_slot(slot);
                true
            }
            None => false,
        }
    }

    /// Rebuilds the base from the live identities, dropping the delta and dead slots.
    pub fn compact(&mut self) {
        let live: Vec<Identity> = self
            .slots
            .drain(..)
            .flatten()
            .map(|s| Identity {
                key: s.key,
                names: s.names.into_vec(),
                birth_dates: s.birth_dates.into_vec(),
                nationalities: s.nationalities.iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect(),
                documents: s.documents.iter().map(|d| d.to_string()).collect(),
            })
            .collect();
        *self = Self::build(Arc::clone(&self.analyser), live);
    }

    fn postings(&self, key: u64) -> (&[u32], &[u32]) {
        (self.base.get(key), self.delta.get(&key).map_or(&[][..], Vec::as_slice))
    }

    /// Screens `query`: at most `limit` hits scoring at least `cutoff`, best first. `visible` decides,
    /// per caller key, whether the asking party may see an identity; invisible identities are never
    /// scored, so they cannot crowd out visible ones.
    pub fn search(&self, query: &Query, limit: usize, cutoff: f32, visible: &dyn Fn(u64) -> bool) -> Vec<Hit> {
        let names: Vec<Name> = query.names.iter().map(|n| self.analyser.analyse(n, NameKind::Primary)).collect();
        let mut acc: HashMap<u32, (f32, u64)> = HashMap::new();
        let alive = |slot: u32| self.slots.get(slot as usize).and_then(Option::as_ref).is_some_and(|s| visible(s.key));
        // Documents first: an exact number is decisive evidence.
        let documents: Vec<String> =
            query.documents.iter().map(|d| normalise_document_number(d)).filter(|d| !d.is_empty()).collect();
        for d in &documents {
            let (base, delta) = self.postings(hash(Tag::Document, d.as_bytes()));
            for slot in base.iter().chain(delta).copied().filter(|s| alive(*s)) {
                acc.entry(slot).or_insert((0.0, 0)).0 += 100.0;
            }
        }
        // Every query token's keys, with the token's bit; the rarest postings are read first.
        let mut lookups: Vec<(usize, f32, &[u32], &[u32])> = Vec::new();
        let mut bit = 0usize;
        for name in &names {
            for (i, token) in name.tokens.iter().enumerate() {
                for (key, weight) in query_keys(&self.analyser, token, name.tokens.get(i + 1)) {
                    let (base, delta) = self.postings(key);
                    if !base.is_empty() || !delta.is_empty() {
                        lookups.push((bit.min(63), weight, base, delta));
                    }
                }
                bit += 1;
            }
        }
        lookups.sort_by_key(|(_, _, base, delta)| base.len() + delta.len());
        let total = self.slots.len().max(1) as f32;
        let mut common = Vec::new();
        for (bit, weight, base, delta) in lookups {
            let df = (base.len() + delta.len()) as f32;
            let w = weight * (1.0 + (total / df).ln());
            if base.len() + delta.len() > COMMON {
                common.push((bit, w, base, delta));
                continue;
            }
            for slot in base.iter().chain(delta).copied() {
                let e = acc.entry(slot).or_insert((0.0, 0));
                if e.1 & (1 << bit) == 0 {
                    e.0 += w;
                    e.1 |= 1 << bit;
                }
            }
        }
        if acc.is_empty() && common.len() >= 2 {
            // Only common keys ("mohammed ali"): identities carrying two of them.
            // Delta slots come after every base slot, so base then delta is still sorted.
            let (a, b) = (&common[0], &common[1]);
            for slot in intersect(&[a.2, a.3].concat(), &[b.2, b.3].concat()) {
                acc.insert(slot, (a.1 + b.1, (1 << a.0) | (1 << b.0)));
            }
        }
        for (bit, w, base, delta) in &common {
            for (slot, e) in &mut acc {
                if e.1 & (1 << bit) == 0 && (base.binary_search(slot).is_ok() || delta.contains(slot)) {
                    e.0 += w;
                    e.1 |= 1 << bit;
                }
            }
        }
        let mut ranked: Vec<(u32, f32)> =
            acc.into_iter().filter(|(s, _)| alive(*s)).map(|(s, (w, _))| (s, w)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(SCORED.max(limit));
        let mut hits: Vec<Hit> = ranked
            .into_iter()
            .filter_map(|(slot, _)| self.slots.get(slot as usize)?.as_ref())
            .map(|stored| self.score(query, &names, &documents, stored))
            .filter(|h| h.score >= cutoff)
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.key.cmp(&b.key)));
        hits.truncate(limit);
        hits
    }

    fn score(&self, query: &Query, names: &[Name], documents: &[String], stored: &Stored) -> Hit {
        let listed: Vec<Name> = stored.names.iter().map(|(n, k)| self.analyser.analyse(n, *k)).collect();
        let mut explanations = Vec::new();
        let best = score::best_names(names, &listed);
        let mut score = best.as_ref().map_or(0.0, |b| b.score);
        if let Some(b) = &best {
            let how: Vec<String> = b
                .aligned
                .iter()
                .map(|a| format!("'{}' ≈ '{}' ({}, {:.2})", a.query, a.listed, a.how.as_str(), a.score))
                .collect();
            let mut detail = how.join("; ");
            if !b.unmatched_query.is_empty() {
                detail.push_str(&format!("; not found: {}", b.unmatched_query.join(" ")));
            }
            explanations.push(Explanation {
                feature: "name_match",
                score: b.score,
                query: b.query_name.clone(),
                listed: b.listed_name.clone(),
                detail,
            });
        }
        if let Some(d) = documents.iter().find(|d| stored.documents.iter().any(|s| &**s == d.as_str())) {
            score = 1.0;
            explanations.push(Explanation {
                feature: "document_match",
                score: 1.0,
                query: d.clone(),
                listed: d.clone(),
                detail: "the same document number: decisive".to_owned(),
            });
        }
        if let Some((relation, q, l)) = date::best(&query.birth_dates, &stored.birth_dates) {
            let adj = relation.adjustment();
            score += adj;
            explanations.push(Explanation {
                feature: match relation {
                    DateRelation::SameDay | DateRelation::Compatible => "dob_match",
                    DateRelation::SwappedDayMonth => "dob_day_month_swapped",
                    DateRelation::SameYearOtherDay => "dob_day_disjoint",
                    DateRelation::YearApart | DateRelation::Different => "dob_year_disjoint",
                },
                score: adj,
                query: q.to_string(),
                listed: l.to_string(),
                detail: relation.as_str().to_owned(),
            });
        }
        let query_countries: Vec<[u8; 2]> = query.nationalities.iter().filter_map(|n| country(n)).collect();
        if !query_countries.is_empty() && !stored.nationalities.is_empty() {
            let shared = query_countries.iter().find(|c| stored.nationalities.contains(c));
            let show = |cs: &[[u8; 2]]| {
                cs.iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(", ")
            };
            let adj = if shared.is_some() { 0.0 } else { -0.10 };
            score += adj;
            explanations.push(Explanation {
                feature: if shared.is_some() { "nationality_match" } else { "nationality_mismatch" },
                score: adj,
                query: show(&query_countries),
                listed: show(&stored.nationalities),
                detail: if shared.is_some() { "a nationality in common" } else { "no nationality in common" }
                    .to_owned(),
            });
        }
        Hit { key: stored.key, score: score.clamp(0.0, 1.0), explanations, name: best }
    }
}

fn country(code: &str) -> Option<[u8; 2]> {
    let b = code.trim().as_bytes();
    (b.len() == 2 && b.iter().all(u8::is_ascii_alphabetic))
        .then(|| [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()])
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}
