//! Booking SQL. The no-double-booking rule lives here: on SQLite the
//! overlap check and the write share one `BEGIN IMMEDIATE` transaction; on
//! PostgreSQL the `bookings_no_overlap` exclusion constraint refuses the
//! write, and the check beforehand only makes the common case cheap.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use shared::{
    rules::{vat_included, CancellationOutcome, CancellationTerms},
    Booking, BookingStatus, CustomerCategory, Money,
};
use uuid::Uuid;

use crate::{
    availability::grid,
    db::{is_booking_conflict, BeginWrite, Db, Tx},
    on_db, on_tx,
};

/// A taken interval on a court (no names: this feeds public views).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TakenInterval {
    pub court_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Closed by the venue (a closure), not booked (a block reads booked).
    pub closed: bool,
}

/// Active bookings and closures at a venue that overlap `[from, to)`.
pub async fn active_intervals_at_venue(
    db: &Db,
    venue_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> sqlx::Result<Vec<TakenInterval>> {
    const SQL: &str = "SELECT b.court_id, b.starts_at, b.ends_at, FALSE AS closed FROM bookings b JOIN courts c ON c.id = b.court_id \
         WHERE c.venue_id = $1 AND b.starts_at < $3 AND b.ends_at > $2 \
         AND (b.status = 'confirmed' OR (b.status = 'held' AND b.hold_expires_at > $4)) \
         UNION ALL SELECT c.id, cl.starts_at, cl.ends_at, cl.kind = 'closure' FROM closures cl \
         JOIN courts c ON c.venue_id = cl.venue_id AND (cl.court_id IS NULL OR cl.court_id = c.id) \
         WHERE cl.venue_id = $1 AND cl.reopened_at IS NULL AND cl.starts_at < $3 AND cl.ends_at > $2";
    on_db!(db, pool => sqlx::query_as::<_, TakenInterval>(SQL)
        .bind(venue_id)
        .bind(from.timestamp())
        .bind(to.timestamp())
        .bind(now.timestamp())
        .fetch_all(pool)
        .await)
}

/// A booking to be written as a hold.
#[derive(Debug, Clone)]
pub struct NewBooking {
    pub id: Uuid,
    pub court_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub name: String,
    pub email: String,
    pub price: Money,
    pub hold_expires_at: i64,
    pub created_at: i64,
    /// The client's Idempotency-Key, if it sent one.
    pub idempotency_key: Option<String>,
    /// The signed-in account that booked, if any.
    pub account_id: Option<Uuid>,
    /// What the venue's rules priced and promised (and the per-person limit).
    pub terms: HoldTerms,
}

/// The rules' part of a hold, fixed on the booking row when it is made.
#[derive(Debug, Clone, Default)]
pub struct HoldTerms {
    pub category: CustomerCategory,
    /// `peak` or `off_peak`, when a tariff priced it.
    pub band: Option<&'static str>,
    pub vat_basis_points: i64,
    /// The VAT included in the price (`None`: computed when read).
    pub vat_minor: Option<i64>,
    /// Free cancellation until this instant (`None`: until the start).
    pub free_cancel_until: Option<i64>,
    /// Kept when cancelled after `free_cancel_until`.
    pub late_cancel_fee_minor: i64,
    /// The person (normalised e-mail) and the most active bookings they may
    /// have at this venue; `None`: no limit.
    pub email_key: Option<String>,
    pub max_active: Option<i64>,
}

/// How an attempt to hold a slot ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldOutcome {
    Held,
    /// The same Idempotency-Key already made this booking.
    Replayed(Uuid),
    /// Another active booking overlaps on the same court, or the venue has
    /// closed the court then.
    SlotTaken,
    /// The person already has this many active bookings at the venue, the
    /// most its rules allow.
    LimitReached(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Done,
    /// Another active booking overlaps on the same court.
    SlotTaken,
    /// The booking was not in a state the write applies to.
    WrongState,
}

// Lapsed holds on the court that overlap the window are marked expired first,
// so a hold nobody paid for never blocks the next player.
pub(super) const EXPIRE_LAPSED: &str = "UPDATE bookings SET status = 'expired' \
     WHERE court_id = $1 AND status = 'held' AND hold_expires_at <= $2 AND starts_at < $4 AND ends_at > $3 AND id <> $5";
pub(super) const OVERLAPS_ACTIVE: &str = "SELECT COUNT(*) FROM bookings \
     WHERE court_id = $1 AND starts_at < $3 AND ends_at > $2 AND id <> $4 AND status IN ('held', 'confirmed')";
const INSERT_HOLD: &str = "INSERT INTO bookings \
     (id, court_id, starts_at, ends_at, status, name, email, price_minor, currency, hold_expires_at, created_at, idempotency_key, account_id, \
      category, price_band, vat_basis_points, vat_minor, free_cancel_until, late_cancel_fee_minor, email_key) \
     VALUES ($1, $2, $3, $4, 'held', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)";
// A person's active bookings at the court's venue: held and not lapsed, or
// confirmed, and not yet started.
const ACTIVE_FOR_PERSON: &str = "SELECT COUNT(*) FROM bookings b JOIN courts c ON c.id = b.court_id \
     WHERE b.email_key = $1 AND c.venue_id = (SELECT venue_id FROM courts WHERE id = $2) AND b.starts_at > $3 \
     AND (b.status = 'confirmed' OR (b.status = 'held' AND b.hold_expires_at > $3))";
const BY_IDEMPOTENCY_KEY: &str = "SELECT id FROM bookings WHERE idempotency_key = $1";
/// Open closures over `[$2, $3)` on court `$1` (its own, or its venue's).
const OVERLAPS_CLOSURE: &str = "SELECT COUNT(*) FROM closures cl JOIN courts c ON c.id = $1 \
     AND cl.venue_id = c.venue_id AND (cl.court_id IS NULL OR cl.court_id = c.id) \
     WHERE cl.reopened_at IS NULL AND cl.starts_at < $3 AND cl.ends_at > $2";

/// Is court `court_id` closed anywhere in `[starts_at, ends_at)`? Asked
/// inside a write transaction that began with
/// [`crate::operator::closures::hold_off`], so that a closure being written
/// at the same time is either seen here or sees this booking and cancels it.
pub(super) async fn closed_in(
    tx: &mut Tx,
    court_id: i64,
    starts_at: i64,
    ends_at: i64,
) -> sqlx::Result<bool> {
    let closed: i64 = on_tx!(tx, tx => sqlx::query_scalar(OVERLAPS_CLOSURE)
        .bind(court_id).bind(starts_at).bind(ends_at).fetch_one(&mut **tx).await)?;
    Ok(closed > 0)
}

/// The booking an Idempotency-Key already made, if any.
pub async fn by_idempotency_key(db: &Db, key: &str) -> sqlx::Result<Option<Uuid>> {
    on_db!(db, pool => sqlx::query_scalar(BY_IDEMPOTENCY_KEY).bind(key).fetch_optional(pool).await)
}

/// Holds the slot for `b`, unless an active booking overlaps it, `b`'s
/// Idempotency-Key already made a booking, or the person is at the venue's
/// limit of active bookings. The limit is counted inside the write
/// transaction and, on PostgreSQL, under an advisory lock on the person, so
/// concurrent holds by one person cannot overshoot it.
pub async fn insert_hold(db: &Db, b: &NewBooking, now: i64) -> sqlx::Result<HoldOutcome> {
    let mut tx = db.begin_write().await?;
    let outcome = insert_hold_in(&mut tx, b, now).await?;
    if outcome == HoldOutcome::Held {
        tx.commit().await?;
    }
    // A twin request with the same key may have won the race: then this is a replay.
    if let (HoldOutcome::SlotTaken, Some(key)) = (outcome, &b.idempotency_key) {
        if let Some(id) = by_idempotency_key(db, key).await? {
            return Ok(HoldOutcome::Replayed(id));
        }
    }
    Ok(outcome)
}

/// [`insert_hold`] inside the caller's transaction (a fair offer's hold is
/// written with its offer and its push). On PostgreSQL a refused insert
/// aborts the transaction: the caller must not go on writing after
/// anything but [`HoldOutcome::Held`].
pub async fn insert_hold_in(tx: &mut Tx, b: &NewBooking, now: i64) -> sqlx::Result<HoldOutcome> {
    // First, before any other lock: a closure takes only this one.
    crate::operator::closures::hold_off(tx, b.court_id).await?;
    if let Some(key) = &b.idempotency_key {
        let earlier: Option<Uuid> = on_tx!(tx, tx => sqlx::query_scalar(BY_IDEMPOTENCY_KEY)
            .bind(key).fetch_optional(&mut **tx).await)?;
        if let Some(id) = earlier {
            return Ok(HoldOutcome::Replayed(id));
        }
    }
    let limit = match (&b.terms.email_key, b.terms.max_active) {
        (Some(person), Some(max)) => {
            tx.lock_key("person-holds", crate::rules::person_lock_key(person))
                .await?;
            let active: i64 = on_tx!(tx, tx => sqlx::query_scalar(ACTIVE_FOR_PERSON)
                .bind(person).bind(b.court_id).bind(now)
                .fetch_one(&mut **tx).await)?;
            (active >= max).then_some(max)
        }
        _ => None,
    };
    on_tx!(tx, tx => sqlx::query(EXPIRE_LAPSED)
        .bind(b.court_id).bind(now).bind(b.starts_at).bind(b.ends_at).bind(b.id)
        .execute(&mut **tx).await.map(|_| ()))?;
    let overlapping: i64 = on_tx!(tx, tx => sqlx::query_scalar(OVERLAPS_ACTIVE)
        .bind(b.court_id).bind(b.starts_at).bind(b.ends_at).bind(b.id)
        .fetch_one(&mut **tx).await)?;
    if let Some(max) = limit {
        return Ok(HoldOutcome::LimitReached(max));
    }
    if overlapping > 0 || closed_in(tx, b.court_id, b.starts_at, b.ends_at).await? {
        return Ok(HoldOutcome::SlotTaken);
    }
    let t = &b.terms;
    let inserted = on_tx!(tx, tx => sqlx::query(INSERT_HOLD)
        .bind(b.id).bind(b.court_id).bind(b.starts_at).bind(b.ends_at)
        .bind(&b.name).bind(&b.email).bind(b.price.amount_minor).bind(&b.price.currency)
        .bind(b.hold_expires_at).bind(b.created_at).bind(&b.idempotency_key).bind(b.account_id)
        .bind(t.category.as_str()).bind(t.band).bind(t.vat_basis_points).bind(t.vat_minor)
        .bind(t.free_cancel_until).bind(t.late_cancel_fee_minor).bind(&t.email_key)
        .execute(&mut **tx).await.map(|_| ()));
    match inserted {
        // PostgreSQL: a concurrent twin holds the slot or the key.
        Err(e) if is_booking_conflict(&e) || is_unique_violation(&e) => Ok(HoldOutcome::SlotTaken),
        Err(e) => Err(e),
        Ok(()) => {
            // Counted when written: a transaction the caller then rolls
            // back (rare: a failed commit) is counted all the same.
            crate::metrics::count(&crate::metrics::HOLDS);
            Ok(HoldOutcome::Held)
        }
    }
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|e| e.is_unique_violation())
}

