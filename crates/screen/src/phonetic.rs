//! Phonetic keys and typo-tolerant distances for name tokens: the romanisation-insensitive
//! [`skeleton`], the short blocking code [`metaphone_like`], consonant keys bridging Arabic and
//! Hebrew script to Latin spellings ([`abjad_key`], [`latin_consonant_key`]), and the cost-weighted
//! edit distance the scorer uses ([`weighted_distance`], [`similarity`], [`edit_budget`]).
//!
//! Every function is pure, allocation-light and never panics: the index computes these keys for about
//! a million names, and the border query computes them for every traveller.
//!
//! # Input contract
//!
//! [`skeleton`], [`metaphone_like`] and [`latin_consonant_key`] expect one token of lowercase ASCII
//! letters, already normalised and transliterated by the text module. They tolerate anything else:
//! ASCII capitals are lowered and every other character (digits, punctuation, non-ASCII) is dropped,
//! so a misuse degrades the key instead of failing a border check. [`abjad_key`] takes a token in its
//! original Arabic or Hebrew script.
//!
//! # The skeleton alphabet
//!
//! A skeleton is lowercase ASCII. Letters mostly keep their value, but some stand for a sound class
//! that several spellings share (`q` and `w` never occur):
//!
//! | key | sound | spellings folded into it |
//! |-----|-------|--------------------------|
//! | `c` | /tʃ/  | ch, tch, tsch, tsh, cz, final -vic |
//! | `x` | /ʃ/   | sh, sch, sz, the ch of French chtch |
//! | `j` | /ʒ/   | zh |
//! | `y` | /j/ semivowel (and /dʒ/) | y, j, dj, dzh, dsch, i before a vowel at the start |
//! | `h` | /h/, /x/ | h, kh, German ch before a consonant |
//! | `z` | /ts/, /z/ | z, ts, tz |
//! | `k` | /k/   | k, q, ck, hard c |
//! | `v` | /v/, /w/ | v, w, wh, French initial ou before a vowel |

use std::borrow::Cow;

// ---------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------

/// The token's ASCII letters, lowercased; borrowed when the token already is pure `[a-z]` (the
/// normal case, so the hot path does not copy).
fn ascii_letters(token: &str) -> Cow<'_, [u8]> {
    let bytes = token.as_bytes();
    if bytes.iter().all(u8::is_ascii_lowercase) {
        Cow::Borrowed(bytes)
    } else {
        Cow::Owned(bytes.iter().filter(|b| b.is_ascii_alphabetic()).map(u8::to_ascii_lowercase).collect())
    }
}

/// Byte at `i`, or 0 past the end: lets the digraph rules look ahead without bounds checks that
/// could panic.
fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

/// The five vowel letters; `y` is decided by position (semivowel or vowel), so it is not here.
fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// A consonant letter of the raw input (not a vowel, not `y`, not the 0 end marker).
fn is_consonant(b: u8) -> bool {
    b.is_ascii_lowercase() && !is_vowel(b) && b != b'y'
}

/// Bytes produced by the key builders are ASCII by construction; the fallback only exists so that
/// no code path can panic.
fn ascii_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------------
// Skeleton
// ---------------------------------------------------------------------------------------------------

/// A romanisation-insensitive key for one Latin name token.
///
/// Spellings of one name produced by different romanisation systems or languages (English, French,
/// German, Polish transcriptions of Russian, Arabic, ...) converge on one skeleton or end within one
/// weighted edit ([`weighted_distance`]) of each other:
///
/// - Хрущёв: khrushchev, chruschtschow, khrouchtchev, hrushchov → `hruxcev`
/// - Ельцин: yeltsin, jelzin, eltsine, ieltsin → `elzin`
/// - Чайковский: tchaikovsky, chaikovskiy, tschaikowski, czajkowski → `caikovski`
/// - mohammed / muhammad / mohamed / muhammed → `mohamed`, `muhamad`, ... (vowels a/e and o/u are
///   confusable pairs in [`weighted_distance`], so all four are within one edit)
///
/// Vowels are kept (only spelling variants of one vowel are merged), so genuinely different names
/// stay apart: ivan/ivana, maria/mario, petrov/petrova, li/le/lu, ali/eli all keep distinct skeletons.
/// Known costs of the merges are listed on the rules below and in the module tests (khan = han).
///
/// Háček letters are expected as digraphs (š→sh, č→ch, ž→zh) from the transliteration step; a token
/// whose diacritics were merely stripped (hruscov) keeps plain s/c and lands far from khrushchev.
pub fn skeleton(token: &str) -> String {
    let mut scratch = SkeletonScratch::default();
    skeleton_bytes(token, &mut scratch);
    ascii_string(scratch.out)
}

/// Buffers for [`skeleton_into`], kept from one call to the next so that a skeleton computed at
/// query time allocates nothing.
#[derive(Debug, Default)]
pub struct SkeletonScratch {
    letters: Vec<u8>,
    pass: Vec<u8>,
    out: Vec<u8>,
}

/// [`skeleton`] written into `out` (replacing what it held), with the buffers of `scratch`.
pub fn skeleton_into(token: &str, scratch: &mut SkeletonScratch, out: &mut String) {
    skeleton_bytes(token, scratch);
    out.clear();
    out.push_str(std::str::from_utf8(&scratch.out).unwrap_or_default());
}

/// The skeleton's bytes, left in `scratch.out`.
fn skeleton_bytes(token: &str, scratch: &mut SkeletonScratch) {
    let SkeletonScratch { letters, pass, out } = scratch;
    let bytes = token.as_bytes();
    let letters: &[u8] = if bytes.iter().all(u8::is_ascii_lowercase) {
        bytes
    } else {
        letters.clear();
        letters.extend(bytes.iter().filter(|b| b.is_ascii_alphabetic()).map(u8::to_ascii_lowercase));
        letters
    };
    let s = trim_silent_ending(letters);
    consonant_pass(s, pass);
    // Doubled letters carry no identity across romanisations (Qaddafi/Qadafi, Youssef/Yusef,
    // Jaafar/Jafar): collapse them before the semivowel pass, which looks at neighbours.
    pass.dedup();
    semivowel_pass(pass, out);
    // The semivowel pass can create new doubles (dmitriy → dmitrii, andreyev → andreev).
    out.dedup();
    hushing_ending(out);
}

