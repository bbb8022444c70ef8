//! Country flags: a member country records that it will not act on a notice or diffusion on its
//! territory ("we will not act on it here"), with its reasons. A flag is that country's position, shown
//! to its own officers on a hit, to reviewers and the Commission, and used by the review rules when the
//! same person is requested again. The requesting country never learns who flagged.

use crate::country::CountryCode;
use crate::error::FieldError;
use crate::travel_document::Withdrawal;

/// The longest reason kept; a flag explains itself in a paragraph, not a dossier.
pub const MAX_REASON_CHARS: usize = 2_000;

/// The two kinds of record a country can flag, and the screening index holds: notices and diffusions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    Notice,
    Diffusion,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Notice => "notice",
            Self::Diffusion => "diffusion",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        match value.trim() {
            "notice" => Ok(Self::Notice),
            "diffusion" => Ok(Self::Diffusion),
            _ => Err(FieldError::new(field, "invalid_value", "expected notice or diffusion")),
        }
    }
}

/// A flag as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryFlag {
    pub id: String,
    pub kind: RecordKind,
    pub object_id: String,
    /// The country that will not act.
    pub country: CountryCode,
    pub reason: String,
    pub flagged_by: String,
    /// Milliseconds since the Unix epoch.
    pub flagged_at_ms: i64,
    /// Set when the country lifts its flag; a lifted flag is kept for the record.
    pub withdrawn: Option<Withdrawal>,
}

impl CountryFlag {
    pub fn is_active(&self) -> bool {
        self.withdrawn.is_none()
    }
}

/// The reason a flag gives, trimmed and checked: required, and bounded.
pub fn flag_reason(field: &str, reason: &str) -> Result<String, FieldError> {
    crate::error::clean_reason(field, reason, MAX_REASON_CHARS, "say why your country will not act on it")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_others_are_refused() {
        for kind in [RecordKind::Notice, RecordKind::Diffusion] {
            assert_eq!(RecordKind::parse("kind", kind.as_str()).unwrap(), kind);
        }
        let err = RecordKind::parse("kind", "travel_document").unwrap_err();
        assert_eq!(err.field, "kind");
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert_eq!(flag_reason("reason", "  asylum granted here  ").unwrap(), "asylum granted here");
        assert_eq!(flag_reason("reason", " \n ").unwrap_err().code, "required");
        let long = "x".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(flag_reason("reason", &long).unwrap_err().code, "too_long");
        assert!(flag_reason("reason", &"x".repeat(MAX_REASON_CHARS)).is_ok());
    }
}
