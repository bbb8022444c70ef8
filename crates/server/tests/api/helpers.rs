//! A prepared world (countries, an account for every role with a known token, notices and a diffusion in
//! known states) built once into a SQLite file; each test gets its own copy.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use article3_domain::{Decision, NoticeAction, Role};
use article3_server::{AppState, api, router, wire};
use article3_store::{NewUser, Reader, SqlStore, Store};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// Every kind of caller the matrix runs: (account name, role, country). `anon` has no token.
pub const ACTORS: &[(&str, Option<Role>, Option<&str>)] = &[
    ("anon", None, None),
    ("ncb-fr", Some(Role::Ncb), Some("FR")),
    ("ncb-de", Some(Role::Ncb), Some("DE")),
    ("ncb-it", Some(Role::Ncb), Some("IT")),
    ("border-de", Some(Role::Border), Some("DE")),
    ("border-it", Some(Role::Border), Some("IT")),
    ("reviewer", Some(Role::Reviewer), None),
    ("commission", Some(Role::Commission), None),
    ("subject", Some(Role::Subject), None),
    ("caseworker-de", Some(Role::Caseworker), Some("DE")),
    ("admin", Some(Role::Admin), None),
];

pub const PASSWORD: &str = "correct horse battery";

pub fn token(name: &str) -> String {
    format!("test-token-{name}")
}

/// Ids of the records the world holds.
#[derive(Debug, Clone)]
pub struct World {
    /// FR red notice, published, excluded from IT.
    pub published: String,
    /// FR red notice, published, with a public extract.
    pub public: String,
    /// FR red notice, submitted.
    pub submitted: String,
    /// FR red notice, published then blocked.
    pub blocked: String,
    /// FR diffusion to DE, circulated.
    pub diffusion: String,
    /// A passport FR reported stolen: its report id and number.
    pub travel_document: String,
    pub travel_document_number: String,
    /// DE's flag on the FR diffusion.
    pub country_flag: String,
    /// DE's border officers cleared the holder of document DE-CLR-1 of the published notice.
    pub clearance: String,
    /// A challenge pending before the Commission against the diffusion (file CCF/2026/0001).
    pub challenge: String,
}

struct Template {
    path: PathBuf,
    world: World,
}

static TEMPLATE: OnceLock<Template> = OnceLock::new();

pub fn red_notice_body(restrictions: Value, public_extract: bool) -> Value {
    json!({
        "colour": "red",
        "subject": {
            "names": [{"given": "Jean", "family": "Exemple"}, {"full": "Жан Экзампл", "script": "Cyrl", "kind": "original_script"}],
            "birth_dates": ["1981-04-02"],
            "sex": "male",
            "nationalities": ["FR"],
            "documents": [{"kind": "passport", "number": "19FX12345", "issuing_country": "FR"}],
            "occupation": "jeweller"
        },
        "judicial": {
            "purpose": "prosecution",
            "warrant": {"reference": "AW-2025-0042", "issued_on": "2025-01-10", "issuing_authority": "Investigating judge, Lyon"},
            "charges": [{"description": "Armed robbery", "legal_provision": "Penal Code art. 311-8", "max_penalty_months": 240}],
            "facts_summary": "On 3 March 2024 in Lyon the subject robbed a jeweller at gunpoint and fled with goods worth EUR 80,000."
        },
        "restrictions": restrictions,
        "public_extract": public_extract
    })
}

pub fn diffusion_body() -> Value {
    json!({
        "purpose": "locate",
        "recipients": {"countries": ["DE"]},
        "subject": {"names": [{"full": "Marie Exemple"}], "nationalities": ["FR"], "sex": "female"}
    })
}

