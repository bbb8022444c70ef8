//! Tests of the screening engine's rule-based romanisation (`latin_forms`, `latin_name`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use article3_screen::text::{normalise, tokens};
use article3_screen::translit::{latin_forms, latin_name};
use proptest::prelude::*;

/// The forms of a name written as one token, normalised first as callers do.
fn forms(name: &str) -> Vec<String> {
    let normalised = normalise(name);
    assert!(!normalised.contains(' '), "{name:?} is not one token");
    latin_forms(&normalised)
}

fn has(name: &str, want: &str) {
    let got = forms(name);
    assert!(got.iter().any(|f| f == want), "{name:?}: {want:?} not in {got:?}");
}

fn lacks(name: &str, unwanted: &str) {
    let got = forms(name);
    assert!(!got.iter().any(|f| f == unwanted), "{name:?}: {unwanted:?} in {got:?}");
}

fn preferred(name: &str) -> String {
    forms(name).into_iter().next().unwrap_or_default()
}

// --- Latin ------------------------------------------------------------------------------------

#[test]
fn latin_is_folded_to_one_form() {
    assert_eq!(forms("Müller"), vec!["muller"]);
    assert_eq!(forms("Łukasz"), vec!["lukasz"]);
    assert_eq!(forms("O'Brien"), vec!["obrien"]);
    assert_eq!(forms("smith"), vec!["smith"]);
}

#[test]
fn tokens_without_letters_have_no_form() {
    assert!(latin_forms("").is_empty());
    assert!(latin_forms("1984").is_empty());
    assert!(latin_forms("٣٤").is_empty());
}

// --- Russian and the shared Cyrillic letters ----------------------------------------------

#[test]
fn russian_icao_is_preferred_and_bgn_follows() {
    assert_eq!(preferred("Хрущёв"), "khrushchev");
    has("Ельцин", "eltsin");
    has("Ельцин", "yeltsin");
    assert_eq!(preferred("Ельцин"), "eltsin");
    has("Назарбаев", "nazarbaev");
    has("Назарбаев", "nazarbayev");
    assert_eq!(preferred("Юрьевич"), "iurevich");
    has("Юрьевич", "yuryevich");
}

#[test]
fn russian_popular_spellings() {
    has("Дмитрий", "dmitrii");
    has("Дмитрий", "dmitriy");
    has("Дмитрий", "dmitry");
    has("Фёдор", "fedor");
    has("Фёдор", "fyodor");
    has("Мария", "mariia");
    has("Мария", "mariya");
    has("Мария", "maria");
    has("Горбачёв", "gorbachev");
    // After ж ч ш щ ё is not spelt yo in any form.
    lacks("Горбачёв", "gorbachyov");
    has("Подъячев", "podieiachev");
    has("Подъячев", "podyachev");
}

#[test]
fn russian_without_the_rules_of_other_languages() {
    // No Ukrainian, Serbian or Kazakh marker: г stays g, х stays kh, и stays i.
    lacks("Григорий", "hryhorii");
    has("Григорий", "grigorii");
    lacks("Хабаров", "habarov");
    // Without ъ or щ there is no Bulgarian form.
    assert_eq!(forms("Иванов"), vec!["ivanov"]);
}

#[test]
fn bulgarian_form_when_the_letters_allow() {
    has("Хрущёв", "hrushtev");
    // ъ as a vowel (not before е ё ю я) makes Bulgarian the preferred reading.
    assert_eq!(preferred("Търновски"), "tarnovski");
    assert_eq!(preferred("Щерев"), "shcherev");
    has("Щерев", "shterev");
    assert_eq!(preferred("Стъблевска"), "stablevska");
}

#[test]
fn belarusian_u_short_and_h() {
    has("Лукашэнка", "lukashenka");
    assert_eq!(preferred("Ўладзімір"), "uladzimir");
    assert_eq!(preferred("Рыгор"), "rygor");
    // With і and ы together the token is Belarusian: г is h.
    assert_eq!(preferred("Рыгорыі"), "ryhoryi");
}

// --- Ukrainian ---------------------------------------------------------------------------------

