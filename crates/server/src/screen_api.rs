//! Screening over HTTP: one traveller or a batch (`/api/v1/screen`), the interface existing screening
//! clients speak (`/match/{dataset}`), and the alerts hits raise (listed, and streamed as server-sent
//! events). Every query and every hit is audited; every hit carries the safeguards known at that moment.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::convert::Infallible;
use std::sync::OnceLock;

use article3_domain::audit::AuditEvent;
use article3_domain::{
    Actor, CountryCode, CountryRegistry, DocumentRecord, FieldError, HitAction, Identification, RecordKind, Role,
    Viewer, canonical_document_number,
};
use article3_screen::{DateSpec, NameInput, Query};
use article3_store::{
    AlertRecord, AlertSafeguard, AlertSelection, NewAlert, NewAlertOutcome, OutcomeSelection, RecordedPerson,
};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiQuery};
use crate::screening::{ALERT_THRESHOLD, Candidate, Entry, Found, SHOW_CUTOFF};
use crate::wire::timestamp_ms;

/// The most travellers in one batch.
pub const MAX_BATCH: usize = 1_000;
/// The most queries in one `/match` request.
pub const MAX_MATCH_BATCH: usize = 100;
const SCREENERS: &[Role] = &[Role::Border, Role::Ncb, Role::Caseworker];

/// ICAO state codes to the two-letter codes article3 uses; see `data/mrz-states.tsv`.
const MRZ_STATES: &str = include_str!("../../../data/mrz-states.tsv");

fn mrz_states() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        MRZ_STATES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(a3, a2)| (a3.trim(), a2.trim()))
            .collect()
    })
}

/// Codes ICAO gives refugees' travel documents (1951 Convention, and other refugees).
const REFUGEE_CODES: [&str; 2] = ["XXB", "XXC"];

/// A traveller as the officer's system reads them: structured fields, a raw MRZ, or both.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Traveller {
    /// Your reference for this traveller, returned as given.
    #[serde(default)]
    pub reference: Option<String>,
    /// The full name as written, in any script.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub given_names: Option<String>,
    #[serde(default)]
    pub family_name: Option<String>,
    /// Other names: in the original script, former names, names on other documents.
    #[serde(default)]
    pub other_names: Vec<String>,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `YYYY..YYYY`.
    #[serde(default)]
    pub birth_date: Option<String>,
    /// Two- or three-letter codes.
    #[serde(default)]
    pub nationalities: Vec<String>,
    /// Document numbers as printed; matched exactly against notices and the stolen and lost register.
    #[serde(default)]
    pub documents: Vec<String>,
    /// The machine-readable zone, lines separated by line breaks. Every check digit is verified.
    #[serde(default)]
    pub mrz: Option<String>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ScreenParams {
    /// How many candidates per traveller, 1–50 (default 10).
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreenBatch {
    /// Up to 1,000 travellers.
    pub travellers: Vec<Traveller>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckView {
    pub field: String,
    pub ok: bool,
    pub expected: String,
    pub found: String,
}

/// What the zone said and whether it holds together.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MrzReport {
    /// `TD1`, `TD2`, `TD3`, `MRV-A` or `MRV-B`.
    pub format: String,
    /// Whether every check digit is right. When false, do not accept the document as read.
    pub valid: bool,
    pub checks: Vec<CheckView>,
    pub warnings: Vec<String>,
    pub document_number: String,
    pub issuing_state: String,
    pub nationality: String,
    pub surname: String,
    pub given_names: String,
    pub birth_date: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExplanationView {
    /// E.g. `name`, `birth_date_year`, `nationality_mismatch`, `document_match`.
    pub feature: String,
    pub score: f32,
    /// The traveller's value that was compared.
    pub query: String,
    /// The record's value it was compared with.
    pub listed: String,
    pub detail: String,
}

/// The safeguards a hit or an alert can carry: what the officer must know before acting on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safeguard {
    JudicialReviewRequired,
    NotYetReviewed,
    FlaggedByYourCountry,
    UnderChallenge,
    FlaggedByOtherCountries,
    ClearedNotThePerson,
    /// Travellers stopped on the record before were found not to be its subject.
    MisidentifiedBefore,
    RefugeeTravelDocument,
    RefugeeStatusRecorded,
    /// A refugee status is recorded for a person written differently but matching the record's subject.
    PossibleRefugeeStatus,
    RequesterCorrectiveMeasure,
    ExtraditionRefused,
    /// An extradition refusal is recorded for a person written differently but matching the subject.
    PossibleExtraditionRefusal,
    /// A travel document hit: the document is reported stolen, lost or revoked.
    DocumentReported,
}

impl Safeguard {
    pub const ALL: [Self; 14] = [
        Self::JudicialReviewRequired,
        Self::NotYetReviewed,
        Self::FlaggedByYourCountry,
        Self::UnderChallenge,
        Self::FlaggedByOtherCountries,
        Self::ClearedNotThePerson,
        Self::MisidentifiedBefore,
        Self::RefugeeTravelDocument,
        Self::RefugeeStatusRecorded,
        Self::PossibleRefugeeStatus,
        Self::RequesterCorrectiveMeasure,
        Self::ExtraditionRefused,
        Self::PossibleExtraditionRefusal,
        Self::DocumentReported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::JudicialReviewRequired => "judicial_review_required",
            Self::NotYetReviewed => "not_yet_reviewed",
            Self::FlaggedByYourCountry => "flagged_by_your_country",
            Self::UnderChallenge => "under_challenge",
            Self::FlaggedByOtherCountries => "flagged_by_other_countries",
            Self::ClearedNotThePerson => "cleared_not_the_person",
            Self::MisidentifiedBefore => "misidentified_before",
            Self::RefugeeTravelDocument => "refugee_travel_document",
            Self::RefugeeStatusRecorded => "refugee_status_recorded",
            Self::PossibleRefugeeStatus => "possible_refugee_status",
            Self::RequesterCorrectiveMeasure => "requester_corrective_measure",
            Self::ExtraditionRefused => "extradition_refused",
            Self::PossibleExtraditionRefusal => "possible_extradition_refusal",
            Self::DocumentReported => "document_reported",
        }
    }

    /// A code as a client writes it, or a 422 naming `field` and the codes there are.
    pub fn parse(field: &str, code: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|s| s.as_str() == code).ok_or_else(|| {
            let known: Vec<&str> = Self::ALL.iter().map(|s| s.as_str()).collect();
            FieldError::new(field, "unknown_safeguard", format!("one of {}", known.join(", ")))
        })
    }

    /// The safeguard an alert listing or stream asks for (`?safeguard=`), if any.
    fn selected(code: Option<&str>) -> Result<Option<Self>, FieldError> {
        code.map(|code| Self::parse("safeguard", code)).transpose()
    }

    fn say(self, text: String) -> SafeguardView {
        SafeguardView { code: self.as_str().to_owned(), text }
    }
}

