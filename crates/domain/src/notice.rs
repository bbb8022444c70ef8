//! Notices: colours, judicial data, access restrictions, the request a bureau submits, and the lifecycle.

use std::collections::BTreeSet;

use time::Date;

use crate::country::{CountryCode, CountryRegistry};
use crate::error::{FieldError, TransitionError, clean_text};
use crate::subject::Subject;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Colour {
    Red,
    Blue,
    Green,
    Yellow,
    Black,
    Orange,
    Purple,
    /// INTERPOL–United Nations Security Council Special Notice.
    UnSpecial,
}

impl Colour {
    pub const ALL: [Self; 8] =
        [Self::Red, Self::Blue, Self::Green, Self::Yellow, Self::Black, Self::Orange, Self::Purple, Self::UnSpecial];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Red => "red",
            Self::Blue => "blue",
            Self::Green => "green",
            Self::Yellow => "yellow",
            Self::Black => "black",
            Self::Orange => "orange",
            Self::Purple => "purple",
            Self::UnSpecial => "un_special",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|c| c.as_str() == value.trim()).ok_or_else(|| {
            FieldError::new(
                field,
                "invalid_value",
                "expected red, blue, green, yellow, black, orange, purple or un_special",
            )
        })
    }

    /// What the colour asks of the countries that receive it.
    pub fn purpose(self) -> &'static str {
        match self {
            Self::Red => "locate and provisionally arrest pending extradition or similar lawful action",
            Self::Blue => "collect information about a person's identity, location or activities",
            Self::Green => "warn about a person's criminal activities",
            Self::Yellow => "locate a missing person or identify a person unable to identify themselves",
            Self::Black => "identify an unidentified body",
            Self::Orange => "warn of a serious and imminent threat to public safety",
            Self::Purple => "share modus operandi, objects, devices and concealment methods",
            Self::UnSpecial => "alert to persons subject to UN Security Council sanctions",
        }
    }

    /// Colours whose published notices may have an extract on the public pages.
    pub fn may_be_public(self) -> bool {
        matches!(self, Self::Red | Self::Yellow | Self::UnSpecial)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Prosecution,
    /// Serving a sentence already imposed.
    Sentence,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Prosecution => "prosecution",
            Self::Sentence => "sentence",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        match value.trim() {
            "prosecution" => Ok(Self::Prosecution),
            "sentence" => Ok(Self::Sentence),
            _ => Err(FieldError::new(field, "invalid_value", "expected prosecution or sentence")),
        }
    }
}

/// The arrest warrant or judicial decision with the same effect that the request rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warrant {
    pub reference: String,
    pub issued_on: Date,
    pub issuing_authority: String,
}

impl Warrant {
    pub fn new(reference: &str, issued_on: Date, issuing_authority: &str, today: Date) -> Result<Self, FieldError> {
        let reference = clean_text("reference", reference, 200)?;
        let issuing_authority = clean_text("issuing_authority", issuing_authority, 300)?;
        if issued_on > today {
            return Err(FieldError::new("issued_on", "impossible_date", "a warrant cannot be issued in the future"));
        }
        Ok(Self { reference, issued_on, issuing_authority })
    }
}

/// The heaviest penalty the law provides for a charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxPenalty {
    Months(u32),
    LifeImprisonment,
    Death,
}

