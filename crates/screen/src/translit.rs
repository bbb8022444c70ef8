//! Rule-based romanisation of name tokens for the scripts that romanise predictably: Cyrillic,
//! Greek, Armenian, Georgian, Hangul (Revised Romanization, McCune-Reischauer and common
//! spellings), kana (Hepburn) and Thai (RTGS); and the readings of Chinese characters.
//!
//! A name written in one of these scripts reaches a border officer through a passport or a
//! database in several Latin spellings, depending on the country, the year and the system used
//! (ICAO Doc 9303, BGN/PCGN, national systems, plain habit). `latin_forms` therefore returns every
//! spelling the rules make plausible, preferred one first, so that the index can hold all of
//! them. Scripts where spelling does not determine reading get no rule: Arabic and Hebrew leave
//! out vowels (consonant keys and the dictionary bridge them); a Chinese character is read
//! differently in each language, so `han_readings` gives its readings (Mandarin in Pinyin and
//! Wade-Giles, Cantonese, Korean) from a shipped table, as evidence apart from the romanisations,
//! and Japanese names, whose kanji readings depend on the word, are in the dictionary.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::text::{Script, fold_latin_into, is_letter, script_of, tokens};

/// Upper bound on the forms of one token. A token mixing scripts multiplies the forms of its
/// parts; beyond a handful they stop being plausible spellings and only cost index space.
const MAX_FORMS: usize = 8;

/// The plausible ASCII romanisations of one normalised token (an item of `text::tokens`), each
/// made of `a–z` only, without duplicates, the preferred one first. Empty when the token has no
/// letter that a rule can romanise (Arabic, Han, digits only …).
pub fn latin_forms(token: &str) -> Vec<String> {
    forms(token, false)
}

/// The readings of a token written in Chinese characters, which `latin_forms` leaves without forms
/// (a character is read differently in each language, so its readings are evidence, not a
/// transliteration, and a syllable is in too many names to file a name under): first the Mandarin
/// reading in Pinyin and in Wade-Giles, then the readings in other languages (Cantonese, Korean) and
/// other Mandarin readings of a character. `None` when the token is not all Chinese characters or a
/// character is not in the table.
pub fn han_readings(token: &str) -> Option<(Vec<String>, Vec<String>)> {
    let chars: Vec<char> = token.chars().map(lower).collect();
    if chars.is_empty() || !chars.iter().all(|c| script_of(*c) == Some(Script::Han)) {
        return None;
    }
    let mut forms = han(&chars, false);
    let mandarin = han(&chars, true);
    let pinyin = mandarin.first()?.clone();
    let table = han_table();
    let wade: String =
        chars.iter().filter_map(|c| table.get(c).and_then(|r| r.mandarin.first())).map(|p| wade_giles(p)).collect();
    let strong = forms.iter().take_while(|f| **f == pinyin || **f == wade).count();
    let others = forms.split_off(strong);
    Some((forms, others))
}

/// The Ukrainian national (2010) spelling of a token, for a caller who knows the name is Ukrainian (a
/// Ukrainian passport): `latin_forms` takes a name without Ukrainian-only letters (Микола) for Russian.
/// `None` when the token holds a letter that is not Cyrillic.
pub fn ukrainian_national(token: &str) -> Option<String> {
    let tok = Token::new(token);
    let mut out = String::with_capacity(tok.chars.len() * 2);
    for (i, &c) in tok.chars.iter().enumerate() {
        match script_of(c) {
            Some(Script::Cyrillic) => out.push_str(cyr_letter(Cyr::Ukrainian, &tok, i)),
            Some(_) => return None,
            None => {}
        }
    }
    Some(out)
}

/// The preferred romanisation of a whole name: each token's first form, joined by spaces. Tokens
/// without letters (numbers) are left out; `None` when a token with letters has no romanisation,
/// or nothing is left.
pub fn latin_name(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for token in tokens(s) {
        if !token.chars().any(is_letter) {
            continue;
        }
        let preferred = forms(&token, true).into_iter().next()?;
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&preferred);
    }
    (!out.is_empty()).then_some(out)
}

fn forms(token: &str, preferred_only: bool) -> Vec<String> {
    if token.is_ascii() {
        let plain: String =
            token.bytes().filter(u8::is_ascii_alphabetic).map(|b| char::from(b.to_ascii_lowercase())).collect();
        return if plain.is_empty() { Vec::new() } else { vec![plain] };
    }
    let tok = Token::new(token);
    let mut result = vec![String::new()];
    let mut start = 0;
    while start < tok.chars.len() {
        let (script, end) = tok.run_from(start);
        let run = start..end;
        start = end;
        let run_forms = match script {
            Some(Script::Latin) => {
                let mut folded = String::new();
                fold_latin_into(tok.chars[run].iter().copied(), &mut folded, false);
                vec![folded]
            }
            Some(Script::Cyrillic) => cyrillic(&tok, run, preferred_only),
            Some(Script::Greek) => greek(&tok, run, preferred_only),
            Some(Script::Armenian) => armenian(&tok, run, preferred_only),
            Some(Script::Georgian) => vec![georgian(&tok, run)],
            Some(Script::Hangul) => hangul_forms(&tok.chars[run], preferred_only),
            Some(Script::Hiragana | Script::Katakana) => kana(&tok.chars[run]),
            Some(Script::Thai) => thai(&tok.chars[run]),
            // Other scripts and leading script-neutral characters contribute nothing.
            _ => continue,
        };
        result = combine(result, run_forms);
    }
    result.retain(|f| !f.is_empty());
    result
}

/// Appends each form of a run to each form so far, keeping the preferred ones first.
fn combine(so_far: Vec<String>, run_forms: Vec<String>) -> Vec<String> {
    let run_forms = dedup(run_forms);
    if run_forms.is_empty() {
        return so_far;
    }
    if so_far.len() == 1 && so_far[0].is_empty() {
        return run_forms;
    }
    let mut out = Vec::with_capacity((so_far.len() * run_forms.len()).min(MAX_FORMS));
    'outer: for head in &so_far {
        for tail in &run_forms {
            if out.len() == MAX_FORMS {
                break 'outer;
            }
            let mut joined = String::with_capacity(head.len() + tail.len());
            joined.push_str(head);
            joined.push_str(tail);
            out.push(joined);
        }
    }
    dedup(out)
}

