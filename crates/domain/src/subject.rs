//! The person a notice or diffusion is about: names in any script, dates of birth of varying precision,
//! sex, nationalities, identity documents, and a declared occupation or public role.

use std::collections::BTreeSet;

use time::{Date, Month};

use crate::country::{CountryCode, CountryRegistry};
use crate::error::{FieldError, clean_optional, clean_text};

const NAME_MAX: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// The name the record is known by.
    Primary,
    /// Another name the person uses or is recorded under.
    Alias,
    /// The name in the script of the person's own language, when the primary is a romanisation.
    OriginalScript,
    /// A former name (before marriage, before a change of name).
    Previous,
}

impl NameKind {
    pub const ALL: [Self; 4] = [Self::Primary, Self::Alias, Self::OriginalScript, Self::Previous];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Alias => "alias",
            Self::OriginalScript => "original_script",
            Self::Previous => "previous",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|k| k.as_str() == value).ok_or_else(|| {
            FieldError::new(field, "invalid_value", "expected primary, alias, original_script or previous")
        })
    }
}

/// One name, as written, with its parts where they are known. Parts are optional because many
/// naming traditions do not split into given and family names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    pub kind: NameKind,
    pub full: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub patronymic: Option<String>,
    /// ISO 15924 script code (`Latn`, `Cyrl`, `Arab`, ...), when declared.
    pub script: Option<String>,
}

impl PersonName {
    /// Validates a name. `full` may be omitted when parts are given; it is then composed from them.
    pub fn new(
        kind: NameKind,
        full: Option<&str>,
        given: Option<&str>,
        family: Option<&str>,
        patronymic: Option<&str>,
        script: Option<&str>,
    ) -> Result<Self, FieldError> {
        let given = clean_optional("given", given, NAME_MAX)?;
        let family = clean_optional("family", family, NAME_MAX)?;
        let patronymic = clean_optional("patronymic", patronymic, NAME_MAX)?;
        let full = match clean_optional("full", full, NAME_MAX)? {
            Some(full) => full,
            None => {
                let parts: Vec<&str> =
                    [&given, &patronymic, &family].into_iter().flatten().map(String::as_str).collect();
                if parts.is_empty() {
                    return Err(FieldError::new("full", "required", "a name needs its full form or at least one part"));
                }
                parts.join(" ")
            }
        };
        if !full.chars().any(char::is_alphabetic) {
            return Err(FieldError::new("full", "not_a_name", "a name must contain at least one letter"));
        }
        let script = match script.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) if s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()) => {
                let mut code = s.to_ascii_lowercase();
                code[..1].make_ascii_uppercase();
                Some(code)
            }
            Some(_) => {
                return Err(FieldError::new(
                    "script",
                    "invalid_script",
                    "expected a four-letter ISO 15924 code such as Latn or Cyrl",
                ));
            }
        };
        Ok(Self { kind, full, given, family, patronymic, script })
    }
}

/// A date of birth as precisely as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BirthDate {
    Exact(Date),
    YearMonth {
        year: i32,
        month: u8,
    },
    Year(i32),
    /// Born some time in these years, inclusive.
    YearRange {
        from: i32,
        to: i32,
    },
}

/// The earliest year of birth accepted: nobody alive was born before it.
const EARLIEST_YEAR: i32 = 1880;

