//! Phonetic keys and weighted distance: spellings that must meet, names that must stay apart, the
//! documented limits, and properties checked against a plain full-matrix reference.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use article3_screen::phonetic::{
    Sketch, abjad_key, confusable, edit_budget, latin_consonant_key, metaphone_like, similarity, skeleton,
    weighted_distance,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------------
// Reference implementations (full matrix, no band, no early exit)
// ---------------------------------------------------------------------------------------------------

/// Cost-weighted optimal string alignment distance over the whole matrix.
fn reference_weighted(a: &str, b: &str) -> f32 {
    osa(a, b, |x, y| if confusable(x, y) { 0.5 } else { 1.0 })
}

/// Unit-cost optimal string alignment distance (plain Damerau as the scorer's bound).
fn reference_unit(a: &str, b: &str) -> f32 {
    osa(a, b, |_, _| 1.0)
}

fn osa(a: &str, b: &str, sub_cost: impl Fn(char, char) -> f32) -> f32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0.0f32; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i as f32;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j as f32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = if a[i - 1] == b[j - 1] { 0.0 } else { sub_cost(a[i - 1], b[j - 1]) };
            let mut v = (d[i - 1][j - 1] + sub).min(d[i - 1][j] + 1.0).min(d[i][j - 1] + 1.0);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && a[i - 1] != b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1.0);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// Plain unit-cost edits between two keys (for the abjad keys, whose letters are classes).
fn edits(a: &str, b: &str) -> f32 {
    reference_unit(a, b)
}

/// Skeletons "converge" when they are equal or within one weighted edit.
fn converge(a: &str, b: &str) -> bool {
    let (sa, sb) = (skeleton(a), skeleton(b));
    sa == sb || weighted_distance(&sa, &sb, 1.0).is_some()
}

// ---------------------------------------------------------------------------------------------------
// Skeleton: spellings that must meet
// ---------------------------------------------------------------------------------------------------

/// Groups of spellings of one name from different romanisation systems or languages.
const SKELETON_GROUPS: &[&[&str]] = &[
    // Хрущёв: English, German, French, and Slovak Hruščov as transliterated (š→sh, č→ch).
    &["khrushchev", "chruschtschow", "khrouchtchev", "hrushchov"],
    // Ельцин: English, German, French, ICAO-like.
    &["yeltsin", "jelzin", "eltsine", "ieltsin"],
    // Юсуф / يوسف: English, Bosnian/German, French, Arabic-English.
    &["yusuf", "jusuf", "iousouf", "youssef"],
    &["mohammed", "muhammad", "mohamed", "muhammed"],
    &["aleksandr", "alexander", "aleksander", "alexandre"],
    // Чайковский: English, BGN, German, Polish.
    &["tchaikovsky", "chaikovskiy", "tschaikowski", "czajkowski"],
    &["qaddafi", "gaddafi", "kadhafi", "gadhafi", "gheddafi"],
    // Жуков: English, French, German.
    &["zhukov", "joukov", "schukow"],
    &["shevchenko", "schewtschenko", "chevtchenko"],
    &["gorbachev", "gorbatschow", "gorbatchev", "gorbachov"],
    &["khalid", "halid", "chalid"],
    &["sergei", "sergey", "serguei", "sergej"],
    &["dmitriy", "dmitri", "dmitrij", "dmitry"],
    &["yuri", "iouri", "juri", "jurij", "yury"],
    &["pyotr", "pjotr", "piotr"],
    &["vyacheslav", "wjatscheslaw", "viatcheslav"],
    &["andreyev", "andrejew", "andreev", "andreiev"],
    &["milosevic", "milosevich", "milosevitch", "milosewitsch"],
    &["smirnov", "smirnoff"],
    &["vasilyev", "vasiliev", "wassiljew", "vassilieff"],
    &["yevgeny", "evgeny", "jewgeni", "evgueni", "evgeniy"],
    &["yakov", "iakov", "jakow"],
    &["ilya", "ilia", "ilja"],
    &["natalya", "natalia", "natalja"],
    &["kareem", "karim"],
    &["hussein", "husain", "hussain", "husayn", "hossein"],
    &["abdallah", "abdalla"],
    &["fatimah", "fatima"],
    &["walid", "oualid"],
    &["mahmoud", "mahmud", "mahmood"],
    &["jafar", "djafar", "dzhafar", "dschafar"],
];

