//! Confirming a booking: its status, its door code and door credentials and,
//! when Stripe took the money, the payment's `succeeded` (and the webhook
//! event that said so), all in ONE write transaction. Nothing can then leave
//! a paid booking without its door code, or a confirmed booking whose
//! payment still looks unpaid (which would send a later cancellation's
//! refund through the demo provider, moving no money): a crash, or a client
//! that disconnects and makes axum drop the handler, either cuts before the
//! commit (nothing written; a retry starts afresh) or after it (all written).

use chrono::{DateTime, Utc};

use super::{door_code, store::EventRef};
use crate::{
    access::{self, credentials::Signer},
    bookings::store::{self as bookings, BookingRow, WriteOutcome},
    db::Db,
};

/// The Stripe payment that pays for the booking.
#[derive(Debug, Clone)]
pub struct Paid<'a> {
    pub intent_id: &'a str,
    /// The webhook event that reported it (the reconciler has none).
    pub event: Option<EventRef<'a>>,
}

/// How a confirmation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// Confirmed, with credentials (and the payment recorded as succeeded).
    Done,
    /// The webhook event had been applied already: nothing written.
    Duplicate,
    /// The lapsed hold's slot was taken: nothing written.
    SlotTaken,
    /// Not held or lapsed any more (paid or cancelled concurrently): nothing written.
    WrongState,
}

/// Confirms a held (or lapsed) booking: no payment for the demo provider and
/// free bookings, `paid` for Stripe.
pub async fn confirm(
    db: &Db,
    booking: &BookingRow,
    paid: Option<Paid<'_>>,
    now: DateTime<Utc>,
) -> sqlx::Result<Confirmed> {
    let signer = Signer::active(db).await?;
    let now = now.timestamp();
    let mut tx = db.begin_write().await?;
    if let Some(Paid {
        intent_id,
        event: Some(event),
    }) = &paid
    {
        if !super::store::record_event_in(&mut tx, event, intent_id, now).await? {
            return Ok(Confirmed::Duplicate);
        }
    }
    match bookings::confirm_in(&mut tx, booking, &door_code(), now).await? {
        WriteOutcome::Done => {}
        WriteOutcome::SlotTaken => return Ok(Confirmed::SlotTaken),
        WriteOutcome::WrongState => return Ok(Confirmed::WrongState),
    }
    let digits = access::settings().code_digits;
    access::credentials::issue_in(&mut tx, &signer, booking.id, digits, now).await?;
    if let Some(paid) = &paid {
        super::store::set_status_in(&mut tx, paid.intent_id, "succeeded", None, now).await?;
    }
    tx.commit().await?;
    // Staff may want to hear of it (a booking outside staffed hours).
    crate::wake::STAFF.ring();
    Ok(Confirmed::Done)
}
