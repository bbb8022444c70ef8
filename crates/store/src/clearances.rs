//! Clearances: a border officer or bureau records that the holder of a document is not the person a
//! notice or diffusion seeks, withdraws it later, and lists its country's clearances; reviewers and the
//! Commission list them all. Every change and every listing is audited in the same transaction.

use article3_domain::audit::AuditEvent;
use article3_domain::{Actor, Clearance, CountryCode, Forbidden, RecordKind, Role};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::codec::corrupt;
use crate::register;
use crate::sql::SqlStore;
use crate::tx::Tx;
use crate::{NewClearance, Reader, Result, StoreError, or_conflict};

const COLUMNS: &str = "id, object_kind, object_id, document_number, issuing_country, country, reason, cleared_by, \
                       cleared_at, alert_id, withdrawn_at, withdrawn_by, withdrawn_reason";

fn from_row(r: &AnyRow) -> Result<Clearance> {
    let kind: String = r.try_get("object_kind")?;
    let code = |column: &str| -> Result<CountryCode> {
        let v: String = r.try_get(column)?;
        CountryCode::parse(column, &v).map_err(|e| corrupt(column, e))
    };
    Ok(Clearance {
        id: r.try_get("id")?,
        kind: RecordKind::parse("object_kind", &kind).map_err(|e| corrupt("object_kind", e))?,
        object_id: r.try_get("object_id")?,
        document_number: r.try_get("document_number")?,
        issuing_country: code("issuing_country")?,
        country: code("country")?,
        reason: r.try_get("reason")?,
        cleared_by: r.try_get("cleared_by")?,
        cleared_at_ms: r.try_get("cleared_at")?,
        alert: r.try_get("alert_id")?,
        withdrawn: crate::register::withdrawal(r)?,
    })
}

/// The country a clearing account speaks for: its border officers and its bureau.
fn clearing_country(actor: &Actor) -> Result<CountryCode> {
    match (actor.role, actor.country) {
        (Role::Border | Role::Ncb, Some(c)) => Ok(c),
        _ => Err(Forbidden::new("border officers and bureaus record and withdraw their country's clearances").into()),
    }
}

