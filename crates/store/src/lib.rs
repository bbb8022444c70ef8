//! article3's storage: the [`Store`] trait (use-case methods, not a query builder), its SQL
//! implementation over SQLite (the embedded default, one file in WAL mode) and PostgreSQL (production),
//! each backend with its own migrations, and the hash-chained audit log written in the same transaction
//! as every change and every read of personal data.
//!
//! Invariant: visibility is decided only by `article3_domain::may_read`; the store applies it inside the
//! transaction that audits the read, so what is returned is exactly what is audited.
//! Boundary: the store knows nothing of HTTP; wire formats stay in `server`.

mod challenges;
mod clearances;
mod codec;
mod conns;
mod documents;
mod flags;
mod keys;
mod migrate;
mod register;
mod screening;
mod sql;
pub mod testing;
pub use screening::{receives, screening_country};
mod tx;

use std::future::Future;
use std::pin::Pin;

use article3_domain::audit::{AuditEvent, AuditRecord, BrokenLink};
use article3_domain::{
    Actor, Colour, CorrectiveMeasure, Country, CountryCode, Decision, DiffusionAction, DiffusionId, DiffusionRequest,
    DiffusionStatus, Evaluation, FieldError, Forbidden, NoticeAction, NoticeId, NoticeRequest, NoticeStatus,
    RefugeeStatus, ReviewContext, ReviewId, Role, Subject, TransitionError, UserId, Viewer,
};
use time::OffsetDateTime;

pub use conns::Conns;
pub use sql::SqlStore;

/// Which database a store runs on, chosen from the URL scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such record, or none the reader may see (the two are not told apart).
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("unsupported database url: {0}")]
    UnsupportedUrl(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An insert refused by a unique index: two writers passed the same check for an existing entry at
/// once (PostgreSQL runs them side by side), and the second learns of the first only here. It is the
/// conflict the check reports, `conflict`, never a server error.
pub(crate) fn or_conflict(e: sqlx::Error, conflict: impl FnOnce() -> String) -> StoreError {
    match e.as_database_error() {
        Some(d) if d.is_unique_violation() => StoreError::Conflict(conflict()),
        _ => StoreError::Database(e),
    }
}

/// Who is reading or writing: a logged-in actor, the public, or the system itself (import, retention).
#[derive(Debug, Clone, Copy)]
pub enum Reader<'a> {
    Public,
    Actor(&'a Actor),
}

impl Reader<'_> {
    pub fn viewer(&self) -> Viewer {
        match self {
            Self::Public => Viewer::Public,
            Self::Actor(a) => Viewer::User { role: a.role, country: a.country },
        }
    }

    pub(crate) fn audit(&self, action: &str, kind: &str, id: impl Into<String>) -> AuditEvent {
        let e = AuditEvent::new(action, kind, id);
        match self {
            Self::Public => e.by_system("public"),
            Self::Actor(a) => e.by(a),
        }
    }
}

#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub country: Option<CountryCode>,
    pub password_hash: String,
    pub created_at: OffsetDateTime,
}

impl UserRecord {
    pub fn actor(&self) -> Actor {
        Actor { user_id: self.id, name: self.name.clone(), role: self.role, country: self.country }
    }
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: String,
    pub role: Role,
    pub country: Option<CountryCode>,
    pub password_hash: String,
}

/// How a notice enters the store.
#[derive(Debug, Clone)]
pub enum Intake {
    /// Submitted by a bureau: it waits for review.
    Submitted,
    /// Migrated from an existing system as already published, with the reason recorded.
    ImportedPublished { source: String, external_ref: Option<String> },
    /// Imported, but reviewed like any new request.
    ImportedForReview { source: String, external_ref: Option<String> },
}

