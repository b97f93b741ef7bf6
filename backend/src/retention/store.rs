//! The retention statements. Each deletes (or anonymises) at most `BATCH`
//! rows per statement and is repeated until fewer come back; `$1` is the
//! cutoff (Unix seconds), `$2` the batch size.

use crate::{db::Db, on_db};

const BATCH: i64 = 5000;

#[derive(Debug, Clone, Copy)]
pub enum Purge {
    Sessions,
    SignInCodes,
    Ceremonies,
    PushMessages,
    Mails,
    AccessEntries,
    WebhookEvents,
    UnpaidHolds,
    AuditLog,
    HoldCounts,
}

impl Purge {
    fn sql(self) -> &'static str {
        match self {
            // A session is over at its end or its expiry, whichever came first.
            Purge::Sessions => {
                "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions \
                 WHERE (ended_at IS NOT NULL AND ended_at < $1) OR expires_at < $1 LIMIT $2)"
            }
            // Used (or retired) codes and expired ones. The per-address send
            // limit counts codes of the last hour, and every period is at
            // least an hour, so the count stays right.
            Purge::SignInCodes => {
                "DELETE FROM sign_in_codes WHERE id IN (SELECT id FROM sign_in_codes \
                 WHERE (used_at IS NOT NULL AND used_at < $1) OR expires_at < $1 LIMIT $2)"
            }
            Purge::Ceremonies => {
                "DELETE FROM webauthn_challenges WHERE id IN (SELECT id FROM webauthn_challenges \
                 WHERE expires_at < $1 LIMIT $2)"
            }
            // Delivered or given up (`sent_at` is when it was settled), or
            // still pending long past its expiry (no worker ran).
            Purge::PushMessages => {
                "DELETE FROM push_outbox WHERE id IN (SELECT id FROM push_outbox \
                 WHERE (status <> 'pending' AND sent_at < $1) OR expires_at < $1 LIMIT $2)"
            }
            // Sent or given up; a pending mail stays until the worker settles it.
            Purge::Mails => {
                "DELETE FROM mail_outbox WHERE id IN (SELECT id FROM mail_outbox \
                 WHERE status <> 'pending' AND sent_at < $1 LIMIT $2)"
            }
            // `event_id` de-duplicates a controller's re-sent batch; a batch
            // re-sent after this long would only be stored again.
            Purge::AccessEntries => {
                "DELETE FROM access_entries WHERE event_id IN (SELECT event_id FROM access_entries \
                 WHERE received_at < $1 LIMIT $2)"
            }
            // Stripe retries a webhook for 3 days and a signature is only
            // accepted within 5 minutes of its timestamp, so an id older than
            // the period can never be delivered again.
            Purge::WebhookEvents => {
                "DELETE FROM stripe_events WHERE event_id IN (SELECT event_id FROM stripe_events \
                 WHERE received_at < $1 LIMIT $2)"
            }
            // A hold nobody paid for (lapsed, or cancelled while held) is no
            // accounting record: its name and e-mail go, the row (court,
            // time, price) stays for statistics and for the slot events and
            // payments that point at it. Not while a payment for it may still
            // be live or was refunded (any payment row not `canceled`).
            // A hold counts against its client and person for 15 minutes;
            // after that the row (a client's address, an account id) is of
            // no use.
            Purge::HoldCounts => {
                "DELETE FROM hold_events WHERE id IN (SELECT id FROM hold_events WHERE at < $1 LIMIT $2)"
            }
            Purge::AuditLog => {
                "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE created_at < $1 LIMIT $2)"
            }
            Purge::UnpaidHolds => {
                "UPDATE bookings SET name = '', email = '', email_key = NULL, phone = NULL WHERE id IN ( \
                 SELECT b.id FROM bookings b \
                 WHERE (b.status = 'expired' OR (b.status = 'cancelled' AND b.cancelled_from = 'held')) \
                 AND (b.name <> '' OR b.email <> '' OR b.phone IS NOT NULL) \
                 AND COALESCE(b.cancelled_at, b.hold_expires_at, b.created_at) < $1 \
                 AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.booking_id = b.id AND p.status <> 'canceled') \
                 AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.booking_id = b.id) \
                 LIMIT $2)"
            }
        }
    }
}

/// Runs one purge statement in batches until it is done; rows affected.
pub async fn run(db: &Db, purge: Purge, cutoff: i64) -> sqlx::Result<u64> {
    batched(db, purge.sql(), cutoff).await
}

async fn batched(db: &Db, sql: &'static str, cutoff: i64) -> sqlx::Result<u64> {
    let mut total = 0;
    loop {
        let n = on_db!(db, pool => sqlx::query(sql).bind(cutoff).bind(BATCH)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        total += n;
        if n < BATCH as u64 {
            return Ok(total);
        }
    }
}

/// Freed-slot events past their retention that no consumer still needs: an
/// event the offer worker (watches) has not considered yet (`considered_at`
/// unset), or one an offer run still points at, is kept whatever its age.
pub async fn purge_slot_events(db: &Db, cutoff: i64) -> sqlx::Result<u64> {
    const EVENTS: &str = "DELETE FROM slot_events WHERE id IN (SELECT e.id FROM slot_events e \
         WHERE e.ends_at < $1 AND e.created_at < $1 AND e.considered_at IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM offer_runs r WHERE r.slot_event_id = e.id) LIMIT $2)";
    batched(db, EVENTS, cutoff).await
}

/// Finished offer runs whose slot ended before the cutoff, with their offers
/// (which account was offered which slot). A run still active is kept
/// whatever its age; the fairness order (`watch_fairness`, one time per
/// account) is not history and stays.
pub async fn purge_offer_runs(db: &Db, cutoff: i64) -> sqlx::Result<u64> {
    const OFFERS: &str = "DELETE FROM offers WHERE run_id IN (SELECT id FROM offer_runs \
         WHERE state = 'done' AND ends_at < $1 LIMIT $2)";
    const RUNS: &str = "DELETE FROM offer_runs WHERE id IN (SELECT r.id FROM offer_runs r \
         WHERE r.state = 'done' AND r.ends_at < $1 \
         AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.run_id = r.id) LIMIT $2)";
    batched(db, OFFERS, cutoff).await?;
    batched(db, RUNS, cutoff).await
}
