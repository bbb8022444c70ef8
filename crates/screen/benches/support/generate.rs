//! A seeded generator of identities as a wanted-person list holds them — names from twenty naming
//! cultures in their own scripts with Latin passport aliases, dates of birth, nationalities, passport
//! numbers — and of the queries that screen against them: variants of listed persons (another
//! romanisation, typos, name order, dropped parts, the original script, noisy dates) and innocent
//! travellers whose names are on no list.
//!
//! Every person is a pure function of (seed, key), so the benchmark regenerates any listed person
//! from its key instead of keeping a million of them beside the index it measures.

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use article3_screen::text::{self, Script};
use article3_screen::{DateSpec, Identity, NameInput, NameKind, Query};
use article3_screen::{phonetic, translit};

use super::pools;

// ---------------------------------------------------------------------------------------------
// Randomness

/// SplitMix64: tiny, fast, and statistically fine for test data; seeded per item so that any person
/// can be regenerated alone.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng(seed);
        rng.next_u64();
        rng
    }

    /// The generator of one item of one stream (persons, variants, innocents …).
    pub fn for_item(seed: u64, stream: u64, item: u64) -> Self {
        Self::new(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F) ^ item.wrapping_mul(0xE703_7ED1_A0B4_28DB))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A rank in `0..n` skewed to the head: half the draws log-uniform (about Zipf with exponent 1,
    /// as name frequencies are), half uniform, so the tail of each pool is still used.
    pub fn skewed(&mut self, n: usize) -> usize {
        if self.chance(0.5) { self.below(n) } else { (((n as f64 + 1.0).powf(self.unit()) - 1.0) as usize).min(n - 1) }
    }

    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------------------------
// Pools

/// One pool entry: the native form, irregular further forms, Latin spellings (see `pools`).
#[derive(Debug, Clone)]
pub struct Entry {
    pub native: String,
    pub forms: Vec<String>,
    pub latin: Vec<String>,
}

fn parse(src: &str, script: Option<Script>) -> Vec<Entry> {
    let entries: Vec<Entry> = src
        .split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            let (names, latin) = match item.split_once('=') {
                Some((n, l)) => (n, l.split('|').map(|s| s.trim().replace('_', " ")).collect()),
                None => (item, Vec::new()),
            };
            let mut forms = names.split('/').map(|s| s.trim().replace('_', " "));
            let native = forms.next().unwrap_or_default();
            Entry { native, forms: forms.collect(), latin }
        })
        .collect();
    // A pool typed in the wrong script (a Latin "a" inside a Greek name) would quietly test
    // something else: refuse it.
    let want = script.unwrap_or(Script::Latin);
    for e in &entries {
        for form in std::iter::once(&e.native).chain(&e.forms) {
            assert_eq!(text::scripts(form), vec![want], "pool entry {form:?} is not all {want:?}");
        }
        for l in &e.latin {
            assert_eq!(text::scripts(l), vec![Script::Latin], "Latin spelling {l:?}");
        }
    }
    entries
}

/// The pools of one culture.
#[derive(Debug)]
struct Names {
    male: Vec<Entry>,
    female: Vec<Entry>,
    family: Vec<Entry>,
    middle_male: Vec<Entry>,
    middle_female: Vec<Entry>,
}

fn names(c: Culture) -> &'static Names {
    static ALL: OnceLock<Vec<Names>> = OnceLock::new();
    &ALL.get_or_init(|| {
        CULTURES
            .iter()
            .map(|c| {
                let [m, f, fam, mm, mf] = c.sources();
                let script = match c {
                    // Given-name syllables and family names: both Hangul.
                    Culture::Korean => Some(Script::Hangul),
                    _ => c.script(),
                };
                let korean_syllables = |s: &str| {
                    s.split_whitespace()
                        .map(|x| Entry { native: x.to_owned(), forms: Vec::new(), latin: Vec::new() })
                        .collect()
                };
                Names {
                    male: if *c == Culture::Korean { korean_syllables(m) } else { parse(m, script) },
                    female: if *c == Culture::Korean { korean_syllables(f) } else { parse(f, script) },
                    family: parse(fam, script),
                    middle_male: parse(mm, script),
                    middle_female: parse(mf, script),
                }
            })
            .collect()
    })[c as usize]
}

// ---------------------------------------------------------------------------------------------
// Cultures

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Culture {
    Russian,
    Ukrainian,
    Kazakh,
    Arabic,
    Persian,
    Turkish,
    Chinese,
    Korean,
    Japanese,
    Greek,
    Georgian,
    Armenian,
    Spanish,
    Portuguese,
    English,
    French,
    German,
    Indian,
    Nigerian,
    Vietnamese,
}

pub const CULTURES: [Culture; 20] = [
    Culture::Russian,
    Culture::Ukrainian,
    Culture::Kazakh,
    Culture::Arabic,
    Culture::Persian,
    Culture::Turkish,
    Culture::Chinese,
    Culture::Korean,
    Culture::Japanese,
    Culture::Greek,
    Culture::Georgian,
    Culture::Armenian,
    Culture::Spanish,
    Culture::Portuguese,
    Culture::English,
    Culture::French,
    Culture::German,
    Culture::Indian,
    Culture::Nigerian,
    Culture::Vietnamese,
];

