//! The screening index: identities (names, dates of birth, nationalities, documents) under blocking keys
//! — name skeletons and their one-letter deletions (typos), dictionary groups, consonant keys, joined
//! tokens, document numbers — and a query that gathers candidates by those keys, rarest first, then
//! scores the best of them with explanations.
//!
//! Postings live in a sorted, immutable base built in one pass, plus a small delta for identities added
//! since; removals mark a slot dead. When the delta has grown (`wants_compaction`), its owner folds it
//! into the base: `compact` rebuilds in place, or an index built anew from the live identities takes
//! over (the server builds one beside the index it keeps serving).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::date::{self, DateRelation, DateSpec};
use crate::mrz::normalise_document_number;
use crate::name::{self, Analyser, NameInput, NameKind, PartRole, Token};
use crate::phonetic::{self, Sketch};
use crate::score::{self, NameScore, Part, Scratch, TokenMatch};
use crate::text::Script;

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

/// The features explanations name. A hit's score is the name's (1 for an exact document number) plus
/// the effect of the date of birth and of the nationality, kept between 0 and 1: an explanation's
/// score is its feature's effect.
pub mod feature {
    pub const NAME_MATCH: &str = "name_match";
    pub const DOCUMENT_MATCH: &str = "document_match";
    pub const DOB_MATCH: &str = "dob_match";
    pub const DOB_DAY_MONTH_SWAPPED: &str = "dob_day_month_swapped";
    pub const DOB_DAY_DISJOINT: &str = "dob_day_disjoint";
    pub const DOB_YEAR_DISJOINT: &str = "dob_year_disjoint";
    pub const NATIONALITY_MATCH: &str = "nationality_match";
    pub const NATIONALITY_MISMATCH: &str = "nationality_mismatch";

    /// Every feature, with what it means.
    pub const ALL: [(&str, &str); 8] = [
        (NAME_MATCH, "How well the closest pair of names agrees, part by part (0 to 1): the base of the score."),
        (DOCUMENT_MATCH, "The same document number, normalised: the score is 1 whatever the names."),
        (DOB_MATCH, "The dates of birth agree (at the coarser precision, less 0.05 for a month, 0.10 for a year)."),
        (DOB_DAY_MONTH_SWAPPED, "The dates of birth agree with day and month swapped: less 0.075."),
        (DOB_DAY_DISJOINT, "Born the same year, the day or the month differing: less 0.15; both: less 0.35."),
        (
            DOB_YEAR_DISJOINT,
            "Born a year apart, all else agreeing: less 0.15; further apart, or a year and a day: less 0.40.",
        ),
        (NATIONALITY_MATCH, "A nationality in common: no effect (agreement never lifts a score)."),
        (NATIONALITY_MISMATCH, "No nationality in common: less 0.10."),
    ];
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
    /// How the best pair of names compared (boxed: a hit stays small, and so does a list of them).
    pub name: Option<Box<NameScore>>,
}

/// One of an identity's names, analysed once when it is stored: where its tokens lie among the
/// identity's [`Stored::parts`].
#[derive(Debug, Clone)]
struct StoredName {
    kind: NameKind,
    from: u32,
    to: u32,
}

#[derive(Debug, Clone)]
struct Stored {
    key: u64,
    names: Box<[(NameInput, NameKind)]>,
    analysed: Box<[StoredName]>,
    /// The tokens of all its names, one name after another (ids into the index's token table), and
    /// the part of the name each came from: one allocation, so that reading a candidate's names
    /// takes one step from the identity rather than one per name.
    parts: Box<[(u32, PartRole)]>,
    birth_dates: Box<[DateSpec]>,
    nationalities: Box<[[u8; 2]]>,
    documents: Box<[Box<str>]>,
}

impl Stored {
    /// The tokens of one of its names.
    fn parts_of(&self, name: &StoredName) -> &[(u32, PartRole)] {
        self.parts.get(name.from as usize..name.to as usize).unwrap_or_default()
    }
}

/// Every distinct token the index holds, analysed once (romanisations, skeletons, keys, groups):
/// names share tokens, so a million identities need far fewer analyses, and none at query time.
#[derive(Debug, Default)]
struct TokenTable {
    tokens: Vec<Token>,
    by_norm: FastMap<Box<str>, u32>,
}

impl TokenTable {
    fn intern(&mut self, analyser: &Analyser, norm: &str) -> u32 {
        if let Some(id) = self.by_norm.get(norm) {
            return *id;
        }
        let id = self.tokens.len() as u32;
        self.tokens.push(analyser.listed_token(norm, PartRole::Unknown));
        self.by_norm.insert(norm.into(), id);
        id
    }

    fn get(&self, id: u32) -> Option<&Token> {
        self.tokens.get(id as usize)
    }

    /// Gives the tokens of a prepared identity's names their ids.
    fn intern_all(&mut self, analyser: &Analyser, identity: &Identity, prepared: Prepared) -> Interned {
        let mut analysed = Vec::with_capacity(prepared.names.len());
        let mut parts = Vec::with_capacity(prepared.names.iter().map(Vec::len).sum());
        for (split, (_, kind)) in prepared.names.iter().zip(&identity.names) {
            let from = parts.len() as u32;
            parts.extend(split.iter().map(|(norm, role)| (self.intern(analyser, norm), *role)));
            analysed.push(StoredName { kind: *kind, from, to: parts.len() as u32 });
        }
        let documents = identity
            .documents
            .iter()
            .map(|d| normalise_document_number(d))
            .filter(|d| !d.is_empty())
            .map(String::into_boxed_str)
            .collect();
        Interned { analysed, parts, documents }
    }
}

/// Identities taken from the build's input at a time: enough for the threads' start to cost nothing
/// beside their work, few enough that what is prepared for them stays small.
const BUILD_CHUNK: usize = 16_384;

/// The fewest identities worth a helper thread's share of a chunk.
const BUILD_SHARE: usize = 256;

/// What storing an identity needs that neither the index nor the other identities change: its names
/// split and normalised. Prepared on several threads at a build, and dropped once interned (what the
/// index keeps is allocated by the thread that stores it, beside the rest of the identity).
struct Prepared {
    names: Vec<Vec<(String, PartRole)>>,
}

impl Prepared {
    fn of(identity: &Identity) -> Self {
        Self { names: identity.names.iter().map(|(input, _)| name::split(input).1).collect() }
    }
}

/// An identity's names as token ids, ready to be stored.
struct Interned {
    analysed: Vec<StoredName>,
    parts: Vec<(u32, PartRole)>,
    documents: Box<[Box<str>]>,
}

impl Interned {
    /// The identity's blocking keys (pairs of adjacent tokens, tokens by year of birth, documents),
    /// sorted and distinct, and the tokens its names hold, sorted and distinct.
    fn keys(&self, tokens: &TokenTable, analyser: &Analyser, identity: &Identity) -> (Vec<u64>, Vec<u32>) {
        let mut keys = Vec::new();
        for name in &self.analysed {
            let parts = self.parts.get(name.from as usize..name.to as usize).unwrap_or_default();
            // A title beside a name is not written as one word with it.
            let tokens: Vec<&Token> = parts
                .iter()
                .filter(|(_, role)| *role != PartRole::Title)
                .filter_map(|(id, _)| tokens.get(*id))
                .collect();
            pair_keys(analyser, &tokens, &mut keys);
        }
        let mut ids: Vec<u32> = self.parts.iter().map(|p| p.0).collect();
        ids.sort_unstable();
        ids.dedup();
        for year in birth_years(&identity.birth_dates) {
            keys.extend(ids.iter().map(|id| year_key(*id, year)));
        }
        keys.extend(self.documents.iter().map(|d| hash(Tag::Document, d.as_bytes())));
        keys.sort_unstable();
        keys.dedup();
        (keys, ids)
    }
}

