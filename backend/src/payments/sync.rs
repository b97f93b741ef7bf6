//! Making a booking match its PaymentIntent, whatever order the news came
//! in: the webhook and the reconciliation job both hand over the
//! PaymentIntent as Stripe has it *now* and this decides from its status.
//!
//! - `succeeded`: confirm the booking with a door code (status, credentials,
//!   the payment's `succeeded` and the event in one transaction, see
//!   `confirm.rs`). If it was cancelled,
//!   or its hold lapsed and someone else took the slot (or it lapsed and the
//!   slot has started), refund the PaymentIntent in full.
//! - anything else (`canceled`, a failed attempt, `processing`, …): record it;
//!   the hold stays until it lapses, so the player can try again.
//!
//! Every step is idempotent: confirming a confirmed booking changes nothing,
//! the refund's Idempotency-Key is derived from the PaymentIntent, and a
//! refunded payment stays refunded.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use shared::BookingStatus;
use stripe_core::{PaymentIntent, PaymentIntentStatus};

use super::{
    confirm::{self, Confirmed, Paid},
    store::{self, EventRef, PaymentRow},
    stripe::{booking_id_of, is_unavailable, StripeProvider},
    RECONCILE_EVERY, RECONCILE_LOOKBACK,
};
use crate::{bookings, db::Db, AppState};

/// What applying a PaymentIntent did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Not one of Ledig's PaymentIntents (no `booking_id` in its metadata,
    /// or no such booking).
    NotOurs,
    /// An event already applied: nothing done.
    Duplicate,
    /// The payment's status is now this (`succeeded`, `refunded`,
    /// `canceled`, `failed`, `processing`, …).
    Status(String),
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("Stripe: {0}")]
    Stripe(#[from] ::stripe::StripeError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl SyncError {
    pub fn is_unavailable(&self) -> bool {
        matches!(self, SyncError::Stripe(e) if is_unavailable(e))
    }
}

/// Brings the booking and payment in line with `intent`, recording `event`
/// (if any) in the same transaction as the payment's new status.
pub async fn apply(
    db: &Db,
    stripe: &StripeProvider,
    intent: &PaymentIntent,
    event: Option<EventRef<'_>>,
) -> Result<Applied, SyncError> {
    let intent_id = intent.id.as_str();
    let Some(booking_id) = booking_id_of(intent) else {
        return Ok(Applied::NotOurs);
    };
    let Some(booking) = bookings::store::get(db, booking_id).await? else {
        return Ok(Applied::NotOurs);
    };
    let now = Utc::now();
    let payment = match store::by_intent(db, intent_id).await? {
        Some(payment) => payment,
        None => {
            // Created at Stripe but never recorded here (we crashed between
            // the two): record it now.
            let row = PaymentRow {
                booking_id,
                provider: "stripe".into(),
                intent_id: intent_id.to_string(),
                amount: intent.amount,
                currency: intent.currency.to_string().to_ascii_uppercase(),
                status: "requires_payment_method".into(),
                refund_id: None,
                created_at: now.timestamp(),
                updated_at: now.timestamp(),
            };
            store::insert(db, &row).await?;
            row
        }
    };

    let mut refund_id = None;
    let status = match &intent.status {
        PaymentIntentStatus::Succeeded => {
            if payment.status == "refunded" || payment.status == "partially_refunded" {
                // Refunded already (a lost slot, or a cancellation): settled.
                payment.status.clone()
            } else {
                match settle_success(db, booking, intent_id, event.clone(), now).await? {
                    // Confirmed, with the payment's status and the event, in
                    // the confirmation's transaction: nothing left to record.
                    Settled::Confirmed => return Ok(Applied::Status("succeeded".into())),
                    Settled::Duplicate => return Ok(Applied::Duplicate),
                    Settled::Paid => "succeeded".to_string(),
                    Settled::Lost => {
                        // Idempotent (the key is derived from the
                        // PaymentIntent): if we are cut off after Stripe
                        // refunded, the retry gets the same Refund back.
                        let refund = stripe.refund(intent_id).await?;
                        tracing::info!(
                            booking = %booking_id, intent = intent_id, refund = refund.id.as_str(),
                            "refunded a payment whose slot was lost"
                        );
                        refund_id = Some(refund.id.as_str().to_string());
                        "refunded".to_string()
                    }
                }
            }
        }
        PaymentIntentStatus::RequiresPaymentMethod if intent.last_payment_error.is_some() => {
            "failed".to_string()
        }
        other => other.as_str().to_string(),
    };
    let fresh = store::record(
        db,
        event,
        intent_id,
        &status,
        refund_id.as_deref(),
        now.timestamp(),
    )
    .await?;
    Ok(if fresh {
        Applied::Status(status)
    } else {
        Applied::Duplicate
    })
}

