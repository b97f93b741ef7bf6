//! `POST /api/v1/payments/stripe/{booking_id}/intent`: the PaymentIntent the
//! pay step hands to Stripe.js (card, or Swish: the Swish app on a phone, a
//! QR code on a desktop). One per booking, however often it is asked for.

use axum::{extract::State, Json};
use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use shared::{BookingStatus, Money};

use super::{
    error::{PaymentError, PaymentResult},
    store::{self, PaymentRow},
    stripe::is_unavailable,
    sync, Provider,
};
use crate::{
    bookings::{self, owner::OwnedBooking},
    error::AppError,
    AppState,
};

/// What Stripe.js needs to take the payment.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StripeIntent {
    /// The PaymentIntent's client secret, for `stripe.confirmPayment`.
    pub client_secret: String,
    /// Stripe's publishable key (`pk_…`), for `Stripe(…)`.
    pub publishable_key: Option<String>,
    /// The PaymentIntent id (`pi_…`).
    pub intent_id: String,
    /// What will be charged: the booking's price.
    pub amount: Money,
    /// The PaymentIntent's status at Stripe, e.g. `requires_payment_method`.
    pub status: String,
}

/// Creates (or returns) the booking's Stripe PaymentIntent, in SEK, for card
/// and Swish. Asking again, or twice at once, gives the same PaymentIntent.
#[utoipa::path(post, path = "/api/v1/payments/stripe/{booking_id}/intent", tag = "payments",
    params(("booking_id" = Uuid, Path, description = "Booking id"),
        ("X-Booking-Key" = Option<String>, Header, description = "The owner key from the answer that made the booking; not needed when signed in to the booking's account")),
    responses(
        (status = 200, description = "The PaymentIntent to confirm with Stripe.js", body = StripeIntent),
        (status = 404, description = "No such booking (or not yours), or Stripe is not configured", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The booking is not held (paid, cancelled, lapsed or started), or is free (`/problems/nothing-to-pay`: confirm it at `/payments/free/{id}/confirm`)", body = shared::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Stripe can't be reached: nothing charged, the hold is unchanged", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_intent(
    State(state): State<AppState>,
    Provider(provider): Provider,
    OwnedBooking(row): OwnedBooking,
) -> PaymentResult<Json<StripeIntent>> {
    let stripe = provider
        .stripe()
        .ok_or(AppError::NotFound("Stripe payment provider"))?;
    let booking_id = row.id;
    let now = Utc::now();
    match row.status_at(now) {
        BookingStatus::Held => {}
        BookingStatus::Confirmed => {
            return Err(AppError::conflict("already-paid", "This booking is already paid.").into())
        }
        BookingStatus::Cancelled => {
            return Err(AppError::conflict(
                "not-payable",
                "This booking was cancelled and cannot be paid.",
            )
            .into())
        }
        BookingStatus::Expired => {
            return Err(AppError::conflict(
                "hold-lapsed",
                "Your hold on this slot lapsed. Pick the slot again to book it.",
            )
            .into())
        }
    }
    if row.starts_at() <= now {
        return Err(AppError::conflict(
            "already-started",
            "This slot has already started; nothing was charged.",
        )
        .into());
    }
    // Stripe refuses to charge 0 kr: a free booking is confirmed without a payment.
    if row.price_minor <= 0 {
        return Err(super::free::nothing_to_pay(booking_id).into());
    }
    let unavailable = |error: ::stripe::StripeError| -> PaymentError {
        if is_unavailable(&error) {
            tracing::warn!(%error, booking = %booking_id, "Stripe unreachable");
            PaymentError::Unavailable(format!(
                "The payment service can't be reached; your slot stays held until {}. Try again.",
                held_until(&row)
            ))
        } else {
            PaymentError::App(AppError::Internal(anyhow::anyhow!("Stripe: {error}")))
        }
    };

    let intent = match store::for_booking(&state.db, booking_id, "stripe").await? {
        Some(payment) => {
            let intent = stripe
                .retrieve(&payment.intent_id)
                .await
                .map_err(unavailable)?;
            if intent.status == stripe_core::PaymentIntentStatus::Canceled {
                // Canceled (in the Dashboard, say) while the hold still runs:
                // a fresh PaymentIntent takes its place.
                let fresh = stripe
                    .create_intent(&row, Some(intent.id.as_str()))
                    .await
                    .map_err(unavailable)?;
                store::replace_intent(
                    &state.db,
                    booking_id,
                    intent.id.as_str(),
                    fresh.id.as_str(),
                    fresh.status.as_str(),
                    now.timestamp(),
                )
                .await?;
                fresh
            } else {
                intent
            }
        }
        None => {
            let intent = stripe
                .create_intent(&row, None)
                .await
                .map_err(unavailable)?;
            store::insert(
                &state.db,
                &PaymentRow {
                    booking_id,
                    provider: "stripe".into(),
                    intent_id: intent.id.as_str().to_string(),
                    amount: intent.amount,
                    currency: row.currency.clone(),
                    status: intent.status.as_str().to_string(),
                    refund_id: None,
                    created_at: now.timestamp(),
                    updated_at: now.timestamp(),
                },
            )
            .await?;
            intent
        }
    };
    // Paid already (the webhook is on its way): settle it now, to the end
    // even if the client goes away meanwhile.
    if intent.status == stripe_core::PaymentIntentStatus::Succeeded {
        let settled = sync::apply_detached(state.db.clone(), stripe.clone(), intent.clone(), None);
        if let Err(error) = settled.await {
            tracing::warn!(%error, booking = %booking_id, "settling a paid intent failed");
        }
    }
    let client_secret = intent.client_secret.clone().ok_or_else(|| {
        PaymentError::App(AppError::Internal(anyhow::anyhow!(
            "Stripe returned a PaymentIntent without a client secret"
        )))
    })?;
    Ok(Json(StripeIntent {
        client_secret,
        publishable_key: stripe.publishable_key().map(str::to_string),
        intent_id: intent.id.as_str().to_string(),
        amount: Money {
            amount_minor: intent.amount,
            currency: intent.currency.to_string().to_ascii_uppercase(),
        },
        status: intent.status.as_str().to_string(),
    }))
}

/// When the hold lapses, on the venue's clock ("18:05").
fn held_until(row: &bookings::store::BookingRow) -> String {
    let tz: Tz = row.timezone.parse().unwrap_or(chrono_tz::Europe::Stockholm);
    row.hold_expires_at
        .and_then(|t| Utc.timestamp_opt(t, 0).single())
        .map(|t| t.with_timezone(&tz).format("%H:%M").to_string())
        .unwrap_or_else(|| "it lapses".to_string())
}
