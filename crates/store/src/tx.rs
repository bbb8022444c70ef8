//! Audited transactions, and how each backend commits them.
//!
//! PostgreSQL: one database transaction per operation, run in parallel on the store's connections
//! ([`PgTransaction`]: rolled back in a task of its own if the operation ends without committing); the
//! audit chain is taken only at commit, in one statement (`article3_audit_append`), so operations queue
//! only for that statement and the commit.
//!
//! SQLite admits one writer, so all writes go through one dedicated connection. Operations that arrive
//! while others are in flight join the same database transaction, each inside its own savepoint, and a
//! committer task commits them together: one fsync for the group instead of one per operation. Each
//! operation is acknowledged only after the group's commit succeeded; an operation that fails (or is
//! abandoned) is rolled back to its savepoint and leaves no trace in the group.

use std::sync::Arc;

use article3_domain::audit::{AuditEvent, AuditRecord, Place};
use sqlx::{Any, AnyConnection, Row};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard, oneshot};

use crate::conns::{Conns, PgTransaction};
use crate::{Reader, Result, StoreError};

pub(crate) fn now_ms() -> i64 {
    i64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// The single SQLite writer connection and the group transaction open on it.
pub(crate) struct SqliteWriter {
    conn: AnyConnection,
    /// The end of the chain (SQLite's single lane) inside the open group transaction; `None` when no group
    /// is open.
    head: Option<(i64, String)>,
    /// An operation left without committing: its savepoint must be rolled back before anyone goes on.
    abandoned: bool,
    /// A savepoint for the next operation is already open and holds nothing: the statement that ends an
    /// operation (or undoes it) opens the next one's in the same round trip to the driver.
    ready: bool,
    /// Operations that finished their part and wait for the group to commit.
    waiters: Vec<oneshot::Sender<std::result::Result<(), String>>>,
}

/// Shared by the store and its committer task.
#[derive(Clone)]
pub(crate) struct SqliteGroup {
    writer: Arc<Mutex<SqliteWriter>>,
    wake_committer: Arc<Notify>,
}

impl std::fmt::Debug for SqliteGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqliteGroup")
    }
}

impl SqliteGroup {
    /// Takes a dedicated connection and starts the committer task, and the checkpointer on `pool`.
    pub(crate) async fn start(mut conn: AnyConnection, pool: Conns) -> Result<Self> {
        // The writer never folds the log into the database file itself: that would stall the commit
        // that crossed the threshold, and every operation waiting on it.
        sqlx::raw_sql("PRAGMA wal_autocheckpoint = 0").execute(&mut conn).await?;
        let group = Self {
            writer: Arc::new(Mutex::new(SqliteWriter {
                conn,
                head: None,
                abandoned: false,
                ready: false,
                waiters: Vec::new(),
            })),
            wake_committer: Arc::new(Notify::new()),
        };
        tokio::spawn(group.clone().committer());
        tokio::spawn(checkpointer(pool));
        Ok(group)
    }

    /// Settles the open group and checkpoints the write-ahead log into the database file.
    pub(crate) async fn checkpoint(&self) {
        let mut w = self.writer.lock().await;
        let _ = w.recover().await;
        if w.head.is_some() {
            let outcome = if w.waiters.is_empty() { w.rollback_group().await } else { w.commit_group().await };
            for waiter in w.waiters.drain(..) {
                let _ = waiter.send(outcome.clone());
            }
        }
        if let Err(e) = sqlx::raw_sql("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut w.conn).await {
            tracing::warn!(error = %e, "checkpoint failed");
        }
    }

    /// Commits whatever group is open once the operations queued before it have had their turn (the
    /// lock is fair, so the committer runs after them).
    async fn committer(self) {
        loop {
            self.wake_committer.notified().await;
            let mut w = self.writer.lock().await;
            if let Err(e) = w.recover().await {
                tracing::error!(error = %e, "could not roll back an abandoned operation; the group is rolled back");
            }
            if w.head.is_none() {
                continue;
            }
            let outcome = if w.waiters.is_empty() { w.rollback_group().await } else { w.commit_group().await };
            for waiter in w.waiters.drain(..) {
                let _ = waiter.send(outcome.clone());
            }
        }
    }
}

