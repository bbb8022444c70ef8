//! Tests of the name-equivalence dictionary: the shipped data file and the loader, both sides.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use article3_screen::equivalence::{
    DictionaryError, GroupId, GroupKind, NameDictionary, Problem, default_key, shipped_text,
};
use proptest::prelude::*;
use std::sync::OnceLock;

fn shipped() -> &'static NameDictionary {
    static DICT: OnceLock<NameDictionary> = OnceLock::new();
    DICT.get_or_init(|| NameDictionary::shipped().expect("shipped names.tsv parses"))
}

/// The groups of one written form, keyed the way the dictionary was built.
fn groups(form: &str) -> Vec<GroupId> {
    let dict = shipped();
    let mut out: Vec<GroupId> = default_key(form).iter().flat_map(|k| dict.groups_of(k).iter().copied()).collect();
    out.sort();
    out.dedup();
    out
}

fn group_keys(form: &str) -> Vec<&'static str> {
    groups(form).into_iter().map(|id| shipped().group(id).key).collect()
}

fn in_group(form: &str, group_key: &str) -> bool {
    group_keys(form).contains(&group_key)
}

fn share_a_group(a: &str, b: &str) -> bool {
    let gb = groups(b);
    groups(a).iter().any(|g| gb.contains(g))
}

#[track_caller]
fn assert_all_in(group_key: &str, forms: &[&str]) {
    for form in forms {
        assert!(in_group(form, group_key), "{form:?} should be in group {group_key}, is in {:?}", group_keys(form));
    }
}

// ---------------------------------------------------------------- the shipped data

#[test]
fn shipped_file_parses_with_at_least_600_groups() {
    let dict = shipped();
    assert!(dict.len() >= 600, "only {} groups", dict.len());
    assert!(!dict.is_empty());
    assert_eq!(dict.unkeyed_forms(), 0, "every shipped form yields a key");
    assert!(!dict.version().is_empty(), "the shipped file names its version");
    assert_eq!(NameDictionary::shipped_text(), shipped_text());
}

#[test]
fn shipped_groups_are_well_formed() {
    let dict = shipped();
    for (id, g) in dict.iter() {
        assert_eq!(dict.find(g.key), Some(id));
        assert_eq!(dict.group(id), g);
        assert!(!g.forms.is_empty(), "{} has forms", g.key);
        let mut seen = std::collections::HashSet::new();
        for f in g.forms {
            assert!(seen.insert(f.as_str()), "{}: form {f:?} listed twice", g.key);
            assert_eq!(f.trim(), f, "{}: form {f:?} has outer spaces", g.key);
        }
        // A group that keys to a single lookup key bridges nothing.
        let keys: std::collections::HashSet<String> = g.forms.iter().flat_map(|f| default_key(f)).collect();
        assert!(keys.len() >= 2, "{} has only one distinct key", g.key);
    }
}

#[test]
fn muhammad_in_its_spellings_and_scripts_is_one_group() {
    assert_all_in(
        "muhammad",
        &[
            "Mohammed",
            "Muhammad",
            "Mohamed",
            "Mohammad",
            "Muhammed",
            "Mohamad",
            "Mehmet",
            "Mahomed",
            "Mukhammad",
            "Magomed",
            "Мухаммад",
            "Магомед",
            "محمد",
            "Mohd",
        ],
    );
    assert!(share_a_group("Mohammed", "محمد"));
    assert!(share_a_group("Магомед", "Muhammad"));
    assert!(share_a_group("MOHAMED", "Mehmet"), "case does not matter");
    // Arabic with vowel points and a tatweel is the same key.
    assert!(in_group("مُحَمَّد", "muhammad"));
    assert!(in_group("محـمد", "muhammad"));
}

#[test]
fn mahmoud_is_not_muhammad() {
    assert!(in_group("Mahmoud", "mahmud"));
    assert!(in_group("محمود", "mahmud"));
    assert!(!share_a_group("Mahmoud", "Mohammed"));
    assert!(!share_a_group("محمود", "محمد"));
    assert!(!share_a_group("Mahmoud", "محمد"));
    // Somali Mohamud (Maxamuud) is Mahmoud, not Mohamed (Maxamed).
    assert!(in_group("Mohamud", "mahmud") && !in_group("Mohamud", "muhammad"));
    assert!(in_group("Maxamed", "muhammad") && in_group("Maxamuud", "mahmud"));
}