/// Confirms a held (or lapsed) booking with `door_code`, in a transaction
/// of its own and *without* door credentials. The app confirms through
/// `payments::confirm`, which issues the credentials in the same
/// transaction; this is for tests that stage a particular code.
pub async fn confirm(
    db: &Db,
    booking: &BookingRow,
    door_code: &str,
    now: i64,
) -> sqlx::Result<WriteOutcome> {
    let mut tx = db.begin_write().await?;
    let outcome = confirm_in(&mut tx, booking, door_code, now).await?;
    if outcome == WriteOutcome::Done {
        tx.commit().await?;
    }
    Ok(outcome)
}

/// Confirms a held (or lapsed) booking and gives it its door code, if its
/// slot is still its own, inside the caller's transaction. On anything but
/// `Done` the caller must drop the transaction (on PostgreSQL a refused
/// write has aborted it).
pub async fn confirm_in(
    tx: &mut Tx,
    booking: &BookingRow,
    door_code: &str,
    now: i64,
) -> sqlx::Result<WriteOutcome> {
    const CONFIRM: &str =
        "UPDATE bookings SET status = 'confirmed', door_code = $2, hold_expires_at = NULL, confirmed_at = $3 \
         WHERE id = $1 AND status IN ('held', 'expired')";
    // A hold in a range closed since (or a lapsed one) is not confirmed:
    // the payment is refunded as for a slot someone else took.
    crate::operator::closures::hold_off(tx, booking.court_id).await?;
    if closed_in(tx, booking.court_id, booking.starts_at, booking.ends_at).await? {
        return Ok(WriteOutcome::SlotTaken);
    }
    on_tx!(tx, tx => {
        sqlx::query(EXPIRE_LAPSED)
            .bind(booking.court_id).bind(now).bind(booking.starts_at).bind(booking.ends_at).bind(booking.id)
            .execute(&mut **tx).await?;
        let overlapping: i64 = sqlx::query_scalar(OVERLAPS_ACTIVE)
            .bind(booking.court_id).bind(booking.starts_at).bind(booking.ends_at).bind(booking.id)
            .fetch_one(&mut **tx).await?;
        if overlapping > 0 {
            return Ok(WriteOutcome::SlotTaken);
        }
        let updated = sqlx::query(CONFIRM).bind(booking.id).bind(door_code).bind(now).execute(&mut **tx).await;
        let updated = match updated {
            Err(e) if is_booking_conflict(&e) => return Ok(WriteOutcome::SlotTaken),
            other => other?,
        };
        if updated.rows_affected() == 0 {
            return Ok(WriteOutcome::WrongState);
        }
        crate::metrics::count(&crate::metrics::CONFIRMATIONS);
        Ok(WriteOutcome::Done)
    })
}

