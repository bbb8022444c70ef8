//! What the registers kept beside notices and diffusions share (travel document reports, country flags,
//! clearances): an entry is withdrawn, with reasons, by whoever owns it, and stays on record; a listing
//! is limited to one country's entries and optionally to the entries on one record.

use article3_domain::audit::AuditEvent;
use article3_domain::{Actor, CountryCode, FieldError, RecordKind, Withdrawal};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Result;
use crate::tx::Tx;

/// A withdrawal from the `withdrawn_at`, `withdrawn_by` and `withdrawn_reason` columns every register
/// has; `None` while the entry stands.
pub(crate) fn withdrawal(r: &AnyRow) -> Result<Option<Withdrawal>> {
    let Some(at_ms) = r.try_get::<Option<i64>, _>("withdrawn_at")? else { return Ok(None) };
    Ok(Some(Withdrawal {
        at_ms,
        by: r.try_get::<Option<String>, _>("withdrawn_by")?.unwrap_or_default(),
        reason: r.try_get::<Option<String>, _>("withdrawn_reason")?.unwrap_or_default(),
    }))
}

/// A withdrawal's reason, trimmed; `missing` says what to give when there is none.
pub(crate) fn withdrawal_reason<'a>(reason: &'a str, missing: &str) -> Result<&'a str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(FieldError::new("reason", "required", missing).into());
    }
    Ok(reason)
}

/// Marks entry `id` of `table` withdrawn now by `actor`, audits it as `action` on an object of `kind`,
/// and returns the withdrawal to set on the entry the caller read.
pub(crate) async fn withdraw(
    tx: &mut Tx,
    (table, kind, action): (&'static str, &str, &str),
    id: &str,
    actor: &Actor,
    reason: &str,
) -> Result<Withdrawal> {
    let sql = format!("UPDATE {table} SET withdrawn_at = $1, withdrawn_by = $2, withdrawn_reason = $3 WHERE id = $4");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(tx.now)
        .bind(&actor.name)
        .bind(reason)
        .bind(id)
        .execute(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(action, kind, id).by(actor).detail(reason)).await?;
    Ok(Withdrawal { at_ms: tx.now, by: actor.name.clone(), reason: reason.to_owned() })
}

/// `SELECT columns FROM table`, only `country`'s entries when given (those whose `country` column, or
/// the column named beside it, holds it), only those on `object` when given, in `order`.
pub(crate) async fn entries(
    tx: &mut Tx,
    (table, columns, order): (&'static str, &'static str, &'static str),
    country: Option<CountryCode>,
    object: Option<(RecordKind, &str)>,
) -> Result<Vec<AnyRow>> {
    entries_by(tx, (table, columns, order), country.map(|c| ("country", c)), object).await
}

/// [`entries`], with the country column named.
pub(crate) async fn entries_by(
    tx: &mut Tx,
    (table, columns, order): (&'static str, &'static str, &'static str),
    country: Option<(&'static str, CountryCode)>,
    object: Option<(RecordKind, &str)>,
) -> Result<Vec<AnyRow>> {
    let mut sql = format!("SELECT {columns} FROM {table} WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    if let Some((column, c)) = country {
        binds.push(c.to_string());
        sql.push_str(&format!(" AND {column} = ${}", binds.len()));
    }
    if let Some((kind, id)) = object {
        binds.push(kind.as_str().to_owned());
        sql.push_str(&format!(" AND object_kind = ${}", binds.len()));
        binds.push(id.to_owned());
        sql.push_str(&format!(" AND object_id = ${}", binds.len()));
    }
    sql.push_str(&format!(" ORDER BY {order}"));
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in &binds {
        query = query.bind(b);
    }
    Ok(query.fetch_all(tx.conn()).await?)
}

/// What a listing names in its audit record: `*`, or the record it was limited to.
pub(crate) fn listed_target(object: Option<(RecordKind, &str)>) -> String {
    object.map_or_else(|| "*".to_owned(), |(k, id)| format!("{} {id}", k.as_str()))
}