/// Drops one silent final letter, before any other rule sees the token.
fn trim_silent_ending(s: &[u8]) -> &[u8] {
    let n = s.len();
    let last = n.checked_sub(1).map(|i| at(s, i)).unwrap_or(0);
    let before = n.checked_sub(2).map(|i| at(s, i)).unwrap_or(0);
    let third = n.checked_sub(3).map(|i| at(s, i)).unwrap_or(0);
    let drop = if last == b'h' && n >= 3 && is_vowel(before) {
        // A final h after a vowel is silent in most romanisations of Arabic and Hebrew and written
        // only by some: Abdallah/Abdalla, Fatimah/Fatima, Sarah/Sara, Fatemeh/Fateme.
        true
    } else if last == b'e' && n >= 5 && is_consonant(before) && (is_vowel(third) || third == b'y') {
        // French (and partly English) transcriptions add a mute final e after a single consonant:
        // Eltsine/Yeltsin, Poutine/Putin, Staline/Stalin, Daniele/Daniel. Tokens shorter than 5 keep
        // it (Jose, Rose) and so do consonant clusters (Andre, Alexandre), where the e is spoken.
        true
    } else {
        // -ie is the French/German/English spelling of a final /i/: Marie/Mari, Sophie/Sofi. Maria
        // keeps its a, so Marie and Maria stay apart.
        last == b'e' && n >= 4 && before == b'i'
    };
    if drop { s.get(..n - 1).unwrap_or(s) } else { s }
}

/// First pass: consonant digraphs and vowel digraphs become single class letters (see the table in
/// the module documentation). `j` becomes `y`; the semivowel pass then decides every `y` and `i`.
fn consonant_pass(s: &[u8], out: &mut Vec<u8>) {
    let n = s.len();
    // x → ks is the only rule that grows the key.
    out.clear();
    out.reserve(n + 4);
    let mut i = 0;
    while i < n {
        let c = at(s, i);
        let n1 = at(s, i + 1);
        let n2 = at(s, i + 2);
        let n3 = at(s, i + 3);
        let prev = i.checked_sub(1).map(|p| at(s, p)).unwrap_or(0);
        let own = [c];
        let (emit, step): (&[u8], usize) = match c {
            b'a' | b'e' | b'i' | b'y' | b'u' => (own.as_slice(), 1),
            b'o' => match n1 {
                // French ou before a vowel at the start is the semivowel /w/ (Oualid = Walid,
                // Ouattara), which the skeleton writes as v like every w.
                b'u' if i == 0 && is_vowel(n2) => (b"v", 2),
                // ou (French, also English Youssef/Mahmoud) and oo (English Mahmood/Noor) spell /u/.
                b'u' | b'o' => (b"u", 2),
                _ => (b"o", 1),
            },
            b'c' => match n1 {
                b'h' => {
                    if n2 == b't' && n3 == b'c' && at(s, i + 4) == b'h' {
                        // French writes щ as chtch (Khrouchtchev): its ch is /ʃ/, the same sound as
                        // the sh of Khrushchev and the sch of Chruschtschow.
                        (b"x", 2)
                    } else if is_consonant(n2) {
                        // ch before a consonant is the German/Greek velar (Chruschtschow, Christoph,
                        // Rachmaninoff, Achmed), which other systems write kh or h.
                        (b"h", 2)
                    } else {
                        // Otherwise the English/Slavic /tʃ/ (Chaikovsky, -ich). Known costs: French
                        // ch = /ʃ/ (Chevtchenko is one edit from Shevchenko) and Italian che/chi = /k/.
                        (b"c", 2)
                    }
                }
                b'k' => (b"k", 2),
                // Polish cz = /tʃ/ (Czajkowski = Tchaikovsky).
                b'z' => (b"c", 2),
                // Romance and English soft c (Cesar = Sesar, Lucie), spelled s elsewhere.
                b'e' | b'i' | b'y' => (b"s", 1),
                // Final -vić stripped of its accent (Milosevic) is the -vich of English and the
                // -vitch/-witsch of French and German. Only after vi: a general final c is hard
                // (Eric, Marc, Isaac).
                0 if i >= 2 && at(s, i - 2) == b'v' && prev == b'i' => (b"c", 1),
                _ => (b"k", 1),
            },
            b'd' => {
                if n1 == b'z' && n2 == b'h' {
                    // /dʒ/ as Russian transcription writes it (Dzhafar, Dzhokhar) joins j, which is
                    // y here: English j (Jafar), French dj (Djafar) and German dsch (Dschafar) are
                    // all spellings of the same consonant, and Jusuf/Yusuf need j = y.
                    (b"y", 3)
                } else if n1 == b's' && n2 == b'c' && n3 == b'h' {
                    (b"y", 4)
                } else if n1 == b'j' {
                    (b"y", 2)
                } else {
                    // dh (Arabic ذ/ض/ظ: Kadhafi = Qaddafi) loses its h in the h rule.
                    (b"d", 1)
                }
            }
            b'f' => {
                if n1 == b'f' && n2 == 0 && matches!(prev, b'o' | b'e') {
                    // Old and French transcriptions end Russian -ов/-ев in -off/-eff (Smirnoff,
                    // Rachmaninoff, Vassilieff).
                    (b"v", 2)
                } else {
                    (b"f", 1)
                }
            }
            b'g' => {
                if n1 == b'u' && matches!(n2, b'e' | b'i') {
                    // French and Spanish insert a mute u to keep g hard before e/i (Evguéni =
                    // Evgeny, Serguei = Sergei, Miguel).
                    (b"g", 2)
                } else {
                    // gh (Arabic غ: Ghassan/Gassan) loses its h in the h rule.
                    (b"g", 1)
                }
            }
            b'h' => {
                if is_consonant(prev) {
                    // An h after a consonant that is not one of the digraphs handled above marks
                    // aspiration or an English digraph that other systems write without it:
                    // th (Uthman/Utman), dh, gh, bh (Bhutto), rh, jh; hh collapses.
                    (b"", 1)
                } else {
                    (b"h", 1)
                }
            }
            // German, Slavic, Scandinavian and Dutch j is the semivowel /j/ (Jelzin = Yeltsin,
            // Jusuf = Yusuf, Czajkowski); English j is folded into it too (see dzh).
            b'j' => (b"y", 1),
            // kh (Russian х, Arabic خ) is /x/, which German writes ch and Turkish writes h
            // (Khalid = Halid). Known cost: khan = han.
            b'k' => {
                if n1 == b'h' {
                    (b"h", 2)
                } else {
                    (b"k", 1)
                }
            }
            b'p' => {
                if n1 == b'h' {
                    (b"f", 2)
                } else {
                    (b"p", 1)
                }
            }
            b'q' => {
                if n1 == b'u' && matches!(n2, b'e' | b'i') {
                    // Romance que/qui is /k/ (Enrique, Jacques); Arabic qu before a consonant keeps
                    // its vowel (Qureshi).
                    (b"k", 2)
                } else {
                    // q is the Arabic ق that other systems write k (Qasim/Kassem, Qaddafi/Kadhafi).
                    (b"k", 1)
                }
            }
            b's' => {
                if n1 == b'c' && n2 == b'h' {
                    // German sch = /ʃ/ (Schewtschenko). Known cost: Italian/Dutch sch = /sk/.
                    (b"x", 3)
                } else if n1 == b'h' {
                    // English sh; also French ch's /ʃ/ via chtch. Known cost: s+h across a syllable
                    // (Ishaq) reads as sh.
                    (b"x", 2)
                } else if n1 == b'z' {
                    // Polish sz = /ʃ/ (Szczepan). Known cost: Hungarian sz = /s/.
                    (b"x", 2)
                } else {
                    (b"s", 1)
                }
            }
            b't' => {
                if n1 == b's' && n2 == b'c' && n3 == b'h' {
                    // German tsch = /tʃ/ (Tschaikowski, Gorbatschow).
                    (b"c", 4)
                } else if (n1 == b'c' || n1 == b's') && n2 == b'h' {
                    // French tch (Gorbatchev) and the tsh of some English transcriptions.
                    (b"c", 3)
                } else if n1 == b's' || n1 == b'z' {
                    // ts (English for ц) and tz are the German z (Jelzin = Yeltsin).
                    (b"z", 2)
                } else {
                    (b"t", 1)
                }
            }
            // German and Polish write /v/ as w (Gorbatschow, Tschaikowski); English w (Walid) and
            // wh go the same way, since the sounds are never contrasted within a romanisation.
            b'v' => (b"v", 1),
            b'w' => {
                if n1 == b'h' {
                    (b"v", 2)
                } else {
                    (b"v", 1)
                }
            }
            // x is /ks/ in every romanisation it appears in (Alexander = Aleksandr).
            b'x' => (b"ks", 1),
            b'z' => {
                if n1 == b'h' {
                    // English zh = /ʒ/ (Zhukov); French writes it j (Joukov → y) and German sch
                    // (Schukow → x), each one edit away, which keeps zhukov and shukov apart.
                    (b"j", 2)
                } else {
                    // German z = /ts/ (Jelzin), Romance/English z = /z/: both go to z, and ts joins
                    // them above. Known cost: English ts across a syllable (Watson) reads as z.
                    (b"z", 1)
                }
            }
            b'b' | b'l' | b'm' | b'n' | b'r' => (own.as_slice(), 1),
            // Unreachable for [a-z] input; skip anything else.
            _ => (b"", 1),
        };
        out.extend_from_slice(emit);
        i += step;
    }
}

