//! Clearances: an officer who has established, on the traveller's documents or fingerprints, that a
//! traveller who raised a hit is not the person a notice or diffusion seeks records it, against the
//! traveller's document. Every later screening of that document shows the clearance on the hit, and the
//! requesting country is not told of the traveller again, so that a namesake is not stopped and
//! reported at every border for years.

use crate::country::CountryCode;
use crate::error::FieldError;
use crate::flag::RecordKind;
use crate::travel_document::{Withdrawal, canonical_document_number};

/// The longest reason kept: as long as a country flag's.
pub use crate::flag::MAX_REASON_CHARS;

/// A clearance as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clearance {
    pub id: String,
    /// The record the traveller is not the subject of.
    pub kind: RecordKind,
    pub object_id: String,
    /// The traveller's document, in canonical form.
    pub document_number: String,
    pub issuing_country: CountryCode,
    /// The country whose officer established it.
    pub country: CountryCode,
    /// How it was established (documents compared, fingerprints, date of birth…).
    pub reason: String,
    pub cleared_by: String,
    /// Milliseconds since the Unix epoch.
    pub cleared_at_ms: i64,
    /// The alert whose outcome recorded it, if it was recorded with one: correcting that outcome to
    /// anything but "not the person" withdraws it.
    pub alert: Option<i64>,
    /// Set when the clearing country withdraws it; a withdrawn clearance is kept for the record.
    pub withdrawn: Option<Withdrawal>,
}

impl Clearance {
    pub fn is_active(&self) -> bool {
        self.withdrawn.is_none()
    }
}

/// A document number as a clearance is recorded against: canonical, 1 to 40 letters and digits.
pub fn clearance_document(field: &str, raw: &str) -> Result<String, FieldError> {
    let number = canonical_document_number(raw);
    if number.is_empty() || number.chars().count() > 40 || !number.chars().all(char::is_alphanumeric) {
        return Err(FieldError::new(field, "invalid_document_number", "1 to 40 letters and digits"));
    }
    Ok(number)
}

/// How the clearance was established, trimmed and checked: required, and bounded.
pub fn clearance_reason(field: &str, reason: &str) -> Result<String, FieldError> {
    crate::error::clean_reason(field, reason, MAX_REASON_CHARS, "say how it was established that this is someone else")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_number_is_canonical_and_checked() {
        assert_eq!(clearance_document("document", " 19fx-123 45 ").unwrap(), "19FX12345");
        assert_eq!(clearance_document("document", " - ").unwrap_err().code, "invalid_document_number");
        assert_eq!(clearance_document("document", "AB/12").unwrap_err().field, "document");
        assert!(clearance_document("document", &"9".repeat(40)).is_ok());
        assert!(clearance_document("document", &"9".repeat(41)).is_err());
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert_eq!(clearance_reason("reason", " fingerprints differ ").unwrap(), "fingerprints differ");
        assert_eq!(clearance_reason("reason", "\n").unwrap_err().code, "required");
        assert_eq!(clearance_reason("reason", &"x".repeat(MAX_REASON_CHARS + 1)).unwrap_err().code, "too_long");
    }
}
