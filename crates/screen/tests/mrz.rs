//! Machine-readable zone parsing: the ICAO Doc 9303 specimens of every layout, each check digit failing
//! on its own field, tolerated and refused input, OCR hints, and generated zones that must round-trip.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test set-up should fail loudly

use std::collections::BTreeSet;

use article3_screen::mrz::{MrzDate, MrzError, MrzFormat, check_digit, normalise_document_number, parse};
use proptest::prelude::*;
use proptest::sample::Index;

// Doc 9303 specimens (fictional holder of the fictional state "Utopia").
const TD3: [&str; 2] = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];
const TD2: [&str; 2] = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"];
const TD1: [&str; 3] =
    ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"];
const MRVA: [&str; 2] =
    ["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"];
const MRVB: [&str; 2] = ["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<"];

/// The check digit, computed independently of the library so the tests do not grade themselves.
fn cd(field: &str) -> char {
    let sum: u32 = field
        .chars()
        .zip([7, 3, 1].into_iter().cycle())
        .map(|(c, w)| {
            let v = match c {
                '0'..='9' => c as u32 - '0' as u32,
                'A'..='Z' => c as u32 - 'A' as u32 + 10,
                '<' => 0,
                _ => panic!("bad character {c:?} in test data"),
            };
            v * w
        })
        .sum();
    char::from_digit(sum % 10, 10).unwrap()
}

fn join(lines: &[&str]) -> String {
    lines.join("\n")
}

fn set_char(line: &str, col: usize, c: char) -> String {
    line.chars().enumerate().map(|(i, x)| if i == col { c } else { x }).collect()
}

/// Rewrites the composite check digit at `col` from the given runs of the zone (line, start, len).
fn fix_composite(lines: &mut [String], runs: &[(usize, usize, usize)], line: usize, col: usize) {
    let data: String = runs.iter().map(|&(l, s, n)| &lines[l][s..s + n]).collect();
    lines[line] = set_char(&lines[line], col, cd(&data));
}

const TD3_RUNS: &[(usize, usize, usize)] = &[(1, 0, 10), (1, 13, 7), (1, 21, 22)];
const TD2_RUNS: &[(usize, usize, usize)] = &[(1, 0, 10), (1, 13, 7), (1, 21, 14)];
const TD1_RUNS: &[(usize, usize, usize)] = &[(0, 5, 25), (1, 0, 7), (1, 8, 7), (1, 18, 11)];

fn failed(text: &str) -> BTreeSet<&'static str> {
    parse(text).unwrap().failed_checks().map(|c| c.field).collect()
}