/// [`apply`] on a task of its own, so that it runs to its end even if the
/// request that asked for it is dropped (Stripe gave up waiting on the
/// webhook; the player closed the pay step).
pub async fn apply_detached(
    db: Db,
    stripe: Arc<StripeProvider>,
    intent: PaymentIntent,
    event: Option<(String, String)>,
) -> Result<Applied, SyncError> {
    crate::detach::to_completion(async move {
        let event = event.as_ref().map(|(id, kind)| EventRef { id, kind });
        apply(&db, &stripe, &intent, event).await
    })
    .await
}

/// What a succeeded payment means for its booking.
enum Settled {
    /// Confirmed now, in one transaction with the payment's `succeeded`.
    Confirmed,
    /// The event had been applied already.
    Duplicate,
    /// Paid already (confirmed, or cancelled after it was paid): record it.
    Paid,
    /// Cancelled unpaid, or the slot was lost after the hold lapsed: the
    /// money must go back.
    Lost,
}

/// Confirms a paid booking, unless it cannot be (cancelled, or the slot was
/// lost after the hold lapsed).
async fn settle_success(
    db: &Db,
    mut booking: bookings::store::BookingRow,
    intent_id: &str,
    event: Option<EventRef<'_>>,
    now: DateTime<Utc>,
) -> Result<Settled, SyncError> {
    // A booking that changes under us is decided again (at most twice).
    for _ in 0..3 {
        match booking.status_at(now) {
            BookingStatus::Confirmed => return Ok(Settled::Paid),
            // Cancelled after it was paid: the cancellation refunded what the
            // venue's rules give back and the rest is the fee; nothing more.
            BookingStatus::Cancelled if booking.cancelled_from.as_deref() == Some("confirmed") => {
                return Ok(Settled::Paid)
            }
            BookingStatus::Cancelled => return Ok(Settled::Lost),
            // A lapsed hold whose slot has begun can no longer be played in full.
            BookingStatus::Expired if booking.starts_at() <= now => return Ok(Settled::Lost),
            BookingStatus::Held | BookingStatus::Expired => {}
        }
        let paid = Paid {
            intent_id,
            event: event.clone(),
        };
        match confirm::confirm(db, &booking, Some(paid), now).await? {
            Confirmed::Done => return Ok(Settled::Confirmed),
            Confirmed::Duplicate => return Ok(Settled::Duplicate),
            Confirmed::SlotTaken => return Ok(Settled::Lost),
            // Confirmed by a concurrent delivery, or cancelled: look again.
            Confirmed::WrongState => match bookings::store::get(db, booking.id).await? {
                Some(again) => booking = again,
                None => return Ok(Settled::Lost),
            },
        }
    }
    Ok(Settled::Paid)
}

/// What one reconciliation did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reconciled {
    /// PaymentIntents looked at.
    pub checked: usize,
    /// Of those, ones whose payment status changed here.
    pub updated: usize,
}

/// Compares the PaymentIntents created since `since` with the bookings and
/// makes the bookings match (a succeeded PaymentIntent whose booking is still
/// held is confirmed, a lost slot refunded, a cancelled one recorded), for
/// when a webhook never arrived.
pub async fn reconcile_recent(
    state: &AppState,
    stripe: &StripeProvider,
    since: DateTime<Utc>,
) -> Result<Reconciled, SyncError> {
    reconcile(&state.db, stripe, since).await
}

/// [`reconcile_recent`] on a bare database.
pub async fn reconcile(
    db: &Db,
    stripe: &StripeProvider,
    since: DateTime<Utc>,
) -> Result<Reconciled, SyncError> {
    let intents = stripe.list_since(since.timestamp()).await?;
    let mut done = Reconciled::default();
    for intent in &intents {
        done.checked += 1;
        if booking_id_of(intent).is_none() {
            continue;
        }
        let known = store::by_intent(db, intent.id.as_str()).await?;
        let current = known.as_ref().map(|p| p.status.as_str());
        // Settled and unchanged: nothing to do.
        if current.is_some_and(|s| store::FINAL.contains(&s))
            && (current == Some(intent.status.as_str())
                || matches!(current, Some("refunded" | "partially_refunded"))
                    && intent.status == PaymentIntentStatus::Succeeded)
        {
            continue;
        }
        if let Applied::Status(status) = apply(db, stripe, intent, None).await? {
            if current != Some(status.as_str()) {
                done.updated += 1;
            }
        }
    }
    Ok(done)
}

/// Runs [`reconcile`] every few minutes over the last few hours.
pub async fn reconcile_forever(db: Db, stripe: Arc<StripeProvider>) {
    let mut tick = crate::wake::every(RECONCILE_EVERY);
    while tick.wait().await {
        let round = reconcile(&db, &stripe, Utc::now() - RECONCILE_LOOKBACK).await;
        crate::metrics::job_round("stripe_reconciliation", round.is_ok());
        match round {
            Ok(Reconciled { updated: 0, .. }) => {}
            Ok(done) => tracing::info!(?done, "reconciled payments with Stripe"),
            Err(error) => tracing::warn!(%error, "reconciling payments with Stripe failed"),
        }
        // Cancellation refunds Stripe could not take when they were asked
        // for are retried by the repair pass (`crate::repair`).
    }
}
