//! The demo provider: a local payment step that moves no money and confirms
//! the booking. It runs when no Stripe key is configured; with Stripe
//! configured it is switched off (it would confirm bookings for free).

use axum::{extract::State, Json};
use chrono::Utc;
use shared::{Booking, BookingStatus};

use super::{door_code, PaymentProvider, Provider};
use crate::{
    bookings::{self, owner::OwnedBooking, store::WriteOutcome},
    error::{AppError, AppResult},
    AppState,
};

/// Pays for a held booking with the demo provider (no money moves) and
/// confirms it with a door code. Paying twice returns the same booking.
#[utoipa::path(post, path = "/api/v1/payments/demo/{id}/confirm", tag = "payments",
    params(("id" = Uuid, Path, description = "Booking id"),
        ("X-Booking-Key" = Option<String>, Header, description = "The owner key from the answer that made the booking; not needed when signed in to the booking's account")),
    responses(
        (status = 200, description = "The confirmed booking, with its door code", body = Booking),
        (status = 404, description = "No such booking (or not yours), or the demo provider is off (Stripe is configured)", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Cancelled, started, or the lapsed hold's slot was taken", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn confirm_demo_payment(
    State(state): State<AppState>,
    Provider(provider): Provider,
    OwnedBooking(row): OwnedBooking,
) -> AppResult<Json<Booking>> {
    if !matches!(provider, PaymentProvider::Demo) {
        return Err(AppError::NotFound("demo payment provider"));
    }
    let id = row.id;
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
        WriteOutcome::Done => {
            crate::access::issue_for_booking(&state.db, id).await?;
        }
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
