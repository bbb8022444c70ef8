//! The name-equivalence dictionary: groups of name forms, in any script and any romanisation, that
//! are spellings of one name (محمد, Muhammad, Mohamed, Mehmet, Магомед, ...).
//!
//! Rules can transliterate the scripts that romanise cleanly (Cyrillic, Greek, Armenian, Georgian),
//! but Arabic script drops vowels, Han characters are read differently in each language, and
//! spelling families (Oleksandr / Aleksandr, Qaddafi / Kadhafi, Wong / Wang / Ong) follow no rule a
//! matcher could apply. Those equivalences are data: `data/screen/names.tsv`, embedded at compile
//! time, with its sources in `data/screen/SOURCES.md`.
//!
//! The dictionary does not decide what a comparable token is. The caller hands `parse` a key
//! function that turns one form into its lookup keys (the matcher passes its own normaliser and
//! transliterator; `default_key` is a plain stand-in), and later looks up tokens keyed the same way
//! with `groups_of`. A form may belong to several groups ("Wong" is both 王 and 黄), so a lookup
//! returns a sorted list of groups, and two tokens are equivalent when their lists intersect.
//!
//! File format (UTF-8): blank lines and `#` comment lines are ignored, except one comment
//! `# version: <text>` which names the data version for audit logs. Every other line is one group:
//! `<group key> TAB <kind> TAB <form>|<form>|...`, where the group key is a stable lowercase ASCII
//! id and the kind is `given`, `family`, `any` or `particle`.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The shipped dictionary text, embedded so the engine stays free of file IO.
const SHIPPED_TEXT: &str = include_str!("../../../data/screen/names.tsv");

/// The text of the dictionary shipped with article3 (`data/screen/names.tsv`).
pub fn shipped_text() -> &'static str {
    SHIPPED_TEXT
}

/// Index of a group in one `NameDictionary`. Ids are dense (0, 1, 2, ... in file order) and only
/// meaningful for the dictionary that produced them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(u32);

impl GroupId {
    /// The id as a dense index (file order of the group among the group lines).
    pub fn index(self) -> usize {
        // u32 always fits in usize on the 32- and 64-bit targets article3 builds for.
        self.0 as usize
    }
}

/// What part of a personal name the forms of a group usually are. The matcher may use it to weigh
/// an alignment (a family-name match counts more, a particle less), never to refuse one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKind {
    /// A given name (first or middle name).
    Given,
    /// A family name or clan / tribal name.
    Family,
    /// Used both ways, e.g. Arabic given names that become family names in patronymic naming
    /// (Mohamed Ali Hassan), or titles that are part of names (Sayyid, Haji).
    Any,
    /// A connecting element that carries little identity on its own: al-, bin, abu, ould, oglu.
    Particle,
}

impl GroupKind {
    /// The word used for this kind in the data file.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Given => "given",
            GroupKind::Family => "family",
            GroupKind::Any => "any",
            GroupKind::Particle => "particle",
        }
    }

    fn from_field(field: &str) -> Option<Self> {
        match field {
            "given" => Some(GroupKind::Given),
            "family" => Some(GroupKind::Family),
            "any" => Some(GroupKind::Any),
            "particle" => Some(GroupKind::Particle),
            _ => None,
        }
    }
}

/// One equivalence group, borrowed from its dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group<'a> {
    /// Stable ASCII id from the data file, e.g. `muhammad`, `zh-wang`.
    pub key: &'a str,
    pub kind: GroupKind,
    /// The forms as written in the file (not keyed), in file order.
    pub forms: &'a [String],
}

/// Stands in for an id that does not belong to the dictionary asked (see `NameDictionary::group`).
const NO_GROUP: Group<'static> = Group { key: "", kind: GroupKind::Any, forms: &[] };

