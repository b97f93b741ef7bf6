//! A venue's prices and rules, read and changed by its operators (issue 15,
//! item 4), instead of with SQL. A change applies to bookings made after
//! it: a booking keeps the price and cancellation terms it was sold with
//! (they are copied onto it when it is held).
//!
//! Two operators editing at once: `GET` answers an `ETag`, and `PUT` needs
//! it back in `If-Match`. The second to save gets 412 and keeps their draft
//! instead of silently overwriting the first's change.

use axum::{
    extract::State,
    http::HeaderMap,
    response::Response,
    routing::{get, post},
    Json, Router,
};
use chrono::Utc;
use shared::{
    operator::Role,
    rules::{Quote, RuleSet, RulesPreview},
};

use super::{if_match, with_etag, Operating};
use crate::{
    availability::VenueAvailability,
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath},
    rules::{change, store, Rules},
    AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/venues/{venue_id}/rules", get(read).put(replace))
        .route("/operator/venues/{venue_id}/rules/preview", post(preview))
}

/// The ETag of version `version` of venue `venue_id`'s rules.
fn etag(venue_id: i64, version: i64) -> String {
    format!("\"r{venue_id}-{version}\"")
}

/// The courts of a venue, by id.
async fn court_ids(state: &AppState, venue_id: i64) -> AppResult<Vec<i64>> {
    Ok(crate::venues::store::courts_of(&state.db, venue_id)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

/// The venue's rules as the operator edits them, with an `ETag` to send
/// back in `If-Match` when saving.
#[utoipa::path(get, path = "/api/v1/operator/venues/{venue_id}/rules", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id")),
    responses(
        (status = 200, description = "The venue's rules and tariff bands", body = RuleSet,
            headers(("ETag" = String, description = "This version of the rules; send it in `If-Match` to change them"))),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this venue's organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn read(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
) -> AppResult<Response> {
    operating
        .at_venue(&state.db, venue_id, Role::Operator)
        .await?;
    let version = store::version(&state.db, venue_id).await?;
    let rules = Rules::load(&state.db, venue_id).await?;
    with_etag(change::to_set(&rules), &etag(venue_id, version))
}

/// Replaces the venue's rules and tariff bands, all at once or not at all.
/// Bookings already made keep their price and cancellation terms. The
/// seller on receipts is not changed here.
#[utoipa::path(put, path = "/api/v1/operator/venues/{venue_id}/rules", tag = "operator",
    params(
        ("venue_id" = i64, Path, description = "Venue id"),
        ("If-Match" = String, Header, description = "The `ETag` of the rules this change was made from"),
    ),
    request_body = RuleSet,
    responses(
        (status = 200, description = "Saved; the rules as they now are", body = RuleSet,
            headers(("ETag" = String, description = "The new version of the rules"))),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this venue's organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed meanwhile (`/problems/changed-meanwhile`): someone saved since this ETag was read; nothing written", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named in `field`, e.g. `tariffs[1].price_minor`): a negative price, a band ending before it starts or overlapping another, a court of another venue; nothing written", body = shared::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match` (`/problems/if-match-required`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn replace(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(set): ApiJson<RuleSet>,
) -> AppResult<Response> {
    operating
        .at_venue(&state.db, venue_id, Role::Operator)
        .await?;
    let if_match = if_match(&headers)?;
    let changed_meanwhile = || {
        AppError::ChangedMeanwhile(
            "Someone changed these rules after you opened them. Reload to see their change, then make yours again."
                .to_string(),
        )
    };
    let version = store::version(&state.db, venue_id).await?;
    if if_match != etag(venue_id, version) {
        return Err(changed_meanwhile());
    }
    let checked = change::check(venue_id, &set, &court_ids(&state, venue_id).await?)?;

    // The rules, the tariffs and the audit entry commit together; the
    // version check is part of the write, so of two saves over one version
    // only one succeeds.
    let mut tx = state.db.begin_write().await?;
    let Some(new_version) =
        store::replace_in(&mut tx, &checked.row, &checked.tariffs, version).await?
    else {
        return Err(changed_meanwhile());
    };
    super::audit::record_at_venue_in(
        &mut tx,
        super::audit::VenueChange {
            actor_id: Some(operating.account_id),
            action: "rules.changed",
            venue_id,
            subject: None,
            detail: serde_json::json!({
                "version": new_version,
                "tariffs": checked.tariffs.len(),
            }),
            at: Utc::now().timestamp(),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(venue = venue_id, version = new_version, by = %operating.account_id, "venue rules changed");
    let saved = Rules::load(&state.db, venue_id).await?;
    with_etag(change::to_set(&saved), &etag(venue_id, new_version))
}

/// What a draft of rules would charge for one slot, before saving them:
/// the quote a person of `category` booking `court_id` at `date` `time`
/// would get, with the cancellation terms. Nothing is written.
#[utoipa::path(post, path = "/api/v1/operator/venues/{venue_id}/rules/preview", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id")),
    request_body = RulesPreview,
    responses(
        (status = 200, description = "The quote under the draft rules", body = Quote),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this venue's organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The draft has an invalid field, the court is not this venue's, or no slot starts at that time (named in `field`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn preview(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
    ApiJson(request): ApiJson<RulesPreview>,
) -> AppResult<Json<Quote>> {
    operating
        .at_venue(&state.db, venue_id, Role::Operator)
        .await?;
    let venue = VenueAvailability::load(&state.db, venue_id).await?;
    let ids: Vec<i64> = venue.courts.iter().map(|c| c.id).collect();
    let checked = change::check(venue_id, &request.rules, &ids)?;
    let court = venue
        .courts
        .iter()
        .find(|c| c.id == request.court_id)
        .ok_or_else(|| AppError::invalid("court_id", "This venue has no such court."))?;
    let tz = venue.schedule.tz;
    let slot = venue
        .schedule
        .day_slots(request.date, court.slot_rule())
        .into_iter()
        .find(|slot| {
            let local = slot.starts_at.with_timezone(&tz);
            local.date_naive() == request.date
                && local.format("%H:%M").to_string() == request.time.trim()
        })
        .ok_or_else(|| {
            AppError::invalid(
                "time",
                "No slot of this court starts then; pick a start within the opening hours.",
            )
        })?;
    Ok(Json(checked.rules().quote_at(
        court,
        tz,
        slot.starts_at,
        slot.ends_at,
        request.category,
    )))
}
