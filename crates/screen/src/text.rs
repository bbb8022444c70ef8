//! Text normalisation for name matching: Unicode and case folding in the original script, tokens,
//! script detection and the Latin accent fold.
//!
//! `normalise` never changes a name's script: it only removes differences that a reader would not
//! notice (compatibility forms, case, invisible characters, optional vowel points, punctuation), so
//! that two spellings of the same name in the same script compare equal byte for byte. Crossing
//! scripts is the job of `translit` and of the name-equivalence dictionary.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The writing systems the screening engine distinguishes. `Other` is any letter outside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Armenian,
    Georgian,
    Arabic,
    Hebrew,
    Han,
    Hiragana,
    Katakana,
    Hangul,
    Devanagari,
    Bengali,
    Thai,
    Ethiopic,
    Khmer,
    Other,
}

/// The script of one character, by Unicode block. `None` for characters that belong to no script
/// in particular: digits, spaces, punctuation, symbols and the generic combining diacritics (which
/// take the script of the letter they sit on).
pub fn script_of(c: char) -> Option<Script> {
    if c.is_ascii() {
        return c.is_ascii_alphabetic().then_some(Script::Latin);
    }
    // Blocks mix letters with their own digits and punctuation (Arabic comma, Devanagari danda,
    // Thai baht sign); only letters and marks carry a script.
    if !(is_letter(c) || is_combining_mark(c)) {
        return None;
    }
    use Script::*;
    let script = match c as u32 {
        0x00AA | 0x00BA | 0x00C0..=0x024F | 0x0250..=0x02AF | 0x02B0..=0x02B8 | 0x02E0..=0x02E4 => Latin,
        // Generic combining diacritics: inherited from the base letter.
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F => return None,
        // Spacing modifier letters other than the Latin ones (ʹ ʻ ʼ ˈ …) are script-neutral.
        0x02B9..=0x02DF | 0x02E5..=0x02FF => return None,
        0x03E2..=0x03EF => Other, // Coptic letters inside the Greek block
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Greek,
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F | 0x1E030..=0x1E08F => Cyrillic,
        0x0530..=0x058F | 0xFB13..=0xFB17 => Armenian,
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Hebrew,
        0x0600..=0x06FF
        | 0x0750..=0x077F
        | 0x0870..=0x089F
        | 0x08A0..=0x08FF
        | 0xFB50..=0xFDFF
        | 0xFE70..=0xFEFF
        | 0x10EC0..=0x10EFF
        | 0x1EE00..=0x1EEFF => Arabic,
        0x0900..=0x097F | 0xA8E0..=0xA8FF | 0x11B00..=0x11B5F => Devanagari,
        0x0980..=0x09FF => Bengali,
        0x0E00..=0x0E7F => Thai,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0x2D00..=0x2D2F => Georgian,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7AF | 0xD7B0..=0xD7FF | 0xFFA0..=0xFFDF => {
            Hangul
        }
        0x1200..=0x139F | 0x2D80..=0x2DDF | 0xAB00..=0xAB2F | 0x1E7E0..=0x1E7FF => Ethiopic,
        0x1780..=0x17FF | 0x19E0..=0x19FF => Khmer,
        0x1D00..=0x1D25
        | 0x1D2C..=0x1D5C
        | 0x1D62..=0x1D65
        | 0x1D6B..=0x1DBF
        | 0x1E00..=0x1EFF
        | 0x2071
        | 0x207F
        | 0x2090..=0x209C
        | 0x212A..=0x212B
        | 0x2132
        | 0x214E
        | 0x2160..=0x2188
        | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF
        | 0xAB30..=0xAB6F
        | 0xFB00..=0xFB06
        | 0xFF21..=0xFF3A
        | 0xFF41..=0xFF5A
        | 0x10780..=0x107BF
        | 0x1DF00..=0x1DFFF => Latin,
        0x3040..=0x309F | 0x1B001..=0x1B11F | 0x1B150..=0x1B152 => Hiragana,
        0x30A0..=0x30FF
        | 0x31F0..=0x31FF
        | 0xFF66..=0xFF9F
        | 0x1AFF0..=0x1AFFF
        | 0x1B000
        | 0x1B120..=0x1B122
        | 0x1B164..=0x1B167 => Katakana,
        0x3005..=0x3007
        | 0x3021..=0x3029
        | 0x3038..=0x303B
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F
        | 0x30000..=0x323AF => Han,
        _ => Other,
    };
    Some(script)
}

