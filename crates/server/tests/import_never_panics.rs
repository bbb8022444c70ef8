//! The importers never panic: any text split into records, any JSON value in any field of an INTERPOL
//! or FollowTheMoney record, and random edits of valid records either parse into a valid request or are
//! refused with one short sentence. The valid seeds themselves must parse (the other side of the test).
//! Every seed is about an invented person.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test set-up should fail loudly

use article3_domain::{CountryCode, CountryRegistry};
use article3_server::COUNTRIES_CSV;
use article3_server::import::{ImportFormat, parse_line, split_records};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use time::macros::date;

fn registry() -> CountryRegistry {
    CountryRegistry::parse_csv(COUNTRIES_CSV).unwrap()
}

/// An invented person in the shape of INTERPOL's public detail records.
fn interpol_seed() -> Value {
    json!({
        "entity_id": "2021/10001", "forename": "ODALRIC", "name": "VENTMARSH", "date_of_birth": "1979/03/14",
        "sex_id": "M", "nationalities": ["FR", "BE"], "place_of_birth": "NOWHERE", "country_of_birth_id": "FR",
        "languages_spoken_ids": ["FRA"], "height": 1.8, "weight": 80, "distinguishing_marks": null,
        "arrest_warrants": [{"charge": "Aggravated theft", "issuing_country_id": "FR", "charge_translation": null}],
        "_embedded": {"links": []}
    })
}

/// An invented person as a FollowTheMoney entity.
fn ftm_seed() -> Value {
    json!({
        "id": "a3-prop-1", "schema": "Person",
        "properties": {"name": ["Odalric Ventmarsh"], "alias": ["Одальрик Вентмарш"], "firstName": ["Odalric"],
                       "lastName": ["Ventmarsh"], "fatherName": ["Ilyich"], "birthDate": ["1979-03-14"],
                       "nationality": ["fr"], "passportNumber": ["PX1234567"], "gender": ["male"],
                       "notes": ["Large-scale fraud against a public body"]}
    })
}

/// Field names the importers read, and a few they do not.
const INTERPOL_FIELDS: &[&str] = &[
    "entity_id",
    "forename",
    "name",
    "date_of_birth",
    "sex_id",
    "nationalities",
    "place_of_birth",
    "country_of_birth_id",
    "arrest_warrants",
    "_embedded",
    "_links",
    "height",
    "weight",
    "distinguishing_marks",
    "languages_spoken_ids",
    "eyes_colors_id",
    "hairs_id",
    "unexpected",
];
const WARRANT_FIELDS: &[&str] = &["charge", "issuing_country_id", "charge_translation", "unexpected"];
const FTM_PROPERTIES: &[&str] = &[
    "name",
    "alias",
    "firstName",
    "lastName",
    "fatherName",
    "middleName",
    "previousName",
    "birthDate",
    "nationality",
    "country",
    "passportNumber",
    "idNumber",
    "gender",
    "notes",
    "topics",
    "unexpected",
];

/// Strings that reach the parsers' corners: dates in many shapes, country codes, scripts, controls,
/// empty and very long values.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_owned()),
        Just("1979/03/14".to_owned()),
        Just("1979-02-30".to_owned()),
        Just("0000/00/00".to_owned()),
        Just("9999-99".to_owned()),
        Just("-1979".to_owned()),
        Just("FR".to_owned()),
        Just("ZZ".to_owned()),
        Just("fr".to_owned()),
        Just("Person".to_owned()),
        Just("\u{0}\u{202e}\u{feff}".to_owned()),
        "[A-Z]{0,3}",
        "[0-9/\\-]{0,12}",
        "\\PC{0,40}",
        any::<String>(),
        "[a-zA-Z ]{0,20}".prop_map(|s| s.repeat(700)),
    ]
}

/// Any JSON value, nested a few levels.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(INTERPOL_FIELDS), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