impl SqlStore {
    pub(crate) async fn record_clearance(&self, actor: &Actor, new: &NewClearance) -> Result<Clearance> {
        let checked = checked_clearance(actor, new, "document.number", "reason")?;
        let mut tx = self.begin().await?;
        let action = format!("{}.clear", new.kind.as_str());
        let visible = self.visible_owner(&mut tx, Reader::Actor(actor), new.kind, &new.object_id, &action).await?;
        // A record the officer may not see, or that no longer matches, is not there to clear.
        if !visible.is_some_and(|(_, live)| live) {
            tx.commit().await?;
            return Err(StoreError::NotFound);
        }
        let clearance = insert_clearance(&mut tx, actor, new, checked, None).await?;
        tx.commit().await?;
        Ok(clearance)
    }
    pub(crate) async fn withdraw_clearance(&self, actor: &Actor, id: &str, reason: &str) -> Result<Clearance> {
        let country = clearing_country(actor)?;
        let reason = register::withdrawal_reason(reason, "say why it is withdrawn")?;
        let mut tx = self.begin().await?;
        let sql = format!("SELECT {COLUMNS} FROM clearances WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(tx.conn().await?).await?;
        let Some(mut clearance) = row.as_ref().map(from_row).transpose()? else { return Err(StoreError::NotFound) };
        // Another country's clearance is not even acknowledged to exist.
        if clearance.country != country {
            return Err(StoreError::NotFound);
        }
        if clearance.withdrawn.is_some() {
            return Err(StoreError::Conflict(format!("clearance {id} is already withdrawn")));
        }
        let withdrawal = withdraw_entry(&mut tx, id, actor, reason).await?;
        clearance.withdrawn = Some(withdrawal);
        tx.commit().await?;
        Ok(clearance)
    }

    pub(crate) async fn list_clearances(
        &self,
        actor: &Actor,
        object: Option<(RecordKind, &str)>,
    ) -> Result<Vec<Clearance>> {
        let own = match (actor.role, actor.country) {
            (Role::Reviewer | Role::Commission, _) => None,
            (Role::Ncb | Role::Border, Some(c)) => Some(c),
            _ => return Err(Forbidden::new("a country lists its own clearances; reviewers list all").into()),
        };
        let mut tx = self.begin().await?;
        let rows = register::entries(&mut tx, ("clearances", COLUMNS, "cleared_at, id"), own, object).await?;
        let clearances = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
        let target = register::listed_target(object);
        tx.audit(
            AuditEvent::new("clearance.list", "clearance", "*")
                .by(actor)
                .detail(format!("{target}: clearances={}", clearances.len())),
        )
        .await?;
        tx.commit().await?;
        Ok(clearances)
    }

    /// Every standing clearance, for the screening index.
    pub(crate) async fn active_clearances(&self) -> Result<Vec<Clearance>> {
        let sql = format!("SELECT {COLUMNS} FROM clearances WHERE withdrawn_at IS NULL ORDER BY cleared_at, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(self.pool()).await?;
        rows.iter().map(from_row).collect()
    }
}

/// A clearance's country, document number and reason, checked before anything is written.
pub(crate) struct CheckedClearance {
    country: CountryCode,
    number: String,
    reason: String,
}

/// Checks who clears and what, naming the request's fields for the document number and the reason.
pub(crate) fn checked_clearance(
    actor: &Actor,
    new: &NewClearance,
    number_field: &str,
    reason_field: &str,
) -> Result<CheckedClearance> {
    Ok(CheckedClearance {
        country: clearing_country(actor)?,
        number: article3_domain::clearance_document(number_field, &new.document_number)?,
        reason: article3_domain::clearance_reason(reason_field, &new.reason)?,
    })
}

/// Records a checked clearance of a record the actor may see and that still matches (with the outcome
/// of `alert`, if given), with its audit record, in the caller's transaction.
pub(crate) async fn insert_clearance(
    tx: &mut Tx,
    actor: &Actor,
    new: &NewClearance,
    checked: CheckedClearance,
    alert: Option<i64>,
) -> Result<Clearance> {
    let CheckedClearance { country, number, reason } = checked;
    let cleared = || format!("the holder of {number} is already cleared of {} {}", new.kind.as_str(), new.object_id);
    let standing = sqlx::query(
        "SELECT id FROM clearances WHERE object_kind = $1 AND object_id = $2 AND document_number = $3 \
         AND withdrawn_at IS NULL",
    )
    .bind(new.kind.as_str())
    .bind(&new.object_id)
    .bind(&number)
    .fetch_optional(tx.conn().await?)
    .await?;
    if standing.is_some() {
        return Err(StoreError::Conflict(cleared()));
    }
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO clearances (id, object_kind, object_id, document_number, issuing_country, country, reason, \
         cleared_by, cleared_at, alert_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(new.kind.as_str())
    .bind(&new.object_id)
    .bind(&number)
    .bind(new.issuing_country.to_string())
    .bind(country.to_string())
    .bind(&reason)
    .bind(&actor.name)
    .bind(tx.now)
    .bind(alert)
    .execute(tx.conn().await?)
    .await
    .map_err(|e| or_conflict(e, cleared))?;
    // The reason stays out of the audit chain: it describes a traveller found to be someone else, and
    // is erased once the clearance has been withdrawn for the traveller period.
    let from = alert.map(|seq| format!(" alert={seq}")).unwrap_or_default();
    tx.audit(AuditEvent::new("clearance.record", "clearance", &id).by(actor).detail(format!(
        "{} {}{from}",
        new.kind.as_str(),
        new.object_id
    )))
    .await?;
    Ok(Clearance {
        id,
        kind: new.kind,
        object_id: new.object_id.clone(),
        document_number: number,
        issuing_country: new.issuing_country,
        country,
        reason,
        cleared_by: actor.name.clone(),
        cleared_at_ms: tx.now,
        alert,
        withdrawn: None,
    })
}

/// Withdraws, with `reason`, every standing clearance recorded with the outcome of alert `seq`, in the
/// caller's transaction; each withdrawal is audited as one made by hand is.
pub(crate) async fn withdraw_alert_clearances(
    tx: &mut Tx,
    actor: &Actor,
    seq: i64,
    reason: &str,
) -> Result<Vec<Clearance>> {
    let sql = format!("SELECT {COLUMNS} FROM clearances WHERE alert_id = $1 AND withdrawn_at IS NULL ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(seq).fetch_all(tx.conn().await?).await?;
    let mut withdrawn = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    for clearance in &mut withdrawn {
        clearance.withdrawn = Some(withdraw_entry(tx, &clearance.id, actor, reason).await?);
    }
    Ok(withdrawn)
}

/// Withdraws clearance `id`, audited without its reason: why a traveller's clearance no longer stands
/// may describe the traveller, and is erased with the clearance's own reason.
async fn withdraw_entry(tx: &mut Tx, id: &str, actor: &Actor, reason: &str) -> Result<article3_domain::Withdrawal> {
    let table = ("clearances", "cleared_at", "clearance", "clearance.withdraw");
    register::withdraw(tx, table, id, actor, (reason, register::AuditedReason::Withheld)).await
}
