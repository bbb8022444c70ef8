//! The outcome of a screening alert: after a hit, the country where the traveller was screened records
//! what its officer established (the traveller is the person the record seeks, is someone else, or it
//! could not be told) and what was done. An action taken although the alert carried a caution (the
//! country's own flag, a pending challenge, a refugee status…) is recorded with the cautions it departs
//! from, so that reviewers and the Commission see every such decision about a person with its reasons.

use crate::error::FieldError;

/// The longest reason kept: as long as a country flag's.
pub use crate::flag::MAX_REASON_CHARS;

/// What the officer established about the traveller (for a document alert: about the document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identification {
    /// The traveller is the person the record seeks (the document is the one reported).
    Confirmed,
    /// The traveller is someone else (the document only resembles the one reported).
    NotThePerson,
    /// It could not be established either way.
    Unresolved,
}

impl Identification {
    pub const ALL: [Self; 3] = [Self::Confirmed, Self::NotThePerson, Self::Unresolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::NotThePerson => "not_the_person",
            Self::Unresolved => "unresolved",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|i| i.as_str() == value).ok_or_else(|| one_of(field, &Self::ALL.map(Self::as_str)))
    }
}

/// What was done about the traveller after the hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitAction {
    /// Nothing: the traveller went on.
    None,
    /// The person's whereabouts were established (what a yellow or blue notice asks).
    Located,
    /// Provisional arrest, on a record that seeks arrest.
    Arrested,
    /// The traveller was refused entry.
    EntryRefused,
    /// A stolen, lost or revoked document was seized.
    DocumentSeized,
}

impl HitAction {
    pub const ALL: [Self; 5] = [Self::None, Self::Located, Self::Arrested, Self::EntryRefused, Self::DocumentSeized];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Located => "located",
            Self::Arrested => "arrested",
            Self::EntryRefused => "entry_refused",
            Self::DocumentSeized => "document_seized",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|a| a.as_str() == value).ok_or_else(|| one_of(field, &Self::ALL.map(Self::as_str)))
    }
}

fn one_of(field: &str, known: &[&str]) -> FieldError {
    FieldError::new(field, "unknown_value", format!("one of {}", known.join(", ")))
}

/// An alert's outcome as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertOutcome {
    pub identity: Identification,
    pub action: HitAction,
    /// How the identity was established and why this action (documents, fingerprints, the judicial
    /// authority that ordered an arrest…).
    pub reason: String,
    /// The cautions the alert carried that the action goes against, by safeguard code; empty when no
    /// action was taken or the alert carried none.
    pub departs_from: Vec<String>,
    /// The country where the traveller was screened, whose officer or bureau recorded it.
    pub country: crate::CountryCode,
    pub recorded_by: String,
    /// Milliseconds since the Unix epoch.
    pub recorded_at_ms: i64,
    /// 1 as first recorded; each correction adds one.
    pub revision: i64,
    /// The revisions this one corrected, oldest first (each with none of its own here).
    pub earlier: Vec<AlertOutcome>,
}

impl AlertOutcome {
    /// Whether recording `identity`, `action` and `reason` over this outcome would change nothing.
    pub fn restates(&self, identity: Identification, action: HitAction, reason: &str) -> bool {
        self.identity == identity && self.action == action && self.reason == reason
    }
}

/// What an alert is, as far as its outcome is concerned: what it was raised on and the safeguard codes
/// it carried.
#[derive(Debug, Clone, Copy)]
pub struct AlertFacts<'a> {
    /// `notice`, `diffusion` or `travel_document`.
    pub kind: &'a str,
    pub safeguard_codes: &'a [&'a str],
}

/// Safeguard codes that are not cautions against acting: the judicial review every arrest needs anyway,
/// a document reported (the alert's very subject), and codes of alerts raised before they were kept.
const NOT_CAUTIONS: [&str; 3] = ["judicial_review_required", "document_reported", "unrecorded"];

/// Checks an outcome against the alert it closes and returns the cautions the action departs from.
///
/// - An action is taken only on a confirmed identity.
/// - A document is seized only on a document alert, and a person is arrested or located only on a
///   notice or diffusion; an arrest only on a record that seeks arrest (its alert carries
///   `judicial_review_required`; alerts raised before codes were kept cannot tell, and are taken as
///   they are recorded).
pub fn check_outcome(
    alert: AlertFacts<'_>,
    identity: Identification,
    action: HitAction,
) -> Result<Vec<String>, FieldError> {
    if action != HitAction::None && identity != Identification::Confirmed {
        return Err(FieldError::new(
            "action",
            "identity_not_confirmed",
            "no action is taken on a traveller whose identity is not confirmed: record `none`",
        ));
    }
    let document = alert.kind == "travel_document";
    let codes = alert.safeguard_codes;
    match action {
        HitAction::DocumentSeized if !document => {
            return Err(FieldError::new("action", "not_a_document_alert", "a document is seized on a document alert"));
        }
        HitAction::Located | HitAction::Arrested if document => {
            return Err(FieldError::new(
                "action",
                "not_a_person_alert",
                "a document alert seeks the document, not its holder",
            ));
        }
        HitAction::Arrested if !codes.contains(&"unrecorded") && !codes.contains(&"judicial_review_required") => {
            return Err(FieldError::new(
                "action",
                "arrest_not_sought",
                "this record does not seek the person's arrest",
            ));
        }
        _ => {}
    }
    if action == HitAction::None {
        return Ok(Vec::new());
    }
    let mut departs: Vec<String> =
        codes.iter().filter(|c| !NOT_CAUTIONS.contains(c)).map(|c| (*c).to_owned()).collect();
    departs.dedup();
    Ok(departs)
}

