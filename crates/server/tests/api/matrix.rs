//! Every role against every endpoint, including cross-country reads. The table must name every
//! operation in the OpenAPI document: a new endpoint without a row fails this test.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::{ACTORS, PASSWORD, World, diffusion_body, red_notice_body, spawn_app};

// Columns, in the order of ACTORS:
//   anon  ncb-fr  ncb-de  ncb-it  border-de  border-it  reviewer  commission  subject  caseworker-de  admin
const PUBLIC: [u16; 11] = [200; 11];
const LOGGED_IN: [u16; 11] = [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200];
const ADMIN_ONLY: [u16; 11] = [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200];
const REVIEWER_ONLY: [u16; 11] = [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403];
const COMMISSION_ONLY: [u16; 11] = [401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403];
/// Bureaus only, each in its own name.
const BUREAUS_CREATE: [u16; 11] = [401, 201, 201, 201, 403, 403, 403, 403, 403, 403, 403];
/// A published FR notice excluded from IT, or an FR diffusion sent to DE.
const READ_FR_NOT_IT: [u16; 11] = [401, 200, 200, 404, 200, 404, 200, 200, 404, 200, 404];
/// Reviews: the secretariat, the Commission and the requesting bureau only.
const REVIEWS_FR: [u16; 11] = [401, 200, 403, 404, 403, 404, 200, 200, 404, 403, 404];
/// The owner's lifecycle steps: another bureau that sees the notice is refused, one that may not see it
/// cannot find it.
/// Border officers, bureaus and caseworkers screen travellers.
const SCREENERS: [u16; 11] = [401, 200, 200, 200, 200, 200, 403, 403, 403, 200, 403];
/// Alerts go to bureaus, reviewers and the Commission.
const ALERT_READERS: [u16; 11] = [401, 200, 200, 200, 403, 403, 200, 200, 403, 403, 403];
const OWNER_STEP: [u16; 11] = [401, 200, 403, 404, 403, 403, 403, 403, 403, 403, 403];

struct Row {
    method: &'static str,
    path: &'static str,
    body: fn(&World) -> Option<Value>,
    expect: [u16; 11],
}