#[test]
fn homographs_sit_in_both_groups() {
    // One Latin spelling, two Arabic names: حميد Hamid and حامد Hamid.
    let hamid = group_keys("Hamid");
    assert!(hamid.contains(&"hamid") && hamid.contains(&"hamed"), "{hamid:?}");
    assert!(!share_a_group("حميد", "حامد"));
    // 小野 and 大野 are both "Ono".
    let ono = group_keys("Ono");
    assert!(ono.contains(&"ja-ono") && ono.contains(&"ja-ono-long"), "{ono:?}");
    assert!(!share_a_group("小野", "大野"));
}

#[test]
fn frequent_arabic_names_bridge_scripts() {
    assert_all_in("ahmad", &["Ahmad", "Ahmed", "Akhmed", "Ahmet", "أحمد", "احمد", "Ахмед"]);
    assert_all_in("yusuf", &["Yusuf", "Youssef", "Yousef", "Yusup", "Jusuf", "Юсуф", "يوسف"]);
    assert_all_in("husayn", &["Hussein", "Husayn", "Hossein", "Huseyn", "Гусейн", "حسين", "حسین"]);
    assert_all_in("ibrahim", &["Ibrahim", "Ebrahim", "Ibragim", "إبراهيم", "ابراهيم"]);
    assert_all_in("ismail", &["Ismail", "Ismoil", "إسماعيل"]);
    assert_all_in("umar", &["Omar", "Umar", "عمر"]);
    assert_all_in("usama", &["Osama", "Usama", "أسامة", "اسامه"]);
    assert_all_in("khalid", &["Khalid", "Khaled", "Halid", "خالد"]);
    assert_all_in("mustafa", &["Mustafa", "Moustafa", "مصطفى"]);
    assert_all_in("ayman", &["Ayman", "أيمن"]);
    assert_all_in("ali", &["Ali", "علي", "Али"]);
    assert!(!share_a_group("Hassan", "Hussein"));
    assert!(!share_a_group("Ahmed", "Mohammed"));
}

#[test]
fn abd_compounds_are_whole_names() {
    assert_all_in(
        "abd-al-rahman",
        &[
            "Abdulrahman",
            "Abdul Rahman",
            "Abderrahmane",
            "Abdurakhmon",
            "Abd al-Rahman",
            "عبد الرحمن",
            "عبدالرحمن",
            "Абдурахман",
        ],
    );
    assert_all_in("abd-allah", &["Abdullah", "Abdallah", "Abdulla", "عبد الله", "عبدالله"]);
    assert!(!share_a_group("Abdul Rahman", "Abdul Rahim"));
    assert!(!share_a_group("Abdulrahman", "Abdullah"));
    // The bare element is a particle, not the compound.
    assert!(!share_a_group("Abdul", "Abdulrahman"));
}

#[test]
fn particles_have_kind_particle() {
    let dict = shipped();
    for form in ["al", "el", "bin", "ibn", "ben", "abu", "abou", "ال", "بن", "ابن", "ould", "ogly"] {
        let ids = groups(form);
        assert!(!ids.is_empty(), "{form:?} is listed");
        assert!(ids.iter().any(|&id| dict.group(id).kind == GroupKind::Particle), "{form:?} is a particle");
    }
    assert_eq!(dict.group(dict.find("bin").unwrap()).kind, GroupKind::Particle);
    assert!(share_a_group("bin", "ibn"));
    assert!(share_a_group("al-", "el"));
}

#[test]
fn kinds_are_reported() {
    let dict = shipped();
    assert_eq!(dict.group(dict.find("muhammad").unwrap()).kind, GroupKind::Any);
    assert_eq!(dict.group(dict.find("fatima").unwrap()).kind, GroupKind::Given);
    assert_eq!(dict.group(dict.find("haqqani").unwrap()).kind, GroupKind::Family);
    assert_eq!(GroupKind::Particle.as_str(), "particle");
}

