//! The handlers of `/api/v1`. Each checks its role here and leaves visibility to the store, which asks
//! the domain's one policy inside the audited transaction.

use std::str::FromStr;

use article3_domain::audit::AuditEvent;
use article3_domain::{
    Actor, CorrectiveMeasure, Country, Decision, DiffusionAction, DiffusionId, DiffusionRequest, DiffusionStatus,
    FieldError, MembershipStatus, NoticeAction, NoticeId, NoticeRequest, NoticeStatus, ReviewContext, ReviewInput,
    Role,
};
use article3_store::{DiffusionFilter, Intake, NewUser, NoticeFilter, QueueItem, Reader};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use time::{Duration, OffsetDateTime};

use article3_rules::mechanical_refusal;

use crate::AppState;
use crate::auth::{Auth, hash_password, new_token, verify_password};
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiQuery};
use crate::wire::*;

fn require(actor: &Actor, roles: &[Role]) -> ApiResult<()> {
    if roles.contains(&actor.role) {
        Ok(())
    } else {
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        Err(ApiError::forbidden(format!("this needs the role {}; you are {}", names.join(" or "), actor.role.as_str())))
    }
}

fn notice_id(raw: &str) -> ApiResult<NoticeId> {
    NoticeId::from_str(raw).map_err(|_| ApiError::not_found())
}

fn diffusion_id(raw: &str) -> ApiResult<DiffusionId> {
    DiffusionId::from_str(raw).map_err(|_| ApiError::not_found())
}

fn today() -> time::Date {
    OffsetDateTime::now_utc().date()
}

/// A page cursor (the `next` of a previous page).
fn cursor<T: FromStr>(after: Option<&str>) -> Result<Option<T>, FieldError> {
    after
        .map(|a| {
            T::from_str(a).map_err(|_| FieldError::new("after", "invalid_cursor", "not a cursor from a previous page"))
        })
        .transpose()
}

fn page_size(limit: Option<usize>) -> ApiResult<usize> {
    match limit {
        None => Ok(50),
        Some(n) if (1..=500).contains(&n) => Ok(n),
        Some(_) => Err(FieldError::new("limit", "out_of_range", "between 1 and 500").into()),
    }
}

fn own_country(actor: &Actor) -> ApiResult<article3_domain::CountryCode> {
    actor.country.ok_or_else(|| ApiError::forbidden("this account is not scoped to a country"))
}

/// Exchange a username and password for a bearer token.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = Problem), (status = 400, body = Problem)))]
pub async fn issue_token(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<TokenRequest>,
) -> ApiResult<Json<TokenResponse>> {
    let user = state.store.user_by_name(body.username.trim()).await?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let password = body.password;
    // Verify even for unknown users so that timing does not reveal which names exist.
    let ok = tokio::task::spawn_blocking(move || match hash {
        Some(h) => verify_password(&password, &h),
        None => {
            let _ = hash_password(&password);
            false
        }
    })
    .await
    .map_err(ApiError::internal)?;
    let Some(user) = user.filter(|_| ok) else {
        state
            .store
            .append_audit(AuditEvent::new("auth.failed", "user", body.username.trim()).by_system("anonymous"))
            .await?;
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "bad_credentials", "unknown user or wrong password"));
    };
    let (token, hash) = new_token()?;
    let expires_at = OffsetDateTime::now_utc() + state.token_ttl;
    state.store.create_token(&user, &hash, expires_at).await?;
    Ok(Json(TokenResponse {
        access_token: token,
        token_type: "Bearer".to_owned(),
        expires_at: timestamp(expires_at),
        user: UserView::from(&user),
    }))
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = UserView), (status = 401, body = Problem)))]
pub async fn me(Auth(actor): Auth) -> Json<UserView> {
    Json(UserView {
        id: actor.user_id.to_string(),
        name: actor.name,
        role: actor.role.as_str().to_owned(),
        country: actor.country.map(|c| c.to_string()),
    })
}

/// Create a user (administrators).
#[utoipa::path(post, path = "/api/v1/users", tag = "admin", security(("bearer" = [])), request_body = UserCreate,
    responses((status = 201, body = UserView), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_user(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiJson(body): ApiJson<UserCreate>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    require(&actor, &[Role::Admin])?;
    let registry = state.countries.read().await.clone();
    let new = crate::validate_new_user(&registry, &body.name, &body.role, body.country.as_deref(), &body.password)?;
    let password = body.password;
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let user = state.store.create_user(&actor.name, NewUser { password_hash: hash, ..new }).await?;
    Ok((StatusCode::CREATED, Json(UserView::from(&user))))
}

/// List users (administrators).
#[utoipa::path(get, path = "/api/v1/users", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<UserView>), (status = 403, body = Problem)))]
pub async fn list_users(State(state): State<AppState>, Auth(actor): Auth) -> ApiResult<Json<Vec<UserView>>> {
    require(&actor, &[Role::Admin])?;
    let users = state.store.users().await?;
    state
        .store
        .append_audit(AuditEvent::new("user.list", "user", "*").by(&actor).detail(format!("{} accounts", users.len())))
        .await?;
    Ok(Json(users.iter().map(UserView::from).collect()))
}

/// Every ISO 3166-1 country or territory with its membership status. Public.
#[utoipa::path(get, path = "/api/v1/countries", tag = "countries", responses((status = 200, body = Vec<CountryView>)))]
pub async fn list_countries(State(state): State<AppState>) -> Json<Vec<CountryView>> {
    Json(state.countries.read().await.iter().map(CountryView::from).collect())
}

/// One country. Public.
#[utoipa::path(get, path = "/api/v1/countries/{code}", tag = "countries",
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2 code")),
    responses((status = 200, body = CountryView), (status = 404, body = Problem)))]