/// A cancellation as decided by the venue's rules.
#[derive(Debug, Clone)]
pub struct Cancel {
    pub id: Uuid,
    /// The status it is cancelled from (`held` or `confirmed`); if it has
    /// changed meanwhile, nothing is written.
    pub from: BookingStatus,
    pub at: i64,
    pub fee_minor: i64,
    pub refund_minor: i64,
    pub currency: String,
    /// Who refunds (`demo` or `stripe`), when there is something to refund.
    pub refund_provider: &'static str,
    /// The closure that cancels it (the venue's doing). Its slot is then not
    /// free, so no freed-slot event is written; reopening writes them.
    pub closure_id: Option<Uuid>,
}

impl Cancel {
    /// `row` cancelled at `now` from `from` by its player, the desk or an
    /// erasure: it keeps the venue's fee for that moment (none when
    /// `waive_fee`) and gives back the rest of what was paid, through
    /// `refund_provider` (`payments::refund::provider_for`).
    pub fn of(
        row: &BookingRow,
        from: BookingStatus,
        now: DateTime<Utc>,
        waive_fee: bool,
        refund_provider: &'static str,
    ) -> Cancel {
        let (paid, fee) = row.cancel_amounts(from, now, waive_fee);
        Cancel {
            id: row.id,
            from,
            at: now.timestamp(),
            fee_minor: fee,
            refund_minor: paid - fee,
            currency: row.currency.clone(),
            refund_provider,
            closure_id: None,
        }
    }
}

