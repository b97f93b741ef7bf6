//! The repair pass: finds bookings whose money, status and door credentials
//! disagree, and makes them agree. The write paths keep them in agreement by
//! themselves (a confirmation, its credentials and its payment status are one
//! transaction; so are a cancellation, its revocation and its refund; and a
//! refund that needs Stripe runs to its end on a task of its own). This pass
//! is the safety net for what those cannot cover: rows written by an older
//! release, a refund Stripe could not take when asked, a payment that
//! succeeded where no webhook reached us. It runs at start-up, every few
//! minutes in `ledig serve`, and on demand as `ledig repair`.
//!
//! | found | done |
//! | --- | --- |
//! | confirmed, not over, not a no-show, without a live QR token and door code | issue them |
//! | cancelled, expired (or a no-show) with live credentials | revoke them |
//! | a Stripe payment `succeeded` for a held, lapsed or unpaid-cancelled booking | confirm it, or refund it when the slot is lost (the webhook's rules, `payments::sync`) |
//! | a booking confirmed (or cancelled after paying) whose Stripe payment is not recorded as `succeeded` | record what Stripe says |
//! | a cancellation refunded through the demo provider though Stripe took the money | refund it through Stripe |
//! | a refund still pending | carry it out |
//!
//! A confirmed demo booking has no payment row, and that is fine. Every step
//! is idempotent and checks the state again inside its own transaction, so
//! the pass may run while the server serves, and in several processes.

use std::{fmt, time::Duration};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{
    access::credentials,
    db::Db,
    on_db, on_tx,
    payments::{refund, sync, PaymentProvider, StripeProvider},
};

/// How often `ledig serve` runs the pass.
pub const EVERY: Duration = Duration::from_secs(300);
/// Stripe payments older than this are not looked at again (each look is a
/// call to Stripe).
const PAYMENT_LOOKBACK: chrono::Duration = chrono::Duration::days(30);

/// What one pass repaired.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Repaired {
    /// Confirmed bookings given their missing door credentials.
    pub issued: u64,
    /// Bookings no longer active whose live credentials were revoked.
    pub revoked: u64,
    /// Stripe payments whose booking (or recorded status) was made to match Stripe.
    pub payments: u64,
    /// Refunds carried out.
    pub refunds: u64,
    /// Repairs that failed this time (logged; the next pass tries again).
    pub failed: u64,
}

impl Repaired {
    pub fn total(&self) -> u64 {
        self.issued + self.revoked + self.payments + self.refunds
    }

    fn add(&mut self, other: Repaired) {
        self.issued += other.issued;
        self.revoked += other.revoked;
        self.payments += other.payments;
        self.refunds += other.refunds;
        self.failed += other.failed;
    }
}

impl fmt::Display for Repaired {
    /// The one-line summary `ledig repair` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Repair: {} bookings given missing door credentials, {} inactive bookings' credentials revoked, \
             {} payments settled, {} refunds carried out, {} failed.",
            self.issued, self.revoked, self.payments, self.refunds, self.failed
        )
    }
}

/// The whole pass: credentials, then (with Stripe) payments, then refunds.
pub async fn run(
    db: &Db,
    provider: &PaymentProvider,
    now: DateTime<Utc>,
) -> sqlx::Result<Repaired> {
    let mut done = credentials(db, now.timestamp()).await?;
    if let Some(stripe) = provider.stripe() {
        done.add(payments(db, provider, stripe, now).await?);
    }
    done.add(refunds(db, provider).await?);
    Ok(done)
}