/// The reason, trimmed and checked: required, and bounded.
pub fn outcome_reason(field: &str, reason: &str) -> Result<String, FieldError> {
    crate::error::clean_reason(
        field,
        reason,
        MAX_REASON_CHARS,
        "say how the identity was established and why this action was taken",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(kind: &'a str, codes: &'a [&'a str]) -> AlertFacts<'a> {
        AlertFacts { kind, safeguard_codes: codes }
    }

    #[test]
    fn codes_read_back_and_an_unknown_one_names_the_field_and_the_choices() {
        for i in Identification::ALL {
            assert_eq!(Identification::parse("identity", i.as_str()).unwrap(), i);
        }
        for a in HitAction::ALL {
            assert_eq!(HitAction::parse("action", a.as_str()).unwrap(), a);
        }
        let e = Identification::parse("identity", "Confirmed").unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("identity", "unknown_value"));
        assert!(e.message.contains("not_the_person"));
        assert_eq!(HitAction::parse("action", "detained").unwrap_err().field, "action");
    }

    #[test]
    fn an_arrest_on_a_record_seeking_it_departs_from_the_cautions_but_not_from_judicial_review() {
        let codes = ["judicial_review_required", "flagged_by_your_country", "under_challenge"];
        let departs = check_outcome(facts("notice", &codes), Identification::Confirmed, HitAction::Arrested).unwrap();
        assert_eq!(departs, vec!["flagged_by_your_country", "under_challenge"]);
        // Without cautions, nothing to depart from.
        let plain = check_outcome(facts("notice", &codes[..1]), Identification::Confirmed, HitAction::Arrested);
        assert_eq!(plain.unwrap(), Vec::<String>::new());
        // No action departs from nothing, whatever the alert carried.
        let none = check_outcome(facts("notice", &codes), Identification::Confirmed, HitAction::None).unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn no_action_on_an_identity_not_confirmed() {
        for identity in [Identification::NotThePerson, Identification::Unresolved] {
            for action in HitAction::ALL {
                let checked = check_outcome(facts("notice", &["judicial_review_required"]), identity, action);
                if action == HitAction::None {
                    assert!(checked.is_ok(), "{identity:?} with no action");
                } else {
                    let e = checked.unwrap_err();
                    assert_eq!((e.field.as_str(), e.code), ("action", "identity_not_confirmed"));
                }
            }
        }
    }

    #[test]
    fn each_action_on_the_alerts_it_fits_and_no_other() {
        let confirmed = Identification::Confirmed;
        let seeks = ["judicial_review_required"];
        let code = |kind: &str, codes: &[&str], action| {
            check_outcome(facts(kind, codes), confirmed, action).err().map(|e| e.code)
        };
        assert_eq!(code("notice", &seeks, HitAction::Arrested), None);
        assert_eq!(code("diffusion", &[], HitAction::Arrested), Some("arrest_not_sought"));
        assert_eq!(code("notice", &["under_challenge"], HitAction::Arrested), Some("arrest_not_sought"));
        // An alert raised before codes were kept cannot tell; the arrest is taken as recorded.
        assert_eq!(code("notice", &["unrecorded"], HitAction::Arrested), None);
        assert_eq!(code("diffusion", &[], HitAction::Located), None);
        assert_eq!(code("notice", &[], HitAction::EntryRefused), None);
        assert_eq!(code("notice", &seeks, HitAction::DocumentSeized), Some("not_a_document_alert"));
        let reported = ["document_reported"];
        assert_eq!(code("travel_document", &reported, HitAction::DocumentSeized), None);
        assert_eq!(code("travel_document", &reported, HitAction::EntryRefused), None);
        assert_eq!(code("travel_document", &reported, HitAction::Located), Some("not_a_person_alert"));
        assert_eq!(code("travel_document", &reported, HitAction::Arrested), Some("not_a_person_alert"));
        // Seizing a reported document departs from nothing.
        let seized = check_outcome(facts("travel_document", &reported), confirmed, HitAction::DocumentSeized);
        assert!(seized.unwrap().is_empty());
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert_eq!(outcome_reason("reason", " fingerprints match ").unwrap(), "fingerprints match");
        assert_eq!(outcome_reason("reason", " ").unwrap_err().code, "required");
        assert_eq!(outcome_reason("reason", &"x".repeat(MAX_REASON_CHARS + 1)).unwrap_err().code, "too_long");
    }
}
