//! The explainable scorer: token against token (identical, transliterated, dictionary, spelling variant,
//! consonant skeleton, typo, initial), tokens aligned one to one regardless of order and across merged
//! or split tokens, then a weighted name score; dates of birth, nationalities and documents adjust or
//! decide it, each with an explanation naming the two values compared.

use crate::name::{Name, NameKind, PartRole, Token};

use crate::phonetic::{self, Sketch};
use crate::text::Script;

/// How one query token matched one listed token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenMatch {
    Identical,
    Transliterated,
    Dictionary,
    /// Two Latin spellings that meet only as readings of one Chinese character in different
    /// languages: counts as a match only beside stronger ones.
    Reading,
    /// Two Latin spellings that meet as readings of a character the identity's own name writes
    /// (Ho for 浩 against Hao): a match of its own.
    ListedReading,
    SpellingVariant,
    ConsonantSkeleton,
    Typo,
    Initial,
    Merged,
}

impl TokenMatch {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identical => "identical",
            Self::Transliterated => "same romanisation",
            Self::Dictionary => "name dictionary",
            Self::Reading => "reading of one Chinese character",
            Self::ListedReading => "reading of a character the list writes",
            Self::SpellingVariant => "spelling variant",
            Self::ConsonantSkeleton => "same consonants across scripts",
            Self::Typo => "close spelling",
            Self::Initial => "initial",
            Self::Merged => "tokens joined or split",
        }
    }
}

/// One aligned pair of query and listed tokens (a side may hold two tokens when joined).
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    pub query: String,
    pub listed: String,
    pub how: TokenMatch,
    pub score: f32,
}

/// The comparison of two names.
#[derive(Debug, Clone, PartialEq)]
pub struct NameScore {
    pub score: f32,
    pub query_name: String,
    pub listed_name: String,
    pub aligned: Vec<Alignment>,
    /// Query tokens nothing matched.
    pub unmatched_query: Vec<String>,
    /// Listed tokens nothing matched.
    pub unmatched_listed: Vec<String>,
}

/// Scores for token comparisons: the strength of each kind of evidence.
const IDENTICAL: f32 = 1.0;
const TRANSLITERATED: f32 = 0.98;
const DICTIONARY: f32 = 0.95;
const READING: f32 = 0.80;
/// A Han token against a Latin one by a reading of its characters (Mandarin, Wade-Giles, Cantonese,
/// Korean): a character is read differently in each language, so a reading is not a transliteration.
const HAN_READING: f32 = 0.90;
const SPELLING: f32 = 0.93;
const CONSONANTS: f32 = 0.85;
const MERGED: f32 = 0.92;
const INITIAL: f32 = 0.6;
/// A typo's similarity is scaled by this, and must reach `TYPO_FLOOR` to count at all.
const TYPO_SCALE: f32 = 0.92;
const TYPO_FLOOR: f32 = 0.72;
/// A typo is one slip (a letter changed, dropped, doubled, or two swapped) and counts its similarity
/// times `TYPO_SCALE`. Two slips in a name shorter than `TWO_SLIPS_FROM` letters (Hyeyul against
/// Hyeonyul, Chanseon against Chaeseok) are as likely another name, and count `SECOND_SLIP_FACTOR`
/// of that.
const TWO_SLIPS_FROM: f32 = 12.0;
const SECOND_SLIP_FACTOR: f32 = 0.75;

/// Weights: a listed part the query lacks costs about half a part, an unexplained query part most of
/// one; family names carry more; particles (al, bin, van) little; titles (Dr, Sheikh) nothing.
const EXTRA_LISTED_WEIGHT: f32 = 0.6;
/// A query part the listed name does not explain counts this much of its weight against the score
/// (a traveller's passport may carry a middle name or second surname the list lacks).
const MISSING_QUERY_WEIGHT: f32 = 0.9;
/// What an unexplained query part costs instead when it is only an initial (a middle initial one
/// source gives and another leaves out). A patronymic, or a repeat of a part that did match, costs
/// the full 0.9: discounted, namesakes born the same year alerted on the generated benchmark.
const MISSING_INITIAL_WEIGHT: f32 = 0.3;
const FAMILY_WEIGHT: f32 = 1.2;
const PARTICLE_WEIGHT: f32 = 0.3;
/// What a name scores when two words of the listed given name met the query's in the other order.
const GIVEN_ORDER_FACTOR: f32 = 0.75;
/// Weak aliases are secondary evidence.
const WEAK_ALIAS_FACTOR: f32 = 0.85;

