//! The main flows end to end through the API.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, diffusion_body, red_notice_body, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_review_publish_and_see_from_another_country() {
    let app = spawn_app().await;
    let (status, login) =
        app.call("POST", "/api/v1/auth/token", None, Some(json!({"username": "ncb-fr", "password": PASSWORD}))).await;
    assert_eq!(status, 200);
    assert_eq!(login["token_type"], "Bearer");
    assert_eq!(login["user"]["country"], "FR");

    let (status, notice) = app
        .call(
            "POST",
            "/api/v1/notices",
            Some("ncb-fr"),
            Some(red_notice_body(json!({"mode": "exclude", "countries": ["IT"]}), false)),
        )
        .await;
    assert_eq!(status, 201, "{notice}");
    assert_eq!(notice["status"], "submitted");
    assert_eq!(notice["requesting_country"], "FR");
    assert_eq!(notice["subject"]["names"][1]["full"], "Жан Экзампл");
    let id = notice["id"].as_str().unwrap().to_owned();

    let (_, queue) = app.call("GET", "/api/v1/review/queue", Some("reviewer"), None).await;
    assert!(queue.as_array().unwrap().iter().any(|q| q["id"] == id.as_str()));
    let (_, reviews) = app.call("GET", &format!("/api/v1/notices/{id}/reviews"), Some("reviewer"), None).await;
    let shipped = article3_rules::ComplianceEngine::shipped().unwrap().ruleset().version.clone();
    assert_eq!(reviews[0]["evaluation"]["ruleset_version"], shipped.as_str(), "the review records the rule set it ran");
    assert_eq!(reviews[0]["evaluation"]["recommendation"], "approve", "{reviews}");
    assert!(reviews[0]["decision"].is_null());

    let (status, problem) = app
        .call(
            "POST",
            &format!("/api/v1/notices/{id}/review"),
            Some("reviewer"),
            Some(json!({"decision": "approve", "reasons": ""})),
        )
        .await;
    assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some("reasons")));
    let (status, problem) = app
        .call("POST", &format!("/api/v1/notices/{id}/cancel"), Some("ncb-fr"), Some(json!({"reason": "located"})))
        .await;
    assert_eq!(
        (status.as_u16(), problem["code"].as_str()),
        (409, Some("illegal_transition")),
        "cannot cancel before publication"
    );

    let (status, published) = app
        .call(
            "POST",
            &format!("/api/v1/notices/{id}/review"),
            Some("reviewer"),
            Some(json!({"decision": "approve", "reasons": "Concrete facts; penalty above threshold."})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(published["status"], "published");
    assert!(published["expires_at"].as_str().unwrap() > published["published_at"].as_str().unwrap());

    let (status, seen_by_de) = app.call("GET", &format!("/api/v1/notices/{id}"), Some("ncb-de"), None).await;
    assert_eq!(status, 200);
    assert_eq!(seen_by_de["subject"]["names"][0]["full"], "Jean Exemple");
    assert!(
        seen_by_de.get("restrictions").is_none() && seen_by_de.get("created_by").is_none(),
        "routing stays with the owner: {seen_by_de}"
    );
    let (_, seen_by_owner) = app.call("GET", &format!("/api/v1/notices/{id}"), Some("ncb-fr"), None).await;
    assert_eq!(seen_by_owner["restrictions"]["countries"][0], "IT");
    assert_eq!(seen_by_owner["created_by"], "ncb-fr");
    assert_eq!(app.call("GET", &format!("/api/v1/notices/{id}"), Some("border-de"), None).await.0, 200);
    assert_eq!(app.call("GET", &format!("/api/v1/notices/{id}"), Some("ncb-it"), None).await.0, 404);

    let (_, history) = app.call("GET", &format!("/api/v1/notices/{id}/history"), Some("ncb-fr"), None).await;
    let steps: Vec<(&str, &str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap(), e["to_status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            ("submit", "ncb-fr", "submitted"),
            ("start_review", "reviewer", "under_review"),
            ("approve", "reviewer", "published")
        ]
    );
    assert_eq!(history[2]["reason"], "Concrete facts; penalty above threshold.");

    let (_, audit) = app.call("GET", "/api/v1/audit?limit=50", Some("admin"), None).await;
    let actions: Vec<(&str, &str)> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["action"].as_str().unwrap(), r["country"].as_str().unwrap()))
        .collect();
    assert!(actions.contains(&("notice.read", "DE")), "reads of personal data are audited");
    assert!(actions.contains(&("notice.read.denied", "IT")), "refused reads are audited");
    let (_, verify) = app.call("POST", "/api/v1/audit/verify", Some("admin"), None).await;
    assert_eq!(verify["intact"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diffusion_circulates_then_is_post_reviewed() {
    let app = spawn_app().await;
    let (status, d) = app.call("POST", "/api/v1/diffusions", Some("ncb-fr"), Some(diffusion_body())).await;
    assert_eq!(status, 201);
    assert_eq!((d["status"].as_str(), d["circulated"].as_bool()), (Some("circulated"), Some(true)));
    let id = d["id"].as_str().unwrap();
    let (status, received) = app.call("GET", &format!("/api/v1/diffusions/{id}"), Some("ncb-de"), None).await;
    assert_eq!(status, 200);
    assert!(received.get("recipients").is_none(), "a recipient does not learn who else received it");
    assert_eq!(d["recipients"]["countries"][0], "DE", "the sender does");
    assert_eq!(app.call("GET", &format!("/api/v1/diffusions/{id}"), Some("ncb-it"), None).await.0, 404);
    let (status, problem) = app
        .call(
            "POST",
            &format!("/api/v1/diffusions/{id}/review"),
            Some("reviewer"),
            Some(json!({"decision": "approve", "reasons": "x"})),
        )
        .await;
    assert_eq!(
        (status.as_u16(), problem["field"].as_str()),
        (422, Some("decision")),
        "diffusions are confirmed or withdrawn"
    );
    let (status, w) = app
        .call(
            "POST",
            &format!("/api/v1/diffusions/{id}/review"),
            Some("reviewer"),
            Some(json!({"decision": "withdraw", "reasons": "Membership of a group is not a concrete act."})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(w["status"], "withdrawn");
    assert_eq!(
        app.call("GET", &format!("/api/v1/diffusions/{id}"), Some("ncb-de"), None).await.0,
        404,
        "withdrawn data leaves recipients"
    );
    let (_, history) = app.call("GET", &format!("/api/v1/diffusions/{id}/history"), Some("ncb-fr"), None).await;
    assert_eq!(history.as_array().unwrap().last().unwrap()["action"], "withdraw");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commission_blocks_and_deletes_and_deletion_is_real() {
    let app = spawn_app().await;
    let id = app.world.published.clone();
    assert_eq!(
        app.call("POST", &format!("/api/v1/notices/{id}/delete"), Some("commission"), Some(json!({"reason": "x"})))
            .await
            .0,
        409,
        "block first"
    );
    let (status, blocked) = app
        .call(
            "POST",
            &format!("/api/v1/notices/{id}/block"),
            Some("commission"),
            Some(json!({"reason": "challenge admitted"})),
        )
        .await;
    assert_eq!((status.as_u16(), blocked["status"].as_str()), (200, Some("blocked")));
    assert_eq!(app.call("GET", &format!("/api/v1/notices/{id}"), Some("ncb-de"), None).await.0, 404);
    assert_eq!(
        app.call("GET", &format!("/api/v1/notices/{id}"), Some("ncb-fr"), None).await.0,
        200,
        "the owner still sees its blocked notice"
    );
    let (status, _) = app
        .call(
            "POST",
            &format!("/api/v1/notices/{id}/delete"),
            Some("commission"),
            Some(json!({"reason": "predominantly political"})),
        )
        .await;
    assert_eq!(status, 200);
    for actor in ["ncb-fr", "reviewer", "commission"] {
        assert_eq!(app.call("GET", &format!("/api/v1/notices/{id}"), Some(actor), None).await.0, 404);
    }
    let row: (Option<String>,) = sqlx::query_as("SELECT subject_doc FROM notices WHERE id = $1")
        .bind(&id)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert!(row.0.is_none(), "personal data is gone from the table");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampering_with_the_audit_log_is_reported() {
    let app = spawn_app().await;
    sqlx::query("UPDATE audit SET actor = 'someone else' WHERE seq = 5").execute(app.store.pool()).await.unwrap();
    let (_, verify) = app.call("POST", "/api/v1/audit/verify", Some("admin"), None).await;
    assert_eq!(verify["intact"], false);
    assert_eq!(verify["broken_at"], 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_edit_countries() {
    let app = spawn_app().await;
    let (status, c) = app
        .call(
            "PUT",
            "/api/v1/countries/TW",
            Some("admin"),
            Some(json!({"name": "Taiwan", "status": "nominal_member", "note": "test"})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(c["status"], "nominal_member");
    let (_, c) = app.call("GET", "/api/v1/countries/TW", None, None).await;
    assert_eq!(c["status"], "nominal_member");
    let (status, problem) = app
        .call("PUT", "/api/v1/countries/TW", Some("admin"), Some(json!({"name": "Taiwan", "status": "observer"})))
        .await;
    assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some("status")));
    let (_, all) = app.call("GET", "/api/v1/countries", None, None).await;
    let members = all.as_array().unwrap().iter().filter(|c| c["status"] == "member").count();
    assert_eq!(members, 196);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bureau_checks_a_draft_before_submitting() {
    let app = spawn_app().await;
    let before = app.notice_count().await;
    let mut draft = red_notice_body(json!({"mode": "none"}), false);
    draft["judicial"]["charges"][0]["description"] = json!("Insulting the President");
    draft["judicial"]["charges"][0]["max_penalty_months"] = json!(12);
    let (status, evaluation) = app.call("POST", "/api/v1/review/evaluate", Some("ncb-fr"), Some(draft)).await;
    assert_eq!(status, 200, "{evaluation}");
    assert_eq!(evaluation["recommendation"], "refuse");
    let rules: Vec<&str> =
        evaluation["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    assert!(rules.contains(&"rpd83.penalty_threshold") && rules.contains(&"rpd83.excluded_offence"), "{rules:?}");
    assert_eq!(app.notice_count().await, before, "nothing is stored");
    let (_, audit) = app.call("GET", "/api/v1/audit?limit=5", Some("admin"), None).await;
    let draft_check = audit.as_array().unwrap().iter().find(|r| r["action"] == "review.evaluate_draft").unwrap();
    assert!(!draft_check["detail"].as_str().unwrap().contains("Exemple"), "the audit keeps no personal data");
    // The same draft, compliant, is recommended for approval.
    let (_, clean) = app
        .call("POST", "/api/v1/review/evaluate", Some("ncb-fr"), Some(red_notice_body(json!({"mode": "none"}), false)))
        .await;
    assert_eq!(clean["recommendation"], "approve", "{clean}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refugee_is_protected_from_the_country_he_fled_without_naming_the_protector() {
    let app = spawn_app().await;
    // Germany protects a person who fled France (all fictional).
    let person = json!({
        "names": [{"given": "Jean", "family": "Exemple"}],
        "birth_dates": ["1981-04-02"],
        "documents": [{"kind": "passport", "number": "19FX12345", "issuing_country": "FR"}]
    });
    let (status, recorded) = app
        .call(
            "POST",
            "/api/v1/refugee-statuses",
            Some("ncb-de"),
            Some(json!({"subject": person, "fled_from": "FR", "granted_on": "2019-05-01"})),
        )
        .await;
    assert_eq!(status, 201, "{recorded}");
    assert_eq!(recorded["protecting_country"], "DE");
    let (_, theirs) = app.call("GET", "/api/v1/refugee-statuses", Some("ncb-fr"), None).await;
    assert!(theirs.as_array().unwrap().is_empty(), "France cannot read Germany's register");

    let (status, notice) = app
        .call("POST", "/api/v1/notices", Some("ncb-fr"), Some(red_notice_body(json!({"mode": "none"}), false)))
        .await;
    assert_eq!(status, 201);
    let id = notice["id"].as_str().unwrap();
    let (_, reviews) = app.call("GET", &format!("/api/v1/notices/{id}/reviews"), Some("ncb-fr"), None).await;
    let evaluation = &reviews[0]["evaluation"];
    assert_eq!(evaluation["recommendation"], "refuse", "{evaluation}");
    let finding = evaluation["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "refugee.requester_is_country_fled")
        .unwrap();
    assert_eq!(finding["severity"], "block");
    assert!(
        !reviews.to_string().contains("\"DE\""),
        "the protecting country is not disclosed to the requester: {reviews}"
    );
    // The near case: Italy's request for the same person is not blocked by a status against France.
    let (_, draft) = app
        .call("POST", "/api/v1/review/evaluate", Some("ncb-it"), Some(red_notice_body(json!({"mode": "none"}), false)))
        .await;
    assert!(
        draft["findings"].as_array().unwrap().iter().all(|f| f["rule_id"] != "refugee.requester_is_country_fled"),
        "{draft}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refugee_written_another_way_sends_the_request_to_a_person() {
    let app = spawn_app().await;
    let status = |family: &str, born: &str| {
        json!({"subject": {"names": [{"given": "Jean", "family": family}], "birth_dates": [born]},
               "fled_from": "FR", "granted_on": "2019-05-01"})
    };
    let draft = || async {
        let body = red_notice_body(json!({"mode": "none"}), false);
        let (status, draft) = app.call("POST", "/api/v1/review/evaluate", Some("ncb-fr"), Some(body)).await;
        assert_eq!(status, 200, "{draft}");
        draft
    };
    let fired = |draft: &serde_json::Value, rule: &str| {
        draft["findings"].as_array().unwrap().iter().any(|f| f["rule_id"] == rule)
    };
    // The near case: the same spelling variant born thirty years earlier is someone else.
    let (code, _) =
        app.call("POST", "/api/v1/refugee-statuses", Some("ncb-de"), Some(status("Exempel", "1951-04-02"))).await;
    assert_eq!(code, 201);
    let before = draft().await;
    assert!(!fired(&before, "refugee.possible_match") && before["recommendation"] == "approve", "{before}");

    // Germany's asylum file spells him "Jean Exempel": the keys differ, so nothing blocks mechanically,
    // but France's request goes to a reviewer, who is told why, without Germany being named.
    let (code, _) =
        app.call("POST", "/api/v1/refugee-statuses", Some("ncb-de"), Some(status("Exempel", "1981-04-02"))).await;
    assert_eq!(code, 201);
    let after = draft().await;
    assert_eq!(after["recommendation"], "refer", "{after}");
    assert!(!fired(&after, "refugee.requester_is_country_fled"), "{after}");
    let finding = after["findings"].as_array().unwrap().iter().find(|f| f["rule_id"] == "refugee.possible_match");
    let finding = finding.unwrap_or_else(|| panic!("{after}"));
    assert_eq!(finding["severity"], "refer");
    // France reads its findings: neither the protecting country nor the asylum file's spelling is there.
    let shown = after.to_string();
    assert!(!shown.contains("\"DE\"") && !shown.to_lowercase().contains("exempel"), "{after}");
    assert!(finding["evidence"].as_array().unwrap().iter().any(|e| e["field"].as_str().unwrap().ends_with(".score")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrective_measures_hold_diffusions_and_suspend_requests() {
    let app = spawn_app().await;
    let (status, _) = app
        .call(
            "PUT",
            "/api/v1/countries/FR/corrective-measure",
            Some("admin"),
            Some(json!({"measure": "enhanced_review", "reason": "pattern of abusive diffusions"})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, d) = app.call("POST", "/api/v1/diffusions", Some("ncb-fr"), Some(diffusion_body())).await;
    assert_eq!(status, 201);
    assert_eq!((d["status"].as_str(), d["circulated"].as_bool()), (Some("held"), Some(false)));
    let id = d["id"].as_str().unwrap();
    assert_eq!(
        app.call("GET", &format!("/api/v1/diffusions/{id}"), Some("ncb-de"), None).await.0,
        404,
        "held until reviewed"
    );
    let (_, reviews) = app.call("GET", &format!("/api/v1/diffusions/{id}/reviews"), Some("reviewer"), None).await;
    assert!(reviews.to_string().contains("requester.corrective_measure"), "{reviews}");
    app.call(
        "POST",
        &format!("/api/v1/diffusions/{id}/review"),
        Some("reviewer"),
        Some(json!({"decision": "confirm", "reasons": "concrete and ordinary"})),
    )
    .await;
    assert_eq!(
        app.call("GET", &format!("/api/v1/diffusions/{id}"), Some("ncb-de"), None).await.0,
        200,
        "circulated once confirmed"
    );

    app.call(
        "PUT",
        "/api/v1/countries/FR/corrective-measure",
        Some("admin"),
        Some(json!({"measure": "suspension", "reason": "continued abuse"})),
    )
    .await;
    let (status, problem) = app
        .call("POST", "/api/v1/notices", Some("ncb-fr"), Some(red_notice_body(json!({"mode": "none"}), false)))
        .await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(
        app.call("POST", "/api/v1/notices", Some("ncb-de"), Some(red_notice_body(json!({"mode": "none"}), false)))
            .await
            .0,
        201,
        "others are not affected"
    );
    let (status, problem) = app
        .call(
            "PUT",
            "/api/v1/countries/FR/corrective-measure",
            Some("admin"),
            Some(json!({"measure": "ban", "reason": "x"})),
        )
        .await;
    assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some("measure")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn below_the_penalty_threshold_only_a_recorded_override_publishes() {
    let app = spawn_app().await;
    let mut below = red_notice_body(json!({"mode": "none"}), false);
    below["judicial"]["charges"][0]["max_penalty_months"] = json!(12);
    let (status, refused) = app.call("POST", "/api/v1/notices", Some("ncb-fr"), Some(below.clone())).await;
    assert_eq!(status, 201);
    assert_eq!(refused["status"], "refused", "no reason given: the rules refuse it alone");
    let id = refused["id"].as_str().unwrap();
    let (_, history) = app.call("GET", &format!("/api/v1/notices/{id}/history"), Some("ncb-fr"), None).await;
    let last = history.as_array().unwrap().last().unwrap();
    assert_eq!((last["action"].as_str(), last["actor"].as_str()), (Some("refuse"), Some("compliance-rules")));
    assert!(last["reason"].as_str().unwrap().contains("rpd83.penalty_threshold"));

    below["judicial"]["particular_importance"] =
        json!("One of a series of thefts of cultural property across five countries.");
    let (_, claimed) = app.call("POST", "/api/v1/notices", Some("ncb-fr"), Some(below)).await;
    assert_eq!(claimed["status"], "submitted", "a claimed exception goes to a person");
    let id = claimed["id"].as_str().unwrap();
    let path = format!("/api/v1/notices/{id}/review");
    let decide = |body| app.call("POST", &path, Some("reviewer"), Some(body));
    let (status, problem) = decide(json!({"decision": "approve", "reasons": "agreed"})).await;
    assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some("override")));
    let (status, _) = decide(json!({"decision": "approve", "reasons": "", "override": "particular_importance"})).await;
    assert_eq!(status, 422, "the override needs reasons");
    let (status, published) = decide(json!({"decision": "approve", "reasons": "Cross-border series; Art. 83 exception granted.", "override": "particular_importance"})).await;
    assert_eq!(status, 200, "{published}");
    assert_eq!(published["status"], "published");
    let (_, history) = app.call("GET", &format!("/api/v1/notices/{id}/history"), Some("ncb-fr"), None).await;
    assert!(
        history.as_array().unwrap().last().unwrap()["reason"]
            .as_str()
            .unwrap()
            .starts_with("[override: particular importance]")
    );
    // An override where none is needed is refused: it must always mean what it says.
    let (_, ordinary) = app
        .call("POST", "/api/v1/notices", Some("ncb-fr"), Some(red_notice_body(json!({"mode": "none"}), false)))
        .await;
    let (status, problem) = app
        .call(
            "POST",
            &format!("/api/v1/notices/{}/review", ordinary["id"].as_str().unwrap()),
            Some("reviewer"),
            Some(json!({"decision": "approve", "reasons": "ok", "override": "particular_importance"})),
        )
        .await;
    assert_eq!((status.as_u16(), problem["reason"].as_str()), (422, Some("inconsistent")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sentence_given_in_absentia_is_stored_and_flagged() {
    let app = spawn_app().await;
    let mut body = red_notice_body(json!({"mode": "none"}), false);
    body["judicial"]["purpose"] = json!("sentence");
    body["judicial"]["charges"][0] = json!({
        "description": "Armed robbery", "legal_provision": "Penal Code art. 311-8",
        "sentence_imposed_months": 96, "sentence_remaining_months": 96
    });
    body["judicial"]["judgment_in_absentia"] = json!(true);
    let (status, notice) = app.call("POST", "/api/v1/notices", Some("ncb-fr"), Some(body)).await;
    assert_eq!(status, 201, "{notice}");
    assert_eq!(notice["judicial"]["judgment_in_absentia"], true);
    assert!(notice["judicial"].get("retrial_guaranteed").is_none(), "unknown stays unknown: {notice}");
    let id = notice["id"].as_str().unwrap();
    let (_, reviews) = app.call("GET", &format!("/api/v1/notices/{id}/reviews"), Some("reviewer"), None).await;
    let finding = reviews[0]["evaluation"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "art2.in_absentia")
        .unwrap();
    assert_eq!(finding["severity"], "refer");
    let (_, again) = app.call("GET", &format!("/api/v1/notices/{id}"), Some("ncb-fr"), None).await;
    assert_eq!(again["judicial"]["judgment_in_absentia"], true, "it survives the store");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_members_refusal_to_extradite_reaches_the_reviewer() {
    let app = spawn_app().await;
    let person = json!({
        "names": [{"given": "Jean", "family": "Exemple"}],
        "birth_dates": ["1981-04-02"],
        "documents": [{"kind": "passport", "number": "19FX12345", "issuing_country": "FR"}]
    });
    let (status, problem) = app
        .call(
            "POST",
            "/api/v1/extradition-refusals",
            Some("ncb-it"),
            Some(json!({"subject": person, "requesting_country": "FR", "refused_on": "2024-06-01", "grounds": " "})),
        )
        .await;
    assert_eq!((status.as_u16(), problem["field"].as_str()), (422, Some("grounds")));
    let (status, refusal) = app
        .call("POST", "/api/v1/extradition-refusals", Some("ncb-it"), Some(json!({"subject": person, "requesting_country": "FR", "refused_on": "2024-06-01", "grounds": "risk of an unfair trial"})))
        .await;
    assert_eq!(status, 201, "{refusal}");
    assert_eq!(refusal["refusing_country"], "IT");
    let (_, draft) = app
        .call("POST", "/api/v1/review/evaluate", Some("ncb-fr"), Some(red_notice_body(json!({"mode": "none"}), false)))
        .await;
    let finding =
        draft["findings"].as_array().unwrap().iter().find(|f| f["rule_id"] == "art3.extradition_refused").unwrap();
    assert_eq!(finding["severity"], "refer");
    assert!(finding["message"].as_str().unwrap().contains("risk of an unfair trial"));
    assert_eq!(draft["recommendation"], "refer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_request_on_a_person_other_countries_flagged_goes_to_a_person() {
    let app = spawn_app().await;
    let draft = red_notice_body(json!({"mode": "none"}), false);
    let rules_of = |e: &serde_json::Value| -> Vec<String> {
        e["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap().to_owned()).collect()
    };
    let (_, before) = app.call("POST", "/api/v1/review/evaluate", Some("ncb-fr"), Some(draft.clone())).await;
    assert_eq!(before["recommendation"], "approve", "{before}");
    let flag = json!({"kind": "notice", "id": app.world.published, "reason": "extradition refused by our courts"});
    let (status, flag) = app.call("POST", "/api/v1/country-flags", Some("ncb-de"), Some(flag)).await;
    assert_eq!(status, 201, "{flag}");
    let (_, after) = app.call("POST", "/api/v1/review/evaluate", Some("ncb-fr"), Some(draft.clone())).await;
    assert_eq!(after["recommendation"], "refer", "{after}");
    assert!(rules_of(&after).contains(&"art3.other_states_flags".to_owned()));
    assert!(!after.to_string().contains("\"DE\""), "the requester is not told who flagged: {after}");
    // Lifted, the flag no longer counts.
    let (status, _) = app
        .call(
            "POST",
            &format!("/api/v1/country-flags/{}/lift", flag["id"].as_str().unwrap()),
            Some("ncb-de"),
            Some(json!({"reason": "the courts now allow extradition"})),
        )
        .await;
    assert_eq!(status, 200);
    let (_, lifted) = app.call("POST", "/api/v1/review/evaluate", Some("ncb-fr"), Some(draft)).await;
    assert_eq!(lifted["recommendation"], "approve", "{lifted}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_request_on_a_person_whose_challenge_is_before_the_commission_goes_to_a_person() {
    let app = spawn_app().await;
    let draft = red_notice_body(json!({"mode": "none"}), false);
    let findings_of = |e: &serde_json::Value| -> Vec<serde_json::Value> {
        let all = e["findings"].as_array().unwrap().iter();
        all.filter(|f| f["rule_id"].as_str().unwrap().contains("challenge")).cloned().collect()
    };
    let (_, before) = app.call("POST", "/api/v1/review/evaluate", Some("ncb-fr"), Some(draft.clone())).await;
    assert_eq!((before["recommendation"].as_str(), findings_of(&before).len()), (Some("approve"), 0), "{before}");
    let application = json!({"kind": "notice", "id": app.world.published, "reference": "CCF/2026/0577",
        "grounds": "the charges answer my reporting", "lodged_on": "2026-10-01"});
    let (status, challenge) = app.call("POST", "/api/v1/challenges", Some("commission"), Some(application)).await;
    assert_eq!(status, 201, "{challenge}");

    // Pending: the same bureau's new request about the person waits for a person, told of its own file.
    let (_, pending) = app.call("POST", "/api/v1/review/evaluate", Some("ncb-fr"), Some(draft.clone())).await;
    assert_eq!(pending["recommendation"], "refer", "{pending}");
    let found = findings_of(&pending);
    assert_eq!(found.len(), 1, "{pending}");
    assert_eq!(
        (found[0]["rule_id"].as_str(), found[0]["severity"].as_str()),
        (Some("repeat.under_challenge"), Some("refer"))
    );
    assert!(found[0]["message"].as_str().unwrap().contains("CCF/2026/0577"), "{}", found[0]);
    assert!(!pending.to_string().contains("reporting"), "the grounds stay with the Commission");

    // Found compliant: nothing left to weigh.
    let decide = format!("/api/v1/challenges/{}/decide", challenge["id"].as_str().unwrap());
    let (status, _) = app
        .call("POST", &decide, Some("commission"), Some(json!({"outcome": "rejected", "reason": "Concrete charges."})))
        .await;
    assert_eq!(status, 200);
    let (_, rejected) = app.call("POST", "/api/v1/review/evaluate", Some("ncb-fr"), Some(draft.clone())).await;
    assert_eq!((rejected["recommendation"].as_str(), findings_of(&rejected).len()), (Some("approve"), 0), "{rejected}");

    // Upheld (a second application): the earlier data did not comply.
    let again = json!({"kind": "notice", "id": app.world.published, "reference": "CCF/2026/0912",
        "grounds": "new evidence of persecution", "lodged_on": "2026-11-02"});
    let (_, second) = app.call("POST", "/api/v1/challenges", Some("commission"), Some(again)).await;
    let decide = format!("/api/v1/challenges/{}/decide", second["id"].as_str().unwrap());
    let upheld = json!({"outcome": "upheld", "reason": "Not compliant with Article 3."});
    let (status, _) = app.call("POST", &decide, Some("commission"), Some(upheld)).await;
    assert_eq!(status, 200);
    let (_, after) = app.call("POST", "/api/v1/review/evaluate", Some("ncb-fr"), Some(draft)).await;
    let found = findings_of(&after);
    assert_eq!(found.iter().map(|f| f["rule_id"].as_str().unwrap()).collect::<Vec<_>>(), ["repeat.challenge_upheld"]);
    assert_eq!(after["recommendation"], "refer", "{after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_respelling_a_known_person_finds_the_earlier_requests() {
    let app = spawn_app().await;
    // Italy asks for "Jean Exempel": France's four notices name him "Jean Exemple" (with a passport the
    // draft lacks), so no identity key is shared.
    let draft = |born: &str| {
        let mut body = red_notice_body(json!({"mode": "none"}), false);
        body["subject"] =
            json!({"names": [{"given": "Jean", "family": "Exempel"}], "birth_dates": [born], "sex": "male"});
        let app = &app;
        async move {
            let (status, draft) = app.call("POST", "/api/v1/review/evaluate", Some("ncb-it"), Some(body)).await;
            assert_eq!(status, 200, "{draft}");
            draft
        }
    };
    let findings = |draft: &Value, rule: &str| -> Vec<Value> {
        draft["findings"].as_array().unwrap().iter().filter(|f| f["rule_id"] == rule).cloned().collect()
    };
    let matched = |finding: &Value| -> String {
        let evidence = finding["evidence"].as_array().unwrap();
        let caveat = evidence.iter().find(|e| e["field"].as_str().unwrap().ends_with(".matched"));
        caveat.map(|e| e["value"].as_str().unwrap().to_owned()).unwrap_or_default()
    };

    // Germany will not act on the public notice: Italy's reviewer learns it, with how sure the match is.
    let flag = json!({"kind": "notice", "id": app.world.public, "reason": "asylum granted here"});
    assert_eq!(app.call("POST", "/api/v1/country-flags", Some("ncb-de"), Some(flag)).await.0, 201);
    let before = draft("1981-04-02").await;
    let flagged = findings(&before, "art3.other_states_flags");
    assert_eq!(flagged.len(), 1, "{before}");
    assert!(matched(&flagged[0]).starts_with("possible: another spelling, scored 0."), "{flagged:?}");
    assert!(flagged[0]["message"].as_str().unwrap().contains("establish that it is the same person"));
    assert!(findings(&before, "repeat.deleted_data").is_empty(), "nothing is deleted yet: {before}");
    assert!(!before.to_string().to_lowercase().contains("exemple"), "France's spelling is not Italy's to read");

    // The Commission deletes the blocked notice: only its keys remain, and they still find it.
    let blocked = app.world.blocked.clone();
    let (status, _) = app
        .call(
            "POST",
            &format!("/api/v1/notices/{blocked}/delete"),
            Some("commission"),
            Some(json!({"reason": "predominantly political"})),
        )
        .await;
    assert_eq!(status, 200);
    let after = draft("1981-04-02").await;
    let deleted = findings(&after, "repeat.deleted_data");
    assert_eq!(deleted.len(), 1, "{after}");
    assert!(matched(&deleted[0]).contains("sounds alike"), "{deleted:?}");
    assert_eq!(after["recommendation"], "refer");

    // The near case: the same spelling born thirty years earlier is someone else.
    let other = draft("1951-04-02").await;
    assert!(findings(&other, "repeat.deleted_data").is_empty(), "{other}");
    assert!(findings(&other, "art3.other_states_flags").is_empty(), "{other}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_extradition_refusal_written_another_way_reaches_the_review() {
    let app = spawn_app().await;
    let refusal = |born: &str| {
        json!({"subject": {"names": [{"given": "Jean", "family": "Exempel"}], "birth_dates": [born]},
               "requesting_country": "FR", "refused_on": "2024-06-01",
               "grounds": "political offence exception: Jean Exempel's articles"})
    };
    let draft = || async {
        let body = red_notice_body(json!({"mode": "none"}), false);
        let (status, draft) = app.call("POST", "/api/v1/review/evaluate", Some("ncb-fr"), Some(body)).await;
        assert_eq!(status, 200, "{draft}");
        draft
    };
    let refused = |draft: &Value| -> Vec<Value> {
        draft["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == "art3.extradition_refused")
            .cloned()
            .collect()
    };
    // The near case: the same spelling born thirty years earlier is someone else.
    let (code, body) =
        app.call("POST", "/api/v1/extradition-refusals", Some("ncb-it"), Some(refusal("1951-04-02"))).await;
    assert_eq!(code, 201, "{body}");
    assert!(refused(&draft().await).is_empty());

    // Italy refused to extradite "Jean Exempel" to France: France's request on "Jean Exemple" goes to a
    // reviewer, told that Italy refused and how close the two are, but not the grounds.
    let (code, _) = app.call("POST", "/api/v1/extradition-refusals", Some("ncb-it"), Some(refusal("1981-04-02"))).await;
    assert_eq!(code, 201);
    let after = draft().await;
    let found = refused(&after);
    assert_eq!(found.len(), 1, "{after}");
    assert_eq!((found[0]["severity"].as_str(), after["recommendation"].as_str()), (Some("refer"), Some("refer")));
    let evidence = found[0]["evidence"].as_array().unwrap();
    let value = |suffix: &str| {
        evidence.iter().find(|e| e["field"].as_str().unwrap().ends_with(suffix)).map(|e| e["value"].clone())
    };
    assert_eq!(value(".refusing_country"), Some(json!("IT")));
    assert!(value(".score").is_some_and(|s| s.as_str().unwrap().starts_with("0.")), "{evidence:?}");
    assert!(!after.to_string().to_lowercase().contains("exempel"), "neither grounds nor spelling: {after}");
}