fn none(_: &World) -> Option<Value> {
    None
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            method: "POST",
            path: "/api/v1/auth/token",
            body: |_| Some(json!({"username": "ncb-fr", "password": PASSWORD})),
            expect: PUBLIC,
        },
        Row { method: "GET", path: "/api/v1/me", body: none, expect: LOGGED_IN },
        Row {
            method: "POST",
            path: "/api/v1/users",
            body: |_| Some(json!({"name": "ncb-es", "role": "ncb", "country": "ES", "password": "a long password"})),
            expect: [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201],
        },
        Row { method: "GET", path: "/api/v1/users", body: none, expect: ADMIN_ONLY },
        Row { method: "GET", path: "/api/v1/countries", body: none, expect: PUBLIC },
        Row { method: "GET", path: "/api/v1/countries/{code}", body: none, expect: PUBLIC },
        Row {
            method: "PUT",
            path: "/api/v1/countries/{code}",
            body: |_| Some(json!({"name": "France", "status": "member", "note": "edited"})),
            expect: ADMIN_ONLY,
        },
        Row {
            method: "POST",
            path: "/api/v1/notices",
            body: |_| Some(red_notice_body(json!({"mode": "none"}), false)),
            expect: BUREAUS_CREATE,
        },
        Row { method: "GET", path: "/api/v1/notices", body: none, expect: LOGGED_IN },
        Row { method: "GET", path: "/api/v1/notices/{id}", body: none, expect: READ_FR_NOT_IT },
        Row { method: "GET", path: "/api/v1/notices/{id}/history", body: none, expect: READ_FR_NOT_IT },
        Row { method: "GET", path: "/api/v1/notices/{id}/reviews", body: none, expect: REVIEWS_FR },
        Row { method: "POST", path: "/api/v1/notices/{id}/review/start", body: none, expect: REVIEWER_ONLY },
        Row {
            method: "POST",
            path: "/api/v1/notices/{id}/review",
            body: |_| Some(json!({"decision": "approve", "reasons": "compliant"})),
            expect: REVIEWER_ONLY,
        },
        Row {
            method: "POST",
            path: "/api/v1/notices/{id}/cancel",
            body: |_| Some(json!({"reason": "located"})),
            expect: OWNER_STEP,
        },
        Row {
            method: "POST",
            path: "/api/v1/notices/{id}/renew",
            body: |_| Some(json!({"reason": "still sought"})),
            expect: OWNER_STEP,
        },
        Row {
            method: "POST",
            path: "/api/v1/notices/{id}/block",
            body: |_| Some(json!({"reason": "interim"})),
            expect: COMMISSION_ONLY,
        },
        Row {
            method: "POST",
            path: "/api/v1/notices/{id}/unblock",
            body: |_| Some(json!({"reason": "rejected"})),
            expect: COMMISSION_ONLY,
        },
        Row {
            method: "POST",
            path: "/api/v1/notices/{id}/delete",
            body: |_| Some(json!({"reason": "Article 3"})),
            expect: COMMISSION_ONLY,
        },
        // DE may not send a diffusion only to itself: the body names DE as the sole recipient.
        Row {
            method: "POST",
            path: "/api/v1/diffusions",
            body: |_| Some(diffusion_body()),
            expect: [401, 201, 422, 201, 403, 403, 403, 403, 403, 403, 403],
        },
        Row { method: "GET", path: "/api/v1/diffusions", body: none, expect: LOGGED_IN },
        Row { method: "GET", path: "/api/v1/diffusions/{id}", body: none, expect: READ_FR_NOT_IT },
        Row { method: "GET", path: "/api/v1/diffusions/{id}/history", body: none, expect: READ_FR_NOT_IT },
        Row { method: "GET", path: "/api/v1/diffusions/{id}/reviews", body: none, expect: REVIEWS_FR },
        Row { method: "POST", path: "/api/v1/diffusions/{id}/review/start", body: none, expect: REVIEWER_ONLY },
        Row {
            method: "POST",
            path: "/api/v1/diffusions/{id}/review",
            body: |_| Some(json!({"decision": "confirm", "reasons": "compliant"})),
            expect: REVIEWER_ONLY,
        },
        Row { method: "GET", path: "/api/v1/review/queue", body: none, expect: REVIEWER_ONLY },
        Row {
            method: "POST",
            path: "/api/v1/review/evaluate",
            body: |_| Some(red_notice_body(json!({"mode": "none"}), false)),
            expect: [401, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403],
        },
        Row {
            method: "POST",
            path: "/api/v1/refugee-statuses",
            body: |_| {
                Some(
                    json!({"subject": {"names": [{"full": "Rami Exemple"}], "birth_dates": ["1993"]}, "fled_from": "BH", "granted_on": "2017-11-27"}),
                )
            },
            expect: [401, 201, 201, 201, 403, 403, 403, 403, 403, 403, 403],
        },
        Row {
            method: "GET",
            path: "/api/v1/refugee-statuses",
            body: none,
            expect: [401, 200, 200, 200, 403, 403, 200, 200, 403, 403, 403],
        },
        Row {
            method: "PUT",
            path: "/api/v1/countries/{code}/corrective-measure",
            body: |_| Some(json!({"measure": "enhanced_review", "reason": "pattern of abusive requests"})),
            expect: ADMIN_ONLY,
        },
        Row {
            method: "PUT",
            path: "/api/v1/countries/{code}/due-process-concerns",
            body: |_| {
                Some(
                    json!({"concerns": [{"concern": "trials in absentia without notice", "source": "court ruling, 2024"}]}),
                )
            },
            expect: [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 204],
        },
        Row {
            method: "POST",
            path: "/api/v1/extradition-refusals",
            body: |_| {
                Some(
                    json!({"subject": {"names": [{"full": "Rami Exemple"}], "birth_dates": ["1993"]}, "requesting_country": "BH", "refused_on": "2024-06-01", "grounds": "political offence exception"}),
                )
            },
            expect: [401, 201, 201, 201, 403, 403, 403, 403, 403, 403, 403],
        },
        Row {
            method: "POST",
            path: "/api/v1/travel-documents",
            body: |_| {
                Some(
                    json!({"number": "DE 7788 9900", "issuing_country": "DE", "kind": "national_id", "status": "lost", "occurred_on": "2026-09-12"}),
                )
            },
            expect: BUREAUS_CREATE,
        },
        Row {
            method: "GET",
            path: "/api/v1/travel-documents",
            body: none,
            expect: [401, 200, 200, 200, 403, 403, 200, 200, 403, 403, 200],
        },
        Row {
            method: "GET",
            path: "/api/v1/travel-documents/{number}",
            body: none,
            expect: [401, 200, 200, 200, 200, 200, 200, 200, 403, 200, 200],
        },
        Row {
            method: "POST",
            path: "/api/v1/travel-documents/{id}/withdraw",
            body: |_| Some(json!({"reason": "recovered by the holder"})),
            expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
        },
        Row {
            method: "POST",
            path: "/api/v1/country-flags",
            body: |w| Some(json!({"kind": "notice", "id": w.published, "reason": "extradition refused by our courts"})),
            // The requester cannot flag its own notice; IT cannot see it.
            expect: [401, 422, 201, 404, 403, 403, 403, 403, 403, 403, 403],
        },
        Row {
            method: "GET",
            path: "/api/v1/country-flags",
            body: none,
            expect: [401, 200, 200, 200, 200, 200, 200, 200, 403, 200, 403],
        },
        Row {
            method: "POST",
            path: "/api/v1/country-flags/{id}/lift",
            body: |_| Some(json!({"reason": "asylum revoked"})),
            // Another country's flag is not acknowledged to exist.
            expect: [401, 404, 200, 404, 403, 403, 403, 403, 403, 403, 403],
        },
        Row {
            method: "POST",
            path: "/api/v1/clearances",
            body: |w| {
                Some(
                    json!({"kind": "notice", "id": w.published, "document": {"number": "TRAV-2", "issuing_country": "ES"},
                            "reason": "documents checked with the issuing state"}),
                )
            },
            // Officers and bureaus that see the notice, the requester's own included; IT cannot see it.
            expect: [401, 201, 201, 404, 201, 404, 403, 403, 403, 403, 403],
        },
        Row {
            method: "GET",
            path: "/api/v1/clearances",
            body: none,
            expect: [401, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403],
        },
        Row {
            method: "POST",
            path: "/api/v1/clearances/{id}/withdraw",
            body: |_| Some(json!({"reason": "recorded against the wrong notice"})),
            // Only DE's officers and bureau; another country's clearance is not acknowledged to exist.
            expect: [401, 404, 200, 404, 200, 404, 403, 403, 403, 403, 403],
        },
        Row {
            method: "POST",
            path: "/api/v1/challenges",
            body: |w| {
                Some(json!({"kind": "notice", "id": w.published, "reference": "CCF/2026/0099",
                            "grounds": "identity mistaken", "lodged_on": "2026-02-01"}))
            },
            expect: [401, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403],
        },
        Row {
            method: "GET",
            path: "/api/v1/challenges",
            body: none,
            // The Commission and reviewers; each bureau those against its requests.
            expect: [401, 200, 200, 200, 403, 403, 200, 200, 403, 403, 403],
        },
        Row {
            method: "POST",
            path: "/api/v1/challenges/{id}/decide",
            body: |_| Some(json!({"outcome": "withdrawn", "reason": "the applicant withdrew it"})),
            expect: COMMISSION_ONLY,
        },
        Row {
            method: "POST",
            path: "/api/v1/screen",
            body: |_| Some(json!({"name": "Jean Exemple"})),
            expect: SCREENERS,
        },
        Row {
            method: "POST",
            path: "/api/v1/screen/batch",
            body: |_| Some(json!({"travellers": [{"name": "Jean Exemple"}, {"documents": ["FR00012345"]}]})),
            expect: SCREENERS,
        },
        Row {
            method: "POST",
            path: "/match/{dataset}",
            body: |_| Some(json!({"queries": {"q1": {"schema": "Person", "properties": {"name": ["Jean Exemple"]}}}})),
            expect: SCREENERS,
        },
        Row { method: "GET", path: "/algorithms", body: none, expect: PUBLIC },
        Row { method: "GET", path: "/catalog", body: none, expect: PUBLIC },
        Row { method: "GET", path: "/api/v1/alerts", body: none, expect: ALERT_READERS },
        Row { method: "GET", path: "/api/v1/alerts/stream", body: none, expect: ALERT_READERS },
        Row {
            method: "POST",
            path: "/api/v1/alerts/{seq}/outcome",
            body: |_| Some(json!({"identity": "not_the_person", "action": "none", "reason": "fingerprints differ"})),
            // A German officer's alert on the FR notice: Germany records it; France receives it but did
            // not screen; Italy neither receives it nor screened.
            expect: [401, 403, 201, 404, 201, 404, 403, 403, 403, 201, 403],
        },
        Row {
            method: "POST",
            path: "/api/v1/alerts/{seq}/outcome/corrections",
            body: |_| {
                Some(json!({"revision": 1, "identity": "confirmed", "action": "located",
                            "reason": "fingerprints taken later match"}))
            },
            // The same alert, its outcome recorded by Germany's officer: corrected by Germany only.
            expect: [401, 403, 201, 404, 201, 404, 403, 403, 403, 201, 403],
        },
        Row { method: "GET", path: "/api/v1/public/notices", body: none, expect: PUBLIC },
        Row { method: "GET", path: "/api/v1/public/notices/{id}", body: none, expect: PUBLIC },
        Row {
            method: "GET",
            path: "/api/v1/audit",
            body: none,
            expect: [401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 200],
        },
        Row { method: "POST", path: "/api/v1/audit/verify", body: none, expect: ADMIN_ONLY },
        Row { method: "POST", path: "/api/v1/retention/run", body: none, expect: ADMIN_ONLY },
        Row { method: "GET", path: "/healthz", body: none, expect: PUBLIC },
        Row { method: "GET", path: "/metrics", body: none, expect: PUBLIC },
    ]
}