impl MaxPenalty {
    /// For threshold comparisons: life and death count as longer than any term.
    pub fn months(self) -> u32 {
        match self {
            Self::Months(m) => m,
            Self::LifeImprisonment | Self::Death => u32::MAX,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// The offence as charged, in the requesting country's words (any language).
    pub description: String,
    /// The provision of law that defines it (e.g. "Criminal Code art. 159(4)").
    pub legal_provision: String,
    pub max_penalty: Option<MaxPenalty>,
    pub sentence_imposed_months: Option<u32>,
    pub sentence_remaining_months: Option<u32>,
}

impl Charge {
    pub fn new(
        description: &str,
        legal_provision: &str,
        max_penalty: Option<MaxPenalty>,
        sentence_imposed_months: Option<u32>,
        sentence_remaining_months: Option<u32>,
    ) -> Result<Self, FieldError> {
        let description = clean_text("description", description, 1000)?;
        let legal_provision = clean_text("legal_provision", legal_provision, 300)?;
        if let Some(MaxPenalty::Months(0)) = max_penalty {
            return Err(FieldError::new("max_penalty_months", "out_of_range", "a maximum penalty must be positive"));
        }
        Ok(Self { description, legal_provision, max_penalty, sentence_imposed_months, sentence_remaining_months })
    }
}

/// The judicial basis a red notice (or an arrest diffusion) requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudicialData {
    pub purpose: Purpose,
    pub warrant: Warrant,
    pub charges: Vec<Charge>,
    /// Who, what, when, where and how: the person's concrete criminal conduct.
    pub facts_summary: String,
    /// Fields the source did not state, for data migrated from a system that did not keep them
    /// (e.g. `charges[0].legal_provision`). Always empty for requests made through article3.
    pub missing: Vec<String>,
    /// The requester's reasons why the request is of particular importance to international police
    /// cooperation, asked for when it falls below the penalty thresholds (RPD Art. 83).
    pub particular_importance: Option<String>,
    /// For a sentence: whether the judgment was given in the person's absence, and whether a retrial is
    /// guaranteed on surrender (Constitution Art. 2; fair-trial standards).
    pub in_absentia: Option<InAbsentia>,
}

/// A judgment given in the person's absence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InAbsentia {
    /// `Some(true)`: the requester guarantees a retrial on surrender; `Some(false)`: it does not; `None`:
    /// the request does not say.
    pub retrial_guaranteed: Option<bool>,
}

impl JudicialData {
    /// Checks that the charges carry what the purpose needs: a maximum penalty for prosecution;
    /// the sentence imposed and the part left to serve for a sentence.
    pub fn new(
        purpose: Purpose,
        warrant: Warrant,
        charges: Vec<Charge>,
        facts_summary: &str,
    ) -> Result<Self, FieldError> {
        if charges.is_empty() {
            return Err(FieldError::new("charges", "required", "at least one charge is required"));
        }
        if charges.len() > 50 {
            return Err(FieldError::new("charges", "too_many", "at most 50 charges"));
        }
        for (i, c) in charges.iter().enumerate() {
            let at = |f: &str| format!("charges[{i}].{f}");
            match purpose {
                Purpose::Prosecution => {
                    if c.max_penalty.is_none() {
                        return Err(FieldError::new(
                            at("max_penalty_months"),
                            "required",
                            "a prosecution needs the maximum penalty the law provides for each charge",
                        ));
                    }
                    if c.sentence_imposed_months.is_some() || c.sentence_remaining_months.is_some() {
                        return Err(FieldError::new(
                            at("sentence_imposed_months"),
                            "inconsistent",
                            "a request for prosecution cannot carry a sentence; use purpose 'sentence'",
                        ));
                    }
                }
                Purpose::Sentence => {
                    let Some(imposed) = c.sentence_imposed_months else {
                        return Err(FieldError::new(
                            at("sentence_imposed_months"),
                            "required",
                            "a request to serve a sentence needs the sentence imposed",
                        ));
                    };
                    let Some(remaining) = c.sentence_remaining_months else {
                        return Err(FieldError::new(
                            at("sentence_remaining_months"),
                            "required",
                            "a request to serve a sentence needs the part left to serve",
                        ));
                    };
                    if imposed == 0 {
                        return Err(FieldError::new(at("sentence_imposed_months"), "out_of_range", "must be positive"));
                    }
                    if remaining > imposed {
                        return Err(FieldError::new(
                            at("sentence_remaining_months"),
                            "inconsistent",
                            "more cannot be left to serve than was imposed",
                        ));
                    }
                    if let Some(max) = c.max_penalty
                        && imposed > max.months()
                    {
                        return Err(FieldError::new(
                            at("sentence_imposed_months"),
                            "inconsistent",
                            "the sentence imposed exceeds the maximum penalty given",
                        ));
                    }
                }
            }
        }
        let facts_summary = clean_text("facts_summary", facts_summary, 10_000)?;
        Ok(Self {
            purpose,
            warrant,
            charges,
            facts_summary,
            missing: Vec::new(),
            particular_importance: None,
            in_absentia: None,
        })
    }

    /// Records that the judgment was given in absentia; only a sentence has a judgment.
    pub fn with_in_absentia(mut self, in_absentia: Option<InAbsentia>) -> Result<Self, FieldError> {
        if in_absentia.is_some() && self.purpose != Purpose::Sentence {
            return Err(FieldError::new(
                "in_absentia",
                "inconsistent",
                "only a request to serve a sentence rests on a judgment that may have been given in absentia",
            ));
        }
        self.in_absentia = in_absentia;
        Ok(self)
    }