/// Parses one line in both formats, with and without an overriding requesting country, and checks what
/// an importer promises: no panic, and a refusal is one short sentence.
fn parses_or_refuses(line: &str) {
    let registry = registry();
    let today = date!(2026 - 11 - 22);
    for format in [ImportFormat::Interpol, ImportFormat::Ftm] {
        for requester in [None, Some(CountryCode::parse("c", "FR").unwrap())] {
            match parse_line(format, &registry, line, requester, today) {
                Ok(parsed) => {
                    assert!(!parsed.request.subject.names.is_empty(), "an imported request names someone");
                }
                Err(message) => {
                    assert!(!message.trim().is_empty(), "a refusal says why");
                    assert!(!message.contains('\n'), "one sentence: {message}");
                    assert!(message.chars().count() < 2_000, "a refusal quotes, never echoes: {} chars", message.len());
                }
            }
        }
    }
}

#[test]
fn the_seeds_parse() {
    let registry = registry();
    let today = date!(2026 - 11 - 22);
    let interpol = parse_line(ImportFormat::Interpol, &registry, &interpol_seed().to_string(), None, today);
    assert!(interpol.is_ok(), "{interpol:?}");
    let ftm = parse_line(
        ImportFormat::Ftm,
        &registry,
        &ftm_seed().to_string(),
        Some(CountryCode::parse("c", "FR").unwrap()),
        today,
    );
    assert!(ftm.is_ok(), "{ftm:?}");
}

#[test]
fn a_long_value_is_quoted_not_echoed() {
    // Found by the property below: a nationality thousands of characters long came back whole.
    let mut record = interpol_seed();
    record["nationalities"] = json!(["A AA".repeat(600)]);
    record["date_of_birth"] = json!("9".repeat(3_000));
    parses_or_refuses(&record.to_string());
    let message =
        parse_line(ImportFormat::Interpol, &registry(), &record.to_string(), None, date!(2026 - 11 - 22)).unwrap_err();
    assert!(message.chars().count() < 300, "{message}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_split_and_parsed_without_panicking(text in any::<String>()) {
        for format in [ImportFormat::Interpol, ImportFormat::Ftm] {
            if let Ok(records) = split_records(format, &text) {
                for (_, record) in records.iter().take(20) {
                    parses_or_refuses(record);
                }
            }
        }
    }

    #[test]
    fn json_shaped_text_is_split_without_panicking(v in value(), lines in 1usize..4) {
        let line = v.to_string();
        for text in [line.clone(), format!("[{line}]"), format!("{{\"_embedded\": {{\"notices\": {line}}}}}"), vec![line; lines].join("\n")] {
            for format in [ImportFormat::Interpol, ImportFormat::Ftm] {
                if let Ok(records) = split_records(format, &text) {
                    for (_, record) in records.iter().take(10) {
                        parses_or_refuses(record);
                    }
                }
            }
        }
    }

    #[test]
    fn any_value_in_any_interpol_field_is_parsed_or_refused(
        edits in prop::collection::vec((prop::sample::select(INTERPOL_FIELDS), value()), 1..4),
        warrant in prop::collection::vec((prop::sample::select(WARRANT_FIELDS), value()), 0..3),
        drop in prop::collection::vec(prop::sample::select(INTERPOL_FIELDS), 0..3),
    ) {
        let mut record = interpol_seed();
        let object = record.as_object_mut().unwrap();
        for (field, v) in edits {
            object.insert(field.to_owned(), v);
        }
        if !warrant.is_empty() {
            let mut w = Map::new();
            for (field, v) in warrant {
                w.insert(field.to_owned(), v);
            }
            object.insert("arrest_warrants".to_owned(), Value::Array(vec![Value::Object(w)]));
        }
        for field in drop {
            object.remove(field);
        }
        parses_or_refuses(&record.to_string());
    }

    #[test]
    fn any_value_in_any_ftm_property_is_parsed_or_refused(
        edits in prop::collection::vec((prop::sample::select(FTM_PROPERTIES), value()), 1..4),
        schema in prop_oneof![Just(json!("Person")), Just(json!("Company")), value()],
        top in prop::option::of(value()),
    ) {
        let mut record = ftm_seed();
        for (property, v) in edits {
            // FtM properties are lists of strings; some edits keep that shape, others break it.
            let v = match v {
                Value::String(s) => json!([s]),
                other => other,
            };
            record["properties"][property] = v;
        }
        record["schema"] = schema;
        if let Some(top) = top {
            record["properties"] = top;
        }
        parses_or_refuses(&record.to_string());
    }
}