#[test]
fn spellings_of_one_name_converge() {
    for group in SKELETON_GROUPS {
        for (k, a) in group.iter().enumerate() {
            for b in &group[k + 1..] {
                assert!(converge(a, b), "{a} ({}) and {b} ({}) should converge", skeleton(a), skeleton(b));
            }
        }
    }
}

#[test]
fn fully_converging_groups_share_one_skeleton() {
    // Groups where every romanisation lands on exactly the same key.
    let exact: &[(&[&str], &str)] = &[
        (&["khrushchev", "chruschtschow", "khrouchtchev", "hrushchov"], "hruxcev"),
        (&["yeltsin", "jelzin", "eltsine", "ieltsin"], "elzin"),
        (&["tchaikovsky", "chaikovskiy", "tschaikowski", "czajkowski"], "caikovski"),
        (&["gorbachev", "gorbatschow", "gorbatchev"], "gorbacev"),
        (&["shevchenko", "schewtschenko"], "xevcenko"),
        (&["milosevic", "milosevich", "milosevitch", "milosewitsch"], "milosevic"),
        (&["andreyev", "andrejew", "andreev", "andreiev"], "andrev"),
        (&["sergei", "sergey", "serguei", "sergej"], "sergei"),
        (&["yuri", "iouri", "juri", "jurij", "yury"], "yuri"),
        (&["yusuf", "jusuf", "iousouf"], "yusuf"),
        (&["pyotr", "pjotr", "piotr"], "piotr"),
        (&["aleksander", "alexander"], "aleksander"),
        (&["qaddafi", "kadhafi"], "kadafi"),
    ];
    for (group, key) in exact {
        for name in *group {
            assert_eq!(skeleton(name), *key, "{name}");
        }
    }
}

#[test]
fn mohammed_spellings_are_within_one_edit_by_vowel_confusables() {
    // mohamed vs muhamad: o/u and e/a are confusable vowel pairs (0.5 each).
    assert_eq!(weighted_distance(&skeleton("mohamed"), &skeleton("muhammad"), 1.0), Some(1.0));
    assert_eq!(weighted_distance(&skeleton("mohammed"), &skeleton("muhammed"), 1.0), Some(0.5));
}

#[test]
fn silent_endings_are_dropped_but_spoken_ones_kept() {
    assert_eq!(skeleton("poutine"), skeleton("putin"));
    assert_eq!(skeleton("sarah"), skeleton("sara"));
    assert_eq!(skeleton("daniele"), skeleton("daniel"));
    // Short tokens and consonant clusters keep their final e.
    assert_eq!(skeleton("jose"), "yose");
    assert_eq!(skeleton("andre"), "andre");
    // -ie is /i/, but Maria keeps its a.
    assert_eq!(skeleton("marie"), "mari");
    assert_ne!(skeleton("marie"), skeleton("maria"));
}

// ---------------------------------------------------------------------------------------------------
// Skeleton: names that must stay apart, and documented costs
// ---------------------------------------------------------------------------------------------------

#[test]
fn different_names_keep_different_skeletons() {
    let pairs = [
        ("petrov", "petrova"),
        ("ivanov", "ivanova"),
        ("ivan", "ivana"),
        ("maria", "mario"),
        ("li", "le"),
        ("li", "lu"),
        ("le", "lu"),
        ("ali", "eli"),
        ("hassan", "hussein"),
        ("ahmed", "mahmoud"),
        ("zhukov", "shukov"),
        ("muhammad", "mahmoud"),
    ];
    for (a, b) in pairs {
        assert_ne!(skeleton(a), skeleton(b), "{a} / {b}");
    }
}

