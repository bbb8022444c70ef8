//! Challenges before the Commission: a person (or their counsel) contests a notice or diffusion, and the
//! Commission registers the application under its file reference until it decides. While a challenge is
//! pending, every hit on the record tells the border officer so, and since when; the grounds stay with the
//! Commission, the reviewers and the requesting bureau, which the Commission consults.

use time::Date;

use crate::error::{FieldError, clean_text};
use crate::flag::RecordKind;

/// The longest file reference kept.
pub const MAX_REFERENCE_CHARS: usize = 64;
/// The longest summary of the grounds, or of a decision, kept.
pub const MAX_GROUNDS_CHARS: usize = 4_000;

/// How the Commission closed a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChallengeOutcome {
    /// The data does not comply: it is to be deleted or corrected (the Commission blocks or deletes it
    /// by the record's own lifecycle).
    Upheld,
    /// The data complies.
    Rejected,
    /// The application does not meet the conditions to be heard.
    Inadmissible,
    /// The applicant withdrew it.
    Withdrawn,
}

impl ChallengeOutcome {
    pub const ALL: [Self; 4] = [Self::Upheld, Self::Rejected, Self::Inadmissible, Self::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upheld => "upheld",
            Self::Rejected => "rejected",
            Self::Inadmissible => "inadmissible",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|o| o.as_str() == value.trim())
            .ok_or_else(|| FieldError::new(field, "invalid_value", "one of upheld, rejected, inadmissible, withdrawn"))
    }
}

/// A challenge as the Commission registers it, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeApplication {
    pub kind: RecordKind,
    pub object_id: String,
    /// The Commission's file reference, unique across the register.
    pub reference: String,
    /// What the applicant contests and on what grounds, as the Commission summarises it.
    pub grounds: String,
    /// The day the application reached the Commission.
    pub lodged_on: Date,
}

impl ChallengeApplication {
    pub fn new(
        kind: RecordKind,
        object_id: &str,
        reference: &str,
        grounds: &str,
        lodged_on: Date,
        today: Date,
    ) -> Result<Self, FieldError> {
        let reference = clean_text("reference", reference, MAX_REFERENCE_CHARS)?;
        if reference.contains(['\n', '\t', '\r']) {
            return Err(FieldError::new("reference", "invalid_value", "a file reference is one line"));
        }
        if lodged_on > today {
            return Err(FieldError::new(
                "lodged_on",
                "impossible_date",
                "an application cannot be lodged in the future",
            ));
        }
        let object_id = object_id.trim();
        if object_id.is_empty() {
            return Err(FieldError::required("id"));
        }
        Ok(Self {
            kind,
            object_id: object_id.to_owned(),
            reference,
            grounds: crate::error::clean_reason(
                "grounds",
                grounds,
                MAX_GROUNDS_CHARS,
                "say what is contested and why",
            )?,
            lodged_on,
        })
    }
}

/// The Commission's decision closing a challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeDecision {
    pub outcome: ChallengeOutcome,
    pub reason: String,
    pub by: String,
    /// Milliseconds since the Unix epoch.
    pub at_ms: i64,
}

/// A challenge in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub id: String,
    pub application: ChallengeApplication,
    pub registered_by: String,
    /// Milliseconds since the Unix epoch.
    pub registered_at_ms: i64,
    /// Set when the Commission decides; a decided challenge is kept for the record.
    pub decision: Option<ChallengeDecision>,
}

impl Challenge {
    /// Pending before the Commission.
    pub fn is_pending(&self) -> bool {
        self.decision.is_none()
    }
}

/// The reasons a decision gives, trimmed and checked: required, and bounded.
pub fn decision_reason(field: &str, reason: &str) -> Result<String, FieldError> {
    crate::error::clean_reason(field, reason, MAX_GROUNDS_CHARS, "say why the Commission decided so")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 22);

    fn application(reference: &str, grounds: &str, lodged_on: Date) -> Result<ChallengeApplication, FieldError> {
        ChallengeApplication::new(RecordKind::Notice, " 0193-abc ", reference, grounds, lodged_on, TODAY)
    }

    #[test]
    fn an_application_is_trimmed_and_kept() {
        let a = application(" CCF/2026/0412 ", " political character (Art. 3) ", date!(2026 - 11 - 22)).unwrap();
        assert_eq!(a.reference, "CCF/2026/0412");
        assert_eq!(a.grounds, "political character (Art. 3)");
        assert_eq!(a.object_id, "0193-abc");
    }

    #[test]
    fn a_bad_application_names_its_field() {
        let future = application("CCF/1", "grounds", date!(2026 - 11 - 23)).unwrap_err();
        assert_eq!((future.field.as_str(), future.code), ("lodged_on", "impossible_date"));
        assert_eq!(application(" ", "grounds", TODAY).unwrap_err().field, "reference");
        assert_eq!(application("CCF/1\tX", "grounds", TODAY).unwrap_err().field, "reference");
        assert_eq!(application(&"R".repeat(MAX_REFERENCE_CHARS + 1), "grounds", TODAY).unwrap_err().code, "too_long");
        assert!(application(&"R".repeat(MAX_REFERENCE_CHARS), "grounds", TODAY).is_ok());
        let grounds = application("CCF/1", " \n ", TODAY).unwrap_err();
        assert_eq!((grounds.field.as_str(), grounds.code), ("grounds", "required"));
        let id = ChallengeApplication::new(RecordKind::Notice, " ", "CCF/1", "g", TODAY, TODAY).unwrap_err();
        assert_eq!(id.field, "id");
    }

    #[test]
    fn outcomes_round_trip_and_others_are_refused() {
        for o in ChallengeOutcome::ALL {
            assert_eq!(ChallengeOutcome::parse("outcome", o.as_str()).unwrap(), o);
        }
        assert_eq!(ChallengeOutcome::parse("outcome", "granted").unwrap_err().field, "outcome");
    }
}