/// How often the write-ahead log is folded into the database file, off the writer's path.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Folds the write-ahead log into the database file every [`CHECKPOINT_EVERY`] from a reading
/// connection, without blocking the writer (a passive checkpoint copies what no reader still needs).
/// Stops when the pool is closed.
async fn checkpointer(pool: Conns) {
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if pool.is_closed() {
            return;
        }
        if let Err(e) = sqlx::raw_sql("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await {
            if pool.is_closed() {
                return;
            }
            tracing::warn!(error = %e, "checkpoint failed");
        }
    }
}

impl SqliteWriter {
    /// Undoes an operation that never committed. If even that fails, the whole group is abandoned, and
    /// the operations waiting on it are told.
    async fn recover(&mut self) -> std::result::Result<(), String> {
        if !self.abandoned {
            return Ok(());
        }
        self.abandoned = false;
        // Rolling back to a savepoint leaves it open and empty: the next operation's.
        let undone = sqlx::raw_sql("ROLLBACK TO SAVEPOINT operation").execute(&mut self.conn).await;
        self.ready = undone.is_ok();
        if let Err(e) = undone {
            let message = format!("rolling back an abandoned operation: {e}");
            let _ = self.rollback_group().await;
            for waiter in self.waiters.drain(..) {
                let _ = waiter.send(Err(message.clone()));
            }
            return Err(message);
        }
        Ok(())
    }

    async fn commit_group(&mut self) -> std::result::Result<(), String> {
        let Some((seq, hash)) = self.head.take() else { return Ok(()) };
        self.ready = false;
        // One round trip: the chain's end, then the commit (which also ends the open, empty savepoint).
        let committed = sqlx::query("UPDATE audit_head SET lane_seq = $1, hash = $2 WHERE lane = 0; COMMIT")
            .bind(seq)
            .bind(&hash)
            .execute(&mut self.conn)
            .await;
        if let Err(e) = committed {
            let _ = sqlx::raw_sql("ROLLBACK").execute(&mut self.conn).await;
            return Err(format!("commit failed: {e}"));
        }
        Ok(())
    }