/// The concrete path for a row: each lifecycle step points at a record in the state it needs.
fn concrete(row: &Row, w: &World, actor: &str) -> String {
    let notice = match row.path {
        "/api/v1/notices/{id}/review/start" | "/api/v1/notices/{id}/review" => &w.submitted,
        "/api/v1/notices/{id}/unblock" | "/api/v1/notices/{id}/delete" => &w.blocked,
        "/api/v1/public/notices/{id}" => &w.public,
        _ => &w.published,
    };
    // A bureau creating a notice or diffusion acts in its own name: the body carries no country.
    let _ = actor;
    row.path
        .replace("/notices/{id}", &format!("/notices/{notice}"))
        .replace("/diffusions/{id}", &format!("/diffusions/{}", w.diffusion))
        .replace("/travel-documents/{id}", &format!("/travel-documents/{}", w.travel_document))
        .replace("/country-flags/{id}", &format!("/country-flags/{}", w.country_flag))
        .replace("/clearances/{id}", &format!("/clearances/{}", w.clearance))
        .replace("/challenges/{id}", &format!("/challenges/{}", w.challenge))
        .replace("{dataset}", "default")
        .replace("{number}", &w.travel_document_number)
        .replace("{code}", "FR")
}

/// A German border officer screens Jean Exemple: the alert the FR published notice raises.
async fn german_alert(app: &crate::helpers::TestApp) -> i64 {
    let traveller = json!({"given_names": "Jean", "family_name": "Exemple", "birth_date": "1981-04-02"});
    let (status, body) = app.call("POST", "/api/v1/screen", Some("border-de"), Some(traveller)).await;
    assert_eq!(status, 200, "{body}");
    let hits = body["hits"].as_array().unwrap();
    hits.iter().find(|h| h["id"] == app.world.published.as_str()).and_then(|h| h["alert"].as_i64()).unwrap()
}

