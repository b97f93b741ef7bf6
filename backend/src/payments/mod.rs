//! Payments. For now the demo provider only: a local payment step that
//! moves no money and confirms the booking. (Stripe arrives behind the same
//! seam with the payments issue.)

use axum::{extract::State, routing::post, Json, Router};
use chrono::Utc;
use rand::Rng;
use shared::{Booking, BookingStatus};
use uuid::Uuid;

use crate::{
    bookings::{self, store::WriteOutcome},
    error::{AppError, AppResult},
    extract::ApiPath,
    AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/payments/demo/{id}/confirm", post(confirm_demo_payment))
}

/// Pays for a held booking with the demo provider (no money moves) and
/// confirms it with a door code. Paying twice returns the same booking.
#[utoipa::path(post, path = "/api/v1/payments/demo/{id}/confirm", tag = "payments",
    params(("id" = Uuid, Path, description = "Booking id")),
    responses(
        (status = 200, description = "The confirmed booking, with its door code", body = Booking),
        (status = 404, description = "No such booking", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Cancelled, started, or the lapsed hold's slot was taken", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn confirm_demo_payment(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> AppResult<Json<Booking>> {
    let row = bookings::store::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("booking"))?;
    let now = Utc::now();
    match row.status_at(now) {
        BookingStatus::Confirmed => return Ok(Json(row.to_api(now))),
        BookingStatus::Cancelled => {
            return Err(AppError::conflict(
                "not-payable",
                "This booking was cancelled and cannot be paid.",
            ))
        }
        BookingStatus::Held | BookingStatus::Expired => {}
    }
    if row.starts_at() <= now {
        return Err(AppError::conflict(
            "already-started",
            "This slot has already started; nothing was charged.",
        ));
    }
    match bookings::store::confirm(&state.db, &row, &door_code(), now.timestamp()).await? {
        WriteOutcome::Done => {}
        WriteOutcome::SlotTaken => {
            return Err(AppError::conflict(
                "slot-taken",
                "Your hold lapsed and someone else booked the slot meanwhile. Nothing was charged.",
            ))
        }
        // Paid or cancelled concurrently: the reload below tells which.
        WriteOutcome::WrongState => {}
    }
    Ok(Json(bookings::load(&state.db, id).await?))
}

/// A 6-digit door code. Active bookings on one court never overlap, so a
/// code is unique per court within its window by construction.
fn door_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000))
}