#[test]
fn han_surnames_bridge_characters_and_romanisations() {
    assert_all_in("zh-wang", &["王", "Wang", "Wong", "Ong", "Vương", "왕"]);
    assert!(share_a_group("王", "Wong"));
    assert!(share_a_group("Ong", "Wang"));
    // "Wong" is both 王 and 黄 in Cantonese: a form in two groups.
    assert_all_in("zh-huang", &["黄", "黃", "Huang", "Wong", "Ng", "Hwang", "Huỳnh"]);
    let wong = group_keys("Wong");
    assert!(wong.contains(&"zh-wang") && wong.contains(&"zh-huang"), "{wong:?}");
    let dict = shipped();
    let ids = dict.groups_of("wong");
    assert!(ids.len() >= 2);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "groups_of is sorted");
    assert!(!share_a_group("王", "黄"), "the characters themselves stay apart");
    assert_all_in("zh-li", &["李", "Li", "Lee", "Lý", "이", "Rhee", "Yi"]);
    assert_all_in("zh-chen", &["陈", "陳", "Chen", "Ch'en", "Chan", "Tan", "Trần"]);
    assert_all_in("zh-zhang", &["张", "張", "Zhang", "Chang", "Cheung", "Teo"]);
    assert_all_in("zh-lin", &["林", "Lin", "Lam", "Lim"]);
    assert_all_in("zh-wu", &["吴", "吳", "Wu", "Ng", "Goh"]);
    assert_all_in("zh-ruan", &["阮", "Nguyễn", "Nguyen"]);
    assert!(!share_a_group("张", "陈"));
}

#[test]
fn korean_surnames_in_hangul_and_latin() {
    for (forms, group) in [
        (&["김", "Kim", "Gim", "金"][..], "zh-jin"),
        (&["이", "Lee", "Yi", "Rhee", "Ri"][..], "zh-li"),
        (&["박", "Park", "Pak", "Bak", "朴"][..], "zh-piao"),
        (&["최", "Choi", "Choe", "崔"][..], "zh-cui"),
        (&["정", "Jung", "Jeong", "Chung", "鄭"][..], "zh-zheng"),
        (&["권", "Kwon", "Gwon"][..], "ko-kwon"),
    ] {
        assert_all_in(group, forms);
    }
    assert!(!share_a_group("김", "박"));
}

#[test]
fn japanese_surnames_in_kanji_kana_and_romaji() {
    assert_all_in("ja-sato", &["佐藤", "さとう", "Sato", "Satō", "Satou", "Satoh"]);
    assert_all_in("ja-suzuki", &["鈴木", "Suzuki"]);
    assert_all_in("ja-takahashi", &["高橋", "髙橋", "Takahashi"]);
    assert_all_in("ja-tanaka", &["田中", "Tanaka"]);
    assert_all_in("ja-watanabe", &["渡辺", "渡邊", "渡邉", "Watanabe"]);
    assert!(!share_a_group("Sato", "Saito"));
}

#[test]
fn slavic_spelling_families_but_not_translations() {
    assert_all_in(
        "aleksandr",
        &["Aleksandr", "Alexander", "Oleksandr", "Aliaksandr", "Александр", "Олександр", "Аляксандр"],
    );
    assert!(share_a_group("Oleksandr", "Александр"));
    assert!(share_a_group("Aleksandr", "Олександр"));
    assert!(!share_a_group("John", "Juan"), "translations are not the same person's name");
    assert!(!share_a_group("Ivan", "John"));
    assert!(!share_a_group("Ivan", "Juan"));
    assert!(!share_a_group("Aleksandr", "Alejandro"));
    assert_all_in("sergei", &["Sergei", "Sergey", "Serhii", "Siarhei", "Сергей", "Сергій"]);
    assert_all_in("dmitri", &["Dmitri", "Dmytro", "Dzmitry", "Дмитрий"]);
    assert_all_in("vladimir", &["Vladimir", "Volodymyr", "Uladzimir", "Володимир"]);
    assert_all_in("tatiana", &["Tatiana", "Tetiana", "Tatsiana", "Тетяна"]);
    assert!(!share_a_group("Aleksandr", "Aleksandra"));
    assert_all_in("shevchenko", &["Shevchenko", "Schewtschenko", "Chevtchenko", "Шевченко"]);
    assert_all_in("hovhannisyan", &["Hovhannisyan", "Oganesyan", "Оганесян", "Հովհաննիսյան"]);
}

