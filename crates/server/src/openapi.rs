//! The OpenAPI document, generated from the handlers' annotations. The committed copy in
//! `docs/openapi.json` is kept identical to it by a test.

use utoipa::Modify;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::api::*;
use crate::pages::*;

#[derive(OpenApi)]
#[openapi(
    info(title = "article3", description = "An international notice-and-diffusion system with human-rights safeguards built into every step."),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Tokens"),
        (name = "notices", description = "Notices of every colour"),
        (name = "diffusions", description = "Diffusions sent directly between countries"),
        (name = "review", description = "Review before publication and after circulation"),
        (name = "commission", description = "Challenges, interim measures and deletion"),
        (name = "countries", description = "Member countries"),
        (name = "travel documents", description = "The register of stolen, lost and revoked travel documents"),
        (name = "public", description = "Public pages, no login"),
        (name = "audit", description = "The hash-chained audit log"),
        (name = "admin", description = "Administration"),
        (name = "operations", description = "Health and metrics")
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// Every documented route, registered with its handler so the document cannot drift from the router.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(issue_token))
        .routes(routes!(me))
        .routes(routes!(create_user, list_users))
        .routes(routes!(list_countries))
        .routes(routes!(get_country, update_country))
        .routes(routes!(create_notice, list_notices))
        .routes(routes!(get_notice))
        .routes(routes!(notice_history))
        .routes(routes!(notice_reviews))
        .routes(routes!(start_notice_review))
        .routes(routes!(review_notice))
        .routes(routes!(cancel_notice))
        .routes(routes!(renew_notice))
        .routes(routes!(block_notice))
        .routes(routes!(unblock_notice))
        .routes(routes!(delete_notice))
        .routes(routes!(create_diffusion, list_diffusions))
        .routes(routes!(get_diffusion))
        .routes(routes!(diffusion_history))
        .routes(routes!(diffusion_reviews))
        .routes(routes!(start_diffusion_review))
        .routes(routes!(review_diffusion))
        .routes(routes!(review_queue))
        .routes(routes!(evaluate_draft))
        .routes(routes!(record_refugee_status, list_refugee_statuses))
        .routes(routes!(set_corrective_measure))
        .routes(routes!(set_due_process_concerns))
        .routes(routes!(record_extradition_refusal))
        .routes(routes!(set_country_flag, list_country_flags))
        .routes(routes!(lift_country_flag))
        .routes(routes!(record_clearance, list_clearances))
        .routes(routes!(withdraw_clearance))
        .routes(routes!(register_challenge, list_challenges))
        .routes(routes!(decide_challenge))
        .routes(routes!(report_travel_document, list_travel_documents))
        .routes(routes!(lookup_travel_document))
        .routes(routes!(withdraw_travel_document))
        .routes(routes!(crate::screen_api::screen))
        .routes(routes!(crate::screen_api::screen_batch))
        .routes(routes!(crate::screen_api::match_dataset))
        .routes(routes!(crate::screen_api::algorithms))
        .routes(routes!(crate::screen_api::catalog))
        .routes(routes!(crate::screen_api::list_alerts))
        .routes(routes!(crate::screen_api::alert_stream))
        .routes(routes!(crate::screen_api::record_alert_outcome))
        .routes(routes!(crate::screen_api::correct_alert_outcome))
        .routes(routes!(public_notices))
        .routes(routes!(public_notice))
        .routes(routes!(audit_tail))
        .routes(routes!(audit_verify))
        .routes(routes!(retention_run))
        .routes(routes!(healthz))
        .routes(routes!(metrics))
}

/// The document as served at `/openapi.json`, pretty-printed as committed.
pub fn openapi_json() -> String {
    let (_, doc) = api_router().split_for_parts();
    doc.to_pretty_json().unwrap_or_default()
}
