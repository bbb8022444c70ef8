//! Screening through the API: what an officer of one country matches, what changes are seen by the next
//! query, the safeguards and alerts a hit carries, MRZ checks, the stolen and lost register, batches, the
//! `/match` interface, and the alert stream.

use std::collections::BTreeSet;

use article3_screen::mrz::check_digit;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::helpers::{TestApp, red_notice_body, spawn_app, token};

async fn screen(app: &TestApp, actor: &str, traveller: Value) -> Value {
    let (status, body) = app.call("POST", "/api/v1/screen", Some(actor), Some(traveller)).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn hit_ids(result: &Value) -> BTreeSet<String> {
    result["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect()
}

fn hit<'a>(result: &'a Value, id: &str) -> &'a Value {
    result["hits"].as_array().unwrap().iter().find(|h| h["id"] == id).unwrap()
}

/// What a server-sent event stream sends until `marker` is among it (or `what` fails the test at `deadline`).
async fn read_until(body: &mut Body, deadline: tokio::time::Instant, marker: &str, what: &str) -> String {
    let mut seen = String::new();
    while !seen.contains(marker) {
        let frame = tokio::time::timeout_at(deadline, body.frame()).await.expect(what);
        if let Some(Ok(frame)) = frame
            && let Ok(data) = frame.into_data()
        {
            seen.push_str(&String::from_utf8_lossy(&data));
        }
    }
    seen
}

/// The texts of a hit's safeguards with this code.
fn safeguard_texts(hit: &Value, code: &str) -> Vec<String> {
    let safeguards = hit["safeguards"].as_array().unwrap().iter();
    safeguards.filter(|s| s["code"] == code).map(|s| s["text"].as_str().unwrap().to_owned()).collect()
}

