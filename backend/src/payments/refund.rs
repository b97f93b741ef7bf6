//! Refunds of cancellations, through the provider that took the payment.
//!
//! The cancellation itself (slot freed, door credentials revoked, fee and
//! refund decided by the venue's rules) and its refund are written in one
//! transaction (`bookings::store::cancel`); this carries a Stripe refund out
//! afterwards:
//!
//! - **demo**: nothing to carry out; the cancellation recorded it as done
//!   (no money moves). Older rows still `pending` are recorded done here.
//! - **stripe**: a Refund of exactly that amount (a partial refund after the
//!   deadline) with an Idempotency-Key derived from the booking, so a retry
//!   never refunds twice. If Stripe can't be reached the refund stays
//!   `pending`; cancelling again, and the reconciliation job, retry it.

use chrono::Utc;
use uuid::Uuid;

use super::{store, PaymentProvider};
use crate::db::Db;

/// Who refunds a cancelled booking's payment: Stripe when a Stripe payment
/// succeeded for it, else the demo provider (which took it, moving no money).
pub async fn provider_for(db: &Db, booking_id: Uuid) -> sqlx::Result<&'static str> {
    let stripe = store::for_booking(db, booking_id, "stripe").await?;
    Ok(match stripe {
        Some(p) if p.status == "succeeded" => "stripe",
        _ => "demo",
    })
}

/// Carries out the booking's pending refund, if any. Returns its status
/// afterwards (`None`: nothing to refund).
pub async fn carry_out(
    db: &Db,
    provider: &PaymentProvider,
    booking_id: Uuid,
) -> sqlx::Result<Option<String>> {
    let Some(refund) = store::refund_for(db, booking_id).await? else {
        return Ok(None);
    };
    if refund.status != "pending" {
        return Ok(Some(refund.status));
    }
    let now = Utc::now().timestamp();
    match refund.provider.as_str() {
        "stripe" => {
            let Some(stripe) = provider.stripe() else {
                tracing::warn!(booking = %booking_id, "a Stripe refund is pending but Stripe is not configured");
                return Ok(Some(refund.status));
            };
            let Some(payment) = store::for_booking(db, booking_id, "stripe").await? else {
                tracing::warn!(booking = %booking_id, "a Stripe refund is pending without a payment");
                return Ok(Some(refund.status));
            };
            match stripe
                .refund_amount(&payment.intent_id, refund.amount_minor, booking_id)
                .await
            {
                Ok(done) => {
                    let status = if refund.amount_minor >= payment.amount {
                        "refunded"
                    } else {
                        "partially_refunded"
                    };
                    store::refund_succeeded(
                        db,
                        booking_id,
                        Some(done.id.as_str()),
                        Some(status),
                        now,
                    )
                    .await?;
                    tracing::info!(booking = %booking_id, amount = refund.amount_minor, refund = done.id.as_str(), "refunded a cancellation");
                    Ok(Some("succeeded".into()))
                }
                Err(error) => {
                    tracing::warn!(%error, booking = %booking_id, "refunding a cancellation failed; will retry");
                    Ok(Some(refund.status))
                }
            }
        }
        _ => {
            // The demo provider took no money, so there is none to move.
            store::refund_succeeded(db, booking_id, None, None, now).await?;
            tracing::info!(booking = %booking_id, amount = refund.amount_minor, "demo refund recorded (no money moves)");
            Ok(Some("succeeded".into()))
        }
    }
}

/// [`carry_out`] on a task of its own, so that a client that disconnects
/// cannot stop it between Stripe's refund and recording it (the refund's
/// Idempotency-Key makes a retry safe either way).
pub async fn carry_out_detached(
    db: &Db,
    provider: &PaymentProvider,
    booking_id: Uuid,
) -> sqlx::Result<Option<String>> {
    let (db, provider) = (db.clone(), provider.clone());
    crate::detach::to_completion(async move { carry_out(&db, &provider, booking_id).await }).await
}

/// Retries every pending cancellation refund (the reconciliation job calls this).
pub async fn retry_pending(db: &Db, provider: &PaymentProvider) -> sqlx::Result<usize> {
    let mut done = 0;
    for booking_id in store::pending_refunds(db).await? {
        if carry_out(db, provider, booking_id).await?.as_deref() == Some("succeeded") {
            done += 1;
        }
    }
    Ok(done)
}