impl Culture {
    pub fn name(self) -> &'static str {
        match self {
            Self::Russian => "Russian",
            Self::Ukrainian => "Ukrainian",
            Self::Kazakh => "Kazakh",
            Self::Arabic => "Arabic",
            Self::Persian => "Persian",
            Self::Turkish => "Turkish",
            Self::Chinese => "Chinese",
            Self::Korean => "Korean",
            Self::Japanese => "Japanese",
            Self::Greek => "Greek",
            Self::Georgian => "Georgian",
            Self::Armenian => "Armenian",
            Self::Spanish => "Spanish",
            Self::Portuguese => "Portuguese",
            Self::English => "English",
            Self::French => "French",
            Self::German => "German",
            Self::Indian => "Indian",
            Self::Nigerian => "Nigerian",
            Self::Vietnamese => "Vietnamese",
        }
    }

    /// Share of a wanted-person list, in percent (roughly the mix of published red notices: many
    /// Latin American, Russian and Arab names, few Japanese or Greek ones).
    fn weight(self) -> u32 {
        match self {
            Self::Russian => 13,
            Self::Ukrainian => 4,
            Self::Kazakh => 3,
            Self::Arabic => 13,
            Self::Persian => 3,
            Self::Turkish => 5,
            Self::Chinese => 5,
            Self::Korean => 2,
            Self::Japanese => 1,
            Self::Greek => 1,
            Self::Georgian => 2,
            Self::Armenian => 2,
            Self::Spanish => 17,
            Self::Portuguese => 5,
            Self::English => 6,
            Self::French => 4,
            Self::German => 3,
            Self::Indian => 6,
            Self::Nigerian => 4,
            Self::Vietnamese => 2,
        }
    }

    /// The script of the primary name when it is not Latin.
    pub fn script(self) -> Option<Script> {
        match self {
            Self::Russian | Self::Ukrainian | Self::Kazakh => Some(Script::Cyrillic),
            Self::Arabic | Self::Persian => Some(Script::Arabic),
            Self::Chinese => Some(Script::Han),
            Self::Korean => Some(Script::Hangul),
            Self::Greek => Some(Script::Greek),
            Self::Georgian => Some(Script::Georgian),
            Self::Armenian => Some(Script::Armenian),
            _ => None,
        }
    }

    /// Male given, female given, family, male middle, female middle.
    fn sources(self) -> [&'static str; 5] {
        use pools::*;
        match self {
            Self::Russian => [RU_MALE, RU_FEMALE, RU_FAMILY, "", ""],
            Self::Ukrainian => [UA_MALE, UA_FEMALE, UA_FAMILY, "", ""],
            Self::Kazakh => [KZ_MALE, KZ_FEMALE, KZ_FAMILY, "", ""],
            Self::Arabic => [AR_MALE, AR_FEMALE, AR_FAMILY, "", ""],
            Self::Persian => [FA_MALE, FA_FEMALE, FA_FAMILY, "", ""],
            Self::Turkish => [TR_MALE, TR_FEMALE, TR_FAMILY, "", ""],
            Self::Chinese => [ZH_GIVEN, ZH_GIVEN, ZH_FAMILY, "", ""],
            Self::Korean => [KO_GIVEN, KO_GIVEN, KO_FAMILY, "", ""],
            Self::Japanese => [JA_MALE, JA_FEMALE, JA_FAMILY, "", ""],
            Self::Greek => [EL_MALE, EL_FEMALE, EL_FAMILY, "", ""],
            Self::Georgian => [KA_MALE, KA_FEMALE, KA_FAMILY, "", ""],
            Self::Armenian => [HY_MALE, HY_FEMALE, HY_FAMILY, "", ""],
            Self::Spanish => [ES_MALE, ES_FEMALE, ES_FAMILY, "", ""],
            Self::Portuguese => [PT_MALE, PT_FEMALE, PT_FAMILY, "", ""],
            Self::English => [EN_MALE, EN_FEMALE, EN_FAMILY, "", ""],
            Self::French => [FR_MALE, FR_FEMALE, FR_FAMILY, "", ""],
            Self::German => [DE_MALE, DE_FEMALE, DE_FAMILY, "", ""],
            Self::Indian => [IN_MALE, IN_FEMALE, IN_FAMILY, IN_MIDDLE_MALE, IN_MIDDLE_FEMALE],
            Self::Nigerian => [NG_MALE, NG_FEMALE, NG_FAMILY, "", ""],
            Self::Vietnamese => [VI_MALE, VI_FEMALE, VI_FAMILY, VI_MIDDLE_MALE, VI_MIDDLE_FEMALE],
        }
    }

    /// Nationalities (ISO 3166 alpha-2) with weights.
    fn nationalities(self) -> &'static [(&'static str, u32)] {
        match self {
            Self::Russian => &[("RU", 85), ("BY", 8), ("KZ", 4), ("UA", 3)],
            Self::Ukrainian => &[("UA", 95), ("RU", 5)],
            Self::Kazakh => &[("KZ", 90), ("RU", 5), ("KG", 5)],
            Self::Arabic => &[
                ("EG", 14),
                ("SA", 12),
                ("IQ", 12),
                ("SY", 12),
                ("YE", 8),
                ("MA", 8),
                ("DZ", 8),
                ("JO", 6),
                ("LB", 5),
                ("TN", 5),
                ("LY", 4),
                ("AE", 3),
                ("KW", 3),
            ],
            Self::Persian => &[("IR", 80), ("AF", 20)],
            Self::Turkish => &[("TR", 90), ("DE", 7), ("NL", 3)],
            Self::Chinese => &[("CN", 85), ("TW", 5), ("HK", 5), ("SG", 3), ("MY", 2)],
            Self::Korean => &[("KR", 90), ("US", 5), ("CN", 3), ("KP", 2)],
            Self::Japanese => &[("JP", 100)],
            Self::Greek => &[("GR", 85), ("CY", 15)],
            Self::Georgian => &[("GE", 95), ("RU", 5)],
            Self::Armenian => &[("AM", 85), ("RU", 10), ("US", 5)],
            Self::Spanish => &[
                ("MX", 18),
                ("AR", 12),
                ("CO", 12),
                ("SV", 10),
                ("GT", 9),
                ("HN", 8),
                ("VE", 8),
                ("ES", 8),
                ("PE", 6),
                ("CL", 4),
                ("EC", 3),
                ("DO", 2),
            ],
            Self::Portuguese => &[("BR", 80), ("PT", 15), ("AO", 3), ("MZ", 2)],
            Self::English => &[("US", 50), ("GB", 30), ("AU", 8), ("CA", 8), ("IE", 4)],
            Self::French => &[("FR", 80), ("BE", 8), ("CA", 7), ("CH", 5)],
            Self::German => &[("DE", 80), ("AT", 12), ("CH", 8)],
            Self::Indian => &[("IN", 90), ("GB", 5), ("US", 5)],
            Self::Nigerian => &[("NG", 95), ("GB", 3), ("GH", 2)],
            Self::Vietnamese => &[("VN", 95), ("US", 5)],
        }
    }

    /// Birth dates often unrecorded, written 1 January on documents.
    fn placeholder_birthdays(self) -> bool {
        matches!(self, Self::Arabic | Self::Persian | Self::Nigerian | Self::Indian)
    }
}

// ---------------------------------------------------------------------------------------------
// Persons

/// What a name part is to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Given,
    /// A second given name, or an Arabic father's or grandfather's name.
    Middle,
    Patronymic,
    Family,
    /// The second family name of Spanish and Portuguese names.
    SecondFamily,
    /// bin, bint.
    Particle,
}

/// One part of a name: native form and Latin spellings, the passport's first.
#[derive(Debug, Clone)]
pub struct Part {
    pub role: Role,
    pub native: String,
    pub latin: Vec<String>,
}

/// A generated listed person.
#[derive(Debug, Clone)]
pub struct Person {
    pub key: u64,
    pub culture: Culture,
    /// In the order the native full name is written.
    pub parts: Vec<Part>,
    /// The parts of the passport's Latin name, in its order.
    pub latin_order: Vec<usize>,
    /// The native name is written without spaces (Han, Hangul).
    pub joined: bool,
    /// A further Latin spelling, as lists carry several.
    pub extra_alias: Option<String>,
    pub dob: DateSpec,
    pub nationalities: Vec<&'static str>,
    pub passport: Option<String>,
}

/// Capitalises each word (after a space, a hyphen or an apostrophe), lower-casing the rest.
pub fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, ' ' | '-' | '\'');
    }
    out
}