/// Removes repeats and empty strings, keeping the first occurrence (the lists are short, so a
/// linear scan beats hashing).
fn dedup(forms: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(forms.len());
    for f in forms {
        if !f.is_empty() && !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// A token as lower-case characters, with the positions of its first and last letters (word
/// boundaries matter to several systems: Ukrainian я is ya at the start, ia elsewhere).
struct Token {
    chars: Vec<char>,
    first_letter: Option<usize>,
    last_letter: Option<usize>,
}

impl Token {
    fn new(token: &str) -> Self {
        let chars: Vec<char> = token.chars().map(lower).collect();
        let first_letter = chars.iter().position(|&c| is_letter(c));
        let last_letter = chars.iter().rposition(|&c| is_letter(c));
        Token { chars, first_letter, last_letter }
    }

    /// The script of the run starting at `start` and where it ends. Script-neutral characters
    /// (digits, marks) stay in the run they follow.
    fn run_from(&self, start: usize) -> (Option<Script>, usize) {
        let mut script = script_of(self.chars[start]);
        let mut end = start + 1;
        while end < self.chars.len() {
            match script_of(self.chars[end]) {
                None => {}
                Some(s) if script.is_none() => script = Some(s),
                Some(s) if Some(s) == script => {}
                Some(_) => break,
            }
            end += 1;
        }
        (script, end)
    }

    fn is_initial(&self, i: usize) -> bool {
        self.first_letter == Some(i)
    }

    fn is_last(&self, i: usize) -> bool {
        self.last_letter == Some(i)
    }

    /// The nearest character before `i` that is not a combining mark (a stress accent must not
    /// hide the vowel before it).
    fn prev(&self, i: usize) -> Option<char> {
        self.chars[..i].iter().rev().find(|c| !is_combining_mark(**c)).copied()
    }

    /// The nearest character after `i` that is not a combining mark, with its position.
    fn next(&self, i: usize) -> Option<(usize, char)> {
        self.chars.iter().enumerate().skip(i + 1).find(|(_, c)| !is_combining_mark(**c)).map(|(j, c)| (j, *c))
    }
}

fn lower(c: char) -> char {
    if c.is_ascii() { c.to_ascii_lowercase() } else { c.to_lowercase().next().unwrap_or(c) }
}

// ---------------------------------------------------------------------------------------------
// Cyrillic

/// The romanisation systems applied to Cyrillic, by language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cyr {
    /// Russian, ICAO Doc 9303 (Russian passports since 2013).
    RuIcao,
    /// Russian, BGN/PCGN without diacritics.
    RuBgn,
    /// Russian as English-language press and older documents spell it (Fyodor, Dmitry, Maria).
    RuPopular,
    /// Bulgarian, the official streamlined system of 2009.
    Bulgarian,
    /// Ukrainian, the national system of 2010 (passports).
    Ukrainian,
    /// Ukrainian without the word-initial forms (ICAO Doc 9303 table).
    UkrainianIcao,
    /// Belarusian passports: Russian ICAO letters with г → h.
    Belarusian,
    /// Serbian and Macedonian, Latin alphabet with the diacritics dropped (č → c, đ → dj).
    SerbianPlain,
    /// Serbian with English-style digraphs (ž → zh, č/ć → ch, ц → ts).
    SerbianDigraph,
    /// Kazakh letters as in Kazakh passports, Russian letters by ICAO.
    KazakhIcao,
    /// Kazakh letters as in Kazakh passports, Russian letters by BGN/PCGN.
    KazakhBgn,
    /// Kazakh letters reduced to their Russian neighbours (қ → k, ғ → g), as in Tokayev.
    KazakhRussified,
}

/// The systems that fit a Cyrillic run, preferred first, chosen from the letters that only some
/// languages use.
fn cyrillic_systems(run: &[char]) -> &'static [Cyr] {
    use Cyr::*;
    let has = |set: &[char]| run.iter().any(|c| set.contains(c));
    if has(&['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ']) {
        return &[KazakhIcao, KazakhBgn, KazakhRussified];
    }
    if has(&['ђ', 'ћ', 'џ', 'ј', 'љ', 'њ', 'ѓ', 'ќ', 'ѕ']) {
        return &[SerbianPlain, SerbianDigraph];
    }
    // Belarusian shares і with Ukrainian but, unlike Ukrainian, also has ы, э and ё; ў is its own.
    if has(&['ў']) || (has(&['і']) && has(&['ы', 'э', 'ё', 'ъ'])) {
        return &[Belarusian, RuIcao, RuBgn];
    }
    if has(&['і', 'ї', 'є', 'ґ']) {
        return &[Ukrainian, UkrainianIcao];
    }
    // Without a marker letter a Ukrainian name passes for Russian, but the adjective surnames
    // in -ський/-цький/-зький keep the soft sign that Russian spelling never writes there.
    if run.windows(3).any(|w| matches!(w, ['с' | 'ц' | 'з', 'ь', 'к'])) {
        return &[Ukrainian, UkrainianIcao, RuIcao, RuBgn, RuPopular];
    }
    if has(&['ъ', 'щ']) {
        // Russian writes ъ only before е, ё, ю, я; Bulgarian writes it as a vowel anywhere.
        let bulgarian_hard_sign =
            run.iter().enumerate().any(|(i, &c)| c == 'ъ' && !matches!(run.get(i + 1), Some('е' | 'ё' | 'ю' | 'я')));
        return if bulgarian_hard_sign {
            &[Bulgarian, RuIcao, RuBgn, RuPopular]
        } else {
            &[RuIcao, RuBgn, RuPopular, Bulgarian]
        };
    }
    &[RuIcao, RuBgn, RuPopular]
}

