//! The SQL implementation of [`Store`] for both backends. The statements are portable (numbered
//! placeholders, `RETURNING`, text ids, integer times); what differs per backend — connection set-up and
//! migrations — is chosen once from the URL.

use std::collections::BTreeSet;
use std::str::FromStr;

use article3_domain::audit::{AuditEvent, AuditRecord, BrokenLink, ChainVerifier};
use article3_domain::retention::{expiry_after, reminder_due};
use article3_domain::{
    AccessFacts, Actor, Colour, CorrectiveMeasure, Country, CountryCode, Decision, DiffusionAction, DiffusionId,
    DiffusionPurpose, DiffusionRequest, DiffusionStatus, EarlierMatch, Evaluation, FieldError, Forbidden,
    MembershipStatus, NoticeAction, NoticeId, NoticeRequest, NoticeStatus, Recipients, Restrictions, ReviewContext,
    ReviewId, Role, UserId, Viewer, may_read,
};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;

use crate::codec::{
    corrupt, decode_codes, decode_concerns, decode_evaluation, decode_judicial, decode_subject, encode_codes,
    encode_concerns, encode_evaluation, encode_judicial, encode_subject,
};
use crate::conns::{Conns, PgTransaction};
use crate::keys::SubjectKeys;
use crate::tx::{SqliteGroup, Tx, Write, identity};

/// The assignment of a notice's or diffusion's `updated_at` to the change time bound at `$n`, or one
/// past its last value when the clock has not moved beyond it: every change moves a record's change time
/// forward, so the screening index's poll never takes a change for a version it has already applied.
macro_rules! next_change {
    ($param:literal) => {
        concat!("updated_at = CASE WHEN updated_at >= ", $param, " THEN updated_at + 1 ELSE ", $param, " END")
    };
}
use crate::{
    AuditSummary, Backend, BoxFuture, DiffusionFilter, DiffusionRecord, EventRecord, Intake, NewUser, NoticeFilter,
    NoticeRecord, Page, QueueItem, Reader, RefugeeStatusRecord, Result, RetentionReport, ReviewRecord, Store,
    StoreError, UserRecord, or_conflict,
};

fn to_ms(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

fn from_ms(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// A SQLite or PostgreSQL database behind sqlx's `Any` driver.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pool: Conns,
    pub(crate) backend: Backend,
    /// SQLite: the one writer connection, whose operations are committed in groups.
    sqlite: Option<SqliteGroup>,
}

fn restrictions_from(mode: &str, list: &str) -> Result<Restrictions> {
    let codes = decode_codes(list)?;
    Ok(match mode {
        "none" => Restrictions::None,
        "only" => Restrictions::OnlyTo(codes),
        "exclude" => Restrictions::Exclude(codes),
        other => return Err(corrupt("restriction mode", other)),
    })
}

fn restriction_list(r: &Restrictions) -> String {
    r.countries().map(encode_codes).unwrap_or_default()
}

pub(crate) const NOTICE_COLUMNS: &str = "id, colour, status, requesting_country, restriction_mode, restriction_list, \
    public_extract, subject_doc, judicial_doc, external_ref, created_by, created_at, updated_at, published_at, expires_at";

/// A notice row with its access facts decoded and its documents still as text.
pub(crate) struct NoticeRow {
    id: NoticeId,
    colour: Colour,
    status: NoticeStatus,
    owner: CountryCode,
    restrictions: Restrictions,
    public_extract: bool,
    subject_doc: Option<String>,
    judicial_doc: Option<String>,
    external_ref: Option<String>,
    created_by: String,
    created_at: i64,
    updated_at: i64,
    published_at: Option<i64>,
    expires_at: Option<i64>,
}

impl NoticeRow {
    /// Published, with its documents: what screening matches.
    pub(crate) fn is_live(&self) -> bool {
        self.status == NoticeStatus::Published && self.subject_doc.is_some()
    }

    pub(crate) fn updated_at(&self) -> i64 {
        self.updated_at
    }

    pub(crate) fn id_text(&self) -> String {
        self.id.to_string()
    }

    pub(crate) fn from_row(row: &AnyRow) -> Result<Self> {
        let id: String = row.try_get("id")?;
        let colour: String = row.try_get("colour")?;
        let status: String = row.try_get("status")?;
        let owner: String = row.try_get("requesting_country")?;
        let mode: String = row.try_get("restriction_mode")?;
        let list: String = row.try_get("restriction_list")?;
        Ok(Self {
            id: NoticeId::from_str(&id).map_err(|e| corrupt("notice id", e))?,
            colour: Colour::parse("colour", &colour).map_err(|e| corrupt("colour", e))?,
            status: NoticeStatus::parse("status", &status).map_err(|e| corrupt("status", e))?,
            owner: CountryCode::parse("requesting_country", &owner).map_err(|e| corrupt("country", e))?,
            restrictions: restrictions_from(&mode, &list)?,
            public_extract: row.try_get::<i64, _>("public_extract")? != 0,
            subject_doc: row.try_get("subject_doc")?,
            judicial_doc: row.try_get("judicial_doc")?,
            external_ref: row.try_get("external_ref")?,
            created_by: row.try_get("created_by")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            published_at: row.try_get("published_at")?,
            expires_at: row.try_get("expires_at")?,
        })
    }

    fn facts(&self) -> AccessFacts<'_> {
        AccessFacts::Notice {
            owner: self.owner,
            colour: self.colour,
            status: self.status,
            restrictions: &self.restrictions,
            public_extract: self.public_extract,
        }
    }

    pub(crate) fn into_record(self) -> Result<NoticeRecord> {
        let subject = decode_subject(self.subject_doc.as_deref().ok_or(StoreError::NotFound)?)?;
        let judicial = self.judicial_doc.as_deref().map(decode_judicial).transpose()?;
        Ok(NoticeRecord {
            id: self.id,
            request: NoticeRequest {
                colour: self.colour,
                requesting_country: self.owner,
                subject,
                judicial,
                restrictions: self.restrictions,
                public_extract: self.public_extract,
            },
            status: self.status,
            created_by: self.created_by,
            created_at: from_ms(self.created_at),
            updated_at: from_ms(self.updated_at),
            published_at: self.published_at.map(from_ms),
            expires_at: self.expires_at.map(from_ms),
            external_ref: self.external_ref,
        })
    }
}

pub(crate) const DIFFUSION_COLUMNS: &str = "id, purpose, status, circulated, requesting_country, recipients_all, recipients_list, \
    restriction_mode, restriction_list, subject_doc, judicial_doc, created_by, created_at, updated_at";

pub(crate) struct DiffusionRow {
    id: DiffusionId,
    purpose: DiffusionPurpose,
    status: DiffusionStatus,
    circulated: bool,
    owner: CountryCode,
    recipients: Recipients,
    restrictions: Restrictions,
    subject_doc: Option<String>,
    judicial_doc: Option<String>,
    created_by: String,
    created_at: i64,
    updated_at: i64,
}

impl DiffusionRow {
    /// Gone out and not withdrawn, with its documents: what screening matches.
    pub(crate) fn is_live(&self) -> bool {
        self.circulated
            && matches!(
                self.status,
                DiffusionStatus::Circulated | DiffusionStatus::UnderReview | DiffusionStatus::Confirmed
            )
            && self.subject_doc.is_some()
    }

    pub(crate) fn updated_at(&self) -> i64 {
        self.updated_at
    }

    pub(crate) fn id_text(&self) -> String {
        self.id.to_string()
    }

    pub(crate) fn from_row(row: &AnyRow) -> Result<Self> {
        let id: String = row.try_get("id")?;
        let purpose: String = row.try_get("purpose")?;
        let status: String = row.try_get("status")?;
        let owner: String = row.try_get("requesting_country")?;
        let mode: String = row.try_get("restriction_mode")?;
        let list: String = row.try_get("restriction_list")?;
        let recipients_list: String = row.try_get("recipients_list")?;
        Ok(Self {
            id: DiffusionId::from_str(&id).map_err(|e| corrupt("diffusion id", e))?,
            purpose: DiffusionPurpose::parse("purpose", &purpose).map_err(|e| corrupt("purpose", e))?,
            status: DiffusionStatus::parse("status", &status).map_err(|e| corrupt("status", e))?,
            circulated: row.try_get::<i64, _>("circulated")? != 0,
            owner: CountryCode::parse("requesting_country", &owner).map_err(|e| corrupt("country", e))?,
            recipients: if row.try_get::<i64, _>("recipients_all")? != 0 {
                Recipients::AllMembers
            } else {
                Recipients::Countries(decode_codes(&recipients_list)?)
            },
            restrictions: restrictions_from(&mode, &list)?,
            subject_doc: row.try_get("subject_doc")?,
            judicial_doc: row.try_get("judicial_doc")?,
            created_by: row.try_get("created_by")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }

    fn facts(&self) -> AccessFacts<'_> {
        AccessFacts::Diffusion {
            owner: self.owner,
            status: self.status,
            circulated: self.circulated,
            recipients: &self.recipients,
            restrictions: &self.restrictions,
        }
    }

    pub(crate) fn into_record(self) -> Result<DiffusionRecord> {
        let subject = decode_subject(self.subject_doc.as_deref().ok_or(StoreError::NotFound)?)?;
        let judicial = self.judicial_doc.as_deref().map(decode_judicial).transpose()?;
        Ok(DiffusionRecord {
            id: self.id,
            request: DiffusionRequest {
                purpose: self.purpose,
                requesting_country: self.owner,
                subject,
                judicial,
                recipients: self.recipients,
                restrictions: self.restrictions,
            },
            status: self.status,
            circulated: self.circulated,
            created_by: self.created_by,
            created_at: from_ms(self.created_at),
            updated_at: from_ms(self.updated_at),
        })
    }
}

fn user_from_row(row: &AnyRow) -> Result<UserRecord> {
    let id: String = row.try_get("id")?;
    let role: String = row.try_get("role")?;
    let country: Option<String> = row.try_get("country")?;
    Ok(UserRecord {
        id: UserId::from_str(&id).map_err(|e| corrupt("user id", e))?,
        name: row.try_get("name")?,
        role: Role::parse("role", &role).map_err(|e| corrupt("role", e))?,
        country: country
            .as_deref()
            .map(|c| CountryCode::parse("country", c).map_err(|e| corrupt("country", e)))
            .transpose()?,
        password_hash: row.try_get("password_hash")?,
        created_at: from_ms(row.try_get("created_at")?),
    })
}

fn event_from_row(row: &AnyRow) -> Result<EventRecord> {
    Ok(EventRecord {
        at: from_ms(row.try_get("at")?),
        action: row.try_get("action")?,
        from_status: row.try_get("from_status")?,
        to_status: row.try_get("to_status")?,
        actor: row.try_get("actor")?,
        role: row.try_get("role")?,
        country: row.try_get("country")?,
        reason: row.try_get("reason")?,
    })
}

fn review_from_row(row: &AnyRow) -> Result<ReviewRecord> {
    let id: String = row.try_get("id")?;
    let ruleset: String = row.try_get("ruleset_version")?;
    let recommendation: String = row.try_get("recommendation")?;
    let findings: String = row.try_get("findings_doc")?;
    Ok(ReviewRecord {
        id: ReviewId::from_str(&id).map_err(|e| corrupt("review id", e))?,
        object_kind: row.try_get("object_kind")?,
        object_id: row.try_get("object_id")?,
        evaluation: decode_evaluation(ruleset, &recommendation, &findings)?,
        created_at: from_ms(row.try_get("created_at")?),
        decision: row.try_get("decision")?,
        reasons: row.try_get("reasons")?,
        decided_by: row.try_get("decided_by")?,
        decided_at: row.try_get::<Option<i64>, _>("decided_at")?.map(from_ms),
    })
}

const AUDIT_COLUMNS: &str =
    "seq, lane, lane_seq, at, actor, role, country, action, object_kind, object_id, detail, prev_hash, hash";

/// Reads a row selected with [`AUDIT_COLUMNS`], by position: verification reads millions of them.
fn audit_from_row(row: &AnyRow) -> Result<AuditRecord> {
    Ok(AuditRecord {
        seq: row.try_get(0)?,
        lane: row.try_get(1)?,
        lane_seq: row.try_get(2)?,
        at_ms: row.try_get(3)?,
        actor: row.try_get(4)?,
        role: row.try_get(5)?,
        country: row.try_get(6)?,
        action: row.try_get(7)?,
        object_kind: row.try_get(8)?,
        object_id: row.try_get(9)?,
        detail: row.try_get(10)?,
        prev_hash: row.try_get(11)?,
        hash: row.try_get(12)?,
    })
}

fn require_reason(reason: &str) -> Result<String> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(FieldError::new("reason", "required", "this step must record a written reason").into());
    }
    if r.chars().count() > 10_000 {
        return Err(FieldError::new("reason", "too_long", "at most 10000 characters").into());
    }
    Ok(r.to_owned())
}

fn ids_detail<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let ids: Vec<&str> = ids.collect();
    format!("{} records: {}", ids.len(), ids.join(","))
}

/// A WHERE clause built from conditions, each with at most one parameter (`$` is numbered in order).
#[derive(Default)]
struct Where {
    clauses: Vec<String>,
    binds: Vec<Bind>,
}

enum Bind {
    Text(String),
    Int(i64),
}

impl Where {
    fn fixed(&mut self, clause: &str) {
        self.clauses.push(clause.to_owned());
    }

    fn text(&mut self, clause: &str, value: String) {
        self.binds.push(Bind::Text(value));
        self.clauses.push(clause.replace('$', &format!("${}", self.binds.len())));
    }

    fn int(&mut self, clause: &str, value: i64) {
        self.binds.push(Bind::Int(value));
        self.clauses.push(clause.replace('$', &format!("${}", self.binds.len())));
    }
}

/// A row that lists can page through: it knows its id and the facts visibility needs.
trait Listed: Sized {
    type Record;
    /// `notice` or `diffusion`: the kind named in events, reviews and audit records.
    const KIND: &'static str;
    const TABLE: &'static str;
    const COLUMNS: &'static str;
    fn from_row(row: &AnyRow) -> Result<Self>;
    fn id(&self) -> String;
    fn facts(&self) -> AccessFacts<'_>;
    fn into_record(self) -> Result<Self::Record>;
}

