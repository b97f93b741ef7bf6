//! Statistics (issue 15, item 6): what a venue's courts did over a period —
//! open hours under the opening hours, booked hours, hours actually used
//! (a door entry), no-shows, cancellations, utilisation, revenue and
//! refunds — in total and by court, weekday, hour and customer category,
//! as JSON for the app's charts and as CSV. Viewers, staff and operators
//! of the venue; no personal data is in any of it.
//!
//! Open hours are counted under the venue's opening hours and exceptions
//! as they are now (earlier hours are not kept), slot by slot per court.

pub mod compute;

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use chrono::{Duration, NaiveDate, TimeZone};
use serde::Deserialize;
use shared::operator::{Role, VenueStatistics};

use super::Operating;
use crate::{
    availability::VenueAvailability,
    db::Db,
    error::{AppError, AppResult},
    extract::{ApiPath, ApiQuery},
    on_db, AppState,
};
use compute::{Counted, Period};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/venues/{venue_id}/statistics", get(read))
        .route("/operator/venues/{venue_id}/statistics.csv", get(export))
}

/// A year: longer periods are several exports.
const MAX_DAYS: i64 = 366;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatisticsQuery {
    /// The first day, on the venue's clock (`2026-11-01`).
    #[param(value_type = String)]
    pub from: NaiveDate,
    /// The last day, included; at most a year after `from`.
    #[param(value_type = String)]
    pub to: NaiveDate,
    /// `sv` (the default) or `en`: the words of the labels.
    pub lang: Option<String>,
}

const WEEKDAYS_SV: [&str; 7] = [
    "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn category_sv(code: &str) -> String {
    match code {
        "adult" => "vuxen",
        "youth" => "ungdom",
        "senior" => "senior",
        "club" => "förening",
        other => other,
    }
    .to_string()
}

fn category_en(code: &str) -> String {
    code.to_string()
}

/// Every paid booking at the venue starting in `[from, to)`.
async fn counted(db: &Db, venue_id: i64, from: i64, to: i64) -> sqlx::Result<Vec<Counted>> {
    const SQL: &str = "SELECT b.court_id, b.starts_at, COALESCE(b.original_ends_at, b.ends_at) AS ends_at, b.status, \
         b.price_minor, b.refund_minor, b.checked_in_at, b.no_show_at, b.category \
         FROM bookings b JOIN courts c ON c.id = b.court_id \
         WHERE c.venue_id = $1 AND b.starts_at >= $2 AND b.starts_at < $3 \
         AND (b.status = 'confirmed' OR (b.status = 'cancelled' AND b.cancelled_from = 'confirmed'))";
    on_db!(db, pool => sqlx::query_as::<_, Counted>(SQL).bind(venue_id).bind(from).bind(to).fetch_all(pool).await)
}

/// Checks a period: `to` on or after `from`, at most `max_days` long.
pub fn check_period(from: NaiveDate, to: NaiveDate, max_days: i64) -> AppResult<()> {
    if to < from {
        return Err(AppError::invalid(
            "to",
            "The last day cannot be before the first.",
        ));
    }
    if (to - from).num_days() >= max_days {
        return Err(AppError::invalid(
            "to",
            format!("Ask for at most {max_days} days at a time."),
        ));
    }
    Ok(())
}

/// The figures of venue `venue_id` over `from`–`to` (checked), labels in
/// English or Swedish. No one's role is checked here.
pub async fn figures_of(
    db: &Db,
    venue_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    english: bool,
) -> AppResult<VenueStatistics> {
    let venue = VenueAvailability::load(db, venue_id).await?;
    let tz = venue.schedule.tz;
    let midnight = |date: NaiveDate| {
        date.and_hms_opt(0, 0, 0)
            .and_then(|t| tz.from_local_datetime(&t).earliest())
            .map(|t| t.timestamp())
            .ok_or_else(|| AppError::invalid("from", "That date is not one on the venue's clock."))
    };
    let (start, end) = (midnight(from)?, midnight(to + Duration::days(1))?);
    let rows = counted(db, venue_id, start, end).await?;
    let period = Period {
        venue_id,
        tz,
        schedule: &venue.schedule,
        courts: &venue.courts,
        from,
        to,
        weekday_names: if english { WEEKDAYS_EN } else { WEEKDAYS_SV },
        category_name: if english { category_en } else { category_sv },
    };
    Ok(compute::statistics(&period, &rows))
}

async fn statistics(
    state: &AppState,
    operating: &Operating,
    venue_id: i64,
    query: &StatisticsQuery,
) -> AppResult<VenueStatistics> {
    operating
        .at_venue(&state.db, venue_id, Role::Viewer)
        .await?;
    check_period(query.from, query.to, MAX_DAYS)?;
    let english = match query.lang.as_deref() {
        None | Some("sv") => false,
        Some("en") => true,
        Some(_) => return Err(AppError::invalid("lang", "Ask for sv or en.")),
    };
    figures_of(&state.db, venue_id, query.from, query.to, english).await
}

/// The venue's figures over a period, in total and by court, weekday, hour
/// and customer category.
#[utoipa::path(get, path = "/api/v1/operator/venues/{venue_id}/statistics", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id"), StatisticsQuery),
    responses(
        (status = 200, description = "The figures", body = VenueStatistics),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "No role at this venue", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` before `from` or more than a year after it; `lang` not sv or en", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn read(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<StatisticsQuery>,
) -> AppResult<Json<VenueStatistics>> {
    Ok(Json(
        statistics(&state, &operating, venue_id, &query).await?,
    ))
}

/// The same figures as CSV, one line per slice (a download).
#[utoipa::path(get, path = "/api/v1/operator/venues/{venue_id}/statistics.csv", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id"), StatisticsQuery),
    responses(
        (status = 200, description = "RFC 4180 CSV with a header line: dimension, key, label, open_hours, booked_hours, used_hours, bookings, no_shows, cancellations, utilisation_percent, revenue_kr, refunds_kr", body = String, content_type = "text/csv"),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "No role at this venue", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "As for the JSON", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn export(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<StatisticsQuery>,
) -> AppResult<Response> {
    let stats = statistics(&state, &operating, venue_id, &query).await?;
    let name = format!(
        "attachment; filename=\"ledig-statistik-{venue_id}-{}-{}.csv\"",
        query.from, query.to
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
        ],
        compute::csv(&stats),
    )
        .into_response())
}
