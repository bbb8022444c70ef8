//! What the screening index reads from the store, and what screening writes back: live notices and
//! diffusions (all of them at start, then whatever changed), the safeguard register, and screenings'
//! audit records and alerts, many screenings to a transaction.

use std::collections::HashMap;

use article3_domain::audit::AuditEvent;
use article3_domain::{
    Actor, AlertFacts, AlertOutcome, Clearance, CountryCode, Forbidden, HitAction, Identification, RecordKind, Role,
};
use futures_util::TryStreamExt;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::clearances::{checked_clearance, insert_clearance, withdraw_alert_clearances};
use crate::codec::corrupt;
use crate::sql::{
    DIFFUSION_COLUMNS, DiffusionRow, NOTICE_COLUMNS, NoticeRow, SqlStore, corrective_measure_from, refugee_from_row,
    refusal_from_row,
};
use crate::tx::{statement_chunks, values_clause};
use crate::{
    AlertRecord, AlertSafeguard, AlertSelection, DocumentToClear, Listing, ListingChanges, Misidentification,
    NewAlertOutcome, NewClearance, OutcomeSelection, Reader, RecordedPerson, RegisterMarks, Result, SafeguardRegister,
    ScreeningLog, StoreError, WrittenOutcome, or_conflict,
};

/// Which notices and diffusions [`SqlStore::listing_rows`] reads.
#[derive(Clone, Copy)]
enum Rows<'a> {
    /// Every live record (the index's build).
    Live,
    /// These records, live or gone.
    Of(&'a [(RecordKind, String)]),
}

/// Ids per statement when records are read by id (well under either backend's limit on parameters).
const ID_CHUNK: usize = 500;

/// An alert and its outcome, if recorded (the two tables share no column name).
const ALERT_COLUMNS: &str = "id, at, object_kind, object_id, owner_country, screening_country, screened_by, score, \
                             traveller, notify_requester, safeguards, safeguard_codes, identity, action_taken, reason, \
                             departs_from, country, recorded_by, recorded_at, revision";
const ALERTS_WITH_OUTCOMES: &str = "alerts LEFT JOIN alert_outcomes ON alert_id = id";

fn alert_from_row(r: &AnyRow) -> Result<AlertRecord> {
    let code = |column: &str| -> Result<CountryCode> {
        let v: String = r.try_get(column)?;
        CountryCode::parse(column, &v).map_err(|e| corrupt(column, e))
    };
    let safeguards: String = r.try_get("safeguards")?;
    let codes: String = r.try_get("safeguard_codes")?;
    let mut codes = codes.split(' ').filter(|c| !c.is_empty());
    let score: i64 = r.try_get("score")?;
    Ok(AlertRecord {
        seq: r.try_get("id")?,
        at_ms: r.try_get("at")?,
        kind: r.try_get("object_kind")?,
        object_id: r.try_get("object_id")?,
        owner: code("owner_country")?,
        screening_country: code("screening_country")?,
        screened_by: r.try_get("screened_by")?,
        score: score as f32 / 1000.0,
        traveller: r.try_get("traveller")?,
        notify_requester: r.try_get::<i64, _>("notify_requester")? != 0,
        safeguards: safeguards
            .split('\n')
            .filter(|s| !s.is_empty())
            .map(|text| AlertSafeguard { code: codes.next().unwrap_or("unrecorded").to_owned(), text: text.to_owned() })
            .collect(),
        outcome: outcome_from_row(r)?,
    })
}

fn outcome_from_row(r: &AnyRow) -> Result<Option<AlertOutcome>> {
    let Some(identity) = r.try_get::<Option<String>, _>("identity")? else { return Ok(None) };
    let action: String = r.try_get("action_taken")?;
    let country: String = r.try_get("country")?;
    let departs: String = r.try_get("departs_from")?;
    Ok(Some(AlertOutcome {
        identity: Identification::parse("identity", &identity).map_err(|e| corrupt("identity", e))?,
        action: HitAction::parse("action_taken", &action).map_err(|e| corrupt("action_taken", e))?,
        reason: r.try_get("reason")?,
        departs_from: departs.split(' ').filter(|c| !c.is_empty()).map(str::to_owned).collect(),
        country: CountryCode::parse("country", &country).map_err(|e| corrupt("country", e))?,
        recorded_by: r.try_get("recorded_by")?,
        recorded_at_ms: r.try_get("recorded_at")?,
        revision: r.try_get("revision")?,
        earlier: Vec::new(),
    }))
}

