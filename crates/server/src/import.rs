//! Import formats: INTERPOL's public red-notice JSON and FollowTheMoney `Person` entities, one per line.

use std::collections::BTreeSet;

use article3_domain::error::quoted;
use article3_domain::{
    BirthDate, Colour, CountryCode, CountryRegistry, FieldError, IdentityDocument, JudicialData, NameKind,
    NoticeRequest, PersonName, Restrictions, Sex, Subject,
};
use serde_json::{Map, Value};
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Interpol,
    Ftm,
}

impl ImportFormat {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            s if s.eq_ignore_ascii_case("interpol") => Some(Self::Interpol),
            s if s.eq_ignore_ascii_case("ftm") => Some(Self::Ftm),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Interpol => "interpol",
            Self::Ftm => "ftm",
        }
    }
}

/// One record parsed into a validated red-notice request, with its reference in the source.
#[derive(Debug, Clone)]
pub struct ParsedRecord {
    pub external_ref: Option<String>,
    pub request: NoticeRequest,
}

/// Far above any limit the domain sets, so that only absurd input is cut short here; the point is to keep
/// error messages, which quote values, from echoing megabytes back.
const MAX_VALUE_CHARS: usize = 10_000;

/// Source identifiers end up in warrant references and external references, so they are kept short.
const MAX_REFERENCE_CHARS: usize = 200;

/// The domain's own limits, checked while values are gathered so that a hostile record is refused before
/// its lists are de-duplicated, not after.
const MAX_NAMES: usize = 50;
const MAX_BIRTH_DATES: usize = 10;
const MAX_DOCUMENTS: usize = 20;
const MAX_CHARGES: usize = 50;

type Object = Map<String, Value>;

/// Parses one line (one JSON object). `requesting_country` overrides the record's own; it is
/// required when the record names none. Errors are one plain sentence naming the field at fault.
pub fn parse_line(
    format: ImportFormat,
    registry: &CountryRegistry,
    line: &str,
    requesting_country: Option<CountryCode>,
    today: Date,
) -> Result<ParsedRecord, String> {
    let record = parse_object(line)?;
    match format {
        ImportFormat::Interpol => parse_interpol(registry, &record, requesting_country, today),
        ImportFormat::Ftm => parse_ftm(registry, &record, requesting_country, today),
    }
}

/// Splits a file's text into records: JSON Lines (one object per non-empty line), or, for the
/// interpol format only, also a single JSON array of objects or an object with `_embedded.notices`
/// (the list-page shape). Returns (1-based line or index, raw JSON text) pairs.
pub fn split_records(format: ImportFormat, text: &str) -> Result<Vec<(usize, String)>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start();
    if start.starts_with('[') {
        if format != ImportFormat::Interpol {
            return Err(format!(
                "{} records are read as JSON Lines, one entity per line, but this file holds a JSON array",
                format.as_str()
            ));
        }
        let items: Vec<Value> = serde_json::from_str(text)
            .map_err(|e| format!("the file opens a JSON array but is not valid JSON: {e}"))?;
        return Ok(numbered(items));
    }
    if format == ImportFormat::Interpol && start.starts_with('{') {
        // A JSON Lines file fails here at its second line, after parsing only the first.
        if let Ok(Value::Object(whole)) = serde_json::from_str::<Value>(text) {
            if let Some(notices) = whole.get("_embedded").and_then(|e| e.get("notices")) {
                let Value::Array(items) = notices else {
                    return Err(format!("_embedded.notices: expected a list of notices, found {}", kind(notices)));
                };
                return Ok(numbered(items.clone()));
            }
            // One record written over several lines, as a saved detail page usually is.
            return Ok(vec![(1, text.trim().to_owned())]);
        }
    }
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| (i + 1, line.trim().to_owned()))
        .collect())
}

fn numbered(items: Vec<Value>) -> Vec<(usize, String)> {
    items.into_iter().enumerate().map(|(i, item)| (i + 1, item.to_string())).collect()
}

