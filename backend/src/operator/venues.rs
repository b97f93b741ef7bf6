//! Venues and courts, made and changed by their operators (issue 15, item
//! 2): name, address, position, description and contact, and each court's
//! sport, surface, indoor, lights, slot grid and price, instead of SQL.
//! Like the rules and hours, `GET` answers an `ETag` that `PUT` needs back
//! in `If-Match`: the venue and its courts are one document, so a
//! colleague's change to either made meanwhile is not overwritten.
//!
//! A court's new slot grid may not strand a booking (409
//! `/problems/booked-time`; close the court for that time instead), and
//! every court must fill the venue's openings with whole slots. A price
//! change applies to bookings made after it, as for the rules. The open
//! data and the map pick the change up from the register.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use chrono::{DateTime, Utc};
use shared::operator::{CourtDay, CourtSetup, Role, VenueCreated, VenuePreview, VenueSetup};

use super::{closures::store as closure_store, if_match, with_etag, Operating};
use crate::{
    availability::{
        grid,
        hours::{Schedule, WeeklyHours},
        VenueAvailability,
    },
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath},
    venues::{
        setup::{self, CheckedCourt},
        store as venue_store,
    },
    AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/venues/{venue_id}", get(read).put(replace))
        .route("/operator/venues/{venue_id}/preview", post(preview))
        .route(
            "/operator/organisations/{organisation_id}/venues",
            post(create),
        )
}

fn etag(venue_id: i64, version: i64) -> String {
    format!("\"s{venue_id}-{version}\"")
}

/// The venue and its courts as stored, and their version.
async fn current(state: &AppState, venue_id: i64) -> AppResult<(VenueSetup, i64)> {
    let row = venue_store::setup_row(&state.db, venue_id)
        .await?
        .ok_or(AppError::NotFound("venue"))?;
    let courts = venue_store::courts_of(&state.db, venue_id).await?;
    let setup = VenueSetup {
        name: row.name,
        address: row.address,
        city: row.city,
        lat: row.lat,
        lon: row.lon,
        description: row.description,
        contact_email: row.contact_email,
        contact_phone: row.contact_phone,
        courts: courts
            .into_iter()
            .map(|c| CourtSetup {
                id: Some(c.id),
                name: c.name,
                sport: c.sport,
                surface: c.surface,
                indoor: c.indoor,
                lights: c.lights,
                slot_minutes: u32::try_from(c.slot_minutes).unwrap_or(60),
                slot_offset_minutes: u32::try_from(c.slot_offset_minutes).unwrap_or(0),
                price_minor: c.price_minor,
            })
            .collect(),
    };
    Ok((setup, row.setup_version))
}

/// The venue and its courts, with an `ETag` to send back when saving.
#[utoipa::path(get, path = "/api/v1/operator/venues/{venue_id}", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id")),
    responses(
        (status = 200, description = "The venue and every court of it", body = VenueSetup,
            headers(("ETag" = String, description = "This version of the venue and its courts; send it in `If-Match` to change them"))),
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
    let (setup, version) = current(&state, venue_id).await?;
    with_etag(setup, &etag(venue_id, version))
}

/// The schedule's openings from `today` on (past exceptions do not bind a
/// court's new grid).
fn ahead(schedule: &Schedule, today: chrono::NaiveDate) -> Schedule {
    Schedule {
        tz: schedule.tz,
        weekly: schedule.weekly.clone(),
        exceptions: schedule
            .exceptions
            .iter()
            .filter(|e| e.to >= today)
            .cloned()
            .collect(),
    }
}

/// How many of the bookings ahead a court's new slot grid would strand.
fn stranded(
    venue: &VenueAvailability,
    courts: &[CheckedCourt],
    bookings: &[(i64, i64, i64)],
) -> usize {
    bookings
        .iter()
        .filter(|(court_id, starts_at, ends_at)| {
            let Some(court) = courts.iter().find(|c| c.id == Some(*court_id)) else {
                return false;
            };
            let Some(start) = DateTime::<Utc>::from_timestamp(*starts_at, 0) else {
                return false;
            };
            let schedule = &venue.schedule;
            !schedule
                .day_slots(grid::local_date(schedule.tz, start), court.slot_rule())
                .iter()
                .any(|s| s.starts_at.timestamp() == *starts_at && s.ends_at.timestamp() == *ends_at)
        })
        .count()
}

