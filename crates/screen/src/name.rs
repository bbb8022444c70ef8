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
    /// Those of `groups` that gather the readings of one Chinese character in several languages
    /// (Mandarin, Cantonese, Hokkien, Korean): weaker evidence between two Latin spellings.
    pub readings: Vec<GroupId>,
    pub particle: bool,
    pub role: PartRole,
}

impl Token {
    pub fn is_abjad(&self) -> bool {
        matches!(self.script, Some(Script::Arabic | Script::Hebrew))
    }

    pub fn is_initial(&self) -> bool {
        // One character: stops at the second rather than counting them all.
        let mut chars = self.norm.chars();
        chars.next().is_some() && chars.next().is_none()
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
    /// Each adjacent pair of tokens written as one word (`joined[i]` is tokens `i` and `i + 1`), in the
    /// same script only: how another source may write the two.
    pub joined: Vec<Token>,
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
        let (text, parts) = split(input);
        let tokens: Vec<Token> = parts.into_iter().map(|(t, role)| self.token(&t, role)).collect();
        let joined = tokens.windows(2).map(|pair| self.joined(&pair[0], &pair[1])).collect();
        Name { kind, text, tokens, joined }
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
        let readings = groups
            .iter()
            .copied()
            .filter(|g| {
                let key = self.dictionary.group(*g).key;
                key.starts_with("zh-") || key.starts_with("ko-")
            })
            .collect();
        Token { norm: norm.to_owned(), script, latin, skeletons, consonants, groups, readings, particle, role }
    }

    /// Two adjacent tokens written as one word, analysed; tokens of different scripts give an empty
    /// token that matches nothing.
    pub fn joined(&self, a: &Token, b: &Token) -> Token {
        if a.script != b.script || a.script.is_none() {
            return Token {
                norm: String::new(),
                script: None,
                latin: Vec::new(),
                skeletons: Vec::new(),
                consonants: Vec::new(),
                groups: Vec::new(),
                readings: Vec::new(),
                particle: false,
                role: PartRole::Unknown,
            };
        }
        let mut norm = String::with_capacity(a.norm.len() + b.norm.len());
        norm.push_str(&a.norm);
        norm.push_str(&b.norm);
        self.token(&norm, PartRole::Unknown)
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

/// Titles, ranks, honorifics and generational suffixes: written before or after a name by some
/// sources and not by others ("Dr.", "Colonel", "Sheikh", "Haji", "Jr."), so they are no evidence
/// either way. Normalised forms (lower case, dots removed).
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mme",
    "mlle",
    "messrs",
    "dr",
    "doctor",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "sheikh",
    "shaikh",
    "sheik",
    "shaykh",
    "cheikh",
    "shaik",
    "colonel",
    "col",
    "general",
    "gen",
    "major",
    "maj",
    "captain",
    "capt",
    "cpt",
    "lieutenant",
    "lt",
    "ltcol",
    "brigadier",
    "brig",
    "admiral",
    "adm",
    "commander",
    "cmdr",
    "sergeant",
    "sgt",
    "marshal",
    "imam",
    "mullah",
    "mulla",
    "mawlawi",
    "maulvi",
    "moulvi",
    "mawlvi",
    "maulana",
    "mawlana",
    "molla",
    "hajji",
    "haji",
    "hajj",
    "hadji",
    "alhaj",
    "alhaji",
    "alhajji",
    "eng",
    "engr",
    "engineer",
    "jr",
    "sr",
    "ii",
    "iii",
    "iv",
    "qari",
    "hafiz",
    "ustad",
    "ustadh",
    "ayatollah",
    "hojatoleslam",
    "شيخ",
    "الشيخ",
    "الدكتور",
    "دكتور",
    "الحاج",
    "حاجي",
    "اللواء",
    "العميد",
    "العقيد",
    "الملا",
    "ملا",
    "مولوي",
    "المهندس",
];

/// Whether a normalised token is a title rather than a name.
pub fn is_title(token: &str) -> bool {
    TITLES.contains(&token)
}

/// Korean family names of two syllables: a Hangul name written as one word is split after them.
const HANGUL_DOUBLE_SURNAMES: &[&str] = &["남궁", "선우", "제갈", "황보", "독고", "사공", "서문", "동방"];

/// A Hangul name written as one word (김민준) is family name then given name: the first syllable (two
/// for the few double family names) is split off, so that it meets "Kim Min-jun" part by part.
fn split_hangul(token: &str) -> Option<(String, String)> {
    let n = token.chars().count();
    if !(2..=4).contains(&n) || !token.chars().all(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)) {
        return None;
    }
    let double = n >= 3 && HANGUL_DOUBLE_SURNAMES.iter().any(|s| token.starts_with(s));
    let at = token.char_indices().nth(if double { 2 } else { 1 }).map(|(i, _)| i)?;
    Some((token[..at].to_owned(), token[at..].to_owned()))
}

/// A name's full text as given: `full`, or its parts joined when there is no full form.
pub fn full_text(input: &NameInput) -> String {
    if input.full.trim().is_empty() {
        [&input.given, &input.patronymic, &input.family]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        input.full.clone()
    }
}

/// A name's full text and its normalised tokens with the part each came from: titles dropped (unless
/// nothing else is left), Hangul names written as one word split into family and given name.
pub fn split(input: &NameInput) -> (String, Vec<(String, PartRole)>) {
    let full = full_text(input);
    let part_tokens = |part: &Option<String>| part.as_deref().map(text::tokens).unwrap_or_default();
    let (family, patronymic, given) =
        (part_tokens(&input.family), part_tokens(&input.patronymic), part_tokens(&input.given));
    let role_of = |token: &str| -> PartRole {
        if family.iter().any(|t| t == token) {
            PartRole::Family
        } else if patronymic.iter().any(|t| t == token) {
            PartRole::Patronymic
        } else if given.iter().any(|t| t == token) {
            PartRole::Given
        } else {
            PartRole::Unknown
        }
    };
    let mut tokens = text::tokens(&full);
    if tokens.iter().any(|t| !is_title(t)) {
        tokens.retain(|t| !is_title(t));
    }
    let mut out = Vec::with_capacity(tokens.len() + 1);
    for t in tokens {
        let role = role_of(&t);
        // Only a whole name written as one word: a given name alone (민준) is not split.
        match split_hangul(&t).filter(|_| role == PartRole::Unknown) {
            Some((family, given)) => {
                out.push((family, PartRole::Family));
                out.push((given, PartRole::Given));
            }
            None => out.push((t, role)),
        }
    }
    (full, out)
}