#[test]
fn distinct_names_are_beyond_one_edit() {
    // Maria/Mario differ by one full substitution: distinct skeletons (above) but within one edit,
    // which the scorer's budget judges; these pairs are further apart.
    for (a, b) in [("ahmed", "mahmoud"), ("hassan", "hussein"), ("ivanov", "petrov"), ("muhammad", "mahmoud")] {
        assert!(!converge(a, b), "{a} ({}) / {b} ({})", skeleton(a), skeleton(b));
    }
}

#[test]
fn known_cost_kh_and_h_merge() {
    // kh, Turkish h and German ch are one sound written three ways (Khalid/Halid); the price is that
    // Khan and Han become one skeleton.
    assert_eq!(skeleton("khan"), skeleton("han"));
}

#[test]
fn known_limit_stripped_hacek_does_not_meet() {
    // Hruščov with its diacritics merely stripped keeps plain s and c: transliteration must give
    // sh/ch (hrushchov) for the skeleton to meet Khrushchev.
    assert!(!converge("hruscov", "khrushchev"));
    assert!(converge("hrushchov", "khrushchev"));
}

#[test]
fn skeleton_tolerates_capitals_and_foreign_characters() {
    assert_eq!(skeleton("Khrushchev"), skeleton("khrushchev"));
    assert_eq!(skeleton("o'brien-2"), skeleton("obrien"));
    assert_eq!(skeleton("Хрущёв"), "");
    assert_eq!(skeleton(""), "");
}

// ---------------------------------------------------------------------------------------------------
// Metaphone-like blocking code
// ---------------------------------------------------------------------------------------------------

#[test]
fn metaphone_blocks_spelling_groups_together() {
    let groups: &[&[&str]] = &[
        &["khrushchev", "chruschtschow", "khrouchtchev"],
        &["yeltsin", "jelzin", "eltsine", "ieltsin"],
        &["yusuf", "jusuf", "iousouf", "youssef"],
        &["mohammed", "muhammad", "mohamed", "muhammed"],
        &["tchaikovsky", "chaikovskiy", "tschaikowski", "czajkowski"],
        &["qaddafi", "gaddafi", "kadhafi", "gadhafi"],
        &["zhukov", "joukov", "schukow"],
        &["shevchenko", "schewtschenko", "chevtchenko"],
        &["gorbachev", "gorbatschow", "gorbatchev"],
        &["aleksandr", "alexander", "aleksander"],
        &["khalid", "halid"],
        &["petrov", "petrova"],
    ];
    for group in groups {
        let code = metaphone_like(group[0]);
        for name in *group {
            assert_eq!(metaphone_like(name), code, "{name} vs {}", group[0]);
        }
    }
    assert_eq!(metaphone_like("mohammed"), "MKMT");
    assert_eq!(metaphone_like("khrushchev"), "KRXF");
}

#[test]
fn metaphone_separates_different_names() {
    assert_ne!(metaphone_like("ivanov"), metaphone_like("petrov"));
    assert_ne!(metaphone_like("maria"), metaphone_like("natalia"));
    assert_ne!(metaphone_like("smith"), metaphone_like("jones"));
}

#[test]
fn metaphone_is_capped_at_six() {
    assert_eq!(metaphone_like("wolfeschlegelsteinhausenbergerdorff").len(), 6);
    assert_eq!(metaphone_like(""), "");
}

// ---------------------------------------------------------------------------------------------------
// Abjad keys
// ---------------------------------------------------------------------------------------------------

