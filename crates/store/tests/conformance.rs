//! The conformance suite: the same behaviour, asserted on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test setup should panic loudly

use std::collections::BTreeSet;

use article3_domain::audit::{AuditEvent, AuditRecord};
use article3_domain::{
    Actor, Charge, Colour, CountryCode, CountryRegistry, Decision, DiffusionPurpose, DiffusionRequest, DiffusionStatus,
    EarlierMatch, JudicialData, MaxPenalty, NameKind, NoEngine, NoticeAction, NoticeRequest, NoticeStatus, PersonName,
    Purpose, Recipients, Restrictions, ReviewContext, ReviewEngine, ReviewInput, Role, Sex, Subject, UserId, Warrant,
};
use article3_store::testing::{TestDb, shipped_countries};
use article3_store::{
    AlertRecord, AlertSelection, Backend, DiffusionFilter, Intake, NewUser, NoticeFilter, OutcomeSelection, Reader,
    SqlStore, Store, StoreError,
};
use time::macros::date;
use time::{Duration, OffsetDateTime};

fn cc(s: &str) -> CountryCode {
    CountryCode::parse("c", s).unwrap()
}

fn actor(name: &str, role: Role, country: Option<&str>) -> Actor {
    Actor { user_id: UserId::generate(), name: name.to_owned(), role, country: country.map(cc) }
}

fn subject(name: &str) -> Subject {
    Subject::new(
        vec![PersonName::new(NameKind::Primary, Some(name), None, None, None, Some("Latn")).unwrap()],
        vec![],
        Sex::Male,
        BTreeSet::from([cc("FR")]),
        vec![],
        Some("engineer"),
        None,
    )
    .unwrap()
}

fn red(registry: &CountryRegistry, owner: &str, restrictions: Restrictions) -> NoticeRequest {
    let judicial = JudicialData::new(
        Purpose::Prosecution,
        Warrant::new("W-2025-1", date!(2025 - 01 - 10), "Tribunal judiciaire de Lyon", date!(2026 - 11 - 21)).unwrap(),
        vec![Charge::new("Armed robbery", "Code pénal art. 311-8", Some(MaxPenalty::Months(240)), None, None).unwrap()],
        "On 3 March 2024 in Lyon the subject robbed a jeweller at gunpoint and fled with goods worth EUR 80,000.",
    )
    .unwrap();
    NoticeRequest::new(registry, Colour::Red, cc(owner), subject("Jean Exemple"), Some(judicial), restrictions, false)
        .unwrap()
}

/// A diffusion from FR asking DE to locate a generated person, and its evaluation.
fn locate_from_fr_to_de(registry: &CountryRegistry) -> (DiffusionRequest, article3_domain::Evaluation) {
    let req = DiffusionRequest::new(
        registry,
        DiffusionPurpose::Locate,
        cc("FR"),
        subject("Marie Exemple"),
        None,
        Recipients::new(false, BTreeSet::from([cc("DE")]), cc("FR")).unwrap(),
        Restrictions::None,
    )
    .unwrap();
    let eval = NoEngine.evaluate(&ReviewInput::for_diffusion(&req, &article3_domain::ReviewContext::default()));
    (req, eval)
}

fn evaluation(req: &NoticeRequest) -> article3_domain::Evaluation {
    NoEngine.evaluate(&ReviewInput::for_notice(req, &article3_domain::ReviewContext::default()))
}

async fn audit_ok(store: &dyn Store) -> u64 {
    store.verify_audit(&|_| {}).await.unwrap().unwrap().records
}

async fn publish_flow(store: &dyn Store) {
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let de = actor("ncb-de", Role::Ncb, Some("DE"));
    let it = actor("ncb-it", Role::Ncb, Some("IT"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let req = red(&reg, "FR", Restrictions::Exclude(BTreeSet::from([cc("IT")])));
    let n = store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    assert_eq!(n.status, NoticeStatus::Submitted);
    assert_eq!(n.request, req, "what was submitted is what is stored");

    // Before publication only the owner and the secretariat see it.
    assert!(store.read_notice(Reader::Actor(&fr), n.id).await.is_ok());
    assert!(matches!(store.read_notice(Reader::Actor(&de), n.id).await, Err(StoreError::NotFound)));

    // A bureau cannot review; a reviewer needs reasons.
    assert!(matches!(store.decide_notice(&fr, n.id, Decision::Approve, "ok").await, Err(StoreError::Forbidden(_))));
    assert!(matches!(store.decide_notice(&reviewer, n.id, Decision::Approve, "  ").await, Err(StoreError::Invalid(_))));

    let published =
        store.decide_notice(&reviewer, n.id, Decision::Approve, "Charges and facts are concrete.").await.unwrap();
    assert_eq!(published.status, NoticeStatus::Published);
    let published_at = published.published_at.unwrap();
    assert_eq!(published.expires_at.unwrap(), article3_domain::retention::expiry_after(published_at));

    assert!(store.read_notice(Reader::Actor(&de), n.id).await.is_ok(), "another member sees it once published");
    assert!(matches!(store.read_notice(Reader::Actor(&it), n.id).await, Err(StoreError::NotFound)), "excluded");
    let border_it = actor("border-it", Role::Border, Some("IT"));
    assert!(store.read_notice(Reader::Actor(&border_it), n.id).await.is_err());

    let history = store.notice_history(Reader::Actor(&fr), n.id).await.unwrap();
    let steps: Vec<(&str, &str)> = history.iter().map(|e| (e.action.as_str(), e.to_status.as_str())).collect();
    assert_eq!(steps, [("submit", "submitted"), ("start_review", "under_review"), ("approve", "published")]);
    assert_eq!(history[2].actor, "rev");
    assert_eq!(history[2].reason, "Charges and facts are concrete.");

    let reviews = store.reviews_for(Reader::Actor(&fr), "notice", &n.id.to_string()).await.unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].decision.as_deref(), Some("approve"));
    assert!(matches!(
        store.reviews_for(Reader::Actor(&de), "notice", &n.id.to_string()).await,
        Err(StoreError::Forbidden(_))
    ));

    // Reads, refusals of reads and every change were audited, and the chain holds.
    let tail = store.audit_tail(50).await.unwrap();
    assert!(tail.iter().any(|r| r.action == "notice.read" && r.country == "DE"));
    assert!(tail.iter().any(|r| r.action == "notice.read.denied" && r.country == "IT"));
    assert!(audit_ok(store).await >= 8);
}

async fn illegal_transitions_change_nothing(store: &dyn Store) {
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let de = actor("ncb-de", Role::Ncb, Some("DE"));
    let commission = actor("ccf", Role::Commission, None);
    let req = red(&reg, "FR", Restrictions::None);
    let n = store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    let before = audit_ok(store).await;
    let err = store.transition_notice(&fr, n.id, NoticeAction::Cancel, "located").await.unwrap_err();
    assert!(matches!(err, StoreError::Transition(_)), "{err}");
    let err = store.transition_notice(&commission, n.id, NoticeAction::Block, "interim measure").await.unwrap_err();
    assert!(matches!(err, StoreError::Transition(_)), "{err}");
    assert_eq!(audit_ok(store).await, before, "a refused step writes nothing");
    assert_eq!(store.read_notice(Reader::Actor(&fr), n.id).await.unwrap().status, NoticeStatus::Submitted);
    // Another bureau cannot even find it to cancel.
    assert!(matches!(store.transition_notice(&de, n.id, NoticeAction::Cancel, "x").await, Err(StoreError::NotFound)));
}

async fn block_unblock_delete_cancel_renew(store: &dyn Store) {
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let de = actor("ncb-de", Role::Ncb, Some("DE"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let commission = actor("ccf", Role::Commission, None);
    let mut ids = Vec::new();
    for _ in 0..2 {
        let req = red(&reg, "FR", Restrictions::None);
        let n = store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
        store.decide_notice(&reviewer, n.id, Decision::Approve, "compliant").await.unwrap();
        ids.push(n.id);
    }
    let (a, b) = (ids[0], ids[1]);

    assert!(matches!(store.transition_notice(&fr, a, NoticeAction::Block, "x").await, Err(StoreError::Forbidden(_))));
    let blocked = store
        .transition_notice(&commission, a, NoticeAction::Block, "challenge admitted; interim measure")
        .await
        .unwrap();
    assert_eq!(blocked.status, NoticeStatus::Blocked);
    assert!(store.read_notice(Reader::Actor(&de), a).await.is_err(), "blocked data is withheld");
    assert_eq!(
        store.transition_notice(&commission, a, NoticeAction::Unblock, "challenge rejected").await.unwrap().status,
        NoticeStatus::Published
    );
    store.transition_notice(&commission, a, NoticeAction::Block, "new facts").await.unwrap();
    let deleted =
        store.transition_notice(&commission, a, NoticeAction::Delete, "not compliant with Article 3").await.unwrap();
    assert_eq!(deleted.status, NoticeStatus::Deleted);
    for who in [&fr, &de, &reviewer, &commission] {
        assert!(matches!(store.read_notice(Reader::Actor(who), a).await, Err(StoreError::NotFound)));
    }
    assert!(
        store.audit_tail(5).await.unwrap().iter().any(|r| r.action == "notice.delete" && r.object_id == a.to_string())
    );

    // The owner renews with reasons and cancels; nobody else may.
    assert!(matches!(store.transition_notice(&fr, b, NoticeAction::Renew, "").await, Err(StoreError::Invalid(_))));
    assert!(matches!(
        store.transition_notice(&de, b, NoticeAction::Renew, "still wanted").await,
        Err(StoreError::Forbidden(_))
    ));
    let renewed =
        store.transition_notice(&fr, b, NoticeAction::Renew, "extradition proceedings continue").await.unwrap();
    assert_eq!(renewed.status, NoticeStatus::Published);
    assert!(renewed.expires_at.unwrap() >= renewed.published_at.unwrap());
    let cancelled = store.transition_notice(&fr, b, NoticeAction::Cancel, "located and extradited").await.unwrap();
    assert_eq!(cancelled.status, NoticeStatus::Cancelled);
    assert!(store.read_notice(Reader::Actor(&de), b).await.is_err());
    audit_ok(store).await;
}

async fn diffusions_reach_recipients_only(store: &dyn Store) {
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let de = actor("ncb-de", Role::Ncb, Some("DE"));
    let it = actor("ncb-it", Role::Ncb, Some("IT"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let (req, eval) = locate_from_fr_to_de(&reg);
    assert!(matches!(store.circulate_diffusion(&de, &req, &eval, false).await, Err(StoreError::Forbidden(_))));
    let d = store.circulate_diffusion(&fr, &req, &eval, false).await.unwrap();
    assert_eq!(d.status, DiffusionStatus::Circulated);
    assert!(store.read_diffusion(Reader::Actor(&de), d.id).await.is_ok());
    assert!(store.read_diffusion(Reader::Actor(&it), d.id).await.is_err());
    let listed =
        store.list_diffusions(Reader::Actor(&it), &DiffusionFilter { limit: 50, ..Default::default() }).await.unwrap();
    assert!(listed.items.iter().all(|x| x.id != d.id));

    let held = store.circulate_diffusion(&fr, &req, &eval, true).await.unwrap();
    assert_eq!(held.status, DiffusionStatus::Held);
    assert!(store.read_diffusion(Reader::Actor(&de), held.id).await.is_err(), "held until reviewed");
    let confirmed = store
        .decide_diffusion(&reviewer, held.id, Decision::Approve, "ordinary-law offence, facts concrete")
        .await
        .unwrap();
    assert_eq!(confirmed.status, DiffusionStatus::Confirmed);
    assert!(store.read_diffusion(Reader::Actor(&de), held.id).await.is_ok(), "goes out once confirmed");

    let withdrawn = store.decide_diffusion(&reviewer, d.id, Decision::Refuse, "political character").await.unwrap();
    assert_eq!(withdrawn.status, DiffusionStatus::Withdrawn);
    assert!(store.read_diffusion(Reader::Actor(&de), d.id).await.is_err());
    assert!(store.decide_diffusion(&reviewer, d.id, Decision::Approve, "again").await.is_err());
    audit_ok(store).await;
}

async fn lists_page_through_what_the_reader_may_see(store: &dyn Store) {
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let de = actor("ncb-de", Role::Ncb, Some("DE"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let mut visible_to_de = BTreeSet::new();
    for i in 0..25 {
        let restrictions =
            if i % 3 == 0 { Restrictions::OnlyTo(BTreeSet::from([cc("ES")])) } else { Restrictions::None };
        let req = red(&reg, "FR", restrictions.clone());
        let n = store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
        if i % 5 != 4 {
            store.decide_notice(&reviewer, n.id, Decision::Approve, "ok").await.unwrap();
            if restrictions == Restrictions::None {
                visible_to_de.insert(n.id);
            }
        }
    }
    let mut seen = BTreeSet::new();
    let mut filter = NoticeFilter { limit: 4, ..Default::default() };
    loop {
        let page = store.list_notices(Reader::Actor(&de), &filter).await.unwrap();
        assert!(page.items.len() <= 4);
        for n in &page.items {
            assert!(seen.insert(n.id), "no notice twice");
        }
        match page.next {
            Some(next) => filter.after = Some(next.parse().unwrap()),
            None => break,
        }
    }
    assert_eq!(seen, visible_to_de);
    let mine = store
        .list_notices(
            Reader::Actor(&fr),
            &NoticeFilter { status: Some(NoticeStatus::Submitted), limit: 100, ..Default::default() },
        )
        .await
        .unwrap();
    assert_eq!(mine.items.len(), 5);
    assert!(
        store
            .list_notices(Reader::Public, &NoticeFilter { limit: 100, ..Default::default() })
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

async fn retention_expires_and_reminds(store: &dyn Store) {
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let req = red(&reg, "FR", Restrictions::None);
    let n = store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    let n = store.decide_notice(&reviewer, n.id, Decision::Approve, "ok").await.unwrap();
    let expires = n.expires_at.unwrap();
    let report = store.retention_sweep(expires - Duration::days(200)).await.unwrap();
    assert!(report.reminded.is_empty() && report.expired.is_empty(), "too early for a reminder");
    let report = store.retention_sweep(expires - Duration::days(150)).await.unwrap();
    assert_eq!(report.reminded, vec![n.id]);
    assert!(store.retention_sweep(expires - Duration::days(140)).await.unwrap().reminded.is_empty(), "reminded once");
    let report = store.retention_sweep(expires + Duration::seconds(1)).await.unwrap();
    assert_eq!(report.expired, vec![n.id]);
    assert_eq!(store.read_notice(Reader::Actor(&fr), n.id).await.unwrap().status, NoticeStatus::Expired);
    audit_ok(store).await;
}

async fn users_tokens_and_imports(store: &dyn Store) {
    let reg = shipped_countries();
    let user = store
        .create_user(
            "cli",
            NewUser { name: "ncb-fr".into(), role: Role::Ncb, country: Some(cc("FR")), password_hash: "h".into() },
        )
        .await
        .unwrap();
    let dup = store
        .create_user(
            "cli",
            NewUser { name: "ncb-fr".into(), role: Role::Admin, country: None, password_hash: "h".into() },
        )
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))));
    let now = OffsetDateTime::now_utc();
    store.create_token(&user, "tokenhash", now + Duration::hours(1)).await.unwrap();
    assert_eq!(store.actor_for_token("tokenhash", now).await.unwrap().unwrap().0.name, "ncb-fr");
    assert!(store.actor_for_token("tokenhash", now + Duration::hours(2)).await.unwrap().is_none(), "expired");
    assert!(store.actor_for_token("other", now).await.unwrap().is_none());

    let req = red(&reg, "RU", Restrictions::None);
    let intake = || Intake::ImportedPublished { source: "interpol-public".into(), external_ref: Some("2023/1".into()) };
    let n = store.submit_notice(Reader::Public, &req, &evaluation(&req), intake()).await.unwrap();
    assert_eq!(n.status, NoticeStatus::Published);
    assert!(matches!(
        store.submit_notice(Reader::Public, &req, &evaluation(&req), intake()).await,
        Err(StoreError::Conflict(_))
    ));
    let history = store.notice_history(Reader::Actor(&user.actor()), n.id).await.unwrap();
    assert_eq!(history[0].action, "import_published");
    // A bureau cannot submit in another country's name.
    let fr = user.actor();
    assert!(matches!(
        store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await,
        Err(StoreError::Forbidden(_))
    ));
}

async fn tampering_is_found(store: &SqlStoreHandle<'_>) {
    let s = store.0;
    for i in 0..5 {
        s.append_audit(AuditEvent::new("test.event", "test", format!("t{i}")).by_system("test")).await.unwrap();
    }
    let total = audit_ok(s).await;
    sqlx::query("UPDATE audit SET detail = 'forged' WHERE seq = 3").execute(s.pool()).await.unwrap();
    let broken = s.verify_audit(&|_| {}).await.unwrap().unwrap_err();
    assert_eq!(broken.seq, 3);
    assert!(total >= 5);
}

struct SqlStoreHandle<'a>(&'a article3_store::SqlStore);

async fn countries_keep_admin_edits(store: &dyn Store) {
    let admin = actor("admin", Role::Admin, None);
    let all = store.countries().await.unwrap();
    assert_eq!(all.iter().filter(|c| c.status == article3_domain::MembershipStatus::Member).count(), 196);
    let mut tw = all.iter().find(|c| c.code == cc("TW")).unwrap().clone();
    tw.note = "edited by the administrator".into();
    store.update_country(&admin, &tw).await.unwrap();
    let shipped: Vec<_> = shipped_countries().iter().cloned().collect();
    assert_eq!(store.seed_countries(&shipped).await.unwrap(), 0);
    let after = store.countries().await.unwrap();
    assert_eq!(after.iter().find(|c| c.code == cc("TW")).unwrap().note, "edited by the administrator");
    let ncb = actor("ncb-fr", Role::Ncb, Some("FR"));
    assert!(matches!(store.update_country(&ncb, &tw).await, Err(StoreError::Forbidden(_))));
}

async fn concurrent_writers_keep_one_chain(store: &dyn Store) {
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let req = red(&reg, "FR", Restrictions::None);
    let eval = evaluation(&req);
    let before = audit_ok(store).await;
    let record = store.review_context(cc("FR"), &req.subject).await.unwrap().requester;
    let work = (0..40).map(|i| {
        let (req, eval, fr, reviewer) = (&req, &eval, &fr, &reviewer);
        async move {
            let n = store.submit_notice(Reader::Actor(fr), req, eval, Intake::Submitted).await.unwrap();
            let decision = if i % 2 == 0 { Decision::Approve } else { Decision::Refuse };
            store.decide_notice(reviewer, n.id, decision, "decided").await.unwrap();
            store.read_notice(Reader::Actor(fr), n.id).await.unwrap();
        }
    });
    futures_join_all(work).await;
    assert_eq!(audit_ok(store).await, before + 120, "three records per notice, one unbroken chain");
    // The requester's record counts every decision once, whichever shard each went to.
    let after = store.review_context(cc("FR"), &req.subject).await.unwrap().requester;
    assert_eq!((after.decided - record.decided, after.refused - record.refused), (40, 20));
}

async fn two_reviewers_cannot_both_decide(store: &dyn Store) {
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let (r1, r2) = (actor("rev-1", Role::Reviewer, None), actor("rev-2", Role::Reviewer, None));
    let req = red(&reg, "FR", Restrictions::None);
    for _ in 0..5 {
        let n = store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
        let (a, b) = tokio::join!(
            store.decide_notice(&r1, n.id, Decision::Approve, "compliant"),
            store.decide_notice(&r2, n.id, Decision::Refuse, "not compliant")
        );
        assert!(a.is_ok() != b.is_ok(), "exactly one decision lands: {a:?} / {b:?}");
        let loser = if a.is_ok() { b } else { a };
        assert!(matches!(loser, Err(StoreError::Transition(_) | StoreError::Conflict(_))), "{loser:?}");
        let history = store.notice_history(Reader::Actor(&fr), n.id).await.unwrap();
        let decisions = history.iter().filter(|e| e.action == "approve" || e.action == "refuse").count();
        assert_eq!(decisions, 1);
        let reviews = store.reviews_for(Reader::Actor(&fr), "notice", &n.id.to_string()).await.unwrap();
        assert_eq!(reviews.len(), 1);
    }
    audit_ok(store).await;
}

async fn publishing_below_the_thresholds_needs_the_override(store: &dyn Store) {
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let req = red(&reg, "FR", Restrictions::None);
    let mut below = evaluation(&req);
    below.findings.push(article3_domain::Finding {
        rule_id: article3_domain::PENALTY_THRESHOLD_RULE.to_owned(),
        article: "RPD Art. 83(1)(a)(ii)".to_owned(),
        severity: article3_domain::Severity::Refer,
        evidence: vec![],
        message: "below the threshold; particular importance claimed".to_owned(),
    });
    let n = store.submit_notice(Reader::Actor(&fr), &req, &below, Intake::Submitted).await.unwrap();
    let err = store.decide_notice(&reviewer, n.id, Decision::Approve, "agreed").await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(f) if f.field == "override" && f.code == "required"), "{err}");
    let err = store.decide_notice_with(&reviewer, n.id, Decision::Refuse, "no", true).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(f) if f.field == "override"), "{err}");
    let published =
        store.decide_notice_with(&reviewer, n.id, Decision::Approve, "cross-border series", true).await.unwrap();
    assert_eq!(published.status, NoticeStatus::Published);
    let history = store.notice_history(Reader::Actor(&fr), n.id).await.unwrap();
    assert_eq!(history.last().unwrap().reason, "[override: particular importance] cross-border series");

    let ordinary = store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    let err = store.decide_notice_with(&reviewer, ordinary.id, Decision::Approve, "ok", true).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(f) if f.code == "inconsistent"), "{err}");
    assert_eq!(
        store.read_notice(Reader::Actor(&fr), ordinary.id).await.unwrap().status,
        NoticeStatus::Submitted,
        "nothing written"
    );
    audit_ok(store).await;
}

