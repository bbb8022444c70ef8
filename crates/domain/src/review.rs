//! Review: the interface the compliance engine fills (findings and a recommendation) and the decision a
//! reviewer records. The engine itself lives in the `rules` crate; until it is installed, [`NoEngine`]
//! reports no findings and leaves every decision to a person.

use time::Date;

use crate::challenge::ChallengeOutcome;
use crate::country::CountryCode;
use crate::diffusion::{DiffusionPurpose, DiffusionRequest};
use crate::notice::{Colour, JudicialData, NoticeRequest, Restrictions};
use crate::subject::Subject;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The request must not go through.
    Block,
    /// A person must look at it.
    Refer,
    /// Worth knowing; changes nothing by itself.
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Block => "block",
            Self::Refer => "refer",
            Self::Note => "note",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Block, Self::Refer, Self::Note].into_iter().find(|s| s.as_str() == value)
    }
}

/// A field and the value in it that made a rule fire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub field: String,
    pub value: String,
}

/// One rule's verdict on a request, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable rule identifier, e.g. `rpd83.penalty_threshold`.
    pub rule_id: String,
    /// The article or policy the rule implements, e.g. `RPD Art. 83(1)(a)(ii)`.
    pub article: String,
    pub severity: Severity,
    pub evidence: Vec<Evidence>,
    /// One plain sentence a reviewer can read.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recommendation {
    Approve,
    /// Refer to a person.
    Refer,
    Refuse,
}

impl Recommendation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Refer => "refer",
            Self::Refuse => "refuse",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Approve, Self::Refer, Self::Refuse].into_iter().find(|s| s.as_str() == value)
    }
}

/// What the engine says about one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The version of the rule set that ran, recorded with the review.
    pub ruleset_version: String,
    pub findings: Vec<Finding>,
    pub recommendation: Recommendation,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKind {
    Notice(Colour),
    Diffusion(DiffusionPurpose),
}

/// A request as the engine sees it, with the context the system holds around it.
#[derive(Debug, Clone, Copy)]
pub struct ReviewInput<'a> {
    pub kind: ReviewKind,
    pub requesting_country: CountryCode,
    pub subject: &'a Subject,
    pub judicial: Option<&'a JudicialData>,
    pub restrictions: &'a Restrictions,
    pub context: &'a ReviewContext,
}

impl<'a> ReviewInput<'a> {
    pub fn for_notice(request: &'a NoticeRequest, context: &'a ReviewContext) -> Self {
        Self {
            kind: ReviewKind::Notice(request.colour),
            requesting_country: request.requesting_country,
            subject: &request.subject,
            judicial: request.judicial.as_ref(),
            restrictions: &request.restrictions,
            context,
        }
    }

    pub fn for_diffusion(request: &'a DiffusionRequest, context: &'a ReviewContext) -> Self {
        Self {
            kind: ReviewKind::Diffusion(request.purpose),
            requesting_country: request.requesting_country,
            subject: &request.subject,
            judicial: request.judicial.as_ref(),
            restrictions: &request.restrictions,
            context,
        }
    }
}

/// What the system knows around a request when it arrives: gathered by the store, read by the rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewContext {
    /// When the request is evaluated (milliseconds since the Unix epoch); windows are measured from it.
    pub at_ms: i64,
    /// Refugee or asylum statuses recorded for this person by protecting countries.
    pub refugee_statuses: Vec<RefugeeStatus>,
    /// The requesting country's record.
    pub requester: RequesterRecord,
    /// Earlier notices and diffusions on this person, from any country.
    pub earlier: Vec<EarlierRequest>,
    /// Members that refused to extradite this person.
    pub extradition_refusals: Vec<ExtraditionRefusal>,
    /// Refugee statuses recorded for a person written otherwise whom the screening engine finds close to
    /// this subject (the keys behind `refugee_statuses` match identical spellings only).
    pub possible_refugee_statuses: Vec<PossibleRefugeeStatus>,
    /// Extradition refusals recorded for a person written otherwise whom the screening engine finds
    /// close to this subject.
    pub possible_extradition_refusals: Vec<PossibleExtraditionRefusal>,
}

/// An extradition refusal about a person who may be the subject written another way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PossibleExtraditionRefusal {
    pub refusal: ExtraditionRefusal,
    /// How close the two are, in thousandths of the screening score.
    pub score_thousandths: u32,
}

/// A refugee status of a person who may be the subject written another way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PossibleRefugeeStatus {
    pub status: RefugeeStatus,
    /// How close the two are, in thousandths of the screening score. How the names compared is not
    /// carried: the requesting bureau reads its findings, and the asylum file's spelling is not its to read.
    pub score_thousandths: u32,
}

/// Another member's position on the person: it refused to extradite them to a requesting state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraditionRefusal {
    pub id: String,
    pub requesting_country: CountryCode,
    pub refusing_country: CountryCode,
    pub refused_on: Date,
    pub grounds: String,
}