/// Whether `c` is a letter (Unicode Alphabetic). The standard library's lookup is slow for some
/// blocks (about 140 ns a character for Georgian), so the letter ranges of the scripts names are
/// mostly written in are answered first; everything else asks the full table.
pub(crate) fn is_letter(c: char) -> bool {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A => true,
        0x00..=0x7F => false,
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F => true,
        0x0386 | 0x0388..=0x038A | 0x038C | 0x038E..=0x03A1 | 0x03A3..=0x03CE => true,
        0x0400..=0x0481 | 0x048A..=0x052F => true,
        0x0531..=0x0556 | 0x0560..=0x0588 => true,
        0x05D0..=0x05EA => true,
        0x0620..=0x064A | 0x0671..=0x06D3 => true,
        0x0915..=0x0939 | 0x0995..=0x09A8 => true,
        0x0E01..=0x0E30 => true,
        0x10D0..=0x10FA => true,
        0x1E00..=0x1EFF => true,
        0x3041..=0x3096 | 0x30A1..=0x30FA => true,
        0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => true,
        _ => c.is_alphabetic(),
    }
}

/// The distinct scripts of a string, in order of first appearance.
pub fn scripts(s: &str) -> Vec<Script> {
    let mut found = Vec::new();
    for c in s.chars() {
        if let Some(script) = script_of(c).filter(|s| !found.contains(s)) {
            found.push(script);
        }
    }
    found
}

/// Normalises a name for comparison in its own script: NFKC, full case folding, invisible and
/// optional characters removed, apostrophes and dots inside words removed, every other separator
/// one space, trimmed. The result is stable: `normalise(&normalise(s)) == normalise(s)`.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut unsettled = if s.is_ascii() {
        clean_into(s.chars(), &mut out)
    } else {
        clean_into(s.chars().map(pre_nfkc).nfkc(), &mut out)
    };
    // Removing a character can bring together a base letter and a mark that it kept apart
    // (e + ZWJ + ◌́), and case mapping can split a letter or make it composable (W◌̊ → ẘ), so
    // the result may no longer be NFKC. Cleaning the re-normalised text settles it, in one more
    // round in practice.
    for _ in 0..3 {
        if !unsettled || out.is_ascii() {
            break;
        }
        let renormed: String = out.nfkc().collect();
        if renormed == out {
            break;
        }
        out.clear();
        unsettled = clean_into(renormed.chars(), &mut out);
    }
    out
}