/// Gives each corrected outcome among `alerts` (in `seq` order, as listings read them) the revisions it
/// replaced, oldest first.
async fn with_earlier(conn: &mut sqlx::AnyConnection, alerts: &mut [AlertRecord]) -> Result<()> {
    let corrected = || alerts.iter().filter(|a| a.outcome.as_ref().is_some_and(|o| o.revision > 1)).map(|a| a.seq);
    let (Some(first), Some(last)) = (corrected().min(), corrected().max()) else { return Ok(()) };
    let rows = sqlx::query(
        "SELECT alert_id, identity, action_taken, reason, departs_from, country, recorded_by, recorded_at, revision \
         FROM alert_outcome_revisions WHERE alert_id BETWEEN $1 AND $2 ORDER BY alert_id, revision",
    )
    .bind(first)
    .bind(last)
    .fetch_all(conn)
    .await?;
    for row in &rows {
        let seq: i64 = row.try_get("alert_id")?;
        let earlier = outcome_from_row(row)?;
        let found = alerts.binary_search_by_key(&seq, |a| a.seq).ok();
        let outcome = found.and_then(|i| alerts[i].outcome.as_mut());
        if let (Some(outcome), Some(earlier)) = (outcome, earlier) {
            outcome.earlier.push(earlier);
        }
    }
    Ok(())
}

impl ListingChanges {
    /// Adds a record's row: its version, and the record if it is live (otherwise its id, as gone).
    fn add(&mut self, kind: RecordKind, row: &AnyRow) -> Result<()> {
        let (id, updated_at, listing) = match kind {
            RecordKind::Notice => {
                let r = NoticeRow::from_row(row)?;
                (r.id_text(), r.updated_at(), r.is_live().then(|| r.into_record().map(Listing::Notice)))
            }
            RecordKind::Diffusion => {
                let r = DiffusionRow::from_row(row)?;
                (r.id_text(), r.updated_at(), r.is_live().then(|| r.into_record().map(Listing::Diffusion)))
            }
        };
        self.latest_ms = self.latest_ms.max(updated_at);
        self.versions.push(((kind, id.clone()), updated_at));
        match listing {
            Some(listing) => self.live.push(listing?),
            None => self.gone.push((kind, id)),
        }
        Ok(())
    }
}

impl SqlStore {
    async fn listing_rows(&self, which: Rows<'_>) -> Result<ListingChanges> {
        let mut changes = ListingChanges::default();
        for kind in [RecordKind::Notice, RecordKind::Diffusion] {
            let (table, columns) = match kind {
                RecordKind::Notice => ("notices", NOTICE_COLUMNS),
                RecordKind::Diffusion => ("diffusions", DIFFUSION_COLUMNS),
            };
            match which {
                Rows::Live => {
                    let live = match kind {
                        RecordKind::Notice => "status = 'published'",
                        RecordKind::Diffusion => "circulated <> 0",
                    };
                    let sql = format!("SELECT {columns} FROM {table} WHERE {live}");
                    // Every live record, at start-up: each row is decoded as it arrives, while the
                    // database (SQLite's worker thread, or PostgreSQL's server) reads the next ones,
                    // rather than after all have arrived.
                    let mut lease = self.pool().acquire().await?;
                    {
                        let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(lease.conn()?);
                        while let Some(row) = rows.try_next().await? {
                            changes.add(kind, &row)?;
                        }
                    }
                    lease.finish();
                }
                Rows::Of(wanted) => {
                    let ids: Vec<&str> = wanted.iter().filter(|(k, _)| *k == kind).map(|(_, id)| id.as_str()).collect();
                    for chunk in ids.chunks(ID_CHUNK) {
                        let list = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
                        let sql = format!("SELECT {columns} FROM {table} WHERE id IN ({list})");
                        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                        for id in chunk {
                            query = query.bind(*id);
                        }
                        for row in query.fetch_all(self.pool()).await? {
                            changes.add(kind, &row)?;
                        }
                    }
                }
            }
        }
        Ok(changes)
    }

    pub(crate) async fn screening_listings(&self) -> Result<ListingChanges> {
        self.listing_rows(Rows::Live).await
    }

    pub(crate) async fn screening_listing(&self, kind: RecordKind, id: &str) -> Result<ListingChanges> {
        self.listing_rows(Rows::Of(&[(kind, id.to_owned())])).await
    }

