//! Member countries: ISO 3166-1 codes, INTERPOL membership status, and the registry loaded from data.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::FieldError;

/// An ISO 3166-1 alpha-2 code (upper case). Shape only: whether the code is known is the registry's call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parses two ASCII letters, in either case.
    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        let bytes = value.trim().as_bytes();
        match bytes {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Ok(Self([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => Err(FieldError::new(
                field,
                "invalid_country_code",
                format!("'{}' is not a two-letter ISO 3166-1 country code", crate::error::quoted(value.trim())),
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A country's standing in the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MembershipStatus {
    /// A member country with a National Central Bureau.
    Member,
    /// A member whose cooperation is limited (nominal membership).
    NominalMember,
    /// Not a member and not connected to the network (for example Kosovo and Taiwan).
    NotConnected,
    /// A dependent territory or special area served, if at all, through a member's bureau.
    Territory,
}

impl MembershipStatus {
    pub const ALL: [Self; 4] = [Self::Member, Self::NominalMember, Self::NotConnected, Self::Territory];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::NominalMember => "nominal_member",
            Self::NotConnected => "not_connected",
            Self::Territory => "territory",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|s| s.as_str() == value.trim()).ok_or_else(|| {
            FieldError::new(field, "invalid_status", "expected one of member, nominal_member, not_connected, territory")
        })
    }

    /// Whether a bureau of this country may request notices and send diffusions.
    pub fn may_request(self) -> bool {
        matches!(self, Self::Member | Self::NominalMember)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    pub code: CountryCode,
    pub name: String,
    pub status: MembershipStatus,
    /// For a territory: the member whose bureau covers it.
    pub covered_by: Option<CountryCode>,
    pub note: String,
}

/// Every country and territory the installation knows, by code.
#[derive(Debug, Clone, Default)]
pub struct CountryRegistry {
    countries: BTreeMap<CountryCode, Country>,
}

/// A line of the countries data file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("countries data, line {line}: {problem}")]
pub struct CountryDataError {
    pub line: usize,
    pub problem: String,
}

impl CountryRegistry {
    pub fn from_countries(countries: impl IntoIterator<Item = Country>) -> Self {
        Self { countries: countries.into_iter().map(|c| (c.code, c)).collect() }
    }

    /// Reads the shipped CSV (`code,name,status,covered_by,note` with a header row).
    pub fn parse_csv(text: &str) -> Result<Self, CountryDataError> {
        let mut countries = BTreeMap::new();
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            if index == 0 || line.trim().is_empty() {
                continue;
            }
            let fields = split_csv_line(line).map_err(|problem| CountryDataError { line: line_no, problem })?;
            let [code, name, status, covered_by, note] = fields.as_slice() else {
                return Err(CountryDataError {
                    line: line_no,
                    problem: format!("expected 5 fields, found {}", fields.len()),
                });
            };
            let err = |e: FieldError| CountryDataError { line: line_no, problem: e.to_string() };
            let code = CountryCode::parse("code", code).map_err(err)?;
            let status = MembershipStatus::parse("status", status).map_err(err)?;
            let covered_by = if covered_by.trim().is_empty() {
                None
            } else {
                Some(CountryCode::parse("covered_by", covered_by).map_err(err)?)
            };
            let country =
                Country { code, name: name.trim().to_owned(), status, covered_by, note: note.trim().to_owned() };
            if countries.insert(code, country).is_some() {
                return Err(CountryDataError { line: line_no, problem: format!("duplicate code {code}") });
            }
        }
        Ok(Self { countries })
    }

    pub fn get(&self, code: CountryCode) -> Option<&Country> {
        self.countries.get(&code)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Country> {
        self.countries.values()
    }

    pub fn len(&self) -> usize {
        self.countries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
    }

    pub fn upsert(&mut self, country: Country) {
        self.countries.insert(country.code, country);
    }

    /// Parses a code and checks that the registry knows it.
    pub fn known(&self, field: &str, value: &str) -> Result<CountryCode, FieldError> {
        let code = CountryCode::parse(field, value)?;
        if self.countries.contains_key(&code) {
            Ok(code)
        } else {
            Err(FieldError::new(field, "unknown_country", format!("'{code}' is not a known country code")))
        }
    }

    /// A country whose bureau may request notices and send diffusions.
    pub fn requesting_member(&self, field: &str, value: &str) -> Result<CountryCode, FieldError> {
        let code = self.known(field, value)?;
        match self.get(code) {
            Some(c) if c.status.may_request() => Ok(code),
            Some(c) => Err(FieldError::new(
                field,
                "not_a_member",
                format!("{} ({code}) is {} and has no bureau that may request", c.name, c.status.as_str()),
            )),
            None => Err(FieldError::new(field, "unknown_country", format!("'{code}' is not a known country code"))),
        }
    }
}

/// Splits one CSV line with RFC 4180 quoting (no embedded newlines in this data).
fn split_csv_line(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                current.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => current.push(c),
            (false, '"') if current.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut current)),
            (false, c) => current.push(c),
        }
    }
    if quoted {
        return Err("unterminated quoted field".to_owned());
    }
    fields.push(current);
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "code,name,status,covered_by,note\nFR,France,member,,\nHK,\"Hong Kong, China\",territory,CN,sub-bureau\nXK,Kosovo,not_connected,,\nCN,China,member,,\n";

    #[test]
    fn parses_quoted_names_and_territories() {
        let reg = CountryRegistry::parse_csv(SAMPLE).unwrap();
        assert_eq!(reg.len(), 4);
        let hk = reg.get(CountryCode::parse("c", "hk").unwrap()).unwrap();
        assert_eq!(hk.name, "Hong Kong, China");
        assert_eq!(hk.covered_by.map(|c| c.to_string()).as_deref(), Some("CN"));
    }

    #[test]
    fn a_refused_code_is_quoted_not_echoed() {
        let short = CountryCode::parse("nationalities[0]", "FRA").unwrap_err();
        assert!(short.message.contains("'FRA'"), "{}", short.message);
        let long = CountryCode::parse("nationalities[0]", &"AA ".repeat(1_000)).unwrap_err();
        assert!(long.message.chars().count() < 150, "{}", long.message);
        assert!(long.message.contains('…'));
    }

    #[test]
    fn only_members_may_request() {
        let reg = CountryRegistry::parse_csv(SAMPLE).unwrap();
        assert!(reg.requesting_member("f", "FR").is_ok());
        assert_eq!(reg.requesting_member("f", "XK").unwrap_err().code, "not_a_member");
        assert_eq!(reg.requesting_member("f", "HK").unwrap_err().code, "not_a_member");
        assert_eq!(reg.known("f", "ZZ").unwrap_err().code, "unknown_country");
        assert_eq!(reg.known("f", "FRA").unwrap_err().code, "invalid_country_code");
    }

    #[test]
    fn rejects_duplicates_and_bad_rows() {
        let dup = "code,name,status,covered_by,note\nFR,France,member,,\nFR,France,member,,\n";
        assert_eq!(CountryRegistry::parse_csv(dup).unwrap_err().line, 3);
        let bad = "code,name,status,covered_by,note\nFR,France,observer,,\n";
        assert!(CountryRegistry::parse_csv(bad).unwrap_err().problem.contains("status"));
    }
}