/// Replaces the venue's own fields and its courts', adding courts listed
/// without an id; all at once or not at all.
#[utoipa::path(put, path = "/api/v1/operator/venues/{venue_id}", tag = "operator",
    params(
        ("venue_id" = i64, Path, description = "Venue id"),
        ("If-Match" = String, Header, description = "The `ETag` of the venue this change was made from"),
    ),
    request_body = VenueSetup,
    responses(
        (status = 200, description = "Saved; the venue and its courts as they now are", body = VenueSetup,
            headers(("ETag" = String, description = "The new version of the venue"))),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this venue's organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A court's new slot grid would leave bookings off it (`/problems/booked-time`); nothing written", body = shared::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed meanwhile (`/problems/changed-meanwhile`); nothing written", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named in `field`, e.g. `courts[1].slot_minutes`): empty, outside Sweden, not one of the sports or surfaces, a negative price, slots that do not fill the opening, a court left out; nothing written", body = shared::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match` (`/problems/if-match-required`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn replace(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(setup): ApiJson<VenueSetup>,
) -> AppResult<Response> {
    operating
        .at_venue(&state.db, venue_id, Role::Operator)
        .await?;
    let if_match = if_match(&headers)?;
    let changed_meanwhile = || {
        AppError::ChangedMeanwhile(
            "Someone changed this venue after you opened it. Reload to see their change, then make yours again."
                .to_string(),
        )
    };
    let (_, version) = current(&state, venue_id).await?;
    if if_match != etag(venue_id, version) {
        return Err(changed_meanwhile());
    }
    let venue = VenueAvailability::load(&state.db, venue_id).await?;
    let today = grid::local_date(venue.schedule.tz, venue.now);
    let checked = setup::check(&setup, &venue.courts, &ahead(&venue.schedule, today))?;

    let now = venue.now.timestamp();
    let mut tx = state.db.begin_write().await?;
    // Holds take this lock's shared side: no booking lands on the old grid
    // between the check below and the write.
    closure_store::lock_venue(&mut tx, venue_id).await?;
    let bookings = crate::bookings::store::upcoming_at_venue_in(&mut tx, venue_id, now).await?;
    let stranded = stranded(&venue, &checked.courts, &bookings);
    if stranded > 0 {
        return Err(AppError::Conflict {
            kind: "booked-time",
            message: format!(
                "{stranded} booking(s) would no longer fit the new slot length or offset. Keep the court's slots as they are until those bookings are played, or close the court for that time (that cancels and refunds them)."
            ),
        });
    }
    let Some((new_version, added)) =
        venue_store::replace_setup_in(&mut tx, venue_id, &checked, version).await?
    else {
        return Err(changed_meanwhile());
    };
    super::audit::record_at_venue_in(
        &mut tx,
        super::audit::VenueChange {
            actor_id: Some(operating.account_id),
            action: "venue.changed",
            venue_id,
            subject: Some(checked.name.clone()),
            detail: serde_json::json!({ "version": new_version, "courts_added": added }),
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(venue = venue_id, version = new_version, courts_added = added.len(), by = %operating.account_id, "venue changed");
    let (setup, version) = current(&state, venue_id).await?;
    with_etag(setup, &etag(venue_id, version))
}

/// Makes a venue of the organisation with its courts. It has no opening
/// hours until they are given (`PUT …/hours`), so nothing is bookable yet.
#[utoipa::path(post, path = "/api/v1/operator/organisations/{organisation_id}/venues", tag = "operator",
    params(("organisation_id" = i64, Path, description = "Organisation id")),
    request_body = VenueSetup,
    responses(
        (status = 201, description = "Made; the venue as stored", body = VenueCreated,
            headers(
                ("Location" = String, description = "The new venue's operator resource"),
                ("ETag" = String, description = "Its first version"),
            )),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named in `field`); nothing written", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(organisation_id): ApiPath<i64>,
    ApiJson(setup): ApiJson<VenueSetup>,
) -> AppResult<Response> {
    let organisation = operating
        .in_organisation(organisation_id, Role::Operator)?
        .to_string();
    let no_hours = Schedule {
        tz: chrono_tz::Europe::Stockholm,
        weekly: WeeklyHours::default(),
        exceptions: Vec::new(),
    };
    let checked = setup::check(&setup, &[], &no_hours)?;
    let now = Utc::now().timestamp();
    let mut tx = state.db.begin_write().await?;
    let venue_id =
        venue_store::create_venue_in(&mut tx, organisation_id, &organisation, &checked).await?;
    let entry = super::audit::Entry {
        organisation_id,
        actor_id: Some(operating.account_id),
        action: "venue.created",
        venue_id: Some(venue_id),
        subject: Some(checked.name.clone()),
        detail: serde_json::json!({ "courts": checked.courts.len() }),
        at: now,
    };
    super::audit::record_in(&mut tx, &entry).await?;
    tx.commit().await?;
    tracing::info!(venue = venue_id, organisation = organisation_id, by = %operating.account_id, "venue created");
    let (setup, version) = current(&state, venue_id).await?;
    let mut response = with_etag(
        VenueCreated {
            id: venue_id,
            setup,
        },
        &etag(venue_id, version),
    )?;
    *response.status_mut() = StatusCode::CREATED;
    let location =
        axum::http::HeaderValue::from_str(&format!("/api/v1/operator/venues/{venue_id}"))
            .map_err(|e| AppError::Internal(e.into()))?;
    response
        .headers_mut()
        .insert(axum::http::header::LOCATION, location);
    Ok(response.into_response())
}

/// The slots each court would have on `date` under the draft's slot
/// lengths and offsets and the venue's opening hours, before saving (a new
/// court's `court_id` is 0). Checked as a save would be; nothing is written.
#[utoipa::path(post, path = "/api/v1/operator/venues/{venue_id}/preview", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id")),
    request_body = VenuePreview,
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
    ApiJson(request): ApiJson<VenuePreview>,
) -> AppResult<Json<Vec<CourtDay>>> {
    operating
        .at_venue(&state.db, venue_id, Role::Operator)
        .await?;
    let venue = VenueAvailability::load(&state.db, venue_id).await?;
    let tz = venue.schedule.tz;
    let today = grid::local_date(tz, venue.now);
    let checked = setup::check(
        &request.setup,
        &venue.courts,
        &ahead(&venue.schedule, today),
    )?;
    Ok(Json(
        checked
            .courts
            .iter()
            .map(|c| {
                let id = c.id.unwrap_or(0);
                super::hours::court_day(&venue.schedule, id, &c.name, c.slot_rule(), request.date)
            })
            .collect(),
    ))
}
