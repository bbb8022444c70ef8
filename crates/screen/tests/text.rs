//! Tests of the screening engine's text normalisation: scripts, `normalise`, `tokens`, `fold_latin`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use article3_screen::text::{Script, fold_latin, normalise, script_of, scripts, tokens};
use proptest::prelude::*;

// --- script_of / scripts ---------------------------------------------------------------------

#[test]
fn letters_get_their_script() {
    let cases = [
        ('a', Script::Latin),
        ('Z', Script::Latin),
        ('é', Script::Latin),
        ('ł', Script::Latin),
        ('ǅ', Script::Latin),
        ('ạ', Script::Latin),
        ('ж', Script::Cyrillic),
        ('Ђ', Script::Cyrillic),
        ('ә', Script::Cyrillic),
        ('ԁ', Script::Cyrillic),
        ('λ', Script::Greek),
        ('ῼ', Script::Greek),
        ('Ս', Script::Armenian),
        ('ﬓ', Script::Armenian),
        ('შ', Script::Georgian),
        ('Ა', Script::Georgian),
        ('م', Script::Arabic),
        ('پ', Script::Arabic),
        ('ے', Script::Arabic),
        ('ﻣ', Script::Arabic),
        ('ש', Script::Hebrew),
        ('李', Script::Han),
        ('㐀', Script::Han),
        ('々', Script::Han),
        ('ひ', Script::Hiragana),
        ('カ', Script::Katakana),
        ('ｶ', Script::Katakana),
        ('ー', Script::Katakana),
        ('김', Script::Hangul),
        ('ᄀ', Script::Hangul),
        ('ㄱ', Script::Hangul),
        ('क', Script::Devanagari),
        ('ि', Script::Devanagari),
        ('্', Script::Bengali),
        ('ক', Script::Bengali),
        ('ก', Script::Thai),
        ('ั', Script::Thai),
        ('አ', Script::Ethiopic),
        ('ក', Script::Khmer),
        ('த', Script::Other),
    ];
    for (c, want) in cases {
        assert_eq!(script_of(c), Some(want), "{c:?} U+{:04X}", c as u32);
    }
}

#[test]
fn neutral_characters_have_no_script() {
    for c in [
        '0', '9', ' ', '\u{a0}', '-', '.', '\'', '’', ',', '٣', '،', '।', '฿', '\u{301}', '\u{200d}', '№', '(', '«',
        '·', 'ʼ',
    ] {
        assert_eq!(script_of(c), None, "{c:?} U+{:04X}", c as u32);
    }
}

#[test]
fn scripts_are_distinct_in_order_of_appearance() {
    assert_eq!(scripts("Иван Ivanov Иванов"), vec![Script::Cyrillic, Script::Latin]);
    assert_eq!(scripts("123 - ..."), Vec::<Script>::new());
    assert_eq!(scripts(""), Vec::<Script>::new());
    assert_eq!(scripts("محمد 李 Ali"), vec![Script::Arabic, Script::Han, Script::Latin]);
    assert_eq!(scripts("山田 たろう タロウ"), vec![Script::Han, Script::Hiragana, Script::Katakana]);
}

// --- normalise --------------------------------------------------------------------------------

#[test]
fn apostrophes_hyphens_and_spaces() {
    assert_eq!(normalise("  O'Brien-Smith "), "obrien smith");
    assert_eq!(normalise("D’Artagnan"), "dartagnan");
    assert_eq!(normalise("D´Artagnan"), "dartagnan");
    assert_eq!(normalise("Oʻzbek ʼAli"), "ozbek ali");
    assert_eq!(normalise("N`Diaye"), "ndiaye");
    assert_eq!(normalise("Jean\u{a0}Paul"), "jean paul");
    assert_eq!(normalise("Jean \t\n  Paul"), "jean paul");
    assert_eq!(normalise("Ana—María (Pérez)"), "ana maría pérez");
    assert_eq!(normalise("«Иван»"), "иван");
}

#[test]
fn apostrophes_and_dots_at_word_edges_separate() {
    // Only inside a word do they join; at an edge they are punctuation.
    assert_eq!(normalise("'Ali'"), "ali");
    assert_eq!(normalise("Smith' Jones"), "smith jones");
    assert_eq!(normalise("J. R. Smith"), "j r smith");
    assert_eq!(normalise("a..b"), "a b");
}

#[test]
fn dots_inside_words_are_removed() {
    assert_eq!(normalise("U.S.A."), "usa");
    assert_eq!(normalise("J.R.R. Tolkien"), "jrr tolkien");
    assert_eq!(normalise("Col·lecció"), "collecció");
}