#[test]
fn ukrainian_national_system() {
    has("Юлія", "yuliia");
    has("Юлія", "iuliia");
    assert_eq!(preferred("Юлія"), "yuliia");
    assert_eq!(preferred("Зеленський"), "zelenskyi");
    assert_eq!(preferred("Їжакевич"), "yizhakevych");
    assert_eq!(preferred("Кадиївка"), "kadyivka");
    assert_eq!(preferred("Євген"), "yevhen");
    assert_eq!(preferred("Гаєвий"), "haievyi");
    assert_eq!(preferred("Згурівка"), "zghurivka");
    assert_eq!(preferred("Ґалаґан"), "galagan");
    assert_eq!(preferred("Йосипівна"), "yosypivna");
    assert_eq!(preferred("Стрийська"), "stryiska");
}

#[test]
fn ukrainian_surnames_without_marker_letters_keep_russian_forms_too() {
    has("Зеленський", "zelenskyi");
    has("Зеленський", "zelensky");
    // Ambiguous: no letter tells Ukrainian from Russian, so the Russian rules apply.
    assert_eq!(preferred("Олександр"), "oleksandr");
    has("Шевченко", "shevchenko");
}

// --- Serbian, Macedonian, Kazakh -----------------------------------------------------------

#[test]
fn serbian_without_diacritics_and_with_digraphs() {
    assert_eq!(preferred("Ђоковић"), "djokovic");
    has("Ђоковић", "djokovich");
    assert_eq!(preferred("Милошевић"), "milosevic");
    has("Милошевић", "miloshevich");
    assert_eq!(preferred("Љубичић"), "ljubicic");
    assert_eq!(preferred("Његош"), "njegos");
    assert_eq!(preferred("Џаџић"), "dzadzic");
    has("Живојин", "zivojin");
    has("Живојин", "zhivojin");
    has("Цвијановић", "tsvijanovich");
    assert_eq!(preferred("Ѓорѓи"), "gjorgji");
}

#[test]
fn kazakh_letters() {
    assert_eq!(preferred("Тоқаев"), "toqaev");
    has("Тоқаев", "toqayev");
    has("Тоқаев", "tokayev");
    assert_eq!(preferred("Әлихан"), "alikhan");
    assert_eq!(preferred("Ғалым"), "ghalym");
    assert_eq!(preferred("Нұрсұлтан"), "nursultan");
    assert_eq!(preferred("Көшербаев"), "kosherbaev");
    assert_eq!(preferred("Маңғыстау"), "mangghystau");
}

// --- Greek -------------------------------------------------------------------------------------

#[test]
fn greek_elot_743() {
    assert_eq!(preferred("Παπαδόπουλος"), "papadopoulos");
    assert_eq!(preferred("Αλέξανδρος"), "alexandros");
    assert_eq!(preferred("Γιώργος"), "giorgos");
    assert_eq!(preferred("ΠΑΠΑΔΟΠΟΥΛΟΣ"), "papadopoulos");
    assert_eq!(preferred("Θεοδωράκης"), "theodorakis");
    assert_eq!(preferred("Ψαρός"), "psaros");
    assert_eq!(preferred("Αγγελική"), "angeliki");
    assert_eq!(preferred("Ευάγγελος"), "evangelos");
    assert_eq!(preferred("Ευθύμιος"), "efthymios");
    assert_eq!(preferred("Αύρα"), "avra");
    assert_eq!(preferred("Ναύπλιο"), "nafplio");
    assert_eq!(preferred("Ευτυχία"), "eftychia");
    assert_eq!(preferred("Οικονόμου"), "oikonomou");
    assert_eq!(preferred("Ειρήνη"), "eirini");
}

#[test]
fn greek_dialytika_breaks_diphthongs() {
    assert_eq!(preferred("Αϊβαλί"), "aivali");
    assert_eq!(preferred("Προϋπολογισμός"), "proypologismos");
    assert_eq!(preferred("Πλατεϊα"), "plateia");
    // Without dialytika the same letters are a diphthong.
    assert_eq!(preferred("Ευθύμιος"), "efthymios");
    assert_eq!(preferred("ευ"), "ef");
    assert_eq!(preferred("εϋ"), "ey");
}