fn safeguard_codes(hit: &Value) -> Vec<&str> {
    hit["safeguards"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect()
}

/// DE's bureau flags the FR notice with a public extract: DE will not act on it.
/// The text the metrics endpoint serves.
async fn metrics(app: &TestApp) -> String {
    let response = app.app.clone().oneshot(Request::get("/metrics").body(Body::empty()).unwrap()).await.unwrap();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

async fn de_flags_the_public_notice(app: &TestApp) {
    let flag = json!({"kind": "notice", "id": app.world.public, "reason": "asylum granted here"});
    let (status, body) = app.call("POST", "/api/v1/country-flags", Some("ncb-de"), Some(flag)).await;
    assert_eq!(status, 201, "{body}");
}

fn jean() -> Value {
    json!({"given_names": "Jean", "family_name": "Exemple", "birth_date": "1981-04-02"})
}

/// DE flags the public notice, then a German officer screens Jean Exemple: the screening, and the alerts
/// it raised on the published notice and on the flagged one.
async fn german_alerts_on_jean(app: &TestApp) -> (Value, i64, i64) {
    de_flags_the_public_notice(app).await;
    let result = screen(app, "border-de", jean()).await;
    let alert_of = |id: &str| hit(&result, id)["alert"].as_i64().unwrap();
    let (published, flagged) = (alert_of(&app.world.published), alert_of(&app.world.public));
    (result, published, flagged)
}

/// The `seq` of every alert `actor` lists, with `query` as the query string.
async fn alert_seqs(app: &TestApp, actor: &str, query: &str) -> BTreeSet<i64> {
    let (status, body) = app.call("GET", &format!("/api/v1/alerts?{query}"), Some(actor), None).await;
    assert_eq!(status, 200, "{body}");
    body.as_array().unwrap().iter().map(|a| a["seq"].as_i64().unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_matches_exactly_what_their_country_may_see() {
    let app = spawn_app().await;
    let w = app.world.clone();
    de_flags_the_public_notice(&app).await;
    // DE sees both published notices; the submitted and the blocked ones never match.
    let de = screen(&app, "border-de", jean()).await;
    assert_eq!(hit_ids(&de), BTreeSet::from([w.published.clone(), w.public.clone()]));
    let published = hit(&de, &w.published);
    assert_eq!(published["match"], true);
    assert_eq!(published["requesting_country"], "FR");
    assert!(
        published["explanations"].as_array().unwrap().iter().any(|e| e["feature"].as_str().unwrap().contains("name"))
    );
    assert!(safeguard_codes(published).contains(&"judicial_review_required"));
    assert!(!safeguard_codes(published).contains(&"flagged_by_your_country"));
    assert_eq!(published["requester_notified"], true);
    // DE flagged the other one: its officer is told, and FR is not.
    let flagged = hit(&de, &w.public);
    assert!(safeguard_codes(flagged).contains(&"flagged_by_your_country"), "{flagged}");
    assert_eq!(flagged["requester_notified"], false);

    // IT is excluded from the first notice; IT has not flagged the second, so it learns of DE's flag
    // only as a count.
    let it = screen(&app, "border-it", jean()).await;
    assert_eq!(hit_ids(&it), BTreeSet::from([w.public.clone()]));
    let seen_by_it = hit(&it, &w.public);
    assert!(safeguard_codes(seen_by_it).contains(&"flagged_by_other_countries"));
    assert!(!seen_by_it.to_string().contains("asylum granted here"), "another country's reasons stay with it");

    // The original script finds the same notices.
    let cyrillic = screen(&app, "border-de", json!({"name": "Жан Экзампл"})).await;
    assert!(hit_ids(&cyrillic).contains(&w.published), "{cyrillic}");

    // A diffusion matches in its recipient countries only, and says it is not yet reviewed.
    let marie = json!({"name": "Marie Exemple"});
    let de = screen(&app, "border-de", marie.clone()).await;
    assert!(hit_ids(&de).contains(&w.diffusion), "{de}");
    let diffusion = hit(&de, &w.diffusion);
    assert!(safeguard_codes(diffusion).contains(&"not_yet_reviewed"));
    assert!(safeguard_codes(diffusion).contains(&"flagged_by_your_country"), "the world's DE flag");
    assert!(!safeguard_codes(diffusion).contains(&"judicial_review_required"), "it seeks no arrest");
    let it = screen(&app, "border-it", marie).await;
    assert!(!hit_ids(&it).contains(&w.diffusion));

    // The near case: someone else entirely.
    let other =
        screen(&app, "border-de", json!({"given_names": "Pierre", "family_name": "Martin", "birth_date": "1990"}))
            .await;
    assert!(other["hits"].as_array().unwrap().iter().all(|h| h["match"] == false), "{other}");
    assert_eq!(other["attention"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publication_block_and_cancellation_are_seen_by_the_very_next_query() {
    let app = spawn_app().await;
    let w = app.world.clone();
    let path = |step: &str| format!("/api/v1/notices/{}/{step}", w.published);
    let (status, _) = app.call("POST", &path("block"), Some("commission"), Some(json!({"reason": "challenge"}))).await;
    assert_eq!(status, 200);
    assert!(!hit_ids(&screen(&app, "border-de", jean()).await).contains(&w.published), "blocked data never matches");
    let (status, _) = app.call("POST", &path("unblock"), Some("commission"), Some(json!({"reason": "rejected"}))).await;
    assert_eq!(status, 200);
    assert!(hit_ids(&screen(&app, "border-de", jean()).await).contains(&w.published));
    let (status, _) = app.call("POST", &path("cancel"), Some("ncb-fr"), Some(json!({"reason": "located"}))).await;
    assert_eq!(status, 200);
    assert!(!hit_ids(&screen(&app, "border-de", jean()).await).contains(&w.published));

    // A new notice matches from its publication on, not before.
    let mut body = red_notice_body(json!({"mode": "none"}), false);
    body["subject"]["names"] = json!([{"given": "Karim", "family": "Haddad"}]);
    body["subject"]["documents"] = json!([]);
    let (status, notice) = app.call("POST", "/api/v1/notices", Some("ncb-fr"), Some(body)).await;
    assert_eq!(status, 201, "{notice}");
    let id = notice["id"].as_str().unwrap().to_owned();
    let karim = json!({"name": "Karim Haddad"});
    assert!(!hit_ids(&screen(&app, "border-de", karim.clone()).await).contains(&id), "not yet published");
    let (status, body) = app
        .call(
            "POST",
            &format!("/api/v1/notices/{id}/review"),
            Some("reviewer"),
            Some(json!({"decision": "approve", "reasons": "concrete and compliant"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(hit_ids(&screen(&app, "border-de", karim).await).contains(&id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_match_alerts_the_requester_unless_a_safeguard_withholds_it_and_everything_is_audited() {
    let app = spawn_app().await;
    let w = app.world.clone();
    let (result, published_alert, flagged_alert) = german_alerts_on_jean(&app).await;
    let alerts = |actor: &'static str| alert_seqs(&app, actor, "");
    assert_eq!(alerts("ncb-fr").await, BTreeSet::from([published_alert]), "the flagged hit is withheld from FR");
    assert_eq!(alerts("reviewer").await, BTreeSet::from([published_alert, flagged_alert]));
    assert_eq!(alerts("ncb-de").await, BTreeSet::from([published_alert, flagged_alert]), "the screening country");
    assert!(alerts("ncb-it").await.is_empty());
    let (_, listed) = app.call("GET", "/api/v1/alerts?after=0&limit=10", Some("ncb-fr"), None).await;
    assert_eq!(listed[0]["screening_country"], "DE");
    assert!(listed[0]["traveller"].as_str().unwrap().contains("Jean Exemple"));
    let (status, body) = app.call("GET", "/api/v1/alerts?limit=0", Some("ncb-fr"), None).await;
    assert_eq!((status.as_u16(), body["field"].as_str()), (422, Some("limit")));

    let (_, audit) = app.call("GET", "/api/v1/audit?limit=200", Some("admin"), None).await;
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    for action in ["screen.query", "alert.raise", "alert.list"] {
        assert!(actions.contains(&action), "{action} is audited");
    }
    // The query's record names every hit shown, with its score; each match is also recorded under the
    // matched record by its alert.
    let query = audit.as_array().unwrap().iter().find(|r| r["object_id"] == result["screening_id"]).unwrap();
    assert_eq!(query["action"], "screen.query");
    let detail = query["detail"].as_str().unwrap();
    assert!(!detail.contains("Exemple"), "the chain, kept for ever, does not name the traveller: {detail}");
    for h in result["hits"].as_array().unwrap() {
        let named = format!(
            "{}/{} {:.3}",
            h["kind"].as_str().unwrap(),
            h["id"].as_str().unwrap(),
            h["score"].as_f64().unwrap()
        );
        assert!(detail.contains(&named), "{named} in {detail}");
    }
    for id in [&w.published, &w.public] {
        assert!(
            audit.as_array().unwrap().iter().any(|r| r["action"] == "alert.raise" && r["object_id"] == id.as_str()),
            "the match on {id} is audited under it"
        );
    }
}

/// A TD3 zone for Jean Exemple with every check digit computed.
fn td3(number: &str) -> (String, String) {
    let line1 = format!("{:<<44}", "P<FRAEXEMPLE<<JEAN");
    let number = format!("{number:<<9}");
    let (birth, expiry) = ("810402", "310101");
    let head = format!(
        "{number}{}FRA{birth}{}M{expiry}{}",
        check_digit(&number).unwrap(),
        check_digit(birth).unwrap(),
        check_digit(expiry).unwrap()
    );
    let optional = "<<<<<<<<<<<<<<";
    let optional = format!("{optional}{}", check_digit(optional).unwrap());
    let composite_source = format!("{}{}{}", &head[0..10], &head[13..20], &format!("{}{optional}", &head[21..28]));
    let line2 = format!("{head}{optional}{}", check_digit(&composite_source).unwrap());
    (line1, line2)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_mrz_is_checked_and_a_bad_check_digit_is_put_in_front_of_the_officer() {
    let app = spawn_app().await;
    let (l1, l2) = td3("19FX12345");
    let good = screen(&app, "border-de", json!({"mrz": format!("{l1}\n{l2}")})).await;
    assert_eq!(good["mrz"]["valid"], true, "{}", good["mrz"]);
    assert_eq!(good["mrz"]["format"], "TD3");
    assert!(hit_ids(&good).contains(&app.world.published), "{good}");

    // One digit of the date of birth misread: reported, never silently accepted.
    let mut bad = l2.clone().into_bytes();
    bad[13] = if bad[13] == b'1' { b'2' } else { b'1' };
    let bad = String::from_utf8(bad).unwrap();
    let result = screen(&app, "border-de", json!({"mrz": format!("{l1}\n{bad}")})).await;
    assert_eq!(result["mrz"]["valid"], false);
    assert_eq!(result["attention"], true);
    let failed: Vec<&str> = result["mrz"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert!(failed.iter().any(|f| f.contains("birth")), "{failed:?}");

    // Text that is no MRZ at all is refused, naming the field.
    let (status, body) = app.call("POST", "/api/v1/screen", Some("border-de"), Some(json!({"mrz": "P<FRA"}))).await;
    assert_eq!((status.as_u16(), body["field"].as_str()), (422, Some("mrz")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reported_document_matches_by_its_exact_number() {
    let app = spawn_app().await;
    let result = screen(&app, "border-it", json!({"documents": ["fr 0001-2345"]})).await;
    let documents = result["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1, "{result}");
    assert_eq!(documents[0]["status"], "stolen");
    assert_eq!(documents[0]["reporting_country"], "FR");
    assert!(documents[0]["alert"].as_i64().is_some());
    assert_eq!(result["attention"], true);
    let near = screen(&app, "border-it", json!({"documents": ["FR00012346"]})).await;
    assert!(near["documents"].as_array().unwrap().is_empty(), "one character off is another document");

    // Withdrawn, it no longer matches.
    let (status, _) = app
        .call(
            "POST",
            &format!("/api/v1/travel-documents/{}/withdraw", app.world.travel_document),
            Some("ncb-fr"),
            Some(json!({"reason": "recovered"})),
        )
        .await;
    assert_eq!(status, 200);
    let after = screen(&app, "border-it", json!({"documents": ["FR00012345"]})).await;
    assert!(after["documents"].as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_screen_many_and_refuse_bad_input_naming_the_traveller() {
    let app = spawn_app().await;
    let travellers: Vec<Value> =
        (0..50)
            .map(|i| {
                if i == 17 {
                    jean()
                } else {
                    json!({"name": format!("Traveller Number{i}"), "reference": i.to_string()})
                }
            })
            .collect();
    let (status, body) =
        app.call("POST", "/api/v1/screen/batch", Some("border-de"), Some(json!({"travellers": travellers}))).await;
    assert_eq!(status, 200, "{body}");
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 50);
    assert!(hit_ids(&results[17]).contains(&app.world.published));
    assert_eq!(results[3]["reference"], "3");
    assert!(results[3]["hits"].as_array().unwrap().iter().all(|h| h["match"] == false));

    let bad = json!({"travellers": [jean(), {"name": "X", "birth_date": "1981-13-40"}]});
    let (status, body) = app.call("POST", "/api/v1/screen/batch", Some("border-de"), Some(bad)).await;
    assert_eq!((status.as_u16(), body["field"].as_str()), (422, Some("travellers[1].birth_date")), "{body}");
    // A range reaching into the future is refused like a date there; a range in the past is taken.
    for (date, status) in [("2999", 422), ("1990..2999", 422), ("1979..1983", 200)] {
        let traveller = json!({"given_names": "Jean", "family_name": "Exemple", "birth_date": date});
        let (got, body) = app.call("POST", "/api/v1/screen", Some("border-de"), Some(traveller)).await;
        assert_eq!(got.as_u16(), status, "{date}: {body}");
        if status == 422 {
            assert_eq!(
                (body["field"].as_str(), body["reason"].as_str()),
                (Some("birth_date"), Some("impossible_date"))
            );
        } else {
            assert!(hit_ids(&body).contains(&app.world.published), "{date}: {body}");
        }
    }
    let (status, body) = app.call("POST", "/api/v1/screen", Some("border-de"), Some(json!({"reference": "x"}))).await;
    assert_eq!((status.as_u16(), body["field"].as_str()), (422, Some("name")));
    let (status, body) = app
        .call("POST", "/api/v1/screen", Some("border-de"), Some(json!({"name": "A", "nationalities": ["ZZ"]})))
        .await;
    assert_eq!((status.as_u16(), body["field"].as_str()), (422, Some("nationalities[0]")));
    let too_many: Vec<Value> = (0..1001).map(|_| json!({"name": "A"})).collect();
    let (status, body) =
        app.call("POST", "/api/v1/screen/batch", Some("border-de"), Some(json!({"travellers": too_many}))).await;
    assert_eq!((status.as_u16(), body["field"].as_str()), (422, Some("travellers")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn existing_screening_clients_get_scored_entities_with_explanations() {
    let app = spawn_app().await;
    let query = json!({"queries": {
        "trav-1": {"schema": "Person", "properties": {"firstName": ["Jean"], "lastName": ["Exemple"], "birthDate": ["1981-04-02"], "nationality": ["fr"]}},
        "trav-2": {"schema": "Person", "properties": {"name": ["Nobody Atall"]}}
    }});
    let request = Request::builder()
        .method("POST")
        .uri("/match/default?limit=3")
        .header("authorization", format!("ApiKey {}", token("border-de")))
        .header("content-type", "application/json")
        .body(Body::from(query.to_string()))
        .unwrap();
    let response = app.app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-batch-size"], "2");
    let body: Value = serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
    let first = &body["responses"]["trav-1"];
    assert_eq!(first["status"], 200);
    assert_eq!(first["query"]["id"], "trav-1");
    let best = &first["results"][0];
    assert_eq!(best["schema"], "Person");
    assert_eq!(best["match"], true);
    assert!(best["score"].as_f64().unwrap() >= 0.7);
    assert!(best["explanations"].as_object().unwrap().values().all(|e| e["detail"].is_string()));
    assert!(first["total"]["value"].as_u64().unwrap() >= 1);
    assert_eq!(body["responses"]["trav-2"]["total"]["value"], 0);
    // Every feature a result names is described in `matcher`, as `/algorithms` describes it.
    let matcher = body["matcher"].as_object().unwrap();
    for feature in best["explanations"].as_object().unwrap().keys().chain(best["features"].as_object().unwrap().keys())
    {
        assert!(matcher[feature]["description"].as_str().is_some_and(|d| !d.is_empty()), "{feature}");
    }
    let (status, algorithms) = app.call("GET", "/algorithms", None, None).await;
    assert_eq!(status, 200);
    assert_eq!(algorithms["algorithms"][0]["name"], algorithms["best"]);
    assert_eq!(algorithms["algorithms"][0]["name"], algorithms["default"]);
    assert_eq!(&algorithms["algorithms"][0]["features"], &body["matcher"]);
    // The catalog names exactly the datasets `/match` takes: each answers, a name it lacks does not.
    let (status, catalog) = app.call("GET", "/catalog", None, None).await;
    assert_eq!(status, 200);
    let names: Vec<&str> =
        catalog["datasets"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    let children: Vec<&str> =
        catalog["datasets"][0]["children"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert_eq!(names[1..], children[..], "the default collection is every other dataset");
    for name in names {
        let (status, body) = app.call("POST", &format!("/match/{name}"), Some("border-de"), Some(query.clone())).await;
        assert_eq!(status, 200, "{name}: {body}");
    }

    let (status, body) = app.call("POST", "/match/sanctions", Some("border-de"), Some(query.clone())).await;
    assert_eq!((status.as_u16(), body["code"].as_str()), (404, Some("unknown_dataset")));
    let company = json!({"queries": {"c": {"schema": "Company", "properties": {"name": ["Acme"]}}}});
    let (status, body) = app.call("POST", "/match/default", Some("border-de"), Some(company)).await;
    assert_eq!((status.as_u16(), body["field"].as_str()), (422, Some("queries.c.schema")));
}

/// `/match/default` with this query string, as DE's border officer, for Jean Exemple carrying the
/// passport FR reported stolen: the results' ids, best first.
async fn match_ids(app: &TestApp, query: &str) -> Vec<String> {
    let body = match_jean(app, query).await;
    body["responses"]["jean"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn match_jean(app: &TestApp, query: &str) -> Value {
    let (status, body) = match_jean_status(app, query).await;
    assert_eq!(status, 200, "{query}: {body}");
    body
}

async fn match_jean_status(app: &TestApp, query: &str) -> (u16, Value) {
    let jean = json!({"queries": {"jean": {"schema": "Person", "properties": {
        "firstName": ["Jean"], "lastName": ["Exemple"], "birthDate": ["1981-04-02"],
        "passportNumber": [app.world.travel_document_number.clone()]}}}});
    let (status, body) = app.call("POST", &format!("/match/default{query}"), Some("border-de"), Some(jean)).await;
    (status.as_u16(), body)
}

/// The alerts the reviewers list on `id`.
async fn alerts_on(app: &TestApp, id: &str) -> usize {
    let (status, body) = app.call("GET", "/api/v1/alerts?limit=1000", Some("reviewer"), None).await;
    assert_eq!(status, 200, "{body}");
    body.as_array().unwrap().iter().filter(|a| a["id"] == id).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn match_parameters_narrow_what_is_searched_as_screening_clients_ask() {
    let app = spawn_app().await;
    let w = app.world.clone();
    let (published, public) = (format!("a3-notice-{}", w.published), format!("a3-notice-{}", w.public));
    let document = format!("a3-travel-document-{}", w.travel_document);

    // Everything DE may see: the stolen passport first (it scores 1), then both red notices.
    let body = match_jean(&app, "").await;
    let results = body["responses"]["jean"]["results"].as_array().unwrap();
    let ids: Vec<&str> = results.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids[0], document, "{ids:?}");
    assert!(ids.contains(&published.as_str()) && ids.contains(&public.as_str()), "{ids:?}");
    let notice = results.iter().find(|r| r["id"] == published).unwrap();
    assert_eq!(notice["properties"]["topics"], json!(["crime", "wanted"]));
    for field in ["first_seen", "last_seen", "last_change"] {
        assert!(notice[field].as_str().is_some_and(|t| t.starts_with("20")), "{field}: {notice}");
    }
    // Even with a limit of one, the document is not cut off by the names.
    assert_eq!(match_ids(&app, "?limit=1").await, vec![document.clone()]);

    // Datasets and schemata, each way.
    let only_notices = match_ids(&app, "?include_dataset=notices").await;
    assert!(only_notices.contains(&published) && !only_notices.contains(&document), "{only_notices:?}");
    assert_eq!(match_ids(&app, "?exclude_dataset=notices&exclude_dataset=diffusions").await, vec![document.clone()]);
    assert_eq!(match_ids(&app, "?exclude_schema=Person").await, vec![document.clone()]);
    let people = match_ids(&app, "?exclude_schema=Passport").await;
    assert!(people.contains(&published) && !people.contains(&document), "{people:?}");
    let (status, body) = app
        .call(
            "POST",
            "/match/travel_documents",
            Some("border-de"),
            Some(json!({"queries": {"d": {"schema": "Person",
            "properties": {"name": ["Jean Exemple"], "passportNumber": [w.travel_document_number.clone()]}}}})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let only: Vec<&str> =
        body["responses"]["d"]["results"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(only, vec![document.as_str()]);

    // Topics: red notices are `wanted`; nothing here is sanctioned; any of several topics will do.
    let wanted = match_ids(&app, "?topics=wanted").await;
    assert!(wanted.contains(&published) && wanted.contains(&public) && !wanted.contains(&document), "{wanted:?}");
    assert!(match_ids(&app, "?topics=sanction").await.is_empty());
    assert_eq!(match_ids(&app, "?topics=sanction&topics=wanted").await, wanted);

    // Changed since: a moment before everything, and one after.
    assert_eq!(match_ids(&app, "?changed_since=2000-01-01").await, match_ids(&app, "").await);
    assert!(match_ids(&app, "?changed_since=2999-01-01T00:00:00Z").await.is_empty());

    // An excluded record is not returned and raises no alert, but the audit record names it and its score.
    let before = alerts_on(&app, &w.published).await;
    let excluded = match_ids(&app, &format!("?exclude_entity_ids={published}")).await;
    assert!(!excluded.contains(&published) && excluded.contains(&public), "{excluded:?}");
    assert_eq!(alerts_on(&app, &w.published).await, before, "no alert on the excluded record");
    let (_, audit) = app.call("GET", "/api/v1/audit?limit=50", Some("admin"), None).await;
    let record = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == "screen.query" && r["detail"].as_str().unwrap().contains("excluded_ids=1"))
        .expect("the screening's record");
    let detail = record["detail"].as_str().unwrap();
    assert!(detail.contains(&format!("excluded=[notice/{} ", w.published)) && detail.contains("match]"), "{detail}");
    // Not excluded, the same screening raises it.
    match_ids(&app, "").await;
    assert_eq!(alerts_on(&app, &w.published).await, before + 1);

    // Bad input changes nothing and names the parameter.
    for (query, status, field) in [
        ("?include_dataset=us_ofac_sdn", 422, "include_dataset"),
        ("?exclude_dataset=sanctions", 422, "exclude_dataset"),
        ("?changed_since=yesterday", 422, "changed_since"),
        ("?limit=2&limit=3", 400, "limit"),
        ("?limit=many", 400, "limit"),
        ("?fuzzy=true", 400, "fuzzy"),
        ("?limit=0", 422, "limit"),
    ] {
        let (got, body) = match_jean_status(&app, query).await;
        assert_eq!((got, body["field"].as_str()), (status, Some(field)), "{query}: {body}");
    }
    let many: String = (0..51).map(|i| format!("&exclude_entity_ids=a3-notice-{i}")).collect();
    let (got, body) = match_jean_status(&app, &format!("?{}", &many[1..])).await;
    assert_eq!((got, body["field"].as_str()), (422, Some("exclude_entity_ids")), "{body}");
    assert_eq!(alerts_on(&app, &w.published).await, before + 1, "refused screenings raised nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_stream_to_those_who_receive_them() {
    let app = spawn_app().await;
    de_flags_the_public_notice(&app).await;
    let open = |actor: &str, query: &str| {
        Request::builder()
            .method("GET")
            .uri(format!("/api/v1/alerts/stream{query}"))
            .header("authorization", format!("Bearer {}", token(actor)))
            .body(Body::empty())
            .unwrap()
    };
    let response = app.app.clone().oneshot(open("ncb-fr", "")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut body = response.into_body();
    let result = screen(&app, "border-de", jean()).await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    let seen = read_until(&mut body, deadline, "event: alert", "an alert within 20 s").await;
    assert!(seen.contains(&app.world.published), "{seen}");
    assert!(!seen.contains(&app.world.public), "the flagged hit is withheld from FR: {seen}");
    assert!(!seen.contains("event: outcome"), "{seen}");

    // Germany records the outcomes: first of the alert withheld from France, then of France's. France's
    // stream carries its own, as an outcome event.
    for id in [&app.world.public, &app.world.published] {
        let seq = hit(&result, id)["alert"].as_i64().unwrap();
        let outcome =
            json!({"identity": "confirmed", "action": "located", "reason": "passport and fingerprints match"});
        let path = format!("/api/v1/alerts/{seq}/outcome");
        let (status, body) = app.call("POST", &path, Some("ncb-de"), Some(outcome)).await;
        assert_eq!(status, 201, "{body}");
    }
    let seen = read_until(&mut body, deadline, "event: outcome", "an outcome within 20 s").await;
    assert!(seen.contains(&app.world.published) && seen.contains("\"action\":\"located\""), "{seen}");
    assert!(!seen.contains(&app.world.public), "the withheld alert's outcome is withheld too: {seen}");

    // A stream of one safeguard: an Italian officer's alerts on the same notices come first but carry
    // only "flagged by other countries"; the first alert through is the German officer's on the
    // notice Germany flagged.
    let one = open("reviewer", "?safeguard=flagged_by_your_country");
    let response = app.app.clone().oneshot(one).await.unwrap();
    assert_eq!(response.status(), 200);
    let mut body = response.into_body();
    let italy = screen(&app, "border-it", jean()).await;
    assert!(italy["hits"].as_array().unwrap().iter().any(|h| h["match"] == true), "{italy}");
    screen(&app, "border-de", jean()).await;
    let seen = read_until(&mut body, deadline, "\n\n", "an alert within 20 s").await;
    let first = seen.split("\n\n").next().unwrap_or_default();
    assert!(first.contains("event: alert"), "{seen}");
    assert!(first.contains(&app.world.public) && first.contains("\"screening_country\":\"DE\""), "{first}");
    assert!(first.contains("flagged_by_your_country"), "{first}");

    // A stream of departures only: neither the alerts raised nor an outcome that follows every caution
    // come through; the first event is the action Germany took against its own flag.
    let (status, problem) = app.call("GET", "/api/v1/alerts/stream?outcome=arrested", Some("reviewer"), None).await;
    assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some("outcome")), "{problem}");
    let response = app.app.clone().oneshot(open("reviewer", "?outcome=departed")).await.unwrap();
    assert_eq!(response.status(), 200);
    let mut body = response.into_body();
    let again = screen(&app, "border-de", jean()).await;
    let app = &app;
    let again = &again;
    let record = |id: &str, identity: &str, action: &str| {
        let seq = hit(again, id)["alert"].as_i64().unwrap();
        let outcome = json!({"identity": identity, "action": action, "reason": "passport checked"});
        async move {
            let (status, body) =
                app.call("POST", &format!("/api/v1/alerts/{seq}/outcome"), Some("ncb-de"), Some(outcome)).await;
            assert_eq!(status, 201, "{body}");
            seq
        }
    };
    record(&app.world.published, "not_the_person", "none").await;
    let flagged = record(&app.world.public, "confirmed", "located").await;
    let seen = read_until(&mut body, deadline, "\n\n", "a departure within 20 s").await;
    let first = seen.split("\n\n").next().unwrap_or_default();
    assert!(first.contains("event: outcome") && first.contains(&format!("id: {flagged}")), "{seen}");
    assert!(first.contains("\"departs_from\":[\"flagged_by_your_country\""), "{first}");
    let (_, audit) = app.call("GET", "/api/v1/audit?limit=50", Some("admin"), None).await;
    let opened = audit.as_array().unwrap().iter().filter(|e| e["action"] == "alert.stream");
    assert!(opened.into_iter().any(|e| e["detail"] == "safeguard=any outcome=departed"), "{audit}");

    // The metrics count travellers screened (four), alerts raised (two for each German screening, one for
    // the Italian) and outcomes by identity and departure (the two located on the flagged notice departed).
    let metrics = metrics(app).await;
    for line in [
        "article3_screenings_total 4",
        "article3_alerts_raised_total{kind=\"notice\"} 7",
        "article3_alert_outcomes_total{identity=\"confirmed\",departed=\"true\",revision=\"first\"} 2",
        "article3_alert_outcomes_total{identity=\"confirmed\",departed=\"false\",revision=\"first\"} 1",
        "article3_alert_outcomes_total{identity=\"not_the_person\",departed=\"false\",revision=\"first\"} 1",
    ] {
        assert!(metrics.lines().any(|l| l == line), "{line} in {metrics}");
    }
    assert!(!metrics.contains("kind=\"diffusion\""), "no diffusion was hit: {metrics}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_by_another_process_reach_the_index_at_the_next_poll() {
    use article3_store::Store;
    let app = spawn_app().await;
    let w = app.world.clone();
    let registry = article3_domain::CountryRegistry::parse_csv(article3_server::COUNTRIES_CSV).unwrap();
    let fr = app.store.user_by_name("ncb-fr").await.unwrap().unwrap().actor();
    let commission = app.store.user_by_name("commission").await.unwrap().unwrap().actor();
    // The first poll after the build meets the records the build left out (none live) once.
    app.screening.poll().await;
    assert_eq!(app.screening.poll().await, 0);
    // Straight into the store, as an import or another server would: the index does not know yet.
    let report = article3_domain::DocumentReport::new(
        &registry,
        "FR 7700 1122",
        "FR",
        "passport",
        "lost",
        time::Date::from_calendar_date(2026, time::Month::October, 2).unwrap(),
        time::OffsetDateTime::now_utc().date(),
    )
    .unwrap();
    app.store.report_travel_document(&fr, &report).await.unwrap();
    let id = w.published.parse().unwrap();
    app.store
        .transition_notice(&commission, id, article3_domain::NoticeAction::Block, "interim measure")
        .await
        .unwrap();
    let before = screen(
        &app,
        "border-de",
        json!({"given_names": "Jean", "family_name": "Exemple", "documents": ["FR77001122"]}),
    )
    .await;
    assert!(before["documents"].as_array().unwrap().is_empty());
    assert!(hit_ids(&before).contains(&w.published), "not polled yet");
    assert_eq!(app.screening.poll().await, 2, "the blocked notice and the report are read and applied");
    assert_eq!(app.screening.poll().await, 0, "and only once, though it stays within the look back");
    let after = screen(
        &app,
        "border-de",
        json!({"given_names": "Jean", "family_name": "Exemple", "documents": ["FR77001122"]}),
    )
    .await;
    assert_eq!(after["documents"].as_array().unwrap().len(), 1, "{after}");
    assert!(!hit_ids(&after).contains(&w.published), "blocked elsewhere, gone after the poll");

    // Withdrawn elsewhere: the poll reads that one report again, and it no longer matches.
    let record = app.store.lookup_travel_document(&fr, "FR77001122").await.unwrap().remove(0);
    app.store.withdraw_travel_document(&fr, &record.id, "found by the holder").await.unwrap();
    assert_eq!(app.screening.poll().await, 1);
    let withdrawn = screen(
        &app,
        "border-de",
        json!({"given_names": "Jean", "family_name": "Exemple", "documents": ["FR77001122"]}),
    )
    .await;
    assert!(withdrawn["documents"].as_array().unwrap().is_empty(), "{withdrawn}");
    assert_eq!(app.screening.poll().await, 0);

    // This server's own write reaches the index before it is answered; a poll does not read it again.
    let path = format!("/api/v1/notices/{}/unblock", w.published);
    let (status, body) =
        app.call("POST", &path, Some("commission"), Some(json!({"reason": "challenge rejected"}))).await;
    assert_eq!(status, 200, "{body}");
    assert!(hit_ids(&screen(&app, "border-de", jean()).await).contains(&w.published));
    assert_eq!(app.screening.poll().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_is_recorded_about_the_person_and_the_requester_reaches_the_very_next_hit() {
    let app = spawn_app().await;
    let w = app.world.clone();
    let person = json!({
        "names": [{"given": "Jean", "family": "Exemple"}],
        "birth_dates": ["1981-04-02"],
        "documents": [{"kind": "passport", "number": "19FX12345", "issuing_country": "FR"}]
    });
    let recorded = ["refugee_status_recorded", "extradition_refused", "requester_corrective_measure"];
    let codes_now = |result: &Value| -> Vec<String> {
        safeguard_codes(hit(result, &w.published)).into_iter().map(str::to_owned).collect()
    };
    let before = screen(&app, "border-de", jean()).await;
    assert!(recorded.iter().all(|c| !codes_now(&before).iter().any(|k| k == c)), "{before}");

    // Near cases: a refugee from another country, a refusal to extradite to another country. Neither
    // concerns the requester, so neither is shown, and FR is still notified.
    let (status, body) = app
        .call(
            "POST",
            "/api/v1/refugee-statuses",
            Some("ncb-de"),
            Some(json!({"subject": person, "fled_from": "TR", "granted_on": "2019-05-01"})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let refusal = json!({"subject": person, "requesting_country": "TR", "refused_on": "2024-06-01", "grounds": "risk of torture"});
    let (status, body) = app.call("POST", "/api/v1/extradition-refusals", Some("ncb-it"), Some(refusal)).await;
    assert_eq!(status, 201, "{body}");
    let near = screen(&app, "border-de", jean()).await;
    assert!(recorded.iter().all(|c| !codes_now(&near).iter().any(|k| k == c)), "{near}");
    assert_eq!(hit(&near, &w.published)["requester_notified"], true);

    // Germany protects him from France: the very next hit says so, and France is not told.
    let (status, body) = app
        .call(
            "POST",
            "/api/v1/refugee-statuses",
            Some("ncb-de"),
            Some(json!({"subject": person, "fled_from": "FR", "granted_on": "2019-05-01"})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let de = screen(&app, "border-de", jean()).await;
    let published = hit(&de, &w.published);
    assert!(codes_now(&de).iter().any(|c| c == "refugee_status_recorded"), "{published}");
    assert_eq!(published["requester_notified"], false);
    assert!(published.to_string().contains("Your country recorded this person as a refugee"), "{published}");
    // Another country's officer learns of the status, not who granted it.
    let it = screen(&app, "border-it", jean()).await;
    let seen_by_it = hit(&it, &w.public);
    assert!(safeguard_codes(seen_by_it).contains(&"refugee_status_recorded"), "{seen_by_it}");
    assert!(!seen_by_it.to_string().contains("DE"), "the protecting country is not disclosed: {seen_by_it}");

    // Italy refused to extradite him to France; France is put under a corrective measure.
    let refusal =
        json!({"subject": person, "requesting_country": "FR", "refused_on": "2024-06-01", "grounds": "unfair trial"});
    let (status, body) = app.call("POST", "/api/v1/extradition-refusals", Some("ncb-it"), Some(refusal)).await;
    assert_eq!(status, 201, "{body}");
    let measure = json!({"measure": "enhanced_review", "reason": "pattern of abusive requests"});
    let (status, body) = app.call("PUT", "/api/v1/countries/FR/corrective-measure", Some("admin"), Some(measure)).await;
    assert_eq!(status, 200, "{body}");
    let after = screen(&app, "border-de", jean()).await;
    let codes = codes_now(&after);
    assert!(recorded.iter().all(|c| codes.iter().any(|k| k == c)), "{codes:?}");
    assert!(hit(&after, &w.published).to_string().contains("IT refused to extradite this person to FR"));

    // A lifted measure is gone from the next hit.
    let lift = json!({"measure": "none", "reason": "measure served"});
    let (status, body) = app.call("PUT", "/api/v1/countries/FR/corrective-measure", Some("admin"), Some(lift)).await;
    assert_eq!(status, 200, "{body}");
    let lifted = screen(&app, "border-de", jean()).await;
    assert!(!codes_now(&lifted).iter().any(|c| c == "requester_corrective_measure"), "{lifted}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_namesake_cleared_once_is_not_reported_to_the_requester_again() {
    let app = spawn_app().await;
    let w = app.world.clone();
    let traveller = |document: Option<&str>| {
        let mut t = jean();
        if let Some(d) = document {
            t["documents"] = json!([d]);
        }
        t
    };
    let hit_on = |result: &Value| hit(result, &w.published).clone();
    // Before: a match, reported to France.
    let first = hit_on(&screen(&app, "border-de", traveller(Some("C0FFEE42"))).await);
    assert_eq!((first["match"].as_bool(), first["requester_notified"].as_bool()), (Some(true), Some(true)));
    assert!(!safeguard_codes(&first).contains(&"cleared_not_the_person"));

    // Refusals change nothing: an unknown issuing state, no reason, a notice IT may not see, a reviewer.
    let clearance = |number: &str, country: &str, reason: &str| json!({"kind": "notice", "id": w.published, "document": {"number": number, "issuing_country": country}, "reason": reason});
    let (status, body) =
        app.call("POST", "/api/v1/clearances", Some("border-de"), Some(clearance("C0FFEE42", "QQ", "x"))).await;
    assert_eq!((status.as_u16(), body["field"].as_str()), (422, Some("document.issuing_country")), "{body}");
    let (status, body) =
        app.call("POST", "/api/v1/clearances", Some("border-de"), Some(clearance("C0FFEE42", "DE", " "))).await;
    assert_eq!((status.as_u16(), body["field"].as_str()), (422, Some("reason")), "{body}");
    let (status, body) =
        app.call("POST", "/api/v1/clearances", Some("border-de"), Some(clearance("  ", "DE", "checked"))).await;
    assert_eq!((status.as_u16(), body["field"].as_str()), (422, Some("document.number")), "{body}");
    let (status, _) =
        app.call("POST", "/api/v1/clearances", Some("border-it"), Some(clearance("C0FFEE42", "DE", "checked"))).await;
    assert_eq!(status, 404, "IT may not see the notice");
    let (status, _) =
        app.call("POST", "/api/v1/clearances", Some("reviewer"), Some(clearance("C0FFEE42", "DE", "checked"))).await;
    assert_eq!(status, 403);
    let unchanged = hit_on(&screen(&app, "border-de", traveller(Some("C0FFEE42"))).await);
    assert!(!safeguard_codes(&unchanged).contains(&"cleared_not_the_person"));

    // A German officer compares fingerprints: this traveller is someone else.
    let (status, cleared) = app
        .call(
            "POST",
            "/api/v1/clearances",
            Some("border-de"),
            Some(clearance("c0ffee-42", "DE", "fingerprints taken at the border differ")),
        )
        .await;
    assert_eq!(status, 201, "{cleared}");
    assert_eq!((cleared["document_number"].as_str(), cleared["country"].as_str()), (Some("C0FFEE42"), Some("DE")));
    let (status, _) =
        app.call("POST", "/api/v1/clearances", Some("ncb-de"), Some(clearance("C0FFEE42", "DE", "again"))).await;
    assert_eq!(status, 409, "one standing clearance per record and document");

    // The very next screening of that document says so, and France is not told; the hit stays visible.
    let again = hit_on(&screen(&app, "border-de", traveller(Some("C0FFEE42"))).await);
    assert!(safeguard_codes(&again).contains(&"cleared_not_the_person"), "{again}");
    assert_eq!((again["match"].as_bool(), again["requester_notified"].as_bool()), (Some(true), Some(false)));
    assert!(again.to_string().contains("fingerprints taken at the border differ"));
    // Near cases: the same name with another document, or none, is not cleared.
    for other in [traveller(Some("C0FFEE43")), traveller(None)] {
        let h = hit_on(&screen(&app, "border-de", other).await);
        assert!(!safeguard_codes(&h).contains(&"cleared_not_the_person"), "{h}");
        assert_eq!(h["requester_notified"], true);
    }
    let alerts_to_fr = || {
        let (app, published) = (&app, w.published.clone());
        async move {
            let (_, alerts) = app.call("GET", "/api/v1/alerts?limit=500", Some("ncb-fr"), None).await;
            alerts.as_array().unwrap().iter().filter(|a| a["id"] == published.as_str()).count()
        }
    };
    let for_fr = alerts_to_fr().await;
    assert_eq!(for_fr, 4, "the first screenings and the near cases; none since the clearance");

    // Who reads clearances: the clearing country and reviewers; never the requester.
    let count = |actor: &'static str| {
        let app = &app;
        async move {
            let (status, body) = app.call("GET", "/api/v1/clearances", Some(actor), None).await;
            assert_eq!(status, 200, "{body}");
            body.as_array().unwrap().iter().filter(|c| c["document_number"] == "C0FFEE42").count()
        }
    };
    assert_eq!((count("ncb-de").await, count("reviewer").await, count("ncb-fr").await), (1, 1, 0));

    // Only Germany withdraws it; then the next screening reports him again.
    let id = cleared["id"].as_str().unwrap();
    let path = format!("/api/v1/clearances/{id}/withdraw");
    let (status, _) = app.call("POST", &path, Some("ncb-it"), Some(json!({"reason": "no"}))).await;
    assert_eq!(status, 404);
    let (status, body) = app.call("POST", &path, Some("ncb-de"), Some(json!({"reason": "wrong notice"}))).await;
    assert_eq!((status.as_u16(), body["active"].as_bool()), (200, Some(false)), "{body}");
    let after = hit_on(&screen(&app, "border-de", traveller(Some("C0FFEE42"))).await);
    assert!(!safeguard_codes(&after).contains(&"cleared_not_the_person"));
    assert_eq!(after["requester_notified"], true);
    assert_eq!(alerts_to_fr().await, for_fr + 1, "reported again once the clearance is withdrawn");

    let (_, audit) = app.call("GET", "/api/v1/audit?limit=300", Some("admin"), None).await;
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    for action in ["clearance.record", "clearance.withdraw", "clearance.list", "notice.clear.denied"] {
        assert!(actions.contains(&action), "{action} is audited");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_challenge_before_the_commission_is_on_every_hit_until_it_is_decided() {
    use article3_store::Store;
    let app = spawn_app().await;
    let w = app.world.clone();
    let today = time::OffsetDateTime::now_utc().date();
    let application = |reference: &str, lodged_on: time::Date| {
        json!({
            "kind": "notice",
            "id": w.published,
            "reference": reference,
            "grounds": "The applicant, a journalist, says the charges punish his reporting (Art. 3).",
            "lodged_on": article3_domain::iso_date(lodged_on),
        })
    };
    let under_challenge = |result: &Value| safeguard_texts(hit(result, &w.published), "under_challenge");
    assert!(under_challenge(&screen(&app, "border-de", jean()).await).is_empty(), "none before");

    // Bad input is refused, naming the field, and changes nothing.
    for (body, field) in [
        (application("CCF/2026/0412", today + time::Duration::days(1)), "lodged_on"),
        (application("  ", today), "reference"),
        (
            json!({"kind": "alert", "id": w.published, "reference": "R", "grounds": "g", "lodged_on": "2026-01-01"}),
            "kind",
        ),
        (
            json!({"kind": "notice", "id": w.published, "reference": "R", "grounds": " ", "lodged_on": "2026-01-01"}),
            "grounds",
        ),
        (
            json!({"kind": "notice", "id": w.published, "reference": "R", "grounds": "g", "lodged_on": "1 May"}),
            "lodged_on",
        ),
    ] {
        let (status, problem) = app.call("POST", "/api/v1/challenges", Some("commission"), Some(body)).await;
        assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some(field)), "{problem}");
    }
    let (status, _) =
        app.call("POST", "/api/v1/challenges", Some("reviewer"), Some(application("CCF/2026/0412", today))).await;
    assert_eq!(status, 403, "only the Commission registers");
    let mut unknown = application("CCF/2026/0412", today);
    unknown["id"] = json!(w.published.chars().rev().collect::<String>());
    let (status, _) = app.call("POST", "/api/v1/challenges", Some("commission"), Some(unknown)).await;
    assert_eq!(status, 404);
    let on_it = format!("/api/v1/challenges?kind=notice&id={}", w.published);
    let (_, listed) = app.call("GET", &on_it, Some("commission"), None).await;
    assert_eq!(listed, json!([]), "nothing was written");

    // Registered: the very next hit says so, with the file and the date, but not the grounds.
    let lodged = today - time::Duration::days(30);
    let (status, challenge) =
        app.call("POST", "/api/v1/challenges", Some("commission"), Some(application("CCF/2026/0412", lodged))).await;
    assert_eq!(status, 201, "{challenge}");
    assert_eq!(challenge["pending"], true);
    let (status, _) =
        app.call("POST", "/api/v1/challenges", Some("commission"), Some(application("CCF/2026/0412", today))).await;
    assert_eq!(status, 409, "a file reference is one challenge's");
    let result = screen(&app, "border-de", jean()).await;
    let said = under_challenge(&result);
    assert_eq!(said.len(), 1, "{result}");
    assert!(said[0].contains("CCF/2026/0412") && said[0].contains(&article3_domain::iso_date(lodged)), "{}", said[0]);
    assert!(!result.to_string().contains("journalist"), "the grounds stay with the Commission");
    assert_eq!(hit(&result, &w.published)["requester_notified"], true, "the notice still stands");
    let (_, alerts) = app.call("GET", "/api/v1/alerts", Some("reviewer"), None).await;
    let seq = hit(&result, &w.published)["alert"].clone();
    let alert = alerts.as_array().unwrap().iter().find(|a| a["seq"] == seq).unwrap();
    let carried = json!({"code": "under_challenge", "text": said[0]});
    assert!(alert["safeguards"].as_array().unwrap().contains(&carried), "{alert}");
    // Alerts are selected by the safeguard's code: this one, not the other notice's alert.
    let (status, selected) = app.call("GET", "/api/v1/alerts?safeguard=under_challenge", Some("reviewer"), None).await;
    assert_eq!(status, 200, "{selected}");
    let ids: Vec<&str> = selected.as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [w.published.as_str()], "{selected}");
    let (_, other) = app.call("GET", "/api/v1/alerts?safeguard=extradition_refused", Some("reviewer"), None).await;
    assert_eq!(other, json!([]));
    for (path, actor) in
        [("/api/v1/alerts?safeguard=under", "reviewer"), ("/api/v1/alerts/stream?safeguard=x", "ncb-fr")]
    {
        let (status, problem) = app.call("GET", path, Some(actor), None).await;
        assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some("safeguard")), "{path}: {problem}");
    }
    // The other notice the traveller matches is not under challenge.
    assert!(
        !safeguard_codes(hit(&result, &w.public)).contains(&"under_challenge"),
        "a challenge is on its own record only"
    );

    // Who lists: the Commission, reviewers, the requesting bureau; not another bureau, not an officer.
    let count = |actor: &'static str| {
        let app = &app;
        async move {
            let (status, body) = app.call("GET", "/api/v1/challenges", Some(actor), None).await;
            (status.as_u16(), body.as_array().map_or(0, Vec::len))
        }
    };
    // (The world's own challenge, against the diffusion, is the other.)
    assert_eq!(count("reviewer").await, (200, 2));
    // The listing gives each contested record's status as it is now; a registration does not.
    assert!(challenge.get("record_status").is_none(), "{challenge}");
    let (_, listed) = app.call("GET", "/api/v1/challenges", Some("commission"), None).await;
    let status_of = |kind: &str| {
        listed.as_array().unwrap().iter().find(|c| c["kind"] == kind).map(|c| c["record_status"].clone()).unwrap()
    };
    assert_eq!(status_of("notice"), "published", "{listed}");
    assert!(status_of("diffusion").as_str().is_some_and(|s| !s.is_empty()), "{listed}");
    assert_eq!(count("ncb-fr").await, (200, 2));
    assert_eq!(count("ncb-de").await, (200, 0));
    assert_eq!(count("border-de").await.0, 403);

    // Decided: the next hit no longer says it is pending; a second decision is refused.
    let decide = format!("/api/v1/challenges/{}/decide", challenge["id"].as_str().unwrap());
    let (status, problem) =
        app.call("POST", &decide, Some("commission"), Some(json!({"outcome": "granted", "reason": "r"}))).await;
    assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some("outcome")));
    let (status, decided) = app
        .call(
            "POST",
            &decide,
            Some("commission"),
            Some(json!({"outcome": "rejected", "reason": "The charges are ordinary crime."})),
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    assert_eq!((decided["pending"].clone(), decided["outcome"].clone()), (json!(false), json!("rejected")));
    assert!(under_challenge(&screen(&app, "border-de", jean()).await).is_empty(), "decided, no longer shown");
    let (status, _) =
        app.call("POST", &decide, Some("commission"), Some(json!({"outcome": "upheld", "reason": "again"}))).await;
    assert_eq!(status, 409);

    // Registered by another server: shown from the next poll on.
    let commission = app.store.user_by_name("commission").await.unwrap().unwrap().actor();
    let elsewhere = article3_domain::ChallengeApplication::new(
        article3_domain::RecordKind::Notice,
        &w.published,
        "CCF/2026/0413",
        "identity mistaken",
        today,
        today,
    )
    .unwrap();
    app.store.register_challenge(&commission, &elsewhere).await.unwrap();
    assert!(under_challenge(&screen(&app, "border-de", jean()).await).is_empty(), "not polled yet");
    app.screening.poll().await;
    let said = under_challenge(&screen(&app, "border-de", jean()).await);
    assert!(said.len() == 1 && said[0].contains("CCF/2026/0413"), "{said:?}");

    let (_, audit) = app.call("GET", "/api/v1/audit?limit=300", Some("admin"), None).await;
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    for action in ["challenge.register", "challenge.decide", "challenge.list"] {
        assert!(actions.contains(&action), "{action} is audited");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_screening_country_records_each_alerts_outcome_once_and_an_action_against_a_caution_says_so() {
    let app = spawn_app().await;
    let w = app.world.clone();
    let (_, published, flagged) = german_alerts_on_jean(&app).await;
    let path = |seq: i64| format!("/api/v1/alerts/{seq}/outcome");
    let outcome =
        |identity: &str, action: &str, reason: &str| json!({"identity": identity, "action": action, "reason": reason});
    let listed = |actor: &'static str, query: &'static str| alert_seqs(&app, actor, query);
    assert_eq!(listed("reviewer", "outcome=pending").await, BTreeSet::from([published, flagged]));

    // Bad input and the wrong people are refused, and change nothing.
    for (body, field) in [
        (outcome("maybe", "none", "checked"), "identity"),
        (outcome("confirmed", "detained", "checked"), "action"),
        (outcome("confirmed", "none", "  "), "reason"),
        (outcome("unresolved", "arrested", "looks like him"), "action"),
        (outcome("confirmed", "document_seized", "checked"), "action"),
    ] {
        let (status, problem) = app.call("POST", &path(published), Some("border-de"), Some(body)).await;
        assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some(field)), "{problem}");
    }
    let no = outcome("not_the_person", "none", "fingerprints differ");
    for (actor, seq, expected) in [
        ("ncb-fr", published, 403), // the requester receives the alert but did not screen
        ("reviewer", published, 403),
        ("ncb-fr", flagged, 404), // withheld from the requester
        ("border-it", published, 404),
        ("border-de", flagged + 1000, 404),
    ] {
        let (status, body) = app.call("POST", &path(seq), Some(actor), Some(no.clone())).await;
        assert_eq!(status.as_u16(), expected, "{actor} on {seq}: {body}");
    }
    let (status, _) = app.call("POST", "/api/v1/alerts/first/outcome", Some("border-de"), Some(no.clone())).await;
    assert_eq!(status, 404);
    assert_eq!(listed("reviewer", "outcome=pending").await, BTreeSet::from([published, flagged]), "nothing recorded");

    // Germany arrests on the notice it flagged: recorded, with the caution the arrest went against.
    let arrest = outcome("confirmed", "arrested", "arrest ordered by the Amtsgericht after review of the warrant");
    let (status, arrested) = app.call("POST", &path(flagged), Some("border-de"), Some(arrest)).await;
    assert_eq!(status, 201, "{arrested}");
    assert_eq!(arrested["seq"], flagged);
    assert_eq!(
        (arrested["outcome"]["identity"].as_str(), arrested["outcome"]["action"].as_str()),
        (Some("confirmed"), Some("arrested"))
    );
    let departs: Vec<&str> =
        arrested["outcome"]["departs_from"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert!(departs.contains(&"flagged_by_your_country"), "{departs:?}");
    assert!(!departs.contains(&"judicial_review_required"), "{departs:?}");
    // The other traveller is someone else, as Germany's bureau records.
    let (status, cleared) = app.call("POST", &path(published), Some("ncb-de"), Some(no.clone())).await;
    assert_eq!(status, 201, "{cleared}");
    assert_eq!(cleared["outcome"]["departs_from"], json!([]));
    assert_eq!(cleared["outcome"]["recorded_by"], "ncb-de");
    let (status, problem) = app.call("POST", &path(published), Some("border-de"), Some(no.clone())).await;
    assert_eq!(status, 409, "once: {problem}");

    // The very next hit on that notice says a traveller stopped on it was someone else; the notice whose
    // traveller was confirmed says nothing of the kind.
    let misidentified = |result: &Value, id: &str| safeguard_texts(hit(result, id), "misidentified_before");
    let next = screen(&app, "border-de", jean()).await;
    let said = misidentified(&next, &w.published);
    assert_eq!(said.len(), 1, "{next}");
    assert!(said[0].contains("found once"), "{said:?}");
    assert!(misidentified(&next, &w.public).is_empty(), "{next}");
    // Recorded by another process: the index learns it at its next poll.
    use article3_store::Store;
    let officer = app.store.user_by_name("border-de").await.unwrap().unwrap().actor();
    let again = hit(&next, &w.published)["alert"].as_i64().unwrap();
    let elsewhere = article3_store::NewAlertOutcome {
        identity: article3_domain::Identification::NotThePerson,
        action: article3_domain::HitAction::None,
        reason: "date of birth differs on the passport".to_owned(),
    };
    app.store.record_alert_outcome(&officer, again, &elsewhere, None).await.unwrap();
    assert!(misidentified(&screen(&app, "border-de", jean()).await, &w.published)[0].contains("found once"));
    app.screening.poll().await;
    let polled = misidentified(&screen(&app, "border-de", jean()).await, &w.published);
    assert!(polled[0].contains("found 2 times"), "{polled:?}");

    // Listings carry outcomes and select by them; France sees the outcome of the alert it received only.
    assert!(!listed("reviewer", "outcome=pending").await.contains(&published));
    assert_eq!(listed("reviewer", "outcome=departed").await, BTreeSet::from([flagged]));
    assert_eq!(
        listed("reviewer", "outcome=confirmed&safeguard=flagged_by_your_country").await,
        BTreeSet::from([flagged])
    );
    assert_eq!(listed("ncb-fr", "outcome=not_the_person").await, BTreeSet::from([published, again]));
    assert!(listed("ncb-fr", "outcome=departed").await.is_empty());
    let (_, fr) = app.call("GET", "/api/v1/alerts", Some("ncb-fr"), None).await;
    assert_eq!(fr[0]["outcome"]["reason"], "fingerprints differ");
    let (status, problem) = app.call("GET", "/api/v1/alerts?outcome=closed", Some("reviewer"), None).await;
    assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some("outcome")), "{problem}");

    let (_, audit) = app.call("GET", "/api/v1/audit?limit=100", Some("admin"), None).await;
    let recorded: Vec<&Value> = audit.as_array().unwrap().iter().filter(|r| r["action"] == "alert.outcome").collect();
    assert_eq!(recorded.len(), 3, "{recorded:?}");
    let on_flagged = recorded.iter().find(|r| r["object_id"] == w.public.as_str()).unwrap();
    assert!(on_flagged["detail"].as_str().unwrap().contains("action=arrested departs_from=flagged_by_your_country"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrected_outcome_keeps_the_one_it_replaced_and_the_next_hit_follows_the_correction() {
    let app = spawn_app().await;
    let w = app.world.clone();
    let (_, published, flagged) = german_alerts_on_jean(&app).await;
    let correct = |seq: i64| format!("/api/v1/alerts/{seq}/outcome/corrections");
    let body = |revision: i64, identity: &str, action: &str, reason: &str| json!({"revision": revision, "identity": identity, "action": action, "reason": reason});
    let no = json!({"identity": "not_the_person", "action": "none", "reason": "photo differs"});
    let path = format!("/api/v1/alerts/{published}/outcome");
    let (status, first) = app.call("POST", &path, Some("border-de"), Some(no)).await;
    assert_eq!((status.as_u16(), first["outcome"]["revision"].as_i64()), (201, Some(1)), "{first}");
    assert_eq!(first["outcome"]["earlier"], json!([]));
    let misidentified = |result: &Value| safeguard_texts(hit(result, &w.published), "misidentified_before");
    assert_eq!(misidentified(&screen(&app, "border-de", jean()).await).len(), 1);

    // Bad input, a correction that changes nothing, a stale revision and the wrong people change nothing.
    let fingerprints = body(1, "confirmed", "located", "fingerprints taken at the second line match");
    for (request, field) in [
        (body(0, "confirmed", "located", "fingerprints match"), "revision"),
        (body(1, "maybe", "none", "fingerprints match"), "identity"),
        (body(1, "not_the_person", "none", " photo differs "), "identity"),
        (body(1, "not_the_person", "located", "fingerprints match"), "action"),
        (body(1, "confirmed", "located", ""), "reason"),
    ] {
        let (status, problem) = app.call("POST", &correct(published), Some("border-de"), Some(request)).await;
        assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some(field)), "{problem}");
    }
    for (actor, seq, request, expected) in [
        ("ncb-fr", published, fingerprints.clone(), 403), // the requester did not screen
        ("reviewer", published, fingerprints.clone(), 403),
        ("border-it", published, fingerprints.clone(), 404),
        ("border-de", published, body(2, "confirmed", "located", "fingerprints match"), 409), // not yet at 2
        ("border-de", flagged, fingerprints.clone(), 409),                                    // no outcome to correct
    ] {
        let (status, problem) = app.call("POST", &correct(seq), Some(actor), Some(request)).await;
        assert_eq!(status.as_u16(), expected, "{actor} on {seq}: {problem}");
    }
    let (_, unchanged) = app.call("GET", "/api/v1/alerts?outcome=not_the_person", Some("reviewer"), None).await;
    assert_eq!(unchanged[0]["outcome"], first["outcome"], "nothing written");

    // The fingerprints show the traveller is the person sought after all: the correction is the outcome
    // now, the first revision stays readable, and the next hit no longer says anyone was misidentified.
    let (status, corrected) = app.call("POST", &correct(published), Some("ncb-de"), Some(fingerprints.clone())).await;
    assert_eq!(status, 201, "{corrected}");
    let outcome = &corrected["outcome"];
    assert_eq!(
        (outcome["revision"].as_i64(), outcome["identity"].as_str(), outcome["action"].as_str()),
        (Some(2), Some("confirmed"), Some("located"))
    );
    assert_eq!(outcome["recorded_by"], "ncb-de");
    assert_eq!(outcome["earlier"][0]["revision"], 1);
    assert_eq!(outcome["earlier"][0]["reason"], "photo differs");
    assert_eq!(outcome["earlier"][0]["recorded_by"], "border-de");
    assert!(misidentified(&screen(&app, "border-de", jean()).await).is_empty());
    let (status, _) = app.call("POST", &correct(published), Some("border-de"), Some(fingerprints)).await;
    assert_eq!(status, 409, "revision 1 is corrected already");
    let (_, fr) = app.call("GET", "/api/v1/alerts?outcome=confirmed", Some("ncb-fr"), None).await;
    assert_eq!(fr[0]["outcome"], *outcome, "the requester reads the correction and what it replaced");

    let (_, audit) = app.call("GET", "/api/v1/audit?limit=50", Some("admin"), None).await;
    let corrections: Vec<&Value> =
        audit.as_array().unwrap().iter().filter(|r| r["action"] == "alert.outcome_correct").collect();
    assert_eq!(corrections.len(), 1, "{corrections:?}");
    assert!(corrections[0]["detail"].as_str().unwrap().contains("identity=not_the_person->confirmed"));
    let metrics = metrics(&app).await;
    let counted = |l: &&str| l.starts_with("article3_alert_outcomes_total{identity=\"confirmed\"");
    let corrected: Vec<&str> = metrics.lines().filter(counted).filter(|l| l.contains("correction")).collect();
    assert!(corrected.len() == 1 && corrected[0].ends_with("revision=\"correction\"} 1"), "{metrics}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_not_the_person_outcome_clears_the_travellers_document_in_the_same_step() {
    let app = spawn_app().await;
    let w = app.world.clone();
    let mut traveller = jean();
    traveller["documents"] = json!(["C0FFEE42"]);
    let first = screen(&app, "border-de", traveller.clone()).await;
    let seq = hit(&first, &w.published)["alert"].as_i64().unwrap();
    let path = format!("/api/v1/alerts/{seq}/outcome");
    let body = |identity: &str, number: &str, country: &str| {
        json!({"identity": identity, "action": "none", "reason": "fingerprints differ",
               "clear_document": {"number": number, "issuing_country": country}})
    };
    let clearances = || async {
        let (_, listed) = app.call("GET", "/api/v1/clearances", Some("reviewer"), None).await;
        listed.as_array().unwrap().len()
    };
    let standing = clearances().await;

    // Refusals change nothing: neither the outcome nor the clearance is written.
    for (request, field) in [
        (body("confirmed", "C0FFEE42", "DE"), "clear_document"),
        (body("unresolved", "C0FFEE42", "DE"), "clear_document"),
        (body("not_the_person", "!!", "DE"), "clear_document.number"),
        (body("not_the_person", "C0FFEE42", "QQ"), "clear_document.issuing_country"),
    ] {
        let (status, problem) = app.call("POST", &path, Some("border-de"), Some(request)).await;
        assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some(field)), "{problem}");
    }
    // A caseworker records outcomes but does not clear.
    let (status, problem) =
        app.call("POST", &path, Some("caseworker-de"), Some(body("not_the_person", "C0FFEE42", "DE"))).await;
    assert_eq!(status, 403, "{problem}");
    assert!(alert_seqs(&app, "reviewer", "outcome=pending").await.contains(&seq), "nothing recorded");
    assert_eq!(clearances().await, standing);

    // The officer closes the alert and clears the traveller's passport in one request.
    let (status, recorded) =
        app.call("POST", &path, Some("border-de"), Some(body("not_the_person", "c0ffee-42", "DE"))).await;
    assert_eq!(status, 201, "{recorded}");
    assert_eq!(
        (recorded["seq"].as_i64(), recorded["outcome"]["identity"].as_str()),
        (Some(seq), Some("not_the_person"))
    );
    let clearance = &recorded["clearance"];
    assert_eq!(
        (clearance["document_number"].as_str(), clearance["object_id"].as_str(), clearance["reason"].as_str()),
        (Some("C0FFEE42"), Some(w.published.as_str()), Some("fingerprints differ"))
    );
    assert_eq!(clearances().await, standing + 1);
    // The next screening of that passport shows the clearance and spares the requester; the record's
    // hits also say a traveller stopped on it was someone else.
    let next = screen(&app, "border-de", traveller).await;
    let codes = safeguard_codes(hit(&next, &w.published));
    assert!(codes.contains(&"cleared_not_the_person") && codes.contains(&"misidentified_before"), "{codes:?}");
    assert_eq!(hit(&next, &w.published)["requester_notified"], false);
    // Without a document to clear, the response is the alert alone, as before.
    let other = hit(&next, &w.published)["alert"].as_i64().unwrap();
    let plain = json!({"identity": "not_the_person", "action": "none", "reason": "cleared already"});
    let (status, alone) =
        app.call("POST", &format!("/api/v1/alerts/{other}/outcome"), Some("border-de"), Some(plain)).await;
    assert_eq!(status, 201, "{alone}");
    assert!(alone.get("clearance").is_none(), "{alone}");

    // Fingerprints compared again match: the correction withdraws the clearance in the same request, and
    // the next screening of that passport treats the traveller as before it was cleared.
    let corrections = format!("{path}/corrections");
    let confirmed = json!({"revision": 1, "identity": "confirmed", "action": "none",
                           "reason": "second fingerprint comparison matches"});
    let (status, corrected) = app.call("POST", &corrections, Some("border-de"), Some(confirmed)).await;
    assert_eq!(status, 201, "{corrected}");
    let withdrawn = corrected["clearances_withdrawn"].as_array().unwrap();
    assert_eq!(withdrawn.len(), 1, "{corrected}");
    assert_eq!((withdrawn[0]["id"].clone(), withdrawn[0]["active"].as_bool()), (clearance["id"].clone(), Some(false)));
    assert_eq!(withdrawn[0]["alert"].as_i64(), Some(seq));
    assert_eq!(clearances().await, standing + 1, "withdrawn, still listed");
    let mut passport = jean();
    passport["documents"] = json!(["C0FFEE42"]);
    let after = screen(&app, "border-de", passport).await;
    assert!(!safeguard_codes(hit(&after, &w.published)).contains(&"cleared_not_the_person"), "{after}");
    assert_eq!(hit(&after, &w.published)["requester_notified"], hit(&first, &w.published)["requester_notified"]);
    // Corrected back, with the document: cleared again, nothing withdrawn.
    let cleared = json!({"revision": 2, "identity": "not_the_person", "action": "none", "reason": "the match was a clerical error",
                         "clear_document": {"number": "C0FFEE42", "issuing_country": "DE"}});
    let (status, again) = app.call("POST", &corrections, Some("border-de"), Some(cleared)).await;
    assert_eq!(status, 201, "{again}");
    assert_eq!(again["clearance"]["alert"].as_i64(), Some(seq), "{again}");
    assert!(again.get("clearances_withdrawn").is_none(), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refugee_status_recorded_under_another_spelling_shows_as_possible_on_the_next_hit() {
    let app = spawn_app().await;
    let w = app.world.clone();
    let refugee = |given: &str, family: &str, born: &str, fled_from: &str| {
        json!({"subject": {"names": [{"given": given, "family": family}], "birth_dates": [born]},
               "fled_from": fled_from, "granted_on": "2020-03-01"})
    };
    let codes_now = |result: &Value| -> Vec<String> {
        safeguard_codes(hit(result, &w.published)).into_iter().map(str::to_owned).collect()
    };
    // Near cases: the same spelling variant born thirty years earlier, and one who fled another country.
    for body in [refugee("Jean", "Exempel", "1951-04-02", "FR"), refugee("Jean", "Exempel", "1981-04-02", "TR")] {
        let (status, recorded) = app.call("POST", "/api/v1/refugee-statuses", Some("ncb-de"), Some(body)).await;
        assert_eq!(status, 201, "{recorded}");
        assert!(recorded.get("records_from_country_fled").is_none(), "{recorded}");
    }
    let near = screen(&app, "border-de", jean()).await;
    assert!(!codes_now(&near).iter().any(|c| c.starts_with("possible_") || c == "refugee_status_recorded"), "{near}");
    assert_eq!(hit(&near, &w.published)["requester_notified"], true);

    // Germany records as a refugee from France a person its asylum file spells "Jean Exempel", born on the
    // notice subject's date of birth: the identity keys differ, the engine links them.
    let body = refugee("Jean", "Exempel", "1981-04-02", "FR");
    let (status, recorded) = app.call("POST", "/api/v1/refugee-statuses", Some("ncb-de"), Some(body)).await;
    assert_eq!(status, 201, "{recorded}");
    // Germany is told at once which live French records it may see are about him, to flag them.
    let linked = recorded["records_from_country_fled"].as_array().unwrap();
    assert!(linked.iter().any(|r| r["id"] == w.published.as_str() && r["kind"] == "notice"), "{recorded}");
    assert!(linked.iter().all(|r| r["score"].as_f64().unwrap() >= 0.8), "{recorded}");
    let (_, audit) = app.call("GET", "/api/v1/audit?limit=20", Some("admin"), None).await;
    let found = audit.as_array().unwrap().iter().find(|e| e["action"] == "refugee_status.records_found");
    assert!(found.unwrap()["detail"].as_str().unwrap().contains(w.published.as_str()), "{audit}");
    // Italy, excluded from that notice, protecting the same person: only what Italy may see is listed.
    let body = refugee("Jean", "Exempel", "1981-04-02", "FR");
    let (status, by_italy) = app.call("POST", "/api/v1/refugee-statuses", Some("ncb-it"), Some(body)).await;
    assert_eq!(status, 201, "{by_italy}");
    let listed = by_italy["records_from_country_fled"].as_array().unwrap();
    assert!(listed.iter().any(|r| r["id"] == w.public.as_str()), "{by_italy}");
    assert!(listed.iter().all(|r| r["id"] != w.published.as_str()), "{by_italy}");
    let next = screen(&app, "border-de", jean()).await;
    let published = hit(&next, &w.published);
    assert!(codes_now(&next).contains(&"possible_refugee_status".to_owned()), "{published}");
    assert!(!codes_now(&next).contains(&"refugee_status_recorded".to_owned()), "not recorded under these keys");
    assert_eq!(published["requester_notified"], false, "France is not told where the person may be");
    let text = published["safeguards"].as_array().unwrap().iter().find(|s| s["code"] == "possible_refugee_status");
    let text = text.unwrap()["text"].as_str().unwrap();
    assert!(text.starts_with("Your country recorded as a refugee from FR") && text.contains("'exempel'"), "{text}");
    assert!(text.contains("same date of birth") && !text.contains("  "), "{text}");

    // An extradition refusal recorded under that spelling is a possible one too; France is told of it
    // as of an exact one (the refusal withholds nothing).
    let refusal = json!({"subject": {"names": [{"given": "Jean", "family": "Exempel"}], "birth_dates": ["1981-04-02"]},
                         "requesting_country": "FR", "refused_on": "2024-06-01", "grounds": "political offence"});
    let (status, body) = app.call("POST", "/api/v1/extradition-refusals", Some("ncb-it"), Some(refusal)).await;
    assert_eq!(status, 201, "{body}");
    let refused = screen(&app, "border-de", jean()).await;
    assert!(codes_now(&refused).contains(&"possible_extradition_refusal".to_owned()), "{refused}");
    assert!(!codes_now(&refused).contains(&"extradition_refused".to_owned()), "{refused}");
    // Its text may reach the requester (a refusal withholds nothing): the score, not the other spelling.
    let safeguards = hit(&refused, &w.published)["safeguards"].as_array().unwrap().clone();
    let text = safeguards.iter().find(|s| s["code"] == "possible_extradition_refusal").unwrap()["text"].to_string();
    assert!(text.contains("(score 0.89)") && !text.to_lowercase().contains("exempel"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refugee_recorded_without_a_date_of_birth_is_still_found_under_another_spelling() {
    // A name without a year of birth gives no identity key at all: only the engine can link it.
    let app = spawn_app().await;
    let w = app.world.clone();
    let body = json!({"subject": {"names": [{"given": "Jean", "family": "Exempel"}]}, "fled_from": "FR",
                      "granted_on": "2020-03-01"});
    let (status, recorded) = app.call("POST", "/api/v1/refugee-statuses", Some("ncb-de"), Some(body)).await;
    assert_eq!(status, 201, "{recorded}");
    let next = screen(&app, "border-de", jean()).await;
    let published = hit(&next, &w.published);
    assert!(safeguard_codes(published).contains(&"possible_refugee_status"), "{published}");
    assert_eq!(published["requester_notified"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screening_clients_bad_input_is_named_by_the_property_it_sent() {
    let app = spawn_app().await;
    let long = "x".repeat(400);
    for (properties, field, reason) in [
        (json!({"name": ["Jean Exemple"], "birthDate": ["1990..2999"]}), "birthDate[0]", "impossible_date"),
        (json!({"name": ["Jean Exemple"], "birthDate": "1981-13-40"}), "birthDate[0]", "invalid_date"),
        (json!({"name": ["Jean Exemple"], "nationality": ["fr", "ZZ"]}), "nationality[1]", "unknown_country"),
        (
            json!({"name": ["Jean Exemple"], "nationality": ["fr"], "citizenship": ["QQ"]}),
            "citizenship[0]",
            "unknown_country",
        ),
        (json!({"name": ["Jean Exemple", "Jean Ex"], "alias": ["J. E.", long]}), "alias[1]", "too_long"),
        (json!({"name": ["Jean Exemple", long]}), "name[1]", "too_long"),
        (json!({"firstName": [long], "lastName": ["Exemple"]}), "firstName[0]", "too_long"),
    ] {
        let query = json!({"queries": {"q1": {"schema": "Person", "properties": properties.clone()}}});
        let (status, body) = app.call("POST", "/match/default", Some("border-de"), Some(query)).await;
        assert_eq!(status.as_u16(), 422, "{properties}: {body}");
        assert_eq!(
            (body["field"].as_str(), body["reason"].as_str()),
            (Some(format!("queries.q1.properties.{field}").as_str()), Some(reason)),
            "{properties}: {body}"
        );
    }
    // The near case: the same values, well formed, are screened.
    let good = json!({"queries": {"q1": {"schema": "Person", "properties": {
        "name": ["Jean Exemple", "Jean Ex"], "alias": ["J. E."], "birthDate": ["1979..1983"], "nationality": ["fr"], "citizenship": ["de"]}}}});
    let (status, body) = app.call("POST", "/match/default", Some("border-de"), Some(good)).await;
    assert_eq!(status, 200, "{body}");
}
