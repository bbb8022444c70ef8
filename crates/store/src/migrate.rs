//! A minimal migration runner: each backend's SQL files are embedded at build time and applied in order,
//! once, each in its own transaction. An applied migration is never edited; changes come as new files.

use sqlx::{Any, AnyPool, Row};

use crate::{Backend, Result};

struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

const SQLITE: &[Migration] = &[
    Migration { version: 1, name: "init", sql: include_str!("../migrations/sqlite/0001_init.sql") },
    Migration { version: 2, name: "context", sql: include_str!("../migrations/sqlite/0002_context.sql") },
    Migration { version: 3, name: "due_process", sql: include_str!("../migrations/sqlite/0003_due_process.sql") },
    Migration {
        version: 4,
        name: "extradition_refusals",
        sql: include_str!("../migrations/sqlite/0004_extradition_refusals.sql"),
    },
    Migration {
        version: 5,
        name: "travel_documents",
        sql: include_str!("../migrations/sqlite/0005_travel_documents.sql"),
    },
    Migration { version: 6, name: "country_flags", sql: include_str!("../migrations/sqlite/0006_country_flags.sql") },
    Migration { version: 7, name: "alerts", sql: include_str!("../migrations/sqlite/0007_alerts.sql") },
    Migration { version: 8, name: "clearances", sql: include_str!("../migrations/sqlite/0008_clearances.sql") },
    Migration { version: 9, name: "change_log", sql: include_str!("../migrations/sqlite/0009_change_log.sql") },
    Migration { version: 10, name: "document_log", sql: include_str!("../migrations/sqlite/0010_document_log.sql") },
    Migration { version: 11, name: "challenges", sql: include_str!("../migrations/sqlite/0011_challenges.sql") },
    Migration {
        version: 12,
        name: "alert_safeguard_codes",
        sql: include_str!("../migrations/sqlite/0012_alert_safeguard_codes.sql"),
    },
    Migration {
        version: 13,
        name: "alert_outcomes",
        sql: include_str!("../migrations/sqlite/0013_alert_outcomes.sql"),
    },
    Migration {
        version: 14,
        name: "alert_outcome_corrections",
        sql: include_str!("../migrations/sqlite/0014_alert_outcome_corrections.sql"),
    },
    Migration {
        version: 15,
        name: "clearances_from_outcomes",
        sql: include_str!("../migrations/sqlite/0015_clearances_from_outcomes.sql"),
    },
    Migration { version: 16, name: "key_backfills", sql: include_str!("../migrations/sqlite/0016_key_backfills.sql") },
];

const POSTGRES: &[Migration] = &[
    Migration { version: 1, name: "init", sql: include_str!("../migrations/postgres/0001_init.sql") },
    Migration { version: 2, name: "audit_append", sql: include_str!("../migrations/postgres/0002_audit_append.sql") },
    Migration { version: 3, name: "context", sql: include_str!("../migrations/postgres/0003_context.sql") },
    Migration { version: 4, name: "due_process", sql: include_str!("../migrations/postgres/0004_due_process.sql") },
    Migration {
        version: 5,
        name: "extradition_refusals",
        sql: include_str!("../migrations/postgres/0005_extradition_refusals.sql"),
    },
    Migration {
        version: 6,
        name: "travel_documents",
        sql: include_str!("../migrations/postgres/0006_travel_documents.sql"),
    },
    Migration { version: 7, name: "country_flags", sql: include_str!("../migrations/postgres/0007_country_flags.sql") },
    Migration { version: 8, name: "alerts", sql: include_str!("../migrations/postgres/0008_alerts.sql") },
    Migration { version: 9, name: "clearances", sql: include_str!("../migrations/postgres/0009_clearances.sql") },
    Migration { version: 10, name: "change_log", sql: include_str!("../migrations/postgres/0010_change_log.sql") },
    Migration { version: 11, name: "document_log", sql: include_str!("../migrations/postgres/0011_document_log.sql") },
    Migration { version: 12, name: "challenges", sql: include_str!("../migrations/postgres/0012_challenges.sql") },
    Migration {
        version: 13,
        name: "alert_safeguard_codes",
        sql: include_str!("../migrations/postgres/0013_alert_safeguard_codes.sql"),
    },
    Migration {
        version: 14,
        name: "alert_outcomes",
        sql: include_str!("../migrations/postgres/0014_alert_outcomes.sql"),
    },
    Migration {
        version: 15,
        name: "alert_outcome_corrections",
        sql: include_str!("../migrations/postgres/0015_alert_outcome_corrections.sql"),
    },
    Migration {
        version: 16,
        name: "clearances_from_outcomes",
        sql: include_str!("../migrations/postgres/0016_clearances_from_outcomes.sql"),
    },
    Migration {
        version: 17,
        name: "key_backfills",
        sql: include_str!("../migrations/postgres/0017_key_backfills.sql"),
    },
    Migration {
        version: 18,
        name: "audit_append_free_lane",
        sql: include_str!("../migrations/postgres/0018_audit_append_free_lane.sql"),
    },
];

pub(crate) async fn run(pool: &AnyPool, backend: Backend) -> Result<usize> {
    let migrations = match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(pool)
    .await?;
    let mut applied = 0;
    for m in migrations {
        let mut tx: sqlx::Transaction<'_, Any> = pool.begin().await?;
        if backend == Backend::Postgres {
            // Two servers starting at once must not both migrate.
            sqlx::raw_sql("LOCK TABLE schema_migrations IN EXCLUSIVE MODE").execute(&mut *tx).await?;
        }
        let done = sqlx::query("SELECT COUNT(*) AS n FROM schema_migrations WHERE version = $1")
            .bind(m.version)
            .fetch_one(&mut *tx)
            .await?
            .try_get::<i64, _>("n")?;
        if done == 0 {
            sqlx::raw_sql(m.sql).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                .bind(m.version)
                .bind(m.name)
                .bind(crate::tx::now_ms())
                .execute(&mut *tx)
                .await?;
            applied += 1;
        }
        tx.commit().await?;
    }
    Ok(applied)
}