#[test]
fn greek_passport_variants() {
    has("Χρήστος", "christos");
    has("Χρήστος", "hristos");
    has("Μπακογιάννης", "mpakogiannis");
    has("Μπακογιάννης", "bakogiannis");
    has("Ντόρα", "dora");
    has("Γκίκας", "gikas");
    has("Κυριάκος", "kyriakos");
    has("Κυριάκος", "kiriakos");
    has("Βασίλειος", "vasileios");
    has("Βασίλειος", "basileios");
    // Inside a word μπ and ντ stay mp and nt in every form.
    lacks("Λαμπράκης", "labrakis");
    lacks("Παντελής", "padelis");
    assert_eq!(preferred("Λαμπράκης"), "lamprakis");
}

// --- Armenian, Georgian, Hangul ------------------------------------------------------------

#[test]
fn armenian() {
    assert_eq!(preferred("Սարգսյան"), "sargsyan");
    assert_eq!(preferred("Աշոտ"), "ashot");
    assert_eq!(preferred("Պողոսյան"), "poghosyan");
    assert_eq!(preferred("Հովհաննիսյան"), "hovhannisyan");
    assert_eq!(preferred("Նիկոլ"), "nikol");
    assert_eq!(preferred("Ռուբեն"), "ruben");
    assert_eq!(preferred("Ուռուտյան"), "urutyan");
    has("Երևան", "erevan");
    has("Երևան", "yerevan");
    has("Ոսկանյան", "voskanyan");
    has("Եվա", "yeva");
    // The ligature և is ev, and ye-ev at the start of a word.
    assert_eq!(preferred("Ղևոնդ"), "ghevond");
    has("և", "yev");
    has("Ավետիք", "avetik");
}

#[test]
fn georgian() {
    assert_eq!(preferred("ედუარდ"), "eduard");
    assert_eq!(preferred("შევარდნაძე"), "shevardnadze");
    assert_eq!(preferred("სააკაშვილი"), "saakashvili");
    assert_eq!(preferred("ჯუღაშვილი"), "jughashvili");
    assert_eq!(preferred("წერეთელი"), "tsereteli");
    assert_eq!(preferred("ყიფიანი"), "qipiani");
    // Mtavruli capitals fold to the ordinary letters first.
    assert_eq!(preferred("ᲨᲔᲕᲐᲠᲓᲜᲐᲫᲔ"), "shevardnadze");
}

#[test]
fn hangul_revised_romanisation() {
    assert_eq!(preferred("김민준"), "gimminjun");
    assert_eq!(preferred("박서연"), "bakseoyeon");
    assert_eq!(preferred("이"), "i");
    assert_eq!(preferred("최"), "choe");
    assert_eq!(preferred("정"), "jeong");
    assert_eq!(preferred("별빛"), "byeolbit");
    // ㄹㄹ is ll, a lone ㄹ starting a syllable is r.
    assert_eq!(preferred("설리"), "seolli");
    assert_eq!(preferred("리"), "ri");
}

#[test]
fn hangul_mccune_reischauer_and_common_spellings() {
    // McCune-Reischauer without its breves and apostrophes, the North's spelling, the South's habit.
    has("정은", "chongun");
    has("정은", "jongun");
    has("성호", "sungho");
    has("현", "hyun");
    lacks("성호", "sengho");
}

// --- Han, kana, Thai ---------------------------------------------------------------------------

#[test]
fn han_is_read_in_mandarin_first_then_wade_giles_cantonese_and_korean() {
    use article3_screen::translit::han_readings;
    let readings = |name: &str| han_readings(&normalise(name)).unwrap_or_default();
    // Chinese characters have no transliteration: their readings are evidence, kept apart.
    assert!(forms("建国").is_empty());
    assert_eq!(readings("建国").0, vec!["jianguo", "chienkuo"]);
    assert!(readings("張").1.contains(&"cheung".to_owned()), "Cantonese: {:?}", readings("張"));
    for korean in ["seongmin", "sungmin"] {
        assert!(readings("成民").1.contains(&korean.to_owned()), "{korean}: {:?}", readings("成民"));
    }
    // The South's initial-sound rule: 李 is 리 in the reading table, 이 (i) as a name.
    assert!(readings("李").1.contains(&"i".to_owned()));
    // Not all Chinese characters, or a character the table lacks: no readings.
    assert!(han_readings("abc").is_none());
    assert!(han_readings("𠀀").is_none());
}

