//! Benchmark: submit → review → publish through the real application (routing, auth, JSON, validation,
//! store, audit), many requests in flight, on SQLite or PostgreSQL.
//!
//! `cargo bench -p article3-server --bench workflow` (SQLite in a temp file), or with
//! `ARTICLE3_BENCH_DATABASE_URL=postgres://…/db` for PostgreSQL. `ARTICLE3_BENCH_NOTICES` (default 4000)
//! and `ARTICLE3_BENCH_CONCURRENCY` (default 32) tune the run.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark that cannot set up should stop loudly

/// The allocator the `article3` binary runs with, so the figures are those of the server.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::Arc;
use std::time::Instant;

use article3_server::{AppState, auth, router};
use article3_store::{NewUser, Store};
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

async fn call(app: &axum::Router, method: &str, path: &str, token: &str, body: Value) -> Value {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert!(response.status().is_success(), "{method} {path}: {}", response.status());
    serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap()
}

fn notice(i: usize) -> Value {
    json!({
        "colour": "red",
        "subject": {"names": [{"given": "Bench", "family": format!("Person{i}")}], "birth_dates": ["1980-01-01"], "sex": "male",
                    "nationalities": ["FR"], "documents": [{"kind": "passport", "number": format!("BP{i:08}"), "issuing_country": "FR"}]},
        "judicial": {"purpose": "prosecution",
                     "warrant": {"reference": format!("AW-{i}"), "issued_on": "2025-01-10", "issuing_authority": "Investigating judge"},
                     "charges": [{"description": "Armed robbery", "legal_provision": "Penal Code art. 311-8", "max_penalty_months": 240}],
                     "facts_summary": "On 3 March 2024 in Lyon the subject robbed a jeweller at gunpoint."},
        "restrictions": {"mode": "none"}
    })
}

#[tokio::main]
async fn main() {
    let total = env_or("ARTICLE3_BENCH_NOTICES", 4000);
    let concurrency = env_or("ARTICLE3_BENCH_CONCURRENCY", 32);
    let temp = std::env::temp_dir().join(format!("article3-bench-{}.db", std::process::id()));
    let url = std::env::var("ARTICLE3_BENCH_DATABASE_URL").unwrap_or_else(|_| format!("sqlite://{}", temp.display()));
    let store = article3_store::open(&url).await.unwrap();
    let shared: Arc<dyn Store> = Arc::new(store.clone());
    let state = AppState::new(shared.clone()).await.unwrap();
    let registry = state.countries.read().await.clone();
    let hash = auth::hash_password("bench password").unwrap();
    let far = time::OffsetDateTime::now_utc() + time::Duration::days(1);
    let suffix = std::process::id();
    for (name, role, country) in
        [("bench-ncb", article3_domain::Role::Ncb, Some("FR")), ("bench-rev", article3_domain::Role::Reviewer, None)]
    {
        let name = format!("{name}-{suffix}");
        let country = country.map(|c| registry.known("c", c).unwrap());
        let user = shared
            .create_user("bench", NewUser { name: name.clone(), role, country, password_hash: hash.clone() })
            .await
            .unwrap();
        shared.create_token(&user, &auth::token_hash(&name), far).await.unwrap();
    }
    let (ncb, rev) = (format!("bench-ncb-{suffix}"), format!("bench-rev-{suffix}"));
    let app = router(state);

    let started = Instant::now();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (app, ncb, rev, next) = (app.clone(), ncb.clone(), rev.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut published = 0_usize;
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let created = call(&app, "POST", "/api/v1/notices", &ncb, notice(i)).await;
                let id = created["id"].as_str().unwrap();
                let decided = call(
                    &app,
                    "POST",
                    &format!("/api/v1/notices/{id}/review"),
                    &rev,
                    json!({"decision": "approve", "reasons": "compliant"}),
                )
                .await;
                if decided["status"] == "published" {
                    published += 1;
                }
            }
            published
        }));
    }
    let mut published = 0;
    for w in workers {
        published += w.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    // The checksum: every notice went all the way, or the number means nothing.
    assert_eq!(published, total);
    println!(
        "backend={} notices={total} concurrency={concurrency} seconds={elapsed:.2} notices_per_second={:.0}",
        shared.backend().as_str(),
        total as f64 / elapsed
    );
    if url.contains(&temp.display().to_string()) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", temp.display()));
        }
    }
}