pub async fn get_country(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult<Json<CountryView>> {
    let registry = state.countries.read().await;
    let code = registry.known("code", &code).map_err(|_| ApiError::not_found())?;
    registry.get(code).map(|c| Json(CountryView::from(c))).ok_or_else(ApiError::not_found)
}

/// Edit a country's name, status or coverage (administrators).
#[utoipa::path(put, path = "/api/v1/countries/{code}", tag = "countries", security(("bearer" = [])),
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2 code")), request_body = CountryUpdate,
    responses((status = 200, body = CountryView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update_country(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<CountryUpdate>,
) -> ApiResult<Json<CountryView>> {
    require(&actor, &[Role::Admin])?;
    let mut registry = state.countries.write().await;
    let code = registry.known("code", &code).map_err(|_| ApiError::not_found())?;
    let name = body.name.trim();
    if name.is_empty() {
        return Err(FieldError::required("name").into());
    }
    let status = MembershipStatus::parse("status", &body.status)?;
    let covered_by = body
        .covered_by
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| registry.known("covered_by", c))
        .transpose()?;
    let country = Country { code, name: name.to_owned(), status, covered_by, note: body.note.trim().to_owned() };
    state.store.update_country(&actor, &country).await?;
    registry.upsert(country.clone());
    Ok(Json(CountryView::from(&country)))
}

/// Request a notice. It is evaluated at once and waits for a reviewer; nothing is published unreviewed.
#[utoipa::path(post, path = "/api/v1/notices", tag = "notices", security(("bearer" = [])), request_body = NoticeCreate,
    responses((status = 201, body = NoticeView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_notice(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiJson(body): ApiJson<NoticeCreate>,
) -> ApiResult<(StatusCode, Json<NoticeView>)> {
    require(&actor, &[Role::Ncb])?;
    let requester = own_country(&actor)?;
    let registry = state.countries.read().await.clone();
    let request = notice_request(&registry, requester, &body)?;
    let context = context_for(&state, requester, &request.subject).await?;
    let evaluation = state.engine.evaluate(&ReviewInput::for_notice(&request, &context));
    let mut record = state.store.submit_notice(Reader::Actor(&actor), &request, &evaluation, Intake::Submitted).await?;
    // Only the mechanical rules refuse without a person; everything else waits for a reviewer.
    if let Some(reasons) = mechanical_refusal(&evaluation) {
        record = state.store.decide_notice(&rules_actor(), record.id, Decision::Refuse, &reasons).await?;
    }
    Ok((StatusCode::CREATED, Json(NoticeView::for_reader(&record, &actor))))
}

/// The reviewer the mechanical rules act as when they refuse on their own; events and audit records
/// name it.
pub fn rules_actor() -> Actor {
    Actor {
        user_id: article3_domain::UserId::generate(),
        name: "compliance-rules".to_owned(),
        role: Role::Reviewer,
        country: None,
    }
}

/// The context the rules read; a member whose right to request is suspended gets no further.
async fn context_for(
    state: &AppState,
    requester: article3_domain::CountryCode,
    subject: &article3_domain::Subject,
) -> ApiResult<ReviewContext> {
    let mut context = state.store.review_context(requester, subject).await?;
    state.screening.widen(subject, &mut context).await;
    if context.requester.corrective_measure == Some(CorrectiveMeasure::Suspension) {
        return Err(ApiError::forbidden(format!(
            "{requester}'s right to request is suspended by a corrective measure"
        )));
    }
    Ok(context)
}

/// Validates a notice request body for `requester`; shared by the API and tests.
pub fn notice_request(
    registry: &article3_domain::CountryRegistry,
    requester: article3_domain::CountryCode,
    body: &NoticeCreate,
) -> Result<NoticeRequest, FieldError> {
    let today = today();
    let colour = parse_colour(&body.colour)?;
    let subject = body.subject.to_domain(registry, today)?;
    let judicial = body.judicial.as_ref().map(|j| j.to_domain(today)).transpose()?;
    let restrictions = RestrictionsBody::to_domain(body.restrictions.as_ref(), registry, requester)?;
    NoticeRequest::new(registry, colour, requester, subject, judicial, restrictions, body.public_extract)
}

/// Check a draft notice request against the compliance rules before submitting it. Nothing is stored;
/// the check itself is audited (without the draft's personal data).
#[utoipa::path(post, path = "/api/v1/review/evaluate", tag = "review", security(("bearer" = [])), request_body = NoticeCreate,
    responses((status = 200, body = EvaluationView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn evaluate_draft(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiJson(body): ApiJson<NoticeCreate>,
) -> ApiResult<Json<EvaluationView>> {
    require(&actor, &[Role::Ncb])?;
    let requester = own_country(&actor)?;
    let registry = state.countries.read().await.clone();
    let request = notice_request(&registry, requester, &body)?;
    let context = context_for(&state, requester, &request.subject).await?;
    let evaluation = state.engine.evaluate(&ReviewInput::for_notice(&request, &context));
    state
        .store
        .append_audit(AuditEvent::new("review.evaluate_draft", "draft", "-").by(&actor).detail(format!(
            "colour={} ruleset={} recommendation={} findings={}",
            request.colour.as_str(),
            evaluation.ruleset_version,
            evaluation.recommendation.as_str(),
            evaluation.findings.len()
        )))
        .await?;
    Ok(Json(EvaluationView::from(&evaluation)))
}

/// List the notices you may see, oldest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/notices", tag = "notices", security(("bearer" = [])), params(NoticeQuery),
    responses((status = 200, body = NoticePage), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list_notices(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiQuery(q): ApiQuery<NoticeQuery>,
) -> ApiResult<Json<NoticePage>> {
    let registry = state.countries.read().await.clone();
    let filter = NoticeFilter {
        status: q.status.as_deref().map(|s| NoticeStatus::parse("status", s)).transpose()?,
        colour: q.colour.as_deref().map(parse_colour).transpose()?,
        requesting_country: q
            .requesting_country
            .as_deref()
            .map(|c| registry.known("requesting_country", c))
            .transpose()?,
        expiring_before: q.expiring_within_days.map(|d| OffsetDateTime::now_utc() + Duration::days(i64::from(d))),
        after: cursor(q.after.as_deref())?,
        limit: page_size(q.limit)?,
    };
    let page = state.store.list_notices(Reader::Actor(&actor), &filter).await?;
    Ok(Json(NoticePage {
        items: page.items.iter().map(|n| NoticeView::for_reader(n, &actor)).collect(),
        next: page.next,
    }))
}

/// One notice, if you may see it (otherwise 404, whether or not it exists).
#[utoipa::path(get, path = "/api/v1/notices/{id}", tag = "notices", security(("bearer" = [])),
    params(("id" = String, Path, description = "notice id")),
    responses((status = 200, body = NoticeView), (status = 404, body = Problem)))]
pub async fn get_notice(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<NoticeView>> {
    let record = state.store.read_notice(Reader::Actor(&actor), notice_id(&id)?).await?;
    Ok(Json(NoticeView::for_reader(&record, &actor)))
}

/// Every lifecycle step of a notice: who, when, why.
#[utoipa::path(get, path = "/api/v1/notices/{id}/history", tag = "notices", security(("bearer" = [])),
    params(("id" = String, Path, description = "notice id")),
    responses((status = 200, body = Vec<EventView>), (status = 404, body = Problem)))]
pub async fn notice_history(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<EventView>>> {
    let events = state.store.notice_history(Reader::Actor(&actor), notice_id(&id)?).await?;
    Ok(Json(events.iter().map(EventView::from).collect()))
}

/// The review records of a notice: findings, recommendation, decision (reviewers, Commission, the requesting bureau).
#[utoipa::path(get, path = "/api/v1/notices/{id}/reviews", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, description = "notice id")),
    responses((status = 200, body = Vec<ReviewView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn notice_reviews(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<ReviewView>>> {
    let id = notice_id(&id)?.to_string();
    let reviews = state.store.reviews_for(Reader::Actor(&actor), "notice", &id).await?;
    Ok(Json(reviews.iter().map(ReviewView::from).collect()))
}

/// Take a submitted notice under review (reviewers).
#[utoipa::path(post, path = "/api/v1/notices/{id}/review/start", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, description = "notice id")),
    responses((status = 200, body = NoticeView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn start_notice_review(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<NoticeView>> {
    require(&actor, &[Role::Reviewer])?;
    let record =
        state.store.transition_notice(&actor, notice_id(&id)?, NoticeAction::StartReview, "review opened").await?;
    Ok(Json(NoticeView::for_reader(&record, &actor)))
}

/// Decide a notice request: `approve` publishes it, `refuse` refuses it; written reasons are required.
#[utoipa::path(post, path = "/api/v1/notices/{id}/review", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, description = "notice id")), request_body = DecisionBody,
    responses((status = 200, body = NoticeView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn review_notice(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> ApiResult<Json<NoticeView>> {
    require(&actor, &[Role::Reviewer])?;
    let decision = match body.decision.trim() {
        "approve" => Decision::Approve,
        "refuse" => Decision::Refuse,
        _ => return Err(FieldError::new("decision", "invalid_value", "expected approve or refuse").into()),
    };
    let particular_importance = match body.override_.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        None => false,
        Some("particular_importance") => true,
        Some(_) => {
            return Err(
                FieldError::new("override", "invalid_value", "the only override is particular_importance").into()
            );
        }
    };
    let record =
        state.store.decide_notice_with(&actor, notice_id(&id)?, decision, &body.reasons, particular_importance).await?;
    state.screening.refresh(article3_domain::RecordKind::Notice, &record.id.to_string()).await;
    Ok(Json(NoticeView::for_reader(&record, &actor)))
}

async fn notice_step(
    state: &AppState,
    actor: &Actor,
    id: &str,
    action: NoticeAction,
    roles: &[Role],
    body: &ReasonBody,
) -> ApiResult<Json<NoticeView>> {
    require(actor, roles)?;
    let record = state.store.transition_notice(actor, notice_id(id)?, action, &body.reason).await?;
    state.screening.refresh(article3_domain::RecordKind::Notice, &record.id.to_string()).await;
    Ok(Json(NoticeView::for_reader(&record, actor)))
}

/// Cancel your own published notice (located, withdrawn).
#[utoipa::path(post, path = "/api/v1/notices/{id}/cancel", tag = "notices", security(("bearer" = [])),
    params(("id" = String, Path, description = "notice id")), request_body = ReasonBody,
    responses((status = 200, body = NoticeView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn cancel_notice(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> ApiResult<Json<NoticeView>> {
    notice_step(&state, &actor, &id, NoticeAction::Cancel, &[Role::Ncb], &body).await
}

/// Renew your own published notice for another five years, with reasons.
#[utoipa::path(post, path = "/api/v1/notices/{id}/renew", tag = "notices", security(("bearer" = [])),
    params(("id" = String, Path, description = "notice id")), request_body = ReasonBody,
    responses((status = 200, body = NoticeView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn renew_notice(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> ApiResult<Json<NoticeView>> {
    notice_step(&state, &actor, &id, NoticeAction::Renew, &[Role::Ncb], &body).await
}

/// Block a published notice as an interim measure (Commission).
#[utoipa::path(post, path = "/api/v1/notices/{id}/block", tag = "commission", security(("bearer" = [])),
    params(("id" = String, Path, description = "notice id")), request_body = ReasonBody,
    responses((status = 200, body = NoticeView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn block_notice(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> ApiResult<Json<NoticeView>> {
    notice_step(&state, &actor, &id, NoticeAction::Block, &[Role::Commission], &body).await
}

/// Lift a block (Commission).
#[utoipa::path(post, path = "/api/v1/notices/{id}/unblock", tag = "commission", security(("bearer" = [])),
    params(("id" = String, Path, description = "notice id")), request_body = ReasonBody,
    responses((status = 200, body = NoticeView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn unblock_notice(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> ApiResult<Json<NoticeView>> {
    notice_step(&state, &actor, &id, NoticeAction::Unblock, &[Role::Commission], &body).await
}

/// Delete a blocked notice (Commission): its personal data leaves the store; a tombstone stays in the audit log.
#[utoipa::path(post, path = "/api/v1/notices/{id}/delete", tag = "commission", security(("bearer" = [])),
    params(("id" = String, Path, description = "notice id")), request_body = ReasonBody,
    responses((status = 200, body = NoticeView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_notice(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> ApiResult<Json<NoticeView>> {
    notice_step(&state, &actor, &id, NoticeAction::Delete, &[Role::Commission], &body).await
}

/// Circulate a diffusion to all members or named countries. From a member under enhanced review it is held until reviewed.
#[utoipa::path(post, path = "/api/v1/diffusions", tag = "diffusions", security(("bearer" = [])), request_body = DiffusionCreate,
    responses((status = 201, body = DiffusionView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_diffusion(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiJson(body): ApiJson<DiffusionCreate>,
) -> ApiResult<(StatusCode, Json<DiffusionView>)> {
    require(&actor, &[Role::Ncb])?;
    let sender = own_country(&actor)?;
    let registry = state.countries.read().await.clone();
    let today = today();
    let purpose = parse_purpose(&body.purpose)?;
    let subject = body.subject.to_domain(&registry, today)?;
    let judicial = body.judicial.as_ref().map(|j| j.to_domain(today)).transpose()?;
    let recipients = body.recipients.to_domain(&registry, sender)?;
    let restrictions = RestrictionsBody::to_domain(body.restrictions.as_ref(), &registry, sender)?;
    let request = DiffusionRequest::new(&registry, purpose, sender, subject, judicial, recipients, restrictions)?;
    let context = context_for(&state, sender, &request.subject).await?;
    let evaluation = state.engine.evaluate(&ReviewInput::for_diffusion(&request, &context));
    // A member under enhanced review does not circulate directly: its diffusions wait for a reviewer.
    let held = context.requester.corrective_measure == Some(CorrectiveMeasure::EnhancedReview);
    let mut record = state.store.circulate_diffusion(&actor, &request, &evaluation, held).await?;
    if let Some(reasons) = mechanical_refusal(&evaluation) {
        record = state.store.decide_diffusion(&rules_actor(), record.id, Decision::Refuse, &reasons).await?;
    }
    state.screening.refresh(article3_domain::RecordKind::Diffusion, &record.id.to_string()).await;
    Ok((StatusCode::CREATED, Json(DiffusionView::for_reader(&record, &actor))))
}

/// List the diffusions you may see.
#[utoipa::path(get, path = "/api/v1/diffusions", tag = "diffusions", security(("bearer" = [])), params(DiffusionQuery),
    responses((status = 200, body = DiffusionPage), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn list_diffusions(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiQuery(q): ApiQuery<DiffusionQuery>,
) -> ApiResult<Json<DiffusionPage>> {
    let filter = DiffusionFilter {
        status: q.status.as_deref().map(|s| DiffusionStatus::parse("status", s)).transpose()?,
        after: cursor(q.after.as_deref())?,
        limit: page_size(q.limit)?,
    };
    let page = state.store.list_diffusions(Reader::Actor(&actor), &filter).await?;
    Ok(Json(DiffusionPage {
        items: page.items.iter().map(|d| DiffusionView::for_reader(d, &actor)).collect(),
        next: page.next,
    }))
}

/// One diffusion, if you sent it, received it, or review it.
#[utoipa::path(get, path = "/api/v1/diffusions/{id}", tag = "diffusions", security(("bearer" = [])),
    params(("id" = String, Path, description = "diffusion id")),
    responses((status = 200, body = DiffusionView), (status = 404, body = Problem)))]
pub async fn get_diffusion(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<DiffusionView>> {
    let record = state.store.read_diffusion(Reader::Actor(&actor), diffusion_id(&id)?).await?;
    Ok(Json(DiffusionView::for_reader(&record, &actor)))
}

/// Every lifecycle step of a diffusion.
#[utoipa::path(get, path = "/api/v1/diffusions/{id}/history", tag = "diffusions", security(("bearer" = [])),
    params(("id" = String, Path, description = "diffusion id")),
    responses((status = 200, body = Vec<EventView>), (status = 404, body = Problem)))]
pub async fn diffusion_history(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<EventView>>> {
    let events = state.store.diffusion_history(Reader::Actor(&actor), diffusion_id(&id)?).await?;
    Ok(Json(events.iter().map(EventView::from).collect()))
}

/// The review records of a diffusion.
#[utoipa::path(get, path = "/api/v1/diffusions/{id}/reviews", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, description = "diffusion id")),
    responses((status = 200, body = Vec<ReviewView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn diffusion_reviews(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<ReviewView>>> {
    let id = diffusion_id(&id)?.to_string();
    let reviews = state.store.reviews_for(Reader::Actor(&actor), "diffusion", &id).await?;
    Ok(Json(reviews.iter().map(ReviewView::from).collect()))
}

/// Take a circulated (or held) diffusion under review (reviewers).
#[utoipa::path(post, path = "/api/v1/diffusions/{id}/review/start", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, description = "diffusion id")),
    responses((status = 200, body = DiffusionView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn start_diffusion_review(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<DiffusionView>> {
    require(&actor, &[Role::Reviewer])?;
    let record = state
        .store
        .transition_diffusion(&actor, diffusion_id(&id)?, DiffusionAction::StartReview, "review opened")
        .await?;
    state.screening.refresh(article3_domain::RecordKind::Diffusion, &record.id.to_string()).await;
    Ok(Json(DiffusionView::for_reader(&record, &actor)))
}

/// Post-review of a diffusion: `confirm` or `withdraw`, with written reasons.
#[utoipa::path(post, path = "/api/v1/diffusions/{id}/review", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, description = "diffusion id")), request_body = DecisionBody,
    responses((status = 200, body = DiffusionView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn review_diffusion(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> ApiResult<Json<DiffusionView>> {
    require(&actor, &[Role::Reviewer])?;
    let decision = match body.decision.trim() {
        "confirm" => Decision::Approve,
        "withdraw" => Decision::Refuse,
        _ => return Err(FieldError::new("decision", "invalid_value", "expected confirm or withdraw").into()),
    };
    let record = state.store.decide_diffusion(&actor, diffusion_id(&id)?, decision, &body.reasons).await?;
    state.screening.refresh(article3_domain::RecordKind::Diffusion, &record.id.to_string()).await;
    Ok(Json(DiffusionView::for_reader(&record, &actor)))
}

/// What waits for a reviewer: notice requests and diffusions to post-review.
#[utoipa::path(get, path = "/api/v1/review/queue", tag = "review", security(("bearer" = [])),
    responses((status = 200, body = Vec<QueueEntry>), (status = 403, body = Problem)))]
pub async fn review_queue(State(state): State<AppState>, Auth(actor): Auth) -> ApiResult<Json<Vec<QueueEntry>>> {
    require(&actor, &[Role::Reviewer])?;
    let items = state.store.review_queue(&actor, 200).await?;
    Ok(Json(
        items
            .iter()
            .map(|item| match item {
                QueueItem::Notice(n) => QueueEntry {
                    kind: "notice".to_owned(),
                    id: n.id.to_string(),
                    status: n.status.as_str().to_owned(),
                    category: n.request.colour.as_str().to_owned(),
                    requesting_country: n.request.requesting_country.to_string(),
                    primary_name: n.request.subject.primary_name().to_owned(),
                    created_at: timestamp(n.created_at),
                },
                QueueItem::Diffusion(d) => QueueEntry {
                    kind: "diffusion".to_owned(),
                    id: d.id.to_string(),
                    status: d.status.as_str().to_owned(),
                    category: d.request.purpose.as_str().to_owned(),
                    requesting_country: d.request.requesting_country.to_string(),
                    primary_name: d.request.subject.primary_name().to_owned(),
                    created_at: timestamp(d.created_at),
                },
            })
            .collect(),
    ))
}

/// Published notices whose requesters agreed to a public extract. No login.
#[utoipa::path(get, path = "/api/v1/public/notices", tag = "public", params(PublicQuery),
    responses((status = 200, body = PublicNoticePage), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn public_notices(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PublicQuery>,
) -> ApiResult<Json<PublicNoticePage>> {
    let filter = NoticeFilter {
        status: Some(NoticeStatus::Published),
        colour: q.colour.as_deref().map(parse_colour).transpose()?,
        after: cursor(q.after.as_deref())?,
        limit: page_size(q.limit)?,
        ..NoticeFilter::default()
    };
    let page = state.store.list_notices(Reader::Public, &filter).await?;
    Ok(Json(PublicNoticePage { items: page.items.iter().map(PublicNoticeView::from).collect(), next: page.next }))
}

/// One public extract. No login.
#[utoipa::path(get, path = "/api/v1/public/notices/{id}", tag = "public",
    params(("id" = String, Path, description = "notice id")),
    responses((status = 200, body = PublicNoticeView), (status = 404, body = Problem)))]
pub async fn public_notice(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<PublicNoticeView>> {
    let record = state.store.read_notice(Reader::Public, notice_id(&id)?).await?;
    Ok(Json(PublicNoticeView::from(&record)))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// How many of the latest records, 1–1000 (default 100).
    pub limit: Option<usize>,
}

/// The latest audit records (administrators and the Commission).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, body = Vec<AuditRecordView>), (status = 403, body = Problem)))]
pub async fn audit_tail(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Vec<AuditRecordView>>> {
    require(&actor, &[Role::Admin, Role::Commission])?;
    let limit = match q.limit {
        None => 100,
        Some(n) if (1..=1000).contains(&n) => n,
        Some(_) => return Err(FieldError::new("limit", "out_of_range", "between 1 and 1000").into()),
    };
    let records = state.store.audit_tail(limit).await?;
    Ok(Json(
        records
            .into_iter()
            .map(|r| AuditRecordView {
                seq: r.seq,
                lane: r.lane,
                lane_seq: r.lane_seq,
                at: crate::wire::timestamp_ms(r.at_ms),
                actor: r.actor,
                role: r.role,
                country: r.country,
                action: r.action,
                object_kind: r.object_kind,
                object_id: r.object_id,
                detail: r.detail,
                prev_hash: r.prev_hash,
                hash: r.hash,
            })
            .collect(),
    ))
}

/// Check the whole audit chain and name the first broken link (administrators).
#[utoipa::path(post, path = "/api/v1/audit/verify", tag = "audit", security(("bearer" = [])),
    responses((status = 200, body = AuditVerifyView), (status = 403, body = Problem)))]
pub async fn audit_verify(State(state): State<AppState>, Auth(actor): Auth) -> ApiResult<Json<AuditVerifyView>> {
    require(&actor, &[Role::Admin])?;
    let outcome = state.store.verify_audit(&|_| {}).await?;
    state
        .store
        .append_audit(AuditEvent::new("audit.verify", "audit", "*").by(&actor).detail(if outcome.is_ok() {
            "intact"
        } else {
            "broken"
        }))
        .await?;
    Ok(Json(match outcome {
        Ok(summary) => AuditVerifyView { intact: true, records: summary.records, broken_at: None, problem: None },
        Err(broken) => {
            AuditVerifyView { intact: false, records: 0, broken_at: Some(broken.seq), problem: Some(broken.problem) }
        }
    }))
}

/// Run the retention clock now: expire what is due, remind owners six months ahead, erase travellers'
/// names from alerts a year old (administrators).
#[utoipa::path(post, path = "/api/v1/retention/run", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = RetentionView), (status = 403, body = Problem)))]
pub async fn retention_run(State(state): State<AppState>, Auth(actor): Auth) -> ApiResult<Json<RetentionView>> {
    require(&actor, &[Role::Admin])?;
    let report = state.store.retention_sweep(OffsetDateTime::now_utc()).await?;
    state.screening.poll().await;
    Ok(Json(RetentionView {
        expired: report.expired.iter().map(ToString::to_string).collect(),
        reminded: report.reminded.iter().map(ToString::to_string).collect(),
        travellers_erased: report.travellers_erased,
        outcome_reasons_erased: report.outcome_reasons_erased,
        clearance_reasons_erased: report.clearance_reasons_erased,
    }))
}

/// Record a confirmed refugee or asylum status (the protecting country's bureau). Requests from the country
/// the person fled are then blocked; the protecting country is never disclosed to the requester. The
/// response lists the live notices and diffusions from that country which your country may see and whose
/// subject may be this person (`records_from_country_fled`); finding them is audited.
#[utoipa::path(post, path = "/api/v1/refugee-statuses", tag = "review", security(("bearer" = [])), request_body = RefugeeStatusCreate,
    responses((status = 201, body = RefugeeStatusRecordedView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn record_refugee_status(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiJson(body): ApiJson<RefugeeStatusCreate>,
) -> ApiResult<(StatusCode, Json<RefugeeStatusRecordedView>)> {
    require(&actor, &[Role::Ncb])?;
    let registry = state.countries.read().await.clone();
    let (subject, fled_from, granted_on) = body.to_domain(&registry, today())?;
    let record = state.store.record_refugee_status(&actor, &subject, fled_from, granted_on).await?;
    state.screening.safeguards_changed().await;
    let viewer = article3_domain::Viewer::User { role: actor.role, country: actor.country };
    let linked = state.screening.records_about(viewer, &subject, fled_from).await;
    if !linked.is_empty() {
        let found: Vec<String> =
            linked.iter().map(|r| format!("{}/{} {:.3}", r.kind.as_str(), r.id, r.score)).collect();
        let event = AuditEvent::new("refugee_status.records_found", "refugee_status", &record.status.id)
            .by(&actor)
            .detail(format!("records={} [{}]", found.len(), found.join(", ")));
        state.store.append_audit(event).await?;
    }
    Ok((
        StatusCode::CREATED,
        Json(RefugeeStatusRecordedView {
            status: RefugeeStatusView::from(&record),
            records_from_country_fled: linked.iter().map(LinkedRecordView::from).collect(),
        }),
    ))
}

/// The refugee statuses you may read: your own country's records as a bureau; all as a reviewer or
/// member of the Commission.
#[utoipa::path(get, path = "/api/v1/refugee-statuses", tag = "review", security(("bearer" = [])),
    responses((status = 200, body = Vec<RefugeeStatusView>), (status = 403, body = Problem)))]
pub async fn list_refugee_statuses(
    State(state): State<AppState>,
    Auth(actor): Auth,
) -> ApiResult<Json<Vec<RefugeeStatusView>>> {
    require(&actor, &[Role::Ncb, Role::Reviewer, Role::Commission])?;
    let records = state.store.refugee_statuses(&actor).await?;
    Ok(Json(records.iter().map(RefugeeStatusView::from).collect()))
}

/// Place a member under a corrective measure, or lift it (administrators). Enhanced review holds its
/// diffusions until reviewed and sends all its requests to a person; suspension stops its requests.
#[utoipa::path(put, path = "/api/v1/countries/{code}/corrective-measure", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2 code")), request_body = CorrectiveMeasureBody,
    responses((status = 200, body = CorrectiveMeasureView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn set_corrective_measure(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<CorrectiveMeasureBody>,
) -> ApiResult<Json<CorrectiveMeasureView>> {
    require(&actor, &[Role::Admin])?;
    let country = state.countries.read().await.requesting_member("code", &code).map_err(|_| ApiError::not_found())?;
    let measure = body.measure()?;
    state.store.set_corrective_measure(&actor, country, measure, &body.reason).await?;
    state.screening.safeguards_changed().await;
    Ok(Json(CorrectiveMeasureView {
        country: country.to_string(),
        measure: measure.map_or("none", CorrectiveMeasure::as_str).to_owned(),
    }))
}

/// Record the due-process concerns against a member, each with its source (administrators). Every
/// request from it is then referred to a person with the concerns attached. An empty list clears them.
#[utoipa::path(put, path = "/api/v1/countries/{code}/due-process-concerns", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2 code")), request_body = DueProcessConcernsBody,
    responses((status = 204, description = "recorded"), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn set_due_process_concerns(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<DueProcessConcernsBody>,
) -> ApiResult<StatusCode> {
    require(&actor, &[Role::Admin])?;
    let country = state.countries.read().await.requesting_member("code", &code).map_err(|_| ApiError::not_found())?;
    let concerns = body.to_domain()?;
    state.store.set_due_process_concerns(&actor, country, &concerns).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record that your country refused to extradite a person to a requesting state. Later requests from that
/// state about the same person are referred to a person with the refusal attached.
#[utoipa::path(post, path = "/api/v1/extradition-refusals", tag = "review", security(("bearer" = [])), request_body = ExtraditionRefusalCreate,
    responses((status = 201, body = ExtraditionRefusalView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn record_extradition_refusal(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiJson(body): ApiJson<ExtraditionRefusalCreate>,
) -> ApiResult<(StatusCode, Json<ExtraditionRefusalView>)> {
    require(&actor, &[Role::Ncb])?;
    let registry = state.countries.read().await.clone();
    let (subject, requesting, refused_on) = body.to_domain(&registry, today())?;
    let refusal =
        state.store.record_extradition_refusal(&actor, &subject, requesting, refused_on, &body.grounds).await?;
    state.screening.safeguards_changed().await;
    Ok((StatusCode::CREATED, Json(ExtraditionRefusalView::from(&refusal))))
}

/// Report a stolen, lost or revoked travel document. Border checks match its number exactly from the
/// next query on; one active report per document.
#[utoipa::path(post, path = "/api/v1/travel-documents", tag = "travel documents", security(("bearer" = [])), request_body = TravelDocumentCreate,
    responses((status = 201, body = TravelDocumentView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn report_travel_document(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiJson(body): ApiJson<TravelDocumentCreate>,
) -> ApiResult<(StatusCode, Json<TravelDocumentView>)> {
    require(&actor, &[Role::Ncb])?;
    let registry = state.countries.read().await.clone();
    let report = body.to_domain(&registry, today())?;
    let record = state.store.report_travel_document(&actor, &report).await?;
    state.screening.document_changed(&record);
    Ok((StatusCode::CREATED, Json(TravelDocumentView::from(&record))))
}

/// Your bureau's reports (every report, for reviewers, the Commission and administrators).
#[utoipa::path(get, path = "/api/v1/travel-documents", tag = "travel documents", security(("bearer" = [])),
    responses((status = 200, body = [TravelDocumentView]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_travel_documents(
    State(state): State<AppState>,
    Auth(actor): Auth,
) -> ApiResult<Json<Vec<TravelDocumentView>>> {
    require(&actor, &[Role::Ncb, Role::Reviewer, Role::Commission, Role::Admin])?;
    let records = state.store.list_travel_documents(&actor).await?;
    Ok(Json(records.iter().map(TravelDocumentView::from).collect()))
}

/// Every report on one document number, whatever the issuing state, withdrawn ones included (look-ups are
/// audited).
#[utoipa::path(get, path = "/api/v1/travel-documents/{number}", tag = "travel documents", security(("bearer" = [])),
    params(("number" = String, Path, description = "the document number as printed")),
    responses((status = 200, body = [TravelDocumentView]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn lookup_travel_document(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(number): Path<String>,
) -> ApiResult<Json<Vec<TravelDocumentView>>> {
    require(&actor, &[Role::Ncb, Role::Border, Role::Reviewer, Role::Commission, Role::Caseworker, Role::Admin])?;
    let records = state.store.lookup_travel_document(&actor, &number).await?;
    Ok(Json(records.iter().map(TravelDocumentView::from).collect()))
}

/// Withdraw your bureau's report (the document was recovered, or reported in error): it never matches
/// again.
#[utoipa::path(post, path = "/api/v1/travel-documents/{id}/withdraw", tag = "travel documents", security(("bearer" = [])), request_body = TravelDocumentWithdraw,
    params(("id" = String, Path, description = "report id")),
    responses((status = 200, body = TravelDocumentView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn withdraw_travel_document(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TravelDocumentWithdraw>,
) -> ApiResult<Json<TravelDocumentView>> {
    require(&actor, &[Role::Ncb])?;
    let record = state.store.withdraw_travel_document(&actor, &id, &body.reason).await?;
    state.screening.document_changed(&record);
    Ok(Json(TravelDocumentView::from(&record)))
}

/// Flag another country's published notice or circulated diffusion: your country will not act on it
/// on its territory. Your officers see the flag on every hit; reviewers weigh it when the same person is
/// requested again; the requesting country is not told who flagged.
#[utoipa::path(post, path = "/api/v1/country-flags", tag = "review", security(("bearer" = [])), request_body = CountryFlagCreate,
    responses((status = 201, body = CountryFlagView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn set_country_flag(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiJson(body): ApiJson<CountryFlagCreate>,
) -> ApiResult<(StatusCode, Json<CountryFlagView>)> {
    require(&actor, &[Role::Ncb])?;
    let kind = article3_domain::RecordKind::parse("kind", &body.kind)?;
    let flag = state.store.set_country_flag(&actor, kind, body.id.trim(), &body.reason).await?;
    state.screening.flag_changed(&flag);
    Ok((StatusCode::CREATED, Json(CountryFlagView::from(&flag))))
}

/// Country flags, lifted ones included: your own country's as a bureau, officer or caseworker; all of
/// them as a reviewer or the Commission.
#[utoipa::path(get, path = "/api/v1/country-flags", tag = "review", security(("bearer" = [])), params(RecordFilter),
    responses((status = 200, body = [CountryFlagView]), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_country_flags(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiQuery(q): ApiQuery<RecordFilter>,
) -> ApiResult<Json<Vec<CountryFlagView>>> {
    require(&actor, &[Role::Ncb, Role::Border, Role::Caseworker, Role::Reviewer, Role::Commission])?;
    let object = q.record()?;
    let flags = state.store.country_flags(&actor, object).await?;
    Ok(Json(flags.iter().map(CountryFlagView::from).collect()))
}

/// Record that a traveller who raised a hit is not the person a notice or diffusion seeks, as your
/// officers established on the traveller's document or fingerprints (border officers and bureaus).
/// Every later screening of that document shows the clearance on the hit, and the requesting country is
/// not told of the traveller again.
#[utoipa::path(post, path = "/api/v1/clearances", tag = "screening", security(("bearer" = [])), request_body = ClearanceCreate,
    responses((status = 201, body = ClearanceView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn record_clearance(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiJson(body): ApiJson<ClearanceCreate>,
) -> ApiResult<(StatusCode, Json<ClearanceView>)> {
    require(&actor, &[Role::Border, Role::Ncb])?;
    let kind = article3_domain::RecordKind::parse("kind", &body.kind)?;
    let issuing_country =
        state.countries.read().await.known("document.issuing_country", &body.document.issuing_country)?;
    let new = article3_store::NewClearance {
        kind,
        object_id: body.id.trim().to_owned(),
        document_number: body.document.number.clone(),
        issuing_country,
        reason: body.reason.clone(),
    };
    let clearance = state.store.record_clearance(&actor, &new).await?;
    state.screening.clearance_changed(&clearance);
    Ok((StatusCode::CREATED, Json(ClearanceView::from(&clearance))))
}

/// Clearances, withdrawn ones included: your own country's as an officer or bureau; all of them as a
/// reviewer or the Commission. The requesting country is not shown other countries' clearances.
#[utoipa::path(get, path = "/api/v1/clearances", tag = "screening", security(("bearer" = [])), params(RecordFilter),
    responses((status = 200, body = [ClearanceView]), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_clearances(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiQuery(q): ApiQuery<RecordFilter>,
) -> ApiResult<Json<Vec<ClearanceView>>> {
    require(&actor, &[Role::Ncb, Role::Border, Role::Reviewer, Role::Commission])?;
    let object = q.record()?;
    let clearances = state.store.clearances(&actor, object).await?;
    Ok(Json(clearances.iter().map(ClearanceView::from).collect()))
}

/// Withdraw your country's clearance, with reasons.
#[utoipa::path(post, path = "/api/v1/clearances/{id}/withdraw", tag = "screening", security(("bearer" = [])), request_body = ClearanceWithdraw,
    params(("id" = String, Path, description = "clearance id")),
    responses((status = 200, body = ClearanceView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn withdraw_clearance(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ClearanceWithdraw>,
) -> ApiResult<Json<ClearanceView>> {
    require(&actor, &[Role::Border, Role::Ncb])?;
    let clearance = state.store.withdraw_clearance(&actor, &id, &body.reason).await?;
    state.screening.clearance_changed(&clearance);
    Ok(Json(ClearanceView::from(&clearance)))
}

/// Lift your country's flag, with reasons.
#[utoipa::path(post, path = "/api/v1/country-flags/{id}/lift", tag = "review", security(("bearer" = [])), request_body = CountryFlagLift,
    params(("id" = String, Path, description = "flag id")),
    responses((status = 200, body = CountryFlagView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn lift_country_flag(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CountryFlagLift>,
) -> ApiResult<Json<CountryFlagView>> {
    require(&actor, &[Role::Ncb])?;
    let flag = state.store.lift_country_flag(&actor, &id, &body.reason).await?;
    state.screening.flag_changed(&flag);
    Ok(Json(CountryFlagView::from(&flag)))
}

/// Register an application contesting a notice or diffusion (the Commission). While it is pending, every
/// hit on the record tells the officer that the person has challenged it, and since when; the grounds
/// stay with the Commission, reviewers and the requesting bureau.
#[utoipa::path(post, path = "/api/v1/challenges", tag = "commission", security(("bearer" = [])), request_body = ChallengeCreate,
    responses((status = 201, body = ChallengeView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn register_challenge(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiJson(body): ApiJson<ChallengeCreate>,
) -> ApiResult<(StatusCode, Json<ChallengeView>)> {
    require(&actor, &[Role::Commission])?;
    let application = body.to_domain(today())?;
    let challenge = state.store.register_challenge(&actor, &application).await?;
    state.screening.challenge_changed(&challenge);
    Ok((StatusCode::CREATED, Json(ChallengeView::from(&challenge))))
}

/// Challenges, decided ones included, each with the contested record's status now: all of them for the
/// Commission and reviewers; those against your country's notices and diffusions for a bureau.
#[utoipa::path(get, path = "/api/v1/challenges", tag = "commission", security(("bearer" = [])), params(RecordFilter),
    responses((status = 200, body = [ChallengeView]), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_challenges(
    State(state): State<AppState>,
    Auth(actor): Auth,
    ApiQuery(q): ApiQuery<RecordFilter>,
) -> ApiResult<Json<Vec<ChallengeView>>> {
    require(&actor, &[Role::Commission, Role::Reviewer, Role::Ncb])?;
    let object = q.record()?;
    let challenges = state.store.challenges(&actor, object).await?;
    Ok(Json(
        challenges
            .iter()
            .map(|listed| ChallengeView {
                record_status: listed.record_status.clone(),
                ..ChallengeView::from(&listed.challenge)
            })
            .collect(),
    ))
}

/// Decide a pending challenge, with reasons (the Commission). A decision closes it: hits no longer show
/// it. Upholding it does not by itself remove the record; block or delete it as well.
#[utoipa::path(post, path = "/api/v1/challenges/{id}/decide", tag = "commission", security(("bearer" = [])), request_body = ChallengeDecide,
    params(("id" = String, Path, description = "challenge id")),
    responses((status = 200, body = ChallengeView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn decide_challenge(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ChallengeDecide>,
) -> ApiResult<Json<ChallengeView>> {
    require(&actor, &[Role::Commission])?;
    let outcome = article3_domain::ChallengeOutcome::parse("outcome", &body.outcome)?;
    let challenge = state.store.decide_challenge(&actor, &id, outcome, &body.reason).await?;
    state.screening.challenge_changed(&challenge);
    Ok(Json(ChallengeView::from(&challenge)))
}
