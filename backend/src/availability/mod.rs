//! Availability: a court's slot grid for a day, and which slots are free.
//! (Who holds a taken slot is never part of any answer here.)

pub mod grid;

use axum::{extract::State, routing::get, Json, Router};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use shared::{CourtSlots, DaySlots, Slot, SlotStatus};

use crate::{
    bookings,
    error::{AppError, AppResult},
    extract::{ApiPath, ApiQuery},
    venues::store::{self as venues, CourtRow, HoursRow, VenueRow},
    AppState,
};
use grid::{DayHours, GridSlot};

/// How far from today a day view may be asked for.
const MAX_DAYS_FROM_TODAY: i64 = 366;

pub fn router() -> Router<AppState> {
    Router::new().route("/venues/{id}/slots", get(venue_slots))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SlotsQuery {
    /// Local date at the venue, `YYYY-MM-DD`; today when left out.
    pub date: Option<String>,
}

/// Every court's slots at a venue on one local date: free, taken or past.
#[utoipa::path(get, path = "/api/v1/venues/{id}/slots", tag = "availability",
    params(("id" = i64, Path, description = "Venue id"), SlotsQuery),
    responses(
        (status = 200, description = "The day's slots per court", body = DaySlots),
        (status = 404, description = "No such venue", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad date", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn venue_slots(
    State(state): State<AppState>,
    ApiPath(venue_id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<SlotsQuery>,
) -> AppResult<Json<DaySlots>> {
    let venue = venues::venue(&state.db, venue_id)
        .await?
        .ok_or(AppError::NotFound("venue"))?;
    let tz = venue_tz(&venue)?;
    let now = Utc::now();
    let today = grid::local_date(tz, now);
    let date = match query.date.as_deref() {
        None | Some("") => today,
        Some(raw) => parse_date(raw)?,
    };
    if (date - today).num_days().abs() > MAX_DAYS_FROM_TODAY {
        return Err(AppError::invalid(
            "date",
            "Pick a date within a year of today.",
        ));
    }
    let courts = venues::courts_of(&state.db, venue_id).await?;
    let hours = hours_on(&venues::opening_hours(&state.db, venue_id).await?, date);
    let (day_start, day_end) = grid::day_bounds(tz, date)
        .ok_or_else(|| AppError::invalid("date", "Date out of range."))?;
    let taken =
        bookings::store::active_intervals_at_venue(&state.db, venue_id, day_start, day_end, now)
            .await?;

    let courts = courts
        .iter()
        .map(|court| {
            let slots = court_grid(tz, date, hours, court)
                .into_iter()
                .map(|slot| {
                    let is_taken = taken.iter().any(|t| {
                        t.court_id == court.id
                            && t.starts_at < slot.ends_at.timestamp()
                            && slot.starts_at.timestamp() < t.ends_at
                    });
                    let status = if slot.starts_at <= now {
                        SlotStatus::Past
                    } else if is_taken {
                        SlotStatus::Taken
                    } else {
                        SlotStatus::Free
                    };
                    Slot {
                        starts_at: slot.starts_at,
                        ends_at: slot.ends_at,
                        local_start: grid::local_hm(tz, slot.starts_at),
                        local_end: grid::local_hm(tz, slot.ends_at),
                        status,
                        price: court.price(),
                    }
                })
                .collect();
            CourtSlots {
                court_id: court.id,
                court_name: court.name.clone(),
                slots,
            }
        })
        .collect();
    Ok(Json(DaySlots {
        venue_id,
        date,
        timezone: venue.timezone,
        courts,
    }))
}

/// The venue's zone. A bad zone in the data is our fault, not the client's.
pub fn venue_tz(venue: &VenueRow) -> AppResult<Tz> {
    venue.timezone.parse::<Tz>().map_err(|_| {
        AppError::Internal(anyhow::anyhow!(
            "venue {} has unknown time zone {:?}",
            venue.id,
            venue.timezone
        ))
    })
}

fn parse_date(raw: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| {
        AppError::invalid(
            "date",
            format!("{raw:?} is not a date; use YYYY-MM-DD, e.g. 2026-06-01."),
        )
    })
}

/// The opening hours that apply on `date`, if the venue opens at all.
pub fn hours_on(hours: &[HoursRow], date: NaiveDate) -> Option<DayHours> {
    let weekday = i64::from(grid::iso_weekday(date));
    hours
        .iter()
        .find(|h| h.weekday == weekday)
        .map(|h| DayHours {
            opens_min: h.opens_min.clamp(0, 1440) as u32,
            closes_min: h.closes_min.clamp(0, 1440) as u32,
        })
}

fn court_grid(tz: Tz, date: NaiveDate, hours: Option<DayHours>, court: &CourtRow) -> Vec<GridSlot> {
    match hours {
        Some(hours) => grid::day_grid(
            tz,
            date,
            hours,
            u32::try_from(court.slot_minutes).unwrap_or(60),
        ),
        None => Vec::new(),
    }
}

/// A court, its venue and the grid slot that starts at `starts_at`.
pub struct BookableSlot {
    pub court: CourtRow,
    pub venue: VenueRow,
    pub tz: Tz,
    pub slot: GridSlot,
}

/// Finds the slot of `court_id`'s grid that starts exactly at `starts_at`.
/// Errors name the field the player (or client) got wrong.
pub async fn bookable_slot(
    state: &AppState,
    court_id: i64,
    starts_at: DateTime<Utc>,
) -> AppResult<BookableSlot> {
    let court = venues::court(&state.db, court_id)
        .await?
        .ok_or_else(|| AppError::invalid("court_id", "There is no such court."))?;
    let venue = venues::venue(&state.db, court.venue_id)
        .await?
        .ok_or(AppError::NotFound("venue"))?;
    let tz = venue_tz(&venue)?;
    let date = grid::local_date(tz, starts_at);
    let hours = hours_on(&venues::opening_hours(&state.db, venue.id).await?, date);
    let slot = court_grid(tz, date, hours, &court)
        .into_iter()
        .find(|slot| slot.starts_at == starts_at)
        .ok_or_else(|| {
            AppError::invalid(
                "starts_at",
                "That time is not the start of a bookable slot on this court.",
            )
        })?;
    Ok(BookableSlot {
        court,
        venue,
        tz,
        slot,
    })
}
