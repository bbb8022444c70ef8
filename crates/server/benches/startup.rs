//! Benchmark: start-up time with many notices in the store — open the database (migrations checked),
//! seed and load the countries, read every live record and build the screening index from them, build
//! the application, answer the first request. The notices name distinct generated people (names made
//! of syllables, a family name shared by many as common names are, a third with an alias in Cyrillic,
//! dates of birth over sixty years), so that the index is built over a vocabulary of realistic size.
//!
//! `cargo bench -p article3-server --bench startup` (SQLite in a temp file), or with
//! `ARTICLE3_BENCH_DATABASE_URL=postgres://…/db`; `ARTICLE3_BENCH_NOTICES` (default 100000).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark that cannot set up should stop loudly

/// The allocator the `article3` binary runs with, so the figures are those of the server.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        // Copies of the first row under fresh ids, each about a person of its own, in one transaction:
        // the start-up cost is what matters here.
        let doc: String = sqlx::query_scalar("SELECT subject_doc FROM notices WHERE id = $1")
            .bind(first.id.to_string())
            .fetch_one(store.pool())
            .await
            .unwrap();
        let template: serde_json::Value = serde_json::from_str(&doc).unwrap();
        let mut tx = store.pool().begin().await.unwrap();
        for i in 1..notices {
            let (subject, primary) = person(&template, i as u64);
            sqlx::query(
                "INSERT INTO notices (id, colour, status, requesting_country, restriction_mode, restriction_list, public_extract, \
                 subject_doc, judicial_doc, primary_name, external_ref, created_by, created_at, updated_at, published_at, expires_at) \
                 SELECT $1, colour, status, requesting_country, restriction_mode, restriction_list, public_extract, $3, \
                 judicial_doc, $4, NULL, created_by, created_at, updated_at, published_at, expires_at FROM notices WHERE id = $2",
            )
            .bind(article3_domain::NoticeId::generate().to_string())
            .bind(first.id.to_string())
            .bind(subject)
            .bind(primary)
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
    let screening = state.screening.clone();
    let app = router(state);
    let response = app.oneshot(Request::builder().uri("/healthz").body(Body::empty()).unwrap()).await.unwrap();
    let elapsed = started.elapsed().as_secs_f64();
    assert!(response.status().is_success());
    let counted: i64 = shared.notice_counts().await.unwrap().iter().map(|(_, n)| n).sum();
    assert!(counted >= i64::try_from(notices).unwrap(), "the store holds the notices");
    let indexed = screening.sizes().records;
    assert!(indexed >= notices, "every notice is in the screening index");
    // The screening index's part of it: read from the store and built again, alone.
    let started = Instant::now();
    let again = article3_server::screening::Screening::build(shared.clone()).await.unwrap();
    let index_seconds = started.elapsed().as_secs_f64();
    assert_eq!(again.sizes().records, indexed);
    println!(
        "backend={} notices={counted} indexed={indexed} startup_seconds={elapsed:.3} of_which_screening_index_seconds={index_seconds:.3}",
        shared.backend().as_str()
    );
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", temp.display()));
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "ri", "mo", "na", "lev", "tor", "sa", "bel", "du", "man", "ho", "ren", "zi", "al", "per", "go", "vin", "ta",
    "mir", "el", "os", "kan", "li", "ne", "rus", "da", "fe", "yu", "sho", "an", "ber", "ci",
];

/// A generated word of two or three syllables, capitalised; `n` picks it.
fn word(mut n: u64) -> String {
    let count = 2 + (n % 2) as usize;
    n /= 2;
    let mut out = String::new();
    for _ in 0..count {
        out.push_str(SYLLABLES[(n % SYLLABLES.len() as u64) as usize]);
        n /= SYLLABLES.len() as u64;
    }
    let mut chars = out.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Latin letters written in Cyrillic, one for one: enough for an alias in another script.
fn cyrillic(latin: &str) -> String {
    const MAP: &[(char, char)] = &[
        ('a', 'а'),
        ('b', 'б'),
        ('c', 'ц'),
        ('d', 'д'),
        ('e', 'е'),
        ('f', 'ф'),
        ('g', 'г'),
        ('h', 'х'),
        ('i', 'и'),
        ('k', 'к'),
        ('l', 'л'),
        ('m', 'м'),
        ('n', 'н'),
        ('o', 'о'),
        ('p', 'п'),
        ('r', 'р'),
        ('s', 'с'),
        ('t', 'т'),
        ('u', 'у'),
        ('v', 'в'),
        ('y', 'ы'),
        ('z', 'з'),
    ];
    latin.to_lowercase().chars().map(|c| MAP.iter().find(|(l, _)| *l == c).map_or(c, |(_, k)| *k)).collect()
}

/// The subject document of the `i`th generated person (the template's other fields kept) and its
/// primary name. Given names are drawn from 4,000, family names from 20,000 with the first hundred
/// shared by half the people, as common family names are.
fn person(template: &serde_json::Value, i: u64) -> (String, String) {
    let mix = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 16;
    let given = word(mix % 4_000);
    let family =
        if mix.is_multiple_of(2) { word(100_000 + (mix >> 12) % 100) } else { word(100_000 + (mix >> 12) % 20_000) };
    let full = format!("{given} {family}");
    let mut names = vec![serde_json::json!({"kind": "primary", "full": full, "given": given, "family": family})];
    if i.is_multiple_of(3) {
        let alias = format!("{} {}", cyrillic(&given), cyrillic(&family));
        names.push(serde_json::json!({"kind": "original_script", "full": alias, "script": "Cyrl"}));
    }
    let mut subject = template.clone();
    subject["names"] = serde_json::Value::Array(names);
    subject["birth_dates"] = serde_json::json!([format!("{}", 1940 + (mix >> 30) % 60)]);
    (subject.to_string(), full)
}