impl Listed for NoticeRow {
    type Record = NoticeRecord;
    const KIND: &'static str = "notice";
    const TABLE: &'static str = "notices";
    const COLUMNS: &'static str = NOTICE_COLUMNS;
    fn from_row(row: &AnyRow) -> Result<Self> {
        NoticeRow::from_row(row)
    }
    fn id(&self) -> String {
        self.id.to_string()
    }
    fn facts(&self) -> AccessFacts<'_> {
        NoticeRow::facts(self)
    }
    fn into_record(self) -> Result<NoticeRecord> {
        NoticeRow::into_record(self)
    }
}

impl Listed for DiffusionRow {
    type Record = DiffusionRecord;
    const KIND: &'static str = "diffusion";
    const TABLE: &'static str = "diffusions";
    const COLUMNS: &'static str = DIFFUSION_COLUMNS;
    fn from_row(row: &AnyRow) -> Result<Self> {
        DiffusionRow::from_row(row)
    }
    fn id(&self) -> String {
        self.id.to_string()
    }
    fn facts(&self) -> AccessFacts<'_> {
        DiffusionRow::facts(self)
    }
    fn into_record(self) -> Result<DiffusionRecord> {
        DiffusionRow::into_record(self)
    }
}

/// Pages through `table` in id order after `after`, batch by batch, keeping what `viewer` may read,
/// until `limit` records are found. Returns the page and, if there may be more, the cursor to go on from.
async fn scan_visible<L: Listed>(
    tx: &mut Tx,
    where_: Where,
    after: Option<String>,
    limit: usize,
    viewer: &Viewer,
) -> Result<Page<L::Record>> {
    let limit = limit.clamp(1, 500);
    let batch = (limit * 2).max(200);
    let cursor_at = where_.binds.len() + 1;
    let mut clauses = where_.clauses;
    clauses.push(format!("id > ${cursor_at}"));
    let sql =
        format!("SELECT {} FROM {} WHERE {} ORDER BY id LIMIT {batch}", L::COLUMNS, L::TABLE, clauses.join(" AND "));
    let mut cursor = after.unwrap_or_default();
    let mut items = Vec::new();
    let mut last_kept = None;
    loop {
        let mut query = sqlx::query(AssertSqlSafe(sql.clone()));
        for b in &where_.binds {
            query = match b {
                Bind::Text(t) => query.bind(t.clone()),
                Bind::Int(i) => query.bind(*i),
            };
        }
        let rows = query.bind(cursor.clone()).fetch_all(tx.conn().await?).await?;
        let exhausted = rows.len() < batch;
        for row in &rows {
            let listed = L::from_row(row)?;
            cursor = listed.id();
            if may_read(viewer, &listed.facts()) {
                if items.len() == limit {
                    return Ok(Page { items, next: last_kept });
                }
                last_kept = Some(listed.id());
                items.push(listed.into_record()?);
            }
        }
        if exhausted {
            return Ok(Page { items, next: None });
        }
    }
}

/// Records which records a list showed: the ids, never the personal data.
async fn audit_page<L: Listed>(tx: &mut Tx, reader: Reader<'_>, page: &Page<L::Record>) -> Result<()>
where
    L::Record: HasId,
{
    if page.items.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = page.items.iter().map(HasId::id_string).collect();
    let detail = ids_detail(ids.iter().map(String::as_str));
    tx.audit(reader.audit(&format!("{}.list", L::KIND), L::KIND, "*").detail(detail)).await
}

trait HasId {
    fn id_string(&self) -> String;
}

impl HasId for NoticeRecord {
    fn id_string(&self) -> String {
        self.id.to_string()
    }
}

impl HasId for DiffusionRecord {
    fn id_string(&self) -> String {
        self.id.to_string()
    }
}

/// Of `candidates` (a key and a subject each), those the screening engine finds possibly the same person
/// as `subject`, with their scores in thousandths; off the async executor.
async fn close_subjects(
    subject: &article3_domain::Subject,
    candidates: Vec<(u64, article3_domain::Subject)>,
) -> Result<std::collections::HashMap<u64, u32>> {
    if candidates.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let analyser = crate::keys::analyser()?;
    let subject = subject.clone();
    let found = tokio::task::spawn_blocking(move || article3_screen::subject::closest(analyser, &subject, &candidates))
        .await
        .map_err(|e| StoreError::Corrupt(format!("comparing subjects: {e}")))?;
    Ok(found.into_iter().map(|(key, score)| (key, (score * 1000.0).round() as u32)).collect())
}

/// Files a record under its subject's identity keys (hashed; kept after deletion), in one statement:
/// a notice or diffusion under its sound keys too, which find it under another spelling once its data is
/// deleted. The safeguard register's persons keep their names on file, and the server's register index
/// finds them under other spellings.
async fn insert_identity_keys(tx: &mut Tx, kind: &str, id: &str, subject: &article3_domain::Subject) -> Result<()> {
    let keys = if matches!(kind, "notice" | "diffusion") {
        SubjectKeys::of(subject)?.all()
    } else {
        article3_domain::identity_keys(subject).into_iter().collect()
    };
    if keys.is_empty() {
        return Ok(());
    }
    let rows: Vec<String> = (0..keys.len()).map(|i| format!("($1, $2, ${})", i + 3)).collect();
    let sql = format!("INSERT INTO identity_keys (object_kind, object_id, key) VALUES {}", rows.join(", "));
    let mut write = Write::new(sql).bind(kind).bind(id);
    for key in keys {
        write = write.bind(key);
    }
    tx.write(write).await
}

pub(crate) fn refusal_from_row(id: String, r: &AnyRow) -> Result<article3_domain::ExtraditionRefusal> {
    let requesting: String = r.try_get("requesting_country")?;
    let refusing: String = r.try_get("refusing_country")?;
    let refused_on: String = r.try_get("refused_on")?;
    Ok(article3_domain::ExtraditionRefusal {
        id,
        requesting_country: CountryCode::parse("c", &requesting).map_err(|e| corrupt("country", e))?,
        refusing_country: CountryCode::parse("c", &refusing).map_err(|e| corrupt("country", e))?,
        refused_on: crate::codec::parse_date_string("refused_on", &refused_on)?,
        grounds: r.try_get("grounds")?,
    })
}

pub(crate) fn refugee_from_row(id: String, r: &AnyRow) -> Result<article3_domain::RefugeeStatus> {
    let fled: String = r.try_get("fled_from")?;
    let protecting: String = r.try_get("protecting_country")?;
    let granted: String = r.try_get("granted_on")?;
    Ok(article3_domain::RefugeeStatus {
        id,
        fled_from: CountryCode::parse("fled_from", &fled).map_err(|e| corrupt("country", e))?,
        protecting_country: CountryCode::parse("protecting_country", &protecting).map_err(|e| corrupt("country", e))?,
        granted_on: crate::codec::parse_date_string("granted_on", &granted)?,
    })
}

/// Whether an open review's findings put the request below the penalty thresholds.
fn below_threshold(row: Option<AnyRow>) -> Result<bool> {
    let Some(row) = row else { return Ok(false) };
    let findings: String = row.try_get("findings_doc")?;
    let evaluation = decode_evaluation(String::new(), "refer", &findings)?;
    Ok(evaluation.findings.iter().any(|f| f.rule_id == article3_domain::PENALTY_THRESHOLD_RULE))
}

/// The reasons to record, once the override is checked: needed (below the thresholds) for an approval,
/// and allowed nowhere else.
fn override_reasons(
    decision: Decision,
    below_threshold: bool,
    particular_importance: bool,
    reasons: String,
) -> Result<String> {
    match (decision, below_threshold, particular_importance) {
        (Decision::Approve, true, false) => Err(FieldError::new(
            "override",
            "required",
            "the request is below the penalty thresholds: publishing it needs override particular_importance, with reasons",
        )
        .into()),
        (Decision::Approve, false, true) => Err(FieldError::new(
            "override",
            "inconsistent",
            "the request meets the penalty thresholds: there is nothing to override",
        )
        .into()),
        (Decision::Approve, true, true) => Ok(format!("[override: particular importance] {reasons}")),
        _ => Ok(reasons),
    }
}

fn no_open_review(kind: &str, id: &str) -> StoreError {
    StoreError::Conflict(format!("{kind} {id} has no open review"))
}

/// Adds to a requesting country's record, in one of its shards.
async fn bump_requester_stats(tx: &mut Tx, country: &str, decided: i64, refused: i64, deleted: i64) -> Result<()> {
    let shard = if tx.is_postgres() { "pg_backend_pid() % $2" } else { "$2" };
    tx.write(
        Write::new(format!(
            "INSERT INTO requester_stats (country, shard, decided, refused, deleted) VALUES ($1, {shard}, $3, $4, $5) \
             ON CONFLICT (country, shard) DO UPDATE SET decided = requester_stats.decided + excluded.decided, \
             refused = requester_stats.refused + excluded.refused, deleted = requester_stats.deleted + excluded.deleted"
        ))
        .bind(country)
        .bind(if tx.is_postgres() { STATS_SHARDS } else { 0 })
        .bind(decided)
        .bind(refused)
        .bind(deleted),
    )
    .await
}

/// PostgreSQL: how many shards a country's record is kept in. Each connection adds to the shard of its
/// server process's number modulo this, so decisions committed at once on one country's requests do not
/// wait for each other's row; a read sums the shards. (With shards picked at random among eight,
/// sixteen connections deciding at once waited on each other for half a decision's time.) SQLite has
/// one writer and keeps one shard.
const STATS_SHARDS: i64 = 64;

pub(crate) fn corrective_measure_from(text: &str) -> Option<CorrectiveMeasure> {
    [CorrectiveMeasure::EnhancedReview, CorrectiveMeasure::Restriction, CorrectiveMeasure::Suspension]
        .into_iter()
        .find(|m| m.as_str() == text)
}

/// The lifecycle steps of a notice or diffusion, in order.
async fn events_of(tx: &mut Tx, kind: &str, id: &str) -> Result<Vec<EventRecord>> {
    let rows = sqlx::query(
        "SELECT at, action, from_status, to_status, actor, role, country, reason FROM events \
         WHERE object_kind = $1 AND object_id = $2 ORDER BY id",
    )
    .bind(kind)
    .bind(id)
    .fetch_all(tx.conn().await?)
    .await?;
    rows.iter().map(event_from_row).collect()
}

impl SqlStore {
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let (backend, url) = normalise_url(url)?;
        let connections = match backend {
            Backend::Sqlite => 4,
            Backend::Postgres => 16,
        };
        let mut options = Conns::pool_options(connections);
        if backend == Backend::Sqlite {
            // FULL (the default): a commit is on disk before it is acknowledged, even across a power cut.
            // NORMAL survives a crash of the process but may lose the last commits on a power cut.
            let synchronous = match std::env::var("ARTICLE3_SQLITE_SYNCHRONOUS").as_deref() {
                Ok("normal" | "NORMAL") => "NORMAL",
                _ => "FULL",
            };
            let pragmas = format!(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;"
            );
            options = options.after_connect(move |conn, _meta| {
                let pragmas = pragmas.clone();
                Box::pin(async move {
                    sqlx::raw_sql(AssertSqlSafe(pragmas)).execute(conn).await?;
                    Ok(())
                })
            });
        }
        let pool = options.connect(&url).await?;
        crate::migrate::run(&pool, backend).await?;
        let writer = match backend {
            Backend::Sqlite => Some(pool.acquire().await?.detach()),
            Backend::Postgres => None,
        };
        let pool = Conns::new(pool, connections);
        let sqlite = match writer {
            Some(writer) => Some(SqliteGroup::start(writer, pool.clone()).await?),
            None => None,
        };
        let store = Self { pool, backend, sqlite };
        let filed = store.backfill_sound_keys().await?;
        if filed > 0 {
            tracing::info!(records = filed, "filed earlier notices and diffusions under their sound keys");
        }
        Ok(store)
    }

    /// The store's connections, for tools and tests that read or write the database directly.
    pub fn pool(&self) -> &Conns {
        &self.pool
    }

    /// Commits what is pending, folds SQLite's write-ahead log into the database file, and closes the
    /// pool: after this the database is one self-contained file.
    pub async fn close(&self) {
        if let Some(group) = &self.sqlite {
            group.checkpoint().await;
        }
        self.pool.close().await;
    }

    /// Starts an audited transaction.
    pub(crate) async fn begin(&self) -> Result<Tx> {
        match &self.sqlite {
            Some(group) => Tx::begin_sqlite(group).await,
            None => Tx::begin_postgres(&self.pool).await,
        }
    }

    /// A notice or diffusion row; `for_update` locks it (PostgreSQL) for a lifecycle step.
    async fn row<L: Listed>(&self, tx: &mut Tx, id: &str, for_update: bool) -> Result<Option<L>> {
        let lock = if for_update && self.backend == Backend::Postgres { " FOR UPDATE" } else { "" };
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {} FROM {} WHERE id = $1{lock}", L::COLUMNS, L::TABLE)))
            .bind(id)
            .fetch_optional(tx.conn().await?)
            .await?;
        row.as_ref().map(L::from_row).transpose()
    }

    /// Fetches a notice or diffusion the reader may see, or records the refused look-up and reports it as
    /// not found.
    async fn visible<L: Listed>(
        &self,
        tx: &mut Tx,
        reader: Reader<'_>,
        id: &str,
        action: &str,
        for_update: bool,
    ) -> Result<Option<L>> {
        let Some(row) = self.row::<L>(tx, id, for_update).await? else {
            return Ok(None);
        };
        if may_read(&reader.viewer(), &row.facts()) {
            Ok(Some(row))
        } else {
            tx.audit(reader.audit(&format!("{action}.denied"), L::KIND, id)).await?;
            Ok(None)
        }
    }

    async fn visible_notice(
        &self,
        tx: &mut Tx,
        reader: Reader<'_>,
        id: NoticeId,
        action: &str,
        for_update: bool,
    ) -> Result<Option<NoticeRow>> {
        self.visible::<NoticeRow>(tx, reader, &id.to_string(), action, for_update).await
    }

    async fn visible_diffusion(
        &self,
        tx: &mut Tx,
        reader: Reader<'_>,
        id: DiffusionId,
        action: &str,
        for_update: bool,
    ) -> Result<Option<DiffusionRow>> {
        self.visible::<DiffusionRow>(tx, reader, &id.to_string(), action, for_update).await
    }

    /// The requesting country of a notice or diffusion the reader may see, and whether it is live
    /// (published, or gone out); `None` when it does not exist or is not theirs to see (a refusal is
    /// audited as denied).
    pub(crate) async fn visible_owner(
        &self,
        tx: &mut Tx,
        reader: Reader<'_>,
        kind: article3_domain::RecordKind,
        id: &str,
        action: &str,
    ) -> Result<Option<(CountryCode, bool)>> {
        Ok(match kind {
            article3_domain::RecordKind::Notice => {
                let Ok(id) = NoticeId::from_str(id) else { return Ok(None) };
                self.visible_notice(tx, reader, id, action, true)
                    .await?
                    .map(|r| (r.owner, r.status == NoticeStatus::Published))
            }
            article3_domain::RecordKind::Diffusion => {
                let Ok(id) = DiffusionId::from_str(id) else { return Ok(None) };
                self.visible_diffusion(tx, reader, id, action, true).await?.map(|r| {
                    let live = r.circulated
                        && matches!(
                            r.status,
                            DiffusionStatus::Circulated | DiffusionStatus::UnderReview | DiffusionStatus::Confirmed
                        );
                    (r.owner, live)
                })
            }
        })
    }

    /// A record the reader may see, its reading audited (a refused look-up is audited as denied).
    async fn read<L: Listed>(&self, reader: Reader<'_>, id: &str) -> Result<L::Record> {
        let mut tx = self.begin().await?;
        let action = format!("{}.read", L::KIND);
        let Some(row) = self.visible::<L>(&mut tx, reader, id, &action, false).await? else {
            tx.commit().await?;
            return Err(StoreError::NotFound);
        };
        tx.audit(reader.audit(&action, L::KIND, id)).await?;
        let record = row.into_record()?;
        tx.commit().await?;
        Ok(record)
    }

    /// The lifecycle steps of a record the reader may see.
    async fn history<L: Listed>(&self, reader: Reader<'_>, id: &str) -> Result<Vec<EventRecord>> {
        let mut tx = self.begin().await?;
        let action = format!("{}.history", L::KIND);
        if self.visible::<L>(&mut tx, reader, id, &action, false).await?.is_none() {
            tx.commit().await?;
            return Err(StoreError::NotFound);
        }
        let events = events_of(&mut tx, L::KIND, id).await?;
        tx.audit(reader.audit(&action, L::KIND, id)).await?;
        tx.commit().await?;
        Ok(events)
    }

    async fn insert_review(tx: &mut Tx, kind: &str, id: &str, evaluation: &Evaluation) -> Result<()> {
        let now = tx.now;
        tx.write(
            Write::new(
                "INSERT INTO reviews (id, object_kind, object_id, ruleset_version, recommendation, findings_doc, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(ReviewId::generate().to_string())
            .bind(kind)
            .bind(id)
            .bind(&evaluation.ruleset_version)
            .bind(evaluation.recommendation.as_str())
            .bind(encode_evaluation(evaluation)?)
            .bind(now),
        )
        .await
    }

    /// Records a decision on the record's open review; a record without one is a conflict.
    async fn record_decision(tx: &mut Tx, kind: &str, id: &str, decision: &str, reasons: &str, by: &str) -> Result<()> {
        let updated = tx.execute(Self::decision_write(kind, id, decision, reasons, by, tx.now)).await?;
        if updated == 0 {
            return Err(no_open_review(kind, id));
        }
        Ok(())
    }

    /// The write that records a decision on the record's open review.
    fn decision_write(kind: &str, id: &str, decision: &str, reasons: &str, by: &str, at: i64) -> Write {
        Write::new(
            "UPDATE reviews SET decision = $1, reasons = $2, decided_by = $3, decided_at = $4 \
             WHERE object_kind = $5 AND object_id = $6 AND decision IS NULL",
        )
        .bind(decision)
        .bind(reasons)
        .bind(by)
        .bind(at)
        .bind(kind)
        .bind(id)
    }

    async fn set_notice_status(tx: &mut Tx, id: NoticeId, status: NoticeStatus) -> Result<()> {
        sqlx::query(concat!("UPDATE notices SET status = $1, ", next_change!("$2"), " WHERE id = $3"))
            .bind(status.as_str())
            .bind(tx.now)
            .bind(id.to_string())
            .execute(tx.conn().await?)
            .await?;
        Ok(())
    }

    async fn set_diffusion_status(
        tx: &mut Tx,
        id: DiffusionId,
        status: DiffusionStatus,
        circulated: bool,
    ) -> Result<()> {
        sqlx::query(concat!(
            "UPDATE diffusions SET status = $1, circulated = $2, ",
            next_change!("$3"),
            " WHERE id = $4"
        ))
        .bind(status.as_str())
        .bind(i64::from(circulated))
        .bind(tx.now)
        .bind(id.to_string())
        .execute(tx.conn().await?)
        .await?;
        Ok(())
    }
}

/// Splits a database URL into its backend and the form sqlx expects.
fn normalise_url(url: &str) -> Result<(Backend, String)> {
    let url = url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Backend::Postgres, url.to_owned()));
    }
    let path = if let Some(rest) = url.strip_prefix("sqlite://") {
        rest
    } else if let Some(rest) = url.strip_prefix("sqlite:") {
        rest
    } else if url.contains("://") || url.is_empty() {
        return Err(StoreError::UnsupportedUrl(format!(
            "'{url}': use sqlite://FILE, a file path, or postgres://USER@HOST:PORT/DB"
        )));
    } else {
        url
    };
    if path.contains('?') {
        Ok((Backend::Sqlite, format!("sqlite://{path}")))
    } else {
        Ok((Backend::Sqlite, format!("sqlite://{path}?mode=rwc")))
    }
}

