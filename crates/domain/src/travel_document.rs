//! The register of stolen, lost and revoked travel documents: a bureau reports a document by number and
//! issuing country; border checks match the number exactly; a recovered document is withdrawn so that
//! its lawful holder is no longer stopped.

use time::Date;

use crate::{CountryCode, CountryRegistry, DocumentKind, FieldError};

/// Why a document is in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentStatus {
    Stolen,
    Lost,
    /// Cancelled by the issuing authority (e.g. fraudulently obtained).
    Revoked,
}

impl DocumentStatus {
    pub const ALL: [Self; 3] = [Self::Stolen, Self::Lost, Self::Revoked];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stolen => "stolen",
            Self::Lost => "lost",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == value.trim())
            .ok_or_else(|| FieldError::new(field, "invalid_value", "one of stolen, lost, revoked"))
    }
}

/// The one form a document number is stored, looked up and screened in: upper case, without spaces,
/// dashes, dots or MRZ `<` fillers. Anything else is kept, so two numbers are equal only if they really
/// are the same number (validation refuses such characters in reports and subjects' documents).
pub fn canonical_document_number(raw: &str) -> String {
    raw.chars()
        .filter(|&c| !(c.is_whitespace() || matches!(c, '<' | '.') || is_dash(c)))
        .flat_map(char::to_uppercase)
        .collect()
}

/// The hyphen-minus, the Unicode hyphens and dashes (U+2010–U+2015) and the minus sign: all turn up when
/// numbers are copied from documents and messages.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// A report as a bureau makes it, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentReport {
    pub number: String,
    pub issuing_country: CountryCode,
    pub kind: DocumentKind,
    pub status: DocumentStatus,
    /// When the document was stolen, lost or revoked.
    pub occurred_on: Date,
}

impl DocumentReport {
    pub fn new(
        registry: &CountryRegistry,
        number: &str,
        issuing_country: &str,
        kind: &str,
        status: &str,
        occurred_on: Date,
        today: Date,
    ) -> Result<Self, FieldError> {
        if number.chars().any(|c| !(c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '.' | '<'))) {
            return Err(FieldError::new(
                "number",
                "invalid_document_number",
                "letters, digits, spaces and dashes only",
            ));
        }
        let number = canonical_document_number(number);
        if number.len() < 4 || number.len() > 40 {
            return Err(FieldError::new("number", "invalid_document_number", "4 to 40 letters and digits"));
        }
        if occurred_on > today {
            return Err(FieldError::new("occurred_on", "impossible_date", "a report cannot be about the future"));
        }
        Ok(Self {
            number,
            issuing_country: registry.known("issuing_country", issuing_country)?,
            kind: DocumentKind::parse("kind", kind)?,
            status: DocumentStatus::parse("status", status)?,
            occurred_on,
        })
    }
}

/// A report in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    pub id: String,
    pub report: DocumentReport,
    pub reporting_country: CountryCode,
    pub reported_by: String,
    pub reported_at_ms: i64,
    /// Set when the reporting bureau withdraws the report (the document was recovered, or reported in
    /// error); a withdrawn report never matches again.
    pub withdrawn: Option<Withdrawal>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub at_ms: i64,
    pub by: String,
    pub reason: String,
}
