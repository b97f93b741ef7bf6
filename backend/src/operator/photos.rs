//! A venue's photos, added and removed by its operators (issue 15, item 2,
//! "photos optional"). The file is checked and stripped of its metadata by
//! [`crate::venues::photos`]; players get it from the public, immutable
//! `GET /api/v1/venues/{venue_id}/photos/{photo_id}` and see the list in
//! the venue's detail.

use axum::{
    extract::{DefaultBodyLimit, State},
    http::StatusCode,
    routing::{delete, post},
    Json, Router,
};
use base64::Engine as _;
use chrono::Utc;
use shared::{operator::NewVenuePhoto, operator::Role, VenuePhoto};
use uuid::Uuid;

use super::Operating;
use crate::{
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath},
    on_tx,
    venues::photos::{self, MAX_PER_VENUE},
    AppState,
};

/// 5 MB of file as base64 (4/3 of it) and the JSON around it.
const BODY_LIMIT: usize = photos::MAX_BYTES / 3 * 4 + 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/operator/venues/{venue_id}/photos",
            post(add).layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .route(
            "/operator/venues/{venue_id}/photos/{photo_id}",
            delete(remove),
        )
}

/// Adds a photo to the venue (at most 8). The stored file is the picture
/// without its EXIF (but a JPEG's orientation), XMP, comments or text.
#[utoipa::path(post, path = "/api/v1/operator/venues/{venue_id}/photos", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id")),
    request_body = NewVenuePhoto,
    responses(
        (status = 201, description = "Added; the photo as players get it", body = VenuePhoto),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this venue's organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The venue has 8 photos already (`/problems/photo-limit`)", body = shared::Problem, content_type = "application/problem+json"),
        (status = 400, description = "Not JSON, or larger than a 5 MB photo", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "No alternative text, or the file is not a JPEG, PNG or WebP of at most 5 MB (named in `field`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn add(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
    ApiJson(photo): ApiJson<NewVenuePhoto>,
) -> AppResult<(StatusCode, Json<VenuePhoto>)> {
    operating
        .at_venue(&state.db, venue_id, Role::Operator)
        .await?;
    let alt = photo.alt.trim().to_string();
    if alt.is_empty() || alt.chars().count() > 200 {
        return Err(AppError::invalid(
            "alt",
            "Say in a few words what the photo shows (at most 200 characters), for those who cannot see it.",
        ));
    }
    let data = base64::engine::general_purpose::STANDARD
        .decode(photo.data.trim())
        .map_err(|_| {
            AppError::invalid(
                "data",
                "The file did not arrive whole (it is not base64). Choose it again.",
            )
        })?;
    let checked = photos::check(&photo.content_type, &data)
        .map_err(|why| AppError::invalid("data", why.0))?;

    let id = Uuid::new_v4();
    let now = Utc::now().timestamp();
    let mut tx = state.db.begin_write().await?;
    // Two uploads at once may not make nine.
    tx.lock_key("venue-photos", venue_id).await?;
    const COUNT: &str = "SELECT COUNT(*) FROM venue_photos WHERE venue_id = $1";
    let count: i64 =
        on_tx!(&mut tx, tx => sqlx::query_scalar(COUNT).bind(venue_id).fetch_one(&mut **tx).await)?;
    if count >= MAX_PER_VENUE {
        return Err(AppError::conflict(
            "photo-limit",
            "A venue has at most 8 photos. Remove one before adding another.",
        ));
    }
    const INSERT: &str = "INSERT INTO venue_photos \
         (id, venue_id, content_type, bytes, width, height, alt, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    let (width, height) = (i64::from(checked.width), i64::from(checked.height));
    on_tx!(&mut tx, tx => sqlx::query(INSERT)
        .bind(id).bind(venue_id).bind(checked.content_type).bind(&checked.bytes)
        .bind(width).bind(height).bind(&alt).bind(now)
        .execute(&mut **tx).await.map(|_| ()))?;
    super::audit::record_at_venue_in(
        &mut tx,
        super::audit::VenueChange {
            actor_id: Some(operating.account_id),
            action: "venue.photo_added",
            venue_id,
            subject: Some(alt.clone()),
            detail: serde_json::json!({ "photo": id, "bytes": checked.bytes.len() }),
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(venue = venue_id, photo = %id, bytes = checked.bytes.len(), by = %operating.account_id, "venue photo added");
    Ok((
        StatusCode::CREATED,
        Json(VenuePhoto {
            id,
            url: crate::venues::store::photo_url(venue_id, id),
            alt,
            width: checked.width,
            height: checked.height,
        }),
    ))
}

/// Removes a photo of the venue; its address answers 404 from then on.
#[utoipa::path(delete, path = "/api/v1/operator/venues/{venue_id}/photos/{photo_id}", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id"), ("photo_id" = Uuid, Path, description = "Photo id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this venue's organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue, or no such photo of it", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn remove(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath((venue_id, photo_id)): ApiPath<(i64, Uuid)>,
) -> AppResult<StatusCode> {
    operating
        .at_venue(&state.db, venue_id, Role::Operator)
        .await?;
    let now = Utc::now().timestamp();
    let mut tx = state.db.begin_write().await?;
    const DELETE: &str = "DELETE FROM venue_photos WHERE id = $1 AND venue_id = $2";
    let removed = on_tx!(&mut tx, tx => sqlx::query(DELETE).bind(photo_id).bind(venue_id)
        .execute(&mut **tx).await?.rows_affected());
    if removed == 0 {
        return Err(AppError::NotFound("photo"));
    }
    super::audit::record_at_venue_in(
        &mut tx,
        super::audit::VenueChange {
            actor_id: Some(operating.account_id),
            action: "venue.photo_removed",
            venue_id,
            subject: None,
            detail: serde_json::json!({ "photo": photo_id }),
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(venue = venue_id, photo = %photo_id, by = %operating.account_id, "venue photo removed");
    Ok(StatusCode::NO_CONTENT)
}