/// Cancels an active booking; the slot is free at once. In the same
/// transaction it revokes the door credentials and records what was kept and
/// refunded: a demo refund as done (no money moves), a Stripe refund as
/// pending for `payments::refund` to carry out.
pub async fn cancel(db: &Db, c: &Cancel) -> sqlx::Result<WriteOutcome> {
    let mut tx = db.begin_write().await?;
    let outcome = cancel_in(&mut tx, c).await?;
    if outcome == WriteOutcome::Done {
        tx.commit().await?;
        crate::wake::OFFERS.ring();
    }
    Ok(outcome)
}

/// [`cancel`] inside the caller's transaction (a closure cancels many
/// bookings in its own). The caller commits, and rings the offer worker.
pub async fn cancel_in(tx: &mut Tx, c: &Cancel) -> sqlx::Result<WriteOutcome> {
    const SQL: &str = "UPDATE bookings SET status = 'cancelled', hold_expires_at = NULL, \
         cancelled_at = $2, cancelled_from = $3, cancel_fee_minor = $4, refund_minor = $5, closure_id = $6 \
         WHERE id = $1 AND status = $3";
    const REFUND: &str = "INSERT INTO refunds \
         (booking_id, provider, amount_minor, currency, status, provider_refund_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $6, NULL, $5, $5)";
    let done = on_tx!(tx, tx => sqlx::query(SQL)
        .bind(c.id).bind(c.at).bind(c.from.as_str()).bind(c.fee_minor).bind(c.refund_minor)
        .bind(c.closure_id)
        .execute(&mut **tx).await?.rows_affected());
    if done != 1 {
        return Ok(WriteOutcome::WrongState);
    }
    // A cancelled booking never keeps a working code: revoked in the same
    // transaction, so no crash or dropped request can leave one live.
    crate::access::credentials::revoke_in(tx, c.id, c.at).await?;
    on_tx!(tx, tx => {
        if c.refund_minor > 0 {
            let status = if c.refund_provider == "demo" { "succeeded" } else { "pending" };
            sqlx::query(REFUND)
                .bind(c.id).bind(c.refund_provider).bind(c.refund_minor).bind(&c.currency).bind(c.at)
                .bind(status)
                .execute(&mut **tx).await?;
            crate::metrics::count(&crate::metrics::REFUNDS);
        }
        // Watchers hear of it: the freed slot is recorded with the change.
        if c.closure_id.is_none() {
            sqlx::query(FREED_BY_CANCEL).bind(c.id).bind(c.at).execute(&mut **tx).await?;
        }
        Ok::<(), sqlx::Error>(())
    })?;
    Ok(WriteOutcome::Done)
}

/// The slot a cancelled booking held, as a freed-slot event (watchers are
/// told of it), unless it had already started.
const FREED_BY_CANCEL: &str = "INSERT INTO slot_events (kind, reason, court_id, booking_id, starts_at, ends_at, created_at) \
     SELECT 'freed', 'cancelled', court_id, id, starts_at, ends_at, $2 FROM bookings WHERE id = $1 AND starts_at > $2";

/// Gives a no-show booking back the rest of its slot (its end up to
/// `original_ends_at`), if no other active booking took any of it meanwhile.
/// `WrongState` when it is not a cut-back no-show.
pub async fn restore_no_show_end(db: &Db, id: Uuid, now: i64) -> sqlx::Result<WriteOutcome> {
    let mut tx = db.begin_write().await?;
    let outcome = restore_no_show_end_in(&mut tx, id, now).await?;
    if outcome == WriteOutcome::Done {
        tx.commit().await?;
    }
    Ok(outcome)
}