    /// The records changed at or after `since_ms` whose version is not among `applied`: their ids and
    /// change times first (from the index of change times), then the full rows of those alone.
    pub(crate) async fn screening_changes(
        &self,
        since_ms: i64,
        applied: &HashMap<(RecordKind, String), i64>,
    ) -> Result<ListingChanges> {
        let mut wanted = Vec::new();
        let mut latest_ms = 0;
        for (kind, table) in [(RecordKind::Notice, "notices"), (RecordKind::Diffusion, "diffusions")] {
            let sql = format!("SELECT id, updated_at FROM {table} WHERE updated_at >= $1");
            for row in sqlx::query(sqlx::AssertSqlSafe(sql)).bind(since_ms).fetch_all(self.pool()).await? {
                let id: String = row.try_get("id")?;
                let updated_at: i64 = row.try_get("updated_at")?;
                latest_ms = latest_ms.max(updated_at);
                let key = (kind, id);
                if applied.get(&key) != Some(&updated_at) {
                    wanted.push(key);
                }
            }
        }
        let mut changes =
            if wanted.is_empty() { ListingChanges::default() } else { self.listing_rows(Rows::Of(&wanted)).await? };
        changes.latest_ms = changes.latest_ms.max(latest_ms);
        Ok(changes)
    }

