//! How much the courts are used, as open data (issue 15, item 6): per
//! venue over a period, the open hours under its opening hours, the booked
//! and used hours and the utilisation, by weekday too. Aggregates only:
//! no booking, no person, no money. CC0-1.0, like the rest of the open data.

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
    Json,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{LICENSE, LICENSE_URL};
use crate::{
    error::AppResult,
    extract::ApiQuery,
    operator::statistics::{check_period, figures_of},
    venues, AppState,
};

/// A quarter: the aggregates are computed on request.
const MAX_DAYS: i64 = 92;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UtilisationQuery {
    /// The first day (`2026-11-01`), on each venue's clock.
    #[param(value_type = String)]
    pub from: NaiveDate,
    /// The last day, included; at most 92 days after `from`.
    #[param(value_type = String)]
    pub to: NaiveDate,
}

/// Open, booked and used hours of one slice.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Hours {
    pub open_hours: f64,
    pub booked_hours: f64,
    pub used_hours: f64,
    pub utilisation_percent: f64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VenueUtilisation {
    pub venue_id: i64,
    pub name: String,
    #[serde(flatten)]
    pub hours: Hours,
    /// Monday first.
    pub by_weekday: Vec<Hours>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Utilisation {
    pub license: &'static str,
    pub license_url: &'static str,
    #[schema(value_type = String)]
    pub from: NaiveDate,
    #[schema(value_type = String)]
    pub to: NaiveDate,
    pub venues: Vec<VenueUtilisation>,
}

fn hours(f: &shared::operator::Figures) -> Hours {
    Hours {
        open_hours: f.open_hours,
        booked_hours: f.booked_hours,
        used_hours: f.used_hours,
        utilisation_percent: f.utilisation_percent,
    }
}

/// Every venue's utilisation over a period: aggregates without personal
/// data, CC0-1.0.
#[utoipa::path(get, path = "/api/v1/open-data/utilisation", tag = "open-data", params(UtilisationQuery),
    responses(
        (status = 200, description = "Per venue: open, booked and used hours and utilisation, in total and by weekday; licensed CC0-1.0", body = Utilisation),
        (status = 422, description = "`to` before `from`, or more than 92 days after it", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn utilisation(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<UtilisationQuery>,
) -> AppResult<Response> {
    check_period(query.from, query.to, MAX_DAYS)?;
    let mut out = Vec::new();
    for venue in venues::store::list(&state.db).await? {
        let stats = figures_of(&state.db, venue.id, query.from, query.to, true).await?;
        out.push(VenueUtilisation {
            venue_id: venue.id,
            name: venue.name,
            hours: hours(&stats.totals),
            by_weekday: stats.by_weekday.iter().map(|s| hours(&s.figures)).collect(),
        });
    }
    let body = Utilisation {
        license: LICENSE,
        license_url: LICENSE_URL,
        from: query.from,
        to: query.to,
        venues: out,
    };
    Ok(([(header::CACHE_CONTROL, "public, max-age=300")], Json(body)).into_response())
}