/// `f` of each item, in order, the items shared out among `threads` scoped threads (this thread
/// alone when one, or when the items are few).
fn in_parallel<T: Sync, U: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    if threads <= 1 || items.len() < 2 * BUILD_SHARE {
        return items.iter().map(f).collect();
    }
    let per = items.len().div_ceil(threads).max(BUILD_SHARE);
    let f = &f;
    std::thread::scope(|scope| {
        let mut shares = items.chunks(per);
        // The first share is this thread's, worked on while the others run.
        let mine = shares.next().unwrap_or_default();
        let others: Vec<_> = shares.map(|share| scope.spawn(move || share.iter().map(f).collect::<Vec<U>>())).collect();
        let mut out: Vec<U> = mine.iter().map(f).collect();
        for share in others {
            match share.join() {
                Ok(done) => out.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// A fast hasher for keys that are already well mixed (slot numbers, token ids, FNV hashes) and for
/// the names of the token table (short, and written by the list's own bureaus).
#[derive(Debug, Default, Clone, Copy)]
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        // The product's high bits are its best mixed; the table picks a bucket by the low ones.
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes a step, the last padded with zeros; the length first keeps "a" and "a\0" apart.
        self.write_u64(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }

    fn write_u16(&mut self, x: u16) {
        self.write_u64(u64::from(x));
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// Sorted keys with their posting lists (slot numbers, ascending), and a directory on the keys' top
/// bits so that a lookup searches a handful of keys rather than all of them. A key and the start of
/// its list are stored together (one memory load finds both), and a last entry closes the last list.
#[derive(Debug, Default)]
struct Postings {
    entries: Vec<(u64, u32)>,
    slots: Vec<u32>,
    directory: Vec<u32>,
    shift: u32,
    /// If built ([`Postings::with_filter`]), two bits per key set in one word of a table small enough
    /// to stay in the processor's cache: most keys a query looks up in the vocabulary (a misspelt
    /// name's one-letter deletions) have no list, and the filter tells so without the two reads from
    /// memory the directory and the entries cost.
    filter: Vec<u64>,
    filter_shift: u32,
}

impl Postings {
    fn build(mut pairs: Vec<(u64, u32)>) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        let mut p = Postings { slots: Vec::with_capacity(pairs.len()), ..Postings::default() };
        for (key, slot) in pairs {
            if p.entries.last().map(|e| e.0) != Some(key) {
                p.entries.push((key, p.slots.len() as u32));
            }
            p.slots.push(slot);
        }
        let keys = p.entries.len();
        p.entries.push((u64::MAX, p.slots.len() as u32));
        p.entries.shrink_to_fit();
        // About four keys per directory entry.
        let bits = (usize::BITS - (keys / 4).max(1).leading_zeros()).min(26);
        p.shift = 64 - bits;
        let entries = 1usize << bits;
        p.directory = Vec::with_capacity(entries + 1);
        let mut k = 0usize;
        for e in 0..=entries {
            while k < keys && ((p.entries[k].0 >> p.shift) as usize) < e {
                k += 1;
            }
            p.directory.push(k as u32);
        }
        p
    }

    /// Builds the filter over the keys, at about `bits` bits per key.
    fn with_filter(mut self, bits: usize) -> Self {
        let keys = self.entries.len().saturating_sub(1);
        let words = (keys * bits / 64).max(1).next_power_of_two();
        let shift = 64 - words.trailing_zeros();
        let mut filter = vec![0u64; words];
        for (key, _) in self.entries.iter().take(keys) {
            let (word, bits) = Self::probe(shift, *key);
            if let Some(w) = filter.get_mut(word) {
                *w |= bits;
            }
        }
        self.filter = filter;
        self.filter_shift = shift;
        self
    }

    /// The filter's word for `key` (of a filter of `64 - shift` bits' worth of words), and the two
    /// bits the key sets in it.
    fn probe(shift: u32, key: u64) -> (usize, u64) {
        let h = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let word = h.checked_shr(shift).unwrap_or(0) as usize;
        (word, 1u64 << (h & 63) | 1u64 << ((h >> 6) & 63))
    }

    /// Whether `key` may have a list (always, without a filter).
    fn may_hold(&self, key: u64) -> bool {
        if self.filter.is_empty() {
            return true;
        }
        let (word, bits) = Self::probe(self.filter_shift, key);
        self.filter.get(word).is_some_and(|w| w & bits == bits)
    }

    /// The directory's range of entries for `key`.
    fn bucket(&self, key: u64) -> (u32, u32) {
        let e = (key >> self.shift) as usize;
        match (self.directory.get(e), self.directory.get(e + 1)) {
            (Some(from), Some(to)) => (*from, *to),
            _ => (0, 0),
        }
    }

    /// The bounds of `key`'s list among the slots, searched for in its directory range `bucket`.
    fn bounds(&self, key: u64, (from, to): (u32, u32)) -> Option<(usize, usize)> {
        let entries = self.entries.get(from as usize..to as usize)?;
        let i = from as usize + entries.iter().position(|e| e.0 == key)?;
        match (self.entries.get(i), self.entries.get(i + 1)) {
            (Some(first), Some(next)) => Some((first.1 as usize, next.1 as usize)),
            _ => None,
        }
    }

    fn list(&self, bounds: Option<(usize, usize)>) -> &[u32] {
        bounds.and_then(|(from, to)| self.slots.get(from..to)).unwrap_or(&[])
    }

    /// The postings of every key of `keys` appended to `out` (in no useful order), looked up a step
    /// at a time for all keys together: the steps of one key depend on each other, those of different
    /// keys do not, so the memory serves the keys' loads together rather than one key's after another.
    fn get_many(&self, keys: &[u64], out: &mut Vec<u32>, steps: &mut Vec<(u32, u32)>) {
        steps.clear();
        steps.extend(keys.iter().map(|key| if self.may_hold(*key) { self.bucket(*key) } else { (0, 0) }));
        for (key, bucket) in keys.iter().zip(steps.iter()) {
            out.extend_from_slice(self.list(self.bounds(*key, *bucket)));
        }
    }

    fn get(&self, key: u64) -> &[u32] {
        if !self.may_hold(key) {
            return &[];
        }
        self.list(self.bounds(key, self.bucket(key)))
    }
}

/// Per vocabulary token, what a query holding it reaches through the vocabulary: every token its
/// query keys lead to (ascending), and how each compares with it. The same for every query, so
/// computed once, with the index, rather than for every query that holds a common name.
#[derive(Debug, Default)]
struct Reached {
    offsets: Vec<u32>,
    reached: Vec<Compared>,
}

/// A vocabulary token and how it compared with a query token.
type Compared = (u32, Option<(f32, TokenMatch)>);

impl Reached {
    fn build(tokens: &[Token], vocabulary: &Postings) -> Self {
        let mut r = Reached { offsets: Vec::with_capacity(tokens.len() + 1), reached: Vec::new() };
        let (mut keys, mut ids) = (Vec::new(), Vec::new());
        r.offsets.push(0);
        for token in tokens {
            // A token of the table is one the list holds: never an unknown slip.
            query_token_keys(token, false, &mut keys);
            ids.clear();
            for key in &keys {
                ids.extend_from_slice(vocabulary.get(*key));
            }
            ids.sort_unstable();
            ids.dedup();
            let compared =
                ids.iter().filter_map(|id| Some((*id, score::compare_tokens(token, tokens.get(*id as usize)?))));
            r.reached.extend(compared);
            r.offsets.push(r.reached.len() as u32);
        }
        r.reached.shrink_to_fit();
        r
    }

    /// What token `id` reaches, if it was in the vocabulary as built.
    fn of(&self, id: u32) -> Option<&[Compared]> {
        let i = id as usize;
        let (from, to) = (*self.offsets.get(i)?, *self.offsets.get(i + 1)?);
        self.reached.get(from as usize..to as usize)
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
    Year = 6,
    /// A four-letter skeleton with one letter left out: reached only by a query token of three
    /// letters the list does not hold ("png" for "ping").
    ShortDeletion = 7,
}

/// A token held by an identity born in a given year: lets the date of birth pick the namesakes of a
/// common name without reading all of them.
fn year_key(id: u32, year: i32) -> u64 {
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&id.to_le_bytes());
    bytes[4..].copy_from_slice(&year.to_le_bytes());
    hash(Tag::Year, &bytes)
}

/// The years of birth an identity is filed under (the first two dates; ranges of up to three years).
fn birth_years(dates: &[DateSpec]) -> Vec<i32> {
    let mut years: Vec<i32> = Vec::new();
    for d in dates.iter().take(2) {
        let (from, to) = d.years();
        if to - from <= 2 {
            years.extend(from..=to);
        }
    }
    years.sort_unstable();
    years.dedup();
    years
}

fn hash(tag: Tag, text: &[u8]) -> u64 {
    hash_parts(tag, text, &[])
}

/// [`hash`] of `a` followed by `b`, without joining them.
fn hash_parts(tag: Tag, a: &[u8], b: &[u8]) -> u64 {
    // FNV-1a, then a final mix so that the top bits (the postings directory) are spread too: fast,
    // stable across runs, and good enough for blocking (a collision only adds a candidate). The tag
    // goes in as a byte of its own: folded into the starting value alone, it would differ from
    // another tag's only in the low bits that the first byte of text overwrites, and a skeleton
    // would meet every deletion key whose first letter differs from its own by the two tags ("abcd"
    // and "bbcd").
    let mut h: u64 = (0xcbf2_9ce4_8422_2325 ^ (tag as u64)).wrapping_mul(0x0100_0000_01b3);
    for byte in a.iter().chain(b) {
        h ^= u64::from(*byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 32)
}

fn group_key(g: crate::equivalence::GroupId) -> u64 {
    hash(Tag::Group, &(g.index() as u64).to_le_bytes())
}

/// The keys of a skeleton's one-letter deletions under `tag`, for typo tolerance. Short skeletons get
/// none: a deletion of a four-letter name is another name.
fn deletion_keys(tag: Tag, s: &str, out: &mut Vec<u64>) {
    if s.is_ascii() {
        if s.len() >= 5 {
            let b = s.as_bytes();
            out.extend((0..b.len()).map(|i| hash_parts(tag, &b[..i], &b[i + 1..])));
        }
        return;
    }
    let chars: Vec<char> = s.chars().collect();
    if chars.len() >= 5 {
        for i in 0..chars.len() {
            let d: String = chars.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| *c).collect();
            out.push(hash(tag, d.as_bytes()));
        }
    }
}

/// The `ShortDeletion` keys of a four-letter ASCII skeleton: the four three-letter words it makes
/// with a letter left out (none for other lengths).
fn short_deletion_keys(s: &str, out: &mut Vec<u64>) {
    if s.len() == 4 && s.is_ascii() {
        let b = s.as_bytes();
        out.extend((0..4).map(|i| hash_parts(Tag::ShortDeletion, &b[..i], &b[i + 1..])));
    }
}

/// The skeletons of two adjacent tokens written as one word: the first's spelling, and the article's
/// other spelling when the first is the Arabic article.
fn joined_skeletons<'a>(a: &'a Token, b: &'a Token) -> impl Iterator<Item = String> + 'a {
    let y = b.latin.first();
    a.latin.first().map(String::as_str).into_iter().chain(score::other_article(a)).filter_map(move |x| {
        let y = y?;
        let mut joined = String::with_capacity(x.len() + y.len());
        joined.push_str(x);
        joined.push_str(y);
        Some(phonetic::skeleton(&joined))
    })
}

/// The keys a vocabulary token is filed under: its skeletons and their one-letter deletions, its
/// dictionary groups, its consonant keys, and for unromanised tokens unknown to the dictionary its own
/// script.
fn token_keys(t: &Token, out: &mut Vec<u64>) {
    for s in &t.skeletons {
        out.push(hash(Tag::Skeleton, s.as_bytes()));
    }
    if let Some(s) = t.skeletons.first() {
        deletion_keys(Tag::Deletion, s, out);
        short_deletion_keys(s, out);
        // The letters as written too: a slip next to a digraph can move the skeleton two letters away
        // (Shevchdnko against Shevchenko) while the letters stay one apart.
        if let Some(raw) = t.latin.first().filter(|raw| *raw != s && raw.is_ascii()) {
            out.push(hash(Tag::Skeleton, raw.as_bytes()));
            deletion_keys(Tag::Deletion, raw, out);
        }
    }
    // A Chinese given name of two characters or more is filed under the skeletons of its readings, so
    // a spelling in another system or language (Fei-Kin for 飞建, Zijin for 梓金) reaches it; such a
    // name is rare, unlike the syllables one character reads as.
    if t.script == Some(Script::Han) && t.norm.chars().nth(1).is_some() {
        for form in t.mandarin.iter().chain(&t.other_readings) {
            out.push(hash(Tag::Skeleton, phonetic::skeleton(form).as_bytes()));
        }
    }
    out.extend(t.groups.iter().map(|g| group_key(*g)));
    for c in t.consonants.iter().filter(|c| c.len() >= 2) {
        out.push(hash(Tag::Consonants, c.as_bytes()));
    }
    if t.latin.is_empty() && t.groups.is_empty() {
        out.push(hash(Tag::Skeleton, t.norm.as_bytes()));
    }
}

/// The keys of adjacent pairs of an indexed name's tokens (written as one word, or one dictionary name
/// in two words: "abdul" + "rahman"), filed per identity.
fn pair_keys(analyser: &Analyser, tokens: &[&Token], out: &mut Vec<u64>) {
    for pair in tokens.windows(2) {
        out.extend(joined_skeletons(pair[0], pair[1]).map(|s| hash(Tag::Skeleton, s.as_bytes())));
        out.extend(analyser.pair_groups(pair[0], pair[1]).into_iter().map(group_key));
    }
}

/// The vocabulary keys a query token looks up: its own, its skeletons as deletions of longer names, and
/// its one-letter deletions as skeletons (a letter too many) and as deletions (a letter changed).
fn query_token_keys(token: &Token, unknown: bool, keys: &mut Vec<u64>) {
    keys.clear();
    // A short name the list does not hold may be a longer one missing a letter, or one with a letter
    // changed; a short name it holds is more likely itself (and would reach every neighbour of a common
    // syllable).
    if unknown {
        for s in token.skeletons.iter().chain(token.latin.first()).filter(|s| s.is_ascii()) {
            match s.len() {
                3 => keys.push(hash(Tag::ShortDeletion, s.as_bytes())),
                // A four-letter name with a letter changed (Olfg for Oleg).
                4 => short_deletion_keys(s, keys),
                _ => {}
            }
        }
    }
    for s in &token.skeletons {
        keys.push(hash(Tag::Skeleton, s.as_bytes()));
        keys.push(hash(Tag::Deletion, s.as_bytes()));
    }
    if let Some(s) = token.skeletons.first() {
        deletion_keys(Tag::Skeleton, s, keys);
        deletion_keys(Tag::Deletion, s, keys);
        // A slip can make the skeleton drift from the name's (a doubled letter collapses, "ppov" for
        // "popov", "kiillov" for "kirillov"): the letters as written are looked up the same way.
        if let Some(raw) = token.latin.first().filter(|raw| *raw != s) {
            keys.push(hash(Tag::Skeleton, raw.as_bytes()));
            keys.push(hash(Tag::Deletion, raw.as_bytes()));
            deletion_keys(Tag::Skeleton, raw, keys);
            deletion_keys(Tag::Deletion, raw, keys);
        }
    }
    keys.extend(token.groups.iter().map(|g| group_key(*g)));
    if token.is_abjad() {
        for c in token.consonants.iter().filter(|c| c.len() >= 2) {
            keys.push(hash(Tag::Consonants, c.as_bytes()));
        }
    }
    if token.latin.is_empty() && token.groups.is_empty() {
        keys.push(hash(Tag::Skeleton, token.norm.as_bytes()));
    }
}

/// Postings read to seed candidates: once the rarest query tokens have brought this many, the others
/// only add weight to those found.
const SEEDS: usize = 1_500;
/// Holders of two query tokens written as one word, at most, for that word to seed candidates of its
/// own: a given name in two syllables ("Hui-Guang") is rare as one word ("Huiguang") when each syllable
/// is common.
const PAIR_SEEDS: usize = 200;
/// Candidates scored in full per query, at most.
const SCORED: usize = 32;

/// What the candidate ranking adds for a date of birth that agrees, in units of blocking-key weight
/// (a rare name part weighs about 10): among namesakes, those born on the query's date are scored
/// first.
fn date_bonus(relation: Option<DateRelation>) -> f32 {
    match relation {
        Some(DateRelation::SameDay) => 8.0,
        Some(DateRelation::Compatible | DateRelation::SameYear) => 5.0,
        Some(DateRelation::SwappedDayMonth) => 4.0,
        Some(DateRelation::SameYearOtherDay) => 3.0,
        Some(DateRelation::YearApart) => 2.0,
        Some(DateRelation::SameYearOnly) => 1.5,
        Some(DateRelation::Different) => 0.0,
        None => 1.0,
    }
}

/// A query name, analysed: its tokens come from the index's table where it knows them.
struct QueryName<'a> {
    text: &'a str,
    parts: Vec<Part<'a>>,
    joined: Vec<Vec<String>>,
    /// Adjacent tokens written as one word (same script only).
    pair_tokens: &'a [Token],
    /// Per token, and per token and the next written as one, its id when the index's table holds
    /// it (the token is then the table's own, whose reach was computed with the index).
    ids: Vec<Option<u32>>,
    pair_ids: Vec<Option<u32>>,
    /// Per token: whether the list itself holds it, in two identities or more (a real name, not a slip).
    known: Vec<bool>,
    /// The same for each token and the next written as one word ("Fang-Li" as Fangli).
    pair_known: Vec<bool>,
    /// Position of the name's first token among all query tokens (for the comparison cache).
    offset: usize,
}

/// Up to two dates of birth of a slot packed in a `u64` (32 bits each; 0 for none), read for every
/// candidate: a dense array is far cheaper to reach than the stored identity.
fn pack_dates(dates: &[DateSpec]) -> u64 {
    let pack = |d: Option<&DateSpec>| -> u64 {
        let year = |y: i32| u64::try_from(y).ok().filter(|y| *y < 4096);
        let packed = match d {
            Some(DateSpec::Day { year: y, month, day }) => {
                year(*y).map(|y| (1 << 29) | (y << 9) | (u64::from(*month) << 5) | u64::from(*day))
            }
            Some(DateSpec::Month { year: y, month }) => {
                year(*y).map(|y| (2 << 29) | (y << 9) | (u64::from(*month) << 5))
            }
            Some(DateSpec::Year(y)) => year(*y).map(|y| (3 << 29) | (y << 9)),
            Some(DateSpec::Range { from, to }) => match (year(*from), year(*to)) {
                (Some(f), Some(t)) => Some((4 << 29) | (f << 12) | t),
                _ => None,
            },
            None => None,
        };
        packed.unwrap_or(0)
    };
    pack(dates.first()) | (pack(dates.get(1)) << 32)
}

fn unpack_date(p: u64) -> Option<DateSpec> {
    let year = ((p >> 9) & 0xfff) as i32;
    let (month, day) = (((p >> 5) & 0xf) as u8, (p & 0x1f) as u8);
    match p >> 29 {
        1 => Some(DateSpec::Day { year, month, day }),
        2 => Some(DateSpec::Month { year, month }),
        3 => Some(DateSpec::Year(year)),
        4 => Some(DateSpec::Range { from: ((p >> 12) & 0xfff) as i32, to: (p & 0xfff) as i32 }),
        _ => None,
    }
}

/// A `u32` in the order [`f32::total_cmp`] puts floats in, so that weights are selected as plain
/// integers (a sign bit set flips all bits; otherwise the sign bit is set).
fn order_key(x: f32) -> u32 {
    let bits = x.to_bits();
    if bits >> 31 == 1 { !bits } else { bits | 1 << 31 }
}

fn from_order_key(key: u32) -> f32 {
    f32::from_bits(if key >> 31 == 1 { key & !(1 << 31) } else { !key })
}

/// A candidate's place in the ranking as one integer, ascending from the best: its rank score,
/// highest first, then its slot, lowest first.
fn rank_key(slot: u32, rank: f32) -> u64 {
    u64::from(!order_key(rank)) << 32 | u64::from(slot)
}

/// The packed dates of a removed slot.
const DEAD: u64 = u64::MAX;

fn packed_relation(query: &[DateSpec], packed: u64) -> Option<DateRelation> {
    let mut best: Option<DateRelation> = None;
    for half in [packed & 0xffff_ffff, packed >> 32] {
        // The years a packed date may fall in, read without unpacking it.
        let (from, to) = match half >> 29 {
            1..=3 => {
                let y = ((half >> 9) & 0xfff) as i32;
                (y, y)
            }
            4 => (((half >> 12) & 0xfff) as i32, (half & 0xfff) as i32),
            _ => continue,
        };
        for q in query {
            let (qf, qt) = q.years();
            // Years more than one apart: nothing finer can bring them closer.
            let relation = if qf > to + 1 || from > qt + 1 {
                DateRelation::Different
            } else {
                match unpack_date(half) {
                    Some(l) => date::relate(*q, l),
                    None => continue,
                }
            };
            best = Some(best.map_or(relation, |b| b.min(relation)));
        }
    }
    best
}

/// Where a list of slots lies: a vocabulary token's holders, or the postings of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum List {
    Holders(u32),
    Key(u64),
}

/// One list of slots a query token reaches: the token's bit, the weight its slots gain, the list and
/// its length.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Lookup {
    bit: usize,
    w: f32,
    list: List,
    n: usize,
    /// A listed token that is the query token as another spelling of it would write it (the same,
    /// transliterated, a dictionary variant, a near spelling), not a slip or a reading away.
    spelt: bool,
}

/// A scored candidate: (total score, slot, the best pair of names, the name score).
type Scored = (f32, u32, Option<BestName>, f32);

/// The best pair of a query name and a listed name for one candidate: their places, and where the
/// pairings their alignment kept lie in [`Work::kept`] (an explanation reads them instead of aligning
/// the two names again).
#[derive(Debug, Clone, Copy)]
struct BestName {
    query: usize,
    listed: usize,
    kept: (usize, usize),
}

/// What [`Index::reach`] needs of the query: the slot count and the query token's place in the
/// comparison cache.
#[derive(Clone, Copy)]
struct Reach {
    total: f32,
    cache_key: u32,
}

/// The similarity from which a listed token is the query token spelt otherwise rather than a slip or
/// a reading away ([`score`]'s near spelling): its holders born a year either side of the query's
/// years seed candidates, a slip's only those born in them.
const SPELT: f32 = 0.93;

/// A typo's score when the query token is itself a name the list holds.
const KNOWN_NAME_TYPO: f32 = 0.45;

/// Marks a cache key as the query token written together with the next one.
const JOINED: u32 = 1 << 31;

/// How a query token compared with a listed token, once known.
type Cell = Option<Option<(f32, TokenMatch)>>;

/// The query's comparisons of its tokens with listed tokens: a row per listed token, a cell per
/// query token and per query token written with the next, so that scoring a listed name finds the
/// row of each of its tokens once rather than each comparison in a map.
#[derive(Debug, Default)]
struct Comparisons {
    rows: FastMap<u32, u32>,
    cells: Vec<Cell>,
    width: usize,
    /// The rows of the listed name being compared, token by token.
    name: Vec<usize>,
}

impl Comparisons {
    /// Empty, for a query of `parts` tokens.
    fn start(&mut self, parts: usize) {
        self.rows.clear();
        self.cells.clear();
        self.name.clear();
        self.width = 2 * parts;
    }

    /// Empty, giving back memory an unusually large query took.
    fn reset(&mut self) {
        self.start(0);
        self.rows.shrink_to(1 << 12);
        self.cells.shrink_to(1 << 15);
    }

    /// The first cell of the row of listed token `id`, added empty if new.
    fn row(&mut self, id: u32) -> usize {
        let next = self.rows.len() as u32;
        let row = *self.rows.entry(id).or_insert(next);
        if row == next {
            self.cells.resize(self.cells.len() + self.width, None);
        }
        row as usize * self.width
    }

    /// The cell of a cache key (a query token, perhaps `JOINED`) in the row from `row`.
    fn cell(&mut self, row: usize, key: u32) -> Option<&mut Cell> {
        let column = if key & JOINED != 0 { self.width / 2 + (key & !JOINED) as usize } else { key as usize };
        if column >= self.width {
            return None;
        }
        self.cells.get_mut(row + column)
    }

    /// The cell of a cache key against listed token `id`.
    fn entry(&mut self, key: u32, id: u32) -> Option<&mut Cell> {
        let row = self.row(id);
        self.cell(row, key)
    }

    /// Makes the listed name of these tokens the one compared.
    fn select(&mut self, parts: &[(u32, PartRole)]) {
        self.name.clear();
        for (id, _) in parts {
            let row = self.row(*id);
            self.name.push(row);
        }
    }
}

/// A set of slots as one bit per slot: read in a few nanoseconds, the candidates of a query are
/// tested against it for every slot of every list the query reaches. Empty between queries.
#[derive(Debug, Default)]
struct SlotSet {
    words: Vec<u64>,
    /// One bit per word of `words`, set when the word may hold members: reading the members back in
    /// order skips the empty words 64 at a time (a million slots are 15,625 words, mostly empty).
    summary: Vec<u64>,
    /// Whether a query may have left bits set (it stopped half-way): cleared whole before the next.
    dirty: bool,
}

impl SlotSet {
    /// Ready for an index of `slots` slots, and empty.
    fn prepare(&mut self, slots: usize) {
        if std::mem::replace(&mut self.dirty, true) {
            self.clear();
        }
        let words = slots.div_ceil(64);
        if self.words.len() < words {
            self.words.resize(words, 0);
            self.summary.resize(words.div_ceil(64), 0);
        }
    }

    /// Adds a slot; whether it was new.
    fn insert(&mut self, slot: u32) -> bool {
        let Some(w) = self.words.get_mut((slot >> 6) as usize) else { return false };
        let bit = 1u64 << (slot & 63);
        let new = *w & bit == 0;
        *w |= bit;
        if let Some(s) = self.summary.get_mut((slot >> 12) as usize) {
            *s |= 1u64 << ((slot >> 6) & 63);
        }
        new
    }

    /// Adds a slot to the words alone, not to the summary: for a set only tested, then emptied.
    fn mark(&mut self, slot: u32) {
        if let Some(w) = self.words.get_mut((slot >> 6) as usize) {
            *w |= 1u64 << (slot & 63);
        }
    }

    fn contains(&self, slot: u32) -> bool {
        self.words.get((slot >> 6) as usize).is_some_and(|w| w >> (slot & 63) & 1 != 0)
    }

    /// Empties the set, given every slot it holds (and perhaps others).
    fn remove_all(&mut self, slots: impl Iterator<Item = u32>) {
        for slot in slots {
            self.remove_word_of(slot);
        }
    }

    /// Clears the word holding `slot` and the summary word over it: a step of emptying the whole
    /// set, slot by slot (members of neighbouring words would lose their summary bit).
    fn remove_word_of(&mut self, slot: u32) {
        if let Some(w) = self.words.get_mut((slot >> 6) as usize) {
            *w = 0;
        }
        if let Some(s) = self.summary.get_mut((slot >> 12) as usize) {
            *s = 0;
        }
    }

    /// Empties the set, whatever it holds.
    fn clear(&mut self) {
        self.words.iter_mut().for_each(|w| *w = 0);
        self.summary.iter_mut().for_each(|w| *w = 0);
    }

    /// Marks the set empty again (after [`SlotSet::remove_all`]).
    fn done(&mut self) {
        self.dirty = false;
    }

    /// Puts `slots` (the members, in any order) in ascending order: read back from the bits, only
    /// the words the summary marks; sorted when few.
    fn sort(&self, slots: &mut Vec<u32>) {
        if slots.len() <= 16 {
            slots.sort_unstable();
            return;
        }
        slots.clear();
        for (j, s) in self.summary.iter().enumerate() {
            let mut s = *s;
            while s != 0 {
                let i = j << 6 | s.trailing_zeros() as usize;
                s &= s - 1;
                let Some(w) = self.words.get(i) else { continue };
                let mut w = *w;
                while w != 0 {
                    slots.push((i as u32) << 6 | w.trailing_zeros());
                    w &= w - 1;
                }
            }
        }
    }

    /// For each word holding members, the place of its first member among the ascending members
    /// `slots`: with it, [`SlotSet::position`] finds a member's place in constant time. Words without
    /// members are left as they were (never read).
    fn rank_into(&self, slots: &[u32], rank: &mut Vec<u32>) {
        if rank.len() < self.words.len() {
            rank.resize(self.words.len(), 0);
        }
        let mut last = usize::MAX;
        for (i, slot) in slots.iter().enumerate() {
            let w = (*slot >> 6) as usize;
            if w != last
                && let Some(r) = rank.get_mut(w)
            {
                *r = i as u32;
                last = w;
            }
        }
    }

    /// Calls `f` with each slot of `list` that is a member. The test runs without a branch per slot
    /// (members are a minority of a long list, so a branch on each would often be mispredicted):
    /// each slot is written to a buffer whose end advances only past members, and `f` then reads
    /// the members back.
    fn for_each_member(&self, list: &[u32], mut f: impl FnMut(u32)) {
        const CHUNK: usize = 256;
        let mut members = [0u32; CHUNK];
        for chunk in list.chunks(CHUNK) {
            let mut n = 0usize;
            for &slot in chunk {
                let word = self.words.get((slot >> 6) as usize).copied().unwrap_or(0);
                members[n % CHUNK] = slot;
                n += (word >> (slot & 63) & 1) as usize;
            }
            for &slot in members.iter().take(n) {
                f(slot);
            }
        }
    }

    /// The place of `slot` among the members, if it is one (`rank` from [`SlotSet::rank_into`]).
    fn position(&self, slot: u32, rank: &[u32]) -> Option<usize> {
        let i = (slot >> 6) as usize;
        let w = *self.words.get(i)?;
        let bit = slot & 63;
        if w >> bit & 1 == 0 {
            return None;
        }
        let below = w & ((1u64 << bit) - 1);
        // Members are sparse: most words hold one.
        let below = if below == 0 { 0 } else { below.count_ones() };
        Some((*rank.get(i)? + below) as usize)
    }
}

/// Buffers a search reuses from one query to the next on the same thread, so that a query allocates
/// little: the candidates with their weights and the query tokens they matched, the comparison cache
/// and the scorer's scratch space.
#[derive(Debug, Default)]
struct Work {
    /// Candidate slots, ascending, and per candidate its weight and the query tokens (bits) counted.
    cand: Vec<u32>,
    weight: Vec<f32>,
    mask: Vec<u64>,
    /// Per candidate, its packed dates of birth.
    packed: Vec<u64>,
    /// The candidates as bits, and per word of them how many come before it.
    seen: SlotSet,
    rank: Vec<u32>,
    /// The holders of the rarest query token that also hold the next (when both are common).
    also: SlotSet,
    /// The candidates ranked, as [`rank_key`]s.
    ranked: Vec<u64>,
    /// The candidates' weights, to find the floor below which none can be scored.
    top: Vec<u32>,
    /// The lists the query's tokens reach.
    lookups: Vec<Lookup>,
    /// The steps of [`Postings::get_many`].
    steps: Vec<(u32, u32)>,
    /// The vocabulary tokens a query token reaches, and how each compared with it.
    reached: Vec<Compared>,
    /// The holders of both of the two rarest query tokens, when both are common.
    both: Vec<u32>,
    /// Lists that few hold of two adjacent query tokens written as one word: they seed candidates
    /// however common each token is alone ("hui guang" for "huiguang").
    pair_seeds: Vec<(usize, List)>,
    /// Lists of a word and of the same word split in two, and how many hold it either way.
    one_word: Vec<(List, usize)>,
    /// The query's tokens the index does not hold, and its adjacent tokens written as one.
    fresh: Vec<Token>,
    pairs: Vec<Token>,
    /// The candidates to score, best first, and their scores.
    out: Vec<u32>,
    scored: Vec<Scored>,
    /// The pairings of each scored candidate's best pair of names, one after another.
    kept: Vec<score::Pairing>,
    keys: Vec<u64>,
    ids: Vec<u32>,
    cache: Comparisons,
    scratch: Scratch,
}

impl Work {
    /// Keeps, of the lookups from `from` on (those of two query tokens written as one), the lists few
    /// enough hold to seed candidates.
    fn note_pair_seeds(&mut self, from: usize) {
        let rare = self.lookups.get(from..).unwrap_or_default().iter().filter(|l| l.n <= PAIR_SEEDS);
        self.pair_seeds.extend(rare.map(|l| (l.n, l.list)));
    }

    /// Notes, when the index holds word `id` (among the lookups `own`) and also holders of it split
    /// in two (the lookups `split`), that both lists weigh by the holders of either.
    fn weigh_as_one_word(&mut self, id: Option<u32>, own: Range<usize>, split: Range<usize>) {
        let Some(id) = id else { return };
        let lookups = &self.lookups;
        let whole = lookups.get(own).unwrap_or_default().iter().find(|l| l.list == List::Holders(id));
        let split = lookups.get(split).unwrap_or_default();
        let (Some(whole), Some(apart)) = (whole, split.iter().map(|l| l.n).max()) else { return };
        let n = whole.n + apart;
        self.one_word.push((whole.list, n));
        self.one_word.extend(split.iter().map(|l| (l.list, n)));
    }

    /// Clears what a query left, and gives back memory an unusually large query took.
    fn reset(&mut self) {
        const KEPT: usize = 1 << 16;
        self.cand.clear();
        self.cand.shrink_to(KEPT);
        self.weight.clear();
        self.weight.shrink_to(KEPT);
        for v in [&mut self.mask, &mut self.packed] {
            v.clear();
            v.shrink_to(KEPT);
        }
        self.top.clear();
        self.top.shrink_to(KEPT);
        self.ranked.clear();
        self.ranked.shrink_to(KEPT);
        self.both.clear();
        self.both.shrink_to(KEPT);
        self.lookups.clear();
        self.out.clear();
        self.scored.clear();
        self.kept.clear();
        self.cache.reset();
    }
}

thread_local! {
    static WORK: std::cell::RefCell<Work> = std::cell::RefCell::new(Work::default());
}

/// The screening index.
#[derive(Debug)]
pub struct Index {
    analyser: Arc<Analyser>,
    tokens: TokenTable,
    slots: Vec<Option<Stored>>,
    /// Per slot, the caller's key (read for the visibility of every candidate that may be scored).
    keys: Vec<u64>,
    /// Per slot, its dates packed (`DEAD` once removed).
    dates: Vec<u64>,
    by_key: HashMap<u64, u32>,
    /// Vocabulary keys → token ids: tokens known when the base was built, then those added since.
    vocabulary: Postings,
    vocabulary_delta: FastMap<u64, Vec<u32>>,
    vocabulary_built: usize,
    /// Per token of the vocabulary as built, what a query holding it reaches there.
    reached: Reached,
    /// Token id → slots holding it (ascending): built, then added since.
    token_offsets: Vec<u32>,
    token_slots: Vec<u32>,
    token_delta: FastMap<u32, Vec<u32>>,
    /// Pair and document keys → slots.
    base: Postings,
    delta: FastMap<u64, Vec<u32>>,
    delta_entries: usize,
    live: usize,
}

impl Index {
    /// Builds the index over `identities` in one pass, on as many threads as the machine has.
    pub fn build(analyser: Arc<Analyser>, identities: impl IntoIterator<Item = Identity>) -> Self {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        Self::build_on(analyser, identities, threads)
    }

    /// Builds the index over `identities` with the analysis of names spread over `threads` threads
    /// (one: the calling thread alone). The result is the same whatever the number: identities take
    /// their slots, and tokens their ids, in the order given.
    pub fn build_on(analyser: Arc<Analyser>, identities: impl IntoIterator<Item = Identity>, threads: usize) -> Self {
        Self::build_chunked(analyser, identities, threads, BUILD_CHUNK)
    }

    fn build_chunked(
        analyser: Arc<Analyser>,
        identities: impl IntoIterator<Item = Identity>,
        threads: usize,
        chunk: usize,
    ) -> Self {
        let mut index = Self::empty(analyser);
        let mut pairs: Vec<(u64, u32)> = Vec::new();
        let mut holders: Vec<(u32, u32)> = Vec::new();
        let mut identities = identities.into_iter();
        loop {
            // A chunk at a time, so that what is prepared for storing is never held for all at once.
            let chunk: Vec<Identity> = identities.by_ref().take(chunk.max(1)).collect();
            if chunk.is_empty() {
                break;
            }
            let prepared = in_parallel(&chunk, threads, Prepared::of);
            // Interning gives tokens their ids in order: one thread.
            let interned: Vec<Interned> = chunk
                .iter()
                .zip(prepared)
                .map(|(identity, p)| index.tokens.intern_all(&index.analyser, identity, p))
                .collect();
            let keyed = {
                let (tokens, analyser) = (&index.tokens, &*index.analyser);
                let pairs: Vec<_> = chunk.iter().zip(&interned).collect();
                in_parallel(&pairs, threads, |(identity, interned)| interned.keys(tokens, analyser, identity))
            };
            for ((identity, interned), (keys, ids)) in chunk.into_iter().zip(interned).zip(keyed) {
                let slot = index.commit(identity, interned);
                pairs.extend(keys.into_iter().map(|k| (k, slot)));
                holders.extend(ids.into_iter().map(|id| (id, slot)));
            }
        }
        index.base = Postings::build(pairs);
        holders.sort_unstable();
        holders.dedup();
        index.token_offsets = Vec::with_capacity(index.tokens.tokens.len() + 1);
        index.token_slots = Vec::with_capacity(holders.len());
        let mut h = 0;
        for id in 0..index.tokens.tokens.len() as u32 {
            index.token_offsets.push(index.token_slots.len() as u32);
            while h < holders.len() && holders[h].0 == id {
                index.token_slots.push(holders[h].1);
                h += 1;
            }
        }
        index.token_offsets.push(index.token_slots.len() as u32);
        let mut vocabulary: Vec<(u64, u32)> = Vec::new();
        let mut keys = Vec::new();
        for (id, token) in index.tokens.tokens.iter().enumerate() {
            keys.clear();
            token_keys(token, &mut keys);
            vocabulary.extend(keys.iter().map(|k| (*k, id as u32)));
        }
        // About 12 bits per key (362,000 keys and 512 KiB at a million identities): nine in ten
        // absent keys are told apart by the filter alone.
        index.vocabulary = Postings::build(vocabulary).with_filter(8);
        index.vocabulary_built = index.tokens.tokens.len();
        index.reached = Reached::build(&index.tokens.tokens, &index.vocabulary);
        index
    }

    fn empty(analyser: Arc<Analyser>) -> Self {
        Self {
            analyser,
            tokens: TokenTable::default(),
            slots: Vec::new(),
            keys: Vec::new(),
            dates: Vec::new(),
            by_key: HashMap::new(),
            vocabulary: Postings::default(),
            vocabulary_delta: FastMap::default(),
            vocabulary_built: 0,
            reached: Reached::default(),
            token_offsets: vec![0],
            token_slots: Vec::new(),
            token_delta: FastMap::default(),
            base: Postings::default(),
            delta: FastMap::default(),
            delta_entries: 0,
            live: 0,
        }
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

    /// Stores an identity in a new slot; returns it with the identity's pair, year and document keys
    /// and the tokens its names hold.
    fn store(&mut self, identity: Identity) -> (u32, Vec<u64>, Vec<u32>) {
        let interned = self.tokens.intern_all(&self.analyser, &identity, Prepared::of(&identity));
        let (keys, ids) = interned.keys(&self.tokens, &self.analyser, &identity);
        (self.commit(identity, interned), keys, ids)
    }

    /// Puts an identity whose names are interned in a new slot, replacing the one with its key.
    fn commit(&mut self, identity: Identity, interned: Interned) -> u32 {
        if let Some(old) = self.by_key.get(&identity.key).copied() {
            self.remove_slot(old);
        }
        let slot = self.slots.len() as u32;
        self.keys.push(identity.key);
        self.dates.push(pack_dates(&identity.birth_dates));
        self.slots.push(Some(Stored {
            key: identity.key,
            names: identity.names.into_boxed_slice(),
            analysed: interned.analysed.into_boxed_slice(),
            parts: interned.parts.into_boxed_slice(),
            birth_dates: identity.birth_dates.into_boxed_slice(),
            nationalities: identity.nationalities.iter().filter_map(|n| country(n)).collect(),
            documents: interned.documents,
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
            if let Some(d) = self.dates.get_mut(slot as usize) {
                *d = DEAD;
            }
        }
    }

    /// Adds an identity, or replaces the one with the same key; visible to the next query. It goes into
    /// the delta; see [`Index::wants_compaction`].
    pub fn insert(&mut self, identity: Identity) {
        let (slot, mut keys, ids) = self.store(identity);
        self.delta_entries += keys.len() + ids.len();
        for k in keys.drain(..) {
            self.delta.entry(k).or_default().push(slot);
        }
        for id in ids {
            self.token_delta.entry(id).or_default().push(slot);
        }
        // Tokens first seen since the build join the vocabulary.
        while self.vocabulary_built < self.tokens.tokens.len() {
            let id = self.vocabulary_built as u32;
            if let Some(token) = self.tokens.get(id) {
                keys.clear();
                token_keys(token, &mut keys);
                for k in &keys {
                    self.vocabulary_delta.entry(*k).or_default().push(id);
                }
                self.delta_entries += keys.len();
            }
            self.vocabulary_built += 1;
        }
    }

    /// Whether the additions since the build have grown large beside the base, so that lookups would
    /// gain from a rebuild. Compacting is the owner's call: a rebuild takes as long as the build, and
    /// the owner may prefer to build a new index beside this one than to stop serving meanwhile.
    pub fn wants_compaction(&self) -> bool {
        self.delta_entries > 200_000.max(self.base.slots.len() / 4 + self.token_slots.len() / 4)
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

    /// The slots holding a token: those of the base, then those added since (all ascending).
    fn holders(&self, id: u32) -> (&[u32], &[u32]) {
        let i = id as usize;
        let base = match (self.token_offsets.get(i), self.token_offsets.get(i + 1)) {
            (Some(from), Some(to)) => self.token_slots.get(*from as usize..*to as usize).unwrap_or(&[]),
            _ => &[],
        };
        (base, self.token_delta.get(&id).map_or(&[][..], Vec::as_slice))
    }

    /// A list's slots: those of the base, then those added since.
    fn slices(&self, list: List) -> (&[u32], &[u32]) {
        match list {
            List::Holders(id) => self.holders(id),
            List::Key(key) => self.postings(key),
        }
    }

    /// Calls `f` with every slot of every list of a query token's bit (a slot may come more than
    /// once): plain loops over the slices, which the lists of common tokens make long (an iterator
    /// flattening the lists cost more than the work done per slot).
    fn for_each_slot(&self, lookups: &[Lookup], bit: usize, mut f: impl FnMut(u32)) {
        for l in lookups.iter().filter(|l| l.bit == bit) {
            let (base, delta) = self.slices(l.list);
            for slot in base {
                f(*slot);
            }
            for slot in delta {
                f(*slot);
            }
        }
    }

    fn stored(&self, slot: u32) -> Option<&Stored> {
        self.slots.get(slot as usize).and_then(Option::as_ref)
    }

    /// Screens `query`: at most `limit` hits scoring at least `cutoff`, best first. `visible` decides,
    /// per caller key, whether the asking party may see an identity; invisible identities are never
    /// scored, so they cannot crowd out visible ones.
    pub fn search(&self, query: &Query, limit: usize, cutoff: f32, visible: &dyn Fn(u64) -> bool) -> Vec<Hit> {
        WORK.with(|work| match work.try_borrow_mut() {
            Ok(mut work) => {
                let hits = self.search_with(query, limit, cutoff, visible, &mut work);
                work.reset();
                hits
            }
            // A search from within `visible`: its own buffers.
            Err(_) => self.search_with(query, limit, cutoff, visible, &mut Work::default()),
        })
    }

    fn search_with(
        &self,
        query: &Query,
        limit: usize,
        cutoff: f32,
        visible: &dyn Fn(u64) -> bool,
        work: &mut Work,
    ) -> Vec<Hit> {
        // The query's own tokens (those the index does not know, and adjacent pairs written as one)
        // live in buffers kept from one query to the next.
        let mut fresh = std::mem::take(&mut work.fresh);
        let mut pairs = std::mem::take(&mut work.pairs);
        let hits = self.search_tokens(query, limit, cutoff, visible, work, &mut fresh, &mut pairs);
        fresh.clear();
        pairs.clear();
        work.fresh = fresh;
        work.pairs = pairs;
        hits
    }

    #[allow(clippy::too_many_arguments)]
    fn search_tokens(
        &self,
        query: &Query,
        limit: usize,
        cutoff: f32,
        visible: &dyn Fn(u64) -> bool,
        work: &mut Work,
        fresh: &mut Vec<Token>,
        pairs: &mut Vec<Token>,
    ) -> Vec<Hit> {
        // Query tokens: from the table when the index knows them (no analysis), otherwise analysed here.
        // Each token's id in the table, looked up once.
        let split: Vec<(String, Vec<(String, PartRole)>)> = query.names.iter().map(name::split).collect();
        let table_ids: Vec<Vec<Option<u32>>> = split
            .iter()
            .map(|(_, parts)| parts.iter().map(|(norm, _)| self.tokens.by_norm.get(norm.as_str()).copied()).collect())
            .collect();
        fresh.extend(
            split
                .iter()
                .zip(&table_ids)
                .flat_map(|((_, parts), ids)| parts.iter().zip(ids))
                .filter(|(_, id)| id.is_none())
                .map(|((norm, role), _)| self.analyser.token(norm, *role)),
        );
        let mut fresh_iter = fresh.iter();
        let parts_of: Vec<(Vec<Part<'_>>, Vec<Option<u32>>)> = split
            .iter()
            .zip(&table_ids)
            .map(|((_, parts), ids)| {
                parts
                    .iter()
                    .zip(ids)
                    .filter_map(|((_, role), id)| {
                        let token = match id {
                            Some(id) => self.tokens.get(*id)?,
                            None => fresh_iter.next()?,
                        };
                        Some((Part { token, role: *role }, *id))
                    })
                    .unzip()
            })
            .collect();
        let mut ranges = Vec::with_capacity(parts_of.len());
        for (parts, _) in &parts_of {
            let from = pairs.len();
            pairs.extend(parts.windows(2).map(|p| self.analyser.joined(p[0].token, p[1].token)));
            ranges.push(from..pairs.len());
        }
        let pairs: &[Token] = pairs;
        let mut names: Vec<QueryName<'_>> = Vec::with_capacity(split.len());
        let mut offset = 0;
        for (((text, _), (parts, ids)), range) in split.iter().zip(parts_of).zip(ranges) {
            let joined = score::joined_pairs(&parts);
            let pair_tokens = pairs.get(range).unwrap_or(&[]);
            let pair_ids: Vec<Option<u32>> =
                pair_tokens.iter().map(|t| self.tokens.by_norm.get(t.norm.as_str()).copied()).collect();
            let held = |id: &Option<u32>| {
                id.is_some_and(|id| {
                    let (base, delta) = self.holders(id);
                    base.len() + delta.len() >= 2
                })
            };
            let known = ids.iter().map(held).collect();
            let pair_known = pair_ids.iter().map(held).collect();
            let n = parts.len();
            names.push(QueryName { text, parts, joined, pair_tokens, ids, pair_ids, known, pair_known, offset });
            offset += n;
        }
        let documents: Vec<String> =
            query.documents.iter().map(|d| normalise_document_number(d)).filter(|d| !d.is_empty()).collect();
        work.cache.start(offset);
        self.candidates(query, &names, &documents, limit, visible, work);
        let query_countries: Vec<[u8; 2]> = query.nationalities.iter().filter_map(|n| country(n)).collect();
        let Work { cache, scratch, out, scored, kept, .. } = work;
        let mut listed: Vec<Part<'_>> = Vec::new();
        // Read what scoring will need of every candidate first: the loads are independent, so the
        // memory serves them together rather than one candidate after another.
        let mut touched = 0usize;
        for slot in out.iter() {
            if let Some(stored) = self.stored(*slot) {
                touched += stored.birth_dates.len() + stored.nationalities.len();
                touched += stored.analysed.first().map_or(0, |n| n.to as usize);
                touched += stored.parts.first().map_or(0, |(id, _)| *id as usize);
            }
        }
        for slot in out.iter() {
            if let Some(stored) = self.stored(*slot) {
                // The dates and nationalities themselves, which the total score compares.
                touched += stored.birth_dates.first().map_or(0, |d| d.years().0 as usize);
                touched += stored.nationalities.first().map_or(0, |n| usize::from(n[0]));
                for (id, _) in stored.parts.iter() {
                    touched += self.tokens.get(*id).map_or(0, |t| t.norm.len() + t.skeletons.len());
                }
            }
        }
        // Then what the tokens point to, which every comparison reads: their spellings, skeletons
        // and dictionary groups.
        for slot in out.iter() {
            if let Some(stored) = self.stored(*slot) {
                for (id, _) in stored.parts.iter() {
                    if let Some(t) = self.tokens.get(*id) {
                        let first =
                            |s: Option<&String>| s.and_then(|s| s.as_bytes().first()).map_or(0, |b| usize::from(*b));
                        touched += first(Some(&t.norm)) + first(t.skeletons.first()) + first(t.latin.first());
                        touched += t.groups.first().map_or(0, |g| g.index());
                    }
                }
            }
        }
        std::hint::black_box(touched);
        scored.clear();
        kept.clear();
        for slot in out.iter() {
            let Some(stored) = self.stored(*slot) else { continue };
            let from = kept.len();
            let best = self.best_name(&names, stored, cache, scratch, &mut listed, kept);
            let name_score = best.map_or(0.0, |b| b.0);
            let total = total_score(name_score, query, &query_countries, &documents, stored);
            if total >= cutoff {
                scored.push((total, *slot, best.map(|b| b.1), name_score));
            } else {
                kept.truncate(from);
            }
        }
        scored.sort_unstable_by(|a, b| {
            b.0.total_cmp(&a.0).then_with(|| {
                let key = |s: u32| self.stored(s).map_or(0, |x| x.key);
                key(a.1).cmp(&key(b.1))
            })
        });
        scored.truncate(limit);
        // The names the explanations quote, read for all hits at once (as the candidates were).
        let mut touched = 0usize;
        for (_, slot, best, _) in scored.iter() {
            if let Some(stored) = self.stored(*slot)
                && let Some((n, _)) = best.and_then(|b| stored.names.get(b.listed))
            {
                touched += n.full.as_bytes().first().map_or(0, |b| usize::from(*b));
            }
        }
        std::hint::black_box(touched);
        let mut hits = Vec::with_capacity(scored.len());
        for (total, slot, best, name_score) in scored.iter() {
            let Some(stored) = self.stored(*slot) else { continue };
            let name = best
                .map(|b| {
                    let chosen = kept.get(b.kept.0..b.kept.1).unwrap_or_default();
                    self.explain_name(&names[b.query], stored, b.listed, chosen, &mut listed, *name_score)
                })
                .map(Box::new);
            hits.push(self.hit(*total, name, query, &query_countries, &documents, stored));
        }
        hits
    }

    /// The candidates worth scoring, best first. Each query token is compared with the vocabulary
    /// tokens its keys reach (spelling variants, typos, dictionary names, other scripts); the slots
    /// holding a matching token gain its similarity times its rarity, once per query token (the best
    /// such token counts); pair keys and documents add theirs; an agreeing date of birth adds a bonus.
    ///
    /// The rarest query tokens seed the candidates (a sorted list of slots); the commoner ones only
    /// add weight to those, by galloping through their sorted postings, so a common name's long list
    /// costs about the logarithm of its length per candidate.
    #[allow(clippy::too_many_arguments)]
    fn candidates(
        &self,
        query: &Query,
        names: &[QueryName<'_>],
        documents: &[String],
        limit: usize,
        visible: &dyn Fn(u64) -> bool,
        work: &mut Work,
    ) {
        work.lookups.clear();
        work.pair_seeds.clear();
        let mut query_years: Vec<i32> = birth_years(&query.birth_dates);
        query_years.sort_unstable();
        query_years.dedup();
        let mut near_years: Vec<i32> = query_years.iter().flat_map(|y| y - 1..=y + 1).collect();
        near_years.sort_unstable();
        near_years.dedup();
        let total = self.slots.len().max(1) as f32;
        let rarity = |df: usize| 1.0 + (total / df.max(1) as f32).ln();
        // A key's postings, as a lookup of this weight factor (times the key's rarity).
        let by_key = |bit: usize, factor: f32, key: u64| -> Option<Lookup> {
            let (base, delta) = self.postings(key);
            let n = base.len() + delta.len();
            (n > 0).then(|| Lookup { bit, w: factor * rarity(n), list: List::Key(key), n, spelt: false })
        };
        work.one_word.clear();
        for name in names {
            for (i, part) in name.parts.iter().enumerate() {
                let bit = (name.offset + i).min(63);
                let reach = Reach { total, cache_key: (name.offset + i) as u32 };
                // The table's own token (not one analysed for this query) has its reach computed.
                let id = name.ids.get(i).copied().flatten();
                let own = work.lookups.len();
                self.reach(part.token, id, 1.0, bit, &reach, work);
                let pair_id = name.pair_ids.get(i).copied().flatten();
                let joined_own = work.lookups.len();
                if let Some(joined) = name.pair_tokens.get(i) {
                    // This token and the next written as one word; when the index holds that word,
                    // what it reaches was computed with the index.
                    let reach = Reach { cache_key: reach.cache_key | JOINED, ..reach };
                    self.reach(joined, pair_id, 0.92, bit, &reach, work);
                    work.note_pair_seeds(joined_own);
                }
                // One query token that a listed name writes as two ("lintian" for "lin tian").
                let split = work.lookups.len();
                let skeletons = part.token.skeletons.iter().map(|s| hash(Tag::Skeleton, s.as_bytes()));
                let groups = part.token.groups.iter().map(|g| group_key(*g));
                work.lookups.extend(skeletons.chain(groups).filter_map(|key| by_key(bit, 0.92, key)));
                work.weigh_as_one_word(id, own..joined_own, split..work.lookups.len());
                if let Some(next) = name.parts.get(i + 1) {
                    // Two query tokens that a listed name writes as one, or that make one dictionary name.
                    let joined = joined_skeletons(part.token, next.token).map(|s| hash(Tag::Skeleton, s.as_bytes()));
                    let groups = self.analyser.pair_groups(part.token, next.token).into_iter().map(group_key);
                    let from = work.lookups.len();
                    work.lookups.extend(joined.chain(groups).filter_map(|key| by_key(bit, 0.95, key)));
                    work.note_pair_seeds(from);
                    work.weigh_as_one_word(pair_id, joined_own..split, from..work.lookups.len());
                }
            }
        }
        // A word and the same word split in two are one name: however the query writes it, a list of
        // either spelling weighs by how many hold it in both. Counted apart, the rarer spelling would
        // outweigh the other whichever side wrote it, and its holders born in other years would
        // crowd out of the scored the person written as the query is not ("Alharbi" against
        // "Al-Harbi", and the reverse).
        if !work.one_word.is_empty() {
            let one_word = &work.one_word;
            for l in work.lookups.iter_mut() {
                let n = one_word.iter().filter(|(list, _)| *list == l.list).map(|(_, n)| *n).max();
                if let Some(n) = n.filter(|n| *n > l.n) {
                    l.w *= rarity(n) / rarity(l.n);
                }
            }
        }
        // Documents: an exact number is decisive evidence.
        let document_keys: Vec<u64> = documents
            .iter()
            .map(|d| hash(Tag::Document, d.as_bytes()))
            .filter(|key| {
                let (base, delta) = self.postings(*key);
                !base.is_empty() || !delta.is_empty()
            })
            .collect();
        let Work {
            cand,
            weight,
            mask,
            packed,
            ranked,
            top,
            seen,
            also,
            rank,
            lookups,
            both,
            pair_seeds,
            out,
            keys,
            ids,
            steps,
            ..
        } = work;
        let slices = |list: List| self.slices(list);
        // Query tokens (bits) from the rarest to the commonest. The rare ones seed the candidates
        // until there are enough of them; the rest only add their weight to those already found (a
        // candidate holding none of the rare tokens cannot outrank those holding them). When even the
        // rarest token is common ("José Rodríguez"), the seeds are the holders of both of the two
        // rarest.
        let mut bits: Vec<(usize, usize)> = Vec::new(); // (postings, bit)
        for l in lookups.iter() {
            match bits.iter_mut().find(|b| b.1 == l.bit) {
                Some(b) => b.0 += l.n,
                None => bits.push((l.n, l.bit)),
            }
        }
        bits.sort_unstable();
        seen.prepare(self.slots.len());
        let mut first_probe = 0;
        both.clear();
        let pair_first = bits.len() >= 2 && bits[0].0 > SEEDS && document_keys.is_empty();
        if pair_first {
            also.prepare(self.slots.len());
            // Marked in the words alone: the set is only tested, then emptied, never read back in order.
            self.for_each_slot(lookups, bits[0].1, |slot| seen.mark(slot));
            self.for_each_slot(lookups, bits[1].1, |slot| {
                if seen.contains(slot) && also.insert(slot) {
                    both.push(slot);
                }
            });
            // Emptied word by word when they were few, whole when many (re-reading a long list costs
            // more than clearing a bit per slot of the index).
            if bits[0].0 > seen.words.len() / 2 {
                seen.clear();
            } else {
                self.for_each_slot(lookups, bits[0].1, |slot| seen.remove_word_of(slot));
            }
            also.remove_all(both.iter().copied());
            also.done();
            first_probe = 2;
        }
        cand.clear();
        let mut add_seed = |slot: u32| {
            if seen.insert(slot) {
                cand.push(slot);
            }
        };
        both.iter().for_each(|slot| add_seed(*slot));
        if first_probe == 0 {
            let mut seeded = 0usize;
            for (n, bit) in &bits {
                if seeded > 0 && seeded + n > SEEDS {
                    break;
                }
                self.for_each_slot(lookups, *bit, &mut add_seed);
                seeded += n;
                first_probe += 1;
            }
        }
        // The holders born in the query's years of the tokens the later parts reach seed candidates
        // too (a common family name beside a misspelt given name that reaches other names); those of
        // the two rarest only when few hold both (a misspelt rare part can leave the two apparently
        // rarest tokens with no holder in common, and then nothing else would seed).
        // (The holders of the tokens that seeded alone are candidates already, whatever their year.)
        let skip = if pair_first && both.len() < SCORED { 0 } else { first_probe };
        let later = |bit: usize| bits.iter().skip(skip).any(|b| b.1 == bit);
        keys.clear();
        for l in lookups.iter().filter(|l| later(l.bit)) {
            let List::Holders(id) = l.list else { continue };
            let years = if l.spelt { &near_years } else { &query_years };
            keys.extend(years.iter().map(|year| year_key(id, *year)));
        }
        // Looked up together, so that their loads overlap.
        ids.clear();
        self.base.get_many(keys, ids, steps);
        ids.iter().for_each(|slot| add_seed(*slot));
        if !self.delta.is_empty() {
            for key in keys.iter() {
                self.delta.get(key).into_iter().flatten().for_each(|slot| add_seed(*slot));
            }
        }
        // The rarest first, up to PAIR_SEEDS holders in all: a joined pair also reaches the typo
        // neighbours of its word, and each seed costs weighing and ranking.
        pair_seeds.sort_unstable_by_key(|(n, _)| *n);
        let mut budget = PAIR_SEEDS;
        for (n, list) in pair_seeds.iter() {
            let Some(left) = budget.checked_sub(*n) else { break };
            budget = left;
            let (base, delta) = slices(*list);
            base.iter().chain(delta).for_each(|slot| add_seed(*slot));
        }
        for key in &document_keys {
            let (base, delta) = self.postings(*key);
            base.iter().chain(delta).for_each(|slot| add_seed(*slot));
        }
        seen.sort(cand);
        seen.rank_into(cand, rank);
        weight.clear();
        weight.resize(cand.len(), 0.0);
        mask.clear();
        mask.resize(cand.len(), 0);
        for key in &document_keys {
            let (base, delta) = self.postings(*key);
            for slot in base.iter().chain(delta) {
                if let Some(x) = seen.position(*slot, rank).and_then(|i| weight.get_mut(i)) {
                    *x += 100.0;
                }
            }
        }
        // A list reached by two query tokens counts once, for the one it weighs most for: Alharbi,
        // reached by "Al Harbi" written together and by "Harbi" through the dictionary, would
        // otherwise count twice, and the listings writing the name as one word would outrank those
        // splitting it as the query does.
        lookups.sort_unstable_by(|a, b| a.list.cmp(&b.list).then(b.w.total_cmp(&a.w)).then(a.bit.cmp(&b.bit)));
        lookups.dedup_by(|later, first| later.list == first.list);
        // Heaviest lookups first, so that each query token counts with the best listed token it
        // matched. A list far longer than the candidates is galloped through; any other is read
        // whole, each slot tested against the candidates' bits.
        lookups.sort_unstable_by(|a, b| b.w.total_cmp(&a.w).then(a.bit.cmp(&b.bit)));
        for l in lookups.iter() {
            let b = 1u64 << l.bit;
            let mut add = |i: usize| {
                if let (Some(m), Some(x)) = (mask.get_mut(i), weight.get_mut(i))
                    && *m & b == 0
                {
                    *x += l.w;
                    *m |= b;
                }
            };
            let (base, delta) = slices(l.list);
            for list in [base, delta] {
                if list.len() > 32 * cand.len() {
                    for_each_common(cand, list, &mut add);
                } else {
                    seen.for_each_member(list, |slot| {
                        if let Some(i) = seen.position(slot, rank) {
                            add(i);
                        }
                    });
                }
            }
        }
        seen.remove_all(cand.iter().copied());
        seen.done();
        // Only candidates that the best date bonus could still lift into the scored are ranked: at
        // least `keep` candidates weigh `floor` or more, so one that stays below it even with the best
        // bonus cannot be scored. This spares about half the candidates the read of their dates,
        // scattered over the whole index. The bound needs every candidate to be live (a removed slot is never ranked,
        // so it must not count among the `keep`).
        let keep = SCORED.max(limit);
        let with_dates = !query.birth_dates.is_empty();
        let best_bonus = if with_dates { date_bonus(Some(DateRelation::SameDay)) } else { 0.0 };
        let mut floor = f32::NEG_INFINITY;
        if self.live == self.slots.len() && weight.len() > 2 * keep {
            top.clear();
            top.extend(weight.iter().map(|w| order_key(*w)));
            let at = top.len() - keep;
            let (_, kth, _) = top.select_nth_unstable(at);
            floor = from_order_key(*kth);
        }
        let is_visible = |slot: u32| self.keys.get(slot as usize).is_some_and(|k| visible(*k));
        loop {
            // Dates of birth, read all at once (independent loads overlap), then compared.
            packed.clear();
            let mut pruned = false;
            packed.extend(cand.iter().zip(weight.iter()).map(|(slot, w)| {
                if *w + best_bonus < floor {
                    pruned = true;
                    DEAD
                } else {
                    self.dates.get(*slot as usize).copied().unwrap_or(DEAD)
                }
            }));
            ranked.clear();
            for ((slot, w), dates) in cand.iter().zip(weight.iter()).zip(packed.iter()) {
                if *dates == DEAD {
                    continue;
                }
                let bonus = if with_dates { date_bonus(packed_relation(&query.birth_dates, *dates)) } else { 0.0 };
                ranked.push(rank_key(*slot, w + bonus));
            }
            // Visibility is asked in rank order, so invisible identities never take a visible one's place.
            // Selected where it lies (a buffer of this size would cost the allocator more than the
            // sort), tier by tier: the best `keep`, which are usually all visible and then need no order
            // among themselves; if some are not, the next ones up to `4 * keep` in order; if still too
            // few, all the rest in order.
            out.clear();
            let mut from = 0;
            for tier in [keep, 4 * keep, ranked.len()] {
                let to = tier.min(ranked.len());
                let Some(rest) = ranked.get_mut(from..).filter(|_| from < to && out.len() < keep) else { break };
                if rest.len() > to - from {
                    rest.select_nth_unstable(to - from);
                }
                let tier = rest.get_mut(..to - from).unwrap_or_default();
                if from > 0 {
                    tier.sort_unstable();
                }
                let missing = keep - out.len();
                out.extend(tier.iter().map(|k| *k as u32).filter(|slot| is_visible(*slot)).take(missing));
                from = to;
            }
            if out.len() >= keep || !pruned {
                break;
            }
            // Too many invisible identities among those ranked: rank them all.
            floor = f32::NEG_INFINITY;
        }
    }

    /// Adds the tokens of the vocabulary added since the build that `keys` lead to.
    fn delta_ids(&self, keys: &[u64], ids: &mut Vec<u32>) {
        if self.vocabulary_delta.is_empty() {
            return;
        }
        for key in keys.iter() {
            if let Some(more) = self.vocabulary_delta.get(key) {
                ids.extend_from_slice(more);
            }
        }
    }

    /// Appends to `reached` each of `ids` (sorted and deduplicated here) with how it compares with
    /// `token`.
    fn compare_reached(&self, token: &Token, ids: &mut Vec<u32>, reached: &mut Vec<Compared>) {
        ids.sort_unstable();
        ids.dedup();
        reached.extend(ids.iter().filter_map(|id| Some((*id, score::compare_tokens(token, self.tokens.get(*id)?)))));
    }

    /// The lists of slots a query token reaches through the vocabulary: every vocabulary token its
    /// keys lead to and that compares with it, weighted by similarity and rarity. `known` is the
    /// token's id when the index's table holds it.
    #[allow(clippy::too_many_arguments)]
    fn reach(&self, token: &Token, known: Option<u32>, factor: f32, bit: usize, reach: &Reach, work: &mut Work) {
        let Work { keys, ids, cache, lookups, reached, steps, .. } = work;
        reached.clear();
        match known.and_then(|id| self.reached.of(id)) {
            Some(built) => {
                // Computed with the index; the vocabulary added since is compared here.
                reached.extend_from_slice(built);
                if !self.vocabulary_delta.is_empty() {
                    query_token_keys(token, false, keys);
                    ids.clear();
                    self.delta_ids(keys, ids);
                    self.compare_reached(token, ids, reached);
                }
            }
            None => {
                // Typed Latin only: a name in another script is read, not typed, and its syllables'
                // readings would reach every neighbour of a common syllable.
                let unknown = token.script == Some(Script::Latin) && known.is_none();
                query_token_keys(token, unknown, keys);
                ids.clear();
                self.vocabulary.get_many(keys, ids, steps);
                self.delta_ids(keys, ids);
                self.compare_reached(token, ids, reached);
            }
        }
        for (id, compared) in reached.iter() {
            let compared = match cache.entry(reach.cache_key, *id) {
                Some(cell) => *cell.get_or_insert(*compared),
                None => *compared,
            };
            let Some((similarity, _)) = compared else { continue };
            let (base, delta) = self.holders(*id);
            let n = base.len() + delta.len();
            if n == 0 {
                continue;
            }
            let w = factor * similarity * (1.0 + (reach.total / n as f32).ln());
            lookups.push(Lookup { bit, w, list: List::Holders(*id), n, spelt: similarity >= SPELT });
        }
    }

    /// The best pair of query name and listed name, and its score; the pairings of its alignment are
    /// appended to `kept`.
    fn best_name<'a>(
        &'a self,
        names: &[QueryName<'_>],
        stored: &Stored,
        cache: &mut Comparisons,
        scratch: &mut Scratch,
        listed: &mut Vec<Part<'a>>,
        kept: &mut Vec<score::Pairing>,
    ) -> Option<(f32, BestName)> {
        let from = kept.len();
        let mut best: Option<(f32, BestName)> = None;
        let written = self.written(stored);
        for (ln, sn) in stored.analysed.iter().enumerate() {
            let parts = stored.parts_of(sn);
            self.listed_parts(parts, listed);
            if listed.is_empty() {
                continue;
            }
            cache.select(parts);
            for (qn, q) in names.iter().enumerate() {
                if q.parts.is_empty() {
                    continue;
                }
                let mut compare =
                    |qi: usize, li: usize, joined: bool| compare_cached(q, listed, cache, qi, li, joined, written);
                let s = score::align(&q.parts, &q.joined, listed, sn.kind, &mut compare, scratch);
                if best.is_none_or(|b| s > b.0) {
                    kept.truncate(from);
                    kept.extend_from_slice(scratch.chosen());
                    best = Some((s, BestName { query: qn, listed: ln, kept: (from, kept.len()) }));
                }
            }
        }
        best
    }

    /// A stored name's tokens, as the scorer reads them, in `listed` (emptied first).
    fn listed_parts<'a>(&'a self, parts: &[(u32, PartRole)], listed: &mut Vec<Part<'a>>) {
        listed.clear();
        listed.extend(parts.iter().filter_map(|(id, role)| Some(Part { token: self.tokens.get(*id)?, role: *role })));
    }

    /// The identity's names as written, read only when a comparison needs them.
    fn written<'a>(&'a self, stored: &'a Stored) -> Written<'a> {
        Written { tokens: &self.tokens, stored }
    }

    /// How query name `q` compared with the identity's name `ln`, whose alignment kept `chosen`.
    fn explain_name<'a>(
        &'a self,
        q: &QueryName<'_>,
        stored: &Stored,
        ln: usize,
        chosen: &[score::Pairing],
        listed: &mut Vec<Part<'a>>,
        score: f32,
    ) -> NameScore {
        let Some(sn) = stored.analysed.get(ln) else {
            return score::explain(score, q.text, &q.parts, "", &[], &[]);
        };
        self.listed_parts(stored.parts_of(sn), listed);
        // The name as given (its full form, or its parts joined when there is none).
        let text = match stored.names.get(ln) {
            Some((n, _)) if !n.full.trim().is_empty() => std::borrow::Cow::Borrowed(n.full.as_str()),
            Some((n, _)) => std::borrow::Cow::Owned(name::full_text(n)),
            None => std::borrow::Cow::Borrowed(""),
        };
        score::explain(score, q.text, &q.parts, &text, listed, chosen)
    }

    fn hit(
        &self,
        total: f32,
        name: Option<Box<NameScore>>,
        query: &Query,
        query_countries: &[[u8; 2]],
        documents: &[String],
        stored: &Stored,
    ) -> Hit {
        let mut explanations = Vec::with_capacity(4);
        if let Some(b) = &name {
            let mut detail = String::with_capacity(64 * b.aligned.len() + 32);
            for (i, a) in b.aligned.iter().enumerate() {
                if i > 0 {
                    detail.push_str("; ");
                }
                detail.push('\'');
                detail.push_str(&a.query);
                detail.push_str("' ≈ '");
                detail.push_str(&a.listed);
                detail.push_str("' (");
                detail.push_str(a.how.as_str());
                detail.push_str(", ");
                push_hundredths(&mut detail, a.score);
                detail.push(')');
            }
            if !b.unmatched_query.is_empty() {
                detail.push_str("; not found:");
                for t in &b.unmatched_query {
                    detail.push(' ');
                    detail.push_str(t);
                }
            }
            explanations.push(Explanation {
                feature: feature::NAME_MATCH,
                score: b.score,
                query: b.query_name.clone(),
                listed: b.listed_name.clone(),
                detail,
            });
        }
        if let Some(d) = documents.iter().find(|d| stored.documents.iter().any(|s| &**s == d.as_str())) {
            explanations.push(Explanation {
                feature: feature::DOCUMENT_MATCH,
                score: 1.0,
                query: d.clone(),
                listed: d.clone(),
                detail: "the same document number: decisive".to_owned(),
            });
        }
        if let Some((relation, q, l)) = date::best(&query.birth_dates, &stored.birth_dates) {
            explanations.push(Explanation {
                feature: match relation {
                    DateRelation::SameDay | DateRelation::Compatible | DateRelation::SameYear => feature::DOB_MATCH,
                    DateRelation::SwappedDayMonth => feature::DOB_DAY_MONTH_SWAPPED,
                    DateRelation::SameYearOtherDay | DateRelation::SameYearOnly => feature::DOB_DAY_DISJOINT,
                    DateRelation::YearApart | DateRelation::Different => feature::DOB_YEAR_DISJOINT,
                },
                score: relation.adjustment(),
                query: date_text(&q),
                listed: date_text(&l),
                detail: relation.as_str().to_owned(),
            });
        }
        if !query_countries.is_empty() && !stored.nationalities.is_empty() {
            let shared = query_countries.iter().any(|c| stored.nationalities.contains(c));
            let show = |cs: &[[u8; 2]]| {
                let mut out = String::with_capacity(4 * cs.len());
                for (i, c) in cs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&String::from_utf8_lossy(c));
                }
                out
            };
            explanations.push(Explanation {
                feature: if shared { feature::NATIONALITY_MATCH } else { feature::NATIONALITY_MISMATCH },
                score: if shared { 0.0 } else { NATIONALITY_MISMATCH },
                query: show(query_countries),
                listed: show(&stored.nationalities),
                detail: if shared { "a nationality in common" } else { "no nationality in common" }.to_owned(),
            });
        }
        Hit { key: stored.key, score: total, explanations, name }
    }
}

/// Compares two tokens that no blocking key brought together: only initials and typos within two
/// letters (of length and of the letters used) can still match, so the rest are not compared at all (the
/// candidates of a query hold hundreds of unrelated tokens).
fn plausible_compare(q: &Token, l: &Token) -> Option<(f32, TokenMatch)> {
    if q.norm == l.norm {
        return Some((1.0, TokenMatch::Identical));
    }
    // Two edits change at most four letters of the set of letters used.
    let close = |a: &Sketch, b: &Sketch| a.len.abs_diff(b.len) <= 2 && (a.letters ^ b.letters).count_ones() <= 4;
    let maybe = q.is_initial()
        || l.is_initial()
        || (q.skeleton_sketches.iter().any(|a| l.skeleton_sketches.iter().any(|b| close(a, b)))
            && score::may_meet(q, l))
        || (q.skeletons.is_empty() && l.skeletons.is_empty());
    if maybe { score::compare_tokens(q, l) } else { None }
}

/// An identity's names as written, for [`cross_script_evidence`]: their Chinese characters and Hangul
/// syllables, and whether one is written in Vietnamese. Two Latin spellings that meet only as readings
/// of one Chinese character in different languages (Hu and Wu are both 胡) are the same name only when
/// the query's spelling is a reading of one of these characters: a listed 吴 (Wu) is not a Hu. A
/// Vietnamese name is its own spelling: Lê is not Ly, though 黎 and 李 are both Li in Mandarin. Read
/// from the stored tokens only when a reading or a dictionary match asks, not for every candidate.
#[derive(Clone, Copy)]
struct Written<'a> {
    tokens: &'a TokenTable,
    stored: &'a Stored,
}

impl<'a> Written<'a> {
    fn tokens(self) -> impl Iterator<Item = &'a Token> {
        let tokens = self.tokens;
        self.stored.parts.iter().filter_map(move |(id, _)| tokens.get(*id))
    }

    /// Its tokens in Chinese characters or Hangul.
    fn character_tokens(self) -> impl Iterator<Item = &'a Token> {
        self.tokens().filter(|t| matches!(t.script, Some(Script::Han | Script::Hangul)))
    }

    /// Whether one of its names is written in Vietnamese (with the letters only Vietnamese uses).
    fn vietnamese(self) -> bool {
        self.tokens().any(|t| t.script == Some(Script::Latin) && is_vietnamese(&t.norm))
    }
}