/// Second pass: decides whether each `i`/`y` is a vowel or the semivowel /j/, so that y/j/i
/// spellings of Russian е, ё, ю, я, й and of the Arabic ي converge.
fn semivowel_pass(s: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(s.len());
    for (k, &c) in s.iter().enumerate() {
        let next = at(s, k + 1);
        let after_vowel_or_start = out.last().is_none_or(|&p| is_vowel(p));
        let sym = match c {
            // i before a vowel at the start or between vowels is the French/ICAO spelling of the
            // semivowel: Iakov = Yakov, Iousouf = Yusuf, Maïakovski = Mayakovsky, Andreïev.
            b'i' if after_vowel_or_start && is_vowel(next) => b'y',
            // y before a vowel stays a semivowel at the start and after a vowel (Yusuf, Maya), but
            // after a consonant it is the soft sign that others write i (Ilya = Ilia, Vasilyev =
            // Vasiliev, Pyotr = Piotr).
            b'y' if is_vowel(next) => {
                if after_vowel_or_start {
                    b'y'
                } else {
                    b'i'
                }
            }
            // Elsewhere y is a vowel or the second half of a diphthong, which other systems write i:
            // Dmitriy = Dmitri, Chaikovskiy, Aleksey = Aleksei, Czajkowski (after j → y), Lynn = Linn.
            b'y' => b'i',
            other => other,
        };
        if sym == b'y' && next == b'e' && after_vowel_or_start {
            // Russian е at the start or after a vowel is written ye (English), je (German), ie
            // (French) and plain e (ICAO, French): Yeltsin = Eltsine, Yelena = Elena, Andreyev =
            // Andreev. The bare e is the only form all systems can reach, so the semivowel goes.
            // Known cost: English Je-/Ye- names lose their initial (Jens = Ens).
            continue;
        }
        out.push(sym);
    }
}

