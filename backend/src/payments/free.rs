//! `POST /api/v1/payments/free/{id}/confirm`: a booking that costs nothing
//! (0 kr, e.g. a venue's free youth hours) is confirmed without a payment,
//! whichever provider runs: Stripe refuses a PaymentIntent of 0 kr, and
//! there is no money to take or give back.

use axum::{extract::State, Json};
use shared::Booking;
use uuid::Uuid;

use super::demo::confirm_without_payment;
use crate::{
    bookings::owner::OwnedBooking,
    error::{AppError, AppResult},
    AppState,
};

/// Confirms a held 0 kr booking with its door code; no payment is taken.
/// Confirming twice returns the same booking. A booking that costs money is
/// refused (pay for it with the configured provider).
#[utoipa::path(post, path = "/api/v1/payments/free/{id}/confirm", tag = "payments",
    params(("id" = Uuid, Path, description = "Booking id"),
        ("X-Booking-Key" = Option<String>, Header, description = "The owner key from the answer that made the booking; not needed when signed in to the booking's account")),
    responses(
        (status = 200, description = "The confirmed booking, with its door code", body = Booking),
        (status = 404, description = "No such booking (or not yours)", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not free (`/problems/not-free`), cancelled, started, or the lapsed hold's slot was taken", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn confirm_free_booking(
    State(state): State<AppState>,
    OwnedBooking(row): OwnedBooking,
) -> AppResult<Json<Booking>> {
    if row.price_minor > 0 {
        return Err(not_free());
    }
    confirm_without_payment(&state.db, row).await.map(Json)
}

pub fn not_free() -> AppError {
    AppError::conflict(
        "not-free",
        "This booking costs money: pay for it on the pay step.",
    )
}

/// What the Stripe intent route answers for a 0 kr booking.
pub fn nothing_to_pay(id: Uuid) -> AppError {
    AppError::conflict(
        "nothing-to-pay",
        format!(
            "This booking is free: confirm it with POST /api/v1/payments/free/{id}/confirm; nothing is charged."
        ),
    )
}