#[test]
fn full_case_folding() {
    assert_eq!(normalise("STRAßE"), "strasse");
    assert_eq!(normalise("STRAẞE"), "strasse");
    assert_eq!(normalise("ΟΔΥΣΣΕΥΣ"), "οδυσσευσ");
    assert_eq!(normalise("Οδυσσεύς"), "οδυσσεύσ");
    assert_eq!(normalise("ᾼ"), "αι");
    assert_eq!(normalise("ИВАНОВ"), "иванов");
    assert_eq!(normalise("ՍԱՐԳՍՅԱՆ"), "սարգսյան");
    assert_eq!(normalise("İstanbul"), "i\u{307}stanbul");
}

#[test]
fn the_script_is_kept() {
    assert_eq!(normalise("Μαρία"), "μαρία");
    assert_eq!(normalise("Йосип Їжакевич"), "йосип їжакевич");
    assert_eq!(normalise("Ёлкин"), "ёлкин");
    assert_eq!(normalise("김민준"), "김민준");
    assert_eq!(normalise("李小龍"), "李小龍");
}

#[test]
fn compatibility_forms_fold() {
    assert_eq!(normalise("ＭＵＬＬＥＲ"), "muller");
    assert_eq!(normalise("ﬁnn"), "finn");
    assert_eq!(normalise("ｶﾞｸ"), "ガク");
    assert_eq!(normalise("Ⅳ"), "iv");
    // Decomposed and precomposed accents compare equal.
    assert_eq!(normalise("Jose\u{301}"), normalise("José"));
    assert_eq!(normalise("И\u{306}"), "й");
}

#[test]
fn invisible_characters_are_deleted_not_spaced() {
    assert_eq!(normalise("Mu\u{200b}ller"), "muller");
    assert_eq!(normalise("Mül\u{ad}ler"), "müller");
    assert_eq!(normalise("\u{200f}علي\u{200e}"), "علي");
    assert_eq!(normalise("می\u{200c}خواهم"), "میخواهم");
    assert_eq!(normalise("\u{feff}Anna"), "anna");
    // A joiner between a letter and its accent does not keep them apart.
    assert_eq!(normalise("e\u{200d}\u{301}"), "é");
}

#[test]
fn arabic_vowel_marks_and_tatweel_go() {
    assert_eq!(normalise("مُحَمَّد"), "محمد");
    assert_eq!(normalise("محـــمد"), "محمد");
    assert_eq!(normalise("عبدُ الله"), "عبد الله");
    // Letters themselves stay, including the Persian and Urdu ones.
    assert_eq!(normalise("پرویز"), "پرویز");
}

#[test]
fn hebrew_points_go() {
    assert_eq!(normalise("שָׁלוֹם"), "שלום");
    assert_eq!(normalise("בן־גוריון"), "בן גוריון");
}

#[test]
fn spacing_marks_of_indic_and_thai_stay() {
    assert_eq!(normalise("देवी"), "देवी");
    assert_eq!(normalise("স্মিতা"), "স্মিতা");
    assert_eq!(normalise("สมชาย"), "สมชาย");
    assert_eq!(normalise("ศรีสุข"), "ศรีสุข");
    assert_eq!(normalise("नरेन्द्र मोदी।"), "नरेन्द्र मोदी");
}

#[test]
fn empty_and_blank() {
    assert_eq!(normalise(""), "");
    assert_eq!(normalise("   "), "");
    assert_eq!(normalise("-.'"), "");
    assert_eq!(normalise("\u{301}"), "");
}

// --- tokens -----------------------------------------------------------------------------------

#[test]
fn tokens_split_on_separators() {
    assert_eq!(tokens("  O'Brien-Smith, John "), vec!["obrien", "smith", "john"]);
    assert_eq!(tokens("ΠΑΠΑΔΌΠΟΥΛΟΣ Γιώργος"), vec!["παπαδόπουλοσ", "γιώργοσ"]);
    assert_eq!(tokens(""), Vec::<String>::new());
    assert_eq!(tokens(" - "), Vec::<String>::new());
}

// --- fold_latin -------------------------------------------------------------------------------

#[test]
fn fold_latin_drops_accents_and_maps_special_letters() {
    // ø has no decomposition; it folds to o, as the brief's table says (not to the ICAO oe).
    assert_eq!(fold_latin("Łukasz Żółć Ærø"), "lukasz zolc aero");
    assert_eq!(fold_latin("straße"), "strasse");
    assert_eq!(fold_latin("ðorvaldur þórsson"), "dorvaldur thorsson");
    assert_eq!(fold_latin("đorđe ħelu ıspir"), "dorde helu ispir");
    assert_eq!(fold_latin("œuvre ŋa ſ ə"), "oeuvre nga s e");
    assert_eq!(fold_latin("nguyễn văn thị"), "nguyen van thi");
    assert_eq!(fold_latin("çağrı şükrü"), "cagri sukru");
    assert_eq!(fold_latin("i\u{307}stanbul"), "istanbul");
}