/// Russian ё after ч/ш/щ/ж is written e in English (Gorbachev, Khrushchev) and o in German and
/// Spanish (Gorbatschow, Chruschtschow, Gorbachov): after a hushing sound, final -ov/-ova become
/// -ev/-eva. Known cost: Lukashov = Lukashev.
fn hushing_ending(s: &mut [u8]) {
    let is_hushing = |b: u8| matches!(b, b'c' | b'x' | b'j');
    match s {
        [.., h, o, b'v'] if is_hushing(*h) && *o == b'o' => *o = b'e',
        [.., h, o, b'v', b'a'] if is_hushing(*h) && *o == b'o' => *o = b'e',
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------------
// Metaphone-like blocking code
// ---------------------------------------------------------------------------------------------------

/// Longest code [`metaphone_like`] returns: six consonant classes separate names well enough for
/// candidate generation while staying robust to endings (Petrov/Petrova share a code).
pub const METAPHONE_MAX_LEN: usize = 6;

/// A short phonetic code (at most [`METAPHONE_MAX_LEN`] uppercase letters) for candidate blocking,
/// computed from the [`skeleton`]: the class of the first sound, then the consonant classes, vowels
/// dropped. Recall comes before precision: voiced and voiceless pairs share a class, and so do the
/// three hushing sounds, so most one-edit skeleton differences give the same code.
///
/// Classes: `A` initial vowel, `X` initial semivowel y and the hushing sounds c/x/j (so Joukov,
/// Zhukov and Schukow meet), `P` b/p, `T` d/t, `K` g/k/h (kh, German ch and h meet: Khalid/Halid,
/// Christoph/Kristof), `F` f/v, `S` s/z, `L`, `M`, `N`, `R`. A class repeated across a vowel is kept
/// (Mohamed → `MKMT`), repeated without one is written once.
pub fn metaphone_like(token: &str) -> String {
    let sk = skeleton(token);
    let mut out = String::with_capacity(METAPHONE_MAX_LEN);
    let mut last: Option<char> = None;
    for (k, &b) in sk.as_bytes().iter().enumerate() {
        let class = match b {
            b'a' | b'e' | b'i' | b'o' | b'u' if k == 0 => Some('A'),
            b'y' if k == 0 => Some('X'),
            // Vowels and the semivowel carry little signal across romanisations: dropped.
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => None,
            b'b' | b'p' => Some('P'),
            b'd' | b't' => Some('T'),
            b'g' | b'k' | b'h' => Some('K'),
            b'f' | b'v' => Some('F'),
            b's' | b'z' => Some('S'),
            b'c' | b'x' | b'j' => Some('X'),
            b'l' => Some('L'),
            b'm' => Some('M'),
            b'n' => Some('N'),
            b'r' => Some('R'),
            _ => None,
        };
        match class {
            None => last = None,
            Some(code) => {
                if last != Some(code) {
                    out.push(code);
                    if out.len() >= METAPHONE_MAX_LEN {
                        break;
                    }
                }
                last = Some(code);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------------
// Abjad consonant keys
// ---------------------------------------------------------------------------------------------------

/// How one Arabic or Hebrew letter contributes to the consonant key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Abjad {
    /// A consonant class letter.
    Cons(u8),
    /// Alif, hamza and its seats, ayin (Arabic and Hebrew alef/ayin): glottal and pharyngeal onsets
    /// that Latin writes as a bare vowel or not at all. Word-initially they mark "the name starts
    /// with a vowel" (`a`), which Latin spellings show too (Ahmed, Omar, Ibrahim); elsewhere dropped.
    Onset,
    /// و / ي (and Hebrew ו / י): consonant w / y word-initially, otherwise usually a long vowel or a
    /// diphthong (Yusuf, Hussein) that Latin writes as a vowel: dropped.
    Semi(u8),
    /// ه ح (Hebrew ה ח): h, except last in the word, where Latin spellings often drop it
    /// (Abdallah/Abdalla, Saleh, Noah), and where Persian ه and Hebrew ה are a vowel sign.
    FinalH,
    /// Hebrew ב and פ: b at the start, v (dropped like a medial w) or f afterwards, approximating
    /// the modern Israeli spelling (Avraham, Yaakov, Yosef) that passports follow.
    Begadkefat(u8),
    /// A written vowel with no consonant value (ة, ى, ے): dropped.
    Vowel,
}

fn abjad_class(c: char) -> Option<Abjad> {
    use Abjad::{Begadkefat, Cons, FinalH, Onset, Semi, Vowel};
    let class = match c {
        // --- Arabic, Persian, Urdu ---
        // ء آ أ ؤ إ ئ ا ٱ ع ۓ
        '\u{0621}' | '\u{0622}' | '\u{0623}' | '\u{0624}' | '\u{0625}' | '\u{0626}' | '\u{0627}' | '\u{0671}'
        | '\u{0639}' | '\u{06D3}' => Onset,
        // ب پ: Arabic has no p and writes it ب; Persian پ is spelled p or b.
        '\u{0628}' | '\u{067E}' => Cons(b'b'),
        // ة ۃ ta marbuta: final -a/-ah/-eh, never a consonant in a name's Latin form.
        '\u{0629}' | '\u{06C3}' => Vowel,
        // ت ط ث ٹ: ث is th (English), s (Turkish/Persian) or t (Egyptian); t is the common class
        // with the Latin th rule and with Hebrew ת (Nathan).
        '\u{062A}' | '\u{0637}' | '\u{062B}' | '\u{0679}' => Cons(b't'),
        // ج ژ: j / dj / dzh / zh in Latin. Egyptian g (Gamal) is one edit away.
        '\u{062C}' | '\u{0698}' => Cons(b'j'),
        // چ ش: Latin sh / ch / sch / tch; ch is the French spelling of ش (Cherif) and the usual one
        // of Persian چ, so one class serves both.
        '\u{0686}' | '\u{0634}' => Cons(b'x'),
        // ح ه ھ ۀ ہ: h; خ below is kh, which Latin also reduces to h.
        '\u{062D}' | '\u{0647}' | '\u{06BE}' | '\u{06C0}' | '\u{06C1}' => FinalH,
        '\u{062E}' => Cons(b'h'),
        // د ض ڈ: ض is d in Arabic-world spellings (Ramadan, Fadl), z only in Persian/Urdu.
        '\u{062F}' | '\u{0636}' | '\u{0688}' => Cons(b'd'),
        // ذ ظ ز: written z or dh (Zahir/Dhahir, Muzaffar/Mudhafar), so Latin dh joins z.
        '\u{0630}' | '\u{0638}' | '\u{0632}' => Cons(b'z'),
        // ر ڑ
        '\u{0631}' | '\u{0691}' => Cons(b'r'),
        // س ص: the emphatic is plain s in every Latin spelling.
        '\u{0633}' | '\u{0635}' => Cons(b's'),
        // غ ق ك ک گ ڪ: q/k/g/gh in Latin (Qasim/Kassem/Ghasem: Persian merges ق and غ).
        '\u{063A}' | '\u{0642}' | '\u{0643}' | '\u{06A9}' | '\u{06AF}' | '\u{06AA}' => Cons(b'k'),
        // ف ڤ
        '\u{0641}' | '\u{06A4}' => Cons(b'f'),
        '\u{0644}' => Cons(b'l'),
        '\u{0645}' => Cons(b'm'),
        // ن ں
        '\u{0646}' | '\u{06BA}' => Cons(b'n'),
        // و and the Kurdish/Uyghur waw forms ۆ ۇ ۈ ۋ
        '\u{0648}' | '\u{06C6}' | '\u{06C7}' | '\u{06C8}' | '\u{06CB}' => Semi(b'w'),
        // ي ی ې
        '\u{064A}' | '\u{06CC}' | '\u{06D0}' => Semi(b'y'),
        // ى alif maqsura, ے bari ye, ە: final vowels.
        '\u{0649}' | '\u{06D2}' | '\u{06D5}' => Vowel,
        // --- Hebrew ---
        // א ע
        '\u{05D0}' | '\u{05E2}' => Onset,
        '\u{05D1}' => Begadkefat(b'w'),
        // ג is g, which the Latin side puts with k.
        '\u{05D2}' => Cons(b'k'),
        '\u{05D3}' => Cons(b'd'),
        // ה ח
        '\u{05D4}' | '\u{05D7}' => FinalH,
        // ו װ ױ
        '\u{05D5}' | '\u{05F0}' | '\u{05F1}' => Semi(b'w'),
        '\u{05D6}' => Cons(b'z'),
        '\u{05D8}' | '\u{05EA}' => Cons(b't'),
        // י ײ
        '\u{05D9}' | '\u{05F2}' => Semi(b'y'),
        // ך כ ק
        '\u{05DA}' | '\u{05DB}' | '\u{05E7}' => Cons(b'k'),
        '\u{05DC}' => Cons(b'l'),
        '\u{05DD}' | '\u{05DE}' => Cons(b'm'),
        '\u{05DF}' | '\u{05E0}' => Cons(b'n'),
        // ס and צ ץ: tsadi is ts/tz/z/s in Latin; the Latin side maps ts/tz to s to match.
        '\u{05E1}' | '\u{05E5}' | '\u{05E6}' => Cons(b's'),
        // ף final pe is always f; פ depends on position.
        '\u{05E3}' => Cons(b'f'),
        '\u{05E4}' => Begadkefat(b'f'),
        '\u{05E8}' => Cons(b'r'),
        '\u{05E9}' => Cons(b'x'),
        _ => return None,
    };
    Some(class)
}

/// Arabic presentation forms (legacy PDF extractions, ligatures such as ﻻ) and Hebrew presentation
/// forms (precomposed pointed letters): decomposed to the base letters before classification.
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Letters after which an initial ال is read as the definite article: real consonants, so that
/// الياس (Elias), العمري (al-Omari) and الوليد keep their al-, as their joined Latin spellings do
/// (see [`latin_consonant_key`]).
fn starts_consonant(c: char) -> bool {
    matches!(abjad_class(c), Some(Abjad::Cons(_) | Abjad::FinalH))
}

/// A consonant-skeleton Latin key for a token in Arabic script (with the Persian and Urdu letters)
/// or Hebrew script, comparable with [`latin_consonant_key`] of a Latin spelling of the same name:
/// محمد → `mhmd` = muhammad / mohamed; عبدالله → `abdl` = abdullah / abdallah; משה → `mx` = moshe.
///
/// Returns `None` when the token has no Arabic or Hebrew letter; vowel marks, tatweel and any other
/// character are ignored. The key can be empty: a token of vowel letters only, such as ى or ة.
///
/// Rules, each matched by the Latin side:
/// - consonant classes: b (ب پ), t (ت ط ث ٹ), j (ج ژ), x (ش چ), h (ح ه خ), d (د ض ڈ), z (ذ ظ ز),
///   r, s (س ص), k (ق ك گ غ), f, l, m, n; Hebrew letters to the same classes;
/// - alif, hamza forms and ayin give `a` at the start of the word and nothing elsewhere;
/// - و / ي give `w` / `y` at the start of the word and nothing elsewhere (long vowels);
/// - ة, ى, ے and a final ه / ح (Hebrew ה / ח) give nothing;
/// - an initial ال before a consonant is the article and is stripped, since Latin spellings attach,
///   separate or drop al-/el- freely;
/// - لل (article + lam, as in عبدالله) counts once, as Latin ll does. Other repeated letters are kept:
///   Arabic writes a geminate once, so two written letters are two consonants (ممدوح = mamdouh).
///
/// Known limits: with the long vowels gone, حسن and حسين (Hassan, Hussein) share the key `hsn`,
/// محمد and محمود (Muhammad, Mahmoud) share `mhmd`, and أحمد / محمود (Ahmed, Mahmoud) are one edit
/// apart; the [`skeleton`] distance separates those pairs.
pub fn abjad_key(token: &str) -> Option<String> {
    let mut letters: Vec<char> = Vec::with_capacity(token.len() / 2);
    for c in token.chars() {
        if is_presentation_form(c) {
            unicode_normalization::char::decompose_compatible(c, |d| {
                if abjad_class(d).is_some() {
                    letters.push(d);
                }
            });
        } else if abjad_class(c).is_some() {
            letters.push(c);
        }
    }
    if letters.is_empty() {
        return None;
    }
    let start = match letters.as_slice() {
        // ا / ٱ + ل + consonant + at least one more letter.
        [a, '\u{0644}', next, _, ..] if matches!(a, '\u{0627}' | '\u{0671}') && starts_consonant(*next) => 2,
        _ => 0,
    };
    let body = letters.get(start..).unwrap_or(&[]);
    let mut key = KeyBuilder::new(body.len(), false);
    for (p, &c) in body.iter().enumerate() {
        let initial = p == 0;
        let last = p + 1 == body.len();
        match abjad_class(c) {
            Some(Abjad::Cons(k)) => key.push(k),
            Some(Abjad::Onset) if initial => key.push(b'a'),
            Some(Abjad::Semi(k)) if initial => key.push(k),
            Some(Abjad::FinalH) if !last => key.push(b'h'),
            Some(Abjad::Begadkefat(_)) if initial => key.push(b'b'),
            Some(Abjad::Begadkefat(b'f')) => key.push(b'f'),
            _ => key.gap(),
        }
    }
    Some(key.finish())
}

/// Accumulates key classes; a gap (a dropped vowel or letter) separates repeats, which are otherwise
/// written once: fully for Latin (geminates ll, mm, ss), only for l for Arabic (the article's لل).
struct KeyBuilder {
    out: Vec<u8>,
    last: Option<u8>,
    collapse_all: bool,
}

impl KeyBuilder {
    fn new(capacity: usize, collapse_all: bool) -> Self {
        Self { out: Vec::with_capacity(capacity + 1), last: None, collapse_all }
    }

    fn push(&mut self, class: u8) {
        let repeat = self.last == Some(class) && (self.collapse_all || class == b'l');
        if !repeat {
            self.out.push(class);
        }
        self.last = Some(class);
    }

    fn gap(&mut self) {
        self.last = None;
    }

    fn finish(self) -> String {
        ascii_string(self.out)
    }
}

/// The Latin counterpart of [`abjad_key`]: the consonant key of a Latin spelling, so that
/// `abjad_key("حسين") == Some(latin_consonant_key("hussein"))` (both `hsn`).
///
/// Rules (see [`abjad_key`] for the classes):
/// - a leading al/el is the Arabic article and is stripped when the token is longer than 4 letters
///   and the article is followed by a consonant (alhassan, elsayed). Shorter tokens (Ali, Alan, Alaa)
///   keep it. Known cost: Latin names such as Albert or Alfred lose their al-, harmless for a key
///   only compared with abjad keys;
/// - a leading vowel gives `a` (Arabic initial alif/hamza/ayin), y gives `y`, w/v give `w`, i before
///   a vowel gives `y` (Iousouf) and ou before a vowel gives `w` (Oualid); all other vowels, y, w
///   and v are dropped (long vowels and diphthongs, and Persian و = v: Parviz);
/// - kh → h, gh / g / q / k / ck / hard c → k (Egyptian g = ج costs one edit: Gamal/Jamal),
///   sh / ch / sch / tch / tsh → x (French ch = ش: Cherif), j / dj / dzh / dsch / zh → j,
///   th → t, dh / z → z, ts / tz / soft c / s → s, ph / f → f, b / p → b, x → ks;
/// - a bare final h is dropped (Abdallah/Abdalla, Saleh = صالح);
/// - a repeated class without a vowel between is written once (ll, mm, ss).
///
/// Known costs: s+h and d+h across syllables read as digraphs (Ishaq, Adham), Hebrew ch (Chaim,
/// Menachem) is read as French ch, and Turkish c = ج (Cemal) as k.
pub fn latin_consonant_key(latin_token: &str) -> String {
    let letters = ascii_letters(latin_token);
    let strip = letters.len() > 4
        && (letters.starts_with(b"al") || letters.starts_with(b"el"))
        && letters.get(2).is_some_and(|&c| is_consonant(c) && !matches!(c, b'w' | b'v'));
    let s = if strip { letters.get(2..).unwrap_or(&[]) } else { &letters[..] };
    let n = s.len();
    let mut key = KeyBuilder::new(n, true);
    let mut i = 0;
    while i < n {
        let c = at(s, i);
        let n1 = at(s, i + 1);
        let n2 = at(s, i + 2);
        let n3 = at(s, i + 3);
        if i == 0 {
            let initial: Option<(u8, usize)> = match c {
                b'y' => Some((b'y', 1)),
                b'w' | b'v' => Some((b'w', 1)),
                b'i' if is_vowel(n1) => Some((b'y', 1)),
                b'o' if n1 == b'u' && is_vowel(n2) => Some((b'w', 2)),
                _ if is_vowel(c) => Some((b'a', 1)),
                _ => None,
            };
            if let Some((class, step)) = initial {
                key.push(class);
                i += step;
                continue;
            }
        }
        let (class, step): (&[u8], usize) = match c {
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w' | b'v' => (b"", 1),
            b'b' => (b"b", 1),
            b'p' => {
                if n1 == b'h' {
                    (b"f", 2)
                } else {
                    (b"b", 1)
                }
            }
            b'c' => match n1 {
                b'h' => (b"x", 2),
                b'k' => (b"k", 2),
                b'e' | b'i' | b'y' => (b"s", 1),
                _ => (b"k", 1),
            },
            b'd' => {
                if n1 == b'z' && n2 == b'h' {
                    (b"j", 3)
                } else if n1 == b's' && n2 == b'c' && n3 == b'h' {
                    (b"j", 4)
                } else if n1 == b'j' {
                    (b"j", 2)
                } else if n1 == b'h' {
                    (b"z", 2)
                } else {
                    (b"d", 1)
                }
            }
            b'f' => (b"f", 1),
            b'g' => {
                if n1 == b'h' {
                    (b"k", 2)
                } else {
                    (b"k", 1)
                }
            }
            b'h' => {
                if i + 1 == n {
                    (b"", 1)
                } else {
                    (b"h", 1)
                }
            }
            b'j' => (b"j", 1),
            b'k' => {
                if n1 == b'h' {
                    (b"h", 2)
                } else {
                    (b"k", 1)
                }
            }
            b'q' => (b"k", 1),
            b's' => {
                if n1 == b'c' && n2 == b'h' {
                    (b"x", 3)
                } else if n1 == b'h' {
                    (b"x", 2)
                } else {
                    (b"s", 1)
                }
            }
            b't' => {
                if (n1 == b'c' || n1 == b's') && n2 == b'h' {
                    (b"x", 3)
                } else if n1 == b'h' {
                    (b"t", 2)
                } else if n1 == b's' || n1 == b'z' {
                    (b"s", 2)
                } else {
                    (b"t", 1)
                }
            }
            b'x' => (b"ks", 1),
            b'z' => {
                if n1 == b'h' {
                    (b"j", 2)
                } else {
                    (b"z", 1)
                }
            }
            b'l' => (b"l", 1),
            b'm' => (b"m", 1),
            b'n' => (b"n", 1),
            b'r' => (b"r", 1),
            _ => (b"", 1),
        };
        if class.is_empty() {
            key.gap();
        }
        for &k in class {
            key.push(k);
        }
        i += step;
    }
    key.finish()
}

// ---------------------------------------------------------------------------------------------------
// Edit budget and weighted distance
// ---------------------------------------------------------------------------------------------------

/// Edits tolerated between two tokens whose longer one has `len` characters: 0 up to 2, 1 for 3–5,
/// 2 for 6–10, 3 beyond. Three- and four-letter tokens get one edit (Jon/John, Ali/Aly), where a
/// proportional budget would give none and make short true names score too low.
pub fn edit_budget(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        6..=10 => 2,
        _ => 3,
    }
}

/// Cost of substituting one character of a confusable pair.
pub const CONFUSABLE_COST: f32 = 0.5;

/// Character pairs that spelling variation, romanisation or OCR commonly swap; substituting one for
/// the other costs [`CONFUSABLE_COST`] instead of 1.
///
/// Beyond the usual phonetic pairs (i/y, u/w, c/k, k/q, s/z, f/v, b/p, d/t, g/k, e/i, o/u, m/n) and
/// OCR pairs (0/o, 1/l, 1/i, 5/s): a/e (Arabic short a is written a or e: Muhammad/Mohammed,
/// Ahmad/Ahmed), v/w and j/y (German spellings), c/s (soft c), and in skeletons c/x (French ch = sh)
/// and j/y (French j for zh).
pub const fn confusable(a: char, b: char) -> bool {
    let (x, y) = if a <= b { (a, b) } else { (b, a) };
    matches!(
        (x, y),
        ('i', 'y')
            | ('u', 'w')
            | ('c', 'k')
            | ('k', 'q')
            | ('s', 'z')
            | ('f', 'v')
            | ('b', 'p')
            | ('d', 't')
            | ('g', 'k')
            | ('e', 'i')
            | ('o', 'u')
            | ('m', 'n')
            | ('a', 'e')
            | ('v', 'w')
            | ('j', 'y')
            | ('c', 's')
            | ('c', 'x')
            | ('0', 'o')
            | ('1', 'l')
            | ('1', 'i')
            | ('5', 's')
    )
}

/// [`confusable`] of every pair of ASCII characters: a row per character, a bit per other one.
const CONFUSABLE_ASCII: [u128; 128] = {
    let mut table = [0u128; 128];
    let mut x = 0;
    while x < 128 {
        let mut y = 0;
        while y < 128 {
            if confusable(x as u8 as char, y as u8 as char) {
                table[x] |= 1 << y;
            }
            y += 1;
        }
        x += 1;
    }
    table
};

/// Each ASCII character's class under [`confusable`] made transitive (a, e, i, y, j, l and 1 are one;
/// c, k, q, g, s, z, x and 5 another): a confusable substitution stays within a class.
const CONFUSABLE_CLASS: [u8; 128] = {
    let mut class = [0u8; 128];
    let mut x = 0;
    while x < 128 {
        class[x] = x as u8;
        x += 1;
    }
    // Each character takes the least class of those it is confusable with, until none changes.
    let mut changed = true;
    while changed {
        changed = false;
        let mut x = 0;
        while x < 128 {
            let mut y = 0;
            while y < 128 {
                if CONFUSABLE_ASCII[x] & (1 << y) != 0 && class[y] < class[x] {
                    class[x] = class[y];
                    changed = true;
                }
                y += 1;
            }
            x += 1;
        }
    }
    class
};

/// Each ASCII character's bucket among eight: the classes of [`CONFUSABLE_CLASS`] that hold a letter
/// (a–z fall in exactly eight), and for any other character the bucket of `h`. Sharing a bucket only
/// weakens the bound it serves, never breaks it.
const BUCKET: [u8; 128] = {
    let mut bucket = [u8::MAX; 128];
    let mut next = 0u8;
    let mut c = b'a';
    while c <= b'z' {
        let class = CONFUSABLE_CLASS[c as usize];
        // The bucket of the class, numbered when first met.
        let mut found = u8::MAX;
        let mut d = b'a';
        while d < c {
            if CONFUSABLE_CLASS[d as usize] == class {
                found = bucket[d as usize];
            }
            d += 1;
        }
        if found == u8::MAX {
            found = next;
            next += 1;
        }
        bucket[c as usize] = found;
        c += 1;
    }
    assert!(next == 8, "the letters fall in eight confusable classes");
    let misc = bucket[b'h' as usize];
    let mut x = 0;
    while x < 128 {
        if bucket[x] == u8::MAX {
            let class = CONFUSABLE_CLASS[x];
            bucket[x] = misc;
            // A character confusable with a letter (0, 1, 5) goes with it.
            let mut d = b'a';
            while d <= b'z' {
                if CONFUSABLE_CLASS[d as usize] == class {
                    bucket[x] = bucket[d as usize];
                }
                d += 1;
            }
        }
        x += 1;
    }
    bucket
};

/// What a spelling is made of, for ruling out a pair of spellings before their distance is worked
/// out: the letters it uses (a bit each, by their low five bits), its length in bytes, and how many
/// of its characters fall in each confusable bucket (a byte each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sketch {
    pub letters: u32,
    pub len: u32,
    /// A byte per bucket; 0 for a spelling empty, too long or not ASCII, for which no bound is drawn.
    buckets: u64,
}

impl Sketch {
    pub fn of(s: &str) -> Self {
        let letters = s.bytes().fold(0u32, |m, b| m | (1 << (b & 31)));
        let mut buckets = 0u64;
        if s.is_ascii() && s.len() < 256 {
            for c in s.bytes() {
                let b = BUCKET.get(usize::from(c)).copied().unwrap_or(0);
                buckets += 1 << (8 * u32::from(b & 7));
            }
        }
        Self { letters, len: s.len() as u32, buckets }
    }

    /// A lower bound of the [`weighted_distance`] of the two spellings: an insertion or deletion
    /// (cost 1) changes one bucket's count by one, a substitution across buckets (never a confusable
    /// pair, cost 1) two counts by one, a confusable substitution or a transposition none; so the
    /// distance is at least half the counts' differences. 0 when either has no counts.
    pub fn distance_bound(&self, other: &Self) -> f32 {
        if self.buckets == 0 || other.buckets == 0 {
            return 0.0;
        }
        let (a, b) = (self.buckets.to_le_bytes(), other.buckets.to_le_bytes());
        let differences: u32 = a.iter().zip(b.iter()).map(|(x, y)| u32::from(x.abs_diff(*y))).sum();
        differences as f32 / 2.0
    }
}

/// The distance up to which [`similarity_within`] works two spellings out, the longer of `len`
/// characters: within the [`edit_budget`], and only as far as a similarity of `floor`, or `slips`
/// letters of edits, needs.
pub fn reach(len: usize, floor: f32, slips: f32) -> f32 {
    // The distances are multiples of half an edit, and (1 - floor) × len misses a whole multiple
    // by far more than this when it misses it at all.
    const ROUNDING: f32 = 1e-3;
    let needed = ((1.0 - floor) * len as f32).max(slips) + ROUNDING;
    (edit_budget(len) as f32).min(needed)
}

/// [`confusable`] of two ASCII bytes, read from a table (the edit distance asks it per cell).
fn confusable_ascii(a: u8, b: u8) -> bool {
    CONFUSABLE_ASCII.get(usize::from(a)).is_some_and(|row| b < 128 && row & (1 << b) != 0)
}

/// Rows of up to this many cells live on the stack; longer tokens fall back to one heap buffer.
const STACK_ROW: usize = 40;

/// Cost-weighted Damerau distance (optimal string alignment: insertions, deletions, substitutions and
/// adjacent transpositions, no substring edited twice) between `a` and `b`, by characters.
///
/// Insertions, deletions, transpositions and ordinary substitutions cost 1; substituting a
/// [`confusable`] pair costs 0.5. Returns `None` as soon as the distance is known to exceed `max`
/// (also for a negative or NaN `max`). Only cells within `floor(max)` of the diagonal are computed,
/// since any alignment leaving that band needs more than `max` insertions or deletions, so a call
/// costs O(len × max) and stops at the first row whose best cell is already over `max`.
pub fn weighted_distance(a: &str, b: &str, max: f32) -> Option<f32> {
    if max.is_nan() || max < 0.0 {
        return None;
    }
    if a == b {
        return Some(0.0);
    }
    if a.is_ascii() && b.is_ascii() {
        banded_osa(a.as_bytes(), b.as_bytes(), max, confusable_ascii)
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        banded_osa(&a, &b, max, confusable)
    }
}

/// A cell of the matrix out of reach, in half edits (with room to add an edit without overflow).
const FAR: u16 = 0x3fff;

fn cell(row: &[u16], j: usize) -> u16 {
    row.get(j).copied().unwrap_or(FAR)
}

fn set_cell(row: &mut [u16], j: usize, v: u16) {
    if let Some(c) = row.get_mut(j) {
        *c = v;
    }
}

/// The distance in half edits (a confusable substitution is one, any other edit two), so that the
/// matrix holds small integers.
fn banded_osa<T: Copy + PartialEq>(a: &[T], b: &[T], max: f32, confusable: impl Fn(T, T) -> bool) -> Option<f32> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) as f32 > max {
        return None;
    }
    let longest = n.max(m);
    // Half-width of the band; `max` at least `longest` means the full matrix.
    let w = if max >= longest as f32 { longest } else { max.floor() as usize };
    // A distance is a whole number of half edits: within `max` when within its floor in halves.
    let limit = (2.0 * max).floor().min(f32::from(FAR - 2)) as u16;
    let (edit, half) = (2u16, (2.0 * CONFUSABLE_COST) as u16);
    let width = m + 1;
    let mut stack = [FAR; 3 * STACK_ROW];
    let mut heap = Vec::new();
    let buf: &mut [u16] = if 3 * width <= stack.len() {
        stack.get_mut(..3 * width).unwrap_or(&mut [])
    } else {
        heap.resize(3 * width, FAR);
        &mut heap
    };
    let (mut prev2, rest) = buf.split_at_mut_checked(width).unwrap_or((&mut [], &mut []));
    let (mut prev, mut cur) = rest.split_at_mut_checked(width).unwrap_or((&mut [], &mut []));
    for j in 0..=m {
        set_cell(prev, j, if j <= w { edit * j.min(usize::from(FAR)) as u16 } else { FAR }.min(FAR));
    }
    for i in 1..=n {
        let ai = match a.get(i - 1) {
            Some(&x) => x,
            None => return None,
        };
        let a_before = i.checked_sub(2).and_then(|k| a.get(k).copied());
        let lo = i.saturating_sub(w).max(1);
        let hi = (i + w).min(m);
        // Left boundary: the first column (i deletions) inside the band, otherwise out of reach.
        let left = if lo == 1 && i <= w { (edit * i.min(usize::from(FAR)) as u16).min(FAR) } else { FAR };
        set_cell(cur, lo - 1, left);
        let mut row_min = left;
        for j in lo..=hi {
            let Some(&bj) = b.get(j - 1) else { break };
            let sub = if ai == bj {
                0
            } else if confusable(ai, bj) {
                half
            } else {
                edit
            };
            let mut v = (cell(prev, j - 1) + sub).min(cell(prev, j) + edit).min(cell(cur, j - 1) + edit);
            // Adjacent transposition: a[i-2..i] is b[j-2..j] swapped.
            if let (Some(ap), Some(&bp)) = (a_before, j.checked_sub(2).and_then(|k| b.get(k)))
                && ai == bp
                && ap == bj
                && ai != bj
            {
                v = v.min(cell(prev2, j - 2) + edit);
            }
            let v = v.min(FAR);
            set_cell(cur, j, v);
            row_min = row_min.min(v);
        }
        // Right boundary: the next row reads one cell past this band.
        if hi < m {
            set_cell(cur, hi + 1, FAR);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = cell(prev, m);
    (d <= limit).then_some(f32::from(d) / 2.0)
}

/// Similarity in `0..=1` of two tokens: `1 - d / len` with `d` the [`weighted_distance`] and `len`
/// the longer token's length in characters, and 0 when `d` exceeds the [`edit_budget`] of that
/// length, so that borderline pairs fall off a cliff instead of scoring a misleading 0.6. Two empty
/// tokens are identical (1).
pub fn similarity(a: &str, b: &str) -> f32 {
    similarity_within(a, b, 1.0, f32::INFINITY)
}

/// [`similarity`] where only a similarity of at least `floor`, or one leaving at most `slips` letters'
/// worth of edits, is of use: any other may come out 0. The distance is worked out only that far, in a
/// narrower band of the matrix (most pairs a scorer compares are far apart).
pub fn similarity_within(a: &str, b: &str, floor: f32, slips: f32) -> f32 {
    let len =
        if a.is_ascii() && b.is_ascii() { a.len().max(b.len()) } else { a.chars().count().max(b.chars().count()) };
    if len == 0 {
        return 1.0;
    }
    match weighted_distance(a, b, reach(len, floor, slips)) {
        Some(d) => (1.0 - d / len as f32).clamp(0.0, 1.0),
        None => 0.0,
    }
}
