//! No-shows: a confirmed booking with no accepted entry within
//! `LEDIG_NO_SHOW_MINUTES` (15) of its start is marked `no_show_at` (its
//! status stays `confirmed` for compatibility). The rest of the slot is freed:
//! the booking's end is cut back to the next whole minute (the original end
//! is kept in `original_ends_at`), its door credentials are revoked, and a
//! `freed` row goes to `slot_events`.
//!
//! A lock that was offline may report the player's entry only later. The
//! player is on court then, so [`after_late_check_in`] gives the booking its
//! rest back if nobody booked it meanwhile; if someone did, the newer booking
//! wins (it was made in good faith on a slot shown as free) and the cut stays.

use std::time::Duration;

use shared::access::{LateCheckIn, LateCheckInOutcome};
use uuid::Uuid;

use super::{
    credentials::{self, Signer},
    settings,
};
use crate::{
    bookings::store::{self, WriteOutcome},
    db::{Db, Tx},
    on_db, on_tx,
};

#[derive(sqlx::FromRow)]
struct Candidate {
    id: Uuid,
    court_id: i64,
    ends_at: i64,
}

/// Marks every due no-show as of `now` (unix seconds); returns how many.
pub async fn mark_no_shows(db: &Db, now: i64) -> sqlx::Result<u64> {
    const DUE: &str = "SELECT id, court_id, ends_at FROM bookings \
         WHERE status = 'confirmed' AND checked_in_at IS NULL AND no_show_at IS NULL \
         AND starts_at <= $1 AND ends_at > $2";
    const MARK: &str =
        "UPDATE bookings SET no_show_at = $2, ends_at = $3, original_ends_at = ends_at \
         WHERE id = $1 AND status = 'confirmed' AND checked_in_at IS NULL AND no_show_at IS NULL";
    const FREED: &str = "INSERT INTO slot_events \
         (kind, reason, court_id, booking_id, starts_at, ends_at, created_at) \
         VALUES ('freed', 'no_show', $1, $2, $3, $4, $5)";
    let freed_from = (now + 59).div_euclid(60) * 60;
    let due_before = now - settings().no_show_seconds;
    let due: Vec<Candidate> = on_db!(db, pool => sqlx::query_as::<_, Candidate>(DUE)
        .bind(due_before).bind(freed_from).fetch_all(pool).await)?;
    let mut marked = 0;
    for b in due {
        // The mark, the freed slot and the revocation are one transaction.
        let mut tx = db.begin_write().await?;
        let n = on_tx!(&mut tx, tx => sqlx::query(MARK).bind(b.id).bind(now).bind(freed_from)
            .execute(&mut **tx).await?.rows_affected());
        if n == 1 {
            on_tx!(&mut tx, tx => sqlx::query(FREED)
                .bind(b.court_id).bind(b.id).bind(freed_from).bind(b.ends_at).bind(now)
                .execute(&mut **tx).await.map(|_| ()))?;
            credentials::revoke_in(&mut tx, b.id, now).await?;
            marked += 1;
        }
        tx.commit().await?;
    }
    if marked > 0 {
        crate::wake::OFFERS.ring();
    }
    Ok(marked)
}

/// After an accepted entry checked in booking `id`, inside the entry's
/// transaction: if it had been marked a no-show, restores its original end
/// and re-issues its door credentials when the freed rest is still free, or
/// leaves the cut when it was booked. `None` when the booking was not a
/// no-show.
pub async fn after_late_check_in(
    tx: &mut Tx,
    signer: &Signer,
    id: Uuid,
    now: i64,
) -> sqlx::Result<Option<LateCheckIn>> {
    let outcome = match store::restore_no_show_end_in(tx, id, now).await? {
        WriteOutcome::WrongState => return Ok(None),
        WriteOutcome::Done => LateCheckInOutcome::Restored,
        WriteOutcome::SlotTaken => LateCheckInOutcome::KeptCut,
    };
    const ENDS: &str = "SELECT ends_at FROM bookings WHERE id = $1";
    let ends_at: i64 =
        on_tx!(tx, tx => sqlx::query_scalar(ENDS).bind(id).fetch_one(&mut **tx).await)?;
    // Back in the game: the player may step out and in again until the end.
    if outcome == LateCheckInOutcome::Restored && ends_at > now {
        credentials::issue_in(tx, signer, id, settings().code_digits, now).await?;
    }
    match outcome {
        LateCheckInOutcome::Restored => {
            tracing::info!(booking = %id, ends_at, "late entry: no-show undone, slot rest restored")
        }
        LateCheckInOutcome::KeptCut => {
            tracing::info!(booking = %id, ends_at, "late entry: no-show rest was booked meanwhile, cut kept")
        }
    }
    Ok(Some(LateCheckIn {
        booking_ref: crate::bookings::owner::access_ref(id),
        outcome,
        ends_at: super::instant(ends_at),
    }))
}

/// Runs [`mark_no_shows`] every minute, forever.
pub async fn mark_no_shows_forever(db: Db) {
    let mut tick = crate::wake::every(Duration::from_secs(60));
    while tick.wait().await {
        let round = mark_no_shows(&db, chrono::Utc::now().timestamp()).await;
        crate::metrics::job_round("no_shows", round.is_ok());
        match round {
            Ok(0) => {}
            Ok(n) => tracing::info!(no_shows = n, "freed the rest of no-show slots"),
            Err(error) => tracing::warn!(%error, "no-show sweep failed"),
        }
    }
}