#[test]
fn family_name_drift() {
    assert_all_in("qaddafi", &["Qaddafi", "Gaddafi", "Kadhafi", "Gadhafi", "Kaddafi", "القذافي"]);
    assert_all_in("magomedov", &["Magomedov", "Mahomedov", "Muhammadov", "Магомедов"]);
    assert!(!share_a_group("Magomedov", "Mamedov"));
    assert_all_in("chattopadhyay", &["Chatterjee", "Chattopadhyay"]);
}

#[test]
fn shipped_index_is_consistent() {
    let dict = shipped();
    for (id, g) in dict.iter() {
        for f in g.forms {
            for k in default_key(f) {
                let ids = dict.groups_of(&k);
                assert!(ids.contains(&id), "{f:?} finds {}", g.key);
                assert!(ids.windows(2).all(|w| w[0] < w[1]), "{k:?}: sorted, no repeats");
            }
        }
    }
    assert!(dict.key_count() > 5_000, "{} keys", dict.key_count());
}

// ---------------------------------------------------------------- the loader

#[test]
fn parse_small_text() {
    let text = "# test\n# version: t.1\n\nmuhammad\tany\tMuhammad|Mohammed|محمد\nzh-wang\tfamily\t王|Wang|Wong\nzh-huang\tfamily\t黄|黃|Huang|Wong\n";
    let dict = NameDictionary::parse(text, default_key).unwrap();
    assert_eq!(dict.len(), 3);
    assert_eq!(dict.version(), "t.1");
    let wang = dict.find("zh-wang").unwrap();
    let huang = dict.find("zh-huang").unwrap();
    assert_eq!(dict.groups_of("wong"), &[wang, huang]);
    assert_eq!(dict.groups_of("huang"), &[huang]);
    assert_eq!(dict.groups_of("nobody"), &[] as &[GroupId]);
    let g = dict.group(huang);
    assert_eq!(g.key, "zh-huang");
    assert_eq!(g.kind, GroupKind::Family);
    assert_eq!(g.forms, ["黄", "黃", "Huang", "Wong"]);
    assert_eq!(dict.groups_of("محمد"), &[dict.find("muhammad").unwrap()]);
}

#[test]
fn parse_accepts_crlf_spaces_and_no_version() {
    let text = "a\tgiven\t Ann | Anne \r\n\r\n  # comment\r\nb\tfamily\tX|Y\r\n";
    let dict = NameDictionary::parse(text, default_key).unwrap();
    assert_eq!(dict.len(), 2);
    assert_eq!(dict.version(), "");
    assert_eq!(dict.group(dict.find("a").unwrap()).forms, ["Ann", "Anne"]);
}

#[test]
fn custom_key_function_decides_the_keys() {
    let text = "g\tgiven\tAbc|Def\n";
    let dict = NameDictionary::parse(text, |f| vec![f.to_uppercase(), format!("#{}", f.len())]).unwrap();
    let g = dict.find("g").unwrap();
    assert_eq!(dict.groups_of("ABC"), &[g]);
    assert_eq!(dict.groups_of("#3"), &[g], "two forms, one shared key, one posting");
    assert!(dict.groups_of("abc").is_empty());
    // A key function that cannot read a form leaves it unindexed instead of failing the load.
    let dict =
        NameDictionary::parse(text, |f| if f == "Def" { vec![] } else { vec![f.to_owned(), String::new()] }).unwrap();
    assert_eq!(dict.unkeyed_forms(), 1);
    assert_eq!(dict.key_count(), 1);
}

fn err(text: &str) -> DictionaryError {
    NameDictionary::parse(text, default_key).expect_err("should be rejected")
}

