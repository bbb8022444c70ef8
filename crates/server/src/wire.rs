//! The JSON contract. These types belong to the API, not to the core: they convert into validated domain
//! values (reporting the field path of anything wrong) and are built from stored records for responses.

use std::collections::BTreeSet;

use article3_domain::{
    Actor, BirthDate, Charge, Colour, Country, CountryCode, CountryRegistry, DiffusionPurpose, Evaluation, FieldError,
    IdentityDocument, JudicialData, MaxPenalty, NameKind, PersonName, PublicRole, Purpose, Recipients, Restrictions,
    Sex, Subject, Warrant,
};
use article3_store::{DiffusionRecord, EventRecord, NoticeRecord, ReviewRecord, UserRecord};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::{Iso8601, Rfc3339};
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};

pub fn timestamp(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn parse_date(field: &str, value: &str) -> Result<Date, FieldError> {
    Date::parse(value.trim(), &Iso8601::DATE)
        .map_err(|_| FieldError::new(field, "impossible_date", format!("'{value}' is not a real date (YYYY-MM-DD)")))
}

fn codes(registry: &CountryRegistry, field: &str, values: &[String]) -> Result<BTreeSet<CountryCode>, FieldError> {
    values.iter().enumerate().map(|(i, v)| registry.known(&format!("{field}[{i}]"), v)).collect()
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NameBody {
    /// `primary`, `alias`, `original_script` or `previous`. Defaults to primary for the first name and
    /// alias for the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The name as written, in any script. May be omitted when parts are given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patronymic: Option<String>,
    /// ISO 15924 script code, e.g. `Latn`, `Cyrl`, `Arab`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentBody {
    /// `passport`, `national_id`, `driving_licence`, `residence_permit` or `other`.
    pub kind: String,
    pub number: String,
    pub issuing_country: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectBody {
    pub names: Vec<NameBody>,
    /// Each `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `YYYY..YYYY`.
    #[serde(default)]
    pub birth_dates: Vec<String>,
    /// `male`, `female` or `unknown`.
    #[serde(default = "unknown_sex")]
    pub sex: String,
    /// ISO 3166-1 alpha-2 codes.
    #[serde(default)]
    pub nationalities: Vec<String>,
    #[serde(default)]
    pub documents: Vec<DocumentBody>,
    /// Declared occupation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    /// `journalist`, `politician`, `activist`, `human_rights_defender`, `business_person`,
    /// `religious_figure`, `lawyer`, `academic`, `athlete` or `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_role: Option<String>,
}

fn unknown_sex() -> String {
    "unknown".to_owned()
}

impl SubjectBody {
    pub fn to_domain(&self, registry: &CountryRegistry, today: Date) -> Result<Subject, FieldError> {
        let within = |e: FieldError| e.within("subject");
        let names = self
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let at = format!("names[{i}]");
                let kind = match &n.kind {
                    Some(k) => NameKind::parse("kind", k).map_err(|e| e.within(&at))?,
                    None if i == 0 => NameKind::Primary,
                    None => NameKind::Alias,
                };
                PersonName::new(
                    kind,
                    n.full.as_deref(),
                    n.given.as_deref(),
                    n.family.as_deref(),
                    n.patronymic.as_deref(),
                    n.script.as_deref(),
                )
                .map_err(|e| e.within(&at))
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(within)?;
        let birth_dates = self
            .birth_dates
            .iter()
            .enumerate()
            .map(|(i, b)| BirthDate::parse(&format!("birth_dates[{i}]"), b, today))
            .collect::<Result<Vec<_>, _>>()
            .map_err(within)?;
        let sex = Sex::parse("sex", &self.sex).map_err(within)?;
        let nationalities = codes(registry, "nationalities", &self.nationalities).map_err(within)?;
        let documents = self
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                IdentityDocument::new(registry, &d.kind, &d.number, &d.issuing_country)
                    .map_err(|e| e.within(&format!("documents[{i}]")))
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(within)?;
        let public_role =
            self.public_role.as_deref().map(|r| PublicRole::parse("public_role", r)).transpose().map_err(within)?;
        Subject::new(names, birth_dates, sex, nationalities, documents, self.occupation.as_deref(), public_role)
            .map_err(within)
    }

    pub fn from_domain(s: &Subject) -> Self {
        Self {
            names: s
                .names
                .iter()
                .map(|n| NameBody {
                    kind: Some(n.kind.as_str().to_owned()),
                    full: Some(n.full.clone()),
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
                .map(|d| DocumentBody {
                    kind: d.kind.as_str().to_owned(),
                    number: d.number.clone(),
                    issuing_country: d.issuing_country.to_string(),
                })
                .collect(),
            occupation: s.occupation.clone(),
            public_role: s.public_role.map(|r| r.as_str().to_owned()),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarrantBody {
    pub reference: String,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    pub issuing_authority: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChargeBody {
    /// The offence as charged, in any language.
    pub description: String,
    /// The provision of law, e.g. `Criminal Code art. 159(4)`.
    pub legal_provision: String,
    /// Maximum penalty in months (required for prosecution unless `max_penalty_kind` is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_penalty_months: Option<u32>,
    /// `life` or `death`, when the maximum is not a term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_penalty_kind: Option<String>,
    /// For purpose `sentence`: the sentence imposed, in months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence_imposed_months: Option<u32>,
    /// For purpose `sentence`: the part left to serve, in months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence_remaining_months: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JudicialBody {
    /// `prosecution` or `sentence`.
    pub purpose: String,
    pub warrant: WarrantBody,
    pub charges: Vec<ChargeBody>,
    /// Who, what, when, where and how.
    pub facts_summary: String,
    /// Fields the source did not state (only for data migrated from another system).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// Why the request is of particular importance, when it falls below the penalty thresholds; a
    /// reviewer must then record an override to publish it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub particular_importance: Option<String>,
    /// For a sentence: the judgment was given in the person's absence.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub judgment_in_absentia: bool,
    /// With `judgment_in_absentia`: whether a retrial is guaranteed on surrender (omit if unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrial_guaranteed: Option<bool>,
}

impl JudicialBody {
    pub fn to_domain(&self, today: Date) -> Result<JudicialData, FieldError> {
        let within = |e: FieldError| e.within("judicial");
        if !self.missing.is_empty() {
            return Err(within(FieldError::new("missing", "read_only", "set only for migrated data")));
        }
        let purpose = Purpose::parse("purpose", &self.purpose).map_err(within)?;
        let issued_on = parse_date("issued_on", &self.warrant.issued_on).map_err(|e| within(e.within("warrant")))?;
        let warrant = Warrant::new(&self.warrant.reference, issued_on, &self.warrant.issuing_authority, today)
            .map_err(|e| within(e.within("warrant")))?;
        let charges =
            self.charges
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let at = format!("charges[{i}]");
                    let max = match (c.max_penalty_kind.as_deref(), c.max_penalty_months) {
                        (Some(_), Some(_)) => {
                            return Err(FieldError::new(
                                "max_penalty_kind",
                                "inconsistent",
                                "give a term in months or a kind, not both",
                            )
                            .within(&at));
                        }
                        (Some("life"), None) => Some(MaxPenalty::LifeImprisonment),
                        (Some("death"), None) => Some(MaxPenalty::Death),
                        (Some(_), None) => {
                            return Err(FieldError::new("max_penalty_kind", "invalid_value", "expected life or death")
                                .within(&at));
                        }
                        (None, m) => m.map(MaxPenalty::Months),
                    };
                    Charge::new(
                        &c.description,
                        &c.legal_provision,
                        max,
                        c.sentence_imposed_months,
                        c.sentence_remaining_months,
                    )
                    .map_err(|e| e.within(&at))
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(within)?;
        if self.retrial_guaranteed.is_some() && !self.judgment_in_absentia {
            return Err(within(FieldError::new(
                "retrial_guaranteed",
                "inconsistent",
                "a retrial guarantee only applies to a judgment given in absentia",
            )));
        }
        let in_absentia = self
            .judgment_in_absentia
            .then_some(article3_domain::InAbsentia { retrial_guaranteed: self.retrial_guaranteed });
        JudicialData::new(purpose, warrant, charges, &self.facts_summary)
            .and_then(|j| j.with_particular_importance(self.particular_importance.as_deref()))
            .and_then(|j| j.with_in_absentia(in_absentia))
            .map_err(within)
    }

    pub fn from_domain(j: &JudicialData) -> Self {
        Self {
            purpose: j.purpose.as_str().to_owned(),
            warrant: WarrantBody {
                reference: j.warrant.reference.clone(),
                issued_on: article3_domain::iso_date(j.warrant.issued_on),
                issuing_authority: j.warrant.issuing_authority.clone(),
            },
            charges: j
                .charges
                .iter()
                .map(|c| ChargeBody {
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
            judgment_in_absentia: j.in_absentia.is_some(),
            retrial_guaranteed: j.in_absentia.and_then(|a| a.retrial_guaranteed),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RestrictionsBody {
    /// `none`, `only` (only the listed countries may see it) or `exclude` (all but the listed).
    pub mode: String,
    #[serde(default)]
    pub countries: Vec<String>,
}

impl RestrictionsBody {
    pub fn to_domain(
        body: Option<&Self>,
        registry: &CountryRegistry,
        requester: CountryCode,
    ) -> Result<Restrictions, FieldError> {
        let Some(b) = body else { return Ok(Restrictions::None) };
        let countries = codes(registry, "countries", &b.countries).map_err(|e| e.within("restrictions"))?;
        Restrictions::new(&b.mode, countries, requester).map_err(|e| e.within("restrictions"))
    }

    pub fn from_domain(r: &Restrictions) -> Self {
        Self {
            mode: r.mode().to_owned(),
            countries: r.countries().map(|c| c.iter().map(ToString::to_string).collect()).unwrap_or_default(),
        }
    }
}

/// A bureau's request for a notice. The requesting country is the bureau's own.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeCreate {
    /// `red`, `blue`, `green`, `yellow`, `black`, `orange`, `purple` or `un_special`.
    pub colour: String,
    pub subject: SubjectBody,
    /// Required for a red notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judicial: Option<JudicialBody>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restrictions: Option<RestrictionsBody>,
    /// Whether the requester agrees to an extract on the public pages once published (red, yellow, UN only).
    #[serde(default)]
    pub public_extract: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoticeView {
    pub id: String,
    pub colour: String,
    pub status: String,
    pub requesting_country: String,
    pub subject: SubjectBody,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judicial: Option<JudicialBody>,
    /// Who may see it; shown to the requesting bureau, reviewers and the Commission only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restrictions: Option<RestrictionsBody>,
    pub public_extract: bool,
    /// The requesting officer; shown to the requesting bureau, reviewers and the Commission only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
}

/// Whether `actor` sees a record's handling details (restrictions, recipients, the officer): the owner's
/// bureau and the secretariat do; other countries see the data, not how it is routed.
fn sees_handling(actor: &Actor, owner: article3_domain::CountryCode) -> bool {
    matches!(actor.role, article3_domain::Role::Reviewer | article3_domain::Role::Commission)
        || actor.is_bureau_of(owner)
}

impl NoticeView {
    pub fn for_reader(n: &NoticeRecord, actor: &Actor) -> Self {
        let handling = sees_handling(actor, n.request.requesting_country);
        Self {
            id: n.id.to_string(),
            colour: n.request.colour.as_str().to_owned(),
            status: n.status.as_str().to_owned(),
            requesting_country: n.request.requesting_country.to_string(),
            subject: SubjectBody::from_domain(&n.request.subject),
            judicial: n.request.judicial.as_ref().map(JudicialBody::from_domain),
            restrictions: handling.then(|| RestrictionsBody::from_domain(&n.request.restrictions)),
            public_extract: n.request.public_extract,
            created_by: handling.then(|| n.created_by.clone()),
            created_at: timestamp(n.created_at),
            updated_at: timestamp(n.updated_at),
            published_at: n.published_at.map(timestamp),
            expires_at: n.expires_at.map(timestamp),
            external_ref: n.external_ref.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoticePage {
    pub items: Vec<NoticeView>,
    /// Pass as `after` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NoticeQuery {
    /// Filter by status.
    pub status: Option<String>,
    /// Filter by colour.
    pub colour: Option<String>,
    /// Filter by requesting country (ISO code).
    pub requesting_country: Option<String>,
    /// Only published notices expiring within this many days (retention reminders).
    pub expiring_within_days: Option<u32>,
    /// Cursor from the previous page's `next`.
    pub after: Option<String>,
    /// Page size, 1–500 (default 50).
    pub limit: Option<usize>,
}

/// A written reason for a lifecycle step.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    pub reason: String,
}

/// A reviewer's decision.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// For notices `approve` (publish) or `refuse`; for diffusions `confirm` or `withdraw`.
    pub decision: String,
    /// Written reasons, required.
    pub reasons: String,
    /// `particular_importance`: publish a request below the penalty thresholds (RPD Art. 83) whose
    /// requester stated why it matters; the reasons must say why the reviewer agrees.
    #[serde(default, rename = "override", skip_serializing_if = "Option::is_none")]
    pub override_: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecipientsBody {
    /// Circulate to all members.
    #[serde(default)]
    pub all_members: bool,
    /// Or to these countries.
    #[serde(default)]
    pub countries: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DiffusionCreate {
    /// `arrest`, `locate`, `information`, `missing_person` or `warning`.
    pub purpose: String,
    pub subject: SubjectBody,
    /// Required for an arrest diffusion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judicial: Option<JudicialBody>,
    pub recipients: RecipientsBody,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restrictions: Option<RestrictionsBody>,
}

impl RecipientsBody {
    pub fn to_domain(&self, registry: &CountryRegistry, sender: CountryCode) -> Result<Recipients, FieldError> {
        let countries = codes(registry, "countries", &self.countries).map_err(|e| e.within("recipients"))?;
        Recipients::new(self.all_members, countries, sender).map_err(|e| e.within("recipients"))
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DiffusionView {
    pub id: String,
    pub purpose: String,
    pub status: String,
    /// Whether it has gone out to its recipients (a held diffusion has not).
    pub circulated: bool,
    pub requesting_country: String,
    /// Shown to the sending bureau, reviewers and the Commission only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipients: Option<RecipientsBody>,
    pub subject: SubjectBody,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judicial: Option<JudicialBody>,
    /// Shown to the sending bureau, reviewers and the Commission only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restrictions: Option<RestrictionsBody>,
    /// Shown to the sending bureau, reviewers and the Commission only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl DiffusionView {
    pub fn for_reader(d: &DiffusionRecord, actor: &Actor) -> Self {
        let handling = sees_handling(actor, d.request.requesting_country);
        Self {
            id: d.id.to_string(),
            purpose: d.request.purpose.as_str().to_owned(),
            status: d.status.as_str().to_owned(),
            circulated: d.circulated,
            requesting_country: d.request.requesting_country.to_string(),
            recipients: handling.then(|| match &d.request.recipients {
                Recipients::AllMembers => RecipientsBody { all_members: true, countries: Vec::new() },
                Recipients::Countries(c) => {
                    RecipientsBody { all_members: false, countries: c.iter().map(ToString::to_string).collect() }
                }
            }),
            subject: SubjectBody::from_domain(&d.request.subject),
            judicial: d.request.judicial.as_ref().map(JudicialBody::from_domain),
            restrictions: handling.then(|| RestrictionsBody::from_domain(&d.request.restrictions)),
            created_by: handling.then(|| d.created_by.clone()),
            created_at: timestamp(d.created_at),
            updated_at: timestamp(d.updated_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DiffusionPage {
    pub items: Vec<DiffusionView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DiffusionQuery {
    pub status: Option<String>,
    pub after: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventView {
    pub at: String,
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor: String,
    pub role: String,
    pub country: String,
    pub reason: String,
}

impl From<&EventRecord> for EventView {
    fn from(e: &EventRecord) -> Self {
        Self {
            at: timestamp(e.at),
            action: e.action.clone(),
            from_status: e.from_status.clone(),
            to_status: e.to_status.clone(),
            actor: e.actor.clone(),
            role: e.role.clone(),
            country: e.country.clone(),
            reason: e.reason.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceView {
    pub field: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FindingView {
    pub rule_id: String,
    pub article: String,
    /// `block`, `refer` or `note`.
    pub severity: String,
    pub evidence: Vec<EvidenceView>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvaluationView {
    pub ruleset_version: String,
    /// `approve`, `refer` or `refuse`.
    pub recommendation: String,
    pub findings: Vec<FindingView>,
    pub reasons: Vec<String>,
}

impl From<&Evaluation> for EvaluationView {
    fn from(e: &Evaluation) -> Self {
        Self {
            ruleset_version: e.ruleset_version.clone(),
            recommendation: e.recommendation.as_str().to_owned(),
            findings: e
                .findings
                .iter()
                .map(|f| FindingView {
                    rule_id: f.rule_id.clone(),
                    article: f.article.clone(),
                    severity: f.severity.as_str().to_owned(),
                    evidence: f
                        .evidence
                        .iter()
                        .map(|e| EvidenceView { field: e.field.clone(), value: e.value.clone() })
                        .collect(),
                    message: f.message.clone(),
                })
                .collect(),
            reasons: e.reasons.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewView {
    pub id: String,
    pub object_kind: String,
    pub object_id: String,
    pub evaluation: EvaluationView,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasons: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
}

impl From<&ReviewRecord> for ReviewView {
    fn from(r: &ReviewRecord) -> Self {
        Self {
            id: r.id.to_string(),
            object_kind: r.object_kind.clone(),
            object_id: r.object_id.clone(),
            evaluation: EvaluationView::from(&r.evaluation),
            created_at: timestamp(r.created_at),
            decision: r.decision.clone(),
            reasons: r.reasons.clone(),
            decided_by: r.decided_by.clone(),
            decided_at: r.decided_at.map(timestamp),
        }
    }
}

/// An entry of the review queue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueEntry {
    /// `notice` or `diffusion`.
    pub kind: String,
    pub id: String,
    pub status: String,
    /// Colour of a notice or purpose of a diffusion.
    pub category: String,
    pub requesting_country: String,
    pub primary_name: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CountryView {
    pub code: String,
    pub name: String,
    /// `member`, `nominal_member`, `not_connected` or `territory`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covered_by: Option<String>,
    pub note: String,
}

impl From<&Country> for CountryView {
    fn from(c: &Country) -> Self {
        Self {
            code: c.code.to_string(),
            name: c.name.clone(),
            status: c.status.as_str().to_owned(),
            covered_by: c.covered_by.map(|c| c.to_string()),
            note: c.note.clone(),
        }
    }
}

/// An administrator's edit of a country.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CountryUpdate {
    pub name: String,
    pub status: String,
    #[serde(default)]
    pub covered_by: Option<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    pub expires_at: String,
    pub user: UserView,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub name: String,
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl From<&UserRecord> for UserView {
    fn from(u: &UserRecord) -> Self {
        Self {
            id: u.id.to_string(),
            name: u.name.clone(),
            role: u.role.as_str().to_owned(),
            country: u.country.map(|c| c.to_string()),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserCreate {
    pub name: String,
    /// `ncb`, `border`, `reviewer`, `commission`, `subject`, `caseworker` or `admin`.
    pub role: String,
    /// Required for `ncb`, `border` and `caseworker`.
    #[serde(default)]
    pub country: Option<String>,
    pub password: String,
}

/// A public extract: only what the requester agreed to publish.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicNoticeView {
    pub id: String,
    pub colour: String,
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    pub name: String,
    pub birth_dates: Vec<String>,
    pub sex: String,
    pub nationalities: Vec<String>,
    pub requesting_country: String,
    pub charges: Vec<String>,
    pub published_at: Option<String>,
}

impl From<&NoticeRecord> for PublicNoticeView {
    fn from(n: &NoticeRecord) -> Self {
        let s = &n.request.subject;
        let primary = s.names.first();
        Self {
            id: n.id.to_string(),
            colour: n.request.colour.as_str().to_owned(),
            family_name: primary.and_then(|p| p.family.clone()),
            given_name: primary.and_then(|p| p.given.clone()),
            name: s.primary_name().to_owned(),
            birth_dates: s.birth_dates.iter().map(ToString::to_string).collect(),
            sex: s.sex.as_str().to_owned(),
            nationalities: s.nationalities.iter().map(ToString::to_string).collect(),
            requesting_country: n.request.requesting_country.to_string(),
            charges: n.request.judicial.iter().flat_map(|j| j.charges.iter().map(|c| c.description.clone())).collect(),
            published_at: n.published_at.map(timestamp),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicNoticePage {
    pub items: Vec<PublicNoticeView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PublicQuery {
    pub colour: Option<String>,
    pub after: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditRecordView {
    /// Position in the whole log.
    pub seq: i64,
    /// The chain (lane) the record belongs to, and its position there.
    pub lane: i64,
    pub lane_seq: i64,
    pub at: String,
    pub actor: String,
    pub role: String,
    pub country: String,
    pub action: String,
    pub object_kind: String,
    pub object_id: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditVerifyView {
    pub intact: bool,
    pub records: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broken_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RetentionView {
    pub expired: Vec<String>,
    pub reminded: Vec<String>,
    /// Alerts whose traveller's name was erased at the end of its period.
    pub travellers_erased: u64,
    /// Outcome reasons erased with them, where the outcome does not confirm the traveller is the person
    /// sought.
    pub outcome_reasons_erased: u64,
    /// Reasons erased from clearances withdrawn as long ago as the traveller period.
    pub clearance_reasons_erased: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub backend: String,
    pub version: String,
}

pub fn parse_colour(v: &str) -> Result<Colour, FieldError> {
    Colour::parse("colour", v)
}

pub fn parse_purpose(v: &str) -> Result<DiffusionPurpose, FieldError> {
    DiffusionPurpose::parse("purpose", v)
}

/// A protecting country's record of a confirmed refugee or asylum status.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefugeeStatusCreate {
    pub subject: SubjectBody,
    /// The country the person fled (ISO code).
    pub fled_from: String,
    /// `YYYY-MM-DD`.
    pub granted_on: String,
}

impl RefugeeStatusCreate {
    pub fn to_domain(
        &self,
        registry: &CountryRegistry,
        today: Date,
    ) -> Result<(Subject, CountryCode, Date), FieldError> {
        let subject = self.subject.to_domain(registry, today)?;
        let fled_from = registry.known("fled_from", &self.fled_from)?;
        let granted_on = parse_date("granted_on", &self.granted_on)?;
        if granted_on > today {
            return Err(FieldError::new("granted_on", "impossible_date", "a status cannot be granted in the future"));
        }
        Ok((subject, fled_from, granted_on))
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RefugeeStatusRecordedView {
    #[serde(flatten)]
    pub status: RefugeeStatusView,
    /// The live notices and diffusions from the country the person fled that your country may see and
    /// whose subject the screening engine finds close to this person, best first: candidates for your
    /// country's flag and for a request to the Commission. Omitted when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records_from_country_fled: Vec<LinkedRecordView>,
}

/// A live record whose subject may be the person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkedRecordView {
    /// `notice` or `diffusion`.
    pub kind: String,
    pub id: String,
    pub label: String,
    pub score: f32,
}

impl From<&crate::screening::LinkedRecord> for LinkedRecordView {
    fn from(r: &crate::screening::LinkedRecord) -> Self {
        Self {
            kind: r.kind.as_str().to_owned(),
            id: r.id.clone(),
            label: r.label.clone(),
            score: (r.score * 1000.0).round() / 1000.0,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RefugeeStatusView {
    pub id: String,
    pub fled_from: String,
    pub protecting_country: String,
    pub granted_on: String,
    pub subject: SubjectBody,
    pub recorded_by: String,
    pub created_at: String,
}

impl From<&article3_store::RefugeeStatusRecord> for RefugeeStatusView {
    fn from(r: &article3_store::RefugeeStatusRecord) -> Self {
        let g = r.status.granted_on;
        Self {
            id: r.status.id.clone(),
            fled_from: r.status.fled_from.to_string(),
            protecting_country: r.status.protecting_country.to_string(),
            granted_on: article3_domain::iso_date(g),
            subject: SubjectBody::from_domain(&r.subject),
            recorded_by: r.recorded_by.clone(),
            created_at: timestamp(r.created_at),
        }
    }
}

/// An administrator's corrective measure against a member, or its lifting.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectiveMeasureBody {
    /// `enhanced_review`, `restriction`, `suspension` or `none` (lift).
    pub measure: String,
    /// Written reasons, required.
    pub reason: String,
}

impl CorrectiveMeasureBody {
    pub fn measure(&self) -> Result<Option<article3_domain::CorrectiveMeasure>, FieldError> {
        use article3_domain::CorrectiveMeasure as M;
        match self.measure.trim() {
            "none" => Ok(None),
            "enhanced_review" => Ok(Some(M::EnhancedReview)),
            "restriction" => Ok(Some(M::Restriction)),
            "suspension" => Ok(Some(M::Suspension)),
            _ => Err(FieldError::new(
                "measure",
                "invalid_value",
                "expected enhanced_review, restriction, suspension or none",
            )),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CorrectiveMeasureView {
    pub country: String,
    pub measure: String,
}

/// One due-process concern against a requesting state, with its source.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConcernBody {
    pub concern: String,
    /// Where the concern comes from (a court ruling, a treaty body, a published report).
    pub source: String,
}

/// The whole list of concerns against a member; an empty list clears them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DueProcessConcernsBody {
    pub concerns: Vec<ConcernBody>,
}

impl DueProcessConcernsBody {
    pub fn to_domain(&self) -> Result<Vec<article3_domain::DueProcessConcern>, FieldError> {
        self.concerns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let at = |f: &str| format!("concerns[{i}].{f}");
                let concern = c.concern.trim();
                let source = c.source.trim();
                if concern.is_empty() {
                    return Err(FieldError::required(at("concern")));
                }
                if source.is_empty() {
                    return Err(FieldError::new(at("source"), "required", "every concern needs its source"));
                }
                if concern.len() > 2_000 || source.len() > 2_000 {
                    return Err(FieldError::new(at("concern"), "too_long", "at most 2000 characters each"));
                }
                Ok(article3_domain::DueProcessConcern { concern: concern.to_owned(), source: source.to_owned() })
            })
            .collect()
    }
}

/// A member's record that it refused to extradite a person to a requesting state.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraditionRefusalCreate {
    pub subject: SubjectBody,
    /// The state whose extradition request was refused (ISO code).
    pub requesting_country: String,
    /// `YYYY-MM-DD`.
    pub refused_on: String,
    /// The grounds of the refusal (political offence, fair-trial risk, refugee status, …).
    pub grounds: String,
}

impl ExtraditionRefusalCreate {
    pub fn to_domain(
        &self,
        registry: &CountryRegistry,
        today: Date,
    ) -> Result<(Subject, CountryCode, Date), FieldError> {
        let subject = self.subject.to_domain(registry, today)?;
        let requesting = registry.known("requesting_country", &self.requesting_country)?;
        let refused_on = parse_date("refused_on", &self.refused_on)?;
        if refused_on > today {
            return Err(FieldError::new("refused_on", "impossible_date", "a refusal cannot be in the future"));
        }
        Ok((subject, requesting, refused_on))
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExtraditionRefusalView {
    pub id: String,
    pub requesting_country: String,
    pub refusing_country: String,
    pub refused_on: String,
    pub grounds: String,
}

impl From<&article3_domain::ExtraditionRefusal> for ExtraditionRefusalView {
    fn from(r: &article3_domain::ExtraditionRefusal) -> Self {
        let d = r.refused_on;
        Self {
            id: r.id.clone(),
            requesting_country: r.requesting_country.to_string(),
            refusing_country: r.refusing_country.to_string(),
            refused_on: article3_domain::iso_date(d),
            grounds: r.grounds.clone(),
        }
    }
}

/// A bureau's report of a stolen, lost or revoked travel document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TravelDocumentCreate {
    /// As printed; spaces, dashes and dots are ignored when matching.
    pub number: String,
    /// ISO code of the issuing state.
    pub issuing_country: String,
    /// `passport`, `national_id`, `driving_licence`, `residence_permit` or `other`.
    pub kind: String,
    /// `stolen`, `lost` or `revoked`.
    pub status: String,
    /// `YYYY-MM-DD`: when it was stolen, lost or revoked.
    pub occurred_on: String,
}

impl TravelDocumentCreate {
    pub fn to_domain(
        &self,
        registry: &CountryRegistry,
        today: Date,
    ) -> Result<article3_domain::DocumentReport, FieldError> {
        let occurred_on = parse_date("occurred_on", &self.occurred_on)?;
        article3_domain::DocumentReport::new(
            registry,
            &self.number,
            &self.issuing_country,
            &self.kind,
            &self.status,
            occurred_on,
            today,
        )
    }
}

/// Why a report is withdrawn.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TravelDocumentWithdraw {
    /// E.g. "recovered by the holder", "reported in error".
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TravelDocumentView {
    pub id: String,
    /// Canonical form: upper case, letters and digits only.
    pub number: String,
    pub issuing_country: String,
    pub kind: String,
    pub status: String,
    pub occurred_on: String,
    pub reporting_country: String,
    pub reported_at: String,
    /// Whether the report still stands; a withdrawn report never matches.
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn_reason: Option<String>,
}

impl From<&article3_domain::DocumentRecord> for TravelDocumentView {
    fn from(r: &article3_domain::DocumentRecord) -> Self {
        Self {
            id: r.id.clone(),
            number: r.report.number.clone(),
            issuing_country: r.report.issuing_country.to_string(),
            kind: r.report.kind.as_str().to_owned(),
            status: r.report.status.as_str().to_owned(),
            occurred_on: article3_domain::iso_date(r.report.occurred_on),
            reporting_country: r.reporting_country.to_string(),
            reported_at: timestamp_ms(r.reported_at_ms),
            active: r.withdrawn.is_none(),
            withdrawn_reason: r.withdrawn.as_ref().map(|w| w.reason.clone()),
        }
    }
}

/// A bureau's flag: its country will not act on another country's notice or diffusion.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CountryFlagCreate {
    /// `notice` or `diffusion`.
    pub kind: String,
    /// The notice or diffusion id.
    pub id: String,
    /// Why your country will not act on it (asylum granted, extradition refused, Art. 3 concerns…).
    pub reason: String,
}

/// Why a flag is lifted.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CountryFlagLift {
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecordFilter {
    /// `notice` or `diffusion`; given with `id`, only the entries on that record.
    pub kind: Option<String>,
    pub id: Option<String>,
}

impl RecordFilter {
    /// The record a listing is limited to: `kind` and `id` together, or neither.
    pub fn record(&self) -> Result<Option<(article3_domain::RecordKind, &str)>, FieldError> {
        let kind = self.kind.as_deref().map(|k| article3_domain::RecordKind::parse("kind", k)).transpose()?;
        match (kind, self.id.as_deref()) {
            (Some(kind), Some(id)) => Ok(Some((kind, id.trim()))),
            (None, None) => Ok(None),
            (None, Some(_)) => Err(FieldError::new("kind", "required", "give kind with id")),
            (Some(_), None) => Err(FieldError::new("id", "required", "give id with kind")),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CountryFlagView {
    pub id: String,
    /// `notice` or `diffusion`.
    pub kind: String,
    pub object_id: String,
    /// The country that will not act on it.
    pub country: String,
    pub reason: String,
    pub flagged_at: String,
    /// Whether the flag still stands.
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifted_reason: Option<String>,
}

impl From<&article3_domain::CountryFlag> for CountryFlagView {
    fn from(f: &article3_domain::CountryFlag) -> Self {
        Self {
            id: f.id.clone(),
            kind: f.kind.as_str().to_owned(),
            object_id: f.object_id.clone(),
            country: f.country.to_string(),
            reason: f.reason.clone(),
            flagged_at: timestamp_ms(f.flagged_at_ms),
            active: f.is_active(),
            lifted_reason: f.withdrawn.as_ref().map(|w| w.reason.clone()),
        }
    }
}

/// An application contesting a notice or diffusion, as the Commission registers it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChallengeCreate {
    /// `notice` or `diffusion`.
    pub kind: String,
    /// The notice or diffusion id.
    pub id: String,
    /// The Commission's file reference, e.g. `CCF/2026/0412`; one challenge's only.
    pub reference: String,
    /// What the applicant contests and on what grounds (kept from the border officer).
    pub grounds: String,
    /// `YYYY-MM-DD`: when the application reached the Commission.
    pub lodged_on: String,
}

impl ChallengeCreate {
    pub fn to_domain(&self, today: Date) -> Result<article3_domain::ChallengeApplication, FieldError> {
        let kind = article3_domain::RecordKind::parse("kind", &self.kind)?;
        let lodged_on = parse_date("lodged_on", &self.lodged_on)?;
        article3_domain::ChallengeApplication::new(kind, &self.id, &self.reference, &self.grounds, lodged_on, today)
    }
}

/// The Commission's decision on a challenge.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChallengeDecide {
    /// `upheld` (the data is to be deleted or corrected: block or delete the record as well), `rejected`,
    /// `inadmissible` or `withdrawn` (by the applicant).
    pub outcome: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChallengeView {
    pub id: String,
    /// `notice` or `diffusion`.
    pub kind: String,
    pub object_id: String,
    pub reference: String,
    pub grounds: String,
    pub lodged_on: String,
    pub registered_at: String,
    /// Pending before the Commission.
    pub pending: bool,
    /// Once decided: `upheld`, `rejected`, `inadmissible` or `withdrawn`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision_reason: Option<String>,
    /// In a listing: the contested record's status now (`published`, `blocked`, `cancelled`, `deleted`…),
    /// so that a challenge pending on a record no longer live shows as such.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_status: Option<String>,
}

impl From<&article3_domain::Challenge> for ChallengeView {
    fn from(c: &article3_domain::Challenge) -> Self {
        let a = &c.application;
        Self {
            id: c.id.clone(),
            kind: a.kind.as_str().to_owned(),
            object_id: a.object_id.clone(),
            reference: a.reference.clone(),
            grounds: a.grounds.clone(),
            lodged_on: article3_domain::iso_date(a.lodged_on),
            registered_at: timestamp_ms(c.registered_at_ms),
            pending: c.is_pending(),
            outcome: c.decision.as_ref().map(|d| d.outcome.as_str().to_owned()),
            decided_at: c.decision.as_ref().map(|d| timestamp_ms(d.at_ms)),
            decision_reason: c.decision.as_ref().map(|d| d.reason.clone()),
            record_status: None,
        }
    }
}

/// The traveller's document a clearance is recorded against.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClearanceDocument {
    pub number: String,
    /// ISO 3166-1 alpha-2 code of the issuing state.
    pub issuing_country: String,
}

/// An officer's finding that the holder of a document is not the person a notice or diffusion seeks.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClearanceCreate {
    /// `notice` or `diffusion`.
    pub kind: String,
    /// The notice or diffusion id.
    pub id: String,
    pub document: ClearanceDocument,
    /// How it was established (fingerprints compared, documents checked with the issuing state…).
    pub reason: String,
}

/// Why a clearance is withdrawn.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClearanceWithdraw {
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClearanceView {
    pub id: String,
    /// `notice` or `diffusion`.
    pub kind: String,
    pub object_id: String,
    pub document_number: String,
    pub issuing_country: String,
    /// The country whose officer established it.
    pub country: String,
    pub reason: String,
    pub cleared_by: String,
    pub cleared_at: String,
    /// The alert (`seq`) whose outcome recorded it, if it was recorded with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<i64>,
    /// Whether the clearance still stands.
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn_reason: Option<String>,
}

impl From<&article3_domain::Clearance> for ClearanceView {
    fn from(c: &article3_domain::Clearance) -> Self {
        Self {
            id: c.id.clone(),
            kind: c.kind.as_str().to_owned(),
            object_id: c.object_id.clone(),
            document_number: c.document_number.clone(),
            issuing_country: c.issuing_country.to_string(),
            country: c.country.to_string(),
            reason: c.reason.clone(),
            cleared_by: c.cleared_by.clone(),
            cleared_at: timestamp_ms(c.cleared_at_ms),
            alert: c.alert,
            active: c.is_active(),
            withdrawn_reason: c.withdrawn.as_ref().map(|w| w.reason.clone()),
        }
    }
}

/// An RFC 3339 timestamp from milliseconds since the Unix epoch.
pub fn timestamp_ms(ms: i64) -> String {
    timestamp(
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH),
    )
}
