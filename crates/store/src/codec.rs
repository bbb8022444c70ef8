//! How domain values are written into, and read back from, the JSON document columns. The shapes here
//! are the store's own, versioned with the migrations; they are not the HTTP API's.

use std::collections::BTreeSet;

use article3_domain::{
    BirthDate, Charge, CountryCode, DocumentKind, Evaluation, Evidence, Finding, IdentityDocument, JudicialData,
    MaxPenalty, NameKind, PersonName, PublicRole, Purpose, Recommendation, Severity, Sex, Subject, Warrant,
};
use serde::{Deserialize, Serialize};
use time::{Date, format_description::well_known::Iso8601};

use crate::StoreError;

#[derive(Serialize, Deserialize)]
struct SubjectDoc {
    names: Vec<NameDoc>,
    birth_dates: Vec<String>,
    sex: String,
    nationalities: Vec<String>,
    documents: Vec<DocumentDoc>,
    occupation: Option<String>,
    public_role: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct NameDoc {
    kind: String,
    full: String,
    given: Option<String>,
    family: Option<String>,
    patronymic: Option<String>,
    script: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct DocumentDoc {
    kind: String,
    number: String,
    issuing_country: String,
}

#[derive(Serialize, Deserialize)]
struct JudicialDoc {
    purpose: String,
    warrant_reference: String,
    warrant_issued_on: String,
    warrant_issuing_authority: String,
    charges: Vec<ChargeDoc>,
    facts_summary: String,
    #[serde(default)]
    missing: Vec<String>,
    #[serde(default)]
    particular_importance: Option<String>,
    #[serde(default)]
    in_absentia: bool,
    #[serde(default)]
    retrial_guaranteed: Option<bool>,
}

#[derive(Serialize, Deserialize)]
struct ChargeDoc {
    description: String,
    legal_provision: String,
    max_penalty_months: Option<u32>,
    max_penalty_kind: Option<String>,
    sentence_imposed_months: Option<u32>,
    sentence_remaining_months: Option<u32>,
}

#[derive(Serialize, Deserialize)]
struct EvaluationDoc {
    findings: Vec<FindingDoc>,
    reasons: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct FindingDoc {
    rule_id: String,
    article: String,
    severity: String,
    evidence: Vec<(String, String)>,
    message: String,
}

pub(crate) fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn to_json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| corrupt("encoding a document", e))
}

pub(crate) fn date_string(d: Date) -> String {
    article3_domain::iso_date(d)
}

/// A date column written by `date_string`.
pub(crate) fn parse_date_string(column: &str, value: &str) -> Result<Date, StoreError> {
    Date::parse(value, &time::format_description::well_known::Iso8601::DATE).map_err(|e| corrupt(column, e))
}

fn parse_code(s: &str) -> Result<CountryCode, StoreError> {
    CountryCode::parse("country", s).map_err(|e| corrupt("country code", e))
}

pub(crate) fn encode_subject(s: &Subject) -> Result<String, StoreError> {
    to_json(&SubjectDoc {
        names: s
            .names
            .iter()
            .map(|n| NameDoc {
                kind: n.kind.as_str().to_owned(),
                full: n.full.clone(),
                given: n.given.clone(),
                family: n.family.clone(),
                patronymic: n.patronymic.clone(),
                script: n.script.clone(),
            })
            .collect(),
        birth_dates: s.birth_dates.iter().map(ToString::to_string).collect(),
        sex: s.sex.as_str().to_owned(),
        nationalities: s.nationalities.iter().map(ToString::to_string).collect(),
        documents: s
            .documents
            .iter()
            .map(|d| DocumentDoc {
                kind: d.kind.as_str().to_owned(),
                number: d.number.clone(),
                issuing_country: d.issuing_country.to_string(),
            })
            .collect(),
        occupation: s.occupation.clone(),
        public_role: s.public_role.map(|r| r.as_str().to_owned()),
    })
}

pub(crate) fn decode_subject(text: &str) -> Result<Subject, StoreError> {
    let doc: SubjectDoc = serde_json::from_str(text).map_err(|e| corrupt("subject document", e))?;
    let names = doc
        .names
        .into_iter()
        .map(|n| {
            Ok(PersonName {
                kind: NameKind::parse("kind", &n.kind).map_err(|e| corrupt("name kind", e))?,
                full: n.full,
                given: n.given,
                family: n.family,
                patronymic: n.patronymic,
                script: n.script,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let birth_dates = doc
        .birth_dates
        .iter()
        .map(|b| BirthDate::parse("birth_date", b, Date::MAX).map_err(|e| corrupt("birth date", e)))
        .collect::<Result<Vec<_>, _>>()?;
    let nationalities = doc.nationalities.iter().map(|c| parse_code(c)).collect::<Result<BTreeSet<_>, _>>()?;
    let documents = doc
        .documents
        .into_iter()
        .map(|d| {
            Ok(IdentityDocument {
                kind: DocumentKind::parse("kind", &d.kind).map_err(|e| corrupt("document kind", e))?,
                number: d.number,
                issuing_country: parse_code(&d.issuing_country)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Subject {
        names,
        birth_dates,
        sex: Sex::parse("sex", &doc.sex).map_err(|e| corrupt("sex", e))?,
        nationalities,
        documents,
        occupation: doc.occupation,
        public_role: doc
            .public_role
            .map(|r| PublicRole::parse("public_role", &r).map_err(|e| corrupt("public role", e)))
            .transpose()?,
    })
}

pub(crate) fn encode_judicial(j: &JudicialData) -> Result<String, StoreError> {
    to_json(&JudicialDoc {
        purpose: j.purpose.as_str().to_owned(),
        warrant_reference: j.warrant.reference.clone(),
        warrant_issued_on: date_string(j.warrant.issued_on),
        warrant_issuing_authority: j.warrant.issuing_authority.clone(),
        charges: j
            .charges
            .iter()
            .map(|c| ChargeDoc {
                description: c.description.clone(),
                legal_provision: c.legal_provision.clone(),
                max_penalty_months: match c.max_penalty {
                    Some(MaxPenalty::Months(m)) => Some(m),
                    _ => None,
                },
                max_penalty_kind: match c.max_penalty {
                    Some(MaxPenalty::LifeImprisonment) => Some("life".to_owned()),
                    Some(MaxPenalty::Death) => Some("death".to_owned()),
                    _ => None,
                },
                sentence_imposed_months: c.sentence_imposed_months,
                sentence_remaining_months: c.sentence_remaining_months,
            })
            .collect(),
        facts_summary: j.facts_summary.clone(),
        missing: j.missing.clone(),
        particular_importance: j.particular_importance.clone(),
        in_absentia: j.in_absentia.is_some(),
        retrial_guaranteed: j.in_absentia.and_then(|a| a.retrial_guaranteed),
    })
}

pub(crate) fn decode_judicial(text: &str) -> Result<JudicialData, StoreError> {
    let doc: JudicialDoc = serde_json::from_str(text).map_err(|e| corrupt("judicial document", e))?;
    let issued_on = Date::parse(&doc.warrant_issued_on, &Iso8601::DEFAULT).map_err(|e| corrupt("warrant date", e))?;
    Ok(JudicialData {
        purpose: Purpose::parse("purpose", &doc.purpose).map_err(|e| corrupt("purpose", e))?,
        warrant: Warrant {
            reference: doc.warrant_reference,
            issued_on,
            issuing_authority: doc.warrant_issuing_authority,
        },
        charges: doc
            .charges
            .into_iter()
            .map(|c| Charge {
                description: c.description,
                legal_provision: c.legal_provision,
                max_penalty: match (c.max_penalty_kind.as_deref(), c.max_penalty_months) {
                    (Some("life"), _) => Some(MaxPenalty::LifeImprisonment),
                    (Some("death"), _) => Some(MaxPenalty::Death),
                    (_, Some(m)) => Some(MaxPenalty::Months(m)),
                    _ => None,
                },
                sentence_imposed_months: c.sentence_imposed_months,
                sentence_remaining_months: c.sentence_remaining_months,
            })
            .collect(),
        facts_summary: doc.facts_summary,
        missing: doc.missing,
        particular_importance: doc.particular_importance,
        in_absentia: doc
            .in_absentia
            .then_some(article3_domain::InAbsentia { retrial_guaranteed: doc.retrial_guaranteed }),
    })
}

pub(crate) fn encode_evaluation(e: &Evaluation) -> Result<String, StoreError> {
    to_json(&EvaluationDoc {
        findings: e
            .findings
            .iter()
            .map(|f| FindingDoc {
                rule_id: f.rule_id.clone(),
                article: f.article.clone(),
                severity: f.severity.as_str().to_owned(),
                evidence: f.evidence.iter().map(|e| (e.field.clone(), e.value.clone())).collect(),
                message: f.message.clone(),
            })
            .collect(),
        reasons: e.reasons.clone(),
    })
}

pub(crate) fn decode_evaluation(
    ruleset_version: String,
    recommendation: &str,
    text: &str,
) -> Result<Evaluation, StoreError> {
    let doc: EvaluationDoc = serde_json::from_str(text).map_err(|e| corrupt("findings document", e))?;
    Ok(Evaluation {
        ruleset_version,
        recommendation: Recommendation::parse(recommendation)
            .ok_or_else(|| corrupt("recommendation", recommendation))?,
        findings: doc
            .findings
            .into_iter()
            .map(|f| {
                Ok(Finding {
                    severity: Severity::parse(&f.severity).ok_or_else(|| corrupt("severity", &f.severity))?,
                    rule_id: f.rule_id,
                    article: f.article,
                    evidence: f.evidence.into_iter().map(|(field, value)| Evidence { field, value }).collect(),
                    message: f.message,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?,
        reasons: doc.reasons,
    })
}

/// Country lists are stored as comma-separated codes (`DE,FR`), empty for none.
pub(crate) fn encode_codes<'a>(codes: impl IntoIterator<Item = &'a CountryCode>) -> String {
    codes.into_iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

pub(crate) fn decode_codes(text: &str) -> Result<BTreeSet<CountryCode>, StoreError> {
    text.split(',').filter(|s| !s.is_empty()).map(parse_code).collect()
}

#[derive(Serialize, Deserialize)]
struct ConcernDoc {
    concern: String,
    source: String,
}

pub(crate) fn encode_concerns(concerns: &[article3_domain::DueProcessConcern]) -> Result<String, StoreError> {
    to_json(
        &concerns
            .iter()
            .map(|c| ConcernDoc { concern: c.concern.clone(), source: c.source.clone() })
            .collect::<Vec<_>>(),
    )
}

pub(crate) fn decode_concerns(text: &str) -> Result<Vec<article3_domain::DueProcessConcern>, StoreError> {
    let docs: Vec<ConcernDoc> = serde_json::from_str(text).map_err(|e| corrupt("due-process concerns", e))?;
    Ok(docs.into_iter().map(|d| article3_domain::DueProcessConcern { concern: d.concern, source: d.source }).collect())
}