impl SqlStore {
    /// PostgreSQL: a bureau's submission as one statement (notice, event, review record and audit record
    /// together), committed on its own. The hot path of every request, so it costs one round trip.
    async fn submit_notice_in_one_statement(
        &self,
        by: Reader<'_>,
        request: &NoticeRequest,
        evaluation: &Evaluation,
    ) -> Result<NoticeRecord> {
        let id = NoticeId::generate();
        let id_text = id.to_string();
        let now = crate::tx::now_ms();
        let (actor, role, country) = identity(&by);
        let audit = by.audit("notice.submit", "notice", &id_text).detail(format!(
            "colour={} findings={}",
            request.colour.as_str(),
            evaluation.findings.len()
        ));
        sqlx::query(
            "WITH notice AS ( \
               INSERT INTO notices (id, colour, status, requesting_country, restriction_mode, restriction_list, \
                 public_extract, subject_doc, judicial_doc, primary_name, external_ref, created_by, created_at, \
                 updated_at, published_at, expires_at) \
               VALUES ($1, $2, 'submitted', $3, $4, $5, $6, $7, $8, $9, NULL, $10, $11, $11, NULL, NULL)), \
             event AS ( \
               INSERT INTO events (object_kind, object_id, action, from_status, to_status, actor, role, country, reason, at) \
               VALUES ('notice', $1, 'submit', NULL, 'submitted', $10, $12, $13, 'submitted for review', $11)), \
             review AS ( \
               INSERT INTO reviews (id, object_kind, object_id, ruleset_version, recommendation, findings_doc, created_at) \
               VALUES ($14, 'notice', $1, $15, $16, $17, $11)), \
             keys AS ( \
               INSERT INTO identity_keys (object_kind, object_id, key) \
               SELECT 'notice', $1, k FROM regexp_split_to_table($25, ',') AS k WHERE k <> '') \
             SELECT article3_audit_append($11, $18, $19, $20, $21, $22, $23, $24)",
        )
        .bind(&id_text)
        .bind(request.colour.as_str())
        .bind(request.requesting_country.to_string())
        .bind(request.restrictions.mode())
        .bind(restriction_list(&request.restrictions))
        .bind(i64::from(request.public_extract))
        .bind(encode_subject(&request.subject)?)
        .bind(request.judicial.as_ref().map(encode_judicial).transpose()?)
        .bind(request.subject.primary_name().to_owned())
        .bind(&actor)
        .bind(now)
        .bind(&role)
        .bind(&country)
        .bind(ReviewId::generate().to_string())
        .bind(&evaluation.ruleset_version)
        .bind(evaluation.recommendation.as_str())
        .bind(encode_evaluation(evaluation)?)
        .bind(&audit.actor)
        .bind(&audit.role)
        .bind(&audit.country)
        .bind(&audit.action)
        .bind(&audit.object_kind)
        .bind(&audit.object_id)
        .bind(&audit.detail)
        .bind(SubjectKeys::of(&request.subject)?.all().join(","))
        .execute(&self.pool)
        .await?;
        let at = from_ms(now);
        Ok(NoticeRecord {
            id,
            request: request.clone(),
            status: NoticeStatus::Submitted,
            created_by: actor,
            created_at: at,
            updated_at: at,
            published_at: None,
            expires_at: None,
            external_ref: None,
        })
    }

    /// A country's decided and refused requests, from its sharded counters.
    async fn requester_counts(&self, country: &str) -> Result<(u32, u32)> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(decided), 0) AS BIGINT) AS decided, CAST(COALESCE(SUM(refused), 0) AS BIGINT) AS refused \
             FROM requester_stats WHERE country = $1",
        )
        .bind(country)
        .fetch_one(&self.pool)
        .await?;
        let n = |c: &str| -> Result<u32> { Ok(u32::try_from(row.try_get::<i64, _>(c)?).unwrap_or(u32::MAX)) };
        Ok((n("decided")?, n("refused")?))
    }

    /// PostgreSQL: a review decision as one statement, committed on its own, with no lock held between
    /// reading the notice and writing the decision. The writes happen only if the notice is still in the
    /// status it was read in and its review is still open; otherwise nothing is written and the caller
    /// reads again.
    async fn decide_notice_guarded(
        &self,
        actor: &Actor,
        id: NoticeId,
        decision: Decision,
        reasons: String,
        particular_importance: bool,
    ) -> Result<NoticeRecord> {
        // The override is checked in the same statement: an approval writes only if the open review's
        // findings are below the thresholds exactly when the override is given. (The findings document is
        // the store's own JSON, so its rule ids can be matched as text.)
        let override_guard = match decision {
            Decision::Approve => i64::from(particular_importance),
            Decision::Refuse => -1,
        };
        let below_pattern = format!("%\"rule_id\":\"{}\"%", article3_domain::PENALTY_THRESHOLD_RULE);
        let recorded_reasons =
            override_reasons(decision, particular_importance, particular_importance, reasons.clone())?;
        let action = match decision {
            Decision::Approve => NoticeAction::Approve,
            Decision::Refuse => NoticeAction::Refuse,
        };
        let reader = Reader::Actor(actor);
        let id_text = id.to_string();
        let (who, role, country) = identity(&reader);
        for _ in 0..3 {
            let row = sqlx::query(AssertSqlSafe(format!("SELECT {NOTICE_COLUMNS} FROM notices WHERE id = $1")))
                .bind(&id_text)
                .fetch_optional(&self.pool)
                .await?;
            let Some(mut row) = row.as_ref().map(NoticeRow::from_row).transpose()? else {
                return Err(StoreError::NotFound);
            };
            if !may_read(&reader.viewer(), &row.facts()) {
                self.append_audit(reader.audit("notice.review.denied", "notice", &id_text)).await?;
                return Err(StoreError::NotFound);
            }
            actor.may_act_on_notice(action, row.owner)?;
            let read_status = row.status;
            let opened_review = read_status == NoticeStatus::Submitted;
            let status = if opened_review { read_status.apply(NoticeAction::StartReview)? } else { read_status };
            let next = status.apply(action)?;
            let now = crate::tx::now_ms();
            row.status = next;
            row.updated_at = now;
            if next == NoticeStatus::Published {
                row.published_at = Some(now);
                row.expires_at = Some(to_ms(expiry_after(from_ms(now))));
            }
            let audit = reader.audit("notice.review", "notice", &id_text).detail(format!(
                "decision={} -> {}",
                decision.as_str(),
                next.as_str()
            ));
            let done = sqlx::query(concat!(
                "WITH notice AS ( \
                   UPDATE notices SET status = $1, published_at = $3, expires_at = $4, ",
                next_change!("$2"),
                " WHERE id = $5 AND status = $24 AND EXISTS ( \
                     SELECT 1 FROM reviews WHERE object_kind = 'notice' AND object_id = $5 AND decision IS NULL \
                     AND ($25 < 0 OR (CASE WHEN findings_doc LIKE $26 THEN 1 ELSE 0 END) = $25)) \
                   RETURNING id), \
                 review AS ( \
                   UPDATE reviews SET decision = $6, reasons = $7, decided_by = $8, decided_at = $2 \
                   WHERE object_kind = 'notice' AND object_id = $5 AND decision IS NULL AND EXISTS (SELECT 1 FROM notice) \
                   RETURNING id), \
                 event AS ( \
                   INSERT INTO events (object_kind, object_id, action, from_status, to_status, actor, role, country, reason, at) \
                   SELECT 'notice', $5, v.action, v.from_status, v.to_status, $8, $9, $10, v.reason, $2 \
                   FROM (VALUES (1, 'start_review', 'submitted', 'under_review', 'review opened'), \
                                (2, $11::text, $12::text, $1::text, $7::text)) AS v(ord, action, from_status, to_status, reason) \
                   WHERE (v.ord = 2 OR $13::bigint = 1) AND EXISTS (SELECT 1 FROM notice) ORDER BY v.ord), \
                 stats AS ( \
                   INSERT INTO requester_stats (country, shard, decided, refused, deleted) \
                   SELECT $21, pg_backend_pid() % $22, 1, $23, 0 WHERE EXISTS (SELECT 1 FROM notice) \
                   ON CONFLICT (country, shard) DO UPDATE SET decided = requester_stats.decided + 1, \
                   refused = requester_stats.refused + excluded.refused) \
                 SELECT (SELECT COUNT(*) FROM notice) AS decided, \
                        (SELECT CAST(CASE WHEN findings_doc LIKE $26 THEN 1 ELSE 0 END AS BIGINT) FROM reviews \
                         WHERE object_kind = 'notice' AND object_id = $5 AND decision IS NULL) AS below, \
                        CASE WHEN EXISTS (SELECT 1 FROM notice) \
                             THEN article3_audit_append($2, $14, $15, $16, $17, $18, $19, $20) END AS seq",
            ))
            .bind(next.as_str())
            .bind(now)
            .bind(row.published_at)
            .bind(row.expires_at)
            .bind(&id_text)
            .bind(decision.as_str())
            .bind(&recorded_reasons)
            .bind(&who)
            .bind(&role)
            .bind(&country)
            .bind(action.as_str())
            .bind(status.as_str())
            .bind(i64::from(opened_review))
            .bind(&audit.actor)
            .bind(&audit.role)
            .bind(&audit.country)
            .bind(&audit.action)
            .bind(&audit.object_kind)
            .bind(&audit.object_id)
            .bind(&audit.detail)
            .bind(row.owner.to_string())
            .bind(STATS_SHARDS)
            .bind(i64::from(decision == Decision::Refuse))
            .bind(read_status.as_str())
            .bind(override_guard)
            .bind(&below_pattern)
            .fetch_one(&self.pool)
            .await?;
            if done.try_get::<i64, _>("decided")? == 1 {
                return row.into_record();
            }
            // Nothing written: either the override did not match the findings, or the notice changed.
            if let Some(below) = done.try_get::<Option<i64>, _>("below")? {
                override_reasons(decision, below == 1, particular_importance, reasons.clone())?;
            }
            // The notice changed (or its review closed) between the read and the write: read it again.
        }
        Err(StoreError::Conflict(format!("notice {id} changed while it was being decided; try again")))
    }
}

