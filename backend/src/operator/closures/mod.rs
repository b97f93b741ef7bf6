//! Closures (issue 15, item 3): venue staff and operators close a court, or
//! a whole venue, for a time range with a reason (snow, rain, maintenance,
//! an event). The bookings under it are cancelled and refunded in full —
//! the venue's doing, not the player's — their door credentials revoked,
//! and their players told by mail and push in their language: the closure,
//! the cancellations, the refunds and the queued notices are one
//! transaction (`store::close`), and the mail and push workers deliver
//! what it queued, so neither a dropped request nor a crash leaves a
//! closure half done. Stripe refunds are carried out after the commit and
//! retried by the reconciliation job until Stripe has them.
//!
//! While closed, the slots read `closed` and nobody can hold them.
//! Reopening frees them and writes a freed-slot event for each, so the
//! court's watchers are offered them (docs/WATCHES.md).

pub mod notice;
pub mod store;

use axum::{
    extract::State,
    http::StatusCode,
    routing::{get, post},
    Json, Router,
};
use chrono::{DateTime, Duration, Utc};
use shared::operator::{Closure, ClosureKind, ClosureReason, NewClosure, Role};
use uuid::Uuid;

use super::{at, Operating};
use crate::{
    availability::{self, grid, VenueAvailability},
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath},
    payments::{refund, Provider},
    venues, AppState,
};
pub use store::hold_off;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/operator/venues/{venue_id}/closures",
            get(list).post(create),
        )
        .route(
            "/operator/venues/{venue_id}/closures/{closure_id}/reopen",
            post(reopen),
        )
}

/// The longest closure in one go; a longer one is almost surely a typo.
const MAX_DAYS: i64 = 366;
/// A closure may start this far back (the form took a while): it counts
/// from now.
const GRACE_MINUTES: i64 = 15;
/// How far back the list reaches for closures that have ended.
const LIST_DAYS_BACK: i64 = 30;

fn to_api(row: store::ClosureRow) -> Closure {
    Closure {
        id: row.id,
        kind: ClosureKind::parse(&row.kind).unwrap_or_default(),
        venue_id: row.venue_id,
        court_id: row.court_id,
        starts_at: at(row.starts_at),
        ends_at: at(row.ends_at),
        reason: ClosureReason::parse(&row.reason).unwrap_or(ClosureReason::Other),
        note: row.note,
        created_at: at(row.created_at),
        reopened_at: row.reopened_at.map(at),
        cancelled_bookings: u32::try_from(row.cancelled).unwrap_or(u32::MAX),
    }
}

/// A closure as asked for, checked: the time range, the court, the note.
struct Checked {
    court_id: Option<i64>,
    starts_at: i64,
    ends_at: i64,
    note: Option<String>,
}

fn check(
    request: &NewClosure,
    courts: &[venues::store::CourtRow],
    now: DateTime<Utc>,
) -> AppResult<Checked> {
    if let Some(court) = request.court_id {
        if !courts.iter().any(|c| c.id == court) {
            return Err(AppError::invalid(
                "court_id",
                "This venue has no such court.",
            ));
        }
    }
    if request.ends_at <= request.starts_at {
        return Err(AppError::invalid(
            "ends_at",
            "The closure must end after it starts.",
        ));
    }
    if request.ends_at <= now {
        return Err(AppError::invalid(
            "ends_at",
            "This closure would already be over; pick a time range that has not passed.",
        ));
    }
    if request.starts_at < now - Duration::minutes(GRACE_MINUTES) {
        return Err(AppError::invalid(
            "starts_at",
            "A closure cannot start in the past; start it now or later.",
        ));
    }
    if request.ends_at - request.starts_at > Duration::days(MAX_DAYS) {
        return Err(AppError::invalid(
            "ends_at",
            "Close for at most a year at a time.",
        ));
    }
    let note = request
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > 500) {
        return Err(AppError::invalid(
            "note",
            "Keep the note to the players under 500 characters.",
        ));
    }
    Ok(Checked {
        court_id: request.court_id,
        starts_at: request.starts_at.max(now).timestamp(),
        ends_at: request.ends_at.timestamp(),
        note: note.map(str::to_string),
    })
}

/// The venue's closures that have not ended, and those of the last 30 days.
#[utoipa::path(get, path = "/api/v1/operator/venues/{venue_id}/closures", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id")),
    responses(
        (status = 200, description = "Closures, soonest first", body = [Closure]),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this venue, nor an operator of its organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
) -> AppResult<Json<Vec<Closure>>> {
    operating.at_venue(&state.db, venue_id, Role::Staff).await?;
    let since = (Utc::now() - Duration::days(LIST_DAYS_BACK)).timestamp();
    let rows = store::for_venue(&state.db, venue_id, since).await?;
    Ok(Json(rows.into_iter().map(to_api).collect()))
}