/// The Latin spellings `translit` gives a native part: the preferred one, then the other systems'.
fn romanised(native: &str) -> Vec<String> {
    let preferred = translit::latin_name(native).map(|s| title(&s)).expect("romanisable pool entry");
    let mut out = vec![preferred];
    let tokens = text::tokens(native);
    if tokens.len() == 1 {
        for f in translit::latin_forms(&tokens[0]) {
            let f = title(&f);
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

fn pick<'a>(rng: &mut Rng, pool: &'a [Entry]) -> &'a Entry {
    &pool[rng.skewed(pool.len())]
}

/// A part from an entry with listed Latin spellings: documents mostly carry the first, sometimes another.
fn spelled(rng: &mut Rng, role: Role, e: &Entry) -> Part {
    let mut latin = e.latin.clone();
    if latin.len() > 1 && rng.chance(0.3) {
        let i = 1 + rng.below(latin.len() - 1);
        latin.swap(0, i);
    }
    Part { role, native: e.native.clone(), latin }
}

/// `spelled` from a drawn entry.
fn draw(rng: &mut Rng, role: Role, pool: &[Entry]) -> Part {
    let e = pick(rng, pool);
    spelled(rng, role, e)
}

fn translit_part(role: Role, native: String) -> Part {
    let latin = romanised(&native);
    Part { role, native, latin }
}

/// Ukrainian passports romanise by the national system of 2010 whatever the letters, so that spelling
/// comes first (`translit::ukrainian_national`), before the forms `translit::latin_forms` knows.
fn ukrainian_part(role: Role, native: String) -> Part {
    let out: Vec<String> = native
        .split_whitespace()
        .map(|word| translit::ukrainian_national(&word.to_lowercase()).expect("Cyrillic pool entry"))
        .collect();
    let out = out.join(" ");
    let mut latin = vec![title(&out)];
    for f in romanised(&native) {
        if !latin.contains(&f) {
            latin.push(f);
        }
    }
    Part { role, native, latin }
}

fn latin_part(role: Role, native: &str) -> Part {
    Part { role, native: native.to_owned(), latin: vec![native.to_owned()] }
}

fn replace_suffix(s: &str, from: &str, to: &str) -> Option<String> {
    s.strip_suffix(from).map(|stem| format!("{stem}{to}"))
}

/// The father's name made a patronymic, by the rules of the language (irregular ones are in the pool).
fn patronymic(c: Culture, rng: &mut Rng, father: &Entry, female: bool) -> String {
    if father.forms.len() == 2 {
        return father.forms[usize::from(female)].clone();
    }
    let f = father.native.as_str();
    match c {
        Culture::Ukrainian => {
            let (m, w) = if let Some(stem) = f.strip_suffix('й') {
                (format!("{f}ович"), format!("{stem}ївна"))
            } else if let Some(stem) = f.strip_suffix('о') {
                (format!("{stem}ович"), format!("{stem}івна"))
            } else if let Some(stem) = f.strip_suffix('ь') {
                (format!("{f}ович"), format!("{stem}івна"))
            } else {
                (format!("{f}ович"), format!("{f}івна"))
            };
            if female { w } else { m }
        }
        Culture::Kazakh if rng.chance(0.4) => format!("{f}{}", if female { "қызы" } else { "ұлы" }),
        _ => {
            let (stem, m, w) = if let Some(stem) = f.strip_suffix('й').or_else(|| f.strip_suffix('ь')) {
                (stem, "евич", "евна")
            } else {
                (f, "ович", "овна")
            };
            format!("{stem}{}", if female { w } else { m })
        }
    }
}

/// The feminine form of a family name.
fn feminine(c: Culture, e: &Entry) -> String {
    if let Some(f) = e.forms.first() {
        return f.clone();
    }
    let s = e.native.as_str();
    let rules: &[(&str, &str)] = match c {
        Culture::Russian | Culture::Kazakh => &[
            ("ский", "ская"),
            ("цкий", "цкая"),
            ("ой", "ая"),
            ("ов", "ова"),
            ("ев", "ева"),
            ("ёв", "ёва"),
            ("ин", "ина"),
            ("ын", "ына"),
        ],
        Culture::Ukrainian => &[
            ("ський", "ська"),
            ("цький", "цька"),
            ("ий", "а"),
            ("ов", "ова"),
            ("ев", "ева"),
            ("ін", "іна"),
            ("ин", "ина"),
        ],
        _ => &[],
    };
    rules.iter().find_map(|(from, to)| replace_suffix(s, from, to)).unwrap_or_else(|| s.to_owned())
}

fn birth_date(rng: &mut Rng, c: Culture) -> DateSpec {
    // Wanted persons are mostly 25 to 55: a triangular spread over 1940–2006 peaking in the 1970s.
    let year = (1940 + ((rng.unit() + rng.unit()) / 2.0 * 67.0) as i32).min(2006);
    let r = rng.unit();
    if r < 0.10 {
        return DateSpec::Year(year);
    }
    if r < 0.11 {
        return DateSpec::Range { from: year - 1, to: year + 1 };
    }
    let month = 1 + rng.below(12) as u8;
    if r < 0.13 {
        return DateSpec::Month { year, month };
    }
    if c.placeholder_birthdays() && rng.chance(0.08) {
        return DateSpec::Day { year, month: 1, day: 1 };
    }
    let days = match month {
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    DateSpec::Day { year, month, day: 1 + rng.below(days) as u8 }
}

fn nationalities(rng: &mut Rng, c: Culture) -> Vec<&'static str> {
    let list = c.nationalities();
    let weights: Vec<u32> = list.iter().map(|(_, w)| *w).collect();
    let first = list[rng.weighted(&weights)].0;
    let mut out = vec![first];
    if list.len() > 1 && rng.chance(0.05) {
        let second = list[rng.weighted(&weights)].0;
        if second != first {
            out.push(second);
        }
    }
    out
}

fn passport(rng: &mut Rng) -> String {
    let letter = |rng: &mut Rng| char::from(b'A' + rng.below(26) as u8);
    format!("{}{}{:07}", letter(rng), letter(rng), rng.below(10_000_000))
}

/// Indices of the parts with these roles, in order.
fn with_roles(parts: &[Part], roles: &[Role]) -> Vec<usize> {
    (0..parts.len()).filter(|i| roles.contains(&parts[*i].role)).collect()
}

/// The stream of listed persons.
pub const PERSONS: u64 = 1;
/// The stream of innocent travellers (persons never indexed).
pub const INNOCENTS: u64 = 2;
/// The stream of variant queries.
pub const VARIANTS: u64 = 3;

/// The person `key` of `stream`.
pub fn person(seed: u64, stream: u64, key: u64) -> Person {
    let mut rng = Rng::for_item(seed, stream, key);
    let weights: Vec<u32> = CULTURES.iter().map(|c| c.weight()).collect();
    let culture = CULTURES[rng.weighted(&weights)];
    // Wanted lists are mostly men.
    let female = rng.chance(0.15);
    let nationalities = nationalities(&mut rng, culture);
    let n = names(culture);
    let given_pool = if female { &n.female } else { &n.male };
    let mut parts: Vec<Part> = Vec::new();
    let mut joined = false;
    let mut extra_alias = None;
    let latin_order: Vec<usize>;
    match culture {
        Culture::Russian | Culture::Ukrainian | Culture::Kazakh => {
            let given = pick(&mut rng, given_pool);
            let father = pick(&mut rng, &n.male);
            let fam = pick(&mut rng, &n.family);
            let family = if female { feminine(culture, fam) } else { fam.native.clone() };
            let make = if culture == Culture::Ukrainian { ukrainian_part } else { translit_part };
            let g = make(Role::Given, given.native.clone());
            let p = make(Role::Patronymic, patronymic(culture, &mut rng, father, female));
            let f = make(Role::Family, family);
            // Russian documents write the family name first; lists often do not.
            parts = if rng.chance(0.5) { vec![f, g, p] } else { vec![g, p, f] };
            latin_order = if rng.chance(0.6) {
                with_roles(&parts, &[Role::Given]).into_iter().chain(with_roles(&parts, &[Role::Family])).collect()
            } else {
                let mut order = with_roles(&parts, &[Role::Given]);
                order.extend(with_roles(&parts, &[Role::Patronymic]));
                order.extend(with_roles(&parts, &[Role::Family]));
                order
            };
            if rng.chance(0.25) {
                // Another system's spelling of given and family name, as older documents carry.
                let alt = |p: &Part| p.latin.last().cloned().unwrap_or_default();
                let g = &parts[latin_order[0]];
                let f = &parts[*latin_order.last().unwrap_or(&0)];
                extra_alias = Some(format!("{} {}", alt(g), alt(f)));
            }
        }
        Culture::Arabic => {
            let given = draw(&mut rng, Role::Given, given_pool);
            let father = draw(&mut rng, Role::Middle, &n.male);
            let family = draw(&mut rng, Role::Family, &n.family);
            let particle = || {
                if female {
                    Part { role: Role::Particle, native: "بنت".into(), latin: vec!["bint".into(), "binti".into()] }
                } else {
                    Part {
                        role: Role::Particle,
                        native: "بن".into(),
                        latin: vec!["bin".into(), "ibn".into(), "ben".into()],
                    }
                }
            };
            let r = rng.unit();
            parts.push(given);
            if r < 0.35 {
                // Gulf: X bin Y [bin Z] al-F.
                parts.push(particle());
                parts.push(father);
                if rng.chance(0.3) {
                    parts.push(particle());
                    parts.push(draw(&mut rng, Role::Middle, &n.male));
                }
            } else if r < 0.75 {
                // Egypt, Levant, Iraq: X Y [Z] F, the father's (and grandfather's) names unmarked.
                parts.push(father);
                if rng.chance(0.35) {
                    parts.push(draw(&mut rng, Role::Middle, &n.male));
                }
            }
            // Maghreb: X F.
            parts.push(family);
            latin_order = (0..parts.len()).collect();
            if rng.chance(0.3) {
                let alt: Vec<String> = latin_order
                    .iter()
                    .map(|i| {
                        let l = &parts[*i].latin;
                        l[rng.below(l.len())].clone()
                    })
                    .collect();
                extra_alias = Some(alt.join(" "));
            }
        }
        Culture::Persian | Culture::Turkish | Culture::Japanese | Culture::English | Culture::French => {
            let middle_chance = match culture {
                Culture::Persian => 0.1,
                Culture::Turkish => 0.25,
                Culture::Japanese => 0.0,
                Culture::English => 0.4,
                _ => 0.2,
            };
            let make = |rng: &mut Rng, role: Role, e: &Entry| match culture {
                Culture::Persian => spelled(rng, role, e),
                Culture::Japanese => japanese(rng, role, e),
                _ => latin_part(role, &e.native),
            };
            let given = pick(&mut rng, given_pool);
            parts.push(make(&mut rng, Role::Given, given));
            if rng.chance(middle_chance) {
                let m = pick(&mut rng, given_pool);
                if m.native != given.native {
                    parts.push(make(&mut rng, Role::Middle, m));
                }
            }
            let fam = pick(&mut rng, &n.family);
            parts.push(make(&mut rng, Role::Family, fam));
            if culture == Culture::Japanese && rng.chance(0.5) {
                // Japanese order, family name first.
                parts.reverse();
            }
            latin_order = (0..parts.len()).collect();
        }
        Culture::German | Culture::Nigerian | Culture::Indian => {
            let given = pick(&mut rng, given_pool);
            parts.push(latin_part(Role::Given, &given.native));
            let middle_pool = if female { &n.middle_female } else { &n.middle_male };
            if culture == Culture::Indian && rng.chance(0.4) {
                parts.push(latin_part(Role::Middle, &pick(&mut rng, middle_pool).native));
            } else if culture != Culture::Indian && rng.chance(if culture == Culture::German { 0.2 } else { 0.4 }) {
                let m = pick(&mut rng, given_pool);
                if m.native != given.native {
                    parts.push(latin_part(Role::Middle, &m.native));
                }
            }
            parts.push(latin_part(Role::Family, &pick(&mut rng, &n.family).native));
            latin_order = (0..parts.len()).collect();
        }
        Culture::Spanish | Culture::Portuguese => {
            let given = pick(&mut rng, given_pool);
            parts.push(latin_part(Role::Given, &given.native));
            if rng.chance(if culture == Culture::Spanish { 0.35 } else { 0.4 }) {
                let m = pick(&mut rng, given_pool);
                if m.native != given.native {
                    parts.push(latin_part(Role::Middle, &m.native));
                }
            }
            let first = pick(&mut rng, &n.family).native.clone();
            let mut second = pick(&mut rng, &n.family).native.clone();
            if second == first {
                second = n.family[rng.below(n.family.len())].native.clone();
            }
            if culture == Culture::Spanish {
                // Father's family name, then mother's (often left out in Latin America).
                parts.push(latin_part(Role::Family, &first));
                if rng.chance(0.85) && second != first {
                    parts.push(latin_part(Role::SecondFamily, &second));
                }
            } else {
                // Mother's family name, then father's.
                if rng.chance(0.7) && second != first {
                    parts.push(latin_part(Role::SecondFamily, &second));
                }
                parts.push(latin_part(Role::Family, &first));
            }
            latin_order = (0..parts.len()).collect();
        }
        Culture::Chinese | Culture::Korean => {
            joined = true;
            let mut family = draw(&mut rng, Role::Family, &n.family);
            let syllables = if culture == Culture::Chinese && rng.chance(0.25) { 1 } else { 2 };
            let chosen: Vec<&Entry> = (0..syllables).map(|_| pick(&mut rng, given_pool)).collect();
            let native: String = chosen.iter().map(|e| e.native.as_str()).collect();
            let mut given = Part {
                role: Role::Given,
                native,
                latin: if culture == Culture::Chinese { chinese_given(&chosen) } else { korean_given(&chosen) },
            };
            if culture == Culture::Chinese {
                // Mainland passports write Pinyin; Taiwan, Hong Kong and the diaspora the older
                // systems (Wade–Giles, Cantonese), for the family and the given name alike.
                let mainland = nationalities[0] == "CN";
                family.latin =
                    n.family.iter().find(|e| e.native == family.native).map_or(family.latin, |e| e.latin.clone());
                if !mainland {
                    let last = family.latin.len() - 1;
                    family.latin.swap(0, last);
                    let last = given.latin.len() - 1;
                    given.latin.swap(0, last);
                }
            }
            if given.latin.len() > 2 && rng.chance(0.4) {
                // Passports write "Jian-Guo" or "Min-jun" or "Min Jun" as often as "Jianguo", "Minjun".
                let i = 1 + rng.below(given.latin.len() - 2);
                given.latin.swap(0, i);
            }
            parts = vec![family, given];
            latin_order = if rng.chance(0.55) { vec![0, 1] } else { vec![1, 0] };
            if culture == Culture::Chinese && rng.chance(0.2) {
                let alt = |p: &Part| p.latin.last().cloned().unwrap_or_default();
                extra_alias = Some(format!("{} {}", alt(&parts[0]), alt(&parts[1])));
            }
        }
        Culture::Greek | Culture::Georgian | Culture::Armenian => {
            let given = pick(&mut rng, given_pool);
            let fam = pick(&mut rng, &n.family);
            let family = if female { feminine(culture, fam) } else { fam.native.clone() };
            parts = vec![translit_part(Role::Given, given.native.clone()), translit_part(Role::Family, family)];
            latin_order = vec![0, 1];
        }
        Culture::Vietnamese => {
            let given = pick(&mut rng, given_pool);
            let middle_pool = if female { &n.middle_female } else { &n.middle_male };
            let viet =
                |role: Role, s: &str| Part { role, native: s.to_owned(), latin: vec![title(&text::fold_latin(s))] };
            parts.push(viet(Role::Family, &pick(&mut rng, &n.family).native));
            if rng.chance(0.95) {
                parts.push(viet(Role::Middle, &pick(&mut rng, middle_pool).native));
            }
            parts.push(viet(Role::Given, &given.native));
            // Passports keep the family name first; abroad the order is often turned round.
            latin_order = if rng.chance(0.5) { (0..parts.len()).collect() } else { (0..parts.len()).rev().collect() };
        }
    }
    let dob = birth_date(&mut rng, culture);
    let passport = rng.chance(0.6).then(|| passport(&mut rng));
    Person { key, culture, parts, latin_order, joined, extra_alias, dob, nationalities, passport }
}

/// A Japanese name part from its Hepburn form with macrons: passports drop the macron, or write oh.
fn japanese(rng: &mut Rng, role: Role, e: &Entry) -> Part {
    let plain = text::fold_latin(&e.native).replace(' ', "");
    let mut latin = vec![title(&plain)];
    if e.native.contains(['ō', 'ū', 'Ō', 'Ū']) {
        for (o, u) in [("oh", "u"), ("ou", "uu"), ("oo", "uu")] {
            let s: String = e.native.replace(['ō', 'Ō'], o).replace(['ū', 'Ū'], u);
            let s = title(&text::fold_latin(&s).replace(' ', ""));
            if !latin.contains(&s) {
                latin.push(s);
            }
        }
        if rng.chance(0.2) {
            latin.swap(0, 1);
        }
    }
    Part { role, native: latin[0].clone(), latin }
}

/// Pinyin joined ("Jianguo"), hyphenated ("Jian-Guo"), spaced ("Jian Guo"), and the other system's
/// syllables hyphenated ("Chien-kuo").
fn chinese_given(chars: &[&Entry]) -> Vec<String> {
    let pinyin: Vec<&str> = chars.iter().map(|e| e.latin[0].as_str()).collect();
    let other: Vec<&str> = chars.iter().map(|e| e.latin.last().map_or("", String::as_str)).collect();
    let mut out = vec![title(&pinyin.concat().to_lowercase())];
    for s in [title(&pinyin.join("-")), title(&pinyin.join(" ")), title(&other.join("-").to_lowercase())] {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Revised Romanisation of the given name: joined ("Minjun"), hyphenated ("Min-jun"), spaced
/// ("Min Jun"), as passports write it, and last the older habit (eo → u, u → oo: "Min-joon").
fn korean_given(syllables: &[&Entry]) -> Vec<String> {
    let rr: Vec<String> = syllables.iter().map(|e| translit::latin_name(&e.native).unwrap_or_default()).collect();
    let mut out = vec![title(&rr.concat())];
    let hyphenated = |parts: &[String]| {
        let joined = title(&parts.join("-"));
        match joined.split_once('-') {
            Some((a, b)) => format!("{a}-{}", b.to_lowercase()),
            None => joined,
        }
    };
    let older: Vec<String> =
        rr.iter().map(|s| if s.contains("eo") { s.replace("eo", "u") } else { s.replace('u', "oo") }).collect();
    for s in [hyphenated(&rr), title(&rr.join(" ")), hyphenated(&older)] {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

impl Person {
    fn render(&self, order: impl Iterator<Item = usize>, latin: bool) -> String {
        let sep = if self.joined && !latin { "" } else { " " };
        order
            .map(|i| if latin { self.parts[i].latin[0].as_str() } else { self.parts[i].native.as_str() })
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The name as its own script writes it.
    pub fn native_name(&self) -> String {
        self.render(0..self.parts.len(), false)
    }

    /// The name as the passport writes it in Latin letters.
    pub fn latin_name(&self) -> String {
        self.render(self.latin_order.iter().copied(), true)
    }

    fn input(&self, order: &[usize], latin: bool) -> NameInput {
        let full = self.render(order.iter().copied(), latin);
        if self.joined && !latin {
            return NameInput::full(&full);
        }
        let of = |roles: &[Role]| {
            let s: Vec<&str> = order
                .iter()
                .filter(|i| roles.contains(&self.parts[**i].role))
                .map(|i| if latin { self.parts[*i].latin[0].as_str() } else { self.parts[*i].native.as_str() })
                .collect();
            (!s.is_empty()).then(|| s.join(" "))
        };
        NameInput {
            full,
            given: of(&[Role::Given]),
            family: of(&[Role::Family, Role::SecondFamily]),
            patronymic: of(&[Role::Patronymic]),
        }
    }

    /// The identity as the index receives it.
    pub fn identity(&self) -> Identity {
        let all: Vec<usize> = (0..self.parts.len()).collect();
        let mut names = vec![(self.input(&all, false), NameKind::Primary)];
        if fold_key(&self.latin_name()) != fold_key(&self.native_name()) {
            names.push((self.input(&self.latin_order, true), NameKind::Alias));
        }
        if let Some(extra) = &self.extra_alias {
            names.push((NameInput::full(extra), NameKind::Alias));
        }
        Identity {
            key: self.key,
            names,
            birth_dates: vec![self.dob],
            nationalities: self.nationalities.iter().map(|n| (*n).to_owned()).collect(),
            documents: self.passport.iter().cloned().collect(),
        }
    }
}

/// A name's tokens, normalised and sorted (order-insensitive), hashed.
fn fold_key(name: &str) -> u64 {
    let mut tokens = text::tokens(name);
    tokens.sort_unstable();
    let mut h = DefaultHasher::new();
    tokens.hash(&mut h);
    h.finish()
}

/// What the index holds, by name, to keep innocent travellers off it.
#[derive(Debug, Default)]
pub struct NameSet {
    full: HashSet<u64>,
    core: HashSet<u64>,
}

/// The first given and family name, each reduced to its romanisation-insensitive skeleton, so that
/// Chaudhary and Choudhury, or Yusuf and Youssef, count as the same name: a namesake.
fn core_key(p: &Person) -> Option<u64> {
    let skeleton = |s: &str| text::fold_latin(s).split(' ').map(phonetic::skeleton).collect::<Vec<_>>().join(" ");
    let first = |role: Role| p.parts.iter().find(|x| x.role == role).map(|x| skeleton(&x.latin[0]));
    let (mut g, mut f) = (first(Role::Given)?, first(Role::Family)?);
    if g > f {
        std::mem::swap(&mut g, &mut f);
    }
    let mut h = DefaultHasher::new();
    (g, f).hash(&mut h);
    Some(h.finish())
}

impl NameSet {
    pub fn record(&mut self, p: &Person) {
        self.full.insert(fold_key(&p.native_name()));
        self.full.insert(fold_key(&p.latin_name()));
        if let Some(k) = core_key(p) {
            self.core.insert(k);
        }
    }

    fn holds(&self, p: &Person) -> bool {
        self.full.contains(&fold_key(&p.native_name())) || self.full.contains(&fold_key(&p.latin_name()))
    }

    /// Someone listed shares this person's first given and family name.
    fn namesake(&self, p: &Person) -> bool {
        core_key(p).is_some_and(|k| self.core.contains(&k))
    }
}

// ---------------------------------------------------------------------------------------------
// Queries

/// How a variant query differs from the listed identity it should find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The passport's Latin name as listed, exact date: the control.
    Exact,
    /// Another romanisation system or spelling habit.
    Romanisation,
    /// One or two keyboard typos, scaled to the name's length.
    Typo,
    /// Family name first (or last, for names that put it first).
    Order,
    /// A middle name, second family name, patronymic or father's name left out.
    Dropped,
    /// The name in its original script.
    Script,
    /// The date of birth a year off, day and month swapped, or only the year.
    Date,
    /// Two or more of the above.
    Combined,
}

pub const KINDS: [(Kind, u32); 8] = [
    (Kind::Exact, 5),
    (Kind::Romanisation, 15),
    (Kind::Typo, 20),
    (Kind::Order, 10),
    (Kind::Dropped, 10),
    (Kind::Script, 10),
    (Kind::Date, 10),
    (Kind::Combined, 20),
];

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Romanisation => "romanisation",
            Self::Typo => "typo",
            Self::Order => "order",
            Self::Dropped => "dropped part",
            Self::Script => "original script",
            Self::Date => "date noise",
            Self::Combined => "combined",
        }
    }
}

/// One query of the benchmark: a variant of a listed person (`expected` its key) or an innocent
/// traveller (`kind` none, `expected` 0).
#[derive(Debug, Clone)]
pub struct Case {
    pub id: u64,
    pub kind: Option<Kind>,
    pub culture: Culture,
    pub name: String,
    pub dob: Option<DateSpec>,
    pub nationality: Option<&'static str>,
    pub expected: u64,
    /// (Innocents) someone listed has the same first given and family name, up to spelling.
    pub namesake: bool,
    /// What was done to the name, for failure reports.
    pub how: String,
}

impl Case {
    pub fn query(&self) -> Query {
        Query {
            names: vec![NameInput::full(&self.name)],
            birth_dates: self.dob.into_iter().collect(),
            nationalities: self.nationality.iter().map(|n| (*n).to_owned()).collect(),
            documents: Vec::new(),
        }
    }
}

/// A part of a query name: the person's part it came from and its text.
#[derive(Debug, Clone)]
struct QPart {
    src: usize,
    role: Role,
    text: String,
}

fn latin_parts(p: &Person) -> Vec<QPart> {
    p.latin_order
        .iter()
        .map(|i| QPart { src: *i, role: p.parts[*i].role, text: p.parts[*i].latin[0].clone() })
        .collect()
}

fn native_parts(p: &Person) -> Vec<QPart> {
    p.parts.iter().enumerate().map(|(i, x)| QPart { src: i, role: x.role, text: x.native.clone() }).collect()
}

fn render(parts: &[QPart], joined: bool) -> String {
    parts.iter().map(|q| q.text.as_str()).collect::<Vec<_>>().join(if joined { "" } else { " " })
}

/// Spelling habits that differ between romanisation systems, both ways: for names romanised from
/// another script.
const RULES: &[(&str, &str)] = &[
    ("ks", "x"),
    ("x", "ks"),
    ("y", "j"),
    ("j", "y"),
    ("y", "i"),
    ("i", "y"),
    ("ou", "u"),
    ("u", "ou"),
    ("ph", "f"),
    ("f", "ph"),
    ("w", "v"),
    ("v", "w"),
    ("sh", "sch"),
    ("sch", "sh"),
    ("ch", "tch"),
    ("kh", "h"),
    ("gh", "g"),
    ("dj", "j"),
    ("j", "dj"),
    ("ee", "i"),
    ("oo", "u"),
    ("ie", "i"),
    ("ei", "ey"),
    ("ai", "ay"),
    ("ay", "ai"),
    ("q", "k"),
    ("k", "q"),
    ("c", "k"),
    ("k", "c"),
    ("z", "s"),
    ("ts", "tz"),
    ("tz", "ts"),
    ("th", "t"),
    ("ll", "l"),
    ("ss", "s"),
    ("tt", "t"),
    ("nn", "n"),
    ("ya", "ia"),
    ("ia", "ya"),
    ("yu", "iu"),
    ("iu", "yu"),
    ("ov", "off"),
    ("ev", "ew"),
];

/// Spanish and Portuguese spellings that sound alike (Jimena/Ximena, Sousa/Souza, Yolanda/Llolanda).
const IBERIAN: &[(&str, &str)] = &[
    ("v", "b"),
    ("b", "v"),
    ("ll", "y"),
    ("z", "s"),
    ("s", "z"),
    ("y", "i"),
    ("i", "y"),
    ("x", "j"),
    ("j", "x"),
    ("th", "t"),
    ("ss", "s"),
    ("ph", "f"),
    ("lh", "li"),
    ("ce", "se"),
];

/// English, French and German spellings of one name (Philip/Filip, Mac/Mc, Schmitt/Shmitt).
const WESTERN: &[(&str, &str)] = &[
    ("ph", "f"),
    ("f", "ph"),
    ("y", "i"),
    ("i", "y"),
    ("c", "k"),
    ("k", "c"),
    ("ck", "k"),
    ("ll", "l"),
    ("tt", "t"),
    ("ss", "s"),
    ("nn", "n"),
    ("th", "t"),
    ("sch", "sh"),
    ("tz", "z"),
    ("mac", "mc"),
    ("mc", "mac"),
    ("ou", "u"),
    ("ey", "y"),
];

/// Indian spellings of one name (Pradeep/Pradip, Shrinivas/Srinivas, Vijay/Wijay).
const INDIAN: &[(&str, &str)] = &[
    ("ee", "i"),
    ("i", "ee"),
    ("oo", "u"),
    ("u", "oo"),
    ("v", "w"),
    ("w", "v"),
    ("sh", "s"),
    ("s", "sh"),
    ("th", "t"),
    ("dh", "d"),
    ("bh", "b"),
    ("ch", "chh"),
    ("y", "i"),
    ("au", "ow"),
    ("ri", "ru"),
];

/// Hepburn against Kunrei-shiki and long vowels (Shimizu/Simizu, Itō/Itoh).
const JAPANESE: &[(&str, &str)] = &[
    ("shi", "si"),
    ("chi", "ti"),
    ("tsu", "tu"),
    ("ji", "zi"),
    ("fu", "hu"),
    ("sha", "sya"),
    ("sho", "syo"),
    ("nb", "mb"),
    ("np", "mp"),
    ("ei", "e"),
];

/// Vietnamese names as spelt abroad without the alphabet's rules (Nguyen/Nguyan, Phuong/Fuong).
const VIETNAMESE: &[(&str, &str)] =
    &[("uy", "ui"), ("ph", "f"), ("nh", "ny"), ("gi", "z"), ("y", "i"), ("i", "y"), ("qu", "kw")];

/// Nigerian names in English spelling (Chukwuemeka/Chukuemeka, Oluwaseun/Oluseun).
const NIGERIAN: &[(&str, &str)] =
    &[("kw", "ku"), ("uw", "u"), ("ph", "f"), ("y", "i"), ("i", "y"), ("ch", "c"), ("ee", "e")];

fn rules(c: Culture) -> &'static [(&'static str, &'static str)] {
    match c {
        Culture::Spanish | Culture::Portuguese => IBERIAN,
        Culture::English | Culture::French | Culture::German => WESTERN,
        Culture::Indian => INDIAN,
        Culture::Japanese => JAPANESE,
        Culture::Vietnamese => VIETNAMESE,
        Culture::Nigerian => NIGERIAN,
        _ => RULES,
    }
}

/// Letters that languages transcribe in their own way when a keyboard lacks them.
const LETTERS: &[(char, &[&str])] = &[
    ('ü', &["ue", "u"]),
    ('ö', &["oe", "o"]),
    ('ä', &["ae", "a"]),
    ('ß', &["ss"]),
    ('ş', &["sh", "s"]),
    ('ç', &["ch", "c"]),
    ('ğ', &["gh", "g"]),
    ('ı', &["i"]),
    ('ñ', &["n", "ny"]),
    ('ã', &["an", "a"]),
    ('õ', &["on", "o"]),
];

/// Respells one token by a spelling habit of its culture; `None` when no rule applies.
fn respell(rng: &mut Rng, culture: Culture, token: &str) -> Option<String> {
    let lower = token.to_lowercase();
    if lower.chars().any(|c| LETTERS.iter().any(|(l, _)| *l == c)) && rng.chance(0.8) {
        let mut out = String::new();
        for c in lower.chars() {
            match LETTERS.iter().find(|(l, _)| *l == c) {
                Some((_, subs)) => out.push_str(subs[rng.below(subs.len())]),
                None => out.push(c),
            }
        }
        return Some(title(&out));
    }
    let folded = text::fold_latin(&lower);
    let applicable: Vec<&(&str, &str)> = rules(culture).iter().filter(|(from, _)| folded.contains(from)).collect();
    if applicable.is_empty() {
        return None;
    }
    let (from, to) = applicable[rng.below(applicable.len())];
    let at: Vec<usize> = folded.match_indices(from).map(|(i, _)| i).collect();
    let i = at[rng.below(at.len())];
    let out = format!("{}{}{}", &folded[..i], to, &folded[i + from.len()..]);
    (out != folded).then(|| title(&out))
}

/// Another spelling of each part where the person's documents know one; a spelling habit otherwise.
fn romanise(rng: &mut Rng, p: &Person, parts: &mut [QPart]) -> bool {
    let before = text::fold_latin(&render(parts, false));
    if p.joined {
        // Chinese and Korean: the other system throughout (Pinyin ↔ Wade–Giles or Cantonese, Revised
        // ↔ older spellings), or the given name written another way ("Jianguo", "Jian-Guo").
        let throughout = rng.chance(0.5);
        for q in parts.iter_mut() {
            let latin = &p.parts[q.src].latin;
            if throughout {
                q.text = latin.iter().rev().find(|l| **l != q.text).unwrap_or(&q.text).clone();
            } else if q.role == Role::Given && latin.len() > 2 {
                let formats: Vec<&String> = latin[..latin.len() - 1].iter().filter(|l| **l != q.text).collect();
                q.text = formats[rng.below(formats.len())].clone();
            }
        }
        return text::fold_latin(&render(parts, false)) != before;
    }
    for q in parts.iter_mut() {
        let alts: Vec<&String> = p.parts[q.src].latin.iter().filter(|l| **l != q.text).collect();
        if !alts.is_empty() && rng.chance(0.8) {
            q.text = alts[rng.below(alts.len())].clone();
        }
    }
    for _ in 0..4 {
        if text::fold_latin(&render(parts, false)) != before {
            return true;
        }
        let i = rng.below(parts.len());
        if parts[i].role != Role::Particle
            && let Some(s) = respell(rng, p.culture, &parts[i].text)
        {
            parts[i].text = s;
        }
    }
    text::fold_latin(&render(parts, false)) != before
}

const QWERTY: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

fn neighbour(rng: &mut Rng, c: char) -> Option<char> {
    let lower = c.to_ascii_lowercase();
    let (row, col) = QWERTY.iter().enumerate().find_map(|(r, keys)| keys.find(lower).map(|i| (r, i)))?;
    let mut near: Vec<char> = Vec::new();
    let keys = |r: usize| QWERTY[r].as_bytes();
    if col > 0 {
        near.push(char::from(keys(row)[col - 1]));
    }
    if col + 1 < keys(row).len() {
        near.push(char::from(keys(row)[col + 1]));
    }
    for r in [row.wrapping_sub(1), row + 1] {
        if r < 3 {
            for k in [col, col + 1] {
                if let Some(b) = keys(r).get(k) {
                    near.push(char::from(*b));
                }
            }
        }
    }
    let n = near[rng.below(near.len())];
    Some(if c.is_uppercase() { n.to_ascii_uppercase() } else { n })
}

/// One keyboard slip inside a token: two letters swapped, one dropped, doubled or replaced by a
/// neighbouring key.
fn typo(rng: &mut Rng, token: &str) -> Option<String> {
    let mut chars: Vec<char> = token.chars().collect();
    let letters: Vec<usize> = (0..chars.len()).filter(|i| chars[*i].is_alphabetic()).collect();
    if letters.len() < 3 {
        return None;
    }
    let i = letters[rng.below(letters.len())];
    match rng.below(4) {
        0 if i + 1 < chars.len() && chars[i + 1].is_alphabetic() && chars[i] != chars[i + 1] => {
            chars.swap(i, i + 1);
            if i == 0 {
                // Keep the capital in front, as typed.
                chars[0] = chars[0].to_uppercase().next().unwrap_or(chars[0]);
                chars[1] = chars[1].to_lowercase().next().unwrap_or(chars[1]);
            }
        }
        1 if letters.len() >= 4 => {
            chars.remove(i);
        }
        2 => chars.insert(i, chars[i]),
        _ => chars[i] = neighbour(rng, chars[i])?,
    }
    let out: String = chars.into_iter().collect();
    (out != token).then_some(out)
}

/// One typo, or two in names of twelve letters or more, in different tokens when there are several.
fn typos(rng: &mut Rng, parts: &mut [QPart]) -> bool {
    let letters: usize = parts.iter().map(|q| q.text.chars().filter(|c| c.is_alphabetic()).count()).sum();
    let wanted = if letters >= 12 { 2 } else { 1 };
    let mut done = 0;
    let mut touched: Vec<usize> = Vec::new();
    for _ in 0..20 {
        if done == wanted {
            break;
        }
        // Longer parts take more typing, so more slips.
        let weights: Vec<u32> = parts
            .iter()
            .enumerate()
            .map(|(i, q)| if touched.contains(&i) && touched.len() < parts.len() { 0 } else { q.text.len() as u32 })
            .collect();
        if weights.iter().all(|w| *w == 0) {
            break;
        }
        let i = rng.weighted(&weights);
        let tokens: Vec<&str> = parts[i].text.split(' ').collect();
        let t = rng.below(tokens.len());
        if let Some(s) = typo(rng, tokens[t]) {
            let mut new: Vec<String> = tokens.iter().map(|s| (*s).to_owned()).collect();
            new[t] = s;
            parts[i].text = new.join(" ");
            touched.push(i);
            done += 1;
        }
    }
    done > 0
}

/// Family name first, in capitals as lists print it; or last if it was first.
fn reorder(rng: &mut Rng, parts: &mut Vec<QPart>) -> bool {
    let is_family = |q: &QPart| matches!(q.role, Role::Family | Role::SecondFamily);
    if parts.len() < 2 || !parts.iter().any(is_family) {
        return false;
    }
    let first_already = is_family(&parts[0]);
    let (mut family, rest): (Vec<QPart>, Vec<QPart>) = parts.drain(..).partition(is_family);
    if rng.chance(0.5) {
        for f in &mut family {
            f.text = f.text.to_uppercase();
        }
    }
    if first_already {
        parts.extend(rest);
        parts.extend(family);
    } else {
        parts.extend(family);
        parts.extend(rest);
    }
    true
}

/// Leaves out a middle name, second family name or patronymic (with its particle, for bin Y).
fn drop_part(rng: &mut Rng, parts: &mut Vec<QPart>) -> bool {
    let droppable: Vec<usize> = (0..parts.len())
        .filter(|i| matches!(parts[*i].role, Role::Middle | Role::Patronymic | Role::SecondFamily))
        .collect();
    if droppable.is_empty() {
        return false;
    }
    let i = droppable[rng.below(droppable.len())];
    parts.remove(i);
    if i > 0 && parts[i - 1].role == Role::Particle {
        parts.remove(i - 1);
    }
    true
}

/// A year off, day and month swapped, or only the year.
fn date_noise(rng: &mut Rng, dob: DateSpec) -> Option<DateSpec> {
    let (year, _) = dob.years();
    let shift = if rng.chance(0.5) { 1 } else { -1 };
    match (dob, rng.below(3)) {
        (DateSpec::Day { month, day, .. }, 1) if day <= 12 && day != month => {
            Some(DateSpec::Day { year, month: day, day: month })
        }
        (DateSpec::Day { month, day, .. }, 0) if rng.chance(0.5) => {
            Some(DateSpec::Day { year: year + shift, month, day })
        }
        (DateSpec::Day { .. } | DateSpec::Month { .. }, 2) => Some(DateSpec::Year(year)),
        _ => Some(DateSpec::Year(year + shift)),
    }
}

/// Builds the variant of `kind` for person `p`, or `None` when the kind does not apply to it.
fn variant(rng: &mut Rng, p: &Person, kind: Kind) -> Option<(String, Option<DateSpec>, String)> {
    let mut parts = latin_parts(p);
    let mut joined = false;
    let mut dob = Some(p.dob);
    let mut how: Vec<&str> = Vec::new();
    let ok = match kind {
        Kind::Exact => true,
        Kind::Romanisation => romanise(rng, p, &mut parts),
        Kind::Typo => typos(rng, &mut parts),
        Kind::Order => reorder(rng, &mut parts),
        Kind::Dropped => drop_part(rng, &mut parts),
        Kind::Script => {
            parts = native_parts(p);
            joined = p.joined;
            p.culture.script().is_some()
        }
        Kind::Date => {
            dob = date_noise(rng, p.dob);
            true
        }
        Kind::Combined => {
            let mut applied = 0;
            let script = p.culture.script().is_some() && rng.chance(0.3);
            if script {
                parts = native_parts(p);
                joined = p.joined;
                applied += 1;
                how.push("script");
            } else {
                if rng.chance(0.6) && romanise(rng, p, &mut parts) {
                    applied += 1;
                    how.push("romanisation");
                }
                if rng.chance(0.6) && typos(rng, &mut parts) {
                    applied += 1;
                    how.push("typo");
                }
            }
            if !joined && rng.chance(0.4) && reorder(rng, &mut parts) {
                applied += 1;
                how.push("order");
            }
            if rng.chance(0.4) && drop_part(rng, &mut parts) {
                applied += 1;
                how.push("dropped");
            }
            if applied < 2 || rng.chance(0.5) {
                dob = date_noise(rng, p.dob);
                applied += 1;
                how.push("date");
            }
            applied >= 2
        }
    };
    ok.then(|| {
        let how = if how.is_empty() { kind.name().to_owned() } else { how.join("+") };
        (render(&parts, joined), dob, how)
    })
}

/// `count` variant queries of persons `1..=listed`, kinds drawn by their weights.
pub fn variants(seed: u64, listed: u64, count: usize) -> Vec<Case> {
    let weights: Vec<u32> = KINDS.iter().map(|(_, w)| *w).collect();
    (0..count as u64)
        .map(|id| {
            let mut rng = Rng::for_item(seed, VARIANTS, id);
            let kind = KINDS[rng.weighted(&weights)].0;
            loop {
                let key = 1 + rng.below(listed as usize) as u64;
                let p = person(seed, PERSONS, key);
                if let Some((name, dob, how)) = variant(&mut rng, &p, kind) {
                    // A traveller's passport states the nationality; a third of the queries leave it out.
                    let nationality = rng.chance(0.67).then(|| p.nationalities[0]);
                    return Case {
                        id,
                        kind: Some(kind),
                        culture: p.culture,
                        name,
                        dob,
                        nationality,
                        expected: key,
                        namesake: false,
                        how,
                    };
                }
            }
        })
        .collect()
}

/// `count` innocent travellers: generated like listed persons, but with a full name (Latin or
/// native) that no listed person has.
pub fn innocents(seed: u64, listed: &NameSet, count: usize) -> Vec<Case> {
    let mut out = Vec::with_capacity(count);
    let mut item = 0u64;
    while out.len() < count {
        item += 1;
        let p = person(seed, INNOCENTS, item);
        if listed.holds(&p) {
            continue;
        }
        let mut rng = Rng::for_item(seed, INNOCENTS, u64::MAX - item);
        let native = p.culture.script().is_some() && rng.chance(0.15);
        out.push(Case {
            id: out.len() as u64,
            kind: None,
            culture: p.culture,
            name: if native { p.native_name() } else { p.latin_name() },
            dob: Some(p.dob),
            nationality: rng.chance(0.67).then(|| p.nationalities[0]),
            expected: 0,
            namesake: listed.namesake(&p),
            how: if native { "innocent, own script".into() } else { "innocent".into() },
        });
    }
    out
}