#[test]
fn bad_lines_name_their_line_and_problem() {
    let e = err("# head\nok\tgiven\tA|B\nno tabs here\n");
    assert_eq!(e.line, 3);
    assert_eq!(e.problem, Problem::MissingTab { found: 1 });
    assert!(e.to_string().contains("line 3"), "{e}");

    let e = err("x\tgiven\n");
    assert_eq!((e.line, e.problem.clone()), (1, Problem::MissingTab { found: 2 }));

    let e = err("x\tgiven\tA\tB\n");
    assert_eq!((e.line, e.problem.clone()), (1, Problem::ExtraTab { found: 4 }));

    let e = err("\n\nx\tfirst\tA|B\n");
    assert_eq!((e.line, e.problem.clone()), (3, Problem::UnknownKind("first".into())));
    assert!(e.to_string().contains("unknown kind `first`"), "{e}");

    let e = err("x\tgiven\tA||B\n");
    assert_eq!((e.line, e.problem.clone()), (1, Problem::EmptyForm { position: 2 }));
    let e = err("x\tgiven\t\n");
    assert_eq!((e.line, e.problem.clone()), (1, Problem::EmptyForm { position: 1 }));
    let e = err("x\tgiven\tA| \n");
    assert_eq!((e.line, e.problem.clone()), (1, Problem::EmptyForm { position: 2 }));

    let e = err("\tgiven\tA\n");
    assert_eq!((e.line, e.problem.clone()), (1, Problem::EmptyKey));
    let e = err("Muhammad\tgiven\tA\n");
    assert_eq!((e.line, e.problem.clone()), (1, Problem::BadKey("Muhammad".into())));

    let e = err("# version: 1\n# version: 2\n");
    assert_eq!((e.line, e.problem.clone()), (2, Problem::DuplicateVersion { first_line: 1 }));
    let e = err("# version:   \n");
    assert_eq!((e.line, e.problem.clone()), (1, Problem::EmptyVersion));
}

#[test]
fn duplicate_group_key_is_rejected() {
    let e = err("a\tgiven\tA|B\nb\tgiven\tC|D\n\na\tfamily\tE|F\n");
    assert_eq!(e.line, 4);
    assert_eq!(e.problem, Problem::DuplicateKey { key: "a".into(), first_line: 1 });
    assert!(e.to_string().contains("already used on line 1"), "{e}");
}

#[test]
fn group_of_a_foreign_id_is_empty_not_a_panic() {
    let big = NameDictionary::parse("a\tgiven\tA\nb\tgiven\tB\n", default_key).unwrap();
    let small = NameDictionary::parse("a\tgiven\tA\n", default_key).unwrap();
    let foreign = big.find("b").unwrap();
    assert!(small.get(foreign).is_none());
    assert_eq!(small.group(foreign).key, "");
    assert!(small.group(foreign).forms.is_empty());
    assert_eq!(foreign.index(), 1);
}