    /// Adds the requester's reasons for treating the request as of particular importance.
    pub fn with_particular_importance(mut self, reasons: Option<&str>) -> Result<Self, FieldError> {
        self.particular_importance = crate::error::clean_optional("particular_importance", reasons, 5_000)?;
        Ok(self)
    }

    /// Judicial data carried over from an existing system that kept only the charges: what the source
    /// did not state is named in `missing`, never invented, so review and screening can show it.
    pub fn migrated(
        charges: &[String],
        issuing_country: CountryCode,
        source_reference: &str,
        year_issued: Option<i32>,
    ) -> Result<Self, FieldError> {
        let charges = charges
            .iter()
            .enumerate()
            .map(|(i, c)| {
                Ok(Charge {
                    description: clean_text(&format!("charges[{i}]"), c, 1000)?,
                    legal_provision: "not stated in source".to_owned(),
                    max_penalty: None,
                    sentence_imposed_months: None,
                    sentence_remaining_months: None,
                })
            })
            .collect::<Result<Vec<_>, FieldError>>()?;
        if charges.is_empty() {
            return Err(FieldError::new("charges", "required", "at least one charge is required"));
        }
        let issued_on = year_issued
            .and_then(|y| Date::from_calendar_date(y, time::Month::January, 1).ok())
            .unwrap_or(time::macros::date!(1900 - 01 - 01));
        let mut missing = vec![
            "warrant.reference".to_owned(),
            "warrant.issued_on".to_owned(),
            "warrant.issuing_authority".to_owned(),
        ];
        for i in 0..charges.len() {
            missing.push(format!("charges[{i}].legal_provision"));
            missing.push(format!("charges[{i}].max_penalty_months"));
        }
        missing.push("facts_summary".to_owned());
        Ok(Self {
            purpose: Purpose::Prosecution,
            warrant: Warrant {
                reference: format!("not stated in source (record {})", source_reference.trim()),
                issued_on,
                issuing_authority: format!("judicial authority of {issuing_country} (not stated in source)"),
            },
            charges,
            facts_summary: "not stated in source".to_owned(),
            missing,
            particular_importance: None,
            in_absentia: None,
        })
    }
}

/// Which countries may see a record, as the requesting bureau decided.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Restrictions {
    #[default]
    None,
    /// Only these countries (besides the requester) may see it.
    OnlyTo(BTreeSet<CountryCode>),
    /// Every country except these.
    Exclude(BTreeSet<CountryCode>),
}

impl Restrictions {
    pub fn mode(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::OnlyTo(_) => "only",
            Self::Exclude(_) => "exclude",
        }
    }

    pub fn countries(&self) -> Option<&BTreeSet<CountryCode>> {
        match self {
            Self::None => None,
            Self::OnlyTo(c) | Self::Exclude(c) => Some(c),
        }
    }

    /// Builds restrictions from a mode and a list, checking them against the requester.
    pub fn new(mode: &str, countries: BTreeSet<CountryCode>, requester: CountryCode) -> Result<Self, FieldError> {
        let restrictions = match mode.trim() {
            "none" | "" if countries.is_empty() => Self::None,
            "none" | "" => {
                return Err(FieldError::new("countries", "inconsistent", "countries were listed but mode is none"));
            }
            "only" => Self::OnlyTo(countries),
            "exclude" => Self::Exclude(countries),
            _ => {
                return Err(FieldError::new("mode", "invalid_value", "expected none, only or exclude"));
            }
        };
        match &restrictions {
            Self::OnlyTo(c) | Self::Exclude(c) if c.is_empty() => {
                Err(FieldError::new("countries", "required", "name at least one country"))
            }
            Self::Exclude(c) if c.contains(&requester) => {
                Err(FieldError::new("countries", "inconsistent", "the requesting country cannot exclude itself"))
            }
            _ => Ok(restrictions),
        }
    }

    /// Whether a country other than the requester may see the record.
    pub fn allows(&self, country: CountryCode) -> bool {
        match self {
            Self::None => true,
            Self::OnlyTo(c) => c.contains(&country),
            Self::Exclude(c) => !c.contains(&country),
        }
    }
}

/// What a bureau asks to be published, validated and ready for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeRequest {
    pub colour: Colour,
    pub requesting_country: CountryCode,
    pub subject: Subject,
    pub judicial: Option<JudicialData>,
    pub restrictions: Restrictions,
    /// The requester agrees to an extract on the public pages once published.
    pub public_extract: bool,
}