impl SqlStore {
    /// SQLite keeps one lane, numbered 1, 2, 3, … like the log itself, so ranges of it can be read on
    /// several connections at once while one task checks them in order.
    async fn verify_single_lane(
        &self,
        progress: &(dyn Fn(u64) + Send + Sync),
    ) -> Result<std::result::Result<AuditSummary, BrokenLink>> {
        const CHUNK: i64 = 20_000;
        const READERS: usize = 3;
        let heads: Vec<(i64, i64, String)> = sqlx::query("SELECT lane, lane_seq, hash FROM audit_head ORDER BY lane")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("lane")?, r.try_get("lane_seq")?, r.try_get("hash")?)))
            .collect::<Result<_>>()?;
        let last = heads.iter().map(|(_, lane_seq, _)| *lane_seq).max().unwrap_or(0);
        // A range comes back as one JSON array in one row: the driver hands rows over one at a time
        // between threads, and a million hand-overs cost more than the checking itself.
        let read = |from: i64| {
            let pool = self.pool.clone();
            tokio::spawn(async move {
                let row = sqlx::query(
                    "SELECT json_group_array(json_array(seq, lane, lane_seq, at, actor, role, country, action, \
                     object_kind, object_id, detail, prev_hash, hash) ORDER BY seq) AS records \
                     FROM audit WHERE seq >= $1 AND seq < $2",
                )
                .bind(from)
                .bind(from + CHUNK)
                .fetch_one(&pool)
                .await?;
                let text: String = row.try_get("records")?;
                type Packed =
                    (i64, i64, i64, i64, String, String, String, String, String, String, String, String, String);
                let packed: Vec<Packed> = serde_json::from_str(&text).map_err(|e| corrupt("audit range", e))?;
                Ok::<_, StoreError>(
                    packed
                        .into_iter()
                        .map(
                            |(
                                seq,
                                lane,
                                lane_seq,
                                at_ms,
                                actor,
                                role,
                                country,
                                action,
                                object_kind,
                                object_id,
                                detail,
                                prev_hash,
                                hash,
                            )| {
                                AuditRecord {
                                    seq,
                                    lane,
                                    lane_seq,
                                    at_ms,
                                    actor,
                                    role,
                                    country,
                                    action,
                                    object_kind,
                                    object_id,
                                    detail,
                                    prev_hash,
                                    hash,
                                }
                            },
                        )
                        .collect::<Vec<_>>(),
                )
            })
        };
        let mut verifier = ChainVerifier::default();
        let mut in_flight = std::collections::VecDeque::new();
        let mut next = 1_i64;
        let mut checked = 0_u64;
        while next <= last && in_flight.len() < READERS {
            in_flight.push_back(read(next));
            next += CHUNK;
        }
        while let Some(reading) = in_flight.pop_front() {
            let records = reading.await.map_err(|e| StoreError::Corrupt(format!("reader task: {e}")))??;
            if next <= last {
                in_flight.push_back(read(next));
                next += CHUNK;
            }
            for record in records.iter().filter(|r| r.seq <= last) {
                if let Err(broken) = verifier.check(record) {
                    return Ok(Err(broken));
                }
                checked += 1;
            }
            progress(checked);
        }
        if let Err(broken) = verifier.finish(&heads) {
            return Ok(Err(broken));
        }
        // Records beyond the head were either committed after it was read, or slipped in by hand: read
        // both ends in one statement (one snapshot) and they must agree.
        let ends =
            sqlx::query("SELECT (SELECT MAX(lane_seq) FROM audit_head) AS head, (SELECT MAX(seq) FROM audit) AS last")
                .fetch_one(&self.pool)
                .await?;
        let (head, max): (i64, Option<i64>) = (ends.try_get("head")?, ends.try_get("last")?);
        if max.unwrap_or(0) > head {
            return Ok(Err(BrokenLink {
                seq: head + 1,
                problem: "records exist beyond the end of the chain".to_owned(),
            }));
        }
        Ok(Ok(AuditSummary { records: checked, head_seq: last }))
    }
}

impl Store for SqlStore {
    fn backend(&self) -> Backend {
        self.backend
    }

