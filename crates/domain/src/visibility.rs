//! The one visibility policy. Every read of a notice or diffusion — a single read, a list, an export,
//! and later the screening index — asks [`may_read`]; nothing else decides who sees what.

use crate::country::CountryCode;
use crate::diffusion::{DiffusionStatus, Recipients};
use crate::notice::{Colour, NoticeStatus, Restrictions};
use crate::role::Role;

/// Who is reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// Anyone, without logging in.
    Public,
    User {
        role: Role,
        country: Option<CountryCode>,
    },
}

/// The facts about a record that visibility depends on, and nothing else.
#[derive(Debug, Clone, Copy)]
pub enum AccessFacts<'a> {
    Notice {
        owner: CountryCode,
        colour: Colour,
        status: NoticeStatus,
        restrictions: &'a Restrictions,
        public_extract: bool,
    },
    Diffusion {
        owner: CountryCode,
        status: DiffusionStatus,
        /// Whether it has actually gone out (a held diffusion has not).
        circulated: bool,
        recipients: &'a Recipients,
        restrictions: &'a Restrictions,
    },
}

/// Whether `viewer` may read the record described by `facts`.
///
/// - Deleted data is read by nobody.
/// - Reviewers and the Commission read everything else: they review and hear challenges.
/// - A bureau reads all of its own country's records, whatever their status.
/// - Bureaus, border officers and caseworkers of other countries read only live data — a published
///   notice, or a diffusion that went out to them — and only where the requester's restrictions allow
///   their country. Blocked data is withheld from them.
/// - The public reads published red, yellow and UN notices whose requester agreed to a public extract.
/// - Administrators and data subjects read no operational data through this policy.
pub fn may_read(viewer: &Viewer, facts: &AccessFacts<'_>) -> bool {
    match *facts {
        AccessFacts::Notice { owner, colour, status, restrictions, public_extract } => {
            if status == NoticeStatus::Deleted {
                return false;
            }
            let live = status == NoticeStatus::Published;
            match *viewer {
                Viewer::Public => {
                    live && public_extract && colour.may_be_public() && *restrictions == Restrictions::None
                }
                Viewer::User { role, country } => match role {
                    Role::Reviewer | Role::Commission => true,
                    Role::Admin | Role::Subject => false,
                    Role::Ncb | Role::Border | Role::Caseworker => {
                        let Some(country) = country else { return false };
                        if role == Role::Ncb && country == owner {
                            return true;
                        }
                        live && (country == owner || restrictions.allows(country))
                    }
                },
            }
        }
        AccessFacts::Diffusion { owner, status, circulated, recipients, restrictions } => {
            let live = circulated
                && matches!(
                    status,
                    DiffusionStatus::Circulated | DiffusionStatus::UnderReview | DiffusionStatus::Confirmed
                );
            match *viewer {
                Viewer::Public => false,
                Viewer::User { role, country } => match role {
                    Role::Reviewer | Role::Commission => true,
                    Role::Admin | Role::Subject => false,
                    Role::Ncb | Role::Border | Role::Caseworker => {
                        let Some(country) = country else { return false };
                        if role == Role::Ncb && country == owner {
                            return true;
                        }
                        live && (country == owner || (recipients.includes(country) && restrictions.allows(country)))
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn cc(s: &str) -> CountryCode {
        CountryCode::parse("c", s).unwrap()
    }

    fn user(role: Role, country: Option<&str>) -> Viewer {
        Viewer::User { role, country: country.map(cc) }
    }

    fn notice<'a>(status: NoticeStatus, restrictions: &'a Restrictions, public: bool) -> AccessFacts<'a> {
        AccessFacts::Notice { owner: cc("FR"), colour: Colour::Red, status, restrictions, public_extract: public }
    }

    #[test]
    fn restricted_notices_stay_away_from_excluded_bureaus() {
        let only_de = Restrictions::OnlyTo(BTreeSet::from([cc("DE")]));
        let published = notice(NoticeStatus::Published, &only_de, false);
        assert!(may_read(&user(Role::Ncb, Some("FR")), &published), "owner");
        assert!(may_read(&user(Role::Ncb, Some("DE")), &published), "named country");
        assert!(may_read(&user(Role::Border, Some("DE")), &published));
        assert!(!may_read(&user(Role::Ncb, Some("IT")), &published), "not named");
        assert!(!may_read(&user(Role::Border, Some("IT")), &published));
        assert!(!may_read(&user(Role::Caseworker, Some("IT")), &published));
        let excl = Restrictions::Exclude(BTreeSet::from([cc("IT")]));
        assert!(!may_read(&user(Role::Ncb, Some("IT")), &notice(NoticeStatus::Published, &excl, false)));
        assert!(may_read(&user(Role::Ncb, Some("ES")), &notice(NoticeStatus::Published, &excl, false)));
    }

    #[test]
    fn unpublished_and_blocked_notices_are_for_the_owner_and_the_secretariat() {
        let none = Restrictions::None;
        for status in [
            NoticeStatus::Submitted,
            NoticeStatus::UnderReview,
            NoticeStatus::Refused,
            NoticeStatus::Blocked,
            NoticeStatus::Cancelled,
            NoticeStatus::Expired,
        ] {
            let facts = notice(status, &none, true);
            assert!(may_read(&user(Role::Ncb, Some("FR")), &facts));
            assert!(may_read(&user(Role::Reviewer, None), &facts));
            assert!(!may_read(&user(Role::Ncb, Some("DE")), &facts), "{status:?}");
            assert!(!may_read(&user(Role::Border, Some("FR")), &facts), "border reads only live data");
            assert!(!may_read(&Viewer::Public, &facts));
        }
        let deleted = notice(NoticeStatus::Deleted, &none, true);
        for role in Role::ALL {
            assert!(!may_read(&user(role, Some("FR")), &deleted));
        }
    }

    #[test]
    fn public_sees_only_agreed_extracts() {
        let none = Restrictions::None;
        assert!(may_read(&Viewer::Public, &notice(NoticeStatus::Published, &none, true)));
        assert!(!may_read(&Viewer::Public, &notice(NoticeStatus::Published, &none, false)));
        let blue = AccessFacts::Notice {
            owner: cc("FR"),
            colour: Colour::Blue,
            status: NoticeStatus::Published,
            restrictions: &none,
            public_extract: true,
        };
        assert!(!may_read(&Viewer::Public, &blue));
        assert!(!may_read(&user(Role::Admin, None), &notice(NoticeStatus::Published, &none, true)));
        assert!(!may_read(&user(Role::Subject, None), &notice(NoticeStatus::Published, &none, true)));
    }

    #[test]
    fn diffusions_reach_recipients_only_once_circulated() {
        let to_de = Recipients::Countries(BTreeSet::from([cc("DE")]));
        let none = Restrictions::None;
        let d = |status, circulated| AccessFacts::Diffusion {
            owner: cc("FR"),
            status,
            circulated,
            recipients: &to_de,
            restrictions: &none,
        };
        assert!(may_read(&user(Role::Ncb, Some("DE")), &d(DiffusionStatus::Circulated, true)));
        assert!(may_read(&user(Role::Border, Some("DE")), &d(DiffusionStatus::Confirmed, true)));
        assert!(!may_read(&user(Role::Ncb, Some("IT")), &d(DiffusionStatus::Circulated, true)), "not a recipient");
        assert!(!may_read(&user(Role::Ncb, Some("DE")), &d(DiffusionStatus::Withdrawn, true)));
        assert!(!may_read(&user(Role::Ncb, Some("DE")), &d(DiffusionStatus::Held, false)));
        assert!(!may_read(&user(Role::Ncb, Some("DE")), &d(DiffusionStatus::UnderReview, false)), "held, under review");
        assert!(may_read(&user(Role::Ncb, Some("FR")), &d(DiffusionStatus::Held, false)), "sender");
        assert!(!may_read(&Viewer::Public, &d(DiffusionStatus::Confirmed, true)));
    }
}
