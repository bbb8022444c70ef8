//! The store's connections.
//!
//! sqlx's pool opens connections and closes broken ones, but it also tests every connection it is given
//! back with a round trip to the database before anyone may use it again: one more round trip per
//! statement, and on PostgreSQL one more wake-up of a server process, on a path where two cores are the
//! limit. The store therefore keeps the connections it has finished with cleanly (the statement ran to
//! its end, nothing is left unread, no transaction is open) in a list of its own, and hands them out
//! again without that test. A connection left in any other state (an error, a statement or request
//! cancelled half-way) goes back to sqlx's pool, which tests it and closes it if it is broken. A
//! PostgreSQL transaction ([`PgTransaction`]) goes back to the list once committed, or once rolled back
//! if it ended any other way.
//!
//! [`Conns`] counts the connections it hands out with a semaphore of the pool's size, so a caller
//! waiting for one either finds one in the list or finds room in the pool. A connection that has waited
//! in the list longer than [`TEST_AFTER`] is tested before it is handed out (a server restarted, or a
//! firewall that drops quiet connections, would otherwise fail the first statement sent on it), and
//! replaced if it is broken; under load none waits that long.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_core::future::BoxFuture;
use futures_core::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt, stream};
use sqlx::any::{AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Either, Execute, Executor, SqlStr};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a kept connection may wait in the list and still be handed out untested.
const TEST_AFTER: Duration = Duration::from_secs(10);

/// Connections beyond the counted ones that sqlx's pool may open: for [`Conns::begin`], whose
/// transactions are not counted.
const UNCOUNTED: u32 = 2;

/// The store's connections: sqlx's pool, and the clean connections the store keeps out of it.
#[derive(Clone)]
pub struct Conns {
    inner: Arc<Inner>,
}

struct Inner {
    pool: AnyPool,
    /// Clean connections ready to be handed out; `None` once closed.
    idle: Mutex<Option<Vec<Kept>>>,
    /// [`TEST_AFTER`], or another wait for tests.
    test_after: Duration,
    /// One permit per connection handed out.
    permits: Arc<Semaphore>,
    /// How many permits there are.
    limit: usize,
}

/// A clean connection, and when it was put back.
type Kept = (PoolConnection<Any>, Instant);

impl fmt::Debug for Conns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Conns").field("available", &self.inner.permits.available_permits()).finish_non_exhaustive()
    }
}

impl Conns {
    /// Options for the pool behind `connections` counted connections.
    pub(crate) fn pool_options(connections: u32) -> sqlx::any::AnyPoolOptions {
        // No test before a connection is handed out either: a broken connection fails the statement that
        // uses it, and goes back to sqlx's pool, which closes it.
        sqlx::any::AnyPoolOptions::new().test_before_acquire(false).max_connections(connections + UNCOUNTED)
    }

    /// The store's connections over `pool`, of which at most `connections` are handed out at once.
    pub(crate) fn new(pool: AnyPool, connections: u32) -> Self {
        Self::with_test_after(pool, connections, TEST_AFTER)
    }

    pub(crate) fn with_test_after(pool: AnyPool, connections: u32, test_after: Duration) -> Self {
        let limit = usize::try_from(connections).unwrap_or(1);
        let permits = Arc::new(Semaphore::new(limit));
        Self { inner: Arc::new(Inner { pool, idle: Mutex::new(Some(Vec::new())), permits, limit, test_after }) }
    }

    /// A connection of the store's, until the lease is dropped.
    pub(crate) async fn acquire(&self) -> Result<Lease, sqlx::Error> {
        let permit = self.inner.permits.clone().acquire_owned().await.map_err(|_| sqlx::Error::PoolClosed)?;
        let kept = self.inner.idle.lock().ok().and_then(|mut idle| idle.as_mut().and_then(Vec::pop));
        let conn = match kept {
            Some((conn, since)) if since.elapsed() < self.inner.test_after => conn,
            Some((mut conn, _)) => match sqlx::Connection::ping(&mut *conn).await {
                Ok(()) => conn,
                // Broken: closed rather than given back, and another taken.
                Err(_) => {
                    conn.close_on_drop();
                    drop(conn);
                    self.inner.pool.acquire().await?
                }
            },
            None => self.inner.pool.acquire().await?,
        };
        Ok(Lease { conn: Some(conn), clean: false, inner: Arc::clone(&self.inner), _permit: permit })
    }

