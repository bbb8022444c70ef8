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

/// The time to stamp a change to `table` with: now, or one past the latest entry (`entered`) or
/// withdrawal (`withdrawn`) already in it when the clock has not moved beyond them (another server's
/// clock ahead, or this one stepped back). The screening index's poll reads a register's changes from
/// the latest it applied, and its marks from the latest times: a change stamped before them would be
/// missed until the index is rebuilt. Both columns are indexed (or the table is small).
pub(crate) async fn change_time(tx: &mut Tx, table: &'static str, (entered, withdrawn): (&str, &str)) -> Result<i64> {
    let sql = format!(
        "SELECT (SELECT COALESCE(MAX({entered}), 0) FROM {table}) AS entered, \
         (SELECT COALESCE(MAX({withdrawn}), 0) FROM {table}) AS withdrawn"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_one(tx.conn().await?).await?;
    let latest = row.try_get::<i64, _>("entered")?.max(row.try_get::<i64, _>("withdrawn")?);
    Ok(tx.now.max(latest.saturating_add(1)))
}

/// Whether a withdrawal's reason goes into its audit record: not where it may describe a traveller,
/// since the chain is never erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuditedReason {
    Kept,
    Withheld,
}

/// Marks entry `id` of `table` withdrawn by `actor` (at [`change_time`]; entries are stamped in column
/// `entered`), audits it as `action` on an object of `kind` (with the reason, if `audited`), and
/// returns the withdrawal to set on the entry the caller read.
pub(crate) async fn withdraw(
    tx: &mut Tx,
    (table, entered, kind, action): (&'static str, &str, &str, &str),
    id: &str,
    actor: &Actor,
    (reason, audited): (&str, AuditedReason),
) -> Result<Withdrawal> {
    let at_ms = change_time(tx, table, (entered, "withdrawn_at")).await?;
    let sql = format!("UPDATE {table} SET withdrawn_at = $1, withdrawn_by = $2, withdrawn_reason = $3 WHERE id = $4");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(at_ms)
        .bind(&actor.name)
        .bind(reason)
        .bind(id)
        .execute(tx.conn().await?)
        .await?;
    let detail = if audited == AuditedReason::Kept { reason } else { "reason withheld from the chain" };
    tx.audit(AuditEvent::new(action, kind, id).by(actor).detail(detail)).await?;
    Ok(Withdrawal { at_ms, by: actor.name.clone(), reason: reason.to_owned() })
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
    Ok(query.fetch_all(tx.conn().await?).await?)
}

/// What a listing names in its audit record: `*`, or the record it was limited to.
pub(crate) fn listed_target(object: Option<(RecordKind, &str)>) -> String {
    object.map_or_else(|| "*".to_owned(), |(k, id)| format!("{} {id}", k.as_str()))
}