/// Original-script token and Latin spellings that must meet it (equal key or one edit).
const ABJAD_GROUPS: &[(&str, &[&str])] = &[
    ("محمد", &["muhammad", "mohamed", "mohammed", "muhammed"]),
    ("أحمد", &["ahmed", "ahmad"]),
    ("عبدالله", &["abdullah", "abdallah", "abdalla"]),
    ("حسين", &["hussein", "husayn", "hossein", "husain"]),
    ("يوسف", &["yusuf", "youssef", "iousouf", "jusuf"]),
    ("خالد", &["khalid", "khaled", "halid"]),
    ("قاسم", &["qasim", "kassem", "ghasem", "kasim"]),
    ("جعفر", &["jafar", "jaafar", "dzhafar", "djafar"]),
    ("شريف", &["sharif", "cherif", "shareef"]),
    ("ظاهر", &["zahir", "dhahir"]),
    ("السيد", &["elsayed", "alsayed", "sayed"]),
    ("وليد", &["walid", "oualid", "waleed"]),
    ("أسامة", &["osama", "usama", "oussama"]),
    ("صالح", &["saleh", "salih"]),
    ("عمر", &["omar", "umar"]),
    ("إبراهيم", &["ibrahim", "ebrahim"]),
    ("عبدالرحمن", &["abdulrahman", "abdelrahman", "abdurrahman"]),
    ("ممدوح", &["mamdouh", "mamduh"]),
    // Persian and Urdu letters.
    ("حسین", &["hossein", "hussain"]),
    ("پرویز", &["parviz", "parwiz"]),
    ("گلنار", &["golnar"]),
    ("بھٹو", &["bhutto"]),
    // Hebrew.
    ("משה", &["moshe"]),
    ("דוד", &["david"]),
    ("יוסף", &["yosef", "josef"]),
    ("אברהם", &["avraham", "abraham"]),
    ("יצחק", &["yitzhak", "yitzchak"]),
    ("נתניהו", &["netanyahu"]),
];

#[test]
fn abjad_keys_meet_latin_spellings() {
    for (script, latins) in ABJAD_GROUPS {
        let key = abjad_key(script).unwrap_or_else(|| panic!("{script} has abjad letters"));
        for latin in *latins {
            let lk = latin_consonant_key(latin);
            assert!(edits(&key, &lk) <= 1.0, "{script} ({key}) vs {latin} ({lk})");
        }
    }
}

#[test]
fn abjad_keys_exact_values() {
    let exact = [
        ("محمد", "mhmd"),
        ("أحمد", "ahmd"),
        ("عبدالله", "abdl"),
        ("حسين", "hsn"),
        ("يوسف", "ysf"),
        ("خالد", "hld"),
        ("قاسم", "ksm"),
        ("جعفر", "jfr"),
        ("شريف", "xrf"),
        ("ظاهر", "zhr"),
        ("משה", "mx"),
        ("דוד", "dd"),
        ("יוסף", "ysf"),
    ];
    for (script, key) in exact {
        assert_eq!(abjad_key(script).as_deref(), Some(key), "{script}");
    }
    // The brief's pairs meet exactly on the Latin side too.
    for (latin, key) in [
        ("muhammad", "mhmd"),
        ("mohamed", "mhmd"),
        ("ahmed", "ahmd"),
        ("abdullah", "abdl"),
        ("abdallah", "abdl"),
        ("hussein", "hsn"),
        ("husayn", "hsn"),
        ("hossein", "hsn"),
        ("yusuf", "ysf"),
        ("youssef", "ysf"),
        ("khalid", "hld"),
        ("khaled", "hld"),
        ("qasim", "ksm"),
        ("kassem", "ksm"),
        ("ghasem", "ksm"),
        ("jafar", "jfr"),
        ("jaafar", "jfr"),
        ("dzhafar", "jfr"),
        ("sharif", "xrf"),
        ("cherif", "xrf"),
        ("zahir", "zhr"),
        ("dhahir", "zhr"),
        ("moshe", "mx"),
        ("david", "dd"),
        ("yosef", "ysf"),
    ] {
        assert_eq!(latin_consonant_key(latin), key, "{latin}");
    }
}

