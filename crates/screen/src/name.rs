//! Names as sets of tokens with every comparable form precomputed: the normalised original-script
//! token, its romanisations, romanisation-insensitive skeletons, consonant keys for abjad scripts, and
//! the name-dictionary groups it belongs to.

use crate::equivalence::{GroupId, GroupKind, NameDictionary};
use crate::phonetic;
use crate::text::{self, Script};
use crate::translit;

/// What a name is to the identity it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    Primary,
    Alias,
    /// A broad or low-quality alias: secondary evidence, never enough alone.
    Weak,
}

/// The part of a full name a token came from, when the source says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartRole {
    Given,
    Family,
    Patronymic,
    Unknown,
}

/// A name as a source gives it: a full string, or parts, or both.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameInput {
    pub full: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub patronymic: Option<String>,
}

impl NameInput {
    pub fn full(text: &str) -> Self {
        Self { full: text.to_owned(), ..Self::default() }
    }

    pub fn parts(given: &str, family: &str) -> Self {
        Self {
            full: format!("{given} {family}"),
            given: Some(given.to_owned()),
            family: Some(family.to_owned()),
            patronymic: None,
        }
    }
}

/// One token of an analysed name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Normalised, in its own script.
    pub norm: String,
    pub script: Option<Script>,
    /// ASCII romanisations, preferred first (empty for Arabic, Han … which the dictionary bridges).
    pub latin: Vec<String>,
    /// Romanisation-insensitive skeletons of `latin`.
    pub skeletons: Vec<String>,
    /// Consonant keys (from the Arabic or Hebrew letters, or from the Latin spelling).
    pub consonants: Vec<String>,
    /// Name-dictionary groups.
    pub groups: Vec<GroupId>,
    pub particle: bool,
    pub role: PartRole,
}

impl Token {
    pub fn is_abjad(&self) -> bool {
        matches!(self.script, Some(Script::Arabic | Script::Hebrew))
    }

    pub fn is_initial(&self) -> bool {
        self.norm.chars().count() == 1
    }

    /// What to show for this token in an explanation.
    pub fn shown(&self) -> &str {
        &self.norm
    }
}

/// A name analysed for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub kind: NameKind,
    /// As given (for explanations).
    pub text: String,
    pub tokens: Vec<Token>,
}

/// Turns names into comparable tokens, with the name dictionary.
#[derive(Debug)]
pub struct Analyser {
    dictionary: NameDictionary,
}

/// The dictionary's lookup keys for a form: the skeleton of its romanisation with spaces removed (so
/// "Abdul Rahman" and "Abdulrahman" meet), or, for scripts without rules, the normalised form itself.
pub fn dictionary_keys(form: &str) -> Vec<String> {
    let tokens = text::tokens(form);
    if tokens.is_empty() {
        return Vec::new();
    }
    let mut keys = Vec::new();
    let romanised: Option<Vec<String>> = tokens.iter().map(|t| translit::latin_forms(t).into_iter().next()).collect();
    if let Some(parts) = romanised {
        let joined: String = parts.concat();
        if !joined.is_empty() {
            keys.push(phonetic::skeleton(&joined));
        }
    }
    let native: String = tokens.concat();
    if !keys.contains(&native) {
        keys.push(native);
    }
    keys
}

impl Analyser {
    pub fn new(dictionary: NameDictionary) -> Self {
        Self { dictionary }
    }

    /// The analyser with the shipped name dictionary.
    pub fn shipped() -> Result<Self, crate::equivalence::DictionaryError> {
        NameDictionary::parse(NameDictionary::shipped_text(), dictionary_keys).map(Self::new)
    }

    pub fn dictionary(&self) -> &NameDictionary {
        &self.dictionary
    }

    /// Analyses one name. Tokens take the role of the part they appear in, when parts are given.
    pub fn analyse(&self, input: &NameInput, kind: NameKind) -> Name {
        let full = if input.full.trim().is_empty() {
            [&input.given, &input.patronymic, &input.family]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            input.full.clone()
        };
        let role_of = |token: &str| -> PartRole {
            let has =
                |part: &Option<String>| part.as_deref().is_some_and(|p| text::tokens(p).iter().any(|t| t == token));
            if has(&input.family) {
                PartRole::Family
            } else if has(&input.patronymic) {
                PartRole::Patronymic
            } else if has(&input.given) {
                PartRole::Given
            } else {
                PartRole::Unknown
            }
        };
        let tokens = text::tokens(&full).into_iter().map(|t| self.token(&t, role_of(&t))).collect();
        Name { kind, text: full, tokens }
    }

    /// Analyses one normalised token.
    pub fn token(&self, norm: &str, role: PartRole) -> Token {
        let script = text::scripts(norm).into_iter().next();
        let latin = translit::latin_forms(norm);
        let mut skeletons: Vec<String> = Vec::with_capacity(latin.len());
        for form in &latin {
            let s = phonetic::skeleton(form);
            if !s.is_empty() && !skeletons.contains(&s) {
                skeletons.push(s);
            }
        }
        let mut consonants = Vec::new();
        if let Some(key) = phonetic::abjad_key(norm) {
            consonants.push(key);
        } else {
            for form in &latin {
                let key = phonetic::latin_consonant_key(form);
                if !key.is_empty() && !consonants.contains(&key) {
                    consonants.push(key);
                }
            }
        }
        let mut groups: Vec<GroupId> = Vec::new();
        let mut particle = false;
        let mut add_groups = |key: &str, groups: &mut Vec<GroupId>| {
            for g in self.dictionary.groups_of(key) {
                if self.dictionary.group(*g).kind == GroupKind::Particle {
                    particle = true;
                } else if !groups.contains(g) {
                    groups.push(*g);
                }
            }
        };
        add_groups(norm, &mut groups);
        for s in &skeletons {
            add_groups(s, &mut groups);
        }
        groups.sort_unstable();
        Token { norm: norm.to_owned(), script, latin, skeletons, consonants, groups, particle, role }
    }

    /// The groups of two adjacent tokens read as one name ("abdul" + "rahman").
    pub fn pair_groups(&self, a: &Token, b: &Token) -> Vec<GroupId> {
        let mut out = Vec::new();
        for key in dictionary_keys(&format!("{} {}", a.norm, b.norm)) {
            for g in self.dictionary.groups_of(&key) {
                if !out.contains(g) {
                    out.push(*g);
                }
            }
        }
        out
    }
}