/// Runs futures concurrently on the current task without another dependency.
async fn futures_join_all<F: std::future::Future<Output = ()>>(futures: impl Iterator<Item = F>) {
    all_at_once(futures).await;
}

/// Runs `futures` side by side (each on its own connection of the pool) and returns their outputs in order.
async fn all_at_once<T, F: std::future::Future<Output = T>>(futures: impl Iterator<Item = F>) -> Vec<T> {
    let mut pending: Vec<(usize, std::pin::Pin<Box<F>>)> = futures.map(Box::pin).enumerate().collect();
    let mut done: Vec<Option<T>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        pending.retain_mut(|(i, f)| match f.as_mut().poll(cx) {
            std::task::Poll::Ready(out) => {
                if let Some(slot) = done.get_mut(*i) {
                    *slot = Some(out);
                }
                false
            }
            std::task::Poll::Pending => true,
        });
        if pending.is_empty() { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
    })
    .await;
    done.into_iter().flatten().collect()
}

fn known_person(reg: &CountryRegistry) -> Subject {
    Subject::new(
        vec![PersonName::new(NameKind::Primary, Some("Rami Exemple"), None, None, None, None).unwrap()],
        vec![article3_domain::BirthDate::Year(1993)],
        Sex::Male,
        BTreeSet::from([cc("BH")]),
        vec![article3_domain::IdentityDocument::new(reg, "passport", "BH1234567", "BH").unwrap()],
        Some("footballer"),
        Some(article3_domain::PublicRole::Athlete),
    )
    .unwrap()
}

fn written(name: &str, year: i32) -> Subject {
    Subject::new(
        vec![PersonName::new(NameKind::Primary, Some(name), None, None, None, None).unwrap()],
        vec![article3_domain::BirthDate::Year(year)],
        Sex::Male,
        BTreeSet::new(),
        Vec::new(),
        None,
        None,
    )
    .unwrap()
}