/// How well one query token matches one listed token, and by what.
pub fn compare_tokens(q: &Token, l: &Token) -> Option<(f32, TokenMatch)> {
    if q.norm == l.norm {
        return Some((IDENTICAL, TokenMatch::Identical));
    }
    let han = |t: &Token| t.script == Some(Script::Han);
    // Two Han spellings are the same name only if the dictionary says so: characters that read
    // alike (王 and 汪, both Wang) are different names.
    let by_reading = han(q) || han(l);
    if han(q) && han(l) {
        return q
            .groups
            .iter()
            .any(|g| l.groups.binary_search(g).is_ok())
            .then_some((DICTIONARY, TokenMatch::Dictionary));
    }
    if q.latin.iter().any(|f| l.latin.contains(f)) {
        return Some((TRANSLITERATED, TokenMatch::Transliterated));
    }
    if q.groups.iter().any(|g| l.groups.binary_search(g).is_ok()) {
        // Two Latin spellings that meet only as readings of one Chinese character in different
        // languages (Lu and Yuk for 陸, Chen and Tan for 陳): weaker than one name's spellings.
        let latin = |t: &Token| t.script == Some(Script::Latin);
        let only_readings = latin(q)
            && latin(l)
            && q.groups.iter().filter(|g| l.groups.binary_search(g).is_ok()).all(|g| q.readings.contains(g));
        if !only_readings {
            return Some((DICTIONARY, TokenMatch::Dictionary));
        }
        // The same spelling up to a slip (Ppeng, Peng) is better evidence than a reading.
        return match compare_spelling(q, l) {
            Some(spelt) if spelt.0 >= READING => Some(spelt),
            _ => Some((READING, TokenMatch::Reading)),
        };
    }
    if by_reading {
        // A Chinese character against a spelling: by its Mandarin reading, or weakly by a reading in
        // another language (Cantonese, Korean) or another reading of the character. Readings are
        // syllables, too short for the spelling variants and typos of longer names: only a reading
        // as written counts.
        let (h, other) = if han(q) { (q, l) } else { (l, q) };
        if h.mandarin.iter().any(|f| other.latin.contains(f)) {
            return Some((HAN_READING, TokenMatch::Transliterated));
        }
        return h.other_readings.iter().any(|f| other.latin.contains(f)).then_some((READING, TokenMatch::Reading));
    }
    compare_spelling(q, l)
}

/// How well two tokens match by their spellings alone (skeletons, consonants, initials, typos), leaving
/// out the name dictionary and the readings of Chinese characters.
pub fn compare_spelling(q: &Token, l: &Token) -> Option<(f32, TokenMatch)> {
    if q.skeletons.iter().any(|s| l.skeletons.contains(s)) {
        return Some((SPELLING, TokenMatch::SpellingVariant));
    }
    // Consonants bridge abjad scripts to Latin spellings; between two Latin spellings they are too loose.
    if (q.is_abjad() || l.is_abjad())
        && !q.consonants.is_empty()
        && q.consonants.iter().any(|c| c.len() >= 2 && l.consonants.contains(c))
    {
        return Some((CONSONANTS, TokenMatch::ConsonantSkeleton));
    }
    if q.is_initial() || l.is_initial() {
        let (short, long) = if q.is_initial() { (q, l) } else { (l, q) };
        let first = |t: &Token| t.latin.first().and_then(|f| f.chars().next());
        if !long.is_initial() && first(short).is_some() && first(short) == first(long) {
            return Some((INITIAL, TokenMatch::Initial));
        }
        return None;
    }
    // A typo is a slip in one spelling: of a Hangul name, in its Revised Romanization (a typo on top
    // of every other system's spelling would be too far).
    let typo_forms = |t: &'_ Token| -> usize { if t.script == Some(Script::Hangul) { 1 } else { usize::MAX } };
    // The best similarity, and the length of the longer of the two spellings compared.
    // Only a similarity that reaches the floor counts, or (of the letters) one that tells one slip
    // from two: any other may come out 0, which spares working it out.
    let best_of = |qs: &[String], q_sketches: &[Sketch], ls: &[String], l_sketches: &[Sketch], slips: f32| {
        let mut best = (0.0_f32, 0.0_f32);
        for (a, sa) in qs.iter().zip(q_sketches).take(typo_forms(q)) {
            for (b, sb) in ls.iter().zip(l_sketches).take(typo_forms(l)) {
                // Spellings too far apart by what they are made of would come out 0.
                if within_reach(sa, sb, slips) {
                    consider(&mut best, a, b, slips);
                }
            }
        }
        best
    };
    let skeletons = best_of(&q.skeletons, &q.skeleton_sketches, &l.skeletons, &l.skeleton_sketches, 0.0);
    // The letters as written count too when the skeletons set two spellings further apart than the
    // letters do (a transposed or doubled letter next to a vowel the skeleton drops), and decide
    // whether two slips by the skeletons are one by the letters (a swap next to a digraph: Hcarles).
    let letters = if skeletons.0 < TYPO_FLOOR || slips(skeletons) > ONE_SLIP {
        best_of(&q.latin, &q.latin_sketches, &l.latin, &l.latin_sketches, ONE_SLIP)
    } else {
        (0.0, 0.0)
    };
    let mut best = if skeletons.0 < TYPO_FLOOR && letters.0 > skeletons.0 { letters } else { skeletons };
    // Two spellings in one script that no rule romanises (Thai, Khmer, Devanagari, Ethiopic, Arabic):
    // a typo is an edit of their letters.
    if best.0 == 0.0 && q.latin.is_empty() && l.latin.is_empty() && q.script.is_some() && q.script == l.script {
        best = (native_similarity(&q.norm, &l.norm), q.norm.chars().count().max(l.norm.chars().count()) as f32);
    }
    if best.0 < TYPO_FLOOR {
        return None;
    }
    let one_slip = slips(best) <= ONE_SLIP || (letters.0 > 0.0 && slips(letters) <= ONE_SLIP);
    let score = best.0 * TYPO_SCALE;
    Some((if one_slip || best.1 >= TWO_SLIPS_FROM { score } else { score * SECOND_SLIP_FACTOR }, TokenMatch::Typo))
}

