//! Availability: from weekly hours, exceptions, each court's slot grid and
//! the bookings, which slots are free. Who holds a taken slot is never part
//! of any answer here.

pub mod free;
pub mod grid;
pub mod hours;
#[cfg(test)]
mod proptests;

use axum::{extract::State, routing::get, Json, Router};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use shared::{CourtSlots, DaySlots, Slot, SlotStatus};

use crate::{
    bookings::{self, store::TakenInterval},
    db::Db,
    error::{AppError, AppResult},
    extract::{ApiPath, ApiQuery},
    rules::Rules,
    venues::store::{self as venues, CourtRow, VenueRow},
    AppState,
};
use grid::GridSlot;
use hours::Schedule;

/// How far from today a day view may be asked for.
const MAX_DAYS_FROM_TODAY: i64 = 366;
/// The most days one schedule request returns.
const MAX_DAYS_PER_REQUEST: u32 = 14;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/venues/{id}/slots", get(venue_slots))
        .route("/venues/{id}/schedule", get(venue_schedule))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SlotsQuery {
    /// Local date at the venue, `YYYY-MM-DD`; today when left out.
    #[param(pattern = r"^(\d{4}-\d{2}-\d{2})?$")]
    pub date: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScheduleQuery {
    /// First local date, `YYYY-MM-DD`; today when left out.
    #[param(pattern = r"^(\d{4}-\d{2}-\d{2})?$")]
    pub from: Option<String>,
    /// Number of days, 1–14 (default 7).
    #[param(minimum = 1, maximum = 14)]
    pub days: Option<u32>,
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
    let venue = VenueAvailability::load(&state.db, venue_id).await?;
    let date = venue.date_param("date", query.date.as_deref())?;
    let mut days = venue.days(&state.db, date, 1).await?;
    Ok(Json(days.remove(0)))
}

/// A week (or up to 14 days) of every court's slots: the week schedule.
#[utoipa::path(get, path = "/api/v1/venues/{id}/schedule", tag = "availability",
    params(("id" = i64, Path, description = "Venue id"), ScheduleQuery),
    responses(
        (status = 200, description = "One entry per day", body = Vec<DaySlots>),
        (status = 404, description = "No such venue", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad date or number of days", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn venue_schedule(
    State(state): State<AppState>,
    ApiPath(venue_id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<ScheduleQuery>,
) -> AppResult<Json<Vec<DaySlots>>> {
    let venue = VenueAvailability::load(&state.db, venue_id).await?;
    let from = venue.date_param("from", query.from.as_deref())?;
    let days = query.days.unwrap_or(7);
    if !(1..=MAX_DAYS_PER_REQUEST).contains(&days) {
        return Err(AppError::invalid(
            "days",
            format!("Ask for 1 to {MAX_DAYS_PER_REQUEST} days."),
        ));
    }
    Ok(Json(venue.days(&state.db, from, days).await?))
}

/// A venue with what it takes to compute its slots.
pub struct VenueAvailability {
    pub venue: VenueRow,
    pub courts: Vec<CourtRow>,
    pub schedule: Schedule,
    /// The venue's rules: slot prices come from its tariffs.
    pub rules: Rules,
    pub now: DateTime<Utc>,
}

impl VenueAvailability {
    pub async fn load(db: &Db, venue_id: i64) -> AppResult<Self> {
        let venue = venues::venue(db, venue_id)
            .await?
            .ok_or(AppError::NotFound("venue"))?;
        let tz = venue_tz(&venue)?;
        let now = Utc::now();
        let courts = venues::courts_of(db, venue_id).await?;
        let weekly = venues::weekly(&venues::opening_hours(db, venue_id).await?);
        let since = grid::local_date(tz, now) - Duration::days(MAX_DAYS_FROM_TODAY + 1);
        let exceptions = venues::exceptions(db, venue_id, since).await?;
        let rules = Rules::load(db, venue_id).await?;
        Ok(VenueAvailability {
            venue,
            courts,
            schedule: Schedule {
                tz,
                weekly,
                exceptions,
            },
            rules,
            now,
        })
    }

    fn today(&self) -> NaiveDate {
        grid::local_date(self.schedule.tz, self.now)
    }

    /// A date from the query string: today when absent, within a year of today.
    fn date_param(&self, field: &str, raw: Option<&str>) -> AppResult<NaiveDate> {
        let date = match raw {
            None | Some("") => return Ok(self.today()),
            Some(raw) => NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| {
                AppError::invalid(
                    field,
                    format!("{raw:?} is not a date; use YYYY-MM-DD, e.g. 2026-06-01."),
                )
            })?,
        };
        if (date - self.today()).num_days().abs() > MAX_DAYS_FROM_TODAY {
            return Err(AppError::invalid(
                field,
                "Pick a date within a year of today.",
            ));
        }
        Ok(date)
    }

    /// `days` consecutive day views from `from`.
    async fn days(&self, db: &Db, from: NaiveDate, days: u32) -> AppResult<Vec<DaySlots>> {
        let tz = self.schedule.tz;
        let last = from + Duration::days(i64::from(days) - 1);
        let (start, _) = grid::day_bounds(tz, from)
            .ok_or_else(|| AppError::invalid("date", "Date out of range."))?;
        let (_, end) = grid::day_bounds(tz, last)
            .ok_or_else(|| AppError::invalid("date", "Date out of range."))?;
        let taken =
            bookings::store::active_intervals_at_venue(db, self.venue.id, start, end, self.now)
                .await?;
        Ok((0..days)
            .map(|i| self.day(from + Duration::days(i64::from(i)), &taken))
            .collect())
    }

    fn day(&self, date: NaiveDate, taken: &[TakenInterval]) -> DaySlots {
        let tz = self.schedule.tz;
        let courts = self
            .courts
            .iter()
            .map(|court| {
                let slots = self
                    .schedule
                    .day_slots(date, court.slot_rule())
                    .into_iter()
                    .map(|slot| Slot {
                        starts_at: slot.starts_at,
                        ends_at: slot.ends_at,
                        local_start: grid::local_hm(tz, slot.starts_at),
                        local_end: grid::local_hm(tz, slot.ends_at),
                        status: slot_status(&slot, court.id, taken, self.now),
                        // The guest (adult) price; the quote gives the caller's own.
                        price: shared::Money {
                            amount_minor: self
                                .rules
                                .price(court, tz, slot.starts_at, shared::CustomerCategory::Adult)
                                .total_minor,
                            currency: court.currency.clone(),
                        },
                    })
                    .collect();
                CourtSlots {
                    court_id: court.id,
                    court_name: court.name.clone(),
                    slots,
                }
            })
            .collect();
        DaySlots {
            venue_id: self.venue.id,
            date,
            timezone: self.venue.timezone.clone(),
            courts,
        }
    }
}

fn slot_status(
    slot: &GridSlot,
    court_id: i64,
    taken: &[TakenInterval],
    now: DateTime<Utc>,
) -> SlotStatus {
    let closed: Vec<TakenInterval> = taken.iter().filter(|t| t.closed).cloned().collect();
    if slot.starts_at <= now {
        SlotStatus::Past
    } else if free::is_taken(slot, court_id, &closed) {
        SlotStatus::Closed
    } else if free::is_taken(slot, court_id, taken) {
        SlotStatus::Taken
    } else {
        SlotStatus::Free
    }
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

/// A court, its venue and the grid slot that starts at `starts_at`.
pub struct BookableSlot {
    pub court: CourtRow,
    pub venue: VenueRow,
    pub tz: Tz,
    pub slot: GridSlot,
    pub rules: Rules,
}

/// Finds the slot of `court_id`'s grid that starts exactly at `starts_at`.
/// Errors name the field the player (or client) got wrong.
pub async fn bookable_slot(
    state: &AppState,
    court_id: i64,
    starts_at: DateTime<Utc>,
) -> AppResult<BookableSlot> {
    bookable_slot_in(&state.db, court_id, starts_at).await
}

impl VenueAvailability {
    /// The slot of one of this venue's courts that starts exactly at
    /// `starts_at`, from what is loaded: for a worker that checks many
    /// slots of one venue in a pass without reading the venue each time.
    pub fn bookable_slot(&self, court_id: i64, starts_at: DateTime<Utc>) -> Option<BookableSlot> {
        let court = self.courts.iter().find(|c| c.id == court_id)?;
        let tz = self.schedule.tz;
        let slot = self
            .schedule
            .day_slots(grid::local_date(tz, starts_at), court.slot_rule())
            .into_iter()
            .find(|slot| slot.starts_at == starts_at)?;
        Some(BookableSlot {
            court: court.clone(),
            venue: self.venue.clone(),
            tz,
            slot,
            rules: self.rules.clone(),
        })
    }
}

/// [`bookable_slot`] on a database (for workers, which have no request state).
pub async fn bookable_slot_in(
    db: &crate::db::Db,
    court_id: i64,
    starts_at: DateTime<Utc>,
) -> AppResult<BookableSlot> {
    let court = venues::court(db, court_id)
        .await?
        .ok_or_else(|| AppError::invalid("court_id", "There is no such court."))?;
    let venue = VenueAvailability::load(db, court.venue_id).await?;
    let tz = venue.schedule.tz;
    let slot = venue
        .schedule
        .day_slots(grid::local_date(tz, starts_at), court.slot_rule())
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
        venue: venue.venue,
        tz,
        slot,
        rules: venue.rules,
    })
}
