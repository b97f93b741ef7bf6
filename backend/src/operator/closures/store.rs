//! Closure SQL. A closure and everything it does to the bookings under it
//! are written in one transaction ([`close`]); so is a reopening with the
//! freed-slot events it announces ([`reopen`]).

use uuid::Uuid;

use super::super::audit;
use crate::{
    bookings::store::{self as bookings, Cancel, WriteOutcome},
    db::{Db, Tx},
    mail::{queue, Mail},
    on_db, on_tx,
    push::store::{enqueue_for_account_in, NewMessage},
};
use shared::BookingStatus;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClosureRow {
    pub id: Uuid,
    pub kind: String,
    pub venue_id: i64,
    pub court_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub reason: String,
    pub note: Option<String>,
    pub created_at: i64,
    pub reopened_at: Option<i64>,
    /// Bookings it cancelled.
    pub cancelled: i64,
}

macro_rules! closure_select {
    () => {
        "SELECT cl.id, cl.kind, cl.venue_id, cl.court_id, cl.starts_at, cl.ends_at, cl.reason, cl.note, cl.created_at, \
         cl.reopened_at, (SELECT COUNT(*) FROM bookings b WHERE b.closure_id = cl.id) AS cancelled FROM closures cl "
    };
}

/// The venue's closures that have not ended by `now`, and the last
/// `recent_s` seconds' others, soonest first.
pub async fn for_venue(db: &Db, venue_id: i64, since: i64) -> sqlx::Result<Vec<ClosureRow>> {
    const SQL: &str = concat!(
        closure_select!(),
        "WHERE cl.venue_id = $1 AND cl.ends_at > $2 ORDER BY cl.starts_at, cl.created_at"
    );
    on_db!(db, pool => sqlx::query_as(SQL).bind(venue_id).bind(since).fetch_all(pool).await)
}

pub async fn get(db: &Db, venue_id: i64, id: Uuid) -> sqlx::Result<Option<ClosureRow>> {
    const SQL: &str = concat!(closure_select!(), "WHERE cl.venue_id = $1 AND cl.id = $2");
    on_db!(db, pool => sqlx::query_as(SQL).bind(venue_id).bind(id).fetch_optional(pool).await)
}

/// A closure to write.
#[derive(Debug, Clone)]
pub struct NewClosure<'a> {
    pub id: Uuid,
    /// `closure` or `block`.
    pub kind: &'a str,
    pub venue_id: i64,
    pub court_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub reason: &'a str,
    pub note: Option<&'a str>,
    pub created_by: Uuid,
    pub now: i64,
}

impl NewClosure<'_> {
    /// Its audit-log entry (`closure.created` or `block.created`).
    /// `cancelled` bookings were cancelled, `refunded_minor` refunded in all.
    fn audit(
        &self,
        organisation_id: i64,
        cancelled: usize,
        refunded_minor: i64,
    ) -> audit::Entry<'static> {
        audit::Entry {
            organisation_id,
            actor_id: Some(self.created_by),
            action: if self.kind == "block" {
                "block.created"
            } else {
                "closure.created"
            },
            venue_id: Some(self.venue_id),
            subject: Some(self.id.to_string()),
            detail: serde_json::json!({
                "court_id": self.court_id, "starts_at": self.starts_at, "ends_at": self.ends_at,
                "reason": self.reason, "note": self.note, "cancelled_bookings": cancelled,
                "refunded_minor": refunded_minor,
            }),
            at: self.now,
        }
    }
}

/// A booking the closure cancels, with what its notice needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Affected {
    pub id: Uuid,
    pub status: String,
    pub court_id: i64,
    pub court_name: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub name: String,
    pub email: String,
    pub price_minor: i64,
    pub currency: String,
    pub account_id: Option<Uuid>,
    /// The account's language, if it was booked signed in.
    pub language: Option<String>,
    /// A Stripe payment succeeded for it (then Stripe refunds it).
    pub stripe_paid: i64,
}

impl Affected {
    pub fn paid(&self) -> bool {
        self.status == "confirmed"
    }
}

/// Takes the venue's closure lock for a closure or a reopening: on
/// PostgreSQL, exclusive against every hold and confirmation at the venue
/// ([`hold_off`]), so a closure never misses a booking being written.
pub(crate) async fn lock_venue(tx: &mut Tx, venue_id: i64) -> sqlx::Result<()> {
    tx.lock_key(VENUE_CLOSURES, venue_id).await
}

const VENUE_CLOSURES: &str = "venue-closures";