fn parse_interpol(
    registry: &CountryRegistry,
    record: &Object,
    requesting_country: Option<CountryCode>,
    today: Date,
) -> Result<ParsedRecord, String> {
    let entity_id = required_str(record, "entity_id", "entity_id")?.trim();
    let year = notice_year(entity_id, today)?;

    // Checked before anything else so that list-page summaries are refused for what they are, not for
    // whatever other defect they happen to carry.
    let warrants = match record.get("arrest_warrants") {
        None | Some(Value::Null) => return Err("no arrest_warrants: the record carries no charge".to_owned()),
        Some(Value::Array(w)) if w.is_empty() => {
            return Err("arrest_warrants: the list is empty, so the record carries no charge".to_owned());
        }
        Some(Value::Array(w)) if w.len() > MAX_CHARGES => {
            return Err(format!("arrest_warrants: at most {MAX_CHARGES} warrants, and the record has {}", w.len()));
        }
        Some(Value::Array(w)) => w,
        Some(other) => return Err(format!("arrest_warrants: expected a list of warrants, found {}", kind(other))),
    };

    let family = optional_str(record, "name", "name")?.map(str::trim).filter(|s| !s.is_empty());
    let given = optional_str(record, "forename", "forename")?.map(str::trim).filter(|s| !s.is_empty());
    let full = match (given, family) {
        (Some(g), Some(f)) => format!("{g} {f}"),
        (Some(only), None) | (None, Some(only)) => only.to_owned(),
        (None, None) => return Err("name: the record names no one (name and forename are both empty)".to_owned()),
    };
    let name = PersonName::new(NameKind::Primary, Some(&full), given, family, None, Some("Latn")).map_err(|e| {
        let field = if e.field == "given" { "forename" } else { "name" };
        format!("{field}: {}", e.message)
    })?;

    let mut birth_dates = Vec::new();
    if let Some(raw) = optional_str(record, "date_of_birth", "date_of_birth")?.map(str::trim).filter(|s| !s.is_empty())
    {
        // The API writes YYYY/MM/DD; errors quote the value as the source wrote it.
        let dashed = raw.replace('/', "-");
        let date = BirthDate::parse("date_of_birth", &dashed, today)
            .map_err(|e| format!("date_of_birth: {}", e.message.replacen(&dashed, raw, 1)))?;
        birth_dates.push(date);
    }

    let sex = match optional_str(record, "sex_id", "sex_id")?.map(str::trim) {
        None | Some("") => Sex::Unknown,
        Some(s) if s.eq_ignore_ascii_case("M") => Sex::Male,
        Some(s) if s.eq_ignore_ascii_case("F") => Sex::Female,
        Some(s) if s.eq_ignore_ascii_case("U") => Sex::Unknown,
        Some(s) => return Err(format!("sex_id: expected M, F or U, found '{}'", quoted(s))),
    };

    let mut nationalities = BTreeSet::new();
    match record.get("nationalities") {
        None | Some(Value::Null) => {}
        Some(Value::Array(codes)) => {
            for (i, code) in codes.iter().enumerate() {
                let field = format!("nationalities[{i}]");
                let code = as_str(code, &field)?;
                nationalities.insert(registry.known(&field, code).map_err(|e| e.to_string())?);
            }
        }
        Some(other) => return Err(format!("nationalities: expected a list of country codes, found {}", kind(other))),
    }

    let mut charges = Vec::with_capacity(warrants.len());
    for (i, warrant) in warrants.iter().enumerate() {
        let field = format!("arrest_warrants[{i}]");
        let Value::Object(warrant) = warrant else {
            return Err(format!("{field}: expected a warrant object, found {}", kind(warrant)));
        };
        let charge = required_str(warrant, "charge", &format!("{field}.charge"))?;
        let translation = optional_str(warrant, "charge_translation", &format!("{field}.charge_translation"))?
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let issuer_field = format!("{field}.issuing_country_id");
        let issuer = match optional_str(warrant, "issuing_country_id", &issuer_field)?.map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(registry.known(&issuer_field, code).map_err(|e| e.to_string())?),
        };
        charges.push(WarrantCharge { field: format!("{field}.charge"), charge: charge.trim(), translation, issuer });
    }

    let requesting = match requesting_country.or_else(|| charges.iter().find_map(|c| c.issuer)) {
        Some(code) => code,
        None => {
            return Err("arrest_warrants[0].issuing_country_id: no warrant names its issuing country, \
                        so --requesting-country is required"
                .to_owned());
        }
    };

    let sources: Vec<String> = charges.iter().map(|c| c.field.clone()).collect();
    let texts: Vec<String> = charges
        .iter()
        .map(|c| {
            let mut text = c.charge.to_owned();
            if let Some(t) = c.translation {
                text.push_str(&format!(" (translation: {t})"));
            }
            // All charges are filed under one requesting country; a warrant from another country keeps
            // its origin in the text rather than being silently attributed.
            if let Some(issuer) = c.issuer.filter(|i| *i != requesting) {
                text.push_str(&format!(" (warrant issued by {issuer})"));
            }
            text
        })
        .collect();
    let judicial =
        JudicialData::migrated(&texts, requesting, entity_id, Some(year)).map_err(|e| charge_error(e, &sources))?;

    let subject =
        Subject::new(vec![name], birth_dates, sex, nationalities, Vec::new(), None, None).map_err(|e| e.to_string())?;
    let request =
        NoticeRequest::new(registry, Colour::Red, requesting, subject, Some(judicial), Restrictions::None, true)
            .map_err(|e| e.to_string())?;
    Ok(ParsedRecord { external_ref: Some(format!("interpol:{entity_id}")), request })
}