impl BirthDate {
    /// Parses `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `YYYY..YYYY`, refusing impossible and future dates.
    pub fn parse(field: &str, value: &str, today: Date) -> Result<Self, FieldError> {
        let v = value.trim();
        let shown = crate::error::quoted(v);
        let bad = |msg: &str| FieldError::new(field, "impossible_date", format!("'{shown}': {msg}"));
        let format_err = || {
            FieldError::new(field, "invalid_date", format!("'{shown}' is not YYYY-MM-DD, YYYY-MM, YYYY or YYYY..YYYY"))
        };
        let year = |s: &str| -> Result<i32, FieldError> {
            if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format_err());
            }
            s.parse::<i32>().map_err(|_| format_err())
        };
        let number = |s: &str| -> Result<u8, FieldError> {
            if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format_err());
            }
            s.parse::<u8>().map_err(|_| format_err())
        };
        let parsed = if let Some((from, to)) = v.split_once("..") {
            let (from, to) = (year(from)?, year(to)?);
            if from >= to {
                return Err(bad("the range must run from an earlier to a later year"));
            }
            Self::YearRange { from, to }
        } else {
            let parts: Vec<&str> = v.split('-').collect();
            match parts.as_slice() {
                [y] => Self::Year(year(y)?),
                [y, m] => {
                    let (year, month) = (year(y)?, number(m)?);
                    if !(1..=12).contains(&month) {
                        return Err(bad("there is no such month"));
                    }
                    Self::YearMonth { year, month }
                }
                [y, m, d] => {
                    let (year, month, day) = (year(y)?, number(m)?, number(d)?);
                    let month = Month::try_from(month).map_err(|_| bad("there is no such month"))?;
                    let date = Date::from_calendar_date(year, month, day).map_err(|_| bad("there is no such day"))?;
                    Self::Exact(date)
                }
                _ => return Err(format_err()),
            }
        };
        let (earliest, latest) = parsed.year_bounds();
        if earliest < EARLIEST_YEAR {
            return Err(bad("year of birth is too early"));
        }
        if latest > today.year() || matches!(parsed, Self::Exact(d) if d > today) {
            return Err(bad("date of birth is in the future"));
        }
        if let Self::YearMonth { year, month } = parsed
            && year == today.year()
            && month > u8::from(today.month())
        {
            return Err(bad("date of birth is in the future"));
        }
        Ok(parsed)
    }

    /// The first and last year this date allows.
    pub fn year_bounds(&self) -> (i32, i32) {
        match *self {
            Self::Exact(d) => (d.year(), d.year()),
            Self::YearMonth { year, .. } | Self::Year(year) => (year, year),
            Self::YearRange { from, to } => (from, to),
        }
    }
}

/// A date as `YYYY-MM-DD`, the one textual form article3 reads and writes.
pub fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

