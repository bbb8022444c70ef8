//! Diffusions: requests a bureau circulates directly to all members or to named ones, reviewed after
//! circulation (or before, when the sender is under enhanced review and the diffusion is held).

use std::collections::BTreeSet;

use crate::country::{CountryCode, CountryRegistry};
use crate::error::{FieldError, TransitionError};
use crate::notice::{JudicialData, Restrictions};
use crate::subject::Subject;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiffusionPurpose {
    /// Locate and arrest: needs the same judicial data as a red notice.
    Arrest,
    Locate,
    Information,
    MissingPerson,
    Warning,
}

impl DiffusionPurpose {
    pub const ALL: [Self; 5] = [Self::Arrest, Self::Locate, Self::Information, Self::MissingPerson, Self::Warning];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Arrest => "arrest",
            Self::Locate => "locate",
            Self::Information => "information",
            Self::MissingPerson => "missing_person",
            Self::Warning => "warning",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|p| p.as_str() == value.trim()).ok_or_else(|| {
            FieldError::new(field, "invalid_value", "expected arrest, locate, information, missing_person or warning")
        })
    }
}

/// Who a diffusion is circulated to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipients {
    AllMembers,
    Countries(BTreeSet<CountryCode>),
}

impl Recipients {
    pub fn includes(&self, country: CountryCode) -> bool {
        match self {
            Self::AllMembers => true,
            Self::Countries(c) => c.contains(&country),
        }
    }

    pub fn new(all: bool, countries: BTreeSet<CountryCode>, sender: CountryCode) -> Result<Self, FieldError> {
        match (all, countries.is_empty()) {
            (true, true) => Ok(Self::AllMembers),
            (true, false) => {
                Err(FieldError::new("countries", "inconsistent", "name countries or choose all members, not both"))
            }
            (false, true) => {
                Err(FieldError::new("countries", "required", "name at least one recipient country, or all members"))
            }
            (false, false) if countries.len() == 1 && countries.contains(&sender) => {
                Err(FieldError::new("countries", "inconsistent", "a diffusion must go to at least one other country"))
            }
            (false, false) => Ok(Self::Countries(countries)),
        }
    }
}

/// A validated diffusion, ready to circulate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffusionRequest {
    pub purpose: DiffusionPurpose,
    pub requesting_country: CountryCode,
    pub subject: Subject,
    pub judicial: Option<JudicialData>,
    pub recipients: Recipients,
    pub restrictions: Restrictions,
}

impl DiffusionRequest {
    pub fn new(
        registry: &CountryRegistry,
        purpose: DiffusionPurpose,
        requesting_country: CountryCode,
        subject: Subject,
        judicial: Option<JudicialData>,
        recipients: Recipients,
        restrictions: Restrictions,
    ) -> Result<Self, FieldError> {
        if !registry.get(requesting_country).is_some_and(|c| c.status.may_request()) {
            return Err(FieldError::new(
                "requesting_country",
                "not_a_member",
                format!("{requesting_country} has no bureau that may send diffusions"),
            ));
        }
        if purpose == DiffusionPurpose::Arrest && judicial.is_none() {
            return Err(FieldError::new(
                "judicial",
                "required",
                "an arrest diffusion requires judicial data: purpose, warrant, charges and a facts summary",
            ));
        }
        if let Recipients::Countries(list) = &recipients
            && let Some(c) = list.iter().find(|c| !registry.get(**c).is_some_and(|c| c.status.may_request()))
        {
            return Err(FieldError::new(
                "recipients.countries",
                "not_a_member",
                format!("{c} is not connected and cannot receive diffusions"),
            ));
        }
        Ok(Self { purpose, requesting_country, subject, judicial, recipients, restrictions })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiffusionStatus {
    /// Sent by a member under enhanced review: not circulated until a reviewer confirms it.
    Held,
    Circulated,
    UnderReview,
    Confirmed,
    Withdrawn,
}

impl DiffusionStatus {
    pub const ALL: [Self; 5] = [Self::Held, Self::Circulated, Self::UnderReview, Self::Confirmed, Self::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Held => "held",
            Self::Circulated => "circulated",
            Self::UnderReview => "under_review",
            Self::Confirmed => "confirmed",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|s| s.as_str() == value.trim()).ok_or_else(|| {
            FieldError::new(field, "invalid_value", "expected held, circulated, under_review, confirmed or withdrawn")
        })
    }

    /// `circulated → under_review → confirmed | withdrawn`; `held → under_review` (the diffusion is then
    /// circulated only when confirmed).
    pub fn apply(self, action: DiffusionAction) -> Result<Self, TransitionError> {
        use DiffusionAction as A;
        use DiffusionStatus as S;
        match (self, action) {
            (S::Circulated | S::Held, A::StartReview) => Ok(S::UnderReview),
            (S::UnderReview, A::Confirm) => Ok(S::Confirmed),
            (S::UnderReview, A::Withdraw) => Ok(S::Withdrawn),
            _ => Err(TransitionError { kind: "diffusion", from: self.as_str(), action: action.as_str() }),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiffusionAction {
    StartReview,
    Confirm,
    Withdraw,
}

impl DiffusionAction {
    pub const ALL: [Self; 3] = [Self::StartReview, Self::Confirm, Self::Withdraw];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::StartReview => "start_review",
            Self::Confirm => "confirm",
            Self::Withdraw => "withdraw",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle() {
        use DiffusionAction as A;
        use DiffusionStatus as S;
        assert_eq!(S::Circulated.apply(A::StartReview), Ok(S::UnderReview));
        assert_eq!(S::Held.apply(A::StartReview), Ok(S::UnderReview));
        assert_eq!(S::UnderReview.apply(A::Confirm), Ok(S::Confirmed));
        assert_eq!(S::UnderReview.apply(A::Withdraw), Ok(S::Withdrawn));
        assert!(S::Circulated.apply(A::Confirm).is_err());
        assert!(S::Confirmed.apply(A::Withdraw).is_err());
        assert!(S::Withdrawn.apply(A::StartReview).is_err());
    }

    #[test]
    fn recipients() {
        let fr = CountryCode::parse("c", "FR").unwrap();
        let de = CountryCode::parse("c", "DE").unwrap();
        assert_eq!(Recipients::new(true, BTreeSet::new(), fr).unwrap(), Recipients::AllMembers);
        assert!(Recipients::new(false, BTreeSet::from([de]), fr).unwrap().includes(de));
        assert!(!Recipients::new(false, BTreeSet::from([de]), fr).unwrap().includes(fr));
        assert_eq!(Recipients::new(false, BTreeSet::new(), fr).unwrap_err().code, "required");
        assert_eq!(Recipients::new(false, BTreeSet::from([fr]), fr).unwrap_err().code, "inconsistent");
        assert_eq!(Recipients::new(true, BTreeSet::from([de]), fr).unwrap_err().code, "inconsistent");
    }
}