/// `normalise`, then split on spaces. Empty input gives no tokens.
pub fn tokens(s: &str) -> Vec<String> {
    normalise(s).split(' ').filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// Folds Latin text to plain ASCII: accents dropped, letters without a decomposition mapped by
/// hand (ł→l, ø→o, æ→ae, þ→th …), lower case, only `a–z`, `0–9` and single spaces kept.
///
/// Compatibility forms are decomposed too (NFKD rather than NFD), so text that did not go through
/// `normalise` first (ligatures ﬁ, fullwidth letters) still folds sensibly.
pub fn fold_latin(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_latin_into(s.chars(), &mut out, true);
    out
}

/// The fold behind `fold_latin`. With `keep_separators` false, digits and spaces are dropped as
/// well, leaving only `a–z` (what transliteration wants for one token).
pub(crate) fn fold_latin_into<I: Iterator<Item = char>>(chars: I, out: &mut String, keep_separators: bool) {
    let start = out.len();
    let mut pending_space = false;
    let mut push = |out: &mut String, piece: Piece| match piece {
        Piece::Drop => {}
        Piece::Space => pending_space = keep_separators && out.len() > start,
        Piece::Text(t) => {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push_str(t);
        }
        Piece::Char(c) => {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    };
    for c in chars.nfkd() {
        if c.is_ascii() {
            let piece = match c {
                'a'..='z' => Piece::Char(c),
                'A'..='Z' => Piece::Char(c.to_ascii_lowercase()),
                '0'..='9' if keep_separators => Piece::Char(c),
                '0'..='9' => Piece::Drop,
                '\'' | '`' => Piece::Drop,
                _ => Piece::Space,
            };
            push(out, piece);
        } else if is_combining_mark(c) {
            continue;
        } else {
            for lower in c.to_lowercase() {
                push(out, fold_special(lower));
            }
        }
    }
}

/// What one folded character contributes.
#[derive(Clone, Copy)]
enum Piece {
    Drop,
    Space,
    Char(char),
    Text(&'static str),
}

/// Latin letters that carry no decomposable accent but still have an obvious plain spelling.
/// Anything else that is not ASCII becomes a separator.
fn fold_special(c: char) -> Piece {
    let text = match c {
        'ł' | 'ƚ' | 'ɫ' | 'ŀ' => "l",
        'ø' | 'ɵ' | 'ɔ' => "o",
        'đ' | 'ð' | 'ɗ' | 'ɖ' => "d",
        'ħ' | 'ɦ' => "h",
        'ı' | 'ɨ' | 'ɩ' => "i",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ŋ' => "ng",
        'ſ' | 'ȿ' => "s",
        'ß' => "ss",
        'ə' | 'ǝ' | 'ɛ' | 'ɇ' => "e",
        'ƒ' => "f",
        'ŧ' | 'ƭ' | 'ⱦ' => "t",
        'ĸ' | 'ƙ' => "k",
        'ɓ' | 'ƀ' => "b",
        'ƴ' | 'ɏ' => "y",
        'ƈ' | 'ȼ' => "c",
        'ɠ' | 'ɣ' => "g",
        'ɲ' => "n",
        'ʉ' | 'ʊ' => "u",
        'ʋ' => "v",
        'ȥ' | 'ƶ' | 'ʒ' | 'ɀ' => "z",
        'ɍ' => "r",
        'ɉ' => "j",
        'ɋ' => "q",
        'ɑ' | 'ⱥ' => "a",
        // Apostrophe-like letters and the Catalan middle dot sit inside words (Oʻzbek, l·l).
        'ʻ' | 'ʼ' | 'ʹ' | 'ʾ' | 'ʿ' | '’' | '‘' | '´' | '·' => return Piece::Drop,
        _ => return Piece::Space,
    };
    Piece::Text(text)
}

/// Characters that must be rewritten before NFKC because NFKC would turn them into a space plus a
/// combining mark (´ is a spacing acute, and people type it as an apostrophe: D´Artagnan). Such a
/// character is never NFKC itself, so text that skips the NFKC pass never contains one.
fn pre_nfkc(c: char) -> char {
    match c {
        '\u{00B4}' => '\'',
        _ => c,
    }
}

/// What happens to one character during cleaning.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Letter or digit: kept (after case folding).
    Word,
    /// Combining mark: kept when it has a base to sit on.
    Mark,
    /// Removed without leaving a gap.
    Delete,
    /// Apostrophe or dot: removed inside a word, a separator elsewhere.
    Joiner,
    /// Anything else: a separator.
    Space,
}

fn classify(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => Class::Word,
            '\'' | '`' | '.' => Class::Joiner,
            _ => Class::Space,
        };
    }
    match c as u32 {
        // Format characters: soft hyphen, Arabic letter mark and number signs, Syriac
        // abbreviation mark, Mongolian vowel separator, zero-width space/joiners, bidi marks,
        // embeddings and isolates, word joiner and invisible operators, BOM, interlinear
        // annotation, tags.
        0x00AD
        | 0x0600..=0x0605
        | 0x061C
        | 0x06DD
        | 0x070F
        | 0x0890..=0x0891
        | 0x08E2
        | 0x180E
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0xE0001
        | 0xE0020..=0xE007F => Class::Delete,
        // Combining grapheme joiner and variation selectors change nothing a reader compares.
        0x034F | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF => Class::Delete,
        // Arabic tatweel, harakat, superscript alef, and the small Quranic annotation marks:
        // vocalisation and stretching that most writers omit.
        0x0610..=0x061A
        | 0x0640
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED => Class::Delete,
        // Hebrew cantillation and niqqud, the counterpart of harakat: optional vowel points.
        // Maqaf, paseq, sof pasuq and nun hafukha (05BE, 05C0, 05C3, 05C6) are punctuation.
        0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2 | 0x05C4..=0x05C5 | 0x05C7 => Class::Delete,
        // Apostrophe-like characters (typographic quotes, modifier letters used for the okina,
        // the Arabic ʿayn and hamza in romanised names, the prime used for the soft sign) and
        // the middle dot of Catalan l·l.
        0x2018 | 0x2019 | 0x2032 | 0x02B9 | 0x02BB | 0x02BC | 0x02BE | 0x02BF | 0x00B7 | 0x2024 => Class::Joiner,
        _ => {
            if is_letter(c) || c.is_numeric() {
                Class::Word
            } else if is_combining_mark(c) {
                Class::Mark
            } else {
                Class::Space
            }
        }
    }
}

