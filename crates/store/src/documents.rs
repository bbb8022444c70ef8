//! The stolen, lost and revoked travel documents register: reports, withdrawals, look-ups by number,
//! each audited in the same transaction.

use article3_domain::audit::AuditEvent;
use article3_domain::{
    Actor, CountryCode, DocumentKind, DocumentRecord, DocumentReport, DocumentStatus, FieldError, Forbidden, Role,
    canonical_document_number,
};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::codec::corrupt;
use crate::register;
use crate::sql::SqlStore;
use crate::{Result, StoreError, or_conflict};

const COLUMNS: &str = "id, number, issuing_country, kind, status, occurred_on, reporting_country, reported_by, \
                       reported_at, withdrawn_at, withdrawn_by, withdrawn_reason";

fn from_row(r: &AnyRow) -> Result<DocumentRecord> {
    let code = |column: &str| -> Result<CountryCode> {
        let v: String = r.try_get(column)?;
        CountryCode::parse(column, &v).map_err(|e| corrupt(column, e))
    };
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    let occurred: String = r.try_get("occurred_on")?;
    Ok(DocumentRecord {
        id: r.try_get("id")?,
        report: DocumentReport {
            number: r.try_get("number")?,
            issuing_country: code("issuing_country")?,
            kind: DocumentKind::parse("kind", &kind).map_err(|e| corrupt("kind", e))?,
            status: DocumentStatus::parse("status", &status).map_err(|e| corrupt("status", e))?,
            occurred_on: crate::codec::parse_date_string("occurred_on", &occurred)?,
        },
        reporting_country: code("reporting_country")?,
        reported_by: r.try_get("reported_by")?,
        reported_at_ms: r.try_get("reported_at")?,
        withdrawn: crate::register::withdrawal(r)?,
    })
}

/// The bureau a reporting account speaks for.
fn reporting_bureau(actor: &Actor) -> Result<CountryCode> {
    match (actor.role, actor.country) {
        (Role::Ncb, Some(c)) => Ok(c),
        _ => Err(Forbidden::new("only a national bureau reports or withdraws travel documents").into()),
    }
}

