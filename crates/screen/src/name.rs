//! Names as sets of tokens with every comparable form precomputed: the normalised original-script
//! token, its romanisations, romanisation-insensitive skeletons, consonant keys for abjad scripts, and
//! the name-dictionary groups it belongs to.

use crate::equivalence::{GroupId, GroupKind, NameDictionary};
use crate::phonetic::{self, Sketch};
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
    /// A title, rank or honorific written beside the name (Dr, Colonel, Sheikh, Haji): some sources
    /// write it and others do not, so it weighs nothing, met or not; met, it explains a listed part
    /// of the same word (the family name Shaikh) rather than leaving it missing.
    Title,
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
    /// Per skeleton, and per form of `latin`, what it is made of: whether two tokens can be a few
    /// edits apart is read from these without going over the letters again.
    pub skeleton_sketches: Vec<Sketch>,
    pub latin_sketches: Vec<Sketch>,
    /// Consonant keys (from the Arabic or Hebrew letters, or from the Latin spelling).
    pub consonants: Vec<String>,
    /// Name-dictionary groups.
    pub groups: Vec<GroupId>,
    /// Those of `groups` that gather the readings of one Chinese character in several languages
    /// (Mandarin, Cantonese, Hokkien, Korean): weaker evidence between two Latin spellings.
    pub readings: Vec<GroupId>,
    pub particle: bool,
    pub role: PartRole,
    /// For a token in Chinese characters (which has no `latin` forms): its Mandarin reading in Pinyin
    /// and Wade-Giles, compared with Latin spellings as a reading, not a transliteration.
    pub mandarin: Vec<String>,
    /// Its readings in other languages (Cantonese, Korean) and other readings of a character: weaker,
    /// they count only beside stronger matches.
    pub other_readings: Vec<String>,
    /// For a token in Chinese characters or Hangul that a screening index holds, how Latin spellings
    /// read its characters ([`Analyser::listed_token`]; none for a query's own tokens, whose characters
    /// are never read so). Boxed: most tokens have none, and an index holds a million tokens.
    pub characters: Option<Box<CharacterReadings>>,
}

/// The Latin spellings that read the characters of a token in Chinese characters or Hangul. Whether
/// a Latin spelling reads a listed name's characters is asked of many candidates per query, so it is
/// worked out once, when the token is analysed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CharacterReadings {
    /// Each character's readings in every language the table holds, the romanisations of a Hangul
    /// syllable, and the romanisations of the spellings the name dictionary gives the character; sorted.
    readings: Vec<String>,
    /// The spellings the name dictionary gives a character, as one word each (Tsang for 曾); sorted.
    spellings: Vec<String>,
}

impl Token {
    pub fn is_abjad(&self) -> bool {
        matches!(self.script, Some(Script::Arabic | Script::Hebrew))
    }

    /// A single letter of an alphabet (a Chinese character or a Hangul syllable alone is a name).
    pub fn is_initial(&self) -> bool {
        // One character of an alphabet: at most four bytes, read before the letters themselves
        // (scoring asks this of every token of every candidate).
        self.norm.len() <= 4
            && matches!(
                self.script,
                Some(Script::Latin | Script::Cyrillic | Script::Greek | Script::Armenian | Script::Georgian)
            )
            && self.norm.chars().nth(1).is_none()
            && !self.norm.is_empty()
    }

    /// What to show for this token in an explanation.
    pub fn shown(&self) -> &str {
        &self.norm
    }

    /// Whether `other` (a spelling) reads one of this token's Chinese characters or Hangul
    /// syllables: in a language the reading table holds, as a romanisation of the syllable, or as a
    /// spelling the name dictionary gives the character as a family name (Tsang for 曾, but not the
    /// near spelling Ko for Koh, 許). Known of the tokens an index holds only.
    pub fn read_as(&self, other: &Token) -> bool {
        self.characters.as_ref().is_some_and(|c| {
            other.latin.iter().any(|l| c.readings.binary_search(l).is_ok())
                || c.spellings.binary_search(&other.norm).is_ok()
        })
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
        let (text, mut parts) = split(input);
        // A name in Chinese characters written as one word is split into family and given name for
        // comparing two names. The index keeps it whole: filing the family-name character under its
        // dictionary group made every listed Wang a candidate twice and cost candidate ranking (on the
        // generated benchmark, Chinese recall@10 fell from 94.2 % to 93.3 %).
        let mut names = parts.iter().enumerate().filter(|(_, (_, role))| *role != PartRole::Title);
        if let (Some((at, (one, PartRole::Unknown))), None) = (names.next(), names.next())
            && let Some((family, given)) = split_han(one)
        {
            parts.splice(at..=at, [(family, PartRole::Family), (given, PartRole::Given)]);
        }
        let tokens: Vec<Token> = parts.into_iter().map(|(t, role)| self.token(&t, role)).collect();
        let joined = tokens.windows(2).map(|pair| self.joined(&pair[0], &pair[1])).collect();
        Name { kind, text, tokens, joined }
    }

