//! article3's compliance review engine: explainable rules for Articles 2 and 3 of the Constitution,
//! RPD Article 83, the refugee policy and abuse patterns.
//!
//! Invariant: pure — no IO, no async, no wire formats. It implements `article3_domain::ReviewEngine`.
//! Thresholds and term lists are data (`data/rules/ruleset.txt`, parsed by [`RuleSet::parse`]), never code
//! constants; every evaluation records the version of the rule set it ran.
//! Rules report, they do not abort: odd input yields findings or nothing, never a panic.

mod money;
mod rules;
mod ruleset;
mod text;

use article3_domain::{Evaluation, Recommendation, ReviewEngine, ReviewInput, Severity};

pub use ruleset::{Currency, PoliticalEvent, RuleSet, RuleSetError, Term};

/// The rules whose blocking findings refuse a request without a person: the penalty thresholds (when the
/// requester claimed no particular importance) and the refugee policy. Every other finding goes to a
/// reviewer.
pub const MECHANICAL_RULES: &[&str] = &[article3_domain::PENALTY_THRESHOLD_RULE, "refugee.requester_is_country_fled"];

/// Why an evaluation refuses the request on its own, if it does: the mechanical rules' blocking findings.
pub fn mechanical_refusal(evaluation: &article3_domain::Evaluation) -> Option<String> {
    let reasons: Vec<String> = evaluation
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Block && MECHANICAL_RULES.contains(&f.rule_id.as_str()))
        .map(|f| format!("{} ({}): {}", f.rule_id, f.article, f.message))
        .collect();
    (!reasons.is_empty()).then(|| format!("Refused by the compliance rules without a person: {}", reasons.join(" ")))
}

/// The rule set shipped with article3.
pub const SHIPPED_RULESET: &str = include_str!("../../../data/rules/ruleset.txt");

/// Evaluates notice and diffusion requests against a [`RuleSet`].
#[derive(Debug, Clone)]
pub struct ComplianceEngine {
    rules: RuleSet,
}

impl ComplianceEngine {
    pub fn new(rules: RuleSet) -> Self {
        Self { rules }
    }

    /// The engine with the shipped rule set.
    pub fn shipped() -> Result<Self, RuleSetError> {
        RuleSet::parse(SHIPPED_RULESET).map(Self::new)
    }

    pub fn ruleset(&self) -> &RuleSet {
        &self.rules
    }
}

impl ReviewEngine for ComplianceEngine {
    fn evaluate(&self, input: &ReviewInput<'_>) -> Evaluation {
        let findings = rules::all(&self.rules, input);
        let recommendation = if findings.iter().any(|f| f.severity == Severity::Block) {
            Recommendation::Refuse
        } else if findings.iter().any(|f| f.severity == Severity::Refer) {
            Recommendation::Refer
        } else {
            Recommendation::Approve
        };
        let reasons = match recommendation {
            Recommendation::Refuse => findings
                .iter()
                .filter(|f| f.severity == Severity::Block)
                .map(|f| format!("{} ({}): {}", f.rule_id, f.article, f.message))
                .collect(),
            Recommendation::Refer => vec![format!(
                "{} finding(s) need a reviewer's judgement",
                findings.iter().filter(|f| f.severity == Severity::Refer).count()
            )],
            Recommendation::Approve => vec!["no rule found a reason to refuse or refer".to_owned()],
        };
        Evaluation { ruleset_version: self.rules.version.clone(), findings, recommendation, reasons }
    }
}