impl SqlStore {
    pub(crate) async fn report_document(&self, actor: &Actor, report: &DocumentReport) -> Result<DocumentRecord> {
        let reporting = reporting_bureau(actor)?;
        let reported =
            || format!("document {} issued by {} is already reported", report.number, report.issuing_country);
        let mut tx = self.begin().await?;
        let active = sqlx::query(
            "SELECT reporting_country FROM travel_documents WHERE number = $1 AND issuing_country = $2 AND withdrawn_at IS NULL",
        )
        .bind(&report.number)
        .bind(report.issuing_country.to_string())
        .fetch_optional(tx.conn().await?)
        .await?;
        if active.is_some() {
            return Err(StoreError::Conflict(reported()));
        }
        let reported_at = register::change_time(&mut tx, "travel_documents", ("reported_at", "withdrawn_at")).await?;
        let id = uuid::Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO travel_documents (id, number, issuing_country, kind, status, occurred_on, reporting_country, \
             reported_by, reported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(&report.number)
        .bind(report.issuing_country.to_string())
        .bind(report.kind.as_str())
        .bind(report.status.as_str())
        .bind(crate::codec::date_string(report.occurred_on))
        .bind(reporting.to_string())
        .bind(&actor.name)
        .bind(reported_at)
        .execute(tx.conn().await?)
        .await
        .map_err(|e| or_conflict(e, reported))?;
        tx.audit(AuditEvent::new("travel_document.report", "travel_document", &id).by(actor).detail(format!(
            "number={} issuing_country={} status={}",
            report.number,
            report.issuing_country,
            report.status.as_str()
        )))
        .await?;
        tx.commit().await?;
        Ok(DocumentRecord {
            id,
            report: report.clone(),
            reporting_country: reporting,
            reported_by: actor.name.clone(),
            reported_at_ms: reported_at,
            withdrawn: None,
        })
    }

    pub(crate) async fn withdraw_document(&self, actor: &Actor, id: &str, reason: &str) -> Result<DocumentRecord> {
        let reporting = reporting_bureau(actor)?;
        let reason = register::withdrawal_reason(reason, "say why the report is withdrawn")?;
        let mut tx = self.begin().await?;
        let sql = format!("SELECT {COLUMNS} FROM travel_documents WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(tx.conn().await?).await?;
        let Some(mut record) = row.as_ref().map(from_row).transpose()? else { return Err(StoreError::NotFound) };
        if record.reporting_country != reporting {
            return Err(Forbidden::new("only the reporting bureau withdraws its report").into());
        }
        if record.withdrawn.is_some() {
            return Err(StoreError::Conflict(format!("report {id} is already withdrawn")));
        }
        let withdrawal = register::withdraw(
            &mut tx,
            ("travel_documents", "reported_at", "travel_document", "travel_document.withdraw"),
            id,
            actor,
            (reason, register::AuditedReason::Kept),
        )
        .await?;
        record.withdrawn = Some(withdrawal);
        tx.commit().await?;
        Ok(record)
    }

    pub(crate) async fn lookup_document(&self, actor: &Actor, number: &str) -> Result<Vec<DocumentRecord>> {
        if matches!(actor.role, Role::Subject) {
            return Err(Forbidden::new("the register is for bureaus, border officers and reviewers").into());
        }
        let number = canonical_document_number(number);
        if number.is_empty() {
            return Err(FieldError::new("number", "required", "a document number").into());
        }
        let mut tx = self.begin().await?;
        let sql = format!("SELECT {COLUMNS} FROM travel_documents WHERE number = $1 ORDER BY reported_at, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&number).fetch_all(tx.conn().await?).await?;
        let records = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
        tx.audit(
            AuditEvent::new("travel_document.lookup", "travel_document", &number)
                .by(actor)
                .detail(format!("reports={}", records.len())),
        )
        .await?;
        tx.commit().await?;
        Ok(records)
    }

    pub(crate) async fn list_documents(&self, actor: &Actor) -> Result<Vec<DocumentRecord>> {
        let own = match (actor.role, actor.country) {
            (Role::Reviewer | Role::Admin | Role::Commission, _) => None,
            (Role::Ncb, Some(c)) => Some(c),
            _ => return Err(Forbidden::new("a bureau lists its own reports; reviewers list all").into()),
        };
        let mut tx = self.begin().await?;
        let rows = match own {
            Some(c) => {
                let sql = format!(
                    "SELECT {COLUMNS} FROM travel_documents WHERE reporting_country = $1 ORDER BY reported_at, id"
                );
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(c.to_string()).fetch_all(tx.conn().await?).await?
            }
            None => {
                let sql = format!("SELECT {COLUMNS} FROM travel_documents ORDER BY reported_at, id");
                sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(tx.conn().await?).await?
            }
        };
        let records = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
        tx.audit(
            AuditEvent::new("travel_document.list", "travel_document", "*")
                .by(actor)
                .detail(format!("reports={}", records.len())),
        )
        .await?;
        tx.commit().await?;
        Ok(records)
    }

    /// Every report made or withdrawn at or after `since_ms`, active or not, from the indexes of those
    /// times.
    pub(crate) async fn document_changes(&self, since_ms: i64) -> Result<Vec<DocumentRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM travel_documents WHERE reported_at >= $1 \
             UNION SELECT {COLUMNS} FROM travel_documents WHERE withdrawn_at >= $1 ORDER BY reported_at, id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(since_ms).fetch_all(self.pool()).await?;
        rows.iter().map(from_row).collect()
    }

    pub(crate) async fn active_documents(&self) -> Result<Vec<DocumentRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM travel_documents WHERE withdrawn_at IS NULL ORDER BY reported_at, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(self.pool()).await?;
        rows.iter().map(from_row).collect()
    }
}