/// Taken first by every hold and confirmation on `court_id`: on PostgreSQL
/// the shared side of the venue's closure lock (holds do not wait on each
/// other; a closure waits for them and they for it). SQLite's write lock
/// already orders them.
pub async fn hold_off(tx: &mut Tx, court_id: i64) -> sqlx::Result<()> {
    const SQL: &str = "SELECT pg_advisory_xact_lock_shared(hashtextextended($1, venue_id)) FROM courts WHERE id = $2";
    match tx {
        Tx::Sqlite(_) => Ok(()),
        Tx::Postgres(tx) => sqlx::query(SQL)
            .bind(VENUE_CLOSURES)
            .bind(court_id)
            .execute(&mut **tx)
            .await
            .map(|_| ()),
    }
}

/// What a cancelled player is told: always a mail, and a push to their
/// devices when they booked signed in.
pub struct Notice {
    pub mail: Mail,
    pub push: Option<(Uuid, String)>,
}

/// What [`close`] did.
#[derive(Debug)]
pub enum Closed {
    /// Written; the bookings it cancelled (none for a block).
    Done(Vec<Affected>),
    /// A block over this many bookings: nothing written.
    Booked(usize),
}

/// Writes the closure, then cancels every booking under it that has not
/// started, refunded in full (the venue's doing), its credentials revoked,
/// and queues each player's [`Notice`] from `notice`: all in one
/// transaction, so a crash leaves either all of it or none. A block
/// cancels nothing: with bookings under it, nothing is written.
pub async fn close(
    db: &Db,
    c: &NewClosure<'_>,
    notice: impl Fn(&Affected) -> Notice,
) -> sqlx::Result<Closed> {
    const INSERT: &str = "INSERT INTO closures (id, venue_id, court_id, starts_at, ends_at, reason, note, created_by, created_at, kind) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    const AFFECTED: &str = "SELECT b.id, b.status, b.court_id, c.name AS court_name, b.starts_at, b.ends_at, b.name, b.email, \
         b.price_minor, b.currency, b.account_id, (SELECT a.language FROM accounts a WHERE a.id = b.account_id) AS language, \
         (SELECT COUNT(*) FROM payments p WHERE p.booking_id = b.id AND p.provider = 'stripe' AND p.status = 'succeeded') AS stripe_paid \
         FROM bookings b JOIN courts c ON c.id = b.court_id \
         WHERE c.venue_id = $1 AND (CAST($2 AS BIGINT) IS NULL OR b.court_id = $2) \
         AND b.starts_at < $4 AND b.ends_at > $3 AND b.starts_at > $5 \
         AND (b.status = 'confirmed' OR (b.status = 'held' AND b.hold_expires_at > $5)) \
         ORDER BY b.starts_at, b.id";
    let mut tx = db.begin_write().await?;
    lock_venue(&mut tx, c.venue_id).await?;
    let affected: Vec<Affected> = on_tx!(&mut tx, tx => {
        sqlx::query(INSERT)
            .bind(c.id).bind(c.venue_id).bind(c.court_id).bind(c.starts_at).bind(c.ends_at)
            .bind(c.reason).bind(c.note).bind(c.created_by).bind(c.now).bind(c.kind)
            .execute(&mut **tx).await?;
        sqlx::query_as(AFFECTED)
            .bind(c.venue_id).bind(c.court_id).bind(c.starts_at).bind(c.ends_at).bind(c.now)
            .fetch_all(&mut **tx).await?
    });
    if c.kind == "block" && !affected.is_empty() {
        // Dropped uncommitted: the block is not written.
        return Ok(Closed::Booked(affected.len()));
    }
    let mut cancelled = Vec::with_capacity(affected.len());
    for b in affected {
        let paid = if b.paid() { b.price_minor } else { 0 };
        let cancel = Cancel {
            id: b.id,
            from: if b.paid() {
                BookingStatus::Confirmed
            } else {
                BookingStatus::Held
            },
            at: c.now,
            fee_minor: 0,
            refund_minor: paid,
            currency: b.currency.clone(),
            refund_provider: if b.stripe_paid > 0 { "stripe" } else { "demo" },
            closure_id: Some(c.id),
        };
        // Cancelled by its player meanwhile: theirs, not ours, to tell.
        if bookings::cancel_in(&mut tx, &cancel).await? == WriteOutcome::Done {
            let Notice { mail, push } = notice(&b);
            queue::queue_in(&mut tx, &mail, c.now).await?;
            if let Some((account, payload)) = push {
                let message = NewMessage {
                    payload: &payload,
                    topic: None,
                    urgency: "high",
                    // Not worth showing once the booking would have started.
                    expires_at: b.starts_at,
                };
                enqueue_for_account_in(&mut tx, account, &message, c.now).await?;
            }
            cancelled.push(b);
        }
    }
    if let Some(org) = audit::organisation_of_venue(&mut tx, c.venue_id).await? {
        let refunded: i64 = cancelled
            .iter()
            .filter(|b| b.paid())
            .map(|b| b.price_minor)
            .sum();
        audit::record_in(&mut tx, &c.audit(org, cancelled.len(), refunded)).await?;
    }
    tx.commit().await?;
    Ok(Closed::Done(cancelled))
}