#[test]
fn the_table_covers_every_documented_operation() {
    let doc: Value = serde_json::from_str(&article3_server::openapi::openapi_json()).unwrap();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), path.clone())))
        .collect();
    let tabled: BTreeSet<(String, String)> = rows().iter().map(|r| (r.method.to_owned(), r.path.to_owned())).collect();
    assert_eq!(documented, tabled, "every endpoint needs a row in the role matrix");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_against_every_endpoint() {
    let mut failures = Vec::new();
    for row in rows() {
        for (i, (actor, _, _)) in ACTORS.iter().enumerate() {
            // A fresh copy of the world for each call, so one success cannot change the next case.
            let app = spawn_app().await;
            let mut path = concrete(&row, &app.world, actor);
            if row.path.contains("{seq}") {
                let seq = german_alert(&app).await;
                path = path.replace("{seq}", &seq.to_string());
                if row.path.ends_with("/corrections") {
                    let first = json!({"identity": "not_the_person", "action": "none", "reason": "photo differs"});
                    let recorded = format!("/api/v1/alerts/{seq}/outcome");
                    let (status, body) = app.call("POST", &recorded, Some("border-de"), Some(first)).await;
                    assert_eq!(status, 201, "{body}");
                }
            }
            let (status, body) = if row.path.ends_with("/stream") {
                (app.status_only(row.method, &path, Some(actor)).await, json!({"code": "stream"}))
            } else {
                app.call(row.method, &path, Some(actor), (row.body)(&app.world)).await
            };
            if status.as_u16() != row.expect[i] {
                failures.push(format!(
                    "{} {} as {actor}: expected {}, got {} {body}",
                    row.method,
                    row.path,
                    row.expect[i],
                    status.as_u16()
                ));
            }
            if status.is_client_error() && status.as_u16() != 404 || status.as_u16() == 404 && row.path.contains('{') {
                assert!(
                    body.get("code").is_some(),
                    "{} {} as {actor}: errors are problem bodies: {body}",
                    row.method,
                    row.path
                );
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_never_show_a_notice_restricted_away_from_the_reader() {
    let app = spawn_app().await;
    let published = app.world.published.clone();
    for (actor, should_see) in [
        ("ncb-fr", true),
        ("ncb-de", true),
        ("border-de", true),
        ("caseworker-de", true),
        ("reviewer", true),
        ("ncb-it", false),
        ("border-it", false),
        ("subject", false),
        ("admin", false),
    ] {
        let (status, body) = app.call("GET", "/api/v1/notices?limit=500", Some(actor), None).await;
        assert_eq!(status, 200);
        let ids: Vec<&str> = body["items"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
        assert_eq!(ids.contains(&published.as_str()), should_see, "{actor}");
        if actor == "ncb-de" || actor == "border-de" {
            assert!(!ids.contains(&app.world.submitted.as_str()), "{actor} sees only published notices of others");
            assert!(!ids.contains(&app.world.blocked.as_str()), "{actor} does not see blocked data");
        }
    }
    let (_, body) = app.call("GET", "/api/v1/diffusions", Some("ncb-it"), None).await;
    assert!(body["items"].as_array().unwrap().is_empty(), "IT received no diffusion");
    let (_, body) = app.call("GET", "/api/v1/public/notices", None, None).await;
    let public: Vec<&str> = body["items"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(public, [app.world.public.as_str()], "only the notice with an agreed public extract");
    let (status, _) = app.call("GET", &format!("/api/v1/public/notices/{}", app.world.published), None, None).await;
    assert_eq!(status, 404, "no public extract was agreed for it");
}
