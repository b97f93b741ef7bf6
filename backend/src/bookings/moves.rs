//! Moving a paid booking to another court or time of its venue (the desk's
//! doing, issue 15 item 5). One transaction: the booking's court and times
//! change if the new slot is free and open, its old door credentials are
//! revoked and new ones issued for the new court and window, and the slot
//! it left is a freed-slot event for watchers. The price and the terms it
//! was sold with stay; the free-cancellation deadline moves with the start,
//! so "free until 24 hours before" still means 24 hours before.

use super::store::{closed_in, BookingRow, WriteOutcome, EXPIRE_LAPSED, OVERLAPS_ACTIVE};
use crate::{
    access::credentials::{self, Signer},
    db::{is_booking_conflict, Tx},
    on_tx,
};

/// Where a booking goes.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub court_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// Moves `booking` (as read, confirmed and not started) to `to` inside the
/// caller's transaction. `SlotTaken` when another booking or a closure has
/// the new slot, `WrongState` when the booking changed since it was read;
/// on either the caller drops the transaction (a refused write has aborted
/// it on PostgreSQL).
pub async fn move_in(
    tx: &mut Tx,
    signer: &Signer,
    booking: &BookingRow,
    to: Target,
    now: i64,
) -> sqlx::Result<WriteOutcome> {
    const MOVE: &str = "UPDATE bookings SET court_id = $2, starts_at = $3, ends_at = $4, \
         free_cancel_until = free_cancel_until + ($3 - starts_at) \
         WHERE id = $1 AND status = 'confirmed' AND no_show_at IS NULL AND court_id = $5 AND starts_at = $6 AND starts_at > $7";
    const FREED: &str = "INSERT INTO slot_events (kind, reason, court_id, booking_id, starts_at, ends_at, created_at) \
         VALUES ('freed', 'moved', $1, $2, $3, $4, $5)";
    // A closure being written now either sees the booking where it lands or
    // is seen here (the venue's closure lock, as for holds).
    crate::operator::closures::hold_off(tx, to.court_id).await?;
    if closed_in(tx, to.court_id, to.starts_at, to.ends_at).await? {
        return Ok(WriteOutcome::SlotTaken);
    }
    let moved = on_tx!(tx, tx => {
        sqlx::query(EXPIRE_LAPSED)
            .bind(to.court_id).bind(now).bind(to.starts_at).bind(to.ends_at).bind(booking.id)
            .execute(&mut **tx).await?;
        let overlapping: i64 = sqlx::query_scalar(OVERLAPS_ACTIVE)
            .bind(to.court_id).bind(to.starts_at).bind(to.ends_at).bind(booking.id)
            .fetch_one(&mut **tx).await?;
        if overlapping > 0 {
            return Ok(WriteOutcome::SlotTaken);
        }
        let updated = sqlx::query(MOVE)
            .bind(booking.id).bind(to.court_id).bind(to.starts_at).bind(to.ends_at)
            .bind(booking.court_id).bind(booking.starts_at).bind(now)
            .execute(&mut **tx).await;
        match updated {
            Err(e) if is_booking_conflict(&e) => return Ok(WriteOutcome::SlotTaken),
            other => other?.rows_affected(),
        }
    });
    if moved != 1 {
        return Ok(WriteOutcome::WrongState);
    }
    // The old code and QR stop working where they were; new ones open the
    // new court in the new window (the door code kept when it is free there).
    credentials::revoke_in(tx, booking.id, now).await?;
    credentials::issue_in(
        tx,
        signer,
        booking.id,
        crate::access::settings().code_digits,
        now,
    )
    .await?;
    on_tx!(tx, tx => sqlx::query(FREED)
        .bind(booking.court_id).bind(booking.id).bind(booking.starts_at).bind(booking.ends_at).bind(now)
        .execute(&mut **tx).await.map(|_| ()))?;
    Ok(WriteOutcome::Done)
}

/// Whether the booking already is where it is asked to go (a repeated move).
pub fn is_at(booking: &BookingRow, to: Target) -> bool {
    booking.court_id == to.court_id && booking.starts_at == to.starts_at
}