/// What is wrong with a line of the dictionary text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("expected 3 tab-separated fields `<group key>\\t<kind>\\t<forms>`, found {found} (missing tab)")]
    MissingTab { found: usize },
    #[error("expected 3 tab-separated fields `<group key>\\t<kind>\\t<forms>`, found {found} (extra tab)")]
    ExtraTab { found: usize },
    #[error("empty group key")]
    EmptyKey,
    #[error("group key `{0}` may only use lowercase ASCII letters, digits, `-` and `_`")]
    BadKey(String),
    #[error("group key `{key}` is already used on line {first_line}")]
    DuplicateKey { key: String, first_line: usize },
    #[error("unknown kind `{0}` (expected given, family, any or particle)")]
    UnknownKind(String),
    #[error("form {position} of the group is empty")]
    EmptyForm { position: usize },
    #[error("empty version")]
    EmptyVersion,
    #[error("second version line (the first is on line {first_line})")]
    DuplicateVersion { first_line: usize },
    #[error("more groups than a group id can number")]
    TooManyGroups,
}

/// A dictionary text that cannot be loaded: the 1-based line and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("name dictionary line {line}: {problem}")]
pub struct DictionaryError {
    pub line: usize,
    pub problem: Problem,
}

struct GroupData {
    key: String,
    kind: GroupKind,
    forms: Vec<String>,
}

/// The parsed dictionary: groups plus a hash index from lookup key to the groups holding it.
#[derive(Default)]
pub struct NameDictionary {
    version: String,
    groups: Vec<GroupData>,
    by_group_key: HashMap<Box<str>, GroupId>,
    // Boxed slices: most keys sit in one group, and the index lives as long as the process.
    index: HashMap<Box<str>, Box<[GroupId]>>,
    unkeyed_forms: usize,
}

impl std::fmt::Debug for NameDictionary {
    // The full index is thousands of entries; a summary is what a log or a failed assert needs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameDictionary")
            .field("version", &self.version)
            .field("groups", &self.groups.len())
            .field("keys", &self.index.len())
            .field("unkeyed_forms", &self.unkeyed_forms)
            .finish()
    }
}