/// Whether a token has a letter that names in Latin letters hardly write outside Vietnamese (đ, ơ, ư,
/// ă, ĩ, ũ, or a vowel with a dot below or a hook above).
fn is_vietnamese(norm: &str) -> bool {
    norm.chars().any(|c| matches!(c, 'đ' | 'ơ' | 'ư' | 'ă' | 'ĩ' | 'ũ' | '\u{1EA0}'..='\u{1EF9}'))
}

/// Whether a match by the name dictionary or by a reading of a Chinese character still counts given
/// what the identity's names are as written, and as what (`None`: it does not):
/// - two Latin spellings that meet as readings of one character (Hu and Wu, both 胡) count only when
///   the query's spelling is a reading of one of the identity's characters, and then as a match of
///   their own ([`TokenMatch::ListedReading`]): a listed 吴 (Wu) is not a Hu; with no characters
///   listed, as a reading, and not at all when the identity is written in Vietnamese (Lê is not Ly);
/// - a query in Chinese characters or Hangul is compared with the identity's own name in that script,
///   not through the readings of its Latin spellings (김 is Jin as 金, but a listed 진 is not a 김);
/// - a Latin spelling matches a name in Hangul through the dictionary only as the dictionary spells
///   the syllable (Yang for 양), not as a near spelling (Jung, Yong).
fn cross_script_evidence(written: Written<'_>, q: &Token, l: &Token, how: TokenMatch) -> Option<TokenMatch> {
    let latin = |t: &Token| t.script == Some(Script::Latin);
    let cjk = |t: &Token| matches!(t.script, Some(Script::Han | Script::Hangul));
    let counts = if latin(q) && latin(l) {
        if how != TokenMatch::Reading {
            true
        } else if written.character_tokens().next().is_some() {
            return written.character_tokens().any(|t| t.read_as(q)).then_some(TokenMatch::ListedReading);
        } else {
            !written.vietnamese()
        }
    } else if cjk(q) && latin(l) {
        let script = q.script;
        !written.character_tokens().flat_map(|t| t.norm.chars()).any(|c| crate::text::script_of(c) == script)
    } else if latin(q) && l.script == Some(Script::Hangul) {
        l.read_as(q)
    } else {
        true
    };
    counts.then_some(how)
}