/// One entry of `arrest_warrants`, with the path it was read from for error messages.
struct WarrantCharge<'a> {
    field: String,
    charge: &'a str,
    translation: Option<&'a str>,
    issuer: Option<CountryCode>,
}

/// The year an INTERPOL notice was recorded, from its `YYYY/NNNNN` identifier.
fn notice_year(entity_id: &str, today: Date) -> Result<i32, String> {
    let bad = || format!("entity_id: '{}' is not of the form YYYY/NNNNN", quoted(entity_id));
    let (year, serial) = entity_id.split_once('/').ok_or_else(bad)?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || !digits(year) || !digits(serial) || serial.len() > 12 {
        return Err(bad());
    }
    let year: i32 = year.parse().map_err(|_| bad())?;
    if year > today.year() {
        return Err(format!("entity_id: '{entity_id}' dates the notice to {year}, which is in the future"));
    }
    Ok(year)
}

fn parse_ftm(
    registry: &CountryRegistry,
    record: &Object,
    requesting_country: Option<CountryCode>,
    today: Date,
) -> Result<ParsedRecord, String> {
    let schema = required_str(record, "schema", "schema")?.trim();
    if schema != "Person" {
        return Err(format!("schema {} is not Person", quoted(schema)));
    }
    let Some(requesting) = requesting_country else {
        return Err("--requesting-country is required for ftm records, which name no requesting country".to_owned());
    };
    let id = required_str(record, "id", "id")?.trim();
    check_reference("id", id)?;
    let props = match record.get("properties") {
        Some(Value::Object(p)) => p,
        None | Some(Value::Null) => return Err("properties: missing, so the entity carries no data".to_owned()),
        Some(other) => return Err(format!("properties: expected an object, found {}", kind(other))),
    };

    let full_names = property(props, "name")?;
    let first = property(props, "firstName")?.first().map(|(_, v)| *v);
    let last = property(props, "lastName")?.first().map(|(_, v)| *v);
    let father = property(props, "fatherName")?.first().map(|(_, v)| *v);
    let part_error = |e: FieldError, full_field: &str| {
        let field = match e.field.as_str() {
            "given" => "firstName[0]",
            "family" => "lastName[0]",
            "patronymic" => "fatherName[0]",
            _ => full_field,
        };
        format!("{field}: {}", e.message)
    };
    let mut names: Vec<PersonName> = Vec::new();
    let mut seen = BTreeSet::new();
    let primary = match full_names.first() {
        Some((i, full)) => PersonName::new(NameKind::Primary, Some(full), first, last, father, None)
            .map_err(|e| part_error(e, &format!("name[{i}]")))?,
        // No full name: the parts, where present, compose one.
        None if first.is_some() || last.is_some() => {
            PersonName::new(NameKind::Primary, None, first, last, father, None).map_err(|e| part_error(e, "name"))?
        }
        None => return Err("name: the entity has no name, first name or last name".to_owned()),
    };
    seen.insert(primary.full.to_lowercase());
    names.push(primary);
    let others = full_names.iter().skip(1).map(|(i, v)| (format!("name[{i}]"), *v, NameKind::Alias));
    let aliases = property(props, "alias")?.into_iter().map(|(i, v)| (format!("alias[{i}]"), v, NameKind::Alias));
    let previous = property(props, "previousName")?
        .into_iter()
        .map(|(i, v)| (format!("previousName[{i}]"), v, NameKind::Previous));
    for (field, value, kind) in others.chain(aliases).chain(previous) {
        // FtM sources often repeat a name under several properties; one copy is enough to match on.
        if !seen.insert(value.to_lowercase()) {
            continue;
        }
        if names.len() == MAX_NAMES {
            return Err(format!("{field}: at most {MAX_NAMES} distinct names are kept, and this is one more"));
        }
        let name = PersonName::new(kind, Some(value), None, None, None, None)
            .map_err(|e| format!("{field}: {}", e.message))?;
        names.push(name);
    }

    let mut birth_dates = Vec::new();
    for (i, value) in property(props, "birthDate")? {
        let date = BirthDate::parse(&format!("birthDate[{i}]"), value, today).map_err(|e| e.to_string())?;
        if !birth_dates.contains(&date) {
            if birth_dates.len() == MAX_BIRTH_DATES {
                return Err(format!("birthDate[{i}]: at most {MAX_BIRTH_DATES} distinct dates of birth are kept"));
            }
            birth_dates.push(date);
        }
    }

    let mut nationality_order = Vec::new();
    for (i, value) in property(props, "nationality")? {
        let code = registry.known(&format!("nationality[{i}]"), value).map_err(|e| e.to_string())?;
        if !nationality_order.contains(&code) {
            nationality_order.push(code);
        }
    }

    // FtM does not say which country issued a passport; the first nationality is the usual issuer, and
    // without one the document is left out rather than attributed to a guessed country.
    let mut documents: Vec<IdentityDocument> = Vec::new();
    if let Some(issuer) = nationality_order.first() {
        for (i, value) in property(props, "passportNumber")? {
            let document = IdentityDocument::new(registry, "passport", value, issuer.as_str())
                .map_err(|e| format!("passportNumber[{i}]: {}", e.message))?;
            if !documents.contains(&document) {
                if documents.len() == MAX_DOCUMENTS {
                    return Err(format!("passportNumber[{i}]: at most {MAX_DOCUMENTS} distinct passports are kept"));
                }
                documents.push(document);
            }
        }
    }

    let sex = match property(props, "gender")?.first() {
        None => Sex::Unknown,
        // The domain knows only male, female and unknown; FtM's "other" is closest to unknown.
        Some((_, g)) if g.eq_ignore_ascii_case("other") => Sex::Unknown,
        Some((i, g)) => Sex::parse(&format!("gender[{i}]"), g).map_err(|e| e.to_string())?,
    };

    let notes = property(props, "notes")?;
    if notes.is_empty() {
        return Err("no charge: an FtM record needs notes describing the charge".to_owned());
    }
    if notes.len() > MAX_CHARGES {
        return Err(format!("notes: at most {MAX_CHARGES} charges, and the entity has {} notes", notes.len()));
    }
    let sources: Vec<String> = notes.iter().map(|(i, _)| format!("notes[{i}]")).collect();
    let charges: Vec<String> = notes.iter().map(|(_, n)| (*n).to_owned()).collect();
    let judicial = JudicialData::migrated(&charges, requesting, id, None).map_err(|e| charge_error(e, &sources))?;

    let nationalities = nationality_order.into_iter().collect();
    let subject =
        Subject::new(names, birth_dates, sex, nationalities, documents, None, None).map_err(|e| e.to_string())?;
    let request =
        NoticeRequest::new(registry, Colour::Red, requesting, subject, Some(judicial), Restrictions::None, false)
            .map_err(|e| e.to_string())?;
    Ok(ParsedRecord { external_ref: Some(format!("ftm:{id}")), request })
}