    fn countries(&self) -> BoxFuture<'_, Result<Vec<Country>>> {
        Box::pin(async move {
            let rows = sqlx::query("SELECT code, name, status, covered_by, note FROM countries ORDER BY code")
                .fetch_all(&self.pool)
                .await?;
            rows.iter()
                .map(|row| {
                    let code: String = row.try_get("code")?;
                    let status: String = row.try_get("status")?;
                    let covered_by: Option<String> = row.try_get("covered_by")?;
                    Ok(Country {
                        code: CountryCode::parse("code", &code).map_err(|e| corrupt("country", e))?,
                        name: row.try_get("name")?,
                        status: MembershipStatus::parse("status", &status).map_err(|e| corrupt("status", e))?,
                        covered_by: covered_by
                            .as_deref()
                            .map(|c| CountryCode::parse("covered_by", c).map_err(|e| corrupt("country", e)))
                            .transpose()?,
                        note: row.try_get("note")?,
                    })
                })
                .collect()
        })
    }

    fn seed_countries<'a>(&'a self, countries: &'a [Country]) -> BoxFuture<'a, Result<usize>> {
        Box::pin(async move {
            let mut tx = self.begin().await?;
            let existing: BTreeSet<String> = sqlx::query("SELECT code FROM countries")
                .fetch_all(tx.conn().await?)
                .await?
                .iter()
                .map(|r| r.try_get::<String, _>("code"))
                .collect::<Result<_, _>>()?;
            let mut added = 0;
            for c in countries.iter().filter(|c| !existing.contains(c.code.as_str())) {
                sqlx::query("INSERT INTO countries (code, name, status, covered_by, note, updated_at) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(c.code.to_string())
                    .bind(&c.name)
                    .bind(c.status.as_str())
                    .bind(c.covered_by.map(|c| c.to_string()))
                    .bind(&c.note)
                    .bind(tx.now)
                    .execute(tx.conn().await?)
                    .await?;
                added += 1;
            }
            if added > 0 {
                tx.audit(
                    AuditEvent::new("countries.seed", "country", "*")
                        .by_system("startup")
                        .detail(format!("{added} added")),
                )
                .await?;
            }
            tx.commit().await?;
            Ok(added)
        })
    }

    fn update_country<'a>(&'a self, actor: &'a Actor, country: &'a Country) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            if actor.role != Role::Admin {
                return Err(Forbidden::new("only an administrator may edit countries").into());
            }
            let mut tx = self.begin().await?;
            let updated = sqlx::query("UPDATE countries SET name = $1, status = $2, covered_by = $3, note = $4, updated_at = $5 WHERE code = $6")
                .bind(&country.name)
                .bind(country.status.as_str())
                .bind(country.covered_by.map(|c| c.to_string()))
                .bind(&country.note)
                .bind(tx.now)
                .bind(country.code.to_string())
                .execute(tx.conn().await?)
                .await?
                .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound);
            }
            tx.audit(AuditEvent::new("country.update", "country", country.code.to_string()).by(actor).detail(format!(
                "status={} covered_by={}",
                country.status.as_str(),
                country.covered_by.map(|c| c.to_string()).unwrap_or_default()
            )))
            .await?;
            tx.commit().await
        })
    }

    fn create_user<'a>(&'a self, by: &'a str, user: NewUser) -> BoxFuture<'a, Result<UserRecord>> {
        Box::pin(async move {
            let taken_name = format!("a user named '{}' already exists", user.name);
            let mut tx = self.begin().await?;
            let taken = sqlx::query("SELECT id FROM users WHERE name = $1")
                .bind(&user.name)
                .fetch_optional(tx.conn().await?)
                .await?;
            if taken.is_some() {
                return Err(StoreError::Conflict(taken_name));
            }
            let record = UserRecord {
                id: UserId::generate(),
                name: user.name,
                role: user.role,
                country: user.country,
                password_hash: user.password_hash,
                created_at: from_ms(tx.now),
            };
            sqlx::query("INSERT INTO users (id, name, role, country, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(record.id.to_string())
                .bind(&record.name)
                .bind(record.role.as_str())
                .bind(record.country.map(|c| c.to_string()))
                .bind(&record.password_hash)
                .bind(tx.now)
                .execute(tx.conn().await?)
                .await
                .map_err(|e| or_conflict(e, || taken_name))?;
            tx.audit(AuditEvent::new("user.create", "user", record.id.to_string()).by_system(by).detail(format!(
                "name={} role={} country={}",
                record.name,
                record.role.as_str(),
                record.country.map(|c| c.to_string()).unwrap_or_default()
            )))
            .await?;
            tx.commit().await?;
            Ok(record)
        })
    }

    fn user_by_name<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Option<UserRecord>>> {
        Box::pin(async move {
            let row =
                sqlx::query("SELECT id, name, role, country, password_hash, created_at FROM users WHERE name = $1")
                    .bind(name)
                    .fetch_optional(&self.pool)
                    .await?;
            row.as_ref().map(user_from_row).transpose()
        })
    }

    fn users(&self) -> BoxFuture<'_, Result<Vec<UserRecord>>> {
        Box::pin(async move {
            let rows =
                sqlx::query("SELECT id, name, role, country, password_hash, created_at FROM users ORDER BY name")
                    .fetch_all(&self.pool)
                    .await?;
            rows.iter().map(user_from_row).collect()
        })
    }

    fn create_token<'a>(
        &'a self,
        user: &'a UserRecord,
        token_hash: &'a str,
        expires_at: OffsetDateTime,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let mut tx = self.begin().await?;
            sqlx::query("INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(token_hash)
                .bind(user.id.to_string())
                .bind(tx.now)
                .bind(to_ms(expires_at))
                .execute(tx.conn().await?)
                .await?;
            tx.audit(AuditEvent::new("auth.login", "user", user.id.to_string()).by(&user.actor())).await?;
            tx.commit().await
        })
    }

    fn actor_for_token<'a>(
        &'a self,
        token_hash: &'a str,
        now: OffsetDateTime,
    ) -> BoxFuture<'a, Result<Option<(Actor, OffsetDateTime)>>> {
        Box::pin(async move {
            let row = sqlx::query(
                "SELECT u.id, u.name, u.role, u.country, u.password_hash, u.created_at, t.expires_at FROM tokens t \
                 JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.expires_at > $2",
            )
            .bind(token_hash)
            .bind(to_ms(now))
            .fetch_optional(&self.pool)
            .await?;
            match row {
                None => Ok(None),
                Some(row) => Ok(Some((user_from_row(&row)?.actor(), from_ms(row.try_get("expires_at")?)))),
            }
        })
    }

    fn submit_notice<'a>(
        &'a self,
        by: Reader<'a>,
        request: &'a NoticeRequest,
        evaluation: &'a Evaluation,
        intake: Intake,
    ) -> BoxFuture<'a, Result<NoticeRecord>> {
        Box::pin(async move {
            if let Reader::Actor(a) = by
                && !a.is_bureau_of(request.requesting_country)
            {
                return Err(Forbidden::new("only the requesting country's bureau may submit its notices").into());
            }
            if self.backend == Backend::Postgres && matches!(intake, Intake::Submitted) {
                return self.submit_notice_in_one_statement(by, request, evaluation).await;
            }
            let mut tx = self.begin().await?;
            let (status, external_ref, source) = match &intake {
                Intake::Submitted => (NoticeStatus::Submitted, None, None),
                Intake::ImportedPublished { source, external_ref } => {
                    (NoticeStatus::Published, external_ref.clone(), Some(source.clone()))
                }
                Intake::ImportedForReview { source, external_ref } => {
                    (NoticeStatus::Submitted, external_ref.clone(), Some(source.clone()))
                }
            };
            let taken_reference =
                || format!("a notice with reference {} already exists", external_ref.as_deref().unwrap_or_default());
            if let Some(r) = &external_ref {
                let exists = sqlx::query("SELECT id FROM notices WHERE external_ref = $1")
                    .bind(r)
                    .fetch_optional(tx.conn().await?)
                    .await?;
                if exists.is_some() {
                    return Err(StoreError::Conflict(taken_reference()));
                }
            }
            let id = NoticeId::generate();
            let now = from_ms(tx.now);
            let (published_at, expires_at) = if status == NoticeStatus::Published {
                (Some(tx.now), Some(to_ms(expiry_after(now))))
            } else {
                (None, None)
            };
            let created_by = match by {
                Reader::Public => "import".to_owned(),
                Reader::Actor(a) => a.name.clone(),
            };
            sqlx::query(
                "INSERT INTO notices (id, colour, status, requesting_country, restriction_mode, restriction_list, public_extract, \
                 subject_doc, judicial_doc, primary_name, external_ref, created_by, created_at, updated_at, published_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            )
            .bind(id.to_string())
            .bind(request.colour.as_str())
            .bind(status.as_str())
            .bind(request.requesting_country.to_string())
            .bind(request.restrictions.mode())
            .bind(restriction_list(&request.restrictions))
            .bind(i64::from(request.public_extract))
            .bind(encode_subject(&request.subject)?)
            .bind(request.judicial.as_ref().map(encode_judicial).transpose()?)
            .bind(request.subject.primary_name().to_owned())
            .bind(external_ref.clone())
            .bind(&created_by)
            .bind(tx.now)
            .bind(tx.now)
            .bind(published_at)
            .bind(expires_at)
            .execute(tx.conn().await?)
            .await
            .map_err(|e| or_conflict(e, taken_reference))?;
            let id_text = id.to_string();
            match (&intake, source) {
                (Intake::ImportedPublished { .. }, Some(source)) => {
                    let reason = format!("migrated as published from {source}");
                    tx.event("notice", &id_text, "import_published", None, status.as_str(), &by, &reason).await?;
                    insert_identity_keys(&mut tx, "notice", &id_text, &request.subject).await?;
                    Self::insert_review(&mut tx, "notice", &id_text, evaluation).await?;
                    Self::record_decision(&mut tx, "notice", &id_text, "imported_as_published", &reason, &created_by)
                        .await?;
                    tx.audit(
                        by.audit("notice.import", "notice", &id_text)
                            .detail(format!("colour={} status=published source={source}", request.colour.as_str())),
                    )
                    .await?;
                }
                (_, source) => {
                    let reason = source
                        .map_or_else(|| "submitted for review".to_owned(), |s| format!("imported from {s} for review"));
                    tx.event("notice", &id_text, "submit", None, status.as_str(), &by, &reason).await?;
                    insert_identity_keys(&mut tx, "notice", &id_text, &request.subject).await?;
                    Self::insert_review(&mut tx, "notice", &id_text, evaluation).await?;
                    tx.audit(by.audit("notice.submit", "notice", &id_text).detail(format!(
                        "colour={} findings={}",
                        request.colour.as_str(),
                        evaluation.findings.len()
                    )))
                    .await?;
                }
            }
            let record = NoticeRecord {
                id,
                request: request.clone(),
                status,
                created_by,
                created_at: now,
                updated_at: now,
                published_at: published_at.map(from_ms),
                expires_at: expires_at.map(from_ms),
                external_ref,
            };
            tx.commit().await?;
            Ok(record)
        })
    }

    fn read_notice<'a>(&'a self, reader: Reader<'a>, id: NoticeId) -> BoxFuture<'a, Result<NoticeRecord>> {
        Box::pin(async move { self.read::<NoticeRow>(reader, &id.to_string()).await })
    }

    fn list_notices<'a>(
        &'a self,
        reader: Reader<'a>,
        filter: &'a NoticeFilter,
    ) -> BoxFuture<'a, Result<Page<NoticeRecord>>> {
        Box::pin(async move {
            let viewer = reader.viewer();
            // A superset of what the policy allows, so the database does the coarse cut; `may_read` decides.
            let mut where_ = Where::default();
            match viewer {
                Viewer::Public => where_.fixed("status = 'published' AND public_extract = 1"),
                Viewer::User { role, country } => match role {
                    Role::Admin | Role::Subject => return Ok(Page { items: Vec::new(), next: None }),
                    Role::Reviewer | Role::Commission => where_.fixed("status <> 'deleted'"),
                    Role::Ncb => where_.text(
                        "(status = 'published' OR requesting_country = $)",
                        country.map(|c| c.to_string()).unwrap_or_default(),
                    ),
                    Role::Border | Role::Caseworker => where_.fixed("status = 'published'"),
                },
            }
            if let Some(s) = filter.status {
                where_.text("status = $", s.as_str().to_owned());
            }
            if let Some(c) = filter.colour {
                where_.text("colour = $", c.as_str().to_owned());
            }
            if let Some(c) = filter.requesting_country {
                where_.text("requesting_country = $", c.to_string());
            }
            if let Some(t) = filter.expiring_before {
                where_.int("expires_at <= $", to_ms(t));
            }
            let after = filter.after.map(|a| a.to_string());
            let mut tx = self.begin().await?;
            let page = scan_visible::<NoticeRow>(&mut tx, where_, after, filter.limit, &viewer).await?;
            audit_page::<NoticeRow>(&mut tx, reader, &page).await?;
            tx.commit().await?;
            Ok(page)
        })
    }

    fn notice_history<'a>(&'a self, reader: Reader<'a>, id: NoticeId) -> BoxFuture<'a, Result<Vec<EventRecord>>> {
        Box::pin(async move { self.history::<NoticeRow>(reader, &id.to_string()).await })
    }

    fn transition_notice<'a>(
        &'a self,
        actor: &'a Actor,
        id: NoticeId,
        action: NoticeAction,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<NoticeRecord>> {
        Box::pin(async move {
            if matches!(action, NoticeAction::Approve | NoticeAction::Refuse) {
                return Err(StoreError::Conflict("a review decision goes through decide_notice".to_owned()));
            }
            let reason = if action.needs_reason() { require_reason(reason)? } else { reason.trim().to_owned() };
            let mut tx = self.begin().await?;
            let reader = Reader::Actor(actor);
            let Some(row) = self.visible_notice(&mut tx, reader, id, "notice.transition", true).await? else {
                tx.commit().await?;
                return Err(StoreError::NotFound);
            };
            actor.may_act_on_notice(action, row.owner)?;
            let next = row.status.apply(action)?;
            let id_text = id.to_string();
            let mut row = row;
            let previous = row.status;
            Self::set_notice_status(&mut tx, id, next).await?;
            row.status = next;
            row.updated_at = tx.now;
            match action {
                NoticeAction::Renew => {
                    let expires_at = to_ms(expiry_after(from_ms(tx.now)));
                    sqlx::query("UPDATE notices SET expires_at = $1, reminded_at = NULL WHERE id = $2")
                        .bind(expires_at)
                        .bind(&id_text)
                        .execute(tx.conn().await?)
                        .await?;
                    row.expires_at = Some(expires_at);
                }
                NoticeAction::Delete => {
                    // A deletion is real: personal data and findings leave; the status trail and the
                    // audit tombstone remain.
                    sqlx::query(
                        "UPDATE notices SET subject_doc = NULL, judicial_doc = NULL, primary_name = NULL WHERE id = $1",
                    )
                    .bind(&id_text)
                    .execute(tx.conn().await?)
                    .await?;
                    sqlx::query("DELETE FROM reviews WHERE object_kind = 'notice' AND object_id = $1")
                        .bind(&id_text)
                        .execute(tx.conn().await?)
                        .await?;
                    bump_requester_stats(&mut tx, &row.owner.to_string(), 0, 0, 1).await?;
                }
                _ => {}
            }
            tx.event("notice", &id_text, action.as_str(), Some(previous.as_str()), next.as_str(), &reader, &reason)
                .await?;
            tx.audit(reader.audit(&format!("notice.{}", action.as_str()), "notice", &id_text).detail(format!(
                "{} -> {}",
                previous.as_str(),
                next.as_str()
            )))
            .await?;
            // For a deletion this is the last view of the record, returned to the Commission that ordered it.
            let record = row.into_record()?;
            tx.commit().await?;
            Ok(record)
        })
    }

    fn decide_notice_with<'a>(
        &'a self,
        actor: &'a Actor,
        id: NoticeId,
        decision: Decision,
        reasons: &'a str,
        particular_importance: bool,
    ) -> BoxFuture<'a, Result<NoticeRecord>> {
        Box::pin(async move {
            let reasons = require_reason(reasons)
                .map_err(|_| FieldError::new("reasons", "required", "a decision must give written reasons"))?;
            if particular_importance && decision == Decision::Refuse {
                return Err(
                    FieldError::new("override", "inconsistent", "an override only applies to an approval").into()
                );
            }
            if self.backend == Backend::Postgres {
                return self.decide_notice_guarded(actor, id, decision, reasons, particular_importance).await;
            }
            let action = match decision {
                Decision::Approve => NoticeAction::Approve,
                Decision::Refuse => NoticeAction::Refuse,
            };
            let mut tx = self.begin().await?;
            let reader = Reader::Actor(actor);
            let Some(row) = self.visible_notice(&mut tx, reader, id, "notice.review", true).await? else {
                tx.commit().await?;
                return Err(StoreError::NotFound);
            };
            actor.may_act_on_notice(action, row.owner)?;
            let id_text = id.to_string();
            let open_review = sqlx::query(
                "SELECT findings_doc FROM reviews WHERE object_kind = 'notice' AND object_id = $1 AND decision IS NULL",
            )
            .bind(&id_text)
            .fetch_optional(tx.conn().await?)
            .await?;
            // The single writer holds the review from here to the commit, so the decision below, read
            // as open now, is written without reading its outcome.
            let under_review = open_review.is_some();
            let needs = below_threshold(open_review)?;
            let reasons = override_reasons(decision, needs, particular_importance, reasons)?;
            // A submitted notice is taken under review first, in the same transaction.
            let opened_review = row.status == NoticeStatus::Submitted;
            let status = match row.status {
                NoticeStatus::Submitted => row.status.apply(NoticeAction::StartReview)?,
                other => other,
            };
            let next = status.apply(action)?;
            let mut row = row;
            row.status = next;
            row.updated_at = tx.now;
            if next == NoticeStatus::Published {
                row.published_at = Some(tx.now);
                row.expires_at = Some(to_ms(expiry_after(from_ms(tx.now))));
            }
            let audit = reader.audit("notice.review", "notice", &id_text).detail(format!(
                "decision={} -> {}",
                decision.as_str(),
                next.as_str()
            ));
            if !under_review {
                return Err(no_open_review("notice", &id_text));
            }
            {
                if opened_review {
                    tx.event(
                        "notice",
                        &id_text,
                        "start_review",
                        Some("submitted"),
                        status.as_str(),
                        &reader,
                        "review opened",
                    )
                    .await?;
                }
                tx.write(
                    Write::new(concat!(
                        "UPDATE notices SET status = $1, published_at = $3, expires_at = $4, ",
                        next_change!("$2"),
                        " WHERE id = $5"
                    ))
                    .bind(next.as_str())
                    .bind(tx.now)
                    .bind(row.published_at)
                    .bind(row.expires_at)
                    .bind(&id_text),
                )
                .await?;
                tx.write(Self::decision_write("notice", &id_text, decision.as_str(), &reasons, &actor.name, tx.now))
                    .await?;
                let refused = i64::from(decision == Decision::Refuse);
                bump_requester_stats(&mut tx, &row.owner.to_string(), 1, refused, 0).await?;
                tx.event("notice", &id_text, action.as_str(), Some(status.as_str()), next.as_str(), &reader, &reasons)
                    .await?;
                tx.audit(audit).await?;
            }
            let record = row.into_record()?;
            tx.commit().await?;
            Ok(record)
        })
    }

    fn circulate_diffusion<'a>(
        &'a self,
        actor: &'a Actor,
        request: &'a DiffusionRequest,
        evaluation: &'a Evaluation,
        held: bool,
    ) -> BoxFuture<'a, Result<DiffusionRecord>> {
        Box::pin(async move {
            if !actor.is_bureau_of(request.requesting_country) {
                return Err(Forbidden::new("only the sending country's bureau may circulate its diffusions").into());
            }
            let mut tx = self.begin().await?;
            let id = DiffusionId::generate();
            let id_text = id.to_string();
            let status = if held { DiffusionStatus::Held } else { DiffusionStatus::Circulated };
            let (all, list) = match &request.recipients {
                Recipients::AllMembers => (1_i64, String::new()),
                Recipients::Countries(c) => (0, encode_codes(c)),
            };
            sqlx::query(
                "INSERT INTO diffusions (id, purpose, status, circulated, requesting_country, recipients_all, recipients_list, \
                 restriction_mode, restriction_list, subject_doc, judicial_doc, primary_name, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            )
            .bind(&id_text)
            .bind(request.purpose.as_str())
            .bind(status.as_str())
            .bind(i64::from(!held))
            .bind(request.requesting_country.to_string())
            .bind(all)
            .bind(list)
            .bind(request.restrictions.mode())
            .bind(restriction_list(&request.restrictions))
            .bind(encode_subject(&request.subject)?)
            .bind(request.judicial.as_ref().map(encode_judicial).transpose()?)
            .bind(request.subject.primary_name().to_owned())
            .bind(&actor.name)
            .bind(tx.now)
            .bind(tx.now)
            .execute(tx.conn().await?)
            .await?;
            let reader = Reader::Actor(actor);
            let reason = if held { "held for review before circulation" } else { "circulated" };
            tx.event("diffusion", &id_text, "circulate", None, status.as_str(), &reader, reason).await?;
            insert_identity_keys(&mut tx, "diffusion", &id_text, &request.subject).await?;
            Self::insert_review(&mut tx, "diffusion", &id_text, evaluation).await?;
            tx.audit(reader.audit("diffusion.circulate", "diffusion", &id_text).detail(format!(
                "purpose={} status={}",
                request.purpose.as_str(),
                status.as_str()
            )))
            .await?;
            let now = from_ms(tx.now);
            let record = DiffusionRecord {
                id,
                request: request.clone(),
                status,
                circulated: !held,
                created_by: actor.name.clone(),
                created_at: now,
                updated_at: now,
            };
            tx.commit().await?;
            Ok(record)
        })
    }

    fn read_diffusion<'a>(&'a self, reader: Reader<'a>, id: DiffusionId) -> BoxFuture<'a, Result<DiffusionRecord>> {
        Box::pin(async move { self.read::<DiffusionRow>(reader, &id.to_string()).await })
    }

    fn list_diffusions<'a>(
        &'a self,
        reader: Reader<'a>,
        filter: &'a DiffusionFilter,
    ) -> BoxFuture<'a, Result<Page<DiffusionRecord>>> {
        Box::pin(async move {
            let viewer = reader.viewer();
            if matches!(viewer, Viewer::Public | Viewer::User { role: Role::Admin | Role::Subject, .. }) {
                return Ok(Page { items: Vec::new(), next: None });
            }
            let mut where_ = Where::default();
            if let Some(s) = filter.status {
                where_.text("status = $", s.as_str().to_owned());
            }
            let after = filter.after.map(|a| a.to_string());
            let mut tx = self.begin().await?;
            let page = scan_visible::<DiffusionRow>(&mut tx, where_, after, filter.limit, &viewer).await?;
            audit_page::<DiffusionRow>(&mut tx, reader, &page).await?;
            tx.commit().await?;
            Ok(page)
        })
    }

    fn diffusion_history<'a>(&'a self, reader: Reader<'a>, id: DiffusionId) -> BoxFuture<'a, Result<Vec<EventRecord>>> {
        Box::pin(async move { self.history::<DiffusionRow>(reader, &id.to_string()).await })
    }

    fn transition_diffusion<'a>(
        &'a self,
        actor: &'a Actor,
        id: DiffusionId,
        action: DiffusionAction,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<DiffusionRecord>> {
        Box::pin(async move {
            if action != DiffusionAction::StartReview {
                return Err(StoreError::Conflict("a review decision goes through decide_diffusion".to_owned()));
            }
            let mut tx = self.begin().await?;
            let reader = Reader::Actor(actor);
            let Some(row) = self.visible_diffusion(&mut tx, reader, id, "diffusion.transition", true).await? else {
                tx.commit().await?;
                return Err(StoreError::NotFound);
            };
            actor.may_act_on_diffusion(action)?;
            let next = row.status.apply(action)?;
            let id_text = id.to_string();
            Self::set_diffusion_status(&mut tx, id, next, row.circulated).await?;
            let previous = row.status;
            let mut row = row;
            row.status = next;
            row.updated_at = tx.now;
            let reason = if reason.trim().is_empty() { "review opened" } else { reason.trim() };
            tx.event("diffusion", &id_text, action.as_str(), Some(previous.as_str()), next.as_str(), &reader, reason)
                .await?;
            tx.audit(reader.audit("diffusion.start_review", "diffusion", &id_text)).await?;
            let record = row.into_record()?;
            tx.commit().await?;
            Ok(record)
        })
    }

    fn decide_diffusion<'a>(
        &'a self,
        actor: &'a Actor,
        id: DiffusionId,
        decision: Decision,
        reasons: &'a str,
    ) -> BoxFuture<'a, Result<DiffusionRecord>> {
        Box::pin(async move {
            let reasons = require_reason(reasons)
                .map_err(|_| FieldError::new("reasons", "required", "a decision must give written reasons"))?;
            let action = match decision {
                Decision::Approve => DiffusionAction::Confirm,
                Decision::Refuse => DiffusionAction::Withdraw,
            };
            let mut tx = self.begin().await?;
            let reader = Reader::Actor(actor);
            let Some(row) = self.visible_diffusion(&mut tx, reader, id, "diffusion.review", true).await? else {
                tx.commit().await?;
                return Err(StoreError::NotFound);
            };
            actor.may_act_on_diffusion(action)?;
            let id_text = id.to_string();
            let mut status = row.status;
            if matches!(status, DiffusionStatus::Circulated | DiffusionStatus::Held) {
                let next = status.apply(DiffusionAction::StartReview)?;
                tx.event(
                    "diffusion",
                    &id_text,
                    "start_review",
                    Some(status.as_str()),
                    next.as_str(),
                    &reader,
                    "review opened",
                )
                .await?;
                status = next;
            }
            let next = status.apply(action)?;
            // A held diffusion goes out only once confirmed; a withdrawn one stays where it was.
            let circulated = row.circulated || next == DiffusionStatus::Confirmed;
            Self::set_diffusion_status(&mut tx, id, next, circulated).await?;
            let mut row = row;
            row.status = next;
            row.circulated = circulated;
            row.updated_at = tx.now;
            Self::record_decision(&mut tx, "diffusion", &id_text, action.as_str(), &reasons, &actor.name).await?;
            tx.event("diffusion", &id_text, action.as_str(), Some(status.as_str()), next.as_str(), &reader, &reasons)
                .await?;
            tx.audit(reader.audit("diffusion.review", "diffusion", &id_text).detail(format!(
                "decision={} -> {}",
                action.as_str(),
                next.as_str()
            )))
            .await?;
            let record = row.into_record()?;
            tx.commit().await?;
            Ok(record)
        })
    }

    fn review_queue<'a>(&'a self, actor: &'a Actor, limit: usize) -> BoxFuture<'a, Result<Vec<QueueItem>>> {
        Box::pin(async move {
            if actor.role != Role::Reviewer {
                return Err(Forbidden::new("only reviewers have a review queue").into());
            }
            let limit = i64::try_from(limit.clamp(1, 500)).unwrap_or(100);
            let mut tx = self.begin().await?;
            let notices = sqlx::query(AssertSqlSafe(format!(
                "SELECT {NOTICE_COLUMNS} FROM notices WHERE status IN ('submitted', 'under_review') ORDER BY id LIMIT $1"
            )))
            .bind(limit)
            .fetch_all(tx.conn().await?)
            .await?;
            let diffusions = sqlx::query(AssertSqlSafe(format!(
                "SELECT {DIFFUSION_COLUMNS} FROM diffusions WHERE status IN ('held', 'circulated', 'under_review') ORDER BY id LIMIT $1"
            )))
            .bind(limit)
            .fetch_all(tx.conn().await?)
            .await?;
            let mut items = Vec::new();
            for row in &notices {
                items.push(QueueItem::Notice(NoticeRow::from_row(row)?.into_record()?));
            }
            for row in &diffusions {
                items.push(QueueItem::Diffusion(DiffusionRow::from_row(row)?.into_record()?));
            }
            if !items.is_empty() {
                let ids: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        QueueItem::Notice(n) => n.id.to_string(),
                        QueueItem::Diffusion(d) => d.id.to_string(),
                    })
                    .collect();
                tx.audit(
                    AuditEvent::new("review.queue", "queue", "*")
                        .by(actor)
                        .detail(ids_detail(ids.iter().map(String::as_str))),
                )
                .await?;
            }
            tx.commit().await?;
            Ok(items)
        })
    }

    fn reviews_for<'a>(
        &'a self,
        reader: Reader<'a>,
        kind: &'a str,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<ReviewRecord>>> {
        Box::pin(async move {
            let Reader::Actor(actor) = reader else {
                return Err(StoreError::NotFound);
            };
            let mut tx = self.begin().await?;
            let owner = match kind {
                "notice" => {
                    let id = NoticeId::from_str(id).map_err(|_| StoreError::NotFound)?;
                    self.visible_notice(&mut tx, reader, id, "review.read", false).await?.map(|r| r.owner)
                }
                "diffusion" => {
                    let id = DiffusionId::from_str(id).map_err(|_| StoreError::NotFound)?;
                    self.visible_diffusion(&mut tx, reader, id, "review.read", false).await?.map(|r| r.owner)
                }
                _ => None,
            };
            let Some(owner) = owner else {
                tx.commit().await?;
                return Err(StoreError::NotFound);
            };
            // Findings may rest on confidential facts (a refugee status, say): only the secretariat, the
            // Commission and the requesting bureau read them.
            if !(matches!(actor.role, Role::Reviewer | Role::Commission) || actor.is_bureau_of(owner)) {
                return Err(
                    Forbidden::new("only reviewers, the Commission and the requesting bureau read reviews").into()
                );
            }
            let rows = sqlx::query(
                "SELECT id, object_kind, object_id, ruleset_version, recommendation, findings_doc, created_at, decision, reasons, decided_by, decided_at \
                 FROM reviews WHERE object_kind = $1 AND object_id = $2 ORDER BY created_at, id",
            )
            .bind(kind)
            .bind(id)
            .fetch_all(tx.conn().await?)
            .await?;
            tx.audit(reader.audit("review.read", kind, id)).await?;
            tx.commit().await?;
            rows.iter().map(review_from_row).collect()
        })
    }

    fn review_context<'a>(
        &'a self,
        requesting_country: CountryCode,
        subject: &'a article3_domain::Subject,
    ) -> BoxFuture<'a, Result<ReviewContext>> {
        Box::pin(async move {
            let mut context = ReviewContext { at_ms: crate::tx::now_ms(), ..ReviewContext::default() };
            let keys = SubjectKeys::of(subject)?;
            // Each record once (by kind and id), found exactly when any exact key led to it. Every key in
            // one round trip: the exact keys' records (`exact` 1), then each sound key's (0).
            let mut by_record: std::collections::BTreeMap<(String, String), bool> = std::collections::BTreeMap::new();
            // A sound key that many records share identifies nobody (a common name in a common year):
            // it is read only up to the first record past the limit (in no order, so that the index stops
            // there), and then left aside by the statement itself, which returns none of its records.
            let limit = crate::keys::SOUND_KEY_RECORDS + 1;
            let mut parts = Vec::new();
            let mut n = 0;
            let mut placeholder = || {
                n += 1;
                format!("${n}")
            };
            if !keys.exact.is_empty() {
                let placeholders: Vec<String> = keys.exact.iter().map(|_| placeholder()).collect();
                parts.push(format!(
                    "SELECT DISTINCT CAST(1 AS BIGINT) AS exact, object_kind, object_id FROM identity_keys \
                     WHERE key IN ({})",
                    placeholders.join(", ")
                ));
            }
            for i in 0..keys.sounds.len() {
                parts.push(format!(
                    "SELECT exact, object_kind, object_id FROM (SELECT CAST(0 AS BIGINT) AS exact, object_kind, \
                     object_id, COUNT(*) OVER () AS records FROM (SELECT object_kind, object_id FROM identity_keys \
                     WHERE key = {} LIMIT {limit}) AS read{i}) AS sound{i} WHERE records < {limit}",
                    placeholder()
                ));
            }
            if parts.is_empty() {
                parts.push(
                    "SELECT CAST(NULL AS BIGINT) AS exact, CAST(NULL AS TEXT) AS object_kind, \
                     CAST(NULL AS TEXT) AS object_id WHERE 1 = 0"
                        .to_owned(),
                );
            }
            // The requester's record and any corrective measure come in the same round trip, on every
            // row (and on one row alone when no key found anything).
            let country = placeholder();
            let sql = format!(
                "SELECT r.decided, r.refused, r.deleted, r.measure, r.concerns, k.exact, k.object_kind, k.object_id \
                 FROM (SELECT CAST(COALESCE((SELECT SUM(decided) FROM requester_stats WHERE country = {country}), 0) \
                 AS BIGINT) AS decided, \
                 CAST(COALESCE((SELECT SUM(refused) FROM requester_stats WHERE country = {country}), 0) AS BIGINT) \
                 AS refused, \
                 CAST(COALESCE((SELECT SUM(deleted) FROM requester_stats WHERE country = {country}), 0) AS BIGINT) \
                 AS deleted, \
                 (SELECT measure FROM corrective_measures WHERE country = {country}) AS measure, \
                 (SELECT concerns FROM due_process_concerns WHERE country = {country}) AS concerns) AS r \
                 LEFT JOIN ({}) AS k ON 1 = 1",
                parts.join(" UNION ALL ")
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for k in keys.exact.iter().chain(&keys.sounds) {
                query = query.bind(k.clone());
            }
            let rows = query.bind(requesting_country.to_string()).fetch_all(&self.pool).await?;
            let record = rows.first().ok_or_else(|| StoreError::Corrupt("the review context read no row".into()))?;
            let count = |column: &str| -> Result<u32> {
                Ok(u32::try_from(record.try_get::<i64, _>(column)?).unwrap_or(u32::MAX))
            };
            context.requester.decided = count("decided")?;
            context.requester.refused = count("refused")?;
            context.requester.deleted = count("deleted")?;
            let measure: Option<String> = record.try_get("measure")?;
            context.requester.corrective_measure = measure.as_deref().and_then(corrective_measure_from);
            let concerns: Option<String> = record.try_get("concerns")?;
            context.requester.due_process_concerns =
                concerns.as_deref().map(decode_concerns).transpose()?.unwrap_or_default();
            for row in &rows {
                let Some(exact) = row.try_get::<Option<i64>, _>("exact")? else { continue };
                let found = (row.try_get("object_kind")?, row.try_get("object_id")?);
                if exact == 1 {
                    by_record.insert(found, true);
                } else {
                    by_record.entry(found).or_insert(false);
                }
            }
            if !by_record.is_empty() {
                let found: Vec<(String, String, bool)> =
                    by_record.into_iter().map(|((kind, id), exact)| (kind, id, exact)).collect();
                // Each earlier requester's record, read once per country.
                let mut stats: std::collections::BTreeMap<String, (u32, u32)> = std::collections::BTreeMap::new();
                // Records found by sound alone whose subject is still on file: the engine compares them.
                let mut compared: Vec<(u64, article3_domain::Subject)> = Vec::new();
                let mut pending: Vec<article3_domain::EarlierRequest> = Vec::new();
                for (kind, id, exact) in found {
                    match kind.as_str() {
                        // Persons of the safeguard register written otherwise are the screening engine's
                        // to find (the server's register index): sound keys are not used for them.
                        "refugee" if exact => {
                            let r = sqlx::query(
                                "SELECT fled_from, protecting_country, granted_on FROM refugee_statuses WHERE id = $1",
                            )
                            .bind(&id)
                            .fetch_optional(&self.pool)
                            .await?;
                            if let Some(r) = r {
                                context.refugee_statuses.push(refugee_from_row(id, &r)?);
                            }
                        }
                        "extradition_refusal" if exact => {
                            let r = sqlx::query(
                                "SELECT requesting_country, refusing_country, refused_on, grounds FROM extradition_refusals WHERE id = $1",
                            )
                            .bind(&id)
                            .fetch_optional(&self.pool)
                            .await?;
                            if let Some(r) = r {
                                context.extradition_refusals.push(refusal_from_row(id, &r)?);
                            }
                        }
                        "notice" | "diffusion" => {
                            let table = if kind == "notice" { "notices" } else { "diffusions" };
                            let r = sqlx::query(AssertSqlSafe(format!(
                                "SELECT requesting_country, status, created_at, subject_doc FROM {table} WHERE id = $1"
                            )))
                            .bind(&id)
                            .fetch_optional(&self.pool)
                            .await?;
                            let Some(r) = r else { continue };
                            let status: String = r.try_get("status")?;
                            let on_file = r.try_get::<Option<String>, _>("subject_doc")?;
                            let matched = match (exact, on_file) {
                                (true, _) => EarlierMatch::Exact,
                                (false, None) => EarlierMatch::SoundsAlike,
                                (false, Some(doc)) => {
                                    // Scored below; `score_thousandths` is filled in then.
                                    compared.push((pending.len() as u64, decode_subject(&doc)?));
                                    EarlierMatch::Possible { score_thousandths: 0 }
                                }
                            };
                            let country: String = r.try_get("requesting_country")?;
                            let (requester_decided, requester_refused) = match stats.get(&country) {
                                Some(known) => *known,
                                None => {
                                    let counted = self.requester_counts(&country).await?;
                                    stats.insert(country.clone(), counted);
                                    counted
                                }
                            };
                            let flagged_by = sqlx::query(
                                "SELECT country FROM country_flags WHERE object_kind = $1 AND object_id = $2 \
                                 AND withdrawn_at IS NULL ORDER BY country",
                            )
                            .bind(&kind)
                            .bind(&id)
                            .fetch_all(&self.pool)
                            .await?
                            .iter()
                            .map(|r| {
                                let c: String = r.try_get("country")?;
                                CountryCode::parse("country", &c).map_err(|e| corrupt("country", e))
                            })
                            .collect::<Result<Vec<_>>>()?;
                            let challenges = self.challenges_against(&kind, &id).await?;
                            pending.push(article3_domain::EarlierRequest {
                                flagged_by,
                                challenges,
                                deleted_by_commission: status == "deleted",
                                kind: kind.clone(),
                                id,
                                requesting_country: CountryCode::parse("c", &country)
                                    .map_err(|e| corrupt("country", e))?,
                                status,
                                created_at_ms: r.try_get("created_at")?,
                                requester_decided,
                                requester_refused,
                                matched,
                            });
                        }
                        _ => {}
                    }
                }
                // A record found by sound whose subject the engine does not find close is someone else.
                let scores = close_subjects(subject, compared).await?;
                context.earlier = pending
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, mut e)| {
                        if let EarlierMatch::Possible { score_thousandths } = &mut e.matched {
                            *score_thousandths = *scores.get(&(i as u64))?;
                        }
                        Some(e)
                    })
                    .collect();
            }
            Ok(context)
        })
    }

    fn record_refugee_status<'a>(
        &'a self,
        actor: &'a Actor,
        subject: &'a article3_domain::Subject,
        fled_from: CountryCode,
        granted_on: time::Date,
    ) -> BoxFuture<'a, Result<RefugeeStatusRecord>> {
        Box::pin(async move {
            let Some(protecting) = actor.country.filter(|_| actor.role == Role::Ncb) else {
                return Err(Forbidden::new("only a protecting country's bureau records refugee statuses").into());
            };
            if fled_from == protecting {
                return Err(FieldError::new(
                    "fled_from",
                    "inconsistent",
                    "a person cannot be protected from the protecting country",
                )
                .into());
            }
            let mut tx = self.begin().await?;
            let id = uuid::Uuid::now_v7().to_string();
            sqlx::query(
                "INSERT INTO refugee_statuses (id, subject_doc, fled_from, protecting_country, granted_on, recorded_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&id)
            .bind(encode_subject(subject)?)
            .bind(fled_from.to_string())
            .bind(protecting.to_string())
            .bind(crate::codec::date_string(granted_on))
            .bind(&actor.name)
            .bind(tx.now)
            .execute(tx.conn().await?)
            .await?;
            insert_identity_keys(&mut tx, "refugee", &id, subject).await?;
            tx.audit(
                AuditEvent::new("refugee_status.record", "refugee_status", &id)
                    .by(actor)
                    .detail(format!("fled_from={fled_from}")),
            )
            .await?;
            let created_at = from_ms(tx.now);
            tx.commit().await?;
            Ok(RefugeeStatusRecord {
                status: article3_domain::RefugeeStatus { id, fled_from, protecting_country: protecting, granted_on },
                subject: subject.clone(),
                recorded_by: actor.name.clone(),
                created_at,
            })
        })
    }

    fn refugee_statuses<'a>(&'a self, actor: &'a Actor) -> BoxFuture<'a, Result<Vec<RefugeeStatusRecord>>> {
        Box::pin(async move {
            let own = match actor.role {
                Role::Reviewer | Role::Commission => None,
                Role::Ncb => Some(actor.country.ok_or_else(|| Forbidden::new("a bureau account needs a country"))?),
                _ => return Err(Forbidden::new("refugee statuses are confidential").into()),
            };
            let mut tx = self.begin().await?;
            let rows = match own {
                Some(c) => sqlx::query("SELECT id, subject_doc, fled_from, protecting_country, granted_on, recorded_by, created_at FROM refugee_statuses WHERE protecting_country = $1 ORDER BY id")
                    .bind(c.to_string())
                    .fetch_all(tx.conn().await?)
                    .await?,
                None => sqlx::query("SELECT id, subject_doc, fled_from, protecting_country, granted_on, recorded_by, created_at FROM refugee_statuses ORDER BY id")
                    .fetch_all(tx.conn().await?)
                    .await?,
            };
            let records = rows
                .iter()
                .map(|r| {
                    let id: String = r.try_get("id")?;
                    let subject: String = r.try_get("subject_doc")?;
                    Ok(RefugeeStatusRecord {
                        status: refugee_from_row(id, r)?,
                        subject: decode_subject(&subject)?,
                        recorded_by: r.try_get("recorded_by")?,
                        created_at: from_ms(r.try_get("created_at")?),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            if !records.is_empty() {
                let ids: Vec<String> = records.iter().map(|r| r.status.id.clone()).collect();
                tx.audit(
                    AuditEvent::new("refugee_status.list", "refugee_status", "*")
                        .by(actor)
                        .detail(ids_detail(ids.iter().map(String::as_str))),
                )
                .await?;
            }
            tx.commit().await?;
            Ok(records)
        })
    }

    fn set_corrective_measure<'a>(
        &'a self,
        actor: &'a Actor,
        country: CountryCode,
        measure: Option<CorrectiveMeasure>,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            if actor.role != Role::Admin {
                return Err(Forbidden::new("only an administrator decides corrective measures").into());
            }
            let reason = require_reason(reason)?;
            let mut tx = self.begin().await?;
            sqlx::query("DELETE FROM corrective_measures WHERE country = $1")
                .bind(country.to_string())
                .execute(tx.conn().await?)
                .await?;
            if let Some(m) = measure {
                sqlx::query("INSERT INTO corrective_measures (country, measure, reason, decided_by, since) VALUES ($1, $2, $3, $4, $5)")
                    .bind(country.to_string())
                    .bind(m.as_str())
                    .bind(&reason)
                    .bind(&actor.name)
                    .bind(tx.now)
                    .execute(tx.conn().await?)
                    .await?;
            }
            tx.audit(
                AuditEvent::new("corrective_measure.set", "country", country.to_string())
                    .by(actor)
                    .detail(format!("measure={} reason={reason}", measure.map_or("none", CorrectiveMeasure::as_str))),
            )
            .await?;
            tx.commit().await
        })
    }

    fn report_travel_document<'a>(
        &'a self,
        actor: &'a Actor,
        report: &'a article3_domain::DocumentReport,
    ) -> BoxFuture<'a, Result<article3_domain::DocumentRecord>> {
        Box::pin(self.report_document(actor, report))
    }

    fn withdraw_travel_document<'a>(
        &'a self,
        actor: &'a Actor,
        id: &'a str,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<article3_domain::DocumentRecord>> {
        Box::pin(self.withdraw_document(actor, id, reason))
    }

    fn lookup_travel_document<'a>(
        &'a self,
        actor: &'a Actor,
        number: &'a str,
    ) -> BoxFuture<'a, Result<Vec<article3_domain::DocumentRecord>>> {
        Box::pin(self.lookup_document(actor, number))
    }

    fn list_travel_documents<'a>(
        &'a self,
        actor: &'a Actor,
    ) -> BoxFuture<'a, Result<Vec<article3_domain::DocumentRecord>>> {
        Box::pin(self.list_documents(actor))
    }

    fn active_travel_documents(&self) -> BoxFuture<'_, Result<Vec<article3_domain::DocumentRecord>>> {
        Box::pin(self.active_documents())
    }

    fn travel_document_changes(&self, since_ms: i64) -> BoxFuture<'_, Result<Vec<article3_domain::DocumentRecord>>> {
        Box::pin(self.document_changes(since_ms))
    }

    fn screening_listings(&self) -> BoxFuture<'_, Result<crate::ListingChanges>> {
        Box::pin(self.screening_listings())
    }

    fn screening_changes<'a>(
        &'a self,
        since_ms: i64,
        applied: &'a std::collections::HashMap<(article3_domain::RecordKind, String), i64>,
    ) -> BoxFuture<'a, Result<crate::ListingChanges>> {
        Box::pin(self.screening_changes(since_ms, applied))
    }

    fn screening_listing<'a>(
        &'a self,
        kind: article3_domain::RecordKind,
        id: &'a str,
    ) -> BoxFuture<'a, Result<crate::ListingChanges>> {
        Box::pin(self.screening_listing(kind, id))
    }

    fn register_marks(&self) -> BoxFuture<'_, Result<crate::RegisterMarks>> {
        Box::pin(self.register_marks())
    }

    fn record_clearance<'a>(
        &'a self,
        actor: &'a Actor,
        clearance: &'a crate::NewClearance,
    ) -> BoxFuture<'a, Result<article3_domain::Clearance>> {
        Box::pin(self.record_clearance(actor, clearance))
    }

    fn withdraw_clearance<'a>(
        &'a self,
        actor: &'a Actor,
        id: &'a str,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<article3_domain::Clearance>> {
        Box::pin(self.withdraw_clearance(actor, id, reason))
    }

    fn clearances<'a>(
        &'a self,
        actor: &'a Actor,
        object: Option<(article3_domain::RecordKind, &'a str)>,
    ) -> BoxFuture<'a, Result<Vec<article3_domain::Clearance>>> {
        Box::pin(self.list_clearances(actor, object))
    }

    fn active_clearances(&self) -> BoxFuture<'_, Result<Vec<article3_domain::Clearance>>> {
        Box::pin(self.active_clearances())
    }

    fn register_challenge<'a>(
        &'a self,
        actor: &'a Actor,
        application: &'a article3_domain::ChallengeApplication,
    ) -> BoxFuture<'a, Result<article3_domain::Challenge>> {
        Box::pin(self.register_challenge(actor, application))
    }

    fn decide_challenge<'a>(
        &'a self,
        actor: &'a Actor,
        id: &'a str,
        outcome: article3_domain::ChallengeOutcome,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<article3_domain::Challenge>> {
        Box::pin(self.decide_challenge(actor, id, outcome, reason))
    }

    fn challenges<'a>(
        &'a self,
        actor: &'a Actor,
        object: Option<(article3_domain::RecordKind, &'a str)>,
    ) -> BoxFuture<'a, Result<Vec<crate::ListedChallenge>>> {
        Box::pin(self.list_challenges(actor, object))
    }

    fn pending_challenges(&self) -> BoxFuture<'_, Result<Vec<article3_domain::Challenge>>> {
        Box::pin(self.pending_challenges())
    }

    fn safeguard_register(&self) -> BoxFuture<'_, Result<crate::SafeguardRegister>> {
        Box::pin(self.safeguard_register())
    }

    fn log_screenings<'a>(
        &'a self,
        batch: &'a [crate::ScreeningLog],
    ) -> BoxFuture<'a, Result<Vec<Vec<crate::AlertRecord>>>> {
        Box::pin(self.log_screenings(batch))
    }

    fn alerts<'a>(
        &'a self,
        actor: &'a Actor,
        after: i64,
        limit: usize,
        selection: crate::AlertSelection<'a>,
    ) -> BoxFuture<'a, Result<Vec<crate::AlertRecord>>> {
        Box::pin(self.list_alerts(actor, after, limit, selection))
    }

    fn record_alert_outcome<'a>(
        &'a self,
        actor: &'a Actor,
        seq: i64,
        outcome: &'a crate::NewAlertOutcome,
        document: Option<&'a crate::DocumentToClear>,
    ) -> BoxFuture<'a, Result<crate::WrittenOutcome>> {
        Box::pin(self.record_alert_outcome(actor, seq, outcome, document))
    }

    fn misidentifications(&self) -> BoxFuture<'_, Result<Vec<crate::Misidentification>>> {
        Box::pin(self.misidentifications())
    }

    fn correct_alert_outcome<'a>(
        &'a self,
        actor: &'a Actor,
        seq: i64,
        revision: i64,
        outcome: &'a crate::NewAlertOutcome,
        document: Option<&'a crate::DocumentToClear>,
    ) -> BoxFuture<'a, Result<crate::WrittenOutcome>> {
        Box::pin(self.correct_alert_outcome(actor, seq, revision, outcome, document))
    }

    fn set_country_flag<'a>(
        &'a self,
        actor: &'a Actor,
        kind: article3_domain::RecordKind,
        id: &'a str,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<article3_domain::CountryFlag>> {
        Box::pin(self.set_flag(actor, kind, id, reason))
    }

    fn lift_country_flag<'a>(
        &'a self,
        actor: &'a Actor,
        id: &'a str,
        reason: &'a str,
    ) -> BoxFuture<'a, Result<article3_domain::CountryFlag>> {
        Box::pin(self.lift_flag(actor, id, reason))
    }

    fn country_flags<'a>(
        &'a self,
        actor: &'a Actor,
        object: Option<(article3_domain::RecordKind, &'a str)>,
    ) -> BoxFuture<'a, Result<Vec<article3_domain::CountryFlag>>> {
        Box::pin(self.list_flags(actor, object))
    }

    fn active_country_flags(&self) -> BoxFuture<'_, Result<Vec<article3_domain::CountryFlag>>> {
        Box::pin(self.active_flags())
    }

    fn record_extradition_refusal<'a>(
        &'a self,
        actor: &'a Actor,
        subject: &'a article3_domain::Subject,
        requesting_country: CountryCode,
        refused_on: time::Date,
        grounds: &'a str,
    ) -> BoxFuture<'a, Result<article3_domain::ExtraditionRefusal>> {
        Box::pin(async move {
            let Some(refusing) = actor.country.filter(|_| actor.role == Role::Ncb) else {
                return Err(Forbidden::new("only the refusing country's bureau records a refused extradition").into());
            };
            if refusing == requesting_country {
                return Err(FieldError::new(
                    "requesting_country",
                    "inconsistent",
                    "a country does not extradite to itself",
                )
                .into());
            }
            let grounds = require_reason(grounds)
                .map_err(|_| FieldError::new("grounds", "required", "state the grounds of the refusal"))?;
            let mut tx = self.begin().await?;
            let id = uuid::Uuid::now_v7().to_string();
            sqlx::query(
                "INSERT INTO extradition_refusals (id, subject_doc, requesting_country, refusing_country, refused_on, grounds, recorded_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&id)
            .bind(encode_subject(subject)?)
            .bind(requesting_country.to_string())
            .bind(refusing.to_string())
            .bind(crate::codec::date_string(refused_on))
            .bind(&grounds)
            .bind(&actor.name)
            .bind(tx.now)
            .execute(tx.conn().await?)
            .await?;
            insert_identity_keys(&mut tx, "extradition_refusal", &id, subject).await?;
            tx.audit(
                AuditEvent::new("extradition_refusal.record", "extradition_refusal", &id)
                    .by(actor)
                    .detail(format!("requesting_country={requesting_country}")),
            )
            .await?;
            tx.commit().await?;
            Ok(article3_domain::ExtraditionRefusal {
                id,
                requesting_country,
                refusing_country: refusing,
                refused_on,
                grounds,
            })
        })
    }

    fn set_due_process_concerns<'a>(
        &'a self,
        actor: &'a Actor,
        country: CountryCode,
        concerns: &'a [article3_domain::DueProcessConcern],
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            if actor.role != Role::Admin {
                return Err(Forbidden::new("only an administrator records due-process concerns").into());
            }
            let mut tx = self.begin().await?;
            sqlx::query("DELETE FROM due_process_concerns WHERE country = $1")
                .bind(country.to_string())
                .execute(tx.conn().await?)
                .await?;
            if !concerns.is_empty() {
                sqlx::query(
                    "INSERT INTO due_process_concerns (country, concerns, recorded_by, since) VALUES ($1, $2, $3, $4)",
                )
                .bind(country.to_string())
                .bind(encode_concerns(concerns)?)
                .bind(&actor.name)
                .bind(tx.now)
                .execute(tx.conn().await?)
                .await?;
            }
            tx.audit(
                AuditEvent::new("due_process_concerns.set", "country", country.to_string())
                    .by(actor)
                    .detail(format!("{} concern(s)", concerns.len())),
            )
            .await?;
            tx.commit().await
        })
    }

    fn retention_sweep(&self, now: OffsetDateTime) -> BoxFuture<'_, Result<RetentionReport>> {
        Box::pin(async move {
            let mut tx = self.begin().await?;
            tx.now = to_ms(now);
            let mut report = RetentionReport::default();
            let system = ("retention", "system", "");
            let due = sqlx::query("SELECT id FROM notices WHERE status = 'published' AND expires_at <= $1 ORDER BY id")
                .bind(tx.now)
                .fetch_all(tx.conn().await?)
                .await?;
            for row in &due {
                let id_text: String = row.try_get("id")?;
                let id = NoticeId::from_str(&id_text).map_err(|e| corrupt("notice id", e))?;
                let next = NoticeStatus::Published.apply(NoticeAction::Expire)?;
                Self::set_notice_status(&mut tx, id, next).await?;
                tx.system_event(
                    "notice",
                    &id_text,
                    "expire",
                    Some("published"),
                    next.as_str(),
                    system,
                    "retention period ended without renewal",
                )
                .await?;
                tx.audit(AuditEvent::new("notice.expire", "notice", &id_text).by_system("retention")).await?;
                report.expired.push(id);
            }
            // Reminders fall due six months before expiry; the coarse cut in SQL is refined per notice.
            let horizon = to_ms(article3_domain::retention::add_years(now, 1));
            let upcoming = sqlx::query("SELECT id, expires_at FROM notices WHERE status = 'published' AND reminded_at IS NULL AND expires_at <= $1 ORDER BY id")
                .bind(horizon)
                .fetch_all(tx.conn().await?)
                .await?;
            for row in &upcoming {
                let id_text: String = row.try_get("id")?;
                let expires_at: i64 = row.try_get("expires_at")?;
                if reminder_due(from_ms(expires_at)) > now {
                    continue;
                }
                let id = NoticeId::from_str(&id_text).map_err(|e| corrupt("notice id", e))?;
                sqlx::query("UPDATE notices SET reminded_at = $1 WHERE id = $2")
                    .bind(tx.now)
                    .bind(&id_text)
                    .execute(tx.conn().await?)
                    .await?;
                tx.system_event(
                    "notice",
                    &id_text,
                    "retention_reminder",
                    Some("published"),
                    "published",
                    system,
                    "expires within six months: renew with reasons or let it expire",
                )
                .await?;
                tx.audit(AuditEvent::new("notice.retention_reminder", "notice", &id_text).by_system("retention"))
                    .await?;
                report.reminded.push(id);
            }
            // The traveller's name leaves an alert once its period is over; the alert itself stays.
            let cut = tx.now - article3_domain::retention::ALERT_TRAVELLER_DAYS * 86_400_000;
            let alerts = ["UPDATE alerts SET traveller = '' WHERE at <= $1 AND traveller <> ''".to_owned()];
            report.travellers_erased = erase(&mut tx, &alerts, cut, ("alert.erase_traveller", "alert"), |n| {
                format!("alerts={n}; raised before {cut}")
            })
            .await?;
            // So does what officers wrote about a traveller not established to be the person sought: the
            // reasons of every revision of an outcome that does not (now) confirm the identity. A
            // confirmed outcome keeps its reasons: they explain an action taken on the record's subject.
            let unconfirmed = "SELECT alert_id FROM alert_outcomes JOIN alerts ON id = alert_id \
                               WHERE at <= $1 AND identity <> 'confirmed'";
            let outcomes = ["alert_outcome_revisions", "alert_outcomes"].map(|table| {
                format!("UPDATE {table} SET reason = '' WHERE reason <> '' AND alert_id IN ({unconfirmed})")
            });
            report.outcome_reasons_erased =
                erase(&mut tx, &outcomes, cut, ("alert.erase_outcome_reasons", "alert"), |n| {
                    format!("reasons={n}; alerts raised before {cut}, identity not confirmed")
                })
                .await?;
            // And why a traveller's document was cleared, once the clearance has been withdrawn for as
            // long: a standing clearance keeps its reason, which explains why the traveller passes.
            let clearances =
                ["UPDATE clearances SET reason = '', withdrawn_reason = '' WHERE withdrawn_at <= $1 AND reason <> ''"
                    .to_owned()];
            report.clearance_reasons_erased =
                erase(&mut tx, &clearances, cut, ("clearance.erase_reasons", "clearance"), |n| {
                    format!("reasons={n}; clearances withdrawn before {cut}")
                })
                .await?;
            tx.commit().await?;
            Ok(report)
        })
    }

    fn append_audit(&self, event: AuditEvent) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            let mut tx = self.begin().await?;
            tx.audit(event).await?;
            tx.commit().await
        })
    }

    fn audit_tail(&self, limit: usize) -> BoxFuture<'_, Result<Vec<AuditRecord>>> {
        Box::pin(async move {
            let rows =
                sqlx::query(AssertSqlSafe(format!("SELECT {AUDIT_COLUMNS} FROM audit ORDER BY seq DESC LIMIT $1")))
                    .bind(i64::try_from(limit).unwrap_or(100))
                    .fetch_all(&self.pool)
                    .await?;
            rows.iter().map(audit_from_row).collect()
        })
    }

    fn verify_audit<'a>(
        &'a self,
        progress: &'a (dyn Fn(u64) + Send + Sync),
    ) -> BoxFuture<'a, Result<std::result::Result<AuditSummary, BrokenLink>>> {
        Box::pin(async move {
            if self.backend == Backend::Sqlite {
                return self.verify_single_lane(progress).await;
            }
            // One snapshot for the heads and the records, so records committed meanwhile neither count
            // nor look like tampering.
            let mut snapshot = PgTransaction::begin(&self.pool).await?;
            sqlx::raw_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(snapshot.conn()?)
                .await?;
            let heads: Vec<(i64, i64, String)> =
                sqlx::query("SELECT lane, lane_seq, hash FROM audit_head ORDER BY lane")
                    .fetch_all(snapshot.conn()?)
                    .await?
                    .iter()
                    .map(|r| Ok((r.try_get("lane")?, r.try_get("lane_seq")?, r.try_get("hash")?)))
                    .collect::<Result<_>>()?;
            let mut verifier = ChainVerifier::default();
            let mut after = 0_i64;
            let mut checked = 0_u64;
            const BATCH: i64 = 20_000;
            loop {
                let rows = sqlx::query(AssertSqlSafe(format!(
                    "SELECT {AUDIT_COLUMNS} FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2"
                )))
                .bind(after)
                .bind(BATCH)
                .fetch_all(snapshot.conn()?)
                .await?;
                if rows.is_empty() {
                    break;
                }
                for row in &rows {
                    let record = audit_from_row(row)?;
                    if let Err(broken) = verifier.check(&record) {
                        return Ok(Err(broken));
                    }
                    after = record.seq;
                    checked += 1;
                }
                progress(checked);
            }
            snapshot.rollback().await?;
            let head_seq = after;
            Ok(verifier.finish(&heads).map(|records| AuditSummary { records, head_seq }))
        })
    }

    fn notice_counts(&self) -> BoxFuture<'_, Result<Vec<(String, i64)>>> {
        Box::pin(async move {
            let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM notices GROUP BY status ORDER BY status")
                .fetch_all(&self.pool)
                .await?;
            rows.iter().map(|r| Ok((r.try_get("status")?, r.try_get("n")?))).collect()
        })
    }

    fn connections(&self) -> Option<crate::ConnectionCounts> {
        Some(self.pool.counts())
    }
}

