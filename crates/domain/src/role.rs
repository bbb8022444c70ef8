//! Roles, actors, and which lifecycle steps each may take.

use crate::country::CountryCode;
use crate::diffusion::DiffusionAction;
use crate::error::{FieldError, Forbidden};
use crate::ids::UserId;
use crate::notice::NoticeAction;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Officer of a National Central Bureau: requests notices, circulates diffusions.
    Ncb,
    /// Border officer: screens travellers.
    Border,
    /// Secretariat reviewer: reviews requests before publication, diffusions after circulation.
    Reviewer,
    /// Member of the Commission that hears challenges.
    Commission,
    /// A person targeted by data, or their counsel.
    Subject,
    /// An immigration or asylum caseworker.
    Caseworker,
    /// Administers the installation: users, countries, policies.
    Admin,
}

impl Role {
    pub const ALL: [Self; 7] =
        [Self::Ncb, Self::Border, Self::Reviewer, Self::Commission, Self::Subject, Self::Caseworker, Self::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ncb => "ncb",
            Self::Border => "border",
            Self::Reviewer => "reviewer",
            Self::Commission => "commission",
            Self::Subject => "subject",
            Self::Caseworker => "caseworker",
            Self::Admin => "admin",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|r| r.as_str() == value.trim()).ok_or_else(|| {
            FieldError::new(
                field,
                "invalid_role",
                "expected ncb, border, reviewer, commission, subject, caseworker or admin",
            )
        })
    }

    /// Roles that act for one country and must be scoped to it.
    pub fn is_country_scoped(self) -> bool {
        matches!(self, Self::Ncb | Self::Border | Self::Caseworker)
    }
}

/// Who is acting: the authenticated user, their role and, for country-scoped roles, their country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub name: String,
    pub role: Role,
    pub country: Option<CountryCode>,
}

impl Actor {
    /// Whether this actor is the bureau of `country`.
    pub fn is_bureau_of(&self, country: CountryCode) -> bool {
        self.role == Role::Ncb && self.country == Some(country)
    }

    /// Who may take each lifecycle step on a notice owned by `owner`.
    pub fn may_act_on_notice(&self, action: NoticeAction, owner: CountryCode) -> Result<(), Forbidden> {
        use NoticeAction as A;
        let allowed = match action {
            A::StartReview | A::Approve | A::Refuse => self.role == Role::Reviewer,
            A::Block | A::Unblock | A::Delete => self.role == Role::Commission,
            A::Cancel | A::Renew => self.is_bureau_of(owner),
            // Expiry is the retention clock's, never a person's.
            A::Expire => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(Forbidden::new(format!("a {} may not {} this notice", self.role.as_str(), action.as_str())))
        }
    }

    pub fn may_act_on_diffusion(&self, action: DiffusionAction) -> Result<(), Forbidden> {
        if self.role == Role::Reviewer {
            Ok(())
        } else {
            Err(Forbidden::new(format!("a {} may not {} a diffusion", self.role.as_str(), action.as_str())))
        }
    }
}