#[test]
fn wade_giles_of_pinyin_syllables() {
    use article3_screen::translit::wade_giles;
    for (pinyin, wade) in [
        ("xi", "hsi"),
        ("jin", "chin"),
        ("zhou", "chou"),
        ("qian", "chien"),
        ("rong", "jung"),
        ("zi", "tzu"),
        ("si", "ssu"),
        ("shi", "shih"),
        ("guo", "kuo"),
        ("luo", "lo"),
        ("xie", "hsieh"),
        ("wang", "wang"),
    ] {
        assert_eq!(wade_giles(pinyin), wade, "{pinyin}");
    }
}

#[test]
fn kana_in_hepburn() {
    assert_eq!(preferred("やまだ"), "yamada");
    assert_eq!(preferred("ヤマダ"), "yamada");
    // Long vowels left out, as passports write them, and kept as written.
    assert_eq!(preferred("さとう"), "sato");
    has("さとう", "satou");
    // Small kana: しゃ sha, きょ kyo, っ doubles, ファ fa, ー lengthens silently.
    assert_eq!(preferred("しゃしん"), "shashin");
    assert_eq!(preferred("きょうこ"), "kyoko");
    assert_eq!(preferred("いっぺい"), "ippei");
    assert_eq!(preferred("ファン"), "fan");
    assert_eq!(preferred("バラク"), "baraku");
    assert_eq!(preferred("ルーシー"), "rushi");
}

#[test]
fn thai_in_rtgs() {
    assert_eq!(preferred("ชัยวัฒน์"), "chaiwat");
    assert_eq!(preferred("กิตติ"), "kitti");
    assert_eq!(preferred("พิชัย"), "phichai");
    assert_eq!(preferred("ศรีสุข"), "sisuk");
    assert_eq!(preferred("กรุงเทพ"), "krungthep");
}

// --- scripts without rules, mixed tokens -------------------------------------------------------

#[test]
fn scripts_bridged_by_the_dictionary_have_no_form() {
    for name in ["محمد", "שלום", "देवी", "አበበ", "សុខ"] {
        assert!(forms(name).is_empty(), "{name:?}: {:?}", forms(name));
    }
}

#[test]
fn mixed_script_tokens_go_letter_by_letter() {
    // Latin look-alikes typed into Cyrillic text (here a Latin a) do not stop romanisation.
    assert_eq!(preferred("Ивaнов"), "ivanov");
    // A Cyrillic д inside Georgian.
    assert_eq!(preferred("ეдუარდ"), "eduard");
    // Unknown letters are dropped.
    assert_eq!(preferred("abcمحمد"), "abc");
    // Forms of the parts combine, preferred first.
    let got = forms("Ельцинsmith");
    assert_eq!(got[0], "eltsinsmith");
    assert!(got.contains(&"yeltsinsmith".to_owned()));
}

#[test]
fn forms_are_distinct() {
    for name in ["Хрущёв", "Зеленський", "Χρήστος", "Ђоковић", "Тоқаев", "Ивaнов", "Ельцинσ"]
    {
        let got = forms(name);
        let mut unique = got.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), got.len(), "{name:?}: {got:?}");
    }
}

// --- latin_name ------------------------------------------------------------------------------

#[test]
fn latin_name_joins_preferred_forms() {
    assert_eq!(latin_name("Эдуард Шеварднадзе").as_deref(), Some("eduard shevardnadze"));
    assert_eq!(latin_name("ედუარდ შევარდნაძე").as_deref(), Some("eduard shevardnadze"));
    assert_eq!(latin_name("ეдუარდ შევარდნაძე").as_deref(), Some("eduard shevardnadze"));
    assert_eq!(latin_name("Παπαδόπουλος, Γιώργος").as_deref(), Some("papadopoulos giorgos"));
    assert_eq!(latin_name("  O'Brien-Smith ").as_deref(), Some("obrien smith"));
    assert_eq!(latin_name("Иван 2-й").as_deref(), Some("ivan i"));
    assert_eq!(latin_name("Louis 14").as_deref(), Some("louis"));
}