/// A confirmed refugee or asylum status. The protecting country is confidential: rules may use it, but
/// never show it to the requesting country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefugeeStatus {
    pub id: String,
    /// The country the person fled (where they fear persecution).
    pub fled_from: CountryCode,
    pub protecting_country: CountryCode,
    pub granted_on: Date,
}

/// How a requesting country's past requests fared, and any corrective measure against it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequesterRecord {
    /// Notice requests decided by a reviewer.
    pub decided: u32,
    pub refused: u32,
    /// Notices the Commission deleted.
    pub deleted: u32,
    pub corrective_measure: Option<CorrectiveMeasure>,
    /// Due-process concerns recorded against the requesting state, each with its source.
    pub due_process_concerns: Vec<DueProcessConcern>,
}

/// A sourced concern about fair trial or due process in a requesting state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueProcessConcern {
    pub concern: String,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectiveMeasure {
    /// Every request goes to a person; diffusions are held until reviewed.
    EnhancedReview,
    /// The member may not request certain kinds of data.
    Restriction,
    /// The member may not request at all.
    Suspension,
}

impl CorrectiveMeasure {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EnhancedReview => "enhanced_review",
            Self::Restriction => "restriction",
            Self::Suspension => "suspension",
        }
    }
}

/// An earlier request on the same person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierRequest {
    /// `notice` or `diffusion`.
    pub kind: String,
    pub id: String,
    pub requesting_country: CountryCode,
    pub status: String,
    /// Milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    /// The Commission deleted it (the record survives only as this trace).
    pub deleted_by_commission: bool,
    /// The record of the country that made it (decided and refused requests), so that rules can see
    /// states with poor records backing each other.
    pub requester_decided: u32,
    pub requester_refused: u32,
    /// Member countries that flagged it: they will not act on it on their territory. Confidential to the
    /// rules and the reviewers; the requesting country is never told who.
    pub flagged_by: Vec<CountryCode>,
    /// Challenges the person brought against it before the Commission, pending or decided (never their
    /// grounds, which stay with the Commission).
    pub challenges: Vec<EarlierChallenge>,
    /// How it was found to be about the same person.
    pub matched: EarlierMatch,
}

/// How an earlier request was found to concern the person a new one is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EarlierMatch {
    /// The identity keys agree: a document, or every word of a name with a year of birth.
    #[default]
    Exact,
    /// A name written otherwise: the screening engine compared the two subjects and scored them this
    /// close, in thousandths. Only the score is carried: the requesting bureau reads the findings, and
    /// another country's spelling is not its to read.
    Possible { score_thousandths: u32 },
    /// Data the Commission deleted: only its keys remain, and a name that sounds alike (each word's
    /// spelling with its vowels dropped, or its dictionary name) agrees with a year of birth. Nothing
    /// further can be compared.
    SoundsAlike,
}

impl EarlierMatch {
    /// For evidence: `exact`, `possible (score 0.870)`, `sounds alike (deleted data: keys only)`.
    pub fn describe(self) -> String {
        match self {
            Self::Exact => "exact".to_owned(),
            Self::Possible { score_thousandths } => {
                format!("possible: another spelling, scored {:.3}", f64::from(score_thousandths) / 1000.0)
            }
            Self::SoundsAlike => {
                "possible: the name sounds alike and a year of birth agrees (deleted data: keys only)".to_owned()
            }
        }
    }
}

/// A challenge before the Commission against an earlier request: its file, the day it was lodged, and
/// the outcome once decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierChallenge {
    pub reference: String,
    pub lodged_on: Date,
    pub outcome: Option<ChallengeOutcome>,
}

/// Evaluates requests. Pure: no IO, never panics on odd input, reports instead of aborting.
pub trait ReviewEngine: Send + Sync {
    fn evaluate(&self, input: &ReviewInput<'_>) -> Evaluation;
}

/// The engine in place until the compliance rules are installed: no findings, a person decides.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoEngine;

impl ReviewEngine for NoEngine {
    fn evaluate(&self, _input: &ReviewInput<'_>) -> Evaluation {
        Evaluation {
            ruleset_version: "none".to_owned(),
            findings: Vec::new(),
            recommendation: Recommendation::Refer,
            reasons: vec!["no compliance rules are installed; a reviewer decides".to_owned()],
        }
    }
}

/// The rule whose finding marks a request below the penalty thresholds (RPD Art. 83): publishing such a
/// request needs a reviewer's explicit "particular importance" override.
pub const PENALTY_THRESHOLD_RULE: &str = "rpd83.penalty_threshold";

/// A reviewer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Publish a notice, or confirm a diffusion.
    Approve,
    /// Refuse a notice, or withdraw a diffusion.
    Refuse,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Refuse => "refuse",
        }
    }
}