/// How many letters' worth of edits a (similarity, longest length) leaves.
fn slips((similarity, longest): (f32, f32)) -> f32 {
    (1.0 - similarity) * longest
}

/// The edits one slip may leave, in letters: one letter, or a confusable pair beside it.
const ONE_SLIP: f32 = 1.25;

/// Whether two spellings may be within the distance [`consider`] works out (`slips` as there): not
/// when what they are made of already sets them further apart.
fn within_reach(a: &Sketch, b: &Sketch, slips: f32) -> bool {
    a.distance_bound(b) <= phonetic::reach(a.len.max(b.len) as usize, TYPO_FLOOR, slips)
}

/// Whether [`compare_tokens`] can match two tokens that both have Latin spellings, other than as
/// the same word or by an initial: by the dictionary, by consonants across an abjad, or by spellings
/// near enough for a typo. A cheap test for the many pairs of unrelated names a query's candidates
/// hold; when it says no, `compare_tokens` finds no match.
pub fn may_meet(q: &Token, l: &Token) -> bool {
    let near =
        |qs: &[Sketch], ls: &[Sketch], slips: f32| qs.iter().any(|a| ls.iter().any(|b| within_reach(a, b, slips)));
    q.is_abjad()
        || l.is_abjad()
        || q.groups.iter().any(|g| l.groups.binary_search(g).is_ok())
        || near(&q.skeleton_sketches, &l.skeleton_sketches, 0.0)
        || near(&q.latin_sketches, &l.latin_sketches, ONE_SLIP)
}

/// Keeps the better of `best` and the similarity of `a` and `b`, with the longer one's length (a
/// similarity under `TYPO_FLOOR` leaving more than `slips` letters of edits may be taken as 0).
fn consider(best: &mut (f32, f32), a: &str, b: &str, slips: f32) {
    let s = phonetic::similarity_within(a, b, TYPO_FLOOR, slips);
    if s > best.0 {
        *best = (s, a.chars().count().max(b.chars().count()) as f32);
    }
}

/// The similarity of two tokens of one script by their letters: one minus the edit distance over the
/// longer length, and 0 below four letters (a letter of a short name is too much of it). Only a
/// similarity that reaches `TYPO_FLOOR` counts, so any other comes out 0: the distance is worked out
/// in a band of that width, on the stack for tokens shorter than 32 letters, and given up on as soon
/// as a row of the matrix is past it.
fn native_similarity(a: &str, b: &str) -> f32 {
    const ROW: usize = 32;
    let (mut a_buf, mut b_buf) = (['\0'; ROW], ['\0'; ROW]);
    let (mut a_len, mut b_len) = (0, 0);
    for (slot, c) in a_buf.iter_mut().zip(a.chars()) {
        *slot = c;
        a_len += 1;
    }
    for (slot, c) in b_buf.iter_mut().zip(b.chars()) {
        *slot = c;
        b_len += 1;
    }
    let (a_heap, b_heap): (Vec<char>, Vec<char>);
    let (a, b): (&[char], &[char]) = if a_len == ROW || b_len == ROW {
        // Long enough to have filled a buffer: the whole of both, whatever their length.
        (a_heap, b_heap) = (a.chars().collect(), b.chars().collect());
        (&a_heap, &b_heap)
    } else {
        (a_buf.get(..a_len).unwrap_or(&[]), b_buf.get(..b_len).unwrap_or(&[]))
    };
    let longest = a.len().max(b.len());
    if a.len().min(b.len()) < 4 {
        return 0.0;
    }
    // The most edits that still reach the floor.
    let max = ((1.0 - TYPO_FLOOR) * longest as f32 + 1e-3).floor() as usize;
    if a.len().abs_diff(b.len()) > max {
        return 0.0;
    }
    let far = longest + 1;
    // Two rows of the matrix, on the stack unless the tokens filled a buffer.
    let (mut prev_buf, mut row_buf) = ([far; ROW + 1], [far; ROW + 1]);
    let (mut prev_heap, mut row_heap) = (Vec::new(), Vec::new());
    let (mut prev, mut row): (&mut [usize], &mut [usize]) = if b.len() < ROW {
        (prev_buf.get_mut(..=b.len()).unwrap_or(&mut []), row_buf.get_mut(..=b.len()).unwrap_or(&mut []))
    } else {
        prev_heap.resize(b.len() + 1, far);
        row_heap.resize(b.len() + 1, far);
        (&mut prev_heap, &mut row_heap)
    };
    for (j, cell) in prev.iter_mut().enumerate() {
        *cell = if j <= max { j } else { far };
    }
    for (i, ca) in a.iter().enumerate() {
        let (lo, hi) = ((i + 1).saturating_sub(max), (i + 1 + max).min(b.len()));
        // The first column (i + 1 deletions) when inside the band; left of the band, out of reach.
        let mut best = far;
        if let Some(first) = row.first_mut() {
            *first = if i < max { i + 1 } else { far };
            best = *first;
        }
        if lo >= 2
            && let Some(cell) = row.get_mut(lo - 1)
        {
            *cell = far;
        }
        for j in lo.max(1)..=hi {
            let (Some(cb), Some(diagonal), Some(up), Some(left)) =
                (b.get(j - 1), prev.get(j - 1), prev.get(j), row.get(j - 1).copied())
            else {
                continue;
            };
            let v = (diagonal + usize::from(ca != cb)).min(up + 1).min(left + 1).min(far);
            if let Some(cell) = row.get_mut(j) {
                *cell = v;
            }
            best = best.min(v);
        }
        // Out of the band on the right: never read as a neighbour.
        if let Some(cell) = row.get_mut(hi + 1) {
            *cell = far;
        }
        if best > max {
            return 0.0;
        }
        std::mem::swap(&mut prev, &mut row);
    }
    match prev.get(b.len()) {
        Some(d) if *d <= max => 1.0 - *d as f32 / longest as f32,
        _ => 0.0,
    }
}

