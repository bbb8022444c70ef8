//! The explainable scorer: token against token (identical, transliterated, dictionary, spelling variant,
//! consonant skeleton, typo, initial), tokens aligned one to one regardless of order and across merged
//! or split tokens, then a weighted name score; dates of birth, nationalities and documents adjust or
//! decide it, each with an explanation naming the two values compared.

use crate::name::{Name, NameKind, PartRole, Token};
use crate::phonetic;

/// How one query token matched one listed token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenMatch {
    Identical,
    Transliterated,
    Dictionary,
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
const SPELLING: f32 = 0.93;
const CONSONANTS: f32 = 0.85;
const MERGED: f32 = 0.92;
const INITIAL: f32 = 0.6;
/// A typo's similarity is scaled by this, and must reach `TYPO_FLOOR` to count at all.
const TYPO_SCALE: f32 = 0.92;
const TYPO_FLOOR: f32 = 0.72;

/// Weights: a listed name with more parts is hardly punished, an unexplained query part is; family names
/// carry more; particles (al, bin, van) little.
const EXTRA_LISTED_WEIGHT: f32 = 0.25;
const FAMILY_WEIGHT: f32 = 1.2;
const PARTICLE_WEIGHT: f32 = 0.3;
/// Weak aliases are secondary evidence.
const WEAK_ALIAS_FACTOR: f32 = 0.85;

/// How well one query token matches one listed token, and by what.
pub fn compare_tokens(q: &Token, l: &Token) -> Option<(f32, TokenMatch)> {
    if q.norm == l.norm {
        return Some((IDENTICAL, TokenMatch::Identical));
    }
    if q.latin.iter().any(|f| l.latin.contains(f)) {
        return Some((TRANSLITERATED, TokenMatch::Transliterated));
    }
    if q.groups.iter().any(|g| l.groups.binary_search(g).is_ok()) {
        return Some((DICTIONARY, TokenMatch::Dictionary));
    }
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
    let mut best = 0.0_f32;
    for a in &q.skeletons {
        for b in &l.skeletons {
            best = best.max(phonetic::similarity(a, b));
        }
    }
    if best == 0.0 {
        for a in &q.latin {
            for b in &l.latin {
                best = best.max(phonetic::similarity(a, b));
            }
        }
    }
    (best >= TYPO_FLOOR).then_some((best * TYPO_SCALE, TokenMatch::Typo))
}

fn weight(t: &Token) -> f32 {
    if t.particle {
        PARTICLE_WEIGHT
    } else if t.role == PartRole::Family {
        FAMILY_WEIGHT
    } else {
        1.0
    }
}

fn joined_latin(a: &Token, b: &Token) -> Vec<String> {
    let mut out = Vec::new();
    for x in a.latin.iter().take(2) {
        for y in b.latin.iter().take(2) {
            out.push(phonetic::skeleton(&format!("{x}{y}")));
        }
    }
    out
}

/// A candidate pairing: query tokens `qi..qi+qn`, listed tokens `li..li+ln`.
struct Pairing {
    qi: usize,
    qn: usize,
    li: usize,
    ln: usize,
    score: f32,
    how: TokenMatch,
}

/// Compares two names: every token pairing (and joined pairs of adjacent tokens) is scored, the best
/// non-overlapping ones are kept greedily, and the result is a weighted mean in which unexplained query
/// tokens count fully and unexplained listed tokens a little.
pub fn compare_names(query: &Name, listed: &Name) -> NameScore {
    let (qt, lt) = (&query.tokens, &listed.tokens);
    let mut pairings: Vec<Pairing> = Vec::with_capacity(qt.len() * lt.len() + 4);
    for (qi, q) in qt.iter().enumerate() {
        for (li, l) in lt.iter().enumerate() {
            if let Some((score, how)) = compare_tokens(q, l) {
                pairings.push(Pairing { qi, qn: 1, li, ln: 1, score, how });
            }
        }
    }
    // Joined or split tokens: "al harbi" against "alharbi", "abdul rahman" against "abdulrahman".
    for (qi, pair) in qt.windows(2).enumerate() {
        let joined = joined_latin(&pair[0], &pair[1]);
        for (li, l) in lt.iter().enumerate() {
            if l.skeletons.iter().any(|s| joined.contains(s)) {
                pairings.push(Pairing { qi, qn: 2, li, ln: 1, score: MERGED, how: TokenMatch::Merged });
            }
        }
    }
    for (li, pair) in lt.windows(2).enumerate() {
        let joined = joined_latin(&pair[0], &pair[1]);
        for (qi, q) in qt.iter().enumerate() {
            if q.skeletons.iter().any(|s| joined.contains(s)) {
                pairings.push(Pairing { qi, qn: 1, li, ln: 2, score: MERGED, how: TokenMatch::Merged });
            }
        }
    }
    // Best first; among equals, prefer pairings in the same position (keeps "ali hassan" / "hassan ali"
    // stable) and single tokens over joined ones.
    pairings.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| (a.qn + a.ln).cmp(&(b.qn + b.ln)))
            .then_with(|| a.qi.abs_diff(a.li).cmp(&b.qi.abs_diff(b.li)))
    });
    let mut q_used = vec![false; qt.len()];
    let mut l_used = vec![false; lt.len()];
    let mut aligned = Vec::new();
    let mut matched_weight = 0.0_f32;
    for p in &pairings {
        let q_range = p.qi..p.qi + p.qn;
        let l_range = p.li..p.li + p.ln;
        if q_range.clone().any(|i| q_used[i]) || l_range.clone().any(|i| l_used[i]) {
            continue;
        }
        let w: f32 = q_range.clone().map(|i| weight(&qt[i])).sum();
        matched_weight += w * p.score;
        let show = |ts: &[Token]| ts.iter().map(Token::shown).collect::<Vec<_>>().join(" ");
        aligned.push(Alignment {
            query: show(&qt[q_range.clone()]),
            listed: show(&lt[l_range.clone()]),
            how: p.how,
            score: p.score,
        });
        q_range.for_each(|i| q_used[i] = true);
        l_range.for_each(|i| l_used[i] = true);
    }
    let query_weight: f32 = qt.iter().map(weight).sum();
    let extra_listed: f32 = lt
        .iter()
        .zip(&l_used)
        .filter(|(_, used)| !**used)
        .map(|(t, _)| if t.particle { PARTICLE_WEIGHT * EXTRA_LISTED_WEIGHT } else { EXTRA_LISTED_WEIGHT })
        .sum();
    let denominator = query_weight + extra_listed;
    let mut score = if denominator > 0.0 { matched_weight / denominator } else { 0.0 };
    // A single matched token is weak evidence however good ("ali" alone), unless the query is one token.
    let substantive = aligned.iter().filter(|a| a.how != TokenMatch::Initial).count();
    if substantive < 2 && qt.iter().filter(|t| !t.particle).count() > 1 {
        score = score.min(0.6);
    }
    if listed.kind == NameKind::Weak {
        score *= WEAK_ALIAS_FACTOR;
    }
    NameScore {
        score,
        query_name: query.text.clone(),
        listed_name: listed.text.clone(),
        aligned,
        unmatched_query: qt.iter().zip(&q_used).filter(|(_, u)| !**u).map(|(t, _)| t.norm.clone()).collect(),
        unmatched_listed: lt.iter().zip(&l_used).filter(|(_, u)| !**u).map(|(t, _)| t.norm.clone()).collect(),
    }
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