/// One pass of cleaning over NFKC text, appending to `out`. Returns whether the output may have
/// stopped being NFKC: something was removed from inside a word, case folding turned one
/// character into several, or a mark now follows a letter that folding changed (W◌̊ → w◌̊).
fn clean_into<I: Iterator<Item = char>>(chars: I, out: &mut String) -> bool {
    let mut chars = chars.peekable();
    let mut pending_space = false;
    // Whether the last character written was part of a word (letter, digit or attached mark).
    let mut in_word = false;
    // Whether the letter the next mark would attach to was changed by case folding.
    let mut base_changed = false;
    let mut unsettled = false;
    while let Some(c) = chars.next() {
        match classify(c) {
            Class::Word => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                let fold = push_folded(out, c);
                unsettled |= fold == Fold::Expanded;
                base_changed = fold != Fold::Same;
                in_word = true;
            }
            Class::Mark => {
                // A mark after a separator or at the start has nothing to combine with: it is
                // debris from a spacing accent, not part of a letter.
                if in_word {
                    let fold = push_folded(out, c);
                    unsettled |= base_changed || fold != Fold::Same;
                }
            }
            Class::Delete => unsettled |= in_word,
            Class::Joiner => {
                let next_is_word = chars.peek().is_some_and(|&n| matches!(classify(n), Class::Word | Class::Mark));
                if in_word && next_is_word {
                    unsettled = true;
                } else {
                    pending_space |= in_word;
                    in_word = false;
                }
            }
            Class::Space => {
                pending_space |= in_word;
                in_word = false;
            }
        }
    }
    unsettled
}

/// What case folding did to one character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fold {
    Same,
    Changed,
    Expanded,
}

/// Full case folding of one character, where it differs from lower-casing: ß → ss, final sigma
/// → σ, and the Greek iota subscript → ι (ᾳ → αι), as Unicode's CaseFolding.txt does.
fn push_folded(out: &mut String, c: char) -> Fold {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return if c.is_ascii_uppercase() { Fold::Changed } else { Fold::Same };
    }
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'ς' => {
            out.push('σ');
            return Fold::Changed;
        }
        '\u{0345}' => out.push('ι'),
        '\u{1F80}'..='\u{1FFF}' => {
            let mut has_subscript = false;
            decompose_canonical(c, |d| has_subscript |= d == '\u{0345}');
            if !has_subscript {
                return push_lower(out, c);
            }
            decompose_canonical(c, |d| {
                if d == '\u{0345}' {
                    out.push('ι');
                } else {
                    out.extend(d.to_lowercase());
                }
            });
        }
        _ => return push_lower(out, c),
    }
    Fold::Expanded
}

fn push_lower(out: &mut String, c: char) -> Fold {
    let lower = c.to_lowercase();
    if lower.len() > 1 {
        out.extend(lower);
        return Fold::Expanded;
    }
    let l = lower.into_iter().next().unwrap_or(c);
    match l {
        'ß' => out.push_str("ss"),
        'ς' => out.push('σ'),
        _ if l == c => {
            out.push(l);
            return Fold::Same;
        }
        _ => out.push(l),
    }
    Fold::Changed
}

#[cfg(test)]
mod tests {
    use super::is_letter;

    /// The shortcut ranges must agree with the Unicode property they stand in for.
    #[test]
    fn is_letter_agrees_with_alphabetic() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "U+{:04X}", c as u32);
        }
    }
}