#[derive(Debug, Clone)]
pub struct NoticeRecord {
    pub id: NoticeId,
    pub request: NoticeRequest,
    pub status: NoticeStatus,
    pub created_by: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub published_at: Option<OffsetDateTime>,
    pub expires_at: Option<OffsetDateTime>,
    pub external_ref: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DiffusionRecord {
    pub id: DiffusionId,
    pub request: DiffusionRequest,
    pub status: DiffusionStatus,
    pub circulated: bool,
    pub created_by: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// One lifecycle step, as recorded: who, when, why.
#[derive(Debug, Clone)]
pub struct EventRecord {
    pub at: OffsetDateTime,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor: String,
    pub role: String,
    pub country: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct ReviewRecord {
    pub id: ReviewId,
    pub object_kind: String,
    pub object_id: String,
    pub evaluation: Evaluation,
    pub created_at: OffsetDateTime,
    pub decision: Option<String>,
    pub reasons: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Default)]
pub struct NoticeFilter {
    pub status: Option<NoticeStatus>,
    pub colour: Option<Colour>,
    pub requesting_country: Option<CountryCode>,
    /// Only notices expiring before this time (for retention reminders).
    pub expiring_before: Option<OffsetDateTime>,
    /// Keyset cursor: only notices after this id.
    pub after: Option<NoticeId>,
    pub limit: usize,
}

#[derive(Debug, Clone, Default)]
pub struct DiffusionFilter {
    pub status: Option<DiffusionStatus>,
    pub after: Option<DiffusionId>,
    pub limit: usize,
}

#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The cursor for the next page, if there may be one.
    pub next: Option<String>,
}

/// An item waiting for a reviewer.
#[derive(Debug, Clone)]
pub enum QueueItem {
    Notice(NoticeRecord),
    Diffusion(DiffusionRecord),
}

#[derive(Debug, Clone, Default)]
pub struct RetentionReport {
    pub expired: Vec<NoticeId>,
    pub reminded: Vec<NoticeId>,
    /// Alerts whose traveller's name was erased, [`article3_domain::retention::ALERT_TRAVELLER_DAYS`]
    /// after they were raised.
    pub travellers_erased: u64,
    /// Outcome reasons erased at the same time (every revision's) where the outcome does not confirm
    /// that the traveller is the person sought.
    pub outcome_reasons_erased: u64,
    /// Clearance reasons erased, where the clearance was withdrawn as long ago.
    pub clearance_reasons_erased: u64,
}

/// A live notice or diffusion, as the screening index holds it.
#[derive(Debug, Clone)]
pub enum Listing {
    Notice(NoticeRecord),
    Diffusion(DiffusionRecord),
}

/// What the screening index must apply: records that are live now, records that no longer are, and the
/// latest change time seen.
#[derive(Debug, Clone, Default)]
pub struct ListingChanges {
    pub live: Vec<Listing>,
    pub gone: Vec<(article3_domain::RecordKind, String)>,
    pub latest_ms: i64,
    /// The version of each record read, live or gone: its change time. Every change to a notice or a
    /// diffusion moves it forward, so two versions of a record never share one.
    pub versions: Vec<((article3_domain::RecordKind, String), i64)>,
}

/// Where the registers the screening index holds stand: each changes whenever an entry is added or
/// withdrawn, so a poll reloads a register only when its mark moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegisterMarks {
    /// Country flags: how many, the latest flag and the latest lift.
    pub flags: (i64, i64, i64),
    /// Clearances: how many, the latest and the latest withdrawal.
    pub clearances: (i64, i64, i64),
    /// Challenges before the Commission: how many, the latest registered and the latest decided.
    pub challenges: (i64, i64, i64),
    /// Alert outcomes (never withdrawn, but corrected): how many, the latest recorded or corrected, and
    /// the sum of their revisions.
    pub outcomes: (i64, i64, i64),
    /// The safeguard register: refugee statuses (how many, the latest), extradition refusals (how many,
    /// the latest) and corrective measures (how many, the latest decided).
    pub safeguards: [i64; 6],
}