/// [`restore_no_show_end`] inside the caller's transaction (the entry that
/// checks the player in). On anything but `Done` nothing was changed and the
/// transaction goes on: the one write PostgreSQL may refuse runs in a
/// savepoint, so the refusal does not abort the caller's other writes.
pub async fn restore_no_show_end_in(tx: &mut Tx, id: Uuid, now: i64) -> sqlx::Result<WriteOutcome> {
    const CUT: &str = "SELECT court_id, ends_at, original_ends_at FROM bookings \
         WHERE id = $1 AND status = 'confirmed' AND no_show_at IS NOT NULL AND original_ends_at IS NOT NULL";
    const RESTORE: &str = "UPDATE bookings SET ends_at = original_ends_at, original_ends_at = NULL, no_show_at = NULL \
         WHERE id = $1 AND status = 'confirmed' AND no_show_at IS NOT NULL AND original_ends_at IS NOT NULL";
    on_tx!(tx, tx => {
        let cut: Option<(i64, i64, i64)> = sqlx::query_as(CUT).bind(id).fetch_optional(&mut **tx).await?;
        let Some((court_id, from, to)) = cut else {
            return Ok(WriteOutcome::WrongState);
        };
        sqlx::query(EXPIRE_LAPSED)
            .bind(court_id).bind(now).bind(from).bind(to).bind(id)
            .execute(&mut **tx).await?;
        let overlapping: i64 = sqlx::query_scalar(OVERLAPS_ACTIVE)
            .bind(court_id).bind(from).bind(to).bind(id)
            .fetch_one(&mut **tx).await?;
        if overlapping > 0 {
            return Ok(WriteOutcome::SlotTaken);
        }
        let mut savepoint = sqlx::Connection::begin(&mut **tx).await?;
        let restored = sqlx::query(RESTORE).bind(id).execute(&mut *savepoint).await;
        match restored {
            // PostgreSQL: a hold for the rest committed after our check.
            Err(e) if is_booking_conflict(&e) => {
                savepoint.rollback().await?;
                return Ok(WriteOutcome::SlotTaken);
            }
            Err(e) => return Err(e),
            Ok(r) if r.rows_affected() == 0 => return Ok(WriteOutcome::WrongState),
            Ok(_) => {}
        }
        savepoint.commit().await?;
        Ok(WriteOutcome::Done)
    })
}

/// Marks every lapsed hold expired; returns how many.
/// A lapsed hold's slot is free again, and watchers are told (in the same
/// transaction, so no freed slot goes unannounced), once: the events are
/// written for the rows this statement expired, so of two sweepers at once
/// (two processes on PostgreSQL) the second waits on the first's row locks,
/// finds those holds no longer held, and frees nothing twice.
pub async fn expire_lapsed_holds(db: &Db, now: i64) -> sqlx::Result<u64> {
    const EXPIRE: &str = "UPDATE bookings SET status = 'expired' \
         WHERE status = 'held' AND hold_expires_at <= $1 RETURNING id, court_id, starts_at, ends_at";
    const FREED: &str = "INSERT INTO slot_events (kind, reason, court_id, booking_id, starts_at, ends_at, created_at) \
         VALUES ('freed', 'hold_lapsed', $1, $2, $3, $4, $5)";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let expired: Vec<(Uuid, i64, i64, i64)> =
            sqlx::query_as(EXPIRE).bind(now).fetch_all(&mut *tx).await?;
        let mut freed = 0;
        // Only a slot still to come is worth offering.
        for (id, court_id, starts_at, ends_at) in expired.iter().filter(|e| e.2 > now) {
            sqlx::query(FREED).bind(court_id).bind(id).bind(starts_at).bind(ends_at).bind(now)
                .execute(&mut *tx).await?;
            freed += 1;
        }
        tx.commit().await?;
        if freed > 0 {
            crate::wake::OFFERS.ring();
        }
        Ok(expired.len() as u64)
    })
}

/// A booking joined with its court and venue.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BookingRow {
    pub id: Uuid,
    pub status: String,
    pub court_id: i64,
    pub court_name: String,
    pub venue_id: i64,
    pub venue_name: String,
    pub venue_address: String,
    pub timezone: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub name: String,
    pub email: String,
    pub price_minor: i64,
    pub currency: String,
    pub hold_expires_at: Option<i64>,
    pub door_code: Option<String>,
    pub created_at: i64,
    /// The unrevoked QR token (door access), if issued.
    pub access_token: Option<String>,
    pub venue_operator: String,
    pub category: String,
    pub price_band: Option<String>,
    pub vat_basis_points: i64,
    pub vat_minor: Option<i64>,
    pub free_cancel_until: Option<i64>,
    pub late_cancel_fee_minor: i64,
    pub confirmed_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub cancelled_from: Option<String>,
    pub cancel_fee_minor: Option<i64>,
    pub refund_minor: Option<i64>,
    /// The cancellation refund's status (`pending`, `succeeded`), if any.
    pub refund_status: Option<String>,
    /// The account it was made under, if signed in.
    pub account_id: Option<Uuid>,
    /// Why the venue closed the court, when a closure cancelled it.
    pub closure_reason: Option<String>,
    /// The caller's phone, when the desk booked it for one.
    pub phone: Option<String>,
    /// Booked at the desk to be paid at the venue (Ledig took no money).
    pub pay_at_venue: bool,
    /// The protected account the booking is of (its own, or the proved
    /// address of one): staff see an alias instead of who it is.
    pub protected_by: Option<Uuid>,
}