fn parse_object(line: &str) -> Result<Object, String> {
    match serde_json::from_str::<Value>(line.trim()) {
        Ok(Value::Object(record)) => Ok(record),
        Ok(other) => Err(format!("the record is a JSON {}, not an object", kind(&other))),
        Err(e) => Err(format!("the record is not valid JSON: {e}")),
    }
}

/// Values of an FtM property: always a list of strings; blank values carry nothing and are passed over.
/// Each value keeps its index in the source list so that errors point at it.
fn property<'a>(props: &'a Object, key: &str) -> Result<Vec<(usize, &'a str)>, String> {
    match props.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(values)) => {
            let mut out = Vec::with_capacity(values.len());
            for (i, value) in values.iter().enumerate() {
                let value = as_str(value, &format!("{key}[{i}]"))?.trim();
                if !value.is_empty() {
                    out.push((i, value));
                }
            }
            Ok(out)
        }
        Some(other) => Err(format!("{key}: expected a list of strings, found {}", kind(other))),
    }
}

fn required_str<'a>(object: &'a Object, key: &str, field: &str) -> Result<&'a str, String> {
    match optional_str(object, key, field)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        Some(_) => Err(format!("{field}: this field is empty")),
        None => Err(format!("{field}: this field is required")),
    }
}

fn optional_str<'a>(object: &'a Object, key: &str, field: &str) -> Result<Option<&'a str>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => as_str(value, field).map(Some),
    }
}

fn as_str<'a>(value: &'a Value, field: &str) -> Result<&'a str, String> {
    match value {
        Value::String(s) if s.chars().nth(MAX_VALUE_CHARS).is_some() => {
            Err(format!("{field}: the value is longer than {MAX_VALUE_CHARS} characters"))
        }
        Value::String(s) => Ok(s),
        other => Err(format!("{field}: expected a string, found {}", kind(other))),
    }
}

