//! A venue's opening hours, read and changed by its operators (issue 15,
//! item 2): the weekly hours and the exceptions ahead (special hours,
//! closed days), with a preview of a day's slots before saving, instead of
//! SQL. Like the rules, `GET` answers an `ETag` that `PUT` needs back in
//! `If-Match`, so a colleague's change made meanwhile is not overwritten.
//!
//! New hours may not strand a booking: one that lies outside them refuses
//! the change (409 `/problems/booked-time`; closing the court cancels and
//! refunds instead). Hours added free their slots, and watchers of those
//! courts are offered them, as when a closure is lifted.

use axum::{
    extract::State,
    http::HeaderMap,
    response::Response,
    routing::{get, post},
    Json, Router,
};
use chrono::{DateTime, Duration, Utc};
use shared::operator::{CourtDay, HoursPreview, Role, VenueHours};

use super::{closures::store as closure_store, if_match, with_etag, Operating};
use crate::{
    availability::{grid, hours::Schedule, VenueAvailability},
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath},
    venues::{hours, store as venue_store},
    AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/venues/{venue_id}/hours", get(read).put(replace))
        .route("/operator/venues/{venue_id}/hours/preview", post(preview))
}

fn etag(venue_id: i64, version: i64) -> String {
    format!("\"h{venue_id}-{version}\"")
}

/// The hours as stored, as the operator edits them, and their version.
async fn current(state: &AppState, venue: &VenueAvailability) -> AppResult<(VenueHours, i64)> {
    let venue_id = venue.venue.id;
    let version = venue_store::hours_version(&state.db, venue_id)
        .await?
        .ok_or(AppError::NotFound("venue"))?;
    let today = grid::local_date(venue.schedule.tz, venue.now);
    let exceptions = venue_store::exception_rows(&state.db, venue_id, today).await?;
    Ok((
        hours::to_set(&venue.schedule.weekly, &exceptions, today),
        version,
    ))
}

/// The venue's opening hours, with an `ETag` to send back when saving.
#[utoipa::path(get, path = "/api/v1/operator/venues/{venue_id}/hours", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id")),
    responses(
        (status = 200, description = "The weekly hours and the exceptions not yet over", body = VenueHours,
            headers(("ETag" = String, description = "This version of the hours; send it in `If-Match` to change them"))),
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
    let venue = VenueAvailability::load(&state.db, venue_id).await?;
    let (set, version) = current(&state, &venue).await?;
    with_etag(set, &etag(venue_id, version))
}

/// The slots of `schedule` from `now` on, up to the venue's horizon, per
/// court, as (court, starts_at, ends_at).
fn slots_ahead(venue: &VenueAvailability, schedule: &Schedule) -> Vec<(i64, i64, i64)> {
    let now = venue.now;
    let until = now + Duration::days(venue.rules.max_days_ahead + 1);
    let (first, last) = (
        grid::local_date(schedule.tz, now),
        grid::local_date(schedule.tz, until),
    );
    let mut out = Vec::new();
    for court in &venue.courts {
        let mut date = first;
        while date <= last {
            for s in schedule.day_slots(date, court.slot_rule()) {
                if s.starts_at > now && s.starts_at < until {
                    out.push((court.id, s.starts_at.timestamp(), s.ends_at.timestamp()));
                }
            }
            date = date.succ_opt().unwrap_or(last + Duration::days(1));
        }
    }
    out
}

/// Whether `schedule` still has the slot a booking holds.
fn covers(venue: &VenueAvailability, schedule: &Schedule, booking: (i64, i64, i64)) -> bool {
    let (court_id, starts_at, ends_at) = booking;
    let Some(court) = venue.courts.iter().find(|c| c.id == court_id) else {
        return true;
    };
    let Some(start) = DateTime::<Utc>::from_timestamp(starts_at, 0) else {
        return true;
    };
    schedule
        .day_slots(grid::local_date(schedule.tz, start), court.slot_rule())
        .iter()
        .any(|s| s.starts_at.timestamp() == starts_at && s.ends_at.timestamp() == ends_at)
}