#[test]
fn default_key_folds_what_it_says() {
    let one = |s: &str| default_key(s).into_iter().next().unwrap_or_default();
    assert_eq!(one("Abd al-Rahman"), "abd al rahman");
    assert_eq!(one("  ABD   AL--RAHMAN "), "abd al rahman");
    assert_eq!(one("Ch'en"), "chen");
    assert_eq!(one("Md."), "md");
    assert_eq!(one("Nguyễn"), "nguyen");
    assert_eq!(one("Satō"), "sato");
    assert_eq!(one("İbrahim"), "ibrahim");
    assert_eq!(one("Hüseyin"), "huseyin");
    assert_eq!(one("Gößmann"), "gossmann");
    assert_eq!(one("Αλέξανδρος"), "αλεξανδροσ");
    assert_eq!(one("Пётр"), "петр");
    assert_eq!(one("Андрій"), "андрій", "Cyrillic letters with marks stay distinct");
    assert_eq!(one("أحمد"), "احمد");
    assert_eq!(one("عليّ"), "علي");
    assert_eq!(one("حسین"), one("حسين"), "Persian and Arabic yeh");
    assert_eq!(one("فاطمة"), one("فاطمه"));
    assert_eq!(one("ＷＡＮＧ"), "wang", "fullwidth");
    assert_eq!(one("佐藤"), "佐藤");
    assert_eq!(one("김"), "김", "Hangul survives decomposition");
    assert_eq!(one("ガ"), "ガ", "kana voicing marks are kept");
    assert!(default_key(" - ' . ").is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_never_panics_on_arbitrary_text(text in any::<String>()) {
        let _ = NameDictionary::parse(&text, default_key);
    }

    #[test]
    fn parse_never_panics_on_near_miss_lines(
        lines in prop::collection::vec("[a-z#\t| x-]{0,12}(\t(given|family|any|particle|kind))?(\t[a-zA-Z| \u{0645}\u{062D}-]{0,12})?", 0..8)
    ) {
        let text = lines.join("\n");
        if let Ok(dict) = NameDictionary::parse(&text, default_key) {
            for (id, g) in dict.iter() {
                prop_assert_eq!(dict.group(id), g);
                for f in g.forms {
                    for k in default_key(f) {
                        prop_assert!(dict.groups_of(&k).contains(&id));
                    }
                }
            }
        }
    }

    #[test]
    fn default_key_never_panics_and_is_idempotent(form in any::<String>()) {
        for k in default_key(&form) {
            prop_assert!(!k.is_empty());
            prop_assert_eq!(default_key(&k), vec![k.clone()]);
        }
    }
}

// ---------------------------------------------------------------- two tokens read as one name

/// The groups of two adjacent tokens as the dictionary keys their text written with a space.
fn pair_groups_from_text(analyser: &article3_screen::Analyser, a: &str, b: &str) -> Vec<GroupId> {
    let mut out = Vec::new();
    for key in article3_screen::name::dictionary_keys(&format!("{a} {b}")) {
        for g in analyser.dictionary().groups_of(&key) {
            if !out.contains(g) {
                out.push(*g);
            }
        }
    }
    out
}

/// Every adjacent pair of tokens of `text` as the analyser reads it: the groups made from the tokens
/// are those made from their text.
fn assert_pairs_agree(analyser: &article3_screen::Analyser, text: &str) -> usize {
    let name = analyser.analyse(&article3_screen::NameInput::full(text), article3_screen::NameKind::Primary);
    for pair in name.tokens.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert_eq!(analyser.pair_groups(a, b), pair_groups_from_text(analyser, &a.norm, &b.norm), "{text:?}");
    }
    name.tokens.len().saturating_sub(1)
}

fn analyser() -> &'static article3_screen::Analyser {
    static A: OnceLock<article3_screen::Analyser> = OnceLock::new();
    A.get_or_init(|| article3_screen::Analyser::shipped().expect("the shipped dictionary parses"))
}

#[test]
fn two_tokens_read_as_one_name_find_the_groups_their_text_finds() {
    let analyser = analyser();
    let mut pairs = 0;
    // Every form of the dictionary beside the next form of its group, and each form of several words.
    for (_, group) in analyser.dictionary().iter() {
        for w in group.forms.windows(2) {
            pairs += assert_pairs_agree(analyser, &format!("{} {}", w[0], w[1]));
        }
        for form in group.forms {
            pairs += assert_pairs_agree(analyser, form);
        }
    }
    assert!(pairs > 1_000, "{pairs}");
    // Some pairs do make one dictionary name.
    let a = analyser.analyse(&article3_screen::NameInput::full("Abdul Rahman"), article3_screen::NameKind::Primary);
    let groups = analyser.pair_groups(&a.tokens[0], &a.tokens[1]);
    assert!(groups.iter().any(|g| analyser.dictionary().group(*g).key.contains("rahman")), "{groups:?}");
    // The near case: two names that make no one name.
    let a = analyser.analyse(&article3_screen::NameInput::full("Ivan Petrov"), article3_screen::NameKind::Primary);
    assert!(analyser.pair_groups(&a.tokens[0], &a.tokens[1]).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn two_tokens_of_any_name_find_the_groups_their_text_finds(
        text in "([a-zà-ÿ'. -]{1,12}|[а-яёіїєґ -]{1,12}|[α-ωά-ώ ]{1,10}|[ء-ي ]{1,10}|[一-龥]{1,4}|[가-힣 ]{1,6}|[ა-ჰ ]{1,8}|[ա-ֆ ]{1,8}|\\PC{1,6})( ([a-z]{1,8}|[а-я]{1,8}|[ء-ي]{1,8}|\\PC{1,4})){0,3}"
    ) {
        assert_pairs_agree(analyser(), &text);
    }
}