    pub(crate) async fn register_marks(&self) -> Result<RegisterMarks> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM country_flags) AS flag_count, \
             (SELECT COALESCE(MAX(flagged_at), 0) FROM country_flags) AS flag_set, \
             (SELECT COALESCE(MAX(withdrawn_at), 0) FROM country_flags) AS flag_lifted, \
             (SELECT COUNT(*) FROM clearances) AS clearance_count, \
             (SELECT COALESCE(MAX(cleared_at), 0) FROM clearances) AS clearance_set, \
             (SELECT COALESCE(MAX(withdrawn_at), 0) FROM clearances) AS clearance_withdrawn, \
             (SELECT COUNT(*) FROM challenges) AS challenge_count, \
             (SELECT COALESCE(MAX(registered_at), 0) FROM challenges) AS challenge_registered, \
             (SELECT COALESCE(MAX(decided_at), 0) FROM challenges) AS challenge_decided, \
             (SELECT COUNT(*) FROM refugee_statuses) AS refugee_count, \
             (SELECT COALESCE(MAX(created_at), 0) FROM refugee_statuses) AS refugee_latest, \
             (SELECT COUNT(*) FROM extradition_refusals) AS refusal_count, \
             (SELECT COALESCE(MAX(created_at), 0) FROM extradition_refusals) AS refusal_latest, \
             (SELECT COUNT(*) FROM corrective_measures) AS measure_count, \
             (SELECT COALESCE(MAX(since), 0) FROM corrective_measures) AS measure_latest, \
             (SELECT COUNT(*) FROM alert_outcomes) AS outcome_count, \
             (SELECT COALESCE(MAX(recorded_at), 0) FROM alert_outcomes) AS outcome_latest, \
             (SELECT CAST(COALESCE(SUM(revision), 0) AS BIGINT) FROM alert_outcomes) AS outcome_revisions",
        )
        .fetch_one(self.pool())
        .await?;
        let get = |c: &str| -> Result<i64> { Ok(row.try_get::<i64, _>(c)?) };
        Ok(RegisterMarks {
            flags: (get("flag_count")?, get("flag_set")?, get("flag_lifted")?),
            clearances: (get("clearance_count")?, get("clearance_set")?, get("clearance_withdrawn")?),
            challenges: (get("challenge_count")?, get("challenge_registered")?, get("challenge_decided")?),
            outcomes: (get("outcome_count")?, get("outcome_latest")?, get("outcome_revisions")?),
            safeguards: [
                get("refugee_count")?,
                get("refugee_latest")?,
                get("refusal_count")?,
                get("refusal_latest")?,
                get("measure_count")?,
                get("measure_latest")?,
            ],
        })
    }

    pub(crate) async fn safeguard_register(&self) -> Result<SafeguardRegister> {
        let mut register = SafeguardRegister::default();
        let rows = sqlx::query(
            "SELECT k.key, r.id, r.fled_from, r.protecting_country, r.granted_on FROM identity_keys k \
             JOIN refugee_statuses r ON k.object_kind = 'refugee' AND k.object_id = r.id ORDER BY r.id, k.key",
        )
        .fetch_all(self.pool())
        .await?;
        for row in &rows {
            register.refugee_statuses.push((row.try_get("key")?, refugee_from_row(row.try_get("id")?, row)?));
        }
        let rows = sqlx::query(
            "SELECT k.key, r.id, r.requesting_country, r.refusing_country, r.refused_on, r.grounds FROM identity_keys k \
             JOIN extradition_refusals r ON k.object_kind = 'extradition_refusal' AND k.object_id = r.id \
             ORDER BY r.id, k.key",
        )
        .fetch_all(self.pool())
        .await?;
        for row in &rows {
            register.extradition_refusals.push((row.try_get("key")?, refusal_from_row(row.try_get("id")?, row)?));
        }
        let sql = "SELECT id, fled_from, protecting_country, granted_on, subject_doc FROM refugee_statuses ORDER BY id";
        for row in sqlx::query(sql).fetch_all(self.pool()).await? {
            let status = refugee_from_row(row.try_get("id")?, &row)?;
            let subject = crate::codec::decode_subject(&row.try_get::<String, _>("subject_doc")?)?;
            register.people.push((RecordedPerson::Refugee(status), subject));
        }
        let sql = "SELECT id, requesting_country, refusing_country, refused_on, grounds, subject_doc \
                   FROM extradition_refusals ORDER BY id";
        for row in sqlx::query(sql).fetch_all(self.pool()).await? {
            let refusal = refusal_from_row(row.try_get("id")?, &row)?;
            let subject = crate::codec::decode_subject(&row.try_get::<String, _>("subject_doc")?)?;
            register.people.push((RecordedPerson::Refusal(refusal), subject));
        }
        for row in sqlx::query("SELECT country, measure FROM corrective_measures ORDER BY country")
            .fetch_all(self.pool())
            .await?
        {
            let country: String = row.try_get("country")?;
            let measure: String = row.try_get("measure")?;
            let Some(measure) = corrective_measure_from(&measure) else {
                return Err(corrupt("measure", measure));
            };
            register
                .corrective_measures
                .push((CountryCode::parse("country", &country).map_err(|e| corrupt("country", e))?, measure));
        }
        Ok(register)
    }

    pub(crate) async fn log_screenings(&self, batch: &[ScreeningLog]) -> Result<Vec<Vec<AlertRecord>>> {
        let mut countries = Vec::with_capacity(batch.len());
        for log in batch {
            let Some(country) = screening_country(&log.actor) else {
                return Err(Forbidden::new("border officers, bureaus and caseworkers screen travellers").into());
            };
            countries.push(country);
        }
        let mut tx = self.begin().await?;
        let rows: Vec<(usize, &crate::NewAlert)> =
            batch.iter().enumerate().flat_map(|(i, log)| log.alerts.iter().map(move |a| (i, a))).collect();
        // Identifiers are handed out in row order.
        let mut ids: Vec<i64> = if self.backend == crate::Backend::Postgres {
            insert_alerts_postgres(&mut tx, batch, &countries, &rows).await?
        } else {
            insert_alerts_in_chunks(&mut tx, batch, &countries, &rows).await?
        };
        ids.sort_unstable();
        if ids.len() != rows.len() {
            return Err(corrupt("alerts", format!("{} alerts stored for {}", ids.len(), rows.len())));
        }
        let mut ids = ids.into_iter();
        let mut out = Vec::with_capacity(batch.len());
        for (log, country) in batch.iter().zip(countries) {
            for event in &log.events {
                tx.audit(event.clone()).await?;
            }
            let mut records = Vec::with_capacity(log.alerts.len());
            for (alert, seq) in log.alerts.iter().zip(ids.by_ref()) {
                tx.audit(AuditEvent::new("alert.raise", &alert.kind, &alert.object_id).by(&log.actor).detail(format!(
                    "alert={seq} score={:.3} notify_requester={}",
                    alert.score, alert.notify_requester
                )))
                .await?;
                records.push(AlertRecord {
                    seq,
                    at_ms: tx.now,
                    kind: alert.kind.clone(),
                    object_id: alert.object_id.clone(),
                    owner: alert.owner,
                    screening_country: country,
                    screened_by: log.actor.name.clone(),
                    score: stored_score(alert.score) as f32 / 1000.0,
                    traveller: alert.traveller.clone(),
                    notify_requester: alert.notify_requester,
                    safeguards: alert.safeguards.clone(),
                    outcome: None,
                });
            }
            out.push(records);
        }
        tx.commit().await?;
        Ok(out)
    }

    pub(crate) async fn list_alerts(
        &self,
        actor: &Actor,
        after: i64,
        limit: usize,
        selection: AlertSelection<'_>,
    ) -> Result<Vec<AlertRecord>> {
        let limit = i64::try_from(limit).unwrap_or(100);
        // A code among the space-separated codes; `_` and `%` are taken literally. No code: every alert.
        let carrying = selection.safeguard.map(|code| {
            let escaped = code.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            format!("% {escaped} %")
        });
        let outcome = selection.outcome.map(OutcomeSelection::as_str);
        let selected = " AND ($3 IS NULL OR (' ' || safeguard_codes || ' ') LIKE $3 ESCAPE '\\') \
                        AND ($4 IS NULL OR ($4 = 'pending' AND identity IS NULL) OR identity = $4 \
                        OR ($4 = 'departed' AND departs_from <> ''))";
        let mut tx = self.begin().await?;
        let rows = match (actor.role, actor.country) {
            (Role::Reviewer | Role::Commission, _) => {
                let sql = format!(
                    "SELECT {ALERT_COLUMNS} FROM {ALERTS_WITH_OUTCOMES} WHERE id > $1{selected} ORDER BY id LIMIT $2"
                );
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(after)
                    .bind(limit)
                    .bind(carrying.clone())
                    .bind(outcome)
                    .fetch_all(tx.conn().await?)
                    .await?
            }
            (Role::Ncb, Some(c)) => {
                // The requesting bureau, unless a safeguard withheld the alert from it; and the bureau of
                // the country that screened.
                let sql = format!(
                    "SELECT {ALERT_COLUMNS} FROM {ALERTS_WITH_OUTCOMES} WHERE id > $1{selected} AND \
                     ((owner_country = $5 AND notify_requester <> 0) OR screening_country = $5) ORDER BY id LIMIT $2"
                );
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(after)
                    .bind(limit)
                    .bind(carrying.clone())
                    .bind(outcome)
                    .bind(c.to_string())
                    .fetch_all(tx.conn().await?)
                    .await?
            }
            _ => return Err(Forbidden::new("alerts go to bureaus, reviewers and the Commission").into()),
        };
        let mut alerts = rows.iter().map(alert_from_row).collect::<Result<Vec<_>>>()?;
        with_earlier(tx.conn().await?, &mut alerts).await?;
        tx.audit(AuditEvent::new("alert.list", "alert", "*").by(actor).detail(format!(
            "after={after} safeguard={} outcome={} alerts={}",
            selection.safeguard.unwrap_or("any"),
            outcome.unwrap_or("any"),
            alerts.len()
        )))
        .await?;
        tx.commit().await?;
        Ok(alerts)
    }

    /// Every outcome that found a traveller stopped on a notice or diffusion not to be its subject.
    pub(crate) async fn misidentifications(&self) -> Result<Vec<Misidentification>> {
        let rows = sqlx::query(
            "SELECT object_kind, object_id, id, identity, recorded_at FROM alert_outcomes JOIN alerts ON id = alert_id \
             WHERE identity = 'not_the_person' AND object_kind IN ('notice', 'diffusion') ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("object_kind")?;
                let identity: String = r.try_get("identity")?;
                Ok(Misidentification {
                    kind: RecordKind::parse("object_kind", &kind).map_err(|e| corrupt("object_kind", e))?,
                    identity: Identification::parse("identity", &identity).map_err(|e| corrupt("identity", e))?,
                    object_id: r.try_get("object_id")?,
                    alert: r.try_get("id")?,
                    recorded_at_ms: r.try_get("recorded_at")?,
                })
            })
            .collect()
    }

    pub(crate) async fn record_alert_outcome(
        &self,
        actor: &Actor,
        seq: i64,
        new: &NewAlertOutcome,
        clear: Option<&DocumentToClear>,
    ) -> Result<WrittenOutcome> {
        let reason = article3_domain::outcome_reason("reason", &new.reason)?;
        let mut tx = self.begin().await?;
        let mut alert = outcome_target(&mut tx, actor, seq).await?;
        let recorded = || format!("alert {seq} already has its outcome: correct it instead");
        if alert.outcome.is_some() {
            return Err(StoreError::Conflict(recorded()));
        }
        let departs_from = departures(&alert, new)?;
        // The traveller's document cleared of the record in the same transaction, with the same reason.
        let cleared = match clear {
            None => None,
            Some(document) => Some(self.clear_traveller(&mut tx, actor, &alert, new, document).await?),
        };
        sqlx::query(
            "INSERT INTO alert_outcomes (alert_id, identity, action_taken, reason, departs_from, country, recorded_by, \
             recorded_at, revision) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)",
        )
        .bind(seq)
        .bind(new.identity.as_str())
        .bind(new.action.as_str())
        .bind(&reason)
        .bind(departs_from.join(" "))
        .bind(alert.screening_country.to_string())
        .bind(&actor.name)
        .bind(tx.now)
        .execute(tx.conn().await?)
        .await
        .map_err(|e| or_conflict(e, recorded))?;
        // The reason stays out of the audit chain: it may name the traveller, and is erased with the name.
        tx.audit(AuditEvent::new("alert.outcome", &alert.kind, &alert.object_id).by(actor).detail(format!(
            "alert={seq} identity={} action={} departs_from={}",
            new.identity.as_str(),
            new.action.as_str(),
            departures_text(&departs_from),
        )))
        .await?;
        alert.outcome = Some(recorded_now(new, reason, departs_from, alert.screening_country, actor, tx.now));
        tx.commit().await?;
        Ok(WrittenOutcome { alert, cleared, withdrawn: Vec::new() })
    }

    /// Clears the traveller's `document` of the record `alert` was raised on, for an outcome that found
    /// the traveller not to be the person sought; the request's field is `clear_document`.
    async fn clear_traveller(
        &self,
        tx: &mut crate::tx::Tx,
        actor: &Actor,
        alert: &AlertRecord,
        new: &NewAlertOutcome,
        document: &DocumentToClear,
    ) -> Result<Clearance> {
        let field = |message| article3_domain::FieldError::new("clear_document", "not_clearable", message);
        if new.identity != Identification::NotThePerson {
            return Err(field("only a traveller found not to be the person sought is cleared").into());
        }
        let Ok(kind) = RecordKind::parse("kind", &alert.kind) else {
            return Err(field("a document alert is not cleared: the document itself was reported").into());
        };
        let clearance = NewClearance {
            kind,
            object_id: alert.object_id.clone(),
            document_number: document.number.clone(),
            issuing_country: document.issuing_country,
            reason: new.reason.clone(),
        };
        let checked = checked_clearance(actor, &clearance, "clear_document.number", "reason")?;
        let action = format!("{}.clear", kind.as_str());
        let visible = self.visible_owner(tx, Reader::Actor(actor), kind, &alert.object_id, &action).await?;
        if !visible.is_some_and(|(_, live)| live) {
            let gone = format!("{} {} no longer matches: there is nothing to clear", kind.as_str(), alert.object_id);
            return Err(StoreError::Conflict(gone));
        }
        insert_clearance(tx, actor, &clearance, checked, Some(alert.seq)).await
    }

    pub(crate) async fn correct_alert_outcome(
        &self,
        actor: &Actor,
        seq: i64,
        revision: i64,
        new: &NewAlertOutcome,
        clear: Option<&DocumentToClear>,
    ) -> Result<WrittenOutcome> {
        let reason = article3_domain::outcome_reason("reason", &new.reason)?;
        let mut tx = self.begin().await?;
        let mut alert = outcome_target(&mut tx, actor, seq).await?;
        let Some(current) = alert.outcome.take() else {
            return Err(StoreError::Conflict(format!("alert {seq} has no outcome to correct: record one")));
        };
        let stale = || format!("alert {seq}'s outcome is no longer at revision {revision}: read it again");
        if current.revision != revision {
            return Err(StoreError::Conflict(stale()));
        }
        if current.restates(new.identity, new.action, &reason) {
            return Err(article3_domain::FieldError::new(
                "identity",
                "unchanged",
                "a correction changes the identity, the action or the reason",
            )
            .into());
        }
        let departs_from = departures(&alert, new)?;
        // A traveller no longer found to be someone else loses the clearances that finding recorded;
        // one now found to be someone else may be cleared as at recording.
        let withdrawn = if new.identity == Identification::NotThePerson {
            Vec::new()
        } else {
            let why = format!(
                "the outcome of alert {seq} was corrected to {} (revision {})",
                new.identity.as_str(),
                revision + 1
            );
            withdraw_alert_clearances(&mut tx, actor, seq, &why).await?
        };
        let cleared = match clear {
            None => None,
            Some(document) => Some(self.clear_traveller(&mut tx, actor, &alert, new, document).await?),
        };
        // The replaced revision is kept as it was; a second corrector of the same revision collides here.
        sqlx::query(
            "INSERT INTO alert_outcome_revisions (alert_id, revision, identity, action_taken, reason, departs_from, \
             country, recorded_by, recorded_at) SELECT alert_id, revision, identity, action_taken, reason, \
             departs_from, country, recorded_by, recorded_at FROM alert_outcomes WHERE alert_id = $1",
        )
        .bind(seq)
        .execute(tx.conn().await?)
        .await
        .map_err(|e| or_conflict(e, stale))?;
        let updated = sqlx::query(
            "UPDATE alert_outcomes SET identity = $1, action_taken = $2, reason = $3, departs_from = $4, \
             recorded_by = $5, recorded_at = $6, revision = revision + 1 WHERE alert_id = $7 AND revision = $8",
        )
        .bind(new.identity.as_str())
        .bind(new.action.as_str())
        .bind(&reason)
        .bind(departs_from.join(" "))
        .bind(&actor.name)
        .bind(tx.now)
        .bind(seq)
        .bind(revision)
        .execute(tx.conn().await?)
        .await?
        .rows_affected();
        if updated != 1 {
            return Err(StoreError::Conflict(stale()));
        }
        tx.audit(AuditEvent::new("alert.outcome_correct", &alert.kind, &alert.object_id).by(actor).detail(format!(
            "alert={seq} revision={} identity={}->{} action={}->{} departs_from={}",
            revision + 1,
            current.identity.as_str(),
            new.identity.as_str(),
            current.action.as_str(),
            new.action.as_str(),
            departures_text(&departs_from),
        )))
        .await?;
        let mut earlier = current.earlier.clone();
        earlier.push(AlertOutcome { earlier: Vec::new(), ..current });
        let now = recorded_now(new, reason, departs_from, alert.screening_country, actor, tx.now);
        alert.outcome = Some(AlertOutcome { revision: revision + 1, earlier, ..now });
        tx.commit().await?;
        Ok(WrittenOutcome { alert, cleared, withdrawn })
    }
}