/// Something the officer must know before acting on a hit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SafeguardView {
    /// `judicial_review_required`, `not_yet_reviewed`, `flagged_by_your_country`, `under_challenge`,
    /// `flagged_by_other_countries`, `cleared_not_the_person`, `misidentified_before`, `refugee_travel_document`,
    /// `refugee_status_recorded`, `possible_refugee_status`, `requester_corrective_measure`,
    /// `extradition_refused`, `possible_extradition_refusal`, or on an alert `document_reported` (a stolen or
    /// lost document) and `unrecorded` (raised before codes were kept).
    pub code: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HitView {
    /// `notice` or `diffusion`.
    pub kind: String,
    pub id: String,
    /// E.g. `red notice`, `diffusion (arrest)`.
    pub label: String,
    pub requesting_country: String,
    /// What the record asks of your country.
    pub action: String,
    pub score: f32,
    /// At or above the alert threshold.
    #[serde(rename = "match")]
    pub is_match: bool,
    pub name: String,
    pub birth_dates: Vec<String>,
    pub nationalities: Vec<String>,
    /// When the record was created.
    pub recorded_at: String,
    /// When the record last changed (a decision, an amendment, a block lifted…).
    pub changed_at: String,
    /// FollowTheMoney topics, shown by `/match` only.
    #[serde(skip)]
    pub topics: &'static [&'static str],
    pub explanations: Vec<ExplanationView>,
    pub safeguards: Vec<SafeguardView>,
    /// The alert this hit raised (matches only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<i64>,
    /// Whether the requesting bureau is told (a safeguard may withhold it).
    pub requester_notified: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentHitView {
    pub report_id: String,
    pub number: String,
    pub issuing_country: String,
    pub kind: String,
    /// `stolen`, `lost` or `revoked`.
    pub status: String,
    pub occurred_on: String,
    pub reporting_country: String,
    /// When the report was made.
    pub reported_at: String,
    pub alert: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScreenResult {
    /// The audit reference of this screening.
    pub screening_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrz: Option<MrzReport>,
    /// Candidates at or above 0.50, best first; `match` from 0.70.
    pub hits: Vec<HitView>,
    /// Active stolen, lost or revoked reports on the traveller's documents.
    pub documents: Vec<DocumentHitView>,
    /// Whether anything needs the officer: a match, a reported document, or an MRZ that fails its checks.
    pub attention: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScreenBatchResult {
    pub results: Vec<ScreenResult>,
}

/// A traveller checked and turned into a query.
struct Prepared {
    reference: Option<String>,
    display: String,
    query: Query,
    numbers: Vec<String>,
    mrz: Option<MrzReport>,
    refugee_document: bool,
}

fn field(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") }
}

fn country_code(registry: &CountryRegistry, field: &str, value: &str) -> Result<Option<CountryCode>, FieldError> {
    let v = value.trim().to_ascii_uppercase();
    if v.len() == 3 {
        if REFUGEE_CODES.contains(&v.as_str()) || ["XXA", "XXX", "UNO", "UNA", "UNK", "EUE"].contains(&v.as_str()) {
            return Ok(None);
        }
        return match mrz_states().get(v.as_str()) {
            Some(a2) => registry.known(field, a2).map(Some),
            None => Err(FieldError::new(field, "unknown_country", format!("'{v}' is no ICAO state code"))),
        };
    }
    registry.known(field, &v).map(Some)
}

fn bounded(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(FieldError::new(field, "too_long", format!("at most {max} characters")));
    }
    Ok(v.to_owned())
}

impl Traveller {
    fn prepare(&self, registry: &CountryRegistry, prefix: &str, this_year: i32) -> Result<Prepared, FieldError> {
        let mut names: Vec<NameInput> = Vec::new();
        let mut display: Vec<String> = Vec::new();
        let name = self.name.as_deref().map(|n| bounded(&field(prefix, "name"), n, 300)).transpose()?;
        let given = self.given_names.as_deref().map(|n| bounded(&field(prefix, "given_names"), n, 200)).transpose()?;
        let family = self.family_name.as_deref().map(|n| bounded(&field(prefix, "family_name"), n, 200)).transpose()?;
        let given = given.filter(|g| !g.is_empty());
        let family = family.filter(|f| !f.is_empty());
        match (&given, &family) {
            (Some(g), Some(f)) => {
                names.push(NameInput::parts(g, f));
                display.push(format!("{g} {f}"));
            }
            (Some(only), None) | (None, Some(only)) => {
                names.push(NameInput::full(only));
                display.push(only.clone());
            }
            (None, None) => {}
        }
        if let Some(n) = name.filter(|n| !n.is_empty()) {
            display.push(n.clone());
            names.push(NameInput::full(&n));
        }
        if self.other_names.len() > 20 {
            return Err(FieldError::new(field(prefix, "other_names"), "too_many", "at most 20 names"));
        }
        for (i, n) in self.other_names.iter().enumerate() {
            let n = bounded(&field(prefix, &format!("other_names[{i}]")), n, 300)?;
            if !n.is_empty() {
                names.push(NameInput::full(&n));
            }
        }
        let mut birth_dates = Vec::new();
        if let Some(d) = self.birth_date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            let spec = DateSpec::parse(d).ok_or_else(|| {
                FieldError::new(
                    field(prefix, "birth_date"),
                    "invalid_date",
                    format!("'{d}' is not YYYY-MM-DD, YYYY-MM, YYYY or YYYY..YYYY"),
                )
            })?;
            // A range too: one reaching past this year is no knowledge of when the traveller was born.
            if spec.years().1 > this_year {
                return Err(FieldError::new(field(prefix, "birth_date"), "impossible_date", "a date in the future"));
            }
            birth_dates.push(spec);
            display.push(format!("born {d}"));
        }
        let mut nationalities = Vec::new();
        let mut refugee_document = false;
        for (i, n) in self.nationalities.iter().enumerate() {
            refugee_document |= REFUGEE_CODES.contains(&n.trim().to_ascii_uppercase().as_str());
            if let Some(c) = country_code(registry, &field(prefix, &format!("nationalities[{i}]")), n)? {
                nationalities.push(c.to_string());
            }
        }
        if self.documents.len() > 10 {
            return Err(FieldError::new(field(prefix, "documents"), "too_many", "at most 10 documents"));
        }
        let mut numbers = Vec::new();
        for (i, d) in self.documents.iter().enumerate() {
            let n = canonical_document_number(d);
            if n.is_empty() || n.len() > 40 {
                return Err(FieldError::new(
                    field(prefix, &format!("documents[{i}]")),
                    "invalid_document_number",
                    "1 to 40 letters and digits",
                ));
            }
            numbers.push(n);
        }
        let mut mrz_report = None;
        if let Some(text) = self.mrz.as_deref().filter(|t| !t.trim().is_empty()) {
            let m = article3_screen::mrz::parse(text)
                .map_err(|e| FieldError::new(field(prefix, "mrz"), "invalid_mrz", e.to_string()))?;
            let given = m.given_names.join(" ");
            match (given.is_empty(), m.surname.is_empty()) {
                (false, false) => names.push(NameInput::parts(&given, &m.surname)),
                (true, false) => names.push(NameInput::full(&m.surname)),
                (false, true) => names.push(NameInput::full(&given)),
                (true, true) => {}
            }
            display.push(format!("MRZ {} {}", m.surname, given).trim().to_owned());
            let year = i32::from(m.birth_date.birth_year(u16::try_from(this_year).unwrap_or(2026)));
            let spec = match (m.birth_date.mm, m.birth_date.dd) {
                (0, _) => DateSpec::Year(year),
                (month, 0) => DateSpec::Month { year, month },
                (month, day) => DateSpec::Day { year, month, day },
            };
            birth_dates.push(spec);
            let nat = m.nationality.replace('<', "");
            refugee_document |= REFUGEE_CODES.contains(&nat.as_str());
            if let Ok(Some(c)) = country_code(registry, "mrz.nationality", &nat) {
                nationalities.push(c.to_string());
            }
            let number = canonical_document_number(&m.document_number);
            if !number.is_empty() {
                numbers.push(number);
            }
            mrz_report = Some(MrzReport {
                format: m.format.as_str().to_owned(),
                valid: m.all_checks_pass(),
                checks: m
                    .checks
                    .iter()
                    .map(|c| CheckView {
                        field: c.field.to_owned(),
                        ok: c.ok,
                        expected: c.expected.to_string(),
                        found: c.found.to_string(),
                    })
                    .collect(),
                warnings: m.warnings.clone(),
                document_number: m.document_number.clone(),
                issuing_state: m.issuing_state.clone(),
                nationality: m.nationality.clone(),
                surname: m.surname.clone(),
                given_names: given,
                birth_date: format!("{:02}{:02}{:02}", m.birth_date.yy, m.birth_date.mm, m.birth_date.dd),
            });
        }
        numbers.sort();
        numbers.dedup();
        if names.is_empty() && numbers.is_empty() {
            return Err(FieldError::new(
                field(prefix, "name"),
                "required",
                "give a name, a document number or a machine-readable zone",
            ));
        }
        if display.is_empty() {
            display.push(format!("document {}", numbers.join(", ")));
        }
        let reference = self.reference.as_deref().map(|r| bounded(&field(prefix, "reference"), r, 100)).transpose()?;
        Ok(Prepared {
            reference,
            display: display.join("; "),
            query: Query { names, birth_dates, nationalities, documents: numbers.clone() },
            numbers,
            mrz: mrz_report,
            refugee_document,
        })
    }
}

fn this_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

/// The safeguards known about a candidate, and whether the requesting bureau may be told of the hit.
fn safeguards(actor: &Actor, c: &Candidate, p: &Prepared) -> (Vec<SafeguardView>, bool) {
    let mut out = Vec::new();
    let mut notify = true;
    let here = actor.country;
    use Safeguard as S;
    if c.entry.seeks_arrest {
        out.push(S::JudicialReviewRequired.say(format!(
            "This {} is not an arrest warrant. Nobody is arrested on it until a judicial authority of your \
                 country has reviewed the request.",
            c.entry.label
        )));
    }
    if c.entry.unreviewed {
        out.push(S::NotYetReviewed.say(
            "This diffusion went straight from the requesting country and has not yet been confirmed by a reviewer."
                .to_owned(),
        ));
    }
    if let Some(own) = c.flags.iter().find(|f| Some(f.country) == here) {
        notify = false;
        out.push(S::FlaggedByYourCountry.say(format!(
            "Your country has flagged this {}: it will not act on it here. Reason: {}",
            c.entry.kind.as_str(),
            own.reason
        )));
    }
    for challenge in &c.challenges {
        out.push(S::UnderChallenge.say(format!(
            "The person has challenged this {} before the Commission (file {}, lodged {}); the Commission has \
                 not yet decided whether it complies with the rules.",
            c.entry.label,
            challenge.application.reference,
            article3_domain::iso_date(challenge.application.lodged_on)
        )));
    }
    let others = c.flags.iter().filter(|f| Some(f.country) != here).count();
    if others > 0 {
        out.push(S::FlaggedByOtherCountries.say(format!(
            "{others} other member {} will not act on it.",
            if others == 1 { "country" } else { "countries" }
        )));
    }
    if let Some(cleared) = &c.cleared {
        notify = false;
        let by = if Some(cleared.country) == here { "your country".to_owned() } else { cleared.country.to_string() };
        out.push(S::ClearedNotThePerson.say(format!(
            "On {}, an officer of {by} established that the holder of document {} (issued by {}) is not the \
                 person this {} seeks: {}. The requesting country is not told of this traveller.",
            crate::wire::timestamp_ms(cleared.cleared_at_ms).get(..10).unwrap_or_default(),
            cleared.document_number,
            cleared.issuing_country,
            c.entry.label,
            cleared.reason
        )));
    }
    if let Some(m) = c.misidentified {
        let times = if m.count == 1 { "once".to_owned() } else { format!("{} times", m.count) };
        out.push(S::MisidentifiedBefore.say(format!(
            "Officers have found {times} (last on {}) that a traveller stopped on this {} was not the person it \
                 seeks. Establish identity by fingerprints or documents before acting on the name.",
            crate::wire::timestamp_ms(m.latest_ms).get(..10).unwrap_or_default(),
            c.entry.label
        )));
    }
    if p.refugee_document {
        notify = false;
        out.push(
            S::RefugeeTravelDocument.say(
                "The traveller holds a refugee's travel document: the person may not be returned to a country where \
             they fear persecution."
                    .to_owned(),
            ),
        );
    }
    // What is recorded about the person and the requester (the index holds it for matches).
    for s in c.known.refugee_statuses.iter().filter(|s| s.fled_from == c.entry.owner) {
        notify = false;
        let by = if Some(s.protecting_country) == here { "Your country" } else { "A member country" };
        out.push(S::RefugeeStatusRecorded.say(format!(
            "{by} recorded this person as a refugee from {}, the requesting country: the request is not to be \
                 acted on, and the person's whereabouts are not to be disclosed to it.",
            c.entry.owner
        )));
    }
    if let Some(measure) = c.known.corrective_measure {
        out.push(S::RequesterCorrectiveMeasure.say(format!(
            "{} is under a corrective measure ({}) for its use of the system.",
            c.entry.owner,
            measure.as_str().replace('_', " ")
        )));
    }
    for r in c.known.extradition_refusals.iter().filter(|r| r.requesting_country == c.entry.owner) {
        out.push(
            S::ExtraditionRefused
                .say(format!("{} refused to extradite this person to {}.", r.refusing_country, r.requesting_country)),
        );
    }
    // The same, recorded about a person written another way: as cautious towards the requester, and
    // the officer is told to establish identity.
    for possible in &c.known.possible {
        match &possible.person {
            RecordedPerson::Refugee(s) if s.fled_from == c.entry.owner => {
                notify = false;
                let by = if Some(s.protecting_country) == here { "Your country" } else { "A member country" };
                // The requester is never told of this hit, so the officer may read how the names compared.
                let why = format!("(score {:.2}: {})", possible.score, possible.evidence);
                out.push(S::PossibleRefugeeStatus.say(format!(
                    "{by} recorded as a refugee from {}, the requesting country, a person the screening engine \
                     finds close to the subject of this {} {why}. Establish whether it is the same person before \
                     acting; the person's whereabouts are not disclosed to the requesting country meanwhile.",
                    c.entry.owner, c.entry.label
                )));
            }
            RecordedPerson::Refusal(r) if r.requesting_country == c.entry.owner => {
                // The requester may receive this alert: the score, not the refusing country's spelling.
                let why = format!("(score {:.2})", possible.score);
                out.push(S::PossibleExtraditionRefusal.say(format!(
                    "{} refused to extradite to {} a person the screening engine finds close to the subject of \
                     this {} {why}. Establish whether it is the same person.",
                    r.refusing_country, r.requesting_country, c.entry.label
                )));
            }
            _ => {}
        }
    }
    (out, notify)
}

