//! Bad input gets a 4xx problem naming the field, and changes nothing.

use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};

use crate::helpers::{red_notice_body, spawn_app, token};

async fn refused(body: Value) -> (u16, Value) {
    let app = spawn_app().await;
    let before = app.notice_count().await;
    let (status, problem) = app.call("POST", "/api/v1/notices", Some("ncb-fr"), Some(body)).await;
    assert_eq!(app.notice_count().await, before, "a refused request stores nothing");
    assert_eq!(problem["status"].as_u64(), Some(u64::from(status.as_u16())));
    (status.as_u16(), problem)
}

/// The body with the value at `pointer` replaced, or added to its parent object.
fn with(mut body: Value, pointer: &str, value: Value) -> Value {
    if let Some(slot) = body.pointer_mut(pointer) {
        *slot = value;
    } else {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        body.pointer_mut(parent).unwrap().as_object_mut().unwrap().insert(key.to_owned(), value);
    }
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_fields_are_named() {
    let base = red_notice_body(json!({"mode": "none"}), false);
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            with(base.clone(), "/subject/birth_dates/0", json!("1990-02-30")),
            "subject.birth_dates[0]",
            "impossible_date",
        ),
        (with(base.clone(), "/subject/birth_dates/0", json!("2999")), "subject.birth_dates[0]", "impossible_date"),
        (with(base.clone(), "/subject/nationalities/0", json!("ZZ")), "subject.nationalities[0]", "unknown_country"),
        (
            with(base.clone(), "/subject/documents/0/issuing_country", json!("QQ")),
            "subject.documents[0].issuing_country",
            "unknown_country",
        ),
        (with(base.clone(), "/colour", json!("pink")), "colour", "invalid_value"),
        (
            with(base.clone(), "/judicial/charges/0/max_penalty_months", Value::Null),
            "judicial.charges[0].max_penalty_months",
            "required",
        ),
        (
            with(base.clone(), "/judicial/warrant/issued_on", json!("2025-13-01")),
            "judicial.warrant.issued_on",
            "impossible_date",
        ),
        (with(base.clone(), "/judicial/facts_summary", json!("  ")), "judicial.facts_summary", "required"),
        (with(base.clone(), "/judicial", Value::Null), "judicial", "required"),
        (
            with(base.clone(), "/restrictions", json!({"mode": "only", "countries": []})),
            "restrictions.countries",
            "required",
        ),
        (
            with(base.clone(), "/restrictions", json!({"mode": "exclude", "countries": ["FR"]})),
            "restrictions.countries",
            "inconsistent",
        ),
        (
            with(base.clone(), "/restrictions", json!({"mode": "only", "countries": ["DE"]}))
                .as_object()
                .cloned()
                .map(|mut o| {
                    o.insert("public_extract".into(), json!(true));
                    Value::Object(o)
                })
                .unwrap(),
            "public_extract",
            "inconsistent",
        ),
        (with(base.clone(), "/subject/names", json!([])), "subject.names", "required"),
        (with(base.clone(), "/judicial/judgment_in_absentia", json!(true)), "judicial.in_absentia", "inconsistent"),
        (
            with(base.clone(), "/judicial/retrial_guaranteed", json!(true)),
            "judicial.retrial_guaranteed",
            "inconsistent",
        ),
    ];
    for (body, field, reason) in cases {
        let (status, problem) = refused(body).await;
        assert_eq!(status, 422, "{field}: {problem}");
        assert_eq!(problem["code"], "invalid_field");
        assert_eq!(problem["field"], field, "{problem}");
        assert_eq!(problem["reason"], reason, "{problem}");
    }
    // The near case: the same body, valid, is accepted.
    let app = spawn_app().await;
    let (status, _) = app.call("POST", "/api/v1/notices", Some("ncb-fr"), Some(base)).await;
    assert_eq!(status, 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_bodies_are_refused_with_a_problem() {
    let base = red_notice_body(json!({"mode": "none"}), false);
    // Wrong type: the path of the field is given.
    let (status, problem) = refused(with(base.clone(), "/subject/birth_dates", json!("1990"))).await;
    assert_eq!((status, problem["field"].as_str()), (400, Some("subject.birth_dates")));
    // Unknown field.
    let mut unknown = base.clone();
    unknown["subject"].as_object_mut().unwrap().insert("nickname".into(), json!("x"));
    let (status, problem) = refused(unknown).await;
    assert_eq!(status, 400, "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("nickname"));
    // Missing field.
    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("colour");
    let (status, problem) = refused(missing).await;
    assert_eq!(status, 400);
    assert!(problem["detail"].as_str().unwrap().contains("colour"));

    let app = spawn_app().await;
    let before = app.notice_count().await;
    let post = |body: Body, content_type: &str| {
        Request::builder()
            .method("POST")
            .uri("/api/v1/notices")
            .header("authorization", format!("Bearer {}", token("ncb-fr")))
            .header("content-type", content_type)
            .body(body)
            .unwrap()
    };
    let (status, problem) = app.raw(post(Body::from("{\"colour\": \"red\", "), "application/json")).await;
    assert_eq!(status, 400);
    assert_eq!(problem["code"], "malformed_request");
    let (status, _) = app.raw(post(Body::from(base.to_string()), "text/plain")).await;
    assert_eq!(status, 415);
    let huge = format!("{{\"colour\": \"red\", \"pad\": \"{}\"}}", "x".repeat(article3_server::BODY_LIMIT + 10));
    let (status, problem) = app.raw(post(Body::from(huge), "application/json")).await;
    assert_eq!(status, 413);
    assert_eq!(problem["code"], "body_too_large");
    assert_eq!(app.notice_count().await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_ids_and_tokens_are_checked() {
    let app = spawn_app().await;
    let (status, problem) = app.call("GET", "/api/v1/notices?status=lost", Some("ncb-fr"), None).await;
    assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some("status")));
    let (status, _) = app.call("GET", "/api/v1/notices?limit=0", Some("ncb-fr"), None).await;
    assert_eq!(status, 422);
    let (status, _) = app.call("GET", "/api/v1/notices?bogus=1", Some("ncb-fr"), None).await;
    assert_eq!(status, 400);
    let (status, _) = app.call("GET", "/api/v1/notices/not-a-uuid", Some("ncb-fr"), None).await;
    assert_eq!(status, 404);
    let (status, problem) = app.call("GET", "/api/v1/no/such/route", None, None).await;
    assert_eq!((status.as_u16(), problem["code"].as_str()), (404, Some("no_route")));
    let request =
        Request::builder().uri("/api/v1/me").header("authorization", "Bearer forged").body(Body::empty()).unwrap();
    assert_eq!(app.raw(request).await.0, 401);
    let (status, problem) = app
        .call("POST", "/api/v1/auth/token", None, Some(json!({"username": "ncb-fr", "password": "wrong password"})))
        .await;
    assert_eq!((status.as_u16(), problem["code"].as_str()), (401, Some("bad_credentials")));
    let (status, problem) = app
        .call(
            "POST",
            "/api/v1/users",
            Some("admin"),
            Some(json!({"name": "b", "role": "border", "password": "long enough"})),
        )
        .await;
    assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some("country")));
    let (status, problem) = app
        .call(
            "POST",
            "/api/v1/users",
            Some("admin"),
            Some(json!({"name": "tw", "role": "ncb", "country": "TW", "password": "long enough"})),
        )
        .await;
    assert_eq!((status.as_u16(), problem["reason"].as_str()), (422, Some("not_a_member")), "Taiwan is not connected");
    let (status, _) = app
        .call(
            "POST",
            "/api/v1/users",
            Some("admin"),
            Some(json!({"name": "ncb-fr", "role": "admin", "password": "long enough"})),
        )
        .await;
    assert_eq!(status, 409, "names are unique");
}