/// The alert `actor` records or corrects the outcome of, with its outcome and the revisions that one
/// replaced: only the country where the traveller was screened may; an alert the actor does not even
/// receive is not found.
async fn outcome_target(tx: &mut crate::tx::Tx, actor: &Actor, seq: i64) -> Result<AlertRecord> {
    let sql = format!("SELECT {ALERT_COLUMNS} FROM {ALERTS_WITH_OUTCOMES} WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(seq).fetch_optional(tx.conn().await?).await?;
    let Some(alert) = row.as_ref().map(alert_from_row).transpose()? else { return Err(StoreError::NotFound) };
    if screening_country(actor) != Some(alert.screening_country) {
        if !receives(actor, &alert) {
            return Err(StoreError::NotFound);
        }
        return Err(Forbidden::new("the country where the traveller was screened records the alert's outcome").into());
    }
    let mut alerts = [alert];
    with_earlier(tx.conn().await?, &mut alerts).await?;
    let [alert] = alerts;
    Ok(alert)
}

/// The cautions of `alert` an outcome departs from, or why the outcome does not fit the alert.
fn departures(alert: &AlertRecord, new: &NewAlertOutcome) -> Result<Vec<String>> {
    let codes: Vec<&str> = alert.safeguards.iter().map(|s| s.code.as_str()).collect();
    let facts = AlertFacts { kind: &alert.kind, safeguard_codes: &codes };
    Ok(article3_domain::check_outcome(facts, new.identity, new.action)?)
}

/// A first revision of an outcome as `actor` records it for `country` at `at_ms`.
fn recorded_now(
    new: &NewAlertOutcome,
    reason: String,
    departs_from: Vec<String>,
    country: CountryCode,
    actor: &Actor,
    at_ms: i64,
) -> AlertOutcome {
    AlertOutcome {
        identity: new.identity,
        action: new.action,
        reason,
        departs_from,
        country,
        recorded_by: actor.name.clone(),
        recorded_at_ms: at_ms,
        revision: 1,
        earlier: Vec::new(),
    }
}

fn departures_text(departs_from: &[String]) -> String {
    if departs_from.is_empty() { "none".to_owned() } else { departs_from.join(",") }
}

/// `items` joined by `separator`, each with the separator taken out (a text is one line; a code one word).
fn lines<'a>(items: impl Iterator<Item = &'a str>, separator: &str) -> String {
    items.map(|item| item.replace(separator, "")).collect::<Vec<_>>().join(separator)
}