/// Closes a court (or, without `court_id`, the whole venue) for a time
/// range. Every booking under it that has not started is cancelled and
/// refunded in full, its door credentials revoked, and its player told by
/// mail and push, in the same transaction as the closure. With `"kind":
/// "block"` it reserves the time instead (club training, an event): no
/// payment, nothing cancelled, and refused where bookings lie.
#[utoipa::path(post, path = "/api/v1/operator/venues/{venue_id}/closures", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id")),
    request_body = NewClosure,
    responses(
        (status = 201, description = "Closed; `cancelled_bookings` says how many bookings it cancelled", body = Closure),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this venue, nor an operator of its organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A block over bookings (`/problems/booked-time`): nothing written", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named in `field`): the end before the start, a range already over or starting in the past, longer than a year, a court of another venue, a note over 500 characters", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Provider(provider): Provider,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
    ApiJson(request): ApiJson<NewClosure>,
) -> AppResult<(StatusCode, Json<Closure>)> {
    operating.at_venue(&state.db, venue_id, Role::Staff).await?;
    let venue = venues::store::venue(&state.db, venue_id)
        .await?
        .ok_or(AppError::NotFound("venue"))?;
    let tz = availability::venue_tz(&venue)?;
    let courts = venues::store::courts_of(&state.db, venue_id).await?;
    let now = Utc::now();
    let checked = check(&request, &courts, now)?;
    let id = Uuid::new_v4();
    let public_url = state.accounts.public_url.as_str().trim_end_matches('/');
    let cx = notice::Context {
        venue_name: &venue.name,
        tz,
        reason: request.reason,
        note: checked.note.as_deref(),
        public_url,
    };
    let cancelled = store::close(
        &state.db,
        &store::NewClosure {
            id,
            kind: request.kind.as_str(),
            venue_id,
            court_id: checked.court_id,
            starts_at: checked.starts_at,
            ends_at: checked.ends_at,
            reason: request.reason.as_str(),
            note: checked.note.as_deref(),
            created_by: operating.account_id,
            now: now.timestamp(),
        },
        |b| notice::for_booking(&cx, b),
    )
    .await?;
    let cancelled = match cancelled {
        store::Closed::Done(cancelled) => cancelled,
        store::Closed::Booked(n) => {
            return Err(AppError::conflict(
                "booked-time",
                format!(
                    "{n} booking(s) lie in this time: a block cancels nothing. Pick another time, \
                     or close the court instead (that cancels and refunds them)."
                ),
            ))
        }
    };
    crate::wake::MAIL.ring();
    crate::wake::STAFF.ring();
    crate::wake::PUSHES.ring();
    tracing::info!(closure = %id, kind = request.kind.as_str(), venue = venue_id, cancelled = cancelled.len(), reason = request.reason.as_str(), "closed");
    // Stripe's refunds after the commit, on a task of their own (a client
    // that goes away cannot stop them); the reconciliation job retries any
    // Stripe could not take now. Demo refunds were recorded with the commit.
    let stripe: Vec<Uuid> = cancelled
        .iter()
        .filter(|b| b.stripe_paid > 0 && b.paid())
        .map(|b| b.id)
        .collect();
    if !stripe.is_empty() {
        let db = state.db.clone();
        tokio::spawn(async move {
            for booking in stripe {
                if let Err(error) = refund::carry_out(&db, &provider, booking).await {
                    tracing::warn!(%error, %booking, "a closure's refund failed; the reconciliation job retries it");
                }
            }
        });
    }
    let row = store::get(&state.db, venue_id, id)
        .await?
        .ok_or(AppError::NotFound("closure"))?;
    Ok((StatusCode::CREATED, Json(to_api(row))))
}

/// Lifts a closure: its slots that have not started are bookable again, and
/// each free one is announced to the court's watchers. Lifting it again
/// changes nothing.
#[utoipa::path(post, path = "/api/v1/operator/venues/{venue_id}/closures/{closure_id}/reopen", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id"), ("closure_id" = Uuid, Path, description = "Closure id")),
    responses(
        (status = 200, description = "Reopened (`reopened_at` set)", body = Closure),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this venue, nor an operator of its organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations, or no such closure at it", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn reopen(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath((venue_id, closure_id)): ApiPath<(i64, Uuid)>,
) -> AppResult<Json<Closure>> {
    operating.at_venue(&state.db, venue_id, Role::Staff).await?;
    let closure = store::get(&state.db, venue_id, closure_id)
        .await?
        .ok_or(AppError::NotFound("closure"))?;
    if closure.reopened_at.is_none() {
        let now = Utc::now();
        let venue = VenueAvailability::load(&state.db, venue_id).await?;
        let slots = freed_slots(&venue, &closure, now);
        let freed = store::reopen(
            &state.db,
            venue_id,
            closure_id,
            operating.account_id,
            &slots,
            now.timestamp(),
        )
        .await?;
        if let Some(freed) = freed {
            crate::wake::OFFERS.ring();
            tracing::info!(closure = %closure_id, venue = venue_id, freed, "reopened");
        }
    }
    let row = store::get(&state.db, venue_id, closure_id)
        .await?
        .ok_or(AppError::NotFound("closure"))?;
    Ok(Json(to_api(row)))
}

/// The grid slots under the closure that have not started, up to the
/// venue's booking horizon (no one can book further ahead).
fn freed_slots(
    venue: &VenueAvailability,
    closure: &store::ClosureRow,
    now: DateTime<Utc>,
) -> Vec<store::Freed> {
    let tz = venue.schedule.tz;
    let from = at(closure.starts_at).max(now);
    let until = at(closure.ends_at).min(now + Duration::days(venue.rules.max_days_ahead + 1));
    let mut slots = Vec::new();
    if from >= until {
        return slots;
    }
    let (first, last) = (grid::local_date(tz, from), grid::local_date(tz, until));
    for court in venue
        .courts
        .iter()
        .filter(|c| closure.court_id.is_none_or(|id| id == c.id))
    {
        let mut date = first;
        while date <= last {
            for s in venue.schedule.day_slots(date, court.slot_rule()) {
                if s.starts_at > now && s.starts_at < until && s.ends_at > from {
                    slots.push(store::Freed {
                        court_id: court.id,
                        starts_at: s.starts_at.timestamp(),
                        ends_at: s.ends_at.timestamp(),
                    });
                }
            }
            date = date.succ_opt().unwrap_or(last + Duration::days(1));
        }
    }
    slots
}