impl NoticeRequest {
    pub fn new(
        registry: &CountryRegistry,
        colour: Colour,
        requesting_country: CountryCode,
        subject: Subject,
        judicial: Option<JudicialData>,
        restrictions: Restrictions,
        public_extract: bool,
    ) -> Result<Self, FieldError> {
        if !registry.get(requesting_country).is_some_and(|c| c.status.may_request()) {
            return Err(FieldError::new(
                "requesting_country",
                "not_a_member",
                format!("{requesting_country} has no bureau that may request notices"),
            ));
        }
        if colour == Colour::Red && judicial.is_none() {
            return Err(FieldError::new(
                "judicial",
                "required",
                "a red notice requires judicial data: purpose, warrant, charges and a facts summary",
            ));
        }
        if public_extract && !colour.may_be_public() {
            return Err(FieldError::new(
                "public_extract",
                "inconsistent",
                format!("{} notices have no public extract", colour.as_str()),
            ));
        }
        if public_extract && restrictions != Restrictions::None {
            return Err(FieldError::new(
                "public_extract",
                "inconsistent",
                "a notice with access restrictions cannot also be shown on the public pages",
            ));
        }
        Ok(Self { colour, requesting_country, subject, judicial, restrictions, public_extract })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeStatus {
    Submitted,
    UnderReview,
    Published,
    Refused,
    Blocked,
    Deleted,
    Cancelled,
    Expired,
}

impl NoticeStatus {
    pub const ALL: [Self; 8] = [
        Self::Submitted,
        Self::UnderReview,
        Self::Published,
        Self::Refused,
        Self::Blocked,
        Self::Deleted,
        Self::Cancelled,
        Self::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::UnderReview => "under_review",
            Self::Published => "published",
            Self::Refused => "refused",
            Self::Blocked => "blocked",
            Self::Deleted => "deleted",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|s| s.as_str() == value.trim()).ok_or_else(|| {
            FieldError::new(
                field,
                "invalid_value",
                "expected one of submitted, under_review, published, refused, blocked, deleted, cancelled, expired",
            )
        })
    }

    /// The lifecycle: `submitted → under_review → published | refused`; `published → blocked →
    /// published | deleted`; `published → cancelled`; `published → expired`; a published notice may be
    /// renewed (it stays published with a new retention date).
    pub fn apply(self, action: NoticeAction) -> Result<Self, TransitionError> {
        use NoticeAction as A;
        use NoticeStatus as S;
        let next = match (self, action) {
            (S::Submitted, A::StartReview) => S::UnderReview,
            (S::UnderReview, A::Approve) => S::Published,
            (S::UnderReview, A::Refuse) => S::Refused,
            (S::Published, A::Block) => S::Blocked,
            (S::Blocked, A::Unblock) => S::Published,
            (S::Blocked, A::Delete) => S::Deleted,
            (S::Published, A::Cancel) => S::Cancelled,
            (S::Published, A::Expire) => S::Expired,
            (S::Published, A::Renew) => S::Published,
            _ => {
                return Err(TransitionError { kind: "notice", from: self.as_str(), action: action.as_str() });
            }
        };
        Ok(next)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeAction {
    StartReview,
    Approve,
    Refuse,
    Block,
    Unblock,
    Delete,
    Cancel,
    Expire,
    Renew,
}

impl NoticeAction {
    pub const ALL: [Self; 9] = [
        Self::StartReview,
        Self::Approve,
        Self::Refuse,
        Self::Block,
        Self::Unblock,
        Self::Delete,
        Self::Cancel,
        Self::Expire,
        Self::Renew,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::StartReview => "start_review",
            Self::Approve => "approve",
            Self::Refuse => "refuse",
            Self::Block => "block",
            Self::Unblock => "unblock",
            Self::Delete => "delete",
            Self::Cancel => "cancel",
            Self::Expire => "expire",
            Self::Renew => "renew",
        }
    }

    /// Whether the step must carry a written reason.
    pub fn needs_reason(self) -> bool {
        !matches!(self, Self::StartReview | Self::Expire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn warrant() -> Warrant {
        Warrant::new("W-1", date!(2025 - 01 - 10), "Court of First Instance", date!(2026 - 11 - 21)).unwrap()
    }

    fn charge(max: Option<MaxPenalty>, imposed: Option<u32>, remaining: Option<u32>) -> Charge {
        Charge::new("Fraud", "Penal Code art. 313", max, imposed, remaining).unwrap()
    }

    #[test]
    fn lifecycle_allows_exactly_the_designed_steps() {
        use NoticeAction as A;
        use NoticeStatus as S;
        let allowed: &[(S, A, S)] = &[
            (S::Submitted, A::StartReview, S::UnderReview),
            (S::UnderReview, A::Approve, S::Published),
            (S::UnderReview, A::Refuse, S::Refused),
            (S::Published, A::Block, S::Blocked),
            (S::Blocked, A::Unblock, S::Published),
            (S::Blocked, A::Delete, S::Deleted),
            (S::Published, A::Cancel, S::Cancelled),
            (S::Published, A::Expire, S::Expired),
            (S::Published, A::Renew, S::Published),
        ];
        for from in S::ALL {
            for action in A::ALL {
                let expected = allowed.iter().find(|(f, a, _)| *f == from && *a == action).map(|(_, _, to)| *to);
                assert_eq!(from.apply(action).ok(), expected, "{} + {}", from.as_str(), action.as_str());
            }
        }
        let err = S::Submitted.apply(A::Approve).unwrap_err();
        assert_eq!(err.to_string(), "cannot approve a notice that is submitted");
    }

    #[test]
    fn prosecution_needs_a_maximum_penalty_and_no_sentence() {
        let err =
            JudicialData::new(Purpose::Prosecution, warrant(), vec![charge(None, None, None)], "facts").unwrap_err();
        assert_eq!(err.field, "charges[0].max_penalty_months");
        let err = JudicialData::new(
            Purpose::Prosecution,
            warrant(),
            vec![charge(Some(MaxPenalty::Months(60)), Some(12), Some(6))],
            "facts",
        )
        .unwrap_err();
        assert_eq!(err.code, "inconsistent");
        assert!(
            JudicialData::new(
                Purpose::Prosecution,
                warrant(),
                vec![charge(Some(MaxPenalty::Months(60)), None, None)],
                "facts"
            )
            .is_ok()
        );
    }

    #[test]
    fn sentence_needs_imposed_and_remaining_consistently() {
        let err = JudicialData::new(Purpose::Sentence, warrant(), vec![charge(None, Some(24), None)], "f").unwrap_err();
        assert_eq!(err.field, "charges[0].sentence_remaining_months");
        let err =
            JudicialData::new(Purpose::Sentence, warrant(), vec![charge(None, Some(24), Some(30))], "f").unwrap_err();
        assert_eq!(err.code, "inconsistent");
        let err = JudicialData::new(
            Purpose::Sentence,
            warrant(),
            vec![charge(Some(MaxPenalty::Months(12)), Some(24), Some(3))],
            "f",
        )
        .unwrap_err();
        assert_eq!(err.field, "charges[0].sentence_imposed_months");
        assert!(JudicialData::new(Purpose::Sentence, warrant(), vec![charge(None, Some(24), Some(24))], "f").is_ok());
        let err = JudicialData::new(Purpose::Sentence, warrant(), vec![], "f").unwrap_err();
        assert_eq!(err.field, "charges");
    }

    #[test]
    fn warrants_cannot_come_from_the_future() {
        let err = Warrant::new("W", date!(2026 - 11 - 22), "Court", date!(2026 - 11 - 21)).unwrap_err();
        assert_eq!(err.field, "issued_on");
    }

    #[test]
    fn restrictions_are_checked_against_the_requester() {
        let fr = CountryCode::parse("c", "FR").unwrap();
        let de = CountryCode::parse("c", "DE").unwrap();
        let only = Restrictions::new("only", BTreeSet::from([de]), fr).unwrap();
        assert!(only.allows(de) && !only.allows(CountryCode::parse("c", "IT").unwrap()));
        let excl = Restrictions::new("exclude", BTreeSet::from([de]), fr).unwrap();
        assert!(!excl.allows(de));
        assert_eq!(Restrictions::new("exclude", BTreeSet::from([fr]), fr).unwrap_err().code, "inconsistent");
        assert_eq!(Restrictions::new("only", BTreeSet::new(), fr).unwrap_err().field, "countries");
        assert_eq!(Restrictions::new("some", BTreeSet::new(), fr).unwrap_err().field, "mode");
    }
}
