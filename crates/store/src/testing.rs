//! Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL database created on the server
//! named by `ARTICLE3_TEST_POSTGRES_URL` and dropped afterwards. There is no mock and no skipping: a
//! PostgreSQL test without a server fails and says how to get one (`scripts/test` starts one).

use std::path::PathBuf;

use article3_domain::{Country, CountryRegistry};

use crate::{Backend, SqlStore, Store};

pub const POSTGRES_ENV: &str = "ARTICLE3_TEST_POSTGRES_URL";

/// The countries shipped with article3.
pub fn shipped_countries() -> CountryRegistry {
    CountryRegistry::parse_csv(include_str!("../../../data/countries.csv")).unwrap_or_default()
}

enum Cleanup {
    File(PathBuf),
    Postgres { admin_url: String, name: String },
}

pub struct TestDb {
    pub store: SqlStore,
    pub url: String,
    cleanup: Cleanup,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        let db = match backend {
            Backend::Sqlite => Self::sqlite().await,
            Backend::Postgres => Self::postgres().await,
        };
        let countries: Vec<Country> = shipped_countries().iter().cloned().collect();
        if let Err(e) = db.store.seed_countries(&countries).await {
            panic!("seeding countries: {e}");
        }
        db
    }

    async fn sqlite() -> Self {
        let path = std::env::temp_dir().join(format!("article3-test-{}.db", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}", path.display());
        let store = match SqlStore::connect(&url).await {
            Ok(s) => s,
            Err(e) => panic!("opening {url}: {e}"),
        };
        Self { store, url, cleanup: Cleanup::File(path) }
    }

    async fn postgres() -> Self {
        let Ok(admin_url) = std::env::var(POSTGRES_ENV) else {
            panic!(
                "{POSTGRES_ENV} is not set: the PostgreSQL suite needs a server. Run `scripts/test`, which \
                 installs and starts one, or point {POSTGRES_ENV} at a server where you may create databases."
            );
        };
        sqlx::any::install_default_drivers();
        let name = format!("a3t_{}", uuid::Uuid::new_v4().simple());
        let admin = match sqlx::AnyPool::connect(&admin_url).await {
            Ok(p) => p,
            Err(e) => panic!("connecting to {admin_url}: {e}"),
        };
        if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&admin).await {
            panic!("creating test database: {e}");
        }
        admin.close().await;
        let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
        let url = format!("{base}/{name}");
        let store = match SqlStore::connect(&url).await {
            Ok(s) => s,
            Err(e) => panic!("opening {url}: {e}"),
        };
        Self { store, url, cleanup: Cleanup::Postgres { admin_url, name } }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime; the database is dropped from a thread of its own.
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                        return;
                    };
                    rt.block_on(async {
                        if let Ok(admin) = sqlx::AnyPool::connect(&admin_url).await {
                            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            )))
                            .execute(&admin)
                            .await;
                            admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}