fn cyrillic(tok: &Token, run: std::ops::Range<usize>, preferred_only: bool) -> Vec<String> {
    let systems = cyrillic_systems(&tok.chars[run.clone()]);
    let systems = if preferred_only { &systems[..1] } else { systems };
    systems
        .iter()
        .map(|&sys| {
            let mut out = String::with_capacity(run.len() * 2);
            for i in run.clone() {
                out.push_str(cyr_letter(sys, tok, i));
            }
            out
        })
        .collect()
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е'
            | 'ё'
            | 'и'
            | 'о'
            | 'у'
            | 'ы'
            | 'э'
            | 'ю'
            | 'я'
            | 'і'
            | 'ї'
            | 'є'
            | 'ә'
            | 'ө'
            | 'ұ'
            | 'ү'
            | 'a'
            | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
    )
}

/// The Latin spelling of the Cyrillic letter at `i` under `sys`.
fn cyr_letter(sys: Cyr, tok: &Token, i: usize) -> &'static str {
    use Cyr::*;
    let c = tok.chars[i];
    let language_specific = match sys {
        Ukrainian | UkrainianIcao => ukrainian(sys == Ukrainian, c, tok, i),
        SerbianPlain | SerbianDigraph => serbian(sys == SerbianDigraph, c),
        Bulgarian => bulgarian(c, tok, i),
        KazakhIcao | KazakhBgn | KazakhRussified => kazakh(sys == KazakhRussified, c),
        _ => None,
    };
    if let Some(latin) = language_specific {
        return latin;
    }
    // Russian letters, shared by every system for the letters it does not define itself.
    let bgn = matches!(sys, RuBgn | RuPopular | KazakhBgn | KazakhRussified);
    let popular = matches!(sys, RuPopular | KazakhRussified);
    // Context is looked at only by the few letters that need it (closures, evaluated in guards).
    let prev = || tok.prev(i);
    // BGN/PCGN writes the iotated vowels with y where they are pronounced with it: at the start
    // of a word and after a vowel or a sign (Yeltsin, Nazarbayev, Podyachev).
    let iotated = || tok.is_initial(i) || prev().is_some_and(|p| is_vowel(p) || matches!(p, 'й' | 'ъ' | 'ь'));
    // The endings -ий/-ый are written -y in the popular spelling (Dmitry, Zelensky).
    let before_final_short_i = || popular && matches!(tok.next(i), Some((j, 'й')) if tok.is_last(j));
    match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' if sys == Belarusian => "h",
        'г' => "g",
        'д' => "d",
        'е' if bgn && iotated() => "ye",
        'е' => "e",
        'ё' if popular && matches!(prev(), Some('ж' | 'ч' | 'ш' | 'щ')) => "e",
        'ё' if popular => "yo",
        'ё' if bgn && iotated() => "ye",
        'ё' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' if before_final_short_i() => "",
        'и' => "i",
        'й' if bgn => "y",
        'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' if bgn => "",
        'ъ' => "ie",
        'ы' if before_final_short_i() => "",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' if bgn => "yu",
        'ю' => "iu",
        'я' if popular && prev() == Some('и') => "a",
        'я' if bgn => "ya",
        'я' => "ia",
        _ => other_cyrillic(c),
    }
}

/// Letters of the other Cyrillic alphabets, for tokens whose language was detected otherwise
/// (a Kazakh name with a Serbian letter typed by mistake still romanises).
fn other_cyrillic(c: char) -> &'static str {
    match c {
        'і' | 'ї' => "i",
        'є' => "ie",
        'ґ' => "g",
        'ў' => "u",
        'ђ' => "dj",
        'ћ' => "c",
        'џ' | 'ѕ' => "dz",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ѓ' => "gj",
        'ќ' => "kj",
        'ә' => "a",
        'ғ' => "gh",
        'қ' => "q",
        'ң' => "ng",
        'ө' => "o",
        'ұ' | 'ү' => "u",
        'һ' => "h",
        _ => "",
    }
}

/// Ukrainian letters that differ from Russian. `national` applies the 2010 system's
/// word-initial forms (Yulia → Yuliia, but Yevhen, Yizhakevych, Yosyp) and зг → zgh.
fn ukrainian(national: bool, c: char, tok: &Token, i: usize) -> Option<&'static str> {
    let initial = national && tok.is_initial(i);
    Some(match c {
        'г' if national && tok.prev(i) == Some('з') => "gh",
        'г' => "h",
        'ґ' => "g",
        'є' if initial => "ye",
        'є' => "ie",
        'и' => "y",
        'і' => "i",
        'ї' if initial => "yi",
        'ї' => "i",
        'й' if initial => "y",
        'й' => "i",
        'ю' if initial => "yu",
        'ю' => "iu",
        'я' if initial => "ya",
        'я' => "ia",
        // The rest is spelt as in Russian ICAO.
        _ => return None,
    })
}

/// Serbian and Macedonian letters; `digraph` chooses the English-style spelling.
fn serbian(digraph: bool, c: char) -> Option<&'static str> {
    Some(match (c, digraph) {
        ('ђ', _) => "dj",
        ('ј', _) => "j",
        ('љ', _) => "lj",
        ('њ', _) => "nj",
        ('ѓ', _) => "gj",
        ('ќ', _) => "kj",
        ('ѕ', _) => "dz",
        ('х', _) => "h",
        ('ж', false) => "z",
        ('ж', true) => "zh",
        ('ш', false) => "s",
        ('ш', true) => "sh",
        ('ч' | 'ћ' | 'ц', false) => "c",
        ('ч' | 'ћ', true) => "ch",
        ('ц', true) => "ts",
        ('џ', false) => "dz",
        ('џ', true) => "dzh",
        _ => return None,
    })
}

/// Bulgarian letters that differ from Russian ICAO (official system, 2009).
fn bulgarian(c: char, tok: &Token, i: usize) -> Option<&'static str> {
    Some(match c {
        'й' => "y",
        'х' => "h",
        'щ' => "sht",
        'ъ' => "a",
        'ь' => "y",
        'ю' => "yu",
        // The law spells a word-final -ия as -ia (Sofia, Maria).
        'я' if tok.is_last(i) && tok.prev(i) == Some('и') => "a",
        'я' => "ya",
        _ => return None,
    })
}