fn hit_view(c: &Candidate, safeguards: Vec<SafeguardView>) -> HitView {
    let primary = c
        .entry
        .subject
        .names
        .iter()
        .find(|n| n.kind == article3_domain::NameKind::Primary)
        .or_else(|| c.entry.subject.names.first())
        .map(|n| n.full.clone())
        .unwrap_or_default();
    HitView {
        kind: c.entry.kind.as_str().to_owned(),
        id: c.entry.id.clone(),
        label: c.entry.label.clone(),
        requesting_country: c.entry.owner.to_string(),
        action: c.entry.action.clone(),
        score: (c.score * 1000.0).round() / 1000.0,
        is_match: c.score >= ALERT_THRESHOLD,
        name: primary,
        birth_dates: c.entry.subject.birth_dates.iter().map(ToString::to_string).collect(),
        nationalities: c.entry.subject.nationalities.iter().map(ToString::to_string).collect(),
        recorded_at: timestamp_ms(c.entry.created_ms),
        changed_at: timestamp_ms(c.entry.changed_ms),
        topics: entry_topics(&c.entry),
        explanations: c
            .explanations
            .iter()
            .map(|e| ExplanationView {
                feature: e.feature.to_owned(),
                score: (e.score * 1000.0).round() / 1000.0,
                query: e.query.clone(),
                listed: e.listed.clone(),
                detail: e.detail.clone(),
            })
            .collect(),
        safeguards,
        alert: None,
        requester_notified: false,
    }
}

fn document_view(d: &DocumentRecord) -> DocumentHitView {
    DocumentHitView {
        report_id: d.id.clone(),
        number: d.report.number.clone(),
        issuing_country: d.report.issuing_country.to_string(),
        kind: d.report.kind.as_str().to_owned(),
        status: d.report.status.as_str().to_owned(),
        occurred_on: article3_domain::iso_date(d.report.occurred_on),
        reporting_country: d.reporting_country.to_string(),
        reported_at: timestamp_ms(d.reported_at_ms),
        alert: None,
    }
}

/// Which records a screening searches, within what the officer's country may see: everything for
/// `/api/v1/screen`; what a client chose for `/match/{dataset}`.
#[derive(Debug, Clone)]
struct Scope {
    notices: bool,
    diffusions: bool,
    documents: bool,
    /// FollowTheMoney topics, one of which a record must carry; empty for any record.
    topics: Vec<String>,
    /// Only records changed after this moment (milliseconds since the epoch).
    changed_after_ms: Option<i64>,
    /// Result ids (`a3-notice-…`) the client excludes, as a person's earlier "not this one".
    excluded: BTreeSet<String>,
}

impl Scope {
    fn all() -> Self {
        Self {
            notices: true,
            diffusions: true,
            documents: true,
            topics: Vec::new(),
            changed_after_ms: None,
            excluded: BTreeSet::new(),
        }
    }

    /// Whether a notice or diffusion is searched (exclusions apart: they are noted when found).
    fn admits(&self, e: &Entry) -> bool {
        let kind = match e.kind {
            RecordKind::Notice => self.notices,
            RecordKind::Diffusion => self.diffusions,
        };
        kind && self.topics_admit(entry_topics(e)) && self.changed_after_ms.is_none_or(|t| e.changed_ms > t)
    }

    /// Whether a reported document is searched.
    fn admits_document(&self, d: &DocumentRecord) -> bool {
        self.documents && self.topics_admit(&[]) && self.changed_after_ms.is_none_or(|t| d.reported_at_ms > t)
    }

    /// Whether the client excluded the record of this kind (as `/match` results name it) and id.
    fn excludes(&self, kind: &str, id: &str) -> bool {
        !self.excluded.is_empty() && self.excluded.contains(&entity_id(kind, id))
    }

    fn topics_admit(&self, topics: &[&str]) -> bool {
        self.topics.is_empty() || self.topics.iter().any(|t| topics.contains(&t.as_str()))
    }

    /// What the screening searched, for its audit record; `None` when it searched everything.
    fn describe(&self) -> Option<String> {
        let everything = self.notices && self.diffusions && self.documents && self.topics.is_empty();
        if everything && self.changed_after_ms.is_none() && self.excluded.is_empty() {
            return None;
        }
        let datasets: Vec<&str> =
            [(self.notices, "notices"), (self.diffusions, "diffusions"), (self.documents, DOCUMENTS)]
                .into_iter()
                .filter_map(|(on, name)| on.then_some(name))
                .collect();
        let mut out = format!("datasets={}", datasets.join(","));
        if !self.topics.is_empty() {
            out.push_str(&format!(" topics={}", self.topics.join(",")));
        }
        if let Some(t) = self.changed_after_ms {
            out.push_str(&format!(" changed_after={}", timestamp_ms(t)));
        }
        if !self.excluded.is_empty() {
            out.push_str(&format!(" excluded_ids={}", self.excluded.len()));
        }
        Some(out)
    }
}

/// The FollowTheMoney topics of a record: what it asks, in the vocabulary screening clients filter by.
/// A missing person, an unidentified body or a modus operandi carries none: nothing about them is a
/// crime or a risk of the person's.
fn entry_topics(e: &Entry) -> &'static [&'static str] {
    use article3_domain::{Colour, DiffusionPurpose};
    match (e.colour, e.purpose) {
        (Some(Colour::Red), _) | (_, Some(DiffusionPurpose::Arrest)) => &["crime", "wanted"],
        (Some(Colour::Blue | Colour::Green), _) => &["crime", "poi"],
        (Some(Colour::Orange), _)
        | (_, Some(DiffusionPurpose::Locate | DiffusionPurpose::Information | DiffusionPurpose::Warning)) => &["poi"],
        (Some(Colour::UnSpecial), _) => &["sanction"],
        _ => &[],
    }
}

/// The id a record's entity has in `/match` results.
fn entity_id(kind: &str, id: &str) -> String {
    format!("a3-{kind}-{id}")
}

const DOCUMENTS: &str = "travel_documents";
/// A reported document's kind in its `/match` result id (`a3-travel-document-…`).
const DOCUMENT_KIND: &str = "travel-document";