fn check_reference(field: &str, value: &str) -> Result<(), String> {
    if value.chars().count() > MAX_REFERENCE_CHARS {
        return Err(format!("{field}: longer than {MAX_REFERENCE_CHARS} characters"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{field}: control characters are not allowed"));
    }
    Ok(())
}

/// Renames `charges[i]` in a domain error to the source field the charge was read from.
fn charge_error(e: FieldError, sources: &[String]) -> String {
    let source = e
        .field
        .strip_prefix("charges[")
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| sources.get(i));
    match source {
        Some(field) => format!("{field}: {}", e.message),
        None => e.to_string(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use article3_domain::{DocumentKind, Purpose};
    use time::macros::date;

    const TODAY: Date = date!(2025 - 06 - 01);

    fn registry() -> CountryRegistry {
        CountryRegistry::parse_csv(
            "code,name,status,covered_by,note\nRU,Russia,member,,\nFR,France,member,,\nDE,Germany,member,,\n\
             KZ,Kazakhstan,member,,\nXK,Kosovo,not_connected,,\n",
        )
        .unwrap()
    }

    fn code(c: &str) -> CountryCode {
        CountryCode::parse("c", c).unwrap()
    }

    const DETAIL: &str = concat!(
        r#"{"date_of_birth": "1988/03/14", "distinguishing_marks": null, "weight": 0, "#,
        r#""nationalities": ["RU", "KZ"], "entity_id": "2021/51234", "eyes_colors_id": null, "#,
        r#""sex_id": "F", "place_of_birth": "NOWHERE", "forename": "MARTA ELENA", "#,
        r#""arrest_warrants": [{"charge": "Fraud committed by an organised group", "#,
        r#""issuing_country_id": "RU", "charge_translation": null}, {"charge": "Мошенничество", "#,
        r#""issuing_country_id": "RU", "charge_translation": "Swindling"}], "country_of_birth_id": "RU", "#,
        r#""hairs_id": ["BLA"], "name": "QUILLBERG", "languages_spoken_ids": ["RUS"], "height": 1.7, "#,
        r#""_embedded": {"links": []}, "#,
        r#""_links": {"self": {"href": "https://ws-public.interpol.int/notices/v1/red/2021-51234"}}}"#,
    );

    const LIST_ITEM: &str = concat!(
        r#"{"date_of_birth": "2001/09/09", "nationalities": ["FR"], "entity_id": "2023/70001", "#,
        r#""forename": "TOMAS", "name": "VELLENCOURT", "#,
        r#""_links": {"self": {"href": "https://ws-public.interpol.int/notices/v1/red/2023-70001"}}}"#,
    );

    fn interpol(line: &str, requesting: Option<CountryCode>) -> Result<ParsedRecord, String> {
        parse_line(ImportFormat::Interpol, &registry(), line, requesting, TODAY)
    }

    fn ftm(line: &str, requesting: Option<CountryCode>) -> Result<ParsedRecord, String> {
        parse_line(ImportFormat::Ftm, &registry(), line, requesting, TODAY)
    }

    #[test]
    fn formats_round_trip_by_name() {
        for format in [ImportFormat::Interpol, ImportFormat::Ftm] {
            assert_eq!(ImportFormat::parse(format.as_str()), Some(format));
        }
        assert_eq!(ImportFormat::parse(" FTM "), Some(ImportFormat::Ftm));
        assert_eq!(ImportFormat::parse("csv"), None);
    }

    #[test]
    fn interpol_detail_record_becomes_a_public_red_notice_request() {
        let parsed = interpol(DETAIL, None).unwrap();
        assert_eq!(parsed.external_ref.as_deref(), Some("interpol:2021/51234"));
        let r = &parsed.request;
        assert_eq!(r.colour, Colour::Red);
        assert_eq!(r.requesting_country, code("RU"));
        assert_eq!(r.restrictions, Restrictions::None);
        assert!(r.public_extract);

        let name = &r.subject.names[0];
        assert_eq!(r.subject.names.len(), 1);
        assert_eq!(name.kind, NameKind::Primary);
        assert_eq!(name.full, "MARTA ELENA QUILLBERG");
        assert_eq!(name.given.as_deref(), Some("MARTA ELENA"));
        assert_eq!(name.family.as_deref(), Some("QUILLBERG"));
        assert_eq!(name.script.as_deref(), Some("Latn"));
        assert_eq!(r.subject.birth_dates, vec![BirthDate::Exact(date!(1988 - 03 - 14))]);
        assert_eq!(r.subject.sex, Sex::Female);
        assert_eq!(r.subject.nationalities, BTreeSet::from([code("RU"), code("KZ")]));

        let judicial = r.judicial.as_ref().unwrap();
        assert_eq!(judicial.purpose, Purpose::Prosecution);
        let charges: Vec<&str> = judicial.charges.iter().map(|c| c.description.as_str()).collect();
        assert_eq!(charges, ["Fraud committed by an organised group", "Мошенничество (translation: Swindling)"]);
        assert_eq!(judicial.warrant.issued_on, date!(2021 - 01 - 01));
        assert!(judicial.warrant.reference.contains("2021/51234"));
        assert!(judicial.missing.iter().any(|m| m == "facts_summary"));
    }

    #[test]
    fn interpol_partial_dates_and_missing_fields() {
        let line = DETAIL.replace("1988/03/14", "1988/03").replace(r#""sex_id": "F", "#, "");
        let r = interpol(&line, None).unwrap().request;
        assert_eq!(r.subject.birth_dates, vec![BirthDate::YearMonth { year: 1988, month: 3 }]);
        assert_eq!(r.subject.sex, Sex::Unknown);

        let line = DETAIL
            .replace("1988/03/14", "1988")
            .replace(r#""forename": "MARTA ELENA""#, r#""forename": null"#)
            .replace(r#""nationalities": ["RU", "KZ"]"#, r#""nationalities": null"#);
        let r = interpol(&line, None).unwrap().request;
        assert_eq!(r.subject.birth_dates, vec![BirthDate::Year(1988)]);
        assert_eq!(r.subject.names[0].full, "QUILLBERG");
        assert_eq!(r.subject.names[0].given, None);
        assert!(r.subject.nationalities.is_empty());
    }

    #[test]
    fn interpol_list_summaries_are_refused_for_want_of_charges() {
        assert_eq!(
            interpol(LIST_ITEM, Some(code("FR"))).unwrap_err(),
            "no arrest_warrants: the record carries no charge"
        );
        let empty = DETAIL.replace(r#""arrest_warrants": [{"#, r#""arrest_warrants": [], "x": [{"#);
        assert!(interpol(&empty, None).unwrap_err().starts_with("arrest_warrants:"));
    }

    #[test]
    fn interpol_unknown_nationality_is_named() {
        let line = DETAIL.replace(r#"["RU", "KZ"]"#, r#"["RU", "QQ"]"#);
        let err = interpol(&line, None).unwrap_err();
        assert!(err.starts_with("nationalities[1]:"), "{err}");
        assert!(err.contains("QQ"), "{err}");
    }

    #[test]
    fn interpol_impossible_date_of_birth_is_refused_as_written() {
        let err = interpol(&DETAIL.replace("1988/03/14", "1990/02/30"), None).unwrap_err();
        assert!(err.starts_with("date_of_birth:"), "{err}");
        assert!(err.contains("'1990/02/30'"), "{err}");
        let err = interpol(&DETAIL.replace("1988/03/14", "2030/01/01"), None).unwrap_err();
        assert!(err.contains("future"), "{err}");
        let err = interpol(&DETAIL.replace("1988/03/14", "14.03.1988"), None).unwrap_err();
        assert!(err.starts_with("date_of_birth:"), "{err}");
    }

    #[test]
    fn requesting_country_given_on_the_command_line_wins() {
        let r = interpol(DETAIL, Some(code("FR"))).unwrap().request;
        assert_eq!(r.requesting_country, code("FR"));
        let judicial = r.judicial.unwrap();
        assert!(judicial.warrant.issuing_authority.contains("FR"));
        assert_eq!(judicial.charges[0].description, "Fraud committed by an organised group (warrant issued by RU)");

        let nameless = DETAIL.replace(r#""issuing_country_id": "RU", "#, "");
        let err = interpol(&nameless, None).unwrap_err();
        assert!(err.contains("--requesting-country"), "{err}");
        assert_eq!(interpol(&nameless, Some(code("DE"))).unwrap().request.requesting_country, code("DE"));

        let err = interpol(DETAIL, Some(code("XK"))).unwrap_err();
        assert!(err.starts_with("requesting_country:"), "{err}");
    }

    #[test]
    fn interpol_field_errors_name_the_field() {
        let cases = [
            (DETAIL.replace(r#""entity_id": "2021/51234""#, r#""entity_id": 2021"#), "entity_id:"),
            (DETAIL.replace("2021/51234", "A-51234"), "entity_id:"),
            (DETAIL.replace("2021/51234", "2099/1"), "entity_id:"),
            (DETAIL.replace(r#""sex_id": "F""#, r#""sex_id": "X""#), "sex_id:"),
            (
                DETAIL.replace(
                    r#""issuing_country_id": "RU", "charge_translation": "Swindling""#,
                    r#""issuing_country_id": "ZZ", "charge_translation": "Swindling""#,
                ),
                "arrest_warrants[1].issuing_country_id:",
            ),
            (DETAIL.replace(r#""charge": "Мошенничество""#, r#""charge": ["x"]"#), "arrest_warrants[1].charge:"),
            (DETAIL.replace(r#""charge": "Мошенничество""#, r#""charge": " ""#), "arrest_warrants[1].charge:"),
            (
                DETAIL.replace(r#""charge": "Мошенничество""#, &format!(r#""charge": "{}""#, "x".repeat(1200))),
                "arrest_warrants[1].charge:",
            ),
            (
                DETAIL.replace(r#""name": "QUILLBERG""#, r#""name": "1234""#).replace(r#""MARTA ELENA""#, "null"),
                "name:",
            ),
            (DETAIL.replace(r#""name": "QUILLBERG""#, r#""name": " ""#).replace(r#""MARTA ELENA""#, r#""""#), "name:"),
            (DETAIL.replace(r#""nationalities": ["RU", "KZ"]"#, r#""nationalities": "RU""#), "nationalities:"),
        ];
        for (line, field) in cases {
            let err = interpol(&line, None).unwrap_err();
            assert!(err.starts_with(field), "expected {field}, got {err}");
        }
    }

    #[test]
    fn split_reads_json_lines_with_their_line_numbers() {
        let text = format!("{DETAIL}\n\n{LIST_ITEM}\r\n   \n");
        let records = split_records(ImportFormat::Interpol, &text).unwrap();
        assert_eq!(records.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(records[0].1, DETAIL);
        assert_eq!(records[1].1, LIST_ITEM);
        assert_eq!(split_records(ImportFormat::Ftm, &text).unwrap().len(), 2);
        assert!(split_records(ImportFormat::Interpol, "").unwrap().is_empty());
    }

    #[test]
    fn split_reads_an_array_and_a_list_page() {
        let array = format!("\u{feff}[\n{DETAIL},\n{LIST_ITEM}\n]");
        let records = split_records(ImportFormat::Interpol, &array).unwrap();
        assert_eq!(records.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(interpol(&records[0].1, None).unwrap().external_ref.as_deref(), Some("interpol:2021/51234"));

        let page = [
            r#"{"total": 2, "query": {"page": 1, "resultPerPage": 160}, "_embedded": {"notices": ["#,
            LIST_ITEM,
            ", ",
            DETAIL,
            r#"]}, "_links": {}}"#,
        ]
        .concat();
        let records = split_records(ImportFormat::Interpol, &page).unwrap();
        assert_eq!(records.len(), 2);
        assert!(interpol(&records[0].1, None).unwrap_err().contains("no arrest_warrants"));
        assert!(interpol(&records[1].1, None).is_ok());

        let pretty = DETAIL.replace(", \"", ",\n  \"");
        let records = split_records(ImportFormat::Interpol, &pretty).unwrap();
        assert_eq!(records.len(), 1);
        assert!(interpol(&records[0].1, None).is_ok());

        assert!(split_records(ImportFormat::Interpol, "[{\"a\": 1},").is_err());
        assert!(split_records(ImportFormat::Interpol, r#"{"_embedded": {"notices": 3}}"#).is_err());
        assert!(split_records(ImportFormat::Ftm, &array).unwrap_err().contains("JSON Lines"));
    }

    const PERSON: &str = concat!(
        r#"{"id": "test-ent-0042", "schema": "Person", "properties": {"name": ["Arkady Pemberton", "#,
        r#""Аркадий Пембертон"], "alias": ["A. Pemberton", "arkady pemberton"], "firstName": ["Arkady"], "#,
        r#""lastName": ["Pemberton"], "fatherName": ["Olegovich"], "birthDate": ["1975-04-21", "1975"], "#,
        r#""nationality": ["ru"], "passportNumber": ["75 123-4567"], "gender": ["male"], "#,
        r#""country": ["ru"], "notes": ["Embezzlement of public funds", "Money laundering"], "#,
        r#""topics": ["crime"]}}"#,
    );

    #[test]
    fn ftm_person_becomes_an_unrestricted_request_without_public_extract() {
        let parsed = ftm(PERSON, Some(code("DE"))).unwrap();
        assert_eq!(parsed.external_ref.as_deref(), Some("ftm:test-ent-0042"));
        let r = &parsed.request;
        assert_eq!(r.requesting_country, code("DE"));
        assert!(!r.public_extract);
        assert_eq!(r.restrictions, Restrictions::None);

        let names: Vec<(NameKind, &str)> = r.subject.names.iter().map(|n| (n.kind, n.full.as_str())).collect();
        assert_eq!(
            names,
            [
                (NameKind::Primary, "Arkady Pemberton"),
                (NameKind::Alias, "Аркадий Пембертон"),
                (NameKind::Alias, "A. Pemberton"),
            ]
        );
        let primary = &r.subject.names[0];
        assert_eq!(primary.given.as_deref(), Some("Arkady"));
        assert_eq!(primary.family.as_deref(), Some("Pemberton"));
        assert_eq!(primary.patronymic.as_deref(), Some("Olegovich"));
        assert_eq!(r.subject.birth_dates, vec![BirthDate::Exact(date!(1975 - 04 - 21)), BirthDate::Year(1975)]);
        assert_eq!(r.subject.sex, Sex::Male);
        assert_eq!(r.subject.nationalities, BTreeSet::from([code("RU")]));
        assert_eq!(r.subject.documents.len(), 1);
        let passport = &r.subject.documents[0];
        assert_eq!(
            (passport.kind, passport.number.as_str(), passport.issuing_country),
            (DocumentKind::Passport, "751234567", code("RU"))
        );

        let judicial = r.judicial.as_ref().unwrap();
        let charges: Vec<&str> = judicial.charges.iter().map(|c| c.description.as_str()).collect();
        assert_eq!(charges, ["Embezzlement of public funds", "Money laundering"]);
        assert!(judicial.warrant.reference.contains("test-ent-0042"));
    }

    #[test]
    fn ftm_passport_without_nationality_is_left_out() {
        let line = PERSON.replace(r#""nationality": ["ru"], "#, "");
        let r = ftm(&line, Some(code("DE"))).unwrap().request;
        assert!(r.subject.documents.is_empty());
        assert!(r.subject.nationalities.is_empty());
    }

    #[test]
    fn ftm_name_from_parts_when_no_full_name() {
        let line = PERSON.replace(r#""name": ["Arkady Pemberton", "Аркадий Пембертон"], "#, "");
        let r = ftm(&line, Some(code("DE"))).unwrap().request;
        assert_eq!(r.subject.names[0].full, "Arkady Olegovich Pemberton");
        assert_eq!(r.subject.names[0].kind, NameKind::Primary);
    }

    #[test]
    fn ftm_refusals_name_the_field() {
        let de = Some(code("DE"));
        let company = PERSON.replace(r#""schema": "Person""#, r#""schema": "Company""#);
        assert_eq!(ftm(&company, de).unwrap_err(), "schema Company is not Person");
        assert_eq!(
            ftm(PERSON, None).unwrap_err(),
            "--requesting-country is required for ftm records, which name no requesting country"
        );
        let cases = [
            (PERSON.replace(r#"["1975-04-21", "1975"]"#, r#"["1975-04-21", "1975-02-30"]"#), "birthDate[1]:"),
            (PERSON.replace(r#""nationality": ["ru"]"#, r#""nationality": ["ru", "zz"]"#), "nationality[1]:"),
            (
                PERSON.replace(r#""passportNumber": ["75 123-4567"]"#, r#""passportNumber": ["75#1"]"#),
                "passportNumber[0]:",
            ),
            (PERSON.replace(r#""gender": ["male"]"#, r#""gender": ["robot"]"#), "gender[0]:"),
            (PERSON.replace(r#""alias": ["A. Pemberton""#, r#""alias": [7"#), "alias[0]:"),
            (
                PERSON
                    .replace(r#""notes": ["Embezzlement of public funds", "#, r#""notes": ["", "#)
                    .replace("Money laundering", &"m".repeat(1001)),
                "notes[1]:",
            ),
            (PERSON.replace(r#""birthDate": ["1975-04-21", "1975"]"#, r#""birthDate": "1975""#), "birthDate:"),
            (PERSON.replace(r#""id": "test-ent-0042""#, r#""id": """#), "id:"),
        ];
        for (line, field) in cases {
            let err = ftm(&line, de).unwrap_err();
            assert!(err.starts_with(field), "expected {field}, got {err}");
        }

        let notes_free = PERSON.replace(r#""notes": ["Embezzlement of public funds", "Money laundering"], "#, "");
        assert_eq!(ftm(&notes_free, de).unwrap_err(), "no charge: an FtM record needs notes describing the charge");
        let nameless = r#"{"id": "x1", "schema": "Person", "properties": {"notes": ["Theft"]}}"#;
        assert!(ftm(nameless, de).unwrap_err().starts_with("name:"));
        assert!(ftm(r#"{"id": "x1", "schema": "Person"}"#, de).unwrap_err().starts_with("properties:"));
    }

    #[test]
    fn hostile_input_is_refused_without_panicking() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let huge = format!(r#"{{"schema": "{}", "entity_id": "{}"}}"#, "P".repeat(2_000_000), "9".repeat(2_000_000));
        let aliases: Vec<String> = (0..200_000).map(|i| format!(r#""Alias {i}""#)).collect();
        let many_aliases = format!(
            r#"{{"id": "x", "schema": "Person", "properties": {{"name": ["Zed Q"], "alias": [{}], "notes": ["T"]}}}}"#,
            aliases.join(",")
        );
        let inputs = [
            many_aliases.as_str(),
            "",
            "{",
            "null",
            "[]",
            "\"text\"",
            "{\"entity_id\": 5}",
            "{\"schema\": \"Person\", \"id\": \"a\", \"properties\": \"x\"}",
            "{\"schema\": \"Person\", \"id\": \"a\", \"properties\": {\"name\": [[\"x\"]]}}",
            "{\"entity_id\": \"2020/1\", \"arrest_warrants\": [null, 3]}",
            "{\"entity_id\": \"2020/1\", \"arrest_warrants\": {\"charge\": \"x\"}}",
            "{\"entity_id\": \"2020/1\", \"arrest_warrants\": [{\"charge\": \"x\"}], \"name\": \"\\u0000\"}",
            deep.as_str(),
            huge.as_str(),
        ];
        for input in inputs {
            for format in [ImportFormat::Interpol, ImportFormat::Ftm] {
                let err = parse_line(format, &registry(), input, Some(code("DE")), TODAY).unwrap_err();
                assert!(err.len() < 500, "error too long for {format:?}: {} chars", err.len());
                let _ = split_records(format, input);
            }
        }
        assert!(interpol("{", None).unwrap_err().contains("not valid JSON"));
        assert!(ftm(&many_aliases, Some(code("DE"))).unwrap_err().starts_with("alias[49]:"));
    }
}