/// Query token `qi` (or `qi` and the next written as one) against listed token `li` of the name
/// the cache has selected, through the query's cache; scoring and explaining both go through here, so they agree.
#[allow(clippy::too_many_arguments)]
fn compare_cached(
    q: &QueryName<'_>,
    listed: &[Part<'_>],
    cache: &mut Comparisons,
    qi: usize,
    li: usize,
    joined: bool,
    written: Written<'_>,
) -> Option<(f32, TokenMatch)> {
    let (key, token) = if joined {
        ((q.offset + qi) as u32 | JOINED, q.pair_tokens.get(qi)?)
    } else {
        ((q.offset + qi) as u32, q.parts.get(qi)?.token)
    };
    let other = listed.get(li)?.token;
    let found = match cache.name.get(li).copied().and_then(|row| cache.cell(row, key)) {
        Some(cell) => *cell.get_or_insert_with(|| plausible_compare(token, other)),
        None => plausible_compare(token, other),
    };
    // A query token that is itself a name on the list (Rajesh) is less likely a slip for a
    // neighbouring name (Rakesh) than a spelling found nowhere; so are two written as one (Fangli
    // against Fanglin).
    let known = if joined { &q.pair_known } else { &q.known };
    let found = match found {
        Some((s, how @ (TokenMatch::Reading | TokenMatch::Dictionary))) => {
            match cross_script_evidence(written, token, other, how) {
                Some(how) => Some((s, how)),
                // Without the evidence of the names as written, the spellings alone.
                None => score::compare_spelling(token, other),
            }
        }
        other => other,
    };
    match found {
        Some((s, TokenMatch::Typo)) if known.get(qi).copied().unwrap_or(false) => {
            Some((s * KNOWN_NAME_TYPO, TokenMatch::Typo))
        }
        other => other,
    }
}

/// A date as it displays.
fn date_text(d: &DateSpec) -> String {
    let mut out = String::with_capacity(10);
    d.push_to(&mut out);
    out
}

/// Writes `x` with two decimals, as `{:.2}` does, without the formatting machinery for the scores
/// of 0 to 1 an explanation shows (a hundred times such an `f32` is exact in an `f64`, and `{:.2}`
/// rounds an exact half to even, which every `f32` from 0 to 1 was checked to agree with).
fn push_hundredths(out: &mut String, x: f32) {
    use std::fmt::Write as _;
    if !(0.0..=1.0).contains(&x) {
        let _ = write!(out, "{x:.2}");
        return;
    }
    let hundredths = (f64::from(x) * 100.0).round_ties_even() as u32;
    let digit = |d: u32| char::from(b'0' + (d % 10) as u8);
    out.push(digit(hundredths / 100));
    out.push('.');
    out.push(digit(hundredths / 10));
    out.push(digit(hundredths));
}

/// What a nationality in common with none of the listed ones costs.
const NATIONALITY_MISMATCH: f32 = -0.10;

/// A candidate's score: the name's, lowered by a contradicting date of birth or nationality; an exact
/// document number decides.
fn total_score(name: f32, query: &Query, query_countries: &[[u8; 2]], documents: &[String], stored: &Stored) -> f32 {
    let mut score = name;
    if documents.iter().any(|d| stored.documents.iter().any(|s| &**s == d.as_str())) {
        score = 1.0;
    }
    if let Some((relation, _, _)) = date::best(&query.birth_dates, &stored.birth_dates) {
        score += relation.adjustment();
    }
    if !query_countries.is_empty()
        && !stored.nationalities.is_empty()
        && !query_countries.iter().any(|c| stored.nationalities.contains(c))
    {
        score += NATIONALITY_MISMATCH;
    }
    score.clamp(0.0, 1.0)
}

fn country(code: &str) -> Option<[u8; 2]> {
    let b = code.trim().as_bytes();
    (b.len() == 2 && b.iter().all(u8::is_ascii_alphabetic))
        .then(|| [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()])
}

/// The first position at or after `from` in ascending `s` whose value is at least `x`: steps of
/// doubling length, then a binary search within the last.
fn gallop(s: &[u32], from: usize, x: u32) -> usize {
    let mut lo = from;
    let mut step = 1;
    let mut hi = from;
    while hi < s.len() && s[hi] < x {
        lo = hi + 1;
        hi += step;
        step *= 2;
    }
    let hi = hi.min(s.len());
    lo + s[lo..hi].partition_point(|v| *v < x)
}

/// Calls `f(i)` for every position `i` of `cands` whose slot `list` holds (both ascending): a merge
/// without branches on the order when the two are of comparable length, otherwise galloping through
/// the longer one.
fn for_each_common(cands: &[u32], list: &[u32], mut f: impl FnMut(usize)) {
    if cands.is_empty() || list.is_empty() {
        return;
    }
    const RATIO: usize = 16;
    if list.len() > RATIO * cands.len() {
        let mut j = 0;
        for (i, slot) in cands.iter().enumerate() {
            j = gallop(list, j, *slot);
            match list.get(j) {
                Some(s) if s == slot => f(i),
                Some(_) => {}
                None => return,
            }
        }
    } else if cands.len() > RATIO * list.len() {
        let mut i = 0;
        for slot in list {
            i = gallop(cands, i, *slot);
            match cands.get(i) {
                Some(s) if s == slot => f(i),
                Some(_) => {}
                None => return,
            }
        }
    } else {
        let (mut i, mut j) = (0, 0);
        while let (Some(a), Some(b)) = (cands.get(i), list.get(j)) {
            if a == b {
                f(i);
            }
            i += usize::from(a <= b);
            j += usize::from(b <= a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Identities with names of several scripts and cultures, some sharing keys (a later one replaces
    /// an earlier), some with documents and dates.
    fn mixed_identities(count: u64) -> Vec<Identity> {
        let given = ["Aleksandr", "Мухаммад", "Mohamed", "Ιωάννης", "José", "Абдулла", "Li", "Олена", "Yusuf", "Anna"];
        let family = ["Petrov", "Аль-Харби", "Al Harbi", "Παπαδόπουλος", "García", "Коваленко", "Wang", "Smith"];
        (0..count)
            .map(|i| Identity {
                // Every 97th identity takes the key of the one 40 before it.
                key: if i % 97 == 96 { i - 40 } else { i },
                names: vec![(
                    NameInput::full(&format!("{} {}", given[(i % 10) as usize], family[(i / 10 % 8) as usize])),
                    NameKind::Primary,
                )],
                birth_dates: DateSpec::parse(&format!("{}-0{}-1{}", 1950 + i % 50, 1 + i % 9, i % 10))
                    .into_iter()
                    .collect(),
                nationalities: vec!["FR".into()],
                documents: if i % 3 == 0 { vec![format!("X{i:07}")] } else { vec![] },
            })
            .collect()
    }

    #[test]
    fn a_build_on_several_threads_and_in_chunks_is_the_build_on_one() {
        let analyser = Arc::new(Analyser::shipped().unwrap_or_else(|e| panic!("{e}")));
        let people = mixed_identities(1_300);
        let one = Index::build_chunked(Arc::clone(&analyser), people.clone(), 1, 10_000);
        let queries = [
            ("Aleksandr Petrov", "1951-02-11"),
            ("Мухаммад Аль-Харби", "1961"),
            ("Jose Garcia", ""),
            ("Anna Smyth", "1999"),
        ];
        for (threads, chunk) in [(2, 10_000), (3, 10_000), (2, 100), (1, 7)] {
            let other = Index::build_chunked(Arc::clone(&analyser), people.clone(), threads, chunk);
            let at = format!("{threads} threads, chunks of {chunk}");
            assert_eq!(other.len(), one.len(), "{at}");
            assert_eq!(other.keys, one.keys, "{at}: slots in the same order");
            assert_eq!(other.token_offsets, one.token_offsets, "{at}");
            assert_eq!(other.token_slots, one.token_slots, "{at}");
            assert_eq!(other.base.entries, one.base.entries, "{at}: the same keys");
            assert_eq!(other.base.slots, one.base.slots, "{at}: the same postings");
            let norms = |index: &Index| index.tokens.tokens.iter().map(|t| t.norm.clone()).collect::<Vec<_>>();
            assert_eq!(norms(&other), norms(&one), "{at}: tokens with the same ids");
            for (name, date) in queries {
                let query = Query {
                    names: vec![NameInput::full(name)],
                    birth_dates: DateSpec::parse(date).into_iter().collect(),
                    ..Query::default()
                };
                let hits = |index: &Index| {
                    index.search(&query, 10, 0.0, &|_| true).iter().map(|h| (h.key, h.score)).collect::<Vec<_>>()
                };
                let want = hits(&one);
                assert!(!want.is_empty(), "{name} finds someone");
                assert_eq!(hits(&other), want, "{at}: {name}");
            }
        }
        // The replaced identities are gone, and the identities that replaced them are found.
        assert_eq!(one.len(), 1_300 - 1_300 / 97);
        let document = Query { documents: vec!["X0000096".into()], ..Query::default() };
        let found: Vec<u64> = one.search(&document, 10, 0.7, &|_| true).iter().map(|h| h.key).collect();
        assert_eq!(found, [56], "the identity that took key 56 holds the document");
    }

    #[test]
    fn postings_give_each_key_its_own_slots_and_an_absent_key_none() {
        // Keys that share a directory entry, the smallest and largest keys, and a key with one slot.
        let keys: Vec<u64> =
            (0..300u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15)).chain([0, u64::MAX - 1]).collect();
        let mut pairs = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            for s in 0..(i % 5 + 1) as u32 {
                pairs.push((*key, 1000 * i as u32 + s));
            }
        }
        let p = Postings::build(pairs.clone());
        for key in &keys {
            let mut want: Vec<u32> = pairs.iter().filter(|(k, _)| k == key).map(|(_, s)| *s).collect();
            want.sort_unstable();
            want.dedup();
            assert_eq!(p.get(*key), want.as_slice(), "key {key:#x}");
        }
        for absent in [1u64, u64::MAX, 0x9e37_79b9_7f4a_7c16] {
            assert!(p.get(absent).is_empty(), "absent key {absent:#x}");
        }
        let (mut out, mut steps) = (Vec::new(), Vec::new());
        p.get_many(&[keys[3], 1, keys[301]], &mut out, &mut steps);
        let want: Vec<u32> = p.get(keys[3]).iter().chain(p.get(keys[301])).copied().collect();
        assert_eq!(out, want);
        assert!(Postings::build(Vec::new()).get(0).is_empty());
    }

    #[test]
    fn a_filter_keeps_every_key_with_its_list_and_turns_most_absent_keys_away() {
        let keys: Vec<u64> = (0..20_000u64).map(|i| hash(Tag::Skeleton, format!("name{i}").as_bytes())).collect();
        let pairs: Vec<(u64, u32)> = keys.iter().enumerate().map(|(i, k)| (*k, i as u32)).collect();
        let plain = Postings::build(pairs.clone());
        let filtered = Postings::build(pairs).with_filter(8);
        assert_eq!(filtered.filter.len(), 4096, "20,000 keys at 8 bits, rounded up to a power of two");
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(filtered.get(*key), &[i as u32], "a held key keeps its list");
        }
        let absent: Vec<u64> = (0..20_000u64).map(|i| hash(Tag::Skeleton, format!("other{i}").as_bytes())).collect();
        let passed = absent.iter().filter(|k| filtered.may_hold(**k)).count();
        assert!(passed > 0 && passed < absent.len() / 10, "{passed} of 20,000 absent keys passed the filter");
        assert!(absent.iter().all(|k| plain.may_hold(*k)), "no filter, no key turned away");
        // Looked up together, the filtered and the plain postings give the same slots.
        let mixed: Vec<u64> = keys.iter().step_by(7).chain(absent.iter().step_by(5)).copied().collect();
        let (mut a, mut b, mut steps) = (Vec::new(), Vec::new(), Vec::new());
        plain.get_many(&mixed, &mut a, &mut steps);
        filtered.get_many(&mixed, &mut b, &mut steps);
        assert_eq!(a, b);
        assert_eq!(a.len(), keys.len().div_ceil(7));
    }

    #[test]
    fn the_members_of_a_list_are_its_slots_in_the_set_and_no_other() {
        let mut set = SlotSet::default();
        set.prepare(100_000);
        let members: Vec<u32> = (0..100_000).filter(|s| s % 7 == 3 || s % 64 == 63).collect();
        for s in &members {
            set.insert(*s);
        }
        // Longer than a chunk, in stretches of members only and of non-members only.
        let list: Vec<u32> = (0..100_000).step_by(3).chain((0..600).map(|i| 7 * i + 3)).chain(0..600).collect();
        let mut found = Vec::new();
        set.for_each_member(&list, |s| found.push(s));
        let want: Vec<u32> = list.iter().copied().filter(|s| set.contains(*s)).collect();
        assert_eq!(found, want);
        assert!(found.iter().all(|s| members.binary_search(s).is_ok()));
        assert!(found.len() > 600 && found.len() < list.len());
    }

    #[test]
    fn the_fast_hasher_tells_apart_names_that_differ_in_any_byte_or_length() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let build = BuildHasherDefault::<FastHasher>::default();
        let names = ["a", "a\0", "ab", "abcdefgh", "abcdefgh\0", "abcdefghi", "abcdefgi", "ivanov", "ivanova"];
        let hashes: Vec<u64> = names.iter().map(|n| build.hash_one(n)).collect();
        for (i, a) in hashes.iter().enumerate() {
            for (j, b) in hashes.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "{:?} and {:?}", names[i], names[j]);
            }
        }
        let mut table = TokenTable::default();
        table.by_norm.insert("ivanov".into(), 7);
        assert_eq!(table.by_norm.get("ivanov"), Some(&7));
        assert_eq!(table.by_norm.get("ivanova"), None);
    }

    #[test]
    fn keys_of_different_kinds_never_meet_however_their_texts_differ_in_the_first_letter() {
        let tags =
            [Tag::Skeleton, Tag::Deletion, Tag::Group, Tag::Consonants, Tag::Document, Tag::Year, Tag::ShortDeletion];
        let mut seen: HashMap<u64, (usize, u8)> = HashMap::new();
        for (t, tag) in tags.iter().enumerate() {
            for first in b'a'..=b'z' {
                let text = [first, b'b', b'c', b'd'];
                if let Some(other) = seen.insert(hash(*tag, &text), (t, first)) {
                    panic!("{:?} {:?} meets {:?} {:?}", tags[other.0], other.1 as char, tag, first as char);
                }
            }
        }
        // The same text under one tag is the same key, whether given whole or in two parts.
        assert_eq!(hash(Tag::Deletion, b"abcd"), hash_parts(Tag::Deletion, b"ab", b"cd"));
        assert_ne!(hash(Tag::Skeleton, b"abcd"), hash(Tag::Deletion, b"abcd"));
    }

    #[test]
    fn hundredths_are_written_as_format_writes_them() {
        let mut samples: Vec<f32> = (0..=2000).map(|i| i as f32 / 2000.0).collect();
        samples.extend((0..=200).flat_map(|i| {
            let x = i as f32 / 200.0;
            [x, f32::from_bits(x.to_bits().saturating_sub(1)), f32::from_bits(x.to_bits() + 1)]
        }));
        samples.extend([0.125, 0.375, 0.625, 0.875, 0.005, 0.015, 0.925, 0.995, -0.5, 1.5, f32::NAN]);
        for x in samples {
            let mut out = String::new();
            push_hundredths(&mut out, x);
            assert_eq!(out, format!("{x:.2}"), "{x:e}");
        }
    }

    #[test]
    fn weights_order_as_integers_as_total_cmp_orders_them() {
        let xs = [f32::NEG_INFINITY, -3.5, -1e-30, -0.0, 0.0, 1e-30, 0.25, 1.0, 8.0, 100.5, f32::INFINITY];
        for a in xs {
            assert_eq!(from_order_key(order_key(a)).to_bits(), a.to_bits(), "{a}");
            for b in xs {
                assert_eq!(order_key(a).cmp(&order_key(b)), a.total_cmp(&b), "{a} {b}");
                // Ranked: the higher score first; on equal scores, the lower slot.
                assert_eq!(rank_key(7, a).cmp(&rank_key(7, b)), b.total_cmp(&a), "{a} {b}");
                assert!(rank_key(3, a) < rank_key(9, a));
                assert_eq!(rank_key(9, a) as u32, 9);
            }
        }
    }

    #[test]
    fn packed_dates_relate_as_the_dates_do() {
        let years = [1960, 1961, 1962, 1964, 1970];
        let mut dates = Vec::new();
        for y in years {
            dates.push(DateSpec::Year(y));
            dates.push(DateSpec::Month { year: y, month: 3 });
            dates.push(DateSpec::Day { year: y, month: 3, day: 4 });
            dates.push(DateSpec::Day { year: y, month: 4, day: 3 });
            // The same month, the same day of another month, neither.
            dates.push(DateSpec::Day { year: y, month: 3, day: 9 });
            dates.push(DateSpec::Day { year: y, month: 7, day: 4 });
            dates.push(DateSpec::Day { year: y, month: 7, day: 20 });
            dates.push(DateSpec::Day { year: y, month: 1, day: 1 });
            dates.push(DateSpec::Range { from: y, to: y + 2 });
        }
        for q in &dates {
            for l in &dates {
                for other in [None, Some(*l), Some(DateSpec::Year(1990))] {
                    let listed: Vec<DateSpec> = [Some(*q), other].into_iter().flatten().collect();
                    let expected = date::best(std::slice::from_ref(l), &listed).map(|b| b.0);
                    assert_eq!(
                        packed_relation(std::slice::from_ref(l), pack_dates(&listed)),
                        expected,
                        "{l} / {listed:?}"
                    );
                }
            }
        }
        assert_eq!(packed_relation(&[DateSpec::Year(1970)], pack_dates(&[])), None);
    }
}