/// Screens travellers: searches, safeguards, audit, alerts. The one path every endpoint takes.
async fn run(
    state: &AppState,
    actor: &Actor,
    prepared: Vec<Prepared>,
    limit: usize,
    cutoff: f32,
    scope: Scope,
) -> ApiResult<Vec<ScreenResult>> {
    let viewer = Viewer::User { role: actor.role, country: actor.country };
    let queries = prepared.iter().map(|p| (p.query.clone(), p.numbers.clone())).collect();
    let searched = scope.clone();
    // Deeper by the excluded records, so that finding them does not shorten the list.
    let depth = limit + scope.excluded.len();
    let found: Vec<Found> = state.screening.search(viewer, queries, depth, cutoff, move |e| searched.admits(e)).await;
    let described = scope.describe();
    let mut results = Vec::with_capacity(prepared.len());
    let mut events = Vec::new();
    let mut alerts: Vec<NewAlert> = Vec::new();
    // Which result and hit each alert belongs to, to fill in its number once stored.
    let mut alert_slots: Vec<(usize, Option<usize>, Option<usize>)> = Vec::new();
    for (p, f) in prepared.iter().zip(found) {
        let screening_id = uuid::Uuid::now_v7().to_string();
        let mut hits = Vec::new();
        let result_index = results.len();
        // Records the client excluded that the search found: not shown and raising no alert, but named
        // in the query's audit record, with their scores.
        let mut excluded = Vec::new();
        for c in &f.candidates {
            let kind = c.entry.kind.as_str();
            if scope.excludes(kind, &c.entry.id) {
                let matched = if c.score >= ALERT_THRESHOLD { " match" } else { "" };
                excluded.push(format!("{kind}/{} {:.3}{matched}", c.entry.id, c.score));
                continue;
            }
            if hits.len() == limit {
                break;
            }
            let (guards, notify) = safeguards(actor, c, p);
            let mut view = hit_view(c, guards);
            if view.is_match {
                view.requester_notified = notify;
                alerts.push(NewAlert {
                    kind: c.entry.kind.as_str().to_owned(),
                    object_id: c.entry.id.clone(),
                    owner: c.entry.owner,
                    score: c.score,
                    traveller: p.display.clone(),
                    notify_requester: notify,
                    safeguards: view
                        .safeguards
                        .iter()
                        .map(|s| AlertSafeguard { code: s.code.clone(), text: s.text.clone() })
                        .collect(),
                });
                alert_slots.push((result_index, Some(hits.len()), None));
            }
            hits.push(view);
        }
        let mut documents = Vec::new();
        for d in f.documents.iter().filter(|d| scope.admits_document(d)) {
            if scope.excludes(DOCUMENT_KIND, &d.id) {
                excluded.push(format!("travel_document/{} 1.000 match", d.id));
                continue;
            }
            events.push(
                AuditEvent::new("travel_document.hit", "travel_document", &d.id)
                    .by(actor)
                    .detail(format!("screening={screening_id} number={}", d.report.number)),
            );
            alerts.push(NewAlert {
                kind: "travel_document".to_owned(),
                object_id: d.id.clone(),
                owner: d.reporting_country,
                score: 1.0,
                traveller: p.display.clone(),
                notify_requester: true,
                safeguards: vec![AlertSafeguard {
                    code: Safeguard::DocumentReported.as_str().to_owned(),
                    text: format!(
                        "Document {} reported {} by {} on {}.",
                        d.report.number,
                        d.report.status.as_str(),
                        d.reporting_country,
                        article3_domain::iso_date(d.report.occurred_on)
                    ),
                }],
            });
            alert_slots.push((result_index, None, Some(documents.len())));
            documents.push(document_view(d));
        }
        let mrz_failed = p.mrz.as_ref().is_some_and(|m| !m.valid);
        // The query's record names every hit shown (a match is also recorded under the matched record,
        // by its alert), so that one record per screening audits every hit.
        let shown: Vec<String> = hits
            .iter()
            .map(|h| format!("{}/{} {:.3}{}", h.kind, h.id, h.score, if h.is_match { " match" } else { "" }))
            .collect();
        // The traveller is not named here: the chain keeps its records for ever, and most travellers are
        // no one's concern. A match's alert names them, until the retention sweep erases it.
        let mut detail = format!(
            "hits={} [{}]; matches={}; documents={}; mrz={}",
            hits.len(),
            shown.join(", "),
            hits.iter().filter(|h| h.is_match).count(),
            documents.len(),
            match &p.mrz {
                None => "none",
                Some(m) if m.valid => "valid",
                Some(_) => "failed_checks",
            }
        );
        if let Some(scope) = &described {
            detail.push_str(&format!("; scope: {scope}; excluded=[{}]", excluded.join(", ")));
        }
        events.push(AuditEvent::new("screen.query", "screening", &screening_id).by(actor).detail(detail));
        let attention = mrz_failed || !documents.is_empty() || hits.iter().any(|h| h.is_match);
        results.push(ScreenResult {
            screening_id,
            reference: p.reference.clone(),
            mrz: p.mrz.clone(),
            hits,
            documents,
            attention,
        });
    }
    let stored = state.screening.log(actor, events, alerts).await?;
    state.metrics.count("article3_screenings_total", &[], results.len() as u64);
    for kind in ["notice", "diffusion", "travel_document"] {
        let raised = stored.iter().filter(|a| a.kind == kind).count() as u64;
        state.metrics.count("article3_alerts_raised_total", &[("kind", kind)], raised);
    }
    for (record, (r, hit, doc)) in stored.iter().zip(alert_slots) {
        if let Some(h) = hit.and_then(|h| results.get_mut(r).and_then(|res| res.hits.get_mut(h))) {
            h.alert = Some(record.seq);
        }
        if let Some(d) = doc.and_then(|d| results.get_mut(r).and_then(|res| res.documents.get_mut(d))) {
            d.alert = Some(record.seq);
        }
    }
    Ok(results)
}

fn limit_of(limit: Option<usize>) -> ApiResult<usize> {
    match limit {
        None => Ok(10),
        Some(n) if (1..=50).contains(&n) => Ok(n),
        Some(_) => Err(FieldError::new("limit", "out_of_range", "between 1 and 50").into()),
    }
}

/// Screen one traveller against every notice and diffusion your country may see, and against the
/// stolen and lost travel documents register. Hits carry explanations and safeguards; a match raises an
/// alert; the query and every hit are audited.
#[utoipa::path(post, path = "/api/v1/screen", tag = "screening", security(("bearer" = [])), request_body = Traveller,
    params(ScreenParams),
    responses((status = 200, body = ScreenResult), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn screen(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiQuery(params): ApiQuery<ScreenParams>,
    ApiJson(body): ApiJson<Traveller>,
) -> ApiResult<Json<ScreenResult>> {
    require(&actor)?;
    let limit = limit_of(params.limit)?;
    let prepared = {
        let registry = state.countries.read().await;
        body.prepare(&registry, "", this_year())?
    };
    let mut results = run(&state, &actor, vec![prepared], limit, SHOW_CUTOFF, Scope::all()).await?;
    results.pop().map(Json).ok_or_else(ApiError::not_found)
}

/// Screen up to 1,000 travellers in one request (a flight manifest). One invalid traveller refuses the
/// whole batch, naming it (`travellers[3].birth_date`).
#[utoipa::path(post, path = "/api/v1/screen/batch", tag = "screening", security(("bearer" = [])), request_body = ScreenBatch,
    params(ScreenParams),
    responses((status = 200, body = ScreenBatchResult), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn screen_batch(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiQuery(params): ApiQuery<ScreenParams>,
    ApiJson(body): ApiJson<ScreenBatch>,
) -> ApiResult<Json<ScreenBatchResult>> {
    require(&actor)?;
    let limit = limit_of(params.limit)?;
    if body.travellers.is_empty() || body.travellers.len() > MAX_BATCH {
        return Err(FieldError::new("travellers", "out_of_range", format!("1 to {MAX_BATCH} travellers")).into());
    }
    let prepared = {
        let registry = state.countries.read().await;
        let year = this_year();
        body.travellers
            .iter()
            .enumerate()
            .map(|(i, t)| t.prepare(&registry, &format!("travellers[{i}]"), year))
            .collect::<Result<Vec<_>, _>>()?
    };
    let results = run(&state, &actor, prepared, limit, SHOW_CUTOFF, Scope::all()).await?;
    Ok(Json(ScreenBatchResult { results }))
}

fn require(actor: &Actor) -> ApiResult<()> {
    if SCREENERS.contains(&actor.role) && actor.country.is_some() {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "screening needs the role border, ncb or caseworker, for a country; you are {}",
            actor.role.as_str()
        )))
    }
}

// ---------------------------------------------------------------------------------------------------
// The interface of existing screening clients: FollowTheMoney `Person` examples in, scored entities out.

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MatchRequest {
    /// Examples by your own keys (up to 100), echoed back.
    pub queries: BTreeMap<String, MatchQuery>,
    /// Accepted for compatibility; article3 uses its own weights.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub weights: Option<Value>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub config: Option<Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct MatchQuery {
    /// `Person` (also `LegalEntity` and `Thing`, read as a person).
    pub schema: String,
    /// FollowTheMoney properties as lists of strings: `name`, `firstName`, `lastName`, `middleName`,
    /// `fatherName`, `alias`, `weakAlias`, `previousName`, `birthDate`, `nationality`, `citizenship`,
    /// `passportNumber`, `idNumber`. Others are ignored.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub properties: BTreeMap<String, Value>,
}

/// The query string of `/match/{dataset}`: the parameters screening clients send, each list parameter
/// repeated (`topics=wanted&topics=sanction`). An unknown parameter, or a single one given twice, is a
/// 400 naming it.
#[derive(Debug, Clone, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// Results per query, 1–500 (default 5).
    pub limit: Option<usize>,
    /// A result is a `match` at or above it (default 0.70).
    pub threshold: Option<f32>,
    /// Results at or below it are dropped (default 0.50; never above `threshold`).
    pub cutoff: Option<f32>,
    /// Accepted for compatibility; article3 has one algorithm.
    pub algorithm: Option<String>,
    /// Only these datasets of the one in the path: `notices`, `diffusions`, `travel_documents`.
    #[param(required = false)]
    pub include_dataset: Vec<String>,
    /// Not these datasets (same names).
    #[param(required = false)]
    pub exclude_dataset: Vec<String>,
    /// Not entities of these schemata: `Person` (notices and diffusions), `Passport` (reported documents).
    #[param(required = false)]
    pub exclude_schema: Vec<String>,
    /// Only records carrying one of these FollowTheMoney topics: `wanted` and `crime` (red notices,
    /// arrest diffusions), `poi` (blue, green and orange notices; locate, information and warning
    /// diffusions), `sanction` (UN Security Council special notices). Missing persons, unidentified
    /// bodies and modus operandi carry none.
    #[param(required = false)]
    pub topics: Vec<String>,
    /// Only records changed after this moment (RFC 3339, or a date: midnight UTC).
    pub changed_since: Option<String>,
    /// Up to 50 result ids (`a3-notice-…`) not to return: records a person already found not to be the
    /// traveller. They raise no alert; the screening's audit record names those found, with scores.
    #[param(required = false)]
    pub exclude_entity_ids: Vec<String>,
}