/// The travel documents register: bad reports are refused naming the field and store nothing; a second
/// active report of the same document is a conflict; the number matches whatever its formatting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn travel_document_reports_are_checked() {
    let app = spawn_app().await;
    let good = json!({"number": "ES-99 887766", "issuing_country": "ES", "kind": "passport", "status": "lost", "occurred_on": "2026-08-01"});
    for (pointer, value, field) in [
        ("/number", json!("A#1"), "number"),
        ("/number", json!("12"), "number"),
        ("/issuing_country", json!("QQ"), "issuing_country"),
        ("/kind", json!("boarding_pass"), "kind"),
        ("/status", json!("misplaced"), "status"),
        ("/occurred_on", json!("2999-01-01"), "occurred_on"),
        ("/occurred_on", json!("yesterday"), "occurred_on"),
    ] {
        let (status, problem) = app
            .call("POST", "/api/v1/travel-documents", Some("ncb-fr"), Some(with(good.clone(), pointer, value)))
            .await;
        assert_eq!(status.as_u16(), 422, "{pointer}: {problem}");
        assert!(problem.to_string().contains(field), "{pointer}: {problem}");
    }
    let (status, _) = app.call("GET", "/api/v1/travel-documents/ES99887766", Some("border-de"), None).await;
    assert_eq!(status.as_u16(), 200);
    let (_, found) = app.call("GET", "/api/v1/travel-documents/ES99887766", Some("border-de"), None).await;
    assert_eq!(found.as_array().map(Vec::len), Some(0), "refused reports stored nothing");
    let (status, created) = app.call("POST", "/api/v1/travel-documents", Some("ncb-fr"), Some(good.clone())).await;
    assert_eq!(status.as_u16(), 201, "{created}");
    assert_eq!(created["number"], "ES99887766");
    let (status, _) = app.call("POST", "/api/v1/travel-documents", Some("ncb-de"), Some(good)).await;
    assert_eq!(status.as_u16(), 409, "one active report per document");
    let (_, found) = app.call("GET", "/api/v1/travel-documents/es-99%20887766", Some("border-it"), None).await;
    assert_eq!(found[0]["status"], "lost");
    assert_eq!(found[0]["active"], true);
}
