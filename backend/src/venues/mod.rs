//! Venues: the facility register a player browses.

pub mod hours;
pub mod setup;
pub mod store;

use axum::{extract::State, routing::get, Json, Router};
use shared::VenueDetail;

use crate::{
    error::{AppError, AppResult},
    extract::ApiPath,
    AppState,
};

pub fn router() -> Router<AppState> {
    // `GET /venues` (the search) lives in `search`.
    Router::new().route("/venues/{id}", get(get_venue))
}

/// One venue with its courts and opening hours.
#[utoipa::path(get, path = "/api/v1/venues/{id}", tag = "venues",
    params(("id" = i64, Path, description = "Venue id")),
    responses(
        (status = 200, description = "The venue", body = VenueDetail),
        (status = 404, description = "No such venue", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_venue(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<VenueDetail>> {
    store::detail(&state.db, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound("venue"))
}
