//! The demo provider: a local payment step that moves no money and confirms
//! the booking. It runs when no Stripe key is configured; with Stripe
//! configured it is switched off (it would confirm bookings for free).

use axum::{extract::State, Json};
use chrono::Utc;
use shared::{Booking, BookingStatus};

use super::{
    confirm::{self, Confirmed},
    PaymentProvider, Provider,
};
use crate::{
    bookings::{self, owner::OwnedBooking, store::BookingRow},
    db::Db,
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
    confirm_without_payment(&state.db, row).await.map(Json)
}

/// Confirms a held (or lapsed) booking that no payment is taken for (the
/// demo provider; a free booking): status, door code and credentials in one
/// transaction. Confirming a confirmed booking returns it.
pub async fn confirm_without_payment(db: &Db, row: BookingRow) -> AppResult<Booking> {
    let now = Utc::now();
    match row.status_at(now) {
        BookingStatus::Confirmed => {
            // Confirmed before credentials were issued in the same
            // transaction (an older release): issue them now.
            if row.access_token.is_none() {
                crate::access::issue_for_booking(db, row.id).await?;
                return bookings::load(db, row.id).await;
            }
            return Ok(row.to_api(now));
        }
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
    match confirm::confirm(db, &row, None, now).await? {
        Confirmed::SlotTaken => Err(AppError::conflict(
            "slot-taken",
            "Your hold lapsed and someone else booked the slot meanwhile. Nothing was charged.",
        )),
        // Paid or cancelled concurrently: the reload tells which.
        Confirmed::Done | Confirmed::WrongState | Confirmed::Duplicate => {
            bookings::load(db, row.id).await
        }
    }
}