    /// Analyses one normalised token.
    pub fn token(&self, norm: &str, role: PartRole) -> Token {
        let script = text::scripts(norm).into_iter().next();
        let latin = translit::latin_forms(norm);
        let (mandarin, other_readings) = translit::han_readings(norm).unwrap_or_default();
        let mut skeletons: Vec<String> = Vec::with_capacity(latin.len());
        for form in &latin {
            let s = phonetic::skeleton(form);
            if !s.is_empty() && !skeletons.contains(&s) {
                skeletons.push(s);
            }
        }
        let han = script == Some(Script::Han);
        let mut consonants = Vec::new();
        if let Some(key) = phonetic::abjad_key(norm) {
            consonants.push(key);
        } else if !han {
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
        // Chinese characters are in the dictionary as written: a reading (羊 is Yang too) is no
        // evidence of the family name 杨. So are Korean family names in Hangul: a romanisation of one
        // is the spelling of others (전 is Chun, which is also 秦, the Korean 진).
        let listed_hangul = script == Some(Script::Hangul) && !groups.is_empty();
        for s in skeletons.iter().filter(|_| !han && !listed_hangul) {
            add_groups(s, &mut groups);
        }
        particle |= is_legal_form(norm);
        groups.sort_unstable();
        let readings = groups
            .iter()
            .copied()
            .filter(|g| {
                let key = self.dictionary.group(*g).key;
                key.starts_with("zh-") || key.starts_with("ko-")
            })
            .collect();
        let skeleton_sketches = skeletons.iter().map(|s| Sketch::of(s)).collect();
        let latin_sketches = latin.iter().map(|s| Sketch::of(s)).collect();
        Token {
            norm: norm.to_owned(),
            script,
            latin,
            skeletons,
            skeleton_sketches,
            latin_sketches,
            consonants,
            groups,
            readings,
            particle,
            role,
            mandarin,
            other_readings,
            characters: None,
        }
    }

    /// A token as a screening index holds it: [`Analyser::token`], and for one in Chinese characters
    /// or Hangul the Latin spellings that read its characters, which every comparison of a query with a
    /// listed name in those scripts asks about.
    pub fn listed_token(&self, norm: &str, role: PartRole) -> Token {
        let mut token = self.token(norm, role);
        if matches!(token.script, Some(Script::Han | Script::Hangul)) {
            token.characters = Some(Box::new(self.character_readings(norm)));
        }
        token
    }

    /// How Latin spellings read each character of `norm`.
    fn character_readings(&self, norm: &str) -> CharacterReadings {
        let mut readings = Vec::new();
        let mut spellings = Vec::new();
        let mut buf = [0u8; 4];
        for c in norm.chars() {
            let c: &str = c.encode_utf8(&mut buf);
            match translit::han_readings(c) {
                Some((mandarin, others)) => readings.extend(mandarin.into_iter().chain(others)),
                None => readings.extend(translit::latin_forms(c)),
            }
            for g in self.dictionary.groups_of(c) {
                for form in self.dictionary.group(*g).forms.iter() {
                    spellings.push(text::tokens(form).concat());
                    readings.extend(translit::latin_forms(form));
                }
            }
        }
        for v in [&mut readings, &mut spellings] {
            v.sort_unstable();
            v.dedup();
        }
        CharacterReadings { readings, spellings }
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
                skeleton_sketches: Vec::new(),
                latin_sketches: Vec::new(),
                consonants: Vec::new(),
                groups: Vec::new(),
                readings: Vec::new(),
                particle: false,
                role: PartRole::Unknown,
                mandarin: Vec::new(),
                other_readings: Vec::new(),
                characters: None,
            };
        }
        let mut norm = String::with_capacity(a.norm.len() + b.norm.len());
        norm.push_str(&a.norm);
        norm.push_str(&b.norm);
        self.token(&norm, PartRole::Unknown)
    }

    /// The groups of two adjacent tokens read as one name ("abdul" + "rahman"): those of the
    /// [`dictionary_keys`] of the two written with a space, made from what the tokens already hold
    /// (their first romanisation is the one those keys take) rather than by analysing the text again.
    pub fn pair_groups(&self, a: &Token, b: &Token) -> Vec<GroupId> {
        let mut out = Vec::new();
        let mut add = |key: &str| {
            for g in self.dictionary.groups_of(key) {
                if !out.contains(g) {
                    out.push(*g);
                }
            }
        };
        let single = |t: &Token| !t.norm.is_empty() && !t.norm.contains(' ');
        if !single(a) || !single(b) {
            dictionary_keys(&format!("{} {}", a.norm, b.norm)).iter().for_each(|key| add(key));
            return out;
        }
        let romanised = match (a.latin.first(), b.latin.first()) {
            (Some(x), Some(y)) if !x.is_empty() || !y.is_empty() => {
                let mut joined = String::with_capacity(x.len() + y.len());
                joined.push_str(x);
                joined.push_str(y);
                Some(phonetic::skeleton(&joined))
            }
            _ => None,
        };
        if let Some(key) = &romanised {
            add(key);
        }
        let mut native = String::with_capacity(a.norm.len() + b.norm.len());
        native.push_str(&a.norm);
        native.push_str(&b.norm);
        if romanised.as_deref() != Some(native.as_str()) {
            add(&native);
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
    "president",
    "prasident",
    "presidente",
    "monsieur",
    "madame",
    "mademoiselle",
    "herr",
    "frau",
    "senor",
    "senora",
    "don",
    "dona",
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

/// The words after which a title is part of a name: the Arabic article as romanised (al, el, ul, and
/// ash before sh) and "servant of" (Abd al-Hafiz, Abdul Hafiz).
const TITLE_AS_NAME_AFTER: &[&str] = &["al", "el", "ul", "ash", "esh", "abd", "abdul", "abdel", "abdal", "abdoul"];

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

/// Chinese family names of two characters (simplified and traditional forms).
const HAN_DOUBLE_SURNAMES: &[&str] = &[
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "司徒", "东方", "東方", "皇甫", "令狐", "夏侯", "慕容",
    "尉迟", "尉遲", "公孙", "公孫", "长孙", "長孫", "宇文", "轩辕", "軒轅", "澹台", "端木", "南宫", "南宮", "独孤",
    "獨孤", "申屠", "西门", "西門", "万俟", "呼延", "闻人", "聞人", "赫连", "赫連", "司空", "钟离", "鍾離", "濮阳",
    "濮陽", "太史", "公冶", "宗政", "仲孙", "仲孫", "拓跋", "百里", "东郭", "東郭",
];

/// A name in Chinese characters written as one word (王建国, 김 written 金 …) is family name then
/// given name: two or three characters split after the first (after two for the double family
/// names), four after the second (a Chinese double family name, or a Japanese name, whose family
/// names are mostly two characters).
fn split_han(token: &str) -> Option<(String, String)> {
    let n = token.chars().count();
    if !(2..=4).contains(&n) || !token.chars().all(|c| text::script_of(c) == Some(Script::Han)) {
        return None;
    }
    let double = n == 4 || (n == 3 && HAN_DOUBLE_SURNAMES.iter().any(|s| token.starts_with(s)));
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

/// A name's full text and its normalised tokens with the part each came from: titles kept as
/// [`PartRole::Title`] (those before the name in front, the others after it) unless nothing else is
/// left, Hangul names written as one word split into family and given name.
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
    let all = text::tokens(&full);
    // A title word after an article or "servant of" (Al-Shaykh, ash-Sheikh, Abdul Hafiz), or in the
    // family name of a name given by parts, is the name itself: a family is called Al-Sheikh.
    let named = |i: usize, t: &String| {
        role_of(t) == PartRole::Family
            || i.checked_sub(1).and_then(|j| all.get(j)).is_some_and(|p| TITLE_AS_NAME_AFTER.contains(&p.as_str()))
    };
    let title: Vec<bool> =
        all.iter().enumerate().map(|(i, t)| (is_title(t) || is_title(&plain(t))) && !named(i, t)).collect();
    let (mut before, mut after, mut tokens) = (Vec::new(), Vec::new(), Vec::with_capacity(all.len()));
    if title.iter().all(|t| *t) {
        tokens = all;
    } else {
        for (t, is_title) in all.into_iter().zip(title) {
            match (is_title, tokens.is_empty()) {
                (true, true) => before.push((t, PartRole::Title)),
                (true, false) => after.push((t, PartRole::Title)),
                (false, _) => tokens.push(t),
            }
        }
    }
    let tokens = numbers(legal_forms(tokens));
    let mut out = before;
    out.reserve(tokens.len() + after.len() + 1);
    // Only a whole name written as one word is split: in a name of several words, 진우 or 建国 is a
    // given name already.
    let whole = tokens.len() == 1;
    for t in tokens {
        let role = role_of(&t);
        // Only a whole name written as one word: a given name alone (민준) is not split.
        match split_hangul(&t).filter(|_| whole && role == PartRole::Unknown) {
            Some((family, given)) => {
                out.push((family, PartRole::Family));
                out.push((given, PartRole::Given));
            }
            None => out.push((t, role)),
        }
    }
    out.append(&mut after);
    (full, out)
}

/// Legal forms of organisations, each phrase (normalised tokens, Latin ones folded to ASCII) with the
/// generic class it is compared as: a register writes "Aktiengesellschaft" where a list writes "AG",
/// "Open Joint Stock Company" where another writes "OAO" or "JSC". The classes are coarse on purpose
/// (a limited company of one country against one of another is no contradiction worth a score); the
/// forms are those of the ISO 20275 entity legal forms code list for the jurisdictions most present on
/// sanctions lists, with their usual abbreviations. A name holding one is an organisation's, and the
/// class weighs like a particle (see [`is_legal_form`]).
const LEGAL_FORMS: &[(&[&str], &str)] = &[
    (&["limited", "liability", "company"], "llc"),
    (&["limited", "liability", "partnership"], "llc"),
    (&["llc"], "llc"),
    (&["llp"], "llc"),
    (&["ltd"], "llc"),
    (&["limited"], "llc"),
    (&["pvt"], "llc"),
    (&["private", "limited", "company"], "llc"),
    (&["gesellschaft", "mit", "beschrankter", "haftung"], "llc"),
    (&["gmbh"], "llc"),
    (&["ooo"], "llc"),
    (&["ооо"], "llc"),
    (&["общество", "с", "ограниченной", "ответственностью"], "llc"),
    (&["тов"], "llc"),
    (&["товариство", "з", "обмеженою", "відповідальністю"], "llc"),
    (&["societatea", "cu", "raspundere", "limitata"], "llc"),
    (&["societa", "a", "responsabilita", "limitata"], "llc"),
    (&["societe", "a", "responsabilite", "limitee"], "llc"),
    (&["sociedad", "de", "responsabilidad", "limitada"], "llc"),
    (&["srl"], "llc"),
    (&["sarl"], "llc"),
    (&["ltda"], "llc"),
    (&["sp", "z", "oo"], "llc"),
    (&["spzoo"], "llc"),
    (&["spolka", "z", "ograniczona", "odpowiedzialnoscia"], "llc"),
    (&["sro"], "llc"),
    (&["doo"], "llc"),
    (&["kft"], "llc"),
    (&["bv"], "llc"),
    (&["fze"], "llc"),
    (&["fzco"], "llc"),
    (&["fzc"], "llc"),
    (&["open", "joint", "stock", "company"], "jsc"),
    (&["closed", "joint", "stock", "company"], "jsc"),
    (&["public", "joint", "stock", "company"], "jsc"),
    (&["joint", "stock", "company"], "jsc"),
    (&["jointstock", "company"], "jsc"),
    (&["jsc"], "jsc"),
    (&["ojsc"], "jsc"),
    (&["cjsc"], "jsc"),
    (&["pjsc"], "jsc"),
    (&["oao"], "jsc"),
    (&["zao"], "jsc"),
    (&["оао"], "jsc"),
    (&["зао"], "jsc"),
    (&["пао"], "jsc"),
    (&["ао"], "jsc"),
    (&["открытое", "акционерное", "общество"], "jsc"),
    (&["закрытое", "акционерное", "общество"], "jsc"),
    (&["публичное", "акционерное", "общество"], "jsc"),
    (&["акционерное", "общество"], "jsc"),
    (&["aktiengesellschaft"], "jsc"),
    (&["ag"], "jsc"),
    (&["societe", "anonyme"], "jsc"),
    (&["sociedad", "anonima"], "jsc"),
    (&["sa"], "jsc"),
    (&["societa", "per", "azioni"], "jsc"),
    (&["spa"], "jsc"),
    (&["naamloze", "vennootschap"], "jsc"),
    (&["nv"], "jsc"),
    (&["aktiebolag"], "jsc"),
    (&["ab"], "jsc"),
    (&["public", "limited", "company"], "jsc"),
    (&["plc"], "jsc"),
    (&["incorporated"], "inc"),
    (&["inc"], "inc"),
    (&["corporation"], "corp"),
    (&["corp"], "corp"),
    (&["company"], "co"),
    (&["co"], "co"),
    (&["compagnie"], "co"),
    (&["cie"], "co"),
    (&["compania"], "co"),
    (&["cia"], "co"),
];

/// Words that join the parts of an organisation's name and carry no identity ("The World Bank",
/// "Bank of China").
const ORG_STOPWORDS: &[&str] = &["the", "of", "and", "for", "und", "et"];

/// Whether a normalised token is a legal-form class or an organisation stopword: weighs like a
/// particle, matched or not.
pub fn is_legal_form(token: &str) -> bool {
    matches!(token, "llc" | "jsc" | "inc" | "corp" | "co") || ORG_STOPWORDS.contains(&token)
}

/// A token folded for comparing with the phrase tables: Latin letters to ASCII, other scripts as they are.
fn plain(token: &str) -> String {
    if token.is_ascii() || !token.chars().any(|c| text::script_of(c) == Some(Script::Latin)) {
        token.to_owned()
    } else {
        text::fold_latin(token)
    }
}

/// Replaces every legal-form phrase by its class (the longest phrase at each position).
fn legal_forms(tokens: Vec<String>) -> Vec<String> {
    let plain: Vec<String> = tokens.iter().map(|t| plain(t)).collect();
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let found = LEGAL_FORMS
            .iter()
            .filter(|(phrase, _)| {
                plain
                    .get(i..i + phrase.len())
                    .is_some_and(|run| run.iter().zip(phrase.iter()).all(|(a, b)| legal_word_matches(a, b)))
            })
            .max_by_key(|(phrase, _)| phrase.len());
        match found {
            // A name that is nothing but a legal form stays as written.
            Some((phrase, class)) if tokens.len() > phrase.len() => {
                out.push((*class).to_owned());
                i += phrase.len();
            }
            _ => {
                out.push(tokens[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// Whether a written word is a word of a legal-form phrase: equal, or for words of seven letters or
/// more one letter added, dropped or changed (Aktiengeselschaft, Compan).
fn legal_word_matches(written: &str, word: &str) -> bool {
    if written == word {
        return true;
    }
    if word.len() < 7 || written.len().abs_diff(word.len()) > 1 || !written.is_ascii() {
        return false;
    }
    let (a, b) = (written.as_bytes(), word.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    a.len().max(b.len()) - prefix - suffix <= 1 && a.len() + b.len() - 2 * (prefix + suffix) <= 2
}

/// English number words and ordinals, as digits: "First International Bank" and "1st International
/// Bank", "Brigade Forty-Four" and "Brigade 44" are one name.
fn numbers(tokens: Vec<String>) -> Vec<String> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const ORDINALS: [&str; 13] = [
        "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
        "eleventh", "twelfth",
    ];
    const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    let value = |t: &str| -> Option<u32> {
        let digits_ordinal = t
            .strip_suffix("st")
            .or_else(|| t.strip_suffix("nd"))
            .or_else(|| t.strip_suffix("rd"))
            .or_else(|| t.strip_suffix("th"))
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        if let Some(d) = digits_ordinal {
            return d.parse().ok();
        }
        let t = if t == "fourty" { "forty" } else { t };
        UNITS
            .iter()
            .position(|u| *u == t)
            .or_else(|| ORDINALS.iter().position(|u| *u == t))
            .and_then(|v| u32::try_from(v).ok())
    };
    let tens = |t: &str| -> Option<u32> {
        let t = if t == "fourty" { "forty" } else { t };
        TENS.iter().position(|u| !u.is_empty() && *u == t).and_then(|v| u32::try_from(v * 10).ok())
    };
    if tokens.len() < 2 {
        return tokens;
    }
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        if let Some(t10) = tens(t) {
            let unit = tokens
                .get(i + 1)
                .and_then(|n| value(n).or_else(|| n.parse::<u32>().ok()).filter(|u| (1..=9).contains(u)));
            match unit {
                Some(u) => {
                    out.push((t10 + u).to_string());
                    i += 2;
                }
                None => {
                    out.push(t10.to_string());
                    i += 1;
                }
            }
            continue;
        }
        out.push(value(t).map_or_else(|| tokens[i].clone(), |v| v.to_string()));
        i += 1;
    }
    out
}