/// At most this many `exclude_entity_ids`.
const MAX_EXCLUDED: usize = 50;

impl MatchParams {
    fn parse(query: Option<&str>) -> ApiResult<Self> {
        let pairs = crate::extract::query_pairs(query.unwrap_or(""))?;
        let mut p = Self::default();
        let mut seen = BTreeSet::new();
        for (key, value) in pairs {
            let repeatable = matches!(
                key.as_str(),
                "include_dataset" | "exclude_dataset" | "exclude_schema" | "topics" | "exclude_entity_ids"
            );
            if !repeatable && !seen.insert(key.clone()) {
                return Err(ApiError::bad_request(Some(key.clone()), format!("query: '{key}' given more than once")));
            }
            match key.as_str() {
                "limit" => p.limit = Some(number(&key, &value)?),
                "threshold" => p.threshold = Some(number(&key, &value)?),
                "cutoff" => p.cutoff = Some(number(&key, &value)?),
                "algorithm" => p.algorithm = Some(value),
                "include_dataset" => p.include_dataset.push(value),
                "exclude_dataset" => p.exclude_dataset.push(value),
                "exclude_schema" => p.exclude_schema.push(value),
                "topics" => p.topics.push(value),
                "changed_since" => p.changed_since = Some(value),
                "exclude_entity_ids" => p.exclude_entity_ids.push(value),
                _ => return Err(ApiError::bad_request(Some(key.clone()), format!("query: unknown parameter '{key}'"))),
            }
        }
        Ok(p)
    }

    /// The records searched: the path's dataset, narrowed by the parameters.
    fn scope(&self, dataset: &str) -> ApiResult<Scope> {
        let mut scope = dataset_scope(dataset)?;
        let known = |field: &str, names: &[String]| -> Result<(), FieldError> {
            match names.iter().find(|n| !DATASETS.contains(&n.as_str())) {
                Some(n) => Err(FieldError::new(
                    field,
                    "unknown_dataset",
                    format!("no dataset '{n}': use {}", DATASETS.join(", ")),
                )),
                None => Ok(()),
            }
        };
        known("include_dataset", &self.include_dataset)?;
        known("exclude_dataset", &self.exclude_dataset)?;
        let include = |name: &str| self.include_dataset.is_empty() || self.include_dataset.iter().any(|d| d == name);
        let exclude = |name: &str| self.exclude_dataset.iter().any(|d| d == name);
        let schema_out = |name: &str| self.exclude_schema.iter().any(|s| s == name);
        scope.notices &= include("notices") && !exclude("notices") && !schema_out(PERSON);
        scope.diffusions &= include("diffusions") && !exclude("diffusions") && !schema_out(PERSON);
        scope.documents &= include(DOCUMENTS) && !exclude(DOCUMENTS) && !schema_out(PASSPORT);
        if let Some(t) = self.topics.iter().find(|t| t.is_empty() || t.len() > 64) {
            return Err(FieldError::new("topics", "invalid", format!("'{t}' is not a topic")).into());
        }
        scope.topics.clone_from(&self.topics);
        scope.changed_after_ms = self.changed_since.as_deref().map(changed_since).transpose()?;
        if self.exclude_entity_ids.len() > MAX_EXCLUDED {
            return Err(
                FieldError::new("exclude_entity_ids", "out_of_range", format!("at most {MAX_EXCLUDED} ids")).into()
            );
        }
        scope.excluded = self.exclude_entity_ids.iter().cloned().collect();
        Ok(scope)
    }
}

fn number<T: std::str::FromStr>(key: &str, value: &str) -> ApiResult<T> {
    value
        .trim()
        .parse()
        .map_err(|_| ApiError::bad_request(Some(key.to_owned()), format!("query: '{key}' is not a number")))
}

/// `changed_since` as milliseconds since the epoch: RFC 3339, or a date (midnight UTC), or a date and
/// time without an offset (UTC).
fn changed_since(value: &str) -> Result<i64, FieldError> {
    use time::format_description::well_known::Rfc3339;
    let bad = || {
        FieldError::new("changed_since", "invalid_date", "a date (2024-05-01) or a timestamp (2024-05-01T12:00:00Z)")
    };
    let value = value.trim();
    let at = if let Ok(at) = time::OffsetDateTime::parse(value, &Rfc3339) {
        at
    } else if let Ok(at) = time::OffsetDateTime::parse(&format!("{value}Z"), &Rfc3339) {
        at
    } else {
        let date =
            time::Date::parse(value, time::macros::format_description!("[year]-[month]-[day]")).map_err(|_| bad())?;
        date.midnight().assume_utc()
    };
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).map_err(|_| bad())
}

/// What a `/match` result's `datasets` names.
const DATASETS: [&str; 3] = ["notices", "diffusions", DOCUMENTS];
/// The schemata of `/match` results.
const PERSON: &str = "Person";
const PASSPORT: &str = "Passport";

/// The properties a query's other names, nationalities and document numbers are read from, in the
/// order they are taken (which an error's index into them follows).
const ALIAS_PROPERTIES: [&str; 3] = ["alias", "previousName", "weakAlias"];
const NATIONALITY_PROPERTIES: [&str; 2] = ["nationality", "citizenship"];
const DOCUMENT_PROPERTIES: [&str; 2] = ["passportNumber", "idNumber"];

/// The strings of each of `keys`' properties, one property after another.
fn strings_of(props: &BTreeMap<String, Value>, keys: &[&str]) -> Vec<String> {
    keys.iter().flat_map(|key| strings(props, key)).collect()
}

