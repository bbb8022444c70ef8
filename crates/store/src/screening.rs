//! What the screening index reads from the store, and what screening writes back: live notices and
//! diffusions (all of them at start, then whatever changed), and each screening's audit records and
//! alerts, in one transaction.

use article3_domain::audit::AuditEvent;
use article3_domain::{Actor, CountryCode, Forbidden, RecordKind, Role};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::codec::corrupt;
use crate::sql::{DIFFUSION_COLUMNS, DiffusionRow, NOTICE_COLUMNS, NoticeRow, SqlStore};
use crate::{AlertRecord, Listing, ListingChanges, NewAlert, RegisterMarks, Result};

const ALERT_COLUMNS: &str = "id, at, object_kind, object_id, owner_country, screening_country, screened_by, score, \
                             traveller, notify_requester, safeguards";

fn alert_from_row(r: &AnyRow) -> Result<AlertRecord> {
    let code = |column: &str| -> Result<CountryCode> {
        let v: String = r.try_get(column)?;
        CountryCode::parse(column, &v).map_err(|e| corrupt(column, e))
    };
    let safeguards: String = r.try_get("safeguards")?;
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
        safeguards: safeguards.split('\n').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
    })
}

impl SqlStore {
    async fn listing_rows(&self, since_ms: Option<i64>, only: Option<(RecordKind, &str)>) -> Result<ListingChanges> {
        let mut changes = ListingChanges::default();
        for kind in [RecordKind::Notice, RecordKind::Diffusion] {
            if only.is_some_and(|(k, _)| k != kind) {
                continue;
            }
            let (table, columns) = match kind {
                RecordKind::Notice => ("notices", NOTICE_COLUMNS),
                RecordKind::Diffusion => ("diffusions", DIFFUSION_COLUMNS),
            };
            let mut sql = format!("SELECT {columns} FROM {table}");
            let rows = match (only, since_ms) {
                (Some((_, id)), _) => {
                    sql.push_str(" WHERE id = $1");
                    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_owned()).fetch_all(self.pool()).await?
                }
                (None, Some(since)) => {
                    sql.push_str(" WHERE updated_at >= $1");
                    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(since).fetch_all(self.pool()).await?
                }
                (None, None) => {
                    sql.push_str(match kind {
                        RecordKind::Notice => " WHERE status = 'published'",
                        RecordKind::Diffusion => " WHERE circulated <> 0",
                    });
                    sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(self.pool()).await?
                }
            };
            for row in &rows {
                match kind {
                    RecordKind::Notice => {
                        let r = NoticeRow::from_row(row)?;
                        changes.latest_ms = changes.latest_ms.max(r.updated_at());
                        if r.is_live() {
                            changes.live.push(Listing::Notice(r.into_record()?));
                        } else {
                            changes.gone.push((kind, r.id_text()));
                        }
                    }
                    RecordKind::Diffusion => {
                        let r = DiffusionRow::from_row(row)?;
                        changes.latest_ms = changes.latest_ms.max(r.updated_at());
                        if r.is_live() {
                            changes.live.push(Listing::Diffusion(r.into_record()?));
                        } else {
                            changes.gone.push((kind, r.id_text()));
                        }
                    }
                }
            }
        }
        Ok(changes)
    }

    pub(crate) async fn screening_listings(&self, since_ms: Option<i64>) -> Result<ListingChanges> {
        self.listing_rows(since_ms, None).await
    }

    pub(crate) async fn screening_listing(&self, kind: RecordKind, id: &str) -> Result<ListingChanges> {
        self.listing_rows(None, Some((kind, id))).await
    }

    pub(crate) async fn register_marks(&self) -> Result<RegisterMarks> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM travel_documents) AS doc_count, \
             (SELECT COALESCE(MAX(reported_at), 0) FROM travel_documents) AS doc_reported, \
             (SELECT COALESCE(MAX(withdrawn_at), 0) FROM travel_documents) AS doc_withdrawn, \
             (SELECT COUNT(*) FROM country_flags) AS flag_count, \
             (SELECT COALESCE(MAX(flagged_at), 0) FROM country_flags) AS flag_set, \
             (SELECT COALESCE(MAX(withdrawn_at), 0) FROM country_flags) AS flag_lifted",
        )
        .fetch_one(self.pool())
        .await?;
        let get = |c: &str| -> Result<i64> { Ok(row.try_get::<i64, _>(c)?) };
        Ok(RegisterMarks {
            documents: (get("doc_count")?, get("doc_reported")?, get("doc_withdrawn")?),
            flags: (get("flag_count")?, get("flag_set")?, get("flag_lifted")?),
        })
    }

    pub(crate) async fn log_screening(
        &self,
        actor: &Actor,
        events: Vec<AuditEvent>,
        alerts: &[NewAlert],
    ) -> Result<Vec<AlertRecord>> {
        let Some(country) = actor.country.filter(|_| matches!(actor.role, Role::Border | Role::Ncb | Role::Caseworker))
        else {
            return Err(Forbidden::new("border officers, bureaus and caseworkers screen travellers").into());
        };
        let mut tx = self.begin().await?;
        for event in events {
            tx.audit(event).await?;
        }
        let mut records = Vec::with_capacity(alerts.len());
        for alert in alerts {
            let safeguards = alert.safeguards.join("\n");
            let score = (alert.score * 1000.0).round() as i64;
            let row = sqlx::query(
                "INSERT INTO alerts (at, object_kind, object_id, owner_country, screening_country, screened_by, score, \
                 traveller, notify_requester, safeguards) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(tx.now)
            .bind(&alert.kind)
            .bind(&alert.object_id)
            .bind(alert.owner.to_string())
            .bind(country.to_string())
            .bind(&actor.name)
            .bind(score)
            .bind(&alert.traveller)
            .bind(i64::from(alert.notify_requester))
            .bind(&safeguards)
            .fetch_one(tx.conn())
            .await?;
            let seq: i64 = row.try_get("id")?;
            tx.audit(
                AuditEvent::new("alert.raise", &alert.kind, &alert.object_id).by(actor).detail(format!(
                    "alert={seq} score={:.3} notify_requester={}",
                    alert.score, alert.notify_requester
                )),
            )
            .await?;
            records.push(AlertRecord {
                seq,
                at_ms: tx.now,
                kind: alert.kind.clone(),
                object_id: alert.object_id.clone(),
                owner: alert.owner,
                screening_country: country,
                screened_by: actor.name.clone(),
                score: score as f32 / 1000.0,
                traveller: alert.traveller.clone(),
                notify_requester: alert.notify_requester,
                safeguards: alert.safeguards.clone(),
            });
        }
        tx.commit().await?;
        Ok(records)
    }

    pub(crate) async fn list_alerts(&self, actor: &Actor, after: i64, limit: usize) -> Result<Vec<AlertRecord>> {
        let limit = i64::try_from(limit).unwrap_or(100);
        let mut tx = self.begin().await?;
        let rows = match (actor.role, actor.country) {
            (Role::Reviewer | Role::Commission, _) => {
                let sql = format!("SELECT {ALERT_COLUMNS} FROM alerts WHERE id > $1 ORDER BY id LIMIT $2");
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(after).bind(limit).fetch_all(tx.conn()).await?
            }
            (Role::Ncb, Some(c)) => {
                // The requesting bureau, unless a safeguard withheld the alert from it; and the bureau of
                // the country that screened.
                let sql = format!(
                    "SELECT {ALERT_COLUMNS} FROM alerts WHERE id > $1 AND \
                     ((owner_country = $2 AND notify_requester <> 0) OR screening_country = $2) ORDER BY id LIMIT $3"
                );
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(after)
                    .bind(c.to_string())
                    .bind(limit)
                    .fetch_all(tx.conn())
                    .await?
            }
            _ => return Err(Forbidden::new("alerts go to bureaus, reviewers and the Commission").into()),
        };
        let alerts = rows.iter().map(alert_from_row).collect::<Result<Vec<_>>>()?;
        tx.audit(
            AuditEvent::new("alert.list", "alert", "*")
                .by(actor)
                .detail(format!("after={after} alerts={}", alerts.len())),
        )
        .await?;
        tx.commit().await?;
        Ok(alerts)
    }
}

/// Whether `actor` receives `alert` (the same rule as [`SqlStore::list_alerts`], for the live stream).
pub fn receives(actor: &Actor, alert: &AlertRecord) -> bool {
    match (actor.role, actor.country) {
        (Role::Reviewer | Role::Commission, _) => true,
        (Role::Ncb, Some(c)) => (alert.owner == c && alert.notify_requester) || alert.screening_country == c,
        _ => false,
    }
}