    async fn rollback_group(&mut self) -> std::result::Result<(), String> {
        self.head = None;
        self.ready = false;
        sqlx::raw_sql("ROLLBACK").execute(&mut self.conn).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

enum TxConn {
    /// The operation's transaction, on a connection of the store's own.
    Postgres(PgTransaction),
    Sqlite {
        writer: OwnedMutexGuard<SqliteWriter>,
        wake_committer: Arc<Notify>,
    },
}

/// An audit record as the PostgreSQL append statement reads it from its JSON array.
#[derive(serde::Serialize)]
struct PendingRow<'a> {
    at: i64,
    actor: &'a str,
    role: &'a str,
    country: &'a str,
    action: &'a str,
    kind: &'a str,
    id: &'a str,
    detail: &'a str,
}

/// One audited operation: its statements, and the audit records written with them.
pub(crate) struct Tx {
    conn: TxConn,
    pub(crate) now: i64,
    /// Audit records of this operation, chained and written just before it commits.
    pending: Vec<AuditEvent>,
    /// SQLite: writes whose outcome nothing reads, sent with the operation's next round trip.
    deferred: Vec<Write>,
    _wake: WakeOnDrop,
}

/// Wakes the SQLite committer when an operation ends, however it ends: an operation dropped before
/// committing (an error, a cancelled request) leaves its savepoint open, and the committer rolls it back.
/// A wake with nothing to do is harmless.
struct WakeOnDrop(Option<Arc<Notify>>);

impl Drop for WakeOnDrop {
    fn drop(&mut self) {
        if let Some(n) = &self.0 {
            n.notify_one();
        }
    }
}

/// Who an event names: (actor, role, country).
pub(crate) fn identity(reader: &Reader<'_>) -> (String, String, String) {
    match reader {
        Reader::Public => ("public".to_owned(), "public".to_owned(), String::new()),
        Reader::Actor(a) => {
            (a.name.clone(), a.role.as_str().to_owned(), a.country.map(|c| c.to_string()).unwrap_or_default())
        }
    }
}

/// How many rows one statement writes: a batch is cut greedily into these sizes, so that a handful of
/// prepared statements, each kept in the connection's cache, serve every batch. Kept small: binding
/// looks each parameter up by name, which SQLite does by a linear scan, so a statement's cost grows with
/// the square of its parameters.
pub(crate) const STATEMENT_ROWS: [usize; 3] = [16, 4, 1];

/// Cuts `n` rows into statement sizes from [`STATEMENT_ROWS`], largest first.
pub(crate) fn statement_chunks(mut n: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    for size in STATEMENT_ROWS {
        while n >= size {
            sizes.push(size);
            n -= size;
        }
    }
    sizes
}

/// `($1, $2, …), (…)`: the placeholders of `rows` rows of `columns` values each.
pub(crate) fn values_clause(rows: usize, columns: usize) -> String {
    let row = |r: usize| {
        let params: Vec<String> = (1..=columns).map(|c| format!("${}", r * columns + c)).collect();
        format!("({})", params.join(", "))
    };
    (0..rows).map(row).collect::<Vec<_>>().join(", ")
}

/// An operation's audit records up to this many go in the round trip that commits it; more (a sweep,
/// an import) go a statement at a time. Deferred writes are sent once this many wait.
const BATCHED_RECORDS: usize = 64;

/// The statements that write sealed records, many to a statement.
fn audit_writes(records: &[AuditRecord]) -> Vec<Write> {
    let mut writes = Vec::new();
    let mut rest = records;
    for size in statement_chunks(records.len()) {
        let (chunk, after) = rest.split_at(size);
        rest = after;
        let sql = format!(
            "INSERT INTO audit (seq, lane, lane_seq, at, actor, role, country, action, object_kind, object_id, detail, \
             prev_hash, hash) VALUES {}",
            values_clause(chunk.len(), 13)
        );
        let mut write = Write::new(sql);
        for r in chunk {
            write = write
                .bind(r.seq)
                .bind(r.lane)
                .bind(r.lane_seq)
                .bind(r.at_ms)
                .bind(r.actor.as_str())
                .bind(r.role.as_str())
                .bind(r.country.as_str())
                .bind(r.action.as_str())
                .bind(r.object_kind.as_str())
                .bind(r.object_id.as_str())
                .bind(r.detail.as_str())
                .bind(r.prev_hash.as_str())
                .bind(r.hash.as_str());
        }
        writes.push(write);
    }
    writes
}

/// A value bound to a [`Write`].
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(String),
    Int(i64),
    /// SQL `NULL` where text goes (typed, for PostgreSQL).
    NullText,
    /// SQL `NULL` where an integer goes.
    NullInt,
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Self::Text(v.to_owned())
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Self::Text(v)
    }
}

impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Self::Text(v.clone())
    }
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}

impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        v.map_or(Self::NullText, Into::into)
    }
}

impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        v.map_or(Self::NullText, Into::into)
    }
}

impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Self::NullInt, Into::into)
    }
}

/// Statements and their values. A write made with [`Write::new`] is one statement, its values
/// numbered `$1`, `$2`, … Writes joined ([`Write::then`]) go to SQLite in one round trip: SQLite runs
/// them in order, and a numbered parameter names its value in the whole list, so each statement's own
/// `$n` are shifted past the values of the statements before it.
#[derive(Debug, Default)]
pub(crate) struct Write {
    sql: std::borrow::Cow<'static, str>,
    args: Vec<Arg>,
}

impl Write {
    pub(crate) fn new(sql: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        Self { sql: sql.into(), args: Vec::new() }
    }