/// Kazakh letters; `russified` maps them to the nearest Russian letter's spelling.
fn kazakh(russified: bool, c: char) -> Option<&'static str> {
    Some(match (c, russified) {
        ('ә', _) => "a",
        ('ө', _) => "o",
        ('ұ' | 'ү', _) => "u",
        ('һ', _) => "h",
        ('і', _) => "i",
        ('ғ', false) => "gh",
        ('ғ', true) => "g",
        ('қ', false) => "q",
        ('қ', true) => "k",
        ('ң', false) => "ng",
        ('ң', true) => "n",
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// Greek

/// Variations on ELOT 743 found in passports and habit.
#[derive(Debug, Clone, Copy)]
struct GreekStyle {
    /// Word-initial μπ, ντ, γκ as the sounds b, d, g (Bakogiannis, Dimitriou).
    sounded_initials: bool,
    /// χ → h and a lone υ → i (Hristos, Kiriakos).
    popular: bool,
    /// β → b (Basil-style spellings).
    beta_b: bool,
}

fn greek(tok: &Token, run: std::ops::Range<usize>, preferred_only: bool) -> Vec<String> {
    // Accents go; the dialytika is kept because it separates two vowels that would otherwise be
    // read as one sound (Ϊ in Αϊβαλί).
    let mut units: Vec<(char, bool)> = Vec::with_capacity(run.len());
    for &c in &tok.chars[run.clone()] {
        if is_combining_mark(c) {
            if let Some(last) = units.last_mut().filter(|_| c == '\u{0308}') {
                last.1 = true;
            }
            continue;
        }
        let mut base = None;
        let mut diaeresis = false;
        decompose_canonical(c, |d| {
            if base.is_none() {
                base = Some(d);
            } else if d == '\u{0308}' {
                diaeresis = true;
            }
        });
        if let Some(b) = base {
            units.push((lower(b), diaeresis));
        }
    }
    let initial = tok.first_letter.is_some_and(|f| f >= run.start);
    let elot = GreekStyle { sounded_initials: false, popular: false, beta_b: false };
    if preferred_only {
        return vec![greek_with(&units, initial, elot)];
    }
    let mut styles = vec![
        elot,
        GreekStyle { sounded_initials: true, ..elot },
        GreekStyle { sounded_initials: true, popular: true, beta_b: false },
    ];
    if units.iter().any(|u| u.0 == 'β') {
        styles.push(GreekStyle { sounded_initials: true, popular: true, beta_b: true });
    }
    styles.into_iter().map(|style| greek_with(&units, initial, style)).collect()
}

fn greek_with(units: &[(char, bool)], run_is_initial: bool, style: GreekStyle) -> String {
    let mut out = String::with_capacity(units.len() * 2);
    let mut i = 0;
    while i < units.len() {
        let c = units[i].0;
        let at_start = run_is_initial && i == 0;
        // The second letter of a digraph only joins if no dialytika marks it as separate.
        let next_plain = units.get(i + 1).and_then(|&(n, d)| (!d).then_some(n));
        let next = units.get(i + 1).map(|u| u.0);
        let (latin, used) = match (c, next_plain, next) {
            ('α', Some('ι'), _) => ("ai", 2),
            ('ε', Some('ι'), _) => ("ei", 2),
            ('ο', Some('ι'), _) => ("oi", 2),
            ('ο', Some('υ'), _) => ("ou", 2),
            ('υ', Some('ι'), _) => (if style.popular { "i" } else { "yi" }, 2),
            ('α' | 'ε' | 'η', Some('υ'), _) => {
                // αυ, ευ, ηυ sound v before vowels and voiced consonants, f elsewhere.
                let voiced = units.get(i + 2).is_some_and(|u| greek_voiced(u.0));
                let latin = match (c, voiced) {
                    ('α', true) => "av",
                    ('α', false) => "af",
                    ('ε', true) => "ev",
                    ('ε', false) => "ef",
                    (_, true) => "iv",
                    (_, false) => "if",
                };
                (latin, 2)
            }
            ('γ', _, Some('γ')) => ("ng", 2),
            ('γ', _, Some('κ')) if at_start && style.sounded_initials => ("g", 2),
            ('γ', _, Some('κ')) => ("gk", 2),
            ('γ', _, Some('ξ')) => ("nx", 2),
            ('γ', _, Some('χ')) if style.popular => ("nh", 2),
            ('γ', _, Some('χ')) => ("nch", 2),
            ('μ', _, Some('π')) if at_start && style.sounded_initials => ("b", 2),
            ('μ', _, Some('π')) => ("mp", 2),
            ('ν', _, Some('τ')) if at_start && style.sounded_initials => ("d", 2),
            ('ν', _, Some('τ')) => ("nt", 2),
            _ => (greek_letter(c, style), 1),
        };
        out.push_str(latin);
        i += used;
    }
    out
}

fn greek_voiced(c: char) -> bool {
    matches!(c, 'α' | 'ε' | 'η' | 'ι' | 'ο' | 'υ' | 'ω' | 'β' | 'γ' | 'δ' | 'ζ' | 'λ' | 'μ' | 'ν' | 'ρ')
}

fn greek_letter(c: char, style: GreekStyle) -> &'static str {
    match c {
        'α' => "a",
        'β' if style.beta_b => "b",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' => "e",
        'ζ' => "z",
        'η' | 'ι' => "i",
        'θ' => "th",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ω' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' | 'ϲ' => "s",
        'τ' => "t",
        'υ' if style.popular => "i",
        'υ' => "y",
        'φ' => "f",
        'χ' if style.popular => "h",
        'χ' => "ch",
        'ψ' => "ps",
        _ => "",
    }
}

// ---------------------------------------------------------------------------------------------
// Armenian

fn armenian(tok: &Token, run: std::ops::Range<usize>, preferred_only: bool) -> Vec<String> {
    let plain = armenian_with(tok, run.clone(), false);
    if preferred_only {
        return vec![plain];
    }
    vec![plain, armenian_with(tok, run, true)]
}

/// Eastern Armenian after BGN/PCGN. `iotated_initials` writes a word-initial ե as ye and ո as vo,
/// as the names are pronounced (Yerevan, Vardanyan's neighbour Voskanyan).
fn armenian_with(tok: &Token, run: std::ops::Range<usize>, iotated_initials: bool) -> String {
    let mut out = String::with_capacity(run.len() * 2);
    let mut i = run.start;
    while i < run.end {
        let c = tok.chars[i];
        let initial = iotated_initials && tok.is_initial(i);
        let mut used = 1;
        let latin = match c {
            'ո' if i + 1 < run.end && tok.chars[i + 1] == 'ւ' => {
                used = 2;
                "u"
            }
            'ո' if initial => "vo",
            'ե' if initial => "ye",
            'և' if initial => "yev",
            'ա' => "a",
            'բ' => "b",
            'գ' => "g",
            'դ' => "d",
            'ե' | 'է' => "e",
            'զ' => "z",
            'ը' | 'յ' => "y",
            'թ' | 'տ' => "t",
            'ժ' => "zh",
            'ի' => "i",
            'լ' => "l",
            'խ' => "kh",
            'ծ' | 'ց' => "ts",
            'կ' | 'ք' => "k",
            'հ' => "h",
            'ձ' => "dz",
            'ղ' => "gh",
            'ճ' | 'չ' => "ch",
            'մ' => "m",
            'ն' => "n",
            'շ' => "sh",
            'ո' | 'օ' => "o",
            'պ' | 'փ' => "p",
            'ջ' => "j",
            'ռ' | 'ր' => "r",
            'ս' => "s",
            'վ' | 'ւ' => "v",
            'ֆ' => "f",
            'և' => "ev",
            _ => "",
        };
        out.push_str(latin);
        i += used;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Georgian

/// Georgian, national system of 2002 (the one in Georgian passports). Aspirated and ejective
/// consonants share a Latin letter, so the mapping is not reversible, which matching does not need.
fn georgian(tok: &Token, run: std::ops::Range<usize>) -> String {
    let mut out = String::with_capacity(run.len() * 2);
    for &c in &tok.chars[run] {
        out.push_str(match c {
            'ა' => "a",
            'ბ' => "b",
            'გ' => "g",
            'დ' => "d",
            'ე' => "e",
            'ვ' => "v",
            'ზ' => "z",
            'თ' | 'ტ' => "t",
            'ი' => "i",
            'კ' | 'ქ' => "k",
            'ლ' => "l",
            'მ' => "m",
            'ნ' => "n",
            'ო' => "o",
            'პ' | 'ფ' => "p",
            'ჟ' => "zh",
            'რ' => "r",
            'ს' => "s",
            'უ' => "u",
            'ღ' => "gh",
            'ყ' => "q",
            'შ' => "sh",
            'ჩ' | 'ჭ' => "ch",
            'ც' | 'წ' => "ts",
            'ძ' => "dz",
            'ხ' => "kh",
            'ჯ' => "j",
            'ჰ' => "h",
            _ => "",
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Hangul

const HANGUL_FIRST: u32 = 0xAC00;
const HANGUL_LAST: u32 = 0xD7A3;

static RR_INITIALS: [&str; 19] =
    ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"];

static RR_MEDIALS: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu",
    "ui", "i",
];

/// Finals as pronounced at the end of a syllable (a cluster sounds as one of its consonants).
static RR_FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t",
    "t", "k", "t", "p", "t",
];

/// Index of ㄹ among the initials and of ㄹ among the finals.
const RIEUL_INITIAL: usize = 5;
const RIEUL_FINAL: usize = 8;

/// McCune-Reischauer as lists write it (breves and apostrophes dropped: Chŏng → chong, Ch'oe →
/// choe), and the spelling of the North's own system and of common English use in the South, which
/// keep RR's voiced consonants in places but write ㅓ and ㅡ as o and u ("Pak Song Chol") or, in a
/// closed syllable, ㅓ as u ("Park Ji Sung", "Hyun", "Jung").
#[derive(Clone, Copy, PartialEq, Eq)]
enum Korean {
    Rr,
    Mr,
    North,
    South,
}

static MR_INITIALS: [&str; 19] =
    ["k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t", "p", "h"];
static NORTH_INITIALS: [&str; 19] =
    ["k", "kk", "n", "d", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"];
static MR_MEDIALS: [&str; 21] = [
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui",
    "i",
];
static SOUTH_MEDIALS: [&str; 21] = [
    "a", "ae", "ya", "yae", "u", "e", "yu", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu",
    "ui", "i",
];

/// A Hangul run in each system: RR first, then the others that differ from it.
fn hangul_forms(run: &[char], preferred_only: bool) -> Vec<String> {
    let mut out = vec![hangul(run, Korean::Rr)];
    if !preferred_only {
        for system in [Korean::Mr, Korean::North, Korean::South] {
            out.push(hangul(run, system));
        }
    }
    dedup(out)
}

/// One romanisation of Korean, syllable by syllable, as Korean personal names are written (no sound
/// change across syllables, except that ㄹㄹ is ll).
fn hangul(run: &[char], system: Korean) -> String {
    let (initials, medials) = match system {
        Korean::Rr => (&RR_INITIALS, &RR_MEDIALS),
        Korean::Mr => (&MR_INITIALS, &MR_MEDIALS),
        Korean::North => (&NORTH_INITIALS, &MR_MEDIALS),
        Korean::South => (&NORTH_INITIALS, &SOUTH_MEDIALS),
    };
    let mut out = String::with_capacity(run.len() * 4);
    let mut prev_final = 0usize;
    for &c in run {
        let cp = c as u32;
        if !(HANGUL_FIRST..=HANGUL_LAST).contains(&cp) {
            // A lone jamo is not a syllable a name is written with.
            prev_final = 0;
            continue;
        }
        let index = (cp - HANGUL_FIRST) as usize;
        let (initial, medial, final_) = (index / (21 * 28), (index / 28) % 21, index % 28);
        if initial == RIEUL_INITIAL && prev_final == RIEUL_FINAL {
            out.push('l');
        } else {
            out.push_str(initials[initial]);
        }
        // The South writes ㅓ and ㅕ as u and yu in closed syllables (성 Sung, 현 Hyun, 석 Suk), not in
        // open ones (서 is Seo or Suh, never Su, which is 수).
        if system == Korean::South && final_ == 0 {
            out.push_str(RR_MEDIALS[medial]);
        } else {
            out.push_str(medials[medial]);
        }
        out.push_str(RR_FINALS[final_]);
        prev_final = final_;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Han

/// Readings of Chinese characters: `data/screen/han_readings.tsv` (Mandarin Pinyin, Cantonese as Hong
/// Kong spells it, the Korean reading in Hangul), embedded at compile time; sources in
/// `data/screen/SOURCES.md`.
const HAN_READINGS: &str = include_str!("../../../data/screen/han_readings.tsv");

/// The readings of one character.
#[derive(Debug, Default)]
struct HanReading {
    mandarin: Vec<&'static str>,
    cantonese: Vec<&'static str>,
    korean: Option<char>,
}

/// The reading table, parsed once on first use.
fn han_table() -> &'static HashMap<char, HanReading> {
    static TABLE: OnceLock<HashMap<char, HanReading>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for line in HAN_READINGS.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            let mut chars = fields.next().unwrap_or_default().chars();
            let (Some(c), None) = (chars.next(), chars.next()) else { continue };
            let list = |f: Option<&'static str>| -> Vec<&'static str> {
                f.unwrap_or_default().split('|').filter(|r| !r.is_empty()).collect()
            };
            let mandarin = list(fields.next());
            let cantonese = list(fields.next());
            let korean = fields.next().and_then(|k| k.chars().next());
            table.insert(c, HanReading { mandarin, cantonese, korean });
        }
        table
    })
}

/// A Han run read in each language a name written with it may be spelled from: Mandarin in Pinyin
/// (the preferred form) and in Wade-Giles (Taiwan, older documents), Cantonese as Hong Kong writes
/// it, and the Korean reading in every Korean system (with the initial-sound rule of the South:
/// 李 리 is 이, Lee). Japanese readings depend on the word, not the character: the name dictionary
/// holds them. Empty when a character is not in the table.
fn han(run: &[char], preferred_only: bool) -> Vec<String> {
    let table = han_table();
    let Some(readings) = run.iter().map(|c| table.get(c)).collect::<Option<Vec<&HanReading>>>() else {
        return Vec::new();
    };
    let first = |pick: &dyn Fn(&HanReading) -> Option<&'static str>| -> Option<String> {
        readings.iter().map(|r| pick(r)).collect::<Option<Vec<&str>>>().map(|parts| parts.concat())
    };
    let mut out = Vec::with_capacity(MAX_FORMS);
    out.extend(first(&|r| r.mandarin.first().copied()));
    if preferred_only {
        return dedup(out);
    }
    if readings.iter().all(|r| !r.mandarin.is_empty()) {
        out.push(readings.iter().filter_map(|r| r.mandarin.first()).map(|p| wade_giles(p)).collect());
    }
    out.extend(first(&|r| r.cantonese.first().copied()));
    if let Some(hangul_run) = readings.iter().map(|r| r.korean).collect::<Option<Vec<char>>>() {
        let mut initial_rule = hangul_run.clone();
        if let Some(c) = initial_rule.first_mut() {
            *c = initial_sound_rule(*c);
        }
        out.extend(hangul_forms(&initial_rule, false));
        if initial_rule != hangul_run {
            out.extend(hangul_forms(&hangul_run, false).into_iter().take(1));
        }
    }
    // Other Mandarin readings of a character (单 is Dan, and Shan as a family name), one at a time.
    for (i, r) in readings.iter().enumerate() {
        for alt in r.mandarin.iter().skip(1) {
            let form: String = readings
                .iter()
                .enumerate()
                .filter_map(|(j, o)| if i == j { Some(*alt) } else { o.mandarin.first().copied() })
                .collect();
            out.push(form);
        }
    }
    let mut out = dedup(out);
    out.truncate(MAX_FORMS);
    out
}

/// The South's initial-sound rule (두음법칙) on the first syllable of a word: an initial ㄹ becomes ㅇ
/// before i and y (리 → 이) and ㄴ elsewhere (로 → 노); an initial ㄴ before i and y becomes ㅇ (녀 → 여).
fn initial_sound_rule(c: char) -> char {
    let cp = c as u32;
    if !(HANGUL_FIRST..=HANGUL_LAST).contains(&cp) {
        return c;
    }
    let index = cp - HANGUL_FIRST;
    let (initial, rest) = (index / (21 * 28), index % (21 * 28));
    let medial = rest / 28;
    // Medials read with i or y: ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ.
    let i_like = matches!(medial, 2 | 3 | 6 | 7 | 12 | 17 | 20);
    const NIEUN: u32 = 2;
    const RIEUL: u32 = 5;
    const IEUNG: u32 = 11;
    let new_initial = match initial {
        RIEUL if i_like => IEUNG,
        RIEUL => NIEUN,
        NIEUN if i_like => IEUNG,
        other => other,
    };
    char::from_u32(HANGUL_FIRST + new_initial * 21 * 28 + rest).unwrap_or(c)
}

/// A toneless Pinyin syllable in Wade-Giles, as Taiwanese passports and older documents write it
/// without its apostrophes and umlauts (xi → hsi, jin → chin, zhou → chou, rong → jung, zi → tzu).
pub fn wade_giles(syllable: &str) -> String {
    let whole = match syllable {
        "zhi" | "chi" => Some("chih"),
        "shi" => Some("shih"),
        "ri" => Some("jih"),
        "zi" | "ci" => Some("tzu"),
        "si" => Some("ssu"),
        "er" => Some("erh"),
        "ye" => Some("yeh"),
        "yan" => Some("yen"),
        "you" => Some("yu"),
        "yong" => Some("yung"),
        "yue" => Some("yueh"),
        "ge" | "ke" => Some("ko"),
        "he" => Some("ho"),
        _ => None,
    };
    if let Some(w) = whole {
        return w.to_owned();
    }
    let (initial, rest) = [
        ("zh", "ch"),
        ("ch", "ch"),
        ("sh", "sh"),
        ("b", "p"),
        ("p", "p"),
        ("d", "t"),
        ("t", "t"),
        ("g", "k"),
        ("k", "k"),
        ("j", "ch"),
        ("q", "ch"),
        ("x", "hs"),
        ("r", "j"),
        ("z", "ts"),
        ("c", "ts"),
        ("s", "s"),
        ("l", "l"),
        ("n", "n"),
        ("m", "m"),
        ("f", "f"),
        ("h", "h"),
    ]
    .iter()
    .find_map(|(p, w)| syllable.strip_prefix(p).map(|rest| (*w, rest)))
    .unwrap_or(("", syllable));
    let final_ = match rest {
        "ong" => "ung",
        "ian" => "ien",
        "ie" => "ieh",
        "ue" => "ueh",
        "uo" if !matches!(initial, "k" | "h" | "sh") => "o",
        "ui" if initial == "k" => "uei",
        other => other,
    };
    let mut out = String::with_capacity(initial.len() + final_.len());
    out.push_str(initial);
    out.push_str(final_);
    out
}

// ---------------------------------------------------------------------------------------------
// Kana

/// Hepburn spellings of the hiragana block from ぁ (U+3041) to ゖ (U+3096); katakana are the same
/// letters 0x60 further. Small kana (ぁ ぃ ぅ ぇ ぉ ゃ ゅ ょ っ ゎ) are marked with a leading `_`.
static KANA: [&str; 86] = [
    "_a", "a", "_i", "i", "_u", "u", "_e", "e", "_o", "o", // ぁ..お
    "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go", // か..ご
    "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo", // さ..ぞ
    "ta", "da", "chi", "ji", "_tsu", "tsu", "zu", "te", "de", "to", "do", // た..ど
    "na", "ni", "nu", "ne", "no", // な..の
    "ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po", // は..ぽ
    "ma", "mi", "mu", "me", "mo", // ま..も
    "_ya", "ya", "_yu", "yu", "_yo", "yo", // ゃ..よ
    "ra", "ri", "ru", "re", "ro", // ら..ろ
    "_wa", "wa", "i", "e", "o", "n", "vu", "ka", "ke", // ゎ..ゖ
];

/// A kana run in Hepburn as Japanese passports write it: the long vowel left unmarked (おう, ōu and
/// the katakana ー give o), small ゃ ゅ ょ joined to the syllable before (しゃ sha, きょ kyo), small
/// っ doubling the next consonant (tch before ch), small vowels of loanwords replacing the vowel
/// before (ファ fa, ティ ti). The second form keeps ou and uu as written (Satou).
fn kana(run: &[char]) -> Vec<String> {
    let mut out = String::with_capacity(run.len() * 3);
    let mut double_next = false;
    for &c in run {
        let cp = c as u32;
        let hiragana = match cp {
            0x3041..=0x3096 => cp,
            0x30A1..=0x30F6 => cp - 0x60,
            0x30F7..=0x30FA => {
                out.push_str(["va", "vi", "ve", "vo"][(cp - 0x30F7) as usize]);
                continue;
            }
            // ー lengthens the vowel before, which Hepburn without macrons leaves out.
            _ => continue,
        };
        let Some(&syllable) = KANA.get((hiragana - 0x3041) as usize) else { continue };
        if let Some(small) = syllable.strip_prefix('_') {
            match small {
                "tsu" => double_next = true,
                "ya" | "yu" | "yo" if out.ends_with('i') => {
                    out.pop();
                    // shi, chi, ji lose their i and y: sha, chu, jo.
                    if out.ends_with("sh") || out.ends_with("ch") || out.ends_with('j') {
                        out.push_str(&small[1..]);
                    } else {
                        out.push_str(small);
                    }
                }
                "a" | "i" | "u" | "e" | "o" if out.ends_with(['a', 'i', 'u', 'e', 'o']) => {
                    // ウィ wi, ファ fa, ティ ti: the small vowel replaces the vowel of the kana before.
                    if out == "u" || out.ends_with(['a', 'i', 'e', 'o']) && out.ends_with('u') {
                        out.pop();
                        out.push('w');
                    } else {
                        out.pop();
                    }
                    out.push_str(small);
                }
                other => out.push_str(other),
            }
            continue;
        }
        if double_next {
            double_next = false;
            if syllable.starts_with("ch") {
                out.push('t');
            } else if let Some(first) = syllable.chars().next().filter(|f| !matches!(f, 'a' | 'i' | 'u' | 'e' | 'o')) {
                out.push(first);
            }
        }
        out.push_str(syllable);
    }
    let short = out.replace("ou", "o").replace("uu", "u").replace("oo", "o");
    dedup(vec![short, out])
}

// ---------------------------------------------------------------------------------------------
// Thai

/// A Thai run in the Royal Thai General System of Transcription (RTGS), the system of Thai
/// passports: consonants by their initial or final sound, vowels from their marks written before,
/// above, below or after the consonant, tone marks and the silent-letter mark dropped. The inherent
/// vowels that the script does not write are supplied as RTGS does in the usual cases: o between
/// two consonants of a closed syllable (สมศักดิ์ Somsak), a after a lone initial. A reading that needs
/// the dictionary (irregular spellings, Pali and Sanskrit loan clusters) may come out a letter or
/// two away, which the typo tolerance bridges.
fn thai(run: &[char]) -> Vec<String> {
    // Each consonant: (initial, final).
    fn consonant(c: char) -> Option<(&'static str, &'static str)> {
        Some(match c {
            'ก' => ("k", "k"),
            'ข' | 'ฃ' | 'ค' | 'ฅ' | 'ฆ' => ("kh", "k"),
            'ง' => ("ng", "ng"),
            'จ' => ("ch", "t"),
            'ฉ' | 'ช' | 'ฌ' => ("ch", "t"),
            'ซ' => ("s", "t"),
            'ญ' => ("y", "n"),
            'ฎ' | 'ด' => ("d", "t"),
            'ฏ' | 'ต' => ("t", "t"),
            'ฐ' | 'ฑ' | 'ฒ' | 'ถ' | 'ท' | 'ธ' => ("th", "t"),
            'ณ' | 'น' => ("n", "n"),
            'บ' => ("b", "p"),
            'ป' => ("p", "p"),
            'ผ' | 'พ' | 'ภ' => ("ph", "p"),
            'ฝ' | 'ฟ' => ("f", "p"),
            'ม' => ("m", "m"),
            'ย' => ("y", "i"),
            'ร' => ("r", "n"),
            'ล' | 'ฬ' => ("l", "n"),
            'ว' => ("w", "o"),
            'ศ' | 'ษ' | 'ส' => ("s", "t"),
            'ห' | 'ฮ' => ("h", ""),
            'อ' => ("", ""),
            _ => return None,
        })
    }
    let is_consonant = |c: char| consonant(c).is_some();
    let mut out = String::with_capacity(run.len() * 2);
    // Whether the last thing written is a consonant with no vowel yet (an open initial).
    let mut open = false;
    // Whether the syllable already has its final consonant.
    let mut closed = false;
    let mut i = 0;
    while i < run.len() {
        let c = run[i];
        let next = run.get(i + 1).copied();
        if !is_consonant(c) {
            closed = false;
        }
        match c {
            // Leading vowels: written before the consonant they follow in speech.
            'เ' | 'แ' | 'โ' | 'ใ' | 'ไ' => {
                // The consonant (with a cluster's second consonant) comes first, then the vowel.
                let mut j = i + 1;
                let mut onset = String::new();
                while j < run.len()
                    && is_consonant(run[j])
                    && onset.len() < 4
                    && (j == i + 1 || matches!(run[j], 'ร' | 'ล' | 'ว'))
                {
                    if let Some((initial, _)) = consonant(run[j]) {
                        // ห before a sonorant only marks the tone (หม, หน, หล).
                        if !(run[j] == 'ห'
                            && j == i + 1
                            && run
                                .get(j + 1)
                                .is_some_and(|n| matches!(n, 'ม' | 'น' | 'ล' | 'ร' | 'ว' | 'ย' | 'ง' | 'ญ')))
                        {
                            onset.push_str(initial);
                        }
                    }
                    j += 1;
                }
                out.push_str(&onset);
                let vowel = match c {
                    'เ' => {
                        if run.get(j) == Some(&'า') {
                            j += 1;
                            "ao"
                        } else if run.get(j) == Some(&'ี') && run.get(j + 1) == Some(&'ย') {
                            j += 2;
                            "ia"
                        } else if run.get(j) == Some(&'ื') && run.get(j + 1) == Some(&'อ') {
                            j += 2;
                            "uea"
                        } else if run.get(j) == Some(&'ิ') {
                            j += 1;
                            "oe"
                        } else {
                            "e"
                        }
                    }
                    'แ' => "ae",
                    'โ' => "o",
                    _ => "ai",
                };
                out.push_str(vowel);
                open = false;
                i = j;
                continue;
            }
            'ะ' | 'ั' => {
                out.push('a');
                open = false;
            }
            'า' => {
                out.push('a');
                open = false;
            }
            'ำ' => {
                out.push_str("am");
                open = false;
            }
            'ิ' | 'ี' => {
                out.push('i');
                open = false;
            }
            'ึ' | 'ื' => {
                out.push_str("ue");
                open = false;
            }
            'ุ' | 'ู' => {
                out.push('u');
                open = false;
            }
            // Tone marks, the silent-letter mark (the letter before it is dropped) and repetition.
            '่' | '้' | '๊' | '๋' | '็' | 'ๆ' => {}
            '์' => {
                // The consonant before is silent: remove what it wrote.
                if let Some(prev) = i.checked_sub(1).and_then(|p| run.get(p)).copied().and_then(consonant) {
                    for candidate in [prev.0, prev.1] {
                        if !candidate.is_empty() && out.ends_with(candidate) {
                            out.truncate(out.len() - candidate.len());
                            break;
                        }
                    }
                }
            }
            _ => {
                let Some((initial, final_)) = consonant(c) else {
                    i += 1;
                    continue;
                };
                let syllable_has_vowel = !out.is_empty() && !open;
                let vowel_mark = |n: char| {
                    matches!(
                        n,
                        'ะ' | 'ั'
                            | 'า'
                            | 'ำ'
                            | 'ิ'
                            | 'ี'
                            | 'ึ'
                            | 'ื'
                            | 'ุ'
                            | 'ู'
                            | '็'
                            | '่'
                            | '้'
                            | '๊'
                            | '๋'
                    )
                };
                let starts_syllable =
                    |n: Option<char>| n.is_some_and(|n| vowel_mark(n) || matches!(n, 'เ' | 'แ' | 'โ' | 'ใ' | 'ไ'));
                let next_is_vowel_mark = next.is_some_and(vowel_mark);
                let after_next = run.get(i + 2).copied();
                let prev = i.checked_sub(1).and_then(|p| run.get(p)).copied();
                if open && next_is_vowel_mark && matches!(c, 'ร' | 'ล' | 'ว') {
                    // A cluster (ปร pr, กล kl, ขว khw); after ศ ส ซ จ the ร is silent (ศรี si).
                    if !(c == 'ร' && prev.is_some_and(|p| matches!(p, 'ศ' | 'ส' | 'ซ' | 'จ'))) {
                        out.push_str(initial);
                    }
                } else if open && next_is_vowel_mark {
                    // A lone consonant before a syllable with its own vowel takes a (วชิรา Wachira).
                    out.push('a');
                    out.push_str(initial);
                } else if open {
                    // Two consonants in a row without a written vowel: the first takes o (สม som), and
                    // a final ร after a lone consonant reads -on (พร phon).
                    out.push('o');
                    out.push_str(final_);
                    open = false;
                    closed = true;
                } else if syllable_has_vowel && !next_is_vowel_mark {
                    let next_consonant = next.filter(|n| is_consonant(*n));
                    let final_here = next_consonant.is_none()
                        || starts_syllable(after_next)
                        || after_next == Some('์')
                        || next == Some('์');
                    if closed && next_consonant.is_none() {
                        // A second final consonant (ตร, ทร) is silent.
                    } else if final_here {
                        if c == 'อ' && out.ends_with('o') {
                            // -อ is the vowel o itself.
                        } else {
                            out.push_str(final_);
                        }
                        closed = true;
                    } else {
                        out.push_str(initial);
                        open = true;
                        closed = false;
                    }
                } else {
                    out.push_str(initial);
                    open = !next_is_vowel_mark;
                    closed = false;
                }
            }
        }
        i += 1;
    }
    if open && !out.is_empty() {
        out.push('a');
    }
    dedup(vec![out])
}