/// What a screening hit shows about the person and the requester, for everyone at once: refugee
/// statuses and extradition refusals under each identity key of their subject, and the corrective
/// measures in force. A system read for the screening index, not audited.
#[derive(Debug, Clone, Default)]
pub struct SafeguardRegister {
    pub refugee_statuses: Vec<(String, article3_domain::RefugeeStatus)>,
    pub extradition_refusals: Vec<(String, article3_domain::ExtraditionRefusal)>,
    pub corrective_measures: Vec<(CountryCode, article3_domain::CorrectiveMeasure)>,
    /// Each refugee status and extradition refusal with the person as recorded, for matching records
    /// about the same person written another way (the keys above match only identical spellings).
    pub people: Vec<(RecordedPerson, article3_domain::Subject)>,
}

/// A safeguard recorded about a person, by its identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordedPerson {
    Refugee(article3_domain::RefugeeStatus),
    Refusal(article3_domain::ExtraditionRefusal),
}

/// A clearance as an officer records it: the record, the traveller's document, and how it was established.
#[derive(Debug, Clone)]
pub struct NewClearance {
    pub kind: article3_domain::RecordKind,
    pub object_id: String,
    pub document_number: String,
    pub issuing_country: CountryCode,
    pub reason: String,
}

/// One screening's audit records and alerts, written with others in one transaction.
#[derive(Debug, Clone)]
pub struct ScreeningLog {
    pub actor: Actor,
    pub events: Vec<AuditEvent>,
    pub alerts: Vec<NewAlert>,
}

/// An alert to raise for a screening hit.
#[derive(Debug, Clone)]
pub struct NewAlert {
    /// `notice`, `diffusion` or `travel_document`.
    pub kind: String,
    pub object_id: String,
    /// The requesting country of the matched record (the reporting country of a document).
    pub owner: CountryCode,
    pub score: f32,
    /// Who was screened, as the officer entered it.
    pub traveller: String,
    /// False when a safeguard withholds the alert from the requesting bureau (the screening country
    /// flagged the record, or a refugee status against the requester is recorded).
    pub notify_requester: bool,
    pub safeguards: Vec<AlertSafeguard>,
}

/// A safeguard an alert carries: its code (as a hit gives it; `unrecorded` for alerts raised before
/// codes were kept) and the text the officer was shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertSafeguard {
    pub code: String,
    pub text: String,
}

/// A raised alert.
#[derive(Debug, Clone)]
pub struct AlertRecord {
    /// Orders the stream; a client resumes after the last it saw.
    pub seq: i64,
    pub at_ms: i64,
    /// `notice`, `diffusion` or `travel_document`.
    pub kind: String,
    pub object_id: String,
    pub owner: CountryCode,
    pub screening_country: CountryCode,
    pub screened_by: String,
    pub score: f32,
    pub traveller: String,
    pub notify_requester: bool,
    pub safeguards: Vec<AlertSafeguard>,
    /// What the screening country established and did, once it has recorded it.
    pub outcome: Option<article3_domain::AlertOutcome>,
}

/// An alert's outcome as the screening country's officer or bureau records it.
#[derive(Debug, Clone)]
pub struct NewAlertOutcome {
    pub identity: article3_domain::Identification,
    pub action: article3_domain::HitAction,
    pub reason: String,
}

/// The traveller's document, cleared of the alert's record with a `not_the_person` outcome.
#[derive(Debug, Clone)]
pub struct DocumentToClear {
    pub number: String,
    pub issuing_country: CountryCode,
}

/// An alert with the outcome just recorded or corrected, and what that did to the clearances of the
/// traveller's documents.
#[derive(Debug, Clone)]
pub struct WrittenOutcome {
    pub alert: AlertRecord,
    /// The clearance recorded with the outcome, if it asked for one.
    pub cleared: Option<article3_domain::Clearance>,
    /// The clearances recorded with the alert's outcome that a correction withdrew.
    pub withdrawn: Vec<article3_domain::Clearance>,
}