fn fields(names: &[&'static str]) -> BTreeSet<&'static str> {
    names.iter().copied().collect()
}

// ---------------------------------------------------------------------------------------------------
// Specimens.

#[test]
fn td3_specimen_parses_with_all_checks_passing() {
    let m = parse(&join(&TD3)).unwrap();
    assert_eq!(m.format, MrzFormat::Td3);
    assert_eq!(m.document_code, "P");
    assert_eq!(m.issuing_state, "UTO");
    assert_eq!(m.surname, "ERIKSSON");
    assert_eq!(m.given_names, ["ANNA", "MARIA"]);
    assert_eq!(m.document_number, "L898902C3");
    assert_eq!(m.nationality, "UTO");
    assert_eq!(m.birth_date, MrzDate { yy: 74, mm: 8, dd: 12 });
    assert_eq!(m.sex, Some('F'));
    assert_eq!(m.expiry_date, MrzDate { yy: 12, mm: 4, dd: 15 });
    assert_eq!(m.optional_data, "ZE184226B");
    assert_eq!(m.optional_data_2, "");
    let names: Vec<_> = m.checks.iter().map(|c| c.field).collect();
    assert_eq!(names, ["document_number", "birth_date", "expiry_date", "personal_number", "composite"]);
    assert!(m.all_checks_pass(), "{:?}", m.checks);
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    assert_eq!(m.check("composite").unwrap().found, '0');
}

#[test]
fn td2_specimen_parses_with_all_checks_passing() {
    let m = parse(&join(&TD2)).unwrap();
    assert_eq!(m.format, MrzFormat::Td2);
    assert_eq!(m.document_code, "I");
    assert_eq!((m.surname.as_str(), m.given_names.clone()), ("ERIKSSON", vec!["ANNA".to_owned(), "MARIA".to_owned()]));
    assert_eq!(m.document_number, "D23145890");
    assert_eq!(m.birth_date, MrzDate { yy: 74, mm: 8, dd: 12 });
    assert_eq!(m.expiry_date, MrzDate { yy: 12, mm: 4, dd: 15 });
    assert_eq!(m.optional_data, "");
    let names: Vec<_> = m.checks.iter().map(|c| c.field).collect();
    assert_eq!(names, ["document_number", "birth_date", "expiry_date", "composite"]);
    assert!(m.all_checks_pass(), "{:?}", m.checks);
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn td1_specimen_parses_with_all_checks_passing() {
    let m = parse(&join(&TD1)).unwrap();
    assert_eq!(m.format, MrzFormat::Td1);
    assert_eq!(m.document_code, "I");
    assert_eq!(m.issuing_state, "UTO");
    assert_eq!(m.document_number, "D23145890");
    assert_eq!(m.nationality, "UTO");
    assert_eq!(m.surname, "ERIKSSON");
    assert_eq!(m.given_names, ["ANNA", "MARIA"]);
    assert_eq!(m.sex, Some('F'));
    let names: Vec<_> = m.checks.iter().map(|c| c.field).collect();
    assert_eq!(names, ["document_number", "birth_date", "expiry_date", "composite"]);
    assert!(m.all_checks_pass(), "{:?}", m.checks);
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn visa_specimens_parse_without_a_composite() {
    for (lines, format, optional) in [(&MRVA[..], MrzFormat::MrvA, "6ZE184226B"), (&MRVB[..], MrzFormat::MrvB, "")] {
        let m = parse(&join(lines)).unwrap();
        assert_eq!(m.format, format);
        assert_eq!(m.document_code, "V");
        assert_eq!(m.document_number, "L8988901C");
        assert_eq!(m.nationality, "XXX");
        assert_eq!(m.birth_date, MrzDate { yy: 40, mm: 9, dd: 7 });
        assert_eq!(m.expiry_date, MrzDate { yy: 96, mm: 12, dd: 10 });
        assert_eq!(m.optional_data, optional);
        let names: Vec<_> = m.checks.iter().map(|c| c.field).collect();
        assert_eq!(names, ["document_number", "birth_date", "expiry_date"], "{format}");
        assert!(m.all_checks_pass(), "{format}: {:?}", m.checks);
        assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    }
}

#[test]
fn check_digit_follows_doc_9303() {
    assert_eq!(check_digit("L898902C3"), Some('6'));
    assert_eq!(check_digit("740812"), Some('2'));
    assert_eq!(check_digit("120415"), Some('9'));
    assert_eq!(check_digit("ZE184226B<<<<<"), Some('1'));
    assert_eq!(check_digit("D23145890"), Some('7'));
    assert_eq!(check_digit("<<<<<<"), Some('0'));
    assert_eq!(check_digit(""), Some('0'));
    assert_eq!(check_digit("l898902c3"), None, "lower case is not MRZ text");
    assert_eq!(check_digit("L898-902"), None);
    assert_eq!(check_digit("ÉRIK"), None);
}

#[test]
fn normalised_document_numbers_compare_exactly() {
    assert_eq!(normalise_document_number(" l898 902-c3. "), "L898902C3");
    assert_eq!(normalise_document_number("L898902C3<<<"), "L898902C3");
    assert_eq!(normalise_document_number("L898\u{2013}902C3"), "L898902C3");
    assert_eq!(normalise_document_number("AB/12"), "AB/12", "other characters are kept, not guessed away");
    assert_ne!(normalise_document_number("L898902C3"), normalise_document_number("L898902C8"));
}

// ---------------------------------------------------------------------------------------------------
// Check digits failing.

#[test]
fn each_wrong_check_digit_is_reported_on_its_own_field() {
    // TD3: (column of the check digit on line 2, field); the composite is recomputed so only the field fails.
    for (col, field) in [(9, "document_number"), (19, "birth_date"), (27, "expiry_date"), (42, "personal_number")] {
        let mut lines: Vec<String> = TD3.iter().map(|s| s.to_string()).collect();
        let good = lines[1].as_bytes()[col] as char;
        let bad = char::from_digit((good.to_digit(10).unwrap() + 3) % 10, 10).unwrap();
        lines[1] = set_char(&lines[1], col, bad);
        fix_composite(&mut lines, TD3_RUNS, 1, 43);
        let m = parse(&lines.join("\n")).unwrap();
        assert!(!m.all_checks_pass());
        let r = m.check(field).unwrap();
        assert_eq!((r.expected, r.found, r.ok), (good, bad, false), "{field}");
        assert_eq!(m.failed_checks().count(), 1, "{field}: {:?}", m.checks);
        assert!(
            m.warnings.iter().any(|w| w.starts_with(field) && w.contains("check digit failed")),
            "{:?}",
            m.warnings
        );
        // Nothing else is touched: the fields still read as printed.
        assert_eq!(m.document_number, "L898902C3");
    }
    // TD2.
    for (col, field) in [(9, "document_number"), (19, "birth_date"), (27, "expiry_date")] {
        let mut lines: Vec<String> = TD2.iter().map(|s| s.to_string()).collect();
        let good = lines[1].as_bytes()[col] as char;
        let bad = char::from_digit((good.to_digit(10).unwrap() + 1) % 10, 10).unwrap();
        lines[1] = set_char(&lines[1], col, bad);
        fix_composite(&mut lines, TD2_RUNS, 1, 35);
        assert_eq!(failed(&lines.join("\n")), fields(&[field]), "TD2 {field}");
    }
    // TD1.
    for (line, col, field) in [(0, 14, "document_number"), (1, 6, "birth_date"), (1, 14, "expiry_date")] {
        let mut lines: Vec<String> = TD1.iter().map(|s| s.to_string()).collect();
        let good = lines[line].as_bytes()[col] as char;
        let bad = char::from_digit((good.to_digit(10).unwrap() + 5) % 10, 10).unwrap();
        lines[line] = set_char(&lines[line], col, bad);
        fix_composite(&mut lines, TD1_RUNS, 1, 29);
        assert_eq!(failed(&lines.join("\n")), fields(&[field]), "TD1 {field}");
    }
    // Visas.
    for lines in [&MRVA[..], &MRVB[..]] {
        let l2 = set_char(lines[1], 19, '0');
        assert_eq!(failed(&join(&[lines[0], &l2])), fields(&["birth_date"]));
    }
}

#[test]
fn composite_failure_alone_is_reported() {
    let l2 = set_char(TD3[1], 43, '1');
    let m = parse(&join(&[TD3[0], &l2])).unwrap();
    assert_eq!(m.failed_checks().map(|c| c.field).collect::<Vec<_>>(), ["composite"]);
    let r = m.check("composite").unwrap();
    assert_eq!((r.expected, r.found), ('0', '1'));

    let l2 = set_char(TD1[1], 29, '0');
    assert_eq!(failed(&join(&[TD1[0], &l2, TD1[2]])), fields(&["composite"]));
    let l2 = set_char(TD2[1], 35, '0');
    assert_eq!(failed(&join(&[TD2[0], &l2])), fields(&["composite"]));
}

#[test]
fn a_changed_field_fails_its_check_and_the_composite() {
    // Birth year 74 → 75 without touching any check digit: the data no longer matches.
    let l2 = set_char(TD3[1], 14, '5');
    let m = parse(&join(&[TD3[0], &l2])).unwrap();
    assert_eq!(m.birth_date.yy, 75, "the zone is read as printed, never corrected");
    assert_eq!(m.failed_checks().map(|c| c.field).collect::<BTreeSet<_>>(), fields(&["birth_date", "composite"]));
}

#[test]
fn empty_personal_number_may_have_a_filler_check_digit() {
    let mut l2 = format!("{}{}", &TD3[1][..28], "<".repeat(16));
    let mut lines = vec![TD3[0].to_owned(), l2.clone()];
    fix_composite(&mut lines, TD3_RUNS, 1, 43);
    l2 = lines[1].clone();
    assert_eq!(&l2[42..43], "<");
    let m = parse(&join(&[TD3[0], &l2])).unwrap();
    assert!(m.all_checks_pass(), "{:?}", m.checks);
    assert_eq!(m.check("personal_number").unwrap().expected, '<');
    assert_eq!(m.optional_data, "");
    // '0' over the same fillers is just as valid (it is the computed digit).
    let mut lines = vec![TD3[0].to_owned(), set_char(&l2, 42, '0')];
    fix_composite(&mut lines, TD3_RUNS, 1, 43);
    assert!(parse(&lines.join("\n")).unwrap().all_checks_pass());
    // But a filler check digit over a real personal number is a failure.
    let mut lines = vec![TD3[0].to_owned(), set_char(TD3[1], 42, '<')];
    fix_composite(&mut lines, TD3_RUNS, 1, 43);
    let m = parse(&lines.join("\n")).unwrap();
    let r = m.check("personal_number").unwrap();
    assert_eq!((r.expected, r.found, r.ok), ('1', '<', false));
}

#[test]
fn ocr_confusion_is_suggested_never_applied() {
    // The specimen's document number with its '0' (position 6) misread as 'O'.
    let l2 = set_char(TD3[1], 5, 'O');
    let m = parse(&join(&[TD3[0], &l2])).unwrap();
    assert_eq!(m.document_number, "L8989O2C3", "not auto-corrected");
    assert!(!m.check("document_number").unwrap().ok);
    assert!(
        m.warnings
            .iter()
            .any(|w| w == "document_number: check digit passes if 'O' at position 6 (line 2, column 6) is read as '0'"),
        "{:?}",
        m.warnings
    );
    assert!(
        m.warnings.iter().any(|w| w == "composite: check digit passes if 'O' at line 2, column 6 is read as '0'"),
        "{:?}",
        m.warnings
    );

    // A check digit that reads as a letter.
    let l2 = set_char(TD3[1], 9, 'B'); // the check digit is '6': 'B' is no confusion of it
    let m = parse(&join(&[TD3[0], &l2])).unwrap();
    assert!(!m.warnings.iter().any(|w| w.contains("the check digit 'B'")));
    // The specimen's composite check digit is '0'; printed as 'O' it is a letter, but the hint says why.
    let l2 = set_char(TD3[1], 43, 'O');
    let m = parse(&join(&[TD3[0], &l2])).unwrap();
    assert_eq!(m.check("composite").unwrap().found, 'O');
    assert!(
        m.warnings.contains(
            &"composite: check digit passes if the check digit 'O' (line 2, column 44) is read as '0'".to_owned()
        ),
        "{:?}",
        m.warnings
    );

    // A number built so that position 3 holds an 'O' that should be a '0'.
    let number = "AB0123456";
    let mut lines = vec![TD3[0].to_owned(), format!("{number}{}{}", cd(number), &TD3[1][10..])];
    fix_composite(&mut lines, TD3_RUNS, 1, 43);
    assert!(parse(&lines.join("\n")).unwrap().all_checks_pass());
    let misread = set_char(&lines[1], 2, 'O');
    let m = parse(&join(&[TD3[0], &misread])).unwrap();
    assert!(
        m.warnings.contains(
            &"document_number: check digit passes if 'O' at position 3 (line 2, column 3) is read as '0'".to_owned()
        ),
        "{:?}",
        m.warnings
    );

    // No hint when no single confusion explains the failure, and none at all when checks pass.
    assert!(parse(&join(&TD3)).unwrap().warnings.is_empty());
}

// ---------------------------------------------------------------------------------------------------
// Input tolerance and refusals.

#[test]
fn lower_case_crlf_whitespace_and_run_together_lines_are_accepted() {
    let reference = parse(&join(&TD3)).unwrap();
    let variants = [
        format!("  {}\r\n{}  \r\n", TD3[0].to_lowercase(), TD3[1].to_lowercase()),
        format!("\n\n{}\n\n{}\n", TD3[0], TD3[1]),
        format!("\t{}{}\t", TD3[0], TD3[1]),
        format!("{}\r{}", TD3[0], TD3[1]),
    ];
    for v in &variants {
        assert_eq!(parse(v).unwrap(), reference, "{v:?}");
    }
    assert_eq!(parse(&TD2.concat()).unwrap(), parse(&join(&TD2)).unwrap());
    assert_eq!(parse(&TD1.concat().to_lowercase()).unwrap(), parse(&join(&TD1)).unwrap());
    assert_eq!(parse(&MRVA.concat()).unwrap().format, MrzFormat::MrvA);
    assert_eq!(parse(&MRVB.concat()).unwrap().format, MrzFormat::MrvB);
}

#[test]
fn wrong_shape_is_an_error_naming_the_accepted_lengths() {
    let short = &TD3[1][..43];
    let err = parse(&join(&[TD3[0], short])).unwrap_err();
    assert_eq!(err, MrzError::WrongShape { received: "2 lines of 44 and 43 characters".to_owned() });
    let msg = err.to_string();
    for needle in ["2 lines of 44", "2 lines of 36", "3 lines of 30", "88", "72", "90", "received 2 lines of 44 and 43"]
    {
        assert!(msg.contains(needle), "{msg}");
    }
    let cases = [
        (String::new(), "no text"),
        ("   \r\n  ".to_owned(), "no text"),
        (TD3.concat()[..87].to_owned(), "1 line of 87 characters"),
        (join(&[TD1[0], TD1[1]]), "2 lines of 30 and 30 characters"),
        (join(&[TD3[0], TD3[1], TD3[1]]), "3 lines of 44, 44 and 44 characters"),
        (join(&[TD3[0], TD2[1]]), "2 lines of 44 and 36 characters"),
        ("<\n<\n<\n<\n<\n<".to_owned(), "6 lines of 1, 1, 1, 1, ... characters"),
    ];
    for (input, received) in cases {
        match parse(&input) {
            Err(MrzError::WrongShape { received: r }) => assert_eq!(r, received, "{input:?}"),
            other => panic!("{input:?}: {other:?}"),
        }
    }
}

#[test]
fn characters_outside_the_mrz_set_are_errors_with_their_place() {
    let spaced = format!("P<UTO ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<\n{}", TD3[1]);
    assert_eq!(parse(&spaced), Err(MrzError::InvalidCharacter { character: ' ', line: 1, column: 6 }));
    let hashed = join(&[TD3[0], &set_char(TD3[1], 20, '#')]);
    let err = parse(&hashed).unwrap_err();
    assert_eq!(err, MrzError::InvalidCharacter { character: '#', line: 2, column: 21 });
    assert!(err.to_string().contains("line 2, column 21"), "{err}");
    assert!(err.to_string().contains("only A-Z, 0-9 and the filler '<'"), "{err}");
    let accented = join(&[&set_char(TD3[0], 7, 'É'), TD3[1]]);
    assert_eq!(parse(&accented), Err(MrzError::InvalidCharacter { character: 'É', line: 1, column: 8 }));
}

#[test]
fn impossible_dates_are_errors() {
    let with_birth = |birth: &str| join(&[TD3[0], &format!("{}{}{}", &TD3[1][..13], birth, &TD3[1][19..])]);
    for (birth, reason) in
        [("741312", "no month 13"), ("740832", "no day 32"), ("74O812", "6 digits"), ("7<0812", "6 digits")]
    {
        match parse(&with_birth(birth)) {
            Err(e @ MrzError::InvalidDate { field: "birth_date", .. }) => {
                assert!(e.to_string().contains(reason), "{e}");
                assert!(e.to_string().contains(birth), "{e}");
            }
            other => panic!("{birth}: {other:?}"),
        }
    }
    let err = parse(&with_birth("74O812")).unwrap_err().to_string();
    assert!(err.contains("'O' at position 3 may be a misread '0'"), "{err}");
    let l2 = format!("{}{}{}", &TD3[1][..21], "991231", &TD3[1][27..]);
    assert!(parse(&join(&[TD3[0], &l2])).is_ok(), "a valid date with a bad check digit still parses");
    let l2 = format!("{}{}{}", &TD3[1][..21], "991300", &TD3[1][27..]);
    assert!(matches!(parse(&join(&[TD3[0], &l2])), Err(MrzError::InvalidDate { field: "expiry_date", .. })));
}

#[test]
fn unknown_document_codes_are_errors() {
    let err = parse(&join(&[&set_char(TD3[0], 0, 'X'), TD3[1]])).unwrap_err();
    assert_eq!(err, MrzError::UnknownDocumentCode { code: 'X' });
    assert!(err.to_string().contains("P (passport)"), "{err}");
    assert_eq!(
        parse(&join(&[&set_char(TD1[0], 0, '<'), TD1[1], TD1[2]])),
        Err(MrzError::UnknownDocumentCode { code: '<' })
    );
    let err = parse(&join(&[&set_char(TD1[0], 0, 'V'), TD1[1], TD1[2]])).unwrap_err();
    assert_eq!(err, MrzError::VisaCodeOnCard { code: 'V' });
    assert!(err.to_string().contains("MRV-A"), "{err}");
}

#[test]
fn unusual_document_code_for_the_size_is_read_with_a_warning() {
    let m = parse(&join(&[&set_char(TD3[0], 0, 'I'), TD3[1]])).unwrap();
    assert_eq!(m.format, MrzFormat::Td3);
    assert!(m.warnings.iter().any(|w| w.contains("document code 'I' is unusual")), "{:?}", m.warnings);
    let m = parse(&join(&[&set_char(TD1[0], 0, 'P'), TD1[1], TD1[2]])).unwrap();
    assert_eq!(m.format, MrzFormat::Td1);
    assert!(!m.warnings.is_empty());
    let m = parse(&join(&[&set_char(TD1[0], 0, 'A'), TD1[1], TD1[2]])).unwrap();
    assert!(m.warnings.is_empty());
}

// ---------------------------------------------------------------------------------------------------
// Special content.

#[test]
fn td1_long_document_number_is_rebuilt_from_the_optional_data() {
    let number = "D23145890734";
    let opt1 = format!("734{}<ABC", cd(number));
    let l1 = format!("I<UTOD23145890<{opt1:<<15}");
    assert_eq!(l1.len(), 30);
    let mut lines = vec![l1, TD1[1].to_owned(), TD1[2].to_owned()];
    fix_composite(&mut lines, TD1_RUNS, 1, 29);
    let m = parse(&lines.join("\n")).unwrap();
    assert_eq!(m.document_number, number);
    assert_eq!(m.optional_data, "ABC");
    assert!(m.all_checks_pass(), "{:?} {:?}", m.checks, m.warnings);
    let r = m.check("document_number").unwrap();
    assert_eq!(r.found, cd(number));

    // The overflow's check digit covers the whole number.
    let wrong = char::from_digit((cd(number).to_digit(10).unwrap() + 1) % 10, 10).unwrap();
    lines[0] = set_char(&lines[0], 18, wrong);
    fix_composite(&mut lines, TD1_RUNS, 1, 29);
    let m = parse(&lines.join("\n")).unwrap();
    assert_eq!(m.document_number, number);
    assert_eq!(m.failed_checks().map(|c| c.field).collect::<Vec<_>>(), ["document_number"]);

    // A filler check digit with nothing after it is simply a failed check on the 9 characters.
    let mut lines = vec![set_char(TD1[0], 14, '<'), TD1[1].to_owned(), TD1[2].to_owned()];
    fix_composite(&mut lines, TD1_RUNS, 1, 29);
    let m = parse(&lines.join("\n")).unwrap();
    assert_eq!(m.document_number, "D23145890");
    let r = m.check("document_number").unwrap();
    assert_eq!((r.expected, r.found, r.ok), ('7', '<', false));
}

#[test]
fn td2_long_document_number_follows_the_same_rule() {
    let number = "D23145890734";
    let l2 = format!("D23145890<UTO7408122F1204159{:<<7}<", format!("734{}", cd(number)));
    let mut lines = vec![TD2[0].to_owned(), l2];
    fix_composite(&mut lines, TD2_RUNS, 1, 35);
    let m = parse(&lines.join("\n")).unwrap();
    assert_eq!(m.document_number, number);
    assert_eq!(m.optional_data, "");
    assert!(m.all_checks_pass(), "{:?} {:?}", m.checks, m.warnings);
    // Visas have no such rule: a filler check digit is just a failure.
    let l2 = format!("D23145890<UTO7408122F1204159{:<<8}", format!("734{}", cd(number)));
    let m = parse(&join(&[MRVB[0], &l2])).unwrap();
    assert_eq!(m.document_number, "D23145890");
    assert!(!m.check("document_number").unwrap().ok);
}

#[test]
fn unknown_date_parts_are_zero_with_a_warning() {
    let birth = "74<<<<";
    let mut lines = vec![TD3[0].to_owned(), format!("{}{}{}{}", &TD3[1][..13], birth, cd(birth), &TD3[1][20..])];
    fix_composite(&mut lines, TD3_RUNS, 1, 43);
    let m = parse(&lines.join("\n")).unwrap();
    assert_eq!(m.birth_date, MrzDate { yy: 74, mm: 0, dd: 0 });
    assert!(m.all_checks_pass(), "{:?}", m.checks);
    assert!(m.warnings.iter().any(|w| w.contains("birth_date: month unknown")), "{:?}", m.warnings);
    assert!(m.warnings.iter().any(|w| w.contains("birth_date: day unknown")), "{:?}", m.warnings);
    assert!(!m.warnings.iter().any(|w| w.contains("year")), "{:?}", m.warnings);

    let birth = "<<<<<<";
    let mut lines = vec![TD1[0].to_owned(), format!("{birth}{}{}", cd(birth), &TD1[1][7..]), TD1[2].to_owned()];
    fix_composite(&mut lines, TD1_RUNS, 1, 29);
    let m = parse(&lines.join("\n")).unwrap();
    assert_eq!(m.birth_date, MrzDate::default());
    assert_eq!(m.warnings.len(), 3, "{:?}", m.warnings);
    assert!(m.all_checks_pass());
}

#[test]
fn full_name_field_warns_of_truncation() {
    let name = "ERIKSSON<<ANNA<MARIA<ELISABETH";
    assert_eq!(name.len(), 30);
    let m = parse(&join(&[TD1[0], TD1[1], name])).unwrap();
    assert_eq!(m.given_names, ["ANNA", "MARIA", "ELISABETH"]);
    assert!(m.warnings.iter().any(|w| w.contains("name may be truncated")), "{:?}", m.warnings);
    assert!(m.all_checks_pass());
    assert!(!parse(&join(&TD1)).unwrap().warnings.iter().any(|w| w.contains("truncated")));
}

#[test]
fn names_split_into_surname_words_and_given_names() {
    let l1 = format!("{:<<44}", "P<UTOVAN<DER<BERG<<JAN<PIETER<<KLAAS");
    let m = parse(&join(&[&l1, TD3[1]])).unwrap();
    assert_eq!(m.surname, "VAN DER BERG");
    assert_eq!(m.given_names, ["JAN", "PIETER", "KLAAS"]);

    let l1 = format!("{:<<44}", "P<UTOSUKARNO");
    let m = parse(&join(&[&l1, TD3[1]])).unwrap();
    assert_eq!(m.surname, "SUKARNO");
    assert!(m.given_names.is_empty());
}

#[test]
fn sex_x_and_filler_are_unspecified() {
    for (c, sex) in [('M', Some('M')), ('F', Some('F')), ('X', None), ('<', None)] {
        let l2 = set_char(TD3[1], 20, c);
        let mut lines = vec![TD3[0].to_owned(), l2];
        fix_composite(&mut lines, TD3_RUNS, 1, 43);
        let m = parse(&lines.join("\n")).unwrap();
        assert_eq!(m.sex, sex);
        assert!(m.all_checks_pass(), "the sex is outside every check");
    }
}

#[test]
fn centuries_are_resolved() {
    let d = |yy| MrzDate { yy, mm: 1, dd: 1 };
    assert_eq!(d(74).birth_year(2025), 1974);
    assert_eq!(d(25).birth_year(2025), 2025);
    assert_eq!(d(26).birth_year(2025), 1926);
    assert_eq!(d(0).birth_year(2025), 2000);
    assert_eq!(d(99).birth_year(2025), 1999);
    assert_eq!(d(4).birth_year(2104), 2104);
    assert_eq!(d(5).birth_year(2104), 2005);
    assert_eq!(d(99).birth_year(2104), 2099);
    assert_eq!(d(12).expiry_year(), 2012);
    assert_eq!(d(99).expiry_year(), 2099);
    assert_eq!(d(3).to_string(), "030101");
    let m = parse(&join(&TD3)).unwrap();
    assert_eq!(m.birth_date.birth_year(2026), 1974);
    assert_eq!(m.expiry_date.expiry_year(), 2012);
}

// ---------------------------------------------------------------------------------------------------
// Generated zones.

#[derive(Debug, Clone)]
struct Doc {
    format: MrzFormat,
    code: String,
    state: String,
    surname: Vec<String>,
    given: Vec<String>,
    number: String,
    nationality: String,
    birth: (u8, u8, u8),
    sex: char,
    expiry: (u8, u8, u8),
    optional: String,
    optional_2: String,
}

fn pad(s: &str, n: usize) -> String {
    assert!(s.len() <= n, "{s} longer than {n}");
    format!("{s}{}", "<".repeat(n - s.len()))
}

fn date(d: (u8, u8, u8)) -> String {
    format!("{:02}{:02}{:02}", d.0, d.1, d.2)
}

fn name_field(doc: &Doc, n: usize) -> String {
    let mut name = doc.surname.join("<");
    if !doc.given.is_empty() {
        name = format!("{name}<<{}", doc.given.join("<"));
    }
    pad(&name, n)
}

fn name_len(format: MrzFormat) -> usize {
    match format {
        MrzFormat::Td1 => 30,
        MrzFormat::Td2 | MrzFormat::MrvB => 31,
        MrzFormat::Td3 | MrzFormat::MrvA => 39,
    }
}

fn optional_len(format: MrzFormat) -> usize {
    match format {
        MrzFormat::Td1 => 15,
        MrzFormat::Td2 => 7,
        MrzFormat::MrvB => 8,
        MrzFormat::Td3 => 14,
        MrzFormat::MrvA => 16,
    }
}

/// Writes the zone with every check digit computed.
fn encode(doc: &Doc) -> Vec<String> {
    let code = pad(&doc.code, 2);
    let state = pad(&doc.state, 3);
    let nat = pad(&doc.nationality, 3);
    let (birth, expiry) = (date(doc.birth), date(doc.expiry));
    let dates = format!("{birth}{}{}{expiry}{}", cd(&birth), doc.sex, cd(&expiry));
    match doc.format {
        MrzFormat::Td1 => {
            let (principal, opt1) = if doc.number.len() > 9 {
                let rest = &doc.number[9..];
                let sep = if doc.optional.is_empty() { "" } else { "<" };
                (format!("{}<", &doc.number[..9]), format!("{rest}{}{sep}{}", cd(&doc.number), doc.optional))
            } else {
                let n = pad(&doc.number, 9);
                (format!("{n}{}", cd(&n)), doc.optional.clone())
            };
            let l1 = format!("{code}{state}{principal}{}", pad(&opt1, 15));
            let mut l2 =
                format!("{birth}{}{}{expiry}{}{nat}{}", cd(&birth), doc.sex, cd(&expiry), pad(&doc.optional_2, 11));
            let composite = format!("{}{}{}{}", &l1[5..30], &l2[0..7], &l2[8..15], &l2[18..29]);
            l2.push(cd(&composite));
            vec![l1, l2, name_field(doc, 30)]
        }
        format => {
            let n = pad(&doc.number, 9);
            let l1 = format!("{code}{state}{}", name_field(doc, name_len(format)));
            let opt = pad(&doc.optional, optional_len(format));
            let mut l2 = format!("{n}{}{nat}{dates}{opt}", cd(&n));
            if format == MrzFormat::Td3 {
                l2.push(cd(&opt));
            }
            if matches!(format, MrzFormat::Td2 | MrzFormat::Td3) {
                let end = l2.len();
                let composite = format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..end]);
                l2.push(cd(&composite));
            }
            vec![l1, l2]
        }
    }
}

fn doc_strategy() -> impl Strategy<Value = Doc> {
    let format = prop_oneof![
        Just(MrzFormat::Td1),
        Just(MrzFormat::Td2),
        Just(MrzFormat::Td3),
        Just(MrzFormat::MrvA),
        Just(MrzFormat::MrvB),
    ];
    let date = || (0u8..100, 1u8..=12, 1u8..=28);
    (format, "[A-Z<]", "[A-Z]{1,3}", "[A-Z]{1,3}", prop::collection::vec("[A-Z]{1,8}", 1..3))
        .prop_flat_map(move |(format, code2, state, nationality, surname)| {
            let first = match format {
                MrzFormat::Td3 => Just('P').boxed(),
                MrzFormat::MrvA | MrzFormat::MrvB => Just('V').boxed(),
                MrzFormat::Td1 | MrzFormat::Td2 => prop::sample::select(vec!['I', 'A', 'C']).boxed(),
            };
            let number = if format == MrzFormat::Td1 { "[A-Z0-9]{1,12}" } else { "[A-Z0-9]{1,9}" };
            let optional_max = if format == MrzFormat::Td1 { 10 } else { optional_len(format) };
            (
                Just((format, code2, state, nationality, surname)),
                first,
                prop::collection::vec("[A-Z]{1,8}", 0..4),
                number,
                date(),
                prop::sample::select(vec!['M', 'F', 'X', '<']),
                date(),
                prop::collection::vec("[A-Z0-9]", 0..=optional_max),
                "[A-Z0-9]{0,11}",
            )
        })
        .prop_map(
            |(
                (format, code2, state, nationality, surname),
                first,
                mut given,
                number,
                birth,
                sex,
                expiry,
                optional,
                optional_2,
            )| {
                // Keep the name inside its field by dropping given names, as an issuer would shorten them.
                let fits = |given: &[String]| {
                    surname.join("<").len() + if given.is_empty() { 0 } else { 2 + given.join("<").len() }
                        <= name_len(format)
                };
                while !fits(&given) {
                    given.pop();
                }
                Doc {
                    format,
                    code: format!("{first}{code2}"),
                    state,
                    surname,
                    given,
                    number,
                    nationality,
                    birth,
                    sex,
                    expiry,
                    optional: optional.concat(),
                    optional_2: if format == MrzFormat::Td1 { optional_2 } else { String::new() },
                }
            },
        )
}

/// The cells, (line, column), of each checked field whose content is a digit that can be flipped
/// without making the zone unreadable: any digit of the document number or personal number, the
/// year digits of the dates.
fn flippable(doc: &Doc, lines: &[String]) -> Vec<(&'static str, usize, usize)> {
    let mut cells = Vec::new();
    let (number_line, number_start, birth_start, expiry_start) =
        if doc.format == MrzFormat::Td1 { (0, 5, 0, 8) } else { (1, 0, 13, 21) };
    for i in 0..doc.number.len().min(9) {
        cells.push(("document_number", number_line, number_start + i));
    }
    for i in 0..2 {
        cells.push(("birth_date", 1, birth_start + i));
        cells.push(("expiry_date", 1, expiry_start + i));
    }
    if doc.format == MrzFormat::Td3 {
        for i in 0..doc.optional.len() {
            cells.push(("personal_number", 1, 28 + i));
        }
    }
    cells.retain(|&(_, l, c)| lines[l].as_bytes()[c].is_ascii_digit());
    cells
}

proptest! {
    #[test]
    fn parse_never_panics_on_any_text(s in any::<String>()) {
        let _ = parse(&s);
    }

    #[test]
    fn parse_never_panics_on_mrz_alphabet(
        long in prop::collection::vec("[A-Z0-9<]{44}", 2),
        medium in prop::collection::vec("[A-Z0-9<]{36}", 2),
        card in prop::collection::vec("[A-Z0-9<]{30}", 3),
        first in "[PIACVX<0]",
    ) {
        for lines in [long, medium, card] {
            let mut text = lines.join("\n");
            let _ = parse(&text);
            text.replace_range(0..1, &first);
            let _ = parse(&text);
            let _ = parse(&text.replace('\n', ""));
            let _ = parse(&text.to_lowercase());
        }
    }

    #[test]
    fn generated_zones_round_trip(doc in doc_strategy()) {
        let lines = encode(&doc);
        let text = lines.join("\n");
        let m = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert!(m.all_checks_pass(), "{:?}\n{}", m.checks, text);
        prop_assert_eq!(m.format, doc.format);
        prop_assert_eq!(&m.document_code, doc.code.trim_end_matches('<'));
        prop_assert_eq!(&m.issuing_state, &doc.state);
        prop_assert_eq!(&m.surname, &doc.surname.join(" "));
        prop_assert_eq!(&m.given_names, &doc.given);
        prop_assert_eq!(&m.document_number, &doc.number);
        prop_assert_eq!(&m.nationality, &doc.nationality);
        prop_assert_eq!(m.birth_date, MrzDate { yy: doc.birth.0, mm: doc.birth.1, dd: doc.birth.2 });
        prop_assert_eq!(m.expiry_date, MrzDate { yy: doc.expiry.0, mm: doc.expiry.1, dd: doc.expiry.2 });
        prop_assert_eq!(m.sex, matches!(doc.sex, 'M' | 'F').then_some(doc.sex));
        prop_assert_eq!(&m.optional_data, &doc.optional);
        prop_assert_eq!(&m.optional_data_2, &doc.optional_2);
        let truncation = m.warnings.iter().any(|w| w.contains("truncated"));
        prop_assert!(m.warnings.is_empty() || (truncation && m.warnings.len() == 1), "{:?}", m.warnings);
        // The same zone run together on one line reads the same.
        prop_assert_eq!(parse(&lines.concat()).unwrap(), m);
    }

    #[test]
    fn flipping_a_digit_fails_exactly_the_checks_covering_it(doc in doc_strategy(), pick in any::<Index>(), by in 1u32..10) {
        let mut lines = encode(&doc);
        let cells = flippable(&doc, &lines);
        let (field, line, col) = *pick.get(&cells);
        let old = lines[line].as_bytes()[col] as char;
        let new = char::from_digit((old.to_digit(10).unwrap() + by) % 10, 10).unwrap();
        lines[line] = set_char(&lines[line], col, new);
        let m = parse(&lines.join("\n")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut expected = BTreeSet::from([field]);
        if matches!(doc.format, MrzFormat::Td1 | MrzFormat::Td2 | MrzFormat::Td3) {
            expected.insert("composite");
        }
        let failed: BTreeSet<_> = m.failed_checks().map(|c| c.field).collect();
        prop_assert_eq!(failed, expected, "{}", lines.join("\n"));
    }
}