/// A token as it stands in one name: the token (which the index shares between every name that holds
/// it) and the part of the name it came from.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    pub token: &'a Token,
    pub role: PartRole,
}

impl<'a> Part<'a> {
    pub fn of(token: &'a Token) -> Self {
        Self { token, role: token.role }
    }
}

fn weight(p: &Part<'_>) -> f32 {
    if p.role == PartRole::Title {
        // Met or not, a title is no evidence about the name: it weighs nothing, but a listed family
        // name it meets (Vivek Shaikh) is explained rather than missing.
        0.0
    } else if p.token.particle {
        PARTICLE_WEIGHT
    } else if p.role == PartRole::Family {
        FAMILY_WEIGHT
    } else {
        1.0
    }
}

/// The romanisation-insensitive skeletons of two adjacent tokens written as one ("al" + "harbi"),
/// in buffers kept from one pair to the next: scoring makes them for many pairs of listed tokens,
/// and allocating each string was most of a query's allocations.
#[derive(Debug, Default)]
struct JoinedForms {
    /// The distinct skeletons, in order: the first `used` of `forms` (the others are spare buffers).
    forms: Vec<String>,
    used: usize,
    join: String,
    skeleton: String,
    scratch: phonetic::SkeletonScratch,
}

impl JoinedForms {
    fn make(&mut self, a: &Token, b: &Token) {
        self.used = 0;
        let article = other_article(a);
        for x in a.latin.iter().take(2).map(String::as_str).chain(article) {
            for y in b.latin.iter().take(2) {
                self.join.clear();
                self.join.push_str(x);
                self.join.push_str(y);
                phonetic::skeleton_into(&self.join, &mut self.scratch, &mut self.skeleton);
                if self.contains(&self.skeleton) {
                    continue;
                }
                match self.forms.get_mut(self.used) {
                    Some(spare) => {
                        spare.clear();
                        spare.push_str(&self.skeleton);
                    }
                    None => self.forms.push(self.skeleton.clone()),
                }
                self.used += 1;
            }
        }
    }

    fn forms(&self) -> &[String] {
        self.forms.get(..self.used).unwrap_or(&[])
    }

    fn contains(&self, s: &str) -> bool {
        self.forms().iter().any(|f| f == s)
    }

    /// Whether the skeleton of `reading` is one of the forms.
    fn contains_skeleton_of(&mut self, reading: &str) -> bool {
        phonetic::skeleton_into(reading, &mut self.scratch, &mut self.skeleton);
        self.contains(&self.skeleton)
    }
}

/// The joined skeletons of every adjacent pair of a query name's tokens, computed once per query.
pub fn joined_pairs(parts: &[Part<'_>]) -> Vec<Vec<String>> {
    let mut joined = JoinedForms::default();
    parts
        .windows(2)
        .map(|pair| {
            joined.make(pair[0].token, pair[1].token);
            joined.forms().to_vec()
        })
        .collect()
}

/// A candidate pairing: query tokens `qi..qi+qn`, listed tokens `li..li+ln`. Those [`align`] keeps
/// are what [`explain`] reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Pairing {
    qi: u16,
    qn: u16,
    li: u16,
    ln: u16,
    score: f32,
    how: TokenMatch,
}