/// Which alerts a listing selects; the default selects every alert the reader receives.
#[derive(Debug, Clone, Copy, Default)]
pub struct AlertSelection<'a> {
    /// Only alerts carrying this safeguard code.
    pub safeguard: Option<&'a str>,
    pub outcome: Option<OutcomeSelection>,
}

/// A challenge as the Commission's listing gives it: with the contested record's status now, so that a
/// challenge still pending on a record since cancelled, blocked or deleted shows as such.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedChallenge {
    pub challenge: article3_domain::Challenge,
    /// `published`, `cancelled`, `blocked`, `deleted`… as the record's lifecycle stands.
    pub record_status: Option<String>,
}

/// An alert's outcome that found the traveller stopped on a notice or diffusion not to be its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misidentification {
    pub kind: article3_domain::RecordKind,
    pub object_id: String,
    /// The alert's `seq`.
    pub alert: i64,
    /// As the outcome stands: `NotThePerson` as the store lists them; after a correction, whatever the
    /// outcome now says.
    pub identity: article3_domain::Identification,
    /// Milliseconds since the Unix epoch.
    pub recorded_at_ms: i64,
}

/// Alerts by their outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeSelection {
    /// No outcome recorded yet.
    Pending,
    /// Outcomes with this identification.
    Identity(article3_domain::Identification),
    /// Outcomes whose action went against a caution the alert carried.
    Departed,
}

impl OutcomeSelection {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Identity(i) => i.as_str(),
            Self::Departed => "departed",
        }
    }

    /// Whether an alert with this outcome (none yet, or its current revision) is selected: the same
    /// rule as the listing, for the live stream.
    pub fn selects(self, outcome: Option<&article3_domain::AlertOutcome>) -> bool {
        match (self, outcome) {
            (Self::Pending, outcome) => outcome.is_none(),
            (Self::Identity(i), Some(o)) => o.identity == i,
            (Self::Departed, Some(o)) => !o.departs_from.is_empty(),
            (_, None) => false,
        }
    }
}

/// A refugee status as recorded by the protecting country's bureau.
#[derive(Debug, Clone)]
pub struct RefugeeStatusRecord {
    pub status: RefugeeStatus,
    pub subject: Subject,
    pub recorded_by: String,
    pub created_at: OffsetDateTime,
}