    /// A transaction on a connection of sqlx's pool, outside the store's count (for tools and tests
    /// that write to the database directly; the store's own operations have transactions of their own).
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, Any>, sqlx::Error> {
        self.inner.pool.begin().await
    }

    /// How many connections are handed out, kept, and may be handed out at once.
    pub(crate) fn counts(&self) -> crate::ConnectionCounts {
        let kept = self.inner.idle.lock().ok().and_then(|idle| idle.as_ref().map(Vec::len)).unwrap_or(0);
        let limit = self.inner.limit;
        crate::ConnectionCounts { in_use: limit.saturating_sub(self.inner.permits.available_permits()), kept, limit }
    }

    /// Whether [`Conns::close`] has been called.
    pub(crate) fn is_closed(&self) -> bool {
        self.inner.permits.is_closed() || self.inner.pool.is_closed()
    }

    /// Refuses new leases, closes the kept connections, and waits for those in use to come back.
    pub(crate) async fn close(&self) {
        self.inner.permits.close();
        let kept = self.inner.idle.lock().ok().and_then(|mut idle| idle.take());
        drop(kept);
        self.inner.pool.close().await;
    }
}

/// A connection handed out by [`Conns`]. Kept for the next caller if [`Lease::finish`] was called;
/// otherwise given back to sqlx's pool, which tests it first.
pub(crate) struct Lease {
    conn: Option<PoolConnection<Any>>,
    clean: bool,
    inner: Arc<Inner>,
    // Released after the connection has been put back (fields drop after `Drop::drop`).
    _permit: OwnedSemaphorePermit,
}

impl Lease {
    pub(crate) fn conn(&mut self) -> Result<&mut AnyConnection, sqlx::Error> {
        self.conn.as_deref_mut().ok_or(sqlx::Error::PoolClosed)
    }

    /// Marks the connection clean: its last statement ran to the end and no transaction is open.
    pub(crate) fn finish(&mut self) {
        self.clean = true;
    }

    /// Closes the connection instead of giving it back (the server ends whatever it had open).
    fn discard(&mut self) {
        if let Some(conn) = self.conn.as_mut() {
            conn.close_on_drop();
        }
    }
}

/// A PostgreSQL transaction on a connection of the store's: `BEGIN` when it starts, `COMMIT` or
/// `ROLLBACK` by [`PgTransaction::commit`] or [`PgTransaction::rollback`], and then the connection goes
/// back to the store's list untested. Ended any other way (an error, a request cancelled half-way), it
/// is rolled back in a task of its own, and the connection goes back once that is done; a connection
/// that cannot be rolled back is closed, which ends its transaction on the server.
pub(crate) struct PgTransaction {
    lease: Option<Lease>,
    ended: bool,
}

impl PgTransaction {
    pub(crate) async fn begin(conns: &Conns) -> Result<Self, sqlx::Error> {
        // Made before `BEGIN` is sent, so that a start cut short half-way is rolled back too.
        let mut transaction = Self { lease: Some(conns.acquire().await?), ended: false };
        sqlx::raw_sql("BEGIN").execute(transaction.conn()?).await?;
        Ok(transaction)
    }

    pub(crate) fn conn(&mut self) -> Result<&mut AnyConnection, sqlx::Error> {
        self.lease.as_mut().ok_or(sqlx::Error::PoolClosed)?.conn()
    }

    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        self.end("COMMIT").await
    }

    pub(crate) async fn rollback(self) -> Result<(), sqlx::Error> {
        self.end("ROLLBACK").await
    }

    async fn end(mut self, how: &'static str) -> Result<(), sqlx::Error> {
        sqlx::raw_sql(how).execute(self.conn()?).await?;
        self.ended = true;
        Ok(())
    }
}

