//! The landing page, health, metrics and the not-found fallback.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::error::ApiError;
use crate::wire::Health;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(index))
}

async fn index(State(state): State<AppState>) -> Response {
    let counts = state.store.notice_counts().await.unwrap_or_default();
    let published = counts.iter().find(|(s, _)| s == "published").map_or(0, |(_, n)| *n);
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    let countries = state.countries.read().await.len();
    let html = format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>article3</title>
<style>body{{font-family:system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;line-height:1.5}}code{{background:#eee;padding:0 .2rem}}</style>
</head><body>
<h1>article3</h1>
<p>An international notice-and-diffusion system with the safeguards human-rights bodies ask for built into every step:
review before publication, review of diffusions, access restrictions, and a hash-chained audit of every decision and every read.</p>
<p>This server runs version {version} on <strong>{backend}</strong>, with {countries} countries and territories, {total} notices of which {published} published.</p>
<ul>
<li><a href="/docs/">API documentation</a> (Swagger UI) and the <a href="/openapi.json">OpenAPI document</a></li>
<li><a href="/api/v1/public/notices">Public notices</a> (no login)</li>
<li><a href="/api/v1/countries">Member countries</a></li>
<li><a href="/healthz">Health</a> and <a href="/metrics">metrics</a></li>
</ul>
<p>Log in with <code>POST /api/v1/auth/token</code> and send <code>Authorization: Bearer …</code>.</p>
</body></html>"#,
        version = env!("CARGO_PKG_VERSION"),
        backend = state.store.backend().as_str(),
    );
    Html(html).into_response()
}

/// Liveness: the process is up and serving.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = Health)))]
pub async fn healthz(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
        backend: state.store.backend().as_str().to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let counts = state.store.notice_counts().await.unwrap_or_default();
    let body = state.metrics.render(&counts, state.store.connections(), state.started.elapsed().as_secs_f64());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no_route", "no such endpoint; see /docs/ for the API")
}