/// The outcome of checking the audit chain.
#[derive(Debug, Clone)]
pub struct AuditSummary {
    pub records: u64,
    pub head_seq: i64,
}

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Everything article3 keeps. Every method that changes data or reads personal data appends its audit
/// record in the same transaction.
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;

    // Countries.
    fn countries(&self) -> BoxFuture<'_, Result<Vec<Country>>>;
    /// Adds the shipped countries the store does not have yet; never overwrites an administrator's edits.
    fn seed_countries<'a>(&'a self, countries: &'a [Country]) -> BoxFuture<'a, Result<usize>>;
    fn update_country<'a>(&'a self, actor: &'a Actor, country: &'a Country) -> BoxFuture<'a, Result<()>>;

    // Users and sessions.
    fn create_user<'a>(&'a self, by: &'a str, user: NewUser) -> BoxFuture<'a, Result<UserRecord>>;
    fn user_by_name<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Option<UserRecord>>>;
    fn users(&self) -> BoxFuture<'_, Result<Vec<UserRecord>>>;
    fn create_token<'a>(
        &'a self,
        user: &'a UserRecord,
        token_hash: &'a str,
        expires_at: OffsetDateTime,
    ) -> BoxFuture<'a, Result<()>>;
    /// The actor a live token belongs to, and when the token expires.
    fn actor_for_token<'a>(
        &'a self,
        token_hash: &'a str,
        now: OffsetDateTime,
    ) -> BoxFuture<'a, Result<Option<(Actor, OffsetDateTime)>>>;

    // Notices.
    fn submit_notice<'a>(
        &'a self,
        by: Reader<'a>,
        request: &'a NoticeRequest,
        evaluation: &'a Evaluation,
        intake: Intake,
    ) -> BoxFuture<'a, Result<NoticeRecord>>;
    fn read_notice<'a>(&'a self, reader: Reader<'a>, id: NoticeId) -> BoxFuture<'a, Result<NoticeRecord>>;
    fn list_notices<'a>(
        &'a self,
        reader: Reader<'a>,
        filter: &'a NoticeFilter,
    ) -> BoxFuture<'a, Result<Page<NoticeRecord>>>;
    fn notice_history<'a>(&'a self, reader: Reader<'a>, id: NoticeId) -> BoxFuture<'a, Result<Vec<EventRecord>>>;
    /// A lifecycle step other than a review decision (cancel, renew, block, unblock, delete, start review).
    fn transition_notice<'a>(
        &'a self,
        actor: &'a Actor,
        id: NoticeId,
        action: NoticeAction,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<NoticeRecord>>;
    /// A reviewer's decision; a submitted notice is taken under review first, in the same transaction.
    fn decide_notice<'a>(
        &'a self,
        actor: &'a Actor,
        id: NoticeId,
        decision: Decision,
        reasons: &'a str,
    ) -> BoxFuture<'a, Result<NoticeRecord>> {
        self.decide_notice_with(actor, id, decision, reasons, false)
    }
    /// A decision with or without the "particular importance" override: approving a request whose open
    /// review found it below the penalty thresholds needs it; any other use of it is refused.
    fn decide_notice_with<'a>(
        &'a self,
        actor: &'a Actor,
        id: NoticeId,
        decision: Decision,
        reasons: &'a str,
        particular_importance: bool,
    ) -> BoxFuture<'a, Result<NoticeRecord>>;

    // Diffusions.
    fn circulate_diffusion<'a>(
        &'a self,
        actor: &'a Actor,
        request: &'a DiffusionRequest,
        evaluation: &'a Evaluation,
        held: bool,
    ) -> BoxFuture<'a, Result<DiffusionRecord>>;
    fn read_diffusion<'a>(&'a self, reader: Reader<'a>, id: DiffusionId) -> BoxFuture<'a, Result<DiffusionRecord>>;
    fn list_diffusions<'a>(
        &'a self,
        reader: Reader<'a>,
        filter: &'a DiffusionFilter,
    ) -> BoxFuture<'a, Result<Page<DiffusionRecord>>>;
    fn diffusion_history<'a>(&'a self, reader: Reader<'a>, id: DiffusionId) -> BoxFuture<'a, Result<Vec<EventRecord>>>;
    fn transition_diffusion<'a>(
        &'a self,
        actor: &'a Actor,
        id: DiffusionId,
        action: DiffusionAction,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<DiffusionRecord>>;
    fn decide_diffusion<'a>(
        &'a self,
        actor: &'a Actor,
        id: DiffusionId,
        decision: Decision,
        reasons: &'a str,
    ) -> BoxFuture<'a, Result<DiffusionRecord>>;

    // Review.
    fn review_queue<'a>(&'a self, actor: &'a Actor, limit: usize) -> BoxFuture<'a, Result<Vec<QueueItem>>>;
    /// The review records of a notice or diffusion the reader may see (kind is `notice` or `diffusion`).
    fn reviews_for<'a>(
        &'a self,
        reader: Reader<'a>,
        kind: &'a str,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<ReviewRecord>>>;

    // What the compliance rules read.
    /// The context around a request about `subject` from `requesting_country`: refugee statuses and
    /// earlier requests found under the subject's identity keys, and the requester's record.
    fn review_context<'a>(
        &'a self,
        requesting_country: CountryCode,
        subject: &'a Subject,
    ) -> BoxFuture<'a, Result<ReviewContext>>;
    /// A protecting country's bureau records a confirmed refugee status (confidential to it, reviewers
    /// and the Commission).
    fn record_refugee_status<'a>(
        &'a self,
        actor: &'a Actor,
        subject: &'a Subject,
        fled_from: CountryCode,
        granted_on: time::Date,
    ) -> BoxFuture<'a, Result<RefugeeStatusRecord>>;
    /// The statuses the actor may read: a bureau its own country's, reviewers and the Commission all.
    fn refugee_statuses<'a>(&'a self, actor: &'a Actor) -> BoxFuture<'a, Result<Vec<RefugeeStatusRecord>>>;
    /// An administrator places a member under a corrective measure, or lifts it (`None`), with reasons.
    fn set_corrective_measure<'a>(
        &'a self,
        actor: &'a Actor,
        country: CountryCode,
        measure: Option<CorrectiveMeasure>,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<()>>;

    /// A bureau reports a stolen, lost or revoked travel document; one active report per document.
    fn report_travel_document<'a>(
        &'a self,
        actor: &'a Actor,
        report: &'a article3_domain::DocumentReport,
    ) -> BoxFuture<'a, Result<article3_domain::DocumentRecord>>;
    /// The reporting bureau withdraws its report (document recovered, or reported in error), with reasons.
    fn withdraw_travel_document<'a>(
        &'a self,
        actor: &'a Actor,
        id: &'a str,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<article3_domain::DocumentRecord>>;
    /// Reports on one document number (any issuing country, withdrawn ones included), for anyone who
    /// checks documents; audited.
    fn lookup_travel_document<'a>(
        &'a self,
        actor: &'a Actor,
        number: &'a str,
    ) -> BoxFuture<'a, Result<Vec<article3_domain::DocumentRecord>>>;
    /// A bureau's own reports (every report for reviewers and administrators).
    fn list_travel_documents<'a>(
        &'a self,
        actor: &'a Actor,
    ) -> BoxFuture<'a, Result<Vec<article3_domain::DocumentRecord>>>;
    /// Every active report, for the screening index (not a read of personal data).
    fn active_travel_documents(&self) -> BoxFuture<'_, Result<Vec<article3_domain::DocumentRecord>>>;
    /// Every travel document report made or withdrawn at or after `since_ms`, active or withdrawn, for
    /// the screening index's poll. A system read, not audited.
    fn travel_document_changes(&self, since_ms: i64) -> BoxFuture<'_, Result<Vec<article3_domain::DocumentRecord>>>;

    /// A bureau flags another country's live notice or diffusion: its country will not act on it.
    fn set_country_flag<'a>(
        &'a self,
        actor: &'a Actor,
        kind: article3_domain::RecordKind,
        id: &'a str,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<article3_domain::CountryFlag>>;
    /// The flagging country's bureau lifts its flag, with reasons.
    fn lift_country_flag<'a>(
        &'a self,
        actor: &'a Actor,
        id: &'a str,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<article3_domain::CountryFlag>>;
    /// Flags, lifted ones included, optionally on one record: a country's own for its bureau, officers
    /// and caseworkers; all for reviewers and the Commission. Audited.
    fn country_flags<'a>(
        &'a self,
        actor: &'a Actor,
        object: Option<(article3_domain::RecordKind, &'a str)>,
    ) -> BoxFuture<'a, Result<Vec<article3_domain::CountryFlag>>>;
    /// Every standing flag, for the screening index (not a read of personal data).
    fn active_country_flags(&self) -> BoxFuture<'_, Result<Vec<article3_domain::CountryFlag>>>;

    /// A border officer or bureau records that the holder of a document is not the person a live record
    /// it may see seeks. A record it may not see, or not live, is not found; one standing clearance per
    /// record and document.
    fn record_clearance<'a>(
        &'a self,
        actor: &'a Actor,
        clearance: &'a NewClearance,
    ) -> BoxFuture<'a, Result<article3_domain::Clearance>>;
    /// The clearing country withdraws its clearance, with reasons.
    fn withdraw_clearance<'a>(
        &'a self,
        actor: &'a Actor,
        id: &'a str,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<article3_domain::Clearance>>;
    /// Clearances, withdrawn ones included, optionally on one record: a country's own for its officers and
    /// bureau; all for reviewers and the Commission. Audited.
    fn clearances<'a>(
        &'a self,
        actor: &'a Actor,
        object: Option<(article3_domain::RecordKind, &'a str)>,
    ) -> BoxFuture<'a, Result<Vec<article3_domain::Clearance>>>;
    /// Every standing clearance, for the screening index.
    fn active_clearances(&self) -> BoxFuture<'_, Result<Vec<article3_domain::Clearance>>>;

    /// The Commission registers an application contesting a notice or diffusion it may see, under a file
    /// reference no other challenge has.
    fn register_challenge<'a>(
        &'a self,
        actor: &'a Actor,
        application: &'a article3_domain::ChallengeApplication,
    ) -> BoxFuture<'a, Result<article3_domain::Challenge>>;
    /// The Commission decides a pending challenge, with reasons.
    fn decide_challenge<'a>(
        &'a self,
        actor: &'a Actor,
        id: &'a str,
        outcome: article3_domain::ChallengeOutcome,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<article3_domain::Challenge>>;
    /// Challenges, decided ones included, optionally on one record, each with its record's status now:
    /// all for the Commission and reviewers; those against its country's requests for a bureau. Audited.
    fn challenges<'a>(
        &'a self,
        actor: &'a Actor,
        object: Option<(article3_domain::RecordKind, &'a str)>,
    ) -> BoxFuture<'a, Result<Vec<ListedChallenge>>>;
    /// Every pending challenge, for the screening index.
    fn pending_challenges(&self) -> BoxFuture<'_, Result<Vec<article3_domain::Challenge>>>;

    /// Every live notice and diffusion, for the screening index's build. A system read, not audited.
    fn screening_listings(&self) -> BoxFuture<'_, Result<ListingChanges>>;
    /// The notices and diffusions changed at or after `since_ms`, split into live and gone, leaving out
    /// the versions the index has already applied (`applied`: a record's change time when it was read).
    /// Ids and change times are read first, and full rows only of what is new. A system read, not audited.
    fn screening_changes<'a>(
        &'a self,
        since_ms: i64,
        applied: &'a std::collections::HashMap<(article3_domain::RecordKind, String), i64>,
    ) -> BoxFuture<'a, Result<ListingChanges>>;
    /// One record for the screening index, live or gone.
    fn screening_listing<'a>(
        &'a self,
        kind: article3_domain::RecordKind,
        id: &'a str,
    ) -> BoxFuture<'a, Result<ListingChanges>>;
    /// The marks of the flag, clearance and safeguard registers, for the screening index's poll.
    fn register_marks(&self) -> BoxFuture<'_, Result<RegisterMarks>>;
    /// Every refugee status, extradition refusal and corrective measure, for the screening index.
    fn safeguard_register(&self) -> BoxFuture<'_, Result<SafeguardRegister>>;
    /// Screenings' audit records and alerts, all in one transaction: each screening's alerts, in order,
    /// or an error for all of them. Every actor must be one who screens ([`screening_country`]).
    fn log_screenings<'a>(&'a self, batch: &'a [ScreeningLog]) -> BoxFuture<'a, Result<Vec<Vec<AlertRecord>>>>;
    /// Alerts after `after`, oldest first, with their outcomes: the requesting bureau's (unless
    /// withheld), the screening country's, or all for reviewers and the Commission; `selection` narrows
    /// them by safeguard code and by outcome. Audited.
    fn alerts<'a>(
        &'a self,
        actor: &'a Actor,
        after: i64,
        limit: usize,
        selection: AlertSelection<'a>,
    ) -> BoxFuture<'a, Result<Vec<AlertRecord>>>;
    /// The country where the traveller was screened (its officers, bureau or caseworkers) records once
    /// what it established and did about an alert. An alert the actor neither receives nor raised is
    /// not found. With a `document`, a `not_the_person` outcome also clears the traveller's document of
    /// the alert's record, in the same transaction (border officers and bureaus, who clear; the
    /// outcome's reason is the clearance's): both are recorded or neither. Audited as each is on its own.
    fn record_alert_outcome<'a>(
        &'a self,
        actor: &'a Actor,
        seq: i64,
        outcome: &'a NewAlertOutcome,
        document: Option<&'a DocumentToClear>,
    ) -> BoxFuture<'a, Result<WrittenOutcome>>;
    /// Every outcome that found a traveller stopped on a notice or diffusion not to be its subject, for
    /// the screening index. A system read, not audited.
    fn misidentifications(&self) -> BoxFuture<'_, Result<Vec<Misidentification>>>;
    /// The country that recorded an alert's outcome corrects it: `revision` is the one corrected (a
    /// stale one is a conflict). The replaced revision is kept and read back with the alert. A correction
    /// to anything but `not_the_person` withdraws the clearances recorded with the alert's outcome; one
    /// to `not_the_person` may clear the traveller's `document` as recording does. All in one
    /// transaction. Audited.
    fn correct_alert_outcome<'a>(
        &'a self,
        actor: &'a Actor,
        seq: i64,
        revision: i64,
        outcome: &'a NewAlertOutcome,
        document: Option<&'a DocumentToClear>,
    ) -> BoxFuture<'a, Result<WrittenOutcome>>;

    /// A member's bureau records that its country refused to extradite this person to `requesting_country`.
    fn record_extradition_refusal<'a>(
        &'a self,
        actor: &'a Actor,
        subject: &'a Subject,
        requesting_country: CountryCode,
        refused_on: time::Date,
        grounds: &'a str,
    ) -> BoxFuture<'a, Result<article3_domain::ExtraditionRefusal>>;

    /// An administrator records the due-process concerns against a member (replacing earlier ones; an
    /// empty list clears them).
    fn set_due_process_concerns<'a>(
        &'a self,
        actor: &'a Actor,
        country: CountryCode,
        concerns: &'a [article3_domain::DueProcessConcern],
    ) -> BoxFuture<'a, Result<()>>;

    // Retention.
    fn retention_sweep(&self, now: OffsetDateTime) -> BoxFuture<'_, Result<RetentionReport>>;

    // Audit.
    /// Appends a record on its own (logins, draft evaluations, imports' summaries).
    fn append_audit(&self, event: AuditEvent) -> BoxFuture<'_, Result<()>>;
    fn audit_tail(&self, limit: usize) -> BoxFuture<'_, Result<Vec<AuditRecord>>>;
    /// Walks the whole chain in order, in batches, calling `progress` with the count checked so far.
    fn verify_audit<'a>(
        &'a self,
        progress: &'a (dyn Fn(u64) + Send + Sync),
    ) -> BoxFuture<'a, Result<std::result::Result<AuditSummary, BrokenLink>>>;

    // Operations.
    fn notice_counts(&self) -> BoxFuture<'_, Result<Vec<(String, i64)>>>;
    /// The database connections the store hands out, if it counts them.
    fn connections(&self) -> Option<ConnectionCounts> {
        None
    }
}

/// The store's database connections at one moment (for the server's metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionCounts {
    /// Handed out to an operation or a read right now.
    pub in_use: usize,
    /// Finished with and kept, ready to be handed out.
    pub kept: usize,
    /// How many may be handed out at once.
    pub limit: usize,
}

/// Opens the store named by `url`, creating the SQLite file if needed, and applies pending migrations.
///
/// `sqlite://path`, `sqlite:path` or a bare file path select SQLite; `postgres://…` or
/// `postgresql://…` select PostgreSQL.
pub async fn open(url: &str) -> Result<SqlStore> {
    SqlStore::connect(url).await
}