/// The columns of a [`BookingRow`], for a `WHERE` to follow.
macro_rules! booking_select {
    () => {
        "SELECT b.id, b.status, b.court_id, c.name AS court_name, v.id AS venue_id, \
         v.name AS venue_name, v.address AS venue_address, v.timezone, b.starts_at, b.ends_at, b.name, b.email, b.price_minor, b.currency, \
         b.hold_expires_at, b.door_code, b.created_at, \
         (SELECT a.token FROM access_credentials a WHERE a.booking_id = b.id AND a.kind = 'qr' AND a.revoked_at IS NULL) AS access_token, \
         v.operator AS venue_operator, b.category, b.price_band, b.vat_basis_points, b.vat_minor, b.free_cancel_until, \
         b.late_cancel_fee_minor, b.confirmed_at, b.cancelled_at, b.cancelled_from, b.cancel_fee_minor, b.refund_minor, \
         (SELECT r.status FROM refunds r WHERE r.booking_id = b.id) AS refund_status, b.account_id, \
         (SELECT cl.reason FROM closures cl WHERE cl.id = b.closure_id) AS closure_reason, b.phone, b.pay_at_venue, \
         (SELECT pa.id FROM accounts pa WHERE pa.protected AND (pa.id = b.account_id \
          OR (pa.email_verified AND pa.email = LOWER(b.email))) LIMIT 1) AS protected_by \
         FROM bookings b JOIN courts c ON c.id = b.court_id JOIN venues v ON v.id = c.venue_id "
    };
}

pub async fn get(db: &Db, id: Uuid) -> sqlx::Result<Option<BookingRow>> {
    const SQL: &str = concat!(booking_select!(), "WHERE b.id = $1");
    on_db!(db, pool => sqlx::query_as::<_, BookingRow>(SQL).bind(id).fetch_optional(pool).await)
}

/// Writes what the desk knows of a caller's booking inside the transaction
/// that made it: their phone, and whether they pay at the venue.
pub async fn desk_details_in(
    tx: &mut Tx,
    id: Uuid,
    phone: Option<&str>,
    pay_at_venue: bool,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE bookings SET phone = $2, pay_at_venue = $3 WHERE id = $1";
    on_tx!(tx, tx => sqlx::query(SQL).bind(id).bind(phone).bind(pay_at_venue)
        .execute(&mut **tx).await.map(|_| ()))
}

/// [`get`] inside a transaction (to read what it has just written).
pub async fn get_in(tx: &mut Tx, id: Uuid) -> sqlx::Result<Option<BookingRow>> {
    const SQL: &str = concat!(booking_select!(), "WHERE b.id = $1");
    on_tx!(tx, tx => sqlx::query_as::<_, BookingRow>(SQL).bind(id).fetch_optional(&mut **tx).await)
}

/// Where a page of past bookings starts: after this booking (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PastCursor {
    pub starts_at: i64,
    pub id: Uuid,
}

impl PastCursor {
    /// `<starts_at>_<id>`, as `past_before` carries it.
    pub fn encode(&self) -> String {
        format!("{}_{}", self.starts_at, self.id)
    }