/// The columns of an alert as a batch inserts it, in the order of [`AlertRow`]'s fields.
const ALERT_INSERT: &str = "INSERT INTO alerts (at, object_kind, object_id, owner_country, screening_country, \
                            screened_by, score, traveller, notify_requester, safeguards, safeguard_codes)";

/// A batch's alerts on SQLite: a statement per chunk of rows (see [`statement_chunks`]).
async fn insert_alerts_in_chunks(
    tx: &mut crate::tx::Tx,
    batch: &[ScreeningLog],
    countries: &[CountryCode],
    rows: &[(usize, &crate::NewAlert)],
) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    let mut rest = rows;
    for size in statement_chunks(rows.len()) {
        let (chunk, after) = rest.split_at(size);
        rest = after;
        let sql = format!("{ALERT_INSERT} VALUES {} RETURNING id", values_clause(chunk.len(), 11));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (i, alert) in chunk {
            let row = AlertRow::of(tx.now, alert, countries[*i], &batch[*i].actor.name);
            query = query
                .bind(row.at)
                .bind(row.kind)
                .bind(row.id)
                .bind(row.owner)
                .bind(row.screening)
                .bind(row.by)
                .bind(row.score)
                .bind(row.traveller)
                .bind(row.notify)
                .bind(row.safeguards)
                .bind(row.codes);
        }
        for r in query.fetch_all(tx.conn().await?).await? {
            ids.push(r.try_get("id")?);
        }
    }
    Ok(ids)
}