#[test]
fn fold_latin_removes_apostrophe_letters_and_squashes() {
    assert_eq!(fold_latin("oʻzbek"), "ozbek");
    assert_eq!(fold_latin("haʼaretz"), "haaretz");
    assert_eq!(fold_latin("o'brien"), "obrien");
    assert_eq!(fold_latin("  a -- b  "), "a b");
    assert_eq!(fold_latin("ﬁnn ＭＵＬＬＥＲ"), "finn muller");
    assert_eq!(fold_latin("room 101"), "room 101");
}

#[test]
fn fold_latin_leaves_nothing_of_other_scripts() {
    assert_eq!(fold_latin("иван"), "");
    assert_eq!(fold_latin("ali علي ali"), "ali ali");
    assert_eq!(fold_latin("李"), "");
}

// --- properties -------------------------------------------------------------------------------

fn is_folded(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' ')
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
}

fn is_clean(s: &str) -> bool {
    !s.starts_with(' ') && !s.ends_with(' ') && !s.contains("  ")
}

/// Strings drawn mostly from the characters the rules treat specially, so that the interesting
/// combinations come up more often than in uniformly random text.
fn name_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "É", "e\u{301}", "'", "’", "ʼ", ".", "-", " ", "\u{a0}", "\u{200d}", "\u{200c}", "\u{ad}", "ß", "ẞ", "Σ",
        "ς", "ᾳ", "ᾼ", "ΐ", "й", "Ё", "İ", "ı", "\u{301}", "\u{308}", "\u{345}", "ـ", "\u{64e}", "م", "ש", "\u{5b8}",
        "ि", "क", "ั", "ก", "´", "ｶ", "ﾞ", "゛", "ǅ", "ﬁ", "½", "①", "ᄀ", "ᅡ", "ᆨ", "가", "ㄱ", "և", "\u{fe0f}",
        "\u{34f}", "·", "Ⅳ",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalise_is_idempotent_on_any_string(s in any::<String>()) {
        let once = normalise(&s);
        prop_assert_eq!(normalise(&once), once.clone());
        prop_assert!(is_clean(&once));
    }

    #[test]
    fn normalise_is_idempotent_on_printable_text(s in "\\PC*") {
        let once = normalise(&s);
        prop_assert_eq!(normalise(&once), once.clone());
        prop_assert!(is_clean(&once));
    }

    #[test]
    fn normalise_is_idempotent_on_tricky_text(s in name_like()) {
        let once = normalise(&s);
        prop_assert_eq!(normalise(&once), once.clone());
        prop_assert!(is_clean(&once));
    }

    #[test]
    fn tokens_are_non_empty_and_space_free(s in "\\PC*") {
        for t in tokens(&s) {
            prop_assert!(!t.is_empty());
            prop_assert!(!t.contains(' '));
        }
    }

    #[test]
    fn fold_latin_keeps_only_ascii_letters_digits_and_single_spaces(s in any::<String>()) {
        let folded = fold_latin(&s);
        prop_assert!(is_folded(&folded), "{:?}", folded);
        prop_assert_eq!(fold_latin(&folded), folded.clone());
    }

    #[test]
    fn fold_latin_of_normalised_text_is_folded(s in name_like()) {
        let folded = fold_latin(&normalise(&s));
        prop_assert!(is_folded(&folded), "{:?}", folded);
    }
}

#[test]
fn normalise_is_idempotent_on_every_character_in_context() {
    // Each character alone, between a letter and a mark, before a mark, and after an apostrophe:
    // the contexts in which deletion, composition and case mapping interact (W◌̊ only composes
    // once lower-cased, to ẘ).
    // Planes 3–13 and the private use planes hold no characters with special behaviour.
    let assigned = (0..=0x323AFu32).chain(0xE0000..=0xE01EF);
    for c in assigned.filter_map(char::from_u32) {
        for s in [c.to_string(), format!("a{c}\u{301}"), format!("{c}\u{30a}"), format!("a'{c}")] {
            let once = normalise(&s);
            assert_eq!(normalise(&once), once, "{s:?}");
            let folded = fold_latin(&s);
            assert!(is_folded(&folded), "{s:?} -> {folded:?}");
        }
    }
}

#[test]
fn case_folding_that_enables_composition_is_recomposed() {
    // There is no capital W with ring above, only the small one.
    assert_eq!(normalise("W\u{30a}"), "ẘ");
    assert_eq!(normalise("Y\u{30a}"), "ẙ");
}
