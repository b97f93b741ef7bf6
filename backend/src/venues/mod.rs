//! Venues: the facility register a player browses.

pub mod hours;
pub mod photos;
pub mod setup;
pub mod store;

use axum::{
    extract::State,
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use shared::VenueDetail;
use uuid::Uuid;

use crate::{
    error::{AppError, AppResult},
    extract::ApiPath,
    AppState,
};

pub fn router() -> Router<AppState> {
    // `GET /venues` (the search) lives in `search`.
    Router::new()
        .route("/venues/{id}", get(get_venue))
        .route("/venues/{id}/photos/{photo_id}", get(get_photo))
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

/// A photo of the venue, as its operator added it less its metadata. A
/// photo never changes (a new one gets a new id), so it is cached for good.
#[utoipa::path(get, path = "/api/v1/venues/{id}/photos/{photo_id}", tag = "venues",
    params(("id" = i64, Path, description = "Venue id"), ("photo_id" = Uuid, Path, description = "Photo id")),
    responses(
        (status = 200, description = "The image", content((String = "image/jpeg"), (String = "image/png"), (String = "image/webp"))),
        (status = 404, description = "No such photo of this venue", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_photo(
    State(state): State<AppState>,
    ApiPath((id, photo_id)): ApiPath<(i64, Uuid)>,
) -> AppResult<Response> {
    let (content_type, bytes) = store::photo_file(&state.db, id, photo_id)
        .await?
        .ok_or(AppError::NotFound("photo"))?;
    let content_type =
        HeaderValue::from_str(&content_type).map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        bytes,
    )
        .into_response())
}