    pub(crate) fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.args.push(value.into());
        self
    }

    /// `writes`, one after another, as one write.
    fn joined(writes: impl IntoIterator<Item = Write>) -> Self {
        let mut joined = Self::default();
        writes.into_iter().for_each(|w| joined.then(w));
        joined
    }

    /// Adds `next` after these statements.
    fn then(&mut self, next: Write) {
        let by = self.args.len();
        let sql = self.separated();
        shift_parameters(&next.sql, by, sql);
        self.args.extend(next.args);
    }

    /// Adds statements that take no values.
    fn then_sql(&mut self, sql: &str) {
        self.separated().push_str(sql);
    }

    /// The text, ready for one more statement.
    fn separated(&mut self) -> &mut String {
        let sql = self.sql.to_mut();
        if !sql.is_empty() {
            sql.push_str("; ");
        }
        sql
    }

    fn is_empty(&self) -> bool {
        self.sql.is_empty()
    }

    fn query(self) -> sqlx::query::Query<'static, Any, sqlx::any::AnyArguments> {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(self.sql.into_owned()));
        for arg in self.args {
            query = match arg {
                Arg::Text(v) => query.bind(v),
                Arg::Int(v) => query.bind(v),
                Arg::NullText => query.bind(None::<String>),
                Arg::NullInt => query.bind(None::<i64>),
            };
        }
        query
    }
}

/// Copies `sql` to `out` with every parameter `$n` outside a quoted literal written `$(n + by)`. The
/// statements of a [`Write`] are the store's own and carry no comments (a quote inside one would be
/// taken for a literal's).
fn shift_parameters(sql: &str, by: usize, out: &mut String) {
    let mut chars = sql.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '\'' {
            quoted = !quoted;
        } else if c == '$' && !quoted {
            let mut n = 0_usize;
            let mut digits = false;
            while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                n = n * 10 + d as usize;
                digits = true;
                chars.next();
            }
            if digits {
                out.push_str(&(n + by).to_string());
            }
        }
    }
}

impl Tx {
    pub(crate) async fn begin_postgres(conns: &Conns) -> Result<Self> {
        Ok(Self {
            conn: TxConn::Postgres(PgTransaction::begin(conns).await?),
            now: now_ms(),
            pending: Vec::new(),
            deferred: Vec::new(),
            _wake: WakeOnDrop(None),
        })
    }

    /// Whether this operation runs on PostgreSQL (its statements may use PostgreSQL's functions).
    pub(crate) fn is_postgres(&self) -> bool {
        matches!(self.conn, TxConn::Postgres(..))
    }

    pub(crate) async fn begin_sqlite(group: &SqliteGroup) -> Result<Self> {
        let mut writer = group.writer.clone().lock_owned().await;
        writer.recover().await.map_err(StoreError::Corrupt)?;
        if writer.head.is_none() {
            // IMMEDIATE: the write lock is taken before anything is read, so a writer in another
            // process cannot invalidate this group's reads. The group's first savepoint and the chain's
            // end come in the same round trip.
            let opened = sqlx::raw_sql(
                "BEGIN IMMEDIATE; SAVEPOINT operation; SELECT lane_seq, hash FROM audit_head WHERE lane = 0",
            )
            .fetch_all(&mut writer.conn)
            .await
            .map_err(StoreError::from)
            .and_then(|rows| {
                let row = rows.first().ok_or_else(|| StoreError::Corrupt("the audit chain has no head".into()))?;
                Ok((row.try_get("lane_seq")?, row.try_get("hash")?))
            });
            match opened {
                Ok(head) => {
                    writer.head = Some(head);
                    writer.ready = true;
                }
                Err(e) => {
                    let _ = sqlx::raw_sql("ROLLBACK").execute(&mut writer.conn).await;
                    return Err(e);
                }
            }
        }
        if !writer.ready {
            sqlx::raw_sql("SAVEPOINT operation").execute(&mut writer.conn).await?;
        }
        writer.ready = false;
        writer.abandoned = true;
        Ok(Self {
            conn: TxConn::Sqlite { writer, wake_committer: group.wake_committer.clone() },
            now: now_ms(),
            pending: Vec::new(),
            deferred: Vec::new(),
            _wake: WakeOnDrop(Some(group.wake_committer.clone())),
        })
    }

