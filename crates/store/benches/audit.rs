//! Benchmark: `verify_audit` over a long chain. The chain is written directly (sealed record by record,
//! inserted in large transactions) so that preparing a million records takes seconds, then the real
//! verifier walks it.
//!
//! `cargo bench -p article3-store --bench audit` (SQLite in a temp file), or with
//! `ARTICLE3_BENCH_DATABASE_URL=postgres://…/db`; `ARTICLE3_BENCH_RECORDS` (default 1000000).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark that cannot set up should stop loudly

use std::time::Instant;

use article3_domain::audit::{AuditEvent, GENESIS_HASH, Place};
use article3_store::Store;

#[tokio::main]
async fn main() {
    let records: i64 = std::env::var("ARTICLE3_BENCH_RECORDS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let temp = std::env::temp_dir().join(format!("article3-bench-audit-{}.db", std::process::id()));
    let url = std::env::var("ARTICLE3_BENCH_DATABASE_URL").unwrap_or_else(|_| format!("sqlite://{}", temp.display()));
    let store = article3_store::open(&url).await.unwrap();
    let pool = store.pool();
    sqlx::query("DELETE FROM audit").execute(pool).await.unwrap();
    // The whole log goes into lane 0; other lanes (PostgreSQL has eight) stay empty.

    let prepared = Instant::now();
    let mut prev = GENESIS_HASH.to_owned();
    let at = 1_790_000_000_000_i64;
    let mut seq = 0_i64;
    while seq < records {
        let mut tx = pool.begin().await.unwrap();
        for _ in 0..50_000.min(records - seq) {
            seq += 1;
            let r = AuditEvent::new("notice.read", "notice", format!("01a1ffb0-b711-74bf-86cc-{seq:012}"))
                .by_system("bench")
                .detail("bench record")
                .seal(Place::single(seq), at + seq, &prev);
            sqlx::query(
                "INSERT INTO audit (seq, lane, lane_seq, at, actor, role, country, action, object_kind, object_id, detail, \
                 prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(r.seq)
            .bind(r.lane)
            .bind(r.lane_seq)
            .bind(r.at_ms)
            .bind(&r.actor)
            .bind(&r.role)
            .bind(&r.country)
            .bind(&r.action)
            .bind(&r.object_kind)
            .bind(&r.object_id)
            .bind(&r.detail)
            .bind(&r.prev_hash)
            .bind(&r.hash)
            .execute(&mut *tx)
            .await
            .unwrap();
            prev = r.hash;
        }
        sqlx::query("UPDATE audit_head SET lane_seq = $1, hash = $2 WHERE lane = 0")
            .bind(seq)
            .bind(&prev)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    eprintln!("prepared {records} records in {:.1} s", prepared.elapsed().as_secs_f64());

    let started = Instant::now();
    let summary = store.verify_audit(&|_| {}).await.unwrap().unwrap();
    let elapsed = started.elapsed().as_secs_f64();
    assert_eq!(summary.records, u64::try_from(records).unwrap(), "every record was checked");
    println!(
        "backend={} records={} verify_seconds={elapsed:.2} records_per_second={:.0}",
        store.backend().as_str(),
        summary.records,
        summary.records as f64 / elapsed
    );
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", temp.display()));
    }
}