impl NameDictionary {
    /// The text of the dictionary shipped with article3 (`data/screen/names.tsv`).
    pub fn shipped_text() -> &'static str {
        SHIPPED_TEXT
    }

    /// Parses the shipped dictionary with `default_key`.
    pub fn shipped() -> Result<Self, DictionaryError> {
        Self::parse(SHIPPED_TEXT, default_key)
    }

    /// Parses dictionary text. `key` maps one form to its lookup keys; empty keys are ignored, and a
    /// form that yields none stays in its group but cannot be found (see `unkeyed_forms`) — a key
    /// function that cannot read some script must not stop the whole dictionary from loading.
    /// The first malformed line stops the parse with its line number.
    pub fn parse(text: &str, key: impl Fn(&str) -> Vec<String>) -> Result<Self, DictionaryError> {
        let mut dict = NameDictionary::default();
        let mut version_line = 0usize;
        let mut group_lines: Vec<usize> = Vec::new();
        let mut index: HashMap<Box<str>, Vec<GroupId>> = HashMap::new();

        for (n, raw) in text.lines().enumerate() {
            let line_no = n + 1;
            let fail = |problem| DictionaryError { line: line_no, problem };
            // Tabs are field separators, so only spaces (and a stray CR) are trimmed.
            let line = raw.trim_matches(|c| c == ' ' || c == '\r');
            if line.is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                if let Some(v) = comment.trim().strip_prefix("version:") {
                    let v = v.trim();
                    if v.is_empty() {
                        return Err(fail(Problem::EmptyVersion));
                    }
                    if version_line != 0 {
                        return Err(fail(Problem::DuplicateVersion { first_line: version_line }));
                    }
                    version_line = line_no;
                    dict.version = v.to_owned();
                }
                continue;
            }

            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 3 {
                return Err(fail(Problem::MissingTab { found: fields.len() }));
            }
            if fields.len() > 3 {
                return Err(fail(Problem::ExtraTab { found: fields.len() }));
            }
            let (group_key, kind, forms) = (fields[0].trim(), fields[1].trim(), fields[2]);
            if group_key.is_empty() {
                return Err(fail(Problem::EmptyKey));
            }
            if !group_key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_') {
                return Err(fail(Problem::BadKey(group_key.to_owned())));
            }
            if let Some(&other) = dict.by_group_key.get(group_key) {
                let first_line = group_lines.get(other.index()).copied().unwrap_or(0);
                return Err(fail(Problem::DuplicateKey { key: group_key.to_owned(), first_line }));
            }
            let Some(kind) = GroupKind::from_field(kind) else {
                return Err(fail(Problem::UnknownKind(kind.to_owned())));
            };
            let id = u32::try_from(dict.groups.len()).map(GroupId).map_err(|_| fail(Problem::TooManyGroups))?;

            let mut group_forms = Vec::new();
            for (i, form) in forms.split('|').enumerate() {
                let form = form.trim();
                if form.is_empty() {
                    return Err(fail(Problem::EmptyForm { position: i + 1 }));
                }
                let mut keyed = false;
                for k in key(form) {
                    if k.is_empty() {
                        continue;
                    }
                    keyed = true;
                    let postings = index.entry(k.into_boxed_str()).or_default();
                    // Groups arrive in id order, so checking the last entry keeps postings sorted
                    // and free of repeats when several forms of a group share a key.
                    if postings.last() != Some(&id) {
                        postings.push(id);
                    }
                }
                if !keyed {
                    dict.unkeyed_forms += 1;
                }
                group_forms.push(form.to_owned());
            }

            dict.by_group_key.insert(group_key.into(), id);
            group_lines.push(line_no);
            dict.groups.push(GroupData { key: group_key.to_owned(), kind, forms: group_forms });
        }

        dict.index = index.into_iter().map(|(k, v)| (k, v.into_boxed_slice())).collect();
        dict.index.shrink_to_fit();
        dict.by_group_key.shrink_to_fit();
        Ok(dict)
    }

    /// The `# version:` of the text, or "" when it had none.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The groups holding a lookup key (as produced by the key function given to `parse`), sorted
    /// by id; empty when none does.
    pub fn groups_of(&self, key: &str) -> &[GroupId] {
        self.index.get(key).map_or(&[], |ids| ids)
    }

    /// The group with this id. An id from another dictionary that is out of range here gives an
    /// empty group (key "", no forms) rather than a panic; use `get` to tell the two apart.
    pub fn group(&self, id: GroupId) -> Group<'_> {
        self.get(id).unwrap_or(NO_GROUP)
    }

    /// The group with this id, if this dictionary has one.
    pub fn get(&self, id: GroupId) -> Option<Group<'_>> {
        self.groups.get(id.index()).map(|g| Group { key: &g.key, kind: g.kind, forms: &g.forms })
    }

    /// The id of the group with this group key (`muhammad`, `zh-wang`), for explanations and tests.
    pub fn find(&self, group_key: &str) -> Option<GroupId> {
        self.by_group_key.get(group_key).copied()
    }

    /// All groups in file order.
    pub fn iter(&self) -> impl Iterator<Item = (GroupId, Group<'_>)> + '_ {
        self.groups.iter().zip(0u32..).map(|(g, i)| (GroupId(i), Group { key: &g.key, kind: g.kind, forms: &g.forms }))
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Number of distinct lookup keys in the index.
    pub fn key_count(&self) -> usize {
        self.index.len()
    }

    /// Forms for which the key function gave no key: they cannot be found by lookup.
    pub fn unkeyed_forms(&self) -> usize {
        self.unkeyed_forms
    }
}

/// A plain lookup key for one form, usable before (and independently of) the matcher's own
/// normaliser: NFKC, lowercase, accents removed from Latin and Greek letters (`Lý` = `ly`,
/// `Satō` = `sato`), Arabic vowel marks, hamza seats and tatweel removed and letter variants
/// folded (`أ إ آ` = `ا`, `ى ی ے` = `ي`, `ک` = `ك`, `ة ہ` = `ه`), Hebrew points removed, `ё` = `е`,
/// apostrophes and dots dropped (`Ch'en` = `chen`, `Md.` = `md`), and runs of spaces, hyphens and
/// other punctuation collapsed into one space (`Abd al-Rahman` = `abd al rahman`). Other scripts
/// keep their marks: in Devanagari, kana and Hangul they are part of the letters. Returns one key,
/// or none for a form with no letters.
pub fn default_key(form: &str) -> Vec<String> {
    // ё is folded before decomposition: afterwards it is е plus a diaeresis, and Cyrillic keeps
    // its marks.
    let lowered = form.nfkc().collect::<String>().to_lowercase().replace('ё', "е");
    let mut out = String::with_capacity(lowered.len());
    // Whether combining marks on the current base letter are dropped; `true` before any letter, so
    // a stray leading mark disappears.
    let mut strip_marks = true;
    let mut pending_space = false;
    for c in lowered.nfd() {
        if is_combining_mark(c) {
            if !strip_marks {
                out.push(c);
            }
            continue;
        }
        if is_dropped(c) {
            continue;
        }
        if is_separator(c) {
            pending_space = !out.is_empty();
            strip_marks = true;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        strip_marks = marks_are_optional(c);
        push_folded(c, &mut out);
    }
    let key: String = out.nfc().collect();
    if key.is_empty() { Vec::new() } else { vec![key] }
}

/// Scripts whose combining marks are optional accents or vowel points rather than part of the
/// letter: Latin, Greek, Arabic, Hebrew. (Cyrillic is not here: й, ў and ї are distinct letters.)
fn marks_are_optional(c: char) -> bool {
    matches!(c as u32,
        0x0000..=0x024F          // Basic Latin .. Latin Extended-B
        | 0x1E00..=0x1EFF        // Latin Extended Additional (Vietnamese)
        | 0x0370..=0x03FF        // Greek
        | 0x1F00..=0x1FFF        // Greek Extended
        | 0x0590..=0x05FF        // Hebrew
        | 0x0600..=0x06FF        // Arabic, Persian, Urdu
        | 0x0750..=0x077F        // Arabic Supplement
    )
}

/// Characters that vanish from a key: apostrophes and ayn/hamza signs (`Sa'ad`, `Ja'far`), dots of
/// abbreviations, the Arabic tatweel and invisible format characters (ZWNJ in Persian).
fn is_dropped(c: char) -> bool {
    matches!(
        c,
        '\'' | '`'
            | '.'
            | '\u{00B4}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201B}'
            | '\u{02B9}'
            | '\u{02BB}'
            | '\u{02BC}'
            | '\u{02BE}'
            | '\u{02BF}'
            | '\u{0640}'
            | '\u{061C}'
            | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Characters that separate the words of a form: whitespace, dashes, the katakana middle dot, the
/// Hebrew maqaf, the Arabic comma and any other ASCII punctuation.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c, '\u{2010}'..='\u{2015}' | '\u{00B7}' | '\u{30FB}' | '\u{05BE}' | '\u{060C}')
}

/// Letters that no decomposition relates to a plain letter, folded so keys do not depend on them.
fn push_folded(c: char, out: &mut String) {
    let folded: &str = match c {
        'ß' => "ss",
        'ı' => "i",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'ø' => "o",
        'æ' => "ae",
        'œ' => "oe",
        'ħ' => "h",
        'ς' => "σ",
        // Arabic: the alef wasla, alef maksura and the Persian/Urdu letter shapes.
        '\u{0671}' => "\u{0627}",
        '\u{0649}' | '\u{06CC}' | '\u{06D2}' => "\u{064A}",
        '\u{06A9}' => "\u{0643}",
        '\u{0629}' | '\u{06C1}' | '\u{06C3}' | '\u{06D5}' => "\u{0647}",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(folded);
}
