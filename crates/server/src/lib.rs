//! article3's edge: the HTTP JSON API under `/api/v1`, its OpenAPI document and Swagger UI, bearer-token
//! authentication, metrics, the landing page, and the import formats.
//!
//! Boundary: this is the only crate that knows HTTP and the JSON wire formats. It turns requests into
//! validated domain values and hands them to the store; it never decides visibility itself.

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
pub mod import;
pub mod metrics;
pub mod openapi;
pub mod pages;
pub mod screen_api;
pub mod screening;
pub mod wire;

use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use article3_domain::{CountryRegistry, FieldError, ReviewEngine, Role};
use article3_store::{NewUser, Store};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use tokio::net::TcpListener;
use tokio::sync::RwLock;

/// The shipped countries data file (ISO 3166-1 with membership status); see `data/countries.SOURCES.md`.
pub const COUNTRIES_CSV: &str = include_str!("../../../data/countries.csv");

/// Largest accepted request body.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub countries: Arc<RwLock<CountryRegistry>>,
    pub engine: Arc<dyn ReviewEngine>,
    pub metrics: Arc<metrics::Metrics>,
    pub tokens: Arc<auth::TokenCache>,
    pub started: Instant,
    pub token_ttl: time::Duration,
    pub screening: screening::Screening,
}

impl AppState {
    /// Seeds the shipped countries the store lacks, then loads the registry from the store (so an
    /// administrator's edits win over the file).
    pub async fn new(store: Arc<dyn Store>) -> Result<Self, StartError> {
        let shipped = CountryRegistry::parse_csv(COUNTRIES_CSV).map_err(|e| StartError(e.to_string()))?;
        let countries: Vec<_> = shipped.iter().cloned().collect();
        store.seed_countries(&countries).await.map_err(|e| StartError(e.to_string()))?;
        let registry = CountryRegistry::from_countries(store.countries().await.map_err(|e| StartError(e.to_string()))?);
        let engine = article3_rules::ComplianceEngine::shipped().map_err(|e| StartError(e.to_string()))?;
        let screening = screening::Screening::build(store.clone()).await.map_err(|e| StartError(e.to_string()))?;
        Ok(Self {
            screening,
            store,
            countries: Arc::new(RwLock::new(registry)),
            engine: Arc::new(engine),
            metrics: Arc::new(metrics::Metrics::default()),
            tokens: Arc::new(auth::TokenCache::default()),
            started: Instant::now(),
            token_ttl: time::Duration::hours(12),
        })
    }
}

#[derive(Debug, thiserror::Error)]
#[error("cannot start: {0}")]
pub struct StartError(pub String);

/// Checks a new account's fields; the password hash is filled in by the caller.
pub fn validate_new_user(
    registry: &CountryRegistry,
    name: &str,
    role: &str,
    country: Option<&str>,
    password: &str,
) -> Result<NewUser, FieldError> {
    let name = name.trim();
    if name.is_empty() || name.len() > 64 || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.@".contains(c)) {
        return Err(FieldError::new("name", "invalid_name", "1 to 64 letters, digits, '-', '_', '.' or '@'"));
    }
    let role = Role::parse("role", role)?;
    let country = match (role.is_country_scoped(), country.map(str::trim).filter(|c| !c.is_empty())) {
        (true, Some(c)) => Some(registry.requesting_member("country", c)?),
        (true, None) => {
            return Err(FieldError::new(
                "country",
                "required",
                format!("a {} account acts for one country", role.as_str()),
            ));
        }
        (false, Some(_)) => {
            return Err(FieldError::new(
                "country",
                "inconsistent",
                format!("a {} account is not scoped to a country", role.as_str()),
            ));
        }
        (false, None) => None,
    };
    if password.chars().count() < 8 {
        return Err(FieldError::new("password", "too_short", "at least 8 characters"));
    }
    Ok(NewUser { name: name.to_owned(), role, country, password_hash: String::new() })
}

/// The whole application: API, OpenAPI document, Swagger UI, pages, health and metrics.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = openapi::api_router().split_for_parts();
    let docs = utoipa_swagger_ui::SwaggerUi::new("/docs").url("/openapi.json", openapi);
    Router::new()
        .merge(api)
        .merge(pages::router())
        .merge(docs)
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Serves until `shutdown` resolves, with a retention sweep every hour.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let sweeper = {
        let store = state.store.clone();
        let screening = state.screening.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(StdDuration::from_secs(3600));
            loop {
                every.tick().await;
                match store.retention_sweep(time::OffsetDateTime::now_utc()).await {
                    Ok(r)
                        if !r.expired.is_empty()
                            || !r.reminded.is_empty()
                            || r.travellers_erased > 0
                            || r.outcome_reasons_erased > 0
                            || r.clearance_reasons_erased > 0 =>
                    {
                        tracing::info!(
                            expired = r.expired.len(),
                            reminded = r.reminded.len(),
                            travellers_erased = r.travellers_erased,
                            outcome_reasons_erased = r.outcome_reasons_erased,
                            clearance_reasons_erased = r.clearance_reasons_erased,
                            "retention sweep"
                        );
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "retention sweep failed"),
                }
                screening.poll().await;
            }
        })
    };
    // Changes made by other processes (imports, another server) reach the screening index within seconds;
    // this server's own writes reach it before they are answered.
    let poller = {
        let screening = state.screening.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(StdDuration::from_secs(2));
            loop {
                every.tick().await;
                screening.poll().await;
            }
        })
    };
    let app = router(state);
    let result = axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    sweeper.abort();
    poller.abort();
    result
}
