//! Benchmark: start-up time with many notices in the store — open the database (migrations checked),
//! seed and load the countries, build the application, answer the first request.
//!
//! `cargo bench -p article3-server --bench startup` (SQLite in a temp file), or with
//! `ARTICLE3_BENCH_DATABASE_URL=postgres://…/db`; `ARTICLE3_BENCH_NOTICES` (default 100000).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark that cannot set up should stop loudly

use std::sync::Arc;
use std::time::Instant;

use article3_server::{AppState, router};
use article3_store::{Intake, Reader, Store};
use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

#[tokio::main]
async fn main() {
    let notices: usize = std::env::var("ARTICLE3_BENCH_NOTICES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let temp = std::env::temp_dir().join(format!("article3-bench-startup-{}.db", std::process::id()));
    let url = std::env::var("ARTICLE3_BENCH_DATABASE_URL").unwrap_or_else(|_| format!("sqlite://{}", temp.display()));
    {
        let store = article3_store::open(&url).await.unwrap();
        let state = AppState::new(Arc::new(store.clone())).await.unwrap();
        let registry = state.countries.read().await.clone();
        let fr = registry.known("c", "FR").unwrap();
        let body: article3_server::wire::NoticeCreate = serde_json::from_value(serde_json::json!({
            "colour": "red",
            "subject": {"names": [{"given": "Bench", "family": "Person"}], "birth_dates": ["1980"], "nationalities": ["FR"]},
            "judicial": {"purpose": "prosecution", "warrant": {"reference": "AW-1", "issued_on": "2025-01-10", "issuing_authority": "Judge"},
                         "charges": [{"description": "Fraud", "legal_provision": "art. 313", "max_penalty_months": 60}],
                         "facts_summary": "On 3 March 2024 in Lyon the subject defrauded a bank of EUR 1,000,000."}
        }))
        .unwrap();
        let request = article3_server::api::notice_request(&registry, fr, &body).unwrap();
        let evaluation = article3_domain::ReviewEngine::evaluate(
            &article3_domain::NoEngine,
            &article3_domain::ReviewInput::for_notice(&request, &article3_domain::ReviewContext::default()),
        );
        let intake = Intake::ImportedPublished { source: "bench".into(), external_ref: None };
        let first = store.submit_notice(Reader::Public, &request, &evaluation, intake).await.unwrap();
        // Copies of the first row under fresh ids, in one transaction: the start-up cost is what matters here.
        let mut tx = store.pool().begin().await.unwrap();
        for _ in 1..notices {
            sqlx::query(
                "INSERT INTO notices (id, colour, status, requesting_country, restriction_mode, restriction_list, public_extract, \
                 subject_doc, judicial_doc, primary_name, external_ref, created_by, created_at, updated_at, published_at, expires_at) \
                 SELECT $1, colour, status, requesting_country, restriction_mode, restriction_list, public_extract, subject_doc, \
                 judicial_doc, primary_name, NULL, created_by, created_at, updated_at, published_at, expires_at FROM notices WHERE id = $2",
            )
            .bind(article3_domain::NoticeId::generate().to_string())
            .bind(first.id.to_string())
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        store.close().await;
    }

    let started = Instant::now();
    let store = article3_store::open(&url).await.unwrap();
    let shared: Arc<dyn Store> = Arc::new(store.clone());
    let state = AppState::new(shared.clone()).await.unwrap();
    let app = router(state);
    let response = app.oneshot(Request::builder().uri("/healthz").body(Body::empty()).unwrap()).await.unwrap();
    let elapsed = started.elapsed().as_secs_f64();
    assert!(response.status().is_success());
    let counted: i64 = shared.notice_counts().await.unwrap().iter().map(|(_, n)| n).sum();
    assert!(counted >= i64::try_from(notices).unwrap(), "the store holds the notices");
    println!("backend={} notices={counted} startup_seconds={elapsed:.3}", shared.backend().as_str());
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", temp.display()));
    }
}