/// A slot a reopening frees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freed {
    pub court_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// Writes a freed-slot event (`reason`: `reopened`, `hours`) for each of
/// `slots` that no booking and no closure covers, inside the caller's
/// transaction (the venue's closure lock taken): what watchers are offered.
/// How many were written.
pub async fn free_in(tx: &mut Tx, slots: &[Freed], reason: &str, now: i64) -> sqlx::Result<u64> {
    const STILL_CLOSED: &str = "SELECT COUNT(*) FROM closures cl JOIN courts c ON c.id = $1 \
         AND cl.venue_id = c.venue_id AND (cl.court_id IS NULL OR cl.court_id = c.id) \
         WHERE cl.reopened_at IS NULL AND cl.starts_at < $3 AND cl.ends_at > $2";
    const BOOKED: &str =
        "SELECT COUNT(*) FROM bookings WHERE court_id = $1 AND starts_at < $3 AND ends_at > $2 \
         AND (status = 'confirmed' OR (status = 'held' AND hold_expires_at > $4))";
    const FREED: &str = "INSERT INTO slot_events (kind, reason, court_id, booking_id, starts_at, ends_at, created_at) \
         VALUES ('freed', $5, $1, NULL, $2, $3, $4)";
    on_tx!(tx, tx => {
        let mut freed = 0;
        for s in slots {
            let closed: i64 = sqlx::query_scalar(STILL_CLOSED)
                .bind(s.court_id).bind(s.starts_at).bind(s.ends_at).fetch_one(&mut **tx).await?;
            let booked: i64 = sqlx::query_scalar(BOOKED)
                .bind(s.court_id).bind(s.starts_at).bind(s.ends_at).bind(now).fetch_one(&mut **tx).await?;
            if closed == 0 && booked == 0 {
                sqlx::query(FREED).bind(s.court_id).bind(s.starts_at).bind(s.ends_at).bind(now).bind(reason)
                    .execute(&mut **tx).await?;
                freed += 1;
            }
        }
        Ok(freed)
    })
}

/// Lifts the closure and writes a freed-slot event for each of `slots`
/// that no booking and no other closure covers. `None` when it was lifted
/// already (nothing written). Commits.
pub async fn reopen(
    db: &Db,
    venue_id: i64,
    id: Uuid,
    by: Uuid,
    slots: &[Freed],
    now: i64,
) -> sqlx::Result<Option<u64>> {
    const LIFT: &str = "UPDATE closures SET reopened_at = $3, reopened_by = $4 \
         WHERE id = $1 AND venue_id = $2 AND reopened_at IS NULL";
    let mut tx = db.begin_write().await?;
    lock_venue(&mut tx, venue_id).await?;
    let lifted = on_tx!(&mut tx, tx => sqlx::query(LIFT).bind(id).bind(venue_id).bind(now).bind(by)
        .execute(&mut **tx).await?.rows_affected());
    if lifted == 0 {
        return Ok(None);
    }
    let freed = free_in(&mut tx, slots, "reopened", now).await?;
    if let Some(org) = audit::organisation_of_venue(&mut tx, venue_id).await? {
        let entry = audit::Entry {
            organisation_id: org,
            actor_id: Some(by),
            action: "closure.reopened",
            venue_id: Some(venue_id),
            subject: Some(id.to_string()),
            detail: serde_json::json!({ "freed_slots": freed }),
            at: now,
        };
        audit::record_in(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(Some(freed))
}

/// The venue's organisation, if the venue exists.
pub async fn venue_organisation(db: &Db, venue_id: i64) -> sqlx::Result<Option<Option<i64>>> {
    const SQL: &str = "SELECT organisation_id FROM venues WHERE id = $1";
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(venue_id).fetch_optional(pool).await)
}