/// Buffers reused from one comparison to the next, so scoring a candidate allocates nothing.
#[derive(Debug, Default)]
pub struct Scratch {
    pairings: Vec<Pairing>,
    chosen: Vec<Pairing>,
    /// The chosen pairings with articles written apart joined to the words after them.
    alt: Vec<Pairing>,
    q_used: Vec<bool>,
    l_used: Vec<bool>,
    joined: JoinedForms,
}

/// Whether a query token may be two listed tokens written as one: cheap tests before the joined
/// skeletons are built (lengths add up, same first letter).
fn may_be_joined(q: &Token, a: &Token, b: &Token) -> bool {
    let (Some(sa), Some(sb)) = (a.skeletons.first(), b.skeletons.first()) else { return false };
    let article = other_article(a).map(str::as_bytes);
    q.skeletons.iter().any(|s| {
        let first = s.as_bytes().first();
        s.len() + 2 >= sa.len() + sb.len()
            && (first == sa.as_bytes().first() || first == article.and_then(<[u8]>::first))
    })
}

/// The other Latin spelling of a token that is the Arabic article: lists glue "al" or "el" to the
/// name that follows (Elkhatib, Alkhatib) whichever the other side writes apart (al-Khatib, El Khatib).
pub(crate) fn other_article(token: &Token) -> Option<&'static str> {
    match token.latin.first()?.as_str() {
        "al" => Some("el"),
        "el" => Some("al"),
        _ => None,
    }
}

/// Aligns a query name with a listed name and scores the alignment; the chosen pairings stay in
/// `scratch` ([`Scratch::chosen`]) for [`explain`]. `compare(qi, li)` compares query token `qi` with listed token `li` (the
/// index caches it); `q_joined` is [`joined_pairs`] of the query, and `compare(qi, li, true)` compares
/// query tokens `qi` and `qi + 1` written as one word with listed token `li` (which carries the
/// comparison across scripts: هدايت الله against Hidayatullah).
pub(crate) fn align(
    q: &[Part<'_>],
    q_joined: &[Vec<String>],
    l: &[Part<'_>],
    listed_kind: NameKind,
    compare: &mut impl FnMut(usize, usize, bool) -> Option<(f32, TokenMatch)>,
    scratch: &mut Scratch,
) -> f32 {
    let Scratch { pairings, chosen, alt, q_used, l_used, joined } = scratch;
    pairings.clear();
    chosen.clear();
    if q.is_empty() || l.is_empty() {
        return 0.0;
    }
    let (q, l) = (&q[..q.len().min(u16::MAX as usize)], &l[..l.len().min(u16::MAX as usize)]);
    for qi in 0..q.len() {
        for li in 0..l.len() {
            if let Some((score, how)) = compare(qi, li, false) {
                pairings.push(Pairing { qi: qi as u16, qn: 1, li: li as u16, ln: 1, score, how });
            }
        }
    }
    // Joined or split tokens: "al harbi" against "alharbi", "abdul rahman" against "abdulrahman".
    for (qi, forms) in q_joined.iter().enumerate().take(q.len().saturating_sub(1)) {
        for (li, lp) in l.iter().enumerate() {
            let score = if lp.token.skeletons.iter().any(|s| forms.contains(s)) {
                Some(MERGED)
            } else {
                compare(qi, li, true).filter(|(_, how)| *how != TokenMatch::Initial).map(|(s, _)| s.min(MERGED))
            };
            if let Some(score) = score {
                pairings.push(Pairing { qi: qi as u16, qn: 2, li: li as u16, ln: 1, score, how: TokenMatch::Merged });
            }
        }
    }
    for li in 0..l.len().saturating_sub(1) {
        let (a, b) = (l[li].token, l[li + 1].token);
        if !q.iter().any(|qp| qp.token.is_abjad() || !qp.token.mandarin.is_empty() || may_be_joined(qp.token, a, b)) {
            continue;
        }
        joined.make(a, b);
        // An Arabic or Hebrew query token against two Latin ones: their consonants written as one
        // (made only for a query that has such a token).
        let consonants = if q.iter().any(|qp| qp.token.is_abjad()) {
            a.latin.first().zip(b.latin.first()).map(|(x, y)| {
                let mut j = String::with_capacity(x.len() + y.len());
                j.push_str(x);
                j.push_str(y);
                phonetic::latin_consonant_key(&j)
            })
        } else {
            None
        };
        for (qi, qp) in q.iter().enumerate() {
            let by_consonants = qp.token.is_abjad()
                && consonants.as_ref().is_some_and(|c| c.len() >= 3 && qp.token.consonants.contains(c));
            let (score, how) = if by_consonants || qp.token.skeletons.iter().any(|s| joined.contains(s)) {
                (MERGED, TokenMatch::Merged)
            } else if qp.token.mandarin.iter().any(|r| joined.contains_skeleton_of(r)) {
                (HAN_READING.min(MERGED), TokenMatch::Merged)
            } else if qp.token.other_readings.iter().any(|r| joined.contains_skeleton_of(r)) {
                // A Chinese given name in one word read in another language (成民 in Korean, Sung Min).
                (READING, TokenMatch::Reading)
            } else {
                continue;
            };
            pairings.push(Pairing { qi: qi as u16, qn: 1, li: li as u16, ln: 2, score, how });
        }
    }
    // Best first; among equals, prefer pairings in the same position (keeps "ali hassan" / "hassan ali"
    // stable) and single tokens over joined ones.
    pairings.sort_unstable_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| (a.qn + a.ln).cmp(&(b.qn + b.ln)))
            .then_with(|| a.qi.abs_diff(a.li).cmp(&b.qi.abs_diff(b.li)))
            .then_with(|| (a.qi, a.li).cmp(&(b.qi, b.li)))
    });
    q_used.clear();
    q_used.resize(q.len(), false);
    l_used.clear();
    l_used.resize(l.len(), false);
    let mut tally = Tally::default();
    for p in pairings.iter() {
        let q_range = p.qi as usize..(p.qi + p.qn) as usize;
        let l_range = p.li as usize..(p.li + p.ln) as usize;
        if q_range.clone().any(|i| q_used[i]) || l_range.clone().any(|i| l_used[i]) {
            continue;
        }
        tally.add(p, q, l);
        q_range.for_each(|i| q_used[i] = true);
        l_range.for_each(|i| l_used[i] = true);
        chosen.push(*p);
    }
    let score = tally.score(q, l, chosen, q_used, l_used, listed_kind);
    let unpaired_article =
        |parts: &[Part<'_>], used: &[bool]| parts.iter().zip(used).any(|(t, u)| !u && t.token.particle);
    if !(unpaired_article(q, q_used) || unpaired_article(l, l_used))
        || !with_articles(pairings, q, l, chosen, q_used, l_used, alt)
    {
        return score;
    }
    let mut tally = Tally::default();
    alt.iter().for_each(|p| tally.add(p, q, l));
    let with = tally.score(q, l, alt, q_used, l_used, listed_kind);
    // The tokens marked used are left as the articles' alignment marked them, whichever is kept:
    // nothing reads them after this (the next alignment clears them).
    if with > score {
        std::mem::swap(chosen, alt);
        return with;
    }
    score
}