/// A request about a person already known under another spelling finds the earlier request: scored by
/// the engine while its data is on file, by its sound keys alone once the Commission deleted it.
async fn context_finds_earlier_requests_written_otherwise(store: &dyn Store) {
    let reg = shipped_countries();
    let bh = actor("ncb-bh", Role::Ncb, Some("BH"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let commission = actor("ccf", Role::Commission, None);
    let mut req = red(&reg, "BH", Restrictions::None);
    req.subject = written("Tarvo Exemple", 1993);
    let n = store.submit_notice(Reader::Actor(&bh), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    store.decide_notice(&reviewer, n.id, Decision::Approve, "ok").await.unwrap();

    let earlier = |context: ReviewContext| -> Vec<(String, EarlierMatch)> {
        context.earlier.into_iter().map(|e| (e.id, e.matched)).collect()
    };
    // The same person written otherwise, without the passport: the engine scores the two.
    let respelt = earlier(store.review_context(cc("TR"), &written("Tarvo Exempel", 1993)).await.unwrap());
    assert_eq!(respelt.len(), 1, "{respelt:?}");
    assert_eq!(respelt[0].0, n.id.to_string());
    let EarlierMatch::Possible { score_thousandths } = respelt[0].1 else { panic!("{respelt:?}") };
    assert!((800..1000).contains(&score_thousandths), "{score_thousandths}");
    // Written exactly, it is exact.
    let exact = earlier(store.review_context(cc("TR"), &written("Exemple Tarvo", 1993)).await.unwrap());
    assert_eq!(exact, [(n.id.to_string(), EarlierMatch::Exact)]);
    // Another year of birth, another name, or a name that shares the sound keys (the same consonants)
    // but which the engine finds far: someone else.
    assert!(store.review_context(cc("TR"), &written("Tarvo Exempel", 1971)).await.unwrap().earlier.is_empty());
    assert!(store.review_context(cc("TR"), &written("Tarvo Martin", 1993)).await.unwrap().earlier.is_empty());
    assert!(store.review_context(cc("TR"), &written("Turvi Exomple", 1993)).await.unwrap().earlier.is_empty());

    // Deleted by the Commission, only the keys remain: the respelt name still finds the trace.
    store.transition_notice(&commission, n.id, NoticeAction::Block, "challenge").await.unwrap();
    store.transition_notice(&commission, n.id, NoticeAction::Delete, "political").await.unwrap();
    let context = store.review_context(cc("BH"), &written("Tarvo Exempel", 1993)).await.unwrap();
    assert_eq!(context.earlier.len(), 1);
    assert!(context.earlier[0].deleted_by_commission);
    assert_eq!(context.earlier[0].matched, EarlierMatch::SoundsAlike);
    assert!(store.review_context(cc("BH"), &written("Tarvo Exempel", 1994)).await.unwrap().earlier.is_empty());
    // The keys are coarser than the engine, and nothing is left to compare: the far name is flagged too.
    let far = store.review_context(cc("BH"), &written("Turvi Exomple", 1993)).await.unwrap().earlier;
    assert_eq!(far.iter().map(|e| e.matched).collect::<Vec<_>>(), [EarlierMatch::SoundsAlike]);
    assert!(store.review_context(cc("BH"), &written("Tarvo Martin", 1993)).await.unwrap().earlier.is_empty());
}

/// A sound key that more than fifty records share identifies nobody: a respelt name no longer finds them
/// by sound, while the exact keys still find each.
async fn a_sound_key_too_many_share_is_left_aside(store: &dyn Store) {
    let reg = shipped_countries();
    let bh = actor("ncb-bh", Role::Ncb, Some("BH"));
    let submit = async |name: &str| {
        let mut req = red(&reg, "BH", Restrictions::None);
        req.subject = written(name, 1988);
        store.submit_notice(Reader::Actor(&bh), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    };
    let found = async |name: &str| store.review_context(cc("TR"), &written(name, 1988)).await.unwrap().earlier.len();
    submit("Tarvo Exemple").await;
    assert_eq!(found("Tarvo Exempel").await, 1);
    // Fifty records under the same sound key (the others far from the name, as the engine scores them):
    // the limit is reached, not passed, and the respelt name still finds its record.
    for _ in 0..49 {
        submit("Turvi Exomple").await;
    }
    assert_eq!(found("Tarvo Exempel").await, 1);
    submit("Turvi Exomple").await;
    assert_eq!(found("Tarvo Exempel").await, 0, "51 records: the key is left aside");
    assert_eq!(found("Tarvo Exemple").await, 1, "the exact key still finds its record");
}

/// A database from before sound keys (simulated by removing them and the row that says they were filed)
/// has its notices filed under them when the store opens, once; deleted data has nothing to file.
async fn older_records_are_filed_under_sound_keys_when_the_store_opens(db: &TestDb) {
    let reg = shipped_countries();
    let bh = actor("ncb-bh", Role::Ncb, Some("BH"));
    let commission = actor("ccf", Role::Commission, None);
    let reviewer = actor("rev", Role::Reviewer, None);
    let submit = async |store: &SqlStore, name: &str| {
        let mut req = red(&reg, "BH", Restrictions::None);
        req.subject = written(name, 1993);
        store.submit_notice(Reader::Actor(&bh), &req, &evaluation(&req), Intake::Submitted).await.unwrap()
    };
    submit(&db.store, "Tarvo Exemple").await;
    let gone = submit(&db.store, "Kalev Exemple").await;
    db.store.decide_notice(&reviewer, gone.id, Decision::Approve, "ok").await.unwrap();
    db.store.transition_notice(&commission, gone.id, NoticeAction::Block, "x").await.unwrap();
    db.store.transition_notice(&commission, gone.id, NoticeAction::Delete, "x").await.unwrap();
    let exact: Vec<String> = ["Tarvo Exemple", "Kalev Exemple"]
        .iter()
        .flat_map(|n| article3_domain::identity_keys(&written(n, 1993)))
        .map(|k| format!("'{k}'"))
        .collect();
    let rows = |store: &SqlStore| {
        let pool = store.pool().clone();
        async move {
            let row = sqlx::query("SELECT COUNT(*) AS n FROM identity_keys").fetch_one(&pool).await.unwrap();
            sqlx::Row::try_get::<i64, _>(&row, "n").unwrap()
        }
    };
    let before = rows(&db.store).await;
    let sql = format!("DELETE FROM identity_keys WHERE key NOT IN ({})", exact.join(", "));
    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(db.store.pool()).await.unwrap();
    sqlx::query("DELETE FROM key_backfills").execute(db.store.pool()).await.unwrap();
    let older = rows(&db.store).await;
    assert!(older < before, "{older} {before}");
    let respelt = async |store: &SqlStore, name: &str| {
        store
            .review_context(cc("TR"), &written(name, 1993))
            .await
            .unwrap()
            .earlier
            .into_iter()
            .map(|e| e.matched)
            .collect::<Vec<_>>()
    };
    assert!(respelt(&db.store, "Tarvo Exempel").await.is_empty(), "the older database has no sound keys");
    db.store.close().await;

    let reopened = SqlStore::connect(&db.url).await.unwrap();
    assert!(matches!(respelt(&reopened, "Tarvo Exempel").await[..], [EarlierMatch::Possible { .. }]));
    assert!(respelt(&reopened, "Kalev Exempel").await.is_empty(), "deleted data had nothing left to file");
    let filed = rows(&reopened).await;
    assert_eq!(filed, before - 1, "all but the deleted notice's sound key are back");
    let audit = reopened.audit_tail(10_000).await.unwrap();
    let backfill: Vec<_> = audit.iter().filter(|r| r.action == "identity_keys.backfill").collect();
    assert_eq!(backfill.len(), 1);
    assert_eq!(backfill[0].detail, "records=1");
    reopened.close().await;
    // Once per database.
    let again = SqlStore::connect(&db.url).await.unwrap();
    assert_eq!(rows(&again).await, filed);
    again.close().await;
}

async fn context_gathers_refugee_statuses_earlier_requests_and_the_record(store: &dyn Store) {
    let reg = shipped_countries();
    let au = actor("ncb-au", Role::Ncb, Some("AU"));
    let bh = actor("ncb-bh", Role::Ncb, Some("BH"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let commission = actor("ccf", Role::Commission, None);
    let admin = actor("admin", Role::Admin, None);
    let person = known_person(&reg);

    // Nothing known yet.
    let empty = store.review_context(cc("BH"), &person).await.unwrap();
    assert!(empty.refugee_statuses.is_empty() && empty.earlier.is_empty());
    assert_eq!(empty.requester, article3_domain::RequesterRecord::default());

    let recorded = store.record_refugee_status(&au, &person, cc("BH"), date!(2017 - 11 - 27)).await.unwrap();
    assert_eq!(recorded.status.protecting_country, cc("AU"));
    assert!(matches!(
        store.record_refugee_status(&au, &person, cc("AU"), date!(2017 - 11 - 27)).await,
        Err(StoreError::Invalid(_))
    ));
    let border = actor("b", Role::Border, Some("AU"));
    assert!(matches!(
        store.record_refugee_status(&border, &person, cc("BH"), date!(2017 - 11 - 27)).await,
        Err(StoreError::Forbidden(_))
    ));

    let context = store.review_context(cc("BH"), &person).await.unwrap();
    assert_eq!(context.refugee_statuses.len(), 1);
    assert_eq!(context.refugee_statuses[0].fled_from, cc("BH"));
    // A namesake with another passport and birth year is not this person.
    let mut namesake = known_person(&reg);
    namesake.documents.clear();
    namesake.birth_dates = vec![article3_domain::BirthDate::Year(1971)];
    assert!(store.review_context(cc("BH"), &namesake).await.unwrap().refugee_statuses.is_empty());

    // Only the protecting country, reviewers and the Commission read the register.
    assert_eq!(store.refugee_statuses(&au).await.unwrap().len(), 1);
    assert!(store.refugee_statuses(&bh).await.unwrap().is_empty());
    assert_eq!(store.refugee_statuses(&reviewer).await.unwrap().len(), 1);
    assert!(matches!(store.refugee_statuses(&border).await, Err(StoreError::Forbidden(_))));

    // An earlier request is found, and after a deletion it is still recognised as deleted.
    let mut req = red(&reg, "BH", Restrictions::None);
    req.subject = person.clone();
    let n = store.submit_notice(Reader::Actor(&bh), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    store.decide_notice(&reviewer, n.id, Decision::Approve, "ok").await.unwrap();
    let context = store.review_context(cc("TR"), &person).await.unwrap();
    assert_eq!(context.earlier.len(), 1);
    assert_eq!((context.earlier[0].requesting_country, context.earlier[0].deleted_by_commission), (cc("BH"), false));
    assert_eq!(
        (context.earlier[0].requester_decided, context.earlier[0].requester_refused),
        (1, 0),
        "the earlier requester's record"
    );
    assert!(context.earlier[0].challenges.is_empty());
    // The person's challenges to it come with it, pending and decided: the file, the day, the outcome.
    let challenge = |reference: &str, lodged_on| {
        let id = n.id.to_string();
        article3_domain::ChallengeApplication::new(
            article3_domain::RecordKind::Notice,
            &id,
            reference,
            "political",
            lodged_on,
            date!(2026 - 11 - 22),
        )
        .unwrap()
    };
    let first = store.register_challenge(&commission, &challenge("CCF/1", date!(2026 - 01 - 05))).await.unwrap();
    store
        .decide_challenge(&commission, &first.id, article3_domain::ChallengeOutcome::Inadmissible, "no mandate")
        .await
        .unwrap();
    store.register_challenge(&commission, &challenge("CCF/2", date!(2026 - 03 - 02))).await.unwrap();
    let context = store.review_context(cc("TR"), &person).await.unwrap();
    let found: Vec<_> =
        context.earlier[0].challenges.iter().map(|c| (c.reference.as_str(), c.lodged_on, c.outcome)).collect();
    assert_eq!(
        found,
        [
            ("CCF/1", date!(2026 - 01 - 05), Some(article3_domain::ChallengeOutcome::Inadmissible)),
            ("CCF/2", date!(2026 - 03 - 02), None)
        ]
    );
    store.transition_notice(&commission, n.id, NoticeAction::Block, "challenge").await.unwrap();
    store.transition_notice(&commission, n.id, NoticeAction::Delete, "refugee").await.unwrap();
    let context = store.review_context(cc("BH"), &person).await.unwrap();
    assert!(context.earlier[0].deleted_by_commission, "the hashed keys outlive the deletion");
    assert_eq!((context.requester.decided, context.requester.deleted), (1, 1));

    // Another member's refusal to extradite is found under the same keys.
    let it = actor("ncb-it", Role::Ncb, Some("IT"));
    store
        .record_extradition_refusal(&it, &person, cc("BH"), date!(2024 - 06 - 01), "political offence exception")
        .await
        .unwrap();
    assert!(matches!(
        store.record_extradition_refusal(&it, &person, cc("IT"), date!(2024 - 06 - 01), "x").await,
        Err(StoreError::Invalid(_))
    ));
    let refusals = store.review_context(cc("BH"), &person).await.unwrap().extradition_refusals;
    assert_eq!((refusals.len(), refusals[0].refusing_country), (1, cc("IT")));

    // Corrective measures.
    store
        .set_corrective_measure(
            &admin,
            cc("BH"),
            Some(article3_domain::CorrectiveMeasure::EnhancedReview),
            "pattern of abuse",
        )
        .await
        .unwrap();
    assert_eq!(
        store.review_context(cc("BH"), &person).await.unwrap().requester.corrective_measure,
        Some(article3_domain::CorrectiveMeasure::EnhancedReview)
    );
    assert!(matches!(store.set_corrective_measure(&bh, cc("BH"), None, "x").await, Err(StoreError::Forbidden(_))));
    store.set_corrective_measure(&admin, cc("BH"), None, "lifted after audit").await.unwrap();
    let concerns = [article3_domain::DueProcessConcern {
        concern: "trials in absentia without notice".into(),
        source: "court ruling, 2024".into(),
    }];
    store.set_due_process_concerns(&admin, cc("BH"), &concerns).await.unwrap();
    assert_eq!(store.review_context(cc("BH"), &person).await.unwrap().requester.due_process_concerns, concerns);
    // A subject with no key to look up (no date of birth, no document) still gets the requester's record.
    let keyless = Subject::new(
        vec![PersonName::new(NameKind::Primary, Some("Nameonly Person"), None, None, None, None).unwrap()],
        Vec::new(),
        Sex::Male,
        BTreeSet::new(),
        Vec::new(),
        None,
        None,
    )
    .unwrap();
    let context = store.review_context(cc("BH"), &keyless).await.unwrap();
    assert_eq!((context.requester.due_process_concerns, context.earlier.len()), (concerns.to_vec(), 0));
    assert!(matches!(store.set_due_process_concerns(&bh, cc("BH"), &[]).await, Err(StoreError::Forbidden(_))));
    store.set_due_process_concerns(&admin, cc("BH"), &[]).await.unwrap();
    assert!(store.review_context(cc("BH"), &person).await.unwrap().requester.due_process_concerns.is_empty());
    assert_eq!(store.review_context(cc("BH"), &person).await.unwrap().requester.corrective_measure, None);
    audit_ok(store).await;
}

/// The stolen and lost travel documents register: one active report per document, exact look-up by
/// number whatever the formatting, withdrawal only by the reporting bureau, all audited.
async fn travel_documents_are_reported_looked_up_and_withdrawn(store: &dyn Store) {
    let reg = shipped_countries();
    let today = date!(2026 - 11 - 21);
    let (fr, de) = (actor("ncb-fr", Role::Ncb, Some("FR")), actor("ncb-de", Role::Ncb, Some("DE")));
    let border = actor("border-de", Role::Border, Some("DE"));
    let report = article3_domain::DocumentReport::new(
        &reg,
        "12 AB-345 67",
        "FR",
        "passport",
        "stolen",
        date!(2026 - 10 - 01),
        today,
    )
    .unwrap();
    assert_eq!(report.number, "12AB34567");
    let record = store.report_travel_document(&fr, &report).await.unwrap();
    assert_eq!((record.reporting_country, record.withdrawn.is_none()), (cc("FR"), true));
    assert!(
        matches!(store.report_travel_document(&de, &report).await, Err(StoreError::Conflict(_))),
        "one active report"
    );
    assert!(matches!(store.report_travel_document(&border, &report).await, Err(StoreError::Forbidden(_))));

    let found = store.lookup_travel_document(&border, "12ab34567").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].report.status, article3_domain::DocumentStatus::Stolen);
    assert!(store.lookup_travel_document(&border, "12AB34568").await.unwrap().is_empty(), "exact numbers only");
    assert!(matches!(
        store.lookup_travel_document(&actor("me", Role::Subject, None), "12AB34567").await,
        Err(StoreError::Forbidden(_))
    ));
    assert_eq!(store.list_travel_documents(&de).await.unwrap().len(), 0, "a bureau lists its own reports");
    assert_eq!(store.active_travel_documents().await.unwrap().len(), 1);

    assert!(matches!(store.withdraw_travel_document(&de, &record.id, "found").await, Err(StoreError::Forbidden(_))));
    assert!(matches!(store.withdraw_travel_document(&fr, &record.id, "  ").await, Err(StoreError::Invalid(_))));
    // The screening index's poll reads what changed since a moment, from either time.
    let since = store.travel_document_changes(record.reported_at_ms).await.unwrap();
    assert_eq!(since.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), [record.id.as_str()]);
    assert!(store.travel_document_changes(record.reported_at_ms + 1).await.unwrap().is_empty());
    let withdrawn = store.withdraw_travel_document(&fr, &record.id, "recovered by the holder").await.unwrap();
    let at = withdrawn.withdrawn.as_ref().map(|w| w.at_ms).unwrap();
    let changed = store.travel_document_changes(at).await.unwrap();
    assert_eq!(changed.len(), 1, "the withdrawal of a report made before");
    assert!(changed[0].id == record.id && changed[0].withdrawn.is_some());
    assert!(store.travel_document_changes(at + 1).await.unwrap().is_empty());
    assert_eq!(withdrawn.withdrawn.as_ref().map(|w| w.reason.as_str()), Some("recovered by the holder"));
    assert!(store.active_travel_documents().await.unwrap().is_empty(), "a withdrawn report never matches");
    assert!(matches!(store.withdraw_travel_document(&fr, &record.id, "again").await, Err(StoreError::Conflict(_))));
    // Reported again after the withdrawal: a new active report, the old one kept for the record.
    store.report_travel_document(&fr, &report).await.unwrap();
    assert_eq!(store.lookup_travel_document(&border, "12AB34567").await.unwrap().len(), 2);
    let actions: Vec<String> = store
        .audit_tail(100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("travel_document."))
        .collect();
    assert!(
        actions.contains(&"travel_document.report".to_owned())
            && actions.contains(&"travel_document.withdraw".to_owned())
    );
    assert!(actions.contains(&"travel_document.lookup".to_owned()));
    audit_ok(store).await;
}

/// Country flags: a bureau flags another country's live notice, once; only it lifts the flag; its
/// officers and reviewers see it; the review context of a new request on the same person carries who
/// flagged, for the rules.
async fn country_flags_are_set_listed_lifted_and_reach_the_review_context(store: &dyn Store) {
    let reg = shipped_countries();
    let bh = actor("ncb-bh", Role::Ncb, Some("BH"));
    let au = actor("ncb-au", Role::Ncb, Some("AU"));
    let de = actor("ncb-de", Role::Ncb, Some("DE"));
    let border_au = actor("border-au", Role::Border, Some("AU"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let mut req = red(&reg, "BH", Restrictions::None);
    req.subject = known_person(&reg);
    let n = store.submit_notice(Reader::Actor(&bh), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    let id = n.id.to_string();
    let notice = article3_domain::RecordKind::Notice;

    // Not yet published: other countries cannot see it, so cannot flag it.
    assert!(matches!(store.set_country_flag(&au, notice, &id, "asylum granted").await, Err(StoreError::NotFound)));
    store.decide_notice(&reviewer, n.id, Decision::Approve, "Concrete charges.").await.unwrap();

    // Only a bureau, not the requester itself, with reasons.
    assert!(matches!(
        store.set_country_flag(&border_au, notice, &id, "asylum granted").await,
        Err(StoreError::Forbidden(_))
    ));
    assert!(matches!(store.set_country_flag(&bh, notice, &id, "mistake").await, Err(StoreError::Invalid(_))));
    assert!(matches!(store.set_country_flag(&au, notice, &id, "  ").await, Err(StoreError::Invalid(_))));
    assert!(matches!(
        store.set_country_flag(&au, notice, "not-an-id", "asylum granted").await,
        Err(StoreError::NotFound)
    ));
    let marks = store.register_marks().await.unwrap();
    let flag = store.set_country_flag(&au, notice, &id, "asylum granted; Art. 3 concerns").await.unwrap();
    let moved = store.register_marks().await.unwrap();
    assert_ne!(moved.flags, marks.flags, "a new flag moves the flags' mark");
    assert_eq!(moved.clearances, marks.clearances, "and not the clearances'");
    assert_eq!((flag.country, flag.is_active()), (cc("AU"), true));
    assert!(matches!(store.set_country_flag(&au, notice, &id, "again").await, Err(StoreError::Conflict(_))));
    store.set_country_flag(&de, notice, &id, "extradition refused by our courts").await.unwrap();

    // Who sees what: a country its own flags; reviewers all of them.
    let own = store.country_flags(&border_au, Some((notice, &id))).await.unwrap();
    assert_eq!(own.iter().map(|f| f.country).collect::<Vec<_>>(), [cc("AU")]);
    assert_eq!(store.country_flags(&reviewer, Some((notice, &id))).await.unwrap().len(), 2);
    assert!(store.country_flags(&bh, Some((notice, &id))).await.unwrap().is_empty(), "the requester is not told");
    assert!(matches!(
        store.country_flags(&actor("admin", Role::Admin, None), None).await,
        Err(StoreError::Forbidden(_))
    ));
    assert_eq!(store.active_country_flags().await.unwrap().len(), 2);

    // A new request on the same person carries the flags of the earlier one.
    let context = store.review_context(cc("BH"), &known_person(&reg)).await.unwrap();
    let earlier = context.earlier.iter().find(|e| e.id == id).unwrap();
    assert_eq!(earlier.flagged_by, [cc("AU"), cc("DE")]);

    // Only the flagging country lifts its flag, once, with reasons; a lifted flag no longer counts.
    assert!(matches!(store.lift_country_flag(&de, &flag.id, "no").await, Err(StoreError::NotFound)));
    assert!(matches!(store.lift_country_flag(&au, &flag.id, " ").await, Err(StoreError::Invalid(_))));
    let before_lift = store.register_marks().await.unwrap();
    let lifted = store.lift_country_flag(&au, &flag.id, "asylum revoked").await.unwrap();
    assert_ne!(store.register_marks().await.unwrap().flags, before_lift.flags, "a lift moves it too");
    assert!(!lifted.is_active());
    assert!(matches!(store.lift_country_flag(&au, &flag.id, "again").await, Err(StoreError::Conflict(_))));
    let context = store.review_context(cc("BH"), &known_person(&reg)).await.unwrap();
    assert_eq!(context.earlier.iter().find(|e| e.id == id).unwrap().flagged_by, [cc("DE")]);
    assert_eq!(store.country_flags(&au, None).await.unwrap().len(), 1, "a lifted flag stays on record");

    let actions: Vec<String> = store.audit_tail(100).await.unwrap().into_iter().map(|e| e.action).collect();
    for action in ["country_flag.set", "country_flag.lift", "country_flag.list", "notice.flag.denied"] {
        assert!(actions.iter().any(|a| a == action), "{action} audited");
    }
    audit_ok(store).await;
}

async fn the_safeguard_register_and_screening_logs(store: &article3_store::SqlStore) {
    let reg = shipped_countries();
    let au = actor("ncb-au", Role::Ncb, Some("AU"));
    let it = actor("ncb-it", Role::Ncb, Some("IT"));
    let admin = actor("admin", Role::Admin, None);
    let person = known_person(&reg);
    let keys = article3_domain::identity_keys(&person);

    // Each kind of entry moves its part of the mark, and the register holds it under the person's keys.
    let empty = store.safeguard_register().await.unwrap();
    assert!(empty.refugee_statuses.is_empty() && empty.extradition_refusals.is_empty());
    let m0 = store.register_marks().await.unwrap();
    let status = store.record_refugee_status(&au, &person, cc("BH"), date!(2017 - 11 - 27)).await.unwrap();
    let m1 = store.register_marks().await.unwrap();
    assert_ne!(m1.safeguards, m0.safeguards, "a refugee status moves the mark");
    assert_eq!((m1.flags, m1.clearances), (m0.flags, m0.clearances), "and no other register's");
    store.record_extradition_refusal(&it, &person, cc("BH"), date!(2024 - 06 - 01), "unfair trial").await.unwrap();
    let m2 = store.register_marks().await.unwrap();
    assert_ne!(m2.safeguards, m1.safeguards, "a refusal moves the mark");
    store
        .set_corrective_measure(&admin, cc("BH"), Some(article3_domain::CorrectiveMeasure::Restriction), "abuse")
        .await
        .unwrap();
    let m3 = store.register_marks().await.unwrap();
    assert_ne!(m3.safeguards, m2.safeguards, "a measure moves the mark");
    let register = store.safeguard_register().await.unwrap();
    assert!(!register.refugee_statuses.is_empty());
    assert!(register.refugee_statuses.iter().all(|(k, s)| keys.contains(k) && s.id == status.status.id));
    assert!(register.extradition_refusals.iter().all(|(k, r)| keys.contains(k) && r.refusing_country == cc("IT")));
    assert_eq!(register.corrective_measures, [(cc("BH"), article3_domain::CorrectiveMeasure::Restriction)]);
    store.set_corrective_measure(&admin, cc("BH"), None, "served").await.unwrap();
    assert_ne!(store.register_marks().await.unwrap().safeguards, m3.safeguards, "a lifted measure moves it too");
    assert!(store.safeguard_register().await.unwrap().corrective_measures.is_empty());

    // Screenings logged together: each gets its own alerts, in order, numbered in the order raised;
    // every event is on the chain.
    let border = actor("border-de", Role::Border, Some("DE"));
    let bureau = actor("ncb-au", Role::Ncb, Some("AU"));
    let guard =
        |code: &str, text: &str| article3_store::AlertSafeguard { code: code.to_owned(), text: text.to_owned() };
    let guards = |id: &str| match id {
        "n1" => vec![guard("under_challenge", "first"), guard("flagged_by_other_countries", "second")],
        "n2" => vec![guard("flagged_by_other_countries", "one\nline"), guard("underXchallenge", "near")],
        _ => vec![],
    };
    let alert = |id: &str, score: f32| article3_store::NewAlert {
        kind: "notice".to_owned(),
        object_id: id.to_owned(),
        owner: cc("BH"),
        score,
        traveller: "Traveller".to_owned(),
        notify_requester: true,
        safeguards: guards(id),
    };
    let log = |who: &Actor, query: &str, alerts: Vec<article3_store::NewAlert>| article3_store::ScreeningLog {
        actor: who.clone(),
        events: vec![AuditEvent::new("screen.query", "screening", query).by(who)],
        alerts,
    };
    let batch = [
        log(&border, "q1", vec![alert("n1", 0.9), alert("n2", 0.75)]),
        log(&bureau, "q2", vec![]),
        log(&border, "q3", vec![alert("n3", 0.8)]),
    ];
    let stored = store.log_screenings(&batch).await.unwrap();
    assert_eq!(stored.iter().map(Vec::len).collect::<Vec<_>>(), [2, 0, 1]);
    let ids: Vec<&str> = stored.iter().flatten().map(|a| a.object_id.as_str()).collect();
    assert_eq!(ids, ["n1", "n2", "n3"]);
    let seqs: Vec<i64> = stored.iter().flatten().map(|a| a.seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    assert_eq!(stored[2][0].screening_country, cc("DE"));
    assert_eq!(stored[0][0].safeguards, guards("n1"));
    assert!((stored[0][1].score - 0.75).abs() < 1e-6);
    let reviewer = actor("rev", Role::Reviewer, None);
    let listed = store.alerts(&reviewer, 0, 10, AlertSelection::default()).await.unwrap();
    assert_eq!(
        listed.iter().map(|a| (a.seq, a.object_id.as_str())).collect::<Vec<_>>(),
        seqs.iter().copied().zip(ids).collect::<Vec<_>>()
    );
    // Safeguards read back with their codes, each text one line.
    assert_eq!(listed[0].safeguards, guards("n1"));
    assert_eq!(
        listed[1].safeguards,
        [guard("flagged_by_other_countries", "oneline"), guard("underXchallenge", "near")]
    );
    assert!(listed[2].safeguards.is_empty());
    // Selected by code: a whole code, taken literally (`_` is no wildcard, a prefix is not the code).
    let carrying = |who: &Actor, code: &'static str| {
        let who = who.clone();
        async move {
            let found = store
                .alerts(&who, 0, 10, AlertSelection { safeguard: Some(code), ..AlertSelection::default() })
                .await
                .unwrap();
            found.iter().map(|a| a.object_id.clone()).collect::<Vec<_>>()
        }
    };
    assert_eq!(carrying(&reviewer, "under_challenge").await, ["n1"]);
    assert_eq!(carrying(&reviewer, "flagged_by_other_countries").await, ["n1", "n2"]);
    assert_eq!(carrying(&reviewer, "underXchallenge").await, ["n2"]);
    assert!(carrying(&reviewer, "under").await.is_empty());
    assert!(carrying(&reviewer, "%").await.is_empty());
    assert_eq!(carrying(&actor("ncb-bh", Role::Ncb, Some("BH")), "under_challenge").await, ["n1"]);
    assert!(carrying(&actor("ncb-fr", Role::Ncb, Some("FR")), "under_challenge").await.is_empty());
    let tail = store.audit_tail(20).await.unwrap();
    for q in ["q1", "q2", "q3"] {
        assert!(tail.iter().any(|e| e.action == "screen.query" && e.object_id == q), "{q} audited");
    }
    for seq in &seqs {
        assert!(tail.iter().any(|e| e.action == "alert.raise" && e.detail.contains(&format!("alert={seq} "))));
    }
    // The chain holds the batch's records in the batch's order: each screening's query, then its alerts.
    let at = |action: &str, text: &str| {
        tail.iter()
            .find(|e| e.action == action && (e.object_id == text || e.detail.contains(text)))
            .map(|e| e.seq)
            .unwrap()
    };
    let order = [
        at("screen.query", "q1"),
        at("alert.raise", &format!("alert={} ", seqs[0])),
        at("alert.raise", &format!("alert={} ", seqs[1])),
        at("screen.query", "q2"),
        at("screen.query", "q3"),
        at("alert.raise", &format!("alert={} ", seqs[2])),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    audit_ok(store).await;

    // A batch larger than the largest statement keeps its order too (its records take several
    // statements of each size).
    let many: Vec<_> = (0..90).map(|i| log(&border, &format!("m{i:03}"), vec![])).collect();
    store.log_screenings(&many).await.unwrap();
    let tail = store.audit_tail(100).await.unwrap();
    let seq_of =
        |q: String| tail.iter().find(|e| e.action == "screen.query" && e.object_id == q).map(|e| e.seq).unwrap();
    let many_seqs: Vec<i64> = (0..90).map(|i| seq_of(format!("m{i:03}"))).collect();
    assert!(many_seqs.windows(2).all(|w| w[0] < w[1]), "{many_seqs:?}");
    audit_ok(store).await;

    // One actor who does not screen refuses the whole batch, and nothing of it is written.
    let reviewer = actor("rev", Role::Reviewer, None);
    let refused = [log(&border, "q4", vec![alert("n4", 0.9)]), log(&reviewer, "q5", vec![])];
    assert!(matches!(store.log_screenings(&refused).await, Err(StoreError::Forbidden(_))));
    let tail = store.audit_tail(50).await.unwrap();
    assert!(!tail.iter().any(|e| e.object_id == "q4" || e.object_id == "q5"));
    assert_eq!(store.alerts(&reviewer, 0, 10, AlertSelection::default()).await.unwrap().len(), 3);

    // A year on, the alerts keep what was matched, when and by whom, but no longer the traveller.
    let raised = OffsetDateTime::now_utc();
    assert_eq!(store.retention_sweep(raised + Duration::days(300)).await.unwrap().travellers_erased, 0);
    assert!(
        store
            .alerts(&reviewer, 0, 10, AlertSelection::default())
            .await
            .unwrap()
            .iter()
            .all(|a| a.traveller == "Traveller")
    );
    assert_eq!(store.retention_sweep(raised + Duration::days(366)).await.unwrap().travellers_erased, 3);
    let kept = store.alerts(&reviewer, 0, 10, AlertSelection::default()).await.unwrap();
    assert_eq!(kept.len(), 3);
    assert!(kept.iter().all(|a| a.traveller.is_empty()), "{kept:?}");
    assert_eq!(kept.iter().map(|a| a.object_id.as_str()).collect::<Vec<_>>(), ["n1", "n2", "n3"]);
    assert_eq!(store.retention_sweep(raised + Duration::days(367)).await.unwrap().travellers_erased, 0, "once");
    let tail = store.audit_tail(10).await.unwrap();
    assert!(tail.iter().any(|e| e.action == "alert.erase_traveller" && e.detail.starts_with("alerts=3")));
    audit_ok(store).await;

    // An alert raised before codes were kept (as the migration leaves it): its safeguards read as
    // unrecorded, and no code selects them.
    sqlx::query(
        "INSERT INTO alerts (at, object_kind, object_id, owner_country, screening_country, screened_by, score, \
         traveller, notify_requester, safeguards) VALUES (1, 'notice', 'n0', 'BH', 'DE', 'border-de', 900, '', 1, \
         'an old text\nanother')",
    )
    .execute(store.pool())
    .await
    .unwrap();
    let all = store.alerts(&reviewer, 0, 10, AlertSelection::default()).await.unwrap();
    let old = all.iter().find(|a| a.object_id == "n0").unwrap();
    assert_eq!(old.safeguards, [guard("unrecorded", "an old text"), guard("unrecorded", "another")]);
    assert_eq!(carrying(&reviewer, "flagged_by_other_countries").await, ["n1", "n2"]);
}

async fn clearances_are_recorded_listed_withdrawn_and_move_their_mark(store: &dyn Store) {
    let reg = shipped_countries();
    let bh = actor("ncb-bh", Role::Ncb, Some("BH"));
    let border_au = actor("border-au", Role::Border, Some("AU"));
    let ncb_au = actor("ncb-au", Role::Ncb, Some("AU"));
    let de = actor("ncb-de", Role::Ncb, Some("DE"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let req = red(&reg, "BH", Restrictions::None);
    let n = store.submit_notice(Reader::Actor(&bh), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    let new = |number: &str, reason: &str| article3_store::NewClearance {
        kind: article3_domain::RecordKind::Notice,
        object_id: n.id.to_string(),
        document_number: number.to_owned(),
        issuing_country: cc("AU"),
        reason: reason.to_owned(),
    };
    // Not published yet: nothing to clear.
    assert!(matches!(
        store.record_clearance(&border_au, &new("PA-1", "fingerprints")).await,
        Err(StoreError::NotFound)
    ));
    store.decide_notice(&reviewer, n.id, Decision::Approve, "Concrete charges.").await.unwrap();
    assert!(matches!(store.record_clearance(&reviewer, &new("PA-1", "x")).await, Err(StoreError::Forbidden(_))));
    assert!(matches!(store.record_clearance(&border_au, &new("PA-1", " ")).await, Err(StoreError::Invalid(_))));
    assert!(matches!(store.record_clearance(&border_au, &new("<<", "x")).await, Err(StoreError::Invalid(_))));

    let m0 = store.register_marks().await.unwrap();
    let cleared = store.record_clearance(&border_au, &new("pa-1", "fingerprints differ")).await.unwrap();
    assert_eq!((cleared.document_number.as_str(), cleared.country), ("PA1", cc("AU")));
    let m1 = store.register_marks().await.unwrap();
    assert_ne!(m1.clearances, m0.clearances, "a clearance moves its mark");
    assert_eq!(m1.flags, m0.flags, "and no other's");
    assert!(matches!(store.record_clearance(&de, &new("PA1", "again")).await, Err(StoreError::Conflict(_))));
    assert_eq!(store.active_clearances().await.unwrap().len(), 1);

    // A country lists its own; reviewers all; the requester none of others'.
    assert_eq!(store.clearances(&ncb_au, None).await.unwrap().len(), 1);
    assert_eq!(
        store
            .clearances(&reviewer, Some((article3_domain::RecordKind::Notice, &n.id.to_string())))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store.clearances(&bh, None).await.unwrap().is_empty());

    // Only the clearing country withdraws, once; a withdrawn clearance stays on record.
    assert!(matches!(store.withdraw_clearance(&de, &cleared.id, "no").await, Err(StoreError::NotFound)));
    let withdrawn = store.withdraw_clearance(&ncb_au, &cleared.id, "wrong notice").await.unwrap();
    assert!(!withdrawn.is_active());
    assert_ne!(store.register_marks().await.unwrap().clearances, m1.clearances, "a withdrawal moves it too");
    assert!(matches!(store.withdraw_clearance(&ncb_au, &cleared.id, "again").await, Err(StoreError::Conflict(_))));
    assert!(store.active_clearances().await.unwrap().is_empty());
    assert_eq!(store.clearances(&ncb_au, None).await.unwrap().len(), 1);
    let tail = store.audit_tail(50).await.unwrap();
    let actions: Vec<&str> = tail.iter().map(|e| e.action.as_str()).collect();
    for action in ["clearance.record", "clearance.withdraw", "clearance.list", "notice.clear.denied"] {
        assert!(actions.contains(&action), "{action} audited");
    }
    // What was written about the traveller stays out of the chain, which is never erased.
    assert!(tail.iter().all(|e| !e.detail.contains("fingerprints differ") && !e.detail.contains("wrong notice")));
    audit_ok(store).await;
}

/// Challenges before the Commission: registered under a file reference by the Commission only, listed
/// by the Commission, reviewers and the requesting bureau only, decided once, each step moving the
/// register's mark and audited.
async fn challenges_are_registered_listed_decided_and_move_their_mark(store: &dyn Store) {
    use article3_domain::{ChallengeApplication, ChallengeOutcome, RecordKind};
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let de = actor("ncb-de", Role::Ncb, Some("DE"));
    let border_de = actor("border-de", Role::Border, Some("DE"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let commission = actor("ccf", Role::Commission, None);
    let req = red(&reg, "FR", Restrictions::None);
    let n = store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    store.decide_notice(&reviewer, n.id, Decision::Approve, "compliant").await.unwrap();
    let id = n.id.to_string();
    let today = OffsetDateTime::now_utc().date();
    let application = |object: &str, reference: &str| {
        ChallengeApplication::new(RecordKind::Notice, object, reference, "Art. 3: political character", today, today)
            .unwrap()
    };

    // Only the Commission registers; an unknown record is not found; nothing is written either way.
    let m0 = store.register_marks().await.unwrap();
    assert!(matches!(
        store.register_challenge(&reviewer, &application(&id, "CCF/2026/1")).await,
        Err(StoreError::Forbidden(_))
    ));
    assert!(matches!(
        store.register_challenge(&fr, &application(&id, "CCF/2026/1")).await,
        Err(StoreError::Forbidden(_))
    ));
    let unknown = article3_domain::NoticeId::generate().to_string();
    assert!(matches!(
        store.register_challenge(&commission, &application(&unknown, "CCF/2026/1")).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.register_marks().await.unwrap(), m0);
    assert!(store.pending_challenges().await.unwrap().is_empty());

    let c = store.register_challenge(&commission, &application(&id, "CCF/2026/1")).await.unwrap();
    assert!(c.is_pending());
    assert_eq!((c.application.reference.as_str(), c.application.object_id.as_str()), ("CCF/2026/1", id.as_str()));
    let m1 = store.register_marks().await.unwrap();
    assert_ne!(m1.challenges, m0.challenges, "a challenge moves its mark");
    assert_eq!((m1.flags, m1.clearances), (m0.flags, m0.clearances), "and no other's");
    // A file reference is one challenge's.
    assert!(matches!(
        store.register_challenge(&commission, &application(&id, "CCF/2026/1")).await,
        Err(StoreError::Conflict(_))
    ));
    let pending = store.pending_challenges().await.unwrap();
    assert_eq!(pending, vec![c.clone()], "read back as registered");

    // The Commission and reviewers list all; the requesting bureau its own; another bureau none; an
    // officer may not list.
    assert_eq!(store.challenges(&commission, None).await.unwrap().len(), 1);
    assert_eq!(store.challenges(&reviewer, Some((RecordKind::Notice, &id))).await.unwrap().len(), 1);
    assert_eq!(store.challenges(&fr, None).await.unwrap().len(), 1);
    assert!(store.challenges(&de, None).await.unwrap().is_empty());
    assert!(store.challenges(&reviewer, Some((RecordKind::Diffusion, &id))).await.unwrap().is_empty());
    assert!(matches!(store.challenges(&border_de, None).await, Err(StoreError::Forbidden(_))));

    // Decided once, with reasons, by the Commission; a decided challenge stays on record.
    assert!(matches!(
        store.decide_challenge(&reviewer, &c.id, ChallengeOutcome::Rejected, "complies").await,
        Err(StoreError::Forbidden(_))
    ));
    assert!(matches!(
        store.decide_challenge(&commission, &c.id, ChallengeOutcome::Rejected, " ").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.decide_challenge(&commission, "no-such-id", ChallengeOutcome::Rejected, "complies").await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.register_marks().await.unwrap(), m1, "refusals change nothing");
    let decided = store
        .decide_challenge(&commission, &c.id, ChallengeOutcome::Upheld, "not compliant with Art. 3")
        .await
        .unwrap();
    let decision = decided.decision.clone().unwrap();
    assert_eq!((decision.outcome, decision.by.as_str()), (ChallengeOutcome::Upheld, "ccf"));
    assert_ne!(store.register_marks().await.unwrap().challenges, m1.challenges, "a decision moves it too");
    assert!(matches!(
        store.decide_challenge(&commission, &c.id, ChallengeOutcome::Rejected, "again").await,
        Err(StoreError::Conflict(_))
    ));
    assert!(store.pending_challenges().await.unwrap().is_empty());
    let listed = store.challenges(&fr, None).await.unwrap();
    assert_eq!(listed.iter().map(|l| &l.challenge).collect::<Vec<_>>(), [&decided]);
    assert_eq!(listed[0].record_status.as_deref(), Some("published"));
    // The listing gives the record's status as it is now.
    store.transition_notice(&commission, n.id, NoticeAction::Block, "upheld").await.unwrap();
    let listed = store.challenges(&commission, None).await.unwrap();
    assert_eq!(listed[0].record_status.as_deref(), Some("blocked"));

    let actions: Vec<String> = store.audit_tail(50).await.unwrap().into_iter().map(|e| e.action).collect();
    for action in ["challenge.register", "challenge.decide", "challenge.list"] {
        assert!(actions.iter().any(|a| a == action), "{action} audited");
    }
    audit_ok(store).await;
}

/// The screening index's poll: what changed since a moment, less the versions already applied. Every
/// change moves a record's change time forward (several in one millisecond, or after the clock stepped
/// back), so a change is never mistaken for a version already applied nor falls behind the poll's cursor.
async fn the_change_log_leaves_out_versions_already_applied(store: &article3_store::SqlStore) {
    use std::collections::HashMap;

    use article3_domain::RecordKind;
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let commission = actor("ccf", Role::Commission, None);
    let none = HashMap::new();
    let mut ids = Vec::new();
    for _ in 0..2 {
        let req = red(&reg, "FR", Restrictions::None);
        let n = store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
        store.decide_notice(&reviewer, n.id, Decision::Approve, "compliant").await.unwrap();
        ids.push(n.id.to_string());
    }
    let (dreq, eval) = locate_from_fr_to_de(&reg);
    let d = store.circulate_diffusion(&fr, &dreq, &eval, false).await.unwrap().id.to_string();

    let all = store.screening_changes(0, &none).await.unwrap();
    let keys: BTreeSet<(RecordKind, String)> = all.versions.iter().map(|(k, _)| k.clone()).collect();
    let expected = BTreeSet::from([
        (RecordKind::Notice, ids[0].clone()),
        (RecordKind::Notice, ids[1].clone()),
        (RecordKind::Diffusion, d.clone()),
    ]);
    assert_eq!(keys, expected);
    assert_eq!(all.live.len(), 3);
    assert!(all.gone.is_empty());
    assert_eq!(all.latest_ms, all.versions.iter().map(|(_, at)| *at).max().unwrap());
    let built = store.screening_listings().await.unwrap();
    assert_eq!(built.versions.len(), 3, "the build reads the same versions");

    // Everything already applied: nothing is read again, yet the latest change time still moves the cursor.
    let applied: HashMap<(RecordKind, String), i64> = all.versions.iter().cloned().collect();
    let again = store.screening_changes(0, &applied).await.unwrap();
    assert!(again.live.is_empty() && again.gone.is_empty() && again.versions.is_empty(), "{again:?}");
    assert_eq!(again.latest_ms, all.latest_ms);
    // A moment after the latest change: nothing at all.
    let later = store.screening_changes(all.latest_ms + 1, &none).await.unwrap();
    assert!(later.versions.is_empty() && later.latest_ms == 0, "{later:?}");

    // Changes in quick succession: each version's change time is later than the one before.
    let a = ids[0].parse().unwrap();
    let version = |changes: article3_store::ListingChanges| changes.versions.first().map(|(_, at)| *at).unwrap();
    let mut seen = vec![applied[&(RecordKind::Notice, ids[0].clone())]];
    for (action, reason) in [
        (NoticeAction::Block, "interim measure"),
        (NoticeAction::Unblock, "challenge rejected"),
        (NoticeAction::Block, "new facts"),
        (NoticeAction::Unblock, "facts answered"),
        (NoticeAction::Block, "further facts"),
    ] {
        store.transition_notice(&commission, a, action, reason).await.unwrap();
        seen.push(version(store.screening_listing(RecordKind::Notice, &ids[0]).await.unwrap()));
    }
    // A version stamped by a clock a minute ahead (another server's), then a change by this one.
    let ahead = seen.last().unwrap() + 60_000;
    sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE notices SET updated_at = {ahead} WHERE id = '{}'", ids[0])))
        .execute(store.pool())
        .await
        .unwrap();
    seen.push(ahead);
    store.transition_notice(&commission, a, NoticeAction::Unblock, "challenge rejected").await.unwrap();
    store.transition_notice(&commission, a, NoticeAction::Block, "new facts").await.unwrap();
    seen.push(version(store.screening_listing(RecordKind::Notice, &ids[0]).await.unwrap()));
    assert!(seen.windows(2).all(|w| w[1] > w[0]), "{seen:?}");
    // Only the changed record comes back, as gone (blocked); the others stay applied.
    let changed = store.screening_changes(0, &applied).await.unwrap();
    assert_eq!(changed.gone, vec![(RecordKind::Notice, ids[0].clone())]);
    assert!(changed.live.is_empty());
    assert_eq!(changed.versions, vec![((RecordKind::Notice, ids[0].clone()), *seen.last().unwrap())]);
    assert_eq!(changed.latest_ms, *seen.last().unwrap());
}

/// The registers' change times, after an entry stamped by a clock a minute ahead (another server's, or
/// this one's before it stepped back): a later report or withdrawal is stamped past it, so the index's
/// poll, which reads travel document reports from the latest it applied, and the marks of the flag and
/// challenge registers, which hold their latest times, still see it.
async fn register_changes_are_stamped_past_the_latest_entry(store: &article3_store::SqlStore) {
    use article3_domain::{ChallengeApplication, ChallengeOutcome, DocumentReport, RecordKind};
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let commission = actor("ccf", Role::Commission, None);
    let today = OffsetDateTime::now_utc().date();
    let ahead = OffsetDateTime::now_utc().unix_timestamp() * 1000 + 60_000;
    let push_ahead = |table: &str, column: &str| {
        sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE {table} SET {column} = {ahead} WHERE {column} IS NOT NULL")))
            .execute(store.pool())
    };

    // Travel documents: a report and a withdrawal after the clock-ahead report.
    let report = |number: &str| DocumentReport::new(&reg, number, "FR", "passport", "lost", today, today).unwrap();
    let first = store.report_travel_document(&fr, &report("FR0001")).await.unwrap();
    push_ahead("travel_documents", "reported_at").await.unwrap();
    let second = store.report_travel_document(&fr, &report("FR0002")).await.unwrap();
    assert!(second.reported_at_ms > ahead, "{} after {ahead}", second.reported_at_ms);
    let changed = store.travel_document_changes(ahead + 1).await.unwrap();
    assert_eq!(changed.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), vec![second.id.as_str()]);
    let withdrawn = store.withdraw_travel_document(&fr, &first.id, "found").await.unwrap();
    let at = withdrawn.withdrawn.unwrap().at_ms;
    assert!(at > second.reported_at_ms, "{at}");
    let changed = store.travel_document_changes(second.reported_at_ms + 1).await.unwrap();
    assert_eq!(changed.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), vec![first.id.as_str()]);

    // Flags: a lift after a lift stamped ahead still moves the register's mark.
    let req = red(&reg, "FR", Restrictions::None);
    let n = store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    store.decide_notice(&reviewer, n.id, Decision::Approve, "compliant").await.unwrap();
    let id = n.id.to_string();
    let de = actor("ncb-de", Role::Ncb, Some("DE"));
    let it = actor("ncb-it", Role::Ncb, Some("IT"));
    let flag = store.set_country_flag(&de, RecordKind::Notice, &id, "asylum granted").await.unwrap();
    store.lift_country_flag(&de, &flag.id, "asylum revoked").await.unwrap();
    push_ahead("country_flags", "withdrawn_at").await.unwrap();
    let flag = store.set_country_flag(&it, RecordKind::Notice, &id, "extradition refused").await.unwrap();
    let before = store.register_marks().await.unwrap();
    store.lift_country_flag(&it, &flag.id, "refusal overturned").await.unwrap();
    assert_ne!(store.register_marks().await.unwrap().flags, before.flags, "the lift moves the mark");

    // Challenges: a decision after a decision stamped ahead still moves the mark.
    let application = |reference: &str| {
        ChallengeApplication::new(RecordKind::Notice, &id, reference, "political", today, today).unwrap()
    };
    let c = store.register_challenge(&commission, &application("CCF/1")).await.unwrap();
    store.decide_challenge(&commission, &c.id, ChallengeOutcome::Withdrawn, "withdrawn by counsel").await.unwrap();
    push_ahead("challenges", "decided_at").await.unwrap();
    let c = store.register_challenge(&commission, &application("CCF/2")).await.unwrap();
    let before = store.register_marks().await.unwrap();
    let decided = store.decide_challenge(&commission, &c.id, ChallengeOutcome::Rejected, "complies").await.unwrap();
    assert!(decided.decision.unwrap().at_ms > ahead);
    assert_ne!(store.register_marks().await.unwrap().challenges, before.challenges, "the decision moves the mark");
}

/// Writers that each check for an existing entry and then insert one, at the same moment: on PostgreSQL
/// they run side by side and can all pass the check, and the unique index stops the later ones. Every
/// register makes the entry once and tells every other writer it is a conflict, never a server error.
async fn one_entry_written_at_once_is_made_once_and_the_others_are_conflicts(store: &dyn Store) {
    use article3_domain::{ChallengeApplication, DocumentReport, RecordKind};
    const AT_ONCE: usize = 6;
    const ROUNDS: usize = 3;
    fn once<T: std::fmt::Debug>(what: &str, results: &[Result<T, StoreError>]) {
        assert_eq!(results.len(), AT_ONCE, "{what}");
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{what}: one is made: {results:?}");
        let others = results.iter().filter_map(|r| r.as_ref().err());
        others.for_each(|e| assert!(matches!(e, StoreError::Conflict(_)), "{what}: {e:?}"));
    }
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let de = actor("ncb-de", Role::Ncb, Some("DE"));
    let border_de = actor("border-de", Role::Border, Some("DE"));
    let commission = actor("ccf", Role::Commission, None);
    let req = red(&reg, "FR", Restrictions::None);
    let eval = evaluation(&req);
    let today = OffsetDateTime::now_utc().date();
    for round in 0..ROUNDS {
        let user = || NewUser {
            name: format!("officer-{round}"),
            role: Role::Border,
            country: Some(cc("DE")),
            password_hash: "x".to_owned(),
        };
        once("user", &all_at_once((0..AT_ONCE).map(|_| store.create_user("admin", user()))).await);

        let import =
            || Intake::ImportedPublished { source: "test".to_owned(), external_ref: Some(format!("EXT-{round}")) };
        let made = all_at_once((0..AT_ONCE).map(|_| store.submit_notice(Reader::Public, &req, &eval, import())));
        let made = made.await;
        once("imported notice", &made);
        let id = made.iter().find_map(|r| r.as_ref().ok()).map(|n| n.id.to_string()).unwrap();

        let report =
            DocumentReport::new(&reg, &format!("FR{round}X"), "FR", "passport", "stolen", today, today).unwrap();
        once("document", &all_at_once((0..AT_ONCE).map(|_| store.report_travel_document(&fr, &report))).await);

        let flag = |_| store.set_country_flag(&de, RecordKind::Notice, &id, "asylum granted here");
        once("flag", &all_at_once((0..AT_ONCE).map(flag)).await);

        let new = article3_store::NewClearance {
            kind: RecordKind::Notice,
            object_id: id.clone(),
            document_number: "DE7001".to_owned(),
            issuing_country: cc("DE"),
            reason: "fingerprints differ".to_owned(),
        };
        once("clearance", &all_at_once((0..AT_ONCE).map(|_| store.record_clearance(&border_de, &new))).await);

        let application =
            ChallengeApplication::new(RecordKind::Notice, &id, &format!("CCF/{round}"), "political", today, today)
                .unwrap();
        let challenge = |_| store.register_challenge(&commission, &application);
        once("challenge", &all_at_once((0..AT_ONCE).map(challenge)).await);
    }
    // Nothing of the refused writers is left: one entry each, and one audit record of each write.
    assert_eq!(store.active_travel_documents().await.unwrap().len(), ROUNDS);
    assert_eq!(store.active_country_flags().await.unwrap().len(), ROUNDS);
    assert_eq!(store.active_clearances().await.unwrap().len(), ROUNDS);
    assert_eq!(store.pending_challenges().await.unwrap().len(), ROUNDS);
    let tail = store.audit_tail(1_000).await.unwrap();
    for action in [
        "user.create",
        "notice.import",
        "travel_document.report",
        "country_flag.set",
        "clearance.record",
        "challenge.register",
    ] {
        assert_eq!(tail.iter().filter(|e| e.action == action).count(), ROUNDS, "{action}");
    }
    audit_ok(store).await;
}

async fn alert_outcomes_are_recorded_once_by_the_screening_country(store: &dyn Store) {
    use article3_domain::{HitAction, Identification};
    use article3_store::{NewAlert, NewAlertOutcome, ScreeningLog};
    let border_de = actor("border-de", Role::Border, Some("DE"));
    let ncb_de = actor("ncb-de", Role::Ncb, Some("DE"));
    let ncb_bh = actor("ncb-bh", Role::Ncb, Some("BH"));
    let border_fr = actor("border-fr", Role::Border, Some("FR"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let alert = |kind: &str, id: &str, notify: bool, codes: &[&str]| NewAlert {
        notify_requester: notify,
        ..raised(kind, id, if kind == "travel_document" { "FR" } else { "BH" }, codes)
    };
    let raised = store
        .log_screenings(&[ScreeningLog {
            actor: border_de.clone(),
            events: vec![],
            alerts: vec![
                // Withheld from the requester: the screening country flagged the notice.
                alert(
                    "notice",
                    "n1",
                    false,
                    &["judicial_review_required", "flagged_by_your_country", "under_challenge"],
                ),
                alert("notice", "n2", true, &[]),
                alert("travel_document", "d1", true, &["document_reported"]),
                alert("notice", "n4", true, &["judicial_review_required"]),
                alert("travel_document", "d2", true, &["document_reported"]),
            ],
        }])
        .await
        .unwrap();
    let seq: Vec<i64> = raised[0].iter().map(|a| a.seq).collect();
    assert!(raised[0].iter().all(|a| a.outcome.is_none()));
    let outcome = |identity, action, reason: &str| NewAlertOutcome { identity, action, reason: reason.to_owned() };
    let listed = |who: &Actor, selection: AlertSelection<'static>| {
        let who = who.clone();
        async move {
            let found = store.alerts(&who, 0, 10, selection).await.unwrap();
            found.iter().map(|a| a.object_id.clone()).collect::<Vec<_>>()
        }
    };
    let by_outcome = |o| AlertSelection { outcome: Some(o), ..AlertSelection::default() };
    let records = audit_ok(store).await;

    // Bad input and the wrong people change nothing.
    let invalid = |r: Result<_, StoreError>, field: &str| match r {
        Err(StoreError::Invalid(e)) => assert_eq!(e.field, field, "{e:?}"),
        other => panic!("{field}: {other:?}"),
    };
    let none = outcome(Identification::NotThePerson, HitAction::None, "fingerprints differ");
    invalid(
        store
            .record_alert_outcome(&border_de, seq[1], &outcome(Identification::Confirmed, HitAction::None, " "), None)
            .await,
        "reason",
    );
    let arrest = outcome(Identification::Confirmed, HitAction::Arrested, "warrant reviewed by the court");
    invalid(store.record_alert_outcome(&border_de, seq[1], &arrest, None).await, "action");
    let unconfirmed = outcome(Identification::Unresolved, HitAction::EntryRefused, "no documents");
    invalid(store.record_alert_outcome(&border_de, seq[1], &unconfirmed, None).await, "action");
    let seized = outcome(Identification::Confirmed, HitAction::DocumentSeized, "passport reported stolen");
    invalid(store.record_alert_outcome(&border_de, seq[1], &seized, None).await, "action");
    for who in [&reviewer, &ncb_bh] {
        let r = store.record_alert_outcome(who, seq[1], &none, None).await;
        assert!(matches!(r, Err(StoreError::Forbidden(_))), "{}: {r:?}", who.name);
    }
    // An alert withheld from the requester, another country's, or none at all: not found.
    for (who, s) in [(&ncb_bh, seq[0]), (&border_fr, seq[1]), (&border_de, seq[3] + 100)] {
        let r = store.record_alert_outcome(who, s, &none, None).await;
        assert!(matches!(r, Err(StoreError::NotFound)), "{} on {s}: {r:?}", who.name);
    }
    assert_eq!(audit_ok(store).await, records, "nothing written");
    assert_eq!(listed(&reviewer, by_outcome(OutcomeSelection::Pending)).await, ["n1", "n2", "d1", "n4", "d2"]);
    let marks = store.register_marks().await.unwrap();

    // The screening country records each outcome once; an action against the alert's cautions says so.
    let arrested = store.record_alert_outcome(&border_de, seq[0], &arrest, None).await.unwrap().alert;
    let moved = store.register_marks().await.unwrap();
    assert_ne!(moved.outcomes, marks.outcomes, "an outcome moves its mark");
    assert_eq!((moved.flags, moved.clearances, moved.challenges), (marks.flags, marks.clearances, marks.challenges));
    let recorded = arrested.outcome.clone().unwrap();
    assert_eq!((recorded.identity, recorded.action), (Identification::Confirmed, HitAction::Arrested));
    assert_eq!(recorded.departs_from, ["flagged_by_your_country", "under_challenge"]);
    assert_eq!((recorded.country, recorded.recorded_by.as_str()), (cc("DE"), "border-de"));
    assert_eq!(recorded.reason, "warrant reviewed by the court");
    let again = store.record_alert_outcome(&border_de, seq[0], &none, None).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let padded = outcome(Identification::NotThePerson, HitAction::None, "  fingerprints differ \n");
    let cleared = store.record_alert_outcome(&ncb_de, seq[1], &padded, None).await.unwrap().alert.outcome.unwrap();
    assert_eq!((cleared.reason.as_str(), cleared.recorded_by.as_str()), ("fingerprints differ", "ncb-de"));
    assert!(cleared.departs_from.is_empty());
    let document = store.record_alert_outcome(&border_de, seq[2], &seized, None).await.unwrap().alert.outcome.unwrap();
    assert!(document.departs_from.is_empty(), "seizing a reported document departs from nothing");

    // Two officers recording at once: one outcome, the other a conflict.
    let results = all_at_once((0..6).map(|_| store.record_alert_outcome(&border_de, seq[3], &none, None))).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|e| matches!(e, StoreError::Conflict(_))));

    // A document that only resembles the one reported.
    store.record_alert_outcome(&border_de, seq[4], &none, None).await.unwrap();

    // The screening index learns of travellers stopped on a notice who were someone else: on notices
    // and diffusions only, never a confirmed identity.
    let found = store.misidentifications().await.unwrap();
    let on: Vec<(&str, i64)> = found.iter().map(|m| (m.object_id.as_str(), m.alert)).collect();
    assert_eq!(on, [("n2", seq[1]), ("n4", seq[3])]);
    assert!(found.iter().all(|m| m.kind == article3_domain::RecordKind::Notice && m.recorded_at_ms > 0));

    // Listings carry the outcomes and select by them.
    let all = store.alerts(&reviewer, 0, 10, AlertSelection::default()).await.unwrap();
    assert_eq!(all[0].outcome.as_ref(), Some(&recorded));
    assert_eq!(all[1].outcome.as_ref(), Some(&cleared));
    assert!(listed(&reviewer, by_outcome(OutcomeSelection::Pending)).await.is_empty());
    let confirmed = by_outcome(OutcomeSelection::Identity(Identification::Confirmed));
    assert_eq!(listed(&reviewer, confirmed).await, ["n1", "d1"]);
    let not_the_person = by_outcome(OutcomeSelection::Identity(Identification::NotThePerson));
    assert_eq!(listed(&reviewer, not_the_person).await, ["n2", "n4", "d2"]);
    assert!(listed(&reviewer, by_outcome(OutcomeSelection::Identity(Identification::Unresolved))).await.is_empty());
    assert_eq!(listed(&reviewer, by_outcome(OutcomeSelection::Departed)).await, ["n1"]);
    let both = AlertSelection { safeguard: Some("under_challenge"), outcome: Some(OutcomeSelection::Departed) };
    assert_eq!(listed(&reviewer, both).await, ["n1"]);
    let neither = AlertSelection { safeguard: Some("document_reported"), outcome: Some(OutcomeSelection::Departed) };
    assert!(listed(&reviewer, neither).await.is_empty());
    // The requesting bureau sees the outcomes of the alerts it receives, not of the one withheld.
    assert_eq!(listed(&ncb_bh, not_the_person).await, ["n2", "n4"], "d2 is France's document");
    assert!(listed(&ncb_bh, by_outcome(OutcomeSelection::Departed)).await.is_empty());

    let tail = store.audit_tail(40).await.unwrap();
    let outcomes: Vec<_> = tail.iter().filter(|e| e.action == "alert.outcome").collect();
    assert_eq!(outcomes.len(), 5, "one record per outcome: {outcomes:?}");
    let first = outcomes.iter().find(|e| e.detail.starts_with(&format!("alert={} ", seq[0]))).unwrap();
    assert_eq!((first.object_kind.as_str(), first.object_id.as_str()), ("notice", "n1"));
    assert!(first.detail.contains("action=arrested departs_from=flagged_by_your_country,under_challenge"));
    let listing = |e: &&AuditRecord| e.action == "alert.list" && e.actor == "rev";
    assert!(tail.iter().filter(listing).any(|e| e.detail.contains("safeguard=document_reported outcome=departed")));
    audit_ok(store).await;
}

async fn alert_outcomes_are_corrected_by_revision_and_unconfirmed_reasons_expire(store: &dyn Store) {
    use article3_domain::{AlertOutcome, HitAction, Identification};
    use article3_store::{NewAlertOutcome, ScreeningLog};
    let border_de = actor("border-de", Role::Border, Some("DE"));
    let ncb_de = actor("ncb-de", Role::Ncb, Some("DE"));
    let ncb_bh = actor("ncb-bh", Role::Ncb, Some("BH"));
    let border_fr = actor("border-fr", Role::Border, Some("FR"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let alert = |id: &str, codes: &[&str]| raised("notice", id, "BH", codes);
    let raised = store
        .log_screenings(&[ScreeningLog {
            actor: border_de.clone(),
            events: vec![],
            alerts: vec![
                alert("n1", &["judicial_review_required", "refugee_status"]),
                alert("n2", &[]),
                alert("n3", &["judicial_review_required"]),
            ],
        }])
        .await
        .unwrap();
    let seq: Vec<i64> = raised[0].iter().map(|a| a.seq).collect();
    let outcome = |identity, action, reason: &str| NewAlertOutcome { identity, action, reason: reason.to_owned() };
    let photo = outcome(Identification::NotThePerson, HitAction::None, "photo differs");
    let unchecked = store.correct_alert_outcome(&border_de, seq[0], 1, &photo, None).await;
    assert!(matches!(unchecked, Err(StoreError::Conflict(_))), "no outcome to correct yet: {unchecked:?}");
    store.record_alert_outcome(&border_de, seq[0], &photo, None).await.unwrap();
    let matched = outcome(Identification::Confirmed, HitAction::None, "passport and photo match");
    store.record_alert_outcome(&border_de, seq[1], &matched, None).await.unwrap();
    let pending = outcome(Identification::Unresolved, HitAction::None, "fingerprints pending");
    store.record_alert_outcome(&border_de, seq[2], &pending, None).await.unwrap();
    let marks = store.register_marks().await.unwrap();
    let records = audit_ok(store).await;

    // Bad input, a correction that changes nothing, the wrong people and a stale revision change nothing.
    let invalid = |r: Result<_, StoreError>, field: &str, code: &str| match r {
        Err(StoreError::Invalid(e)) => assert_eq!((e.field.as_str(), e.code), (field, code), "{e:?}"),
        other => panic!("{field}: {other:?}"),
    };
    let blank = outcome(Identification::Confirmed, HitAction::None, " ");
    invalid(store.correct_alert_outcome(&border_de, seq[0], 1, &blank, None).await, "reason", "required");
    let refused = outcome(Identification::Unresolved, HitAction::EntryRefused, "no documents");
    invalid(
        store.correct_alert_outcome(&border_de, seq[0], 1, &refused, None).await,
        "action",
        "identity_not_confirmed",
    );
    let restated = outcome(Identification::NotThePerson, HitAction::None, "  photo differs ");
    invalid(store.correct_alert_outcome(&border_de, seq[0], 1, &restated, None).await, "identity", "unchanged");
    let arrest = outcome(Identification::Confirmed, HitAction::Arrested, "fingerprints match; the court ordered it");
    let r = store.correct_alert_outcome(&ncb_bh, seq[0], 1, &arrest, None).await;
    assert!(matches!(r, Err(StoreError::Forbidden(_))), "the requester receives the alert but did not screen: {r:?}");
    for (who, s) in [(&border_fr, seq[0]), (&border_de, seq[2] + 100)] {
        let r = store.correct_alert_outcome(who, s, 1, &arrest, None).await;
        assert!(matches!(r, Err(StoreError::NotFound)), "{} on {s}: {r:?}", who.name);
    }
    let ahead = store.correct_alert_outcome(&border_de, seq[0], 2, &arrest, None).await;
    assert!(matches!(ahead, Err(StoreError::Conflict(_))), "{ahead:?}");
    assert_eq!(audit_ok(store).await, records, "nothing written");
    assert_eq!(store.register_marks().await.unwrap(), marks);

    // Fingerprints later show the traveller is the person sought, and the bureau records the arrest: a
    // second revision, checked as a first outcome is, departing from the refugee status; the first stays.
    let corrected =
        store.correct_alert_outcome(&ncb_de, seq[0], 1, &arrest, None).await.unwrap().alert.outcome.unwrap();
    assert_eq!((corrected.identity, corrected.action), (Identification::Confirmed, HitAction::Arrested));
    assert_eq!((corrected.revision, corrected.recorded_by.as_str()), (2, "ncb-de"));
    assert_eq!(corrected.departs_from, ["refugee_status"]);
    let first: Vec<(i64, Identification, &str, &str)> =
        corrected.earlier.iter().map(|o| (o.revision, o.identity, o.reason.as_str(), o.recorded_by.as_str())).collect();
    assert_eq!(first, [(1, Identification::NotThePerson, "photo differs", "border-de")]);
    assert!(corrected.earlier[0].earlier.is_empty());
    let moved = store.register_marks().await.unwrap();
    assert_ne!(moved.outcomes, marks.outcomes, "a correction moves the outcomes' mark");
    assert_eq!((moved.flags, moved.clearances, moved.challenges), (marks.flags, marks.clearances, marks.challenges));
    let stale = store.correct_alert_outcome(&border_de, seq[0], 1, &photo, None).await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "revision 1 was corrected already: {stale:?}");
    // The traveller on n1 was not misidentified after all; the one on n3 was.
    assert!(store.misidentifications().await.unwrap().is_empty());
    let other = outcome(Identification::NotThePerson, HitAction::None, "fingerprints differ");
    store.correct_alert_outcome(&border_de, seq[2], 1, &other, None).await.unwrap();
    let found = store.misidentifications().await.unwrap();
    assert_eq!(found.iter().map(|m| (m.object_id.as_str(), m.alert)).collect::<Vec<_>>(), [("n3", seq[2])]);

    // Officers correcting the same revision at once: one correction, the others conflicts.
    let refused = outcome(Identification::Confirmed, HitAction::EntryRefused, "entry refused after all");
    let results = all_at_once((0..6).map(|_| store.correct_alert_outcome(&border_de, seq[1], 1, &refused, None))).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|e| matches!(e, StoreError::Conflict(_))));

    // The listing reads every revision back, as the correction returned it.
    let listed = store.alerts(&reviewer, 0, 10, AlertSelection::default()).await.unwrap();
    assert_eq!(listed[0].outcome.as_ref(), Some(&corrected));
    let revisions = |o: &AlertOutcome| (o.revision, o.earlier.iter().map(|e| e.revision).collect::<Vec<_>>());
    let read: Vec<_> = listed.iter().map(|a| revisions(a.outcome.as_ref().unwrap())).collect();
    assert_eq!(read, [(2, vec![1]), (2, vec![1]), (2, vec![1])]);
    let tail = store.audit_tail(30).await.unwrap();
    let corrections: Vec<_> = tail.iter().filter(|e| e.action == "alert.outcome_correct").collect();
    assert_eq!(corrections.len(), 3, "{corrections:?}");
    let n1 = corrections.iter().find(|e| e.object_id == "n1").unwrap();
    assert!(
        n1.detail.contains(
            "revision=2 identity=not_the_person->confirmed action=none->arrested departs_from=refugee_status"
        ),
        "{}",
        n1.detail
    );
    // What officers wrote stays out of the chain, which is never erased.
    assert!(tail.iter().all(|e| !e.detail.contains("photo differs") && !e.detail.contains("fingerprints")), "{tail:?}");
    audit_ok(store).await;

    // A year on, what officers wrote about travellers not confirmed to be the person sought is erased
    // (every revision of it); a confirmed outcome keeps its reasons.
    let raised_at = OffsetDateTime::now_utc();
    assert_eq!(store.retention_sweep(raised_at + Duration::days(300)).await.unwrap().outcome_reasons_erased, 0);
    let swept = store.retention_sweep(raised_at + Duration::days(366)).await.unwrap();
    assert_eq!((swept.travellers_erased, swept.outcome_reasons_erased), (3, 2));
    let listed = store.alerts(&reviewer, 0, 10, AlertSelection::default()).await.unwrap();
    let reasons = |a: &AlertRecord| {
        let o = a.outcome.as_ref().unwrap();
        o.earlier.iter().chain([o]).map(|o| o.reason.clone()).collect::<Vec<_>>()
    };
    assert_eq!(reasons(&listed[0]), ["photo differs", "fingerprints match; the court ordered it"]);
    assert_eq!(reasons(&listed[1]), ["passport and photo match", "entry refused after all"]);
    assert_eq!(reasons(&listed[2]), ["", ""]);
    assert_eq!(listed[2].outcome.as_ref().unwrap().identity, Identification::NotThePerson, "the outcome stays");
    assert_eq!(store.retention_sweep(raised_at + Duration::days(367)).await.unwrap().outcome_reasons_erased, 0);
    let tail = store.audit_tail(10).await.unwrap();
    assert!(tail.iter().any(|e| e.action == "alert.erase_outcome_reasons" && e.detail.starts_with("reasons=2")));
    audit_ok(store).await;
}

async fn an_outcome_and_its_clearance_are_recorded_together_or_not_at_all(store: &dyn Store) {
    use article3_domain::{HitAction, Identification};
    use article3_store::{DocumentToClear, NewAlertOutcome, ScreeningLog};
    let reg = shipped_countries();
    let bh = actor("ncb-bh", Role::Ncb, Some("BH"));
    let border_au = actor("border-au", Role::Border, Some("AU"));
    let caseworker_au = actor("caseworker-au", Role::Caseworker, Some("AU"));
    let reviewer = actor("rev", Role::Reviewer, None);
    let req = red(&reg, "BH", Restrictions::None);
    let n = store.submit_notice(Reader::Actor(&bh), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    store.decide_notice(&reviewer, n.id, Decision::Approve, "Concrete charges.").await.unwrap();
    let alert = |kind: &str, id: &str| raised(kind, id, "BH", &[]);
    let id = n.id.to_string();
    let alerts = vec![alert("notice", &id), alert("notice", &id), alert("travel_document", "d1"), alert("notice", &id)];
    let raised =
        store.log_screenings(&[ScreeningLog { actor: border_au.clone(), events: vec![], alerts }]).await.unwrap();
    let seq: Vec<i64> = raised[0].iter().map(|a| a.seq).collect();
    let outcome =
        |identity| NewAlertOutcome { identity, action: HitAction::None, reason: "fingerprints differ".to_owned() };
    let document = |number: &str| DocumentToClear { number: number.to_owned(), issuing_country: cc("AU") };
    let pending = || async {
        let listed = store.alerts(&reviewer, 0, 10, AlertSelection::default()).await.unwrap();
        listed.iter().filter(|a| a.outcome.is_none()).count()
    };
    let records = audit_ok(store).await;

    // Refused: a confirmed identity, a document alert, a bad number, a caseworker (who does not clear).
    let not_the_person = outcome(Identification::NotThePerson);
    let refusals = [
        store
            .record_alert_outcome(&border_au, seq[0], &outcome(Identification::Confirmed), Some(&document("PA1")))
            .await,
        store.record_alert_outcome(&border_au, seq[2], &not_the_person, Some(&document("PA1"))).await,
        store.record_alert_outcome(&border_au, seq[0], &not_the_person, Some(&document("<<"))).await,
        store.record_alert_outcome(&caseworker_au, seq[0], &not_the_person, Some(&document("PA1"))).await,
    ];
    let fields: Vec<String> = refusals
        .iter()
        .map(|r| match r {
            Err(StoreError::Invalid(e)) => e.field.clone(),
            Err(StoreError::Forbidden(_)) => "forbidden".to_owned(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(fields, ["clear_document", "clear_document", "clear_document.number", "forbidden"]);
    assert_eq!(audit_ok(store).await, records, "nothing written");
    assert_eq!((pending().await, store.active_clearances().await.unwrap().len()), (4, 0));

    // Recorded together: the outcome on the alert, the clearance of the document on the notice.
    let closed =
        store.record_alert_outcome(&border_au, seq[0], &not_the_person, Some(&document("pa-1"))).await.unwrap();
    assert_eq!(closed.alert.outcome.map(|o| o.identity), Some(Identification::NotThePerson));
    assert!(closed.withdrawn.is_empty());
    let clearance = closed.cleared.unwrap();
    assert_eq!((clearance.document_number.as_str(), clearance.object_id.as_str()), ("PA1", id.as_str()));
    assert_eq!((clearance.reason.as_str(), clearance.cleared_by.as_str()), ("fingerprints differ", "border-au"));
    let tail = store.audit_tail(10).await.unwrap();
    assert!(tail.iter().any(|e| e.action == "clearance.record" && e.object_id == clearance.id));
    assert!(tail.iter().any(|e| e.action == "alert.outcome" && e.detail.starts_with(&format!("alert={} ", seq[0]))));
    // Or not at all: the same document cleared already leaves the next alert pending.
    let again = store.record_alert_outcome(&border_au, seq[1], &not_the_person, Some(&document("PA1"))).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert_eq!((pending().await, store.active_clearances().await.unwrap().len()), (3, 1));
    // Officers closing the same alert at once, each clearing another document: one outcome, one clearance.
    let numbers: Vec<String> = (0..6).map(|i| format!("PB{i}")).collect();
    let documents: Vec<DocumentToClear> = numbers.iter().map(|n| document(n)).collect();
    let results =
        all_at_once(documents.iter().map(|d| store.record_alert_outcome(&border_au, seq[3], &not_the_person, Some(d))))
            .await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|e| matches!(e, StoreError::Conflict(_))));
    assert_eq!((pending().await, store.active_clearances().await.unwrap().len()), (2, 2));
    // The clearance names its alert; the chain names the alert but not the reason.
    assert_eq!(clearance.alert, Some(seq[0]));
    let tail = store.audit_tail(40).await.unwrap();
    let recorded: Vec<_> = tail.iter().filter(|e| e.action == "clearance.record").collect();
    assert!(recorded.iter().any(|e| e.detail == format!("notice {id} alert={}", seq[0])), "{recorded:?}");
    assert!(tail.iter().all(|e| !e.detail.contains("fingerprints differ")), "{tail:?}");
    audit_ok(store).await;

    // Corrected: a clearance asked for with a confirmed identity is refused and withdraws nothing.
    let border = &border_au;
    let correct = |s: i64, revision: i64, identity, reason: &'static str, clear: Option<&'static str>| {
        let new = NewAlertOutcome { identity, action: HitAction::None, reason: reason.to_owned() };
        async move {
            let document = clear.map(document);
            store.correct_alert_outcome(border, s, revision, &new, document.as_ref()).await
        }
    };
    let records = audit_ok(store).await;
    let r = correct(seq[0], 1, Identification::Confirmed, "a second comparison matched", Some("PC1")).await;
    assert!(matches!(&r, Err(StoreError::Invalid(e)) if e.field == "clear_document"), "{r:?}");
    assert_eq!(audit_ok(store).await, records, "nothing written");
    let active = || async { store.active_clearances().await.unwrap().iter().map(|c| c.id.clone()).collect::<Vec<_>>() };
    assert_eq!(active().await.len(), 2);
    // No longer found not to be the person: the clearance that finding recorded is withdrawn with it.
    let unresolved = correct(seq[0], 1, Identification::Unresolved, "fingerprints inconclusive", None).await.unwrap();
    assert_eq!(unresolved.withdrawn.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [clearance.id.as_str()]);
    let withdrawal = unresolved.withdrawn[0].withdrawn.as_ref().unwrap();
    assert!(withdrawal.reason.contains("corrected to unresolved (revision 2)"), "{withdrawal:?}");
    assert!(unresolved.cleared.is_none());
    assert!(!active().await.contains(&clearance.id));
    assert_eq!(active().await.len(), 1, "the other alert's clearance stands");
    // Found not to be the person again, the document is cleared again, naming the alert.
    let again = correct(seq[0], 2, Identification::NotThePerson, "fingerprints differ after all", Some("PA1"));
    let again = again.await.unwrap();
    let cleared = again.cleared.unwrap();
    assert_eq!((cleared.document_number.as_str(), cleared.alert), ("PA1", Some(seq[0])));
    assert!(again.withdrawn.is_empty());
    // A correction that keeps the finding keeps its clearance; clearing the same document twice conflicts.
    let twice = correct(seq[0], 3, Identification::NotThePerson, "photo differs too", Some("PA1")).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    let kept = correct(seq[0], 3, Identification::NotThePerson, "photo differs too", None).await.unwrap();
    assert!(kept.withdrawn.is_empty() && kept.alert.outcome.unwrap().revision == 4);
    // A caseworker, who does not clear, still withdraws a clearance whose finding is corrected.
    let standing = active().await;
    let racing = standing.iter().find(|c| **c != cleared.id).unwrap().clone();
    let confirmed = NewAlertOutcome {
        identity: Identification::Confirmed,
        action: HitAction::None,
        reason: "fingerprints match".to_owned(),
    };
    let by_caseworker = store.correct_alert_outcome(&caseworker_au, seq[3], 1, &confirmed, None).await.unwrap();
    assert_eq!(by_caseworker.withdrawn.iter().map(|c| c.id.clone()).collect::<Vec<_>>(), [racing]);
    assert_eq!(active().await, std::slice::from_ref(&cleared.id));
    audit_ok(store).await;

    // A year after their withdrawal, withdrawn clearances lose their reasons; a standing one keeps its.
    let now = OffsetDateTime::now_utc();
    assert_eq!(store.retention_sweep(now + Duration::days(300)).await.unwrap().clearance_reasons_erased, 0);
    assert_eq!(store.retention_sweep(now + Duration::days(366)).await.unwrap().clearance_reasons_erased, 2);
    let listed = store.clearances(&reviewer, None).await.unwrap();
    let reasons: Vec<(&str, Option<&str>)> =
        listed.iter().map(|c| (c.reason.as_str(), c.withdrawn.as_ref().map(|w| w.reason.as_str()))).collect();
    assert_eq!(reasons, [("", Some("")), ("", Some("")), ("fingerprints differ after all", None)]);
    assert_eq!(store.retention_sweep(now + Duration::days(367)).await.unwrap().clearance_reasons_erased, 0);
    audit_ok(store).await;
}

/// An alert a screening raises on `owner`'s `kind` `id` (scoring 0.9, told to the requester), carrying
/// these safeguard codes, each with a text naming it.
fn raised(kind: &str, id: &str, owner: &str, codes: &[&str]) -> article3_store::NewAlert {
    article3_store::NewAlert {
        kind: kind.to_owned(),
        object_id: id.to_owned(),
        owner: cc(owner),
        score: 0.9,
        traveller: "Traveller".to_owned(),
        notify_requester: true,
        safeguards: codes
            .iter()
            .map(|c| article3_store::AlertSafeguard { code: (*c).to_owned(), text: format!("about {c}") })
            .collect(),
    }
}

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let db = super::TestDb::new(super::Backend::Sqlite).await;
                super::$name(&db.store).await;
            })*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn older_records_are_filed_under_sound_keys_when_the_store_opens() {
                let db = super::TestDb::new(super::Backend::Sqlite).await;
                super::older_records_are_filed_under_sound_keys_when_the_store_opens(&db).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn tampering_is_found() {
                let db = super::TestDb::new(super::Backend::Sqlite).await;
                super::tampering_is_found(&super::SqlStoreHandle(&db.store)).await;
            }
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let db = super::TestDb::new(super::Backend::Postgres).await;
                super::$name(&db.store).await;
            })*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn older_records_are_filed_under_sound_keys_when_the_store_opens() {
                let db = super::TestDb::new(super::Backend::Postgres).await;
                super::older_records_are_filed_under_sound_keys_when_the_store_opens(&db).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn tampering_is_found() {
                let db = super::TestDb::new(super::Backend::Postgres).await;
                super::tampering_is_found(&super::SqlStoreHandle(&db.store)).await;
            }
        }
    };
}

conformance!(
    publish_flow,
    illegal_transitions_change_nothing,
    block_unblock_delete_cancel_renew,
    diffusions_reach_recipients_only,
    lists_page_through_what_the_reader_may_see,
    retention_expires_and_reminds,
    users_tokens_and_imports,
    countries_keep_admin_edits,
    concurrent_writers_keep_one_chain,
    context_gathers_refugee_statuses_earlier_requests_and_the_record,
    context_finds_earlier_requests_written_otherwise,
    a_sound_key_too_many_share_is_left_aside,
    two_reviewers_cannot_both_decide,
    publishing_below_the_thresholds_needs_the_override,
    travel_documents_are_reported_looked_up_and_withdrawn,
    country_flags_are_set_listed_lifted_and_reach_the_review_context,
    the_safeguard_register_and_screening_logs,
    clearances_are_recorded_listed_withdrawn_and_move_their_mark,
    challenges_are_registered_listed_decided_and_move_their_mark,
    the_change_log_leaves_out_versions_already_applied,
    register_changes_are_stamped_past_the_latest_entry,
    one_entry_written_at_once_is_made_once_and_the_others_are_conflicts,
    alert_outcomes_are_recorded_once_by_the_screening_country,
    alert_outcomes_are_corrected_by_revision_and_unconfirmed_reasons_expire,
    an_outcome_and_its_clearance_are_recorded_together_or_not_at_all,
    connections_stay_usable_after_cancelled_statements_and_refused_operations,
);

/// The store's own list of connections (`conns.rs`): statements cut short half-way and a refused
/// operation leave every connection usable, many statements at once each get their own answer, and the
/// store closes with connections kept in the list.
async fn connections_stay_usable_after_cancelled_statements_and_refused_operations(store: &SqlStore) {
    use sqlx::Row;
    let pool = store.pool();
    let slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) \
                SELECT COUNT(*) AS n FROM c";
    for _ in 0..3 {
        let cut = tokio::time::timeout(std::time::Duration::from_millis(20), sqlx::query(slow).fetch_one(pool)).await;
        assert!(cut.is_err(), "the slow statement was cut short");
    }
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let req = red(&reg, "FR", Restrictions::None);
    let n = store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    let refused = store.transition_notice(&fr, n.id, NoticeAction::Cancel, "located").await.unwrap_err();
    assert!(matches!(refused, StoreError::Transition(_)), "{refused}");

    // More statements at once than the store has connections, each with a value of its own.
    let mut set = tokio::task::JoinSet::new();
    for i in 0..64_i64 {
        let pool = pool.clone();
        set.spawn(async move {
            let row = sqlx::query("SELECT CAST($1 AS BIGINT) AS v").bind(i).fetch_one(&pool).await?;
            Ok::<_, sqlx::Error>((i, row.try_get::<i64, _>("v")?))
        });
    }
    let mut answered = 0;
    while let Some(done) = set.join_next().await {
        let (asked, got) = done.unwrap().unwrap();
        assert_eq!(asked, got);
        answered += 1;
    }
    assert_eq!(answered, 64);
    assert_eq!(store.read_notice(Reader::Actor(&fr), n.id).await.unwrap().status, NoticeStatus::Submitted);
    audit_ok(store).await;

    tokio::time::timeout(std::time::Duration::from_secs(20), store.close()).await.expect("the store closes");
    let after = sqlx::query("SELECT 1 AS one").fetch_one(pool).await;
    assert!(after.is_err(), "a closed store hands out no connection");
}

/// PostgreSQL: a connection the store has finished with is handed out again as it is (the same server
/// process), never more of them than the store counts, and none is left inside a transaction, neither by
/// a refused operation, nor by a statement cut short, nor by an operation cut short at any point of its
/// transaction (its start included); each operation cut short is done whole or not at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_connections_are_reused_counted_and_never_left_in_a_transaction() {
    use sqlx::Row;
    let db = TestDb::new(Backend::Postgres).await;
    let pool = db.store.pool();
    let pid =
        async || -> i32 { sqlx::query("SELECT pg_backend_pid() AS pid").fetch_one(pool).await.unwrap().get("pid") };
    let first = pid().await;
    assert_eq!(pid().await, first, "the connection just finished with is the one handed out next");

    let mut set = tokio::task::JoinSet::new();
    for _ in 0..48 {
        let pool = pool.clone();
        set.spawn(async move {
            let row =
                sqlx::query("SELECT pg_backend_pid() AS pid, pg_sleep(0.02)::text AS slept").fetch_one(&pool).await?;
            row.try_get::<i32, _>("pid")
        });
    }
    let mut pids = BTreeSet::new();
    while let Some(done) = set.join_next().await {
        pids.insert(done.unwrap().unwrap());
    }
    assert!(pids.len() > 1 && pids.len() <= 16, "{} server processes for 48 statements", pids.len());

    // A refused operation (its transaction rolled back) and statements cut short half-way.
    let reg = shipped_countries();
    let fr = actor("ncb-fr", Role::Ncb, Some("FR"));
    let req = red(&reg, "FR", Restrictions::None);
    let n = db.store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
    for _ in 0..4 {
        assert!(db.store.transition_notice(&fr, n.id, NoticeAction::Cancel, "located").await.is_err());
        let cut = tokio::time::timeout(
            std::time::Duration::from_millis(20),
            sqlx::query("SELECT pg_sleep(0.5)").execute(pool),
        )
        .await;
        assert!(cut.is_err());
    }
    // Operations cut short at every point of their transaction: each is done whole or not at all.
    let reviewer = actor("rev", Role::Reviewer, None);
    let mut published = Vec::new();
    for _ in 0..24 {
        let req = red(&reg, "FR", Restrictions::None);
        let p = db.store.submit_notice(Reader::Actor(&fr), &req, &evaluation(&req), Intake::Submitted).await.unwrap();
        db.store.decide_notice(&reviewer, p.id, Decision::Approve, "compliant").await.unwrap();
        published.push(p.id);
    }
    for (i, id) in published.iter().enumerate() {
        let cancel = db.store.transition_notice(&fr, *id, NoticeAction::Cancel, "located");
        let _ = tokio::time::timeout(std::time::Duration::from_micros(100 * i as u64), cancel).await;
    }
    // Operations ended otherwise are rolled back in tasks of their own, then their connections kept.
    let in_transaction = async || -> i64 {
        sqlx::query(
            "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() \
             AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'",
        )
        .fetch_one(pool)
        .await
        .unwrap()
        .get("n")
    };
    let mut left = in_transaction().await;
    for _ in 0..100 {
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        left = in_transaction().await;
    }
    assert_eq!(left, 0, "no connection stays inside a transaction");
    let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database()")
        .fetch_one(pool)
        .await
        .unwrap()
        .get("n");
    assert!(total <= 18, "{total} connections: sixteen counted, two for tools");
    assert_eq!(db.store.read_notice(Reader::Actor(&fr), n.id).await.unwrap().status, NoticeStatus::Submitted);
    let mut statuses = BTreeSet::new();
    for id in &published {
        let status = db.store.read_notice(Reader::Actor(&fr), *id).await.unwrap().status;
        let cancels: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM audit WHERE object_id = $1 AND action = 'notice.cancel'")
                .bind(id.to_string())
                .fetch_one(pool)
                .await
                .unwrap()
                .get("n");
        assert_eq!(cancels, i64::from(status == NoticeStatus::Cancelled), "{id}: {status:?} and {cancels} records");
        statuses.insert(format!("{status:?}"));
    }
    assert_eq!(statuses.len(), 2, "some cancelled, some cut short before their commit: {statuses:?}");
    audit_ok(&db.store).await;
}

/// PostgreSQL's audit lanes: a transaction's first record takes a lane no other transaction holds, at
/// once, whichever its connection; its later records follow it there even once other lanes are free;
/// with every lane held, it waits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_an_audit_record_takes_a_free_lane_and_its_transaction_keeps_it() {
    use sqlx::Row;
    let db = TestDb::new(Backend::Postgres).await;
    let pool = db.store.pool();
    let append = |n: &str| {
        sqlx::query("SELECT article3_audit_append($1, 'lanes', 'system', '', 'test.lane', 'test', $2, '') AS seq")
            .bind(OffsetDateTime::now_utc().unix_timestamp() * 1000)
            .bind(n.to_owned())
    };
    let mut writer = pool.begin().await.unwrap();
    // A wait fails the test rather than hanging it.
    sqlx::raw_sql("SET LOCAL statement_timeout = '5s'").execute(&mut *writer).await.unwrap();
    let pid: i32 = sqlx::query("SELECT pg_backend_pid() AS pid").fetch_one(&mut *writer).await.unwrap().get("pid");
    // Every lane held elsewhere but the one after this connection's own.
    let free = i64::from((pid + 1) % 16);
    let mut holder = pool.begin().await.unwrap();
    let held = sqlx::query("SELECT lane FROM audit_head WHERE lane <> $1 FOR UPDATE")
        .bind(free)
        .fetch_all(&mut *holder)
        .await
        .unwrap();
    assert_eq!(held.len(), 15, "sixteen lanes");
    append("first").fetch_one(&mut *writer).await.unwrap();
    // The others free again (this connection's own among them): the transaction stays in its lane.
    holder.rollback().await.unwrap();
    append("second").fetch_one(&mut *writer).await.unwrap();
    append("third").fetch_one(&mut *writer).await.unwrap();
    writer.commit().await.unwrap();
    let placed: Vec<(i64, i64)> =
        sqlx::query("SELECT lane, lane_seq FROM audit WHERE action = 'test.lane' ORDER BY seq")
            .fetch_all(pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get("lane"), r.get("lane_seq")))
            .collect();
    let first = placed.first().map_or(0, |p| p.1);
    assert_eq!(placed, vec![(free, first), (free, first + 1), (free, first + 2)], "one lane, in order");
    audit_ok(&db.store).await;

    // Every lane held: the record waits (here until the statement's timeout).
    let mut holder = pool.begin().await.unwrap();
    let held = sqlx::query("SELECT lane FROM audit_head FOR UPDATE").fetch_all(&mut *holder).await.unwrap();
    assert_eq!(held.len(), 16);
    let mut writer = pool.begin().await.unwrap();
    sqlx::raw_sql("SET LOCAL statement_timeout = '300ms'").execute(&mut *writer).await.unwrap();
    let waited = append("blocked").fetch_one(&mut *writer).await.map(|_| ()).unwrap_err();
    assert!(waited.to_string().contains("statement timeout"), "{waited}");
    writer.rollback().await.unwrap();
    holder.rollback().await.unwrap();
    audit_ok(&db.store).await;
}
