//! The store's connections.
//!
//! sqlx's pool opens connections and closes broken ones, but it also tests every connection it is given
//! back with a round trip to the database before anyone may use it again: one more round trip per
//! statement, and on PostgreSQL one more wake-up of a server process, on a path where two cores are the
//! limit. The store therefore keeps the connections it has finished with cleanly (the statement ran to
//! its end, nothing is left unread, no transaction is open) in a list of its own, and hands them out
//! again without that test. A connection left in any other state (an error, a statement or request
//! cancelled half-way, a transaction) goes back to sqlx's pool, which tests it, flushes the rollback a
//! dropped transaction owes, and closes it if it is broken.
//!
//! [`Conns`] counts the connections it hands out with a semaphore of the pool's size, so a caller
//! waiting for one either finds one in the list or finds room in the pool.

use std::fmt;
use std::sync::{Arc, Mutex};

use futures_core::future::BoxFuture;
use futures_core::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt, stream};
use sqlx::any::{AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Either, Execute, Executor, SqlStr};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

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
    idle: Mutex<Option<Vec<PoolConnection<Any>>>>,
    /// One permit per connection handed out.
    permits: Arc<Semaphore>,
}

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
        let permits = Arc::new(Semaphore::new(usize::try_from(connections).unwrap_or(1)));
        Self { inner: Arc::new(Inner { pool, idle: Mutex::new(Some(Vec::new())), permits }) }
    }

    /// A connection of the store's, until the lease is dropped.
    pub(crate) async fn acquire(&self) -> Result<Lease, sqlx::Error> {
        let permit = self.inner.permits.clone().acquire_owned().await.map_err(|_| sqlx::Error::PoolClosed)?;
        let kept = self.inner.idle.lock().ok().and_then(|mut idle| idle.as_mut().and_then(Vec::pop));
        let conn = match kept {
            Some(conn) => conn,
            None => self.inner.pool.acquire().await?,
        };
        Ok(Lease { conn: Some(conn), clean: false, inner: Arc::clone(&self.inner), permit: Some(permit) })
    }

    /// A transaction on a connection of sqlx's pool, outside the store's count (for tools and tests
    /// that write to the database directly; the store's own operations go through [`crate::tx::Tx`]).
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, Any>, sqlx::Error> {
        self.inner.pool.begin().await
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
    permit: Option<OwnedSemaphorePermit>,
}

impl Lease {
    pub(crate) fn conn(&mut self) -> Result<&mut AnyConnection, sqlx::Error> {
        self.conn.as_deref_mut().ok_or(sqlx::Error::PoolClosed)
    }

    /// Marks the connection clean: its last statement ran to the end and no transaction is open.
    pub(crate) fn finish(&mut self) {
        self.clean = true;
    }

    /// The connection, out of the store's list for good, and the permit that counts it.
    pub(crate) fn into_parts(mut self) -> Result<(PoolConnection<Any>, OwnedSemaphorePermit), sqlx::Error> {
        match (self.conn.take(), self.permit.take()) {
            (Some(conn), Some(permit)) => Ok((conn, permit)),
            _ => Err(sqlx::Error::PoolClosed),
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
            list.push(conn);
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