fn strings(props: &BTreeMap<String, Value>, key: &str) -> Vec<String> {
    match props.get(key) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

/// The `i`-th of the strings of `keys`' properties taken one after another, as `key[j]`.
fn nth_property(props: &BTreeMap<String, Value>, keys: &[&str], mut i: usize) -> Option<String> {
    for key in keys {
        let n = strings(props, key).len();
        if i < n {
            return Some(format!("{key}[{i}]"));
        }
        i -= n;
    }
    None
}

impl MatchQuery {
    /// The property a field of the traveller made from this query came from, as the client wrote it
    /// (`birth_date` is `birthDate[0]`, `other_names[2]` perhaps `alias[1]`): an error names what the
    /// client sent. `None` for a field no property makes.
    fn property_of(&self, field: &str) -> Option<String> {
        let p = &self.properties;
        let indexed =
            field.strip_suffix(']').and_then(|f| f.split_once('[')).and_then(|(list, i)| Some((list, i.parse().ok()?)));
        // The first value of a property, or the property itself when the query gives none.
        let first = |key: &str| if strings(p, key).is_empty() { key.to_owned() } else { format!("{key}[0]") };
        match (field, indexed) {
            ("name", _) => Some(first("name")),
            ("given_names", _) => Some(first("firstName")),
            ("family_name", _) => Some(first("lastName")),
            ("birth_date", _) => Some(first("birthDate")),
            (_, Some(("other_names", i))) => {
                // The names after the first, then the aliases (as `traveller` takes them).
                let after_first = strings(p, "name").len().saturating_sub(1);
                if i < after_first {
                    Some(format!("name[{}]", i + 1))
                } else {
                    nth_property(p, &ALIAS_PROPERTIES, i - after_first)
                }
            }
            (_, Some(("documents", i))) => nth_property(p, &DOCUMENT_PROPERTIES, i),
            (_, Some(("nationalities", i))) => {
                let mut all = strings_of(p, &NATIONALITY_PROPERTIES);
                all.sort();
                all.dedup();
                let wanted = all.get(i)?.to_ascii_uppercase();
                NATIONALITY_PROPERTIES.iter().find_map(|key| {
                    let at = strings(p, key).iter().position(|v| v.to_ascii_uppercase() == wanted)?;
                    Some(format!("{key}[{at}]"))
                })
            }
            _ => None,
        }
    }

    fn traveller(&self, key: &str) -> Result<Traveller, FieldError> {
        if !["Person", "LegalEntity", "Thing"].contains(&self.schema.as_str()) {
            return Err(FieldError::new(
                format!("queries.{key}.schema"),
                "unsupported_schema",
                "article3 holds people: use Person",
            ));
        }
        let p = &self.properties;
        let first = strings(p, "firstName");
        let last = strings(p, "lastName");
        let middle = strings(p, "middleName");
        let mut given = first.first().cloned();
        if let (Some(g), Some(m)) = (&mut given, middle.first()) {
            g.push(' ');
            g.push_str(m);
        }
        let mut names = strings(p, "name");
        let name = if names.is_empty() { None } else { Some(names.remove(0)) };
        let mut other = names;
        other.extend(strings_of(p, &ALIAS_PROPERTIES));
        other.truncate(20);
        let mut nationalities = strings_of(p, &NATIONALITY_PROPERTIES);
        nationalities.sort();
        nationalities.dedup();
        let mut documents = strings_of(p, &DOCUMENT_PROPERTIES);
        documents.truncate(10);
        Ok(Traveller {
            reference: Some(key.chars().take(100).collect()),
            name,
            given_names: given,
            family_name: last.first().cloned(),
            other_names: other,
            birth_date: strings(p, "birthDate").into_iter().next(),
            nationalities: nationalities.into_iter().map(|n| n.to_ascii_uppercase()).collect(),
            documents,
            mrz: None,
        })
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchExplanation {
    pub score: f32,
    pub detail: String,
    pub query: String,
    pub candidate: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchResult {
    pub id: String,
    pub caption: String,
    pub schema: String,
    #[schema(value_type = Object)]
    pub properties: BTreeMap<String, Vec<String>>,
    pub datasets: Vec<String>,
    pub referents: Vec<String>,
    pub target: bool,
    /// When the record was created (a document: reported).
    pub first_seen: String,
    /// When this screening found it live.
    pub last_seen: String,
    /// When the record last changed (a document: reported).
    pub last_change: String,
    pub score: f32,
    #[serde(rename = "match")]
    pub is_match: bool,
    pub features: BTreeMap<String, f32>,
    pub explanations: BTreeMap<String, MatchExplanation>,
    /// What the officer must know before acting (article3's addition).
    pub safeguards: Vec<SafeguardView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchTotal {
    pub value: usize,
    pub relation: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchResponseEntry {
    pub status: u16,
    pub query: MatchQueryEcho,
    pub total: MatchTotal,
    pub results: Vec<MatchResult>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchQueryEcho {
    pub id: String,
    pub schema: String,
    #[schema(value_type = Object)]
    pub properties: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchResponse {
    pub responses: BTreeMap<String, MatchResponseEntry>,
    /// What each feature of the results' `features` and `explanations` means.
    pub matcher: BTreeMap<String, FeatureDoc>,
    pub limit: usize,
}

/// One feature of the scorer: what it means, and its weight (every effect is added as it is, the
/// score kept between 0 and 1).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeatureDoc {
    pub description: String,
    pub coefficient: f32,
    pub url: String,
}

/// The feature a reported document's result names.
const IDENTIFIER_MATCH: &str = "identifier_match";

/// The scorer's features, as `/match` and `/algorithms` describe them.
fn feature_docs() -> BTreeMap<String, FeatureDoc> {
    let document = (IDENTIFIER_MATCH, "The document's number is reported stolen, lost or revoked: the score is 1.");
    article3_screen::index::feature::ALL
        .into_iter()
        .chain([document])
        .map(|(name, description)| {
            let doc =
                FeatureDoc { description: description.to_owned(), coefficient: 1.0, url: ALGORITHMS_PATH.to_owned() };
            (name.to_owned(), doc)
        })
        .collect()
}

/// article3's one scorer, by the name `/algorithms` gives it; `/match` takes any `algorithm` and uses it.
const ALGORITHM: &str = "article3";
const ALGORITHMS_PATH: &str = "/algorithms";

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlgorithmView {
    pub name: String,
    pub description: String,
    pub features: BTreeMap<String, FeatureDoc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Algorithms {
    pub algorithms: Vec<AlgorithmView>,
    pub default: String,
    pub best: String,
}

/// The scoring algorithm `/match` uses and its features, in the shape screening clients read. No login.
#[utoipa::path(get, path = "/algorithms", tag = "screening", responses((status = 200, body = Algorithms)))]
pub async fn algorithms() -> Json<Algorithms> {
    let description = "Names compared part by part across scripts, romanisations, spelling families, merged and \
        split words and typos; the date of birth and the nationality lower a score, never raise it; an exact \
        document number decides. Whatever `algorithm` a query names, this one scores it.";
    Json(Algorithms {
        algorithms: vec![AlgorithmView {
            name: ALGORITHM.to_owned(),
            description: description.to_owned(),
            features: feature_docs(),
        }],
        default: ALGORITHM.to_owned(),
        best: ALGORITHM.to_owned(),
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DatasetView {
    pub name: String,
    pub title: String,
    pub summary: String,
    pub load: bool,
    /// `live`: the index follows every change as it is made.
    pub version: String,
    pub index_current: bool,
    /// The datasets a collection is made of.
    pub children: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Catalog {
    pub datasets: Vec<DatasetView>,
    pub current: Vec<String>,
    pub outdated: Vec<String>,
    pub index_stale: bool,
}

/// The datasets `/match/{dataset}` screens against, in the shape screening clients read: names and
/// what they hold, never a count or a record. No login.
#[utoipa::path(get, path = "/catalog", tag = "screening", responses((status = 200, body = Catalog)))]
pub async fn catalog() -> Json<Catalog> {
    let dataset = |name: &str, title: &str, summary: &str, children: &[&str]| DatasetView {
        name: name.to_owned(),
        title: title.to_owned(),
        summary: summary.to_owned(),
        load: true,
        version: "live".to_owned(),
        index_current: true,
        children: children.iter().map(|c| (*c).to_owned()).collect(),
    };
    let datasets = vec![
        dataset(
            "default",
            "Everything your country may see",
            "Notices, diffusions and reported travel documents, as the screening officer's country may see them.",
            &DATASETS,
        ),
        dataset("notices", "Notices", "Published notices of every colour.", &[]),
        dataset("diffusions", "Diffusions", "Diffusions circulated to your country.", &[]),
        dataset(DOCUMENTS, "Stolen, lost and revoked travel documents", "Reports matched by exact number.", &[]),
    ];
    let current = datasets.iter().map(|d| d.name.clone()).collect();
    Json(Catalog { datasets, current, outdated: Vec::new(), index_stale: false })
}

fn dataset_scope(dataset: &str) -> ApiResult<Scope> {
    let all = Scope::all();
    let only = |notices, diffusions, documents| Scope { notices, diffusions, documents, ..Scope::all() };
    match dataset {
        "default" | "article3" | "all" => Ok(all),
        "notices" => Ok(only(true, false, false)),
        "diffusions" => Ok(only(false, true, false)),
        DOCUMENTS => Ok(only(false, false, true)),
        _ => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_dataset",
            format!("no dataset '{dataset}': use default, notices, diffusions or {DOCUMENTS}"),
        )),
    }
}

fn hit_entity(h: &HitView, threshold: f32, now: &str) -> MatchResult {
    let mut properties = BTreeMap::new();
    properties.insert("name".to_owned(), vec![h.name.clone()]);
    if !h.birth_dates.is_empty() {
        properties.insert("birthDate".to_owned(), h.birth_dates.clone());
    }
    if !h.nationalities.is_empty() {
        properties.insert("nationality".to_owned(), h.nationalities.iter().map(|n| n.to_ascii_lowercase()).collect());
    }
    properties.insert("notes".to_owned(), vec![format!("{} from {}: {}", h.label, h.requesting_country, h.action)]);
    if !h.topics.is_empty() {
        properties.insert("topics".to_owned(), h.topics.iter().map(|t| (*t).to_owned()).collect());
    }
    let mut features = BTreeMap::new();
    let mut explanations = BTreeMap::new();
    for e in &h.explanations {
        features.insert(e.feature.clone(), e.score);
        explanations.insert(
            e.feature.clone(),
            MatchExplanation {
                score: e.score,
                detail: e.detail.clone(),
                query: e.query.clone(),
                candidate: e.listed.clone(),
            },
        );
    }
    MatchResult {
        id: entity_id(&h.kind, &h.id),
        caption: h.name.clone(),
        schema: PERSON.to_owned(),
        properties,
        datasets: vec![format!("{}s", h.kind)],
        referents: Vec::new(),
        target: true,
        first_seen: h.recorded_at.clone(),
        last_seen: now.to_owned(),
        last_change: h.changed_at.clone(),
        score: h.score,
        is_match: h.score >= threshold,
        features,
        explanations,
        safeguards: h.safeguards.clone(),
    }
}

fn document_entity(d: &DocumentHitView, now: &str) -> MatchResult {
    let mut properties = BTreeMap::new();
    properties.insert("number".to_owned(), vec![d.number.clone()]);
    properties.insert("country".to_owned(), vec![d.issuing_country.to_ascii_lowercase()]);
    properties.insert("type".to_owned(), vec![d.kind.clone()]);
    properties.insert("notes".to_owned(), vec![format!("reported {} by {}", d.status, d.reporting_country)]);
    let mut explanations = BTreeMap::new();
    explanations.insert(
        IDENTIFIER_MATCH.to_owned(),
        MatchExplanation {
            score: 1.0,
            detail: "the document number is reported stolen, lost or revoked".to_owned(),
            query: d.number.clone(),
            candidate: d.number.clone(),
        },
    );
    MatchResult {
        id: entity_id(DOCUMENT_KIND, &d.report_id),
        caption: format!("{} {}", d.issuing_country, d.number),
        schema: PASSPORT.to_owned(),
        properties,
        datasets: vec![DOCUMENTS.to_owned()],
        referents: Vec::new(),
        target: true,
        first_seen: d.reported_at.clone(),
        last_seen: now.to_owned(),
        last_change: d.reported_at.clone(),
        score: 1.0,
        is_match: true,
        features: BTreeMap::from([(IDENTIFIER_MATCH.to_owned(), 1.0)]),
        explanations,
        safeguards: Vec::new(),
    }
}

/// Screening in the request and response shape existing screening clients send and read: FollowTheMoney
/// `Person` examples by key, scored entities with `match` and `explanations` back, best first. Datasets:
/// `default` (everything your country may see), `notices`, `diffusions`, `travel_documents`; the query
/// string narrows them as screening clients do. Audited and alerting like `/api/v1/screen`; the audit
/// record also says what was searched and which excluded records were found.
#[utoipa::path(post, path = "/match/{dataset}", tag = "screening", security(("bearer" = [])), request_body = MatchRequest,
    params(("dataset" = String, Path, description = "default, notices, diffusions or travel_documents"), MatchParams),
    responses((status = 200, body = MatchResponse), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn match_dataset(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(dataset): Path<String>,
    RawQuery(query): RawQuery,
    ApiJson(body): ApiJson<MatchRequest>,
) -> ApiResult<Response> {
    require(&actor)?;
    let params = MatchParams::parse(query.as_deref())?;
    let scope = params.scope(&dataset)?;
    let limit = match params.limit {
        None => 5,
        Some(n) if (1..=500).contains(&n) => n,
        Some(_) => return Err(FieldError::new("limit", "out_of_range", "between 1 and 500").into()),
    };
    let threshold = params.threshold.unwrap_or(ALERT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        return Err(FieldError::new("threshold", "out_of_range", "between 0 and 1").into());
    }
    let cutoff = params.cutoff.unwrap_or(SHOW_CUTOFF).min(threshold);
    if !(0.0..=1.0).contains(&cutoff) {
        return Err(FieldError::new("cutoff", "out_of_range", "between 0 and 1").into());
    }
    if body.queries.is_empty() || body.queries.len() > MAX_MATCH_BATCH {
        return Err(FieldError::new("queries", "out_of_range", format!("1 to {MAX_MATCH_BATCH} queries")).into());
    }
    let prepared = {
        let registry = state.countries.read().await;
        let year = this_year();
        body.queries
            .iter()
            .map(|(key, q)| {
                let t = q.traveller(key)?;
                let prefix = format!("queries.{key}.properties");
                t.prepare(&registry, &prefix, year).map_err(|mut e| {
                    let named = e.field.strip_prefix(&prefix).and_then(|f| f.strip_prefix('.'));
                    if let Some(property) = named.and_then(|f| q.property_of(f)) {
                        e.field = format!("{prefix}.{property}");
                    }
                    e
                })
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    let results = run(&state, &actor, prepared, limit, cutoff, scope).await?;
    let now = crate::wire::timestamp(time::OffsetDateTime::now_utc());
    let mut responses = BTreeMap::new();
    for ((key, q), r) in body.queries.iter().zip(results) {
        let mut entities: Vec<MatchResult> = r.hits.iter().map(|h| hit_entity(h, threshold, &now)).collect();
        entities.extend(r.documents.iter().map(|d| document_entity(d, &now)));
        // Best first. A reported document scores 1 and comes before any name scoring as much: an exact
        // number is never cut off by names.
        let document = |e: &MatchResult| e.schema == PASSPORT;
        entities.sort_by(|a, b| b.score.total_cmp(&a.score).then(document(b).cmp(&document(a))));
        entities.truncate(limit);
        let total = entities.iter().filter(|e| e.score >= threshold).count();
        responses.insert(
            key.clone(),
            MatchResponseEntry {
                status: 200,
                query: MatchQueryEcho { id: key.clone(), schema: q.schema.clone(), properties: q.properties.clone() },
                total: MatchTotal { value: total, relation: "eq".to_owned() },
                results: entities,
            },
        );
    }
    let mut headers = HeaderMap::new();
    headers.insert("x-batch-size", HeaderValue::from(body.queries.len()));
    Ok((headers, Json(MatchResponse { responses, matcher: feature_docs(), limit })).into_response())
}

// ---------------------------------------------------------------------------------------------------
// Alerts.

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertView {
    /// Orders alerts; resume a listing or a stream after the last you saw.
    pub seq: i64,
    pub at: String,
    /// `notice`, `diffusion` or `travel_document`.
    pub kind: String,
    pub id: String,
    /// The requesting country (the reporting country of a document).
    pub requesting_country: String,
    /// Where the traveller was screened.
    pub screening_country: String,
    pub screened_by: String,
    pub score: f32,
    /// Who was screened, as entered.
    pub traveller: String,
    /// False when a safeguard withheld the alert from the requesting bureau.
    pub requester_notified: bool,
    pub safeguards: Vec<SafeguardView>,
    /// What the screening country established and did; absent until it records it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<AlertOutcomeView>,
}

/// The outcome of an alert, as the country where the traveller was screened recorded it and, if it
/// did, last corrected it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertOutcomeView {
    #[serde(flatten)]
    pub current: OutcomeRevisionView,
    /// The revisions corrected since, oldest first; empty when the outcome was never corrected.
    pub earlier: Vec<OutcomeRevisionView>,
}

/// One revision of an alert's outcome.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutcomeRevisionView {
    /// 1 as first recorded; each correction adds one. A correction names the revision it corrects.
    pub revision: i64,
    /// `confirmed` (the traveller is the person sought; for a document alert, the document is the one
    /// reported), `not_the_person` or `unresolved`.
    pub identity: String,
    /// `none`, `located`, `arrested`, `entry_refused` or `document_seized`.
    pub action: String,
    /// Why; for a correction, why it was corrected. Empty once erased: a year after the alert, unless
    /// the outcome confirms the traveller is the person sought.
    pub reason: String,
    /// The safeguard codes of the cautions the alert carried that the action went against (the
    /// country's own flag, a pending challenge, a refugee status…); empty when none.
    pub departs_from: Vec<String>,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl From<&article3_domain::AlertOutcome> for OutcomeRevisionView {
    fn from(o: &article3_domain::AlertOutcome) -> Self {
        Self {
            revision: o.revision,
            identity: o.identity.as_str().to_owned(),
            action: o.action.as_str().to_owned(),
            reason: o.reason.clone(),
            departs_from: o.departs_from.clone(),
            recorded_by: o.recorded_by.clone(),
            recorded_at: timestamp_ms(o.recorded_at_ms),
        }
    }
}

impl From<&article3_domain::AlertOutcome> for AlertOutcomeView {
    fn from(o: &article3_domain::AlertOutcome) -> Self {
        Self { current: o.into(), earlier: o.earlier.iter().map(OutcomeRevisionView::from).collect() }
    }
}

impl From<&AlertRecord> for AlertView {
    fn from(a: &AlertRecord) -> Self {
        Self {
            seq: a.seq,
            at: timestamp_ms(a.at_ms),
            kind: a.kind.clone(),
            id: a.object_id.clone(),
            requesting_country: a.owner.to_string(),
            screening_country: a.screening_country.to_string(),
            screened_by: a.screened_by.clone(),
            score: a.score,
            traveller: a.traveller.clone(),
            requester_notified: a.notify_requester,
            safeguards: a
                .safeguards
                .iter()
                .map(|s| SafeguardView { code: s.code.clone(), text: s.text.clone() })
                .collect(),
            outcome: a.outcome.as_ref().map(AlertOutcomeView::from),
        }
    }
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AlertQuery {
    /// Only alerts after this `seq` (default 0).
    pub after: Option<i64>,
    /// 1–1000 (default 100).
    pub limit: Option<usize>,
    /// Only alerts carrying this safeguard, by its code (e.g. `under_challenge`).
    pub safeguard: Option<String>,
    /// Only alerts whose outcome is `pending` (none recorded yet), `confirmed`, `not_the_person` or
    /// `unresolved`, or `departed` (an action taken against a caution the alert carried).
    pub outcome: Option<String>,
}

/// The outcome selection of `?outcome=`, or a 422 naming the field and the choices.
fn outcome_selection(value: Option<&str>) -> Result<Option<OutcomeSelection>, FieldError> {
    let Some(value) = value else { return Ok(None) };
    match value {
        "pending" => Ok(Some(OutcomeSelection::Pending)),
        "departed" => Ok(Some(OutcomeSelection::Departed)),
        other => Identification::parse("outcome", other).map(|i| Some(OutcomeSelection::Identity(i))).map_err(|_| {
            let identities = Identification::ALL.map(Identification::as_str).join(", ");
            FieldError::new("outcome", "unknown_value", format!("one of pending, {identities}, departed"))
        }),
    }
}

const ALERT_READERS: &[Role] = &[Role::Ncb, Role::Reviewer, Role::Commission];

fn require_alert_reader(actor: &Actor) -> ApiResult<()> {
    if ALERT_READERS.contains(&actor.role) {
        Ok(())
    } else {
        Err(ApiError::forbidden("alerts go to bureaus, reviewers and the Commission"))
    }
}

/// Alerts for you, oldest first: as a bureau, hits on your country's records (unless a safeguard
/// withheld them) and hits your country's officers made; everything as a reviewer or the Commission.
#[utoipa::path(get, path = "/api/v1/alerts", tag = "screening", security(("bearer" = [])), params(AlertQuery),
    responses((status = 200, body = [AlertView]), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list_alerts(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiQuery(q): ApiQuery<AlertQuery>,
) -> ApiResult<Json<Vec<AlertView>>> {
    require_alert_reader(&actor)?;
    let limit = match q.limit {
        None => 100,
        Some(n) if (1..=1000).contains(&n) => n,
        Some(_) => return Err(FieldError::new("limit", "out_of_range", "between 1 and 1000").into()),
    };
    let safeguard = Safeguard::selected(q.safeguard.as_deref())?;
    let outcome = outcome_selection(q.outcome.as_deref())?;
    let selection = AlertSelection { safeguard: safeguard.map(Safeguard::as_str), outcome };
    let alerts = state.store.alerts(&actor, q.after.unwrap_or(0), limit, selection).await?;
    Ok(Json(alerts.iter().map(AlertView::from).collect()))
}

/// What the officer established about the traveller of an alert, and what was done.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertOutcomeCreate {
    /// `confirmed`, `not_the_person` or `unresolved` (for a document alert: whether the document is the
    /// one reported).
    pub identity: String,
    /// `none`, `located`, `arrested` (only on a record that seeks arrest), `entry_refused`, or
    /// `document_seized` (only on a document alert). Anything but `none` needs a confirmed identity.
    pub action: String,
    /// How the identity was established and why this action (fingerprints compared, the judicial
    /// authority that ordered the arrest…).
    pub reason: String,
    /// With `not_the_person` on a notice or diffusion alert: the traveller's document, cleared of the
    /// record at once with this reason (as `POST /api/v1/clearances` does; border officers and
    /// bureaus). Both are recorded or neither.
    #[serde(default)]
    pub clear_document: Option<crate::wire::ClearanceDocument>,
}

/// An alert with the outcome just recorded or corrected, the clearance recorded with it if asked for,
/// and the clearances a correction withdrew.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertOutcomeRecorded {
    #[serde(flatten)]
    pub alert: AlertView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clearance: Option<crate::wire::ClearanceView>,
    /// Withdrawn by a correction because the traveller is no longer found not to be the person sought:
    /// their document raises the record's alert again.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub clearances_withdrawn: Vec<crate::wire::ClearanceView>,
}

/// Record the outcome of an alert your country's officer raised: whether the traveller is the person
/// sought and what was done (border officers, bureaus and caseworkers of the country where the
/// traveller was screened; once per alert). An action taken against a caution the alert carried is
/// recorded with the cautions it departs from, for reviewers and the Commission to see. Audited.
#[utoipa::path(post, path = "/api/v1/alerts/{seq}/outcome", tag = "screening", security(("bearer" = [])),
    params(("seq" = i64, Path, description = "The alert's `seq`, as the hit gave it")), request_body = AlertOutcomeCreate,
    responses((status = 201, body = AlertOutcomeRecorded), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn record_alert_outcome(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(seq): Path<String>,
    ApiJson(body): ApiJson<AlertOutcomeCreate>,
) -> ApiResult<(StatusCode, Json<AlertOutcomeRecorded>)> {
    let (seq, new) = outcome_request(&actor, &seq, &body.identity, &body.action, body.reason)?;
    let document = match body.clear_document {
        None => None,
        Some(document) => Some(document_to_clear(&state, document).await?),
    };
    let written = state.store.record_alert_outcome(&actor, seq, &new, document.as_ref()).await?;
    Ok((StatusCode::CREATED, outcome_written(&state, &written, "first")))
}

/// Applies an outcome just recorded or corrected to the index (its clearances, then the outcome itself,
/// which goes out on the stream), counts it, and answers with it.
fn outcome_written(
    state: &AppState,
    written: &article3_store::WrittenOutcome,
    revision: &str,
) -> Json<AlertOutcomeRecorded> {
    for clearance in written.cleared.iter().chain(&written.withdrawn) {
        state.screening.clearance_changed(clearance);
    }
    state.screening.outcome_recorded(&written.alert);
    if let Some(outcome) = &written.alert.outcome {
        let departed = if outcome.departs_from.is_empty() { "false" } else { "true" };
        let labels = [("identity", outcome.identity.as_str()), ("departed", departed), ("revision", revision)];
        state.metrics.count("article3_alert_outcomes_total", &labels, 1);
    }
    let view = |c: &article3_domain::Clearance| crate::wire::ClearanceView::from(c);
    Json(AlertOutcomeRecorded {
        alert: AlertView::from(&written.alert),
        clearance: written.cleared.as_ref().map(view),
        clearances_withdrawn: written.withdrawn.iter().map(view).collect(),
    })
}

/// The alert and the outcome a request records or corrects, once the actor is one who may (a screener;
/// the store checks the country) and the codes are known. An alert's `seq` that is not a number names no
/// alert.
fn outcome_request(
    actor: &Actor,
    seq: &str,
    identity: &str,
    action: &str,
    reason: String,
) -> ApiResult<(i64, NewAlertOutcome)> {
    if !SCREENERS.contains(&actor.role) {
        return Err(ApiError::forbidden("the country where the traveller was screened records the alert's outcome"));
    }
    let Ok(seq) = seq.parse::<i64>() else { return Err(article3_store::StoreError::NotFound.into()) };
    let identity = Identification::parse("identity", identity)?;
    Ok((seq, NewAlertOutcome { identity, action: HitAction::parse("action", action)?, reason }))
}

/// A correction of an alert's outcome: the outcome as it should read, and the revision it corrects.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertOutcomeCorrection {
    /// The revision corrected, as last read (`outcome.revision`); a correction of an older one is a 409.
    pub revision: i64,
    /// As when recording: `confirmed`, `not_the_person` or `unresolved`.
    pub identity: String,
    /// As when recording; anything but `none` needs a confirmed identity.
    pub action: String,
    /// Why the outcome is corrected (the fingerprint result that came later, the arrest made after the
    /// traveller was located…).
    pub reason: String,
    /// With `not_the_person` on a notice or diffusion alert: the traveller's document, cleared of the
    /// record with this reason, as when recording.
    #[serde(default)]
    pub clear_document: Option<crate::wire::ClearanceDocument>,
}

/// Correct the outcome your country recorded on an alert: the identity established later, an action
/// taken since, or a mistake. The corrected revision stays readable in `outcome.earlier`; the new one
/// is checked as a first outcome is (and departures recomputed), goes out again on the alert stream,
/// and decides whether later hits of the record say that travellers were misidentified on it. A
/// correction to anything but `not_the_person` withdraws the clearances recorded with the alert's
/// outcome, in the same transaction; one to `not_the_person` may clear the traveller's document
/// (`clear_document`, as when recording). Audited.
#[utoipa::path(post, path = "/api/v1/alerts/{seq}/outcome/corrections", tag = "screening", security(("bearer" = [])),
    params(("seq" = i64, Path, description = "The alert's `seq`")), request_body = AlertOutcomeCorrection,
    responses((status = 201, body = AlertOutcomeRecorded), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn correct_alert_outcome(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(seq): Path<String>,
    ApiJson(body): ApiJson<AlertOutcomeCorrection>,
) -> ApiResult<(StatusCode, Json<AlertOutcomeRecorded>)> {
    let (seq, new) = outcome_request(&actor, &seq, &body.identity, &body.action, body.reason)?;
    if body.revision < 1 {
        return Err(FieldError::new("revision", "out_of_range", "the revision corrected: 1 or more").into());
    }
    let document = match body.clear_document {
        None => None,
        Some(document) => Some(document_to_clear(&state, document).await?),
    };
    let corrected = state.store.correct_alert_outcome(&actor, seq, body.revision, &new, document.as_ref()).await?;
    Ok((StatusCode::CREATED, outcome_written(&state, &corrected, "correction")))
}

/// The document a request asks to clear, its issuing country checked against the registry.
async fn document_to_clear(
    state: &AppState,
    document: crate::wire::ClearanceDocument,
) -> ApiResult<article3_store::DocumentToClear> {
    let issuing_country =
        state.countries.read().await.known("clear_document.issuing_country", &document.issuing_country)?;
    Ok(article3_store::DocumentToClear { number: document.number, issuing_country })
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AlertStreamQuery {
    /// Only alerts carrying this safeguard, by its code (e.g. `under_challenge`).
    pub safeguard: Option<String>,
    /// Only these events, as the listing selects: `pending` (alerts as they are raised), an
    /// identification (`confirmed`, `not_the_person`, `unresolved`: outcomes, recorded or corrected, that
    /// establish it), or `departed` (outcomes whose action went against a caution the alert carried).
    pub outcome: Option<String>,
}

/// Alerts as they are raised, as server-sent events (`event: alert`, JSON data as in the listing), and
/// each alert again when the screening country records its outcome (`event: outcome`, the alert with
/// its outcome), filtered like the listing. Opening the stream is audited.
#[utoipa::path(get, path = "/api/v1/alerts/stream", tag = "screening", security(("bearer" = [])), params(AlertStreamQuery),
    responses((status = 200, description = "text/event-stream of alerts and their outcomes", content_type = "text/event-stream"), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn alert_stream(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiQuery(q): ApiQuery<AlertStreamQuery>,
) -> ApiResult<Response> {
    require_alert_reader(&actor)?;
    let safeguard = Safeguard::selected(q.safeguard.as_deref())?;
    let outcome = outcome_selection(q.outcome.as_deref())?;
    let only = safeguard.map_or("any", Safeguard::as_str);
    let events = outcome.map_or("any", OutcomeSelection::as_str);
    state
        .store
        .append_audit(
            AuditEvent::new("alert.stream", "alert", "*")
                .by(&actor)
                .detail(format!("safeguard={only} outcome={events}")),
        )
        .await?;
    let receiver = state.screening.subscribe();
    let carries = move |alert: &AlertRecord| {
        safeguard.is_none_or(|s| alert.safeguards.iter().any(|g| g.code == s.as_str()))
            && outcome.is_none_or(|o| o.selects(alert.outcome.as_ref()))
    };
    let stream = futures_util::stream::unfold((receiver, actor), move |(mut rx, actor)| async move {
        loop {
            match rx.recv().await {
                Ok(alert) if article3_store::receives(&actor, &alert) && carries(&alert) => {
                    let data = serde_json::to_string(&AlertView::from(alert.as_ref())).unwrap_or_default();
                    // An alert is raised without an outcome; one streamed with its outcome is the outcome.
                    let kind = if alert.outcome.is_some() { "outcome" } else { "alert" };
                    let event = Event::default().event(kind).id(alert.seq.to_string()).data(data);
                    return Some((Ok::<_, Infallible>(event), (rx, actor)));
                }
                Ok(_) => {}
                Err(tokio::sync::broadcast::error::RecvError::Lagged(missed)) => {
                    let event = Event::default()
                        .event("lagged")
                        .data(format!("{missed} alerts were skipped: list them with GET /api/v1/alerts"));
                    return Some((Ok(event), (rx, actor)));
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()).into_response())
}