#[test]
fn latin_name_is_none_without_a_form() {
    assert_eq!(latin_name("محمد علي"), None);
    assert_eq!(latin_name("Ali محمد"), None);
    assert_eq!(latin_name(""), None);
    assert_eq!(latin_name("12 34"), None);
}

// --- properties ------------------------------------------------------------------------------

fn is_form(f: &str) -> bool {
    !f.is_empty() && f.bytes().all(|b| b.is_ascii_lowercase())
}

/// Letters of the scripts with rules, plus the marks and neighbours that change them.
fn cyrillic_greek_etc() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "а", "е", "ё", "й", "ъ", "ь", "щ", "ы", "я", "ю", "і", "ї", "є", "ґ", "ў", "ђ", "ћ", "џ", "љ", "қ", "ә", "ң",
        "Ж", "α", "υ", "ι", "ϊ", "ΰ", "μ", "π", "ν", "τ", "γ", "κ", "χ", "ς", "ά", "\u{308}", "\u{301}", "ո", "ւ", "ե",
        "և", "Ա", "ღ", "ყ", "Ლ", "가", "릴", "ᄀ", "ㄹ", "a", "1", "-", " ", "م", "李",
    ]);
    prop::collection::vec(pieces, 0..10).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn latin_forms_never_panics_and_yields_lowercase_letters(s in any::<String>()) {
        for f in latin_forms(&s) {
            prop_assert!(is_form(&f), "{:?} -> {:?}", s, f);
        }
        for t in tokens(&s) {
            for f in latin_forms(&t) {
                prop_assert!(is_form(&f), "{:?} -> {:?}", t, f);
            }
        }
    }

    #[test]
    fn latin_forms_on_printable_text(s in "\\PC*") {
        let got = latin_forms(&s);
        prop_assert!(got.len() <= 8);
        for f in &got {
            prop_assert!(is_form(f), "{:?} -> {:?}", s, f);
        }
    }

    #[test]
    fn latin_forms_on_rule_letters(s in cyrillic_greek_etc()) {
        for t in tokens(&s) {
            let got = latin_forms(&t);
            prop_assert!(got.len() <= 8);
            for f in &got {
                prop_assert!(is_form(f), "{:?} -> {:?}", t, f);
            }
            // The preferred form of a token is the one latin_name uses.
            if let Some(first) = got.first() {
                let name = latin_name(&t);
                prop_assert_eq!(name.as_deref(), Some(first.as_str()));
            }
        }
    }

    #[test]
    fn latin_name_never_panics_and_yields_words(s in any::<String>()) {
        if let Some(name) = latin_name(&s) {
            prop_assert!(name.split(' ').all(is_form), "{:?} -> {:?}", s, name);
        }
    }

    #[test]
    fn latin_name_on_printable_text(s in "\\PC*") {
        if let Some(name) = latin_name(&s) {
            prop_assert!(name.split(' ').all(is_form), "{:?} -> {:?}", s, name);
        }
    }
}

/// A caller who knows the name is Ukrainian gets the national spelling even without Ukrainian-only
/// letters; a Latin letter is not Cyrillic to romanise.
#[test]
fn ukrainian_national_spelling_on_request() {
    use article3_screen::translit::ukrainian_national;
    assert_eq!(ukrainian_national("микола").as_deref(), Some("mykola"));
    assert_eq!(ukrainian_national("святослав").as_deref(), Some("sviatoslav"));
    assert_eq!(ukrainian_national("юрій").as_deref(), Some("yurii"));
    assert_eq!(ukrainian_national("згорани").as_deref(), Some("zghorany"));
    assert_eq!(ukrainian_national("mykola"), None);
    assert!(!latin_forms("микола").contains(&"mykola".to_owned()), "read as Russian without a hint");
}