/// Runs the retention sweep's erasing `statements` (each binds the cut-off as `$1`) and, when they erased
/// anything, audits it as the system's `action` on every object of `kind`, described by `detail` of the
/// count. Returns the count.
async fn erase(
    tx: &mut Tx,
    statements: &[String],
    cut: i64,
    (action, kind): (&str, &str),
    detail: impl Fn(u64) -> String,
) -> Result<u64> {
    let mut erased = 0;
    for sql in statements {
        erased += sqlx::query(AssertSqlSafe(sql.clone())).bind(cut).execute(tx.conn().await?).await?.rows_affected();
    }
    if erased > 0 {
        tx.audit(AuditEvent::new(action, kind, "*").by_system("retention").detail(detail(erased))).await?;
    }
    Ok(erased)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store on a SQLite file of its own, removed when closed.
    struct Scratch {
        store: SqlStore,
        path: std::path::PathBuf,
    }

    impl Scratch {
        async fn open() -> Self {
            let path = std::env::temp_dir().join(format!("article3-tx-{}.db", uuid::Uuid::new_v4()));
            let store = SqlStore::connect(&format!("sqlite://{}", path.display())).await.unwrap();
            Self { store, path }
        }

        /// Adds an event and its audit record about `id` to the operation.
        async fn note(tx: &mut Tx, id: &str, reason: &str) {
            tx.system_event("notice", id, "test", None, "s", ("t", "t", ""), reason).await.unwrap();
            tx.audit(AuditEvent::new(reason, "test", id).by_system("t")).await.unwrap();
        }

        /// One operation that notes `id`, committed.
        async fn commit_note(&self, id: &str) {
            let mut tx = self.store.begin().await.unwrap();
            Self::note(&mut tx, id, "kept").await;
            tx.commit().await.unwrap();
        }

        async fn events(&self) -> i64 {
            let row = sqlx::query("SELECT COUNT(*) AS n FROM events").fetch_one(self.store.pool()).await.unwrap();
            row.try_get::<i64, _>("n").unwrap()
        }

        /// The audit records, after verifying the chain.
        async fn records(&self) -> u64 {
            self.store.verify_audit(&|_| {}).await.unwrap().unwrap().records
        }

        async fn close(self) {
            self.store.close().await;
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
            }
        }
    }

    /// An operation that wrote and then failed leaves nothing behind, even inside a group that commits.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_operation_is_rolled_back_out_of_its_group() {
        let db = Scratch::open().await;
        let mut failed = db.store.begin().await.unwrap();
        Scratch::note(&mut failed, "x", "doomed").await;
        // The deferred row is written before any statement of the operation runs.
        let seen = sqlx::query("SELECT COUNT(*) AS n FROM events WHERE object_id = 'x'")
            .fetch_one(failed.conn().await.unwrap())
            .await
            .unwrap();
        assert_eq!(seen.try_get::<i64, _>("n").unwrap(), 1, "the operation sees its own deferred write");
        drop(failed);
        db.commit_note("y").await;
        assert_eq!(db.events().await, 1, "only the committed operation's row");
        assert_eq!(db.records().await, 1, "and only its audit record, in an unbroken chain");
        db.close().await;
    }

    /// A deferred write that fails at commit fails its operation, which then leaves nothing behind: not
    /// the writes deferred with it, nor its audit records; the next operation commits as usual.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_deferred_write_that_fails_fails_its_operation_at_commit() {
        let db = Scratch::open().await;
        let mut failing = db.store.begin().await.unwrap();
        Scratch::note(&mut failing, "x", "written first").await;
        // `action` may not be NULL.
        failing
            .write(
                Write::new("INSERT INTO events (object_kind, object_id, action) VALUES ($1, $2, $3)")
                    .bind("notice")
                    .bind("x")
                    .bind(None::<&str>),
            )
            .await
            .unwrap();
        let outcome = failing.commit().await;
        assert!(outcome.is_err(), "the commit reports the failed write: {outcome:?}");
        db.commit_note("y").await;
        assert_eq!(db.events().await, 1, "only the next operation's row");
        assert_eq!(db.records().await, 1, "and only its audit record, in an unbroken chain");
        db.close().await;
    }

    /// An operation with more deferred writes and audit records than go in one round trip (a sweep)
    /// writes them all, its records chained in order, and leaves the writer ready for the next.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_operation_with_many_writes_and_records_commits_them_all() {
        let db = Scratch::open().await;
        let mut big = db.store.begin().await.unwrap();
        for i in 0..150 {
            Scratch::note(&mut big, &format!("n{i}"), "many").await;
        }
        big.commit().await.unwrap();
        db.commit_note("last").await;
        assert_eq!(db.events().await, 151);
        assert_eq!(db.records().await, 151, "every record, in an unbroken chain");
        let order: Vec<String> = sqlx::query("SELECT object_id FROM audit ORDER BY seq")
            .fetch_all(db.store.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get("object_id").unwrap())
            .collect();
        let expected: Vec<String> = (0..150).map(|i| format!("n{i}")).chain(["last".to_owned()]).collect();
        assert_eq!(order, expected, "in the order they were made");
        db.close().await;
    }

    #[test]
    fn urls_select_the_backend() {
        assert_eq!(normalise_url("sqlite://a.db").unwrap(), (Backend::Sqlite, "sqlite://a.db?mode=rwc".to_owned()));
        assert_eq!(normalise_url("data/a.db").unwrap(), (Backend::Sqlite, "sqlite://data/a.db?mode=rwc".to_owned()));
        assert_eq!(normalise_url("postgres://u@h/db").unwrap().0, Backend::Postgres);
        assert!(normalise_url("mysql://h/db").is_err());
    }
}