    /// The connection this operation's statements run on, once the writes deferred so far have run.
    pub(crate) async fn conn(&mut self) -> Result<&mut AnyConnection> {
        if !self.deferred.is_empty() {
            let deferred = Write::joined(std::mem::take(&mut self.deferred));
            deferred.query().execute(self.raw_conn()?).await?;
        }
        self.raw_conn()
    }

    /// Runs a write now, after the writes deferred so far, and returns the rows it affected.
    pub(crate) async fn execute(&mut self, write: Write) -> Result<u64> {
        let conn = self.conn().await?;
        Ok(write.query().execute(conn).await?.rows_affected())
    }

    fn raw_conn(&mut self) -> Result<&mut AnyConnection> {
        match &mut self.conn {
            TxConn::Postgres(t) => Ok(t.conn()?),
            TxConn::Sqlite { writer, .. } => Ok(&mut writer.conn),
        }
    }

    /// A write whose outcome (rows affected, rows returned) the operation does not read. On SQLite it
    /// waits for the operation's next statement or its commit and goes in the same round trip to the
    /// driver; an error it meets fails that statement, and with it the operation. On PostgreSQL it runs
    /// at once.
    pub(crate) async fn write(&mut self, write: Write) -> Result<()> {
        match &mut self.conn {
            TxConn::Postgres(t) => {
                write.query().execute(t.conn()?).await?;
            }
            TxConn::Sqlite { .. } => {
                self.deferred.push(write);
                if self.deferred.len() >= BATCHED_RECORDS {
                    self.conn().await?;
                }
            }
        }
        Ok(())
    }