#[test]
fn abjad_ignores_vowel_marks_presentation_forms_and_other_characters() {
    // Fully vowelled محمد, its presentation forms (as from a PDF), and the lam-alef ligature.
    assert_eq!(abjad_key("مُحَمَّد").as_deref(), Some("mhmd"));
    assert_eq!(abjad_key("\u{FEE3}\u{FEA4}\u{FEE4}\u{FEAA}").as_deref(), Some("mhmd"));
    assert_eq!(abjad_key("\u{0633}\u{FEFC}\u{0645}").as_deref(), abjad_key("سلام").as_deref());
    // Tatweel and zero-width non-joiner.
    assert_eq!(abjad_key("مـحـمد\u{200C}").as_deref(), Some("mhmd"));
    // Pointed Hebrew.
    assert_eq!(abjad_key("מֹשֶׁה").as_deref(), Some("mx"));
}

#[test]
fn abjad_none_without_arabic_or_hebrew_letters() {
    for token in ["", "muhammad", "Иван", "123", "\u{064E}\u{0651}", "李"] {
        assert_eq!(abjad_key(token), None, "{token:?}");
    }
}

#[test]
fn article_is_stripped_only_before_a_consonant_on_both_sides() {
    assert_eq!(abjad_key("الرشيد"), abjad_key("رشيد"));
    assert_eq!(latin_consonant_key("alrashid"), latin_consonant_key("rashid"));
    // An assimilated article (ar-rashid written arrashid) keeps its initial vowel marker: one edit.
    // Stripping it would cost the same edit to Essam, Assad, Azzam, whose vowel is an ayin or hamza.
    assert_eq!(latin_consonant_key("arrashid"), "arxd");
    assert_eq!(abjad_key("الرشيد").as_deref(), Some("rxd"));
    // Elias / الياس keep their al- on both sides.
    assert_eq!(abjad_key("الياس").as_deref(), Some("als"));
    assert_eq!(latin_consonant_key("elias"), "als");
    // Short tokens keep it (Ali, Alan, Alaa).
    assert_eq!(latin_consonant_key("ali"), "al");
    assert_eq!(latin_consonant_key("alan"), "aln");
}

#[test]
fn different_arabic_names_keep_different_keys() {
    for (a, b) in [("أحمد", "محمود"), ("أحمد", "حامد"), ("خالد", "وليد"), ("عمر", "علي")]
    {
        assert_ne!(abjad_key(a), abjad_key(b), "{a} / {b}");
    }
    assert!(edits(&latin_consonant_key("ivanov"), &latin_consonant_key("hussein")) > 1.0);
}

#[test]
fn known_limits_of_dropping_long_vowels() {
    // Documented behaviour, not a goal: with medial و/ي dropped (they are usually long vowels that
    // Latin writes as vowels), names that differ only in a long vowel share a key. The scorer tells
    // them apart by skeleton distance.
    assert_eq!(abjad_key("حسن"), abjad_key("حسين"));
    assert_eq!(latin_consonant_key("hassan"), latin_consonant_key("hussein"));
    assert_eq!(abjad_key("محمد"), abjad_key("محمود"));
    // Ahmed and Mahmoud differ by their consonant m only: one edit apart, not more.
    let (ahmed, mahmoud) = (abjad_key("أحمد").unwrap(), abjad_key("محمود").unwrap());
    assert_ne!(ahmed, mahmoud);
    assert_eq!(edits(&ahmed, &mahmoud), 1.0);
    // Their skeletons are far apart.
    assert!(weighted_distance(&skeleton("ahmed"), &skeleton("mahmoud"), 1.0).is_none());
    assert!(weighted_distance(&skeleton("hassan"), &skeleton("hussein"), 1.0).is_none());
}

// ---------------------------------------------------------------------------------------------------
// Edit budget, weighted distance, similarity
// ---------------------------------------------------------------------------------------------------

#[test]
fn edit_budget_by_length() {
    let expected = [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1), (5, 1), (6, 2), (10, 2), (11, 3), (40, 3)];
    for (len, budget) in expected {
        assert_eq!(edit_budget(len), budget, "len {len}");
    }
}

