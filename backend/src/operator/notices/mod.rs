//! Notices for a venue's staff outside Ledig (issue 15, item 7): a caretaker
//! or a security company is mailed each closure and block, each booking
//! confirmed outside the staffed hours, and, if they like, a morning summary
//! of the day. Operators set who is told of what, and the staffed hours, as
//! one document per venue.
//!
//! Nothing here is called by closures or payments: the notices job
//! ([`job`]) reads what they wrote (a closure's row, a booking's
//! `confirmed_at`) and marks each as told in the transaction that queues
//! its mails, so each is told once, after a crash or across processes too.

pub mod job;
mod mail;
pub mod store;

use axum::{extract::State, routing::get, Json, Router};
use chrono::{NaiveTime, Utc};
use shared::{
    operator::{Role, VenueNotices},
    validate::Email,
};

use super::Operating;
use crate::{
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath},
    AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/operator/venues/{venue_id}/notices",
        get(read).put(replace),
    )
}

/// The most people one venue tells.
const MAX_SUBSCRIBERS: usize = 20;

/// Who is told what at the venue, and its staffed hours.
#[utoipa::path(get, path = "/api/v1/operator/venues/{venue_id}/notices", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id")),
    responses(
        (status = 200, description = "The staffed hours and the people told", body = VenueNotices),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of the venue's organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn read(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
) -> AppResult<Json<VenueNotices>> {
    operating
        .at_venue(&state.db, venue_id, Role::Operator)
        .await?;
    Ok(Json(store::read(&state.db, venue_id).await?))
}

/// Replaces who is told what, and the staffed hours. A person kept keeps
/// the date of their last summary (no second one that day).
#[utoipa::path(put, path = "/api/v1/operator/venues/{venue_id}/notices", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id")),
    request_body = VenueNotices,
    responses(
        (status = 200, description = "Saved, as it now is", body = VenueNotices),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of the venue's organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named in `field`, e.g. `subscribers[1].email`, `staffed_until`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn replace(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
    ApiJson(request): ApiJson<VenueNotices>,
) -> AppResult<Json<VenueNotices>> {
    operating
        .at_venue(&state.db, venue_id, Role::Operator)
        .await?;
    let checked = check(&request)?;
    let now = Utc::now().timestamp();
    let mut tx = state.db.begin_write().await?;
    store::replace_in(&mut tx, venue_id, &checked).await?;
    super::audit::record_at_venue_in(
        &mut tx,
        super::audit::VenueChange {
            actor_id: Some(operating.account_id),
            action: "notices.changed",
            venue_id,
            subject: None,
            detail: serde_json::json!({
                "subscribers": checked.subscribers.len(),
                "staffed_from": checked.staffed_from,
                "staffed_until": checked.staffed_until,
            }),
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(store::read(&state.db, venue_id).await?))
}

/// Staffed hours as `HH:MM`, both or neither, the first before the second;
/// each person named, with a valid and unique address, told of something.
fn check(request: &VenueNotices) -> AppResult<VenueNotices> {
    let time = |field: &str, value: &Option<String>| -> AppResult<Option<NaiveTime>> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => NaiveTime::parse_from_str(v, "%H:%M")
                .map(Some)
                .map_err(|_| AppError::invalid(field, "Write the time as HH:MM, like 08:00.")),
        }
    };
    let (from, until) = (
        time("staffed_from", &request.staffed_from)?,
        time("staffed_until", &request.staffed_until)?,
    );
    match (from, until) {
        (Some(_), None) => {
            return Err(AppError::invalid(
                "staffed_until",
                "Give when the staffed hours end too.",
            ))
        }
        (None, Some(_)) => {
            return Err(AppError::invalid(
                "staffed_from",
                "Give when the staffed hours begin too.",
            ))
        }
        (Some(f), Some(u)) if f >= u => {
            return Err(AppError::invalid(
                "staffed_until",
                "The staffed hours must end after they begin.",
            ))
        }
        _ => {}
    }
    if request.subscribers.len() > MAX_SUBSCRIBERS {
        return Err(AppError::invalid(
            "subscribers",
            format!("At most {MAX_SUBSCRIBERS} people per venue."),
        ));
    }
    let mut subscribers = Vec::with_capacity(request.subscribers.len());
    let mut seen = Vec::new();
    for (i, s) in request.subscribers.iter().enumerate() {
        let field = |name: &str| format!("subscribers[{i}].{name}");
        let name = s.name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(AppError::invalid(
                &field("name"),
                "Name who it is (at most 100 characters).",
            ));
        }
        let email =
            Email::parse(&s.email).map_err(|e| AppError::invalid(&field("email"), e.message))?;
        let key = email.as_str().to_lowercase();
        if seen.contains(&key) {
            return Err(AppError::invalid(
                &field("email"),
                "This address is already on the list.",
            ));
        }
        seen.push(key);
        if !(s.closures || s.after_hours || s.daily_summary) {
            return Err(AppError::invalid(
                &field("closures"),
                "Choose at least one thing to tell them of.",
            ));
        }
        subscribers.push(shared::operator::Subscriber {
            name: name.to_string(),
            email: email.as_str().to_string(),
            ..s.clone()
        });
    }
    Ok(VenueNotices {
        staffed_from: from.map(|t| t.format("%H:%M").to_string()),
        staffed_until: until.map(|t| t.format("%H:%M").to_string()),
        subscribers,
    })
}
