//! Review: the interface the compliance engine fills (findings and a recommendation) and the decision a
//! reviewer records. The engine itself lives in the `rules` crate; until it is installed, [`NoEngine`]
//! reports no findings and leaves every decision to a person.

use crate::country::CountryCode;
use crate::diffusion::DiffusionPurpose;
use crate::notice::{Colour, JudicialData, Restrictions};
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

/// A request as the engine sees it. The context the engine will need (the requester's record, refugee
/// statuses, earlier requests on the same person) is added here by the compliance engine's own issue.
#[derive(Debug, Clone, Copy)]
pub struct ReviewInput<'a> {
    pub kind: ReviewKind,
    pub requesting_country: CountryCode,
    pub subject: &'a Subject,
    pub judicial: Option<&'a JudicialData>,
    pub restrictions: &'a Restrictions,
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