#[test]
fn weighted_distance_costs() {
    assert_eq!(weighted_distance("kadafi", "gadafi", 3.0), Some(0.5));
    assert_eq!(weighted_distance("kadafi", "xadafi", 3.0), Some(1.0));
    assert_eq!(weighted_distance("abc", "acb", 3.0), Some(1.0));
    assert_eq!(weighted_distance("ivan", "ivana", 3.0), Some(1.0));
    assert_eq!(weighted_distance("", "abc", 3.0), Some(3.0));
    assert_eq!(weighted_distance("", "abc", 2.9), None);
    assert_eq!(weighted_distance("abc", "abc", 0.0), Some(0.0));
    assert_eq!(weighted_distance("abc", "abd", 0.0), None);
    assert_eq!(weighted_distance("abc", "abd", -1.0), None);
    assert_eq!(weighted_distance("abc", "abd", f32::NAN), None);
    assert_eq!(weighted_distance("abc", "xyz", f32::INFINITY), Some(3.0));
    // OCR confusables.
    assert_eq!(weighted_distance("ab0123", "abo123", 1.0), Some(0.5));
    // Non-ASCII compares by characters.
    assert_eq!(weighted_distance("müller", "muller", 2.0), Some(1.0));
}

#[test]
fn similarity_examples() {
    assert_eq!(similarity("", ""), 1.0);
    assert_eq!(similarity("ivan", "ivan"), 1.0);
    // 3-4 letter tokens get one edit.
    assert!((similarity("jon", "jan") - (1.0 - 1.0 / 3.0)).abs() < 1e-6);
    assert!(similarity("john", "jon") > 0.7);
    // Two letters: exact only.
    assert_eq!(similarity("li", "le"), 0.0);
    // Beyond the budget: 0, not a weak score.
    assert_eq!(similarity("ivan", "petr"), 0.0);
    assert!((similarity("gadafi", "kadafi") - (1.0 - 0.5 / 6.0)).abs() < 1e-6);
}

#[test]
fn long_tokens_use_the_heap_buffer_correctly() {
    let a = "a".repeat(60) + "bc";
    let b = "a".repeat(60) + "cb";
    assert_eq!(weighted_distance(&a, &b, 3.0), Some(1.0));
    assert_eq!(weighted_distance(&a, &b, 3.0), Some(reference_weighted(&a, &b)));
}

// ---------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------

const SKELETON_ALPHABET: &str = "abcdefghijklmnoprstuvxyz";

fn mixed_token() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,14}",
        "[a-zA-Z0-9 '\\-]{0,14}",
        "[\u{0621}-\u{064A}\u{064B}-\u{0652}\u{067E}\u{0686}\u{06A9}\u{06AF}\u{06CC}\u{05D0}-\u{05EA}\u{05B0}-\u{05BC}]{0,10}",
        any::<String>(),
    ]
}