impl std::fmt::Display for BirthDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Self::Exact(d) => f.write_str(&iso_date(d)),
            Self::YearMonth { year, month } => write!(f, "{year:04}-{month:02}"),
            Self::Year(year) => write!(f, "{year:04}"),
            Self::YearRange { from, to } => write!(f, "{from:04}..{to:04}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
    Unknown,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Male => "male",
            Self::Female => "female",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        match value.trim().to_ascii_lowercase().as_str() {
            "male" | "m" => Ok(Self::Male),
            "female" | "f" => Ok(Self::Female),
            "unknown" | "u" => Ok(Self::Unknown),
            _ => Err(FieldError::new(field, "invalid_value", "expected male, female or unknown")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Passport,
    NationalId,
    DrivingLicence,
    ResidencePermit,
    Other,
}

impl DocumentKind {
    pub const ALL: [Self; 5] =
        [Self::Passport, Self::NationalId, Self::DrivingLicence, Self::ResidencePermit, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passport => "passport",
            Self::NationalId => "national_id",
            Self::DrivingLicence => "driving_licence",
            Self::ResidencePermit => "residence_permit",
            Self::Other => "other",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|k| k.as_str() == value.trim()).ok_or_else(|| {
            FieldError::new(
                field,
                "invalid_value",
                "expected passport, national_id, driving_licence, residence_permit or other",
            )
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityDocument {
    pub kind: DocumentKind,
    /// Upper case, with spaces and dashes removed: the form documents are compared in.
    pub number: String,
    pub issuing_country: CountryCode,
}

impl IdentityDocument {
    pub fn new(
        registry: &CountryRegistry,
        kind: &str,
        number: &str,
        issuing_country: &str,
    ) -> Result<Self, FieldError> {
        let kind = DocumentKind::parse("kind", kind)?;
        let number = crate::canonical_document_number(number);
        if number.is_empty() {
            return Err(FieldError::required("number"));
        }
        if number.len() > 40 || !number.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(FieldError::new("number", "invalid_document_number", "letters and digits only, at most 40"));
        }
        let issuing_country = registry.known("issuing_country", issuing_country)?;
        Ok(Self { kind, number, issuing_country })
    }
}

/// A public role that matters to the Article 3 assessment of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicRole {
    Journalist,
    Politician,
    Activist,
    HumanRightsDefender,
    BusinessPerson,
    ReligiousFigure,
    Lawyer,
    Academic,
    Athlete,
    Other,
}

impl PublicRole {
    pub const ALL: [Self; 10] = [
        Self::Journalist,
        Self::Politician,
        Self::Activist,
        Self::HumanRightsDefender,
        Self::BusinessPerson,
        Self::ReligiousFigure,
        Self::Lawyer,
        Self::Academic,
        Self::Athlete,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Journalist => "journalist",
            Self::Politician => "politician",
            Self::Activist => "activist",
            Self::HumanRightsDefender => "human_rights_defender",
            Self::BusinessPerson => "business_person",
            Self::ReligiousFigure => "religious_figure",
            Self::Lawyer => "lawyer",
            Self::Academic => "academic",
            Self::Athlete => "athlete",
            Self::Other => "other",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|r| r.as_str() == value.trim()).ok_or_else(|| {
            let all: Vec<&str> = Self::ALL.iter().map(|r| r.as_str()).collect();
            FieldError::new(field, "invalid_value", format!("expected one of {}", all.join(", ")))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// At least one; the first is the primary name.
    pub names: Vec<PersonName>,
    pub birth_dates: Vec<BirthDate>,
    pub sex: Sex,
    pub nationalities: BTreeSet<CountryCode>,
    pub documents: Vec<IdentityDocument>,
    pub occupation: Option<String>,
    pub public_role: Option<PublicRole>,
}

impl Subject {
    /// Assembles a subject from already validated parts and checks what holds across them.
    pub fn new(
        names: Vec<PersonName>,
        birth_dates: Vec<BirthDate>,
        sex: Sex,
        nationalities: BTreeSet<CountryCode>,
        documents: Vec<IdentityDocument>,
        occupation: Option<&str>,
        public_role: Option<PublicRole>,
    ) -> Result<Self, FieldError> {
        if names.is_empty() {
            return Err(FieldError::new("names", "required", "at least one name is required"));
        }
        if names.len() > 50 {
            return Err(FieldError::new("names", "too_many", "at most 50 names"));
        }
        if birth_dates.len() > 10 || documents.len() > 20 {
            return Err(FieldError::new(
                if birth_dates.len() > 10 { "birth_dates" } else { "documents" },
                "too_many",
                "at most 10 dates of birth and 20 documents",
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, d) in documents.iter().enumerate() {
            if !seen.insert((d.issuing_country, d.number.clone(), d.kind.as_str())) {
                return Err(FieldError::new(format!("documents[{i}]"), "duplicate", "this document is listed twice"));
            }
        }
        let occupation = clean_optional("occupation", occupation, 200)?;
        Ok(Self { names, birth_dates, sex, nationalities, documents, occupation, public_role })
    }

    pub fn primary_name(&self) -> &str {
        self.names.first().map_or("", |n| n.full.as_str())
    }
}

/// Validates free text with the subject's limits; shared by callers that build names from raw strings.
pub fn clean_name(field: &str, value: &str) -> Result<String, FieldError> {
    clean_text(field, value, NAME_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 21);

    #[test]
    fn birth_dates_of_every_precision() {
        assert_eq!(BirthDate::parse("d", "1980-02-29", TODAY).unwrap(), BirthDate::Exact(date!(1980 - 02 - 29)));
        assert_eq!(BirthDate::parse("d", "1980-02", TODAY).unwrap(), BirthDate::YearMonth { year: 1980, month: 2 });
        assert_eq!(BirthDate::parse("d", "1980", TODAY).unwrap(), BirthDate::Year(1980));
        assert_eq!(BirthDate::parse("d", "1962..1964", TODAY).unwrap(), BirthDate::YearRange { from: 1962, to: 1964 });
        assert_eq!(BirthDate::parse("d", "1962..1964", TODAY).unwrap().to_string(), "1962..1964");
    }

    #[test]
    fn impossible_and_future_dates_are_refused() {
        for (input, code) in [
            ("1981-02-29", "impossible_date"),
            ("1980-13-01", "impossible_date"),
            ("1980-04-31", "impossible_date"),
            ("2026-11-22", "impossible_date"),
            ("2027", "impossible_date"),
            ("2026-12", "impossible_date"),
            ("1870", "impossible_date"),
            ("1964..1962", "impossible_date"),
            ("80-01-01", "invalid_date"),
            ("1980/01/01", "invalid_date"),
            ("", "invalid_date"),
        ] {
            let err = BirthDate::parse("subject.birth_dates[0]", input, TODAY).unwrap_err();
            assert_eq!(err.code, code, "{input}");
            assert_eq!(err.field, "subject.birth_dates[0]");
        }
        assert!(BirthDate::parse("d", "2026-11-21", TODAY).is_ok(), "today is not the future");
    }

    #[test]
    fn names_in_any_script_with_optional_parts() {
        let n =
            PersonName::new(NameKind::OriginalScript, Some(" Иванов Сергей Петрович "), None, None, None, Some("cyrl"))
                .unwrap();
        assert_eq!(n.full, "Иванов Сергей Петрович");
        assert_eq!(n.script.as_deref(), Some("Cyrl"));
        let composed =
            PersonName::new(NameKind::Primary, None, Some("Sergei"), Some("Ivanov"), Some("Petrovich"), None).unwrap();
        assert_eq!(composed.full, "Sergei Petrovich Ivanov");
        assert_eq!(PersonName::new(NameKind::Primary, Some("  "), None, None, None, None).unwrap_err().field, "full");
        assert_eq!(
            PersonName::new(NameKind::Primary, Some("12345"), None, None, None, None).unwrap_err().code,
            "not_a_name"
        );
        assert_eq!(
            PersonName::new(NameKind::Primary, Some("A"), None, None, None, Some("Latin")).unwrap_err().field,
            "script"
        );
    }

    #[test]
    fn documents_are_normalised() {
        let reg = CountryRegistry::parse_csv("code,name,status,covered_by,note\nFR,France,member,,\n").unwrap();
        let d = IdentityDocument::new(&reg, "passport", "12 ab-345", "fr").unwrap();
        assert_eq!(d.number, "12AB345");
        assert_eq!(IdentityDocument::new(&reg, "passport", "12#4", "FR").unwrap_err().field, "number");
        assert_eq!(IdentityDocument::new(&reg, "visa", "1234", "FR").unwrap_err().field, "kind");
        assert_eq!(IdentityDocument::new(&reg, "passport", "1234", "QQ").unwrap_err().code, "unknown_country");
    }
}

/// Keys under which a subject can be found again without fuzzy matching: each identity document
/// (issuing country and number), and each name (its words in any order, lower case) with each year of
/// birth it allows. They are hashed, so that a deleted record can leave its keys behind — enough to
/// recognise the same person in a later request, never enough to read who it was.
///
/// A name alone is not a key: too many people share one. The screening engine matches more loosely.
pub fn identity_keys(subject: &Subject) -> std::collections::BTreeSet<String> {
    let mut keys = std::collections::BTreeSet::new();
    for d in &subject.documents {
        keys.insert(hashed_key(&format!("doc|{}|{}", d.issuing_country, d.number)));
    }
    let years = key_years(subject);
    for name in &subject.names {
        let mut words: Vec<String> =
            name.full.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
        if words.len() < 2 {
            continue;
        }
        words.sort();
        let words = words.join(" ");
        for year in &years {
            keys.insert(hashed_key(&format!("name|{words}|{year}")));
        }
    }
    keys
}

/// The years of birth a subject's name keys are filed under: every year its dates of birth allow, at
/// most a decade from the first of each (a wider range identifies nobody).
pub fn key_years(subject: &Subject) -> std::collections::BTreeSet<i32> {
    subject.birth_dates.iter().flat_map(|b| key_year_span(b.year_bounds())).collect()
}

/// The years a date of birth from `from` to `to` (inclusive) is filed under: at most a decade from
/// the first.
pub fn key_year_span((from, to): (i32, i32)) -> std::ops::RangeInclusive<i32> {
    from..=to.min(from.saturating_add(9))
}

/// A key as it is stored: the SHA-256 of its plain form, in hexadecimal.
pub fn hashed_key(plain: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::audit::hex(&Sha256::digest(plain.as_bytes()))
}

#[cfg(test)]
mod identity_key_tests {
    use super::*;

    /// Keys already stored stay findable: the hash is SHA-256 in lower-case hexadecimal.
    #[test]
    fn a_key_is_its_sha256_in_lower_case_hex() {
        assert_eq!(hashed_key("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hashed_key(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    fn subject(names: &[&str], births: Vec<BirthDate>, docs: Vec<IdentityDocument>) -> Subject {
        Subject::new(
            names
                .iter()
                .map(|n| PersonName::new(NameKind::Primary, Some(n), None, None, None, None).unwrap())
                .collect(),
            births,
            Sex::Unknown,
            std::collections::BTreeSet::new(),
            docs,
            None,
            None,
        )
        .unwrap()
    }

    #[test]
    fn the_same_person_shares_keys_whatever_the_word_order() {
        let a = subject(&["Sergei Ivanov"], vec![BirthDate::Year(1980)], vec![]);
        let b = subject(&["IVANOV, Sergei"], vec![BirthDate::YearMonth { year: 1980, month: 5 }], vec![]);
        assert!(!identity_keys(&a).is_disjoint(&identity_keys(&b)));
    }

    #[test]
    fn a_namesake_born_another_year_or_a_lone_name_shares_none() {
        let a = subject(&["Sergei Ivanov"], vec![BirthDate::Year(1980)], vec![]);
        let other_year = subject(&["Sergei Ivanov"], vec![BirthDate::Year(1981)], vec![]);
        assert!(identity_keys(&a).is_disjoint(&identity_keys(&other_year)));
        let no_birth = subject(&["Sergei Ivanov"], vec![], vec![]);
        assert!(identity_keys(&no_birth).is_empty(), "a name alone is not a key");
        let one_word = subject(&["Ivanov"], vec![BirthDate::Year(1980)], vec![]);
        assert!(identity_keys(&one_word).is_empty());
    }

    #[test]
    fn a_range_of_years_is_filed_under_its_first_decade_at_most() {
        let wide = subject(&["Sergei Ivanov"], vec![BirthDate::YearRange { from: 1950, to: 1990 }], vec![]);
        assert_eq!(key_years(&wide), (1950..=1959).collect());
        let narrow = subject(&["Sergei Ivanov"], vec![BirthDate::YearRange { from: 1979, to: 1981 }], vec![]);
        assert_eq!(key_years(&narrow), (1979..=1981).collect());
        let late = subject(&["Sergei Ivanov"], vec![BirthDate::Year(1995)], vec![]);
        assert!(identity_keys(&wide).is_disjoint(&identity_keys(&late)), "1995 is past the filed decade");
        let early = subject(&["Sergei Ivanov"], vec![BirthDate::Year(1959)], vec![]);
        assert!(!identity_keys(&wide).is_disjoint(&identity_keys(&early)));
    }

    #[test]
    fn documents_are_keys_and_no_key_reads_as_a_name() {
        let reg = crate::CountryRegistry::parse_csv("code,name,status,covered_by,note\nFR,France,member,,\n").unwrap();
        let doc = IdentityDocument::new(&reg, "passport", "12AB34567", "FR").unwrap();
        let a = subject(&["X"], vec![], vec![doc.clone()]);
        let b = subject(&["Someone Else"], vec![], vec![doc]);
        assert_eq!(identity_keys(&a), identity_keys(&b));
        assert!(identity_keys(&a).iter().all(|k| k.len() == 64 && !k.contains("12AB")));
    }
}