/// Replaces the venue's weekly hours and its exceptions ahead, all at once
/// or not at all (exceptions already over stay as they were).
#[utoipa::path(put, path = "/api/v1/operator/venues/{venue_id}/hours", tag = "operator",
    params(
        ("venue_id" = i64, Path, description = "Venue id"),
        ("If-Match" = String, Header, description = "The `ETag` of the hours this change was made from"),
    ),
    request_body = VenueHours,
    responses(
        (status = 200, description = "Saved; the hours as they now are", body = VenueHours,
            headers(("ETag" = String, description = "The new version of the hours"))),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this venue's organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Bookings lie outside the new hours (`/problems/booked-time`): close the court instead; nothing written", body = shared::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed meanwhile (`/problems/changed-meanwhile`); nothing written", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named in `field`, e.g. `weekly[2].closes`): not HH:MM, not on a court's slot grid, an exception over or sharing a date with another; nothing written", body = shared::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match` (`/problems/if-match-required`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn replace(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(set): ApiJson<VenueHours>,
) -> AppResult<Response> {
    operating
        .at_venue(&state.db, venue_id, Role::Operator)
        .await?;
    let if_match = if_match(&headers)?;
    let changed_meanwhile = || {
        AppError::ChangedMeanwhile(
            "Someone changed these opening hours after you opened them. Reload to see their change, then make yours again."
                .to_string(),
        )
    };
    let venue = VenueAvailability::load(&state.db, venue_id).await?;
    let (_, version) = current(&state, &venue).await?;
    if if_match != etag(venue_id, version) {
        return Err(changed_meanwhile());
    }
    let tz = venue.schedule.tz;
    let today = grid::local_date(tz, venue.now);
    let checked = hours::check(&set, &venue.courts, today)?;
    let schedule = checked.schedule(tz);
    // What opens that was closed: offered to watchers once saved.
    let before: std::collections::HashSet<(i64, i64, i64)> =
        slots_ahead(&venue, &venue.schedule).into_iter().collect();
    let opened: Vec<closure_store::Freed> = slots_ahead(&venue, &schedule)
        .into_iter()
        .filter(|s| !before.contains(s))
        .map(|(court_id, starts_at, ends_at)| closure_store::Freed {
            court_id,
            starts_at,
            ends_at,
        })
        .collect();

    let now = venue.now.timestamp();
    let mut tx = state.db.begin_write().await?;
    // Holds take this lock's shared side: no booking lands in between the
    // check below and the write.
    closure_store::lock_venue(&mut tx, venue_id).await?;
    let stranded = crate::bookings::store::upcoming_at_venue_in(&mut tx, venue_id, now)
        .await?
        .into_iter()
        .filter(|b| !covers(&venue, &schedule, *b))
        .count();
    if stranded > 0 {
        return Err(AppError::Conflict {
            kind: "booked-time",
            message: format!(
                "{stranded} booking(s) lie outside the new hours. Close the court for that time instead (that cancels and refunds them), or keep the hours there."
            ),
        });
    }
    let Some(new_version) =
        venue_store::replace_hours_in(&mut tx, venue_id, &checked, today, version).await?
    else {
        return Err(changed_meanwhile());
    };
    let freed = closure_store::free_in(&mut tx, &opened, "hours", now).await?;
    super::audit::record_at_venue_in(
        &mut tx,
        super::audit::VenueChange {
            actor_id: Some(operating.account_id),
            action: "hours.changed",
            venue_id,
            subject: None,
            detail: serde_json::json!({ "version": new_version, "freed_slots": freed }),
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    if freed > 0 {
        crate::wake::OFFERS.ring();
    }
    tracing::info!(venue = venue_id, version = new_version, freed, by = %operating.account_id, "opening hours changed");
    let saved = VenueAvailability::load(&state.db, venue_id).await?;
    let (set, version) = current(&state, &saved).await?;
    with_etag(set, &etag(venue_id, version))
}

/// The slots each court would have on `date` under draft hours, before
/// saving them. Nothing is written.
#[utoipa::path(post, path = "/api/v1/operator/venues/{venue_id}/hours/preview", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id")),
    request_body = HoursPreview,
    responses(
        (status = 200, description = "Each court's slot starts that day, on the venue's clock", body = [CourtDay]),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this venue's organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The draft has an invalid field (named in `field`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn preview(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
    ApiJson(request): ApiJson<HoursPreview>,
) -> AppResult<Json<Vec<CourtDay>>> {
    operating
        .at_venue(&state.db, venue_id, Role::Operator)
        .await?;
    let venue = VenueAvailability::load(&state.db, venue_id).await?;
    let tz = venue.schedule.tz;
    let today = grid::local_date(tz, venue.now);
    let schedule = hours::check(&request.hours, &venue.courts, today)?.schedule(tz);
    Ok(Json(
        venue
            .courts
            .iter()
            .map(|c| court_day(&schedule, c.id, &c.name, c.slot_rule(), request.date))
            .collect(),
    ))
}

/// One court's slot starts (`HH:MM` on the venue's clock) on `date` under
/// `schedule`: what both previews (hours, and the venue's courts) answer.
pub(super) fn court_day(
    schedule: &Schedule,
    court_id: i64,
    court_name: &str,
    rule: grid::SlotRule,
    date: chrono::NaiveDate,
) -> CourtDay {
    CourtDay {
        court_id,
        court_name: court_name.to_string(),
        starts: schedule
            .day_slots(date, rule)
            .iter()
            .map(|s| {
                s.starts_at
                    .with_timezone(&schedule.tz)
                    .format("%H:%M")
                    .to_string()
            })
            .collect(),
    }
}