    /// Adds a record to this operation's part of the chain (written when it commits).
    pub(crate) async fn audit(&mut self, event: AuditEvent) -> Result<()> {
        self.pending.push(event);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn event(
        &mut self,
        kind: &str,
        id: &str,
        action: &str,
        from: Option<&str>,
        to: &str,
        who: &Reader<'_>,
        reason: &str,
    ) -> Result<()> {
        let (actor, role, country) = identity(who);
        self.system_event(kind, id, action, from, to, (&actor, &role, &country), reason).await
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn system_event(
        &mut self,
        kind: &str,
        id: &str,
        action: &str,
        from: Option<&str>,
        to: &str,
        (actor, role, country): (&str, &str, &str),
        reason: &str,
    ) -> Result<()> {
        let now = self.now;
        self.write(
            Write::new(
                "INSERT INTO events (object_kind, object_id, action, from_status, to_status, actor, role, country, \
                 reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(kind)
            .bind(id)
            .bind(action)
            .bind(from)
            .bind(to)
            .bind(actor)
            .bind(role)
            .bind(country)
            .bind(reason)
            .bind(now),
        )
        .await
    }

    /// Writes the pending audit records and commits. Returns once the operation is durable.
    pub(crate) async fn commit(self) -> Result<()> {
        let Self { conn, now, pending, deferred, _wake } = self;
        match conn {
            TxConn::Postgres(mut t) => {
                // Each record takes the chain through the append function (migrations 0002, 0018), held
                // to commit; every record of the operation in one statement, in its order, passed as a
                // JSON array (one prepared statement whatever their number).
                if !pending.is_empty() {
                    let rows: Vec<PendingRow<'_>> = pending
                        .iter()
                        .map(|e| PendingRow {
                            at: now,
                            actor: &e.actor,
                            role: &e.role,
                            country: &e.country,
                            action: &e.action,
                            kind: &e.object_kind,
                            id: &e.object_id,
                            detail: &e.detail,
                        })
                        .collect();
                    let rows = serde_json::to_string(&rows).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    sqlx::query(
                        "SELECT article3_audit_append(r.at, r.actor, r.role, r.country, r.action, r.kind, r.id, \
                         r.detail) FROM ROWS FROM (json_to_recordset(CAST($1 AS json)) AS (at BIGINT, actor TEXT, \
                         role TEXT, country TEXT, action TEXT, kind TEXT, id TEXT, detail TEXT)) WITH ORDINALITY \
                         AS r(at, actor, role, country, action, kind, id, detail, n) ORDER BY r.n",
                    )
                    .bind(rows)
                    .execute(t.conn()?)
                    .await?;
                }
                t.commit().await?;
                Ok(())
            }
            TxConn::Sqlite { mut writer, wake_committer } => {
                let (mut seq, mut prev) =
                    writer.head.clone().ok_or_else(|| StoreError::Corrupt("no open group".into()))?;
                let mut sealed = Vec::with_capacity(pending.len());
                for event in pending {
                    seq += 1;
                    // One lane: the log's order is the lane's order.
                    let r = event.seal(Place::single(seq), now, &prev);
                    prev = r.hash.clone();
                    sealed.push(r);
                }
                // One round trip: the deferred writes, the audit records, the operation's savepoint
                // released and the next operation's opened. An operation with many records (a sweep)
                // sends each statement of them alone, so that a few prepared statements serve every
                // size and no text of thousands of statements is prepared once and cached.
                let mut last = Write::joined(deferred);
                let audit = audit_writes(&sealed);
                if sealed.len() <= BATCHED_RECORDS {
                    audit.into_iter().for_each(|w| last.then(w));
                } else {
                    if !last.is_empty() {
                        std::mem::take(&mut last).query().execute(&mut writer.conn).await?;
                    }
                    for write in audit {
                        write.query().execute(&mut writer.conn).await?;
                    }
                }
                last.then_sql("RELEASE SAVEPOINT operation; SAVEPOINT operation");
                last.query().execute(&mut writer.conn).await?;
                // Nothing below awaits until the lock is released, so the in-memory chain end and the
                // savepoint's release cannot come apart.
                writer.head = Some((seq, prev));
                writer.abandoned = false;
                writer.ready = true;
                let (done, committed) = oneshot::channel();
                writer.waiters.push(done);
                drop(writer);
                wake_committer.notify_one();
                match committed.await {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(e)) => Err(StoreError::Corrupt(e)),
                    Err(_) => Err(StoreError::Corrupt("the group commit was abandoned".into())),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shifted(sql: &str, by: usize) -> String {
        let mut out = String::new();
        shift_parameters(sql, by, &mut out);
        out
    }

    #[test]
    fn parameters_are_shifted_past_the_values_before_them_and_literals_are_left_alone() {
        assert_eq!(shifted("VALUES ($1, $2, $10)", 3), "VALUES ($4, $5, $13)");
        assert_eq!(shifted("($1, $2, $3), ($1, $2, $4)", 9), "($10, $11, $12), ($10, $11, $13)");
        assert_eq!(shifted("WHERE kind = 'a$1' AND id = $1", 2), "WHERE kind = 'a$1' AND id = $3");
        assert_eq!(shifted("SELECT '$'||$1", 0), "SELECT '$'||$1");
        assert_eq!(shifted("a $ b $x", 5), "a $ b $x", "a dollar without digits is not a parameter");
    }

    #[test]
    fn joined_writes_number_each_statement_s_values_after_the_last() {
        let mut joined = Write::joined([
            Write::new("INSERT INTO t VALUES ($1, $2)").bind("a").bind(1),
            Write::new("UPDATE u SET x = $1 WHERE y = $2 OR z = $1").bind(None::<i64>).bind("b"),
        ]);
        joined.then_sql("RELEASE SAVEPOINT operation");
        assert_eq!(
            joined.sql,
            "INSERT INTO t VALUES ($1, $2); UPDATE u SET x = $3 WHERE y = $4 OR z = $3; RELEASE SAVEPOINT operation"
        );
        assert_eq!(joined.args.len(), 4);
        assert!(matches!(&joined.args[2], Arg::NullInt));
        assert!(matches!(&joined.args[3], Arg::Text(t) if t == "b"));
    }
}