/// A batch's alerts on PostgreSQL: one statement whatever their number, the rows passed as a JSON array
/// and inserted in their order.
async fn insert_alerts_postgres(
    tx: &mut crate::tx::Tx,
    batch: &[ScreeningLog],
    countries: &[CountryCode],
    rows: &[(usize, &crate::NewAlert)],
) -> Result<Vec<i64>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let now = tx.now;
    let json: Vec<AlertRow<'_>> =
        rows.iter().map(|(i, alert)| AlertRow::of(now, alert, countries[*i], &batch[*i].actor.name)).collect();
    let json = serde_json::to_string(&json).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let sql = format!(
        "{ALERT_INSERT} SELECT r.at, r.kind, r.id, r.owner, r.screening, r.by, r.score, r.traveller, r.notify, \
         r.safeguards, r.codes FROM ROWS FROM (json_to_recordset(CAST($1 AS json)) AS (at BIGINT, kind TEXT, \
         id TEXT, owner TEXT, screening TEXT, by TEXT, score BIGINT, traveller TEXT, notify BIGINT, safeguards TEXT, \
         codes TEXT)) WITH ORDINALITY AS r(at, kind, id, owner, screening, by, score, traveller, notify, safeguards, \
         codes, n) ORDER BY r.n RETURNING id"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(json)
        .fetch_all(tx.conn().await?)
        .await?
        .iter()
        .map(|r| Ok(r.try_get("id")?))
        .collect()
}