/// Door credentials against booking status (needs no payment provider; runs
/// before `ledig serve` starts listening).
pub async fn credentials(db: &Db, now: i64) -> sqlx::Result<Repaired> {
    const MISSING: &str = "SELECT b.id FROM bookings b \
         WHERE b.status = 'confirmed' AND b.no_show_at IS NULL AND b.ends_at > $1 AND ( \
         NOT EXISTS (SELECT 1 FROM access_credentials a WHERE a.booking_id = b.id AND a.kind = 'qr' AND a.revoked_at IS NULL) \
         OR NOT EXISTS (SELECT 1 FROM access_credentials a WHERE a.booking_id = b.id AND a.kind = 'code' AND a.revoked_at IS NULL))";
    const LIVE_ON_INACTIVE: &str = "SELECT DISTINCT a.booking_id FROM access_credentials a \
         JOIN bookings b ON b.id = a.booking_id \
         WHERE a.revoked_at IS NULL AND a.expires_at > $1 AND (b.status <> 'confirmed' OR b.no_show_at IS NOT NULL)";
    let mut done = Repaired::default();
    let missing: Vec<Uuid> =
        on_db!(db, pool => sqlx::query_scalar(MISSING).bind(now).fetch_all(pool).await)?;
    // In batches: one commit (one fsync on SQLite) per batch, not per
    // booking; a batch that fails is retried one by one.
    let signer = credentials::Signer::active(db).await?;
    let digits = crate::access::settings().code_digits;
    for batch in missing.chunks(200) {
        let issued = async {
            let mut tx = db.begin_write().await?;
            let mut issued = 0;
            for &id in batch {
                if credentials::issue_in(&mut tx, &signer, id, digits, now)
                    .await?
                    .is_some()
                {
                    issued += 1;
                }
            }
            tx.commit().await?;
            Ok::<u64, sqlx::Error>(issued)
        };
        if let Ok(issued) = issued.await {
            if issued > 0 {
                tracing::warn!(
                    bookings = issued,
                    "repair: issued the missing door credentials of confirmed bookings"
                );
            }
            done.issued += issued;
            continue;
        }
        for &id in batch {
            match credentials::issue_for_booking(db, id).await {
                Ok(Some(_)) => {
                    tracing::warn!(booking = %id, "repair: issued the missing door credentials of a confirmed booking");
                    done.issued += 1;
                }
                // Cancelled meanwhile: nothing to issue.
                Ok(None) => {}
                Err(error) => {
                    tracing::error!(booking = %id, %error, "repair: issuing door credentials failed");
                    done.failed += 1;
                }
            }
        }
    }
    let live: Vec<Uuid> =
        on_db!(db, pool => sqlx::query_scalar(LIVE_ON_INACTIVE).bind(now).fetch_all(pool).await)?;
    for id in live {
        match revoke_if_inactive(db, id, now).await {
            Ok(0) => {}
            Ok(_) => {
                tracing::warn!(booking = %id, "repair: revoked the live door credentials of an inactive booking");
                done.revoked += 1;
            }
            Err(error) => {
                tracing::error!(booking = %id, %error, "repair: revoking door credentials failed");
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

/// Revokes a booking's credentials if, checked again under its row lock, it
/// is still not active (a lapsed hold may have been paid meanwhile).
async fn revoke_if_inactive(db: &Db, id: Uuid, now: i64) -> sqlx::Result<u64> {
    const CLAIM: &str = "UPDATE bookings SET status = status \
         WHERE id = $1 AND (status <> 'confirmed' OR no_show_at IS NOT NULL) RETURNING id";
    let mut tx = db.begin_write().await?;
    let inactive: Option<Uuid> =
        on_tx!(&mut tx, tx => sqlx::query_scalar(CLAIM).bind(id).fetch_optional(&mut **tx).await)?;
    if inactive.is_none() {
        return Ok(0);
    }
    let n = credentials::revoke_in(&mut tx, id, now).await?;
    tx.commit().await?;
    Ok(n)
}

/// Stripe payments against booking status, decided from the PaymentIntent
/// as Stripe has it now.
async fn payments(
    db: &Db,
    provider: &PaymentProvider,
    stripe: &StripeProvider,
    now: DateTime<Utc>,
) -> sqlx::Result<Repaired> {
    const DISAGREE: &str =
        "SELECT p.intent_id FROM payments p JOIN bookings b ON b.id = p.booking_id \
         WHERE p.provider = 'stripe' AND p.created_at > $1 AND ($2 = '' OR p.intent_id = $2) AND ( \
         (p.status = 'succeeded' AND (b.status IN ('held', 'expired') \
            OR (b.status = 'cancelled' AND COALESCE(b.cancelled_from, '') <> 'confirmed'))) \
         OR ((b.status = 'confirmed' OR b.cancelled_from = 'confirmed') \
            AND p.status NOT IN ('succeeded', 'refunded', 'partially_refunded')))";
    // A cancellation refunded through the demo provider (no money moved)
    // although Stripe had taken the money: what an older release did when
    // the cancel came between the confirmation and recording the payment.
    const DEMO_REFUNDED: &str = "SELECT r.booking_id FROM refunds r \
         JOIN payments p ON p.booking_id = r.booking_id AND p.provider = 'stripe' \
         WHERE r.provider = 'demo' AND p.status = 'succeeded'";
    const TO_STRIPE: &str = "UPDATE refunds SET provider = 'stripe', status = 'pending', \
         provider_refund_id = NULL, updated_at = $2 WHERE booking_id = $1 AND provider = 'demo'";
    let mut done = Repaired::default();
    let since = (now - PAYMENT_LOOKBACK).timestamp();
    let disagreeing = |pattern: String| async move {
        on_db!(db, pool => sqlx::query_scalar::<_, String>(DISAGREE)
            .bind(since).bind(pattern).fetch_all(pool).await)
    };
    for intent_id in disagreeing(String::new()).await? {
        let applied = match stripe.retrieve(&intent_id).await {
            Ok(intent) => sync::apply(db, stripe, &intent, None).await.map(|_| ()),
            Err(error) => Err(error.into()),
        };
        match applied {
            // Applied: does it agree now?
            Ok(()) if disagreeing(intent_id.clone()).await?.is_empty() => {
                tracing::warn!(intent = %intent_id, "repair: settled a payment with its booking");
                done.payments += 1;
            }
            Ok(()) => {
                tracing::error!(intent = %intent_id, "repair: a payment disagrees with its booking, and Stripe does not say it succeeded; look at it in the Dashboard");
                done.failed += 1;
            }
            Err(error) => {
                tracing::error!(intent = %intent_id, %error, "repair: settling a payment failed");
                done.failed += 1;
            }
        }
    }
    let demo_refunded: Vec<Uuid> =
        on_db!(db, pool => sqlx::query_scalar(DEMO_REFUNDED).fetch_all(pool).await)?;
    for id in demo_refunded {
        on_db!(db, pool => sqlx::query(TO_STRIPE).bind(id).bind(now.timestamp()).execute(pool).await.map(|_| ()))?;
        match refund::carry_out(db, provider, id).await {
            Ok(Some(status)) if status == "succeeded" => {
                tracing::warn!(booking = %id, "repair: refunded through Stripe a cancellation the demo provider had 'refunded'");
                done.refunds += 1;
            }
            Ok(_) => done.failed += 1,
            Err(error) => {
                tracing::error!(booking = %id, %error, "repair: refunding through Stripe failed");
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

/// Refunds still pending (Stripe could not be reached when they were asked for).
async fn refunds(db: &Db, provider: &PaymentProvider) -> sqlx::Result<Repaired> {
    let refunds = refund::retry_pending(db, provider).await? as u64;
    Ok(Repaired {
        refunds,
        ..Repaired::default()
    })
}

/// Runs [`run`] every few minutes, forever (the first pass at once).
pub async fn run_forever(db: Db, provider: PaymentProvider) {
    let mut tick = crate::wake::every(EVERY);
    while tick.wait().await {
        let round = run(&db, &provider, Utc::now()).await;
        crate::metrics::job_round("repair", round.is_ok());
        match round {
            Ok(done) if done.total() == 0 && done.failed == 0 => {}
            Ok(done) => tracing::warn!("{done}"),
            Err(error) => tracing::warn!(%error, "the repair pass failed"),
        }
    }
}