/// The bounded distance is the full-matrix one when that is within `max`, and none otherwise.
fn agrees_with_reference(a: &str, b: &str, max: f32) -> Result<(), TestCaseError> {
    let reference = reference_weighted(a, b);
    let got = weighted_distance(a, b, max);
    prop_assert_eq!(got, (reference <= max).then_some(reference), "{} / {} within {}", a, b, max);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn keys_never_panic_and_stay_in_their_alphabets(token in mixed_token()) {
        let sk = skeleton(&token);
        prop_assert!(sk.chars().all(|c| SKELETON_ALPHABET.contains(c)), "{sk}");
        // x → ks is the only growth.
        let letters = token.chars().filter(char::is_ascii_alphabetic).count();
        prop_assert!(sk.len() <= 2 * letters);
        let code = metaphone_like(&token);
        prop_assert!(code.len() <= 6);
        prop_assert!(code.chars().all(|c| c.is_ascii_uppercase()));
        let lk = latin_consonant_key(&token);
        prop_assert!(lk.chars().all(|c| "abdfhjklmnrstwxyz".contains(c)), "{lk}");
        if let Some(ak) = abjad_key(&token) {
            prop_assert!(ak.chars().all(|c| "abdfhjklmnrstwxyz".contains(c)), "{ak}");
        }
    }

    #[test]
    fn keys_are_deterministic(token in mixed_token()) {
        prop_assert_eq!(skeleton(&token), skeleton(&token));
        prop_assert_eq!(metaphone_like(&token), metaphone_like(&token));
        prop_assert_eq!(abjad_key(&token), abjad_key(&token));
        prop_assert_eq!(latin_consonant_key(&token), latin_consonant_key(&token));
    }

    #[test]
    fn skeleton_ignores_case_and_non_letters(token in "[a-z]{0,12}", noise in "[0-9 '\\-]{0,3}") {
        let noisy = format!("{noise}{}{noise}", token.to_ascii_uppercase());
        prop_assert_eq!(skeleton(&noisy), skeleton(&token));
    }

    #[test]
    fn abjad_key_is_none_for_latin_text(token in "[a-zA-Z0-9 ]{0,16}") {
        prop_assert_eq!(abjad_key(&token), None);
    }

    #[test]
    fn weighted_distance_matches_full_reference(
        a in "[a-z01]{0,9}",
        b in "[a-z01]{0,9}",
        max in 0.0f32..6.0,
    ) {
        agrees_with_reference(&a, &b, max)?;
    }

    #[test]
    fn weighted_distance_matches_the_reference_among_confusable_letters(
        a in "[aeiyjl1ckqsgzuwvfo0bpdtmnhr]{0,8}",
        b in "[aeiyjl1ckqsgzuwvfo0bpdtmnhr]{0,8}",
        max in 0.0f32..4.0,
    ) {
        // Letters that are mostly confusable with one another, so that many pairs are a few edits
        // apart: the bound from counts of confusable classes is never above the distance.
        agrees_with_reference(&a, &b, max)?;
        let bound = Sketch::of(&a).distance_bound(&Sketch::of(&b));
        prop_assert!(bound <= reference_weighted(&a, &b), "{} / {}: bound {}", a, b, bound);
    }

    #[test]
    fn weighted_distance_is_symmetric_and_zero_iff_equal(a in mixed_token(), b in mixed_token()) {
        let ab = weighted_distance(&a, &b, f32::INFINITY);
        let ba = weighted_distance(&b, &a, f32::INFINITY);
        prop_assert_eq!(ab, ba);
        let d = ab.unwrap();
        prop_assert_eq!(d == 0.0, a == b);
        prop_assert_eq!(weighted_distance(&a, &a, 0.0), Some(0.0));
    }

    #[test]
    fn weighted_distance_is_bounded_by_unit_damerau(a in "[a-z]{0,10}", b in "[a-z]{0,10}") {
        let unit = reference_unit(&a, &b);
        let d = weighted_distance(&a, &b, f32::INFINITY).unwrap();
        prop_assert!(d <= unit, "{d} > {unit}");
        // Every edit costs at least half a unit.
        prop_assert!(d >= unit / 2.0, "{d} < {unit}/2");
        // Bounded calls agree with the unbounded one.
        prop_assert_eq!(weighted_distance(&a, &b, unit), Some(d));
    }

    #[test]
    fn similarity_is_a_unit_score(a in mixed_token(), b in mixed_token()) {
        let s = similarity(&a, &b);
        prop_assert!((0.0..=1.0).contains(&s), "{s}");
        prop_assert_eq!(s, similarity(&b, &a));
        prop_assert_eq!(similarity(&a, &a), 1.0);
    }

    #[test]
    fn edit_budget_never_panics_and_grows(len in any::<usize>()) {
        let b = edit_budget(len);
        prop_assert!(b <= 3);
        prop_assert!(edit_budget(len.saturating_add(1)) >= b);
    }
}

#[test]
fn abjad_key_of_vowel_letters_only_is_empty_not_none() {
    assert_eq!(abjad_key("\u{0649}").as_deref(), Some(""));
    assert_eq!(abjad_key("آية").as_deref(), Some("a"));
}