/// An alert as stored.
#[derive(serde::Serialize)]
struct AlertRow<'a> {
    at: i64,
    kind: &'a str,
    id: &'a str,
    owner: String,
    screening: String,
    by: &'a str,
    score: i64,
    traveller: &'a str,
    notify: i64,
    safeguards: String,
    codes: String,
}

impl<'a> AlertRow<'a> {
    fn of(at: i64, alert: &'a crate::NewAlert, screening: CountryCode, by: &'a str) -> Self {
        Self {
            at,
            kind: &alert.kind,
            id: &alert.object_id,
            owner: alert.owner.to_string(),
            screening: screening.to_string(),
            by,
            score: stored_score(alert.score),
            traveller: &alert.traveller,
            notify: i64::from(alert.notify_requester),
            safeguards: lines(alert.safeguards.iter().map(|s| s.text.as_str()), "\n"),
            codes: lines(alert.safeguards.iter().map(|s| s.code.as_str()), " "),
        }
    }
}

/// A score as stored: thousandths.
fn stored_score(score: f32) -> i64 {
    (score * 1000.0).round() as i64
}

/// The country a screening by `actor` is made for: border officers, bureaus and caseworkers of a
/// country screen; nobody else does.
pub fn screening_country(actor: &Actor) -> Option<CountryCode> {
    actor.country.filter(|_| matches!(actor.role, Role::Border | Role::Ncb | Role::Caseworker))
}

/// Whether `actor` receives `alert` (the same rule as the store's listing of alerts, for the live stream).
pub fn receives(actor: &Actor, alert: &AlertRecord) -> bool {
    match (actor.role, actor.country) {
        (Role::Reviewer | Role::Commission, _) => true,
        (Role::Ncb, Some(c)) => (alert.owner == c && alert.notify_requester) || alert.screening_country == c,
        _ => false,
    }
}