impl Drop for PgTransaction {
    fn drop(&mut self) {
        let Some(mut lease) = self.lease.take() else { return };
        if self.ended {
            lease.finish();
            return;
        }
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    let rolled_back = match lease.conn() {
                        Ok(conn) => sqlx::raw_sql("ROLLBACK").execute(conn).await.is_ok(),
                        Err(_) => false,
                    };
                    if rolled_back {
                        lease.finish();
                    } else {
                        lease.discard();
                    }
                });
            }
            Err(_) => lease.discard(),
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        if self.clean
            && let Ok(mut idle) = self.inner.idle.lock()
            && let Some(list) = idle.as_mut()
        {
            list.push((conn, Instant::now()));
            return;
        }
        // Back to sqlx's pool, which tests it (or closes it once the pool is closed).
        drop(conn);
    }
}

impl<'p> Executor<'p> for &'_ Conns {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(self, query: E) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>>
    where
        'p: 'e,
        E: 'q + Execute<'q, Any>,
    {
        let conns = self.clone();
        // The results are gathered before they are handed on, so that the connection is known to be
        // clean when the lease ends; the store reads no result set too large to hold.
        stream::once(async move {
            let mut lease = conns.acquire().await?;
            let results: Vec<_> = lease.conn()?.fetch_many(query).try_collect().await?;
            lease.finish();
            Ok::<_, sqlx::Error>(stream::iter(results.into_iter().map(Ok)))
        })
        .try_flatten()
        .boxed()
    }

    fn fetch_optional<'e, 'q: 'e, E>(self, query: E) -> BoxFuture<'e, Result<Option<AnyRow>, sqlx::Error>>
    where
        'p: 'e,
        E: 'q + Execute<'q, Any>,
    {
        let conns = self.clone();
        Box::pin(async move {
            let mut lease = conns.acquire().await?;
            let row = lease.conn()?.fetch_optional(query).await?;
            lease.finish();
            Ok(row)
        })
    }

    fn prepare_with<'e>(
        self,
        sql: SqlStr,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement, sqlx::Error>>
    where
        'p: 'e,
    {
        let conns = self.clone();
        Box::pin(async move {
            let mut lease = conns.acquire().await?;
            let statement = lease.conn()?.prepare_with(sql, parameters).await?;
            lease.finish();
            Ok(statement)
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use sqlx::Row;

    use super::*;
    use crate::Backend;
    use crate::testing::TestDb;

    async fn pid(conns: &Conns) -> Result<i32, sqlx::Error> {
        sqlx::query("SELECT pg_backend_pid() AS pid").fetch_one(conns).await?.try_get("pid")
    }

    /// Ends a server process from another connection and waits until it is gone.
    async fn terminate(db: &TestDb, pid: i32) {
        sqlx::query("SELECT pg_terminate_backend($1)").bind(pid).execute(db.store.pool()).await.unwrap();
        for _ in 0..250 {
            let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE pid = $1")
                .bind(pid)
                .fetch_one(db.store.pool())
                .await
                .unwrap()
                .get("n");
            if left == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("server process {pid} did not end");
    }

    /// PostgreSQL: a kept connection whose server process has ended is replaced once it has waited long
    /// enough to be tested, and the statement runs on another; untested, the statement sent on it fails,
    /// and the next one runs on another.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_kept_connection_that_broke_is_replaced_once_tested() {
        let db = TestDb::new(Backend::Postgres).await;
        for (test_after, tested) in [(Duration::ZERO, true), (Duration::from_secs(3600), false)] {
            let pool = Conns::pool_options(1).connect(&db.url).await.unwrap();
            let conns = Conns::with_test_after(pool, 1, test_after);
            let first = pid(&conns).await.unwrap();
            assert_eq!(pid(&conns).await.unwrap(), first, "kept and handed out again");
            terminate(&db, first).await;
            if tested {
                let next = pid(&conns).await.expect("tested, replaced, and run on another connection");
                assert_ne!(next, first);
            } else {
                assert!(pid(&conns).await.is_err(), "untested, the statement goes to the ended process");
                let next = pid(&conns).await.expect("the broken connection was not kept");
                assert_ne!(next, first);
            }
            conns.close().await;
        }
    }
}