    pub fn parse(s: &str) -> Option<PastCursor> {
        let (starts_at, id) = s.split_once('_')?;
        Some(PastCursor {
            starts_at: starts_at.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}

/// An account's bookings: every upcoming one, and one page of past ones.
#[derive(Debug, Clone)]
pub struct AccountBookings {
    /// Not yet ended (confirmed, or held with the hold running), soonest first.
    pub upcoming: Vec<BookingRow>,
    /// Ended or cancelled, latest first, at most the asked number.
    pub past: Vec<BookingRow>,
    /// Where the next page of past bookings starts, if there are more.
    pub past_next: Option<PastCursor>,
}

/// An account's bookings: those made while signed in and, once the account
/// has proved its e-mail, those made as a guest with that e-mail. Holds that
/// lapsed unpaid are left out (they were never bookings to the player).
/// Upcoming ones all (a player has few); past ones a page at a time after
/// `past_after`, newest first, so a long history never crowds them out.
pub async fn for_account(
    db: &Db,
    account_id: Uuid,
    verified_email: Option<&str>,
    now: i64,
    past_after: Option<PastCursor>,
    past_limit: i64,
) -> sqlx::Result<AccountBookings> {
    // `LOWER(b.email) = NULL` matches nothing: without a proved address only
    // the account's own bookings count. Both sides of the OR have an index
    // (bookings_account, bookings_email_lower).
    macro_rules! mine {
        () => {
            "(b.account_id = $1 OR LOWER(b.email) = $2)"
        };
    }
    // A booking still on: confirmed, or held while its hold runs.
    macro_rules! live {
        () => {
            "(b.status = 'confirmed' OR (b.status = 'held' AND (b.hold_expires_at IS NULL OR b.hold_expires_at > $3)))"
        };
    }
    const UPCOMING: &str = concat!(
        booking_select!(),
        "WHERE ",
        mine!(),
        " AND ",
        live!(),
        " AND b.ends_at > $3 ORDER BY b.starts_at, b.id"
    );
    const PAST: &str = concat!(
        booking_select!(),
        "WHERE ",
        mine!(),
        " AND (b.status = 'cancelled' OR (",
        live!(),
        " AND b.ends_at <= $3)) \
         AND ($4 IS NULL OR b.starts_at < $4 OR (b.starts_at = $4 AND b.id < $5)) \
         ORDER BY b.starts_at DESC, b.id DESC LIMIT $6"
    );
    let (after_start, after_id) = match past_after {
        Some(c) => (Some(c.starts_at), Some(c.id)),
        None => (None, None),
    };
    let (upcoming, mut past) = on_db!(db, pool => {
        let upcoming = sqlx::query_as::<_, BookingRow>(UPCOMING)
            .bind(account_id).bind(verified_email).bind(now)
            .fetch_all(pool).await?;
        let past = sqlx::query_as::<_, BookingRow>(PAST)
            .bind(account_id).bind(verified_email).bind(now)
            .bind(after_start).bind(after_id).bind(past_limit + 1)
            .fetch_all(pool).await?;
        (upcoming, past)
    });
    // One more than asked tells whether another page follows.
    let past_next = if past.len() as i64 > past_limit {
        past.truncate(past_limit as usize);
        past.last().map(|b| PastCursor {
            starts_at: b.starts_at,
            id: b.id,
        })
    } else {
        None
    };
    Ok(AccountBookings {
        upcoming,
        past,
        past_next,
    })
}

fn instant(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(seconds, 0).single().unwrap_or_default()
}

impl BookingRow {
    /// The status as of `now`: a held booking whose hold lapsed is expired,
    /// whether or not the sweeper has written that down yet.
    pub fn status_at(&self, now: DateTime<Utc>) -> BookingStatus {
        match BookingStatus::parse(&self.status) {
            Some(BookingStatus::Held)
                if self.hold_expires_at.is_some_and(|t| t <= now.timestamp()) =>
            {
                BookingStatus::Expired
            }
            Some(status) => status,
            None => BookingStatus::Expired,
        }
    }

    pub fn starts_at(&self) -> DateTime<Utc> {
        instant(self.starts_at)
    }

    pub fn money(&self, amount_minor: i64) -> Money {
        Money {
            amount_minor,
            currency: self.currency.clone(),
        }
    }

    /// The VAT included in the price (older rows: computed from the rate).
    pub fn vat_minor(&self) -> i64 {
        self.vat_minor.unwrap_or_else(|| {
            vat_included(
                self.price_minor,
                u32::try_from(self.vat_basis_points).unwrap_or(600),
            )
        })
    }

    /// Free cancellation until this instant (older rows: the start).
    pub fn free_cancel_until(&self) -> DateTime<Utc> {
        instant(self.free_cancel_until.unwrap_or(self.starts_at))
    }

    /// What cancelling it from `from` at `now` takes in and keeps: (paid,
    /// fee). The late fee applies after the free-cancellation deadline,
    /// unless the venue waives it; a hold paid nothing and keeps nothing.
    pub fn cancel_amounts(
        &self,
        from: BookingStatus,
        now: DateTime<Utc>,
        waive_fee: bool,
    ) -> (i64, i64) {
        // Paid at the venue: Ledig has nothing to give back (the desk settles it).
        let paid = if from == BookingStatus::Confirmed && !self.pay_at_venue {
            self.price_minor
        } else {
            0
        };
        let fee = if waive_fee || now < self.free_cancel_until() {
            0
        } else {
            self.terms().late_fee.amount_minor.min(paid)
        };
        (paid, fee)
    }

    /// True once it was confirmed (paid), even if cancelled since.
    pub fn was_paid(&self) -> bool {
        self.status == "confirmed" || self.cancelled_from.as_deref() == Some("confirmed")
    }

    /// The venue's zone (Stockholm for a row whose venue names none it knows).
    fn tz(&self) -> Tz {
        self.timezone
            .parse()
            .unwrap_or(chrono_tz::Europe::Stockholm)
    }

    pub fn terms(&self) -> CancellationTerms {
        let fee = self.late_cancel_fee_minor.clamp(0, self.price_minor.max(0));
        let free_until = self.free_cancel_until();
        CancellationTerms {
            free_until,
            free_until_local: Some(free_until.with_timezone(&self.tz()).naive_local()),
            late_fee: self.money(fee),
            late_refund: self.money(self.price_minor - fee),
        }
    }

    /// What the cancellation did with the money, once cancelled by the rules.
    pub fn cancellation(&self) -> Option<CancellationOutcome> {
        let at = self.cancelled_at?;
        let fee = self.cancel_fee_minor.unwrap_or(0);
        let refund = self.refund_minor.unwrap_or(0);
        let paid = if self.cancelled_from.as_deref() == Some("confirmed") {
            self.price_minor
        } else {
            0
        };
        Some(CancellationOutcome {
            cancelled_at: instant(at),
            // A venue's closure is never the player's late cancellation.
            late: self.closure_reason.is_none()
                && at >= self.free_cancel_until.unwrap_or(self.starts_at),
            paid: self.money(paid),
            fee: self.money(fee),
            refund: self.money(refund),
            refund_status: if refund > 0 {
                self.refund_status
                    .clone()
                    .unwrap_or_else(|| "pending".into())
            } else {
                "none".into()
            },
            closure_reason: self
                .closure_reason
                .as_deref()
                .and_then(shared::operator::ClosureReason::parse),
        })
    }

    pub fn to_api(&self, now: DateTime<Utc>) -> Booking {
        let tz = self.tz();
        let (starts_at, ends_at) = (instant(self.starts_at), instant(self.ends_at));
        let status = self.status_at(now);
        Booking {
            id: self.id,
            status,
            venue_id: self.venue_id,
            venue_name: self.venue_name.clone(),
            court_id: self.court_id,
            court_name: self.court_name.clone(),
            starts_at,
            ends_at,
            local_date: grid::local_date(tz, starts_at),
            local_start: grid::local_hm(tz, starts_at),
            local_end: grid::local_hm(tz, ends_at),
            price: Money {
                amount_minor: self.price_minor,
                currency: self.currency.clone(),
            },
            pay_at_venue: self.pay_at_venue,
            name: self.name.clone(),
            email: self.email.clone(),
            hold_expires_at: if status == BookingStatus::Held {
                self.hold_expires_at.map(instant)
            } else {
                None
            },
            door_code: if status == BookingStatus::Confirmed {
                self.door_code.clone()
            } else {
                None
            },
            access_token: if status == BookingStatus::Confirmed {
                self.access_token.clone()
            } else {
                None
            },
            created_at: instant(self.created_at),
            cancellation_terms: matches!(status, BookingStatus::Held | BookingStatus::Confirmed)
                .then(|| self.terms()),
            cancellation: self.cancellation(),
            owner_key: None,
        }
    }
}

/// The bookings at a venue that have not started and still hold their
/// time (confirmed, or held and not lapsed), inside the caller's
/// transaction, as (court, starts_at, ends_at): what new opening hours
/// must still cover.
pub async fn upcoming_at_venue_in(
    tx: &mut Tx,
    venue_id: i64,
    now: i64,
) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    const SQL: &str = "SELECT b.court_id, b.starts_at, b.ends_at FROM bookings b JOIN courts c ON c.id = b.court_id \
         WHERE c.venue_id = $1 AND b.starts_at > $2 \
         AND (b.status = 'confirmed' OR (b.status = 'held' AND b.hold_expires_at > $2))";
    on_tx!(tx, tx => sqlx::query_as(SQL).bind(venue_id).bind(now).fetch_all(&mut **tx).await)
}

/// Every booking at a venue starting in `[from, to)` (Unix seconds) that is
/// or was a booking: confirmed, cancelled, or held with the hold running
/// (lapsed holds were never bookings), by start and court. For the desk.
pub async fn at_venue_between(
    db: &Db,
    venue_id: i64,
    from: i64,
    to: i64,
    now: i64,
) -> sqlx::Result<Vec<BookingRow>> {
    const SQL: &str = concat!(
        booking_select!(),
        "WHERE v.id = $1 AND b.starts_at >= $2 AND b.starts_at < $3 \
         AND (b.status IN ('confirmed', 'cancelled') OR (b.status = 'held' AND b.hold_expires_at > $4)) \
         ORDER BY b.starts_at, c.name, b.id LIMIT 5000"
    );
    on_db!(db, pool => sqlx::query_as::<_, BookingRow>(SQL)
        .bind(venue_id).bind(from).bind(to).bind(now).fetch_all(pool).await)
}

/// The language of an account, for what it is told.
pub async fn account_language(db: &Db, account_id: Uuid) -> sqlx::Result<Option<String>> {
    const SQL: &str = "SELECT language FROM accounts WHERE id = $1";
    on_db!(db, pool => sqlx::query_scalar::<_, String>(SQL)
        .bind(account_id).fetch_optional(pool).await)
}