/// Where this test process keeps its template: named by the process, so that a run removes the templates
/// of runs that have ended (where `/proc` tells which processes live) instead of piling them up.
fn template_path() -> PathBuf {
    const PREFIX: &str = "article3-api-template-";
    let dir = std::env::temp_dir();
    let proc = std::path::Path::new("/proc");
    if proc.join("self").exists() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let pid = name.to_str().and_then(|n| n.strip_prefix(PREFIX)).and_then(|n| n.strip_suffix(".db"));
            if pid.is_some_and(|pid| pid.parse::<u32>().is_ok() && !proc.join(pid).exists()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let path = dir.join(format!("{PREFIX}{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

fn build_template() -> Template {
    let path = template_path();
    let url = format!("sqlite://{}", path.display());
    let world = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
        rt.block_on(async move {
            let store = SqlStore::connect(&url).await.expect("template store");
            let shared: Arc<dyn Store> = Arc::new(store.clone());
            let state = AppState::new(shared.clone()).await.expect("state");
            let registry = state.countries.read().await.clone();
            let hash = article3_server::auth::hash_password(PASSWORD).expect("hash");
            let far = time::OffsetDateTime::now_utc() + time::Duration::days(3650);
            let mut actors = std::collections::HashMap::new();
            for (name, role, country) in ACTORS.iter().filter(|a| a.1.is_some()) {
                let country = country.map(|c| registry.known("country", c).expect("country"));
                let user = store
                    .create_user(
                        "test",
                        NewUser {
                            name: (*name).to_owned(),
                            role: role.expect("role"),
                            country,
                            password_hash: hash.clone(),
                        },
                    )
                    .await
                    .expect("user");
                store.create_token(&user, &article3_server::auth::token_hash(&token(name)), far).await.expect("token");
                actors.insert(*name, user.actor());
            }
            let fr = &actors["ncb-fr"];
            let reviewer = &actors["reviewer"];
            let fr_code = registry.known("c", "FR").expect("FR");
            let submit = |body: Value| {
                let create: wire::NoticeCreate = serde_json::from_value(body).expect("body");
                api_notice(&registry, fr_code, &create)
            };
            let eval = article3_domain::NoEngine;
            let mut ids = Vec::new();
            for (restrictions, public) in [
                (json!({"mode": "exclude", "countries": ["IT"]}), false),
                (json!({"mode": "none"}), true),
                (json!({"mode": "none"}), false),
                (json!({"mode": "none"}), false),
            ] {
                let request = submit(red_notice_body(restrictions, public));
                let evaluation = article3_domain::ReviewEngine::evaluate(
                    &eval,
                    &article3_domain::ReviewInput::for_notice(&request, &article3_domain::ReviewContext::default()),
                );
                let n = store
                    .submit_notice(Reader::Actor(fr), &request, &evaluation, article3_store::Intake::Submitted)
                    .await
                    .expect("submit");
                ids.push(n.id);
            }
            for id in [ids[0], ids[1], ids[3]] {
                store.decide_notice(reviewer, id, Decision::Approve, "compliant").await.expect("approve");
            }
            store
                .transition_notice(&actors["commission"], ids[3], NoticeAction::Block, "interim measure")
                .await
                .expect("block");
            let app = router(state.clone());
            let (status, body) = send(app, "POST", "/api/v1/diffusions", Some("ncb-fr"), Some(diffusion_body())).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            let report = json!({"number": "FR-0001-2345", "issuing_country": "FR", "kind": "passport", "status": "stolen", "occurred_on": "2026-10-01"});
            let (status, document) =
                send(router(state.clone()), "POST", "/api/v1/travel-documents", Some("ncb-fr"), Some(report)).await;
            assert_eq!(status, StatusCode::CREATED, "{document}");
            let flag = json!({"kind": "diffusion", "id": body["id"], "reason": "asylum granted here"});
            let (status, flag) =
                send(router(state.clone()), "POST", "/api/v1/country-flags", Some("ncb-de"), Some(flag)).await;
            assert_eq!(status, StatusCode::CREATED, "{flag}");
            let clearance = json!({"kind": "notice", "id": ids[0].to_string(),
                                   "document": {"number": "DE-CLR-1", "issuing_country": "DE"},
                                   "reason": "fingerprints taken at the border differ"});
            let (status, clearance) =
                send(router(state.clone()), "POST", "/api/v1/clearances", Some("border-de"), Some(clearance)).await;
            assert_eq!(status, StatusCode::CREATED, "{clearance}");
            let challenge = json!({"kind": "diffusion", "id": body["id"], "reference": "CCF/2026/0001",
                                   "grounds": "the applicant says the request is political", "lodged_on": "2026-01-05"});
            let (status, challenge) =
                send(router(state.clone()), "POST", "/api/v1/challenges", Some("commission"), Some(challenge)).await;
            assert_eq!(status, StatusCode::CREATED, "{challenge}");
            store.close().await;
            World {
                travel_document: document["id"].as_str().expect("id").to_owned(),
                country_flag: flag["id"].as_str().expect("id").to_owned(),
                clearance: clearance["id"].as_str().expect("id").to_owned(),
                challenge: challenge["id"].as_str().expect("id").to_owned(),
                travel_document_number: document["number"].as_str().expect("number").to_owned(),
                published: ids[0].to_string(),
                public: ids[1].to_string(),
                submitted: ids[2].to_string(),
                blocked: ids[3].to_string(),
                diffusion: body["id"].as_str().expect("id").to_owned(),
            }
        })
    })
    .join()
    .expect("template thread");
    Template { path, world }
}

fn api_notice(
    registry: &article3_domain::CountryRegistry,
    requester: article3_domain::CountryCode,
    body: &wire::NoticeCreate,
) -> article3_domain::NoticeRequest {
    api::notice_request(registry, requester, body).expect("valid notice")
}

/// A running application over a private copy of the prepared world.
pub struct TestApp {
    pub app: axum::Router,
    /// The application's screening service, for what another process's writes need (a poll).
    pub screening: article3_server::screening::Screening,
    pub store: SqlStore,
    pub world: World,
    path: PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}

pub async fn spawn_app() -> TestApp {
    let template = TEMPLATE.get_or_init(build_template);
    let path = std::env::temp_dir().join(format!("article3-api-{}.db", uuid::Uuid::new_v4()));
    std::fs::copy(&template.path, &path).expect("copy template");
    let store = SqlStore::connect(&format!("sqlite://{}", path.display())).await.expect("store");
    let state = AppState::new(Arc::new(store.clone())).await.expect("state");
    TestApp { screening: state.screening.clone(), app: router(state), store, world: template.world.clone(), path }
}

impl TestApp {
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        actor: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        send(self.app.clone(), method, path, actor, body).await
    }

    pub async fn raw(&self, request: Request<Body>) -> (StatusCode, Value) {
        let response = self.app.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    /// The status of a request whose body may never end (an event stream): the body is not read.
    pub async fn status_only(&self, method: &str, path: &str, actor: Option<&str>) -> StatusCode {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(a) = actor.filter(|a| *a != "anon") {
            builder = builder.header("authorization", format!("Bearer {}", token(a)));
        }
        let request = builder.body(Body::empty()).expect("request");
        self.app.clone().oneshot(request).await.expect("infallible").status()
    }

    /// How many audit records exist: a change that is refused must not add any but its own denial.
    pub async fn notice_count(&self) -> i64 {
        self.store.notice_counts().await.expect("counts").iter().map(|(_, n)| n).sum()
    }
}

pub async fn send(
    app: axum::Router,
    method: &str,
    path: &str,
    actor: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(a) = actor.filter(|a| *a != "anon") {
        builder = builder.header("authorization", format!("Bearer {}", token(a)));
    }
    let request = match body {
        Some(b) => builder.header("content-type", "application/json").body(Body::from(b.to_string())),
        None => builder.body(Body::empty()),
    }
    .expect("request");
    let response = app.oneshot(request).await.expect("infallible");
    let status = response.status();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}