/// Puts in `alt` the pairings `chosen` with each word paired alone that an article written apart
/// (al, el, bin…) comes just before, unpaired, replaced by the pairing of the two written as one
/// with the same word on the other side ("al" + "harbi" against "alharbi"), and marks those articles
/// used; false when there is none. Paired alone (harbi against alharbi, in the dictionary), the word
/// leaves the article unexplained, though writing the two as one explains it.
#[cold]
fn with_articles(
    pairings: &[Pairing],
    q: &[Part<'_>],
    l: &[Part<'_>],
    chosen: &[Pairing],
    q_used: &mut [bool],
    l_used: &mut [bool],
    alt: &mut Vec<Pairing>,
) -> bool {
    // An article unpaired just before token `at`, which the word `other` on the other side writes in:
    // in the same script, it is as long as the two together, give or take a letter (Harbi against
    // Alharbi, not against Harbi); across scripts letters do not count alike (الحربي against Al Harbi),
    // and the pairing of the two written as one is the evidence.
    let free_article = |parts: &[Part<'_>], used: &[bool], at: u16, other: Option<&Part<'_>>| {
        let letters = |t: &Token| t.skeletons.first().map_or(0, |s| s.chars().count());
        let at = usize::from(at);
        let (Some(article), Some(word), Some(other)) =
            (at.checked_sub(1).and_then(|i| parts.get(i)), parts.get(at), other)
        else {
            return false;
        };
        article.token.particle
            && used.get(at - 1) == Some(&false)
            && (other.token.script != word.token.script
                || letters(other.token) + 1 >= letters(word.token) + letters(article.token))
    };
    alt.clear();
    let mut changed = false;
    for p in chosen {
        let alone = p.qn == 1 && p.ln == 1;
        let merged = if alone && free_article(q, q_used, p.qi, l.get(usize::from(p.li))) {
            pairings.iter().find(|m| m.qn == 2 && m.qi + 1 == p.qi && m.ln == 1 && m.li == p.li)
        } else if alone && free_article(l, l_used, p.li, q.get(usize::from(p.qi))) {
            pairings.iter().find(|m| m.ln == 2 && m.li + 1 == p.li && m.qn == 1 && m.qi == p.qi)
        } else {
            None
        };
        match merged {
            Some(m) => {
                for u in [q_used.get_mut(usize::from(m.qi)), l_used.get_mut(usize::from(m.li))].into_iter().flatten() {
                    *u = true;
                }
                alt.push(*m);
                changed = true;
            }
            None => alt.push(*p),
        }
    }
    changed
}

/// What the pairings an alignment kept add up to, one pairing at a time.
#[derive(Default)]
struct Tally {
    matched_weight: f32,
    substantive: usize,
    readings: usize,
    initials: usize,
}

impl Tally {
    #[inline(always)]
    fn add(&mut self, p: &Pairing, q: &[Part<'_>], l: &[Part<'_>]) {
        let q_range = p.qi as usize..(p.qi + p.qn) as usize;
        let l_range = p.li as usize..(p.li + p.ln) as usize;
        let q_parts = q.get(q_range).unwrap_or_default();
        let w: f32 = q_parts.iter().map(weight).sum();
        self.matched_weight += w * p.score;
        // Two tokens written as one on the other side are two parts of the name matched; a title
        // met is no part of the name matched.
        let titled = q_parts.iter().any(|t| t.role == PartRole::Title)
            || l.get(l_range).unwrap_or_default().iter().any(|t| t.role == PartRole::Title);
        let covered = if titled { 0 } else { usize::from(p.qn.max(p.ln)) };
        self.substantive += if p.how != TokenMatch::Initial && p.how != TokenMatch::Reading { covered } else { 0 };
        self.readings += usize::from(p.how == TokenMatch::Reading);
        self.initials += usize::from(p.how == TokenMatch::Initial);
    }

    /// The score of the alignment that kept the pairings `chosen` (all added), covering the tokens
    /// `q_used` and `l_used`: the weighted mean of the pairings' scores, in which query tokens left
    /// over and listed tokens left over count against it.
    #[inline(always)]
    fn score(
        &self,
        q: &[Part<'_>],
        l: &[Part<'_>],
        chosen: &[Pairing],
        q_used: &[bool],
        l_used: &[bool],
        kind: NameKind,
    ) -> f32 {
        let Tally { matched_weight, substantive, readings, initials } = *self;
        let query_weight: f32 = q
            .iter()
            .zip(q_used.iter())
            .map(|(p, used)| {
                if *used {
                    weight(p)
                } else if p.token.is_initial() {
                    MISSING_INITIAL_WEIGHT * weight(p)
                } else {
                    MISSING_QUERY_WEIGHT * weight(p)
                }
            })
            .sum();
        let extra_listed: f32 = l
            .iter()
            .zip(l_used.iter())
            .filter(|(t, used)| !**used && t.role != PartRole::Title)
            .map(|(t, _)| if t.token.particle { PARTICLE_WEIGHT * EXTRA_LISTED_WEIGHT } else { EXTRA_LISTED_WEIGHT })
            .sum();
        let denominator = query_weight + extra_listed;
        let mut score = if denominator > 0.0 { matched_weight / denominator } else { 0.0 };
        // A single matched token is weak evidence however good ("ali" alone), unless the query is one token.
        // Readings of Chinese characters count only when they are at most half of the matches: three
        // Vietnamese syllables each a possible reading of another's are no match.
        // An initial beside a full match counts too (P. Ivanenko, J.-C. Dupont); initials alone do not.
        let substantive = if readings <= substantive { substantive + readings } else { substantive };
        let substantive = if substantive >= 1 { substantive + initials } else { substantive };
        if substantive < 2 && q.iter().filter(|t| !t.token.particle && t.role != PartRole::Title).count() > 1 {
            score = score.min(0.6);
        }
        if given_names_reversed(chosen, l) {
            score *= GIVEN_ORDER_FACTOR;
        }
        if kind == NameKind::Weak {
            score *= WEAK_ALIAS_FACTOR;
        }
        score
    }
}

/// Whether two adjacent words of the listed given name met query words in the other order (Na-Bo
/// against Bo Na): the family name moves from one end of a name to the other, but a given name of
/// two words keeps its order, and turned round it is another name.
fn given_names_reversed(chosen: &[Pairing], l: &[Part<'_>]) -> bool {
    let given = |p: &Pairing| p.ln == 1 && p.qn == 1 && l.get(p.li as usize).is_some_and(|t| t.role == PartRole::Given);
    chosen
        .iter()
        .filter(|a| given(a))
        .any(|a| chosen.iter().filter(|b| given(b)).any(|b| b.li == a.li + 1 && b.qi < a.qi))
}

impl Scratch {
    /// The pairings the last [`align`] kept.
    pub(crate) fn chosen(&self) -> &[Pairing] {
        &self.chosen
    }
}

/// The explanation of an [`align`] of `q` with `l` that kept the pairings `chosen`: what was paired
/// with what, and what was left over.
pub(crate) fn explain(
    score: f32,
    query_text: &str,
    q: &[Part<'_>],
    listed_text: &str,
    l: &[Part<'_>],
    chosen: &[Pairing],
) -> NameScore {
    // The tokens as shown, separated by spaces, in one allocation.
    let show = |ps: &[Part<'_>]| {
        let mut out = String::with_capacity(ps.iter().map(|p| p.token.shown().len() + 1).sum());
        for (i, p) in ps.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(p.token.shown());
        }
        out
    };
    let slice = |ps: &'_ [Part<'_>], from: u16, n: u16| -> String {
        ps.get(from as usize..(from + n) as usize).map_or_else(String::new, show)
    };
    let aligned = chosen
        .iter()
        .map(|p| Alignment { query: slice(q, p.qi, p.qn), listed: slice(l, p.li, p.ln), how: p.how, score: p.score })
        .collect();
    // A title left over is no evidence either way, so it is not reported missing.
    let unused = |ps: &[Part<'_>], covers: &dyn Fn(&Pairing, usize) -> bool| -> Vec<String> {
        ps.iter()
            .enumerate()
            .filter(|(i, p)| p.role != PartRole::Title && !chosen.iter().any(|c| covers(c, *i)))
            .map(|(_, p)| p.token.norm.clone())
            .collect()
    };
    NameScore {
        score,
        query_name: query_text.to_owned(),
        listed_name: listed_text.to_owned(),
        aligned,
        unmatched_query: unused(q, &|c, i| (c.qi as usize..(c.qi + c.qn) as usize).contains(&i)),
        unmatched_listed: unused(l, &|c, i| (c.li as usize..(c.li + c.ln) as usize).contains(&i)),
    }
}

/// Compares two names: every token pairing (and joined pairs of adjacent tokens) is scored, the best
/// non-overlapping ones are kept greedily, and the result is a weighted mean in which unexplained query
/// tokens count fully and unexplained listed tokens a little.
pub fn compare_names(query: &Name, listed: &Name) -> NameScore {
    let q: Vec<Part<'_>> = query.tokens.iter().map(Part::of).collect();
    let l: Vec<Part<'_>> = listed.tokens.iter().map(Part::of).collect();
    let q_joined = joined_pairs(&q);
    let mut scratch = Scratch::default();
    let mut compare = |qi: usize, li: usize, joined: bool| {
        let q = if joined { query.joined.get(qi)? } else { q[qi].token };
        compare_tokens(q, l[li].token)
    };
    let score = align(&q, &q_joined, &l, listed.kind, &mut compare, &mut scratch);
    explain(score, &query.text, &q, &listed.text, &l, scratch.chosen())
}

/// The best-scoring pair of names.
pub fn best_names(query: &[Name], listed: &[Name]) -> Option<NameScore> {
    let mut best: Option<NameScore> = None;
    for q in query {
        for l in listed {
            if q.tokens.is_empty() || l.tokens.is_empty() {
                continue;
            }
            let s = compare_names(q, l);
            if best.as_ref().is_none_or(|b| s.score > b.score) {
                best = Some(s);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Levenshtein distance over the whole matrix.
    fn levenshtein(a: &[char], b: &[char]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut row = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                row[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(row[j] + 1);
            }
            prev = row;
        }
        prev[b.len()]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn native_similarity_is_the_full_distance_wherever_it_reaches_the_floor(
            a in "[กขคงจ]{0,40}",
            b in "[กขคงจ]{0,40}",
        ) {
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let longest = ca.len().max(cb.len());
            let full = if ca.len().min(cb.len()) < 4 {
                0.0
            } else {
                1.0 - levenshtein(&ca, &cb) as f32 / longest as f32
            };
            let got = native_similarity(&a, &b);
            if full >= TYPO_FLOOR {
                prop_assert_eq!(got, full);
            } else {
                prop_assert!(got < TYPO_FLOOR, "{got} for {full}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn native_similarity_of_a_spelling_and_its_edits_is_the_full_distance(
            a in "[กขคงจ]{4,40}",
            edits in proptest::collection::vec((0u8..3, 0usize..40, "[กขคงจ]"), 0..5),
        ) {
            // b is a with a few letters changed, inserted or dropped: often near enough to count.
            let mut b: Vec<char> = a.chars().collect();
            for (op, at, c) in &edits {
                let c = c.chars().next().unwrap_or('ก');
                let at = at % (b.len() + 1);
                match op {
                    0 if at < b.len() => b[at] = c,
                    1 => b.insert(at, c),
                    _ if at < b.len() => {
                        b.remove(at);
                    }
                    _ => {}
                }
            }
            let ca: Vec<char> = a.chars().collect();
            let longest = ca.len().max(b.len());
            let full = if ca.len().min(b.len()) < 4 { 0.0 } else { 1.0 - levenshtein(&ca, &b) as f32 / longest as f32 };
            let got = native_similarity(&a, &b.iter().collect::<String>());
            if full >= TYPO_FLOOR {
                prop_assert_eq!(got, full);
            } else {
                prop_assert!(got < TYPO_FLOOR, "{got} for {full}");
            }
        }
    }

    #[test]
    fn native_similarity_of_near_spellings() {
        // One letter changed in eight, and a letter dropped: within reach; far ones are not.
        assert_eq!(native_similarity("กขคงจกขค", "กขคงจกขข"), 1.0 - 1.0 / 8.0);
        assert_eq!(native_similarity("กขคงจกขค", "กขคงจขค"), 1.0 - 1.0 / 8.0);
        assert_eq!(native_similarity("กขคงจกขค", "จงคขกจงค"), 0.0);
        assert_eq!(native_similarity("กขค", "กขค"), 0.0);
    }
}
